/*
 * hostile_bench.c — contrib/bench/hostile: what the hostile inputs of the
 * unit tests cost (test_mime, test_html, test_fields, test_resume; built
 * by the same code, tests/support/build.c), each against a benign input
 * of about the same size read by the same parser in the same run.  The
 * tests check only what these inputs give (rejected with the right
 * reason, the text kept, the output capped); how long they take is
 * measured here, as ratios, because the machines are noisy and the suite
 * also runs under valgrind.
 *
 * One line per case:
 *   NAME: hostile X s, reference Y s, ratio R (target <= T)
 * then how many cases met their targets.  The case "mail 50 KB" is not
 * hostile: the mail of the old speed test, mime_parse against libetpan's
 * bare mailmime_parse of the same bytes (as contrib/bench/ingest does).
 *
 * Times are process CPU time (CLOCK_PROCESS_CPUTIME_ID: nothing measured
 * here sleeps or forks, and CPU time is what other processes on a shared
 * machine disturb least), per call, the best of 3 batches; the hostile and
 * reference batches alternate, and a batch repeats the call until it has
 * taken MIN_BATCH seconds so that short calls stay above the clock's
 * noise.  A call that takes more than SLOW_CALL seconds is measured once:
 * a quadratic case shows with one sample and the bench still ends.
 *
 * Each hostile input is checked to have the outcome the unit tests expect
 * (and each reference to be accepted): otherwise the figure would not be
 * what its name says, and the line says so.
 *
 * usage: hostile_bench [WORD...]   only the cases whose name contains one
 *        of the words.  Exits 0 whatever the ratios (a benchmark, not a
 *        test); 1 when an outcome was not the expected one, 2 on usage.
 *
 * SECURITY: builds its own inputs in memory; reads no file, no network.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "fields.h"
#include "html.h"
#include "limit.h"
#include "mail.h"
#include "mime.h"
#include "resume.h"
#include "util.h"

#include "../../tests/support/build.h"

#define MIN_BATCH 0.02          /* seconds a batch of calls lasts at least */
#define SLOW_CALL 20.0          /* seconds: one sample is enough */
#define HTML_MAX  (1024 * 1024) /* html_to_text's ceiling in test_html */
#define MB        (1024u * 1024)

/*
 * Targets.  A quadratic algorithm on these inputs (10^4 to 10^7 units)
 * would be hundreds to millions of times slower than the linear benign
 * reference, so a small constant is what "linear, not quadratic" looks
 * like:
 *   LINEAR (<= 10)  the hostile input is read to its end, like the
 *                   reference; per byte it may cost a few times more
 *                   (more tokens, more lines, more state changes), not
 *                   more than 10.
 *   STOPS (<= 1)    the hostile input is rejected at a limit, so it must
 *                   not cost more than reading a benign input of its size.
 *   AT_ONCE (<= 0.01) rejected by its size alone or by a declared size,
 *                   before any parsing: a hundredth of the reference at
 *                   most.
 */
#define LINEAR  10.0
#define STOPS   1.0
#define AT_ONCE 0.01
/* mime_parse of a 50 KB mail against libetpan's bare parse: mime_parse
 * runs that same parse, then transfer-decodes every part, converts and
 * cleans the text to UTF-8 and copies the headers; libetpan only finds
 * the part boundaries (~1.5 GB/s, contrib/bench/README.md).  Those extra
 * passes over each byte may cost 10 times the bare parse, not more. */
#define MAIL_VS_ETPAN 10.0

enum parser { P_MIME, P_ETPAN, P_HTML, P_FIELDS, P_DOCX, P_RTF };

/* an input and the limits it is read with */
struct input {
	char *data;
	size_t len;
	struct limits lim;
};

static char **filter;
static int nfilter;
static unsigned n_cases, n_met, n_odd;

static double
cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
wanted(const char *name)
{
	int i;

	if (nfilter == 0)
		return 1;
	for (i = 0; i < nfilter; i++)
		if (strstr(name, filter[i]) != NULL)
			return 1;
	return 0;
}

static void
input_take(struct input *in, struct buf *b)
{
	in->len = b->len;
	in->data = buf_steal(b);
	limit_defaults(&in->lim);
}

/* input_of: len bytes of data (the input's now), default limits */
static void
input_of(struct input *in, char *data, size_t len)
{
	in->data = data;
	in->len = len;
	limit_defaults(&in->lim);
}

static void
input_free(struct input *in)
{
	free(in->data);
	in->data = NULL;
}

/* run_once: one call; NULL when the input was accepted, else the reason */
static const char *
run_once(enum parser p, const struct input *in)
{
	const char *err = NULL;

	switch (p) {
	case P_MIME: {
		struct mail *m = NULL;

		if (mime_parse(in->data, in->len, &in->lim, &m, &err) !=
		    MIME_OK)
			return err != NULL ? err : "(rejected, no reason)";
		mail_free(m);
		return NULL;
	}
	case P_ETPAN: {
		struct mailmime *mime = NULL;
		size_t idx = 0;

		if (mailmime_parse(in->data, in->len, &idx, &mime) !=
		    MAILIMF_NO_ERROR)
			return "libetpan: cannot parse";
		mailmime_free(mime);
		return NULL;
	}
	case P_HTML:
		free(html_to_text(in->data, in->len, HTML_MAX));
		return NULL;
	case P_FIELDS: {
		struct field_set fs;

		fields_parse_text(in->data, in->len, &in->lim, &fs);
		fields_free(&fs);
		return NULL;
	}
	case P_DOCX:
	case P_RTF: {
		char *text = NULL;

		if (resume_text(p == P_DOCX ? RESUME_DOCX : RESUME_RTF,
		    (const unsigned char *)in->data, in->len, &in->lim, &text,
		    &err) < 0)
			return err != NULL ? err : "(failed, no reason)";
		free(text);
		return NULL;
	}
	}
	return NULL;
}

/* reps: calls per batch so that a batch lasts MIN_BATCH */
static unsigned long
reps_for(double once)
{
	double r;

	if (once >= MIN_BATCH)
		return 1;
	r = MIN_BATCH / (once > 1e-7 ? once : 1e-7) + 1;
	return r > 1e6 ? 1000000ul : (unsigned long)r;
}

static double
batch(enum parser p, const struct input *in, unsigned long reps)
{
	double t0 = cpu_now();
	unsigned long i;

	for (i = 0; i < reps; i++)
		(void)run_once(p, in);
	return (cpu_now() - t0) / (double)reps;
}

/* an expected outcome: accepted or rejected (with any reason) */
static const char either[] = "accepted or rejected";

static int
same_outcome(const char *got, const char *want)
{
	if (want == either)
		return 1;
	if (got == NULL || want == NULL)
		return got == want;
	return strcmp(got, want) == 0;
}

/*
 * compare: times h (read by ph) and r (read by pr), prints the line and
 * frees both.  expect: the reason h is rejected with, NULL if accepted.
 */
static void
compare(const char *name, const char *label, enum parser ph,
    struct input *h, enum parser pr, struct input *r, const char *expect,
    double target)
{
	const char *got_h, *got_r;
	double t0, once_h, once_r, th, tr, t, ratio;
	unsigned long reps_h, reps_r;
	int k;

	/* the first call of each: the outcome, and how long a call takes */
	t0 = cpu_now();
	got_h = run_once(ph, h);
	once_h = cpu_now() - t0;
	t0 = cpu_now();
	got_r = run_once(pr, r);
	once_r = cpu_now() - t0;
	th = once_h;
	tr = once_r;
	reps_h = reps_for(once_h);
	reps_r = reps_for(once_r);
	for (k = 0; k < 3; k++) {
		if (once_h < SLOW_CALL) {
			t = batch(ph, h, reps_h);
			if (k == 0 || t < th)
				th = t;
		}
		if (once_r < SLOW_CALL) {
			t = batch(pr, r, reps_r);
			if (k == 0 || t < tr)
				tr = t;
		}
	}
	n_cases++;
	ratio = tr > 0 ? th / tr : 0;
	if (!same_outcome(got_h, expect) || got_r != NULL) {
		n_odd++;
		printf("%s: UNEXPECTED OUTCOME: hostile %s (expected %s), "
		    "reference %s\n", name, got_h ? got_h : "accepted",
		    expect ? expect : "accepted", got_r ? got_r : "accepted");
	} else if (ratio <= target)
		n_met++;
	printf("%s: %s %.3g s, reference %.3g s, ratio %.3g (target <= %g)%s\n",
	    name, label, th, tr, ratio, target,
	    ratio <= target ? "" : " -- NOT MET");
	fflush(stdout);
	input_free(h);
	input_free(r);
}

/* ---- benign text ---- */

/* a recruiter's vocabulary, a few letters beyond ASCII among it */
#define VOCABULARY(zue, mue, eacute, egrave) \
	"experienced", "finance", "director", "Z" zue "rich", "team", \
	"with", "the", "and", "of", "responsible", "for", "reporting", \
	"controlling", "group", "twelve", "years", "in", "banking", \
	"insurance", "M" mue "nchen", "leads", "a", "department", \
	"strategy", "budget", "candidates", "interview", "salary", \
	"n" eacute "gociation", "Gen" egrave "ve", "board", "member", \
	"since", "2015"
static const char *const words_utf8[] = {
	VOCABULARY("\xc3\xbc", "\xc3\xbc", "\xc3\xa9", "\xc3\xa8")
};
static const char *const words_rtf[] = {
	VOCABULARY("\\'fc", "\\u252?", "\\'e9", "\\'e8")
};

/*
 * prose_of: lines of words (a deterministic jumble of the vocabulary)
 * until at least size bytes were appended, each line between pre and
 * post.  Returns the bytes of words and spaces written, a newline per
 * line counted: about the text a reader gives back.
 */
static size_t
prose_of(const char *const *words, size_t nwords, struct buf *b,
    size_t size, const char *pre, const char *post)
{
	uint32_t x = 2463534242u;
	size_t end = b->len + size, text = 0, line;
	const char *w;

	while (b->len < end) {
		buf_puts(b, pre);
		for (line = 0; line < 64;) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			w = words[x % nwords];
			if (line > 0) {
				buf_putc(b, ' ');
				line++;
			}
			buf_puts(b, w);
			line += strlen(w);
		}
		buf_puts(b, post);
		text += line + 1;
	}
	return text;
}

/* prose: the same in UTF-8 */
static size_t
prose(struct buf *b, size_t size, const char *pre, const char *post)
{
	return prose_of(words_utf8, ARRAY_SIZE(words_utf8), b, size, pre,
	    post);
}

/* plain_mail: a text/plain mail of about size bytes */
static void
plain_mail(size_t size, struct input *in)
{
	struct buf b;

	buf_init(&b, 0);
	buf_puts(&b, "From: Anna Berg <anna@example.com>\n"
	    "To: careers@rma-search.example\nSubject: Bewerbung\n"
	    "Content-Type: text/plain; charset=utf-8\n\n");
	prose(&b, size > b.len ? size - b.len : 0, "", "\n");
	input_take(in, &b);
}

/* part_mail: a multipart mail, one text/plain part of about size bytes */
static void
part_mail(size_t size, struct input *in)
{
	struct buf b;

	buf_init(&b, 0);
	buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain; charset=\"utf-8\"\n\n");
	prose(&b, size > b.len + 6 ? size - b.len - 6 : 0, "", "\n");
	buf_puts(&b, "--b--\n");
	input_take(in, &b);
}

/* ---- mime_parse (test_mime) ---- */

/* mime: hostile built in b (default limits) against a plain mail of the
 * same size */
static void
mime_case(const char *name, struct buf *b, const char *expect,
    double target)
{
	struct input h, r;

	input_take(&h, b);
	plain_mail(h.len, &r);
	compare(name, "hostile", P_MIME, &h, P_MIME, &r, expect, target);
}

static void
bench_mime(void)
{
	static const char deep[] = "MIME nesting deeper than max_mime_depth";
	static const char parts[] = "more than max_parts MIME parts";
	struct input h, r;
	struct buf b;
	size_t i, len;
	char *s;

	/*
	 * Nesting and part counts: mime_parse copies the message once, then
	 * its linear pre-scan counts depth and parts and rejects at the
	 * limit, before libetpan sees anything: STOPS.
	 */
	if (wanted("mime nesting 10,000 multiparts")) {
		buf_init(&b, 0);
		buf_puts(&b, "From: a@example.com\n");
		build_nested_multiparts(&b, 10000, "x");
		mime_case("mime nesting 10,000 multiparts", &b, deep, STOPS);
	}
	if (wanted("mime nesting 10,000 messages")) {
		buf_init(&b, 0);
		build_nested_messages(&b, 10000);
		mime_case("mime nesting 10,000 messages", &b, deep, STOPS);
	}
	if (wanted("mime 100,000 parts")) {
		buf_init(&b, 0);
		build_many_parts(&b, 100000);
		mime_case("mime 100,000 parts", &b, parts, STOPS);
	}
	if (wanted("mime 100,000 empty parts")) {
		buf_init(&b, 0);
		build_empty_parts(&b, 100000);
		mime_case("mime 100,000 empty parts", &b, parts, STOPS);
	}
	if (wanted("mime 100,000 close lines")) {
		buf_init(&b, 0);
		build_close_lines(&b, 100000);
		mime_case("mime 100,000 close lines", &b, parts, STOPS);
	}

	/*
	 * A 10 MB header field: over max_header_len (64 kB), rejected once
	 * that field is found too long; a plain mail of 10 MB is read to its
	 * end (its text cut at max_text): STOPS.
	 */
	for (i = 0; i < BUILD_N_HEADERS; i++) {
		const struct build_header *l = &build_headers[i];
		char *name = xasprintf("mime 10 MB header line \"%s%c%c%c...\"",
		    l->head, l->fill, l->fill, l->fill);

		if (wanted(name)) {
			s = build_header_bomb(i, 10 * MB, &len);
			input_of(&h, s, len);
			plain_mail(h.len, &r);
			compare(name, "hostile", P_MIME, &h, P_MIME, &r,
			    "a header field longer than max_header_len", STOPS);
		}
		free(name);
	}

	/* a million short fields (22 MB, accepted, the first 1,000 kept)
	 * against a 22 MB body: LINEAR */
	if (wanted("mime a million header fields")) {
		buf_init(&b, 0);
		build_many_fields(&b, 1000000);
		mime_case("mime a million header fields", &b, NULL, LINEAR);
	}

	/* a 10 MB comment in a part's Content-Type (accepted: a part
	 * header is not a message header) against a multipart mail with a
	 * 10 MB part: LINEAR */
	if (wanted("mime 10 MB comment bomb in a part header")) {
		s = build_comment_bomb(10 * MB, &len);
		input_of(&h, s, len);
		part_mail(h.len, &r);
		compare("mime 10 MB comment bomb in a part header", "hostile",
		    P_MIME, &h, P_MIME, &r, NULL, LINEAR);
	}

	/* 60 MB: over max_message_size (25 MB), rejected by its length
	 * alone; the reference is a plain mail of 60 MB read with the
	 * ceiling raised to 64 MB: AT_ONCE */
	if (wanted("mime 60 MB message")) {
		s = build_big_message(60 * MB, &len);
		input_of(&h, s, len);
		plain_mail(h.len, &r);
		r.lim.max_message_size = 64 * MB;
		compare("mime 60 MB message", "hostile", P_MIME, &h, P_MIME, &r,
		    "message larger than max_message_size", AT_ONCE);
	}
}

/* the mail of the old test_speed: text, HTML and a base64 attachment */
static void
bench_mail50k(void)
{
	static const char name[] = "mail 50 KB, mime_parse vs libetpan";
	struct input h, r;
	struct buf b;
	int i;

	if (!wanted(name))
		return;
	buf_init(&b, 0);
	buf_puts(&b, "From: Anna Berg <anna@example.com>\n"
	    "To: careers@rma-search.example\nSubject: Bewerbung\n"
	    "Content-Type: multipart/mixed; boundary=m\n\n"
	    "--m\nContent-Type: multipart/alternative; boundary=a\n\n"
	    "--a\nContent-Type: text/plain; charset=utf-8\n\n");
	for (i = 0; i < 150; i++)
		buf_puts(&b, "Sehr geehrte Damen und Herren, anbei mein "
		    "Lebenslauf.\n");
	buf_puts(&b, "--a\nContent-Type: text/html; charset=utf-8\n\n"
	    "<html><body>");
	for (i = 0; i < 150; i++)
		buf_puts(&b, "<p>Sehr geehrte Damen und Herren, anbei mein "
		    "Lebenslauf.</p>\n");
	buf_puts(&b, "</body></html>\n--a--\n--m\n"
	    "Content-Type: application/pdf\n"
	    "Content-Disposition: attachment; filename=cv.pdf\n"
	    "Content-Transfer-Encoding: base64\n\n");
	for (i = 0; i < 500; i++)
		buf_puts(&b, "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVu"
		    "Z3RoIDMgMCBSL0Zp\n");
	buf_puts(&b, "--m--\n");
	input_take(&h, &b);
	r = h;
	r.data = xmemdup0(h.data, h.len);
	compare(name, "mime_parse", P_MIME, &h, P_ETPAN, &r, NULL,
	    MAIL_VS_ETPAN);
}

/* ---- html_to_text (test_html) ---- */

static void
bench_html(void)
{
	struct input h, r;
	struct buf b;
	size_t i, len;
	char *s;

	/* 100,000 open elements (kept on libxml2's heap, see html.c)
	 * against paragraphs of text of the same size: LINEAR */
	for (i = 0; i < BUILD_N_HTML_NESTS; i++) {
		char *name = xasprintf("html %s x100000", build_html_nests[i]);

		if (wanted(name)) {
			s = build_repeat(build_html_nests[i], 100000,
			    "deep text", &len);
			input_of(&h, s, len);
			buf_init(&b, 0);
			prose(&b, h.len, "<p>", "</p>\n");
			input_take(&r, &b);
			compare(name, "hostile", P_HTML, &h, P_HTML, &r, NULL,
			    LINEAR);
		}
		free(name);
	}
}

/* ---- fields_parse_text (test_fields) ---- */

static void
bench_fields(void)
{
	size_t n = 4 * MB, i, k;
	struct input h, r;
	struct buf b;

	/* 4 MB of one unit repeated against 4 MB of prose: LINEAR.  The
	 * work goes by line, and prose has lines of ~70 bytes: units of 5 to
	 * 10 bytes a line give 7 to 14 times as many lines per MB, so their
	 * ratios are the highest while still linear (the time per byte stays
	 * the same from 1 to 16 MB; see README.md) */
	for (k = 0; k < BUILD_N_FIELD_UNITS; k++) {
		char *shown = xstrdup(build_field_units[k]), *name;

		for (i = 0; shown[i] != '\0'; i++)
			if (shown[i] == '\n')
				shown[i] = '|';
		name = xasprintf("fields 4 MB of \"%s\"", shown);
		free(shown);
		if (wanted(name)) {
			input_of(&h, build_cycle(build_field_units[k], n), n);
			buf_init(&b, 0);
			prose(&b, n, "", "\n");
			input_take(&r, &b);
			compare(name, "hostile", P_FIELDS, &h, P_FIELDS, &r,
			    NULL, LINEAR);
		}
		free(name);
	}
}

/* ---- resume_text: DOCX and zip bombs, RTF (test_resume) ---- */

/*
 * docx_sized: an ordinary DOCX (paragraphs of prose) whose archive is
 * about size bytes: the document is scaled until the archive is within
 * 5 % of it.
 */
static void
docx_sized(size_t size, struct input *in)
{
	size_t doc = size * 3, len;
	struct buf b;
	unsigned char *z;
	int tries;

	for (tries = 0;; tries++) {
		buf_init(&b, 0);
		buf_puts(&b, BUILD_W_HEAD);
		prose(&b, doc, "<w:p><w:r><w:t>", "</w:t></w:r></w:p>");
		buf_puts(&b, BUILD_W_TAIL);
		z = build_docx(b.data, &len);
		input_of(in, (char *)z, len);
		buf_free(&b);
		if (tries == 5 || (in->len * 20 >= size * 19 &&
		    in->len * 20 <= size * 21))
			return;
		doc = (size_t)((double)doc * (double)size / (double)in->len);
		input_free(in);
	}
}

static void
bench_resume(void)
{
	static const char rtf_unit[] = "\\'e9a\\u233?{\\f9}\\par ";
	struct input h, r;
	struct buf b;
	unsigned char *z;
	size_t text, len;

	/* entities nested 7 deep (872 MB if expanded), never expanded:
	 * libxml2 refuses the document ("xml: cannot parse") or, depending
	 * on its version, reads it with the reference left out; against an
	 * ordinary DOCX of the same archive size: LINEAR (either way no more
	 * than parsing ~1 kB of XML) */
	if (wanted("docx billion laughs")) {
		z = build_docx(build_docx_laughs, &len);
		input_of(&h, (char *)z, len);
		docx_sized(h.len, &r);
		compare("docx billion laughs", "hostile", P_DOCX, &h, P_DOCX,
		    &r, either, LINEAR);
	}

	/* 200 MB of zeros in ~200 kB: the directory says 200 MB, over
	 * max_zip_entry (32 MB), so nothing is inflated; against an
	 * ordinary DOCX of the same archive size: AT_ONCE */
	if (wanted("zip bomb 200 MB")) {
		z = build_zip_bomb(200 * MB, &len);
		input_of(&h, (char *)z, len);
		docx_sized(h.len, &r);
		compare("zip bomb 200 MB", "hostile", P_DOCX, &h, P_DOCX, &r,
		    "zip entry too large", AT_ONCE);
	}

	/* 8 MB of zeros that the directory says are 100 bytes, read with
	 * max_zip_entry 64 kB: inflating stops at 64 kB; against an ordinary
	 * DOCX of the same archive size (which inflates to less than 64 kB)
	 * read with the same limits: STOPS */
	if (wanted("zip bomb lying 8 MB")) {
		z = build_zip_bomb(8 * MB, &len);
		build_zip_lie(z, len, "word/document.xml", 100);
		input_of(&h, (char *)z, len);
		h.lim.max_zip_entry = 64 * 1024;
		docx_sized(h.len, &r);
		r.lim.max_zip_entry = 64 * 1024;
		compare("zip bomb lying 8 MB", "hostile", P_DOCX, &h, P_DOCX,
		    &r, "zip entry too large", STOPS);
	}

	/* 4 MB of \'e9 \u233 groups and \par: 6 bytes of text per 22 bytes,
	 * cut at max_resume_text (1 MB) like the reference, an ordinary RTF
	 * with the same amount of text (prose, a \par per line, an accent
	 * per few words): LINEAR (the hostile one reaches the ceiling after
	 * ~3.7 MB of input, the reference after ~1.1 MB) */
	if (wanted("rtf 4 MB")) {
		buf_init(&b, 0);
		buf_puts(&b, "{\\rtf1\\ansicpg1252 ");
		while (b.len < 4 * MB)
			buf_puts(&b, rtf_unit);
		text = (b.len / (sizeof(rtf_unit) - 1)) * 6;
		buf_putc(&b, '}');
		input_take(&h, &b);
		buf_init(&b, 0);
		buf_puts(&b, "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0"
		    "\\fswiss Arial;}}\\pard\\plain\\f0\\fs22 ");
		while (text > 0) {
			size_t got = prose_of(words_rtf, ARRAY_SIZE(words_rtf),
			    &b, 4096, "", "\\par\n");

			text -= got < text ? got : text;
		}
		buf_putc(&b, '}');
		input_take(&r, &b);
		compare("rtf 4 MB of \\'e9\\u233?{\\f9}\\par", "hostile", P_RTF,
		    &h, P_RTF, &r, NULL, LINEAR);
	}
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-') {
			fprintf(stderr, "usage: hostile_bench [WORD...]\n");
			return 2;
		}
	filter = argv + 1;
	nfilter = argc - 1;
	bench_mime();
	bench_mail50k();
	bench_html();
	bench_fields();
	bench_resume();
	printf("%u of %u cases met their targets", n_met, n_cases);
	if (n_odd > 0)
		printf("; %u with an unexpected outcome", n_odd);
	printf("\n");
	return n_odd > 0 ? 1 : 0;
}

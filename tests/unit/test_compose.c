/* test_compose.c — outgoing messages: every composed mail is parsed back
 * with mime_parse and checked (headers, decoded subject and names, exact
 * bodies, line lengths, CRLF), plus header-injection attempts. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compose.h"
#include "mime.h"
#include "util.h"

#include "../support/build.h"

static void
base(struct compose_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->from = "\"Acme Recruiting\" <news@acme.example>";
	m->to_addr = "jane@example.org";
	m->to_name = "Jane Doe";
	m->subject = "Issue 1";
	m->message_id_domain = "acme.example";
	m->list_id = "news.acme.example";
	m->unsub_mailto = "unsubscribe+tok@acme.example";
	m->unsub_url = "https://acme.example/u/tok";
	m->bulk = 1;
	m->text = "Hello\n";
	m->html = "<p>Hello</p>\n";
	m->date = 1700000000;
}

/* check_lines: every line ends in CRLF, <= 998 everywhere, <= 78 in the
 * header, <= 76 in the body (all QP here), no bare CR or LF. */
static void
check_lines(const char *raw, size_t len, const char *what)
{
	size_t i, start = 0;
	int in_body = 0;

	for (i = 0; i < len; i++) {
		if (raw[i] == '\r') {
			if (i + 1 >= len || raw[i + 1] != '\n')
				fail_msg("%s: bare CR at %zu", what, i);
			size_t l = i - start;

			if (l > 998)
				fail_msg("%s: line of %zu", what, l);
			if (!in_body && l > 78)
				fail_msg("%s: header line of %zu: %.*s", what, l,
				    (int)l, raw + start);
			if (in_body && l > 76)
				fail_msg("%s: body line of %zu: %.*s", what, l,
				    (int)l, raw + start);
			if (l == 0)
				in_body = 1;
			i++;
			start = i + 1;
		} else if (raw[i] == '\n')
			fail_msg("%s: bare LF at %zu", what, i);
	}
	if (start != len)
		fail_msg("%s: last line without CRLF", what);
}

/* lf: CRLF line ends as LF (the parser hands parts back with LF) */
static char *
lf(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (; *s; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			buf_putc(&b, *s);
	return buf_steal(&b);
}

static struct mail *
roundtrip(const struct compose_msg *m, struct buf *raw, const char *what)
{
	struct mail *mail = NULL;
	const char *err = NULL;
	char *cerr = NULL;

	buf_init(raw, 0);
	if (compose_message(m, raw, &cerr) != 0)
		fail_msg("%s: compose failed: %s", what, cerr);
	check_lines(raw->data, raw->len, what);
	if (mime_parse(raw->data, raw->len, NULL, &mail, &err) != MIME_OK)
		fail_msg("%s: parse failed: %s", what, err);
	return mail;
}


static const struct mail_part *
part(const struct mail *m, const char *type)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (strcmp(m->parts[i].content_type, type) == 0)
			return &m->parts[i];
	return NULL;
}

static void
check_part(const struct mail *m, const char *type, const char *want,
    const char *what)
{
	const struct mail_part *p = part(m, type);
	char *w = lf(want);

	if (p == NULL)
		fail_msg("%s: no %s part", what, type);
	if (p->len != strlen(w) || memcmp(p->data, w, p->len) != 0)
		fail_msg("%s: %s differs:\n[%.*s]\nwant\n[%s]", what, type,
		    (int)p->len, (const char *)p->data, w);
	free(w);
}

/* ---- headers ---- */

static const char *const texts[] = {
	"Issue 1",
	"Neue Stellen für Ingenieure – Ausgabe Nr. 12: Größe zählt",
	"求人情報：今週のおすすめ案件と転職市場の動向についてのお知らせです",
	"🚀 Karriere-Update 🎉 mit Emoji 👩‍💻",
	"A very long plain ASCII subject line that goes on and on about "
	"leadership, hiring, careers, interviews, salaries and much more "
	"than any reasonable mail client would show in one line",
	"Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryvery"
	"longwordwithoutanyspaceatallthatcannotbefoldedanywhere ok",
	"Looks =?utf-8?q?encoded?= but is not",
	"quotes \"and\" back\\slash, commas; <angles> @ (parens)",
	"x",
	/* fuzz regression: quoting doubles it past a line */
	"<\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"p>htm",
};

static void
test_subject_and_names(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct compose_msg m;
		struct buf raw;
		struct mail *mail;
		char from[1024], what[64];

		base(&m);
		m.subject = texts[i];
		m.to_name = texts[i];
		snprintf(from, sizeof(from), "\"%s\" <news@acme.example>",
		    strstr(texts[i], "\"") ? "Acme" : texts[i]);
		m.from = from;
		snprintf(what, sizeof(what), "text %zu", i);
		mail = roundtrip(&m, &raw, what);
		if (mail->subject == NULL || strcmp(mail->subject, texts[i]))
			fail_msg("%s: subject [%s] want [%s]", what,
			    mail->subject ? mail->subject : "(null)", texts[i]);
		assert_non_null(mail->from_addr);
		assert_string_equal(mail->from_addr, "news@acme.example");
		if (!strstr(texts[i], "\"")) {
			if (mail->from_name == NULL ||
			    strcmp(mail->from_name, texts[i]) != 0)
				fail_msg("%s: from name [%s]", what,
				    mail->from_name ? mail->from_name : "(null)");
		}
		assert_int_equal(mail->n_rcpt, 1);
		assert_string_equal(mail->rcpt[0], "jane@example.org");
		{
			const char *to = mail_header_get(mail, "To");

			assert_non_null(to);
			/* a quoted-string name stays quoted in the raw value */
			if (strpbrk(texts[i], "\"\\,;<>@()") == NULL &&
			    strstr(to, texts[i]) == NULL)
				fail_msg("%s: To [%s]", what, to);
		}
		mail_free(mail);
		buf_free(&raw);
	}
}

static void
test_headers_present(void **state)
{
	static const struct {
		const char *name, *value;
	} want[] = {
		{ "MIME-Version", "1.0" },
		{ "List-Id", "<news.acme.example>" },
		{ "List-Unsubscribe", "<mailto:unsubscribe+tok@acme.example?"
		    "subject=unsubscribe>, <https://acme.example/u/tok>" },
		{ "List-Unsubscribe-Post", "List-Unsubscribe=One-Click" },
		{ "Precedence", "bulk" },
		{ "In-Reply-To", "<abc@x.example>" },
		{ "References", "<r1@x> <abc@x.example>" },
		{ "Auto-Submitted", "auto-replied" },
	};
	struct compose_msg m;
	struct buf raw;
	struct mail *mail;
	const char *v;
	size_t i;

	(void)state;
	base(&m);
	m.in_reply_to = "abc@x.example";
	m.references = "<r1@x> bad<id <abc@x.example>";
	m.auto_replied = 1;
	mail = roundtrip(&m, &raw, "headers");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		v = mail_header_get(mail, want[i].name);
		if (v == NULL || strcmp(v, want[i].value) != 0)
			fail_msg("%s: [%s] want [%s]", want[i].name,
			    v ? v : "(null)", want[i].value);
	}
	assert_non_null(mail->message_id);
	assert_true(str_suffix_ci(mail->message_id, "@acme.example"));
	assert_int_equal(strlen(mail->message_id), 32 + strlen("@acme.example"));
	assert_true(mail->date == 1700000000);
	assert_string_equal(mail->content_type, "multipart/alternative");
	mail_free(mail);
	buf_free(&raw);

	/* without URL: mailto only, no one-click; no bulk, no threading */
	base(&m);
	m.unsub_url = NULL;
	m.bulk = 0;
	m.list_id = NULL;
	mail = roundtrip(&m, &raw, "mailto only");
	assert_string_equal(mail_header_get(mail, "List-Unsubscribe"),
	    "<mailto:unsubscribe+tok@acme.example?subject=unsubscribe>");
	assert_null(mail_header_get(mail, "List-Unsubscribe-Post"));
	assert_null(mail_header_get(mail, "Precedence"));
	assert_null(mail_header_get(mail, "List-Id"));
	assert_null(mail_header_get(mail, "In-Reply-To"));
	assert_null(mail_header_get(mail, "Auto-Submitted"));
	mail_free(mail);
	buf_free(&raw);
}

/* fuzz regression: an id longer than a header line cannot be folded;
 * up to 250 bytes it is kept (line <= 998), longer it is dropped */
static void
test_long_ids(void **state)
{
	struct compose_msg m;
	struct buf raw;
	struct mail *mail = NULL;
	const char *err = NULL;
	char *id200 = build_repeat("a", 190, "@x.example", NULL);
	char *id300 = build_repeat("b", 290, "@x.example", NULL);
	char *want = xasprintf("<%s>", id200);
	char *cerr = NULL;
	size_t i, start = 0;

	(void)state;
	base(&m);
	m.in_reply_to = id200;
	m.references = id300;
	buf_init(&raw, 0);
	assert_int_equal(compose_message(&m, &raw, &cerr), 0);
	for (i = 0; i + 1 < raw.len; i++)
		if (raw.data[i] == '\r') {
			assert_true(i - start <= 998);
			assert_int_equal(raw.data[i + 1], '\n');
			start = i + 2;
		}
	assert_int_equal(mime_parse(raw.data, raw.len, NULL, &mail, &err),
	    MIME_OK);
	assert_non_null(mail_header_get(mail, "In-Reply-To"));
	assert_string_equal(mail_header_get(mail, "In-Reply-To"), want);
	assert_null(mail_header_get(mail, "References"));
	mail_free(mail);
	buf_free(&raw);

	/* a 64-byte local part and a long host name: To on a line of its
	 * own, still parsed back */
	base(&m);
	m.to_name = NULL;
	m.to_addr = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789ab"
	    "@mail.subdomain.of.a.rather.long.host.name.example.org";
	buf_init(&raw, 0);
	assert_int_equal(compose_message(&m, &raw, &cerr), 0);
	assert_int_equal(mime_parse(raw.data, raw.len, NULL, &mail, &err),
	    MIME_OK);
	assert_int_equal(mail->n_rcpt, 1);
	assert_string_equal(mail->rcpt[0], m.to_addr);
	mail_free(mail);
	buf_free(&raw);
	free(id200);
	free(id300);
	free(want);
}

static void
test_message_ids_differ(void **state)
{
	struct compose_msg m;
	struct buf r1, r2;
	struct mail *a, *b;

	(void)state;
	base(&m);
	a = roundtrip(&m, &r1, "first");
	b = roundtrip(&m, &r2, "second");
	assert_non_null(a->message_id);
	assert_non_null(b->message_id);
	assert_string_not_equal(a->message_id, b->message_id);
	mail_free(a);
	mail_free(b);
	buf_free(&r1);
	buf_free(&r2);
}

/* ---- bodies ---- */

static void
test_bodies(void **state)
{
	char *gen[12];
	const char *bodies[24];
	size_t nb = 0, i, k;

	(void)state;
	gen[0] = build_repeat("a", 76, "\n", NULL);
	gen[1] = build_repeat("a", 77, "\n", NULL);
	gen[2] = build_repeat("a", 75, "\n", NULL);
	/* 2-byte at every break */
	gen[3] = build_repeat("ü", 100, "\n", NULL);
	/* 3-byte, shifted */
	gen[4] = build_repeat("x€", 60, "\n", NULL);
	/* 4-byte, no final LF */
	gen[5] = build_repeat("yy😀", 50, "", NULL);
	/* escapes at breaks */
	gen[6] = build_repeat("=", 80, "\n", NULL);
	/* trailing blanks */
	gen[7] = build_repeat("word ", 40, "   \n", NULL);
	/* blank at column 75 */
	gen[8] = build_repeat("a", 74, " \n", NULL);
	gen[9] = build_repeat("long line without breaks ", 200, "\n", NULL);
	gen[10] = build_repeat("a", 73, "\t\n\t \n", NULL);
	gen[11] = build_repeat("Zeile mit Umlauten äöü =3D\n", 30, "", NULL);
	for (i = 0; i < ARRAY_SIZE(gen); i++)
		bodies[nb++] = gen[i];
	bodies[nb++] = "";
	bodies[nb++] = "no final newline";
	bodies[nb++] = ".\n.. dots at line start\n.\n";
	bodies[nb++] = "From the desk of the editor\nFrom here\n";
	bodies[nb++] = "trailing space \ntrailing tab\t\n \n\n\n";
	bodies[nb++] = "CRLF\r\nends\r\n";
	bodies[nb++] = "--=_boundary-looking line\n--\n";
	bodies[nb++] = "Japanese 日本語のテキストです。改行なしで長く続く文章を書いてみると"
	    "どうなるでしょうか。七十六文字を超える行になるはずです。\n";

	for (i = 0; i < nb; i++) {
		for (k = 0; k < 2; k++) {
			struct compose_msg m;
			struct buf raw;
			struct mail *mail;
			char what[64], *html = NULL;

			base(&m);
			m.text = bodies[i];
			if (k == 1) {
				html = xasprintf("<p>%s</p>", bodies[i]);
				m.html = html;
			} else
				m.html = NULL;
			snprintf(what, sizeof(what), "body %zu %s", i,
			    k ? "multipart" : "text only");
			mail = roundtrip(&m, &raw, what);
			check_part(mail, "text/plain", bodies[i], what);
			if (k == 1) {
				check_part(mail, "text/html", html, what);
				assert_string_equal(mail->content_type,
				    "multipart/alternative");
				assert_int_equal(mail->n_parts, 2);
			} else {
				assert_string_equal(mail->content_type,
				    "text/plain");
				assert_int_equal(mail->n_parts, 1);
			}
			assert_string_equal(mail->parts[0].charset, "utf-8");
			mail_free(mail);
			buf_free(&raw);
			free(html);
		}
	}
	for (i = 0; i < ARRAY_SIZE(gen); i++)
		free(gen[i]);
}

/* ---- injection ---- */

static void
test_injection_neutralised(void **state)
{
	static const char *const evil[] = {
		"Hi\r\nBcc: victim@evil.example",
		"Hi\nBcc: victim@evil.example",
		"Hi\rBcc: victim@evil.example",
		"=?utf-8?b?SGkNCkJjYzogdmljdGltQGV2aWwuZXhhbXBsZQ==?=",
		"=?utf-8?q?Hi=0D=0ABcc:_victim@evil.example?=",
		"Hi\r\n\r\nbody injection",
		"Nul\0hidden",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(evil); i++) {
		struct compose_msg m;
		struct buf raw;
		struct mail *mail;
		char what[32];

		base(&m);
		m.subject = evil[i];
		m.to_name = evil[i];
		snprintf(what, sizeof(what), "evil %zu", i);
		mail = roundtrip(&m, &raw, what);
		for (j = 0; j < mail->n_headers; j++)
			if (str_eq_ci(mail->headers[j].name, "Bcc"))
				fail_msg("%s: Bcc header injected", what);
		assert_null(mail_header_get(mail, "Bcc"));
		/* exactly one To, one Subject, one recipient */
		assert_int_equal(mail->n_rcpt, 1);
		assert_non_null(mail->subject);
		assert_null(strchr(mail->subject, '\r'));
		assert_null(strchr(mail->subject, '\n'));
		/* the encoded-word tricks come back literally */
		if (strncmp(evil[i], "=?", 2) == 0)
			assert_string_equal(mail->subject, evil[i]);
		check_part(mail, "text/plain", "Hello\n", what);
		mail_free(mail);
		buf_free(&raw);
	}
}

static void
test_bad_addresses_refused(void **state)
{
	static const struct {
		const char *to, *from, *mailto, *url, *domain, *listid;
	} bad[] = {
		{ "jane@example.org\r\nBcc: x@y", NULL, NULL, NULL, NULL, NULL },
		{ "jane@example.org\n", NULL, NULL, NULL, NULL, NULL },
		{ "jane doe@example.org", NULL, NULL, NULL, NULL, NULL },
		{ "<jane@example.org>", NULL, NULL, NULL, NULL, NULL },
		{ "jane@example.org, x@y", NULL, NULL, NULL, NULL, NULL },
		{ "jane@example.org@x.y", NULL, NULL, NULL, NULL, NULL },
		{ "jane@example.org;x@y", NULL, NULL, NULL, NULL, NULL },
		{ "no-at-sign", NULL, NULL, NULL, NULL, NULL },
		{ "@example.org", NULL, NULL, NULL, NULL, NULL },
		{ "", NULL, NULL, NULL, NULL, NULL },
		{ "a@=?utf-8?q?x?=", NULL, NULL, NULL, NULL, NULL },
		{ "a\"b\"@example.org", NULL, NULL, NULL, NULL, NULL },
		{ "a@exa(mple).org", NULL, NULL, NULL, NULL, NULL },
		{ "j\xc3\xa4ne@example.org", NULL, NULL, NULL, NULL, NULL },
		{ NULL, "News <news@acme.example>\r\nBcc: x@y", NULL, NULL, NULL,
		    NULL },
		{ NULL, "News <news@acme.example, x@y>", NULL, NULL, NULL, NULL },
		{ NULL, "News <a@b> trailing", NULL, NULL, NULL, NULL },
		{ NULL, NULL, "u@acme.example>\r\nBcc: x@y", NULL, NULL, NULL },
		{ NULL, NULL, NULL, "http://acme.example/u", NULL, NULL },
		{ NULL, NULL, NULL, "https://a.example/\r\nBcc: x@y", NULL,
		    NULL },
		{ NULL, NULL, NULL, "https://a.example/>, <https://b", NULL,
		    NULL },
		{ NULL, NULL, NULL, NULL, "acme.example>\r\nBcc: x", NULL },
		{ NULL, NULL, NULL, NULL, "", NULL },
		{ NULL, NULL, NULL, NULL, NULL, "news>\r\nBcc: x" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct compose_msg m;
		struct buf raw;
		char *err = NULL;

		base(&m);
		m.to_addr = bad[i].to ? bad[i].to : m.to_addr;
		m.from = bad[i].from ? bad[i].from : m.from;
		m.unsub_mailto = bad[i].mailto ? bad[i].mailto : m.unsub_mailto;
		m.unsub_url = bad[i].url ? bad[i].url : m.unsub_url;
		m.message_id_domain = bad[i].domain ? bad[i].domain :
		    m.message_id_domain;
		m.list_id = bad[i].listid ? bad[i].listid : m.list_id;
		buf_init(&raw, 0);
		if (compose_message(&m, &raw, &err) != -1)
			fail_msg("case %zu accepted", i);
		assert_non_null(err);
		free(err);
		buf_free(&raw);
	}
}

static void
test_from_forms(void **state)
{
	static const struct {
		const char *from, *addr, *name;
	} t[] = {
		{ "news@acme.example", "news@acme.example", NULL },
		{ "Acme News <news@acme.example>", "news@acme.example",
		    "Acme News" },
		{ "\"Acme, Inc.\" <news@acme.example>", "news@acme.example",
		    "Acme, Inc." },
		{ "\"Müller \\\"GmbH\\\"\" <n@m.example>", "n@m.example",
		    "Müller \"GmbH\"" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct compose_msg m;
		struct buf raw;
		struct mail *mail;

		base(&m);
		m.from = t[i].from;
		mail = roundtrip(&m, &raw, t[i].from);
		assert_string_equal(mail->from_addr, t[i].addr);
		if (t[i].name == NULL)
			assert_true(mail->from_name == NULL ||
			    *mail->from_name == '\0');
		else {
			assert_non_null(mail->from_name);
			assert_string_equal(mail->from_name, t[i].name);
		}
		mail_free(mail);
		buf_free(&raw);
	}
}

/* fuzz regression: over-long names and subjects (invalid UTF-8 grows
 * as U+FFFD) are cut, never refused, and still fold */
static void
test_long_values_cut(void **state)
{
	struct compose_msg m;
	struct buf raw;
	struct mail *mail;
	char *name = build_repeat("\xff", 400, "", NULL);
	char *subj = build_repeat("ä", 3000, "", NULL);

	(void)state;
	base(&m);
	m.to_name = name;
	m.subject = subj;
	mail = roundtrip(&m, &raw, "long values");
	assert_non_null(mail->subject);
	assert_int_equal(strlen(mail->subject), 2048);
	assert_int_equal(strncmp(mail->subject, subj, 2048), 0);
	assert_int_equal(mail->n_rcpt, 1);
	mail_free(mail);
	buf_free(&raw);
	free(name);
	free(subj);
}

static void
test_ceiling(void **state)
{
	struct compose_msg m;
	struct buf raw;
	char *err = NULL, *big = build_repeat("0123456789", 1000, "", NULL);

	(void)state;
	base(&m);
	m.text = big;
	buf_init(&raw, 4096);
	assert_int_equal(compose_message(&m, &raw, &err), -1);
	assert_non_null(err);
	free(err);
	buf_free(&raw);
	free(big);
}

/* the one address check: configs, subscribers, outgoing mail */
static void
test_addr_ok(void **state)
{
	static const struct {
		const char *a;
		int ok;
	} rows[] = {
		{ "jane@example.org", 1 },
		{ "o'brien+tag@sub.example.co.uk", 1 },
		{ "news@localhost", 1 },
		{ "a.b.c@x-y.example", 1 },
		{ "a..b@example.org", 0 },
		{ ".a@example.org", 0 },
		{ "a.@example.org", 0 },
		{ "a@b@example.org", 0 },
		{ "@example.org", 0 },
		{ "a@", 0 },
		{ "a@-x.example", 0 },
		{ "a@x-.example", 0 },
		{ "a@x..example", 0 },
		{ "a@x_y.example", 0 },
		{ "\"a b\"@example.org", 0 },
		{ "Jane <jane@example.org>", 0 },
		{ "a@example.org\r\nBcc: b@example.org", 0 },
		{ "a@example.org, b@example.org", 0 },
		{ "j\xc3\xa9@example.org", 0 },
	};
	char big[300];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (compose_addr_ok(rows[i].a, strlen(rows[i].a)) != rows[i].ok)
			fail_msg("%s: want %d", rows[i].a, rows[i].ok);
	/* only the n bytes given are read */
	assert_true(compose_addr_ok("a@example.org>junk", 13));
	assert_false(compose_addr_ok("a@example.org", 2));
	/* 64 bytes of local part, 254 in all */
	memset(big, 'a', sizeof(big));
	memcpy(big + 64, "@example.org", 12);
	assert_true(compose_addr_ok(big, 76));
	memset(big, 'a', sizeof(big));
	memcpy(big + 65, "@example.org", 12);
	assert_false(compose_addr_ok(big, 77));
	memset(big, 'a', sizeof(big));
	big[10] = '@';
	for (i = 60; i < 260; i += 60)
		big[i] = '.';
	assert_true(compose_addr_ok(big, 254));
	assert_false(compose_addr_ok(big, 255));
}

/* our plus addresses: VERP, confirm- and unsubscribe- tags */
static void
test_plus_address(void **state)
{
	static const struct {
		const char *addr, *tag, *want;
	} rows[] = {
		{ "bounces@rma.example", "0123abcd", "bounces+0123abcd@rma.example" },
		{ "news-request@rma.example", "confirm-ff",
		    "news-request+confirm-ff@rma.example" },
		/* the last '@' splits a quoted local part */
		{ "\"a@b\"@rma.example", "t", "\"a@b\"+t@rma.example" },
		/* 64 bytes of local part: fits exactly, one more does not */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.example",
		    "1234",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+1234@x.example" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.example",
		    "12345",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.example" },
		{ "no-at-sign", "t", "no-at-sign" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char *got = compose_plus_address(rows[i].addr, rows[i].tag);

		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got %s, want %s", i, got,
			    rows[i].want);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_and_names),
		cmocka_unit_test(test_headers_present),
		cmocka_unit_test(test_message_ids_differ),
		cmocka_unit_test(test_long_ids),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_injection_neutralised),
		cmocka_unit_test(test_bad_addresses_refused),
		cmocka_unit_test(test_from_forms),
		cmocka_unit_test(test_long_values_cut),
		cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_plus_address),
		cmocka_unit_test(test_addr_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

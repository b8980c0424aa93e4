/*
 * quote.c — fresh and quoted text of a mail (quote.h): the header
 * patterns read from their data file, and the split of a text into
 * spans.
 *
 * Takes a text (s, n) and gives spans (offsets into it); the caller
 * keeps the text.  A table owns the file's text and its patterns (folded
 * copies), freed by quote_headers_free; its owner is the ingest that
 * loaded it.  A split owns its span array, freed by quote_split_free.
 *
 * SECURITY: the file is configuration, checked line by line all the same
 * (known kind, a language code, 1 to QUOTE_PATTERN_LEN_MAX bytes of UTF-8
 * without controls).  The split reads bytes from strangers through
 * (s, n) only; a line is folded into a fixed buffer (lines over
 * QUOTE_LINE_MAX bytes are never headers); look-ahead is a fixed number
 * of lines; '*' patterns are matched with one back-tracking point over a
 * folded line of bounded length.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "quote.h"
#include "util.h"

enum qkind { K_NONE = 0, K_REPLY, K_RULE, K_FORWARD, K_FROM, K_HEADER,
    K_NOTE };

static const struct {
	const char *name;
	enum qkind kind;
} kinds[] = {
	{ "reply", K_REPLY }, { "rule", K_RULE }, { "forward", K_FORWARD },
	{ "from", K_FROM }, { "header", K_HEADER }, { "note", K_NOTE },
};

struct qpat {
	enum qkind kind;
	char *text;             /* folded, NUL-terminated */
	size_t len;
	size_t head;            /* bytes before the first '*' */
};

struct quote_headers {
	struct qpat *v;
	size_t n;
};

#define FOLD_MAX (2 * QUOTE_LINE_MAX + 8)

static char load_error[4096 + 256];

/* ---- the file ---- */

static const char *
fail(const char *path, size_t line, const char *what)
{
	int w;

	if (line > 0)
		w = snprintf(load_error, sizeof(load_error), "%s:%zu: %s",
		    path, line, what);
	else
		w = snprintf(load_error, sizeof(load_error), "%s: %s", path,
		    what);
	if (w < 0 || (size_t)w >= sizeof(load_error))
		(void)snprintf(load_error, sizeof(load_error),
		    "quote headers: %s", what);
	return load_error;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
lang_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

static const char *
line_parse(struct quote_headers *t, const char *p, size_t n)
{
	size_t i = 0, ks, ke, ls, le, k;
	enum qkind kind = K_NONE;
	char f[QUOTE_PATTERN_LEN_MAX * 2 + 8];
	size_t fl;
	struct qpat *x;
	const char *star;

	while (n > 0 && (blank(p[n - 1]) || p[n - 1] == '\r'))
		n--;
	while (i < n && blank(p[i]))
		i++;
	if (i == n || p[i] == '#')
		return NULL;
	ks = i;
	while (i < n && !blank(p[i]))
		i++;
	ke = i;
	for (k = 0; k < ARRAY_SIZE(kinds); k++)
		if (strlen(kinds[k].name) == ke - ks &&
		    memcmp(kinds[k].name, p + ks, ke - ks) == 0)
			kind = kinds[k].kind;
	if (kind == K_NONE)
		return "unknown kind (reply, rule, forward, from, header, "
		    "note)";
	while (i < n && blank(p[i]))
		i++;
	ls = i;
	while (i < n && !blank(p[i]))
		i++;
	le = i;
	if (!lang_ok(p + ls, le - ls))
		return "the language is no ISO 639 code (en, de, fr, ...)";
	while (i < n && blank(p[i]))
		i++;
	if (i == n)
		return "no pattern after the language";
	if (n - i > QUOTE_PATTERN_LEN_MAX)
		return "a pattern longer than 160 bytes";
	if (!utf8_valid(p + i, n - i))
		return "the pattern is not UTF-8";
	for (k = i; k < n; k++)
		if ((unsigned char)p[k] < ' ' || p[k] == 0x7f)
			return "a control character in the pattern";
	if (t->n >= QUOTE_PATTERN_MAX)
		return "more than 2048 patterns";
	fl = fields_fold(p + i, n - i, f, sizeof(f));
	if (fl == 0 || (kind != K_NOTE && kind != K_FROM &&
	    kind != K_HEADER && strspn(f, "*") == fl))
		return "an empty pattern";
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	x = &t->v[t->n++];
	x->kind = kind;
	x->text = xstrdup(f);
	x->len = fl;
	star = strchr(x->text, '*');
	x->head = star != NULL ? (size_t)(star - x->text) : fl;
	return NULL;
}

struct quote_headers *
quote_headers_load(const char *path, const char **error_r)
{
	struct quote_headers *t;
	const char *err;
	char *data = NULL, *p, *end, *nl;
	size_t len, line = 0, k;
	int starts = 0;

	if (path == NULL || path[0] == '\0') {
		*error_r = "quote headers: no file named";
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	if (file_read(path, QUOTE_FILE_MAX, &data, &len, &err) < 0) {
		*error_r = fail(path, 0, err);
		goto fail;
	}
	if (memchr(data, '\0', len) != NULL) {
		*error_r = fail(path, 0, "a NUL byte: not a text file");
		goto fail;
	}
	for (p = data, end = data + len; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((err = line_parse(t, p, (size_t)(nl - p))) != NULL) {
			*error_r = fail(path, line, err);
			goto fail;
		}
	}
	for (k = 0; k < t->n; k++)
		starts += t->v[k].kind == K_REPLY || t->v[k].kind == K_RULE ||
		    t->v[k].kind == K_FORWARD;
	if (starts == 0) {
		*error_r = fail(path, 0, "no reply, rule or forward pattern");
		goto fail;
	}
	free(data);
	return t;
fail:
	free(data);
	quote_headers_free(t);
	return NULL;
}

void
quote_headers_free(struct quote_headers *t)
{
	size_t k;

	if (t == NULL)
		return;
	for (k = 0; k < t->n; k++)
		free(t->v[k].text);
	free(t->v);
	free(t);
}

size_t
quote_headers_count(const struct quote_headers *t)
{
	return t != NULL ? t->n : 0;
}

const char *
quote_headers_default_path(void)
{
	static char path[4096];

	return data_file_path(path, sizeof(path), QUOTE_HEADERS_FILE);
}

/* ---- matching ---- */

/* glob: '*' matches any run; one back-tracking point (linear-ish) */
static int
glob(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;

	while (si < sn) {
		if (pi < pn && p[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (pi < pn && p[pi] == s[si]) {
			pi++;
			si++;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			si = ++mark;
		} else
			return 0;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

static int
contains(const char *s, size_t sn, const char *w, size_t wn)
{
	size_t i;

	if (wn == 0 || wn > sn)
		return 0;
	for (i = 0; i + wn <= sn; i++)
		if (s[i] == w[0] && memcmp(s + i, w, wn) == 0)
			return 1;
	return 0;
}

/* has_digit: a digit in the raw bytes; need4: a run of four, or '@' */
static int
has_digit(const char *s, size_t n, int need4)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (!need4 || ++run >= 4)
				return 1;
		} else {
			run = 0;
			if (need4 && s[i] == '@')
				return 1;
		}
	}
	return 0;
}

/* whole: a reply / rule / forward pattern matching the folded line f */
static enum qkind
whole(const struct quote_headers *t, const char *f, size_t fl)
{
	size_t k;

	for (k = 0; k < t->n; k++) {
		const struct qpat *x = &t->v[k];

		if ((x->kind == K_REPLY || x->kind == K_RULE ||
		    x->kind == K_FORWARD) && glob(x->text, x->len, f, fl))
			return x->kind;
	}
	return K_NONE;
}

/* reply_head: f starts like an attribution (worth joining the next) */
static int
reply_head(const struct quote_headers *t, const char *f, size_t fl)
{
	size_t k;

	for (k = 0; k < t->n; k++) {
		const struct qpat *x = &t->v[k];

		if (x->kind == K_REPLY && x->head >= 2 && x->head <= fl &&
		    memcmp(x->text, f, x->head) == 0)
			return 1;
	}
	return 0;
}

/* label: f (after '*' bold marks) starts with a label of kind */
static int
label(const struct quote_headers *t, enum qkind kind, const char *f,
    size_t fl)
{
	size_t k;

	while (fl > 0 && (*f == '*' || *f == ' ')) {
		f++;
		fl--;
	}
	for (k = 0; k < t->n; k++) {
		const struct qpat *x = &t->v[k];

		if (x->kind == kind && x->len <= fl &&
		    memcmp(x->text, f, x->len) == 0)
			return 1;
	}
	return 0;
}

static int
note(const struct quote_headers *t, const char *f, size_t fl)
{
	size_t k;

	for (k = 0; k < t->n; k++)
		if (t->v[k].kind == K_NOTE &&
		    contains(f, fl, t->v[k].text, t->v[k].len))
			return 1;
	return 0;
}

/* ---- lines ---- */

struct qline {
	size_t s, e;            /* the content, without '\n' and '\r' */
	size_t next;            /* where the next line starts */
};

static size_t
line_get(const char *t, size_t n, size_t pos, struct qline *l)
{
	const char *nl = memchr(t + pos, '\n', n - pos);

	l->s = pos;
	l->e = nl != NULL ? (size_t)(nl - t) : n;
	l->next = nl != NULL ? l->e + 1 : n;
	while (l->e > l->s && (t[l->e - 1] == '\r' || blank(t[l->e - 1])))
		l->e--;
	return l->next;
}

static int
is_blank(const char *t, const struct qline *l)
{
	size_t i;

	for (i = l->s; i < l->e; i++)
		if (!blank(t[i]))
			return 0;
	return 1;
}

static int
is_gt(const char *t, const struct qline *l)
{
	size_t i = l->s;

	while (i < l->e && blank(t[i]))
		i++;
	return i < l->e && t[i] == '>';
}

static int
is_sig(const char *t, const struct qline *l)
{
	return l->e - l->s == 2 && memcmp(t + l->s, "--", 2) == 0;
}

/* fold: the folded line into f, or 0 when it is too long to be a header */
static size_t
fold(const char *t, const struct qline *l, char *f, size_t fsz)
{
	if (l->e - l->s > QUOTE_LINE_MAX)
		return 0;
	return fields_fold(t + l->s, l->e - l->s, f, fsz);
}

/* header_block: the lines from pos on hold two header labels */
static int
header_block(const struct quote_headers *t, const char *s, size_t n,
    size_t pos)
{
	struct qline l;
	char f[FOLD_MAX];
	size_t fl, k;
	int found = 0;

	for (k = 0; k < QUOTE_BLOCK_LINES && pos < n; k++) {
		pos = line_get(s, n, pos, &l);
		if (is_blank(s, &l))
			break;
		if ((fl = fold(s, &l, f, sizeof(f))) > 0 &&
		    label(t, K_HEADER, f, fl) && ++found >= 2)
			return 1;
	}
	return 0;
}

/* ---- the split ---- */

static void
emit(struct quote_split *qs, size_t start, size_t end, int quoted,
    int fwd)
{
	struct quote_span *sp;

	if (end <= start)
		return;
	if (qs->n + 1 >= QUOTE_SPANS_MAX)
		quoted = 1;     /* the last spans: the rest, quoted */
	if (qs->n > 0) {
		sp = &qs->v[qs->n - 1];
		if (qs->n >= QUOTE_SPANS_MAX || (sp->quoted == quoted &&
		    sp->forwarded == fwd)) {
			sp->len = end - sp->start;
			return;
		}
	}
	qs->v = xreallocarray(qs->v, qs->n + 1, sizeof(*qs->v));
	sp = &qs->v[qs->n++];
	sp->start = start;
	sp->len = end - start;
	sp->quoted = quoted;
	sp->forwarded = fwd;
}

/*
 * gt_follows: where the first non-blank line from pos on (within 4
 * lines) starts when it is a '>' line, else 0.
 */
static size_t
gt_follows(const char *s, size_t n, size_t pos)
{
	struct qline l;
	int k;

	for (k = 0; k < 4 && pos < n; k++) {
		line_get(s, n, pos, &l);
		if (!is_blank(s, &l))
			return is_gt(s, &l) ? pos : 0;
		pos = l.next;
	}
	return 0;
}

/*
 * header_kind: what the line l starts (K_REPLY, K_RULE, K_FORWARD, or
 * K_FROM for a header block), *end_r where it ends (after the next line
 * when a wrapped attribution takes two).
 */
static enum qkind
header_kind(const struct quote_headers *t, const char *s, size_t n,
    const struct qline *l, const char *f, size_t fl, size_t *end_r)
{
	struct qline nx;
	char j[FOLD_MAX];
	size_t jl;
	enum qkind k;

	*end_r = l->next;
	if ((k = whole(t, f, fl)) != K_NONE) {
		if (k != K_REPLY || has_digit(s + l->s, l->e - l->s, 0))
			return k;
	}
	if (label(t, K_FROM, f, fl) && header_block(t, s, n, l->next))
		return K_FROM;
	/* a wrapped attribution: "On …, X <x@y>" / "wrote:" */
	if (l->next >= n || !reply_head(t, f, fl))
		return K_NONE;
	line_get(s, n, l->next, &nx);
	if (is_blank(s, &nx) || is_gt(s, &nx) ||
	    (l->e - l->s) + (nx.e - nx.s) > QUOTE_LINE_MAX ||
	    fl + 2 >= sizeof(j))
		return K_NONE;
	memcpy(j, f, fl);
	j[fl] = ' ';
	jl = fl + 1 + fields_fold(s + nx.s, nx.e - nx.s, j + fl + 1,
	    sizeof(j) - fl - 1);
	if (whole(t, j, jl) == K_REPLY &&
	    (has_digit(s + l->s, l->e - l->s, 1) ||
	    has_digit(s + nx.s, nx.e - nx.s, 1))) {
		*end_r = nx.next;
		return K_REPLY;
	}
	return K_NONE;
}

void
quote_split(const struct quote_headers *t, const char *s, size_t n,
    struct quote_split *out)
{
	struct qline l, nx;
	char f[FOLD_MAX];
	size_t pos = 0, fl, end, gt, fresh_lines = 0;
	int fwd = 0, fwd_quoted = 0, in_sig = 0, noted = 0, prev_plain = 0;
	int base, lone;
	enum qkind k;

	out->v = NULL;
	out->n = 0;
	out->forward = QUOTE_FWD_NONE;
	if (s == NULL)
		return;
	while (pos < n) {
		line_get(s, n, pos, &l);
		base = fwd ? fwd_quoted : 0;
		if (is_gt(s, &l)) {
			lone = prev_plain && l.next < n &&
			    (line_get(s, n, l.next, &nx), !is_blank(s, &nx) &&
			    !is_gt(s, &nx));
			emit(out, pos, l.next, lone ? base : 1, fwd);
			prev_plain = lone;
			pos = l.next;
			continue;
		}
		if (is_blank(s, &l)) {
			emit(out, pos, l.next, base, fwd);
			prev_plain = 0;
			pos = l.next;
			continue;
		}
		fl = t != NULL ? fold(s, &l, f, sizeof(f)) : 0;
		k = fl > 0 ? header_kind(t, s, n, &l, f, fl, &end) : K_NONE;
		if (k == K_REPLY && (gt = gt_follows(s, n, end)) != 0) {
			/* the attribution and its '>' run; fresh text after
			 * the run is fresh again (bottom-posting) */
			emit(out, pos, gt, 1, fwd);
			prev_plain = 0;
			pos = gt;
			continue;
		}
		if (k == K_REPLY || k == K_RULE || k == K_FROM) {
			emit(out, pos, n, 1, fwd);   /* the original, to the end */
			break;
		}
		if (k == K_FORWARD) {
			if (!fwd) {
				fwd = 1;
				fwd_quoted = !(fresh_lines <= QUOTE_NOTE_LINES ||
				    (noted && fresh_lines <= QUOTE_NOTE_LINES_MAX));
				out->forward = fwd_quoted ? QUOTE_FWD_QUOTED :
				    QUOTE_FWD_FRESH;
			}
			/* the forward's line and its header block: metadata */
			emit(out, pos, l.next, 1, fwd);
			pos = l.next;
			while (pos < n) {
				line_get(s, n, pos, &nx);
				if (!is_blank(s, &nx) && ((fl = fold(s, &nx, f,
				    sizeof(f))) == 0 || !(label(t, K_FROM, f, fl) ||
				    label(t, K_HEADER, f, fl))))
					break;
				emit(out, pos, nx.next, 1, fwd);
				pos = nx.next;
			}
			prev_plain = 0;
			continue;
		}
		emit(out, pos, l.next, base, fwd);
		prev_plain = !base;
		if (!fwd) {
			if (is_sig(s, &l))
				in_sig = 1;
			else if (!in_sig) {
				/* past QUOTE_NOTE_LINES_MAX no note makes a
				 * short one: stop looking */
				if (++fresh_lines <= QUOTE_NOTE_LINES_MAX &&
				    t != NULL && fl > 0 && note(t, f, fl))
					noted = 1;
			}
		}
		pos = l.next;
	}
}

void
quote_split_free(struct quote_split *qs)
{
	if (qs == NULL)
		return;
	free(qs->v);
	qs->v = NULL;
	qs->n = 0;
}

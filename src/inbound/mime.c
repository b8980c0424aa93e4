/*
 * mime.c — raw RFC 5322 / MIME bytes to a struct mail (mail.h).
 *
 * Top-level header fields are split, unfolded, capped and RFC 2047 decoded
 * here; addresses and the date go through libetpan's mailimf parsers.  The
 * MIME tree comes from libetpan's mailmime_parse, run on a private copy of
 * the message ("the parse copy"): the top-level MIME fields followed by
 * the body, with CR-only line ends made LF.  Every leaf part is transfer
 * decoded with mailmime_part_parse; part parameters (charset, name,
 * filename, report-type, with RFC 2231 and RFC 2047) are read from the
 * part's raw header lines by our own tokenizer, because libetpan stops at
 * unquoted 8-bit or encoded-word values.  message/rfc822 and the report
 * parts stay leaves holding their bytes.
 *
 * libetpan recurses once per nesting level and once per comment level, and
 * scans each level's body again for its boundary, so hostile input could
 * exhaust the stack or take quadratic time.  Before libetpan sees the copy,
 * a linear pre-scan follows the structure as libetpan will (header blocks,
 * boundaries via libetpan's own Content-Type parser, delimiter lines),
 * counts parts and depth and rejects over the limits.  It also hides from
 * libetpan everything the pre-scan did not account for: comment nesting
 * beyond PAREN_MAX, lines starting "--" that are not delimiters, and any
 * "content-type" that is not a field name the pre-scan read.  Those bytes
 * are put back right after mailmime_parse (a bitmap marks them), before
 * any part data is read.  So libetpan can nest no deeper than the number
 * of Content-Type fields the pre-scan counted, and make no more parts than
 * the delimiter lines it allowed.  Where a multipart ends without its
 * close delimiter, the pre-scan adds one to the copy (libetpan would cut
 * such a last part at its last line starting with '-'), and a part
 * without header fields gets a dummy one (libetpan would read the body's
 * first lines as its header).
 *
 * Ownership: mime_parse copies what it keeps; raw is not retained.  The
 * libetpan tree points into the parse copy and is freed before it.
 *
 * SECURITY: parses bytes from strangers.  Bounded by struct limits
 * (message size, depth, parts, header length, text size), plus
 * MIME_MAX_HEADERS / MIME_MAX_RCPT for the number of kept header fields
 * and recipients.  Our passes are linear and our walk recurses at most
 * max_mime_depth deep; libetpan nests at most twice per Content-Type the
 * pre-scan let through (each one a counted part), comments PAREN_MAX
 * deep.  libetpan's mailmime_extract_boundary() overflows on the
 * parameter boundary="\"" (also RFC 2047 encoded): such fields are hidden
 * from it.  Names from the mail are display metadata only
 * (mime_sanitize_filename).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "charset.h"
#include "html.h"
#include "limit.h"
#include "mail.h"
#include "mime.h"
#include "util.h"

#define MIME_MAX_HEADERS 1000  /* top-level fields kept in mail->headers */
#define MIME_MAX_RCPT    1000  /* recipients kept in mail->rcpt */
#define MIME_MAX_PARAMS  256   /* parameters read per field */
#define MIME_MAX_2231    64    /* RFC 2231 continuation sections */
#define PAREN_MAX        64    /* comment nesting libetpan may see */
#define NAME_MAX_BYTES   255   /* sanitized file name */

/* ---- header fields ---- */

/*
 * next_line: the line at off is [off, *end_r) without its terminator;
 * *next_r is where the next one starts.  cr_only: a lone CR ends lines.
 */
static void
next_line(const char *p, size_t len, size_t off, int cr_only, size_t *end_r,
    size_t *next_r)
{
	const char *nl;
	size_t i, e;

	if (!cr_only) {
		nl = memchr(p + off, '\n', len - off);
		if (nl == NULL) {
			e = len;
			*next_r = len;
		} else {
			e = (size_t)(nl - p);
			*next_r = e + 1;
		}
		if (e > off && p[e - 1] == '\r')
			e--;
		*end_r = e;
		return;
	}
	for (i = off; i < len; i++) {
		if (p[i] == '\r') {
			*end_r = i;
			*next_r = i + 1 < len && p[i + 1] == '\n' ? i + 2 : i + 1;
			return;
		}
		if (p[i] == '\n') {
			*end_r = i;
			*next_r = i + 1;
			return;
		}
	}
	*end_r = len;
	*next_r = len;
}

/*
 * field_name: the length of the name when the line [s, e) starts a field
 * "Name:" (blanks allowed before the colon), else 0; *val_r = after ':'.
 */
static size_t
field_name(const char *p, size_t s, size_t e, size_t *val_r)
{
	size_t i = s, nend;

	while (i < e && (unsigned char)p[i] > ' ' &&
	    (unsigned char)p[i] < 127 && p[i] != ':')
		i++;
	nend = i;
	if (nend == s)
		return 0;
	while (i < e && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= e || p[i] != ':')
		return 0;
	*val_r = i + 1;
	return nend - s;
}

struct hfield {
	const char *name;
	size_t nlen;
	size_t vs, ve;        /* raw value, folded lines included */
};

/*
 * hdr_next: the field at *off into f and 1, or 0 at the end of the header
 * block: after a blank line *off is past it; at a line that is no field
 * *off stays on it (the body starts there, as libetpan has it).
 */
static int
hdr_next(const char *p, size_t len, size_t *off, int cr_only,
    struct hfield *f)
{
	size_t e, nx, v, nl;

	if (*off >= len)
		return 0;
	next_line(p, len, *off, cr_only, &e, &nx);
	if (e == *off) {
		*off = nx;
		return 0;
	}
	if ((nl = field_name(p, *off, e, &v)) == 0)
		return 0;
	f->name = p + *off;
	f->nlen = nl;
	f->vs = v;
	f->ve = e;
	*off = nx;
	while (*off < len && (p[*off] == ' ' || p[*off] == '\t')) {
		next_line(p, len, *off, cr_only, &e, &nx);
		f->ve = e;
		*off = nx;
	}
	return 1;
}

static int
name_is(const struct hfield *f, const char *name)
{
	size_t n = strlen(name);

	return f->nlen == n && strncasecmp(f->name, name, n) == 0;
}

/*
 * unfold: the value [s, e) with CR and LF dropped (RFC 5322 2.2.3) and
 * outer blanks trimmed, at most cap bytes (0 = all); *cut_r set when cut.
 */
static char *
unfold(const char *p, size_t s, size_t e, size_t cap, int *cut_r)
{
	struct buf b;
	size_t i, j, take;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	while (s < e && (p[s] == ' ' || p[s] == '\t' || p[s] == '\r' ||
	    p[s] == '\n'))
		s++;
	for (i = s; i < e;) {
		for (j = i; j < e && p[j] != '\r' && p[j] != '\n'; j++)
			;
		take = j - i;
		if (cap && b.len + take > cap) {
			take = cap - b.len;
			buf_append(&b, p + i, take);
			if (cut_r != NULL)
				*cut_r = 1;
			break;
		}
		buf_append(&b, p + i, take);
		for (i = j; i < e && (p[i] == '\r' || p[i] == '\n'); i++)
			;
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '\t'))
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

/* ---- parameters (RFC 2045, 2231) ---- */

struct param {
	char *name;           /* lowercase */
	char *value;          /* unquoted, raw bytes */
};

struct field_value {
	char *main;           /* lowercase first token ("text/plain"), or NULL */
	struct param *p;
	size_t np;
};

static void
fv_free(struct field_value *fv)
{
	size_t i;

	for (i = 0; i < fv->np; i++) {
		free(fv->p[i].name);
		free(fv->p[i].value);
	}
	free(fv->p);
	free(fv->main);
	memset(fv, 0, sizeof(*fv));
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* type_char: what a MIME type or disposition token may hold */
static int
type_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != 0 && strchr("!#$%&'*+-.^_`|~/", c) != NULL);
}

/*
 * fv_parse: "main; a=b; c=\"d\"" with lenient values: quoted strings with
 * backslash escapes, or anything up to the next ';' (unquoted blanks and
 * 8-bit kept, as Outlook and others write them).
 */
static void
fv_parse(const char *v, size_t n, struct field_value *fv)
{
	size_t i = 0, s, e, ns, ne;
	struct buf val;

	memset(fv, 0, sizeof(*fv));
	while (i < n && is_blank(v[i]))
		i++;
	s = i;
	while (i < n && type_char((unsigned char)v[i]))
		i++;
	if (i > s) {
		fv->main = xstrndup(v + s, i - s);
		str_lower(fv->main);
	}
	while (i < n && v[i] != ';')
		i++;
	while (i < n) {
		i++;                            /* the ';' */
		while (i < n && (is_blank(v[i]) || v[i] == ';'))
			i++;
		ns = i;
		while (i < n && v[i] != '=' && v[i] != ';')
			i++;
		ne = i;
		while (ne > ns && is_blank(v[ne - 1]))
			ne--;
		if (i >= n || v[i] != '=' || ne == ns)
			continue;               /* no value: skip to ';' */
		i++;
		while (i < n && is_blank(v[i]))
			i++;
		buf_init(&val, 0);
		buf_append(&val, "", 0);
		if (i < n && v[i] == '"') {
			for (i++; i < n && v[i] != '"'; i++) {
				if (v[i] == '\\' && i + 1 < n)
					i++;
				buf_putc(&val, v[i]);
			}
			while (i < n && v[i] != ';')
				i++;
		} else {
			s = i;
			while (i < n && v[i] != ';')
				i++;
			e = i;
			while (e > s && is_blank(v[e - 1]))
				e--;
			buf_append(&val, v + s, e - s);
		}
		if (fv->np == MIME_MAX_PARAMS) {
			buf_free(&val);
			continue;
		}
		fv->p = xreallocarray(fv->p, fv->np + 1, sizeof(*fv->p));
		fv->p[fv->np].name = xstrndup(v + ns, ne - ns);
		str_lower(fv->p[fv->np].name);
		fv->p[fv->np].value = buf_steal(&val);
		fv->np++;
	}
}

static const char *
fv_get(const struct field_value *fv, const char *name)
{
	size_t i;

	for (i = 0; i < fv->np; i++)
		if (strcmp(fv->p[i].name, name) == 0)
			return fv->p[i].value;
	return NULL;
}

/* token_lower: the leading token of s, lowercase ("UTF-8 (x)" -> "utf-8") */
static char *
token_lower(const char *s)
{
	size_t i = 0, st;
	char *t;

	if (s == NULL)
		return NULL;
	while (is_blank(s[i]) || s[i] == '"' || s[i] == '\'')
		i++;
	st = i;
	while (s[i] && (unsigned char)s[i] > ' ' && (unsigned char)s[i] < 127 &&
	    strchr("\"'();,<>[]", s[i]) == NULL && i - st < 64)
		i++;
	if (i == st)
		return NULL;
	t = xstrndup(s + st, i - st);
	str_lower(t);
	return t;
}

/*
 * ext_value: an RFC 2231 extended value "charset'lang'%XX..."; the charset
 * (or NULL) into *cs_r (fresh), the percent-decoded bytes appended to b.
 */
static void
ext_value(const char *v, char **cs_r, struct buf *b)
{
	const char *q1, *q2;

	*cs_r = NULL;
	q1 = strchr(v, '\'');
	q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
	if (q1 != NULL && q2 != NULL) {
		if (q1 > v)
			*cs_r = xstrndup(v, (size_t)(q1 - v));
		v = q2 + 1;
	}
	buf_pct_decode(b, v, strlen(v));
}

struct section {
	unsigned idx;
	int ext;
	const char *value;
};

static int
section_cmp(const void *a, const void *b)
{
	const struct section *x = a, *y = b;

	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * param_text: parameter base (e.g. "filename") as UTF-8: RFC 2231
 * "base*", then "base*0" / "base*0*" continuations, then plain "base"
 * with RFC 2047 words and raw 8-bit.  NULL when absent.
 */
static char *
param_text(const struct field_value *fv, const char *base, size_t max)
{
	struct section sec[MIME_MAX_2231];
	size_t nsec = 0, i, bl = strlen(base);
	struct buf b;
	char *cs = NULL, *t;
	const char *v;

	/* base* : one extended value */
	for (i = 0; i < fv->np; i++) {
		const char *nm = fv->p[i].name;

		if (strncmp(nm, base, bl) == 0 && strcmp(nm + bl, "*") == 0) {
			buf_init(&b, 0);
			buf_append(&b, "", 0);
			ext_value(fv->p[i].value, &cs, &b);
			t = charset_to_utf8(b.data, b.len, cs, max, NULL);
			free(cs);
			buf_free(&b);
			return t;
		}
	}
	/* base*N and base*N* sections */
	for (i = 0; i < fv->np && nsec < MIME_MAX_2231; i++) {
		const char *nm = fv->p[i].name, *q;
		unsigned idx = 0;

		if (strncmp(nm, base, bl) != 0 || nm[bl] != '*' ||
		    nm[bl + 1] < '0' || nm[bl + 1] > '9')
			continue;
		for (q = nm + bl + 1; *q >= '0' && *q <= '9' && idx < 10000;
		    q++)
			idx = idx * 10 + (unsigned)(*q - '0');
		if (*q != '\0' && strcmp(q, "*") != 0)
			continue;
		sec[nsec].idx = idx;
		sec[nsec].ext = *q == '*';
		sec[nsec].value = fv->p[i].value;
		nsec++;
	}
	if (nsec > 0) {
		qsort(sec, nsec, sizeof(sec[0]), section_cmp);
		buf_init(&b, 0);
		buf_append(&b, "", 0);
		for (i = 0; i < nsec; i++) {
			if (i > 0 && sec[i].idx == sec[i - 1].idx)
				continue;
			if (sec[i].ext && i == 0 && sec[i].idx == 0)
				ext_value(sec[i].value, &cs, &b);
			else if (sec[i].ext)
				buf_pct_decode(&b, sec[i].value,
				    strlen(sec[i].value));
			else
				buf_puts(&b, sec[i].value);
		}
		if (cs == NULL && !sec[0].ext) {
			/* plain sections may still carry RFC 2047 words */
			t = charset_decode_words(b.data, b.len, max);
		} else
			t = charset_to_utf8(b.data, b.len, cs, max, NULL);
		free(cs);
		buf_free(&b);
		return t;
	}
	if ((v = fv_get(fv, base)) != NULL)
		return charset_decode_words(v, strlen(v), max);
	return NULL;
}

/* ---- file names ---- */

/* bidi overrides / isolates and BOM: they disguise extensions */
static int
hidden_char(const unsigned char *s, size_t l)
{
	if (l != 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae)
		return 1;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 1;
	return s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf;
}

static size_t
u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

char *
mime_sanitize_filename(const char *name, size_t n)
{
	char *clean, *out, *dot;
	const unsigned char *p;
	size_t i, l, o = 0, len, ext, keep;

	if (name == NULL)
		return NULL;
	clean = utf8_clean(name, n, 0);
	p = (const unsigned char *)clean;
	len = strlen(clean);
	out = xmalloc(len + 1);
	for (i = 0; i < len; i += l) {
		l = u8len(p[i]);
		if (i + l > len)
			l = len - i;
		if (p[i] == '/' || p[i] == '\\' || hidden_char(p + i, l))
			continue;
		/* no leading dots or blanks: no hidden files, no ".." */
		if (o == 0 && (p[i] == '.' || p[i] == ' '))
			continue;
		memcpy(out + o, p + i, l);
		o += l;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	free(clean);
	if (o == 0) {
		free(out);
		return NULL;
	}
	if (o > NAME_MAX_BYTES) {
		/* keep a short extension: "….pdf" still reads as a PDF */
		dot = strrchr(out, '.');
		ext = dot != NULL ? o - (size_t)(dot - out) : 0;
		if (ext > 16)
			ext = 0;
		keep = NAME_MAX_BYTES - ext;
		while (keep > 0 && ((unsigned char)out[keep] & 0xc0) == 0x80)
			keep--;
		if (ext)
			memmove(out + keep, dot, ext);
		out[keep + ext] = '\0';
	}
	return out;
}

/* ---- addresses ---- */

/* tame_parens: deep comment nesting in a copy made harmless for mailimf */
static void
tame_parens(char *s, size_t n)
{
	size_t i;
	int depth = 0;

	for (i = 0; i < n; i++) {
		if (depth > 0 && s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == '(') {
			if (depth >= PAREN_MAX)
				s[i] = '[';
			else
				depth++;
		} else if (s[i] == ')' && depth > 0)
			depth--;
	}
}

static int
addr_ok(const char *a, int bare_ok)
{
	const char *at = strchr(a, '@');
	const unsigned char *p;

	if (*a == '\0')
		return 0;
	for (p = (const unsigned char *)a; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("<>(),;:\"[]\\", *p))
			return 0;
	if (at == NULL)
		return bare_ok;
	return at > a && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

static char *
clean_addr(const char *a, size_t n)
{
	char *t = utf8_clean(a, n, 0);

	str_lower(t);
	return t;
}

/* display_name: decoded, trimmed, unquoted; NULL when empty */
static char *
display_name(const char *s, size_t n, size_t max)
{
	char *d, *t, *r;
	size_t l;

	d = charset_decode_words(s, n, max);
	t = str_trim(d);
	l = strlen(t);
	if (l >= 2 && t[0] == '"' && t[l - 1] == '"') {
		t[l - 1] = '\0';
		t = str_trim(t + 1);
	}
	r = *t ? xstrdup(t) : NULL;
	free(d);
	return r;
}

/*
 * mailbox: one element of an address list.  libetpan's mailimf parser
 * first; when it fails or returns junk, the text in <...> or the first
 * word holding '@'.  bare_ok admits "MAILER-DAEMON".
 */
static int
mailbox(const char *s, size_t n, int bare_ok, size_t max, char **addr_r,
    char **name_r)
{
	struct mailimf_mailbox *mb = NULL;
	char *copy;
	size_t idx = 0, i, j, k;
	const char *lt, *gt;

	*addr_r = *name_r = NULL;
	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	if (n == 0)
		return -1;
	copy = xmemdup0(s, n);
	tame_parens(copy, n);
	if (mailimf_mailbox_parse(copy, n, &idx, &mb) == MAILIMF_NO_ERROR) {
		if (mb->mb_addr_spec != NULL &&
		    addr_ok(mb->mb_addr_spec, bare_ok)) {
			*addr_r = clean_addr(mb->mb_addr_spec,
			    strlen(mb->mb_addr_spec));
			if (mb->mb_display_name != NULL)
				*name_r = display_name(mb->mb_display_name,
				    strlen(mb->mb_display_name), max);
		}
		mailimf_mailbox_free(mb);
	}
	free(copy);
	if (*addr_r != NULL)
		return 0;

	/* fallback for what mailimf refuses */
	lt = memchr(s, '<', n);
	gt = lt ? memchr(lt, '>', n - (size_t)(lt - s)) : NULL;
	if (lt != NULL && gt != NULL) {
		const char *a = lt + 1;
		size_t al = (size_t)(gt - a);

		while (al > 0 && is_blank(*a)) {
			a++;
			al--;
		}
		while (al > 0 && is_blank(a[al - 1]))
			al--;
		copy = xmemdup0(a, al);
		if (addr_ok(copy, bare_ok)) {
			*addr_r = clean_addr(copy, al);
			if (lt > s)
				*name_r = display_name(s, (size_t)(lt - s), max);
		}
		free(copy);
		return *addr_r ? 0 : -1;
	}
	for (i = 0; i < n; i = j) {
		while (i < n && is_blank(s[i]))
			i++;
		for (j = i; j < n && !is_blank(s[j]); j++)
			;
		if (memchr(s + i, '@', j - i) == NULL)
			continue;
		for (k = i; k < j && strchr("\"'(<[,;", s[k]); k++)
			;
		while (j > k && strchr("\"')>],;.", s[j - 1]))
			j--;
		copy = xmemdup0(s + k, j - k);
		if (addr_ok(copy, 0))
			*addr_r = clean_addr(copy, j - k);
		free(copy);
		return *addr_r ? 0 : -1;
	}
	return -1;
}

typedef void (*addr_cb)(void *arg, char *addr, char *name);

/*
 * addr_list: every mailbox of an address-list value, groups flattened:
 * split at ',' ';' (and after a group's ':' outside <...>) outside quotes
 * and comments; each element through mailbox().  The callback takes
 * ownership of both strings.
 */
static void
addr_list(const char *v, size_t n, int bare_ok, size_t max, addr_cb cb,
    void *arg)
{
	size_t i, start = 0;
	int quote = 0, angle = 0;
	long comment = 0;
	char *a, *nm;

	for (i = 0; i <= n; i++) {
		char c = i < n ? v[i] : ',';

		if (quote) {
			if (c == '\\')
				i++;
			else if (c == '"')
				quote = 0;
			continue;
		}
		if (comment) {
			if (c == '\\')
				i++;
			else if (c == '(')
				comment++;
			else if (c == ')')
				comment--;
			continue;
		}
		if (c == '"')
			quote = 1;
		else if (c == '(')
			comment = 1;
		else if (c == '<')
			angle = 1;
		else if (c == '>')
			angle = 0;
		else if (!angle && c == ':')
			start = i + 1;          /* group name */
		else if (c == ',' || c == ';') {
			/* also inside an unclosed '<': one bad address only */
			angle = 0;
			if (mailbox(v + start, i - start, bare_ok, max, &a,
			    &nm) == 0)
				cb(arg, a, nm);
			start = i + 1;
		}
		if (i == n && (quote || comment)) {
			/* unterminated: take the rest as one element */
			if (mailbox(v + start, n - start, bare_ok, max, &a,
			    &nm) == 0)
				cb(arg, a, nm);
			break;
		}
	}
}

struct first_addr {
	char *addr;
	char *name;
};

static void
first_cb(void *arg, char *addr, char *name)
{
	struct first_addr *f = arg;

	if (f->addr == NULL) {
		f->addr = addr;
		f->name = name;
	} else {
		free(addr);
		free(name);
	}
}

/* angle_content: a fresh copy of what stands between the first '<' and
 * the '>' after it, else of all of v; trimmed */
static char *
angle_content(const char *v)
{
	const char *lt = strchr(v, '<'), *gt;
	char *s, *t;

	if (lt != NULL && (gt = strchr(lt, '>')) != NULL)
		s = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	else
		s = xstrdup(v);
	t = str_trim(s);
	memmove(s, t, strlen(t) + 1);
	return s;
}

/* first_address: the first address of a header value (bare addresses
 * too), or NULL; its display name in *name_r, freed when name_r is NULL */
static char *
first_address(const char *v, size_t n, size_t max, char **name_r)
{
	struct first_addr fa = { NULL, NULL };

	addr_list(v, n, 1, max, first_cb, &fa);
	if (name_r != NULL)
		*name_r = fa.name;
	else
		free(fa.name);
	return fa.addr;
}

static void
rcpt_cb(void *arg, char *addr, char *name)
{
	struct mail *m = arg;
	size_t i;

	free(name);
	if (strchr(addr, '@') == NULL || m->n_rcpt >= MIME_MAX_RCPT) {
		free(addr);
		return;
	}
	for (i = 0; i < m->n_rcpt; i++)
		if (strcmp(m->rcpt[i], addr) == 0) {
			free(addr);
			return;
		}
	m->rcpt = xreallocarray(m->rcpt, m->n_rcpt + 1, sizeof(*m->rcpt));
	m->rcpt[m->n_rcpt++] = addr;
}

/* ---- dates ---- */

static int64_t
days_from_civil(int64_t y, unsigned mo, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= mo <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static time_t
parse_date(const char *v, size_t n)
{
	struct mailimf_date_time *dt = NULL;
	char *copy;
	size_t idx = 0;
	int64_t t, y;
	int zone, off;

	copy = xmemdup0(v, n);
	tame_parens(copy, n);
	if (mailimf_date_time_parse(copy, n, &idx, &dt) != MAILIMF_NO_ERROR) {
		free(copy);
		return 0;
	}
	free(copy);
	y = dt->dt_year;
	if (y < 50)
		y += 2000;
	else if (y < 1000)
		y += 1900;
	zone = dt->dt_zone;
	if (y < 1970 || y > 9999 || dt->dt_month < 1 || dt->dt_month > 12 ||
	    dt->dt_day < 1 || dt->dt_day > 31 || dt->dt_hour < 0 ||
	    dt->dt_hour > 23 || dt->dt_min < 0 || dt->dt_min > 59 ||
	    dt->dt_sec < 0 || dt->dt_sec > 60 || zone < -9959 || zone > 9959) {
		mailimf_date_time_free(dt);
		return 0;
	}
	off = (zone < 0 ? -1 : 1) * ((abs(zone) / 100) * 3600 +
	    (abs(zone) % 100) * 60);
	t = days_from_civil(y, (unsigned)dt->dt_month, (unsigned)dt->dt_day) *
	    86400 + dt->dt_hour * 3600 + dt->dt_min * 60 + dt->dt_sec - off;
	mailimf_date_time_free(dt);
	if (t < 0)
		return 0;
	return (time_t)t;
}

/* ---- the pre-scan ---- */

struct frame {
	char *boundary;       /* as libetpan reads it; NULL: message level */
	size_t blen;
	int started;          /* first delimiter seen */
	int closed;           /* close delimiter seen */
	int digest;           /* multipart/digest: parts default to messages */
};

/* a close delimiter the mail forgot, added to the parse copy */
struct insert {
	size_t off;           /* before this byte */
	char *text;
};

struct scan {
	char *p;              /* the parse copy */
	size_t len;
	unsigned char *bits;  /* bytes changed for libetpan */
	const struct limits *lim;
	struct frame *st;
	size_t nst, st_cap;
	size_t nodes;
	size_t *allowed;      /* offsets of Content-Type names we read */
	size_t nallowed, allowed_cap;
	struct insert *ins;
	size_t nins, ins_cap;
	const char *error;

	/* the header block being read */
	int in_header;
	int blk_digest;       /* a part of a multipart/digest */
	int blk_ct;
	size_t ct_vs, ct_ve;
	int blk_cte;
	size_t cte_vs, cte_ve;
	int blk_encoded;      /* first CTE is quoted-printable or base64 */
	int cur;              /* field being read: 0, 1 = CT, 2 = CTE */
};

static void
mark(struct scan *sc, size_t off, char c)
{
	sc->bits[off >> 3] |= (unsigned char)(1u << (off & 7));
	sc->p[off] = c;
}

static void
restore(struct scan *sc)
{
	size_t i, nb = (sc->len + 7) / 8;
	unsigned bit;

	for (i = 0; i < nb; i++) {
		if (sc->bits[i] == 0)
			continue;
		for (bit = 0; bit < 8; bit++)
			if (sc->bits[i] & (1u << bit)) {
				size_t off = i * 8 + bit;

				sc->p[off] = sc->p[off] == '[' ? '(' : '-';
			}
	}
}

/*
 * tame_comments: libetpan parses nested comments recursively; on every
 * logical line (a line and its continuation lines) a '(' deeper than
 * PAREN_MAX is hidden.  Quoted strings are not tracked, so the count is
 * never below libetpan's.
 */
static void
tame_comments(struct scan *sc)
{
	char *p = sc->p;
	size_t i, n = sc->len;
	int depth = 0;

	for (i = 0; i < n; i++) {
		char c;

		if (depth == 0) {
			/* outside a comment only '(' matters */
			const char *q = memchr(p + i, '(', n - i);

			if (q == NULL)
				break;
			i = (size_t)(q - p);
		}
		c = p[i];
		if (c == '\n') {
			if (i + 1 < n && (p[i + 1] == ' ' || p[i + 1] == '\t'))
				continue;
			depth = 0;
		} else if (depth > 0 && c == '\\')
			i++;
		else if (c == '(') {
			if (depth >= PAREN_MAX)
				mark(sc, i, '[');
			else
				depth++;
		} else if (c == ')' && depth > 0)
			depth--;
	}
}

static int
node_start(struct scan *sc)
{
	if (++sc->nodes > sc->lim->max_parts) {
		sc->error = "more than max_parts MIME parts";
		return -1;
	}
	if (sc->nst > sc->lim->max_mime_depth) {
		sc->error = "MIME nesting deeper than max_mime_depth";
		return -1;
	}
	return 0;
}

static void
block_begin(struct scan *sc, int digest)
{
	sc->in_header = 1;
	sc->blk_digest = digest;
	sc->blk_ct = sc->blk_cte = sc->blk_encoded = 0;
	sc->cur = 0;
}

static void
push_frame(struct scan *sc, char *boundary, int digest)
{
	if (sc->nst == sc->st_cap) {
		sc->st_cap = sc->st_cap ? sc->st_cap * 2 : 8;
		sc->st = xreallocarray(sc->st, sc->st_cap, sizeof(*sc->st));
	}
	sc->st[sc->nst].boundary = boundary;
	sc->st[sc->nst].blen = boundary ? strlen(boundary) : 0;
	sc->st[sc->nst].started = 0;
	sc->st[sc->nst].closed = 0;
	sc->st[sc->nst].digest = digest;
	sc->nst++;
}

/*
 * pop_to: leave the levels above n at line offset off.  libetpan cuts the
 * last part of a multipart that has no close delimiter at the last line
 * starting with '-' (a signature, "-----Original Message-----"), so a
 * missing close is supplied in the parse copy, innermost first.
 */
/* add_insert: text (taken) goes into the parse copy before offset off */
static void
add_insert(struct scan *sc, size_t off, char *text)
{
	if (sc->nins == sc->ins_cap) {
		sc->ins_cap = sc->ins_cap ? sc->ins_cap * 2 : 8;
		sc->ins = xreallocarray(sc->ins, sc->ins_cap, sizeof(*sc->ins));
	}
	sc->ins[sc->nins].off = off;
	sc->ins[sc->nins].text = text;
	sc->nins++;
}

/*
 * in_message: level k lies inside an encapsulated message.  That message
 * is kept as bytes (a message/rfc822 leaf), so nothing is added inside it.
 */
static int
in_message(const struct scan *sc, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (sc->st[i].boundary == NULL)
			return 1;
	return 0;
}

static void
pop_to(struct scan *sc, size_t n, size_t off)
{
	struct frame *f;

	while (sc->nst > n) {
		f = &sc->st[--sc->nst];
		if (f->boundary != NULL && f->started && !f->closed &&
		    !in_message(sc, sc->nst)) {
			/* at the end a line break may be missing */
			add_insert(sc, off, xasprintf("%s--%s--\n",
			    off == sc->len && sc->len > 0 &&
			    sc->p[sc->len - 1] != '\n' &&
			    (sc->nins == 0 || sc->ins[sc->nins - 1].off != off) ?
			    "\n" : "", f->boundary));
		}
		free(f->boundary);
	}
}

static void
field_end(struct scan *sc)
{
	size_t i;

	if (sc->cur == 2) {
		i = sc->cte_vs;
		while (i < sc->cte_ve && is_blank(sc->p[i]))
			i++;
		if ((sc->cte_ve - i >= 16 &&
		    strncasecmp(sc->p + i, "quoted-printable", 16) == 0) ||
		    (sc->cte_ve - i >= 6 &&
		    strncasecmp(sc->p + i, "base64", 6) == 0))
			sc->blk_encoded = 1;
	}
	sc->cur = 0;
}

/*
 * block_type: the block's Content-Type read by libetpan's own parser, as
 * libetpan will read it: *boundary_r (fresh) for a multipart with a
 * boundary, *digest_r for multipart/digest; returns 1 for a multipart,
 * 2 for message/rfc822, 0 for other types, -1 when libetpan will see no
 * Content-Type (none, or one it cannot parse).
 *
 * The boundary is taken as mailmime_extract_boundary() does, which
 * overflows its buffer on a value of one '"' (boundary="\""): such a
 * field is hidden from libetpan, and the part stays a leaf.
 */
static int
block_type(struct scan *sc, char **boundary_r, int *digest_r)
{
	struct mailmime_content *ct = NULL;
	size_t idx = 0, vs;
	char *v, *b, *dec = NULL;
	int type = 0, ctt;

	*boundary_r = NULL;
	*digest_r = 0;
	if (!sc->blk_ct)
		return -1;
	/*
	 * libetpan's mailmime_field_parse: the field value without leading
	 * blanks, RFC 2047 decoded when that works, then parsed.
	 */
	vs = sc->ct_vs;
	while (vs < sc->ct_ve && (sc->p[vs] == ' ' || sc->p[vs] == '\t'))
		vs++;
	v = xmemdup0(sc->p + vs, sc->ct_ve - vs);
	if (mailmime_encoded_phrase_parse("us-ascii", v, strlen(v), &idx,
	    "utf-8", &dec) == MAILIMF_NO_ERROR) {
		free(v);
		v = dec;
	}
	idx = 0;
	if (mailmime_content_parse(v, strlen(v), &idx, &ct) !=
	    MAILIMF_NO_ERROR)
		ct = NULL;
	free(v);
	if (ct == NULL)
		return -1;
	if (ct->ct_type != NULL &&
	    ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE) {
		ctt = ct->ct_type->tp_data.tp_composite_type->ct_type;
		if (ctt == MAILMIME_COMPOSITE_TYPE_MULTIPART) {
			type = 1;
			b = mailmime_content_param_get(ct, "boundary");
			if (b != NULL && b[0] == '"' && strlen(b) < 2) {
				sc->nallowed--;
				sc->blk_ct = 0;
				type = -1;
			} else if (b != NULL && b[0] == '"')
				*boundary_r = xstrndup(b + 1, strlen(b) - 2);
			else if (b != NULL)
				*boundary_r = xstrdup(b);
			*digest_r = ct->ct_subtype != NULL &&
			    strcasecmp(ct->ct_subtype, "digest") == 0;
		} else if (ctt == MAILMIME_COMPOSITE_TYPE_MESSAGE &&
		    ct->ct_subtype != NULL &&
		    strcasecmp(ct->ct_subtype, "rfc822") == 0)
			type = 2;
	}
	mailmime_content_free(ct);
	return type;
}

/*
 * block_end: the header block is over.  What follows is a multipart body
 * (push its boundary), an encapsulated message (push a message level and
 * read its header block next), or a leaf.
 */
static int
block_end(struct scan *sc)
{
	char *b;
	int type, digest, msg = 0;

	field_end(sc);
	sc->in_header = 0;
	type = block_type(sc, &b, &digest);
	if (type == 1 && b != NULL)
		push_frame(sc, b, digest);
	else if (type == 2 && !sc->blk_encoded)
		msg = 1;
	else if (type == -1 && sc->blk_digest && !sc->blk_encoded)
		msg = 1;
	if (msg) {
		push_frame(sc, NULL, 0);
		if (node_start(sc) < 0)
			return -1;
		block_begin(sc, 0);
	}
	return 0;
}

static int
header_line(struct scan *sc, size_t off, size_t e)
{
	size_t v, nl;

	for (;;) {
		if (e == off)
			return block_end(sc);
		if (sc->p[off] == ' ' || sc->p[off] == '\t') {
			if (sc->cur == 1)
				sc->ct_ve = e;
			else if (sc->cur == 2)
				sc->cte_ve = e;
			return 0;
		}
		if ((nl = field_name(sc->p, off, e, &v)) > 0) {
			field_end(sc);
			if (nl == 12 && !sc->blk_ct &&
			    strncasecmp(sc->p + off, "content-type", 12) == 0) {
				sc->blk_ct = 1;
				sc->ct_vs = v;
				sc->ct_ve = e;
				sc->cur = 1;
				if (sc->nallowed == sc->allowed_cap) {
					sc->allowed_cap = sc->allowed_cap ?
					    sc->allowed_cap * 2 : 16;
					sc->allowed = xreallocarray(sc->allowed,
					    sc->allowed_cap,
					    sizeof(*sc->allowed));
				}
				sc->allowed[sc->nallowed++] = off;
			} else if (nl == 25 && !sc->blk_cte &&
			    strncasecmp(sc->p + off,
			    "content-transfer-encoding", 25) == 0) {
				sc->blk_cte = 1;
				sc->cte_vs = v;
				sc->cte_ve = e;
				sc->cur = 2;
			}
			return 0;
		}
		/* no field: the block ends and this line is the body */
		if (block_end(sc) < 0)
			return -1;
		if (!sc->in_header)
			return 0;
		/* an encapsulated message starts on this very line */
	}
}

/*
 * delimiter: a line starting "--".  Frames are tried outermost first (the
 * outer multipart splits its body before the inner ones see it).  Before a
 * frame's first delimiter, "--boundary" as a prefix is enough (libetpan's
 * preamble rule); after it only "--boundary" + blanks, or the close
 * "--boundary--".  Returns 1 for a new part, 2 for a close, 0 for no
 * delimiter (then hidden from libetpan), -1 over a limit.
 */
static int
delimiter(struct scan *sc, size_t off, size_t e, size_t nx)
{
	struct frame *f;
	size_t k, r, q, e2, nx2;
	int kind = 0;

	for (k = 0; k < sc->nst && kind == 0; k++) {
		f = &sc->st[k];
		if (f->boundary == NULL || e - off - 2 < f->blen ||
		    memcmp(sc->p + off + 2, f->boundary, f->blen) != 0)
			continue;
		r = off + 2 + f->blen;
		if (!f->started) {
			kind = 1;
			break;
		}
		for (q = r; q < e && (sc->p[q] == ' ' || sc->p[q] == '\t'); q++)
			;
		if (q == e)
			kind = 1;
		else if (e - r >= 2 && sc->p[r] == '-' && sc->p[r + 1] == '-')
			kind = 2;
		if (kind)
			break;
	}
	if (kind == 0) {
		mark(sc, off + 1, '_');
		return 0;
	}
	if (sc->in_header) {
		/* a header block cut short: libetpan still reads its fields */
		char *b;
		int digest;

		field_end(sc);
		(void)block_type(sc, &b, &digest);
		free(b);
		sc->in_header = 0;
	}
	/* the outer split wins: inner levels end at this line */
	pop_to(sc, k + 1, off);
	if (kind == 2) {
		/*
		 * A close line may be a plain delimiter of a boundary that
		 * ends in "--" one level down, for libetpan: counted when
		 * it repeats, so such lines cannot make parts unseen.
		 */
		if (sc->st[k].closed && node_start(sc) < 0)
			return -1;
		sc->st[k].closed = 1;
		field_end(sc);
		sc->in_header = 0;
		return 2;
	}
	sc->st[k].started = 1;
	sc->st[k].closed = 0;
	if (node_start(sc) < 0)
		return -1;
	block_begin(sc, sc->st[k].digest);
	/*
	 * A part without header fields starts with an empty line.  libetpan
	 * skips empty lines after a delimiter and would take the body's
	 * first lines ("Name: Anna") for header fields: it gets a header
	 * block it can read instead.
	 */
	for (q = r; q < e && (sc->p[q] == ' ' || sc->p[q] == '\t'); q++)
		;
	if (q == e && nx < sc->len && !in_message(sc, k)) {
		next_line(sc->p, sc->len, nx, 0, &e2, &nx2);
		if (e2 == nx && nx2 > e2)
			add_insert(sc, nx, xstrdup("X-No-Header-Fields: 1\n"));
	}
	return 1;
}

static void
hide_content_types(struct scan *sc)
{
	size_t i, a = 0;

	for (i = 0; i + 12 <= sc->len; i++) {
		const char *q = mem_find_ci(sc->p + i, sc->len - i,
		    "content-type");

		if (q == NULL)
			break;
		i = (size_t)(q - sc->p);
		while (a < sc->nallowed && sc->allowed[a] < i)
			a++;
		if (a < sc->nallowed && sc->allowed[a] == i)
			continue;
		mark(sc, i + 7, '_');
		i += 11;
	}
}

/*
 * add_closes: rebuild the parse copy with the supplied close delimiters;
 * the marks and the Content-Type offsets move along.
 */
static void
add_closes(struct scan *sc)
{
	size_t extra = 0, i, k, from, shift, nlen, o, old;
	unsigned char *nbits;
	char *np;

	for (i = 0; i < sc->nins; i++)
		extra += strlen(sc->ins[i].text);
	nlen = sc->len + extra;
	np = xmalloc(nlen + 1);
	nbits = xcalloc(nlen / 8 + 1, 1);
	from = o = 0;
	for (i = 0; i <= sc->nins; i++) {
		size_t upto = i < sc->nins ? sc->ins[i].off : sc->len;

		memcpy(np + o, sc->p + from, upto - from);
		o += upto - from;
		from = upto;
		if (i < sc->nins) {
			size_t tl = strlen(sc->ins[i].text);

			memcpy(np + o, sc->ins[i].text, tl);
			o += tl;
		}
	}
	np[nlen] = '\0';
	/* a marked byte moves by the text inserted at or before it */
	for (i = 0, k = 0, shift = 0; i < sc->len / 8 + 1; i++) {
		unsigned bit;

		if (sc->bits[i] == 0)
			continue;
		for (bit = 0; bit < 8; bit++) {
			if (!(sc->bits[i] & (1u << bit)))
				continue;
			old = i * 8 + bit;
			while (k < sc->nins && sc->ins[k].off <= old)
				shift += strlen(sc->ins[k++].text);
			nbits[(old + shift) >> 3] |=
			    (unsigned char)(1u << ((old + shift) & 7));
		}
	}
	for (i = 0, k = 0, shift = 0; i < sc->nallowed; i++) {
		while (k < sc->nins && sc->ins[k].off <= sc->allowed[i])
			shift += strlen(sc->ins[k++].text);
		sc->allowed[i] += shift;
	}
	free(sc->p);
	free(sc->bits);
	sc->p = np;
	sc->bits = nbits;
	sc->len = nlen;
}

/* prescan: 0, or -1 with sc->error over a limit. */
static int
prescan(struct scan *sc)
{
	size_t off = 0, e, nx, i;
	int r = 0;

	tame_comments(sc);
	sc->nodes = 0;
	if (node_start(sc) < 0)
		return -1;
	block_begin(sc, 0);
	while (off < sc->len) {
		next_line(sc->p, sc->len, off, 0, &e, &nx);
		if (e - off >= 2 && sc->p[off] == '-' && sc->p[off + 1] == '-') {
			if ((r = delimiter(sc, off, e, nx)) < 0)
				break;
			if (r > 0) {
				off = nx;
				continue;
			}
		}
		if (sc->in_header && (r = header_line(sc, off, e)) < 0)
			break;
		off = nx;
	}
	pop_to(sc, 0, sc->len);
	if (r >= 0 && sc->nins > 0)
		add_closes(sc);
	for (i = 0; i < sc->nins; i++)
		free(sc->ins[i].text);
	free(sc->ins);
	sc->ins = NULL;
	sc->nins = 0;
	if (r < 0)
		return -1;
	hide_content_types(sc);
	return 0;
}

/* ---- building the mail ---- */

struct build {
	struct mail *m;
	const struct limits *lim;
	size_t nodes;
	size_t parts_cap;
	const char *error;
};

struct part_head {
	struct field_value ct;
	struct field_value cd;
	int has_ct, has_cd;
};

static void
part_head_read(const char *p, size_t len, size_t max, struct part_head *h)
{
	struct hfield f;
	size_t off = 0;
	char *v;

	memset(h, 0, sizeof(*h));
	while (hdr_next(p, len, &off, 0, &f)) {
		if (!h->has_ct && name_is(&f, "content-type")) {
			v = unfold(p, f.vs, f.ve, max, NULL);
			fv_parse(v, strlen(v), &h->ct);
			h->has_ct = 1;
			free(v);
		} else if (!h->has_cd && name_is(&f, "content-disposition")) {
			v = unfold(p, f.vs, f.ve, max, NULL);
			fv_parse(v, strlen(v), &h->cd);
			h->has_cd = 1;
			free(v);
		}
	}
}

static void
part_head_free(struct part_head *h)
{
	fv_free(&h->ct);
	fv_free(&h->cd);
}

/* valid_type: "type/subtype" of token characters, at most 127 bytes */
static int
valid_type(const char *t)
{
	const char *slash, *p;

	if (t == NULL || (slash = strchr(t, '/')) == NULL || slash == t ||
	    slash[1] == '\0' || strchr(slash + 1, '/') != NULL ||
	    strlen(t) > 127)
		return 0;
	for (p = t; *p; p++)
		if (!type_char((unsigned char)*p))
			return 0;
	return 1;
}

/* etpan_type: libetpan's idea of the type, lowercase */
static char *
etpan_type(const struct mailmime_content *c)
{
	const char *type = "text", *sub;
	char *t;

	if (c == NULL || c->ct_type == NULL)
		return xstrdup("text/plain");
	if (c->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		struct mailmime_discrete_type *d =
		    c->ct_type->tp_data.tp_discrete_type;

		switch (d->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT: type = "text"; break;
		case MAILMIME_DISCRETE_TYPE_IMAGE: type = "image"; break;
		case MAILMIME_DISCRETE_TYPE_AUDIO: type = "audio"; break;
		case MAILMIME_DISCRETE_TYPE_VIDEO: type = "video"; break;
		case MAILMIME_DISCRETE_TYPE_APPLICATION:
			type = "application";
			break;
		default:
			type = d->dt_extension ? d->dt_extension : "text";
			break;
		}
	} else if (c->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE) {
		struct mailmime_composite_type *ct =
		    c->ct_type->tp_data.tp_composite_type;

		type = ct->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE ?
		    "message" : ct->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART ?
		    "multipart" : ct->ct_token ? ct->ct_token : "text";
	}
	sub = c->ct_subtype ? c->ct_subtype : "plain";
	t = xasprintf("%s/%s", type, sub);
	str_lower(t);
	if (!valid_type(t)) {
		free(t);
		t = xstrdup("application/octet-stream");
	}
	return t;
}

/* html_charset: a <meta> charset in the first bytes of an HTML part */
static char *
html_charset(const char *s, size_t n)
{
	const char *c, *end;
	char tmp[65];
	size_t i = 0;

	if (n > 2048)
		n = 2048;
	end = s + n;
	if ((c = mem_find_ci(s, n, "charset=")) == NULL)
		return NULL;
	for (c += 8; c < end && (*c == '"' || *c == '\''); c++)
		;
	while (c < end && i < 64 && *c != '"' && *c != '\'' && *c != ';' &&
	    *c != '>' && *c != '/' && !is_blank(*c))
		tmp[i++] = *c++;
	tmp[i] = '\0';
	return token_lower(tmp);
}

/*
 * add_part: a leaf with its transfer-decoded bytes (taken: data).  Inline
 * text/plain and text/html become UTF-8 with \n line ends.
 */
static void
add_part(struct build *b, char *type, const struct part_head *h,
    unsigned depth, char *data, size_t len)
{
	struct mail_part *pt;
	const char *disp;
	char *name;
	int fb = 0;

	if (b->m->n_parts == b->parts_cap) {
		b->parts_cap = b->parts_cap ? b->parts_cap * 2 : 8;
		b->m->parts = xreallocarray(b->m->parts, b->parts_cap,
		    sizeof(*b->m->parts));
	}
	pt = &b->m->parts[b->m->n_parts++];
	memset(pt, 0, sizeof(*pt));
	pt->content_type = type;
	pt->depth = depth;
	pt->charset = token_lower(fv_get(&h->ct, "charset"));

	name = NULL;
	if (h->has_cd)
		name = param_text(&h->cd, "filename", b->lim->max_header_len);
	if (name == NULL && h->has_ct)
		name = param_text(&h->ct, "name", b->lim->max_header_len);
	if (name != NULL) {
		pt->filename = mime_sanitize_filename(name, strlen(name));
		free(name);
	}
	disp = h->has_cd ? h->cd.main : NULL;
	pt->attachment = (disp != NULL && strcmp(disp, "attachment") == 0) ||
	    (pt->filename != NULL && strncmp(type, "text/", 5) != 0);

	if (!pt->attachment && (strcmp(type, "text/plain") == 0 ||
	    strcmp(type, "text/html") == 0)) {
		char *cs = pt->charset, *t;

		if (cs == NULL && strcmp(type, "text/html") == 0)
			cs = html_charset(data, len);
		t = charset_to_utf8(data, len, cs, 0, &fb);
		if (cs != pt->charset)
			free(cs);
		if (fb)
			b->m->defects |= MAIL_DEFECT_CHARSET;
		free(data);
		data = t;
		len = strlen(t);
	}
	pt->data = (unsigned char *)data;
	pt->len = len;
}

/* decode_body: transfer decoding by libetpan; a fresh NUL-ended copy */
static char *
decode_body(struct build *b, const char *s, size_t n, int enc, size_t *len_r)
{
	char *res = NULL, *out;
	size_t idx = 0, rlen = 0;

	if (n == 0) {
		*len_r = 0;
		return xstrdup("");
	}
	if (enc == MAILMIME_MECHANISM_BASE64 ||
	    enc == MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		if (mailmime_part_parse(s, n, &idx, enc, &res, &rlen) ==
		    MAILIMF_NO_ERROR) {
			out = xmemdup0(res, rlen);
			mmap_string_unref(res);
			*len_r = rlen;
			return out;
		}
		b->m->defects |= MAIL_DEFECT_MIME;
	}
	*len_r = n;
	return xmemdup0(s, n);
}

static void
leaf(struct build *b, struct mailmime *mm, const struct part_head *h,
    unsigned depth, int force_text)
{
	struct mailmime_data *d = mm->mm_body;
	char *type = NULL, *data;
	size_t len = 0;
	int enc = MAILMIME_MECHANISM_8BIT;

	if (mm->mm_type == MAILMIME_MESSAGE)
		type = xstrdup("message/rfc822");
	else if (!force_text && h->has_ct && valid_type(h->ct.main) &&
	    strncmp(h->ct.main, "multipart/", 10) != 0)
		type = xstrdup(h->ct.main);
	else if (!force_text) {
		type = etpan_type(mm->mm_content_type);
		if (strncmp(type, "multipart/", 10) == 0) {
			/* a multipart without a usable boundary */
			free(type);
			type = NULL;
		}
	}
	if (type == NULL) {
		type = xstrdup("text/plain");
		b->m->defects |= MAIL_DEFECT_MIME;
	}
	if (d != NULL && d->dt_type == MAILMIME_DATA_TEXT) {
		if (mm->mm_type != MAILMIME_MESSAGE)
			enc = d->dt_encoding;
		data = decode_body(b, d->dt_data.dt_text.dt_data,
		    d->dt_data.dt_text.dt_length, enc, &len);
	} else
		data = xstrdup("");
	add_part(b, type, h, depth, data, len);
}

static int
walk(struct build *b, struct mailmime *mm, unsigned depth)
{
	struct part_head h;
	const char *hs = mm->mm_mime_start, *body;
	size_t hlen = 0;
	clistiter *it;
	char *type;
	int r = 0;

	if (++b->nodes > b->lim->max_parts) {
		b->error = "more than max_parts MIME parts";
		return -1;
	}
	if (depth > b->lim->max_mime_depth) {
		b->error = "MIME nesting deeper than max_mime_depth";
		return -1;
	}
	body = mm->mm_body != NULL && mm->mm_body->dt_type == MAILMIME_DATA_TEXT ?
	    mm->mm_body->dt_data.dt_text.dt_data : NULL;
	if (hs != NULL && body != NULL && body >= hs &&
	    (size_t)(body - hs) <= mm->mm_length)
		hlen = (size_t)(body - hs);
	part_head_read(hs, hlen, b->lim->max_header_len, &h);

	if (mm->mm_type == MAILMIME_MULTIPLE) {
		type = etpan_type(mm->mm_content_type);
		if (depth == 0 && b->m->content_type == NULL)
			b->m->content_type = xstrdup(type);
		if (strcmp(type, "multipart/report") == 0 &&
		    b->m->report_type == NULL)
			b->m->report_type = token_lower(fv_get(&h.ct,
			    "report-type"));
		free(type);
		it = mm->mm_data.mm_multipart.mm_mp_list ?
		    clist_begin(mm->mm_data.mm_multipart.mm_mp_list) : NULL;
		if (it == NULL) {
			/* boundary never found: keep the body as text */
			leaf(b, mm, &h, depth, 1);
		}
		for (; it != NULL && r == 0; it = clist_next(it))
			r = walk(b, clist_content(it), depth + 1);
	} else {
		if (depth == 0 && b->m->content_type == NULL) {
			leaf(b, mm, &h, depth, 0);
			b->m->content_type =
			    xstrdup(b->m->parts[b->m->n_parts - 1].content_type);
		} else
			leaf(b, mm, &h, depth, 0);
	}
	part_head_free(&h);
	return r;
}

/*
 * fallback: libetpan could not make a tree; the body becomes one part of
 * the declared discrete type (else text/plain), so nothing is lost.
 */
static void
fallback(struct build *b, const char *body, size_t n, const char *ct,
    const char *cte, const char *cd)
{
	struct part_head h;
	char *type = NULL, *data, *e;
	size_t len;
	int enc = MAILMIME_MECHANISM_8BIT;

	memset(&h, 0, sizeof(h));
	if (ct != NULL) {
		fv_parse(ct, strlen(ct), &h.ct);
		h.has_ct = 1;
		if (valid_type(h.ct.main) &&
		    strncmp(h.ct.main, "multipart/", 10) != 0 &&
		    strncmp(h.ct.main, "message/", 8) != 0)
			type = xstrdup(h.ct.main);
	}
	if (cd != NULL) {
		fv_parse(cd, strlen(cd), &h.cd);
		h.has_cd = 1;
	}
	if (type == NULL)
		type = xstrdup("text/plain");
	if ((e = token_lower(cte)) != NULL) {
		if (strcmp(e, "base64") == 0)
			enc = MAILMIME_MECHANISM_BASE64;
		else if (strcmp(e, "quoted-printable") == 0)
			enc = MAILMIME_MECHANISM_QUOTED_PRINTABLE;
		free(e);
	}
	b->m->defects |= MAIL_DEFECT_MIME;
	data = decode_body(b, body, n, enc, &len);
	b->m->content_type = xstrdup(type);
	add_part(b, type, &h, 0, data, len);
	part_head_free(&h);
}

static int
blank_text(const char *s)
{
	for (; *s; s++)
		if (!is_blank(*s))
			return 0;
	return 1;
}

/* body_text: inline text/plain parts joined, else the first HTML part */
static void
body_text(struct build *b)
{
	struct mail *m = b->m;
	struct mail_part *html = NULL;
	struct buf t;
	size_t i, max = b->lim->max_text, room;
	int any = 0, cut = 0;

	buf_init(&t, 0);
	buf_append(&t, "", 0);
	for (i = 0; i < m->n_parts; i++) {
		struct mail_part *p = &m->parts[i];

		if (p->attachment)
			continue;
		if (html == NULL && strcmp(p->content_type, "text/html") == 0)
			html = p;
		if (strcmp(p->content_type, "text/plain") != 0 || cut)
			continue;
		if (any)
			buf_putc(&t, '\n');
		any = 1;
		room = max && t.len < max ? max - t.len : 0;
		if (max && p->len > room) {
			size_t l = room;

			while (l > 0 && (p->data[l] & 0xc0) == 0x80)
				l--;
			buf_append(&t, p->data, l);
			cut = 1;
		} else
			buf_append(&t, p->data, p->len);
	}
	if (html != NULL)
		m->html = xmemdup0(html->data, html->len);
	if ((!any || blank_text(t.data)) && html != NULL) {
		buf_free(&t);
		m->text = html_to_text_r((const char *)html->data, html->len,
		    max, &cut);
	} else {
		if (max && t.len > max) {
			/* the joining newlines may have pushed it over */
			size_t l = max;

			while (l > 0 && ((unsigned char)t.data[l] & 0xc0) == 0x80)
				l--;
			t.len = l;
			t.data[l] = '\0';
			cut = 1;
		}
		m->text = buf_steal(&t);
	}
	if (cut)
		m->defects |= MAIL_DEFECT_TRUNCATED;
}

/* ---- top-level header fields ---- */

struct top {
	char *ct, *cte, *cd;          /* raw unfolded MIME fields */
	int have_from, have_reply, have_sender, have_rp, have_mid;
	int have_subject, have_date;
};

static void
top_field(struct mail *m, const struct limits *lim, const char *p,
    const struct hfield *f, struct top *tp)
{
	size_t cap = lim->max_header_len;
	char *raw, *dec;
	int cut = 0, rcpt;
	size_t rl;

	rcpt = name_is(f, "to") || name_is(f, "cc") ||
	    name_is(f, "delivered-to");
	if (m->n_headers >= MIME_MAX_HEADERS) {
		/* past the cap only what fills a field still empty */
		m->defects |= MAIL_DEFECT_HEADER;
		if (!(rcpt && m->n_rcpt < MIME_MAX_RCPT) &&
		    !(name_is(f, "from") && !tp->have_from) &&
		    !(name_is(f, "reply-to") && !tp->have_reply) &&
		    !(name_is(f, "sender") && !tp->have_sender) &&
		    !(name_is(f, "return-path") && !tp->have_rp) &&
		    !(name_is(f, "message-id") && !tp->have_mid) &&
		    !(name_is(f, "subject") && !tp->have_subject) &&
		    !(name_is(f, "date") && !tp->have_date) &&
		    !(name_is(f, "content-type") && tp->ct == NULL) &&
		    !(name_is(f, "content-transfer-encoding") &&
		    tp->cte == NULL) &&
		    !(name_is(f, "content-disposition") && tp->cd == NULL))
			return;
	}
	raw = unfold(p, f->vs, f->ve, cap, &cut);
	rl = strlen(raw);
	if (cut || f->nlen > cap)
		m->defects |= MAIL_DEFECT_HEADER;
	dec = charset_decode_words(raw, rl, cap);
	if (m->n_headers < MIME_MAX_HEADERS) {
		struct mail_header *h;

		m->headers = xreallocarray(m->headers, m->n_headers + 1,
		    sizeof(*m->headers));
		h = &m->headers[m->n_headers++];
		h->name = utf8_clean(f->name, f->nlen > cap ? cap : f->nlen, 0);
		h->value = xstrdup(dec);
	}

	if (name_is(f, "from") && !tp->have_from) {
		tp->have_from = 1;
		m->from_addr = first_address(raw, rl, cap, &m->from_name);
	} else if (name_is(f, "reply-to") && !tp->have_reply) {
		tp->have_reply = 1;
		m->reply_to_addr = first_address(raw, rl, cap,
		    &m->reply_to_name);
	} else if (name_is(f, "sender") && !tp->have_sender) {
		tp->have_sender = 1;
		m->sender_addr = first_address(raw, rl, cap, NULL);
	} else if (name_is(f, "return-path") && !tp->have_rp) {
		char *inner = angle_content(raw);

		tp->have_rp = 1;
		m->return_path = clean_addr(inner, strlen(inner));
		free(inner);
		if (strchr(m->return_path, ' ') != NULL) {
			/* junk around an address: keep only the address */
			char *a = first_address(raw, rl, cap, NULL);

			free(m->return_path);
			m->return_path = a != NULL ? a : xstrdup("");
		}
	} else if (rcpt && m->n_rcpt < MIME_MAX_RCPT) {
		addr_list(raw, rl, 0, cap, rcpt_cb, m);
	} else if (name_is(f, "message-id") && !tp->have_mid) {
		char *id = angle_content(dec);

		tp->have_mid = 1;
		if (*id == '\0') {
			free(id);
			id = NULL;
		}
		m->message_id = id;
	} else if (name_is(f, "subject") && !tp->have_subject) {
		tp->have_subject = 1;
		m->subject = xstrdup(dec);
	} else if (name_is(f, "date") && !tp->have_date) {
		tp->have_date = 1;
		m->date = parse_date(raw, rl);
	} else if (name_is(f, "content-type") && tp->ct == NULL) {
		tp->ct = raw;
		raw = NULL;
	} else if (name_is(f, "content-transfer-encoding") && tp->cte == NULL) {
		tp->cte = raw;
		raw = NULL;
	} else if (name_is(f, "content-disposition") && tp->cd == NULL) {
		tp->cd = raw;
		raw = NULL;
	}
	free(raw);
	free(dec);
}

/* detect_cr_only: the first line end is a CR without LF */
static int
detect_cr_only(const char *raw, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (raw[i] == '\n')
			return 0;
		if (raw[i] == '\r')
			return i + 1 >= len || raw[i + 1] != '\n';
	}
	return 0;
}

enum mime_result
mime_parse(const char *raw, size_t len, const struct limits *lim_in,
    struct mail **mail_r, const char **error_r)
{
	struct limits defaults;
	const struct limits *lim = lim_in;
	struct mail *m;
	struct top tp;
	struct hfield f;
	struct scan sc;
	struct build b;
	struct buf synth;
	struct mailmime *root = NULL;
	size_t off = 0, e, nx, i, j, idx = 0;
	int cr_only, r;

	*mail_r = NULL;
	if (lim == NULL) {
		limit_defaults(&defaults);
		lim = &defaults;
	}
	if (raw == NULL)
		len = 0;
	if (len > lim->max_message_size) {
		*error_r = "message larger than max_message_size";
		return MIME_REJECT;
	}
	m = xcalloc(1, sizeof(*m));
	memset(&tp, 0, sizeof(tp));
	cr_only = detect_cr_only(raw, len);

	/* an mbox "From " line is no header ("From :" is one) */
	if (len >= 5 && memcmp(raw, "From ", 5) == 0) {
		next_line(raw, len, 0, cr_only, &e, &nx);
		if (field_name(raw, 0, e, &i) == 0)
			off = nx;
	}
	while (hdr_next(raw, len, &off, cr_only, &f)) {
		/* one field longer than the limit is an attack, not a mail
		 * (DESIGN §5: header length is a limit like the others) */
		if (f.nlen + (f.ve - f.vs) > lim->max_header_len) {
			/* the MIME fields seen before it are ours to free */
			free(tp.ct);
			free(tp.cte);
			free(tp.cd);
			mail_free(m);
			*error_r = "a header field longer than max_header_len";
			return MIME_REJECT;
		}
		top_field(m, lim, raw, &f, &tp);
	}

	/* the parse copy: top-level MIME fields, then the body, LF ends */
	buf_init(&synth, 0);
	if (tp.ct)
		buf_appendf(&synth, "Content-Type: %s\n", tp.ct);
	if (tp.cte)
		buf_appendf(&synth, "Content-Transfer-Encoding: %s\n", tp.cte);
	if (tp.cd)
		buf_appendf(&synth, "Content-Disposition: %s\n", tp.cd);
	buf_putc(&synth, '\n');
	memset(&sc, 0, sizeof(sc));
	sc.lim = lim;
	sc.len = synth.len + (len - off);
	sc.p = xmalloc(sc.len + 1);
	memcpy(sc.p, synth.data, synth.len);
	if (!cr_only)
		memcpy(sc.p + synth.len, raw + off, len - off);
	else
		for (i = off, j = synth.len; i < len; i++, j++) {
			if (raw[i] == '\r' &&
			    (i + 1 >= len || raw[i + 1] != '\n'))
				sc.p[j] = '\n';
			else
				sc.p[j] = raw[i];
		}
	sc.p[sc.len] = '\0';
	sc.bits = xcalloc(sc.len / 8 + 1, 1);

	memset(&b, 0, sizeof(b));
	b.m = m;
	b.lim = lim;
	if (prescan(&sc) < 0) {
		*error_r = sc.error;
		r = -1;
		goto done;
	}
	r = mailmime_parse(sc.p, sc.len, &idx, &root);
	restore(&sc);
	if (r == MAILIMF_NO_ERROR && root != NULL &&
	    root->mm_type == MAILMIME_MESSAGE &&
	    root->mm_data.mm_message.mm_msg_mime != NULL) {
		if (walk(&b, root->mm_data.mm_message.mm_msg_mime, 0) < 0) {
			*error_r = b.error;
			r = -1;
			goto done;
		}
	} else
		fallback(&b, sc.p + synth.len, sc.len - synth.len, tp.ct,
		    tp.cte, tp.cd);
	r = 0;
	if (m->content_type == NULL)
		m->content_type = xstrdup("text/plain");
	body_text(&b);

done:
	if (root != NULL)
		mailmime_free(root);
	free(sc.p);
	free(sc.bits);
	free(sc.st);
	free(sc.allowed);
	buf_free(&synth);
	free(tp.ct);
	free(tp.cte);
	free(tp.cd);
	if (r < 0) {
		mail_free(m);
		return MIME_REJECT;
	}
	*mail_r = m;
	return MIME_OK;
}

int
mime_has_part(const struct mail *m, const char *type)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (strcmp(m->parts[i].content_type, type) == 0)
			return 1;
	return 0;
}

const char *
mail_header_get(const struct mail *m, const char *name)
{
	size_t i;

	if (m == NULL || name == NULL)
		return NULL;
	for (i = 0; i < m->n_headers; i++)
		if (strcasecmp(m->headers[i].name, name) == 0)
			return m->headers[i].value;
	return NULL;
}

void
mail_free(struct mail *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n_headers; i++) {
		free(m->headers[i].name);
		free(m->headers[i].value);
	}
	free(m->headers);
	free(m->message_id);
	free(m->from_addr);
	free(m->from_name);
	free(m->reply_to_addr);
	free(m->reply_to_name);
	free(m->sender_addr);
	free(m->return_path);
	for (i = 0; i < m->n_rcpt; i++)
		free(m->rcpt[i]);
	free(m->rcpt);
	free(m->subject);
	free(m->content_type);
	free(m->report_type);
	free(m->text);
	free(m->html);
	for (i = 0; i < m->n_parts; i++) {
		free(m->parts[i].content_type);
		free(m->parts[i].charset);
		free(m->parts[i].filename);
		free(m->parts[i].data);
	}
	free(m->parts);
	free(m);
}

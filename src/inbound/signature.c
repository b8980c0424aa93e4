/*
 * signature.c — the signature block of a mail's fresh text, and people's
 * names put in the order "Given Surname" (signature.h).
 *
 * The block: the fresh text ends at the first line that starts quoted
 * text (signature_fresh_len: an old signature in the quote is never
 * read).  In it, the last closing line ("Kind regards") or "-- " starts
 * the block: at most SIGNATURE_BLOCK_LINES non-blank lines, cut at a
 * disclaimer or register line ([stop]), mail-program footers skipped.
 * Each line is split into cells at '|', '·', '•' and tabs (the
 * "Name | Title | Company" layouts), and each cell is read in turn: an
 * e-mail address, a URL, a phone (labelled "Tel."/"M", or a number
 * alone; never a fax), a company (a legal form written in it, compared
 * as written), a title (a title word), an address (a street word or a
 * postcode and a place), else a name (the block's first cell, of
 * capitalised words).  What is not understood is left alone.  A mail
 * without closing or "-- " may still end with a signature: its last
 * paragraph counts when it starts with a name and holds a title, a
 * company or a phone besides.
 *
 * Ownership: a signature_words table owns the file's text and its
 * entries; the ingest (or extract.c's default) keeps it.  struct
 * signature owns its strings; signature_clear frees them.
 *
 * SECURITY: mail text is read through (s, n) only, at most
 * SIGNATURE_SCAN_MAX bytes; lines are folded into fixed buffers (longer
 * lines are read at their start and end the block); every copy is made
 * from a cell of one line, so shorter than it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "signature.h"
#include "util.h"

#define FOLD_MAX 512

enum section {
	S_CLOSING, S_TITLE, S_LEGAL, S_STOP, S_FOOTER, S_QUOTE, S_HEADER,
	S_PHONE, S_FAX, S_STREET, S_HONORIFIC, S_PARTICLE, S_NONNAME,
	S_PROXY, S_N
};

static const char *const section_names[S_N] = {
	"closing", "title", "legal", "stop", "footer", "quote", "header",
	"phone", "fax", "street", "honorific", "particle", "nonname",
	"proxy",
};

struct entry {
	char *text;       /* folded (words form, see below), or as written */
	size_t len;
	int suffix;       /* '*': matches the end of a word */
};

struct signature_words {
	struct entry *v[S_N];
	size_t n[S_N];
};

static char load_error[4096 + 256];

/* ---- folding ---- */

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* a NUL in a text read through (s, n) is a blank too: no value holds one */
static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
	    c == '\0';
}

/*
 * fold_line: (s, n) folded (fields_fold) with the blanks before a ':'
 * removed ("De :" = "de:"), into out; its length.
 */
static size_t
fold_line(const char *s, size_t n, char *out, size_t outsz)
{
	char f[FOLD_MAX];
	size_t fl, i, o = 0;

	fl = fields_fold(s, n, f, sizeof(f) < outsz ? sizeof(f) : outsz);
	for (i = 0; i < fl && o + 1 < outsz; i++) {
		if (f[i] == ' ' && i + 1 < fl && f[i + 1] == ':')
			continue;
		out[o++] = f[i];
	}
	out[o] = '\0';
	return o;
}

/*
 * words: s folded, each run of characters other than letters, digits,
 * "'" and non-ASCII one space, with a space at both ends: " head of hr ".
 */
static size_t
words(const char *s, size_t n, char *out, size_t outsz)
{
	char f[FOLD_MAX];
	size_t fl, i, o = 0;

	if (outsz < 3)
		return 0;
	fl = fields_fold(s, n, f, sizeof(f));
	out[o++] = ' ';
	for (i = 0; i < fl && o + 2 < outsz; i++) {
		unsigned char c = (unsigned char)f[i];

		if (is_alnum(c) || c == '\'' || c >= 0x80)
			out[o++] = (char)c;
		else if (out[o - 1] != ' ')
			out[o++] = ' ';
	}
	if (out[o - 1] != ' ')
		out[o++] = ' ';
	out[o] = '\0';
	return o;
}

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
		    "signature words: %s", what);
	return load_error;
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

/* entry_add: the text (p, n) of a line of section sec, in its form */
static const char *
entry_add(struct signature_words *w, enum section sec, const char *p,
    size_t n, size_t *total)
{
	char f[FOLD_MAX];
	struct entry *e;
	size_t k;
	int suffix = 0;

	if (n > SIGNATURE_WORD_LEN_MAX)
		return "an entry longer than 100 bytes";
	if (!utf8_valid(p, n))
		return "the entry is not UTF-8";
	for (k = 0; k < n; k++)
		if ((unsigned char)p[k] < ' ' || p[k] == 0x7f)
			return "a control character in the entry";
	if (*total >= SIGNATURE_WORDS_MAX)
		return "more than 4096 entries";
	if ((sec == S_TITLE || sec == S_STREET) && p[0] == '*') {
		suffix = 1;
		p++;
		n--;
	}
	switch (sec) {
	case S_LEGAL:
		memcpy(f, p, n);
		f[n] = '\0';
		k = n;
		break;
	case S_QUOTE:
	case S_HEADER:
		k = fold_line(p, n, f, sizeof(f));
		break;
	case S_HONORIFIC:
	case S_PARTICLE:
	case S_PROXY: {
		char g[FOLD_MAX];
		size_t gl = fields_fold(p, n, g, sizeof(g)), i;

		/* compared without dots: "Dipl.-Ing." = "dipl-ing" */
		for (i = 0, k = 0; i < gl; i++)
			if (g[i] != '.')
				f[k++] = g[i];
		f[k] = '\0';
		break;
	}
	default:
		/* the words form without its two blanks */
		k = words(p, n, f, sizeof(f));
		if (k <= 2)
			return "an entry without letters";
		memmove(f, f + 1, k - 2);
		k -= 2;
		f[k] = '\0';
		break;
	}
	if (k == 0)
		return "an empty entry";
	w->v[sec] = xreallocarray(w->v[sec], w->n[sec] + 1,
	    sizeof(*w->v[sec]));
	e = &w->v[sec][w->n[sec]++];
	e->text = xstrndup(f, k);
	e->len = k;
	e->suffix = suffix;
	(*total)++;
	return NULL;
}

static const char *
line_parse(struct signature_words *w, char *p, size_t n, int *sec,
    size_t *total)
{
	size_t i = 0, ls, le, k;

	while (n > 0 && is_blank((unsigned char)p[n - 1]))
		n--;
	while (i < n && is_blank((unsigned char)p[i]))
		i++;
	if (i == n || p[i] == '#')
		return NULL;
	if (p[i] == '[') {
		if (p[n - 1] != ']')
			return "a section line must end with ']'";
		for (k = 0; k < S_N; k++)
			if (strlen(section_names[k]) == n - i - 2 &&
			    memcmp(section_names[k], p + i + 1, n - i - 2) == 0)
				break;
		if (k == S_N)
			return "unknown section (the list is at the top of the "
			    "installed file)";
		*sec = (int)k;
		return NULL;
	}
	if (*sec < 0)
		return "an entry before the first [section]";
	ls = i;
	while (i < n && !is_blank((unsigned char)p[i]))
		i++;
	le = i;
	if (!lang_ok(p + ls, le - ls))
		return "the language is no ISO 639 code (en, de, fr, ...)";
	while (i < n && is_blank((unsigned char)p[i]))
		i++;
	if (i == n)
		return "no text after the language";
	return entry_add(w, (enum section)*sec, p + i, n - i, total);
}

struct signature_words *
signature_words_load(const char *path, const char **error_r)
{
	struct signature_words *w;
	const char *err;
	char *data = NULL, *p, *end, *nl;
	size_t len, line = 0, total = 0;
	int sec = -1;

	if (path == NULL || path[0] == '\0') {
		*error_r = "signature words: no file named";
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	if (file_read(path, SIGNATURE_WORDS_FILE_MAX, &data, &len, &err) < 0) {
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
		*nl = '\0';
		if ((err = line_parse(w, p, (size_t)(nl - p), &sec,
		    &total)) != NULL) {
			*error_r = fail(path, line, err);
			goto fail;
		}
	}
	if (w->n[S_CLOSING] == 0) {
		*error_r = fail(path, 0, "no [closing] entries in it");
		goto fail;
	}
	free(data);
	return w;
fail:
	free(data);
	signature_words_free(w);
	return NULL;
}

void
signature_words_free(struct signature_words *w)
{
	size_t s, i;

	if (w == NULL)
		return;
	for (s = 0; s < S_N; s++) {
		for (i = 0; i < w->n[s]; i++)
			free(w->v[s][i].text);
		free(w->v[s]);
	}
	free(w);
}

size_t
signature_words_count(const struct signature_words *w)
{
	size_t s, n = 0;

	if (w == NULL)
		return 0;
	for (s = 0; s < S_N; s++)
		n += w->n[s];
	return n;
}

const char *
signature_words_default_path(void)
{
	static char path[4096];

	return data_file_path(path, sizeof(path), SIGNATURE_WORDS_FILE);
}

/* ---- look-ups ---- */

/* has_word: an entry of sec in the words form ws (" a b ") */
static const struct entry *
has_word(const struct signature_words *w, enum section sec, const char *ws)
{
	char pat[SIGNATURE_WORD_LEN_MAX * 2 + 4];
	size_t i;

	for (i = 0; i < w->n[sec]; i++) {
		const struct entry *e = &w->v[sec][i];

		if (e->len + 3 > sizeof(pat))
			continue;
		if (e->suffix) {
			memcpy(pat, e->text, e->len);
			pat[e->len] = ' ';
			pat[e->len + 1] = '\0';
		} else {
			pat[0] = ' ';
			memcpy(pat + 1, e->text, e->len);
			pat[e->len + 1] = ' ';
			pat[e->len + 2] = '\0';
		}
		if (strstr(ws, pat) != NULL)
			return e;
	}
	return NULL;
}

/* starts_word: ws (" a b c ") starts with an entry of sec: its length */
static size_t
starts_word(const struct signature_words *w, enum section sec,
    const char *ws)
{
	size_t i;

	for (i = 0; i < w->n[sec]; i++) {
		const struct entry *e = &w->v[sec][i];

		if (strncmp(ws + 1, e->text, e->len) == 0 &&
		    ws[1 + e->len] == ' ')
			return e->len;
	}
	return 0;
}

/* is_word: ws is exactly an entry of sec */
static int
is_word(const struct signature_words *w, enum section sec, const char *ws,
    size_t wl)
{
	size_t i;

	if (wl < 3)
		return 0;
	for (i = 0; i < w->n[sec]; i++)
		if (w->v[sec][i].len == wl - 2 &&
		    memcmp(w->v[sec][i].text, ws + 1, wl - 2) == 0)
			return 1;
	return 0;
}

/* token_in: the token (s, n), folded and without dots, is in sec */
static int
token_in(const struct signature_words *w, enum section sec, const char *s,
    size_t n)
{
	char f[FOLD_MAX], g[FOLD_MAX];
	size_t fl, i, k = 0;

	if (w == NULL)
		return 0;
	fl = fields_fold(s, n, f, sizeof(f));
	for (i = 0; i < fl; i++)
		if (f[i] != '.')
			g[k++] = f[i];
	for (i = 0; i < w->n[sec]; i++)
		if (w->v[sec][i].len == k &&
		    memcmp(w->v[sec][i].text, g, k) == 0)
			return 1;
	return 0;
}

/*
 * legal_at: the end of a legal form written in (s, n) as a word of its
 * own, and *start_r its start; 0 when none.  The last one found wins
 * ("Müller GmbH & Co. KG" ends at "KG").
 */
static size_t
legal_at(const struct signature_words *w, const char *s, size_t n,
    size_t *start_r)
{
	size_t i, k, best = 0;

	for (k = 0; k < w->n[S_LEGAL]; k++) {
		const struct entry *e = &w->v[S_LEGAL][k];

		for (i = 0; i + e->len <= n; i++) {
			unsigned char b, a;

			if (memcmp(s + i, e->text, e->len) != 0)
				continue;
			b = i > 0 ? (unsigned char)s[i - 1] : ' ';
			a = i + e->len < n ? (unsigned char)s[i + e->len] :
			    ' ';
			if (b != ' ' && b != ',' && b != '(')
				continue;
			if (!(a == ' ' || a == ',' || a == ')' || a == ';' ||
			    (a == '.' && (i + e->len + 1 == n ||
			    s[i + e->len + 1] == ' '))))
				continue;
			if (i + e->len > best) {
				best = i + e->len;
				*start_r = i;
			}
		}
	}
	return best;
}

/* ---- quoted text ---- */

/* quote_match: the folded line f is the pattern p ("on ... wrote:") */
static int
quote_match(const char *f, size_t fl, const char *p)
{
	const char *dots = strstr(p, "...");
	const char *at = f;
	size_t pl;

	if (dots == NULL)
		return strstr(f, p) != NULL;
	/* "... schrieb ...:" anywhere: only a header naming an address
	 * ("Klaus <k@x.de> schrieb am 3.6.:"), not "Er schrieb dazu:" */
	if (dots == p && memchr(f, '@', fl) == NULL)
		return 0;
	/* the first part anchored at the start */
	pl = (size_t)(dots - p);
	if (pl > 0) {
		if (strncmp(f, p, pl) != 0)
			return 0;
		at = f + pl;
	}
	p = dots + 3;
	for (;;) {
		const char *next = strstr(p, "...");

		pl = next != NULL ? (size_t)(next - p) : strlen(p);
		if (next == NULL) {
			/* the last part anchored at the end */
			size_t left = fl - (size_t)(at - f);

			return pl <= left && memcmp(f + fl - pl, p, pl) == 0;
		} else if (pl > 0) {
			char part[FOLD_MAX];
			const char *hit;

			if (pl >= sizeof(part))
				return 0;
			memcpy(part, p, pl);
			part[pl] = '\0';
			if ((hit = strstr(at, part)) == NULL)
				return 0;
			at = hit + pl;
		}
		p = next + 3;
	}
}

static int
is_quote_header(const struct signature_words *w, const char *f, size_t fl)
{
	size_t i;

	for (i = 0; i < w->n[S_QUOTE]; i++)
		if (quote_match(f, fl, w->v[S_QUOTE][i].text))
			return 1;
	return 0;
}

static int
is_header_label(const struct signature_words *w, const char *f)
{
	size_t i;

	for (i = 0; i < w->n[S_HEADER]; i++)
		if (strncmp(f, w->v[S_HEADER][i].text,
		    w->v[S_HEADER][i].len) == 0)
			return 1;
	return 0;
}

/* next_line: the line at *pos in (s, n), its length without "\r\n" */
static const char *
next_line(const char *s, size_t n, size_t *pos, size_t *len_r)
{
	const char *l = s + *pos, *nl;
	size_t ll;

	if (*pos >= n)
		return NULL;
	nl = memchr(l, '\n', n - *pos);
	ll = nl != NULL ? (size_t)(nl - l) : n - *pos;
	*pos += ll + (nl != NULL);
	if (ll > 0 && l[ll - 1] == '\r')
		ll--;
	*len_r = ll;
	return l;
}

size_t
signature_fresh_len(const struct signature_words *w, const char *s,
    size_t n)
{
	size_t pos = 0, start, ll, i;
	char f[FOLD_MAX], g[FOLD_MAX * 2];
	const char *l;

	if (s == NULL)
		return 0;
	if (n > SIGNATURE_SCAN_MAX)
		n = SIGNATURE_SCAN_MAX;
	if (w == NULL)
		return n;
	for (;;) {
		size_t fl, p2, l2len, gl;
		const char *l2;

		start = pos;
		if ((l = next_line(s, n, &pos, &ll)) == NULL)
			return n;
		for (i = 0; i < ll && is_blank((unsigned char)l[i]); i++)
			;
		if (i < ll && l[i] == '>')
			return start;
		fl = fold_line(l, ll, f, sizeof(f));
		if (fl == 0)
			continue;
		if (is_quote_header(w, f, fl))
			return start;
		/* a quote header wrapped over two lines (long names) */
		p2 = pos;
		l2 = next_line(s, n, &p2, &l2len);
		if (l2 != NULL && fl < 200) {
			char f2[FOLD_MAX];
			size_t f2l = fold_line(l2, l2len, f2, sizeof(f2));

			if (f2l > 0 && f2l < 200 && f2[f2l - 1] == ':') {
				gl = (size_t)snprintf(g, sizeof(g), "%s %s", f,
				    f2);
				if (gl < sizeof(g) && is_quote_header(w, g, gl))
					return start;
			}
		}
		/* an Outlook header: two labelled lines in a row */
		if (is_header_label(w, f) && l2 != NULL) {
			char f2[FOLD_MAX];

			fold_line(l2, l2len, f2, sizeof(f2));
			if (is_header_label(w, f2))
				return start;
		}
	}
}

/* ---- the block ---- */

static int
is_delimiter(const char *l, size_t ll)
{
	while (ll > 0 && is_blank((unsigned char)l[ll - 1]))
		ll--;
	return ll == 2 && l[0] == '-' && l[1] == '-';
}

/* upper_start: s starts with a capital letter (ASCII or Latin) */
static int
upper_start(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0], d;

	if (c >= 'A' && c <= 'Z')
		return 1;
	if (n < 2)
		return 0;
	d = (unsigned char)s[1];
	if (c == 0xc3)
		return d >= 0x80 && d <= 0x9e && d != 0x97;
	return c == 0xc4 || c == 0xc5;  /* Latin Extended-A: near enough */
}

/* name_token_ok: letters, '-', '\'', '.' and non-ASCII only */
static int
name_token_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c >= 0x80 || c == '-' || c == '\'' || c == '.'))
			return 0;
	}
	return 1;
}

/*
 * name_like: (s, n) is the name of a person: 1 to 5 words, capitalised
 * (particles and honorifics aside), no digits or signs, no title word,
 * no legal form, no team word.
 */
static int
name_like(const struct signature_words *w, const char *s, size_t n)
{
	char ws[FOLD_MAX];
	size_t i = 0, b, tokens = 0, caps = 0, st;

	if (n == 0 || n > 64)
		return 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		b = i;
		while (i < n && s[i] != ' ')
			i++;
		if (++tokens > 5 || !name_token_ok(s + b, i - b))
			return 0;
		if (token_in(w, S_HONORIFIC, s + b, i - b) ||
		    token_in(w, S_PARTICLE, s + b, i - b))
			continue;
		if (!upper_start(s + b, i - b))
			return 0;
		if (token_in(w, S_NONNAME, s + b, i - b))
			return 0;
		caps++;
	}
	if (caps == 0)
		return 0;
	if (w != NULL) {
		words(s, n, ws, sizeof(ws));
		if (has_word(w, S_TITLE, ws) != NULL ||
		    has_word(w, S_CLOSING, ws) != NULL ||
		    legal_at(w, s, n, &st) > 0)
			return 0;
	}
	return 1;
}

/* trim: (s, *n) without blanks and the given trailing signs */
static const char *
trim(const char *s, size_t *n, const char *tail)
{
	while (*n > 0 && (is_blank((unsigned char)s[0]) || s[0] == ' ')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (is_blank((unsigned char)s[*n - 1]) ||
	    (tail != NULL && strchr(tail, s[*n - 1]) != NULL)))
		(*n)--;
	return s;
}

/* copy: (s, n) on one line, single blanks */
static char *
copy(const char *s, size_t n)
{
	char *o = xmalloc(n + 1);
	size_t i, k = 0;
	int sp = 0;

	for (i = 0; i < n; i++) {
		if (is_blank((unsigned char)s[i]) || s[i] == '\n') {
			sp = 1;
			continue;
		}
		if (sp && k > 0)
			o[k++] = ' ';
		sp = 0;
		o[k++] = s[i];
	}
	o[k] = '\0';
	return o;
}

struct reader {
	const struct signature_words *w;
	struct signature *sig;
	int cells;        /* cells read so far */
	int first_name_one_word;
	int address_open; /* the last cell was an address */
	int address_parts;
};

static void
set_once(char **dst, const char *s, size_t n)
{
	if (*dst == NULL && n > 0)
		*dst = copy(s, n);
}

/* email_in: the first addr-spec in (s, n), lowercase, or NULL */
static char *
email_in(const char *s, size_t n)
{
	static const char local_ok[] = "!#$%&'*+/=?^_`{|}~-.";
	size_t at, b, e;
	char *r;
	int dot;

	for (at = 0; at < n; at++) {
		if (s[at] != '@')
			continue;
		b = at;
		while (b > 0 && (is_alnum((unsigned char)s[b - 1]) ||
		    strchr(local_ok, s[b - 1]) != NULL))
			b--;
		while (b < at && s[b] == '.')
			b++;
		e = at + 1;
		dot = 0;
		while (e < n && (is_alnum((unsigned char)s[e]) ||
		    s[e] == '-' || s[e] == '.')) {
			if (s[e] == '.')
				dot = 1;
			e++;
		}
		while (e > at + 1 && s[e - 1] == '.')
			e--;
		if (b == at || e == at + 1 || !dot || e - b > 254)
			continue;
		r = xstrndup(s + b, e - b);
		str_lower(r);
		return r;
	}
	return NULL;
}

/* url_in: the blank-separated token of (s, n) holding needle */
static int
url_in(const char *s, size_t n, const char *needle, char **dst)
{
	const char *p = mem_find_ci(s, n, needle);
	size_t b, e;

	if (p == NULL)
		return 0;
	b = (size_t)(p - s);
	while (b > 0 && !is_blank((unsigned char)s[b - 1]) &&
	    strchr("<(\"'", s[b - 1]) == NULL)
		b--;
	/* a label glued on: "LinkedIn:https://…" stays, "Web:" does not */
	e = (size_t)(p - s);
	while (e < n && !is_blank((unsigned char)s[e]) &&
	    strchr(">)\"'", s[e]) == NULL)
		e++;
	while (e > b && strchr(".,;", s[e - 1]) != NULL)
		e--;
	if (e - b > 256)
		return 1;     /* read, but too long to be an address */
	if (*dst == NULL) {
		const char *c = memchr(s + b, ':', e - b);

		/* "Web:www.x.de": the label off, a scheme's ':' kept */
		if (c != NULL && c + 1 < s + e && c[1] != '/')
			b = (size_t)(c + 1 - s);
		*dst = xstrndup(s + b, e - b);
	}
	return 1;
}

/*
 * phone_read: a number at s[i] of (s, n): its end in *end_r; the digits
 * it holds, 0 when none.
 */
static size_t
phone_read(const char *s, size_t n, size_t i, size_t *end_r)
{
	size_t digits = 0, last = i;

	for (; i < n; i++) {
		char c = s[i];

		if (is_digit((unsigned char)c)) {
			digits++;
			last = i + 1;
		} else if (c == ')') {
			last = i + 1;
		} else if (!(is_blank((unsigned char)c) || c == '+' ||
		    c == '(' || c == '-' || c == '.' || c == '/'))
			break;
	}
	*end_r = last;
	return digits;
}

static void phone_cell(struct reader *r, const char *s, size_t n);

static void
phone_add(struct reader *r, const char *s, size_t n)
{
	struct signature *sig = r->sig;

	if (sig->n_phones < SIGNATURE_PHONES_MAX)
		sig->phones[sig->n_phones++] = copy(s, n);
}

/*
 * phone_labelled: 1 when the cell (s, n) starts with a phone or fax
 * label and a number; the numbers after a phone label are added, those
 * after a fax label read and left out.
 */
static int
phone_labelled(struct reader *r, const char *s, size_t n)
{
	char ws[FOLD_MAX];
	size_t i, end, d;
	int fax;

	words(s, n, ws, sizeof(ws));
	fax = starts_word(r->w, S_FAX, ws) > 0;
	if (!fax && starts_word(r->w, S_PHONE, ws) == 0)
		return 0;
	/* the label must be followed by the number */
	for (i = 0; i < n && !is_digit((unsigned char)s[i]) && s[i] != '+' &&
	    s[i] != '('; i++)
		if (i > 24)
			return 0;
	if (i == n)
		return 0;
	d = phone_read(s, n, i, &end);
	if (d < 6 || d > 20)
		return 0;
	if (!fax)
		phone_add(r, s + i, end - i);
	/* "Tel. +49 89 1 Fax +49 89 2": what follows */
	if (end < n)
		phone_cell(r, s + end, n - end);
	return 1;
}

static void
phone_cell(struct reader *r, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (is_blank((unsigned char)s[i]) ||
	    strchr("/,;-", s[i]) != NULL))
		i++;
	if (i < n)
		(void)phone_labelled(r, s + i, n - i);
}

/* phone_alone: the cell is a number and nothing else */
static int
phone_alone(const char *s, size_t n)
{
	size_t end, d;

	if (n == 0 || !(s[0] == '+' || s[0] == '(' || s[0] == '0'))
		return 0;
	d = phone_read(s, n, 0, &end);
	return d >= 7 && d <= 20 && end == n;
}

/* address_like: a street and number, or a postcode and a place */
static int
address_like(const struct signature_words *w, const char *s, size_t n)
{
	char ws[FOLD_MAX];
	size_t i, digits = 0, run = 0;

	for (i = 0; i < n; i++)
		if (is_digit((unsigned char)s[i]))
			digits++;
	if (digits == 0)
		return 0;
	words(s, n, ws, sizeof(ws));
	if (has_word(w, S_STREET, ws) != NULL)
		return 1;
	/* a postcode of 4 or 5 digits (perhaps "D-80802", "1012 AB") and a
	 * capitalised place */
	for (i = 0; i < n; i++) {
		if (is_digit((unsigned char)s[i])) {
			run++;
			continue;
		}
		if ((run == 4 || run == 5) && s[i] == ' ' && i + 1 < n &&
		    upper_start(s + i + 1, n - i - 1) &&
		    (i - run == 0 || s[i - run - 1] == ' ' ||
		    s[i - run - 1] == '-' || s[i - run - 1] == ','))
			return 1;
		run = 0;
	}
	/* a British postcode: "EC2A 4BX" */
	for (i = 0; i + 3 <= n; i++)
		if (i > 0 && s[i - 1] == ' ' && is_digit((unsigned char)s[i]) &&
		    s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
		    s[i + 2] >= 'A' && s[i + 2] <= 'Z' &&
		    (i + 3 == n || s[i + 3] == ' ' || s[i + 3] == ',') &&
		    i >= 3 && s[i - 2] >= '0' && s[i - 2] <= 'Z')
			return 1;
	return 0;
}

static void cell_read(struct reader *r, const char *s, size_t n, int depth);
static int person_part(const struct signature_words *w, const char *s,
    size_t n);

/* title_set: the title, or, written "Name, Title", the name and title */
static void
title_set(struct reader *r, const char *s, size_t n)
{
	const char *c = memchr(s, ',', n);
	size_t a;

	if (c != NULL && r->sig->name == NULL) {
		a = (size_t)(c - s);
		if (name_like(r->w, s, a)) {
			size_t rn = n - a - 1;
			const char *rest = trim(c + 1, &rn, NULL);

			set_once(&r->sig->name, s, a);
			set_once(&r->sig->title, rest, rn);
			return;
		}
	}
	set_once(&r->sig->title, s, n);
}

/* company_cell: a cell with a legal form in it */
static void
company_cell(struct reader *r, const char *s, size_t n, size_t ls,
    size_t le, int depth)
{
	static const char *const seps[] = {
		" at ", " bei ", " chez ", " en ", " presso ", " bij ",
		" @ ", ", ", " - ", " \xe2\x80\x93 ", " / ",
	};
	size_t b = 0, bs = 0, k, rn, tn;
	const char *rest, *tail;

	/* the company starts after the last separator before its form */
	for (k = 0; k < ARRAY_SIZE(seps); k++) {
		size_t sl = strlen(seps[k]), i;

		/* "Nubia Tech, S.L.": a separator right before the form is
		 * part of the name */
		for (i = 0; i + sl < ls; i++)
			if (memcmp(s + i, seps[k], sl) == 0 && i + sl > b) {
				b = i + sl;
				bs = i;
			}
	}
	if (b > 0) {
		size_t hn = bs;
		const char *head = trim(s, &hn, ",-/@ ");

		/* "Head of HR at Alpenbau GmbH": the head read on its own */
		if (hn > 0)
			cell_read(r, head, hn, depth + 1);
	}
	tn = le - b;
	tail = trim(s + b, &tn, ",");
	set_once(&r->sig->company, tail, tn);
	rn = n - le;
	rest = trim(s + le, &rn, NULL);
	while (rn > 0 && (rest[0] == ',' || rest[0] == ' ' || rest[0] == '-' ||
	    rest[0] == '|')) {
		rest++;
		rn--;
	}
	if (rn > 0)
		cell_read(r, rest, rn, depth + 1);
}

/*
 * address_add: the cell to the address: the first run of address cells
 * only (a second office's address further down is not joined).
 */
static void
address_add(struct reader *r, const char *s, size_t n)
{
	struct signature *sig = r->sig;
	char *c, *j;

	if (sig->address != NULL && !r->address_open)
		return;
	if (r->address_parts >= 3)
		return;
	c = copy(s, n);
	if (sig->address == NULL)
		sig->address = c;
	else {
		j = xasprintf("%s, %s", sig->address, c);
		free(sig->address);
		free(c);
		sig->address = j;
	}
	r->address_parts++;
	r->address_open = 1;
}

static void
cell_read(struct reader *r, const char *s, size_t n, int depth)
{
	const struct signature_words *w = r->w;
	struct signature *sig = r->sig;
	char ws[FOLD_MAX];
	size_t ls = 0, le, k;
	int first = r->cells == 0;

	s = trim(s, &n, NULL);
	if (n == 0 || depth > 3)
		return;
	r->cells++;
	if (memchr(s, '@', n) != NULL) {
		char *e = email_in(s, n);

		if (e != NULL && sig->email == NULL)
			sig->email = e;
		else
			free(e);
		if (e != NULL)
			goto done;
	}
	if (url_in(s, n, "linkedin.com/", &sig->profile) ||
	    url_in(s, n, "xing.com/", &sig->profile) ||
	    url_in(s, n, "www.", &sig->web) ||
	    url_in(s, n, "http://", &sig->web) ||
	    url_in(s, n, "https://", &sig->web))
		goto done;
	if (phone_labelled(r, s, n))
		goto done;
	if (phone_alone(s, n)) {
		phone_add(r, s, n);
		goto done;
	}
	if ((le = legal_at(w, s, n, &ls)) > 0) {
		company_cell(r, s, n, ls, le, depth);
		return;
	}
	words(s, n, ws, sizeof(ws));
	if (has_word(w, S_TITLE, ws) != NULL) {
		size_t nw = 0;

		for (k = 0; ws[k] != '\0'; k++)
			nw += ws[k] == ' ';
		/* a label ("Geschäftsführer: Hans Alpen") or prose is none */
		if (memchr(s, ':', n) == NULL && nw <= 11) {
			title_set(r, s, n);
			goto done;
		}
	}
	if (address_like(w, s, n)) {
		address_add(r, s, n);
		return;
	}
	/* "i.A. Petra Huber": who signs for the firm, without the "i.A." */
	for (k = 0; k < n && s[k] != ' '; k++)
		;
	if (k < n && token_in(w, S_PROXY, s, k)) {
		s += k;
		n -= k;
		s = trim(s, &n, NULL);
	}
	/* "Petra Huber (she/her)", "Jan Jansen (HR)": the name before */
	if (n > 2 && s[n - 1] == ')' && memchr(s, '(', n) != NULL) {
		size_t pn = (size_t)((const char *)memchr(s, '(', n) - s);

		if (pn > 0 && name_like(w, s, pn) && sig->name == NULL &&
		    first) {
			sig->name = copy(s, pn);
			while (sig->name[0] != '\0' &&
			    sig->name[strlen(sig->name) - 1] == ' ')
				sig->name[strlen(sig->name) - 1] = '\0';
			goto done;
		}
	}
	if (first && sig->name == NULL && memchr(s, ',', n) != NULL) {
		const char *c = memchr(s, ',', n);
		size_t a = (size_t)(c - s), rn = n - a - 1;
		const char *g = trim(c + 1, &rn, NULL);

		if (memchr(g, ',', rn) == NULL && name_like(w, s, a)) {
			if (name_like(w, g, rn) && person_part(w, g, rn))
				/* "García López, Ana": put in order at the end */
				sig->name = copy(s, n);
			else
				/* "Petra Huber, MBA" */
				sig->name = copy(s, a);
			goto done;
		}
	}
	if (name_like(w, s, n)) {
		size_t nt = 1;

		for (k = 0; k < n; k++)
			nt += s[k] == ' ';
		if (sig->name == NULL && first) {
			sig->name = copy(s, n);
			r->first_name_one_word = nt == 1;
		} else if (r->first_name_one_word && nt > 1) {
			/* "Petra" after the closing, "Dr. Petra Huber" below */
			char a[FOLD_MAX], b[FOLD_MAX];

			words(sig->name, strlen(sig->name), a, sizeof(a));
			words(s, n, b, sizeof(b));
			if (strstr(b, a) != NULL) {
				free(sig->name);
				sig->name = copy(s, n);
				r->first_name_one_word = 0;
			}
		}
	}
done:
	r->address_open = 0;
}

/* cells_read: a line split at '|', '·', '•' and tabs */
static void
cells_read(struct reader *r, const char *l, size_t ll)
{
	size_t i = 0, b = 0;

	while (i <= ll) {
		size_t sl = 0;

		if (i == ll)
			sl = 1;
		else if (l[i] == '|' || l[i] == '\t')
			sl = 1;
		else if (i + 1 < ll && (unsigned char)l[i] == 0xc2 &&
		    (unsigned char)l[i + 1] == 0xb7)
			sl = 2;
		else if (i + 2 < ll && memcmp(l + i, "\xe2\x80\xa2", 3) == 0)
			sl = 3;
		if (sl == 0) {
			i++;
			continue;
		}
		if (i > b)
			cell_read(r, l + b, i - b, 0);
		i += sl;
		b = i;
	}
}

/*
 * closing_at: the line (l, ll) is a closing: 1; a closing with a name
 * after a comma ("Best, Jane"): 2, and the name in (*nm, *nl).
 */
static int
closing_at(const struct signature_words *w, const char *l, size_t ll,
    const char **nm, size_t *nl)
{
	char ws[FOLD_MAX];
	size_t wl;
	const char *c;

	if (ll == 0 || ll > 80)
		return 0;
	wl = words(l, ll, ws, sizeof(ws));
	if (is_word(w, S_CLOSING, ws, wl))
		return 1;
	/* two languages: "Viele Grüße / kind regards" */
	if ((c = memchr(l, '/', ll)) != NULL) {
		wl = words(l, (size_t)(c - l), ws, sizeof(ws));
		if (is_word(w, S_CLOSING, ws, wl))
			return 1;
	}
	if ((c = memchr(l, ',', ll)) != NULL) {
		size_t a = (size_t)(c - l), rn = ll - a - 1;
		const char *rest = trim(c + 1, &rn, ".!");

		wl = words(l, a, ws, sizeof(ws));
		if (is_word(w, S_CLOSING, ws, wl) && rn > 0 &&
		    name_like(w, rest, rn)) {
			*nm = rest;
			*nl = rn;
			return 2;
		}
	}
	return 0;
}

static int block_read(const struct signature_words *w, const char *s,
    size_t fresh, size_t pos, const char *cname, size_t cnl,
    struct signature *sig_r);

/*
 * last_paragraph: a signature without closing or "-- ": the last
 * paragraph of the fresh text (after a blank line, footers aside), of
 * at most SIGNATURE_BLOCK_LINES lines, that starts with a name and
 * holds a title, a company or a phone besides.  Anything less is no
 * signature (a sentence signed "John" says nothing more than the
 * sender).
 */
static int
last_paragraph(const struct signature_words *w, const char *s,
    size_t fresh, struct signature *sig_r)
{
	char ws[FOLD_MAX];
	size_t pos = 0, ll, start = (size_t)-1, lines = 0, first = 0;
	const char *l;
	int blank = 1;

	while ((l = next_line(s, fresh, &pos, &ll)) != NULL) {
		size_t tl = ll;
		const char *t = trim(l, &tl, NULL);

		if (tl > 0) {
			words(t, tl, ws, sizeof(ws));
			if (has_word(w, S_FOOTER, ws) != NULL)
				continue;
		}
		if (tl == 0) {
			blank = 1;
			continue;
		}
		if (blank) {
			start = (size_t)(l - s);
			lines = 0;
			first = tl <= 64 && name_like(w, t, tl);
		}
		blank = 0;
		lines++;
	}
	if (start == (size_t)-1 || start == 0 || !first ||
	    lines < 2 || lines > SIGNATURE_BLOCK_LINES)
		return 0;
	(void)block_read(w, s, fresh, start, NULL, 0, sig_r);
	if (sig_r->title == NULL && sig_r->company == NULL &&
	    sig_r->n_phones == 0) {
		signature_clear(sig_r);
		return 0;
	}
	return 1;
}

/* drop_empty: an empty value is no value (fuzz_signature: a title cell that
 * was only blanks and separators came out "") */
static void
drop_empty(char **v)
{
	if (*v != NULL && (*v)[0] == '\0') {
		free(*v);
		*v = NULL;
	}
}

/* no_empty: r, with every empty value of *sig dropped */
static int
no_empty(int r, struct signature *sig)
{
	size_t i, k;

	drop_empty(&sig->name);
	drop_empty(&sig->title);
	drop_empty(&sig->company);
	drop_empty(&sig->email);
	drop_empty(&sig->web);
	drop_empty(&sig->profile);
	drop_empty(&sig->address);
	for (i = k = 0; i < sig->n_phones; i++) {
		drop_empty(&sig->phones[i]);
		if (sig->phones[i] != NULL)
			sig->phones[k++] = sig->phones[i];
	}
	for (i = k; i < sig->n_phones; i++)
		sig->phones[i] = NULL;
	sig->n_phones = k;
	return r;
}

int
signature_find(const struct signature_words *w, const char *s, size_t n,
    struct signature *sig_r)
{
	size_t fresh, pos = 0, ll, start = (size_t)-1, closing = (size_t)-1,
	    delim = (size_t)-1, line_no = 0, closing_line = 0,
	    delim_line = 0, cnl = 0;
	const char *l, *cname = NULL;

	memset(sig_r, 0, sizeof(*sig_r));
	if (w == NULL || s == NULL)
		return 0;
	fresh = signature_fresh_len(w, s, n);
	/* the last closing and the last "-- " of the fresh text */
	while ((l = next_line(s, fresh, &pos, &ll)) != NULL) {
		const char *nm;
		size_t nl;
		int c;

		line_no++;
		if (is_delimiter(l, ll)) {
			delim = pos;
			delim_line = line_no;
		} else if ((c = closing_at(w, l, ll, &nm, &nl)) > 0) {
			closing = pos;
			closing_line = line_no;
			cname = c == 2 ? nm : NULL;
			cnl = c == 2 ? nl : 0;
		}
	}
	if (closing == (size_t)-1 && delim == (size_t)-1)
		return no_empty(last_paragraph(w, s, fresh, sig_r), sig_r);
	/* "Kind regards / Petra / -- / Alpenbau GmbH": from the closing */
	if (closing != (size_t)-1 && (delim == (size_t)-1 ||
	    (closing < delim && delim_line - closing_line <= 4) ||
	    closing > delim))
		start = closing;
	else {
		start = delim;
		cname = NULL;
	}
	return no_empty(block_read(w, s, fresh, start, cname, cnl, sig_r),
	    sig_r);
}

/* block_read: the block from pos, the closing's name given or NULL */
static int
block_read(const struct signature_words *w, const char *s, size_t fresh,
    size_t pos, const char *cname, size_t cnl, struct signature *sig_r)
{
	struct reader r;
	size_t ll, lines = 0;
	const char *l;
	char ws[FOLD_MAX];

	memset(&r, 0, sizeof(r));
	r.w = w;
	r.sig = sig_r;
	if (cname != NULL) {
		sig_r->name = copy(cname, cnl);
		r.cells = 1;
		r.first_name_one_word = memchr(cname, ' ', cnl) == NULL;
	}
	while (lines < SIGNATURE_BLOCK_LINES &&
	    (l = next_line(s, fresh, &pos, &ll)) != NULL) {
		size_t tl = ll;
		const char *t = trim(l, &tl, NULL);

		if (tl == 0 || is_delimiter(t, tl))
			continue;
		if (tl > SIGNATURE_LINE_MAX)
			break;
		words(t, tl, ws, sizeof(ws));
		if (has_word(w, S_STOP, ws) != NULL)
			break;
		if (has_word(w, S_FOOTER, ws) != NULL)
			continue;
		lines++;
		cells_read(&r, t, tl);
	}
	if (sig_r->name != NULL) {
		char *o = signature_name_order(w, sig_r->name);

		free(sig_r->name);
		sig_r->name = o;
	}
	return 1;
}

void
signature_clear(struct signature *sig)
{
	size_t i;

	if (sig == NULL)
		return;
	free(sig->name);
	free(sig->title);
	free(sig->company);
	for (i = 0; i < sig->n_phones; i++)
		free(sig->phones[i]);
	free(sig->email);
	free(sig->web);
	free(sig->profile);
	free(sig->address);
	memset(sig, 0, sizeof(*sig));
}

/* ---- names ---- */

/* all_caps: every letter of the token a capital, at least two, a vowel */
static int
all_caps(const char *s, size_t n)
{
	size_t i, letters = 0;
	int vowel = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'a' && c <= 'z')
			return 0;
		if (c == 0xc3 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0xa0) {
			return 0;      /* a small Latin letter */
		}
		if (c >= 'A' && c <= 'Z') {
			letters++;
			if (strchr("AEIOUY", c) != NULL)
				vowel = 1;
		} else if (c >= 0x80) {
			vowel = 1;
			if (c >= 0xc0)
				letters++;
		}
	}
	return letters >= 2 && vowel;
}

/* mixed_name: a token "Marie", "Jean-Luc" (capital, then small letters) */
static int
mixed_name(const char *s, size_t n)
{
	size_t i;
	int small = 0;

	if (!upper_start(s, n) || !name_token_ok(s, n))
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    ((unsigned char)s[i - 1] == 0xc3 &&
		    (unsigned char)s[i] >= 0xa0))
			small = 1;
	return small;
}

/* capitalised: "DUBOIS" -> "Dubois", "DE LA CRUZ" -> "De La Cruz";
 * Latin-1 capitals through their UTF-8 second byte */
static void
capitalised(struct buf *b, const char *s, size_t n)
{
	size_t i;
	int word_start = 1;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '-' || c == '\'') {
			word_start = 1;
			buf_putc(b, (char)c);
			continue;
		}
		if (!word_start && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (!word_start && c == 0xc3 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9e &&
		    (unsigned char)s[i + 1] != 0x97) {
			buf_putc(b, (char)c);
			buf_putc(b, (char)((unsigned char)s[++i] + 0x20));
			word_start = 0;
			continue;
		}
		buf_putc(b, (char)c);
		if (c < 0x80 || c >= 0xc0)
			word_start = 0;
	}
}

/* person_part: 1 to 3 name words, no suffix, title or team word */
static int
person_part(const struct signature_words *w, const char *s, size_t n)
{
	static const char *const suffixes[] = {
		"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq",
		"msc", "bsc", "cpa",
	};
	char f[64];
	size_t i = 0, b, tokens = 0, k, fl, caps = 0;

	if (n == 0 || n > 64 || !name_like(w, s, n))
		return 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		b = i;
		while (i < n && s[i] != ' ')
			i++;
		tokens++;
		fl = 0;
		for (k = b; k < i && fl + 1 < sizeof(f); k++)
			if (s[k] != '.')
				f[fl++] = (char)(s[k] >= 'A' && s[k] <= 'Z' ?
				    s[k] + 32 : s[k]);
		f[fl] = '\0';
		for (k = 0; k < ARRAY_SIZE(suffixes); k++)
			if (strcmp(f, suffixes[k]) == 0)
				return 0;
		if (upper_start(s + b, i - b))
			caps++;
	}
	return tokens <= 3 && caps > 0;
}

char *
signature_name_order(const struct signature_words *w, const char *s)
{
	const char *c;
	size_t n, a, rn, i, caps_end = 0, tokens = 0, caps_tokens = 0;
	struct buf b;
	int rest_ok = 1;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > 128 || memchr(s, '&', n) != NULL)
		return xstrdup(s);
	/* "Dubois, Marie" */
	if ((c = memchr(s, ',', n)) != NULL) {
		const char *sur, *giv;

		if (memchr(c + 1, ',', n - (size_t)(c - s) - 1) != NULL)
			return xstrdup(s);
		a = (size_t)(c - s);
		rn = n - a - 1;
		sur = trim(s, &a, NULL);
		giv = trim(c + 1, &rn, NULL);
		if (!person_part(w, sur, a) || !person_part(w, giv, rn))
			return xstrdup(s);
		buf_init(&b, 0);
		buf_append(&b, giv, rn);
		buf_putc(&b, ' ');
		if (all_caps(sur, a))
			capitalised(&b, sur, a);
		else
			buf_append(&b, sur, a);
		return buf_steal(&b);
	}
	/* "DUBOIS Marie", "DE LA CRUZ María": the capitals first */
	for (i = 0; i < n;) {
		size_t t;

		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		t = i;
		while (i < n && s[i] != ' ')
			i++;
		tokens++;
		if (rest_ok && caps_tokens + 1 == tokens &&
		    all_caps(s + t, i - t)) {
			caps_tokens++;
			caps_end = i;
		} else if (caps_tokens > 0 && mixed_name(s + t, i - t))
			;
		else
			rest_ok = 0;
	}
	if (caps_tokens == 0 || tokens == caps_tokens || tokens > 4 ||
	    !rest_ok || !name_like(w, s, n))
		return xstrdup(s);
	/* no acronym of a firm: "IBM Support" has a team word, "RMA
	 * Search" is too short for a surname alone (four letters at least:
	 * acronyms are mostly shorter, "WU Li" stays as written) */
	if (caps_tokens == 1 && caps_end < 4)
		return xstrdup(s);
	buf_init(&b, 0);
	a = caps_end;
	rn = n - caps_end;
	c = trim(s + caps_end, &rn, NULL);
	buf_append(&b, c, rn);
	buf_putc(&b, ' ');
	capitalised(&b, s, a);
	return buf_steal(&b);
}

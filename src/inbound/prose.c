/*
 * prose.c — positions, companies, places and wishes from sentences and
 * subjects (prose.h), with the phrases of data/prose-phrases.
 *
 * How a mail is read: the fresh part of the body (before the quoted
 * reply) is copied into a "flat" text where a line break inside wrapped
 * prose becomes a blank and a break after a short line (a greeting, a
 * signature line) or a blank line stays a break, so a sentence reads as
 * one line and "Hello Tom" never runs into "Alpenbau GmbH is looking".
 * For a pattern "PRE {} POST" the earliest PRE found (the longer one at
 * the same place) starts the value; the value runs to the sentence's end,
 * a comma, an "end" phrase or POST, whichever comes first; leading
 * "drop" words go, a "vague" value ("someone") is no value, and an
 * English job order's position starts with a capital.  The company is
 * the capitalised words (and legal forms) that end the clause before a
 * job order's PRE ("Founded in 1987, Corvane Systems plc is looking"),
 * when they carry a legal form or are all capitalised, are no "pronoun"
 * and no "self" name, and the PRE has no subject of its own ("suchen
 * wir"); else an "at X" / "bei X" company of two words or a legal form;
 * else the first capitalised name with a legal form in the fresh text.
 * Places are only those geo.h knows (1 to 3 words), so "in time" is none.
 *
 * Ownership: a table owns the file's text and its phrase arrays
 * (prose_free); results own their strings; industry names belong to the
 * list.  Pure: no globals after load except the load's error buffer.
 *
 * SECURITY: reads strangers' text: the body through (s, n) only, at
 * most PROSE_SCAN_MAX bytes of its fresh part (copied once into a
 * bounded buffer), the subject (a C string) at most PROSE_SUBJECT_MAX
 * bytes.  A look-up compares the phrases starting with a text byte at
 * each offset and reads at most VALUE_REACH bytes from there (a clause
 * is never read further than a value can reach), so the cost is linear
 * in the text; values are at most PROSE_VALUE_MAX bytes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "prose.h"
#include "util.h"

enum kind {
	K_POSITION, K_SUBJECT, K_WISH, K_RELOCATE, K_PLACE, K_COMPANY,
	K_END, K_LEGAL, K_PRONOUN, K_SELF, K_DROP, K_VAGUE, K_NOT, K_QUOTE,
	K_N
};

static const char *const kind_names[K_N] = {
	"position", "subject", "wish", "relocate", "place", "company",
	"end", "legal", "pronoun", "self", "drop", "vague", "not", "quote",
};

struct pat {
	const char *pre;    /* before {} (or the whole phrase) */
	size_t npre;
	const char *post;   /* after {}, or "" */
	size_t npost;
	int hole;           /* the phrase has a {} */
	int en;             /* its language is English */
};

struct prose_phrases {
	char *data;
	struct pat *v[K_N];
	size_t n[K_N];
	size_t total;
	/* the first bytes (ASCII folded) of each kind's PREs: a text offset
	 * whose byte starts none is skipped without comparing */
	unsigned char first[K_N][256];
};

static char load_error[4096 + 256];

/* ---- characters ---- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* wordy: a letter or digit, or any byte of a UTF-8 sequence */
static int
wordy(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

static int
upper_start(const char *s, size_t n)
{
	unsigned char c = n > 0 ? (unsigned char)s[0] : 0;
	unsigned char d = n > 1 ? (unsigned char)s[1] : 0;

	/* ASCII capitals; Latin-1 capitals ("Öresund", "Élan"); Latin
	 * Extended-A, whose capitals are mostly the even code points */
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (c == 0xc3)
		return d >= 0x80 && d <= 0x9e && d != 0x97;
	if (c == 0xc4 || c == 0xc5)
		return d >= 0x80 && d <= 0xbf && (d & 1) == 0;
	return 0;
}

static int
eq_ci(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* at: the phrase (p, pn) is at s[i] within n, as whole words where the
 * phrase's own edges are word characters */
static int
at(const char *s, size_t n, size_t i, const char *p, size_t pn)
{
	if (pn == 0 || i + pn > n || !eq_ci(s + i, p, pn))
		return 0;
	if (wordy((unsigned char)p[0]) && i > 0 &&
	    wordy((unsigned char)s[i - 1]))
		return 0;
	if (wordy((unsigned char)p[pn - 1]) && i + pn < n &&
	    wordy((unsigned char)s[i + pn]))
		return 0;
	return 1;
}

/* find: the first place of (p, pn) in s[from, to), or to */
static size_t
find(const char *s, size_t to, size_t from, const char *p, size_t pn)
{
	size_t i;

	for (i = from; i + pn <= to; i++)
		if (lower((unsigned char)s[i]) == lower((unsigned char)p[0]) &&
		    at(s, to, i, p, pn))
			return i;
	return to;
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
		    "prose phrases: %s", what);
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

static const char *
line_parse(struct prose_phrases *t, char *p, size_t n)
{
	size_t i = 0, ks, ke, ls, le, ps, pe, k;
	const char *h;
	struct pat *x;
	int kind;

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
	for (kind = 0; kind < K_N; kind++)
		if (strlen(kind_names[kind]) == ke - ks &&
		    memcmp(kind_names[kind], p + ks, ke - ks) == 0)
			break;
	if (kind == K_N)
		return "unknown kind (the list is at the top of the installed "
		    "file)";
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
	ps = i;
	pe = n;
	if (ps == pe)
		return "no phrase after the language";
	if (p[ps] == '"') {
		if (pe - ps < 2 || p[pe - 1] != '"')
			return "a phrase that opens a quote must end with one";
		ps++;
		pe--;
	}
	if (pe - ps < 1)
		return "an empty phrase";
	if (pe - ps > PROSE_LEN_MAX)
		return "a phrase longer than 160 bytes";
	if (!utf8_valid(p + ps, pe - ps))
		return "the phrase is not UTF-8";
	for (k = ps; k < pe; k++)
		if ((unsigned char)p[k] < ' ' || p[k] == 0x7f)
			return "a control character in the phrase";
	if (t->total >= PROSE_MAX)
		return "more than 4096 phrases";
	p[pe] = '\0';
	t->v[kind] = xreallocarray(t->v[kind], t->n[kind] + 1,
	    sizeof(*t->v[kind]));
	x = &t->v[kind][t->n[kind]++];
	t->total++;
	memset(x, 0, sizeof(*x));
	x->pre = p + ps;
	x->npre = pe - ps;
	x->en = le - ls == 2 && memcmp(p + ls, "en", 2) == 0;
	x->post = "";
	if ((h = strstr(p + ps, "{}")) != NULL) {
		if (strstr(h + 2, "{}") != NULL)
			return "{} more than once";
		x->hole = 1;
		x->npre = (size_t)(h - (p + ps));
		x->post = h + 2;
		x->npost = strlen(h + 2);
	}
	if (kind <= K_COMPANY && !x->hole)
		return "this kind needs a {} for the value";
	if (kind > K_COMPANY && kind != K_QUOTE && x->hole)
		return "this kind takes no {}";
	if (x->npre == 0 && x->npost == 0)
		return "a phrase that is only {}";
	if (x->npre > 0) {
		unsigned char c = (unsigned char)lower((unsigned char)x->pre[0]);

		t->first[kind][c] = 1;
		if (c >= 'a' && c <= 'z')
			t->first[kind][c - 32] = 1;
	}
	return NULL;
}

struct prose_phrases *
prose_load(const char *path, const char **error_r)
{
	struct prose_phrases *t;
	const char *err;
	char *p, *end, *nl;
	size_t len, line = 0;

	if (path == NULL || path[0] == '\0') {
		*error_r = "prose phrases: no file named";
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	if (file_read(path, PROSE_FILE_MAX, &t->data, &len, &err) < 0) {
		*error_r = fail(path, 0, err);
		goto fail;
	}
	if (memchr(t->data, '\0', len) != NULL) {
		*error_r = fail(path, 0, "a NUL byte: not a text file");
		goto fail;
	}
	for (p = t->data, end = t->data + len; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		if ((err = line_parse(t, p, (size_t)(nl - p))) != NULL) {
			*error_r = fail(path, line, err);
			goto fail;
		}
	}
	if (t->total == 0) {
		*error_r = fail(path, 0, "no phrases in it");
		goto fail;
	}
	return t;
fail:
	prose_free(t);
	return NULL;
}

void
prose_free(struct prose_phrases *t)
{
	int k;

	if (t == NULL)
		return;
	for (k = 0; k < K_N; k++)
		free(t->v[k]);
	free(t->data);
	free(t);
}

size_t
prose_count(const struct prose_phrases *t)
{
	return t != NULL ? t->total : 0;
}

const char *
prose_default_path(void)
{
	static char path[4096];

	return data_file_path(path, sizeof(path), PROSE_FILE);
}

/* ---- the fresh text ---- */

/* quote_line: the line (s, n) starts a quoted part */
static int
quote_line(const struct prose_phrases *t, const char *s, size_t n)
{
	const struct pat *x;
	size_t i = 0, k;

	while (i < n && blank(s[i]))
		i++;
	if (i < n && s[i] == '>')
		return 1;
	for (k = 0; k < t->n[K_QUOTE]; k++) {
		x = &t->v[K_QUOTE][k];
		if (!x->hole) {
			if (find(s, n, 0, x->pre, x->npre) < n)
				return 1;
		} else if (n - i >= x->npre && eq_ci(s + i, x->pre, x->npre) &&
		    find(s, n, i + x->npre, x->post, x->npost) < n)
			return 1;
	}
	return 0;
}

size_t
prose_fresh(const struct prose_phrases *t, const char *s, size_t n)
{
	size_t i = 0, e;

	if (s == NULL)
		return 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);

		e = nl != NULL ? (size_t)(nl - s) : n;
		if (t != NULL && quote_line(t, s + i, e - i))
			return i;
		i = e + 1;
	}
	return n;
}

/*
 * flatten: the fresh text, at most PROSE_SCAN_MAX bytes, as sentences:
 * blanks collapsed; a line break joined when the line before is long
 * (wrapped prose), kept as '\n' after a short line (a greeting, a
 * signature line) or a blank line.
 */
static char *
flatten(const char *s, size_t n, size_t *len_r)
{
	char *o;
	size_t i, k = 0, line = 0;

	if (n > PROSE_SCAN_MAX)
		n = utf8_prefix(s, n, PROSE_SCAN_MAX);
	o = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\r' || c == '\t' || c == '\f' || c == '\v' ||
		    c == '\0')
			c = ' ';
		if (c == '\n') {
			if (line < 40) {
				while (k > 0 && o[k - 1] == ' ')
					k--;
				if (k > 0 && o[k - 1] != '\n')
					o[k++] = '\n';
			} else if (k > 0 && o[k - 1] != ' ' &&
			    o[k - 1] != '\n')
				o[k++] = ' ';
			line = 0;
			continue;
		}
		if (c == ' ') {
			if (k > 0 && o[k - 1] != ' ' && o[k - 1] != '\n')
				o[k++] = ' ';
		} else
			o[k++] = c;
		line++;
	}
	while (k > 0 && (o[k - 1] == ' ' || o[k - 1] == '\n'))
		k--;
	o[k] = '\0';
	*len_r = k;
	return o;
}

/* ---- values ---- */

/* stop: a sentence or clause ends at s[i] */
static int
stop(const char *s, size_t n, size_t i)
{
	char c = s[i];

	if (c == '\n' || c == ',' || c == ';' || c == '!' || c == '?' ||
	    c == ':' || c == '"')
		return 1;
	/* a full stop, not one inside "S.A." or "Dipl.-Ing." */
	if (c == '.' && (i + 1 == n || s[i + 1] == ' '))
		return !(i >= 2 && s[i - 2] == '.');
	return 0;
}

/* clause_end: where the clause starting at i ends (or n), looked for
 * only as far as a value can reach (VALUE_REACH): a value is never
 * longer, so a text without stops costs no more than that per value */
#define VALUE_REACH (PROSE_VALUE_MAX + PROSE_LEN_MAX)

static size_t
clause_end(const char *s, size_t n, size_t i)
{
	size_t cap = n - i > VALUE_REACH ? i + VALUE_REACH : n;

	while (i < cap && !stop(s, n, i))
		i++;
	return i;
}

/* sentence_end: the next '.', '!', '?' or line break */
static size_t
sentence_end(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '\n' && s[i] != '!' && s[i] != '?' &&
	    !(s[i] == '.' && (i + 1 == n || s[i + 1] == ' ')))
		i++;
	return i;
}

/* phrase_in: the first phrase of kind k in s[from, to), or to */
static size_t
phrase_in(const struct prose_phrases *t, int k, const char *s, size_t to,
    size_t from)
{
	size_t j, best = to, w;

	for (j = 0; j < t->n[k]; j++) {
		w = find(s, best, from, t->v[k][j].pre, t->v[k][j].npre);
		if (w < best)
			best = w;
	}
	return best;
}

static int
in_list(const struct prose_phrases *t, int k, const char *s, size_t n)
{
	size_t j;

	for (j = 0; j < t->n[k]; j++)
		if (t->v[k][j].npre == n && eq_ci(s, t->v[k][j].pre, n))
			return 1;
	return 0;
}

/* trim: (s, n) without blanks and dangling punctuation at its ends */
static void
trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && (s[*b] == ' ' || s[*b] == '"' || s[*b] == '\'' ||
	    s[*b] == '-' || s[*b] == '('))
		(*b)++;
	while (*e > *b && (s[*e - 1] == ' ' || s[*e - 1] == '"' ||
	    s[*e - 1] == '\'' || s[*e - 1] == '-' || s[*e - 1] == '.' ||
	    s[*e - 1] == '(' || s[*e - 1] == '/'))
		(*e)--;
	/* an unbalanced ')' left by a cut */
	if (*e > *b && s[*e - 1] == ')' && memchr(s + *b, '(', *e - *b) ==
	    NULL)
		(*e)--;
	while (*e > *b && s[*e - 1] == ' ')
		(*e)--;
}

/* drop_start: b past the "drop" words at the start of s[b, e) */
static size_t
drop_start(const struct prose_phrases *t, const char *s, size_t b,
    size_t e)
{
	size_t j;
	int again;

	do {
		again = 0;
		for (j = 0; j < t->n[K_DROP]; j++) {
			const struct pat *x = &t->v[K_DROP][j];

			if (e - b > x->npre && at(s, e, b, x->pre, x->npre) &&
			    s[b + x->npre] == ' ') {
				b += x->npre + 1;
				again = 1;
			}
		}
	} while (again);
	return b;
}

/*
 * value: the position-like value starting at b of s (n): up to the
 * clause's end, an "end" phrase, or post; drop words off its start;
 * NULL when it is empty, vague, too long or no word.
 */
static char *
value(const struct prose_phrases *t, const char *s, size_t n, size_t b,
    const char *post, size_t npost)
{
	size_t e = clause_end(s, n, b), w, j, words = 1;

	if (npost > 0) {
		if ((w = find(s, e, b, post, npost)) >= e)
			return NULL;
		e = w;
	}
	if ((w = phrase_in(t, K_END, s, e, b)) < e)
		e = w;
	/* a place in parentheses closes the value: "CFO (Munich)" */
	for (w = b; w < e; w++)
		if (s[w] == '(' && w > b) {
			e = w;
			break;
		}
	trim(s, &b, &e);
	b = drop_start(t, s, b, e);
	trim(s, &b, &e);
	if (e <= b || e - b > PROSE_VALUE_MAX || !wordy((unsigned char)s[b]))
		return NULL;
	for (w = b; w < e; w++)
		words += s[w] == ' ';
	if (words > 10)
		return NULL;
	for (j = 0; j < t->n[K_VAGUE]; j++)
		if (at(s, e, b, t->v[K_VAGUE][j].pre, t->v[K_VAGUE][j].npre))
			return NULL;
	return xstrndup(s + b, e - b);
}

/*
 * place_at: a place geo.h knows at s[b] (1 to 3 words, the longest
 * first, ending before a stop), as written; NULL when none.
 */
static char *
place_at(const char *s, size_t n, size_t b)
{
	size_t ends[3], k = 0, i = b, e;
	const char *cc;

	if (b >= n || !upper_start(s + b, n - b))
		return NULL;
	e = clause_end(s, n, b);
	while (k < 3 && i < e) {
		while (i < e && s[i] != ' ')
			i++;
		ends[k++] = i;
		if (i < e)
			i++;
		if (i < e && !upper_start(s + i, e - i) &&
		    !(e - i > 3 && (eq_ci(s + i, "am ", 3) ||
		    eq_ci(s + i, "la ", 3))))
			break;
	}
	while (k-- > 0) {
		size_t x = ends[k];

		while (x > b && (s[x - 1] == ')' || s[x - 1] == '.' ||
		    s[x - 1] == '\''))
			x--;
		if (x > b && geo_lookup(s + b, x - b, &cc) != GEO_NONE)
			return xstrndup(s + b, x - b);
	}
	return NULL;
}

/*
 * match: the earliest pattern of kind k in s[from, to) with a value
 * (the longer PRE at the same place); *at_r its place, *end_r where its
 * PRE ends.  The value through value() (places: place_at).
 */
static char *
match(const struct prose_phrases *t, int k, const char *s, size_t n,
    size_t from, size_t to, size_t *at_r, size_t *end_r)
{
	size_t i, j;

	for (i = from; i < to; i++) {
		const struct pat *best = NULL;
		char *v;

		if (!t->first[k][(unsigned char)s[i]])
			continue;
		for (j = 0; j < t->n[k]; j++) {
			const struct pat *x = &t->v[k][j];

			if (x->npre > 0 && at(s, n, i, x->pre, x->npre) &&
			    (best == NULL || x->npre > best->npre))
				best = x;
		}
		if (best == NULL)
			continue;
		if (k == K_PLACE || k == K_RELOCATE)
			v = place_at(s, n, i + best->npre);
		else
			v = value(t, s, n, i + best->npre, best->post,
			    best->npost);
		/* English writes a job's title capitalised ("we need a Group
		 * Controller"); "we need a quick answer" names none */
		if (v != NULL && k == K_POSITION && best->en &&
		    !upper_start(v, strlen(v))) {
			free(v);
			v = NULL;
		}
		if (v != NULL) {
			*at_r = i;
			*end_r = i + best->npre;
			return v;
		}
	}
	return NULL;
}

/* company_ok: (s[b, e)) names a company: a legal form among its words,
 * or capitalised words; no pronoun, no self name */
static int
company_ok(const struct prose_phrases *t, const char *s, size_t b,
    size_t e)
{
	size_t i, ws, words = 0, caps = 0, legal = 0;

	if (e <= b || e - b > PROSE_VALUE_MAX)
		return 0;
	if (in_list(t, K_PRONOUN, s + b, e - b) ||
	    phrase_in(t, K_SELF, s, e, b) < e)
		return 0;
	for (i = b; i < e; i = ws + 1) {
		ws = i;
		while (ws < e && s[ws] != ' ')
			ws++;
		words++;
		if (in_list(t, K_LEGAL, s + i, ws - i))
			legal = 1;
		else if (upper_start(s + i, ws - i) || s[i] == '&')
			caps++;
		if (words == 1 && in_list(t, K_PRONOUN, s + i, ws - i))
			return 0;
	}
	if (words > 6)
		return 0;
	return legal || caps == words || (caps > 0 && caps + 1 == words &&
	    words >= 3);
}

/* caps_run: capitalised words (and legal forms) from b, within e */
static size_t
caps_run(const struct prose_phrases *t, const char *s, size_t b, size_t e)
{
	size_t i = b, ws, last = b, words = 0;

	while (i < e && words < 6) {
		ws = i;
		while (ws < e && s[ws] != ' ' && s[ws] != ',' && s[ws] != ';')
			ws++;
		if (!(upper_start(s + i, ws - i) || s[i] == '&' ||
		    in_list(t, K_LEGAL, s + i, ws - i)))
			break;
		last = ws;
		words++;
		if (ws >= e || s[ws] != ' ')
			break;
		i = ws + 1;
	}
	/* a full stop after the name, not the one of "S.A." */
	if (last > b && s[last - 1] == '.') {
		size_t w0 = last;

		while (w0 > b && s[w0 - 1] != ' ')
			w0--;
		if (!in_list(t, K_LEGAL, s + w0, last - w0))
			last--;
	}
	return last;
}

/* caps_back: the start of the capitalised words (legal forms, "&",
 * name particles) that end s[b, e) */
static size_t
caps_back(const struct prose_phrases *t, const char *s, size_t b,
    size_t e)
{
	size_t start = e, ws, we = e;

	while (we > b) {
		ws = we;
		while (ws > b && s[ws - 1] != ' ')
			ws--;
		if (!(upper_start(s + ws, we - ws) || s[ws] == '&' ||
		    in_list(t, K_LEGAL, s + ws, we - ws) ||
		    ((we - ws == 3 && (eq_ci(s + ws, "van", 3) ||
		    eq_ci(s + ws, "von", 3) || eq_ci(s + ws, "der", 3))) &&
		    start < e)))
			break;
		start = ws;
		if (ws == b)
			break;
		we = ws - 1;
	}
	/* a particle never starts the name */
	while (start < e && !(upper_start(s + start, e - start) ||
	    s[start] == '&')) {
		while (start < e && s[start] != ' ')
			start++;
		while (start < e && s[start] == ' ')
			start++;
	}
	return start;
}

/* own_subject: a word of the phrase (s, n) is a pronoun ("wir") */
static int
own_subject(const struct prose_phrases *t, const char *s, size_t n)
{
	size_t i = 0, ws;

	while (i < n) {
		ws = i;
		while (ws < n && s[ws] != ' ')
			ws++;
		if (ws > i && in_list(t, K_PRONOUN, s + i, ws - i))
			return 1;
		i = ws + 1;
	}
	return 0;
}

/* legal_name: the first "Capitalised Words LEGAL" on a line of s */
static char *
legal_name(const struct prose_phrases *t, const char *s, size_t n)
{
	size_t i, j, b, e, words;

	for (i = 0; i < n; i++) {
		if ((i > 0 && wordy((unsigned char)s[i - 1])) ||
		    !t->first[K_LEGAL][(unsigned char)s[i]])
			continue;
		for (j = 0; j < t->n[K_LEGAL]; j++) {
			const struct pat *x = &t->v[K_LEGAL][j];

			if (!at(s, n, i, x->pre, x->npre) || i < 2 ||
			    s[i - 1] != ' ')
				continue;
			/* back over capitalised words on this line */
			e = i + x->npre;
			b = i - 1;
			words = 0;
			while (b > 0 && words++ < 6) {
				size_t ws = b;

				while (ws > 0 && s[ws - 1] != ' ' &&
				    s[ws - 1] != '\n' && s[ws - 1] != ',' &&
				    s[ws - 1] != '.' && s[ws - 1] != ':')
					ws--;
				if (ws == b || !(upper_start(s + ws, b - ws) ||
				    s[ws] == '&'))
					break;
				b = ws;
				if (ws == 0 || s[ws - 1] != ' ')
					break;
				b = ws - 1;
			}
			while (b < i && s[b] == ' ')
				b++;
			b = drop_start(t, s, b, i);
			if (b < i && company_ok(t, s, b, e))
				return xstrndup(s + b, e - b);
		}
	}
	return NULL;
}

static void
subject_strip(const char **s, size_t *n)
{
	static const char *const pre[] = {
		"re:", "fw:", "fwd:", "aw:", "wg:", "tr:", "rv:", "r:", "i:",
		"doorst:",
	};
	size_t k;
	int again = 1;

	while (again) {
		again = 0;
		while (*n > 0 && blank(**s)) {
			(*s)++;
			(*n)--;
		}
		for (k = 0; k < ARRAY_SIZE(pre); k++) {
			size_t l = strlen(pre[k]);

			if (*n >= l && eq_ci(*s, pre[k], l)) {
				*s += l;
				*n -= l;
				again = 1;
			}
		}
	}
}

/* subject_read: the subject's position and "(City)" */
static void
subject_read(const struct prose_phrases *t, const char *subj,
    struct prose_job *r)
{
	const char *s;
	size_t n, j, p, q;

	if (subj == NULL)
		return;
	s = subj;
	n = strlen(s);
	if (n > PROSE_SUBJECT_MAX)
		n = utf8_prefix(s, n, PROSE_SUBJECT_MAX);
	subject_strip(&s, &n);
	for (j = 0; j < t->n[K_SUBJECT] && r->position == NULL; j++) {
		const struct pat *x = &t->v[K_SUBJECT][j];
		size_t w;

		if (x->npre > 0) {
			if (n >= x->npre && eq_ci(s, x->pre, x->npre))
				r->position = value(t, s, n, x->npre,
				    x->post, x->npost);
		} else if ((w = find(s, n, 0, x->post, x->npost)) < n) {
			/* "X (m/w/d)": the value before the tag */
			r->position = value(t, s, w, 0, "", 0);
		}
	}
	/* a "(City)" anywhere in the subject */
	for (p = 0; p < n && r->location == NULL; p++) {
		if (s[p] != '(')
			continue;
		q = p + 1;
		while (q < n && s[q] != ')' && q - p < 64)
			q++;
		if (q < n && s[q] == ')' && q > p + 1 &&
		    geo_lookup(s + p + 1, q - p - 1, NULL) != GEO_NONE)
			r->location = xstrndup(s + p + 1, q - p - 1);
	}
	if (r->location == NULL) {
		size_t pa, pp;

		r->location = match(t, K_PLACE, s, n, 0, n, &pa, &pp);
	}
	r->position_from_subject = r->position != NULL;
}

void
prose_job_read(const struct prose_phrases *t, const char *subject,
    const char *s, size_t n, struct prose_job *r)
{
	char *f, *v;
	size_t fl, a, pe, ss, ce, b;

	memset(r, 0, sizeof(*r));
	if (t == NULL)
		return;
	subject_read(t, subject, r);
	if (s == NULL)
		return;
	f = flatten(s, prose_fresh(t, s, n), &fl);
	if ((v = match(t, K_POSITION, f, fl, 0, fl, &a, &pe)) != NULL) {
		if (r->position == NULL)
			r->position = v;
		else
			free(v);
		/* the company: the capitalised words that end the clause
		 * before the phrase, unless the phrase has its own subject
		 * ("suchen wir", "buscamos") */
		ss = a;
		while (ss > 0 && a - ss < VALUE_REACH && !stop(f, fl, ss - 1))
			ss--;
		ce = a;
		while (ce > ss && f[ce - 1] == ' ')
			ce--;
		b = caps_back(t, f, ss, ce);
		b = drop_start(t, f, b, ce);
		if (!own_subject(t, f + a, pe - a) && company_ok(t, f, b, ce))
			r->company = xstrndup(f + b, ce - b);
		/* the place: in the rest of the position's sentence */
		if (r->location == NULL) {
			size_t pa, pp, se = sentence_end(f, fl, pe);

			r->location = match(t, K_PLACE, f, se, pe, se, &pa,
			    &pp);
		}
	}
	/* "at X", "bei X" */
	if (r->company == NULL) {
		size_t i, j;

		for (i = 0; i < fl && r->company == NULL; i++)
			for (j = 0; j < t->n[K_COMPANY] &&
			    t->first[K_COMPANY][(unsigned char)f[i]]; j++) {
				const struct pat *x = &t->v[K_COMPANY][j];
				size_t e;

				if (!at(f, fl, i, x->pre, x->npre))
					continue;
				b = i + x->npre;
				e = caps_run(t, f, b, clause_end(f, fl, b));
				/* one word after "at" is as often a place or a
				 * day ("at Heathrow", "at Easter") as a firm:
				 * two words or a legal form */
				if (e > b && memchr(f + b, ' ', e - b) != NULL &&
				    geo_lookup(f + b, e - b, NULL) == GEO_NONE &&
				    company_ok(t, f, b, e)) {
					r->company = xstrndup(f + b, e - b);
					break;
				}
			}
	}
	if (r->company == NULL)
		r->company = legal_name(t, f, fl);
	free(f);
}

void
prose_job_clear(struct prose_job *r)
{
	if (r == NULL)
		return;
	free(r->position);
	free(r->company);
	free(r->location);
	memset(r, 0, sizeof(*r));
}

void
prose_candidate_read(const struct prose_phrases *t,
    const struct industry_list *il, const char *s, size_t n,
    struct prose_candidate *r)
{
	char *f;
	size_t fl, a = 0, pe = 0, se, ne, pa, pp, vs, from;

	memset(r, 0, sizeof(*r));
	if (t == NULL || s == NULL)
		return;
	f = flatten(s, prose_fresh(t, s, n), &fl);
	for (from = 0; from < fl; from = a + 1) {
		size_t cs = 0;

		if ((r->position = match(t, K_WISH, f, fl, from, fl, &a,
		    &pe)) == NULL)
			break;
		/* "No busco un puesto de …": a negation in its clause */
		cs = a;
		while (cs > 0 && a - cs < VALUE_REACH && !stop(f, fl, cs - 1))
			cs--;
		if (phrase_in(t, K_NOT, f, a, cs) >= a)
			break;
		free(r->position);
		r->position = NULL;
	}
	if (r->position != NULL && il != NULL) {
		/* industries: after the position, to the sentence's end or
		 * a negation ("…, not banking") */
		se = sentence_end(f, fl, pe);
		vs = find(f, se, pe, r->position, strlen(r->position));
		if (vs < se)
			pe = vs + strlen(r->position);
		ne = phrase_in(t, K_NOT, f, se, pe);
		r->n_industries = industry_match_all(il, f + pe, ne - pe,
		    r->industries, PROSE_MAX_INDUSTRIES);
	}
	r->relocate_to = match(t, K_RELOCATE, f, fl, 0, fl, &pa, &pp);
	free(f);
}

void
prose_candidate_clear(struct prose_candidate *r)
{
	if (r == NULL)
		return;
	free(r->position);
	free(r->relocate_to);
	memset(r, 0, sizeof(*r));
}

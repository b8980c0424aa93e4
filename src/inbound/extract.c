/*
 * extract.c — job-order and candidate records out of a normalized mail
 * and its fields (extract.h), following the team's record rules (what
 * each export key holds): names and addresses from fields, else from the
 * sender (a web-form robot's Reply-To), salaries through salary.h,
 * countries through geo.h, industries through industry.h, employment
 * types, start dates and yes/no answers normalized here.  Résumé
 * attachments get their hash and, through resume.h, their text; a
 * failed text extraction is noted in the résumé, never fatal.
 *
 * Records own every string; job_order_free / candidate_free free them.
 * struct resume's data points into the mail's part (borrowed).
 *
 * SECURITY: reads text from strangers through struct mail and its
 * field_set, whose values are already capped at limits.max_field_value
 * (the body at limits.max_text).  Values are normalized in fixed-size
 * buffers (EX_FOLD_MAX: longer text is only read at its start); copies
 * are never longer than what they copy; lists of places and industries
 * are capped (EX_MAX_LOCATIONS, EX_MAX_INDUSTRIES).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "extract.h"
#include "fields.h"
#include "geo.h"
#include "industry.h"
#include "log.h"
#include "prose.h"
#include "resume.h"
#include "salary.h"
#include "signature.h"
#include "util.h"

#define EX_FOLD_MAX 512u         /* short values are folded into this */
#define EX_MAX_LOCATIONS 32u
#define EX_MAX_INDUSTRIES 32u
#define EX_MAX_PIECES 64u

/* ---- small string helpers ---- */

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* collapse: a fresh single-line copy of (s, n): single spaces, trimmed */
static char *
collapse(const char *s, size_t n)
{
	char *o = xmalloc(n + 1);
	size_t i, k = 0;
	int space = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_space(c) || c == '\0') {
			space = 1;
			continue;
		}
		if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] == 0xa0) {
			space = 1;
			i++;
			continue;
		}
		if (space && k > 0)
			o[k++] = ' ';
		space = 0;
		o[k++] = (char)c;
	}
	o[k] = '\0';
	return o;
}

static char *
collapse_str(const char *s)
{
	char *c;

	if (s == NULL)
		return NULL;
	c = collapse(s, strlen(s));
	if (*c == '\0') {
		free(c);
		return NULL;
	}
	return c;
}

/*
 * words: s folded, every run of non-alphanumerics (but "'") one space,
 * with a space at both ends so " word " finds whole words.
 */
static size_t
words(const char *s, size_t n, char *out, size_t outsz)
{
	char f[EX_FOLD_MAX];
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

/* find_word: position of " w " in a words() string, or -1 */
static long
find_word(const char *w, const char *word)
{
	char pat[64];
	const char *p;
	size_t l = strlen(word);

	if (l + 3 > sizeof(pat))
		return -1;
	pat[0] = ' ';
	memcpy(pat + 1, word, l);
	pat[l + 1] = ' ';
	pat[l + 2] = '\0';
	p = strstr(w, pat);
	return p != NULL ? (long)(p - w) : -1;
}

/* ---- people and addresses ---- */

static int
is_robot(const struct mail *m, const struct extract_config *cfg)
{
	size_t i;

	if (cfg == NULL || m->from_addr == NULL)
		return 0;
	for (i = 0; i < cfg->n_web_forms; i++)
		if (cfg->web_forms[i] != NULL &&
		    str_eq_ci(cfg->web_forms[i], m->from_addr))
			return 1;
	return 0;
}

/*
 * email_of: the first addr-spec in s, lowercase ("Jane <J@X.com>",
 * "mailto:j@x.com"), or NULL.
 */
static char *
email_of(const char *s)
{
	static const char local_ok[] = "!#$%&'*+/=?^_`{|}~-.";
	const char *at, *b, *e;
	char *r;
	int dot = 0;

	if (s == NULL)
		return NULL;
	for (at = strchr(s, '@'); at != NULL; at = strchr(at + 1, '@')) {
		b = at;
		while (b > s && (is_alnum((unsigned char)b[-1]) ||
		    (b[-1] != '\0' && strchr(local_ok, b[-1]) != NULL)))
			b--;
		while (b < at && *b == '.')
			b++;
		e = at + 1;
		dot = 0;
		while (is_alnum((unsigned char)*e) || *e == '-' || *e == '.') {
			if (*e == '.')
				dot = 1;
			e++;
		}
		while (e > at + 1 && e[-1] == '.')
			e--;
		if (b == at || e == at + 1 || !dot || at[1] == '.' ||
		    at[1] == '-')
			continue;
		if (e - b > 254)
			continue;
		r = xstrndup(b, (size_t)(e - b));
		str_lower(r);
		return r;
	}
	return NULL;
}

/* person: a name as written, without an address in it, or NULL */
static char *
person(const char *s)
{
	const char *lt;
	char *c, *p;
	size_t l;

	if (s == NULL)
		return NULL;
	lt = strchr(s, '<');
	c = collapse(s, lt != NULL ? (size_t)(lt - s) : strlen(s));
	/* "Jane Doe", 'Jane Doe' */
	l = strlen(c);
	if (l >= 2 && ((c[0] == '"' && c[l - 1] == '"') ||
	    (c[0] == '\'' && c[l - 1] == '\''))) {
		p = collapse(c + 1, l - 2);
		free(c);
		c = p;
	}
	if (*c == '\0' || strchr(c, '@') != NULL) {
		free(c);
		return NULL;
	}
	return c;
}

/* name_from: "Name", else "First Name" + "Last Name", else the sender */
static char *
name_from(const struct field_set *fs, const struct mail *m, int robot,
    int *from_fields)
{
	const char *first, *last;
	char *n, *a, *b;

	*from_fields = 1;
	if ((n = person(fields_get(fs, FK_NAME))) != NULL)
		return n;
	first = fields_get(fs, FK_FIRST_NAME);
	last = fields_get(fs, FK_LAST_NAME);
	if (first != NULL || last != NULL) {
		a = person(first);
		b = person(last);
		if (a != NULL && b != NULL)
			n = xasprintf("%s %s", a, b);
		else
			n = a != NULL ? xstrdup(a) : (b != NULL ? xstrdup(b) :
			    NULL);
		free(a);
		free(b);
		if (n != NULL)
			return n;
	}
	*from_fields = 0;
	return person(robot ? m->reply_to_name : m->from_name);
}

/* email_from: the field, else a robot's Reply-To, else From */
static char *
email_from(const struct field_set *fs, const struct mail *m, int robot,
    int *from_fields)
{
	char *e;

	*from_fields = 1;
	if ((e = email_of(fields_get(fs, FK_EMAIL))) != NULL)
		return e;
	*from_fields = 0;
	if (robot)
		return email_of(m->reply_to_addr);
	return email_of(m->from_addr);
}

/* ---- places ---- */

/* country_field: "Germany", "Deutschland", "DE", "UK" */
static const char *
country_field(const char *v)
{
	const char *cc;

	if (v == NULL)
		return NULL;
	if ((cc = geo_code(v, strlen(v))) != NULL)
		return cc;
	return geo_country(v, strlen(v));
}

/*
 * strip_country: the place without a trailing country ("Berlin,
 * Germany" -> "Berlin", "Zurich (Switzerland)" -> "Zurich"); NULL when
 * the place is only a country.  *cc_r gets that country, if any.
 */
static char *
strip_country(const char *loc, const char **cc_r)
{
	const char *cut = NULL, *p, *tail, *cc;
	size_t n = strlen(loc), tl;
	char *head;

	*cc_r = NULL;
	if (geo_lookup(loc, n, &cc) == GEO_COUNTRY) {
		*cc_r = cc;
		return NULL;
	}
	for (p = loc; *p != '\0'; p++)
		if (*p == ',' || *p == '(' ||
		    (*p == ' ' && p[1] == '-' && p[2] == ' ') ||
		    (*p == ' ' && (unsigned char)p[1] == 0xe2 &&
		    (unsigned char)p[2] == 0x80 &&
		    ((unsigned char)p[3] == 0x93 ||
		    (unsigned char)p[3] == 0x94) && p[4] == ' '))
			cut = p;
	if (cut == NULL || cut == loc)
		return xstrdup(loc);
	tail = cut + (*cut == ' ' ? ((unsigned char)cut[1] == 0xe2 ? 5 : 3) :
	    1);
	tl = strlen(tail);
	while (tl > 0 && (tail[tl - 1] == ')' || is_space(
	    (unsigned char)tail[tl - 1])))
		tl--;
	if (geo_lookup(tail, tl, &cc) != GEO_COUNTRY)
		return xstrdup(loc);
	*cc_r = cc;
	head = collapse(loc, (size_t)(cut - loc));
	n = strlen(head);
	while (n > 0 && (head[n - 1] == ',' || head[n - 1] == '-' ||
	    head[n - 1] == ' '))
		head[--n] = '\0';
	if (n == 0) {
		free(head);
		return NULL;
	}
	return head;
}

struct piece {
	const char *p;        /* trimmed */
	size_t n;
	const char *raw;      /* untrimmed start, for "as written" joins */
	size_t raw_n;
	int sep_comma;        /* the separator after it is ',' */
	enum geo_kind kind;
	const char *cc;
};

/*
 * place_pieces: v split at ';' '/' '|' ',' and " or " (also "oder",
 * "ou", "o").
 */
static size_t
place_pieces(const char *v, struct piece *pc, size_t max)
{
	static const char *const seps[] = {
		" or ", " oder ", " ou ", " o ", ";", "/", "|", ",",
	};
	size_t n = strlen(v), i = 0, start = 0, k, l, np = 0;

	while (i <= n && np < max) {
		l = 0;
		if (i < n)
			for (k = 0; k < ARRAY_SIZE(seps); k++) {
				size_t sl = strlen(seps[k]);

				if (sl <= n - i &&
				    memcmp(v + i, seps[k], sl) == 0) {
					l = sl;
					break;
				}
			}
		if (i < n && l == 0) {
			i++;
			continue;
		}
		pc[np].raw = v + start;
		pc[np].raw_n = i - start;
		pc[np].sep_comma = i < n && v[i] == ',';
		pc[np].p = v + start;
		pc[np].n = i - start;
		while (pc[np].n > 0 && is_space((unsigned char)pc[np].p[0])) {
			pc[np].p++;
			pc[np].n--;
		}
		while (pc[np].n > 0 &&
		    is_space((unsigned char)pc[np].p[pc[np].n - 1]))
			pc[np].n--;
		pc[np].kind = geo_lookup(pc[np].p, pc[np].n, &pc[np].cc);
		np++;
		if (i >= n)
			break;
		i += l;
		start = i;
	}
	return np;
}

/*
 * split_places: a candidate's places, split only between pieces that
 * are each a known place, and never inside "City, its country" or
 * "City, ST".  Each place as written, whitespace collapsed.
 */
static void
split_places(const char *v, char ***list, size_t *n)
{
	struct piece pc[EX_MAX_PIECES];
	size_t np, i, g = 0, k;
	const char *b, *e;
	char *s;

	np = place_pieces(v, pc, EX_MAX_PIECES);
	for (i = 0; i < np; i++) {
		int split = 0;

		if (i + 1 < np) {
			const struct piece *a = &pc[i], *c = &pc[i + 1];

			split = a->kind != GEO_NONE && c->kind != GEO_NONE;
			if (split && a->sep_comma &&
			    ((c->kind == GEO_COUNTRY && a->kind == GEO_CITY &&
			    a->cc != NULL && c->cc != NULL &&
			    strcmp(a->cc, c->cc) == 0) ||
			    (c->kind == GEO_REGION && a->kind == GEO_CITY)))
				split = 0;
		}
		if (i + 1 < np && !split)
			continue;
		/* pieces g..i make one place */
		b = pc[g].raw;
		e = pc[i].raw + pc[i].raw_n;
		s = collapse(b, (size_t)(e - b));
		g = i + 1;
		if (*s == '\0' || *n >= EX_MAX_LOCATIONS) {
			free(s);
			continue;
		}
		for (k = 0; k < *n; k++)
			if (str_eq_ci((*list)[k], s))
				break;
		if (k < *n) {
			free(s);
			continue;
		}
		*list = xreallocarray(*list, *n + 1, sizeof(**list));
		(*list)[(*n)++] = s;
	}
}

/* ---- normalized values ---- */

struct word_map {
	const char *word;     /* in words() form, without the outer spaces */
	const char *value;
};

static const struct word_map employment[] = {
	{ "full time", "full_time" }, { "fulltime", "full_time" },
	{ "permanent", "full_time" }, { "perm", "full_time" },
	{ "festanstellung", "full_time" }, { "festangestellt", "full_time" },
	{ "fest angestellt", "full_time" }, { "unbefristet", "full_time" },
	{ "vollzeit", "full_time" }, { "cdi", "full_time" },
	{ "temps plein", "full_time" }, { "plein temps", "full_time" },
	{ "temps complet", "full_time" }, { "indefinido", "full_time" },
	{ "tiempo completo", "full_time" }, { "jornada completa", "full_time" },
	{ "permanente", "full_time" }, { "regular", "full_time" },
	{ "part time", "part_time" }, { "parttime", "part_time" },
	{ "teilzeit", "part_time" }, { "temps partiel", "part_time" },
	{ "mi temps", "part_time" }, { "tiempo parcial", "part_time" },
	{ "media jornada", "part_time" }, { "jornada parcial", "part_time" },
	{ "contract", "contract" }, { "contractor", "contract" },
	{ "contracting", "contract" }, { "freelance", "contract" },
	{ "freelancer", "contract" }, { "freiberuflich", "contract" },
	{ "fixed term", "contract" }, { "befristet", "contract" },
	{ "cdd", "contract" }, { "werkvertrag", "contract" },
	{ "projektbasis", "contract" }, { "autonomo", "contract" },
	{ "por obra", "contract" },
	{ "contrat a duree determinee", "contract" },
	{ "temporary", "temporary" }, { "temp", "temporary" },
	{ "temporar", "temporary" }, { "temporaer", "temporary" },
	{ "zeitarbeit", "temporary" }, { "leiharbeit", "temporary" },
	{ "temporal", "temporary" }, { "eventual", "temporary" },
	{ "seasonal", "temporary" }, { "saisonnier", "temporary" },
	{ "aushilfe", "temporary" }, { "interimaire", "temporary" },
	{ "interim", "interim" }, { "interims", "interim" },
	{ "interimsmanagement", "interim" }, { "interimistisch", "interim" },
	{ "interino", "interim" }, { "interina", "interim" },
	{ "internship", "internship" }, { "intern", "internship" },
	{ "praktikum", "internship" }, { "praktikant", "internship" },
	{ "stage", "internship" }, { "stagiaire", "internship" },
	{ "practicas", "internship" }, { "becario", "internship" },
	{ "pasantia", "internship" },
};

/* first_of: the value of the earliest (then longest) word found */
static const char *
first_of(const char *v, const struct word_map *map, size_t nmap)
{
	char w[EX_FOLD_MAX + 8];
	long best = -1, pos;
	size_t k, bl = 0;
	const char *r = NULL;

	if (v == NULL)
		return NULL;
	words(v, strlen(v), w, sizeof(w));
	for (k = 0; k < nmap; k++) {
		pos = find_word(w, map[k].word);
		if (pos < 0)
			continue;
		if (best < 0 || pos < best ||
		    (pos == best && strlen(map[k].word) > bl)) {
			best = pos;
			bl = strlen(map[k].word);
			r = map[k].value;
		}
	}
	return r;
}

static char *
employment_type(const char *v)
{
	const char *t = first_of(v, employment, ARRAY_SIZE(employment));

	return t != NULL ? xstrdup(t) : NULL;
}

/*
 * yes_no: 1, 0 or -1 for "Yes", "Nein", "Oui", "Sí", "Not confidential",
 * "Strictly confidential", "Open to relocation" …
 */
static int
yes_no(const char *v)
{
	static const struct word_map answers[] = {
		{ "no", "0" }, { "n", "0" }, { "nein", "0" }, { "non", "0" },
		{ "false", "0" }, { "0", "0" }, { "nope", "0" }, { "not", "0" },
		{ "nicht", "0" }, { "kein", "0" }, { "keine", "0" },
		{ "pas", "0" }, { "unwilling", "0" }, { "never", "0" },
		{ "jamais", "0" }, { "nunca", "0" },
		{ "yes", "1" }, { "y", "1" }, { "ja", "1" }, { "oui", "1" },
		{ "si", "1" }, { "true", "1" }, { "x", "1" }, { "1", "1" },
		{ "yep", "1" }, { "sure", "1" }, { "absolutely", "1" },
		{ "definitely", "1" }, { "certainly", "1" }, { "gerne", "1" },
		{ "jawohl", "1" }, { "claro", "1" }, { "willing", "1" },
		{ "open", "1" }, { "bereit", "1" }, { "dispuesto", "1" },
		{ "dispuesta", "1" }, { "strictly", "1" },
		{ "confidential", "1" }, { "vertraulich", "1" },
		{ "confidentiel", "1" }, { "confidentielle", "1" },
		{ "confidencial", "1" }, { "mobile", "1" }, { "flexible", "1" },
	};
	const char *r = first_of(v, answers, ARRAY_SIZE(answers));

	return r == NULL ? -1 : r[0] - '0';
}

/* years: the first whole number ("15+ years", "über 20 Jahre"), or -1 */
static int
years_of(const char *v)
{
	long y = 0;
	int digits = 0;

	if (v == NULL)
		return -1;
	for (; *v != '\0'; v++) {
		if (*v >= '0' && *v <= '9') {
			if (digits < 4)
				y = y * 10 + (*v - '0');
			digits++;
		} else if (digits > 0)
			break;
	}
	if (digits == 0 || digits > 2 || y > 70)
		return -1;
	return (int)y;
}

struct month {
	const char *name;
	int m;
};

static const struct month months[] = {
	{ "january", 1 }, { "jan", 1 }, { "januar", 1 }, { "janner", 1 },
	{ "janvier", 1 }, { "enero", 1 }, { "ene", 1 },
	{ "february", 2 }, { "feb", 2 }, { "februar", 2 }, { "fevrier", 2 },
	{ "fev", 2 }, { "febrero", 2 },
	{ "march", 3 }, { "mar", 3 }, { "marz", 3 }, { "maerz", 3 },
	{ "mars", 3 }, { "marzo", 3 },
	{ "april", 4 }, { "apr", 4 }, { "avril", 4 }, { "avr", 4 },
	{ "abril", 4 }, { "abr", 4 },
	{ "may", 5 }, { "mai", 5 }, { "mayo", 5 },
	{ "june", 6 }, { "jun", 6 }, { "juni", 6 }, { "juin", 6 },
	{ "junio", 6 },
	{ "july", 7 }, { "jul", 7 }, { "juli", 7 }, { "juillet", 7 },
	{ "julio", 7 },
	{ "august", 8 }, { "aug", 8 }, { "aout", 8 }, { "agosto", 8 },
	{ "ago", 8 },
	{ "september", 9 }, { "sep", 9 }, { "sept", 9 }, { "septembre", 9 },
	{ "septiembre", 9 }, { "setiembre", 9 },
	{ "october", 10 }, { "oct", 10 }, { "oktober", 10 }, { "okt", 10 },
	{ "octobre", 10 }, { "octubre", 10 },
	{ "november", 11 }, { "nov", 11 }, { "novembre", 11 },
	{ "noviembre", 11 },
	{ "december", 12 }, { "dec", 12 }, { "dezember", 12 }, { "dez", 12 },
	{ "decembre", 12 }, { "diciembre", 12 }, { "dic", 12 },
};

static int
days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static char *
fmt_date(int y, int m, int d)
{
	if (y < 1900 || y > 2199 || m < 1 || m > 12)
		return NULL;
	if (d == 0)
		return xasprintf("%04d-%02d", y, m);
	if (d < 1 || d > days_in(y, m))
		return NULL;
	return xasprintf("%04d-%02d-%02d", y, m, d);
}

struct tok {
	int num;          /* a number, else a word */
	long v;           /* number value */
	size_t len;       /* characters */
	size_t start;
	char sep;         /* the character right after a number */
	char text[16];    /* a word, folded, cut */
};

#define EX_MAX_TOKS 48

static size_t
tokenize(const char *f, struct tok *t, size_t max)
{
	size_t i = 0, nt = 0, s, l;

	while (f[i] != '\0' && nt < max) {
		unsigned char c = (unsigned char)f[i];

		if (c >= '0' && c <= '9') {
			s = i;
			t[nt].num = 1;
			t[nt].v = 0;
			while (f[i] >= '0' && f[i] <= '9') {
				if (i - s < 6)
					t[nt].v = t[nt].v * 10 + (f[i] - '0');
				i++;
			}
			t[nt].len = i - s;
			t[nt].start = s;
			t[nt].sep = f[i];
			t[nt].text[0] = '\0';
			nt++;
		} else if ((c >= 'a' && c <= 'z') || c >= 0x80) {
			s = i;
			while ((f[i] >= 'a' && f[i] <= 'z') ||
			    (unsigned char)f[i] >= 0x80)
				i++;
			t[nt].num = 0;
			t[nt].len = i - s;
			t[nt].start = s;
			t[nt].sep = f[i];
			l = t[nt].len < 15 ? t[nt].len : 15;
			memcpy(t[nt].text, f + s, l);
			t[nt].text[l] = '\0';
			nt++;
		} else
			i++;
	}
	return nt;
}

static int
month_of(const struct tok *t)
{
	size_t k;

	if (t->num || t->len >= 15)
		return 0;
	for (k = 0; k < ARRAY_SIZE(months); k++)
		if (strcmp(t->text, months[k].name) == 0)
			return months[k].m;
	return 0;
}

static int
is_filler(const struct tok *t)
{
	static const char *const fill[] = {
		"de", "of", "the", "st", "nd", "rd", "th", "er", "del", "le",
		"el", "den", "am", "on",
	};
	size_t k;

	if (t->num)
		return 0;
	for (k = 0; k < ARRAY_SIZE(fill); k++)
		if (strcmp(t->text, fill[k]) == 0)
			return 1;
	return 0;
}

static int
year_of(const struct tok *t)
{
	if (!t->num)
		return 0;
	if (t->len == 4 && t->v >= 1900 && t->v <= 2199)
		return (int)t->v;
	return 0;
}

/*
 * parse_date: "2027-03-01", "01.03.2027", "3/1/2027" (month first when
 * us), "1. März 2027", "March 1, 2027", "1er mars 2027", "1 de marzo de
 * 2027" -> YYYY-MM-DD; "March 2027", "03/2027", "2027-03" -> YYYY-MM.
 * NULL when no date with a year is written.
 */
static char *
parse_date(const char *v, int us)
{
	char f[EX_FOLD_MAX];
	struct tok t[EX_MAX_TOKS];
	size_t nt, i, j, k;
	int y, m, d, a, b;
	char *r;

	fields_fold(v, strlen(v), f, sizeof(f));
	nt = tokenize(f, t, EX_MAX_TOKS);

	/* numbers joined by one separator */
	for (i = 0; i < nt; i++) {
		char s = t[i].sep;

		if (!t[i].num || (s != '-' && s != '.' && s != '/'))
			continue;
		if (i + 1 >= nt || !t[i + 1].num ||
		    t[i + 1].start != t[i].start + t[i].len + 1)
			continue;
		if (i + 2 < nt && t[i + 2].num && t[i + 1].sep == s &&
		    t[i + 2].start == t[i + 1].start + t[i + 1].len + 1) {
			/* three numbers */
			if (t[i].len == 4) {
				y = (int)t[i].v;
				m = (int)t[i + 1].v;
				d = (int)t[i + 2].v;
			} else if (t[i + 2].len == 4 || t[i + 2].len == 2) {
				y = (int)t[i + 2].v;
				if (t[i + 2].len == 2)
					y += 2000;
				a = (int)t[i].v;
				b = (int)t[i + 1].v;
				if (s == '/' && (b > 12 || (us && a <= 12))) {
					m = a;
					d = b;
				} else {
					d = a;
					m = b;
				}
			} else
				continue;
			if ((r = fmt_date(y, m, d)) != NULL)
				return r;
			i += 2;     /* "31.02.2027" is no "02.2027" either */
			continue;
		}
		/* two numbers: month and year */
		if (t[i + 1].len == 4 && t[i].len <= 2)
			r = fmt_date((int)t[i + 1].v, (int)t[i].v, 0);
		else if (t[i].len == 4 && t[i + 1].len <= 2 && s == '-')
			r = fmt_date((int)t[i].v, (int)t[i + 1].v, 0);
		else
			r = NULL;
		if (r != NULL)
			return r;
	}

	/* a month name, a day before or after it, a year after it */
	for (i = 0; i < nt; i++) {
		if ((m = month_of(&t[i])) == 0)
			continue;
		d = 0;
		y = 0;
		j = i;
		while (j > 0 && i - j < 3 && is_filler(&t[j - 1]))
			j--;
		if (j > 0 && t[j - 1].num && t[j - 1].len <= 2 &&
		    t[j - 1].v >= 1 && t[j - 1].v <= 31)
			d = (int)t[j - 1].v;
		for (k = i + 1; k < nt && k <= i + 4; k++) {
			if (is_filler(&t[k]))
				continue;
			if ((y = year_of(&t[k])) != 0)
				break;
			if (d == 0 && t[k].num && t[k].len <= 2 &&
			    t[k].v >= 1 && t[k].v <= 31) {
				d = (int)t[k].v;
				continue;
			}
			break;
		}
		if (y != 0 && (r = fmt_date(y, m, d)) != NULL)
			return r;
	}
	return NULL;
}

static char *
start_date(const char *v, int us)
{
	char *r;

	if (v == NULL)
		return NULL;
	if ((r = parse_date(v, us)) != NULL)
		return r;
	return collapse_str(v);
}

/*
 * block: a multi-line text as records.md wants it: trailing spaces per
 * line removed, runs of blank lines one blank line, no blank lines at the
 * ends.
 */
static char *
block(const char *s)
{
	struct buf b;
	const char *p = s, *e;
	size_t l;
	int blank = 0;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	while (*p != '\0') {
		e = strchr(p, '\n');
		l = e != NULL ? (size_t)(e - p) : strlen(p);
		while (l > 0 && (p[l - 1] == ' ' || p[l - 1] == '\t' ||
		    p[l - 1] == '\r'))
			l--;
		if (l == 0)
			blank = b.len > 0;
		else {
			if (b.len > 0)
				buf_append(&b, blank ? "\n\n" : "\n",
				    blank ? 2 : 1);
			blank = 0;
			buf_append(&b, p, l);
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	return buf_steal(&b);
}

/* ---- found list ---- */

static void
found_add(struct buf *b, const char *key)
{
	if (b->len > 0)
		buf_putc(b, ',');
	buf_puts(b, key);
}

static char *
found_steal(struct buf *b)
{
	return buf_steal(b);
}

/* ---- job orders ---- */

/* the built-in list, when the caller gives none: built once, kept */
static struct industry_list *builtin_list;
static once_flag builtin_once = ONCE_FLAG_INIT;

static void
builtin_make(void)
{
	builtin_list = industry_default();
}

static const struct industry_list *
industries(const struct extract_config *cfg)
{
	if (cfg != NULL && cfg->industries != NULL)
		return cfg->industries;
	call_once(&builtin_once, builtin_make);
	return builtin_list;
}

/* ---- the signature block and the sender's name (signature.h) ---- */

/* the default words, when the caller gives none: loaded once, kept */
static struct signature_words *default_words;
static once_flag words_once = ONCE_FLAG_INIT;

static void
words_make(void)
{
	const char *err;

	if ((default_words = signature_words_load(
	    signature_words_default_path(), &err)) == NULL)
		log_warn("extract: no signature blocks read: %s", err);
}

static const struct signature_words *
sig_words(const struct extract_config *cfg)
{
	if (cfg != NULL && cfg->signature_words != NULL)
		return cfg->signature_words;
	call_once(&words_once, words_make);
	return default_words;
}

static void
take(char **dst, char **src)
{
	if (*dst == NULL && *src != NULL) {
		*dst = *src;
		*src = NULL;
	}
}

/*
 * sig_person: the sender's name in order ("Dubois, Marie" -> "Marie
 * Dubois") when no field gave it (from_fields 0); the signature's name
 * when the sender gave none, or only one word of it ("Huber" signing
 * "Dr. Petra Huber"): labelled fields, then the signature, then the
 * bare sender.  Then *sig_r holds the signature (empty: none); the
 * caller clears it.  A web-form robot's text is no one's signature.
 */
static void
sig_person(const struct mail *m, const struct extract_config *cfg,
    int robot, int from_fields, char **name, struct signature *sig_r)
{
	const struct signature_words *w = sig_words(cfg);
	char *o;

	memset(sig_r, 0, sizeof(*sig_r));
	if (!from_fields && *name != NULL) {
		o = signature_name_order(w, *name);
		free(*name);
		*name = o;
	}
	if (robot || m->text == NULL ||
	    !signature_find(w, m->text, strlen(m->text), sig_r))
		return;
	if (!from_fields && sig_r->name != NULL && (*name == NULL ||
	    (strchr(*name, ' ') == NULL && strstr(sig_r->name, *name) !=
	    NULL))) {
		free(*name);
		*name = sig_r->name;
		sig_r->name = NULL;
	}
}

/* ---- prose (prose.h): what sentences and the subject say, for the
 * fields labelled lines and forms left null (labelled > prose) ---- */

static struct prose_phrases *builtin_prose;
static once_flag prose_once = ONCE_FLAG_INIT;

static void
prose_make(void)
{
	const char *err;

	/* no file (a test without RECRUIT_DATADIR): no prose, no failure */
	builtin_prose = prose_load(prose_default_path(), &err);
}

static const struct prose_phrases *
prose_table(const struct extract_config *cfg)
{
	if (cfg != NULL && cfg->prose != NULL)
		return cfg->prose;
	call_once(&prose_once, prose_make);
	return builtin_prose;
}

static void
prose_job_fill(struct job_order *j, const struct mail *m,
    const struct extract_config *cfg)
{
	struct prose_job pj;
	const char *cc;

	prose_job_read(prose_table(cfg), m->subject, m->text,
	    m->text != NULL ? strlen(m->text) : 0, &pj);
	if (j->position_title == NULL) {
		j->position_title = pj.position;
		pj.position = NULL;
	}
	if (j->company == NULL) {
		j->company = pj.company;
		pj.company = NULL;
	}
	if (j->location == NULL && pj.location != NULL) {
		j->location = strip_country(pj.location, &cc);
		if (j->country == NULL && (cc = geo_country(pj.location,
		    strlen(pj.location))) != NULL)
			j->country = xstrdup(cc);
	}
	prose_job_clear(&pj);
}

static void
prose_candidate_fill(struct candidate *c, const struct mail *m,
    const struct extract_config *cfg, const struct industry_list *il)
{
	struct prose_candidate pc;
	size_t k;

	prose_candidate_read(prose_table(cfg), il, m->text,
	    m->text != NULL ? strlen(m->text) : 0, &pc);
	if (c->desired_position == NULL) {
		c->desired_position = pc.position;
		pc.position = NULL;
	}
	if (c->n_industries == 0 && pc.n_industries > 0) {
		c->industries = xreallocarray(NULL, pc.n_industries,
		    sizeof(*c->industries));
		for (k = 0; k < pc.n_industries; k++)
			c->industries[c->n_industries++] =
			    xstrdup(pc.industries[k]);
	}
	if (pc.relocate_to != NULL) {
		if (c->n_locations == 0)
			split_places(pc.relocate_to, &c->locations,
			    &c->n_locations);
		if (c->willing_to_relocate < 0)
			c->willing_to_relocate = 1;
	}
	prose_candidate_clear(&pc);
}

int
extract_job_order(const struct mail *m, const struct field_set *fs,
    const struct extract_config *cfg, struct job_order **job_r)
{
	struct job_order *j;
	const struct industry_list *il;
	const char *v, *cc = NULL, *cc2, *desc, *req;
	struct buf found;
	struct signature sig;
	int robot, ff, name_ff;
	char *loc;

	if (m == NULL || fs == NULL || job_r == NULL)
		return -1;
	j = xcalloc(1, sizeof(*j));
	j->confidential = -1;
	buf_init(&found, 0);
	robot = is_robot(m, cfg);
	il = industries(cfg);

	if ((j->company = collapse_str(fields_get(fs, FK_COMPANY))) != NULL)
		found_add(&found, "company");
	j->contact_name = name_from(fs, m, robot, &ff);
	if (j->contact_name != NULL && ff)
		found_add(&found, "contact_name");
	name_ff = ff;
	if ((j->contact_title = collapse_str(fields_get(fs, FK_TITLE))) != NULL)
		found_add(&found, "contact_title");
	j->contact_email = email_from(fs, m, robot, &ff);
	if (j->contact_email != NULL && ff)
		found_add(&found, "contact_email");
	if ((j->contact_phone = collapse_str(fields_get(fs, FK_PHONE))) != NULL)
		found_add(&found, "contact_phone");
	if ((j->position_title = collapse_str(fields_get(fs, FK_POSITION))) !=
	    NULL)
		found_add(&found, "position_title");
	if ((v = fields_get(fs, FK_INDUSTRY)) != NULL &&
	    (v = industry_match(il, v, strlen(v))) != NULL) {
		j->industry = xstrdup(v);
		found_add(&found, "industry");
	}

	/* location as written without a trailing country; the country */
	cc = country_field(fields_get(fs, FK_COUNTRY));
	if ((v = fields_get(fs, FK_LOCATION)) == NULL)
		v = fields_get(fs, FK_CITY);
	if (v != NULL && (loc = collapse_str(v)) != NULL) {
		j->location = strip_country(loc, &cc2);
		if (cc == NULL)
			cc = geo_country(loc, strlen(loc));
		free(loc);
		if (j->location != NULL)
			found_add(&found, "location");
	}
	if (cc != NULL) {
		j->country = xstrdup(cc);
		found_add(&found, "country");
	}

	if ((j->employment_type = employment_type(fields_get(fs,
	    FK_EMPLOYMENT_TYPE))) != NULL)
		found_add(&found, "employment_type");
	if ((v = fields_get(fs, FK_SALARY)) != NULL &&
	    salary_parse_words(cfg != NULL ? cfg->salary_words : NULL, v,
	    strlen(v), geo_currency(j->country), &j->salary) == 0) {
		found_add(&found, "salary_min");
		found_add(&found, "salary_max");
		found_add(&found, "salary_currency");
		found_add(&found, "salary_period");
	}
	if ((j->start_date = start_date(fields_get(fs, FK_START_DATE),
	    j->country != NULL && strcmp(j->country, "US") == 0)) != NULL)
		found_add(&found, "start_date");
	if ((j->confidential = yes_no(fields_get(fs, FK_CONFIDENTIAL))) >= 0)
		found_add(&found, "confidential");

	desc = fields_get(fs, FK_DESCRIPTION);
	req = fields_get(fs, FK_REQUIREMENTS);
	if (desc != NULL && req != NULL)
		j->description = xasprintf("%s\n\nRequirements:\n%s", desc,
		    req);
	else if (desc != NULL)
		j->description = xstrdup(desc);
	else if (req != NULL)
		j->description = xasprintf("Requirements:\n%s", req);
	if (j->description != NULL)
		found_add(&found, "description");

	/* what no field gave, from the signature block (its company, with
	 * the legal form in full, over a sentence's), then from prose */
	sig_person(m, cfg, robot, name_ff, &j->contact_name, &sig);
	take(&j->contact_title, &sig.title);
	take(&j->contact_phone, &sig.phones[0]);
	take(&j->company, &sig.company);
	signature_clear(&sig);
	prose_job_fill(j, m, cfg);

	j->needs_review = j->position_title == NULL ||
	    (j->company == NULL && j->contact_email == NULL) ||
	    j->salary.needs_review;     /* salary.h: "120-150" */
	/* quote.h: a value only in quoted text may be what the fresh text
	 * corrects */
	if (fields_quoted_used(fs))
		j->needs_review = 1;
	j->found = found_steal(&found);
	*job_r = j;
	return 0;
}

void
job_order_free(struct job_order *j)
{
	if (j == NULL)
		return;
	free(j->company);
	free(j->contact_name);
	free(j->contact_title);
	free(j->contact_email);
	free(j->contact_phone);
	free(j->position_title);
	free(j->industry);
	free(j->location);
	free(j->country);
	free(j->employment_type);
	free(j->start_date);
	free(j->description);
	free(j->found);
	free(j);
}

/* ---- candidates ---- */

int
extract_is_resume(const struct mail_part *p)
{
	static const char *const doc_types[] = {
		"application/pdf", "application/x-pdf", "application/msword",
		"application/vnd.ms-word",
		("application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document"),
		"application/vnd.oasis.opendocument.text", "application/rtf",
		"application/x-rtf", "text/rtf", "text/richtext",
	};
	static const char *const doc_exts[] = {
		".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".html",
		".htm",
	};
	size_t k;
	int named_doc = 0;

	if (p == NULL || p->content_type == NULL)
		return 0;
	if (p->filename != NULL)
		for (k = 0; k < ARRAY_SIZE(doc_exts); k++)
			if (str_suffix_ci(p->filename, doc_exts[k]))
				named_doc = 1;
	for (k = 0; k < ARRAY_SIZE(doc_types); k++)
		if (strcmp(p->content_type, doc_types[k]) == 0)
			return 1;
	/* a text or HTML body is no résumé; a named text attachment is */
	if (str_prefix_ci(p->content_type, "text/plain") ||
	    str_prefix_ci(p->content_type, "text/html"))
		return p->attachment && named_doc;
	if (str_prefix_ci(p->content_type, "image/") ||
	    str_prefix_ci(p->content_type, "audio/") ||
	    str_prefix_ci(p->content_type, "video/") ||
	    str_prefix_ci(p->content_type, "message/") ||
	    str_prefix_ci(p->content_type, "multipart/"))
		return 0;
	return named_doc;   /* application/octet-stream "CV.pdf" */
}

static void
add_resume(struct candidate *c, const struct mail_part *p,
    const struct limits *lim)
{
	struct resume *r;
	enum resume_format fmt;
	const char *err = NULL;
	char *text = NULL;

	c->resumes = xreallocarray(c->resumes, c->n_resumes + 1,
	    sizeof(*c->resumes));
	r = &c->resumes[c->n_resumes++];
	memset(r, 0, sizeof(*r));
	r->filename = p->filename != NULL ? xstrdup(p->filename) : NULL;
	r->content_type = xstrdup(p->content_type);
	r->size = p->len;
	sha256_hex(p->data != NULL ? (const void *)p->data : (const void *)"",
	    p->len, r->sha256);
	r->data = p->data;
	fmt = resume_format(p->content_type, p->filename, p->data, p->len);
	/* each conversion may take resume_seconds of a sandboxed child:
	 * beyond max_resumes a mail's résumés are kept, not read */
	if (c->n_resumes > (lim->max_resumes != 0 ? lim->max_resumes :
	    LIMIT_RESUMES))
		err = "more résumés in the mail than max_resumes: not read";
	else if (resume_text(fmt, p->data, p->len, lim, &text, &err) < 0 ||
	    text == NULL) {
		free(text);
		text = NULL;
	}
	if (text != NULL)
		r->text = text;
	else
		r->text_error = xstrdup(err != NULL ? err : "no text");
}

/* profile_in_text: a LinkedIn or Xing profile URL written in the body */
static char *
profile_in_text(const char *t)
{
	static const char *const hosts[] = {
		"linkedin.com/in/", "xing.com/profile/",
	};
	const char *p, *b, *e;
	size_t k, n;

	if (t == NULL)
		return NULL;
	n = strlen(t);
	for (k = 0; k < ARRAY_SIZE(hosts); k++) {
		if ((p = mem_find_ci(t, n, hosts[k])) == NULL)
			continue;
		b = p;
		while (b > t && !is_space((unsigned char)b[-1]) &&
		    strchr("<(\"':", b[-1]) == NULL && p - b < 64)
			b--;
		/* keep a scheme: "https://…" has its ':' inside */
		if (b > t + 5 && b[-1] == ':' &&
		    (str_prefix_ci(b - 6, "https:") ||
		    str_prefix_ci(b - 5, "http:")))
			b -= str_prefix_ci(b - 6, "https:") ? 6 : 5;
		e = p + strlen(hosts[k]);
		while (*e != '\0' && !is_space((unsigned char)*e) &&
		    strchr(">)\"'", *e) == NULL && e - p < 256)
			e++;
		while (e > p && (e[-1] == '.' || e[-1] == ','))
			e--;
		return xstrndup(b, (size_t)(e - b));
	}
	return NULL;
}

int
extract_candidate(const struct mail *m, const struct field_set *fs,
    const struct extract_config *cfg, const struct limits *lim,
    struct candidate **cand_r)
{
	struct candidate *c;
	const struct industry_list *il;
	struct limits def;
	const char *v, *cc = NULL, *names[EX_MAX_INDUSTRIES];
	struct buf found;
	struct signature sig;
	size_t i, k, n;
	int robot, ff, name_ff;

	if (m == NULL || fs == NULL || cand_r == NULL)
		return -1;
	if (lim == NULL) {
		limit_defaults(&def);
		lim = &def;
	}
	c = xcalloc(1, sizeof(*c));
	c->willing_to_relocate = -1;
	c->years_experience = -1;
	buf_init(&found, 0);
	robot = is_robot(m, cfg);
	il = industries(cfg);

	c->name = name_from(fs, m, robot, &ff);
	if (c->name != NULL && ff)
		found_add(&found, "name");
	name_ff = ff;
	c->email = email_from(fs, m, robot, &ff);
	if (c->email != NULL && ff)
		found_add(&found, "email");
	if ((c->phone = collapse_str(fields_get(fs, FK_PHONE))) != NULL)
		found_add(&found, "phone");
	if ((v = fields_get(fs, FK_CURRENT_TITLE)) == NULL)
		v = fields_get(fs, FK_TITLE);
	if ((c->current_title = collapse_str(v)) != NULL)
		found_add(&found, "current_title");
	if ((v = fields_get(fs, FK_CURRENT_EMPLOYER)) == NULL)
		v = fields_get(fs, FK_COMPANY);
	if ((c->current_employer = collapse_str(v)) != NULL)
		found_add(&found, "current_employer");
	if ((v = fields_get(fs, FK_DESIRED_POSITION)) == NULL)
		v = fields_get(fs, FK_POSITION);
	if ((c->desired_position = collapse_str(v)) != NULL)
		found_add(&found, "desired_position");

	/* every industry field, every industry named in it */
	for (i = 0; i < fs->n; i++) {
		if (fs->v[i].key != FK_INDUSTRY ||
		    fields_superseded(fs, i))    /* quote.h */
			continue;
		n = industry_match_all(il, fs->v[i].value,
		    strlen(fs->v[i].value), names, ARRAY_SIZE(names));
		for (k = 0; k < n; k++) {
			size_t j;

			for (j = 0; j < c->n_industries; j++)
				if (strcmp(c->industries[j], names[k]) == 0)
					break;
			if (j < c->n_industries ||
			    c->n_industries >= EX_MAX_INDUSTRIES)
				continue;
			c->industries = xreallocarray(c->industries,
			    c->n_industries + 1, sizeof(*c->industries));
			c->industries[c->n_industries++] = xstrdup(names[k]);
		}
	}
	if (c->n_industries > 0)
		found_add(&found, "industries");

	/* places, in the order written */
	for (i = 0; i < fs->n; i++)
		if ((fs->v[i].key == FK_LOCATION || fs->v[i].key == FK_CITY ||
		    fs->v[i].key == FK_DESIRED_LOCATION) &&
		    !fields_superseded(fs, i))    /* quote.h */
			split_places(fs->v[i].value, &c->locations,
			    &c->n_locations);
	if (c->n_locations == 0 && (v = fields_get(fs, FK_COUNTRY)) != NULL)
		split_places(v, &c->locations, &c->n_locations);
	if (c->n_locations > 0)
		found_add(&found, "locations");
	cc = country_field(fields_get(fs, FK_COUNTRY));
	for (i = 0; cc == NULL && i < c->n_locations; i++)
		cc = geo_country(c->locations[i], strlen(c->locations[i]));

	if ((c->willing_to_relocate = yes_no(fields_get(fs, FK_RELOCATE))) >= 0)
		found_add(&found, "willing_to_relocate");
	if ((v = fields_get(fs, FK_DESIRED_SALARY)) == NULL)
		v = fields_get(fs, FK_SALARY);
	if (v != NULL && salary_parse_words(cfg != NULL ? cfg->salary_words :
	    NULL, v, strlen(v), geo_currency(cc), &c->salary_expectation) == 0)
		found_add(&found, "salary_expectation");
	if ((c->years_experience = years_of(fields_get(fs,
	    FK_YEARS_EXPERIENCE))) >= 0)
		found_add(&found, "years_experience");
	if ((c->profile_url = collapse_str(fields_get(fs, FK_PROFILE_URL))) !=
	    NULL)
		found_add(&found, "profile_url");
	else
		c->profile_url = profile_in_text(m->text);

	/* what no field gave, from the signature block */
	sig_person(m, cfg, robot, name_ff, &c->name, &sig);
	take(&c->phone, &sig.phones[0]);
	take(&c->profile_url, &sig.profile);
	take(&c->current_title, &sig.title);
	take(&c->current_employer, &sig.company);
	signature_clear(&sig);

	for (i = 0; i < m->n_parts; i++)
		if (extract_is_resume(&m->parts[i]))
			add_resume(c, &m->parts[i], lim);
	c->cover_letter = block(m->text != NULL ? m->text : "");
	prose_candidate_fill(c, m, cfg, il);

	c->needs_review = c->name == NULL || c->email == NULL ||
	    (c->desired_position == NULL && c->current_title == NULL &&
	    c->n_resumes == 0) ||
	    c->salary_expectation.needs_review;   /* salary.h: "120-150" */
	/* quote.h: a value only in quoted text may be what the fresh text
	 * corrects */
	if (fields_quoted_used(fs))
		c->needs_review = 1;
	c->found = found_steal(&found);
	*cand_r = c;
	return 0;
}

void
candidate_free(struct candidate *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->name);
	free(c->email);
	free(c->phone);
	free(c->current_title);
	free(c->current_employer);
	free(c->desired_position);
	for (i = 0; i < c->n_industries; i++)
		free(c->industries[i]);
	free(c->industries);
	for (i = 0; i < c->n_locations; i++)
		free(c->locations[i]);
	free(c->locations);
	free(c->profile_url);
	for (i = 0; i < c->n_resumes; i++) {
		free(c->resumes[i].filename);
		free(c->resumes[i].content_type);
		free(c->resumes[i].text);
		free(c->resumes[i].text_error);
	}
	free(c->resumes);
	free(c->cover_letter);
	free(c->found);
	free(c);
}

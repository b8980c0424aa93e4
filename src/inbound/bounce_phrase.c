/*
 * bounce_phrase.c — the phrase table of bounce reasons, read from its
 * data file and indexed (bounce_phrase.h).
 *
 * What a diagnostic says, as the label bounce processors use (sisimai's
 * vocabulary), comes from some 400 phrases tried in the file's order,
 * first found wins: the specific soft causes first, then the dead
 * addresses, then the vague words (after "[vague]"), tried only when
 * nothing else says more.  The phrases are data (data/bounce-phrases,
 * installed in PKGDATADIR) so that a firm can add the words of the
 * servers its subscribers use, in their languages, without a new build.
 *
 * The index: a look-up is for texts of up to BOUNCE_SCAN_MAX bytes,
 * often line by line; one search per phrase made a long notice cost
 * lines x phrases searches.  Instead each class (specific, vague) chains
 * its phrases by a hash of their first two bytes (ASCII case folded), in
 * the file's order, and a text is read once: at each offset only the
 * phrases starting with those two bytes are compared.  Built when the
 * file is loaded, read-only after.
 *
 * Ownership: a table owns the file's text (its phrases point into it)
 * and its index; freed by bounce_phrase_free; its owner is the ingest
 * that loaded it (one per configuration: a reload that fails leaves the
 * running one's alone).  Reasons are the static labels of
 * known_reasons, never the file's bytes, so a report outlives its
 * table.
 *
 * SECURITY: the file is configuration, read with the limits of
 * bounce_phrase.h all the same; every line is checked (known reason,
 * a language code, 2 to BOUNCE_PHRASE_LEN_MAX bytes of UTF-8 without
 * controls) and the first bad one stops the load with its number.
 * Look-ups read bytes from strangers through (s, n) only.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce_phrase.h"
#include "util.h"

#define PHRASE_HASH 1024
#define PHRASE_NONE ((size_t)-1)

/* the reasons a phrase may give (bounce.h): hard ones first */
static const char *const known_reasons[] = {
	"userunknown", "hostunknown", "hasmoved", "notaccept",
	"mailboxfull", "mesgtoobig", "exceedlimit", "suspend", "norelaying",
	"authfailure", "requireptr", "badreputation", "virusdetected",
	"blocked", "spamdetected", "policyviolation", "failedstarttls",
	"securityerror", "syntaxerror", "notcompliantrfc", "toomanyconn",
	"speeding", "rejected", "mailererror", "filtered", "expired",
	"networkerror", "systemerror", "onhold",
};

struct phrase {
	const char *text;     /* in the table's data, NUL-terminated */
	const char *reason;   /* a static label of known_reasons */
	uint16_t len;
	uint16_t pair;        /* its first two bytes, folded */
	uint16_t next;        /* next index + 1 in its chain; 0 none */
};

struct bounce_phrases {
	char *data;                     /* the file's text */
	struct phrase *v;
	size_t n;
	size_t first[2];                /* lowest index of a class */
	uint16_t head[2][PHRASE_HASH];  /* first index + 1; 0 none */
};

static char load_error[4096 + 256];

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static unsigned
phrase_hash(unsigned char a, unsigned char b)
{
	return (((unsigned)lower(a) << 5) ^ (unsigned)lower(b)) &
	    (PHRASE_HASH - 1);
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
		/* a path longer than any real one: the reason alone */
		(void)snprintf(load_error, sizeof(load_error),
		    "bounce phrases: %s", what);
	return load_error;
}

static const char *
reason_known(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_reasons); i++)
		if (strlen(known_reasons[i]) == n &&
		    memcmp(known_reasons[i], s, n) == 0)
			return known_reasons[i];
	return NULL;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* lang_ok: an ISO 639 code, perhaps with a region ("en", "pt-br") */
static int
lang_ok(const char *s, size_t n)
{
	size_t i, letters = 0;

	if (n < 2 || n > 8)
		return 0;
	for (i = 0; i < n && s[i] >= 'a' && s[i] <= 'z'; i++)
		letters++;
	if (letters < 2 || letters > 3)
		return 0;
	if (i == n)
		return 1;
	if (s[i++] != '-' || i == n)
		return 0;
	for (; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return 0;
	return 1;
}

/*
 * line_parse: the line (p, n) of the file, NUL-terminated at p[n] by the
 * caller's buffer.  A phrase is added to t, or nothing (comment, blank,
 * [vague]); NULL, or the reason it cannot be read.
 */
static const char *
line_parse(struct bounce_phrases *t, char *p, size_t n, int *vague)
{
	const char *reason;
	size_t i = 0, rs, re, ls, le, ps, pe, k;
	struct phrase *x;

	while (n > 0 && (blank(p[n - 1]) || p[n - 1] == '\r'))
		n--;
	while (i < n && blank(p[i]))
		i++;
	if (i == n || p[i] == '#')
		return NULL;
	if (p[i] == '[') {
		if (n - i != 7 || memcmp(p + i, "[vague]", 7) != 0)
			return "unknown section (only [vague] is one)";
		if (*vague)
			return "a second [vague]";
		*vague = 1;
		t->first[1] = t->n;
		return NULL;
	}
	rs = i;
	while (i < n && !blank(p[i]))
		i++;
	re = i;
	if ((reason = reason_known(p + rs, re - rs)) == NULL) {
		static char why[128];
		int w = -1;

		/* the word itself when it is printable ASCII (it is logged) */
		for (k = rs; k < re && p[k] > ' ' && p[k] < 0x7f; k++)
			;
		if (k == re)
			w = snprintf(why, sizeof(why), "unknown reason "
			    "\"%.*s\" (the list is at the top of the installed "
			    "file)", (int)(re - rs > 40 ? 40 : re - rs), p + rs);
		return w > 0 && (size_t)w < sizeof(why) ? why :
		    "unknown reason (the list is at the top of the installed "
		    "file)";
	}
	while (i < n && blank(p[i]))
		i++;
	ls = i;
	while (i < n && !blank(p[i]))
		i++;
	le = i;
	if (ls == le)
		return "no language and phrase after the reason";
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
	if (pe - ps < 2)
		return "a phrase of less than two bytes";
	if (pe - ps > BOUNCE_PHRASE_LEN_MAX)
		return "a phrase longer than 200 bytes";
	if (!utf8_valid(p + ps, pe - ps))
		return "the phrase is not UTF-8";
	for (k = ps; k < pe; k++)
		if ((unsigned char)p[k] < ' ' || p[k] == 0x7f)
			return "a control character in the phrase";
	if (t->n >= BOUNCE_PHRASE_MAX)
		return "more than 8192 phrases";
	p[pe] = '\0';
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	x = &t->v[t->n++];
	memset(x, 0, sizeof(*x));
	x->text = p + ps;
	x->reason = reason;
	x->len = (uint16_t)(pe - ps);
	x->pair = (uint16_t)(lower((unsigned char)p[ps]) << 8 |
	    lower((unsigned char)p[ps + 1]));
	return NULL;
}

/* index_build: the chains of each class, in the file's order */
static void
index_build(struct bounce_phrases *t)
{
	size_t k;

	/* backwards, each pushed in front: the chains are in file order */
	for (k = t->n; k-- > 0;) {
		struct phrase *x = &t->v[k];
		int cls = k >= t->first[1];
		unsigned h = phrase_hash((unsigned char)x->text[0],
		    (unsigned char)x->text[1]);

		x->next = t->head[cls][h];
		t->head[cls][h] = (uint16_t)(k + 1);
	}
}

struct bounce_phrases *
bounce_phrase_load(const char *path, const char **error_r)
{
	struct bounce_phrases *t;
	const char *err;
	char *p, *end, *nl;
	size_t len, line = 0;
	int vague = 0;

	if (path == NULL || path[0] == '\0') {
		*error_r = "bounce phrases: no file named";
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	if (file_read(path, BOUNCE_PHRASE_FILE_MAX, &t->data, &len,
	    &err) < 0) {
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
			nl = end;    /* file_read leaves a NUL at end */
		*nl = '\0';
		if ((err = line_parse(t, p, (size_t)(nl - p), &vague)) !=
		    NULL) {
			*error_r = fail(path, line, err);
			goto fail;
		}
	}
	if (!vague)
		t->first[1] = t->n;
	if (t->n == 0) {
		*error_r = fail(path, 0, "no phrases in it");
		goto fail;
	}
	index_build(t);
	return t;
fail:
	bounce_phrase_free(t);
	return NULL;
}

void
bounce_phrase_free(struct bounce_phrases *t)
{
	if (t == NULL)
		return;
	free(t->v);
	free(t->data);
	free(t);
}

size_t
bounce_phrase_count(const struct bounce_phrases *t)
{
	return t != NULL ? t->n : 0;
}

const char *
bounce_phrase_default_path(void)
{
	static char path[4096];

	return data_file_path(path, sizeof(path), BOUNCE_PHRASE_FILE);
}

/* ---- look-ups ---- */

/* phrase_at: phrase k at s, with left bytes there */
static int
phrase_at(const struct bounce_phrases *t, const char *s, size_t left,
    size_t k)
{
	const struct phrase *x = &t->v[k];
	size_t j;

	if (x->len > left || x->pair != (lower((unsigned char)s[0]) << 8 |
	    lower((unsigned char)s[1])))
		return 0;
	for (j = 2; j < x->len; j++)
		if (lower((unsigned char)s[j]) !=
		    lower((unsigned char)x->text[j]))
			return 0;
	return 1;
}

/*
 * phrase_first: over (s, n), the lowest index of a phrase of class vague
 * found anywhere; PHRASE_NONE if none.
 */
static size_t
phrase_first(const struct bounce_phrases *t, const char *s, size_t n,
    int vague)
{
	const uint16_t *head = t->head[vague];
	size_t i, best = PHRASE_NONE;

	for (i = 0; i + 1 < n; i++) {
		unsigned e = head[phrase_hash((unsigned char)s[i],
		    (unsigned char)s[i + 1])];

		for (; e != 0; e = t->v[e - 1].next) {
			size_t k = e - 1;

			if (k >= best)
				break;    /* the chain is in file order */
			if (phrase_at(t, s + i, n - i, k)) {
				best = k;
				break;
			}
		}
		if (best == t->first[vague])
			break;        /* nothing can come before it */
	}
	return best;
}

const char *
bounce_phrase_reason(const struct bounce_phrases *t, const char *s,
    size_t n, int vague)
{
	size_t k;

	if (t == NULL || s == NULL || n == 0)
		return NULL;
	k = phrase_first(t, s, n, vague != 0);
	return k == PHRASE_NONE ? NULL : t->v[k].reason;
}

int
bounce_phrase_earliest(const struct bounce_phrases *t, const char *s,
    size_t n, size_t *at_r)
{
	size_t i, at1 = 0;
	int have1 = 0;

	if (t == NULL || s == NULL)
		return 0;
	for (i = 0; i + 1 < n; i++) {
		unsigned h = phrase_hash((unsigned char)s[i],
		    (unsigned char)s[i + 1]);
		unsigned e;

		for (e = t->head[0][h]; e != 0; e = t->v[e - 1].next)
			if (phrase_at(t, s + i, n - i, e - 1)) {
				*at_r = i;
				return 1;
			}
		for (e = have1 ? 0 : t->head[1][h]; e != 0;
		    e = t->v[e - 1].next)
			if (phrase_at(t, s + i, n - i, e - 1)) {
				at1 = i;
				have1 = 1;
				break;
			}
	}
	*at_r = at1;
	return have1;
}

/*
 * article.c — newsletter articles (article.h): a front-matter block read
 * line by line, a Markdown body rendered by cmark to HTML (safe mode,
 * UTF-8 validated) and by a small walker of cmark's tree to plain text
 * wrapped at 72 columns.  article_load_dir reads a folder of them.
 *
 * Ownership: article_parse returns a fresh article whose strings it owns
 * (article_free); errors are malloc'd strings the caller frees.  The cmark
 * tree lives only inside article_parse.
 *
 * SECURITY: article files are written by the firm, but whoever can drop a
 * file in the folder reaches every subscriber, so they are treated as
 * untrusted: at most ARTICLE_MAX_SIZE bytes, no NUL assumed, values capped
 * at ARTICLE_MAX_VALUE and cleaned to UTF-8 without controls, raw HTML and
 * script-capable URLs dropped by cmark's safe mode (and by us in the text).
 * The text walker recurses at most TEXT_MAX_NEST levels (deeper containers
 * are flattened) and every output buffer has a ceiling.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark.h>

#include "article.h"
#include "log.h"
#include "util.h"

#define TEXT_WIDTH 72
#define TEXT_MIN_WIDTH 24
#define TEXT_MAX_NEST 16
#define TEXT_MAX (32u * 1024 * 1024)
#define LINK_STACK 64
#define ERR_VALUE_MAX 64

#define CMARK_OPTIONS (CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8)

/* ---- plain text ---------------------------------------------------- */

struct text_ctx {
	int over;                /* some buffer hit TEXT_MAX */
};

static void
put(struct text_ctx *c, struct buf *b, const void *p, size_t n)
{
	if (buf_append(b, p, n) < 0)
		c->over = 1;
}

static void
puts_(struct text_ctx *c, struct buf *b, const char *s)
{
	put(c, b, s, strlen(s));
}

/* Columns taken by n bytes of UTF-8: one per code point. */
static size_t
cols(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* Destinations a mail reader could run or that reach local files; the
 * same families cmark's safe mode empties in the HTML. */
static int
url_dangerous(const char *u)
{
	static const char *const bad[] = { "javascript:", "vbscript:",
	    "file:", "data:" };
	size_t i;

	while (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r')
		u++;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (str_prefix_ci(u, bad[i]))
			return 1;
	return 0;
}

/* The inline content of a leaf block as one string: soft breaks become
 * spaces, hard breaks '\n', raw HTML is dropped, a link or image is its
 * text followed by " <url>" (unless the text is the URL already). */
static void
collect_inline(struct text_ctx *c, cmark_node *leaf, struct buf *b)
{
	size_t starts[LINK_STACK];
	size_t depth = 0;
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node *n;
	const char *lit, *url;
	size_t tlen, ulen;

	it = cmark_iter_new(leaf);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			if (lit != NULL)
				puts_(c, b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
			put(c, b, " ", 1);
			break;
		case CMARK_NODE_LINEBREAK:
			put(c, b, "\n", 1);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_ENTER) {
				if (depth < LINK_STACK)
					starts[depth] = b->len;
				depth++;
				break;
			}
			if (depth == 0)
				break;
			depth--;
			if (depth >= LINK_STACK)
				break;
			url = cmark_node_get_url(n);
			if (url == NULL || *url == '\0' || url_dangerous(url))
				break;
			ulen = strlen(url);
			tlen = b->len - starts[depth];
			if (tlen == ulen &&
			    memcmp(b->data + starts[depth], url, ulen) == 0)
				break;
			if (str_prefix_ci(url, "mailto:") &&
			    tlen == ulen - 7 &&
			    memcmp(b->data + starts[depth], url + 7, tlen) == 0)
				break;
			if (tlen > 0)
				put(c, b, " ", 1);
			put(c, b, "<", 1);
			put(c, b, url, ulen);
			put(c, b, ">", 1);
			break;
		default:
			break;           /* emphasis, raw HTML, ... */
		}
	}
	cmark_iter_free(it);
}

/* Greedy word wrap of n bytes of s at width columns into out; '\n' in s
 * is a forced break.  A word longer than the width gets a line of its
 * own.  No trailing newline. */
static void
wrap(struct text_ctx *c, const char *s, size_t n, size_t width,
    struct buf *out)
{
	size_t i = 0, w, col = 0, wlen, wcols;
	int line_empty = 1;

	while (i < n) {
		if (s[i] == '\n') {
			put(c, out, "\n", 1);
			col = 0;
			line_empty = 1;
			i++;
			continue;
		}
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		w = i;
		while (w < n && s[w] != ' ' && s[w] != '\t' && s[w] != '\n')
			w++;
		wlen = w - i;
		wcols = cols(s + i, wlen);
		if (!line_empty && col + 1 + wcols > width) {
			put(c, out, "\n", 1);
			col = 0;
			line_empty = 1;
		}
		if (!line_empty) {
			put(c, out, " ", 1);
			col++;
		}
		put(c, out, s + i, wlen);
		col += wcols;
		line_empty = 0;
		i = w;
	}
}

/* Appends text to out with first before its first line and rest before
 * the others; empty lines get the prefix without trailing blanks. */
static void
prefix_lines(struct text_ctx *c, const char *text, size_t n,
    const char *first, const char *rest, struct buf *out)
{
	size_t i = 0, e, plen;
	const char *p;
	int firstline = 1;

	while (i <= n) {
		e = i;
		while (e < n && text[e] != '\n')
			e++;
		p = firstline ? first : rest;
		plen = strlen(p);
		if (e == i)
			while (plen > 0 && p[plen - 1] == ' ')
				plen--;
		put(c, out, p, plen);
		put(c, out, text + i, e - i);
		if (e >= n)
			break;
		put(c, out, "\n", 1);
		i = e + 1;
		firstline = 0;
	}
}

static void render_children(struct text_ctx *, cmark_node *, size_t, int,
    struct buf *);

/* Past TEXT_MAX_NEST containers: every leaf block of the subtree as a
 * wrapped paragraph, without further prefixes, walked without recursion. */
static void
render_flat(struct text_ctx *c, cmark_node *node, size_t width,
    struct buf *out)
{
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node *n;
	cmark_node_type t;
	struct buf in;

	it = cmark_iter_new(node);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING &&
		    t != CMARK_NODE_CODE_BLOCK)
			continue;
		buf_init(&in, TEXT_MAX);
		if (t == CMARK_NODE_CODE_BLOCK) {
			if (cmark_node_get_literal(n) != NULL)
				puts_(c, &in, cmark_node_get_literal(n));
		} else
			collect_inline(c, n, &in);
		if (in.len > 0) {
			if (out->len > 0)
				put(c, out, "\n\n", 2);
			wrap(c, in.data, in.len, width, out);
		}
		buf_free(&in);
	}
	cmark_iter_free(it);
}

static void
render_block(struct text_ctx *c, cmark_node *n, size_t width, int depth,
    struct buf *out)
{
	struct buf in, inner;
	const char *lit;
	char marker[32];
	size_t len, k, mlen, ucols;
	int num, r;

	buf_init(&in, TEXT_MAX);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		collect_inline(c, n, &in);
		wrap(c, in.data ? in.data : "", in.len, width, out);
		break;
	case CMARK_NODE_HEADING:
		collect_inline(c, n, &in);
		len = out->len;
		wrap(c, in.data ? in.data : "", in.len, width, out);
		if (out->len == len || cmark_node_get_heading_level(n) > 2)
			break;
		/* underline as long as the heading's longest line */
		ucols = 0;
		for (k = len; k < out->len; ) {
			size_t e = k;
			while (e < out->len && out->data[e] != '\n')
				e++;
			if (cols(out->data + k, e - k) > ucols)
				ucols = cols(out->data + k, e - k);
			k = e + 1;
		}
		put(c, out, "\n", 1);
		for (k = 0; k < ucols; k++)
			put(c, out, cmark_node_get_heading_level(n) == 1 ?
			    "=" : "-", 1);
		break;
	case CMARK_NODE_CODE_BLOCK:
		lit = cmark_node_get_literal(n);
		if (lit == NULL || *lit == '\0')
			break;
		len = strlen(lit);
		while (len > 0 && lit[len - 1] == '\n')
			len--;
		prefix_lines(c, lit, len, "    ", "    ", out);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		puts_(c, out, "----");
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		if (depth >= TEXT_MAX_NEST) {
			render_flat(c, n, width, out);
			break;
		}
		render_children(c, n, width > TEXT_MIN_WIDTH + 2 ?
		    width - 2 : TEXT_MIN_WIDTH, depth + 1, &in);
		if (in.len > 0)
			prefix_lines(c, in.data, in.len, "> ", "> ", out);
		break;
	case CMARK_NODE_LIST:
		if (depth >= TEXT_MAX_NEST) {
			render_flat(c, n, width, out);
			break;
		}
		num = cmark_node_get_list_start(n);
		for (cmark_node *item = cmark_node_first_child(n);
		    item != NULL; item = cmark_node_next(item), num++) {
			if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST)
				r = snprintf(marker, sizeof(marker), "%d%c ",
				    num, cmark_node_get_list_delim(n) ==
				    CMARK_PAREN_DELIM ? ')' : '.');
			else
				r = snprintf(marker, sizeof(marker), "- ");
			if (r < 0 || (size_t)r >= sizeof(marker))
				r = snprintf(marker, sizeof(marker), "- ");
			mlen = strlen(marker);
			buf_init(&inner, TEXT_MAX);
			render_children(c, item, width > TEXT_MIN_WIDTH +
			    mlen ? width - mlen : TEXT_MIN_WIDTH, depth + 1,
			    &inner);
			if (out->len > 0 && item != cmark_node_first_child(n))
				puts_(c, out, cmark_node_get_list_tight(n) ?
				    "\n" : "\n\n");
			{
				char pad[32];
				memset(pad, ' ', mlen);
				pad[mlen] = '\0';
				prefix_lines(c, inner.data ? inner.data : "",
				    inner.len, marker, pad, out);
			}
			buf_free(&inner);
		}
		break;
	case CMARK_NODE_HTML_BLOCK:
		break;                   /* raw HTML: dropped, as in the HTML */
	default:
		if (depth >= TEXT_MAX_NEST)
			render_flat(c, n, width, out);
		else
			render_children(c, n, width, depth + 1, out);
		break;
	}
	buf_free(&in);
}

/* The child blocks of node separated by blank lines (a tight list item's
 * paragraphs by a single newline, like the list they sit in). */
static void
render_children(struct text_ctx *c, cmark_node *node, size_t width,
    int depth, struct buf *out)
{
	struct buf one;
	cmark_node *ch, *parent;
	const char *sep = "\n\n";

	parent = cmark_node_parent(node);
	if (cmark_node_get_type(node) == CMARK_NODE_ITEM && parent != NULL &&
	    cmark_node_get_list_tight(parent))
		sep = "\n";
	for (ch = cmark_node_first_child(node); ch != NULL;
	    ch = cmark_node_next(ch)) {
		buf_init(&one, TEXT_MAX);
		render_block(c, ch, width, depth, &one);
		if (one.len > 0) {
			if (out->len > 0)
				puts_(c, out, sep);
			put(c, out, one.data, one.len);
		}
		buf_free(&one);
		if (c->over)
			break;
	}
}

/* ---- front matter -------------------------------------------------- */

enum { F_TITLE, F_AUTHOR, F_DATE, F_CATEGORY, F_SUMMARY, F_COUNT };
static const char *const field_names[F_COUNT] = { "title", "author", "date",
    "category", "summary" };

static int
is_delim(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	return n == 3 && memcmp(s, "---", 3) == 0;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
date_valid(const char *s)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int i, y = 0, m, d, dim;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12)
		return 0;
	dim = mdays[m - 1] + (m == 2 && leap(y));
	return d >= 1 && d <= dim;
}

/* A value with its quotes removed ("..." with \" and \\ escapes, or
 * '...' with '' for a quote), cleaned; NULL and *error_r for a quote that
 * is not closed or is followed by more text. */
static char *
value_unquote(const char *v, size_t n, const char **error_r)
{
	struct buf b;
	char *r, q;
	size_t i;

	if (n == 0 || (v[0] != '"' && v[0] != '\''))
		return utf8_clean(v, n, 0);
	q = v[0];
	buf_init(&b, 0);                 /* bounded: n <= ARTICLE_MAX_VALUE */
	buf_append(&b, "", 0);
	for (i = 1; i < n; i++) {
		if (q == '"' && v[i] == '\\' && i + 1 < n &&
		    (v[i + 1] == '"' || v[i + 1] == '\\')) {
			buf_putc(&b, v[++i]);
			continue;
		}
		if (q == '\'' && v[i] == '\'' && i + 1 < n && v[i + 1] == '\'') {
			buf_putc(&b, v[++i]);
			continue;
		}
		if (v[i] == q)
			break;
		buf_putc(&b, v[i]);
	}
	if (i >= n || i != n - 1) {
		buf_free(&b);
		*error_r = i >= n ? "unterminated quoted value" :
		    "text after the closing quote";
		return NULL;
	}
	r = utf8_clean(b.data, b.len, 0);
	buf_free(&b);
	return r;
}

static char *
make_slug(const char *name)
{
	const char *base = strrchr(name, '/');
	struct buf b;
	size_t n, i;
	unsigned char ch;

	base = base ? base + 1 : name;
	n = strlen(base);
	if (n > 3 && str_suffix_ci(base, ".md"))
		n -= 3;
	buf_init(&b, 0);                 /* at most strlen(name) + 1 */
	for (i = 0; i < n; i++) {
		ch = (unsigned char)base[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			buf_putc(&b, (char)ch);
		else if (b.len > 0 && b.data[b.len - 1] != '-')
			buf_putc(&b, '-');
	}
	while (b.len > 0 && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	if (b.len == 0)
		buf_puts(&b, "article");
	return buf_steal(&b);
}

void
article_free(struct article *a)
{
	if (a == NULL)
		return;
	free(a->path);
	free(a->slug);
	free(a->title);
	free(a->author);
	free(a->date);
	free(a->category);
	free(a->summary);
	free(a->html);
	free(a->text);
	free(a);
}

void
article_list_free(struct article **l, size_t n)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < n; i++)
		article_free(l[i]);
	free(l);
}

static char *
trimmed(const char *s, size_t n, size_t *n_r)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	*n_r = n;
	return (char *)s;
}

static int
render_body(const char *name, const char *body, size_t blen,
    struct article *a, char **error_r)
{
	cmark_node *doc;
	char *h;
	struct text_ctx c = { 0 };
	struct buf t;

	doc = cmark_parse_document(body, blen, CMARK_OPTIONS);
	if (doc == NULL) {
		*error_r = xasprintf("%s: the body could not be parsed", name);
		return -1;
	}
	h = cmark_render_html(doc, CMARK_OPTIONS);
	a->html = xstrdup(h ? h : "");
	if (h != NULL)
		cmark_get_default_mem_allocator()->free(h);
	buf_init(&t, TEXT_MAX);
	render_children(&c, doc, TEXT_WIDTH, 0, &t);
	if (!c.over && t.len > 0)
		put(&c, &t, "\n", 1);
	cmark_node_free(doc);
	if (c.over) {
		buf_free(&t);
		*error_r = xasprintf("%s: the body's text is larger than %u "
		    "bytes", name, TEXT_MAX);
		return -1;
	}
	a->text = buf_steal(&t);
	return 0;
}

int
article_parse(const char *name, const char *data, size_t len,
    struct article **a_r, char **error_r)
{
	struct article *a = NULL;
	char *vals[F_COUNT] = { 0 };
	size_t vline[F_COUNT] = { 0 };
	size_t pos = 0, e, lineno = 1, klen, vlen, i;
	const char *line, *v, *why = NULL;
	char *key, keybuf[65], *val, *shown;
	size_t n;
	int closed = 0, f, ret = -1;

	if (len > ARTICLE_MAX_SIZE) {
		*error_r = xasprintf("%s: larger than %u bytes", name,
		    (unsigned)ARTICLE_MAX_SIZE);
		return -1;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	e = pos;
	while (e < len && data[e] != '\n')
		e++;
	if (!is_delim(data + pos, e - pos)) {
		*error_r = xasprintf("%s:1: no front matter (the first line "
		    "must be '---')", name);
		return -1;
	}
	pos = e < len ? e + 1 : len;
	while (pos < len) {
		lineno++;
		e = pos;
		while (e < len && data[e] != '\n')
			e++;
		line = trimmed(data + pos, e - pos, &n);
		pos = e < len ? e + 1 : len;
		if (is_delim(line, n)) {
			closed = 1;
			break;
		}
		if (n == 0 || line[0] == '#')
			continue;
		for (klen = 0; klen < n && klen < sizeof(keybuf) - 1; klen++) {
			unsigned char ch = (unsigned char)line[klen];
			if (!((ch >= 'a' && ch <= 'z') ||
			    (ch >= 'A' && ch <= 'Z') ||
			    (ch >= '0' && ch <= '9') || ch == '_' ||
			    ch == '-'))
				break;
		}
		i = klen;
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (klen == 0 || i >= n || line[i] != ':') {
			*error_r = xasprintf("%s:%zu: expected 'key: value'",
			    name, lineno);
			goto out;
		}
		memcpy(keybuf, line, klen);
		keybuf[klen] = '\0';
		key = keybuf;
		str_lower(key);
		v = trimmed(line + i + 1, n - i - 1, &vlen);
		for (f = 0; f < F_COUNT; f++)
			if (strcmp(key, field_names[f]) == 0)
				break;
		if (f == F_COUNT)
			continue;        /* unknown keys are for other tools */
		if (vals[f] != NULL) {
			*error_r = xasprintf("%s:%zu: duplicate key '%s'", name,
			    lineno, key);
			goto out;
		}
		if (vlen > ARTICLE_MAX_VALUE) {
			*error_r = xasprintf("%s:%zu: %s is longer than %d "
			    "bytes", name, lineno, key, ARTICLE_MAX_VALUE);
			goto out;
		}
		val = value_unquote(v, vlen, &why);
		if (val == NULL) {
			*error_r = xasprintf("%s:%zu: %s: %s", name, lineno,
			    key, why);
			goto out;
		}
		/* cleaning may leave blanks at the edges (a removed tab) */
		v = trimmed(val, strlen(val), &vlen);
		vals[f] = xstrndup(v, vlen);
		free(val);
		vline[f] = lineno;
	}
	if (!closed) {
		*error_r = xasprintf("%s:1: front matter not closed (no second "
		    "'---' line)", name);
		goto out;
	}
	if (vals[F_TITLE] == NULL) {
		*error_r = xasprintf("%s:%zu: no title in front matter", name,
		    lineno);
		goto out;
	}
	if (vals[F_TITLE][0] == '\0') {
		*error_r = xasprintf("%s:%zu: title is empty", name,
		    vline[F_TITLE]);
		goto out;
	}
	if (vals[F_DATE] == NULL) {
		*error_r = xasprintf("%s:%zu: no date in front matter", name,
		    lineno);
		goto out;
	}
	if (!date_valid(vals[F_DATE])) {
		n = strlen(vals[F_DATE]);
		shown = utf8_clean(vals[F_DATE], n > ERR_VALUE_MAX ?
		    ERR_VALUE_MAX : n, 0);
		*error_r = xasprintf("%s:%zu: date '%s%s' is not YYYY-MM-DD",
		    name, vline[F_DATE], shown, n > ERR_VALUE_MAX ? "..." : "");
		free(shown);
		goto out;
	}

	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(name);
	a->slug = make_slug(name);
	a->title = vals[F_TITLE];
	a->author = vals[F_AUTHOR] ? vals[F_AUTHOR] : xstrdup("");
	a->date = vals[F_DATE];
	a->category = vals[F_CATEGORY] ? vals[F_CATEGORY] : xstrdup("");
	a->summary = vals[F_SUMMARY] ? vals[F_SUMMARY] : xstrdup("");
	memset(vals, 0, sizeof(vals));
	if (render_body(name, data + pos, len - pos, a, error_r) < 0) {
		article_free(a);
		goto out;
	}
	*a_r = a;
	ret = 0;
out:
	for (f = 0; f < F_COUNT; f++)
		free(vals[f]);
	return ret;
}

/* ---- a folder of articles ------------------------------------------ */

static int
article_cmp(const void *x, const void *y)
{
	const struct article *a = *(const struct article *const *)x;
	const struct article *b = *(const struct article *const *)y;
	int r;

	r = strcmp(a->date, b->date);
	return r != 0 ? r : strcmp(a->path, b->path);
}

int
article_load_dir(const char *dir, struct article ***list_r, size_t *n_r,
    char **error_r)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	struct article **l = NULL, *a;
	size_t n = 0, cap = 0, dlen, nlen;
	char *path, *data, *err;
	const char *why;

	d = opendir(dir);
	if (d == NULL) {
		*error_r = xasprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			if (errno != 0) {
				*error_r = xasprintf("%s: %s", dir,
				    strerror(errno));
				closedir(d);
				article_list_free(l, n);
				return -1;
			}
			break;
		}
		nlen = strlen(de->d_name);
		if (de->d_name[0] == '.' || nlen <= 3 ||
		    strcmp(de->d_name + nlen - 3, ".md") != 0)
			continue;
		if (n >= ARTICLE_MAX_FILES) {
			log_warn("%s: more than %d articles, the rest are "
			    "skipped", dir, ARTICLE_MAX_FILES);
			break;
		}
		path = path_join(dir, de->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (file_read(path, ARTICLE_MAX_SIZE, &data, &dlen,
		    &why) < 0) {
			log_warn("%s: article skipped: %s", path, why);
			free(path);
			continue;
		}
		if (article_parse(path, data, dlen, &a, &err) < 0) {
			log_warn("article skipped: %s", err);
			free(err);
		} else {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				l = xreallocarray(l, cap, sizeof(*l));
			}
			l[n++] = a;
		}
		free(data);
		free(path);
	}
	closedir(d);
	if (n > 1)
		qsort(l, n, sizeof(*l), article_cmp);
	*list_r = l;
	*n_r = n;
	return 0;
}

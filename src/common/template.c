/*
 * template.c — the mustache-like template expander (template.h): data
 * contexts (maps of strings, booleans and lists), a one-pass compiler of
 * template text into a flat node array, and a renderer into a struct buf.
 *
 * Ownership: a struct template owns a copy of its text and its name; text
 * and variable nodes point into that copy by offset.  A context owns its
 * names, strings and lists; a list owns its items.
 *
 * SECURITY: templates come from the firm's own files, values from
 * strangers (subscriber names, addresses) and from Markdown articles.
 * Template text is capped at TEMPLATE_MAX_SIZE, never assumed
 * NUL-terminated, sections are nested at most TEMPLATE_MAX_DEPTH deep
 * (so rendering recursion is bounded), a render visits at most
 * TEMPLATE_MAX_STEPS nodes (sections nested over lists multiply), and the
 * output goes into the caller's struct buf with its ceiling.  Values are copied to the output
 * once, escaped for the template's context, and never parsed: they cannot
 * add tags, HTML markup, or (in header templates) header lines.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "template.h"
#include "util.h"

/* ---- data contexts ---- */

enum tv_kind { TV_STR, TV_BOOL, TV_LIST };

struct tvalue {
	char *name;
	size_t name_len;
	enum tv_kind kind;
	char *s;            /* TV_STR, NUL-terminated copy */
	size_t len;
	int on;             /* TV_BOOL */
	struct tctx *list;  /* TV_LIST */
};

struct tctx {
	int is_list;
	const struct tctx *parent;   /* tctx_new_child's fallback, not owned */
	struct tvalue *v;            /* map */
	size_t nv, capv;
	struct tctx **items;         /* list */
	size_t nitems, capitems;
};

struct tctx *
tctx_new(void)
{
	return xcalloc(1, sizeof(struct tctx));
}

struct tctx *
tctx_new_child(const struct tctx *parent)
{
	struct tctx *c = tctx_new();

	if (parent != NULL && parent->is_list)
		fatalx("tctx_new_child: parent is a list");
	c->parent = parent;
	return c;
}

static void
tvalue_clear(struct tvalue *v)
{
	free(v->s);
	v->s = NULL;
	v->len = 0;
	v->on = 0;
	tctx_free(v->list);
	v->list = NULL;
}

void
tctx_free(struct tctx *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nv; i++) {
		tvalue_clear(&c->v[i]);
		free(c->v[i].name);
	}
	free(c->v);
	for (i = 0; i < c->nitems; i++)
		tctx_free(c->items[i]);
	free(c->items);
	free(c);
}

/* slot: the value named name in map c, emptied, created when missing. */
static struct tvalue *
slot(struct tctx *c, const char *name)
{
	size_t i, n = strlen(name);
	struct tvalue *v;

	if (c->is_list)
		fatalx("tctx: setting '%s' on a list", name);
	for (i = 0; i < c->nv; i++)
		if (c->v[i].name_len == n && memcmp(c->v[i].name, name, n) == 0)
			return &c->v[i];
	if (c->nv == c->capv) {
		c->capv = c->capv ? c->capv * 2 : 8;
		c->v = xreallocarray(c->v, c->capv, sizeof(*c->v));
	}
	v = &c->v[c->nv++];
	memset(v, 0, sizeof(*v));
	v->name = xmemdup0(name, n);
	v->name_len = n;
	return v;
}

void
tctx_setn(struct tctx *c, const char *name, const char *value, size_t len)
{
	struct tvalue *v = slot(c, name);
	char *s = xmemdup0(value != NULL ? value : "", value != NULL ? len : 0);

	tvalue_clear(v);   /* value may point into the old string: copy first */
	v->kind = TV_STR;
	v->s = s;
	v->len = value != NULL ? len : 0;
}

void
tctx_set(struct tctx *c, const char *name, const char *value)
{
	tctx_setn(c, name, value, value != NULL ? strlen(value) : 0);
}

void
tctx_setf(struct tctx *c, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;
	size_t n;

	va_start(ap, fmt);
	s = xvasprintf(&n, fmt, ap);
	va_end(ap);
	tctx_setn(c, name, s, n);
	free(s);
}

void
tctx_set_bool(struct tctx *c, const char *name, int on)
{
	struct tvalue *v = slot(c, name);

	tvalue_clear(v);
	v->kind = TV_BOOL;
	v->on = on != 0;
}

struct tctx *
tctx_list(struct tctx *c, const char *name)
{
	struct tvalue *v = slot(c, name);

	if (v->kind == TV_LIST && v->list != NULL)
		return v->list;
	tvalue_clear(v);
	v->kind = TV_LIST;
	v->list = tctx_new();
	v->list->is_list = 1;
	return v->list;
}

struct tctx *
tctx_list_add(struct tctx *list)
{
	struct tctx *item;

	if (!list->is_list)
		fatalx("tctx_list_add: not a list");
	if (list->nitems == list->capitems) {
		list->capitems = list->capitems ? list->capitems * 2 : 8;
		list->items = xreallocarray(list->items, list->capitems,
		    sizeof(*list->items));
	}
	item = tctx_new();
	list->items[list->nitems++] = item;
	return item;
}

size_t
tctx_list_len(const struct tctx *list)
{
	return list != NULL && list->is_list ? list->nitems : 0;
}

/* ---- compiled templates ---- */

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED };

struct node {
	enum node_kind kind;
	size_t off, len;    /* text, or the name, in t->src */
	size_t end;         /* sections: index of the first node after them */
};

struct template {
	char *name;
	char *src;
	size_t src_len;
	enum template_ctx ctx;
	struct node *nodes;
	size_t n, cap;
};

struct open_section {
	size_t node;
	unsigned line;
};

struct parser {
	struct template *t;
	const char *s;
	size_t len;
	size_t line_pos;    /* line counting: offset up to which... */
	unsigned line;      /* ...newlines have been counted */
	struct open_section open[TEMPLATE_MAX_DEPTH];
	size_t depth;
	char *error;
};

void
template_free(struct template *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->src);
	free(t->nodes);
	free(t);
}

/* line_at: the line number of offset off (never before an earlier one). */
static unsigned
line_at(struct parser *p, size_t off)
{
	const char *nl;

	while (p->line_pos < off) {
		nl = memchr(p->s + p->line_pos, '\n', off - p->line_pos);
		if (nl == NULL) {
			p->line_pos = off;
			break;
		}
		p->line++;
		p->line_pos = (size_t)(nl - p->s) + 1;
	}
	return p->line;
}

static int PRINTF_LIKE(3, 4)
perr(struct parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(NULL, fmt, ap);
	va_end(ap);
	free(p->error);
	p->error = xasprintf("%s:%u: %s", p->t->name, line, msg);
	free(msg);
	return -1;
}

static void
emit(struct template *t, enum node_kind kind, size_t off, size_t len)
{
	struct node *n;

	if (kind == N_TEXT && len == 0)
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->nodes = xreallocarray(t->nodes, t->cap, sizeof(*t->nodes));
	}
	n = &t->nodes[t->n++];
	n->kind = kind;
	n->off = off;
	n->len = len;
	n->end = 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* find_close: the offset of the first "}}" ("}}}" when triple) in [from, to)
 * of s, or (size_t)-1; a line break ends the search unless any_line. */
static size_t
find_close(const char *s, size_t from, size_t to, int triple, int any_line)
{
	size_t i, need = triple ? 3 : 2;

	for (i = from; i + need <= to; i++) {
		if (s[i] == '\n' && !any_line)
			break;
		if (s[i] == '}' && s[i + 1] == '}' && (!triple || s[i + 2] == '}'))
			return i;
	}
	return (size_t)-1;
}

/*
 * standalone: when the tag [ts, te) is alone on its line (only blanks
 * around it), the offsets where the text before it ends (*cut) and where
 * the text after it starts (*resume, past the line's end).
 */
static int
standalone(const char *s, size_t len, size_t ts, size_t te, size_t *cut,
    size_t *resume)
{
	size_t a = ts, e = te;

	while (a > 0 && is_blank(s[a - 1]))
		a--;
	if (a > 0 && s[a - 1] != '\n')
		return 0;
	while (e < len && is_blank(s[e]))
		e++;
	if (e < len) {
		if (s[e] == '\n')
			e++;
		else if (s[e] == '\r' && e + 1 < len && s[e + 1] == '\n')
			e += 2;
		else
			return 0;
	}
	*cut = a;
	*resume = e;
	return 1;
}

/* tag: compile the tag starting at ts ("{{"); *text_r is where literal
 * text starts again.  The text before the tag, from *text_r, is emitted
 * here (trimmed when the tag stands alone on its line). */
static int
tag(struct parser *p, size_t ts, size_t *text_r)
{
	struct template *t = p->t;
	const char *s = p->s;
	unsigned line = line_at(p, ts);
	int triple = ts + 2 < p->len && s[ts + 2] == '{';
	char sigil = 0;
	size_t in, close, te, a, b, i, cut, resume;
	enum node_kind kind;
	struct open_section *o;

	in = ts + (triple ? 3 : 2);
	while (!triple && in < p->len && is_blank(s[in]))
		in++;
	if (!triple && in < p->len && strchr("!#^/&>=", s[in]) != NULL &&
	    s[in] != '\0')
		sigil = s[in++];
	close = find_close(s, in, p->len, triple, sigil == '!');
	if (close == (size_t)-1)
		return perr(p, line, "unterminated tag");
	te = close + (triple ? 3 : 2);
	if (sigil == '>')
		return perr(p, line, "partials ({{>name}}) are not supported");
	if (sigil == '=')
		return perr(p, line, "delimiter changes ({{=...=}}) are not "
		    "supported");

	if (sigil != '!') {
		a = in;
		b = close;
		while (a < b && is_blank(s[a]))
			a++;
		while (b > a && is_blank(s[b - 1]))
			b--;
		if (a == b)
			return perr(p, line, "empty tag");
		if (b - a > TEMPLATE_MAX_NAME)
			return perr(p, line, "name longer than %u bytes",
			    TEMPLATE_MAX_NAME);
		for (i = a; i < b; i++)
			if (!is_name_char((unsigned char)s[i]))
				return perr(p, line, "invalid character in a "
				    "tag name (names are A-Z a-z 0-9 _ . -)");
	} else
		a = b = in;

	if (triple || sigil == '&') {
		if (t->ctx == TEMPLATE_HEADER)
			return perr(p, line, "raw value in a header template");
		kind = N_RAW;
	} else if (sigil == '#')
		kind = N_SECTION;
	else if (sigil == '^')
		kind = N_INVERTED;
	else
		kind = N_VAR;

	/* the literal text before the tag */
	if ((sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!') &&
	    standalone(s, p->len, ts, te, &cut, &resume) && cut >= *text_r) {
		emit(t, N_TEXT, *text_r, cut - *text_r);
		*text_r = resume;
	} else {
		emit(t, N_TEXT, *text_r, ts - *text_r);
		*text_r = te;
	}

	if (sigil == '!')
		return 0;
	if (sigil == '/') {
		if (p->depth == 0)
			return perr(p, line, "unexpected {{/%.*s}}",
			    (int)(b - a), s + a);
		o = &p->open[p->depth - 1];
		if (t->nodes[o->node].len != b - a ||
		    memcmp(s + t->nodes[o->node].off, s + a, b - a) != 0)
			return perr(p, line, "unexpected {{/%.*s}}: section "
			    "'%.*s' opened on line %u is not closed",
			    (int)(b - a), s + a, (int)t->nodes[o->node].len,
			    s + t->nodes[o->node].off, o->line);
		t->nodes[o->node].end = t->n;
		p->depth--;
		return 0;
	}
	if (kind == N_SECTION || kind == N_INVERTED) {
		if (p->depth == TEMPLATE_MAX_DEPTH)
			return perr(p, line, "sections nested deeper than %u",
			    TEMPLATE_MAX_DEPTH);
		p->open[p->depth].node = t->n;
		p->open[p->depth].line = line;
		p->depth++;
	}
	emit(t, kind, a, b - a);
	return 0;
}

int
template_parse_at(const char *name, unsigned first_line, const char *text,
    size_t len, enum template_ctx ctx, struct template **t_r,
    char **error_r)
{
	struct parser p;
	struct template *t;
	const char *hit;
	size_t pos = 0, text_start = 0;
	struct open_section *o;

	*t_r = NULL;
	if (error_r != NULL)
		*error_r = NULL;
	if (name == NULL)
		name = "template";
	if (len > TEMPLATE_MAX_SIZE) {
		if (error_r != NULL)
			*error_r = xasprintf("%s: template larger than %u "
			    "bytes", name, TEMPLATE_MAX_SIZE);
		return -1;
	}
	if (ctx != TEMPLATE_HTML && ctx != TEMPLATE_TEXT &&
	    ctx != TEMPLATE_HEADER)
		fatalx("template_parse: bad context %d", (int)ctx);

	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->src = xmemdup0(len ? text : "", len);
	t->src_len = len;
	t->ctx = ctx;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.s = t->src;
	p.len = len;
	p.line = first_line ? first_line : 1;

	while (pos + 2 <= len &&
	    (hit = memmem(p.s + pos, len - pos, "{{", 2)) != NULL) {
		if (tag(&p, (size_t)(hit - p.s), &text_start) < 0)
			goto fail;
		pos = text_start > (size_t)(hit - p.s) + 2 ? text_start :
		    (size_t)(hit - p.s) + 2;
	}
	emit(t, N_TEXT, text_start, len - text_start);
	if (p.depth > 0) {
		o = &p.open[p.depth - 1];
		perr(&p, line_at(&p, len > 0 && p.s[len - 1] == '\n' ?
		    len - 1 : len), "section '%.*s' opened on line %u is not "
		    "closed", (int)t->nodes[o->node].len,
		    p.s + t->nodes[o->node].off, o->line);
		goto fail;
	}
	*t_r = t;
	return 0;

fail:
	if (error_r != NULL)
		*error_r = p.error;
	else
		free(p.error);
	template_free(t);
	return -1;
}

int
template_parse(const char *name, const char *text, size_t len,
    enum template_ctx ctx, struct template **t_r, char **error_r)
{
	return template_parse_at(name, 1, text, len, ctx, t_r, error_r);
}

/* ---- rendering ---- */

struct render {
	const struct template *t;
	struct buf *out;
	const struct tctx *stack[TEMPLATE_MAX_DEPTH + 1];
	size_t depth;
	size_t steps;       /* nodes visited, at most TEMPLATE_MAX_STEPS */
	int too_long;
};

static const struct tvalue *
lookup(const struct render *r, const char *name, size_t len)
{
	const struct tctx *c;
	size_t d, i;

	for (d = r->depth; d-- > 0;)
		for (c = r->stack[d]; c != NULL; c = c->parent)
			for (i = 0; i < c->nv; i++)
				if (c->v[i].name_len == len &&
				    memcmp(c->v[i].name, name, len) == 0)
					return &c->v[i];
	return NULL;
}

static int
put_escaped(struct buf *out, enum template_ctx ctx, const char *s,
    size_t n)
{
	size_t i, run = 0;
	const char *rep;
	unsigned char c;

	if (ctx == TEMPLATE_TEXT)
		return buf_append(out, s, n);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		rep = NULL;
		if (ctx == TEMPLATE_HTML) {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			default: break;
			}
		} else if (c < 0x20 || c == 0x7f)
			rep = " ";
		else if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f) {
			/* a C1 control (NEL is one) in UTF-8 */
			if (buf_append(out, s + run, i - run) < 0 ||
			    buf_putc(out, ' ') < 0)
				return -1;
			run = ++i + 1;
			continue;
		}
		if (rep == NULL)
			continue;
		if (buf_append(out, s + run, i - run) < 0 ||
		    buf_puts(out, rep) < 0)
			return -1;
		run = i + 1;
	}
	return buf_append(out, s + run, n - run);
}

static int
truthy(const struct tvalue *v)
{
	if (v == NULL)
		return 0;
	switch (v->kind) {
	case TV_STR:
		return v->len > 0;
	case TV_BOOL:
		return v->on;
	case TV_LIST:
		return v->list != NULL && v->list->nitems > 0;
	}
	return 0;
}

static int
render_range(struct render *r, size_t from, size_t to)
{
	const struct template *t = r->t;
	const struct node *n;
	const struct tvalue *v;
	size_t i = from, k;

	while (i < to) {
		if (++r->steps > TEMPLATE_MAX_STEPS) {
			r->too_long = 1;
			return -1;
		}
		n = &t->nodes[i];
		switch (n->kind) {
		case N_TEXT:
			if (buf_append(r->out, t->src + n->off, n->len) < 0)
				return -1;
			i++;
			break;
		case N_VAR:
		case N_RAW:
			v = lookup(r, t->src + n->off, n->len);
			if (v != NULL && v->kind == TV_STR &&
			    (n->kind == N_RAW ?
			    buf_append(r->out, v->s, v->len) :
			    put_escaped(r->out, t->ctx, v->s, v->len)) < 0)
				return -1;
			i++;
			break;
		case N_SECTION:
			v = lookup(r, t->src + n->off, n->len);
			if (v != NULL && v->kind == TV_LIST && v->list != NULL) {
				/* depth < TEMPLATE_MAX_DEPTH + 1: the parser
				 * nests at most TEMPLATE_MAX_DEPTH sections */
				for (k = 0; k < v->list->nitems; k++) {
					r->stack[r->depth++] = v->list->items[k];
					if (render_range(r, i + 1, n->end) < 0)
						return -1;
					r->depth--;
				}
			} else if (truthy(v) &&
			    render_range(r, i + 1, n->end) < 0)
				return -1;
			i = n->end;
			break;
		case N_INVERTED:
			v = lookup(r, t->src + n->off, n->len);
			if (!truthy(v) && render_range(r, i + 1, n->end) < 0)
				return -1;
			i = n->end;
			break;
		}
	}
	return 0;
}

int
template_render(const struct template *t, const struct tctx *c,
    struct buf *out, char **error_r)
{
	struct render r;
	size_t start = out->len;

	if (error_r != NULL)
		*error_r = NULL;
	if (c != NULL && c->is_list)
		fatalx("template_render: context is a list");
	memset(&r, 0, sizeof(r));
	r.t = t;
	r.out = out;
	if (c != NULL)
		r.stack[r.depth++] = c;
	if (render_range(&r, 0, t->n) < 0) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		if (error_r != NULL && r.too_long)
			*error_r = xasprintf("%s: more than %u steps to render "
			    "(sections nested over long lists?)", t->name,
			    TEMPLATE_MAX_STEPS);
		else if (error_r != NULL)
			*error_r = xasprintf("%s: output larger than %zu bytes",
			    t->name, out->max);
		return -1;
	}
	return 0;
}

/* ---- mail templates ---- */

int
template_read(const char *dir, const char *file, size_t max, char **text_r,
    size_t *len_r, char **error_r)
{
	char *path = path_join(dir, file);
	const char *err;
	size_t len;

	*text_r = NULL;
	if (file_read(path, max, text_r, &len, &err) < 0) {
		*error_r = xasprintf("%s: %s", path, err);
		free(path);
		return -1;
	}
	free(path);
	if (memchr(*text_r, '\0', len) != NULL || !utf8_valid(*text_r, len)) {
		*error_r = xasprintf("%s: not UTF-8 text", file);
		free(*text_r);
		*text_r = NULL;
		return -1;
	}
	if (len_r != NULL)
		*len_r = len;
	return 0;
}

int
template_split_mail(const char *text, size_t len, size_t *body_off_r)
{
	size_t pos = 0, eol, end, i;
	int first = 1;
	const char *nl;

	while (pos < len) {
		nl = memchr(text + pos, '\n', len - pos);
		if (nl == NULL)
			return -1;             /* no empty line */
		eol = (size_t)(nl - text);
		end = eol > pos && text[eol - 1] == '\r' ? eol - 1 : eol;
		if (end == pos) {
			*body_off_r = eol + 1;
			return 0;
		}
		if (is_blank(text[pos])) {
			if (first)
				return -1;     /* continuation of nothing */
		} else if (!(end - pos >= 2 && text[pos] == '{' &&
		    text[pos + 1] == '{')) {
			for (i = pos; i < end && text[i] != ':'; i++)
				if ((unsigned char)text[i] <= ' ' ||
				    (unsigned char)text[i] >= 0x7f)
					return -1;
			if (i == pos || i == end)
				return -1;     /* no "Name:" */
		}
		first = 0;
		pos = eol + 1;
	}
	return -1;
}

int
template_parse_mail(const char *name, const char *text, size_t len,
    struct template **head_r, struct template **body_r, char **error_r)
{
	size_t body, i;
	unsigned line = 1;

	*head_r = *body_r = NULL;
	if (template_split_mail(text, len, &body) < 0) {
		*error_r = xasprintf("%s:1: expected header lines (Subject: "
		    "…), an empty line, then the body", name);
		return -1;
	}
	for (i = 0; i < body; i++)
		line += text[i] == '\n';
	if (template_parse(name, text, body, TEMPLATE_HEADER, head_r,
	    error_r) < 0)
		return -1;
	if (template_parse_at(name, line, text + body, len - body,
	    TEMPLATE_TEXT, body_r, error_r) < 0) {
		template_free(*head_r);
		*head_r = NULL;
		return -1;
	}
	return 0;
}

char *
template_mail_subject(const char *head)
{
	struct buf b;
	const char *p = head;
	char *s, *t;
	int in = 0;

	buf_init(&b, 0);
	while (*p != '\0') {
		size_t n = strcspn(p, "\r\n");

		if (n > 0 && (p[0] == ' ' || p[0] == '\t')) {
			if (in)
				buf_append(&b, p, n);
		} else {
			in = n >= 8 && str_prefix_ci(p, "subject:");
			if (in)
				buf_append(&b, p + 8, n - 8);
		}
		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	s = buf_steal(&b);
	t = xstrdup(str_trim(s));
	free(s);
	return t;
}

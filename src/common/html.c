/*
 * html.c — HTML mail bodies to plain text with libxml2's HTML parser.
 *
 * The parser runs in recovery mode (tag soup never fails, no network, the
 * input is UTF-8 whatever a <meta> says) and reports elements and text
 * through SAX callbacks, so no document tree is built: memory follows the
 * output, not the input, and nesting costs no C stack.  Block elements and
 * <br> end lines; <p>, <h1>-<h6>, <blockquote>, <pre> and lists leave a
 * blank line; a table row becomes one line: two cells as "Label: Value"
 * (web-form mails; no second colon when the label ends with one), more
 * cells joined with " | ".  Whitespace collapses within a line (also
 * &nbsp;), at most one blank line in a row, script/style/head/title are
 * dropped.  Entities are decoded by the parser.
 *
 * Rows are assembled cell by cell because the separator depends on the
 * number of cells; rows nested deeper than ROW_BUFFER_MAX inside other
 * rows are written as they come, cells joined with " | ", so a cell's text
 * is copied up a bounded number of times.
 *
 * Ownership: html_to_text returns a fresh string (caller frees), never NULL.
 *
 * SECURITY: parses bytes from strangers.  Input is cut at INT_MAX for
 * libxml2; every output buffer is bounded by max and the parser is stopped
 * once the output is full; work is linear in the input.  XML_PARSE_HUGE
 * lifts libxml2's depth cap of 256, which would otherwise silently drop the
 * rest of a deeply nested mail; libxml2 keeps open elements on the heap.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "html.h"
#include "util.h"

#define ROW_BUFFER_MAX 8   /* table rows assembled inside one another */

/* where text goes: the document, or a table cell being assembled */
struct sink {
	struct buf b;
	size_t col;           /* bytes on the current line */
	int nl_run;           /* '\n' at the end of b (0..2) */
	int want_nl;          /* line breaks owed before the next text */
	int space;            /* a blank is owed before the next text */
	int sep;              /* " | " owed (cells of a streamed row) */
	int full;             /* b reached its ceiling */
};

struct row {
	struct sink cell;     /* the cell being written */
	int in_cell;
	char **cells;         /* finished cells, trimmed */
	size_t ncells, cells_cap;
	unsigned td;          /* <td>/<th> seen: 2 makes "Label: Value" */
};

struct walk {
	htmlParserCtxtPtr ctxt;
	struct sink root;
	size_t max;
	int skip;             /* inside script/style/head/title */
	int pre;              /* inside <pre> */
	struct row *rows;     /* rows being assembled, innermost last */
	size_t nrows, rows_cap;
	size_t streamed;      /* open rows past ROW_BUFFER_MAX */
};

enum elem_kind {
	E_INLINE,
	E_SKIP,       /* dropped with everything inside */
	E_BLOCK,      /* own line */
	E_PARA,       /* own line, blank line around */
	E_BR,
	E_TR,
	E_CELL,
	E_PRE,
	E_TABLE,
};

static const struct {
	const char *name;
	enum elem_kind kind;
} elems[] = {
	{ "script", E_SKIP }, { "style", E_SKIP }, { "head", E_SKIP },
	{ "title", E_SKIP }, { "template", E_SKIP },
	{ "br", E_BR },
	{ "tr", E_TR }, { "td", E_CELL }, { "th", E_CELL },
	{ "table", E_TABLE },
	{ "pre", E_PRE },
	{ "p", E_PARA }, { "h1", E_PARA }, { "h2", E_PARA }, { "h3", E_PARA },
	{ "h4", E_PARA }, { "h5", E_PARA }, { "h6", E_PARA },
	{ "blockquote", E_PARA }, { "ul", E_PARA }, { "ol", E_PARA },
	{ "dl", E_PARA },
	{ "div", E_BLOCK }, { "li", E_BLOCK }, { "hr", E_BLOCK },
	{ "dt", E_BLOCK }, { "dd", E_BLOCK }, { "section", E_BLOCK },
	{ "article", E_BLOCK }, { "header", E_BLOCK }, { "footer", E_BLOCK },
	{ "nav", E_BLOCK }, { "aside", E_BLOCK }, { "main", E_BLOCK },
	{ "form", E_BLOCK }, { "fieldset", E_BLOCK }, { "address", E_BLOCK },
	{ "center", E_BLOCK }, { "caption", E_BLOCK }, { "figure", E_BLOCK },
	{ "figcaption", E_BLOCK }, { "legend", E_BLOCK }, { "body", E_BLOCK },
	{ "thead", E_BLOCK }, { "tbody", E_BLOCK }, { "tfoot", E_BLOCK },
	{ "option", E_BLOCK }, { "details", E_BLOCK }, { "summary", E_BLOCK },
};

/* elem_kind: libxml2's HTML parser gives element names in lowercase */
static enum elem_kind
elem_kind(const xmlChar *xname)
{
	const char *name = (const char *)xname;
	size_t i;

	if (name == NULL)
		return E_INLINE;
	for (i = 0; i < ARRAY_SIZE(elems); i++)
		if (elems[i].name[0] == name[0] &&
		    strcmp(name, elems[i].name) == 0)
			return elems[i].kind;
	return E_INLINE;
}

static void
sink_init(struct sink *s, size_t max)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->b, max);
}

/* emit: n bytes into s, cut on a character boundary at its ceiling. */
static void
emit(struct walk *w, struct sink *s, const char *p, size_t n)
{
	if (s->full)
		return;
	if (s->b.max && s->b.len + n > s->b.max) {
		buf_append(&s->b, p, utf8_prefix(p, n, s->b.max - s->b.len));
		s->full = 1;
		if (s == &w->root)
			xmlStopParser(w->ctxt);
		return;
	}
	buf_append(&s->b, p, n);
}

static void
newline(struct walk *w, struct sink *s)
{
	emit(w, s, "\n", 1);
	s->col = 0;
	if (s->nl_run < 2)
		s->nl_run++;
	s->space = 0;
	s->sep = 0;
}

/* pay_breaks: the owed line breaks, unless nothing was written yet */
static void
pay_breaks(struct walk *w, struct sink *s)
{
	if (s->want_nl && s->b.len > 0)
		while (s->nl_run < s->want_nl && !s->full)
			newline(w, s);
	s->want_nl = 0;
}

/* put_text: a run of non-blank text into s */
static void
put_text(struct walk *w, struct sink *s, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (s->want_nl) {
		pay_breaks(w, s);
		s->space = 0;
		s->sep = 0;
	}
	if (s->sep && s->col > 0) {
		emit(w, s, " | ", 3);
		s->col += 3;
		s->space = 0;
	}
	s->sep = 0;
	if (s->space && s->col > 0) {
		emit(w, s, " ", 1);
		s->col++;
	}
	s->space = 0;
	emit(w, s, p, n);
	s->col += n;
	s->nl_run = 0;
}

static struct row *
top_row(struct walk *w)
{
	return w->nrows ? &w->rows[w->nrows - 1] : NULL;
}

/* current: the sink text goes to now */
static struct sink *
current(struct walk *w)
{
	struct row *r = top_row(w);

	if (r == NULL)
		return &w->root;
	if (!r->in_cell) {
		/* text in a row outside any cell: a cell of its own */
		sink_init(&r->cell, w->max);
		r->in_cell = 1;
	}
	return &r->cell;
}

/* request_break: k line breaks (1 = new line, 2 = blank line) owed */
static void
request_break(struct walk *w, int k)
{
	struct sink *s;

	if (w->nrows > 0) {
		/* inside a cell blocks only start lines */
		if (!top_row(w)->in_cell)
			return;
		k = 1;
	}
	s = current(w);
	if (k > s->want_nl)
		s->want_nl = k;
}

static size_t
blank_at(const unsigned char *s, size_t n)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	    *s == '\f' || *s == '\v')
		return 1;
	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)  /* U+00A0 */
		return 2;
	return 0;
}

static void
text(struct walk *w, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	struct sink *s;
	size_t i = 0, start, b;

	if (w->skip || w->root.full || n == 0)
		return;
	if (w->nrows > 0 && !top_row(w)->in_cell) {
		/* blanks between cells are layout, not a cell */
		for (i = 0; i < n && blank_at(u + i, n - i); i += blank_at(u + i,
		    n - i))
			;
		if (i == n)
			return;
		i = 0;
	}
	s = current(w);
	if (w->pre) {
		while (i < n && !s->full) {
			start = i;
			while (i < n && u[i] != '\n' && u[i] != '\r')
				i++;
			if (i > start)
				put_text(w, s, p + start, i - start);
			if (i < n) {
				if (u[i] == '\r' && i + 1 < n && u[i + 1] == '\n')
					i++;
				i++;
				pay_breaks(w, s);
				if (s->b.len > 0 && s->nl_run < 2)
					newline(w, s);
			}
		}
		return;
	}
	while (i < n && !s->full) {
		if ((b = blank_at(u + i, n - i)) != 0) {
			s->space = 1;
			i += b;
			continue;
		}
		start = i;
		while (i < n && blank_at(u + i, n - i) == 0)
			i++;
		put_text(w, s, p + start, i - start);
	}
}

/* trimmed: the sink's text without blanks and breaks around it (taken) */
static char *
trimmed(struct sink *s)
{
	size_t len = s->b.len, st = 0;
	char *t = buf_steal(&s->b);

	while (len > 0 && (t[len - 1] == '\n' || t[len - 1] == ' '))
		len--;
	while (st < len && (t[st] == '\n' || t[st] == ' '))
		st++;
	memmove(t, t + st, len - st);
	t[len - st] = '\0';
	return t;
}

static void
end_cell(struct walk *w, struct row *r)
{
	if (!r->in_cell)
		return;
	if (r->ncells == r->cells_cap) {
		r->cells_cap = r->cells_cap ? r->cells_cap * 2 : 4;
		r->cells = xreallocarray(r->cells, r->cells_cap,
		    sizeof(*r->cells));
	}
	r->cells[r->ncells++] = trimmed(&r->cell);
	r->in_cell = 0;
}

/* put_lines: text that may hold line breaks, into s */
static void
put_lines(struct walk *w, struct sink *s, const char *t)
{
	const char *nl;
	size_t n;

	for (;;) {
		nl = strchr(t, '\n');
		n = nl != NULL ? (size_t)(nl - t) : strlen(t);
		if (n > 0)
			put_text(w, s, t, n);
		if (nl == NULL || s->full)
			break;
		pay_breaks(w, s);
		if (s->b.len > 0 && s->nl_run < 2)
			newline(w, s);
		t = nl + 1;
	}
}

/*
 * end_row: the cells joined, "Label: Value" for two cells, else " | ",
 * skipping empty ones, written as one block into the enclosing sink.
 */
static void
end_row(struct walk *w)
{
	struct row *r = top_row(w);
	struct sink *s;
	struct buf line;
	size_t i;
	int any = 0;

	end_cell(w, r);
	buf_init(&line, 0);
	buf_append(&line, "", 0);
	for (i = 0; i < r->ncells; i++) {
		if (r->cells[i][0] == '\0')
			continue;
		if (any) {
			if (r->td != 2)
				buf_puts(&line, " | ");
			else if (line.data[line.len - 1] == ':')
				buf_putc(&line, ' ');
			else
				buf_puts(&line, ": ");
		}
		buf_puts(&line, r->cells[i]);
		any = 1;
	}
	for (i = 0; i < r->ncells; i++)
		free(r->cells[i]);
	free(r->cells);
	w->nrows--;
	if (any) {
		request_break(w, 1);
		s = current(w);
		pay_breaks(w, s);
		s->space = 0;
		put_lines(w, s, line.data);
		request_break(w, 1);
	}
	buf_free(&line);
}

/* skipping: 1 when an element is not written: the output is full, or it
 * stands inside a skipped one (whose nesting step counts: +1 at a start
 * tag, -1 at an end tag) */
static int
skipping(struct walk *w, enum elem_kind k, int step)
{
	if (w->root.full)
		return 1;
	if (w->skip) {
		if (k == E_SKIP)
			w->skip += step;
		return 1;
	}
	return 0;
}

/* block_breaks: the line breaks a block owes at its start and its end */
static int
block_breaks(enum elem_kind k)
{
	switch (k) {
	case E_BLOCK:
	case E_TABLE:
		return 1;
	case E_PARA:
	case E_PRE:
		return 2;
	default:
		return 0;
	}
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct walk *w = ctx;
	enum elem_kind k = elem_kind(name);
	struct row *r;
	struct sink *s;

	(void)atts;
	if (skipping(w, k, 1))
		return;
	if (block_breaks(k) > 0)
		request_break(w, block_breaks(k));
	switch (k) {
	case E_SKIP:
		w->skip = 1;
		break;
	case E_BR:
		s = current(w);
		pay_breaks(w, s);
		if (s->b.len > 0 && s->nl_run < 2)
			newline(w, s);
		break;
	case E_PRE:
		w->pre++;
		break;
	case E_TR:
		if (w->nrows == ROW_BUFFER_MAX || w->streamed > 0) {
			w->streamed++;
			request_break(w, 1);
			break;
		}
		if (w->nrows == w->rows_cap) {
			w->rows_cap = w->rows_cap ? w->rows_cap * 2 : 4;
			w->rows = xreallocarray(w->rows, w->rows_cap,
			    sizeof(*w->rows));
		}
		r = &w->rows[w->nrows++];
		memset(r, 0, sizeof(*r));
		break;
	case E_CELL:
		if (w->streamed > 0 || (r = top_row(w)) == NULL) {
			/* a streamed row, or a cell outside any row */
			s = current(w);
			s->sep = s->col > 0;
			break;
		}
		end_cell(w, r);
		sink_init(&r->cell, w->max);
		r->in_cell = 1;
		r->td++;
		break;
	default:
		break;
	}
}

static void
on_end(void *ctx, const xmlChar *name)
{
	struct walk *w = ctx;
	enum elem_kind k = elem_kind(name);
	struct row *r;

	if (skipping(w, k, -1))
		return;
	if (block_breaks(k) > 0)
		request_break(w, block_breaks(k));
	switch (k) {
	case E_PRE:
		if (w->pre > 0)
			w->pre--;
		break;
	case E_TR:
		if (w->streamed > 0) {
			w->streamed--;
			request_break(w, 1);
		} else if (w->nrows > 0)
			end_row(w);
		break;
	case E_CELL:
		if (w->streamed == 0 && (r = top_row(w)) != NULL)
			end_cell(w, r);
		break;
	default:
		break;
	}
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	if (len > 0)
		text(ctx, (const char *)ch, (size_t)len);
}

char *
html_to_text_r(const char *html, size_t n, size_t max, int *truncated_r)
{
	htmlSAXHandler sax;
	struct walk w;
	size_t i, j, len;
	char *t, *res;

	if (truncated_r != NULL)
		*truncated_r = 0;
	if (html == NULL || n == 0)
		return xstrdup("");
	if (n > INT_MAX)
		n = INT_MAX;
	memset(&w, 0, sizeof(w));
	sink_init(&w.root, max);
	w.max = max;

	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	xmlInitParser();
	w.ctxt = htmlCreatePushParserCtxt(&sax, &w, NULL, 0, NULL,
	    XML_CHAR_ENCODING_UTF8);
	if (w.ctxt == NULL)
		return xstrdup("");
	htmlCtxtUseOptions(w.ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC |
	    XML_PARSE_HUGE);
	htmlParseChunk(w.ctxt, html, (int)n, 1);
	htmlFreeParserCtxt(w.ctxt);

	/* rows never closed */
	for (i = 0; i < w.nrows; i++) {
		for (j = 0; j < w.rows[i].ncells; j++)
			free(w.rows[i].cells[j]);
		free(w.rows[i].cells);
		if (w.rows[i].in_cell)
			buf_free(&w.rows[i].cell.b);
	}
	free(w.rows);
	if (truncated_r != NULL)
		*truncated_r = w.root.full;

	len = w.root.b.len;
	t = buf_steal(&w.root.b);
	while (len > 0 && (t[len - 1] == '\n' || t[len - 1] == ' '))
		len--;
	res = utf8_clean(t, len, 1);
	free(t);
	return res;
}

char *
html_to_text(const char *html, size_t n, size_t max)
{
	return html_to_text_r(html, n, max, NULL);
}

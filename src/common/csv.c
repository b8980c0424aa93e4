/*
 * csv.c — an RFC 4180 reader for the subscriber import (csv.h): a UTF-8
 * BOM, CRLF or LF, quoted fields with "" and line breaks inside, blank
 * lines skipped, ';' as the separator when the first line calls for it.
 *
 * One record at a time: the fields are unescaped into one buffer owned
 * by the reader (each NUL-terminated) and handed out as an array of
 * pointers into it, valid until the next csv_next or csv_close.  The
 * input is read in place, never copied, and need not end with a NUL.
 *
 * Errors: the first error of a record is kept (with the line it was seen
 * on; for an unterminated quoted field, the line where the field opened)
 * and the rest of the record is read with the same grammar but leniently
 * and thrown away, so the next call starts at the next record: a stray
 * quote does not swallow the lines after it.
 *
 * SECURITY: the bytes are often a stranger's export.  A field holds at
 * most max_field bytes and a record at most max_fields fields, so the
 * reader's memory is bounded by their product; every scan checks the
 * length before reading a byte; NUL bytes are refused.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

#define DEFAULT_MAX_FIELDS 64
#define DEFAULT_MAX_FIELD 4096

struct csv {
	const char *data;
	size_t len, pos;
	size_t max_fields, max_field;
	char sep;
	unsigned line;         /* line of data[pos], from 1 */

	/* the record being read */
	char *store;           /* fields, each followed by a NUL */
	size_t store_len, store_cap;
	size_t *offs;          /* start of each field in store */
	char **ptrs;           /* handed out: store + offs[i], NULL-ended */
	size_t nfields, fields_cap;
	size_t field_len;      /* bytes in the current field */
	const char *err;       /* first error of the record, or NULL */
	unsigned err_line;
	char errbuf[64];
};

/* detect_sep: ',' unless the first non-blank line has no ',' outside
 * quotes but has a ';'. */
static char
detect_sep(const char *p, size_t len)
{
	size_t i = 0;
	int quoted = 0, semi = 0;

	while (i < len && (p[i] == '\n' || p[i] == '\r'))
		i++;
	for (; i < len; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (p[i] == ',')
			return ',';
		else if (p[i] == ';')
			semi = 1;
		else if (p[i] == '\n')
			break;
	}
	return semi ? ';' : ',';
}

struct csv *
csv_open(const char *data, size_t len, size_t max_fields, size_t max_field)
{
	struct csv *r = xcalloc(1, sizeof(*r));

	if (data == NULL)
		len = 0;
	r->data = data;
	r->len = len;
	r->max_fields = max_fields ? max_fields : DEFAULT_MAX_FIELDS;
	r->max_field = max_field ? max_field : DEFAULT_MAX_FIELD;
	r->line = 1;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->pos = 3;
	r->sep = detect_sep(data + r->pos, len - r->pos);
	return r;
}

void
csv_close(struct csv *r)
{
	if (r == NULL)
		return;
	free(r->store);
	free(r->offs);
	free(r->ptrs);
	free(r);
}

/* fail: keeps the record's first error; from then on nothing is stored. */
static void
fail(struct csv *r, const char *msg, unsigned line)
{
	if (r->err != NULL)
		return;
	r->err = msg;
	r->err_line = line;
}

static void
put(struct csv *r, char c)
{
	if (r->err != NULL)
		return;
	if (r->field_len >= r->max_field) {
		snprintf(r->errbuf, sizeof(r->errbuf),
		    "field longer than %zu bytes", r->max_field);
		fail(r, r->errbuf, r->line);
		return;
	}
	if (r->store_len + 1 >= r->store_cap) {
		r->store_cap = r->store_cap ? r->store_cap * 2 : 256;
		r->store = xrealloc(r->store, r->store_cap);
	}
	r->store[r->store_len++] = c;
	r->field_len++;
}

static void
field_begin(struct csv *r)
{
	if (r->err != NULL)
		return;
	if (r->nfields == r->max_fields) {
		snprintf(r->errbuf, sizeof(r->errbuf), "more than %zu fields",
		    r->max_fields);
		fail(r, r->errbuf, r->line);
		return;
	}
	if (r->nfields == r->fields_cap) {
		r->fields_cap = r->fields_cap ? r->fields_cap * 2 : 8;
		r->offs = xreallocarray(r->offs, r->fields_cap,
		    sizeof(*r->offs));
	}
	r->offs[r->nfields++] = r->store_len;
	r->field_len = 0;
}

static void
field_end(struct csv *r)
{
	if (r->err != NULL)
		return;
	if (r->store_len + 1 > r->store_cap) {
		r->store_cap = r->store_cap ? r->store_cap * 2 : 256;
		r->store = xrealloc(r->store, r->store_cap);
	}
	r->store[r->store_len++] = '\0';
}

/* at_line_end: length of the line end at pos (LF, CRLF, or a CR that
 * ends the data), 0 if none. */
static size_t
at_line_end(const struct csv *r, size_t pos)
{
	if (pos >= r->len)
		return 0;
	if (r->data[pos] == '\n')
		return 1;
	if (r->data[pos] == '\r') {
		if (pos + 1 == r->len)
			return 1;
		if (r->data[pos + 1] == '\n')
			return 2;
	}
	return 0;
}

/* field_stop: the field ends here (separator, line end or end of data) */
static int
field_stop(const struct csv *r)
{
	return r->pos >= r->len || r->data[r->pos] == r->sep ||
	    at_line_end(r, r->pos) > 0;
}

static void
read_quoted(struct csv *r)
{
	unsigned open_line = r->line;
	char c;

	r->pos++; /* the opening quote */
	for (;;) {
		if (r->pos >= r->len) {
			fail(r, "unterminated quoted field", open_line);
			return;
		}
		c = r->data[r->pos];
		if (c == '"') {
			if (r->pos + 1 < r->len && r->data[r->pos + 1] == '"') {
				put(r, '"');
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if (c == '\r' && r->pos + 1 < r->len &&
		    r->data[r->pos + 1] == '\n') {
			/* a line break inside: LF, whatever the file uses */
			put(r, '\n');
			r->pos += 2;
			r->line++;
			continue;
		}
		if (c == '\0')
			fail(r, "NUL byte", r->line);
		put(r, c);
		r->pos++;
		if (c == '\n')
			r->line++;
	}
	if (!field_stop(r)) {
		fail(r, "text after a closing quote", r->line);
		/* the rest up to the separator is dropped with the record */
		while (!field_stop(r))
			r->pos++;
	}
}

static void
read_unquoted(struct csv *r)
{
	char c;

	while (!field_stop(r)) {
		c = r->data[r->pos];
		if (c == '"')
			fail(r, "quote inside an unquoted field", r->line);
		else if (c == '\0')
			fail(r, "NUL byte", r->line);
		put(r, c);
		r->pos++;
	}
}

int
csv_next(struct csv *r, char ***fields_r, size_t *n_r, unsigned *line_r,
    const char **error_r)
{
	size_t n, i;

	*fields_r = NULL;
	*n_r = 0;
	*error_r = NULL;
	/* blank lines */
	while ((n = at_line_end(r, r->pos)) > 0) {
		r->pos += n;
		if (r->data[r->pos - 1] == '\n')
			r->line++;
	}
	*line_r = r->line;
	if (r->pos >= r->len)
		return 0;

	r->store_len = 0;
	r->nfields = 0;
	r->err = NULL;
	for (;;) {
		field_begin(r);
		if (r->pos < r->len && r->data[r->pos] == '"')
			read_quoted(r);
		else
			read_unquoted(r);
		field_end(r);
		if (r->pos >= r->len)
			break;
		if (r->data[r->pos] == r->sep) {
			r->pos++;
			continue;
		}
		n = at_line_end(r, r->pos);
		r->pos += n;
		if (r->data[r->pos - 1] == '\n')
			r->line++;
		break;
	}
	if (r->err != NULL) {
		*error_r = r->err;
		*line_r = r->err_line;
		return -1;
	}
	r->ptrs = xreallocarray(r->ptrs, r->nfields + 1, sizeof(*r->ptrs));
	for (i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->store + r->offs[i];
	r->ptrs[r->nfields] = NULL;
	*fields_r = r->ptrs;
	*n_r = r->nfields;
	return 1;
}

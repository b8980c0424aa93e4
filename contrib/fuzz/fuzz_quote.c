/*
 * fuzz_quote.c — libFuzzer harness for quote_split (quote.h) and
 * fields_parse_quoted (fields.h).  The input is any bytes, split with
 * the source tree's header patterns (SRCDIR/data/quote-headers: Makefile.am
 * defines SRCDIR) and without a table; the promises of quote.h are
 * checked and abort on failure: the spans cover the text in order with
 * whole lines, at most QUOTE_SPANS_MAX of them, neighbours differ, no
 * forwarded span without a forward.  Then the input (made a C string) is
 * read as a mail's text by fields_parse_quoted: fresh fields before
 * quoted ones, fields_quoted_used and fields_superseded consistent with
 * fields_get.  Everything is freed.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "limit.h"
#include "mail.h"
#include "quote.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct quote_headers *qh;        /* for the whole run */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *err;

	(void)argc;
	(void)argv;
	qh = quote_headers_load(SRCDIR "/data/quote-headers", &err);
	if (qh == NULL) {
		fprintf(stderr, "fuzz_quote: %s\n", err);
		abort();
	}
	return 0;
}

static void
check(const struct quote_split *qs, const char *s, size_t n)
{
	size_t i, at = 0;
	int fwd = 0;

	if (qs->n > QUOTE_SPANS_MAX || (n > 0 && qs->n == 0))
		abort();
	for (i = 0; i < qs->n; i++) {
		const struct quote_span *sp = &qs->v[i];

		if (sp->start != at || sp->len == 0 ||
		    (sp->quoted != 0 && sp->quoted != 1))
			abort();
		at += sp->len;
		if (at < n && s[at - 1] != '\n')
			abort();        /* spans hold whole lines */
		if (i > 0 && qs->v[i - 1].quoted == sp->quoted &&
		    qs->v[i - 1].forwarded == sp->forwarded)
			abort();        /* neighbours of one kind are one span */
		fwd |= sp->forwarded;
	}
	if (at != n || (fwd && qs->forward == QUOTE_FWD_NONE))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct quote_split qs;
	struct field_set fs;
	struct mail m;
	struct limits lim;
	size_t i, k;
	int fresh_seen = 0;

	quote_split(qh, s, size, &qs);
	check(&qs, s, size);
	quote_split_free(&qs);
	quote_split(NULL, s, size, &qs);
	check(&qs, s, size);
	if (qs.forward != QUOTE_FWD_NONE)
		abort();
	quote_split_free(&qs);

	/* as a mail's text: a C string (mime's texts have no NUL) */
	memset(&m, 0, sizeof(m));
	m.text = xmalloc(size + 1);
	memcpy(m.text, data, size);
	m.text[size] = '\0';
	limit_defaults(&lim);
	fields_parse_quoted(&m, &lim, qh, &fs);
	if (fs.n > FIELDS_MAX)
		abort();
	for (i = 0; i < fs.n; i++) {
		if (!fs.v[i].quoted)
			fresh_seen = 1;
		if (i > 0 && fs.v[i - 1].quoted && !fs.v[i].quoted)
			abort();        /* fresh fields come first */
		if (fields_superseded(&fs, i)) {
			for (k = 0; k < i && fs.v[k].key != fs.v[i].key; k++)
				;
			if (k == i || fields_get(&fs, fs.v[i].key) !=
			    fs.v[k].value || fs.v[k].quoted)
				abort();
		}
	}
	if (fields_quoted_used(&fs) != (fs.n > 0 && !fresh_seen))
		abort();
	fields_free(&fs);
	free(m.text);
	return 0;
}

/*
 * fuzz_mime.c — libFuzzer harness for mime_parse (and through it charset,
 * RFC 2047/2231 decoding, html_to_text and libetpan).  The input is one
 * raw message, parsed with the default limits and with tight ones (small
 * depth, parts, header and text ceilings) so the limit paths are hit too;
 * a header is looked up and everything is freed.  The promises of mail.h
 * (clean UTF-8, no NUL) are checked and abort on failure.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limit.h"
#include "mail.h"
#include "mime.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const char *s, int newlines)
{
	const unsigned char *p;

	if (s == NULL)
		return;
	if (!utf8_valid(s, strlen(s)))
		abort();
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(newlines && (*p == '\n' || *p == '\t'))) ||
		    *p == 0x7f)
			abort();
}

static void
run(const uint8_t *data, size_t size, const struct limits *lim)
{
	struct mail *m = NULL;
	const char *err = NULL;
	size_t i;

	if (mime_parse((const char *)data, size, lim, &m, &err) != MIME_OK) {
		if (m != NULL || err == NULL)
			abort();
		return;
	}
	check(m->content_type, 0);
	check(m->text, 1);
	check(m->html, 1);
	check(m->subject, 0);
	check(m->from_addr, 0);
	check(m->from_name, 0);
	check(m->return_path, 0);
	for (i = 0; i < m->n_headers; i++) {
		check(m->headers[i].name, 0);
		check(m->headers[i].value, 0);
	}
	for (i = 0; i < m->n_rcpt; i++)
		check(m->rcpt[i], 0);
	for (i = 0; i < m->n_parts; i++) {
		check(m->parts[i].content_type, 0);
		check(m->parts[i].filename, 0);
		if (m->parts[i].filename != NULL &&
		    (strchr(m->parts[i].filename, '/') != NULL ||
		    m->parts[i].filename[0] == '.'))
			abort();
		if (m->parts[i].depth > lim->max_mime_depth)
			abort();
	}
	(void)mail_header_get(m, "Subject");
	mail_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits lim, tight;

	limit_defaults(&lim);
	run(data, size, &lim);
	tight = lim;
	tight.max_mime_depth = 3;
	tight.max_parts = 8;
	tight.max_header_len = 64;
	tight.max_text = 100;
	run(data, size, &tight);
	return 0;
}

/*
 * fuzz_bounce.c — libFuzzer harness for bounce_parse (and through it the
 * DSN, prose, ARF and SES readers, and the one-level parse of a returned
 * message).  The input is one raw message, parsed by mime_parse with the
 * default limits and handed to bounce_parse with a VERP base; the
 * promises of bounce.h (bounded, validated, clean UTF-8 one-line
 * diagnostics, consistent hard/action) are checked and abort on failure;
 * everything is freed.  LLVMFuzzerInitialize loads the phrase table of
 * the source tree (SRCDIR/data/bounce-phrases: Makefile.am defines
 * SRCDIR), the one the tests use.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce.h"
#include "bounce_phrase.h"
#include "limit.h"
#include "mail.h"
#include "mime.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct bounce_phrases *phrases;   /* for the whole run */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *err;

	(void)argc;
	(void)argv;
	phrases = bounce_phrase_load(SRCDIR "/data/bounce-phrases", &err);
	if (phrases == NULL) {
		fprintf(stderr, "fuzz_bounce: %s\n", err);
		abort();
	}
	return 0;
}

static void
check_addr(const char *a)
{
	const char *at;

	if (a == NULL || (at = strchr(a, '@')) == NULL ||
	    strchr(at + 1, '@') != NULL || strlen(a) > BOUNCE_MAX_ADDR ||
	    strpbrk(a, " \t\r\n<>\"") != NULL || !utf8_valid(a, strlen(a)))
		abort();
	for (; *a; a++)
		if (*a >= 'A' && *a <= 'Z')
			abort();
}

static void
check(const struct bounce_report *r)
{
	size_t i;

	if (r->n_rcpts > BOUNCE_MAX_RCPTS ||
	    r->n_complainants > BOUNCE_MAX_RCPTS)
		abort();
	for (i = 0; i < r->n_complainants; i++)
		check_addr(r->complainants[i]);
	for (i = 0; i < r->n_rcpts; i++) {
		const struct bounce_rcpt *x = &r->rcpts[i];

		check_addr(x->recipient);
		if (x->original_recipient != NULL)
			check_addr(x->original_recipient);
		if (x->reason == NULL || x->hard < -1 || x->hard > 1 ||
		    (x->action == BOUNCE_FAILED) != (x->hard >= 0) ||
		    (x->hard == 1 && !bounce_reason_hard(x->reason)))
			abort();
		if (x->diagnostic != NULL &&
		    (strlen(x->diagnostic) > BOUNCE_MAX_DIAG ||
		    strpbrk(x->diagnostic, "\r\n\t") != NULL ||
		    !utf8_valid(x->diagnostic, strlen(x->diagnostic))))
			abort();
		if (memchr(x->status, '\0', sizeof(x->status)) == NULL)
			abort();
	}
	if (r->verp_token != NULL && (r->verp_token[0] == '\0' ||
	    strlen(r->verp_token) > BOUNCE_MAX_TOKEN))
		abort();
	(void)bounce_kind_name(r->kind);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits lim;
	struct mail *m = NULL;
	struct bounce_report *r = NULL;
	const char *err = NULL;

	limit_defaults(&lim);
	if (mime_parse((const char *)data, size, &lim, &m, &err) != MIME_OK)
		return 0;
	if (bounce_parse(m, "bounces@rma-search.example", phrases, &r,
	    &err) != 0 ||
	    r == NULL)
		abort();
	check(r);
	bounce_report_free(r);
	mail_free(m);
	return 0;
}

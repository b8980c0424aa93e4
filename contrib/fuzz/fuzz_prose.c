/* fuzz_prose.c — libFuzzer harness for the prose reader (prose.h): the
 * input is split at its first NUL into a subject and a body (neither
 * NUL-terminated for the reader: the body is read through (s, n)), read
 * as a job order and as a candidate with the phrase file of the source
 * tree ($RECRUIT_DATADIR, else data/ beside the harness's build) and the
 * built-in industries.  Values are checked against the limits prose.h
 * promises. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "industry.h"
#include "prose.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const char *v)
{
	if (v != NULL && (v[0] == '\0' || strlen(v) > PROSE_VALUE_MAX))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct prose_phrases *t;
	static struct industry_list *il;
	const char *err, *nul;
	char *subject, *body;
	size_t sn, bn, i;
	struct prose_job j;
	struct prose_candidate c;

	if (t == NULL) {
		if ((t = prose_load(prose_default_path(), &err)) == NULL &&
		    (t = prose_load(SRCDIR "/data/prose-phrases", &err)) ==
		    NULL) {
			fprintf(stderr, "fuzz_prose: %s\n", err);
			abort();
		}
		il = industry_default();
	}
	nul = memchr(data, '\0', size);
	sn = nul != NULL ? (size_t)(nul - (const char *)data) : 0;
	subject = xstrndup((const char *)data, sn);
	bn = nul != NULL ? size - sn - 1 : size;
	/* the body in a buffer of its own size: ASan sees any read past n */
	body = xmalloc(bn > 0 ? bn : 1);
	memcpy(body, nul != NULL ? nul + 1 : (const char *)data, bn);
	if (prose_fresh(t, body, bn) > bn)
		abort();
	prose_job_read(t, nul != NULL ? subject : NULL, body, bn, &j);
	check(j.position);
	check(j.company);
	check(j.location);
	prose_job_clear(&j);
	prose_candidate_read(t, il, body, bn, &c);
	check(c.position);
	check(c.relocate_to);
	if (c.n_industries > PROSE_MAX_INDUSTRIES)
		abort();
	for (i = 0; i < c.n_industries; i++)
		if (c.industries[i] == NULL)
			abort();
	prose_candidate_clear(&c);
	free(subject);
	free(body);
	return 0;
}

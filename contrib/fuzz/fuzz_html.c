/*
 * fuzz_html.c — libFuzzer harness for html_to_text.  The input is cleaned
 * to UTF-8 (what mime hands over) and converted without a ceiling and
 * with a small one; the output must be clean UTF-8 within the ceiling.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *t;
	int cut;

	in = utf8_clean((const char *)data, size, 1);
	t = html_to_text(in, strlen(in), 0);
	if (!utf8_valid(t, strlen(t)))
		abort();
	free(t);
	t = html_to_text_r(in, strlen(in), 64, &cut);
	if (strlen(t) > 64 || !utf8_valid(t, strlen(t)))
		abort();
	free(t);
	free(in);
	return 0;
}

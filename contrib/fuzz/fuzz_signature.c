/* fuzz_signature.c — libFuzzer harness for the signature block reader:
 * text to signature_find (fresh-text splitter, closings, cells, phones,
 * companies, addresses) and each line of it to signature_name_order.
 * The input need not be NUL-terminated or valid UTF-8.  Checks the
 * promises of signature.h: the fresh length within the text, at most
 * SIGNATURE_PHONES_MAX phones, every value shorter than the text.
 * LLVMFuzzerInitialize loads the words of the source tree
 * (SRCDIR/data/signature-words). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signature.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct signature_words *words;   /* for the whole run */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *err;

	(void)argc;
	(void)argv;
	words = signature_words_load(SRCDIR "/data/signature-words", &err);
	if (words == NULL) {
		fprintf(stderr, "fuzz_signature: %s\n", err);
		abort();
	}
	return 0;
}

static void
check(const char *v, size_t size)
{
	if (v != NULL && (v[0] == '\0' || strlen(v) > size + 2))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct signature sig;
	size_t i, b = 0;
	char *line, *o;

	if (signature_fresh_len(words, s, size) > size)
		abort();
	(void)signature_find(words, s, size, &sig);
	if (sig.n_phones > SIGNATURE_PHONES_MAX)
		abort();
	check(sig.name, size);
	check(sig.title, size);
	check(sig.company, size);
	check(sig.email, size);
	check(sig.web, size);
	check(sig.profile, size);
	for (i = 0; i < sig.n_phones; i++)
		check(sig.phones[i], size);
	signature_clear(&sig);
	/* each line as a sender's name */
	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		line = xstrndup(s + b, i - b);
		o = signature_name_order(words, line);
		if (o == NULL || strlen(o) > strlen(line) + 1)
			abort();
		free(o);
		free(line);
		b = i + 1;
	}
	return 0;
}

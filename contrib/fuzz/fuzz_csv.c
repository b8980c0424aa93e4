/* fuzz_csv.c — libFuzzer harness for the CSV reader: every record of the
 * input, once with small limits (8 fields of 16 bytes) and once with the
 * defaults, checking what csv.h promises: at most max_fields fields of
 * at most max_field bytes, a NULL after the last, an error text and
 * line numbers that never go back. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(const char *data, size_t size, size_t max_fields,
    size_t max_field)
{
	struct csv *r = csv_open(data, size, max_fields, max_field);
	char **fields;
	const char *error;
	unsigned line, last = 1;
	size_t n, i, calls = 0;
	int ret;

	if (max_fields == 0)
		max_fields = 64;
	if (max_field == 0)
		max_field = 4096;
	while ((ret = csv_next(r, &fields, &n, &line, &error)) != 0) {
		if (line < last || ++calls > size + 1)
			abort();
		last = line;
		if (ret < 0) {
			if (error == NULL || *error == '\0' || fields != NULL)
				abort();
			continue;
		}
		if (ret != 1 || error != NULL || n == 0 || n > max_fields ||
		    fields[n] != NULL)
			abort();
		for (i = 0; i < n; i++)
			if (strlen(fields[i]) > max_field)
				abort();
	}
	csv_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy: a read past the end is caught */
	char *copy = xmalloc(size);

	if (size > 0)
		memcpy(copy, data, size);
	read_all(copy, size, 8, 16);
	read_all(copy, size, 0, 0);
	free(copy);
	return 0;
}

/* fuzz_conf.c — libFuzzer harness for the config parser (inih + the key
 * table): any bytes either load or give an error naming a line. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmemdup0(data, size), *err = NULL;
	struct conf *c = NULL;

	if (conf_load_string(text, "fuzz.conf", "/nonexistent", &c, &err) == 0)
		conf_free(c);
	else
		free(err);
	free(text);
	return 0;
}

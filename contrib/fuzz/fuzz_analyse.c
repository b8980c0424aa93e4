/* fuzz_analyse.c — libFuzzer harness for the whole inbound analysis of one
 * raw message: MIME normalization, fields, classification and job-order /
 * candidate extraction (including résumé text), with default limits. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "conf.h"
#include "ingest.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ingest *in;
static struct conf *conf;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analysis a;

	if (in == NULL) {
		const char *err;
		char *cerr;

		log_init("fuzz", 0, LOGL_ERROR);
		if (conf_load_string("[store]\ndatabase = x\n[inbox]\n"
		    "source = maildir:M\n[addresses]\n"
		    "job_orders = jobs@rma-search.example\n"
		    "web_forms = forms@rma-search.example\n", "fuzz.conf", "/",
		    &conf, &cerr) < 0)
			abort();
		in = ingest_new(conf, NULL, &err);
		if (in == NULL)
			abort();
	}
	a.sha256[0] = '\0';
	ingest_analyse(in, (const char *)data, size, 0, &a);
	analysis_clear(&a);
	return 0;
}

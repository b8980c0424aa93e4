/* fuzz_fields.c — libFuzzer harness for labelled-field parsing and record
 * extraction.  The input is parsed as a bare text (any bytes), then as
 * the body of a synthetic struct mail (cleaned to valid UTF-8 as mime
 * guarantees) whose sender is picked by the first byte — a person, a
 * web-form robot with or without Reply-To, nobody — and which carries
 * the input once more as a text résumé attachment; both records are
 * extracted and freed. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "fields.h"
#include "industry.h"
#include "limit.h"
#include "mail.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char robot[] = "forms@rma-search.example";
static char *robots[] = { robot };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct industry_list *il;
	struct extract_config cfg;
	struct limits lim;
	struct field_set fs;
	struct mail m;
	struct mail_part part;
	struct job_order *j = NULL;
	struct candidate *c = NULL;
	unsigned sel = size > 0 ? data[0] : 0;

	if (il == NULL)
		il = industry_default();
	limit_defaults(&lim);
	if (sel & 0x80)
		lim.max_field_value = 1 + (sel & 0x3f);

	/* any bytes as a bare text */
	fields_parse_text((const char *)data, size, &lim, &fs);
	(void)fields_job_score(&fs);
	(void)fields_candidate_score(&fs);
	fields_free(&fs);

	/* the same as a mail body */
	memset(&m, 0, sizeof(m));
	memset(&part, 0, sizeof(part));
	m.text = utf8_clean((const char *)data, size, 1);
	switch (sel & 3) {
	case 0:
		m.from_name = "Jane Doe";
		m.from_addr = "jane@doe.example";
		break;
	case 1:
		m.from_name = "Website";
		m.from_addr = robot;
		m.reply_to_name = "Olivia Hart";
		m.reply_to_addr = "olivia@hart.example";
		break;
	case 2:
		m.from_addr = robot;
		break;
	default:
		break;
	}
	part.content_type = "text/plain";
	part.filename = "cv.txt";
	part.data = (unsigned char *)(uintptr_t)data;
	part.len = size;
	part.attachment = 1;
	m.parts = &part;
	m.n_parts = (sel & 4) ? 1 : 0;

	/* every other reader (salary words, signatures, prose): its
	 * default file, through NULL */
	memset(&cfg, 0, sizeof(cfg));
	cfg.industries = (sel & 8) ? il : NULL;
	cfg.web_forms = robots;
	cfg.n_web_forms = 1;
	fields_parse(&m, &lim, &fs);
	if (extract_job_order(&m, &fs, &cfg, &j) == 0)
		job_order_free(j);
	if (extract_candidate(&m, &fs, &cfg, &lim, &c) == 0)
		candidate_free(c);
	fields_free(&fs);
	free(m.text);
	return 0;
}

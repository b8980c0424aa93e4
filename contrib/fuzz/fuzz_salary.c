/* fuzz_salary.c — libFuzzer harness for the value normalizers: money
 * (salary_parse, with and without a default currency), places
 * (geo_country, geo_lookup, geo_code) and industries (industry_match,
 * industry_match_all against the built-in list).  Each gets the raw
 * input, which need not be NUL-terminated or valid UTF-8. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "industry.h"
#include "salary.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct industry_list *il;
	static struct salary_words *sw;
	static int sw_tried;
	const char *s = (const char *)data, *cc, *names[8], *err;
	struct salary sal;
	size_t n, i;

	if (il == NULL)
		il = industry_default();
	if (!sw_tried) {
		/* $RECRUIT_DATADIR/salary-words (contrib/fuzz/run sets it) */
		sw_tried = 1;
		sw = salary_words_load(salary_words_default_path(), &err);
	}
	if (salary_parse(s, size, NULL, &sal) == 0 &&
	    (!(sal.min > 0) || sal.min > sal.max || sal.currency[3] != '\0'))
		abort();
	/* with the words: a bound leaves one end 0, never both, and a
	 * range is in order */
	if (salary_parse_words(sw, s, size, NULL, &sal) == 0 &&
	    (!(sal.min >= 0) || !(sal.max >= 0) ||
	    !(sal.min > 0 || sal.max > 0) ||
	    (sal.min > 0 && sal.max > 0 && sal.min > sal.max) ||
	    sal.currency[3] != '\0'))
		abort();
	(void)salary_parse_words(sw, s, size, "EUR", &sal);
	cc = geo_country(s, size);
	if (cc != NULL && (strlen(cc) != 2 || geo_currency(cc) == NULL))
		abort();
	(void)geo_lookup(s, size, &cc);
	(void)geo_code(s, size);
	(void)industry_match(il, s, size);
	n = industry_match_all(il, s, size, names, ARRAY_SIZE(names));
	for (i = 0; i < n; i++)
		if (names[i] == NULL)
			abort();
	return 0;
}

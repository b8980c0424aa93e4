/*
 * salary.h — money ranges from free text: "$240,000 - $285,000",
 * "USD 250k-300k", "€180.000 – €210.000", "220.000 EUR p.a.",
 * "THB 6,000,000 per year", "180-220k USD", "EUR 90k", "$85/hour".
 *
 * SECURITY: reads text from strangers; (s, n) bounded, no NUL assumed.
 */
#ifndef RECRUIT_SALARY_H
#define RECRUIT_SALARY_H

#include <stddef.h>

struct salary {
	int found;          /* at least one amount was found */
	double min;         /* equal to max for a single amount */
	double max;
	char currency[4];   /* ISO 4217 or "" when not stated */
	char period[6];     /* "year" | "month" | "hour" | "" */
};

/*
 * salary_parse: 0 and *r filled when an amount was found, else -1 (and
 * *r zeroed).  default_currency (may be NULL) is used when none is
 * written.  Amounts are plain numbers in units ("250k" = 250000,
 * "€180.000" = 180000, "1,2 Mio" = 1200000); two amounts joined by a
 * range word ("-", "–", "to", "bis", "à", "a", "hasta") make a range,
 * any other second number (a bonus, a percentage) is ignored.
 * "$" alone is USD unless another currency is named ("$120k CAD").
 * The period is "year" when none is written, "month" / "hour" when
 * stated, and "" for a stated period the record cannot hold (a day or
 * week rate).
 */
int salary_parse(const char *s, size_t n, const char *default_currency,
    struct salary *r);

#endif

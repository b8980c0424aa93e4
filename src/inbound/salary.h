/*
 * salary.h — money ranges from free text: "$240,000 - $285,000",
 * "USD 250k-300k", "€180.000 – €210.000", "220.000 EUR p.a.",
 * "THB 6,000,000 per year", "180-220k USD", "EUR 90k", "$85/hour",
 * and the words people write around them ("up to $200k", "ab 120.000
 * EUR", "ca. 90k", "120-150 (thousand, EUR)", "4.500 € brutto x 14",
 * "+ bonus"), read from a data file: data/salary-words, installed as
 * PKGDATADIR/salary-words, or the file named by [extract] salary_words.
 *
 * SECURITY: reads text from strangers; (s, n) bounded, no NUL assumed.
 * The word file is configuration (trusted), read with limits all the
 * same: at most SALARY_WORDS_FILE_MAX bytes, SALARY_WORDS_MAX entries of
 * at most SALARY_WORD_LEN_MAX bytes of UTF-8 without controls.
 */
#ifndef RECRUIT_SALARY_H
#define RECRUIT_SALARY_H

#include <stddef.h>

#define SALARY_WORDS_FILE_MAX  (256u * 1024)  /* bytes of the file */
#define SALARY_WORDS_MAX       2048   /* entries in a file */
#define SALARY_WORD_LEN_MAX    40     /* bytes of one entry */
#define SALARY_WORDS_FILE      "salary-words" /* name in PKGDATADIR */

struct salary {
	int found;          /* at least one amount was found */
	double min;         /* equal to max for a single amount; 0 when the
	                       text gives an upper bound only ("up to",
	                       "bis zu", "jusqu'à", "hasta", "fino a", "tot") */
	double max;         /* 0 when the text gives a lower bound only
	                       ("from", "ab", "à partir de", "desde", "da",
	                       "vanaf"); never both 0 */
	char currency[4];   /* ISO 4217 or "" when not stated */
	char period[6];     /* "year" | "month" | "hour" | "" */
	int approx;         /* "around", "ca.", "environ": one amount,
	                       min = max, written as an approximation */
	int payments;       /* 12..16 when a monthly salary paid that many
	                       times a year was made yearly, else 0 */
	int needs_review;   /* the amount cannot be taken as written: a
	                       yearly amount under 1000 with no multiplier
	                       ("120-150", "Gehalt: 90"), or a count of
	                       payments that is no whole number ("x 13,96"):
	                       the record holds the numbers as written and
	                       a reader decides */
};

struct salary_words;

/*
 * salary_words_load: the word table of the file at path (the format is
 * described at the top of data/salary-words: "KIND LANG WORDS" lines);
 * free with salary_words_free.  NULL and *error_r on failure ("PATH: No
 * such file or directory", "PATH:LINE: unknown kind (…)"); the text is
 * kept in a buffer of this module until the next failing load (copy it
 * to keep it longer).  A file without any entry is an error too.  The
 * table is read-only after: salary_parse_words takes it.
 */
struct salary_words *salary_words_load(const char *path,
    const char **error_r);
void salary_words_free(struct salary_words *w);

/* salary_words_count: the entries of w (0 for NULL). */
size_t salary_words_count(const struct salary_words *w);

/*
 * salary_words_default_path: the file to read when [extract]
 * salary_words is not set: $RECRUIT_DATADIR/salary-words when that
 * variable is set and not empty (the tests run from the source tree),
 * else PKGDATADIR/salary-words.  A static buffer.
 */
const char *salary_words_default_path(void);

/*
 * salary_parse_words: 0 and *r filled when an amount was found, else -1
 * (and *r zeroed).  w (may be NULL: the built-in notations only) is the
 * word table.  default_currency (may be NULL) is used when none is
 * written.  Amounts are plain numbers in units ("250k" = 250000,
 * "€180.000" = 180000, "1,2 Mio" = 1200000, "80 mila" = 80000; a
 * thousand word that stands apart, "120-150 (thousand, EUR)", scales
 * the amounts under 1000 written without a multiplier); two amounts
 * joined by a range word ("-", "–", "to", "bis", "à", "a", "hasta", and
 * w's "range" words) make a range, any other second number (a bonus, a
 * percentage) is ignored, and nothing after an "extra" word ("+ bonus",
 * "+ prime", "+ variabile") is read as an amount.
 * A single amount after an "upto" word is the maximum only (min 0),
 * after a "from" word the minimum only (max 0), after an "about" word
 * both, with approx set.
 * "$" alone is USD unless another currency is named ("$120k CAD").
 * The period is "year" when none is written, "month" / "hour" when
 * stated, and "" for a stated period the record cannot hold (a day or
 * week rate).  A monthly amount paid 12 to 16 times a year ("x 14",
 * "14 Monatsgehälter", "13ème mois", "14 pagas", "14 mensilità", "13e
 * maand") becomes the yearly amount, monthly × payments, period "year",
 * payments set; so does an amount with no period written that is
 * under 20000 or multiplied ("x 14"), while an
 * amount stated yearly ("45 k€ brut annuel sur 13 mois") stays as
 * written.  A monthly amount without a count stays monthly.
 */
int salary_parse_words(const struct salary_words *w, const char *s,
    size_t n, const char *default_currency, struct salary *r);

/* salary_parse: salary_parse_words without a word table. */
int salary_parse(const char *s, size_t n, const char *default_currency,
    struct salary *r);

#endif

/* test_geo.c — ISO country codes from place names in four languages,
 * cities, US states and provinces after a comma, and what is no place. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "geo.h"
#include "util.h"

struct row {
	const char *in;
	const char *cc;    /* NULL: no place */
};

static const struct row countries[] = {
	{ "Germany", "DE" }, { "Deutschland", "DE" }, { "Allemagne", "DE" },
	{ "Alemania", "DE" }, { "Switzerland", "CH" }, { "Schweiz", "CH" },
	{ "Suisse", "CH" }, { "Suiza", "CH" }, { "Austria", "AT" },
	{ "\xc3\x96sterreich", "AT" }, { "Autriche", "AT" },
	{ "France", "FR" }, { "Frankreich", "FR" }, { "Francia", "FR" },
	{ "Spain", "ES" }, { "Spanien", "ES" }, { "Espagne", "ES" },
	{ "Espa\xc3\xb1" "a", "ES" }, { "United Kingdom", "GB" }, { "UK", "GB" },
	{ "U.K.", "GB" }, { "England", "GB" }, { "Scotland", "GB" },
	{ "Great Britain", "GB" }, { "Gro\xc3\x9f" "britannien", "GB" },
	{ "Royaume-Uni", "GB" }, { "Reino Unido", "GB" }, { "USA", "US" },
	{ "U.S.A.", "US" }, { "United States", "US" }, { "US", "US" },
	{ "Vereinigte Staaten", "US" }, { "\xc3\x89tats-Unis", "US" },
	{ "Estados Unidos", "US" }, { "EE.UU.", "US" }, { "China", "CN" },
	{ "Chine", "CN" }, { "Japan", "JP" }, { "Japon", "JP" },
	{ "Jap\xc3\xb3n", "JP" }, { "India", "IN" }, { "Indien", "IN" },
	{ "Thailand", "TH" }, { "Tha\xc3\xaflande", "TH" }, { "Malaysia", "MY" },
	{ "Russia", "RU" }, { "Russland", "RU" }, { "Netherlands", "NL" },
	{ "the Netherlands", "NL" }, { "Niederlande", "NL" },
	{ "Pays-Bas", "NL" }, { "Pa\xc3\xad" "ses Bajos", "NL" },
	{ "Sweden", "SE" }, { "Schweden", "SE" }, { "Su\xc3\xa8" "de", "SE" },
	{ "Czech Republic", "CZ" }, { "Tschechien", "CZ" },
	{ "Italy", "IT" }, { "Italien", "IT" }, { "Italia", "IT" },
	{ "Australia", "AU" }, { "Australien", "AU" }, { "Canada", "CA" },
	{ "Kanada", "CA" }, { "Mexico", "MX" }, { "M\xc3\xa9xico", "MX" },
	{ "Brazil", "BR" }, { "Brasilien", "BR" }, { "Br\xc3\xa9sil", "BR" },
	{ "UAE", "AE" }, { "United Arab Emirates", "AE" },
	{ "Saudi Arabia", "SA" }, { "Singapore", "SG" }, { "Singapur", "SG" },
	{ "Hong Kong", "HK" }, { "New Zealand", "NZ" }, { "Norway", "NO" },
	{ "Norwegen", "NO" }, { "South Africa", "ZA" }, { "S\xc3\xbc" "dafrika",
	  "ZA" }, { "South Korea", "KR" }, { "Belgium", "BE" },
	{ "Belgique", "BE" }, { "Poland", "PL" }, { "Polen", "PL" },
	{ "Ireland", "IE" }, { "Irland", "IE" }, { "Portugal", "PT" },
	{ "Turkey", "TR" }, { "T\xc3\xbcrkei", "TR" },
};

/* the firm's office cities and other business cities */
static const struct row cities[] = {
	{ "Bangkok", "TH" }, { "Beijing", "CN" }, { "Peking", "CN" },
	{ "Berlin", "DE" }, { "Hong Kong", "HK" }, { "Kuala Lumpur", "MY" },
	{ "London", "GB" }, { "Londres", "GB" }, { "Madrid", "ES" },
	{ "Melbourne", "AU" }, { "Moscow", "RU" }, { "Moskau", "RU" },
	{ "Moscou", "RU" }, { "Mosc\xc3\xba", "RU" }, { "Mumbai", "IN" },
	{ "New Delhi", "IN" }, { "Paris", "FR" }, { "Shanghai", "CN" },
	{ "Singapore", "SG" }, { "Sydney", "AU" }, { "Tokyo", "JP" },
	{ "Tokio", "JP" }, { "Toronto", "CA" }, { "Vancouver", "CA" },
	{ "Zurich", "CH" }, { "Z\xc3\xbcrich", "CH" }, { "Frankfurt", "DE" },
	{ "Frankfurt am Main", "DE" }, { "Munich", "DE" },
	{ "M\xc3\xbcnchen", "DE" }, { "Muenchen", "DE" }, { "Vienna", "AT" },
	{ "Wien", "AT" }, { "Vienne", "AT" }, { "Milan", "IT" },
	{ "Milano", "IT" }, { "Mailand", "IT" }, { "Amsterdam", "NL" },
	{ "Brussels", "BE" }, { "Bruxelles", "BE" }, { "Br\xc3\xbcssel", "BE" },
	{ "Stockholm", "SE" }, { "Dubai", "AE" }, { "S\xc3\xa3o Paulo", "BR" },
	{ "Sao Paulo", "BR" }, { "Mexico City", "MX" },
	{ "Ciudad de M\xc3\xa9xico", "MX" }, { "New York", "US" },
	{ "NYC", "US" }, { "Chicago", "US" }, { "San Francisco", "US" },
	{ "Los Angeles", "US" }, { "Boston", "US" }, { "Houston", "US" },
	{ "Dallas", "US" }, { "Atlanta", "US" }, { "Miami", "US" },
	{ "Seattle", "US" }, { "Austin", "US" }, { "Prague", "CZ" },
	{ "Prag", "CZ" }, { "Rome", "IT" }, { "Rom", "IT" },
	{ "Wellington", "NZ" }, { "Geneva", "CH" }, { "Gen\xc3\xa8ve", "CH" },
	{ "Genf", "CH" }, { "Accra", "GH" }, { "Nairobi", "KE" },
	{ "Lisbon", "PT" }, { "Oslo", "NO" }, { "Perth", "AU" },
	{ "K\xc3\xb6ln", "DE" }, { "Cologne", "DE" }, { "Warsaw", "PL" },
};

/* places as people write them */
static const struct row places[] = {
	{ "Berlin, Germany", "DE" }, { "Berlin, Deutschland", "DE" },
	{ "Austin, TX", "US" }, { "Austin, Texas", "US" },
	{ "Paris, Texas", "US" }, { "Paris, France", "FR" },
	{ "Wilmington, DE", "US" }, { "Berlin, DE", "DE" },
	{ "London, ON", "CA" }, { "London, Ontario", "CA" },
	{ "London, UK", "GB" }, { "Perth, WA", "AU" }, { "Seattle, WA", "US" },
	{ "Spokane, WA", "US" }, { "Toronto, ON", "CA" },
	{ "Montreal, QC", "CA" }, { "Sydney NSW", "AU" },
	{ "Sydney, NSW, Australia", "AU" }, { "New York, NY 10001", "US" },
	{ "New York, NY, USA", "US" }, { "Atlanta, Georgia", "US" },
	{ "Georgia", "GE" }, { "Hong Kong, China", "HK" },
	{ "Zurich (Switzerland)", "CH" }, { "Remote (UK)", "GB" },
	{ "Remote - Germany", "DE" }, { "10115 Berlin", "DE" },
	{ "75008 Paris", "FR" }, { "Munich or Zurich", "DE" },
	{ "Berlin / Munich", "DE" }, { "Madrid; Barcelona", "ES" },
	{ "Greater London Area", "GB" }, { "Frankfurt area", "DE" },
	{ "Hybrid, 3 days in Amsterdam", "NL" }, { "Bay Area", "US" },
	{ "Kuala Lumpur, Malaysia", "MY" }, { "Dubai, UAE", "AE" },
	{ "Oslo, Norway", "NO" }, { "Perth, Australia", "AU" },
	{ "Cambridge, MA", "US" }, { "Cambridge", "GB" },
	{ "Mumbai, Maharashtra", "IN" }, { "Munich, Bavaria", "DE" },
	{ "  Berlin  ", "DE" }, { "BERLIN", "DE" }, { "berlin", "DE" },
	/* no place */
	{ "Remote", NULL }, { "EMEA", NULL }, { "Worldwide", NULL },
	{ "", NULL }, { "anywhere", NULL }, { "Join us", NULL },
	{ "Nice to meet you", NULL }, { "-", NULL }, { ",,,", NULL },
	{ "( ) [ ] / ;", NULL }, { "\xff\xfe", NULL },
};

static int
run(const struct row *rows, size_t n)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		const char *cc = geo_country(rows[i].in, strlen(rows[i].in));

		if (!str_eq_ci(cc, rows[i].cc)) {
			print_error("\"%s\": got %s, want %s\n", rows[i].in,
			    cc != NULL ? cc : "NULL",
			    rows[i].cc != NULL ? rows[i].cc : "NULL");
			bad++;
		}
	}
	return bad;
}

static void
test_countries(void **state)
{
	(void)state;
	assert_int_equal(run(countries, ARRAY_SIZE(countries)), 0);
}

static void
test_cities(void **state)
{
	(void)state;
	assert_int_equal(run(cities, ARRAY_SIZE(cities)), 0);
}

static void
test_places(void **state)
{
	(void)state;
	assert_int_equal(run(places, ARRAY_SIZE(places)), 0);
}

static void
test_lookup(void **state)
{
	static const struct {
		const char *in;
		enum geo_kind kind;
		const char *cc;
	} rows[] = {
		{ "Germany", GEO_COUNTRY, "DE" }, { "Berlin", GEO_CITY, "DE" },
		{ "Singapore", GEO_CITY, "SG" }, { "Hong Kong", GEO_CITY, "HK" },
		{ "UK", GEO_COUNTRY, "GB" }, { "TX", GEO_REGION, "US" },
		{ "Texas", GEO_REGION, "US" }, { "ON", GEO_REGION, "CA" },
		{ "Bavaria", GEO_REGION, "DE" }, { "tx", GEO_NONE, NULL },
		{ "DE", GEO_REGION, "US" }, { "Berlin, Germany", GEO_NONE, NULL },
		{ "Remote", GEO_NONE, NULL }, { "", GEO_NONE, NULL },
	};
	size_t i;
	const char *cc;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		enum geo_kind k = geo_lookup(rows[i].in, strlen(rows[i].in), &cc);

		if (k != rows[i].kind || !str_eq_ci(cc, rows[i].cc))
			fail_msg("geo_lookup(\"%s\") = %d %s", rows[i].in, k,
			    cc != NULL ? cc : "NULL");
	}
	assert_int_equal(geo_lookup(NULL, 3, &cc), GEO_NONE);
	assert_null(cc);
}

static void
test_code_currency(void **state)
{
	static const struct {
		const char *in;
		const char *code;
	} codes[] = {
		{ "DE", "DE" }, { "de", "DE" }, { " CH ", "CH" }, { "UK", "GB" },
		{ "gb", "GB" }, { "XX", NULL }, { "DEU", NULL }, { "D", NULL },
		{ "", NULL }, { "1A", NULL },
	};
	static const struct {
		const char *cc;
		const char *cur;
	} cur[] = {
		{ "US", "USD" }, { "GB", "GBP" }, { "DE", "EUR" }, { "FR", "EUR" },
		{ "CH", "CHF" }, { "JP", "JPY" }, { "TH", "THB" }, { "CA", "CAD" },
		{ "AU", "AUD" }, { "NO", "NOK" }, { "MY", "MYR" }, { "SG", "SGD" },
		{ "HK", "HKD" }, { "AE", "AED" }, { "IN", "INR" }, { "XX", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(codes); i++)
		if (!str_eq_ci(geo_code(codes[i].in, strlen(codes[i].in)),
		    codes[i].code))
			fail_msg("geo_code(\"%s\")", codes[i].in);
	for (i = 0; i < ARRAY_SIZE(cur); i++)
		if (!str_eq_ci(geo_currency(cur[i].cc), cur[i].cur))
			fail_msg("geo_currency(%s)", cur[i].cc);
	assert_null(geo_currency(NULL));
}

/* bounded: only n bytes are read, and long text is cut, not scanned */
static void
test_bounded(void **state)
{
	char *p = xmalloc(6);
	size_t n = 1024 * 1024, i;
	char *big;

	(void)state;
	memcpy(p, "Berlin", 6);                   /* no NUL */
	assert_string_equal(geo_country(p, 6), "DE");
	assert_null(geo_country(p, 3));           /* "Ber" */
	free(p);
	big = xmalloc(n);
	for (i = 0; i < n; i++)
		big[i] = "a, b / c or "[i % 12];
	assert_null(geo_country(big, n));
	memcpy(big + n - 6, "Berlin", 6);         /* beyond the scanned part */
	assert_null(geo_country(big, n));
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_cities),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_code_currency),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

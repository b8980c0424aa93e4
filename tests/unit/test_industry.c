/* test_industry.c — the default list of 30, synonyms in four languages,
 * several industries in one value, and lists loaded from a file. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "industry.h"
#include "util.h"

/* records.md: exactly these names, in this spelling */
static const char *const defaults[] = {
	"Accounting & Auditing", "Advertising & Marketing",
	"Aerospace & Defense", "Agriculture", "Automotive",
	"Banking & Financial Services", "Biotechnology & Pharmaceuticals",
	"Chemicals", "Construction & Real Estate", "Consulting",
	"Consumer Goods & Retail", "Education", "Energy & Utilities",
	"Engineering", "Entertainment & Media", "Food & Beverage",
	"Government & Public Sector", "Healthcare", "Hospitality & Tourism",
	"Human Resources", "Industrial Manufacturing",
	"Information Technology", "Insurance", "Legal",
	"Logistics & Transportation", "Mining & Metals", "Non-Profit",
	"Oil & Gas", "Private Equity & Venture Capital", "Telecommunications",
};

struct row {
	const char *in;
	const char *name;   /* NULL: no match */
};

static const struct row rows[] = {
	/* the names themselves, any case, & or "and" */
	{ "Oil & Gas", "Oil & Gas" }, { "oil and gas", "Oil & Gas" },
	{ "OIL & GAS", "Oil & Gas" }, { "Non-Profit", "Non-Profit" },
	{ "non profit", "Non-Profit" }, { "Nonprofit", "Non-Profit" },
	{ "Banking & Financial Services", "Banking & Financial Services" },
	/* English synonyms */
	{ "Pharma", "Biotechnology & Pharmaceuticals" },
	{ "Pharmaceuticals", "Biotechnology & Pharmaceuticals" },
	{ "Life Sciences", "Biotechnology & Pharmaceuticals" },
	{ "Software", "Information Technology" },
	{ "SaaS", "Information Technology" }, { "IT", "Information Technology" },
	{ "Banking", "Banking & Financial Services" },
	{ "Banking & Finance", "Banking & Financial Services" },
	{ "Investment Banking", "Banking & Financial Services" },
	{ "Retail Banking", "Banking & Financial Services" },
	{ "Fintech", "Banking & Financial Services" },
	{ "Health Insurance", "Insurance" }, { "Reinsurance", "Insurance" },
	{ "Private Equity", "Private Equity & Venture Capital" },
	{ "VC", "Private Equity & Venture Capital" },
	{ "Real Estate", "Construction & Real Estate" },
	{ "Mining", "Mining & Metals" }, { "Steel", "Mining & Metals" },
	{ "Logistics", "Logistics & Transportation" },
	{ "Supply Chain", "Logistics & Transportation" },
	{ "FMCG", "Consumer Goods & Retail" }, { "Retail", "Consumer Goods & Retail" },
	{ "Telecom", "Telecommunications" }, { "Media", "Entertainment & Media" },
	{ "Hotels", "Hospitality & Tourism" }, { "Recruitment", "Human Resources" },
	{ "Management Consulting", "Consulting" },
	{ "Medical Devices", "Healthcare" }, { "Medtech", "Healthcare" },
	{ "Renewable Energy", "Energy & Utilities" },
	{ "Aviation", "Aerospace & Defense" }, { "Defence", "Aerospace & Defense" },
	{ "Audit", "Accounting & Auditing" }, { "Law firm", "Legal" },
	{ "Charity", "Non-Profit" }, { "Beverages", "Food & Beverage" },
	{ "F&B", "Food & Beverage" }, { "Public Sector", "Government & Public Sector" },
	{ "Higher Education", "Education" }, { "Manufacturing", "Industrial Manufacturing" },
	{ "Specialty Chemicals", "Chemicals" }, { "Farming", "Agriculture" },
	{ "Automotive supplier", "Automotive" }, { "Civil Engineering", "Engineering" },
	{ "Marketing", "Advertising & Marketing" },
	/* German */
	{ "Automobilindustrie", "Automotive" }, { "Automobilzulieferer", "Automotive" },
	{ "Bankwesen", "Banking & Financial Services" },
	{ "Finanzdienstleistungen", "Banking & Financial Services" },
	{ "Versicherungen", "Insurance" }, { "Pharmaindustrie", "Biotechnology & Pharmaceuticals" },
	{ "Maschinenbau", "Industrial Manufacturing" },
	{ "Luft- und Raumfahrt", "Aerospace & Defense" },
	{ "Wirtschaftspr\xc3\xbc" "fung", "Accounting & Auditing" },
	{ "Immobilien", "Construction & Real Estate" },
	{ "Lebensmittelindustrie", "Food & Beverage" },
	{ "\xc3\x96" "l & Gas", "Oil & Gas" }, { "Logistik", "Logistics & Transportation" },
	{ "Telekommunikation", "Telecommunications" },
	{ "Gesundheitswesen", "Healthcare" }, { "Unternehmensberatung", "Consulting" },
	{ "Chemie", "Chemicals" }, { "\xc3\x96" "ffentlicher Dienst", "Government & Public Sector" },
	/* French */
	{ "Banque", "Banking & Financial Services" }, { "Assurance", "Insurance" },
	{ "Industrie pharmaceutique", "Biotechnology & Pharmaceuticals" },
	{ "Agroalimentaire", "Food & Beverage" }, { "H\xc3\xb4tellerie", "Hospitality & Tourism" },
	{ "Immobilier", "Construction & Real Estate" }, { "Conseil", "Consulting" },
	{ "Informatique", "Information Technology" },
	{ "T\xc3\xa9l\xc3\xa9" "communications", "Telecommunications" },
	{ "Ressources humaines", "Human Resources" },
	{ "\xc3\x89nergie", "Energy & Utilities" }, { "Luxe", "Consumer Goods & Retail" },
	/* Spanish */
	{ "Seguros", "Insurance" }, { "Banca", "Banking & Financial Services" },
	{ "Log\xc3\xad" "stica", "Logistics & Transportation" },
	{ "Alimentaci\xc3\xb3n", "Food & Beverage" }, { "Miner\xc3\xad" "a", "Mining & Metals" },
	{ "Recursos humanos", "Human Resources" }, { "Consultor\xc3\xad" "a", "Consulting" },
	{ "Telecomunicaciones", "Telecommunications" }, { "Farmac\xc3\xa9utica", "Biotechnology & Pharmaceuticals" },
	{ "Energ\xc3\xad" "as renovables", "Energy & Utilities" }, { "Turismo", "Hospitality & Tourism" },
	/* no match */
	{ "Other", NULL }, { "", NULL }, { "-", NULL }, { "n/a", NULL },
	{ "Sonstige", NULL }, { "gastronomic" "al", NULL }, { "\xff\xfe", NULL },
};

static void
test_defaults(void **state)
{
	struct industry_list *l = industry_default();
	size_t i;

	(void)state;
	assert_int_equal(industry_count(l), ARRAY_SIZE(defaults));
	for (i = 0; i < ARRAY_SIZE(defaults); i++) {
		assert_string_equal(industry_name(l, i), defaults[i]);
		/* each name matches itself */
		assert_ptr_equal(industry_match(l, defaults[i],
		    strlen(defaults[i])), industry_name(l, i));
	}
	assert_null(industry_name(l, ARRAY_SIZE(defaults)));
	industry_free(l);
	assert_int_equal(industry_count(NULL), 0);
	industry_free(NULL);
}

static void
test_synonyms(void **state)
{
	struct industry_list *l = industry_default();
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *m = industry_match(l, rows[i].in, strlen(rows[i].in));

		if (!str_eq_ci(m, rows[i].name)) {
			print_error("\"%s\": got %s, want %s\n", rows[i].in,
			    m != NULL ? m : "NULL",
			    rows[i].name != NULL ? rows[i].name : "NULL");
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	assert_null(industry_match(l, NULL, 4));
	assert_null(industry_match(NULL, "Banking", 7));
	industry_free(l);
}

static void
test_match_all(void **state)
{
	static const struct {
		const char *in;
		const char *want;   /* names joined with '|' */
	} all[] = {
		{ "Banking, Insurance", "Banking & Financial Services|Insurance" },
		{ "Banking; Insurance / Pharma", "Banking & Financial Services|"
		  "Insurance|Biotechnology & Pharmaceuticals" },
		{ "Oil & Gas, Energy", "Oil & Gas|Energy & Utilities" },
		{ "Banking, Information Technology",
		  "Banking & Financial Services|Information Technology" },
		{ "Log\xc3\xad" "stica; Alimentaci\xc3\xb3n",
		  "Logistics & Transportation|Food & Beverage" },
		{ "Banking, Finance, Fintech", "Banking & Financial Services" },
		{ "Food and Beverage", "Food & Beverage" },
		{ "Other, whatever", "" },
	};
	struct industry_list *l = industry_default();
	const char *names[8];
	char got[512];
	size_t i, n, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(all); i++) {
		n = industry_match_all(l, all[i].in, strlen(all[i].in), names, 8);
		got[0] = '\0';
		for (k = 0; k < n; k++) {
			if (k > 0)
				strncat(got, "|", sizeof(got) - strlen(got) - 1);
			strncat(got, names[k], sizeof(got) - strlen(got) - 1);
		}
		if (strcmp(got, all[i].want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", all[i].in, got,
			    all[i].want);
	}
	/* max is respected */
	assert_int_equal(industry_match_all(l, "Banking, Insurance, Pharma", 26,
	    names, 2), 2);
	assert_int_equal(industry_match_all(l, "Banking", 7, names, 0), 0);
	industry_free(l);
}

static char *
write_tmp(const char *text)
{
	char *path = xstrdup("/tmp/test-industry-XXXXXX");
	int fd = mkstemp(path);
	size_t n = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return path;
}

static void
test_load(void **state)
{
	struct industry_list *l;
	const char *err = NULL;
	char *path;

	(void)state;
	path = write_tmp(
	    "# our list\n"
	    "Fintech & Payments: payments, neobank, zahlungsverkehr*\n"
	    "\n"
	    "   Insurance   # built-in name: keeps its synonyms\n"
	    "Shipping: reedereien, maritime\r\n"
	    "Space\n");
	l = industry_load(path, &err);
	assert_non_null(l);
	assert_int_equal(industry_count(l), 4);
	assert_string_equal(industry_name(l, 0), "Fintech & Payments");
	assert_string_equal(industry_name(l, 1), "Insurance");
	assert_string_equal(industry_name(l, 2), "Shipping");
	assert_string_equal(industry_name(l, 3), "Space");
	assert_string_equal(industry_match(l, "Neobank", 7), "Fintech & Payments");
	assert_string_equal(industry_match(l, "Zahlungsverkehrsdienste", 23),
	    "Fintech & Payments");
	assert_string_equal(industry_match(l, "fintech and payments", 20),
	    "Fintech & Payments");
	assert_string_equal(industry_match(l, "Versicherung", 12), "Insurance");
	assert_string_equal(industry_match(l, "Seguros", 7), "Insurance");
	assert_string_equal(industry_match(l, "Maritime", 8), "Shipping");
	assert_string_equal(industry_match(l, "space", 5), "Space");
	/* names not in the file are not matched any more */
	assert_null(industry_match(l, "Pharma", 6));
	industry_free(l);
	unlink(path);
	free(path);

	/* errors */
	assert_null(industry_load("/nonexistent/industries", &err));
	assert_non_null(err);
	path = write_tmp("# nothing\n\n");
	err = NULL;
	assert_null(industry_load(path, &err));
	assert_non_null(err);
	unlink(path);
	free(path);
	path = write_tmp("Banking\n: orphan, synonyms\n");
	err = NULL;
	assert_null(industry_load(path, &err));
	assert_non_null(err);
	unlink(path);
	free(path);
	path = write_tmp("Bank\xff\n");
	err = NULL;
	assert_null(industry_load(path, &err));
	assert_non_null(err);
	unlink(path);
	free(path);
}

/* only the first 2 KB of a value are read */
static void
test_bounded(void **state)
{
	struct industry_list *l = industry_default();
	size_t n = 1024 * 1024;
	char *big = xmalloc(n);

	(void)state;
	memset(big, 'x', n);
	memcpy(big + n - 7, "Banking", 7);
	assert_null(industry_match(l, big, n));
	memcpy(big, "Banking ", 8);
	assert_string_equal(industry_match(l, big, n),
	    "Banking & Financial Services");
	free(big);
	industry_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_synonyms),
		cmocka_unit_test(test_match_all),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

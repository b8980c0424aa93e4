/* test_extract.c — job-order and candidate records from hand-built
 * mails: every record field, the web-form robot with Reply-To, the
 * needs_review rules, and the normalizations (places, employment types,
 * start dates, yes/no, résumés). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"
#include "fields.h"
#include "industry.h"
#include "util.h"

static char *robots[] = {
	"forms@rma-search.example", "noreply@webforms.rma-search.example",
};
static const struct extract_config cfg = { NULL, robots, 2, NULL };

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* mk: a mail as mime would hand it over, built by hand */
static struct mail *
mk(const char *from_name, const char *from_addr, const char *rt_name,
    const char *rt_addr, const char *text)
{
	struct mail *m = xcalloc(1, sizeof(*m));

	m->from_name = dup_or_null(from_name);
	m->from_addr = dup_or_null(from_addr);
	m->reply_to_name = dup_or_null(rt_name);
	m->reply_to_addr = dup_or_null(rt_addr);
	m->text = xstrdup(text);
	m->content_type = xstrdup("text/plain");
	return m;
}

static void
add_part(struct mail *m, const char *type, const char *filename,
    const void *data, size_t len, int attachment)
{
	struct mail_part *p;

	m->parts = xreallocarray(m->parts, m->n_parts + 1, sizeof(*m->parts));
	p = &m->parts[m->n_parts++];
	memset(p, 0, sizeof(*p));
	p->content_type = xstrdup(type);
	p->filename = dup_or_null(filename);
	p->data = (unsigned char *)xmemdup0(data, len);
	p->len = len;
	p->attachment = attachment;
}

static void
mfree(struct mail *m)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++) {
		free(m->parts[i].content_type);
		free(m->parts[i].filename);
		free(m->parts[i].data);
	}
	free(m->parts);
	free(m->from_name);
	free(m->from_addr);
	free(m->reply_to_name);
	free(m->reply_to_addr);
	free(m->text);
	free(m->content_type);
	free(m);
}

static struct job_order *
job_of(struct mail *m)
{
	struct field_set fs;
	struct job_order *j = NULL;

	assert_int_equal(fields_parse(m, NULL, &fs), 0);
	assert_int_equal(extract_job_order(m, &fs, &cfg, &j), 0);
	assert_non_null(j);
	fields_free(&fs);
	return j;
}

static struct candidate *
cand_of(struct mail *m)
{
	struct field_set fs;
	struct candidate *c = NULL;

	assert_int_equal(fields_parse(m, NULL, &fs), 0);
	assert_int_equal(extract_candidate(m, &fs, &cfg, NULL, &c), 0);
	assert_non_null(c);
	fields_free(&fs);
	return c;
}

static void
assert_str(const char *got, const char *want, const char *what)
{
	if ((got == NULL) != (want == NULL) ||
	    (got != NULL && strcmp(got, want) != 0))
		fail_msg("%s: got [%s], want [%s]", what,
		    got != NULL ? got : "NULL", want != NULL ? want : "NULL");
}

/* ---- job orders ---- */

static void
test_job_full(void **state)
{
	struct mail *m;
	struct job_order *j;

	(void)state;
	m = mk("Rebecca H.", "rebecca@lonestar.example", NULL, NULL,
	    "Hello RMA team,\n\n"
	    "Company: Lone Star Analytics Inc.\n"
	    "Contact Name: Rebecca Holloway\n"
	    "Your Title: Chief People Officer\n"
	    "Email: Rebecca.Holloway@LoneStar.example\n"
	    "Phone: +1 512 555 0147\n"
	    "Position Title: Vice President of Engineering\n\n"
	    "Job Description:\n"
	    "The VP leads 120 engineers   \n"
	    "and reports to the CTO.\n\n\n"
	    "Our platform is big.\n\n"
	    "Requirements:\n"
	    "- 12 or more years\n"
	    "- Degree\n\n"
	    "Industry: Software\n"
	    "Location: Austin, TX\n"
	    "Employment Type: Full-time\n"
	    "Salary Range: $240,000 - $285,000\n"
	    "Start Date: March 2027\n"
	    "Confidential Search: No\n\n"
	    "Thank you,\nRebecca\n");
	j = job_of(m);
	assert_str(j->company, "Lone Star Analytics Inc.", "company");
	assert_str(j->contact_name, "Rebecca Holloway", "contact_name");
	assert_str(j->contact_title, "Chief People Officer", "contact_title");
	assert_str(j->contact_email, "rebecca.holloway@lonestar.example",
	    "contact_email");
	assert_str(j->contact_phone, "+1 512 555 0147", "contact_phone");
	assert_str(j->position_title, "Vice President of Engineering",
	    "position_title");
	assert_str(j->industry, "Information Technology", "industry");
	assert_str(j->location, "Austin, TX", "location");
	assert_str(j->country, "US", "country");
	assert_str(j->employment_type, "full_time", "employment_type");
	assert_int_equal(j->salary.found, 1);
	assert_true(j->salary.min == 240000 && j->salary.max == 285000);
	assert_string_equal(j->salary.currency, "USD");
	assert_string_equal(j->salary.period, "year");
	assert_str(j->start_date, "2027-03", "start_date");
	assert_int_equal(j->confidential, 0);
	assert_str(j->description,
	    "The VP leads 120 engineers\nand reports to the CTO.\n\n"
	    "Our platform is big.\n\nRequirements:\n- 12 or more years\n"
	    "- Degree", "description");
	assert_str(j->found, "company,contact_name,contact_title,"
	    "contact_email,contact_phone,position_title,industry,location,"
	    "country,employment_type,salary_min,salary_max,salary_currency,"
	    "salary_period,start_date,confidential,description", "found");
	assert_int_equal(j->needs_review, 0);
	job_order_free(j);
	mfree(m);
}

/* German labels, the country's currency when none is written */
static void
test_job_german(void **state)
{
	struct mail *m;
	struct job_order *j;

	(void)state;
	m = mk("Urs Meier", "urs.meier@limmat.example", NULL, NULL,
	    "Firma: Limmat Privatbank AG\n"
	    "Ansprechpartner: Urs Meier\n"
	    "Telefon: +41 44 555 72 10\n"
	    "Stellenbezeichnung: Leiter Verm\xc3\xb6gensverwaltung\n"
	    "Branche: Bankwesen\n"
	    "Arbeitsort: Z\xc3\xbcrich, Schweiz\n"
	    "Anstellungsart: Festanstellung\n"
	    "Jahresgehalt: 250'000 - 300'000\n"
	    "Eintrittsdatum: 1. M\xc3\xa4rz 2027\n"
	    "Vertraulich: ja\n"
	    "Stellenbeschreibung:\nF\xc3\xbchrung des Teams.\n"
	    "Anforderungen:\nErfahrung.\n\n"
	    "Freundliche Gr\xc3\xbc\xc3\x9f" "e\nUrs Meier\n");
	j = job_of(m);
	assert_str(j->company, "Limmat Privatbank AG", "company");
	assert_str(j->contact_name, "Urs Meier", "contact_name");
	assert_str(j->contact_email, "urs.meier@limmat.example", "email");
	assert_str(j->position_title, "Leiter Verm\xc3\xb6gensverwaltung",
	    "position");
	assert_str(j->industry, "Banking & Financial Services", "industry");
	assert_str(j->location, "Z\xc3\xbcrich", "location");
	assert_str(j->country, "CH", "country");
	assert_str(j->employment_type, "full_time", "employment_type");
	assert_true(j->salary.min == 250000 && j->salary.max == 300000);
	assert_string_equal(j->salary.currency, "CHF");
	assert_str(j->start_date, "2027-03-01", "start_date");
	assert_int_equal(j->confidential, 1);
	assert_str(j->description, "F\xc3\xbchrung des Teams.\n\n"
	    "Requirements:\nErfahrung.", "description");
	assert_int_equal(j->needs_review, 0);
	job_order_free(j);
	mfree(m);
}

/* the web-form robot: the person is in Reply-To */
static void
test_job_webform(void **state)
{
	struct mail *m;
	struct job_order *j;

	(void)state;
	m = mk("RMA Search Website", "forms@rma-search.example", "Olivia Hart",
	    "Olivia.Hart@Southern-Cross.example",
	    "Executive Position Job Order\n\n"
	    "Company: Southern Cross Mining Ltd\n"
	    "Position Title: General Manager, Processing\n"
	    "Description:\nRun the plant.\n\n"
	    "Industry: Mining\nLocation: Perth, Australia\n"
	    "Employment Type: Permanent\n"
	    "Salary: AUD 380,000 - 420,000 per annum\n"
	    "Start Date: Q2 2027\nConfidential Search: Yes\n\n"
	    "-- \nSent by the job order form\n");
	j = job_of(m);
	assert_str(j->contact_name, "Olivia Hart", "contact_name");
	assert_str(j->contact_email, "olivia.hart@southern-cross.example",
	    "contact_email");
	assert_null(j->contact_title);
	assert_null(j->contact_phone);
	assert_str(j->industry, "Mining & Metals", "industry");
	assert_str(j->location, "Perth", "location");
	assert_str(j->country, "AU", "country");
	assert_str(j->start_date, "Q2 2027", "start_date");
	assert_int_equal(j->confidential, 1);
	assert_str(j->description, "Run the plant.", "description");
	assert_string_equal(j->salary.currency, "AUD");
	assert_int_equal(j->needs_review, 0);
	/* Reply-To is no field */
	assert_null(strstr(j->found, "contact_name"));
	assert_null(strstr(j->found, "contact_email"));
	job_order_free(j);
	mfree(m);

	/* the robot's fields name the person */
	m = mk(NULL, "noreply@webforms.rma-search.example", NULL, NULL,
	    "First Name: Daniel\nLast Name: Okoye\nTitle: Director of Talent\n"
	    "Company: Maplewave\nEmail: daniel@maplewave.example\n"
	    "Position Title: CTO\n");
	j = job_of(m);
	assert_str(j->contact_name, "Daniel Okoye", "contact_name");
	assert_str(j->contact_email, "daniel@maplewave.example", "email");
	assert_str(j->contact_title, "Director of Talent", "title");
	assert_int_equal(j->needs_review, 0);
	job_order_free(j);
	mfree(m);

	/* a robot without Reply-To: nobody; the robot is no contact */
	m = mk("Website", "forms@rma-search.example", NULL, NULL,
	    "Position Title: CTO\n");
	j = job_of(m);
	assert_null(j->contact_name);
	assert_null(j->contact_email);
	assert_int_equal(j->needs_review, 1);
	job_order_free(j);
	mfree(m);

	/* not a robot: From, even with a Reply-To */
	m = mk("Jane Roe", "Jane@Roe.example", "Assistant", "asst@roe.example",
	    "Position Title: CTO\n");
	j = job_of(m);
	assert_str(j->contact_name, "Jane Roe", "contact_name");
	assert_str(j->contact_email, "jane@roe.example", "contact_email");
	assert_int_equal(j->needs_review, 0);
	job_order_free(j);
	mfree(m);
}

static void
test_job_needs_review(void **state)
{
	static const struct {
		const char *from;
		const char *text;
		int review;
	} rows[] = {
		/* position missing */
		{ "a@b.example", "Company: X\nLocation: Berlin\n", 1 },
		/* company and email both missing */
		{ NULL, "Position: CFO\n", 1 },
		{ NULL, "Position: CFO\nEmail: not an address\n", 1 },
		/* one of them is enough */
		{ NULL, "Position: CFO\nCompany: X\n", 0 },
		{ "a@b.example", "Position: CFO\n", 0 },
		{ NULL, "Position: CFO\nE-Mail: <a@b.example>\n", 0 },
		/* prose only */
		{ "h@q.example", "We might need a new CFO next year.\n", 1 },
		{ NULL, "", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = mk(NULL, rows[i].from, NULL, NULL, rows[i].text);
		struct job_order *j = job_of(m);

		if (j->needs_review != rows[i].review)
			fail_msg("row %zu: needs_review %d", i, j->needs_review);
		job_order_free(j);
		mfree(m);
	}
}

static void
test_job_places(void **state)
{
	static const struct {
		const char *text;
		const char *location;
		const char *country;
	} rows[] = {
		{ "Location: Berlin, Germany\n", "Berlin", "DE" },
		{ "Location: Germany\n", NULL, "DE" },
		{ "Location: Deutschland\n", NULL, "DE" },
		{ "Location: Austin, TX\n", "Austin, TX", "US" },
		{ "Location: Austin, TX, USA\n", "Austin, TX", "US" },
		{ "Location: Zurich (Switzerland)\n", "Zurich", "CH" },
		{ "Location: Hong Kong, China\n", "Hong Kong", "HK" },
		{ "Location: London - UK\n", "London", "GB" },
		{ "Location: London\n", "London", "GB" },
		{ "Location: Munich, Bavaria, Germany\n", "Munich, Bavaria", "DE" },
		{ "Location: Singapore\n", "Singapore", "SG" },
		{ "Location: Remote\n", "Remote", NULL },
		{ "Location:   Kuala   Lumpur ,  Malaysia \n", "Kuala Lumpur", "MY" },
		{ "Location: Berlin\nCountry: DE\n", "Berlin", "DE" },
		{ "Location: London\nCountry: Canada\n", "London", "CA" },
		{ "City: Lyon\n", "Lyon", "FR" },
		{ "City: Lyon\nCountry: France\n", "Lyon", "FR" },
		{ "Country: Deutschland\n", NULL, "DE" },
		{ "Country: UK\n", NULL, "GB" },
		{ "Ciudad: Madrid\nPa\xc3\xads: Espa\xc3\xb1" "a\n", "Madrid", "ES" },
		{ "Position: CFO\n", NULL, NULL },
	};
	size_t i;
	char what[64];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = mk(NULL, "a@b.example", NULL, NULL, rows[i].text);
		struct job_order *j = job_of(m);

		snprintf(what, sizeof(what), "row %zu location", i);
		assert_str(j->location, rows[i].location, what);
		snprintf(what, sizeof(what), "row %zu country", i);
		assert_str(j->country, rows[i].country, what);
		job_order_free(j);
		mfree(m);
	}
}

static void
test_job_values(void **state)
{
	static const struct {
		const char *text;
		const char *employment;
		const char *start;
		int confidential;
	} rows[] = {
		{ "Employment Type: Permanent\nStart Date: 2027-05-01\n"
		  "Confidential: Yes\n", "full_time", "2027-05-01", 1 },
		{ "Employment Type: Full-time\nStart Date: 03/2027\n"
		  "Confidential: No\n", "full_time", "2027-03", 0 },
		{ "Anstellungsart: Festanstellung\nEintrittsdatum: 01.03.2027\n"
		  "Vertraulich: ja\n", "full_time", "2027-03-01", 1 },
		{ "Anstellungsart: Vollzeit\nEintrittsdatum: 1. M\xc3\xa4rz 2027\n"
		  "Vertraulich: nein\n", "full_time", "2027-03-01", 0 },
		{ "Type de contrat : CDI\nDate de d\xc3\xa9" "but : 1er mars 2027\n"
		  "Confidentiel : oui\n", "full_time", "2027-03-01", 1 },
		{ "Type de contrat : CDD\nDate de d\xc3\xa9" "but : mars 2027\n"
		  "Confidentiel : non\n", "contract", "2027-03", 0 },
		{ "Tipo de contrato: Indefinido\nFecha de inicio: 1 de marzo de "
		  "2027\nConfidencial: s\xc3\xad\n", "full_time", "2027-03-01", 1 },
		{ "Tipo de contrato: Temporal\nFecha de inicio: inmediata\n"
		  "Confidencial: no\n", "temporary", "inmediata", 0 },
		{ "Employment Type: Part-time\nStart Date: March 1, 2027\n",
		  "part_time", "2027-03-01", -1 },
		{ "Employment Type: Teilzeit\nStart Date: 1st of March 2027\n",
		  "part_time", "2027-03-01", -1 },
		{ "Employment Type: Freelance\nStart Date: ASAP\n", "contract",
		  "ASAP", -1 },
		{ "Employment Type: Contract\nStart Date: immediately\n",
		  "contract", "immediately", -1 },
		{ "Employment Type: Interim Management\nStart Date: Q2 2027\n",
		  "interim", "Q2 2027", -1 },
		{ "Employment Type: Interim\nStart Date: 2027-03\n", "interim",
		  "2027-03", -1 },
		{ "Employment Type: Temporary\nStart Date: 31.02.2027\n",
		  "temporary", "31.02.2027", -1 },
		{ "Employment Type: Internship\nStart Date: Sept 2027\n",
		  "internship", "2027-09", -1 },
		{ "Employment Type: Praktikum\nStart Date: 13/1/2027\n",
		  "internship", "2027-01-13", -1 },
		{ "Employment Type: Full-time or part-time\n"
		  "Start Date:  ab   sofort \n", "full_time", "ab sofort", -1 },
		{ "Employment Type: permanent, full time\n"
		  "Confidential: Strictly confidential\n", "full_time", NULL, 1 },
		{ "Employment Type: whatever suits\n"
		  "Confidential: Not confidential\n", NULL, NULL, 0 },
		{ "Employment Type: Contract-to-hire\nConfidential: maybe\n",
		  "contract", NULL, -1 },
		{ "Employment Type: International role\n", NULL, NULL, -1 },
	};
	size_t i;
	char what[64];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = mk(NULL, "a@b.example", NULL, NULL, rows[i].text);
		struct job_order *j = job_of(m);

		snprintf(what, sizeof(what), "row %zu employment", i);
		assert_str(j->employment_type, rows[i].employment, what);
		snprintf(what, sizeof(what), "row %zu start", i);
		assert_str(j->start_date, rows[i].start, what);
		if (j->confidential != rows[i].confidential)
			fail_msg("row %zu: confidential %d", i, j->confidential);
		job_order_free(j);
		mfree(m);
	}
}

/* "3/1/2027": month first in the US, day first elsewhere */
static void
test_job_us_date(void **state)
{
	struct mail *m;
	struct job_order *j;

	(void)state;
	m = mk(NULL, "a@b.example", NULL, NULL,
	    "Location: Boston, MA\nStart Date: 3/1/2027\n");
	j = job_of(m);
	assert_str(j->start_date, "2027-03-01", "US");
	job_order_free(j);
	mfree(m);
	m = mk(NULL, "a@b.example", NULL, NULL,
	    "Location: London\nStart Date: 3/1/2027\n");
	j = job_of(m);
	assert_str(j->start_date, "2027-01-03", "GB");
	job_order_free(j);
	mfree(m);
}

static void
test_job_salary_description(void **state)
{
	static const struct {
		const char *text;
		const char *currency;     /* NULL: no salary */
		const char *description;
	} rows[] = {
		{ "Location: Munich\nSalary: 180,000 - 220,000\n", "EUR", NULL },
		{ "Location: Tokyo\nSalary: 20,000,000\n", "JPY", NULL },
		{ "Location: Munich\nSalary: USD 200k\n", "USD", NULL },
		{ "Salary: 200k\n", "", NULL },
		{ "Salary: competitive\n", NULL, NULL },
		{ "Description:\nOnly this.\nCompany: X\n", NULL, "Only this." },
		{ "Requirements:\nOnly that.\nCompany: X\n", NULL,
		  "Requirements:\nOnly that." },
		{ "Description:\nThis.\nRequirements:\nThat.\n", NULL,
		  "This.\n\nRequirements:\nThat." },
	};
	size_t i;
	char what[64];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = mk(NULL, "a@b.example", NULL, NULL, rows[i].text);
		struct job_order *j = job_of(m);

		if (rows[i].currency == NULL)
			assert_int_equal(j->salary.found, 0);
		else {
			assert_int_equal(j->salary.found, 1);
			assert_string_equal(j->salary.currency, rows[i].currency);
		}
		snprintf(what, sizeof(what), "row %zu description", i);
		assert_str(j->description, rows[i].description, what);
		job_order_free(j);
		mfree(m);
	}
}

static void
test_job_industry_list(void **state)
{
	struct industry_list *il = industry_default();
	struct extract_config c = { il, NULL, 0, NULL };
	struct mail *m;
	struct field_set fs;
	struct job_order *j;

	(void)state;
	m = mk(NULL, "a@b.example", NULL, NULL,
	    "Industry: Pharma\nPosition: CSO\n");
	fields_parse(m, NULL, &fs);
	assert_int_equal(extract_job_order(m, &fs, &c, &j), 0);
	assert_str(j->industry, "Biotechnology & Pharmaceuticals", "industry");
	job_order_free(j);
	/* no config at all works too */
	assert_int_equal(extract_job_order(m, &fs, NULL, &j), 0);
	assert_str(j->industry, "Biotechnology & Pharmaceuticals", "industry");
	job_order_free(j);
	assert_int_equal(extract_job_order(NULL, &fs, NULL, &j), -1);
	fields_free(&fs);
	mfree(m);
	industry_free(il);
	job_order_free(NULL);
}

/* ---- candidates ---- */

static void
test_candidate_full(void **state)
{
	struct mail *m;
	struct candidate *c;

	(void)state;
	m = mk("J. Price", "jprice@home.example", NULL, NULL,
	    "Dear RMA Search,\n\nI would like to register.\n\n"
	    "Name: Jonathan Price\n"
	    "Email: Jonathan.Price@Mailbox.example\n"
	    "Phone: +44 7700 900123\n"
	    "Current Title: Chief Risk Officer\n"
	    "Current Employer: Fenwick & Hale Bank\n"
	    "Desired Position: Group Chief Risk Officer\n"
	    "Industries: Banking, Insurance\n"
	    "Preferred Locations: London / Frankfurt / Zurich\n"
	    "Willing to Relocate: Yes\n"
	    "Salary Expectation: \xc2\xa3" "150k - \xc2\xa3" "170k\n"
	    "Years of Experience: 18+\n"
	    "LinkedIn: https://www.linkedin.com/in/jonathan-price\n\n"
	    "Kind regards,   \nJonathan Price\n\n\n");
	c = cand_of(m);
	assert_str(c->name, "Jonathan Price", "name");
	assert_str(c->email, "jonathan.price@mailbox.example", "email");
	assert_str(c->phone, "+44 7700 900123", "phone");
	assert_str(c->current_title, "Chief Risk Officer", "current_title");
	assert_str(c->current_employer, "Fenwick & Hale Bank", "employer");
	assert_str(c->desired_position, "Group Chief Risk Officer", "desired");
	assert_int_equal(c->n_industries, 2);
	assert_string_equal(c->industries[0], "Banking & Financial Services");
	assert_string_equal(c->industries[1], "Insurance");
	assert_int_equal(c->n_locations, 3);
	assert_string_equal(c->locations[0], "London");
	assert_string_equal(c->locations[1], "Frankfurt");
	assert_string_equal(c->locations[2], "Zurich");
	assert_int_equal(c->willing_to_relocate, 1);
	assert_int_equal(c->salary_expectation.found, 1);
	assert_true(c->salary_expectation.min == 150000);
	assert_true(c->salary_expectation.max == 170000);
	assert_string_equal(c->salary_expectation.currency, "GBP");
	assert_string_equal(c->salary_expectation.period, "year");
	assert_int_equal(c->years_experience, 18);
	assert_str(c->profile_url, "https://www.linkedin.com/in/jonathan-price",
	    "profile_url");
	assert_int_equal(c->n_resumes, 0);
	assert_non_null(c->cover_letter);
	assert_non_null(strstr(c->cover_letter, "Kind regards,\nJonathan"));
	assert_true(c->cover_letter[strlen(c->cover_letter) - 1] != '\n');
	assert_str(c->found, "name,email,phone,current_title,current_employer,"
	    "desired_position,industries,locations,willing_to_relocate,"
	    "salary_expectation,years_experience,profile_url", "found");
	assert_int_equal(c->needs_review, 0);
	candidate_free(c);
	mfree(m);
}

static const unsigned char fake_pdf[] = "%PDF-1.4\nnot really a pdf\n";

static void
test_candidate_webform(void **state)
{
	struct mail *m;
	struct candidate *c;

	(void)state;
	/* the person only in Reply-To, with a CV */
	m = mk("RMA Search Website", "noreply@webforms.rma-search.example",
	    "Kwame Mensah", "Kwame.Mensah@Accramail.example",
	    "Executive Candidate Registration\n\n"
	    "Current Position: Group COO\n"
	    "Current Company: Coastline Breweries Ltd\n"
	    "Desired Position: CEO\n"
	    "Sector: Food & Beverage\n"
	    "Preferred Location: Accra or Nairobi\n"
	    "Willing to relocate: No\n"
	    "Years of Experience: 21\n");
	add_part(m, "application/pdf", "CV_Kwame_Mensah.pdf", fake_pdf,
	    sizeof(fake_pdf) - 1, 1);
	c = cand_of(m);
	assert_str(c->name, "Kwame Mensah", "name");
	assert_str(c->email, "kwame.mensah@accramail.example", "email");
	assert_null(c->phone);
	assert_str(c->current_title, "Group COO", "current_title");
	assert_str(c->current_employer, "Coastline Breweries Ltd", "employer");
	assert_int_equal(c->n_industries, 1);
	assert_string_equal(c->industries[0], "Food & Beverage");
	assert_int_equal(c->n_locations, 2);
	assert_string_equal(c->locations[0], "Accra");
	assert_string_equal(c->locations[1], "Nairobi");
	assert_int_equal(c->willing_to_relocate, 0);
	assert_int_equal(c->salary_expectation.found, 0);
	assert_int_equal(c->years_experience, 21);
	assert_null(c->profile_url);
	assert_int_equal(c->n_resumes, 1);
	assert_string_equal(c->resumes[0].filename, "CV_Kwame_Mensah.pdf");
	assert_string_equal(c->resumes[0].content_type, "application/pdf");
	assert_int_equal(c->resumes[0].size, sizeof(fake_pdf) - 1);
	assert_int_equal(strlen(c->resumes[0].sha256), 64);
	assert_ptr_equal(c->resumes[0].data, m->parts[0].data);
	/* a broken PDF: no text, a reason, and the record stands */
	assert_null(c->resumes[0].text);
	assert_non_null(c->resumes[0].text_error);
	assert_int_equal(c->needs_review, 0);
	candidate_free(c);
	mfree(m);

	/* First / Last Name fields from the robot win over Reply-To */
	m = mk(NULL, "forms@rma-search.example", "Someone Else",
	    "other@x.example",
	    "First Name: Mariana\nLast Name: Costa Ribeiro\n"
	    "Email: mariana@caixa.example\nDesired Position: CEO\n");
	c = cand_of(m);
	assert_str(c->name, "Mariana Costa Ribeiro", "name");
	assert_str(c->email, "mariana@caixa.example", "email");
	assert_int_equal(c->needs_review, 0);
	candidate_free(c);
	mfree(m);

	/* a robot alone: no name, no email */
	m = mk("Website", "forms@rma-search.example", NULL, NULL,
	    "Desired Position: CEO\n");
	c = cand_of(m);
	assert_null(c->name);
	assert_null(c->email);
	assert_int_equal(c->needs_review, 1);
	candidate_free(c);
	mfree(m);
}

static void
test_candidate_resumes(void **state)
{
	static const char txt[] = "Jane Doe\nCFO, 20 years\n";
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n....";
	struct mail *m;
	struct candidate *c;
	char hex[65];

	(void)state;
	m = mk("Jane Doe", "jane@doe.example", NULL, NULL,
	    "Please find my CV attached.\n");
	add_part(m, "text/plain", NULL, "Please find my CV attached.\n", 28, 0);
	add_part(m, "text/plain", "Lebenslauf Jane.txt", txt, sizeof(txt) - 1,
	    1);
	add_part(m, "image/png", "photo.png", png, sizeof(png) - 1, 1);
	add_part(m, "application/octet-stream", "CV.pdf", fake_pdf,
	    sizeof(fake_pdf) - 1, 1);
	c = cand_of(m);
	assert_int_equal(c->n_resumes, 2);
	assert_string_equal(c->resumes[0].filename, "Lebenslauf Jane.txt");
	assert_string_equal(c->resumes[0].content_type, "text/plain");
	assert_int_equal(c->resumes[0].size, sizeof(txt) - 1);
	sha256_hex(txt, sizeof(txt) - 1, hex);
	assert_string_equal(c->resumes[0].sha256, hex);
	assert_non_null(c->resumes[0].text);
	assert_non_null(strstr(c->resumes[0].text, "CFO, 20 years"));
	assert_null(c->resumes[0].text_error);
	assert_string_equal(c->resumes[1].filename, "CV.pdf");
	assert_string_equal(c->resumes[1].content_type,
	    "application/octet-stream");
	/* name and email from the sender, a résumé: nothing to review */
	assert_str(c->name, "Jane Doe", "name");
	assert_str(c->email, "jane@doe.example", "email");
	assert_null(c->desired_position);
	assert_int_equal(c->needs_review, 0);
	assert_str(c->cover_letter, "Please find my CV attached.", "cover");
	assert_str(c->found, "", "found");
	candidate_free(c);
	mfree(m);
}

/* a mail with more résumés than max_resumes: every one is kept, only
 * the first max_resumes are read (each reading may cost a sandboxed
 * child resume_seconds) */
static void
test_candidate_max_resumes(void **state)
{
	struct field_set fs;
	struct limits lim;
	struct mail *m;
	struct candidate *c = NULL;
	char name[32], text[64];
	size_t i;

	(void)state;
	limit_defaults(&lim);
	lim.max_resumes = 3;
	m = mk("Jan de Vries", "jan@devries.example", NULL, NULL,
	    "Hierbij mijn cv en getuigschriften.\n");
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "document-%zu.txt", i + 1);
		snprintf(text, sizeof(text), "Jan de Vries, page %zu\n", i + 1);
		add_part(m, "text/plain", name, text, strlen(text), 1);
	}
	assert_int_equal(fields_parse(m, NULL, &fs), 0);
	assert_int_equal(extract_candidate(m, &fs, &cfg, &lim, &c), 0);
	assert_int_equal(c->n_resumes, 5);
	for (i = 0; i < 5; i++) {
		if (i < 3) {
			assert_non_null(c->resumes[i].text);
			assert_null(c->resumes[i].text_error);
		} else {
			assert_null(c->resumes[i].text);
			assert_non_null(strstr(c->resumes[i].text_error,
			    "max_resumes"));
		}
		assert_non_null(c->resumes[i].filename);
	}
	candidate_free(c);
	fields_free(&fs);
	mfree(m);
}

static void
test_is_resume(void **state)
{
	static const struct {
		const char *type;
		const char *name;
		int attachment;
		int resume;
	} rows[] = {
		{ "application/pdf", "cv.pdf", 1, 1 },
		{ "application/pdf", NULL, 0, 1 },
		{ "application/msword", "Lebenslauf.doc", 1, 1 },
		{ "application/vnd.openxmlformats-officedocument."
		  "wordprocessingml.document", "resume.docx", 1, 1 },
		{ "application/vnd.oasis.opendocument.text", "cv.odt", 1, 1 },
		{ "application/rtf", "cv.rtf", 1, 1 },
		{ "text/rtf", "cv.rtf", 1, 1 },
		{ "text/plain", "cv.txt", 1, 1 },
		{ "text/html", "CV.HTML", 1, 1 },
		{ "text/html", "cv.htm", 1, 1 },
		{ "application/octet-stream", "R\xc3\xa9sum\xc3\xa9.PDF", 1, 1 },
		{ "application/octet-stream", "cv.docx", 1, 1 },
		{ "text/plain", NULL, 0, 0 },        /* the body */
		{ "text/html", NULL, 0, 0 },
		{ "text/plain", "notes.txt", 0, 0 }, /* inline, not attached */
		{ "image/jpeg", "cv.jpg", 1, 0 },
		{ "image/png", "cv.pdf", 1, 0 },
		{ "application/zip", "cv.zip", 1, 0 },
		{ "application/octet-stream", "cv.exe", 1, 0 },
		{ "application/octet-stream", NULL, 1, 0 },
		{ "message/rfc822", "fwd.txt", 1, 0 },
	};
	struct mail_part p;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		memset(&p, 0, sizeof(p));
		p.content_type = (char *)rows[i].type;
		p.filename = (char *)rows[i].name;
		p.attachment = rows[i].attachment;
		if (extract_is_resume(&p) != rows[i].resume)
			fail_msg("row %zu (%s %s)", i, rows[i].type,
			    rows[i].name != NULL ? rows[i].name : "-");
	}
	assert_int_equal(extract_is_resume(NULL), 0);
}

static void
test_candidate_places(void **state)
{
	static const struct {
		const char *text;
		const char *want;   /* joined with " | " */
	} rows[] = {
		{ "Preferred Locations: London / Frankfurt / Zurich\n",
		  "London | Frankfurt | Zurich" },
		{ "Preferred Location: Madrid; Barcelona\n", "Madrid | Barcelona" },
		{ "Preferred Location: Berlin, Munich or Zurich\n",
		  "Berlin | Munich | Zurich" },
		{ "Preferred Location: S\xc3\xa3o Paulo / Lisbon / Madrid\n",
		  "S\xc3\xa3o Paulo | Lisbon | Madrid" },
		{ "Location: Berlin, Germany\n", "Berlin, Germany" },
		{ "Location: London, UK / Paris, France\n",
		  "London, UK | Paris, France" },
		{ "Location: Austin, TX or Dallas, TX\n", "Austin, TX | Dallas, TX" },
		{ "Location: Germany, Austria\n", "Germany | Austria" },
		{ "Location: Remote / Hybrid\n", "Remote / Hybrid" },
		{ "Location: Munich or remote\n", "Munich or remote" },
		{ "Location: Anywhere in Europe\n", "Anywhere in Europe" },
		{ "Location: Berlin / berlin\n", "Berlin" },
		{ "Location: Paris\nPreferred Location: London; Paris\n",
		  "Paris | London" },
		{ "Ciudad: Madrid\n", "Madrid" },
		{ "Country: Germany\n", "Germany" },
		{ "Location:  Berlin ,   Munich \n", "Berlin | Munich" },
		{ "Desired Position: CEO\n", "" },
	};
	size_t i, k;
	char got[256];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = mk(NULL, "a@b.example", NULL, NULL, rows[i].text);
		struct candidate *c = cand_of(m);

		got[0] = '\0';
		for (k = 0; k < c->n_locations; k++) {
			if (k > 0)
				strncat(got, " | ", sizeof(got) - strlen(got) - 1);
			strncat(got, c->locations[k],
			    sizeof(got) - strlen(got) - 1);
		}
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got [%s], want [%s]", i, got,
			    rows[i].want);
		if (rows[i].want[0] == '\0')
			assert_null(c->locations);
		candidate_free(c);
		mfree(m);
	}
}

static void
test_candidate_values(void **state)
{
	static const struct {
		const char *text;
		int relocate;
		int years;
		const char *currency;   /* of the expectation, NULL: none */
	} rows[] = {
		{ "Willing to relocate: Yes\nYears of Experience: 15+ years\n",
		  1, 15, NULL },
		{ "Umzugsbereitschaft: ja\nBerufserfahrung: \xc3\xbc" "ber 20 "
		  "Jahre\nGehaltsvorstellung: 150.000\nLocation: Berlin\n", 1, 20,
		  "EUR" },
		{ "Mobilit\xc3\xa9 : non\nAnn\xc3\xa9" "es d'exp\xc3\xa9rience : 12 "
		  "ans\nPr\xc3\xa9tentions salariales : 120 k\xe2\x82\xac\n", 0, 12,
		  "EUR" },
		{ "Disponibilidad para reubicarse: s\xc3\xad\nA\xc3\xb1os de "
		  "experiencia: 19\nPretensi\xc3\xb3n salarial: 150.000 EUR\n", 1,
		  19, "EUR" },
		{ "Willing to relocate: open to it\nYears of Experience: ten\n", 1,
		  -1, NULL },
		{ "Willing to relocate: not really\nYears of Experience: 1999\n",
		  0, -1, NULL },
		{ "Willing to relocate: within Germany\n"
		  "Years of Experience: 10-15\nSalary: THB 6,000,000 per year\n",
		  -1, 10, "THB" },
		{ "Relocation: N\nDesired Salary: 95/hour\nLocation: Toronto\n",
		  0, -1, "CAD" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = mk(NULL, "a@b.example", NULL, NULL, rows[i].text);
		struct candidate *c = cand_of(m);

		if (c->willing_to_relocate != rows[i].relocate ||
		    c->years_experience != rows[i].years)
			fail_msg("row %zu: relocate %d years %d", i,
			    c->willing_to_relocate, c->years_experience);
		if (rows[i].currency == NULL)
			assert_int_equal(c->salary_expectation.found, 0);
		else if (!c->salary_expectation.found ||
		    strcmp(c->salary_expectation.currency, rows[i].currency) != 0)
			fail_msg("row %zu: salary %d %s", i,
			    c->salary_expectation.found,
			    c->salary_expectation.currency);
		candidate_free(c);
		mfree(m);
	}
}

/* fields a candidate writes under job-order labels, and the signature */
static void
test_candidate_fallbacks(void **state)
{
	struct mail *m;
	struct candidate *c;

	(void)state;
	m = mk("Ana Ruiz", "ana@ruiz.example", NULL, NULL,
	    "Position: Head of Sales\nTitle: Sales Director\n"
	    "Company: Iberia Foods\nSalary: EUR 140k\n\n"
	    "Best,\nAna\n-- \nAna Ruiz\nlinkedin.com/in/ana-ruiz-example\n");
	c = cand_of(m);
	assert_str(c->desired_position, "Head of Sales", "desired_position");
	assert_str(c->current_title, "Sales Director", "current_title");
	assert_str(c->current_employer, "Iberia Foods", "current_employer");
	assert_true(c->salary_expectation.found &&
	    c->salary_expectation.min == 140000);
	assert_str(c->profile_url, "linkedin.com/in/ana-ruiz-example",
	    "profile_url");
	assert_null(strstr(c->found, "profile_url"));
	assert_int_equal(c->needs_review, 0);
	candidate_free(c);
	mfree(m);

	m = mk(NULL, "x@y.example", NULL, NULL,
	    "See https://www.linkedin.com/in/x-y-123/, thanks.\n");
	c = cand_of(m);
	assert_str(c->profile_url, "https://www.linkedin.com/in/x-y-123/",
	    "profile_url");
	candidate_free(c);
	mfree(m);
}

static void
test_candidate_needs_review(void **state)
{
	static const struct {
		const char *from_name;
		const char *from;
		const char *text;
		int resume;
		int review;
	} rows[] = {
		/* complete */
		{ "A B", "a@b.example", "Desired Position: CEO\n", 0, 0 },
		{ "A B", "a@b.example", "Current Title: CFO\n", 0, 0 },
		{ "A B", "a@b.example", "Hello\n", 1, 0 },
		/* name missing */
		{ NULL, "a@b.example", "Desired Position: CEO\n", 0, 1 },
		{ "a@b.example", "a@b.example", "Desired Position: CEO\n", 0, 1 },
		/* email missing */
		{ "A B", NULL, "Desired Position: CEO\n", 0, 1 },
		/* no position, no title, no résumé */
		{ "A B", "a@b.example", "Industry: IT\nLocation: Berlin\n", 0, 1 },
		/* fields fill in what the sender lacks */
		{ NULL, NULL, "Name: A B\nEmail: a@b.example\nCurrent Title: X\n",
		  0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = mk(rows[i].from_name, rows[i].from, NULL, NULL,
		    rows[i].text);
		struct candidate *c;

		if (rows[i].resume)
			add_part(m, "application/pdf", "cv.pdf", fake_pdf,
			    sizeof(fake_pdf) - 1, 1);
		c = cand_of(m);
		if (c->needs_review != rows[i].review)
			fail_msg("row %zu: needs_review %d", i, c->needs_review);
		candidate_free(c);
		mfree(m);
	}
}

static void
test_candidate_args(void **state)
{
	struct mail *m = mk(NULL, NULL, NULL, NULL, "");
	struct field_set fs;
	struct candidate *c;

	(void)state;
	fields_parse(m, NULL, &fs);
	assert_int_equal(extract_candidate(NULL, &fs, &cfg, NULL, &c), -1);
	assert_int_equal(extract_candidate(m, NULL, &cfg, NULL, &c), -1);
	assert_int_equal(extract_candidate(m, &fs, NULL, NULL, &c), 0);
	assert_null(c->name);
	assert_null(c->industries);
	assert_int_equal(c->n_resumes, 0);
	assert_int_equal(c->needs_review, 1);
	assert_string_equal(c->cover_letter, "");
	candidate_free(c);
	candidate_free(NULL);
	fields_free(&fs);
	mfree(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_job_full),
		cmocka_unit_test(test_job_german),
		cmocka_unit_test(test_job_webform),
		cmocka_unit_test(test_job_needs_review),
		cmocka_unit_test(test_job_places),
		cmocka_unit_test(test_job_values),
		cmocka_unit_test(test_job_us_date),
		cmocka_unit_test(test_job_salary_description),
		cmocka_unit_test(test_job_industry_list),
		cmocka_unit_test(test_candidate_full),
		cmocka_unit_test(test_candidate_webform),
		cmocka_unit_test(test_candidate_resumes),
		cmocka_unit_test(test_candidate_max_resumes),
		cmocka_unit_test(test_is_resume),
		cmocka_unit_test(test_candidate_places),
		cmocka_unit_test(test_candidate_values),
		cmocka_unit_test(test_candidate_fallbacks),
		cmocka_unit_test(test_candidate_needs_review),
		cmocka_unit_test(test_candidate_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fields.c — labelled fields: label variants in four languages,
 * web-form layouts, values on the next line, multi-line descriptions,
 * prose that must not become a field, limits, and the classifier scores. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fields.h"
#include "util.h"

#include "../support/build.h"

struct label_row {
	const char *label;
	enum field_key key;
};

/* every label variant the issue names, and a few more */
static const struct label_row labels[] = {
	{ "Position Title", FK_POSITION }, { "Job Title", FK_POSITION },
	{ "Position", FK_POSITION }, { "Stellenbezeichnung", FK_POSITION },
	{ "Intitul\xc3\xa9 du poste", FK_POSITION }, { "Puesto", FK_POSITION },
	{ "Poste \xc3\xa0 pourvoir", FK_POSITION }, { "Role", FK_POSITION },
	{ "Company", FK_COMPANY }, { "Firma", FK_COMPANY },
	{ "Unternehmen", FK_COMPANY }, { "Soci\xc3\xa9t\xc3\xa9", FK_COMPANY },
	{ "Empresa", FK_COMPANY }, { "Company Name", FK_COMPANY },
	{ "Entreprise", FK_COMPANY },
	{ "Salary", FK_SALARY }, { "Compensation", FK_SALARY },
	{ "Gehalt", FK_SALARY }, { "Jahresgehalt", FK_SALARY },
	{ "R\xc3\xa9mun\xc3\xa9ration", FK_SALARY }, { "Salaire", FK_SALARY },
	{ "Salario", FK_SALARY }, { "Salary Range", FK_SALARY },
	{ "Location", FK_LOCATION }, { "Standort", FK_LOCATION },
	{ "Arbeitsort", FK_LOCATION }, { "Lieu", FK_LOCATION },
	{ "Ubicaci\xc3\xb3n", FK_LOCATION }, { "Ciudad", FK_CITY },
	{ "City", FK_CITY }, { "Country", FK_COUNTRY }, { "Pa\xc3\xads", FK_COUNTRY },
	{ "First Name", FK_FIRST_NAME }, { "Vorname", FK_FIRST_NAME },
	{ "Pr\xc3\xa9nom", FK_FIRST_NAME }, { "Nombre", FK_FIRST_NAME },
	{ "Last Name", FK_LAST_NAME }, { "Nachname", FK_LAST_NAME },
	{ "Nom", FK_LAST_NAME }, { "Apellidos", FK_LAST_NAME },
	{ "Name", FK_NAME }, { "Full Name", FK_NAME },
	{ "Contact Name", FK_NAME }, { "Ansprechpartner", FK_NAME },
	{ "Phone", FK_PHONE }, { "Telefon", FK_PHONE },
	{ "T\xc3\xa9l\xc3\xa9phone", FK_PHONE }, { "Tel\xc3\xa9" "fono", FK_PHONE },
	{ "Tel.", FK_PHONE }, { "Mobile", FK_PHONE },
	{ "E-Mail", FK_EMAIL }, { "Email", FK_EMAIL }, { "Courriel", FK_EMAIL },
	{ "Correo electr\xc3\xb3nico", FK_EMAIL }, { "E-mail Address", FK_EMAIL },
	{ "Industry", FK_INDUSTRY }, { "Branche", FK_INDUSTRY },
	{ "Secteur", FK_INDUSTRY }, { "Sector", FK_INDUSTRY },
	{ "Industries", FK_INDUSTRY }, { "Sectores", FK_INDUSTRY },
	{ "Years of Experience", FK_YEARS_EXPERIENCE },
	{ "Berufserfahrung", FK_YEARS_EXPERIENCE },
	{ "Ann\xc3\xa9" "es d'exp\xc3\xa9rience", FK_YEARS_EXPERIENCE },
	{ "Ann\xc3\xa9" "es d\xe2\x80\x99" "exp\xc3\xa9rience", FK_YEARS_EXPERIENCE },
	{ "A\xc3\xb1os de experiencia", FK_YEARS_EXPERIENCE },
	{ "Experience (years)", FK_YEARS_EXPERIENCE },
	{ "Willing to relocate", FK_RELOCATE },
	{ "Willing to relocate?", FK_RELOCATE },
	{ "Umzugsbereitschaft", FK_RELOCATE }, { "Mobilit\xc3\xa9", FK_RELOCATE },
	{ "Disponibilidad para reubicarse", FK_RELOCATE },
	{ "LinkedIn", FK_PROFILE_URL }, { "LinkedIn Profile", FK_PROFILE_URL },
	{ "Xing", FK_PROFILE_URL }, { "Website", FK_PROFILE_URL },
	{ "Start Date", FK_START_DATE }, { "Eintrittsdatum", FK_START_DATE },
	{ "Date de d\xc3\xa9" "but", FK_START_DATE },
	{ "Fecha de inicio", FK_START_DATE }, { "Stellenantritt", FK_START_DATE },
	{ "Employment Type", FK_EMPLOYMENT_TYPE },
	{ "Anstellungsart", FK_EMPLOYMENT_TYPE },
	{ "Type de contrat", FK_EMPLOYMENT_TYPE },
	{ "Tipo de contrato", FK_EMPLOYMENT_TYPE },
	{ "Confidential", FK_CONFIDENTIAL }, { "Vertraulich", FK_CONFIDENTIAL },
	{ "Confidentiel", FK_CONFIDENTIAL }, { "Confidencial", FK_CONFIDENTIAL },
	{ "Confidential Search", FK_CONFIDENTIAL },
	{ "Description", FK_DESCRIPTION }, { "Job Description", FK_DESCRIPTION },
	{ "Stellenbeschreibung", FK_DESCRIPTION },
	{ "Description du poste", FK_DESCRIPTION },
	{ "Descripci\xc3\xb3n", FK_DESCRIPTION },
	{ "Requirements", FK_REQUIREMENTS }, { "Anforderungen", FK_REQUIREMENTS },
	{ "Profil recherch\xc3\xa9", FK_REQUIREMENTS },
	{ "Requisitos", FK_REQUIREMENTS },
	{ "Current Title", FK_CURRENT_TITLE },
	{ "Current Position", FK_CURRENT_TITLE },
	{ "Aktuelle Position", FK_CURRENT_TITLE },
	{ "Poste actuel", FK_CURRENT_TITLE }, { "Cargo actual", FK_CURRENT_TITLE },
	{ "Current Employer", FK_CURRENT_EMPLOYER },
	{ "Current Company", FK_CURRENT_EMPLOYER },
	{ "Aktueller Arbeitgeber", FK_CURRENT_EMPLOYER },
	{ "Employeur actuel", FK_CURRENT_EMPLOYER },
	{ "Empresa actual", FK_CURRENT_EMPLOYER },
	{ "Desired Position", FK_DESIRED_POSITION },
	{ "Wunschposition", FK_DESIRED_POSITION },
	{ "Poste recherch\xc3\xa9", FK_DESIRED_POSITION },
	{ "Puesto deseado", FK_DESIRED_POSITION },
	{ "Desired Salary", FK_DESIRED_SALARY },
	{ "Salary Expectation", FK_DESIRED_SALARY },
	{ "Gehaltsvorstellung", FK_DESIRED_SALARY },
	{ "Pr\xc3\xa9tentions salariales", FK_DESIRED_SALARY },
	{ "Pretensi\xc3\xb3n salarial", FK_DESIRED_SALARY },
	{ "Expectativa salarial", FK_DESIRED_SALARY },
	{ "Preferred Locations", FK_DESIRED_LOCATION },
	{ "Ubicaci\xc3\xb3n preferida", FK_DESIRED_LOCATION },
	{ "Title", FK_TITLE }, { "Your Title", FK_TITLE },
	{ "Your Position", FK_TITLE }, { "Funktion", FK_TITLE },
};

/* how a label may be written around the same words */
static const char *const shapes[] = {
	"%s: Value X\n",
	"%s : Value X\n",            /* the French space */
	"%s:Value X\n",
	"%s:   Value X   \n",
	"*%s*: Value X\n",
	"%s*: Value X\n",
	"%s (required): Value X\n",
	"  - %s: Value X\n",
	"\xe2\x80\xa2 %s: Value X\n",
	"%s\xef\xbc\x9a" "Value X\n",    /* full-width colon */
	"%s:\nValue X\n",
	"%s:\n\n  Value X\n",
	"%s\nValue X\n",
	"%s\n\nValue X\n",
	"%s\tValue X\n",
	"%s    Value X\n",
	"%s - Value X\n",
	"> %s: Value X\n",
	"%s: Value X\r\n",
	"Your %s: Value X\n",
	"Ihre %s: Value X\n",
};

static void
check_value(const char *text, enum field_key key, const char *want,
    int *bad)
{
	struct field_set fs;
	const char *got;

	fields_parse_text(text, strlen(text), NULL, &fs);
	got = fields_get(&fs, key);
	if ((want == NULL) != (got == NULL) ||
	    (want != NULL && strcmp(want, got) != 0)) {
		print_error("%s in [%s]: got [%s], want [%s]\n",
		    fields_key_name(key), text, got != NULL ? got : "NULL",
		    want != NULL ? want : "NULL");
		(*bad)++;
	}
	fields_free(&fs);
}

/* fill: shape with its "%s" replaced by label */
static void
fill(char *out, size_t outsz, const char *shape, const char *label)
{
	const char *m = strstr(shape, "%s");
	size_t a = (size_t)(m - shape), b = strlen(label), c = strlen(m + 2);

	assert_true(a + b + c < outsz);
	memcpy(out, shape, a);
	memcpy(out + a, label, b);
	memcpy(out + a + b, m + 2, c + 1);
}

static void
test_labels(void **state)
{
	size_t i, k;
	int bad = 0;
	char text[256], up[256];

	(void)state;
	for (i = 0; i < ARRAY_SIZE(labels); i++) {
		for (k = 0; k < ARRAY_SIZE(shapes); k++) {
			size_t j;
			/* "Your Title", "Your Position" are the writer's */
			if (k >= ARRAY_SIZE(shapes) - 2 &&
			    (labels[i].key == FK_TITLE ||
			    labels[i].key == FK_POSITION))
				continue;
			if (strchr(labels[i].label, '(') != NULL &&
			    strchr(shapes[k], '(') != NULL)
				continue;
			fill(text, sizeof(text), shapes[k], labels[i].label);
			check_value(text, labels[i].key, "Value X", &bad);
			/* any case */
			for (j = 0; text[j] != '\0'; j++)
				up[j] = (text[j] >= 'a' && text[j] <= 'z') ?
				    (char)(text[j] - 'a' + 'A') : text[j];
			up[j] = '\0';
			if (strstr(up, "VALUE X") != NULL) {
				struct field_set fs;

				fields_parse_text(up, strlen(up), NULL, &fs);
				if (fields_get(&fs, labels[i].key) == NULL) {
					print_error("upper case [%s]\n", up);
					bad++;
				}
				fields_free(&fs);
			}
		}
	}
	assert_int_equal(bad, 0);
}

struct text_row {
	const char *text;
	enum field_key key;
	const char *value;    /* NULL: the key must be absent */
};

static const struct text_row texts[] = {
	/* prose is no field */
	{ "I am interested in the position: CFO of your client.\n",
	  FK_POSITION, NULL },
	{ "Dear team, regarding the position: we spoke.\n", FK_POSITION, NULL },
	{ "The location of the new office is: Berlin\n", FK_LOCATION, NULL },
	{ "We offer a salary: competitive, and more.\n", FK_SALARY, NULL },
	{ "Please find my position below.\nThanks\n", FK_POSITION, NULL },
	{ "Hello, the company Acme: great place\n", FK_COMPANY, NULL },
	{ "Note: Position is open\n", FK_POSITION, NULL },
	{ "https://example.com/position: x\n", FK_POSITION, NULL },
	{ "Position of the company in the market: strong\n", FK_POSITION, NULL },
	/* a label mid-line is no label */
	{ "Hello Company: Acme\n", FK_COMPANY, NULL },
	/* a lone label needs an exact label and a short value line */
	{ "Salary\nCompetitive package\n", FK_SALARY, "Competitive package" },
	{ "Position please\nCFO\n", FK_POSITION, NULL },
	/* values that mean nothing */
	{ "Salary: -\n", FK_SALARY, NULL }, { "Salary: n/a\n", FK_SALARY, NULL },
	{ "Salary: N/A\n", FK_SALARY, NULL }, { "Salary:\n", FK_SALARY, NULL },
	{ "Salary:\nCompany: Acme\n", FK_SALARY, NULL },
	{ "Salary:\nCompany: Acme\n", FK_COMPANY, "Acme" },
	{ "Title: Mr.\n", FK_TITLE, NULL }, { "Title: Dr\n", FK_TITLE, NULL },
	{ "Title: HR Director\n", FK_TITLE, "HR Director" },
	/* the first value of a key wins */
	{ "Company: First\nCompany: Second\n", FK_COMPANY, "First" },
	/* whitespace inside a single-line value collapses */
	{ "Company:  Acme \t  GmbH  \n", FK_COMPANY, "Acme GmbH" },
	{ "Company: Acme\xc2\xa0GmbH\n", FK_COMPANY, "Acme\xc2\xa0GmbH" },
	/* a value that is itself "label: value" on the next line */
	{ "Phone\nEmail: a@b.example\n", FK_PHONE, NULL },
	{ "Phone\nEmail: a@b.example\n", FK_EMAIL, "a@b.example" },
	/* html_to_text of a table with ':' in the label cell */
	{ "Position Title:: CFO\n", FK_POSITION, "CFO" },
	/* profile: a URL, else requirements */
	{ "Profile: https://www.linkedin.com/in/jane\n", FK_PROFILE_URL,
	  "https://www.linkedin.com/in/jane" },
	{ "Profile: 10 years in finance\nCompany: X\n", FK_REQUIREMENTS,
	  "10 years in finance" },
	{ "Ihr Profil:\nStudium der BWL\nFirma: X\n", FK_REQUIREMENTS,
	  "Studium der BWL" },
	{ "Profil\nwww.xing.com/profile/Jane_Doe\n", FK_PROFILE_URL,
	  "www.xing.com/profile/Jane_Doe" },
	/* qualifiers before a ':' */
	{ "Contact Phone: +1 555 0100\n", FK_PHONE, "+1 555 0100" },
	{ "Work Email: x@y.example\n", FK_EMAIL, "x@y.example" },
	{ "Candidate First Name: Ann\n", FK_FIRST_NAME, "Ann" },
	{ "Work Phone\n+1 555 0100\n", FK_PHONE, NULL },
	/* numbered form rows */
	{ "1. Position: CFO\n", FK_POSITION, "CFO" },
	/* quoted reply */
	{ "> > Company: Quoted AG\n", FK_COMPANY, "Quoted AG" },
	{ "Company: New\n> Company: Old\n", FK_COMPANY, "New" },
	/* signature fields count */
	{ "Hi\n-- \nJane Doe\nPhone: +49 89 1\n", FK_PHONE, "+49 89 1" },
	/* "Your Position" is the writer's title, "Position" the job */
	{ "Your Position: HR Director\nPosition: CFO\n", FK_TITLE,
	  "HR Director" },
	{ "Your Position: HR Director\nPosition: CFO\n", FK_POSITION, "CFO" },
	{ "Your Job Title: HR Director\n", FK_TITLE, "HR Director" },
	{ "Ihre Position: Personalleiterin\n", FK_TITLE, "Personalleiterin" },
	{ "Your Position Title: CFO\n", FK_POSITION, "CFO" },
	{ "Ihre Aufgaben:\nLead the team\nOrt: Berlin\n", FK_DESCRIPTION,
	  "Lead the team" },
	/* a value that is also a known, unrecorded label */
	{ "Industry\nEducation\n", FK_INDUSTRY, "Education" },
	{ "Industry:\nEducation\nCompany: X\n", FK_INDUSTRY, "Education" },
	/* web form: <br> lines */
	{ "Position Title:\nCFO\nCompany:\nAcme\n", FK_COMPANY, "Acme" },
	{ "Position Title:\nCFO\nCompany:\nAcme\n", FK_POSITION, "CFO" },
};

static void
test_texts(void **state)
{
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(texts); i++)
		check_value(texts[i].text, texts[i].key, texts[i].value, &bad);
	assert_int_equal(bad, 0);
}

struct block_row {
	const char *text;
	const char *description;
	const char *requirements;
};

static const struct block_row blocks[] = {
	/* runs to the next label; blank runs become one; trailing spaces go */
	{ "Description:\nLine one   \nline two\n\n\n\nline three\nSalary: 1\n",
	  "Line one\nline two\n\nline three", NULL },
	/* starts on the label line */
	{ "Description: first\nsecond\nCompany: X\n", "first\nsecond", NULL },
	/* label alone, value below, bullets are content */
	{ "Job Description\n\n- Location: not a label here\n* Salary: nor this\n"
	  "\nRequirements\n- 10 years\n- German\n\nIndustry: IT\n",
	  "- Location: not a label here\n* Salary: nor this",
	  "- 10 years\n- German" },
	/* ends at the signature */
	{ "Description:\nText\n-- \nJane\n", "Text", NULL },
	{ "Description:\nText\n--\nJane\n", "Text", NULL },
	/* ends at a closing */
	{ "Description:\nText\n\nBest regards,\nJane\n", "Text", NULL },
	{ "Beschreibung:\nText\n\nMit freundlichen Gr\xc3\xbc\xc3\x9f" "en\nJ\n",
	  "Text", NULL },
	{ "Descripci\xc3\xb3n:\nTexto\nSaludos cordiales\n", "Texto", NULL },
	/* ends at a quoted reply or forward */
	{ "Description:\nText\nOn Mon, 1 Jan 2027, Jane wrote:\n> old\n",
	  "Text", NULL },
	{ "Description:\nText\n-----Original Message-----\nFrom: x\n", "Text",
	  NULL },
	{ "Description:\nText\n________________________________\nFrom: x\n",
	  "Text", NULL },
	/* ends at a known label that is not recorded */
	{ "Description:\nText\nMessage: hello\n", "Text", NULL },
	/* ends at the end */
	{ "Requirements:\n  indented\n  last", NULL, "indented\n  last" },
	/* CRLF */
	{ "Description:\r\nOne\r\nTwo\r\n\r\nCompany: X\r\n", "One\nTwo", NULL },
	/* a heading of the same kind stays inside; "Education" is content */
	{ "Job Description:\nAbout us.\n\nResponsibilities\n- lead\n"
	  "Key Responsibilities: all\nEducation\nMBA\nRequirements:\nR\n",
	  "About us.\n\nResponsibilities\n- lead\nKey Responsibilities: all\n"
	  "Education\nMBA", "R" },
	/* empty */
	{ "Description:\n\nCompany: X\n", NULL, NULL },
};

static void
test_blocks(void **state)
{
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(blocks); i++) {
		check_value(blocks[i].text, FK_DESCRIPTION, blocks[i].description,
		    &bad);
		check_value(blocks[i].text, FK_REQUIREMENTS,
		    blocks[i].requirements, &bad);
	}
	assert_int_equal(bad, 0);
}

/* a whole web-form mail as html_to_text gives it */
static void
test_webform(void **state)
{
	static const char text[] =
	    "Executive Position Job Order\n\n"
	    "First Name: Daniel\nLast Name: Okoye\nTitle: Director of Talent\n"
	    "Company: Maplewave Telecom Inc.\nEmail: daniel@maplewave.example\n"
	    "Phone: +1 416 555 0199\nPosition Title: Chief Technology Officer\n"
	    "Industry: Telecommunications\nLocation: Toronto, Canada\n"
	    "Employment Type: Full-time\nSalary: CAD 300,000 - 350,000\n"
	    "Start Date: 2027-01-11\nConfidential Search: No\n"
	    "Description: Lead network strategy.\n";
	static const struct {
		enum field_key key;
		const char *value;
	} want[] = {
		{ FK_FIRST_NAME, "Daniel" }, { FK_LAST_NAME, "Okoye" },
		{ FK_TITLE, "Director of Talent" },
		{ FK_COMPANY, "Maplewave Telecom Inc." },
		{ FK_EMAIL, "daniel@maplewave.example" },
		{ FK_PHONE, "+1 416 555 0199" },
		{ FK_POSITION, "Chief Technology Officer" },
		{ FK_INDUSTRY, "Telecommunications" },
		{ FK_LOCATION, "Toronto, Canada" },
		{ FK_EMPLOYMENT_TYPE, "Full-time" },
		{ FK_SALARY, "CAD 300,000 - 350,000" },
		{ FK_START_DATE, "2027-01-11" }, { FK_CONFIDENTIAL, "No" },
		{ FK_DESCRIPTION, "Lead network strategy." },
	};
	struct field_set fs;
	size_t i;

	(void)state;
	fields_parse_text(text, strlen(text), NULL, &fs);
	assert_int_equal(fs.n, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(fs.v[i].key, want[i].key);
		assert_string_equal(fs.v[i].value, want[i].value);
	}
	assert_string_equal(fs.v[0].label, "First Name");
	assert_int_equal(fields_job_score(&fs), 7);
	assert_int_equal(fields_candidate_score(&fs), 1);
	fields_free(&fs);
	assert_int_equal(fs.n, 0);
	assert_null(fs.v);
}

struct score_row {
	const char *text;
	int job, cand;
};

static const struct score_row scores[] = {
	{ "Position: CFO\nCompany: Acme\nSalary: 200k\n", 3, 0 },
	{ "Position: CFO\nCompany: Acme\nSalary: 200k\nEmployment Type: perm\n"
	  "Start Date: ASAP\nConfidential: yes\nDescription: x\n"
	  "Requirements: y\n", 8, 0 },
	{ "Desired Position: CFO\nCurrent Title: VP\nCurrent Employer: X\n"
	  "Years of Experience: 10\nWilling to relocate: yes\n"
	  "LinkedIn: https://linkedin.com/in/x\nDesired Salary: 200k\n"
	  "Preferred Location: Paris\nFirst Name: A\nLast Name: B\n", 0, 9 },
	/* the name pair counts once, and alone it does not decide */
	{ "First Name: A\nLast Name: B\nEmail: a@b.example\n", 0, 1 },
	/* neutral keys count for neither */
	{ "Name: A\nEmail: a@b.example\nPhone: 1\nTitle: X\nIndustry: IT\n"
	  "Location: Berlin\nCountry: DE\n", 0, 0 },
	/* a key counts once however often it appears */
	{ "Company: A\nCompany: B\nCompany: C\n", 1, 0 },
	{ "", 0, 0 },
};

static void
test_scores(void **state)
{
	struct field_set fs;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scores); i++) {
		fields_parse_text(scores[i].text, strlen(scores[i].text), NULL,
		    &fs);
		if (fields_job_score(&fs) != scores[i].job ||
		    fields_candidate_score(&fs) != scores[i].cand)
			fail_msg("row %zu: job %d cand %d, want %d %d", i,
			    fields_job_score(&fs), fields_candidate_score(&fs),
			    scores[i].job, scores[i].cand);
		fields_free(&fs);
	}
}

static void
test_limits(void **state)
{
	struct limits lim;
	struct field_set fs;
	struct buf b;
	size_t i;
	char *p;

	(void)state;
	limit_defaults(&lim);
	lim.max_field_value = 10;
	/* a value is cut at the ceiling, never inside a character */
	p = xstrdup("Company: 123456789\xc3\xa4xyz\n");
	fields_parse_text(p, strlen(p), &lim, &fs);
	assert_string_equal(fields_get(&fs, FK_COMPANY), "123456789");
	fields_free(&fs);
	free(p);
	p = xstrdup("Description:\n12345\n67890\nabcdef\nCompany: X\n");
	fields_parse_text(p, strlen(p), &lim, &fs);
	assert_true(strlen(fields_get(&fs, FK_DESCRIPTION)) <= 10);
	assert_string_equal(fields_get(&fs, FK_DESCRIPTION), "12345\n6789");
	assert_string_equal(fields_get(&fs, FK_COMPANY), "X");
	fields_free(&fs);
	free(p);

	/* at most FIELDS_MAX fields */
	buf_init(&b, 0);
	for (i = 0; i < FIELDS_MAX + 50; i++)
		buf_appendf(&b, "Company: %zu\n", i);
	fields_parse_text(b.data, b.len, NULL, &fs);
	assert_int_equal(fs.n, FIELDS_MAX);
	fields_free(&fs);
	buf_free(&b);

	/* (text, n): nothing past n is read, no NUL needed */
	p = xmalloc(12);
	memcpy(p, "Company: Acm", 12);
	fields_parse_text(p, 12, NULL, &fs);
	assert_string_equal(fields_get(&fs, FK_COMPANY), "Acm");
	fields_free(&fs);
	fields_parse_text(p, 9, NULL, &fs);
	assert_null(fields_get(&fs, FK_COMPANY));
	fields_free(&fs);
	free(p);

	/* NUL, controls and broken UTF-8 in a value are cleaned */
	fields_parse_text("Company: A\0B\x01" "C\xff\n", 15, NULL, &fs);
	assert_string_equal(fields_get(&fs, FK_COMPANY), "ABC\xef\xbf\xbd");
	fields_free(&fs);
	fields_parse_text(NULL, 5, NULL, &fs);
	assert_int_equal(fs.n, 0);
	assert_null(fields_get(NULL, FK_COMPANY));
}

/* 4 MB bodies of the kinds that make naive parsers quadratic: here the
 * result stays bounded and clean; the time each takes against plain text
 * of the same size is measured by contrib/bench/hostile */
static void
test_pathological(void **state)
{
	size_t n = 4u * 1024 * 1024, i, k;
	struct field_set fs;
	char *p;

	(void)state;
	for (k = 0; k < BUILD_N_FIELD_UNITS; k++) {
		p = build_cycle(build_field_units[k], n);
		assert_int_equal(fields_parse_text(p, n, NULL, &fs), 0);
		if (fs.n > FIELDS_MAX)
			fail_msg("unit %zu: %zu fields", k, fs.n);
		for (i = 0; i < fs.n; i++) {
			const char *v = fs.v[i].value;

			if (v == NULL || fs.v[i].label == NULL ||
			    strlen(v) > LIMIT_FIELD_VALUE ||
			    !utf8_valid(v, strlen(v)) ||
			    fs.v[i].key <= FK_NONE || fs.v[i].key >= FK__COUNT)
				fail_msg("unit %zu: field %zu out of bounds",
				    k, i);
		}
		fields_free(&fs);
		free(p);
	}
}

static void
test_mail(void **state)
{
	struct mail m;
	struct field_set fs;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(fields_parse(&m, NULL, &fs), 0);
	assert_int_equal(fs.n, 0);
	m.text = (char *)"Firma: Acme AG\nStelle: CFO\n";
	assert_int_equal(fields_parse(&m, NULL, &fs), 0);
	assert_string_equal(fields_get(&fs, FK_COMPANY), "Acme AG");
	assert_string_equal(fields_get(&fs, FK_POSITION), "CFO");
	assert_string_equal(fs.v[0].label, "Firma");
	fields_free(&fs);
}

static void
test_fold(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} rows[] = {
		{ "ABC def", "abc def" },
		{ "  Gr\xc3\xb6\xc3\x9f" "e\t\n Stra\xc3\x9f" "e  ", "grosse strasse" },
		{ "\xc3\x89" "t\xc3\xa9 \xc3\xa0 l'\xc3\xae" "le", "ete a l'ile" },
		{ "Espa\xc3\xb1" "a", "espana" },
		{ "\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz" },
		{ "\xc5\x92" "uvre \xc3\x86sop", "oeuvre aesop" },
		{ "d\xe2\x80\x99" "exp\xc3\xa9rience", "d'experience" },
		{ "a\xe2\x80\x93" "b\xe2\x80\x94" "c", "a-b-c" },
		{ "a\xc2\xa0" "b\xe2\x80\xaf" "c", "a b c" },
		{ "x\xef\xbc\x9a" "y", "x:y" },
		{ "bad\xff" "byte", "bad?byte" },
		{ "\xe2\x80\xa2 bullet", "\xe2\x80\xa2 bullet" },
		{ "\xe6\x9d\xb1\xe4\xba\xac", "\xe6\x9d\xb1\xe4\xba\xac" },
		{ "zero\xe2\x80\x8bwidth", "zerowidth" },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		fields_fold(rows[i].in, strlen(rows[i].in), out, sizeof(out));
		if (strcmp(out, rows[i].out) != 0)
			fail_msg("fold \"%s\": \"%s\"", rows[i].in, out);
	}
	/* never more than outsz - 1 bytes, never half a character */
	assert_int_equal(fields_fold("\xc3\xa9\xc3\xa9\xe6\x9d\xb1", 7, out, 4),
	    2);
	assert_string_equal(out, "ee");
	assert_int_equal(fields_fold("abc", 3, out, 0), 0);
	assert_int_equal(fields_fold("abc", 3, out, 1), 0);
	assert_string_equal(out, "");
}

static void
test_key_names(void **state)
{
	(void)state;
	assert_string_equal(fields_key_name(FK_POSITION), "position");
	assert_string_equal(fields_key_name(FK_DESIRED_SALARY), "desired_salary");
	assert_string_equal(fields_key_name(FK_NONE), "none");
	assert_string_equal(fields_key_name(FK__COUNT), "none");
	assert_string_equal(fields_key_name((enum field_key)-1), "none");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_webform),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_mail),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_key_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

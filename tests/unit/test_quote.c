/* test_quote.c — fresh and quoted text (quote.h): '>' runs and the lone
 * "> 5 years" value, reply attributions in six languages (also wrapped
 * over two lines), Outlook rules and rule-less header blocks, forwards
 * with and without a short note, bottom-posting, nested quotes; the data
 * file's loader; and fields_parse_quoted: fresh values win, quoted ones
 * only fill what is left. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fields.h"
#include "mail.h"
#include "quote.h"
#include "util.h"

static struct quote_headers *qh;

/*
 * A case: the text and one letter a line: F fresh, Q quoted; f and q
 * the same inside a forwarded mail; and the forward outcome.
 */
struct qcase {
	const char *name;
	const char *text;
	const char *lines;
	enum quote_forward forward;
};

static const struct qcase cases[] = {
	/* ---- '>' lines ---- */
	{ "gt-run-bottom", "Salary: 140k\n\n> Salary: 120k\n> Location: Zurich\n",
	  "FFQQ", QUOTE_FWD_NONE },
	{ "gt-run-top", "> Salary: 120k\n> Location: Zurich\n\nIt is 140k now.\n",
	  "QQFF", QUOTE_FWD_NONE },
	{ "gt-nested", "Yes.\n\n>> Old: 1\n> Newer: 2\n>> > Oldest: 3\n",
	  "FFQQQ", QUOTE_FWD_NONE },
	{ "gt-spaces", "Ok\n\n  > indented quote\n  > line two\n", "FFQQ",
	  QUOTE_FWD_NONE },
	{ "gt-lone-value", "Years of experience:\n> 5 years\nLocation: Basel\n",
	  "FFF", QUOTE_FWD_NONE },
	{ "gt-lone-apart", "Thanks.\n\n> Salary: 120k\n\nSalary: 140k\n",
	  "FFQFF", QUOTE_FWD_NONE },
	{ "gt-lone-at-end", "Thanks, see the line below\n> Salary: 120k\n",
	  "FQ", QUOTE_FWD_NONE },
	{ "interleaved", "> Position?\nCFO\n\n> Location?\nBasel\n",
	  "QFFQF", QUOTE_FWD_NONE },

	/* ---- attributions followed by '>' (bottom and top) ---- */
	{ "reply-en", "Sorry, 140k.\n\nOn Mon, 7 Dec 2026 at 09:12, Anna Keller "
	  "<anna@example.ch> wrote:\n> Salary: 120k\n", "FFQQ", QUOTE_FWD_NONE },
	{ "reply-en-wrapped", "Sorry, 140k.\n\nOn Mon, 7 Dec 2026 at 09:12, Anna "
	  "Keller <\nanna@example.ch> wrote:\n\n> Salary: 120k\n",
	  "FFQQQQ", QUOTE_FWD_NONE },
	{ "reply-en-bottom", "On Mon, 7 Dec 2026 at 09:12, Anna <a@x.ch> wrote:\n"
	  "> Salary: 120k\n\nSalary is 140k in fact.\n", "QQFF",
	  QUOTE_FWD_NONE },
	{ "reply-de", "Korrektur: Basel.\n\nAm 07.12.2026 um 09:12 schrieb Hans "
	  "M\xc3\xbcller <hm@beispiel.de>:\n> Standort: Z\xc3\xbcrich\n",
	  "FFQQ", QUOTE_FWD_NONE },
	{ "reply-de-wrapped", "Korrektur: Basel.\n\nAm Mo., 7. Dez. 2026 um 09:12 "
	  "Uhr schrieb Hans M\xc3\xbcller\n<hm@beispiel.de>:\n> Standort: "
	  "Z\xc3\xbcrich\n", "FFQQQ", QUOTE_FWD_NONE },
	{ "reply-fr", "Correction : Lyon.\n\nLe lun. 7 d\xc3\xa9" "c. 2026 \xc3\xa0 "
	  "09:12, Marie Dubois <md@exemple.fr> a \xc3\xa9" "crit :\n> Lieu : "
	  "Paris\n", "FFQQ", QUOTE_FWD_NONE },
	{ "reply-fr-nbsp", "Ok.\n\nLe 7 d\xc3\xa9" "c. 2026 \xc3\xa0 09:12, Marie "
	  "a \xc3\xa9" "crit\xe2\x80\xaf:\n> Lieu : Paris\n", "FFQQ",
	  QUOTE_FWD_NONE },
	{ "reply-es", "Correcci\xc3\xb3n: Sevilla.\n\nEl lun, 7 dic 2026 a las "
	  "9:12, Carmen Ruiz (<cr@ejemplo.es>) escribi\xc3\xb3:\n> Ubicaci\xc3\xb3n: "
	  "Madrid\n", "FFQQ", QUOTE_FWD_NONE },
	{ "reply-it", "Correzione: Torino.\n\nIl giorno lun 7 dic 2026 alle ore "
	  "09:12 Luca Bianchi <lb@esempio.it> ha scritto:\n> Sede: Milano\n",
	  "FFQQ", QUOTE_FWD_NONE },
	{ "reply-nl", "Correctie: Utrecht.\n\nOp ma 7 dec. 2026 om 09:12 schreef "
	  "Jan de Vries <jan@voorbeeld.nl>:\n> Locatie: Amsterdam\n", "FFQQ",
	  QUOTE_FWD_NONE },
	{ "reply-unmarked", "Sorry, 140k.\n\nOn Mon, 7 Dec 2026 at 09:12, Anna "
	  "<a@x.ch> wrote:\n\nSalary: 120k\nLocation: Zurich\n", "FFQQQQ",
	  QUOTE_FWD_NONE },
	{ "prose-wrote-no-digit", "On Monday I wrote:\nSalary: 140k\n", "FF",
	  QUOTE_FWD_NONE },
	{ "prose-on-wrapped-no-at", "On the phone we agreed on the\nrole: CFO\n",
	  "FF", QUOTE_FWD_NONE },

	/* ---- Outlook rules and header blocks ---- */
	{ "rule-en", "New salary 140k.\n\n-----Original Message-----\nFrom: A\n"
	  "Salary: 120k\n", "FFQQQ", QUOTE_FWD_NONE },
	{ "rule-de", "Neu: 140k.\n-----Urspr\xc3\xbcngliche Nachricht-----\nVon: A\n"
	  "Gehalt: 120k\n", "FQQQ", QUOTE_FWD_NONE },
	{ "rule-fr", "Ok.\n-----Message d'origine-----\nSalaire : 90k\n", "FQQ",
	  QUOTE_FWD_NONE },
	{ "rule-es", "Ok.\n-----Mensaje original-----\nSalario: 90k\n", "FQQ",
	  QUOTE_FWD_NONE },
	{ "rule-it", "Ok.\n-----Messaggio originale-----\nStipendio: 90k\n", "FQQ",
	  QUOTE_FWD_NONE },
	{ "rule-nl", "Ok.\n-----Oorspronkelijk bericht-----\nSalaris: 90k\n", "FQQ",
	  QUOTE_FWD_NONE },
	{ "block-en", "Salary: 140k\n\nFrom: Anna <a@x.ch>\nSent: Monday, December "
	  "7, 2026 9:12 AM\nTo: Jobs <jobs@rma.example>\nSubject: CFO\n\nSalary: "
	  "120k\n", "FFQQQQQQ", QUOTE_FWD_NONE },
	{ "block-en-bold", "Ok\n________________________________\n*From:* Anna\n"
	  "*Sent:* Monday\n*To:* Jobs\n*Subject:* CFO\n", "FFQQQQ",
	  QUOTE_FWD_NONE },
	{ "block-de", "Gehalt: 140k\n\nVon: Anna\nGesendet: Montag, 7. Dezember "
	  "2026 09:12\nAn: Jobs\nBetreff: CFO\n", "FFQQQQ", QUOTE_FWD_NONE },
	{ "block-fr", "Ok\nDe : Marie\nEnvoy\xc3\xa9 : lundi 7 d\xc3\xa9" "cembre "
	  "2026 09:12\n\xc3\x80 : Jobs\nObjet : DAF\n", "FQQQQ", QUOTE_FWD_NONE },
	{ "block-es", "Ok\nDe: Carmen\nEnviado: lunes\nPara: Jobs\nAsunto: CFO\n",
	  "FQQQQ", QUOTE_FWD_NONE },
	{ "block-it", "Ok\nDa: Luca\nInviato: luned\xc3\xac\nA: Jobs\nOggetto: "
	  "CFO\n", "FQQQQ", QUOTE_FWD_NONE },
	{ "block-nl", "Ok\nVan: Jan\nVerzonden: maandag\nAan: Jobs\nOnderwerp: "
	  "CFO\n", "FQQQQ", QUOTE_FWD_NONE },
	{ "from-alone-is-fresh", "From: Zurich originally\nSalary: 140k\n", "FF",
	  QUOTE_FWD_NONE },

	/* ---- forwards ---- */
	{ "fwd-en-note", "FYI, see below.\nTom\n\n---------- Forwarded message "
	  "---------\nFrom: Client <c@client.ch>\nDate: Mon, 7 Dec 2026\n"
	  "Subject: CFO\nTo: Tom <tom@partner.ch>\n\nPosition: CFO\n",
	  "FFFqqqqqqf", QUOTE_FWD_FRESH },
	{ "fwd-en-none", "---------- Forwarded message ---------\nFrom: Client "
	  "<c@client.ch>\n\nPosition: CFO\n", "qqqf", QUOTE_FWD_FRESH },
	{ "fwd-en-apple", "Begin forwarded message:\n\nFrom: Client\nSubject: CFO"
	  "\n\nPosition: CFO\n", "qqqqqf", QUOTE_FWD_FRESH },
	{ "fwd-de-note", "Hallo Anna,\nsiehe unten, ein neuer Auftrag.\nGruss\n"
	  "Tom\n-- \nTom Weber\nPartner\n-------- Weitergeleitete Nachricht "
	  "--------\nBetreff: CFO\nDatum: Mon, 7 Dec 2026\nVon: Kunde\nAn: Tom\n"
	  "\nPosition: CFO\n", "FFFFFFFqqqqqqf", QUOTE_FWD_FRESH },
	{ "fwd-fr", "Pour info.\n\n-------- Message transf\xc3\xa9r\xc3\xa9 --------"
	  "\nSujet : DAF\nPoste : DAF\n", "FFqqf", QUOTE_FWD_FRESH },
	{ "fwd-es", "Te reenv\xc3\xado esto.\n---------- Mensaje reenviado "
	  "---------\nDe: Cliente\nPuesto: CFO\n", "Fqqf", QUOTE_FWD_FRESH },
	{ "fwd-it", "Per tua informazione.\n---------- Messaggio inoltrato "
	  "---------\nDa: Cliente\nPosizione: CFO\n", "Fqqf", QUOTE_FWD_FRESH },
	{ "fwd-nl", "Ter info.\n---------- Doorgestuurd bericht ---------\nVan: "
	  "Klant\nFunctie: CFO\n", "Fqqf", QUOTE_FWD_FRESH },
	{ "fwd-own-message", "Dear Anna,\nI would like to apply for this role.\n"
	  "Current title: CFO\nCurrent employer: Alpenbau\nYears: 18\n"
	  "Location: Munich\n---------- Forwarded message ---------\n"
	  "Position: Group CFO\n", "FFFFFFqq", QUOTE_FWD_QUOTED },
	{ "fwd-with-older-reply", "FYI\n---------- Forwarded message ---------\n"
	  "Position: CFO\n\nOn Sun, 6 Dec 2026 at 10:00, Bob <b@x.ch> wrote:\n"
	  "Position: CEO\n", "Fqffqq", QUOTE_FWD_FRESH },
};

static void
expect_lines(const struct qcase *c, const struct quote_split *qs)
{
	char got[128];
	size_t i, k, g = 0, covered = 0;

	for (i = 0; i < qs->n; i++) {
		const struct quote_span *sp = &qs->v[i];

		assert_int_equal(sp->start, covered);
		covered += sp->len;
		for (k = sp->start; k < sp->start + sp->len; k++)
			if (c->text[k] == '\n' && g + 1 < sizeof(got))
				got[g++] = sp->forwarded ?
				    (sp->quoted ? 'q' : 'f') :
				    (sp->quoted ? 'Q' : 'F');
	}
	got[g] = '\0';
	assert_int_equal(covered, strlen(c->text));
	if (strcmp(got, c->lines) != 0 || qs->forward != c->forward) {
		fprintf(stderr, "%s: lines %s, want %s; forward %d, want %d\n",
		    c->name, got, c->lines, qs->forward, c->forward);
		fail();
	}
}

static void
test_cases(void **state)
{
	struct quote_split qs;
	size_t i;

	(void)state;
	assert_true(ARRAY_SIZE(cases) >= 30);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		quote_split(qh, cases[i].text, strlen(cases[i].text), &qs);
		expect_lines(&cases[i], &qs);
		quote_split_free(&qs);
	}
}

/* CRLF line ends split the same; no table: '>' lines only */
static void
test_crlf_and_no_table(void **state)
{
	static const char crlf[] = "Sorry, 140k.\r\n\r\n-----Original Message"
	    "-----\r\nSalary: 120k\r\n";
	static const char gt[] = "New\n-----Original Message-----\n> old\n";
	struct quote_split qs;

	(void)state;
	quote_split(qh, crlf, strlen(crlf), &qs);
	assert_int_equal(qs.n, 2);
	assert_int_equal(qs.v[0].quoted, 0);
	assert_int_equal(qs.v[1].quoted, 1);
	assert_int_equal(qs.v[1].start, strlen("Sorry, 140k.\r\n\r\n"));
	quote_split_free(&qs);
	quote_split(NULL, gt, strlen(gt), &qs);
	assert_int_equal(qs.n, 2);
	assert_int_equal(qs.v[0].len, strlen("New\n-----Original Message-----\n"));
	assert_int_equal(qs.v[1].quoted, 1);
	quote_split_free(&qs);
	quote_split(qh, "", 0, &qs);
	assert_int_equal(qs.n, 0);
	quote_split_free(&qs);
	quote_split(qh, NULL, 5, &qs);
	assert_int_equal(qs.n, 0);
	quote_split_free(&qs);
}

/* no trailing newline, and (s, n) is not read past n */
static void
test_bounds(void **state)
{
	static const char t[] = "Ok\n> old\n> older";
	char *p = xmalloc(16);
	struct quote_split qs;

	(void)state;
	quote_split(qh, t, strlen(t), &qs);
	assert_int_equal(qs.n, 2);
	assert_int_equal(qs.v[1].start + qs.v[1].len, strlen(t));
	quote_split_free(&qs);
	memcpy(p, "Ok\n> a\n> b", 10);   /* no NUL: ASan would see a read */
	quote_split(qh, p, 10, &qs);
	assert_int_equal(qs.n, 2);
	quote_split_free(&qs);
	free(p);
}

/* more spans than QUOTE_SPANS_MAX: the last one holds the rest, quoted
 * (fresh lines past the cap join it) */
static void
test_span_cap(void **state)
{
	struct buf b;
	struct quote_split qs;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < QUOTE_SPANS_MAX * 2; i++)
		buf_append(&b, "> q\nfresh\n\n", 11);
	quote_split(qh, b.data, b.len, &qs);
	assert_true(qs.n >= QUOTE_SPANS_MAX - 1 && qs.n <= QUOTE_SPANS_MAX);
	assert_int_equal(qs.v[qs.n - 1].quoted, 1);
	assert_int_equal(qs.v[qs.n - 2].quoted, 0);
	assert_int_equal(qs.v[qs.n - 1].start + qs.v[qs.n - 1].len, b.len);
	quote_split_free(&qs);
	buf_free(&b);
}

static char *
write_tmp(const char *text)
{
	char *path = xstrdup("/tmp/test_quote_XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_load_errors(void **state)
{
	static const struct { const char *text, *error; } rows[] = {
		{ "# only a comment\n", "no reply, rule or forward pattern" },
		{ "reply en on * wrote:\nquote en x\n", ":2: unknown kind" },
		{ "reply english on * wrote:\n", ":1: the language is no" },
		{ "reply en\n", ":1: no pattern" },
		{ "rule en ***\n", ":1: an empty pattern" },
		{ "rule en a\tb\n", ":1: a control character" },
	};
	const char *err = NULL;
	struct quote_headers *t;
	size_t i;
	char *path;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		path = write_tmp(rows[i].text);
		t = quote_headers_load(path, &err);
		assert_null(t);
		if (strstr(err, rows[i].error) == NULL) {
			fprintf(stderr, "row %zu: %s\n", i, err);
			fail();
		}
		unlink(path);
		free(path);
	}
	assert_null(quote_headers_load("/nonexistent/quote-headers", &err));
	assert_non_null(strstr(err, "/nonexistent/quote-headers"));
	assert_null(quote_headers_load(NULL, &err));
	path = write_tmp("  # a firm's own\nreply de  Am * schrieb *:  \n"
	    "note de Siehe unten\n");
	t = quote_headers_load(path, &err);
	assert_non_null(t);
	assert_int_equal(quote_headers_count(t), 2);
	quote_headers_free(t);
	unlink(path);
	free(path);
	assert_true(quote_headers_count(qh) > 60);
}

/* ---- fields_parse_quoted ---- */

static void
parse(const char *text, struct field_set *fs)
{
	struct mail m;

	memset(&m, 0, sizeof(m));
	m.text = (char *)text;
	assert_int_equal(fields_parse_quoted(&m, NULL, qh, fs), 0);
}

static void
test_fresh_wins(void **state)
{
	struct field_set fs;

	(void)state;
	/* a corrected form above the quoted original (top-posting) */
	parse("Salary: 140k\nLocation: Basel\n\nOn Mon, 7 Dec 2026 at 09:12, "
	    "Anna <a@x.ch> wrote:\n> Position: CFO\n> Salary: 120k\n"
	    "> Location: Zurich\n", &fs);
	assert_string_equal(fields_get(&fs, FK_SALARY), "140k");
	assert_string_equal(fields_get(&fs, FK_LOCATION), "Basel");
	assert_string_equal(fields_get(&fs, FK_POSITION), "CFO");
	assert_int_equal(fs.v[0].quoted, 0);
	assert_int_equal(fs.v[fs.n - 1].quoted, 1);
	assert_int_equal(fields_quoted_used(&fs), 0);
	assert_int_equal(fields_superseded(&fs, 0), 0);
	assert_int_equal(fields_superseded(&fs, fs.n - 1), 1); /* Location */
	assert_int_equal(fields_superseded(&fs, fs.n - 3), 0); /* Position */
	fields_free(&fs);

	/* a correction in prose: the quoted values fill, and ask review */
	parse("Sorry, the salary is 140k not 120k, and the location is Basel."
	    "\n\nOn Mon, 7 Dec 2026 at 09:12, Anna <a@x.ch> wrote:\n> Salary: "
	    "120k\n> Location: Zurich\n", &fs);
	assert_string_equal(fields_get(&fs, FK_SALARY), "120k");
	assert_int_equal(fields_quoted_used(&fs), 1);
	fields_free(&fs);

	/* under the quote (bottom-posting) */
	parse("> Gehalt: 120k\n> Standort: Z\xc3\xbcrich\n\nGehalt: 140k\n", &fs);
	assert_string_equal(fields_get(&fs, FK_SALARY), "140k");
	assert_string_equal(fields_get(&fs, FK_LOCATION), "Z\xc3\xbcrich");
	fields_free(&fs);

	/* the whole form repeated, corrected, over an Outlook original */
	parse("Poste : DAF\nLieu : Lyon\n\nDe : Marie\nEnvoy\xc3\xa9 : lundi\n"
	    "\xc3\x80 : Jobs\nObjet : DAF\n\nPoste : DAF\nLieu : Paris\n"
	    "Salaire : 90k\n", &fs);
	assert_string_equal(fields_get(&fs, FK_LOCATION), "Lyon");
	assert_string_equal(fields_get(&fs, FK_SALARY), "90k");
	fields_free(&fs);

	/* a forward with a note: the forwarded form is the content */
	parse("FYI\n\n---------- Forwarded message ---------\nFrom: Client\n"
	    "Subject: CFO\n\nPosition: CFO\nCompany: Alpenbau GmbH\n", &fs);
	assert_string_equal(fields_get(&fs, FK_COMPANY), "Alpenbau GmbH");
	assert_int_equal(fs.v[0].quoted, 0);
	fields_free(&fs);

	/* without quotes: what fields_parse gives */
	parse("Position: CFO\nDescription: leads finance\nand IT\n", &fs);
	assert_int_equal(fs.n, 2);
	assert_string_equal(fields_get(&fs, FK_DESCRIPTION),
	    "leads finance\nand IT");
	assert_int_equal(fields_quoted_used(&fs), 0);
	fields_free(&fs);
	assert_int_equal(fields_quoted_used(NULL), 0);
}

static int
setup(void **state)
{
	const char *err;

	(void)state;
	qh = quote_headers_load(quote_headers_default_path(), &err);
	if (qh == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	quote_headers_free(qh);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_crlf_and_no_table),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_span_cap),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_fresh_wins),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* test_prose.c — job orders and candidates written in sentences, six
 * per language (EN, DE, FR, ES, IT, NL) for each side, written the way
 * people write: long sentences, two positions, a company introducing
 * itself first, "see the attached job description", a candidate saying
 * what she does not want, quoted replies below the fresh text; and the
 * phrase file itself (its errors by line). */
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
#include "prose.h"
#include "util.h"

#define PHRASES SRCDIR "/data/prose-phrases"

static struct prose_phrases *t;
static struct industry_list *il;

static int
setup(void **state)
{
	const char *err = NULL;

	(void)state;
	t = prose_load(PHRASES, &err);
	il = industry_default();
	return t != NULL && il != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	prose_free(t);
	industry_free(il);
	return 0;
}

static int wrong;   /* mismatches of a table, all printed */

static void
same(const char *what, const char *want, const char *got)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(want, got) != 0) {
		print_error("%s: want \"%s\", got \"%s\"\n", what,
		    want != NULL ? want : "(null)", got != NULL ? got :
		    "(null)");
		wrong++;
	}
}

/* ---- job orders ---- */

struct job_case {
	const char *subject;
	const char *body;
	const char *position, *company, *location;
};

static const struct job_case jobs[] = {
	/* EN */
	{ "Search mandate: Chief Financial Officer (Munich)",
	  "Alpenbau GmbH is looking for a Chief Financial Officer for our "
	  "Munich headquarters. We offer up to EUR 250k plus bonus.\n",
	  "Chief Financial Officer", "Alpenbau GmbH", "Munich" },
	{ "New search",
	  "Dear Tom,\n\nFollowing our call last Tuesday, I can confirm that "
	  "Harwick Instruments Ltd is looking for a VP Sales to lead our EMEA\n"
	  "team from London, and later this year we will also need a Head of\n"
	  "Marketing.\n\nBest regards,\nJane Foster\n",
	  "VP Sales", "Harwick Instruments Ltd", NULL },
	{ "Our next hire",
	  "Hello Tom,\n\nFounded in 1987 and listed since 2004, Corvane "
	  "Systems plc makes\ncontrol software for water utilities. We are "
	  "seeking a Chief Technology\nOfficer for our Manchester office, "
	  "with a salary of GBP 180,000.\n\nKind regards\nPeter\n",
	  "Chief Technology Officer", "Corvane Systems plc", "Manchester" },
	{ "Job description",
	  "Hi Tom,\n\nplease see the attached job description and call me "
	  "when you have read it.\n\nThanks,\nMark\n",
	  NULL, NULL, NULL },
	{ "Re: Vacancy: Head of Procurement",
	  "Tom, yes, the budget has been approved.\n\nOn Mon, 30 Nov 2026 "
	  "at 09:12, Tom Wright <tom@rma-search.example> wrote:\n> RMA Search "
	  "is looking for a Senior Partner in Dubai.\n",
	  "Head of Procurement", NULL, NULL },
	{ "Finance role",
	  "I am the HR director at Brightwell Foods and we need a Group "
	  "Controller in Amsterdam as soon as possible.\n",
	  "Group Controller", "Brightwell Foods", "Amsterdam" },
	{ "Re: Head of Treasury",
	  "Tom, I will be at Heathrow on Monday; we are seeking a Head of "
	  "Treasury for our Frankfurt office.\n",
	  "Head of Treasury", NULL, "Frankfurt" },
	{ "Quick question",
	  "Hi Tom, we need a quick call about the fees before Friday; our "
	  "board is looking for a partner to advise on the succession.\n",
	  NULL, NULL, NULL },
	/* DE */
	{ "Suchauftrag: Leiter Finanzen (m/w/d)",
	  "Sehr geehrter Herr Wright,\n\ndie Brenner Logistik GmbH sucht "
	  "eine/n Leiter/in Finanzen für unseren Standort Hamburg.\n",
	  "Leiter Finanzen", "Brenner Logistik GmbH", "Hamburg" },
	{ "Neue Suche",
	  "Guten Tag Herr Wright,\n\nwir sind ein familiengeführter "
	  "Maschinenbauer mit 800 Mitarbeitenden. Zum 1. April suchen wir "
	  "einen kaufmännischen Geschäftsführer für unsere Zentrale in "
	  "Stuttgart.\n\nMit freundlichen Grüßen\nPetra Lang\n",
	  "kaufmännischen Geschäftsführer", NULL, "Stuttgart" },
	{ "Stellenangebot: Head of Controlling",
	  "Hallo Tom,\n\nanbei wie besprochen die Stellenbeschreibung.\n\n"
	  "Gruß\nKlaus\n",
	  "Head of Controlling", NULL, NULL },
	{ NULL,
	  "Die Hansa Pharma AG sucht einen Werkleiter (m/w/d) in München "
	  "und eine Assistenz der Geschäftsführung.\n",
	  "Werkleiter", "Hansa Pharma AG", "München" },
	{ "Anfrage",
	  "Für unsere Tochter bei Köhler Automotive suchen wir eine "
	  "Personalleiterin mit Erfahrung im Tarifrecht.\n",
	  "Personalleiterin", "Köhler Automotive", NULL },
	{ "Vertriebsleiter (m/w/d)",
	  "Hallo Herr Wright, bitte rufen Sie mich an.\n",
	  "Vertriebsleiter", NULL, NULL },
	/* FR */
	{ "Mandat de recherche : Directeur financier (Paris)",
	  "Bonjour,\n\nLa société Vellard SA recherche un Directeur financier "
	  "pour notre siège de Paris.\n\nCordialement,\nMarie Dubois\n",
	  "Directeur financier", "Vellard SA", "Paris" },
	{ "Recrutement",
	  "Bonjour Tom,\n\nNous sommes un groupe familial de distribution. "
	  "Nous recherchons un Responsable des achats basé à Lyon, poste à "
	  "pourvoir rapidement.\n",
	  "Responsable des achats", NULL, "Lyon" },
	{ "Offre d'emploi : Directeur des opérations (H/F)",
	  "Veuillez trouver ci-joint la fiche de poste.\n",
	  "Directeur des opérations", NULL, NULL },
	{ "Mandat",
	  "Bonjour,\n\nle groupe Maison Coubert SAS recherche un Directeur "
	  "commercial qui rejoindra le comité de direction à Bordeaux.\n",
	  "Directeur commercial", "Maison Coubert SAS", "Bordeaux" },
	{ "Poste",
	  "Je suis DRH chez Lumière Énergie et nous cherchons un contrôleur "
	  "de gestion à Marseille.\n",
	  "contrôleur de gestion", "Lumière Énergie", "Marseille" },
	{ "Re: Recherche",
	  "Merci Tom.\n\nLe 2 déc. 2026 à 10:00, Tom a écrit :\n> Vellard SA "
	  "recherche un Directeur juridique\n",
	  NULL, NULL, NULL },
	/* ES */
	{ "Búsqueda: Director Financiero (Madrid)",
	  "Estimado Tom:\n\nGrupo Ortiz S.L. busca un Director Financiero "
	  "para nuestra sede de Madrid, con un salario de hasta 180.000 EUR.\n",
	  "Director Financiero", "Grupo Ortiz S.L.", "Madrid" },
	{ "Nueva búsqueda",
	  "Hola Tom,\n\nsomos una empresa de logística con 20 años en el "
	  "mercado. Buscamos un Jefe de Operaciones en Valencia que pueda "
	  "incorporarse en enero.\n",
	  "Jefe de Operaciones", NULL, "Valencia" },
	{ "Vacante: Responsable de RRHH",
	  "Te adjunto la descripción del puesto.\n",
	  "Responsable de RRHH", NULL, NULL },
	{ "Consulta",
	  "Necesitamos una Directora Comercial para nuestra filial en "
	  "Barcelona.\n",
	  "Directora Comercial", NULL, "Barcelona" },
	{ "Director de planta (H/M)",
	  "Industrias Navarro SA busca un Director de planta y, más adelante, "
	  "un Jefe de calidad.\n",
	  "Director de planta", "Industrias Navarro SA", NULL },
	{ "Búsqueda",
	  "Trabajo en Ferrán Alimentación y buscamos un Controller en "
	  "Sevilla.\n",
	  "Controller", NULL, "Sevilla" },
	/* IT */
	{ "Ricerca: Direttore Finanziario (Milano)",
	  "Gentile Tom,\n\nRossi Impianti S.p.A. cerca un Direttore "
	  "Finanziario per la nostra sede di Milano.\n",
	  "Direttore Finanziario", "Rossi Impianti S.p.A.", "Milano" },
	{ "Nuova ricerca",
	  "Buongiorno,\n\nsiamo un'azienda farmaceutica di Verona con 300 "
	  "dipendenti e cerchiamo un Responsabile Qualità con esperienza "
	  "FDA.\n",
	  "Responsabile Qualità", NULL, NULL },
	{ "Offerta di lavoro: Direttore Commerciale (M/F)",
	  "In allegato trovi la job description.\n",
	  "Direttore Commerciale", NULL, NULL },
	{ "Richiesta",
	  "Bianchi Moda Srl cerca una Direttrice Marketing a Milano e un "
	  "Art Director.\n",
	  "Direttrice Marketing", "Bianchi Moda Srl", "Milano" },
	{ "Ricerca di Direttore di stabilimento",
	  "Ciao Tom, come d'accordo al telefono.\n",
	  "Direttore di stabilimento", NULL, NULL },
	{ "Posizione",
	  "Lavoro presso Ferri Logistica e cerchiamo un Controller a Torino.\n",
	  "Controller", NULL, "Torino" },
	/* NL */
	{ "Zoekopdracht: Financieel Directeur (Amsterdam)",
	  "Beste Tom,\n\nVan Dijk Bouw B.V. zoekt een Financieel Directeur "
	  "voor ons kantoor in Amsterdam.\n",
	  "Financieel Directeur", "Van Dijk Bouw B.V.", "Amsterdam" },
	{ "Nieuwe opdracht",
	  "Hoi Tom,\n\nwij zijn een familiebedrijf in de voedingsindustrie. "
	  "Wij zoeken een Operationeel Directeur in Rotterdam die per direct "
	  "kan starten.\n",
	  "Operationeel Directeur", NULL, "Rotterdam" },
	{ "Vacature: HR Manager",
	  "Zie de bijgevoegde functieomschrijving.\n",
	  "HR Manager", NULL, NULL },
	{ "Opdracht",
	  "De Groot Techniek BV zoekt een Plant Manager (m/v) en later een "
	  "Inkoper.\n",
	  "Plant Manager", "De Groot Techniek BV", NULL },
	{ "Vraag",
	  "We zoeken een Controller met ervaring in de bouw, graag in "
	  "Utrecht.\n",
	  "Controller", NULL, "Utrecht" },
	{ "Re: Zoekopdracht",
	  "Prima.\n\nOp 3 dec. 2026 om 10:00 schreef Tom:\n> Van Dijk Bouw "
	  "B.V. zoekt een CFO\n",
	  NULL, NULL, NULL },
};

static void
test_jobs(void **state)
{
	size_t i;

	(void)state;
	wrong = 0;
	for (i = 0; i < ARRAY_SIZE(jobs); i++) {
		const struct job_case *c = &jobs[i];
		struct prose_job r;
		char what[64];

		prose_job_read(t, c->subject, c->body, strlen(c->body), &r);
		(void)snprintf(what, sizeof(what), "job %zu position", i);
		same(what, c->position, r.position);
		(void)snprintf(what, sizeof(what), "job %zu company", i);
		same(what, c->company, r.company);
		(void)snprintf(what, sizeof(what), "job %zu location", i);
		same(what, c->location, r.location);
		prose_job_clear(&r);
	}
	assert_int_equal(wrong, 0);
}

/* ---- candidates ---- */

struct cand_case {
	const char *body;
	const char *position;
	const char *industry1, *industry2;
	const char *relocate;
	const char *gap;   /* why the code cannot read it yet, or NULL */
};

static const struct cand_case cands[] = {
	/* EN */
	{ "Please find my CV attached, I am looking for CFO roles in life "
	  "sciences.\n", "CFO", "Biotechnology & Pharmaceuticals", NULL, NULL, NULL },
	{ "Dear Tom,\n\nafter eight years at Nordbank I am looking for a "
	  "position as Head of Risk in insurance, not in banking, and I am "
	  "open to relocating to Zurich.\n",
	  "Head of Risk", "Insurance", NULL, "Zurich", NULL },
	{ "Hello,\n\nI do not want another interim job. I'm looking for a "
	  "COO role in logistics or retail.\n",
	  "COO", "Logistics & Transportation", "Consumer Goods & Retail",
	  NULL, NULL },
	{ "Hi, my CV is attached. Best, Sam\n", NULL, NULL, NULL, NULL, NULL },
	{ "I am not looking for CFO roles any more.\n", NULL, NULL, NULL,
	  NULL, NULL },
	{ "Thanks Tom.\n\nOn Tue, 1 Dec 2026, Tom wrote:\n> I am looking for "
	  "CFO roles in banking\n", NULL, NULL, NULL, NULL, NULL },
	/* DE */
	{ "Sehr geehrte Damen und Herren,\n\nnach zwölf Jahren in der "
	  "Automobilindustrie suche ich eine neue Position als Werkleiter "
	  "in der Automobilindustrie.\n",
	  "Werkleiter", "Automotive", NULL, NULL, NULL },
	{ "Hallo Tom, ich suche eine Position als CFO im Maschinenbau und "
	  "bin bereit, nach Zürich umzuziehen.\n",
	  "CFO", "Industrial Manufacturing", NULL, "Zürich", NULL },
	{ "Ich suche keine Position als Geschäftsführer mehr.\n",
	  NULL, NULL, NULL, NULL, NULL },
	{ "Anbei mein Lebenslauf.\n", NULL, NULL, NULL, NULL, NULL },
	{ "Guten Tag,\n\nderzeit suche ich eine Stelle als Leiterin "
	  "Personal, gern im Versicherungswesen, aber nicht bei Banken.\n",
	  "Leiterin Personal", "Insurance", NULL, NULL, NULL },
	{ "Ich suche eine Position als Einkaufsleiter (Automotive).\n",
	  "Einkaufsleiter", "Automotive", NULL, NULL, NULL },
	/* FR */
	{ "Bonjour,\n\nje recherche un poste de directeur financier dans "
	  "l'industrie pharmaceutique et je suis prêt à déménager à Genève.\n",
	  "directeur financier", "Biotechnology & Pharmaceuticals", NULL,
	  "Genève", NULL },
	{ "Je recherche un poste de DRH dans l'assurance, pas dans la "
	  "banque.\n", "DRH", "Insurance", NULL, NULL,
	  "industry.h: \"l'assurance\" (elided article) is no synonym" },
	{ "Veuillez trouver mon CV en pièce jointe.\n", NULL, NULL, NULL,
	  NULL, NULL },
	{ "Je cherche un poste de responsable logistique.\n",
	  "responsable logistique", NULL, NULL, NULL, NULL },
	{ "Bonjour Tom, après dix ans chez Vellard, je recherche un nouveau "
	  "poste de directeur commercial.\n",
	  "directeur commercial", NULL, NULL, NULL, NULL },
	{ "Merci.\n\nLe 2 déc. 2026, Tom a écrit :\n> je recherche un poste "
	  "de CFO\n", NULL, NULL, NULL, NULL, NULL },
	/* ES */
	{ "Hola Tom,\n\nbusco un puesto de director financiero en el sector "
	  "energético y estoy dispuesto a trasladarme a Madrid.\n",
	  "director financiero", "Energy & Utilities", NULL, "Madrid",
	  "industry.h: \"energético\" is no synonym" },
	{ "Busco un puesto como jefe de ventas.\n", "jefe de ventas", NULL,
	  NULL, NULL, NULL },
	{ "Adjunto mi CV.\n", NULL, NULL, NULL, NULL, NULL },
	{ "No busco un puesto de director general.\n", NULL, NULL, NULL,
	  NULL, NULL },
	{ "Después de quince años en banca, busco un nuevo puesto de "
	  "directora de riesgos en seguros.\n",
	  "directora de riesgos", "Insurance", NULL, NULL, NULL },
	{ "Busco un puesto de controller, no en banca.\n", "controller",
	  NULL, NULL, NULL, NULL },
	/* IT */
	{ "Buongiorno,\n\ncerco una posizione come direttore finanziario "
	  "nel settore farmaceutico e sono disponibile a trasferirmi a "
	  "Milano.\n",
	  "direttore finanziario", "Biotechnology & Pharmaceuticals", NULL,
	  "Milano", NULL },
	{ "Cerco un ruolo di responsabile acquisti.\n",
	  "responsabile acquisti", NULL, NULL, NULL, NULL },
	{ "In allegato il mio curriculum.\n", NULL, NULL, NULL, NULL, NULL },
	{ "Non cerco una posizione come amministratore delegato.\n",
	  NULL, NULL, NULL, NULL, NULL },
	{ "Dopo dieci anni in Fiat cerco una nuova posizione come "
	  "direttore di stabilimento.\n",
	  "direttore di stabilimento", NULL, NULL, NULL, NULL },
	{ "Cerco una posizione come CFO, non nel settore bancario.\n",
	  "CFO", NULL, NULL, NULL, NULL },
	/* NL */
	{ "Beste Tom,\n\nik zoek een functie als financieel directeur in de "
	  "zorg en ik ben bereid om naar Amsterdam te verhuizen.\n",
	  "financieel directeur", "Healthcare", NULL, "Amsterdam",
	  "industry.h: Dutch \"zorg\" is no synonym" },
	{ "Ik zoek een nieuwe functie als operationeel manager.\n",
	  "operationeel manager", NULL, NULL, NULL, NULL },
	{ "Bijgaand mijn cv.\n", NULL, NULL, NULL, NULL, NULL },
	{ "Ik ben op zoek naar een functie als HR-directeur, niet in de "
	  "bankensector.\n", "HR-directeur", NULL, NULL, NULL, NULL },
	{ "Na tien jaar bij Philips ik zoek een functie als plant manager "
	  "in de voedingsindustrie.\n",
	  "plant manager", "Food & Beverage", NULL, NULL,
	  "industry.h: Dutch \"voedingsindustrie\" is no synonym" },
	{ "Dank je.\n\nOp 3 dec. 2026 schreef Tom:\n> ik zoek een functie "
	  "als CFO\n", NULL, NULL, NULL, NULL, NULL },
};

static void
test_candidates(void **state)
{
	size_t i;

	(void)state;
	wrong = 0;
	for (i = 0; i < ARRAY_SIZE(cands); i++) {
		const struct cand_case *c = &cands[i];
		struct prose_candidate r;
		char what[64];
		int before = wrong;

		prose_candidate_read(t, il, c->body, strlen(c->body), &r);
		(void)snprintf(what, sizeof(what), "cand %zu position", i);
		same(what, c->position, r.position);
		(void)snprintf(what, sizeof(what), "cand %zu industry 1", i);
		same(what, c->industry1, r.n_industries > 0 ?
		    r.industries[0] : NULL);
		(void)snprintf(what, sizeof(what), "cand %zu industry 2", i);
		same(what, c->industry2, r.n_industries > 1 ?
		    r.industries[1] : NULL);
		(void)snprintf(what, sizeof(what), "cand %zu relocate", i);
		same(what, c->relocate, r.relocate_to);
		prose_candidate_clear(&r);
		/* a known gap reports without failing; read right, it must
		 * leave the table (gaps only ever close) */
		if (c->gap != NULL && wrong > before) {
			print_message("cand %zu: known gap: %s\n", i, c->gap);
			wrong = before;
		} else if (c->gap != NULL) {
			print_error("cand %zu: the gap is closed: drop it\n", i);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
}

/* ---- the fresh text, limits, the file ---- */

static void
test_fresh(void **state)
{
	static const char reply[] = "New text.\n\n-----Original Message-----\n"
	    "From: x\n";
	static const char gt[] = "Yes.\n> old\n";
	static const char none[] = "On the whole, we wrote it ourselves.\n";

	(void)state;
	assert_int_equal(prose_fresh(t, reply, strlen(reply)), 11);
	assert_int_equal(prose_fresh(t, gt, strlen(gt)), 5);
	/* "On … wrote:" must start the line: a sentence is no quote */
	assert_int_equal(prose_fresh(t, none, strlen(none)), strlen(none));
}

static void
test_hostile(void **state)
{
	size_t n = 100000, i;
	char *s = xmalloc(n + 1);
	struct prose_job r;
	struct prose_candidate c;

	(void)state;
	for (i = 0; i < n; i++)
		s[i] = "is looking for a x "[i % 19];
	s[n] = '\0';   /* the subject is a C string (the text is (s, n)) */
	prose_job_read(t, s, s, n, &r);   /* a 100 kB subject */
	prose_job_clear(&r);
	prose_candidate_read(t, il, s, n, &c);
	prose_candidate_clear(&c);
	/* phrases whose values are all refused, no stop anywhere: each
	 * look-up reads a bounded reach, not the rest of the text */
	for (i = 0; i < n; i++)
		s[i] = "is looking for a someone at x GmbH "[i % 35];
	prose_job_read(t, NULL, s, n, &r);
	assert_null(r.position);
	prose_job_clear(&r);
	for (i = 0; i < n; i++)
		s[i] = "No busco un puesto de x "[i % 24];
	prose_candidate_read(t, il, s, n, &c);
	assert_null(c.position);
	prose_candidate_clear(&c);
	/* a value is never longer than PROSE_VALUE_MAX */
	memset(s, 'A', n);
	memcpy(s, "We are seeking a ", 17);
	prose_job_read(t, NULL, s, n, &r);
	assert_null(r.position);
	prose_job_clear(&r);
	free(s);
	prose_job_read(NULL, "Vacancy: CFO", "x", 1, &r);
	assert_null(r.position);
}

static void
test_file(void **state)
{
	static const struct {
		const char *text, *error;
	} bad[] = {
		{ "position en \"is looking for a {}\"\nwhatever en x\n",
		  ":2: unknown kind" },
		{ "position english {}x\n", ":1: the language" },
		{ "position en is looking for a\n", ":1: this kind needs" },
		{ "end en \"for {} our\"\n", ":1: this kind takes no" },
		{ "subject en {} and {}\n", ":1: {} more than once" },
		{ "# only a comment\n", "no phrases" },
	};
	char path[] = "/tmp/test_prose.XXXXXX";
	const char *err;
	struct prose_phrases *x;
	size_t i;
	int fd;

	(void)state;
	assert_true(prose_count(t) > 300);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_true((fd = mkstemp(path)) >= 0);
		assert_true(write(fd, bad[i].text, strlen(bad[i].text)) ==
		    (ssize_t)strlen(bad[i].text));
		close(fd);
		err = NULL;
		x = prose_load(path, &err);
		assert_null(x);
		assert_non_null(err);
		if (strstr(err, bad[i].error) == NULL) {
			print_error("%zu: %s\n", i, err);
			fail();
		}
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
	assert_null(prose_load("/nonexistent/prose-phrases", &err));
	assert_non_null(strstr(err, "/nonexistent/prose-phrases"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_fresh),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

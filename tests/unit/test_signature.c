/* test_signature.c — signature blocks as people write them in the six
 * languages (closings, "-- ", disclaimers, mobile footers, two-column
 * lines, a quoted old signature that must not be read), names put in
 * order ("Dubois, Marie"), and the words file's loader.  The words are
 * data/signature-words of the source tree (RECRUIT_DATADIR). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "signature.h"
#include "util.h"

static struct signature_words *words;

struct row {
	const char *what;
	const char *text;
	const char *name, *title, *company, *phone, *email, *web, *profile,
	    *address;
	int found;          /* signature_find's answer */
};

static const struct row rows[] = {
	{ "en: the issue's mandate",
	  "Alpenbau GmbH is looking for a Chief Financial Officer for our "
	  "Munich headquarters.\n\nKind regards\n\nDr. Petra Huber\n"
	  "Head of HR\nAlpenbau GmbH\nTel. +49 89 1234 5678\n",
	  "Dr. Petra Huber", "Head of HR", "Alpenbau GmbH",
	  "+49 89 1234 5678", NULL, NULL, NULL, NULL, 1 },
	{ "en: comma after closing, full block",
	  "Hi,\n\nplease see the role below.\n\nBest regards,\n"
	  "James O'Neill\nTalent Acquisition Manager | Harbour Freight Ltd\n"
	  "T: +44 20 7946 0321 | M: +44 7700 900123\n"
	  "james.oneill@harbourfreight.co.uk | www.harbourfreight.co.uk\n"
	  "1 Canada Square, London E14 5AB\n",
	  "James O'Neill", "Talent Acquisition Manager", "Harbour Freight Ltd",
	  "+44 20 7946 0321", "james.oneill@harbourfreight.co.uk",
	  "www.harbourfreight.co.uk", NULL, "1 Canada Square, London E14 5AB",
	  1 },
	{ "en: -- delimiter, no closing",
	  "Can we talk on Thursday about the CFO search?\n\n-- \n"
	  "Sarah Mitchell\nVP People, Northwind Analytics Inc.\n"
	  "+1 (415) 555-0142\nhttps://www.linkedin.com/in/sarahmitchell\n",
	  "Sarah Mitchell", "VP People", "Northwind Analytics Inc.",
	  "+1 (415) 555-0142", NULL, NULL,
	  "https://www.linkedin.com/in/sarahmitchell", NULL, 1 },
	{ "en: disclaimer cuts the block",
	  "Thanks for the shortlist.\n\nRegards,\nTom Baker\n"
	  "Operations Director\nKestrel Systems plc\nDirect: 0161 496 0732\n"
	  "This e-mail and any attachments are confidential and intended "
	  "solely for the addressee. Tel. 0161 000 0000\n",
	  "Tom Baker", "Operations Director", "Kestrel Systems plc",
	  "0161 496 0732", NULL, NULL, NULL, NULL, 1 },
	{ "en: Sent from my iPhone after the name",
	  "Yes, Monday works.\n\nCheers,\nAnna\n\nSent from my iPhone\n",
	  "Anna", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "en: closing and name on one line",
	  "I'd like to apply for the controller role; CV attached.\n\n"
	  "Best, Jane Kowalski\nMobile +44 7911 123456\n",
	  "Jane Kowalski", NULL, NULL, "+44 7911 123456", NULL, NULL, NULL,
	  NULL, 1 },
	{ "en: name, title on one line; fax left out",
	  "Please call me.\n\nYours sincerely\n\nRobert Hale, Managing "
	  "Director\nHale & Sons Limited\nPhone 01632 960 123 Fax 01632 960 "
	  "124\n",
	  "Robert Hale", "Managing Director", "Hale & Sons Limited",
	  "01632 960 123", NULL, NULL, NULL, NULL, 1 },
	{ "en: the old signature in the quote, none in the fresh text",
	  "Sounds good, go ahead.\n\nOn Mon, 3 Jun 2024 at 10:02, Petra Huber "
	  "<p.huber@alpenbau.de> wrote:\n> Kind regards\n> Petra Huber\n"
	  "> Head of HR\n> Alpenbau GmbH\n> Tel. +49 89 1234 5678\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "en: Outlook header block, the old signature below it",
	  "Confirmed.\n\n________________________________\nFrom: Mark Stone "
	  "<mark@stone.example>\nSent: Monday, June 3, 2024 9:14 AM\nTo: "
	  "Recruiting\nSubject: Interim CFO\n\nBest regards\nMark Stone\nCEO\n"
	  "Stone Capital LLC\n+1 212 555 0199\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "en: fresh signature above the quoted one",
	  "Here is the updated salary band.\n\nBest regards\nLinda Park\n"
	  "HR Business Partner\nCobalt Health LLC\n+1 617 555 0110\n\n"
	  "-----Original Message-----\nFrom: Someone Else\n\nKind regards\n"
	  "Old Name\nCEO\nOld Company Inc.\n+1 000 000 0000\n",
	  "Linda Park", "HR Business Partner", "Cobalt Health LLC",
	  "+1 617 555 0110", NULL, NULL, NULL, NULL, 1 },
	{ "de: Mit freundlichen Grüßen, Impressum",
	  "Sehr geehrte Damen und Herren,\n\nwir suchen einen Leiter "
	  "Controlling.\n\nMit freundlichen Grüßen\n\nKlaus Brenner\n"
	  "Personalleiter\nBrenner Logistik GmbH\nHafenstraße 12\n"
	  "20457 Hamburg\nTelefon: +49 40 123456-0\nE-Mail: "
	  "k.brenner@brenner-logistik.de\nGeschäftsführer: Hans Brenner | "
	  "Amtsgericht Hamburg HRB 12345\n",
	  "Klaus Brenner", "Personalleiter", "Brenner Logistik GmbH",
	  "+49 40 123456-0", "k.brenner@brenner-logistik.de", NULL, NULL,
	  "Hafenstraße 12, 20457 Hamburg", 1 },
	{ "de: Viele Grüße, Von meinem iPhone gesendet",
	  "Hallo,\n\npasst, ich melde mich morgen.\n\nViele Grüße\nMarkus\n\n"
	  "Von meinem iPhone gesendet\n",
	  "Markus", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "de: -- delimiter with title and company on one line",
	  "Anbei die Stellenbeschreibung.\n\nBeste Grüße\nSabine Vogt\n-- \n"
	  "Sabine Vogt | Leiterin Personal | Vogt Maschinenbau GmbH & Co. KG\n"
	  "Tel. +49 711 987 654 | Mobil +49 171 2345678\n"
	  "www.vogt-maschinenbau.de\n",
	  "Sabine Vogt", "Leiterin Personal",
	  "Vogt Maschinenbau GmbH & Co. KG", "+49 711 987 654", NULL,
	  "www.vogt-maschinenbau.de", NULL, NULL, 1 },
	{ "de: Disclaimer Diese E-Mail",
	  "Guten Tag,\n\ndie Stelle ist besetzt.\n\nFreundliche Grüße\n"
	  "Dr. Thomas Keller\nGeschäftsführer\nKeller Consulting AG\n"
	  "Fon 089 4567 8900\n\nDiese E-Mail enthält vertrauliche "
	  "Informationen.\n",
	  "Dr. Thomas Keller", "Geschäftsführer", "Keller Consulting AG",
	  "089 4567 8900", NULL, NULL, NULL, NULL, 1 },
	{ "de: quoted Am … schrieb, old signature not read",
	  "Danke, erledigt.\n\nAm 03.06.2024 um 10:15 schrieb Klaus Brenner "
	  "<k.brenner@brenner-logistik.de>:\n> Mit freundlichen Grüßen\n"
	  "> Klaus Brenner\n> Personalleiter\n> Brenner Logistik GmbH\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "de: Bewerber mit Xing",
	  "Sehr geehrte Frau Huber,\n\nanbei mein Lebenslauf.\n\nMit "
	  "freundlichen Grüßen\nJonas Richter\nMobil: 0176 12345678\n"
	  "https://www.xing.com/profile/Jonas_Richter\n",
	  "Jonas Richter", NULL, NULL, "0176 12345678", NULL, NULL,
	  "https://www.xing.com/profile/Jonas_Richter", NULL, 1 },
	{ "fr: Cordialement, block with Tél. and Portable",
	  "Bonjour,\n\nnous recherchons un directeur financier.\n\n"
	  "Cordialement,\n\nMarie Dubois\nResponsable Recrutement\n"
	  "Groupe Lumière SAS\n12 rue de la Paix, 75002 Paris\n"
	  "Tél. : +33 1 42 68 53 00\nPortable : +33 6 12 34 56 78\n",
	  "Marie Dubois", "Responsable Recrutement", "Groupe Lumière SAS",
	  "+33 1 42 68 53 00", NULL, NULL, NULL, "12 rue de la Paix, 75002 Paris",
	  1 },
	{ "fr: Bien à vous, Envoyé de mon iPhone, DUBOIS Marie",
	  "Je confirme le rendez-vous.\n\nBien à vous\nDUBOIS Marie\n\n"
	  "Envoyé de mon iPhone\n",
	  "Marie Dubois", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "fr: quoted Le … a écrit, nothing taken",
	  "Parfait, merci.\n\nLe lun. 3 juin 2024 à 10:00, Marie Dubois "
	  "<m.dubois@lumiere.fr> a écrit :\n> Cordialement,\n> Marie Dubois\n"
	  "> Responsable Recrutement\n> Groupe Lumière SAS\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "fr: Bien cordialement with disclaimer Ce message",
	  "Voici le profil.\n\nBien cordialement,\nJean-Luc Martin\n"
	  "Directeur des Ressources Humaines\nMartin & Fils SARL\n"
	  "01 23 45 67 89\nCe message et toutes les pièces jointes sont "
	  "confidentiels.\n",
	  "Jean-Luc Martin", "Directeur des Ressources Humaines",
	  "Martin & Fils SARL", "01 23 45 67 89", NULL, NULL, NULL, NULL, 1 },
	{ "fr: the Outlook De : block",
	  "Ok pour moi.\n\nDe : Paul Girard <p.girard@girard.fr>\n"
	  "Envoyé : lundi 3 juin 2024 09:00\nÀ : Recrutement\nObjet : "
	  "Poste\n\nCordialement\nPaul Girard\nPDG\nGirard SA\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "es: Saludos, S.L. and Móvil",
	  "Hola,\n\nbuscamos un director comercial para Madrid.\n\nSaludos,\n"
	  "Lucía Fernández\nDirectora de Recursos Humanos\n"
	  "Hispania Logística S.L.\nCalle de Alcalá 45, 28014 Madrid\n"
	  "Tel.: +34 91 123 45 67 | Móvil: +34 612 345 678\n",
	  "Lucía Fernández", "Directora de Recursos Humanos",
	  "Hispania Logística S.L.", "+34 91 123 45 67", NULL, NULL, NULL,
	  "Calle de Alcalá 45, 28014 Madrid", 1 },
	{ "es: Un saludo, Enviado desde mi iPhone",
	  "Perfecto, lo vemos el martes.\n\nUn saludo\nCarlos\n\nEnviado "
	  "desde mi iPhone\n",
	  "Carlos", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "es: Atentamente with Aviso legal",
	  "Adjunto mi currículum.\n\nAtentamente,\nGarcía López, Ana\n"
	  "Tfno.: 655 123 456\nAVISO LEGAL: Este mensaje es confidencial.\n",
	  "Ana García López", NULL, NULL, "655 123 456", NULL, NULL, NULL,
	  NULL, 1 },
	{ "es: quoted El … escribió",
	  "De acuerdo.\n\nEl lun, 3 jun 2024 a las 10:00, Lucía Fernández "
	  "(<l.fernandez@hispania.es>) escribió:\n> Saludos,\n"
	  "> Lucía Fernández\n> Directora de Recursos Humanos\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "it: Cordiali saluti, S.p.A.",
	  "Buongiorno,\n\ncerchiamo un responsabile amministrativo.\n\n"
	  "Cordiali saluti\n\nGiulia Rossi\nResponsabile Risorse Umane\n"
	  "Ferretti Costruzioni S.p.A.\nVia Roma 10, 20121 Milano\n"
	  "Tel. +39 02 1234 5678\nCell. +39 333 123 4567\n",
	  "Giulia Rossi", "Responsabile Risorse Umane",
	  "Ferretti Costruzioni S.p.A.", "+39 02 1234 5678", NULL, NULL, NULL,
	  "Via Roma 10, 20121 Milano", 1 },
	{ "it: Distinti saluti, Inviato da iPhone",
	  "Confermo la disponibilità.\n\nDistinti saluti\nMarco Bianchi\n"
	  "Inviato da iPhone\n",
	  "Marco Bianchi", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "it: S.r.l. after the title, Questo messaggio",
	  "In allegato la descrizione.\n\nSaluti,\nDott.ssa Elena Conti\n"
	  "Direttore Generale, Conti Tessile S.r.l.\nTel: 055 123456\n"
	  "Questo messaggio è riservato.\n",
	  "Dott.ssa Elena Conti", "Direttore Generale", "Conti Tessile S.r.l.",
	  "055 123456", NULL, NULL, NULL, NULL, 1 },
	{ "it: quoted Il giorno … ha scritto",
	  "Va bene.\n\nIl giorno lun 3 giu 2024 alle ore 10:00 Giulia Rossi "
	  "<g.rossi@ferretti.it> ha scritto:\n> Cordiali saluti\n"
	  "> Giulia Rossi\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "nl: Met vriendelijke groet, B.V.",
	  "Beste,\n\nwij zoeken een financieel directeur.\n\nMet vriendelijke "
	  "groet,\n\nPieter de Vries\nHoofd HR\nVan Dijk Bouw B.V.\n"
	  "Keizersgracht 123, 1015 CJ Amsterdam\nT +31 20 123 4567\n"
	  "M +31 6 12345678\n",
	  "Pieter de Vries", "Hoofd HR", "Van Dijk Bouw B.V.",
	  "+31 20 123 4567", NULL, NULL, NULL,
	  "Keizersgracht 123, 1015 CJ Amsterdam", 1 },
	{ "nl: Groeten, Verzonden vanaf mijn iPhone",
	  "Prima, tot dan.\n\nGroeten,\nSanne\n\nVerzonden vanaf mijn iPhone\n",
	  "Sanne", NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "nl: quoted Op … schreef, nothing taken",
	  "Akkoord.\n\nOp ma 3 jun. 2024 om 10:00 schreef Pieter de Vries "
	  "<p.devries@vandijk.nl>:\n> Met vriendelijke groet,\n"
	  "> Pieter de Vries\n> Hoofd HR\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "nl: two columns with • and Dit e-mailbericht",
	  "Zie bijlage.\n\nMvg\nEva Jansen • Recruiter • Jansen Techniek "
	  "N.V.\n+31 10 765 4321\nDit e-mailbericht is uitsluitend bestemd "
	  "voor de geadresseerde.\n",
	  "Eva Jansen", "Recruiter", "Jansen Techniek N.V.",
	  "+31 10 765 4321", NULL, NULL, NULL, NULL, 1 },
	{ "de/en: two closings, the name below",
	  "Anbei mein Lebenslauf.\n\nViele Grüße / kind regards\n"
	  "Katrin Vogt\nChief Operating Officer | Brenner Logistik GmbH\n",
	  "Katrin Vogt", "Chief Operating Officer", "Brenner Logistik GmbH",
	  NULL, NULL, NULL, NULL, NULL, 1 },
	{ "en: no closing, the last paragraph a full signature",
	  "Subscribe me, please. My CV is attached.\n\nIngrid Solberg\n"
	  "Group Finance Director, Halvorsen Shipping ASA\n+47 912 55 034\n",
	  "Ingrid Solberg", "Group Finance Director", "Halvorsen Shipping ASA",
	  "+47 912 55 034", NULL, NULL, NULL, NULL, 1 },
	{ "en: no closing, a last paragraph of a name only: nothing",
	  "See the attached CV.\n\nJohn Smith\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "de: 'schrieb' in the fresh text is no quote header",
	  "Herr Keller schrieb dazu:\nDas passt.\n\nGruß\nJonas Richter\n"
	  "Mobil: 0176 12345678\n",
	  "Jonas Richter", NULL, NULL, "0176 12345678", NULL, NULL, NULL, NULL,
	  1 },
	{ "de: i.A. before the name",
	  "Die Unterlagen folgen.\n\nMit freundlichen Grüßen\n"
	  "i.A. Petra Huber\nReferentin Personal\nAlpenbau GmbH\n",
	  "Petra Huber", "Referentin Personal", "Alpenbau GmbH", NULL, NULL,
	  NULL, NULL, NULL, 1 },
	{ "en: credentials after the name",
	  "Happy to discuss.\n\nWarm regards,\nRachel Adams, MBA\n"
	  "Chief People Officer\nBrightwater Holdings plc\n",
	  "Rachel Adams", "Chief People Officer", "Brightwater Holdings plc",
	  NULL, NULL, NULL, NULL, NULL, 1 },
	{ "it: HTML turned text, a blank line between each line",
	  "Confermo.\n\nUn caro saluto\n\nMarco Bianchi\n\nDirettore Vendite"
	  "\n\nBianchi Arredamenti S.r.l.\n\nCell. 347 123 4567\n",
	  "Marco Bianchi", "Direttore Vendite", "Bianchi Arredamenti S.r.l.",
	  "347 123 4567", NULL, NULL, NULL, NULL, 1 },
	{ "en: pronouns after the name, the Outlook reply header below",
	  "As discussed we need a Head of Treasury.\n\nBest regards,\n\n"
	  "Petra Huber (she/her)\nDirector, Human Resources\n"
	  "Alpenbau GmbH | Leopoldstraße 12 | 80802 München | Germany\n"
	  "T: +49 (0)89 1234 5678\nE: petra.huber@alpenbau.example\n\n"
	  "________________________________\nFrom: Tom Quill "
	  "<tom@rma-search.example>\nSent: Monday\nTo: Petra\nSubject: call\n"
	  "\nKind regards\nTom Quill\nPartner\nRMA Search Ltd\n",
	  "Petra Huber", "Director, Human Resources", "Alpenbau GmbH",
	  "+49 (0)89 1234 5678", "petra.huber@alpenbau.example", NULL, NULL,
	  "Leopoldstraße 12, 80802 München", 1 },
	{ "es: a comma before the legal form",
	  "Os paso la oferta.\n\nSaludos cordiales,\n\nJavier Ruiz\n"
	  "Head of People | Nubia Tech, S.L.\nC/ Serrano 21, 28001 Madrid\n"
	  "Móvil: 600 11 22 33\n",
	  "Javier Ruiz", "Head of People", "Nubia Tech, S.L.", "600 11 22 33",
	  NULL, NULL, NULL, "C/ Serrano 21, 28001 Madrid", 1 },
	{ "no closing, no delimiter: nothing",
	  "Please find my CV attached.\nJohn Smith\n+44 7700 900999\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "closing only",
	  "Thanks!\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "en: Title at Company",
	  "See you then.\n\nKind regards,\nOliver Grant\nHead of Finance at "
	  "Meridian Partners LLP\n07700 900456\n",
	  "Oliver Grant", "Head of Finance", "Meridian Partners LLP",
	  "07700 900456", NULL, NULL, NULL, NULL, 1 },
};

static int wrong;    /* every wrong value printed, then one failure */

static void
expect(const char *what, const char *field, const char *want,
    const char *got)
{
	if (want == NULL && got == NULL)
		return;
	if (want != NULL && got != NULL && strcmp(want, got) == 0)
		return;
	wrong++;
	print_error("%s: %s = %s%s%s, want %s%s%s\n", what, field,
	    got ? "\"" : "", got ? got : "null", got ? "\"" : "",
	    want ? "\"" : "", want ? want : "null", want ? "\"" : "");
}

static void
test_blocks(void **state)
{
	size_t i;

	(void)state;
	assert_true(ARRAY_SIZE(rows) >= 30);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *r = &rows[i];
		struct signature sig;
		int f;

		f = signature_find(words, r->text, strlen(r->text), &sig);
		if (f != r->found) {
			print_error("%s: found %d, want %d\n", r->what, f,
			    r->found);
			wrong++;
		}
		expect(r->what, "name", r->name, sig.name);
		expect(r->what, "title", r->title, sig.title);
		expect(r->what, "company", r->company, sig.company);
		expect(r->what, "phone", r->phone,
		    sig.n_phones > 0 ? sig.phones[0] : NULL);
		expect(r->what, "email", r->email, sig.email);
		expect(r->what, "web", r->web, sig.web);
		expect(r->what, "profile", r->profile, sig.profile);
		expect(r->what, "address", r->address, sig.address);
		signature_clear(&sig);
	}
	assert_int_equal(wrong, 0);
}

/* both numbers of a two-phone line, in order; the fax never */
static void
test_phones(void **state)
{
	static const char text[] =
	    "Regards\nAmy Lee\nT +44 20 7000 1111 | F +44 20 7000 2222 | "
	    "M +44 7700 900333\n";
	struct signature sig;

	(void)state;
	assert_int_equal(signature_find(words, text, strlen(text), &sig), 1);
	assert_int_equal(sig.n_phones, 2);
	assert_string_equal(sig.phones[0], "+44 20 7000 1111");
	assert_string_equal(sig.phones[1], "+44 7700 900333");
	signature_clear(&sig);
}

/* the fresh text ends at the quote */
static void
test_fresh_len(void **state)
{
	static const char a[] = "new\n\nOn Tue, Jane wrote:\n> old\n";
	static const char b[] = "new\n> old\n";
	static const char c[] = "new text only\n";
	static const char d[] = "neu\n\nVon: A\nGesendet: B\n";
	static const char e[] =
	    "new\n\nOn Tue, 4 Jun 2024 at 09:00, Jane Averylongname\n"
	    "<jane@example.com> wrote:\n> old\n";

	(void)state;
	assert_int_equal(signature_fresh_len(words, a, strlen(a)), 5);
	assert_int_equal(signature_fresh_len(words, b, strlen(b)), 4);
	assert_int_equal(signature_fresh_len(words, c, strlen(c)), strlen(c));
	assert_int_equal(signature_fresh_len(words, d, strlen(d)), 5);
	assert_int_equal(signature_fresh_len(words, e, strlen(e)), 5);
	/* never past n: a text without its NUL */
	assert_int_equal(signature_fresh_len(words, c, 3), 3);
}

static void
test_name_order(void **state)
{
	static const char *const rows2[][2] = {
		{ "Dubois, Marie", "Marie Dubois" },
		{ "DUBOIS Marie", "Marie Dubois" },
		{ "DUBOIS, Marie", "Marie Dubois" },
		{ "García López, Ana", "Ana García López" },
		{ "MÜLLER Jürgen", "Jürgen Müller" },
		{ "DE LA CRUZ María", "María De La Cruz" },
		{ "van der Berg, Jan", "Jan van der Berg" },
		{ "Marie Dubois", "Marie Dubois" },
		{ "Marie DUBOIS", "Marie DUBOIS" },
		{ "Smith, Jones & Partners", "Smith, Jones & Partners" },
		{ "Smith, Jr.", "Smith, Jr." },
		{ "Smith, PhD", "Smith, PhD" },
		{ "Huber, Head of HR", "Huber, Head of HR" },
		{ "Alpenbau GmbH, Recruiting", "Alpenbau GmbH, Recruiting" },
		{ "IBM Support", "IBM Support" },
		{ "HR Team", "HR Team" },
		{ "SAP Careers", "SAP Careers" },
		{ "RMA Search", "RMA Search" },
		{ "KPMG Deutschland", "KPMG Deutschland" },
		{ "EADS Deutschland", "EADS Deutschland" },
		{ "WU Li", "WU Li" },
		{ "ROSSI Giulia", "Giulia Rossi" },
		{ "Doe, John, Jane", "Doe, John, Jane" },
		{ "", "" },
	};
	size_t i;
	char *o;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows2); i++) {
		o = signature_name_order(words, rows2[i][0]);
		if (strcmp(o, rows2[i][1]) != 0) {
			print_error("\"%s\" -> \"%s\", want \"%s\"\n",
			    rows2[i][0], o, rows2[i][1]);
			free(o);
			fail();
		}
		free(o);
	}
	assert_null(signature_name_order(words, NULL));
	/* without the words: the shape rules alone */
	o = signature_name_order(NULL, "Dubois, Marie");
	assert_string_equal(o, "Marie Dubois");
	free(o);
}

static void
test_load_errors(void **state)
{
	char path[] = "/tmp/test_signature.XXXXXX";
	const char *err;
	int fd;

	(void)state;
	assert_null(signature_words_load("/nonexistent/sig", &err));
	assert_non_null(strstr(err, "/nonexistent/sig"));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[closing]\nen Regards\n[bogus]\n", 29),
	    29);
	close(fd);
	assert_null(signature_words_load(path, &err));
	assert_non_null(strstr(err, ":3: unknown section"));
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[title]\nen Director\n", 20), 20);
	close(fd);
	assert_null(signature_words_load(path, &err));
	assert_non_null(strstr(err, "no [closing]"));
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[closing]\nEnglish Regards\n", 26), 26);
	close(fd);
	assert_null(signature_words_load(path, &err));
	assert_non_null(strstr(err, ":2: the language"));
	unlink(path);
	assert_true(signature_words_count(words) > 300);
	/* w NULL finds nothing */
	{
		struct signature sig;

		assert_int_equal(signature_find(NULL, "Regards\nX\n", 10,
		    &sig), 0);
		assert_null(sig.name);
	}
}

/* NUL bytes read through (s, n) are blanks: no value holds one, none
 * is empty (found by fuzz_signature) */
static void
test_nul(void **state)
{
	static const char text[] = "Thanks.\n\nRegards\nAnna Berg\n"
	    "\0\0\0Group Finance Director, Halvorsen Shipping ASA\0\n"
	    "+47 912\0 55 034\n";
	struct signature sig;

	(void)state;
	assert_int_equal(signature_find(words, text, sizeof(text) - 1, &sig),
	    1);
	assert_string_equal(sig.name, "Anna Berg");
	assert_string_equal(sig.title, "Group Finance Director");
	assert_string_equal(sig.company, "Halvorsen Shipping ASA");
	assert_int_equal(sig.n_phones, 1);
	assert_string_equal(sig.phones[0], "+47 912 55 034");
	signature_clear(&sig);
}

/* fuzz_signature found a block whose title came out "" (a cell of
 * blanks and separators): an empty value is no value */
static void
test_fuzz_empty_value(void **state)
{
	struct signature sig;
	const char *err;
	char *text;
	size_t n, i;

	(void)state;
	assert_int_equal(file_read(SRCDIR "/tests/data/fuzz/"
	    "signature-empty-title.txt", 1 << 20, &text, &n, &err), 0);
	(void)signature_find(words, text, n, &sig);
	assert_true(sig.name == NULL || sig.name[0] != '\0');
	assert_true(sig.title == NULL || sig.title[0] != '\0');
	assert_true(sig.company == NULL || sig.company[0] != '\0');
	assert_true(sig.email == NULL || sig.email[0] != '\0');
	assert_true(sig.web == NULL || sig.web[0] != '\0');
	assert_true(sig.profile == NULL || sig.profile[0] != '\0');
	assert_true(sig.address == NULL || sig.address[0] != '\0');
	for (i = 0; i < sig.n_phones; i++)
		assert_true(sig.phones[i] != NULL && sig.phones[i][0] != '\0');
	signature_clear(&sig);
	free(text);
}

/* a long text: bounded, ends */
static void
test_long(void **state)
{
	struct buf b;
	struct signature sig;
	char *t;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 40000; i++)
		buf_puts(&b, "Kind regards\nA B | C D | E F GmbH | +1 555 0100 "
		    "0000\n");
	t = buf_steal(&b);
	assert_int_equal(signature_find(words, t, strlen(t), &sig), 1);
	signature_clear(&sig);
	free(t);
}

static int
setup(void **state)
{
	const char *err;

	(void)state;
	words = signature_words_load(signature_words_default_path(), &err);
	if (words == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	signature_words_free(words);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_fresh_len),
		cmocka_unit_test(test_name_order),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_fuzz_empty_value),
		cmocka_unit_test(test_long),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

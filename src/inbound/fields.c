/*
 * fields.c — labelled fields in a mail body (fields.h): "Position Title:
 * CFO", "Gehalt : 180.000 EUR", web-form rows that html_to_text made into
 * "Label: Value" lines, a label alone on its line with the value below,
 * and description / requirements blocks over several lines.
 *
 * The text is read once, line by line.  A line is a field when what
 * stands before its first ':' (within LABEL_SCAN bytes, at most
 * LABEL_WORDS words) is a known label once folded (fields_fold), with
 * required markers, brackets and possessive prefixes set aside.  Labels
 * are looked up by binary search in a table sorted once (call_once).
 * The field_set owns copies of every label and value.
 *
 * SECURITY: reads text from strangers.  Every step is bounded by the
 * text length n (no NUL assumed); a label is looked at only within its
 * first LABEL_SCAN bytes, values are cut at limits.max_field_value,
 * cleaned to valid UTF-8 without control characters, and a set holds at
 * most FIELDS_MAX fields.  Time is linear in n: each line is examined a
 * bounded number of times.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "fields.h"
#include "quote.h"
#include "log.h"
#include "util.h"

#define LABEL_SCAN 80u       /* the label and its ':' sit within this */
#define LABEL_MAX 64u        /* bytes of a label as written */
#define LABEL_WORDS 5
#define NEXT_VALUE_BLANKS 2  /* blank lines allowed under a lone label */
#define NEXT_VALUE_MAX 200u  /* a lone label's value line is short */

enum { LF_URLQ = 1 };        /* a URL: profile; else requirements */

struct label {
	const char *text;    /* folded, punctuation a space */
	enum field_key key;
	unsigned flags;
};

/* FK_NONE labels are known but not recorded: they end a description. */
static const struct label labels[] = {
	/* company */
	{ "company", FK_COMPANY, 0 }, { "company name", FK_COMPANY, 0 },
	{ "name of company", FK_COMPANY, 0 },
	{ "name of the company", FK_COMPANY, 0 },
	{ "organization", FK_COMPANY, 0 }, { "organisation", FK_COMPANY, 0 },
	{ "organization name", FK_COMPANY, 0 }, { "employer", FK_COMPANY, 0 },
	{ "hiring company", FK_COMPANY, 0 }, { "client", FK_COMPANY, 0 },
	{ "client company", FK_COMPANY, 0 }, { "firm", FK_COMPANY, 0 },
	{ "firma", FK_COMPANY, 0 }, { "firmenname", FK_COMPANY, 0 },
	{ "unternehmen", FK_COMPANY, 0 }, { "arbeitgeber", FK_COMPANY, 0 },
	{ "name des unternehmens", FK_COMPANY, 0 },
	{ "auftraggeber", FK_COMPANY, 0 }, { "societe", FK_COMPANY, 0 },
	{ "entreprise", FK_COMPANY, 0 },
	{ "nom de l'entreprise", FK_COMPANY, 0 },
	{ "nom de la societe", FK_COMPANY, 0 },
	{ "raison sociale", FK_COMPANY, 0 }, { "empresa", FK_COMPANY, 0 },
	{ "nombre de la empresa", FK_COMPANY, 0 },
	{ "compania", FK_COMPANY, 0 }, { "organizacion", FK_COMPANY, 0 },
	/* names */
	{ "name", FK_NAME, 0 }, { "full name", FK_NAME, 0 },
	{ "contact name", FK_NAME, 0 }, { "contact person", FK_NAME, 0 },
	{ "contact", FK_NAME, 0 }, { "candidate name", FK_NAME, 0 },
	{ "applicant name", FK_NAME, 0 }, { "ansprechpartner", FK_NAME, 0 },
	{ "ansprechpartnerin", FK_NAME, 0 }, { "kontaktperson", FK_NAME, 0 },
	{ "vollstandiger name", FK_NAME, 0 }, { "nom complet", FK_NAME, 0 },
	{ "nom et prenom", FK_NAME, 0 }, { "prenom et nom", FK_NAME, 0 },
	{ "nombre completo", FK_NAME, 0 },
	{ "nombre y apellidos", FK_NAME, 0 },
	{ "persona de contacto", FK_NAME, 0 },
	{ "first name", FK_FIRST_NAME, 0 }, { "firstname", FK_FIRST_NAME, 0 },
	{ "given name", FK_FIRST_NAME, 0 }, { "forename", FK_FIRST_NAME, 0 },
	{ "vorname", FK_FIRST_NAME, 0 }, { "prenom", FK_FIRST_NAME, 0 },
	{ "nombre", FK_FIRST_NAME, 0 },
	{ "last name", FK_LAST_NAME, 0 }, { "lastname", FK_LAST_NAME, 0 },
	{ "surname", FK_LAST_NAME, 0 }, { "family name", FK_LAST_NAME, 0 },
	{ "nachname", FK_LAST_NAME, 0 }, { "familienname", FK_LAST_NAME, 0 },
	{ "nom", FK_LAST_NAME, 0 }, { "nom de famille", FK_LAST_NAME, 0 },
	{ "apellido", FK_LAST_NAME, 0 }, { "apellidos", FK_LAST_NAME, 0 },
	/* the writer's own title */
	{ "title", FK_TITLE, 0 }, { "your title", FK_TITLE, 0 },
	{ "your position", FK_TITLE, 0 }, { "your job title", FK_TITLE, 0 },
	{ "your role", FK_TITLE, 0 }, { "your function", FK_TITLE, 0 },
	{ "contact title", FK_TITLE, 0 }, { "function", FK_TITLE, 0 },
	{ "job function", FK_TITLE, 0 }, { "funktion", FK_TITLE, 0 },
	{ "ihre funktion", FK_TITLE, 0 }, { "ihre position", FK_TITLE, 0 },
	{ "position im unternehmen", FK_TITLE, 0 },
	{ "fonction", FK_TITLE, 0 }, { "votre fonction", FK_TITLE, 0 },
	{ "votre poste", FK_TITLE, 0 }, { "su cargo", FK_TITLE, 0 },
	{ "su puesto", FK_TITLE, 0 },
	/* email, phone */
	{ "email", FK_EMAIL, 0 }, { "e mail", FK_EMAIL, 0 },
	{ "email address", FK_EMAIL, 0 }, { "e mail address", FK_EMAIL, 0 },
	{ "mail", FK_EMAIL, 0 }, { "e mail adresse", FK_EMAIL, 0 },
	{ "emailadresse", FK_EMAIL, 0 }, { "courriel", FK_EMAIL, 0 },
	{ "adresse e mail", FK_EMAIL, 0 }, { "adresse email", FK_EMAIL, 0 },
	{ "adresse electronique", FK_EMAIL, 0 },
	{ "correo electronico", FK_EMAIL, 0 }, { "correo", FK_EMAIL, 0 },
	{ "contact email", FK_EMAIL, 0 },
	{ "phone", FK_PHONE, 0 }, { "phone number", FK_PHONE, 0 },
	{ "telephone", FK_PHONE, 0 }, { "telephone number", FK_PHONE, 0 },
	{ "tel", FK_PHONE, 0 }, { "mobile", FK_PHONE, 0 },
	{ "mobile phone", FK_PHONE, 0 }, { "mobile number", FK_PHONE, 0 },
	{ "cell", FK_PHONE, 0 }, { "cell phone", FK_PHONE, 0 },
	{ "direct line", FK_PHONE, 0 }, { "direct dial", FK_PHONE, 0 },
	{ "contact phone", FK_PHONE, 0 }, { "phone mobile", FK_PHONE, 0 },
	{ "telefon", FK_PHONE, 0 }, { "telefonnummer", FK_PHONE, 0 },
	{ "handy", FK_PHONE, 0 }, { "mobil", FK_PHONE, 0 },
	{ "mobilnummer", FK_PHONE, 0 }, { "mobiltelefon", FK_PHONE, 0 },
	{ "portable", FK_PHONE, 0 }, { "numero de telephone", FK_PHONE, 0 },
	{ "telefono", FK_PHONE, 0 }, { "movil", FK_PHONE, 0 },
	{ "celular", FK_PHONE, 0 }, { "numero de telefono", FK_PHONE, 0 },
	{ "telefono movil", FK_PHONE, 0 },
	/* the position to fill */
	{ "position title", FK_POSITION, 0 }, { "position", FK_POSITION, 0 },
	{ "job title", FK_POSITION, 0 },
	{ "title of position", FK_POSITION, 0 },
	{ "role", FK_POSITION, 0 }, { "job", FK_POSITION, 0 },
	{ "vacancy", FK_POSITION, 0 }, { "opening", FK_POSITION, 0 },
	{ "position to fill", FK_POSITION, 0 },
	{ "position to be filled", FK_POSITION, 0 },
	{ "open position", FK_POSITION, 0 }, { "job position", FK_POSITION, 0 },
	{ "stellenbezeichnung", FK_POSITION, 0 }, { "stelle", FK_POSITION, 0 },
	{ "stellentitel", FK_POSITION, 0 },
	{ "zu besetzende position", FK_POSITION, 0 },
	{ "zu besetzende stelle", FK_POSITION, 0 },
	{ "vakanz", FK_POSITION, 0 }, { "jobtitel", FK_POSITION, 0 },
	{ "intitule du poste", FK_POSITION, 0 },
	{ "intitule de poste", FK_POSITION, 0 }, { "poste", FK_POSITION, 0 },
	{ "poste a pourvoir", FK_POSITION, 0 },
	{ "titre du poste", FK_POSITION, 0 }, { "puesto", FK_POSITION, 0 },
	{ "puesto vacante", FK_POSITION, 0 }, { "cargo", FK_POSITION, 0 },
	{ "cargo a cubrir", FK_POSITION, 0 }, { "vacante", FK_POSITION, 0 },
	{ "nombre del puesto", FK_POSITION, 0 },
	{ "titulo del puesto", FK_POSITION, 0 },
	/* industry, place */
	{ "industry", FK_INDUSTRY, 0 }, { "industries", FK_INDUSTRY, 0 },
	{ "sector", FK_INDUSTRY, 0 }, { "industry sector", FK_INDUSTRY, 0 },
	{ "branche", FK_INDUSTRY, 0 }, { "branchen", FK_INDUSTRY, 0 },
	{ "industrie", FK_INDUSTRY, 0 }, { "secteur", FK_INDUSTRY, 0 },
	{ "secteur d'activite", FK_INDUSTRY, 0 },
	{ "secteurs", FK_INDUSTRY, 0 }, { "industria", FK_INDUSTRY, 0 },
	{ "sectors", FK_INDUSTRY, 0 }, { "sectores", FK_INDUSTRY, 0 },
	{ "industrias", FK_INDUSTRY, 0 },
	{ "secteur d'activites", FK_INDUSTRY, 0 },
	{ "sector industrial", FK_INDUSTRY, 0 },
	{ "industry preference", FK_INDUSTRY, 0 },
	{ "preferred industry", FK_INDUSTRY, 0 },
	{ "preferred industries", FK_INDUSTRY, 0 },
	{ "target industries", FK_INDUSTRY, 0 },
	{ "location", FK_LOCATION, 0 }, { "job location", FK_LOCATION, 0 },
	{ "position location", FK_LOCATION, 0 },
	{ "work location", FK_LOCATION, 0 },
	{ "place of work", FK_LOCATION, 0 }, { "based in", FK_LOCATION, 0 },
	{ "current location", FK_LOCATION, 0 },
	{ "standort", FK_LOCATION, 0 }, { "arbeitsort", FK_LOCATION, 0 },
	{ "dienstort", FK_LOCATION, 0 }, { "einsatzort", FK_LOCATION, 0 },
	{ "ort", FK_LOCATION, 0 }, { "wohnort", FK_LOCATION, 0 },
	{ "lieu", FK_LOCATION, 0 }, { "lieu de travail", FK_LOCATION, 0 },
	{ "localisation", FK_LOCATION, 0 }, { "ubicacion", FK_LOCATION, 0 },
	{ "lugar de trabajo", FK_LOCATION, 0 },
	{ "localidad", FK_LOCATION, 0 }, { "city country", FK_LOCATION, 0 },
	{ "city", FK_CITY, 0 }, { "stadt", FK_CITY, 0 },
	{ "ville", FK_CITY, 0 }, { "ciudad", FK_CITY, 0 },
	{ "town", FK_CITY, 0 },
	{ "country", FK_COUNTRY, 0 }, { "land", FK_COUNTRY, 0 },
	{ "pays", FK_COUNTRY, 0 }, { "pais", FK_COUNTRY, 0 },
	{ "country of residence", FK_COUNTRY, 0 },
	/* terms */
	{ "employment type", FK_EMPLOYMENT_TYPE, 0 },
	{ "type of employment", FK_EMPLOYMENT_TYPE, 0 },
	{ "job type", FK_EMPLOYMENT_TYPE, 0 },
	{ "contract type", FK_EMPLOYMENT_TYPE, 0 },
	{ "position type", FK_EMPLOYMENT_TYPE, 0 },
	{ "type of contract", FK_EMPLOYMENT_TYPE, 0 },
	{ "employment", FK_EMPLOYMENT_TYPE, 0 },
	{ "anstellungsart", FK_EMPLOYMENT_TYPE, 0 },
	{ "beschaftigungsart", FK_EMPLOYMENT_TYPE, 0 },
	{ "vertragsart", FK_EMPLOYMENT_TYPE, 0 },
	{ "art der anstellung", FK_EMPLOYMENT_TYPE, 0 },
	{ "anstellung", FK_EMPLOYMENT_TYPE, 0 },
	{ "type de contrat", FK_EMPLOYMENT_TYPE, 0 },
	{ "type d'emploi", FK_EMPLOYMENT_TYPE, 0 },
	{ "contrat", FK_EMPLOYMENT_TYPE, 0 },
	{ "tipo de contrato", FK_EMPLOYMENT_TYPE, 0 },
	{ "tipo de empleo", FK_EMPLOYMENT_TYPE, 0 },
	{ "jornada", FK_EMPLOYMENT_TYPE, 0 },
	{ "tipo de jornada", FK_EMPLOYMENT_TYPE, 0 },
	{ "salary", FK_SALARY, 0 }, { "salary range", FK_SALARY, 0 },
	{ "compensation", FK_SALARY, 0 }, { "base salary", FK_SALARY, 0 },
	{ "total compensation", FK_SALARY, 0 },
	{ "remuneration", FK_SALARY, 0 }, { "pay", FK_SALARY, 0 },
	{ "budget", FK_SALARY, 0 }, { "salary budget", FK_SALARY, 0 },
	{ "package", FK_SALARY, 0 }, { "compensation package", FK_SALARY, 0 },
	{ "gehalt", FK_SALARY, 0 }, { "jahresgehalt", FK_SALARY, 0 },
	{ "gehaltsrahmen", FK_SALARY, 0 }, { "gehaltsband", FK_SALARY, 0 },
	{ "vergutung", FK_SALARY, 0 }, { "jahreszielgehalt", FK_SALARY, 0 },
	{ "salaire", FK_SALARY, 0 }, { "salaire annuel", FK_SALARY, 0 },
	{ "fourchette de salaire", FK_SALARY, 0 },
	{ "fourchette salariale", FK_SALARY, 0 },
	{ "package salarial", FK_SALARY, 0 }, { "salario", FK_SALARY, 0 },
	{ "sueldo", FK_SALARY, 0 }, { "remuneracion", FK_SALARY, 0 },
	{ "rango salarial", FK_SALARY, 0 }, { "banda salarial", FK_SALARY, 0 },
	{ "salario anual", FK_SALARY, 0 },
	{ "start date", FK_START_DATE, 0 },
	{ "starting date", FK_START_DATE, 0 },
	{ "desired start date", FK_START_DATE, 0 },
	{ "start", FK_START_DATE, 0 },
	{ "start of employment", FK_START_DATE, 0 },
	{ "eintrittsdatum", FK_START_DATE, 0 },
	{ "eintrittstermin", FK_START_DATE, 0 },
	{ "startdatum", FK_START_DATE, 0 }, { "beginn", FK_START_DATE, 0 },
	{ "arbeitsbeginn", FK_START_DATE, 0 },
	{ "stellenantritt", FK_START_DATE, 0 },
	{ "dienstantritt", FK_START_DATE, 0 },
	{ "eintritt", FK_START_DATE, 0 }, { "starttermin", FK_START_DATE, 0 },
	{ "date de debut", FK_START_DATE, 0 },
	{ "date de prise de poste", FK_START_DATE, 0 },
	{ "prise de poste", FK_START_DATE, 0 },
	{ "date d'entree", FK_START_DATE, 0 },
	{ "fecha de inicio", FK_START_DATE, 0 },
	{ "fecha de incorporacion", FK_START_DATE, 0 },
	{ "incorporacion", FK_START_DATE, 0 },
	{ "confidential", FK_CONFIDENTIAL, 0 },
	{ "confidential search", FK_CONFIDENTIAL, 0 },
	{ "confidentiality", FK_CONFIDENTIAL, 0 },
	{ "vertraulich", FK_CONFIDENTIAL, 0 },
	{ "vertrauliche suche", FK_CONFIDENTIAL, 0 },
	{ "diskret", FK_CONFIDENTIAL, 0 },
	{ "confidentiel", FK_CONFIDENTIAL, 0 },
	{ "recherche confidentielle", FK_CONFIDENTIAL, 0 },
	{ "confidencial", FK_CONFIDENTIAL, 0 },
	{ "busqueda confidencial", FK_CONFIDENTIAL, 0 },
	/* blocks */
	{ "description", FK_DESCRIPTION, 0 },
	{ "job description", FK_DESCRIPTION, 0 },
	{ "position description", FK_DESCRIPTION, 0 },
	{ "role description", FK_DESCRIPTION, 0 },
	{ "job summary", FK_DESCRIPTION, 0 },
	{ "responsibilities", FK_DESCRIPTION, 0 },
	{ "key responsibilities", FK_DESCRIPTION, 0 },
	{ "duties", FK_DESCRIPTION, 0 }, { "main tasks", FK_DESCRIPTION, 0 },
	{ "tasks", FK_DESCRIPTION, 0 }, { "about the role", FK_DESCRIPTION, 0 },
	{ "about the position", FK_DESCRIPTION, 0 },
	{ "stellenbeschreibung", FK_DESCRIPTION, 0 },
	{ "beschreibung", FK_DESCRIPTION, 0 },
	{ "aufgaben", FK_DESCRIPTION, 0 },
	{ "aufgabenbeschreibung", FK_DESCRIPTION, 0 },
	{ "description du poste", FK_DESCRIPTION, 0 },
	{ "missions", FK_DESCRIPTION, 0 },
	{ "descripcion", FK_DESCRIPTION, 0 },
	{ "descripcion del puesto", FK_DESCRIPTION, 0 },
	{ "funciones", FK_DESCRIPTION, 0 },
	{ "requirements", FK_REQUIREMENTS, 0 },
	{ "job requirements", FK_REQUIREMENTS, 0 },
	{ "qualifications", FK_REQUIREMENTS, 0 },
	{ "required qualifications", FK_REQUIREMENTS, 0 },
	{ "requirements profile", FK_REQUIREMENTS, 0 },
	{ "candidate profile", FK_REQUIREMENTS, 0 },
	{ "must have", FK_REQUIREMENTS, 0 },
	{ "required skills", FK_REQUIREMENTS, 0 },
	{ "skills required", FK_REQUIREMENTS, 0 },
	{ "anforderungen", FK_REQUIREMENTS, 0 },
	{ "anforderungsprofil", FK_REQUIREMENTS, 0 },
	{ "qualifikationen", FK_REQUIREMENTS, 0 },
	{ "voraussetzungen", FK_REQUIREMENTS, 0 },
	{ "profil recherche", FK_REQUIREMENTS, 0 },
	{ "exigences", FK_REQUIREMENTS, 0 },
	{ "competences requises", FK_REQUIREMENTS, 0 },
	{ "requisitos", FK_REQUIREMENTS, 0 },
	{ "requisitos del puesto", FK_REQUIREMENTS, 0 },
	{ "perfil requerido", FK_REQUIREMENTS, 0 },
	{ "perfil buscado", FK_REQUIREMENTS, 0 },
	{ "profile", FK_REQUIREMENTS, LF_URLQ },
	{ "profil", FK_REQUIREMENTS, LF_URLQ },
	{ "perfil", FK_REQUIREMENTS, LF_URLQ },
	/* candidate */
	{ "current title", FK_CURRENT_TITLE, 0 },
	{ "current position", FK_CURRENT_TITLE, 0 },
	{ "current job title", FK_CURRENT_TITLE, 0 },
	{ "current role", FK_CURRENT_TITLE, 0 },
	{ "present position", FK_CURRENT_TITLE, 0 },
	{ "aktuelle position", FK_CURRENT_TITLE, 0 },
	{ "aktuelle funktion", FK_CURRENT_TITLE, 0 },
	{ "derzeitige position", FK_CURRENT_TITLE, 0 },
	{ "jetzige position", FK_CURRENT_TITLE, 0 },
	{ "aktuelle tatigkeit", FK_CURRENT_TITLE, 0 },
	{ "poste actuel", FK_CURRENT_TITLE, 0 },
	{ "fonction actuelle", FK_CURRENT_TITLE, 0 },
	{ "cargo actual", FK_CURRENT_TITLE, 0 },
	{ "puesto actual", FK_CURRENT_TITLE, 0 },
	{ "current employer", FK_CURRENT_EMPLOYER, 0 },
	{ "current company", FK_CURRENT_EMPLOYER, 0 },
	{ "present employer", FK_CURRENT_EMPLOYER, 0 },
	{ "aktueller arbeitgeber", FK_CURRENT_EMPLOYER, 0 },
	{ "derzeitiger arbeitgeber", FK_CURRENT_EMPLOYER, 0 },
	{ "jetziger arbeitgeber", FK_CURRENT_EMPLOYER, 0 },
	{ "employeur actuel", FK_CURRENT_EMPLOYER, 0 },
	{ "entreprise actuelle", FK_CURRENT_EMPLOYER, 0 },
	{ "societe actuelle", FK_CURRENT_EMPLOYER, 0 },
	{ "empresa actual", FK_CURRENT_EMPLOYER, 0 },
	{ "empleador actual", FK_CURRENT_EMPLOYER, 0 },
	{ "desired position", FK_DESIRED_POSITION, 0 },
	{ "desired role", FK_DESIRED_POSITION, 0 },
	{ "desired job", FK_DESIRED_POSITION, 0 },
	{ "position sought", FK_DESIRED_POSITION, 0 },
	{ "position desired", FK_DESIRED_POSITION, 0 },
	{ "target position", FK_DESIRED_POSITION, 0 },
	{ "target role", FK_DESIRED_POSITION, 0 },
	{ "position of interest", FK_DESIRED_POSITION, 0 },
	{ "position applied for", FK_DESIRED_POSITION, 0 },
	{ "applying for", FK_DESIRED_POSITION, 0 },
	{ "wunschposition", FK_DESIRED_POSITION, 0 },
	{ "gewunschte position", FK_DESIRED_POSITION, 0 },
	{ "angestrebte position", FK_DESIRED_POSITION, 0 },
	{ "gesuchte position", FK_DESIRED_POSITION, 0 },
	{ "poste recherche", FK_DESIRED_POSITION, 0 },
	{ "poste souhaite", FK_DESIRED_POSITION, 0 },
	{ "poste vise", FK_DESIRED_POSITION, 0 },
	{ "puesto deseado", FK_DESIRED_POSITION, 0 },
	{ "puesto solicitado", FK_DESIRED_POSITION, 0 },
	{ "cargo deseado", FK_DESIRED_POSITION, 0 },
	{ "willing to relocate", FK_RELOCATE, 0 },
	{ "relocation", FK_RELOCATE, 0 },
	{ "open to relocation", FK_RELOCATE, 0 },
	{ "relocate", FK_RELOCATE, 0 },
	{ "willingness to relocate", FK_RELOCATE, 0 },
	{ "umzugsbereitschaft", FK_RELOCATE, 0 },
	{ "umzugsbereit", FK_RELOCATE, 0 },
	{ "mobilitat", FK_RELOCATE, 0 }, { "mobilite", FK_RELOCATE, 0 },
	{ "mobilite geographique", FK_RELOCATE, 0 },
	{ "disponibilidad para reubicarse", FK_RELOCATE, 0 },
	{ "disponibilidad de traslado", FK_RELOCATE, 0 },
	{ "dispuesto a reubicarse", FK_RELOCATE, 0 },
	{ "movilidad geografica", FK_RELOCATE, 0 },
	{ "reubicacion", FK_RELOCATE, 0 },
	{ "years of experience", FK_YEARS_EXPERIENCE, 0 },
	{ "years experience", FK_YEARS_EXPERIENCE, 0 },
	{ "experience years", FK_YEARS_EXPERIENCE, 0 },
	{ "experience in years", FK_YEARS_EXPERIENCE, 0 },
	{ "berufserfahrung", FK_YEARS_EXPERIENCE, 0 },
	{ "jahre berufserfahrung", FK_YEARS_EXPERIENCE, 0 },
	{ "berufserfahrung in jahren", FK_YEARS_EXPERIENCE, 0 },
	{ "berufserfahrung jahre", FK_YEARS_EXPERIENCE, 0 },
	{ "jahre erfahrung", FK_YEARS_EXPERIENCE, 0 },
	{ "annees d'experience", FK_YEARS_EXPERIENCE, 0 },
	{ "nombre d'annees d'experience", FK_YEARS_EXPERIENCE, 0 },
	{ "experience annees", FK_YEARS_EXPERIENCE, 0 },
	{ "anos de experiencia", FK_YEARS_EXPERIENCE, 0 },
	{ "experiencia anos", FK_YEARS_EXPERIENCE, 0 },
	{ "linkedin", FK_PROFILE_URL, 0 },
	{ "linkedin profile", FK_PROFILE_URL, 0 },
	{ "linkedin url", FK_PROFILE_URL, 0 },
	{ "linkedin profil", FK_PROFILE_URL, 0 },
	{ "profil linkedin", FK_PROFILE_URL, 0 },
	{ "perfil de linkedin", FK_PROFILE_URL, 0 },
	{ "perfil linkedin", FK_PROFILE_URL, 0 },
	{ "xing", FK_PROFILE_URL, 0 }, { "xing profile", FK_PROFILE_URL, 0 },
	{ "xing profil", FK_PROFILE_URL, 0 },
	{ "profile url", FK_PROFILE_URL, 0 },
	{ "online profile", FK_PROFILE_URL, 0 },
	{ "website", FK_PROFILE_URL, 0 }, { "homepage", FK_PROFILE_URL, 0 },
	{ "web", FK_PROFILE_URL, 0 }, { "portfolio", FK_PROFILE_URL, 0 },
	{ "webseite", FK_PROFILE_URL, 0 }, { "site web", FK_PROFILE_URL, 0 },
	{ "site internet", FK_PROFILE_URL, 0 },
	{ "sitio web", FK_PROFILE_URL, 0 }, { "pagina web", FK_PROFILE_URL, 0 },
	{ "url", FK_PROFILE_URL, 0 },
	{ "desired salary", FK_DESIRED_SALARY, 0 },
	{ "salary expectation", FK_DESIRED_SALARY, 0 },
	{ "salary expectations", FK_DESIRED_SALARY, 0 },
	{ "expected salary", FK_DESIRED_SALARY, 0 },
	{ "salary requirements", FK_DESIRED_SALARY, 0 },
	{ "salary requirement", FK_DESIRED_SALARY, 0 },
	{ "target salary", FK_DESIRED_SALARY, 0 },
	{ "target compensation", FK_DESIRED_SALARY, 0 },
	{ "desired compensation", FK_DESIRED_SALARY, 0 },
	{ "expected compensation", FK_DESIRED_SALARY, 0 },
	{ "gehaltsvorstellung", FK_DESIRED_SALARY, 0 },
	{ "gehaltsvorstellungen", FK_DESIRED_SALARY, 0 },
	{ "gehaltswunsch", FK_DESIRED_SALARY, 0 },
	{ "gehaltserwartung", FK_DESIRED_SALARY, 0 },
	{ "pretentions salariales", FK_DESIRED_SALARY, 0 },
	{ "pretention salariale", FK_DESIRED_SALARY, 0 },
	{ "salaire souhaite", FK_DESIRED_SALARY, 0 },
	{ "remuneration souhaitee", FK_DESIRED_SALARY, 0 },
	{ "pretension salarial", FK_DESIRED_SALARY, 0 },
	{ "pretensiones salariales", FK_DESIRED_SALARY, 0 },
	{ "expectativa salarial", FK_DESIRED_SALARY, 0 },
	{ "expectativas salariales", FK_DESIRED_SALARY, 0 },
	{ "salario deseado", FK_DESIRED_SALARY, 0 },
	{ "aspiracion salarial", FK_DESIRED_SALARY, 0 },
	{ "desired location", FK_DESIRED_LOCATION, 0 },
	{ "desired locations", FK_DESIRED_LOCATION, 0 },
	{ "preferred location", FK_DESIRED_LOCATION, 0 },
	{ "preferred locations", FK_DESIRED_LOCATION, 0 },
	{ "target location", FK_DESIRED_LOCATION, 0 },
	{ "location preference", FK_DESIRED_LOCATION, 0 },
	{ "wunschort", FK_DESIRED_LOCATION, 0 },
	{ "wunschstandort", FK_DESIRED_LOCATION, 0 },
	{ "gewunschter arbeitsort", FK_DESIRED_LOCATION, 0 },
	{ "gewunschter standort", FK_DESIRED_LOCATION, 0 },
	{ "bevorzugter standort", FK_DESIRED_LOCATION, 0 },
	{ "lieu souhaite", FK_DESIRED_LOCATION, 0 },
	{ "localisation souhaitee", FK_DESIRED_LOCATION, 0 },
	{ "ubicacion deseada", FK_DESIRED_LOCATION, 0 },
	{ "ubicacion preferida", FK_DESIRED_LOCATION, 0 },
	/* known, not recorded */
	{ "message", FK_NONE, 0 }, { "comments", FK_NONE, 0 },
	{ "comment", FK_NONE, 0 }, { "additional information", FK_NONE, 0 },
	{ "additional comments", FK_NONE, 0 }, { "remarks", FK_NONE, 0 },
	{ "notes", FK_NONE, 0 }, { "nachricht", FK_NONE, 0 },
	{ "kommentar", FK_NONE, 0 }, { "bemerkungen", FK_NONE, 0 },
	{ "anmerkungen", FK_NONE, 0 }, { "commentaires", FK_NONE, 0 },
	{ "mensaje", FK_NONE, 0 }, { "comentarios", FK_NONE, 0 },
	{ "subject", FK_NONE, 0 }, { "betreff", FK_NONE, 0 },
	{ "objet", FK_NONE, 0 }, { "asunto", FK_NONE, 0 },
	{ "from", FK_NONE, 0 }, { "von", FK_NONE, 0 },
	{ "sent", FK_NONE, 0 }, { "gesendet", FK_NONE, 0 },
	{ "envoye", FK_NONE, 0 }, { "enviado", FK_NONE, 0 },
	{ "date", FK_NONE, 0 }, { "datum", FK_NONE, 0 },
	{ "fecha", FK_NONE, 0 }, { "submitted", FK_NONE, 0 },
	{ "submitted on", FK_NONE, 0 }, { "ip", FK_NONE, 0 },
	{ "ip address", FK_NONE, 0 }, { "referrer", FK_NONE, 0 },
	{ "salutation", FK_NONE, 0 }, { "anrede", FK_NONE, 0 },
	{ "civilite", FK_NONE, 0 }, { "tratamiento", FK_NONE, 0 },
	{ "availability", FK_NONE, 0 }, { "notice period", FK_NONE, 0 },
	{ "kundigungsfrist", FK_NONE, 0 }, { "verfugbarkeit", FK_NONE, 0 },
	{ "disponibilite", FK_NONE, 0 }, { "preavis", FK_NONE, 0 },
	{ "disponibilidad", FK_NONE, 0 }, { "current salary", FK_NONE, 0 },
	{ "aktuelles gehalt", FK_NONE, 0 }, { "salaire actuel", FK_NONE, 0 },
	{ "salario actual", FK_NONE, 0 }, { "education", FK_NONE, 0 },
	{ "ausbildung", FK_NONE, 0 }, { "formation", FK_NONE, 0 },
	{ "formacion", FK_NONE, 0 }, { "languages", FK_NONE, 0 },
	{ "sprachen", FK_NONE, 0 }, { "langues", FK_NONE, 0 },
	{ "idiomas", FK_NONE, 0 }, { "skills", FK_NONE, 0 },
	{ "benefits", FK_NONE, 0 }, { "company website", FK_NONE, 0 },
	{ "address", FK_NONE, 0 }, { "adresse", FK_NONE, 0 },
	{ "direccion", FK_NONE, 0 }, { "postal code", FK_NONE, 0 },
	{ "zip", FK_NONE, 0 }, { "zip code", FK_NONE, 0 },
	{ "plz", FK_NONE, 0 }, { "street", FK_NONE, 0 },
	{ "strasse", FK_NONE, 0 }, { "attachment", FK_NONE, 0 },
	{ "attachments", FK_NONE, 0 }, { "anhang", FK_NONE, 0 },
};

/* "Your Name", "Ihre Aufgaben", "Votre poste": the rest is the label */
static const char *const possessives[] = {
	"your", "ihre", "ihr", "ihren", "ihres", "votre", "vos", "su", "sus",
	"tu", "tus", "the", "my", "meine", "mein", "mon", "ma", "mes", "mi",
	"mis",
};

/* "Contact Phone", "Work Email": only before a ':' */
static const char *const qualifiers[] = {
	"contact", "candidate", "candidate's", "applicant", "applicant's",
	"hiring", "client", "company", "primary", "main", "business", "work",
	"personal", "private", "direct", "kontakt", "bewerber",
};

/* closings that end a description: "Best regards," */
static const char *const closings[] = {
	"best regards", "kind regards", "regards", "warm regards",
	"best wishes", "many thanks", "thanks", "thank you", "best", "cheers",
	"sincerely", "yours sincerely", "yours faithfully",
	"mit freundlichen grussen", "mit freundlichen gruessen",
	"freundliche grusse", "viele grusse", "beste grusse", "liebe grusse",
	"herzliche grusse", "gruss", "mfg", "cordialement",
	"bien cordialement", "salutations", "meilleures salutations",
	"bien a vous", "saludos", "un saludo", "saludos cordiales",
	"atentamente", "cordialmente", "muchas gracias",
};

static const char *const honorifics[] = {
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "m",
	"mme", "mlle", "sr", "sra", "srta", "don", "dona",
};

static const char *const empty_values[] = {
	"-", "--", "---", "n/a", "n.a.", "n.a", "k.a.", "/", ".", "?",
};

static const struct label *sorted[ARRAY_SIZE(labels)];
static once_flag sorted_once = ONCE_FLAG_INIT;

static int
label_cmp(const void *a, const void *b)
{
	const struct label *const *x = a, *const *y = b;

	return strcmp((*x)->text, (*y)->text);
}

static void
sort_labels(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(labels); i++)
		sorted[i] = &labels[i];
	qsort(sorted, ARRAY_SIZE(sorted), sizeof(sorted[0]), label_cmp);
	for (i = 1; i < ARRAY_SIZE(sorted); i++)
		if (strcmp(sorted[i - 1]->text, sorted[i]->text) == 0)
			fatalx("fields: label \"%s\" listed twice",
			    sorted[i]->text);
}

static const struct label *
lookup(const char *w)
{
	size_t lo = 0, hi = ARRAY_SIZE(sorted), mid;
	int c;

	call_once(&sorted_once, sort_labels);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(w, sorted[mid]->text);
		if (c == 0)
			return sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- folding ---- */

static size_t
u8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf && n >= 2 && (s[1] & 0xc0) == 0x80) {
		*cp = ((c & 0x1fu) << 6) | (s[1] & 0x3fu);
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef && n >= 3 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*cp = ((c & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) |
		    (s[2] & 0x3fu);
		if (*cp < 0x800 || (*cp >= 0xd800 && *cp <= 0xdfff))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4 && n >= 4 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*cp = ((c & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
		    ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
		if (*cp < 0x10000 || *cp > 0x10ffff)
			return 0;
		return 4;
	}
	return 0;
}

size_t
fields_fold(const char *s, size_t n, char *out, size_t outsz)
{
	/* U+00C0..U+00FF; 'A' ae, 'T' th, 'S' ss, '*' kept as is */
	static const char lat1[] =
	    "aaaaaaAceeeeiiiidnooooo*ouuuuyTS"
	    "aaaaaaAceeeeiiiidnooooo*ouuuuyTy";
	/* U+0100..U+017F; 'I' ij, 'O' oe */
	static const char latA[] =
	    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh"
	    "iiiiiiiiii" "II" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo"
	    "OO" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy"
	    "zzzzzz" "s";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, l, rl;
	int space = 0;
	unsigned cp;

	_Static_assert(sizeof(lat1) == 65, "lat1 covers U+00C0..U+00FF");
	_Static_assert(sizeof(latA) == 129, "latA covers U+0100..U+017F");
	if (outsz == 0)
		return 0;
	while (i < n) {
		char one[2];
		const char *rep = one;

		l = u8_decode(u + i, n - i, &cp);
		if (l == 0) {
			l = 1;
			cp = '?';
		}
		rl = 1;
		if (cp < 0x20 || cp == 0x7f || cp == ' ' ||
		    (cp >= 0x80 && cp <= 0xa0) ||
		    (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f ||
		    cp == 0x205f || cp == 0x3000) {
			space = 1;
			i += l;
			continue;
		}
		if ((cp >= 0x200b && cp <= 0x200d) || cp == 0xfeff) {
			i += l;
			continue;
		}
		if (cp < 0x80)
			one[0] = (char)((cp >= 'A' && cp <= 'Z') ?
			    cp - 'A' + 'a' : cp);
		else if (cp >= 0xc0 && cp <= 0xff) {
			one[0] = lat1[cp - 0xc0];
			if (one[0] == 'A')
				rep = "ae", rl = 2;
			else if (one[0] == 'T')
				rep = "th", rl = 2;
			else if (one[0] == 'S')
				rep = "ss", rl = 2;
			else if (one[0] == '*')
				rep = s + i, rl = l;
		} else if (cp >= 0x100 && cp <= 0x17f) {
			one[0] = latA[cp - 0x100];
			if (one[0] == 'I')
				rep = "ij", rl = 2;
			else if (one[0] == 'O')
				rep = "oe", rl = 2;
		} else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201a ||
		    cp == 0x201b || cp == 0x2032 || cp == 0xb4)
			one[0] = '\'';
		else if (cp == 0x201c || cp == 0x201d || cp == 0x201e ||
		    cp == 0xab || cp == 0xbb)
			one[0] = '"';
		else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
			one[0] = '-';
		else if (cp == 0xff1a)
			one[0] = ':';
		else
			rep = s + i, rl = l;
		if (space && o > 0) {
			if (o + 1 >= outsz)
				break;
			out[o++] = ' ';
		}
		space = 0;
		if (o + rl >= outsz)
			break;
		memcpy(out + o, rep, rl);
		o += rl;
		i += l;
	}
	out[o] = '\0';
	return o;
}

/* ---- labels ---- */

/*
 * label_norm: a label as the table spells it: folded, "(…)" / "[…]"
 * contents dropped (or, keep_paren, only the brackets), '.', '*', '?'
 * dropped, other punctuation and non-ASCII (bullets) a space, a leading
 * number ("1.") dropped.  0 when it is no label (too long, too many
 * words, empty).
 */
static size_t
label_norm(const char *s, size_t n, int keep_paren, char *out, size_t outsz)
{
	char f[LABEL_MAX * 2 + 8];
	size_t fl, i, o = 0, words = 0, k;
	int depth = 0;

	if (n > LABEL_MAX)
		return 0;
	fl = fields_fold(s, n, f, sizeof(f));
	for (i = 0; i < fl && o + 2 < outsz; i++) {
		unsigned char c = (unsigned char)f[i];

		if (c == '(' || c == '[') {
			depth++;
			c = ' ';
		} else if (c == ')' || c == ']') {
			if (depth > 0)
				depth--;
			c = ' ';
		} else if (depth > 0 && !keep_paren)
			continue;
		if (c == '.' || c == '*' || c == '?' || c == '"')
			continue;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '\'') {
			out[o++] = (char)c;
			continue;
		}
		if (o > 0 && out[o - 1] != ' ')
			out[o++] = ' ';
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	/* a leading number: "1 position" */
	for (k = 0; k < o && out[k] >= '0' && out[k] <= '9'; k++)
		;
	if (k > 0 && (k == o || out[k] == ' ')) {
		if (k < o)
			k++;
		memmove(out, out + k, o - k + 1);
		o -= k;
	}
	if (o == 0)
		return 0;
	for (k = 0; k < o; k++)
		if (out[k] == ' ')
			words++;
	if (words + 1 > LABEL_WORDS)
		return 0;
	return o;
}

/* strip_word: the rest of w after one of the words, or NULL. */
static const char *
strip_word(const char *w, const char *const *list, size_t nlist)
{
	size_t k, l;

	for (k = 0; k < nlist; k++) {
		l = strlen(list[k]);
		if (strncmp(w, list[k], l) == 0 && w[l] == ' ')
			return w + l + 1;
	}
	return NULL;
}

/*
 * find_label: the table entry for a label as written; fuzzy (before a
 * ':') also strips qualifier words such as "Contact" or "Work".
 */
static const struct label *
find_label(const char *s, size_t n, int fuzzy)
{
	char w[LABEL_MAX * 2 + 8], prev[sizeof(w)];
	const struct label *lb;
	const char *rest;
	int keep;

	prev[0] = '\0';
	for (keep = 0; keep < 2; keep++) {
		if (label_norm(s, n, keep, w, sizeof(w)) == 0)
			continue;
		if (keep == 1 && strcmp(w, prev) == 0)
			break;
		memcpy(prev, w, sizeof(w));
		if ((lb = lookup(w)) != NULL)
			return lb;
		rest = strip_word(w, possessives, ARRAY_SIZE(possessives));
		if (rest != NULL && (lb = lookup(rest)) != NULL)
			return lb;
		if (!fuzzy)
			continue;
		rest = strip_word(w, qualifiers, ARRAY_SIZE(qualifiers));
		if (rest != NULL && (lb = lookup(rest)) != NULL)
			return lb;
	}
	return NULL;
}

/* ---- lines ---- */

struct line {
	const char *p;
	size_t n;
};

/* space_len: length of a space at s[i]: blanks but the newline, NBSP */
static size_t
space_len(const char *s, size_t n, size_t i)
{
	static const char *const spaces[] = { " ", "\t", "\r", "\f", "\v",
	    "\xc2\xa0", NULL };

	return i < n ? mem_one_of(s + i, n - i, spaces) : 0;
}

static size_t
skip_space(const char *s, size_t n, size_t i)
{
	size_t l;

	while ((l = space_len(s, n, i)) != 0)
		i += l;
	return i;
}

static size_t
rtrim_len(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\f' || s[n - 1] == '\v'))
		n--;
	if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 &&
	    (unsigned char)s[n - 1] == 0xa0)
		return rtrim_len(s, n - 2);
	return n;
}

/*
 * line_at: the line at pos (without '\n', trailing '\r' and '>' quote
 * marks); returns where the next line starts.
 */
static size_t
line_at(const char *t, size_t n, size_t pos, struct line *ln)
{
	const char *p = t + pos, *e;
	size_t len, i;

	e = memchr(p, '\n', n - pos);
	len = e != NULL ? (size_t)(e - p) : n - pos;
	ln->p = p;
	ln->n = rtrim_len(p, len);
	for (;;) {
		i = skip_space(ln->p, ln->n, 0);
		if (i < ln->n && ln->p[i] == '>') {
			ln->p += i + 1;
			ln->n -= i + 1;
			continue;
		}
		break;
	}
	return e != NULL ? pos + len + 1 : n;
}

static int
is_blank(const struct line *ln)
{
	return skip_space(ln->p, ln->n, 0) >= ln->n;
}

/* bullet_len: "- ", "* ", "• ", "· ", "– ", "o " at the start, or 0. */
static size_t
bullet_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t l = 0;

	if (n >= 1 && (u[0] == '-' || u[0] == '*' || u[0] == '+' ||
	    u[0] == 'o'))
		l = 1;
	else if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0xa2 || u[2] == 0x93 || u[2] == 0x94))
		l = 3;              /* • – — */
	else if (n >= 2 && u[0] == 0xc2 && u[1] == 0xb7)
		l = 2;              /* · */
	else if (n >= 3 && u[0] == 0xe2 && u[1] == 0x96 && u[2] == 0xaa)
		l = 3;              /* ▪ */
	if (l == 0 || l >= n || space_len(s, n, l) == 0)
		return 0;
	return l;
}

static int
suffix_n(const char *p, size_t n, const char *suf)
{
	size_t l = strlen(suf);

	return n >= l && memcmp(p + n - l, suf, l) == 0;
}

/* the signature separator, or the start of a quoted or forwarded mail */
static int
is_boundary(const struct line *ln)
{
	const char *p = ln->p;
	size_t n = ln->n, i = skip_space(p, n, 0), k;

	p += i;
	n -= i;
	if (n == 2 && memcmp(p, "--", 2) == 0)
		return 1;       /* "-- " (lines come right-trimmed) */
	for (k = 0; k < n && p[k] == '-'; k++)
		;
	if (k >= 5 && k < n && p[k] != '-' && (p[k] == ' ' ||
	    (p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= 'a' && p[k] <= 'z')))
		return 1;       /* "-----Original Message-----" */
	for (k = 0; k < n && p[k] == '_'; k++)
		;
	if (k >= 8)
		return 1;       /* Outlook's rule */
	if (n > 6 && n < 300 && (suffix_n(p, n, "wrote:") ||
	    suffix_n(p, n, "schrieb:") ||
	    suffix_n(p, n, "a \xc3\xa9" "crit :") ||
	    suffix_n(p, n, "escribi\xc3\xb3:")) &&
	    (memcmp(p, "On ", 3) == 0 || memcmp(p, "Am ", 3) == 0 ||
	    memcmp(p, "Le ", 3) == 0 || memcmp(p, "El ", 3) == 0))
		return 1;       /* "On …, … wrote:" */
	if (n >= 23 && memcmp(p, "Begin forwarded message", 23) == 0)
		return 1;
	return 0;
}

static int
in_list(const char *w, const char *const *list, size_t nlist)
{
	size_t k;

	for (k = 0; k < nlist; k++)
		if (strcmp(w, list[k]) == 0)
			return 1;
	return 0;
}

static int
is_closing(const struct line *ln)
{
	char w[64];
	size_t l;

	if (ln->n > 40)
		return 0;
	l = fields_fold(ln->p, ln->n, w, sizeof(w));
	while (l > 0 && (w[l - 1] == ',' || w[l - 1] == '.' ||
	    w[l - 1] == '!' || w[l - 1] == ' '))
		w[--l] = '\0';
	return l > 0 && in_list(w, closings, ARRAY_SIZE(closings));
}

struct hit {
	const struct label *lb;
	const char *label;
	size_t label_len;
	const char *value;       /* on the same line; may be empty */
	size_t value_len;
	int lone;                /* no separator: the label alone */
};

/*
 * analyze: is the line a field?  in_block: inside a description, where
 * bulleted lines are content.
 */
static int
analyze(const struct line *ln, int in_block, struct hit *h)
{
	const char *p = ln->p;
	size_t n = ln->n, i, lim, c, q, sl = 0, bl;
	const struct label *lb;

	i = skip_space(p, n, 0);
	if ((bl = bullet_len(p + i, n - i)) != 0) {
		if (in_block)
			return 0;
		i = skip_space(p, n, i + bl);
	}
	p += i;
	n -= i;
	if (n == 0)
		return 0;
	lim = n < LABEL_SCAN ? n : LABEL_SCAN;

	/* "Label: value", "Label : value", "Label：value" */
	for (c = 0; c < lim; c++) {
		if (p[c] == ':') {
			sl = 1;
			break;
		}
		if ((unsigned char)p[c] == 0xef && c + 2 < n &&
		    (unsigned char)p[c + 1] == 0xbc &&
		    (unsigned char)p[c + 2] == 0x9a) {
			sl = 3;
			break;
		}
	}
	if (c < lim && c > 0 && (lb = find_label(p, c, 1)) != NULL) {
		h->lb = lb;
		h->label = p;
		h->label_len = rtrim_len(p, c);
		i = c + sl;
		while (i < n && (p[i] == ':' || space_len(p, n, i) != 0))
			i += p[i] == ':' ? 1 : space_len(p, n, i);
		h->value = p + i;
		h->value_len = n - i;
		h->lone = 0;
		return 1;
	}

	/* "Label<TAB>value", "Label   value", "Label - value" */
	for (q = 0; q < lim; q++) {
		if (p[q] == '\t') {
			sl = 1;
			break;
		}
		if (p[q] == ' ' && q + 1 < n && p[q + 1] == ' ') {
			sl = 2;
			break;
		}
		if (p[q] == ' ' && q + 2 < n && p[q + 1] == '-' &&
		    p[q + 2] == ' ') {
			sl = 3;
			break;
		}
		if (p[q] == ' ' && q + 4 < n &&
		    (unsigned char)p[q + 1] == 0xe2 &&
		    (unsigned char)p[q + 2] == 0x80 &&
		    ((unsigned char)p[q + 3] == 0x93 ||
		    (unsigned char)p[q + 3] == 0x94) && p[q + 4] == ' ') {
			sl = 5;
			break;
		}
	}
	if (q < lim && q > 0 && (lb = find_label(p, q, 0)) != NULL) {
		h->lb = lb;
		h->label = p;
		h->label_len = q;
		i = skip_space(p, n, q + sl);
		h->value = p + i;
		h->value_len = n - i;
		h->lone = 0;
		return 1;
	}

	/* the label alone; a lone "Education" or "Message" may be a value */
	if (n <= LABEL_MAX && (lb = find_label(p, n, 0)) != NULL &&
	    lb->key != FK_NONE) {
		h->lb = lb;
		h->label = p;
		h->label_len = n;
		h->value = p + n;
		h->value_len = 0;
		h->lone = 1;
		return 1;
	}
	return 0;
}

/* ---- values ---- */

/* clean_single: valid UTF-8, no controls, single spaces, trimmed, capped */
static char *
clean_single(const char *p, size_t n, size_t cap)
{
	char *c, *o;
	size_t i, len;
	int space = 0;

	c = utf8_clean(p, utf8_prefix(p, n, cap), 0);
	o = c;
	for (i = 0; c[i] != '\0'; i++) {
		if (c[i] == ' ' || c[i] == '\t') {
			space = 1;
			continue;
		}
		if (space && o != c)
			*o++ = ' ';
		space = 0;
		*o++ = c[i];
	}
	*o = '\0';
	len = utf8_prefix(c, (size_t)(o - c), cap);
	c[len] = '\0';
	return c;
}

static int
is_empty_value(const char *v)
{
	char w[16];

	if (*v == '\0')
		return 1;
	if (strlen(v) >= sizeof(w))
		return 0;
	fields_fold(v, strlen(v), w, sizeof(w));
	return in_list(w, empty_values, ARRAY_SIZE(empty_values)) ||
	    strcmp(w, "\xe2\x80\x93") == 0;
}

static int
is_honorific(const char *v)
{
	char w[16], x[16];
	size_t i, o = 0;

	if (strlen(v) >= sizeof(w))
		return 0;
	fields_fold(v, strlen(v), w, sizeof(w));
	for (i = 0; w[i] != '\0'; i++)
		if (w[i] != '.')
			x[o++] = w[i];
	x[o] = '\0';
	return in_list(x, honorifics, ARRAY_SIZE(honorifics));
}

static int
looks_url(const char *p, size_t n)
{
	char w[48];

	fields_fold(p, n < 40 ? n : 40, w, sizeof(w));
	return strncmp(w, "http://", 7) == 0 ||
	    strncmp(w, "https://", 8) == 0 || strncmp(w, "www.", 4) == 0 ||
	    strncmp(w, "linkedin.com", 12) == 0 ||
	    strncmp(w, "xing.com", 8) == 0 ||
	    mem_find_ci(p, n < 200 ? n : 200, "linkedin.com/") != NULL;
}

static int
multi_line(enum field_key k)
{
	return k == FK_DESCRIPTION || k == FK_REQUIREMENTS;
}

static void
add_field(struct field_set *fs, enum field_key key, const char *label,
    size_t ll, char *value)
{
	struct field *f;

	if (key == FK_NONE || fs->n >= FIELDS_MAX || is_empty_value(value) ||
	    (key == FK_TITLE && is_honorific(value))) {
		free(value);
		return;
	}
	fs->v = xreallocarray(fs->v, fs->n + 1, sizeof(*fs->v));
	f = &fs->v[fs->n++];
	f->key = key;
	f->quoted = 0;
	f->label = clean_single(label, ll, LABEL_MAX);
	f->value = value;
}

/*
 * collect_block: a description from its first line on; stops before the
 * next label line (a label of the same key, such as "Responsibilities"
 * inside a job description, is a heading within it), a boundary or a
 * closing.  Trailing spaces go, runs of blank lines become one, blank
 * lines at both ends go.
 */
static char *
collect_block(const char *t, size_t n, size_t *pos, enum field_key key,
    const char *first, size_t first_len, size_t cap)
{
	struct buf b;
	struct line ln;
	struct hit h;
	size_t next, l;
	int blank = 0, full = 0;
	char *raw, *clean;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	if (first_len > 0)
		buf_append(&b, first, utf8_prefix(first, first_len, cap));
	while (*pos < n) {
		next = line_at(t, n, *pos, &ln);
		if (is_boundary(&ln) || is_closing(&ln) ||
		    (analyze(&ln, 1, &h) && h.lb->key != key))
			break;
		*pos = next;
		if (full)
			continue;
		if (is_blank(&ln)) {
			blank = b.len > 0;
			continue;
		}
		if (b.len > 0)
			buf_append(&b, blank ? "\n\n" : "\n", blank ? 2 : 1);
		blank = 0;
		l = ln.n;
		if (b.len + l > cap) {
			l = b.len < cap ? utf8_prefix(ln.p, l, cap - b.len) : 0;
			full = 1;
		}
		buf_append(&b, ln.p, l);
	}
	raw = buf_steal(&b);
	for (l = 0; raw[l] == ' ' || raw[l] == '\t'; l++)
		;
	clean = utf8_clean(raw + l, strlen(raw + l), 1);
	free(raw);
	/* tabs stay; lines were right-trimmed already; trim the ends */
	l = strlen(clean);
	while (l > 0 && (clean[l - 1] == '\n' || clean[l - 1] == ' '))
		clean[--l] = '\0';
	l = utf8_prefix(clean, l, cap);
	clean[l] = '\0';
	return clean;
}

int
fields_parse_text(const char *text, size_t n, const struct limits *lim,
    struct field_set *out)
{
	struct limits def;
	struct line ln, vl;
	struct hit h, h2;
	size_t pos = 0, next, vpos, cap, k;
	enum field_key key;
	char *value;

	out->v = NULL;
	out->n = 0;
	if (lim == NULL) {
		limit_defaults(&def);
		lim = &def;
	}
	cap = lim->max_field_value > 0 ? lim->max_field_value :
	    LIMIT_FIELD_VALUE;
	if (text == NULL)
		return 0;
	while (pos < n && out->n < FIELDS_MAX) {
		next = line_at(text, n, pos, &ln);
		pos = next;
		if (!analyze(&ln, 0, &h))
			continue;
		key = h.lb->key;

		/* a lone label (or an empty value): the next non-blank line */
		vl.p = h.value;
		vl.n = h.value_len;
		vpos = pos;
		if (h.value_len == 0) {
			vl.n = 0;
			for (k = 0; k <= NEXT_VALUE_BLANKS && vpos < n; k++) {
				next = line_at(text, n, vpos, &vl);
				if (!is_blank(&vl))
					break;
				vpos = next;
				vl.n = 0;
			}
			if (vl.n > 0 && (is_boundary(&vl) ||
			    analyze(&vl, 0, &h2) ||
			    (!multi_line(key) && !(h.lb->flags & LF_URLQ) &&
			    vl.n > NEXT_VALUE_MAX)))
				vl.n = 0;
		}
		if (h.lb->flags & LF_URLQ)
			key = vl.n > 0 && looks_url(vl.p, vl.n) ?
			    FK_PROFILE_URL : FK_REQUIREMENTS;

		if (multi_line(key)) {
			/* the block starts on the label line or below it */
			value = collect_block(text, n, &pos, key, h.value,
			    h.value_len, cap);
		} else if (h.value_len > 0) {
			value = clean_single(h.value, h.value_len, cap);
		} else if (vl.n > 0) {
			value = clean_single(vl.p + skip_space(vl.p, vl.n, 0),
			    vl.n - skip_space(vl.p, vl.n, 0), cap);
			pos = line_at(text, n, vpos, &vl);
		} else
			continue;
		add_field(out, key, h.label, h.label_len, value);
	}
	return 0;
}

int
fields_parse(const struct mail *m, const struct limits *lim,
    struct field_set *out)
{
	const char *t = m != NULL && m->text != NULL ? m->text : "";

	return fields_parse_text(t, strlen(t), lim, out);
}

/* fresh text first: see fields.h and quote.h */
int
fields_parse_quoted(const struct mail *m, const struct limits *lim,
    const struct quote_headers *qh, struct field_set *out)
{
	const char *t = m != NULL && m->text != NULL ? m->text : "";
	struct quote_split qs;
	struct field_set part;
	size_t i, k;
	int pass;

	out->v = NULL;
	out->n = 0;
	quote_split(qh, t, strlen(t), &qs);
	for (pass = 0; pass <= 1; pass++) {
		for (i = 0; i < qs.n; i++) {
			if (qs.v[i].quoted != pass)
				continue;
			fields_parse_text(t + qs.v[i].start, qs.v[i].len, lim,
			    &part);
			for (k = 0; k < part.n; k++) {
				if (out->n >= FIELDS_MAX) {
					free(part.v[k].label);
					free(part.v[k].value);
					continue;
				}
				out->v = xreallocarray(out->v, out->n + 1,
				    sizeof(*out->v));
				out->v[out->n] = part.v[k];
				out->v[out->n++].quoted = pass;
			}
			free(part.v);
		}
	}
	quote_split_free(&qs);
	return 0;
}

int
fields_quoted_used(const struct field_set *fs)
{
	/* fresh fields come first (fields_parse_quoted) */
	return fs != NULL && fs->n > 0 && fs->v[0].quoted;
}

int
fields_superseded(const struct field_set *fs, size_t i)
{
	size_t k;

	if (fs == NULL || i >= fs->n || !fs->v[i].quoted)
		return 0;
	/* fresh fields come first */
	for (k = 0; k < fs->n && !fs->v[k].quoted; k++)
		if (fs->v[k].key == fs->v[i].key)
			return 1;
	return 0;
}

const char *
fields_get(const struct field_set *fs, enum field_key key)
{
	size_t i;

	if (fs == NULL)
		return NULL;
	for (i = 0; i < fs->n; i++)
		if (fs->v[i].key == key)
			return fs->v[i].value;
	return NULL;
}

static int
has(const struct field_set *fs, enum field_key key)
{
	return fields_get(fs, key) != NULL;
}

int
fields_job_score(const struct field_set *fs)
{
	static const enum field_key keys[] = {
		FK_POSITION, FK_COMPANY, FK_SALARY, FK_EMPLOYMENT_TYPE,
		FK_START_DATE, FK_CONFIDENTIAL, FK_DESCRIPTION, FK_REQUIREMENTS,
	};
	size_t i;
	int score = 0;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		score += has(fs, keys[i]);
	return score;
}

int
fields_candidate_score(const struct field_set *fs)
{
	static const enum field_key keys[] = {
		FK_DESIRED_POSITION, FK_CURRENT_TITLE, FK_CURRENT_EMPLOYER,
		FK_YEARS_EXPERIENCE, FK_RELOCATE, FK_PROFILE_URL,
		FK_DESIRED_SALARY, FK_DESIRED_LOCATION,
	};
	size_t i;
	int score = 0;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		score += has(fs, keys[i]);
	if (has(fs, FK_FIRST_NAME) || has(fs, FK_LAST_NAME))
		score++;
	return score;
}

const char *
fields_key_name(enum field_key key)
{
	static const char *const names[FK__COUNT] = {
		[FK_NONE] = "none",
		[FK_COMPANY] = "company",
		[FK_NAME] = "name",
		[FK_FIRST_NAME] = "first_name",
		[FK_LAST_NAME] = "last_name",
		[FK_TITLE] = "title",
		[FK_EMAIL] = "email",
		[FK_PHONE] = "phone",
		[FK_POSITION] = "position",
		[FK_INDUSTRY] = "industry",
		[FK_LOCATION] = "location",
		[FK_CITY] = "city",
		[FK_COUNTRY] = "country",
		[FK_EMPLOYMENT_TYPE] = "employment_type",
		[FK_SALARY] = "salary",
		[FK_START_DATE] = "start_date",
		[FK_CONFIDENTIAL] = "confidential",
		[FK_DESCRIPTION] = "description",
		[FK_REQUIREMENTS] = "requirements",
		[FK_CURRENT_TITLE] = "current_title",
		[FK_CURRENT_EMPLOYER] = "current_employer",
		[FK_DESIRED_POSITION] = "desired_position",
		[FK_RELOCATE] = "relocate",
		[FK_YEARS_EXPERIENCE] = "years_experience",
		[FK_PROFILE_URL] = "profile_url",
		[FK_DESIRED_SALARY] = "desired_salary",
		[FK_DESIRED_LOCATION] = "desired_location",
	};

	if ((unsigned)key >= FK__COUNT || names[key] == NULL)
		return "none";
	return names[key];
}

void
fields_free(struct field_set *fs)
{
	size_t i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].label);
		free(fs->v[i].value);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = 0;
}

/*
 * fields.h — labelled fields found in a mail body ("Position Title: …",
 * "Gehalt: …", a label on one line and its value on the next, web-form
 * table rows after html_to_text), mapped to canonical keys.  Label
 * variants in English, German, French and Spanish.
 *
 * SECURITY: reads text from strangers; every value is capped at
 * limits.max_field_value and the number of fields at FIELDS_MAX.
 */
#ifndef RECRUIT_FIELDS_H
#define RECRUIT_FIELDS_H

#include <stddef.h>
#include "limit.h"
#include "mail.h"

#define FIELDS_MAX 256

enum field_key {
	FK_NONE = 0,
	FK_COMPANY,
	FK_NAME,             /* full name of the writer / contact / candidate */
	FK_FIRST_NAME,
	FK_LAST_NAME,
	FK_TITLE,            /* the writer's own job title ("Your Title") */
	FK_EMAIL,
	FK_PHONE,
	FK_POSITION,         /* position to fill (job order) */
	FK_INDUSTRY,
	FK_LOCATION,
	FK_CITY,
	FK_COUNTRY,
	FK_EMPLOYMENT_TYPE,
	FK_SALARY,
	FK_START_DATE,
	FK_CONFIDENTIAL,
	FK_DESCRIPTION,
	FK_REQUIREMENTS,
	FK_CURRENT_TITLE,
	FK_CURRENT_EMPLOYER,
	FK_DESIRED_POSITION,
	FK_RELOCATE,
	FK_YEARS_EXPERIENCE,
	FK_PROFILE_URL,
	FK_DESIRED_SALARY,
	FK_DESIRED_LOCATION,
	FK__COUNT
};

struct field {
	enum field_key key;
	char *label;   /* the label as written, trimmed */
	char *value;   /* trimmed UTF-8; multi-line values keep their '\n' */
	int quoted;    /* 1: read from quoted text (fields_parse_quoted) */
};

struct field_set {
	struct field *v;
	size_t n;
};

/*
 * fields_parse: fields of m->text (m->html is already folded into text
 * by mime when there is no plain part; tables come through as lines).
 * Returns 0; an empty set is not an error.
 *
 * A field is a line that starts with a known label (at most 5 words,
 * after "*" markers, "Your"/"Ihre"/"Votre"/"Su" prefixes and a trailing
 * "(…)" are set aside; any case, accents optional) followed by ':' (also
 * " :" and '：') and the value; for labels known exactly also a tab, two
 * spaces or " - " before the value, or the label alone on its line with
 * the value on the next non-blank line.  Lines quoted with '>' are read
 * too (the first value of a key wins in fields_get; fields_parse_quoted
 * puts the fields of fresh text first).  Description and
 * requirements run over several lines until the next label line, the
 * signature separator "-- ", a quoted-reply or forward separator or a
 * closing such as "Best regards"; bulleted lines inside them are never
 * taken for labels.  Values "-", "n/a" and the like count as absent.
 * Linear in the text; values capped at lim->max_field_value (NULL:
 * defaults), at most FIELDS_MAX fields.
 */
int fields_parse(const struct mail *m, const struct limits *lim,
    struct field_set *out);
/*
 * fields_parse_quoted: fields_parse with fresh text first (issue 14): the
 * text is split by quote_split (quote.h; qh the header patterns, NULL:
 * only '>' lines are quoted); the fields of the fresh spans come first,
 * in the text's order, then those of the quoted spans, marked quoted.
 * fields_get then gives the fresh value of a key where the fresh text has
 * one, and the quoted value only where it has none.  Each span is read
 * on its own (a description ends where its span ends).  Returns 0.
 */
struct quote_headers;
int fields_parse_quoted(const struct mail *m, const struct limits *lim,
    const struct quote_headers *qh, struct field_set *out);
/*
 * fields_quoted_used: 1 when the values of fs come from quoted text only
 * (fields_parse_quoted found fields, none of them in the fresh text),
 * else 0.  Such values are older than the mail, and the fresh text may
 * correct them in prose the fields do not read ("Sorry, the salary is
 * 140k, not 120k"): the record asks for review.  A fresh text with
 * fields of its own corrects in fields; the quote then only fills.
 */
int fields_quoted_used(const struct field_set *fs);
/*
 * fields_superseded: 1 when fs->v[i] is quoted and the fresh text has a
 * field of the same key (fields_get gives that one), else 0.  Readers
 * that take every value of a key (places, industries) skip such a field:
 * a quoted key only fills what the fresh text leaves unknown.
 */
int fields_superseded(const struct field_set *fs, size_t i);
/* fields_parse_text: the same for a bare text (tests, fuzzers). */
int fields_parse_text(const char *text, size_t n, const struct limits *lim,
    struct field_set *out);
/* fields_get: first value for key, or NULL. */
const char *fields_get(const struct field_set *fs, enum field_key key);
/*
 * Scores for the classifier: how many keys typical of a job order /
 * a candidate registration are present (each key counts once).
 *   job:       position, company, salary, employment type, start date,
 *              confidential, description, requirements
 *   candidate: desired position, current title, current employer, years
 *              of experience, willing to relocate, profile URL, desired
 *              salary, desired location, and first/last name (the pair
 *              counts once: job-order forms ask for the contact's name
 *              too)
 * Name, email, phone, title, industry, location and country belong to
 * both kinds and count for neither.
 */
int fields_job_score(const struct field_set *fs);
int fields_candidate_score(const struct field_set *fs);
/* fields_key_name: "position", "desired_salary", … ("none" for FK_NONE). */
const char *fields_key_name(enum field_key key);
void fields_free(struct field_set *fs);

/*
 * fields_fold: s prepared for comparison: ASCII letters lowercase, Latin
 * letters without their accents ("ü" -> "u", "ß" -> "ss", "é" -> "e"),
 * typographic apostrophes, dashes and the full-width colon made ASCII,
 * runs of white space (also no-break spaces and controls) one ' ',
 * trimmed; invalid UTF-8 becomes '?'.  Writes at most outsz - 1 bytes
 * (never half a character) and a NUL; returns the length.  Shared with
 * geo.c, industry.c and extract.c.
 */
size_t fields_fold(const char *s, size_t n, char *out, size_t outsz);

#endif

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
};

struct field_set {
	struct field *v;
	size_t n;
};

/* fields_parse: fields of m->text (m->html is already folded into text
 * by mime when there is no plain part; tables come through as lines).
 * Returns 0; an empty set is not an error. */
int fields_parse(const struct mail *m, const struct limits *lim,
    struct field_set *out);
/* fields_parse_text: the same for a bare text (tests, fuzzers). */
int fields_parse_text(const char *text, size_t n, const struct limits *lim,
    struct field_set *out);
/* fields_get: first value for key, or NULL. */
const char *fields_get(const struct field_set *fs, enum field_key key);
/* Scores for the classifier: how many keys typical of a job order /
 * a candidate registration are present. */
int fields_job_score(const struct field_set *fs);
int fields_candidate_score(const struct field_set *fs);
const char *fields_key_name(enum field_key key);
void fields_free(struct field_set *fs);

#endif

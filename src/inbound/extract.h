/*
 * extract.h — job-order and candidate records from a normalized mail and
 * its fields.  Where a field is absent, the mail itself is used (sender
 * name and address, Reply-To of a web-form robot, subject, signature).
 * Records own all their strings; free with job_order_free/candidate_free.
 *
 * SECURITY: reads text from strangers (through fields and mail); bounded
 * by the limits those carry.
 */
#ifndef RECRUIT_EXTRACT_H
#define RECRUIT_EXTRACT_H

#include "fields.h"
#include "industry.h"
#include "prose.h"
#include "mail.h"
#include "salary.h"

struct signature_words;   /* signature.h */

struct extract_config {
	const struct industry_list *industries;
	char **web_forms;       /* lowercase robot sender addresses */
	size_t n_web_forms;
	const struct salary_words *salary_words;  /* salary.h, or NULL */
	/* signature blocks (signature.h), or NULL: the default file's */
	const struct signature_words *signature_words;
	const struct prose_phrases *prose;  /* prose.h; NULL: the default
	                                       file, or no prose */
};

struct job_order {
	char *company;
	char *contact_name;
	char *contact_title;
	char *contact_email;
	char *contact_phone;
	char *position_title;
	char *industry;         /* a name from the industry list, or NULL */
	char *location;         /* city / region as written, cleaned */
	char *country;          /* ISO 3166-1 alpha-2, or NULL */
	char *employment_type;  /* full_time|part_time|contract|temporary|interim|internship */
	struct salary salary;
	char *start_date;       /* YYYY-MM-DD, YYYY-MM, or the text ("immediately") */
	int confidential;       /* 1, 0, or -1 unknown */
	char *description;      /* description + requirements */
	char *found;            /* comma list of export keys found in fields */
	int needs_review;       /* essentials missing */
};

struct resume {
	char *filename;         /* decoded original name (display only) */
	char *content_type;
	size_t size;
	char sha256[65];
	const unsigned char *data;  /* borrowed from the mail part */
	char *text;             /* extracted text, or NULL */
	char *text_error;       /* why no text, or NULL */
	int stored;             /* its file is in the store already
	                           (store_put_files) */
};

struct candidate {
	char *name;
	char *email;
	char *phone;
	char *current_title;
	char *current_employer;
	char *desired_position;
	char **industries;      /* names from the industry list */
	size_t n_industries;
	char **locations;       /* "City, CC" or "City" as written */
	size_t n_locations;
	int willing_to_relocate;  /* 1, 0, -1 unknown */
	struct salary salary_expectation;
	int years_experience;     /* -1 unknown */
	char *profile_url;
	struct resume *resumes;
	size_t n_resumes;
	char *cover_letter;       /* the body text */
	char *found;
	int needs_review;
};

/* extract_job_order / extract_candidate: 0, or -1 only on a broken
 * invariant; a record with nothing found is still returned (needs_review). */
int extract_job_order(const struct mail *m, const struct field_set *fs,
    const struct extract_config *cfg, struct job_order **job_r);
int extract_candidate(const struct mail *m, const struct field_set *fs,
    const struct extract_config *cfg, const struct limits *lim,
    struct candidate **cand_r);
/* extract_is_resume: the part looks like a résumé/CV attachment
 * (by type, extension or name such as "CV", "Lebenslauf", "resume"). */
int extract_is_resume(const struct mail_part *p);
void job_order_free(struct job_order *j);
void candidate_free(struct candidate *c);

#endif

/*
 * prose.h — a job order's position, company and place, and a candidate's
 * wished position, industries and place to move to, from the sentences
 * people write ("Alpenbau GmbH is looking for a Chief Financial Officer
 * for our Munich headquarters", "I am looking for CFO roles in life
 * sciences") and from the subject ("Search mandate: CFO (Munich)").
 *
 * The phrases are data: data/prose-phrases, installed as
 * PKGDATADIR/prose-phrases, or the file named by [extract] prose_phrases
 * (its head says what each KIND does).  Only the fresh text is read:
 * what comes before the quoted part of a reply (a "quote" phrase of the
 * file, or a line starting with '>').
 *
 * Pure: no I/O after prose_load, no global state; the results own their
 * strings (prose_job_clear / prose_candidate_clear free them).
 *
 * SECURITY: the file is configuration, read with limits all the same
 * (PROSE_FILE_MAX bytes, PROSE_MAX phrases of at most PROSE_LEN_MAX
 * bytes).  Mails are strangers' text: read through (s, n) only, at most
 * PROSE_SCAN_MAX bytes of fresh body and PROSE_SUBJECT_MAX of subject;
 * every value is at most PROSE_VALUE_MAX bytes.
 */
#ifndef RECRUIT_PROSE_H
#define RECRUIT_PROSE_H

#include <stddef.h>

#include "industry.h"

#define PROSE_FILE_MAX      (256u * 1024)  /* bytes of the file */
#define PROSE_MAX           4096   /* phrases in a file */
#define PROSE_LEN_MAX       160    /* bytes of one phrase */
#define PROSE_SCAN_MAX      (16u * 1024)   /* fresh body bytes read */
#define PROSE_SUBJECT_MAX   512    /* subject bytes read */
#define PROSE_VALUE_MAX     120    /* bytes of a position or company */
#define PROSE_MAX_INDUSTRIES 8
#define PROSE_FILE          "prose-phrases" /* name in PKGDATADIR */

struct prose_phrases;

/*
 * prose_load: the phrases of the file at path; free with prose_free.
 * NULL and *error_r on failure ("PATH:LINE: unknown kind (…)"); the
 * text is in a buffer of this module until the next prose_load.  A file
 * without a phrase is an error.  Read-only after: share it freely.
 */
struct prose_phrases *prose_load(const char *path, const char **error_r);
void prose_free(struct prose_phrases *t);

/* prose_count: the phrases of t, of every kind. */
size_t prose_count(const struct prose_phrases *t);

/*
 * prose_default_path: $RECRUIT_DATADIR/prose-phrases when that variable
 * is set and not empty (tests, benches), else PKGDATADIR/prose-phrases.
 * A static buffer.
 */
const char *prose_default_path(void);

/*
 * prose_fresh: the length of the fresh part of (s, n): up to the first
 * line that starts a quoted reply (a "quote" phrase, a '>' line).
 */
size_t prose_fresh(const struct prose_phrases *t, const char *s, size_t n);

/* what prose says of a job order; NULL where it says nothing */
struct prose_job {
	char *position;   /* "Chief Financial Officer" */
	char *company;    /* "Alpenbau GmbH": never a "self" name */
	char *location;   /* "Munich": a place geo.h knows, as written */
	int position_from_subject;  /* 1 when the subject named it */
};

/*
 * prose_job_read: fills *r (zeroed first) from the subject (may be NULL)
 * and the body (s, n).  The subject's position wins over the body's:
 * it is the title the sender chose for the mandate, the body's sentence
 * often a paraphrase ("a new finance chief").  Never fails; t NULL
 * reads nothing.
 */
void prose_job_read(const struct prose_phrases *t, const char *subject,
    const char *s, size_t n, struct prose_job *r);
void prose_job_clear(struct prose_job *r);

/* what prose says of a candidate */
struct prose_candidate {
	char *position;        /* the wished position, or NULL */
	const char *industries[PROSE_MAX_INDUSTRIES]; /* owned by the list */
	size_t n_industries;
	char *relocate_to;     /* "Zurich": a place geo.h knows, or NULL */
};

/*
 * prose_candidate_read: fills *r (zeroed first) from the body (s, n)'s
 * fresh part; industries are the names of il found after the wished
 * position in its sentence, up to a negation ("not banking").  il NULL:
 * no industries.  Never fails.
 */
void prose_candidate_read(const struct prose_phrases *t,
    const struct industry_list *il, const char *s, size_t n,
    struct prose_candidate *r);
void prose_candidate_clear(struct prose_candidate *r);

#endif

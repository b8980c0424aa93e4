/*
 * store_export.h — the store's reads for `recruitctl export`, `list`,
 * `show` and `status`: records, messages, subscribers and bounces as rows
 * of typed cells, résumé lists, and the counts of the status page.
 *
 * Ownership: a row's cells and every string in them belong to the store
 * and are valid only during the callback that receives them; copy what
 * you keep.  Errors: -1 with *error_r (when error_r is not NULL) pointing
 * at text kept in the store until its next failing call.  Reads only: no
 * transaction needed (SQLite's WAL lets them run beside the daemon).
 */
#ifndef RECRUIT_STORE_EXPORT_H
#define RECRUIT_STORE_EXPORT_H

#include <stddef.h>

struct store;

enum store_export_table {
	STORE_EXPORT_JOBS,
	STORE_EXPORT_CANDIDATES,
	STORE_EXPORT_MESSAGES,
	STORE_EXPORT_SUBSCRIBERS,
	STORE_EXPORT_BOUNCES
};

/* which rows: all, the one with this record id, or the one(s) made from
 * this messages.id (for messages and subscribers: the same as by id) */
enum store_export_by {
	STORE_EXPORT_ALL,
	STORE_EXPORT_BY_ID,
	STORE_EXPORT_BY_MESSAGE
};

enum store_cell_type {
	STORE_CELL_NULL,
	STORE_CELL_INT,
	STORE_CELL_REAL,
	STORE_CELL_TEXT
};

/* One value.  i and d hold the value as an integer and as a real whatever
 * its type (0 for NULL); s its text (NULL only for NULL). */
struct store_cell {
	enum store_cell_type type;
	long long i;
	double d;
	const char *s;
};

/*
 * store_export_cell: the position of the cell called name in a row of
 * table t, -1 when the table has no such cell.  The cells are the
 * schema's column names, plus "message_id" and "received_at" of the
 * message a record or bounce came from (a bounce from an SMTP answer has
 * no message: its received_at is when the answer came):
 *   jobs: id message_id received_at company contact_name contact_title
 *     contact_email contact_phone position_title industry location
 *     country employment_type salary_min salary_max salary_currency
 *     salary_period start_date confidential description needs_review
 *   candidates: id message_id received_at name email phone current_title
 *     current_employer desired_position industries locations
 *     willing_to_relocate salary_min salary_max salary_currency
 *     salary_period years_experience profile_url needs_review
 *   messages: id message_id from_addr subject date source uid kind
 *     outcome reason
 *   subscribers: id email name status created_at confirmed_at
 *     bounce_count
 *   bounces: id message_id received_at recipient status action hard
 *     diagnostic subscriber
 */
int store_export_cell(enum store_export_table t, const char *name);

/* store_export_rows: fn for each selected row in id order (cells in the
 * order above, n of them).  A non-zero return from fn stops the
 * walk and is returned.  0, or -1 with *error_r. */
typedef int store_export_row_fn(void *ctx, const struct store_cell *cells,
    size_t n);
int store_export_rows(struct store *st, enum store_export_table t,
    enum store_export_by by, long id, store_export_row_fn *fn, void *ctx,
    const char **error_r);

/* One résumé of a candidate, in the order the mail had them. */
struct store_export_resume {
	const char *filename;      /* NULL when the mail gave none */
	const char *content_type;
	const char *sha256;
	long long size;
};

/* store_export_resumes: fn for each résumé of candidate cand (none: fn
 * is not called).  Returns like store_export_rows. */
typedef int store_export_resume_fn(void *ctx,
    const struct store_export_resume *r);
int store_export_resumes(struct store *st, long cand,
    store_export_resume_fn *fn, void *ctx, const char **error_r);

/* the grouped counts of `recruitctl status` */
enum store_export_count {
	STORE_COUNT_KINDS_SINCE,   /* messages received at or after since,
	                            * by kind */
	STORE_COUNT_WAITING,       /* messages in review or rejected, by
	                            * outcome */
	STORE_COUNT_OUTBOX,        /* outbox rows by state */
	STORE_COUNT_SUBSCRIBERS    /* subscribers by status */
};

/* store_export_counts: fn(ctx, name, count) for each group, in name order
 * (since is used by STORE_COUNT_KINDS_SINCE only).  Returns like
 * store_export_rows. */
typedef int store_export_count_fn(void *ctx, const char *name, long n);
int store_export_counts(struct store *st, enum store_export_count which,
    long since, store_export_count_fn *fn, void *ctx, const char **error_r);

struct store_export_totals {
	long jobs, jobs_review;
	long candidates, candidates_review;
};

/* store_export_totals: how many job orders and candidates, and how many of
 * each need review.  0 or -1 with *error_r. */
int store_export_totals(struct store *st, struct store_export_totals *t,
    const char **error_r);

#endif

/*
 * store_issue.h — the newsletter's rows in the store: issues (frozen
 * values and templates), the articles each issue took, and the
 * deliveries ledger (one row per issue and subscriber; deliver.h says
 * how it is kept).  newsletter.c builds and reads issues through
 * store_issue_*; deliver.c reads due deliveries and writes each answer
 * through store_delivery_*.
 *
 * Conventions: 0 / -1 (or 1 / 0 / -1 where a row may be missing); a
 * reason through const char **error_r, pointing into the store (valid
 * until the next failing call on it) or at a static string.  Strings a
 * row hands out are malloc'd and freed by the matching *_clear, except
 * in callbacks, where they are borrowed for the call only.  Writes
 * happen inside the caller's store_begin()/store_commit().
 */
#ifndef RECRUIT_STORE_ISSUE_H
#define RECRUIT_STORE_ISSUE_H

#include <signal.h>
#include <stddef.h>

struct store;

/* ---- issues ---- */

struct store_issue_article {
	const char *slug, *title, *date;
};

/* what newsletter_build writes: the issue frozen as it was built */
struct store_issue_new {
	long number;
	const char *subject;
	long created_at;
	long slot;                    /* the schedule's slot, 0: none */
	const char *context;          /* the values, JSON */
	const char *html_template, *text_template;
	const struct store_issue_article *articles;
	size_t n_articles;
};

/* store_issue_token: writes a fresh delivery token (NUL-terminated, at
 * most STORE_ISSUE_TOKEN_MAX - 1 characters) into buf; 0 or -1. */
#define STORE_ISSUE_TOKEN_MAX 65
typedef int store_issue_token_fn(char buf[STORE_ISSUE_TOKEN_MAX]);

/* store_issue_slug_used: is an article with this slug in an issue
 * already?  1, 0, or -1 with *error_r. */
int store_issue_slug_used(struct store *st, const char *slug,
    const char **error_r);

/* store_issue_next_number: the number the next issue gets (the highest so
 * far + 1; 1 for the first).  0 or -1 with *error_r. */
int store_issue_next_number(struct store *st, long *number_r,
    const char **error_r);

/*
 * store_issue_add: inside the caller's transaction: the issue row (state
 * "sending"), its articles in order, and one pending delivery per active
 * subscriber (by id), each with its own token from make_token.  *id_r the
 * issue's id, *deliveries_r the deliveries made.  0 or -1 with *error_r
 * (the caller rolls back).
 */
int store_issue_add(struct store *st, const struct store_issue_new *is,
    store_issue_token_fn *make_token, long *id_r, long *deliveries_r,
    const char **error_r);

/* what the sender needs to render an issue (malloc'd strings) */
struct store_issue_frozen {
	long id, number;
	char *context, *html_template, *text_template;
};

/* store_issue_frozen: issue id's number, values and templates.  0, 1 when
 * there is no such issue, -1 with *error_r.  Free with
 * store_issue_frozen_clear (also after 1 or -1). */
int store_issue_frozen(struct store *st, long id,
    struct store_issue_frozen *f, const char **error_r);
void store_issue_frozen_clear(struct store_issue_frozen *f);

/* an issue as `newsletter status` shows it (malloc'd strings) */
struct store_issue_info {
	long id, number, created_at;
	char *subject, *state;
	/* its deliveries by state */
	long sent, deferred, failed, pending, skipped;
};

/* store_issue_info: issue `number` (0: the latest) with its delivery
 * counts.  1 found, 0 none, -1 with *error_r.  Free with
 * store_issue_info_clear (also after 0 or -1). */
int store_issue_info(struct store *st, long number,
    struct store_issue_info *info, const char **error_r);
void store_issue_info_clear(struct store_issue_info *info);

/* store_issue_finish: issues being sent whose deliveries are all settled
 * (sent, failed, skipped) become "done".  Its own statement (autocommit
 * unless inside a transaction).  0 or -1 with *error_r. */
int store_issue_finish(struct store *st, const char **error_r);

/* ---- deliveries ---- */

/* one due delivery with its subscriber; strings borrowed by the callback
 * (copy what outlives it); name may be NULL */
struct store_delivery {
	long id, issue, subscriber;
	long attempts, first_deferred;    /* 0: never deferred */
	const char *token;                /* the delivery's VERP token */
	const char *email, *name, *sub_token, *status;
};

typedef int store_delivery_fn(const struct store_delivery *d, void *arg);

/*
 * store_delivery_due: deliveries of issues being sent, pending or
 * deferred with next_attempt <= now, id > after, at most limit, by id;
 * fn is called for each (a non-zero return stops the walk and is
 * returned).  The number of rows seen, or -1 with *error_r.  Reads only:
 * works while another process holds the write lock.
 */
int store_delivery_due(struct store *st, long now, long after, int limit,
    store_delivery_fn *fn, void *arg, const char **error_r);

/* the ledger's answer for one delivery (or outbox row) */
struct store_delivery_update {
	const char *state;       /* sent, deferred, failed, skipped */
	int attempt;             /* 1: counts as an attempt (not a skip) */
	long next_attempt;       /* deferred: when; else 0 */
	long first_deferred;     /* 0: NULL */
	long code;               /* the server's code, 0: NULL */
	const char *reply;       /* the server's last line; NULL or "": NULL */
	long done_at;            /* 0: NULL (still deferred) */
};

/*
 * store_delivery_begin: store_begin for a ledger write (a delivery's or
 * an outbox row's answer): waits for another process's write lock as
 * long as the store's busy timeout (10 s), but no longer once *stop (when
 * not NULL) is set, so that a stop is answered in a held lock too.
 * 0 or -1 with *error_r ("database is locked").
 */
int store_delivery_begin(struct store *st, volatile sig_atomic_t *stop,
    const char **error_r);

/* store_delivery_set: delivery id takes the answer u (attempts grow by
 * u->attempt).  Inside the caller's transaction.  0 or -1 with *error_r;
 * a missing row is not an error (nothing changes). */
int store_delivery_set(struct store *st, long id,
    const struct store_delivery_update *u, const char **error_r);

/* store_delivery_next_due: the earliest next_attempt of the pending and
 * deferred deliveries of issues being sent; *when_r 0 when there is
 * none.  0 or -1 with *error_r. */
int store_delivery_next_due(struct store *st, long *when_r,
    const char **error_r);

#endif

/*
 * store_outbox.h — the outbox: single mails (acknowledgements,
 * confirmations, other replies) composed when they were decided and
 * waiting for SMTP.  The reply side queues them (store_outbox_add) and
 * asks whether one went to an address lately (store_outbox_recent, the
 * RFC 3834 daily limit); the sender takes the due ones before newsletter
 * deliveries and writes each server answer (store_outbox_set);
 * `recruitctl outbox` lists and shows them.
 *
 * Conventions as in store_issue.h: 0 / -1 (1 / 0 / -1 where a row may be
 * missing), const char **error_r pointing into the store or at a static
 * string, strings borrowed inside callbacks and malloc'd in the
 * structures a *_clear frees.  Writes happen inside the caller's
 * transaction (or autocommit when there is none).
 */
#ifndef RECRUIT_STORE_OUTBOX_H
#define RECRUIT_STORE_OUTBOX_H

#include <stddef.h>

struct store;

/* store_outbox_add: queues one composed message of kind ("ack",
 * "confirm", …) to `to`, made from message msg_id (0: none); env_from ""
 * is the null sender.  The row is pending, due at once.  0 or -1 with
 * *error_r. */
int store_outbox_add(struct store *st, const char *kind, long msg_id,
    const char *to, const char *env_from, const char *raw, size_t len,
    const char **error_r);

/* store_outbox_recent: was a message of kind to addr (compared without
 * regard to case) queued at or after `since` (seconds since the epoch)?
 * 1, 0, or -1 with *error_r. */
int store_outbox_recent(struct store *st, const char *kind, const char *addr,
    long since, const char **error_r);

/* one due row for the sender; strings and raw borrowed by the callback */
struct store_outbox_due {
	long id, attempts, first_deferred;   /* 0: never deferred */
	const char *to_addr, *env_from;
	const char *raw;
	size_t raw_len;
};

typedef int store_outbox_due_fn(const struct store_outbox_due *o, void *arg);

/* store_outbox_due: rows pending or deferred with next_attempt <= now,
 * id > after, at most limit, by id; fn for each (non-zero stops the walk
 * and is returned).  The number of rows seen, or -1 with *error_r.
 * Reads only. */
int store_outbox_due(struct store *st, long now, long after, int limit,
    store_outbox_due_fn *fn, void *arg, const char **error_r);

/* the server's answer for one row: the same fields as a delivery's */
struct store_outbox_update {
	const char *state;       /* sent, deferred, failed */
	int attempt;             /* 1: counts as an attempt */
	long next_attempt;       /* deferred: when; else 0 */
	long first_deferred;     /* 0: NULL */
	long code;               /* 0: NULL */
	const char *reply;       /* NULL or "": NULL */
	long done_at;            /* 0: NULL */
};

/* store_outbox_set: row id takes the answer u.  Inside the caller's
 * transaction.  0 or -1 with *error_r. */
int store_outbox_set(struct store *st, long id,
    const struct store_outbox_update *u, const char **error_r);

/* store_outbox_next_due: the earliest next_attempt of the pending and
 * deferred rows, *when_r 0 when there is none.  0 or -1 with *error_r. */
int store_outbox_next_due(struct store *st, long *when_r,
    const char **error_r);

/* one row as `recruitctl outbox list` shows it; strings borrowed by the
 * callback; last_reply "" when there is none.  The strings come from the
 * store as they are: to_addr and last_reply are a stranger's and a
 * server's text, to be printed safely. */
struct store_outbox_row {
	long id;
	const char *state, *kind;
	long attempts, created_at;
	const char *to_addr, *last_reply;
};

typedef int store_outbox_row_fn(const struct store_outbox_row *r, void *arg);

/* store_outbox_list: every row by id (all = 0: all but the sent ones);
 * fn for each (non-zero stops the walk and is returned).  0 or -1 with
 * *error_r. */
int store_outbox_list(struct store *st, int all, store_outbox_row_fn *fn,
    void *arg, const char **error_r);

/* one row with its message (malloc'd strings, NULL where the column is
 * NULL; raw NUL-terminated after raw_len bytes) */
struct store_outbox_entry {
	long id;
	char *kind, *state;
	long message;                 /* 0: NULL */
	char *to_addr, *env_from;     /* env_from "": the null sender */
	long attempts, created_at, next_attempt;
	long first_deferred, done_at; /* 0: NULL */
	long last_code;               /* 0: NULL */
	char *last_reply;
	char *raw;
	size_t raw_len;
};

/* store_outbox_get: row id.  0, 1 when there is none, -1 with *error_r.
 * Free with store_outbox_entry_clear (also after 1 or -1). */
int store_outbox_get(struct store *st, long id, struct store_outbox_entry *e,
    const char **error_r);
void store_outbox_entry_clear(struct store_outbox_entry *e);

#endif

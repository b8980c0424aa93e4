/*
 * store_subscriber.h — the store's subscriber and bounce rows (DESIGN §3
 * "Subscribers"): every read and write of the subscribers table and of
 * bounces, with the status rules that go with a write (a request never
 * undoes a confirmation, an import never brings back an address that
 * unsubscribed, bounced or complained, the soft-bounce limit).
 *
 * The store writes what it is given: addresses as subscriber_addr_normalize
 * makes them, names as subscriber_name_clean makes them (subscriber.h).
 * Errors follow the store's convention: -1 and *error_r (when error_r is
 * not NULL) pointing at text kept in the store until its next failing call.
 * The writes run inside the caller's transaction (store_begin or a
 * savepoint); none opens one.
 */
#ifndef RECRUIT_STORE_SUBSCRIBER_H
#define RECRUIT_STORE_SUBSCRIBER_H

struct store;

/* Soft bounces within this many days that suspend an address: the
 * SUBSCRIBER_SOFT_LIMIT-th soft bounce in SUBSCRIBER_SOFT_DAYS makes an
 * active or pending subscriber "bounced" (store_subscriber_bounce). */
#define SUBSCRIBER_SOFT_LIMIT 3
#define SUBSCRIBER_SOFT_DAYS 30

enum subscriber_change {
	SUB_ADDED,       /* a new subscriber */
	SUB_UPDATED,     /* status or name changed */
	SUB_UNCHANGED,   /* nothing to do */
	SUB_KEPT         /* import: an address that unsubscribed, bounced or
	                  * complained is not brought back by an import */
};

/* One subscriber row as a read gives it.  The strings belong to the store
 * and are valid only during the callback (or until the next call on the
 * store); copy what you keep. */
struct store_subscriber {
	long id;
	const char *email;
	const char *name;          /* NULL when none */
	const char *status;        /* one of the five names (static) */
	const char *token;         /* 32 lowercase hex */
	long created_at;
	long confirmed_at;         /* 0 when never active */
	long bounce_count;
};

/* store_subscriber_status_name: the static copy of one of the five status
 * names (pending active unsubscribed bounced complained), NULL for any
 * other text. */
const char *store_subscriber_status_name(const char *status);

/*
 * store_subscriber_put: addr to status ("pending", "active" or, for an
 * import, one of the ends) with name (NULL or "": keep the stored one).
 * A new address gets a fresh token (getrandom) and *change_r SUB_ADDED.
 * For a known one: with import, an address that unsubscribed, bounced or
 * complained is kept as it is unless status is itself an end (SUB_KEPT);
 * "pending" never undoes "active"; SUB_UNCHANGED when neither status nor
 * name changes, SUB_UPDATED otherwise.  confirmed_at is the last time the
 * row became active.  0, or -1 with *error_r.
 */
int store_subscriber_put(struct store *st, const char *addr,
    const char *name, const char *status, int import,
    enum subscriber_change *change_r, const char **error_r);

/* store_subscriber_request: a subscribe request by mail: put with
 * "pending", not an import (a new or former subscriber becomes pending,
 * an active one stays active: SUB_UNCHANGED).  A new row gets token (32
 * hex characters: the one its confirmation mail quotes), or a fresh one
 * when token is NULL.  0 or -1. */
int store_subscriber_request(struct store *st, const char *addr,
    const char *name, const char *token, enum subscriber_change *change_r,
    const char **error_r);

/* store_subscriber_remove: status unsubscribed for the subscriber with
 * this address (by_token 0) or token (by_token 1); a complained one stays
 * complained.  0 done, 1 no such subscriber, -1 error. */
int store_subscriber_remove(struct store *st, const char *key, int by_token,
    const char **error_r);

/* store_subscriber_confirm: pending -> active (1), anything else unchanged
 * (0).  store_subscriber_unsubscribe: -> unsubscribed at once (1), unless
 * already unsubscribed or complained (0).  -1 with *error_r. */
int store_subscriber_confirm(struct store *st, long sub_id,
    const char **error_r);
int store_subscriber_unsubscribe(struct store *st, long sub_id,
    const char **error_r);

/* store_subscriber_complained: an ARF complaint: the subscriber is
 * "complained" and never mailed again.  0 or -1. */
int store_subscriber_complained(struct store *st, long sub_id,
    const char **error_r);

/*
 * store_subscriber_bounce: one failed recipient (DESIGN §3): a bounces row
 * (message or delivery may be 0, sub_id 0 when unknown; hard 1, 0, or -1
 * for not a failure; the texts may be NULL), and for a known subscriber: a
 * failure counts in bounce_count; a hard one, or the
 * SUBSCRIBER_SOFT_LIMIT-th soft one within SUBSCRIBER_SOFT_DAYS (this one
 * included), makes an active or pending subscriber "bounced".  0 or -1.
 */
int store_subscriber_bounce(struct store *st, long sub_id, long message,
    long delivery, const char *recipient, const char *status,
    const char *action, int hard, const char *diagnostic,
    const char **error_r);

/* store_subscriber_find: the id of addr (the column has no case),
 * 0 when none, -1 with *error_r.  store_subscriber_by_token likewise for a
 * token, also giving its status (static; NULL when none). */
long store_subscriber_find(struct store *st, const char *addr,
    const char **error_r);
long store_subscriber_by_token(struct store *st, const char *token,
    const char **status_r, const char **error_r);

/* store_subscriber_status: 1 and the status (static) of sub_id, 0 when
 * there is no such subscriber, -1 with *error_r. */
int store_subscriber_status(struct store *st, long sub_id,
    const char **status_r, const char **error_r);

/* store_subscriber_token / store_subscriber_email: the token or address of
 * sub_id, malloc'd (the caller frees); NULL when there is no such
 * subscriber or on error (then *error_r is set). */
char *store_subscriber_token(struct store *st, long sub_id,
    const char **error_r);
char *store_subscriber_email(struct store *st, long sub_id,
    const char **error_r);

/* store_subscriber_count: subscribers with the given status (NULL: all);
 * -1 with *error_r. */
long store_subscriber_count(struct store *st, const char *status,
    const char **error_r);

/* store_subscriber_each: fn for every subscriber in id order; a non-zero
 * return from fn stops the walk and is returned.  0, or -1 with *error_r
 * on a store error. */
typedef int store_subscriber_fn(void *ctx, const struct store_subscriber *s);
int store_subscriber_each(struct store *st, store_subscriber_fn *fn,
    void *ctx, const char **error_r);

#endif

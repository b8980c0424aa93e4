/*
 * subscriber.h — the newsletter's subscribers (DESIGN §3 "Subscribers",
 * §4 `recruitctl subscribers`, export keys).  Each has a status (pending
 * active unsubscribed bounced complained) and a random token (32 hex
 * characters from getrandom) that names it in unsubscribe links and in
 * confirmation mails.  Only active subscribers receive issues.
 */
#ifndef RECRUIT_SUBSCRIBER_H
#define RECRUIT_SUBSCRIBER_H

#include <stdio.h>

#include "store.h"

#define SUBSCRIBER_MAX_NAME 200   /* bytes of a name, after cleaning */

/* subscriber_addr_normalize: a fresh copy of addr (blanks around it
 * trimmed, domain lowercased) when it is one plain ASCII addr-spec
 * (dot-atom local part of at most 64 bytes, a domain of letters, digits,
 * '-' and non-empty dot-separated labels, at most 254 bytes in all);
 * NULL for anything else: CR/LF, a second address, a display name,
 * quotes, comments, IP literals, non-ASCII. */
char *subscriber_addr_normalize(const char *addr);

/* subscriber_status_valid: 1 for the five status names. */
int subscriber_status_valid(const char *status);

enum subscriber_change {
	SUB_ADDED,       /* a new subscriber */
	SUB_UPDATED,     /* status or name changed */
	SUB_UNCHANGED,   /* nothing to do */
	SUB_KEPT         /* import: an address that unsubscribed, bounced or
	                  * complained is not brought back by an import */
};

/*
 * subscriber_add: `subscribers add ADDRESS [NAME] [--confirmed]`, the
 * operator's explicit act.  A new address becomes pending (active with
 * confirmed).  For a known one, confirmed makes it active whatever it
 * was; without it, an active one stays active and any other becomes
 * pending again.  A non-empty name replaces the stored one.  Runs in its
 * own transaction.  0 with *change_r, or -1 with *error_r (malloc'd).
 */
int subscriber_add(struct store *st, const char *addr, const char *name,
    int confirmed, enum subscriber_change *change_r, char **error_r);

/*
 * subscriber_set: the same for one imported row: status as given
 * ("active", "pending"; NULL means active: an imported list is taken as
 * confirmed elsewhere) or one of the three ends.  An import never brings
 * an address that unsubscribed, bounced or complained back to pending or
 * active (SUB_KEPT).  Called inside the caller's transaction.
 * 0 with *change_r; -1 with *error_r for a bad row (address, status);
 * -2 with *error_r when the store fails (the caller rolls back).
 */
int subscriber_set(struct store *st, const char *addr, const char *name,
    const char *status, enum subscriber_change *change_r, char **error_r);

struct subscriber_import_stats {
	unsigned added, updated, unchanged, kept, bad;
};

/*
 * subscriber_import: a CSV file (header row with "email", optional
 * "name" and "status" columns, any order, case-insensitive) in one
 * transaction.  A bad row (bad address, unknown status, not UTF-8, CSV
 * error) is reported on errf as "FILE:LINE: reason" and skipped.  -1
 * with *error_r for a file that cannot be used at all (no header, no
 * email column, store error): then nothing is imported.
 */
int subscriber_import(struct store *st, const char *name, const char *data,
    size_t len, FILE *errf, struct subscriber_import_stats *stats,
    char **error_r);

/* subscriber_remove: status unsubscribed (the row and its history stay;
 * it receives nothing more; a complained one stays complained).  addr
 * may also be a subscriber's token (32 lowercase hex: what an
 * unsubscribe_url page receives).  0, 1 when there is no such address,
 * -1. */
int subscriber_remove(struct store *st, const char *addr, char **error_r);

/* subscriber_list: one line per subscriber: id, status, email, name. */
int subscriber_list(struct store *st, FILE *out, char **error_r);

/* Soft bounces within this many days that suspend an address. */
#define SUBSCRIBER_SOFT_LIMIT 3
#define SUBSCRIBER_SOFT_DAYS 30

/*
 * subscriber_bounce: one failed recipient (DESIGN §3): a bounces row
 * (message or delivery may be 0, subscriber 0 when unknown, hard 1 / 0 /
 * -1 for not a failure), and for a known subscriber: a failure counts in
 * bounce_count; a hard one, or the SUBSCRIBER_SOFT_LIMIT-th soft one
 * within SUBSCRIBER_SOFT_DAYS, makes an active or pending subscriber
 * "bounced".  Inside the caller's transaction.  0, or -1 with *error_r
 * (static or sqlite's).
 */
int subscriber_bounce(struct store *st, long sub_id, long message,
    long delivery, const char *recipient, const char *status,
    const char *action, int hard, const char *diagnostic,
    const char **error_r);

/* subscriber_complained: an ARF complaint: the subscriber is
 * "complained" and never mailed again.  Inside the caller's transaction. */
int subscriber_complained(struct store *st, long sub_id,
    const char **error_r);

/* subscriber_find: the id of addr (0 none, -1 error); subscriber_by_token
 * likewise for a subscriber token, also giving its status (static). */
long subscriber_find(struct store *st, const char *addr);
long subscriber_by_token(struct store *st, const char *token,
    const char **status_r);

/* subscriber_request: a subscribe request by mail, inside the caller's
 * transaction: a new or former subscriber becomes pending, an active one
 * stays active (SUB_UNCHANGED).  Returns like subscriber_set. */
int subscriber_request(struct store *st, const char *addr, const char *name,
    enum subscriber_change *change_r, char **error_r);

/* subscriber_confirm: pending -> active (1), anything else unchanged (0);
 * subscriber_unsubscribe: -> unsubscribed at once (1), unless already
 * unsubscribed or complained (0).  -1 on a store error.  Inside the
 * caller's transaction. */
int subscriber_confirm(struct store *st, long sub_id);
int subscriber_unsubscribe(struct store *st, long sub_id);

/* subscriber_token: the token of subscriber sub_id (malloc'd) or NULL. */
char *subscriber_token(struct store *st, long sub_id);
/* subscriber_email: the address of subscriber sub_id (malloc'd) or NULL. */
char *subscriber_email(struct store *st, long sub_id);

/* subscriber_count: subscribers with the given status (NULL: all). */
long subscriber_count(struct store *st, const char *status);

#endif

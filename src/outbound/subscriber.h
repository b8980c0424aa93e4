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

/* enum subscriber_change and SUBSCRIBER_SOFT_LIMIT/DAYS come with the
 * store's functions (store_subscriber.h, through store.h). */

/* subscriber_addr_normalize: a fresh copy of addr (blanks around it
 * trimmed, domain lowercased) when it is one plain ASCII addr-spec
 * (dot-atom local part of at most 64 bytes, a domain of letters, digits,
 * '-' and non-empty dot-separated labels, at most 254 bytes in all);
 * NULL for anything else: CR/LF, a second address, a display name,
 * quotes, comments, IP literals, non-ASCII. */
char *subscriber_addr_normalize(const char *addr);

/* subscriber_status_valid: 1 for the five status names. */
int subscriber_status_valid(const char *status);

/* subscriber_name_clean: a fresh copy of name (NULL for NULL) as the store
 * keeps it: valid UTF-8 (bad bytes replaced), line breaks and tabs as
 * blanks, no control characters, trimmed, cut between characters at
 * SUBSCRIBER_MAX_NAME bytes.  May be "". */
char *subscriber_name_clean(const char *name);

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
 * *error_r is malloc'd.
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
 * with *error_r (malloc'd) for a file that cannot be used at all (no
 * header, no email column, store error): then nothing is imported.
 */
int subscriber_import(struct store *st, const char *name, const char *data,
    size_t len, FILE *errf, struct subscriber_import_stats *stats,
    char **error_r);

/* subscriber_remove: status unsubscribed (the row and its history stay;
 * it receives nothing more; a complained one stays complained).  addr
 * may also be a subscriber's token (32 lowercase hex: what an
 * unsubscribe_url page receives).  0, 1 when there is no such address,
 * -1 with *error_r (malloc'd).  Its own transaction (one statement). */
int subscriber_remove(struct store *st, const char *addr, char **error_r);

/* subscriber_list: one line per subscriber: id, status, email, name.
 * 0, or -1 with *error_r (malloc'd). */
int subscriber_list(struct store *st, FILE *out, char **error_r);

/* The reads and the writes other modules make inside their transaction
 * (bounce, complaint, confirm, unsubscribe, find, token, email, count)
 * are the store's: store_subscriber.h. */

#endif

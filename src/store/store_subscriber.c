/*
 * store_subscriber.c — the subscribers and bounces tables: the writes of
 * `recruitctl subscribers`, of the subscription commands by mail and of
 * bounce and complaint handling, with the status rules that decide them
 * (store_subscriber.h), and the reads behind them.
 *
 * Takes addresses already normalised and names already cleaned
 * (subscriber.c); gives rows through struct store_subscriber, whose
 * strings belong to the store for the duration of a callback, and
 * malloc'd copies where a function says so.  Errors: -1 with *error_r
 * pointing into the store (store_sql_fail), never at SQLite's own text.
 *
 * SECURITY: addresses, names and bounce texts come from strangers' mail;
 * every statement binds them, none is ever part of SQL text.  Tokens are
 * 16 bytes of getrandom().
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compose.h"
#include "store.h"
#include "store_int.h"
#include "store_subscriber.h"
#include "util.h"

static const char *const statuses[] = {
	"pending", "active", "unsubscribed", "bounced", "complained",
};

const char *
store_subscriber_status_name(const char *status)
{
	size_t i;

	for (i = 0; status != NULL && i < ARRAY_SIZE(statuses); i++)
		if (strcmp(status, statuses[i]) == 0)
			return statuses[i];
	return NULL;
}

/* the "ends": an import never brings these back */
static int
status_final(const char *status)
{
	return strcmp(status, "unsubscribed") == 0 ||
	    strcmp(status, "bounced") == 0 || strcmp(status, "complained") == 0;
}

/* ---- one row by address ---- */

struct row {
	long id;
	const char *status;   /* static */
	char *name;           /* malloc'd, NULL when none */
	int found;
};

static int
lookup(struct store *st, const char *addr, struct row *r,
    const char **error_r)
{
	sqlite3_stmt *s;
	int found;

	memset(r, 0, sizeof(*r));
	s = store_sql_with_text(st, "SELECT id, status, name FROM subscribers "
	    "WHERE email = ?1", addr, error_r);
	found = store_sql_step(st, s, error_r);
	if (found > 0) {
		const char *v = (const char *)sqlite3_column_text(s, 1);

		r->found = 1;
		r->id = (long)sqlite3_column_int64(s, 0);
		/* a status this code does not know counts as none of the
		 * ends: the write makes it a known one */
		r->status = store_subscriber_status_name(v);
		if (r->status == NULL)
			r->status = "";
		r->name = store_sql_coldup(s, 2);
	}
	store_sql_release(st, s);
	return found < 0 ? -1 : 0;
}

/* write: insert addr (with token, else a fresh one), or update row r, to
 * status (and name when given) */
static int
write_row(struct store *st, const struct row *r, const char *addr,
    const char *name, const char *status, const char *token_in,
    const char **error_r)
{
	sqlite3_stmt *s;
	long now = (long)time(NULL);
	int active = strcmp(status, "active") == 0;

	if (name != NULL && *name == '\0')
		name = NULL;
	if (!r->found) {
		char token[33];

		if (token_in != NULL && strlen(token_in) == 32)
			memcpy(token, token_in, sizeof(token));
		else if (compose_random_hex(token, 16) < 0) {
			if (error_r != NULL)
				*error_r = "getrandom failed";
			return -1;
		}
		s = store_sql_with_text(st, "INSERT INTO subscribers(email, "
		    "name, status, token, created_at, confirmed_at, "
		    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)", addr,
		    error_r);
		store_sql_text(s, 2, name);
		store_sql_text(s, 3, status);
		store_sql_text(s, 4, token);
		store_sql_long(s, 5, now);
		if (active)
			store_sql_long(s, 6, now);
		return store_sql_done(st, s, error_r);
	}
	/* confirmed_at is the last time it became active */
	s = store_sql_with_long(st, "UPDATE subscribers SET status = ?2, "
	    "name = coalesce(?3, name), updated_at = ?4, "
	    "confirmed_at = CASE WHEN ?2 = 'active' AND status <> 'active' "
	    "THEN ?4 ELSE confirmed_at END WHERE id = ?1", r->id, error_r);
	store_sql_text(s, 2, status);
	store_sql_text(s, 3, name);
	store_sql_long(s, 4, now);
	return store_sql_done(st, s, error_r);
}

static int
put(struct store *st, const char *addr, const char *name, const char *status,
    int import, const char *token, enum subscriber_change *change_r,
    const char **error_r)
{
	const char *to = status;
	struct row r;
	int rv = 0;

	if (lookup(st, addr, &r, error_r) < 0)
		return -1;
	if (!r.found) {
		*change_r = SUB_ADDED;
	} else if (import && status_final(r.status) && !status_final(status)) {
		*change_r = SUB_KEPT;
		goto done;
	} else {
		/* an add without --confirmed, an imported "pending" or a
		 * request by mail never undoes a confirmation */
		if (strcmp(status, "pending") == 0 &&
		    strcmp(r.status, "active") == 0)
			to = "active";
		*change_r = strcmp(to, r.status) != 0 || (name != NULL &&
		    *name != '\0' && (r.name == NULL ||
		    strcmp(r.name, name) != 0)) ? SUB_UPDATED : SUB_UNCHANGED;
		if (*change_r == SUB_UNCHANGED)
			goto done;
	}
	rv = write_row(st, &r, addr, name, to, token, error_r);
done:
	free(r.name);
	return rv;
}

int
store_subscriber_put(struct store *st, const char *addr, const char *name,
    const char *status, int import, enum subscriber_change *change_r,
    const char **error_r)
{
	return put(st, addr, name, status, import, NULL, change_r, error_r);
}

int
store_subscriber_request(struct store *st, const char *addr,
    const char *name, const char *token, enum subscriber_change *change_r,
    const char **error_r)
{
	return put(st, addr, name, "pending", 0, token, change_r, error_r);
}

int
store_subscriber_remove(struct store *st, const char *key, int by_token,
    const char **error_r)
{
	sqlite3_stmt *s;

	/* a complained one stays complained (it is mailed no more either) */
	s = store_sql_with_text(st, by_token ?
	    "UPDATE subscribers SET status = CASE WHEN status = 'complained' "
	    "THEN status ELSE 'unsubscribed' END, updated_at = ?2 "
	    "WHERE token = ?1" :
	    "UPDATE subscribers SET status = CASE WHEN status = 'complained' "
	    "THEN status ELSE 'unsubscribed' END, updated_at = ?2 "
	    "WHERE email = ?1", key, error_r);
	store_sql_long(s, 2, (long)time(NULL));
	if (store_sql_done(st, s, error_r) < 0)
		return -1;
	return sqlite3_changes(st->db) > 0 ? 0 : 1;
}

/* update_status: one UPDATE of sub_id's status (sql binds ?1 the id, ?2
 * now); 1 when a row changed, 0 when none, -1 */
static int
update_status(struct store *st, long sub_id, const char *sql,
    const char **error_r)
{
	sqlite3_stmt *s = store_sql_with_long(st, sql, sub_id, error_r);

	store_sql_long(s, 2, (long)time(NULL));
	if (store_sql_done(st, s, error_r) < 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

int
store_subscriber_confirm(struct store *st, long sub_id, const char **error_r)
{
	return update_status(st, sub_id, "UPDATE subscribers SET "
	    "status = 'active', confirmed_at = ?2, updated_at = ?2 "
	    "WHERE id = ?1 AND status = 'pending'", error_r);
}

int
store_subscriber_unsubscribe(struct store *st, long sub_id,
    const char **error_r)
{
	return update_status(st, sub_id, "UPDATE subscribers SET "
	    "status = 'unsubscribed', updated_at = ?2 WHERE id = ?1 AND "
	    "status NOT IN ('unsubscribed', 'complained')", error_r);
}

int
store_subscriber_complained(struct store *st, long sub_id,
    const char **error_r)
{
	return update_status(st, sub_id, "UPDATE subscribers SET "
	    "status = 'complained', updated_at = ?2 WHERE id = ?1",
	    error_r) < 0 ? -1 : 0;
}

/* soft_count: sub_id's soft bounces since `since` (this one included) */
static long
soft_count(struct store *st, long sub_id, long since, const char **error_r)
{
	sqlite3_stmt *s;
	long n = -1;

	s = store_sql_with_long(st, "SELECT count(*) FROM bounces WHERE "
	    "subscriber = ?1 AND hard = 0 AND at > ?2", sub_id, error_r);
	store_sql_long(s, 2, since);
	return store_sql_one_long(st, s, &n, error_r) > 0 ? n : -1;
}

int
store_subscriber_bounce(struct store *st, long sub_id, long message,
    long delivery, const char *recipient, const char *status,
    const char *action, int hard, const char *diagnostic,
    const char **error_r)
{
	sqlite3_stmt *s;
	long now = (long)time(NULL), soft = 0;

	s = store_sql_prepare(st, "INSERT INTO bounces(message, delivery, at, "
	    "recipient, status, action, hard, diagnostic, subscriber) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error_r);
	if (message > 0)
		store_sql_long(s, 1, message);
	if (delivery > 0)
		store_sql_long(s, 2, delivery);
	store_sql_long(s, 3, now);
	store_sql_text(s, 4, recipient);
	store_sql_text(s, 5, status);
	store_sql_text(s, 6, action);
	store_sql_tri(s, 7, hard);
	store_sql_text(s, 8, diagnostic);
	if (sub_id > 0)
		store_sql_long(s, 9, sub_id);
	if (store_sql_done(st, s, error_r) < 0)
		return -1;
	if (sub_id <= 0 || hard < 0)
		return 0;
	if (!hard && (soft = soft_count(st, sub_id,
	    now - SUBSCRIBER_SOFT_DAYS * 86400L, error_r)) < 0)
		return -1;
	s = store_sql_with_long(st, "UPDATE subscribers SET "
	    "bounce_count = bounce_count + 1, updated_at = ?2, "
	    "status = CASE WHEN ?3 AND status IN ('active', 'pending') "
	    "THEN 'bounced' ELSE status END WHERE id = ?1", sub_id, error_r);
	store_sql_long(s, 2, now);
	store_sql_long(s, 3, hard || soft >= SUBSCRIBER_SOFT_LIMIT);
	return store_sql_done(st, s, error_r);
}

/* id_where: the id (and status) of the one row sql selects with the text
 * key; 0 none, -1 */
static long
id_where(struct store *st, const char *sql, const char *key,
    const char **status_r, const char **error_r)
{
	sqlite3_stmt *s;
	long id = 0;
	int r;

	if (status_r != NULL)
		*status_r = NULL;
	s = store_sql_with_text(st, sql, key, error_r);
	r = store_sql_step(st, s, error_r);
	if (r > 0) {
		id = (long)sqlite3_column_int64(s, 0);
		if (status_r != NULL)
			*status_r = store_subscriber_status_name(
			    (const char *)sqlite3_column_text(s, 1));
	}
	store_sql_release(st, s);
	return r < 0 ? -1 : id;
}

long
store_subscriber_find(struct store *st, const char *addr,
    const char **error_r)
{
	return id_where(st, "SELECT id, status FROM subscribers "
	    "WHERE email = ?1", addr, NULL, error_r);
}

long
store_subscriber_by_token(struct store *st, const char *token,
    const char **status_r, const char **error_r)
{
	return id_where(st, "SELECT id, status FROM subscribers "
	    "WHERE token = ?1", token, status_r, error_r);
}

/* column_of: one text column of sub_id: 1 and *text_r (malloc'd, NULL for
 * SQL NULL), 0 no such row, -1 */
static int
column_of(struct store *st, long sub_id, const char *sql, char **text_r,
    const char **error_r)
{
	return store_sql_one_text(st, store_sql_with_long(st, sql, sub_id,
	    error_r), text_r, error_r);
}

int
store_subscriber_status(struct store *st, long sub_id,
    const char **status_r, const char **error_r)
{
	char *v;
	int r;

	*status_r = NULL;
	r = column_of(st, sub_id, "SELECT status FROM subscribers "
	    "WHERE id = ?1", &v, error_r);
	if (r > 0)
		*status_r = store_subscriber_status_name(v);
	free(v);
	return r;
}

/* text_of: one text column of sub_id, malloc'd; NULL when none */
static char *
text_of(struct store *st, long sub_id, const char *sql, const char **error_r)
{
	char *v;

	column_of(st, sub_id, sql, &v, error_r);
	return v;
}

char *
store_subscriber_token(struct store *st, long sub_id, const char **error_r)
{
	return text_of(st, sub_id, "SELECT token FROM subscribers "
	    "WHERE id = ?1", error_r);
}

char *
store_subscriber_email(struct store *st, long sub_id, const char **error_r)
{
	return text_of(st, sub_id, "SELECT email FROM subscribers "
	    "WHERE id = ?1", error_r);
}

long
store_subscriber_count(struct store *st, const char *status,
    const char **error_r)
{
	sqlite3_stmt *s;
	long n = -1;

	s = store_sql_prepare(st, status != NULL ?
	    "SELECT count(*) FROM subscribers WHERE status = ?1" :
	    "SELECT count(*) FROM subscribers", error_r);
	if (status != NULL)
		store_sql_text(s, 1, status);
	return store_sql_one_long(st, s, &n, error_r) > 0 ? n : -1;
}

int
store_subscriber_each(struct store *st, store_subscriber_fn *fn, void *ctx,
    const char **error_r)
{
	struct store_subscriber sub;
	sqlite3_stmt *s;
	int rc, r = 0;

	s = store_sql_prepare(st, "SELECT id, email, name, status, token, "
	    "created_at, coalesce(confirmed_at, 0), bounce_count "
	    "FROM subscribers ORDER BY id", error_r);
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *stat = (const char *)sqlite3_column_text(s, 3);

		sub.id = (long)sqlite3_column_int64(s, 0);
		sub.email = (const char *)sqlite3_column_text(s, 1);
		sub.name = (const char *)sqlite3_column_text(s, 2);
		sub.status = store_subscriber_status_name(stat);
		if (sub.status == NULL)
			sub.status = "";
		sub.token = (const char *)sqlite3_column_text(s, 4);
		sub.created_at = (long)sqlite3_column_int64(s, 5);
		sub.confirmed_at = (long)sqlite3_column_int64(s, 6);
		sub.bounce_count = (long)sqlite3_column_int64(s, 7);
		if (sub.email == NULL)
			sub.email = "";
		if ((r = fn(ctx, &sub)) != 0)
			break;
	}
	return store_sql_walked(st, s, rc, r, 0, error_r);
}

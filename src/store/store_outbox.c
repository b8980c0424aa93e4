/*
 * store_outbox.c — the outbox table (store_outbox.h): single composed
 * mails waiting for SMTP, queued by the reply side, sent and updated by
 * deliver.c, listed and shown by recruitctl.
 *
 * Ownership: rows handed to a callback borrow SQLite's column memory for
 * the call only; store_outbox_get fills malloc'd copies that
 * store_outbox_entry_clear frees.  Errors point into the store.
 *
 * SECURITY: every value is bound.  The stored messages, addresses and
 * server answers are strangers' bytes: they are handed out as they are,
 * with their length (raw may hold NULs); printing them safely is the
 * caller's part.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "store_int.h"
#include "store_outbox.h"
#include "util.h"

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v != NULL ? xstrdup(v) : NULL;
}

int
store_outbox_add(struct store *st, const char *kind, long msg_id,
    const char *to, const char *env_from, const char *raw, size_t len,
    const char **error_r)
{
	sqlite3_stmt *s;

	s = store_sql_prepare(st, "INSERT INTO outbox(kind, message, to_addr, "
	    "env_from, raw, state, created_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, 'pending', ?6)", error_r);
	if (s == NULL)
		return -1;
	store_sql_text(s, 1, kind);
	if (msg_id > 0)
		sqlite3_bind_int64(s, 2, msg_id);
	store_sql_text(s, 3, to);
	store_sql_text(s, 4, env_from != NULL ? env_from : "");
	sqlite3_bind_blob64(s, 5, raw != NULL ? raw : "", (sqlite3_uint64)len,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)time(NULL));
	return store_sql_done(st, s, error_r);
}

int
store_outbox_recent(struct store *st, const char *kind, const char *addr,
    long since, const char **error_r)
{
	sqlite3_stmt *s;
	int rc;

	/* to_addr is COLLATE NOCASE: the comparison ignores case */
	s = store_sql_prepare(st, "SELECT 1 FROM outbox WHERE to_addr = ?1 "
	    "AND kind = ?2 AND created_at >= ?3 LIMIT 1", error_r);
	if (s == NULL)
		return -1;
	store_sql_text(s, 1, addr);
	store_sql_text(s, 2, kind);
	sqlite3_bind_int64(s, 3, since);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_sql_fail(st, error_r);
	store_sql_release(st, s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
store_outbox_due(struct store *st, long now, long after, int limit,
    store_outbox_due_fn *fn, void *arg, const char **error_r)
{
	struct store_outbox_due o;
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, n = 0, stop = 0;

	s = store_sql_prepare(st, "SELECT id, attempts, "
	    "coalesce(first_deferred_at, 0), to_addr, env_from, raw "
	    "FROM outbox WHERE state IN ('pending', 'deferred') "
	    "AND next_attempt <= ?1 AND id > ?2 ORDER BY id LIMIT ?3", error_r);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int(s, 3, limit);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const void *raw = sqlite3_column_blob(s, 5);

		o.id = (long)sqlite3_column_int64(s, 0);
		o.attempts = (long)sqlite3_column_int64(s, 1);
		o.first_deferred = (long)sqlite3_column_int64(s, 2);
		o.to_addr = (const char *)sqlite3_column_text(s, 3);
		o.env_from = (const char *)sqlite3_column_text(s, 4);
		o.raw_len = (size_t)sqlite3_column_bytes(s, 5);
		o.raw = raw != NULL ? raw : "";
		n++;
		stop = fn(&o, arg);
	}
	if (stop) {
		store_sql_release(st, s);
		return stop;
	}
	if (rc != SQLITE_DONE)
		n = store_sql_fail(st, error_r);
	store_sql_release(st, s);
	return n;
}

int
store_outbox_set(struct store *st, long id,
    const struct store_outbox_update *u, const char **error_r)
{
	sqlite3_stmt *s;

	s = store_sql_prepare(st, "UPDATE outbox SET state = ?2, "
	    "attempts = attempts + ?3, next_attempt = ?4, "
	    "first_deferred_at = ?5, last_code = ?6, last_reply = ?7, "
	    "done_at = ?8 WHERE id = ?1", error_r);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_sql_text(s, 2, u->state);
	sqlite3_bind_int(s, 3, u->attempt ? 1 : 0);
	sqlite3_bind_int64(s, 4, u->next_attempt);
	if (u->first_deferred != 0)
		sqlite3_bind_int64(s, 5, u->first_deferred);
	if (u->code != 0)
		sqlite3_bind_int64(s, 6, u->code);
	if (u->reply != NULL && *u->reply != '\0')
		store_sql_text(s, 7, u->reply);
	if (u->done_at != 0)
		sqlite3_bind_int64(s, 8, u->done_at);
	return store_sql_done(st, s, error_r);
}

int
store_outbox_next_due(struct store *st, long *when_r, const char **error_r)
{
	sqlite3_stmt *s;
	int rc;

	*when_r = 0;
	s = store_sql_prepare(st, "SELECT min(next_attempt) FROM outbox "
	    "WHERE state IN ('pending', 'deferred')", error_r);
	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		*when_r = (long)sqlite3_column_int64(s, 0);
	if (rc != SQLITE_ROW)
		store_sql_fail(st, error_r);
	store_sql_release(st, s);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_outbox_list(struct store *st, int all, store_outbox_row_fn *fn,
    void *arg, const char **error_r)
{
	struct store_outbox_row r;
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, stop = 0;

	s = all ?
	    store_sql_prepare(st, "SELECT id, state, kind, attempts, "
	    "created_at, to_addr, coalesce(last_reply, '') FROM outbox "
	    "ORDER BY id", error_r) :
	    store_sql_prepare(st, "SELECT id, state, kind, attempts, "
	    "created_at, to_addr, coalesce(last_reply, '') FROM outbox "
	    "WHERE state <> 'sent' ORDER BY id", error_r);
	if (s == NULL)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.id = (long)sqlite3_column_int64(s, 0);
		r.state = (const char *)sqlite3_column_text(s, 1);
		r.kind = (const char *)sqlite3_column_text(s, 2);
		r.attempts = (long)sqlite3_column_int64(s, 3);
		r.created_at = (long)sqlite3_column_int64(s, 4);
		r.to_addr = (const char *)sqlite3_column_text(s, 5);
		r.last_reply = (const char *)sqlite3_column_text(s, 6);
		if (r.last_reply == NULL)
			r.last_reply = "";
		stop = fn(&r, arg);
	}
	if (stop) {
		store_sql_release(st, s);
		return stop;
	}
	if (rc != SQLITE_DONE)
		store_sql_fail(st, error_r);
	store_sql_release(st, s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_outbox_get(struct store *st, long id, struct store_outbox_entry *e,
    const char **error_r)
{
	sqlite3_stmt *s;
	int rc, r;

	memset(e, 0, sizeof(*e));
	s = store_sql_prepare(st, "SELECT id, kind, state, message, to_addr, "
	    "env_from, attempts, created_at, next_attempt, first_deferred_at, "
	    "done_at, last_code, last_reply, raw FROM outbox WHERE id = ?1",
	    error_r);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *raw = sqlite3_column_blob(s, 13);

		e->id = (long)sqlite3_column_int64(s, 0);
		e->kind = col_dup(s, 1);
		e->state = col_dup(s, 2);
		e->message = (long)sqlite3_column_int64(s, 3);
		e->to_addr = col_dup(s, 4);
		e->env_from = col_dup(s, 5);
		e->attempts = (long)sqlite3_column_int64(s, 6);
		e->created_at = (long)sqlite3_column_int64(s, 7);
		e->next_attempt = (long)sqlite3_column_int64(s, 8);
		e->first_deferred = (long)sqlite3_column_int64(s, 9);
		e->done_at = (long)sqlite3_column_int64(s, 10);
		e->last_code = (long)sqlite3_column_int64(s, 11);
		e->last_reply = col_dup(s, 12);
		e->raw_len = (size_t)sqlite3_column_bytes(s, 13);
		e->raw = xmemdup0(raw != NULL ? raw : "", e->raw_len);
		r = 0;
	} else if (rc == SQLITE_DONE)
		r = 1;
	else
		r = store_sql_fail(st, error_r);
	store_sql_release(st, s);
	return r;
}

void
store_outbox_entry_clear(struct store_outbox_entry *e)
{
	free(e->kind);
	free(e->state);
	free(e->to_addr);
	free(e->env_from);
	free(e->last_reply);
	free(e->raw);
	memset(e, 0, sizeof(*e));
}

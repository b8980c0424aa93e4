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
#include "store_issue.h"
#include "store_outbox.h"
#include "util.h"

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

	/* to_addr is COLLATE NOCASE: the comparison ignores case */
	s = store_sql_with_text(st, "SELECT 1 FROM outbox WHERE to_addr = ?1 "
	    "AND kind = ?2 AND created_at >= ?3 LIMIT 1", addr, error_r);
	store_sql_text(s, 2, kind);
	store_sql_long(s, 3, since);
	return store_sql_one_long(st, s, NULL, error_r);
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
	return store_sql_walked(st, s, rc, stop, n, error_r);
}

int
store_outbox_set(struct store *st, long id,
    const struct store_outbox_update *u, const char **error_r)
{
	/* the same answer as a delivery's, written to the outbox's row */
	const struct store_delivery_update d = {
		.state = u->state, .attempt = u->attempt,
		.next_attempt = u->next_attempt,
		.first_deferred = u->first_deferred, .code = u->code,
		.reply = u->reply, .done_at = u->done_at,
	};

	return store_delivery_answer(st, 1, id, &d, error_r);
}

int
store_outbox_next_due(struct store *st, long *when_r, const char **error_r)
{
	*when_r = 0;
	return store_sql_one_long(st, store_sql_prepare(st, "SELECT "
	    "min(next_attempt) FROM outbox WHERE state IN ('pending', "
	    "'deferred')", error_r), when_r, error_r) < 0 ? -1 : 0;
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
	return store_sql_walked(st, s, rc, stop, 0, error_r);
}

int
store_outbox_get(struct store *st, long id, struct store_outbox_entry *e,
    const char **error_r)
{
	sqlite3_stmt *s;
	int r;

	memset(e, 0, sizeof(*e));
	s = store_sql_with_long(st, "SELECT id, kind, state, message, to_addr, "
	    "env_from, attempts, created_at, next_attempt, first_deferred_at, "
	    "done_at, last_code, last_reply, raw FROM outbox WHERE id = ?1",
	    id, error_r);
	r = store_sql_step(st, s, error_r);
	if (r > 0) {
		const void *raw = sqlite3_column_blob(s, 13);

		e->id = (long)sqlite3_column_int64(s, 0);
		e->kind = store_sql_coldup(s, 1);
		e->state = store_sql_coldup(s, 2);
		e->message = (long)sqlite3_column_int64(s, 3);
		e->to_addr = store_sql_coldup(s, 4);
		e->env_from = store_sql_coldup(s, 5);
		e->attempts = (long)sqlite3_column_int64(s, 6);
		e->created_at = (long)sqlite3_column_int64(s, 7);
		e->next_attempt = (long)sqlite3_column_int64(s, 8);
		e->first_deferred = (long)sqlite3_column_int64(s, 9);
		e->done_at = (long)sqlite3_column_int64(s, 10);
		e->last_code = (long)sqlite3_column_int64(s, 11);
		e->last_reply = store_sql_coldup(s, 12);
		e->raw_len = (size_t)sqlite3_column_bytes(s, 13);
		e->raw = xmemdup0(raw != NULL ? raw : "", e->raw_len);
	}
	store_sql_release(st, s);
	/* a row 0, none 1 */
	return r < 0 ? -1 : !r;
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

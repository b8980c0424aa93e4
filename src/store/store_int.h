/*
 * store_int.h — what the store's own files share (store.c and the
 * store_*.c files beside it): the connection, the statement cache, the
 * binding helpers and the helpers that run a statement for one row or
 * end a walk of its rows.  No module of src/ outside the store includes it:
 * every other module reaches the database through store.h's functions
 * only.  The tests include it to read a store's tables directly.
 */
#ifndef RECRUIT_STORE_INT_H
#define RECRUIT_STORE_INT_H

#include <sqlite3.h>

#include "extract.h"
#include "store.h"

#define STORE_STMT_CACHE 32

/* how long a write waits for another process's lock: store_open's busy
 * timeout, and the ledger's own busy handler (store_delivery_begin) */
#define STORE_BUSY_MS 10000

struct store_delivery_update;

struct store {
	sqlite3 *db;
	char *files;
	int files_dirty;
	int in_tx;
	double lock_since;         /* CLOCK_MONOTONIC at BEGIN IMMEDIATE */
	double lock_until;         /* at the WAL hook after COMMIT, or 0 */
	double lock_longest;       /* the longest hold so far, seconds */
	char err[256];             /* the last error's text, copied */
	/* prepared statements, keyed by their SQL literal's address: the
	 * same few run for every message */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	size_t n_cache;
};

/* store_db: the connection itself, for the store's files and for the
 * tests' own queries of a store (tests/support/query.c); no other module
 * may use it. */
sqlite3 *store_db(struct store *st);

/* store_sql_fail: copies SQLite's current error text into st->err, points
 * *error_r (when not NULL) at it and returns -1.  The text stays valid
 * until the next failing call on st. */
int store_sql_fail(struct store *st, const char **error_r);
/* store_sql_exec: statements without results; -1 through store_sql_fail. */
int store_sql_exec(struct store *st, const char *sql, const char **error_r);
/* store_sql_prepare: a statement for sql, which must be a string literal
 * (its address is the cache key); give it back with store_sql_release.
 * NULL with *error_r on failure. */
sqlite3_stmt *store_sql_prepare(struct store *st, const char *sql,
    const char **error_r);
/* store_sql_with_long, store_sql_with_text: store_sql_prepare with ?1
 * bound to v (text: NULL binds SQL NULL); NULL with *error_r. */
sqlite3_stmt *store_sql_with_long(struct store *st, const char *sql, long v,
    const char **error_r);
sqlite3_stmt *store_sql_with_text(struct store *st, const char *sql,
    const char *v, const char **error_r);
/* store_sql_done, store_sql_insert, store_sql_step, store_sql_one_long
 * and store_sql_one_text take s NULL as a failed prepare (its reason
 * already in *error_r) and return -1: a prepare's result can be handed
 * to them as it is. */
/* store_sql_release: a cached statement is reset (ending its read), any
 * other finalized; NULL: nothing. */
void store_sql_release(struct store *st, sqlite3_stmt *s);
/* store_sql_done: runs an INSERT/UPDATE/DELETE to completion and releases
 * it; 0 or -1 with *error_r. */
int store_sql_done(struct store *st, sqlite3_stmt *s, const char **error_r);
/* store_sql_step: one step of s: 1 a row (read its columns), 0 done, -1
 * through store_sql_fail.  s is not released. */
int store_sql_step(struct store *st, sqlite3_stmt *s, const char **error_r);
/* store_sql_one_long: steps s once and releases it: 1 a row (its first
 * column into *v_r when v_r is not NULL and the column is not NULL, else
 * *v_r untouched), 0 no row, -1 through store_sql_fail. */
int store_sql_one_long(struct store *st, sqlite3_stmt *s, long *v_r,
    const char **error_r);
/* store_sql_one_text: the same for a text column: *text_r malloc'd (NULL
 * for SQL NULL and when there is no row). */
int store_sql_one_text(struct store *st, sqlite3_stmt *s, char **text_r,
    const char **error_r);
/* store_sql_coldup: column i of the current row, malloc'd; NULL for SQL
 * NULL. */
char *store_sql_coldup(sqlite3_stmt *s, int i);
/* store_sql_insert: store_sql_done for an INSERT, then the new row's id
 * into *id_r; 0 or -1 with *error_r. */
int store_sql_insert(struct store *st, sqlite3_stmt *s, long *id_r,
    const char **error_r);
/* store_sql_walked: ends a walk of s whose last step gave rc, during
 * which a callback's non-zero answer `stop` may have ended it early:
 * releases s and returns stop when non-zero, else n when rc is
 * SQLITE_DONE, else -1 through store_sql_fail. */
int store_sql_walked(struct store *st, sqlite3_stmt *s, int rc, int stop,
    int n, const char **error_r);

/* store_delivery_answer (store_issue.c): a server's answer u written to
 * row id of a ledger, the deliveries (outbox 0) or the outbox (1): the
 * one UPDATE behind store_delivery_set and store_outbox_set.  0 or -1
 * with *error_r. */
int store_delivery_answer(struct store *st, int outbox, long id,
    const struct store_delivery_update *u, const char **error_r);

/* binders: NULL text and a negative tri-state bind NULL; store_sql_texts
 * binds the n texts of v to ?i, ?i+1, ...; a salary binds four columns
 * from i (min, max, currency, period).  Like store_sql_done and its kin
 * they take s NULL (a failed prepare) and do nothing, so a prepare's
 * result is bound and run with no test between. */
void store_sql_long(sqlite3_stmt *s, int i, long v);
void store_sql_text(sqlite3_stmt *s, int i, const char *v);
void store_sql_texts(sqlite3_stmt *s, int i, const char *const *v, size_t n);
void store_sql_tri(sqlite3_stmt *s, int i, int v);
void store_sql_salary(sqlite3_stmt *s, int i, const struct salary *sal);

#endif

/*
 * store_int.h — what the store's own files share (store.c and the
 * store_*.c files beside it): the connection, the statement cache and
 * the binding helpers.  No module of src/ outside the store includes it:
 * every other module reaches the database through store.h's functions
 * only.  The tests include it to read a store's tables directly.
 */
#ifndef RECRUIT_STORE_INT_H
#define RECRUIT_STORE_INT_H

#include <sqlite3.h>

#include "extract.h"
#include "store.h"

#define STORE_STMT_CACHE 32

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
/* store_sql_release: a cached statement is reset (ending its read), any
 * other finalized. */
void store_sql_release(struct store *st, sqlite3_stmt *s);
/* store_sql_done: runs an INSERT/UPDATE/DELETE to completion and releases
 * it; 0 or -1 with *error_r. */
int store_sql_done(struct store *st, sqlite3_stmt *s, const char **error_r);
/* binders: NULL text and a negative tri-state bind NULL; a salary binds
 * four columns from i (min, max, currency, period). */
void store_sql_text(sqlite3_stmt *s, int i, const char *v);
void store_sql_tri(sqlite3_stmt *s, int i, int v);
void store_sql_salary(sqlite3_stmt *s, int i, const struct salary *sal);

#endif

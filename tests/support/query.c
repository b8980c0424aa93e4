/*
 * query.c — single values out of a test's store (query.h), for the tests
 * that look at what the store holds after a run.
 *
 * Ownership: query_text's string is the caller's; statements are
 * finalized before returning.
 *
 * SECURITY: the SQL is the test's own; the one value a test passes in is
 * bound as a parameter, never pasted into the statement.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store.h"
#include "store_int.h"   /* store_db: the test reads the database itself */
#include "util.h"

#include "query.h"

/* prepare sql with ?1 = arg (when not NULL), step once: the statement,
 * on its first row or done */
static sqlite3_stmt *
first_row(struct store *st, const char *sql, const char *arg, int *row_r)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("SQL %s: %s", sql, sqlite3_errmsg(db));
	if (arg != NULL)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
	*row_r = sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL;
	return s;
}

long
query_long(struct store *st, const char *sql, const char *arg)
{
	int row;
	sqlite3_stmt *s = first_row(st, sql, arg, &row);
	long n = row ? (long)sqlite3_column_int64(s, 0) : -1;

	sqlite3_finalize(s);
	return n;
}

char *
query_text(struct store *st, const char *sql, const char *arg)
{
	int row;
	sqlite3_stmt *s = first_row(st, sql, arg, &row);
	char *v = NULL;

	if (row) {
		const unsigned char *t = sqlite3_column_text(s, 0);

		v = t != NULL ? xmemdup0(t, (size_t)sqlite3_column_bytes(s,
		    0)) : xstrdup("");
	}
	sqlite3_finalize(s);
	return v;
}

void
query_exec(struct store *st, const char *sql)
{
	sqlite3 *db = store_db(st);
	char *e = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &e) != SQLITE_OK) {
		print_error("SQL %s: %s\n", sql, e != NULL ? e :
		    sqlite3_errmsg(db));
		sqlite3_free(e);
		fail();
	}
}

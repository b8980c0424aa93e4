/*
 * query.h — one value out of a test's store (its SQLite database,
 * store_db): the first column of the first row, and statements run for
 * their effect.  Part of the tests' support library
 * (tests/support/libtestsupport.la); cmocka programs only: a statement
 * that does not prepare or run fails the test, with SQLite's reason.
 */
#ifndef RECRUIT_TEST_QUERY_H
#define RECRUIT_TEST_QUERY_H

struct store;

/* query_long: the first column of the first row of sql, with ?1 bound to
 * arg when arg is not NULL; -1 when there is no row or the value is
 * NULL. */
long query_long(struct store *st, const char *sql, const char *arg);

/* query_text: the same as a string (the caller frees; every byte of the
 * value, a NUL after them); NULL when there is no row or the value is
 * NULL. */
char *query_text(struct store *st, const char *sql, const char *arg);

/* query_exec: runs sql (one or more statements, no results) */
void query_exec(struct store *st, const char *sql);

#endif

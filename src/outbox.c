/*
 * outbox.c — the replies waiting in the outbox, shown for recruitctl
 * (outbox.h): `outbox list` and `outbox show`.
 *
 * SECURITY: recipients and server answers are strangers' text: control
 * characters are shown as '?'.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "outbox.h"
#include "util.h"

/* ---- the outbox, for recruitctl ---- */

/* put_safe: text from a server or a stranger, control characters as '?'
 * (nothing that could move a terminal's cursor), at most max bytes */
static void
put_safe(FILE *out, const unsigned char *s, size_t max)
{
	size_t i;

	for (i = 0; s != NULL && s[i] != '\0' && i < max; i++)
		fputc(s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], out);
}

static void
put_time(FILE *out, sqlite3_int64 t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char b[32];

	if (t > 0 && gmtime_r(&tt, &tm) != NULL &&
	    strftime(b, sizeof(b), "%Y-%m-%d %H:%M", &tm) > 0)
		fputs(b, out);
	else
		fputs("-", out);
}

int
outbox_list(struct store *st, FILE *out, int all, char **error_r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), all ?
	    "SELECT id, state, kind, attempts, created_at, to_addr, "
	    "coalesce(last_reply, '') FROM outbox ORDER BY id" :
	    "SELECT id, state, kind, attempts, created_at, to_addr, "
	    "coalesce(last_reply, '') FROM outbox WHERE state <> 'sent' "
	    "ORDER BY id", -1, &s, NULL) != SQLITE_OK) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fprintf(out, "%5lld  %-8s  %-14s  %2lld  ",
		    (long long)sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 2),
		    (long long)sqlite3_column_int64(s, 3));
		put_time(out, sqlite3_column_int64(s, 4));
		fputs("  ", out);
		put_safe(out, sqlite3_column_text(s, 5), 254);
		if (*(const char *)sqlite3_column_text(s, 6) != '\0') {
			fputs("  ", out);
			put_safe(out, sqlite3_column_text(s, 6), 80);
		}
		fputc('\n', out);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

int
outbox_show(struct store *st, long id, FILE *out, char **error_r)
{
	static const char *const label[] = { "id", "kind", "state",
	    "message", "to", "envelope from", "attempts", "queued",
	    "next attempt", "first deferred", "done", "last code",
	    "last answer" };
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id, kind, state, "
	    "message, to_addr, env_from, attempts, created_at, next_attempt, "
	    "first_deferred_at, done_at, last_code, last_reply, raw "
	    "FROM outbox WHERE id = ?1", -1, &s, NULL) != SQLITE_OK) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc == SQLITE_DONE)
			return 1;
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(label); i++) {
		int col = (int)i;

		fprintf(out, "%-15s ", label[i]);
		if (sqlite3_column_type(s, col) == SQLITE_NULL)
			fputs("-", out);
		else if (col >= 7 && col <= 10)
			put_time(out, sqlite3_column_int64(s, col));
		else if (col == 5 && sqlite3_column_bytes(s, col) == 0)
			fputs("<> (the null sender)", out);
		else
			put_safe(out, sqlite3_column_text(s, col), 1000);
		fputc('\n', out);
	}
	fputc('\n', out);
	fwrite(sqlite3_column_blob(s, 13), 1,
	    (size_t)sqlite3_column_bytes(s, 13), out);
	sqlite3_finalize(s);
	return 0;
}


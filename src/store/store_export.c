/*
 * store_export.c — the reads behind the export, the listings and the
 * status page (store_export.h).  Each table is a list of (cell name, SQL
 * expression) over j (the table itself) and m (the message a row came
 * from); one SELECT gives a row's cells in that order.  The export's keys
 * and types, JSON and CSV are export.c's.
 *
 * Ownership: cells point into SQLite's row and are valid during the
 * callback only.  The SELECT text is built from the static tables below
 * and prepared for one walk (not cached: each export runs once).
 *
 * SECURITY: the cells are sender-controlled text, given as stored; the
 * only value bound is an id.  No text from outside is part of any SQL.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"
#include "util.h"

struct cell_def {
	const char *name;
	const char *sql;
};

static const struct cell_def job_cells[] = {
	{ "id", "j.id" },
	{ "message_id", "m.message_id" },
	{ "received_at", "m.received_at" },
	{ "company", "j.company" },
	{ "contact_name", "j.contact_name" },
	{ "contact_title", "j.contact_title" },
	{ "contact_email", "j.contact_email" },
	{ "contact_phone", "j.contact_phone" },
	{ "position_title", "j.position_title" },
	{ "industry", "j.industry" },
	{ "location", "j.location" },
	{ "country", "j.country" },
	{ "employment_type", "j.employment_type" },
	{ "salary_min", "j.salary_min" },
	{ "salary_max", "j.salary_max" },
	{ "salary_currency", "j.salary_currency" },
	{ "salary_period", "j.salary_period" },
	{ "start_date", "j.start_date" },
	{ "confidential", "j.confidential" },
	{ "description", "j.description" },
	{ "needs_review", "j.needs_review" },
};

static const struct cell_def cand_cells[] = {
	{ "id", "j.id" },
	{ "message_id", "m.message_id" },
	{ "received_at", "m.received_at" },
	{ "name", "j.name" },
	{ "email", "j.email" },
	{ "phone", "j.phone" },
	{ "current_title", "j.current_title" },
	{ "current_employer", "j.current_employer" },
	{ "desired_position", "j.desired_position" },
	{ "industries", "j.industries" },
	{ "locations", "j.locations" },
	{ "willing_to_relocate", "j.willing_to_relocate" },
	{ "salary_min", "j.salary_min" },
	{ "salary_max", "j.salary_max" },
	{ "salary_currency", "j.salary_currency" },
	{ "salary_period", "j.salary_period" },
	{ "years_experience", "j.years_experience" },
	{ "profile_url", "j.profile_url" },
	{ "needs_review", "j.needs_review" },
};

static const struct cell_def msg_cells[] = {
	{ "id", "j.id" },
	{ "message_id", "j.message_id" },
	{ "from_addr", "j.from_addr" },
	{ "subject", "j.subject" },
	{ "date", "j.date" },
	{ "source", "j.source" },
	{ "uid", "j.uid" },
	{ "kind", "j.kind" },
	{ "outcome", "j.outcome" },
	{ "reason", "j.reason" },
};

static const struct cell_def sub_cells[] = {
	{ "id", "j.id" },
	{ "email", "j.email" },
	{ "name", "j.name" },
	{ "status", "j.status" },
	{ "created_at", "j.created_at" },
	{ "confirmed_at", "j.confirmed_at" },
	{ "bounce_count", "j.bounce_count" },
};

/* bounce rows from bounce mails (message set) and from SMTP answers while
 * sending (no message: received_at is when the answer came) */
static const struct cell_def bounce_cells[] = {
	{ "id", "j.id" },
	{ "message_id", "m.message_id" },
	{ "received_at", "coalesce(m.received_at, j.at)" },
	{ "recipient", "j.recipient" },
	{ "status", "j.status" },
	{ "action", "j.action" },
	{ "hard", "j.hard" },
	{ "diagnostic", "j.diagnostic" },
	{ "subscriber", "j.subscriber" },
};

#define CELLS_MAX 32   /* more than any table above has */

struct table_def {
	const struct cell_def *cells;
	size_t n;
	const char *from;
	const char *msg_key;    /* column holding the message row id */
};

#define TABLE(c, from, key) { c, ARRAY_SIZE(c), from, key }

static const struct table_def tables[] = {
	[STORE_EXPORT_JOBS] = TABLE(job_cells,
	    "jobs j JOIN messages m ON m.id = j.message", "j.message"),
	[STORE_EXPORT_CANDIDATES] = TABLE(cand_cells,
	    "candidates j JOIN messages m ON m.id = j.message", "j.message"),
	[STORE_EXPORT_MESSAGES] = TABLE(msg_cells, "messages j", "j.id"),
	[STORE_EXPORT_SUBSCRIBERS] = TABLE(sub_cells, "subscribers j",
	    "j.id"),
	[STORE_EXPORT_BOUNCES] = TABLE(bounce_cells,
	    "bounces j LEFT JOIN messages m ON m.id = j.message", "j.message"),
};

int
store_export_cell(enum store_export_table t, const char *name)
{
	const struct table_def *d = &tables[t];
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->cells[i].name, name) == 0)
			return (int)i;
	return -1;
}

static char *
build_sql(const struct table_def *d, enum store_export_by by)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_puts(&b, "SELECT ");
	for (i = 0; i < d->n; i++)
		buf_appendf(&b, "%s%s", i ? ", " : "", d->cells[i].sql);
	buf_appendf(&b, " FROM %s", d->from);
	if (by == STORE_EXPORT_BY_ID)
		buf_puts(&b, " WHERE j.id = ?1");
	else if (by == STORE_EXPORT_BY_MESSAGE)
		buf_appendf(&b, " WHERE %s = ?1", d->msg_key);
	buf_puts(&b, " ORDER BY j.id");
	return buf_steal(&b);
}

static void
cell_get(sqlite3_stmt *s, int col, struct store_cell *c)
{
	switch (sqlite3_column_type(s, col)) {
	case SQLITE_NULL:
		c->type = STORE_CELL_NULL;
		break;
	case SQLITE_INTEGER:
		c->type = STORE_CELL_INT;
		break;
	case SQLITE_FLOAT:
		c->type = STORE_CELL_REAL;
		break;
	default:
		c->type = STORE_CELL_TEXT;
	}
	if (c->type == STORE_CELL_NULL) {
		c->i = 0;
		c->d = 0;
		c->s = NULL;
		return;
	}
	/* the text last: a conversion after it could move it */
	c->i = (long long)sqlite3_column_int64(s, col);
	c->d = sqlite3_column_double(s, col);
	c->s = (const char *)sqlite3_column_text(s, col);
}

/* walk: s stepped to its end, row(s, arg) for each row; a non-zero answer
 * stops it and is returned.  0, or -1 through store_sql_fail.  s is
 * released (store_sql_release: a cached one reset, another finalized);
 * NULL is a failed prepare, its reason already in *error_r: -1. */
typedef int walk_fn(sqlite3_stmt *s, void *arg);

static int
walk(struct store *st, sqlite3_stmt *s, walk_fn *row, void *arg,
    const char **error_r)
{
	int rc = SQLITE_DONE, r = 0;

	if (s == NULL)
		return -1;
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		r = row(s, arg);
	return store_sql_walked(st, s, rc, r, 0, error_r);
}

/* a walk's arg: the caller's callback with its context (and the table,
 * for rows_row) */
struct walk_arg {
	union {
		store_export_row_fn *rows;
		store_export_resume_fn *resume;
		store_export_count_fn *count;
	} fn;
	void *ctx;
	const struct table_def *d;
};

static int
rows_row(sqlite3_stmt *s, void *arg)
{
	const struct walk_arg *a = arg;
	struct store_cell cells[CELLS_MAX];
	size_t i;

	for (i = 0; i < a->d->n; i++)
		cell_get(s, (int)i, &cells[i]);
	return a->fn.rows(a->ctx, cells, a->d->n);
}

int
store_export_rows(struct store *st, enum store_export_table t,
    enum store_export_by by, long id, store_export_row_fn *fn, void *ctx,
    const char **error_r)
{
	struct walk_arg a = { .fn.rows = fn, .ctx = ctx, .d = &tables[t] };
	sqlite3_stmt *s = NULL;
	char *sql = build_sql(a.d, by);
	int r;

	r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	free(sql);
	if (r != SQLITE_OK) {
		store_sql_fail(st, error_r);
		sqlite3_finalize(s);
		return -1;
	}
	if (by != STORE_EXPORT_ALL)
		sqlite3_bind_int64(s, 1, id);
	return walk(st, s, rows_row, &a, error_r);
}

static int
resume_row(sqlite3_stmt *s, void *arg)
{
	const struct walk_arg *a = arg;
	struct store_export_resume res;

	res.filename = (const char *)sqlite3_column_text(s, 0);
	res.content_type = (const char *)sqlite3_column_text(s, 1);
	res.size = (long long)sqlite3_column_int64(s, 2);
	res.sha256 = (const char *)sqlite3_column_text(s, 3);
	return a->fn.resume(a->ctx, &res);
}

int
store_export_resumes(struct store *st, long cand, store_export_resume_fn *fn,
    void *ctx, const char **error_r)
{
	struct walk_arg a = { .fn.resume = fn, .ctx = ctx };

	return walk(st, store_sql_with_long(st, "SELECT r.filename, "
	    "r.content_type, a.size, r.sha256 FROM resumes r JOIN attachments a "
	    "ON a.sha256 = r.sha256 WHERE r.candidate = ?1 ORDER BY r.position",
	    cand, error_r), resume_row, &a, error_r);
}

static int
count_row(sqlite3_stmt *s, void *arg)
{
	const struct walk_arg *a = arg;
	const char *name = (const char *)sqlite3_column_text(s, 0);

	return a->fn.count(a->ctx, name != NULL ? name : "",
	    (long)sqlite3_column_int64(s, 1));
}

int
store_export_counts(struct store *st, enum store_export_count which,
    long since, store_export_count_fn *fn, void *ctx, const char **error_r)
{
	static const char *const sql[] = {
		[STORE_COUNT_KINDS_SINCE] = "SELECT kind, count(*) FROM "
		    "messages WHERE received_at >= ?1 GROUP BY kind "
		    "ORDER BY kind",
		[STORE_COUNT_WAITING] = "SELECT outcome, count(*) FROM "
		    "messages WHERE outcome IN ('review', 'rejected') "
		    "GROUP BY outcome ORDER BY outcome",
		[STORE_COUNT_OUTBOX] = "SELECT state, count(*) FROM outbox "
		    "GROUP BY state ORDER BY state",
		[STORE_COUNT_SUBSCRIBERS] = "SELECT status, count(*) FROM "
		    "subscribers GROUP BY status ORDER BY status",
	};
	struct walk_arg a = { .fn.count = fn, .ctx = ctx };
	sqlite3_stmt *s = store_sql_prepare(st, sql[which], error_r);

	if (s != NULL && which == STORE_COUNT_KINDS_SINCE)
		sqlite3_bind_int64(s, 1, since);
	return walk(st, s, count_row, &a, error_r);
}

int
store_export_totals(struct store *st, struct store_export_totals *t,
    const char **error_r)
{
	sqlite3_stmt *s;
	int r;

	memset(t, 0, sizeof(*t));
	s = store_sql_prepare(st, "SELECT (SELECT count(*) FROM jobs), "
	    "(SELECT count(*) FROM jobs WHERE needs_review), "
	    "(SELECT count(*) FROM candidates), "
	    "(SELECT count(*) FROM candidates WHERE needs_review)", error_r);
	if ((r = store_sql_step(st, s, error_r)) > 0) {
		t->jobs = (long)sqlite3_column_int64(s, 0);
		t->jobs_review = (long)sqlite3_column_int64(s, 1);
		t->candidates = (long)sqlite3_column_int64(s, 2);
		t->candidates_review = (long)sqlite3_column_int64(s, 3);
	}
	store_sql_release(st, s);
	return r < 0 ? -1 : 0;
}

/*
 * store_issue.c — the newsletter's rows: issues, their articles and the
 * deliveries ledger (store_issue.h).  Every statement the issue builder
 * (newsletter.c) and the sender (deliver.c) run is here.
 *
 * Ownership: rows handed to a callback borrow SQLite's column memory for
 * the call only; the structures filled here own malloc'd copies, freed by
 * their *_clear.  Errors point into the store (store_sql_fail's copy).
 *
 * SECURITY: every value is bound, never pasted into SQL.  Subscribers'
 * names and addresses are strangers' text; they are handed out as they
 * were stored (compose checks them again before they reach a header).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"
#include "store_issue.h"
#include "util.h"

static const char *
col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* ---- issues ---- */

int
store_issue_slug_used(struct store *st, const char *slug,
    const char **error_r)
{
	return store_sql_one_long(st, store_sql_with_text(st, "SELECT 1 FROM "
	    "issue_articles WHERE slug = ?1", slug, error_r), NULL, error_r);
}

int
store_issue_next_number(struct store *st, long *number_r,
    const char **error_r)
{
	return store_sql_one_long(st, store_sql_prepare(st, "SELECT "
	    "coalesce(max(number), 0) + 1 FROM issues", error_r), number_r,
	    error_r) < 0 ? -1 : 0;
}

int
store_issue_add(struct store *st, const struct store_issue_new *is,
    store_issue_token_fn *make_token, long *id_r, long *deliveries_r,
    const char **error_r)
{
	sqlite3_stmt *s, *subs = NULL, *ins = NULL;
	long issue;
	size_t i;
	int rc, r = -1;

	*deliveries_r = 0;
	s = store_sql_prepare(st, "INSERT INTO issues(number, subject, "
	    "created_at, slot, state, context, html_template, text_template) "
	    "VALUES (?1, ?2, ?3, ?4, 'sending', ?5, ?6, ?7)", error_r);
	store_sql_long(s, 1, is->number);
	store_sql_text(s, 2, is->subject);
	store_sql_long(s, 3, is->created_at);
	if (is->slot != 0)
		store_sql_long(s, 4, is->slot);
	store_sql_text(s, 5, is->context);
	store_sql_text(s, 6, is->html_template);
	store_sql_text(s, 7, is->text_template);
	if (store_sql_insert(st, s, &issue, error_r) < 0)
		return -1;
	*id_r = issue;

	for (i = 0; i < is->n_articles; i++) {
		const struct store_issue_article *a = &is->articles[i];

		s = store_sql_with_long(st, "INSERT INTO issue_articles(issue, "
		    "position, slug, title, date) VALUES (?1, ?2, ?3, ?4, ?5)",
		    issue, error_r);
		store_sql_long(s, 2, (long)i);
		store_sql_text(s, 3, a->slug);
		store_sql_text(s, 4, a->title);
		store_sql_text(s, 5, a->date);
		if (store_sql_done(st, s, error_r) < 0)
			return -1;
	}

	/* one delivery per active subscriber, each with its VERP token */
	subs = store_sql_prepare(st, "SELECT id FROM subscribers WHERE "
	    "status = 'active' ORDER BY id", error_r);
	if (subs == NULL)
		return -1;
	ins = store_sql_prepare(st, "INSERT INTO deliveries(issue, subscriber, "
	    "token, state) VALUES (?1, ?2, ?3, 'pending')", error_r);
	if (ins == NULL)
		goto done;
	while ((rc = sqlite3_step(subs)) == SQLITE_ROW) {
		char token[STORE_ISSUE_TOKEN_MAX];

		if (make_token(token) < 0) {
			*error_r = "cannot make a delivery token";
			goto done;
		}
		sqlite3_bind_int64(ins, 1, issue);
		sqlite3_bind_int64(ins, 2, sqlite3_column_int64(subs, 0));
		store_sql_text(ins, 3, token);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		if (rc != SQLITE_DONE) {
			store_sql_fail(st, error_r);
			goto done;
		}
		(*deliveries_r)++;
	}
	if (rc != SQLITE_DONE) {
		store_sql_fail(st, error_r);
		goto done;
	}
	r = 0;
done:
	if (ins != NULL)
		store_sql_release(st, ins);
	store_sql_release(st, subs);
	return r;
}

int
store_issue_frozen(struct store *st, long id, struct store_issue_frozen *f,
    const char **error_r)
{
	sqlite3_stmt *s;
	int r;

	memset(f, 0, sizeof(*f));
	s = store_sql_with_long(st, "SELECT number, context, html_template, "
	    "text_template FROM issues WHERE id = ?1", id, error_r);
	r = store_sql_step(st, s, error_r);
	if (r > 0) {
		f->id = id;
		f->number = (long)sqlite3_column_int64(s, 0);
		f->context = store_sql_coldup(s, 1);
		f->html_template = store_sql_coldup(s, 2);
		f->text_template = store_sql_coldup(s, 3);
	}
	store_sql_release(st, s);
	/* a row 0, none 1 */
	return r < 0 ? -1 : !r;
}

void
store_issue_frozen_clear(struct store_issue_frozen *f)
{
	free(f->context);
	free(f->html_template);
	free(f->text_template);
	memset(f, 0, sizeof(*f));
}

int
store_issue_info(struct store *st, long number, struct store_issue_info *info,
    const char **error_r)
{
	static const char *const states[] = { "sent", "deferred", "failed",
		"pending", "skipped" };
	long *counts[] = { &info->sent, &info->deferred, &info->failed,
		&info->pending, &info->skipped };
	sqlite3_stmt *s;
	size_t i;
	int rc, r;

	memset(info, 0, sizeof(*info));
	s = number > 0 ?
	    store_sql_prepare(st, "SELECT id, number, subject, created_at, "
	    "state FROM issues WHERE number = ?1", error_r) :
	    store_sql_prepare(st, "SELECT id, number, subject, created_at, "
	    "state FROM issues ORDER BY number DESC LIMIT 1", error_r);
	if (number > 0)
		store_sql_long(s, 1, number);
	r = store_sql_step(st, s, error_r);
	if (r > 0) {
		info->id = (long)sqlite3_column_int64(s, 0);
		info->number = (long)sqlite3_column_int64(s, 1);
		info->subject = store_sql_coldup(s, 2);
		info->created_at = (long)sqlite3_column_int64(s, 3);
		info->state = store_sql_coldup(s, 4);
	}
	store_sql_release(st, s);
	if (r <= 0)
		return r;

	s = store_sql_with_long(st, "SELECT state, count(*) FROM deliveries "
	    "WHERE issue = ?1 GROUP BY state", info->id, error_r);
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *k = col_text(s, 0);

		for (i = 0; i < ARRAY_SIZE(states); i++)
			if (k != NULL && strcmp(k, states[i]) == 0)
				*counts[i] = (long)sqlite3_column_int64(s, 1);
	}
	return store_sql_walked(st, s, rc, 0, 1, error_r);
}

void
store_issue_info_clear(struct store_issue_info *info)
{
	free(info->subject);
	free(info->state);
	memset(info, 0, sizeof(*info));
}

int
store_issue_finish(struct store *st, const char **error_r)
{
	return store_sql_done(st, store_sql_prepare(st, "UPDATE issues SET "
	    "state = 'done', done_at = strftime('%s','now') WHERE state = "
	    "'sending' AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE "
	    "d.issue = issues.id AND d.state IN ('pending', 'deferred'))",
	    error_r), error_r);
}

/* ---- deliveries ---- */

#define BUSY_STEP_MS 20   /* one wait of the ledger's busy handler */

struct busy {
	volatile sig_atomic_t *stop;
};

/* busy_wait: SQLite's busy handler for a ledger write: the same 10 s as
 * the store's timeout, in short steps, ended by a stop */
static int
busy_wait(void *arg, int n)
{
	struct busy *b = arg;

	if ((b->stop != NULL && *b->stop) || n >= STORE_BUSY_MS / BUSY_STEP_MS)
		return 0;
	sqlite3_sleep(BUSY_STEP_MS);
	return 1;
}

int
store_delivery_begin(struct store *st, volatile sig_atomic_t *stop,
    const char **error_r)
{
	struct busy b;
	int r;

	b.stop = stop;
	sqlite3_busy_handler(st->db, busy_wait, &b);
	r = store_begin(st, error_r);
	/* the store's own timeout again (it replaces the handler) */
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	return r;
}

int
store_delivery_due(struct store *st, long now, long after, int limit,
    store_delivery_fn *fn, void *arg, const char **error_r)
{
	struct store_delivery d;
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, n = 0, stop = 0;

	s = store_sql_prepare(st, "SELECT d.id, d.issue, d.subscriber, "
	    "d.attempts, coalesce(d.first_deferred_at, 0), d.token, s.email, "
	    "s.name, s.token, s.status "
	    "FROM deliveries d JOIN subscribers s ON s.id = d.subscriber "
	    "JOIN issues i ON i.id = d.issue "
	    "WHERE i.state = 'sending' AND d.state IN ('pending', 'deferred') "
	    "AND d.next_attempt <= ?1 AND d.id > ?2 ORDER BY d.id LIMIT ?3",
	    error_r);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int(s, 3, limit);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		d.id = (long)sqlite3_column_int64(s, 0);
		d.issue = (long)sqlite3_column_int64(s, 1);
		d.subscriber = (long)sqlite3_column_int64(s, 2);
		d.attempts = (long)sqlite3_column_int64(s, 3);
		d.first_deferred = (long)sqlite3_column_int64(s, 4);
		d.token = col_text(s, 5);
		d.email = col_text(s, 6);
		d.name = col_text(s, 7);
		d.sub_token = col_text(s, 8);
		d.status = col_text(s, 9);
		n++;
		stop = fn(&d, arg);
	}
	return store_sql_walked(st, s, rc, stop, n, error_r);
}

int
store_delivery_answer(struct store *st, int outbox, long id,
    const struct store_delivery_update *u, const char **error_r)
{
	/* the two ledgers keep an answer in the same columns */
	static const char *const sql[] = {
		("UPDATE deliveries SET state = ?2, attempts = attempts + ?3, "
		"next_attempt = ?4, first_deferred_at = ?5, last_code = ?6, "
		"last_reply = ?7, done_at = ?8 WHERE id = ?1"),
		("UPDATE outbox SET state = ?2, attempts = attempts + ?3, "
		"next_attempt = ?4, first_deferred_at = ?5, last_code = ?6, "
		"last_reply = ?7, done_at = ?8 WHERE id = ?1"),
	};
	sqlite3_stmt *s;

	s = store_sql_with_long(st, sql[outbox ? 1 : 0], id, error_r);
	store_sql_text(s, 2, u->state);
	store_sql_long(s, 3, u->attempt ? 1 : 0);
	store_sql_long(s, 4, u->next_attempt);
	if (u->first_deferred != 0)
		store_sql_long(s, 5, u->first_deferred);
	if (u->code != 0)
		store_sql_long(s, 6, u->code);
	if (u->reply != NULL && *u->reply != '\0')
		store_sql_text(s, 7, u->reply);
	if (u->done_at != 0)
		store_sql_long(s, 8, u->done_at);
	return store_sql_done(st, s, error_r);
}

int
store_delivery_set(struct store *st, long id,
    const struct store_delivery_update *u, const char **error_r)
{
	return store_delivery_answer(st, 0, id, u, error_r);
}

int
store_delivery_next_due(struct store *st, long *when_r, const char **error_r)
{
	*when_r = 0;
	return store_sql_one_long(st, store_sql_prepare(st, "SELECT "
	    "min(d.next_attempt) FROM deliveries d JOIN issues i ON "
	    "i.id = d.issue WHERE i.state = 'sending' AND d.state IN "
	    "('pending', 'deferred')", error_r), when_r, error_r) < 0 ? -1 : 0;
}

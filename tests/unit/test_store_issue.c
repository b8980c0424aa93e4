/* test_store_issue.c — the store's newsletter side (store_issue.c) and
 * outbox (store_outbox.c) on a real database: an issue built with its
 * articles and one delivery per active subscriber; the due deliveries
 * walked in batches after a cursor; the ledger's answers (sent, deferred
 * until later, failed) and what they make of the issue's counts, its next
 * due time and its end; the outbox queued, found again by address without
 * regard to case, walked, answered, listed and shown with its bytes; a
 * refused write reported with SQLite's reason, still readable after the
 * rollback. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "store.h"
#include "store_issue.h"
#include "store_outbox.h"
#include "util.h"

#include "../support/query.h"
#include "../support/scratch.h"

static int
setup(void **state)
{
	struct scratch_store *f = xcalloc(1, sizeof(*f));

	if (scratch_store_open(f, "store-issue") < 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct scratch_store *f = *state;
	int rc = scratch_store_close(f);

	free(f);
	return rc;
}

static int tokens;

static int
make_token(char buf[STORE_ISSUE_TOKEN_MAX])
{
	snprintf(buf, STORE_ISSUE_TOKEN_MAX, "tok%04d", ++tokens);
	return 0;
}

/* three subscribers, two of them active (ids 1 and 3) */
static void
subscribers(struct store *st)
{
	query_exec(st, "INSERT INTO subscribers(email, name, status, token, "
	    "created_at, updated_at) VALUES "
	    "('a@example.org', 'Ann', 'active', 's1', 1, 1), "
	    "('b@example.org', NULL, 'bounced', 's2', 1, 1), "
	    "('c@example.org', NULL, 'active', 's3', 1, 1)");
}

static long
add_issue(struct store *st, long number, long *deliveries_r)
{
	static const struct store_issue_article arts[] = {
		{ "hiring", "Hiring", "2026-01-12" },
		{ "boards", "Boards", "2026-03-09" },
	};
	struct store_issue_new is;
	const char *err = NULL;
	long id = 0;

	memset(&is, 0, sizeof(is));
	is.number = number;
	is.subject = "Issue subject";
	is.created_at = 1000;
	is.context = "{\"issue_number\":1}";
	is.html_template = "<p>{{issue_number}}</p>";
	is.text_template = "Subject: x\n\nbody";
	is.articles = arts;
	is.n_articles = ARRAY_SIZE(arts);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_issue_add(st, &is, make_token, &id, deliveries_r,
	    &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	return id;
}

static void
test_issue_build_and_read(void **state)
{
	struct scratch_store *f = *state;
	struct store_issue_frozen fr;
	struct store_issue_info info;
	const char *err = NULL;
	long number = 0, n, id;

	assert_int_equal(store_issue_next_number(f->st, &number, &err), 0);
	assert_int_equal(number, 1);
	assert_int_equal(store_issue_slug_used(f->st, "hiring", &err), 0);
	assert_int_equal(store_issue_info(f->st, 0, &info, &err), 0);
	store_issue_info_clear(&info);

	subscribers(f->st);
	id = add_issue(f->st, 1, &n);
	assert_int_equal(n, 2);   /* active subscribers only */
	assert_int_equal(store_issue_next_number(f->st, &number, &err), 0);
	assert_int_equal(number, 2);
	assert_int_equal(store_issue_slug_used(f->st, "hiring", &err), 1);
	assert_int_equal(store_issue_slug_used(f->st, "boards", &err), 1);
	assert_int_equal(store_issue_slug_used(f->st, "other", &err), 0);
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM deliveries "
	    "WHERE state = 'pending' AND subscriber IN (1, 3)", NULL), 2);
	assert_int_equal(query_long(f->st, "SELECT count(DISTINCT token) "
	    "FROM deliveries", NULL), 2);
	assert_int_equal(query_long(f->st, "SELECT position FROM "
	    "issue_articles WHERE slug = ?1", "boards"), 1);
	assert_null(query_text(f->st, "SELECT slot FROM issues", NULL));

	assert_int_equal(store_issue_frozen(f->st, id, &fr, &err), 0);
	assert_int_equal(fr.number, 1);
	assert_string_equal(fr.context, "{\"issue_number\":1}");
	assert_string_equal(fr.html_template, "<p>{{issue_number}}</p>");
	assert_string_equal(fr.text_template, "Subject: x\n\nbody");
	store_issue_frozen_clear(&fr);
	assert_int_equal(store_issue_frozen(f->st, id + 7, &fr, &err), 1);
	store_issue_frozen_clear(&fr);

	assert_int_equal(store_issue_info(f->st, 0, &info, &err), 1);
	assert_int_equal(info.number, 1);
	assert_string_equal(info.subject, "Issue subject");
	assert_string_equal(info.state, "sending");
	assert_int_equal(info.created_at, 1000);
	assert_int_equal(info.pending, 2);
	assert_int_equal(info.sent + info.deferred + info.failed +
	    info.skipped, 0);
	store_issue_info_clear(&info);
	assert_int_equal(store_issue_info(f->st, 5, &info, &err), 0);
	store_issue_info_clear(&info);

	/* the number is UNIQUE: a second issue 1 is refused, with a reason */
	{
		struct store_issue_new is;
		long id2;

		memset(&is, 0, sizeof(is));
		is.number = 1;
		is.subject = "again";
		is.context = is.html_template = is.text_template = "";
		assert_int_equal(store_begin(f->st, &err), 0);
		err = NULL;
		assert_int_equal(store_issue_add(f->st, &is, make_token, &id2,
		    &n, &err), -1);
		store_rollback(f->st);
		assert_non_null(err);
		assert_non_null(strstr(err, "UNIQUE"));
	}
}

struct seen {
	long ids[8];
	char emails[8][32];
	int n, stop_at;
};

static int
collect(const struct store_delivery *d, void *arg)
{
	struct seen *s = arg;

	s->ids[s->n] = d->id;
	snprintf(s->emails[s->n], sizeof(s->emails[0]), "%s", d->email);
	assert_non_null(d->token);
	assert_non_null(d->sub_token);
	assert_string_equal(d->status, "active");
	s->n++;
	return s->stop_at != 0 && s->n >= s->stop_at ? 7 : 0;
}

static void
test_deliveries_ledger(void **state)
{
	struct scratch_store *f = *state;
	struct store_delivery_update u;
	struct store_issue_info info;
	struct seen s;
	const char *err = NULL;
	long n, when;

	subscribers(f->st);
	add_issue(f->st, 1, &n);

	memset(&s, 0, sizeof(s));
	assert_int_equal(store_delivery_due(f->st, 100, 0, 10, collect, &s,
	    &err), 2);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.emails[0], "a@example.org");
	assert_string_equal(s.emails[1], "c@example.org");
	/* after a cursor, and a limit */
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_delivery_due(f->st, 100, 0, 1, collect, &s,
	    &err), 1);
	assert_int_equal(store_delivery_due(f->st, 100, s.ids[0], 10, collect,
	    &s, &err), 1);
	assert_string_equal(s.emails[1], "c@example.org");
	/* a callback's non-zero answer ends the walk and is returned */
	memset(&s, 0, sizeof(s));
	s.stop_at = 1;
	assert_int_equal(store_delivery_due(f->st, 100, 0, 10, collect, &s,
	    &err), 7);
	assert_int_equal(s.n, 1);

	/* the first is sent, the second deferred until 500 */
	memset(&u, 0, sizeof(u));
	u.state = "sent";
	u.attempt = 1;
	u.code = 250;
	u.reply = "250 2.0.0 Ok";
	u.done_at = 200;
	assert_int_equal(store_begin(f->st, &err), 0);
	assert_int_equal(store_delivery_set(f->st, s.ids[0], &u, &err), 0);
	assert_int_equal(store_commit(f->st, &err), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_delivery_due(f->st, 100, 0, 10, collect, &s,
	    &err), 1);
	memset(&u, 0, sizeof(u));
	u.state = "deferred";
	u.attempt = 1;
	u.next_attempt = 500;
	u.first_deferred = 200;
	u.code = 451;
	u.reply = "451 4.3.0 try later";
	assert_int_equal(store_begin(f->st, &err), 0);
	assert_int_equal(store_delivery_set(f->st, s.ids[0], &u, &err), 0);
	assert_int_equal(store_commit(f->st, &err), 0);
	assert_int_equal(query_long(f->st, "SELECT attempts FROM deliveries "
	    "WHERE state = 'deferred'", NULL), 1);
	assert_null(query_text(f->st, "SELECT done_at FROM deliveries WHERE "
	    "state = 'deferred'", NULL));
	assert_int_equal(query_long(f->st, "SELECT last_code FROM deliveries "
	    "WHERE state = 'sent'", NULL), 250);

	memset(&s, 0, sizeof(s));
	assert_int_equal(store_delivery_due(f->st, 499, 0, 10, collect, &s,
	    &err), 0);
	assert_int_equal(store_delivery_due(f->st, 500, 0, 10, collect, &s,
	    &err), 1);
	assert_int_equal(store_delivery_next_due(f->st, &when, &err), 0);
	assert_int_equal(when, 500);

	/* not finished while one is deferred */
	assert_int_equal(store_issue_finish(f->st, &err), 0);
	assert_int_equal(store_issue_info(f->st, 1, &info, &err), 1);
	assert_string_equal(info.state, "sending");
	assert_int_equal(info.sent, 1);
	assert_int_equal(info.deferred, 1);
	store_issue_info_clear(&info);

	memset(&u, 0, sizeof(u));
	u.state = "failed";
	u.attempt = 1;
	u.first_deferred = 200;
	u.code = 550;
	u.done_at = 600;
	assert_int_equal(store_begin(f->st, &err), 0);
	assert_int_equal(store_delivery_set(f->st, s.ids[0], &u, &err), 0);
	assert_int_equal(store_commit(f->st, &err), 0);
	assert_null(query_text(f->st, "SELECT last_reply FROM deliveries "
	    "WHERE state = 'failed'", NULL));
	assert_int_equal(query_long(f->st, "SELECT attempts FROM deliveries "
	    "WHERE state = 'failed'", NULL), 2);
	assert_int_equal(store_delivery_next_due(f->st, &when, &err), 0);
	assert_int_equal(when, 0);
	assert_int_equal(store_issue_finish(f->st, &err), 0);
	assert_int_equal(store_issue_info(f->st, 0, &info, &err), 1);
	assert_string_equal(info.state, "done");
	assert_int_equal(info.failed, 1);
	store_issue_info_clear(&info);
	/* done issues have nothing due */
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_delivery_due(f->st, 10000, 0, 10, collect, &s,
	    &err), 0);
}

/* a refused write: the reason is SQLite's, copied, and still there after
 * the rollback (which runs SQLite again on the connection) */
static void
test_ledger_write_refused(void **state)
{
	struct scratch_store *f = *state;
	struct store_delivery_update u;
	struct store_outbox_update ou;
	const char *err = NULL;
	long n;

	subscribers(f->st);
	add_issue(f->st, 1, &n);
	query_exec(f->st, "CREATE TRIGGER refuse BEFORE UPDATE ON deliveries "
	    "BEGIN SELECT RAISE(ABORT, 'ledger refused'); END; "
	    "CREATE TRIGGER refuse2 BEFORE UPDATE ON outbox "
	    "BEGIN SELECT RAISE(ABORT, 'outbox refused'); END");
	memset(&u, 0, sizeof(u));
	u.state = "sent";
	u.attempt = 1;
	assert_int_equal(store_begin(f->st, &err), 0);
	assert_int_equal(store_delivery_set(f->st, 1, &u, &err), -1);
	store_rollback(f->st);
	assert_string_equal(err, "ledger refused");

	assert_int_equal(store_outbox_add(f->st, "ack", 0, "x@example.org", "",
	    "raw", 3, &err), 0);
	memset(&ou, 0, sizeof(ou));
	ou.state = "sent";
	assert_int_equal(store_begin(f->st, &err), 0);
	assert_int_equal(store_outbox_set(f->st, 1, &ou, &err), -1);
	store_rollback(f->st);
	assert_string_equal(err, "outbox refused");
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM deliveries "
	    "WHERE state = 'pending'", NULL), 2);
}

struct oseen {
	long ids[8];
	size_t lens[8];
	char to[8][32], reply[8][64], state[8][16];
	int n;
};

static int
odue(const struct store_outbox_due *o, void *arg)
{
	struct oseen *s = arg;

	s->ids[s->n] = o->id;
	s->lens[s->n] = o->raw_len;
	snprintf(s->to[s->n], sizeof(s->to[0]), "%s", o->to_addr);
	s->n++;
	return 0;
}

static int
orow(const struct store_outbox_row *r, void *arg)
{
	struct oseen *s = arg;

	s->ids[s->n] = r->id;
	snprintf(s->to[s->n], sizeof(s->to[0]), "%s", r->to_addr);
	snprintf(s->reply[s->n], sizeof(s->reply[0]), "%s", r->last_reply);
	snprintf(s->state[s->n], sizeof(s->state[0]), "%s", r->state);
	s->n++;
	return 0;
}

static void
test_outbox(void **state)
{
	static const char raw[] = "Subject: hi\r\n\r\nbody\0with a NUL";
	struct scratch_store *f = *state;
	struct store_outbox_update u;
	struct store_outbox_entry e;
	struct oseen s;
	const char *err = NULL;
	long created, when;

	assert_int_equal(store_outbox_recent(f->st, "ack", "x@example.org", 0,
	    &err), 0);
	assert_int_equal(store_outbox_add(f->st, "ack", 0, "Cand@Example.org",
	    "", raw, sizeof(raw) - 1, &err), 0);
	assert_int_equal(store_outbox_add(f->st, "confirm", 0,
	    "other@example.org", "bounces@rma.example", "x", 1, &err), 0);
	created = query_long(f->st, "SELECT created_at FROM outbox WHERE "
	    "id = 1", NULL);
	assert_true(created > 0);

	/* by address without regard to case, kind, and since (inclusive) */
	assert_int_equal(store_outbox_recent(f->st, "ack", "cand@example.ORG",
	    created, &err), 1);
	assert_int_equal(store_outbox_recent(f->st, "ack", "cand@example.org",
	    created + 1, &err), 0);
	assert_int_equal(store_outbox_recent(f->st, "confirm",
	    "cand@example.org", 0, &err), 0);

	memset(&s, 0, sizeof(s));
	assert_int_equal(store_outbox_due(f->st, (long)time(NULL), 0, 10, odue,
	    &s, &err), 2);
	assert_string_equal(s.to[0], "Cand@Example.org");
	assert_int_equal(s.lens[0], sizeof(raw) - 1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_outbox_due(f->st, (long)time(NULL), 1, 10, odue,
	    &s, &err), 1);
	assert_int_equal(s.ids[0], 2);

	/* the first sent, the second deferred */
	memset(&u, 0, sizeof(u));
	u.state = "sent";
	u.attempt = 1;
	u.code = 250;
	u.reply = "250 2.0.0 Ok";
	u.done_at = 300;
	assert_int_equal(store_begin(f->st, &err), 0);
	assert_int_equal(store_outbox_set(f->st, 1, &u, &err), 0);
	memset(&u, 0, sizeof(u));
	u.state = "deferred";
	u.attempt = 1;
	u.next_attempt = 4000000000L;
	u.first_deferred = 300;
	u.code = 451;
	u.reply = "451 later";
	assert_int_equal(store_outbox_set(f->st, 2, &u, &err), 0);
	assert_int_equal(store_commit(f->st, &err), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_outbox_due(f->st, (long)time(NULL), 0, 10, odue,
	    &s, &err), 0);
	assert_int_equal(store_outbox_next_due(f->st, &when, &err), 0);
	assert_int_equal(when, 4000000000L);

	/* the list: all, or all but the sent */
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_outbox_list(f->st, 1, orow, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.state[0], "sent");
	assert_string_equal(s.reply[0], "250 2.0.0 Ok");
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_outbox_list(f->st, 0, orow, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], 2);
	assert_string_equal(s.reply[0], "451 later");

	/* one row with its bytes */
	assert_int_equal(store_outbox_get(f->st, 1, &e, &err), 0);
	assert_int_equal(e.id, 1);
	assert_string_equal(e.kind, "ack");
	assert_string_equal(e.state, "sent");
	assert_int_equal(e.message, 0);
	assert_string_equal(e.to_addr, "Cand@Example.org");
	assert_string_equal(e.env_from, "");
	assert_int_equal(e.attempts, 1);
	assert_int_equal(e.created_at, created);
	assert_int_equal(e.first_deferred, 0);
	assert_int_equal(e.done_at, 300);
	assert_int_equal(e.last_code, 250);
	assert_string_equal(e.last_reply, "250 2.0.0 Ok");
	assert_int_equal(e.raw_len, sizeof(raw) - 1);
	assert_memory_equal(e.raw, raw, sizeof(raw) - 1);
	assert_int_equal(e.raw[e.raw_len], '\0');
	store_outbox_entry_clear(&e);
	assert_int_equal(store_outbox_get(f->st, 2, &e, &err), 0);
	assert_string_equal(e.env_from, "bounces@rma.example");
	assert_int_equal(e.first_deferred, 300);
	assert_int_equal(e.done_at, 0);
	store_outbox_entry_clear(&e);
	assert_int_equal(store_outbox_get(f->st, 9, &e, &err), 1);
	store_outbox_entry_clear(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_issue_build_and_read,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_deliveries_ledger, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ledger_write_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_plan.c — store_apply, the one writer of an inbound mail's plan:
 * the message row and the record under the number the plan chose, a
 * reparse replacing records under their old numbers, subscriber
 * changes, bounce rows and outbox messages; a failure inside the plan
 * rolls back everything of that mail and nothing else; building a plan
 * writes nothing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan.h"
#include "store.h"
#include "subscriber.h"
#include "util.h"

#include "../support/query.h"
#include "../support/scratch.h"

struct fixture {
	struct scratch_store s;     /* s.st: the store */
	unsigned seq;
	char sha[65];
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (scratch_store_open(&f->s, "plan") < 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = scratch_store_close(&f->s);

	free(f);
	return rc;
}

static long
count(struct fixture *f, const char *sql, const char *arg)
{
	return query_long(f->s.st, sql, arg);
}

/* a plan for a new mail, its message row filled */
static void
new_plan(struct fixture *f, struct plan *p, const char *kind)
{
	plan_init(p);
	snprintf(f->sha, sizeof(f->sha), "%064u", ++f->seq);
	p->msg.sha256 = f->sha;
	p->msg.source = "maildir:/test";
	p->msg.uid = f->sha + 56;
	p->msg.kind = kind;
	p->msg.outcome = "recorded";
	p->msg.raw = "From: x@example.org\n\nhello\n";
	p->msg.raw_len = strlen(p->msg.raw);
}

/* apply p in a transaction and a savepoint, like ingest; the result */
static int
apply(struct fixture *f, struct plan *p, long *msg_r, long *rid_r)
{
	const char *err = NULL;
	long m = 0, r = 0;
	int rc;

	assert_int_equal(store_begin(f->s.st, &err), 0);
	assert_int_equal(store_savepoint(f->s.st, &err), 0);
	rc = store_apply(f->s.st, p, &m, &r, &err);
	if (rc == 0)
		assert_int_equal(store_release(f->s.st, &err), 0);
	else {
		assert_non_null(err);
		assert_int_equal(store_rollback_to(f->s.st), 0);
	}
	assert_int_equal(store_commit(f->s.st, &err), 0);
	if (msg_r != NULL)
		*msg_r = m;
	if (rid_r != NULL)
		*rid_r = r;
	return rc;
}

static void
test_record_takes_the_planned_number(void **state)
{
	struct fixture *f = *state;
	struct job_order j;
	struct plan p;
	const char *err;
	long next, msg, rid;

	memset(&j, 0, sizeof(j));
	j.position_title = "Chief Financial Officer";
	j.company = "Alpenbau GmbH";
	j.confidential = -1;
	new_plan(f, &p, "job_order");
	p.job = &j;
	assert_int_equal(store_begin(f->s.st, &err), 0);
	assert_int_equal(store_next_record_id(f->s.st, 1, &next, &err), 0);
	store_rollback(f->s.st);
	assert_int_equal(next, 1);
	p.record_id = next;
	assert_int_equal(apply(f, &p, &msg, &rid), 0);
	assert_true(msg > 0);
	assert_int_equal(rid, 1);
	plan_free(&p);

	/* a number further on (the one an acknowledgement quoted) */
	new_plan(f, &p, "job_order");
	p.job = &j;
	p.record_id = 40;
	assert_int_equal(apply(f, &p, &msg, &rid), 0);
	assert_int_equal(rid, 40);
	assert_int_equal(count(f, "SELECT count(*) FROM jobs WHERE id = 40 "
	    "AND company = ?1", "Alpenbau GmbH"), 1);
	plan_free(&p);

	/* a reparse of the first: its record replaced under its number,
	 * kind and outcome updated, no second message row */
	plan_init(&p);
	p.msg_id = 1;
	p.msg.kind = "job_order";
	p.msg.outcome = "recorded";
	p.msg.reason = "reparsed";
	j.company = "Alpenbau GmbH & Co. KG";
	p.job = &j;
	p.record_id = 1;
	assert_int_equal(apply(f, &p, &msg, &rid), 0);
	assert_int_equal(msg, 1);
	assert_int_equal(rid, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM messages", NULL), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM jobs", NULL), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM jobs WHERE id = 1 AND "
	    "company = ?1", "Alpenbau GmbH & Co. KG"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM messages WHERE id = 1 "
	    "AND reason = ?1", "reparsed"), 1);
	plan_free(&p);
}

static void
test_subscribers_bounces_outbox(void **state)
{
	struct fixture *f = *state;
	static const char tok[] = "0123456789abcdef0123456789abcdef";
	struct plan p;
	long msg, id, i;
	char *t;
	const char *st;

	/* a subscribe request: the new row gets the planned token (the one
	 * its confirmation quotes); the confirmation is queued with it */
	new_plan(f, &p, "subscription");
	plan_sub(&p, PLAN_SUB_REQUEST, 0, "lena.visser@example.nl",
	    "Lena Visser", tok);
	plan_out(&p, "confirm", "lena.visser@example.nl", "Subject: x\n\ny\n",
	    14);
	assert_int_equal(apply(f, &p, &msg, NULL), 0);
	plan_free(&p);
	id = store_subscriber_find(f->s.st, "lena.visser@example.nl", NULL);
	assert_true(id > 0);
	t = store_subscriber_token(f->s.st, id, NULL);
	assert_string_equal(t, tok);
	free(t);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'confirm' AND env_from = '' AND state = 'pending' AND message = "
	    "(SELECT max(id) FROM messages)", NULL), 1);
	/* confirm, then three soft bounces: bounced */
	new_plan(f, &p, "subscription");
	plan_sub(&p, PLAN_SUB_CONFIRM, id, NULL, NULL, NULL);
	assert_int_equal(apply(f, &p, NULL, NULL), 0);
	plan_free(&p);
	assert_int_equal(store_subscriber_by_token(f->s.st, tok, &st, NULL), id);
	assert_string_equal(st, "active");
	for (i = 0; i < 3; i++) {
		new_plan(f, &p, "bounce");
		plan_bounce(&p, id, 0, "lena.visser@example.nl", "4.2.2",
		    "failed", 0, "mailbox full");
		assert_int_equal(apply(f, &p, NULL, NULL), 0);
		plan_free(&p);
	}
	assert_int_equal(count(f, "SELECT count(*) FROM bounces WHERE "
	    "subscriber = (SELECT id FROM subscribers WHERE email = ?1)",
	    "lena.visser@example.nl"), 3);
	assert_int_equal(store_subscriber_by_token(f->s.st, tok, &st, NULL), id);
	assert_string_equal(st, "bounced");
	/* a complaint */
	new_plan(f, &p, "complaint");
	plan_sub(&p, PLAN_SUB_COMPLAINED, id, NULL, NULL, NULL);
	assert_int_equal(apply(f, &p, NULL, NULL), 0);
	plan_free(&p);
	assert_int_equal(store_subscriber_by_token(f->s.st, tok, &st, NULL), id);
	assert_string_equal(st, "complained");
}

/* one refused write inside a plan takes the whole mail back, and only
 * that mail */
static void
test_failure_rolls_back_the_mail(void **state)
{
	struct fixture *f = *state;
	struct candidate c;
	struct plan p;

	memset(&c, 0, sizeof(c));
	c.name = "Giulia Ferrante";
	c.willing_to_relocate = -1;
	c.years_experience = -1;
	query_exec(f->s.st, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON outbox "
	    "WHEN NEW.to_addr = 'refused@example.it' BEGIN SELECT "
	    "RAISE(ABORT, 'refused by the test'); END");
	new_plan(f, &p, "candidate");
	p.cand = &c;
	p.record_id = 1;
	plan_sub(&p, PLAN_SUB_REQUEST, 0, "giulia@example.it", NULL,
	    "fedcba9876543210fedcba9876543210");
	plan_out(&p, "ack", "refused@example.it", "x", 1);
	assert_int_equal(apply(f, &p, NULL, NULL), -1);
	plan_free(&p);
	assert_int_equal(count(f, "SELECT count(*) FROM messages", NULL), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM candidates", NULL), 0);
	assert_int_equal(store_subscriber_find(f->s.st, "giulia@example.it", NULL),
	    0);
	/* the next mail is written */
	new_plan(f, &p, "candidate");
	p.cand = &c;
	p.record_id = 1;
	plan_out(&p, "ack", "giulia@example.it", "x", 1);
	assert_int_equal(apply(f, &p, NULL, NULL), 0);
	plan_free(&p);
	assert_int_equal(count(f, "SELECT count(*) FROM candidates", NULL), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox", NULL), 1);
}

/* a résumé file already on disk under its hash is kept only when it
 * holds those bytes: one of the same size but other bytes (cut by a
 * crash, changed by hand) is written again */
static void
test_attachment_verified_by_hash(void **state)
{
	struct fixture *f = *state;
	static const char cv[] = "Giulia Ferrante\nCFO, Milano\n";
	struct candidate c;
	struct resume r;
	struct plan p;
	char *path, *got = NULL;
	const char *err;
	size_t len;

	memset(&r, 0, sizeof(r));
	r.filename = "CV Giulia.txt";
	r.content_type = "text/plain";
	r.size = sizeof(cv) - 1;
	r.data = (const unsigned char *)cv;
	sha256_hex(cv, r.size, r.sha256);
	memset(&c, 0, sizeof(c));
	c.name = "Giulia Ferrante";
	c.willing_to_relocate = -1;
	c.years_experience = -1;
	c.resumes = &r;
	c.n_resumes = 1;
	/* the file is there already, as long as the résumé, wrong bytes */
	path = store_attachment_path(f->s.st, r.sha256);
	{
		char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
		char junk[sizeof(cv) - 1];

		memset(junk, 'x', sizeof(junk));
		assert_int_equal(mkdir_p(dir, 0700), 0);
		assert_int_equal(file_write_atomic(path, junk, sizeof(junk),
		    0600, &err), 0);
		free(dir);
	}
	new_plan(f, &p, "candidate");
	p.cand = &c;
	p.record_id = 1;
	assert_int_equal(apply(f, &p, NULL, NULL), 0);
	plan_free(&p);
	assert_int_equal(file_read(path, 1024, &got, &len, &err), 0);
	assert_int_equal(len, sizeof(cv) - 1);
	assert_memory_equal(got, cv, len);
	free(got);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_record_takes_the_planned_number, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_subscribers_bounces_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_failure_rolls_back_the_mail, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_attachment_verified_by_hash, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_store.c — the SQLite store: messages, seen/duplicate lookups,
 * job and candidate rows, content-addressed résumé files with safe
 * modes, export rows, and record deletion for reparse. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "export.h"
#include "store.h"
#include "util.h"

struct fixture {
	char dir[64];
	char *db, *files;
	struct store *st;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	const char *err;

	strcpy(f->dir, "/tmp/recruit-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->db = xasprintf("%s/r.db", f->dir);
	f->files = xasprintf("%s/files", f->dir);
	if (store_open(f->db, f->files, &f->st, &err) < 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf %s", f->dir);

	store_close(f->st);
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	free(f->db);
	free(f->files);
	free(f);
	return 0;
}

static long
add_msg(struct store *st, const char *uid, const char *sha, const char *mid,
    const char *body)
{
	struct store_msg m;
	const char *err;
	long id;

	memset(&m, 0, sizeof(m));
	m.message_id = mid;
	m.sha256 = sha;
	m.body_sha256 = body;
	m.from_addr = "a@example.com";
	m.subject = "Subject; with, comma \"quoted\"";
	m.date = 1764000000;
	m.source = "maildir:/m";
	m.uid = uid;
	m.kind = "job_order";
	m.outcome = "recorded";
	m.reason = "test";
	m.raw = "From: a@example.com\n\nbody\n";
	m.raw_len = strlen(m.raw);
	assert_int_equal(store_add_message(st, &m, &id, &err), 0);
	return id;
}

static void
test_seen_and_duplicates(void **state)
{
	struct fixture *f = *state;
	const char *err, *outcome;
	long id, found;

	assert_int_equal(store_begin(f->st, &err), 0);
	id = add_msg(f->st, "u1", "aaa", "m1@x", "b1");
	assert_int_equal(store_commit(f->st, &err), 0);

	assert_int_equal(store_seen(f->st, "maildir:/m", 0, "u1", "aaa", &found,
	    &outcome), 1);
	assert_int_equal(found, id);
	assert_string_equal(outcome, "recorded");
	assert_int_equal(store_seen(f->st, "maildir:/m", 0, "u2", "aaa", &found,
	    &outcome), 0);
	assert_int_equal(store_seen(f->st, "maildir:/other", 0, "u1", "aaa",
	    &found, &outcome), 0);
	/* same bytes */
	assert_int_equal(store_find_duplicate(f->st, "aaa", NULL, NULL, &found),
	    1);
	/* same Message-ID and body, other headers */
	assert_int_equal(store_find_duplicate(f->st, "bbb", "m1@x", "b1",
	    &found), 1);
	/* same Message-ID, other body: not a duplicate */
	assert_int_equal(store_find_duplicate(f->st, "bbb", "m1@x", "b2",
	    &found), 0);
	assert_int_equal(store_find_duplicate(f->st, "bbb", NULL, "b1", &found),
	    0);
}

static void
test_rollback_keeps_nothing(void **state)
{
	struct fixture *f = *state;
	const char *err, *outcome;
	long found;

	assert_int_equal(store_begin(f->st, &err), 0);
	add_msg(f->st, "u9", "zzz", "m9@x", "b9");
	store_rollback(f->st);
	assert_int_equal(store_seen(f->st, "maildir:/m", 0, "u9", "zzz", &found,
	    &outcome), 0);
}

static void
test_job_and_candidate(void **state)
{
	struct fixture *f = *state;
	static const unsigned char pdf[] = "%PDF-1.4 fake resume bytes";
	struct job_order j;
	struct candidate c;
	struct resume r;
	char *industries[] = { "Insurance", "Banking & Financial Services" };
	char *locations[] = { "Zurich", "London" };
	const char *err;
	long mid, jid, cid;
	json_t *o, *v;
	char *path, *dir;
	struct stat st;

	memset(&j, 0, sizeof(j));
	j.company = "Acme AG";
	j.position_title = "CFO";
	j.country = "CH";
	j.salary.found = 1;
	j.salary.min = 250000;
	j.salary.max = 300000;
	strcpy(j.salary.currency, "CHF");
	strcpy(j.salary.period, "year");
	j.confidential = 1;
	j.needs_review = 0;

	memset(&c, 0, sizeof(c));
	c.name = "Jürgen Weiß";
	c.email = "jw@example.de";
	c.industries = industries;
	c.n_industries = 2;
	c.locations = locations;
	c.n_locations = 2;
	c.willing_to_relocate = -1;
	c.years_experience = 15;
	memset(&r, 0, sizeof(r));
	r.filename = "Lebenslauf Jürgen.pdf";
	r.content_type = "application/pdf";
	r.data = pdf;
	r.size = sizeof(pdf) - 1;
	sha256_hex(pdf, r.size, r.sha256);
	r.text = "fake resume";
	c.resumes = &r;
	c.n_resumes = 1;

	assert_int_equal(store_begin(f->st, &err), 0);
	mid = add_msg(f->st, "u3", "ccc", "m3@x", "b3");
	assert_int_equal(store_add_job(f->st, mid, &j, &jid, &err), 0);
	assert_int_equal(store_add_candidate(f->st, mid, &c, &cid, &err), 0);
	assert_int_equal(store_commit(f->st, &err), 0);

	o = export_row(f->st, EXPORT_JOBS, jid);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "company")),
	    "Acme AG");
	assert_int_equal(json_integer_value(json_object_get(o, "salary_min")),
	    250000);
	assert_true(json_is_true(json_object_get(o, "confidential")));
	assert_true(json_is_false(json_object_get(o, "needs_review")));
	assert_true(json_is_null(json_object_get(o, "industry")));
	assert_string_equal(json_string_value(json_object_get(o,
	    "received_at")) + 19, "Z");
	assert_int_equal(json_object_size(o), 21);
	json_decref(o);

	o = export_row(f->st, EXPORT_CANDIDATES, cid);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), 17);
	v = json_object_get(o, "industries");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(json_string_value(json_array_get(v, 1)),
	    "Banking & Financial Services");
	assert_true(json_is_null(json_object_get(o, "willing_to_relocate")));
	assert_true(json_is_null(json_object_get(o, "salary_expectation")));
	v = json_array_get(json_object_get(o, "resumes"), 0);
	assert_string_equal(json_string_value(json_object_get(v, "filename")),
	    "Lebenslauf Jürgen.pdf");
	assert_string_equal(json_string_value(json_object_get(v, "sha256")),
	    r.sha256);
	assert_int_equal(json_integer_value(json_object_get(v, "size")),
	    r.size);
	json_decref(o);

	/* the file is named by its hash only, 0600 in 0700 folders */
	path = store_attachment_path(f->st, r.sha256);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal((size_t)st.st_size, r.size);
	dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(dir);
	free(path);
	assert_int_equal(stat(f->db, &st), 0);
	assert_int_equal(st.st_mode & 0077, 0);

	/* reparse support: records go, the message stays */
	assert_int_equal(store_begin(f->st, &err), 0);
	assert_int_equal(store_delete_records(f->st, mid, &err), 0);
	assert_int_equal(store_set_outcome(f->st, mid, "candidate", "recorded",
	    "again", &err), 0);
	assert_int_equal(store_commit(f->st, &err), 0);
	assert_null(export_row(f->st, EXPORT_JOBS, jid));
	assert_null(export_row(f->st, EXPORT_CANDIDATES, cid));
	o = export_row(f->st, EXPORT_MESSAGES, mid);
	assert_string_equal(json_string_value(json_object_get(o, "kind")),
	    "candidate");
	assert_string_equal(json_string_value(json_object_get(o, "uid")), "u3");
	json_decref(o);
}

static void
test_export_csv_quoting(void **state)
{
	struct fixture *f = *state;
	const char *err;
	char *out = NULL;
	size_t n = 0;
	FILE *fp;

	assert_int_equal(store_begin(f->st, &err), 0);
	add_msg(f->st, "u4", "ddd", "m4@x", "b4");
	assert_int_equal(store_commit(f->st, &err), 0);
	fp = open_memstream(&out, &n);
	assert_int_equal(export_records(f->st, EXPORT_MESSAGES, FORMAT_CSV, fp,
	    &err), 0);
	fclose(fp);
	assert_non_null(strstr(out, "id,message_id,from,subject,date,source,"
	    "uid,kind,outcome,reason\r\n"));
	assert_non_null(strstr(out, ",\"Subject; with, comma \"\"quoted\"\"\","
	    "2025-11-24T16:00:00Z,maildir:/m,u4,job_order,recorded,test\r\n"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seen_and_duplicates, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rollback_keeps_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_job_and_candidate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_csv_quoting, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

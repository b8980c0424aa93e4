/* test_store.c — the SQLite store: messages, seen/duplicate lookups,
 * job and candidate rows, content-addressed résumé files with safe
 * modes, export rows, and record deletion for reparse.  And the group
 * commit of ingest_run over a real Maildir: one message whose writes
 * fail is rolled back alone (the others are committed and moved, it
 * stays in new/ and is taken next time), the same mail twice in one
 * batch, and messages committed but not moved (a crash between COMMIT
 * and the moves) recognised and only moved.  And a mailbox's
 * UIDVALIDITY remembered across runs, a change logged once. */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "export.h"
#include "ingest.h"
#include "log.h"
#include "source.h"
#include "store.h"
#include "store_int.h"   /* store_db: the test reads the database itself */
#include "util.h"

#include "../support/query.h"
#include "../support/scratch.h"

static int
setup(void **state)
{
	struct scratch_store *f = xcalloc(1, sizeof(*f));

	if (scratch_store_open(f, "store") < 0)
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

static long
add_msg(struct store *st, const char *uid, const char *sha, const char *mid,
    const char *body)
{
	struct plan_msg m;
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
	struct scratch_store *f = *state;
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
	struct scratch_store *f = *state;
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
	struct scratch_store *f = *state;
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
	struct scratch_store *f = *state;
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


/* amounts too large for an integer come out as reals (no cast out of
 * range: UBSan float-cast-overflow) */
static void
test_export_huge_amounts(void **state)
{
	static const double v[] = { 250000, 1e30, -1e300, 12.5 };
	struct scratch_store *f = *state;
	struct job_order j;
	const char *err;
	long mid, jid;
	size_t i;
	json_t *o;

	assert_int_equal(store_begin(f->st, &err), 0);
	mid = add_msg(f->st, "u9", "fff", "m9@x", "b9");
	memset(&j, 0, sizeof(j));
	j.position_title = "CFO";
	assert_int_equal(store_add_job(f->st, mid, &j, &jid, &err), 0);
	assert_int_equal(store_commit(f->st, &err), 0);
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		sqlite3_stmt *s;
		json_t *m;

		assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "UPDATE "
		    "jobs SET salary_min = ?1, salary_max = ?1 WHERE id = ?2",
		    -1, &s, NULL), SQLITE_OK);
		sqlite3_bind_double(s, 1, v[i]);
		sqlite3_bind_int64(s, 2, jid);
		assert_int_equal(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
		o = export_row(f->st, EXPORT_JOBS, jid);
		assert_non_null(o);
		m = json_object_get(o, "salary_min");
		assert_true(json_is_number(m));
		assert_true(json_number_value(m) == v[i]);
		/* whole and small enough: an integer */
		assert_int_equal(json_is_integer(m), v[i] == 250000);
		json_decref(o);
	}
}

/* ---- group commit through ingest_run ---- */

static const char ingest_conf[] =
	"[store]\ndatabase = r.db\n"
	"[inbox]\nsource = maildir:Maildir\n"
	"[addresses]\njob_orders = jobs@rma-search.example\n";

struct run {
	struct conf *conf;
	struct ingest *in;
	struct source *src;
	char *md;
};

static void
quiet(enum log_level lvl, const char *line, void *ctx)
{
	(void)lvl;
	(void)line;
	(void)ctx;
}

static void
run_open(struct scratch_store *f, struct run *r)
{
	const char *err;
	char *cerr = NULL;

	memset(r, 0, sizeof(*r));
	if (conf_load_string(ingest_conf, "store.conf", f->dir, &r->conf,
	    &cerr) < 0)
		fail_msg("config: %s", cerr);
	r->md = xasprintf("%s/Maildir", f->dir);
	assert_int_equal(scratch_maildir(f->dir), 0);
	r->in = ingest_new(r->conf, f->st, &err);
	assert_non_null(r->in);
	r->src = source_maildir_new(r->md, "Processed", "Rejected", "Review",
	    r->conf->limits.max_message_size);
	log_set_sink(quiet, NULL);
}

static void
run_close(struct run *r)
{
	source_free(r->src);
	ingest_free(r->in);
	conf_free(r->conf);
	free(r->md);
	log_set_sink(NULL, NULL);
}

static enum ingest_result
run_pass(struct run *r, struct ingest_stats *s, const char **err)
{
	enum ingest_result res;

	memset(s, 0, sizeof(*s));
	*err = NULL;
	assert_int_equal(r->src->ops->open(r->src, err), 0);
	res = ingest_run(r->in, r->src, s, NULL, err);
	r->src->ops->close(r->src);
	return res;
}

/* put_job: a labelled job order (tests/data/job-en-labelled.eml) under
 * new/NAME, its Message-ID made unique by k, its position title being
 * title */
static void
put_job(struct run *r, const char *name, unsigned k, const char *title)
{
	char *raw, *path, *line, *end;
	const char *err;
	size_t len;
	FILE *fp;

	assert_int_equal(file_read(SRCDIR "/tests/data/job-en-labelled.eml",
	    1 << 20, &raw, &len, &err), 0);
	path = xasprintf("%s/new/%s", r->md, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (line = raw; *line != '\0'; line = end) {
		end = strchr(line, '\n');
		end = end != NULL ? end + 1 : line + strlen(line);
		if (strncmp(line, "Message-ID: <", 13) == 0)
			fprintf(fp, "Message-ID: <k%u.%.*s", k,
			    (int)(end - line - 13), line + 13);
		else if (strncmp(line, "Position Title: ", 16) == 0)
			fprintf(fp, "Position Title: %s\n", title);
		else
			fwrite(line, 1, (size_t)(end - line), fp);
	}
	assert_int_equal(fclose(fp), 0);
	free(path);
	free(raw);
}

static long
count(struct scratch_store *f, const char *sql)
{
	return query_long(f->st, sql, NULL);
}

static size_t
files_in(const char *dir, const char *sub)
{
	char *p = path_join(dir, sub);
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(p);

	free(p);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
test_batch_one_message_fails(void **state)
{
	struct scratch_store *f = *state;
	struct ingest_stats s;
	struct run r;
	const char *err;
	char name[32];
	unsigned k;

	run_open(f, &r);
	for (k = 1; k <= 6; k++) {
		snprintf(name, sizeof(name), "17640000%02u.M%uP1.t", k, k);
		put_job(&r, name, k, k == 4 ? "Poison Taster" :
		    "Vice President of Engineering");
	}
	/* the job record of the fourth is refused: its message row, written
	 * just before in the same savepoint, must go with it */
	assert_int_equal(sqlite3_exec(store_db(f->st), "CREATE TRIGGER refuse "
	    "BEFORE INSERT ON jobs WHEN NEW.position_title LIKE 'Poison%' "
	    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(run_pass(&r, &s, &err), INGEST_STORE_FAIL);
	assert_non_null(err);
	assert_non_null(strstr(err, "refused by the test"));
	assert_int_equal(s.seen, 6);
	assert_int_equal(s.store_failed, 1);
	assert_int_equal(s.outcomes[OUT_RECORDED], 5);
	assert_int_equal(count(f, "select count(*) from messages"), 5);
	assert_int_equal(count(f, "select count(*) from jobs"), 5);
	assert_int_equal(count(f, "select count(*) from messages where "
	    "message_id like 'k4.%'"), 0);
	/* the others are moved, the refused one waits in new/ */
	assert_int_equal(files_in(r.md, "new"), 1);
	assert_int_equal(files_in(r.md, ".Processed/cur"), 5);

	/* the cause gone, the next pass takes it, once */
	assert_int_equal(sqlite3_exec(store_db(f->st), "DROP TRIGGER refuse",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(s.seen, 1);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);
	assert_int_equal(count(f, "select count(*) from messages"), 6);
	assert_int_equal(count(f, "select count(*) from jobs"), 6);
	assert_int_equal(count(f, "select count(distinct sha256) from "
	    "messages"), 6);
	assert_int_equal(count(f, "select count(*) from jobs where "
	    "position_title = 'Poison Taster'"), 1);
	assert_int_equal(files_in(r.md, "new"), 0);
	assert_int_equal(files_in(r.md, ".Processed/cur"), 6);
	run_close(&r);
}

static void
test_batch_same_mail_twice(void **state)
{
	struct scratch_store *f = *state;
	struct ingest_stats s;
	struct run r;
	const char *err;

	run_open(f, &r);
	put_job(&r, "1764000001.M1P1.t", 1, "Chief Financial Officer");
	put_job(&r, "1764000002.M2P1.t", 2, "Head of Sales");
	put_job(&r, "1764000003.M3P1.t", 1, "Chief Financial Officer");
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(s.outcomes[OUT_RECORDED], 2);
	assert_int_equal(s.outcomes[OUT_DUPLICATE], 1);
	assert_int_equal(count(f, "select count(*) from messages"), 3);
	assert_int_equal(count(f, "select count(*) from jobs"), 2);
	/* the later copy points at the first, in the same transaction */
	assert_int_equal(count(f, "select count(*) from messages d join "
	    "messages o on d.duplicate_of = o.id where d.outcome = "
	    "'duplicate' and d.uid = '1764000003.M3P1.t' and o.uid = "
	    "'1764000001.M1P1.t'"), 1);
	assert_int_equal(files_in(r.md, "new"), 0);
	assert_int_equal(files_in(r.md, ".Processed/cur"), 3);
	run_close(&r);
}

static void
test_committed_not_moved(void **state)
{
	struct scratch_store *f = *state;
	struct ingest_stats s;
	struct run r;
	const char *err;
	struct dirent *de;
	char *dir;
	DIR *d;
	unsigned k;

	run_open(f, &r);
	for (k = 1; k <= 4; k++) {
		char name[32];

		snprintf(name, sizeof(name), "17640000%02u.M%uP1.t", k, k);
		put_job(&r, name, k, "Head of Sales");
	}
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(count(f, "select count(*) from messages"), 4);

	/* what a SIGKILL between COMMIT and the moves leaves: committed,
	 * still in new/ */
	dir = xasprintf("%s/.Processed/cur", r.md);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char *from, *to, *colon;

		if (de->d_name[0] == '.')
			continue;
		from = xasprintf("%s/%s", dir, de->d_name);
		to = xasprintf("%s/new/%s", r.md, de->d_name);
		colon = strrchr(to, ':');
		assert_non_null(colon);
		*colon = '\0';
		assert_int_equal(rename(from, to), 0);
		free(from);
		free(to);
	}
	closedir(d);
	free(dir);
	put_job(&r, "1764000099.M99P1.t", 99, "Chief Financial Officer");
	assert_int_equal(files_in(r.md, "new"), 5);

	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(s.seen, 5);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);    /* the new one */
	assert_int_equal(s.outcomes[OUT_DUPLICATE], 0);
	assert_int_equal(count(f, "select count(*) from messages"), 5);
	assert_int_equal(count(f, "select count(*) from jobs"), 5);
	assert_int_equal(files_in(r.md, "new"), 0);
	assert_int_equal(files_in(r.md, ".Processed/cur"), 5);
	run_close(&r);
}

/* ---- schema versions (store.c's opening block) and the write lock ---- */

#define V1_SQL SRCDIR "/tests/data/store/v1.sql"
#define V1_SOURCE "maildir:/tmp/fx/Maildir"
#define V1_M1 "1764000000.M1P1.demo"

/* db_exec: sql on the database file db, outside any store (a database
 * as another program leaves it); SQLite's result code */
static int
db_exec(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	int rc;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

/* file_version: PRAGMA user_version of the file db, outside any store */
static long
file_version(const char *db)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	long v = -1;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s,
	    NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return v;
}

/* load_v1: tests/data/store/v1.sql (made by the previous release) into
 * the new database file db, then extra (when not NULL) */
static void
load_v1(const char *db, const char *extra)
{
	const char *err;
	char *sql;
	size_t len;

	assert_int_equal(file_read(V1_SQL, 1 << 24, &sql, &len, &err), 0);
	assert_int_equal(db_exec(db, sql), SQLITE_OK);
	free(sql);
	if (extra != NULL)
		assert_int_equal(db_exec(db, extra), SQLITE_OK);
}

/* added to the release's database by the test: a third message under
 * M1's name (the bytes of row 9: rows 1, 9 and 12 share the name), and
 * two under no name at all (NULL uid) */
static const char v1_more[] =
	"INSERT INTO messages (id, message_id, sha256, body_sha256,"
	"  from_addr, from_name, subject, date, source, uidvalidity, uid,"
	"  kind, outcome, reason, received_at, duplicate_of, raw_truncated,"
	"  raw) SELECT 10, message_id, sha256, body_sha256, from_addr,"
	"  from_name, subject, date, source, uidvalidity, NULL, kind, outcome,"
	"  reason, received_at, duplicate_of, raw_truncated, raw"
	"  FROM messages WHERE id = 8;"
	"INSERT INTO messages SELECT 11, message_id, sha256, body_sha256,"
	"  from_addr, from_name, subject, date, source, uidvalidity, NULL,"
	"  kind, outcome, reason, received_at, duplicate_of, raw_truncated,"
	"  raw FROM messages WHERE id = 8;"
	"INSERT INTO messages SELECT 12, message_id, sha256, body_sha256,"
	"  from_addr, from_name, subject, date, source, uidvalidity, uid,"
	"  kind, 'duplicate', reason, received_at, 9, raw_truncated, raw"
	"  FROM messages WHERE id = 9;";

/* every column of messages but uid */
#define MSG_COLS "id, message_id, sha256, body_sha256, from_addr, " \
    "from_name, subject, date, source, uidvalidity, kind, outcome, " \
    "reason, received_at, duplicate_of, raw_truncated, raw"

/* rows of table in one database and not the other (either way), with
 * the copy made before the migration attached as ref */
static long
rows_differ(struct store *st, const char *table, const char *cols)
{
	char *sql = xasprintf("SELECT (SELECT count(*) FROM (SELECT %s FROM "
	    "main.%s EXCEPT SELECT %s FROM ref.%s)) + (SELECT count(*) FROM "
	    "(SELECT %s FROM ref.%s EXCEPT SELECT %s FROM main.%s)) + "
	    "abs((SELECT count(*) FROM main.%s) - (SELECT count(*) FROM "
	    "ref.%s))", cols, table, cols, table, cols, table, cols, table,
	    table, table);
	long n = query_long(st, sql, NULL);

	free(sql);
	return n;
}

static void
test_migrate_from_previous_release(void **state)
{
	static const char *const tables[] = { "jobs", "candidates",
	    "attachments", "resumes", "subscribers", "issues",
	    "issue_articles", "deliveries", "outbox", "bounces" };
	struct scratch_store *f = *state;
	char *old = xasprintf("%s/old.db", f->dir);
	char *ref = xasprintf("%s/ref.db", f->dir);
	char *sql, *out = NULL, *raw, *v;
	struct store *st, *again;
	struct plan_msg m;
	const char *err, *outcome;
	size_t n = 0, len, i;
	long id, job, cand;
	int trunc, dup;
	FILE *fp;

	load_v1(old, v1_more);
	load_v1(ref, v1_more);
	log_set_sink(quiet, NULL);
	assert_int_equal(store_open(old, f->files, &st, &err), 0);
	log_set_sink(NULL, NULL);

	assert_int_equal(query_long(st, "PRAGMA user_version", NULL),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(query_long(st, "SELECT \"unique\" FROM "
	    "pragma_index_list('messages') WHERE name = 'messages_uid'", NULL),
	    1);
	assert_int_equal(query_long(st, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'messages_src'", NULL), 0);

	/* every row kept, every column but the uid of older rows under a
	 * name that a later row holds */
	sql = xasprintf("ATTACH '%s' AS ref", ref);
	query_exec(st, sql);
	free(sql);
	assert_int_equal(rows_differ(st, "messages", MSG_COLS), 0);
	for (i = 0; i < ARRAY_SIZE(tables); i++)
		assert_int_equal(rows_differ(st, tables[i], "*"), 0);
	assert_int_equal(query_long(st, "SELECT count(*) FROM jobs", NULL), 3);
	assert_int_equal(query_long(st, "SELECT count(*) FROM resumes", NULL),
	    3);
	assert_int_equal(query_long(st, "SELECT count(*) FROM messages m "
	    "JOIN ref.messages r USING (id) WHERE m.uid IS NOT r.uid", NULL),
	    2);
	/* the meta row that nothing read is gone, the others stay */
	assert_int_equal(query_long(st, "SELECT count(*) FROM (SELECT * FROM "
	    "ref.meta WHERE key != 'schema' EXCEPT SELECT * FROM main.meta)",
	    NULL), 0);
	assert_int_equal(query_long(st, "SELECT count(*) FROM meta", NULL), 2);
	query_exec(st, "DETACH ref");

	v = query_text(st, "SELECT uid FROM messages WHERE id = 1", NULL);
	assert_string_equal(v, V1_M1 "/1");
	free(v);
	v = query_text(st, "SELECT uid FROM messages WHERE id = 9", NULL);
	assert_string_equal(v, V1_M1 "/9");
	free(v);
	v = query_text(st, "SELECT uid FROM messages WHERE id = 12", NULL);
	assert_string_equal(v, V1_M1);
	free(v);
	assert_int_equal(query_long(st, "SELECT count(*) FROM messages WHERE "
	    "uid IS NULL AND id IN (10, 11)", NULL), 2);

	/* recruitctl's reads: lists, exports, show, reparse's raw bytes */
	fp = open_memstream(&out, &n);
	assert_int_equal(export_list(st, EXPORT_JOBS, fp, &err), 0);
	assert_int_equal(export_records(st, EXPORT_CANDIDATES, FORMAT_JSON, fp,
	    &err), 0);
	assert_int_equal(export_records(st, EXPORT_MESSAGES, FORMAT_CSV, fp,
	    &err), 0);
	assert_int_equal(export_records(st, EXPORT_SUBSCRIBERS, FORMAT_CSV, fp,
	    &err), 0);
	assert_int_equal(export_records(st, EXPORT_BOUNCES, FORMAT_JSON, fp,
	    &err), 0);
	assert_int_equal(export_show(st, EXPORT_JOBS, 1, fp, &err), 0);
	fclose(fp);
	assert_non_null(strstr(out, "Chief Operating Officer"));
	assert_non_null(strstr(out, "Emily Zhang"));
	assert_non_null(strstr(out, V1_M1 "/9"));
	free(out);
	for (id = 1; id <= 12; id++) {
		assert_int_equal(store_get_raw(st, id, &raw, &len, &trunc, &dup,
		    &err), 0);
		assert_true(len > 0);
		assert_int_equal(dup, id == 12);
		free(raw);
	}
	assert_int_equal(store_record_ids(st, 1, &job, &cand), 0);
	assert_int_equal(job, 1);
	assert_int_equal(cand, 0);

	/* the name now finds the row that holds it (ingest's store_seen
	 * after a crash between commit and move) */
	v = query_text(st, "SELECT sha256 FROM messages WHERE id = 9", NULL);
	assert_int_equal(store_seen(st, V1_SOURCE, 0, V1_M1, v, &id, &outcome),
	    1);
	assert_int_equal(id, 12);
	free(v);

	/* a later message under a name already held: recorded, the older
	 * row steps aside (trigger messages_uid_reused) */
	assert_int_equal(store_begin(st, &err), 0);
	memset(&m, 0, sizeof(m));
	m.sha256 = "new";
	m.source = V1_SOURCE;
	m.uid = "1764000097.M2P1.demo";
	m.kind = "job_order";
	m.outcome = "recorded";
	m.raw = "From: a@example.com\n\nbody\n";
	m.raw_len = strlen(m.raw);
	assert_int_equal(store_add_message(st, &m, &id, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	v = query_text(st, "SELECT uid FROM messages WHERE id = 2", NULL);
	assert_string_equal(v, "1764000097.M2P1.demo/2");
	free(v);
	assert_int_equal(query_long(st, "SELECT count(*) FROM messages WHERE "
	    "uid = '1764000097.M2P1.demo'", NULL), 1);
	/* and the index refuses two rows under one name */
	assert_int_not_equal(sqlite3_exec(store_db(st), "UPDATE messages SET "
	    "uid = '1764000679.M8P1.demo' WHERE id = 4", NULL, NULL, NULL),
	    SQLITE_OK);
	store_close(st);

	/* opened again: nothing to do, and no write lock taken for it */
	assert_int_equal(store_open(old, f->files, &again, &err), 0);
	assert_true(store_lock_longest(again) == 0);
	assert_int_equal(query_long(again, "PRAGMA user_version", NULL),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(query_long(again, "SELECT count(*) FROM messages",
	    NULL), 13);
	store_close(again);
	free(old);
	free(ref);
}

/* a step that fails is rolled back whole and leaves the versions before
 * it committed; once the cause is gone the next open finishes */
static void
test_migrate_step_fails(void **state)
{
	struct scratch_store *f = *state;
	char *old = xasprintf("%s/old.db", f->dir);
	struct store *st;
	const char *err;
	char *v;

	/* a row already holding the name that migration 2 gives row 1 (no
	 * source makes such a name: the test writes it) */
	load_v1(old, "UPDATE messages SET uid = '" V1_M1 "/1' WHERE id = 2");
	log_set_sink(quiet, NULL);
	assert_int_equal(store_open(old, f->files, &st, &err), -1);
	log_set_sink(NULL, NULL);
	assert_non_null(strstr(err, "UNIQUE"));

	assert_int_equal(store_open(f->db, f->files, &st, &err), 0);
	v = xasprintf("ATTACH '%s' AS old", old);
	query_exec(st, v);
	free(v);
	assert_int_equal(query_long(st, "PRAGMA old.user_version", NULL), 1);
	assert_int_equal(query_long(st, "SELECT count(*) FROM old.meta WHERE "
	    "key = 'schema'", NULL), 1);
	assert_int_equal(query_long(st, "SELECT count(*) FROM old.sqlite_master "
	    "WHERE name = 'messages_src'", NULL), 1);
	v = query_text(st, "SELECT uid FROM old.messages WHERE id = 1", NULL);
	assert_string_equal(v, V1_M1);
	free(v);
	query_exec(st, "DETACH old");
	store_close(st);

	assert_int_equal(db_exec(old, "UPDATE messages SET uid = "
	    "'1764000097.M2P1.demo' WHERE id = 2"), SQLITE_OK);
	log_set_sink(quiet, NULL);
	assert_int_equal(store_open(old, f->files, &st, &err), 0);
	log_set_sink(NULL, NULL);
	assert_int_equal(query_long(st, "PRAGMA user_version", NULL), 2);
	assert_int_equal(query_long(st, "SELECT count(*) FROM messages", NULL),
	    9);
	store_close(st);
	free(old);
}

static void
test_new_database_and_newer_refused(void **state)
{
	struct scratch_store *f = *state;
	struct store *st;
	const char *err;
	char *sql;

	/* a new database: the newest version at once, no meta version row */
	assert_int_equal(query_long(f->st, "PRAGMA user_version", NULL),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM "
	    "pragma_index_list('messages') WHERE name = 'messages_uid' AND "
	    "\"unique\"", NULL), 1);
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM meta", NULL),
	    0);
	store_close(f->st);
	f->st = NULL;

	/* made by a newer program: refused, and left as it was */
	sql = xasprintf("PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
	assert_int_equal(db_exec(f->db, sql), SQLITE_OK);
	free(sql);
	log_set_sink(quiet, NULL);
	assert_int_equal(store_open(f->db, f->files, &st, &err), -1);
	assert_non_null(strstr(err, "newer than this program's"));
	assert_int_equal(store_open_existing(f->db, f->files, &st, &err), -1);
	log_set_sink(NULL, NULL);
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(file_version(f->db), STORE_SCHEMA_VERSION + 1);
	assert_int_equal(db_exec(f->db, "PRAGMA user_version = 2"), SQLITE_OK);
	assert_int_equal(store_open(f->db, f->files, &f->st, &err), 0);
}

/* store_lock_longest: begin to commit or rollback, the longest kept
 * (lower bounds only: a sleep inside the transaction is at least its
 * length) */
static void
test_lock_longest(void **state)
{
	struct scratch_store *f = *state;
	struct timespec nap = { 0, 30 * 1000 * 1000 };
	const char *err;
	double first;

	/* the new database's schema was written under the lock */
	first = store_lock_longest(f->st);
	assert_true(first > 0);
	assert_int_equal(store_begin(f->st, &err), 0);
	nanosleep(&nap, NULL);
	add_msg(f->st, "u1", "aaa", "m1@x", "b1");
	assert_int_equal(store_commit(f->st, &err), 0);
	assert_true(store_lock_longest(f->st) >= 0.030);
	first = store_lock_longest(f->st);
	/* a shorter one does not replace it */
	assert_int_equal(store_begin(f->st, &err), 0);
	store_rollback(f->st);
	assert_true(store_lock_longest(f->st) == first);
	/* a rollback counts too */
	assert_int_equal(store_begin(f->st, &err), 0);
	nap.tv_nsec = 60 * 1000 * 1000;
	nanosleep(&nap, NULL);
	store_rollback(f->st);
	assert_true(store_lock_longest(f->st) >= 0.060);
}

/* the WAL hook that ends the timed hold also keeps SQLite's checkpoint:
 * 16 MB committed a megabyte at a time leave a WAL near 1,000 pages
 * (4 MB), not 16 MB */
static void
test_wal_checkpoint(void **state)
{
	struct scratch_store *f = *state;
	char *wal = xasprintf("%s-wal", f->db);
	const char *err;
	struct stat sb;
	struct plan_msg m;
	char sha[16], uid[16];
	char *raw = xmalloc(1 << 20);
	off_t most = 0;
	long id;
	int i;

	memset(raw, 'x', 1 << 20);
	for (i = 0; i < 16; i++) {
		memset(&m, 0, sizeof(m));
		snprintf(sha, sizeof(sha), "s%d", i);
		snprintf(uid, sizeof(uid), "u%d", i);
		m.sha256 = sha;
		m.source = "maildir:/m";
		m.uid = uid;
		m.kind = "junk";
		m.outcome = "ignored";
		m.raw = raw;
		m.raw_len = 1 << 20;
		assert_int_equal(store_begin(f->st, &err), 0);
		assert_int_equal(store_add_message(f->st, &m, &id, &err), 0);
		assert_int_equal(store_commit(f->st, &err), 0);
		assert_int_equal(stat(wal, &sb), 0);
		if (sb.st_size > most)
			most = sb.st_size;
	}
	assert_true(most > 0);
	assert_true(most < (off_t)8 << 20);
	free(raw);
	free(wal);
}

/* a Maildir name delivered again with other bytes, through ingest_run:
 * both messages recorded, the name held by the later one */
static void
test_uid_reused_by_ingest(void **state)
{
	struct scratch_store *f = *state;
	struct ingest_stats s;
	const char *err;
	struct run r;
	char *v, *name, *want;

	run_open(f, &r);
	put_job(&r, "1764000001.M1P1.t", 1, "Chief Financial Officer");
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);
	put_job(&r, "1764000001.M1P1.t", 2, "Chief Operating Officer");
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);
	assert_int_equal(count(f, "select count(*) from messages"), 2);
	assert_int_equal(count(f, "select count(*) from jobs"), 2);
	name = query_text(f->st, "SELECT uid FROM messages WHERE id = 2", NULL);
	assert_non_null(name);
	v = query_text(f->st, "SELECT uid FROM messages WHERE id = 1", NULL);
	want = xasprintf("%s/1", name);
	assert_string_equal(v, want);
	free(want);
	free(v);
	free(name);
	assert_int_equal(files_in(r.md, "new"), 0);
	run_close(&r);
}

/* store_meta_set's reason is copied: still readable after the
 * statement is gone and other calls ran on the connection */
static void
test_meta_set_reason_copied(void **state)
{
	struct scratch_store *f = *state;
	const char *err = NULL;
	char *v;

	assert_int_equal(store_meta_set(f->st, "k", "1", &err), 0);
	assert_int_equal(store_meta_get(f->st, "k", &v), 1);
	assert_string_equal(v, "1");
	free(v);
	query_exec(f->st, "CREATE TRIGGER refuse_meta BEFORE UPDATE ON meta "
	    "BEGIN SELECT RAISE(ABORT, 'meta refused'); END");
	assert_int_equal(store_meta_set(f->st, "k", "2", &err), -1);
	assert_int_equal(store_meta_get(f->st, "k", &v), 1);
	free(v);
	/* another error on the connection, which SQLite's text would now be */
	assert_int_not_equal(sqlite3_exec(store_db(f->st), "SELECT nosuch "
	    "FROM meta", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM meta", NULL),
	    1);
	assert_string_equal(err, "meta refused");
}

/* ---- UIDVALIDITY across runs ---- */

static void
test_uidvalidity_recorded(void **state)
{
	struct scratch_store *f = *state;
	const char *err = NULL;
	struct plan_msg m;
	uint32_t old = 0;
	long id;
	char *v;

	/* a mailbox new to the store: nothing to compare, recorded */
	assert_int_equal(store_uidvalidity(f->st, "imap://a/INBOX", 5, &old,
	    &err), 0);
	assert_int_equal(store_meta_get(f->st, "uidvalidity imap://a/INBOX",
	    &v), 1);
	assert_string_equal(v, "5");
	free(v);
	assert_int_equal(store_uidvalidity(f->st, "imap://a/INBOX", 5, &old,
	    &err), 0);
	/* changed: the old value, then the new one is what counts */
	assert_int_equal(store_uidvalidity(f->st, "imap://a/INBOX", 4000000000u,
	    &old, &err), 1);
	assert_int_equal(old, 5);
	old = 0;
	assert_int_equal(store_uidvalidity(f->st, "imap://a/INBOX", 4000000000u,
	    &old, &err), 0);
	assert_int_equal(old, 0);
	/* another mailbox has its own */
	assert_int_equal(store_uidvalidity(f->st, "imap://b/INBOX", 9, &old,
	    &err), 0);
	assert_int_equal(store_uidvalidity(f->st, "imap://a/INBOX", 4000000000u,
	    &old, &err), 0);

	/* a store from before the key: the last message's UIDVALIDITY */
	memset(&m, 0, sizeof(m));
	m.message_id = "m1@example.org";
	m.sha256 = "11";
	m.source = "imap://c/INBOX";
	m.uidvalidity = 77;
	m.uid = "1";
	m.kind = "job_order";
	m.outcome = "recorded";
	m.reason = "test";
	m.raw = "From: a@example.com\n\nbody\n";
	m.raw_len = strlen(m.raw);
	assert_int_equal(store_add_message(f->st, &m, &id, &err), 0);
	m.message_id = "m2@example.org";
	m.sha256 = "12";
	m.uidvalidity = 78;
	assert_int_equal(store_add_message(f->st, &m, &id, &err), 0);
	assert_int_equal(store_uidvalidity(f->st, "imap://c/INBOX", 79, &old,
	    &err), 1);
	assert_int_equal(old, 78);
	assert_int_equal(store_uidvalidity(f->st, "imap://c/INBOX", 79, &old,
	    &err), 0);
	/* the same value as the last message's: no change, recorded */
	m.source = "imap://d/INBOX";
	m.sha256 = "13";
	assert_int_equal(store_add_message(f->st, &m, &id, &err), 0);
	assert_int_equal(store_uidvalidity(f->st, "imap://d/INBOX", 78, &old,
	    &err), 0);
	assert_int_equal(store_meta_get(f->st, "uidvalidity imap://d/INBOX",
	    &v), 1);
	assert_string_equal(v, "78");
	free(v);
}

struct warnings {
	unsigned n;
	char last[512];
};

static void
count_warnings(enum log_level lvl, const char *line, void *ctx)
{
	struct warnings *w = ctx;

	if (lvl == LOGL_WARN && strstr(line, "UIDVALIDITY") != NULL) {
		w->n++;
		snprintf(w->last, sizeof(w->last), "%s", line);
	}
}

/* the ingest says a change once, with both values, also across a
 * restart (a new ingest and source on the same store) */
static void
test_uidvalidity_change_logged_once(void **state)
{
	struct scratch_store *f = *state;
	struct ingest_stats s;
	struct warnings w;
	struct run r;
	const char *err;
	char *want;

	memset(&w, 0, sizeof(w));
	run_open(f, &r);
	log_set_sink(count_warnings, &w);
	r.src->uidvalidity = 10;
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(w.n, 0);               /* first run: nothing known */
	r.src->uidvalidity = 11;
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(w.n, 1);
	want = xasprintf("%s: UIDVALIDITY changed from 10 to 11 since the "
	    "last run; messages seen before are recognised by content",
	    r.src->name);
	assert_non_null(strstr(w.last, want));
	free(want);
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(w.n, 1);               /* said once */
	run_close(&r);

	/* a restart: only the store remembers */
	run_open(f, &r);
	log_set_sink(count_warnings, &w);
	r.src->uidvalidity = 11;
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(w.n, 1);
	run_close(&r);
	run_open(f, &r);
	log_set_sink(count_warnings, &w);
	r.src->uidvalidity = 12;
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(w.n, 2);
	assert_non_null(strstr(w.last, "changed from 11 to 12 since the last "
	    "run"));
	/* a source without UIDVALIDITY (Maildir) is never compared */
	r.src->uidvalidity = 0;
	assert_int_equal(run_pass(&r, &s, &err), INGEST_OK);
	assert_int_equal(w.n, 2);
	run_close(&r);
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
		cmocka_unit_test_setup_teardown(test_export_huge_amounts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_csv_quoting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_batch_one_message_fails,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_same_mail_twice,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_committed_not_moved,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_migrate_from_previous_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_step_fails,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_new_database_and_newer_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_longest, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_uid_reused_by_ingest,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_checkpoint, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_meta_set_reason_copied,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_uidvalidity_recorded,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_uidvalidity_change_logged_once, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_golden.c — every tests/data/NAME.eml with its NAME.expect goes
 * through the real inbound path (a Maildir source, ingest, the SQLite
 * store, the export format) and the exported record is compared key by
 * key with the expectation.  Also: the same mail twice is a duplicate
 * with one record, and hostile attachment names write nothing outside
 * the store.
 */
#include "config.h"

#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "conf.h"
#include "export.h"
#include "ingest.h"
#include "log.h"
#include "source.h"
#include "store.h"
#include "store_int.h"   /* store_db: the test reads the database itself */
#include "util.h"

#include "../support/inbox.h"
#include "../support/scratch.h"

#define DATA SRCDIR "/tests/data"

static const char conf_text[] =
	"[store]\ndatabase = r.db\nfiles = files\n"
	"[inbox]\nsource = maildir:Maildir\n"
	"[addresses]\n"
	"job_orders = jobs@rma-search.example\n"
	"candidates = careers@rma-search.example\n"
	"newsletter_requests = newsletter-request@rma-search.example\n"
	"from = \"RMA Search\" <office@rma-search.example>\n"
	"web_forms = forms@rma-search.example, "
	"noreply@webforms.rma-search.example\n";

struct run {
	char dir[64];
	struct conf *conf;
	struct store *st;
	struct ingest *in;
	struct source *src;
};

static void
run_open(struct run *r)
{
	snprintf(r->dir, sizeof(r->dir), "/tmp/recruit-golden-XXXXXX");
	inbox_open(r->dir, conf_text, "golden.conf", &r->conf, &r->st, &r->in,
	    &r->src);
}

static void
run_close(struct run *r)
{
	inbox_close(r->conf, r->st, r->in, r->src);
	assert_int_equal(scratch_remove(r->dir), 0);
}

static void
deliver(struct run *r, const char *eml, const char *name)
{
	char *data, *path;
	const char *err;
	size_t n;

	assert_int_equal(file_read(eml, 512u * 1024 * 1024, &data, &n, &err),
	    0);
	path = xasprintf("%s/Maildir/new/%s", r->dir, name);
	assert_int_equal(file_write_atomic(path, data, n, 0600, &err), 0);
	free(path);
	free(data);
}

static void
ingest_all(struct run *r, struct ingest_stats *s)
{
	const char *err;

	memset(s, 0, sizeof(*s));
	assert_int_equal(r->src->ops->open(r->src, &err), 0);
	assert_int_equal(ingest_run(r->in, r->src, s, NULL, &err), 0);
	r->src->ops->close(r->src);
}

static int
same_value(json_t *a, json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	return json_equal(a, b);
}

/* known gaps: record keys an .expect names under "gaps" (with why):
 * what a careful reader gets from the mail but the code cannot read
 * yet.  The expected value stays in "record"; a mismatch there is
 * reported, not failed, and a gap that is read right is a failure
 * until the .expect drops it (so gaps only ever close). */
static int gaps_open;

/* check_one: 0 when the mail's message row and record match. */
static int
check_one(const char *name)
{
	struct ingest_stats s;
	struct run r;
	json_error_t jerr;
	json_t *exp, *msg, *rec = NULL, *want, *gaps;
	char *eml = xasprintf("%s/%s.eml", DATA, name);
	char *expf = xasprintf("%s/%s.expect", DATA, name);
	const char *key, *kind;
	json_t *v;
	int bad = 0;

	exp = json_load_file(expf, 0, &jerr);
	if (exp == NULL) {
		print_error("%s: bad .expect: %s line %d\n", name, jerr.text,
		    jerr.line);
		free(eml);
		free(expf);
		return 1;
	}
	run_open(&r);
	deliver(&r, eml, "1764000000.M1P1.golden");
	ingest_all(&r, &s);
	if (s.seen != 1) {
		print_error("%s: %u messages seen\n", name, s.seen);
		bad++;
	}
	msg = export_row(r.st, EXPORT_MESSAGES, 1);
	assert_non_null(msg);
	kind = json_string_value(json_object_get(msg, "kind"));
	if (!same_value(json_object_get(msg, "kind"),
	    json_object_get(exp, "kind"))) {
		print_error("%s: kind %s (%s), want %s\n", name, kind,
		    json_string_value(json_object_get(msg, "reason")),
		    json_string_value(json_object_get(exp, "kind")));
		bad++;
	}
	if (!same_value(json_object_get(msg, "outcome"),
	    json_object_get(exp, "outcome"))) {
		print_error("%s: outcome %s (%s), want %s\n", name,
		    json_string_value(json_object_get(msg, "outcome")),
		    json_string_value(json_object_get(msg, "reason")),
		    json_string_value(json_object_get(exp, "outcome")));
		bad++;
	}
	want = json_object_get(exp, "record");
	gaps = json_object_get(exp, "gaps");
	if (strcmp(kind, "job_order") == 0)
		rec = export_row_for_message(r.st, EXPORT_JOBS, 1);
	else if (strcmp(kind, "candidate") == 0)
		rec = export_row_for_message(r.st, EXPORT_CANDIDATES, 1);
	if (want != NULL && !json_is_null(want)) {
		if (rec == NULL) {
			print_error("%s: no record\n", name);
			bad++;
		} else
			json_object_foreach(want, key, v) {
				json_t *got = json_object_get(rec, key), *gap;
				char *g, *w;

				if (got == NULL) {
					print_error("%s: export has no key %s\n",
					    name, key);
					bad++;
					continue;
				}
				gap = json_object_get(gaps, key);
				if (same_value(got, v)) {
					if (gap == NULL)
						continue;
					/* read now: the expectation must say so */
					print_error("%s: %s is read now: take it "
					    "out of \"gaps\"\n", name, key);
					bad++;
					continue;
				}
				g = json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT);
				w = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
				if (gap != NULL) {
					/* a shape the code cannot read yet:
					 * reported, not failed */
					print_message("%s: known gap: %s = %s, "
					    "want %s (%s)\n", name, key, g, w,
					    json_is_string(gap) ?
					    json_string_value(gap) : "");
					gaps_open++;
					free(g);
					free(w);
					continue;
				}
				print_error("%s: %s = %s, want %s\n", name, key, g,
				    w);
				free(g);
				free(w);
				bad++;
			}
	} else if (rec != NULL) {
		print_error("%s: unexpected %s record\n", name, kind);
		bad++;
	}
	json_decref(rec);
	json_decref(msg);
	json_decref(exp);
	run_close(&r);
	free(eml);
	free(expf);
	return bad;
}

static void
test_golden_files(void **state)
{
	struct dirent **list;
	int n, i, files = 0, failed = 0;

	(void)state;
	n = scandir(DATA, &list, NULL, alphasort);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		size_t l = strlen(list[i]->d_name);

		if (l > 4 && strcmp(list[i]->d_name + l - 4, ".eml") == 0) {
			char *name = xstrndup(list[i]->d_name, l - 4);
			char *expf = xasprintf("%s/%s.expect", DATA, name);

			if (access(expf, R_OK) == 0) {
				files++;
				if (check_one(name) != 0)
					failed++;
			}
			free(expf);
			free(name);
		}
		free(list[i]);
	}
	free(list);
	print_message("golden: %d mails, %d with mismatches, %d known gaps "
	    "(fields the code cannot read yet)\n", files, failed, gaps_open);
	assert_true(files >= 40);
	assert_int_equal(failed, 0);
}

/* The same mail delivered twice (other file name, same bytes), and once
 * more with an extra Received header: one record, two duplicates. */
static void
test_duplicate(void **state)
{
	struct ingest_stats s;
	struct run r;
	sqlite3_stmt *q;
	char *data, *path, *with;
	const char *err;
	size_t n;

	(void)state;
	run_open(&r);
	deliver(&r, DATA "/job-en-labelled.eml", "1764000001.M1P1.a");
	ingest_all(&r, &s);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);
	deliver(&r, DATA "/job-en-labelled.eml", "1764000002.M1P1.b");
	assert_int_equal(file_read(DATA "/job-en-labelled.eml", 1 << 24, &data,
	    &n, &err), 0);
	with = xasprintf("Received: from relay.example by mx.example; "
	    "Tue, 24 Nov 2026 10:00:00 +0000\n%s", data);
	path = xasprintf("%s/Maildir/new/1764000003.M1P1.c", r.dir);
	assert_int_equal(file_write_atomic(path, with, strlen(with), 0600,
	    &err), 0);
	ingest_all(&r, &s);
	assert_int_equal(s.seen, 2);
	assert_int_equal(s.outcomes[OUT_DUPLICATE], 2);
	assert_int_equal(s.outcomes[OUT_RECORDED], 0);
	assert_int_equal(sqlite3_prepare_v2(store_db(r.st),
	    "SELECT (SELECT count(*) FROM jobs), (SELECT count(*) FROM "
	    "messages WHERE outcome = 'duplicate' AND duplicate_of = 1)", -1,
	    &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	assert_int_equal(sqlite3_column_int(q, 1), 2);
	sqlite3_reset(q);
	/* reparse keeps duplicates duplicates: still one record */
	{
		long id;

		for (id = 1; id <= 3; id++)
			assert_int_equal(ingest_reparse(r.in, id, &err), 0);
	}
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	assert_int_equal(sqlite3_column_int(q, 1), 2);
	sqlite3_finalize(q);
	/* all three left the inbox for Processed */
	free(path);
	path = xasprintf("%s/Maildir/.Processed/cur", r.dir);
	{
		struct dirent **l;
		int k = scandir(path, &l, NULL, NULL), j;

		assert_int_equal(k, 2 + 3);
		for (j = 0; j < k; j++)
			free(l[j]);
		free(l);
	}
	free(path);
	free(with);
	free(data);
	run_close(&r);
}

/* a crash after commit and before the move: the next run moves the mail
 * without recording it again */
static void
test_commit_then_crash(void **state)
{
	struct ingest_stats s;
	struct run r;
	char *src, *dst;

	(void)state;
	run_open(&r);
	deliver(&r, DATA "/job-en-labelled.eml", "1764000010.M1P1.x");
	ingest_all(&r, &s);
	/* put it back where it was, as if the rename never happened */
	src = xasprintf("%s/Maildir/.Processed/cur/1764000010.M1P1.x:2,",
	    r.dir);
	dst = xasprintf("%s/Maildir/new/1764000010.M1P1.x", r.dir);
	assert_int_equal(rename(src, dst), 0);
	ingest_all(&r, &s);
	assert_int_equal(s.seen, 1);
	assert_int_equal(s.outcomes[OUT_RECORDED] + s.outcomes[OUT_DUPLICATE],
	    0);
	assert_int_equal(access(src, F_OK), 0);
	assert_int_equal(access(dst, F_OK), -1);
	free(src);
	free(dst);
	run_close(&r);
}

static const char *walk_root;
static int walk_bad;

static int
walk_cb(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	const char *rel = path + strlen(walk_root);
	size_t i;

	(void)sb;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (strncmp(rel, "/Maildir/", 9) == 0 || strncmp(rel, "/r.db", 5) == 0)
		return 0;
	/* everything else must be files/ab/cd/<64 hex> */
	if (strncmp(rel, "/files/", 7) != 0 || strlen(rel) != 7 + 6 + 64)
		walk_bad++;
	else
		for (i = 13; rel[i]; i++)
			if (!strchr("0123456789abcdef", rel[i]))
				walk_bad++;
	if (walk_bad)
		print_error("unexpected file %s\n", path);
	return 0;
}

static void
test_hostile_filenames(void **state)
{
	struct ingest_stats s;
	struct run r;
	json_t *rec, *v;
	size_t i;

	(void)state;
	unlink("/tmp/recruitd-pwned.txt");
	run_open(&r);
	deliver(&r, DATA "/hostile-filename.eml", "1764000020.M1P1.h");
	ingest_all(&r, &s);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);
	rec = export_row_for_message(r.st, EXPORT_CANDIDATES, 1);
	assert_non_null(rec);
	json_array_foreach(json_object_get(rec, "resumes"), i, v) {
		const char *fn = json_string_value(json_object_get(v,
		    "filename"));

		if (fn == NULL)
			continue;
		assert_null(strchr(fn, '/'));
		assert_null(strchr(fn, '\\'));
		assert_null(strchr(fn, '\r'));
		assert_null(strchr(fn, '\n'));
		assert_true(fn[0] != '.');
	}
	assert_true(json_array_size(json_object_get(rec, "resumes")) >= 3);
	json_decref(rec);
	assert_int_equal(access("/tmp/recruitd-pwned.txt", F_OK), -1);
	assert_int_equal(access("/etc/passwd.pdf", F_OK), -1);
	walk_root = r.dir;
	walk_bad = 0;
	assert_int_equal(nftw(r.dir, walk_cb, 16, FTW_PHYS), 0);
	assert_int_equal(walk_bad, 0);
	run_close(&r);
}

static void
quiet(enum log_level lvl, const char *line, void *ctx)
{
	(void)ctx;
	if (lvl <= LOGL_WARN)
		fprintf(stderr, "log: %s\n", line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_files),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_commit_then_crash),
		cmocka_unit_test(test_hostile_filenames),
	};

	log_set_sink(quiet, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

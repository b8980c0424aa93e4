/*
 * test_corpus.c — every mail of the shared corpus (real mails written by
 * others: bounces of ~75 MTAs, ARF reports, auto-replies, CPython's
 * defective messages, mailparser's stress files) goes through the whole
 * analysis (mime, fields, classify, extract) with no crash, leak or hang,
 * and the kind agrees with EXPECTED.tsv: bounce, feedback (complaint),
 * autoreply, delivered (a DSN too), not-bounce.
 *
 * The corpus sits beside the project (../shared/corpus); RECRUIT_CORPUS
 * overrides.  Not finding it is a failure, not a skip.  Finding and
 * reading it, and the files where we knowingly disagree with upstream:
 * tests/support/corpus.c.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "conf.h"
#include "ingest.h"
#include "log.h"
#include "util.h"

#include "../support/corpus.h"

static struct ingest *
make_ingest(struct conf **conf_r)
{
	const char *err;
	char *cerr;

	if (conf_load_string("[store]\ndatabase = x.db\n[inbox]\n"
	    "source = maildir:M\n", "corpus.conf", "/nonexistent", conf_r,
	    &cerr) < 0)
		fail_msg("%s", cerr);
	return ingest_new(*conf_r, NULL, &err);
}

/* what test_every_file counts as corpus_each hands it the mails */
struct every {
	struct ingest *in;
	size_t files, rejected, kinds[7];
	double worst;
	char worst_name[1024];
};

static void
analyse_one(const char *name, const char *data, size_t len, void *arg)
{
	struct every *e = arg;
	struct analysis a;
	struct timespec t0, t1;
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	a.sha256[0] = '\0';
	ingest_analyse(e->in, data, len, 0, &a);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	dt = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (dt > e->worst) {
		e->worst = dt;
		snprintf(e->worst_name, sizeof(e->worst_name), "%s", name);
	}
	e->files++;
	e->kinds[a.kind]++;
	if (a.outcome == OUT_REJECTED) {
		e->rejected++;
		assert_non_null(a.reason);
	}
	analysis_clear(&a);
}

static void
test_every_file(void **state)
{
	struct conf *conf;
	struct every e = { .in = make_ingest(&conf) };
	char *root = corpus_root();

	(void)state;
	corpus_each(root, analyse_one, &e);
	print_message("corpus: %zu files, %zu rejected; bounce %zu, complaint "
	    "%zu, auto_reply %zu, unclassified %zu; slowest %.3f s (%s)\n",
	    e.files, e.rejected, e.kinds[KIND_BOUNCE], e.kinds[KIND_COMPLAINT],
	    e.kinds[KIND_AUTO_REPLY], e.kinds[KIND_UNCLASSIFIED], e.worst,
	    e.worst_name);
	assert_true(e.files >= 400);
	/* the slowest file is printed, not bounded: the suite also runs
	 * under valgrind; speed is contrib/bench's business */
	free(root);
	ingest_free(e.in);
	conf_free(conf);
}

static void
test_expected_kinds(void **state)
{
	struct conf *conf;
	struct ingest *in = make_ingest(&conf);
	char *root = corpus_root();
	struct corpus_expected x;
	size_t i, checked = 0, wrong = 0;

	(void)state;
	corpus_expected_read(root, &x);
	for (i = 0; i < x.n; i++) {
		const struct corpus_row *r = &x.rows[i];
		struct analysis a;
		enum mail_kind want = KIND_UNCLASSIFIED;
		char *data;
		size_t dlen;
		int ok;

		if (i > 0 && strcmp(r->file, x.rows[i - 1].file) == 0)
			continue;      /* a further recipient row */
		if (strcmp(r->kind, "bounce") == 0 ||
		    strcmp(r->kind, "delivered") == 0)
			want = KIND_BOUNCE;
		else if (strncmp(r->kind, "feedback", 8) == 0)
			want = KIND_COMPLAINT;
		else if (strcmp(r->kind, "autoreply") == 0)
			want = KIND_AUTO_REPLY;
		else if (strcmp(r->kind, "not-bounce") == 0)
			want = KIND_UNCLASSIFIED;   /* anything but bounce/complaint */
		else
			fail_msg("EXPECTED.tsv: unknown kind %s", r->kind);
		data = corpus_read(root, r->file, &dlen);
		a.sha256[0] = '\0';
		ingest_analyse(in, data, dlen, 0, &a);
		if (want == KIND_UNCLASSIFIED)
			ok = a.kind != KIND_BOUNCE && a.kind != KIND_COMPLAINT;
		else
			ok = a.kind == want;
		checked++;
		if (!ok && corpus_disagreement(r->file))
			print_message("known disagreement: %s is %s here, %s "
			    "upstream\n", r->file, classify_kind_name(a.kind),
			    r->kind);
		else if (!ok) {
			print_error("%s: %s (%s), expected %s\n", r->file,
			    classify_kind_name(a.kind), a.reason ? a.reason :
			    "", r->kind);
			wrong++;
		}
		analysis_clear(&a);
		free(data);
	}
	print_message("EXPECTED.tsv: %zu files checked, %zu wrong\n", checked,
	    wrong);
	assert_true(checked >= 350);
	assert_int_equal(wrong, 0);
	corpus_expected_free(&x);
	free(root);
	ingest_free(in);
	conf_free(conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_file),
		cmocka_unit_test(test_expected_kinds),
	};

	log_init("test_corpus", 0, LOGL_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

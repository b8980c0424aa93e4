/*
 * test_corpus.c — every mail of the shared corpus (real mails written by
 * others: bounces of ~75 MTAs, ARF reports, auto-replies, CPython's
 * defective messages, mailparser's stress files) goes through the whole
 * analysis (mime, fields, classify, extract) with no crash, leak or hang,
 * and the kind agrees with EXPECTED.tsv: bounce, feedback (complaint),
 * autoreply, delivered (a DSN too), not-bounce.
 *
 * The corpus sits beside the project (../shared/corpus); RECRUIT_CORPUS
 * overrides.  Not finding it is a failure, not a skip.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "ingest.h"
#include "log.h"
#include "util.h"

/*
 * Where we knowingly disagree with the upstream expectation, and why.
 * not-rb-issue-368-bug.eml: upstream's parser finds no recipient in it,
 * but it is a mail server's "email bounce notification" (mailbox full,
 * null sender, from postmaster): for recruitd it is a bounce.
 */
static const char *const disagree[] = {
	"sisimai/not-rb-issue-368-bug.eml",
};

static char *
corpus_dir(void)
{
	const char *env = getenv("RECRUIT_CORPUS");
	const char *cands[] = { SRCDIR "/../shared/corpus",
	    BUILDDIR "/../shared/corpus" };
	size_t i;

	if (env != NULL)
		return xstrdup(env);
	for (i = 0; i < ARRAY_SIZE(cands); i++) {
		char *p = xasprintf("%s/EXPECTED.tsv", cands[i]);
		int ok = access(p, R_OK) == 0;

		free(p);
		if (ok)
			return realpath(cands[i], NULL);
	}
	return NULL;
}

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

static void
test_every_file(void **state)
{
	static const char *const subdirs[] = { "sisimai", "cpython",
	    "mailparser" };
	struct conf *conf;
	struct ingest *in = make_ingest(&conf);
	char *root = corpus_dir();
	size_t i, files = 0, rejected = 0, kinds[7] = { 0 };
	double worst = 0;
	char worst_name[1024] = "";

	(void)state;
	if (root == NULL)
		fail_msg("corpus not found (../shared/corpus); set RECRUIT_CORPUS");
	for (i = 0; i < ARRAY_SIZE(subdirs); i++) {
		char *dir = xasprintf("%s/%s", root, subdirs[i]);
		struct dirent **list;
		int n = scandir(dir, &list, NULL, alphasort), j;

		assert_true(n > 2);
		for (j = 0; j < n; j++) {
			struct analysis a;
			struct timespec t0, t1;
			char *path, *data;
			const char *err;
			size_t len;
			double dt;

			if (list[j]->d_name[0] == '.') {
				free(list[j]);
				continue;
			}
			path = xasprintf("%s/%s", dir, list[j]->d_name);
			assert_int_equal(file_read(path, 64u << 20, &data, &len,
			    &err), 0);
			clock_gettime(CLOCK_MONOTONIC, &t0);
			a.sha256[0] = '\0';
			ingest_analyse(in, data, len, 0, &a);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			dt = (double)(t1.tv_sec - t0.tv_sec) +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
			if (dt > worst) {
				worst = dt;
				snprintf(worst_name, sizeof(worst_name), "%s/%s",
				    subdirs[i], list[j]->d_name);
			}
			files++;
			kinds[a.kind]++;
			if (a.outcome == OUT_REJECTED) {
				rejected++;
				assert_non_null(a.reason);
			}
			analysis_clear(&a);
			free(data);
			free(path);
			free(list[j]);
		}
		free(list);
		free(dir);
	}
	print_message("corpus: %zu files, %zu rejected; bounce %zu, complaint "
	    "%zu, auto_reply %zu, unclassified %zu; slowest %.3f s (%s)\n",
	    files, rejected, kinds[KIND_BOUNCE], kinds[KIND_COMPLAINT],
	    kinds[KIND_AUTO_REPLY], kinds[KIND_UNCLASSIFIED], worst,
	    worst_name);
	assert_true(files >= 400);
	/* the slowest file is printed, not bounded: the suite also runs
	 * under valgrind; speed is contrib/bench's business */
	free(root);
	ingest_free(in);
	conf_free(conf);
}

static int
is_disagreement(const char *file)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(disagree); i++)
		if (strcmp(file, disagree[i]) == 0)
			return 1;
	return 0;
}

static void
test_expected_kinds(void **state)
{
	struct conf *conf;
	struct ingest *in = make_ingest(&conf);
	char *root = corpus_dir(), *tsv, *text, *line, *save = NULL;
	char last[512] = "";
	const char *err;
	size_t len, checked = 0, wrong = 0;

	(void)state;
	if (root == NULL)
		fail_msg("corpus not found");
	tsv = xasprintf("%s/EXPECTED.tsv", root);
	assert_int_equal(file_read(tsv, 16u << 20, &text, &len, &err), 0);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *cols[11] = { NULL }, *p = line;
		struct analysis a;
		enum mail_kind want = KIND_UNCLASSIFIED;
		char *path, *data;
		size_t c, dlen;
		int ok;

		for (c = 0; c < 11 && p != NULL; c++) {
			cols[c] = p;
			p = strchr(p, '\t');
			if (p != NULL)
				*p++ = '\0';
		}
		if (cols[7] == NULL || strcmp(cols[0], "file") == 0 ||
		    strcmp(cols[0], last) == 0)
			continue;      /* header, or a further recipient row */
		snprintf(last, sizeof(last), "%s", cols[0]);
		if (strcmp(cols[7], "bounce") == 0 ||
		    strcmp(cols[7], "delivered") == 0)
			want = KIND_BOUNCE;
		else if (strncmp(cols[7], "feedback", 8) == 0)
			want = KIND_COMPLAINT;
		else if (strcmp(cols[7], "autoreply") == 0)
			want = KIND_AUTO_REPLY;
		else if (strcmp(cols[7], "not-bounce") == 0)
			want = KIND_UNCLASSIFIED;   /* anything but bounce/complaint */
		else
			fail_msg("EXPECTED.tsv: unknown kind %s", cols[7]);
		path = xasprintf("%s/%s", root, cols[0]);
		assert_int_equal(file_read(path, 64u << 20, &data, &dlen, &err),
		    0);
		a.sha256[0] = '\0';
		ingest_analyse(in, data, dlen, 0, &a);
		if (want == KIND_UNCLASSIFIED)
			ok = a.kind != KIND_BOUNCE && a.kind != KIND_COMPLAINT;
		else
			ok = a.kind == want;
		checked++;
		if (!ok && is_disagreement(cols[0]))
			print_message("known disagreement: %s is %s here, %s "
			    "upstream\n", cols[0], classify_kind_name(a.kind),
			    cols[7]);
		else if (!ok) {
			print_error("%s: %s (%s), expected %s\n", cols[0],
			    classify_kind_name(a.kind), a.reason ? a.reason :
			    "", cols[7]);
			wrong++;
		}
		analysis_clear(&a);
		free(data);
		free(path);
	}
	print_message("EXPECTED.tsv: %zu files checked, %zu wrong\n", checked,
	    wrong);
	assert_true(checked >= 350);
	assert_int_equal(wrong, 0);
	free(text);
	free(tsv);
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

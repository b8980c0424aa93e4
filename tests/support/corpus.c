/*
 * corpus.c — the shared corpus for the unit tests (corpus.h): finding it,
 * reading its mails in a fixed order, reading EXPECTED.tsv into rows, and
 * the files where we knowingly disagree with upstream.  Used by
 * test_corpus (the whole analysis), test_bounce (bounce_parse) and
 * test_mime (where the corpus is).
 *
 * Ownership: paths and file bytes returned are the caller's; the bytes
 * corpus_each hands to its callback are freed when the callback returns;
 * the rows of EXPECTED.tsv point into one text owned by the
 * corpus_expected, freed by corpus_expected_free.
 *
 * SECURITY: the mails are strangers' bytes, but they are only read and
 * handed over (each file at most CORPUS_MAX_FILE bytes); what parses them
 * is the code under test.  EXPECTED.tsv is ours (16 MB at most).
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

#include "corpus.h"

#define EXPECTED_MAX (16u << 20)

/*
 * Where we knowingly disagree with upstream about what a file is.
 * not-rb-issue-368-bug.eml: upstream's parser finds no recipient in it,
 * but it is a mail server's "email bounce notification" (mailbox full,
 * null sender, from postmaster): for recruitd it is a bounce (a soft one,
 * of xxxx@yyyyyy.net).
 */
static const char *const disagree[] = {
	"sisimai/not-rb-issue-368-bug.eml",
};

/* the corpus's folders of mails, in the order they are read */
static const char *const subdirs[] = { "sisimai", "cpython", "mailparser" };

char *
corpus_root(void)
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
		char *root;

		free(p);
		if (ok && (root = realpath(cands[i], NULL)) != NULL)
			return root;
	}
	fail_msg("corpus not found (../shared/corpus); set RECRUIT_CORPUS");
	return NULL;
}

char *
corpus_read(const char *root, const char *name, size_t *len_r)
{
	char *path = xasprintf("%s/%s", root, name), *data = NULL;
	const char *err = NULL;

	if (file_read(path, CORPUS_MAX_FILE, &data, len_r, &err) < 0)
		fail_msg("%s: %s", path, err != NULL ? err : "cannot read");
	free(path);
	return data;
}

size_t
corpus_each(const char *root, corpus_fn *fn, void *arg)
{
	size_t i, files = 0;

	for (i = 0; i < ARRAY_SIZE(subdirs); i++) {
		char *dir = xasprintf("%s/%s", root, subdirs[i]);
		struct dirent **list;
		int n = scandir(dir, &list, NULL, alphasort), k;

		/* "." and ".." and at least one mail */
		if (n <= 2)
			fail_msg("%s: no mails (%s)", dir, n < 0 ?
			    "cannot list" : "empty");
		for (k = 0; k < n; k++) {
			if (list[k]->d_name[0] != '.') {
				char *name = xasprintf("%s/%s", subdirs[i],
				    list[k]->d_name), *data;
				size_t len;

				data = corpus_read(root, name, &len);
				fn(name, data, len, arg);
				files++;
				free(data);
				free(name);
			}
			free(list[k]);
		}
		free(list);
		free(dir);
	}
	return files;
}

void
corpus_expected_read(const char *root, struct corpus_expected *e)
{
	char *path = xasprintf("%s/EXPECTED.tsv", root), *line, *save = NULL;
	const char *err = NULL;
	size_t len;

	memset(e, 0, sizeof(*e));
	if (file_read(path, EXPECTED_MAX, &e->text, &len, &err) < 0)
		fail_msg("%s: %s", path, err != NULL ? err : "cannot read");
	free(path);
	for (line = strtok_r(e->text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *cols[11] = { NULL }, *p = line;
		struct corpus_row *r;
		size_t c;

		/* tab-separated; the last column keeps any further tabs */
		for (c = 0; c < ARRAY_SIZE(cols) && p != NULL; c++) {
			cols[c] = p;
			p = strchr(p, '\t');
			if (p != NULL)
				*p++ = '\0';
		}
		if (cols[7] == NULL || strcmp(cols[0], "file") == 0)
			continue;       /* short, or the header */
		e->rows = xreallocarray(e->rows, e->n + 1, sizeof(*e->rows));
		r = &e->rows[e->n++];
		r->file = cols[0];
		r->rcpt_index = cols[1];
		r->status = cols[2];
		r->hard_soft = cols[3];
		r->recipient = cols[4];
		r->reason = cols[5];
		r->reply_code = cols[6];
		r->kind = cols[7];
		r->basis = cols[8];
		r->dsn_status = cols[9];
		r->dsn_action = cols[10];
	}
}

void
corpus_expected_free(struct corpus_expected *e)
{
	free(e->rows);
	free(e->text);
	memset(e, 0, sizeof(*e));
}

int
corpus_disagreement(const char *file)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(disagree); i++)
		if (strcmp(file, disagree[i]) == 0)
			return 1;
	return 0;
}

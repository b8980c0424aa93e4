/*
 * scratch.c — scratch folders for the unit tests (scratch.h): the
 * Maildir a Maildir source reads, and the removal of a whole folder at
 * the end of a test (nftw, deepest first, links not followed).
 *
 * Ownership: nothing is kept; paths are the caller's.
 *
 * SECURITY: works only on the folder the test made itself (mkdtemp under
 * /tmp); removal does not follow symbolic links out of it.
 */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"
#include "util.h"

#include "scratch.h"

int
scratch_maildir(const char *dir)
{
	static const char *const subs[] = { "new", "cur" };
	size_t i;
	int rc = 0;

	for (i = 0; i < ARRAY_SIZE(subs) && rc == 0; i++) {
		char *p = xasprintf("%s/Maildir/%s", dir, subs[i]);

		rc = mkdir_p(p, 0700);
		free(p);
	}
	return rc;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
scratch_remove(const char *dir)
{
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

int
scratch_store_open(struct scratch_store *s, const char *name)
{
	const char *err;

	memset(s, 0, sizeof(*s));
	if (snprintf(s->dir, sizeof(s->dir), "/tmp/recruit-%s-XXXXXX",
	    name) >= (int)sizeof(s->dir) || mkdtemp(s->dir) == NULL) {
		fprintf(stderr, "scratch_store_open: no folder for %s\n", name);
		return -1;
	}
	s->db = xasprintf("%s/r.db", s->dir);
	s->files = xasprintf("%s/files", s->dir);
	if (store_open(s->db, s->files, &s->st, &err) < 0) {
		fprintf(stderr, "scratch_store_open: %s\n", err);
		return -1;
	}
	return 0;
}

int
scratch_store_close(struct scratch_store *s)
{
	int rc;

	store_close(s->st);
	rc = scratch_remove(s->dir);
	free(s->db);
	free(s->files);
	memset(s, 0, sizeof(*s));
	return rc;
}

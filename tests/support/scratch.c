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
#include <sys/stat.h>

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

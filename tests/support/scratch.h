/*
 * scratch.h — scratch folders of the unit tests: a Maildir inside one,
 * a new store inside one, and removing one with all it holds.  Part of the tests' support library
 * (tests/support/libtestsupport.la); no cmocka: the caller asserts.
 */
#ifndef RECRUIT_TEST_SCRATCH_H
#define RECRUIT_TEST_SCRATCH_H

struct store;

/* scratch_maildir: DIR/Maildir/new and DIR/Maildir/cur (mode 0700, and
 * the folders above them as needed).  0, or -1 with errno. */
int scratch_maildir(const char *dir);

/* scratch_remove: dir and everything below it, deepest first; symbolic
 * links are removed, not followed.  0, or -1 at the first file that
 * could not be removed (the walk stops there). */
int scratch_remove(const char *dir);

/* A new store in a scratch folder: dir, dir/r.db, dir/files. */
struct scratch_store {
	char dir[64];
	char *db, *files;
	struct store *st;
};

/* scratch_store_open: /tmp/recruit-NAME-XXXXXX with a new store opened
 * in it (NAME short).  0, or -1 (what failed is on stderr). */
int scratch_store_open(struct scratch_store *s, const char *name);
/* scratch_store_close: the store closed, the folder removed, the paths
 * freed.  0, or -1 when the folder could not be removed. */
int scratch_store_close(struct scratch_store *s);

#endif

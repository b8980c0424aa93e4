/*
 * scratch.h — scratch folders of the unit tests: a Maildir inside one,
 * and removing one with all it holds.  Part of the tests' support library
 * (tests/support/libtestsupport.la); no cmocka: the caller asserts.
 */
#ifndef RECRUIT_TEST_SCRATCH_H
#define RECRUIT_TEST_SCRATCH_H

/* scratch_maildir: DIR/Maildir/new and DIR/Maildir/cur (mode 0700, and
 * the folders above them as needed).  0, or -1 with errno. */
int scratch_maildir(const char *dir);

/* scratch_remove: dir and everything below it, deepest first; symbolic
 * links are removed, not followed.  0, or -1 at the first file that
 * could not be removed (the walk stops there). */
int scratch_remove(const char *dir);

#endif

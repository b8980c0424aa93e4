/*
 * corpus.h — the shared corpus of real mails (../shared/corpus beside the
 * project, see its README.md) for the unit tests: where it is, its mails
 * one by one, and the rows of its EXPECTED.tsv.  Part of the tests'
 * support library (tests/support/libtestsupport.la); cmocka programs only:
 * what cannot be read fails the running test.
 */
#ifndef RECRUIT_TEST_CORPUS_H
#define RECRUIT_TEST_CORPUS_H

#include <stddef.h>

/* the largest corpus file read (its stress files are about 1 MB) */
#define CORPUS_MAX_FILE (64u << 20)

/*
 * corpus_root: the corpus folder: $RECRUIT_CORPUS when set, else the
 * first of ../shared/corpus beside the source tree and beside the build
 * tree that holds an EXPECTED.tsv.  Not finding it fails the test (never
 * a skip).  The caller frees the path.
 */
char *corpus_root(void);

/*
 * corpus_each: every mail of the corpus's folders sisimai, cpython and
 * mailparser, in that order and by name (alphasort) within each, names
 * starting with a dot left out: fn(name, data, len, arg) with name
 * relative to root ("sisimai/arf-01.eml") and the file's bytes (with a
 * NUL after them); both are freed when fn returns.  A folder that cannot
 * be listed or is empty, or a file that cannot be read, fails the test.
 * Returns how many mails fn was called for.
 */
typedef void corpus_fn(const char *name, const char *data, size_t len,
    void *arg);
size_t corpus_each(const char *root, corpus_fn *fn, void *arg);

/* corpus_read: root/name whole (a NUL after the bytes), *len_r its
 * length; unreadable fails the test.  The caller frees. */
char *corpus_read(const char *root, const char *name, size_t *len_r);

/*
 * One row of EXPECTED.tsv: one (file, failed recipient) pair, columns as
 * its README describes them.  The strings point into the text that
 * corpus_expected_read keeps; the caller may change their bytes in place
 * (cut a value short).  The last three are NULL when the row ends early.
 */
struct corpus_row {
	char *file;             /* "sisimai/arf-01.eml", relative to root */
	char *rcpt_index;
	char *status;           /* expected_status: a DSN status, or "" */
	char *hard_soft;        /* "hard", "soft", "none" */
	char *recipient;        /* "" when the row names none */
	char *reason;           /* upstream's label, e.g. "userunknown" */
	char *reply_code;
	char *kind;             /* bounce, feedback:..., autoreply, ... */
	char *basis;
	char *dsn_status;
	char *dsn_action;
};

struct corpus_expected {
	struct corpus_row *rows;
	size_t n;
	char *text;             /* the file, cut into the rows' strings */
};

/*
 * corpus_expected_read: the rows of root/EXPECTED.tsv in file order; the
 * header line, empty lines and lines of fewer than 8 columns (up to kind)
 * are left out.  A file's further recipients are further rows, one after
 * the other.  Unreadable fails the test.  Free with corpus_expected_free.
 */
void corpus_expected_read(const char *root, struct corpus_expected *e);
void corpus_expected_free(struct corpus_expected *e);

/*
 * corpus_disagreement: 1 when file (a row's file) is one whose upstream
 * expectation recruitd knowingly does not share (see corpus.c for each
 * one and why), else 0.
 */
int corpus_disagreement(const char *file);

#endif

/*
 * inbox.h — the inbound path of a unit test, in a scratch folder of its
 * own: the configuration, DIR/Maildir, the store, an ingest and the
 * Maildir source, opened and closed together.  Part of the tests'
 * support library (tests/support/libtestsupport.la); cmocka programs
 * only: what cannot be opened fails the test.
 */
#ifndef RECRUIT_TEST_INBOX_H
#define RECRUIT_TEST_INBOX_H

struct conf;
struct ingest;
struct source;
struct store;

/*
 * inbox_open: dir is a mkdtemp template ("/tmp/recruit-x-XXXXXX"), made
 * into a fresh folder; in it: the configuration conf_text (read as name,
 * its relative paths against dir; it names a maildir: source and the
 * store), DIR/Maildir (new, cur), the store, an ingest on it and the
 * Maildir source (folders Processed, Rejected, Review).  All four are the
 * caller's, for inbox_close.
 */
void inbox_open(char *dir, const char *conf_text, const char *name,
    struct conf **conf_r, struct store **st_r, struct ingest **in_r,
    struct source **src_r);

/* inbox_close: frees the four (the folder stays: scratch_remove) */
void inbox_close(struct conf *conf, struct store *st, struct ingest *in,
    struct source *src);

#endif

/*
 * inbox.c — the inbound path of a unit test (inbox.h): a scratch folder
 * with a configuration, a Maildir, the SQLite store, an ingest and a
 * Maildir source, as test_attacks, test_respond and test_golden run mails
 * through ingest_run.
 *
 * Ownership: the configuration, store, ingest and source are the
 * caller's, freed by inbox_close (the source first, the configuration
 * last); the folder is the caller's to remove.
 *
 * SECURITY: a folder the test makes itself (mkdtemp); the mails put in it
 * are the test's.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "conf.h"
#include "ingest.h"
#include "source.h"
#include "store.h"

#include "inbox.h"
#include "scratch.h"

void
inbox_open(char *dir, const char *conf_text, const char *name,
    struct conf **conf_r, struct store **st_r, struct ingest **in_r,
    struct source **src_r)
{
	const char *err = NULL;
	char *cerr = NULL;

	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp %s failed", dir);
	if (conf_load_string(conf_text, name, dir, conf_r, &cerr) < 0)
		fail_msg("config: %s", cerr);
	if (scratch_maildir(dir) < 0)
		fail_msg("%s/Maildir cannot be made", dir);
	if (store_open((*conf_r)->database, (*conf_r)->files, st_r, &err) < 0)
		fail_msg("store_open: %s", err);
	if ((*in_r = ingest_new(*conf_r, *st_r, &err)) == NULL)
		fail_msg("ingest_new: %s", err);
	*src_r = source_maildir_new((*conf_r)->maildir, "Processed",
	    "Rejected", "Review", (*conf_r)->limits.max_message_size);
}

void
inbox_close(struct conf *conf, struct store *st, struct ingest *in,
    struct source *src)
{
	source_free(src);
	ingest_free(in);
	store_close(st);
	conf_free(conf);
}

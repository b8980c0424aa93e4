/*
 * fuzz_commands.c — libFuzzer harness for the subscription commands
 * (command_plan, and through it the command word, token and plus-address
 * readers of command.c, subscriber_addr_normalize, the confirmation mail:
 * template and compose; then store_apply of the plan: store_subscriber_request).
 *
 * The input is one raw message, parsed by mime_parse with the default
 * limits.  LLVMFuzzerInitialize opens a store once in a fresh temporary
 * folder (removed at exit) and adds four subscribers with fixed tokens
 * (pending, active, unsubscribed, complained; the tokens are in the seeds
 * and in commands.dict), so "confirm TOKEN" and REQUESTS+unsubscribe-TOKEN
 * reach the store.  Each input runs in a transaction rolled back after it,
 * so every input sees the same four subscribers and an empty outbox.
 *
 * Checked, abort on failure: command_plan and store_apply never fail (-1 is a
 * store or internal error, not something a mail may cause) and always says
 * what it did; a queued confirmation goes to exactly one recipient, an
 * address that subscriber_addr_normalize leaves as it is, with the null
 * envelope sender and no NUL byte in the message.
 *
 * FUZZ_VERBOSE=1 prints what each input did (to check a seed directory).
 * Needs SRCDIR (the source tree, for templates/): Makefile.am defines it.
 */
#include "config.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "limit.h"
#include "log.h"
#include "mail.h"
#include "mime.h"
#include "command.h"
#include "plan.h"
#include "reply.h"
#include "store.h"
#include "store_int.h"   /* store_db: the test reads the database itself */
#include "subscriber.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static struct conf *conf;
static struct store *st;
static struct reply *resp;
static int verbose;             /* FUZZ_VERBOSE=1: print what each did */

static const struct {
	const char *addr, *status, *token;
} people[] = {
	{ "pending@example.com", "pending",
	  "0123456789abcdef0123456789abcdef" },
	{ "active@example.com", "active",
	  "fedcba9876543210fedcba9876543210" },
	{ "gone@example.com", "unsubscribed",
	  "00000000000000000000000000000001" },
	{ "angry@example.com", "complained",
	  "ffffffffffffffffffffffffffffffff" },
};

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	reply_free(resp);
	store_close(st);
	conf_free(conf);
	resp = NULL;
	st = NULL;
	conf = NULL;
	if (dir[0] != '\0')
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
quiet(enum log_level lvl, const char *line, void *ctx)
{
	(void)lvl;
	(void)line;
	(void)ctx;
}

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_commands: %s: %s\n", what, why != NULL ? why :
	    "failed");
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *err = NULL;
	char *cerr = NULL;
	size_t i;

	(void)argc;
	(void)argv;
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	log_init("fuzz", 0, LOGL_ERROR);
	log_set_sink(quiet, NULL);     /* a compose error per input is noise */
	snprintf(dir, sizeof(dir), "/tmp/fuzz-commands-XXXXXX");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", NULL);
	atexit(cleanup);
	if (conf_load_string("[store]\ndatabase = c.db\nfiles = files\n"
	    "[inbox]\nsource = maildir:Maildir\n"
	    "[addresses]\n"
	    "job_orders = jobs@rma-search.example\n"
	    "candidates = careers@rma-search.example\n"
	    "newsletter_requests = newsletter-request@rma-search.example\n"
	    "from = \"RMA Search\" <office@rma-search.example>\n"
	    "[newsletter]\ntemplates = " SRCDIR "/templates\n",
	    "fuzz.conf", dir, &conf, &cerr) < 0)
		die("config", cerr);
	if (store_open(conf->database, conf->files, &st, &err) < 0)
		die("store_open", err);
	/* speed: nothing here needs to survive a crash */
	sqlite3_exec(store_db(st), "PRAGMA synchronous = OFF; "
	    "PRAGMA journal_mode = MEMORY", NULL, NULL, NULL);
	resp = reply_new(conf, &cerr);
	if (resp == NULL)
		die("reply_new", cerr);
	if (store_begin(st, &err) < 0)
		die("store_begin", err);
	for (i = 0; i < ARRAY_SIZE(people); i++) {
		enum subscriber_change ch;
		sqlite3_stmt *s = NULL;

		if (subscriber_set(st, people[i].addr, "Fuzz", people[i].status,
		    &ch, &cerr) < 0)
			die("subscriber_set", cerr);
		if (sqlite3_prepare_v2(store_db(st), "UPDATE subscribers SET "
		    "token = ?1 WHERE email = ?2", -1, &s, NULL) != SQLITE_OK)
			die("token", sqlite3_errmsg(store_db(st)));
		sqlite3_bind_text(s, 1, people[i].token, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, people[i].addr, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE ||
		    sqlite3_changes(store_db(st)) != 1)
			die("token", sqlite3_errmsg(store_db(st)));
		sqlite3_finalize(s);
	}
	if (store_commit(st, &err) < 0)
		die("store_commit", err);
	return 0;
}

/* the outbox rows this input queued: one recipient, normalized, null
 * envelope sender, no NUL in the message */
static void
check_outbox(void)
{
	sqlite3_stmt *s = NULL;
	int n = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT kind, to_addr, env_from, "
	    "raw FROM outbox", -1, &s, NULL) != SQLITE_OK)
		die("outbox", sqlite3_errmsg(store_db(st)));
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(s, 0);
		const char *to = (const char *)sqlite3_column_text(s, 1);
		const char *env = (const char *)sqlite3_column_text(s, 2);
		const void *raw = sqlite3_column_blob(s, 3);
		int len = sqlite3_column_bytes(s, 3);
		char *norm;

		if (kind == NULL || strcmp(kind, "confirm") != 0 || to == NULL ||
		    env == NULL || *env != '\0' || raw == NULL || len <= 0 ||
		    memchr(raw, '\0', (size_t)len) != NULL)
			die("outbox row", kind);
		norm = subscriber_addr_normalize(to);
		if (norm == NULL || strcmp(norm, to) != 0)
			die("outbox recipient", to);
		free(norm);
		n++;
	}
	sqlite3_finalize(s);
	if (n > 1)
		die("outbox", "more than one confirmation for one mail");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits lim;
	struct mail *m = NULL;
	const char *err = NULL, *what = NULL;
	struct plan pl;
	long mid, rid;

	limit_defaults(&lim);
	if (mime_parse((const char *)data, size, &lim, &m, &err) != MIME_OK)
		return 0;
	if (store_begin(st, &err) < 0)
		die("store_begin", err);
	plan_init(&pl);
	if (command_plan(resp, st, m, &pl, &what, &err) < 0)
		die("command_plan", err);
	if (what == NULL)
		die("command_plan", "no *what_r");
	/* the answers only: a stand-in message row */
	pl.msg.sha256 = "0";
	pl.msg.source = "fuzz";
	pl.msg.kind = "subscription";
	pl.msg.outcome = "recorded";
	pl.msg.raw = "";
	if (store_apply(st, &pl, &mid, &rid, &err) < 0)
		die("store_apply", err);
	plan_free(&pl);
	if (verbose)
		fprintf(stderr, "fuzz_commands: %s\n", what);
	check_outbox();
	store_rollback(st);
	mail_free(m);
	return 0;
}

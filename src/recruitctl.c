/*
 * recruitctl.c — the control tool (DESIGN §4 "Control commands"): export
 * and inspect records, reparse stored mail, show status.  Reads the same
 * config as recruitd and talks to the store directly (SQLite's WAL lets it
 * read while the daemon writes), through the store's functions only
 * (store_export.h for the listings and the status page).  `--help`,
 * `--version` and `COMMAND --help` answer before any config is read.
 *
 * SECURITY: run by the operator; arguments reach the store only as bound
 * values.  Records are printed as they were stored: sender-controlled
 * text, as clean as ingest made it (the outbox listing masks control
 * characters itself).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "conf.h"
#include "deliver.h"
#include "export.h"
#include "ingest.h"
#include "log.h"
#include "newsletter.h"
#include "outbox.h"
#include "secret.h"
#include "store.h"
#include "subscriber.h"
#include "util.h"

static volatile sig_atomic_t got_stop;

static void
on_signal(int sig)
{
	(void)sig;
	got_stop = 1;
}

/* the commands, one line each: `recruitctl COMMAND --help` prints those
 * of its command (the first word, or one of the |-separated words) */
static const char *const usage_lines[] = {
	"export jobs|candidates|bounces|messages|subscribers [--format json|csv]",
	"jobs|candidates|messages list",
	"jobs|candidates|messages show ID",
	"reparse ID | --all",
	"subscribers add ADDRESS [NAME] [--confirmed]",
	"subscribers import FILE.csv",
	"subscribers remove ADDRESS|TOKEN",
	"subscribers list",
	"newsletter preview [--out DIR]",
	"newsletter send-now",
	"newsletter status [NUMBER]",
	"outbox list [--all]",
	"outbox show ID",
	"status",
};

/* line_is_for: does usage line l belong to command cmd? */
static int
line_is_for(const char *l, const char *cmd)
{
	size_t n = strlen(cmd);
	const char *p = l, *end = l + strcspn(l, " ");

	while (p < end) {
		size_t k = strcspn(p, "| ");

		if (k == n && strncmp(p, cmd, n) == 0)
			return 1;
		p += k + 1;
	}
	return 0;
}

/* usage: every command (cmd NULL) or those of cmd; 0 when cmd has none */
static int
usage_of(FILE *f, const char *cmd)
{
	size_t i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(usage_lines); i++) {
		if (cmd != NULL && !line_is_for(usage_lines[i], cmd))
			continue;
		if (n++ == 0)
			fprintf(f, "usage: recruitctl [-c FILE] COMMAND "
			    "...\n%s", cmd == NULL ? "       recruitctl "
			    "--help | --version\n" : "");
		fprintf(f, "  %s\n", usage_lines[i]);
	}
	return n;
}

static void
usage(FILE *f)
{
	usage_of(f, NULL);
}

/* wants_help: `COMMAND ... --help` or `COMMAND -h` */
static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    (i == 1 && strcmp(argv[i], "-h") == 0))
			return 1;
	return 0;
}

static int
parse_id(const char *s, long *id)
{
	char *end;

	*id = strtol(s, &end, 10);
	return (*s == '\0' || *end != '\0' || *id <= 0) ? -1 : 0;
}

static int
cmd_export(struct store *st, int argc, char **argv)
{
	enum export_format f = FORMAT_JSON;
	enum export_what w;
	const char *err;
	int i;

	if (argc < 2 || export_what_parse(argv[1], &w) < 0) {
		usage(stderr);
		return EX_USAGE;
	}
	for (i = 2; i < argc; i++) {
		const char *v = NULL;

		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			v = argv[i] + 9;
		if (v == NULL || export_format_parse(v, &f) < 0) {
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (export_records(st, w, f, stdout, &err) < 0) {
		fprintf(stderr, "recruitctl: export: %s\n", err);
		return EX_IOERR;
	}
	return EX_OK;
}

static int
cmd_records(struct store *st, enum export_what w, int argc, char **argv)
{
	const char *err;
	long id;
	int r;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (export_list(st, w, stdout, &err) < 0) {
			fprintf(stderr, "recruitctl: %s\n", err);
			return EX_IOERR;
		}
		return EX_OK;
	}
	if (argc == 3 && strcmp(argv[1], "show") == 0) {
		if (parse_id(argv[2], &id) < 0) {
			fprintf(stderr, "recruitctl: '%s' is not an id\n",
			    argv[2]);
			return EX_USAGE;
		}
		r = export_show(st, w, id, stdout, &err);
		if (r != 0) {
			fprintf(stderr, "recruitctl: %s %ld: %s\n", argv[0], id,
			    err);
			return r > 0 ? EX_DATAERR : EX_IOERR;
		}
		return EX_OK;
	}
	usage(stderr);
	return EX_USAGE;
}

static int
cmd_reparse(struct store *st, const struct conf *conf, int argc, char **argv)
{
	struct ingest *in;
	const char *err;
	long id, *ids = NULL;
	size_t n = 0, i, failed = 0;

	if (argc != 2) {
		usage(stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[1], "--all") == 0) {
		if (store_message_ids(st, &ids, &n) < 0) {
			fprintf(stderr, "recruitctl: cannot list messages\n");
			return EX_IOERR;
		}
	} else if (parse_id(argv[1], &id) == 0) {
		ids = xmalloc(sizeof(*ids));
		ids[0] = id;
		n = 1;
	} else {
		usage(stderr);
		return EX_USAGE;
	}
	if ((in = ingest_new(conf, st, &err)) == NULL) {
		fprintf(stderr, "recruitctl: %s\n", err);
		free(ids);
		return EX_CONFIG;
	}
	for (i = 0; i < n; i++)
		if (ingest_reparse(in, ids[i], &err) < 0) {
			fprintf(stderr, "recruitctl: reparse %ld: %s\n", ids[i],
			    err);
			failed++;
		}
	printf("reparsed %zu of %zu messages\n", n - failed, n);
	ingest_free(in);
	free(ids);
	return failed ? EX_DATAERR : EX_OK;
}

static int
cmd_subscribers(struct store *st, int argc, char **argv)
{
	enum subscriber_change ch;
	char *err = NULL;
	int r;

	if (argc >= 3 && strcmp(argv[1], "add") == 0) {
		const char *name = NULL;
		int confirmed = 0, i;

		for (i = 3; i < argc; i++) {
			if (strcmp(argv[i], "--confirmed") == 0)
				confirmed = 1;
			else if (name == NULL && argv[i][0] != '-')
				name = argv[i];
			else {
				usage(stderr);
				return EX_USAGE;
			}
		}
		if (subscriber_add(st, argv[2], name, confirmed, &ch, &err) < 0) {
			fprintf(stderr, "recruitctl: %s: %s\n", argv[2], err);
			free(err);
			return EX_DATAERR;
		}
		printf("%s: %s\n", argv[2], ch == SUB_ADDED ? "added" :
		    ch == SUB_UPDATED ? "updated" : "unchanged");
		return EX_OK;
	}
	if (argc == 3 && strcmp(argv[1], "import") == 0) {
		struct subscriber_import_stats is;
		const char *ferr;
		char *data;
		size_t len;

		if (file_read(argv[2], 256u * 1024 * 1024, &data, &len,
		    &ferr) < 0) {
			fprintf(stderr, "recruitctl: %s: %s\n", argv[2], ferr);
			return EX_NOINPUT;
		}
		r = subscriber_import(st, argv[2], data, len, stderr, &is, &err);
		free(data);
		if (r < 0) {
			fprintf(stderr, "recruitctl: %s\n", err);
			free(err);
			return EX_DATAERR;
		}
		printf("%s: %u added, %u updated, %u unchanged, %u kept "
		    "(unsubscribed, bounced or complained), %u bad rows\n",
		    argv[2], is.added, is.updated, is.unchanged, is.kept,
		    is.bad);
		return is.bad ? EX_DATAERR : EX_OK;
	}
	if (argc == 3 && strcmp(argv[1], "remove") == 0) {
		r = subscriber_remove(st, argv[2], &err);
		if (r < 0) {
			fprintf(stderr, "recruitctl: %s: %s\n", argv[2], err);
			free(err);
			return EX_DATAERR;
		}
		if (r > 0) {
			fprintf(stderr, "recruitctl: %s: no such subscriber\n",
			    argv[2]);
			return EX_DATAERR;
		}
		printf("%s: unsubscribed\n", argv[2]);
		return EX_OK;
	}
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (subscriber_list(st, stdout, &err) < 0) {
			fprintf(stderr, "recruitctl: %s\n", err);
			free(err);
			return EX_IOERR;
		}
		return EX_OK;
	}
	usage(stderr);
	return EX_USAGE;
}

static int
send_all(const struct conf *conf, struct store *st)
{
	struct deliver_stats ds;
	char *err = NULL;
	time_t next;
	enum deliver_result dr;

	dr = deliver_run(conf, st, &got_stop, &ds, &next, &err);
	printf("sent %u, deferred %u, failed %u, skipped %u\n", ds.sent,
	    ds.deferred, ds.failed, ds.skipped);
	switch (dr) {
	case DELIVER_DONE:
		if (next != 0) {
			char t[21];

			time_rfc3339((long)next, t);
			printf("deferred deliveries are due again from %s "
			    "(recruitd retries them)\n", t);
		}
		return EX_OK;
	case DELIVER_STOPPED:
		printf("stopped; the rest is sent later\n");
		return EX_OK;
	case DELIVER_BUSY:
		printf("another process (recruitd) is sending right now; it "
		    "delivers the issue\n");
		return EX_OK;
	case DELIVER_SERVER:
		fprintf(stderr, "recruitctl: SMTP: %s; nothing lost, the rest "
		    "is sent later\n", err);
		free(err);
		return EX_TEMPFAIL;
	case DELIVER_ERROR:
	default:
		fprintf(stderr, "recruitctl: %s\n", err);
		free(err);
		return EX_IOERR;
	}
}

static int
cmd_newsletter(const struct conf *conf, struct store *st, int argc,
    char **argv)
{
	char *err = NULL;
	long number = 0;
	int r;

	if (argc >= 2 && strcmp(argv[1], "preview") == 0) {
		const char *dir = ".";

		if (argc == 4 && strcmp(argv[2], "--out") == 0)
			dir = argv[3];
		else if (argc != 2) {
			usage(stderr);
			return EX_USAGE;
		}
		r = newsletter_preview(conf, st, dir, &number, &err);
		if (r < 0) {
			fprintf(stderr, "recruitctl: preview: %s\n", err);
			free(err);
			return EX_DATAERR;
		}
		if (r == 0) {
			printf("no new articles: the next issue would be empty "
			    "and is not built\n");
			return EX_OK;
		}
		printf("%s/issue-%ld.eml\n%s/issue-%ld.html\n", dir, number,
		    dir, number);
		return EX_OK;
	}
	if (argc == 2 && strcmp(argv[1], "send-now") == 0) {
		if (!conf->has_smtp) {
			fprintf(stderr, "recruitctl: no [smtp] section in %s: "
			    "nothing can be sent\n", conf->path);
			return EX_CONFIG;
		}
		r = newsletter_build(conf, st, 0, &number, &err);
		if (r < 0) {
			fprintf(stderr, "recruitctl: send-now: %s\n", err);
			free(err);
			return EX_DATAERR;
		}
		if (r == 0)
			printf("no new articles: no new issue\n");
		else
			printf("issue %ld built\n", number);
		return send_all(conf, st);
	}
	if (argc >= 2 && argc <= 3 && strcmp(argv[1], "status") == 0) {
		if (argc == 3 && parse_id(argv[2], &number) < 0) {
			usage(stderr);
			return EX_USAGE;
		}
		r = newsletter_status(conf, st, number, stdout, &err);
		if (r != 0) {
			fprintf(stderr, "recruitctl: %s\n", err);
			free(err);
			return r > 0 ? EX_DATAERR : EX_IOERR;
		}
		return EX_OK;
	}
	usage(stderr);
	return EX_USAGE;
}

static long long
meta_ll(struct store *st, const char *key)
{
	char *v = NULL;
	long long n = 0;

	if (store_meta_get(st, key, &v) == 1)
		n = strtoll(v, NULL, 10);
	free(v);
	return n;
}

static void
ago(char *out, size_t n, long long t)
{
	long long d = (long long)time(NULL) - t;

	if (t == 0)
		snprintf(out, n, "never");
	else if (d < 120)
		snprintf(out, n, "%llds ago", d);
	else if (d < 7200)
		snprintf(out, n, "%lld min ago", d / 60);
	else
		snprintf(out, n, "%lld h ago", d / 3600);
}

/* rows: print "label: a N, b N" from one of the store's grouped counts */
struct rows {
	int n;
};

static int
row_count(void *ctx, const char *name, long n)
{
	struct rows *r = ctx;

	printf("%s %s %ld", r->n++ ? "," : "", name, n);
	return 0;
}

static int
rows(struct store *st, const char *label, enum store_export_count which,
    long since)
{
	struct rows r = { 0 };
	const char *err;
	int rc;

	printf("%s:", label);
	rc = store_export_counts(st, which, since, row_count, &r, &err);
	printf("%s\n", r.n ? "" : " none");
	if (rc < 0)
		fprintf(stderr, "recruitctl: status: %s\n", err);
	return rc;
}

static int
cmd_outbox(struct store *st, int argc, char **argv)
{
	char *err = NULL;
	long id;
	int r;

	if ((argc == 2 || argc == 3) && strcmp(argv[1], "list") == 0) {
		if (argc == 3 && strcmp(argv[2], "--all") != 0) {
			usage(stderr);
			return EX_USAGE;
		}
		r = outbox_list(st, stdout, argc == 3, &err);
	} else if (argc == 3 && strcmp(argv[1], "show") == 0) {
		if (parse_id(argv[2], &id) < 0) {
			usage(stderr);
			return EX_USAGE;
		}
		r = outbox_show(st, id, stdout, &err);
		if (r == 1) {
			fprintf(stderr, "recruitctl: outbox: no reply %ld\n",
			    id);
			return EX_DATAERR;
		}
	} else {
		usage(stderr);
		return EX_USAGE;
	}
	if (r < 0) {
		fprintf(stderr, "recruitctl: outbox: %s\n", err);
		free(err);
		return EX_SOFTWARE;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "recruitctl: outbox: write error\n");
		return EX_IOERR;
	}
	return EX_OK;
}

static int
cmd_status(const struct conf *conf, struct store *st)
{
	struct store_export_totals tot;
	long long pid = meta_ll(st, "daemon_pid"), t;
	char a[32], *v = NULL, *err = NULL;
	const char *serr;
	time_t now = time(NULL);
	struct tm tm;
	long long midnight;
	int up = 0;

	/* the daemon: its pid, checked, and when it last said something */
	if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
		up = 1;
	if (up) {
		char since[21], in[32], out[32];

		time_rfc3339((long)meta_ll(st, "daemon_started"), since);
		ago(in, sizeof(in), meta_ll(st, "daemon_heartbeat"));
		ago(out, sizeof(out), meta_ll(st, "outbound_heartbeat"));
		printf("daemon: running (pid %lld, up since %s); inbound loop "
		    "last seen %s, outbound worker %s\n", pid, since, in, out);
	} else {
		t = meta_ll(st, "daemon_stopped");
		ago(a, sizeof(a), t != 0 ? t : meta_ll(st, "daemon_heartbeat"));
		printf("daemon: not running (last seen %s)\n", a);
	}
	ago(a, sizeof(a), meta_ll(st, "last_poll_at"));
	store_meta_get(st, "last_poll_result", &v);
	printf("last poll: %s: %s\n", a, v != NULL ? v : "-");
	free(v);

	gmtime_r(&now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	midnight = (long long)timegm(&tm);
	if (rows(st, "recorded today (UTC), by kind", STORE_COUNT_KINDS_SINCE,
	    (long)midnight) < 0 || rows(st, "waiting for a person",
	    STORE_COUNT_WAITING, 0) < 0)
		return EX_IOERR;
	if (store_export_totals(st, &tot, &serr) < 0) {
		fprintf(stderr, "recruitctl: status: %s\n", serr);
		return EX_IOERR;
	}
	printf("records: %ld job orders (%ld need review), %ld candidates "
	    "(%ld need review)\n", tot.jobs, tot.jobs_review, tot.candidates,
	    tot.candidates_review);
	if (rows(st, "replies (outbox)", STORE_COUNT_OUTBOX, 0) < 0 ||
	    rows(st, "subscribers", STORE_COUNT_SUBSCRIBERS, 0) < 0)
		return EX_IOERR;
	/* the issue being sent, or the last one, and the next slot */
	if (newsletter_status(conf, st, 0, stdout, &err) < 0) {
		fprintf(stderr, "recruitctl: %s\n", err);
		free(err);
		return EX_IOERR;
	}
	return EX_OK;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = conf_default_path(), *err;
	struct store *st;
	struct conf *conf;
	char *cerr;
	enum export_what w;
	int ch, r;

	/* the SMTP password (newsletter send) out of the environment before
	 * anything else (secret.h) */
	if (secret_env_stash(&err) < 0)
		fprintf(stderr, "recruitctl: %s\n", err);
	while ((ch = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		case 'V':
			printf("recruitctl (%s) %s\n", PACKAGE_NAME,
			    PACKAGE_VERSION);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return EX_USAGE;
	}
	/* before the config: help needs neither it nor a database */
	if (wants_help(argc, argv)) {
		if (usage_of(stdout, argv[0]) > 0)
			return EX_OK;
		usage(stderr);
		return EX_USAGE;
	}
	log_init("recruitctl", 0, LOGL_WARN);
	if (conf_load(path, &conf, &cerr) < 0) {
		fprintf(stderr, "recruitctl: %s\n", cerr);
		free(cerr);
		return EX_CONFIG;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* subscribers and issues may come before the first poll */
	if ((strcmp(argv[0], "subscribers") == 0 ||
	    strcmp(argv[0], "newsletter") == 0 ?
	    store_open(conf->database, conf->files, &st, &err) :
	    store_open_existing(conf->database, conf->files, &st, &err)) < 0) {
		fprintf(stderr, "recruitctl: %s: %s\n", conf->database, err);
		conf_free(conf);
		return EX_NOINPUT;
	}
	if (strcmp(argv[0], "export") == 0)
		r = cmd_export(st, argc, argv);
	else if (strcmp(argv[0], "subscribers") == 0)
		r = cmd_subscribers(st, argc, argv);
	else if (strcmp(argv[0], "newsletter") == 0)
		r = cmd_newsletter(conf, st, argc, argv);
	else if (export_what_parse(argv[0], &w) == 0)
		r = cmd_records(st, w, argc, argv);
	else if (strcmp(argv[0], "outbox") == 0)
		r = cmd_outbox(st, argc, argv);
	else if (strcmp(argv[0], "reparse") == 0)
		r = cmd_reparse(st, conf, argc, argv);
	else if (strcmp(argv[0], "status") == 0 && argc == 1)
		r = cmd_status(conf, st);
	else {
		usage(stderr);
		r = EX_USAGE;
	}
	store_close(st);
	conf_free(conf);
	return r;
}

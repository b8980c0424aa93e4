/*
 * recruitctl.c — the control tool (DESIGN §4 "Control commands"): export
 * and inspect records, reparse stored mail, show status.  Reads the same
 * config as recruitd and talks to the store directly (SQLite's WAL lets it
 * read while the daemon writes).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "conf.h"
#include "export.h"
#include "ingest.h"
#include "log.h"
#include "store.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: recruitctl [-c FILE] COMMAND ...\n"
	    "  export jobs|candidates|messages [--format json|csv]\n"
	    "  jobs|candidates|messages list\n"
	    "  jobs|candidates|messages show ID\n"
	    "  reparse ID | --all\n"
	    "  status\n");
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
		if (argc >= 2 && (strcmp(argv[1], "bounces") == 0 ||
		    strcmp(argv[1], "subscribers") == 0)) {
			fprintf(stderr, "recruitctl: export %s: not in this "
			    "version yet (the newsletter side is not built)\n",
			    argv[1]);
			return EX_UNAVAILABLE;
		}
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
		fprintf(stderr, "recruitctl: industries: %s\n", err);
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
cmd_status(struct store *st)
{
	sqlite3_stmt *s = NULL;
	sqlite3 *db = store_db(st);

	printf("messages by kind and outcome:\n");
	if (sqlite3_prepare_v2(db, "SELECT kind, outcome, count(*) FROM "
	    "messages GROUP BY kind, outcome ORDER BY kind, outcome", -1, &s,
	    NULL) != SQLITE_OK)
		return EX_IOERR;
	while (sqlite3_step(s) == SQLITE_ROW)
		printf("  %-13s %-10s %6d\n", sqlite3_column_text(s, 0),
		    sqlite3_column_text(s, 1), sqlite3_column_int(s, 2));
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM jobs), "
	    "(SELECT count(*) FROM jobs WHERE needs_review), "
	    "(SELECT count(*) FROM candidates), "
	    "(SELECT count(*) FROM candidates WHERE needs_review)", -1, &s,
	    NULL) != SQLITE_OK)
		return EX_IOERR;
	if (sqlite3_step(s) == SQLITE_ROW)
		printf("job orders: %d (%d need review)\n"
		    "candidates: %d (%d need review)\n",
		    sqlite3_column_int(s, 0), sqlite3_column_int(s, 1),
		    sqlite3_column_int(s, 2), sqlite3_column_int(s, 3));
	sqlite3_finalize(s);
	return EX_OK;
}

int
main(int argc, char **argv)
{
	const char *path = conf_default_path(), *err;
	struct store *st;
	struct conf *conf;
	char *cerr;
	enum export_what w;
	int ch, r;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
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
	log_init("recruitctl", 0, LOGL_WARN);
	if (conf_load(path, &conf, &cerr) < 0) {
		fprintf(stderr, "recruitctl: %s\n", cerr);
		free(cerr);
		return EX_CONFIG;
	}
	if (strcmp(argv[0], "subscribers") == 0 ||
	    strcmp(argv[0], "newsletter") == 0) {
		fprintf(stderr, "recruitctl: %s: not in this version yet (the "
		    "newsletter side is not built)\n", argv[0]);
		conf_free(conf);
		return EX_UNAVAILABLE;
	}
	if (store_open_existing(conf->database, conf->files, &st, &err) < 0) {
		fprintf(stderr, "recruitctl: %s: %s\n", conf->database, err);
		conf_free(conf);
		return EX_NOINPUT;
	}
	if (strcmp(argv[0], "export") == 0)
		r = cmd_export(st, argc, argv);
	else if (export_what_parse(argv[0], &w) == 0)
		r = cmd_records(st, w, argc, argv);
	else if (strcmp(argv[0], "reparse") == 0)
		r = cmd_reparse(st, conf, argc, argv);
	else if (strcmp(argv[0], "status") == 0 && argc == 1)
		r = cmd_status(st);
	else {
		usage(stderr);
		r = EX_USAGE;
	}
	store_close(st);
	conf_free(conf);
	return r;
}

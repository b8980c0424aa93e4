/* test_conf.c — recruitd.conf: defaults, every key type, relative paths,
 * and errors that name the file and line. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "util.h"

#define MIN "[store]\ndatabase = r.db\n[inbox]\nsource = maildir:Maildir\n"

static void
test_minimal_defaults(void **state)
{
	struct conf *c;
	char *err = NULL;

	(void)state;
	assert_int_equal(conf_load_string(MIN, "t.conf", "/etc/rd", &c, &err),
	    0);
	assert_string_equal(c->database, "/etc/rd/r.db");
	assert_string_equal(c->files, "/etc/rd/files");
	assert_string_equal(c->maildir, "/etc/rd/Maildir");
	assert_int_equal(c->source_kind, SOURCE_MAILDIR);
	assert_int_equal(c->poll_interval, 60);
	assert_string_equal(c->processed, "Processed");
	assert_int_equal(c->limits.max_message_size, 25u * 1024 * 1024);
	assert_int_equal(c->limits.max_mime_depth, 20);
	assert_int_equal(c->limits.max_parts, 200);
	assert_int_equal(c->smtp_retry_for, 3 * 86400);
	assert_int_equal(c->catch_up, 6 * 3600);
	assert_false(c->has_smtp);
	assert_false(c->has_newsletter);
	conf_free(c);
}

static void
test_full(void **state)
{
	static const char text[] = MIN
	    "poll_interval = 2m\n"
	    "processed = Done\n"
	    "[addresses]\n"
	    "job_orders = Jobs@RMA-Search.example\n"
	    "candidates = careers@rma-search.example\n"
	    "newsletter_requests = newsletter-request@rma-search.example\n"
	    "from = \"RMA Search\" <news@rma-search.example>\n"
	    "web_forms = forms@rma-search.example, noreply@webforms.example\n"
	    "[smtp]\n"
	    "url = smtp://127.0.0.1:2525\n"
	    "tls = none\n"
	    "connections = 8\n"
	    "rate = 12.5\n"
	    "retry_for = 2d\n"
	    "retry_delay = 10m\n"
	    "[newsletter]\n"
	    "articles = articles\n"
	    "list_id = brief.rma-search.example\n"
	    "schedule = \"mon,thu 09:00\"\n"
	    "timezone = Europe/London\n"
	    "unsubscribe_url = https://rma-search.example/u/{token}\n"
	    "archive_url = https://rma-search.example/brief/{number}.html\n"
	    "catch_up = 2h\n"
	    "[limits]\n"
	    "max_message_size = 10M\n"
	    "max_mime_depth = 8\n"
	    "[log]\n"
	    "log = syslog\n"
	    "log_level = debug\n";
	struct conf *c;
	char *err = NULL;

	(void)state;
	assert_int_equal(conf_load_string(text, "t.conf", "/x", &c, &err), 0);
	assert_int_equal(c->poll_interval, 120);
	assert_string_equal(c->processed, "Done");
	assert_string_equal(c->job_orders, "jobs@rma-search.example");
	assert_string_equal(c->from, "\"RMA Search\" <news@rma-search.example>");
	/* bounces defaults to the sender's domain */
	assert_string_equal(c->bounces, "bounces@rma-search.example");
	assert_int_equal(c->n_web_forms, 2);
	assert_string_equal(c->web_forms[1], "noreply@webforms.example");
	assert_true(c->has_smtp);
	assert_int_equal(c->smtp_connections, 8);
	assert_true(c->smtp_rate > 12.4 && c->smtp_rate < 12.6);
	assert_int_equal(c->smtp_retry_for, 2 * 86400);
	assert_int_equal(c->smtp_retry_delay, 600);
	assert_string_equal(c->smtp_tls, "none");
	assert_string_equal(c->schedule, "mon,thu 09:00");
	assert_int_equal(c->catch_up, 7200);
	assert_string_equal(c->articles, "/x/articles");
	assert_string_equal(c->archive, "/x/archive");
	assert_string_equal(c->timezone, "Europe/London");
	assert_int_equal(c->limits.max_message_size, 10u * 1024 * 1024);
	assert_int_equal(c->limits.max_mime_depth, 8);
	assert_true(c->log_syslog);
	assert_int_equal(c->log_level, LOGL_DEBUG);
	conf_free(c);
}

static void
test_errors(void **state)
{
	static const struct { const char *text; const char *error; } rows[] = {
		{ MIN "bogus = 1\n", "t.conf:5: unknown key 'bogus' in [inbox]" },
		{ MIN "[nosuch]\nx = 1\n", "t.conf:6: unknown section [nosuch]" },
		{ MIN "poll_interval = soon\n", "t.conf:5: [inbox] poll_interval: "
		  "'soon' is not a valid duration in range" },
		{ MIN "[smtp]\nconnections = 0\n", "t.conf:6: [smtp] connections: "
		  "'0' is not a number from 1 to 64" },
		{ MIN "[addresses]\njob_orders = nobody\n", "t.conf:6: "
		  "[addresses] job_orders: 'nobody' is not an address" },
		{ MIN "tls = maybe\n", "t.conf:5: [inbox] tls: 'maybe' is not one "
		  "of implicit|starttls|none" },
		{ MIN "[log]\nlog_level = loud\n", "t.conf:6: [log] log_level: "
		  "'loud' is not one of error, warning, info, debug" },
		{ MIN "[limits]\nmax_message_size = 1\n", "t.conf:6: [limits] "
		  "max_message_size: '1' is not a valid size in range" },
		{ "[inbox]\nsource = maildir:M\n", "t.conf: [store] database is "
		  "required" },
		{ "[store]\ndatabase = d\n", "t.conf: [inbox] source is required" },
		{ "[store]\ndatabase = d\n[inbox]\nsource = pop3://x\n",
		  "t.conf: [inbox] source: 'pop3://x' is not maildir:PATH, "
		  "imap:// or imaps://" },
		{ "[store]\ndatabase = d\n[inbox]\nsource = imap://u@mail.example"
		  "/INBOX\ntls = none\n", "t.conf: [inbox] tls = none is only "
		  "allowed for a loopback host" },
		{ "[store]\ndatabase = d\n[inbox]\nsource = maildir:M\nthis line "
		  "has no equals\n", "t.conf:5: syntax error" },
		{ MIN "[addresses]\nfrom = RMA Search\n", "t.conf: [addresses] "
		  "from: 'RMA Search' names no address" },
#define FROM "[addresses]\nfrom = n@rma.example\n"
#define NL FROM "[newsletter]\narticles = a\nlist_id = l.rma.example\n"
		{ MIN "[smtp]\nurl = smtp://relay.example\n", "t.conf: "
		  "[addresses] from is required to send mail (replies and "
		  "newsletters)" },
		{ MIN FROM "[smtp]\nurl = http://relay.example\n", "t.conf: "
		  "[smtp] url: 'http://relay.example' is not smtp:// or "
		  "smtps://" },
		{ MIN FROM "[smtp]\nurl = smtps://relay.example\ntls = starttls\n",
		  "t.conf: [smtp] tls = starttls does not go with smtps:// "
		  "(implicit TLS is smtps://, starttls and none are smtp://)" },
		{ MIN FROM "[smtp]\nurl = smtp://relay.example\ntls = none\n",
		  "t.conf: [smtp] tls = none is only allowed for a loopback "
		  "host" },
		{ MIN FROM "[smtp]\nurl = smtp://r.example\npassword_file = p\n",
		  "t.conf: [smtp] password_file without username" },
		{ MIN FROM "[newsletter]\narticles = a\n", "t.conf: [newsletter] "
		  "list_id is required (e.g. brief.example.com)" },
		{ MIN FROM "[newsletter]\narticles = a\nlist_id = RMA Brief\n",
		  "t.conf: [newsletter] list_id: 'RMA Brief' is not a host-like "
		  "name (e.g. brief.example.com)" },
		{ MIN NL "timezone = Europe/Lodnon\n", "t.conf: [newsletter] "
		  "timezone: unknown time zone 'Europe/Lodnon'" },
		{ MIN NL "timezone = ../../etc/passwd\n", "t.conf: [newsletter] "
		  "timezone: unknown time zone '../../etc/passwd'" },
		{ MIN NL "schedule = mnday 09:00\n", "t.conf: [newsletter] "
		  "schedule: unknown day 'mnday'" },
		{ MIN NL "unsubscribe_url = https://rma.example/u\n", "t.conf: "
		  "[newsletter] unsubscribe_url must be an https:// URL with "
		  "{token} in it" },
		{ MIN NL "unsubscribe_url = http://rma.example/u/{token}\n",
		  "t.conf: [newsletter] unsubscribe_url must be an https:// URL "
		  "with {token} in it" },
		{ MIN NL "archive_url = javascript:alert(1)\n", "t.conf: "
		  "[newsletter] archive_url must be an https:// URL ({number} "
		  "is the issue number)" },
		{ MIN FROM "[smtp]\nretry_delay = 0\n", "t.conf:8: [smtp] "
		  "retry_delay: '0' is not a valid duration in range" },
	};
	struct conf *c;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char *err = NULL;

		c = NULL;
		if (conf_load_string(rows[i].text, "t.conf", "/x", &c, &err) != -1)
			fail_msg("row %zu: accepted", i);
		assert_null(c);
		if (strcmp(err, rows[i].error) != 0)
			fail_msg("row %zu: got '%s', want '%s'", i, err,
			    rows[i].error);
		free(err);
	}
}

static void
test_loopback_plain_allowed(void **state)
{
	struct conf *c;
	char *err = NULL;

	(void)state;
	assert_int_equal(conf_load_string("[store]\ndatabase = d\n[inbox]\n"
	    "source = imap://test@127.0.0.1:10143/INBOX\ntls = none\n",
	    "t.conf", "/x", &c, &err), 0);
	assert_int_equal(c->source_kind, SOURCE_IMAP);
	conf_free(c);
}

static void
test_file_permissions(void **state)
{
	char path[] = "/tmp/recruit-conf-XXXXXX";
	struct conf *c;
	char *err = NULL;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, MIN, strlen(MIN)), (ssize_t)strlen(MIN));
	close(fd);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(conf_load(path, &c, &err), 0);
	assert_non_null(strstr(c->database, "/tmp/r.db"));
	conf_free(c);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(conf_load(path, &c, &err), -1);
	assert_non_null(strstr(err, "others can write"));
	free(err);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_loopback_plain_allowed),
		cmocka_unit_test(test_file_permissions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_newsletter.c — newsletter issues (src/outbound/newsletter.c) against a real
 * temporary store, articles folder, copy of the shipped templates and
 * archive folder:
 *   building: no articles -> nothing; an issue with one delivery (unique
 *     24-hex VERP token) per active subscriber; an article goes out once;
 *     a new file makes the next issue with only itself; an article dated
 *     tomorrow waits; a broken article is skipped; a template error names
 *     file and line and builds nothing;
 *   the snapshot: templates and article edited after the build change
 *     nothing in what the rest of the subscribers get;
 *   one subscriber's message, parsed back with mime_parse: From, To,
 *     Subject (RFC 2047 when not ASCII), Message-ID issue-N.TOKEN@domain,
 *     List-Id, List-Unsubscribe (mailto + https with the subscriber's
 *     token), List-Unsubscribe-Post, Precedence, both parts with every
 *     title and the unsubscribe link; a hostile name stays escaped and
 *     never makes a header;
 *   the VERP address, the schedule tick (due, missed, first run, none)
 *     against the meta slot key, preview (files, store untouched), the
 *     archive page (no subscriber data), status, finish_issues. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf.h"
#include "log.h"
#include "mail.h"
#include "mime.h"
#include "newsletter.h"
#include "schedule.h"
#include "store.h"
#include "store_int.h"   /* store_db: the test reads the database itself */
#include "subscriber.h"
#include "util.h"

#include "../support/query.h"
#include "../support/scratch.h"

#define FROM_ADDR  "news@rma-search.example"
#define REQ_ADDR   "newsletter-request@rma-search.example"
#define LIST_ID    "brief.rma-search.example"
#define LIST_NAME  "The RMA Brief"
#define UNSUB_BASE "https://rma-search.example/u/"

/* ---- log capture ---- */

struct logcap {
	char *lines[256];
	size_t n;
};

static struct logcap logs;

static void
sink(enum log_level lvl, const char *line, void *ctx)
{
	struct logcap *l = ctx;

	(void)lvl;
	if (l->n < ARRAY_SIZE(l->lines))
		l->lines[l->n++] = xstrdup(line);
}

static void
logs_clear(void)
{
	size_t i;

	for (i = 0; i < logs.n; i++)
		free(logs.lines[i]);
	logs.n = 0;
}

static const char *
logs_find(const char *needle)
{
	size_t i;

	for (i = 0; i < logs.n; i++)
		if (strstr(logs.lines[i], needle) != NULL)
			return logs.lines[i];
	return NULL;
}

/* ---- fixture: store, articles, templates (a copy), archive, conf ---- */

struct fx {
	char dir[64];
	char *articles, *tpl, *archive;
	struct conf *c;
	struct store *st;
};

static void
write_file(const char *path, const char *text)
{
	const char *err;

	if (file_write_atomic(path, text, strlen(text), 0644, &err) < 0) {
		print_error("%s: %s\n", path, err);
		fail();
	}
}

static char *
read_text(const char *path)
{
	char *d = NULL;
	size_t n;
	const char *err;

	if (file_read(path, 16u * 1024 * 1024, &d, &n, &err) < 0)
		return NULL;
	return d;
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void
copy_template(struct fx *f, const char *name)
{
	char *src = path_join(SRCDIR "/templates", name);
	char *dst = path_join(f->tpl, name);
	char *text = read_text(src);

	assert_non_null(text);
	write_file(dst, text);
	free(text);
	free(src);
	free(dst);
}

/* replace one template of the fixture's copy */
static void
put_template(struct fx *f, const char *name, const char *text)
{
	char *p = path_join(f->tpl, name);

	write_file(p, text);
	free(p);
}

enum { OPT_URL = 1, OPT_NO_REQ = 2, OPT_BOUNCES = 4, OPT_NO_NEWSLETTER = 8 };

/* the [newsletter] timezone of the next fixture */
static const char *fx_tz = "UTC";

static int
fx_conf(struct fx *f, int opts, const char *extra)
{
	char *text, *err = NULL;

	text = xasprintf(
	    "[store]\ndatabase = r.db\n"
	    "[inbox]\nsource = maildir:Maildir\n"
	    "[addresses]\nfrom = \"RMA Search\" <" FROM_ADDR ">\n"
	    "%s%s%s%s%s%s%s%s",
	    opts & OPT_NO_REQ ? "" : "newsletter_requests = " REQ_ADDR "\n",
	    opts & OPT_BOUNCES ? "bounces = Returns@Mail.RMA-Search.example\n" :
	    "",
	    opts & OPT_NO_NEWSLETTER ? "" : "[newsletter]\narticles = articles\n"
	    "templates = templates\narchive = archive\n"
	    "list_id = " LIST_ID "\nlist_name = " LIST_NAME "\n"
	    "schedule = daily 09:00\ncatch_up = 6h\n"
	    "postal_address = RMA Search Ltd, 12 Example Row, London\n",
	    opts & OPT_URL && !(opts & OPT_NO_NEWSLETTER) ?
	    "unsubscribe_url = " UNSUB_BASE "{token}\n" : "",
	    extra != NULL && !(opts & OPT_NO_NEWSLETTER) ? extra : "",
	    opts & OPT_NO_NEWSLETTER ? "" : "timezone = ",
	    opts & OPT_NO_NEWSLETTER ? "" : fx_tz,
	    opts & OPT_NO_NEWSLETTER ? "" : "\n");
	if (conf_load_string(text, "t.conf", f->dir, &f->c, &err) < 0) {
		print_error("conf: %s\n%s", err, text);
		free(err);
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

static int
fx_new(struct fx **fp, int opts, const char *extra)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	const char *err;

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_newsletter.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->articles = path_join(f->dir, "articles");
	f->tpl = path_join(f->dir, "templates");
	f->archive = path_join(f->dir, "archive");
	mkdir(f->articles, 0755);
	mkdir(f->tpl, 0755);
	copy_template(f, "newsletter.html");
	copy_template(f, "newsletter.txt");
	if (fx_conf(f, opts, extra) < 0)
		return -1;
	if (store_open(f->c->database, f->c->files, &f->st, &err) < 0) {
		print_error("store_open: %s\n", err);
		return -1;
	}
	logs_clear();
	log_set_sink(sink, &logs);
	*fp = f;
	return 0;
}

static void
fx_free(struct fx *f)
{
	if (f == NULL)
		return;
	log_set_sink(NULL, NULL);
	logs_clear();
	store_close(f->st);
	conf_free(f->c);
	scratch_remove(f->dir);
	free(f->articles);
	free(f->tpl);
	free(f->archive);
	free(f);
}

static int
setup(void **state)
{
	return fx_new((struct fx **)state, OPT_URL, NULL);
}

static int
setup_no_url(void **state)
{
	return fx_new((struct fx **)state, 0, NULL);
}

static int
teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* ---- articles and subscribers ---- */

/* day_at: YYYY-MM-DD in UTC of now + days, shifted by offset seconds
 * (a zone without DST: its local date) */
static void
day_at(long offset, int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400 + offset;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* day: YYYY-MM-DD (UTC, the fixture's zone) of now + days */
static void
day(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void
article(struct fx *f, const char *file, const char *title, const char *date,
    const char *body)
{
	char *p = path_join(f->articles, file);
	char *text = xasprintf("---\ntitle: \"%s\"\nauthor: A. Writer\n"
	    "date: %s\ncategory: Hiring\nsummary: About %s.\n---\n%s\n", title,
	    date, file, body);

	write_file(p, text);
	free(text);
	free(p);
}

static void
three_articles(struct fx *f)
{
	article(f, "2025-01-06-judgement.md", "Hiring for judgement",
	    "2025-01-06", "Judgement *matters* more than answers.");
	article(f, "2025-01-13-ninety-days.md", "The first ninety days",
	    "2025-01-13", "Plan the [first week](https://example.com/w).");
	article(f, "2025-01-20-counteroffers.md", "Counteroffers",
	    "2025-01-20", "- accept\n- decline\n");
}

static void
sub(struct fx *f, const char *addr, const char *name, const char *status)
{
	enum subscriber_change ch;
	char *err = NULL, *sql;

	if (subscriber_add(f->st, addr, name, 1, &ch, &err) != 0) {
		print_error("subscriber_add(%s): %s\n", addr, err);
		fail();
	}
	if (strcmp(status, "active") != 0) {
		sql = sqlite3_mprintf("UPDATE subscribers SET status = %Q "
		    "WHERE email = %Q", status, addr);
		assert_int_equal(sqlite3_exec(store_db(f->st), sql, NULL,
		    NULL, NULL), SQLITE_OK);
		sqlite3_free(sql);
	}
}

/* the usual crowd: 3 active, one of each other status */
static void
subscribers(struct fx *f)
{
	sub(f, "ann@example.org", "Ann Okoye", "active");
	sub(f, "pat@example.org", "Pat Pending", "pending");
	sub(f, "bob@example.net", NULL, "active");
	sub(f, "uma@example.org", "Uma Unsub", "unsubscribed");
	sub(f, "ben@example.org", "Ben Bounced", "bounced");
	sub(f, "cal@example.org", "Cal Complained", "complained");
	sub(f, "zed@example.com", "Zelda Quux", "active");
}

/* ---- SQL helpers: printf-like, on tests/support/query.c ---- */

static long
sql_long(struct fx *f, const char *fmt, ...) PRINTF_LIKE(2, 3);

static long
sql_long(struct fx *f, const char *fmt, ...)
{
	va_list ap;
	char *sql;
	long r;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	r = query_long(f->st, sql, NULL);
	sqlite3_free(sql);
	return r;
}

static char *
sql_text(struct fx *f, const char *fmt, ...) PRINTF_LIKE(2, 3);

static char *
sql_text(struct fx *f, const char *fmt, ...)
{
	va_list ap;
	char *sql, *r;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	r = query_text(f->st, sql, NULL);
	sqlite3_free(sql);
	return r;
}

static long
issue_id(struct fx *f, long number)
{
	return sql_long(f, "SELECT id FROM issues WHERE number = %ld", number);
}

static long
count(struct fx *f, const char *table)
{
	return sql_long(f, "SELECT count(*) FROM %s", table);
}

static void
assert_store_empty(struct fx *f)
{
	assert_int_equal(count(f, "issues"), 0);
	assert_int_equal(count(f, "issue_articles"), 0);
	assert_int_equal(count(f, "deliveries"), 0);
}

static int
build(struct fx *f, time_t slot, long *number)
{
	char *err = NULL;
	int r;

	*number = -1;
	r = newsletter_build(f->c, f->st, slot, number, &err);
	if (r < 0) {
		print_message("# build: %s\n", err);
		free(err);
	}
	return r;
}

static void
build_ok(struct fx *f, long want)
{
	long n;

	assert_int_equal(build(f, 0, &n), 1);
	assert_int_equal(n, want);
}

/* one delivery of an issue, with its subscriber */
struct dl {
	char *email, *name, *sub_token, *token;
};

static void
dl_free(struct dl *d)
{
	free(d->email);
	free(d->name);
	free(d->sub_token);
	free(d->token);
}

static void
delivery_for(struct fx *f, long number, const char *email, struct dl *d)
{
	sqlite3_stmt *s = NULL;

	memset(d, 0, sizeof(*d));
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT s.email, "
	    "s.name, s.token, d.token FROM deliveries d JOIN subscribers s ON "
	    "s.id = d.subscriber JOIN issues i ON i.id = d.issue WHERE "
	    "i.number = ?1 AND s.email = ?2", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, number);
	sqlite3_bind_text(s, 2, email, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	d->email = xstrdup((const char *)sqlite3_column_text(s, 0));
	if (sqlite3_column_type(s, 1) != SQLITE_NULL)
		d->name = xstrdup((const char *)sqlite3_column_text(s, 1));
	d->sub_token = xstrdup((const char *)sqlite3_column_text(s, 2));
	d->token = xstrdup((const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
}

/* render issue `number` for one subscriber; out is initialised here */
static void
render_for(struct fx *f, long number, const char *email, const char *name,
    const char *sub_token, const char *token, struct buf *out)
{
	struct nl_issue *is;
	char *err = NULL;

	is = newsletter_issue_load(f->c, f->st, issue_id(f, number), &err);
	if (is == NULL) {
		print_error("issue_load: %s\n", err);
		fail();
	}
	assert_int_equal(newsletter_issue_number(is), number);
	buf_init(out, 0);
	if (newsletter_message(is, email, name, sub_token, token, out,
	    &err) != 0) {
		print_error("newsletter_message: %s\n", err);
		fail();
	}
	newsletter_issue_free(is);
}

static struct mail *
parse(const struct buf *raw)
{
	struct mail *m = NULL;
	const char *err = NULL;

	if (mime_parse(raw->data, raw->len, NULL, &m, &err) != MIME_OK) {
		print_error("mime_parse: %s\n", err);
		fail();
	}
	return m;
}

/* the part of content type ct, as a string (decoded UTF-8) */
static char *
part(const struct mail *m, const char *ct)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (strcmp(m->parts[i].content_type, ct) == 0)
			return xmemdup0(m->parts[i].data, m->parts[i].len);
	return NULL;
}

/* the raw header block (up to the empty line) */
static char *
raw_head(const struct buf *raw)
{
	const char *e = strstr(raw->data, "\r\n\r\n");

	assert_non_null(e);
	return xstrndup(raw->data, (size_t)(e - raw->data) + 2);
}

/* CRLF only, and no line over 998 octets */
static void
assert_wire_form(const struct buf *raw)
{
	size_t i, col = 0;

	for (i = 0; i < raw->len; i++) {
		if (raw->data[i] == '\n') {
			assert_true(i > 0 && raw->data[i - 1] == '\r');
			col = 0;
			continue;
		}
		if (raw->data[i] == '\r')
			assert_true(i + 1 < raw->len && raw->data[i + 1] == '\n');
		col++;
		assert_true(col <= 998);
	}
}

static int
is_hex(const char *s, size_t len)
{
	size_t i;

	if (strlen(s) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* ---- building ---- */

static void
test_build_no_articles(void **state)
{
	struct fx *f = *state;
	char *v = NULL, *p;
	long n;

	subscribers(f);
	assert_int_equal(build(f, 0, &n), 0);
	assert_store_empty(f);
	assert_int_equal(store_meta_get(f->st, NEWSLETTER_SLOT_KEY, &v), 0);
	p = path_join(f->archive, "issue-1.html");
	assert_false(exists(p));
	free(p);
	/* with a slot: still nothing built, but the slot is recorded */
	assert_int_equal(build(f, 1767258000, &n), 0);
	assert_store_empty(f);
	assert_int_equal(store_meta_get(f->st, NEWSLETTER_SLOT_KEY, &v), 1);
	assert_string_equal(v, "1767258000");
	free(v);
	/* non-articles in the folder do not count */
	p = path_join(f->articles, "notes.txt");
	write_file(p, "---\ntitle: x\ndate: 2025-01-01\n---\n");
	free(p);
	p = path_join(f->articles, ".hidden.md");
	write_file(p, "---\ntitle: x\ndate: 2025-01-01\n---\n");
	free(p);
	assert_int_equal(build(f, 0, &n), 0);
	assert_store_empty(f);
}

static void
test_build_issue(void **state)
{
	struct fx *f = *state;
	sqlite3_stmt *s = NULL;
	char *v, *p;
	long n, i1;
	int rows = 0;

	three_articles(f);
	subscribers(f);
	build_ok(f, 1);
	i1 = issue_id(f, 1);
	/* the issue row */
	v = sql_text(f, "SELECT subject FROM issues WHERE number = 1");
	assert_string_equal(v, LIST_NAME " #1: Counteroffers");
	free(v);
	v = sql_text(f, "SELECT state FROM issues WHERE number = 1");
	assert_string_equal(v, "sending");
	free(v);
	assert_int_equal(sql_long(f, "SELECT slot FROM issues WHERE number = "
	    "1"), -1);
	assert_true(sql_long(f, "SELECT created_at FROM issues") >
	    (long)time(NULL) - 60);
	/* its articles, newest first */
	assert_int_equal(count(f, "issue_articles"), 3);
	v = sql_text(f, "SELECT group_concat(slug, ' ') FROM (SELECT slug FROM "
	    "issue_articles WHERE issue = %ld ORDER BY position)", i1);
	assert_string_equal(v, "2025-01-20-counteroffers 2025-01-13-ninety-days "
	    "2025-01-06-judgement");
	free(v);
	/* one delivery per active subscriber, pending, each its own token */
	assert_int_equal(count(f, "deliveries"), 3);
	v = sql_text(f, "SELECT group_concat(email, ' ') FROM (SELECT s.email "
	    "FROM deliveries d JOIN subscribers s ON s.id = d.subscriber "
	    "ORDER BY s.email)");
	assert_string_equal(v, "ann@example.org bob@example.net "
	    "zed@example.com");
	free(v);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM deliveries WHERE "
	    "state = 'pending' AND issue = %ld", i1), 3);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT token "
	    "FROM deliveries", -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		assert_true(is_hex(t, 24));
		rows++;
	}
	sqlite3_finalize(s);
	assert_int_equal(rows, 3);
	assert_int_equal(sql_long(f, "SELECT count(DISTINCT token) FROM "
	    "deliveries"), 3);
	/* no delivery token is a subscriber token */
	assert_int_equal(sql_long(f, "SELECT count(*) FROM deliveries d JOIN "
	    "subscribers s ON s.token = d.token"), 0);
	/* the archive page: newsletter.html's web version, no subscriber */
	p = path_join(f->archive, "issue-1.html");
	assert_true(exists(p));
	{
		char *page;
		size_t len;
		const char *err;

		assert_int_equal(file_read(p, 1 << 20, &page, &len, &err), 0);
		assert_non_null(strstr(page, "This is the web version of issue 1"));
		assert_null(strstr(page, "nsubscribe"));
		assert_null(strstr(page, "@example.org"));
		assert_null(strstr(page, "{{"));
		free(page);
	}
	free(p);
	assert_non_null(logs_find("issue 1 built"));

	/* the same files again: nothing new, an article goes out once */
	assert_int_equal(build(f, 0, &n), 0);
	assert_int_equal(count(f, "issues"), 1);
	assert_int_equal(count(f, "deliveries"), 3);

	/* a new subscriber and a new file: issue 2 with only that article */
	sub(f, "new@example.org", "New Person", "active");
	article(f, "2025-02-03-references.md", "References that tell",
	    "2025-02-03", "Call them.");
	build_ok(f, 2);
	v = sql_text(f, "SELECT group_concat(slug) FROM issue_articles WHERE "
	    "issue = %ld", issue_id(f, 2));
	assert_string_equal(v, "2025-02-03-references");
	free(v);
	v = sql_text(f, "SELECT subject FROM issues WHERE number = 2");
	assert_string_equal(v, LIST_NAME " #2: References that tell");
	free(v);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM deliveries WHERE "
	    "issue = %ld", issue_id(f, 2)), 4);
	assert_int_equal(sql_long(f, "SELECT count(DISTINCT token) FROM "
	    "deliveries"), 7);
	/* issue 1 is as it was */
	assert_int_equal(sql_long(f, "SELECT count(*) FROM deliveries WHERE "
	    "issue = %ld", i1), 3);
	p = path_join(f->archive, "issue-2.html");
	assert_true(exists(p));
	free(p);
	/* and the message of issue 2 has the new article only */
	{
		struct dl d;
		struct buf out;
		struct mail *m;
		char *text;

		delivery_for(f, 2, "new@example.org", &d);
		render_for(f, 2, d.email, d.name, d.sub_token, d.token, &out);
		m = parse(&out);
		text = part(m, "text/plain");
		assert_non_null(strstr(text, "References that tell"));
		assert_null(strstr(text, "Counteroffers"));
		assert_null(strstr(text, "Hiring for judgement"));
		free(text);
		mail_free(m);
		buf_free(&out);
		dl_free(&d);
	}
}

static void
test_build_no_active_subscribers(void **state)
{
	struct fx *f = *state;

	three_articles(f);
	sub(f, "pat@example.org", NULL, "pending");
	/* an issue is an issue even for nobody: the articles are used */
	build_ok(f, 1);
	assert_int_equal(count(f, "deliveries"), 0);
	assert_int_equal(count(f, "issue_articles"), 3);
}

static void
test_build_waits_for_date(void **state)
{
	struct fx *f = *state;
	char today[11], tomorrow[11], *v;
	long n;

	subscribers(f);
	day(0, today);
	day(1, tomorrow);
	article(f, "today.md", "Out today", today, "Now.");
	article(f, "tomorrow.md", "Out tomorrow", tomorrow, "Later.");
	build_ok(f, 1);
	v = sql_text(f, "SELECT group_concat(slug) FROM issue_articles");
	assert_string_equal(v, "today");
	free(v);
	/* still waiting */
	assert_int_equal(build(f, 0, &n), 0);
	assert_int_equal(count(f, "issues"), 1);
	assert_int_equal(sql_long(f, "SELECT count(*) FROM issue_articles "
	    "WHERE slug = 'tomorrow'"), 0);
}

/* "today" is the configured zone's: UTC+14 is a day ahead of UTC-11
 * for most of the day; each zone sends what is dated up to its own
 * today and keeps its tomorrow */
static void
test_build_date_in_zone(void **state)
{
	static const struct {
		const char *tz;
		long offset;     /* fixed, no DST */
	} t[] = {
		{ "Pacific/Kiritimati", 14 * 3600 },
		{ "Pacific/Pago_Pago", -11 * 3600 },
		{ "Etc/GMT-12", 12 * 3600 },    /* POSIX sign: UTC+12 */
		{ "UTC", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct fx *f;
		char today[11], tomorrow[11], *v;

		print_message("# zone %s\n", t[i].tz);
		fx_tz = t[i].tz;
		assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
		fx_tz = "UTC";
		day_at(t[i].offset, 0, today);
		day_at(t[i].offset, 1, tomorrow);
		article(f, "today.md", "Today there", today, "x");
		article(f, "tomorrow.md", "Tomorrow there", tomorrow, "y");
		build_ok(f, 1);
		v = sql_text(f, "SELECT group_concat(slug) FROM issue_articles");
		assert_string_equal(v, "today");
		free(v);
		fx_free(f);
	}
}

/* archive_url: the "view in browser" link with the issue number */
static void
test_message_archive_url(void **state)
{
	struct fx *f;
	struct dl d;
	struct buf out;
	struct mail *m;
	char *text, *html;

	(void)state;
	assert_int_equal(fx_new(&f, OPT_URL, "archive_url = "
	    "https://rma-search.example/brief/{number}.html\n"), 0);
	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	delivery_for(f, 1, "ann@example.org", &d);
	render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
	m = parse(&out);
	text = part(m, "text/plain");
	html = part(m, "text/html");
	assert_non_null(strstr(text, "https://rma-search.example/brief/1.html"));
	assert_non_null(strstr(html,
	    "href=\"https://rma-search.example/brief/1.html\""));
	free(text);
	free(html);
	mail_free(m);
	buf_free(&out);
	dl_free(&d);
	fx_free(f);
}

static void
test_build_broken_article(void **state)
{
	struct fx *f = *state;
	char *p, *v;

	subscribers(f);
	three_articles(f);
	p = path_join(f->articles, "broken.md");
	write_file(p, "---\ntitle: Broken\ndate: someday\n---\nbody\n");
	free(p);
	p = path_join(f->articles, "nofront.md");
	write_file(p, "just text, no front matter\n");
	free(p);
	build_ok(f, 1);
	assert_int_equal(count(f, "issue_articles"), 3);
	v = sql_text(f, "SELECT count(*) FROM issue_articles WHERE slug IN "
	    "('broken', 'nofront')");
	assert_string_equal(v, "0");
	free(v);
	assert_int_equal(count(f, "deliveries"), 3);
	/* the skipped files are logged with file and line */
	assert_non_null(logs_find("broken.md:3:"));
	assert_non_null(logs_find("nofront.md:1:"));
}

/* two files whose names make one slug: the issue goes out with one of
 * them (the other is skipped with a warning) instead of every build
 * failing on the issue_articles UNIQUE key */
static void
test_build_slug_collision(void **state)
{
	struct fx *f = *state;
	char *v;
	long n;

	subscribers(f);
	article(f, "a-b.md", "Dash", "2025-01-01", "x");
	article(f, "a_b.md", "Underscore", "2025-01-01", "y");
	article(f, "other.md", "Other", "2025-01-01", "z");
	build_ok(f, 1);
	v = sql_text(f, "SELECT group_concat(slug, ' ') FROM (SELECT slug "
	    "FROM issue_articles ORDER BY position)");
	assert_string_equal(v, "other a-b");
	free(v);
	assert_non_null(logs_find("same slug 'a-b'"));
	assert_int_equal(count(f, "deliveries"), 3);
	assert_int_equal(build(f, 0, &n), 0);
}

/* a template error names the file and line, and nothing is built (not
 * even the slot is recorded); after the fix, issue 1 is built */
static void
test_build_template_error(void **state)
{
	static const struct {
		const char *file, *text, *err;
	} t[] = {
		{ "newsletter.html", "<p>\n{{#articles}}\n{{title}}\n"
		  "{{/article}}\n", "newsletter.html:4: unexpected {{/article}}" },
		{ "newsletter.html", "<p>\n{{>partial}}\n",
		  "newsletter.html:2: partials" },
		{ "newsletter.html", "<p>\n\n{{#articles}}\n<p>{{title}}\n",
		  "newsletter.html:" },
		{ "newsletter.txt", "Subject: {{issue_title}}\n\nline 3\n"
		  "line 4 {{/x}}\n", "newsletter.txt:4: unexpected {{/x}}" },
		{ "newsletter.txt", "Subject: {{issue_title}}\nX-A: b\n\n"
		  "line 4\n\n{{#articles}}\n", "newsletter.txt:" },
		{ "newsletter.txt", "Subject: {{{issue_title}}}\n\nbody\n",
		  "newsletter.txt:1: raw value in a header template" },
		{ "newsletter.txt", "no header block here\n",
		  "newsletter.txt:1: expected header lines" },
		{ "newsletter.html", NULL, "newsletter.html" },   /* missing */
		{ "newsletter.txt", "Subject: x\n\n\xff\xfe\n",
		  "newsletter.txt: not UTF-8" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct fx *f;
		char *err = NULL, *p, *v = NULL;
		long n = 0;

		print_message("# template error case %zu: %s\n", i, t[i].err);
		assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
		subscribers(f);
		three_articles(f);
		if (t[i].text != NULL)
			put_template(f, t[i].file, t[i].text);
		else {
			p = path_join(f->tpl, t[i].file);
			assert_int_equal(unlink(p), 0);
			free(p);
		}
		assert_int_equal(newsletter_build(f->c, f->st, 1767258000, &n,
		    &err), -1);
		assert_non_null(err);
		print_message("#   -> %s\n", err);
		if (strstr(err, t[i].err) == NULL) {
			print_error("case %zu: error \"%s\" does not name "
			    "\"%s\"\n", i, err, t[i].err);
			fail();
		}
		free(err);
		assert_store_empty(f);
		assert_int_equal(store_meta_get(f->st, NEWSLETTER_SLOT_KEY, &v),
		    0);
		p = path_join(f->archive, "issue-1.html");
		assert_false(exists(p));
		free(p);
		/* fixed: the articles were not used up */
		copy_template(f, t[i].file);
		build_ok(f, 1);
		assert_int_equal(count(f, "issue_articles"), 3);
		fx_free(f);
	}
}

/* an archive page that cannot be written loses the page, never the
 * issue */
static void
test_build_archive_write_error(void **state)
{
	struct fx *f = *state;
	const char *err;
	char *p;

	subscribers(f);
	three_articles(f);
	/* a file where the archive folder should be */
	assert_int_equal(file_write_atomic(f->archive, "x", 1, 0600, &err), 0);
	build_ok(f, 1);
	assert_int_equal(count(f, "deliveries"), 3);
	assert_non_null(logs_find("issue 1: archive page: "));
	p = path_join(f->archive, "issue-1.html");
	assert_false(exists(p));
	free(p);
}

/* ---- the frozen snapshot ---- */

static void
test_snapshot_frozen(void **state)
{
	struct fx *f = *state;
	struct dl d;
	struct buf out;
	struct mail *m;
	char *text, *html, *p;

	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	/* after the build: new templates, an edited article, even files
	 * that are gone */
	put_template(f, "newsletter.html", "<p>CHANGED HTML {{issue_title}}"
	    "</p>\n");
	put_template(f, "newsletter.txt", "Subject: CHANGED SUBJECT\n\n"
	    "CHANGED TEXT\n");
	article(f, "2025-01-20-counteroffers.md", "EDITED TITLE", "2025-01-20",
	    "EDITED BODY");
	delivery_for(f, 1, "ann@example.org", &d);
	render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
	m = parse(&out);
	assert_string_equal(m->subject, LIST_NAME " #1: Counteroffers");
	text = part(m, "text/plain");
	html = part(m, "text/html");
	assert_non_null(text);
	assert_non_null(html);
	assert_null(strstr(out.data, "CHANGED"));
	assert_null(strstr(text, "EDITED"));
	assert_null(strstr(html, "EDITED"));
	assert_non_null(strstr(text, "Counteroffers"));
	assert_non_null(strstr(html, "Counteroffers"));
	/* the shipped templates' own words */
	assert_non_null(strstr(text, "Here is this issue's reading"));
	assert_non_null(strstr(html, "Here is this issue's reading"));
	free(text);
	free(html);
	mail_free(m);
	buf_free(&out);

	/* templates deleted altogether: still the stored version */
	p = path_join(f->tpl, "newsletter.html");
	unlink(p);
	free(p);
	p = path_join(f->tpl, "newsletter.txt");
	unlink(p);
	free(p);
	render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
	assert_non_null(strstr(out.data, "Counteroffers"));
	buf_free(&out);
	dl_free(&d);

	/* and a rebuild does not send the edited article again */
	copy_template(f, "newsletter.html");
	copy_template(f, "newsletter.txt");
	{
		long n;

		assert_int_equal(build(f, 0, &n), 0);
	}
}

/* ---- one subscriber's message ---- */

static void
test_message_headers(void **state)
{
	static const char *const titles[] = { "Hiring for judgement",
		"The first ninety days", "Counteroffers" };
	struct fx *f = *state;
	struct dl d;
	struct buf out;
	struct mail *m;
	char *text, *html, *head, *want, *v;
	const char *h;
	size_t i;

	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	delivery_for(f, 1, "ann@example.org", &d);
	assert_true(is_hex(d.sub_token, 32));
	assert_true(is_hex(d.token, 24));
	render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
	assert_wire_form(&out);
	m = parse(&out);
	head = raw_head(&out);

	/* From, To, Subject */
	assert_string_equal(m->from_addr, FROM_ADDR);
	assert_string_equal(m->from_name, "RMA Search");
	assert_int_equal(m->n_rcpt, 1);
	assert_string_equal(m->rcpt[0], "ann@example.org");
	h = mail_header_get(m, "To");
	assert_non_null(h);
	assert_non_null(strstr(h, "Ann Okoye"));
	assert_non_null(strstr(h, "<ann@example.org>"));
	assert_string_equal(m->subject, LIST_NAME " #1: Counteroffers");
	assert_non_null(strstr(head, "\r\nSubject: " LIST_NAME
	    " #1: Counteroffers\r\n"));
	assert_null(strstr(head, "=?"));
	assert_non_null(mail_header_get(m, "Date"));
	assert_true(m->date > time(NULL) - 3600);
	assert_string_equal(mail_header_get(m, "MIME-Version"), "1.0");
	/* Message-ID: issue-N.TOKEN@the From domain */
	want = xasprintf("issue-1.%s@rma-search.example", d.token);
	assert_string_equal(m->message_id, want);
	free(want);
	/* List-Id, List-Unsubscribe (mailto + https), -Post, Precedence */
	h = mail_header_get(m, "List-Id");
	assert_non_null(h);
	assert_non_null(strstr(h, "<" LIST_ID ">"));
	h = mail_header_get(m, "List-Unsubscribe");
	assert_non_null(h);
	want = xasprintf("<mailto:newsletter-request+unsubscribe-%s"
	    "@rma-search.example?subject=unsubscribe>", d.sub_token);
	assert_non_null(strstr(h, want));
	free(want);
	want = xasprintf("<" UNSUB_BASE "%s>", d.sub_token);
	assert_non_null(strstr(h, want));
	free(want);
	assert_string_equal(mail_header_get(m, "List-Unsubscribe-Post"),
	    "List-Unsubscribe=One-Click");
	assert_string_equal(mail_header_get(m, "Precedence"), "bulk");
	/* the delivery token is the Message-ID's only, never a header of
	 * the subscriber's own (the VERP envelope is the transport's) */
	assert_null(mail_header_get(m, "Return-Path"));

	/* multipart/alternative: text then HTML, both UTF-8 */
	assert_string_equal(m->content_type, "multipart/alternative");
	assert_int_equal(m->n_parts, 2);
	assert_string_equal(m->parts[0].content_type, "text/plain");
	assert_string_equal(m->parts[1].content_type, "text/html");
	assert_string_equal(m->parts[0].charset, "utf-8");
	assert_string_equal(m->parts[1].charset, "utf-8");
	text = part(m, "text/plain");
	html = part(m, "text/html");
	for (i = 0; i < ARRAY_SIZE(titles); i++) {
		assert_non_null(strstr(text, titles[i]));
		assert_non_null(strstr(html, titles[i]));
	}
	want = xasprintf(UNSUB_BASE "%s", d.sub_token);
	assert_non_null(strstr(text, want));
	v = xasprintf("href=\"%s\"", want);
	assert_non_null(strstr(html, v));
	free(v);
	free(want);
	/* per-subscriber values */
	assert_non_null(strstr(text, "Dear Ann Okoye,"));
	assert_non_null(strstr(html, "Dear Ann Okoye,"));
	assert_non_null(strstr(text, "ann@example.org subscribed"));
	/* the article bodies, rendered */
	assert_non_null(strstr(html, "<em>matters</em>"));
	assert_non_null(strstr(html, "<a href=\"https://example.com/w\">"));
	/* no tag left unexpanded */
	assert_null(strstr(text, "{{"));
	assert_null(strstr(html, "{{"));
	free(text);
	free(html);
	free(head);
	mail_free(m);
	buf_free(&out);

	/* a subscriber without a name: "Hello," and a bare To */
	dl_free(&d);
	delivery_for(f, 1, "bob@example.net", &d);
	assert_null(d.name);
	render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
	m = parse(&out);
	text = part(m, "text/plain");
	assert_non_null(strstr(text, "Hello,"));
	assert_null(strstr(text, "Dear"));
	h = mail_header_get(m, "To");
	assert_non_null(strstr(h, "bob@example.net"));
	assert_null(strchr(h, '"'));
	free(text);
	mail_free(m);
	buf_free(&out);
	dl_free(&d);
}

/* without unsubscribe_url: the mailto only, no one-click header */
static void
test_message_mailto_only(void **state)
{
	struct fx *f = *state;
	struct dl d;
	struct buf out;
	struct mail *m;
	char *text, *html, *want;
	const char *h;

	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	delivery_for(f, 1, "zed@example.com", &d);
	render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
	m = parse(&out);
	h = mail_header_get(m, "List-Unsubscribe");
	want = xasprintf("<mailto:newsletter-request+unsubscribe-%s"
	    "@rma-search.example?subject=unsubscribe>", d.sub_token);
	assert_string_equal(h, want);
	free(want);
	assert_null(mail_header_get(m, "List-Unsubscribe-Post"));
	assert_null(strstr(out.data, "https://rma-search.example/u/"));
	text = part(m, "text/plain");
	html = part(m, "text/html");
	want = xasprintf("mailto:newsletter-request+unsubscribe-%s"
	    "@rma-search.example?subject=unsubscribe", d.sub_token);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(html, want));
	free(want);
	free(text);
	free(html);
	mail_free(m);
	buf_free(&out);
	dl_free(&d);
}

/* without newsletter_requests: the unsubscribe mailto is the From's */
static void
test_message_mailto_from(void **state)
{
	struct fx *f;
	struct dl d;
	struct buf out;
	struct mail *m;
	char *want;

	(void)state;
	assert_int_equal(fx_new(&f, OPT_NO_REQ, NULL), 0);
	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	delivery_for(f, 1, "ann@example.org", &d);
	render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
	m = parse(&out);
	want = xasprintf("<mailto:news+unsubscribe-%s@rma-search.example"
	    "?subject=unsubscribe>", d.sub_token);
	assert_string_equal(mail_header_get(m, "List-Unsubscribe"), want);
	free(want);
	mail_free(m);
	buf_free(&out);
	dl_free(&d);
	fx_free(f);
}

/* the Subject: RFC 2047 exactly when the title is not ASCII */
static void
test_message_subject_encoding(void **state)
{
	static const struct {
		const char *title;
		int encoded;
	} t[] = {
		{ "Plain ASCII title", 0 },
		{ "Caf\xc3\xa9 culture in Z\xc3\xbcrich", 1 },
		{ "\xe6\x8b\x9b\xe8\x81\x98 and hiring", 1 },
		{ "Salaries in \xe2\x82\xac, \xc2\xa3 and $", 1 },
		{ "Looks like =?utf-8?q?encoded?= but is not", 1 },
		{ "A very long ASCII title that goes on and on well past the "
		  "seventy-eight columns of a header line, so it is folded", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct fx *f;
		struct dl d;
		struct buf out;
		struct mail *m;
		char *head, *want, *text, *html;

		print_message("# subject case %zu\n", i);
		assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
		sub(f, "ann@example.org", "Ann", "active");
		article(f, "a.md", t[i].title, "2025-03-03", "Body.");
		build_ok(f, 1);
		delivery_for(f, 1, "ann@example.org", &d);
		render_for(f, 1, d.email, d.name, d.sub_token, d.token, &out);
		assert_wire_form(&out);
		head = raw_head(&out);
		m = parse(&out);
		want = xasprintf(LIST_NAME " #1: %s", t[i].title);
		assert_string_equal(m->subject, want);
		if (t[i].encoded)
			assert_non_null(strstr(head, "Subject: =?"));
		else
			assert_null(strstr(head, "=?"));
		/* the Subject's lines within 78 columns besides (items such
		 * as the List-Unsubscribe URIs cannot be folded) */
		{
			const char *p = strstr(head, "\r\nSubject: "), *nl;

			assert_non_null(p);
			for (p += 2; (nl = strstr(p, "\r\n")) != NULL &&
			    (strncmp(p, "Subject: ", 9) == 0 || *p == ' ');
			    p = nl + 2)
				if (nl - p > 78) {
					print_error("header line of %d: %.*s\n",
					    (int)(nl - p), (int)(nl - p), p);
					fail();
				}
		}
		/* the body parts carry the title as it is */
		text = part(m, "text/plain");
		html = part(m, "text/html");
		assert_non_null(strstr(text, t[i].title));
		assert_non_null(strstr(html, t[i].title));
		free(text);
		free(html);
		free(want);
		free(head);
		mail_free(m);
		buf_free(&out);
		dl_free(&d);
		fx_free(f);
	}
}

/* a hostile name: escaped in HTML, never expanded, never a header */
static void
test_message_hostile_name(void **state)
{
	static const char *const names[] = {
		"Eve <script>alert(1)</script>\r\nBcc: victim@example.net "
		"{{email}}",
		"\r\n\r\nInjected body",
		"Eve\nSubject: spoofed",
		"=?utf-8?q?Bcc=3A_x=40y=2Ez?=",
		"\"Eve\" <evil@example.net>, other@example.net",
	};
	struct fx *f = *state;
	struct dl d;
	size_t i;

	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	delivery_for(f, 1, "ann@example.org", &d);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		struct buf out;
		struct mail *m;
		char *head, *text, *html;
		const char *p, *nl;

		print_message("# hostile name %zu\n", i);
		render_for(f, 1, d.email, names[i], d.sub_token, d.token, &out);
		assert_wire_form(&out);
		m = parse(&out);
		head = raw_head(&out);
		/* no header of its own making */
		assert_null(mail_header_get(m, "Bcc"));
		assert_null(strstr(head, "\r\nBcc:"));
		assert_null(strstr(head, "\r\nInjected"));
		assert_string_equal(m->subject, LIST_NAME " #1: Counteroffers");
		assert_int_equal(m->n_rcpt, 1);
		assert_string_equal(m->rcpt[0], "ann@example.org");
		/* every header line is a header or its continuation */
		for (p = head; (nl = strstr(p, "\r\n")) != NULL; p = nl + 2) {
			if (*p == ' ' || *p == '\t')
				continue;
			assert_true(memchr(p, ':', (size_t)(nl - p)) != NULL);
			assert_false(strncmp(p, "Bcc", 3) == 0);
		}
		assert_int_equal(m->n_parts, 2);
		text = part(m, "text/plain");
		html = part(m, "text/html");
		if (i == 0) {
			assert_null(strstr(html, "<script>"));
			assert_non_null(strstr(html,
			    "Eve &lt;script&gt;alert(1)&lt;/script&gt;"));
			/* the value is not expanded as a tag */
			assert_non_null(strstr(html, "{{email}}"));
			assert_non_null(strstr(text, "{{email}}"));
		}
		if (i == 4) {
			assert_non_null(strstr(html, "&quot;Eve&quot; "
			    "&lt;evil@example.net&gt;"));
			assert_null(strstr(html, "<evil@"));
		}
		free(text);
		free(html);
		free(head);
		mail_free(m);
		buf_free(&out);
	}
	dl_free(&d);
}

/* the message refuses addresses that could smuggle headers */
static void
test_message_bad_recipient(void **state)
{
	static const char *const bad[] = { "a@b.c\r\nBcc: x@y.z",
		"Ann <a@b.c>", "a@b.c, c@d.e", "nobody" };
	struct fx *f = *state;
	struct nl_issue *is;
	struct buf out;
	char *err = NULL;
	size_t i;

	three_articles(f);
	build_ok(f, 1);
	is = newsletter_issue_load(f->c, f->st, issue_id(f, 1), &err);
	assert_non_null(is);
	buf_init(&out, 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(newsletter_message(is, bad[i], NULL,
		    "0123456789abcdef0123456789abcdef", "0123456789ab0123456789ab",
		    &out, &err), -1);
		assert_non_null(err);
		free(err);
		err = NULL;
	}
	buf_free(&out);
	newsletter_issue_free(is);
	/* an issue that is not there */
	assert_null(newsletter_issue_load(f->c, f->st, 999, &err));
	assert_non_null(err);
	print_message("# issue_load(999): %s\n", err);
	assert_non_null(strstr(err, "999"));
	free(err);
}

/* ---- VERP ---- */

static void
test_verp(void **state)
{
	struct fx *f = *state, *g;
	char *v;

	/* default: bounces@ the From domain */
	v = newsletter_verp(f->c, "0123456789abcdef01234567");
	assert_string_equal(v, "bounces+0123456789abcdef01234567"
	    "@rma-search.example");
	free(v);
	assert_int_equal(fx_new(&g, OPT_BOUNCES, NULL), 0);
	v = newsletter_verp(g->c, "aaaaaaaaaaaabbbbbbbbbbbb");
	assert_string_equal(v, "returns+aaaaaaaaaaaabbbbbbbbbbbb"
	    "@mail.rma-search.example");
	free(v);
	fx_free(g);
	log_set_sink(sink, &logs);

	/* the VERP address of a real delivery names exactly that delivery */
	three_articles(f);
	subscribers(f);
	build_ok(f, 1);
	{
		char *tok = sql_text(f, "SELECT token FROM deliveries LIMIT 1");
		char *want = xasprintf("bounces+%s@rma-search.example", tok);

		v = newsletter_verp(f->c, tok);
		assert_string_equal(v, want);
		free(v);
		free(want);
		free(tok);
	}
}

/* ---- the schedule tick ---- */

static time_t
last_slot(struct fx *f)
{
	char *v = NULL;
	time_t t = 0;

	if (store_meta_get(f->st, NEWSLETTER_SLOT_KEY, &v) == 1)
		t = (time_t)strtoll(v, NULL, 10);
	free(v);
	return t;
}

/* the latest "daily 09:00" UTC slot at or before now */
static time_t
slot_now(void)
{
	struct schedule *s;
	char *err = NULL;
	time_t t;

	assert_int_equal(schedule_parse("daily 09:00", "UTC", &s, &err), 0);
	t = schedule_prev(s, time(NULL));
	schedule_free(s);
	return t;
}

static int
tick(struct fx *f, time_t now, time_t *next)
{
	char *err = NULL;
	int r = newsletter_tick(f->c, f->st, now, next, &err);

	if (r < 0) {
		print_error("tick: %s\n", err);
		free(err);
	}
	return r;
}

static void
test_tick(void **state)
{
	struct fx *f;
	time_t slot = slot_now(), next;
	char *v;

	(void)state;
	/* first run (nothing recorded), slot a minute old: due */
	assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
	subscribers(f);
	three_articles(f);
	assert_int_equal(last_slot(f), 0);
	assert_int_equal(tick(f, slot + 60, &next), 1);
	assert_int_equal(next, slot + 86400);
	assert_int_equal(count(f, "issues"), 1);
	assert_int_equal(count(f, "deliveries"), 3);
	assert_int_equal(last_slot(f), slot);
	assert_int_equal(sql_long(f, "SELECT slot FROM issues"), (long)slot);
	/* the same slot again: none, even with a new article */
	article(f, "new.md", "New", "2025-02-01", "x");
	assert_int_equal(tick(f, slot + 120, &next), 0);
	assert_int_equal(tick(f, slot + 5 * 3600, &next), 0);
	assert_int_equal(count(f, "issues"), 1);
	assert_int_equal(last_slot(f), slot);
	/* the next day's slot: due, issue 2 */
	assert_int_equal(tick(f, slot + 86400 + 1, &next), 1);
	assert_int_equal(count(f, "issues"), 2);
	assert_int_equal(last_slot(f), slot + 86400);
	/* the day after, no new article: nothing built, slot recorded */
	assert_int_equal(tick(f, slot + 2 * 86400 + 10, &next), 0);
	assert_int_equal(count(f, "issues"), 2);
	assert_int_equal(last_slot(f), slot + 2 * 86400);
	assert_non_null(logs_find("no new articles"));
	fx_free(f);

	/* missed by more than catch_up: nothing built, slot recorded, a
	 * later tick in the same slot does nothing */
	assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
	subscribers(f);
	three_articles(f);
	assert_int_equal(tick(f, slot + 7 * 3600, &next), 0);
	assert_store_empty(f);
	assert_int_equal(last_slot(f), slot);
	assert_non_null(logs_find("missed"));
	assert_int_equal(tick(f, slot + 8 * 3600, &next), 0);
	assert_store_empty(f);
	/* the next slot comes as usual, with the articles still unsent */
	assert_int_equal(tick(f, slot + 86400 + 30, &next), 1);
	assert_int_equal(count(f, "issue_articles"), 3);
	fx_free(f);

	/* exactly at catch_up is still due; a second later is missed */
	assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
	three_articles(f);
	assert_int_equal(tick(f, slot + 6 * 3600 + 1, &next), 0);
	assert_store_empty(f);
	query_exec(f->st, "DELETE FROM meta WHERE key = '" NEWSLETTER_SLOT_KEY
	    "'");
	assert_int_equal(tick(f, slot + 6 * 3600, &next), 1);
	fx_free(f);

	/* a slot recorded long ago, today's is due: caught up once */
	assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
	three_articles(f);
	v = xasprintf("%lld", (long long)(slot - 3 * 86400));
	{
		const char *e;

		assert_int_equal(store_meta_set(f->st, NEWSLETTER_SLOT_KEY, v,
		    &e), 0);
	}
	free(v);
	assert_int_equal(tick(f, slot + 3600, &next), 1);
	assert_int_equal(count(f, "issues"), 1);
	assert_int_equal(last_slot(f), slot);
	assert_int_equal(tick(f, slot + 3700, &next), 0);
	assert_int_equal(count(f, "issues"), 1);
	fx_free(f);

	/* a build that fails leaves the slot open for the next tick */
	assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
	three_articles(f);
	put_template(f, "newsletter.html", "{{#x}}\n");
	{
		char *err = NULL;

		assert_int_equal(newsletter_tick(f->c, f->st, slot + 60, &next,
		    &err), -1);
		assert_non_null(strstr(err, "newsletter.html:"));
		free(err);
	}
	assert_int_equal(last_slot(f), 0);
	copy_template(f, "newsletter.html");
	assert_int_equal(tick(f, slot + 120, &next), 1);
	fx_free(f);

	/* no [newsletter]: nothing, and no next slot */
	assert_int_equal(fx_new(&f, OPT_NO_NEWSLETTER, NULL), 0);
	three_articles(f);
	next = 42;
	assert_int_equal(tick(f, slot + 60, &next), 0);
	assert_int_equal(next, 0);
	assert_store_empty(f);
	assert_int_equal(last_slot(f), 0);
	{
		char *err = NULL;
		long n;

		assert_int_equal(newsletter_build(f->c, f->st, 0, &n, &err),
		    -1);
		assert_non_null(err);
		free(err);
	}
	fx_free(f);
}

/* ---- preview ---- */

static void
test_preview(void **state)
{
	struct fx *f = *state;
	char *dir = path_join(f->dir, "preview"), *p, *eml, *html, *err = NULL;
	char *v = NULL;
	struct buf raw;
	struct mail *m;
	long n = 0;

	subscribers(f);
	/* nothing to preview */
	assert_int_equal(newsletter_preview(f->c, f->st, dir, &n, &err), 0);
	p = path_join(dir, "issue-1.eml");
	assert_false(exists(p));
	free(p);

	three_articles(f);
	assert_int_equal(newsletter_preview(f->c, f->st, dir, &n, &err), 1);
	assert_int_equal(n, 1);
	/* the store is as it was */
	assert_store_empty(f);
	assert_int_equal(store_meta_get(f->st, NEWSLETTER_SLOT_KEY, &v), 0);
	p = path_join(f->archive, "issue-1.html");
	assert_false(exists(p));
	free(p);
	/* the two files */
	p = path_join(dir, "issue-1.eml");
	eml = read_text(p);
	free(p);
	p = path_join(dir, "issue-1.html");
	html = read_text(p);
	free(p);
	assert_non_null(eml);
	assert_non_null(html);
	raw.data = eml;
	raw.len = strlen(eml);
	m = parse(&raw);
	/* addressed to the From address */
	assert_int_equal(m->n_rcpt, 1);
	assert_string_equal(m->rcpt[0], FROM_ADDR);
	assert_string_equal(m->subject, LIST_NAME " #1: Counteroffers");
	assert_non_null(strstr(m->text, "Hiring for judgement"));
	assert_non_null(strstr(m->text, "The first ninety days"));
	mail_free(m);
	assert_non_null(strstr(html, "Hiring for judgement"));
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	/* the archive page of a preview has no subscriber in it either */
	assert_null(strstr(html, "ann@example.org"));
	free(eml);
	free(html);

	/* previewing again is the same, the build then makes issue 1 */
	assert_int_equal(newsletter_preview(f->c, f->st, dir, &n, &err), 1);
	assert_int_equal(n, 1);
	build_ok(f, 1);
	/* and the next preview is issue 2, with new articles only */
	assert_int_equal(newsletter_preview(f->c, f->st, dir, &n, &err), 0);
	article(f, "next.md", "Next time", "2025-04-01", "Soon.");
	assert_int_equal(newsletter_preview(f->c, f->st, dir, &n, &err), 1);
	assert_int_equal(n, 2);
	assert_int_equal(count(f, "issues"), 1);
	p = path_join(dir, "issue-2.html");
	html = read_text(p);
	free(p);
	assert_non_null(strstr(html, "Next time"));
	assert_null(strstr(html, "Counteroffers"));
	free(html);

	/* a template error: -1, naming the file */
	put_template(f, "newsletter.txt", "Subject: x\n\n{{/y}}\n");
	assert_int_equal(newsletter_preview(f->c, f->st, dir, &n, &err), -1);
	assert_non_null(strstr(err, "newsletter.txt:3:"));
	free(err);
	free(dir);
}

/* ---- the archive page ---- */

static void
test_archive_no_subscriber_data(void **state)
{
	struct fx *f = *state;
	sqlite3_stmt *s = NULL;
	char *p, *html;
	int checked = 0;

	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	p = path_join(f->archive, "issue-1.html");
	html = read_text(p);
	free(p);
	assert_non_null(html);
	assert_non_null(strstr(html, "Hiring for judgement"));
	assert_non_null(strstr(html, "The first ninety days"));
	assert_non_null(strstr(html, "Counteroffers"));
	assert_non_null(strstr(html, "<em>matters</em>"));
	/* no address, name or token of any subscriber or delivery */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT email, "
	    "coalesce(name, 'no-name-here'), token FROM subscribers UNION ALL "
	    "SELECT 'x@x.invalid', 'no-name-here', token FROM deliveries", -1,
	    &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int i;

		for (i = 0; i < 3; i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);

			if (strstr(html, v) != NULL) {
				print_error("archive page has \"%s\"\n", v);
				fail();
			}
		}
		checked++;
	}
	sqlite3_finalize(s);
	assert_int_equal(checked, 7 + 3);
	assert_null(strstr(html, "unsubscribe-"));
	assert_null(strstr(html, UNSUB_BASE));
	assert_null(strstr(html, "{{"));
	free(html);
}

/* ---- status ---- */

static char *
status_text(struct fx *f, long number, int *rc)
{
	char *out = NULL, *err = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	*rc = newsletter_status(f->c, f->st, number, fp, &err);
	fclose(fp);
	if (*rc != 0 && err != NULL) {
		print_message("# status: %s\n", err);
		free(err);
	}
	return out;
}

static void
test_status(void **state)
{
	struct fx *f = *state;
	char *out;
	int rc;

	out = status_text(f, 0, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "no issue yet\n"));
	assert_non_null(strstr(out, "next slot: "));
	assert_non_null(strstr(out, "(daily 09:00, UTC)"));
	free(out);
	out = status_text(f, 3, &rc);
	assert_int_equal(rc, 1);
	free(out);

	subscribers(f);
	three_articles(f);
	build_ok(f, 1);
	out = status_text(f, 1, &rc);
	assert_int_equal(rc, 0);
	{
		const char *p = out, *nl;

		for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			print_message("# %.*s\n", (int)(nl - p), p);
	}
	assert_non_null(strstr(out, "issue 1: " LIST_NAME " #1: Counteroffers\n"));
	assert_non_null(strstr(out, ", sending\n"));
	assert_non_null(strstr(out, "deliveries: sent 0, deferred 0, "
	    "failed 0, pending 3, skipped 0\n"));
	free(out);
	query_exec(f->st, "UPDATE deliveries SET state = 'sent' WHERE id = 1");
	query_exec(f->st, "UPDATE deliveries SET state = 'deferred' "
	    "WHERE id = 2");
	query_exec(f->st, "UPDATE deliveries SET state = 'failed' "
	    "WHERE id = 3");
	out = status_text(f, 0, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "issue 1: "));
	assert_non_null(strstr(out, "deliveries: sent 1, deferred 1, "
	    "failed 1, pending 0, skipped 0\n"));
	free(out);
	/* the latest issue when number is 0 */
	article(f, "later.md", "Later", "2025-05-05", "x");
	build_ok(f, 2);
	out = status_text(f, 0, &rc);
	assert_non_null(strstr(out, "issue 2: " LIST_NAME " #2: Later\n"));
	assert_non_null(strstr(out, "pending 3,"));
	free(out);
	out = status_text(f, 1, &rc);
	assert_non_null(strstr(out, "issue 1: "));
	free(out);
	newsletter_finish_issues(f->st);
	query_exec(f->st, "UPDATE deliveries SET state = 'sent' WHERE id = 2");
	assert_int_equal(newsletter_finish_issues(f->st), 0);
	out = status_text(f, 1, &rc);
	assert_non_null(strstr(out, ", done\n"));
	free(out);
}

/* ---- finish_issues ---- */

static void
test_finish_issues(void **state)
{
	static const struct {
		const char *states[3];
		int done;
	} t[] = {
		{ { "sent", "sent", "sent" }, 1 },
		{ { "sent", "failed", "skipped" }, 1 },
		{ { "failed", "failed", "failed" }, 1 },
		{ { "sent", "sent", "pending" }, 0 },
		{ { "sent", "deferred", "failed" }, 0 },
		{ { "pending", "pending", "pending" }, 0 },
		{ { "deferred", "deferred", "deferred" }, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct fx *f;
		char *v;
		int k;

		assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
		subscribers(f);
		three_articles(f);
		build_ok(f, 1);
		for (k = 0; k < 3; k++) {
			char *sql = sqlite3_mprintf("UPDATE deliveries SET "
			    "state = %Q WHERE id = %d", t[i].states[k], k + 1);

			query_exec(f->st, sql);
			sqlite3_free(sql);
		}
		assert_int_equal(newsletter_finish_issues(f->st), 0);
		v = sql_text(f, "SELECT state FROM issues WHERE number = 1");
		if (strcmp(v, t[i].done ? "done" : "sending") != 0) {
			print_error("case %zu (%s %s %s): issue %s\n", i,
			    t[i].states[0], t[i].states[1], t[i].states[2], v);
			fail();
		}
		free(v);
		if (t[i].done)
			assert_true(sql_long(f, "SELECT done_at FROM issues") >
			    (long)time(NULL) - 60);
		else
			assert_int_equal(sql_long(f, "SELECT done_at FROM "
			    "issues"), -1);
		fx_free(f);
	}
	/* an issue for nobody is done at once; done stays done */
	{
		struct fx *f;
		long d1;

		assert_int_equal(fx_new(&f, OPT_URL, NULL), 0);
		three_articles(f);
		build_ok(f, 1);
		assert_int_equal(newsletter_finish_issues(f->st), 0);
		assert_int_equal(sql_long(f, "SELECT count(*) FROM issues WHERE "
		    "state = 'done'"), 1);
		query_exec(f->st, "UPDATE issues SET done_at = 5");
		assert_int_equal(newsletter_finish_issues(f->st), 0);
		d1 = sql_long(f, "SELECT done_at FROM issues");
		assert_int_equal(d1, 5);
		fx_free(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_build_no_articles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_build_issue, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_build_no_active_subscribers,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_waits_for_date, setup,
		    teardown),
		cmocka_unit_test(test_build_date_in_zone),
		cmocka_unit_test_setup_teardown(test_build_broken_article,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_build_slug_collision,
		    setup, teardown),
		cmocka_unit_test(test_build_template_error),
		cmocka_unit_test_setup_teardown(test_build_archive_write_error,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_frozen, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_message_headers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_message_mailto_only,
		    setup_no_url, teardown),
		cmocka_unit_test(test_message_mailto_from),
		cmocka_unit_test(test_message_archive_url),
		cmocka_unit_test(test_message_subject_encoding),
		cmocka_unit_test_setup_teardown(test_message_hostile_name, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_message_bad_recipient,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_verp, setup, teardown),
		cmocka_unit_test(test_tick),
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_archive_no_subscriber_data,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test(test_finish_issues),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_subscriber.c — the newsletter's subscribers (src/outbound/subscriber.c) in a
 * real temporary store: address normalisation (a table of good forms and
 * of every kind of bad one), the status rules of `subscribers add`,
 * names cleaned and cut on a UTF-8 boundary, CSV import (header columns in
 * any order and case, ';' files, BOM, bad rows reported as FILE:LINE and
 * skipped while good rows land, an import never bringing back an address
 * that unsubscribed, bounced or complained, no email column refused,
 * 10,000 rows), remove, count, list, and `export subscribers` as JSON
 * Lines and CSV read back; and the store's side (store_subscriber.c,
 * store_export.c) as tables of cases: the status rules of a write, the
 * soft-bounce rule, confirm / unsubscribe / complaint, the lookups, the
 * export's cells and counts, and errors whose text is the store's copy. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "csv.h"
#include "export.h"
#include "log.h"
#include "store.h"
#include "subscriber.h"
#include "util.h"

#include "../support/build.h"
#include "../support/query.h"
#include "../support/scratch.h"

/* ---- fixture: a fresh store in a temporary folder ---- */

struct fx {
	char dir[64];
	struct store *st;
};

static void
quiet(enum log_level lvl, const char *line, void *ctx)
{
	(void)lvl;
	(void)line;
	(void)ctx;
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *db, *files;
	const char *err = NULL;

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_subscriber.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	db = path_join(f->dir, "r.db");
	files = path_join(f->dir, "files");
	if (store_open(db, files, &f->st, &err) < 0) {
		print_error("store_open: %s\n", err);
		return -1;
	}
	free(db);
	free(files);
	log_set_sink(quiet, NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	log_set_sink(NULL, NULL);
	store_close(f->st);
	scratch_remove(f->dir);
	free(f);
	return 0;
}

/* ---- what the store holds (tests/support/query.c) ---- */

static char *
status_of(struct store *st, const char *email)
{
	return query_text(st, "SELECT status FROM subscribers WHERE email = ?1",
	    email);
}

static char *
name_of(struct store *st, const char *email)
{
	return query_text(st, "SELECT name FROM subscribers WHERE email = ?1",
	    email);
}

static long
confirmed_at(struct store *st, const char *email)
{
	return query_long(st, "SELECT confirmed_at FROM subscribers "
	    "WHERE email = ?1", email);
}

static void
assert_status(struct store *st, const char *email, const char *want)
{
	char *s = status_of(st, email);

	if (s == NULL || strcmp(s, want) != 0) {
		print_error("%s: status %s, expected %s\n", email,
		    s ? s : "(none)", want);
		free(s);
		fail();
	}
	free(s);
}

static void
add_ok(struct store *st, const char *addr, const char *name, int confirmed,
    enum subscriber_change want)
{
	enum subscriber_change ch = (enum subscriber_change)-1;
	char *err = NULL;

	if (subscriber_add(st, addr, name, confirmed, &ch, &err) != 0) {
		print_error("subscriber_add(%s): %s\n", addr, err);
		free(err);
		fail();
	}
	if (ch != want) {
		print_error("subscriber_add(%s, %s, %d): change %d, expected "
		    "%d\n", addr, name ? name : "NULL", confirmed, (int)ch,
		    (int)want);
		fail();
	}
}

/* ---- subscriber_addr_normalize ---- */

static void
test_normalize_table(void **state)
{
	static const struct {
		const char *in, *want;   /* want NULL: refused */
	} t[] = {
		/* good forms: blanks trimmed, domain lowercased, local kept */
		{ "a@b.c", "a@b.c" },
		{ "ann@example.org", "ann@example.org" },
		{ "  Ann.Lee@Example.COM\t", "Ann.Lee@example.com" },
		{ "\tUSER@EXAMPLE.ORG ", "USER@example.org" },
		{ "user+news@sub.example.org", "user+news@sub.example.org" },
		{ "o'brien@example.ie", "o'brien@example.ie" },
		{ "x!#$%&'*+/=?^_`{|}~-y@example.com",
		  "x!#$%&'*+/=?^_`{|}~-y@example.com" },
		{ "first.middle.last@a-b.c-d.example",
		  "first.middle.last@a-b.c-d.example" },
		{ "a@xn--bcher-kva.example", "a@xn--bcher-kva.example" },
		{ "a@1-2.example", "a@1-2.example" },
		{ "a@b-c-d.e", "a@b-c-d.e" },
		{ "user@localhost", "user@localhost" },
		/* empty and partial */
		{ "", NULL },
		{ "   ", NULL },
		{ "@", NULL },
		{ "a@", NULL },
		{ "@b.c", NULL },
		{ "ab.c", NULL },
		{ "a@b", "a@b" },
		/* CR / LF / other controls */
		{ "a@b.c\r\n", NULL },
		{ "a@b.c\n", NULL },
		{ "a@b.c\nBcc: x@y.z", NULL },
		{ "a\r@b.c", NULL },
		{ "a@b.c\rx", NULL },
		{ "\va@b.c", NULL },
		{ "a\x01@b.c", NULL },
		{ "a@b\x7f.c", NULL },
		/* two @ */
		{ "a@b@c.d", NULL },
		{ "a@@b.c", NULL },
		/* display names, angle brackets, comments */
		{ "Ann <a@b.c>", NULL },
		{ "\"Ann\" <a@b.c>", NULL },
		{ "<a@b.c>", NULL },
		{ "a@b.c (Ann)", NULL },
		{ "(Ann) a@b.c", NULL },
		/* a second address */
		{ "a@b.c, c@d.e", NULL },
		{ "a@b.c,c@d.e", NULL },
		{ "a@b.c;c@d.e", NULL },
		/* quotes */
		{ "\"a b\"@c.d", NULL },
		{ "\"a\"@b.c", NULL },
		{ "a\"b@c.d", NULL },
		/* spaces inside */
		{ "a b@c.d", NULL },
		{ "a@b .c", NULL },
		{ "a@b. c", NULL },
		{ "a @b.c", NULL },
		{ "a@ b.c", NULL },
		{ "a\t@b.c", NULL },
		/* non-ASCII */
		{ "\xc3\xa4@b.c", NULL },
		{ "a@b\xc3\xbc.c", NULL },
		{ "a@b.c\xff", NULL },
		{ "\xe2\x80\x8b" "a@b.c", NULL },
		/* IP literals */
		{ "a@[1.2.3.4]", NULL },
		{ "a@[IPv6:::1]", NULL },
		{ "a@[127.0.0.1]", NULL },
		/* empty labels, dots */
		{ "a@b..c", NULL },
		{ "a@.b.c", NULL },
		{ "a@b.c.", NULL },
		{ "a@.", NULL },
		{ "a..b@c.d", NULL },
		{ ".a@b.c", NULL },
		{ "a.@b.c", NULL },
		{ ".@b.c", NULL },
		/* hyphens at label ends; other characters in the domain */
		{ "a@-b.c", NULL },
		{ "a@b-.c", NULL },
		{ "a@b.c-", NULL },
		{ "a@b.-c", NULL },
		{ "a@b_c.d", NULL },
		{ "a@b+c.d", NULL },
		{ "a@b/c.d", NULL },
		/* not atext in the local part */
		{ "a(b@c.d", NULL },
		{ "a[b]@c.d", NULL },
		{ "a\\b@c.d", NULL },
		{ "a:b@c.d", NULL },
	};
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *r = subscriber_addr_normalize(t[i].in);

		if ((r == NULL) != (t[i].want == NULL) ||
		    (r != NULL && strcmp(r, t[i].want) != 0)) {
			print_error("case %zu: normalize(\"%s\") = %s%s%s, "
			    "expected %s%s%s\n", i, t[i].in, r ? "\"" : "",
			    r ? r : "NULL", r ? "\"" : "",
			    t[i].want ? "\"" : "",
			    t[i].want ? t[i].want : "NULL",
			    t[i].want ? "\"" : "");
			bad++;
		}
		free(r);
	}
	assert_int_equal(bad, 0);
}

/* the length limits: 64-byte local part, 254 bytes in all, 63-byte label */
static void
test_normalize_lengths(void **state)
{
	char *l64 = build_line("", 'l', 64, "", NULL);
	char *l65 = build_line("", 'l', 65, "", NULL);
	char *d63 = build_line("", 'd', 63, "", NULL);
	char *d64 = build_line("", 'd', 64, "", NULL);
	char *d60 = build_line("", 'e', 60, "", NULL);
	char *d61 = build_line("", 'e', 61, "", NULL);
	struct {
		char *in;
		size_t len;
		int ok;
	} t[8];
	size_t i, n = 0;

	(void)state;
	t[n].in = xasprintf("%s@example.org", l64); t[n++].ok = 1;
	t[n].in = xasprintf("%s@example.org", l65); t[n++].ok = 0;
	t[n].in = xasprintf("a@%s.org", d63); t[n++].ok = 1;
	t[n].in = xasprintf("a@%s.org", d64); t[n++].ok = 0;
	/* 1 + 1 + 63 + 1 + 63 + 1 + 63 + 1 + 60 = 254 */
	t[n].in = xasprintf("a@%s.%s.%s.%s", d63, d63, d63, d60);
	t[n++].ok = 1;
	t[n].in = xasprintf("a@%s.%s.%s.%s", d63, d63, d63, d61);
	t[n++].ok = 0;
	/* 254 with a 64-byte local part: 64 + 1 + 63 + 1 + 63 + 1 + 61 */
	t[n].in = xasprintf("%s@%s.%s.%s", l64, d63, d63, d61);
	t[n++].ok = 1;
	/* surrounding blanks do not count */
	t[n].in = xasprintf("  a@%s.%s.%s.%s  ", d63, d63, d63, d60);
	t[n++].ok = 1;
	assert_int_equal(strlen(t[4].in), 254);
	assert_int_equal(strlen(t[5].in), 255);
	assert_int_equal(strlen(t[6].in), 254);
	for (i = 0; i < n; i++) {
		char *r = subscriber_addr_normalize(t[i].in);

		if ((r != NULL) != t[i].ok) {
			print_error("length case %zu (%zu bytes): %s\n", i,
			    strlen(t[i].in), r ? "accepted" : "refused");
			fail();
		}
		if (r != NULL)
			assert_true(strlen(r) <= 254);
		free(r);
		free(t[i].in);
	}
	free(l64);
	free(l65);
	free(d63);
	free(d64);
	free(d60);
	free(d61);
}

static void
test_status_valid(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} t[] = {
		{ "pending", 1 }, { "active", 1 }, { "unsubscribed", 1 },
		{ "bounced", 1 }, { "complained", 1 },
		{ "", 0 }, { "Active", 0 }, { "active ", 0 }, { "vip", 0 },
		{ "deleted", 0 }, { "confirmed", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (subscriber_status_valid(t[i].s) != t[i].ok) {
			print_error("status_valid(\"%s\") != %d\n", t[i].s,
			    t[i].ok);
			fail();
		}
}

/* ---- subscriber_add ---- */

static void
test_add_new(void **state)
{
	struct fx *f = *state;
	time_t t0 = time(NULL), t1;
	enum subscriber_change ch;
	char *err = NULL, *s;

	add_ok(f->st, "Pat@Example.ORG", "Pat Doe", 0, SUB_ADDED);
	add_ok(f->st, "ann@example.org", NULL, 1, SUB_ADDED);
	t1 = time(NULL);
	/* the address as normalised: domain lowercased, local part kept */
	assert_status(f->st, "Pat@example.org", "pending");
	assert_int_equal(confirmed_at(f->st, "Pat@example.org"), -1);
	s = name_of(f->st, "Pat@example.org");
	assert_string_equal(s, "Pat Doe");
	free(s);
	assert_status(f->st, "ann@example.org", "active");
	assert_true(confirmed_at(f->st, "ann@example.org") >= (long)t0);
	assert_true(confirmed_at(f->st, "ann@example.org") <= (long)t1);
	assert_null(name_of(f->st, "ann@example.org"));
	/* created_at, updated_at and a 32-hex token on every row */
	s = xasprintf("%ld", (long)t0);
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM subscribers "
	    "WHERE created_at BETWEEN ?1 - 1 AND ?1 + 100 AND updated_at >= "
	    "created_at AND length(token) = 32 AND token NOT GLOB "
	    "'*[^0-9a-f]*'", s), 2);
	free(s);
	s = query_text(f->st, "SELECT count(DISTINCT token) FROM subscribers",
	    NULL);
	assert_string_equal(s, "2");
	free(s);

	/* a bad address is an error with a reason, nothing stored */
	assert_int_equal(subscriber_add(f->st, "Ann <x@example.org>", "x", 1,
	    &ch, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "address"));
	free(err);
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 2);
	/* the same address in another case is the same subscriber */
	add_ok(f->st, "PAT@example.org", NULL, 0, SUB_UNCHANGED);
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 2);
}

/* the status rules for a known address, as a table */
static void
test_add_transitions(void **state)
{
	static const struct {
		const char *before;     /* status set with SQL */
		int confirmed;
		const char *name;
		const char *after;
		enum subscriber_change ch;
		int confirmed_moves;    /* confirmed_at set to now */
	} t[] = {
		{ "pending", 0, NULL, "pending", SUB_UNCHANGED, 0 },
		{ "pending", 1, NULL, "active", SUB_UPDATED, 1 },
		{ "active", 0, NULL, "active", SUB_UNCHANGED, 0 },
		{ "active", 0, "", "active", SUB_UNCHANGED, 0 },
		{ "active", 0, "Old Name", "active", SUB_UNCHANGED, 0 },
		{ "active", 0, "New Name", "active", SUB_UPDATED, 0 },
		{ "active", 1, NULL, "active", SUB_UNCHANGED, 0 },
		{ "unsubscribed", 0, NULL, "pending", SUB_UPDATED, 0 },
		{ "unsubscribed", 1, NULL, "active", SUB_UPDATED, 1 },
		{ "bounced", 0, NULL, "pending", SUB_UPDATED, 0 },
		{ "bounced", 1, NULL, "active", SUB_UPDATED, 1 },
		{ "complained", 0, NULL, "pending", SUB_UPDATED, 0 },
		{ "complained", 1, "New Name", "active", SUB_UPDATED, 1 },
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *addr = xasprintf("case%zu@example.org", i);
		char *sql = xasprintf("UPDATE subscribers SET status = '%s', "
		    "confirmed_at = 1000 WHERE email = '%s'", t[i].before,
		    addr);
		char *st, *nm;
		long ca;

		add_ok(f->st, addr, "Old Name", 0, SUB_ADDED);
		query_exec(f->st, sql);
		print_message("# case %zu: %s + add%s%s%s\n", i, t[i].before,
		    t[i].confirmed ? " --confirmed" : "",
		    t[i].name ? " name=" : "", t[i].name ? t[i].name : "");
		add_ok(f->st, addr, t[i].name, t[i].confirmed, t[i].ch);
		st = status_of(f->st, addr);
		assert_string_equal(st, t[i].after);
		nm = name_of(f->st, addr);
		/* a non-empty name replaces, an empty or missing one keeps */
		assert_string_equal(nm, t[i].name && *t[i].name ? t[i].name :
		    "Old Name");
		ca = confirmed_at(f->st, addr);
		if (t[i].confirmed_moves)
			assert_true(ca > 1000);
		else
			assert_int_equal(ca, 1000);
		free(st);
		free(nm);
		free(sql);
		free(addr);
	}
}

/* names: control characters out, blanks trimmed, at most
 * SUBSCRIBER_MAX_NAME bytes, cut between UTF-8 characters */
static void
test_add_names(void **state)
{
	struct {
		const char *in;
		const char *want;   /* NULL: checked by length below */
	} t[] = {
		{ "Ann\x01 Lee", "Ann Lee" },
		{ "  Ann Lee \t", "Ann Lee" },
		{ "Ann\r\nBcc: x@y.z", "Ann  Bcc: x@y.z" },  /* breaks: blanks */
		{ "Ivy\nSmith", "Ivy Smith" },
		{ "Ann\tLee", "Ann Lee" },
		{ "Ann\x1b[31mLee", "Ann[31mLee" },
		{ "Ann\xc2\x85Lee", "AnnLee" },               /* C1 NEL */
		{ "Ren\xc3\xa9\x65 O\xe2\x80\x99Hara", "Ren\xc3\xa9\x65 O\xe2\x80\x99Hara" },
		{ "Bad\xff" "byte", "Bad\xef\xbf\xbd" "byte" }, /* U+FFFD */
		{ "<b>Ann</b> {{email}}", "<b>Ann</b> {{email}}" },
	};
	struct fx *f = *state;
	char *long_ascii = build_line("", 'n', 300, "", NULL);
	char *long_utf8;
	struct buf b;
	size_t i;
	char *nm;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *addr = xasprintf("n%zu@example.org", i);

		add_ok(f->st, addr, t[i].in, 0, SUB_ADDED);
		nm = name_of(f->st, addr);
		if (nm == NULL || strcmp(nm, t[i].want) != 0) {
			print_error("name case %zu: \"%s\", expected \"%s\"\n",
			    i, nm ? nm : "(null)", t[i].want);
			fail();
		}
		free(nm);
		free(addr);
	}

	add_ok(f->st, "long1@example.org", long_ascii, 0, SUB_ADDED);
	nm = name_of(f->st, "long1@example.org");
	assert_int_equal(strlen(nm), SUBSCRIBER_MAX_NAME);
	free(nm);

	/* "a" then 150 × "é" (2 bytes): byte 200 is inside a character */
	buf_init(&b, 0);
	buf_putc(&b, 'a');
	for (i = 0; i < 150; i++)
		buf_puts(&b, "\xc3\xa9");
	long_utf8 = buf_steal(&b);
	add_ok(f->st, "long2@example.org", long_utf8, 0, SUB_ADDED);
	nm = name_of(f->st, "long2@example.org");
	assert_int_equal(strlen(nm), SUBSCRIBER_MAX_NAME - 1);
	assert_true(utf8_valid(nm, strlen(nm)));
	assert_memory_equal(nm, long_utf8, strlen(nm));
	free(nm);

	/* 4-byte characters: the cut lands on a boundary too */
	buf_init(&b, 0);
	for (i = 0; i < 60; i++)
		buf_puts(&b, "\xf0\x9f\x98\x80");
	free(long_utf8);
	long_utf8 = buf_steal(&b);
	add_ok(f->st, "long3@example.org", long_utf8, 0, SUB_ADDED);
	nm = name_of(f->st, "long3@example.org");
	assert_int_equal(strlen(nm), 200);
	assert_true(utf8_valid(nm, strlen(nm)));
	free(nm);
	/* 3-byte characters: 66 × 3 = 198 */
	buf_init(&b, 0);
	for (i = 0; i < 80; i++)
		buf_puts(&b, "\xe2\x82\xac");
	free(long_utf8);
	long_utf8 = buf_steal(&b);
	add_ok(f->st, "long4@example.org", long_utf8, 0, SUB_ADDED);
	nm = name_of(f->st, "long4@example.org");
	assert_int_equal(strlen(nm), 198);
	assert_true(utf8_valid(nm, strlen(nm)));
	free(nm);

	/* a name that is only control characters and blanks: stored as no
	 * name, and does not replace a stored one */
	add_ok(f->st, "blank@example.org", " \x01\x02 ", 0, SUB_ADDED);
	assert_null(name_of(f->st, "blank@example.org"));
	add_ok(f->st, "n0@example.org", " \t\x01", 0, SUB_UNCHANGED);
	nm = name_of(f->st, "n0@example.org");
	assert_string_equal(nm, "Ann Lee");
	free(nm);
	free(long_ascii);
	free(long_utf8);
}

/* ---- subscriber_set (one imported row, caller's transaction) ---- */

static void
test_set(void **state)
{
	struct fx *f = *state;
	enum subscriber_change ch;
	char *err = NULL;
	const char *e;

	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(subscriber_set(f->st, "new@example.org", "N", NULL,
	    &ch, &err), 0);
	assert_int_equal(ch, SUB_ADDED);
	assert_int_equal(subscriber_set(f->st, "pend@example.org", NULL,
	    "pending", &ch, &err), 0);
	assert_int_equal(ch, SUB_ADDED);
	assert_int_equal(subscriber_set(f->st, "gone@example.org", NULL,
	    "unsubscribed", &ch, &err), 0);
	assert_int_equal(ch, SUB_ADDED);
	/* an end is never undone by an import */
	assert_int_equal(subscriber_set(f->st, "gone@example.org", NULL,
	    "active", &ch, &err), 0);
	assert_int_equal(ch, SUB_KEPT);
	/* but one end may become another */
	assert_int_equal(subscriber_set(f->st, "gone@example.org", NULL,
	    "complained", &ch, &err), 0);
	assert_int_equal(ch, SUB_UPDATED);
	/* status as given: an imported "unsubscribed" ends an active one */
	assert_int_equal(subscriber_set(f->st, "new@example.org", NULL,
	    "unsubscribed", &ch, &err), 0);
	assert_int_equal(ch, SUB_UPDATED);
	/* bad rows: -1 with a reason */
	assert_int_equal(subscriber_set(f->st, "x@example.org", NULL, "vip",
	    &ch, &err), -1);
	assert_non_null(strstr(err, "vip"));
	free(err);
	err = NULL;
	assert_int_equal(subscriber_set(f->st, "not an address", NULL, NULL,
	    &ch, &err), -1);
	assert_non_null(err);
	free(err);
	assert_int_equal(store_commit(f->st, &e), 0);

	assert_status(f->st, "new@example.org", "unsubscribed");
	assert_true(confirmed_at(f->st, "new@example.org") > 0);
	assert_status(f->st, "pend@example.org", "pending");
	assert_int_equal(confirmed_at(f->st, "pend@example.org"), -1);
	assert_status(f->st, "gone@example.org", "complained");
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 3);
}

/* ---- subscriber_import ---- */

struct imp {
	int rc;
	struct subscriber_import_stats s;
	char *err;       /* error_r */
	char *report;    /* what went to errf */
};

static void
import(struct fx *f, const char *name, const char *data, size_t len,
    struct imp *r)
{
	size_t rlen = 0;
	FILE *errf;

	memset(r, 0, sizeof(*r));
	errf = open_memstream(&r->report, &rlen);
	assert_non_null(errf);
	r->rc = subscriber_import(f->st, name, data, len, errf, &r->s,
	    &r->err);
	fclose(errf);
	if (r->report[0] != '\0') {
		const char *p = r->report, *nl;

		print_message("# %s reported:\n", name);
		for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			print_message("#   %.*s\n", (int)(nl - p), p);
	}
}

static void
imp_free(struct imp *r)
{
	free(r->err);
	free(r->report);
}

static void
assert_stats(const struct imp *r, unsigned added, unsigned updated,
    unsigned unchanged, unsigned kept, unsigned bad)
{
	if (r->s.added != added || r->s.updated != updated ||
	    r->s.unchanged != unchanged || r->s.kept != kept ||
	    r->s.bad != bad) {
		print_error("stats added %u updated %u unchanged %u kept %u "
		    "bad %u, expected %u %u %u %u %u\n", r->s.added,
		    r->s.updated, r->s.unchanged, r->s.kept, r->s.bad, added,
		    updated, unchanged, kept, bad);
		fail();
	}
}

/* the report, line by line, against expected lines */
static void
assert_report(const struct imp *r, const char *const *want, size_t n)
{
	const char *p = r->report;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *nl = strchr(p, '\n');

		if (nl == NULL || strlen(want[i]) != (size_t)(nl - p) ||
		    memcmp(p, want[i], strlen(want[i])) != 0) {
			print_error("report line %zu: expected \"%s\"\n", i + 1,
			    want[i]);
			fail();
		}
		p = nl + 1;
	}
	if (*p != '\0') {
		print_error("more report lines than expected: %s\n", p);
		fail();
	}
}

static void
test_import_header_forms(void **state)
{
	static const struct {
		const char *what, *csv;
		const char *name;      /* expected name of ann (NULL none) */
		const char *status;    /* expected status of ann */
	} t[] = {
		{ "plain", "email,name,status\nann@example.org,Ann,pending\n",
		  "Ann", "pending" },
		{ "any order and case",
		  "STATUS,Name,EMail\npending,Ann,ann@example.org\n",
		  "Ann", "pending" },
		{ "blanks around header names",
		  " name , email \nAnn, ann@example.org \n", "Ann", "active" },
		{ "no name, no status column", "email\nann@example.org\n",
		  NULL, "active" },
		{ "no status column", "name,email\nAnn,ann@example.org\n",
		  "Ann", "active" },
		{ "extra columns ignored",
		  "id,email,city,name\n7,ann@example.org,Leeds,Ann\n",
		  "Ann", "active" },
		{ "semicolons",
		  "email;name;status\nann@example.org;Lee, Ann;pending\n",
		  "Lee, Ann", "pending" },
		{ "BOM and CRLF",
		  "\xef\xbb\xbf" "email,name\r\nann@example.org,Ann\r\n",
		  "Ann", "active" },
		{ "BOM, semicolons, reordered, no final line end",
		  "\xef\xbb\xbf" "Name;E-mail;Email\r\nAnn;x;ann@example.org",
		  "Ann", "active" },
		{ "quoted fields", "\"email\",\"name\"\n\"ann@example.org\","
		  "\"Ann \"\"Nan\"\" Lee\"\n", "Ann \"Nan\" Lee", "active" },
		{ "empty status is active",
		  "email,name,status\nann@example.org,Ann,\n", "Ann",
		  "active" },
		{ "blank lines skipped",
		  "email,name\n\nann@example.org,Ann\n\n\n", "Ann", "active" },
		{ "short row: name column missing",
		  "email,name,status\nann@example.org\n", NULL, "active" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct fx *f;
		struct imp r;
		char *s;

		print_message("# import: %s\n", t[i].what);
		/* a fresh store per case */
		assert_int_equal(setup((void **)&f), 0);
		import(f, "list.csv", t[i].csv, strlen(t[i].csv), &r);
		if (r.rc != 0)
			print_error("%s: %s\n", t[i].what, r.err);
		assert_int_equal(r.rc, 0);
		assert_stats(&r, 1, 0, 0, 0, 0);
		assert_string_equal(r.report, "");
		assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 1);
		assert_status(f->st, "ann@example.org", t[i].status);
		s = name_of(f->st, "ann@example.org");
		if (t[i].name == NULL)
			assert_null(s);
		else
			assert_string_equal(s, t[i].name);
		free(s);
		if (strcmp(t[i].status, "active") == 0)
			assert_true(confirmed_at(f->st, "ann@example.org") > 0);
		imp_free(&r);
		teardown((void **)&f);
	}
	/* the fixture's own sink was reset by teardown */
	log_set_sink(quiet, NULL);
}

static void
test_import_bad_rows(void **state)
{
	static const char csv[] =
	    "Email,Name,Status\n"                    /* 1 */
	    "ann@example.org,Ann,active\n"           /* 2 */
	    "bad address,Bob,\n"                     /* 3 */
	    "carl@example.org,Carl,vip\n"            /* 4 */
	    "dora@example.org,Do\"ra,\n"             /* 5 */
	    "eve@example.org,Ev\xff,\n"              /* 6 */
	    "fay@example.org,Fay,pending\n"          /* 7 */
	    ",Nobody,active\n"                       /* 8 */
	    "gus@example.org\n"                      /* 9 */
	    "Hal <hal@example.org>,Hal,\n"           /* 10 */
	    "\"ivy@example.org\",\"Ivy\nSmith\",\n"  /* 11-12 */
	    "a@b.c, d@e.f,Two,\n"                    /* 13 */
	    "\"jo@example.org, kim@example.org\",Two,\n" /* 14 */
	    "ann@example.org,Ann,active\n"           /* 15: again */
	    "lou@example.org,Lou,Active\n";          /* 16: case ignored */
	static const char *const want[] = {
		"people.csv:3: not a plain email address; row skipped",
		"people.csv:4: unknown status 'vip'; row skipped",
		"people.csv:5: quote inside an unquoted field; row skipped",
		"people.csv:6: not UTF-8; row skipped",
		"people.csv:8: not a plain email address; row skipped",
		"people.csv:10: not a plain email address; row skipped",
		"people.csv:13: unknown status 'Two'; row skipped",
		"people.csv:14: not a plain email address; row skipped",
	};
	struct fx *f = *state;
	struct imp r;
	char *s;

	import(f, "people.csv", csv, sizeof(csv) - 1, &r);
	assert_int_equal(r.rc, 0);
	assert_null(r.err);
	/* ann, fay, gus, ivy, lou added; ann again unchanged */
	assert_stats(&r, 5, 0, 1, 0, 8);
	assert_report(&r, want, ARRAY_SIZE(want));
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 5);
	assert_int_equal(store_subscriber_count(f->st, "active", NULL), 4);
	assert_status(f->st, "fay@example.org", "pending");
	assert_status(f->st, "gus@example.org", "active");
	/* a line break inside a quoted name is cleaned out */
	s = name_of(f->st, "ivy@example.org");
	assert_non_null(s);
	assert_null(strchr(s, '\n'));
	assert_non_null(strstr(s, "Ivy"));
	free(s);
	assert_null(status_of(f->st, "carl@example.org"));
	assert_null(status_of(f->st, "dora@example.org"));
	assert_null(status_of(f->st, "eve@example.org"));
	imp_free(&r);
}

static void
test_import_never_reactivates(void **state)
{
	static const char csv[] =
	    "email,name,status\n"
	    "u@example.org,U,active\n"        /* 2 */
	    "b@example.org,B,\n"              /* 3 */
	    "c@example.org,C,pending\n"       /* 4 */
	    "U@EXAMPLE.org,,\n"               /* 5: same address, other case */
	    "p@example.org,P,active\n"        /* 6: pending -> active */
	    "a@example.org,A2,active\n"       /* 7: a name change */
	    "b@example.org,B,unsubscribed\n"; /* 8: an end to another */
	static const char *const want[] = {
		"in.csv:2: u@example.org has unsubscribed, bounced or "
		"complained; kept as it is",
		"in.csv:3: b@example.org has unsubscribed, bounced or "
		"complained; kept as it is",
		"in.csv:4: c@example.org has unsubscribed, bounced or "
		"complained; kept as it is",
		"in.csv:5: U@EXAMPLE.org has unsubscribed, bounced or "
		"complained; kept as it is",
	};
	struct fx *f = *state;
	struct imp r;
	char *s;

	add_ok(f->st, "u@example.org", "U", 1, SUB_ADDED);
	assert_int_equal(subscriber_remove(f->st, "u@example.org", &s), 0);
	add_ok(f->st, "b@example.org", "B", 1, SUB_ADDED);
	add_ok(f->st, "c@example.org", "C", 1, SUB_ADDED);
	add_ok(f->st, "p@example.org", "P", 0, SUB_ADDED);
	add_ok(f->st, "a@example.org", "A", 1, SUB_ADDED);
	query_exec(f->st, "UPDATE subscribers SET status = 'bounced', "
	    "bounce_count = 3 WHERE email = 'b@example.org'");
	query_exec(f->st, "UPDATE subscribers SET status = 'complained' "
	    "WHERE email = 'c@example.org'");

	import(f, "in.csv", csv, sizeof(csv) - 1, &r);
	assert_int_equal(r.rc, 0);
	assert_stats(&r, 0, 3, 0, 4, 0);
	assert_report(&r, want, ARRAY_SIZE(want));
	assert_status(f->st, "u@example.org", "unsubscribed");
	assert_status(f->st, "b@example.org", "unsubscribed");
	assert_status(f->st, "c@example.org", "complained");
	assert_status(f->st, "p@example.org", "active");
	assert_true(confirmed_at(f->st, "p@example.org") > 0);
	s = name_of(f->st, "a@example.org");
	assert_string_equal(s, "A2");
	free(s);
	/* the kept rows' names are not touched either */
	s = name_of(f->st, "c@example.org");
	assert_string_equal(s, "C");
	free(s);
	assert_int_equal(query_long(f->st, "SELECT bounce_count FROM "
	    "subscribers WHERE email = ?1", "b@example.org"), 3);
	imp_free(&r);
}

static void
test_import_refused(void **state)
{
	static const struct {
		const char *what, *csv, *err;
	} t[] = {
		{ "no email column", "name,status\nAnn,active\n",
		  "x.csv:1: no \"email\" column" },
		{ "address as header", "ann@example.org,Ann\n"
		  "bob@example.org,Bob\n", "x.csv:1: no \"email\" column" },
		{ "semicolons, no email column", "\xef\xbb\xbf" "mail;name\n"
		  "ann@example.org;Ann\n", "x.csv:1: no \"email\" column" },
		{ "empty file", "", "x.csv: empty file" },
		{ "only blank lines", "\n\n\r\n", "x.csv: empty file" },
		{ "broken header", "email,\"name\n", "x.csv:1: " },
	};
	struct fx *f = *state;
	size_t i;

	add_ok(f->st, "old@example.org", NULL, 1, SUB_ADDED);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct imp r;

		print_message("# refused: %s\n", t[i].what);
		import(f, "x.csv", t[i].csv, strlen(t[i].csv), &r);
		assert_int_equal(r.rc, -1);
		assert_non_null(r.err);
		if (strncmp(r.err, t[i].err, strlen(t[i].err)) != 0) {
			print_error("%s: error \"%s\", expected \"%s…\"\n",
			    t[i].what, r.err, t[i].err);
			fail();
		}
		assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 1);
		imp_free(&r);
	}
	/* the store is usable afterwards (no transaction left open) */
	add_ok(f->st, "new@example.org", NULL, 0, SUB_ADDED);
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 2);
}

static void
test_import_10000(void **state)
{
	struct fx *f = *state;
	struct buf b;
	struct imp r;
	char *data;
	size_t len, i;
	time_t t0 = time(NULL);

	buf_init(&b, 0);
	buf_puts(&b, "email,name\r\n");
	for (i = 0; i < 10000; i++)
		buf_appendf(&b, "user%05zu@Example.ORG,User %zu\r\n", i, i);
	len = b.len;
	data = buf_steal(&b);
	import(f, "big.csv", data, len, &r);
	assert_int_equal(r.rc, 0);
	assert_stats(&r, 10000, 0, 0, 0, 0);
	imp_free(&r);
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 10000);
	assert_int_equal(store_subscriber_count(f->st, "active", NULL), 10000);
	assert_int_equal(query_long(f->st, "SELECT count(DISTINCT token) FROM "
	    "subscribers", NULL), 10000);
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM subscribers "
	    "WHERE email GLOB 'user[0-9][0-9][0-9][0-9][0-9]@example.org'",
	    NULL), 10000);
	/* the same file again changes nothing */
	import(f, "big.csv", data, len, &r);
	assert_int_equal(r.rc, 0);
	assert_stats(&r, 0, 0, 10000, 0, 0);
	imp_free(&r);
	print_message("# 2 × 10,000 rows in %lds\n", (long)(time(NULL) - t0));
	free(data);
}

/* ---- remove, count, list ---- */

static void
test_remove(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long ca;

	add_ok(f->st, "ann@example.org", "Ann", 1, SUB_ADDED);
	ca = confirmed_at(f->st, "ann@example.org");
	assert_int_equal(subscriber_remove(f->st, " ANN@Example.org ", &err),
	    0);
	assert_status(f->st, "ann@example.org", "unsubscribed");
	/* the row and its history stay */
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 1);
	assert_int_equal(confirmed_at(f->st, "ann@example.org"), ca);
	/* removing again is fine */
	assert_int_equal(subscriber_remove(f->st, "ann@example.org", &err), 0);
	assert_status(f->st, "ann@example.org", "unsubscribed");
	/* unknown address: 1 */
	assert_int_equal(subscriber_remove(f->st, "nobody@example.org", &err),
	    1);
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 1);
	/* not an address: -1 with a reason */
	assert_int_equal(subscriber_remove(f->st, "Ann <ann@example.org>",
	    &err), -1);
	assert_non_null(err);
	free(err);
	assert_status(f->st, "ann@example.org", "unsubscribed");
	/* and add brings it back as pending */
	add_ok(f->st, "ann@example.org", NULL, 0, SUB_UPDATED);
	assert_status(f->st, "ann@example.org", "pending");
}

static void
test_count_and_list(void **state)
{
	static const char *const st_names[] = { "pending", "active",
		"unsubscribed", "bounced", "complained" };
	static const long want[] = { 2, 3, 1, 1, 1 };
	struct fx *f = *state;
	char *out = NULL, *err = NULL;
	size_t len = 0, i;
	FILE *fp;

	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 0);
	assert_int_equal(store_subscriber_count(f->st, "active", NULL), 0);
	add_ok(f->st, "p1@example.org", "Pat One", 0, SUB_ADDED);
	add_ok(f->st, "p2@example.org", NULL, 0, SUB_ADDED);
	add_ok(f->st, "a1@example.org", "Al", 1, SUB_ADDED);
	add_ok(f->st, "a2@example.org", NULL, 1, SUB_ADDED);
	add_ok(f->st, "a3@example.org", NULL, 1, SUB_ADDED);
	add_ok(f->st, "u@example.org", NULL, 1, SUB_ADDED);
	add_ok(f->st, "b@example.org", NULL, 1, SUB_ADDED);
	add_ok(f->st, "c@example.org", NULL, 1, SUB_ADDED);
	assert_int_equal(subscriber_remove(f->st, "u@example.org", &err), 0);
	query_exec(f->st, "UPDATE subscribers SET status = 'bounced' WHERE "
	    "email = 'b@example.org'; UPDATE subscribers SET status = "
	    "'complained' WHERE email = 'c@example.org'");
	for (i = 0; i < ARRAY_SIZE(st_names); i++)
		assert_int_equal(store_subscriber_count(f->st, st_names[i],
		    NULL), want[i]);
	assert_int_equal(store_subscriber_count(f->st, NULL, NULL), 8);
	assert_int_equal(store_subscriber_count(f->st, "nonsense", NULL), 0);

	fp = open_memstream(&out, &len);
	assert_int_equal(subscriber_list(f->st, fp, &err), 0);
	fclose(fp);
	/* one line per subscriber in id order: id, status, email, name */
	assert_non_null(strstr(out, "    1  pending       p1@example.org"));
	assert_non_null(strstr(out, "Pat One\n"));
	assert_non_null(strstr(out, "    3  active        a1@example.org"));
	assert_non_null(strstr(out, "    8  complained    c@example.org"));
	for (i = 0, len = 0; out[i] != '\0'; i++)
		len += out[i] == '\n';
	assert_int_equal(len, 8);
	free(out);
}

/* ---- export subscribers ---- */

static int
rfc3339(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (strlen(s) != sizeof(pat) - 1)
		return 0;
	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') :
		    s[i] != pat[i])
			return 0;
	return 1;
}

static void
export_setup(struct fx *f)
{
	add_ok(f->st, "pat@example.org", "Pat, \"P\" Doe", 0, SUB_ADDED);
	add_ok(f->st, "ann@example.org", NULL, 1, SUB_ADDED);
	add_ok(f->st, "bea@example.org", "B\xc3\xa9\x61", 1, SUB_ADDED);
	query_exec(f->st, "UPDATE subscribers SET status = 'bounced', "
	    "bounce_count = 2, created_at = 1767225600, confirmed_at = "
	    "1767312000 WHERE email = 'bea@example.org'");
}

static void
test_export_json(void **state)
{
	static const char *const keys[] = { "id", "email", "name", "status",
		"created_at", "confirmed_at", "bounce_count" };
	struct fx *f = *state;
	char *out = NULL, *line, *save = NULL;
	const char *err = NULL;
	size_t len = 0, n = 0;
	FILE *fp;

	export_setup(f);
	fp = open_memstream(&out, &len);
	assert_int_equal(export_records(f->st, EXPORT_SUBSCRIBERS, FORMAT_JSON,
	    fp, &err), 0);
	fclose(fp);
	assert_true(len > 0 && out[len - 1] == '\n');
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), n++) {
		json_error_t je;
		json_t *o = json_loads(line, 0, &je), *v;
		void *it;
		size_t k = 0;

		if (o == NULL) {
			print_error("line %zu not JSON: %s\n", n + 1, je.text);
			fail();
		}
		assert_true(json_is_object(o));
		assert_int_equal(json_object_size(o), ARRAY_SIZE(keys));
		for (it = json_object_iter(o); it != NULL;
		    it = json_object_iter_next(o, it), k++)
			assert_string_equal(json_object_iter_key(it), keys[k]);
		assert_int_equal(json_integer_value(json_object_get(o, "id")),
		    (json_int_t)n + 1);
		assert_true(rfc3339(json_string_value(json_object_get(o,
		    "created_at"))));
		assert_true(json_is_integer(json_object_get(o,
		    "bounce_count")));
		v = json_object_get(o, "confirmed_at");
		switch (n) {
		case 0:
			assert_string_equal(json_string_value(json_object_get(o,
			    "email")), "pat@example.org");
			assert_string_equal(json_string_value(json_object_get(o,
			    "name")), "Pat, \"P\" Doe");
			assert_string_equal(json_string_value(json_object_get(o,
			    "status")), "pending");
			assert_true(json_is_null(v));
			break;
		case 1:
			assert_true(json_is_null(json_object_get(o, "name")));
			assert_string_equal(json_string_value(json_object_get(o,
			    "status")), "active");
			assert_true(rfc3339(json_string_value(v)));
			break;
		case 2:
			assert_string_equal(json_string_value(json_object_get(o,
			    "name")), "B\xc3\xa9\x61");
			assert_string_equal(json_string_value(json_object_get(o,
			    "status")), "bounced");
			assert_string_equal(json_string_value(json_object_get(o,
			    "created_at")), "2026-01-01T00:00:00Z");
			assert_string_equal(json_string_value(v),
			    "2026-01-02T00:00:00Z");
			assert_int_equal(json_integer_value(json_object_get(o,
			    "bounce_count")), 2);
			break;
		}
		json_decref(o);
	}
	assert_int_equal(n, 3);
	free(out);
}

static void
test_export_csv(void **state)
{
	static const char header[] = "id,email,name,status,created_at,"
	    "confirmed_at,bounce_count\r\n";
	struct fx *f = *state;
	char *out = NULL;
	const char *err = NULL;
	size_t len = 0, n;
	unsigned line;
	char **fl;
	struct csv *r;
	FILE *fp;

	export_setup(f);
	fp = open_memstream(&out, &len);
	assert_int_equal(export_records(f->st, EXPORT_SUBSCRIBERS, FORMAT_CSV,
	    fp, &err), 0);
	fclose(fp);
	assert_true(strncmp(out, header, sizeof(header) - 1) == 0);
	/* read it back with the project's own CSV reader */
	r = csv_open(out, len, 0, 0);
	assert_int_equal(csv_next(r, &fl, &n, &line, &err), 1);
	assert_int_equal(n, 7);
	assert_int_equal(csv_next(r, &fl, &n, &line, &err), 1);
	assert_int_equal(n, 7);
	assert_string_equal(fl[0], "1");
	assert_string_equal(fl[1], "pat@example.org");
	assert_string_equal(fl[2], "Pat, \"P\" Doe");
	assert_string_equal(fl[3], "pending");
	assert_true(rfc3339(fl[4]));
	assert_string_equal(fl[5], "");
	assert_string_equal(fl[6], "0");
	assert_int_equal(csv_next(r, &fl, &n, &line, &err), 1);
	assert_string_equal(fl[1], "ann@example.org");
	assert_string_equal(fl[2], "");
	assert_string_equal(fl[3], "active");
	assert_true(rfc3339(fl[5]));
	assert_int_equal(csv_next(r, &fl, &n, &line, &err), 1);
	assert_string_equal(fl[4], "2026-01-01T00:00:00Z");
	assert_string_equal(fl[5], "2026-01-02T00:00:00Z");
	assert_string_equal(fl[6], "2");
	assert_int_equal(csv_next(r, &fl, &n, &line, &err), 0);
	csv_close(r);
	free(out);

	/* an export of no subscribers is the header alone */
	{
		struct fx *g;

		assert_int_equal(setup((void **)&g), 0);
		out = NULL;
		fp = open_memstream(&out, &len);
		assert_int_equal(export_records(g->st, EXPORT_SUBSCRIBERS,
		    FORMAT_CSV, fp, &err), 0);
		fclose(fp);
		assert_string_equal(out, header);
		free(out);
		out = NULL;
		fp = open_memstream(&out, &len);
		assert_int_equal(export_records(g->st, EXPORT_SUBSCRIBERS,
		    FORMAT_JSON, fp, &err), 0);
		fclose(fp);
		assert_string_equal(out, "");
		free(out);
		teardown((void **)&g);
		log_set_sink(quiet, NULL);
	}
}

/* an imported file round-trips through the export */
static void
test_import_then_export(void **state)
{
	static const char csv[] = "email,name,status\n"
	    "ann@example.org,\"Okoye, Ann\",active\n"
	    "bo@example.org,Bo,pending\n";
	struct fx *f = *state;
	struct imp r;
	char *out = NULL;
	const char *err;
	size_t len = 0;
	FILE *fp;

	import(f, "a.csv", csv, sizeof(csv) - 1, &r);
	assert_int_equal(r.rc, 0);
	imp_free(&r);
	fp = open_memstream(&out, &len);
	assert_int_equal(export_records(f->st, EXPORT_SUBSCRIBERS, FORMAT_CSV,
	    fp, &err), 0);
	fclose(fp);
	assert_non_null(strstr(out, "\r\n1,ann@example.org,\"Okoye, Ann\","
	    "active,"));
	assert_non_null(strstr(out, "\r\n2,bo@example.org,Bo,pending,"));
	assert_non_null(strstr(out, "Z,,0\r\n"));
	free(out);
}

/* ---- the store's side (store_subscriber.c) ---- */

/* sub_with: a subscriber addr in status (NULL: none made); its id */
static long
sub_with(struct store *st, const char *addr, const char *name,
    const char *status)
{
	enum subscriber_change ch;
	const char *err = NULL;
	char *sql;

	if (status == NULL)
		return 0;
	if (store_subscriber_put(st, addr, name, "pending", 0, &ch, &err) < 0)
		fail_msg("put %s: %s", addr, err);
	sql = xasprintf("UPDATE subscribers SET status = '%s' WHERE "
	    "email = '%s'", status, addr);
	query_exec(st, sql);
	free(sql);
	return store_subscriber_find(st, addr, NULL);
}

/* the status rules of a write, one row per case */
static void
test_store_put_table(void **state)
{
	static const struct {
		const char *from;     /* NULL: a new address */
		const char *to;
		int import;
		const char *name;
		enum subscriber_change change;
		const char *status, *stored_name;
	} t[] = {
		{ NULL, "pending", 0, "Pat", SUB_ADDED, "pending", "Pat" },
		{ NULL, "active", 0, NULL, SUB_ADDED, "active", NULL },
		{ NULL, "unsubscribed", 1, "", SUB_ADDED, "unsubscribed",
		    NULL },
		{ "pending", "pending", 0, NULL, SUB_UNCHANGED, "pending",
		    "Old" },
		{ "pending", "pending", 0, "Old", SUB_UNCHANGED, "pending",
		    "Old" },
		{ "pending", "pending", 0, "", SUB_UNCHANGED, "pending", "Old" },
		{ "pending", "active", 0, NULL, SUB_UPDATED, "active", "Old" },
		/* a request or an add without --confirmed never undoes a
		 * confirmation; a new name is still taken */
		{ "active", "pending", 0, NULL, SUB_UNCHANGED, "active", "Old" },
		{ "active", "pending", 0, "New", SUB_UPDATED, "active", "New" },
		{ "active", "pending", 1, NULL, SUB_UNCHANGED, "active", "Old" },
		/* a former subscriber may ask again */
		{ "unsubscribed", "pending", 0, NULL, SUB_UPDATED, "pending",
		    "Old" },
		{ "bounced", "active", 0, NULL, SUB_UPDATED, "active", "Old" },
		/* (the subscription commands refuse a complainant before
		 * they come here) */
		{ "complained", "pending", 0, NULL, SUB_UPDATED, "pending",
		    "Old" },
		/* an import never brings back an end */
		{ "unsubscribed", "active", 1, "New", SUB_KEPT, "unsubscribed",
		    "Old" },
		{ "bounced", "pending", 1, NULL, SUB_KEPT, "bounced", "Old" },
		{ "complained", "active", 1, NULL, SUB_KEPT, "complained",
		    "Old" },
		/* but may move one end to another, or end an active one */
		{ "bounced", "unsubscribed", 1, NULL, SUB_UPDATED,
		    "unsubscribed", "Old" },
		{ "active", "complained", 1, NULL, SUB_UPDATED, "complained",
		    "Old" },
		{ "unsubscribed", "unsubscribed", 1, NULL, SUB_UNCHANGED,
		    "unsubscribed", "Old" },
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		enum subscriber_change ch = (enum subscriber_change)-1;
		const char *err = NULL;
		char addr[64], *status, *name, *token;
		long id;

		snprintf(addr, sizeof(addr), "put%zu@example.org", i);
		sub_with(f->st, addr, "Old", t[i].from);
		assert_int_equal(store_subscriber_put(f->st, addr, t[i].name,
		    t[i].to, t[i].import, &ch, &err), 0);
		status = status_of(f->st, addr);
		name = name_of(f->st, addr);
		if (ch != t[i].change || strcmp(status, t[i].status) != 0 ||
		    (t[i].stored_name == NULL ? name != NULL : name == NULL ||
		    strcmp(name, t[i].stored_name) != 0)) {
			print_error("case %zu: %s -> %s (import %d): change %d "
			    "status %s name %s\n", i, t[i].from ? t[i].from :
			    "(new)", t[i].to, t[i].import, (int)ch, status,
			    name ? name : "NULL");
			fail();
		}
		/* confirmed_at: the time it last became active */
		if (strcmp(t[i].status, "active") == 0 &&
		    (t[i].from == NULL || strcmp(t[i].from, "active") != 0))
			assert_true(confirmed_at(f->st, addr) > 0);
		/* every row has its 32-hex token */
		id = store_subscriber_find(f->st, addr, NULL);
		assert_true(id > 0);
		token = store_subscriber_token(f->st, id, NULL);
		assert_non_null(token);
		assert_int_equal(strlen(token), 32);
		assert_int_equal(strspn(token, "0123456789abcdef"), 32);
		free(token);
		free(status);
		free(name);
	}
}

/* the soft-bounce rule: the SUBSCRIBER_SOFT_LIMIT-th soft bounce within
 * SUBSCRIBER_SOFT_DAYS suspends; a hard one at once; an end stays */
static void
test_store_bounce_table(void **state)
{
	static const struct {
		const char *from;
		int recent, old;      /* soft bounces before: in, out of the
		                       * window */
		int hard;
		const char *status;
		long count;           /* bounce_count after */
	} t[] = {
		{ "active", 0, 0, 0, "active", 1 },
		{ "active", SUBSCRIBER_SOFT_LIMIT - 2, 0, 0, "active", 1 },
		{ "active", SUBSCRIBER_SOFT_LIMIT - 1, 0, 0, "bounced", 1 },
		{ "pending", SUBSCRIBER_SOFT_LIMIT - 1, 0, 0, "bounced", 1 },
		{ "active", SUBSCRIBER_SOFT_LIMIT + 3, 0, 0, "bounced", 1 },
		{ "active", 0, SUBSCRIBER_SOFT_LIMIT + 3, 0, "active", 1 },
		{ "active", SUBSCRIBER_SOFT_LIMIT - 2, 5, 0, "active", 1 },
		{ "active", 0, 0, 1, "bounced", 1 },
		{ "pending", 0, 0, 1, "bounced", 1 },
		{ "unsubscribed", 0, 0, 1, "unsubscribed", 1 },
		{ "complained", SUBSCRIBER_SOFT_LIMIT, 0, 0, "complained", 1 },
		{ "bounced", 0, 0, 1, "bounced", 1 },
		/* not a failure (a delayed or relayed notice): a row only */
		{ "active", SUBSCRIBER_SOFT_LIMIT, 0, -1, "active", 0 },
	};
	struct fx *f = *state;
	long now = (long)time(NULL);
	size_t i;
	int k;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *err = NULL;
		char addr[64], *sql, *status, idtxt[24];
		long id, rows;

		snprintf(addr, sizeof(addr), "b%zu@example.org", i);
		id = sub_with(f->st, addr, NULL, t[i].from);
		for (k = 0; k < t[i].recent + t[i].old; k++) {
			long at = k < t[i].recent ? now - 86400L * (k + 1) :
			    now - 86400L * (SUBSCRIBER_SOFT_DAYS + 1 + k);

			sql = xasprintf("INSERT INTO bounces(at, hard, "
			    "subscriber) VALUES (%ld, 0, %ld)", at, id);
			query_exec(f->st, sql);
			free(sql);
		}
		assert_int_equal(store_subscriber_bounce(f->st, id, 0, 0, addr,
		    "5.1.1", "failed", t[i].hard, "no such user", &err), 0);
		status = status_of(f->st, addr);
		snprintf(idtxt, sizeof(idtxt), "%ld", id);
		rows = query_long(f->st, "SELECT count(*) FROM bounces WHERE "
		    "subscriber = ?1", idtxt);
		if (strcmp(status, t[i].status) != 0 || query_long(f->st,
		    "SELECT bounce_count FROM subscribers WHERE id = ?1",
		    idtxt) != t[i].count ||
		    rows != t[i].recent + t[i].old + 1) {
			print_error("case %zu: %s with %d+%d soft, hard %d: "
			    "%s, %ld rows\n", i, t[i].from, t[i].recent,
			    t[i].old, t[i].hard, status, rows);
			fail();
		}
		free(status);
	}
	/* an unknown recipient: a row without a subscriber, message or
	 * delivery; NULL texts stay NULL */
	assert_int_equal(store_subscriber_bounce(f->st, 0, 0, 0, NULL, NULL,
	    NULL, -1, NULL, NULL), 0);
	assert_int_equal(query_long(f->st, "SELECT count(*) FROM bounces "
	    "WHERE subscriber IS NULL AND message IS NULL AND delivery IS "
	    "NULL AND hard IS NULL AND recipient IS NULL AND diagnostic IS "
	    "NULL", NULL), 1);
}

/* the commands by mail and by complaint, one row per case */
static void
test_store_commands_table(void **state)
{
	enum op { CONFIRM, UNSUBSCRIBE, COMPLAINED };
	static const struct {
		const char *from;
		enum op op;
		int rc;
		const char *status;
	} t[] = {
		{ "pending", CONFIRM, 1, "active" },
		{ "active", CONFIRM, 0, "active" },
		{ "unsubscribed", CONFIRM, 0, "unsubscribed" },
		{ "bounced", CONFIRM, 0, "bounced" },
		{ "complained", CONFIRM, 0, "complained" },
		{ "pending", UNSUBSCRIBE, 1, "unsubscribed" },
		{ "active", UNSUBSCRIBE, 1, "unsubscribed" },
		{ "bounced", UNSUBSCRIBE, 1, "unsubscribed" },
		{ "unsubscribed", UNSUBSCRIBE, 0, "unsubscribed" },
		{ "complained", UNSUBSCRIBE, 0, "complained" },
		{ "active", COMPLAINED, 0, "complained" },
		{ "unsubscribed", COMPLAINED, 0, "complained" },
		{ "complained", COMPLAINED, 0, "complained" },
	};
	struct fx *f = *state;
	const char *err = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char addr[64], *status;
		const char *sstat = NULL;
		long id;
		int rc;

		snprintf(addr, sizeof(addr), "c%zu@example.org", i);
		id = sub_with(f->st, addr, NULL, t[i].from);
		rc = t[i].op == CONFIRM ?
		    store_subscriber_confirm(f->st, id, &err) :
		    t[i].op == UNSUBSCRIBE ?
		    store_subscriber_unsubscribe(f->st, id, &err) :
		    store_subscriber_complained(f->st, id, &err);
		status = status_of(f->st, addr);
		assert_int_equal(store_subscriber_status(f->st, id, &sstat,
		    &err), 1);
		if (rc != t[i].rc || strcmp(status, t[i].status) != 0 ||
		    sstat == NULL || strcmp(sstat, t[i].status) != 0) {
			print_error("case %zu: %s op %d: rc %d, status %s\n",
			    i, t[i].from, (int)t[i].op, rc, status);
			fail();
		}
		if (t[i].op == CONFIRM && rc == 1)
			assert_true(confirmed_at(f->st, addr) > 0);
		free(status);
	}
	/* no such subscriber: nothing done, no error */
	assert_int_equal(store_subscriber_confirm(f->st, 99999, &err), 0);
	assert_int_equal(store_subscriber_unsubscribe(f->st, 99999, &err), 0);
}

static int
collect(void *ctx, const struct store_subscriber *s)
{
	struct buf *b = ctx;

	buf_appendf(b, "%ld %s %s %s %ld|", s->id, s->email,
	    s->name != NULL ? s->name : "-", s->status, s->bounce_count);
	return s->id == 3 ? 7 : 0;   /* the walk stops at 3 */
}

/* find, by token, token, email, status, count, each */
static void
test_store_lookups(void **state)
{
	struct fx *f = *state;
	const char *status = "x", *err = NULL;
	char *token, *email;
	struct buf b;
	long id;

	assert_int_equal(store_subscriber_find(f->st, "ann@example.org",
	    &err), 0);
	sub_with(f->st, "ann@example.org", "Ann", "active");
	sub_with(f->st, "bo@example.org", NULL, "pending");
	sub_with(f->st, "cy@example.org", "Cy", "bounced");
	sub_with(f->st, "di@example.org", "Di", "active");
	id = store_subscriber_find(f->st, "bo@example.org", &err);
	assert_int_equal(id, 2);
	/* the email column has no case: a local part in capitals too */
	assert_int_equal(store_subscriber_find(f->st, "BO@example.org", &err),
	    2);
	assert_int_equal(store_subscriber_find(f->st, "bo@example.com", &err),
	    0);
	token = store_subscriber_token(f->st, id, &err);
	assert_non_null(token);
	assert_int_equal(store_subscriber_by_token(f->st, token, &status,
	    &err), id);
	/* the status is one of the static names */
	assert_ptr_equal(status, store_subscriber_status_name("pending"));
	assert_int_equal(store_subscriber_by_token(f->st,
	    "0123456789abcdef0123456789abcdef", &status, &err), 0);
	assert_null(status);
	email = store_subscriber_email(f->st, id, &err);
	assert_string_equal(email, "bo@example.org");
	free(email);
	free(token);
	assert_null(store_subscriber_email(f->st, 99999, &err));
	assert_null(store_subscriber_token(f->st, 99999, &err));
	assert_int_equal(store_subscriber_status(f->st, 99999, &status, &err),
	    0);
	assert_null(store_subscriber_status_name("Active"));
	assert_null(store_subscriber_status_name(NULL));
	assert_int_equal(store_subscriber_count(f->st, "active", &err), 2);
	assert_int_equal(store_subscriber_count(f->st, NULL, &err), 4);
	/* each: id order; a callback's non-zero answer stops and is
	 * returned */
	buf_init(&b, 0);
	assert_int_equal(store_subscriber_each(f->st, collect, &b, &err), 7);
	buf_puts(&b, "");
	assert_string_equal(b.data, "1 ann@example.org Ann active 0|"
	    "2 bo@example.org - pending 0|3 cy@example.org Cy bounced 0|");
	buf_free(&b);
	/* remove by address and by token */
	assert_int_equal(store_subscriber_remove(f->st, "ann@example.org", 0,
	    &err), 0);
	assert_status(f->st, "ann@example.org", "unsubscribed");
	token = store_subscriber_token(f->st, 4, &err);
	assert_int_equal(store_subscriber_remove(f->st, token, 1, &err), 0);
	assert_status(f->st, "di@example.org", "unsubscribed");
	assert_int_equal(store_subscriber_remove(f->st, token, 0, &err), 1);
	assert_int_equal(store_subscriber_remove(f->st, "no@example.org", 0,
	    &err), 1);
	free(token);
}

/* a store error's text is the store's copy: still readable after the
 * failed statement is gone (it used to point into SQLite's memory,
 * freed by the finalize that followed) */
static void
test_store_errors(void **state)
{
	struct fx *f = *state;
	enum subscriber_change ch;
	const char *err = NULL, *err2 = NULL;
	char *e = NULL;
	long id = sub_with(f->st, "ann@example.org", "Ann", "active");

	query_exec(f->st, "DROP TABLE bounces");
	assert_int_equal(store_subscriber_bounce(f->st, id, 0, 0,
	    "ann@example.org", NULL, "failed", 1, NULL, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "no such table: bounces"));
	assert_status(f->st, "ann@example.org", "active");
	/* error_r may be NULL */
	assert_int_equal(store_subscriber_bounce(f->st, id, 0, 0, NULL, NULL,
	    NULL, 1, NULL, NULL), -1);

	query_exec(f->st, "ALTER TABLE subscribers RENAME TO gone");
	assert_int_equal(store_subscriber_find(f->st, "ann@example.org",
	    &err), -1);
	assert_non_null(strstr(err, "no such table: subscribers"));
	assert_int_equal(store_subscriber_count(f->st, NULL, &err2), -1);
	assert_non_null(strstr(err2, "no such table: subscribers"));
	assert_int_equal(store_subscriber_put(f->st, "bo@example.org", NULL,
	    "pending", 0, &ch, &err), -1);
	assert_non_null(strstr(err, "no such table: subscribers"));
	assert_int_equal(store_subscriber_confirm(f->st, id, &err), -1);
	assert_int_equal(store_subscriber_each(f->st, collect, NULL, &err),
	    -1);
	assert_null(store_subscriber_token(f->st, id, &err));
	assert_non_null(strstr(err, "no such table: subscribers"));
	/* the operator's side: a store failure, with the reason */
	assert_int_equal(subscriber_set(f->st, "bo@example.org", NULL, NULL,
	    &ch, &e), -2);
	assert_non_null(strstr(e, "store: no such table: subscribers"));
	free(e);
}

/* ---- the export's reads (store_export.c) ---- */

static int
cell_row(void *ctx, const struct store_cell *cells, size_t n)
{
	struct buf *b = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		buf_appendf(b, "%s%c", cells[i].type == STORE_CELL_NULL ?
		    "~" : cells[i].s, i + 1 < n ? ',' : '|');
	return 0;
}

static int
count_row(void *ctx, const char *name, long n)
{
	buf_appendf(ctx, "%s=%ld ", name, n);
	return 0;
}

/* every cell the header names is there, in that order; every export
 * kind finds its columns among them (an empty store exports nothing) */
static void
test_store_export_cells(void **state)
{
	static const struct {
		enum store_export_table t;
		enum export_what w;
		const char *names;
	} t[] = {
		{ STORE_EXPORT_JOBS, EXPORT_JOBS, "id message_id received_at "
		    "company contact_name contact_title contact_email "
		    "contact_phone position_title industry location country "
		    "employment_type salary_min salary_max salary_currency "
		    "salary_period start_date confidential description "
		    "needs_review" },
		{ STORE_EXPORT_CANDIDATES, EXPORT_CANDIDATES, "id message_id "
		    "received_at name email phone current_title "
		    "current_employer desired_position industries locations "
		    "willing_to_relocate salary_min salary_max "
		    "salary_currency salary_period years_experience "
		    "profile_url needs_review" },
		{ STORE_EXPORT_MESSAGES, EXPORT_MESSAGES, "id message_id "
		    "from_addr subject date source uid kind outcome reason" },
		{ STORE_EXPORT_SUBSCRIBERS, EXPORT_SUBSCRIBERS, "id email name "
		    "status created_at confirmed_at bounce_count" },
		{ STORE_EXPORT_BOUNCES, EXPORT_BOUNCES, "id message_id "
		    "received_at recipient status action hard diagnostic "
		    "subscriber" },
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *names = xstrdup(t[i].names), *save = NULL, *w;
		const char *err = NULL;
		char *out = NULL;
		size_t len = 0;
		FILE *fp;
		int k = 0;

		for (w = strtok_r(names, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save), k++)
			if (store_export_cell(t[i].t, w) != k) {
				print_error("table %zu: %s at %d, not %d\n", i,
				    w, store_export_cell(t[i].t, w), k);
				fail();
			}
		assert_int_equal(store_export_cell(t[i].t, "nonsense"), -1);
		free(names);
		fp = open_memstream(&out, &len);
		assert_int_equal(export_records(f->st, t[i].w, FORMAT_JSON, fp,
		    &err), 0);
		fclose(fp);
		assert_int_equal(len, 0);
		free(out);
	}
}

static void
test_store_export_rows(void **state)
{
	struct fx *f = *state;
	struct store_export_totals tot;
	const char *err = NULL;
	struct buf b;

	sub_with(f->st, "ann@example.org", "Ann", "active");
	sub_with(f->st, "bo@example.org", NULL, "pending");
	sub_with(f->st, "cy@example.org", NULL, "pending");
	query_exec(f->st, "UPDATE subscribers SET created_at = 86400, "
	    "confirmed_at = NULL");
	buf_init(&b, 0);
	assert_int_equal(store_export_rows(f->st, STORE_EXPORT_SUBSCRIBERS,
	    STORE_EXPORT_BY_ID, 2, cell_row, &b, &err), 0);
	buf_puts(&b, "");
	assert_string_equal(b.data, "2,bo@example.org,~,pending,86400,~,0|");
	buf_reset(&b);
	assert_int_equal(store_export_rows(f->st, STORE_EXPORT_SUBSCRIBERS,
	    STORE_EXPORT_BY_ID, 9, cell_row, &b, &err), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(store_export_counts(f->st, STORE_COUNT_SUBSCRIBERS,
	    0, count_row, &b, &err), 0);
	buf_puts(&b, "");
	assert_string_equal(b.data, "active=1 pending=2 ");
	buf_reset(&b);
	assert_int_equal(store_export_counts(f->st, STORE_COUNT_OUTBOX, 0,
	    count_row, &b, &err), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	assert_int_equal(store_export_totals(f->st, &tot, &err), 0);
	assert_int_equal(tot.jobs + tot.jobs_review + tot.candidates +
	    tot.candidates_review, 0);
	/* a failed read gives the store's copy of the reason */
	query_exec(f->st, "DROP TABLE outbox");
	assert_int_equal(store_export_counts(f->st, STORE_COUNT_OUTBOX, 0,
	    count_row, NULL, &err), -1);
	assert_non_null(strstr(err, "no such table: outbox"));
	query_exec(f->st, "ALTER TABLE subscribers RENAME TO gone");
	assert_int_equal(store_export_rows(f->st, STORE_EXPORT_SUBSCRIBERS,
	    STORE_EXPORT_ALL, 0, cell_row, NULL, &err), -1);
	assert_non_null(strstr(err, "no such table: subscribers"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_table),
		cmocka_unit_test(test_normalize_lengths),
		cmocka_unit_test(test_status_valid),
		cmocka_unit_test_setup_teardown(test_add_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_transitions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_add_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_set, setup, teardown),
		cmocka_unit_test(test_import_header_forms),
		cmocka_unit_test_setup_teardown(test_import_bad_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import_never_reactivates,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import_10000, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_and_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_json, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_export_csv, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_import_then_export, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_put_table, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_bounce_table, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_commands_table,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_lookups, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_export_cells, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_export_rows, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_attacks.c — hostile mail end to end (issue 7, DESIGN §5): every
 * attack goes through a Maildir, ingest_run and the real SQLite store,
 * and the test looks at the message rows, the records, the export and
 * the folders the mails were moved to.
 *
 * - limits: 10,000 nested multiparts, 100,000 parts, a 10 MB header
 *   line, a 60 MB mail with a 50 MB base64 attachment: each gets a
 *   message row with a reason and a move (rejected ones to .Rejected,
 *   the bytes unchanged there); a good job order in the same run is
 *   recorded (nothing lost, the queue goes on);
 * - NUL bytes and invalid UTF-8 in headers, job-order and candidate
 *   fields and attachment names: every stored TEXT value and every line
 *   of the JSON and CSV export is valid UTF-8 without NUL;
 * - RFC 2047 and RFC 2231 attachment names decoding to CR/LF, "../",
 *   "/", absolute paths, backslashes and control characters: the stored
 *   name is sanitized and the only files written are files/ab/cd/<sha>;
 * - SQL metacharacters (quotes, "; DROP TABLE", %, _, backslashes,
 *   comments) in headers and fields: stored verbatim, tables intact;
 * - subscribe by mail from an address with a second address, CR/LF or
 *   an encoded word in it: no subscriber, no mail to anyone else;
 * - the store under umask 0: database, WAL, SHM and attachment files
 *   0600, the folders 0700.
 */
#include "config.h"

#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "conf.h"
#include "export.h"
#include "ingest.h"
#include "log.h"
#include "mime.h"
#include "subscriber.h"
#include "source.h"
#include "store.h"
#include "store_int.h"   /* store_db: the test reads the database itself */
#include "util.h"

#include "../support/build.h"
#include "../support/inbox.h"
#include "../support/query.h"
#include "../support/scratch.h"

#define DOMAIN "rma-search.example"

static const char conf_text[] =
	"[store]\ndatabase = r.db\nfiles = files\n"
	"[inbox]\nsource = maildir:Maildir\n"
	"[addresses]\n"
	"job_orders = jobs@" DOMAIN "\n"
	"candidates = careers@" DOMAIN "\n"
	"newsletter_requests = newsletter-request@" DOMAIN "\n"
	"from = \"RMA Search\" <office@" DOMAIN ">\n"
	"web_forms = forms@" DOMAIN "\n"
	"[newsletter]\ntemplates = " SRCDIR "/templates\n";

struct fx {
	char dir[64];
	struct conf *conf;
	struct store *st;
	struct ingest *in;
	struct source *src;
	unsigned seq;
};

static void
quiet(enum log_level lvl, const char *line, void *ctx)
{
	(void)ctx;
	if (lvl <= LOGL_ERROR)
		fprintf(stderr, "# log: %.200s\n", line);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *rerr = NULL;

	snprintf(f->dir, sizeof(f->dir), "/tmp/recruit-attacks-XXXXXX");
	inbox_open(f->dir, conf_text, "attacks.conf", &f->conf, &f->st,
	    &f->in, &f->src);
	if (ingest_enable_replies(f->in, &rerr) < 0)
		fail_msg("replies: %s", rerr);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	inbox_close(f->conf, f->st, f->in, f->src);
	if (getenv("KEEP") == NULL)
		scratch_remove(f->dir);
	else
		print_message("# kept %s\n", f->dir);
	free(f);
	return 0;
}

/* put: a mail into Maildir/new under a name that sorts in order */
static void
put(struct fx *f, const char *name, const void *data, size_t len)
{
	const char *err;
	char *path = xasprintf("%s/Maildir/new/17640000%02u.M1P1.%s",
	    f->dir, ++f->seq, name);

	if (file_write_atomic(path, data, len, 0600, &err) < 0)
		fail_msg("%s: %s", path, err);
	free(path);
}

static void
put_str(struct fx *f, const char *name, const char *s)
{
	put(f, name, s, strlen(s));
}

static void
run(struct fx *f, struct ingest_stats *s)
{
	const char *err = NULL;

	memset(s, 0, sizeof(*s));
	assert_int_equal(f->src->ops->open(f->src, &err), 0);
	if (ingest_run(f->in, f->src, s, NULL, &err) != INGEST_OK)
		fail_msg("ingest_run: %s", err ? err : "?");
	f->src->ops->close(f->src);
}

/* count: a number out of the store (-1: no row, or NULL) */
static long
count(struct fx *f, const char *sql)
{
	return query_long(f->st, sql, NULL);
}

/* files of a Maildir++ folder ("" = the inbox itself: new + cur) */
static int
folder_count(struct fx *f, const char *folder)
{
	static const char *const subs[] = { "new", "cur" };
	int n = 0;
	size_t i;

	for (i = 0; i < 2; i++) {
		char *p = xasprintf("%s/Maildir/%s%s%s", f->dir, folder,
		    folder[0] ? "/" : "", subs[i]);
		DIR *d = opendir(p);
		struct dirent *e;

		free(p);
		if (d == NULL)
			continue;
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.')
				n++;
		closedir(d);
	}
	return n;
}

/* the file in folder/cur whose name contains tag: its size, -1 if none */
static long long
folder_file_size(struct fx *f, const char *folder, const char *tag)
{
	char *p = xasprintf("%s/Maildir/%s/cur", f->dir, folder);
	DIR *d = opendir(p);
	struct dirent *e;
	long long size = -1;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			struct stat st;
			char *fp;

			if (strstr(e->d_name, tag) == NULL)
				continue;
			fp = xasprintf("%s/%s", p, e->d_name);
			if (stat(fp, &st) == 0)
				size = (long long)st.st_size;
			free(fp);
		}
		closedir(d);
	}
	free(p);
	return size;
}

/* ---- 1. limits, through the ingest ---- */

static void
test_limits(void **state)
{
	struct fx *f = *state;
	struct ingest_stats s;
	struct buf b;
	size_t big = 60u * 1024 * 1024, hl = 10u * 1024 * 1024, i, pos;
	char *m, *r;

	/* 10,000 nested multiparts */
	buf_init(&b, 0);
	buf_puts(&b, "From: deep@example.net\nTo: jobs@" DOMAIN "\n"
	    "Subject: deep\nMessage-ID: <deep@example.net>\n");
	build_nested_multiparts(&b, 10000, "x");
	put(f, "deep", b.data, b.len);

	/* 100,000 parts */
	buf_reset(&b);
	buf_puts(&b, "From: parts@example.net\nTo: jobs@" DOMAIN "\n"
	    "Subject: parts\nMessage-ID: <parts@example.net>\n");
	build_many_parts(&b, 100000);
	put(f, "parts", b.data, b.len);
	buf_free(&b);

	/* a 10 MB header line (a subject) */
	m = build_line("From: hdr@example.net\nTo: jobs@" DOMAIN "\n"
	    "Message-ID: <hdr@example.net>\nSubject: ", 'a', hl, "\n\nhello\n",
	    &pos);
	put(f, "hdrline", m, pos);
	free(m);

	/* 60 MB with a 50 MB base64 attachment */
	m = xmalloc(big);
	pos = (size_t)snprintf(m, 1024, "From: big@example.net\n"
	    "To: careers@" DOMAIN "\nSubject: CV\n"
	    "Message-ID: <big@example.net>\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=z\n\n--z\n"
	    "Content-Type: text/plain\n\nName: Big Sender\n--z\n"
	    "Content-Type: application/pdf; name=cv.pdf\n"
	    "Content-Transfer-Encoding: base64\n\n");
	for (i = 0; pos + 77 < big - 1024 && i < 50u * 1024 * 1024 / 77; i++) {
		memset(m + pos, 'Q', 76);
		m[pos + 76] = '\n';
		pos += 77;
	}
	memcpy(m + pos, "--z\n", 4);
	pos += 4;
	for (; pos < big - 8; pos++)   /* filler text up to 60 MB */
		m[pos] = (pos % 70 == 0) ? '\n' : 'x';
	memcpy(m + pos, "\n--z--\n", 7);
	pos += 7;
	assert_true(pos > 59u * 1024 * 1024);
	put(f, "huge", m, pos);
	free(m);

	/* and a good job order after them */
	put_str(f, "good", "From: Anna Berger <anna@acme.example>\n"
	    "To: jobs@" DOMAIN "\nSubject: Job order: CFO\n"
	    "Message-ID: <good@acme.example>\n"
	    "Date: Mon, 2 Jun 2025 09:00:00 +0200\n\n"
	    "Company: Acme Holdings AG\nPosition: Chief Financial Officer\n"
	    "Contact: Anna Berger\nEmail: anna@acme.example\n"
	    "Location: Zurich, Switzerland\n"
	    "Salary: EUR 180,000 - 210,000 per year\n");

	/* no time bound here (the suite also runs under valgrind): what
	 * these inputs cost against benign mails of the same size is
	 * measured by contrib/bench/hostile */
	run(f, &s);
	assert_int_equal(s.seen, 5);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 5);

	/* the rejected three: a reason, moved to .Rejected */
	r = query_text(f->st, "SELECT outcome || ': ' || reason FROM messages "
	    "WHERE uid LIKE ?1", "%.deep");
	assert_non_null(r);
	assert_string_equal(r,
	    "rejected: MIME nesting deeper than max_mime_depth");
	free(r);
	r = query_text(f->st, "SELECT outcome || ': ' || reason FROM messages "
	    "WHERE uid LIKE ?1", "%.parts");
	assert_non_null(r);
	assert_string_equal(r, "rejected: more than max_parts MIME parts");
	free(r);
	r = query_text(f->st, "SELECT outcome || ': ' || reason || ' ' || "
	    "raw_truncated FROM messages WHERE from_addr = ?1",
	    "big@example.net");
	assert_non_null(r);
	assert_string_equal(r,
	    "rejected: message larger than max_message_size 1");
	free(r);
	/* the stored head of the big one is bounded; the mail itself is
	 * kept whole in .Rejected */
	assert_true(count(f, "SELECT max(length(raw)) FROM messages "
	    "WHERE raw_truncated = 1") <= (long)LIMIT_MESSAGE_SIZE);
	assert_int_equal(folder_file_size(f, ".Rejected", "huge"),
	    (long long)pos);
	assert_true(folder_file_size(f, ".Rejected", "deep") > 0);
	assert_true(folder_file_size(f, ".Rejected", "parts") > 0);

	/* the 10 MB header line: over max_header_len, rejected with its
	 * reason like the other limits; its raw bytes stored whole */
	r = query_text(f->st, "SELECT outcome || ': ' || reason FROM messages "
	    "WHERE uid LIKE ?1", "%hdrline%");
	assert_non_null(r);
	assert_string_equal(r,
	    "rejected: a header field longer than max_header_len");
	free(r);
	assert_true(count(f, "SELECT length(raw) FROM messages "
	    "WHERE uid LIKE '%hdrline%'") > (long)hl);
	assert_true(folder_file_size(f, ".Rejected", "hdrline") > 0);
	assert_int_equal(folder_count(f, ".Rejected"), 4);

	/* each rejected mail keeps the identity that could be read before
	 * the limit hit, so a consultant can tell which mail it was */
	{
		static const char *const uids[][3] = {
			{ "%.deep", "deep@example.net", "deep" },
			{ "%.parts", "parts@example.net", "parts" },
			{ "%hdrline%", "hdr@example.net", NULL },
			{ "%huge%", "big@example.net", "CV" },
		};
		size_t k;

		for (k = 0; k < ARRAY_SIZE(uids); k++) {
			r = query_text(f->st, "SELECT message_id || ' ' || "
			    "from_addr FROM messages WHERE uid LIKE ?1",
			    uids[k][0]);
			assert_non_null(r);
			m = xasprintf("%s %s", uids[k][1], uids[k][1]);
			assert_string_equal(r, m);
			free(m);
			free(r);
			r = query_text(f->st, "SELECT subject FROM messages "
			    "WHERE uid LIKE ?1", uids[k][0]);
			assert_non_null(r);
			if (uids[k][2] != NULL)
				assert_string_equal(r, uids[k][2]);
			else   /* the 10 MB subject: its head, bounded */
				assert_true(strncmp(r, "aaaa", 4) == 0 &&
				    strlen(r) <= 8192);
			free(r);
		}
	}

	/* the good one recorded; the inbox is empty */
	r = query_text(f->st, "SELECT outcome FROM messages "
	    "WHERE message_id = ?1", "good@acme.example");
	assert_non_null(r);
	assert_string_equal(r, "recorded");
	free(r);
	assert_int_equal(count(f, "SELECT count(*) FROM jobs j JOIN messages "
	    "m ON j.message = m.id WHERE m.message_id = 'good@acme.example'"),
	    1);
	assert_int_equal(folder_count(f, ""), 0);
	assert_int_equal(folder_count(f, ".Rejected") +
	    folder_count(f, ".Processed") + folder_count(f, ".Review"), 5);
}

/* ---- 2. NUL bytes and invalid UTF-8 ---- */

/* every TEXT value of every row of table: valid UTF-8, no NUL */
static void
check_table(struct fx *f, const char *table)
{
	char *sql = xasprintf("SELECT * FROM %s", table);
	sqlite3_stmt *q;
	int rows = 0;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), sql, -1, &q,
	    NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int c;

		rows++;
		for (c = 0; c < sqlite3_column_count(q); c++) {
			const char *v;
			size_t n;

			if (sqlite3_column_type(q, c) != SQLITE_TEXT)
				continue;
			v = (const char *)sqlite3_column_text(q, c);
			n = (size_t)sqlite3_column_bytes(q, c);
			if (memchr(v, '\0', n) != NULL)
				fail_msg("%s.%s: NUL byte stored", table,
				    sqlite3_column_name(q, c));
			if (!utf8_valid(v, n))
				fail_msg("%s.%s: invalid UTF-8 stored: %.60s",
				    table, sqlite3_column_name(q, c), v);
		}
	}
	sqlite3_finalize(q);
	free(sql);
}

static void
check_export(struct fx *f, enum export_what w, enum export_format fmt)
{
	const char *err;
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	assert_non_null(fp);
	assert_int_equal(export_records(f->st, w, fmt, fp, &err), 0);
	fclose(fp);
	assert_true(n > 0);
	if (memchr(out, '\0', n) != NULL)
		fail_msg("export %d/%d: NUL byte", (int)w, (int)fmt);
	if (!utf8_valid(out, n))
		fail_msg("export %d/%d: invalid UTF-8", (int)w, (int)fmt);
	if (strstr(out, "\\u0000") != NULL)
		fail_msg("export %d/%d: an escaped NUL", (int)w, (int)fmt);
	free(out);
}

static const char nul_job[] =
	"From: \"Ann\0a \xff\xfe Berger\" <anna@acme.example>\n"
	"To: jobs@" DOMAIN "\n"
	"Subject: Job order: C\0FO \xc0\xaf \xed\xa0\x80 =?utf-8?b?/w==?= "
	"=?utf-8?q?a=00b?=\n"
	"Message-ID: <nul\0job@acme.example>\n"
	"Date: Mon, 2 Jun 2025 09:00:00 +0200\n"
	"MIME-Version: 1.0\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"Content-Transfer-Encoding: 8bit\n\n"
	"Company: Ac\0me \xff Holdings AG\n"
	"Position: Chief \xc3 Financial\0 Officer\n"
	"Contact: Anna \xe2\x82 Berger\n"
	"Email: anna@acme.example\n"
	"Phone: +41 44 \0 123 45 67\n"
	"Location: Z\xfcrich, Switzerland\n"
	"Salary: EUR 180,000 - 210,000 per year\0\xff\n"
	"Employment type: full\0-time\n"
	"Description: one \xf8\x88\x80\x80\x80 two \0 three\n";

static const char nul_cand[] =
	"From: Jane \xff Doe <jane@example.net>\n"
	"To: careers@" DOMAIN "\n"
	"Subject: Application \0 \xfe\n"
	"Message-ID: <nul-cand@example.net>\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
	"--b1\nContent-Type: text/plain; charset=utf-8\n\n"
	"Name: Jane \0 Do\xe9\n"
	"Email: jane@example.net\n"
	"Current title: Treasury \xff Manager\n"
	"Desired position: Head of \0 Treasury\n"
	"Preferred locations: London\0, Z\xfcrich\n\n"
	"--b1\nContent-Type: text/plain; name=\"c\0v\xff.txt\"\n"
	"Content-Disposition: attachment; filename*=utf-8''c%00v%FF%C0.txt\n"
	"\nJane Doe\0 \xff Treasury Manager\n"
	"--b1\nContent-Type: text/plain; charset=iso-8859-1\n"
	"Content-Disposition: attachment; "
	"filename=\"=?iso-8859-1?q?Lebenslauf_J=FCrgen=00=FF.txt?=\"\n\n"
	"Lebenslauf J\xfcrgen\n"
	"--b1--\n";

static void
test_nul_and_invalid_utf8(void **state)
{
	static const char *const tables[] = { "messages", "jobs",
		"candidates", "resumes", "attachments", "outbox" };
	struct fx *f = *state;
	struct ingest_stats s;
	size_t i;

	put(f, "nuljob", nul_job, sizeof(nul_job) - 1);
	put(f, "nulcand", nul_cand, sizeof(nul_cand) - 1);
	run(f, &s);
	assert_int_equal(s.seen, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM jobs"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM candidates"), 1);
	assert_true(count(f, "SELECT count(*) FROM resumes") >= 1);
	for (i = 0; i < ARRAY_SIZE(tables); i++)
		check_table(f, tables[i]);
	check_export(f, EXPORT_JOBS, FORMAT_JSON);
	check_export(f, EXPORT_JOBS, FORMAT_CSV);
	check_export(f, EXPORT_CANDIDATES, FORMAT_JSON);
	check_export(f, EXPORT_CANDIDATES, FORMAT_CSV);
	check_export(f, EXPORT_MESSAGES, FORMAT_JSON);
	check_export(f, EXPORT_MESSAGES, FORMAT_CSV);
	/* what survives is still there: the company is not dropped */
	{
		char *c = query_text(f->st, "SELECT company FROM jobs", NULL);

		assert_non_null(c);
		assert_non_null(strstr(c, "Holdings AG"));
		free(c);
	}
}

/* ---- 3. attachment names ---- */

struct name_case {
	const char *header;     /* Content-Disposition parameters */
};

static const struct name_case names[] = {
	{ "filename=\"=?utf-8?q?=2E=2E=2F=2E=2E=2Fetc=2Fcron=2Ed=2Fx.txt?=\"" },
	{ "filename=\"=?utf-8?b?L2V0Yy9wYXNzd2Q=?=\"" },      /* /etc/passwd */
	{ "filename=\"=?utf-8?q?cv=0D=0ABcc=3A_x=40y.example.txt?=\"" },
	{ "filename*=utf-8''%2E%2E%2F%2E%2E%2Ftmp%2Frecruitd-attack.txt" },
	{ "filename*=utf-8''%2Fvar%2Fmail%2Froot.txt" },
	{ "filename*0*=utf-8''..%2F..%2F; filename*1=\"..%2Fx\"; "
	  "filename*2*=%0D%0A.txt" },
	{ "filename*=utf-8''a%07b%1Bc%7Fd%00e.txt" },
	{ "filename=\"C:\\\\Windows\\\\System32\\\\evil.txt\"" },
	{ "filename=\"..\"" },
	{ "filename*=utf-8''%E2%80%AEtxt.exe" },
	{ "filename=\"=?utf-8?q?=2E?=\"" },
	{ "filename=\"\\\\\\\\server\\\\share\\\\x.txt\"" },
};

static int files_bad;
static char files_root[128];

static int
walk_files(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	const char *rel = path + strlen(files_root);
	size_t i;

	(void)ftw;
	if (flag == FTW_D) {
		if ((sb->st_mode & 0777) != 0700) {
			print_message("# folder %s mode %o\n", path,
			    (unsigned)(sb->st_mode & 0777));
			files_bad++;
		}
		return 0;
	}
	/* "/ab/cd/<64 hex>" with ab and cd its first four digits */
	if (flag != FTW_F || strlen(rel) != 1 + 2 + 1 + 2 + 1 + 64 ||
	    rel[0] != '/' || rel[3] != '/' || rel[6] != '/' ||
	    memcmp(rel + 1, rel + 7, 2) != 0 ||
	    memcmp(rel + 4, rel + 9, 2) != 0) {
		print_message("# unexpected file %s\n", path);
		files_bad++;
		return 0;
	}
	for (i = 7; i < strlen(rel); i++)
		if (!strchr("0123456789abcdef", rel[i]))
			files_bad++;
	if ((sb->st_mode & 0777) != 0600) {
		print_message("# file %s mode %o\n", path,
		    (unsigned)(sb->st_mode & 0777));
		files_bad++;
	}
	return 0;
}

/* the whole test folder: only what the store and the Maildir make */
static int tree_bad;
static const char *tree_root;

static int
walk_tree(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	const char *rel = path + strlen(tree_root);

	(void)sb;
	(void)flag;
	(void)ftw;
	if (*rel == '\0' || strncmp(rel, "/Maildir", 8) == 0 ||
	    strncmp(rel, "/files", 6) == 0 || strncmp(rel, "/r.db", 5) == 0)
		return 0;
	print_message("# unexpected path %s\n", path);
	tree_bad++;
	return 0;
}

static void
test_attachment_names(void **state)
{
	struct fx *f = *state;
	struct ingest_stats s;
	struct buf b;
	sqlite3_stmt *q;
	size_t i;
	int n = 0;

	unlink("/tmp/recruitd-attack.txt");
	buf_init(&b, 0);
	buf_puts(&b, "From: Marek <marek@poczta.example>\n"
	    "To: careers@" DOMAIN "\nSubject: Application\n"
	    "Message-ID: <names@poczta.example>\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"nb\"\n\n"
	    "--nb\nContent-Type: text/plain\n\n"
	    "Name: Marek Kowalski\nEmail: marek@poczta.example\n"
	    "Desired position: CISO\n\n");
	for (i = 0; i < ARRAY_SIZE(names); i++)
		buf_appendf(&b, "--nb\nContent-Type: text/plain; "
		    "charset=us-ascii\nContent-Disposition: attachment; %s\n\n"
		    "resume number %zu of Marek Kowalski\n", names[i].header,
		    i);
	buf_puts(&b, "--nb--\n");
	put(f, "names", b.data, b.len);
	buf_free(&b);
	run(f, &s);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
	    "SELECT filename, sha256 FROM resumes ORDER BY position", -1, &q,
	    NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *fn = (const char *)sqlite3_column_text(q, 0);
		const char *sha = (const char *)sqlite3_column_text(q, 1);
		char *path;
		const unsigned char *p;

		n++;
		assert_non_null(sha);
		path = store_attachment_path(f->st, sha);
		assert_int_equal(access(path, R_OK), 0);
		free(path);
		if (fn == NULL)
			continue;
		print_message("# stored name: %s\n", fn);
		assert_true(utf8_valid(fn, strlen(fn)));
		assert_null(strchr(fn, '/'));
		assert_null(strchr(fn, '\\'));
		assert_true(fn[0] != '.' && fn[0] != '\0');
		assert_null(strstr(fn, "\xe2\x80\xae"));
		for (p = (const unsigned char *)fn; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				fail_msg("control character %#x in \"%s\"",
				    *p, fn);
	}
	sqlite3_finalize(q);
	/* names that sanitize to nothing, or to a program (.exe), are no
	 * résumé; every other one is there */
	assert_true(n >= 8);

	/* nothing written outside the store */
	assert_int_equal(access("/tmp/recruitd-attack.txt", F_OK), -1);
	assert_int_equal(access("/etc/cron.d/x.txt", F_OK), -1);
	assert_int_equal(access("/var/mail/root.txt", F_OK), -1);
	snprintf(files_root, sizeof(files_root), "%s", f->conf->files);
	files_bad = 0;
	assert_int_equal(nftw(files_root, walk_files, 16, FTW_PHYS), 0);
	assert_int_equal(files_bad, 0);
	tree_root = f->dir;
	tree_bad = 0;
	assert_int_equal(nftw(f->dir, walk_tree, 16, FTW_PHYS), 0);
	assert_int_equal(tree_bad, 0);
}

/* ---- 4. SQL metacharacters ---- */

#define SQLI "O'Brien \"Ltd\"; DROP TABLE jobs;-- 100% _x_ \\' ' OR '1'='1"

static void
test_sql_metacharacters(void **state)
{
	struct fx *f = *state;
	struct ingest_stats s;
	char *v;

	put_str(f, "sqljob", "From: \"Robert'); DROP TABLE messages;--\" "
	    "<bobby@tables.example>\n"
	    "To: jobs@" DOMAIN "\n"
	    "Subject: Job order: " SQLI "\n"
	    "Message-ID: <'; DELETE FROM jobs; --@tables.example>\n"
	    "Date: Mon, 2 Jun 2025 09:00:00 +0200\n\n"
	    "Company: " SQLI "\n"
	    "Position: Chief Financial Officer %_%\n"
	    "Contact: Robert'); DROP TABLE candidates;--\n"
	    "Email: bobby@tables.example\n"
	    "Location: Zurich, Switzerland\n"
	    "Salary: EUR 180,000 - 210,000 per year\n");
	put_str(f, "sqlcand", "From: x@tables.example\n"
	    "To: careers@" DOMAIN "\nSubject: CV\n"
	    "Message-ID: <sqlcand@tables.example>\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=s\n\n"
	    "--s\nContent-Type: text/plain\n\n"
	    "Name: " SQLI "\nEmail: x@tables.example\n"
	    "Desired position: 50% _ of ' everything\n\n"
	    "--s\nContent-Type: text/plain\nContent-Disposition: attachment; "
	    "filename=\"cv'; DROP TABLE resumes;--.txt\"\n\n"
	    "Robert Tables, DBA\n--s--\n");
	run(f, &s);
	assert_int_equal(s.outcomes[OUT_RECORDED], 2);
	assert_int_equal(count(f, "SELECT count(*) FROM jobs"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM candidates"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM resumes"), 1);

	v = query_text(f->st, "SELECT company FROM jobs", NULL);
	assert_non_null(v);
	assert_string_equal(v, SQLI);
	free(v);
	v = query_text(f->st, "SELECT subject FROM messages "
	    "WHERE from_addr = ?1", "bobby@tables.example");
	assert_non_null(v);
	assert_string_equal(v, "Job order: " SQLI);
	free(v);
	v = query_text(f->st, "SELECT from_name FROM messages "
	    "WHERE from_addr = ?1", "bobby@tables.example");
	assert_non_null(v);
	assert_string_equal(v, "Robert'); DROP TABLE messages;--");
	free(v);
	v = query_text(f->st, "SELECT position_title FROM jobs", NULL);
	assert_non_null(v);
	assert_string_equal(v, "Chief Financial Officer %_%");
	free(v);
	v = query_text(f->st, "SELECT name FROM candidates", NULL);
	assert_non_null(v);
	assert_string_equal(v, SQLI);
	free(v);
	v = query_text(f->st, "SELECT filename FROM resumes", NULL);
	assert_non_null(v);
	assert_non_null(strstr(v, "'; DROP TABLE resumes;--"));
	free(v);
	/* the export quotes them and still has one record each */
	check_export(f, EXPORT_JOBS, FORMAT_CSV);
	check_export(f, EXPORT_CANDIDATES, FORMAT_JSON);
	/* and the store goes on working */
	put_str(f, "after", "From: later@acme.example\nTo: jobs@" DOMAIN "\n"
	    "Subject: Job order: CTO\nMessage-ID: <after@acme.example>\n\n"
	    "Company: Later AG\nPosition: CTO\nEmail: later@acme.example\n"
	    "Location: Basel, Switzerland\n");
	run(f, &s);
	assert_int_equal(s.seen, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM messages"), 3);
}

/* ---- 5. subscribe by mail from hostile addresses ---- */

static void
test_subscribe_hostile_from(void **state)
{
	static const char *const froms[] = {
		"a@ok.example, victim@example.org",
		"a@ok.example\n\tBcc: victim@example.org",
		"<a@ok.example>, <victim@example.org>",
		"=?utf-8?q?a=40ok.example=0D=0ABcc=3A_victim=40example.org?=",
		"\"victim@example.org\r\n\" <victim@example.org\r>",
		"victim@example.org\rBcc: x@example.org",
		"<victim@example.org>\r\n\r\nBcc: x@example.org",
	};
	struct fx *f = *state;
	struct ingest_stats s;
	sqlite3_stmt *q;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(froms); i++) {
		char *m = xasprintf("From: %s\nTo: newsletter-request@" DOMAIN
		    "\nSubject: subscribe\nMessage-ID: <sub%zu@ok.example>\n"
		    "\nsubscribe\n", froms[i], i);

		put_str(f, "sub", m);
		free(m);
	}
	run(f, &s);
	assert_int_equal(s.seen, ARRAY_SIZE(froms));
	/* Anyone may ask for any one address (the confirmation is the
	 * guard); what must never happen is a stored or written-to value
	 * that is more than one plain address */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
	    "SELECT email FROM subscribers UNION ALL "
	    "SELECT to_addr FROM outbox", -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(q, 0);
		char *norm = subscriber_addr_normalize(a);

		print_message("# address used: %s\n", a);
		assert_non_null(norm);
		assert_string_equal(norm, a);
		assert_null(strpbrk(a, "\r\n\t ,<>\"=?"));
		free(norm);
	}
	sqlite3_finalize(q);
	assert_int_equal(count(f, "SELECT count(*) FROM subscribers WHERE "
	    "email LIKE '%x@example.org%'"), 0);
	/* every queued mail has one recipient and no header of the
	 * sender's making */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st),
	    "SELECT raw FROM outbox", -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *raw = sqlite3_column_blob(q, 0);
		size_t n = (size_t)sqlite3_column_bytes(q, 0);
		struct mail *m = NULL;
		const char *err;

		assert_int_equal(mime_parse(raw, n, &f->conf->limits, &m,
		    &err), MIME_OK);
		assert_int_equal(m->n_rcpt, 1);
		assert_null(mail_header_get(m, "Bcc"));
		assert_null(mail_header_get(m, "Cc"));
		mail_free(m);
	}
	sqlite3_finalize(q);
}

/* ---- 6. the store's modes, even under umask 0 ---- */

static void
test_store_modes(void **state)
{
	static const char *const db_files[] = { "r.db", "r.db-wal",
		"r.db-shm" };
	struct fx *f = *state;
	struct ingest_stats s;
	struct store *st;
	const char *err;
	char *db, *files;
	mode_t old;
	size_t i;

	/* a fresh store made under umask 0 */
	store_close(f->st);
	f->st = NULL;
	ingest_free(f->in);
	f->in = NULL;
	db = xasprintf("%s/r.db", f->dir);
	files = xasprintf("%s/files", f->dir);
	unlink(db);
	assert_int_equal(rmdir(files), 0);
	old = umask(0);
	assert_int_equal(store_open(db, files, &st, &err), 0);
	f->st = st;
	f->in = ingest_new(f->conf, f->st, &err);
	assert_non_null(f->in);
	put_str(f, "cv", "From: Jane Doe <jane@example.net>\n"
	    "To: careers@" DOMAIN "\nSubject: CV\n"
	    "Message-ID: <modes@example.net>\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=m\n\n"
	    "--m\nContent-Type: text/plain\n\nName: Jane Doe\n"
	    "Email: jane@example.net\nDesired position: CFO\n\n"
	    "--m\nContent-Type: text/plain\nContent-Disposition: attachment; "
	    "filename=cv.txt\n\nJane Doe, CFO\n--m--\n");
	run(f, &s);
	assert_int_equal(s.outcomes[OUT_RECORDED], 1);
	umask(old);
	for (i = 0; i < ARRAY_SIZE(db_files); i++) {
		char *p = xasprintf("%s/%s", f->dir, db_files[i]);
		struct stat sb;

		if (stat(p, &sb) < 0) {
			/* WAL and SHM exist while the store is open */
			fail_msg("%s missing", p);
		}
		if ((sb.st_mode & 0777) != 0600)
			fail_msg("%s: mode %o, want 600", p,
			    (unsigned)(sb.st_mode & 0777));
		free(p);
	}
	assert_int_equal(count(f, "SELECT count(*) FROM resumes"), 1);
	snprintf(files_root, sizeof(files_root), "%s", files);
	files_bad = 0;
	assert_int_equal(nftw(files_root, walk_files, 16, FTW_PHYS), 0);
	assert_int_equal(files_bad, 0);
	free(db);
	free(files);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_and_invalid_utf8,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_attachment_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sql_metacharacters,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscribe_hostile_from,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_modes, setup,
		    teardown),
	};

	log_set_sink(quiet, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_util.c — bounded buffers, UTF-8 cleaning, sizes, durations, hashes,
 * crash-safe writes. */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

static void
test_buf_ceiling(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "abcd"), 0);
	assert_int_equal(buf_puts(&b, "efgh"), 0);
	assert_int_equal(buf_putc(&b, 'i'), -1);
	assert_true(b.over);
	assert_string_equal(b.data, "abcdefgh");
	assert_int_equal(b.len, 8);
	buf_free(&b);
	buf_init(&b, 0);
	assert_int_equal(buf_appendf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(b.data, "42-x");
	buf_free(&b);
}

static void
test_utf8(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		int valid;
		const char *clean;   /* keep_newlines = 1 */
	} rows[] = {
		{ "plain", 5, 1, "plain" },
		{ "J\xc3\xbcrgen", 7, 1, "J\xc3\xbcrgen" },
		{ "bad \xff byte", 10, 0, "bad \xef\xbf\xbd byte" },
		{ "over\xc0\xaflong", 10, 0, "over\xef\xbf\xbd\xef\xbf\xbdlong" },
		{ "nul\0inside", 10, 1, "nulinside" },
		{ "a\r\nb\tc\x1b", 7, 1, "a\nb\tc" },
		{ "surrogate\xed\xa0\x80", 12, 0,
		  "surrogate\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "c1\xc2\x85x", 5, 1, "c1x" },
		{ "cut\xe2\x82", 5, 0, "cut\xef\xbf\xbd\xef\xbf\xbd" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char *c = utf8_clean(rows[i].in, rows[i].n, 1);

		if (utf8_valid(rows[i].in, rows[i].n) != rows[i].valid)
			fail_msg("row %zu: utf8_valid", i);
		assert_string_equal(c, rows[i].clean);
		assert_true(utf8_valid(c, strlen(c)));
		free(c);
	}
}

static void
test_sizes_durations(void **state)
{
	static const struct { const char *s; int ok; size_t v; } sizes[] = {
		{ "25M", 0, 25u * 1024 * 1024 }, { "512k", 0, 512u * 1024 },
		{ "100", 0, 100 }, { "1G", 0, 1024u * 1024 * 1024 },
		{ "10MB", 0, 10u * 1024 * 1024 }, { "", -1, 0 }, { "x", -1, 0 },
		{ "5 T", -1, 0 }, { "99999999999999999999999", -1, 0 },
		{ "-1", -1, 0 },
	};
	static const struct { const char *s; int ok; long v; } durs[] = {
		{ "60", 0, 60 }, { "6h", 0, 21600 }, { "3d", 0, 259200 },
		{ "15m", 0, 900 }, { "90s", 0, 90 }, { "1w", 0, 604800 },
		{ "h", -1, 0 }, { "6 hours", -1, 0 },
	};
	size_t i, sz;
	long d;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		int r = parse_size(sizes[i].s, &sz);

		if (r != sizes[i].ok)
			fail_msg("parse_size(%s) = %d", sizes[i].s, r);
		if (r == 0)
			assert_int_equal(sz, sizes[i].v);
	}
	for (i = 0; i < ARRAY_SIZE(durs); i++) {
		int r = parse_duration(durs[i].s, &d);

		if (r != durs[i].ok)
			fail_msg("parse_duration(%s) = %d", durs[i].s, r);
		if (r == 0)
			assert_int_equal(d, durs[i].v);
	}
}

static void
test_sha256_and_time(void **state)
{
	char h[65], t[21];

	(void)state;
	sha256_hex("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	time_rfc3339(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00Z");
	time_rfc3339(1764000000, t);
	assert_string_equal(t, "2025-11-24T16:00:00Z");
}

static void
test_strings(void **state)
{
	char s[] = "  Hello \t\r\n";

	(void)state;
	assert_string_equal(str_trim(s), "Hello");
	assert_true(str_prefix_ci("Auto-Submitted", "auto-"));
	assert_true(str_suffix_ci("CV.PDF", ".pdf"));
	assert_non_null(mem_find_ci("xxMAILER-daemon", 15, "mailer-DAEMON"));
	assert_null(mem_find_ci("mailer\0daemon", 13, "mailer daemon"));
	assert_true(str_eq_ci(NULL, NULL));
	assert_false(str_eq_ci("a", NULL));
}

/* mem_one_of: the first of the set that starts there, never a byte past
 * n (a sequence cut by the end is none), nothing at the end */
static void
test_mem_one_of(void **state)
{
	static const char *const set[] = { "-", "\xe2\x80\x93",
	    "\xe2\x80", "\xc2\xa0", NULL };

	(void)state;
	assert_int_equal(mem_one_of("-5", 2, set), 1);
	assert_int_equal(mem_one_of("\xe2\x80\x93x", 4, set), 3);
	/* cut after two bytes: the shorter entry matches */
	assert_int_equal(mem_one_of("\xe2\x80\x93", 2, set), 2);
	assert_int_equal(mem_one_of("\xc2\xa0", 1, set), 0);
	assert_int_equal(mem_one_of("\xc2\xa0", 2, set), 2);
	assert_int_equal(mem_one_of("x-", 2, set), 0);
	assert_int_equal(mem_one_of("-", 0, set), 0);
}

/* mem_find_ci against the plain definition: the first offset where the
 * needle matches, ASCII case folded; tables of edge cases, then random
 * haystacks of few distinct bytes (so that matches and near misses are
 * common) with needles cut from them */
static const char *
naive_find_ci(const char *h, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (tolower((unsigned char)h[i + j]) !=
			    tolower((unsigned char)needle[j]))
				break;
		if (j == m)
			return h + i;
	}
	return NULL;
}

static void
test_mem_find_ci(void **state)
{
	static const struct {
		const char *hay;
		size_t n;
		const char *needle;
		long want;          /* offset, -1 none */
	} rows[] = {
		{ "Content-Type: x", 15, "content-type", 0 },
		{ "xx content-TYPE", 15, "Content-Type", 3 },
		{ "content-typ", 11, "content-type", -1 },
		{ "a-b-c-d", 7, "-d", 5 },
		{ "--d", 3, "-d", 1 },
		{ "mail from:<a>", 13, "mail from", 0 },
		{ "RCPT TO:<a>", 11, "rcpt to", 0 },
		{ "abc", 3, "", 0 },
		{ "", 0, "a", -1 },
		{ "ab\0cd", 5, "cd", 3 },
		{ "ab\0cd", 5, "b\0c", 1 },       /* (the needle ends at NUL) */
		{ "ab\0cd", 5, "bc", -1 },
		{ "zzzq", 4, "zq", 2 },
		{ "\xc3\xa9t\xc3\xa9", 5, "\xc3\xa9", 0 },
		{ "\xc3\x89T\xc3\xa9", 5, "t\xc3\xa9", 2 },
	};
	static const char alphabet[] = "aAbB-:. \n";
	char hay[256], needle[16];
	size_t i, k;
	unsigned seed = 7;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *r = mem_find_ci(rows[i].hay, rows[i].n,
		    rows[i].needle);
		long got = r ? (long)(r - rows[i].hay) : -1;

		if (got != rows[i].want)
			fail_msg("row %zu: \"%s\" in \"%.*s\": %ld, want %ld", i,
			    rows[i].needle, (int)rows[i].n, rows[i].hay, got,
			    rows[i].want);
	}
	for (i = 0; i < 20000; i++) {
		size_t n = (seed = seed * 1103515245u + 12345u) >> 16 & 127;
		size_t m = 1 + ((seed = seed * 1103515245u + 12345u) >> 16 & 7);
		const char *a, *b;

		for (k = 0; k < n; k++)
			hay[k] = alphabet[((seed = seed * 1103515245u +
			    12345u) >> 16) % (sizeof(alphabet) - 1)];
		for (k = 0; k < m; k++)
			needle[k] = alphabet[((seed = seed * 1103515245u +
			    12345u) >> 16) % (sizeof(alphabet) - 1)];
		needle[m] = '\0';
		a = mem_find_ci(hay, n, needle);
		b = naive_find_ci(hay, n, needle);
		if (a != b)
			fail_msg("\"%s\" in \"%.*s\": %ld, want %ld", needle,
			    (int)n, hay, a ? (long)(a - hay) : -1,
			    b ? (long)(b - hay) : -1);
	}
}

static void
test_pct_decode(void **state)
{
	static const struct { const char *in; const char *out; size_t n; } rows[] = {
		{ "J%C3%BCrgen", "J\xc3\xbcrgen", 7 },
		{ "100%", "100%", 4 },
		{ "%zz%4", "%zz%4", 5 },
		{ "a%2Fb%2fc", "a/b/c", 5 },
		{ "nul%00x", "nul\0x", 5 },
	};
	struct buf b;
	size_t i;

	(void)state;
	assert_int_equal(hex_digit('F'), 15);
	assert_int_equal(hex_digit('g'), -1);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		buf_init(&b, 0);
		assert_int_equal(buf_pct_decode(&b, rows[i].in,
		    strlen(rows[i].in)), 0);
		assert_int_equal(b.len, rows[i].n);
		assert_memory_equal(b.data, rows[i].out, rows[i].n);
		buf_free(&b);
	}
	buf_init(&b, 2);
	assert_int_equal(buf_pct_decode(&b, "%41%42%43", 9), -1);
	buf_free(&b);
}

static void
test_file_write_atomic(void **state)
{
	char dir[] = "/tmp/recruit-util-XXXXXX", *path, *data;
	const char *err;
	struct stat st;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/a/b/file", dir);
	{
		char *sub = xasprintf("%s/a/b", dir);

		assert_int_equal(mkdir_p(sub, 0700), 0);
		assert_int_equal(mkdir_p(sub, 0700), 0);  /* exists: fine */
		free(sub);
	}
	assert_int_equal(file_write_atomic(path, "hello", 5, 0600, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(file_read(path, 100, &data, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(data, "hello");
	free(data);
	assert_int_equal(file_read(path, 3, &data, &n, &err), -1);
	assert_string_equal(err, "file too large");
	unlink(path);
	free(path);
	path = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(path), 0);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_ceiling),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_sizes_durations),
		cmocka_unit_test(test_sha256_and_time),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_mem_one_of),
		cmocka_unit_test(test_mem_find_ci),
		cmocka_unit_test(test_pct_decode),
		cmocka_unit_test(test_file_write_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

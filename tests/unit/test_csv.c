/* test_csv.c — the CSV reader over a table of inputs: BOM, CRLF/LF, a
 * missing last line end, quotes and "" escapes, line breaks in quoted
 * fields, ';' detection, blank lines, every error with its line and the
 * record after it (resynchronisation), the limits and their defaults;
 * then big and pathological inputs.  Each input is copied into a buffer
 * of its exact size, so a read past the end shows under ASan. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "util.h"

/* S: a literal with its length (it may hold NUL bytes) */
#define S(lit) lit, sizeof(lit) - 1

struct row {
	const char *in;
	size_t len;
	size_t max_fields, max_field;
	/*
	 * What csv_next gives, one line per call until it returns 0:
	 * "LINE:f1|f2" for a record (in a field \n, \r, |, \\ and NUL are
	 * written \n \r \| \\ \0), "LINE!error" for an error.
	 */
	const char *want;
};

static const struct row rows[] = {
	/* the plain forms */
	{ S(""), 0, 0, "" },
	{ S("a,b,c\n"), 0, 0, "1:a|b|c" },
	{ S("a,b,c"), 0, 0, "1:a|b|c" },              /* no last line end */
	{ S("email,name,status\nx@y.org,Ann,confirmed\n"), 0, 0,
	  "1:email|name|status\n2:x@y.org|Ann|confirmed" },
	{ S("a,b\r\nc,d\r\n"), 0, 0, "1:a|b\n2:c|d" },
	{ S("a,b\r\nc,d\ne,f\r\n"), 0, 0, "1:a|b\n2:c|d\n3:e|f" }, /* mixed */
	{ S("a,b\r"), 0, 0, "1:a|b" },                /* CR at the end */
	{ S("a\rb,c\n"), 0, 0, "1:a\\rb|c" },         /* lone CR: data */
	{ S(" a , b \n"), 0, 0, "1: a | b " },        /* blanks are data */
	{ S("  \n"), 0, 0, "1:  " },                  /* not a blank line */
	{ S("a\n"), 0, 0, "1:a" },
	{ S(",,\n"), 0, 0, "1:||" },
	{ S("a,\n"), 0, 0, "1:a|" },
	{ S("a,"), 0, 0, "1:a|" },
	{ S(","), 0, 0, "1:|" },
	{ S("Jos\xc3\xa9,\xe2\x82\xac 5\n"), 0, 0,
	  "1:Jos\xc3\xa9|\xe2\x82\xac 5" },          /* raw bytes */
	{ S("a\\b,c\n"), 0, 0, "1:a\\\\b|c" },
	/* BOM */
	{ S("\xef\xbb\xbf" "email,name\nx@y,Z\n"), 0, 0,
	  "1:email|name\n2:x@y|Z" },
	{ S("\xef\xbb\xbf"), 0, 0, "" },
	{ S("\xef\xbb"), 0, 0, "1:\xef\xbb" },        /* half a BOM: data */
	{ S("a\n\xef\xbb\xbf"), 0, 0, "1:a\n2:\xef\xbb\xbf" }, /* not first */
	{ S("\xef\xbb\xbf\"a\",b"), 0, 0, "1:a|b" },
	/* blank lines */
	{ S("\n\na,b\n\n\r\n\nc\n\n"), 0, 0, "3:a|b\n7:c" },
	{ S("\r\n"), 0, 0, "" },
	{ S("\n\n\n"), 0, 0, "" },
	{ S("a\n\r"), 0, 0, "1:a" },
	/* quotes */
	{ S("\"a,b\",c\n"), 0, 0, "1:a,b|c" },
	{ S("\"say \"\"hi\"\"\",x"), 0, 0, "1:say \"hi\"|x" },
	{ S("\"\"\"\""), 0, 0, "1:\"" },
	{ S("\"\",\"\""), 0, 0, "1:|" },
	{ S("\"\""), 0, 0, "1:" },
	{ S("\"abc\""), 0, 0, "1:abc" },
	{ S("\"a\"\r\n\"b\""), 0, 0, "1:a\n2:b" },
	{ S("\"a|b\",\"c\\d\"\n"), 0, 0, "1:a\\|b|c\\\\d" },
	{ S("x,\"\"\n"), 0, 0, "1:x|" },
	/* line breaks inside quotes: the next record's line is counted */
	{ S("\"line1\nline2\",b\nc,d\n"), 0, 0, "1:line1\\nline2|b\n3:c|d" },
	{ S("\"x\r\ny\",z\r\nnext\r\n"), 0, 0, "1:x\\ny|z\n3:next" },
	{ S("\"x\ry\",z\n"), 0, 0, "1:x\\ry|z" },     /* lone CR kept */
	{ S("\"\n\n\n\"\nz"), 0, 0, "1:\\n\\n\\n\n5:z" },
	{ S("\"a\r\"\n"), 0, 0, "1:a\\r" },
	/* ';' as the separator */
	{ S("email;name\nx@y;Bob\n"), 0, 0, "1:email|name\n2:x@y|Bob" },
	{ S("\"Doe, J\";x\ny,z;w\n"), 0, 0, "1:Doe, J|x\n2:y,z|w" },
	{ S("a;b,c\n"), 0, 0, "1:a;b|c" },            /* ',' wins */
	{ S("email\na;b\n"), 0, 0, "1:email\n2:a;b" },/* first line only */
	{ S("\n\na;b\n"), 0, 0, "3:a|b" },            /* first non-blank */
	{ S("\"a\nb,c\";d\n"), 0, 0, "1:a\\nb,c|d" }, /* quoted line break */
	{ S("\xef\xbb\xbf" "a;b"), 0, 0, "1:a|b" },
	{ S("a;\"b;c\";\n"), 0, 0, "1:a|b;c|" },
	/* errors and what comes after them */
	{ S("a,\"b\nc,d\n"), 0, 0, "1!unterminated quoted field" },
	{ S("x\ny,\"unterminated\nmore\nlines"), 0, 0,
	  "1:x\n2!unterminated quoted field" },
	{ S("\""), 0, 0, "1!unterminated quoted field" },
	{ S("ab\"c,d\nnext,1\n"), 0, 0,
	  "1!quote inside an unquoted field\n2:next|1" },
	{ S("a@b,O\"Brien\nc@d,Z\n"), 0, 0,  /* a stray quote swallows nothing */
	  "1!quote inside an unquoted field\n2:c@d|Z" },
	{ S("a, \"b\"\nc\n"), 0, 0, "1!quote inside an unquoted field\n2:c" },
	{ S("\"a\"b,c\nd,e\n"), 0, 0, "1!text after a closing quote\n2:d|e" },
	{ S("\"a\" ,c\nd\n"), 0, 0, "1!text after a closing quote\n2:d" },
	{ S("\"a\"\"\nb\n"), 0, 0, "1!unterminated quoted field" },
	/* the rest of a bad record keeps the grammar: its quoted line break
	 * is no record end */
	{ S("\"a\"x,\"multi\nline\",z\nok\n"), 0, 0,
	  "1!text after a closing quote\n3:ok" },
	{ S("\"first\nsecond\"x\nok\n"), 0, 0,
	  "2!text after a closing quote\n3:ok" },
	{ S("\"a\nb\"x\nc\nd\n"), 0, 0, "2!text after a closing quote\n3:c\n4:d" },
	{ S("a\"b,\"c\"d\nok\n"), 0, 0,      /* the first error is told */
	  "1!quote inside an unquoted field\n2:ok" },
	{ S("a\"b,\"cd"), 0, 0, "1!quote inside an unquoted field" },
	{ S("bad\"\nbad\"\nok\n"), 0, 0, "1!quote inside an unquoted field\n"
	  "2!quote inside an unquoted field\n3:ok" },
	{ S("a\0b,c\nd\n"), 0, 0, "1!NUL byte\n2:d" },
	{ S("\"a\0b\",c\nd\n"), 0, 0, "1!NUL byte\n2:d" },
	{ S("\"a\nb\0\"\nd\n"), 0, 0, "2!NUL byte\n3:d" },
	{ S("\0"), 0, 0, "1!NUL byte" },
	{ S("\n\0\n"), 0, 0, "2!NUL byte" },
	/* limits */
	{ S("abcd,efgh\n"), 8, 4, "1:abcd|efgh" },
	{ S("abcde,x\nok\n"), 8, 4, "1!field longer than 4 bytes\n2:ok" },
	{ S("\"a\"\"b\"\"\",x"), 8, 4, "1:a\"b\"|x" },   /* 4 bytes unescaped */
	{ S("\"a\"\"b\"\"c\""), 8, 4, "1!field longer than 4 bytes" },
	{ S("\"ab\nc\"\nz\n"), 8, 2, "1!field longer than 2 bytes\n3:z" },
	{ S("\"ab\r\nc\"\nz\n"), 8, 2, "1!field longer than 2 bytes\n3:z" },
	{ S("x\n\"abcdef\nghij\",\"k\nl\"\nz\n"), 8, 3,
	  "1:x\n2!field longer than 3 bytes\n5:z" },
	{ S("a,b,c\n"), 3, 0, "1:a|b|c" },
	{ S("a,b,c,d\nok\n"), 3, 0, "1!more than 3 fields\n2:ok" },
	{ S(",,,\n"), 3, 0, "1!more than 3 fields" },
	{ S("a,b,\"c\nd\",e\nok"), 3, 0, "2!more than 3 fields\n3:ok" },
	{ S("a,b\n"), 1, 1, "1!more than 1 fields" },
	{ S("\n"), 1, 1, "" },
	{ S("a\n\n\nb"), 1, 1, "1:a\n4:b" },
	{ S(","), 1, 1, "1!more than 1 fields" },
	{ S("\"\""), 1, 1, "1:" },
};

static void
put_field(struct buf *b, const char *f)
{
	for (; *f != '\0'; f++) {
		switch (*f) {
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '|': buf_puts(b, "\\|"); break;
		case '\\': buf_puts(b, "\\\\"); break;
		default: buf_putc(b, *f); break;
		}
	}
}

/* run: every call's result in the form of struct row's want */
static char *
run(const char *in, size_t len, size_t max_fields, size_t max_field)
{
	char *copy = xmalloc(len), **fields;
	const char *error;
	unsigned line;
	struct csv *r;
	struct buf b;
	size_t n, i;
	int ret, calls = 0;

	memcpy(copy, in, len);   /* exact size: no NUL after it */
	r = csv_open(copy, len, max_fields, max_field);
	buf_init(&b, 0);
	while ((ret = csv_next(r, &fields, &n, &line, &error)) != 0) {
		if (b.len > 0)
			buf_putc(&b, '\n');
		if (ret < 0) {
			assert_non_null(error);
			assert_null(fields);
			buf_appendf(&b, "%u!%s", line, error);
		} else {
			assert_non_null(fields);
			assert_null(error);
			assert_true(n >= 1);
			assert_null(fields[n]);
			buf_appendf(&b, "%u:", line);
			for (i = 0; i < n; i++) {
				if (i > 0)
					buf_putc(&b, '|');
				put_field(&b, fields[i]);
			}
		}
		assert_true(++calls < 10000);
	}
	/* the end stays the end */
	assert_int_equal(csv_next(r, &fields, &n, &line, &error), 0);
	assert_int_equal(csv_next(r, &fields, &n, &line, &error), 0);
	csv_close(r);
	free(copy);
	return buf_steal(&b);
}

static void
test_table(void **state)
{
	size_t i;
	char *got;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		got = run(rows[i].in, rows[i].len, rows[i].max_fields,
		    rows[i].max_field);
		if (strcmp(got, rows[i].want) != 0) {
			print_error("row %zu: got\n%s\nwant\n%s\n", i, got,
			    rows[i].want);
			bad++;
		}
		free(got);
	}
	assert_int_equal(bad, 0);
}

/* 0 for a limit means the default: 64 fields, 4096 bytes; exactly at
 * the limit is fine */
static void
test_defaults(void **state)
{
	struct buf in;
	char *got, *want;
	int i;

	(void)state;
	buf_init(&in, 0);
	for (i = 0; i < 4096; i++)
		buf_putc(&in, 'x');
	got = run(in.data, in.len, 0, 0);
	assert_int_equal(strlen(got), 2 + 4096);
	free(got);
	buf_puts(&in, "x\nok\n");
	got = run(in.data, in.len, 0, 0);
	assert_string_equal(got, "1!field longer than 4096 bytes\n2:ok");
	free(got);

	buf_reset(&in);
	for (i = 0; i < 63; i++)
		buf_putc(&in, ',');
	got = run(in.data, in.len, 0, 0);    /* 64 empty fields */
	want = xasprintf("1:%.63s", "|||||||||||||||||||||||||||||||||||||||||"
	    "||||||||||||||||||||||||||||||||||||||||");
	assert_string_equal(got, want);
	free(want);
	free(got);
	buf_puts(&in, ",\nz");
	got = run(in.data, in.len, 0, 0);
	assert_string_equal(got, "1!more than 64 fields\n2:z");
	free(got);
	buf_free(&in);
}

/* the pointer-less case: data NULL, len 0 */
static void
test_empty(void **state)
{
	struct csv *r = csv_open(NULL, 0, 4, 4);
	char **fields;
	const char *error;
	unsigned line;
	size_t n;

	(void)state;
	assert_int_equal(csv_next(r, &fields, &n, &line, &error), 0);
	csv_close(r);
	csv_close(NULL);
}

/* many records: every one back with its line */
static void
test_many(void **state)
{
	struct buf in;
	struct csv *r;
	char **fields, want[64];
	const char *error;
	unsigned line;
	size_t n;
	int i;

	(void)state;
	buf_init(&in, 0);
	buf_puts(&in, "email,name,status\r\n");
	for (i = 0; i < 20000; i++)
		buf_appendf(&in, i % 3 ? "u%d@example.org,\"User, %d\",ok\r\n" :
		    "u%d@example.org,\"Multi\nline %d\",\r\n", i, i);
	r = csv_open(in.data, in.len, 3, 64);
	assert_int_equal(csv_next(r, &fields, &n, &line, &error), 1);
	assert_int_equal(line, 1);
	for (i = 0; i < 20000; i++) {
		assert_int_equal(csv_next(r, &fields, &n, &line, &error), 1);
		assert_int_equal(n, 3);
		/* multi-line records take two lines: i/3+1 of them before */
		assert_int_equal(line, 2 + i + (i + 2) / 3);
		snprintf(want, sizeof(want), "u%d@example.org", i);
		assert_string_equal(fields[0], want);
		snprintf(want, sizeof(want), i % 3 ? "User, %d" :
		    "Multi\nline %d", i);
		assert_string_equal(fields[1], want);
		assert_string_equal(fields[2], i % 3 ? "ok" : "");
	}
	assert_int_equal(csv_next(r, &fields, &n, &line, &error), 0);
	csv_close(r);
	buf_free(&in);
}

/* pathological inputs stay linear and bounded: 8 MB of one field with a
 * small limit, 8 MB of "" escapes, 8 MB of separators, 8 MB of line
 * ends */
static void
test_pathological(void **state)
{
	size_t n = 8u * 1024 * 1024, i;
	char *p = xmalloc(n), **fields;
	const char *error;
	unsigned line;
	struct csv *r;
	size_t nf;

	(void)state;
	memset(p, 'x', n);
	r = csv_open(p, n, 64, 4096);
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), -1);
	assert_string_equal(error, "field longer than 4096 bytes");
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), 0);
	csv_close(r);

	/* '"', then "" pairs, then a closing '"' */
	memset(p, '"', n);
	r = csv_open(p, n, 64, 4096);
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), -1);
	assert_string_equal(error, "field longer than 4096 bytes");
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), 0);
	csv_close(r);
	/* one byte less: pairs to the end, unterminated; the length error
	 * comes first */
	r = csv_open(p, n - 1, 64, 0);
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), -1);
	assert_string_equal(error, "field longer than 4096 bytes");
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), 0);
	csv_close(r);
	r = csv_open(p, n - 1, 64, n);
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), -1);
	assert_string_equal(error, "unterminated quoted field");
	csv_close(r);

	memset(p, ',', n);
	r = csv_open(p, n, 64, 4096);
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), -1);
	assert_string_equal(error, "more than 64 fields");
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), 0);
	csv_close(r);

	for (i = 0; i < n; i++)
		p[i] = i % 2 ? '\n' : '\r';
	p[n - 1] = 'z';
	r = csv_open(p, n, 64, 4096);
	assert_int_equal(csv_next(r, &fields, &nf, &line, &error), 1);
	assert_int_equal(line, n / 2);
	assert_string_equal(fields[0], "\rz");
	csv_close(r);
	free(p);
}

/* an error's text stays readable until the next call */
static void
test_error_lifetime(void **state)
{
	static const char in[] = "abcdef\nabc\n";
	struct csv *r = csv_open(in, sizeof(in) - 1, 4, 4);
	char **fields, copy[64];
	const char *error;
	unsigned line;
	size_t n;

	(void)state;
	assert_int_equal(csv_next(r, &fields, &n, &line, &error), -1);
	snprintf(copy, sizeof(copy), "%s", error);
	assert_string_equal(copy, "field longer than 4 bytes");
	assert_int_equal(line, 1);
	assert_int_equal(csv_next(r, &fields, &n, &line, &error), 1);
	assert_string_equal(fields[0], "abc");
	assert_int_equal(line, 2);
	csv_close(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_error_lifetime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_article.c — article_parse over good and broken front matter, the
 * safe rendering of hostile bodies, the plain-text layout, the size cap,
 * and article_load_dir over the demo articles and a folder with a broken
 * file in it. */
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

#include "article.h"
#include "log.h"
#include "util.h"

#define FM(body) "---\ntitle: T\ndate: 2026-01-05\n---\n" body

static struct article *
parse_ok(const char *name, const char *data, size_t len)
{
	struct article *a = NULL;
	char *err = NULL;

	if (article_parse(name, data, len, &a, &err) < 0) {
		print_error("%s: unexpected error: %s\n", name, err);
		free(err);
		fail();
	}
	assert_non_null(a);
	return a;
}

/* ---- good front matter ---- */

struct good {
	const char *name, *in;
	const char *title, *author, *date, *category, *summary, *slug;
	const char *html, *text;       /* exact */
};

static const struct good goods[] = {
	{ "2026-01-hiring.md",
	  "---\ntitle: Hiring well\nauthor: A. Partner\ndate: 2026-01-05\n"
	  "category: Hiring\nsummary: Short.\n---\nHello *world*.\n",
	  "Hiring well", "A. Partner", "2026-01-05", "Hiring", "Short.",
	  "2026-01-hiring", "<p>Hello <em>world</em>.</p>\n",
	  "Hello world.\n" },
	/* CRLF, BOM, quoted values, unknown keys, case, comments, blanks */
	{ "dir/Some File!.md",
	  "\xEF\xBB\xBF---\r\nTitle: \"Quoted: \\\"yes\\\" \\\\ no\"\r\n"
	  "# a comment\r\n\r\nlayout: post\r\ndate:2026-02-28  \r\n"
	  "author: 'O''Brien'\r\n---\r\nLine one\r\nline two\r\n",
	  "Quoted: \"yes\" \\ no", "O'Brien", "2026-02-28", "", "",
	  "some-file", "<p>Line one\nline two</p>\n", "Line one line two\n" },
	/* empty body, leap day, closing line with trailing blanks */
	{ "leap.md", "---\ntitle: Leap\ndate: 2024-02-29\n---  \n",
	  "Leap", "", "2024-02-29", "", "", "leap", "", "" },
	/* no newline after the closing line */
	{ "x.MD", "---\ntitle: X\ndate: 2026-12-31\n---", "X", "",
	  "2026-12-31", "", "", "x", "", "" },
	/* front-matter values are plain text: kept literally, controls gone */
	{ "--Odd__name--.md",
	  "---\ntitle: <b>Bold</b> & *star* {{name}}\ndate: 2026-03-01\n"
	  "summary: tab\there\x01!\n---\n",
	  "<b>Bold</b> & *star* {{name}}", "", "2026-03-01", "", "tab here!",
	  "odd-name", "", "" },
	/* invalid UTF-8 in a value becomes U+FFFD */
	{ "u.md", "---\ntitle: caf\xe9\ndate: 2026-03-01\n---\n",
	  "caf\xef\xbf\xbd", "", "2026-03-01", "", "", "u", "", "" },
	{ "\xc3\xa9t\xc3\xa9.md", FM(""), "T", "", "2026-01-05", "", "",
	  "t", "", "" },
	{ "c.md", "---\ntitle: c\ndate: 2026-01-05\x01\n---\n", "c", "",
	  "2026-01-05", "", "", "c", "", "" },
	{ "....md", FM(""), "T", "", "2026-01-05", "", "", "article", "",
	  "" },
};

static void
test_good(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(goods); i++) {
		const struct good *g = &goods[i];
		struct article *a = parse_ok(g->name, g->in, strlen(g->in));

		print_message("# good %zu: %s\n", i, g->name);
		assert_string_equal(a->path, g->name);
		assert_string_equal(a->title, g->title);
		assert_string_equal(a->author, g->author);
		assert_string_equal(a->date, g->date);
		assert_string_equal(a->category, g->category);
		assert_string_equal(a->summary, g->summary);
		assert_string_equal(a->slug, g->slug);
		assert_string_equal(a->html, g->html);
		assert_string_equal(a->text, g->text);
		article_free(a);
	}
}

/* ---- broken front matter: exact error text ---- */

struct bad {
	const char *name, *in, *error;
};

static const struct bad bads[] = {
	{ "a.md", "", "a.md:1: no front matter (the first line must be '---')" },
	{ "a.md", "title: x\n", "a.md:1: no front matter (the first line must be '---')" },
	{ "a.md", "\n---\ntitle: x\n---\n", "a.md:1: no front matter (the first line must be '---')" },
	{ "a.md", "----\n", "a.md:1: no front matter (the first line must be '---')" },
	{ "a.md", "---\ntitle: x\ndate: 2026-01-01\n",
	  "a.md:1: front matter not closed (no second '---' line)" },
	{ "a.md", "---", "a.md:1: front matter not closed (no second '---' line)" },
	{ "2026-01-hiring.md", "---\ntitle: Hiring\ndate: tomorrow\n---\n",
	  "2026-01-hiring.md:3: date 'tomorrow' is not YYYY-MM-DD" },
	{ "b.md", "---\ndate: 2026-01-01\n---\nbody\n",
	  "b.md:3: no title in front matter" },
	{ "b.md", "---\ntitle:\ndate: 2026-01-01\n---\n", "b.md:2: title is empty" },
	{ "b.md", "---\ntitle: \"\"\ndate: 2026-01-01\n---\n", "b.md:2: title is empty" },
	{ "c.md", "---\ntitle: x\n---\n", "c.md:3: no date in front matter" },
	{ "c.md", "---\ntitle: x\ndate:\n---\n", "c.md:3: date '' is not YYYY-MM-DD" },
	{ "c.md", "---\ntitle: x\r\ndate: 2026-02-30\r\n---\r\n",
	  "c.md:3: date '2026-02-30' is not YYYY-MM-DD" },
	{ "c.md", "---\ntitle: x\ndate: 2025-02-29\n---\n",
	  "c.md:3: date '2025-02-29' is not YYYY-MM-DD" },
	{ "c.md", "---\ntitle: x\ndate: 2026-13-01\n---\n",
	  "c.md:3: date '2026-13-01' is not YYYY-MM-DD" },
	{ "c.md", "---\ntitle: x\ndate: 2026-1-05\n---\n",
	  "c.md:3: date '2026-1-05' is not YYYY-MM-DD" },
	{ "c.md", "---\ntitle: x\ndate: 2026-01-05T10:00\n---\n",
	  "c.md:3: date '2026-01-05T10:00' is not YYYY-MM-DD" },
	{ "c.md", "---\ntitle: x\ndate: 0000-01-05\n---\n",
	  "c.md:3: date '0000-01-05' is not YYYY-MM-DD" },
	{ "c.md", "---\ntitle: x\ndate: \"2026-01-05\n---\n",
	  "c.md:3: date: unterminated quoted value" },
	{ "c.md", "---\ntitle: \"a\" and \"b\"\ndate: 2026-01-05\n---\n",
	  "c.md:2: title: text after the closing quote" },
	{ "d.md", "---\ntitle: x\njust words\ndate: 2026-01-05\n---\n",
	  "d.md:3: expected 'key: value'" },
	{ "d.md", "---\n: x\n---\n", "d.md:2: expected 'key: value'" },
	{ "d.md", "---\nti tle: x\n---\n", "d.md:2: expected 'key: value'" },
	{ "d.md", "---\ntitle: x\nTITLE: y\ndate: 2026-01-05\n---\n",
	  "d.md:3: duplicate key 'title'" },
	/* the offending value is cut short in the message */
	{ "e.md", "---\ntitle: x\ndate: "
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n---\n",
	  "e.md:3: date 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is not YYYY-MM-DD" },
};

static void
test_bad(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bads); i++) {
		struct article *a = (struct article *)0x1;
		char *err = NULL;

		print_message("# bad %zu: %s\n", i, bads[i].error);
		assert_int_equal(article_parse(bads[i].name, bads[i].in,
		    strlen(bads[i].in), &a, &err), -1);
		assert_ptr_equal(a, (struct article *)0x1);
		assert_non_null(err);
		assert_string_equal(err, bads[i].error);
		free(err);
	}
}

static void
test_value_too_long(void **state)
{
	struct buf b;
	struct article *a = NULL;
	char *err = NULL;
	size_t i;

	buf_init(&b, 0);
	buf_puts(&b, "---\ndate: 2026-01-05\nsummary: ");
	for (i = 0; i < ARTICLE_MAX_VALUE; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\ntitle: t\n---\n");
	a = parse_ok("v.md", b.data, b.len);
	assert_int_equal(strlen(a->summary), ARTICLE_MAX_VALUE);
	article_free(a);
	buf_reset(&b);
	buf_puts(&b, "---\ndate: 2026-01-05\nsummary: ");
	for (i = 0; i <= ARTICLE_MAX_VALUE; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\ntitle: t\n---\n");
	assert_int_equal(article_parse("v.md", b.data, b.len, &a, &err), -1);
	assert_string_equal(err, "v.md:3: summary is longer than 4096 bytes");
	free(err);
	buf_free(&b);
}

/* ---- hostile bodies: nothing active survives ---- */

struct safe {
	const char *body;
	const char *html_has, *html_not, *html_not2;
	const char *text_has, *text_not;
};

static const struct safe safes[] = {
	{ "[x](javascript:alert(1))\n", "<a href=\"\">x</a>", "javascript",
	  "alert", "x", "javascript" },
	{ "[x](JaVaScRiPt:alert(1))\n", "<a href=\"\">x</a>", "JaVaScRiPt",
	  "alert", "x", "alert" },
	{ "[x](vbscript:msgbox)\n", "<a href=\"\">x</a>", "vbscript", NULL,
	  "x", "vbscript" },
	{ "[x](file:///etc/passwd)\n", "<a href=\"\">x</a>", "file:", NULL,
	  "x", "passwd" },
	{ "[x](data:text/html;base64,PHNjcmlwdD4=)\n", "<a href=\"\">x</a>",
	  "data:", NULL, "x", "data:" },
	{ "<javascript:alert(1)>\n", "<a href=\"\">", "href=\"javascript",
	  NULL, NULL, "<javascript" },
	{ "![i](javascript:alert(1))\n", "<img src=\"\" alt=\"i\" />",
	  "javascript", NULL, "i", "javascript" },
	{ "<script>alert(1)</script>\n\nafter\n", "<p>after</p>", "<script",
	  "alert", "after", "alert" },
	{ "text <script>alert(1)</script> more\n", "text", "<script",
	  "</script", "text", "<script" },
	{ "<div onclick=\"x()\">hi</div>\n", "raw HTML omitted", "onclick",
	  "<div", NULL, "onclick" },
	{ "a <img src=x onerror=alert(1)> b\n", "<p>a ", "onerror", "<img",
	  "a b", "onerror" },
	{ "<iframe src=\"https://evil.example\"></iframe>\n", "omitted",
	  "<iframe", "evil", NULL, "evil" },
	{ "[ok](https://example.com/a?b=1&c=2)\n",
	  "<a href=\"https://example.com/a?b=1&amp;c=2\">ok</a>", NULL, NULL,
	  "ok <https://example.com/a?b=1&c=2>", NULL },
	{ "[x](\"onmouseover=alert(1))\n", "<p>", "\" onmouseover", NULL,
	  NULL, NULL },
	/* template-looking text stays literal for the template stage */
	{ "Dear {{name}}, see {{{raw}}} and {{#list}}x{{/list}}\n",
	  "Dear {{name}}, see {{{raw}}} and {{#list}}x{{/list}}", NULL, NULL,
	  "Dear {{name}}, see {{{raw}}} and {{#list}}x{{/list}}", NULL },
	/* entities and specials are escaped in the HTML, literal in text */
	{ "5 < 6 & \"q\" 'a'\n", "5 &lt; 6 &amp; &quot;q&quot; 'a'", "5 < 6",
	  NULL, "5 < 6 & \"q\" 'a'", "&amp;" },
};

static void
test_safe(void **state)
{
	size_t i;
	char doc[512];

	for (i = 0; i < ARRAY_SIZE(safes); i++) {
		const struct safe *s = &safes[i];
		struct article *a;
		int r;

		r = snprintf(doc, sizeof(doc), FM("%s"), s->body);
		assert_true(r > 0 && (size_t)r < sizeof(doc));
		a = parse_ok("s.md", doc, (size_t)r);
		print_message("# safe %zu: html=%s text=%s\n", i, a->html,
		    a->text);
		if (s->html_has && strstr(a->html, s->html_has) == NULL)
			fail_msg("case %zu: html lacks '%s': %s", i,
			    s->html_has, a->html);
		if (s->html_not && strstr(a->html, s->html_not) != NULL)
			fail_msg("case %zu: html has '%s': %s", i, s->html_not,
			    a->html);
		if (s->html_not2 && strstr(a->html, s->html_not2) != NULL)
			fail_msg("case %zu: html has '%s': %s", i,
			    s->html_not2, a->html);
		if (s->text_has && strstr(a->text, s->text_has) == NULL)
			fail_msg("case %zu: text lacks '%s': %s", i,
			    s->text_has, a->text);
		if (s->text_not && strstr(a->text, s->text_not) != NULL)
			fail_msg("case %zu: text has '%s': %s", i, s->text_not,
			    a->text);
		article_free(a);
	}
}

/* ---- plain-text layout: exact ---- */

struct textcase {
	const char *body, *text;
};

static const struct textcase texts[] = {
	{ "One\ntwo.\n\nThree.\n", "One two.\n\nThree.\n" },
	{ "# Head\n\npara\n", "Head\n====\n\npara\n" },
	{ "## Sub head\n\n### Third\n", "Sub head\n--------\n\nThird\n" },
	{ "- a\n- b\n- c\n", "- a\n- b\n- c\n" },
	{ "* a\n\n* b\n", "- a\n\n- b\n" },
	{ "3. x\n4. y\n", "3. x\n4. y\n" },
	{ "1) x\n", "1) x\n" },
	{ "- a\n  - b\n  - c\n- d\n", "- a\n  - b\n  - c\n- d\n" },
	{ "> quoted\n> text\n\n> > inner\n",
	  "> quoted text\n\n> > inner\n" },
	{ "> a\n>\n> b\n", "> a\n>\n> b\n" },
	{ "    code  line\n    second\n", "    code  line\n    second\n" },
	{ "```\nfenced\n\n  x\n```\n", "    fenced\n\n      x\n" },
	{ "a\n\n---\n\nb\n", "a\n\n----\n\nb\n" },
	{ "see [the site](https://example.com) now\n",
	  "see the site <https://example.com> now\n" },
	{ "<https://example.com>\n", "https://example.com\n" },
	{ "<a@example.com>\n", "a@example.com\n" },
	{ "![logo](https://x.example/l.png)\n",
	  "logo <https://x.example/l.png>\n" },
	{ "*em* **strong** `code`\n", "em strong code\n" },
	{ "hard  \nbreak\n", "hard\nbreak\n" },
	{ "<p>raw block</p>\n\nafter\n", "after\n" },
	{ "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp qqq "
	  "rrr sss ttt uuu vvv\n",
	  "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp qqq rrr\n"
	  "sss ttt uuu vvv\n" },
	/* columns count code points, not bytes */
	{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	  "\xc3\xa9\xc3\xa9 "
	  "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaa x\n",
	  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	  "\xc3\xa9\xc3\xa9 "
	  "aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaaaaaa aaaaaa\nx\n" },
	{ "- aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp "
	  "qqq rrr sss\n",
	  "- aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp qqq\n"
	  "  rrr sss\n" },
	{ "https://a.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa x\n",
	  "https://a.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nx\n" },
};

static void
test_text(void **state)
{
	size_t i;
	char doc[512];

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct article *a;
		int r;

		r = snprintf(doc, sizeof(doc), FM("%s"), texts[i].body);
		assert_true(r > 0 && (size_t)r < sizeof(doc));
		a = parse_ok("t.md", doc, (size_t)r);
		if (strcmp(a->text, texts[i].text) != 0)
			fail_msg("text %zu:\n[%s]\nwanted\n[%s]", i, a->text,
			    texts[i].text);
		article_free(a);
	}
}

/* ---- bytes that are not text ---- */

static void
test_invalid_utf8(void **state)
{
	static const char doc[] = FM("bad \xff\xfe byte, cut \xe2\x82 and "
	    "NUL \0 here, over\xc0\xaflong\n\n- \xed\xa0\x80 surrogate\n");
	struct article *a = parse_ok("u.md", doc, sizeof(doc) - 1);

	assert_true(utf8_valid(a->html, strlen(a->html)));
	assert_true(utf8_valid(a->text, strlen(a->text)));
	assert_non_null(strstr(a->html, "bad \xef\xbf\xbd"));
	assert_non_null(strstr(a->text, "bad \xef\xbf\xbd"));
	assert_non_null(strstr(a->text, "here, over"));
	assert_non_null(strstr(a->text, "surrogate"));
	article_free(a);
}

/* deep nesting is flattened, not recursed into without end */
static void
test_deep_nesting(void **state)
{
	struct buf b;
	struct article *a;
	size_t i;

	buf_init(&b, 0);
	buf_puts(&b, "---\ntitle: t\ndate: 2026-01-05\n---\n");
	for (i = 0; i < 50000; i++)
		buf_putc(&b, '>');
	buf_puts(&b, " deep\n\n");
	for (i = 0; i < 2000; i++)
		buf_puts(&b, "- ");
	buf_puts(&b, "list\n");
	a = parse_ok("deep.md", b.data, b.len);
	assert_non_null(strstr(a->text, "deep"));
	assert_non_null(strstr(a->text, "list"));
	assert_true(strlen(a->text) < 100000);
	article_free(a);
	buf_free(&b);
}

/* ---- the 1 MB cap ---- */

static char *
sized_doc(size_t size)
{
	static const char head[] = "---\ntitle: Big\ndate: 2026-01-05\n---\n";
	char *d = xmalloc(size);
	size_t i;

	memcpy(d, head, sizeof(head) - 1);
	for (i = sizeof(head) - 1; i < size; i++)
		d[i] = (i % 61 == 60) ? '\n' : (i % 7 == 6 ? ' ' : 'w');
	return d;
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
test_size_cap(void **state)
{
	char *d = sized_doc(ARTICLE_MAX_SIZE + 1), *err = NULL;
	struct article *a = NULL;

	a = parse_ok("big.md", d, ARTICLE_MAX_SIZE);
	assert_string_equal(a->title, "Big");
	assert_true(strlen(a->text) > ARTICLE_MAX_SIZE / 2);
	article_free(a);
	a = NULL;
	assert_int_equal(article_parse("big.md", d, ARTICLE_MAX_SIZE + 1, &a,
	    &err), -1);
	assert_null(a);
	assert_string_equal(err, "big.md: larger than 1048576 bytes");
	free(err);
	free(d);
}

/* ---- folders ---- */

struct logged {
	char lines[8][512];
	size_t n;
};

static void
sink(enum log_level lvl, const char *line, void *ctx)
{
	struct logged *l = ctx;

	if (lvl <= LOGL_WARN && l->n < ARRAY_SIZE(l->lines)) {
		snprintf(l->lines[l->n], sizeof(l->lines[0]), "%s", line);
		l->n++;
	}
}

static void
test_load_demo(void **state)
{
	static const char *const want[] = {
		"2026-01-05-hiring-for-judgement",
		"2026-01-12-first-ninety-days",
		"2026-01-19-counteroffers",
		"2026-01-26-references",
		"2026-02-02-leading-through-reorganisation",
	};
	struct article **l = NULL;
	struct logged lg = { .n = 0 };
	char *err = NULL;
	size_t n = 0, i;

	log_set_sink(sink, &lg);
	assert_int_equal(article_load_dir(SRCDIR "/contrib/demo/articles", &l,
	    &n, &err), 0);
	log_set_sink(NULL, NULL);
	assert_int_equal(lg.n, 0);
	assert_int_equal(n, ARRAY_SIZE(want));
	for (i = 0; i < n; i++) {
		const char *p, *e;

		assert_string_equal(l[i]->slug, want[i]);
		assert_true(l[i]->title[0] && l[i]->author[0] &&
		    l[i]->category[0] && l[i]->summary[0]);
		assert_true(strlen(l[i]->text) > 1000);
		assert_non_null(strstr(l[i]->html, "<h2>"));
		assert_null(strstr(l[i]->text, "<h2>"));
		if (i > 0)
			assert_true(strcmp(l[i - 1]->date, l[i]->date) <= 0);
		/* every line of the text fits in 72 columns */
		for (p = l[i]->text; *p; p = *e ? e + 1 : e) {
			e = strchr(p, '\n');
			if (e == NULL)
				e = p + strlen(p);
			assert_true(e - p <= 72);
		}
	}
	article_list_free(l, n);
}

static void
test_load_broken(void **state)
{
	char tmpl[] = "/tmp/test_article.XXXXXX", path[256], *d;
	const char *dir = mkdtemp(tmpl);
	struct article **l = NULL;
	struct logged lg = { .n = 0 };
	char *err = NULL;
	size_t n = 0, i;
	static const char *const files[][2] = {
		{ "b-second.md", "---\ntitle: Second\ndate: 2026-01-05\n---\nb\n" },
		{ "a-first.md", "---\ntitle: First\ndate: 2026-01-05\n---\na\n" },
		{ "0-last.md", "---\ntitle: Last\ndate: 2026-03-01\n---\n" },
		{ "broken.md", "---\ntitle: Broken\ndate: someday\n---\n" },
		{ ".hidden.md", "---\ntitle: Hidden\ndate: 2026-01-01\n---\n" },
		{ "notes.txt", "---\ntitle: Txt\ndate: 2026-01-01\n---\n" },
		{ "README", "hello" },
	};

	assert_non_null(dir);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		write_file(path, files[i][1], strlen(files[i][1]));
	}
	snprintf(path, sizeof(path), "%s/folder.md", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/huge.md", dir);
	d = sized_doc(ARTICLE_MAX_SIZE + 1);
	write_file(path, d, ARTICLE_MAX_SIZE + 1);
	free(d);

	log_set_sink(sink, &lg);
	assert_int_equal(article_load_dir(dir, &l, &n, &err), 0);
	log_set_sink(NULL, NULL);
	assert_int_equal(n, 3);
	assert_string_equal(l[0]->title, "First");
	assert_string_equal(l[1]->title, "Second");
	assert_string_equal(l[2]->title, "Last");
	assert_int_equal(lg.n, 2);
	for (i = 0; i < lg.n; i++)
		print_message("# logged: %s\n", lg.lines[i]);
	assert_true((strstr(lg.lines[0], "/broken.md:3: date 'someday' is "
	    "not YYYY-MM-DD") != NULL && strstr(lg.lines[1], "/huge.md") !=
	    NULL) || (strstr(lg.lines[1], "/broken.md:3: date 'someday' is "
	    "not YYYY-MM-DD") != NULL && strstr(lg.lines[0], "/huge.md") !=
	    NULL));
	article_list_free(l, n);

	/* nothing usable: success with an empty list */
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/huge.md", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/folder.md", dir);
	rmdir(path);
	assert_int_equal(article_load_dir(dir, &l, &n, &err), 0);
	assert_int_equal(n, 0);
	article_list_free(l, n);
	assert_int_equal(rmdir(dir), 0);

	/* a folder that is not there */
	assert_int_equal(article_load_dir(dir, &l, &n, &err), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	assert_non_null(strstr(err, dir));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_value_too_long),
		cmocka_unit_test(test_safe),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_load_demo),
		cmocka_unit_test(test_load_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

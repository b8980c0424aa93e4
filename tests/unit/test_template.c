/* test_template.c — the template expander: variables and escaping in each
 * context, raw values, sections over lists and booleans, inverted
 * sections, parent lookup, comments, standalone lines, every parse error
 * with its text, header injection, values holding tag syntax, the output
 * ceiling, nesting limits, and template_split_mail. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "template.h"
#include "util.h"

/* the data every table row renders against */
static struct tctx *
fixture(void)
{
	struct tctx *c = tctx_new(), *articles, *a, *tags;

	tctx_set(c, "name", "Ann <a&b> \"q\" 'x'");
	tctx_set(c, "raw_html", "<p>Hi & bye</p>");
	tctx_set(c, "subject", "Hello\r\nBcc: evil@example.org");
	tctx_set(c, "ctl", "a\tb\001c\177d\xc2\x85" "e\n");
	tctx_set(c, "utf8", "Z\xc3\xbcrich \xe2\x82\xac");
	tctx_set(c, "empty", "");
	tctx_set(c, "tagval", "{{name}}{{#yes}}x{{/yes}}");
	tctx_set(c, "unsubscribe_url", "https://ex.org/u?a=1&b=2");
	tctx_set_bool(c, "yes", 1);
	tctx_set_bool(c, "no", 0);
	(void)tctx_list(c, "nothing");
	articles = tctx_list(c, "articles");
	a = tctx_list_add(articles);
	tctx_set(a, "title", "A1");
	tags = tctx_list(a, "tags");
	tctx_set(tctx_list_add(tags), "t", "x");
	tctx_set(tctx_list_add(tags), "t", "y");
	a = tctx_list_add(articles);
	tctx_set(a, "title", "A2 & co");
	(void)tctx_list(a, "tags");
	return c;
}

struct row {
	enum template_ctx ctx;
	const char *tpl;
	const char *want;
};

#define H TEMPLATE_HTML
#define T TEMPLATE_TEXT
#define R TEMPLATE_HEADER

static const struct row rows[] = {
	/* variables in each context; all five characters escaped in HTML */
	{ H, "Hi {{name}}!", "Hi Ann &lt;a&amp;b&gt; &quot;q&quot; &#39;x&#39;!" },
	{ T, "Hi {{name}}!", "Hi Ann <a&b> \"q\" 'x'!" },
	{ R, "To: {{name}}", "To: Ann <a&b> \"q\" 'x'" },
	{ H, "<a href=\"{{unsubscribe_url}}\">",
	  "<a href=\"https://ex.org/u?a=1&amp;b=2\">" },
	{ H, "{{utf8}}", "Z\xc3\xbcrich \xe2\x82\xac" },
	{ R, "{{utf8}}", "Z\xc3\xbcrich \xe2\x82\xac" },
	/* whitespace inside tags */
	{ H, "{{ name }}|{{\tutf8\t}}|{{# yes }}Y{{/ yes }}|{{ ^no}}N{{/no }}",
	  "Ann &lt;a&amp;b&gt; &quot;q&quot; &#39;x&#39;|Z\xc3\xbcrich "
	  "\xe2\x82\xac|Y|N" },
	/* raw */
	{ H, "{{{raw_html}}}", "<p>Hi & bye</p>" },
	{ H, "{{&raw_html}}", "<p>Hi & bye</p>" },
	{ H, "{{& raw_html }}{{{ raw_html }}}",
	  "<p>Hi & bye</p><p>Hi & bye</p>" },
	{ T, "{{{raw_html}}}", "<p>Hi & bye</p>" },
	{ H, "{{raw_html}}", "&lt;p&gt;Hi &amp; bye&lt;/p&gt;" },
	/* missing values, booleans and lists as variables render nothing */
	{ H, "[{{missing}}][{{yes}}][{{no}}][{{articles}}][{{{missing}}}]",
	  "[][][][][]" },
	{ T, "", "" },
	{ T, "no tags at all { } }} {", "no tags at all { } }} {" },
	/* sections over lists */
	{ H, "{{#articles}}[{{title}}]{{/articles}}", "[A1][A2 &amp; co]" },
	{ T, "{{#articles}}[{{title}}]{{/articles}}", "[A1][A2 & co]" },
	{ H, "{{#nothing}}never{{/nothing}}", "" },
	{ H, "{{^nothing}}none{{/nothing}}", "none" },
	{ H, "{{^articles}}none{{/articles}}", "" },
	/* booleans and strings as sections */
	{ H, "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", "Y" },
	{ H, "{{^yes}}Y{{/yes}}{{^no}}N{{/no}}", "N" },
	{ H, "{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", "e" },
	{ H, "{{#utf8}}<{{utf8}}>{{/utf8}}",
	  "<Z\xc3\xbcrich \xe2\x82\xac>" },
	{ H, "{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}", "m" },
	/* nested lists, lookup falling back to enclosing items and the root */
	{ H, "{{#articles}}{{title}}:{{unsubscribe_url}};{{/articles}}",
	  "A1:https://ex.org/u?a=1&amp;b=2;A2 &amp; co:https://ex.org/u?a=1&amp;"
	  "b=2;" },
	{ T, "{{#articles}}{{title}}({{#tags}}{{t}}{{title}},{{/tags}}"
	  "{{^tags}}-{{/tags}}){{/articles}}", "A1(xA1,yA1,)A2 & co(-)" },
	{ T, "{{#articles}}{{#yes}}{{title}}{{/yes}}{{/articles}}",
	  "A1A2 & co" },
	{ T, "{{#articles}}{{#articles}}{{title}}{{/articles}}|{{/articles}}",
	  "A1A2 & co|A1A2 & co|" },
	/* comments */
	{ T, "a{{! a comment }}b", "ab" },
	{ T, "a{{!multi\nline {{ not a tag\n}}b", "ab" },
	{ T, "a{{!}}b", "ab" },
	/* standalone lines leave nothing behind */
	{ T, "a\n{{#yes}}\nb\n{{/yes}}\nc\n", "a\nb\nc\n" },
	{ T, "a\n  {{#articles}}  \n  - {{title}}\n\t{{/articles}}\nc\n",
	  "a\n  - A1\n  - A2 & co\nc\n" },
	{ T, "a\r\n{{^no}}\r\nb\r\n{{/no}}\r\nc\r\n", "a\r\nb\r\nc\r\n" },
	{ T, "a\n{{! comment }}\nb\n", "a\nb\n" },
	{ T, "{{#yes}}\nfirst\n{{/yes}}", "first\n" },
	{ T, "a\n  {{#no}}\nb\n  {{/no}}  \nc", "a\nc" },
	/* not standalone: other text or a variable on the line */
	{ T, "x {{#yes}}y{{/yes}}\n", "x y\n" },
	{ T, "{{#yes}}y{{/yes}} \nz", "y \nz" },
	{ T, "a\n{{missing}}\nb", "a\n\nb" },
	{ T, "a\n{{#yes}}{{/yes}}\nb", "a\n\nb" },
	/* values are never parsed as template syntax */
	{ H, "{{tagval}}", "{{name}}{{#yes}}x{{/yes}}" },
	{ T, "{{tagval}}", "{{name}}{{#yes}}x{{/yes}}" },
	{ R, "{{tagval}}", "{{name}}{{#yes}}x{{/yes}}" },
	{ H, "{{{tagval}}}", "{{name}}{{#yes}}x{{/yes}}" },
	/* header context: CR, LF and other controls become spaces */
	{ R, "Subject: {{subject}}\n", "Subject: Hello  Bcc: evil@example.org\n" },
	{ R, "X: {{ctl}}", "X: a b c d e " },
	{ T, "X: {{ctl}}", "X: a\tb\001c\177d\xc2\x85" "e\n" },
	{ R, "{{#articles}}{{title}} {{/articles}}", "A1 A2 & co " },
};

static void
test_render_table(void **state)
{
	struct tctx *c = fixture();
	struct template *t;
	struct buf out;
	char *err;
	size_t i;
	int fails = 0;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		if (template_parse("t", rows[i].tpl, strlen(rows[i].tpl),
		    rows[i].ctx, &t, &err) < 0) {
			fprintf(stderr, "row %zu: %s: parse error %s\n", i,
			    rows[i].tpl, err);
			free(err);
			fails++;
			continue;
		}
		buf_init(&out, 0);
		if (template_render(t, c, &out, &err) < 0) {
			fprintf(stderr, "row %zu: render error %s\n", i, err);
			free(err);
			fails++;
		} else if (strcmp(out.data ? out.data : "", rows[i].want) != 0) {
			fprintf(stderr, "row %zu: %s\n  got  [%s]\n  want [%s]\n",
			    i, rows[i].tpl, out.data ? out.data : "",
			    rows[i].want);
			fails++;
		}
		buf_free(&out);
		template_free(t);
	}
	tctx_free(c);
	assert_int_equal(fails, 0);
}

struct erow {
	enum template_ctx ctx;
	const char *tpl;
	const char *want;
};

static const struct erow erows[] = {
	{ H, "a\n{{#articles}}\nb\nc\n",
	  "newsletter.html:4: section 'articles' opened on line 2 is not "
	  "closed" },
	{ H, "a\n{{#articles}}\nb\nc",
	  "newsletter.html:4: section 'articles' opened on line 2 is not "
	  "closed" },
	{ H, "{{#a}}\n{{^b}}\n{{/b}}\n",
	  "newsletter.html:3: section 'a' opened on line 1 is not closed" },
	{ H, "a\n\n{{/foo}}", "newsletter.html:3: unexpected {{/foo}}" },
	{ H, "{{#a}}{{/a}}\n{{ /foo }}", "newsletter.html:2: unexpected {{/foo}}" },
	{ H, "{{#a}}\n{{#b}}\n{{/a}}",
	  "newsletter.html:3: unexpected {{/a}}: section 'b' opened on line 2 "
	  "is not closed" },
	{ H, "1\n2\n3\n4\nx {{name", "newsletter.html:5: unterminated tag" },
	{ H, "{{name\n}}", "newsletter.html:1: unterminated tag" },
	{ H, "a\n{{{name}}", "newsletter.html:2: unterminated tag" },
	{ H, "{{! no end\n\n", "newsletter.html:1: unterminated tag" },
	{ H, "{{", "newsletter.html:1: unterminated tag" },
	{ R, "Subject: {{{title}}}",
	  "newsletter.html:1: raw value in a header template" },
	{ R, "To: x\nSubject: {{& title}}",
	  "newsletter.html:2: raw value in a header template" },
	{ H, "{{}}", "newsletter.html:1: empty tag" },
	{ H, "{{#  }}", "newsletter.html:1: empty tag" },
	{ H, "{{a b}}", "newsletter.html:1: invalid character in a tag name "
	  "(names are A-Z a-z 0-9 _ . -)" },
	{ H, "{{{{a}}}}", "newsletter.html:1: invalid character in a tag name "
	  "(names are A-Z a-z 0-9 _ . -)" },
	{ H, "{{>footer}}",
	  "newsletter.html:1: partials ({{>name}}) are not supported" },
	{ H, "{{=<% %>=}}",
	  "newsletter.html:1: delimiter changes ({{=...=}}) are not supported" },
	{ H, "{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}",
	  "newsletter.html:1: name longer than 64 bytes" },
};

static void
test_errors(void **state)
{
	struct template *t;
	char *err;
	size_t i;
	int fails = 0;

	for (i = 0; i < ARRAY_SIZE(erows); i++) {
		t = (struct template *)1;
		err = NULL;
		if (template_parse("newsletter.html", erows[i].tpl,
		    strlen(erows[i].tpl), erows[i].ctx, &t, &err) == 0) {
			fprintf(stderr, "row %zu: %s: parsed\n", i, erows[i].tpl);
			template_free(t);
			fails++;
			continue;
		}
		if (t != NULL || err == NULL ||
		    strcmp(err, erows[i].want) != 0) {
			fprintf(stderr, "row %zu: %s\n  got  [%s]\n  want [%s]\n",
			    i, erows[i].tpl, err ? err : "(null)", erows[i].want);
			fails++;
		}
		free(err);
	}
	assert_int_equal(fails, 0);
	/* error_r may be NULL */
	assert_int_equal(template_parse("x", "{{", 2, H, &t, NULL), -1);
	assert_null(t);
}

static void
test_parse_at(void **state)
{
	const char *mail = "Subject: {{subject}}\n\nline 1\n{{#a}}\n";
	struct template *t;
	size_t off;
	char *err;

	assert_int_equal(template_split_mail(mail, strlen(mail), &off), 0);
	assert_int_equal(off, 22);
	assert_int_equal(template_parse_at("confirm.txt", 3, mail + off,
	    strlen(mail) - off, T, &t, &err), -1);
	assert_string_equal(err,
	    "confirm.txt:4: section 'a' opened on line 4 is not closed");
	free(err);
}

/* a whole mail template, and the Subject: of its rendered header */
static void
test_parse_mail(void **state)
{
	static const char mail[] = "Subject: Issue {{n}}:\r\n {{title}}\r\n"
	    "X-Other: y\r\n\r\nHello {{name}}\n";
	static const char bad[] = "Subject: x\nno colon here\n\nbody\n";
	static const char late[] = "Subject: x\n\nline 3\n{{#a}}\n";
	struct template *head, *body;
	struct tctx *c = tctx_new();
	struct buf h, b;
	char *err = NULL, *subject;

	(void)state;
	tctx_set(c, "n", "7");
	tctx_set(c, "title", "Boards");
	tctx_set(c, "name", "Ann");
	assert_int_equal(template_parse_mail("x.txt", mail, strlen(mail),
	    &head, &body, &err), 0);
	buf_init(&h, 0);
	buf_init(&b, 0);
	assert_int_equal(template_render(head, c, &h, &err), 0);
	assert_int_equal(template_render(body, c, &b, &err), 0);
	assert_string_equal(b.data, "Hello Ann\n");
	subject = template_mail_subject(h.data);
	assert_string_equal(subject, "Issue 7: Boards");   /* unfolded */
	free(subject);
	subject = template_mail_subject("X-A: b\nsubject:   \n");
	assert_string_equal(subject, "");
	free(subject);
	subject = template_mail_subject("To: a\n");
	assert_string_equal(subject, "");
	free(subject);
	buf_free(&h);
	buf_free(&b);
	template_free(head);
	template_free(body);
	tctx_free(c);

	assert_int_equal(template_parse_mail("bad.txt", bad, strlen(bad),
	    &head, &body, &err), -1);
	assert_null(head);
	assert_null(body);
	assert_string_equal(err, "bad.txt:1: expected header lines (Subject: "
	    "…), an empty line, then the body");
	free(err);
	/* the body's errors carry the line in the whole file */
	assert_int_equal(template_parse_mail("late.txt", late, strlen(late),
	    &head, &body, &err), -1);
	assert_null(head);
	assert_string_equal(err,
	    "late.txt:4: section 'a' opened on line 4 is not closed");
	free(err);
}

/* not NUL-terminated input, and text with NUL bytes */
static void
test_lengths(void **state)
{
	static const char text[] = "ab{{name}}cd{{name}}";
	static const char nul[] = "a\0b{{x}}c";
	struct tctx *c = tctx_new();
	struct template *t;
	struct buf out;

	tctx_setn(c, "name", "N\0M", 3);
	tctx_set(c, "x", "X");
	/* stop in the middle of the second tag */
	assert_int_equal(template_parse("t", text, 14, T, &t, NULL), -1);
	assert_int_equal(template_parse("t", text, 12, T, &t, NULL), 0);
	buf_init(&out, 0);
	assert_int_equal(template_render(t, c, &out, NULL), 0);
	assert_int_equal(out.len, 7);
	assert_memory_equal(out.data, "abN\0Mcd", 7);
	template_free(t);
	buf_reset(&out);
	assert_int_equal(template_parse("t", nul, sizeof(nul) - 1, R, &t, NULL),
	    0);
	assert_int_equal(template_render(t, c, &out, NULL), 0);
	assert_int_equal(out.len, 5);
	assert_memory_equal(out.data, "a\0bXc", 5);
	template_free(t);
	buf_reset(&out);
	/* NUL inside a header value becomes a space too */
	assert_int_equal(template_parse("t", "{{name}}", 8, R, &t, NULL), 0);
	assert_int_equal(template_render(t, c, &out, NULL), 0);
	assert_string_equal(out.data, "N M");
	template_free(t);
	buf_free(&out);
	tctx_free(c);
}

static void
test_ceiling(void **state)
{
	struct tctx *c = tctx_new();
	struct template *t;
	struct buf out;
	char *err;

	tctx_set(c, "v", "<<<<");    /* 16 bytes once escaped */
	assert_int_equal(template_parse("n.html", "ab{{v}}", 7, H, &t, &err),
	    0);
	buf_init(&out, 20);
	assert_int_equal(buf_puts(&out, "pre"), 0);
	assert_int_equal(template_render(t, c, &out, &err), -1);
	assert_string_equal(err, "n.html: output larger than 20 bytes");
	free(err);
	assert_int_equal(out.len, 3);
	assert_string_equal(out.data, "pre");
	/* exactly at the ceiling is fine */
	buf_reset(&out);
	assert_int_equal(buf_puts(&out, "pr"), 0);
	assert_int_equal(template_render(t, c, &out, &err), 0);
	assert_int_equal(out.len, 20);
	assert_string_equal(out.data, "prab&lt;&lt;&lt;&lt;");
	buf_free(&out);
	/* on an empty buffer too */
	buf_init(&out, 5);
	assert_int_equal(template_render(t, c, &out, NULL), -1);
	assert_int_equal(out.len, 0);
	buf_free(&out);
	template_free(t);
	tctx_free(c);
}

static void
test_size_and_depth(void **state)
{
	struct tctx *c = tctx_new();
	struct template *t;
	struct buf out, tpl;
	char *big, *err;
	unsigned i;

	big = xmalloc(TEMPLATE_MAX_SIZE + 1);
	memset(big, 'a', TEMPLATE_MAX_SIZE + 1);
	assert_int_equal(template_parse("big.html", big, TEMPLATE_MAX_SIZE + 1,
	    H, &t, &err), -1);
	assert_string_equal(err, "big.html: template larger than 1048576 bytes");
	free(err);
	assert_int_equal(template_parse("big.html", big, TEMPLATE_MAX_SIZE,
	    H, &t, &err), 0);
	template_free(t);
	free(big);

	/* 32 nested sections over the same one-item list: parses, and the
	 * render stack holds the root and 32 items */
	tctx_set(tctx_list_add(tctx_list(c, "a")), "v", "x");
	buf_init(&tpl, 0);
	for (i = 0; i < TEMPLATE_MAX_DEPTH; i++)
		buf_puts(&tpl, "{{#a}}");
	buf_puts(&tpl, "{{v}}");
	for (i = 0; i < TEMPLATE_MAX_DEPTH; i++)
		buf_puts(&tpl, "{{/a}}");
	assert_int_equal(template_parse("d", tpl.data, tpl.len, T, &t, &err),
	    0);
	buf_init(&out, 0);
	assert_int_equal(template_render(t, c, &out, NULL), 0);
	assert_string_equal(out.data, "x");
	buf_free(&out);
	template_free(t);
	/* one more is refused */
	buf_reset(&tpl);
	buf_puts(&tpl, "\n");
	for (i = 0; i <= TEMPLATE_MAX_DEPTH; i++)
		buf_puts(&tpl, "{{^a}}");
	assert_int_equal(template_parse("d", tpl.data, tpl.len, T, &t, &err),
	    -1);
	assert_string_equal(err, "d:2: sections nested deeper than 32");
	free(err);
	/* sections nested over a two-item list: 2^21 visits, refused */
	tctx_list_add(tctx_list(c, "a"));
	buf_reset(&tpl);
	for (i = 0; i < 21; i++)
		buf_puts(&tpl, "{{#a}}");
	for (i = 0; i < 21; i++)
		buf_puts(&tpl, "{{/a}}");
	assert_int_equal(template_parse("d", tpl.data, tpl.len, T, &t, &err),
	    0);
	buf_init(&out, 0);
	assert_int_equal(template_render(t, c, &out, &err), -1);
	assert_string_equal(err, "d: more than 1048576 steps to render "
	    "(sections nested over long lists?)");
	free(err);
	assert_int_equal(out.len, 0);
	buf_free(&out);
	template_free(t);
	buf_free(&tpl);
	tctx_free(c);
}

/* contexts: replacing values, lists, a child over a shared parent */
static void
test_contexts(void **state)
{
	struct tctx *issue = tctx_new(), *sub, *l, *it;
	struct template *t;
	struct buf out;
	const char *tpl = "{{#articles}}{{title}} {{email}} {{unsub}}\n"
	    "{{/articles}}{{count}}";

	tctx_set(issue, "title", "old");
	tctx_set(issue, "title", "Issue 7");
	tctx_setf(issue, "count", "%d articles", 2);
	tctx_set(issue, "email", "nobody");
	l = tctx_list(issue, "articles");
	assert_ptr_equal(tctx_list(issue, "articles"), l);
	it = tctx_list_add(l);
	tctx_set(it, "title", "One");
	it = tctx_list_add(l);
	tctx_set_bool(it, "title", 1);
	tctx_set(it, "title", "Two");
	assert_int_equal(tctx_list_len(l), 2);

	assert_int_equal(template_parse("t", tpl, strlen(tpl), T, &t, NULL), 0);
	buf_init(&out, 0);
	sub = tctx_new_child(issue);
	tctx_set(sub, "email", "ann@example.org");
	tctx_set(sub, "unsub", "U1");
	assert_int_equal(template_render(t, sub, &out, NULL), 0);
	assert_string_equal(out.data, "One ann@example.org U1\n"
	    "Two ann@example.org U1\n2 articles");
	tctx_free(sub);
	buf_reset(&out);
	assert_int_equal(template_render(t, issue, &out, NULL), 0);
	assert_string_equal(out.data, "One nobody \nTwo nobody \n2 articles");
	buf_reset(&out);
	/* NULL context: nothing but the text */
	assert_int_equal(template_render(t, NULL, &out, NULL), 0);
	assert_string_equal(out.data, "");
	/* a list replaced by a string, a string by a list */
	tctx_set(issue, "articles", "flat");
	tctx_set(tctx_list_add(tctx_list(issue, "count")), "title", "x");
	buf_reset(&out);
	assert_int_equal(template_render(t, issue, &out, NULL), 0);
	assert_string_equal(out.data, "Issue 7 nobody \n");
	assert_int_equal(tctx_list_len(NULL), 0);
	buf_free(&out);
	template_free(t);
	tctx_free(issue);
	tctx_free(NULL);
}

struct mrow {
	const char *text;
	int ret;
	size_t off;
};

static const struct mrow mrows[] = {
	{ "Subject: x\n\nbody", 0, 12 },
	{ "Subject: x\r\nTo: {{email}}\r\n\r\nbody\r\n", 0, 29 },
	{ "Subject: a\n  folded\nX-A: b\n\n", 0, 28 },
	{ "{{#list_id}}\nList-Id: {{list_id}}\n{{/list_id}}\n\nb", 0, 48 },
	{ "\nbody only", 0, 1 },
	{ "Subject: no body", -1, 0 },
	{ "Subject: x\nbody without blank line\n", -1, 0 },
	{ " continued\n\n", -1, 0 },
	{ "Sub ject: x\n\n", -1, 0 },
	{ ": x\n\n", -1, 0 },
	{ "", -1, 0 },
};

static void
test_split_mail(void **state)
{
	size_t i, off;
	int r, fails = 0;

	for (i = 0; i < ARRAY_SIZE(mrows); i++) {
		off = 0;
		r = template_split_mail(mrows[i].text, strlen(mrows[i].text),
		    &off);
		if (r != mrows[i].ret || (r == 0 && off != mrows[i].off)) {
			fprintf(stderr, "row %zu: got %d/%zu want %d/%zu\n", i,
			    r, off, mrows[i].ret, mrows[i].off);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_table),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_parse_at),
		cmocka_unit_test(test_parse_mail),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_size_and_depth),
		cmocka_unit_test(test_contexts),
		cmocka_unit_test(test_split_mail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

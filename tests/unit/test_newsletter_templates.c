/* test_newsletter_templates.c — the shipped templates (templates/
 * newsletter.html, also as the archive page, and newsletter.txt) parsed
 * in their contexts and rendered with the five demo articles and a
 * hostile subscriber name: the HTML parses cleanly with libxml2, every article title, summary and
 * body is there (escaped where it must be), the per-subscriber values
 * (email, unsubscribe link, name) are in the mail and never in the public
 * archive page, no template tag is left unexpanded while article text
 * that looks like a tag stays literal, and the plain text keeps its own
 * lines within 72 columns.
 *
 * With ARCHIVE_PREVIEW=FILE (NEWSLETTER_PREVIEW=FILE) in the environment
 * the rendered archive page (the subscriber's HTML) is also written to
 * FILE, for screenshots. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "article.h"
#include "template.h"
#include "util.h"

#define TPL_DIR SRCDIR "/templates"
#define OUT_MAX (4u * 1024 * 1024)

#define SUB_NAME  "Ann <script>alert(1)</script> & Co"
#define SUB_NAME_ESC \
	"Ann &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"
#define SUB_EMAIL "ann.o+news@example.org"
#define SUB_TOKEN "tok3nA1b2C3d4E5"
#define SUB_UNSUB "https://rma-search.example/u?t=" SUB_TOKEN "&l=brief"
#define SUB_UNSUB_ESC \
	"https://rma-search.example/u?t=" SUB_TOKEN "&amp;l=brief"
#define ARCHIVE_URL "https://rma-search.example/archive/7.html"
#define POSTAL "RMA Search Ltd, 12 Example Row, London EC1A 1AA, UK"

struct fixture {
	struct article **arts;
	size_t n;
	struct tctx *issue;      /* issue values and the articles list */
	struct tctx *sub;        /* subscriber values over issue */
};

/* ---- helpers ---- */

static char *
html_esc(const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': buf_puts(&b, "&amp;"); break;
		case '<': buf_puts(&b, "&lt;"); break;
		case '>': buf_puts(&b, "&gt;"); break;
		case '"': buf_puts(&b, "&quot;"); break;
		case '\'': buf_puts(&b, "&#39;"); break;
		default: buf_putc(&b, *s); break;
		}
	}
	return buf_steal(&b);
}

static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0, l = strlen(needle);
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += l;
	}
	return n;
}

/* load templates/FILE; a mail template's header part goes to *hdr_r */
static struct template *
load(const char *file, enum template_ctx ctx, struct template **hdr_r)
{
	char *path = xasprintf("%s/%s", TPL_DIR, file), *data, *err = NULL;
	const char *ferr = NULL;
	size_t len, off = 0;
	unsigned line = 1;
	struct template *t = NULL;

	if (file_read(path, TEMPLATE_MAX_SIZE, &data, &len, &ferr) != 0)
		fail_msg("%s: %s", path, ferr);
	if (hdr_r != NULL) {
		if (template_split_mail(data, len, &off) != 0)
			fail_msg("%s: not headers, blank line, body", file);
		for (size_t i = 0; i < off; i++)
			line += data[i] == '\n';
		if (template_parse(file, data, off, TEMPLATE_HEADER, hdr_r,
		    &err) != 0)
			fail_msg("%s", err);
	}
	if (template_parse_at(file, line, data + off, len - off, ctx, &t,
	    &err) != 0)
		fail_msg("%s", err);
	free(data);
	free(path);
	return t;
}

static char *
render(const struct template *t, const struct tctx *c)
{
	struct buf out;
	char *err = NULL;

	buf_init(&out, OUT_MAX);
	if (template_render(t, c, &out, &err) != 0)
		fail_msg("%s", err);
	return buf_steal(&out);
}

static void
add_article(struct tctx *list, const char *title, const char *author,
    const char *date, const char *category, const char *summary,
    const char *html, const char *text)
{
	struct tctx *it = tctx_list_add(list);

	tctx_set(it, "title", title);
	tctx_set(it, "author", author);
	tctx_set(it, "date", date);
	tctx_set(it, "category", category);
	tctx_set(it, "summary", summary);
	tctx_set(it, "html", html);
	tctx_set(it, "text", text);
}

static int
setup(void **state)
{
	struct fixture *f = xmalloc(sizeof(*f));
	struct tctx *list;
	char *err = NULL;

	memset(f, 0, sizeof(*f));
	if (article_load_dir(SRCDIR "/contrib/demo/articles", &f->arts,
	    &f->n, &err) != 0)
		fail_msg("%s", err);
	assert_int_equal(f->n, 5);
	f->issue = tctx_new();
	tctx_set(f->issue, "issue_number", "7");
	tctx_set(f->issue, "issue_title", "Judgement, listening & leaving");
	tctx_set(f->issue, "issue_date", "2 February 2026");
	tctx_set(f->issue, "list_name", "The RMA Brief");
	tctx_set(f->issue, "archive_url", ARCHIVE_URL);
	tctx_set(f->issue, "postal_address", POSTAL);
	list = tctx_list(f->issue, "articles");
	for (size_t i = 0; i < f->n; i++) {
		const struct article *a = f->arts[i];

		add_article(list, a->title, a->author, a->date, a->category,
		    a->summary, a->html, a->text);
	}
	f->sub = tctx_new_child(f->issue);
	tctx_set(f->sub, "name", SUB_NAME);
	tctx_set(f->sub, "email", SUB_EMAIL);
	tctx_set(f->sub, "unsubscribe_url", SUB_UNSUB);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tctx_free(f->sub);
	tctx_free(f->issue);
	article_list_free(f->arts, f->n);
	free(f);
	return 0;
}

/* ---- libxml2 ---- */

struct xerrs {
	int n;
	char first[512];
};

static void
xml_err(void *ctx, const xmlError *e)
{
	struct xerrs *x = ctx;

	if (e->level < XML_ERR_ERROR)
		return;
	if (x->n++ == 0)
		snprintf(x->first, sizeof(x->first), "line %d: %s", e->line,
		    e->message != NULL ? e->message : "?");
}

/* the text of every element NAME whose class attribute is CLS, joined
 * with '|' */
static void
collect(xmlNode *n, const char *name, const char *cls, struct buf *b)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0) {
			xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");

			if (c != NULL && strcmp((const char *)c, cls) == 0) {
				xmlChar *t = xmlNodeGetContent(n);

				buf_puts(b, (const char *)t);
				buf_putc(b, '|');
				xmlFree(t);
			}
			xmlFree(c);
		}
		collect(n->children, name, cls, b);
	}
}

/* parses html; fails on any error; returns the article titles found in
 * the h2 card headings, '|'-joined (caller frees) */
static char *
html_check(const char *what, const char *html)
{
	struct xerrs x = { 0, "" };
	htmlDocPtr doc;
	struct buf b;

	xmlSetStructuredErrorFunc(&x, (xmlStructuredErrorFunc)xml_err);
	doc = htmlReadMemory(html, (int)strlen(html), what, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	assert_non_null(doc);
	if (x.n != 0)
		fail_msg("%s: %d HTML errors, first %s", what, x.n, x.first);
	buf_init(&b, 0);
	collect(xmlDocGetRootElement(doc), "h2", "rma-text", &b);
	xmlFreeDoc(doc);
	return buf_steal(&b);
}

static char *
titles_joined(const struct fixture *f)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < f->n; i++) {
		buf_puts(&b, f->arts[i]->title);
		buf_putc(&b, '|');
	}
	return buf_steal(&b);
}

/* every article's title and summary escaped, and its html raw, are in s */
static void
check_articles_html(const struct fixture *f, const char *what,
    const char *s)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct article *a = f->arts[i];
		char *t = html_esc(a->title), *su = html_esc(a->summary);

		if (strstr(s, t) == NULL)
			fail_msg("%s: title '%s' missing", what, t);
		if (strstr(s, su) == NULL)
			fail_msg("%s: summary of '%s' missing", what, t);
		if (strstr(s, a->html) == NULL)
			fail_msg("%s: body of '%s' missing", what, t);
		if (strstr(s, a->author) == NULL ||
		    strstr(s, a->date) == NULL)
			fail_msg("%s: author/date of '%s' missing", what, t);
		free(t);
		free(su);
	}
}

/* the rendering to the file named by the environment variable env, if
 * set (for screenshots) */
static void
preview(const char *env, const char *s)
{
	const char *out = getenv(env);
	FILE *fp;

	if (out == NULL || *out == '\0')
		return;
	fp = fopen(out, "w");
	assert_non_null(fp);
	assert_true(fputs(s, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

/* ---- tests ---- */

static void
test_newsletter_html(void **state)
{
	struct fixture *f = *state;
	struct template *t = load("newsletter.html", TEMPLATE_HTML, NULL);
	char *s = render(t, f->sub), *titles, *want = titles_joined(f);

	preview("NEWSLETTER_PREVIEW", s);
	titles = html_check("newsletter.html", s);
	assert_string_equal(titles, want);
	check_articles_html(f, "newsletter.html", s);
	/* per-subscriber values */
	assert_non_null(strstr(s, "href=\"" SUB_UNSUB_ESC "\""));
	assert_non_null(strstr(s, "You receive this because " SUB_EMAIL
	    " subscribed to The RMA Brief"));
	assert_non_null(strstr(s, "href=\"" ARCHIVE_URL "\""));
	assert_non_null(strstr(s, ">View in browser</a>"));
	assert_non_null(strstr(s, ">Unsubscribe</a>"));
	assert_non_null(strstr(s, POSTAL));
	/* the hostile name appears once, escaped, never raw */
	assert_int_equal(count_of(s, "Dear " SUB_NAME_ESC ","), 1);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "Hello,"));
	/* layout promises */
	assert_non_null(strstr(s, "max-width:600px"));
	assert_non_null(strstr(s, "content=\"light dark\""));
	assert_non_null(strstr(s, "name=\"viewport\""));
	assert_non_null(strstr(s, "RMA Search"));
	assert_non_null(strstr(s, "Judgement, listening &amp; leaving"));
	/* the preheader starts with the first summary */
	{
		const char *p = strstr(s, "mso-hide:all");
		char *first = html_esc(f->arts[0]->summary);

		assert_non_null(p);
		p = strchr(p, '>');
		assert_non_null(p);
		assert_memory_equal(p + 1, first, strlen(first));
		free(first);
	}
	assert_null(strstr(s, "{{"));
	assert_null(strstr(s, "}}"));
	free(titles);
	free(want);
	free(s);
	template_free(t);
}

static void
test_newsletter_html_no_name(void **state)
{
	struct fixture *f = *state;
	struct template *t = load("newsletter.html", TEMPLATE_HTML, NULL);
	struct tctx *c = tctx_new_child(f->issue);
	char *s, *titles;

	tctx_set(c, "name", "");
	tctx_set(c, "email", SUB_EMAIL);
	tctx_set(c, "unsubscribe_url", SUB_UNSUB);
	tctx_set(c, "archive_url", "");       /* no archive configured */
	s = render(t, c);
	titles = html_check("newsletter.html (no name)", s);
	assert_non_null(strstr(s, ">Hello,</p>"));
	assert_null(strstr(s, "Dear"));
	assert_null(strstr(s, "View in browser"));
	assert_non_null(strstr(s, ">Unsubscribe</a>"));
	free(titles);
	free(s);
	tctx_free(c);
	template_free(t);
}

static void
test_archive_html(void **state)
{
	struct fixture *f = *state;
	struct template *t = load("newsletter.html", TEMPLATE_HTML, NULL);
	/* the archive page is newsletter.html with "web" set, rendered here
	 * over the subscriber's context on purpose: the web version must
	 * not show any per-subscriber value */
	struct tctx *web = tctx_new_child(f->sub);
	char *s, *titles, *want = titles_joined(f);

	tctx_set_bool(web, "web", 1);
	s = render(t, web);
	titles = html_check("newsletter.html (web)", s);
	assert_string_equal(titles, want);
	check_articles_html(f, "newsletter.html (web)", s);
	assert_true(str_prefix_ci(s, "<!DOCTYPE html>\n<html lang=\"en\">"));
	assert_non_null(strstr(s, "charset=utf-8\">"));
	assert_non_null(strstr(s, "<meta name=\"description\""));
	assert_non_null(strstr(s, "This is the web version of issue"));
	assert_non_null(strstr(s, POSTAL));
	assert_null(strstr(s, SUB_EMAIL));
	assert_null(strstr(s, SUB_TOKEN));
	assert_null(strstr(s, "nsubscribe"));
	assert_null(strstr(s, "Ann "));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "&lt;script"));
	assert_null(strstr(s, "{{"));
	preview("ARCHIVE_PREVIEW", s);
	free(titles);
	free(want);
	free(s);
	tctx_free(web);
	template_free(t);
}

/* is the line [p, p+n) inside one of the article values of the txt? */
static int
in_article_value(const struct fixture *f, const char *p, size_t n)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct article *a = f->arts[i];
		const char *v[] = { a->text, a->summary, a->title };

		for (size_t j = 0; j < sizeof(v) / sizeof(v[0]); j++)
			if (memmem(v[j], strlen(v[j]), p, n) != NULL)
				return 1;
	}
	return 0;
}

static void
test_newsletter_txt(void **state)
{
	struct fixture *f = *state;
	struct template *h, *t = load("newsletter.txt", TEMPLATE_TEXT, &h);
	char *subj = render(h, f->sub), *s = render(t, f->sub);
	const char *p, *nl;
	int lineno = 0;

	assert_string_equal(subj,
	    "Subject: The RMA Brief #7: Judgement, listening & leaving\n\n");
	for (size_t i = 0; i < f->n; i++) {
		const struct article *a = f->arts[i];
		char *item = xasprintf("  * %s\n", a->title);

		assert_int_equal(count_of(s, item), 1);
		if (strstr(s, a->text) == NULL || strstr(s, a->summary) == NULL)
			fail_msg("txt: article '%s' incomplete", a->title);
		free(item);
	}
	assert_int_equal(count_of(s, "\n======================================"
	    "==================================\n"), f->n + 1);
	assert_non_null(strstr(s, "Dear " SUB_NAME ",\n"));
	assert_non_null(strstr(s, "You receive this because " SUB_EMAIL
	    " subscribed to\nThe RMA Brief"));
	assert_non_null(strstr(s, "\n" SUB_UNSUB "\n"));
	assert_non_null(strstr(s, "\n" ARCHIVE_URL "\n"));
	assert_non_null(strstr(s, "\n" POSTAL "\n"));
	assert_null(strstr(s, "{{"));
	assert_null(strstr(s, "\n\n\n"));
	/* lines of the template itself stay within 72 columns */
	for (p = s; *p != '\0'; p = nl + 1) {
		size_t n;

		lineno++;
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		n = (size_t)(nl - p);
		if (n > 72 && !in_article_value(f, p, n) &&
		    memmem(p, n, SUB_UNSUB, strlen(SUB_UNSUB)) == NULL)
			fail_msg("txt line %d has %zu columns: %.*s", lineno,
			    n, (int)n, p);
		if (*nl == '\0')
			break;
	}
	free(subj);
	free(s);
	template_free(h);
	template_free(t);
}

/* with short values every line of the txt, whatever it holds, fits */
static void
test_newsletter_txt_short(void **state)
{
	struct template *h, *t = load("newsletter.txt", TEMPLATE_TEXT, &h);
	struct tctx *c = tctx_new(), *list = tctx_list(c, "articles");
	char *s;
	const char *p;
	size_t col = 0;

	tctx_set(c, "issue_number", "123");
	tctx_set(c, "issue_title", "Short title");
	tctx_set(c, "issue_date", "12 January 2026");
	tctx_set(c, "list_name", "The RMA Brief");
	tctx_set(c, "email", "someone.long@example.org");
	tctx_set(c, "unsubscribe_url", "https://rma.example/u/x");
	tctx_set(c, "archive_url", "https://rma.example/a/1");
	tctx_set(c, "postal_address", POSTAL);
	add_article(list, "T", "A", "2026-01-01", "C", "S", "<p>x</p>\n",
	    "x\n");
	s = render(t, c);
	for (p = s; *p != '\0'; p++) {
		col = *p == '\n' ? 0 : col + 1;
		assert_true(col <= 72);
	}
	assert_non_null(strstr(s, "Hello,\n"));
	assert_null(strstr(s, "Dear"));
	free(s);
	tctx_free(c);
	template_free(h);
	template_free(t);
}

/* article values that look like tags come out literally, not expanded */
static void
test_literal_braces(void **state)
{
	struct fixture *f = *state;
	/* the mail's HTML part, the archive page (web), the text part */
	static const char *const files[] = { "newsletter.html",
	    "newsletter.html", "newsletter.txt" };
	struct tctx *c = tctx_new_child(f->sub), *web;
	struct tctx *list = tctx_list(c, "articles");

	add_article(list, "Fees & {{name}} <b>", "{{email}}", "2026-02-09",
	    "{{#articles}}", "Sum {{{unsubscribe_url}}}",
	    "<p>Body {{name}} and {{/articles}}</p>\n",
	    "Body {{email}} and {{^x}}\n");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int html = i < 2;
		struct template *h = NULL, *t = load(files[i],
		    html ? TEMPLATE_HTML : TEMPLATE_TEXT, html ? NULL : &h);
		char *s, *titles = NULL;

		web = tctx_new_child(c);
		tctx_set_bool(web, "web", i == 1);
		s = render(t, web);
		tctx_free(web);
		if (html) {
			titles = html_check(files[i], s);
			assert_string_equal(titles, "Fees & {{name}} <b>|");
			assert_non_null(strstr(s,
			    "Fees &amp; {{name}} &lt;b&gt;"));
			assert_non_null(strstr(s,
			    "<p>Body {{name}} and {{/articles}}</p>"));
		} else {
			assert_non_null(strstr(s, "Fees & {{name}} <b>\n"));
			assert_non_null(strstr(s, "Body {{email}} and {{^x}}\n"));
		}
		assert_non_null(strstr(s, "{{#articles}}"));
		assert_non_null(strstr(s, "Sum {{{unsubscribe_url}}}"));
		/* the only "{{" are those of the article's values: title,
		 * author, category, summary, 2 in the body; the mail repeats
		 * the summary (preheader) or the title (table of contents) */
		assert_int_equal(count_of(s, "{{"), i == 1 ? 6 : 7);
		free(titles);
		free(s);
		template_free(h);
		template_free(t);
	}
	tctx_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newsletter_html),
		cmocka_unit_test(test_newsletter_html_no_name),
		cmocka_unit_test(test_archive_html),
		cmocka_unit_test(test_newsletter_txt),
		cmocka_unit_test(test_newsletter_txt_short),
		cmocka_unit_test(test_literal_braces),
	};
	int r;

	LIBXML_TEST_VERSION
	r = cmocka_run_group_tests(tests, setup, teardown);
	xmlCleanupParser();
	return r;
}

/*
 * test_html.c — html_to_text: web-form tables, line breaks, entities,
 * dropped elements, nesting, whitespace, limits and pathological trees.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html.h"
#include "util.h"

#include "../support/build.h"

struct html_case {
	const char *name;
	const char *html;
	const char *text;
};

static const struct html_case cases[] = {
	{ "web-form table",
	  "<table><tr><td>Name</td><td>J\xc3\xbcrgen Wei\xc3\x9f</td></tr>"
	  "<tr><td>Email</td><td><a href=\"mailto:j@x.de\">j@x.de</a></td></tr>"
	  "</table>",
	  "Name: J\xc3\xbcrgen Wei\xc3\x9f\nEmail: j@x.de" },
	{ "label with colon",
	  "<table><tr><th>Position Title:</th><td>CFO</td></tr>"
	  "<tr><td><b>Company:</b></td><td> ACME GmbH </td></tr></table>",
	  "Position Title: CFO\nCompany: ACME GmbH" },
	{ "cells in paragraphs",
	  "<table><tr><td><p>Salary</p></td><td><p>EUR 180.000</p></td></tr>"
	  "<tr><td><div>Location</div></td><td><div>Berlin</div></td></tr></table>",
	  "Salary: EUR 180.000\nLocation: Berlin" },
	{ "three cells",
	  "<table><tr><td>a</td><td>b</td><td>c</td></tr></table>",
	  "a | b | c" },
	{ "empty label cell",
	  "<table><tr><td></td><td>only value</td></tr></table>",
	  "only value" },
	{ "nested layout tables",
	  "<table width=600><tr><td><h2>New job order</h2>"
	  "<table><tr><td>Company:</td><td>ACME</td></tr>"
	  "<tr><td>Industry:</td><td>Pharma</td></tr></table>"
	  "</td></tr><tr><td>Footer</td></tr></table>",
	  "New job order\nCompany: ACME\nIndustry: Pharma\nFooter" },
	{ "br lines",
	  "First Name: Anna<br>Last Name: Berg<br/>Phone: +49 89 1234 5678",
	  "First Name: Anna\nLast Name: Berg\nPhone: +49 89 1234 5678" },
	{ "many br: one blank line",
	  "a<br><br><br><br>b",
	  "a\n\nb" },
	{ "gmail blank div",
	  "<div>Hello</div><div><br></div><div>World</div>",
	  "Hello\n\nWorld" },
	{ "paragraphs",
	  "<p>One</p><p>Two</p><p>&nbsp;</p><p>Three</p>",
	  "One\n\nTwo\n\nThree" },
	{ "entities",
	  "<p>R&amp;D &lt;b&gt; caf&eacute; &#8364;5 &quot;x&quot; a&nbsp;&nbsp;b</p>",
	  "R&D <b> caf\xc3\xa9 \xe2\x82\xac" "5 \"x\" a b" },
	{ "dropped elements",
	  "<html><head><title>Title</title><style>p{color:red}</style></head>"
	  "<body><script>alert('x')</script>Body text<script>var a=1;</script>"
	  "</body></html>",
	  "Body text" },
	{ "whitespace",
	  "<p>   lots \t of\n\n   space   </p>",
	  "lots of space" },
	{ "lists and headings",
	  "<h1>Title</h1><ul><li>one</li><li>two</li></ul>end",
	  "Title\n\none\ntwo\n\nend" },
	{ "pre keeps lines",
	  "<pre>  a  b\n  c</pre>",
	  "  a  b\n  c" },
	{ "inline elements",
	  "<p>a<b>b</b><i> c</i> <span>d</span></p>",
	  "ab c d" },
	{ "tag soup",
	  "<table><tr><td>Name<td>Bob<tr><td>Email<td>b@x.org</table>",
	  "Name: Bob\nEmail: b@x.org" },
	{ "comments",
	  "a<!-- hidden -->b",
	  "ab" },
	{ "pretty-printed table",
	  "<table>\n  <tr>\n    <td>Email:</td>\n    <td>x@y.org</td>\n  </tr>\n"
	  "  <tr>\n    <td>Phone</td>\n    <td>+49 89 1234</td>\n  </tr>\n</table>",
	  "Email: x@y.org\nPhone: +49 89 1234" },
	{ "multi-line cell",
	  "<table><tr><td>Address</td><td>Main St 1<br>Berlin</td></tr></table>",
	  "Address: Main St 1\nBerlin" },
	{ "meta charset is not obeyed: input is UTF-8",
	  "<meta charset=\"iso-8859-1\"><p>J\xc3\xbcrgen</p>",
	  "J\xc3\xbcrgen" },
	{ "rows nested past the buffer",
	  "<table><tr><td><table><tr><td><table><tr><td><table><tr><td>"
	  "<table><tr><td><table><tr><td><table><tr><td><table><tr><td>"
	  "<table><tr><td>k</td><td>v</td></tr></table>"
	  "</td></tr></table></td></tr></table></td></tr></table></td></tr></table>"
	  "</td></tr></table></td></tr></table></td></tr></table></td></tr></table>",
	  "k | v" },
	{ "text only", "just text", "just text" },
	{ "empty", "", "" },
	{ "only markup", "<html><body></body></html>", "" },
};

static void
test_cases(void **state)
{
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = html_to_text(cases[i].html, strlen(cases[i].html), 0);
		if (strcmp(got, cases[i].text) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].name,
			    got, cases[i].text);
		free(got);
	}
}

static void
test_not_terminated(void **state)
{
	char *got;

	(void)state;
	/* only n bytes are read */
	got = html_to_text("<p>abc</p>XYZ", 10, 0);
	assert_string_equal(got, "abc");
	free(got);
	got = html_to_text(NULL, 0, 0);
	assert_string_equal(got, "");
	free(got);
}

static void
test_max(void **state)
{
	const char *h = "<p>\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4</p>";
	char *got;
	int cut = 0;

	(void)state;
	got = html_to_text_r(h, strlen(h), 5, &cut);
	assert_string_equal(got, "\xc3\xa4\xc3\xa4");
	assert_int_equal(cut, 1);
	free(got);
	got = html_to_text_r(h, strlen(h), 0, &cut);
	assert_int_equal(cut, 0);
	free(got);
}

/* 100,000-deep trees: the text at the bottom is not lost and the output
 * stays bounded (the time against flat paragraphs of the same size is
 * measured by contrib/bench/hostile) */
static void
test_deep_trees(void **state)
{
	size_t i, len;
	char *h, *got;
	int cut;

	(void)state;
	for (i = 0; i < BUILD_N_HTML_NESTS; i++) {
		h = build_repeat(build_html_nests[i], 100000, "deep text",
		    &len);
		got = html_to_text_r(h, len, 1024 * 1024, &cut);
		if (strstr(got, "deep text") == NULL)
			fail_msg("%s x100000: text lost", build_html_nests[i]);
		if (strlen(got) > 1024 * 1024 || cut ||
		    !utf8_valid(got, strlen(got)))
			fail_msg("%s x100000: output not bounded or not clean",
			    build_html_nests[i]);
		free(got);
		free(h);
	}
	/* a huge flat form: bounded output */
	h = build_repeat("<tr><td>Label</td><td>Value</td></tr>", 200000, "",
	    &len);
	got = html_to_text(h, len, 4096);
	assert_true(strlen(got) <= 4096);
	assert_int_equal(strncmp(got, "Label: Value\nLabel: Value", 25), 0);
	free(got);
	free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_not_terminated),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_deep_trees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

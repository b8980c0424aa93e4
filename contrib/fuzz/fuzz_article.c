/* fuzz_article.c — libFuzzer harness for article_parse: front matter and
 * Markdown body in one input, which need not be NUL-terminated or valid
 * UTF-8.  A parsed article must have every string set and valid UTF-8,
 * a valid date, and no script-capable link left in its HTML.  An input
 * starting with 'B' is a body alone: the rest goes after a fixed front
 * matter, so the fuzzer spends its time in cmark and the text walker. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const char *s)
{
	if (s == NULL || !utf8_valid(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "---\ntitle: t\ndate: 2026-01-05\n---\n";
	struct article *a = NULL;
	char *err = NULL, *doc = NULL;
	int r;

	if (size > 0 && data[0] == 'B') {
		doc = xmalloc(sizeof(head) - 1 + size - 1);
		memcpy(doc, head, sizeof(head) - 1);
		memcpy(doc + sizeof(head) - 1, data + 1, size - 1);
		r = article_parse("fuzz.md", doc, sizeof(head) - 1 + size - 1,
		    &a, &err);
		free(doc);
	} else
		r = article_parse("fuzz.md", (const char *)data, size, &a,
		    &err);
	if (r < 0) {
		if (err == NULL || strncmp(err, "fuzz.md:", 8) != 0 || a != NULL)
			abort();
		free(err);
		return 0;
	}
	check(a->title);
	check(a->author);
	check(a->date);
	check(a->category);
	check(a->summary);
	check(a->html);
	check(a->text);
	if (a->title[0] == '\0' || strlen(a->date) != 10 ||
	    strcmp(a->slug, "fuzz") != 0 ||
	    mem_find_ci(a->html, strlen(a->html), "href=\"javascript:") ||
	    mem_find_ci(a->html, strlen(a->html), "<script"))
		abort();
	article_free(a);
	return 0;
}

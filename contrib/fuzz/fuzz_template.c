/* fuzz_template.c — libFuzzer harness for the template expander: the
 * input is template text, compiled in each of the three contexts
 * (template_parse) and, when it compiles, rendered (template_render)
 * against a small fixed context holding strings with markup, tag syntax
 * and line breaks, booleans, and nested lists, into a buffer with a
 * ceiling.  Checks the invariants the callers rely on: an error comes
 * with a message, a failed render leaves the buffer empty, and a header
 * template's output holds no line break the template text did not. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tctx *
fixture(void)
{
	struct tctx *c = tctx_new(), *l, *it;

	tctx_set(c, "name", "Ann <a&b> \"q\" 'x'");
	tctx_set(c, "v", "{{name}}{{#a}}");
	tctx_set(c, "crlf", "x\r\nBcc: y\n");
	tctx_set(c, "s", "");
	tctx_set_bool(c, "t", 1);
	tctx_set_bool(c, "f", 0);
	l = tctx_list(c, "a");
	it = tctx_list_add(l);
	tctx_set(it, "name", "one");
	tctx_set(tctx_list_add(tctx_list(it, "b")), "x", "<1>");
	tctx_set(tctx_list_add(tctx_list(it, "b")), "x", "<2>");
	it = tctx_list_add(l);
	tctx_set(it, "x", "two");
	(void)tctx_list(c, "e");
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum template_ctx ctxs[] = {
		TEMPLATE_HTML, TEMPLATE_TEXT, TEMPLATE_HEADER
	};
	static struct tctx *c;
	const char *s = (const char *)data;
	struct template *t;
	struct buf out;
	char *err;
	size_t i, nl_in, nl_out, k, off;

	if (c == NULL)
		c = fixture();
	for (i = 0; i < ARRAY_SIZE(ctxs); i++) {
		if (template_parse("fuzz", s, size, ctxs[i], &t, &err) < 0) {
			if (err == NULL || t != NULL)
				abort();
			free(err);
			continue;
		}
		buf_init(&out, 1u << 20);
		if (template_render(t, c, &out, &err) < 0) {
			if (err == NULL || out.len != 0)
				abort();
			free(err);
		} else if (ctxs[i] == TEMPLATE_HEADER) {
			/* values never add a line: at most the template's own
			 * '\n's (each section body may repeat, so only the
			 * no-section case is exact) */
			for (nl_in = 0, k = 0; k < size; k++)
				nl_in += s[k] == '\n';
			for (nl_out = 0, k = 0; k < out.len; k++)
				nl_out += out.data[k] == '\n';
			if (memchr(s, '#', size) == NULL && nl_out > nl_in)
				abort();
		}
		buf_free(&out);
		template_free(t);
	}
	(void)template_split_mail(s, size, &off);
	return 0;
}

/* fuzz_resume.c — libFuzzer harness for résumé text extraction.  The
 * first byte picks a path: format detection then extraction of what was
 * detected, RTF, TXT, HTML, a raw DOCX/ODT zip, or the rest of the input
 * wrapped as word/document.xml or content.xml in a zip built here, so the
 * XML walkers see mutated XML rather than mutated deflate streams.
 * PDF is left out: it runs in a forked child per call (too slow for
 * fuzzing, and crashes there are contained by design); poppler itself is
 * fuzzed upstream (OSS-Fuzz). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "limit.h"
#include "resume.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* wrap: a zip holding data under name (stored: cheap to build) */
static unsigned char *
wrap(const char *name, const uint8_t *data, size_t size, size_t *len_r)
{
	zip_source_t *out, *s;
	zip_t *za;
	zip_stat_t st;
	zip_int64_t idx;
	unsigned char *bytes = NULL;

	out = zip_source_buffer_create(NULL, 0, 0, NULL);
	if (out == NULL)
		return NULL;
	za = zip_open_from_source(out, ZIP_TRUNCATE, NULL);
	if (za == NULL) {
		zip_source_free(out);
		return NULL;
	}
	zip_source_keep(out);
	s = zip_source_buffer(za, data, size, 0);
	if (s == NULL || (idx = zip_file_add(za, name, s, 0)) < 0) {
		zip_source_free(s);
		zip_discard(za);
		zip_source_free(out);
		return NULL;
	}
	zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	if (zip_close(za) < 0) {
		zip_discard(za);
		zip_source_free(out);
		return NULL;
	}
	if (zip_source_open(out) == 0) {
		if (zip_source_stat(out, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE)) {
			bytes = xmalloc(st.size ? st.size : 1);
			if (zip_source_read(out, bytes, st.size) !=
			    (zip_int64_t)st.size) {
				free(bytes);
				bytes = NULL;
			}
			*len_r = st.size;
		}
		zip_source_close(out);
	}
	zip_source_free(out);
	return bytes;
}

static void
extract(enum resume_format fmt, const uint8_t *data, size_t size,
    const struct limits *lim)
{
	char *text = NULL;
	const char *err = NULL;

	if (fmt == RESUME_PDF)
		return;
	if (resume_text(fmt, data, size, lim, &text, &err) == 0) {
		if (text == NULL || !utf8_valid(text, strlen(text)) ||
		    strlen(text) > lim->max_resume_text)
			abort();
		free(text);
	} else if (err == NULL || text != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits lim;
	unsigned char *z;
	size_t zn = 0;

	if (size < 1)
		return 0;
	limit_defaults(&lim);
	lim.max_zip_entry = 1024 * 1024;
	lim.max_resume_text = 64 * 1024;
	switch (data[0] % 8) {
	case 0:
		extract(resume_format(NULL, NULL, data + 1, size - 1),
		    data + 1, size - 1, &lim);
		break;
	case 1:
		extract(RESUME_RTF, data + 1, size - 1, &lim);
		break;
	case 2:
		extract(RESUME_TXT, data + 1, size - 1, &lim);
		break;
	case 3:
		extract(RESUME_HTML, data + 1, size - 1, &lim);
		break;
	case 4:
		extract(RESUME_DOCX, data + 1, size - 1, &lim);
		extract(RESUME_ODT, data + 1, size - 1, &lim);
		break;
	case 5:
	case 6:
		z = wrap(data[0] % 8 == 5 ? "word/document.xml" :
		    "content.xml", data + 1, size - 1, &zn);
		if (z != NULL) {
			if (resume_format(NULL, NULL, z, zn) == RESUME_PDF)
				abort();
			extract(data[0] % 8 == 5 ? RESUME_DOCX : RESUME_ODT,
			    z, zn, &lim);
			free(z);
		}
		break;
	default:
		/* detection from type and name strings in the input */
		{
			char *s = xmemdup0(data + 1, size - 1);
			size_t l = strlen(s);
			const char *name = l + 2 < size ? s + l + 1 : NULL;

			(void)resume_format(s, name, data + 1, size - 1);
			free(s);
		}
		break;
	}
	return 0;
}

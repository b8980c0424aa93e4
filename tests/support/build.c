/*
 * build.c — inputs built in memory (build.h) for the unit tests
 * (test_resume, test_mime, test_html, test_fields, test_attacks, ...) and
 * contrib/bench/hostile: ZIP archives through libzip (DOCX, ODT, a zip
 * bomb whose zeros are made as libzip reads them, a directory patched to
 * lie about a size), and the hostile texts the parsers are held to.
 *
 * Ownership: every returned string or archive is the caller's; the
 * appending builders write into the caller's struct buf.  No cmocka here
 * (the bench links this file too): out of memory is fatal through
 * xmalloc, and libzip failing on an archive in memory (which only a bug
 * or out of memory causes) prints why and aborts.
 *
 * SECURITY: reads nothing; the inputs are hostile on purpose and go only
 * to the code under test.  Sizes are the caller's (up to ~60 MB here).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "util.h"

#include "build.h"

/* ---- ZIP archives ---- */

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/><Default Extension="
    "\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/"
    "document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/></Types>";

static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

const char build_odt_mimetype[] = "application/vnd.oasis.opendocument.text";

static const char odt_manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
    "xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry "
    "manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis."
    "opendocument.text\"/><manifest:file-entry manifest:full-path=\""
    "content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";

const char build_docx_laughs[] = "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE w:document ["
    "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
    "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
    "]>" "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
    "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Name &g;"
    "</w:t></w:r></w:p></w:body></w:document>";

static void
zip_fatal(const char *what, zip_error_t *err)
{
	fprintf(stderr, "build_zip: libzip: %s: %s\n", what,
	    err != NULL ? zip_error_strerror(err) : "failed");
	abort();
}

/* a source of `total` zero bytes, made as libzip reads them */
struct zeros {
	zip_uint64_t total, off;
	zip_error_t err;
};

static zip_int64_t
zeros_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zeros *z = ud;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		z->off = 0;
		return 0;
	case ZIP_SOURCE_READ:
		if (len > z->total - z->off)
			len = z->total - z->off;
		memset(data, 0, len);
		z->off += len;
		return (zip_int64_t)len;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;

		zip_stat_init(st);
		st->size = z->total;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof(*st);
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&z->err, data, len);
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&z->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

unsigned char *
build_zip(const struct build_entry *e, size_t n, size_t *len_r)
{
	struct zeros *z = xcalloc(n > 0 ? n : 1, sizeof(*z));
	zip_source_t *out, *s;
	zip_error_t err;
	zip_stat_t st;
	zip_int64_t idx;
	unsigned char *bytes;
	zip_t *za;
	size_t i;

	zip_error_init(&err);
	if ((out = zip_source_buffer_create(NULL, 0, 0, &err)) == NULL ||
	    (za = zip_open_from_source(out, ZIP_TRUNCATE, &err)) == NULL)
		zip_fatal("cannot open an archive in memory", &err);
	zip_source_keep(out);
	for (i = 0; i < n; i++) {
		/* the zero sources are read by zip_close, below */
		zip_error_init(&z[i].err);
		z[i].total = e[i].zeros;
		s = e[i].data != NULL ?
		    zip_source_buffer(za, e[i].data, e[i].len, 0) :
		    zip_source_function(za, zeros_cb, &z[i]);
		if (s == NULL || (idx = zip_file_add(za, e[i].name, s,
		    ZIP_FL_ENC_UTF_8)) < 0)
			zip_fatal(e[i].name, zip_get_error(za));
		if (e[i].store && zip_set_file_compression(za,
		    (zip_uint64_t)idx, ZIP_CM_STORE, 0) < 0)
			zip_fatal(e[i].name, zip_get_error(za));
	}
	if (zip_close(za) < 0)
		zip_fatal("cannot write the archive", zip_get_error(za));
	if (zip_source_open(out) < 0 || zip_source_stat(out, &st) < 0)
		zip_fatal("cannot reopen the archive", zip_source_error(out));
	bytes = xmalloc(st.size + 1);
	if (zip_source_read(out, bytes, st.size) != (zip_int64_t)st.size)
		zip_fatal("cannot read the archive", zip_source_error(out));
	zip_source_close(out);
	zip_source_free(out);
	for (i = 0; i < n; i++)
		zip_error_fini(&z[i].err);
	free(z);
	zip_error_fini(&err);
	*len_r = st.size;
	return bytes;
}

unsigned char *
build_docx(const char *document, size_t *len_r)
{
	const struct build_entry e[] = {
		{ "[Content_Types].xml", content_types,
		  sizeof(content_types) - 1, 0, 0 },
		{ "_rels/.rels", rels, sizeof(rels) - 1, 0, 0 },
		{ "word/document.xml", document, strlen(document), 0, 0 },
	};

	return build_zip(e, ARRAY_SIZE(e), len_r);
}

unsigned char *
build_odt(const char *content, size_t *len_r)
{
	const struct build_entry e[] = {
		{ "mimetype", build_odt_mimetype,
		  sizeof(build_odt_mimetype) - 1, 0, 1 },
		{ "META-INF/manifest.xml", odt_manifest,
		  sizeof(odt_manifest) - 1, 0, 0 },
		{ "content.xml", content, strlen(content), 0, 0 },
	};

	return build_zip(e, ARRAY_SIZE(e), len_r);
}

unsigned char *
build_zip_bomb(uint64_t zeros, size_t *len_r)
{
	const struct build_entry e[] = {
		{ "[Content_Types].xml", content_types,
		  sizeof(content_types) - 1, 0, 0 },
		{ "word/document.xml", NULL, 0, zeros, 0 },
	};

	return build_zip(e, ARRAY_SIZE(e), len_r);
}

size_t
build_zip_lie(unsigned char *z, size_t n, const char *name, uint32_t size)
{
	size_t i, nl = strlen(name), off, patched = 0;
	int k;

	for (i = 0; i + 46 + nl <= n; i++) {
		if (memcmp(z + i, "PK\x03\x04", 4) == 0 &&
		    z[i + 26] == (nl & 0xff) && z[i + 27] == (nl >> 8) &&
		    memcmp(z + i + 30, name, nl) == 0)
			off = i + 22;   /* local header: uncompressed size */
		else if (memcmp(z + i, "PK\x01\x02", 4) == 0 &&
		    z[i + 28] == (nl & 0xff) && z[i + 29] == (nl >> 8) &&
		    memcmp(z + i + 46, name, nl) == 0)
			off = i + 24;   /* central header: the same */
		else
			continue;
		for (k = 0; k < 4; k++)
			z[off + (size_t)k] = (unsigned char)(size >> (8 * k));
		patched++;
	}
	return patched;
}

/* ---- text ---- */

char *
build_line(const char *head, char fill, size_t n, const char *tail,
    size_t *len_r)
{
	size_t hl = strlen(head), tl = strlen(tail);
	char *s = xmalloc(hl + n + tl + 1);

	memcpy(s, head, hl);
	memset(s + hl, fill, n);
	memcpy(s + hl + n, tail, tl + 1);
	if (len_r != NULL)
		*len_r = hl + n + tl;
	return s;
}

char *
build_repeat(const char *unit, size_t count, const char *tail,
    size_t *len_r)
{
	size_t ul = strlen(unit), tl = strlen(tail), i;
	char *s = xmalloc(ul * count + tl + 1);

	for (i = 0; i < count; i++)
		memcpy(s + i * ul, unit, ul);
	memcpy(s + ul * count, tail, tl + 1);
	if (len_r != NULL)
		*len_r = ul * count + tl;
	return s;
}

char *
build_cycle(const char *unit, size_t n)
{
	size_t ul = strlen(unit), i;
	char *s = xmalloc(n + 1);

	for (i = 0; i < n; i++)
		s[i] = unit[i % ul];
	s[n] = '\0';
	return s;
}

/* ---- hostile mails ---- */

const struct build_header build_headers[BUILD_N_HEADERS] = {
	{ "Subject: ", 'a' },
	{ "From: ", '(' },
	{ "To: ", ',' },
	{ "References: ", '<' },
	{ "Content-Type: multipart/mixed; ", '(' },
	{ "Content-Type: text/plain; ", ';' },
	{ "Date: ", '(' },
	{ "X-Long: ", '=' },
	{ "Subject: =?", '?' },
};

char *
build_header_bomb(size_t i, size_t n, size_t *len_r)
{
	return build_line(build_headers[i].head, build_headers[i].fill, n,
	    "\nFrom2: x\n\nbody\n", len_r);
}

char *
build_comment_bomb(size_t n, size_t *len_r)
{
	return build_line("Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain; charset=\"utf-8\" ", '(', n,
	    "\n\npart body\n--b--\n", len_r);
}

char *
build_big_message(size_t size, size_t *len_r)
{
	static const char head[] = "Subject: big\n\n";

	return build_line(head, 'x', size > sizeof(head) - 1 ?
	    size - (sizeof(head) - 1) : 0, "", len_r);
}

void
build_nested_multiparts(struct buf *b, int depth, const char *text)
{
	int k;

	for (k = 0; k < depth; k++)
		buf_appendf(b, "Content-Type: multipart/mixed; boundary=b%d\n"
		    "\n--b%d\n", k, k);
	buf_puts(b, "Content-Type: text/plain\n\n");
	buf_puts(b, text);
	buf_puts(b, "\n");
}

void
build_nested_messages(struct buf *b, int depth)
{
	int k;

	for (k = 0; k < depth; k++)
		buf_puts(b, "Content-Type: message/rfc822\n\n");
	buf_puts(b, "x\n");
}

void
build_many_parts(struct buf *b, int n)
{
	int k;

	buf_puts(b, "Content-Type: multipart/mixed; boundary=p\n\n");
	for (k = 0; k < n; k++)
		buf_puts(b, "--p\nContent-Type: text/plain\n\nx\n");
	buf_puts(b, "--p--\n");
}

void
build_empty_parts(struct buf *b, int n)
{
	int k;

	buf_puts(b, "Content-Type: multipart/mixed; boundary=p\n\n");
	for (k = 0; k < n; k++)
		buf_puts(b, "--p\n");
}

void
build_close_lines(struct buf *b, int n)
{
	int k;

	buf_puts(b, "Content-Type: multipart/mixed; boundary=x\n\n--x\n"
	    "Content-Type: multipart/mixed; boundary=\"x--\"\n\n--x--\n");
	for (k = 0; k < n; k++)
		buf_puts(b, "--x--\n");
}

void
build_many_fields(struct buf *b, int n)
{
	int k;

	for (k = 0; k < n; k++)
		buf_appendf(b, "To: u%d@example.com\n", k);
	buf_puts(b, "From: last@example.com\n\nbody\n");
}

/* ---- hostile HTML and field texts ---- */

const char *const build_html_nests[BUILD_N_HTML_NESTS] = {
	"<div>", "<table><tr><td>", "<b><i>", "<p>", "<li>",
	"<blockquote>", "<tr>",
};

const char *const build_field_units[BUILD_N_FIELD_UNITS] = {
	"Description:\n", "a: b\n", "Company\n\n\n", ">", "x",
	"Description: y\nline\n", "Position Title:\n", "\n",
	"Sal\xc3\xa4r: 1\n", "-- \n", "Profile\n",
};

/*
 * build.h — inputs built in memory for the unit tests and for
 * contrib/bench/hostile: ZIP archives (DOCX, ODT, zip bombs and archives
 * whose directory lies), and the hostile inputs of the parsers (MIME
 * nesting and part counts, huge header lines, a comment bomb, a mail over
 * the size limit, deep HTML, pathological field texts).  One copy, so
 * that the bench times exactly what the tests check.
 *
 * Part of the tests' support library (tests/support/libtestsupport.la),
 * also compiled into hostile_bench: nothing here uses cmocka.  Whatever
 * is returned is the caller's (free()); appending builders add to the
 * caller's struct buf.  Out of memory, and libzip failing on an archive
 * in memory, are fatal (a message on stderr, then abort()).
 */
#ifndef RECRUIT_TEST_BUILD_H
#define RECRUIT_TEST_BUILD_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* ---- ZIP archives ---- */

/* one entry of build_zip */
struct build_entry {
	const char *name;
	const char *data;       /* len bytes; NULL: `zeros` zero bytes */
	size_t len;
	uint64_t zeros;         /* made as libzip reads them, never held */
	int store;              /* uncompressed (ODF's mimetype) */
};

/* build_zip: an archive of the n entries, in that order (deflated unless
 * store); *len_r its size. */
unsigned char *build_zip(const struct build_entry *e, size_t n,
    size_t *len_r);

/* the start and end of a word/document.xml (namespaces w and mc) */
#define BUILD_W_HEAD \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/" \
    "wordprocessingml/2006/main\" xmlns:mc=\"http://schemas." \
    "openxmlformats.org/markup-compatibility/2006\"><w:body>"
#define BUILD_W_TAIL "</w:body></w:document>"

/* build_docx: a DOCX ([Content_Types].xml, _rels/.rels,
 * word/document.xml) whose document is the string document */
unsigned char *build_docx(const char *document, size_t *len_r);

/* the ODT's mimetype entry (stored first, ODF 1.2 §3.3) */
extern const char build_odt_mimetype[];

/* build_odt: an ODT (mimetype, META-INF/manifest.xml, content.xml)
 * whose content.xml is the string content */
unsigned char *build_odt(const char *content, size_t *len_r);

/* build_zip_bomb: a DOCX of [Content_Types].xml and a word/document.xml
 * of `zeros` zero bytes (200 MB deflate to about 200 kB) */
unsigned char *build_zip_bomb(uint64_t zeros, size_t *len_r);

/*
 * build_zip_lie: the entry `name` of the archive z (n bytes) made to say
 * it holds `size` bytes, in its local and its central header.  Returns
 * how many headers were changed (2 for an entry of a well-formed
 * archive).
 */
size_t build_zip_lie(unsigned char *z, size_t n, const char *name,
    uint32_t size);

/* a word/document.xml whose entities nest 7 deep, 16 times each (872 MB
 * of "a" if expanded): the billion laughs */
extern const char build_docx_laughs[];

/* ---- text ---- */

/* build_line: head, n times fill, tail, then a NUL; *len_r (when not
 * NULL) the length without the NUL */
char *build_line(const char *head, char fill, size_t n, const char *tail,
    size_t *len_r);

/* build_repeat: unit count times, then tail, then a NUL; *len_r (when
 * not NULL) the length without the NUL */
char *build_repeat(const char *unit, size_t count, const char *tail,
    size_t *len_r);

/* build_cycle: n bytes of unit over and over (the last one cut where n
 * ends), then a NUL */
char *build_cycle(const char *unit, size_t n);

/* ---- hostile mails (mime_parse) ---- */

/* the header fields made huge by build_header_bomb: a field name (and
 * maybe a start of its value), and the byte repeated after it */
struct build_header {
	const char *head;
	char fill;
};
#define BUILD_N_HEADERS 9
extern const struct build_header build_headers[BUILD_N_HEADERS];

/* build_header_bomb: build_headers[i] with n fill bytes, then a short
 * header and a body ("\nFrom2: x\n\nbody\n") */
char *build_header_bomb(size_t i, size_t n, size_t *len_r);

/* build_comment_bomb: a multipart mail whose one part's Content-Type
 * ends in a comment of n "(" (the part's text: "part body") */
char *build_comment_bomb(size_t n, size_t *len_r);

/* build_big_message: "Subject: big", a blank line, then "x" up to size
 * bytes in all */
char *build_big_message(size_t size, size_t *len_r);

/* build_nested_multiparts: depth multipart/mixed nested in one another
 * (boundaries b0, b1, ...), the innermost holding a text/plain part of
 * text and a newline */
void build_nested_multiparts(struct buf *b, int depth, const char *text);

/* build_nested_messages: depth message/rfc822 nested in one another, the
 * innermost body "x" */
void build_nested_messages(struct buf *b, int depth);

/* build_many_parts: a multipart/mixed header field (boundary p), a blank
 * line, n text/plain parts of "x", the close line */
void build_many_parts(struct buf *b, int n);

/* build_empty_parts: the same with n empty parts without headers, and no
 * close line */
void build_empty_parts(struct buf *b, int n);

/* build_close_lines: a multipart (boundary x) holding a multipart whose
 * boundary is "x--", then n lines "--x--": close lines of the one that
 * are delimiters of the other */
void build_close_lines(struct buf *b, int n);

/* build_many_fields: n fields "To: u<k>@example.com", then a From, a
 * blank line and "body" */
void build_many_fields(struct buf *b, int n);

/* ---- hostile HTML (html_to_text) and field texts (fields_parse_text) */

/* open elements repeated 100,000 times over some text by the tests */
#define BUILD_N_HTML_NESTS 7
extern const char *const build_html_nests[BUILD_N_HTML_NESTS];

/* units that make naive field parsers quadratic when a body is nothing
 * but one of them (build_cycle) */
#define BUILD_N_FIELD_UNITS 11
extern const char *const build_field_units[BUILD_N_FIELD_UNITS];

#endif

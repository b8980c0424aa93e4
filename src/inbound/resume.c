/*
 * resume.c — plain text out of résumé attachments (resume.h).
 *
 * resume_format() names the format from the declared content type, the
 * file name's extension and the first bytes; a definite binary signature
 * (%PDF-, a DOCX or ODT zip, {\rtf, an OLE2 Word file) wins over a type
 * or extension that it contradicts, because mail clients mislabel files
 * (a .docx sent as application/msword is common).
 *
 * resume_text() returns a fresh UTF-8 string the caller frees, or -1 and
 * a static reason.  The text is cleaned (valid UTF-8, no control
 * characters but \n and \t, no trailing blanks, at most one empty line
 * in a row) and cut at limits.max_resume_text bytes on a character
 * boundary; a document without text (a scanned PDF) gives "".
 *   PDF   poppler-glib, in a sandboxed child (launcher.h).
 *   DOCX  word/document.xml: w:t runs; w:p, w:br, w:cr -> \n; w:tab -> \t.
 *   ODT   content.xml: text:p, text:h, text:line-break -> \n; text:tab,
 *         text:s as in the ODF spec (XML whitespace collapsed).
 *   RTF   a small state machine (rtf_* below).
 *   HTML  html_to_text() after charset decoding (meta charset or guess).
 *   TXT   charset_to_utf8() with BOM detection and the fallback guess.
 *   DOC   no extractor: OLE2 Word has no maintained C library on Debian
 *         (antiword/catdoc are programs, not libraries, and unmaintained),
 *         so it is reported as "doc: no text extractor".
 *
 * SECURITY: every byte here comes from a stranger.
 *   - Zip entries are inflated into a buffer capped at max_zip_entry: the
 *     size in the central directory is checked first, then the bytes
 *     actually inflated are counted, since the directory may lie.
 *   - XML is read with libxml2's streaming reader, with XML_PARSE_NONET,
 *     without XML_PARSE_NOENT (entities are never substituted), without
 *     XML_PARSE_DTDLOAD and without XML_PARSE_HUGE, so libxml2's own
 *     amplification limits stay on; entity references are skipped.
 *   - RTF is parsed in one pass, groups nested at most RTF_MAX_DEPTH.
 *   - PDF parsing is poppler, a large C++ code base that can loop or eat
 *     memory on hostile input, so it runs in a sandboxed child of the
 *     launcher (launcher.c: CPU and address-space limits, no inherited
 *     descriptors, a wall-clock deadline, killed and reaped by the
 *     process that forked it).  The answer read back is bounded by
 *     max_resume_text.
 *   - Output of every format is bounded by max_resume_text.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <libxml/xmlreader.h>
#include <poppler.h>
#include <zip.h>

#include "charset.h"
#include "html.h"
#include "launcher.h"
#include "log.h"
#include "resume.h"
#include "util.h"

/* pages read from one PDF; past it the text is cut (CPU is capped too) */
#define PDF_MAX_PAGES   2000
/* nesting of RTF groups; Word's deepest (shapes in tables) stay below 40 */
#define RTF_MAX_DEPTH   256
/* fonts remembered from an RTF font table */
#define RTF_MAX_FONTS   256
/* consecutive spaces one ODF <text:s text:c="N"/> may produce */
#define ODT_MAX_SPACES  64

/* ---- format detection ---- */

static const struct {
	const char *type;
	enum resume_format fmt;
} type_map[] = {
	{ "application/pdf", RESUME_PDF },
	{ "application/x-pdf", RESUME_PDF },
	{ "application/acrobat", RESUME_PDF },
	{ "application/msword", RESUME_DOC },
	{ "application/vnd.ms-word", RESUME_DOC },
	{ "application/vnd.openxmlformats-officedocument."
	  "wordprocessingml.document", RESUME_DOCX },
	{ "application/vnd.oasis.opendocument.text", RESUME_ODT },
	{ "application/rtf", RESUME_RTF },
	{ "application/x-rtf", RESUME_RTF },
	{ "text/rtf", RESUME_RTF },
	{ "text/html", RESUME_HTML },
	{ "application/xhtml+xml", RESUME_HTML },
	{ "text/plain", RESUME_TXT },
};

static const struct {
	const char *ext;
	enum resume_format fmt;
} ext_map[] = {
	{ ".pdf", RESUME_PDF },
	{ ".doc", RESUME_DOC },
	{ ".docx", RESUME_DOCX },
	{ ".odt", RESUME_ODT },
	{ ".rtf", RESUME_RTF },
	{ ".htm", RESUME_HTML },
	{ ".html", RESUME_HTML },
	{ ".txt", RESUME_TXT },
};

static enum resume_format
format_by_type(const char *ct)
{
	size_t len, i;

	if (ct == NULL)
		return RESUME_UNKNOWN;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	/* the media type ends at parameters or blanks */
	len = strcspn(ct, "; \t\r\n");
	for (i = 0; i < ARRAY_SIZE(type_map); i++)
		if (strlen(type_map[i].type) == len &&
		    strncasecmp(ct, type_map[i].type, len) == 0)
			return type_map[i].fmt;
	return RESUME_UNKNOWN;
}

static enum resume_format
format_by_ext(const char *name)
{
	size_t i, len;

	if (name == NULL)
		return RESUME_UNKNOWN;
	/* tolerate trailing blanks some clients leave in names */
	len = strlen(name);
	while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	for (i = 0; i < ARRAY_SIZE(ext_map); i++) {
		size_t m = strlen(ext_map[i].ext);

		if (len > m && strncasecmp(name + len - m, ext_map[i].ext,
		    m) == 0)
			return ext_map[i].fmt;
	}
	return RESUME_UNKNOWN;
}

#define ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

/* a zip: DOCX (word/document.xml) or ODT (mimetype entry), else unknown */
static enum resume_format
sniff_zip(const unsigned char *data, size_t n)
{
	enum resume_format fmt = RESUME_UNKNOWN;
	zip_source_t *src;
	zip_t *za;
	zip_int64_t idx;

	src = zip_source_buffer_create(data, n, 0, NULL);
	if (src != NULL) {
		za = zip_open_from_source(src, ZIP_RDONLY, NULL);
		if (za == NULL)
			zip_source_free(src);
		else {
			if (zip_name_locate(za, "word/document.xml", 0) >= 0)
				fmt = RESUME_DOCX;
			else if ((idx = zip_name_locate(za, "mimetype",
			    0)) >= 0) {
				char mt[128];
				zip_file_t *zf = zip_fopen_index(za,
				    (zip_uint64_t)idx, 0);
				zip_int64_t got;

				if (zf != NULL) {
					got = zip_fread(zf, mt, sizeof(mt) - 1);
					zip_fclose(zf);
					if (got > 0) {
						mt[got] = '\0';
						if (str_prefix_ci(mt,
						    ODT_MIMETYPE))
							fmt = RESUME_ODT;
					}
				}
			}
			zip_discard(za);
			return fmt;
		}
	}
	/* a damaged archive: look at the raw local headers instead */
	if (n >= 38 + strlen(ODT_MIMETYPE) &&
	    memcmp(data + 30, "mimetype", 8) == 0 &&
	    memcmp(data + 38, ODT_MIMETYPE, strlen(ODT_MIMETYPE)) == 0)
		return RESUME_ODT;
	if (memmem(data, n, "word/document.xml", 17) != NULL)
		return RESUME_DOCX;
	return RESUME_UNKNOWN;
}

static enum resume_format
format_by_magic(const unsigned char *data, size_t n)
{
	static const unsigned char ole2[8] = {
		0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
	};
	/* "WordDocument" as an OLE2 directory entry (UTF-16LE) */
	static const char worddoc[] =
	    "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
	const unsigned char *p = data;
	size_t m = n;

	if (data == NULL || n < 4)
		return RESUME_UNKNOWN;
	if (memcmp(data, "PK\x03\x04", 4) == 0)
		return sniff_zip(data, n);
	if (n >= 8 && memcmp(data, ole2, 8) == 0)
		return memmem(data, n, worddoc, sizeof(worddoc) - 1) ?
		    RESUME_DOC : RESUME_UNKNOWN;
	/* Acrobat accepts the header anywhere in the first 1024 bytes */
	if (memmem(data, n < 1024 ? n : 1024, "%PDF-", 5) != NULL)
		return RESUME_PDF;
	if (m >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		m -= 3;
	}
	while (m > 0 && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n')) {
		p++;
		m--;
	}
	if (m >= 5 && memcmp(p, "{\\rtf", 5) == 0)
		return RESUME_RTF;
	if (m >= 5 && *p == '<' &&
	    (mem_find_ci((const char *)p, m < 1024 ? m : 1024, "<html") ||
	    mem_find_ci((const char *)p, m < 1024 ? m : 1024,
	    "<!doctype html")))
		return RESUME_HTML;
	return RESUME_UNKNOWN;
}

enum resume_format
resume_format(const char *content_type, const char *filename,
    const unsigned char *data, size_t n)
{
	enum resume_format declared, magic;

	declared = format_by_type(content_type);
	if (declared == RESUME_UNKNOWN)
		declared = format_by_ext(filename);
	magic = format_by_magic(data, n);
	if (declared == RESUME_UNKNOWN)
		return magic;
	/* binary signatures are definite; an HTML look-alike is not */
	if (magic != RESUME_UNKNOWN && magic != RESUME_HTML)
		return magic;
	return declared;
}

/* ---- output cleaning ---- */

/*
 * finish: raw extractor output to the final text: line ends unified,
 * invalid UTF-8 replaced, controls dropped, trailing blanks removed, runs
 * of empty lines folded to one, cut at max bytes on a character boundary.
 */
static char *
finish(const char *s, size_t n, size_t max)
{
	struct buf b;
	char *clean, *out;
	size_t i, len, nl = 0, blanks = 0;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\r') {
			if (i + 1 < n && s[i + 1] == '\n')
				continue;
			c = '\n';
		} else if (c == '\f' || c == '\v')
			c = '\n';
		buf_putc(&b, c);
	}
	clean = utf8_clean(b.data, b.len, 1);
	buf_free(&b);

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	len = strlen(clean);
	for (i = 0; i < len; i++) {
		char c = clean[i];

		if (c == ' ' || c == '\t') {
			blanks++;
			continue;
		}
		if (c == '\n') {
			blanks = 0;	/* trailing blanks dropped */
			nl++;
			continue;
		}
		if (b.len > 0 && nl > 0)
			buf_append(&b, "\n\n", nl > 1 ? 2 : 1);
		nl = 0;
		if (blanks > 0)
			buf_append(&b, clean + i - blanks, blanks);
		blanks = 0;
		buf_putc(&b, c);
	}
	free(clean);
	if (b.len > max) {
		len = max;
		/* back off continuation bytes to a character start */
		while (len > 0 && ((unsigned char)b.data[len] & 0xc0) == 0x80)
			len--;
		b.len = len;
		b.data[len] = '\0';
	}
	out = buf_steal(&b);
	return out;
}

/* ---- UTF-8 output helpers ---- */

static int
put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		return buf_append(b, u, 1);
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		return buf_append(b, u, 2);
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return buf_append(b, u, 3);
	}
	u[0] = (char)(0xf0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return buf_append(b, u, 4);
}

/*
 * put_capped: appends as much of s as the ceiling allows, cut before a
 * UTF-8 continuation byte, and marks the buffer full when it cut.
 */
static void
put_capped(struct buf *b, const char *s, size_t n)
{
	size_t room;

	if (b->over)
		return;
	room = b->max ? b->max - b->len : n;
	if (n <= room) {
		buf_append(b, s, n);
		return;
	}
	while (room > 0 && ((unsigned char)s[room] & 0xc0) == 0x80)
		room--;
	buf_append(b, s, room);
	b->over = 1;
}

/* ---- zip entries ---- */

/*
 * zip_entry: the inflated bytes of entry `name`, at most max bytes.
 * Returns 0 (and *data_r, *len_r) or -1 with *error_r.
 */
static int
zip_entry(const unsigned char *data, size_t n, const char *name,
    size_t max, char **data_r, size_t *len_r, const char **error_r)
{
	zip_source_t *src;
	zip_t *za = NULL;
	zip_file_t *zf = NULL;
	zip_stat_t st;
	zip_int64_t idx, got;
	struct buf b;
	char chunk[16384];
	int ret = -1;

	buf_init(&b, max);
	buf_append(&b, "", 0);
	src = zip_source_buffer_create(data, n, 0, NULL);
	if (src == NULL) {
		*error_r = "zip: cannot read archive";
		goto out;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, NULL);
	if (za == NULL) {
		zip_source_free(src);
		*error_r = "zip: not a zip archive";
		goto out;
	}
	idx = zip_name_locate(za, name, 0);
	if (idx < 0)
		idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		*error_r = "zip: document entry missing";
		goto out;
	}
	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0) {
		*error_r = "zip: cannot read archive";
		goto out;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > max) {
		*error_r = "zip entry too large";
		goto out;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		*error_r = "zip: encrypted document";
		goto out;
	}
	zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (zf == NULL) {
		*error_r = "zip: cannot open entry";
		goto out;
	}
	/* the directory may lie about the size: count what inflates */
	while ((got = zip_fread(zf, chunk, sizeof(chunk))) > 0) {
		if (buf_append(&b, chunk, (size_t)got) < 0) {
			*error_r = "zip entry too large";
			goto out;
		}
	}
	if (got < 0) {
		*error_r = "zip: corrupt entry";
		goto out;
	}
	*len_r = b.len;
	*data_r = buf_steal(&b);
	ret = 0;
out:
	if (zf != NULL)
		zip_fclose(zf);
	if (za != NULL)
		zip_discard(za);
	buf_free(&b);
	return ret;
}

/* ---- XML (DOCX, ODT) ---- */

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC  "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

static void
xml_quiet(void *arg, const char *msg, xmlParserSeverities severity,
    xmlTextReaderLocatorPtr locator)
{
}

static xmlTextReaderPtr
xml_reader(const char *xml, size_t len, const char **error_r)
{
	xmlTextReaderPtr r;

	if (len > INT_MAX) {
		*error_r = "zip entry too large";
		return NULL;
	}
	/* no NOENT (no entity substitution), no DTDLOAD, no HUGE */
	r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r == NULL) {
		*error_r = "xml: cannot parse";
		return NULL;
	}
	xmlTextReaderSetErrorHandler(r, xml_quiet, NULL);
	return r;
}

static int
ns_is(xmlTextReaderPtr r, const char *ns)
{
	const xmlChar *u = xmlTextReaderConstNamespaceUri(r);

	return u != NULL && strcmp((const char *)u, ns) == 0;
}

static int
name_is(xmlTextReaderPtr r, const char *local)
{
	const xmlChar *l = xmlTextReaderConstLocalName(r);

	return l != NULL && strcmp((const char *)l, local) == 0;
}

/*
 * xml_finish: what a walk ended with.  Text gathered before a parse error
 * is kept (Word files cut short still say who the candidate is) unless
 * nothing was gathered at all.
 */
static int
xml_finish(int rc, struct buf *out, const char **error_r)
{
	if (rc < 0 && !out->over && out->len == 0) {
		*error_r = "xml: cannot parse";
		return -1;
	}
	return 0;
}

/*
 * skip_enter: an element whose subtree is not text.  Returns the depth to
 * skip to (its end tag), or -1 when it is empty and nothing is skipped.
 */
static int
skip_enter(xmlTextReaderPtr r)
{
	if (xmlTextReaderIsEmptyElement(r))
		return -1;
	return xmlTextReaderDepth(r);
}

/* skipping: still inside a skipped subtree?  Clears *skip at its end. */
static int
skipping(xmlTextReaderPtr r, int type, int *skip)
{
	if (*skip < 0)
		return 0;
	if (type == XML_READER_TYPE_END_ELEMENT &&
	    xmlTextReaderDepth(r) == *skip)
		*skip = -1;
	return 1;
}

/*
 * xml_node: what one walk does with a node that is not in a skipped
 * subtree.  *state is the walk's own (0 at the start); *skip is set with
 * skip_enter to leave out an element's subtree.
 */
typedef void xml_node(xmlTextReaderPtr r, int type, struct buf *out,
    int *state, int *skip);

/* xml_walk: every node of xml to node(), until the end or out is full */
static int
xml_walk(const char *xml, size_t len, xml_node *node, struct buf *out,
    const char **error_r)
{
	xmlTextReaderPtr r;
	int rc = 0, state = 0, skip = -1;

	if ((r = xml_reader(xml, len, error_r)) == NULL)
		return -1;
	while (!out->over && (rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);

		if (!skipping(r, type, &skip))
			node(r, type, out, &state, &skip);
	}
	xmlFreeTextReader(r);
	return xml_finish(out->over ? 0 : rc, out, error_r);
}

/* text_value: the characters of a text node (whitespace too), else NULL */
static const char *
text_value(xmlTextReaderPtr r, int type)
{
	if (type != XML_READER_TYPE_TEXT && type != XML_READER_TYPE_CDATA &&
	    type != XML_READER_TYPE_WHITESPACE &&
	    type != XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
		return NULL;
	return (const char *)xmlTextReaderConstValue(r);
}

/* docx_node: WordprocessingML; *in_t: inside a w:t */
static void
docx_node(xmlTextReaderPtr r, int type, struct buf *out, int *in_t,
    int *skip)
{
	const char *v;

	if (type == XML_READER_TYPE_ELEMENT) {
		/* AlternateContent repeats text boxes in Fallback */
		if (ns_is(r, NS_MC) && name_is(r, "Fallback")) {
			*skip = skip_enter(r);
			return;
		}
		if (!ns_is(r, NS_W) && !ns_is(r, NS_W_STRICT))
			return;
		if (name_is(r, "t"))
			*in_t = !xmlTextReaderIsEmptyElement(r);
		else if (name_is(r, "pPr") || name_is(r, "rPr") ||
		    name_is(r, "del") || name_is(r, "instrText") ||
		    name_is(r, "delText"))
			/* properties (tab stops), deletions, fields */
			*skip = skip_enter(r);
		else if (name_is(r, "tab"))
			buf_putc(out, '\t');
		else if (name_is(r, "br") || name_is(r, "cr"))
			buf_putc(out, '\n');
		else if (name_is(r, "noBreakHyphen"))
			buf_putc(out, '-');
		else if (name_is(r, "p") &&
		    xmlTextReaderIsEmptyElement(r))
			buf_putc(out, '\n');
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (!ns_is(r, NS_W) && !ns_is(r, NS_W_STRICT))
			return;
		if (name_is(r, "t"))
			*in_t = 0;
		else if (name_is(r, "p"))
			buf_putc(out, '\n');
		else if (name_is(r, "tc"))
			buf_putc(out, '\t');
	} else if (*in_t && (v = text_value(r, type)) != NULL)
		put_capped(out, v, strlen(v));
}

/* odt_text: ODF collapses XML whitespace; text:s carries real spaces */
static void
odt_text(struct buf *out, const char *v)
{
	for (; *v != '\0'; v++) {
		char c = *v;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (out->len > 0 && out->data[out->len - 1] == ' ')
				continue;
			c = ' ';
		}
		buf_putc(out, c);
	}
}

/* odt_node: OpenDocument text; *para: open text:p / text:h elements */
static void
odt_node(xmlTextReaderPtr r, int type, struct buf *out, int *para,
    int *skip)
{
	const char *v;

	if (type == XML_READER_TYPE_ELEMENT) {
		if (ns_is(r, NS_OFFICE) && name_is(r, "annotation")) {
			*skip = skip_enter(r);
			return;
		}
		if (!ns_is(r, NS_TEXT))
			return;
		if (name_is(r, "tracked-changes") ||
		    name_is(r, "note-citation"))
			*skip = skip_enter(r);
		else if (name_is(r, "p") || name_is(r, "h")) {
			if (xmlTextReaderIsEmptyElement(r))
				buf_putc(out, '\n');
			else
				(*para)++;
		} else if (name_is(r, "line-break"))
			buf_putc(out, '\n');
		else if (name_is(r, "tab"))
			buf_putc(out, '\t');
		else if (name_is(r, "s")) {
			xmlChar *c = xmlTextReaderGetAttributeNs(r,
			    BAD_CAST "c", BAD_CAST NS_TEXT);
			long k = 1;

			if (c != NULL) {
				char *end;

				k = strtol((const char *)c, &end, 10);
				if (*end != '\0' || k < 1)
					k = 1;
				if (k > ODT_MAX_SPACES)
					k = ODT_MAX_SPACES;
				xmlFree(c);
			}
			while (k-- > 0)
				buf_putc(out, ' ');
		}
	} else if (type == XML_READER_TYPE_END_ELEMENT) {
		if (ns_is(r, NS_TEXT) &&
		    (name_is(r, "p") || name_is(r, "h"))) {
			buf_putc(out, '\n');
			if (*para > 0)
				(*para)--;
		}
	} else if (*para > 0 && (v = text_value(r, type)) != NULL)
		odt_text(out, v);
}

static int
zip_text(const unsigned char *data, size_t n, const char *entry,
    xml_node *node,
    const struct limits *lim, struct buf *out, const char **error_r)
{
	char *xml;
	size_t len;
	int ret;

	if (zip_entry(data, n, entry, lim->max_zip_entry, &xml, &len,
	    error_r) < 0)
		return -1;
	ret = xml_walk(xml, len, node, out, error_r);
	free(xml);
	return ret;
}

/* ---- RTF ---- */

enum rtf_dest { RTF_TEXT, RTF_SKIP, RTF_FONTTBL };

struct rtf_group {
	unsigned char dest;	/* enum rtf_dest */
	unsigned char uc;	/* fallback characters after \uN */
	int font;		/* \fN in force, -1: the default font */
};

struct rtf_font {
	long num;
	unsigned cp;		/* 0: the document's \ansicpg */
};

/* UTF-8 for the bytes 0x80..0xff of one single-byte code page */
struct rtf_table {
	unsigned cp;
	char *map[128];
};

struct rtf {
	struct rtf_group st[RTF_MAX_DEPTH];
	int depth;
	unsigned ansicpg;
	long deff;
	struct rtf_font fonts[RTF_MAX_FONTS];
	size_t nfonts;
	int in_font;		/* fonts[nfonts - 1] is being defined */
	unsigned skip_chars;	/* \uN fallback characters still to drop */
	uint32_t high;		/* a high surrogate waiting for its pair */
	struct buf pend;	/* bytes of a multi-byte code page */
	unsigned pend_cp;
	struct rtf_table tabs[4];
	unsigned next_tab;
	struct buf *out;
};

enum rtf_act {
	A_SKIP, A_FONTTBL, A_CHAR, A_U, A_UC, A_ANSICPG, A_CP, A_F,
	A_FCHARSET, A_CPG, A_DEFF, A_BIN, A_PLAIN,
};

static const struct {
	const char *word;
	enum rtf_act act;
	uint32_t arg;
} rtf_words[] = {
	/* destinations whose contents are not document text */
	{ "fonttbl", A_FONTTBL, 0 },
	{ "colortbl", A_SKIP, 0 }, { "stylesheet", A_SKIP, 0 },
	{ "info", A_SKIP, 0 }, { "pict", A_SKIP, 0 },
	{ "object", A_SKIP, 0 }, { "objdata", A_SKIP, 0 },
	{ "listtable", A_SKIP, 0 }, { "listoverridetable", A_SKIP, 0 },
	{ "rsidtbl", A_SKIP, 0 }, { "themedata", A_SKIP, 0 },
	{ "colorschememapping", A_SKIP, 0 }, { "datastore", A_SKIP, 0 },
	{ "latentstyles", A_SKIP, 0 }, { "xmlnstbl", A_SKIP, 0 },
	{ "generator", A_SKIP, 0 }, { "fldinst", A_SKIP, 0 },
	{ "nonshppict", A_SKIP, 0 }, { "sp", A_SKIP, 0 },
	{ "filetbl", A_SKIP, 0 }, { "revtbl", A_SKIP, 0 },
	{ "pgdsctbl", A_SKIP, 0 }, { "bkmkstart", A_SKIP, 0 },
	{ "bkmkend", A_SKIP, 0 }, { "pntxta", A_SKIP, 0 },
	{ "pntxtb", A_SKIP, 0 }, { "template", A_SKIP, 0 },
	{ "userprops", A_SKIP, 0 }, { "docvar", A_SKIP, 0 },
	{ "xe", A_SKIP, 0 }, { "tc", A_SKIP, 0 },
	/* characters */
	{ "par", A_CHAR, '\n' }, { "line", A_CHAR, '\n' },
	{ "sect", A_CHAR, '\n' }, { "page", A_CHAR, '\n' },
	{ "row", A_CHAR, '\n' }, { "cell", A_CHAR, '\t' },
	{ "nestcell", A_CHAR, '\t' }, { "tab", A_CHAR, '\t' },
	{ "emdash", A_CHAR, 0x2014 }, { "endash", A_CHAR, 0x2013 },
	{ "bullet", A_CHAR, 0x2022 }, { "lquote", A_CHAR, 0x2018 },
	{ "rquote", A_CHAR, 0x2019 }, { "ldblquote", A_CHAR, 0x201c },
	{ "rdblquote", A_CHAR, 0x201d }, { "emspace", A_CHAR, ' ' },
	{ "enspace", A_CHAR, ' ' }, { "qmspace", A_CHAR, ' ' },
	/* encoding */
	{ "u", A_U, 0 }, { "uc", A_UC, 0 },
	{ "ansicpg", A_ANSICPG, 0 }, { "ansi", A_CP, 1252 },
	{ "mac", A_CP, 10000 }, { "pc", A_CP, 437 }, { "pca", A_CP, 850 },
	{ "f", A_F, 0 }, { "fcharset", A_FCHARSET, 0 },
	{ "cpg", A_CPG, 0 }, { "deff", A_DEFF, 0 },
	{ "bin", A_BIN, 0 }, { "plain", A_PLAIN, 0 },
};

/* Windows font charset numbers (\fcharsetN) to code pages */
static unsigned
rtf_fcharset_cp(long cs)
{
	static const struct { long cs; unsigned cp; } map[] = {
		{ 77, 10000 }, { 128, 932 }, { 129, 949 }, { 130, 1361 },
		{ 134, 936 }, { 136, 950 }, { 161, 1253 }, { 162, 1254 },
		{ 163, 1258 }, { 177, 1255 }, { 178, 1256 }, { 186, 1257 },
		{ 204, 1251 }, { 222, 874 }, { 238, 1250 }, { 255, 437 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].cs == cs)
			return map[i].cp;
	return 0;	/* ANSI, default, symbol: the document's code page */
}

static void
rtf_cp_name(unsigned cp, char *name, size_t size)
{
	int r;

	if (cp == 65001)
		r = snprintf(name, size, "UTF-8");
	else if (cp == 10000)
		r = snprintf(name, size, "MACINTOSH");
	else if (cp == 20866)
		r = snprintf(name, size, "KOI8-R");
	else if (cp == 21866)
		r = snprintf(name, size, "KOI8-U");
	else if (cp >= 1250 && cp <= 1258)
		r = snprintf(name, size, "WINDOWS-%u", cp);
	else if (cp >= 28591 && cp <= 28605)
		r = snprintf(name, size, "ISO-8859-%u", cp - 28590);
	else
		r = snprintf(name, size, "CP%u", cp);
	if (r < 0 || (size_t)r >= size)
		snprintf(name, size, "WINDOWS-1252");
}

static int
rtf_multibyte(unsigned cp)
{
	return cp == 932 || cp == 936 || cp == 949 || cp == 950 ||
	    cp == 1361 || cp == 65001;
}

static unsigned
rtf_cur_cp(struct rtf *r)
{
	long f = r->st[r->depth].font;
	size_t i;

	if (f < 0)
		f = r->deff;
	for (i = 0; i < r->nfonts; i++)
		if (r->fonts[i].num == f)
			return r->fonts[i].cp ? r->fonts[i].cp : r->ansicpg;
	return r->ansicpg;
}

static void
rtf_flush(struct rtf *r)
{
	char name[24], *s;

	if (r->pend.len == 0)
		return;
	rtf_cp_name(r->pend_cp, name, sizeof(name));
	s = charset_to_utf8(r->pend.data, r->pend.len, name, 0, NULL);
	put_capped(r->out, s, strlen(s));
	free(s);
	buf_reset(&r->pend);
}

/* rtf_upper: UTF-8 of byte b (>= 0x80) in a single-byte code page */
static const char *
rtf_upper(struct rtf *r, unsigned cp, unsigned char b)
{
	struct rtf_table *t = NULL;
	char name[24];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(r->tabs); i++)
		if (r->tabs[i].cp == cp) {
			t = &r->tabs[i];
			break;
		}
	if (t == NULL) {
		t = &r->tabs[r->next_tab++ % ARRAY_SIZE(r->tabs)];
		for (i = 0; i < ARRAY_SIZE(t->map); i++) {
			free(t->map[i]);
			t->map[i] = NULL;
		}
		t->cp = cp;
	}
	if (t->map[b - 0x80] == NULL) {
		rtf_cp_name(cp, name, sizeof(name));
		t->map[b - 0x80] = charset_to_utf8((const char *)&b, 1, name,
		    16, NULL);
	}
	return t->map[b - 0x80];
}

/* rtf_byte: one byte of text in the code page in force */
static void
rtf_byte(struct rtf *r, unsigned char b)
{
	unsigned cp = rtf_cur_cp(r);

	if (r->high) {
		put_utf8(r->out, 0xfffd);
		r->high = 0;
	}
	if (r->pend.len > 0 && cp != r->pend_cp)
		rtf_flush(r);
	if (rtf_multibyte(cp) && (b >= 0x80 || r->pend.len > 0)) {
		r->pend_cp = cp;
		buf_putc(&r->pend, (char)b);
		/* below 0x40 no byte is a trail byte: a safe cut */
		if ((r->pend.len >= 65536 && b < 0x40) ||
		    r->pend.len >= 262144)
			rtf_flush(r);
		return;
	}
	if (b < 0x80)
		buf_putc(r->out, (char)b);
	else
		buf_puts(r->out, rtf_upper(r, cp, b));
}

/* rtf_char: a document character, unless it is a \uN fallback */
static void
rtf_char(struct rtf *r, unsigned char b)
{
	if (r->skip_chars > 0) {
		r->skip_chars--;
		return;
	}
	rtf_byte(r, b);
}

static void
rtf_unicode(struct rtf *r, uint32_t u)
{
	rtf_flush(r);
	if (u >= 0xd800 && u <= 0xdbff) {
		if (r->high)
			put_utf8(r->out, 0xfffd);
		r->high = u;
		return;
	}
	if (u >= 0xdc00 && u <= 0xdfff && r->high) {
		u = 0x10000 + ((r->high - 0xd800) << 10) + (u - 0xdc00);
		r->high = 0;
	} else if (r->high) {
		put_utf8(r->out, 0xfffd);
		r->high = 0;
	}
	put_utf8(r->out, u);
}

static void
rtf_word(struct rtf *r, const char *w, int has_arg, long arg,
    size_t *pos, size_t n)
{
	struct rtf_group *g = &r->st[r->depth];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rtf_words); i++)
		if (rtf_words[i].word[0] == w[0] &&
		    strcmp(rtf_words[i].word, w) == 0)
			break;
	if (i == ARRAY_SIZE(rtf_words))
		return;
	/* \binN: N raw bytes, in any destination */
	if (rtf_words[i].act == A_BIN) {
		if (has_arg && arg > 0)
			*pos += (size_t)arg < n - *pos ? (size_t)arg : n - *pos;
		return;
	}
	if (g->dest == RTF_SKIP)
		return;
	switch (rtf_words[i].act) {
	case A_SKIP:
		g->dest = RTF_SKIP;
		break;
	case A_FONTTBL:
		g->dest = RTF_FONTTBL;
		break;
	case A_CHAR:
		if (g->dest != RTF_TEXT)
			break;
		r->skip_chars = 0;
		if (rtf_words[i].arg < 0x80)
			rtf_byte(r, (unsigned char)rtf_words[i].arg);
		else
			rtf_unicode(r, rtf_words[i].arg);
		break;
	case A_U:
		if (g->dest != RTF_TEXT || !has_arg)
			break;
		if (arg < 0)
			arg += 65536;
		if (arg < 0 || arg > 0xffff)
			arg = 0xfffd;
		rtf_unicode(r, (uint32_t)arg);
		r->skip_chars = g->uc;
		break;
	case A_UC:
		if (has_arg && arg >= 0)
			g->uc = (unsigned char)(arg > 8 ? 8 : arg);
		break;
	case A_ANSICPG:
		if (has_arg && arg > 0 && arg < 100000)
			r->ansicpg = (unsigned)arg;
		break;
	case A_CP:
		r->ansicpg = rtf_words[i].arg;
		break;
	case A_F:
		if (!has_arg)
			break;
		if (g->dest == RTF_FONTTBL) {
			if (r->nfonts < RTF_MAX_FONTS) {
				r->fonts[r->nfonts].num = arg;
				r->fonts[r->nfonts].cp = 0;
				r->nfonts++;
				r->in_font = 1;
			} else
				r->in_font = 0;
		} else
			g->font = arg < 0 ? -1 : (int)(arg > INT_MAX ?
			    INT_MAX : arg);
		break;
	case A_FCHARSET:
		if (g->dest == RTF_FONTTBL && r->in_font && has_arg)
			r->fonts[r->nfonts - 1].cp = rtf_fcharset_cp(arg);
		break;
	case A_CPG:
		if (g->dest == RTF_FONTTBL && r->in_font && has_arg &&
		    arg > 0 && arg < 100000)
			r->fonts[r->nfonts - 1].cp = (unsigned)arg;
		break;
	case A_DEFF:
		if (has_arg)
			r->deff = arg;
		break;
	case A_PLAIN:
		g->font = -1;
		break;
	case A_BIN:
		break;
	}
}

static int
rtf_walk(const unsigned char *p, size_t n, struct buf *out,
    const char **error_r)
{
	struct rtf *r;
	size_t i = 0, k;
	int opened = 0, ret = 0;

	r = xcalloc(1, sizeof(*r));
	r->st[0].dest = RTF_TEXT;
	r->st[0].uc = 1;
	r->st[0].font = -1;
	r->ansicpg = 1252;
	r->deff = -1;
	r->out = out;
	buf_init(&r->pend, 0);

	while (i < n && !out->over) {
		unsigned char c = p[i++];
		struct rtf_group *g = &r->st[r->depth];

		if (c == '{') {
			if (r->depth + 1 >= RTF_MAX_DEPTH) {
				*error_r = "rtf: groups nested too deep";
				ret = -1;
				break;
			}
			r->depth++;
			r->st[r->depth] = *g;
			r->skip_chars = 0;
			opened = 1;
		} else if (c == '}') {
			r->skip_chars = 0;
			if (r->depth > 0)
				r->depth--;
			if (r->st[r->depth].dest != RTF_FONTTBL)
				r->in_font = 0;
			if (r->depth == 0 && opened)
				break;	/* the document's group closed */
		} else if (c == '\\') {
			char word[33];
			size_t wl = 0;
			long arg = 0;
			int has_arg = 0, neg = 0, digits = 0;

			if (i >= n)
				break;
			c = p[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
				i++;
				if (c == '\'') {
					int h, l;

					if (i + 2 > n)
						break;
					h = hex_digit(p[i]);
					l = hex_digit(p[i + 1]);
					i += 2;
					if (h >= 0 && l >= 0 &&
					    g->dest == RTF_TEXT)
						rtf_char(r, (unsigned char)
						    (h * 16 + l));
				} else if (c == '*')
					g->dest = RTF_SKIP;
				else if (g->dest != RTF_TEXT)
					;
				else if (c == '\\' || c == '{' || c == '}')
					rtf_char(r, c);
				else if (c == '~')
					rtf_unicode(r, 0xa0);
				else if (c == '_')
					rtf_char(r, '-');
				else if (c == '\n' || c == '\r')
					rtf_byte(r, '\n');	/* = \par */
				else if (c == '\t')
					rtf_byte(r, '\t');
				/* \- \: \| and others: nothing to show */
				continue;
			}
			/* a control word: letters, an optional number */
			while (i < n && ((p[i] >= 'a' && p[i] <= 'z') ||
			    (p[i] >= 'A' && p[i] <= 'Z'))) {
				if (wl < sizeof(word) - 1)
					word[wl++] = (char)p[i];
				i++;
			}
			word[wl] = '\0';
			if (i < n && p[i] == '-' && i + 1 < n &&
			    p[i + 1] >= '0' && p[i + 1] <= '9') {
				neg = 1;
				i++;
			}
			while (i < n && p[i] >= '0' && p[i] <= '9') {
				if (digits++ < 10)
					arg = arg * 10 + (p[i] - '0');
				i++;
			}
			if (digits > 0)
				has_arg = 1;
			if (neg)
				arg = -arg;
			if (i < n && p[i] == ' ')
				i++;
			/* a control word ends the \uN fallback */
			if (strcmp(word, "u") != 0)
				r->skip_chars = 0;
			k = i;
			rtf_word(r, word, has_arg, arg, &k, n);
			i = k;
		} else if (c == '\r' || c == '\n' || c == '\0') {
			/* line ends in the file are not text */
		} else if (g->dest == RTF_TEXT)
			rtf_char(r, c);
	}
	if (ret == 0) {
		rtf_flush(r);
		if (r->high)
			put_utf8(out, 0xfffd);
	}
	buf_free(&r->pend);
	for (k = 0; k < ARRAY_SIZE(r->tabs); k++) {
		size_t j;

		for (j = 0; j < ARRAY_SIZE(r->tabs[k].map); j++)
			free(r->tabs[k].map[j]);
	}
	free(r);
	return ret;
}

/* ---- PDF ---- */

static void
glib_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer arg)
{
}

/*
 * pdf_work: the text of a PDF, in the launcher's sandboxed child
 * (launcher.h: limits, no descriptors but fd).  Writes to fd either 'T',
 * an 8-byte length and the text, or 'P' (password) or 'D' (damaged)
 * alone; returns the child's exit status.
 */
static int
pdf_work(const unsigned char *data, size_t n, const struct limits *lim,
    int fd)
{
	GBytes *bytes;
	GError *err = NULL;
	PopplerDocument *doc;
	struct buf b;
	uint64_t len;
	int i, pages, rc;

	g_log_set_default_handler(glib_quiet, NULL);
	bytes = g_bytes_new_static(data, n);
	doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (doc == NULL) {
		char code = err != NULL && err->domain == POPPLER_ERROR &&
		    err->code == POPPLER_ERROR_ENCRYPTED ? 'P' : 'D';

		rc = launcher_write_all(fd, &code, 1) < 0;
		if (err != NULL)
			g_error_free(err);
		g_bytes_unref(bytes);
		return rc;
	}
	buf_init(&b, lim->max_resume_text);
	pages = poppler_document_get_n_pages(doc);
	for (i = 0; i < pages && i < PDF_MAX_PAGES && !b.over; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *t;

		if (page == NULL)
			continue;
		t = poppler_page_get_text(page);
		if (t != NULL) {
			put_capped(&b, t, strlen(t));
			put_capped(&b, "\n\n", 2);
			g_free(t);
		}
		g_object_unref(page);
	}
	/* the child leaves with _exit(), but frees what it made: a leak
	 * checker sees its exit like any other */
	g_object_unref(doc);
	g_bytes_unref(bytes);
	len = b.len;
	rc = launcher_write_all(fd, "T", 1) < 0 ||
	    launcher_write_all(fd, &len, sizeof(len)) < 0 ||
	    launcher_write_all(fd, b.data ? b.data : "", b.len) < 0;
	buf_free(&b);
	return rc;
}

/* pdf_complete: in holds a whole answer of pdf_work: 'P' or 'D' alone,
 * or 'T', the length and that many bytes */
static int
pdf_complete(const struct buf *in)
{
	uint64_t len;

	if (in->len == 1 && (in->data[0] == 'P' || in->data[0] == 'D'))
		return 1;
	if (in->len < 1 + sizeof(len) || in->data[0] != 'T')
		return 0;
	memcpy(&len, in->data + 1, sizeof(len));
	return len == in->len - 1 - sizeof(len);
}

/* the mail the conversions are for (resume_set_context), or NULL */
static char *context;

void
resume_set_context(const char *what)
{
	free(context);
	context = what != NULL ? xstrdup(what) : NULL;
}

/* what the PDF child said on stderr (poppler's "Out of memory" under its
 * RLIMIT_AS, its syntax warnings): each line logged, prefixed with the
 * child and the mail, never passed to our stderr as it is */
#define PDF_STDERR_MAX   2048
#define PDF_STDERR_LINES 8

static void
log_child_stderr(const struct buf *e)
{
	const char *p = e->data, *end, *nl;
	unsigned lines = 0;

	if (p == NULL)   /* nothing was written (no buffer: no offset) */
		return;
	end = p + e->len;
	while (p < end) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl != NULL ? nl : end) - p);
		if (len > 0 && lines++ < PDF_STDERR_LINES)
			log_warn("pdf extractor%s%s: %.*s",
			    context != NULL ? " for " : "",
			    context != NULL ? context : "", (int)len, p);
		p = nl != NULL ? nl + 1 : end;
	}
	if (lines > PDF_STDERR_LINES || e->over)
		log_warn("pdf extractor%s%s: (more on its stderr, not kept)",
		    context != NULL ? " for " : "",
		    context != NULL ? context : "");
}

static int
pdf_text(const unsigned char *data, size_t n, const struct limits *lim,
    struct buf *out, const char **error_r)
{
	struct buf in, errb;
	uint64_t len;
	const char *why;
	enum launcher_result lr;
	int status;

	buf_init(&in, 1 + sizeof(len) + lim->max_resume_text);
	buf_init(&errb, PDF_STDERR_MAX);
	lr = launcher_run(pdf_work, data, n, lim, pdf_complete, &in, &errb,
	    &status, &why);
	log_child_stderr(&errb);
	buf_free(&errb);
	switch (lr) {
	case LAUNCHER_OK:
		break;
	case LAUNCHER_TIMEOUT:
		*error_r = "pdf: time limit";
		goto fail;
	case LAUNCHER_OVER:
		*error_r = "pdf: extractor failed";
		goto fail;
	case LAUNCHER_ERROR:
	default:
		log_warn("pdf: %s", why);
		*error_r = "pdf: cannot run the extractor";
		goto fail;
	}
	if (status != -1 && WIFSIGNALED(status)) {
		*error_r = WTERMSIG(status) == SIGXCPU ? "pdf: time limit" :
		    "pdf: time or memory limit";
		goto fail;
	}
	if (in.len >= 1 && in.data[0] == 'P') {
		*error_r = "pdf: password protected";
		goto fail;
	}
	if (in.len >= 1 && in.data[0] == 'D') {
		*error_r = "pdf: damaged or not a PDF";
		goto fail;
	}
	if (in.len < 1 + sizeof(len) || in.data[0] != 'T' ||
	    (status != -1 && (!WIFEXITED(status) || WEXITSTATUS(status)))) {
		*error_r = "pdf: extractor failed";
		goto fail;
	}
	memcpy(&len, in.data + 1, sizeof(len));
	if (len != in.len - 1 - sizeof(len)) {
		*error_r = "pdf: extractor failed";
		goto fail;
	}
	put_capped(out, in.data + 1 + sizeof(len), (size_t)len);
	buf_free(&in);
	return 0;
fail:
	buf_free(&in);
	return -1;
}

/* ---- HTML, plain text ---- */

/* html_charset: the charset a <meta> declares near the start, or "" */
static void
html_charset(const char *s, size_t n, char *cs, size_t size)
{
	const char *p;
	size_t m = n < 4096 ? n : 4096, k = 0;

	cs[0] = '\0';
	p = mem_find_ci(s, m, "charset");
	if (p == NULL)
		return;
	p += 7;
	while (p < s + m && (*p == ' ' || *p == '=' || *p == '"' ||
	    *p == '\''))
		p++;
	while (p < s + m && k + 1 < size &&
	    ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
	    *p == '.' || *p == ':'))
		cs[k++] = *p++;
	cs[k] = '\0';
}

/* bom: a byte-order mark's charset and length, or NULL */
static const char *
bom(const unsigned char *p, size_t n, size_t *skip_r)
{
	*skip_r = 0;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		*skip_r = 3;
		return "UTF-8";
	}
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		*skip_r = 2;
		return "UTF-16LE";
	}
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		*skip_r = 2;
		return "UTF-16BE";
	}
	return NULL;
}

static char *
decode_text(const unsigned char *data, size_t n, const char *declared,
    size_t max)
{
	const char *cs;
	char *copy = NULL, *out;
	size_t skip, i, k;

	cs = bom(data, n, &skip);
	data += skip;
	n -= skip;
	if (cs == NULL || strncmp(cs, "UTF-16", 6) != 0) {
		/* the converter returns a C string: NULs would cut it */
		if (memchr(data, '\0', n) != NULL) {
			copy = xmalloc(n);
			for (i = k = 0; i < n; i++)
				if (data[i] != '\0')
					copy[k++] = (char)data[i];
			data = (const unsigned char *)copy;
			n = k;
		}
	}
	if (cs == NULL && utf8_valid((const char *)data, n))
		cs = "UTF-8";
	if (cs == NULL && declared != NULL && *declared != '\0')
		cs = declared;
	out = charset_to_utf8((const char *)data, n, cs, max, NULL);
	free(copy);
	return out;
}

/* ---- the entry point ---- */

int
resume_text(enum resume_format fmt, const unsigned char *data, size_t n,
    const struct limits *lim_in, char **text_r, const char **error_r)
{
	struct limits lim, def;
	struct buf out;
	char *raw = NULL, cs[48];
	int ret = -1;

	*text_r = NULL;
	*error_r = NULL;
	limit_defaults(&def);
	lim = lim_in != NULL ? *lim_in : def;
	if (lim.max_resume_text == 0)
		lim.max_resume_text = def.max_resume_text;
	if (lim.max_zip_entry == 0)
		lim.max_zip_entry = def.max_zip_entry;
	if (lim.resume_seconds == 0)
		lim.resume_seconds = def.resume_seconds;
	if (data == NULL)
		n = 0;
	if (data == NULL || n == 0) {
		*error_r = "empty document";
		return -1;
	}

	buf_init(&out, lim.max_resume_text);
	buf_append(&out, "", 0);
	switch (fmt) {
	case RESUME_PDF:
		ret = pdf_text(data, n, &lim, &out, error_r);
		break;
	case RESUME_DOCX:
		ret = zip_text(data, n, "word/document.xml", docx_node, &lim,
		    &out, error_r);
		break;
	case RESUME_ODT:
		ret = zip_text(data, n, "content.xml", odt_node, &lim, &out,
		    error_r);
		break;
	case RESUME_RTF:
		ret = rtf_walk(data, n, &out, error_r);
		break;
	case RESUME_HTML: {
		char *utf8;

		html_charset((const char *)data, n, cs, sizeof(cs));
		utf8 = decode_text(data, n, cs, 0);
		raw = html_to_text(utf8, strlen(utf8), lim.max_resume_text);
		free(utf8);
		ret = 0;
		break;
	}
	case RESUME_TXT:
		raw = decode_text(data, n, NULL, lim.max_resume_text);
		ret = 0;
		break;
	case RESUME_DOC:
		*error_r = "doc: no text extractor";
		break;
	case RESUME_UNKNOWN:
	default:
		*error_r = "unsupported format";
		break;
	}
	if (ret == 0) {
		if (raw != NULL)
			*text_r = finish(raw, strlen(raw), lim.max_resume_text);
		else
			*text_r = finish(out.data, out.len,
			    lim.max_resume_text);
	}
	free(raw);
	buf_free(&out);
	return ret;
}

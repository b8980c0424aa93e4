/*
 * charset.c — text in any declared charset to clean UTF-8 (iconv from the
 * C library), and RFC 2047 encoded words in header values.
 *
 * Charset names are folded to a canonical token and mapped through an alias
 * table to the iconv converter that best covers what mailers really send
 * (Shift_JIS -> CP932, GB2312 -> GB18030, ks_c_5601-1987 -> CP949,
 * ISO-8859-1 -> Windows-1252, as WHATWG does).  Names not in the table are
 * tried with iconv as written when they are plain tokens.  Undeclared,
 * unknown and lying charsets fall back to UTF-8 when the bytes are valid
 * UTF-8, else to Windows-1252, which maps every byte.
 *
 * Every returned string is fresh (caller frees), valid UTF-8, without NUL
 * or control characters other than \n and \t (headers: without those too).
 *
 * SECURITY: reads bytes and charset names from strangers.  Charset names
 * reach iconv_open only as short [a-z0-9._:+-] tokens; conversion is one
 * linear pass with a growing buffer that stops at the caller's max; the
 * encoded-word scanner looks at each input byte a bounded number of times.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "util.h"

#define CHARSET_NAME_MAX 40   /* longer declared names are unknown */
#define WORD_CHARSET_MAX 75   /* RFC 2047 keeps encoded words short */

enum cs_kind {
	CS_NONE,        /* undeclared */
	CS_ASCII,       /* declared US-ASCII */
	CS_UTF8,
	CS_CP1252,      /* also ISO-8859-1 and its aliases */
	CS_ICONV,       /* iconv converter, single-byte */
	CS_ICONV_MB,    /* iconv converter, multi-byte or stateful */
	CS_UNKNOWN,
};

struct cs_alias {
	const char *name;     /* canonical lowercase spelling */
	enum cs_kind kind;
	const char *iconv;    /* converter for CS_ICONV* */
};

static const struct cs_alias aliases[] = {
	{ "utf-8", CS_UTF8, NULL },
	{ "utf8", CS_UTF8, NULL },
	{ "unicode-1-1-utf-8", CS_UTF8, NULL },
	{ "x-unicode20utf8", CS_UTF8, NULL },
	{ "us-ascii", CS_ASCII, NULL },
	{ "ascii", CS_ASCII, NULL },
	{ "us", CS_ASCII, NULL },
	{ "ansi_x3.4-1968", CS_ASCII, NULL },
	{ "iso646-us", CS_ASCII, NULL },
	{ "csascii", CS_ASCII, NULL },
	{ "cp367", CS_ASCII, NULL },
	{ "ibm367", CS_ASCII, NULL },
	{ "iso-ir-6", CS_ASCII, NULL },
	{ "646", CS_ASCII, NULL },
	{ "iso-8859-1", CS_CP1252, NULL },
	{ "iso8859-1", CS_CP1252, NULL },
	{ "iso_8859-1", CS_CP1252, NULL },
	{ "iso_8859-1:1987", CS_CP1252, NULL },
	{ "iso88591", CS_CP1252, NULL },
	{ "8859-1", CS_CP1252, NULL },
	{ "latin1", CS_CP1252, NULL },
	{ "latin-1", CS_CP1252, NULL },
	{ "l1", CS_CP1252, NULL },
	{ "cp819", CS_CP1252, NULL },
	{ "ibm819", CS_CP1252, NULL },
	{ "iso-ir-100", CS_CP1252, NULL },
	{ "csisolatin1", CS_CP1252, NULL },
	{ "windows-1252", CS_CP1252, NULL },
	{ "cp1252", CS_CP1252, NULL },
	{ "x-cp1252", CS_CP1252, NULL },
	{ "ms-ansi", CS_CP1252, NULL },
	{ "ansi", CS_CP1252, NULL },
	{ "latin2", CS_ICONV, "ISO-8859-2" },
	{ "l2", CS_ICONV, "ISO-8859-2" },
	{ "latin3", CS_ICONV, "ISO-8859-3" },
	{ "latin4", CS_ICONV, "ISO-8859-4" },
	{ "cyrillic", CS_ICONV, "ISO-8859-5" },
	{ "arabic", CS_ICONV, "ISO-8859-6" },
	{ "greek", CS_ICONV, "ISO-8859-7" },
	{ "hebrew", CS_ICONV, "ISO-8859-8" },
	{ "iso-8859-8-i", CS_ICONV, "ISO-8859-8" },
	{ "iso-8859-8-e", CS_ICONV, "ISO-8859-8" },
	{ "iso-8859-6-i", CS_ICONV, "ISO-8859-6" },
	{ "iso-8859-6-e", CS_ICONV, "ISO-8859-6" },
	{ "latin5", CS_ICONV, "ISO-8859-9" },
	{ "l5", CS_ICONV, "ISO-8859-9" },
	{ "latin6", CS_ICONV, "ISO-8859-10" },
	{ "latin7", CS_ICONV, "ISO-8859-13" },
	{ "latin8", CS_ICONV, "ISO-8859-14" },
	{ "latin9", CS_ICONV, "ISO-8859-15" },
	{ "latin-9", CS_ICONV, "ISO-8859-15" },
	{ "latin10", CS_ICONV, "ISO-8859-16" },
	{ "ms-ee", CS_ICONV, "CP1250" },
	{ "ms-cyrl", CS_ICONV, "CP1251" },
	{ "koi8-r", CS_ICONV, "KOI8-R" },
	{ "koi8r", CS_ICONV, "KOI8-R" },
	{ "koi8", CS_ICONV, "KOI8-R" },
	{ "cskoi8r", CS_ICONV, "KOI8-R" },
	{ "koi8-u", CS_ICONV, "KOI8-U" },
	{ "koi8u", CS_ICONV, "KOI8-U" },
	{ "koi8-ru", CS_ICONV, "KOI8-U" },
	{ "tis-620", CS_ICONV, "CP874" },
	{ "tis620", CS_ICONV, "CP874" },
	{ "iso-8859-11", CS_ICONV, "CP874" },
	{ "windows-874", CS_ICONV, "CP874" },
	{ "x-windows-874", CS_ICONV, "CP874" },
	{ "cp874", CS_ICONV, "CP874" },
	{ "macintosh", CS_ICONV, "MACINTOSH" },
	{ "mac", CS_ICONV, "MACINTOSH" },
	{ "x-mac-roman", CS_ICONV, "MACINTOSH" },
	{ "macroman", CS_ICONV, "MACINTOSH" },
	{ "csmacintosh", CS_ICONV, "MACINTOSH" },
	{ "ibm866", CS_ICONV, "CP866" },
	{ "cp866", CS_ICONV, "CP866" },
	{ "ibm850", CS_ICONV, "CP850" },
	{ "cp850", CS_ICONV, "CP850" },
	{ "ibm437", CS_ICONV, "CP437" },
	{ "cp437", CS_ICONV, "CP437" },
	{ "shift_jis", CS_ICONV_MB, "CP932" },
	{ "shift-jis", CS_ICONV_MB, "CP932" },
	{ "shiftjis", CS_ICONV_MB, "CP932" },
	{ "sjis", CS_ICONV_MB, "CP932" },
	{ "x-sjis", CS_ICONV_MB, "CP932" },
	{ "ms_kanji", CS_ICONV_MB, "CP932" },
	{ "csshiftjis", CS_ICONV_MB, "CP932" },
	{ "windows-31j", CS_ICONV_MB, "CP932" },
	{ "cp932", CS_ICONV_MB, "CP932" },
	{ "ms932", CS_ICONV_MB, "CP932" },
	{ "x-ms-cp932", CS_ICONV_MB, "CP932" },
	{ "euc-jp", CS_ICONV_MB, "EUC-JP-MS" },
	{ "eucjp", CS_ICONV_MB, "EUC-JP-MS" },
	{ "x-euc-jp", CS_ICONV_MB, "EUC-JP-MS" },
	{ "ujis", CS_ICONV_MB, "EUC-JP-MS" },
	{ "cseucpkdfmtjapanese", CS_ICONV_MB, "EUC-JP-MS" },
	{ "iso-2022-jp", CS_ICONV_MB, "ISO-2022-JP-2" },
	{ "csiso2022jp", CS_ICONV_MB, "ISO-2022-JP-2" },
	{ "iso-2022-jp-1", CS_ICONV_MB, "ISO-2022-JP-2" },
	{ "iso-2022-jp-2", CS_ICONV_MB, "ISO-2022-JP-2" },
	{ "csiso2022jp2", CS_ICONV_MB, "ISO-2022-JP-2" },
	{ "iso-2022-jp-3", CS_ICONV_MB, "ISO-2022-JP-3" },
	{ "gb2312", CS_ICONV_MB, "GB18030" },
	{ "gb_2312-80", CS_ICONV_MB, "GB18030" },
	{ "gb2312-80", CS_ICONV_MB, "GB18030" },
	{ "csgb2312", CS_ICONV_MB, "GB18030" },
	{ "euc-cn", CS_ICONV_MB, "GB18030" },
	{ "x-euc-cn", CS_ICONV_MB, "GB18030" },
	{ "gbk", CS_ICONV_MB, "GB18030" },
	{ "x-gbk", CS_ICONV_MB, "GB18030" },
	{ "cp936", CS_ICONV_MB, "GB18030" },
	{ "ms936", CS_ICONV_MB, "GB18030" },
	{ "windows-936", CS_ICONV_MB, "GB18030" },
	{ "chinese", CS_ICONV_MB, "GB18030" },
	{ "iso-ir-58", CS_ICONV_MB, "GB18030" },
	{ "gb18030", CS_ICONV_MB, "GB18030" },
	{ "big5", CS_ICONV_MB, "CP950" },
	{ "big-5", CS_ICONV_MB, "CP950" },
	{ "x-big5", CS_ICONV_MB, "CP950" },
	{ "cn-big5", CS_ICONV_MB, "CP950" },
	{ "csbig5", CS_ICONV_MB, "CP950" },
	{ "cp950", CS_ICONV_MB, "CP950" },
	{ "ms950", CS_ICONV_MB, "CP950" },
	{ "big5-hkscs", CS_ICONV_MB, "BIG5-HKSCS" },
	{ "big5hkscs", CS_ICONV_MB, "BIG5-HKSCS" },
	{ "ks_c_5601-1987", CS_ICONV_MB, "CP949" },
	{ "ks_c_5601-1989", CS_ICONV_MB, "CP949" },
	{ "ks_c_5601", CS_ICONV_MB, "CP949" },
	{ "ksc5601", CS_ICONV_MB, "CP949" },
	{ "ksc_5601", CS_ICONV_MB, "CP949" },
	{ "csksc56011987", CS_ICONV_MB, "CP949" },
	{ "iso-ir-149", CS_ICONV_MB, "CP949" },
	{ "korean", CS_ICONV_MB, "CP949" },
	{ "euc-kr", CS_ICONV_MB, "CP949" },
	{ "euckr", CS_ICONV_MB, "CP949" },
	{ "x-euc-kr", CS_ICONV_MB, "CP949" },
	{ "cseuckr", CS_ICONV_MB, "CP949" },
	{ "cp949", CS_ICONV_MB, "CP949" },
	{ "uhc", CS_ICONV_MB, "CP949" },
	{ "windows-949", CS_ICONV_MB, "CP949" },
	{ "iso-2022-kr", CS_ICONV_MB, "ISO-2022-KR" },
	{ "utf-16", CS_ICONV_MB, "UTF-16" },
	{ "utf-16le", CS_ICONV_MB, "UTF-16LE" },
	{ "utf-16be", CS_ICONV_MB, "UTF-16BE" },
	{ "ucs-2", CS_ICONV_MB, "UTF-16" },
	{ "utf-32", CS_ICONV_MB, "UTF-32" },
	{ "utf-32le", CS_ICONV_MB, "UTF-32LE" },
	{ "utf-32be", CS_ICONV_MB, "UTF-32BE" },
	{ "utf-7", CS_ICONV_MB, "UTF-7" },
	{ "unicode-1-1-utf-7", CS_ICONV_MB, "UTF-7" },
	{ "csunicode11utf7", CS_ICONV_MB, "UTF-7" },
};

/* Windows-1252 0x80..0x9f; 0 = unassigned (decoded as U+FFFD) */
static const uint16_t cp1252_c1[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static int
cs_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_' || c == '.' || c == ':' || c == '+';
}

/*
 * charset_canon: the declared name as a lowercase token: quotes and
 * blanks around it dropped, cut at the first character that cannot be in
 * a charset name (so "utf-8 (comment)", "utf-8;" and RFC 2231's
 * "utf-8*en" all give "utf-8").  Returns the length, 0 when nothing usable.
 */
static size_t
charset_canon(const char *cs, char out[CHARSET_NAME_MAX + 1])
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)cs;

	while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
		p++;
	for (; *p; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (!cs_name_char(c))
			break;
		if (n == CHARSET_NAME_MAX)
			return 0;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/* iso-8859-N spelled any of the usual ways: N, or 0 */
static int
iso8859_part(const char *name)
{
	const char *p;
	int v = 0;

	if (strncmp(name, "iso-8859-", 9) == 0 ||
	    strncmp(name, "iso_8859-", 9) == 0)
		p = name + 9;
	else if (strncmp(name, "iso8859-", 8) == 0 ||
	    strncmp(name, "iso8859_", 8) == 0)
		p = name + 8;
	else if (strncmp(name, "iso8859", 7) == 0)
		p = name + 7;
	else
		return 0;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9' && v < 100)
		v = v * 10 + (*p++ - '0');
	/* "iso-8859-2:1987" and "iso-8859-8-i" carry harmless suffixes */
	if (*p != '\0' && *p != ':' && strcmp(p, "-i") != 0 &&
	    strcmp(p, "-e") != 0)
		return 0;
	return v >= 1 && v <= 16 && v != 12 ? v : 0;
}

/* cp125N / windows-125N / x-cp125N: N, or -1 */
static int
windows125x(const char *name)
{
	const char *p;

	if (strncmp(name, "windows-125", 11) == 0)
		p = name + 11;
	else if (strncmp(name, "x-cp125", 7) == 0)
		p = name + 7;
	else if (strncmp(name, "cp125", 5) == 0)
		p = name + 5;
	else if (strncmp(name, "cp-125", 6) == 0)
		p = name + 6;
	else
		return -1;
	if (p[0] >= '0' && p[0] <= '8' && p[1] == '\0')
		return p[0] - '0';
	return -1;
}

/*
 * charset_lookup: kind of the declared charset and, for iconv kinds, the
 * converter name written into conv (at least CHARSET_NAME_MAX + 1 bytes).
 */
static enum cs_kind
charset_lookup(const char *charset, char *conv)
{
	char name[CHARSET_NAME_MAX + 1];
	size_t i;
	int v;

	if (charset == NULL || charset_canon(charset, name) == 0) {
		if (charset == NULL || charset[strspn(charset, " \t\"")] == '\0')
			return CS_NONE;
		return CS_UNKNOWN;
	}
	for (i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (strcmp(aliases[i].name, name) == 0) {
			if (aliases[i].iconv != NULL)
				memcpy(conv, aliases[i].iconv,
				    strlen(aliases[i].iconv) + 1);
			return aliases[i].kind;
		}
	}
	if ((v = iso8859_part(name)) != 0) {
		if (v == 1)
			return CS_CP1252;
		if (v == 11) {
			memcpy(conv, "CP874", 6);
			return CS_ICONV;
		}
		memcpy(conv, "ISO-8859-", 9);
		if (v >= 10) {
			conv[9] = (char)('0' + v / 10);
			conv[10] = (char)('0' + v % 10);
			conv[11] = '\0';
		} else {
			conv[9] = (char)('0' + v);
			conv[10] = '\0';
		}
		return CS_ICONV;
	}
	if ((v = windows125x(name)) >= 0) {
		if (v == 2)
			return CS_CP1252;
		memcpy(conv, "CP125", 5);
		conv[5] = (char)('0' + v);
		conv[6] = '\0';
		return CS_ICONV;
	}
	/* anything else: let iconv judge the plain token */
	memcpy(conv, name, strlen(name) + 1);
	return CS_ICONV_MB;
}

static void
put_cp(struct buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		buf_append(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 2);
	} else {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(b, u, 3);
	}
}

/* decode_cp1252: every byte maps (unassigned ones to U+FFFD). */
static char *
decode_cp1252(const char *data, size_t n, size_t *len_r)
{
	const unsigned char *p = (const unsigned char *)data;
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			buf_putc(&b, (char)p[i]);
		else if (p[i] < 0xa0)
			put_cp(&b, cp1252_c1[p[i] - 0x80] ?
			    cp1252_c1[p[i] - 0x80] : 0xfffd);
		else
			put_cp(&b, p[i]);
	}
	*len_r = b.len;
	return buf_steal(&b);
}

/*
 * decode_iconv: n bytes through iconv.  Invalid or truncated input becomes
 * U+FFFD and is counted in *errors_r.  Output stops soon after limit bytes
 * (0 = no limit).  NULL when iconv has no such converter.
 */
static char *
decode_iconv(const char *data, size_t n, const char *conv, size_t limit,
    size_t *len_r, size_t *errors_r)
{
	iconv_t cd;
	char *out, *in = (char *)(uintptr_t)data, *op;
	size_t cap, inleft = n, outleft, r, errors = 0;

	cd = iconv_open("UTF-8", conv);
	if (cd == (iconv_t)-1)
		return NULL;
	cap = n < SIZE_MAX / 2 - 64 ? n * 2 + 64 : n;
	if (limit && cap > limit + 64)
		cap = limit + 64;
	out = xmalloc(cap);
	op = out;
	outleft = cap - 1;
	for (;;) {
		r = iconv(cd, inleft ? &in : NULL, &inleft, &op, &outleft);
		if (r != (size_t)-1)
			break;          /* all input converted */
		if (errno == E2BIG) {
			size_t used = (size_t)(op - out);

			if (limit && used >= limit)
				break;
			cap = cap < SIZE_MAX / 2 ? cap * 2 : SIZE_MAX;
			out = xrealloc(out, cap);
			op = out + used;
			outleft = cap - used - 1;
			continue;
		}
		/* EILSEQ or EINVAL: mark it, step over one byte */
		errors++;
		if (outleft < 4) {
			size_t used = (size_t)(op - out);

			cap = cap < SIZE_MAX / 2 ? cap * 2 : SIZE_MAX;
			out = xrealloc(out, cap);
			op = out + used;
			outleft = cap - used - 1;
		}
		memcpy(op, "\xef\xbf\xbd", 3);
		op += 3;
		outleft -= 3;
		/* the shift state stays: one bad byte in ISO-2022-JP text */
		in++;
		inleft--;
		if (inleft == 0)
			break;
	}
	/* converters that hold a character back (CP1255, CP1258) flush it */
	for (;;) {
		size_t used = (size_t)(op - out);

		if (iconv(cd, NULL, NULL, &op, &outleft) != (size_t)-1 ||
		    errno != E2BIG || (limit && used >= limit))
			break;
		cap = cap < SIZE_MAX / 2 ? cap * 2 : SIZE_MAX;
		out = xrealloc(out, cap);
		op = out + used;
		outleft = cap - used - 1;
	}
	iconv_close(cd);
	*op = '\0';
	*len_r = (size_t)(op - out);
	*errors_r = errors;
	return out;
}

static int
all_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/*
 * mostly_utf8: invalid bytes are rare next to valid multi-byte sequences
 * (a UTF-8 text with a stray byte, not a Latin-1 text).
 */
static int
mostly_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, good = 0, bad = 0;

	while (i < n) {
		size_t l;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		l = (p[i] >= 0xc2 && p[i] <= 0xdf) ? 2 :
		    (p[i] >= 0xe0 && p[i] <= 0xef) ? 3 :
		    (p[i] >= 0xf0 && p[i] <= 0xf4) ? 4 : 0;
		if (l && i + l <= n && utf8_valid(s + i, l)) {
			good++;
			i += l;
		} else {
			bad++;
			i++;
		}
	}
	return good > 0 && bad * 10 <= good;
}

/*
 * finish: strip a leading BOM, make every line end \n, clean to UTF-8
 * without NUL/controls, cut at max on a character boundary.  Takes tmp.
 */
static char *
finish(char *tmp, size_t len, size_t max)
{
	char *out;
	size_t i, j;

	i = 0;
	if (len >= 3 && memcmp(tmp, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (j = 0; i < len; i++) {
		if (tmp[i] == '\r') {
			tmp[j++] = '\n';
			if (i + 1 < len && tmp[i + 1] == '\n')
				i++;
		} else
			tmp[j++] = tmp[i];
	}
	out = utf8_clean(tmp, j, 1);
	free(tmp);
	if (max)
		out[utf8_prefix(out, strlen(out), max)] = '\0';
	return out;
}

/* input bytes worth converting to fill max output bytes */
static size_t
input_cap(size_t n, size_t max, size_t per_char)
{
	size_t lim;

	if (max == 0 || max > (SIZE_MAX - 8) / per_char)
		return n;
	lim = max * per_char + 8;
	return n < lim ? n : lim;
}

static char *
as_utf8(const char *data, size_t n, size_t max)
{
	n = input_cap(n, max, 1);
	return finish(xmemdup0(data, n), n, max);
}

static char *
as_cp1252(const char *data, size_t n, size_t max)
{
	size_t len;
	char *t;

	n = input_cap(n, max, 1);
	t = decode_cp1252(data, n, &len);
	return finish(t, len, max);
}

char *
charset_to_utf8(const char *data, size_t n, const char *charset,
    size_t max, int *fallback_r)
{
	char conv[CHARSET_NAME_MAX + 1];
	enum cs_kind kind;
	char *t;
	size_t len, errors;
	int fb = 0;

	if (data == NULL)
		n = 0;
	kind = charset_lookup(charset, conv);
	switch (kind) {
	case CS_NONE:
	case CS_ASCII:
	case CS_UTF8:
	case CS_UNKNOWN:
		if (kind == CS_UNKNOWN)
			fb = 1;
		if (all_ascii(data, n)) {
			t = as_utf8(data, n, max);
			break;
		}
		if (kind != CS_UTF8)
			fb = 1;
		if (utf8_valid(data, n))
			t = as_utf8(data, n, max);
		else if (mostly_utf8(data, n)) {
			fb = 1;
			t = as_utf8(data, n, max);
		} else {
			fb = 1;
			t = as_cp1252(data, n, max);
		}
		break;
	case CS_CP1252:
	case CS_ICONV:
		/* a single-byte label on valid multi-byte UTF-8 is a lie */
		if (!all_ascii(data, n) && utf8_valid(data, n)) {
			fb = 1;
			t = as_utf8(data, n, max);
			break;
		}
		if (kind == CS_CP1252) {
			t = as_cp1252(data, n, max);
			break;
		}
		/* FALLTHROUGH */
	case CS_ICONV_MB:
	default:
		t = decode_iconv(data, input_cap(n, max, 1), conv, max, &len,
		    &errors);
		if (t == NULL) {
			/* unknown to iconv */
			fb = 1;
			if (utf8_valid(data, n))
				t = as_utf8(data, n, max);
			else
				t = as_cp1252(data, n, max);
			break;
		}
		if (errors == 0) {
			t = finish(t, len, max);
			break;
		}
		fb = 1;
		if (utf8_valid(data, n)) {
			free(t);
			t = as_utf8(data, n, max);
		} else if (errors <= n / 100 + 1) {
			/* a few bad bytes in real text of that charset */
			t = finish(t, len, max);
		} else {
			free(t);
			t = as_cp1252(data, n, max);
		}
		break;
	}
	if (fallback_r != NULL)
		*fallback_r = fb;
	return t;
}

/* ---- RFC 2047 ---- */

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* decode_b: RFC 2047 "B" text into b; -1 on a character outside base64. */
static int
decode_b(const char *s, size_t n, struct buf *b)
{
	unsigned acc = 0;
	int bits = 0, v;
	size_t i;
	char c;

	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			/* padding: only '=' may follow */
			for (; i < n; i++)
				if (s[i] != '=')
					return -1;
			break;
		}
		if ((v = b64_value((unsigned char)s[i])) < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			c = (char)((acc >> bits) & 0xff);
			buf_putc(b, c);
		}
	}
	return 0;
}

/* decode_q: RFC 2047 "Q" text into b; -1 on a broken =XX escape. */
static int
decode_q(const char *s, size_t n, struct buf *b)
{
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '_')
			buf_putc(b, ' ');
		else if (s[i] == '=') {
			if (i + 2 >= n)
				return -1;
			h = hex_digit((unsigned char)s[i + 1]);
			l = hex_digit((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			buf_putc(b, (char)(h * 16 + l));
			i += 2;
		} else
			buf_putc(b, s[i]);
	}
	return 0;
}

struct word {
	char charset[WORD_CHARSET_MAX + 1];
	size_t len;           /* bytes of the whole =?...?= */
	const char *text;
	size_t tlen;
	char enc;             /* 'b' or 'q' */
};

/*
 * parse_word: an encoded word "=?charset?enc?text?=" at s (s[0..1] are
 * "=?").  Encoded text holds no blank and no '?', so the scan ends at the
 * first of them: no byte is looked at by more than two candidates.
 */
static int
parse_word(const char *s, size_t n, struct word *w)
{
	size_t i = 2, cs;

	for (cs = 0; i < n && s[i] != '?'; i++, cs++) {
		unsigned char c = (unsigned char)s[i];

		if (cs == WORD_CHARSET_MAX || c <= ' ' || c >= 0x7f ||
		    c == '=' || c == '"')
			return -1;
		w->charset[cs] = (char)c;
	}
	if (cs == 0 || i + 3 > n)
		return -1;
	w->charset[cs] = '\0';
	i++;
	w->enc = (char)(s[i] | 0x20);
	if ((w->enc != 'b' && w->enc != 'q') || s[i + 1] != '?')
		return -1;
	i += 2;
	w->text = s + i;
	for (; i < n && s[i] != '?'; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n')
			return -1;
	if (i + 1 >= n || s[i + 1] != '=')
		return -1;
	w->tlen = (size_t)(s + i - w->text);
	w->len = i + 2;
	return 0;
}

struct dec_state {
	struct buf out;
	struct buf pend;          /* decoded bytes of adjacent words */
	char pend_cs[WORD_CHARSET_MAX + 1];
	size_t max;
};

static void
flush_words(struct dec_state *st)
{
	char *t;

	if (st->pend.len == 0)
		return;
	t = charset_to_utf8(st->pend.data, st->pend.len, st->pend_cs,
	    st->max, NULL);
	buf_puts(&st->out, t);
	free(t);
	buf_reset(&st->pend);
}

static void
put_literal(struct dec_state *st, const char *s, size_t n)
{
	char *t;

	if (n == 0)
		return;
	if (all_ascii(s, n)) {
		buf_append(&st->out, s, n);
		return;
	}
	/* raw 8-bit in a header: UTF-8 if it is, else Windows-1252 */
	t = charset_to_utf8(s, n, NULL, st->max, NULL);
	buf_puts(&st->out, t);
	free(t);
}

static int
only_blanks(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n')
			return 0;
	return 1;
}

char *
charset_decode_words(const char *s, size_t n, size_t max)
{
	struct dec_state st;
	struct word w;
	struct buf wb;
	size_t i = 0, lit = 0;
	int after_word = 0, joined;
	char *res, *t;

	buf_init(&st.out, 0);
	buf_init(&st.pend, 0);
	buf_init(&wb, 0);
	st.pend_cs[0] = '\0';
	st.max = max;
	if (s == NULL)
		n = 0;
	while (i + 1 < n && !(max && st.out.len > max)) {
		if (s[i] != '=' || s[i + 1] != '?' ||
		    parse_word(s + i, n - i, &w) < 0) {
			i++;
			continue;
		}
		buf_reset(&wb);
		if (w.enc == 'b' ? decode_b(w.text, w.tlen, &wb) < 0 :
		    decode_q(w.text, w.tlen, &wb) < 0) {
			/* a bad word stays as written */
			i++;
			continue;
		}
		/* RFC 2047 6.2: blanks between adjacent words vanish */
		joined = after_word && only_blanks(s + lit, i - lit);
		if (!joined || !str_eq_ci(st.pend_cs, w.charset)) {
			flush_words(&st);
			if (!joined)
				put_literal(&st, s + lit, i - lit);
			memcpy(st.pend_cs, w.charset, strlen(w.charset) + 1);
		}
		/* same charset: bytes join first, so split characters mend */
		buf_append(&st.pend, wb.data ? wb.data : "", wb.len);
		i += w.len;
		lit = i;
		after_word = 1;
	}
	flush_words(&st);
	if (lit < n && !(max && st.out.len > max))
		put_literal(&st, s + lit, n - lit);
	buf_free(&st.pend);
	buf_free(&wb);
	i = st.out.len;
	t = buf_steal(&st.out);
	res = utf8_clean(t, i, 0);
	free(t);
	if (max)
		res[utf8_prefix(res, strlen(res), max)] = '\0';
	return res;
}

/*
 * test_charset.c — charset_to_utf8 over every supported charset with a
 * real sample, the fallbacks for undeclared / unknown / lying labels, and
 * RFC 2047 encoded words.
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

#include "charset.h"
#include "util.h"

struct conv_case {
	const char *charset;
	const char *in;
	size_t n;
	const char *out;
};

/* declared charset, bytes in it, the same text in UTF-8; no fallback */
static const struct conv_case declared[] = {
	{ "iso-8859-1", "J\xfcrgen Wei\xdf", 11, "J\xc3\xbcrgen Wei\xc3\x9f" },
	{ "latin1", "M\xfcller", 6, "M\xc3\xbcller" },
	{ "iso-8859-2", "\xa3\xf3" "d\xbc, Krak\xf3w", 12, "\xc5\x81\xc3\xb3" "d\xc5\xba, Krak\xc3\xb3w" },
	{ "ISO_8859-5", "\xbf\xe0\xd8\xd2\xd5\xe2", 6, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82" },
	{ "iso-8859-7", "\xca\xe1\xeb\xe7\xec\xdd\xf1\xe1", 8, "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1" },
	{ "iso-8859-9", "\xddstanbul \xdei\xfeli", 14, "\xc4\xb0stanbul \xc5\x9ei\xc5\x9fli" },
	{ "iso-8859-15", "Preis: 100 \xa4", 12, "Preis: 100 \xe2\x82\xac" },
	{ "windows-1250", "P\xf8\xedli\x9a \x9elu\x9dou\xe8k\xfd k\xf9\xf2", 20, "P\xc5\x99\xc3\xadli\xc5\xa1 \xc5\xbelu\xc5\xa5ou\xc4\x8dk\xc3\xbd k\xc5\xaf\xc5\x88" },
	{ "windows-1251", "\xc7\xe4\xf0\xe0\xe2\xf1\xf2\xe2\xf3\xe9\xf2\xe5", 12, "\xd0\x97\xd0\xb4\xd1\x80\xd0\xb0\xd0\xb2\xd1\x81\xd1\x82\xd0\xb2\xd1\x83\xd0\xb9\xd1\x82\xd0\xb5" },
	{ "windows-1252", "\x84Zitat\x93 \x96 5 \x80", 13, "\xe2\x80\x9eZitat\xe2\x80\x9c \xe2\x80\x93 5 \xe2\x82\xac" },
	{ "cp1252", "na\xefve caf\xe9", 10, "na\xc3\xafve caf\xc3\xa9" },
	{ "windows-1253", "\xc5\xeb\xeb\xdc\xe4\xe1", 6, "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1" },
	{ "windows-1254", "G\xfcl\xfc\xfemek", 8, "G\xc3\xbcl\xc3\xbc\xc5\x9fmek" },
	{ "windows-1255", "\xf9\xec\xe5\xed", 4, "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d" },
	{ "windows-1256", "\xe3\xd1\xcd\xc8\xc7", 5, "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7" },
	{ "windows-1257", "R\xeega \xd0iauliai", 13, "R\xc4\xabga \xc5\xa0iauliai" },
	{ "windows-1258", "\xd0\xf5n", 3, "\xc4\x90\xc6\xa1n" },
	{ "Shift_JIS", "\x93\xfa\x96{\x8c\xea\x82\xcc\x97\x9a\x97\xf0\x8f\x91", 14, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe5\xb1\xa5\xe6\xad\xb4\xe6\x9b\xb8" },
	{ "shift_jis", "\x8a\x94\x8e\xae\x89\xef\x8e\xd0\x87@", 10, "\xe6\xa0\xaa\xe5\xbc\x8f\xe4\xbc\x9a\xe7\xa4\xbe\xe2\x91\xa0" },
	{ "SJIS", "\x93\x8c\x8b\x9e", 4, "\xe6\x9d\xb1\xe4\xba\xac" },
	{ "x-sjis", "\x93\x8c\x8b\x9e", 4, "\xe6\x9d\xb1\xe4\xba\xac" },
	{ "GB2312", "\xbc\xf2\xc0\xfa \xd6\xd0\xce\xc4", 9, "\xe7\xae\x80\xe5\x8e\x86 \xe4\xb8\xad\xe6\x96\x87" },
	{ "gbk", "\xb1\xb1\xbe\xa9\xbb\xb6\xd3\xad\xc4\xe3", 10, "\xe5\x8c\x97\xe4\xba\xac\xe6\xac\xa2\xe8\xbf\x8e\xe4\xbd\xa0" },
	{ "gb18030", "\xc9\xcf\xba\xa3", 4, "\xe4\xb8\x8a\xe6\xb5\xb7" },
	{ "Big5", "\xc1" "c\xc5\xe9\xa4\xa4\xa4\xe5\xbci\xbe\xfa", 12, "\xe7\xb9\x81\xe9\xab\x94\xe4\xb8\xad\xe6\x96\x87\xe5\xb1\xa5\xe6\xad\xb7" },
	{ "EUC-JP", "\xc6\xfc\xcb\xdc\xb8\xec\xa5\xc6\xa5\xad\xa5\xb9\xa5\xc8", 14, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88" },
	{ "ISO-2022-JP", "\x1b$BF|K\x5c" "8l$N7oL>\x1b(B", 18, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe4\xbb\xb6\xe5\x90\x8d" },
	{ "KOI8-R", "\xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2", 10, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80" },
	{ "koi8-u", "\xf5\xcb\xd2\xc1\xa7\xce\xc1", 7, "\xd0\xa3\xd0\xba\xd1\x80\xd0\xb0\xd1\x97\xd0\xbd\xd0\xb0" },
	{ "UTF-8", "J\xc3\xbcrgen Wei\xc3\x9f \xe2\x80\x93 \xe5\x8c\x97\xe4\xba\xac", 24, "J\xc3\xbcrgen Wei\xc3\x9f \xe2\x80\x93 \xe5\x8c\x97\xe4\xba\xac" },
	{ "utf8", "Gr\xc3\xbc\xc3\x9f" "e", 7, "Gr\xc3\xbc\xc3\x9f" "e" },
	{ "\x22utf-8\x22", "Gr\xc3\xbc\xc3\x9f" "e", 7, "Gr\xc3\xbc\xc3\x9f" "e" },
	{ "utf-8 (comment)", "Gr\xc3\xbc\xc3\x9f" "e", 7, "Gr\xc3\xbc\xc3\x9f" "e" },
	{ "UTF-16", "\xff\xfeJ\x00\xfc\x00r\x00g\x00" "e\x00n\x00", 14, "J\xc3\xbcrgen" },
	{ "utf-16le", "L\x00" "e\x00" "b\x00" "e\x00n\x00s\x00l\x00" "a\x00u\x00" "f\x00", 20, "Lebenslauf" },
	{ "utf-16be", "\x00\xc4\x00r\x00g\x00" "e\x00r", 10, "\xc3\x84rger" },
	{ "ks_c_5601-1987", "\xbe\xc8\xb3\xe7\xc7\xcf\xbc\xbc\xbf\xe4", 10, "\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94" },
	{ "euc-kr", "\xc0\xcc\xb7\xc2\xbc\xad", 6, "\xec\x9d\xb4\xeb\xa0\xa5\xec\x84\x9c" },
	{ "tis-620", "\xc0\xd2\xc9\xd2\xe4\xb7\xc2", 7, "\xe0\xb8\xa0\xe0\xb8\xb2\xe0\xb8\xa9\xe0\xb8\xb2\xe0\xb9\x84\xe0\xb8\x97\xe0\xb8\xa2" },
	{ "macintosh", "Caf\x8e", 4, "Caf\xc3\xa9" },
	{ "utf-7", "Hi Mom -+Jjo--!", 15, "Hi Mom -\xe2\x98\xba-!" },
	{ "us-ascii", "plain text", 10, "plain text" },
	/* aliases */
	{ "x-cp1252", "caf\xe9", 4, "caf\xc3\xa9" },
	{ "ISO8859-1", "caf\xe9", 4, "caf\xc3\xa9" },
	{ "iso_8859-15:1998", "\xa4", 1, "\xe2\x82\xac" },
	{ "cp-1251", "\xc4\xe0", 2, "\xd0\x94\xd0\xb0" },
	{ "ms_kanji", "\x93\xfa\x96\x7b", 4, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "x-euc-jp", "\xc6\xfc\xcb\xdc", 4, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "ks_c_5601", "\xc7\xd1", 2, "\xed\x95\x9c" },
	{ "cp949", "\xc7\xd1", 2, "\xed\x95\x9c" },
	/* ISO-8859-1 is read as Windows-1252 (WHATWG) */
	{ "iso-8859-1", "\x80 \x93ok\x94", 6, "\xe2\x82\xac \xe2\x80\x9cok\xe2\x80\x9d" },
	/* line ends become \n, NUL and controls go, tabs stay */
	{ "utf-8", "a\r\nb\rc\0d\x01\te", 11, "a\nb\ncd\te" },
	/* a UTF-8 BOM is dropped */
	{ "utf-8", "\xef\xbb\xbfhi", 5, "hi" },
	{ NULL, "plain ascii", 11, "plain ascii" },
	{ "", "plain ascii", 11, "plain ascii" },
};

/* labels that are missing, unknown or wrong: fallback flagged */
static const struct conv_case fallback[] = {
	/* undeclared 8-bit: UTF-8 when valid, else Windows-1252 */
	{ NULL, "J\xc3\xbcrgen", 7, "J\xc3\xbcrgen" },
	{ NULL, "J\xfcrgen", 6, "J\xc3\xbcrgen" },
	/* declared ASCII, sent 8-bit */
	{ "us-ascii", "Gr\xc3\xbc\xc3\x9f" "e", 7, "Gr\xc3\xbc\xc3\x9f" "e" },
	{ "us-ascii", "Gr\xfc\xdf" "e", 5, "Gr\xc3\xbc\xc3\x9f" "e" },
	/* declared UTF-8, sent Latin-1 */
	{ "utf-8", "Wei\xdf und Gr\xfcn", 13, "Wei\xc3\x9f und Gr\xc3\xbcn" },
	/* declared UTF-8, one stray byte in real UTF-8 text */
	{ "utf-8", "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa9\xc3\xa8\xc3\xa0\xc3\xa7\xc3\xab\xc3\xaf\xff", 21,
	  "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa9\xc3\xa8\xc3\xa0\xc3\xa7\xc3\xab\xc3\xaf\xef\xbf\xbd" },
	/* declared Latin-1 / Windows-125x, sent UTF-8 */
	{ "iso-8859-1", "J\xc3\xbcrgen Wei\xc3\x9f", 13, "J\xc3\xbcrgen Wei\xc3\x9f" },
	{ "windows-1251", "\xd0\x9f\xd1\x80\xd0\xb8", 6, "\xd0\x9f\xd1\x80\xd0\xb8" },
	/* unknown names */
	{ "x-unknown-charset", "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	{ "x-unknown-charset", "caf\xe9", 4, "caf\xc3\xa9" },
	{ "utf-8//TRANSLIT", "caf\xe9", 4, "caf\xc3\xa9" },
	{ "a-name-far-too-long-to-be-any-real-charset-name", "ok", 2, "ok" },
	/* Shift_JIS label on Windows-1252 bytes full of invalid sequences */
	{ "shift_jis", "\x81\x20\x81\x20\x81\x20\x81\x20", 8, "\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd " },
	/* UTF-16 cut in the middle of a unit (those bytes are UTF-8 too) */
	{ "utf-16le", "a\0b", 3, "ab" },
	/* CJK UTF-16 cut in the middle: iconv's text, the stray byte marked */
	{ "utf-16be", "\x65\xe5\x67\x2c\x8a", 5, "\xe6\x97\xa5\xe6\x9c\xac\xef\xbf\xbd" },
};

static void
check(const struct conv_case *c, size_t i, int want_fb)
{
	char *got;
	int fb = -1;

	got = charset_to_utf8(c->in, c->n, c->charset, 0, &fb);
	if (strcmp(got, c->out) != 0 || fb != want_fb)
		fail_msg("case %zu (%s): got \"%s\" fallback=%d, want \"%s\" "
		    "fallback=%d", i, c->charset ? c->charset : "(none)", got,
		    fb, c->out, want_fb);
	if (!utf8_valid(got, strlen(got)))
		fail_msg("case %zu: output is not UTF-8", i);
	free(got);
}

static void
test_declared(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(declared); i++)
		check(&declared[i], i, 0);
}

static void
test_fallback(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fallback); i++) {
		/* the Shift_JIS and UTF-16 cases keep iconv's output */
		check(&fallback[i], i, 1);
	}
}

static void
test_every_byte(void **state)
{
	char in[256], *got;
	int i, fb;

	(void)state;
	for (i = 0; i < 256; i++)
		in[i] = (char)i;
	got = charset_to_utf8(in, sizeof(in), "windows-1252", 0, &fb);
	assert_true(utf8_valid(got, strlen(got)));
	assert_non_null(strstr(got, "\xe2\x82\xac"));   /* 0x80 */
	assert_non_null(strstr(got, "\xc3\xbf"));       /* 0xff */
	free(got);
	got = charset_to_utf8(in, sizeof(in), "x-nonsense", 0, &fb);
	assert_int_equal(fb, 1);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);
	got = charset_to_utf8(NULL, 0, "utf-8", 0, &fb);
	assert_string_equal(got, "");
	free(got);
}

static void
test_max(void **state)
{
	char *got;

	(void)state;
	/* cut on a character boundary, never inside one */
	got = charset_to_utf8("\xc3\xa4\xc3\xa4\xc3\xa4", 6, "utf-8", 5, NULL);
	assert_string_equal(got, "\xc3\xa4\xc3\xa4");
	free(got);
	got = charset_to_utf8("\xe4\xe4\xe4", 3, "iso-8859-1", 3, NULL);
	assert_string_equal(got, "\xc3\xa4");
	free(got);
	got = charset_to_utf8("\x93\xfa\x96\x7b\x8c\xea", 6, "shift_jis", 4,
	    NULL);
	assert_string_equal(got, "\xe6\x97\xa5");
	free(got);
}

struct word_case {
	const char *in;
	const char *out;
};

static const struct word_case words[] = {
	{ "plain subject", "plain subject" },
	{ "=?UTF-8?B?SsO8cmdlbiBXZWnDnw==?=", "J\xc3\xbcrgen Wei\xc3\x9f" },
	{ "=?utf-8?q?J=C3=BCrgen_Wei=C3=9F?=", "J\xc3\xbcrgen Wei\xc3\x9f" },
	{ "=?ISO-8859-1?Q?Bewerbung_f=FCr?= Controller", "Bewerbung f\xc3\xbcr Controller" },
	/* adjacent words: the blank between them goes */
	{ "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab" },
	{ "=?UTF-8?Q?a?=\t  =?UTF-8?Q?b?=", "ab" },
	/* text between words stays */
	{ "=?UTF-8?Q?a?= x =?UTF-8?Q?b?=", "a x b" },
	{ "Re: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus Berlin", "Re: Gr\xc3\xbc\xc3\x9f" "e aus Berlin" },
	/* a character split over two words mends */
	{ "=?UTF-8?B?SsM=?= =?UTF-8?B?vHJnZW4=?=", "J\xc3\xbcrgen" },
	/* different charsets next to each other */
	{ "=?ISO-8859-1?Q?M=FCller?= =?UTF-8?Q?_&_S=C3=B6hne?=", "M\xc3\xbcller & S\xc3\xb6hne" },
	/* RFC 2231 language in the charset */
	{ "=?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?=", "Gr\xc3\xbc\xc3\x9f" "e" },
	{ "=\x3fISO-2022-JP\x3f" "B\x3fGyRCRnxLXDhsJE43b0w+GyhC\x3f=", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe4\xbb\xb6\xe5\x90\x8d" },
	{ "=\x3fshift_jis\x3f" "B\x3fl5qX8I+R\x3f=", "\xe5\xb1\xa5\xe6\xad\xb4\xe6\x9b\xb8" },
	{ "=?GB2312?B?1tDOxLzywPo=?=", "\xe4\xb8\xad\xe6\x96\x87\xe7\xae\x80\xe5\x8e\x86" },
	{ "=?koi8-r?B?8sXawM3F?=", "\xd0\xa0\xd0\xb5\xd0\xb7\xd1\x8e\xd0\xbc\xd0\xb5" },
	/* bad words stay as written */
	{ "=?UTF-8?B?####?=", "=?UTF-8?B?####?=" },
	{ "=?UTF-8?Q?bad=ZZ?=", "=?UTF-8?Q?bad=ZZ?=" },
	{ "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=" },
	{ "=?UTF-8?Q?no end", "=?UTF-8?Q?no end" },
	{ "=?UTF-8?Q?with space?=", "=?UTF-8?Q?with space?=" },
	{ "=?", "=?" },
	{ "a =?UTF-8?Q?ok?= b =?UTF-8?B?####?=", "a ok b =?UTF-8?B?####?=" },
	/* unknown charset in a word: UTF-8 or Windows-1252 */
	{ "=?x-bogus?Q?caf=E9?=", "caf\xc3\xa9" },
	/* raw 8-bit header text */
	{ "J\xc3\xbcrgen", "J\xc3\xbcrgen" },
	{ "J\xfcrgen", "J\xc3\xbcrgen" },
	/* controls and line breaks go, tabs become blanks */
	{ "a\r\nb\tc", "ab c" },
	{ "=?UTF-8?Q?a=0D=0Ab=00c?=", "abc" },
};

static void
test_words(void **state)
{
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		got = charset_decode_words(words[i].in, strlen(words[i].in), 0);
		if (strcmp(got, words[i].out) != 0)
			fail_msg("word case %zu \"%s\": got \"%s\", want \"%s\"",
			    i, words[i].in, got, words[i].out);
		free(got);
	}
}

static void
test_words_bounded(void **state)
{
	size_t n = 4u * 1024 * 1024, i;
	char *s, *got;

	(void)state;
	/* not NUL-terminated input is read only to n */
	got = charset_decode_words("=?UTF-8?Q?ab?=XYZ", 14, 0);
	assert_string_equal(got, "ab");
	free(got);
	got = charset_decode_words("abcdef", 6, 3);
	assert_string_equal(got, "abc");
	free(got);
	/* many candidate words that never end: still linear */
	s = xmalloc(n);
	for (i = 0; i + 8 <= n; i += 8)
		memcpy(s + i, "=?a?q?=?", 8);
	got = charset_decode_words(s, n, 1024);
	assert_true(strlen(got) <= 1024);
	free(got);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_declared),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_words_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

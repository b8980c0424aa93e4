/*
 * charset.h — bytes in a declared (or undeclared, or lying) charset to
 * valid UTF-8, through iconv.  Never fails: the fallback is Windows-1252,
 * which maps every byte.
 *
 * SECURITY: reads bytes from strangers; output is bounded by max.
 */
#ifndef RECRUIT_CHARSET_H
#define RECRUIT_CHARSET_H

#include <stddef.h>

/*
 * charset_to_utf8: returns a fresh NUL-terminated UTF-8 string of at most
 * max bytes (0 = no cap).  *fallback_r (may be NULL) is set to 1 when the
 * declared charset was unknown or wrong and a fallback was used.
 * Declared UTF-8/ASCII that is not valid UTF-8 falls back too.
 */
char *charset_to_utf8(const char *data, size_t n, const char *charset,
    size_t max, int *fallback_r);

/*
 * charset_decode_words: RFC 2047 encoded words in an unfolded header value
 * decoded to UTF-8 (adjacent words joined, whitespace between them dropped),
 * raw 8-bit text treated as UTF-8 or Windows-1252.
 */
char *charset_decode_words(const char *s, size_t n, size_t max);

#endif

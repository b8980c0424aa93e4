/*
 * mime.h — parse raw RFC 5322 / MIME bytes into a struct mail (mail.h),
 * decoding transfer encodings, RFC 2047 words, RFC 2231 parameters and
 * charsets to UTF-8.  Built on libetpan's mailmime parser.
 *
 * SECURITY: reads bytes from strangers.  Bounded by struct limits: message
 * size, MIME depth, part count, header length, body text size.
 */
#ifndef RECRUIT_MIME_H
#define RECRUIT_MIME_H

#include "limit.h"
#include "mail.h"

enum mime_result {
	MIME_OK = 0,
	MIME_REJECT = -1,   /* over a limit or unusable: *error_r says why */
};

/*
 * mime_parse: raw need not be NUL-terminated and is not kept: *mail_r owns
 * copies of everything.  CRLF, LF and CR-only line ends are accepted.
 * On MIME_REJECT, *mail_r is NULL and *error_r a static reason such as
 * "message larger than max_message_size".
 */
enum mime_result mime_parse(const char *raw, size_t len,
    const struct limits *lim, struct mail **mail_r, const char **error_r);

/*
 * mime_sanitize_filename: a sender-supplied name made safe to show:
 * UTF-8 cleaned, control characters and '/' '\\' removed, leading dots
 * and spaces stripped, at most 255 bytes.  NULL when nothing is left.
 */
char *mime_sanitize_filename(const char *name, size_t n);

/* mime_has_part: 1 when a leaf part of m has the content type type
 * (lowercase "type/subtype", as mail_part.content_type holds it), else 0. */
int mime_has_part(const struct mail *m, const char *type);

#endif

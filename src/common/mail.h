/*
 * mail.h — the normalized message that travels along the inbound pipeline
 * (mime -> fields -> classify -> extract -> store).  Every string is valid
 * UTF-8 without NUL; everything is owned by the struct mail and freed by
 * mail_free().  Built by mime_parse() (mime.h).
 */
#ifndef RECRUIT_MAIL_H
#define RECRUIT_MAIL_H

#include <stddef.h>
#include <time.h>

struct mail_header {
	char *name;   /* as written, e.g. "Auto-Submitted" */
	char *value;  /* unfolded, RFC 2047 decoded, CR/LF removed */
};

struct mail_part {
	char *content_type;   /* lowercase "type/subtype"; never NULL */
	char *charset;        /* lowercase declared charset, or NULL */
	char *filename;       /* decoded, sanitized display name, or NULL */
	unsigned char *data;  /* transfer-decoded bytes; text/(plain|html) in UTF-8 */
	size_t len;
	int attachment;       /* Content-Disposition attachment, or a named non-text part */
	unsigned depth;       /* 0 = top level */
};

/* defect flags: what was wrong but survived (recorded, never fatal) */
#define MAIL_DEFECT_CHARSET   0x01u /* undeclared or lying charset, fallback used */
#define MAIL_DEFECT_MIME      0x02u /* libetpan could not parse a part; kept as text */
#define MAIL_DEFECT_TRUNCATED 0x04u /* body text cut at limits.max_text */
#define MAIL_DEFECT_HEADER    0x08u /* a header was cut at limits.max_header_len */

struct mail {
	struct mail_header *headers;  /* top-level headers in order */
	size_t n_headers;

	char *message_id;     /* without angle brackets, or NULL */
	char *from_addr;      /* lowercase addr-spec, or NULL */
	char *from_name;      /* display name, or NULL */
	char *reply_to_addr;
	char *reply_to_name;
	char *sender_addr;    /* Sender: header */
	char *return_path;    /* addr-spec; "" for the null sender <>; NULL if absent */
	char **rcpt;          /* To + Cc + Delivered-To addresses, lowercase */
	size_t n_rcpt;
	char *subject;        /* decoded, or NULL */
	time_t date;          /* from Date:, 0 when absent or unparseable */

	char *content_type;   /* top-level, lowercase "type/subtype" */
	char *report_type;    /* multipart/report's report-type, lowercase, or NULL */

	char *text;           /* body text: inline text/plain parts joined, else the
	                         HTML part converted to text; "" when none */
	char *html;           /* first inline text/html part (UTF-8), or NULL */

	struct mail_part *parts;  /* every leaf part, in document order */
	size_t n_parts;

	unsigned defects;
};

/* mail_header_get: first header named name (ASCII case-insensitive) or NULL. */
const char *mail_header_get(const struct mail *m, const char *name);
void mail_free(struct mail *m);

#endif

/*
 * limit.h — every ceiling on untrusted input, with its default.  Readers
 * take a struct limits and never invent their own numbers.
 */
#ifndef RECRUIT_LIMIT_H
#define RECRUIT_LIMIT_H

#include <stddef.h>

#define LIMIT_MESSAGE_SIZE   (25u * 1024 * 1024) /* raw message bytes */
#define LIMIT_MIME_DEPTH     20u                 /* nesting of multiparts */
#define LIMIT_PARTS          200u                /* leaf + container parts */
#define LIMIT_HEADER_LEN     (64u * 1024)        /* one unfolded header field */
#define LIMIT_TEXT           (4u * 1024 * 1024)  /* body text kept per mail */
#define LIMIT_RESUME_TEXT    (1u * 1024 * 1024)  /* text kept per résumé */
#define LIMIT_ZIP_ENTRY      (32u * 1024 * 1024) /* inflated DOCX/ODT xml */
#define LIMIT_RESUME_SECONDS 5u                  /* CPU budget per résumé */
#define LIMIT_RESUMES        10u                 /* résumés converted per mail */
#define LIMIT_FIELD_VALUE    (64u * 1024)        /* one extracted field */

struct limits {
	size_t max_message_size;
	unsigned max_mime_depth;
	unsigned max_parts;
	size_t max_header_len;
	size_t max_text;
	size_t max_resume_text;
	size_t max_zip_entry;
	unsigned resume_seconds;
	unsigned max_resumes;
	size_t max_field_value;
};

/* limit_defaults: fills every field with the defaults above. */
void limit_defaults(struct limits *l);

#endif

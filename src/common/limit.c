/* limit.c — the defaults of struct limits (limit.h). */
#include "config.h"

#include "limit.h"

void
limit_defaults(struct limits *l)
{
	l->max_message_size = LIMIT_MESSAGE_SIZE;
	l->max_mime_depth = LIMIT_MIME_DEPTH;
	l->max_parts = LIMIT_PARTS;
	l->max_header_len = LIMIT_HEADER_LEN;
	l->max_text = LIMIT_TEXT;
	l->max_resume_text = LIMIT_RESUME_TEXT;
	l->max_zip_entry = LIMIT_ZIP_ENTRY;
	l->resume_seconds = LIMIT_RESUME_SECONDS;
	l->max_resumes = LIMIT_RESUMES;
	l->max_field_value = LIMIT_FIELD_VALUE;
}

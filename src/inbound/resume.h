/*
 * resume.h — plain text out of résumé attachments, for the search that
 * comes later: PDF (poppler-glib), DOCX and ODT (libzip + libxml2),
 * HTML (html.h), TXT (charset.h), RTF (control words stripped).
 * Legacy .doc has no well-kept library here: reported, not extracted.
 *
 * SECURITY: reads files from strangers.  Inflated zip entries are capped
 * at limits.max_zip_entry (zip bombs), output at limits.max_resume_text,
 * and PDF work runs in a sandboxed child (launcher.h) under a CPU-time
 * budget of limits.resume_seconds.
 */
#ifndef RECRUIT_RESUME_H
#define RECRUIT_RESUME_H

#include <stddef.h>
#include "limit.h"

enum resume_format {
	RESUME_UNKNOWN = 0,
	RESUME_PDF, RESUME_DOCX, RESUME_ODT, RESUME_DOC, RESUME_RTF,
	RESUME_HTML, RESUME_TXT,
};

/* resume_format: by content type, then extension, then magic bytes. */
enum resume_format resume_format(const char *content_type,
    const char *filename, const unsigned char *data, size_t n);

/*
 * resume_text: 0 and a fresh UTF-8 *text_r, or -1 and a static *error_r
 * ("unsupported format", "zip entry too large", "pdf: time limit", …).
 */
int resume_text(enum resume_format fmt, const unsigned char *data, size_t n,
    const struct limits *lim, char **text_r, const char **error_r);

/*
 * resume_set_context: what the next conversions are for ("maildir:/m uid
 * 1764.M1P1"), copied; it prefixes the log lines of what a PDF child
 * writes to its stderr (poppler's "Out of memory").  NULL: none.
 */
void resume_set_context(const char *what);

#endif

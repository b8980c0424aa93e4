/*
 * limit.h — every ceiling on untrusted input, with its default.  Readers
 * take a struct limits and never invent their own numbers.
 *
 * The limits below are the ones a firm may need to change: [limits] in
 * recruitd.conf(5), one key each.  Every other bound in src/ is fixed,
 * defined beside the only code that uses it, and listed here with why it
 * is not a setting (grep the name for its value):
 *
 * - Standards, not choices: compose.c MAX_ADDR, MAX_DOMAIN, MAX_LISTID,
 *   WORD_MAX, HDR_WIDTH, QP_WIDTH, MAX_URL (RFC 5321/5322/2045/2047 line
 *   and path lengths); charset.c WORD_CHARSET_MAX; source_imap.c
 *   IDLE_MAX_SECONDS (RFC 2177); schedule.c T_MIN/T_MAX (the years
 *   0001-9999 a time zone database covers).
 * - Sub-bounds of a configurable limit, each well under it: the scans
 *   of one field value (max_field_value) fields.c LABEL_MAX, LABEL_SCAN,
 *   NEXT_VALUE_MAX; salary.c SALARY_SCAN_MAX, SALARY_MAX_AMOUNTS; geo.c
 *   GEO_*; industry.c IND_SCAN_MAX, IND_NORM_MAX; extract.c EX_*; the
 *   MIME structure (max_parts, max_header_len) mime.c MIME_MAX_HEADERS,
 *   MIME_MAX_RCPT, MIME_MAX_PARAMS, MIME_MAX_2231, PAREN_MAX,
 *   NAME_MAX_BYTES; bounce.c HFIELD_MAX, HBLOCK_MAX, BLOCK_MAX,
 *   EXCLUDE_MAX; ack.c ACK_REPLY_MAX_IDS; html.c ROW_BUFFER_MAX;
 *   resume.c PDF_MAX_PAGES, RTF_MAX_DEPTH, RTF_MAX_FONTS, ODT_MAX_SPACES
 *   and launcher.c CHILD_MAX_AS (a résumé's work is also bounded by
 *   resume_seconds and max_resume_text); source_imap.c HEAD_MAX and
 *   source_maildir.c MAILDIR_HEAD_MAX (the head kept of a mail over
 *   max_message_size).
 * - The firm's own files, not strangers' bytes: industry.c IND_FILE_MAX,
 *   IND_MAX_NAMES, IND_MAX_SYNS; newsletter.c TEMPLATE_FILE_MAX;
 *   article.c TEXT_MAX, TEXT_MAX_NEST; schedule.c MAX_TIMES,
 *   MAX_TZ_NAME; csv.c DEFAULT_MAX_FIELDS, DEFAULT_MAX_FIELD (an import's
 *   row and cell); compose.c MAX_NAME, MAX_SUBJECT, MAX_ID, MAX_REFS (what
 *   an answer carries of the mail it answers); reply.h REPLY_MESSAGE_MAX,
 *   newsletter.h NEWSLETTER_MESSAGE_MAX (one composed message).
 * - Work per step, where the guarantees do not depend on the number:
 *   ingest.c BATCH_MAX_MESSAGES, BATCH_MAX_BYTES, BATCH_MAX_SECONDS (the
 *   analysis gathered into one commit), APPLY_MAX_SECONDS (the write lock
 *   held per commit), ACK_MAX_MESSAGES (moves grouped), FAILED_IN_A_ROW_MAX;
 *   source_imap.c CHUNK_MAX_MESSAGES, CHUNK_MAX_BYTES; deliver.c BATCH,
 *   LEDGER_WAIT_MAX, STOP_GRACE, deliver.h DELIVER_PATIENCE (the gate's
 *   duplicate bound, see there), deliver.c BACKOFF_MAX (the retries of
 *   [smtp] retry_delay, retry_for); recruitd.c BACKOFF_MAX (reconnecting);
 *   store_int.h STORE_BUSY_MS, store_issue.c BUSY_STEP_MS (the store's
 *   lock wait).
 * - What an IMAP server may send, per step of the session (a step is
 *   one command, or the connect/TLS handshake/greeting), each step also
 *   bounded in time by [inbox] timeout: source_imap.c IMAP_CMD_BUDGET
 *   (1 MiB: any answer but a search or fetch), a UID FETCH the sum of
 *   the RFC822.SIZE values asked for plus IMAP_MSG_MARGIN a message and
 *   IMAP_FETCH_MARGIN, a header-only fetch HEAD_MAX a message plus the
 *   same, a UID SEARCH UID_TEXT_MAX per message of a window of
 *   SEARCH_WINDOW message numbers plus IMAP_FETCH_MARGIN, its sizes
 *   SIZE_LINE_MAX a UID; POLL_MAX_UIDS messages listed per poll (the
 *   rest at the next); LOGOUT_SECONDS; imap_net.c IMAP_NET_LINE_MAX (a
 *   line outside literals; a literal announced over what is left of the
 *   budget is refused before libetpan allocates it).  Bounds on what we
 *   asked for, not choices: a server over them is broken.
 * - Array sizes of our own tables: export.c COLS_MAX, store_export.c
 *   CELLS_MAX, store_int.h STORE_STMT_CACHE.
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

/*
 * quote.h — which parts of a mail's text are fresh (written now by its
 * sender) and which are quoted (an earlier mail repeated below or above
 * it), so that what is written now wins over what was written before
 * (issue 14: a correction above "> Salary: 120k" must not lose to it).
 *
 * The header patterns come from a data file: data/quote-headers,
 * installed as PKGDATADIR/quote-headers, or the file named by [extract]
 * quote_headers.  One pattern a line, "KIND LANG PATTERN"; '#' starts a
 * comment line.  PATTERN is compared with the line folded as fields_fold
 * does (any case, accents optional, runs of blanks one ' '), so the file
 * may write it with accents.  KIND:
 *   reply    an attribution line, '*' matching any run of bytes ("on *
 *            wrote:"); the whole line, or two lines joined with ' ' (mail
 *            programs wrap long attributions), and it must hold a digit
 *            (a date or a time) so that "On Monday I wrote:" is prose
 *   rule     a separator line that starts the original mail below it
 *            ("--*original message*--"), '*' as for reply
 *   forward  a line that starts a forwarded mail ("--*forwarded
 *            message*--", "begin forwarded message:"), '*' as for reply
 *   from     the first label of a header block ("from:", "von:", "de :")
 *   header   the other labels of a header block ("sent:", "subject:")
 *   note     a phrase of a short forwarding note ("fyi", "siehe unten")
 *
 * The split, line by line:
 *   - a line whose first non-blank byte is '>' is quoted, except a single
 *     such line between two non-blank unquoted lines: "Experience:\n> 5
 *     years\n…" is a value written now, not a quote (a quote is a run of
 *     '>' lines or stands apart from the text around it);
 *   - a reply header followed (after blank lines) by '>' lines is quoted
 *     with them, and unquoted lines after the run are fresh again
 *     (bottom-posting, interleaved answers); a reply header followed by
 *     unmarked text, a rule, or a header block (a from label and, within
 *     the QUOTE_BLOCK_LINES lines after it, two header labels) starts an
 *     original that runs to the end of the text (top-posting: Outlook,
 *     Gmail in HTML);
 *   - a forward header starts a forwarded mail that runs to the end; its
 *     header line and the header block right below it are quoted
 *     (metadata: "From: client", "Subject: …"), its content is FRESH when
 *     the fresh text above it, up to a signature separator "-- ", is only
 *     a short note: at most QUOTE_NOTE_LINES non-blank lines, or at most
 *     QUOTE_NOTE_LINES_MAX of them when one holds a note phrase ("FYI,
 *     see below" and the forwarder's greeting and name); else it is
 *     quoted.  A partner forwarding a client's job order means its
 *     content; a candidate who writes a page about himself and forwards a
 *     job advert means his page.  Inside the forwarded mail, replies and
 *     rules start older quoted text as above.
 *
 * SECURITY: the file is configuration, read with limits all the same
 * (QUOTE_FILE_MAX bytes, QUOTE_PATTERN_MAX patterns of at most
 * QUOTE_PATTERN_LEN_MAX bytes of UTF-8 without controls).  quote_split
 * reads text from strangers through (s, n), never past n: each line is
 * folded once (at most QUOTE_LINE_MAX bytes of it; longer lines are never
 * headers), look-ahead is bounded (QUOTE_BLOCK_LINES lines), so the
 * split is linear in n; at most QUOTE_SPANS_MAX spans.
 */
#ifndef RECRUIT_QUOTE_H
#define RECRUIT_QUOTE_H

#include <stddef.h>

#define QUOTE_FILE_MAX         (256u * 1024) /* bytes of the file */
#define QUOTE_PATTERN_MAX      2048   /* patterns in a file */
#define QUOTE_PATTERN_LEN_MAX  160    /* bytes of one pattern */
#define QUOTE_HEADERS_FILE     "quote-headers" /* name in PKGDATADIR */
#define QUOTE_LINE_MAX         400    /* longer lines are never headers */
#define QUOTE_BLOCK_LINES      6      /* look-ahead of a header block */
#define QUOTE_NOTE_LINES       3      /* a short note: lines */
#define QUOTE_NOTE_LINES_MAX   10     /* ... when it says "FYI" */
#define QUOTE_SPANS_MAX        256    /* past it: the rest is quoted */

struct quote_headers;

enum quote_forward {
	QUOTE_FWD_NONE = 0,     /* no forward header */
	QUOTE_FWD_FRESH,        /* forwarded content read as fresh */
	QUOTE_FWD_QUOTED,       /* forwarded under a message of its own */
};

struct quote_span {
	size_t start;           /* offset in the text */
	size_t len;             /* whole lines, with their '\n' */
	int quoted;             /* 0 fresh, 1 quoted */
	int forwarded;          /* inside a forwarded mail */
};

struct quote_split {
	struct quote_span *v;   /* in the text's order, covering all of it */
	size_t n;
	enum quote_forward forward;
};

/*
 * quote_headers_load: the patterns of the file at path; free with
 * quote_headers_free.  NULL and *error_r on failure ("PATH: No such file
 * or directory", "PATH:LINE: unknown kind …"); the text is kept in a
 * buffer of this module until the next load (copy it to keep it).  A
 * file without a reply, a rule or a forward pattern is an error.
 */
struct quote_headers *quote_headers_load(const char *path,
    const char **error_r);
void quote_headers_free(struct quote_headers *t);

/* quote_headers_count: the patterns of t. */
size_t quote_headers_count(const struct quote_headers *t);

/*
 * quote_headers_default_path: the file to read when [extract]
 * quote_headers is not set: $RECRUIT_DATADIR/quote-headers when that
 * variable is set and not empty (tests, benches), else
 * PKGDATADIR/quote-headers.  A static buffer.
 */
const char *quote_headers_default_path(void);

/*
 * quote_split: the spans of (s, n), fresh and quoted (the rules above),
 * into *out (allocated; free with quote_split_free).  Adjacent lines of
 * the same kind make one span; the spans cover (s, n) in order.  t NULL:
 * only '>' lines are quoted (no header is known).  Never fails.
 */
void quote_split(const struct quote_headers *t, const char *s, size_t n,
    struct quote_split *out);
void quote_split_free(struct quote_split *qs);

#endif

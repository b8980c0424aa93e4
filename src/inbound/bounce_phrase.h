/*
 * bounce_phrase.h — the phrase table of bounce reasons (bounce.h: "the
 * reason of a failure comes from the words of its diagnostic"), read
 * from a data file: data/bounce-phrases, installed as
 * PKGDATADIR/bounce-phrases, or the file named by [extract]
 * bounce_phrases.
 *
 * The file: one phrase a line, "REASON LANG PHRASE" (blank-separated;
 * the phrase is the rest of the line, in double quotes when it starts or
 * ends with a blank); '#' starts a comment line; a line "[vague]" starts
 * the vague phrases, tried only when no phrase before it is found.
 * REASON is one of the labels of bounce.h's struct bounce_rcpt (the
 * fixed list in bounce_phrase.c: a typo is an error, not a new reason);
 * LANG an ISO 639 code, for the reader.  The order of the file is the
 * order of the look-up: the first phrase of the file found wins.
 *
 * SECURITY: the file is configuration (trusted), but read with limits
 * all the same: at most BOUNCE_PHRASE_FILE_MAX bytes, BOUNCE_PHRASE_MAX
 * phrases of at most BOUNCE_PHRASE_LEN_MAX bytes of UTF-8 without
 * controls.  Look-ups read texts from strangers through (s, n), never
 * past n, linear in n (each offset compares only the phrases that start
 * with the two bytes there).
 */
#ifndef RECRUIT_BOUNCE_PHRASE_H
#define RECRUIT_BOUNCE_PHRASE_H

#include <stddef.h>

#define BOUNCE_PHRASE_FILE_MAX  (1024u * 1024) /* bytes of the file */
#define BOUNCE_PHRASE_MAX       8192   /* phrases in a file */
#define BOUNCE_PHRASE_LEN_MAX   200    /* bytes of one phrase */
#define BOUNCE_PHRASE_FILE      "bounce-phrases" /* name in PKGDATADIR */

struct bounce_phrases;

/*
 * bounce_phrase_load: the table of the file at path, indexed for
 * look-ups; free with bounce_phrase_free.  NULL and *error_r on failure:
 * "PATH: No such file or directory", "PATH:LINE: unknown reason (…)";
 * the text is kept in a buffer of this module until the next
 * bounce_phrase_load (the program is single-threaded; copy it to keep
 * it longer).  A file without any phrase is an error too.  The table is
 * read-only after: bounce_parse (bounce.h) takes it.
 */
struct bounce_phrases *bounce_phrase_load(const char *path,
    const char **error_r);
void bounce_phrase_free(struct bounce_phrases *t);

/* bounce_phrase_count: the phrases of t (specific and vague). */
size_t bounce_phrase_count(const struct bounce_phrases *t);

/*
 * bounce_phrase_default_path: the file to read when [extract]
 * bounce_phrases is not set (ingest_new): $RECRUIT_DATADIR/bounce-phrases when that
 * variable is set and not empty (the tests and the benches run from the
 * source tree: Makefile.am sets it to its data/), else
 * PKGDATADIR/bounce-phrases.  A static buffer.
 */
const char *bounce_phrase_default_path(void);

/*
 * bounce_phrase_reason: the reason of the first phrase of t (in the
 * file's order) found anywhere in (s, n), among the specific phrases
 * (vague 0) or the vague ones (vague 1); a static label, or NULL when
 * none is there.  ASCII letters match in any case.
 */
const char *bounce_phrase_reason(const struct bounce_phrases *t,
    const char *s, size_t n, int vague);

/*
 * bounce_phrase_earliest: 1 and *at_r = the offset in (s, n) of the
 * first place where a specific phrase starts, else where a vague one
 * does; 0 when no phrase is there.  One pass over the text.
 */
int bounce_phrase_earliest(const struct bounce_phrases *t, const char *s,
    size_t n, size_t *at_r);

#endif

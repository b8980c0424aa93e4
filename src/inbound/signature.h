/*
 * signature.h — the signature block of a mail's fresh text: the lines
 * after its closing ("Kind regards", "Mit freundlichen Grüßen") or the
 * "-- " delimiter, read into name, job title, company, phones, e-mail,
 * web and profile URL and address; and people's names as senders write
 * them ("Dubois, Marie", "DUBOIS Marie") put in the order "Marie Dubois".
 *
 * The words it reads by (closings, title words, legal forms, disclaimer
 * starts, mail-program footers, quote headers, phone labels, street
 * words, honorifics, name particles) are a data file: data/signature-words,
 * installed as PKGDATADIR/signature-words, or the file named by
 * [extract] signature_words.  Its format is described at its top.
 *
 * SECURITY: the file is configuration (trusted), read with limits all the
 * same (SIGNATURE_WORDS_FILE_MAX bytes, SIGNATURE_WORDS_MAX entries of at
 * most SIGNATURE_WORD_LEN_MAX bytes of UTF-8 without controls).  Mail
 * text from strangers is read through (s, n), never past n, at most
 * SIGNATURE_SCAN_MAX bytes of it, line by line in linear time; every
 * value copied is shorter than the line it comes from.
 */
#ifndef RECRUIT_SIGNATURE_H
#define RECRUIT_SIGNATURE_H

#include <stddef.h>

#define SIGNATURE_WORDS_FILE_MAX (256u * 1024) /* bytes of the file */
#define SIGNATURE_WORDS_MAX      4096   /* entries in a file */
#define SIGNATURE_WORD_LEN_MAX   100    /* bytes of one entry */
#define SIGNATURE_WORDS_FILE     "signature-words" /* name in PKGDATADIR */
#define SIGNATURE_SCAN_MAX       (256u * 1024) /* text bytes read */
#define SIGNATURE_BLOCK_LINES    8      /* non-blank lines of a block */
#define SIGNATURE_LINE_MAX       160    /* a longer line ends the block */
#define SIGNATURE_PHONES_MAX     3

struct signature_words;

/*
 * signature_words_load: the words of the file at path; free with
 * signature_words_free.  NULL and *error_r on failure ("PATH: No such file
 * or directory", "PATH:LINE: unknown section"); the text is kept in a
 * buffer of this module until the next failed load (copy it to keep it).
 * A file without closings is an error.  Read-only after: shared by
 * threads.
 */
struct signature_words *signature_words_load(const char *path,
    const char **error_r);
void signature_words_free(struct signature_words *w);

/* signature_words_count: the entries of w, all sections. */
size_t signature_words_count(const struct signature_words *w);

/*
 * signature_words_default_path: the file to read when [extract]
 * signature_words is not set: $RECRUIT_DATADIR/signature-words when that
 * variable is set and not empty (the tests), else
 * PKGDATADIR/signature-words.  A static buffer.
 */
const char *signature_words_default_path(void);

/* What a signature block says; every string the struct's own, or NULL. */
struct signature {
	char *name;       /* as written, "Surname, Given" put in order */
	char *title;      /* the job title line (or cell) as written */
	char *company;    /* the name up to and with its legal form */
	char *phones[SIGNATURE_PHONES_MAX]; /* in the order written, white
	                                       space collapsed; no fax */
	size_t n_phones;
	char *email;      /* lowercase */
	char *web;        /* "www.alpenbau.de", "https://…" as written */
	char *profile;    /* a LinkedIn or Xing profile URL as written */
	char *address;    /* street and place lines joined by ", " */
};

/*
 * signature_fresh_len: the length of the fresh text at the start of
 * (s, n): up to the first line that starts quoted text (a quote header
 * "On … wrote:", "Am … schrieb …:", "-----Original Message-----", two
 * header lines "From:"/"Sent:" in a row, or a line starting with '>'),
 * else n (at most SIGNATURE_SCAN_MAX).  A small splitter of this
 * module's own, meant to be merged with the general quote splitter.
 */
size_t signature_fresh_len(const struct signature_words *w, const char *s,
    size_t n);

/*
 * signature_find: the signature block of the fresh text of (s, n) read
 * into *sig_r (zeroed first).  1 when a block was found (after a closing
 * or "-- "), whatever it held; 0 when there is none (*sig_r empty).
 * Free the strings with signature_clear.  w NULL finds nothing.
 */
int signature_find(const struct signature_words *w, const char *s,
    size_t n, struct signature *sig_r);
void signature_clear(struct signature *sig);

/*
 * signature_name_order: a person's name in the order "Given Surname":
 * "Dubois, Marie" and "DUBOIS Marie" become "Marie Dubois" (a surname
 * written in capitals gets its first letter only in capitals); anything
 * else, a company ("Smith, Jones & Partners"), a name with a suffix only
 * ("Smith, Jr."), a name with a title or a team's name ("HR Team"), is a
 * copy as written.  A fresh string; NULL for NULL.  w may be NULL (then
 * only the built-in shape rules, without title and non-name words).
 */
char *signature_name_order(const struct signature_words *w, const char *s);

#endif

/*
 * article.h — the first stage of the outbound pipeline: a newsletter
 * article (a Markdown file with a front-matter block) parsed and rendered
 * to HTML and to plain text.
 *
 * File format (DESIGN §3, §4):
 *
 *	---
 *	title: Hiring for judgement
 *	author: "A. Partner"
 *	date: 2026-01-12
 *	category: Hiring
 *	summary: Why the interview loop misses the one thing that matters.
 *	---
 *	Markdown body ...
 *
 * The first line must be "---"; then "key: value" lines up to the next
 * "---" line.  Keys are ASCII, case-insensitive; unknown keys are ignored,
 * blank lines and lines starting with '#' too.  A value may be quoted with
 * "..." (\" and \\ escape inside) or '...'.  A UTF-8 BOM and CRLF line ends
 * are tolerated.  title and date (YYYY-MM-DD, a real calendar day) are
 * required; the rest may be missing (then ""); the body may be empty.
 *
 * Front-matter values are plain text, cleaned with utf8_clean (no control
 * characters, invalid bytes become U+FFFD): never Markdown, never HTML.
 * Escaping them for HTML or for a header is the template / compose
 * stage's job.
 *
 * The body is rendered with cmark in safe mode with UTF-8 validation: raw
 * HTML (blocks and inline tags) is dropped (cmark leaves the comment
 * "<!-- raw HTML omitted -->"), and link / image destinations starting
 * with javascript:, vbscript:, file: or data: (except data:image/png, gif,
 * jpeg, webp) become empty.  The plain-text rendering is ours: paragraphs
 * separated by blank lines, wrapped at 72 columns, list items "- " or
 * "1. ", block quotes "> ", code blocks indented by 4, links as
 * "text <url>" (dangerous URLs left out).
 *
 * Text that looks like template syntax ("{{name}}", "{{#x}}") is kept
 * literally in title, summary, html and text: the template stage must
 * insert these values without expanding them again, or an author (or
 * whoever can write the articles folder) could pull a subscriber's
 * variables into places they should not be.
 */
#ifndef RECRUIT_ARTICLE_H
#define RECRUIT_ARTICLE_H

#include <stddef.h>

/* Larger article files are refused (article_parse) or skipped
 * (article_load_dir). */
#define ARTICLE_MAX_SIZE (1024 * 1024)
/* Longest front-matter value, in bytes, before cleaning. */
#define ARTICLE_MAX_VALUE 4096
/* article_load_dir reads at most this many articles of a folder. */
#define ARTICLE_MAX_FILES 10000

/* Every string is owned by the article, NUL-terminated, valid UTF-8 and
 * never NULL ("" when absent). */
struct article {
	char *path;      /* name as given to article_parse */
	char *slug;      /* from the file name: [a-z0-9-]+, e.g. "2026-01-hiring" */
	char *title;
	char *author;
	char *date;      /* YYYY-MM-DD */
	char *category;
	char *summary;
	char *html;      /* rendered body, safe mode */
	char *text;      /* plain-text body, 72 columns */
};

/*
 * article_parse: parses len bytes of data (need not be NUL-terminated;
 * at most ARTICLE_MAX_SIZE) read from the file called name.  name is used
 * for path, for the slug (its last component without ".md") and in error
 * messages, which read "NAME:LINE: reason", e.g.
 * "2026-01-hiring.md:3: date 'tomorrow' is not YYYY-MM-DD".
 *
 * Returns 0 and a new article in *a_r (free with article_free), or -1 and
 * a malloc'd reason in *error_r (the caller frees it); *a_r is then
 * untouched, as *error_r is on success.
 */
int article_parse(const char *name, const char *data, size_t len,
    struct article **a_r, char **error_r);

/*
 * article_load_dir: every "*.md" regular file in dir (not dotfiles, not
 * sub-folders), each read with file_read capped at ARTICLE_MAX_SIZE and
 * parsed; the list is sorted by date, then by file name.  A file that
 * cannot be read or parsed is skipped with a log_warn naming the file and
 * line, so one broken article never blocks an issue.
 *
 * Returns 0 with a new array of *n_r articles in *list_r (maybe none:
 * then *list_r may be NULL; free with article_list_free), or -1 with a
 * malloc'd reason in *error_r when dir cannot be opened or read.
 */
int article_load_dir(const char *dir, struct article ***list_r, size_t *n_r,
    char **error_r);

/* article_free: frees a and its strings; NULL is fine. */
void article_free(struct article *a);
/* article_list_free: frees the n articles of l and l itself. */
void article_list_free(struct article **l, size_t n);

#endif

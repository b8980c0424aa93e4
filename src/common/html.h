/*
 * html.h — HTML to plain text with libxml2's HTML parser: block elements
 * and <br> become line breaks, table rows become "cell: cell" lines (so
 * web-form tables read as labelled lines), script/style dropped, entities
 * decoded.
 *
 * SECURITY: reads bytes from strangers; output bounded by max.
 */
#ifndef RECRUIT_HTML_H
#define RECRUIT_HTML_H

#include <stddef.h>

/* html_to_text: UTF-8 in, fresh UTF-8 out (never NULL), at most max bytes. */
char *html_to_text(const char *html, size_t n, size_t max);

/* html_to_text_r: the same; *truncated_r (may be NULL) = 1 when cut at max. */
char *html_to_text_r(const char *html, size_t n, size_t max,
    int *truncated_r);

#endif

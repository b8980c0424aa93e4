/*
 * template.h — the small template expander of the newsletter and of the
 * daemon's own mails (confirmation, unsubscribe…).  Mustache-like:
 *
 *   {{name}}            the value, escaped for the template's context
 *   {{{name}}} {{&name}} the value raw (rendered article HTML); refused in
 *                       TEMPLATE_HEADER templates
 *   {{#name}}…{{/name}} once per item of a list, or once when the value is
 *                       true / a non-empty string; nothing otherwise
 *   {{^name}}…{{/name}} once when the value is missing, false, "" or an
 *                       empty list
 *   {{! comment }}      nothing (may span lines)
 *
 * Whitespace inside tags is allowed ({{ name }}).  Names are [A-Za-z0-9_.-]
 * (up to 64 bytes; a dot is an ordinary character, not a path).  Partials
 * ({{>x}}) and delimiter changes ({{=<% %>=}}) are not supported and are
 * parse errors.  A line holding only a section, inverted, closing or
 * comment tag (and blanks) leaves no line behind.  Values are never
 * re-parsed: a value "{{x}}" comes out as those bytes, escaped.
 *
 * A missing variable renders as nothing; so do booleans and lists used as
 * {{name}}.  Inside a section the names are looked up in the current list
 * item first, then in the enclosing items, then in the context given to
 * template_render (and that context's parents, see tctx_new_child).
 */
#ifndef RECRUIT_TEMPLATE_H
#define RECRUIT_TEMPLATE_H

#include <stddef.h>

#include "util.h"

#define TEMPLATE_MAX_SIZE  (1024u * 1024) /* template text */
#define TEMPLATE_MAX_DEPTH 32u            /* nested sections */
#define TEMPLATE_MAX_NAME  64u            /* bytes of a tag name */
#define TEMPLATE_MAX_STEPS (1u << 20)     /* nodes visited by one render */

enum template_ctx {
	TEMPLATE_HTML,   /* values escape & < > " ' (body and quoted attributes) */
	TEMPLATE_TEXT,   /* values as they are */
	TEMPLATE_HEADER  /* values: every C0 control, DEL and C1 (U+0080-U+009F)
	                  * becomes a space, so no value can start a header
	                  * line; raw tags are a parse error.  RFC 2047 encoding
	                  * is the caller's job. */
};

struct template;
struct tctx;

/*
 * Data contexts.  A context is a map of names to values (strings, booleans
 * or lists); a list holds item contexts (maps).  Ownership: tctx_new and
 * tctx_new_child return a context the caller frees with tctx_free.  Lists
 * and items belong to the context that holds them and are freed with it;
 * never pass them to tctx_free.  Names and strings are copied.  Setting a
 * name again replaces its value (a replaced list is freed with its items,
 * so pointers to them become invalid).  Allocation failure is fatal, as
 * everywhere (xmalloc); using a list as a map or a map as a list is a
 * programming error (fatalx).
 */
struct tctx *tctx_new(void);
/* tctx_new_child: an empty context whose lookups fall back to parent when
 * a name is not its own (e.g. per-subscriber values over the issue's
 * articles, built once).  parent is not copied and must outlive the
 * child; the child is freed on its own with tctx_free. */
struct tctx *tctx_new_child(const struct tctx *parent);
void tctx_free(struct tctx *c);
void tctx_set(struct tctx *c, const char *name, const char *value);
/* tctx_setn: value of len bytes, need not be NUL-terminated. */
void tctx_setn(struct tctx *c, const char *name, const char *value,
    size_t len);
void tctx_setf(struct tctx *c, const char *name, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
void tctx_set_bool(struct tctx *c, const char *name, int on);
/* tctx_list: the list named name in c, created empty if c has no list of
 * that name (replacing another value of that name).  Owned by c. */
struct tctx *tctx_list(struct tctx *c, const char *name);
/* tctx_list_add: a new empty item appended to list, owned by the list. */
struct tctx *tctx_list_add(struct tctx *list);
/* tctx_list_len: number of items of a list. */
size_t tctx_list_len(const struct tctx *list);

/*
 * template_parse: compile len bytes of text (need not be NUL-terminated;
 * at most TEMPLATE_MAX_SIZE) once.  name is used in error messages, which
 * read "name:LINE: reason", e.g.
 *   newsletter.html:12: section 'articles' opened on line 7 is not closed
 *   newsletter.html:3: unexpected {{/foo}}
 *   newsletter.html:5: unterminated tag
 *   subject.txt:1: raw value in a header template
 * Returns 0 and *t_r (free with template_free), or -1 and *error_r (the
 * caller frees it; error_r may be NULL).
 */
int template_parse(const char *name, const char *text, size_t len,
    enum template_ctx ctx, struct template **t_r, char **error_r);
/* template_parse_at: the same for text that starts on line first_line of
 * the file (the body of a mail template, see template_split_mail). */
int template_parse_at(const char *name, unsigned first_line,
    const char *text, size_t len, enum template_ctx ctx,
    struct template **t_r, char **error_r);
void template_free(struct template *t);

/*
 * template_render: append the expansion of t with the values of c (NULL:
 * no values) to out.  Past out's ceiling it returns -1 with *error_r
 * ("NAME: output larger than N bytes"; error_r may be NULL, else the
 * caller frees it), and likewise after TEMPLATE_MAX_STEPS nodes ("NAME:
 * more than N steps to render …"); out is then left as it was before the
 * call.  The template and the context are not modified, so one
 * template may be rendered from several threads at once.
 */
int template_render(const struct template *t, const struct tctx *c,
    struct buf *out, char **error_r);

/*
 * template_read: the text of the template file `file` in dir (at most max
 * bytes), checked to be UTF-8 text without NUL.  0 and *text_r (the
 * caller frees it) with its length in *len_r (may be NULL), or -1 with
 * *error_r ("PATH: reason" or "FILE: not UTF-8 text", the caller's) and
 * *text_r NULL.
 */
int template_read(const char *dir, const char *file, size_t max,
    char **text_r, size_t *len_r, char **error_r);

/*
 * template_split_mail: a mail template is header lines, an empty line and
 * a body (STYLE.md).  Sets *body_off_r to the offset of the body (just past
 * the empty line, "\n" or "\r\n") and returns 0; -1 when there is no
 * empty line or a line of the header part is neither "Name: value", a
 * continuation (starts with a blank) nor starts with a tag "{{".
 * The body starts on line 1 + the number of '\n' in text[0, *body_off_r).
 */
int template_split_mail(const char *text, size_t len, size_t *body_off_r);

/*
 * template_parse_mail: split a mail template (template_split_mail) and
 * parse its header part in TEMPLATE_HEADER context into *head_r and its
 * body in TEMPLATE_TEXT context into *body_r, error lines numbered in the
 * whole file.  0, or -1 with *error_r ("NAME:LINE: …", the caller's) and
 * nothing to free.
 */
int template_parse_mail(const char *name, const char *text, size_t len,
    struct template **head_r, struct template **body_r, char **error_r);

/*
 * template_mail_subject: the value of the Subject: field of a rendered
 * header block (continuation lines unfolded, blanks trimmed), malloc'd;
 * "" when there is none.
 */
char *template_mail_subject(const char *head);

#endif

/*
 * industry.h — the configured list of industries (about 30 by default)
 * and normalization of free text ("Pharma", "Banking & Finance",
 * "Automobilindustrie") to one of its names.
 */
#ifndef RECRUIT_INDUSTRY_H
#define RECRUIT_INDUSTRY_H

#include <stddef.h>

struct industry_list;

/* industry_default: the built-in list; caller frees with industry_free. */
struct industry_list *industry_default(void);
/*
 * industry_load: one industry per line, optional synonyms after ':'
 * separated by ','; '#' comments.  NULL and *error_r on failure.
 * A synonym ending in '*' matches any word starting with it ("pharma*");
 * one starting with '~' is weak: it counts only when nothing else in
 * the text matches ("~industrie", so "Industrie pharmaceutique" is
 * pharma).  A name that is also a built-in name keeps the built-in
 * synonyms.
 */
struct industry_list *industry_load(const char *path, const char **error_r);
/*
 * industry_match: canonical name (owned by the list) or NULL.  Case,
 * accents, '&' / "and" and punctuation do not matter; the text as a whole
 * is tried first, then the first name or synonym found in it as whole
 * words (the longest at that place).  Only the first 2 KB are read.
 */
const char *industry_match(const struct industry_list *l, const char *s,
    size_t n);
/*
 * industry_match_all: every distinct name found in s, in the order they
 * appear ("Banking, Insurance" -> both), at most max; returns how many
 * were stored in names[] (pointers owned by the list).
 */
size_t industry_match_all(const struct industry_list *l, const char *s,
    size_t n, const char **names, size_t max);
size_t industry_count(const struct industry_list *l);
const char *industry_name(const struct industry_list *l, size_t i);
void industry_free(struct industry_list *l);

#endif

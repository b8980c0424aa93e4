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
/* industry_load: one industry per line, optional synonyms after ':'
 * separated by ','; '#' comments.  NULL and *error_r on failure. */
struct industry_list *industry_load(const char *path, const char **error_r);
/* industry_match: canonical name (owned by the list) or NULL. */
const char *industry_match(const struct industry_list *l, const char *s,
    size_t n);
size_t industry_count(const struct industry_list *l);
const char *industry_name(const struct industry_list *l, size_t i);
void industry_free(struct industry_list *l);

#endif

/*
 * geo.h — ISO 3166-1 alpha-2 codes from place names: country names and
 * common variants in English, German, French, Spanish ("Deutschland",
 * "UK", "England", "USA", "Schweiz"), well-known cities (the firm's
 * office cities and other large business cities) and US state / Canadian
 * province abbreviations after a comma ("Austin, TX").
 *
 * SECURITY: reads text from strangers; (s, n) bounded.
 */
#ifndef RECRUIT_GEO_H
#define RECRUIT_GEO_H

#include <stddef.h>

/* geo_country: code (static string) or NULL when no place is recognised. */
const char *geo_country(const char *s, size_t n);

#endif

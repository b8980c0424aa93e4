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

/*
 * geo_country: code (static string) or NULL when no place is recognised.
 * "Berlin, Germany" -> DE, "Austin, TX" -> US, "London, ON" -> CA,
 * "Perth, WA" -> AU, "Hong Kong, China" -> HK, "Greater London" -> GB.
 * Several places ("Munich or Zurich"): the first one recognised.  Only
 * the first 512 bytes are read.
 */
const char *geo_country(const char *s, size_t n);

enum geo_kind { GEO_NONE = 0, GEO_COUNTRY, GEO_CITY, GEO_REGION };

/*
 * geo_lookup: what s, as a whole, names: a known city (also city states
 * such as Singapore), a country, or a region (a US state, Canadian
 * province or Australian state, by name or by its abbreviation written
 * in capitals); *cc_r (may be NULL) gets the static code.
 */
enum geo_kind geo_lookup(const char *s, size_t n, const char **cc_r);

/*
 * geo_code: the static alpha-2 code when s is the ISO code of a country
 * geo knows ("de", "CH"; "UK" -> "GB"), else NULL.  For a Country field;
 * geo_country does not read a bare "DE" as Germany (Delaware).
 */
const char *geo_code(const char *s, size_t n);

/* geo_currency: the ISO 4217 code used in country cc, or NULL. */
const char *geo_currency(const char *cc);

#endif

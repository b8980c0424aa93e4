/*
 * schedule.h — when newsletter issues are due (DESIGN §3 "Issue",
 * [newsletter] schedule / timezone / catch_up).
 *
 * A schedule is "DAYS TIME[,TIME…]" in a named IANA time zone:
 *   DAYS  "daily" or "*" (every day), or a comma-separated list of
 *         days and ranges: mon,tue,wed,thu,fri,sat,sun (case-insensitive,
 *         full names too: "monday"), "mon-fri", "sat,sun", "fri-mon"
 *         (a range may wrap over the week's end)
 *   TIME  HH:MM, 24-hour local time of the zone (00:00 .. 23:59)
 * Examples: "mon 09:00", "mon,thu 07:30", "mon-fri 08:00,17:30",
 * "daily 06:00".  Blanks around tokens are allowed.  At most 32 times.
 *
 * Local times are turned into instants with the zone's rules: a time that
 * does not exist on a day (skipped by a DST change) is taken as the
 * instant the clock would show it an hour later (mktime's rule); a time
 * that happens twice (clocks going back) counts once, the first.
 * (Precisely: a skipped time is read with the offset in force before the
 * jump, so the clock shows it later by the jump's length: an hour in most
 * zones, 30 minutes on Lord Howe.  Two labels that land on the same
 * instant, e.g. "01:30" skipped and "02:30" on that day in London, make
 * one slot: slots are strictly increasing.)
 *
 * The functions below switch the TZ environment variable around their
 * work and put it back as it was (unset included): not thread-safe.
 * All of this holds for instants from 1900-01-01 to 9999-12-31 UTC; an
 * instant more than a year outside that range counts as the nearest end
 * of the wider range (a result, never a crash or an overflow).
 */
#ifndef RECRUIT_SCHEDULE_H
#define RECRUIT_SCHEDULE_H

#include <time.h>

struct schedule;

/* schedule_tz_valid: 1 when tz names a zone of the system's tz database
 * ("UTC", "Europe/London"; no "..", no leading '/', only
 * [A-Za-z0-9_+-/]), else 0.  glibc silently uses UTC for an unknown
 * name, so the config refuses it up front. */
int schedule_tz_valid(const char *tz);

/* schedule_parse: 0 and a new *s_r, or -1 and a malloc'd *error_r such as
 * "unknown day 'mnday'" or "time '9:75' is not HH:MM" or "unknown time
 * zone 'Europe/Lodnon'" (the caller adds file:line and frees it). */
int schedule_parse(const char *text, const char *tz, struct schedule **s_r,
    char **error_r);
void schedule_free(struct schedule *s);

/* schedule_prev: the latest slot at or before t (the schedule always has
 * one within the last 8 days).  schedule_next: the earliest slot strictly
 * after t. */
/* t as a local time in zone tz (a name schedule_tz_valid accepted) */
void schedule_localtime(const char *tz, time_t t, struct tm *out);

time_t schedule_prev(const struct schedule *s, time_t t);
time_t schedule_next(const struct schedule *s, time_t t);

enum schedule_due {
	SCHEDULE_NONE,   /* no slot in (last, now]: nothing to do */
	SCHEDULE_DUE,    /* the latest slot in (last, now] is at most
	                  * catch_up seconds old: build the issue */
	SCHEDULE_MISSED  /* it is older: skip it (log it), never send late */
};

/* schedule_due: looks at the latest slot in (last, now] only (older
 * missed slots are never caught up); *slot_r gets it (for NONE: the
 * latest slot <= now).  last is the slot handled last time (0: never). */
enum schedule_due schedule_due(const struct schedule *s, time_t last,
    time_t now, long catch_up, time_t *slot_r);

#endif

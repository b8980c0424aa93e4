/*
 * schedule.c — newsletter slots: parses "DAYS TIME[,TIME…]" in an IANA
 * zone and answers the slot at or before / strictly after an instant and
 * whether a slot is due (schedule.h).
 *
 * How: a slot's label is a local date and time; it becomes an instant
 * with the zone's offsets, read through localtime_r with TZ switched to
 * the schedule's zone (zone_call: the one place that touches TZ, and puts
 * the previous value back exactly, "unset" included).  mktime is not
 * used: with tm_isdst = -1 glibc picks either occurrence of a repeated
 * local time depending on the zone, and we want the first one always.
 * The slots are the set of those instants, so they are strictly
 * increasing by construction; prev and next take the max / min over the
 * labels of the days around t.
 *
 * Not thread-safe (TZ is process state); the daemon is single-threaded.
 * Ownership: schedule_parse returns a struct the caller frees with
 * schedule_free; error texts are malloc'd and the caller's.
 *
 * SECURITY: the schedule text and zone name come from the operator's
 * config, not from mail; still, both are scanned with bounds, the zone
 * name is checked character by character (no "..", no absolute path)
 * before it names a file, and at most 32 times are kept.
 */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "schedule.h"
#include "util.h"

#define MAX_TIMES 32
#define MAX_TZ_NAME 200
#define DAY 86400
/* Instants are clamped to 1899-01-01T00:00:00Z .. 10000-12-31T23:59:59Z,
 * where localtime_r works and nothing below overflows: a year beyond what
 * schedule.h promises (1900 .. 9999), so that prev and next of a slot near
 * the ends still see the same slots. */
#define T_MIN (-2240524800LL)
#define T_MAX 253433923199LL
/* A zone's UTC offset is within +-16 h (LMT included): a label's
 * instants lie within this distance of the label read as UTC. */
#define OFFSET_SPAN (18 * 3600LL)

struct schedule {
	char *tz;          /* the zone's name, as configured */
	const char *tzenv; /* the value TZ gets: the name, or "UTC0" */
	unsigned days;     /* bit d: tm_wday d (0 = Sunday) */
	int ntimes;
	int times[MAX_TIMES]; /* minutes after midnight, ascending, unique */
};

/* ---- calendar arithmetic (proleptic Gregorian, any int64 day) ---- */

static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* weekday of a day number: 0 = Sunday (1970-01-01 was a Thursday) */
static int
weekday(int64_t days)
{
	int64_t w = (days + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int64_t
clamp(int64_t t)
{
	return t < T_MIN ? T_MIN : t > T_MAX ? T_MAX : t;
}

/* ---- the zone: TZ switching in one place ---- */

/*
 * tz_enter: sets TZ to tzenv and returns what to give tz_leave (the
 * previous value, or NULL when it was unset or already tzenv);
 * *switched_r says whether tz_leave has anything to put back.
 * tz_leave puts TZ back as it was (same value, or unset) and tzset()s
 * again so the rest of the process sees its own zone.
 */
static char *
tz_enter(const char *tzenv, int *switched_r)
{
	const char *cur = getenv("TZ");
	char *saved = NULL;

	*switched_r = 0;
	if (cur != NULL && strcmp(cur, tzenv) == 0) {
		/* already there; glibc's localtime_r only reads TZ again
		 * after tzset() */
		tzset();
		return NULL;
	}
	if (cur != NULL)
		saved = xstrdup(cur);
	if (setenv("TZ", tzenv, 1) != 0)
		fatalx("setenv TZ: out of memory");
	tzset();
	*switched_r = 1;
	return saved;
}

static void
tz_leave(char *saved, int switched)
{
	if (!switched)
		return;
	if (saved != NULL) {
		if (setenv("TZ", saved, 1) != 0)
			fatalx("setenv TZ: out of memory");
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
}

/* zone_call: runs fn(s, t) with TZ set to the schedule's zone */
static int64_t
zone_call(const struct schedule *s, int64_t (*fn)(const struct schedule *,
    int64_t), int64_t t)
{
	int switched;
	char *saved = tz_enter(s->tzenv, &switched);
	int64_t r = fn(s, t);

	tz_leave(saved, switched);
	return r;
}

/*
 * schedule_localtime: t as a local time of zone tz (an IANA name that
 * schedule_tz_valid accepted, or "UTC"), TZ switched here as for the
 * slots; the newsletter's dates.
 */
void
schedule_localtime(const char *tz, time_t t, struct tm *out)
{
	int switched;
	char *saved = tz_enter(strcmp(tz, "UTC") == 0 ? "UTC0" : tz,
	    &switched);

	localtime_r(&t, out);
	tz_leave(saved, switched);
}

/* offset_at: the zone's UTC offset in seconds at instant t (TZ set). */
static int64_t
offset_at(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int64_t local;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return 0;
	local = days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday) * DAY + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return local - t;
}

/* local_day: the local date of instant t as a day number (TZ set). */
static int64_t
local_day(int64_t t)
{
	int64_t w = t + offset_at(t);

	return (w >= 0 ? w : w - (DAY - 1)) / DAY;
}

/*
 * resolve: the instant of local wall time w (seconds since the epoch
 * read as if UTC).  Of the offsets in force around w, those that give
 * back w are solutions; the earliest wins (a repeated time counts at its
 * first occurrence).  None: w fell in a gap (clocks went forward), and
 * takes the offset from before the gap, i.e. the instant the clock shows
 * w plus the gap's length (mktime's rule for a skipped time).
 */
static int64_t
resolve(int64_t w)
{
	int64_t before = offset_at(w - OFFSET_SPAN);
	int64_t after = offset_at(w + OFFSET_SPAN);
	int64_t cand[4], best = 0;
	int n = 0, i, found = 0;

	cand[n++] = before;
	if (after != before)
		cand[n++] = after;
	/* two changes within the span: also the offsets the first guesses
	 * land on */
	cand[n++] = offset_at(w - before);
	cand[n++] = offset_at(w - after);
	for (i = 0; i < n; i++) {
		if (offset_at(w - cand[i]) != cand[i])
			continue;
		if (!found || w - cand[i] < best)
			best = w - cand[i];
		found = 1;
	}
	return found ? best : w - before;
}

/*
 * The labels of one local day: slots are considered day by day around
 * t's local date; once a day gave an answer, two more days are looked
 * at (a zone change can move a label by up to a day: Pacific/Apia
 * skipped 2011-12-30), then the search stops.
 */
#define SEARCH_DAYS 10
#define EXTRA_DAYS 2

static int64_t
prev_in_zone(const struct schedule *s, int64_t t)
{
	int64_t d0 = local_day(t), d, best = 0, slot;
	int found = 0, extra = 0, i;

	for (d = d0 + 1; d >= d0 - SEARCH_DAYS; d--) {
		if (s->days & (1u << weekday(d))) {
			for (i = 0; i < s->ntimes; i++) {
				slot = resolve(d * DAY + s->times[i] * 60LL);
				if (slot <= t && (!found || slot > best)) {
					best = slot;
					found = 1;
				}
			}
		}
		if (found && extra++ >= EXTRA_DAYS)
			break;
	}
	/* unreachable with a non-empty schedule: a week holds a slot */
	return found ? best : t - 8 * DAY;
}

static int64_t
next_in_zone(const struct schedule *s, int64_t t)
{
	int64_t d0 = local_day(t), d, best = 0, slot;
	int found = 0, extra = 0, i;

	for (d = d0 - 1; d <= d0 + SEARCH_DAYS; d++) {
		if (s->days & (1u << weekday(d))) {
			for (i = 0; i < s->ntimes; i++) {
				slot = resolve(d * DAY + s->times[i] * 60LL);
				if (slot > t && (!found || slot < best)) {
					best = slot;
					found = 1;
				}
			}
		}
		if (found && extra++ >= EXTRA_DAYS)
			break;
	}
	return found ? best : t + 8 * DAY;
}

time_t
schedule_prev(const struct schedule *s, time_t t)
{
	return (time_t)zone_call(s, prev_in_zone, clamp((int64_t)t));
}

time_t
schedule_next(const struct schedule *s, time_t t)
{
	return (time_t)zone_call(s, next_in_zone, clamp((int64_t)t));
}

enum schedule_due
schedule_due(const struct schedule *s, time_t last, time_t now,
    long catch_up, time_t *slot_r)
{
	int64_t n = clamp((int64_t)now);
	int64_t slot = zone_call(s, prev_in_zone, n);

	*slot_r = (time_t)slot;
	if (slot <= (int64_t)last)
		return SCHEDULE_NONE;
	/* both within the clamp range: no overflow */
	return n - slot <= (int64_t)catch_up ? SCHEDULE_DUE : SCHEDULE_MISSED;
}

/* ---- zone names ---- */

static int
tz_name_ok(const char *tz)
{
	const char *p, *comp;
	size_t len;

	if (tz == NULL || *tz == '\0' || *tz == '/')
		return 0;
	len = strlen(tz);
	if (len > MAX_TZ_NAME || tz[len - 1] == '/')
		return 0;
	for (p = tz; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '+' &&
		    *p != '-' && *p != '/')
			return 0;
	/* every path component: non-empty, not "." or ".." */
	for (comp = tz;; comp = p + 1) {
		p = strchr(comp, '/');
		len = p != NULL ? (size_t)(p - comp) : strlen(comp);
		if (len == 0 || (len == 1 && comp[0] == '.') ||
		    (len == 2 && comp[0] == '.' && comp[1] == '.'))
			return 0;
		if (p == NULL)
			break;
	}
	return 1;
}

int
schedule_tz_valid(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char *path, magic[4];
	struct stat st;
	int fd, ok = 0;

	if (!tz_name_ok(tz))
		return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	path = xasprintf("%s/%s", dir, tz);
	/* a TZif file, not a directory ("America") nor a table
	 * ("zone.tab"), which glibc would silently take as UTC */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) >= 0) {
		ok = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
		    memcmp(magic, "TZif", 4) == 0;
		close(fd);
	}
	free(path);
	return ok;
}

/* ---- parsing ---- */

static const char *const day_names[7][2] = {
	{ "sun", "sunday" }, { "mon", "monday" }, { "tue", "tuesday" },
	{ "wed", "wednesday" }, { "thu", "thursday" }, { "fri", "friday" },
	{ "sat", "saturday" },
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* token_end: the end of a word: up to a blank, ',', '-' (when stop_dash)
 * or the end. */
static const char *
token_end(const char *p, int stop_dash)
{
	while (*p != '\0' && !is_blank(*p) && *p != ',' &&
	    !(stop_dash && *p == '-'))
		p++;
	return p;
}

/* quoted: a printable copy of n bytes of p for an error message (at most
 * 40 bytes; controls and non-ASCII bytes shown as '?'). */
static char *
quoted(const char *p, size_t n)
{
	char out[48];
	size_t i, k = 0;

	for (i = 0; i < n && k < 40; i++)
		out[k++] = (unsigned char)p[i] >= 0x20 &&
		    (unsigned char)p[i] < 0x7f ? p[i] : '?';
	if (i < n) {
		out[k++] = '.';
		out[k++] = '.';
		out[k++] = '.';
	}
	out[k] = '\0';
	return xstrdup(out);
}

/* error_with: "<before>'<token>'<after>", the token made printable. */
static char *
error_with(const char *before, const char *p, size_t n, const char *after)
{
	char *q = quoted(p, n), *e;

	e = xasprintf("%s'%s'%s", before, q, after);
	free(q);
	return e;
}

/* day_lookup: 0-6 (tm_wday) or -1. */
static int
day_lookup(const char *p, size_t n)
{
	int d, k;

	for (d = 0; d < 7; d++)
		for (k = 0; k < 2; k++)
			if (strlen(day_names[d][k]) == n &&
			    strncasecmp(p, day_names[d][k], n) == 0)
				return d;
	return -1;
}

/* parse_day: one day name at *pp (blanks skipped before it). */
static int
parse_day(const char **pp, int *day_r, char **error_r)
{
	const char *p = skip_blanks(*pp), *e = token_end(p, 1);

	if (e == p) {
		*error_r = *p == '\0' ? xstrdup("missing day") :
		    error_with("expected a day at ", p, strlen(p), "");
		return -1;
	}
	if ((*day_r = day_lookup(p, (size_t)(e - p))) < 0) {
		*error_r = error_with("unknown day ", p, (size_t)(e - p), "");
		return -1;
	}
	*pp = e;
	return 0;
}

static int
parse_days(const char **pp, unsigned *days_r, char **error_r)
{
	const char *p = skip_blanks(*pp), *e = token_end(p, 1);
	unsigned days = 0;
	int a, b;

	if ((e - p == 1 && *p == '*') ||
	    (e - p == 5 && strncasecmp(p, "daily", 5) == 0)) {
		p = skip_blanks(e);
		if (*p == ',' || *p == '-') {
			*error_r = xstrdup("'daily' and '*' stand alone: no "
			    "other days with them");
			return -1;
		}
		*days_r = 0x7f;
		*pp = p;
		return 0;
	}
	for (;;) {
		if (parse_day(&p, &a, error_r) < 0)
			return -1;
		b = a;
		p = skip_blanks(p);
		if (*p == '-') {
			p++;
			if (parse_day(&p, &b, error_r) < 0)
				return -1;
			p = skip_blanks(p);
		}
		/* a range may wrap over the week's end: fri-mon */
		for (;;) {
			days |= 1u << a;
			if (a == b)
				break;
			a = (a + 1) % 7;
		}
		if (*p != ',')
			break;
		p++;
	}
	*days_r = days;
	*pp = p;
	return 0;
}

/* parse_time: H:MM or HH:MM, 00:00 .. 23:59 -> minutes. */
static int
parse_time(const char *p, size_t n, int *min_r)
{
	size_t h = n == 4 ? 1 : 2;
	int hh, mm;

	if ((n != 4 && n != 5) || p[h] != ':' ||
	    !isdigit((unsigned char)p[0]) ||
	    (h == 2 && !isdigit((unsigned char)p[1])) ||
	    !isdigit((unsigned char)p[h + 1]) ||
	    !isdigit((unsigned char)p[h + 2]))
		return -1;
	hh = h == 1 ? p[0] - '0' : (p[0] - '0') * 10 + (p[1] - '0');
	mm = (p[h + 1] - '0') * 10 + (p[h + 2] - '0');
	if (hh > 23 || mm > 59)
		return -1;
	*min_r = hh * 60 + mm;
	return 0;
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
parse_times(const char *p, struct schedule *s, char **error_r)
{
	const char *e;
	int m, i, n = 0;

	p = skip_blanks(p);
	if (*p == '\0') {
		*error_r = xstrdup("missing time after the days");
		return -1;
	}
	for (;;) {
		p = skip_blanks(p);
		e = token_end(p, 0);
		if (e == p) {
			*error_r = *p == '\0' ? xstrdup("missing time after ','") :
			    error_with("expected a time at ", p, strlen(p), "");
			return -1;
		}
		if (parse_time(p, (size_t)(e - p), &m) < 0) {
			*error_r = error_with("time ", p, (size_t)(e - p),
			    " is not HH:MM");
			return -1;
		}
		if (n == MAX_TIMES) {
			*error_r = xasprintf("more than %d times", MAX_TIMES);
			return -1;
		}
		s->times[n++] = m;
		p = skip_blanks(e);
		if (*p == '\0')
			break;
		if (*p != ',') {
			*error_r = error_with("expected ',' between times at ",
			    p, strlen(p), "");
			return -1;
		}
		p++;
	}
	qsort(s->times, (size_t)n, sizeof(s->times[0]), int_cmp);
	s->ntimes = 0;
	for (i = 0; i < n; i++)
		if (s->ntimes == 0 || s->times[s->ntimes - 1] != s->times[i])
			s->times[s->ntimes++] = s->times[i];
	return 0;
}

int
schedule_parse(const char *text, const char *tz, struct schedule **s_r,
    char **error_r)
{
	struct schedule *s;
	const char *p;

	*s_r = NULL;
	*error_r = NULL;
	if (tz == NULL || !schedule_tz_valid(tz)) {
		*error_r = tz == NULL ? xstrdup("no time zone") :
		    error_with("unknown time zone ", tz, strlen(tz), "");
		return -1;
	}
	if (text == NULL || *(p = skip_blanks(text)) == '\0') {
		*error_r = xstrdup("empty schedule");
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	if (parse_days(&p, &s->days, error_r) < 0 ||
	    parse_times(p, s, error_r) < 0) {
		free(s);
		return -1;
	}
	s->tz = xstrdup(tz);
	s->tzenv = strcmp(tz, "UTC") == 0 ? "UTC0" : s->tz;
	*s_r = s;
	return 0;
}

void
schedule_free(struct schedule *s)
{
	if (s == NULL)
		return;
	free(s->tz);
	free(s);
}

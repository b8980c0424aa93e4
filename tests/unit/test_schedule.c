/* test_schedule.c — schedule parsing and slots: the forms and their
 * errors, zone names, prev/next over week ends and both DST changes in
 * several zones (instants worked out by hand from the zones' rules, see
 * the comments), due/missed/none, TZ put back as it was, and two loops:
 * a property check over many instants and a minute-by-minute walk of the
 * wall clock around each change that finds the slots independently. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "schedule.h"
#include "util.h"

#define H 3600
#define D 86400

/* iso: "YYYY-MM-DDTHH:MM[:SS]Z" -> instant (UTC). */
static time_t
iso(const char *s)
{
	struct tm tm;
	int y, mo, d, h, mi, sec = 0;

	if (sscanf(s, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &sec) < 5)
		fail_msg("bad instant in the test: %s", s);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return timegm(&tm);
}

static void
utc(time_t t, char out[32])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "(%lld)", (long long)t);
}

static struct schedule *
must_parse(const char *text, const char *tz)
{
	struct schedule *s;
	char *err;

	if (schedule_parse(text, tz, &s, &err) != 0)
		fail_msg("\"%s\" in %s: %s", text, tz, err);
	return s;
}

/* ---- zone names ---- */

static const struct {
	const char *tz;
	int valid;
} zones[] = {
	{ "UTC", 1 },
	{ "Europe/London", 1 },
	{ "America/New_York", 1 },
	{ "America/Argentina/Buenos_Aires", 1 },
	{ "Etc/GMT+5", 1 },
	{ "Etc/GMT-14", 1 },
	{ "Asia/Kathmandu", 1 },
	{ "Europe/Lodnon", 0 },      /* no such file */
	{ "", 0 },
	{ "/etc/passwd", 0 },         /* absolute */
	{ "../../../etc/passwd", 0 },
	{ "Europe/../Europe/London", 0 },
	{ "Europe/./London", 0 },
	{ "Europe//London", 0 },
	{ "Europe/London/", 0 },
	{ "Europe", 0 },              /* a directory */
	{ "iso3166.tab", 0 },         /* '.' is not allowed */
	{ "leapseconds", 0 },         /* a file, but no TZif */
	{ "Europe/London ", 0 },
	{ "Europe/London\n", 0 },
	{ "Europe\\London", 0 },
	{ "EST5EDT,M3.2.0,M11.1.0", 0 }, /* POSIX rules: no */
	{ "Europe/London;rm", 0 },
	{ "utc", 0 },                 /* names are case-sensitive files */
};

static void
test_tz_valid(void **state)
{
	size_t i;
	int bad = 0, got;

	(void)state;
	unsetenv("TZDIR");
	for (i = 0; i < ARRAY_SIZE(zones); i++) {
		got = schedule_tz_valid(zones[i].tz);
		if (got != zones[i].valid) {
			print_error("zone \"%s\": got %d, want %d\n",
			    zones[i].tz, got, zones[i].valid);
			bad++;
		}
	}
	assert_int_equal(schedule_tz_valid(NULL), 0);
	assert_int_equal(bad, 0);
}

/* $TZDIR is where zones are looked up (as glibc does); UTC needs no
 * file. */
static void
test_tzdir(void **state)
{
	char dir[] = "/tmp/test_schedule.XXXXXX", *sub, *zone, *data;
	const char *error;
	struct schedule *s;
	size_t len;
	char *err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sub = xasprintf("%s/My", dir);
	zone = xasprintf("%s/My/Zone", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(file_read("/usr/share/zoneinfo/Asia/Kathmandu",
	    1 << 20, &data, &len, &error), 0);
	assert_int_equal(file_write_atomic(zone, data, len, 0600, &error), 0);
	free(data);

	setenv("TZDIR", dir, 1);
	assert_int_equal(schedule_tz_valid("My/Zone"), 1);
	assert_int_equal(schedule_tz_valid("Europe/London"), 0);
	assert_int_equal(schedule_tz_valid("UTC"), 1);
	/* and the zone is used: Kathmandu is +05:45, 09:00 = 03:15Z */
	assert_int_equal(schedule_parse("daily 09:00", "My/Zone", &s, &err), 0);
	assert_int_equal(schedule_next(s, iso("2026-01-05T00:00Z")),
	    iso("2026-01-05T03:15Z"));
	schedule_free(s);
	unsetenv("TZDIR");

	assert_int_equal(unlink(zone), 0);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(dir), 0);
	free(zone);
	free(sub);
}

/* ---- parsing ---- */

/* A good form and its slots over the week from Monday 2026-01-05 00:00Z
 * in UTC, as "Day HH:MM" joined by blanks. */
static const struct {
	const char *text;
	const char *week;
} good[] = {
	{ "mon 09:00", "Mon 09:00" },
	{ "mon,thu 07:30", "Mon 07:30 Thu 07:30" },
	{ "mon-fri 08:00,17:30", "Mon 08:00 Mon 17:30 Tue 08:00 Tue 17:30 "
	  "Wed 08:00 Wed 17:30 Thu 08:00 Thu 17:30 Fri 08:00 Fri 17:30" },
	{ "daily 06:00", "Mon 06:00 Tue 06:00 Wed 06:00 Thu 06:00 Fri 06:00 "
	  "Sat 06:00 Sun 06:00" },
	{ "* 23:59", "Mon 23:59 Tue 23:59 Wed 23:59 Thu 23:59 Fri 23:59 "
	  "Sat 23:59 Sun 23:59" },
	{ "DAILY 00:00", "Mon 00:00 Tue 00:00 Wed 00:00 Thu 00:00 Fri 00:00 "
	  "Sat 00:00 Sun 00:00" },
	{ "sat,sun 10:00", "Sat 10:00 Sun 10:00" },
	{ "fri-mon 12:00", "Mon 12:00 Fri 12:00 Sat 12:00 Sun 12:00" },
	{ "sun-tue 12:00", "Mon 12:00 Tue 12:00 Sun 12:00" },
	{ "sat-sat 01:00", "Sat 01:00" },
	{ "mon-sun 05:05", "Mon 05:05 Tue 05:05 Wed 05:05 Thu 05:05 "
	  "Fri 05:05 Sat 05:05 Sun 05:05" },
	/* case, full names, blanks around tokens, H:MM, order, repeats */
	{ "  MON , Thursday\t 07:30 ,7:15  ", "Mon 07:15 Mon 07:30 Thu 07:15 "
	  "Thu 07:30" },
	{ "Monday - Wednesday 9:00", "Mon 09:00 Tue 09:00 Wed 09:00" },
	{ "wed,wed,WEDNESDAY 18:00,18:00,06:00", "Wed 06:00 Wed 18:00" },
	{ "tue,mon-tue 10:00", "Mon 10:00 Tue 10:00" },
	{ "sunday 00:00,23:59", "Sun 00:00 Sun 23:59" },
	{ "fri 0:00", "Fri 00:00" },
	/* 32 times is the most */
	{ "sun 00:00,00:01,00:02,00:03,00:04,00:05,00:06,00:07,00:08,00:09,"
	  "00:10,00:11,00:12,00:13,00:14,00:15,00:16,00:17,00:18,00:19,"
	  "00:20,00:21,00:22,00:23,00:24,00:25,00:26,00:27,00:28,00:29,"
	  "00:30,00:31",
	  "Sun 00:00 Sun 00:01 Sun 00:02 Sun 00:03 Sun 00:04 Sun 00:05 "
	  "Sun 00:06 Sun 00:07 Sun 00:08 Sun 00:09 Sun 00:10 Sun 00:11 "
	  "Sun 00:12 Sun 00:13 Sun 00:14 Sun 00:15 Sun 00:16 Sun 00:17 "
	  "Sun 00:18 Sun 00:19 Sun 00:20 Sun 00:21 Sun 00:22 Sun 00:23 "
	  "Sun 00:24 Sun 00:25 Sun 00:26 Sun 00:27 Sun 00:28 Sun 00:29 "
	  "Sun 00:30 Sun 00:31" },
};

static void
test_parse_good(void **state)
{
	time_t start = iso("2026-01-05T00:00Z"), t; /* a Monday */
	struct schedule *s;
	struct tm tm;
	struct buf b;
	char one[16], *err;
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		if (schedule_parse(good[i].text, "UTC", &s, &err) != 0) {
			print_error("\"%s\": %s\n", good[i].text, err);
			free(err);
			bad++;
			continue;
		}
		buf_init(&b, 0);
		for (t = schedule_next(s, start - 1); t < start + 7 * D;
		    t = schedule_next(s, t)) {
			gmtime_r(&t, &tm);
			strftime(one, sizeof(one), "%a %H:%M", &tm);
			buf_appendf(&b, "%s%s", b.len ? " " : "", one);
		}
		if (b.data == NULL || strcmp(b.data, good[i].week) != 0) {
			print_error("\"%s\": slots \"%s\", want \"%s\"\n",
			    good[i].text, b.data ? b.data : "", good[i].week);
			bad++;
		}
		buf_free(&b);
		schedule_free(s);
	}
	assert_int_equal(bad, 0);
}

static const struct {
	const char *text;
	const char *tz;
	const char *error;
} bad_forms[] = {
	{ "", "UTC", "empty schedule" },
	{ " \t ", "UTC", "empty schedule" },
	{ "mnday 09:00", "UTC", "unknown day 'mnday'" },
	{ "mon 9:75", "UTC", "time '9:75' is not HH:MM" },
	{ "mon 09:00", "Europe/Lodnon", "unknown time zone 'Europe/Lodnon'" },
	{ "mon 09:00", "", "unknown time zone ''" },
	{ "mon 09:00", "../etc/passwd", "unknown time zone '../etc/passwd'" },
	{ "mon 24:00", "UTC", "time '24:00' is not HH:MM" },
	{ "mon 23:60", "UTC", "time '23:60' is not HH:MM" },
	{ "mon 09:0", "UTC", "time '09:0' is not HH:MM" },
	{ "mon 0900", "UTC", "time '0900' is not HH:MM" },
	{ "mon 009:00", "UTC", "time '009:00' is not HH:MM" },
	{ "mon 9h00", "UTC", "time '9h00' is not HH:MM" },
	{ "mon :00", "UTC", "time ':00' is not HH:MM" },
	{ "mon 09:00am", "UTC", "time '09:00am' is not HH:MM" },
	{ "mon -9:00", "UTC", "unknown day '9:00'" },
	{ "mon", "UTC", "missing time after the days" },
	{ "mon-fri  ", "UTC", "missing time after the days" },
	{ "mon 09:00,", "UTC", "missing time after ','" },
	{ "mon 09:00,,10:00", "UTC", "expected a time at ',10:00'" },
	{ "mon 09:00 10:00", "UTC", "expected ',' between times at '10:00'" },
	{ "mon 09:00;10:00", "UTC", "time '09:00;10:00' is not HH:MM" },
	{ "mon, 09:00", "UTC", "unknown day '09:00'" },
	{ "09:00", "UTC", "unknown day '09:00'" },
	{ "mon,,tue 09:00", "UTC", "expected a day at ',tue 09:00'" },
	{ "mon- 09:00", "UTC", "unknown day '09:00'" },
	{ "mon-", "UTC", "missing day" },
	{ "mon,", "UTC", "missing day" },
	{ "mo 09:00", "UTC", "unknown day 'mo'" },
	{ "tues 09:00", "UTC", "unknown day 'tues'" },
	{ "mon-fri-sat 09:00", "UTC", "time '-sat' is not HH:MM" },
	{ "daily,mon 09:00", "UTC", "'daily' and '*' stand alone: no other "
	  "days with them" },
	{ "*-fri 09:00", "UTC", "'daily' and '*' stand alone: no other "
	  "days with them" },
	{ "weekly 09:00", "UTC", "unknown day 'weekly'" },
	{ "mon\n09:00", "UTC", "unknown day 'mon?09:00'" },
	{ "mon\xc3\xa9 09:00", "UTC", "unknown day 'mon?" "?'" },
	{ "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz 09:00", "UTC",
	  "unknown day 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn...'" },
	{ "sun 00:00,00:01,00:02,00:03,00:04,00:05,00:06,00:07,00:08,00:09,"
	  "00:10,00:11,00:12,00:13,00:14,00:15,00:16,00:17,00:18,00:19,"
	  "00:20,00:21,00:22,00:23,00:24,00:25,00:26,00:27,00:28,00:29,"
	  "00:30,00:31,00:32", "UTC", "more than 32 times" },
};

static void
test_parse_bad(void **state)
{
	struct schedule *s;
	char *err;
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad_forms); i++) {
		s = (struct schedule *)&bad; /* must come back NULL */
		err = NULL;
		if (schedule_parse(bad_forms[i].text, bad_forms[i].tz, &s,
		    &err) == 0) {
			print_error("\"%s\" in %s: accepted\n",
			    bad_forms[i].text, bad_forms[i].tz);
			schedule_free(s);
			bad++;
			continue;
		}
		if (s != NULL || err == NULL ||
		    strcmp(err, bad_forms[i].error) != 0) {
			print_error("\"%s\": error \"%s\", want \"%s\"\n",
			    bad_forms[i].text, err ? err : "(null)",
			    bad_forms[i].error);
			bad++;
		}
		free(err);
	}
	assert_int_equal(schedule_parse(NULL, "UTC", &s, &err), -1);
	assert_string_equal(err, "empty schedule");
	free(err);
	assert_int_equal(schedule_parse("mon 09:00", NULL, &s, &err), -1);
	assert_string_equal(err, "no time zone");
	free(err);
	assert_int_equal(bad, 0);
}

/* ---- slots ---- */

/*
 * prev and next around chosen instants, worked out from the zones' rules
 * (tzdata; `zdump -v` agrees):
 *  Europe/London: GMT+0, BST+1; 2026 forward Sun 29 Mar at 01:00Z
 *    (01:00 GMT -> 02:00 BST), back Sun 25 Oct at 01:00Z (02:00 BST ->
 *    01:00 GMT).
 *  America/New_York: EST-5, EDT-4; forward Sun 8 Mar at 07:00Z (02:00
 *    -> 03:00), back Sun 1 Nov at 06:00Z (02:00 EDT -> 01:00 EST).
 *  Australia/Lord_Howe: +10:30, DST +11 (30 minutes); back Sun 5 Apr
 *    2026 at 15:00Z on Sat 4 Apr (02:00 -> 01:30), forward Sun 4 Oct at
 *    15:30Z on Sat 3 Oct (02:00 -> 02:30).
 *  Asia/Kathmandu: +05:45 all year (since 1986).
 *  America/Santiago: -03 summer, -04 winter, changes at local midnight:
 *    back Sat 4 Apr 2026 24:00 -03 -> 23:00 -04 (03:00Z on 5 Apr),
 *    forward Sun 6 Sep 00:00 -04 -> 01:00 -03 (04:00Z).
 *  Pacific/Apia: skipped Fri 30 Dec 2011: Thu 29 Dec 24:00 -10 -> Sat
 *    31 Dec 00:00 +14 (at 10:00Z on 30 Dec).
 */
static const struct {
	const char *tz, *text, *t, *prev, *next;
} slots[] = {
	/* UTC over week and year ends: 2026-01-04 is a Sunday, 2025-12-31
	 * a Wednesday */
	{ "UTC", "mon 00:00", "2026-01-04T23:59:59Z", "2025-12-29T00:00Z",
	  "2026-01-05T00:00Z" },
	{ "UTC", "mon 00:00", "2026-01-05T00:00Z", "2026-01-05T00:00Z",
	  "2026-01-12T00:00Z" },
	{ "UTC", "sun 23:59", "2026-01-04T23:59Z", "2026-01-04T23:59Z",
	  "2026-01-11T23:59Z" },
	{ "UTC", "fri-mon 12:00", "2026-01-06T00:00Z", "2026-01-05T12:00Z",
	  "2026-01-09T12:00Z" },
	{ "UTC", "fri-mon 12:00", "2026-01-09T11:59:59Z",
	  "2026-01-05T12:00Z", "2026-01-09T12:00Z" },
	{ "UTC", "wed 10:00", "2025-12-31T10:00:01Z", "2025-12-31T10:00Z",
	  "2026-01-07T10:00Z" },
	{ "UTC", "daily 00:00", "2024-02-28T12:00Z", "2024-02-28T00:00Z",
	  "2024-02-29T00:00Z" },   /* leap day */
	{ "UTC", "thu 09:00", "1970-01-01T09:00Z", "1970-01-01T09:00Z",
	  "1970-01-08T09:00Z" },   /* the epoch, a Thursday */

	/* London, "sun 01:30".  Forward: 01:30 does not exist on 29 Mar;
	 * read with GMT it is 01:30Z, when the clock shows 02:30 BST.  The
	 * Sunday before is GMT (01:30Z), the Sunday after BST (00:30Z). */
	{ "Europe/London", "sun 01:30", "2026-03-29T00:00Z",
	  "2026-03-22T01:30Z", "2026-03-29T01:30Z" },
	{ "Europe/London", "sun 01:30", "2026-03-29T01:30Z",
	  "2026-03-29T01:30Z", "2026-04-05T00:30Z" },
	/* back: 01:30 happens at 00:30Z (BST) and 01:30Z (GMT); the first
	 * counts.  The Sunday before is BST, the one after GMT. */
	{ "Europe/London", "sun 01:30", "2026-10-25T00:00Z",
	  "2026-10-18T00:30Z", "2026-10-25T00:30Z" },
	{ "Europe/London", "sun 01:30", "2026-10-25T00:30Z",
	  "2026-10-25T00:30Z", "2026-11-01T01:30Z" },
	{ "Europe/London", "sun 01:30", "2026-10-25T01:30Z",
	  "2026-10-25T00:30Z", "2026-11-01T01:30Z" },
	/* 01:30 (skipped, so 01:30Z) and 02:30 BST (01:30Z too) on 29 Mar
	 * are one slot; 28 Mar is GMT, 30 Mar BST */
	{ "Europe/London", "daily 01:30,02:30", "2026-03-29T01:29:59Z",
	  "2026-03-28T02:30Z", "2026-03-29T01:30Z" },
	{ "Europe/London", "daily 01:30,02:30", "2026-03-29T01:30Z",
	  "2026-03-29T01:30Z", "2026-03-30T00:30Z" },
	/* 01:45 (skipped: 01:45Z) comes after 02:15 BST (01:15Z) */
	{ "Europe/London", "sun 01:45,02:15", "2026-03-29T01:30Z",
	  "2026-03-29T01:15Z", "2026-03-29T01:45Z" },
	{ "Europe/London", "sun 01:45,02:15", "2026-03-29T01:45Z",
	  "2026-03-29T01:45Z", "2026-04-05T00:45Z" },
	/* summer and winter "mon 09:00" */
	{ "Europe/London", "mon 09:00", "2026-07-01T00:00Z",
	  "2026-06-29T08:00Z", "2026-07-06T08:00Z" },
	{ "Europe/London", "mon 09:00", "2026-01-06T00:00Z",
	  "2026-01-05T09:00Z", "2026-01-12T09:00Z" },

	/* New York, "daily 02:30": 8 Mar 02:30 is skipped, read as EST:
	 * 07:30Z (clock 03:30 EDT); 7 Mar EST 07:30Z, 9 Mar EDT 06:30Z. */
	{ "America/New_York", "daily 02:30", "2026-03-08T00:00Z",
	  "2026-03-07T07:30Z", "2026-03-08T07:30Z" },
	{ "America/New_York", "daily 02:30", "2026-03-08T07:30Z",
	  "2026-03-08T07:30Z", "2026-03-09T06:30Z" },
	/* "daily 01:30" on 1 Nov: 05:30Z (EDT) then 06:30Z (EST): the
	 * first; 31 Oct EDT 05:30Z, 2 Nov EST 06:30Z */
	{ "America/New_York", "daily 01:30", "2026-11-01T05:00Z",
	  "2026-10-31T05:30Z", "2026-11-01T05:30Z" },
	{ "America/New_York", "daily 01:30", "2026-11-01T06:30Z",
	  "2026-11-01T05:30Z", "2026-11-02T06:30Z" },
	/* a week end in New York is not one in UTC: Sun 23:00 EST is Mon
	 * 04:00Z */
	{ "America/New_York", "sun 23:00", "2026-01-05T03:59:59Z",
	  "2025-12-29T04:00Z", "2026-01-05T04:00Z" },

	/* Lord Howe.  "sun 02:15" on 4 Oct: skipped (02:00 -> 02:30), read
	 * with +10:30: 3 Oct 15:45Z (clock 02:45 +11); 27 Sep +10:30 =
	 * 26 Sep 15:45Z; 11 Oct +11 = 10 Oct 15:15Z. */
	{ "Australia/Lord_Howe", "sun 02:15", "2026-10-03T15:00Z",
	  "2026-09-26T15:45Z", "2026-10-03T15:45Z" },
	{ "Australia/Lord_Howe", "sun 02:15", "2026-10-03T15:45Z",
	  "2026-10-03T15:45Z", "2026-10-10T15:15Z" },
	/* "sun 01:45" on 5 Apr happens at 14:45Z (+11) and 15:15Z (+10:30):
	 * the first; 29 Mar +11 = 28 Mar 14:45Z; 12 Apr +10:30 = 11 Apr
	 * 15:15Z */
	{ "Australia/Lord_Howe", "sun 01:45", "2026-04-04T15:15Z",
	  "2026-04-04T14:45Z", "2026-04-11T15:15Z" },
	{ "Australia/Lord_Howe", "sun 01:45", "2026-04-04T14:44:59Z",
	  "2026-03-28T14:45Z", "2026-04-04T14:45Z" },

	/* Kathmandu +05:45: 09:00 is 03:15Z; Fri 9 Jan to Mon 12 Jan */
	{ "Asia/Kathmandu", "mon-fri 09:00", "2026-01-09T03:15Z",
	  "2026-01-09T03:15Z", "2026-01-12T03:15Z" },
	{ "Asia/Kathmandu", "mon-fri 09:00", "2026-01-10T12:00Z",
	  "2026-01-09T03:15Z", "2026-01-12T03:15Z" },
	/* 00:00 Monday there is Sunday 18:15Z */
	{ "Asia/Kathmandu", "mon 00:00", "2026-01-04T18:14:59Z",
	  "2025-12-28T18:15Z", "2026-01-04T18:15Z" },

	/* Santiago, midnight changes.  "daily 23:30": Sat 4 Apr 23:30
	 * happens at 02:30Z (-03) and 03:30Z (-04) on 5 Apr: the first;
	 * 5 Apr 23:30 -04 = 6 Apr 03:30Z. */
	{ "America/Santiago", "daily 23:30", "2026-04-05T03:00Z",
	  "2026-04-05T02:30Z", "2026-04-06T03:30Z" },
	/* "daily 00:30": Sun 6 Sep 00:30 is skipped, read with -04: 04:30Z
	 * (clock 01:30 -03); 5 Sep 00:30 -04 = 04:30Z; 7 Sep -03 = 03:30Z */
	{ "America/Santiago", "daily 00:30", "2026-09-06T00:00Z",
	  "2026-09-05T04:30Z", "2026-09-06T04:30Z" },
	{ "America/Santiago", "daily 00:30", "2026-09-06T04:30Z",
	  "2026-09-06T04:30Z", "2026-09-07T03:30Z" },

	/* Apia, "daily 09:00": 29 Dec -10 = 19:00Z; 30 Dec 09:00 never
	 * showed, read with -10: 30 Dec 19:00Z, the same instant as 31 Dec
	 * 09:00 +14: one slot; 1 Jan +14 = 31 Dec 19:00Z. */
	{ "Pacific/Apia", "daily 09:00", "2011-12-29T19:00Z",
	  "2011-12-29T19:00Z", "2011-12-30T19:00Z" },
	{ "Pacific/Apia", "daily 09:00", "2011-12-30T19:00Z",
	  "2011-12-30T19:00Z", "2011-12-31T19:00Z" },
	{ "Pacific/Apia", "daily 09:00", "2011-12-30T18:59:59Z",
	  "2011-12-29T19:00Z", "2011-12-30T19:00Z" },
	/* weekly over the skipped Friday: 23 Dec 09:00 -10 is 19:00Z, and
	 * 30 Dec 09:00, read with -10, is 30 Dec 19:00Z */
	{ "Pacific/Apia", "fri 09:00", "2011-12-25T00:00Z",
	  "2011-12-23T19:00Z", "2011-12-30T19:00Z" },
};

static void
test_slots(void **state)
{
	struct schedule *s;
	time_t t, p, n;
	char got_p[32], got_n[32], want_p[32], want_n[32];
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(slots); i++) {
		s = must_parse(slots[i].text, slots[i].tz);
		t = iso(slots[i].t);
		p = schedule_prev(s, t);
		n = schedule_next(s, t);
		if (p != iso(slots[i].prev) || n != iso(slots[i].next)) {
			utc(p, got_p);
			utc(n, got_n);
			utc(iso(slots[i].prev), want_p);
			utc(iso(slots[i].next), want_n);
			print_error("%s \"%s\" at %s: prev %s next %s, want "
			    "%s %s\n", slots[i].tz, slots[i].text, slots[i].t,
			    got_p, got_n, want_p, want_n);
			bad++;
		}
		schedule_free(s);
	}
	assert_int_equal(bad, 0);
}

/* ---- due ---- */

static const struct {
	const char *tz, *text, *last, *now;
	long catch_up;
	enum schedule_due want;
	const char *slot;
} dues[] = {
	/* Mon 5 Jan 2026 09:00Z, catch_up 6 h */
	{ "UTC", "mon 09:00", NULL, "2026-01-05T09:00Z", 6 * H, SCHEDULE_DUE,
	  "2026-01-05T09:00Z" },
	{ "UTC", "mon 09:00", NULL, "2026-01-05T15:00Z", 6 * H, SCHEDULE_DUE,
	  "2026-01-05T09:00Z" },           /* exactly catch_up old */
	{ "UTC", "mon 09:00", NULL, "2026-01-05T15:00:01Z", 6 * H,
	  SCHEDULE_MISSED, "2026-01-05T09:00Z" },
	{ "UTC", "mon 09:00", "2026-01-05T09:00Z", "2026-01-05T10:00Z", 6 * H,
	  SCHEDULE_NONE, "2026-01-05T09:00Z" },   /* handled already */
	{ "UTC", "mon 09:00", "2025-12-29T09:00Z", "2026-01-05T09:00:30Z",
	  6 * H, SCHEDULE_DUE, "2026-01-05T09:00Z" },
	{ "UTC", "mon 09:00", "2025-12-29T09:00Z", "2026-01-07T09:00Z",
	  6 * H, SCHEDULE_MISSED, "2026-01-05T09:00Z" },
	/* the slot is not there yet: NONE, with the latest slot <= now */
	{ "UTC", "mon 09:00", "2025-12-29T09:00Z", "2026-01-05T08:59:59Z",
	  6 * H, SCHEDULE_NONE, "2025-12-29T09:00Z" },
	/* last is later than the slot (clock moved back): NONE */
	{ "UTC", "mon 09:00", "2026-01-05T12:00Z", "2026-01-05T10:00Z",
	  6 * H, SCHEDULE_NONE, "2026-01-05T09:00Z" },
	/* catch_up 0: only on the second itself */
	{ "UTC", "mon 09:00", NULL, "2026-01-05T09:00Z", 0, SCHEDULE_DUE,
	  "2026-01-05T09:00Z" },
	{ "UTC", "mon 09:00", NULL, "2026-01-05T09:00:01Z", 0,
	  SCHEDULE_MISSED, "2026-01-05T09:00Z" },
	/* three missed daily slots: only the latest counts, and it is
	 * recent */
	{ "UTC", "daily 09:00", "2026-01-02T09:00Z", "2026-01-05T10:00Z",
	  6 * H, SCHEDULE_DUE, "2026-01-05T09:00Z" },
	{ "UTC", "daily 09:00", "2026-01-02T09:00Z", "2026-01-05T08:00Z",
	  6 * H, SCHEDULE_MISSED, "2026-01-04T09:00Z" },
	/* over the London change: "sun 01:30" on 29 Mar is 01:30Z */
	{ "Europe/London", "sun 01:30", "2026-03-22T01:30Z",
	  "2026-03-29T02:00Z", 6 * H, SCHEDULE_DUE, "2026-03-29T01:30Z" },
	{ "Europe/London", "sun 01:30", "2026-03-22T01:30Z",
	  "2026-03-29T01:29Z", 6 * H, SCHEDULE_NONE, "2026-03-22T01:30Z" },
	/* and on 25 Oct the slot is the first 01:30 (00:30Z): at the
	 * second 01:30 it is an hour old, done once */
	{ "Europe/London", "sun 01:30", "2026-10-18T00:30Z",
	  "2026-10-25T01:30Z", 6 * H, SCHEDULE_DUE, "2026-10-25T00:30Z" },
	{ "Europe/London", "sun 01:30", "2026-10-25T00:30Z",
	  "2026-10-25T01:30Z", 6 * H, SCHEDULE_NONE, "2026-10-25T00:30Z" },
	/* catch_up 30 days (the config's maximum) */
	{ "Asia/Kathmandu", "mon 09:00", "2025-12-01T03:15Z",
	  "2026-01-12T03:14:59Z", 30L * D, SCHEDULE_DUE, "2026-01-05T03:15Z" },
};

static void
test_due(void **state)
{
	static const char *const names[] = { "NONE", "DUE", "MISSED" };
	struct schedule *s;
	enum schedule_due got;
	time_t slot;
	char g[32], w[32];
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(dues); i++) {
		s = must_parse(dues[i].text, dues[i].tz);
		slot = 0;
		got = schedule_due(s, dues[i].last ? iso(dues[i].last) : 0,
		    iso(dues[i].now), dues[i].catch_up, &slot);
		if (got != dues[i].want || slot != iso(dues[i].slot)) {
			utc(slot, g);
			utc(iso(dues[i].slot), w);
			print_error("row %zu %s \"%s\" now %s: %s %s, want %s "
			    "%s\n", i, dues[i].tz, dues[i].text, dues[i].now,
			    names[got], g, names[dues[i].want], w);
			bad++;
		}
		schedule_free(s);
	}
	assert_int_equal(bad, 0);
}

/* ---- TZ is put back exactly ---- */

static void
test_tz_restored(void **state)
{
	static const char *const before[] = { NULL, "", "America/New_York",
	    "Europe/London", "UTC0", ":Asia/Tokyo" };
	struct schedule *s = must_parse("mon 09:00", "Europe/London");
	time_t t = iso("2026-07-01T12:00Z");
	struct tm tm;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(before); i++) {
		if (before[i] == NULL)
			unsetenv("TZ");
		else
			setenv("TZ", before[i], 1);
		tzset();
		assert_int_equal(schedule_next(s, t), iso("2026-07-06T08:00Z"));
		assert_int_equal(schedule_prev(s, t), iso("2026-06-29T08:00Z"));
		(void)schedule_due(s, 0, t, H, &t);
		/* the newsletter's dates: local time of its zone */
		schedule_localtime("Asia/Kolkata", iso("2026-07-01T20:00Z"),
		    &tm);
		assert_int_equal(tm.tm_mday, 2);     /* 01:30 IST next day */
		assert_int_equal(tm.tm_hour, 1);
		assert_int_equal(tm.tm_min, 30);
		schedule_localtime("UTC", iso("2026-12-31T23:59Z"), &tm);
		assert_int_equal(tm.tm_year, 126);
		assert_int_equal(tm.tm_hour, 23);
		schedule_localtime("Europe/London", iso("2026-07-01T23:30Z"),
		    &tm);
		assert_int_equal(tm.tm_mon, 6);      /* BST: 2 July 00:30 */
		assert_int_equal(tm.tm_mday, 2);
		if (before[i] == NULL)
			assert_null(getenv("TZ"));
		else
			assert_string_equal(getenv("TZ"), before[i]);
		t = iso("2026-07-01T12:00Z");
	}
	/* and the process's own zone works again afterwards */
	setenv("TZ", "America/New_York", 1);
	tzset();
	(void)schedule_next(s, t);
	assert_non_null(localtime_r(&t, &tm));
	assert_int_equal(tm.tm_hour, 8); /* 12:00Z is 08:00 EDT */
	unsetenv("TZ");
	tzset();
	schedule_free(s);
}

/* ---- properties over many instants ---- */

static const char *const prop_zones[] = {
	"UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe",
	"Asia/Kathmandu", "America/Santiago", "Pacific/Chatham",
};

static const char *const prop_texts[] = {
	"mon 09:00", "daily 00:00,00:30,01:30,02:30,23:30",
	"fri-mon 01:00,02:15,03:00", "sun 01:45,02:15", "* 00:00",
	"mon-fri 08:00,17:30",
};

/* prev <= t < next, no slot between them, prev(next) == next, both
 * within 8 days */
static void
test_property(void **state)
{
	struct schedule *s;
	time_t t, p, n, start = iso("2025-12-20T00:00Z");
	uint32_t rnd = 12345;
	size_t z, k;
	int bad = 0, checked = 0;

	(void)state;
	for (z = 0; z < ARRAY_SIZE(prop_zones); z++) {
		for (k = 0; k < ARRAY_SIZE(prop_texts); k++) {
			s = must_parse(prop_texts[k], prop_zones[z]);
			/* ~400 instants over a year and a bit, odd steps */
			for (t = start; t < start + 400 * D && bad < 10;) {
				p = schedule_prev(s, t);
				n = schedule_next(s, t);
				if (!(p <= t && t < n) || t - p > 8 * D ||
				    n - t > 8 * D || schedule_prev(s, n) != n ||
				    schedule_next(s, p) != n ||
				    schedule_prev(s, n - 1) != p ||
				    schedule_prev(s, p) != p) {
					print_error("%s \"%s\" at %lld: prev %lld "
					    "next %lld\n", prop_zones[z],
					    prop_texts[k], (long long)t,
					    (long long)p, (long long)n);
					bad++;
				}
				checked++;
				rnd = rnd * 1103515245u + 12345u;
				t += 1 + (time_t)((rnd >> 8) % (2 * D));
			}
			schedule_free(s);
		}
	}
	assert_true(checked > 10000);
	assert_int_equal(bad, 0);
}

/* ---- an independent oracle: walk the wall clock minute by minute ----
 *
 * Between two minutes m-60 and m the clock goes from wp to wc.  A label
 * L (a scheduled local date and time) with wp < L <= wc that has not
 * been seen before is a slot: at m when L == wc, else (the clock jumped
 * over L) at m - 60 + (L - wp), the instant with the offset from before
 * the jump.  When the clock goes back, labels come again: seen, skipped.
 */

struct window {
	const char *tz;
	const char *change; /* the instant of a change */
};

static const struct window windows[] = {
	{ "Europe/London", "2026-03-29T01:00Z" },
	{ "Europe/London", "2026-10-25T01:00Z" },
	{ "America/New_York", "2026-03-08T07:00Z" },
	{ "America/New_York", "2026-11-01T06:00Z" },
	{ "Australia/Lord_Howe", "2026-04-04T15:00Z" },
	{ "Australia/Lord_Howe", "2026-10-03T15:30Z" },
	{ "America/Santiago", "2026-04-05T03:00Z" },
	{ "America/Santiago", "2026-09-06T04:00Z" },
	{ "Asia/Kathmandu", "1985-12-31T18:30Z" }, /* +05:30 -> +05:45 */
	{ "Pacific/Apia", "2011-12-30T10:00Z" },   /* a day skipped */
	{ "Pacific/Chatham", "2026-04-04T14:00Z" },/* +13:45 -> +12:45 */
	{ "Pacific/Chatham", "2026-09-26T14:00Z" },/* 02:45 -> 03:45 */
	{ "UTC", "2026-01-01T00:00Z" },
};

static const char *const oracle_texts[] = {
	"daily 00:00,00:30,01:00,01:30,02:00,02:15,02:30,02:45,03:00,03:30,"
	"23:00,23:30,23:59",
	"sat,sun 00:15,01:45,02:15,23:45",
	"fri-mon 09:00",
};

static int64_t
wall(time_t m)
{
	struct tm tm;

	if (localtime_r(&m, &tm) == NULL)
		fail_msg("localtime_r");
	tm.tm_isdst = 0;
	return (int64_t)timegm(&tm);
}

/* week_labels: the minutes of the week (from Sunday 00:00) that are
 * labels, from the schedule's slots in UTC, where labels are slots */
static void
week_labels(const struct schedule *utc_s, unsigned char week[7 * 1440])
{
	time_t sun = iso("2026-01-04T00:00Z"), t; /* a Sunday */

	memset(week, 0, 7 * 1440);
	for (t = schedule_next(utc_s, sun - 1); t < sun + 7 * D;
	    t = schedule_next(utc_s, t))
		week[(t - sun) / 60] = 1;
}

static int
is_label(const unsigned char week[7 * 1440], int64_t l)
{
	/* l: wall seconds since the epoch, a Thursday */
	int64_t min = (l / 60 + 4 * 1440) % (7 * 1440);

	return week[min < 0 ? min + 7 * 1440 : min];
}

static int
cmp_time(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;

	return (x > y) - (x < y);
}

static void
test_oracle(void **state)
{
	enum { MAXS = 2048 };
	static time_t want[MAXS], got[MAXS];
	static int64_t seen[MAXS];
	static unsigned char week[7 * 1440];
	struct schedule *s, *labels;
	size_t w, k, nw, ng, nseen, i;
	time_t c, m, lo, hi, t;
	int64_t wp, wc, l;
	char a[32], b[32];
	int bad = 0, dup;

	(void)state;
	for (w = 0; w < ARRAY_SIZE(windows); w++) {
		for (k = 0; k < ARRAY_SIZE(oracle_texts); k++) {
			s = must_parse(oracle_texts[k], windows[w].tz);
			labels = must_parse(oracle_texts[k], "UTC");
			week_labels(labels, week);
			c = iso(windows[w].change);
			lo = c - 4 * D;
			hi = c + 4 * D;
			nw = nseen = 0;
			setenv("TZ", windows[w].tz, 1);
			tzset();
			wp = wall(lo - 60);
			for (m = lo; m <= hi; m += 60, wp = wc) {
				wc = wall(m);
				/* labels in (wp, wc], minute by minute */
				for (l = wp + 60; l <= wc; l += 60) {
					if (!is_label(week, l))
						continue;
					for (dup = 0, i = 0; i < nseen; i++)
						dup |= seen[i] == l;
					if (dup)
						continue;
					assert_true(nseen < MAXS && nw < MAXS);
					seen[nseen++] = l;
					want[nw++] = l == wc ? m :
					    m - 60 + (time_t)(l - wp);
				}
			}
			unsetenv("TZ");
			tzset();
			qsort(want, nw, sizeof(want[0]), cmp_time);
			/* keep the inner part, once each */
			for (i = 0, ng = 0; i < nw; i++)
				if (want[i] >= lo + D && want[i] <= hi - D &&
				    (ng == 0 || want[ng - 1] != want[i]))
					want[ng++] = want[i];
			nw = ng;
			ng = 0;
			for (t = schedule_next(s, lo + D - 1); t <= hi - D;
			    t = schedule_next(s, t)) {
				assert_true(ng < MAXS);
				got[ng++] = t;
			}
			for (i = 0; i < (nw > ng ? nw : ng); i++) {
				if (i < nw && i < ng && want[i] == got[i])
					continue;
				utc(i < ng ? got[i] : 0, a);
				utc(i < nw ? want[i] : 0, b);
				print_error("%s \"%s\" slot %zu: %s, oracle %s\n",
				    windows[w].tz, oracle_texts[k], i,
				    i < ng ? a : "-", i < nw ? b : "-");
				bad++;
				break;
			}
			if (nw == 0) {
				print_error("%s \"%s\": no slot\n",
				    windows[w].tz, oracle_texts[k]);
				bad++;
			}
			schedule_free(s);
			schedule_free(labels);
		}
	}
	assert_int_equal(bad, 0);
}

/* instants far out of range are clamped, never a crash */
static void
test_extremes(void **state)
{
	static const time_t ts[] = { 0, -1, 1, INT32_MAX, INT32_MIN,
	    (time_t)INT64_MAX, (time_t)INT64_MIN, (time_t)INT64_MAX - 1,
	    (time_t)253402300799LL, (time_t)-2208988800LL };
	struct schedule *s = must_parse("mon-fri 08:00,17:30",
	    "America/New_York");
	time_t slot;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ts); i++) {
		time_t p = schedule_prev(s, ts[i]), n = schedule_next(s, ts[i]);

		assert_true(p < n);
		assert_true(n - p <= 4 * D);
		(void)schedule_due(s, ts[i], ts[i], 30L * D, &slot);
		(void)schedule_due(s, (time_t)INT64_MIN, ts[i], 30L * D, &slot);
		(void)schedule_due(s, 0, ts[i], -1, &slot);
	}
	/* 9999-12-31 is a Friday: 17:30 EST is 22:30Z */
	assert_int_equal(schedule_prev(s, (time_t)253402300799LL),
	    (time_t)253402295400LL);
	/* beyond: the clamp at 10000-12-31T23:59:59Z, a Sunday: the slot
	 * before is Friday 29th 17:30 EST */
	assert_int_equal(schedule_prev(s, (time_t)INT64_MAX),
	    (time_t)253433745000LL);
	assert_int_equal(schedule_next(s, (time_t)INT64_MIN),
	    schedule_next(s, (time_t)-2240524800LL));
	/* next at the last promised second and prev of it agree */
	slot = schedule_next(s, (time_t)253402300799LL);
	assert_int_equal(schedule_prev(s, slot), slot);
	slot = schedule_prev(s, (time_t)-2208988800LL);
	assert_int_equal(schedule_next(s, slot - 1), slot);
	schedule_free(s);

	/* fuzz_schedule "* 00:00|6": in Apia (-11) the slot after
	 * 9999-12-31T23:59:59Z is past that instant; prev of it went back a
	 * day when instants were clamped at exactly 9999-12-31 */
	s = must_parse("* 00:00", "Pacific/Apia");
	slot = schedule_next(s, (time_t)253402300799LL);
	assert_true(slot > (time_t)253402300799LL);
	assert_int_equal(schedule_prev(s, slot), slot);
	schedule_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tz_valid),
		cmocka_unit_test(test_tzdir),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_tz_restored),
		cmocka_unit_test(test_property),
		cmocka_unit_test(test_oracle),
		cmocka_unit_test(test_extremes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

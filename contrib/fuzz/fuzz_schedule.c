/* fuzz_schedule.c — libFuzzer harness for schedule_parse: the input is
 * split at its last '|' into the schedule text and a zone name (a
 * one-byte name picks one of a few zones with odd rules, so the fuzzer
 * reaches DST code without guessing names).  When it parses, prev, next
 * and due run on fixed instants (DST changes, week ends, the clamp
 * limits) and one taken from the input, and their promises are checked:
 * prev <= t < next, prev(next) == next, next(prev) == next. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schedule.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const zones[] = {
	"UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe",
	"Asia/Kathmandu", "America/Santiago", "Pacific/Apia",
	"Pacific/Chatham", "Europe/Dublin", "Africa/Casablanca",
};

/* 1900-01-01 .. 9999-12-31 UTC: where the promises hold exactly */
#define T_MIN (-2208988800LL)
#define T_MAX 253402300799LL

static void
check(const struct schedule *s, time_t t)
{
	time_t p = schedule_prev(s, t), n = schedule_next(s, t), slot;
	enum schedule_due d;

	if (t >= T_MIN && t <= T_MAX) {
		if (!(p <= t && t < n) || n - p > 9 * 86400 ||
		    schedule_prev(s, n) != n || schedule_next(s, p) != n)
			abort();
	}
	d = schedule_due(s, p - 1, t, 6 * 3600, &slot);
	if (d != SCHEDULE_DUE && d != SCHEDULE_MISSED && d != SCHEDULE_NONE)
		abort();
	if (t >= T_MIN && t <= T_MAX && (slot != p || d == SCHEDULE_NONE))
		abort();
	d = schedule_due(s, p, t, 6 * 3600, &slot);
	if (t >= T_MIN && t <= T_MAX && d != SCHEDULE_NONE)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long long fixed[] = {
		1774746000LL,  /* 2026-03-29T01:00Z London forward */
		1792890000LL,  /* 2026-10-25T01:00Z London back */
		1791041400LL,  /* 2026-10-03T15:30Z Lord Howe forward */
		1325239200LL,  /* 2011-12-30T10:00Z Apia skips a day */
		1767484799LL,  /* 2026-01-04T23:59:59Z a week's end */
		0, T_MIN, T_MAX, INT64_MIN, INT64_MAX,
	};
	const uint8_t *bar = NULL;
	struct schedule *s;
	char *text, *tz, *err;
	uint64_t h = 1469598103934665603ULL;
	size_t i, tlen;

	if (size > 4096)
		return 0;
	for (i = size; i > 0; i--)
		if (data[i - 1] == '|') {
			bar = data + i - 1;
			break;
		}
	tlen = bar != NULL ? (size_t)(bar - data) : size;
	text = xmemdup0(data, tlen);
	if (bar == NULL)
		tz = xstrdup("Europe/London");
	else if (size - tlen - 1 == 1)
		tz = xstrdup(zones[bar[1] % ARRAY_SIZE(zones)]);
	else
		tz = xmemdup0(bar + 1, size - tlen - 1);
	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;

	if (schedule_parse(text, tz, &s, &err) == 0) {
		if (err != NULL || s == NULL)
			abort();
		for (i = 0; i < ARRAY_SIZE(fixed); i++)
			check(s, (time_t)fixed[i]);
		/* one instant from the input, within 1970 .. ~2106 */
		check(s, (time_t)(h % 4294967296ULL));
		schedule_free(s);
	} else {
		if (err == NULL || s != NULL)
			abort();
		free(err);
	}
	free(text);
	free(tz);
	return 0;
}

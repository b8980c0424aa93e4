/*
 * outbox.c — the replies waiting in the outbox, shown for recruitctl
 * (outbox.h): `outbox list` and `outbox show`.
 *
 * SECURITY: recipients and server answers are strangers' text: control
 * characters are shown as '?'.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "outbox.h"
#include "store.h"
#include "util.h"

/* ---- the outbox, for recruitctl ---- */

/* put_safe: text from a server or a stranger, control characters as '?'
 * (nothing that could move a terminal's cursor), at most max bytes */
static void
put_safe(FILE *out, const unsigned char *s, size_t max)
{
	size_t i;

	for (i = 0; s != NULL && s[i] != '\0' && i < max; i++)
		fputc(s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], out);
}

static void
put_time(FILE *out, long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char b[32];

	if (t > 0 && gmtime_r(&tt, &tm) != NULL &&
	    strftime(b, sizeof(b), "%Y-%m-%d %H:%M", &tm) > 0)
		fputs(b, out);
	else
		fputs("-", out);
}

static int
list_line(const struct store_outbox_row *r, void *arg)
{
	FILE *out = arg;

	fprintf(out, "%5ld  %-8s  %-14s  %2ld  ", r->id, r->state, r->kind,
	    r->attempts);
	put_time(out, r->created_at);
	fputs("  ", out);
	put_safe(out, (const unsigned char *)r->to_addr, 254);
	if (r->last_reply != NULL && *r->last_reply != '\0') {
		fputs("  ", out);
		put_safe(out, (const unsigned char *)r->last_reply, 80);
	}
	fputc('\n', out);
	return 0;
}

int
outbox_list(struct store *st, FILE *out, int all, char **error_r)
{
	const char *err;

	if (store_outbox_list(st, all, list_line, out, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		return -1;
	}
	return 0;
}

static void
put_long(FILE *out, long v, int is_time)
{
	if (v == 0)
		fputs("-", out);
	else if (is_time)
		put_time(out, v);
	else
		fprintf(out, "%ld", v);
}

static void
put_label(FILE *out, const char *label)
{
	fprintf(out, "%-15s ", label);
}

int
outbox_show(struct store *st, long id, FILE *out, char **error_r)
{
	struct store_outbox_entry e;
	const char *err;
	int r;

	r = store_outbox_get(st, id, &e, &err);
	if (r != 0) {
		store_outbox_entry_clear(&e);
		if (r < 0)
			*error_r = xasprintf("store: %s", err);
		return r;
	}
	put_label(out, "id");
	fprintf(out, "%ld\n", e.id);
	put_label(out, "kind");
	put_safe(out, (const unsigned char *)e.kind, 1000);
	fputc('\n', out);
	put_label(out, "state");
	put_safe(out, (const unsigned char *)e.state, 1000);
	fputc('\n', out);
	put_label(out, "message");
	put_long(out, e.message, 0);
	fputc('\n', out);
	put_label(out, "to");
	put_safe(out, (const unsigned char *)e.to_addr, 1000);
	fputc('\n', out);
	put_label(out, "envelope from");
	if (e.env_from == NULL || *e.env_from == '\0')
		fputs("<> (the null sender)", out);
	else
		put_safe(out, (const unsigned char *)e.env_from, 1000);
	fputc('\n', out);
	put_label(out, "attempts");
	fprintf(out, "%ld\n", e.attempts);
	put_label(out, "queued");
	put_time(out, e.created_at);
	fputc('\n', out);
	put_label(out, "next attempt");
	put_time(out, e.next_attempt);
	fputc('\n', out);
	put_label(out, "first deferred");
	put_long(out, e.first_deferred, 1);
	fputc('\n', out);
	put_label(out, "done");
	put_long(out, e.done_at, 1);
	fputc('\n', out);
	put_label(out, "last code");
	put_long(out, e.last_code, 0);
	fputc('\n', out);
	put_label(out, "last answer");
	if (e.last_reply == NULL)
		fputs("-", out);
	else
		put_safe(out, (const unsigned char *)e.last_reply, 1000);
	fputc('\n', out);
	fputc('\n', out);
	fwrite(e.raw != NULL ? e.raw : "", 1, e.raw_len, out);
	store_outbox_entry_clear(&e);
	return 0;
}

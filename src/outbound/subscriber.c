/*
 * subscriber.c — the operator's side of the subscribers: address
 * normalisation and name cleaning, `recruitctl subscribers add`, import
 * (CSV), remove and list.  The rows and the status rules of a write are
 * the store's (store_subscriber.c); this file turns raw text into what
 * the store takes and the store's answers into lines and counts.  Error
 * texts given back through char **error_r are malloc'd (the caller frees).
 *
 * SECURITY: addresses and names come from operators' files and, through
 * subscription mails, from strangers.  An address is accepted only as one
 * plain ASCII addr-spec (no CR/LF, no second address, no display name),
 * so it can go into a To header and an SMTP RCPT as it is; names are
 * cleaned to UTF-8 without control characters and cut at
 * SUBSCRIBER_MAX_NAME bytes.  CSV fields are bounded by the reader.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "csv.h"
#include "subscriber.h"
#include "util.h"

int
subscriber_status_valid(const char *status)
{
	return store_subscriber_status_name(status) != NULL;
}

char *
subscriber_addr_normalize(const char *addr)
{
	const char *s = addr, *e;
	char *r;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (!compose_addr_ok(s, (size_t)(e - s)))
		return NULL;
	r = xstrndup(s, (size_t)(e - s));
	str_lower(strrchr(r, '@') + 1);
	return r;
}

char *
subscriber_name_clean(const char *name)
{
	char *n, *t, *sp;

	if (name == NULL)
		return NULL;
	/* line breaks and tabs separate words: blanks, not nothing */
	sp = xstrdup(name);
	for (t = sp; *t != '\0'; t++)
		if (*t == '\r' || *t == '\n' || *t == '\t')
			*t = ' ';
	n = utf8_clean(sp, strlen(sp), 0);
	free(sp);
	t = str_trim(n);
	t = xstrndup(t, utf8_prefix(t, strlen(t), SUBSCRIBER_MAX_NAME));
	free(n);
	return t;
}

static int
apply(struct store *st, const char *addr_in, const char *name_in,
    const char *status, int import, enum subscriber_change *change_r,
    char **error_r)
{
	char *addr = subscriber_addr_normalize(addr_in);
	char *name;
	const char *err;
	int rv = 0;

	if (addr == NULL) {
		*error_r = xstrdup("not a plain email address");
		return -1;
	}
	name = subscriber_name_clean(name_in);
	if (store_subscriber_put(st, addr, name, status, import, change_r,
	    &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		rv = -2;
	}
	free(addr);
	free(name);
	return rv;
}

int
subscriber_add(struct store *st, const char *addr, const char *name,
    int confirmed, enum subscriber_change *change_r, char **error_r)
{
	const char *err;

	if (store_begin(st, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		return -1;
	}
	if (apply(st, addr, name, confirmed ? "active" : "pending", 0,
	    change_r, error_r) != 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		return -1;
	}
	return 0;
}

int
subscriber_set(struct store *st, const char *addr, const char *name,
    const char *status, enum subscriber_change *change_r, char **error_r)
{
	char *lc;
	int r;

	lc = xstrdup(status != NULL ? status : "active");
	str_lower(lc);   /* a spreadsheet's "Active" */
	if (!subscriber_status_valid(lc)) {
		*error_r = xasprintf("unknown status '%s'", status);
		free(lc);
		return -1;
	}
	r = apply(st, addr, name, lc, 1, change_r, error_r);
	free(lc);
	return r;
}

/* column index of name in the header (case-insensitive, trimmed), or -1 */
static int
column(char **fields, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *f = xstrdup(fields[i]);
		int eq = str_eq_ci(str_trim(f), name);

		free(f);
		if (eq)
			return (int)i;
	}
	return -1;
}

int
subscriber_import(struct store *st, const char *name, const char *data,
    size_t len, FILE *errf, struct subscriber_import_stats *stats,
    char **error_r)
{
	struct csv *r = csv_open(data, len, 64, 4096);
	char **f;
	size_t n;
	unsigned line;
	const char *err;
	int c_email, c_name, c_status, rc;

	memset(stats, 0, sizeof(*stats));
	rc = csv_next(r, &f, &n, &line, &err);
	if (rc <= 0) {
		*error_r = rc == 0 ? xasprintf("%s: empty file", name) :
		    xasprintf("%s:%u: %s", name, line, err);
		csv_close(r);
		return -1;
	}
	c_email = column(f, n, "email");
	c_name = column(f, n, "name");
	c_status = column(f, n, "status");
	if (c_email < 0) {
		*error_r = xasprintf("%s:%u: no \"email\" column in the header "
		    "row (expected email,name[,status])", name, line);
		csv_close(r);
		return -1;
	}
	if (store_begin(st, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		csv_close(r);
		return -1;
	}
	for (;;) {
		enum subscriber_change ch;
		const char *status = NULL, *nm = NULL;
		char *why = NULL, *st_s = NULL;
		size_t i;

		rc = csv_next(r, &f, &n, &line, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			fprintf(errf, "%s:%u: %s; row skipped\n", name, line,
			    err);
			stats->bad++;
			continue;
		}
		for (i = 0; i < n; i++)
			if (!utf8_valid(f[i], strlen(f[i])))
				break;
		if (i < n) {
			fprintf(errf, "%s:%u: not UTF-8; row skipped\n", name,
			    line);
			stats->bad++;
			continue;
		}
		if ((size_t)c_email >= n) {
			fprintf(errf, "%s:%u: no email; row skipped\n", name,
			    line);
			stats->bad++;
			continue;
		}
		if (c_name >= 0 && (size_t)c_name < n)
			nm = f[c_name];
		if (c_status >= 0 && (size_t)c_status < n) {
			st_s = xstrdup(f[c_status]);
			status = str_trim(st_s);
			if (*status == '\0')
				status = NULL;
		}
		rc = subscriber_set(st, f[c_email], nm, status, &ch, &why);
		if (rc == -2) {
			/* a store failure, not a bad row: nothing is kept */
			*error_r = why;
			free(st_s);
			store_rollback(st);
			csv_close(r);
			return -1;
		}
		if (rc < 0) {
			fprintf(errf, "%s:%u: %s; row skipped\n", name, line,
			    why);
			free(why);
			free(st_s);
			stats->bad++;
			continue;
		}
		free(st_s);
		switch (ch) {
		case SUB_ADDED: stats->added++; break;
		case SUB_UPDATED: stats->updated++; break;
		case SUB_UNCHANGED: stats->unchanged++; break;
		case SUB_KEPT:
			stats->kept++;
			fprintf(errf, "%s:%u: %s has unsubscribed, bounced or "
			    "complained; kept as it is\n", name, line,
			    f[c_email]);
			break;
		}
	}
	csv_close(r);
	if (store_commit(st, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		return -1;
	}
	return 0;
}

int
subscriber_remove(struct store *st, const char *addr_in, char **error_r)
{
	const char *err;
	char *addr;
	int r, token;

	/* an address, or the token of an unsubscribe link (32 hex) */
	token = strlen(addr_in) == 32 &&
	    strspn(addr_in, "0123456789abcdef") == 32;
	addr = token ? xstrdup(addr_in) : subscriber_addr_normalize(addr_in);
	if (addr == NULL) {
		*error_r = xstrdup("not a plain email address");
		return -1;
	}
	r = store_subscriber_remove(st, addr, token, &err);
	free(addr);
	if (r < 0)
		*error_r = xasprintf("store: %s", err);
	return r;
}

static int
list_line(void *ctx, const struct store_subscriber *s)
{
	fprintf(ctx, "%5ld  %-12s  %-40s  %s\n", s->id, s->status, s->email,
	    s->name != NULL ? s->name : "");
	return 0;
}

int
subscriber_list(struct store *st, FILE *out, char **error_r)
{
	const char *err;

	if (store_subscriber_each(st, list_line, out, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		return -1;
	}
	return 0;
}


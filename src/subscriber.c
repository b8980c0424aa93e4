/*
 * subscriber.c — subscribers in the store: add, import (CSV), remove,
 * list, count.  Every write is one SQL statement with bound parameters;
 * the status rules live here so that recruitctl and (later) the mail
 * commands share them.
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
#include <time.h>

#include "compose.h"
#include "csv.h"
#include "log.h"
#include "subscriber.h"
#include "util.h"

static const char *const statuses[] = {
	"pending", "active", "unsubscribed", "bounced", "complained",
};

int
subscriber_status_valid(const char *status)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++)
		if (strcmp(status, statuses[i]) == 0)
			return 1;
	return 0;
}

/* the "ends": an import never brings these back */
static int
status_final(const char *status)
{
	return strcmp(status, "unsubscribed") == 0 ||
	    strcmp(status, "bounced") == 0 || strcmp(status, "complained") == 0;
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

static char *
clean_name(const char *name)
{
	char *n, *t, *sp;
	size_t len;

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
	len = strlen(t);
	if (len > SUBSCRIBER_MAX_NAME) {
		/* cut between characters */
		len = SUBSCRIBER_MAX_NAME;
		while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80)
			len--;
	}
	t = xstrndup(t, len);
	free(n);
	return t;
}

struct row {
	long id;
	char status[16];
	int found;
};

static int
lookup(struct store *st, const char *addr, struct row *r, char **error_r)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	if (sqlite3_prepare_v2(db, "SELECT id, status FROM subscribers "
	    "WHERE email = ?1", -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, addr, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 1);

		r->found = 1;
		r->id = (long)sqlite3_column_int64(s, 0);
		snprintf(r->status, sizeof(r->status), "%s", v ? v : "");
	} else if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	return 0;
fail:
	*error_r = xasprintf("store: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return -1;
}

static int
run(struct store *st, sqlite3_stmt *s, char **error_r)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

static int
prepare(struct store *st, const char *sql, sqlite3_stmt **s, char **error_r)
{
	if (sqlite3_prepare_v2(store_db(st), sql, -1, s, NULL) != SQLITE_OK) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

/* write: insert or update addr to status (and name when non-empty) */
static int
write_row(struct store *st, const struct row *r, const char *addr,
    const char *name, const char *status, char **error_r)
{
	sqlite3_stmt *s = NULL;
	long now = (long)time(NULL);
	int active = strcmp(status, "active") == 0;

	if (!r->found) {
		char token[33];

		if (compose_random_hex(token, 16) < 0) {
			*error_r = xstrdup("getrandom failed");
			return -1;
		}
		if (prepare(st, "INSERT INTO subscribers(email, name, status, "
		    "token, created_at, confirmed_at, updated_at) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)", &s, error_r) < 0)
			return -1;
		sqlite3_bind_text(s, 1, addr, -1, SQLITE_STATIC);
		if (name != NULL && *name != '\0')
			sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, status, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, token, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 5, now);
		if (active)
			sqlite3_bind_int64(s, 6, now);
		return run(st, s, error_r);
	}
	/* confirmed_at is the last time it became active */
	if (prepare(st, "UPDATE subscribers SET status = ?2, "
	    "name = coalesce(?3, name), updated_at = ?4, "
	    "confirmed_at = CASE WHEN ?2 = 'active' AND status <> 'active' "
	    "THEN ?4 ELSE confirmed_at END WHERE id = ?1", &s, error_r) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
	if (name != NULL && *name != '\0')
		sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return run(st, s, error_r);
}

/* name_differs: does a non-empty name change the stored one? */
static int
name_differs(struct store *st, long id, const char *name)
{
	sqlite3_stmt *s = NULL;
	int differs = 0;

	if (name == NULL || *name == '\0')
		return 0;
	if (sqlite3_prepare_v2(store_db(st), "SELECT name FROM subscribers "
	    "WHERE id = ?1", -1, &s, NULL) != SQLITE_OK)
		return 1;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(s, 0);

		differs = old == NULL || strcmp(old, name) != 0;
	}
	sqlite3_finalize(s);
	return differs;
}

static int
apply(struct store *st, const char *addr_in, const char *name_in,
    const char *status, int import, enum subscriber_change *change_r,
    char **error_r)
{
	char *addr = subscriber_addr_normalize(addr_in);
	char *name = NULL;
	const char *to = status;
	struct row r;
	int rv = -1;

	if (addr == NULL) {
		*error_r = xstrdup("not a plain email address");
		return -1;
	}
	name = clean_name(name_in);
	if (lookup(st, addr, &r, error_r) < 0) {
		rv = -2;
		goto done;
	}
	if (!r.found) {
		*change_r = SUB_ADDED;
	} else if (import && status_final(r.status) && !status_final(status)) {
		*change_r = SUB_KEPT;
		rv = 0;
		goto done;
	} else {
		/* an add without --confirmed, or an imported "pending",
		 * never undoes a confirmation */
		if (strcmp(status, "pending") == 0 &&
		    strcmp(r.status, "active") == 0)
			to = "active";
		*change_r = strcmp(to, r.status) != 0 ||
		    name_differs(st, r.id, name) ? SUB_UPDATED : SUB_UNCHANGED;
		if (*change_r == SUB_UNCHANGED) {
			rv = 0;
			goto done;
		}
	}
	rv = write_row(st, &r, addr, name, to, error_r) < 0 ? -2 : 0;
done:
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
	char *addr;
	sqlite3_stmt *s = NULL;
	int rc, token;

	/* an address, or the token of an unsubscribe link (32 hex) */
	token = strlen(addr_in) == 32 &&
	    strspn(addr_in, "0123456789abcdef") == 32;
	addr = token ? xstrdup(addr_in) : subscriber_addr_normalize(addr_in);
	if (addr == NULL) {
		*error_r = xstrdup("not a plain email address");
		return -1;
	}
	/* a complained one stays complained (it is mailed no more either) */
	if (prepare(st, token ?
	    "UPDATE subscribers SET status = CASE WHEN status = 'complained' "
	    "THEN status ELSE 'unsubscribed' END, updated_at = ?2 "
	    "WHERE token = ?1" :
	    "UPDATE subscribers SET status = CASE WHEN status = 'complained' "
	    "THEN status ELSE 'unsubscribed' END, updated_at = ?2 "
	    "WHERE email = ?1", &s, error_r) < 0) {
		free(addr);
		return -1;
	}
	sqlite3_bind_text(s, 1, addr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, (long)time(NULL));
	free(addr);
	rc = run(st, s, error_r);
	if (rc < 0)
		return -1;
	return sqlite3_changes(store_db(st)) > 0 ? 0 : 1;
}

int
subscriber_list(struct store *st, FILE *out, char **error_r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (prepare(st, "SELECT id, status, email, coalesce(name, '') "
	    "FROM subscribers ORDER BY id", &s, error_r) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%5lld  %-12s  %-40s  %s\n",
		    (long long)sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 2),
		    (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

long
subscriber_count(struct store *st, const char *status)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(st), status != NULL ?
	    "SELECT count(*) FROM subscribers WHERE status = ?1" :
	    "SELECT count(*) FROM subscribers", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (status != NULL)
		sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int
subscriber_bounce(struct store *st, long sub_id, long message, long delivery,
    const char *recipient, const char *status, const char *action, int hard,
    const char *diagnostic, const char **error_r)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	long now = (long)time(NULL), soft = 0;

	if (sqlite3_prepare_v2(db, "INSERT INTO bounces(message, delivery, at, "
	    "recipient, status, action, hard, diagnostic, subscriber) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &s, NULL) != SQLITE_OK)
		goto fail;
	if (message > 0)
		sqlite3_bind_int64(s, 1, message);
	if (delivery > 0)
		sqlite3_bind_int64(s, 2, delivery);
	sqlite3_bind_int64(s, 3, now);
	if (recipient != NULL)
		sqlite3_bind_text(s, 4, recipient, -1, SQLITE_STATIC);
	if (status != NULL)
		sqlite3_bind_text(s, 5, status, -1, SQLITE_STATIC);
	if (action != NULL)
		sqlite3_bind_text(s, 6, action, -1, SQLITE_STATIC);
	if (hard >= 0)
		sqlite3_bind_int(s, 7, hard);
	if (diagnostic != NULL)
		sqlite3_bind_text(s, 8, diagnostic, -1, SQLITE_STATIC);
	if (sub_id > 0)
		sqlite3_bind_int64(s, 9, sub_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	s = NULL;
	if (sub_id <= 0 || hard < 0)
		return 0;
	if (!hard) {
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM bounces WHERE "
		    "subscriber = ?1 AND hard = 0 AND at > ?2", -1, &s,
		    NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_int64(s, 1, sub_id);
		sqlite3_bind_int64(s, 2, now - SUBSCRIBER_SOFT_DAYS * 86400L);
		if (sqlite3_step(s) != SQLITE_ROW)
			goto fail;
		soft = (long)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		s = NULL;
	}
	if (sqlite3_prepare_v2(db, "UPDATE subscribers SET "
	    "bounce_count = bounce_count + 1, updated_at = ?2, "
	    "status = CASE WHEN ?3 AND status IN ('active', 'pending') "
	    "THEN 'bounced' ELSE status END WHERE id = ?1", -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(s, 1, sub_id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int(s, 3, hard || soft >= SUBSCRIBER_SOFT_LIMIT);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	return 0;
fail:
	*error_r = sqlite3_errmsg(db);
	sqlite3_finalize(s);
	return -1;
}

int
subscriber_complained(struct store *st, long sub_id, const char **error_r)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(store_db(st), "UPDATE subscribers SET "
	    "status = 'complained', updated_at = ?2 WHERE id = ?1", -1, &s,
	    NULL) != SQLITE_OK || (sqlite3_bind_int64(s, 1, sub_id),
	    sqlite3_bind_int64(s, 2, (long)time(NULL)),
	    sqlite3_step(s) != SQLITE_DONE)) {
		*error_r = sqlite3_errmsg(store_db(st));
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

long
subscriber_find(struct store *st, const char *addr)
{
	sqlite3_stmt *s = NULL;
	long id = -1;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM subscribers "
	    "WHERE email = ?1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, addr, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = (long)sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	sqlite3_finalize(s);
	return id;
}

long
subscriber_by_token(struct store *st, const char *token,
    const char **status_r)
{
	sqlite3_stmt *s = NULL;
	long id = -1;
	int rc;
	size_t i;

	*status_r = NULL;
	if (sqlite3_prepare_v2(store_db(st), "SELECT id, status FROM "
	    "subscribers WHERE token = ?1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 1);

		id = (long)sqlite3_column_int64(s, 0);
		for (i = 0; i < ARRAY_SIZE(statuses); i++)
			if (v != NULL && strcmp(v, statuses[i]) == 0)
				*status_r = statuses[i];
	} else if (rc == SQLITE_DONE)
		id = 0;
	sqlite3_finalize(s);
	return id;
}

int
subscriber_request(struct store *st, const char *addr, const char *name,
    enum subscriber_change *change_r, char **error_r)
{
	return apply(st, addr, name, "pending", 0, change_r, error_r);
}

static int
update_status(struct store *st, long sub_id, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, sub_id);
	sqlite3_bind_int64(s, 2, (long)time(NULL));
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return -1;
	return sqlite3_changes(store_db(st)) > 0;
}

int
subscriber_confirm(struct store *st, long sub_id)
{
	return update_status(st, sub_id, "UPDATE subscribers SET "
	    "status = 'active', confirmed_at = ?2, updated_at = ?2 "
	    "WHERE id = ?1 AND status = 'pending'");
}

int
subscriber_unsubscribe(struct store *st, long sub_id)
{
	return update_status(st, sub_id, "UPDATE subscribers SET "
	    "status = 'unsubscribed', updated_at = ?2 WHERE id = ?1 AND "
	    "status NOT IN ('unsubscribed', 'complained')");
}

/* column_of: one text column of subscriber sub_id (malloc'd) or NULL */
static char *
column_of(struct store *st, long sub_id, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *t = NULL;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(s, 1, sub_id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		t = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return t;
}

char *
subscriber_token(struct store *st, long sub_id)
{
	return column_of(st, sub_id,
	    "SELECT token FROM subscribers WHERE id = ?1");
}

char *
subscriber_email(struct store *st, long sub_id)
{
	return column_of(st, sub_id,
	    "SELECT email FROM subscribers WHERE id = ?1");
}

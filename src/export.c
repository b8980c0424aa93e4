/*
 * export.c — the stable export format (DESIGN §4).  Each kind of record is
 * a table of columns (export key, SQL expression, value type); one query
 * builds a JSON object per row in key order, written as JSON Lines or as
 * CSV (RFC 4180 quoting; arrays and objects as their compact JSON text).
 * Times are RFC 3339 UTC, absent fields null / empty.
 *
 * SECURITY: values are sender-controlled text; JSON escaping is jansson's,
 * CSV cells are always quoted when they hold a quote, comma or line break.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "log.h"
#include "util.h"

enum vtype { V_TEXT, V_INT, V_NUM, V_BOOL, V_TIME, V_JSON, V_UID,
	V_SALARY, V_RESUMES };

struct column {
	const char *key;
	const char *sql;    /* expression over j/c (record) and m (message) */
	enum vtype type;
};

/* json_amount: whole amounts as integers (250000, not 250000.0); others,
 * and any too large for an exact integer, as reals (no cast out of
 * range) */
static json_t *
json_amount(double d)
{
	if (d >= -9007199254740992.0 && d <= 9007199254740992.0 &&
	    d == (double)(json_int_t)d)
		return json_integer((json_int_t)d);
	return json_real(d);
}

static const struct column job_cols[] = {
	{ "id", "j.id", V_INT },
	{ "message_id", "m.message_id", V_TEXT },
	{ "received_at", "m.received_at", V_TIME },
	{ "company", "j.company", V_TEXT },
	{ "contact_name", "j.contact_name", V_TEXT },
	{ "contact_title", "j.contact_title", V_TEXT },
	{ "contact_email", "j.contact_email", V_TEXT },
	{ "contact_phone", "j.contact_phone", V_TEXT },
	{ "position_title", "j.position_title", V_TEXT },
	{ "industry", "j.industry", V_TEXT },
	{ "location", "j.location", V_TEXT },
	{ "country", "j.country", V_TEXT },
	{ "employment_type", "j.employment_type", V_TEXT },
	{ "salary_min", "j.salary_min", V_NUM },
	{ "salary_max", "j.salary_max", V_NUM },
	{ "salary_currency", "j.salary_currency", V_TEXT },
	{ "salary_period", "j.salary_period", V_TEXT },
	{ "start_date", "j.start_date", V_TEXT },
	{ "confidential", "j.confidential", V_BOOL },
	{ "description", "j.description", V_TEXT },
	{ "needs_review", "j.needs_review", V_BOOL },
};

static const struct column cand_cols[] = {
	{ "id", "j.id", V_INT },
	{ "message_id", "m.message_id", V_TEXT },
	{ "received_at", "m.received_at", V_TIME },
	{ "name", "j.name", V_TEXT },
	{ "email", "j.email", V_TEXT },
	{ "phone", "j.phone", V_TEXT },
	{ "current_title", "j.current_title", V_TEXT },
	{ "current_employer", "j.current_employer", V_TEXT },
	{ "desired_position", "j.desired_position", V_TEXT },
	{ "industries", "j.industries", V_JSON },
	{ "locations", "j.locations", V_JSON },
	{ "willing_to_relocate", "j.willing_to_relocate", V_BOOL },
	/* four columns: min, max, currency, period */
	{ "salary_expectation", "j.salary_min, j.salary_max, "
	    "j.salary_currency, j.salary_period", V_SALARY },
	{ "years_experience", "j.years_experience", V_INT },
	{ "profile_url", "j.profile_url", V_TEXT },
	{ "resumes", "j.id", V_RESUMES },
	{ "needs_review", "j.needs_review", V_BOOL },
};

static const struct column msg_cols[] = {
	{ "id", "j.id", V_INT },
	{ "message_id", "j.message_id", V_TEXT },
	{ "from", "j.from_addr", V_TEXT },
	{ "subject", "j.subject", V_TEXT },
	{ "date", "j.date", V_TIME },
	{ "source", "j.source", V_TEXT },
	/* two columns: uid and source, to type the uid */
	{ "uid", "j.uid, j.source", V_UID },
	{ "kind", "j.kind", V_TEXT },
	{ "outcome", "j.outcome", V_TEXT },
	{ "reason", "j.reason", V_TEXT },
};

static const struct column sub_cols[] = {
	{ "id", "j.id", V_INT },
	{ "email", "j.email", V_TEXT },
	{ "name", "j.name", V_TEXT },
	{ "status", "j.status", V_TEXT },
	{ "created_at", "j.created_at", V_TIME },
	{ "confirmed_at", "j.confirmed_at", V_TIME },
	{ "bounce_count", "j.bounce_count", V_INT },
};

/* bounce rows from bounce mails (message set) and from SMTP answers while
 * sending (no message: received_at is when the answer came) */
static const struct column bounce_cols[] = {
	{ "id", "j.id", V_INT },
	{ "message_id", "m.message_id", V_TEXT },
	{ "received_at", "coalesce(m.received_at, j.at)", V_TIME },
	{ "recipient", "j.recipient", V_TEXT },
	{ "status", "j.status", V_TEXT },
	{ "action", "j.action", V_TEXT },
	{ "hard", "j.hard", V_BOOL },
	{ "diagnostic", "j.diagnostic", V_TEXT },
	{ "subscriber_id", "j.subscriber", V_INT },
};

struct table {
	const struct column *cols;
	size_t n;
	const char *from;
	const char *msg_key;    /* column holding the message row id */
};

static const struct table tables[] = {
	[EXPORT_JOBS] = { job_cols, ARRAY_SIZE(job_cols),
	    "jobs j JOIN messages m ON m.id = j.message", "j.message" },
	[EXPORT_CANDIDATES] = { cand_cols, ARRAY_SIZE(cand_cols),
	    "candidates j JOIN messages m ON m.id = j.message", "j.message" },
	[EXPORT_MESSAGES] = { msg_cols, ARRAY_SIZE(msg_cols),
	    "messages j", "j.id" },
	[EXPORT_SUBSCRIBERS] = { sub_cols, ARRAY_SIZE(sub_cols),
	    "subscribers j", "j.id" },
	[EXPORT_BOUNCES] = { bounce_cols, ARRAY_SIZE(bounce_cols),
	    "bounces j LEFT JOIN messages m ON m.id = j.message", "j.message" },
};

int
export_what_parse(const char *s, enum export_what *w)
{
	if (strcmp(s, "jobs") == 0)
		*w = EXPORT_JOBS;
	else if (strcmp(s, "candidates") == 0)
		*w = EXPORT_CANDIDATES;
	else if (strcmp(s, "messages") == 0)
		*w = EXPORT_MESSAGES;
	else if (strcmp(s, "subscribers") == 0)
		*w = EXPORT_SUBSCRIBERS;
	else if (strcmp(s, "bounces") == 0)
		*w = EXPORT_BOUNCES;
	else
		return -1;
	return 0;
}

int
export_format_parse(const char *s, enum export_format *f)
{
	if (strcmp(s, "json") == 0)
		*f = FORMAT_JSON;
	else if (strcmp(s, "csv") == 0)
		*f = FORMAT_CSV;
	else
		return -1;
	return 0;
}

static char *
build_sql(const struct table *t, const char *where)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_puts(&b, "SELECT ");
	for (i = 0; i < t->n; i++)
		buf_appendf(&b, "%s%s", i ? ", " : "", t->cols[i].sql);
	buf_appendf(&b, " FROM %s %s ORDER BY j.id", t->from, where);
	return buf_steal(&b);
}

static json_t *
text_or_null(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	return v ? json_string((const char *)v) : json_null();
}

static json_t *
resumes_of(sqlite3 *db, sqlite3_int64 cand)
{
	sqlite3_stmt *q = NULL;
	json_t *a = json_array();

	if (sqlite3_prepare_v2(db, "SELECT r.filename, r.content_type, "
	    "a.size, r.sha256 FROM resumes r JOIN attachments a ON "
	    "a.sha256 = r.sha256 WHERE r.candidate = ?1 ORDER BY r.position",
	    -1, &q, NULL) != SQLITE_OK)
		return a;
	sqlite3_bind_int64(q, 1, cand);
	while (sqlite3_step(q) == SQLITE_ROW) {
		json_t *o = json_object();

		json_object_set_new(o, "filename", text_or_null(q, 0));
		json_object_set_new(o, "content_type", text_or_null(q, 1));
		json_object_set_new(o, "size",
		    json_integer(sqlite3_column_int64(q, 2)));
		json_object_set_new(o, "sha256", text_or_null(q, 3));
		json_array_append_new(a, o);
	}
	sqlite3_finalize(q);
	return a;
}

/* row_object: the current row of s as an export object. */
static json_t *
row_object(sqlite3 *db, const struct table *t, sqlite3_stmt *s)
{
	json_t *o = json_object();
	int col = 0;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct column *c = &t->cols[i];
		int null = sqlite3_column_type(s, col) == SQLITE_NULL;
		json_t *v;

		switch (c->type) {
		case V_TEXT:
			v = text_or_null(s, col);
			break;
		case V_INT:
			v = null ? json_null() :
			    json_integer(sqlite3_column_int64(s, col));
			break;
		case V_NUM: {
			double d = sqlite3_column_double(s, col);

			v = null ? json_null() : json_amount(d);
			break;
		}
		case V_BOOL:
			v = null ? json_null() :
			    json_boolean(sqlite3_column_int(s, col));
			break;
		case V_TIME: {
			char ts[21];

			if (null)
				v = json_null();
			else {
				time_rfc3339((long)sqlite3_column_int64(s, col),
				    ts);
				v = json_string(ts);
			}
			break;
		}
		case V_JSON: {
			const char *txt = (const char *)sqlite3_column_text(s,
			    col);

			v = txt ? json_loads(txt, 0, NULL) : NULL;
			if (v == NULL)
				v = json_null();
			break;
		}
		case V_UID: {
			const char *uid = (const char *)sqlite3_column_text(s,
			    col);
			const char *src = (const char *)sqlite3_column_text(s,
			    col + 1);

			if (uid == NULL)
				v = json_null();
			else if (src != NULL && strncmp(src, "imap", 4) == 0)
				v = json_integer(strtoll(uid, NULL, 10));
			else
				v = json_string(uid);
			col++;
			break;
		}
		case V_SALARY:
			if (null)
				v = json_null();
			else {
				double mn = sqlite3_column_double(s, col);
				double mx = sqlite3_column_double(s, col + 1);

				v = json_object();
				json_object_set_new(v, "min", json_amount(mn));
				json_object_set_new(v, "max", json_amount(mx));
				json_object_set_new(v, "currency",
				    text_or_null(s, col + 2));
				json_object_set_new(v, "period",
				    text_or_null(s, col + 3));
			}
			col += 3;
			break;
		case V_RESUMES:
			v = resumes_of(db, sqlite3_column_int64(s, col));
			break;
		default:
			v = json_null();
		}
		json_object_set_new(o, c->key, v);
		col++;
	}
	return o;
}

static void
csv_cell(FILE *out, const char *s)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

static void
csv_value(FILE *out, json_t *v)
{
	char *s;

	switch (json_typeof(v)) {
	case JSON_NULL:
		break;
	case JSON_STRING:
		csv_cell(out, json_string_value(v));
		break;
	case JSON_TRUE:
		fputs("true", out);
		break;
	case JSON_FALSE:
		fputs("false", out);
		break;
	default:
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (s != NULL)
			csv_cell(out, s);
		free(s);
	}
}

static int
write_row(FILE *out, const struct table *t, json_t *o, enum export_format f)
{
	size_t i;

	if (f == FORMAT_JSON) {
		if (json_dumpf(o, out, JSON_COMPACT) < 0)
			return -1;
		fputc('\n', out);
		return 0;
	}
	for (i = 0; i < t->n; i++) {
		if (i)
			fputc(',', out);
		csv_value(out, json_object_get(o, t->cols[i].key));
	}
	fputs("\r\n", out);
	return 0;
}

int
export_records(struct store *st, enum export_what w, enum export_format f,
    FILE *out, const char **error_r)
{
	const struct table *t = &tables[w];
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	char *sql = build_sql(t, "");
	size_t i;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		*error_r = sqlite3_errmsg(db);
		return -1;
	}
	if (f == FORMAT_CSV) {
		for (i = 0; i < t->n; i++)
			fprintf(out, "%s%s", i ? "," : "", t->cols[i].key);
		fputs("\r\n", out);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = row_object(db, t, s);

		write_row(out, t, o, f);
		json_decref(o);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		*error_r = sqlite3_errmsg(db);
		return -1;
	}
	if (ferror(out) || fflush(out) != 0) {
		*error_r = "write error";
		return -1;
	}
	return 0;
}

static json_t *
row_where(struct store *st, enum export_what w, const char *col, long id)
{
	const struct table *t = &tables[w];
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	char *where = xasprintf("WHERE %s = ?1", col);
	char *sql = build_sql(t, where);
	json_t *o = NULL;

	free(where);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW)
			o = row_object(db, t, s);
	}
	sqlite3_finalize(s);
	free(sql);
	return o;
}

json_t *
export_row(struct store *st, enum export_what w, long id)
{
	return row_where(st, w, "j.id", id);
}

json_t *
export_row_for_message(struct store *st, enum export_what w, long msg_id)
{
	return row_where(st, w, tables[w].msg_key, msg_id);
}

static const char *
str_or(json_t *o, const char *key, const char *dflt)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : dflt;
}

int
export_list(struct store *st, enum export_what w, FILE *out,
    const char **error_r)
{
	const struct table *t = &tables[w];
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s = NULL;
	char *sql = build_sql(t, "");
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		*error_r = sqlite3_errmsg(db);
		return -1;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		json_t *o = row_object(db, t, s);
		json_int_t id = json_integer_value(json_object_get(o, "id"));
		int review = json_is_true(json_object_get(o, "needs_review"));

		switch (w) {
		case EXPORT_JOBS:
			fprintf(out, "%5lld  %-32.32s  %-28.28s  %-16.16s %s%s\n",
			    (long long)id, str_or(o, "position_title", "?"),
			    str_or(o, "company", "?"),
			    str_or(o, "location", str_or(o, "country", "")),
			    str_or(o, "country", ""),
			    review ? "  [needs review]" : "");
			break;
		case EXPORT_CANDIDATES:
			fprintf(out, "%5lld  %-28.28s  %-30.30s  %-30.30s%s\n",
			    (long long)id, str_or(o, "name", "?"),
			    str_or(o, "email", "?"),
			    str_or(o, "desired_position",
			    str_or(o, "current_title", "")),
			    review ? "  [needs review]" : "");
			break;
		case EXPORT_MESSAGES:
			fprintf(out, "%5lld  %-12s %-9s  %-30.30s  %s\n",
			    (long long)id, str_or(o, "kind", ""),
			    str_or(o, "outcome", ""), str_or(o, "from", ""),
			    str_or(o, "subject", ""));
			break;
		case EXPORT_SUBSCRIBERS:
			fprintf(out, "%5lld  %-12s  %-40s  %s\n",
			    (long long)id, str_or(o, "status", ""),
			    str_or(o, "email", ""), str_or(o, "name", ""));
			break;
		case EXPORT_BOUNCES:
			fprintf(out, "%5lld  %-40s  %-8s %-5s %s\n",
			    (long long)id, str_or(o, "recipient", "?"),
			    str_or(o, "action", ""), str_or(o, "status", ""),
			    json_is_true(json_object_get(o, "hard")) ? "hard" :
			    json_is_false(json_object_get(o, "hard")) ? "soft" :
			    "");
			break;
		}
		json_decref(o);
	}
	sqlite3_finalize(s);
	return 0;
}

int
export_show(struct store *st, enum export_what w, long id, FILE *out,
    const char **error_r)
{
	json_t *o = export_row(st, w, id);

	if (o == NULL) {
		*error_r = "no such record";
		return 1;
	}
	json_dumpf(o, out, JSON_INDENT(2));
	fputc('\n', out);
	json_decref(o);
	return 0;
}

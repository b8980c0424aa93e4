/*
 * export.c — the stable export format (DESIGN §4).  Each kind of record is
 * a table of columns (export key, the store's cell, value type); each row
 * the store gives (store_export_rows) becomes a JSON object in key order,
 * written as JSON Lines or as CSV (RFC 4180 quoting; arrays and objects
 * as their compact JSON text).  Times are RFC 3339 UTC, absent fields
 * null / empty.  The rows' cells are the store's for the callback only;
 * the JSON objects made from them are the caller's (json_decref).
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
	const char *cell;   /* the store's cell (store_export.h); V_UID also
	                     * reads "source", V_SALARY the four salary_ */
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
	{ "id", "id", V_INT },
	{ "message_id", "message_id", V_TEXT },
	{ "received_at", "received_at", V_TIME },
	{ "company", "company", V_TEXT },
	{ "contact_name", "contact_name", V_TEXT },
	{ "contact_title", "contact_title", V_TEXT },
	{ "contact_email", "contact_email", V_TEXT },
	{ "contact_phone", "contact_phone", V_TEXT },
	{ "position_title", "position_title", V_TEXT },
	{ "industry", "industry", V_TEXT },
	{ "location", "location", V_TEXT },
	{ "country", "country", V_TEXT },
	{ "employment_type", "employment_type", V_TEXT },
	{ "salary_min", "salary_min", V_NUM },
	{ "salary_max", "salary_max", V_NUM },
	{ "salary_currency", "salary_currency", V_TEXT },
	{ "salary_period", "salary_period", V_TEXT },
	{ "start_date", "start_date", V_TEXT },
	{ "confidential", "confidential", V_BOOL },
	{ "description", "description", V_TEXT },
	{ "needs_review", "needs_review", V_BOOL },
};

static const struct column cand_cols[] = {
	{ "id", "id", V_INT },
	{ "message_id", "message_id", V_TEXT },
	{ "received_at", "received_at", V_TIME },
	{ "name", "name", V_TEXT },
	{ "email", "email", V_TEXT },
	{ "phone", "phone", V_TEXT },
	{ "current_title", "current_title", V_TEXT },
	{ "current_employer", "current_employer", V_TEXT },
	{ "desired_position", "desired_position", V_TEXT },
	{ "industries", "industries", V_JSON },
	{ "locations", "locations", V_JSON },
	{ "willing_to_relocate", "willing_to_relocate", V_BOOL },
	/* four cells: min, max, currency, period */
	{ "salary_expectation", "salary_min", V_SALARY },
	{ "years_experience", "years_experience", V_INT },
	{ "profile_url", "profile_url", V_TEXT },
	{ "resumes", "id", V_RESUMES },
	{ "needs_review", "needs_review", V_BOOL },
};

static const struct column msg_cols[] = {
	{ "id", "id", V_INT },
	{ "message_id", "message_id", V_TEXT },
	{ "from", "from_addr", V_TEXT },
	{ "subject", "subject", V_TEXT },
	{ "date", "date", V_TIME },
	{ "source", "source", V_TEXT },
	/* two cells: uid and source, to type the uid */
	{ "uid", "uid", V_UID },
	{ "kind", "kind", V_TEXT },
	{ "outcome", "outcome", V_TEXT },
	{ "reason", "reason", V_TEXT },
};

static const struct column sub_cols[] = {
	{ "id", "id", V_INT },
	{ "email", "email", V_TEXT },
	{ "name", "name", V_TEXT },
	{ "status", "status", V_TEXT },
	{ "created_at", "created_at", V_TIME },
	{ "confirmed_at", "confirmed_at", V_TIME },
	{ "bounce_count", "bounce_count", V_INT },
};

/* bounce rows from bounce mails (message set) and from SMTP answers while
 * sending (no message: received_at is when the answer came) */
static const struct column bounce_cols[] = {
	{ "id", "id", V_INT },
	{ "message_id", "message_id", V_TEXT },
	{ "received_at", "received_at", V_TIME },
	{ "recipient", "recipient", V_TEXT },
	{ "status", "status", V_TEXT },
	{ "action", "action", V_TEXT },
	{ "hard", "hard", V_BOOL },
	{ "diagnostic", "diagnostic", V_TEXT },
	{ "subscriber_id", "subscriber", V_INT },
};

struct table {
	const struct column *cols;
	size_t n;
	enum store_export_table store;
};

static const struct table tables[] = {
	[EXPORT_JOBS] = { job_cols, ARRAY_SIZE(job_cols), STORE_EXPORT_JOBS },
	[EXPORT_CANDIDATES] = { cand_cols, ARRAY_SIZE(cand_cols),
	    STORE_EXPORT_CANDIDATES },
	[EXPORT_MESSAGES] = { msg_cols, ARRAY_SIZE(msg_cols),
	    STORE_EXPORT_MESSAGES },
	[EXPORT_SUBSCRIBERS] = { sub_cols, ARRAY_SIZE(sub_cols),
	    STORE_EXPORT_SUBSCRIBERS },
	[EXPORT_BOUNCES] = { bounce_cols, ARRAY_SIZE(bounce_cols),
	    STORE_EXPORT_BOUNCES },
};

#define COLS_MAX 32   /* more than any table above has */

/* a table with its columns' positions in the store's rows: at[i][0] the
 * column's cell; a uid's source at [1]; a salary's max, currency, period
 * at [1] to [3] */
struct layout {
	const struct table *t;
	int at[COLS_MAX][4];
};

static int
layout_make(enum export_what w, struct layout *l, const char **error_r)
{
	static const char *const salary[] = { "salary_min", "salary_max",
	    "salary_currency", "salary_period" };
	const struct table *t = &tables[w];
	size_t i, k;

	l->t = t;
	for (i = 0; i < t->n && i < COLS_MAX; i++) {
		const struct column *c = &t->cols[i];
		int *at = l->at[i];

		at[0] = store_export_cell(t->store, c->cell);
		at[1] = at[2] = at[3] = 0;
		if (c->type == V_UID)
			at[1] = store_export_cell(t->store, "source");
		if (c->type == V_SALARY)
			for (k = 0; k < 4; k++)
				at[k] = store_export_cell(t->store, salary[k]);
		for (k = 0; k < 4; k++)
			if (at[k] < 0) {
				/* the two tables disagree: a broken build */
				*error_r = "export: a column the store does "
				    "not have";
				return -1;
			}
	}
	return 0;
}

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

static json_t *
text_or_null(const struct store_cell *c)
{
	return c->s != NULL ? json_string(c->s) : json_null();
}

static int
resume_object(void *ctx, const struct store_export_resume *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "filename", r->filename != NULL ?
	    json_string(r->filename) : json_null());
	json_object_set_new(o, "content_type", r->content_type != NULL ?
	    json_string(r->content_type) : json_null());
	json_object_set_new(o, "size", json_integer((json_int_t)r->size));
	json_object_set_new(o, "sha256", r->sha256 != NULL ?
	    json_string(r->sha256) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

static json_t *
resumes_of(struct store *st, long cand)
{
	json_t *a = json_array();

	/* a failed read leaves the list as far as it got, as before */
	store_export_resumes(st, cand, resume_object, a, NULL);
	return a;
}

/* row_object: one row of the store's cells as an export object. */
static json_t *
row_object(struct store *st, const struct layout *l,
    const struct store_cell *cells)
{
	const struct table *t = l->t;
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct column *col = &t->cols[i];
		const struct store_cell *c = &cells[l->at[i][0]];
		int null = c->type == STORE_CELL_NULL;
		json_t *v;

		switch (col->type) {
		case V_TEXT:
			v = text_or_null(c);
			break;
		case V_INT:
			v = null ? json_null() : json_integer(c->i);
			break;
		case V_NUM:
			v = null ? json_null() : json_amount(c->d);
			break;
		case V_BOOL:
			v = null ? json_null() : json_boolean(c->i != 0);
			break;
		case V_TIME: {
			char ts[21];

			if (null)
				v = json_null();
			else {
				time_rfc3339((long)c->i, ts);
				v = json_string(ts);
			}
			break;
		}
		case V_JSON:
			v = c->s != NULL ? json_loads(c->s, 0, NULL) : NULL;
			if (v == NULL)
				v = json_null();
			break;
		case V_UID: {
			const char *src = cells[l->at[i][1]].s;

			if (null)
				v = json_null();
			else if (src != NULL && strncmp(src, "imap", 4) == 0)
				v = json_integer(strtoll(c->s, NULL, 10));
			else
				v = json_string(c->s);
			break;
		}
		case V_SALARY: {
			/* an end may be null ("up to 200k", salary.h) */
			const struct store_cell *mx = &cells[l->at[i][1]];

			if (null && mx->type == STORE_CELL_NULL)
				v = json_null();
			else {
				v = json_object();
				json_object_set_new(v, "min", null ?
				    json_null() : json_amount(c->d));
				json_object_set_new(v, "max",
				    mx->type == STORE_CELL_NULL ? json_null() :
				    json_amount(mx->d));
				json_object_set_new(v, "currency",
				    text_or_null(&cells[l->at[i][2]]));
				json_object_set_new(v, "period",
				    text_or_null(&cells[l->at[i][3]]));
			}
			break;
		}
		case V_RESUMES:
			v = resumes_of(st, (long)c->i);
			break;
		default:
			v = json_null();
		}
		json_object_set_new(o, col->key, v);
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

/* what a walk over the store's rows carries to each row */
struct walk {
	struct store *st;
	struct layout l;
	enum export_what w;
	enum export_format f;
	FILE *out;
	json_t *found;   /* one row: the object */
};

static int
record_row(void *ctx, const struct store_cell *cells, size_t n)
{
	struct walk *k = ctx;
	json_t *o;

	(void)n;
	o = row_object(k->st, &k->l, cells);
	write_row(k->out, k->l.t, o, k->f);
	json_decref(o);
	return 0;
}

int
export_records(struct store *st, enum export_what w, enum export_format f,
    FILE *out, const char **error_r)
{
	struct walk k = { .st = st, .w = w, .f = f, .out = out };
	size_t i;

	if (layout_make(w, &k.l, error_r) < 0)
		return -1;
	if (f == FORMAT_CSV) {
		for (i = 0; i < k.l.t->n; i++)
			fprintf(out, "%s%s", i ? "," : "", k.l.t->cols[i].key);
		fputs("\r\n", out);
	}
	if (store_export_rows(st, k.l.t->store, STORE_EXPORT_ALL, 0,
	    record_row, &k, error_r) < 0)
		return -1;
	if (ferror(out) || fflush(out) != 0) {
		*error_r = "write error";
		return -1;
	}
	return 0;
}

static int
first_row(void *ctx, const struct store_cell *cells, size_t n)
{
	struct walk *k = ctx;

	(void)n;
	k->found = row_object(k->st, &k->l, cells);
	return 1;   /* one is enough */
}

static json_t *
row_where(struct store *st, enum export_what w, enum store_export_by by,
    long id)
{
	struct walk k = { .st = st, .w = w };
	const char *err;

	if (layout_make(w, &k.l, &err) < 0)
		return NULL;
	store_export_rows(st, k.l.t->store, by, id, first_row, &k, &err);
	return k.found;
}

json_t *
export_row(struct store *st, enum export_what w, long id)
{
	return row_where(st, w, STORE_EXPORT_BY_ID, id);
}

json_t *
export_row_for_message(struct store *st, enum export_what w, long msg_id)
{
	return row_where(st, w, STORE_EXPORT_BY_MESSAGE, msg_id);
}

static const char *
str_or(json_t *o, const char *key, const char *dflt)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : dflt;
}

static int
list_row(void *ctx, const struct store_cell *cells, size_t n)
{
	struct walk *k = ctx;
	json_t *o = row_object(k->st, &k->l, cells);
	json_int_t id = json_integer_value(json_object_get(o, "id"));
	int review = json_is_true(json_object_get(o, "needs_review"));

	(void)n;
	switch (k->w) {
	case EXPORT_JOBS:
		fprintf(k->out, "%5lld  %-32.32s  %-28.28s  %-16.16s %s%s\n",
		    (long long)id, str_or(o, "position_title", "?"),
		    str_or(o, "company", "?"),
		    str_or(o, "location", str_or(o, "country", "")),
		    str_or(o, "country", ""),
		    review ? "  [needs review]" : "");
		break;
	case EXPORT_CANDIDATES:
		fprintf(k->out, "%5lld  %-28.28s  %-30.30s  %-30.30s%s\n",
		    (long long)id, str_or(o, "name", "?"),
		    str_or(o, "email", "?"),
		    str_or(o, "desired_position",
		    str_or(o, "current_title", "")),
		    review ? "  [needs review]" : "");
		break;
	case EXPORT_MESSAGES:
		fprintf(k->out, "%5lld  %-12s %-9s  %-30.30s  %s\n",
		    (long long)id, str_or(o, "kind", ""),
		    str_or(o, "outcome", ""), str_or(o, "from", ""),
		    str_or(o, "subject", ""));
		break;
	case EXPORT_SUBSCRIBERS:
		fprintf(k->out, "%5lld  %-12s  %-40s  %s\n",
		    (long long)id, str_or(o, "status", ""),
		    str_or(o, "email", ""), str_or(o, "name", ""));
		break;
	case EXPORT_BOUNCES:
		fprintf(k->out, "%5lld  %-40s  %-8s %-5s %s\n",
		    (long long)id, str_or(o, "recipient", "?"),
		    str_or(o, "action", ""), str_or(o, "status", ""),
		    json_is_true(json_object_get(o, "hard")) ? "hard" :
		    json_is_false(json_object_get(o, "hard")) ? "soft" :
		    "");
		break;
	}
	json_decref(o);
	return 0;
}

int
export_list(struct store *st, enum export_what w, FILE *out,
    const char **error_r)
{
	struct walk k = { .st = st, .w = w, .out = out };

	if (layout_make(w, &k.l, error_r) < 0)
		return -1;
	return store_export_rows(st, k.l.t->store, STORE_EXPORT_ALL, 0,
	    list_row, &k, error_r) < 0 ? -1 : 0;
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

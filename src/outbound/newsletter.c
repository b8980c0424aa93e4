/*
 * newsletter.c — issues: building (articles -> frozen snapshot + one
 * delivery row per active subscriber), the schedule tick, preview, the
 * archive page, rendering one subscriber's message, status.
 *
 * Ownership: struct nl_issue owns its parsed templates and the issue's
 * template context; newsletter_message borrows it read-only, so it can be
 * rendered for any number of subscribers.
 *
 * SECURITY: article text is the firm's, but whoever can write the
 * articles folder must not reach other subscribers' data: values are
 * inserted by the template expander, never expanded again, and escaped
 * for HTML; headers go through compose (RFC 2047, no CR/LF).  Subscriber
 * names come from strangers' mails: they only ever enter a child
 * context of the issue, escaped like every value.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "article.h"
#include "compose.h"
#include "log.h"
#include "newsletter.h"
#include "schedule.h"
#include "store_issue.h"
#include "template.h"
#include "util.h"

#define TEMPLATE_FILE_MAX (1024 * 1024)

/* ---- time in the newsletter's zone ---- */

static void
today(const struct conf *c, time_t now, char out[11])
{
	struct tm tm;

	schedule_localtime(c->timezone, now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static char *
long_date(const struct conf *c, time_t now)
{
	static const char *const months[] = { "January", "February", "March",
		"April", "May", "June", "July", "August", "September",
		"October", "November", "December" };
	struct tm tm;

	schedule_localtime(c->timezone, now, &tm);
	return xasprintf("%d %s %d", tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900);
}

/* ---- addresses ---- */

static const char *
domain_of(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return at != NULL ? at + 1 : addr;
}

char *
newsletter_verp(const struct conf *c, const char *delivery_token)
{
	return compose_plus_address(c->bounces, delivery_token);
}

/* replace every "{key}" in pattern with value */
static char *
fill(const char *pattern, const char *key, const char *value)
{
	struct buf b;
	const char *p = pattern, *q;
	size_t kl = strlen(key);

	buf_init(&b, 0);
	while ((q = strstr(p, key)) != NULL) {
		buf_append(&b, p, (size_t)(q - p));
		buf_puts(&b, value);
		p = q + kl;
	}
	buf_puts(&b, p);
	return buf_steal(&b);
}

/* ---- templates ---- */

struct tpl {
	struct template *html, *subject, *text;
};

static void
tpl_free(struct tpl *t)
{
	template_free(t->html);
	template_free(t->subject);
	template_free(t->text);
	memset(t, 0, sizeof(*t));
}

/* tpl_parse: newsletter.html and newsletter.txt (headers, blank line,
 * body) from their texts; errors name the file and line */
static int
tpl_parse(const char *html, const char *txt, struct tpl *t, char **error_r)
{
	memset(t, 0, sizeof(*t));
	if (template_parse("newsletter.html", html, strlen(html),
	    TEMPLATE_HTML, &t->html, error_r) < 0)
		return -1;
	if (template_parse_mail("newsletter.txt", txt, strlen(txt),
	    &t->subject, &t->text, error_r) < 0) {
		tpl_free(t);
		return -1;
	}
	return 0;
}

/* ---- values: JSON snapshot <-> template context ---- */

static void
json_to_tctx(json_t *o, struct tctx *c)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		if (json_is_string(v))
			tctx_set(c, k, json_string_value(v));
		else if (json_is_integer(v))
			tctx_setf(c, k, "%lld", (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			tctx_set_bool(c, k, json_is_true(v));
		else if (json_is_array(v)) {
			struct tctx *list = tctx_list(c, k);
			size_t i;
			json_t *it;

			json_array_foreach(v, i, it)
				if (json_is_object(it))
					json_to_tctx(it, tctx_list_add(list));
		}
	}
}

/* the issue's values (DESIGN §3; templates/README.md) */
static json_t *
issue_values(const struct conf *c, long number, time_t now,
    struct article **a, size_t n)
{
	json_t *o = json_object(), *list = json_array();
	char *name = c->list_name != NULL ? xstrdup(c->list_name) :
	    compose_from_name(c->from);
	char *date = long_date(c, now);
	size_t i;

	json_object_set_new(o, "list_name",
	    json_string(name != NULL ? name : c->list_id));
	json_object_set_new(o, "issue_number", json_integer(number));
	json_object_set_new(o, "issue_title", json_string(a[0]->title));
	json_object_set_new(o, "issue_date", json_string(date));
	json_object_set_new(o, "postal_address",
	    json_string(c->postal_address ? c->postal_address : ""));
	if (c->archive_url != NULL) {
		char num[24], *u;

		snprintf(num, sizeof(num), "%ld", number);
		u = fill(c->archive_url, "{number}", num);
		json_object_set_new(o, "archive_url", json_string(u));
		free(u);
	}
	for (i = 0; i < n; i++) {
		json_t *it = json_object();

		json_object_set_new(it, "slug", json_string(a[i]->slug));
		json_object_set_new(it, "title", json_string(a[i]->title));
		json_object_set_new(it, "author", json_string(a[i]->author));
		json_object_set_new(it, "date", json_string(a[i]->date));
		json_object_set_new(it, "category",
		    json_string(a[i]->category));
		json_object_set_new(it, "summary", json_string(a[i]->summary));
		json_object_set_new(it, "html", json_string(a[i]->html));
		json_object_set_new(it, "text", json_string(a[i]->text));
		json_array_append_new(list, it);
	}
	json_object_set_new(o, "articles", list);
	free(name);
	free(date);
	return o;
}

/* ---- articles not yet sent ---- */

/* new_articles: dated up to today, not in an issue; newest first */
static int
new_articles(const struct conf *c, struct store *st, time_t now,
    struct article ***list_r, size_t *n_r, char **error_r)
{
	struct article **all = NULL, **keep;
	size_t n = 0, k = 0, i;
	char day[11];

	*list_r = NULL;
	*n_r = 0;
	if (article_load_dir(c->articles, &all, &n, error_r) < 0)
		return -1;
	today(c, now, day);
	keep = xcalloc(n + 1, sizeof(*keep));
	for (i = n; i-- > 0;) {   /* sorted oldest first: walk backwards */
		const char *err = NULL;
		int sent = strcmp(all[i]->date, day) > 0 ? 1 :
		    store_issue_slug_used(st, all[i]->slug, &err);

		if (sent < 0) {
			*error_r = xasprintf("store: %s", err);
			article_list_free(all, n);
			free(keep);
			return -1;
		}
		if (sent == 0) {
			size_t j;

			/* two files with one slug ("a_b.md", "A-B.md") would
			 * break the issue_articles UNIQUE key and so every
			 * build: the newer one goes, the other is skipped */
			for (j = 0; j < k; j++)
				if (strcmp(keep[j]->slug, all[i]->slug) == 0)
					break;
			if (j < k) {
				log_warn("%s: article skipped: its name makes "
				    "the same slug '%s' as %s", all[i]->path,
				    all[i]->slug, keep[j]->path);
				continue;
			}
			keep[k++] = all[i];
			all[i] = NULL;
		}
	}
	article_list_free(all, n);
	if (k == 0) {
		free(keep);
		return 0;
	}
	*list_r = keep;
	*n_r = k;
	return 0;
}

/* ---- rendering ---- */

struct nl_issue {
	const struct conf *c;
	long id, number;
	struct tpl t;
	struct tctx *values;
	char *from_addr;
};

static int
render(const struct template *t, const struct tctx *v, struct buf *out,
    char **error_r)
{
	buf_reset(out);
	return template_render(t, v, out, error_r);
}

/* message: one subscriber's message from parsed templates and values */
static int
message(const struct conf *c, const struct tpl *t, const struct tctx *values,
    long number, const char *email, const char *name, const char *sub_token,
    const char *delivery_token, struct buf *out, char **error_r)
{
	struct tctx *sub = tctx_new_child(values);
	struct buf html, text, head;
	struct compose_msg m;
	char *from = compose_from_address(c->from), *subject = NULL, *mailto, *url = NULL;
	char *tag = xasprintf("unsubscribe-%s", sub_token);
	char *req = c->newsletter_requests != NULL ?
	    xstrdup(c->newsletter_requests) : xstrdup(from);
	char *mid = xasprintf("issue-%ld.%s", number, delivery_token);
	int r = -1;

	buf_init(&html, NEWSLETTER_MESSAGE_MAX / 2);
	buf_init(&text, NEWSLETTER_MESSAGE_MAX / 4);
	buf_init(&head, 64 * 1024);
	mailto = compose_plus_address(req, tag);
	if (c->unsubscribe_url != NULL)
		url = fill(c->unsubscribe_url, "{token}", sub_token);
	tctx_set(sub, "name", name != NULL ? name : "");
	tctx_set(sub, "email", email);
	if (url != NULL)
		tctx_set(sub, "unsubscribe_url", url);
	else
		tctx_setf(sub, "unsubscribe_url", "mailto:%s?subject="
		    "unsubscribe", mailto);
	if (render(t->html, sub, &html, error_r) < 0 ||
	    render(t->text, sub, &text, error_r) < 0 ||
	    render(t->subject, sub, &head, error_r) < 0)
		goto done;
	subject = template_mail_subject(head.data != NULL ? head.data : "");
	memset(&m, 0, sizeof(m));
	m.from = c->from;
	m.to_addr = email;
	m.to_name = name;
	m.subject = subject;
	m.message_id_domain = domain_of(from);
	m.message_id_local = mid;
	m.list_id = c->list_id;
	m.unsub_mailto = mailto;
	m.unsub_url = url;
	m.bulk = 1;
	m.text = text.data != NULL ? text.data : "";
	m.html = html.data != NULL ? html.data : "";
	buf_reset(out);
	r = compose_message(&m, out, error_r);
done:
	tctx_free(sub);
	buf_free(&html);
	buf_free(&text);
	buf_free(&head);
	free(from);
	free(subject);
	free(mailto);
	free(url);
	free(tag);
	free(req);
	free(mid);
	return r;
}

/* archive_page: the issue's public page, DIR/issue-N.html: the issue's
 * own newsletter.html rendered with "web" set and no subscriber */
static int
archive_page(const struct template *html, const struct tctx *values,
    long number, const char *dir, int quiet, char **error_r)
{
	struct tctx *web = tctx_new_child(values);
	struct buf out;
	char *path = NULL, *file;
	const char *err;
	int r = -1;

	tctx_set_bool(web, "web", 1);
	buf_init(&out, NEWSLETTER_MESSAGE_MAX);
	if (template_render(html, web, &out, error_r) < 0)
		goto done;
	if (mkdir_p(dir, 0755) < 0) {
		*error_r = xasprintf("%s: cannot create: %s", dir,
		    strerror(errno));
		goto done;
	}
	file = xasprintf("issue-%ld.html", number);
	path = path_join(dir, file);
	free(file);
	/* a public page: readable by the web server */
	if (file_write_atomic(path, out.data != NULL ? out.data : "", out.len,
	    0644, &err) < 0)
		*error_r = xasprintf("%s: %s", path, err);
	else {
		r = 0;
		if (!quiet)
			log_info("issue %ld: archive page %s", number, path);
	}
done:
	buf_free(&out);
	tctx_free(web);
	free(path);
	return r;
}

/* ---- building ---- */

struct draft {
	struct article **a;
	size_t n;
	long number;
	char *html, *txt;      /* template texts */
	struct tpl t;
	json_t *values;
	struct tctx *ctx;
	char *subject;
};

static void
draft_free(struct draft *d)
{
	article_list_free(d->a, d->n);
	free(d->html);
	free(d->txt);
	tpl_free(&d->t);
	json_decref(d->values);
	tctx_free(d->ctx);
	free(d->subject);
	memset(d, 0, sizeof(*d));
}

/* draft: 1 ready, 0 no articles, -1 error */
static int
draft(const struct conf *c, struct store *st, time_t now, struct draft *d,
    char **error_r)
{
	struct buf head;

	memset(d, 0, sizeof(*d));
	if (!c->has_newsletter) {
		*error_r = xstrdup("no [newsletter] section in the config");
		return -1;
	}
	if (template_read(c->templates, "newsletter.html", TEMPLATE_FILE_MAX,
	    &d->html, NULL, error_r) < 0 ||
	    template_read(c->templates, "newsletter.txt", TEMPLATE_FILE_MAX,
	    &d->txt, NULL, error_r) < 0 ||
	    tpl_parse(d->html, d->txt, &d->t, error_r) < 0) {
		draft_free(d);
		return -1;
	}
	if (new_articles(c, st, now, &d->a, &d->n, error_r) < 0) {
		draft_free(d);
		return -1;
	}
	if (d->n == 0) {
		draft_free(d);
		return 0;
	}
	{
		const char *err;

		if (store_issue_next_number(st, &d->number, &err) < 0) {
			*error_r = xasprintf("store: %s", err);
			draft_free(d);
			return -1;
		}
	}
	d->values = issue_values(c, d->number, now, d->a, d->n);
	d->ctx = tctx_new();
	json_to_tctx(d->values, d->ctx);
	buf_init(&head, 64 * 1024);
	if (template_render(d->t.subject, d->ctx, &head, error_r) < 0) {
		buf_free(&head);
		draft_free(d);
		return -1;
	}
	d->subject = template_mail_subject(head.data != NULL ? head.data : "");
	buf_free(&head);
	return 1;
}

/* token: a delivery's VERP token (24 hex digits) */
static int
token(char buf[STORE_ISSUE_TOKEN_MAX])
{
	return compose_random_hex(buf, 12);
}

/* insert the issue, its articles and its deliveries (in the caller's
 * transaction) */
static int
insert_issue(struct store *st, struct draft *d, time_t now, time_t slot,
    long *deliveries_r, const char **error_r)
{
	struct store_issue_article *arts;
	struct store_issue_new is;
	char *ctx = json_dumps(d->values, JSON_COMPACT);
	long id;
	size_t i;
	int r;

	arts = xcalloc(d->n, sizeof(*arts));
	for (i = 0; i < d->n; i++) {
		arts[i].slug = d->a[i]->slug;
		arts[i].title = d->a[i]->title;
		arts[i].date = d->a[i]->date;
	}
	memset(&is, 0, sizeof(is));
	is.number = d->number;
	is.subject = d->subject;
	is.created_at = (long)now;
	is.slot = (long)slot;
	is.context = ctx;
	is.html_template = d->html;
	is.text_template = d->txt;
	is.articles = arts;
	is.n_articles = d->n;
	r = store_issue_add(st, &is, token, &id, deliveries_r, error_r);
	free(arts);
	free(ctx);
	return r;
}

static int
record_slot(struct store *st, time_t slot, const char **err)
{
	char v[24];

	snprintf(v, sizeof(v), "%lld", (long long)slot);
	return store_meta_set(st, NEWSLETTER_SLOT_KEY, v, err);
}

int
newsletter_build(const struct conf *c, struct store *st, time_t slot,
    long *number_r, char **error_r)
{
	struct draft d;
	time_t now = time(NULL);
	const char *err;
	long n_deliveries, number;
	int r;

	if ((r = draft(c, st, now, &d, error_r)) <= 0) {
		if (r == 0 && slot != 0) {
			if (store_begin(st, &err) < 0 ||
			    record_slot(st, slot, &err) < 0 ||
			    store_commit(st, &err) < 0) {
				store_rollback(st);
				*error_r = xasprintf("store: %s", err);
				return -1;
			}
		}
		return r;
	}
	if (store_begin(st, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		draft_free(&d);
		return -1;
	}
	/* under the write lock: nobody built this number meanwhile */
	if (store_issue_next_number(st, &number, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		store_rollback(st);
		draft_free(&d);
		return -1;
	}
	if (number != d.number) {
		store_rollback(st);
		draft_free(&d);
		*error_r = xstrdup("another process built an issue meanwhile; "
		    "try again");
		return -1;
	}
	if (insert_issue(st, &d, now, slot, &n_deliveries, &err) < 0 ||
	    (slot != 0 && record_slot(st, slot, &err) < 0)) {
		*error_r = xasprintf("store: %s", err);
		store_rollback(st);
		draft_free(&d);
		return -1;
	}
	if (store_commit(st, &err) < 0) {
		*error_r = xasprintf("store: %s", err);
		draft_free(&d);
		return -1;
	}
	log_info("issue %ld built: \"%s\", %zu article%s, %ld subscriber%s",
	    d.number, d.subject, d.n, d.n == 1 ? "" : "s", n_deliveries,
	    n_deliveries == 1 ? "" : "s");
	*number_r = d.number;
	{
		char *e = NULL;

		/* the page is a copy: the issue goes out without it */
		if (archive_page(d.t.html, d.ctx, d.number, c->archive, 0,
		    &e) < 0) {
			log_error("issue %ld: archive page: %s", d.number, e);
			free(e);
		}
	}
	draft_free(&d);
	return 1;
}

int
newsletter_preview(const struct conf *c, struct store *st, const char *dir,
    long *number_r, char **error_r)
{
	struct draft d;
	struct buf out;
	char *from, *file, *path;
	const char *err;
	int r;

	if ((r = draft(c, st, time(NULL), &d, error_r)) <= 0)
		return r;
	from = compose_from_address(c->from);
	buf_init(&out, NEWSLETTER_MESSAGE_MAX);
	r = message(c, &d.t, d.ctx, d.number, from, "Sam Sample",
	    "0123456789abcdef0123456789abcdef", "preview", &out, error_r);
	if (r == 0 && mkdir_p(dir, 0755) < 0) {
		*error_r = xasprintf("%s: cannot create: %s", dir,
		    strerror(errno));
		r = -1;
	}
	if (r == 0) {
		file = xasprintf("issue-%ld.eml", d.number);
		path = path_join(dir, file);
		if (file_write_atomic(path, out.data, out.len, 0644, &err) < 0) {
			*error_r = xasprintf("%s: %s", path, err);
			r = -1;
		}
		free(file);
		free(path);
	}
	if (r == 0)
		r = archive_page(d.t.html, d.ctx, d.number, dir, 1, error_r);
	if (r == 0)
		*number_r = d.number;
	buf_free(&out);
	free(from);
	draft_free(&d);
	return r == 0 ? 1 : -1;
}

int
newsletter_tick(const struct conf *c, struct store *st, time_t now,
    time_t *next_r, char **error_r)
{
	struct schedule *s;
	enum schedule_due due;
	char *v = NULL, rfc[21];
	time_t last = 0, slot = 0;
	const char *err;
	long number;
	int r;

	*next_r = 0;
	if (!c->has_newsletter)
		return 0;
	if (schedule_parse(c->schedule, c->timezone, &s, error_r) < 0)
		return -1;
	*next_r = schedule_next(s, now);
	if (store_meta_get(st, NEWSLETTER_SLOT_KEY, &v) == 1)
		last = (time_t)strtoll(v, NULL, 10);
	free(v);
	due = schedule_due(s, last, now, c->catch_up, &slot);
	schedule_free(s);
	time_rfc3339((long)slot, rfc);
	switch (due) {
	case SCHEDULE_NONE:
		return 0;
	case SCHEDULE_MISSED:
		log_warn("newsletter: the slot of %s was missed by more than "
		    "catch_up (%lds); skipped, the next one is due as usual",
		    rfc, c->catch_up);
		if (store_begin(st, &err) < 0 || record_slot(st, slot, &err) < 0 ||
		    store_commit(st, &err) < 0) {
			store_rollback(st);
			*error_r = xasprintf("store: %s", err);
			return -1;
		}
		return 0;
	case SCHEDULE_DUE:
		break;
	}
	r = newsletter_build(c, st, slot, &number, error_r);
	if (r == 0)
		log_info("newsletter: slot %s: no new articles, no issue", rfc);
	return r;
}

/* ---- sending side ---- */

struct nl_issue *
newsletter_issue_load(const struct conf *c, struct store *st, long issue_id,
    char **error_r)
{
	struct store_issue_frozen f;
	struct nl_issue *is = NULL;
	json_t *values = NULL;
	json_error_t jerr;
	const char *err;
	int r, ok = 0;

	if ((r = store_issue_frozen(st, issue_id, &f, &err)) != 0) {
		*error_r = r < 0 ? xasprintf("store: %s", err) :
		    xasprintf("no issue with id %ld", issue_id);
		goto done;
	}
	is = xcalloc(1, sizeof(*is));
	is->c = c;
	is->id = issue_id;
	is->number = f.number;
	values = json_loads(f.context != NULL ? f.context : "", 0, &jerr);
	if (values == NULL || !json_is_object(values)) {
		*error_r = xasprintf("issue %ld: stored values unreadable: %s",
		    is->number, jerr.text);
		goto done;
	}
	if (tpl_parse(f.html_template != NULL ? f.html_template : "",
	    f.text_template != NULL ? f.text_template : "", &is->t,
	    error_r) < 0)
		goto done;
	is->values = tctx_new();
	json_to_tctx(values, is->values);
	ok = 1;
done:
	json_decref(values);
	store_issue_frozen_clear(&f);
	if (!ok) {
		newsletter_issue_free(is);
		is = NULL;
	}
	return is;
}

void
newsletter_issue_free(struct nl_issue *is)
{
	if (is == NULL)
		return;
	tpl_free(&is->t);
	tctx_free(is->values);
	free(is);
}

long
newsletter_issue_number(const struct nl_issue *is)
{
	return is->number;
}

int
newsletter_message(const struct nl_issue *is, const char *email,
    const char *name, const char *sub_token, const char *delivery_token,
    struct buf *out, char **error_r)
{
	return message(is->c, &is->t, is->values, is->number, email, name,
	    sub_token, delivery_token, out, error_r);
}

/* ---- status ---- */

int
newsletter_finish_issues(struct store *st)
{
	const char *err;

	return store_issue_finish(st, &err);
}

int
newsletter_status(const struct conf *c, struct store *st, long number,
    FILE *out, char **error_r)
{
	struct store_issue_info info;
	const char *err;
	char created[21];
	int found;

	found = store_issue_info(st, number, &info, &err);
	if (found < 0) {
		*error_r = xasprintf("store: %s", err);
		store_issue_info_clear(&info);
		return -1;
	}
	if (found) {
		time_rfc3339(info.created_at, created);
		fprintf(out, "issue %ld: %s\n  built %s, %s\n", info.number,
		    info.subject != NULL ? info.subject : "", created,
		    info.state != NULL ? info.state : "");
		fprintf(out, "  deliveries: sent %ld, deferred %ld, failed %ld, "
		    "pending %ld, skipped %ld\n", info.sent, info.deferred,
		    info.failed, info.pending, info.skipped);
	} else if (number > 0) {
		*error_r = xasprintf("no issue %ld", number);
		return 1;
	} else
		fprintf(out, "no issue yet\n");
	store_issue_info_clear(&info);
	if (c->has_newsletter) {
		struct schedule *sc;
		char *serr, next[21];

		if (schedule_parse(c->schedule, c->timezone, &sc, &serr) == 0) {
			time_rfc3339((long)schedule_next(sc, time(NULL)), next);
			fprintf(out, "next slot: %s (%s, %s)\n", next,
			    c->schedule, c->timezone);
			schedule_free(sc);
		} else
			free(serr);
	}
	return found || number == 0 ? 0 : 1;
}

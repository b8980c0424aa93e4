/*
 * respond.c — acknowledgements and subscription commands (respond.h):
 * who gets an answer, rendered from the mail templates, composed, and
 * queued in the outbox in the caller's transaction.
 *
 * Ownership: struct respond owns its parsed templates; everything else
 * is borrowed from the caller for the duration of a call.
 *
 * SECURITY: the mail answered is a stranger's.  Its subject and the
 * recorded fields enter the reply only through the template expander
 * (header context for the Subject: controls become blanks) and compose
 * (RFC 2047, CR/LF stripped, one To address checked strictly), so no
 * encoded CR/LF can add a header.  Replies go only to an address that
 * passes subscriber_addr_normalize, never to null, daemon, list or
 * robot senders, never twice a day to one address (RFC 3834), with the
 * null envelope sender, so an auto-reply loop cannot start.  Tokens are
 * the subscribers' 128-bit getrandom tokens.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounce.h"
#include "compose.h"
#include "log.h"
#include "respond.h"
#include "subscriber.h"
#include "template.h"
#include "util.h"

#define MESSAGE_MAX (1024u * 1024)
#define TOKEN_LEN 32

struct mail_tpl {
	struct template *head, *body;
};

struct respond {
	const struct conf *c;
	struct store *st;
	struct mail_tpl job, cand, confirm;
	char *from_addr;        /* our From addr-spec */
	char *firm;             /* from's display name */
	char *requests;         /* the request address (or from's) */
};

/* ---- templates ---- */

static void
tpl_free(struct mail_tpl *t)
{
	template_free(t->head);
	template_free(t->body);
	memset(t, 0, sizeof(*t));
}

static int
tpl_load(const char *dir, const char *file, struct mail_tpl *t,
    char **error_r)
{
	char *path = path_join(dir, file), *text = NULL;
	const char *err;
	size_t len;
	int r = -1;

	memset(t, 0, sizeof(*t));
	if (file_read(path, MESSAGE_MAX, &text, &len, &err) < 0) {
		*error_r = xasprintf("%s: %s", path, err);
		goto done;
	}
	if (memchr(text, '\0', len) != NULL || !utf8_valid(text, len)) {
		*error_r = xasprintf("%s: not UTF-8 text", file);
		goto done;
	}
	if (template_parse_mail(file, text, len, &t->head, &t->body,
	    error_r) < 0)
		goto done;
	r = 0;
done:
	free(path);
	free(text);
	return r;
}

struct respond *
respond_new(const struct conf *c, struct store *st, char **error_r)
{
	struct respond *r = xcalloc(1, sizeof(*r));
	const char *dir = c->templates != NULL ? c->templates :
	    PKGDATADIR "/templates";

	r->c = c;
	r->st = st;
	if (c->from == NULL) {
		*error_r = xstrdup("[addresses] from is not set: no replies");
		free(r);
		return NULL;
	}
	if (tpl_load(dir, "ack-job-order.txt", &r->job, error_r) < 0 ||
	    tpl_load(dir, "ack-candidate.txt", &r->cand, error_r) < 0 ||
	    tpl_load(dir, "confirm.txt", &r->confirm, error_r) < 0) {
		respond_free(r);
		return NULL;
	}
	r->from_addr = compose_from_address(c->from);
	str_lower(r->from_addr);
	r->firm = compose_from_name(c->from);
	if (r->firm == NULL)
		r->firm = xstrdup(r->from_addr);
	r->requests = xstrdup(c->newsletter_requests != NULL ?
	    c->newsletter_requests : r->from_addr);
	return r;
}

void
respond_free(struct respond *r)
{
	if (r == NULL)
		return;
	tpl_free(&r->job);
	tpl_free(&r->cand);
	tpl_free(&r->confirm);
	free(r->from_addr);
	free(r->firm);
	free(r->requests);
	free(r);
}

/* ---- the outbox ---- */

int
respond_outbox_add(struct store *st, const char *kind, long msg_id,
    const char *to, const char *env_from, const char *raw, size_t len,
    const char **error_r)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(store_db(st), "INSERT INTO outbox(kind, "
	    "message, to_addr, env_from, raw, state, created_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, 'pending', ?6)", -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	if (msg_id > 0)
		sqlite3_bind_int64(s, 2, msg_id);
	sqlite3_bind_text(s, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, env_from, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, raw, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, (long)time(NULL));
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	return 0;
fail:
	*error_r = sqlite3_errmsg(store_db(st));
	sqlite3_finalize(s);
	return -1;
}

/* sent_lately: a mail of kind to addr queued in the last 24 hours? */
static int
sent_lately(struct store *st, const char *kind, const char *addr)
{
	sqlite3_stmt *s = NULL;
	int r = -1;

	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM outbox WHERE "
	    "to_addr = ?1 AND kind = ?2 AND created_at > ?3 LIMIT 1", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, addr, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (long)time(NULL) - 86400);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW:
		r = 1;
		break;
	case SQLITE_DONE:
		r = 0;
		break;
	}
	sqlite3_finalize(s);
	return r;
}

/* render a mail template and compose it to `to`: 0, or -2 when this
 * answer cannot be made (logged; the mail is still recorded: one odd
 * mail must never stop the queue) */
static int
compose_tpl(struct respond *r, const struct mail_tpl *t, const struct tctx *v,
    const char *to, const char *to_name, const struct mail *inreply,
    const char *reply_to, struct buf *out, const char **error_r)
{
	struct buf head, body;
	struct compose_msg m;
	char *subject = NULL, *refs = NULL, *err = NULL;
	int rc = -1;

	buf_init(&head, MESSAGE_MAX);
	buf_init(&body, MESSAGE_MAX);
	if (template_render(t->head, v, &head, &err) < 0 ||
	    template_render(t->body, v, &body, &err) < 0) {
		log_error("reply: %s", err);
		free(err);
		rc = -2;
		goto done;
	}
	subject = template_mail_subject(head.data != NULL ? head.data : "");
	memset(&m, 0, sizeof(m));
	m.from = r->c->from;
	m.to_addr = to;
	m.to_name = to_name;
	m.reply_to = reply_to;
	m.subject = subject != NULL ? subject : "";
	m.message_id_domain = strchr(r->from_addr, '@') + 1;
	m.auto_replied = 1;
	if (inreply != NULL && inreply->message_id != NULL) {
		const char *old = mail_header_get(inreply, "References");

		m.in_reply_to = inreply->message_id;
		refs = xasprintf("%s <%s>", old != NULL ? old : "",
		    inreply->message_id);
		m.references = refs;
	}
	m.text = body.data != NULL ? body.data : "";
	buf_reset(out);
	if (compose_message(&m, out, &err) < 0) {
		log_error("reply to %s: %s", to, err);
		free(err);
		rc = -2;
		goto done;
	}
	rc = 0;
done:
	buf_free(&head);
	buf_free(&body);
	free(subject);
	free(refs);
	return rc;
}

/* ---- acknowledgements ---- */

static int
is_ours(const struct respond *r, const char *addr)
{
	const struct conf *c = r->c;
	size_t i;

	/* a web-form robot is a machine we feed, never the person */
	for (i = 0; i < c->n_web_forms; i++)
		if (str_eq_ci(addr, c->web_forms[i]))
			return 1;
	return str_eq_ci(addr, r->from_addr) || str_eq_ci(addr, c->bounces) ||
	    str_eq_ci(addr, c->job_orders) || str_eq_ci(addr, c->candidates) ||
	    str_eq_ci(addr, c->newsletter_requests);
}

/* never_reply: why addr must get no automatic answer, or NULL */
static const char *
never_reply(const struct respond *r, const char *addr)
{
	static const char *const robots[] = { "mailer-daemon", "postmaster",
	    "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
	    "do_not_reply", "bounce", "bounces", "listserv", "majordomo" };
	const char *at = strchr(addr, '@');
	char local[65];
	size_t n, i;

	if (at == NULL)
		return "no address";
	n = (size_t)(at - addr);
	if (n >= sizeof(local))
		n = sizeof(local) - 1;
	memcpy(local, addr, n);
	local[n] = '\0';
	str_lower(local);
	if (strchr(local, '+') != NULL)
		*strchr(local, '+') = '\0';
	for (i = 0; i < ARRAY_SIZE(robots); i++)
		if (strcmp(local, robots[i]) == 0)
			return "a daemon or no-reply address";
	if (str_suffix_ci(local, "-request") || str_prefix_ci(local, "owner-"))
		return "a list's address";
	if (is_ours(r, addr))
		return "one of our own addresses";
	return NULL;
}

/* bulk_mail: a list or bulk mail (no answers to those), or NULL.  A
 * mail relayed by one of our web-form robots (form) is a person's form:
 * its Precedence and Auto-Submitted say what the robot is, and the
 * answer goes to the person, never to the robot */
static const char *
bulk_mail(const struct mail *m, int form)
{
	const char *v;

	if (mail_header_get(m, "List-Id") != NULL ||
	    mail_header_get(m, "List-Unsubscribe") != NULL ||
	    mail_header_get(m, "List-Post") != NULL)
		return "a list mail";
	if (form)
		return NULL;
	v = mail_header_get(m, "Precedence");
	if (v != NULL && (str_prefix_ci(v, "bulk") || str_prefix_ci(v, "list")
	    || str_prefix_ci(v, "junk")))
		return "Precedence: bulk, list or junk";
	v = mail_header_get(m, "Auto-Submitted");
	if (v != NULL && !str_prefix_ci(v, "no"))
		return "Auto-Submitted";
	if (mail_header_get(m, "X-Auto-Response-Suppress") != NULL &&
	    mem_find_ci(mail_header_get(m, "X-Auto-Response-Suppress"),
	    strlen(mail_header_get(m, "X-Auto-Response-Suppress")),
	    "autoreply") != NULL)
		return "X-Auto-Response-Suppress";
	return NULL;
}

static int
from_web_form(const struct respond *r, const struct mail *m)
{
	size_t i;

	if (m->from_addr == NULL)
		return 0;
	for (i = 0; i < r->c->n_web_forms; i++)
		if (str_eq_ci(m->from_addr, r->c->web_forms[i]))
			return 1;
	return 0;
}

/* ack_address: where the answer goes (normalized, malloc'd) or NULL
 * with *why_r */
static char *
ack_address(const struct respond *r, const struct mail *m,
    const char *person, const char **why_r)
{
	const char *to;
	char *n;

	if (from_web_form(r, m)) {
		/* the robot is not the person: the record or Reply-To */
		to = person != NULL && *person != '\0' ? person :
		    m->reply_to_addr;
		if (to == NULL) {
			*why_r = "a web-form mail naming no address";
			return NULL;
		}
	} else if (m->return_path != NULL) {
		to = m->return_path;
		if (*to == '\0') {
			*why_r = "null sender (Return-Path: <>)";
			return NULL;
		}
	} else
		to = m->from_addr;
	if (to == NULL || (n = subscriber_addr_normalize(to)) == NULL) {
		*why_r = "no usable sender address";
		return NULL;
	}
	if ((*why_r = never_reply(r, n)) != NULL) {
		free(n);
		return NULL;
	}
	return n;
}

static void
field(struct tctx *list, const char *label, const char *value)
{
	struct tctx *it;

	if (value == NULL || *value == '\0')
		return;
	it = tctx_list_add(list);
	tctx_set(it, "label", label);
	tctx_set(it, "value", value);
}

static void
missing(struct tctx *list, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		tctx_set(tctx_list_add(list), "label", label);
}

/* "EUR 180,000 - 210,000 per year" */
static char *
salary_text(const struct salary *s)
{
	char a[32], b[32];
	struct buf out;
	size_t i;
	double v[2];

	if (!s->found)
		return NULL;
	v[0] = s->min;
	v[1] = s->max;
	for (i = 0; i < 2; i++) {
		char digits[32], *d = i == 0 ? a : b;
		size_t n, k, o = 0;

		snprintf(digits, sizeof(digits), "%.0f", v[i]);
		n = strlen(digits);
		for (k = 0; k < n; k++) {
			if (k > 0 && (n - k) % 3 == 0)
				d[o++] = ',';
			d[o++] = digits[k];
		}
		d[o] = '\0';
	}
	buf_init(&out, 0);
	if (s->currency[0] != '\0')
		buf_appendf(&out, "%s ", s->currency);
	buf_puts(&out, a);
	if (s->max != s->min)
		buf_appendf(&out, " - %s", b);
	if (s->period[0] != '\0')
		buf_appendf(&out, " per %s", s->period);
	return buf_steal(&out);
}

static char *
join(char **v, size_t n)
{
	struct buf b;
	size_t i;

	if (n == 0)
		return NULL;
	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		buf_appendf(&b, "%s%s", i ? "; " : "", v[i]);
	return buf_steal(&b);
}

static void
job_values(struct tctx *v, const struct job_order *j)
{
	struct tctx *f = tctx_list(v, "fields"), *miss = tctx_list(v, "missing");
	char *sal = salary_text(&j->salary), *loc = NULL;

	if (j->location != NULL && j->country != NULL)
		loc = xasprintf("%s (%s)", j->location, j->country);
	field(f, "Position", j->position_title);
	field(f, "Company", j->company);
	field(f, "Contact", j->contact_name);
	field(f, "Contact's title", j->contact_title);
	field(f, "Email", j->contact_email);
	field(f, "Phone", j->contact_phone);
	field(f, "Location", loc != NULL ? loc : j->location != NULL ?
	    j->location : j->country);
	field(f, "Industry", j->industry);
	if (j->employment_type != NULL) {
		char *e = xstrdup(j->employment_type), *u;

		for (u = e; *u != '\0'; u++)
			if (*u == '_')
				*u = ' ';   /* "full time" */
		field(f, "Employment", e);
		free(e);
	}
	field(f, "Salary", sal);
	field(f, "Start", j->start_date);
	if (j->confidential == 1)
		field(f, "Confidential", "yes");
	missing(miss, "the position's title", j->position_title);
	missing(miss, "the company", j->company);
	missing(miss, "a contact email address", j->contact_email);
	missing(miss, "the location", j->location != NULL ? j->location :
	    j->country);
	tctx_set_bool(v, "needs_review", j->needs_review ||
	    tctx_list_len(miss) > 0);
	tctx_set(v, "name", j->contact_name != NULL ? j->contact_name : "");
	free(sal);
	free(loc);
}

static void
cand_values(struct tctx *v, const struct candidate *c)
{
	struct tctx *f = tctx_list(v, "fields"), *miss = tctx_list(v, "missing");
	struct tctx *res = tctx_list(v, "resumes");
	char *sal = salary_text(&c->salary_expectation);
	char *ind = join(c->industries, c->n_industries);
	char *loc = join(c->locations, c->n_locations);
	char years[16];
	size_t i;

	field(f, "Name", c->name);
	field(f, "Email", c->email);
	field(f, "Phone", c->phone);
	field(f, "Current title", c->current_title);
	field(f, "Current employer", c->current_employer);
	field(f, "Position sought", c->desired_position);
	field(f, "Industries", ind);
	field(f, "Locations", loc);
	if (c->willing_to_relocate >= 0)
		field(f, "Willing to relocate",
		    c->willing_to_relocate ? "yes" : "no");
	field(f, "Salary expectation", sal);
	if (c->years_experience >= 0) {
		snprintf(years, sizeof(years), "%d", c->years_experience);
		field(f, "Years of experience", years);
	}
	field(f, "Profile", c->profile_url);
	for (i = 0; i < c->n_resumes; i++)
		tctx_set(tctx_list_add(res), "filename",
		    c->resumes[i].filename != NULL ? c->resumes[i].filename :
		    "(no name)");
	missing(miss, "your name", c->name);
	missing(miss, "the position you are looking for",
	    c->desired_position != NULL ? c->desired_position :
	    c->current_title);
	tctx_set_bool(v, "needs_review", c->needs_review ||
	    tctx_list_len(miss) > 0);
	tctx_set(v, "name", c->name != NULL ? c->name : "");
	free(sal);
	free(ind);
	free(loc);
}

int
respond_ack(struct respond *r, long msg_id, long record_id,
    const struct mail *m, const struct job_order *job,
    const struct candidate *cand, const char **why_r, const char **error_r)
{
	struct tctx *v;
	struct buf out;
	char *to, ref[32];
	int lately, rc;

	*why_r = NULL;
	if ((*why_r = bulk_mail(m, from_web_form(r, m))) != NULL)
		return 0;
	to = ack_address(r, m, job != NULL ? job->contact_email :
	    cand != NULL ? cand->email : NULL, why_r);
	if (to == NULL)
		return 0;
	lately = sent_lately(r->st, "ack", to);
	if (lately != 0) {
		free(to);
		if (lately < 0) {
			*error_r = sqlite3_errmsg(store_db(r->st));
			return -1;
		}
		*why_r = "acknowledged that address in the last 24 hours";
		return 0;
	}
	snprintf(ref, sizeof(ref), "%s-%ld", job != NULL ? "JO" : "CA",
	    record_id);
	v = tctx_new();
	tctx_set(v, "reference", ref);
	{
		/* "Re: Re: …" helps nobody */
		const char *subj = m->subject != NULL ? m->subject : "";

		while (*subj == ' ')
			subj++;
		while (str_prefix_ci(subj, "re:") || str_prefix_ci(subj, "aw:") ||
		    str_prefix_ci(subj, "sv:")) {
			subj += 3;
			while (*subj == ' ')
				subj++;
		}
		tctx_set(v, "subject", subj);
	}
	tctx_set(v, "firm", r->firm);
	if (job != NULL)
		job_values(v, job);
	else
		cand_values(v, cand);
	buf_init(&out, MESSAGE_MAX * 2);
	rc = compose_tpl(r, job != NULL ? &r->job : &r->cand, v, to, NULL, m,
	    NULL, &out, error_r);
	if (rc == 0)
		rc = respond_outbox_add(r->st, "ack", msg_id, to, "", out.data,
		    out.len, error_r);
	if (rc == 0)
		log_info("message %ld: acknowledgement %s queued for %s",
		    msg_id, ref, to);
	tctx_free(v);
	buf_free(&out);
	free(to);
	if (rc == -2) {
		*why_r = "the answer could not be made (see the log)";
		return 0;
	}
	return rc < 0 ? -1 : 1;
}

/* ---- subscription commands ---- */

static int
is_token(const char *s, size_t n)
{
	size_t i;

	if (n != TOKEN_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* plus_tag: a recipient REQUESTS-local+TAG-TOKEN@REQUESTS-domain with
 * TAG "unsubscribe" or "confirm": the token into tok (33 bytes) */
static int
plus_tag(const struct respond *r, const struct mail *m, const char *tag,
    char tok[TOKEN_LEN + 1])
{
	const char *at = strchr(r->requests, '@');
	size_t ll = at != NULL ? (size_t)(at - r->requests) : 0, tl = strlen(tag);
	size_t i;

	if (at == NULL)
		return 0;
	for (i = 0; i < m->n_rcpt; i++) {
		const char *a = m->rcpt[i], *rat = strrchr(a, '@');

		if (rat == NULL || strncasecmp(a, r->requests, ll) != 0 ||
		    a[ll] != '+' || !str_eq_ci(rat, at))
			continue;
		if (strncasecmp(a + ll + 1, tag, tl) != 0 || a[ll + 1 + tl] != '-')
			continue;
		if (!is_token(a + ll + 2 + tl, (size_t)(rat - (a + ll + 2 + tl))))
			continue;
		memcpy(tok, a + ll + 2 + tl, TOKEN_LEN);
		tok[TOKEN_LEN] = '\0';
		return 1;
	}
	return 0;
}

/* find_token: the first 32-hex word of s (lowercase) */
static int
find_token(const char *s, char tok[TOKEN_LEN + 1])
{
	const char *p = s;

	while (p != NULL && *p != '\0') {
		size_t n;

		while (*p != '\0' && !((*p >= '0' && *p <= '9') ||
		    (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			p++;
		n = strspn(p, "0123456789abcdefABCDEF");
		if (n == TOKEN_LEN) {
			size_t i;

			for (i = 0; i < n; i++)
				tok[i] = (char)(p[i] >= 'A' && p[i] <= 'F' ?
				    p[i] + 32 : p[i]);
			tok[n] = '\0';
			return 1;
		}
		p += n;
		if (n == 0 && *p != '\0')
			p++;
	}
	return 0;
}

enum command { CMD_NONE, CMD_SUBSCRIBE, CMD_UNSUBSCRIBE, CMD_CONFIRM };

/* word_at: s starts with the whole word w ("stop", not "Stopover") */
static int
word_at(const char *s, const char *w)
{
	unsigned char c;

	if (!str_prefix_ci(s, w))
		return 0;
	c = (unsigned char)s[strlen(w)];
	return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80);
}

/* the command word at the start of a line (after "Re:"/"Fwd:") */
static enum command
command_of(const char *s)
{
	if (s == NULL)
		return CMD_NONE;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		if (str_prefix_ci(s, "re:") || str_prefix_ci(s, "aw:") ||
		    str_prefix_ci(s, "sv:"))
			s += 3;
		else if (str_prefix_ci(s, "fwd:"))
			s += 4;
		else
			break;
	}
	if (word_at(s, "unsubscribe") || word_at(s, "abbestellen") ||
	    word_at(s, "désabonner") || word_at(s, "stop"))
		return CMD_UNSUBSCRIBE;
	if (word_at(s, "confirm") || word_at(s, "please confirm"))
		return CMD_CONFIRM;
	if (word_at(s, "subscribe"))
		return CMD_SUBSCRIBE;
	return CMD_NONE;
}

static int
queue_confirmation(struct respond *r, long msg_id, long sub_id,
    const char *addr, const char **error_r)
{
	struct tctx *v = tctx_new();
	struct buf out;
	char *token = subscriber_token(r->st, sub_id), *tag, *confirm;
	int rc;

	if (token == NULL) {
		tctx_free(v);
		*error_r = "subscriber without a token";
		return -1;
	}
	tag = xasprintf("confirm-%s", token);
	confirm = compose_plus_address(r->requests, tag);
	tctx_set(v, "list_name", r->c->list_name != NULL ? r->c->list_name :
	    r->firm);
	tctx_set(v, "firm", r->firm);
	tctx_set(v, "email", addr);
	tctx_set(v, "token", token);
	tctx_set(v, "confirm_address", confirm);
	tctx_set(v, "request_address", r->requests);
	buf_init(&out, MESSAGE_MAX * 2);
	rc = compose_tpl(r, &r->confirm, v, addr, NULL, NULL, confirm, &out,
	    error_r);
	if (rc == 0)
		rc = respond_outbox_add(r->st, "confirm", msg_id, addr, "",
		    out.data, out.len, error_r);
	tctx_free(v);
	buf_free(&out);
	free(token);
	free(tag);
	free(confirm);
	return rc;
}

int
respond_subscription(struct respond *r, long msg_id, const struct mail *m,
    const char **what_r, const char **error_r)
{
	char tok[TOKEN_LEN + 1], *addr = NULL, *err = NULL;
	const char *status;
	enum command cmd;
	long id;
	int rc = 0;

	/* the List-Unsubscribe mailto of an issue: the token says who */
	if (plus_tag(r, m, "unsubscribe", tok)) {
		id = subscriber_by_token(r->st, tok, &status);
		if (id < 0)
			goto store_fail;
		if (id == 0) {
			*what_r = "unsubscribe: unknown token";
			return 0;
		}
		if (subscriber_unsubscribe(r->st, id) < 0)
			goto store_fail;
		*what_r = "unsubscribed (List-Unsubscribe)";
		return 0;
	}
	/* a reply to the confirmation, or "confirm TOKEN" */
	cmd = command_of(m->subject);
	if (cmd == CMD_NONE)
		cmd = command_of(m->text);
	if (plus_tag(r, m, "confirm", tok) ||
	    ((cmd == CMD_CONFIRM || cmd == CMD_NONE) &&
	    ((m->subject != NULL && find_token(m->subject, tok)) ||
	    (cmd == CMD_CONFIRM && m->text != NULL && find_token(m->text,
	    tok))))) {
		id = subscriber_by_token(r->st, tok, &status);
		if (id < 0)
			goto store_fail;
		if (id == 0) {
			*what_r = "confirm: unknown token";
			return 0;
		}
		rc = subscriber_confirm(r->st, id);
		if (rc < 0)
			goto store_fail;
		*what_r = rc ? "confirmed" : "confirm: not pending (nothing done)";
		return 0;
	}
	if (cmd == CMD_NONE || cmd == CMD_CONFIRM) {
		*what_r = "no subscription command found";
		return 0;
	}
	/* subscribe / unsubscribe: for the sender's own address */
	if ((m->return_path != NULL && *m->return_path == '\0') ||
	    m->from_addr == NULL ||
	    (addr = subscriber_addr_normalize(m->from_addr)) == NULL) {
		*what_r = "no usable sender address";
		return 0;
	}
	if (cmd == CMD_UNSUBSCRIBE) {
		id = subscriber_find(r->st, addr);
		if (id < 0)
			goto store_fail;
		if (id > 0 && subscriber_unsubscribe(r->st, id) < 0)
			goto store_fail;
		*what_r = id > 0 ? "unsubscribed" : "unsubscribe: not subscribed";
		free(addr);
		return 0;
	}
	/* a daemon, list or our own address is no reader: a confirmation
	 * to it would be an automatic answer to a robot (RFC 3834) */
	if (never_reply(r, addr) != NULL) {
		*what_r = "subscribe: a robot's or our own address (nothing "
		    "done)";
		free(addr);
		return 0;
	}
	{
		enum subscriber_change ch;
		int lately;

		id = subscriber_find(r->st, addr);
		if (id < 0)
			goto store_fail;
		if (id > 0) {
			sqlite3_stmt *s = NULL;
			int complained = 0;

			/* DESIGN §3: a complainant is never mailed again */
			if (sqlite3_prepare_v2(store_db(r->st), "SELECT status "
			    "= 'complained' FROM subscribers WHERE id = ?1", -1,
			    &s, NULL) == SQLITE_OK) {
				sqlite3_bind_int64(s, 1, id);
				if (sqlite3_step(s) == SQLITE_ROW)
					complained = sqlite3_column_int(s, 0);
			}
			sqlite3_finalize(s);
			if (complained) {
				*what_r = "subscribe: the address complained "
				    "before (nothing sent)";
				free(addr);
				return 0;
			}
		}
		rc = subscriber_request(r->st, addr, m->from_name, &ch, &err);
		if (rc == -2) {
			log_error("store: %s", err);
			free(err);
			goto store_fail;
		}
		if (rc < 0) {
			free(err);
			*what_r = "subscribe: not a usable address";
			free(addr);
			return 0;
		}
		id = subscriber_find(r->st, addr);
		if (id <= 0)
			goto store_fail;
		{
			sqlite3_stmt *s = NULL;
			int active = 0;

			if (sqlite3_prepare_v2(store_db(r->st), "SELECT status = "
			    "'active' FROM subscribers WHERE id = ?1", -1, &s,
			    NULL) == SQLITE_OK) {
				sqlite3_bind_int64(s, 1, id);
				if (sqlite3_step(s) == SQLITE_ROW)
					active = sqlite3_column_int(s, 0);
			}
			sqlite3_finalize(s);
			if (active) {
				*what_r = "subscribe: already active (nothing "
				    "sent)";
				free(addr);
				return 0;
			}
		}
		lately = sent_lately(r->st, "confirm", addr);
		if (lately < 0)
			goto store_fail;
		if (lately) {
			*what_r = "subscribe: confirmation sent in the last "
			    "24 hours";
			free(addr);
			return 0;
		}
		rc = queue_confirmation(r, msg_id, id, addr, error_r);
		if (rc == -2) {
			*what_r = "subscribed: pending, but the confirmation "
			    "could not be made (see the log)";
			free(addr);
			return 0;
		}
		if (rc < 0) {
			free(addr);
			return -1;
		}
		*what_r = "subscribed: pending, confirmation queued";
		free(addr);
		return 0;
	}
store_fail:
	free(addr);
	*error_r = sqlite3_errmsg(store_db(r->st));
	return -1;
}

/* ---- bounces and complaints ---- */

/* by_verp: the delivery and subscriber of a VERP token (0 when unknown) */
static int
by_verp(struct store *st, const char *token, long *delivery_r, long *sub_r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*delivery_r = *sub_r = 0;
	if (token == NULL)
		return 0;
	if (sqlite3_prepare_v2(store_db(st), "SELECT id, subscriber FROM "
	    "deliveries WHERE token = ?1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*delivery_r = (long)sqlite3_column_int64(s, 0);
		*sub_r = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
respond_bounce(const struct conf *c, struct store *st, long msg_id,
    const struct mail *m, const struct bounce_phrases *phrases,
    const char **what_r, const char **error_r)
{
	struct bounce_report *b = NULL;
	long delivery, vsub, sub;
	char *vmail = NULL;
	size_t i;
	int rc = -1, optout = 0;

	if (bounce_parse(m, c->bounces, phrases, &b, error_r) < 0)
		return -1;
	if (by_verp(st, b->verp_token, &delivery, &vsub) < 0)
		goto store_fail;
	if (vsub > 0)
		vmail = subscriber_email(st, vsub);
	switch (b->kind) {
	case BOUNCE_NONE:
		*what_r = "not a bounce after all: nothing done";
		rc = 0;
		goto done;
	case BOUNCE_FEEDBACK:
		/* an opt-out report (Apple's unsubscribe button, ARF
		 * opt-out) is an unsubscribe, not a complaint */
		optout = b->feedback_type != NULL &&
		    strcmp(b->feedback_type, "opt-out") == 0;
		*what_r = "complaint: no subscriber found";
		if (vsub > 0 && optout) {
			if (subscriber_unsubscribe(st, vsub) < 0)
				goto store_fail;
			*what_r = "opt-out report: the subscriber is "
			    "unsubscribed";
		} else if (vsub > 0) {
			if (subscriber_complained(st, vsub, error_r) < 0)
				goto done;
			*what_r = "complaint: the subscriber is complained";
		}
		for (i = 0; i < b->n_complainants; i++) {
			sub = subscriber_find(st, b->complainants[i]);
			if (sub < 0)
				goto store_fail;
			if (sub > 0 && sub != vsub) {
				if (optout) {
					if (subscriber_unsubscribe(st, sub) < 0)
						goto store_fail;
					*what_r = "opt-out report: the "
					    "subscriber is unsubscribed";
				} else if (subscriber_complained(st, sub,
				    error_r) < 0)
					goto done;
				else
					*what_r = "complaint: the subscriber "
					    "is complained";
			}
		}
		rc = 0;
		goto done;
	case BOUNCE_DSN:
	case BOUNCE_NONSTANDARD:
		break;
	}
	if (b->n_rcpts == 0) {
		/* the delivery is known, the reason not: a soft failure */
		if (vsub > 0 && subscriber_bounce(st, vsub, msg_id,
		    delivery, vmail, NULL, "failed", 0,
		    "a bounce naming no recipient", error_r) < 0)
			goto done;
		*what_r = vsub > 0 ? "bounce without recipients: counted for "
		    "the delivery's subscriber" : "bounce: no recipient found";
		rc = 0;
		goto done;
	}
	for (i = 0; i < b->n_rcpts; i++) {
		const struct bounce_rcpt *br = &b->rcpts[i];
		long d = 0;

		/* the VERP token names the delivery: it wins when the
		 * notice names that subscriber or only one recipient */
		if (vsub > 0 && (b->n_rcpts == 1 || (vmail != NULL &&
		    str_eq_ci(vmail, br->recipient)))) {
			sub = vsub;
			d = delivery;
		} else if ((sub = subscriber_find(st, br->recipient)) < 0)
			goto store_fail;
		if (subscriber_bounce(st, sub, msg_id, d, br->recipient,
		    br->status[0] != '\0' ? br->status : NULL,
		    bounce_action_name(br->action), br->hard, br->diagnostic,
		    error_r) < 0)
			goto done;
	}
	*what_r = "bounce recorded";
	rc = 0;
	goto done;
store_fail:
	*error_r = sqlite3_errmsg(store_db(st));
done:
	free(vmail);
	bounce_report_free(b);
	return rc;
}

/* ---- replies to our acknowledgements ---- */

#define ACK_REPLY_MAX_IDS 50   /* References entries looked at */

/* subject_ref: the first "JO-n" / "CA-n" (n of 1-9 digits, not inside a
 * word) in the subject: 1 with *job_r and *id_r, or 0 */
static int
subject_ref(const char *s, int *job_r, long *id_r)
{
	const char *p;

	if (s == NULL)
		return 0;
	for (p = s; *p != '\0'; p++) {
		size_t k = 0;
		long id = 0;

		if (!((p[0] == 'J' && p[1] == 'O') || (p[0] == 'C' &&
		    p[1] == 'A')) || p[2] != '-')
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
			continue;
		while (k < 9 && isdigit((unsigned char)p[3 + k]))
			id = id * 10 + (p[3 + k++] - '0');
		if (k == 0 || isalnum((unsigned char)p[3 + k]) || id <= 0)
			continue;
		*job_r = p[0] == 'J';
		*id_r = id;
		return 1;
	}
	return 0;
}

/* one_long: the first column of the first row of sql bound to ?1 (text)
 * and ?2 (integer); 1 with *v_r, 0 for no row, -1 */
static int
one_long(struct store *st, const char *sql, const char *text, long num,
    long *v_r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (text != NULL)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, num);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v_r = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
respond_ack_reply(struct store *st, const struct mail *m, char *ref,
    size_t refsz, const char **error_r)
{
	static const char *const by_tag[2] = {
		"SELECT c.id FROM candidates c JOIN outbox o ON o.message = "
		"c.message WHERE c.id = ?2 AND o.kind = 'ack' AND o.to_addr = ?1",
		"SELECT j.id FROM jobs j JOIN outbox o ON o.message = "
		"j.message WHERE j.id = ?2 AND o.kind = 'ack' AND o.to_addr = ?1",
	};
	static const char *const by_mid[2] = {
		"SELECT c.id FROM messages ms JOIN candidates c ON c.message = "
		"ms.id WHERE ms.message_id = ?1 AND ?2 = ?2 ORDER BY c.id LIMIT 1",
		"SELECT j.id FROM messages ms JOIN jobs j ON j.message = "
		"ms.id WHERE ms.message_id = ?1 AND ?2 = ?2 ORDER BY j.id LIMIT 1",
	};
	static const char *const heads[] = { "In-Reply-To", "References" };
	long id = 0;
	int job, r, h, k, ids = 0;

	if (subject_ref(m->subject, &job, &id) && m->from_addr != NULL) {
		r = one_long(st, by_tag[job], m->from_addr, id, &id);
		if (r != 0)
			goto found;
	}
	for (h = 0; h < (int)ARRAY_SIZE(heads); h++) {
		const char *v = mail_header_get(m, heads[h]), *lt, *gt;

		while (v != NULL && (lt = strchr(v, '<')) != NULL &&
		    (gt = strchr(lt, '>')) != NULL &&
		    ids++ < ACK_REPLY_MAX_IDS) {
			char *mid = xstrndup(lt + 1, (size_t)(gt - lt - 1));

			for (k = 1; k >= 0; k--) {
				r = one_long(st, by_mid[k], mid, 0, &id);
				if (r != 0) {
					job = k;
					break;
				}
			}
			free(mid);
			if (r != 0)
				goto found;
			v = gt + 1;
		}
	}
	return 0;
found:
	if (r < 0) {
		*error_r = sqlite3_errmsg(store_db(st));
		return -1;
	}
	snprintf(ref, refsz, "%s-%ld", job ? "JO" : "CA", id);
	return 1;
}

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
put_time(FILE *out, sqlite3_int64 t)
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

int
respond_outbox_list(struct store *st, FILE *out, int all, char **error_r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), all ?
	    "SELECT id, state, kind, attempts, created_at, to_addr, "
	    "coalesce(last_reply, '') FROM outbox ORDER BY id" :
	    "SELECT id, state, kind, attempts, created_at, to_addr, "
	    "coalesce(last_reply, '') FROM outbox WHERE state <> 'sent' "
	    "ORDER BY id", -1, &s, NULL) != SQLITE_OK) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fprintf(out, "%5lld  %-8s  %-14s  %2lld  ",
		    (long long)sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 2),
		    (long long)sqlite3_column_int64(s, 3));
		put_time(out, sqlite3_column_int64(s, 4));
		fputs("  ", out);
		put_safe(out, sqlite3_column_text(s, 5), 254);
		if (*(const char *)sqlite3_column_text(s, 6) != '\0') {
			fputs("  ", out);
			put_safe(out, sqlite3_column_text(s, 6), 80);
		}
		fputc('\n', out);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

int
respond_outbox_show(struct store *st, long id, FILE *out, char **error_r)
{
	static const char *const label[] = { "id", "kind", "state",
	    "message", "to", "envelope from", "attempts", "queued",
	    "next attempt", "first deferred", "done", "last code",
	    "last answer" };
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id, kind, state, "
	    "message, to_addr, env_from, attempts, created_at, next_attempt, "
	    "first_deferred_at, done_at, last_code, last_reply, raw "
	    "FROM outbox WHERE id = ?1", -1, &s, NULL) != SQLITE_OK) {
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc == SQLITE_DONE)
			return 1;
		*error_r = xasprintf("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(label); i++) {
		int col = (int)i;

		fprintf(out, "%-15s ", label[i]);
		if (sqlite3_column_type(s, col) == SQLITE_NULL)
			fputs("-", out);
		else if (col >= 7 && col <= 10)
			put_time(out, sqlite3_column_int64(s, col));
		else if (col == 5 && sqlite3_column_bytes(s, col) == 0)
			fputs("<> (the null sender)", out);
		else
			put_safe(out, sqlite3_column_text(s, col), 1000);
		fputc('\n', out);
	}
	fputc('\n', out);
	fwrite(sqlite3_column_blob(s, 13), 1,
	    (size_t)sqlite3_column_bytes(s, 13), out);
	sqlite3_finalize(s);
	return 0;
}

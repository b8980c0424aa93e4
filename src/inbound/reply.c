/*
 * reply.c — who gets an automatic answer and how it is made (reply.h):
 * the mail templates, the rules that keep answers away from robots, lists
 * and ourselves (RFC 3834), and the composing of one answer.  It writes
 * nothing: the plan builders (ack.c, command.c) put what it composes into
 * a plan, and store_apply queues it.
 *
 * Ownership: struct reply owns its parsed templates and addresses; the
 * configuration is borrowed and must outlive it.
 *
 * SECURITY: the mail answered is a stranger's.  Its subject and the
 * recorded fields enter the reply only through the template expander
 * (header context for the Subject: controls become blanks) and compose
 * (RFC 2047, CR/LF stripped, one To address checked strictly), so no
 * encoded CR/LF can add a header.  Replies go only to an address that
 * passes subscriber_addr_normalize, never to null, daemon, list or
 * robot senders, with the null envelope sender, so an auto-reply loop
 * cannot start.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "log.h"
#include "reply.h"
#include "subscriber.h"
#include "util.h"

/* ---- templates ---- */

static void
tpl_free(struct reply_tpl *t)
{
	template_free(t->head);
	template_free(t->body);
	memset(t, 0, sizeof(*t));
}

static int
tpl_load(const char *dir, const char *file, struct reply_tpl *t,
    char **error_r)
{
	char *text = NULL;
	size_t len;
	int r;

	memset(t, 0, sizeof(*t));
	if (template_read(dir, file, REPLY_MESSAGE_MAX, &text, &len,
	    error_r) < 0)
		return -1;
	r = template_parse_mail(file, text, len, &t->head, &t->body, error_r);
	free(text);
	return r < 0 ? -1 : 0;
}

struct reply *
reply_new(const struct conf *c, char **error_r)
{
	struct reply *r = xcalloc(1, sizeof(*r));
	const char *dir = c->templates != NULL ? c->templates :
	    PKGDATADIR "/templates";

	r->c = c;
	if (c->from == NULL) {
		*error_r = xstrdup("[addresses] from is not set: no replies");
		free(r);
		return NULL;
	}
	if (tpl_load(dir, "ack-job-order.txt", &r->job, error_r) < 0 ||
	    tpl_load(dir, "ack-candidate.txt", &r->cand, error_r) < 0 ||
	    tpl_load(dir, "confirm.txt", &r->confirm, error_r) < 0) {
		reply_free(r);
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
reply_free(struct reply *r)
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

int
reply_compose(struct reply *r, const struct reply_tpl *t, const struct tctx *v,
    const char *to, const char *to_name, const struct mail *inreply,
    const char *reply_to, struct buf *out, const char **error_r)
{
	struct buf head, body;
	struct compose_msg m;
	char *subject = NULL, *refs = NULL, *err = NULL;
	int rc = -1;

	buf_init(&head, REPLY_MESSAGE_MAX);
	buf_init(&body, REPLY_MESSAGE_MAX);
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


static int
is_ours(const struct reply *r, const char *addr)
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
const char *
reply_never(const struct reply *r, const char *addr)
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
const char *
reply_bulk(const struct mail *m, int form)
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

int
reply_from_web_form(const struct reply *r, const struct mail *m)
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
char *
reply_address(const struct reply *r, const struct mail *m,
    const char *person, const char **why_r)
{
	const char *to;
	char *n;

	if (reply_from_web_form(r, m)) {
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
	if ((*why_r = reply_never(r, n)) != NULL) {
		free(n);
		return NULL;
	}
	return n;
}

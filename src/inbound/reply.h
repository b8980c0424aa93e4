/*
 * reply.h — recruitd's automatic answers, made but not sent (DESIGN §2
 * Replies, §3 Subscribers): the three mail templates, the rules for who
 * may get an answer (RFC 3834), and the composing of one answer.  The
 * plan builders (ack.h, command.h) use it; store_apply queues what they
 * planned and deliver.c sends it.
 *
 * Templates (from [newsletter] templates, default PKGDATADIR/templates):
 * ack-job-order.txt, ack-candidate.txt, confirm.txt: mail templates
 * (headers, blank line, body), the Subject rendered in header context.
 */
#ifndef RECRUIT_REPLY_H
#define RECRUIT_REPLY_H

#include "conf.h"
#include "mail.h"
#include "template.h"
#include "util.h"

#define REPLY_MESSAGE_MAX (1024u * 1024)   /* a template, an answer */

struct reply_tpl {
	struct template *head, *body;
};

/* Read by the plan builders; built by reply_new, freed by reply_free. */
struct reply {
	const struct conf *c;
	struct reply_tpl job, cand, confirm;
	char *from_addr;        /* our From addr-spec, lowercase */
	char *firm;             /* from's display name (else from_addr) */
	char *requests;         /* the request address (or from's) */
};

/* reply_new: parses the three templates.  NULL and *error_r (malloc'd,
 * naming file and line) when one is missing or broken, or when
 * [addresses] from is not set. */
struct reply *reply_new(const struct conf *c, char **error_r);
void reply_free(struct reply *r);

/*
 * reply_compose: render template t with v and compose the message to
 * `to` (to_name, reply_to may be NULL; inreply: the mail answered, for
 * In-Reply-To and References) into out (reset first), marked
 * Auto-Submitted: auto-replied.  0; -2 when this answer cannot be made
 * (logged: one odd mail must never stop the others).
 */
int reply_compose(struct reply *r, const struct reply_tpl *t,
    const struct tctx *v, const char *to, const char *to_name,
    const struct mail *inreply, const char *reply_to, struct buf *out,
    const char **error_r);

/* reply_never: why addr (normalized) must get no automatic answer (a
 * daemon, no-reply, list or one of our own addresses), or NULL. */
const char *reply_never(const struct reply *r, const char *addr);
/* reply_bulk: why m is list or bulk mail (no answers to those), or NULL.
 * form: m comes from one of our web-form robots (its Precedence and
 * Auto-Submitted describe the robot, not the person). */
const char *reply_bulk(const struct mail *m, int form);
/* reply_from_web_form: m's From is a configured web-form robot. */
int reply_from_web_form(const struct reply *r, const struct mail *m);
/* reply_address: where an answer to m goes (malloc'd, normalized): the
 * Return-Path, else From; for a web-form robot's mail the person (the
 * record's address, else Reply-To).  NULL and *why_r (static) when no
 * answer may go. */
char *reply_address(const struct reply *r, const struct mail *m,
    const char *person, const char **why_r);

#endif

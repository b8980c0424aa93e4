/*
 * respond.h — recruitd's side of the conversation (DESIGN §2 Replies, §3
 * Subscribers): acknowledgements of recorded job orders and candidate
 * registrations, and the subscription commands (double opt-in).  Every
 * mail it answers with is composed at once and queued in the outbox, in
 * the caller's transaction, so a crash can neither lose nor double it;
 * the sender (deliver.c) takes the outbox before newsletters.
 *
 * Templates (from [newsletter] templates, default PKGDATADIR/templates):
 * ack-job-order.txt, ack-candidate.txt, confirm.txt: mail templates
 * (headers, blank line, body), the Subject rendered in header context.
 */
#ifndef RECRUIT_RESPOND_H
#define RECRUIT_RESPOND_H

#include <stdio.h>

#include "conf.h"
#include "extract.h"
#include "mail.h"
#include "store.h"

struct respond;
struct bounce_phrases;          /* bounce_phrase.h */

/* respond_new: parses the three templates.  NULL and *error_r (malloc'd,
 * naming file and line) when one is missing or broken. */
struct respond *respond_new(const struct conf *c, struct store *st,
    char **error_r);
void respond_free(struct respond *r);

/*
 * respond_ack: queue the acknowledgement of a recorded job order (job) or
 * candidate (cand), record_id its row id (the reference JO-n / CA-n).  It
 * goes to the Return-Path (else From), or for a mail from a configured
 * web-form robot to the person named in the record or in Reply-To.  None
 * is sent (0, *why_r says why, static) to a null or MAILER-DAEMON sender,
 * postmaster, *-request, owner-*, no-reply addresses, one of our own
 * addresses, for a list or bulk mail (List-Id, List-Unsubscribe,
 * Precedence bulk/list/junk, Auto-Submitted other than no), or when the
 * same address was acknowledged in the last 24 hours (RFC 3834).
 * 1 queued, 0 not, -1 store or compose error (*error_r static).
 */
int respond_ack(struct respond *r, long msg_id, long record_id,
    const struct mail *m, const struct job_order *job,
    const struct candidate *cand, const char **why_r, const char **error_r);

/*
 * respond_subscription: act on a mail classified as a subscription
 * command: "subscribe" (from the sender's address: pending + a
 * confirmation mail with its token; nothing for an active subscriber;
 * at most one confirmation per address per day), "confirm TOKEN", a
 * reply to the confirmation (the token in the subject or in the plus
 * address REQUESTS+confirm-TOKEN), "unsubscribe" from the address, or
 * any mail to REQUESTS+unsubscribe-TOKEN (the List-Unsubscribe mailto of
 * every issue): unsubscribed at once, nothing sent back.  0 and *what_r
 * (static: what happened) or -1 with *error_r.
 */
int respond_subscription(struct respond *r, long msg_id,
    const struct mail *m, const char **what_r, const char **error_r);

/*
 * respond_bounce: a mail classified as a bounce or a complaint, parsed
 * with bounce_parse and the phrase table phrases (the ingest's, see
 * bounce_phrase.h): one bounces row per recipient it names, each mapped
 * to its subscriber through the VERP token of the delivery (else the
 * address), with the bounce rule of subscriber_bounce (hard: bounced;
 * the third soft one in 30 days: bounced; delayed: recorded only); an
 * ARF complaint makes the complainant "complained" (an opt-out report,
 * e.g. Apple's unsubscribe button, makes it "unsubscribed").  Needs no
 * templates: bounces are applied even when replies are off.  In the caller's
 * transaction.  0 and *what_r (static), or -1 with *error_r.
 */
int respond_bounce(const struct conf *c, struct store *st, long msg_id,
    const struct mail *m, const struct bounce_phrases *phrases,
    const char **what_r, const char **error_r);

/* respond_outbox_add: queue one composed message.  env_from "" is the
 * null sender.  0 or -1 with *error_r. */
int respond_outbox_add(struct store *st, const char *kind, long msg_id,
    const char *to, const char *env_from, const char *raw, size_t len,
    const char **error_r);

/*
 * respond_ack_reply: does m answer one of our acknowledgements (a
 * correction, a question, a thank-you)?  It does when its subject
 * carries the reference JO-n or CA-n of a record whose acknowledgement
 * went to m's From address, or when its In-Reply-To or References name
 * the mail a record was made from.  Such a mail is not a new record:
 * the caller sends it to review under the reference.  Returns 1 with
 * the reference ("JO-12") in ref (refsz bytes), 0, or -1 with *error_r
 * on a store error.
 */
int respond_ack_reply(struct store *st, const struct mail *m, char *ref,
    size_t refsz, const char **error_r);

/*
 * respond_outbox_list: one line per reply in the outbox, oldest first:
 * id, state, kind, attempts, queued (UTC), recipient, the last server
 * answer (control characters shown as '?').  all = 0 leaves out the
 * sent ones.  0 or -1 with *error_r (the caller's).
 */
int respond_outbox_list(struct store *st, FILE *out, int all,
    char **error_r);

/* respond_outbox_show: the reply's details, then the message as it is
 * (or was) sent.  0, 1 when there is no such reply, -1 with *error_r. */
int respond_outbox_show(struct store *st, long id, FILE *out,
    char **error_r);

#endif

/*
 * ack.h — the acknowledgement of a job order or candidate registration
 * (DESIGN §2 Replies), planned with the record it echoes, and the
 * recognition of a mail answering one of our acknowledgements.
 */
#ifndef RECRUIT_ACK_H
#define RECRUIT_ACK_H

#include <stddef.h>

#include "mail.h"
#include "plan.h"
#include "reply.h"
#include "store.h"

/*
 * ack_plan: the acknowledgement of the record in p (p->job or p->cand,
 * numbered p->record_id: the reference JO-n / CA-n) added to p's
 * outbox messages.  It goes to the Return-Path (else From), or for a
 * mail from a configured web-form robot to the person named in the
 * record or in Reply-To.  None (0, *why_r static) to a null or
 * MAILER-DAEMON sender, postmaster, *-request, owner-*, no-reply
 * addresses, one of our own addresses, for a list or bulk mail, or when
 * the same address was acknowledged in the last 24 hours (RFC 3834; st
 * is only read).  1 planned, 0 not, -1 with *error_r on a store error.
 */
int ack_plan(struct reply *r, struct store *st, const struct mail *m,
    struct plan *p, const char **why_r, const char **error_r);

/*
 * ack_reply_find: does m answer one of our acknowledgements (a
 * correction, a question, a thank-you)?  It does when its subject
 * carries the reference JO-n or CA-n of a record whose acknowledgement
 * went to m's From address, or when its In-Reply-To or References name
 * the mail a record was made from.  Such a mail is not a new record:
 * the caller sends it to review under the reference.  Returns 1 with the
 * reference ("JO-12") in ref (refsz bytes), 0, or -1 with *error_r.
 */
int ack_reply_find(struct store *st, const struct mail *m, char *ref,
    size_t refsz, const char **error_r);

#endif

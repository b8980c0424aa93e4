/*
 * command.h — subscription commands by mail (DESIGN §3 Subscribers):
 * "subscribe" (double opt-in: pending and a confirmation mail quoting the
 * subscriber's token; nothing for an active subscriber or a complainant;
 * at most one confirmation per address per day), "confirm TOKEN" or a
 * reply to the confirmation (the token in the subject or in the plus
 * address REQUESTS+confirm-TOKEN), "unsubscribe" from the address, and
 * any mail to REQUESTS+unsubscribe-TOKEN (the List-Unsubscribe mailto of
 * every issue): unsubscribed at once, nothing sent back.
 */
#ifndef RECRUIT_COMMAND_H
#define RECRUIT_COMMAND_H

#include "mail.h"
#include "plan.h"
#include "reply.h"
#include "store.h"

/*
 * command_plan: the subscriber changes and the confirmation mail that m
 * asks for, added to p (st is only read).  1 when m carries a command
 * (acted on or not: *what_r, static, says what), 0 when it carries none
 * ("no subscription command found": the caller sends it to review), -1
 * with *error_r on a store error.
 */
int command_plan(struct reply *r, struct store *st, const struct mail *m,
    struct plan *p, const char **what_r, const char **error_r);

#endif

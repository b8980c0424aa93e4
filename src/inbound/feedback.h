/*
 * feedback.h — what a bounce or a complaint changes (DESIGN §3 Bounces):
 * one bounces row per recipient the report names, each mapped to its
 * subscriber through the VERP token of the delivery (else the address),
 * with the bounce rule of store_subscriber_bounce (hard: bounced; the third
 * soft one in 30 days: bounced; delayed: recorded only); an ARF
 * complaint makes the complainant "complained" (an opt-out report, e.g.
 * Apple's unsubscribe button, makes it "unsubscribed").  Needs no
 * templates: bounces are applied even when replies are off.
 */
#ifndef RECRUIT_FEEDBACK_H
#define RECRUIT_FEEDBACK_H

#include "bounce.h"
#include "plan.h"
#include "store.h"

/* feedback_plan: the changes report b (from bounce_parse) calls for,
 * added to p (st is only read).  0 and *what_r (static), or -1 with
 * *error_r. */
int feedback_plan(struct store *st, const struct bounce_report *b,
    struct plan *p, const char **what_r, const char **error_r);

#endif

/*
 * feedback.c — what a bounce or a complaint changes (feedback.h): bounce
 * rows, suspended, complained and unsubscribed subscribers, in the
 * mail's plan.  The report itself is parsed by bounce.c during the
 * analysis; this side only reads the store (VERP tokens, subscribers).
 *
 * SECURITY: the report is a stranger's; recipients are matched to
 * subscribers by exact (case-insensitive) address or by the delivery's
 * VERP token, nothing else.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedback.h"
#include "log.h"
#include "subscriber.h"
#include "util.h"

int
feedback_plan(struct store *st, const struct bounce_report *b,
    struct plan *p, const char **what_r, const char **error_r)
{
	long delivery, vsub, sub;
	char *vmail = NULL;
	size_t i;
	int rc = -1, optout = 0;
	enum plan_sub_op op;

	if (store_delivery_by_token(st, b->verp_token, &delivery, &vsub,
	    error_r) < 0)
		return -1;
	if (vsub > 0)
		vmail = store_subscriber_email(st, vsub, NULL);
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
		op = optout ? PLAN_SUB_UNSUBSCRIBE : PLAN_SUB_COMPLAINED;
		*what_r = "complaint: no subscriber found";
		if (vsub > 0) {
			plan_sub(p, op, vsub, NULL, NULL, NULL);
			*what_r = optout ? "opt-out report: the subscriber is "
			    "unsubscribed" : "complaint: the subscriber is "
			    "complained";
		}
		for (i = 0; i < b->n_complainants; i++) {
			sub = store_subscriber_find(st, b->complainants[i], error_r);
			if (sub < 0)
				goto store_fail;
			if (sub > 0 && sub != vsub) {
				plan_sub(p, op, sub, NULL, NULL, NULL);
				*what_r = optout ? "opt-out report: the "
				    "subscriber is unsubscribed" : "complaint: "
				    "the subscriber is complained";
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
		if (vsub > 0)
			plan_bounce(p, vsub, delivery, vmail, NULL, "failed", 0,
			    "a bounce naming no recipient");
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
		} else if ((sub = store_subscriber_find(st, br->recipient,
		    error_r)) < 0)
			goto store_fail;
		plan_bounce(p, sub, d, br->recipient, br->status[0] != '\0' ?
		    br->status : NULL, bounce_action_name(br->action), br->hard,
		    br->diagnostic);
	}
	*what_r = "bounce recorded";
	rc = 0;
	goto done;
store_fail:
done:
	free(vmail);
	return rc;
}

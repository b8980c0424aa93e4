/*
 * command.c — the subscription commands (command.h): subscribe,
 * unsubscribe and confirm by mail, and any mail to the List-Unsubscribe
 * plus address of an issue, turned into subscriber changes and a
 * confirmation mail in the mail's plan.
 *
 * Ownership: everything is borrowed for the duration of a call; what
 * goes into the plan is copied.
 *
 * SECURITY: the commands and tokens are a stranger's words.  A token is
 * 32 lowercase hex characters and names a subscriber only through an
 * exact match; a confirmation goes only to the sender's own normalized
 * address, at most once a day (RFC 3834), never to a robot or to a
 * complainant.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "command.h"
#include "compose.h"
#include "log.h"
#include "subscriber.h"
#include "util.h"

#define TOKEN_LEN CLASSIFY_TOKEN_LEN

/* plus_tag: a recipient REQUESTS-local+TAG-TOKEN@REQUESTS-domain with
 * TAG "unsubscribe" or "confirm": the token into tok (33 bytes) */
static int
plus_tag(const struct reply *r, const struct mail *m, const char *tag,
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
		if (!classify_is_token(a + ll + 2 + tl,
		    (size_t)(rat - (a + ll + 2 + tl))))
			continue;
		memcpy(tok, a + ll + 2 + tl, TOKEN_LEN);
		tok[TOKEN_LEN] = '\0';
		return 1;
	}
	return 0;
}

/* command_of: the command at the start of s (the words classify reads:
 * the mail is at the request address or its command line made it a
 * subscription) */
static enum classify_command
command_of(const char *s)
{
	return s == NULL ? CLASSIFY_CMD_NONE : classify_command(s, strlen(s), 1,
	    NULL, NULL);
}

static int
find_token(const char *s, char tok[TOKEN_LEN + 1])
{
	return classify_find_token(s, strlen(s), tok);
}

/* plan_confirmation: the confirmation mail quoting token, to addr */
static int
plan_confirmation(struct reply *r, const char *token, const char *addr,
    struct plan *p, const char **error_r)
{
	struct tctx *v = tctx_new();
	struct buf out;
	char *tag, *confirm;
	int rc;

	tag = xasprintf("confirm-%s", token);
	confirm = compose_plus_address(r->requests, tag);
	tctx_set(v, "list_name", r->c->list_name != NULL ? r->c->list_name :
	    r->firm);
	tctx_set(v, "firm", r->firm);
	tctx_set(v, "email", addr);
	tctx_set(v, "token", token);
	tctx_set(v, "confirm_address", confirm);
	tctx_set(v, "request_address", r->requests);
	buf_init(&out, REPLY_MESSAGE_MAX * 2);
	rc = reply_compose(r, &r->confirm, v, addr, NULL, NULL, confirm, &out,
	    error_r);
	if (rc == 0)
		plan_out(p, "confirm", addr, out.data, out.len);
	tctx_free(v);
	buf_free(&out);
	free(tag);
	free(confirm);
	return rc;
}

int
command_plan(struct reply *r, struct store *st, const struct mail *m,
    struct plan *p, const char **what_r, const char **error_r)
{
	char tok[TOKEN_LEN + 1], *addr = NULL, *token = NULL, *name = NULL;
	const char *status;
	const char *bstatus;
	enum classify_command cmd;
	long id;
	int rc;

	/* the List-Unsubscribe mailto of an issue: the token says who */
	if (plus_tag(r, m, "unsubscribe", tok)) {
		id = store_subscriber_by_token(st, tok, &bstatus, error_r);
		if (id < 0)
			goto store_fail;
		if (id == 0) {
			*what_r = "unsubscribe: unknown token";
			return 1;
		}
		plan_sub(p, PLAN_SUB_UNSUBSCRIBE, id, NULL, NULL, NULL);
		*what_r = "unsubscribed (List-Unsubscribe)";
		return 1;
	}
	/* a reply to the confirmation, or "confirm TOKEN" */
	cmd = command_of(m->subject);
	if (cmd == CLASSIFY_CMD_NONE)
		cmd = command_of(m->text);
	if (plus_tag(r, m, "confirm", tok) ||
	    ((cmd == CLASSIFY_CMD_CONFIRM || cmd == CLASSIFY_CMD_NONE) &&
	    ((m->subject != NULL && find_token(m->subject, tok)) ||
	    (cmd == CLASSIFY_CMD_CONFIRM && m->text != NULL && find_token(m->text,
	    tok))))) {
		id = store_subscriber_by_token(st, tok, &bstatus, error_r);
		if (id < 0)
			goto store_fail;
		if (id == 0) {
			*what_r = "confirm: unknown token";
			return 1;
		}
		if (bstatus == NULL || strcmp(bstatus, "pending") != 0) {
			*what_r = "confirm: not pending (nothing done)";
			return 1;
		}
		plan_sub(p, PLAN_SUB_CONFIRM, id, NULL, NULL, NULL);
		*what_r = "confirmed";
		return 1;
	}
	if (cmd == CLASSIFY_CMD_NONE || cmd == CLASSIFY_CMD_CONFIRM) {
		*what_r = "no subscription command found";
		return 0;
	}
	/* subscribe / unsubscribe: for the sender's own address */
	if ((m->return_path != NULL && *m->return_path == '\0') ||
	    m->from_addr == NULL ||
	    (addr = subscriber_addr_normalize(m->from_addr)) == NULL) {
		*what_r = "no usable sender address";
		return 1;
	}
	id = store_subscriber_find(st, addr, error_r);
	if (id < 0)
		goto store_fail;
	if (cmd == CLASSIFY_CMD_UNSUBSCRIBE) {
		if (id > 0)
			plan_sub(p, PLAN_SUB_UNSUBSCRIBE, id, NULL, NULL, NULL);
		*what_r = id > 0 ? "unsubscribed" : "unsubscribe: not subscribed";
		free(addr);
		return 1;
	}
	/* a daemon, list or our own address is no reader: a confirmation
	 * to it would be an automatic answer to a robot (RFC 3834) */
	if (reply_never(r, addr) != NULL) {
		*what_r = "subscribe: a robot's or our own address (nothing "
		    "done)";
		free(addr);
		return 1;
	}
	status = "";
	if (id > 0 && store_subscriber_status(st, id, &status, error_r) < 0)
		goto fail;
	/* DESIGN §3: a complainant is never mailed again */
	if (strcmp(status, "complained") == 0) {
		*what_r = "subscribe: the address complained before (nothing "
		    "sent)";
		free(addr);
		return 1;
	}
	if (strcmp(status, "active") == 0) {
		*what_r = "subscribe: already active (nothing sent)";
		free(addr);
		return 1;
	}
	/* the token the confirmation quotes: the subscriber's, or the one
	 * its new row will get */
	if (id > 0) {
		*error_r = "subscriber without a token";
		if ((token = store_subscriber_token(st, id, error_r)) == NULL)
			goto store_fail;
	} else {
		token = xmalloc(TOKEN_LEN + 1);
		if (compose_random_hex(token, TOKEN_LEN / 2) < 0) {
			*error_r = "getrandom failed";
			goto fail;
		}
	}
	/* the name as the store keeps it */
	name = subscriber_name_clean(m->from_name);
	plan_sub(p, PLAN_SUB_REQUEST, id, addr, name, token);
	rc = store_outbox_recent(st, "confirm", addr,
	    (long)time(NULL) - 86400 + 1, error_r);
	if (rc < 0)
		goto fail;
	if (rc > 0)
		*what_r = "subscribe: confirmation sent in the last 24 hours";
	else if ((rc = plan_confirmation(r, token, addr, p, error_r)) == -2)
		*what_r = "subscribed: pending, but the confirmation could not "
		    "be made (see the log)";
	else if (rc < 0)
		goto fail;
	else
		*what_r = "subscribed: pending, confirmation queued";
	free(name);
	free(token);
	free(addr);
	return 1;
store_fail:
fail:
	free(name);
	free(token);
	free(addr);
	return -1;
}

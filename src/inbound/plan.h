/*
 * plan.h — what one inbound mail changes in the store, decided before
 * anything is written (DESIGN §1: analyse, then apply).  The analysis
 * (mime, classify, extract, résumé conversion, bounce parsing) and the
 * plan builders (ack.h, command.h, feedback.h) fill a plan; store_apply
 * (store.h) writes all of it in one short savepoint, and nothing else
 * writes on behalf of a mail.
 *
 * Ownership: a plan owns the strings of its arrays (subscriber changes,
 * bounce rows, outbox messages); the message row and the record point
 * into the analysis, which must outlive the plan's apply.
 */
#ifndef RECRUIT_PLAN_H
#define RECRUIT_PLAN_H

#include <stddef.h>

#include "extract.h"

/* The message row of one mail. */
struct plan_msg {
	const char *message_id;
	const char *sha256;        /* of the raw bytes */
	const char *body_sha256;   /* of the bytes after the header, or NULL */
	const char *from_addr;
	const char *from_name;
	const char *subject;
	long date;                 /* 0 = unknown */
	const char *source;        /* "maildir:/path" or "imap://host/MAILBOX" */
	unsigned long uidvalidity; /* 0 for Maildir */
	const char *uid;           /* IMAP UID or Maildir unique name */
	const char *kind;
	const char *outcome;
	const char *reason;
	const char *raw;
	size_t raw_len;
	int raw_truncated;         /* over max_message_size: raw is the head */
	long duplicate_of;         /* messages.id or 0 */
};

enum plan_sub_op {
	PLAN_SUB_REQUEST,      /* a subscribe request: pending (new or
	                          former), an active one unchanged */
	PLAN_SUB_CONFIRM,      /* pending -> active */
	PLAN_SUB_UNSUBSCRIBE,  /* -> unsubscribed (not a complained one) */
	PLAN_SUB_COMPLAINED,   /* -> complained */
};

struct plan_sub {
	enum plan_sub_op op;
	long id;               /* the subscriber (0 for a new request) */
	char *addr;            /* REQUEST: the normalized address */
	char *name;            /* REQUEST: a display name or NULL */
	char *token;           /* REQUEST: the token a new row gets (the one
	                          its confirmation mail quotes) */
};

/* One failed recipient named by a bounce (store_subscriber_bounce's rule). */
struct plan_bounce {
	long sub;              /* 0: no subscriber known */
	long delivery;         /* 0: none */
	char *recipient, *status, *action, *diagnostic;
	int hard;              /* 1 / 0 / -1 not a failure */
};

/* One composed message for the outbox (env_from is the null sender). */
struct plan_out {
	char *kind;            /* "ack", "confirm" */
	char *to;
	char *raw;
	size_t len;
};

struct plan {
	/* the message, and the record made from it (at most one) */
	struct plan_msg msg;
	long msg_id;               /* 0: a new message row; else a reparse of
	                              this row (kind, outcome, reason updated,
	                              its records replaced) */
	const struct job_order *job;
	const struct candidate *cand;
	long record_id;            /* the id the record gets (JO-n / CA-n,
	                              quoted by its acknowledgement) */

	struct plan_sub *subs;
	size_t n_subs;
	struct plan_bounce *bounces;
	size_t n_bounces;
	struct plan_out *out;
	size_t n_out;

	const char *what;          /* what the plan does, for the log (static) */
};

void plan_init(struct plan *p);
/* plan_free: the arrays and their strings (not the borrowed record). */
void plan_free(struct plan *p);

/* builders: each copies its strings (NULL stays NULL) */
void plan_sub(struct plan *p, enum plan_sub_op op, long id, const char *addr,
    const char *name, const char *token);
void plan_bounce(struct plan *p, long sub, long delivery,
    const char *recipient, const char *status, const char *action, int hard,
    const char *diagnostic);
/* plan_out takes raw (len bytes) by copy */
void plan_out(struct plan *p, const char *kind, const char *to,
    const char *raw, size_t len);

#endif

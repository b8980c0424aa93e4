/*
 * bounce.h — what a bounce or a complaint says (DESIGN §2 "Classification",
 * §3 "Subscribers", "Delivery"; §4 the `bounces` export).
 *
 * bounce_parse() reads a parsed message (struct mail, from mime_parse) and
 * gives a report: the kind of notice, one entry per recipient it names
 * (address, DSN status, action, hard / soft / not a failure, a one-line
 * diagnostic, the SMTP reply code), the VERP token of the delivery it is
 * about, and for an ARF feedback report the complainants.  It reads:
 *   - RFC 3464 delivery status notifications: message/delivery-status,
 *     message/global-delivery-status (RFC 6533), and the same fields in a
 *     part labelled text/plain;
 *   - the prose failure notices of mail servers that send no DSN (qmail,
 *     Exim, Postfix, Sendmail, Exchange, Office 365, Gmail, Yahoo, Lotus
 *     Notes / Domino, Courier, Novell, AOL, Verizon, Amazon SES SNS
 *     notifications, …): failed recipients and the reason are found in
 *     the human-readable text, X-Failed-Recipients, or the returned
 *     message's To;
 *   - RFC 5965 (ARF) feedback reports, Hotmail's older "complaint about
 *     message" reports and Apple's one-click unsubscribe mails.
 *
 * Hard or soft (the `hard` field) follows the usual rule of bounce
 * processors: a failure is hard when the address itself is dead — the
 * mailbox does not exist (userunknown), the domain does not exist
 * (hostunknown), the mailbox has moved (hasmoved), or the domain accepts
 * no mail at all (notaccept, e.g. a null MX).  Every other failure is soft,
 * permanent or not: a full mailbox, a suspended account, a message refused
 * for its content or for the sender's reputation, a policy block, an
 * expired retry.  Delayed, delivered, relayed and expanded notices are no
 * failure at all (hard = -1).  "User unknown" counts as a dead mailbox only
 * with proof: a status x.1.1, or the server saying it to RCPT TO; said
 * after DATA, or where the notice does not tell when, it is taken for a
 * content filter in disguise (reason "filtered", soft): some receivers,
 * Japanese mobile carriers among them, refuse filtered mail that way.  A
 * soft bounce still counts (DESIGN §3: three within 30 days suspend the
 * address), so a doubtful case costs a few issues, never a live
 * subscriber.
 *
 * The caller (ingest / store) maps a report to the `bounces` export, one
 * row per entry of rcpts whose hard is 0 or 1 (and, for completeness, the
 * delayed ones with hard null): recipient -> recipient, status -> status,
 * action -> bounce_action_name(action), hard -> true/false/null,
 * diagnostic -> diagnostic; subscriber_id is found from verp_token (the
 * delivery's token) when present, else from the recipient address.  A
 * BOUNCE_FEEDBACK report marks the complainants `complained` instead.
 *
 * SECURITY: reads bytes from strangers (through struct mail).  Every scan
 * is over a bounded prefix (BOUNCE_SCAN_MAX bytes of text per source); at
 * most BOUNCE_MAX_RCPTS recipients and BOUNCE_MAX_RCPTS complainants; a
 * diagnostic is one line of clean UTF-8 of at most BOUNCE_MAX_DIAG bytes;
 * every address kept is one validated, lowercased addr-spec (one '@', no
 * blanks or control characters, at most 254 bytes); a VERP token is at
 * most BOUNCE_MAX_TOKEN bytes of [A-Za-z0-9._=-].  A returned message
 * that is itself a bounce is parsed once more (mime_parse with the default
 * limits), one level only.
 */
#ifndef RECRUIT_BOUNCE_H
#define RECRUIT_BOUNCE_H

#include <stddef.h>

#include "mail.h"

#define BOUNCE_MAX_RCPTS   1000      /* recipients (and complainants) kept */
#define BOUNCE_MAX_DIAG    1000      /* bytes of one diagnostic */
#define BOUNCE_MAX_TOKEN   128       /* bytes of a VERP token */
#define BOUNCE_MAX_ADDR    254       /* bytes of an address */
#define BOUNCE_SCAN_MAX    (1024u * 1024) /* bytes of text read per source */

enum bounce_kind {
	BOUNCE_NONE = 0,       /* neither a bounce nor a complaint */
	BOUNCE_DSN,            /* RFC 3464 delivery status notification */
	BOUNCE_NONSTANDARD,    /* a mail server's failure notice in prose */
	BOUNCE_FEEDBACK,       /* a complaint: ARF (RFC 5965) and the like */
};

enum bounce_action {
	BOUNCE_FAILED = 0,
	BOUNCE_DELAYED,
	BOUNCE_DELIVERED,
	BOUNCE_RELAYED,
	BOUNCE_EXPANDED,
};

struct bounce_rcpt {
	char *recipient;       /* lowercase addr-spec; never NULL */
	char *original_recipient; /* DSN Original-Recipient address, or NULL */
	char status[16];       /* "5.1.1": from the DSN, else the text or the
	                          reply code or the reason; "" when unknown */
	enum bounce_action action;
	int hard;              /* 1 hard, 0 soft, -1 not a failure */
	const char *reason;    /* static label (never the phrase file's):
	                          "userunknown", "hostunknown",
	                          "hasmoved", "notaccept" (the hard ones),
	                          "mailboxfull", "suspend", "filtered",
	                          "blocked", "spamdetected", "expired", …,
	                          "undefined"; "delayed" / "delivered" for
	                          notices that are no failure */
	char *diagnostic;      /* one line of clean UTF-8, at most
	                          BOUNCE_MAX_DIAG bytes, or NULL */
	int reply_code;        /* SMTP reply code (550), or 0 */
	char *remote_mta;      /* DSN Remote-MTA (without "dns;"), or NULL */
};

struct bounce_report {
	enum bounce_kind kind;
	const char *why;       /* static: what made it this kind */

	struct bounce_rcpt *rcpts;    /* bounces: the recipients named */
	size_t n_rcpts;
	int rcpts_cut;         /* more than BOUNCE_MAX_RCPTS were named */

	char *verp_token;      /* TOKEN of bounces+TOKEN@domain, or NULL */
	char *original_message_id; /* of the returned message, without <>,
	                              or NULL */
	char *reporting_mta;   /* DSN Reporting-MTA (without "dns;"), or NULL */

	/* BOUNCE_FEEDBACK only */
	char *feedback_type;   /* lowercase: "abuse", "opt-out", "fraud",
	                          "auth-failure", "virus", "other", … */
	char **complainants;   /* lowercase addr-specs: Original-Rcpt-To,
	                          Removal-Recipient, else the returned
	                          message's recipient (To) */
	size_t n_complainants;
	char *original_mail_from;  /* ARF Original-Mail-From, or NULL */
	char *user_agent;      /* ARF User-Agent, or NULL */
};

struct bounce_phrases;      /* bounce_phrase.h */

/*
 * bounce_parse: the report for m.  phrases is the table of reason
 * phrases (bounce_phrase_load, read-only here; the caller keeps it as
 * long as it parses).  verp_base is the bounces address of
 * the configuration ("bounces@rma-search.example"; NULL or "" when there
 * is none): a recipient bounces+TOKEN@rma-search.example of the notice
 * (To, Delivered-To, X-Original-To, Envelope-To, X-Envelope-To) or the
 * envelope sender (Return-Path) of the returned message gives
 * verp_token = TOKEN.  m is only read.  Returns 0 with *report_r (free
 * with bounce_report_free), kind BOUNCE_NONE when m is neither a bounce
 * nor a complaint; -1 with a static *error_r only for a NULL message or
 * a NULL table.
 * A bounce in which no recipient can be found is still a bounce, with
 * n_rcpts 0.
 */
int bounce_parse(const struct mail *m, const char *verp_base,
    const struct bounce_phrases *phrases, struct bounce_report **report_r,
    const char **error_r);

void bounce_report_free(struct bounce_report *r);

/* "none", "dsn", "nonstandard", "feedback" */
const char *bounce_kind_name(enum bounce_kind k);
/* "failed", "delayed", "delivered", "relayed", "expanded" (RFC 3464 2.3.3) */
const char *bounce_action_name(enum bounce_action a);

/*
 * bounce_reason_hard: 1 for the reasons that make a failure hard
 * (userunknown, hostunknown, hasmoved, notaccept), else 0.
 */
int bounce_reason_hard(const char *reason);

/*
 * bounce_verp_token: the TOKEN when addr is local+TOKEN@domain for
 * verp_base local@domain (ASCII case-insensitive; the token as written),
 * a fresh string; NULL when it is not, or the token is empty, too long or
 * holds other characters than [A-Za-z0-9._=-].
 */
char *bounce_verp_token(const char *addr, const char *verp_base);

#endif

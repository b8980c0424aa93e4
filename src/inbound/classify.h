/*
 * classify.h — one kind per message, first match wins (DESIGN §2):
 * complaint, bounce, auto-reply, subscription command, job order,
 * candidate, unclassified; the role addresses and the firm's web forms
 * before the prose heuristics (bounce phrases, command lines), which
 * classify.c's opening block lists in order.
 *
 * SECURITY: reads headers and text from strangers, through struct mail.
 */
#ifndef RECRUIT_CLASSIFY_H
#define RECRUIT_CLASSIFY_H

#include "fields.h"
#include "mail.h"

enum mail_kind {
	KIND_UNCLASSIFIED = 0,
	KIND_JOB_ORDER,
	KIND_CANDIDATE,
	KIND_SUBSCRIPTION,
	KIND_BOUNCE,
	KIND_COMPLAINT,
	KIND_AUTO_REPLY,
};

struct classify_config {
	const char *job_orders;           /* role addresses, lowercase, or NULL */
	const char *candidates;
	const char *newsletter_requests;
	const char *bounces;              /* VERP base */
	const char *command_base;         /* BASE+confirm-T@ / BASE+unsubscribe-T@
	                                   * with T a 32-hex token are
	                                   * subscription commands (the
	                                   * request address, else from's) */
	char *const *web_forms;           /* the firm's web-form robots: their
	                                   * mail is never an auto-reply (even
	                                   * when marked Auto-Submitted), a
	                                   * prose bounce or a command line */
	size_t n_web_forms;
};

/*
 * classify: the kind, and a short static reason ("multipart/report
 * delivery-status", "Auto-Submitted: auto-replied", "sent to job_orders
 * address", …) for the message row.
 */
enum mail_kind classify(const struct mail *m, const struct field_set *fs,
    const struct classify_config *cfg, const char **reason_r);
const char *classify_kind_name(enum mail_kind k);
/*
 * classify_complaint_reason: why m is a spam complaint (an ARF report, a
 * message/feedback-report part, Hotmail's "complaint about message from"
 * with the original attached, X-Apple-Unsubscribe: true), a static
 * string; NULL when it is none.  The bounce stage asks it too.
 */
const char *classify_complaint_reason(const struct mail *m);
/* classify_kind_parse: -1 if s is not a kind name. */
int classify_kind_parse(const char *s, enum mail_kind *k);

/*
 * Subscription commands, the words classify and the reply stage must
 * read alike (man recruitd(8), "Subscriptions").  Every reader takes a
 * length and needs no NUL.
 */
#define CLASSIFY_TOKEN_LEN 32   /* a subscriber's token: 32 hex digits */

enum classify_command {
	CLASSIFY_CMD_NONE = 0,
	CLASSIFY_CMD_SUBSCRIBE,
	CLASSIFY_CMD_UNSUBSCRIBE,
	CLASSIFY_CMD_CONFIRM,
};

/*
 * classify_command: the command s[0..n) starts with, after blanks and
 * "Re:" / "AW:" / "SV:" / "Fwd:": "subscribe", "unsubscribe", "confirm"
 * or "please confirm" as a whole word; with request (a mail to the
 * request address) also "stop", "abbestellen" and "désabonner"
 * (unsubscribe).  What follows the word in *rest_r / *rest_n_r (either
 * may be NULL; pointers into s).
 */
enum classify_command classify_command(const char *s, size_t n, int request,
    const char **rest_r, size_t *rest_n_r);
/* classify_is_token: s[0..n) is exactly a token as recruitd writes it
 * (32 lowercase hex digits, as in its plus addresses). */
int classify_is_token(const char *s, size_t n);
/* classify_find_token: the first run of exactly 32 hex digits (either
 * case) in s[0..n), lowercase into tok; 1 if found, else 0 (tok
 * untouched). */
int classify_find_token(const char *s, size_t n,
    char tok[CLASSIFY_TOKEN_LEN + 1]);

#endif

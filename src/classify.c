/*
 * classify.c — one kind per message, first match wins (DESIGN §2):
 *   1. complaint (ARF, RFC 5965) and bounce (RFC 3464 DSN, or a mail
 *      daemon's non-standard failure notice)
 *   2. auto-reply (RFC 3834 Auto-Submitted, vacation notices,
 *      Precedence bulk/junk/list, mailing-list posts)
 *   3. subscription command (request address, or a command line)
 *   4. job order / 5. candidate (role address, then content)
 *   6. unclassified
 * Takes a struct mail and its field set; returns a kind and a static
 * reason.  Allocates nothing.
 *
 * SECURITY: reads headers and text from strangers.  Every scan is over a
 * bounded prefix of the text (CLASSIFY_SCAN) and never assumes NUL
 * termination beyond what struct mail guarantees.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "classify.h"
#include "extract.h"
#include "util.h"

/* how much body text the phrase scans look at: bounce notices say what
 * they are near the top, and a 4 MB body must not cost 4 MB per phrase */
#define CLASSIFY_SCAN 8192

static const char *kind_names[] = {
	[KIND_UNCLASSIFIED] = "unclassified",
	[KIND_JOB_ORDER] = "job_order",
	[KIND_CANDIDATE] = "candidate",
	[KIND_SUBSCRIPTION] = "subscription",
	[KIND_BOUNCE] = "bounce",
	[KIND_COMPLAINT] = "complaint",
	[KIND_AUTO_REPLY] = "auto_reply",
};

const char *
classify_kind_name(enum mail_kind k)
{
	if ((size_t)k >= ARRAY_SIZE(kind_names))
		return "unclassified";
	return kind_names[k];
}

int
classify_kind_parse(const char *s, enum mail_kind *k)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kind_names); i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum mail_kind)i;
			return 0;
		}
	return -1;
}

static int
has_part(const struct mail *m, const char *type)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (strcmp(m->parts[i].content_type, type) == 0)
			return 1;
	return 0;
}

static int
text_has(const char *text, const char *const *phrases, size_t n)
{
	size_t len = strnlen(text, CLASSIFY_SCAN), i;

	for (i = 0; i < n; i++)
		if (mem_find_ci(text, len, phrases[i]) != NULL)
			return 1;
	return 0;
}

static int
str_has_any(const char *s, const char *const *phrases, size_t n)
{
	return s != NULL && text_has(s, phrases, n);
}

/* The local part of a mail daemon's address: MTAs send their notices
 * from these (and from the null sender). */
static int
daemon_sender(const struct mail *m)
{
	static const char *const locals[] = {
		"mailer-daemon", "mailer_daemon", "maildaemon", "mail-daemon",
		"postmaster", "poostmaster", "mail.delivery.system",
		"mailerdaemon", "mdaemon", "bounce", "bounces", "nobody",
		"mail-delivery", "maildelivery", "sysadmin", "post_master",
		"no-reply", "noreply",
	};
	static const char *const names[] = {
		"mail delivery", "mailer-daemon", "mailer daemon",
		"postmaster", "ndr administrator", "mail administrator",
		"content-filter", "mail system",
	};
	const char *at;
	size_t i, n;

	if (m->return_path != NULL && m->return_path[0] == '\0')
		return 1;
	if (m->from_addr == NULL)
		return m->from_name == NULL || m->from_name[0] == '\0' ? 1 :
		    str_has_any(m->from_name, names, ARRAY_SIZE(names));
	at = strchr(m->from_addr, '@');
	n = at ? (size_t)(at - m->from_addr) : strlen(m->from_addr);
	for (i = 0; i < ARRAY_SIZE(locals); i++)
		if (strlen(locals[i]) == n &&
		    strncasecmp(m->from_addr, locals[i], n) == 0)
			return 1;
	if (n == 0)
		return 1;
	/* mailing-list managers (fml, Majordomo) answer as LIST-admin */
	if (n > 6 && strncasecmp(m->from_addr + n - 6, "-admin", 6) == 0 &&
	    mail_header_get(m, "X-MLServer") != NULL)
		return 1;
	return str_has_any(m->from_name, names, ARRAY_SIZE(names));
}

/* Subjects of failure notices in the wild (Postfix, Sendmail, Exim,
 * qmail, Exchange, Gmail, Yahoo, Notes, Domino, …), lowercase
 * substrings; and the same in a few other languages. */
static const char *const bounce_subjects[] = {
	"undelivered mail", "undeliverable", "undelivered",
	"delivery status notification", "delivery notification",
	"returned mail", "mail delivery failed", "failure notice",
	"delivery failure", "delivery failed", "delivery has failed",
	"failed delivery", "failure delivery", "mail system error",
	"non-delivery", "nondeliverable", "non delivery",
	"could not be delivered", "couldn't be delivered",
	"delivery problem", "mail delivery failure", "message delivery has failed",
	"error sending your mail", "delivery status", "bounce notification",
	"mail status report", "returned to sender", "rejected:",
	"nicht zustellbar", "unzustellbar", "non remis", "no se puede entregar",
	"delayed", "warning: could not send", "message not delivered",
	"mail could not be", "permanent error",
	"\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc", /* "mail error" (ja) */
	"duplicated message-id", "are not member",
};

/* Phrases that only a delivery failure report writes. */
static const char *const bounce_phrases[] = {
	"this is the qmail-send program",
	"i'm afraid i wasn't able to deliver",
	"i'm sorry to have to inform you that your message could not",
	"this message was created automatically by mail delivery software",
	"the following addresses had permanent fatal errors",
	"delivery to the following recipient failed permanently",
	"delivery to the following recipients failed",
	"delivery has failed to these recipients",
	"your message did not reach some or all of the intended recipients",
	"the original message was received at",
	"could not be delivered to one or more recipients",
	"this is an automatically generated delivery status notification",
	"this report relates to a message you sent",
	"unable to deliver your message",
	"message could not be delivered",
	"your message could not be delivered",
	"your message was not delivered",
	"your message wasn't delivered",
	"a message that you sent could not be delivered",
	"the following message to <",
	"was not delivered to",
	"undeliverable message",
	"your mail to the following recipients could not be delivered",
	"message delivery to the following address",
	"transcript of session follows",
	"smtp error from remote",
	"recipient address rejected",
	"user unknown",
	"mailbox unavailable",
	"mailbox is full",
	"no such user",
	"delivery failed",
	"permanent failure",
	"returned mail",
	"host unknown",
	"sorry, no mailbox here by that name",
	"message was rejected",
	"could not be delivered to:",
	"requested action not taken",
	"you are not a member of this mailing list",
};

static const char *
complaint_reason(const struct mail *m)
{
	const char *v;

	if (m->report_type != NULL &&
	    strcmp(m->report_type, "feedback-report") == 0)
		return "ARF feedback report";
	if (has_part(m, "message/feedback-report"))
		return "message/feedback-report part";
	/* Hotmail's pre-ARF format: the complained-about mail attached */
	if (m->subject != NULL && mem_find_ci(m->subject, strlen(m->subject),
	    "complaint about message from") != NULL &&
	    has_part(m, "message/rfc822"))
		return "complaint report with the original attached";
	/* Apple Mail's "unsubscribe" button mails the list's address */
	v = mail_header_get(m, "X-Apple-Unsubscribe");
	if (v != NULL && str_prefix_ci(v, "true"))
		return "X-Apple-Unsubscribe opt-out";
	return NULL;
}

/* Amazon SES forwards its bounce, complaint and delivery events as JSON
 * in SNS notification mails. */
static enum mail_kind
ses_notification(const struct mail *m)
{
	const char *at = m->from_addr ? strchr(m->from_addr, '@') : NULL;
	size_t len = strnlen(m->text, CLASSIFY_SCAN);

	if (at == NULL || !str_suffix_ci(at, "sns.amazonaws.com") ||
	    mem_find_ci(m->text, len, "\"notificationType\"") == NULL)
		return KIND_UNCLASSIFIED;
	if (mem_find_ci(m->text, len, "\"notificationType\":\"Complaint\"") !=
	    NULL)
		return KIND_COMPLAINT;
	return KIND_BOUNCE;
}

static const char *
bounce_reason(const struct mail *m)
{
	int daemon;

	if (m->report_type != NULL &&
	    strcmp(m->report_type, "delivery-status") == 0)
		return "multipart/report delivery-status";
	if (has_part(m, "message/delivery-status"))
		return "message/delivery-status part";
	daemon = daemon_sender(m);
	if (!daemon)
		return NULL;
	if (str_has_any(m->subject, bounce_subjects,
	    ARRAY_SIZE(bounce_subjects)))
		return "failure notice from a mail daemon (subject)";
	if (text_has(m->text, bounce_phrases, ARRAY_SIZE(bounce_phrases)))
		return "failure notice from a mail daemon (text)";
	if (has_part(m, "text/rfc822-headers") ||
	    has_part(m, "message/rfc822"))
		return "mail daemon returning a message";
	return NULL;
}

/* from_web_form: sent by one of the firm's web-form robots, which mark
 * what they relay "Auto-Submitted: auto-generated" (it is a person's
 * form, not an answer to anything) */
static int
from_web_form(const struct mail *m, const struct classify_config *cfg)
{
	size_t i;

	if (m->from_addr == NULL)
		return 0;
	for (i = 0; i < cfg->n_web_forms; i++)
		if (str_eq_ci(m->from_addr, cfg->web_forms[i]))
			return 1;
	return 0;
}

static const char *
auto_reply_reason(const struct mail *m)
{
	static const char *const subjects[] = {
		"out of office", "out of the office", "automatic reply",
		"auto reply", "autoreply", "auto-reply", "auto:",
		"abwesenheitsnotiz", "automatische antwort",
		"réponse automatique", "reponse automatique", "absence",
		"respuesta automática", "respuesta automatica",
		"fuera de la oficina", "vacation", "away until",
		"on leave", "i am away",
	};
	const char *v;

	v = mail_header_get(m, "Auto-Submitted");
	if (v != NULL && !str_prefix_ci(v, "no"))
		return "Auto-Submitted";
	v = mail_header_get(m, "X-Apple-Action");
	if (v != NULL && str_prefix_ci(v, "vacation"))
		return "X-Apple-Action: VACATION";
	if (mail_header_get(m, "X-Autoreply") != NULL ||
	    mail_header_get(m, "X-Autorespond") != NULL ||
	    mail_header_get(m, "X-Autoresponder") != NULL)
		return "X-Autoreply";
	v = mail_header_get(m, "Precedence");
	if (v != NULL && (str_prefix_ci(v, "bulk") || str_prefix_ci(v, "junk") ||
	    str_prefix_ci(v, "list") || str_prefix_ci(v, "auto_reply")))
		return "Precedence bulk/junk/list";
	if (mail_header_get(m, "List-Id") != NULL ||
	    mail_header_get(m, "List-Post") != NULL)
		return "mailing-list message";
	v = mail_header_get(m, "X-Auto-Response-Suppress");
	if (v != NULL && str_has_any(m->subject, subjects, ARRAY_SIZE(subjects)))
		return "vacation notice";
	if (m->subject != NULL && (str_prefix_ci(m->subject, "out of office") ||
	    str_prefix_ci(m->subject, "automatic reply") ||
	    str_prefix_ci(m->subject, "auto reply") ||
	    str_prefix_ci(m->subject, "auto:") ||
	    str_prefix_ci(m->subject, "autoreply") ||
	    str_prefix_ci(m->subject, "abwesenheitsnotiz") ||
	    str_prefix_ci(m->subject, "réponse automatique") ||
	    str_prefix_ci(m->subject, "respuesta automática")))
		return "vacation notice";
	return NULL;
}

/* same_mailbox: a and b equal, ignoring a "+tag" of a's local part
 * (news+unsubscribe-TOKEN@x is news@x) */
static int
same_mailbox(const char *a, const char *b)
{
	const char *aat = strrchr(a, '@'), *bat = strrchr(b, '@');
	const char *plus;
	size_t al;

	if (aat == NULL || bat == NULL || strcasecmp(aat, bat) != 0)
		return strcasecmp(a, b) == 0;
	plus = memchr(a, '+', (size_t)(aat - a));
	al = (size_t)((plus != NULL ? plus : aat) - a);
	return al == (size_t)(bat - b) && strncasecmp(a, b, al) == 0;
}

static int
rcpt_is(const struct mail *m, const char *addr)
{
	size_t i;

	if (addr == NULL || addr[0] == '\0')
		return 0;
	for (i = 0; i < m->n_rcpt; i++)
		if (same_mailbox(m->rcpt[i], addr))
			return 1;
	return 0;
}

/* rcpt_command: a recipient BASE+confirm-…@ or BASE+unsubscribe-…@ of
 * base (the plus addresses recruitd itself hands out) */
static int
rcpt_command(const struct mail *m, const char *base)
{
	const char *bat;
	size_t i, bl;

	if (base == NULL || (bat = strrchr(base, '@')) == NULL)
		return 0;
	bl = (size_t)(bat - base);
	for (i = 0; i < m->n_rcpt; i++) {
		const char *a = m->rcpt[i], *aat = strrchr(a, '@');

		if (aat == NULL || strcasecmp(aat, bat) != 0 ||
		    strncasecmp(a, base, bl) != 0 || a[bl] != '+')
			continue;
		if (strncasecmp(a + bl + 1, "confirm-", 8) == 0 ||
		    strncasecmp(a + bl + 1, "unsubscribe-", 12) == 0)
			return 1;
	}
	return 0;
}

/* A command is a whole short line: "subscribe", "unsubscribe",
 * "confirm TOKEN", optionally followed by an address or a name. */
static int
is_command(const char *s, size_t n)
{
	static const char *const cmds[] = { "subscribe", "unsubscribe",
	    "confirm" };
	size_t i, l, words = 0;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n > 200)
		return 0;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		l = strlen(cmds[i]);
		if (n >= l && strncasecmp(s, cmds[i], l) == 0 &&
		    (n == l || isspace((unsigned char)s[l])))
			break;
	}
	if (i == ARRAY_SIZE(cmds))
		return 0;
	if (i == 2 && n == l)
		return 0;      /* "confirm" needs its token */
	for (l = 0; l < n; l++)
		if (isspace((unsigned char)s[l]) &&
		    (l + 1 < n && !isspace((unsigned char)s[l + 1])))
			words++;
	return words <= 3;
}

static int
first_line_command(const char *text)
{
	const char *p = text, *eol;

	while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
		p++;
	eol = strchr(p, '\n');
	return is_command(p, eol ? (size_t)(eol - p) : strlen(p));
}

static int
has_resume(const struct mail *m)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++)
		if (m->parts[i].attachment && extract_is_resume(&m->parts[i]))
			return 1;
	return 0;
}

enum mail_kind
classify(const struct mail *m, const struct field_set *fs,
    const struct classify_config *cfg, const char **reason_r)
{
	static const char *const job_subjects[] = {
		"job order", "search mandate", "suchauftrag", "mandat",
		"position to fill", "open position", "new position",
		"vacancy", "stellenangebot", "offre d'emploi", "retained search",
		"executive search request", "we are hiring", "hiring",
	};
	static const char *const cand_subjects[] = {
		"application", "bewerbung", "candidature", "candidatura",
		"registration", "my cv", "my resume", "my résumé",
		"curriculum", "lebenslauf", "looking for a new",
		"candidate", "kandidat",
	};
	enum mail_kind k;
	const char *r;
	int job, cand;

	if ((r = complaint_reason(m)) != NULL) {
		*reason_r = r;
		return KIND_COMPLAINT;
	}
	if ((k = ses_notification(m)) != KIND_UNCLASSIFIED) {
		*reason_r = "Amazon SES notification";
		return k;
	}
	if ((r = bounce_reason(m)) != NULL) {
		*reason_r = r;
		return KIND_BOUNCE;
	}
	if (!from_web_form(m, cfg) && (r = auto_reply_reason(m)) != NULL) {
		*reason_r = r;
		return KIND_AUTO_REPLY;
	}
	if (rcpt_is(m, cfg->newsletter_requests) ||
	    rcpt_command(m, cfg->command_base)) {
		*reason_r = "sent to the newsletter request address";
		return KIND_SUBSCRIPTION;
	}
	if (first_line_command(m->text) ||
	    (m->subject != NULL && is_command(m->subject, strlen(m->subject)) &&
	    strnlen(m->text, 512) < 512)) {
		*reason_r = "subscription command";
		return KIND_SUBSCRIPTION;
	}
	if (rcpt_is(m, cfg->job_orders)) {
		*reason_r = "sent to the job-order address";
		return KIND_JOB_ORDER;
	}
	if (rcpt_is(m, cfg->candidates)) {
		*reason_r = "sent to the candidate address";
		return KIND_CANDIDATE;
	}

	job = fields_job_score(fs);
	cand = fields_candidate_score(fs);
	if (str_has_any(m->subject, job_subjects, ARRAY_SIZE(job_subjects)))
		job++;
	if (str_has_any(m->subject, cand_subjects, ARRAY_SIZE(cand_subjects)))
		cand++;
	if (has_resume(m))
		cand += 2;
	if (job >= 2 && job > cand) {
		*reason_r = "job-order fields";
		return KIND_JOB_ORDER;
	}
	if (cand >= 2) {
		*reason_r = has_resume(m) ? "résumé attachment" :
		    "candidate fields";
		return KIND_CANDIDATE;
	}
	*reason_r = "no role address, fields or résumé";
	return KIND_UNCLASSIFIED;
}

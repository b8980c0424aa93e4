/*
 * classify.c — one kind per message, first match wins (DESIGN §2):
 *   1. complaint (ARF, RFC 5965), Amazon SES notification, and bounce
 *      by structure (RFC 3464 report or delivery-status part)
 *   2. bounce in prose (a mail daemon's non-standard failure notice):
 *      only with a daemon sender, never from the firm's web forms, and
 *      at a role address only from a mail daemon proper whose text says
 *      it; then auto-reply (RFC 3834 Auto-Submitted, vacation notices,
 *      Precedence bulk/junk/list, mailing-list posts), never from a form
 *   3. subscription by address: a plus address with its token; the
 *      request address when it carries a command and no résumé
 *   4. job order / candidate by role address (jobs@, careers@)
 *   5. subscription command line elsewhere (a whole line, confirm with
 *      its token), unless a form, a résumé or fields make it a record
 *   6. job order / candidate by content, else unclassified (review)
 * Role addresses and web forms come before the prose heuristics: a
 * sentence that starts with "Subscribe" or a subject with "Delayed" in
 * it must not lose a candidate.
 * Takes a struct mail and its field set; returns a kind and a static
 * reason.  Allocates nothing.
 *
 * SECURITY: reads headers and text from strangers.  Every scan is over a
 * bounded prefix of the text (CLASSIFY_SCAN), every line scan takes a
 * length, and nothing assumes NUL termination beyond what struct mail
 * guarantees.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "classify.h"
#include "extract.h"
#include "mime.h"
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

/*
 * How sure the sender is a mail daemon.  A failure notice's prose
 * (subject, phrases) only counts with such evidence, and how much
 * prose is enough depends on it:
 *   DAEMON_MTA    the null sender <>, or MAILER-DAEMON / postmaster
 *                 and their spellings: the subject alone is enough;
 *   DAEMON_ROBOT  a no-reply, bounce or nobody address, or only a
 *                 display name like "Mail Delivery": robots that also
 *                 send ordinary mail (web forms, job boards), so the
 *                 text must say it or the message must come back
 *                 attached ("Delayed start: registration …" from a
 *                 form robot is no delay notice).
 */
enum daemon { DAEMON_NO, DAEMON_ROBOT, DAEMON_MTA };

static enum daemon
daemon_sender(const struct mail *m)
{
	static const char *const mta_locals[] = {
		"mailer-daemon", "mailer_daemon", "maildaemon", "mail-daemon",
		"postmaster", "poostmaster", "mail.delivery.system",
		"mailerdaemon", "mdaemon", "mail-delivery", "maildelivery",
		"post_master",
	};
	static const char *const robot_locals[] = {
		"bounce", "bounces", "nobody", "sysadmin", "no-reply",
		"noreply",
	};
	static const char *const names[] = {
		"mail delivery", "mailer-daemon", "mailer daemon",
		"postmaster", "ndr administrator", "mail administrator",
		"content-filter", "mail system",
	};
	const char *at;
	size_t i, n;

	if (m->return_path != NULL && m->return_path[0] == '\0')
		return DAEMON_MTA;
	if (m->from_addr == NULL)
		return m->from_name == NULL || m->from_name[0] == '\0' ||
		    str_has_any(m->from_name, names, ARRAY_SIZE(names)) ?
		    DAEMON_MTA : DAEMON_NO;
	at = strchr(m->from_addr, '@');
	n = at ? (size_t)(at - m->from_addr) : strlen(m->from_addr);
	if (n == 0)
		return DAEMON_MTA;
	for (i = 0; i < ARRAY_SIZE(mta_locals); i++)
		if (strlen(mta_locals[i]) == n &&
		    strncasecmp(m->from_addr, mta_locals[i], n) == 0)
			return DAEMON_MTA;
	/* mailing-list managers (fml, Majordomo) answer as LIST-admin */
	if (n > 6 && strncasecmp(m->from_addr + n - 6, "-admin", 6) == 0 &&
	    mail_header_get(m, "X-MLServer") != NULL)
		return DAEMON_MTA;
	for (i = 0; i < ARRAY_SIZE(robot_locals); i++)
		if (strlen(robot_locals[i]) == n &&
		    strncasecmp(m->from_addr, robot_locals[i], n) == 0)
			return DAEMON_ROBOT;
	return str_has_any(m->from_name, names, ARRAY_SIZE(names)) ?
	    DAEMON_ROBOT : DAEMON_NO;
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

const char *
classify_complaint_reason(const struct mail *m)
{
	const char *v;

	if (m->report_type != NULL &&
	    strcmp(m->report_type, "feedback-report") == 0)
		return "ARF feedback report";
	if (mime_has_part(m, "message/feedback-report"))
		return "message/feedback-report part";
	/* Hotmail's pre-ARF format: the complained-about mail attached */
	if (m->subject != NULL && mem_find_ci(m->subject, strlen(m->subject),
	    "complaint about message from") != NULL &&
	    mime_has_part(m, "message/rfc822"))
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

/* report_reason: a delivery status report by its structure (RFC 3464),
 * whoever sent it and wherever it went */
static const char *
report_reason(const struct mail *m)
{
	if (m->report_type != NULL &&
	    strcmp(m->report_type, "delivery-status") == 0)
		return "multipart/report delivery-status";
	if (mime_has_part(m, "message/delivery-status"))
		return "message/delivery-status part";
	return NULL;
}

/* prose_bounce_reason: a failure notice without a report, from its
 * sender and its prose.  to_role: sent to a role address (jobs@,
 * careers@), where people write: only a mail daemon proper counts
 * there, and only by what its text says or the message it returns, not
 * by a subject ("Delayed", "Rejected:") a person may write too. */
static const char *
prose_bounce_reason(const struct mail *m, int to_role)
{
	enum daemon d = daemon_sender(m);

	if (d == DAEMON_NO || (to_role && d != DAEMON_MTA))
		return NULL;
	if (d == DAEMON_MTA && !to_role && str_has_any(m->subject,
	    bounce_subjects, ARRAY_SIZE(bounce_subjects)))
		return "failure notice from a mail daemon (subject)";
	if (text_has(m->text, bounce_phrases, ARRAY_SIZE(bounce_phrases)))
		return "failure notice from a mail daemon (text)";
	if (mime_has_part(m, "text/rfc822-headers") ||
	    mime_has_part(m, "message/rfc822"))
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

/*
 * Subscription commands, read as respond.c reads them (man recruitd(8),
 * "Subscriptions"): the first word of the subject or of the text, after
 * "Re:" / "AW:" / "SV:" / "Fwd:"; a confirmation needs its token, 32 hex
 * digits.  In a mail to the request address the first word is enough,
 * and "stop", "abbestellen" and "désabonner" unsubscribe too.  Anywhere
 * else a command is a whole line (command_line) and never outweighs a
 * role address, a web form, a résumé or a record's fields.
 */
static const struct {
	const char *word;
	enum classify_command cmd;
	int request_only;       /* only in a mail to the request address */
} command_words[] = {
	{ "unsubscribe", CLASSIFY_CMD_UNSUBSCRIBE, 0 },
	{ "subscribe", CLASSIFY_CMD_SUBSCRIBE, 0 },
	{ "please confirm", CLASSIFY_CMD_CONFIRM, 0 },
	{ "confirm", CLASSIFY_CMD_CONFIRM, 0 },
	{ "stop", CLASSIFY_CMD_UNSUBSCRIBE, 1 },
	{ "abbestellen", CLASSIFY_CMD_UNSUBSCRIBE, 1 },
	{ "d\xc3\xa9sabonner", CLASSIFY_CMD_UNSUBSCRIBE, 1 },
};

static int
word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

static int
is_hex(unsigned char c)
{
	return isxdigit(c);
}

int
classify_is_token(const char *s, size_t n)
{
	size_t i;

	if (n != CLASSIFY_TOKEN_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return 1;
}

/* token_at: where in s[0..n) a run of exactly 32 hex digits starts
 * (either case), or NULL */
static const char *
token_at(const char *s, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		if (!is_hex((unsigned char)s[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && is_hex((unsigned char)s[j]); j++)
			;
		if (j - i == CLASSIFY_TOKEN_LEN)
			return s + i;
		i = j;
	}
	return NULL;
}

int
classify_find_token(const char *s, size_t n,
    char tok[CLASSIFY_TOKEN_LEN + 1])
{
	const char *t = token_at(s, n);
	size_t i;

	if (t == NULL)
		return 0;
	for (i = 0; i < CLASSIFY_TOKEN_LEN; i++)
		tok[i] = (char)tolower((unsigned char)t[i]);
	tok[CLASSIFY_TOKEN_LEN] = '\0';
	return 1;
}

/* rcpt_command: a recipient BASE+confirm-TOKEN@ or
 * BASE+unsubscribe-TOKEN@ of base (the plus addresses recruitd itself
 * hands out); a tag without a real token is no command */
static int
rcpt_command(const struct mail *m, const char *base)
{
	static const char *const tags[] = { "confirm-", "unsubscribe-" };
	const char *bat;
	size_t i, j, bl;

	if (base == NULL || (bat = strrchr(base, '@')) == NULL)
		return 0;
	bl = (size_t)(bat - base);
	for (i = 0; i < m->n_rcpt; i++) {
		const char *a = m->rcpt[i], *aat = strrchr(a, '@');

		if (aat == NULL || strcasecmp(aat, bat) != 0 ||
		    (size_t)(aat - a) <= bl || strncasecmp(a, base, bl) != 0 ||
		    a[bl] != '+')
			continue;
		for (j = 0; j < ARRAY_SIZE(tags); j++) {
			const char *t = a + bl + 1;
			size_t tl = strlen(tags[j]);

			if ((size_t)(aat - t) > tl &&
			    strncasecmp(t, tags[j], tl) == 0 &&
			    classify_is_token(t + tl, (size_t)(aat - t - tl)))
				return 1;
		}
	}
	return 0;
}

/* skip_prefixes: past blanks and reply/forward prefixes of s[0..*n) */
static const char *
skip_prefixes(const char *s, size_t *n)
{
	static const char *const prefixes[] = { "re:", "aw:", "sv:", "fwd:" };
	size_t i;

	for (;;) {
		while (*n > 0 && isspace((unsigned char)*s)) {
			s++;
			(*n)--;
		}
		for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
			size_t l = strlen(prefixes[i]);

			if (*n >= l && strncasecmp(s, prefixes[i], l) == 0) {
				s += l;
				*n -= l;
				break;
			}
		}
		if (i == ARRAY_SIZE(prefixes))
			return s;
	}
}

enum classify_command
classify_command(const char *s, size_t n, int request, const char **rest_r,
    size_t *rest_n_r)
{
	size_t i, l;

	s = skip_prefixes(s, &n);
	for (i = 0; i < ARRAY_SIZE(command_words); i++) {
		if (command_words[i].request_only && !request)
			continue;
		l = strlen(command_words[i].word);
		if (n < l || strncasecmp(s, command_words[i].word, l) != 0 ||
		    (n > l && word_byte((unsigned char)s[l])))
			continue;
		if (rest_r != NULL)
			*rest_r = s + l;
		if (rest_n_r != NULL)
			*rest_n_r = n - l;
		return command_words[i].cmd;
	}
	return CLASSIFY_CMD_NONE;
}

/* name_word: one word of a person's name (Ben, O'Neill, Jean-Luc, J.,
 * Müller; "van", "de" and such between the others) */
static int
name_word(const char *w, size_t n, int first)
{
	static const char *const particles[] = { "van", "von", "der", "den",
	    "de", "da", "di", "del", "la", "le", "du", "dos" };
	size_t i;

	if (!first)
		for (i = 0; i < ARRAY_SIZE(particles); i++)
			if (strlen(particles[i]) == n &&
			    strncmp(w, particles[i], n) == 0)
				return 1;
	if (!isupper((unsigned char)w[0]) && (unsigned char)w[0] < 0xc0)
		return 0;
	for (i = 1; i < n; i++)
		if (!isalpha((unsigned char)w[i]) && (unsigned char)w[i] < 0x80 &&
		    w[i] != '-' && w[i] != '\'' && w[i] != '.')
			return 0;
	return 1;
}

/* is_filler: a word a person puts around a command ("Subscribe me,
 * please.") */
static int
is_filler(const char *w, size_t n)
{
	static const char *const fillers[] = { "me", "please", "now" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fillers); i++)
		if (strlen(fillers[i]) == n && strncasecmp(w, fillers[i], n) == 0)
			return 1;
	return 0;
}

/*
 * command_line: s[0..n) is one whole command line, nothing more:
 *   subscribe | unsubscribe [me] [please] [ADDRESS | NAME]
 *   confirm TOKEN | please confirm TOKEN
 * with blanks, commas and a closing "." or "!" around them.  "Subscribe
 * me to your shortlist for CFO roles?" is a sentence, not a command.
 */
static int
command_line(const char *s, size_t n)
{
	const char *rest, *tok = NULL;
	size_t rn, i, words = 0, fill = 0;
	enum classify_command cmd;
	int name = 1, addr = 0;

	if (n > 200)
		return 0;
	while (n > 0 && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '.' ||
	    s[n - 1] == '!'))
		n--;
	cmd = classify_command(s, n, 0, &rest, &rn);
	if (cmd == CLASSIFY_CMD_NONE)
		return 0;
	if (cmd == CLASSIFY_CMD_CONFIRM) {
		if ((tok = token_at(rest, rn)) == NULL)
			return 0;
	}
	i = 0;
	while (i < rn) {
		const char *w;
		size_t wl = 0;

		while (i < rn && (isspace((unsigned char)rest[i]) ||
		    rest[i] == ',' || rest[i] == ':' || rest[i] == '[' ||
		    rest[i] == ']' || rest[i] == '<' || rest[i] == '>'))
			i++;
		if (i == rn)
			break;
		w = rest + i;
		while (i + wl < rn && !isspace((unsigned char)w[wl]) &&
		    w[wl] != ',' && w[wl] != '[' && w[wl] != ']' &&
		    w[wl] != '<' && w[wl] != '>')
			wl++;
		i += wl;
		if (w == tok)
			continue;
		if (tok != NULL)
			return 0;     /* confirm: the token and nothing else */
		if (memchr(w, '?', wl) != NULL)
			return 0;
		if (memchr(w, '@', wl) != NULL) {
			addr++;
			continue;
		}
		if (words == 0 && is_filler(w, wl)) {
			fill++;
			continue;
		}
		if (!name_word(w, wl, words == 0))
			name = 0;
		words++;
	}
	if (addr > 1 || (addr && words) || fill > 2)
		return 0;
	return words == 0 || (name && words <= 4);
}

/* first_line: the first non-blank line of text */
static const char *
first_line(const char *text, size_t *n_r)
{
	const char *p = text, *eol;
	size_t n = strnlen(text, CLASSIFY_SCAN);

	while (n > 0 && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	eol = memchr(p, '\n', n);
	*n_r = eol != NULL ? (size_t)(eol - p) : n;
	return p;
}

/* request_command: what respond.c acts on in a mail to the request
 * address: a command word first in the subject or else in the text; a
 * confirmation with its token in the subject (also without a word: a
 * reply to the confirmation mail) or after "confirm" in the text */
static int
request_command(const struct mail *m)
{
	const char *subj = m->subject != NULL ? m->subject : "", *rest;
	size_t sn = strlen(subj), tn = strnlen(m->text, CLASSIFY_SCAN), rn;
	enum classify_command cmd;

	cmd = classify_command(subj, sn, 1, &rest, &rn);
	if (cmd == CLASSIFY_CMD_NONE)
		cmd = classify_command(m->text, tn, 1, &rest, &rn);
	if (cmd == CLASSIFY_CMD_SUBSCRIBE || cmd == CLASSIFY_CMD_UNSUBSCRIBE)
		return 1;
	if (token_at(subj, sn) != NULL)
		return 1;
	return cmd == CLASSIFY_CMD_CONFIRM && token_at(m->text, tn) != NULL;
}

/* heuristic_command: a command in a mail to some other address: the
 * first line of the text a whole command, or the subject one with
 * hardly any text, or a subject "Re: Please confirm … [TOKEN]" (a reply
 * to the confirmation mail that reached another address) */
static int
heuristic_command(const struct mail *m)
{
	const char *line, *rest;
	size_t n, rn;

	line = first_line(m->text, &n);
	if (command_line(line, n))
		return 1;
	if (m->subject == NULL)
		return 0;
	n = strlen(m->subject);
	if (command_line(m->subject, n) && strnlen(m->text, 512) < 512)
		return 1;
	return classify_command(m->subject, n, 0, &rest, &rn) ==
	    CLASSIFY_CMD_CONFIRM && token_at(rest, rn) != NULL;
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
	enum mail_kind k, content = KIND_UNCLASSIFIED;
	const char *r;
	int job, cand, resume, form, to_jobs, to_cands, to_request;

	/* 1. reports by their structure: whoever sent them */
	if ((r = classify_complaint_reason(m)) != NULL) {
		*reason_r = r;
		return KIND_COMPLAINT;
	}
	if ((k = ses_notification(m)) != KIND_UNCLASSIFIED) {
		*reason_r = "Amazon SES notification";
		return k;
	}
	if ((r = report_reason(m)) != NULL) {
		*reason_r = r;
		return KIND_BOUNCE;
	}
	/* 2. a failure notice in prose, from a daemon; never from the
	 * firm's own web forms, and to a role address only from a mail
	 * daemon proper that says so in its text */
	form = from_web_form(m, cfg);
	to_jobs = rcpt_is(m, cfg->job_orders);
	to_cands = rcpt_is(m, cfg->candidates);
	if (!form && (r = prose_bounce_reason(m, to_jobs || to_cands)) !=
	    NULL) {
		*reason_r = r;
		return KIND_BOUNCE;
	}
	if (!form && (r = auto_reply_reason(m)) != NULL) {
		*reason_r = r;
		return KIND_AUTO_REPLY;
	}

	/* what the content says, for the addresses and commands below */
	resume = has_resume(m);
	job = fields_job_score(fs);
	cand = fields_candidate_score(fs);
	if (str_has_any(m->subject, job_subjects, ARRAY_SIZE(job_subjects)))
		job++;
	if (str_has_any(m->subject, cand_subjects, ARRAY_SIZE(cand_subjects)))
		cand++;
	if (resume)
		cand += 2;
	if (job >= 2 && job > cand)
		content = KIND_JOB_ORDER;
	else if (cand >= 2)
		content = KIND_CANDIDATE;

	/* 3. the subscription addresses: a plus address carries its token;
	 * the request address needs a command, and a résumé sent there is
	 * a candidate's all the same */
	if (rcpt_command(m, cfg->command_base)) {
		*reason_r = "sent to a command address with its token";
		return KIND_SUBSCRIPTION;
	}
	to_request = rcpt_is(m, cfg->newsletter_requests);
	if (to_request && !resume && request_command(m)) {
		*reason_r = "sent to the newsletter request address";
		return KIND_SUBSCRIPTION;
	}

	/* 4. the role addresses: what people send there is theirs */
	if (to_jobs) {
		*reason_r = "sent to the job-order address";
		return KIND_JOB_ORDER;
	}
	if (to_cands) {
		*reason_r = "sent to the candidate address";
		return KIND_CANDIDATE;
	}

	/* 5. a command line elsewhere, unless a form, a résumé or fields
	 * say the mail is a record (a lost candidate is worse than a
	 * subscription request read by a person) */
	if (!form && content == KIND_UNCLASSIFIED && !to_request &&
	    heuristic_command(m)) {
		*reason_r = "subscription command";
		return KIND_SUBSCRIPTION;
	}

	/* 6. the content */
	if (content == KIND_JOB_ORDER) {
		*reason_r = "job-order fields";
		return KIND_JOB_ORDER;
	}
	if (content == KIND_CANDIDATE) {
		*reason_r = resume ? "résumé attachment" : "candidate fields";
		return KIND_CANDIDATE;
	}
	*reason_r = to_request ?
	    "sent to the newsletter request address without a command" :
	    "no role address, fields or résumé";
	return KIND_UNCLASSIFIED;
}

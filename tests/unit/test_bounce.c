/*
 * test_bounce.c — bounce_parse (bounce.h): hand-written DSNs, prose
 * failure notices of several mail servers, delay notices, ARF complaints
 * and things that are no bounce, as a table; hostile input (bad
 * addresses, huge diagnostics, too many recipients); the VERP token; and
 * the shared corpus measured against EXPECTED.tsv: bounces detected,
 * hard/soft agreement, failed recipients found, complaints recognised,
 * auto-replies left alone — printed and held to the targets of issue 5.
 *
 * The corpus sits beside the project (../shared/corpus); RECRUIT_CORPUS
 * overrides.  Not finding it is a failure, not a skip.  Finding and
 * reading it, and the files where we knowingly disagree with upstream:
 * tests/support/corpus.c.
 *
 * The phrase table is the one of the source tree (data/bounce-phrases,
 * loaded before the first test); the phrase file's reader is tested
 * here too: the shipped file, every kind of bad line refused with its
 * number, a firm's own file taking effect, and ingest_new refusing a
 * configuration whose phrase file cannot be read.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>

#include "bounce.h"
#include "bounce_phrase.h"
#include "conf.h"
#include "ingest.h"
#include "limit.h"
#include "log.h"
#include "mime.h"
#include "util.h"

#include "../support/corpus.h"

#define BASE "bounces@rma-search.example"
#define PHRASES SRCDIR "/data/bounce-phrases"

/* the source tree's phrase table, loaded before the first test */
static struct bounce_phrases *phrases;

static struct bounce_report *
parse_with(const struct bounce_phrases *t, const char *raw, size_t len)
{
	struct mail *m = NULL;
	struct bounce_report *r = NULL;
	const char *err = NULL;

	if (mime_parse(raw, len, NULL, &m, &err) != MIME_OK)
		fail_msg("mime_parse: %s", err);
	assert_int_equal(bounce_parse(m, BASE, t, &r, &err), 0);
	assert_non_null(r);
	mail_free(m);
	return r;
}

static struct bounce_report *
parse_text(const char *raw, size_t len)
{
	return parse_with(phrases, raw, len);
}

/* every promise of bounce.h about what a report holds */
static void
check_report(const struct bounce_report *r, const char *what)
{
	size_t i;

	if (r->n_rcpts > BOUNCE_MAX_RCPTS ||
	    r->n_complainants > BOUNCE_MAX_RCPTS)
		fail_msg("%s: too many entries", what);
	for (i = 0; i < r->n_rcpts + r->n_complainants; i++) {
		const char *a = i < r->n_rcpts ? r->rcpts[i].recipient :
		    r->complainants[i - r->n_rcpts];
		const char *at;

		if (a == NULL || (at = strchr(a, '@')) == NULL ||
		    strchr(at + 1, '@') != NULL || strlen(a) > BOUNCE_MAX_ADDR ||
		    strpbrk(a, " \t\r\n<>\"") != NULL ||
		    !utf8_valid(a, strlen(a)))
			fail_msg("%s: bad address \"%s\"", what, a ? a : "(null)");
		for (; *a; a++)
			if (*a >= 'A' && *a <= 'Z')
				fail_msg("%s: address not lowercase", what);
	}
	for (i = 0; i < r->n_rcpts; i++) {
		const struct bounce_rcpt *x = &r->rcpts[i];

		if (x->hard < -1 || x->hard > 1 || x->reason == NULL)
			fail_msg("%s: bad hard/reason", what);
		if ((x->action == BOUNCE_FAILED) != (x->hard >= 0))
			fail_msg("%s: hard %d with action %s", what, x->hard,
			    bounce_action_name(x->action));
		if (x->hard == 1 && !bounce_reason_hard(x->reason))
			fail_msg("%s: hard with reason %s", what, x->reason);
		if (x->diagnostic != NULL &&
		    (strlen(x->diagnostic) > BOUNCE_MAX_DIAG ||
		    strpbrk(x->diagnostic, "\r\n\t") != NULL ||
		    !utf8_valid(x->diagnostic, strlen(x->diagnostic))))
			fail_msg("%s: bad diagnostic", what);
		if (strlen(x->status) >= sizeof(x->status))
			fail_msg("%s: bad status", what);
	}
	if (r->verp_token != NULL && (strlen(r->verp_token) == 0 ||
	    strlen(r->verp_token) > BOUNCE_MAX_TOKEN ||
	    strspn(r->verp_token, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
	    "OPQRSTUVWXYZ0123456789._=-") != strlen(r->verp_token)))
		fail_msg("%s: bad VERP token", what);
}

/* ---- the table ---- */

struct want_rcpt {
	const char *addr;
	const char *status;
	enum bounce_action action;
	int hard;
	const char *reason;
	int reply;
	const char *diag_has;     /* a substring of the diagnostic, or NULL */
};

struct bcase {
	const char *name;
	const char *mail;
	enum bounce_kind kind;
	size_t n;                 /* recipients (complainants for feedback) */
	struct want_rcpt r[2];
	const char *verp;         /* expected token, or NULL */
	const char *mid;          /* expected original Message-ID, or NULL */
	const char *feedback;     /* expected feedback type, or NULL */
};

static const struct bcase cases[] = {
	{ "postfix DSN, user unknown",
	  "From: MAILER-DAEMON@mx.sender.example (Mail Delivery System)\n"
	  "To: bounces+a1b2c3d4@rma-search.example\n"
	  "Subject: Undelivered Mail Returned to Sender\n"
	  "MIME-Version: 1.0\n"
	  "Content-Type: multipart/report; report-type=delivery-status;\n"
	  "  boundary=\"B1\"\n"
	  "\n"
	  "--B1\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "This is the mail system at host mx.sender.example.\n"
	  "\n"
	  "<jane.doe@corp.example>: host mx.corp.example[192.0.2.7] said: 550\n"
	  "    5.1.1 <jane.doe@corp.example>: Recipient address rejected: User\n"
	  "    unknown in virtual mailbox table (in reply to RCPT TO command)\n"
	  "\n"
	  "--B1\n"
	  "Content-Type: message/delivery-status\n"
	  "\n"
	  "Reporting-MTA: dns; mx.sender.example\n"
	  "Arrival-Date: Mon,  2 Mar 2026 10:00:00 +0100 (CET)\n"
	  "\n"
	  "Final-Recipient: rfc822; Jane.Doe@Corp.example\n"
	  "Original-Recipient: rfc822;jane.doe@corp.example\n"
	  "Action: failed\n"
	  "Status: 5.1.1\n"
	  "Remote-MTA: dns; mx.corp.example\n"
	  "Diagnostic-Code: smtp; 550 5.1.1 <jane.doe@corp.example>: Recipient\n"
	  "    address rejected: User unknown in virtual mailbox table\n"
	  "\n"
	  "--B1\n"
	  "Content-Type: message/rfc822\n"
	  "\n"
	  "Return-Path: <bounces+a1b2c3d4@rma-search.example>\n"
	  "From: RMA Search <news@rma-search.example>\n"
	  "To: jane.doe@corp.example\n"
	  "Subject: Weekly jobs\n"
	  "Message-ID: <issue-12.7@rma-search.example>\n"
	  "\n"
	  "Hello\n"
	  "--B1--\n",
	  BOUNCE_DSN, 1,
	  { { "jane.doe@corp.example", "5.1.1", BOUNCE_FAILED, 1, "userunknown",
	      550, "User unknown in virtual mailbox table" } },
	  "a1b2c3d4", "issue-12.7@rma-search.example", NULL },

	{ "DSN, two recipients without a blank line: full mailbox, delay",
	  "From: postmaster@relay.example\n"
	  "To: news@rma-search.example\n"
	  "Subject: Delivery Status Notification\n"
	  "Content-Type: multipart/report; report-type=delivery-status;"
	  " boundary=b\n"
	  "\n"
	  "--b\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "Delivery to some recipients failed or is delayed.\n"
	  "--b\n"
	  "Content-Type: message/delivery-status\n"
	  "\n"
	  "Reporting-MTA: dns; relay.example\n"
	  "\n"
	  "Final-Recipient: rfc822; full@corp.example\n"
	  "Action: failed\n"
	  "Status: 5.2.2\n"
	  "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n"
	  "Final-Recipient: rfc822; slow@corp.example\n"
	  "Action: delayed\n"
	  "Status: 4.4.7\n"
	  "--b--\n",
	  BOUNCE_DSN, 2,
	  { { "full@corp.example", "5.2.2", BOUNCE_FAILED, 0, "mailboxfull", 552,
	      "Mailbox full" },
	    { "slow@corp.example", "4.4.7", BOUNCE_DELAYED, -1, "delayed", 0,
	      NULL } },
	  NULL, NULL, NULL },

	{ "message/global-delivery-status with a UTF-8 address",
	  "From: <>\n"
	  "Return-Path: <>\n"
	  "To: bounces+Tok_9=x@rma-search.example\n"
	  "Subject: Undeliverable\n"
	  "Content-Type: multipart/report; report-type=global-delivery-status;"
	  " boundary=g\n"
	  "\n"
	  "--g\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "\n"
	  "Your message could not be delivered.\n"
	  "--g\n"
	  "Content-Type: message/global-delivery-status\n"
	  "\n"
	  "Reporting-MTA: dns; mx.b\xc3\xbc" "cher.example\n"
	  "\n"
	  "Final-Recipient: utf-8; j\xc3\xbcrgen@B\xc3\xbc" "cher.example\n"
	  "Action: failed\n"
	  "Status: 5.1.1\n"
	  "--g--\n",
	  BOUNCE_DSN, 1,
	  { { "j\xc3\xbcrgen@b\xc3\xbc" "cher.example", "5.1.1", BOUNCE_FAILED, 1,
	      "userunknown", 0, NULL } },
	  "Tok_9=x", NULL, NULL },

	{ "DSN fields in a part labelled text/plain, host unknown",
	  "From: Mail Delivery Subsystem <MAILER-DAEMON@gw.example>\n"
	  "To: news@rma-search.example\n"
	  "Subject: Returned mail: Host unknown\n"
	  "Content-Type: multipart/mixed; boundary=t\n"
	  "\n"
	  "--t\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "The original message was received at Mon, 2 Mar 2026 09:00:00\n"
	  "--t\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "Reporting-MTA: dns; gw.example\n"
	  "\n"
	  "Final-Recipient: RFC822; someone@nowhere.example\n"
	  "Action: failed\n"
	  "Status: 5.4.4\n"
	  "Diagnostic-Code: X-Postfix; Host or domain name not found. Name\n"
	  "    service error for name=nowhere.example type=A: Host not found\n"
	  "--t--\n",
	  BOUNCE_DSN, 1,
	  { { "someone@nowhere.example", "5.4.4", BOUNCE_FAILED, 1,
	      "hostunknown", 0, "Host or domain name not found" } },
	  NULL, NULL, NULL },

	{ "qmail: a dead mailbox and a full one",
	  "From: MAILER-DAEMON@mail.other.example\n"
	  "To: bounces+q1@rma-search.example\n"
	  "Subject: failure notice\n"
	  "\n"
	  "Hi. This is the qmail-send program at mail.other.example.\n"
	  "I'm afraid I wasn't able to deliver your message to the following"
	  " addresses.\n"
	  "This is a permanent error; I've given up. Sorry it didn't work out.\n"
	  "\n"
	  "<gone@other.example>:\n"
	  "Sorry, no mailbox here by that name. (#5.1.1)\n"
	  "\n"
	  "<full@other.example>:\n"
	  "user is over quota\n"
	  "\n"
	  "--- Below this line is a copy of the message.\n"
	  "\n"
	  "Return-Path: <bounces+q1@rma-search.example>\n"
	  "From: news@rma-search.example\n"
	  "To: gone@other.example, full@other.example\n"
	  "Message-ID: <q1@rma-search.example>\n"
	  "Subject: Weekly jobs\n"
	  "\n"
	  "Hello\n",
	  BOUNCE_NONSTANDARD, 2,
	  { { "gone@other.example", "5.1.1", BOUNCE_FAILED, 1, "userunknown", 0,
	      "no mailbox here by that name" },
	    { "full@other.example", "5.2.2", BOUNCE_FAILED, 0, "mailboxfull", 0,
	      "over quota" } },
	  "q1", "q1@rma-search.example", NULL },

	{ "Exim: X-Failed-Recipients, retry time out, token in the copy",
	  "From: Mail Delivery System <Mailer-Daemon@mx.third.example>\n"
	  "To: news@rma-search.example\n"
	  "Subject: Mail delivery failed: returning message to sender\n"
	  "X-Failed-Recipients: late@third.example\n"
	  "\n"
	  "This message was created automatically by mail delivery software.\n"
	  "\n"
	  "A message that you sent could not be delivered to one or more of"
	  " its\n"
	  "recipients. This is a permanent error. The following address(es)"
	  " failed:\n"
	  "\n"
	  "  late@third.example\n"
	  "    retry timeout exceeded\n"
	  "\n"
	  "------ This is a copy of the message, including all the headers."
	  " ------\n"
	  "\n"
	  "Return-path: <bounces+ex42@rma-search.example>\n"
	  "From: news@rma-search.example\n"
	  "To: late@third.example\n"
	  "Subject: Weekly jobs\n"
	  "\n"
	  "Hello\n",
	  BOUNCE_NONSTANDARD, 1,
	  { { "late@third.example", "4.4.7", BOUNCE_FAILED, 0, "expired", 0,
	      "retry timeout exceeded" } },
	  "ex42", NULL, NULL },

	{ "Gmail delay warning: no failure",
	  "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
	  "To: news@rma-search.example\n"
	  "Subject: Delivery Status Notification (Delay)\n"
	  "\n"
	  "This is an automatically generated Delivery Status Notification\n"
	  "\n"
	  "THIS IS A WARNING MESSAGE ONLY.\n"
	  "\n"
	  "YOU DO NOT NEED TO RESEND YOUR MESSAGE.\n"
	  "\n"
	  "Delivery to the following recipient has been delayed:\n"
	  "\n"
	  "     slow@fourth.example\n"
	  "\n"
	  "Message will be retried for 2 more day(s)\n"
	  "\n"
	  "Technical details of temporary failure:\n"
	  "The recipient server did not accept our requests to connect.\n",
	  BOUNCE_NONSTANDARD, 1,
	  { { "slow@fourth.example", "4.4.7", BOUNCE_DELAYED, -1, "delayed", 0,
	      NULL } },
	  NULL, NULL, NULL },

	{ "Exchange 2003: recipient name not recognized",
	  "From: System Administrator <postmaster@corp5.example>\n"
	  "To: news@rma-search.example\n"
	  "Subject: Undeliverable: Weekly jobs\n"
	  "\n"
	  "Your message\n"
	  "\n"
	  "  To:      Bob Smith\n"
	  "  Subject: Weekly jobs\n"
	  "  Sent:    Mon, 2 Mar 2026 10:00:00 +0100\n"
	  "\n"
	  "did not reach the following recipient(s):\n"
	  "\n"
	  "bob@corp5.example on Mon, 2 Mar 2026 10:00:05 +0100\n"
	  "    The recipient name is not recognized\n"
	  "    MSEXCH:IMS:CORP5:SITE:SERVER 0 (000C05A6) Unknown Recipient\n",
	  BOUNCE_NONSTANDARD, 1,
	  { { "bob@corp5.example", "5.1.1", BOUNCE_FAILED, 1, "userunknown", 0,
	      "not recognized" } },
	  NULL, NULL, NULL },

	{ "Sendmail transcript: user unknown answered to RCPT TO",
	  "From: Mail Delivery Subsystem <MAILER-DAEMON@mx6.example>\n"
	  "To: news@rma-search.example\n"
	  "Subject: Returned mail: User unknown\n"
	  "\n"
	  "   ----- Transcript of session follows -----\n"
	  "... while talking to mail.six.example.:\n"
	  ">>> RCPT To:<nobody.here@six.example>\n"
	  "<<< 550 No such user here\n"
	  "550 nobody.here@six.example... User unknown\n"
	  "\n"
	  "   ----- Unsent message follows -----\n"
	  "From: news@rma-search.example\n"
	  "To: nobody.here@six.example\n"
	  "\n"
	  "Hello\n",
	  BOUNCE_NONSTANDARD, 1,
	  { { "nobody.here@six.example", "5.1.1", BOUNCE_FAILED, 1,
	      "userunknown", 550, "User unknown" } },
	  NULL, NULL, NULL },

	{ "Sendmail transcript: user unknown after DATA is a filter",
	  "From: Mail Delivery Subsystem <MAILER-DAEMON@mx7.example>\n"
	  "To: news@rma-search.example\n"
	  "Subject: Returned mail: see transcript for details\n"
	  "\n"
	  "   ----- Transcript of session follows -----\n"
	  "... while talking to mail.seven.example.:\n"
	  ">>> DATA\n"
	  "<<< 550 Unknown user carol@seven.example\n"
	  "554 5.0.0 Service unavailable\n"
	  "\n"
	  "   ----- Unsent message follows -----\n"
	  "From: news@rma-search.example\n"
	  "To: carol@seven.example\n"
	  "\n"
	  "Hello\n",
	  BOUNCE_NONSTANDARD, 1,
	  { { "carol@seven.example", "5.0.0", BOUNCE_FAILED, 0, "filtered", 550,
	      "Unknown user" } },
	  NULL, NULL, NULL },

	{ "a block list refusal is soft",
	  "From: MAILER-DAEMON@out.example (Mail Delivery System)\n"
	  "To: bounces+bl7@rma-search.example\n"
	  "Subject: Undelivered Mail Returned to Sender\n"
	  "Content-Type: multipart/report; report-type=delivery-status;"
	  " boundary=z\n"
	  "\n"
	  "--z\n"
	  "Content-Type: message/delivery-status\n"
	  "\n"
	  "Final-Recipient: rfc822; dave@eight.example\n"
	  "Action: failed\n"
	  "Status: 5.7.1\n"
	  "Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; Client host\n"
	  "    [192.0.2.99] blocked using zen.spamhaus.org\n"
	  "--z--\n",
	  BOUNCE_DSN, 1,
	  { { "dave@eight.example", "5.7.1", BOUNCE_FAILED, 0, "blocked", 554,
	      "spamhaus" } },
	  "bl7", NULL, NULL },

	{ "Amazon SES bounce notification",
	  "From: AWS Notifications <no-reply@sns.amazonaws.com>\n"
	  "To: news@rma-search.example\n"
	  "Subject: AWS Notification Message\n"
	  "\n"
	  "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":"
	  "\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":"
	  "\"Erin@Nine.example\",\"action\":\"failed\",\"status\":\"5.1.1\","
	  "\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}]},\"mail\":"
	  "{\"source\":\"bounces+ses1@rma-search.example\"}}\n",
	  BOUNCE_NONSTANDARD, 1,
	  { { "erin@nine.example", "5.1.1", BOUNCE_FAILED, 1, "userunknown", 550,
	      "user unknown" } },
	  "ses1", NULL, NULL },

	{ "a bounce returned inside a bounce",
	  "From: postmaster@outer.example\n"
	  "To: news@rma-search.example\n"
	  "Subject: Undeliverable: Returned mail\n"
	  "Content-Type: multipart/mixed; boundary=o\n"
	  "\n"
	  "--o\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "The attached notice could not be delivered either.\n"
	  "--o\n"
	  "Content-Type: message/rfc822\n"
	  "\n"
	  "From: MAILER-DAEMON@inner.example\n"
	  "To: bounces+in1@rma-search.example\n"
	  "Subject: Returned mail: User unknown\n"
	  "Content-Type: multipart/report; report-type=delivery-status;"
	  " boundary=i\n"
	  "\n"
	  "--i\n"
	  "Content-Type: message/delivery-status\n"
	  "\n"
	  "Final-Recipient: rfc822; frank@inner.example\n"
	  "Action: failed\n"
	  "Status: 5.1.1\n"
	  "--i--\n"
	  "--o--\n",
	  BOUNCE_NONSTANDARD, 1,
	  { { "frank@inner.example", "5.1.1", BOUNCE_FAILED, 1, "userunknown", 0,
	      NULL } },
	  "in1", NULL, NULL },

	{ "ARF abuse report",
	  "From: feedback@isp.example\n"
	  "To: abuse@rma-search.example\n"
	  "Subject: FW: Weekly jobs\n"
	  "MIME-Version: 1.0\n"
	  "Content-Type: multipart/report; report-type=feedback-report;"
	  " boundary=F\n"
	  "\n"
	  "--F\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "This is an email abuse report.\n"
	  "--F\n"
	  "Content-Type: message/feedback-report\n"
	  "\n"
	  "Feedback-Type: Abuse\n"
	  "User-Agent: ISP-FBL/1.0\n"
	  "Version: 1\n"
	  "Original-Mail-From: <bounces+fb3@rma-search.example>\n"
	  "Original-Rcpt-To: <Reader@ISP.example>\n"
	  "Arrival-Date: Mon, 2 Mar 2026 10:00:00 +0000\n"
	  "--F\n"
	  "Content-Type: message/rfc822\n"
	  "\n"
	  "Return-Path: <bounces+fb3@rma-search.example>\n"
	  "From: news@rma-search.example\n"
	  "To: reader@isp.example\n"
	  "Message-ID: <issue-13.9@rma-search.example>\n"
	  "Subject: Weekly jobs\n"
	  "\n"
	  "Hi\n"
	  "--F--\n",
	  BOUNCE_FEEDBACK, 1, { { "reader@isp.example", NULL, 0, 0, NULL, 0,
	  NULL } },
	  "fb3", "issue-13.9@rma-search.example", "abuse" },

	{ "Hotmail complaint with the original attached",
	  "From: staff@hotmail.com\n"
	  "To: abuse@rma-search.example\n"
	  "Subject: complaint about message from 192.0.2.1\n"
	  "Content-Type: multipart/mixed; boundary=h\n"
	  "\n"
	  "--h\n"
	  "Content-Type: message/rfc822\n"
	  "\n"
	  "X-HmXmrOriginalRecipient: gina@hotmail.example\n"
	  "From: news@rma-search.example\n"
	  "To: gina@hotmail.example\n"
	  "Subject: Weekly jobs\n"
	  "\n"
	  "Hi\n"
	  "--h--\n",
	  BOUNCE_FEEDBACK, 1, { { "gina@hotmail.example", NULL, 0, 0, NULL, 0,
	  NULL } },
	  NULL, NULL, "abuse" },

	{ "an out-of-office reply is no bounce",
	  "From: Harry <harry@corp10.example>\n"
	  "To: news@rma-search.example\n"
	  "Subject: Out of office: Weekly jobs\n"
	  "Auto-Submitted: auto-replied\n"
	  "\n"
	  "I am away until Monday. For anything urgent write to\n"
	  "deputy@corp10.example. Mail to my old address gets \"user unknown\".\n",
	  BOUNCE_NONE, 0, { { NULL, NULL, 0, 0, NULL, 0, NULL } },
	  NULL, NULL, NULL },

	{ "a person writing about a failed delivery is no bounce",
	  "From: Ida <ida@corp11.example>\n"
	  "To: jobs@rma-search.example\n"
	  "Subject: my application\n"
	  "\n"
	  "My message could not be delivered to one or more recipients,\n"
	  "the server said: 550 5.1.1 user unknown <hr@corp11.example>.\n",
	  BOUNCE_NONE, 0, { { NULL, NULL, 0, 0, NULL, 0, NULL } },
	  NULL, NULL, NULL },
};

static void
test_table(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct bcase *t = &cases[i];
		struct bounce_report *r = parse_text(t->mail, strlen(t->mail));

		check_report(r, t->name);
		if (r->kind != t->kind)
			fail_msg("%s: kind %s, want %s", t->name,
			    bounce_kind_name(r->kind), bounce_kind_name(t->kind));
		if (t->kind == BOUNCE_FEEDBACK) {
			if (r->n_complainants != t->n)
				fail_msg("%s: %zu complainants, want %zu", t->name,
				    r->n_complainants, t->n);
			for (k = 0; k < t->n; k++)
				if (strcmp(r->complainants[k], t->r[k].addr) != 0)
					fail_msg("%s: complainant %s, want %s",
					    t->name, r->complainants[k],
					    t->r[k].addr);
			if (r->feedback_type == NULL ||
			    strcmp(r->feedback_type, t->feedback) != 0)
				fail_msg("%s: feedback type %s", t->name,
				    r->feedback_type ? r->feedback_type : "NULL");
		} else if (r->n_rcpts != t->n)
			fail_msg("%s: %zu recipients, want %zu", t->name,
			    r->n_rcpts, t->n);
		for (k = 0; t->kind != BOUNCE_FEEDBACK && k < t->n; k++) {
			const struct want_rcpt *w = &t->r[k];
			const struct bounce_rcpt *g = &r->rcpts[k];

			if (strcmp(g->recipient, w->addr) != 0)
				fail_msg("%s: recipient %s, want %s", t->name,
				    g->recipient, w->addr);
			if (strcmp(g->status, w->status) != 0)
				fail_msg("%s: %s status %s, want %s", t->name,
				    w->addr, g->status, w->status);
			if (g->action != w->action || g->hard != w->hard)
				fail_msg("%s: %s %s hard %d, want %s %d", t->name,
				    w->addr, bounce_action_name(g->action), g->hard,
				    bounce_action_name(w->action), w->hard);
			if (strcmp(g->reason, w->reason) != 0)
				fail_msg("%s: %s reason %s, want %s", t->name,
				    w->addr, g->reason, w->reason);
			if (g->reply_code != w->reply)
				fail_msg("%s: %s reply %d, want %d", t->name,
				    w->addr, g->reply_code, w->reply);
			if (w->diag_has != NULL && (g->diagnostic == NULL ||
			    strstr(g->diagnostic, w->diag_has) == NULL))
				fail_msg("%s: %s diagnostic \"%s\" lacks \"%s\"",
				    t->name, w->addr, g->diagnostic ?
				    g->diagnostic : "(null)", w->diag_has);
		}
		if ((t->verp == NULL) != (r->verp_token == NULL) ||
		    (t->verp != NULL && strcmp(t->verp, r->verp_token) != 0))
			fail_msg("%s: VERP token %s, want %s", t->name,
			    r->verp_token ? r->verp_token : "NULL",
			    t->verp ? t->verp : "NULL");
		if (t->mid != NULL && (r->original_message_id == NULL ||
		    strcmp(t->mid, r->original_message_id) != 0))
			fail_msg("%s: Message-ID %s, want %s", t->name,
			    r->original_message_id ? r->original_message_id :
			    "NULL", t->mid);
		bounce_report_free(r);
	}
}

/* the first DSN case's details that the table does not hold */
static void
test_dsn_details(void **state)
{
	struct bounce_report *r;

	(void)state;
	r = parse_text(cases[0].mail, strlen(cases[0].mail));
	assert_string_equal(r->reporting_mta, "mx.sender.example");
	assert_int_equal(r->n_rcpts, 1);
	assert_string_equal(r->rcpts[0].original_recipient,
	    "jane.doe@corp.example");
	assert_string_equal(r->rcpts[0].remote_mta, "mx.corp.example");
	bounce_report_free(r);

	/* the ARF case */
	assert_string_equal(cases[13].name, "ARF abuse report");
	r = parse_text(cases[13].mail, strlen(cases[13].mail));
	assert_int_equal(r->kind, BOUNCE_FEEDBACK);
	assert_string_equal(r->original_mail_from,
	    "bounces+fb3@rma-search.example");
	assert_string_equal(r->user_agent, "ISP-FBL/1.0");
	assert_int_equal(r->n_rcpts, 0);
	bounce_report_free(r);
}

static void
test_verp_token(void **state)
{
	static const struct {
		const char *addr, *base, *want;
	} t[] = {
		{ "bounces+abc123@rma-search.example", BASE, "abc123" },
		{ "BOUNCES+AbC@RMA-Search.Example", BASE, "AbC" },
		{ "bounces+a.b_c=d-e@rma-search.example", BASE, "a.b_c=d-e" },
		{ "bounces@rma-search.example", BASE, NULL },
		{ "bounces+@rma-search.example", BASE, NULL },
		{ "bounces+abc@other.example", BASE, NULL },
		{ "bounces+abc@rma-search.example.evil", BASE, NULL },
		{ "xbounces+abc@rma-search.example", BASE, NULL },
		{ "bounces+a/b@rma-search.example", BASE, NULL },
		{ "bounces+a b@rma-search.example", BASE, NULL },
		{ "bounces+abc@rma-search.example", NULL, NULL },
		{ "bounces+abc@rma-search.example", "nobase", NULL },
		{ NULL, BASE, NULL },
	};
	char longaddr[300];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *g = bounce_verp_token(t[i].addr, t[i].base);

		if ((g == NULL) != (t[i].want == NULL) ||
		    (g != NULL && strcmp(g, t[i].want) != 0))
			fail_msg("bounce_verp_token(%s): %s, want %s",
			    t[i].addr ? t[i].addr : "NULL", g ? g : "NULL",
			    t[i].want ? t[i].want : "NULL");
		free(g);
	}
	/* a token of BOUNCE_MAX_TOKEN + 1 bytes */
	memcpy(longaddr, "bounces+", 8);
	memset(longaddr + 8, 'a', BOUNCE_MAX_TOKEN + 1);
	snprintf(longaddr + 8 + BOUNCE_MAX_TOKEN + 1,
	    sizeof(longaddr) - 8 - BOUNCE_MAX_TOKEN - 1, "@rma-search.example");
	assert_null(bounce_verp_token(longaddr, BASE));
}

/* a DSN with many recipients: BOUNCE_MAX_RCPTS kept, the cut reported */
static void
test_many_recipients(void **state)
{
	struct buf b;
	struct bounce_report *r;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "From: MAILER-DAEMON@x.example\nTo: news@rma-search.example\n"
	    "Subject: Undelivered Mail Returned to Sender\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=m\n\n--m\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; x.example\n\n");
	for (i = 0; i < BOUNCE_MAX_RCPTS + 500; i++)
		buf_appendf(&b, "Final-Recipient: rfc822; user%zu@many.example\n"
		    "Action: failed\nStatus: 5.1.1\n\n", i);
	buf_puts(&b, "--m--\n");
	r = parse_text(b.data, b.len);
	check_report(r, "many recipients");
	assert_int_equal(r->n_rcpts, BOUNCE_MAX_RCPTS);
	assert_true(r->rcpts_cut);
	assert_string_equal(r->rcpts[0].recipient, "user0@many.example");
	bounce_report_free(r);
	buf_free(&b);
}

/* hostile fields: bad addresses, a huge diagnostic, control bytes */
static void
test_hostile(void **state)
{
	struct buf b;
	struct bounce_report *r;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "From: MAILER-DAEMON@x.example\nTo: news@rma-search.example\n"
	    "Subject: Undelivered Mail Returned to Sender\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    " boundary=h\n\n--h\nContent-Type: message/delivery-status\n\n"
	    "Final-Recipient: rfc822; two@at@signs.example\nAction: failed\n"
	    "Status: 5.1.1\n\n"
	    "Final-Recipient: rfc822; <\"quoted local\"@q.example>\n"
	    "Action: failed\nStatus: 5.1.1\n\n"
	    "Final-Recipient: rfc822; nodomain@\nAction: failed\n\n"
	    "Final-Recipient: rfc822; ok@good.example\nAction: failed\n"
	    "Status: 5.1.1\nDiagnostic-Code: smtp; 550 ");
	for (i = 0; i < 3000; i++)
		buf_puts(&b, i % 7 == 0 ? "\xc3\xa9" : "x");
	buf_puts(&b, "\n\x01\x02\n--h--\n");
	r = parse_text(b.data, b.len);
	check_report(r, "hostile");
	assert_int_equal(r->kind, BOUNCE_DSN);
	assert_int_equal(r->n_rcpts, 1);
	assert_string_equal(r->rcpts[0].recipient, "ok@good.example");
	assert_non_null(r->rcpts[0].diagnostic);
	assert_true(strlen(r->rcpts[0].diagnostic) <= BOUNCE_MAX_DIAG);
	assert_true(strlen(r->rcpts[0].diagnostic) > BOUNCE_MAX_DIAG - 4);
	bounce_report_free(r);
	buf_free(&b);

	/* a NUL, a lone CR and junk before any field: no crash, no bounce */
	{
		static const char junk[] = "From: a@b.example\r\rSubject: x\0y\n"
		    "\n@@@@ <@> <a@> <@b> a@@b.example\n";

		r = parse_text(junk, sizeof(junk) - 1);
		check_report(r, "junk");
		assert_int_equal(r->kind, BOUNCE_NONE);
		bounce_report_free(r);
	}
	/* NULL message */
	{
		const char *err = NULL;

		assert_int_equal(bounce_parse(NULL, BASE, phrases, &r, &err),
		    -1);
		assert_null(r);
		assert_non_null(err);
	}
	/* no phrase table */
	{
		const char *err = NULL;
		struct mail *m = NULL;

		assert_int_equal(mime_parse(cases[0].mail,
		    strlen(cases[0].mail), NULL, &m, &err), MIME_OK);
		assert_int_equal(bounce_parse(m, BASE, NULL, &r, &err), -1);
		assert_null(r);
		assert_string_equal(err, "no bounce phrases");
		mail_free(m);
	}
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(bounce_kind_name(BOUNCE_NONE), "none");
	assert_string_equal(bounce_kind_name(BOUNCE_DSN), "dsn");
	assert_string_equal(bounce_kind_name(BOUNCE_NONSTANDARD),
	    "nonstandard");
	assert_string_equal(bounce_kind_name(BOUNCE_FEEDBACK), "feedback");
	assert_string_equal(bounce_action_name(BOUNCE_FAILED), "failed");
	assert_string_equal(bounce_action_name(BOUNCE_DELAYED), "delayed");
	assert_string_equal(bounce_action_name(BOUNCE_DELIVERED), "delivered");
	assert_string_equal(bounce_action_name(BOUNCE_RELAYED), "relayed");
	assert_string_equal(bounce_action_name(BOUNCE_EXPANDED), "expanded");
	assert_true(bounce_reason_hard("userunknown"));
	assert_true(bounce_reason_hard("hostunknown"));
	assert_true(bounce_reason_hard("hasmoved"));
	assert_true(bounce_reason_hard("notaccept"));
	assert_false(bounce_reason_hard("mailboxfull"));
	assert_false(bounce_reason_hard("filtered"));
	assert_false(bounce_reason_hard(NULL));
}

/* ---- the corpus ---- */

/* parse_data: a corpus file through mime_parse and bounce_parse, the
 * report's promises checked */
static struct bounce_report *
parse_data(const char *file, const char *data, size_t len)
{
	const char *err;
	struct mail *m = NULL;
	struct bounce_report *r = NULL;

	if (mime_parse(data, len, NULL, &m, &err) != MIME_OK) {
		/* a message mime refuses is no bounce either */
		r = xcalloc(1, sizeof(*r));
	} else {
		assert_int_equal(bounce_parse(m, BASE, phrases, &r, &err), 0);
		mail_free(m);
	}
	check_report(r, file);
	return r;
}

static struct bounce_report *
parse_file(const char *root, const char *file)
{
	size_t len;
	char *data = corpus_read(root, file, &len);
	struct bounce_report *r = parse_data(file, data, len);

	free(data);
	return r;
}

static int
is_bounce(const struct bounce_report *r)
{
	return r->kind == BOUNCE_DSN || r->kind == BOUNCE_NONSTANDARD;
}

static const struct bounce_rcpt *
find_rcpt(const struct bounce_report *r, const char *addr)
{
	size_t i;

	for (i = 0; i < r->n_rcpts; i++)
		if (strcasecmp(r->rcpts[i].recipient, addr) == 0 ||
		    (r->rcpts[i].original_recipient != NULL &&
		    strcasecmp(r->rcpts[i].original_recipient, addr) == 0))
			return &r->rcpts[i];
	return NULL;
}

static double
pct(size_t a, size_t b)
{
	return b == 0 ? 100.0 : 100.0 * (double)a / (double)b;
}

/*
 * Every EXPECTED.tsv row through mime_parse + bounce_parse.  A row that
 * names its recipient is compared with that recipient; the rows of a
 * file that name none are compared as a whole with the file's first
 * recipients (hard ones against hard ones), since upstream's order of
 * recipients need not be ours.
 */
static void
test_corpus_expected(void **state)
{
	char *root = corpus_root(), *sp;
	struct corpus_expected x;
	const struct corpus_row *rows;
	size_t nrows, i, j;
	size_t bounces = 0, detected = 0, hs_rows = 0, hs_agree = 0;
	size_t named = 0, found = 0, fb_files = 0, fb_ok = 0;
	size_t auto_files = 0, auto_bad = 0, reason_same = 0;

	(void)state;
	corpus_expected_read(root, &x);
	rows = x.rows;
	nrows = x.n;
	/* "addr (X-Failed-Recipients)": where upstream found it */
	for (i = 0; i < nrows; i++)
		if ((sp = strchr(rows[i].recipient, ' ')) != NULL)
			*sp = '\0';
	assert_true(nrows >= 350);

	for (i = 0; i < nrows; i = j) {
		struct bounce_report *r;
		size_t want_h = 0, want_s = 0, got_h = 0, got_s = 0, unnamed = 0;
		int known = corpus_disagreement(rows[i].file);

		/* the rows of one file */
		for (j = i; j < nrows && strcmp(rows[j].file, rows[i].file) == 0;
		    j++)
			;
		r = parse_file(root, rows[i].file);

		if (strncmp(rows[i].kind, "feedback", 8) == 0) {
			fb_files++;
			if (r->kind == BOUNCE_FEEDBACK)
				fb_ok++;
			else
				print_error("%s: not recognised as a complaint "
				    "(%s)\n", rows[i].file, bounce_kind_name(r->kind));
		} else if (strcmp(rows[i].hard_soft, "none") == 0) {
			int bad = r->kind == BOUNCE_FEEDBACK;

			for (size_t k = 0; k < r->n_rcpts; k++)
				if (r->rcpts[k].hard >= 0)
					bad = 1;
			auto_files++;
			if (bad && known)
				print_message("# known disagreement: %s is a "
				    "bounce here, \"%s\" upstream\n", rows[i].file,
				    rows[i].kind);
			else if (bad) {
				auto_bad++;
				print_error("%s (%s): taken for a bounce\n",
				    rows[i].file, rows[i].kind);
			}
		}

		for (size_t k = i; k < j; k++) {
			const struct corpus_row *w = &rows[k];
			const struct bounce_rcpt *g;
			int want_hard;

			if (strcmp(w->hard_soft, "hard") != 0 &&
			    strcmp(w->hard_soft, "soft") != 0)
				continue;
			bounces++;
			hs_rows++;
			if (is_bounce(r))
				detected++;
			else
				print_error("%s: bounce not detected (%s)\n",
				    w->file, r->why);
			want_hard = strcmp(w->hard_soft, "hard") == 0;
			if (w->recipient[0] == '\0') {
				unnamed++;
				if (want_hard)
					want_h++;
				else
					want_s++;
				continue;
			}
			named++;
			g = find_rcpt(r, w->recipient);
			if (g != NULL)
				found++;
			else
				print_message("# %s: recipient %s not found\n",
				    w->file, w->recipient);
			if (g != NULL && (g->hard == 1) == want_hard)
				hs_agree++;
			else if (g != NULL)
				print_message("# %s: %s is %s (%s), upstream %s "
				    "(%s)\n", w->file, w->recipient,
				    g->hard == 1 ? "hard" : "not hard",
				    g->reason, w->hard_soft, w->reason);
			if (g != NULL && strcmp(g->reason, w->reason) == 0)
				reason_same++;
		}
		/* the rows without a named recipient, as a whole */
		for (size_t k = 0; k < r->n_rcpts && k < unnamed; k++) {
			if (r->rcpts[k].hard == 1)
				got_h++;
			else
				got_s++;
		}
		if (unnamed > 0) {
			size_t agree = (want_h < got_h ? want_h : got_h) +
			    (want_s < got_s ? want_s : got_s);

			hs_agree += agree;
			if (agree < unnamed)
				print_message("# %s: %zu of %zu hard/soft "
				    "agree (upstream %zu hard, %zu soft)\n",
				    rows[i].file, agree, unnamed, want_h, want_s);
			for (size_t k = i; k < j; k++) {
				if (rows[k].recipient[0] != '\0' ||
				    strcmp(rows[k].hard_soft, "none") == 0)
					continue;
				for (size_t q = 0; q < r->n_rcpts; q++)
					if (strcmp(r->rcpts[q].reason,
					    rows[k].reason) == 0) {
						reason_same++;
						break;
					}
			}
		}
		bounce_report_free(r);
	}

	print_message("# bounces detected: %zu/%zu (%.1f%%)\n", detected,
	    bounces, pct(detected, bounces));
	print_message("# hard/soft agreement: %zu/%zu (%.1f%%)\n", hs_agree,
	    hs_rows, pct(hs_agree, hs_rows));
	print_message("# named recipients found: %zu/%zu (%.1f%%)\n", found,
	    named, pct(found, named));
	print_message("# complaints recognised: %zu/%zu files\n", fb_ok,
	    fb_files);
	print_message("# auto-replies and other non-bounces taken for a "
	    "bounce: %zu/%zu files\n", auto_bad, auto_files);
	print_message("# (informative) same reason label as upstream: "
	    "%zu/%zu (%.1f%%)\n", reason_same, hs_rows,
	    pct(reason_same, hs_rows));

	assert_true(bounces >= 300);
	assert_true(pct(detected, bounces) >= 95.0);
	assert_true(pct(hs_agree, hs_rows) >= 90.0);
	assert_true(pct(found, named) >= 95.0);
	assert_true(fb_files >= 15);
	assert_int_equal(fb_ok, fb_files);
	assert_true(auto_files >= 5);
	assert_int_equal(auto_bad, 0);

	corpus_expected_free(&x);
	free(root);
}

/* every file of the corpus: no crash, no leak, the report's promises */
static void
count_kind(const char *name, const char *data, size_t len, void *arg)
{
	size_t *kinds = arg;
	struct bounce_report *r = parse_data(name, data, len);

	kinds[r->kind]++;
	bounce_report_free(r);
}

static void
test_corpus_every_file(void **state)
{
	char *root = corpus_root();
	size_t files, kinds[4] = { 0 };

	(void)state;
	files = corpus_each(root, count_kind, kinds);
	print_message("# corpus: %zu files: %zu dsn, %zu nonstandard, "
	    "%zu feedback, %zu none\n", files, kinds[BOUNCE_DSN],
	    kinds[BOUNCE_NONSTANDARD], kinds[BOUNCE_FEEDBACK],
	    kinds[BOUNCE_NONE]);
	assert_true(files >= 400);
	free(root);
}

/* ---- the phrase file (bounce_phrase.h) ---- */

static char *
write_tmp(const char *text, size_t n)
{
	char *path = xstrdup("/tmp/test-bounce-phrases-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return path;
}

/* the shipped file: every phrase read, specific before vague, the
 * look-ups of the index */
static void
test_phrase_file(void **state)
{
	struct bounce_phrases *t;
	const char *err = NULL;
	size_t at = 99;

	(void)state;
	t = bounce_phrase_load(PHRASES, &err);
	if (t == NULL)
		fail_msg("%s", err);
	assert_int_equal(bounce_phrase_count(t), 408);
	assert_string_equal(bounce_phrase_reason(t, "550 MAILBOX FULL", 16,
	    0), "mailboxfull");
	/* the first phrase of the file wins, not the first in the text */
	assert_string_equal(bounce_phrase_reason(t,
	    "user unknown: mailbox full", 26, 0), "mailboxfull");
	assert_string_equal(bounce_phrase_reason(t, "dropped as SPAM", 15,
	    0), "spamdetected");
	assert_string_equal(bounce_phrase_reason(t, "a uce b", 7, 0),
	    "spamdetected");    /* the quoted phrase keeps its blanks */
	assert_null(bounce_phrase_reason(t, "auce", 4, 0));
	/* "access denied" is vague only */
	assert_null(bounce_phrase_reason(t, "access denied", 13, 0));
	assert_string_equal(bounce_phrase_reason(t, "access denied", 13, 1),
	    "blocked");
	/* never past n: "mailbox full" cut to "mailbox ful" */
	assert_null(bounce_phrase_reason(t, "mailbox full", 11, 0));
	assert_null(bounce_phrase_reason(t, "", 0, 0));
	assert_null(bounce_phrase_reason(NULL, "mailbox full", 12, 0));
	/* earliest: the first specific phrase, else the first vague one */
	assert_int_equal(bounce_phrase_earliest(t, "xx denied; over quota",
	    21, &at), 1);
	assert_int_equal(at, 11);
	assert_int_equal(bounce_phrase_earliest(t, "xx denied", 9, &at), 1);
	assert_int_equal(at, 3);
	assert_int_equal(bounce_phrase_earliest(t, "hello", 5, &at), 0);
	bounce_phrase_free(t);
	bounce_phrase_free(NULL);
	assert_int_equal(bounce_phrase_count(NULL), 0);
}

/* every bad line refused, named by file and line */
static void
test_phrase_errors(void **state)
{
	static const struct {
		const char *text;
		const char *want;     /* after "PATH:" */
	} t[] = {
		{ "# ok\nmailboxfull en mailbox full\nmailboxful en x y\n",
		  "3: unknown reason \"mailboxful\"" },
		{ "mailbox\x01full en x y\n", "1: unknown reason (the list" },
		{ "mailboxfull english mailbox full\n",
		  "1: the language is no ISO 639 code" },
		{ "mailboxfull EN mailbox full\n",
		  "1: the language is no ISO 639 code" },
		{ "\n\nmailboxfull\n", "3: no language and phrase" },
		{ "mailboxfull en\n", "1: no phrase after the language" },
		{ "mailboxfull en   \r\n", "1: no phrase after the language" },
		{ "spamdetected en \" uce\n",
		  "1: a phrase that opens a quote must end with one" },
		{ "spamdetected en x\n", "1: a phrase of less than two bytes" },
		{ "spamdetected en \"x\"\n",
		  "1: a phrase of less than two bytes" },
		{ "spamdetected en sp\tam\n",
		  "1: a control character in the phrase" },
		{ "spamdetected en sp\xff\xfe" "am\n",
		  "1: the phrase is not UTF-8" },
		{ "blocked en denied\n[vague]\n[vague]\n",
		  "3: a second [vague]" },
		{ "[specific]\n", "1: unknown section" },
		{ "# nothing\n\n", " no phrases in it" },
		{ "", " no phrases in it" },
	};
	char longline[400];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *path = write_tmp(t[i].text, strlen(t[i].text));
		const char *err = NULL;
		size_t pl = strlen(path);

		assert_null(bounce_phrase_load(path, &err));
		assert_non_null(err);
		if (strncmp(err, path, pl) != 0 || err[pl] != ':' ||
		    strncmp(err + pl + 1, t[i].want, strlen(t[i].want)) != 0)
			fail_msg("case %zu: \"%s\", want \"%s:%s...\"", i, err,
			    path, t[i].want);
		unlink(path);
		free(path);
	}
	/* a phrase of 201 bytes */
	memcpy(longline, "mailboxfull en ", 15);
	memset(longline + 15, 'a', 201);
	memcpy(longline + 216, "\n", 2);
	{
		char *path = write_tmp(longline, strlen(longline));
		const char *err = NULL;

		assert_null(bounce_phrase_load(path, &err));
		assert_non_null(strstr(err, ":1: a phrase longer than 200"));
		unlink(path);
		free(path);
	}
	/* a NUL byte, a file that is not there, no name */
	{
		char *path = write_tmp("blocked en de\0nied\n", 19);
		const char *err = NULL;

		assert_null(bounce_phrase_load(path, &err));
		assert_non_null(strstr(err, ": a NUL byte"));
		unlink(path);
		assert_null(bounce_phrase_load(path, &err));
		assert_non_null(strstr(err, path));
		assert_non_null(strstr(err, "No such file"));
		free(path);
		assert_null(bounce_phrase_load(NULL, &err));
		assert_non_null(err);
	}
}

/* a prose reason no shipped phrase names (status 5.0.0 says nothing) */
static const char german_dsn[] =
	"From: MAILER-DAEMON@mx.firma.example\n"
	"To: bounces+tok1@rma-search.example\n"
	"Subject: Unzustellbar: Weekly jobs\n"
	"Content-Type: multipart/report; report-type=delivery-status;"
	" boundary=b\n"
	"\n"
	"--b\n"
	"Content-Type: text/plain\n"
	"\n"
	"Ihre Nachricht konnte nicht zugestellt werden.\n"
	"--b\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.firma.example\n"
	"\n"
	"Final-Recipient: rfc822; hans@firma.example\n"
	"Action: failed\n"
	"Status: 5.0.0\n"
	"Diagnostic-Code: smtp; 550 Das Postfach ist voll\n"
	"--b--\n";

/* a firm's own file takes effect; the default path follows
 * RECRUIT_DATADIR */
static void
test_phrase_own_file(void **state)
{
	static const char ours[] =
	    "# ours: two of the shipped phrases and one in German\n"
	    "mailboxfull   de  postfach ist voll\n"
	    "mailboxfull   en  mailbox full\n"
	    "[vague]\n"
	    "blocked       en  denied\n";
	struct bounce_phrases *t;
	struct bounce_report *r;
	const char *err = NULL;
	char *path, *dir, *want;

	(void)state;
	r = parse_text(german_dsn, strlen(german_dsn));
	assert_int_equal(r->n_rcpts, 1);
	assert_string_not_equal(r->rcpts[0].reason, "mailboxfull");
	bounce_report_free(r);

	path = write_tmp(ours, strlen(ours));
	t = bounce_phrase_load(path, &err);
	assert_non_null(t);
	assert_int_equal(bounce_phrase_count(t), 3);
	r = parse_with(t, german_dsn, strlen(german_dsn));
	assert_int_equal(r->n_rcpts, 1);
	assert_string_equal(r->rcpts[0].reason, "mailboxfull");
	assert_int_equal(r->rcpts[0].hard, 0);
	/* the reason is a static label: the report outlives its table */
	bounce_phrase_free(t);
	assert_string_equal(r->rcpts[0].reason, "mailboxfull");
	bounce_report_free(r);
	unlink(path);
	free(path);

	/* the default: $RECRUIT_DATADIR/bounce-phrases, else PKGDATADIR */
	dir = getenv("RECRUIT_DATADIR") != NULL ?
	    xstrdup(getenv("RECRUIT_DATADIR")) : NULL;
	assert_int_equal(setenv("RECRUIT_DATADIR", "/nonexistent-data", 1), 0);
	assert_string_equal(bounce_phrase_default_path(),
	    "/nonexistent-data/bounce-phrases");
	assert_int_equal(setenv("RECRUIT_DATADIR", "", 1), 0);
	want = xasprintf("%s/bounce-phrases", PKGDATADIR);
	assert_string_equal(bounce_phrase_default_path(), want);
	assert_int_equal(unsetenv("RECRUIT_DATADIR"), 0);
	assert_string_equal(bounce_phrase_default_path(), want);
	free(want);
	if (dir != NULL) {
		assert_int_equal(setenv("RECRUIT_DATADIR", dir, 1), 0);
		free(dir);
	}
}

/* ingest_new reads [extract] bounce_phrases (else the default): a file
 * that cannot be read stops it, named with the line */
static void
test_phrase_config(void **state)
{
	struct conf *conf = NULL;
	struct ingest *in;
	const char *err = NULL;
	char *cerr = NULL, *text, *bad, *dir;

	(void)state;
	bad = write_tmp("mailboxfull de postfach voll\nvoll\n", 34);
	text = xasprintf("[store]\ndatabase = x\n[inbox]\nsource = maildir:M\n"
	    "[extract]\nbounce_phrases = %s\n", bad);
	if (conf_load_string(text, "t.conf", "/", &conf, &cerr) < 0)
		fail_msg("%s", cerr);
	assert_string_equal(conf->bounce_phrases, bad);
	assert_null(ingest_new(conf, NULL, &err));
	assert_non_null(strstr(err, bad));
	assert_non_null(strstr(err, ":2: unknown reason"));
	conf_free(conf);
	free(text);

	/* the same with the file of the source tree: it sets up */
	text = xstrdup("[store]\ndatabase = x\n[inbox]\nsource = maildir:M\n"
	    "[extract]\nbounce_phrases = " PHRASES "\n");
	assert_int_equal(conf_load_string(text, "t.conf", "/", &conf, &cerr),
	    0);
	in = ingest_new(conf, NULL, &err);
	assert_non_null(in);
	ingest_free(in);
	conf_free(conf);
	free(text);

	/* no key: the default path, here a folder without the file */
	dir = getenv("RECRUIT_DATADIR") != NULL ?
	    xstrdup(getenv("RECRUIT_DATADIR")) : NULL;
	assert_int_equal(setenv("RECRUIT_DATADIR", "/nonexistent-data", 1), 0);
	assert_int_equal(conf_load_string("[store]\ndatabase = x\n[inbox]\n"
	    "source = maildir:M\n", "t.conf", "/", &conf, &cerr), 0);
	assert_null(conf->bounce_phrases);
	assert_null(ingest_new(conf, NULL, &err));
	assert_string_equal(err, "/nonexistent-data/bounce-phrases: "
	    "No such file or directory");
	conf_free(conf);
	if (dir != NULL) {
		assert_int_equal(setenv("RECRUIT_DATADIR", dir, 1), 0);
		free(dir);
	} else
		assert_int_equal(unsetenv("RECRUIT_DATADIR"), 0);
	unlink(bad);
	free(bad);
}

static int
setup_phrases(void **state)
{
	const char *err = NULL;

	(void)state;
	if ((phrases = bounce_phrase_load(PHRASES, &err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown_phrases(void **state)
{
	(void)state;
	bounce_phrase_free(phrases);
	phrases = NULL;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_dsn_details),
		cmocka_unit_test(test_verp_token),
		cmocka_unit_test(test_many_recipients),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_phrase_file),
		cmocka_unit_test(test_phrase_errors),
		cmocka_unit_test(test_phrase_own_file),
		cmocka_unit_test(test_phrase_config),
		cmocka_unit_test(test_corpus_expected),
		cmocka_unit_test(test_corpus_every_file),
	};

	log_init("test_bounce", 0, LOGL_ERROR);
	return cmocka_run_group_tests(tests, setup_phrases, teardown_phrases);
}

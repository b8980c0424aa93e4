/* test_classify.c — one kind per message, first match wins: a table of
 * hand-built messages (headers, sender, subject, text, parts) with the
 * kind each must get. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify.h"
#include "fields.h"
#include "util.h"

#define TOKEN "0123456789abcdef0123456789abcdef"
#define REQ "newsletter-request@rma.example"
#define ROBOT "noreply@webforms.rma.example"
#define CAND_FIELDS "First Name: Maria\nLast Name: Keller\n" \
	"Desired Position: CFO\nYears of Experience: 19\n"

struct row {
	const char *name;
	const char *hdr[3];       /* "Name: value" */
	const char *from;
	const char *from_name;
	const char *return_path;
	const char *to;
	const char *subject;
	const char *text;
	const char *report_type;
	const char *part_type;    /* one extra part */
	const char *part_name;
	enum mail_kind kind;
};

static const struct row rows[] = {
	{ "dsn", { NULL }, "mailer-daemon@mx.example", NULL, "", NULL,
	  "Undelivered Mail Returned to Sender", "see attached",
	  "delivery-status", "message/delivery-status", NULL, KIND_BOUNCE },
	{ "arf", { NULL }, "fbl@isp.example", NULL, NULL, NULL,
	  "complaint", "This is an abuse report", "feedback-report",
	  "message/feedback-report", NULL, KIND_COMPLAINT },
	{ "qmail", { NULL }, "MAILER-DAEMON@q.example", NULL, "", NULL,
	  "failure notice", "Hi. This is the qmail-send program at q.example.",
	  NULL, NULL, NULL, KIND_BOUNCE },
	{ "exim subject", { NULL }, "mailer-daemon@e.example",
	  "Mail Delivery System", NULL, NULL,
	  "Mail delivery failed: returning message to sender", "x", NULL,
	  NULL, NULL, KIND_BOUNCE },
	{ "postmaster prose only", { NULL }, "postmaster@p.example", NULL,
	  NULL, NULL, "Question about your server",
	  "Hello, can we talk about the DNS records?", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	{ "vacation", { "Auto-Submitted: auto-replied" }, "ceo@corp.example",
	  NULL, NULL, NULL, "Away until May 5", "I am away.", NULL, NULL,
	  NULL, KIND_AUTO_REPLY },
	/* the firm's own web-form robot marks what it relays as made by a
	 * machine: still a person's form */
	{ "web form, Auto-Submitted", { "Auto-Submitted: auto-generated",
	  "Precedence: bulk" }, "forms@rma.example", NULL, NULL,
	  "jobs@rma.example", "New job order", "Company: Acme", NULL, NULL,
	  NULL, KIND_JOB_ORDER },
	/* another sender with the same headers is a robot */
	{ "other robot, Auto-Submitted", { "Auto-Submitted: auto-generated",
	  "Precedence: bulk" }, "forms@elsewhere.example", NULL, NULL,
	  "jobs@rma.example", "New job order", "Company: Acme", NULL, NULL,
	  NULL, KIND_AUTO_REPLY },
	{ "auto-submitted no", { "Auto-Submitted: no" }, "ceo@corp.example",
	  NULL, NULL, NULL, "Hello", "Just hello.", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	{ "out of office subject", { NULL }, "a@corp.example", NULL, NULL,
	  NULL, "Out of Office: Re: CFO search", "Back Monday", NULL, NULL,
	  NULL, KIND_AUTO_REPLY },
	{ "abwesenheit", { NULL }, "a@corp.example", NULL, NULL, NULL,
	  "Abwesenheitsnotiz: Ihre Anfrage", "Bis 3.1. abwesend", NULL, NULL,
	  NULL, KIND_AUTO_REPLY },
	{ "precedence bulk", { "Precedence: bulk" }, "news@shop.example",
	  NULL, NULL, NULL, "Deals", "Buy now", NULL, NULL, NULL,
	  KIND_AUTO_REPLY },
	{ "list post", { "List-Id: <hr.lists.example>" }, "x@lists.example",
	  NULL, NULL, NULL, "[hr] thread", "text", NULL, NULL, NULL,
	  KIND_AUTO_REPLY },
	{ "x-autoreply", { "X-Autoreply: yes" }, "a@b.example", NULL, NULL,
	  NULL, "Re: hello", "Thanks", NULL, NULL, NULL, KIND_AUTO_REPLY },
	{ "subscribe line", { NULL }, "reader@home.example", NULL, NULL, NULL,
	  "newsletter", "subscribe\n\n-- \nReader", NULL, NULL, NULL,
	  KIND_SUBSCRIPTION },
	{ "unsubscribe subject", { NULL }, "reader@home.example", NULL, NULL,
	  NULL, "unsubscribe", "", NULL, NULL, NULL, KIND_SUBSCRIPTION },
	/* a confirmation needs its token: 32 hex digits, not 10 */
	{ "confirm short token", { NULL }, "reader@home.example", NULL, NULL,
	  NULL, "Re: please confirm", "confirm 7f3a9c0d2b\n> quoted", NULL,
	  NULL, NULL, KIND_UNCLASSIFIED },
	{ "confirm token", { NULL }, "reader@home.example", NULL, NULL, NULL,
	  "Re: please confirm", "confirm " TOKEN "\n> quoted", NULL, NULL,
	  NULL, KIND_SUBSCRIPTION },
	{ "confirm without token", { NULL }, "reader@home.example", NULL,
	  NULL, NULL, "hi", "confirm\n", NULL, NULL, NULL, KIND_UNCLASSIFIED },
	{ "subscribe in prose", { NULL }, "reader@home.example", NULL, NULL,
	  NULL, "question", "subscribe me to whatever you think would help my "
	  "career, I have many questions about it", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	/* the request address with no command in it: a person reads it */
	{ "to request address, no command", { NULL }, "reader@home.example",
	  NULL, NULL, "newsletter-request@rma.example", "please", "add me",
	  NULL, NULL, NULL, KIND_UNCLASSIFIED },
	{ "to jobs address", { NULL }, "hr@acme.example", NULL, NULL,
	  "jobs@rma.example", "CFO", "We need a CFO.", NULL, NULL, NULL,
	  KIND_JOB_ORDER },
	{ "to careers address", { NULL }, "me@home.example", NULL, NULL,
	  "careers@rma.example", "hello", "Here I am.", NULL, NULL, NULL,
	  KIND_CANDIDATE },
	{ "job fields", { NULL }, "hr@acme.example", NULL, NULL,
	  "info@rma.example", "Search request",
	  "Company: Acme GmbH\nPosition Title: Head of Sales\n"
	  "Salary: EUR 150k\nEmployment Type: Full-time\n", NULL, NULL, NULL,
	  KIND_JOB_ORDER },
	{ "candidate fields", { NULL }, "me@home.example", NULL, NULL,
	  "info@rma.example", "Registration",
	  "First Name: Ana\nLast Name: Ruiz\nDesired Position: COO\n"
	  "Years of Experience: 18\nWilling to relocate: yes\n", NULL, NULL,
	  NULL, KIND_CANDIDATE },
	{ "cv attachment", { NULL }, "me@home.example", NULL, NULL,
	  "info@rma.example", "Hello", "Please find my CV attached.", NULL,
	  "application/pdf", "CV_Ana_Ruiz.pdf", KIND_CANDIDATE },
	{ "bounce beats auto-submitted", { "Auto-Submitted: auto-replied" },
	  "MAILER-DAEMON@x.example", NULL, "", NULL,
	  "Delivery Status Notification (Failure)", "x", "delivery-status",
	  "message/delivery-status", NULL, KIND_BOUNCE },
	/* ---- issue 12: a candidate's first line that starts with a
	 * command word is a sentence, not a command */
	{ "subscribe sentence + CV to careers", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "careers@rma.example",
	  "CFO roles", "Subscribe me to your shortlist for CFO roles? "
	  "Attached my CV.\n\nMaria", NULL, "application/pdf", "CV.pdf",
	  KIND_CANDIDATE },
	{ "subscribe sentence + CV to info", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "CFO roles", "Subscribe me to your shortlist for CFO roles? "
	  "Attached my CV.\n\nMaria", NULL, "application/pdf", "CV.pdf",
	  KIND_CANDIDATE },
	{ "subscribe sentence, nothing else", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "CFO roles", "Subscribe me to your shortlist for CFO roles?\n\n"
	  "Maria", NULL, NULL, NULL, KIND_UNCLASSIFIED },
	{ "unsubscribe sentence + CV to careers", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "careers@rma.example",
	  "New CV", "Unsubscribe from my previous application, here is the "
	  "new CV\n\nMaria", NULL, "application/pdf", "CV_2026.pdf",
	  KIND_CANDIDATE },
	{ "unsubscribe sentence + CV to info", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "New CV", "Unsubscribe from my previous application,\nhere is the "
	  "new CV\n", NULL, "application/pdf", "CV_2026.pdf", KIND_CANDIDATE },
	{ "short unsubscribe sentence + CV to info", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "Update", "Unsubscribe my old application.\nThe new CV is "
	  "attached.\n", NULL, "application/pdf", "CV_2026.pdf",
	  KIND_CANDIDATE },
	{ "short unsubscribe sentence, nothing else", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "Update", "Unsubscribe my old application.\n", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	{ "short command line to careers", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "careers@rma.example",
	  "Hello", "Subscribe me, please.\nI am a CFO with 19 years in "
	  "banking.\n", NULL, NULL, NULL, KIND_CANDIDATE },
	{ "confirm sentence to careers", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "careers@rma.example",
	  "Registration", "Confirm my registration please\n", NULL, NULL, NULL,
	  KIND_CANDIDATE },
	{ "confirm sentence to info", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "Interview", "Confirm my interview on Tuesday\n", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	{ "bare subscribe + CV to info", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "Hello", "Subscribe\n\nAnd my CV is attached, for CFO roles.\n",
	  NULL, "application/pdf", "CV.pdf", KIND_CANDIDATE },
	{ "unsubscribe + candidate fields to info", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "info@rma.example",
	  "Update", "Unsubscribe\n\n" CAND_FIELDS, NULL, NULL, NULL,
	  KIND_CANDIDATE },
	{ "subscribe to request + CV", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, REQ, "subscribe",
	  "subscribe\n", NULL, "application/pdf", "CV.pdf", KIND_CANDIDATE },
	/* ---- the real commands keep working, in a mail to info@ */
	{ "subscribe me", { NULL }, "reader@home.example", NULL, NULL,
	  "info@rma.example", "Newsletter", "Subscribe me, please.\n\nBen",
	  NULL, NULL, NULL, KIND_SUBSCRIPTION },
	{ "subscribe NAME", { NULL }, "reader@home.example", NULL, NULL,
	  "info@rma.example", "x", "subscribe Ben van der Berg\n", NULL, NULL,
	  NULL, KIND_SUBSCRIPTION },
	{ "subscribe ADDRESS", { NULL }, "reader@home.example", NULL, NULL,
	  "info@rma.example", "x", "subscribe <ben@home.example>\n", NULL,
	  NULL, NULL, KIND_SUBSCRIPTION },
	{ "unsubscribe please", { NULL }, "reader@home.example", NULL, NULL,
	  "info@rma.example", "x", "Unsubscribe please!\n-- \nBen", NULL,
	  NULL, NULL, KIND_SUBSCRIPTION },
	{ "please confirm [TOKEN]", { NULL }, "reader@home.example", NULL,
	  NULL, "info@rma.example", "x", "Please confirm [" TOKEN "]\n", NULL,
	  NULL, NULL, KIND_SUBSCRIPTION },
	{ "reply to the confirmation at info", { NULL }, "reader@home.example",
	  NULL, NULL, "info@rma.example", "Re: Please confirm your "
	  "subscription to RMA Insights [" TOKEN "]", "Yes, please.\n\n> "
	  "Hello,", NULL, NULL, NULL, KIND_SUBSCRIPTION },
	{ "confirm TOKEN and more", { NULL }, "reader@home.example", NULL,
	  NULL, "info@rma.example", "x", "confirm " TOKEN " and my interview\n",
	  NULL, NULL, NULL, KIND_UNCLASSIFIED },
	{ "confirm 33 hex", { NULL }, "reader@home.example", NULL, NULL,
	  "info@rma.example", "x", "confirm " TOKEN "0\n", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	{ "stop to info", { NULL }, "reader@home.example", NULL, NULL,
	  "info@rma.example", "x", "Stop\n", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	{ "abbestellen to info", { NULL }, "leser@heim.example", NULL, NULL,
	  "info@rma.example", "x", "abbestellen\n", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	/* ---- the request address: respond.c's words, first in the
	 * subject or the text */
	{ "request: subscribe", { NULL }, "reader@home.example", NULL, NULL,
	  REQ, "Newsletter", "Subscribe me to the newsletter, thanks", NULL,
	  NULL, NULL, KIND_SUBSCRIPTION },
	{ "request: stop", { NULL }, "reader@home.example", NULL, NULL, REQ,
	  "stop", "", NULL, NULL, NULL, KIND_SUBSCRIPTION },
	{ "request: AW: abbestellen", { NULL }, "leser@heim.example", NULL,
	  NULL, REQ, "AW: abbestellen", "Bitte nicht mehr schicken.", NULL,
	  NULL, NULL, KIND_SUBSCRIPTION },
	{ "request: d\xc3\xa9sabonner", { NULL }, "lecteur@maison.example",
	  NULL, NULL, REQ, "Lettre", "d\xc3\xa9sabonner\n", NULL, NULL, NULL,
	  KIND_SUBSCRIPTION },
	{ "request: reply to the confirmation", { NULL },
	  "reader@home.example", NULL, NULL, REQ, "Re: Please confirm your "
	  "subscription to RMA Insights [" TOKEN "]", "ok", NULL, NULL, NULL,
	  KIND_SUBSCRIPTION },
	{ "request: confirm short token", { NULL }, "reader@home.example",
	  NULL, NULL, REQ, "x", "confirm 7f3a9c0d2b\n", NULL, NULL, NULL,
	  KIND_UNCLASSIFIED },
	{ "request: confirm TOKEN in text", { NULL }, "reader@home.example",
	  NULL, NULL, REQ, "x", "confirm " TOKEN "\n", NULL, NULL, NULL,
	  KIND_SUBSCRIPTION },
	{ "plus unsubscribe-TOKEN", { NULL }, "reader@home.example", NULL,
	  NULL, "newsletter-request+unsubscribe-" TOKEN "@rma.example", "",
	  "", NULL, NULL, NULL, KIND_SUBSCRIPTION },
	{ "plus confirm-TOKEN", { NULL }, "reader@home.example", NULL, NULL,
	  "newsletter-request+confirm-" TOKEN "@rma.example", "Re: hello",
	  "yes", NULL, NULL, NULL, KIND_SUBSCRIPTION },
	{ "plus confirm-notatoken", { NULL }, "reader@home.example", NULL,
	  NULL, "newsletter-request+confirm-abc@rma.example", "Re: hello",
	  "yes", NULL, NULL, NULL, KIND_UNCLASSIFIED },
	/* ---- issue 12: a web-form robot's registration with a delay word
	 * in its subject is no bounce */
	{ "web form, Delayed start", { NULL }, ROBOT, "RMA Search Website",
	  NULL, "careers@rma.example", "Delayed start: registration of Maria "
	  "Keller", CAND_FIELDS, NULL, NULL, NULL, KIND_CANDIDATE },
	{ "web form, Verz\xc3\xb6gert, to info", { NULL }, ROBOT, NULL, NULL,
	  "info@rma.example", "Verz\xc3\xb6gert: Registrierung Maria Keller",
	  CAND_FIELDS, NULL, NULL, NULL, KIND_CANDIDATE },
	{ "web form, null sender, Delayed", { NULL }, ROBOT, NULL, "",
	  "careers@rma.example", "Delayed start: registration",
	  "Your message could not be delivered? No: " CAND_FIELDS, NULL, NULL,
	  NULL, KIND_CANDIDATE },
	{ "web form, subscribe line", { NULL }, ROBOT, NULL, NULL,
	  "info@rma.example", "Newsletter sign-up", "Subscribe\nEmail: "
	  "x@home.example\n", NULL, NULL, NULL, KIND_UNCLASSIFIED },
	/* a robot that is no configured form: its subject alone is no
	 * bounce evidence, its text is */
	{ "job board noreply, Delayed, to careers", { NULL },
	  "noreply@jobboard.example", NULL, NULL, "careers@rma.example",
	  "Delayed: application of Maria Keller", CAND_FIELDS, NULL, NULL,
	  NULL, KIND_CANDIDATE },
	{ "noreply, delivery delayed subject only", { NULL },
	  "noreply@shop.example", NULL, NULL, "info@rma.example",
	  "Your delivery is delayed", "Your parcel arrives on Friday.", NULL,
	  NULL, NULL, KIND_UNCLASSIFIED },
	{ "noreply, bounce text", { NULL }, "noreply@mx.example", NULL, NULL,
	  "info@rma.example", "Mail error", "Your message could not be "
	  "delivered to one or more recipients.", NULL, NULL, NULL,
	  KIND_BOUNCE },
	/* a mail daemon proper: the subject is enough, except at a role
	 * address, where it must say so in its text */
	{ "mailer-daemon, delayed subject", { NULL },
	  "mailer-daemon@mx.example", NULL, "", "info@rma.example",
	  "Delayed Mail (still being retried)", "x", NULL, NULL, NULL,
	  KIND_BOUNCE },
	{ "mailer-daemon, delayed subject, to careers", { NULL },
	  "mailer-daemon@mx.example", NULL, "", "careers@rma.example",
	  "Delayed Mail (still being retried)", "x", NULL, NULL, NULL,
	  KIND_CANDIDATE },
	{ "mailer-daemon, bounce text, to careers", { NULL },
	  "mailer-daemon@mx.example", NULL, "", "careers@rma.example",
	  "Undelivered Mail Returned to Sender", "This is the mail system. "
	  "Your message could not be delivered to one or more recipients.",
	  NULL, NULL, NULL, KIND_BOUNCE },
	{ "DSN to jobs", { NULL }, "mailer-daemon@mx.example", NULL, "",
	  "jobs@rma.example", "Undelivered Mail Returned to Sender", "x",
	  "delivery-status", "message/delivery-status", NULL, KIND_BOUNCE },
	{ "person, Delayed subject, to careers", { NULL },
	  "maria.keller@mailbox.example", NULL, NULL, "careers@rma.example",
	  "Delayed: my application", "Sorry, here it is.", NULL,
	  "application/pdf", "CV.pdf", KIND_CANDIDATE },
	{ "junk", { NULL }, "win@lottery.example", NULL, NULL,
	  "info@rma.example", "You have won", "Claim your prize now!", NULL,
	  NULL, NULL, KIND_UNCLASSIFIED },
};

static struct mail *
build(const struct row *r)
{
	struct mail *m = xcalloc(1, sizeof(*m));
	size_t i;

	for (i = 0; i < ARRAY_SIZE(r->hdr) && r->hdr[i] != NULL; i++) {
		const char *colon = strchr(r->hdr[i], ':');

		m->headers = xreallocarray(m->headers, m->n_headers + 1,
		    sizeof(*m->headers));
		m->headers[m->n_headers].name = xstrndup(r->hdr[i],
		    (size_t)(colon - r->hdr[i]));
		m->headers[m->n_headers].value = xstrdup(colon + 2);
		m->n_headers++;
	}
	m->from_addr = r->from ? xstrdup(r->from) : NULL;
	if (m->from_addr)
		str_lower(m->from_addr);
	m->from_name = r->from_name ? xstrdup(r->from_name) : NULL;
	m->return_path = r->return_path ? xstrdup(r->return_path) : NULL;
	if (r->to != NULL) {
		m->rcpt = xcalloc(1, sizeof(char *));
		m->rcpt[0] = xstrdup(r->to);
		m->n_rcpt = 1;
	}
	m->subject = r->subject ? xstrdup(r->subject) : NULL;
	m->text = xstrdup(r->text);
	m->report_type = r->report_type ? xstrdup(r->report_type) : NULL;
	m->content_type = xstrdup(r->report_type ? "multipart/report" :
	    "text/plain");
	if (r->part_type != NULL) {
		m->parts = xcalloc(1, sizeof(*m->parts));
		m->parts[0].content_type = xstrdup(r->part_type);
		m->parts[0].filename = r->part_name ? xstrdup(r->part_name) :
		    NULL;
		m->parts[0].attachment = r->part_name != NULL;
		m->parts[0].data = (unsigned char *)xstrdup("%PDF-1.4\n");
		m->parts[0].len = 9;
		m->parts[0].depth = 1;
		m->n_parts = 1;
	}
	return m;
}

static void
test_table(void **state)
{
	static char *const web_forms[] = { "forms@rma.example", ROBOT };
	struct classify_config cfg = {
		.job_orders = "jobs@rma.example",
		.candidates = "careers@rma.example",
		.newsletter_requests = "newsletter-request@rma.example",
		.bounces = "bounces@rma.example",
		.command_base = REQ,
		.web_forms = web_forms,
		.n_web_forms = ARRAY_SIZE(web_forms),
	};
	struct limits lim;
	size_t i;
	int bad = 0;

	(void)state;
	limit_defaults(&lim);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct mail *m = build(&rows[i]);
		struct field_set fs;
		const char *reason = NULL;
		enum mail_kind k;

		fields_parse(m, &lim, &fs);
		k = classify(m, &fs, &cfg, &reason);
		if (k != rows[i].kind) {
			print_error("%s: got %s (%s), want %s\n", rows[i].name,
			    classify_kind_name(k), reason,
			    classify_kind_name(rows[i].kind));
			bad++;
		}
		assert_non_null(reason);
		fields_free(&fs);
		mail_free(m);
	}
	assert_int_equal(bad, 0);
}

static void
test_names(void **state)
{
	enum mail_kind k;

	(void)state;
	assert_int_equal(classify_kind_parse("auto_reply", &k), 0);
	assert_int_equal(k, KIND_AUTO_REPLY);
	assert_string_equal(classify_kind_name(KIND_JOB_ORDER), "job_order");
	assert_int_equal(classify_kind_parse("spam", &k), -1);
}

/* the command readers the reply stage can share */
static void
test_commands(void **state)
{
	static const struct {
		const char *s;
		int request;
		enum classify_command cmd;
		const char *rest;
	} t[] = {
		{ "subscribe", 0, CLASSIFY_CMD_SUBSCRIBE, "" },
		{ "  Re: AW: Unsubscribe me", 0, CLASSIFY_CMD_UNSUBSCRIBE, " me" },
		{ "Fwd: please confirm [x]", 0, CLASSIFY_CMD_CONFIRM, " [x]" },
		{ "confirmed for Tuesday", 0, CLASSIFY_CMD_NONE, NULL },
		{ "subscriber list", 0, CLASSIFY_CMD_NONE, NULL },
		{ "Stop", 0, CLASSIFY_CMD_NONE, NULL },
		{ "Stop", 1, CLASSIFY_CMD_UNSUBSCRIBE, "" },
		{ "Stopover in Doha", 1, CLASSIFY_CMD_NONE, NULL },
		{ "SV: abbestellen bitte", 1, CLASSIFY_CMD_UNSUBSCRIBE, " bitte" },
		{ "d\xc3\xa9sabonner", 1, CLASSIFY_CMD_UNSUBSCRIBE, "" },
		{ "d\xc3\xa9sabonnement", 1, CLASSIFY_CMD_NONE, NULL },
		{ "hello", 1, CLASSIFY_CMD_NONE, NULL },
	};
	const char *rest;
	size_t i, rn;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		rest = NULL;
		assert_int_equal(classify_command(t[i].s, strlen(t[i].s),
		    t[i].request, &rest, &rn), t[i].cmd);
		if (t[i].rest != NULL) {
			assert_int_equal(rn, strlen(t[i].rest));
			assert_memory_equal(rest, t[i].rest, rn);
		}
	}
	/* the length bounds the read: "subscribe" cut to "subscri" */
	assert_int_equal(classify_command("subscribe", 7, 0, NULL, NULL),
	    CLASSIFY_CMD_NONE);
}

static void
test_tokens(void **state)
{
	char tok[CLASSIFY_TOKEN_LEN + 1];
	const char *s;

	(void)state;
	assert_true(classify_is_token(TOKEN, 32));
	assert_false(classify_is_token(TOKEN, 31));
	assert_false(classify_is_token("0123456789ABCDEF0123456789abcdef",
	    32));
	s = "Re: Please confirm [0123456789ABCDEF0123456789ABCDEF]";
	assert_true(classify_find_token(s, strlen(s), tok));
	assert_string_equal(tok, TOKEN);
	s = "confirm " TOKEN "0";          /* 33 digits: no token */
	assert_false(classify_find_token(s, strlen(s), tok));
	s = "confirm 7f3a9c0d2b";
	assert_false(classify_find_token(s, strlen(s), tok));
	s = "confirm " TOKEN;               /* cut before the last digit */
	assert_false(classify_find_token(s, strlen(s) - 1, tok));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_tokens),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_mime.c — mime_parse on small inline mails (structure, decoding,
 * file names, headers, addresses), the limits on hostile input (the
 * outcome only: how long they take is measured, as a ratio, by
 * contrib/bench/hostile), and every file of the shared corpus.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "limit.h"
#include "mail.h"
#include "mime.h"
#include "util.h"

#include "../support/build.h"
#include "../support/corpus.h"

static struct limits lim;

static int
clean_string(const char *s, int newlines_ok)
{
	const unsigned char *p;

	if (s == NULL)
		return 1;
	if (!utf8_valid(s, strlen(s)))
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(newlines_ok && (*p == '\n' || *p == '\t'))) ||
		    *p == 0x7f)
			return 0;
	return 1;
}

/* check_mail: the promises of mail.h hold */
static void
check_mail(const struct mail *m, const char *what)
{
	size_t i;

	if (m->content_type == NULL || m->text == NULL)
		fail_msg("%s: content_type or text is NULL", what);
	for (i = 0; i < m->n_headers; i++)
		if (!clean_string(m->headers[i].name, 0) ||
		    !clean_string(m->headers[i].value, 0))
			fail_msg("%s: header %zu not clean", what, i);
	if (!clean_string(m->message_id, 0) || !clean_string(m->from_addr, 0) ||
	    !clean_string(m->from_name, 0) || !clean_string(m->subject, 0) ||
	    !clean_string(m->reply_to_addr, 0) ||
	    !clean_string(m->reply_to_name, 0) ||
	    !clean_string(m->sender_addr, 0) ||
	    !clean_string(m->return_path, 0) ||
	    !clean_string(m->content_type, 0) ||
	    !clean_string(m->report_type, 0) || !clean_string(m->text, 1) ||
	    !clean_string(m->html, 1))
		fail_msg("%s: a field is not clean UTF-8", what);
	for (i = 0; i < m->n_rcpt; i++)
		if (!clean_string(m->rcpt[i], 0) || strchr(m->rcpt[i], '@') == NULL)
			fail_msg("%s: rcpt %zu bad", what, i);
	for (i = 0; i < m->n_parts; i++) {
		const struct mail_part *p = &m->parts[i];

		if (p->content_type == NULL || strchr(p->content_type, '/') == NULL ||
		    !clean_string(p->content_type, 0) ||
		    !clean_string(p->charset, 0) || !clean_string(p->filename, 0))
			fail_msg("%s: part %zu metadata bad", what, i);
		if (p->data == NULL)
			fail_msg("%s: part %zu without data", what, i);
		if (p->filename != NULL && (strchr(p->filename, '/') != NULL ||
		    strchr(p->filename, '\\') != NULL || p->filename[0] == '.'))
			fail_msg("%s: part %zu unsafe name %s", what, i,
			    p->filename);
		if (p->depth > lim.max_mime_depth)
			fail_msg("%s: part %zu too deep", what, i);
	}
}

static struct mail *
parse_ok(const char *raw, size_t len)
{
	struct mail *m = NULL;
	const char *err = NULL;

	if (mime_parse(raw, len, &lim, &m, &err) != MIME_OK)
		fail_msg("mime_parse rejected: %s", err ? err : "(null)");
	assert_non_null(m);
	check_mail(m, "inline mail");
	return m;
}

static struct mail *
parse_str(const char *raw)
{
	return parse_ok(raw, strlen(raw));
}

static const char *
reject_reason(const char *raw, size_t len)
{
	struct mail *m = (struct mail *)1;
	const char *err = NULL;

	if (mime_parse(raw, len, &lim, &m, &err) != MIME_REJECT) {
		mail_free(m);
		fail_msg("expected a rejection");
	}
	assert_null(m);
	assert_non_null(err);
	return err;
}

/* ---- structure ---- */

static const char alternative[] =
    "From: \"Weiß, Jürgen\" <Juergen.Weiss@Example.DE>\n"
    "To: Jobs <jobs@rma-search.example>, other@example.org\n"
    "Cc: =?UTF-8?Q?J=C3=BCrgen?= <JOBS@rma-search.example>\n"
    "Subject: =?UTF-8?B?QmV3ZXJidW5nOiBDRk8=?= (m/w/d)\n"
    "Date: Tue, 03 Mar 2026 10:15:00 +0100\n"
    "Message-ID: <abc.123@mail.example.de>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/alternative; boundary=\"=_alt_1\"\n"
    "\n"
    "preamble\n"
    "--=_alt_1\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Guten Tag,=0Aich bewerbe mich f=C3=BCr die Stelle.=\n"
    " Danke.\n"
    "--=_alt_1\n"
    "Content-Type: text/html; charset=utf-8\n"
    "\n"
    "<p>Guten Tag</p>\n"
    "--=_alt_1--\n"
    "epilogue\n";

static void
test_alternative(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str(alternative);
	assert_string_equal(m->content_type, "multipart/alternative");
	assert_int_equal(m->n_parts, 2);
	assert_string_equal(m->parts[0].content_type, "text/plain");
	assert_string_equal(m->parts[0].charset, "utf-8");
	assert_int_equal(m->parts[0].depth, 1);
	assert_int_equal(m->parts[0].attachment, 0);
	assert_string_equal(m->parts[1].content_type, "text/html");
	/* the line break before a delimiter belongs to the delimiter */
	assert_string_equal(m->text,
	    "Guten Tag,\nich bewerbe mich f\xc3\xbcr die Stelle. Danke.");
	assert_string_equal(m->html, "<p>Guten Tag</p>");
	assert_int_equal(m->defects, 0);

	/* headers */
	assert_string_equal(m->from_addr, "juergen.weiss@example.de");
	assert_string_equal(m->from_name, "Wei\xc3\x9f, J\xc3\xbcrgen");
	assert_string_equal(m->subject, "Bewerbung: CFO (m/w/d)");
	assert_string_equal(m->message_id, "abc.123@mail.example.de");
	assert_int_equal((long long)m->date, 1772529300LL);
	assert_int_equal(m->n_rcpt, 2);
	assert_string_equal(m->rcpt[0], "jobs@rma-search.example");
	assert_string_equal(m->rcpt[1], "other@example.org");
	assert_null(m->return_path);
	assert_string_equal(mail_header_get(m, "SUBJECT"),
	    "Bewerbung: CFO (m/w/d)");
	assert_string_equal(mail_header_get(m, "mime-version"), "1.0");
	assert_null(mail_header_get(m, "X-Missing"));
	assert_string_equal(m->headers[0].name, "From");
	mail_free(m);
}

static void
test_html_only(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str(
	    "From: forms@rma-search.example\n"
	    "Reply-To: Anna Berg <anna.berg@example.com>\n"
	    "Content-Type: text/html; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: base64\n"
	    "\n"
	    /* <table><tr><td>Name:</td><td>J\xfcrgen</td></tr>
	       <tr><td>City</td><td>M\xfcnchen</td></tr></table> */
	    "PHRhYmxlPjx0cj48dGQ+TmFtZTo8L3RkPjx0ZD5K/HJnZW48L3RkPjwvdHI+PHRy\n"
	    "Pjx0ZD5DaXR5PC90ZD48dGQ+TfxuY2hlbjwvdGQ+PC90cj48L3RhYmxlPg==\n");
	assert_string_equal(m->content_type, "text/html");
	assert_int_equal(m->n_parts, 1);
	assert_int_equal(m->parts[0].depth, 0);
	assert_string_equal(m->text,
	    "Name: J\xc3\xbcrgen\nCity: M\xc3\xbcnchen");
	assert_non_null(strstr(m->html, "J\xc3\xbcrgen"));
	assert_string_equal(m->reply_to_addr, "anna.berg@example.com");
	assert_string_equal(m->reply_to_name, "Anna Berg");
	assert_string_equal(m->from_addr, "forms@rma-search.example");
	assert_null(m->from_name);
	mail_free(m);
}

struct name_case {
	const char *params;   /* Content-Type and Content-Disposition lines */
	const char *filename;
};

static const struct name_case names[] = {
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment;\n"
	  " filename*=UTF-8''Lebenslauf_J%C3%BCrgen_Wei%C3%9F.pdf\n",
	  "Lebenslauf_J\xc3\xbcrgen_Wei\xc3\x9f.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment;\n"
	  " filename*0*=UTF-8''Lebenslauf%20J%C3%BC;\n"
	  " filename*1*=rgen%20Wei%C3%9F;\n"
	  " filename*2=\".pdf\"\n",
	  "Lebenslauf J\xc3\xbcrgen Wei\xc3\x9f.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename*1=\"part2.pdf\";\n"
	  " filename*0=\"cv-\"\n",
	  "cv-part2.pdf" },
	{ "Content-Type: application/pdf; name*=iso-8859-1'de'CV_M%FCller.pdf\n",
	  "CV_M\xc3\xbcller.pdf" },
	{ "Content-Type: application/msword;\n"
	  " name=\"=?UTF-8?B?TGViZW5zbGF1ZiBKw7xyZ2VuIFdlacOfLnBkZg==?=\"\n"
	  "Content-Disposition: attachment;\n"
	  " filename=\"=?UTF-8?B?TGViZW5zbGF1ZiBKw7xyZ2VuIFdlacOfLnBkZg==?=\"\n",
	  "Lebenslauf J\xc3\xbcrgen Wei\xc3\x9f.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename==?iso-8859-1?Q?R=E9sum=E9?=.pdf\n",
	  "R\xc3\xa9sum\xc3\xa9.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=\"Lebenslauf J\xfcrgen.pdf\"\n",
	  "Lebenslauf J\xc3\xbcrgen.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=Lebenslauf J\xc3\xbcrgen.pdf\n",
	  "Lebenslauf J\xc3\xbcrgen.pdf" },
	{ "Content-Type: application/octet-stream\n"
	  "Content-Disposition: attachment; filename=\"../../etc/passwd\"\n",
	  "etcpasswd" },
	{ "Content-Type: application/octet-stream\n"
	  "Content-Disposition: attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd\n",
	  "etcpasswd" },
	{ "Content-Type: application/octet-stream\n"
	  "Content-Disposition: attachment; filename=\"C:\\\\Users\\\\x\\\\CV.pdf\"\n",
	  "C:UsersxCV.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=\".hidden\tname\x01.pdf\"\n",
	  "hidden name.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=\"  ...  \"\n",
	  NULL },
	{ "Content-Type: application/pdf; name=\"from-type.pdf\"\n"
	  "Content-Disposition: attachment\n",
	  "from-type.pdf" },
};

static void
test_filenames(void **state)
{
	struct buf b;
	struct mail *m;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		buf_init(&b, 0);
		buf_appendf(&b, "From: a@example.com\n"
		    "Content-Type: multipart/mixed; boundary=XyZ\n\n"
		    "--XyZ\nContent-Type: text/plain\n\nsee attached\n"
		    "--XyZ\n%sContent-Transfer-Encoding: base64\n\n"
		    "JVBERi0xLjQK\n--XyZ--\n", names[i].params);
		m = parse_ok(b.data, b.len);
		assert_int_equal(m->n_parts, 2);
		if (names[i].filename == NULL ?
		    m->parts[1].filename != NULL :
		    m->parts[1].filename == NULL ||
		    strcmp(m->parts[1].filename, names[i].filename) != 0)
			fail_msg("name case %zu: got \"%s\", want \"%s\"", i,
			    m->parts[1].filename ? m->parts[1].filename : "(null)",
			    names[i].filename ? names[i].filename : "(null)");
		assert_int_equal(m->parts[1].attachment, 1);
		assert_int_equal(m->parts[1].len, 9);
		assert_memory_equal(m->parts[1].data, "%PDF-1.4\n", 9);
		assert_string_equal(m->text, "see attached");
		buf_free(&b);
		mail_free(m);
	}
}

static void
test_sanitize(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Lebenslauf J\xc3\xbcrgen Wei\xc3\x9f.pdf",
		  "Lebenslauf J\xc3\xbcrgen Wei\xc3\x9f.pdf" },
		{ "../../etc/passwd", "etcpasswd" },
		{ "..\\..\\boot.ini", "boot.ini" },
		{ " . x", "x" },
		{ "cv\r\n.pdf", "cv.pdf" },
		{ "invoice\xe2\x80\xae" "fdp.exe", "invoicefdp.exe" },
		{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
		{ "trailing   ", "trailing" },
		{ "", NULL },
		{ "///", NULL },
	};
	char *got, longname[400];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = mime_sanitize_filename(cases[i].in, strlen(cases[i].in));
		if (cases[i].out == NULL ? got != NULL :
		    got == NULL || strcmp(got, cases[i].out) != 0)
			fail_msg("sanitize \"%s\": got \"%s\"", cases[i].in,
			    got ? got : "(null)");
		free(got);
	}
	/* long names keep their extension within 255 bytes */
	memset(longname, 'a', sizeof(longname));
	memcpy(longname + 395, ".pdf", 5);
	got = mime_sanitize_filename(longname, strlen(longname));
	assert_int_equal(strlen(got), 255);
	assert_string_equal(got + 251, ".pdf");
	free(got);
	assert_null(mime_sanitize_filename(NULL, 0));
}

static void
test_rfc822_leaf(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str(
	    "From: a@example.com\n"
	    "Content-Type: multipart/mixed; boundary=b1\n\n"
	    "--b1\nContent-Type: text/plain\n\nForwarded below.\n"
	    "--b1\nContent-Type: message/rfc822\n\n"
	    "From: inner@example.org\nSubject: inner\n"
	    "Content-Type: multipart/alternative; boundary=b2\n\n"
	    "--b2\nContent-Type: text/plain\n\ninner text\n--b2--\n"
	    "--b1--\n");
	assert_int_equal(m->n_parts, 2);
	assert_string_equal(m->parts[1].content_type, "message/rfc822");
	assert_int_equal(m->parts[1].depth, 1);
	/* the encapsulated message is kept as bytes, not expanded */
	assert_int_equal(strncmp((const char *)m->parts[1].data,
	    "From: inner@example.org\nSubject: inner\n", 39), 0);
	assert_non_null(strstr((const char *)m->parts[1].data, "--b2--"));
	assert_string_equal(m->text, "Forwarded below.");
	assert_string_equal(m->from_addr, "a@example.com");
	mail_free(m);

	/* an encapsulated message stays byte for byte, broken as it is */
	m = parse_str(
	    "Content-Type: multipart/mixed; boundary=b1\n\n"
	    "--b1\nContent-Type: message/rfc822\n\n"
	    "Subject: inner\nContent-Type: multipart/mixed; boundary=b2\n\n"
	    "--b2\n\nno header fields\n--b2\nContent-Type: text/plain\n\n"
	    "never closed\n-- \nsig\n"
	    "--b1--\n");
	assert_int_equal(m->n_parts, 1);
	assert_string_equal((const char *)m->parts[0].data,
	    "Subject: inner\nContent-Type: multipart/mixed; boundary=b2\n\n"
	    "--b2\n\nno header fields\n--b2\nContent-Type: text/plain\n\n"
	    "never closed\n-- \nsig");
	mail_free(m);
}

static const char report[] =
    "Return-Path: <>\n"
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
    "To: bounces+abc@rma-search.example\n"
    "Delivered-To: Bounces+ABC@rma-search.example\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Auto-Submitted: auto-replied\n"
    "Content-Type: multipart/report; report-type=\"Delivery-Status\";\n"
    "\tboundary=\"rep\"\n"
    "\n"
    "--rep\n"
    "Content-Description: Notification\n"
    "Content-Type: text/plain\n"
    "\n"
    "Your message could not be delivered.\n"
    "--rep\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.example.net\n"
    "\n"
    "Final-Recipient: rfc822; gone@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "--rep\n"
    "Content-Type: text/rfc822-headers\n"
    "\n"
    "From: newsletter@rma-search.example\n"
    "Content-Type: multipart/alternative; boundary=\"orig\"\n"
    "--rep--\n";

static void
test_report(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str(report);
	assert_string_equal(m->content_type, "multipart/report");
	assert_string_equal(m->report_type, "delivery-status");
	assert_int_equal(m->n_parts, 3);
	assert_string_equal(m->parts[1].content_type, "message/delivery-status");
	assert_non_null(strstr((const char *)m->parts[1].data,
	    "Status: 5.1.1"));
	assert_string_equal(m->parts[2].content_type, "text/rfc822-headers");
	/* quoted headers reach the reader as written */
	assert_non_null(strstr((const char *)m->parts[2].data,
	    "Content-Type: multipart/alternative; boundary=\"orig\""));
	assert_string_equal(m->return_path, "");
	assert_string_equal(m->from_addr, "mailer-daemon@mx.example.net");
	assert_int_equal(m->n_rcpt, 1);
	assert_string_equal(m->rcpt[0], "bounces+abc@rma-search.example");
	assert_string_equal(m->text, "Your message could not be delivered.");
	mail_free(m);
}

static void
test_encodings(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str(
	    "Content-Type: multipart/mixed; boundary=\"b\"\n\n"
	    "--b\nContent-Type: text/plain; charset=ISO-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "Gehalt: =8090.000=20p.a.\nOrt: M=FCnchen=\n\n"
	    "--b\nContent-Type: text/plain; charset=\"Shift_JIS\"\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "k/qWe4zqgsyXmpfwj5E=\n"
	    "--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
	    "iVBORw0KGgo=\n"
	    "--b--\n");
	assert_int_equal(m->n_parts, 3);
	assert_string_equal((const char *)m->parts[0].data,
	    "Gehalt: \xe2\x82\xac" "90.000 p.a.\nOrt: M\xc3\xbcnchen");
	assert_string_equal(m->parts[0].charset, "iso-8859-1");
	assert_string_equal((const char *)m->parts[1].data,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
	    "\xe5\xb1\xa5\xe6\xad\xb4\xe6\x9b\xb8");
	assert_string_equal(m->parts[1].charset, "shift_jis");
	/* binary parts keep their bytes */
	assert_int_equal(m->parts[2].len, 8);
	assert_memory_equal(m->parts[2].data, "\x89PNG\r\n\x1a\n", 8);
	assert_int_equal(m->parts[2].attachment, 0);
	assert_string_equal(m->text,
	    "Gehalt: \xe2\x82\xac" "90.000 p.a.\nOrt: M\xc3\xbcnchen\n"
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
	    "\xe5\xb1\xa5\xe6\xad\xb4\xe6\x9b\xb8");
	assert_int_equal(m->defects, 0);
	mail_free(m);
}

/* the same mail with LF, CRLF and CR-only line ends */
static void
test_line_ends(void **state)
{
	static const char *eols[] = { "\n", "\r\n", "\r" };
	struct mail *m;
	struct buf b;
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(eols); i++) {
		buf_init(&b, 0);
		for (j = 0; alternative[j]; j++) {
			if (alternative[j] == '\n')
				buf_puts(&b, eols[i]);
			else
				buf_putc(&b, alternative[j]);
		}
		m = parse_ok(b.data, b.len);
		assert_int_equal(m->n_parts, 2);
		assert_string_equal(m->subject, "Bewerbung: CFO (m/w/d)");
		assert_string_equal(m->text,
		    "Guten Tag,\nich bewerbe mich f\xc3\xbcr die Stelle. "
		    "Danke.");
		assert_string_equal(m->html, "<p>Guten Tag</p>");
		assert_string_equal(m->rcpt[1], "other@example.org");
		mail_free(m);
		buf_free(&b);
	}
}

static void
test_no_content_type(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str("From: Bob <bob@example.com>\nSubject: hi\n\n"
	    "Hello\nWorld\n");
	assert_string_equal(m->content_type, "text/plain");
	assert_int_equal(m->n_parts, 1);
	assert_null(m->parts[0].charset);
	assert_string_equal(m->text, "Hello\nWorld\n");
	mail_free(m);

	/* only a body, no headers at all */
	m = parse_str("\nJust a body.\n");
	assert_string_equal(m->text, "Just a body.\n");
	assert_int_equal(m->n_headers, 0);
	mail_free(m);

	/* an mbox "From " line and a header block without blank line */
	m = parse_str("From bob@example.com Mon Jan  1 00:00:00 2026\n"
	    "From: bob@example.com\nSubject: x\nno blank line here\n");
	assert_string_equal(m->from_addr, "bob@example.com");
	assert_string_equal(m->text, "no blank line here\n");
	mail_free(m);

	/* "From :" is a header field, not an mbox line */
	m = parse_str("From : Bob <bob@example.com>\n\nhi\n");
	assert_string_equal(m->from_addr, "bob@example.com");
	assert_string_equal(m->headers[0].name, "From");
	mail_free(m);

	/* empty input */
	m = parse_ok("", 0);
	assert_string_equal(m->text, "");
	mail_free(m);
}

static void
test_broken_boundaries(void **state)
{
	struct mail *m;

	(void)state;
	/* the boundary never shows up: the body is kept as text */
	m = parse_str("Content-Type: multipart/mixed; boundary=\"nothere\"\n\n"
	    "Name: Anna Berg\nEmail: anna@example.com\n");
	assert_non_null(strstr(m->text, "Email: anna@example.com"));
	mail_free(m);

	/* multipart without a boundary parameter */
	m = parse_str("Content-Type: multipart/mixed\n\nPosition: CFO\n");
	assert_string_equal(m->n_parts ? m->parts[0].content_type : "",
	    "text/plain");
	assert_non_null(strstr(m->text, "Position: CFO"));
	assert_true(m->defects & MAIL_DEFECT_MIME);
	mail_free(m);

	/* no closing delimiter */
	m = parse_str("Content-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: text/plain\n\nfirst\n"
	    "--b\nContent-Type: text/plain\n\nsecond, never closed\n");
	assert_int_equal(m->n_parts, 2);
	assert_string_equal(m->text, "first\nsecond, never closed");
	mail_free(m);

	/*
	 * Unclosed multiparts whose last part has lines starting with '-':
	 * libetpan alone would cut the part at the last such line.
	 */
	m = parse_str("Content-Type: multipart/mixed; boundary=o\n\n"
	    "--o\nContent-Type: multipart/alternative; boundary=i\n\n"
	    "--i\nContent-Type: text/plain\n\nfirst\n"
	    "--i\nContent-Type: text/plain\n\nsecond\n-- \nsig\n"
	    "-----Original Message-----\nquoted\n"
	    "--o\nContent-Type: text/plain\n\nthird\n- item\nend");
	assert_int_equal(m->n_parts, 3);
	assert_string_equal(m->text, "first\nsecond\n-- \nsig\n"
	    "-----Original Message-----\nquoted\nthird\n- item\nend");
	mail_free(m);

	/* boundary written differently in the delimiter lines */
	m = parse_str("Content-Type: multipart/mixed; boundary=abc\n\n"
	    "--ABC\nContent-Type: text/plain\n\nbody text\n--ABC--\n");
	assert_non_null(strstr(m->text, "body text"));
	mail_free(m);

	/* a garbage Content-Type */
	m = parse_str("Content-Type: ;;;===\"\n\nstill here\n");
	assert_non_null(strstr(m->text, "still here"));
	mail_free(m);
}

static void
test_digest_and_nesting(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str("Content-Type: multipart/mixed; boundary=o\n\n"
	    "--o\nContent-Type: multipart/alternative; boundary=i\n\n"
	    "--i\nContent-Type: text/plain\n\nplain\n"
	    "--i\nContent-Type: text/html\n\n<b>html</b>\n--i--\n"
	    "--o\nContent-Type: multipart/digest; boundary=d\n\n"
	    "--d\n\nFrom: x@example.com\nSubject: one\n\nfirst digest\n"
	    "--d\n\nFrom: y@example.com\n\nsecond digest\n--d--\n"
	    "--o--\n");
	assert_int_equal(m->n_parts, 4);
	assert_int_equal(m->parts[0].depth, 2);
	assert_string_equal(m->parts[2].content_type, "message/rfc822");
	assert_int_equal(m->parts[2].depth, 2);
	assert_non_null(strstr((const char *)m->parts[3].data,
	    "second digest"));
	assert_string_equal(m->text, "plain");
	assert_string_equal(m->html, "<b>html</b>");
	mail_free(m);
}

/* a part whose header is empty: its body lines are not header fields */
static void
test_headerless_parts(void **state)
{
	struct mail *m;

	(void)state;
	m = parse_str("Content-Type: multipart/mixed; boundary=h\n\n"
	    "--h\n\nName: Anna Berg\nEmail: anna@example.com\n"
	    "--h\n\nPosition: CFO\n"
	    "--h\nContent-Type: text/plain\n\nthird\n--h--\n");
	assert_int_equal(m->n_parts, 3);
	assert_string_equal(m->parts[0].content_type, "text/plain");
	assert_string_equal(m->text, "Name: Anna Berg\nEmail: anna@example.com\n"
	    "Position: CFO\nthird");
	mail_free(m);
}

static void
test_header_details(void **state)
{
	struct mail *m;
	struct buf b;

	(void)state;
	m = parse_str(
	    "Return-Path: <Bounce@Example.COM>\n"
	    "From: =?ISO-8859-1?Q?Andr=E9?= Meyer <andre@example.ch> (Zurich)\n"
	    "Sender: owner-list@lists.example.org\n"
	    "To: undisclosed-recipients:;\n"
	    "To: Team: a@example.com, b@example.com;, C@Example.com\n"
	    "Cc: broken <, ok@example.com, \"Quote, Name\" <q@example.com>\n"
	    "Subject: folded\n   across\tlines\n"
	    "Date: 3 Mar 2026 10:15:00 GMT\n"
	    "Message-ID: no-brackets@example\n"
	    "X-Raw: Jürgen\n"
	    "\nbody\n");
	assert_string_equal(m->return_path, "bounce@example.com");
	assert_string_equal(m->from_addr, "andre@example.ch");
	assert_string_equal(m->from_name, "Andr\xc3\xa9 Meyer");
	assert_string_equal(m->sender_addr, "owner-list@lists.example.org");
	assert_string_equal(m->subject, "folded   across lines");
	assert_int_equal((long long)m->date, 1772532900LL);
	assert_string_equal(m->message_id, "no-brackets@example");
	assert_string_equal(mail_header_get(m, "x-raw"), "J\xc3\xbcrgen");
	assert_int_equal(m->n_rcpt, 5);
	assert_string_equal(m->rcpt[0], "a@example.com");
	assert_string_equal(m->rcpt[2], "c@example.com");
	assert_string_equal(m->rcpt[3], "ok@example.com");
	assert_string_equal(m->rcpt[4], "q@example.com");
	mail_free(m);

	/* a header field over max_header_len is a limit: rejected */
	{
	const char *err = NULL;

	buf_init(&b, 0);
	buf_puts(&b, "Subject: ");
	while (b.len < lim.max_header_len + 100)
		buf_puts(&b, "word ");
	buf_puts(&b, "\n\nbody\n");
	m = NULL;
	assert_int_equal(mime_parse(b.data, b.len, &lim, &m, &err),
	    MIME_REJECT);
	assert_null(m);
	assert_string_equal(err, "a header field longer than max_header_len");
	buf_free(&b);
	}
	/* the same after the MIME fields, which were kept until then: the
	 * reject frees them (fuzz_mime found the leak, ASan checks it) */
	{
	const char *err = NULL;

	buf_init(&b, 0);
	buf_puts(&b, "Content-Type: text/plain; charset=us-ascii\n"
	    "Content-Transfer-Encoding: 7bit\n"
	    "Content-Disposition: inline\n"
	    "X-Long: ");
	while (b.len < lim.max_header_len + 400)
		buf_puts(&b, "giraffes=\"very-long-necked-animals\"; ");
	buf_puts(&b, "\n\nbody\n");
	m = NULL;
	assert_int_equal(mime_parse(b.data, b.len, &lim, &m, &err),
	    MIME_REJECT);
	assert_null(m);
	assert_string_equal(err, "a header field longer than max_header_len");
	buf_free(&b);
	}
	/* one just under it is kept whole */
	buf_init(&b, 0);
	buf_puts(&b, "Subject: ");
	while (b.len < lim.max_header_len - 100)
		buf_puts(&b, "word ");
	buf_puts(&b, "\n\nbody\n");
	m = parse_ok(b.data, b.len);
	assert_true(strlen(m->subject) > lim.max_header_len - 200);
	mail_free(m);
	buf_free(&b);
}

static void
test_defects(void **state)
{
	struct mail *m;
	struct limits small = lim;
	const char *err;
	struct buf b;

	(void)state;
	/* a lying charset */
	m = parse_str("Content-Type: text/plain; charset=us-ascii\n\n"
	    "Gr\xfc\xdf" "e\n");
	assert_string_equal(m->text, "Gr\xc3\xbc\xc3\x9f" "e\n");
	assert_true(m->defects & MAIL_DEFECT_CHARSET);
	mail_free(m);

	/* text cut at max_text */
	small.max_text = 10;
	buf_init(&b, 0);
	buf_puts(&b, "Content-Type: text/plain; charset=utf-8\n\n"
	    "123456789\xc3\xa4\xc3\xa4\n");
	m = NULL;
	assert_int_equal(mime_parse(b.data, b.len, &small, &m, &err), MIME_OK);
	assert_string_equal(m->text, "123456789");
	assert_true(m->defects & MAIL_DEFECT_TRUNCATED);
	/* the part itself stays whole */
	assert_int_equal(m->parts[0].len, 14);
	mail_free(m);
	buf_free(&b);
}

/* bytes hidden from libetpan come back unchanged */
static void
test_restored_bytes(void **state)
{
	struct mail *m;
	struct buf b;
	int i;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\n\n-- \nsignature\n---------\n"
	    "content-type: not a header\n");
	for (i = 0; i < 100; i++)
		buf_putc(&b, '(');
	buf_puts(&b, "\n--b\nContent-Type: text/plain; x=\"");
	for (i = 0; i < 100; i++)
		buf_putc(&b, '(');
	buf_puts(&b, "\"\n\nsecond\n--b--\n");
	m = parse_ok(b.data, b.len);
	assert_int_equal(m->n_parts, 2);
	assert_non_null(strstr(m->text, "-- \nsignature\n---------\n"
	    "content-type: not a header\n(((((((((("));
	assert_int_equal(strlen(m->parts[0].data ? (char *)m->parts[0].data :
	    ""), 51 + 100);
	mail_free(m);
	buf_free(&b);
}

/* inputs the fuzzer found; each must parse to a clean struct mail */
#define RAW(s) { s, sizeof(s) - 1 }
static const struct {
	const char *raw;
	size_t len;
} regressions[] = {
	/* control bytes in a type token libetpan returns as is */
	RAW("Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: \x02\0\0\0/plain; name=\"x.txt\"\n\nbody\n--b--\n"),
	/* libetpan's mailmime_extract_boundary overflows on boundary="\"" */
	RAW("Content-Type: multipart/mixed; boundary=\"\\\"\"\n\n--\"\nx\n"),
	RAW("Content-Type: multipart/mixed; boundary=x\n\n--x\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\n--x\n\n--x--\n"),
	/* the same through an RFC 2047 word libetpan decodes first */
	RAW("Content-Type: multipart/mixed; boundary==?utf-8?q?=22=5C=22=22?=\n"
	    "\n--\"\nx\n"),
	RAW("Content-Type: multipart/digest; boundary=d\n\n--d\n"
	    "Content-Type: message/rfc822\n\n"
	    "Content-Type: multipart/mixed; boundary=\"\\\"\"\n\n--\"\n--d--\n"),
};

static void
test_fuzz_regressions(void **state)
{
	struct mail *m;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(regressions); i++) {
		m = parse_ok(regressions[i].raw, regressions[i].len);
		mail_free(m);
	}
	/* libetpan reads an encoded word in the boundary decoded */
	m = parse_str("Content-Type: multipart/mixed; "
	    "boundary=\"=?utf-8?q?abc?=\"\n\n--abc\n"
	    "Content-Type: text/plain\n\nx\n--abc--\n");
	assert_int_equal(m->n_parts, 1);
	assert_string_equal(m->text, "x");
	mail_free(m);
}

/* ---- limits on hostile input ----
 * What each one costs against a benign mail of the same size is
 * contrib/bench/hostile's business (machines here are noisy, and the
 * suite also runs under valgrind); here only the outcome counts. */

static void
test_deep_nesting(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "From: a@example.com\n");
	build_nested_multiparts(&b, 10000, "x");
	assert_string_equal(reject_reason(b.data, b.len),
	    "MIME nesting deeper than max_mime_depth");

	/* nested message/rfc822 */
	buf_reset(&b);
	build_nested_messages(&b, 10000);
	assert_string_equal(reject_reason(b.data, b.len),
	    "MIME nesting deeper than max_mime_depth");

	/* depth exactly at the limit is fine */
	buf_reset(&b);
	build_nested_multiparts(&b, (int)lim.max_mime_depth, "deep");
	{
		struct mail *m = parse_ok(b.data, b.len);

		assert_string_equal(m->text, "deep");
		assert_int_equal(m->parts[0].depth, lim.max_mime_depth);
		mail_free(m);
	}
	buf_free(&b);
}

static void
test_many_parts(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	build_many_parts(&b, 100000);
	assert_string_equal(reject_reason(b.data, b.len),
	    "more than max_parts MIME parts");

	/* empty parts, no headers at all */
	buf_reset(&b);
	build_empty_parts(&b, 100000);
	assert_string_equal(reject_reason(b.data, b.len),
	    "more than max_parts MIME parts");

	/* close lines of one boundary that are delimiters of another */
	buf_reset(&b);
	build_close_lines(&b, 100000);
	assert_string_equal(reject_reason(b.data, b.len),
	    "more than max_parts MIME parts");
	buf_free(&b);
}

static void
test_huge_headers(void **state)
{
	struct mail *m;
	const char *err;
	size_t i, len;
	char *s;

	(void)state;
	for (i = 0; i < BUILD_N_HEADERS; i++) {
		s = build_header_bomb(i, 10u * 1024 * 1024, &len);
		m = NULL;
		/* a 10 MB field is over max_header_len: rejected */
		assert_int_equal(mime_parse(s, len, &lim, &m, &err),
		    MIME_REJECT);
		assert_null(m);
		assert_string_equal(err,
		    "a header field longer than max_header_len");
		free(s);
	}
	/* a million short fields: the first ones kept, From still found */
	{
		struct buf b;

		buf_init(&b, 0);
		build_many_fields(&b, 1000000);
		m = parse_ok(b.data, b.len);
		assert_string_equal(m->from_addr, "last@example.com");
		assert_true(m->n_headers <= 1000 && m->n_rcpt <= 1000);
		assert_true(m->n_rcpt > 0);
		assert_string_equal(m->rcpt[0], "u0@example.com");
		assert_true(m->defects & MAIL_DEFECT_HEADER);
		assert_string_equal(m->text, "body\n");
		mail_free(m);
		buf_free(&b);
	}
	/* a 10 MB comment bomb inside a part's header */
	s = build_comment_bomb(10u * 1024 * 1024, &len);
	m = parse_ok(s, len);
	assert_string_equal(m->text, "part body");
	assert_int_equal(m->n_parts, 1);
	assert_string_equal(m->parts[0].content_type, "text/plain");
	mail_free(m);
	free(s);
}

static void
test_too_large(void **state)
{
	size_t len;
	char *s;

	(void)state;
	s = build_big_message(60u * 1024 * 1024, &len);
	assert_string_equal(reject_reason(s, len),
	    "message larger than max_message_size");
	free(s);
}

/* ---- the shared corpus ---- */

/* every regular file below dir (the notes too), recursively */
static void
parse_tree(const char *dir, size_t *files, size_t *ok)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char *path, *data;
	size_t len;
	const char *err;
	struct mail *m;

	d = opendir(dir);
	if (d == NULL)
		fail_msg("cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = path_join(dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			parse_tree(path, files, ok);
			free(path);
			continue;
		}
		if (!S_ISREG(st.st_mode) ||
		    file_read(path, 64u * 1024 * 1024, &data, &len, &err) < 0) {
			free(path);
			continue;
		}
		(*files)++;
		m = NULL;
		err = NULL;
		if (mime_parse(data, len, &lim, &m, &err) == MIME_OK) {
			check_mail(m, path);
			(*ok)++;
			mail_free(m);
		} else if (err == NULL || m != NULL)
			fail_msg("%s: rejected without a reason", path);
		free(data);
		free(path);
	}
	closedir(d);
}

static void
test_corpus(void **state)
{
	/* the corpus sits beside the source tree; not finding it is a
	 * failure, never a skip (make check sets RECRUIT_CORPUS) */
	char *dir = corpus_root();
	size_t files = 0, ok = 0;

	(void)state;
	parse_tree(dir, &files, &ok);
	/* the corpus holds 418 messages plus its notes */
	assert_true(files >= 418);
	assert_true(ok >= 418);
	free(dir);
}

static int
setup(void **state)
{
	(void)state;
	limit_defaults(&lim);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_html_only),
		cmocka_unit_test(test_filenames),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_rfc822_leaf),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_no_content_type),
		cmocka_unit_test(test_broken_boundaries),
		cmocka_unit_test(test_digest_and_nesting),
		cmocka_unit_test(test_headerless_parts),
		cmocka_unit_test(test_header_details),
		cmocka_unit_test(test_defects),
		cmocka_unit_test(test_restored_bytes),
		cmocka_unit_test(test_fuzz_regressions),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_many_parts),
		cmocka_unit_test(test_huge_headers),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}

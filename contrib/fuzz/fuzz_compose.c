/*
 * fuzz_compose.c — libFuzzer harness for compose_message.  The input is
 * split at NUL bytes into subject, recipient name, text, HTML and
 * (optionally) a recipient address; the composed message is checked
 * line by line (CRLF ends, <= 78 in the header, <= 76 in the QP body,
 * <= 998 anywhere), parsed back with mime_parse, and must carry only the
 * headers compose writes, one recipient, and no Bcc/Cc: header injection
 * aborts.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "mail.h"
#include "mime.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const allowed[] = {
	"Date", "From", "To", "Subject", "Message-ID", "In-Reply-To",
	"References", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
	"Precedence", "Auto-Submitted", "MIME-Version", "Content-Type",
	"Content-Transfer-Encoding",
};

static void
check_lines(const char *raw, size_t len)
{
	size_t i, start = 0, l;
	int body = 0, unfoldable;

	for (i = 0; i < len; i++) {
		if (raw[i] == '\n')
			abort();             /* bare LF */
		if (raw[i] != '\r')
			continue;
		if (i + 1 >= len || raw[i + 1] != '\n')
			abort();             /* bare CR */
		l = i - start;
		/* an item that cannot be folded (a long message id or
		 * address) may pass 78 on a line of its own, not 998 */
		unfoldable = l > 1 && raw[start] == ' ' &&
		    memchr(raw + start + 1, ' ', l - 1) == NULL;
		if (l > 998 || (!body && !unfoldable && l > 78) ||
		    (body && l > 76))
			abort();
		if (l == 0)
			body = 1;
		else if (!body && raw[start] != ' ') {
			/* a header line: must start with a name we write */
			size_t k;
			int ok = 0;

			for (k = 0; k < ARRAY_SIZE(allowed); k++) {
				size_t n = strlen(allowed[k]);

				if (l > n && memcmp(raw + start, allowed[k], n) == 0 &&
				    raw[start + n] == ':')
					ok = 1;
			}
			if (!ok)
				abort();
		}
		i++;
		start = i + 1;
	}
	if (start != len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[5] = { NULL, NULL, NULL, NULL, NULL };
	const char *p = (const char *)data, *e, *end = p + size;
	struct compose_msg m;
	struct mail *mail = NULL;
	struct buf out;
	const char *perr;
	char *err = NULL;
	size_t i, k;

	for (i = 0; i < 5 && p <= end; i++) {
		e = memchr(p, '\0', (size_t)(end - p));
		if (e == NULL)
			e = end;
		f[i] = xmemdup0(p, (size_t)(e - p));
		p = e + 1;
	}
	memset(&m, 0, sizeof(m));
	m.from = "\"Acme News\" <news@acme.example>";
	m.to_addr = f[4] != NULL ? f[4] : "jane@example.org";
	m.to_name = f[1];
	m.subject = f[0] != NULL ? f[0] : "";
	m.message_id_domain = "acme.example";
	m.list_id = "news.acme.example";
	m.unsub_mailto = "u+t@acme.example";
	m.unsub_url = "https://acme.example/u/t";
	m.bulk = 1;
	m.in_reply_to = f[1];
	m.references = f[0];
	m.text = f[2] != NULL ? f[2] : "";
	m.html = f[3];
	m.date = 1700000000;
	buf_init(&out, 0);
	if (compose_message(&m, &out, &err) == 0) {
		check_lines(out.data, out.len);
		if (mime_parse(out.data, out.len, NULL, &mail, &perr) !=
		    MIME_OK)
			abort();
		if (mail->n_rcpt != 1 || mail_header_get(mail, "Bcc") ||
		    mail_header_get(mail, "Cc") || mail->subject == NULL)
			abort();
		for (k = 0; k < mail->n_headers; k++)
			if (mail_header_get(mail, mail->headers[k].name) == NULL)
				abort();
		mail_free(mail);
	} else if (f[4] == NULL)
		abort();   /* only a fuzzed address may be refused */
	free(err);
	buf_free(&out);
	for (i = 0; i < 5; i++)
		free(f[i]);
	return 0;
}

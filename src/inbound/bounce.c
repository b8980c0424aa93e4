/*
 * bounce.c — bounces and complaints read from a parsed message (bounce.h).
 *
 * A message is looked at in this order: a complaint (ARF feedback report,
 * Hotmail's complaint mail, Apple's unsubscribe mail); an Amazon SES
 * notification (JSON in an SNS mail); an RFC 3464 DSN (a
 * message/delivery-status or message/global-delivery-status part, or the
 * same fields in a text part); a mail server's prose failure notice (a
 * mail daemon sender with a failure subject or phrase, or
 * X-Failed-Recipients).
 *
 * From a DSN the recipients are its per-recipient groups.  From prose they
 * are X-Failed-Recipients, else the addresses of the human-readable text
 * that stand where notices put the failed ones (alone on a line, first on
 * a line, "<addr>:"), else the returned message's To.  Addresses that are
 * the notice's own (its sender and recipient, the returned message's
 * sender, mail daemons) are never taken.  The reason of a failure comes
 * from the words of its diagnostic (the phrase table the caller hands
 * in: bounce_phrase.c, data/bounce-phrases), else from its status code,
 * else from the words around it in the human-readable text; hard or
 * soft follows from the reason.  "User unknown" words make a dead
 * mailbox only with proof: a status x.1.1, or the words said to RCPT
 * TO; said after DATA (or at an unknown stage) they are a filter's
 * (reason "filtered", soft), after MAIL FROM the sender's ("rejected").
 * A notice that returns a bounce (a bounce of a bounce, a relay's
 * wrapper) is read one level down, never deeper.
 *
 * The human-readable text is the message's inline text parts up to its
 * first message/... or header part, cut where a copy of the returned
 * message starts ("--- Below this line is a copy of the message.",
 * "----- Original message -----", a header block starting "Return-Path:"
 * or "Received:" at the start of a line, …).  The returned message is a
 * message/rfc822 (or message/global, text/rfc822-headers) part, a text
 * part that starts with header fields, or the text after such a cut.
 *
 * Ownership: the report and everything in it is allocated here and freed
 * by bounce_report_free(); the mail and the phrase table are only read.
 *
 * SECURITY: reads bytes from strangers.  Every source is read through its
 * (data, len) and at most BOUNCE_SCAN_MAX bytes of it; a header value is
 * capped at HFIELD_MAX bytes and HBLOCK_MAX fields are read per block;
 * recipients and complainants are capped at BOUNCE_MAX_RCPTS (duplicates
 * merged), diagnostics at BOUNCE_MAX_DIAG bytes of clean UTF-8; every
 * address is validated (one '@', no blanks or controls, at most 254
 * bytes) before it is kept.  All loops are linear in their input, except
 * the per-recipient look-ups over at most BOUNCE_MAX_RCPTS entries.  A
 * returned message that is itself a bounce goes through mime_parse (with
 * the default limits) and this parser once more, one level only.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bounce.h"
#include "bounce_phrase.h"
#include "classify.h"
#include "mime.h"
#include "util.h"

#define HFIELD_MAX    4096     /* bytes of one unfolded field value */
#define HBLOCK_MAX   500      /* fields read from one header block */
#define BLOCK_MAX    4096     /* bytes of text taken around one address */
#define EXCLUDE_MAX  64       /* addresses that are never recipients */

/* ---- small text helpers ---- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* has_ci: the needle (lowercase ASCII) in n bytes of s */
static int
has_ci(const char *s, size_t n, const char *needle)
{
	return s != NULL && mem_find_ci(s, n, needle) != NULL;
}

/* prefix_ci: (s, n) starts with the NUL-terminated pfx */
static int
prefix_ci(const char *s, size_t n, const char *pfx)
{
	size_t l = strlen(pfx);

	return n >= l && strncasecmp(s, pfx, l) == 0;
}

static int
is_blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * line_next: the line at *off of (p, n) as [*ls, *le) without its end
 * (LF, CRLF or a lone CR); 0 at the end of the data.
 */
static int
line_next(const char *p, size_t n, size_t *off, size_t *ls, size_t *le)
{
	size_t i = *off;

	if (i >= n)
		return 0;
	*ls = i;
	while (i < n && p[i] != '\n' && p[i] != '\r')
		i++;
	*le = i;
	if (i < n && p[i] == '\r')
		i++;
	if (i < n && p[i] == '\n')
		i++;
	*off = i;
	return 1;
}

static size_t
cap_len(size_t n)
{
	return n > BOUNCE_SCAN_MAX ? BOUNCE_SCAN_MAX : n;
}

/* ---- addresses ---- */

static int
local_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != 0 && strchr("!#$%&'*+/=?^_`{|}~.-", c) != NULL);
}

static int
domain_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/*
 * addr_check: a fresh lowercase copy of the addr-spec (s, n) when it is
 * one: exactly one '@', a local part of 1-64 bytes and a domain of
 * dot-separated labels, no blank, control, quote or bracket, at most
 * BOUNCE_MAX_ADDR bytes; UTF-8 (EAI) allowed when valid.  Else NULL.
 */
static char *
addr_check(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, at = 0, ats = 0;
	char *r;

	if (n == 0 || n > BOUNCE_MAX_ADDR || !utf8_valid(s, n))
		return NULL;
	for (i = 0; i < n; i++) {
		if (p[i] <= ' ' || p[i] == 0x7f ||
		    strchr("<>()[],;:\"\\", p[i]) != NULL)
			return NULL;
		if (p[i] == '@') {
			at = i;
			ats++;
		}
	}
	if (ats != 1 || at == 0 || at > 64 || at + 1 >= n)
		return NULL;
	if (p[0] == '.' || p[at - 1] == '.')
		return NULL;
	/* the domain: labels, no empty one, at least one dot */
	if (p[at + 1] == '.' || p[n - 1] == '.' || p[at + 1] == '-' ||
	    memchr(s + at + 1, '.', n - at - 1) == NULL)
		return NULL;
	for (i = at + 1; i < n; i++) {
		if (p[i] == '.' && p[i - 1] == '.')
			return NULL;
		if (p[i] < 0x80 && !domain_char(p[i]))
			return NULL;
	}
	r = xstrndup(s, n);
	for (i = 0; r[i]; i++)
		r[i] = (char)lower((unsigned char)r[i]);
	return r;
}

/*
 * addr_scan: the next address-looking token in (p, n) from *off:
 * [*as, *ae) and 1, *off moved past it; 0 when there is none.  ASCII
 * only (text in other scripts glued to an address must not become part
 * of it); the caller validates with addr_check.
 */
static int
addr_scan(const char *p, size_t n, size_t *off, size_t *as, size_t *ae)
{
	const char *at;
	size_t a, s, e;

	while (*off < n) {
		at = memchr(p + *off, '@', n - *off);
		if (at == NULL) {
			*off = n;
			return 0;
		}
		a = (size_t)(at - p);
		*off = a + 1;
		s = a;
		while (s > 0 && a - s < 64 && local_char((unsigned char)p[s - 1]))
			s--;
		/* decoration that local_char lets in */
		while (s < a && strchr(".'`/|{}=", p[s]) != NULL)
			s++;
		e = a + 1;
		while (e < n && e - a < 255 && domain_char((unsigned char)p[e]))
			e++;
		while (e > a + 1 && (p[e - 1] == '.' || p[e - 1] == '-'))
			e--;
		if (s == a || e == a + 1)
			continue;
		/* a piece of "a@b@c" or of a quoted local part is none */
		if ((s > 0 && (p[s - 1] == '@' || p[s - 1] == '"')) ||
		    (e < n && p[e] == '@'))
			continue;
		/* "user@host.example>" after "=" (Microsoft's user=host form)
		 * and other glued junk stay out of it: the local part must not
		 * end in a dot */
		if (p[a - 1] == '.')
			continue;
		*as = s;
		*ae = e;
		*off = e;
		return 1;
	}
	return 0;
}

/* addr_first: the first valid address in (p, n), fresh, or NULL */
static char *
addr_first(const char *p, size_t n)
{
	size_t off = 0, as, ae;
	char *a;

	n = cap_len(n);
	while (addr_scan(p, n, &off, &as, &ae))
		if ((a = addr_check(p + as, ae - as)) != NULL)
			return a;
	return NULL;
}

/*
 * addr_field: the address of a DSN address field "rfc822; <a@b>" or
 * "utf-8; a@b" (RFC 3464 2.3.2, RFC 6533): the type dropped, angle
 * brackets and quotes stripped; NULL when it is no address.
 */
static char *
addr_field(const char *v)
{
	const char *s = v, *semi, *e;
	size_t n;

	if (v == NULL)
		return NULL;
	semi = strchr(v, ';');
	if (semi != NULL && (size_t)(semi - v) < 32 &&
	    memchr(v, '@', (size_t)(semi - v)) == NULL)
		s = semi + 1;
	while (*s == ' ' || *s == '\t' || *s == '<' || *s == '"' || *s == '\'')
		s++;
	n = strlen(s);
	e = s + n;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '>' ||
	    e[-1] == '"' || e[-1] == '\'' || e[-1] == '.'))
		e--;
	/* "addr (comment)" or "addr <junk>" */
	{
		const char *b = memchr(s, ' ', (size_t)(e - s));
		const char *lt = memchr(s, '<', (size_t)(e - s));

		if (lt != NULL && (b == NULL || lt < b)) {
			char *r = addr_first(s, (size_t)(e - s));

			return r;
		}
		if (b != NULL)
			e = b;
	}
	{
		char *r = addr_check(s, (size_t)(e - s));

		if (r == NULL)
			r = addr_first(s, (size_t)(e - s));
		return r;
	}
}

static int
daemon_local(const char *addr)
{
	static const char *const locals[] = {
		"mailer-daemon", "mailer_daemon", "mailerdaemon", "maildaemon",
		"mail-daemon", "postmaster", "poostmaster", "post_master",
		"mail.delivery.system", "mail-delivery", "maildelivery",
		"mdaemon", "nobody", "root", "abuse", "noc", "hostmaster",
		"double-bounce", "mail-delivery-system",
	};
	const char *at = strchr(addr, '@');
	size_t n = at ? (size_t)(at - addr) : strlen(addr), i;

	for (i = 0; i < ARRAY_SIZE(locals); i++)
		if (strlen(locals[i]) == n && strncasecmp(addr, locals[i], n) == 0)
			return 1;
	return 0;
}

/* ---- header blocks ---- */

struct hfield {
	char *name;           /* as written */
	char *value;          /* unfolded, trimmed, at most HFIELD_MAX bytes */
};

struct hblock {
	struct hfield *v;
	size_t n;
};

static void
hblock_free(struct hblock *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/*
 * hfield_start: the line [s, e) is "Name: value" with an RFC 5322 field
 * name (printable ASCII, no colon, at most 76 bytes); the name length and
 * *vs_r = where the value starts.  0 when it is no field.
 */
static size_t
hfield_start(const char *p, size_t s, size_t e, size_t *vs_r)
{
	size_t i = s;

	while (i < e && i - s < 77 && (unsigned char)p[i] > ' ' &&
	    (unsigned char)p[i] < 127 && p[i] != ':')
		i++;
	if (i == s || i >= e || p[i] != ':' || i - s > 76)
		return 0;
	*vs_r = i + 1;
	return i - s;
}

static const struct hfield *
hblock_get(const struct hblock *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcasecmp(f->v[i].name, name) == 0)
			return &f->v[i];
	return NULL;
}

static const char *
hblock_value(const struct hblock *f, const char *name)
{
	const struct hfield *x = hblock_get(f, name);

	return x ? x->value : NULL;
}

/* value_append: the value bytes [s, e) to b, blanks squeezed, capped */
static void
value_append(struct buf *b, const char *p, size_t s, size_t e)
{
	size_t i;

	for (i = s; i < e && b->len < HFIELD_MAX; i++) {
		char c = p[i] == '\t' ? ' ' : p[i];

		if ((unsigned char)c < ' ')
			continue;
		if (c == ' ' && (b->len == 0 || b->data[b->len - 1] == ' '))
			continue;
		buf_putc(b, c);
	}
}

static char *
value_finish(struct buf *b)
{
	char *v, *clean;

	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->len--;
	if (b->data != NULL)
		b->data[b->len] = '\0';
	v = buf_steal(b);
	clean = utf8_clean(v, strlen(v), 0);
	free(v);
	return clean;
}

/*
 * hblock_parse: the header block at the start of (p, n): leading blank
 * lines skipped, then fields (folded lines joined) up to the first blank
 * line or line that is no field.  Returns the offset after the block.
 * At most HBLOCK_MAX fields are kept.
 */
static size_t
hblock_parse(const char *p, size_t n, struct hblock *f)
{
	size_t off = 0, ls, le, vs, nl, last = 0;
	struct buf val;
	char *name = NULL;
	int started = 0;

	memset(f, 0, sizeof(*f));
	n = cap_len(n);
	buf_init(&val, 0);
	buf_append(&val, "", 0);
	while (line_next(p, n, &off, &ls, &le)) {
		if (is_blank_line(p + ls, le - ls)) {
			if (started)
				break;
			last = off;
			continue;
		}
		if ((p[ls] == ' ' || p[ls] == '\t') && name != NULL) {
			buf_putc(&val, ' ');
			value_append(&val, p, ls, le);
			last = off;
			continue;
		}
		if ((nl = hfield_start(p, ls, le, &vs)) == 0)
			break;
		if (name != NULL) {
			if (f->n < HBLOCK_MAX) {
				f->v = xreallocarray(f->v, f->n + 1,
				    sizeof(*f->v));
				f->v[f->n].name = name;
				f->v[f->n].value = value_finish(&val);
				f->n++;
			} else
				free(name);
			buf_init(&val, 0);
			buf_append(&val, "", 0);
		}
		started = 1;
		name = xstrndup(p + ls, nl);
		value_append(&val, p, vs, le);
		last = off;
	}
	if (name != NULL) {
		if (f->n < HBLOCK_MAX) {
			f->v = xreallocarray(f->v, f->n + 1, sizeof(*f->v));
			f->v[f->n].name = name;
			f->v[f->n].value = value_finish(&val);
			f->n++;
		} else
			free(name);
	}
	buf_free(&val);
	return last;
}

/* looks_like_headers: (p, n) starts (after blank lines) with at least two
 * header fields, the first of them one a message has */
static int
looks_like_headers(const char *p, size_t n)
{
	static const char *const first[] = {
		"return-path", "received", "from", "to", "date", "subject",
		"message-id", "mime-version", "content-type", "dkim-signature",
		"delivered-to", "x-", "reply-to", "sender", "authentication-results",
		"arc-", "cc", "domainkey-signature", "x-received", "list-",
		"thread-", "importance", "references", "in-reply-to",
		"content-transfer-encoding", "precedence", "user-agent",
	};
	size_t off = 0, ls, le, vs, nl, i, lines = 0, fieldsn = 0;

	n = n > 8192 ? 8192 : n;
	while (line_next(p, n, &off, &ls, &le)) {
		if (is_blank_line(p + ls, le - ls)) {
			if (fieldsn > 0)
				break;
			continue;
		}
		if (++lines > 6)
			break;
		if (p[ls] == ' ' || p[ls] == '\t') {
			if (fieldsn == 0)
				return 0;
			continue;
		}
		if ((nl = hfield_start(p, ls, le, &vs)) == 0)
			return fieldsn >= 2;
		if (fieldsn == 0) {
			for (i = 0; i < ARRAY_SIZE(first); i++)
				if (prefix_ci(p + ls, nl, first[i]) &&
				    (first[i][strlen(first[i]) - 1] == '-' ||
				    nl == strlen(first[i])))
					break;
			if (i == ARRAY_SIZE(first))
				return 0;
		}
		fieldsn++;
	}
	return fieldsn >= 2;
}

/* ---- reasons ---- */

/*
 * What a diagnostic says comes from the phrase table (bounce_phrase.h,
 * the file data/bounce-phrases) the caller hands to bounce_parse: the
 * specific phrases first, then the status code, then the vague phrases.
 */

/*
 * reason_words: the reason the words of (s, n) name, or NULL: from the
 * specific phrases (vague 0) or from the vague ones after them (vague 1);
 * the first phrase of the table found wins.
 */
static const char *
reason_words(const struct bounce_phrases *t, const char *s, size_t n,
    int vague)
{
	if (s == NULL || n == 0)
		return NULL;
	return bounce_phrase_reason(t, s, cap_len(n), vague);
}

static const char *
reason_text(const struct bounce_phrases *t, const char *s, size_t n)
{
	const char *r = reason_words(t, s, n, 0);

	return r != NULL ? r : reason_words(t, s, n, 1);
}

/*
 * What a status code says (RFC 3463 subjects and details, RFC 7505, and
 * the common extensions), when the words say nothing.  Codes whose
 * meaning varies between servers (x.0.0, 5.1.0, 5.2.0, 5.4.1, 5.5.0,
 * 5.7.0, 5.7.1) are left out: the words decide.
 */
static const struct {
	const char *code;     /* subject.detail */
	const char *reason;
} status_reasons[] = {
	{ "1.1", "userunknown" },
	{ "1.2", "hostunknown" },
	{ "1.3", "userunknown" },
	{ "1.4", "userunknown" },
	{ "1.6", "hasmoved" },
	{ "1.7", "rejected" },
	{ "1.8", "rejected" },
	{ "1.10", "notaccept" },
	{ "2.1", "suspend" },
	{ "2.2", "mailboxfull" },
	{ "2.3", "exceedlimit" },
	{ "2.4", "systemerror" },
	{ "3.1", "mailboxfull" },
	{ "3.2", "notaccept" },
	{ "3.4", "mesgtoobig" },
	{ "3.5", "systemerror" },
	{ "4.3", "systemerror" },
	{ "4.4", "hostunknown" },
	{ "4.5", "networkerror" },
	{ "4.6", "networkerror" },
	{ "4.7", "expired" },
	{ "5.3", "exceedlimit" },
	{ "5.4", "syntaxerror" },
	{ "6.0", "spamdetected" },
	{ "6.1", "spamdetected" },
	{ "7.7", "spamdetected" },
	{ "7.8", "securityerror" },
	{ "7.9", "policyviolation" },
	{ "7.13", "suspend" },
	{ "7.17", "suspend" },
	{ "7.18", "suspend" },
	{ "7.20", "authfailure" },
	{ "7.21", "authfailure" },
	{ "7.22", "authfailure" },
	{ "7.23", "authfailure" },
	{ "7.24", "authfailure" },
	{ "7.25", "requireptr" },
	{ "7.26", "authfailure" },
	{ "7.27", "notaccept" },
	{ "7.509", "authfailure" },
	{ "7.606", "blocked" },
	{ "7.650", "badreputation" },
};

static const char *
reason_status(const char *status)
{
	size_t i;

	if (status == NULL || status[0] == '\0' || status[1] != '.')
		return NULL;
	for (i = 0; i < ARRAY_SIZE(status_reasons); i++)
		if (strcmp(status + 2, status_reasons[i].code) == 0)
			return status_reasons[i].reason;
	return NULL;
}

/* a status for a reason found in words, when the mail gives none */
static const char *
status_for_reason(const char *reason, int temp)
{
	static const struct {
		const char *reason, *perm, *temp;
	} map[] = {
		{ "userunknown", "5.1.1", "4.1.1" },
		{ "hostunknown", "5.1.2", "4.1.2" },
		{ "hasmoved", "5.1.6", "4.1.6" },
		{ "notaccept", "5.1.10", "4.1.10" },
		{ "mailboxfull", "5.2.2", "4.2.2" },
		{ "suspend", "5.2.1", "4.2.1" },
		{ "exceedlimit", "5.2.3", "4.2.3" },
		{ "mesgtoobig", "5.3.4", "4.3.4" },
		{ "norelaying", "5.7.1", "4.7.1" },
		{ "authfailure", "5.7.26", "4.7.26" },
		{ "requireptr", "5.7.25", "4.7.25" },
		{ "expired", "4.4.7", "4.4.7" },
		{ "networkerror", "4.4.1", "4.4.1" },
		{ "syntaxerror", "5.5.2", "4.5.2" },
		{ "rejected", "5.7.1", "4.7.1" },
		{ "blocked", "5.7.1", "4.7.1" },
		{ "spamdetected", "5.7.1", "4.7.1" },
		{ "policyviolation", "5.7.1", "4.7.1" },
		{ "securityerror", "5.7.1", "4.7.1" },
		{ "virusdetected", "5.7.1", "4.7.1" },
		{ "systemerror", "5.3.0", "4.3.0" },
		{ "toomanyconn", "4.3.2", "4.3.2" },
		{ "speeding", "4.7.1", "4.7.1" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(map[i].reason, reason) == 0)
			return temp ? map[i].temp : map[i].perm;
	return NULL;
}

int
bounce_reason_hard(const char *reason)
{
	return reason != NULL && (strcmp(reason, "userunknown") == 0 ||
	    strcmp(reason, "hostunknown") == 0 ||
	    strcmp(reason, "hasmoved") == 0 ||
	    strcmp(reason, "notaccept") == 0);
}

enum cmd_answered { CMD_NONE = 0, CMD_MAIL, CMD_RCPT, CMD_DATA };

/*
 * answered_cmd: the SMTP command a failure answered, from the words around
 * it ("in reply to RCPT TO command", "after end of data", a transcript's
 * ">>> DATA"): the one mentioned last, as transcripts end with the
 * command that failed.
 */
static enum cmd_answered
answered_cmd(const char *s, size_t n)
{
	static const struct {
		const char *w;
		enum cmd_answered cmd;
	} pats[] = {
		{ "rcpt to", CMD_RCPT }, { "rcpt command", CMD_RCPT },
		{ "smtp:rcpt", CMD_RCPT }, { "rcpt response", CMD_RCPT },
		{ "after rcpt", CMD_RCPT }, { ">>> rcpt", CMD_RCPT },
		{ "recipient address rejected", CMD_RCPT },
		{ "end of data", CMD_DATA }, { "data command", CMD_DATA },
		{ "after data", CMD_DATA }, { ">>> data", CMD_DATA },
		{ "mail from", CMD_MAIL }, { "mail command", CMD_MAIL },
		{ ">>> mail", CMD_MAIL },
	};
	enum cmd_answered best = CMD_NONE;
	size_t i, bestpos = 0;

	if (s == NULL)
		return CMD_NONE;
	n = cap_len(n);
	for (i = 0; i < ARRAY_SIZE(pats); i++) {
		const char *q = s, *hit = NULL;
		size_t left = n;

		/* the last occurrence */
		while (left > 0 && (q = mem_find_ci(q, left, pats[i].w)) != NULL) {
			hit = q;
			q++;
			left = n - (size_t)(q - s);
		}
		if (hit != NULL && (best == CMD_NONE ||
		    (size_t)(hit - s) >= bestpos)) {
			best = pats[i].cmd;
			bestpos = (size_t)(hit - s);
		}
	}
	return best;
}

/*
 * sure_unknown: words only a missing mailbox makes a server say, where
 * no SMTP stage is there to ask about (a directory, a local delivery
 * agent)
 */
static int
sure_unknown(const char *s, size_t n)
{
	static const char *const words[] = {
		"not listed in", "name is not recognized",
		"no mailbox here by that name", "invalid final delivery userid",
		"no valid recipients",
	};
	size_t i;

	for (i = 0; s != NULL && i < ARRAY_SIZE(words); i++)
		if (has_ci(s, cap_len(n), words[i]))
			return 1;
	return 0;
}

/*
 * status_find: the first RFC 3463 status code "c.s.d" in (s, n) (class
 * 2, 4 or 5, subject and detail of 1-3 digits, not part of a longer
 * dotted number such as an IP address or a version) into out; 0 if none.
 */
static int
status_find(const char *s, size_t n, char out[16])
{
	size_t i, j, k;

	n = cap_len(n);
	for (i = 0; i + 5 <= n; i++) {
		if (s[i] != '2' && s[i] != '4' && s[i] != '5')
			continue;
		if (i > 0 && (isdigit((unsigned char)s[i - 1]) ||
		    s[i - 1] == '.' || isalpha((unsigned char)s[i - 1])))
			continue;
		if (i + 1 >= n || s[i + 1] != '.')
			continue;
		for (j = i + 2; j < n && j - (i + 2) < 4 &&
		    isdigit((unsigned char)s[j]); j++)
			;
		if (j == i + 2 || j - (i + 2) > 3 || j >= n || s[j] != '.')
			continue;
		for (k = j + 1; k < n && k - (j + 1) < 4 &&
		    isdigit((unsigned char)s[k]); k++)
			;
		if (k == j + 1 || k - (j + 1) > 3)
			continue;
		if (k < n && (isdigit((unsigned char)s[k]) ||
		    isalpha((unsigned char)s[k]) ||
		    (s[k] == '.' && k + 1 < n &&
		    isdigit((unsigned char)s[k + 1]))))
			continue;
		if (k - i >= 16)
			continue;
		memcpy(out, s + i, k - i);
		out[k - i] = '\0';
		return 1;
	}
	return 0;
}

/*
 * reply_find: the first SMTP reply code (2xx, 4xx, 5xx with a second
 * digit 0-5) in (s, n) standing alone: after the start, a blank, '(',
 * '[', ':' or '#', and before a blank, '-' or the end.  0 if none.
 */
static int
reply_find(const char *s, size_t n)
{
	size_t i;

	n = cap_len(n);
	for (i = 0; i + 2 < n; i++) {
		if (s[i] != '2' && s[i] != '4' && s[i] != '5')
			continue;
		if (s[i + 1] < '0' || s[i + 1] > '5' ||
		    !isdigit((unsigned char)s[i + 2]))
			continue;
		if (i > 0 && strchr(" \t([:#=\"'", s[i - 1]) == NULL)
			continue;
		if (i + 3 < n && s[i + 3] != ' ' && s[i + 3] != '-' &&
		    s[i + 3] != ']' && s[i + 3] != ')')
			continue;
		if (i + 3 < n && s[i + 3] == '-' && i + 4 < n &&
		    !isdigit((unsigned char)s[i + 4]) && s[i + 4] != ' ')
			continue;
		return (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 +
		    (s[i + 2] - '0');
	}
	return 0;
}

/* ---- the work in hand ---- */

struct cand {
	char *addr;           /* validated, lowercase */
	char *orig;           /* DSN Original-Recipient */
	char *action;         /* DSN Action value */
	char *status;         /* DSN Status value */
	char *diag;           /* DSN Diagnostic-Code text, type dropped */
	char *remote_mta;
	size_t pos;           /* prose: offset after its best mention */
	int score;            /* prose: how surely it is a recipient; 0 none */
};

struct ctx {
	const struct mail *m;
	const char *verp_base;
	const struct bounce_phrases *phrases;
	struct bounce_report *r;

	struct buf human;     /* human-readable text, cut before the copy */
	struct hblock ret;    /* the returned message's header fields */
	int have_ret;

	char *exclude[EXCLUDE_MAX];
	size_t n_exclude;

	struct cand *c;
	size_t nc;
	int delayed;          /* prose: only a delay warning */
	char *telling;        /* the most telling line of the human text */
	int telling_done;
};

static void
cand_free(struct cand *x)
{
	free(x->addr);
	free(x->orig);
	free(x->action);
	free(x->status);
	free(x->diag);
	free(x->remote_mta);
	memset(x, 0, sizeof(*x));
}

static struct cand *
cand_find(struct ctx *c, const char *addr)
{
	size_t i;

	for (i = 0; i < c->nc; i++)
		if (strcmp(c->c[i].addr, addr) == 0)
			return &c->c[i];
	return NULL;
}

/* take_missing: *from moves to *to when *to is NULL (then *from is) */
static void
take_missing(char **to, char **from)
{
	if (*to == NULL) {
		*to = *from;
		*from = NULL;
	}
}

/*
 * cand_add: takes x (its strings) into the list; a second mention of an
 * address is merged into the first (a failure wins over other actions).
 * Past BOUNCE_MAX_RCPTS x is dropped and the report says so.
 */
static void
cand_add(struct ctx *c, struct cand *x)
{
	struct cand *old;

	if (x->addr == NULL) {
		cand_free(x);
		return;
	}
	if ((old = cand_find(c, x->addr)) != NULL) {
		int old_failed = old->action == NULL ||
		    str_prefix_ci(old->action, "fail");
		int new_failed = x->action != NULL &&
		    str_prefix_ci(x->action, "fail");

		if (!old_failed && new_failed) {
			struct cand t = *old;

			*old = *x;
			*x = t;
		}
		/* what the first mention lacks, the second may say */
		take_missing(&old->orig, &x->orig);
		take_missing(&old->action, &x->action);
		take_missing(&old->status, &x->status);
		take_missing(&old->diag, &x->diag);
		take_missing(&old->remote_mta, &x->remote_mta);
		cand_free(x);
		return;
	}
	if (c->nc >= BOUNCE_MAX_RCPTS) {
		c->r->rcpts_cut = 1;
		cand_free(x);
		return;
	}
	if (c->nc % 16 == 0)
		c->c = xreallocarray(c->c, c->nc + 16, sizeof(*c->c));
	c->c[c->nc++] = *x;
	memset(x, 0, sizeof(*x));
}

static void
exclude_add(struct ctx *c, const char *addr)
{
	size_t i;

	if (addr == NULL || addr[0] == '\0' || c->n_exclude >= EXCLUDE_MAX)
		return;
	for (i = 0; i < c->n_exclude; i++)
		if (strcasecmp(c->exclude[i], addr) == 0)
			return;
	c->exclude[c->n_exclude++] = xstrdup(addr);
}

/* exclude_value: every address of a header value */
static void
exclude_value(struct ctx *c, const char *v)
{
	size_t off = 0, as, ae, n;
	char *a;

	if (v == NULL)
		return;
	n = strlen(v);
	while (c->n_exclude < EXCLUDE_MAX && addr_scan(v, n, &off, &as, &ae))
		if ((a = addr_check(v + as, ae - as)) != NULL) {
			exclude_add(c, a);
			free(a);
		}
}

static int
excluded(const struct ctx *c, const char *addr)
{
	size_t i;

	for (i = 0; i < c->n_exclude; i++)
		if (strcmp(c->exclude[i], addr) == 0)
			return 1;
	return 0;
}

/* ---- the human-readable text and the returned message ---- */

static int
deco_char(char c)
{
	return c == '-' || c == '=' || c == '_' || c == '*' || c == '#' ||
	    c == '~' || c == '+';
}

/*
 * marker_line: the line [s, e) announces the copy of the returned
 * message ("--- Below this line is a copy of the message.", "-----
 * Original message -----", "------- Returned Message --------", …).
 */
static int
marker_line(const char *p, size_t s, size_t e)
{
	static const char *const words[] = {
		"original message", "copy of the message", "copy of your message",
		"copy of the original", "returned message", "unsent message",
		"message header", "original header", "headers of", "below this line",
		"message follows", "original mail", "original e-mail",
		"original email", "rfc822", "message text follows",
		"returned mail", "undelivered message", "the message follows",
		"original text",
	};
	static const char *const starts[] = {
		"below this line is a copy", "original message follows",
		"original message headers", "the original message follows",
		"the original message headers", "the original message was:",
		"your original message", "original message:",
		"content-type: message/rfc822", "headers of the original",
		"the header of the original", "message headers follow",
		"original message follows", "bounced e-mail:", "bounced message:",
		"original mail as follows",
	};
	size_t i, deco = 0;

	while (s < e && (p[s] == ' ' || p[s] == '\t'))
		s++;
	while (e > s && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	if (e - s > 200 || e == s)
		return 0;
	for (i = 0; i < ARRAY_SIZE(starts); i++)
		if (prefix_ci(p + s, e - s, starts[i]))
			return 1;
	while (s < e && (deco_char(p[s]) || p[s] == ' ')) {
		deco += deco_char(p[s]);
		s++;
	}
	if (deco < 2)
		return 0;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (mem_find_ci(p + s, e - s, words[i]) != NULL)
			return 1;
	return 0;
}

/*
 * cut_point: where the human-readable text (p, n) ends: a marker line, or
 * a block of header fields starting "Return-Path:" / "Received:" at the
 * start of a paragraph; *ret_r = where the copy's header fields start.
 * n (and *ret_r = n) when there is no copy.
 */
static size_t
cut_point(const char *p, size_t n, size_t *ret_r)
{
	size_t off = 0, ls, le;
	int prev_blank = 1;

	*ret_r = n;
	while (line_next(p, n, &off, &ls, &le)) {
		if (marker_line(p, ls, le)) {
			*ret_r = off;
			return ls;
		}
		if (prev_blank && (prefix_ci(p + ls, le - ls, "return-path:") ||
		    prefix_ci(p + ls, le - ls, "received: ")) &&
		    looks_like_headers(p + ls, n - ls)) {
			*ret_r = ls;
			return ls;
		}
		prev_blank = is_blank_line(p + ls, le - ls);
	}
	return n;
}

static int
ret_useful(const struct hblock *f)
{
	static const char *const names[] = { "from", "to", "message-id",
	    "return-path", "received", "subject", "date" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (hblock_get(f, names[i]) != NULL)
			return 1;
	return 0;
}

static void ret_parse_block(struct ctx *c, const char *p, size_t n);

/* ret_parse: the returned message's header fields from (p, n), skipping
 * a MIME header block or two in front of them */
static void
ret_parse(struct ctx *c, const char *p, size_t n)
{
	size_t off, ls, le, indent, i;
	struct buf d;

	if (c->have_ret)
		return;
	n = cap_len(n);
	/* the first line that is not blank: indented copies are dedented,
	 * an mbox "From " line is skipped */
	off = 0;
	while (line_next(p, n, &off, &ls, &le) && is_blank_line(p + ls, le - ls))
		;
	if (off == 0 || ls >= n)
		return;
	for (indent = 0; ls + indent < le && (p[ls + indent] == ' ' ||
	    p[ls + indent] == '\t'); indent++)
		;
	if (prefix_ci(p + ls + indent, le - ls - indent, "from ")) {
		p += off;
		n -= off;
	} else {
		p += ls;
		n -= ls;
	}
	if (indent > 0 && indent < 16) {
		buf_init(&d, 0);
		buf_append(&d, "", 0);
		off = 0;
		while (line_next(p, n, &off, &ls, &le)) {
			for (i = 0; i < indent && ls + i < le &&
			    (p[ls + i] == ' ' || p[ls + i] == '\t'); i++)
				;
			buf_append(&d, p + ls + i, le - ls - i);
			buf_putc(&d, '\n');
		}
		ret_parse_block(c, d.data, d.len);
		buf_free(&d);
		return;
	}
	ret_parse_block(c, p, n);
}

static void
ret_parse_block(struct ctx *c, const char *p, size_t n)
{
	struct hblock f;
	size_t off, tries;

	for (tries = 0; tries < 3 && n > 0; tries++) {
		off = hblock_parse(p, n, &f);
		if (f.n > 0 && ret_useful(&f)) {
			c->ret = f;
			c->have_ret = 1;
			return;
		}
		hblock_free(&f);
		if (off == 0 || off >= n)
			return;
		p += off;
		n -= off;
	}
}

static void
human_append(struct ctx *c, const char *p, size_t n, int *stop)
{
	size_t cut, ret;

	n = cap_len(n);
	cut = cut_point(p, n, &ret);
	if (cut > 0 && c->human.len < BOUNCE_SCAN_MAX) {
		size_t room = BOUNCE_SCAN_MAX - c->human.len;

		if (c->human.len > 0)
			buf_putc(&c->human, '\n');
		buf_append(&c->human, p, cut < room ? cut : room);
	}
	if (cut < n) {
		*stop = 1;
		if (ret < n)
			ret_parse(c, p + ret, n - ret);
	}
}

static int
returned_type(const char *t)
{
	return strcmp(t, "message/rfc822") == 0 ||
	    strcmp(t, "message/global") == 0 ||
	    strcmp(t, "text/rfc822-headers") == 0 ||
	    strcmp(t, "message/rfc822-headers") == 0 ||
	    strcmp(t, "message/global-headers") == 0 ||
	    strcmp(t, "message/partial") == 0;
}

static int
dsn_type(const char *t)
{
	return strcmp(t, "message/delivery-status") == 0 ||
	    strcmp(t, "message/global-delivery-status") == 0 ||
	    strcmp(t, "text/delivery-status") == 0;
}

/* dsn_text: a text part carrying DSN fields at the start of a line */
static int
dsn_text(const char *p, size_t n)
{
	size_t off = 0, ls, le;
	int rcpt = 0, other = 0;

	n = cap_len(n);
	while (line_next(p, n, &off, &ls, &le)) {
		if (prefix_ci(p + ls, le - ls, "final-recipient:") ||
		    prefix_ci(p + ls, le - ls, "original-recipient:"))
			rcpt = 1;
		else if (prefix_ci(p + ls, le - ls, "action:") ||
		    prefix_ci(p + ls, le - ls, "status:"))
			other = 1;
		if (rcpt && other)
			return 1;
	}
	return 0;
}

/*
 * collect: the human-readable text (inline text parts up to the first
 * message/... or header part, cut before a copy of the returned message)
 * and the returned message's header fields.
 */
static void
collect(struct ctx *c)
{
	const struct mail *m = c->m;
	size_t i;
	int stop = 0;

	buf_init(&c->human, 0);
	buf_append(&c->human, "", 0);
	for (i = 0; i < m->n_parts; i++) {
		const struct mail_part *pt = &m->parts[i];
		const char *t = pt->content_type;
		const char *d = (const char *)pt->data;

		if (returned_type(t)) {
			ret_parse(c, d, pt->len);
			stop = 1;
			continue;
		}
		if (strncmp(t, "message/", 8) == 0 || dsn_type(t)) {
			stop = 1;
			continue;
		}
		if (strcmp(t, "text/plain") != 0)
			continue;
		if (looks_like_headers(d, pt->len)) {
			/* a part holding the returned header (x1, x6 style) */
			if (i > 0 || m->n_parts > 1) {
				ret_parse(c, d, pt->len);
				stop = 1;
				continue;
			}
		}
		if (pt->attachment || stop || dsn_text(d, pt->len))
			continue;
		human_append(c, d, pt->len, &stop);
	}
	if (c->human.len == 0 && m->text != NULL) {
		stop = 0;
		human_append(c, m->text, strlen(m->text), &stop);
	}
}

/* ---- RFC 3464 delivery status fields ---- */

/* strip_type: "smtp; 550 …" -> "550 …", "dns; mx.example" -> "mx.example" */
static char *
strip_type(const char *v)
{
	const char *semi = strchr(v, ';'), *s = v;

	if (semi != NULL && (size_t)(semi - v) <= 16) {
		const char *q;

		for (q = v; q < semi; q++)
			if (!isalnum((unsigned char)*q) && *q != '-' && *q != ' ' &&
			    *q != '_')
				break;
		if (q == semi)
			s = semi + 1;
	}
	while (*s == ' ')
		s++;
	return xstrdup(s);
}

static void
set_once(char **dst, char *v)
{
	if (*dst == NULL && v != NULL && v[0] != '\0')
		*dst = v;
	else
		free(v);
}

/*
 * dsn_field: one DSN field into the current recipient *x, closing it
 * (into the list) first when the field starts another recipient: a
 * second Final-Recipient, or an Original-Recipient after a Final one (for
 * the reports that forget the blank line between recipients).
 */
static void
dsn_field(struct ctx *c, struct cand *x, const char *name, char *value)
{
	if (strcasecmp(name, "final-recipient") == 0 ||
	    strcasecmp(name, "x-actual-recipient") == 0) {
		char *a = addr_field(value);

		if (strcasecmp(name, "final-recipient") == 0 &&
		    x->addr != NULL) {
			cand_add(c, x);
			memset(x, 0, sizeof(*x));
		}
		if (strcasecmp(name, "final-recipient") == 0 || x->addr == NULL) {
			free(x->addr);
			x->addr = a;
		} else
			free(a);
	} else if (strcasecmp(name, "original-recipient") == 0) {
		/* after a complete recipient, or a second one: a new group */
		if (x->orig != NULL || (x->addr != NULL &&
		    (x->status != NULL || x->diag != NULL))) {
			if (x->addr == NULL) {
				x->addr = x->orig;
				x->orig = NULL;
			}
			cand_add(c, x);
			memset(x, 0, sizeof(*x));
		}
		x->orig = addr_field(value);
	} else if (strcasecmp(name, "action") == 0) {
		set_once(&x->action, strip_type(value));
	} else if (strcasecmp(name, "status") == 0) {
		set_once(&x->status, strip_type(value));
	} else if (strcasecmp(name, "diagnostic-code") == 0) {
		set_once(&x->diag, strip_type(value));
	} else if (strcasecmp(name, "remote-mta") == 0) {
		set_once(&x->remote_mta, strip_type(value));
	} else if (strcasecmp(name, "reporting-mta") == 0) {
		set_once(&c->r->reporting_mta, strip_type(value));
	} else if (strcasecmp(name, "x-original-message-id") == 0 ||
	    strcasecmp(name, "original-message-id") == 0) {
		char *v = strip_type(value), *t = v, *e;

		while (*t == '<' || *t == ' ')
			t++;
		e = strchr(t, '>');
		if (e != NULL)
			*e = '\0';
		if (*t != '\0' && c->r->original_message_id == NULL)
			c->r->original_message_id = utf8_clean(t, strlen(t), 0);
		free(v);
	}
}

static void
dsn_close(struct ctx *c, struct cand *x)
{
	if (x->addr == NULL && x->orig != NULL) {
		x->addr = x->orig;
		x->orig = NULL;
	}
	if (x->addr != NULL)
		cand_add(c, x);
	else
		cand_free(x);
	memset(x, 0, sizeof(*x));
}

/* dsn_parse: the per-message and per-recipient groups of (p, n) */
static void
dsn_parse(struct ctx *c, const char *p, size_t n)
{
	struct cand x;
	struct buf val;
	char *name = NULL;
	size_t off = 0, ls, le, vs, nl;

	memset(&x, 0, sizeof(x));
	n = cap_len(n);
	buf_init(&val, 0);
	buf_append(&val, "", 0);
	while (line_next(p, n, &off, &ls, &le)) {
		int blank = is_blank_line(p + ls, le - ls);
		int cont = !blank && (p[ls] == ' ' || p[ls] == '\t');

		if (cont && name != NULL) {
			buf_putc(&val, ' ');
			value_append(&val, p, ls, le);
			continue;
		}
		if (name != NULL) {
			char *v = value_finish(&val);

			dsn_field(c, &x, name, v);
			free(v);
			free(name);
			name = NULL;
			buf_init(&val, 0);
			buf_append(&val, "", 0);
		}
		if (blank) {
			dsn_close(c, &x);
			continue;
		}
		if ((nl = hfield_start(p, ls, le, &vs)) == 0)
			continue;
		name = xstrndup(p + ls, nl);
		value_append(&val, p, vs, le);
	}
	if (name != NULL) {
		char *v = value_finish(&val);

		dsn_field(c, &x, name, v);
		free(v);
		free(name);
	}
	buf_free(&val);
	dsn_close(c, &x);
}

/* dsn_collect: the DSN parts (or DSN fields in text parts); 1 if any */
static int
dsn_collect(struct ctx *c, int text_ok)
{
	const struct mail *m = c->m;
	size_t i;
	int found = 0;

	for (i = 0; i < m->n_parts; i++) {
		const struct mail_part *pt = &m->parts[i];

		if (dsn_type(pt->content_type)) {
			dsn_parse(c, (const char *)pt->data, pt->len);
			found = 1;
		}
	}
	if (found || !text_ok)
		return found;
	for (i = 0; i < m->n_parts; i++) {
		const struct mail_part *pt = &m->parts[i];

		if (strcmp(pt->content_type, "text/plain") == 0 &&
		    dsn_text((const char *)pt->data, pt->len)) {
			const char *d = (const char *)pt->data;
			size_t off = 0, ls, le, start = pt->len;

			/* from the first DSN field on */
			while (line_next(d, cap_len(pt->len), &off, &ls, &le))
				if (prefix_ci(d + ls, le - ls, "reporting-mta:") ||
				    prefix_ci(d + ls, le - ls, "final-recipient:") ||
				    prefix_ci(d + ls, le - ls, "original-recipient:") ||
				    prefix_ci(d + ls, le - ls, "arrival-date:") ||
				    prefix_ci(d + ls, le - ls, "received-from-mta:")) {
					start = ls;
					break;
				}
			dsn_parse(c, d + start, pt->len - start);
			found = 1;
		}
	}
	return found;
}

/* ---- failed recipients in prose ---- */

/*
 * pre_score: how surely an address preceded on its line by [s, e) is a
 * failed recipient: 3 when nothing but decoration, SMTP codes or
 * transcript arrows stand before it ("  user@example.com",
 * "<user@example.com>:", "550 5.1.1 <user@…>… User unknown"); 2 after a
 * label ("Recipient:", "RCPT To:<…>", "Failed address:"); 1 inside a
 * sentence; 0 where it is a sender or an id.
 */
static int
pre_score(const char *p, size_t s, size_t e)
{
	static const char *const never[] = {
		"mail from", "envelope-from", "from:", "sender", "message-id",
		"message id", "msgid", "msg-id", "reply-to", "return-path",
		"smtp.mailfrom", "header.from", "errors-to", "originator",
	};
	static const char *const labels[] = {
		"recipient", "recipients", "recipient address", "address",
		"addresses", "to", "rcpt to", "user", "mailbox", "rfc822",
		"addressee", "destination", "email", "e-mail", "failed",
		"for", "delivery to", "deliver to", "delivered to",
	};
	size_t i, l;

	for (i = 0; i < ARRAY_SIZE(never); i++)
		if (mem_find_ci(p + s, e - s, never[i]) != NULL)
			return 0;
	for (;;) {
		while (s < e && strchr(" \t<>*-\"'([{:;,.|", p[s]) != NULL)
			s++;
		if (e - s >= 3 && (memcmp(p + s, ">>>", 3) == 0 ||
		    memcmp(p + s, "<<<", 3) == 0)) {
			s += 3;
			continue;
		}
		/* an SMTP code or a status code */
		for (l = s; l < e && (isdigit((unsigned char)p[l]) ||
		    p[l] == '.'); l++)
			;
		if (l > s && l - s <= 12 && (l == e || p[l] == ' ' ||
		    p[l] == '-' || p[l] == '<')) {
			s = l;
			continue;
		}
		break;
	}
	while (e > s && strchr(" \t<>*-\"'([{:;,.|", p[e - 1]) != NULL)
		e--;
	if (s == e)
		return 3;
	/* "To: user@…" in a listing of the original's header fields */
	if ((e - s == 2 && (strncasecmp(p + s, "to", 2) == 0 ||
	    strncasecmp(p + s, "cc", 2) == 0)) ||
	    (e - s == 3 && strncasecmp(p + s, "bcc", 3) == 0))
		return 1;
	for (i = 0; i < ARRAY_SIZE(labels); i++) {
		l = strlen(labels[i]);
		if (e - s >= l && strncasecmp(p + e - l, labels[i], l) == 0 &&
		    (e - s == l || !isalnum((unsigned char)p[e - l - 1])))
			return 2;
	}
	return 1;
}

/* line_skipped: a line of the human text that names no recipient */
static int
line_skipped(const char *p, size_t s, size_t e)
{
	static const char *const heads[] = {
		"from:", "reply-to:", "sender:", "return-path:", "message-id:",
		"received:", "references:", "in-reply-to:", "dkim-signature:",
		"authentication-results:", "list-", "x-", "arc-", "errors-to:",
	};
	size_t i;

	while (s < e && (p[s] == ' ' || p[s] == '\t' || p[s] == '>'))
		s++;
	for (i = 0; i < ARRAY_SIZE(heads); i++)
		if (prefix_ci(p + s, e - s, heads[i]))
			return 1;
	return 0;
}

/*
 * prose_scan: the addresses of the human text with their scores; the
 * best-scored ones become the recipients (X-Failed-Recipients, when
 * present, decides which ones instead).
 */
static void
prose_scan(struct ctx *c, int only_known)
{
	const char *p = c->human.data;
	size_t n = c->human.len, off = 0, ls, le, tokens = 0;
	struct cand *all = NULL;
	size_t nall = 0, i;
	int best = 0;

	if (p == NULL)
		return;
	while (line_next(p, n, &off, &ls, &le) && tokens < 20000) {
		size_t lo = 0, as, ae;

		if (line_skipped(p, ls, le))
			continue;
		while (addr_scan(p + ls, le - ls, &lo, &as, &ae) &&
		    tokens++ < 20000) {
			char *a = addr_check(p + ls + as, ae - as);
			int sc;
			size_t k;

			if (a == NULL)
				continue;
			if (only_known) {
				struct cand *x = cand_find(c, a);

				sc = pre_score(p, ls, ls + as);
				if (x != NULL && sc > x->score) {
					x->score = sc;
					x->pos = ls + ae;
				}
				free(a);
				continue;
			}
			sc = pre_score(p, ls, ls + as);
			if (sc == 0 || excluded(c, a) ||
			    (sc == 1 && daemon_local(a))) {
				free(a);
				continue;
			}
			for (k = 0; k < nall; k++)
				if (strcmp(all[k].addr, a) == 0)
					break;
			if (k < nall) {
				if (sc > all[k].score) {
					all[k].score = sc;
					all[k].pos = ls + ae;
				}
				free(a);
			} else if (nall < BOUNCE_MAX_RCPTS) {
				if (nall % 16 == 0)
					all = xreallocarray(all, nall + 16,
					    sizeof(*all));
				memset(&all[nall], 0, sizeof(all[nall]));
				all[nall].addr = a;
				all[nall].score = sc;
				all[nall].pos = ls + ae;
				nall++;
			} else {
				/* full: nothing more can be taken */
				c->r->rcpts_cut = 1;
				free(a);
				tokens = 20000;
				break;
			}
			if (sc > best)
				best = sc;
		}
	}
	for (i = 0; i < nall; i++) {
		if (all[i].score == best)
			cand_add(c, &all[i]);
		else
			cand_free(&all[i]);
	}
	free(all);
}

/*
 * next_mention: the start of the line of the next recipient mention
 * after pos (another recipient's best mention), else n.
 */
static size_t
next_mention(const struct ctx *c, size_t pos, size_t n)
{
	size_t i, best = n;

	for (i = 0; i < c->nc; i++) {
		size_t q = c->c[i].pos;

		if (c->c[i].score == 0 || q <= pos || q >= best)
			continue;
		/* back to the start of that line */
		while (q > pos && c->human.data[q - 1] != '\n')
			q--;
		if (q > pos && q < best)
			best = q;
	}
	return best;
}

/* compact: (p, n) as one line: blanks squeezed, decoration trimmed,
 * clean UTF-8, at most max bytes (cut on a character boundary) */
static char *
compact(const char *p, size_t n, size_t max)
{
	struct buf b;
	size_t i;
	char *raw, *clean;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	for (i = 0; i < n && b.len < max + 8; i++) {
		char ch = p[i];

		if (ch == '\n' || ch == '\r' || ch == '\t')
			ch = ' ';
		if (ch == ' ' && (b.len == 0 || b.data[b.len - 1] == ' '))
			continue;
		buf_putc(&b, ch);
	}
	raw = buf_steal(&b);
	clean = utf8_clean(raw, strlen(raw), 0);
	free(raw);
	{
		char *s = clean, *r;
		size_t l;

		while (*s && strchr(" :;,.>)]-", *s) != NULL)
			s++;
		l = strlen(s);
		while (l > 0 && s[l - 1] == ' ')
			l--;
		if (l > max) {
			l = max;
			while (l > 0 && ((unsigned char)s[l] & 0xc0) == 0x80)
				l--;
		}
		if (l == 0) {
			free(clean);
			return NULL;
		}
		r = xstrndup(s, l);
		free(clean);
		return r;
	}
}

static int
compact_nonempty(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isalnum((unsigned char)p[i]) || (unsigned char)p[i] >= 0x80)
			return 1;
	return 0;
}

static int
has_code(const char *p, size_t n)
{
	char st[16];

	return status_find(p, n, st) || reply_find(p, n) != 0;
}

/*
 * block_diag: the words about the recipient whose mention ends at pos:
 * the paragraphs from there to the next recipient's mention (at most
 * BLOCK_MAX bytes).  The diagnostic is the first paragraph with an SMTP
 * or status code, else the first naming a reason, else the first;
 * *all_r gets the whole block, for a reason the diagnostic lacks.
 */
static char *
block_diag(const struct ctx *c, size_t pos, char **all_r, int *signal_r)
{
	const char *p = c->human.data;
	size_t end = next_mention(c, pos, c->human.len), off, ls, le;
	size_t ps = pos, pe = pos, first_s = 0, first_e = 0;
	size_t code_s = 0, code_e = 0, why_s = 0, why_e = 0;
	int have_first = 0, have_code = 0, have_why = 0, in_par = 0;

	*all_r = NULL;
	*signal_r = 0;
	if (p == NULL || pos >= c->human.len)
		return NULL;
	if (end - pos > BLOCK_MAX)
		end = pos + BLOCK_MAX;
	off = pos;
	/* paragraphs of [pos, end): runs of non-blank lines */
	for (;;) {
		int more = line_next(p, end, &off, &ls, &le);
		int blank = !more || is_blank_line(p + ls, le - ls);

		if (!blank) {
			if (!in_par)
				ps = ls;
			pe = le;
			in_par = 1;
			continue;
		}
		if (in_par) {
			size_t l = pe - ps;

			if (!have_first && compact_nonempty(p + ps, l)) {
				first_s = ps;
				first_e = pe;
				have_first = 1;
			}
			if (!have_code && has_code(p + ps, l)) {
				code_s = ps;
				code_e = pe;
				have_code = 1;
			}
			if (!have_why && reason_text(c->phrases, p + ps, l) != NULL) {
				why_s = ps;
				why_e = pe;
				have_why = 1;
			}
			in_par = 0;
		}
		if (!more)
			break;
	}
	*all_r = compact(p + pos, end - pos, BLOCK_MAX);
	/* "550 <user@…>... User unknown": the rest of the line says it;
	 * the diagnostic is then the whole line, with its reply code */
	off = pos;
	if (line_next(p, end, &off, &ls, &le) &&
	    (has_code(p + pos, le - pos) ||
	    reason_words(c->phrases, p + pos, le - pos, 0) != NULL)) {
		size_t b = pos;

		while (b > 0 && p[b - 1] != '\n' && p[b - 1] != '\r' &&
		    pos - b < BOUNCE_MAX_DIAG)
			b--;
		*signal_r = 1;
		return compact(p + b, le - b, BOUNCE_MAX_DIAG);
	}
	/* "<<< 550 Unknown user carol@…" and the lines under it */
	{
		size_t b = pos, pe1;

		while (b > 0 && p[b - 1] != '\n' && p[b - 1] != '\r' &&
		    pos - b < BOUNCE_MAX_DIAG)
			b--;
		off = pos;
		pe1 = pos;
		while (line_next(p, end, &off, &ls, &le) &&
		    !is_blank_line(p + ls, le - ls))
			pe1 = le;
		if (b < pos && (has_code(p + b, pos - b) ||
		    reason_words(c->phrases, p + b, pos - b, 0) != NULL)) {
			*signal_r = 1;
			return compact(p + b, pe1 - b, BOUNCE_MAX_DIAG);
		}
	}
	*signal_r = have_code || have_why;
	if (have_code)
		return compact(p + code_s, code_e - code_s, BOUNCE_MAX_DIAG);
	if (have_why)
		return compact(p + why_s, why_e - why_s, BOUNCE_MAX_DIAG);
	if (have_first)
		return compact(p + first_s, first_e - first_s, BOUNCE_MAX_DIAG);
	return NULL;
}

/* ---- what kind of notice ---- */

/* daemon_sender: the notice comes from a mail system (null sender,
 * MAILER-DAEMON, postmaster, "Mail Delivery System", …) */
static int
daemon_sender(const struct mail *m)
{
	static const char *const locals[] = {
		"mailer-daemon", "mailer_daemon", "mailerdaemon", "maildaemon",
		"mail-daemon", "postmaster", "poostmaster", "post_master",
		"mail.delivery.system", "mail-delivery", "maildelivery",
		"mdaemon", "bounce", "bounces", "nobody", "sysadmin",
		"no-reply", "noreply", "mail-delivery-system",
	};
	static const char *const names[] = {
		"mail delivery", "mailer-daemon", "mailer daemon", "postmaster",
		"ndr administrator", "mail administrator", "content-filter",
		"mail system", "delivery subsystem",
	};
	const char *at;
	size_t i, n;

	if (m->return_path != NULL && m->return_path[0] == '\0')
		return 1;
	if (m->from_name != NULL)
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (has_ci(m->from_name, strlen(m->from_name), names[i]))
				return 1;
	if (m->from_addr == NULL)
		return m->from_name == NULL || m->from_name[0] == '\0';
	at = strchr(m->from_addr, '@');
	n = at ? (size_t)(at - m->from_addr) : strlen(m->from_addr);
	if (n == 0)
		return 1;
	for (i = 0; i < ARRAY_SIZE(locals); i++)
		if (strlen(locals[i]) == n &&
		    strncasecmp(m->from_addr, locals[i], n) == 0)
			return 1;
	/* list managers (fml, Majordomo) answer as LIST-admin */
	return n > 6 && strncasecmp(m->from_addr + n - 6, "-admin", 6) == 0 &&
	    mail_header_get(m, "X-MLServer") != NULL;
}

static int
failure_subject(const char *s)
{
	static const char *const words[] = {
		"undeliver", "undelivered", "delivery status", "delivery notification",
		"returned mail", "mail delivery failed", "failure notice",
		"delivery failure", "delivery failed", "delivery has failed",
		"failed delivery", "failure delivery", "mail system error",
		"non-delivery", "nondeliverable", "non delivery", "not delivered",
		"could not be delivered", "couldn't be delivered",
		"delivery problem", "error sending your mail", "bounce",
		"mail status report", "returned to sender", "rejected:",
		"nicht zustellbar", "unzustellbar", "non remis",
		"non recapitabile", "no se puede entregar", "delayed",
		"warning: could not send", "mail could not be", "permanent error",
		"delivery report", "mail error", "duplicated message-id",
		"are not member", "notice: mail delivery status",
		"message you sent blocked",
		/* one word split in two lines: parenthesised for clang's
		 * -Wstring-concatenation */
		("\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x82\xa8\xe3\x83\xa9"
		"\xe3\x83\xbc"),
	};
	size_t i, n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (has_ci(s, n, words[i]))
			return 1;
	return 0;
}

static int
failure_text(const char *s, size_t n)
{
	static const char *const words[] = {
		"this is the qmail-send program",
		"wasn't able to deliver your message",
		"could not be delivered to one or more",
		"by mail delivery software",
		"had permanent fatal errors",
		"delivery to the following recipient",
		"delivery has failed to these recipients",
		"did not reach the following recipient",
		"did not reach some or all of the intended recipients",
		"the original message was received at",
		"automatically generated delivery status notification",
		"unable to deliver your message",
		"unable to deliver message",
		"message could not be delivered",
		"your message was not delivered",
		"your message wasn't delivered",
		"was not delivered to",
		"undeliverable message",
		"could not be delivered to",
		"transcript of session follows",
		"smtp error from remote",
		"recipient address rejected",
		"user unknown",
		"mailbox unavailable",
		"mailbox is full",
		"no such user",
		"delivery failed",
		"permanent failure",
		"permanent error",
		"host unknown",
		"no mailbox here by that name",
		"message was rejected",
		"had delivery errors",
		"trouble delivering your message",
		"returned permanent errors",
		"requested action not taken",
		"not a member of this",
		"failure reasons",
	};
	size_t i;

	n = n > 16384 ? 16384 : n;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (has_ci(s, n, words[i]))
			return 1;
	return 0;
}

static const char *
header_any(const struct mail *m, const char *name, size_t *idx)
{
	for (; *idx < m->n_headers; (*idx)++)
		if (strcasecmp(m->headers[*idx].name, name) == 0)
			return m->headers[(*idx)++].value;
	return NULL;
}

/* nonstandard_why: a mail server's prose failure notice, or NULL */
static const char *
nonstandard_why(const struct ctx *c)
{
	const struct mail *m = c->m;

	if (mail_header_get(m, "X-Failed-Recipients") != NULL)
		return "X-Failed-Recipients";
	if (!daemon_sender(m))
		return NULL;
	if (failure_subject(m->subject))
		return "failure notice from a mail daemon (subject)";
	if (failure_text(c->human.data, c->human.len) ||
	    (m->text != NULL && failure_text(m->text, strlen(m->text))))
		return "failure notice from a mail daemon (text)";
	if (mime_has_part(m, "text/rfc822-headers") ||
	    mime_has_part(m, "message/rfc822") || c->have_ret)
		return "mail daemon returning a message";
	return NULL;
}

/* prose_delayed: the notice is a delay warning, not a failure */
static int
prose_delayed(const struct ctx *c)
{
	static const char *const yes[] = {
		"has been delayed", "have been delayed", "not yet been delivered",
		"delivery is delayed", "delivery delayed", "warning message only",
		"delivery attempts will continue", "will continue to try",
		"still trying to deliver", "will be retried", "will retry",
		"delay notification", "is being delayed",
	};
	static const char *const no[] = {
		"permanent", "given up", "gave up", "giving up",
		"could not be delivered", "undeliverable", "failed",
		"not going to try again",
	};
	const char *h = c->human.data;
	size_t n = c->human.len > 8192 ? 8192 : c->human.len, i;
	int y = 0;

	if (h == NULL)
		return 0;
	for (i = 0; i < ARRAY_SIZE(yes) && !y; i++)
		y = has_ci(h, n, yes[i]);
	if (!y && c->m->subject != NULL)
		y = has_ci(c->m->subject, strlen(c->m->subject), "delay") ||
		    str_prefix_ci(c->m->subject, "warning:");
	if (!y)
		return 0;
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (has_ci(h, n, no[i]))
			return 0;
	return 1;
}

/* ---- complaints ---- */

static void
complainant_add(struct bounce_report *r, char *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < r->n_complainants; i++)
		if (strcmp(r->complainants[i], a) == 0) {
			free(a);
			return;
		}
	if (r->n_complainants >= BOUNCE_MAX_RCPTS) {
		r->rcpts_cut = 1;
		free(a);
		return;
	}
	if (r->n_complainants % 16 == 0)
		r->complainants = xreallocarray(r->complainants,
		    r->n_complainants + 16, sizeof(char *));
	r->complainants[r->n_complainants++] = a;
}

/* complainants_value: every address of a header value */
static void
complainants_value(struct bounce_report *r, const char *v)
{
	size_t off = 0, as, ae, n, k = 0;

	if (v == NULL)
		return;
	n = cap_len(strlen(v));
	while (addr_scan(v, n, &off, &as, &ae) && k++ < BOUNCE_MAX_RCPTS)
		complainant_add(r, addr_check(v + as, ae - as));
}

static char *
token_lower(const char *v)
{
	size_t i = 0, s;
	char *t;

	if (v == NULL)
		return NULL;
	while (v[i] == ' ' || v[i] == '"')
		i++;
	s = i;
	while (v[i] && (isalnum((unsigned char)v[i]) || v[i] == '-' ||
	    v[i] == '_' || v[i] == '.') && i - s < 64)
		i++;
	if (i == s)
		return NULL;
	t = xstrndup(v + s, i - s);
	str_lower(t);
	return t;
}

static void
arf_parse(struct ctx *c)
{
	const struct mail *m = c->m;
	struct bounce_report *r = c->r;
	struct hblock f;
	size_t i;

	memset(&f, 0, sizeof(f));
	for (i = 0; i < m->n_parts; i++) {
		const struct mail_part *pt = &m->parts[i];

		if (strcmp(pt->content_type, "message/feedback-report") == 0 ||
		    (strcmp(pt->content_type, "text/plain") == 0 &&
		    m->report_type != NULL &&
		    strcmp(m->report_type, "feedback-report") == 0 &&
		    has_ci((const char *)pt->data, pt->len > 4096 ? 4096 :
		    pt->len, "feedback-type:") &&
		    !mime_has_part(m, "message/feedback-report"))) {
			hblock_parse((const char *)pt->data, pt->len, &f);
			break;
		}
	}
	for (i = 0; i < f.n; i++) {
		const char *nm = f.v[i].name, *v = f.v[i].value;

		if (strcasecmp(nm, "feedback-type") == 0 && !r->feedback_type)
			r->feedback_type = token_lower(v);
		else if (strcasecmp(nm, "user-agent") == 0 && !r->user_agent)
			r->user_agent = xstrdup(v);
		else if (strcasecmp(nm, "original-mail-from") == 0 &&
		    !r->original_mail_from)
			r->original_mail_from = addr_field(v);
		else if (strcasecmp(nm, "original-rcpt-to") == 0 ||
		    strcasecmp(nm, "removal-recipient") == 0)
			complainant_add(r, addr_field(v));
	}
	hblock_free(&f);

	if (mail_header_get(m, "X-Apple-Unsubscribe") != NULL &&
	    r->feedback_type == NULL) {
		r->feedback_type = xstrdup("opt-out");
		if (m->from_addr != NULL)
			complainant_add(r, addr_check(m->from_addr,
			    strlen(m->from_addr)));
	}
	if (r->n_complainants == 0 && c->have_ret) {
		complainants_value(r, hblock_value(&c->ret,
		    "X-HmXmrOriginalRecipient"));
		if (r->n_complainants == 0)
			complainants_value(r, hblock_value(&c->ret, "To"));
	}
	if (r->feedback_type == NULL)
		r->feedback_type = xstrdup("abuse");
}

/* ---- Amazon SES notifications (JSON in an SNS mail) ---- */

/* js_string: the JSON string at p[*off] == '"', unescaped (\uXXXX
 * outside ASCII becomes '?'), at most HFIELD_MAX bytes kept */
static char *
js_string(const char *p, size_t n, size_t *off)
{
	struct buf b;
	size_t i = *off + 1;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	while (i < n && p[i] != '"') {
		char ch = p[i];

		if (ch == '\\' && i + 1 < n) {
			i++;
			switch (p[i]) {
			case 'n': case 'r': case 't': ch = ' '; break;
			case 'u':
				ch = '?';
				if (i + 4 < n) {
					int v = 0, k, ok = 1;

					for (k = 1; k <= 4; k++) {
						int d = hex_digit((unsigned char)p[i + k]);

						if (d < 0)
							ok = 0;
						v = v * 16 + (d < 0 ? 0 : d);
					}
					if (ok && v >= 0x20 && v < 0x7f)
						ch = (char)v;
					if (ok)
						i += 4;
				}
				break;
			default: ch = p[i]; break;
			}
		}
		if (b.len < HFIELD_MAX && (unsigned char)ch >= ' ')
			buf_putc(&b, ch);
		i++;
	}
	*off = i < n ? i + 1 : n;
	{
		char *raw = buf_steal(&b), *clean;

		clean = utf8_clean(raw, strlen(raw), 0);
		free(raw);
		return clean;
	}
}

/* js_find: the value position after "key": in [from, to), or to */
static size_t
js_find(const char *p, size_t from, size_t to, const char *key)
{
	size_t kl = strlen(key), i;
	const char *q;

	while (from < to && (q = memchr(p + from, '"', to - from)) != NULL) {
		i = (size_t)(q - p);
		if (i + kl + 2 <= to && memcmp(p + i + 1, key, kl) == 0 &&
		    p[i + kl + 1] == '"') {
			i += kl + 2;
			while (i < to && (p[i] == ' ' || p[i] == '\n' ||
			    p[i] == '\r' || p[i] == '\t'))
				i++;
			if (i < to && p[i] == ':') {
				i++;
				while (i < to && (p[i] == ' ' || p[i] == '\n' ||
				    p[i] == '\r' || p[i] == '\t'))
					i++;
				return i;
			}
		}
		from = i + 1;
	}
	return to;
}

static char *
js_get(const char *p, size_t from, size_t to, const char *key)
{
	size_t i = js_find(p, from, to, key);

	if (i < to && p[i] == '"')
		return js_string(p, to, &i);
	return NULL;
}

/* js_close: the end of the array or object opening at p[i] */
static size_t
js_close(const char *p, size_t n, size_t i)
{
	int depth = 0;

	for (; i < n; i++) {
		if (p[i] == '"') {
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			continue;
		}
		if (p[i] == '[' || p[i] == '{')
			depth++;
		else if ((p[i] == ']' || p[i] == '}') && --depth == 0)
			return i + 1;
	}
	return n;
}

static void
ses_parse(struct ctx *c, const char *p, size_t n, const char *type)
{
	struct bounce_report *r = c->r;
	size_t i, end;

	if (strcmp(type, "Complaint") == 0) {
		r->kind = BOUNCE_FEEDBACK;
		r->why = "Amazon SES complaint notification";
		r->feedback_type = js_get(p, 0, n, "complaintFeedbackType");
		if (r->feedback_type == NULL)
			r->feedback_type = xstrdup("abuse");
		else
			str_lower(r->feedback_type);
		i = js_find(p, 0, n, "complainedRecipients");
		end = i < n && p[i] == '[' ? js_close(p, n, i) : i;
		while (i < end) {
			size_t o = js_find(p, i, end, "emailAddress");
			char *a;

			if (o >= end || p[o] != '"')
				break;
			a = js_string(p, end, &o);
			complainant_add(r, addr_check(a, strlen(a)));
			free(a);
			i = o;
		}
		return;
	}
	r->kind = BOUNCE_NONSTANDARD;
	if (strcmp(type, "Delivery") == 0) {
		char *resp = js_get(p, 0, n, "smtpResponse");

		r->why = "Amazon SES delivery notification";
		i = js_find(p, 0, n, "recipients");
		end = i < n && p[i] == '[' ? js_close(p, n, i) : i;
		for (i++; i < end; i++) {
			struct cand x;
			char *a;

			if (p[i] != '"')
				continue;
			a = js_string(p, end, &i);
			memset(&x, 0, sizeof(x));
			x.addr = addr_check(a, strlen(a));
			x.action = xstrdup("delivered");
			x.diag = resp ? xstrdup(resp) : NULL;
			free(a);
			cand_add(c, &x);
			i--;
		}
		free(resp);
		return;
	}
	r->why = "Amazon SES bounce notification";
	{
		char *bt = js_get(p, 0, n, "bounceType");
		int transient = bt != NULL && strcasecmp(bt, "Transient") == 0;

		free(bt);
		i = js_find(p, 0, n, "bouncedRecipients");
		end = i < n && p[i] == '[' ? js_close(p, n, i) : i;
		while (i < end) {
			size_t os, oe;
			const char *q = memchr(p + i, '{', end - i);
			struct cand x;
			char *a;

			if (q == NULL)
				break;
			os = (size_t)(q - p);
			oe = js_close(p, end, os);
			memset(&x, 0, sizeof(x));
			a = js_get(p, os, oe, "emailAddress");
			x.addr = a ? addr_check(a, strlen(a)) : NULL;
			free(a);
			x.action = js_get(p, os, oe, "action");
			x.status = js_get(p, os, oe, "status");
			x.diag = js_get(p, os, oe, "diagnosticCode");
			if (x.diag != NULL) {
				char *d = strip_type(x.diag);

				free(x.diag);
				x.diag = d;
			}
			if (x.action == NULL)
				x.action = xstrdup(transient ? "delayed" :
				    "failed");
			cand_add(c, &x);
			i = oe > os ? oe : os + 1;
		}
	}
}

/* ses_type: "Bounce", "Complaint", "Delivery" for an SES notification */
static char *
ses_type(const struct mail *m)
{
	const char *at = m->from_addr ? strchr(m->from_addr, '@') : NULL;
	size_t n;

	if (at == NULL || !str_suffix_ci(at, "amazonaws.com") ||
	    m->text == NULL)
		return NULL;
	n = cap_len(strlen(m->text));
	return js_get(m->text, 0, n, "notificationType");
}

/* ---- VERP ---- */

static int
token_char(unsigned char ch)
{
	return isalnum(ch) || ch == '.' || ch == '_' || ch == '=' || ch == '-';
}

char *
bounce_verp_token(const char *addr, const char *verp_base)
{
	const char *at, *bat, *plus, *t;
	size_t bl, tl, i;

	if (addr == NULL || verp_base == NULL ||
	    (bat = strchr(verp_base, '@')) == NULL || bat == verp_base)
		return NULL;
	bl = (size_t)(bat - verp_base);
	if (strncasecmp(addr, verp_base, bl) != 0 || addr[bl] != '+')
		return NULL;
	plus = addr + bl;
	if ((at = strchr(plus, '@')) == NULL ||
	    strcasecmp(at + 1, bat + 1) != 0)
		return NULL;
	t = plus + 1;
	tl = (size_t)(at - t);
	if (tl == 0 || tl > BOUNCE_MAX_TOKEN)
		return NULL;
	for (i = 0; i < tl; i++)
		if (!token_char((unsigned char)t[i]))
			return NULL;
	return xstrndup(t, tl);
}

/* verp_in: the first bounces+TOKEN@domain in (p, n), as its token */
static char *
verp_in(const char *p, size_t n, const char *base)
{
	const char *bat = strchr(base, '@');
	size_t bl = (size_t)(bat - base), dl = strlen(bat + 1), off = 0;
	char needle[80];
	const char *q;

	if (bl + 2 > sizeof(needle))
		return NULL;
	memcpy(needle, base, bl);
	needle[bl] = '+';
	needle[bl + 1] = '\0';
	n = cap_len(n);
	while (off < n && (q = mem_find_ci(p + off, n - off, needle)) != NULL) {
		size_t s = (size_t)(q - p), i = s + bl + 1, ts = i;

		off = s + 1;
		if (s > 0 && local_char((unsigned char)p[s - 1]) &&
		    p[s - 1] != '=')
			continue;
		while (i < n && i - ts <= BOUNCE_MAX_TOKEN &&
		    token_char((unsigned char)p[i]))
			i++;
		if (i == ts || i - ts > BOUNCE_MAX_TOKEN || i >= n || p[i] != '@')
			continue;
		if (n - i - 1 < dl || strncasecmp(p + i + 1, bat + 1, dl) != 0)
			continue;
		if (i + 1 + dl < n && domain_char((unsigned char)p[i + 1 + dl]) &&
		    p[i + 1 + dl] != '.')
			continue;
		return xstrndup(p + ts, i - ts);
	}
	return NULL;
}

static void
find_verp(struct ctx *c)
{
	static const char *const names[] = {
		"To", "Delivered-To", "X-Original-To", "Envelope-To",
		"X-Envelope-To", "X-Original-Recipient", "X-Rcpt-To", "Cc",
	};
	const struct mail *m = c->m;
	const char *base = c->verp_base, *v;
	size_t i, k;

	if (base == NULL || strchr(base, '@') == NULL || base[0] == '@')
		return;
	for (i = 0; i < ARRAY_SIZE(names) && !c->r->verp_token; i++)
		for (k = 0; !c->r->verp_token &&
		    (v = header_any(m, names[i], &k)) != NULL;)
			c->r->verp_token = verp_in(v, strlen(v), base);
	for (i = 0; i < m->n_rcpt && !c->r->verp_token; i++)
		c->r->verp_token = bounce_verp_token(m->rcpt[i], base);
	if (!c->r->verp_token && c->have_ret &&
	    (v = hblock_value(&c->ret, "Return-Path")) != NULL)
		c->r->verp_token = verp_in(v, strlen(v), base);
	if (!c->r->verp_token && c->r->original_mail_from != NULL)
		c->r->verp_token = bounce_verp_token(c->r->original_mail_from,
		    base);
	for (i = 0; c->have_ret && i < c->ret.n && !c->r->verp_token; i++)
		c->r->verp_token = verp_in(c->ret.v[i].value,
		    strlen(c->ret.v[i].value), base);
	for (i = 0; i < m->n_parts && !c->r->verp_token; i++)
		c->r->verp_token = verp_in((const char *)m->parts[i].data,
		    m->parts[i].len, base);
}

static void
find_message_id(struct ctx *c)
{
	const char *v, *lt, *gt;
	char *id;

	if (c->r->original_message_id != NULL || !c->have_ret ||
	    (v = hblock_value(&c->ret, "Message-ID")) == NULL)
		return;
	lt = strchr(v, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL)
		id = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	else
		id = xstrdup(v);
	{
		char *t = str_trim(id);

		if (*t != '\0' && strlen(t) <= 998)
			c->r->original_message_id = xstrdup(t);
	}
	free(id);
}

/* ---- the report ---- */

static enum bounce_action
action_parse(const char *v, int delayed)
{
	if (v != NULL) {
		if (str_prefix_ci(v, "fail"))
			return BOUNCE_FAILED;
		if (str_prefix_ci(v, "delay"))
			return BOUNCE_DELAYED;
		if (str_prefix_ci(v, "deliver"))
			return BOUNCE_DELIVERED;
		if (str_prefix_ci(v, "relay"))
			return BOUNCE_RELAYED;
		if (str_prefix_ci(v, "expand"))
			return BOUNCE_EXPANDED;
	}
	return delayed ? BOUNCE_DELAYED : BOUNCE_FAILED;
}

/*
 * telling_line: the line of the human text that says most, for a
 * recipient the text says nothing about in particular: the first with an
 * SMTP or status code, else the first naming a specific reason, else the
 * first naming a vague one.
 */
static void
telling_line(struct ctx *c)
{
	const char *h = c->human.data;
	size_t off = 0, ls, le, n = cap_len(c->human.len), at = 0;

	c->telling_done = 1;
	if (h == NULL)
		return;
	while (line_next(h, n, &off, &ls, &le))
		if (has_code(h + ls, le - ls)) {
			c->telling = compact(h + ls, le - ls, BOUNCE_MAX_DIAG);
			return;
		}
	/* no phrase holds a line end: the line of the phrase found at the
	 * lowest offset is the first line that names one */
	if (!bounce_phrase_earliest(c->phrases, h, n, &at))
		return;
	for (ls = at; ls > 0 && h[ls - 1] != '\n' && h[ls - 1] != '\r'; ls--)
		;
	for (le = at; le < n && h[le] != '\n' && h[le] != '\r'; le++)
		;
	c->telling = compact(h + ls, le - ls, BOUNCE_MAX_DIAG);
}

/* finish: each candidate into a report entry */
static void
finish(struct ctx *c)
{
	struct bounce_report *r = c->r;
	char *human_all = NULL;
	size_t i;

	if (c->nc == 0)
		return;
	r->rcpts = xcalloc(c->nc, sizeof(*r->rcpts));
	for (i = 0; i < c->nc; i++) {
		struct cand *x = &c->c[i];
		struct bounce_rcpt *o = &r->rcpts[r->n_rcpts++];
		char *block = NULL, *diag = NULL, st[16] = "", dst[16];
		const char *why = NULL, *dsrc;
		int temp, signal = 0;

		o->recipient = x->addr;
		x->addr = NULL;
		o->original_recipient = x->orig;
		x->orig = NULL;
		o->remote_mta = x->remote_mta;
		x->remote_mta = NULL;
		o->action = action_parse(x->action, c->delayed);
		if (x->action == NULL && x->status != NULL &&
		    x->status[0] == '2')
			o->action = BOUNCE_DELIVERED;

		if (x->diag == NULL && x->status != NULL &&
		    strlen(x->status) > 8) {
			/* "Status: 5.4.4 (Illegal host/domain name found)" */
			x->diag = x->status;
			x->status = xstrdup(x->diag);
		}
		if (x->diag != NULL && x->diag[0] != '\0') {
			diag = compact(x->diag, strlen(x->diag), BOUNCE_MAX_DIAG);
			if (x->score > 0)
				free(block_diag(c, x->pos, &block, &signal));
		} else if (x->score > 0) {
			diag = block_diag(c, x->pos, &block, &signal);
			if (!signal) {
				/* the words about it say nothing: the text's */
				if (!c->telling_done)
					telling_line(c);
				if (c->telling != NULL) {
					free(diag);
					diag = xstrdup(c->telling);
				}
			}
		}
		if (block == NULL && diag == NULL && c->human.len > 0) {
			if (human_all == NULL)
				human_all = compact(c->human.data, c->human.len,
				    BLOCK_MAX);
			dsrc = human_all;
		} else
			dsrc = block;
		if (diag == NULL && dsrc != NULL) {
			if (!c->telling_done)
				telling_line(c);
			if (c->telling != NULL)
				diag = xstrdup(c->telling);
		}
		o->diagnostic = diag;

		/* status: the DSN's, made specific by the diagnostic's */
		if (x->status != NULL && status_find(x->status,
		    strlen(x->status), dst))
			memcpy(st, dst, sizeof(st));
		if (diag != NULL && status_find(diag, strlen(diag), dst) &&
		    (st[0] == '\0' || (strncmp(st + 1, ".0.0", 4) == 0 &&
		    st[5] == '\0' && dst[0] == st[0])))
			memcpy(st, dst, sizeof(st));
		o->reply_code = diag != NULL ? reply_find(diag, strlen(diag)) :
		    0;

		/* the reason: specific words, the status, the words around
		 * it, then vague words */
		why = reason_words(c->phrases, diag, diag ? strlen(diag) : 0, 0);
		if (why == NULL)
			why = reason_status(st);
		if (why == NULL && dsrc != NULL)
			why = reason_words(c->phrases, dsrc, strlen(dsrc), 0);
		if (why == NULL && dsrc != human_all && c->nc == 1 &&
		    c->human.len > 0) {
			/* a notice about one recipient: its words anywhere */
			if (human_all == NULL)
				human_all = compact(c->human.data, c->human.len,
				    BLOCK_MAX);
			why = reason_words(c->phrases, human_all, human_all ?
			    strlen(human_all) : 0, 0);
		}
		if (why == NULL)
			why = reason_words(c->phrases, diag, diag ? strlen(diag) : 0, 1);
		if (why == NULL && dsrc != NULL)
			why = reason_words(c->phrases, dsrc, strlen(dsrc), 1);
		if (why == NULL)
			why = "undefined";
		/*
		 * "User unknown" is proof of a dead mailbox only when the
		 * status code agrees or the server said it to RCPT TO: after
		 * DATA it is a filter in disguise (Japanese mobile carriers,
		 * content filters), after MAIL FROM it is about the sender.
		 */
		if (strcmp(why, "userunknown") == 0 &&
		    !sure_unknown(diag, diag ? strlen(diag) : 0) &&
		    !sure_unknown(dsrc, dsrc ? strlen(dsrc) : 0)) {
			const char *sr = reason_status(st);
			enum cmd_answered cmd;

			cmd = answered_cmd(diag, diag ? strlen(diag) : 0);
			if (cmd == CMD_NONE)
				cmd = answered_cmd(dsrc, dsrc ? strlen(dsrc) : 0);
			if (cmd == CMD_NONE && c->human.data != NULL)
				cmd = answered_cmd(c->human.data, c->human.len);
			if (cmd == CMD_RCPT)
				;
			else if (sr != NULL && strcmp(sr, "userunknown") != 0)
				why = sr;
			else if (sr == NULL && cmd == CMD_MAIL)
				why = "rejected";
			else if (sr == NULL)
				why = "filtered";
		}

		temp = st[0] == '4' || (st[0] == '\0' && o->reply_code / 100 == 4);
		if (st[0] == '\0') {
			const char *d = status_for_reason(why, temp ||
			    o->action == BOUNCE_DELAYED);

			if (d != NULL)
				snprintf(st, sizeof(st), "%s", d);
			else if (o->reply_code >= 200)
				snprintf(st, sizeof(st), "%d.0.0",
				    o->reply_code / 100);
			else if (o->action == BOUNCE_FAILED)
				snprintf(st, sizeof(st), "5.0.0");
			else if (o->action == BOUNCE_DELAYED)
				snprintf(st, sizeof(st), "4.0.0");
			else
				snprintf(st, sizeof(st), "2.0.0");
		}
		memcpy(o->status, st, sizeof(o->status));
		switch (o->action) {
		case BOUNCE_FAILED:
			o->reason = why;
			o->hard = bounce_reason_hard(why) && st[0] != '4' &&
			    st[0] != '2';
			break;
		case BOUNCE_DELAYED:
			o->reason = "delayed";
			o->hard = -1;
			break;
		default:
			o->reason = "delivered";
			o->hard = -1;
			break;
		}
		free(block);
	}
	free(human_all);
}

static void
build_excludes(struct ctx *c)
{
	/* not X-Original-To: DragonFly's notices name the failed recipient
	 * there */
	static const char *const own[] = { "From", "Sender", "Reply-To",
	    "Return-Path", "To", "Cc", "Delivered-To", "Envelope-To",
	    "X-Envelope-To" };
	static const char *const theirs[] = { "From", "Sender", "Reply-To",
	    "Return-Path", "Errors-To", "Message-ID" };
	const struct mail *m = c->m;
	size_t i, k;
	const char *v;

	for (i = 0; i < ARRAY_SIZE(own); i++)
		for (k = 0; (v = header_any(m, own[i], &k)) != NULL;)
			exclude_value(c, v);
	for (i = 0; c->have_ret && i < ARRAY_SIZE(theirs); i++)
		exclude_value(c, hblock_value(&c->ret, theirs[i]));
}

/* xfr_collect: the addresses of X-Failed-Recipients (Exim, Gmail) */
static void
xfr_collect(struct ctx *c)
{
	const struct mail *m = c->m;
	const char *v;
	size_t k = 0;

	while ((v = header_any(m, "X-Failed-Recipients", &k)) != NULL) {
		size_t off = 0, as, ae, n = cap_len(strlen(v)), t = 0;

		while (addr_scan(v, n, &off, &as, &ae) &&
		    t++ < BOUNCE_MAX_RCPTS) {
			struct cand x;

			memset(&x, 0, sizeof(x));
			x.addr = addr_check(v + as, ae - as);
			cand_add(c, &x);
		}
	}
}

/* ret_collect: the returned message's To and Cc, the last resort */
static void
ret_collect(struct ctx *c)
{
	static const char *const names[] = { "To", "Cc" };
	size_t i, k;

	for (i = 0; c->have_ret && i < ARRAY_SIZE(names); i++)
		for (k = 0; k < c->ret.n; k++) {
			const char *v;
			size_t off = 0, as, ae, n, t = 0;

			if (strcasecmp(c->ret.v[k].name, names[i]) != 0)
				continue;
			v = c->ret.v[k].value;
			n = strlen(v);
			while (addr_scan(v, n, &off, &as, &ae) &&
			    t++ < BOUNCE_MAX_RCPTS) {
				struct cand x;

				memset(&x, 0, sizeof(x));
				x.addr = addr_check(v + as, ae - as);
				if (x.addr != NULL && excluded(c, x.addr)) {
					free(x.addr);
					continue;
				}
				cand_add(c, &x);
			}
		}
}

static struct bounce_report *parse(const struct mail *m,
    const char *verp_base, const struct bounce_phrases *phrases, int depth);

/*
 * inner_bounce: a notice about a notice (a bounce returned, or forwarded
 * by a relay): the first returned message that is itself a bounce with
 * recipients, parsed one level down only.
 */
static struct bounce_report *
inner_bounce(const struct mail *m, const char *verp_base,
    const struct bounce_phrases *phrases)
{
	size_t i;

	for (i = 0; i < m->n_parts; i++) {
		const struct mail_part *pt = &m->parts[i];
		struct mail *im = NULL;
		struct bounce_report *ir;
		const char *err;

		if (strcmp(pt->content_type, "message/rfc822") != 0 &&
		    strcmp(pt->content_type, "message/global") != 0)
			continue;
		if (mime_parse((const char *)pt->data, pt->len, NULL, &im,
		    &err) != MIME_OK)
			continue;
		ir = parse(im, verp_base, phrases, 1);
		mail_free(im);
		if ((ir->kind == BOUNCE_DSN || ir->kind == BOUNCE_NONSTANDARD) &&
		    ir->n_rcpts > 0)
			return ir;
		bounce_report_free(ir);
	}
	return NULL;
}

int
bounce_parse(const struct mail *m, const char *verp_base,
    const struct bounce_phrases *phrases, struct bounce_report **report_r,
    const char **error_r)
{
	*report_r = NULL;
	if (m == NULL) {
		*error_r = "no message";
		return -1;
	}
	if (phrases == NULL) {
		*error_r = "no bounce phrases";
		return -1;
	}
	*report_r = parse(m, verp_base, phrases, 0);
	return 0;
}

static struct bounce_report *
parse(const struct mail *m, const char *verp_base,
    const struct bounce_phrases *phrases, int depth)
{
	struct bounce_report *r, *inner = NULL;
	struct ctx c;
	const char *why;
	char *ses;
	size_t i;

	r = xcalloc(1, sizeof(*r));
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.r = r;
	c.phrases = phrases;
	c.verp_base = verp_base != NULL && verp_base[0] != '\0' ? verp_base :
	    NULL;
	r->why = "neither a bounce nor a complaint";

	collect(&c);
	if ((why = classify_complaint_reason(m)) != NULL) {
		r->kind = BOUNCE_FEEDBACK;
		r->why = why;
		arf_parse(&c);
	} else if ((ses = ses_type(m)) != NULL) {
		ses_parse(&c, m->text, cap_len(strlen(m->text)), ses);
		free(ses);
	} else {
		int report = m->report_type != NULL &&
		    strcmp(m->report_type, "delivery-status") == 0;
		int text_ok = report || daemon_sender(m) ||
		    failure_subject(m->subject);

		build_excludes(&c);
		if (dsn_collect(&c, text_ok) || report) {
			r->kind = BOUNCE_DSN;
			r->why = report ? "multipart/report delivery-status" :
			    "delivery-status fields";
		} else if ((why = nonstandard_why(&c)) != NULL) {
			r->kind = BOUNCE_NONSTANDARD;
			r->why = why;
		}
		if (r->kind != BOUNCE_NONE) {
			if (c.nc == 0)
				xfr_collect(&c);
			if (c.nc > 0)
				prose_scan(&c, 1);
			else
				prose_scan(&c, 0);
			if (c.nc == 0 && depth == 0)
				inner = inner_bounce(m, c.verp_base, phrases);
			if (c.nc == 0 && inner == NULL)
				ret_collect(&c);
			if (r->kind == BOUNCE_NONSTANDARD)
				c.delayed = prose_delayed(&c);
		}
	}
	if (inner != NULL) {
		r->rcpts = inner->rcpts;
		r->n_rcpts = inner->n_rcpts;
		r->rcpts_cut = inner->rcpts_cut;
		inner->rcpts = NULL;
		inner->n_rcpts = 0;
		if (r->verp_token == NULL) {
			r->verp_token = inner->verp_token;
			inner->verp_token = NULL;
		}
		if (r->original_message_id == NULL) {
			r->original_message_id = inner->original_message_id;
			inner->original_message_id = NULL;
		}
		bounce_report_free(inner);
	} else if (r->kind == BOUNCE_DSN || r->kind == BOUNCE_NONSTANDARD)
		finish(&c);
	if (c.verp_base != NULL)
		find_verp(&c);
	find_message_id(&c);

	for (i = 0; i < c.nc; i++)
		cand_free(&c.c[i]);
	free(c.c);
	for (i = 0; i < c.n_exclude; i++)
		free(c.exclude[i]);
	hblock_free(&c.ret);
	buf_free(&c.human);
	free(c.telling);
	return r;
}

void
bounce_report_free(struct bounce_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_rcpts; i++) {
		free(r->rcpts[i].recipient);
		free(r->rcpts[i].original_recipient);
		free(r->rcpts[i].diagnostic);
		free(r->rcpts[i].remote_mta);
	}
	free(r->rcpts);
	free(r->verp_token);
	free(r->original_message_id);
	free(r->reporting_mta);
	free(r->feedback_type);
	for (i = 0; i < r->n_complainants; i++)
		free(r->complainants[i]);
	free(r->complainants);
	free(r->original_mail_from);
	free(r->user_agent);
	free(r);
}

const char *
bounce_kind_name(enum bounce_kind k)
{
	switch (k) {
	case BOUNCE_DSN:
		return "dsn";
	case BOUNCE_NONSTANDARD:
		return "nonstandard";
	case BOUNCE_FEEDBACK:
		return "feedback";
	default:
		return "none";
	}
}

const char *
bounce_action_name(enum bounce_action a)
{
	switch (a) {
	case BOUNCE_DELAYED:
		return "delayed";
	case BOUNCE_DELIVERED:
		return "delivered";
	case BOUNCE_RELAYED:
		return "relayed";
	case BOUNCE_EXPANDED:
		return "expanded";
	default:
		return "failed";
	}
}

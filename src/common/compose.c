/*
 * compose.c — one outgoing message as RFC 5322 bytes (compose.h): the
 * header block (Date, From, To, Subject, Message-ID, MIME-Version, list
 * headers, threading headers), then a text/plain part or a
 * multipart/alternative of text/plain and text/html, both UTF-8 and
 * quoted-printable.  CRLF line ends everywhere.
 *
 * Ownership: nothing is kept; the caller's struct buf receives the
 * message, *error_r is malloc'd for the caller.
 *
 * SECURITY: subscriber names and addresses come from strangers (a
 * subscription mail), In-Reply-To/References from their mails.  No
 * caller string reaches a header unfiltered: values are cleaned of CR,
 * LF and every control character, addresses are checked against a strict
 * character set, anything ASCII that could be taken for an encoded word
 * is itself encoded, and header lines are folded to <= 78 columns (every
 * input is capped so no line can pass 998).  Bodies are quoted-printable,
 * so no body byte can form a header, a boundary or an over-long line.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "compose.h"
#include "util.h"

#define MAX_ADDR     254   /* RFC 5321 path limit */
#define MAX_NAME     512   /* display name bytes after cleaning */
#define MAX_SUBJECT  2048  /* subject bytes after cleaning */
#define MAX_URL      900   /* keeps List-Unsubscribe lines < 998 */
#define MAX_DOMAIN   253
#define MAX_LISTID   255
#define MAX_ID       250   /* one message id in In-Reply-To/References */
#define MAX_REFS     20    /* the most recent ones are kept */
#define HDR_WIDTH    78    /* RFC 5322 2.1.1 SHOULD */
#define WORD_MAX     75    /* RFC 2047 2: encoded-word length */
#define QP_WIDTH     76    /* RFC 2045 6.7 (5) */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
compose_random_hex(char *out, size_t n)
{
	unsigned char r[64];
	size_t got = 0, i;
	ssize_t k;

	if (n > sizeof(r))
		return -1;
	while (got < n) {
		k = getrandom(r + got, n - got, 0);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)k;
	}
	for (i = 0; i < n; i++) {
		out[2 * i] = "0123456789abcdef"[r[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[r[i] & 15];
	}
	out[2 * n] = '\0';
	return 0;
}

/* ---- checks on caller values ---- */

static int
domain_ok(const char *d, size_t max)
{
	const char *p;

	if (d == NULL || *d == '\0' || strlen(d) > max || *d == '.' ||
	    *d == '-')
		return 0;
	for (p = d; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			return 0;
	return 1;
}

static int
atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL;
}

int
compose_addr_ok(const char *a, size_t n)
{
	const char *e = a + n, *at = NULL, *p;
	size_t label = 0;

	if (a == NULL || n < 3 || n > MAX_ADDR)
		return 0;
	for (p = a; p < e; p++)
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	if (at == NULL || at == a || at - a > 64 || at + 1 == e)
		return 0;
	/* dot-atom: atext runs separated by single dots */
	for (p = a; p < at; p++) {
		if (*p == '.') {
			if (p == a || p + 1 == at || p[1] == '.')
				return 0;
		} else if (!atext((unsigned char)*p))
			return 0;
	}
	/* domain: LDH labels of 1-63 bytes, not starting or ending with '-' */
	for (p = at + 1; p <= e; p++) {
		if (p == e || *p == '.') {
			if (label == 0 || label > 63 || p[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p == '-' && label > 0)))
			return 0;
		label++;
	}
	return 1;
}

/* addr_ok: compose_addr_ok of a string */
static int
addr_ok(const char *a)
{
	return a != NULL && compose_addr_ok(a, strlen(a));
}

/* id_ok: the inside of <...> in a msg-id; no blanks, controls, <>. */
static int
id_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MAX_ID)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || c == '<' || c == '>')
			return 0;
	}
	return 1;
}

/* url_ok: https, printable ASCII without blanks and angle brackets. */
static int
url_ok(const char *u)
{
	const char *p;

	if (u == NULL || strncmp(u, "https://", 8) != 0 || u[8] == '\0' ||
	    strlen(u) > MAX_URL)
		return 0;
	for (p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '<' || *p == '>' || *p == '"')
			return 0;
	return 1;
}

/* clean: a copy that is valid UTF-8 with no control character at all
 * (CR, LF and TAB included), outer blanks trimmed, cut to at most max
 * bytes between two characters. */
static char *
clean(const char *s, size_t max)
{
	char *c, *t, *r;
	size_t n;

	c = utf8_clean(s, strlen(s), 0);
	t = str_trim(c);
	n = strlen(t);
	if (n > max) {
		t[utf8_prefix(t, n, max)] = '\0';
		t = str_trim(t);
	}
	r = xstrdup(t);
	free(c);
	return r;
}

/* ---- header output ---- */

struct hdr {
	struct buf *out;
	size_t col;        /* bytes on the current output line */
	int err;
};

static void
h_put(struct hdr *h, const char *s, size_t n)
{
	if (buf_append(h->out, s, n) < 0)
		h->err = 1;
	h->col += n;
}

static void
h_str(struct hdr *h, const char *s)
{
	h_put(h, s, strlen(s));
}

/* h_fold: a new continuation line (the caller then writes its blank). */
static void
h_fold(struct hdr *h)
{
	if (buf_append(h->out, "\r\n", 2) < 0)
		h->err = 1;
	h->col = 0;
}

/* h_item: an item preceded by a blank, on this line if it fits. */
static void
h_item(struct hdr *h, const char *s, size_t n)
{
	if (h->col + 1 + n > HDR_WIDTH)
		h_fold(h);
	h_put(h, " ", 1);
	h_put(h, s, n);
}

/* h_end: the field's last line ends as a folded one does */
static void
h_end(struct hdr *h)
{
	h_fold(h);
}

static void
h_start(struct hdr *h, const char *name)
{
	h->col = 0;
	h_str(h, name);
	h_put(h, ":", 1);
}

static size_t
u8seq(const unsigned char *s, size_t n)
{
	size_t l, i;

	if (s[0] < 0x80)
		return 1;
	l = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	if (l > n)
		return 1;
	for (i = 1; i < l; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return l;
}

/*
 * h_words: s as RFC 2047 "B" encoded words, each <= 75 bytes and split
 * only between UTF-8 characters, folded so no line passes 78 columns.
 * Adjacent encoded words are joined without their blank when decoded
 * (RFC 2047 6.2), so the text comes back exactly.
 */
static void
h_words(struct hdr *h, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char word[WORD_MAX + 1];
	size_t i = 0, take, l, room, maxbytes, w, k;

	while (i < n) {
		/* room for the word on this line after a blank, or fold */
		room = h->col + 1 < HDR_WIDTH ? HDR_WIDTH - h->col - 1 : 0;
		if (room > WORD_MAX)
			room = WORD_MAX;
		if (room < 12 + 8) {
			h_fold(h);
			room = WORD_MAX;
		}
		maxbytes = (room - 12) / 4 * 3;
		take = 0;
		while (i + take < n) {
			l = u8seq(u + i + take, n - i - take);
			if (take + l > maxbytes)
				break;
			take += l;
		}
		if (take == 0)      /* cannot happen: maxbytes >= 6 */
			take = 1;
		memcpy(word, "=?UTF-8?B?", 10);
		w = 10;
		for (k = 0; k < take; k += 3) {
			unsigned v = (unsigned)u[i + k] << 16;
			size_t left = take - k;

			if (left > 1)
				v |= (unsigned)u[i + k + 1] << 8;
			if (left > 2)
				v |= u[i + k + 2];
			word[w++] = b64[(v >> 18) & 63];
			word[w++] = b64[(v >> 12) & 63];
			word[w++] = left > 1 ? b64[(v >> 6) & 63] : '=';
			word[w++] = left > 2 ? b64[v & 63] : '=';
		}
		word[w++] = '?';
		word[w++] = '=';
		h_put(h, " ", 1);
		h_put(h, word, w);
		i += take;
	}
}

/* needs_words: not plain printable ASCII, or looks like an encoded word */
static int
needs_words(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return 1;
	return strstr(s, "=?") != NULL || strstr(s, "?=") != NULL;
}

/*
 * h_text: unstructured text (Subject).  Plain ASCII is folded at its
 * blanks; a word too long to fold, or anything else, is encoded.
 */
static void
h_text(struct hdr *h, const char *s)
{
	const char *p, *e;
	size_t start = h->col;

	if (*s == '\0')
		return;
	if (!needs_words(s) && strstr(s, "  ") == NULL) {
		int fits = 1;

		for (p = s; *p; p = *e ? e + 1 : e) {
			e = strchr(p, ' ');
			if (e == NULL)
				e = p + strlen(p);
			if ((size_t)(e - p) + 1 > HDR_WIDTH - 1 - start) {
				fits = 0;
				break;
			}
		}
		if (fits) {
			for (p = s; *p; p = *e ? e + 1 : e) {
				e = strchr(p, ' ');
				if (e == NULL)
					e = p + strlen(p);
				h_item(h, p, (size_t)(e - p));
			}
			return;
		}
	}
	h_words(h, s, strlen(s));
}

/* h_phrase: a display name: atoms, a quoted string, or encoded words. */
static void
h_phrase(struct hdr *h, const char *s)
{
	struct buf q;
	const char *p;
	int special = 0;

	if (needs_words(s) || strlen(s) > 60) {
		h_words(h, s, strlen(s));
		return;
	}
	for (p = s; *p; p++)
		if (strchr("()<>[]:;@\\,.\"'", *p) != NULL)
			special = 1;
	if (!special && strstr(s, "  ") == NULL) {
		h_item(h, s, strlen(s));
		return;
	}
	buf_init(&q, 0);
	buf_putc(&q, '"');
	for (p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(&q, '\\');
		buf_putc(&q, *p);
	}
	buf_putc(&q, '"');
	if (q.len + 1 > HDR_WIDTH)      /* would not fit a line: encode */
		h_words(h, s, strlen(s));
	else
		h_item(h, q.data, q.len);
	buf_free(&q);
}

/* h_mailbox: [name] <addr> */
static void
h_mailbox(struct hdr *h, const char *name, const char *addr)
{
	char *a;

	if (name != NULL && *name != '\0')
		h_phrase(h, name);
	a = xasprintf("<%s>", addr);
	h_item(h, a, strlen(a));
	free(a);
}

/*
 * split_from: "Name" <addr>, Name <addr> or a bare addr; the name is
 * unquoted.  Returns -1 when there is no usable address.
 */
static int
split_from(const char *from, char **name_r, char **addr_r)
{
	const char *lt, *gt;
	char *name, *t;
	struct buf b;
	size_t i, n;

	*name_r = *addr_r = NULL;
	lt = strrchr(from, '<');
	if (lt == NULL) {
		t = xstrdup(from);
		*addr_r = xstrdup(str_trim(t));
		free(t);
		return addr_ok(*addr_r) ? 0 : -1;
	}
	gt = strchr(lt, '>');
	if (gt == NULL)
		return -1;
	for (i = 1; gt[i]; i++)
		if (gt[i] != ' ' && gt[i] != '\t')
			return -1;
	*addr_r = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	if (!addr_ok(*addr_r))
		return -1;
	t = xstrndup(from, (size_t)(lt - from));
	name = str_trim(t);
	n = strlen(name);
	buf_init(&b, 0);
	buf_append(&b, "", 0);
	if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
		for (i = 1; i + 1 < n; i++) {
			if (name[i] == '\\' && i + 2 < n)
				i++;
			buf_putc(&b, name[i]);
		}
	} else
		buf_puts(&b, name);
	free(t);
	*name_r = buf_steal(&b);
	return 0;
}

static void
h_date(struct hdr *h, time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const mons[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	long off;
	char d[64];
	int r;

	if (localtime_r(&t, &tm) == NULL) {
		gmtime_r(&t, &tm);
		tm.tm_gmtoff = 0;
	}
	off = tm.tm_gmtoff / 60;
	r = snprintf(d, sizeof(d), "%s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld",
	    days[tm.tm_wday % 7], tm.tm_mday, mons[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
	    (off < 0 ? -off : off) % 60);
	if (r < 0 || (size_t)r >= sizeof(d)) {
		h->err = 1;
		return;
	}
	h_start(h, "Date");
	h_item(h, d, (size_t)r);
	h_end(h);
}

/* h_ids: In-Reply-To / References: valid ids only, the last MAX_REFS */
static void
h_ids(struct hdr *h, const char *name, const char *v)
{
	const char *p = v, *s, *ids[MAX_REFS];
	size_t lens[MAX_REFS], n = 0, i, l;
	char *t;

	if (v == NULL)
		return;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
		    *p == ',')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\n' && *p != ',')
			p++;
		l = (size_t)(p - s);
		if (l >= 2 && s[0] == '<' && s[l - 1] == '>') {
			s++;
			l -= 2;
		}
		if (!id_ok(s, l))
			continue;
		if (n == MAX_REFS) {
			memmove(ids, ids + 1, sizeof(ids[0]) * (MAX_REFS - 1));
			memmove(lens, lens + 1, sizeof(lens[0]) * (MAX_REFS - 1));
			n--;
		}
		ids[n] = s;
		lens[n++] = l;
	}
	if (n == 0)
		return;
	h_start(h, name);
	for (i = 0; i < n; i++) {
		t = xasprintf("<%.*s>", (int)lens[i], ids[i]);
		h_item(h, t, strlen(t));
		free(t);
	}
	h_end(h);
}

char *
compose_from_address(const char *from)
{
	const char *lt = strrchr(from, '<'), *gt;
	char *name, *addr;

	if (split_from(from, &name, &addr) == 0) {
		free(name);
		return addr;
	}
	free(name);
	free(addr);
	if (lt != NULL && (gt = strchr(lt, '>')) != NULL)
		return xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return xstrdup(from);
}

char *
compose_from_name(const char *from)
{
	char *name, *addr;

	if (split_from(from, &name, &addr) < 0 || name == NULL ||
	    *name == '\0') {
		free(name);
		name = NULL;
	}
	free(addr);
	return name;
}

/* ---- quoted-printable (RFC 2045 6.7) ---- */

/*
 * qp_encode: text with LF or CRLF line ends as QP lines of at most 76
 * bytes ending in CRLF.  A soft break never falls inside an =XX escape or
 * a UTF-8 sequence; blanks before a line end are escaped; a lone CR is
 * escaped.  With soft_end, a final line without line end gets a soft
 * break so the message still ends in CRLF.
 */
static int
qp_encode(struct buf *out, const char *text, int soft_end)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, col = 0, l, k, w;
	char line[QP_WIDTH + 16];   /* the physical line being built */
	char unit[12];
	int eol;

	while (i < n) {
		if (s[i] == '\n' || (s[i] == '\r' && i + 1 < n &&
		    s[i + 1] == '\n')) {
			memcpy(line + col, "\r\n", 2);
			if (buf_append(out, line, col + 2) < 0)
				return -1;
			i += s[i] == '\r' ? 2 : 1;
			col = 0;
			continue;
		}
		if (s[i] >= 33 && s[i] <= 126 && s[i] != '=' &&
		    !(s[i] == 'F' && col == 0)) {
			/* the common case: a plain printable ASCII byte */
			if (col + 1 > QP_WIDTH - 1) {
				/* the last column is for a line's last unit */
				eol = i + 1 >= n ? !soft_end : s[i + 1] == '\n' ||
				    (s[i + 1] == '\r' && i + 2 < n &&
				    s[i + 2] == '\n');
				if (col + 1 > (eol ? QP_WIDTH : QP_WIDTH - 1)) {
					memcpy(line + col, "=\r\n", 3);
					if (buf_append(out, line, col + 3) < 0)
						return -1;
					col = 0;
				}
			}
			line[col++] = (char)s[i++];
			continue;
		}
		l = u8seq(s + i, n - i);
		eol = i + l >= n ? !soft_end : s[i + l] == '\n' ||
		    (s[i + l] == '\r' && i + l + 1 < n && s[i + l + 1] == '\n');
		w = 0;
		for (k = 0; k < l; k++) {
			unsigned char c = s[i + k];
			int lit = (c >= 33 && c <= 126 && c != '=') ||
			    ((c == ' ' || c == '\t') && !eol);

			/* "From " at a line start upsets mbox readers */
			if (c == 'F' && col == 0 && n - i >= 5 &&
			    memcmp(s + i, "From ", 5) == 0)
				lit = 0;
			if (lit)
				unit[w++] = (char)c;
			else {
				unit[w++] = '=';
				unit[w++] = "0123456789ABCDEF"[c >> 4];
				unit[w++] = "0123456789ABCDEF"[c & 15];
			}
		}
		/* the last unit of a line may use column 76, others keep
		 * one column for the soft break's '=' */
		if (col + w > (eol ? QP_WIDTH : QP_WIDTH - 1)) {
			memcpy(line + col, "=\r\n", 3);
			if (buf_append(out, line, col + 3) < 0)
				return -1;
			col = 0;
			/* a blank now ending a physical line stays literal:
			 * the '=' follows it (RFC 2045 6.7 (3)) */
		}
		memcpy(line + col, unit, w);
		col += w;
		i += l;
	}
	/* every line ends in CRLF: a soft break decodes to nothing */
	if (col > 0) {
		size_t tail = 0;

		if (soft_end) {
			memcpy(line + col, "=\r\n", 3);
			tail = 3;
		}
		if (buf_append(out, line, col + tail) < 0)
			return -1;
	}
	return 0;
}

/* h_delimiter: the line before a body part (RFC 2046 5.1.1) */
static void
h_delimiter(struct hdr *h, const char *boundary)
{
	h_str(h, "\r\n--");
	h_str(h, boundary);
	h_str(h, "\r\n");
}

/* h_text_part: a text/SUBTYPE part in UTF-8, quoted-printable */
static void
h_text_part(struct hdr *h, const char *subtype, const char *text,
    int soft_end)
{
	h_str(h, "Content-Type: text/");
	h_str(h, subtype);
	h_str(h, "; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	if (qp_encode(h->out, text, soft_end) < 0)
		h->err = 1;
}

static const char *
body_text(const char *s, char **tofree)
{
	*tofree = NULL;
	if (s == NULL)
		return "";
	if (utf8_valid(s, strlen(s)))
		return s;
	*tofree = utf8_clean(s, strlen(s), 1);
	return *tofree;
}

/* ---- the message ---- */

static int
id_local_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n && strstr(s, "..") == NULL;
}

static int
fail(char **error_r, const char *why)
{
	if (error_r != NULL)
		*error_r = xstrdup(why);
	return -1;
}

int
compose_message(const struct compose_msg *m, struct buf *out,
    char **error_r)
{
	struct hdr h = { out, 0, 0 };
	char *from_name = NULL, *from_addr = NULL, *to_name = NULL;
	char *subject = NULL, *f1 = NULL, *f2 = NULL, *t;
	const char *text, *html = NULL, *why = NULL;
	char hex[33], boundary[40];
	int tries, r = -1;

	if (error_r != NULL)
		*error_r = NULL;
	if (m->from == NULL || split_from(m->from, &f1, &from_addr) < 0) {
		why = "bad From address";
		goto done;
	}
	if (!addr_ok(m->to_addr)) {
		why = "bad recipient address";
		goto done;
	}
	if (m->reply_to != NULL && !addr_ok(m->reply_to)) {
		why = "bad Reply-To address";
		goto done;
	}
	if (m->unsub_mailto != NULL && !addr_ok(m->unsub_mailto)) {
		why = "bad unsubscribe address";
		goto done;
	}
	if (m->unsub_url != NULL && !url_ok(m->unsub_url)) {
		why = "unsubscribe URL is not a plain https URL";
		goto done;
	}
	if (!domain_ok(m->message_id_domain, MAX_DOMAIN)) {
		why = "bad Message-ID domain";
		goto done;
	}
	if (m->message_id_local != NULL && !id_local_ok(m->message_id_local)) {
		why = "bad Message-ID local part";
		goto done;
	}
	if (m->list_id != NULL && !domain_ok(m->list_id, MAX_LISTID)) {
		why = "bad List-Id";
		goto done;
	}
	/* a silly long name must not make a newsletter undeliverable */
	from_name = clean(f1 != NULL ? f1 : "", MAX_NAME);
	to_name = clean(m->to_name != NULL ? m->to_name : "", MAX_NAME);
	subject = clean(m->subject != NULL ? m->subject : "", MAX_SUBJECT);
	text = body_text(m->text, &f2);

	h_date(&h, m->date != 0 ? m->date : time(NULL));
	h_start(&h, "From");
	h_mailbox(&h, from_name, from_addr);
	h_end(&h);
	h_start(&h, "To");
	h_mailbox(&h, to_name, m->to_addr);
	h_end(&h);
	if (m->reply_to != NULL) {
		h_start(&h, "Reply-To");
		h_mailbox(&h, "", m->reply_to);
		h_end(&h);
	}
	h_start(&h, "Subject");
	h_text(&h, subject);
	h_end(&h);
	if (m->message_id_local == NULL && compose_random_hex(hex, 16) < 0) {
		why = "getrandom failed";
		goto done;
	}
	h_start(&h, "Message-ID");
	t = xasprintf("<%s@%s>", m->message_id_local != NULL ?
	    m->message_id_local : hex, m->message_id_domain);
	h_item(&h, t, strlen(t));
	free(t);
	h_end(&h);
	h_ids(&h, "In-Reply-To", m->in_reply_to);
	h_ids(&h, "References", m->references);
	if (m->list_id != NULL) {
		h_start(&h, "List-Id");
		t = xasprintf("<%s>", m->list_id);
		h_item(&h, t, strlen(t));
		free(t);
		h_end(&h);
	}
	if (m->unsub_mailto != NULL || m->unsub_url != NULL) {
		h_start(&h, "List-Unsubscribe");
		if (m->unsub_mailto != NULL) {
			t = xasprintf("<mailto:%s?subject=unsubscribe>%s",
			    m->unsub_mailto, m->unsub_url != NULL ? "," : "");
			h_item(&h, t, strlen(t));
			free(t);
		}
		if (m->unsub_url != NULL) {
			t = xasprintf("<%s>", m->unsub_url);
			h_item(&h, t, strlen(t));
			free(t);
		}
		h_end(&h);
		/* RFC 8058 3.1: one-click needs the https URI */
		if (m->unsub_url != NULL)
			h_str(&h, "List-Unsubscribe-Post: "
			    "List-Unsubscribe=One-Click\r\n");
	}
	if (m->bulk)
		h_str(&h, "Precedence: bulk\r\n");
	if (m->auto_replied)
		h_str(&h, "Auto-Submitted: auto-replied\r\n");
	h_str(&h, "MIME-Version: 1.0\r\n");

	if (m->html != NULL) {
		char *f3 = NULL;

		html = body_text(m->html, &f3);
		/* "=_" cannot occur in QP output, but check anyway */
		for (tries = 0;; tries++) {
			if (tries == 8 || compose_random_hex(hex, 16) < 0) {
				free(f3);
				why = "cannot make a MIME boundary";
				goto done;
			}
			if (snprintf(boundary, sizeof(boundary), "=_%s", hex) !=
			    34)
				continue;
			if (strstr(text, boundary) == NULL &&
			    strstr(html, boundary) == NULL)
				break;
		}
		h_str(&h, "Content-Type: multipart/alternative;\r\n"
		    " boundary=\"");
		h_str(&h, boundary);
		h_str(&h, "\"\r\n\r\nThis is a MIME message in two "
		    "formats.\r\n");
		h_delimiter(&h, boundary);
		h_text_part(&h, "plain", text, 0);
		h_delimiter(&h, boundary);
		h_text_part(&h, "html", html, 0);
		h_str(&h, "\r\n--");
		h_str(&h, boundary);
		h_str(&h, "--\r\n");
		free(f3);
	} else
		h_text_part(&h, "plain", text, 1);
	if (h.err) {
		why = "message larger than the output buffer's ceiling";
		goto done;
	}
	r = 0;
done:
	if (r < 0)
		fail(error_r, why != NULL ? why : "cannot compose");
	free(f1);
	free(f2);
	free(from_name);
	free(from_addr);
	free(to_name);
	free(subject);
	return r;
}

char *
compose_plus_address(const char *addr, const char *tag)
{
	const char *at = strrchr(addr, '@');

	if (at == NULL || (size_t)(at - addr) + 1 + strlen(tag) > 64)
		return xstrdup(addr);
	return xasprintf("%.*s+%s%s", (int)(at - addr), addr, tag, at);
}

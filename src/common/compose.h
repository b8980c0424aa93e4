/*
 * compose.h — build one outgoing mail (a newsletter issue for one
 * subscriber, an acknowledgement) as RFC 5322 / MIME bytes: CRLF line
 * ends, UTF-8, quoted-printable bodies (lines <= 76), RFC 2047 headers
 * folded to <= 78 columns.  The result is ready for SMTP DATA except for
 * dot-stuffing, which is the transport's job.
 */
#ifndef RECRUIT_COMPOSE_H
#define RECRUIT_COMPOSE_H

#include <time.h>

#include "util.h"

struct compose_msg {
	const char *from;              /* "Name" <addr>, Name <addr> or addr */
	const char *to_addr;           /* bare addr-spec */
	const char *to_name;           /* display name, UTF-8, or NULL */
	const char *reply_to;          /* bare addr-spec, or NULL */
	const char *subject;           /* UTF-8 */
	const char *message_id_domain; /* right side of the Message-ID */
	const char *message_id_local;  /* left side, [A-Za-z0-9._-]{1,64};
	                                * NULL: 32 random hex digits */
	const char *list_id;           /* "news.example.com", or NULL */
	const char *unsub_mailto;      /* addr-spec, or NULL */
	const char *unsub_url;         /* https URL, or NULL */
	int bulk;                      /* Precedence: bulk */
	const char *in_reply_to;       /* message ids, with or without <>, or NULL */
	const char *references;        /* whitespace-separated ids, or NULL */
	int auto_replied;              /* Auto-Submitted: auto-replied */
	const char *text;              /* UTF-8 body, LF or CRLF line ends */
	const char *html;              /* UTF-8 HTML, or NULL: text/plain only */
	time_t date;                   /* 0: now */
};

/*
 * compose_message: appends the whole message to out (whose ceiling
 * applies).  Every header value from the caller is stripped of CR, LF and
 * control characters; names and subjects that are not plain ASCII (or
 * that contain "=?") go out as RFC 2047 encoded words; names are cut
 * at 512 bytes, the subject at 2048 (between UTF-8 characters).  Addresses
 * (to_addr, the From address, unsub_mailto) with blanks, controls,
 * '<' '>' ',' ';' '"' or not exactly one '@' are refused; so are an
 * unsub_url that is not https://, a bad Message-ID domain or List-Id.
 * Malformed ids in in_reply_to / references are dropped silently (they
 * come from strangers' mails).  List-Unsubscribe-Post (RFC 8058) is
 * added whenever unsub_url is set.
 *
 * Returns 0, or -1 with *error_r a malloc'd reason (the caller frees)
 * and out possibly holding a partial message (reset it).
 */
int compose_message(const struct compose_msg *m, struct buf *out,
    char **error_r);

/* compose_from_address / compose_from_name: the addr-spec and the
 * display name (unquoted) of a From value ("Name" <addr>, Name <addr> or
 * addr), as compose_message reads it; malloc'd.  The name is NULL when
 * there is none; for a value compose would refuse, the address is the
 * text between < and > (or the whole value) as written. */
char *compose_from_address(const char *from);
char *compose_from_name(const char *from);

/* compose_addr_ok: a[0, n) is one plain addr-spec that can go into a
 * header as it is: an RFC 5322 dot-atom local part of 1-64 bytes (RFC
 * 5321), '@', a host name of LDH labels of 1-63 bytes, 254 bytes in all;
 * nothing that could end a header or start another address.  The one
 * address check of configs, subscribers and outgoing mail. */
int compose_addr_ok(const char *a, size_t n);

/* compose_plus_address: LOCAL+TAG@DOMAIN of the plain address addr (our
 * own VERP and command addresses), or a copy of addr when the local part
 * would pass RFC 5321's 64 bytes or addr has no '@' */
char *compose_plus_address(const char *addr, const char *tag);

/* compose_random_hex: 2*n lowercase hex chars of getrandom() bytes into
 * out (2*n+1 bytes with NUL); n <= 64.  -1 when the CSPRNG fails. */
int compose_random_hex(char *out, size_t n);

#endif

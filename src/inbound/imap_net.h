/*
 * imap_net.h — the IMAP connection's transport: recruitd's own TCP socket
 * and GnuTLS session under libetpan, which only parses.  Every step of
 * the session (connect, TLS handshake, greeting, each command) runs under
 * one deadline and one byte budget, and a stop (the daemon's wake pipe
 * readable while *stop is set) ends any wait at once.
 */
#ifndef RECRUIT_IMAP_NET_H
#define RECRUIT_IMAP_NET_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

/* why a step failed on the transport (IMAP_NET_OK: it did not) */
enum imap_net_fail {
	IMAP_NET_OK = 0,
	IMAP_NET_TIMEOUT,      /* the deadline passed */
	IMAP_NET_CLOSED,       /* the server closed the connection */
	IMAP_NET_STOPPED,      /* *stop was set (SIGTERM) */
	IMAP_NET_BUDGET,       /* more bytes than the step's budget */
	IMAP_NET_LITERAL,      /* a literal announced over the budget */
	IMAP_NET_LINE,         /* a line over IMAP_NET_LINE_MAX */
	IMAP_NET_IO,           /* a system error (detail: strerror) */
	IMAP_NET_TLS,          /* a TLS error (detail: GnuTLS's text) */
	IMAP_NET_CONNECT,      /* no address accepted the connection */
};

/*
 * The byte meter of one step: counts what is read against the budget and
 * follows the IMAP stream just enough to see a literal announced ({N} at
 * a line's end) before libetpan allocates it, and to cap a line outside
 * literals.  Pure bookkeeping; the state survives from one step to the
 * next (a response may have been read ahead), the budget does not.
 */
struct imap_net_meter {
	size_t budget;           /* bytes the step may read */
	size_t used;             /* bytes read in the step */
	size_t line_len;         /* of the current line outside literals */
	uint64_t literal_left;   /* bytes of a literal still to come */
	uint64_t number;         /* the digits of a {N} being read */
	uint64_t announced;      /* IMAP_NET_LITERAL: the size announced */
	int state;
};

/* imap_net_meter_start: a new step with this budget (the scanner state
 * carries over). */
void imap_net_meter_start(struct imap_net_meter *m, size_t budget);
/* imap_net_meter_feed: account for n bytes just read; IMAP_NET_OK, or
 * IMAP_NET_BUDGET / IMAP_NET_LITERAL / IMAP_NET_LINE (the bytes must not
 * reach the parser; m->announced holds a literal's size). */
enum imap_net_fail imap_net_meter_feed(struct imap_net_meter *m,
    const char *p, size_t n);

/*
 * imap_net_sentence: the sentence a person reads for a failed step,
 * written into buf (size bytes; truncated with "..." if need be) and
 * returned.  server is "HOST:PORT", step as listed in recruitd.conf(5)
 * ("LOGIN", "UID FETCH"...), seconds the step's deadline, budget its byte
 * budget, announced a literal's size (IMAP_NET_LITERAL), detail the
 * system's or GnuTLS's reason (IMAP_NET_IO, _TLS, _CONNECT; may be NULL).
 */
const char *imap_net_sentence(char *buf, size_t size, enum imap_net_fail f,
    const char *server, const char *step, unsigned seconds, size_t budget,
    uint64_t announced, const char *detail);

/* imap_net_size: bytes as a person reads them ("512 bytes", "64.0 kB",
 * "1.2 MB"), into buf. */
const char *imap_net_size(char *buf, size_t size, uint64_t bytes);

struct imap_net;

/*
 * imap_net_new: a transport to host:port (nothing connected yet); each
 * step has timeout seconds.  wake_fd (-1: none) is watched for POLLIN,
 * never read; when it is readable and *stop (may be NULL) is set, the
 * step fails with IMAP_NET_STOPPED.  Freed with imap_net_free.
 */
struct imap_net *imap_net_new(const char *host, uint16_t port,
    unsigned timeout, int wake_fd, volatile const sig_atomic_t *stop);
/* imap_net_free: closes the socket and the TLS session (after the
 * mailimap that used the stream has been freed); NULL is a no-op. */
void imap_net_free(struct imap_net *net);

/* imap_net_server: "HOST:PORT" ("[v6]:PORT"), owned by net. */
const char *imap_net_server(const struct imap_net *net);

/* imap_net_begin: a new step named step (a static string) with a byte
 * budget and the configured deadline; imap_net_begin_within: the same
 * with its own deadline (seconds, e.g. a short LOGOUT).  A failure
 * of an earlier step stays (the connection is to be dropped). */
void imap_net_begin(struct imap_net *net, const char *step, size_t budget);
void imap_net_begin_within(struct imap_net *net, const char *step,
    size_t budget, unsigned seconds);

/* imap_net_connect: the TCP connection (every address of the host in
 * turn, non-blocking, within the current step's deadline). 0 or -1. */
int imap_net_connect(struct imap_net *net);
/* imap_net_tls: the TLS handshake on the connection (implicit TLS, or
 * after the server's STARTTLS answer), SNI unless host is an address,
 * then the chain checked against ca_file (NULL: the system store) and
 * the host name.  0 or -1 (the reason in imap_net_error). */
int imap_net_tls(struct imap_net *net, const char *ca_file);
/* imap_net_stream: a libetpan stream over this transport, for
 * mailimap_connect (which then owns the stream; the transport stays
 * net's).  Once per connection. */
mailstream *imap_net_stream(struct imap_net *net);

/* imap_net_failure: what failed on the transport, IMAP_NET_OK if
 * nothing did (then a libetpan error was the server's answer). */
enum imap_net_fail imap_net_failure(const struct imap_net *net);
/* imap_net_error: the sentence for the transport's failure in the
 * current step (imap_net_sentence), in a buffer owned by net, valid
 * until the next call. */
const char *imap_net_error(struct imap_net *net);
/* imap_net_step: the current step's name. */
const char *imap_net_step(const struct imap_net *net);

/* imap_net_pending: 1 when GnuTLS holds decrypted bytes not yet read
 * (poll(2) would not see them). */
int imap_net_pending(const struct imap_net *net);
/*
 * imap_net_wait_readable: waits up to seconds for the server to send
 * something (IDLE), or until wake_fd is readable and *wake is set (*wake
 * may be NULL; a readable pipe with *wake clear is a stale byte and is
 * then only checked every 200 ms).  1 readable, 0 timeout or woken, -1
 * stopped or a system error (IMAP_NET_STOPPED / _IO).
 */
int imap_net_wait_readable(struct imap_net *net, double seconds,
    volatile const sig_atomic_t *wake);

#endif

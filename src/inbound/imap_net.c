/*
 * imap_net.c — the IMAP session's transport: the TCP socket (getaddrinfo,
 * non-blocking connect), the GnuTLS session (implicit TLS or after
 * STARTTLS; chain and host name verified), and a libetpan low-level
 * stream driver over them, so that libetpan only parses.
 *
 * Every read and write is non-blocking and waits in poll(2) on the socket
 * and on the daemon's wake pipe (watched, never read), with the time left
 * until the current step's deadline: one deadline per step, not per read.
 * A stop (wake pipe readable and *stop set) fails the step at once.
 *
 * Ownership: struct imap_net owns the socket and the TLS session; the
 * mailstream made by imap_net_stream belongs to the mailimap it is given
 * to (its driver's close/free leave the transport alone), so a mailimap
 * is freed before its imap_net.
 *
 * SECURITY: the bytes are the server's.  Each step has a byte budget (what
 * was asked for plus a margin); the meter sees a literal's announced size
 * at the end of its line, before the parser allocates it, and caps lines
 * outside literals; past a bound the step fails and the session is
 * dropped.  Written bytes are wiped from libetpan's write buffer once
 * sent (the LOGIN password).  TLS: certificates are verified against
 * ca_file or the system store and the host name; nothing is sent before.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "imap_net.h"
#include "log.h"
#include "util.h"

/* a line outside literals: a UID SEARCH window of 10,000 UIDs is about
 * 110 kB, a server's text lines are short */
#define IMAP_NET_LINE_MAX (256u * 1024)
/* a stale wake byte (a signal other than a stop) is not watched; a stop
 * is then seen within this slice (and at once through EINTR) */
#define STALE_SLICE_MS 200

enum { SC_TEXT, SC_DIGITS, SC_CLOSE, SC_CR };

struct imap_net {
	char *host;
	uint16_t port;
	char server[300];
	unsigned timeout;
	int wake_fd;
	volatile const sig_atomic_t *stop;

	int fd;
	gnutls_session_t tls;
	gnutls_certificate_credentials_t cred;
	mailstream *stream;

	/* the current step */
	const char *step;
	unsigned seconds;
	double deadline;
	int wake_stale;
	struct imap_net_meter meter;
	enum imap_net_fail fail;
	char detail[256];
	char error[600];
};

/* ---- the meter (pure) ---- */

void
imap_net_meter_start(struct imap_net_meter *m, size_t budget)
{
	m->budget = budget;
	m->used = 0;
	m->announced = 0;
}

enum imap_net_fail
imap_net_meter_feed(struct imap_net_meter *m, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c;

		if (m->literal_left > 0) {
			size_t take = n - i;

			if ((uint64_t)take > m->literal_left)
				take = (size_t)m->literal_left;
			m->literal_left -= take;
			i += take;
			continue;
		}
		c = (unsigned char)p[i];
		switch (m->state) {
		case SC_DIGITS:
			if (c >= '0' && c <= '9') {
				/* saturate: any 20-digit number is over budget */
				if (m->number < UINT64_MAX / 100)
					m->number = m->number * 10 + (c - '0');
				break;
			}
			m->state = c == '}' ? SC_CLOSE : SC_TEXT;
			break;
		case SC_CLOSE:
			m->state = c == '\r' ? SC_CR : SC_TEXT;
			break;
		case SC_CR:
			m->state = SC_TEXT;
			if (c == '\n') {
				/* the bytes before and including this one,
				 * plus the literal, must fit */
				if (m->number > m->budget ||
				    m->used + i + 1 + m->number > m->budget) {
					m->announced = m->number;
					return IMAP_NET_LITERAL;
				}
				m->literal_left = m->number;
				m->line_len = 0;
				i++;
				continue;
			}
			break;
		default:
			break;
		}
		if (m->state == SC_TEXT && c == '{') {
			m->state = SC_DIGITS;
			m->number = 0;
		}
		if (c == '\n')
			m->line_len = 0;
		else if (++m->line_len > IMAP_NET_LINE_MAX)
			return IMAP_NET_LINE;
		i++;
	}
	m->used += n;
	if (m->used > m->budget)
		return IMAP_NET_BUDGET;
	return IMAP_NET_OK;
}

const char *
imap_net_size(char *buf, size_t size, uint64_t bytes)
{
	if (bytes < 1024)
		snprintf(buf, size, "%llu bytes", (unsigned long long)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(buf, size, "%.1f kB", (double)bytes / 1024);
	else
		snprintf(buf, size, "%.1f MB", (double)bytes / (1024 * 1024));
	return buf;
}

const char *
imap_net_sentence(char *buf, size_t size, enum imap_net_fail f,
    const char *server, const char *step, unsigned seconds, size_t budget,
    uint64_t announced, const char *detail)
{
	char b1[32], b2[32], b3[32];
	int n;

	if (detail == NULL || detail[0] == '\0')
		detail = "unknown error";
	switch (f) {
	case IMAP_NET_TIMEOUT:
		n = snprintf(buf, size, "mailbox server %s did not answer the "
		    "%s within %u s", server, step, seconds);
		break;
	case IMAP_NET_CLOSED:
		n = snprintf(buf, size, "mailbox server %s: connection closed "
		    "during %s", server, step);
		break;
	case IMAP_NET_STOPPED:
		n = snprintf(buf, size, "mailbox server %s: stopped during %s "
		    "(SIGTERM)", server, step);
		break;
	case IMAP_NET_BUDGET:
		n = snprintf(buf, size, "mailbox server %s: sent more than the "
		    "%s asked for in %s (the server is broken; disconnecting)",
		    server, imap_net_size(b1, sizeof(b1), budget), step);
		break;
	case IMAP_NET_LITERAL:
		n = snprintf(buf, size, "mailbox server %s: announced %s in %s, "
		    "more than the %s asked for (the server is broken; "
		    "disconnecting)", server,
		    imap_net_size(b2, sizeof(b2), announced), step,
		    imap_net_size(b1, sizeof(b1), budget));
		break;
	case IMAP_NET_LINE:
		n = snprintf(buf, size, "mailbox server %s: sent a line longer "
		    "than %s in %s (the server is broken; disconnecting)",
		    server, imap_net_size(b3, sizeof(b3), IMAP_NET_LINE_MAX),
		    step);
		break;
	case IMAP_NET_IO:
		n = snprintf(buf, size, "mailbox server %s: %s during %s",
		    server, detail, step);
		break;
	case IMAP_NET_TLS:
		n = snprintf(buf, size, "mailbox server %s: %s failed: %s",
		    server, step, detail);
		break;
	case IMAP_NET_CONNECT:
		n = snprintf(buf, size, "mailbox server %s: %s failed: %s",
		    server, step, detail);
		break;
	default:
		n = snprintf(buf, size, "mailbox server %s: %s failed", server,
		    step);
		break;
	}
	if (n < 0 || (size_t)n >= size) {
		if (size > 4)
			memcpy(buf + size - 4, "...", 4);
	}
	return buf;
}

/* ---- the transport ---- */

struct imap_net *
imap_net_new(const char *host, uint16_t port, unsigned timeout, int wake_fd,
    volatile const sig_atomic_t *stop)
{
	struct imap_net *net = xcalloc(1, sizeof(*net));

	net->host = xstrdup(host);
	net->port = port;
	if (strchr(host, ':') != NULL)
		snprintf(net->server, sizeof(net->server), "[%s]:%u", host,
		    port);
	else
		snprintf(net->server, sizeof(net->server), "%s:%u", host, port);
	net->timeout = timeout;
	net->wake_fd = wake_fd;
	net->stop = stop;
	net->fd = -1;
	net->step = "connect";
	net->seconds = timeout;
	net->deadline = time_mono() + timeout;
	imap_net_meter_start(&net->meter, 0);
	return net;
}

void
imap_net_free(struct imap_net *net)
{
	if (net == NULL)
		return;
	if (net->tls != NULL)
		gnutls_deinit(net->tls);
	if (net->cred != NULL)
		gnutls_certificate_free_credentials(net->cred);
	if (net->fd >= 0)
		close(net->fd);
	free(net->host);
	free(net);
}

const char *
imap_net_server(const struct imap_net *net)
{
	return net->server;
}

const char *
imap_net_step(const struct imap_net *net)
{
	return net->step;
}

enum imap_net_fail
imap_net_failure(const struct imap_net *net)
{
	return net->fail;
}

const char *
imap_net_error(struct imap_net *net)
{
	return imap_net_sentence(net->error, sizeof(net->error), net->fail,
	    net->server, net->step, net->seconds, net->meter.budget,
	    net->meter.announced, net->detail);
}

void
imap_net_begin_within(struct imap_net *net, const char *step, size_t budget,
    unsigned seconds)
{
	if (net->fail != IMAP_NET_OK)
		return;   /* the failed step keeps its name for the error */
	net->step = step;
	net->seconds = seconds;
	net->deadline = time_mono() + seconds;
	net->wake_stale = 0;
	imap_net_meter_start(&net->meter, budget);
}

void
imap_net_begin(struct imap_net *net, const char *step, size_t budget)
{
	imap_net_begin_within(net, step, budget, net->timeout);
}

static int
failed(struct imap_net *net, enum imap_net_fail f, const char *detail)
{
	if (net->fail == IMAP_NET_OK) {
		net->fail = f;
		snprintf(net->detail, sizeof(net->detail), "%s",
		    detail ? detail : "");
	}
	return -1;
}

/* stopping: the wake pipe is readable and *stop set; a readable pipe
 * without *stop is a stale byte: no longer watched in this step */
static int
stopping(struct imap_net *net, const struct pollfd *w)
{
	if (net->stop != NULL && *net->stop)
		return 1;
	if (w != NULL && (w->revents & POLLIN))
		net->wake_stale = 1;
	return 0;
}

/* net_poll: until fd is ready for events, within the step's deadline;
 * 0 ready, -1 failed (timeout, stop, system error) */
static int
net_poll(struct imap_net *net, int fd, short events)
{
	for (;;) {
		struct pollfd p[2];
		double left;
		int np = 1, ms, r;

		if (stopping(net, NULL))
			return failed(net, IMAP_NET_STOPPED, NULL);
		left = net->deadline - time_mono();
		if (left <= 0)
			return failed(net, IMAP_NET_TIMEOUT, NULL);
		ms = left > 3600 ? 3600 * 1000 : (int)(left * 1000) + 1;
		p[0].fd = fd;
		p[0].events = events;
		p[0].revents = 0;
		if (net->wake_fd >= 0 && net->stop != NULL) {
			if (net->wake_stale) {
				if (ms > STALE_SLICE_MS)
					ms = STALE_SLICE_MS;
			} else {
				p[1].fd = net->wake_fd;
				p[1].events = POLLIN;
				p[1].revents = 0;
				np = 2;
			}
		}
		r = poll(p, (nfds_t)np, ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return failed(net, IMAP_NET_IO, strerror(errno));
		}
		if (np == 2 && stopping(net, &p[1]))
			return failed(net, IMAP_NET_STOPPED, NULL);
		if (p[0].revents != 0)
			return 0;   /* POLLERR/POLLHUP: the call says what */
	}
}

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int
imap_net_connect(struct imap_net *net)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[8], why[200] = "no address";
	int r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	/* no AI_ADDRCONFIG: on a host whose only addresses are loopback it
	 * hides 127.0.0.1 itself; a family without a route fails at once
	 * and the next address is tried */
	snprintf(port, sizeof(port), "%u", net->port);
	/* getaddrinfo(3) blocks on a slow resolver; it has its own timeouts
	 * (resolv.conf), which the deadline cannot cut */
	r = getaddrinfo(net->host, port, &hints, &res);
	if (r != 0)
		return failed(net, IMAP_NET_CONNECT, gai_strerror(r));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		int err = 0;
		socklen_t len = sizeof(err);

		if (fd < 0) {
			snprintf(why, sizeof(why), "%s", strerror(errno));
			continue;
		}
		if (set_nonblock(fd) < 0) {
			snprintf(why, sizeof(why), "%s", strerror(errno));
			close(fd);
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			if (errno != EINPROGRESS) {
				snprintf(why, sizeof(why), "%s",
				    strerror(errno));
				close(fd);
				continue;
			}
			if (net_poll(net, fd, POLLOUT) < 0) {
				close(fd);
				break;   /* the deadline is for all addresses */
			}
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
			    &len) < 0)
				err = errno;
			if (err != 0) {
				snprintf(why, sizeof(why), "%s", strerror(err));
				close(fd);
				continue;
			}
		}
		net->fd = fd;
		break;
	}
	freeaddrinfo(res);
	if (net->fd < 0)
		return failed(net, IMAP_NET_CONNECT, why);
	return 0;
}

static int
tls_fail(struct imap_net *net, const char *what, int code)
{
	char b[240];

	snprintf(b, sizeof(b), "%s%s%s", what, code ? ": " : "",
	    code ? gnutls_strerror(code) : "");
	return failed(net, IMAP_NET_TLS, b);
}

static int
tls_verify(struct imap_net *net)
{
	gnutls_datum_t out = { NULL, 0 };
	unsigned status = 0;
	char b[240];
	int r;

	r = gnutls_certificate_verify_peers3(net->tls, net->host, &status);
	if (r < 0)
		return tls_fail(net, "cannot verify the certificate", r);
	if (status == 0)
		return 0;
	if (gnutls_certificate_verification_status_print(status,
	    GNUTLS_CRT_X509, &out, 0) == 0) {
		snprintf(b, sizeof(b), "certificate of %s not trusted: %s",
		    net->host, out.data);
		gnutls_free(out.data);
	} else
		snprintf(b, sizeof(b), "certificate of %s not trusted",
		    net->host);
	return failed(net, IMAP_NET_TLS, b);
}

int
imap_net_tls(struct imap_net *net, const char *ca_file)
{
	unsigned char a[16];
	int r;

	if (net->fail != IMAP_NET_OK || net->fd < 0)
		return -1;
	if (gnutls_certificate_allocate_credentials(&net->cred) < 0)
		return tls_fail(net, "cannot set up TLS", 0);
	if (ca_file != NULL)
		r = gnutls_certificate_set_x509_trust_file(net->cred, ca_file,
		    GNUTLS_X509_FMT_PEM);
	else
		r = gnutls_certificate_set_x509_system_trust(net->cred);
	if (r <= 0) {
		char b[240];

		snprintf(b, sizeof(b), "no trusted CA loaded from %s",
		    ca_file ? ca_file : "the system store");
		return failed(net, IMAP_NET_TLS, b);
	}
	if ((r = gnutls_init(&net->tls, GNUTLS_CLIENT | GNUTLS_NONBLOCK)) < 0) {
		net->tls = NULL;
		return tls_fail(net, "cannot set up TLS", r);
	}
	if ((r = gnutls_set_default_priority(net->tls)) < 0 ||
	    (r = gnutls_credentials_set(net->tls, GNUTLS_CRD_CERTIFICATE,
	    net->cred)) < 0)
		return tls_fail(net, "cannot set up TLS", r);
	/* SNI names a host, never an address (RFC 6066 §3) */
	if (inet_pton(AF_INET, net->host, a) != 1 &&
	    inet_pton(AF_INET6, net->host, a) != 1 &&
	    (r = gnutls_server_name_set(net->tls, GNUTLS_NAME_DNS, net->host,
	    strlen(net->host))) < 0)
		return tls_fail(net, "cannot set the server name", r);
	gnutls_transport_set_int(net->tls, net->fd);
	for (;;) {
		r = gnutls_handshake(net->tls);
		if (r == GNUTLS_E_SUCCESS)
			break;
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
			if (net_poll(net, net->fd,
			    gnutls_record_get_direction(net->tls) ?
			    POLLOUT : POLLIN) < 0)
				return -1;
			continue;
		}
		if (gnutls_error_is_fatal(r))
			return tls_fail(net, "handshake", r);
	}
	return tls_verify(net);
}

int
imap_net_pending(const struct imap_net *net)
{
	return net->tls != NULL && gnutls_record_check_pending(net->tls) > 0;
}

int
imap_net_wait_readable(struct imap_net *net, double seconds,
    volatile const sig_atomic_t *wake)
{
	double end = time_mono() + seconds;
	int stale = 0;

	if (net->fail != IMAP_NET_OK)
		return -1;
	for (;;) {
		struct pollfd p[2];
		double left = end - time_mono();
		int np = 1, ms, r;

		if (net->stop != NULL && *net->stop)
			return failed(net, IMAP_NET_STOPPED, NULL);
		if ((wake != NULL && *wake) || left <= 0)
			return 0;
		if (imap_net_pending(net))
			return 1;
		ms = left > 3600 ? 3600 * 1000 : (int)(left * 1000) + 1;
		p[0].fd = net->fd;
		p[0].events = POLLIN;
		p[0].revents = 0;
		if (net->wake_fd >= 0 && !stale) {
			p[1].fd = net->wake_fd;
			p[1].events = POLLIN;
			p[1].revents = 0;
			np = 2;
		} else if (net->wake_fd >= 0 && ms > STALE_SLICE_MS)
			ms = STALE_SLICE_MS;
		r = poll(p, (nfds_t)np, ms);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return failed(net, IMAP_NET_IO, strerror(errno));
		}
		if (p[0].revents != 0)
			return 1;
		if (np == 2 && (p[1].revents & POLLIN) &&
		    !(wake != NULL && *wake) &&
		    !(net->stop != NULL && *net->stop))
			stale = 1;
	}
}

/* ---- the libetpan driver ---- */

static ssize_t
drv_read(mailstream_low *low, void *buf, size_t count)
{
	struct imap_net *net = low->data;
	enum imap_net_fail f;
	ssize_t n;

	if (net->fail != IMAP_NET_OK || net->fd < 0)
		return -1;
	for (;;) {
		if (net->tls != NULL) {
			n = gnutls_record_recv(net->tls, buf, count);
			if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
				if (net_poll(net, net->fd, POLLIN) < 0)
					return -1;
				continue;
			}
			if (n == 0 || n == GNUTLS_E_PREMATURE_TERMINATION)
				return failed(net, IMAP_NET_CLOSED, NULL);
			if (n < 0) {
				if (!gnutls_error_is_fatal((int)n))
					continue;   /* e.g. a TLS 1.3 ticket */
				return tls_fail(net, "TLS", (int)n);
			}
		} else {
			n = recv(net->fd, buf, count, 0);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				if (net_poll(net, net->fd, POLLIN) < 0)
					return -1;
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			if (n == 0 || (n < 0 && errno == ECONNRESET))
				return failed(net, IMAP_NET_CLOSED, NULL);
			if (n < 0)
				return failed(net, IMAP_NET_IO, strerror(errno));
		}
		break;
	}
	f = imap_net_meter_feed(&net->meter, buf, (size_t)n);
	if (f != IMAP_NET_OK)
		return failed(net, f, NULL);
	return n;
}

static ssize_t
drv_write(mailstream_low *low, const void *buf, size_t count)
{
	struct imap_net *net = low->data;
	const char *p = buf;
	size_t done = 0;

	if (net->fail != IMAP_NET_OK || net->fd < 0)
		return -1;
	while (done < count) {
		ssize_t n;

		if (net->tls != NULL) {
			n = gnutls_record_send(net->tls, p + done, count - done);
			if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
				if (net_poll(net, net->fd, POLLOUT) < 0)
					return -1;
				continue;
			}
			if (n < 0) {
				return tls_fail(net, "TLS", (int)n);
			}
		} else {
			n = send(net->fd, p + done, count - done, MSG_NOSIGNAL);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				if (net_poll(net, net->fd, POLLOUT) < 0)
					return -1;
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
				return failed(net, IMAP_NET_CLOSED, NULL);
			if (n < 0)
				return failed(net, IMAP_NET_IO, strerror(errno));
		}
		done += (size_t)n;
	}
	/* sent: no copy of a command (LOGIN's password) stays in libetpan's
	 * write buffer.  Only that buffer is ours to wipe: a large write
	 * comes straight from the caller's (possibly constant) bytes. */
	if (net->stream != NULL && net->stream->write_buffer != NULL &&
	    p >= net->stream->write_buffer &&
	    p + count <= net->stream->write_buffer +
	    net->stream->buffer_max_size)
		explicit_bzero((void *)(uintptr_t)p, count);
	return (ssize_t)count;
}

static int
drv_close(mailstream_low *low)
{
	(void)low;   /* the transport is imap_net's (imap_net_free) */
	return 0;
}

static int
drv_get_fd(mailstream_low *low)
{
	struct imap_net *net = low->data;

	return net->fd;
}

static void
drv_free(mailstream_low *low)
{
	struct imap_net *net = low->data;

	net->stream = NULL;
	free(low);
}

static void
drv_cancel(mailstream_low *low)
{
	(void)low;
}

static struct mailstream_cancel *
drv_get_cancel(mailstream_low *low)
{
	(void)low;
	return NULL;
}

static carray *
drv_get_certificate_chain(mailstream_low *low)
{
	(void)low;   /* verified here, in imap_net_tls */
	return NULL;
}

static int
drv_no_idle(mailstream_low *low)
{
	(void)low;
	return -1;
}

static mailstream_low_driver imap_net_driver = {
	.mailstream_read = drv_read,
	.mailstream_write = drv_write,
	.mailstream_close = drv_close,
	.mailstream_get_fd = drv_get_fd,
	.mailstream_free = drv_free,
	.mailstream_cancel = drv_cancel,
	.mailstream_get_cancel = drv_get_cancel,
	.mailstream_get_certificate_chain = drv_get_certificate_chain,
	.mailstream_setup_idle = drv_no_idle,
	.mailstream_unsetup_idle = drv_no_idle,
	.mailstream_interrupt_idle = drv_no_idle,
};

mailstream *
imap_net_stream(struct imap_net *net)
{
	mailstream_low *low = mailstream_low_new(net, &imap_net_driver);

	if (low == NULL)
		fatalx("out of memory");
	net->stream = mailstream_new(low, 8192);
	if (net->stream == NULL)
		fatalx("out of memory");
	return net->stream;
}

/* test_imap_net.c — the IMAP transport's bookkeeping: the byte meter
 * (budgets, literals announced before they are allocated, line caps),
 * the sentences a person reads, and a step's deadline and stop against a
 * listening socket on 127.0.0.1 that never greets. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "imap_net.h"
#include "util.h"

struct feed_case {
	const char *name;
	size_t budget;
	const char *chunks[4];   /* fed one after the other */
	enum imap_net_fail want;
	uint64_t announced;
};

static const struct feed_case feed_cases[] = {
	{ "a short answer", 100, { "* OK hello\r\n", "1 OK done\r\n" },
	    IMAP_NET_OK, 0 },
	{ "exactly the budget", 12, { "* OK hello\r\n" }, IMAP_NET_OK, 0 },
	{ "one byte over", 11, { "* OK hello\r\n" }, IMAP_NET_BUDGET, 0 },
	{ "a literal that fits", 100,
	    { "* 1 FETCH (BODY[] {5}\r\n", "hello)\r\n", "2 OK\r\n" },
	    IMAP_NET_OK, 0 },
	{ "a 2 GiB literal for a small budget", 1000,
	    { "* 1 FETCH (UID 7 BODY[] {2147483648}\r\n" },
	    IMAP_NET_LITERAL, 2147483648ULL },
	{ "a literal announced across reads", 1000,
	    { "* 1 FETCH (BODY[] {99", "99}", "\r", "\n" },
	    IMAP_NET_LITERAL, 9999 },
	{ "a 20-digit literal", 1000,
	    { "* 1 FETCH (BODY[] {99999999999999999999}\r\n" },
	    IMAP_NET_LITERAL, 0 /* saturated: not checked */ },
	{ "braces inside a line are no literal", 1000,
	    { "* OK {5} is text here\r\n" }, IMAP_NET_OK, 0 },
	{ "a literal's bytes are not scanned for lines", 1000,
	    { "* 1 FETCH (BODY[] {8}\r\n{999999}", ")\r\n" }, IMAP_NET_OK,
	    0 },
};

static void
test_meter_table(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(feed_cases); i++) {
		const struct feed_case *c = &feed_cases[i];
		struct imap_net_meter m;
		enum imap_net_fail got = IMAP_NET_OK;

		memset(&m, 0, sizeof(m));
		imap_net_meter_start(&m, c->budget);
		for (k = 0; k < 4 && c->chunks[k] != NULL && got == IMAP_NET_OK;
		    k++)
			got = imap_net_meter_feed(&m, c->chunks[k],
			    strlen(c->chunks[k]));
		if (got != c->want)
			fail_msg("%s: got %d, want %d", c->name, got, c->want);
		if (c->announced != 0)
			assert_int_equal(m.announced, c->announced);
	}
}

static void
test_meter_long_line(void **state)
{
	struct imap_net_meter m;
	char *line = xcalloc(1, 300 * 1024);
	enum imap_net_fail got;

	(void)state;
	memset(line, 'x', 300 * 1024 - 1);
	memset(&m, 0, sizeof(m));
	imap_net_meter_start(&m, 10 * 1024 * 1024);
	got = imap_net_meter_feed(&m, line, strlen(line));
	assert_int_equal(got, IMAP_NET_LINE);
	/* a literal of the same size within the budget is no line */
	memset(&m, 0, sizeof(m));
	imap_net_meter_start(&m, 10 * 1024 * 1024);
	assert_int_equal(imap_net_meter_feed(&m, "* 1 FETCH (BODY[] "
	    "{307199}\r\n", 29), IMAP_NET_OK);
	assert_int_equal(imap_net_meter_feed(&m, line, strlen(line)),
	    IMAP_NET_OK);
	free(line);
}

static void
test_meter_budget_per_step(void **state)
{
	struct imap_net_meter m;

	(void)state;
	memset(&m, 0, sizeof(m));
	imap_net_meter_start(&m, 10);
	assert_int_equal(imap_net_meter_feed(&m, "1 OK abc\r\n", 10),
	    IMAP_NET_OK);
	/* the next step starts afresh */
	imap_net_meter_start(&m, 10);
	assert_int_equal(imap_net_meter_feed(&m, "2 OK abc\r\n", 10),
	    IMAP_NET_OK);
	assert_int_equal(imap_net_meter_feed(&m, "x", 1), IMAP_NET_BUDGET);
}

struct sentence_case {
	enum imap_net_fail f;
	const char *step;
	size_t budget;
	uint64_t announced;
	const char *detail;
	const char *want;
};

static const struct sentence_case sentence_cases[] = {
	{ IMAP_NET_TIMEOUT, "LOGIN", 0, 0, NULL,
	    "mailbox server 127.0.0.1:1993 did not answer the LOGIN within "
	    "30 s" },
	{ IMAP_NET_CLOSED, "UID FETCH", 0, 0, NULL,
	    "mailbox server 127.0.0.1:1993: connection closed during UID "
	    "FETCH" },
	{ IMAP_NET_STOPPED, "SELECT", 0, 0, NULL,
	    "mailbox server 127.0.0.1:1993: stopped during SELECT (SIGTERM)" },
	{ IMAP_NET_BUDGET, "UID FETCH", 1258291, 0, NULL,
	    "mailbox server 127.0.0.1:1993: sent more than the 1.2 MB asked "
	    "for in UID FETCH (the server is broken; disconnecting)" },
	{ IMAP_NET_LITERAL, "UID FETCH", 70 * 1024, 2147483648ULL, NULL,
	    "mailbox server 127.0.0.1:1993: announced 2048.0 MB in UID FETCH, "
	    "more than the 70.0 kB asked for (the server is broken; "
	    "disconnecting)" },
	{ IMAP_NET_LINE, "UID SEARCH", 0, 0, NULL,
	    "mailbox server 127.0.0.1:1993: sent a line longer than 256.0 kB "
	    "in UID SEARCH (the server is broken; disconnecting)" },
	{ IMAP_NET_CONNECT, "connect", 0, 0, "Connection refused",
	    "mailbox server 127.0.0.1:1993: connect failed: Connection "
	    "refused" },
	{ IMAP_NET_TLS, "TLS handshake", 0, 0, "handshake: Error in the "
	    "pull function.",
	    "mailbox server 127.0.0.1:1993: TLS handshake failed: handshake: "
	    "Error in the pull function." },
};

static void
test_sentences(void **state)
{
	char buf[400];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sentence_cases); i++) {
		const struct sentence_case *c = &sentence_cases[i];

		assert_string_equal(imap_net_sentence(buf, sizeof(buf), c->f,
		    "127.0.0.1:1993", c->step, 30, c->budget, c->announced,
		    c->detail), c->want);
	}
	/* a short buffer: truncated, marked, terminated */
	imap_net_sentence(buf, 20, IMAP_NET_CLOSED, "127.0.0.1:1993",
	    "UID FETCH", 30, 0, 0, NULL);
	assert_int_equal(strlen(buf), 19);
	assert_string_equal(buf + 16, "...");
	assert_string_equal(imap_net_size(buf, sizeof(buf), 100), "100 bytes");
}

/* listener: a socket on 127.0.0.1 that accepts (in the kernel's backlog)
 * and never says a word; its port in *port_r */
static int
listener(uint16_t *port_r)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port_r = ntohs(a.sin_port);
	return fd;
}

/* greeting: a session waiting for a greeting that never comes; the
 * failure of the greeting step */
static enum imap_net_fail
greeting(uint16_t port, int wake_fd, volatile const sig_atomic_t *stop,
    const char **sentence_r)
{
	static char copy[600];
	struct imap_net *net = imap_net_new("127.0.0.1", port, 1, wake_fd,
	    stop);
	mailimap *imap = mailimap_new(0, NULL);
	enum imap_net_fail f;
	int r;

	imap_net_begin(net, "connect", 0);
	if (imap_net_connect(net) == 0) {
		imap_net_begin(net, "greeting", 1024);
		r = mailimap_connect(imap, imap_net_stream(net));
		if (r != MAILIMAP_ERROR_STREAM)
			fail_msg("mailimap_connect: %d", r);
	}
	f = imap_net_failure(net);
	snprintf(copy, sizeof(copy), "%s", imap_net_error(net));
	*sentence_r = copy;
	/* as source_imap.c drops a session: the stream before mailimap_free
	 * (which would LOGOUT on it), the transport last */
	if (imap->imap_stream != NULL) {
		mailstream_close(imap->imap_stream);
		imap->imap_stream = NULL;
	}
	mailimap_free(imap);
	imap_net_free(net);
	return f;
}

static void
test_deadline_and_stop(void **state)
{
	static volatile sig_atomic_t stop;
	const char *sentence;
	char want[200];
	uint16_t port;
	int lfd = listener(&port), p[2];

	(void)state;
	/* the deadline: the greeting step fails as a timeout */
	assert_int_equal(greeting(port, -1, NULL, &sentence),
	    IMAP_NET_TIMEOUT);
	snprintf(want, sizeof(want), "mailbox server 127.0.0.1:%u did not "
	    "answer the greeting within 1 s", port);
	assert_string_equal(sentence, want);

	/* a stale wake byte (a signal that is not a stop) is not a stop */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "s", 1), 1);
	stop = 0;
	assert_int_equal(greeting(port, p[0], &stop, &sentence),
	    IMAP_NET_TIMEOUT);

	/* a stop: the wake pipe readable and the flag set; the step in
	 * hand (the connect, unless the kernel completed it at once) fails
	 * without waiting */
	stop = 1;
	assert_int_equal(greeting(port, p[0], &stop, &sentence),
	    IMAP_NET_STOPPED);
	snprintf(want, sizeof(want), "mailbox server 127.0.0.1:%u: stopped "
	    "during ", port);
	assert_true(strncmp(sentence, want, strlen(want)) == 0);
	assert_non_null(strstr(sentence, " (SIGTERM)"));
	close(p[0]);
	close(p[1]);
	close(lfd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meter_table),
		cmocka_unit_test(test_meter_long_line),
		cmocka_unit_test(test_meter_budget_per_step),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_deadline_and_stop),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

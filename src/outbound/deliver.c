/*
 * deliver.c — the SMTP sender: one thread and one curl easy handle per
 * connection, each reused for message after message; the store, the
 * ledger and the gate in the caller's thread only; the ledger updated
 * per answer, retried until it is committed (ledger_write); the gate
 * before each end of DATA (see deliver.h for why).  The store is reached
 * through store_issue.h (deliveries) and store_outbox.h (replies) only.
 *
 * Ownership: the sender owns its connections, the queue of deliveries
 * fetched from the store (in batches) and the prepared issues; a
 * connection owns the rendered message it is sending.
 *
 * SECURITY: recipients are subscribers' addresses, checked when they were
 * stored and again by compose; one recipient per SMTP transaction.  TLS:
 * STARTTLS is required (CURLUSESSL_ALL) unless tls = none (loopback only,
 * checked by the config), certificates and host names verified, ca_file
 * for a private CA.  The SMTP password is read from its 0600 file (or
 * RECRUITD_SMTP_PASSWORD), handed to curl and wiped; the debug callback
 * keeps only command verbs and the server's last reply line, so AUTH
 * exchanges are never logged.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "compose.h"
#include "deliver.h"
#include "log.h"
#include "newsletter.h"
#include "secret.h"
#include "store_issue.h"
#include "store_outbox.h"
#include "subscriber.h"
#include "util.h"

#define THREAD_STACK (2u * 1024 * 1024)   /* a sending thread's stack */
#define BATCH 256                 /* deliveries fetched at a time */
#define BACKOFF_MAX (4 * 3600L)   /* longest wait between two attempts */
/* after SIGTERM a message whose end of DATA went out gets this long
 * more for its answer, then its connection is dropped (it stays due) */
#define STOP_GRACE 1.0
/* the loop looks at deadlines, the gate and the stop flag this often */
#define TICK 0.1
#define CONN_FDS 4                /* sockets of one connection attempt */
/* a ledger write that failed is tried again after LEDGER_WAIT_MIN s, the
 * wait doubling up to LEDGER_WAIT_MAX: sending resumes within that of
 * the store becoming writable again */
#define LEDGER_WAIT_MIN 0.05
#define LEDGER_WAIT_MAX 1.0
/* after SIGTERM a failing ledger write is tried this long more, then the
 * run stops with the row due (recruitd kills its worker after 5 s) */
#define LEDGER_STOP_GRACE 4.0

struct job {
	int outbox;               /* an outbox row (a reply), not a delivery */
	long id, issue, sub;
	long attempts, first_deferred;
	char *email, *name, *sub_token, *token, *status;
	char *raw, *env_from;     /* outbox: the message and its sender */
	size_t raw_len;
	int retried;              /* dropped once for a timeout already */
	struct job *next;         /* in the sender's retry list */
};

/* a batch of jobs fetched from the store (BATCH slots), served in order */
struct jobq {
	struct job *j;
	size_t n, next;
};

struct sender;

/* why the sender cut a connection (DROP_STOP also: the run failed, no
 * message may end its DATA any more) */
enum drop { DROP_NONE, DROP_TIMEOUT, DROP_STOP };

/*
 * One connection: a thread running curl_easy_perform on its own easy
 * handle, message after message (curl waits for the answer to the end of
 * DATA blocking, inside its DONE step: on a shared multi handle one
 * silent server would hold every connection).  Fields marked [mu] are
 * shared with the sender's thread under snd->mu; the rest belong to the
 * sender while the connection is idle and to the thread while busy.
 */
struct conn {
	struct sender *snd;
	CURL *easy;
	pthread_t thread;
	int thread_up;
	void *stack;              /* its stack (thread_start), guard first */
	struct job *job;          /* the delivery in hand, or NULL */
	struct buf msg;
	size_t off;
	int go;                   /* [mu] the thread is to send job */
	int finished;             /* [mu] curl returned: res */
	CURLcode res;
	long code;
	int at_gate;              /* [mu] waiting at the gate */
	int at_end;               /* [mu] the end of DATA went out */
	double end_at;            /* [mu] when */
	double moved;             /* [mu] last command out or reply in */
	enum drop drop;           /* [mu] cut by the sender */
	int fds[CONN_FDS];        /* [mu] curl's sockets, -1 free */
	int stalled;              /* its answer overdue: the gate given up */
	int fresh;                /* the next message on a new connection */
	char cmd[8];              /* [mu] last command verb sent */
	char reply[256];          /* [mu] last reply line received */
	char fail_cmd[8];         /* the command of the first 4xx/5xx reply */
	char fail_reply[256];     /* and that reply (curl QUITs after it) */
	char errbuf[CURL_ERROR_SIZE];
	char *mail_from;
	struct curl_slist *rcpt;
};

struct issue_cache {
	long id;
	struct nl_issue *is;
};

struct sender {
	const struct conf *c;
	struct store *st;
	struct conn *conns;
	size_t n_conns;
	pthread_mutex_t mu;
	pthread_cond_t work;      /* to the threads: a job, the gate, quit */
	pthread_cond_t news;      /* to the sender: a connection finished */
	int quit;                 /* [mu] the threads end */
	int halt;                 /* [mu] no more ends of DATA (stop, fatal) */
	struct conn *gate;        /* [mu] between its end of DATA and its
	                           * commit, or until its answer is overdue */
	struct job *retry, **retry_tail;  /* dropped for a timeout, once */
	unsigned timeouts;        /* dropped for a timeout since an answer */
	char *server;             /* host:port, for the log */
	struct jobq queue;        /* deliveries fetched */
	long cursor;              /* last delivery id fetched */
	long outbox_cursor;       /* last outbox id fetched */
	struct jobq oq;           /* outbox rows fetched, served first */
	double outbox_checked;    /* time_mono() of the last look (0: none) */
	int exhausted;            /* no more due rows after cursor */
	time_t now;
	struct issue_cache *issues;
	size_t n_issues;
	double interval;          /* seconds between two starts (rate) */
	double next_start;
	char *trouble;            /* the server is away: why */
	char *fatal;              /* store error */
	int store_paused;         /* a ledger write is failing: logged */
	volatile sig_atomic_t *stop;
	struct deliver_stats *stats;
	char *url;
};

static void
job_clear(struct job *j)
{
	free(j->email);
	free(j->name);
	free(j->sub_token);
	free(j->token);
	free(j->status);
	free(j->raw);
	free(j->env_from);
	memset(j, 0, sizeof(*j));
}

/* jobq_clear: the jobs not served freed, the queue empty */
static void
jobq_clear(struct jobq *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		job_clear(&q->j[i]);
	q->n = q->next = 0;
}

/* jobq_take: the next job moved out of q (the caller frees it), or NULL
 * when all are served */
static struct job *
jobq_take(struct jobq *q)
{
	struct job *copy;

	if (q->next >= q->n)
		return NULL;
	copy = xmalloc(sizeof(*copy));
	*copy = q->j[q->next];
	memset(&q->j[q->next++], 0, sizeof(*copy));
	return copy;
}

/* take_outbox: one due outbox row into the sender's queue (copied) */
static int
take_outbox(const struct store_outbox_due *o, void *arg)
{
	struct sender *snd = arg;
	struct job *j = &snd->oq.j[snd->oq.n++];

	j->outbox = 1;
	j->id = o->id;
	j->attempts = o->attempts;
	j->first_deferred = o->first_deferred;
	j->email = o->to_addr != NULL ? xstrdup(o->to_addr) : NULL;
	j->env_from = o->env_from != NULL ? xstrdup(o->env_from) : NULL;
	j->raw_len = o->raw_len;
	j->raw = xmemdup0(o->raw, o->raw_len);
	j->status = xstrdup("active");
	snd->outbox_cursor = j->id;
	return 0;
}

/* fetch_outbox: the next batch of due outbox rows (replies go before
 * newsletters: a confirmation must not wait behind an issue) */
static int
fetch_outbox(struct sender *snd)
{
	const char *err;

	jobq_clear(&snd->oq);
	snd->outbox_checked = time_mono();
	if (store_outbox_due(snd->st, (long)snd->now, snd->outbox_cursor,
	    BATCH, take_outbox, snd, &err) < 0) {
		snd->fatal = xasprintf("store: %s", err);
		return -1;
	}
	return 0;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* take_delivery: one due delivery into the sender's queue (copied) */
static int
take_delivery(const struct store_delivery *d, void *arg)
{
	struct sender *snd = arg;
	struct job *j = &snd->queue.j[snd->queue.n++];

	j->id = d->id;
	j->issue = d->issue;
	j->sub = d->subscriber;
	j->attempts = d->attempts;
	j->first_deferred = d->first_deferred;
	j->token = dup_or_null(d->token);
	j->email = dup_or_null(d->email);
	j->name = dup_or_null(d->name);
	j->sub_token = dup_or_null(d->sub_token);
	j->status = dup_or_null(d->status);
	snd->cursor = j->id;
	return 0;
}

/* fetch: the next batch of due deliveries */
static int
fetch(struct sender *snd)
{
	const char *err;

	jobq_clear(&snd->queue);
	if (store_delivery_due(snd->st, (long)snd->now, snd->cursor, BATCH,
	    take_delivery, snd, &err) < 0) {
		snd->fatal = xasprintf("store: %s", err);
		return -1;
	}
	if (snd->queue.n == 0)
		snd->exhausted = 1;
	return 0;
}

static struct nl_issue *
issue_of(struct sender *snd, long id)
{
	struct nl_issue *is;
	char *err = NULL;
	size_t i;

	for (i = 0; i < snd->n_issues; i++)
		if (snd->issues[i].id == id)
			return snd->issues[i].is;
	is = newsletter_issue_load(snd->c, snd->st, id, &err);
	if (is == NULL) {
		snd->fatal = err;
		return NULL;
	}
	snd->issues = xreallocarray(snd->issues, snd->n_issues + 1,
	    sizeof(*snd->issues));
	snd->issues[snd->n_issues].id = id;
	snd->issues[snd->n_issues].is = is;
	snd->n_issues++;
	return is;
}

/* ---- the ledger ---- */

enum outcome { O_SENT, O_DEFER, O_FAIL, O_SKIP };

/* status_of: the enhanced status code of a reply ("550 5.1.1 …"), else
 * dflt (a static or caller buffer) */
static const char *
status_of(const char *reply, const char *dflt)
{
	static char st[16];
	const char *p = reply;
	size_t n;

	if (p == NULL)
		return dflt;
	while (*p >= '0' && *p <= '9')
		p++;
	while (*p == ' ' || *p == '-')
		p++;
	n = strspn(p, "0123456789.");
	if (n >= 5 && n < sizeof(st) && (p[0] == '4' || p[0] == '5') &&
	    p[1] == '.') {
		memcpy(st, p, n);
		st[n] = '\0';
		return st;
	}
	return dflt[0] != '\0' ? dflt : NULL;
}

/*
 * hard: the address itself is dead, as bounce.c decides for bounce
 * mails: a 5xx with an addressing status 5.1.x (no such user, no such
 * domain, moved); without an enhanced status, a 550/551/553 whose text
 * says the user or mailbox does not exist.  Everything else (a full
 * mailbox, a policy or spam refusal, a size limit) is soft: counted,
 * and the third in 30 days suspends the address.
 */
static int
hard_failure(long code, const char *reply)
{
	static const char *const dead[] = { "user unknown", "unknown user",
	    "no such user", "no such mailbox", "mailbox unavailable",
	    "does not exist", "unknown recipient", "recipient unknown",
	    "invalid recipient", "no mailbox", "address rejected" };
	const char *st;
	size_t i;

	if (code < 500 || reply == NULL)
		return 0;
	st = status_of(reply, "");
	if (st != NULL)
		return strncmp(st, "5.1.", 4) == 0;
	if (code != 550 && code != 551 && code != 553)
		return 0;
	for (i = 0; i < ARRAY_SIZE(dead); i++)
		if (mem_find_ci(reply, strlen(reply), dead[i]) != NULL)
			return 1;
	return 0;
}

/* the row's new values and what else the answer means */
struct ledger {
	struct store_delivery_update u;
	int bounce, hard;         /* a newsletter's failure: a bounce row */
	long code;
	const char *reply;
};

/* ledger_try: one attempt at writing the answer, in its own committed
 * transaction; 0, or -1 with the reason copied into why */
static int
ledger_try(struct sender *snd, const struct job *j, const struct ledger *l,
    char *why, size_t whysz)
{
	const char *err = NULL;
	int r;

	if (store_delivery_begin(snd->st, snd->stop, &err) < 0) {
		snprintf(why, whysz, "%s", err);
		return -1;
	}
	if (j->outbox) {
		struct store_outbox_update ou;

		/* the outbox row takes the same values as a delivery */
		ou.state = l->u.state;
		ou.attempt = l->u.attempt;
		ou.next_attempt = l->u.next_attempt;
		ou.first_deferred = l->u.first_deferred;
		ou.code = l->u.code;
		ou.reply = l->u.reply;
		ou.done_at = l->u.done_at;
		r = store_outbox_set(snd->st, j->id, &ou, &err);
	} else
		r = store_delivery_set(snd->st, j->id, &l->u, &err);
	/* a newsletter that could not be delivered counts as a bounce of
	 * that subscriber (a reply's failure is nobody's bounce) */
	if (r == 0 && l->bounce && !j->outbox) {
		char st3[8] = "";

		if (l->code >= 400 && l->code < 600)
			snprintf(st3, sizeof(st3), "%ld.0.0", l->code / 100);
		r = store_subscriber_bounce(snd->st, j->sub, 0, j->id, j->email,
		    status_of(l->reply, st3), "failed", l->hard, l->reply,
		    &err);
	}
	if (r < 0) {
		/* copied before the rollback: the text may be SQLite's */
		snprintf(why, whysz, "%s", err != NULL ? err : "unknown error");
		store_rollback(snd->st);
		return -1;
	}
	if (store_commit(snd->st, &err) < 0) {
		snprintf(why, whysz, "%s", err);
		return -1;
	}
	return 0;
}

static void
nap(double seconds)
{
	struct timespec ts;

	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);   /* a signal cuts it short: the caller looks */
}

/*
 * ledger_write: the answer is written until it is committed.  The server
 * has answered: a row left as it was would send the message again (the
 * disk full, another process holding the write lock beyond the busy
 * timeout).  So the write is tried again, the wait growing from
 * LEDGER_WAIT_MIN to LEDGER_WAIT_MAX, and meanwhile nothing else moves:
 * this runs inside the sender's loop, so no connection gets through the
 * gate, and no new message starts.  Logged once when the pause begins
 * and once when it ends.  Only a stop request ends the wait without the
 * commit, LEDGER_STOP_GRACE seconds after it: the row stays due (at most
 * one copy more, as for a kill) and the run ends (snd->fatal).
 */
static int
ledger_write(struct sender *snd, const struct job *j, const struct ledger *l)
{
	double wait = LEDGER_WAIT_MIN, give_up = 0;
	char why[256];

	for (;;) {
		if (ledger_try(snd, j, l, why, sizeof(why)) == 0)
			break;
		if (!snd->store_paused) {
			log_error("store not writable: %s; sending paused until "
			    "the answer for %s %ld (%s) is recorded", why,
			    j->outbox ? "reply" : "delivery", j->id, j->email);
			snd->store_paused = 1;
		}
		if (snd->fatal != NULL) {
			/* the run is over already: no more waiting */
			log_error("%s %ld: %s: answer not recorded (%s)",
			    j->outbox ? "reply" : "delivery", j->id, j->email,
			    why);
			return -1;
		}
		if (snd->stop != NULL && *snd->stop) {
			if (give_up == 0)
				give_up = time_mono() + LEDGER_STOP_GRACE;
			else if (time_mono() >= give_up) {
				log_error("%s %ld: %s: stopping before the "
				    "server's answer could be recorded (%s); "
				    "it stays due and may be sent once more",
				    j->outbox ? "reply" : "delivery", j->id,
				    j->email, why);
				snd->fatal = xasprintf("store: %s", why);
				return -1;
			}
		}
		nap(wait);
		wait = wait * 2 < LEDGER_WAIT_MAX ? wait * 2 : LEDGER_WAIT_MAX;
	}
	if (snd->store_paused) {
		log_warn("store writable again; sending resumed");
		snd->store_paused = 0;
	}
	return 0;
}

static int
record(struct sender *snd, struct job *j, enum outcome o, long code,
    const char *reply)
{
	struct ledger l;
	long now = (long)time(NULL), first = j->first_deferred;
	unsigned *count;

	memset(&l, 0, sizeof(l));
	l.code = code;
	l.reply = reply;
	switch (o) {
	case O_SENT:
		l.u.state = "sent";
		count = &snd->stats->sent;
		break;
	case O_SKIP:
		l.u.state = "skipped";
		count = &snd->stats->skipped;
		break;
	case O_FAIL:
		l.u.state = "failed";
		l.bounce = 1;
		l.hard = hard_failure(code, reply);
		count = &snd->stats->failed;
		break;
	case O_DEFER:
	default:
		if (first == 0)
			first = now;
		if (now - first >= snd->c->smtp_retry_for) {
			l.u.state = "failed";   /* expired: counted, not hard */
			l.bounce = 1;
			count = &snd->stats->failed;
			log_info("issue delivery %ld to %s: given up after %ld "
			    "attempts over %lds", j->id, j->email,
			    j->attempts + 1, now - first);
			break;
		}
		{
			long wait = snd->c->smtp_retry_delay;
			long k;

			for (k = 0; k < j->attempts && wait < BACKOFF_MAX; k++)
				wait *= 2;
			if (wait > BACKOFF_MAX)
				wait = BACKOFF_MAX;
			l.u.next_attempt = now + wait;
		}
		l.u.state = "deferred";
		count = &snd->stats->deferred;
		break;
	}
	l.u.attempt = o != O_SKIP;
	l.u.first_deferred = first;
	l.u.code = code;
	l.u.reply = reply;
	l.u.done_at = strcmp(l.u.state, "deferred") != 0 ? now : 0;
	if (ledger_write(snd, j, &l) < 0)
		return -1;
	(*count)++;
	if (o == O_SENT)
		log_debug("delivery %ld: %s: sent", j->id, j->email);
	else if (o != O_SKIP)
		log_info("delivery %ld: %s: %s (%s)", j->id, j->email,
		    l.u.state, reply != NULL && *reply ? reply : "no reply");
	return 0;
}

/* ---- curl callbacks (on the connection's thread) ---- */

static size_t
read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct conn *k = arg;
	struct sender *snd = k->snd;
	size_t room = size * nitems, n;

	if (k->off < k->msg.len) {
		n = k->msg.len - k->off;
		if (n > room)
			n = room;
		memcpy(buf, k->msg.data + k->off, n);
		k->off += n;
		pthread_mutex_lock(&snd->mu);
		k->moved = time_mono();
		pthread_mutex_unlock(&snd->mu);
		return n;
	}
	/* the whole body is out: the end of DATA only through the gate,
	 * and never once the run is stopping or has failed (a ledger write
	 * that could not be made: this message would have no row to say it
	 * went).  Waiting here is not waiting on the server: no deadline. */
	pthread_mutex_lock(&snd->mu);
	while (!snd->halt && k->drop == DROP_NONE &&
	    snd->gate != NULL && snd->gate != k) {
		k->at_gate = 1;
		pthread_cond_wait(&snd->work, &snd->mu);
	}
	k->at_gate = 0;
	if (snd->halt || k->drop != DROP_NONE) {
		/* dropped before its final dot: the server discards it */
		if (k->drop == DROP_NONE)
			k->drop = DROP_STOP;
		pthread_mutex_unlock(&snd->mu);
		return CURL_READFUNC_ABORT;
	}
	snd->gate = k;
	k->at_end = 1;
	k->end_at = k->moved = time_mono();
	pthread_mutex_unlock(&snd->mu);
	return 0;
}

static int
debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct conn *k = arg;
	size_t i, n;

	(void)h;
	if (type != CURLINFO_HEADER_OUT && type != CURLINFO_HEADER_IN)
		return 0;
	pthread_mutex_lock(&k->snd->mu);
	/* a command out starts a wait, a reply in ends one */
	k->moved = time_mono();
	if (type == CURLINFO_HEADER_OUT) {
		/* the verb only: AUTH arguments must never be kept */
		for (i = 0; i < size && i + 1 < sizeof(k->cmd) &&
		    ((data[i] >= 'A' && data[i] <= 'Z') ||
		    (data[i] >= 'a' && data[i] <= 'z')); i++)
			k->cmd[i] = (char)(data[i] & ~0x20);
		k->cmd[i] = '\0';
	} else {
		n = size < sizeof(k->reply) - 1 ? size : sizeof(k->reply) - 1;
		for (i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)data[i];

			if (ch == '\r' || ch == '\n')
				break;
			k->reply[i] = ch < 0x20 || ch >= 0x7f ? '?' : (char)ch;
		}
		k->reply[i] = '\0';
		if ((k->reply[0] == '4' || k->reply[0] == '5') &&
		    k->fail_reply[0] == '\0') {
			memcpy(k->fail_cmd, k->cmd, sizeof(k->fail_cmd));
			memcpy(k->fail_reply, k->reply, sizeof(k->fail_reply));
		}
	}
	pthread_mutex_unlock(&k->snd->mu);
	return 0;
}

/* sockopt_cb, close_cb: curl's sockets noted, so that the sender can cut
 * a connection (shutdown) from its own thread; closed under the lock, so
 * a noted descriptor is always still curl's */
static int
sockopt_cb(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	struct conn *k = arg;
	size_t i;

	(void)purpose;
	pthread_mutex_lock(&k->snd->mu);
	for (i = 0; i < CONN_FDS; i++)
		if (k->fds[i] < 0) {
			k->fds[i] = fd;
			break;
		}
	pthread_mutex_unlock(&k->snd->mu);
	return CURL_SOCKOPT_OK;
}

static int
close_cb(void *arg, curl_socket_t fd)
{
	struct conn *k = arg;
	size_t i;
	int r;

	pthread_mutex_lock(&k->snd->mu);
	for (i = 0; i < CONN_FDS; i++)
		if (k->fds[i] == fd)
			k->fds[i] = -1;
	r = close(fd);
	pthread_mutex_unlock(&k->snd->mu);
	return r;
}

/* conn_cut: the connection's sockets shut down, so that curl's wait ends
 * at once and the server sees it closed (snd->mu held) */
static void
conn_cut(struct conn *k, enum drop why)
{
	size_t i;

	if (k->drop == DROP_NONE)
		k->drop = why;
	for (i = 0; i < CONN_FDS; i++)
		if (k->fds[i] >= 0)
			shutdown(k->fds[i], SHUT_RDWR);
}

/* conn_main: the connection's thread: sends k->job when told, until the
 * sender quits */
static void *
conn_main(void *arg)
{
	struct conn *k = arg;
	struct sender *snd = k->snd;

	pthread_mutex_lock(&snd->mu);
	for (;;) {
		CURLcode res;
		long code = 0;

		while (!k->go && !snd->quit)
			pthread_cond_wait(&snd->work, &snd->mu);
		if (!k->go)
			break;
		k->go = 0;
		pthread_mutex_unlock(&snd->mu);
		res = curl_easy_perform(k->easy);
		curl_easy_getinfo(k->easy, CURLINFO_RESPONSE_CODE, &code);
		pthread_mutex_lock(&snd->mu);
		k->res = res;
		k->code = code;
		k->finished = 1;
		pthread_cond_signal(&snd->news);
	}
	pthread_mutex_unlock(&snd->mu);
	return NULL;
}

/* ---- connections ---- */

static int
conn_setup(struct sender *snd, struct conn *k, const char *password)
{
	const struct conf *c = snd->c;
	long t = c->smtp_timeout;
	CURL *e;
	size_t i;

	k->snd = snd;
	for (i = 0; i < CONN_FDS; i++)
		k->fds[i] = -1;
	buf_init(&k->msg, NEWSLETTER_MESSAGE_MAX);
	if ((k->easy = e = curl_easy_init()) == NULL)
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, snd->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(e, CURLOPT_READDATA, k);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, k);
	curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
	curl_easy_setopt(e, CURLOPT_SOCKOPTDATA, k);
	curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, close_cb);
	curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, k);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, k->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* connect, TLS, greeting, EHLO, STARTTLS and AUTH together; each
	 * later reply is watched by the sender (watch), curl's own reply
	 * timeout only behind it.  No overall timeout: a message waiting at
	 * the gate waits on us, not on the server. */
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, t);
	curl_easy_setopt(e, CURLOPT_SERVER_RESPONSE_TIMEOUT, t + 2);
	curl_easy_setopt(e, CURLOPT_USE_SSL, strcmp(c->smtp_tls, "none") == 0 ?
	    (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->smtp_ca_file != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, c->smtp_ca_file);
	if (c->smtp_username != NULL) {
		curl_easy_setopt(e, CURLOPT_USERNAME, c->smtp_username);
		curl_easy_setopt(e, CURLOPT_PASSWORD,
		    password != NULL ? password : "");
	}
	return 0;
}

/* conn_free: after its thread has ended */
static void
conn_free(struct conn *k)
{
	if (k->easy != NULL)
		curl_easy_cleanup(k->easy);
	buf_free(&k->msg);
	free(k->mail_from);
	curl_slist_free_all(k->rcpt);
	if (k->job != NULL) {
		job_clear(k->job);
		free(k->job);
	}
}

/* next_job: the next due delivery, skipping (and recording) those whose
 * subscriber is no longer active; NULL when there is none */
static struct job *
next_job(struct sender *snd)
{
	for (;;) {
		struct job *copy;

		/* a message dropped for a timeout: once more, at once */
		if ((copy = snd->retry) != NULL) {
			if ((snd->retry = copy->next) == NULL)
				snd->retry_tail = &snd->retry;
			copy->next = NULL;
			return copy;
		}
		/* replies first, looked for again every second: an
		 * acknowledgement never waits behind an issue */
		if (snd->oq.next >= snd->oq.n &&
		    (snd->outbox_checked == 0 ||
		    time_mono() - snd->outbox_checked >= 1.0) &&
		    fetch_outbox(snd) < 0)
			return NULL;
		if ((copy = jobq_take(&snd->oq)) != NULL)
			return copy;
		if (snd->queue.next >= snd->queue.n) {
			if (snd->exhausted || fetch(snd) < 0 ||
			    snd->queue.n == 0)
				return NULL;
		}
		copy = jobq_take(&snd->queue);
		if (copy->status == NULL || strcmp(copy->status, "active") != 0) {
			/* unsubscribed, bounced… since the issue was built */
			int r = record(snd, copy, O_SKIP, 0,
			    "subscriber no longer active");

			job_clear(copy);
			free(copy);
			if (r < 0)
				return NULL;
			continue;
		}
		return copy;
	}
}

/* start: the next delivery on idle connection k; 0 started, 1 nothing
 * to start, -1 fatal */
static int
start(struct sender *snd, struct conn *k)
{
	struct nl_issue *is;
	struct job *j;
	char *err = NULL;

	if ((j = next_job(snd)) == NULL)
		return snd->fatal != NULL ? -1 : 1;
	if (j->outbox) {
		/* a reply: composed when it was queued */
		buf_reset(&k->msg);
		if (buf_append(&k->msg, j->raw, j->raw_len) < 0) {
			record(snd, j, O_FAIL, 0, "message too large");
			job_clear(j);
			free(j);
			return snd->fatal != NULL ? -1 : 0;
		}
		free(k->mail_from);
		k->mail_from = xasprintf("<%s>", j->env_from != NULL ?
		    j->env_from : "");
		goto ready;
	}
	if ((is = issue_of(snd, j->issue)) == NULL) {
		job_clear(j);
		free(j);
		return -1;
	}
	if (newsletter_message(is, j->email, j->name, j->sub_token, j->token,
	    &k->msg, &err) < 0) {
		/* this subscriber's message cannot be made: not a bounce */
		log_error("delivery %ld: %s: cannot compose: %s", j->id,
		    j->email, err);
		record(snd, j, O_SKIP, 0, err);
		free(err);
		job_clear(j);
		free(j);
		return snd->fatal != NULL ? -1 : 0;
	}
	free(k->mail_from);
	{
		char *verp = newsletter_verp(snd->c, j->token);

		k->mail_from = xasprintf("<%s>", verp);
		free(verp);
	}
ready:
	k->job = j;
	k->off = 0;
	k->stalled = 0;
	k->errbuf[0] = '\0';
	k->fail_cmd[0] = k->fail_reply[0] = '\0';
	curl_slist_free_all(k->rcpt);
	{
		char *r = xasprintf("<%s>", j->email);

		k->rcpt = curl_slist_append(NULL, r);
		free(r);
	}
	curl_easy_setopt(k->easy, CURLOPT_MAIL_FROM, k->mail_from);
	curl_easy_setopt(k->easy, CURLOPT_MAIL_RCPT, k->rcpt);
	curl_easy_setopt(k->easy, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)k->msg.len);
	/* after a cut, not the old connection: the server may still hold
	 * the previous message's end of DATA */
	curl_easy_setopt(k->easy, CURLOPT_FRESH_CONNECT, (long)k->fresh);
	k->fresh = 0;
	pthread_mutex_lock(&snd->mu);
	k->cmd[0] = k->reply[0] = '\0';
	k->at_end = k->at_gate = 0;
	k->drop = DROP_NONE;
	k->finished = 0;
	k->moved = time_mono();
	k->go = 1;
	pthread_cond_broadcast(&snd->work);
	pthread_mutex_unlock(&snd->mu);
	return 0;
}

static void
trouble(struct sender *snd, const char *why, const char *reply)
{
	if (snd->trouble != NULL)
		return;
	snd->trouble = reply != NULL && *reply != '\0' ?
	    xasprintf("%s (server said: %s)", why, reply) : xstrdup(why);
}

/* gate_open: the gate free again, the threads told (snd->mu held) */
static void
gate_open(struct sender *snd, struct conn *k)
{
	if (snd->gate == k) {
		snd->gate = NULL;
		pthread_cond_broadcast(&snd->work);
	}
}

/* step_of: the wait a connection was in, for the log; *per_message 1
 * when it was about one message (not connecting or logging in) */
static const char *
step_of(const struct conn *k, int *per_message)
{
	*per_message = 1;
	if (k->at_end)
		return "end of DATA";
	if (strcmp(k->cmd, "MAIL") == 0)
		return "MAIL FROM";
	if (strcmp(k->cmd, "RCPT") == 0)
		return "RCPT TO";
	if (strcmp(k->cmd, "DATA") == 0)
		return strncmp(k->reply, "354", 3) == 0 ?
		    "message body (it stopped reading)" : "DATA command";
	*per_message = 0;
	if (k->cmd[0] == '\0')
		return "greeting (or the TCP connect or TLS handshake "
		    "before it)";
	if (strcmp(k->cmd, "AUTH") == 0)
		return "AUTH";
	if (strcmp(k->cmd, "STARTTLS") == 0)
		return "STARTTLS (or its TLS handshake)";
	return k->cmd;
}

/* collect: the end of k's message: its answer committed, or it stays
 * due (dropped, stopped, no answer) */
static void
collect(struct sender *snd, struct conn *k)
{
	struct job *j = k->job;
	const char *cmd, *reply;
	CURLcode res = k->res;
	long code = k->code;
	enum drop drop;
	int per_message;

	pthread_mutex_lock(&snd->mu);
	drop = k->drop;
	k->finished = 0;
	pthread_mutex_unlock(&snd->mu);
	k->job = NULL;
	if (res != CURLE_OK)
		k->fresh = 1;
	/* the recipient's or the message's own answer?  (after a refusal
	 * curl sends QUIT: the refused command is the one kept) */
	cmd = k->fail_reply[0] != '\0' ? k->fail_cmd : k->cmd;
	reply = k->fail_reply[0] != '\0' ? k->fail_reply : k->reply;
	per_message = k->at_end || strcmp(cmd, "RCPT") == 0 ||
	    strcmp(cmd, "DATA") == 0;
	if (res == CURLE_OK) {
		snd->timeouts = 0;
		record(snd, j, O_SENT, code ? code : 250, k->reply);
	} else if (drop == DROP_STOP) {
		if (snd->fatal == NULL)
				log_info("%s %ld: %s: not finished before the stop; "
			    "it stays due", j->outbox ? "reply" : "delivery",
			    j->id, j->email);
	} else if (drop == DROP_TIMEOUT || res == CURLE_OPERATION_TIMEDOUT) {
		/* ours (watch), or curl's behind it (while the sender was
		 * held in a ledger write) */
		const char *step = step_of(k, &per_message);
		char *why = xasprintf("mail server %s did not answer the %s "
		    "within %ld s", snd->server, step, snd->c->smtp_timeout);

		/* while connecting or logging in, or one message after the
		 * other: the server is away, not a message */
		if (!per_message || ++snd->timeouts > snd->n_conns)
			trouble(snd, why, NULL);
		free(why);
		if (per_message)
			log_warn("mail server %s did not answer the %s for "
			    "%s %ld within %ld s; it stays due%s", snd->server,
			    step, j->outbox ? "reply" : "delivery", j->id,
			    snd->c->smtp_timeout, !j->retried &&
			    snd->trouble == NULL ? " (tried once more now)" : "");
		if (!j->retried && per_message && snd->trouble == NULL) {
			j->retried = 1;
			*snd->retry_tail = j;
			snd->retry_tail = &j->next;
			j = NULL;
		}
	} else if (per_message && code >= 400 && code < 500) {
		snd->timeouts = 0;
		record(snd, j, O_DEFER, code, reply);
		if (code == 421)
			trouble(snd, "the server is closing the connection",
			    reply);
	} else if (per_message && code >= 500 && code < 600) {
		snd->timeouts = 0;
		record(snd, j, O_FAIL, code, reply);
	} else
		/* no answer about this message: it stays due */
		trouble(snd, k->errbuf[0] ? k->errbuf : curl_easy_strerror(res),
		    reply);
	if (j != NULL) {
		job_clear(j);
		free(j);
	}
	/* the answer is committed (or there is none to commit): the next
	 * message may end its DATA (after a failed run, none may: they are
	 * dropped before their final dot, read_cb) */
	pthread_mutex_lock(&snd->mu);
	gate_open(snd, k);
	pthread_mutex_unlock(&snd->mu);
}

/*
 * watch: the deadlines of the connections busy on the server, the
 * patience of the gate, the stop.  A wait on the server (a reply, the
 * body being read) longer than [smtp] timeout cuts that connection: its
 * message stays due.  The gate's holder whose answer to the end of DATA
 * is DELIVER_PATIENCE s overdue stops holding it (stalled): the next
 * message may end its DATA while it still waits for its answer.  After
 * a stop every message not past its final dot is cut at once, and one
 * waiting for its answer STOP_GRACE s later.
 */
static void
watch(struct sender *snd, int stopping, double stop_at)
{
	double now = time_mono(), t = (double)snd->c->smtp_timeout;
	size_t i;

	pthread_mutex_lock(&snd->mu);
	for (i = 0; i < snd->n_conns; i++) {
		struct conn *k = &snd->conns[i];

		if (k->job == NULL || k->finished || k->drop != DROP_NONE)
			continue;
		if (stopping) {
			if (!k->at_end || now - stop_at >= STOP_GRACE)
				conn_cut(k, DROP_STOP);
			continue;
		}
		if (!k->at_gate && now - k->moved > t)
			conn_cut(k, DROP_TIMEOUT);
		else if (snd->gate == k && k->at_end && !k->stalled &&
		    now - k->end_at > DELIVER_PATIENCE) {
			k->stalled = 1;
			gate_open(snd, k);
			log_info("%s %ld: no answer to the end of DATA after "
			    "%d s; the next message may end its DATA",
			    k->job->outbox ? "reply" : "delivery", k->job->id,
			    DELIVER_PATIENCE);
		}
	}
	pthread_mutex_unlock(&snd->mu);
}

/* thread_start: k's thread, on a stack of its own (a guard page below
 * it) that thread_end unmaps: the AUTH exchange passes through the
 * thread's frames, and a stack glibc keeps for its next thread would
 * hold what they left (secrets.sh: no password in a core image) */
static int
thread_start(struct conn *k)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	pthread_attr_t a;
	void *m;
	int r;

	m = mmap(NULL, THREAD_STACK + page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	if (mprotect(m, page, PROT_NONE) < 0 ||
	    pthread_attr_init(&a) != 0) {
		munmap(m, THREAD_STACK + page);
		return -1;
	}
	r = pthread_attr_setstack(&a, (char *)m + page, THREAD_STACK);
	if (r == 0)
		r = pthread_create(&k->thread, &a, conn_main, k);
	pthread_attr_destroy(&a);
	if (r != 0) {
		munmap(m, THREAD_STACK + page);
		return -1;
	}
	k->stack = m;
	k->thread_up = 1;
	return 0;
}

/* thread_end: k's thread joined, its stack unmapped */
static void
thread_end(struct conn *k)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (!k->thread_up)
		return;
	pthread_join(k->thread, NULL);
	/* unmapped, its pages go back to the kernel: nothing of them is
	 * left in this process (a core image), and no next thread reuses
	 * them (no wipe: the dead thread's frames are not ours to touch) */
	munmap(k->stack, THREAD_STACK + page);
	k->stack = NULL;
	k->thread_up = 0;
}

/* ---- the run ---- */

static char *
read_password(const struct conf *c, char **error_r)
{
	const char *err;
	char *pw;
	size_t len;

	if (c->smtp_username == NULL)
		return NULL;
	if (c->smtp_password_file == NULL)
		return (pw = secret_env_get("RECRUITD_SMTP_PASSWORD")) != NULL ?
		    pw : xstrdup("");
	if (file_read(c->smtp_password_file, 4096, &pw, &len, &err) < 0) {
		*error_r = xasprintf("[smtp] password_file %s: %s",
		    c->smtp_password_file, err);
		return NULL;
	}
	while (len > 0 && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
		pw[--len] = '\0';
	return pw;
}

/* smtp_url: the configured URL with the EHLO name (the From domain) as
 * its path when it has none */
static char *
smtp_url(const struct conf *c)
{
	const char *host = strstr(c->smtp_url, "://") + 3;
	const char *slash = strchr(host, '/'), *at;
	char *from, *url;

	if (slash != NULL && slash[1] != '\0')
		return xstrdup(c->smtp_url);
	from = compose_from_address(c->from);
	at = strrchr(from, '@');
	url = xasprintf("%.*s/%s", (int)(slash != NULL ?
	    (size_t)(slash - c->smtp_url) : strlen(c->smtp_url)), c->smtp_url,
	    at != NULL ? at + 1 : "");
	free(from);
	return url;
}

/* smtp_server: "host:port" of the configured URL, for the log */
static char *
smtp_server(const struct conf *c)
{
	const char *host = strstr(c->smtp_url, "://") + 3;
	size_t n = strcspn(host, "/");
	const char *close = memchr(host, ']', n);
	const char *colon = memchr(close != NULL ? close : host, ':',
	    n - (size_t)((close != NULL ? close : host) - host));

	if (colon != NULL)
		return xasprintf("%.*s", (int)n, host);
	return xasprintf("%.*s:%s", (int)n, host,
	    strncmp(c->smtp_url, "smtps:", 6) == 0 ? "465" : "25");
}

static int
lock_sending(const struct conf *c)
{
	char *path = xasprintf("%s.send-lock", c->database);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	free(path);
	if (fd < 0)
		return -2;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* next_due: when the next deferred delivery or reply is due (0: none
 * or unknown) */
static time_t
next_due(struct store *st)
{
	const char *err;
	long d = 0, o = 0;

	if (store_delivery_next_due(st, &d, &err) < 0)
		d = 0;
	if (store_outbox_next_due(st, &o, &err) < 0)
		o = 0;
	return (time_t)(d == 0 || (o != 0 && o < d) ? o : d);
}

enum deliver_result
deliver_run(const struct conf *c, struct store *st,
    volatile sig_atomic_t *stop, struct deliver_stats *stats, time_t *next_r,
    char **error_r)
{
	static int curl_ready;
	struct sender snd;
	enum deliver_result r = DELIVER_DONE;
	char *password = NULL;
	sigset_t all, old;
	pthread_condattr_t ca;
	double stop_at = 0;
	size_t i;
	int lock, stopping = 0;

	memset(stats, 0, sizeof(*stats));
	*next_r = 0;
	*error_r = NULL;
	if (!c->has_smtp)
		return DELIVER_DONE;
	if ((lock = lock_sending(c)) == -1)
		return DELIVER_BUSY;
	if (lock < 0) {
		*error_r = xasprintf("%s.send-lock: %s", c->database,
		    strerror(errno));
		return DELIVER_ERROR;
	}
	if (!curl_ready) {
		if (secret_curl_global_init() < 0) {
			*error_r = xstrdup("curl_global_init failed");
			close(lock);
			return DELIVER_ERROR;
		}
		curl_ready = 1;
	}
	memset(&snd, 0, sizeof(snd));
	snd.c = c;
	snd.st = st;
	snd.stop = stop;
	snd.stats = stats;
	snd.now = time(NULL);
	snd.queue.j = xcalloc(BATCH, sizeof(*snd.queue.j));
	snd.oq.j = xcalloc(BATCH, sizeof(*snd.oq.j));
	snd.interval = c->smtp_rate > 0 ? 1.0 / c->smtp_rate : 0;
	snd.next_start = time_mono();
	snd.url = smtp_url(c);
	snd.server = smtp_server(c);
	snd.retry_tail = &snd.retry;
	pthread_mutex_init(&snd.mu, NULL);
	pthread_cond_init(&snd.work, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&snd.news, &ca);
	pthread_condattr_destroy(&ca);

	/* nothing due (the worker runs at every wake-up): no password
	 * read, no connection opened */
	if (fetch_outbox(&snd) < 0 || (snd.oq.n == 0 &&
	    (fetch(&snd) < 0 || snd.queue.n == 0)))
		goto finish;
	password = read_password(c, error_r);
	if (*error_r != NULL) {
		r = DELIVER_ERROR;
		goto out;
	}
	snd.n_conns = (size_t)c->smtp_connections;
	snd.conns = xcalloc(snd.n_conns, sizeof(*snd.conns));
	for (i = 0; i < snd.n_conns; i++)
		if (conn_setup(&snd, &snd.conns[i], password) < 0) {
			*error_r = xstrdup("curl_easy_init failed");
			r = DELIVER_ERROR;
			goto out;
		}
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
		password = NULL;
	}
	/* the threads take no signal: SIGTERM reaches this one, whose
	 * waits are short (TICK) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < snd.n_conns; i++)
		if (thread_start(&snd.conns[i]) < 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (i < snd.n_conns) {
		*error_r = xstrdup("cannot start a sending thread");
		r = DELIVER_ERROR;
		goto out;
	}

	for (;;) {
		double wait = TICK, now;
		size_t busy;

		if (stop != NULL && *stop && !stopping) {
			stopping = 1;
			stop_at = time_mono();
			pthread_mutex_lock(&snd.mu);
			snd.halt = 1;   /* those at the gate: dropped */
			pthread_cond_broadcast(&snd.work);
			pthread_mutex_unlock(&snd.mu);
		}
		/* start messages on idle connections */
		for (i = 0; i < snd.n_conns && !stopping && !snd.trouble &&
		    !snd.fatal && !(snd.exhausted && snd.retry == NULL &&
		    snd.queue.next >= snd.queue.n); i++) {
			struct conn *k = &snd.conns[i];

			if (k->job != NULL)
				continue;
			now = time_mono();
			if (snd.interval > 0 && now < snd.next_start) {
				if (snd.next_start - now < wait)
					wait = snd.next_start - now;
				break;
			}
			if (start(&snd, k) != 0)
				break;
			if (snd.interval > 0)
				snd.next_start = (snd.next_start > now ?
				    snd.next_start : now) + snd.interval;
		}
		if (snd.fatal != NULL) {
			/* no message may end its DATA any more */
			pthread_mutex_lock(&snd.mu);
			snd.halt = 1;
			pthread_cond_broadcast(&snd.work);
			pthread_mutex_unlock(&snd.mu);
		}
		/* the answers that came */
		for (i = busy = 0; i < snd.n_conns; i++) {
			struct conn *k = &snd.conns[i];
			int fin;

			if (k->job == NULL)
				continue;
			pthread_mutex_lock(&snd.mu);
			fin = k->finished;
			pthread_mutex_unlock(&snd.mu);
			if (fin) {
				collect(&snd, k);
				wait = 0;   /* start the next one at once */
			} else
				busy++;
		}
		watch(&snd, stopping, stop_at);
		if (busy == 0 && wait > 0 && (stopping || snd.trouble ||
		    snd.fatal || (snd.exhausted && snd.retry == NULL &&
		    snd.queue.next >= snd.queue.n)))
			break;
		if (wait > 0) {
			/* until a connection finishes, or the next look */
			struct timespec ts;
			int any = 0;

			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += (time_t)wait;
			ts.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_mutex_lock(&snd.mu);
			for (i = 0; i < snd.n_conns; i++)
				any |= snd.conns[i].job != NULL &&
				    snd.conns[i].finished;
			if (!any)
				pthread_cond_timedwait(&snd.news, &snd.mu, &ts);
			pthread_mutex_unlock(&snd.mu);
		}
	}

finish:
	if (snd.fatal != NULL) {
		*error_r = snd.fatal;
		snd.fatal = NULL;
		r = DELIVER_ERROR;
	} else if (snd.trouble != NULL) {
		*error_r = snd.trouble;
		snd.trouble = NULL;
		r = DELIVER_SERVER;
	} else if (stopping)
		r = DELIVER_STOPPED;
	/* (not after a store error: the store may be the trouble, and a
	 * stop must not wait for its lock) */
	if (r != DELIVER_ERROR) {
		const char *err;

		if (store_issue_finish(st, &err) < 0 && r == DELIVER_DONE) {
			*error_r = xasprintf("store: %s", err);
			r = DELIVER_ERROR;
		}
	}
	*next_r = next_due(st);
out:
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	/* the threads end (all idle by now, or never given a message);
	 * after a stop the idle connections are cut too: no QUIT whose
	 * answer could be waited for */
	pthread_mutex_lock(&snd.mu);
	snd.quit = 1;
	for (i = 0; i < snd.n_conns; i++)
		if (stopping)
			conn_cut(&snd.conns[i], DROP_STOP);
	pthread_cond_broadcast(&snd.work);
	pthread_mutex_unlock(&snd.mu);
	for (i = 0; i < snd.n_conns; i++)
		thread_end(&snd.conns[i]);
	for (i = 0; i < snd.n_conns; i++)
		conn_free(&snd.conns[i]);
	free(snd.conns);
	while (snd.retry != NULL) {
		struct job *j = snd.retry;

		snd.retry = j->next;
		job_clear(j);
		free(j);
	}
	pthread_cond_destroy(&snd.work);
	pthread_cond_destroy(&snd.news);
	pthread_mutex_destroy(&snd.mu);
	free(snd.server);
	jobq_clear(&snd.queue);
	jobq_clear(&snd.oq);
	free(snd.queue.j);
	free(snd.oq.j);
	for (i = 0; i < snd.n_issues; i++)
		newsletter_issue_free(snd.issues[i].is);
	free(snd.issues);
	free(snd.url);
	free(snd.trouble);
	free(snd.fatal);
	close(lock);
	return r;
}

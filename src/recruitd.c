/*
 * recruitd.c — the daemon: load the config, open the store and the
 * source, and poll (or, with --once, poll once, do the due newsletter and
 * reply work, and exit).  Signal handlers only set flags (DESIGN §4):
 * SIGTERM/SIGINT finish the batch or message in hand and exit 0, SIGHUP
 * reloads the config and templates (a bad one keeps the old running),
 * SIGUSR1 polls now.  Exit codes from sysexits.h.
 *
 * The two halves run side by side: the inbound loop in this process, the
 * outbound work (schedule, newsletter deliveries, the outbox of replies)
 * in a worker process forked from it with its own store connection, so
 * a long send never delays recording a job order and a slow IMAP server
 * never stalls deliveries.  SQLite (WAL) serialises their writes.  The
 * parent forwards SIGTERM, restarts the worker with the new config after
 * a reload and after a crash (at most every 10 s), and wakes it with
 * SIGUSR1 after a poll that recorded mail (its acknowledgements go out
 * at once).  The worker dies with the parent (PR_SET_PDEATHSIG).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "deliver.h"
#include "ingest.h"
#include "log.h"
#include "newsletter.h"
#include "resume.h"
#include "source.h"
#include "store.h"
#include "util.h"

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

static volatile sig_atomic_t got_stop, got_hup, got_usr1;
static volatile sig_atomic_t got_wake;   /* any of them: end a wait */

static void
on_signal(int sig)
{
	got_wake = 1;
	switch (sig) {
	case SIGTERM:
	case SIGINT:
		got_stop = 1;
		break;
	case SIGHUP:
		got_hup = 1;
		break;
	case SIGUSR1:
		got_usr1 = 1;
		break;
	}
}

#define BACKOFF_MAX 300L   /* seconds between reconnection attempts, at most */

/* sleep_wake: sleep up to seconds, less when a signal arrives */
static void
sleep_wake(long seconds)
{
	time_t end = time(NULL) + seconds;

	while (!got_wake && time(NULL) < end)
		sleep(1);
}

struct daemon {
	struct conf *conf;
	struct store *st;
	struct ingest *in;
	struct source *src;
	int verbose;
};

/* note: a line of the daemon's state in the store's meta table, for
 * `recruitctl status` (failures are not worth more than a debug line) */
static void
note(struct store *st, const char *key, const char *fmt, ...)
    PRINTF_LIKE(3, 4);
static void
note(struct store *st, const char *key, const char *fmt, ...)
{
	va_list ap;
	char v[512];
	const char *err;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	if (store_meta_set(st, key, v, &err) < 0)
		log_debug("status note %s: %s", key, err);
#ifdef HAVE_SYSTEMD
	if (strcmp(key, "last_poll_result") == 0)   /* systemctl status; */
		sd_notifyf(0, "STATUS=last poll %.*s",   /* one line only */
		    (int)strcspn(v, "\r\n"), v);
#endif
}

/* ---- the outbound worker ---- */

static pid_t worker;          /* 0: none */
static time_t worker_started;

static int outbound(struct daemon *d, time_t *wake_r);

/* worker_main: the child's life: its own store connection; the parent's
 * store and IMAP session are inherited but never touched (closing them
 * here would disturb the parent's); leaves with _exit */
static void
worker_main(struct conf *conf, int verbose, pid_t parent)
{
	struct daemon w;
	struct sigaction sa;
	const char *err;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(EX_OK);
	resume_detach();    /* the PDF launcher is the parent's */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGHUP, SIG_IGN);   /* the parent restarts us instead */
	got_stop = got_hup = got_usr1 = got_wake = 0;
	log_init("recruitd[outbound]", conf->log_syslog,
	    verbose ? LOGL_DEBUG : conf->log_level);
	memset(&w, 0, sizeof(w));
	w.conf = conf;
	w.verbose = verbose;
	if (store_open(conf->database, conf->files, &w.st, &err) < 0) {
		log_error("store %s: %s", conf->database, err);
		_exit(EX_IOERR);
	}
	while (!got_stop) {
		time_t wake = 0, now;
		long wait = 30;   /* a look at the outbox at least this often */

		got_wake = got_usr1 = 0;
		note(w.st, "outbound_heartbeat", "%lld", (long long)time(NULL));
		outbound(&w, &wake);
		now = time(NULL);
		note(w.st, "outbound_heartbeat", "%lld", (long long)now);
		if (wake != 0 && wake - now < wait)
			wait = wake > now ? (long)(wake - now) : 1;
		if (!got_wake)
			sleep_wake(wait);
	}
	store_close(w.st);
	_exit(EX_OK);
}

static void
start_worker(struct daemon *d)
{
	pid_t parent = getpid(), pid;

	if (!d->conf->has_smtp && !d->conf->has_newsletter)
		return;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		log_error("cannot start the outbound worker: %s",
		    strerror(errno));
		return;
	}
	if (pid == 0)
		worker_main(d->conf, d->verbose, parent);
	worker = pid;
	worker_started = time(NULL);
	log_info("outbound worker %ld started", (long)pid);
}

/* stop_worker: SIGTERM, then wait up to 5 s (it finishes the message in
 * hand), then SIGKILL */
static void
stop_worker(void)
{
	int i, status;

	if (worker <= 0)
		return;
	kill(worker, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(worker, &status, WNOHANG) == worker) {
			worker = 0;
			return;
		}
		usleep(50000);
	}
	log_warn("outbound worker %ld did not stop in 5 s; killing it",
	    (long)worker);
	kill(worker, SIGKILL);
	waitpid(worker, &status, 0);
	worker = 0;
}

/* check_worker: restart a worker that died (not more often than every
 * 10 s) */
static void
check_worker(struct daemon *d)
{
	int status;

	if (worker > 0 && waitpid(worker, &status, WNOHANG) == worker) {
		if (WIFEXITED(status))
			log_error("outbound worker %ld exited with %d",
			    (long)worker, WEXITSTATUS(status));
		else
			log_error("outbound worker %ld killed by signal %d",
			    (long)worker, WIFSIGNALED(status) ?
			    WTERMSIG(status) : 0);
		worker = -1;
	}
	if (worker < 0 && time(NULL) - worker_started >= 10) {
		worker = 0;
		start_worker(d);
	}
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: recruitd [-c FILE] [--once] [-v]\n"
	    "  -c, --config FILE  configuration (default %s)\n"
	    "  --once             one poll and any due work, then exit\n"
	    "  -v, --verbose      debug logging\n", conf_default_path());
}


static int
open_source(struct daemon *d, const char **error_r)
{
	const struct conf *c = d->conf;

	if (c->source_kind != SOURCE_MAILDIR) {
		d->src = source_imap_new(c->source, c->tls, c->ca_file,
		    c->password_file, c->processed, c->rejected, c->review,
		    c->limits.max_message_size, error_r);
		return d->src ? 0 : -1;
	}
	d->src = source_maildir_new(c->maildir, c->processed, c->rejected,
	    c->review, c->limits.max_message_size);
	return 0;
}

/* poll_once: EX_OK, EX_TEMPFAIL (source unreachable) or EX_IOERR;
 * *recorded_r (may be NULL): how many mails were recorded. */
static int
poll_once(struct daemon *d, unsigned *recorded_r)
{
	struct ingest_stats s;
	const char *err;
	int r;

	memset(&s, 0, sizeof(s));
	if (d->src->ops->open(d->src, &err) < 0) {
		log_error("inbox %s: %s", d->src->name, err);
		note(d->st, "last_poll_at", "%lld", (long long)time(NULL));
		note(d->st, "last_poll_result", "failed: %s", err);
		return EX_TEMPFAIL;
	}
	r = ingest_run(d->in, d->src, &s, &got_stop, &err);
	d->src->ops->close(d->src);
	if (recorded_r != NULL)
		*recorded_r = s.outcomes[OUT_RECORDED];
	log_info("poll %s: %u messages: %u recorded, %u ignored, %u rejected, "
	    "%u review, %u duplicate", d->src->name, s.seen,
	    s.outcomes[OUT_RECORDED], s.outcomes[OUT_IGNORED],
	    s.outcomes[OUT_REJECTED], s.outcomes[OUT_REVIEW],
	    s.outcomes[OUT_DUPLICATE]);
	note(d->st, "last_poll_at", "%lld", (long long)time(NULL));
	if (r == INGEST_SOURCE_FAIL) {
		log_error("inbox %s: %s", d->src->name, err);
		note(d->st, "last_poll_result", "failed: %s", err);
		return EX_TEMPFAIL;
	}
	if (r == INGEST_STORE_FAIL) {
		if (s.store_failed > 0)
			log_error("store: %u messages not recorded (they stay "
			    "in the mailbox): %s", s.store_failed, err);
		else
			log_error("store: %s", err);
		note(d->st, "last_poll_result", "store failed: %s", err);
		return EX_IOERR;
	}
	note(d->st, "last_poll_result", "ok: %u messages, %u recorded, %u "
	    "review, %u rejected", s.seen, s.outcomes[OUT_RECORDED],
	    s.outcomes[OUT_REVIEW], s.outcomes[OUT_REJECTED]);
	if (s.ack_failed)
		log_warn("%u messages recorded but not moved; they will be "
		    "recognised next time", s.ack_failed);
	return EX_OK;
}

/*
 * outbound: the newsletter's due work: build an issue when the schedule
 * says so, then send what is due.  *wake_r: when there is more to do
 * (the next slot or deferred retry; 0 unknown).  EX_OK (also when the
 * SMTP server is away: deferred is not failed), EX_CONFIG (templates,
 * articles), EX_IOERR (store).
 */
static int
outbound(struct daemon *d, time_t *wake_r)
{
	struct deliver_stats ds;
	time_t next_slot = 0, next_due = 0;
	char *err = NULL;
	int r = EX_OK;

	*wake_r = 0;
	if (newsletter_tick(d->conf, d->st, time(NULL), &next_slot, &err) < 0) {
		log_error("newsletter: %s", err);
		free(err);
		err = NULL;
		r = EX_CONFIG;
	}
	switch (deliver_run(d->conf, d->st, &got_stop, &ds, &next_due, &err)) {
	case DELIVER_DONE:
	case DELIVER_STOPPED:
		break;
	case DELIVER_BUSY:
		log_info("newsletter: another process is sending; not now");
		break;
	case DELIVER_SERVER:
		log_error("smtp %s: %s; the deliveries wait", d->conf->smtp_url,
		    err);
		if (next_due == 0 || next_due > time(NULL) + 60)
			next_due = time(NULL) + 60;
		break;
	case DELIVER_ERROR:
		log_error("newsletter: %s", err);
		r = EX_IOERR;
		break;
	}
	free(err);
	if (ds.sent || ds.deferred || ds.failed || ds.skipped)
		log_info("newsletter: sent %u, deferred %u, failed %u, "
		    "skipped %u", ds.sent, ds.deferred, ds.failed, ds.skipped);
	*wake_r = next_slot;
	if (next_due != 0 && (*wake_r == 0 || next_due < *wake_r))
		*wake_r = next_due;
	return r;
}

static int
setup(struct daemon *d, struct conf *conf)
{
	const char *err;

	log_init("recruitd", conf->log_syslog,
	    d->verbose ? LOGL_DEBUG : conf->log_level);
	/* d->st may be the running store, handed over by reload */
	if (d->st == NULL &&
	    store_open(conf->database, conf->files, &d->st, &err) < 0) {
		log_error("store %s: %s", conf->database, err);
		return EX_CANTCREAT;
	}
	d->conf = conf;
	if ((d->in = ingest_new(conf, d->st, &err)) == NULL) {
		log_error("%s: industries: %s", conf->path, err);
		return EX_CONFIG;
	}
	if (conf->from != NULL) {
		char *rerr = NULL;

		/* a broken reply template is a config error, like the rest */
		if (ingest_enable_replies(d->in, &rerr) < 0) {
			log_error("%s: replies: %s", conf->path, rerr);
			free(rerr);
			return EX_CONFIG;
		}
	} else
		log_info("no [addresses] from: no acknowledgements and no "
		    "subscription by mail (bounces and complaints are still "
		    "applied)");
	if (open_source(d, &err) < 0) {
		log_error("%s: %s", conf->path, err);
		return EX_CONFIG;
	}
	return EX_OK;
}

static void
teardown(struct daemon *d)
{
	source_free(d->src);
	ingest_free(d->in);
	store_close(d->st);
	conf_free(d->conf);
	memset(d, 0, sizeof(*d));
}

/* reload: a new config replaces the old only when it loads and sets up;
 * 1 when it did. */
static int
reload(struct daemon *d, const char *path)
{
	struct daemon nd;
	struct conf *nc;
	char *err;
	int verbose = d->verbose, same_db;

	if (conf_load(path, &nc, &err) < 0) {
		log_error("reload: %s; keeping the running configuration", err);
		free(err);
		return 0;
	}
	memset(&nd, 0, sizeof(nd));
	nd.verbose = verbose;
	/* the same database: keep its connection.  (Opening a second one
	 * and closing the first would leave a descriptor behind each time:
	 * SQLite keeps a closed connection's file open while another
	 * connection of the process holds a lock on it.) */
	same_db = strcmp(nc->database, d->conf->database) == 0 &&
	    strcmp(nc->files, d->conf->files) == 0;
	if (same_db) {
		nd.st = d->st;
		d->st = NULL;
	}
	if (setup(&nd, nc) != EX_OK) {
		log_error("reload: %s does not set up; keeping the running "
		    "configuration", path);
		if (nd.conf == NULL)
			conf_free(nc);
		if (same_db) {
			d->st = nd.st;
			nd.st = NULL;
		}
		teardown(&nd);
		log_init("recruitd", d->conf->log_syslog,
		    verbose ? LOGL_DEBUG : d->conf->log_level);
		return 0;
	}
	teardown(d);
	*d = nd;
	log_info("reloaded %s", path);
	return 1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "once", no_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = conf_default_path();
	struct daemon d;
	struct sigaction sa;
	struct conf *conf;
	char *err;
	int ch, once = 0, r;
	long backoff;

	memset(&d, 0, sizeof(d));
	while ((ch = getopt_long(argc, argv, "c:vh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'o':
			once = 1;
			break;
		case 'v':
			d.verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EX_USAGE;
	}
	log_init("recruitd", 0, d.verbose ? LOGL_DEBUG : LOGL_INFO);
	if (conf_load(path, &conf, &err) < 0) {
		log_error("%s", err);
		free(err);
		return EX_CONFIG;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* PDF résumés are read in children of a launcher forked now, while
	 * this process is small (resume.h) */
	resume_prepare();

	if ((r = setup(&d, conf)) != EX_OK) {
		if (d.conf == NULL)
			conf_free(conf);
		teardown(&d);
		return r;
	}
	if (once) {
		time_t wake;
		int o;

		r = poll_once(&d, NULL);
		o = got_stop ? EX_OK : outbound(&d, &wake);
		teardown(&d);
		return r != EX_OK ? r : o;
	}

	log_info("started: inbox %s, polling every %lds", d.src->name,
	    d.conf->poll_interval);
#ifdef HAVE_SYSTEMD
	sd_notify(0, "READY=1");
#endif
	start_worker(&d);
	note(d.st, "daemon_pid", "%ld", (long)getpid());
	note(d.st, "daemon_started", "%lld", (long long)time(NULL));
	backoff = 1;
	while (!got_stop) {
		long wait;
		unsigned recorded = 0;

		got_wake = 0;
		check_worker(&d);
		r = poll_once(&d, &recorded);
		note(d.st, "daemon_heartbeat", "%lld", (long long)time(NULL));
		if (recorded > 0 && worker > 0)
			kill(worker, SIGUSR1);   /* acknowledgements: now */
		if (r == EX_TEMPFAIL) {
			/* unreachable: retry with capped exponential backoff */
			wait = backoff;
			backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
			    backoff * 2;
			log_info("retrying in %lds", wait);
			sleep_wake(wait);
		} else {
			backoff = 1;
			wait = d.conf->poll_interval;
			if (d.src->ops->wait != NULL && !got_wake) {
				if (d.src->ops->wait(d.src, (int)wait,
				    &got_wake) < 0)
					log_info("%s: connection lost while "
					    "waiting; reconnecting", d.src->name);
			} else
				sleep_wake(wait);
		}
		if (got_hup) {
			got_hup = 0;
#ifdef HAVE_SYSTEMD
			sd_notify(0, "RELOADING=1");
#endif
			if (reload(&d, path)) {
				/* the worker takes the new config and templates */
				stop_worker();
				start_worker(&d);
			}
#ifdef HAVE_SYSTEMD
			sd_notify(0, "READY=1");
#endif
		}
		got_usr1 = 0;
	}
	log_info("stopping on signal");
#ifdef HAVE_SYSTEMD
	sd_notify(0, "STOPPING=1");
#endif
	stop_worker();
	note(d.st, "daemon_pid", "0");
	note(d.st, "daemon_stopped", "%lld", (long long)time(NULL));
	teardown(&d);
	return EX_OK;
}

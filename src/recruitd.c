/*
 * recruitd.c — the daemon: load the config, open the store and the
 * source, and poll (or, with --once, poll once, do the due newsletter and
 * reply work, and exit).  Signal handlers only set flags and write a
 * byte to a self-pipe (DESIGN §4), so a wait ends the moment a signal
 * arrives: SIGTERM/SIGINT finish the batch or message in hand and exit 0,
 * SIGHUP reloads the config and templates (a bad one keeps the old
 * running), SIGUSR1 polls now, SIGCHLD reaps the worker.  Exit codes
 * from sysexits.h.
 *
 * The two halves run side by side: the inbound loop in this process, the
 * outbound work (schedule, newsletter deliveries, the outbox of replies)
 * in a worker process with its own store connection, so a long send
 * never delays recording a job order and a slow IMAP server never stalls
 * deliveries.  SQLite (WAL) serialises their writes.  The worker is this
 * program again (fork, then exec of /proc/self/exe with the hidden option
 * --outbound-worker PARENT): it starts with a fresh image, so it inherits
 * neither the parent's SQLite state (a connection must not cross a fork)
 * nor any descriptor but the SMTP password's memfd (all others but 0-2
 * are closed before the exec: the IMAP TLS socket, the database and WAL,
 * the PDF launcher's socket, syslog).  The passwords given in the
 * environment are moved out of it first thing in main (secret.h): the
 * worker's environment names the memfd, never the password.
 * It reads the config file itself.  The parent forwards SIGTERM,
 * restarts the worker after a reload and, at once on SIGCHLD, after a
 * crash (not sooner than 10 s after the previous start), and wakes it
 * with SIGUSR1 after a poll that recorded mail (its acknowledgements go
 * out at once).  The worker dies with the parent (PR_SET_PDEATHSIG).  The
 * parent signals and reaps only the worker's pid, which nobody else
 * reaps; the PDF children are the launcher's (launcher.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
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
#include "launcher.h"
#include "log.h"
#include "newsletter.h"
#include "secret.h"
#include "source.h"
#include "store.h"
#include "util.h"

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

static volatile sig_atomic_t got_stop, got_hup, got_usr1, got_chld;
static volatile sig_atomic_t got_wake;   /* any of them: end a wait */
static int wake_fd[2] = { -1, -1 };     /* the self-pipe */

static void
on_signal(int sig)
{
	int saved = errno;

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
	case SIGCHLD:
		got_chld = 1;
		break;
	}
	if (wake_fd[1] >= 0 && write(wake_fd[1], "s", 1) < 0) {
		/* full: a byte is already waiting, which is enough */
	}
	errno = saved;
}

#define BACKOFF_MAX 300L   /* seconds between reconnection attempts, at most */
#define WORKER_RESTART 10.0   /* seconds between two starts of the worker */
#define WORKER_STOP 5.0    /* seconds the worker has to stop on SIGTERM */

/* wake_open: the self-pipe, before the handlers are installed */
static int
wake_open(void)
{
	return pipe2(wake_fd, O_CLOEXEC | O_NONBLOCK);
}

/* wake_wait: until seconds have passed or a signal has written the pipe
 * (a signal that came before the call has left its byte there: no race
 * between checking the flags and waiting) */
static void
wake_wait(double seconds)
{
	double end = time_mono() + seconds;

	for (;;) {
		struct pollfd p = { wake_fd[0], POLLIN, 0 };
		double left = end - time_mono();
		int pr;

		if (left <= 0)
			return;
		pr = poll(&p, 1, left > 3600 ? 3600 * 1000 :
		    (int)(left * 1000) + 1);
		if (pr > 0) {
			char b[64];

			while (read(wake_fd[0], b, sizeof(b)) > 0)
				;
			return;
		}
		if (pr < 0 && errno != EINTR)
			return;
	}
}

static void
handle_signals(int hup)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a blocking read in the IMAP session ends (EINTR)
	 * and the loop looks at the flags */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	if (hup)
		sigaction(SIGHUP, &sa, NULL);
	else
		signal(SIGHUP, SIG_IGN);   /* the parent restarts us instead */
	/* a child's end interrupts nothing: the pipe wakes the loop */
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	if (hup)
		sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
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

static pid_t worker;          /* >0 running, -1 died (restart due), 0 none */
static double worker_started;
static char *self_exe;        /* this program, for the worker's exec */

static int outbound(struct daemon *d, time_t *wake_r);

/* worker_main: the worker's life, after the exec: its config, its own
 * store connection; EX_OK when stopped */
static int
worker_main(const char *path, int verbose, pid_t parent)
{
	struct daemon w;
	struct conf *conf;
	const char *err;
	char *cerr;

	/* kept across the exec, but the parent may have died before it */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		return EX_OK;
	log_init("recruitd[outbound]", 0, verbose ? LOGL_DEBUG : LOGL_INFO);
	if (wake_open() < 0) {
		log_error("self-pipe: %s", strerror(errno));
		return EX_OSERR;
	}
	handle_signals(0);
	if (conf_load(path, &conf, &cerr) < 0) {
		log_error("%s", cerr);
		free(cerr);
		return EX_CONFIG;
	}
	log_init("recruitd[outbound]", conf->log_syslog,
	    verbose ? LOGL_DEBUG : conf->log_level);
	memset(&w, 0, sizeof(w));
	w.conf = conf;
	w.verbose = verbose;
	if (store_open(conf->database, conf->files, &w.st, &err) < 0) {
		log_error("store %s: %s", conf->database, err);
		conf_free(conf);
		return EX_IOERR;
	}
	while (!got_stop) {
		time_t wake = 0, now;
		long wait = 30;   /* a look at the outbox at least this often */

		got_usr1 = 0;
		note(w.st, "outbound_heartbeat", "%lld", (long long)time(NULL));
		outbound(&w, &wake);
		now = time(NULL);
		note(w.st, "outbound_heartbeat", "%lld", (long long)now);
		if (wake != 0 && wake - now < wait)
			wait = wake > now ? (long)(wake - now) : 1;
		if (!got_stop && !got_usr1)
			wake_wait((double)wait);
	}
	store_close(w.st);
	conf_free(conf);
	return EX_OK;
}

/* start_worker: fork and exec the worker with the config at path; a
 * failure is retried WORKER_RESTART seconds later */
static void
start_worker(struct daemon *d, const char *path)
{
	pid_t parent = getpid(), pid;
	char ppid[32], *secret_env, **envp;
	const char *argv[8];
	int n = 0, secret_fd;
	size_t ne = 0;

	if (!d->conf->has_smtp && !d->conf->has_newsletter)
		return;
	worker_started = time_mono();
	snprintf(ppid, sizeof(ppid), "%ld", (long)parent);
	argv[n++] = "recruitd";
	argv[n++] = "--outbound-worker";
	argv[n++] = ppid;
	argv[n++] = "-c";
	argv[n++] = path;
	if (d->verbose)
		argv[n++] = "-v";
	argv[n] = NULL;
	/* the SMTP password goes as its memfd, named in the environment
	 * (secret_env_handoff), never as an environment string */
	secret_fd = secret_env_handoff("RECRUITD_SMTP_PASSWORD", &secret_env);
	while (environ[ne] != NULL)
		ne++;
	envp = xcalloc(ne + 2, sizeof(*envp));
	memcpy(envp, environ, ne * sizeof(*envp));
	envp[ne] = secret_env;        /* NULL when none */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		log_error("cannot start the outbound worker: %s",
		    strerror(errno));
		worker = -1;
		free(envp);
		free(secret_env);
		return;
	}
	if (pid == 0) {
		/* only async-signal-safe calls between fork and exec */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(EX_OK);
		if (fd_close_others(secret_fd) < 0)
			_exit(EX_OSERR);
		if (secret_fd >= 0 && fcntl(secret_fd, F_SETFD, 0) < 0)
			_exit(EX_OSERR);
		execve(self_exe, (char *const *)argv, envp);
		_exit(EX_OSERR);
	}
	free(envp);
	free(secret_env);
	worker = pid;
	log_info("outbound worker %ld started", (long)pid);
}

/* worker_exited: the log line for a worker's wait status */
static void
worker_exited(pid_t pid, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == EX_OK)
		log_info("outbound worker %ld stopped", (long)pid);
	else if (WIFEXITED(status))
		log_error("outbound worker %ld exited with %d", (long)pid,
		    WEXITSTATUS(status));
	else
		log_error("outbound worker %ld killed by signal %d",
		    (long)pid, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* stop_worker: SIGTERM, then up to WORKER_STOP seconds (it finishes the
 * message in hand; its SIGCHLD ends the wait), then SIGKILL */
static void
stop_worker(void)
{
	double end;
	int status;
	pid_t w;

	if (worker <= 0) {
		worker = 0;
		return;
	}
	kill(worker, SIGTERM);   /* ours, not reaped yet: the pid is its */
	end = time_mono() + WORKER_STOP;
	for (;;) {
		w = waitpid(worker, &status, WNOHANG);
		if (w == worker) {
			worker_exited(worker, status);
			worker = 0;
			return;
		}
		if (w < 0 && errno != EINTR) {
			worker = 0;
			return;
		}
		if (time_mono() >= end)
			break;
		wake_wait(end - time_mono());
	}
	log_warn("outbound worker %ld did not stop in %.0f s; killing it",
	    (long)worker, WORKER_STOP);
	kill(worker, SIGKILL);
	while (waitpid(worker, &status, 0) < 0 && errno == EINTR)
		;
	worker = 0;
}

/* reap_worker: after a SIGCHLD: a worker that died is noted for restart
 * (only its pid is waited for: other children are not ours to reap) */
static void
reap_worker(void)
{
	int status;
	pid_t w;

	if (worker <= 0)
		return;
	while ((w = waitpid(worker, &status, WNOHANG)) < 0 && errno == EINTR)
		;
	if (w == 0)
		return;
	if (w == worker)
		worker_exited(worker, status);
	worker = -1;
}

/* worker_due: restarts a dead worker when WORKER_RESTART seconds have
 * passed since the last start; the seconds left until then, 0 when
 * nothing waits */
static double
worker_due(struct daemon *d, const char *path)
{
	double left;

	if (worker >= 0)
		return 0;
	left = worker_started + WORKER_RESTART - time_mono();
	if (left > 0)
		return left;
	worker = 0;
	start_worker(d, path);
	return worker < 0 ? WORKER_RESTART : 0;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: recruitd [-c FILE] [--once] [-v]\n"
	    "       recruitd --help | --version\n"
	    "  -c, --config FILE  configuration (default %s)\n"
	    "  --once             one poll and any due work, then exit\n"
	    "  -v, --verbose      debug logging\n"
	    "  -h, --help         this text\n"
	    "  --version          the version\n"
	    "Signals: TERM stop, HUP reload, USR1 poll now.  "
	    "See recruitd(8).\n", conf_default_path());
}


static int
open_source(struct daemon *d, const char **error_r)
{
	const struct conf *c = d->conf;

	if (c->source_kind != SOURCE_MAILDIR) {
		d->src = source_imap_new(c->source, c->tls, c->ca_file,
		    c->password_file, c->processed, c->rejected, c->review,
		    c->limits.max_message_size, (unsigned)c->inbox_timeout,
		    error_r);
		if (d->src == NULL)
			return -1;
		/* SIGTERM ends any wait on the server at once */
		source_set_stop(d->src, wake_fd[0], &got_stop);
		return 0;
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
		/* a stop cut the connection short: said, not an error */
		if (got_stop)
			log_info("inbox %s: %s", d->src->name, err);
		else
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
		if (got_stop)
			log_info("inbox %s: %s", d->src->name, err);
		else
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
		log_error("%s: %s", conf->path, err);
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

/* self_path: this program's file, for the worker's exec (valgrind
 * answers for its client here) */
static char *
self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0 || (size_t)n >= sizeof(buf) - 1)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* daemon_loop: poll, wait, act on signals, until SIGTERM */
static void
daemon_loop(struct daemon *d, const char *path)
{
	double next_poll, now, wait, restart_in;
	long backoff = 1;
	int idle = 0, r;

	next_poll = time_mono();
	while (!got_stop) {
		unsigned recorded = 0;

		if (got_chld) {
			got_chld = 0;
			reap_worker();
		}
		if (got_hup) {
			got_hup = 0;
#ifdef HAVE_SYSTEMD
			sd_notify(0, "RELOADING=1");
#endif
			if (reload(d, path)) {
				/* the worker takes the new config and templates */
				stop_worker();
				start_worker(d, path);
			}
#ifdef HAVE_SYSTEMD
			sd_notify(0, "READY=1");
#endif
			next_poll = time_mono();
		}
		if (got_usr1) {
			got_usr1 = 0;
			next_poll = time_mono();
		}
		restart_in = worker_due(d, path);
		if (got_stop)
			break;
		now = time_mono();
		if (now >= next_poll) {
			r = poll_once(d, &recorded);
			note(d->st, "daemon_heartbeat", "%lld",
			    (long long)time(NULL));
			if (recorded > 0 && worker > 0)
				kill(worker, SIGUSR1);   /* acknowledgements: now */
			if (r == EX_TEMPFAIL && !got_stop) {
				/* unreachable: retry with capped exponential
				 * backoff */
				log_info("retrying in %lds", backoff);
				next_poll = time_mono() + backoff;
				backoff = backoff * 2 > BACKOFF_MAX ?
				    BACKOFF_MAX : backoff * 2;
				idle = 0;
			} else {
				backoff = 1;
				next_poll = time_mono() + d->conf->poll_interval;
				idle = d->src->ops->wait != NULL;
			}
			continue;
		}
		wait = next_poll - now;
		if (restart_in > 0 && restart_in < wait)
			wait = restart_in;
		if (idle) {
			/* the source waits (IMAP IDLE), watching got_wake and
			 * the pipe: a signal from here on ends it.  Bytes of
			 * signals already seen go first (their flags are
			 * checked below), or the pipe would end the wait at
			 * once. */
			char b[64];

			got_wake = 0;
			while (read(wake_fd[0], b, sizeof(b)) > 0)
				;
			if (got_stop || got_hup || got_usr1 || got_chld)
				continue;
			r = d->src->ops->wait(d->src, (int)wait + 1, &got_wake);
			if (r < 0)
				log_info("%s: connection lost while waiting; "
				    "reconnecting", d->src->name);
			/* new mail, a lost connection, or the interval over
			 * (not a wait cut short for the worker's restart) */
			if (r != 0 || (!got_wake && wait >= next_poll - now))
				next_poll = time_mono();
		} else
			wake_wait(wait);
	}
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "once", no_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "outbound-worker", required_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = conf_default_path();
	struct daemon d;
	struct conf *conf;
	char *err;
	const char *serr = NULL;
	int ch, once = 0, r, stashed;
	long parent = 0;

	/* the passwords out of the environment (and /proc/PID/environ)
	 * before anything else; the worker takes over the memfd its parent
	 * handed down (secret.h).  Said once logging is set up. */
	stashed = secret_env_stash(&serr);
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
		case 'V':
			printf("%s\n", PACKAGE_STRING);
			return EX_OK;
		case 'W': {
			char *end;

			errno = 0;
			parent = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || parent <= 1) {
				usage(stderr);
				return EX_USAGE;
			}
			break;
		}
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EX_USAGE;
	}
	if (parent > 0)
		return worker_main(path, d.verbose, (pid_t)parent);
	log_init("recruitd", 0, d.verbose ? LOGL_DEBUG : LOGL_INFO);
	if (stashed < 0)
		log_warn("%s", serr);
	if (conf_load(path, &conf, &err) < 0) {
		log_error("%s", err);
		free(err);
		return EX_CONFIG;
	}
	if (wake_open() < 0) {
		log_error("self-pipe: %s", strerror(errno));
		conf_free(conf);
		return EX_OSERR;
	}
	handle_signals(1);
	/* PDF résumés are read in children of a launcher forked now, while
	 * this process is small (launcher.h) */
	launcher_prepare();

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

	if ((self_exe = self_path()) == NULL) {
		log_error("cannot find this program's file (/proc/self/exe) "
		    "for the outbound worker: %s", strerror(errno));
		teardown(&d);
		return EX_OSERR;
	}
	log_info("started: inbox %s, polling every %lds", d.src->name,
	    d.conf->poll_interval);
#ifdef HAVE_SYSTEMD
	sd_notify(0, "READY=1");
#endif
	start_worker(&d, path);
	note(d.st, "daemon_pid", "%ld", (long)getpid());
	note(d.st, "daemon_started", "%lld", (long long)time(NULL));
	daemon_loop(&d, path);
	log_info("stopping on signal");
#ifdef HAVE_SYSTEMD
	sd_notify(0, "STOPPING=1");
#endif
	stop_worker();
	note(d.st, "daemon_pid", "0");
	note(d.st, "daemon_stopped", "%lld", (long long)time(NULL));
	teardown(&d);
	free(self_exe);
	return EX_OK;
}

/*
 * launcher.c — the processes that sandbox untrusted-input work
 * (launcher.h): the PDF conversion's child, and the launcher that forks
 * it.  resume.c keeps the text extraction; this file only forks, limits,
 * kills and reaps.
 *
 * Why a launcher: forking the ingesting process for every PDF cost more
 * than poppler's work on a typical résumé (fork() copies the page tables
 * of a process with tens of megabytes mapped, every page either side then
 * faults once, and the child tears it all down at _exit).  So the
 * children are forked by a launcher: a process forked once, while the
 * caller is small, that keeps no descriptor but its socket and its
 * SIGCHLD self-pipe.  It is a grandchild (the middle process exits at
 * once), so the caller has no child of its own from here to reap.
 *
 * The protocol on the socket (one struct launcher_req per message):
 *   caller -> launcher  'R' the work, the limits and n, the result pipe's
 *                           write end (SCM_RIGHTS), then n bytes
 *                       'K' pid: kill that child if it is still running
 *   launcher -> caller  'S' pid started, 'E' errno (could not fork),
 *                       'W' pid and its wait status (reaped)
 * The launcher is the only process that signals or reaps its children:
 * a kill by the caller would race with the launcher's waitpid (the pid
 * reaped and reused in between).  It enforces a deadline of its own too,
 * a little after the caller's, and kills its child and leaves when the
 * caller's end of the socket closes.  The caller may send the next 'R'
 * before the previous child's 'W' (it stops reading at a whole answer):
 * the launcher serves it once the previous child is reaped, and the
 * caller skips 'W' answers for pids it no longer waits for.
 *
 * Without a launcher (valgrind, which must see the fork; or when it
 * cannot be started or fails) launcher_run forks the child itself, and
 * then kills and reaps it itself.
 *
 * Ownership: launcher_run fills the caller's buffer; the data is copied
 * to the launcher (the child's copy is the launcher's memory).
 *
 * SECURITY: the child runs code that parses bytes from strangers
 * (poppler, a large C++ code base that can loop or eat memory on hostile
 * input): RLIMIT_CPU, RLIMIT_AS (current size + 512 MB; skipped under
 * sanitizers and valgrind, whose shadow mappings exceed any such limit),
 * no core file, default signal handlers, death with the process that
 * forked it (PR_SET_PDEATHSIG), its stderr a pipe the caller reads (at
 * most its buffer's ceiling kept) or /dev/null, every descriptor but 0-2
 * and its pipe closed before the work (the IMAP TLS socket, SQLite's database and
 * WAL descriptors, the launcher's socket); a setrlimit or close that
 * fails ends the child before the work (LAUNCHER_EXIT_SANDBOX).  The
 * caller reads at most its buffer's ceiling back, and always has the
 * child killed and reaped.  fork() in a threaded caller is safe here
 * only because the child touches nothing but its own allocations and the
 * work's library; recruitd is single-threaded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_VALGRIND_VALGRIND_H
#include <valgrind/valgrind.h>
#endif

#include "launcher.h"
#include "log.h"
#include "util.h"

/* address space the child may add to what it inherited */
#define CHILD_MAX_AS       (512ul * 1024 * 1024)
/* how long past the caller's deadline the launcher waits before it
 * kills a child by itself (the caller normally asks first) */
#define LAUNCHER_GRACE     5.0
/* how long the caller waits for the launcher's answers to a request or
 * a kill before it gives the launcher up */
#define LAUNCHER_ANSWER    10.0

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LAUNCHER_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define LAUNCHER_SANITIZED 1
#endif
#endif
#ifndef LAUNCHER_SANITIZED
#define LAUNCHER_SANITIZED 0
#endif
/* under valgrind the process's address space is valgrind's too, and a
 * child forked by an unseen process escapes its checks */
#ifdef RUNNING_ON_VALGRIND
#define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#else
#define UNDER_VALGRIND() 0
#endif

struct launcher_req {
	char kind;              /* 'R' run, 'K' kill */
	int32_t pid;            /* 'K': the child */
	uint64_t n;             /* 'R': bytes that follow */
	launcher_work *work;    /* 'R': same program image (fork only) */
	struct limits lim;
};

struct launcher_rep {
	char kind;              /* 'S' started, 'E' failed (v = errno),
	                           'W' reaped (v = wait status, -1 unknown) */
	int32_t pid;
	int32_t v;
};

static struct {
	int fd;                 /* our end of the socket, -1 none */
	pid_t owner;            /* the process that started it */
} launcher = { -1, 0 };

/* poll_ms: milliseconds to a deadline for poll(2), at most a minute */
static int
poll_ms(double deadline)
{
	double left = deadline - time_mono();

	if (left < 0)
		return 0;
	if (left > 60)
		left = 60;
	return (int)(left * 1000) + 1;
}

/*
 * io_all: all n bytes through fd, read into in, or written from out
 * (send(2) with MSG_NOSIGNAL on a socket, write(2) on a pipe); EINTR is
 * retried, a short count continued.  0, or -1 on an error or end of file.
 */
enum io_op { IO_READ, IO_WRITE, IO_SEND };

static int
io_all(int fd, enum io_op op, void *in, const void *out, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k;

		if (op == IO_READ)
			k = read(fd, (char *)in + done, n - done);
		else if (op == IO_SEND)
			k = send(fd, (const char *)out + done, n - done,
			    MSG_NOSIGNAL);
		else
			k = write(fd, (const char *)out + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

static int
sock_write_all(int fd, const void *p, size_t n)
{
	return io_all(fd, IO_SEND, NULL, p, n);
}

int
launcher_write_all(int fd, const void *p, size_t n)
{
	return io_all(fd, IO_WRITE, NULL, p, n);
}

static int
read_all(int fd, void *p, size_t n)
{
	return io_all(fd, IO_READ, p, NULL, n);
}

/* ---- the child ---- */

/* limit_as: room for this much more address space than we have now */
static int
limit_as(void)
{
	struct rlimit rl;
	unsigned long pages = 0;
	long psize = sysconf(_SC_PAGESIZE);
	FILE *f;

	/* shadow memory is terabytes of address space; valgrind's own
	 * mappings count against the limit */
	if (LAUNCHER_SANITIZED || UNDER_VALGRIND())
		return 0;
	f = fopen("/proc/self/statm", "re");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	if (pages == 0)
		return -1;
	if (psize <= 0)
		psize = 4096;
	if (pages > (RLIM_INFINITY - CHILD_MAX_AS) / (unsigned long)psize)
		return 0;   /* no limit could be lower than what it has */
	rl.rlim_cur = rl.rlim_max = pages * (unsigned long)psize +
	    CHILD_MAX_AS;
	return setrlimit(RLIMIT_AS, &rl);
}

/*
 * child_main: the sandbox, then the work; never returns.  Runs in a child
 * of the launcher or, without one, of the caller: the caller's handlers
 * (test runners, the daemon's flags) are not ours, nor its descriptors.
 */
static void __attribute__((noreturn))
child_main(launcher_work *work, const unsigned char *data, size_t n,
    const struct limits *lim, int fd, int err_fd, pid_t parent)
{
	struct rlimit rl;
	sigset_t none;
	int i;

	/* it dies with the process that reaps it: never an orphan that
	 * nobody would kill at the deadline */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(LAUNCHER_EXIT_SANDBOX);
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* what the work's library says on stderr ("Out of memory" from
	 * poppler under RLIMIT_AS) goes to the caller, who logs it with a
	 * prefix, or nowhere: never unprefixed into the caller's stderr */
	if (err_fd < 0)
		err_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (err_fd < 0 || err_fd == fd || dup2(err_fd, STDERR_FILENO) < 0)
		_exit(LAUNCHER_EXIT_SANDBOX);
	if (err_fd != STDERR_FILENO)
		close(err_fd);
	if (fd_close_others(fd) < 0)
		_exit(LAUNCHER_EXIT_SANDBOX);
	rl.rlim_cur = rl.rlim_max = 0;
	if (setrlimit(RLIMIT_CORE, &rl) < 0)
		_exit(LAUNCHER_EXIT_SANDBOX);
	rl.rlim_cur = lim->resume_seconds;
	rl.rlim_max = (rlim_t)lim->resume_seconds + 1;
	if (setrlimit(RLIMIT_CPU, &rl) < 0 || limit_as() < 0)
		_exit(LAUNCHER_EXIT_SANDBOX);
	_exit(work(data, n, lim, fd));
}

/* ---- the launcher process ---- */

static int chld_pipe[2] = { -1, -1 };   /* the launcher's SIGCHLD */

static void
on_chld(int sig)
{
	int saved = errno;

	(void)sig;
	if (write(chld_pipe[1], "c", 1) < 0) {
		/* full: a byte is already waiting, which is all we need */
	}
	errno = saved;
}

static void
chld_drain(void)
{
	char b[64];

	while (read(chld_pipe[0], b, sizeof(b)) > 0)
		;
}

/* the control data of a message that carries one descriptor */
union fd_cmsg {
	struct cmsghdr h;
	char space[CMSG_SPACE(2 * sizeof(int))];   /* result, stderr */
};

/* req_msg: *mh set up for a request in req and, in *cm, room for the
 * descriptor (SCM_RIGHTS) that goes with it */
static void
req_msg(struct msghdr *mh, struct iovec *iov, struct launcher_req *req,
    union fd_cmsg *cm)
{
	memset(mh, 0, sizeof(*mh));
	memset(cm, 0, sizeof(*cm));
	iov->iov_base = req;
	iov->iov_len = sizeof(*req);
	mh->msg_iov = iov;
	mh->msg_iovlen = 1;
	mh->msg_control = cm->space;
	mh->msg_controllen = sizeof(cm->space);
}

/* serve_read_req: the next request's header (and its descriptors: the
 * result pipe, and the stderr pipe when the caller reads the child's
 * stderr, else *err_r -1) from sock; 0, or -1 when the caller is gone or
 * speaks nonsense */
static int
serve_read_req(int sock, struct launcher_req *req, int *fd_r, int *err_r)
{
	struct msghdr mh;
	struct iovec iov;
	union fd_cmsg cm;
	struct cmsghdr *c;
	ssize_t r;

	*fd_r = *err_r = -1;
	req_msg(&mh, &iov, req, &cm);
	while ((r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (r <= 0)
		return -1;
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			if (c->cmsg_len == CMSG_LEN(sizeof(int)))
				memcpy(fd_r, CMSG_DATA(c), sizeof(int));
			else if (c->cmsg_len == CMSG_LEN(2 * sizeof(int))) {
				memcpy(fd_r, CMSG_DATA(c), sizeof(int));
				memcpy(err_r, CMSG_DATA(c) + sizeof(int),
				    sizeof(int));
			}
		}
	if ((size_t)r > sizeof(*req) || read_all(sock, (char *)req + r,
	    sizeof(*req) - (size_t)r) < 0 || (req->kind != 'R' &&
	    req->kind != 'K') || (req->kind == 'R' && (*fd_r < 0 ||
	    req->n > SIZE_MAX - 1))) {
		if (*fd_r >= 0)
			close(*fd_r);
		if (*err_r >= 0)
			close(*err_r);
		return -1;
	}
	if (req->kind == 'K') {
		if (*fd_r >= 0)
			close(*fd_r);
		if (*err_r >= 0)
			close(*err_r);
		*fd_r = *err_r = -1;
	}
	return 0;
}

/*
 * serve_child: wait for the child pid to end, answering 'K' requests for
 * it and killing it at the deadline; then answer 'W'.  A next 'R' waits
 * in the socket until then.  0, or -1 when the caller is gone (the child
 * then killed and reaped).
 */
static int
serve_child(int sock, pid_t pid, double deadline)
{
	struct launcher_rep rep;
	int status = -1, killed = 0, sock_quiet = 0;

	for (;;) {
		struct pollfd p[2] = {
			{ chld_pipe[0], POLLIN, 0 },
			{ sock, POLLIN, 0 },
		};
		pid_t w;
		int pr;

		w = waitpid(pid, &status, WNOHANG);
		if (w == pid || (w < 0 && errno == ECHILD))
			break;
		if (!killed && time_mono() >= deadline) {
			kill(pid, SIGKILL);     /* ours, not yet reaped */
			killed = 1;
		}
		pr = poll(p, sock_quiet ? 1 : 2, killed ? -1 :
		    poll_ms(deadline));
		if (pr < 0 && errno != EINTR) {
			/* cannot wait for the events: end it, reap it */
			if (!killed)
				kill(pid, SIGKILL);
			killed = 1;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		if (pr <= 0)
			continue;
		if (p[0].revents)
			chld_drain();
		if (!sock_quiet && p[1].revents) {
			struct launcher_req req;
			char k;
			ssize_t r;
			int fd, efd;

			r = recv(sock, &k, 1, MSG_PEEK | MSG_DONTWAIT);
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0 || (k == 'K' &&
			    serve_read_req(sock, &req, &fd, &efd) < 0)) {
				/* the caller is gone: so is its work */
				if (!killed)
					kill(pid, SIGKILL);
				while (waitpid(pid, &status, 0) < 0 &&
				    errno == EINTR)
					;
				return -1;
			}
			if (k == 'K') {
				if (req.pid == pid && !killed) {
					kill(pid, SIGKILL);
					killed = 1;
				}
			} else
				sock_quiet = 1;   /* the next request */
		}
	}
	memset(&rep, 0, sizeof(rep));
	rep.kind = 'W';
	rep.pid = (int32_t)pid;
	rep.v = status;
	return sock_write_all(sock, &rep, sizeof(rep));
}

/* serve: one request from sock; 0 done, -1 the caller is gone */
static int
serve(int sock)
{
	struct launcher_req req;
	struct launcher_rep rep;
	unsigned char *data;
	int pipe_w, err_w;
	double deadline;
	pid_t pid, parent;

	if (serve_read_req(sock, &req, &pipe_w, &err_w) < 0)
		return -1;
	if (req.kind == 'K')
		return 0;   /* a child already reaped */
	data = malloc(req.n + 1);
	if (data == NULL || read_all(sock, data, req.n) < 0) {
		free(data);
		close(pipe_w);
		if (err_w >= 0)
			close(err_w);
		return -1;
	}
	deadline = time_mono() + 3.0 * req.lim.resume_seconds + 2.0 +
	    LAUNCHER_GRACE;
	parent = getpid();
	pid = fork();
	if (pid == 0)
		child_main(req.work, data, req.n, &req.lim, pipe_w, err_w,
		    parent);
	close(pipe_w);
	if (err_w >= 0)
		close(err_w);
	free(data);
	memset(&rep, 0, sizeof(rep));
	rep.kind = pid < 0 ? 'E' : 'S';
	rep.pid = pid < 0 ? 0 : (int32_t)pid;
	rep.v = pid < 0 ? errno : 0;
	if (sock_write_all(sock, &rep, sizeof(rep)) < 0) {
		if (pid > 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
		return -1;
	}
	if (pid < 0)
		return 0;
	return serve_child(sock, pid, deadline);
}

static void __attribute__((noreturn))
launcher_main(int sock)
{
	struct sigaction sa;
	sigset_t none;
	int i;

	/* the caller's handlers are not ours; a signal meant for the
	 * caller's process group ends the launcher (the caller starts
	 * another when it needs one) */
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	if (fd_close_others(sock) < 0 ||
	    pipe2(chld_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		_exit(1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	while (serve(sock) == 0)
		;
	_exit(0);
}

/* ---- the caller's side ---- */

static void
launcher_stop(void)
{
	if (launcher.fd >= 0)
		close(launcher.fd);   /* it reads the end, kills, leaves */
	launcher.fd = -1;
}

/* launcher_start: 0, or -1 (launcher_run then forks by itself) */
static int
launcher_start(void)
{
	int sv[2], status;
	pid_t mid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	fflush(NULL);
	mid = fork();
	if (mid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (mid == 0) {
		/* the middle process: the launcher must not be the caller's
		 * child (the caller reaps only what it forks itself) */
		close(sv[0]);
		if (fork() == 0)
			launcher_main(sv[1]);
		_exit(0);
	}
	close(sv[1]);
	while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
		;
	launcher.fd = sv[0];
	launcher.owner = getpid();
	return 0;
}

void
launcher_prepare(void)
{
	if (UNDER_VALGRIND())
		return;     /* the child forked directly, as valgrind knows */
	if (launcher.fd >= 0 && launcher.owner != getpid()) {
		/* inherited through a fork: its children are not ours to
		 * wait for; this process starts its own */
		close(launcher.fd);
		launcher.fd = -1;
	}
	if (launcher.fd < 0)
		(void)launcher_start();
}

/* launcher_reply: the next answer until deadline; 0 when none came in
 * time, or the launcher is gone (then it is stopped) */
static int
launcher_reply(double deadline, struct launcher_rep *rep)
{
	for (;;) {
		struct pollfd pfd = { launcher.fd, POLLIN, 0 };
		int pr;

		pr = poll(&pfd, 1, poll_ms(deadline));
		if (pr < 0 && errno != EINTR)
			break;
		if (pr > 0) {
			if (read_all(launcher.fd, rep, sizeof(*rep)) < 0)
				break;
			return 1;
		}
		if (time_mono() >= deadline)
			return 0;
	}
	launcher_stop();
	return 0;
}

/* launcher_answer: the answer for pid ('W'; pid 0: the 'S' or 'E' to the
 * request just sent), skipping the wait statuses of earlier children */
static int
launcher_answer(pid_t pid, double deadline, struct launcher_rep *rep)
{
	for (;;) {
		if (!launcher_reply(deadline, rep))
			return 0;
		if (pid == 0 && (rep->kind == 'S' || rep->kind == 'E'))
			return 1;
		if (pid != 0 && rep->kind == 'W' && rep->pid == pid)
			return 1;
		if (rep->kind != 'W') {
			launcher_stop();   /* out of step: not used again */
			return 0;
		}
	}
}

/*
 * launcher_spawn: the child through the launcher, its result pipe's read
 * end in *rfd, its stderr the write end err_w (-1: /dev/null); the pid,
 * or -1 (no launcher, or it failed: the caller forks by itself).
 */
static pid_t
launcher_spawn(launcher_work *work, const unsigned char *data, size_t n,
    const struct limits *lim, int err_w, int *rfd)
{
	struct launcher_req req;
	struct launcher_rep rep;
	struct msghdr mh;
	struct iovec iov;
	union fd_cmsg cm;
	struct cmsghdr *c;
	int fds[2];
	ssize_t w;

	launcher_prepare();
	if (launcher.fd < 0)
		return -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.kind = 'R';
	req.n = n;
	req.work = work;
	req.lim = *lim;
	req_msg(&mh, &iov, &req, &cm);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN((err_w >= 0 ? 2 : 1) * sizeof(int));
	mh.msg_controllen = CMSG_SPACE((err_w >= 0 ? 2 : 1) * sizeof(int));
	memcpy(CMSG_DATA(c), &fds[1], sizeof(int));
	if (err_w >= 0)
		memcpy(CMSG_DATA(c) + sizeof(int), &err_w, sizeof(int));
	while ((w = sendmsg(launcher.fd, &mh, MSG_NOSIGNAL)) < 0 &&
	    errno == EINTR)
		;
	close(fds[1]);
	rep.kind = 0;
	if (w < 0 || (w < (ssize_t)sizeof(req) &&
	    sock_write_all(launcher.fd, (char *)&req + w,
	    sizeof(req) - (size_t)w) < 0) ||
	    sock_write_all(launcher.fd, data, n) < 0 ||
	    !launcher_answer(0, time_mono() + LAUNCHER_ANSWER, &rep) ||
	    rep.kind != 'S' || rep.pid <= 0) {
		/* gone, or it could not fork ('E'): by ourselves this time;
		 * a launcher that answers nonsense is not used again */
		if (rep.kind != 'E')
			launcher_stop();
		close(fds[0]);
		return -1;
	}
	*rfd = fds[0];
	return (pid_t)rep.pid;
}

/* launcher_kill: asks the launcher to kill its child pid (it does unless
 * it has reaped it already) */
static void
launcher_kill(pid_t pid)
{
	struct launcher_req req;

	if (launcher.fd < 0)
		return;
	memset(&req, 0, sizeof(req));
	req.kind = 'K';
	req.pid = (int32_t)pid;
	if (sock_write_all(launcher.fd, &req, sizeof(req)) < 0)
		launcher_stop();   /* which kills it too */
}

/* launcher_reap: the wait status of the launcher's child pid, which was
 * asked to die (or is expected to exit) before deadline, else is asked
 * to die then (*killed_r); -1 unknown */
static int
launcher_reap(pid_t pid, double deadline, int *killed_r)
{
	struct launcher_rep rep;

	if (launcher.fd >= 0 && launcher_answer(pid, deadline, &rep))
		return rep.v;
	if (launcher.fd < 0)
		return -1;
	launcher_kill(pid);
	*killed_r = 1;
	if (launcher.fd >= 0 &&
	    launcher_answer(pid, time_mono() + LAUNCHER_ANSWER, &rep))
		return rep.v;
	launcher_stop();    /* it ends the child when it sees us gone */
	return -1;
}

/*
 * direct_reap: for a child we forked ourselves: its wait status, waiting
 * until the deadline, then killing it (ours, not yet reaped); -1 when it
 * cannot be known (SIGCHLD ignored by the caller: the kernel reaped it).
 */
static int
direct_reap(pid_t pid, double deadline, int *killed_r)
{
	long nap = 50 * 1000;    /* ns; doubled up to 10 ms */
	int status;
	pid_t w;

	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return status;
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (*killed_r || time_mono() >= deadline)
			break;
		{
			/* the pipe's end comes a moment before the exit: the
			 * first naps are short */
			struct timespec ts = { 0, nap };

			nanosleep(&ts, NULL);
			if (nap < 10 * 1000 * 1000)
				nap *= 2;
		}
	}
	if (!*killed_r)
		kill(pid, SIGKILL);
	*killed_r = 1;
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	return w == pid ? status : -1;
}

/* err_take: what the child wrote to stderr so far, into err_out up to
 * its ceiling (the rest is read and dropped: the child never blocks on a
 * full pipe); 1 while the pipe may hold more, 0 at its end */
static int
err_take(int fd, struct buf *err_out)
{
	char chunk[4096];
	ssize_t got;

	for (;;) {
		got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return errno == EAGAIN;
		if (got == 0)
			return 0;
		if (!err_out->over) {
			size_t room = err_out->max - err_out->len;

			(void)buf_append(err_out, chunk, (size_t)got < room ?
			    (size_t)got : room);
			if ((size_t)got > room)
				err_out->over = 1;
		}
	}
}

enum launcher_result
launcher_run(launcher_work *work, const unsigned char *data, size_t n,
    const struct limits *lim, launcher_complete *complete, struct buf *out,
    struct buf *err_out, int *status_r, const char **error_r)
{
	int fds[2], efds[2] = { -1, -1 }, status, killed = 0, timed_out = 0,
	    done = 0, via;
	double deadline;
	char chunk[16384];
	pid_t pid, parent;

	*status_r = -1;
	/* the child's stderr: ours to read (non-blocking), or /dev/null */
	if (err_out != NULL && (pipe2(efds, O_CLOEXEC) < 0 ||
	    fcntl(efds[0], F_SETFL, O_NONBLOCK) < 0)) {
		if (efds[0] >= 0) {
			close(efds[0]);
			close(efds[1]);
		}
		*error_r = "cannot create a pipe";
		return LAUNCHER_ERROR;
	}
	pid = launcher_spawn(work, data, n, lim, efds[1], &fds[0]);
	via = pid > 0;
	if (!via) {
		if (pipe2(fds, O_CLOEXEC) < 0) {
			if (efds[0] >= 0) {
				close(efds[0]);
				close(efds[1]);
			}
			*error_r = "cannot create a pipe";
			return LAUNCHER_ERROR;
		}
		/* stdio buffers would be written twice by a child that
		 * flushes */
		fflush(NULL);
		parent = getpid();
		pid = fork();
		if (pid < 0) {
			close(fds[0]);
			close(fds[1]);
			if (efds[0] >= 0) {
				close(efds[0]);
				close(efds[1]);
			}
			*error_r = "cannot fork";
			return LAUNCHER_ERROR;
		}
		if (pid == 0)
			child_main(work, data, n, lim, fds[1], efds[1],
			    parent);
		close(fds[1]);
	}
	/* the child has its copy (or the launcher had, and closed it) */
	if (efds[1] >= 0)
		close(efds[1]);

	/* the CPU budget, with room for a busy machine */
	deadline = time_mono() + 3.0 * lim->resume_seconds + 2.0;
	for (;;) {
		struct pollfd pfd[2] = {
			{ fds[0], POLLIN, 0 },
			{ efds[0], POLLIN, 0 },
		};
		ssize_t got;
		int pr;

		if (time_mono() >= deadline) {
			timed_out = 1;
			break;
		}
		pr = poll(pfd, efds[0] >= 0 ? 2 : 1, poll_ms(deadline));
		if (pr < 0 && errno != EINTR)
			break;
		if (pr <= 0)
			continue;
		if (efds[0] >= 0 && pfd[1].revents != 0 &&
		    !err_take(efds[0], err_out)) {
			close(efds[0]);     /* its end: nothing more */
			efds[0] = -1;
		}
		if (pfd[0].revents == 0)
			continue;
		got = read(fds[0], chunk, sizeof(chunk));
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			break;
		if (buf_append(out, chunk, (size_t)got) < 0)
			break;	/* more than promised: killed below */
		if (via && complete != NULL && complete(out)) {
			/* the whole answer: the child's exit (its address
			 * space torn down) is the launcher's to wait for */
			done = 1;
			break;
		}
	}
	close(fds[0]);
	if (timed_out || out->over) {
		if (via)
			launcher_kill(pid);
		else
			kill(pid, SIGKILL);   /* ours, not yet reaped */
		killed = 1;
	}
	if (done)
		status = -1;
	else if (via)
		status = launcher_reap(pid, killed ? time_mono() +
		    LAUNCHER_ANSWER : deadline, &killed);
	else
		status = direct_reap(pid, deadline, &killed);
	/* what it said before it ended (all of it, once it is reaped) */
	if (efds[0] >= 0) {
		(void)err_take(efds[0], err_out);
		close(efds[0]);
	}
	*status_r = status;
	if (timed_out)
		return LAUNCHER_TIMEOUT;
	if (out->over)
		return LAUNCHER_OVER;
	if (status != -1 && WIFEXITED(status) &&
	    WEXITSTATUS(status) == LAUNCHER_EXIT_SANDBOX) {
		*error_r = "cannot set up the child's sandbox";
		return LAUNCHER_ERROR;
	}
	if (killed && status != -1 && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGKILL)
		return LAUNCHER_TIMEOUT;   /* ended the pipe, not its run */
	return LAUNCHER_OK;
}

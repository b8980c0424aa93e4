/*
 * launcher.h — run a piece of untrusted-input work (a PDF conversion) in
 * a sandboxed child process: its own address space, RLIMIT_CPU and
 * RLIMIT_AS, no core file, no descriptor but stdin/out/err and the pipe
 * it answers through (its stderr a pipe to the caller, or /dev/null), a
 * wall-clock deadline after which it is killed.
 *
 * Children are forked by the launcher, a small process started once
 * (launcher_prepare) while the caller is small; it forks, kills and reaps
 * its own children, so no pid is ever signalled by a process that does
 * not reap it.  Without a launcher (under valgrind, or when it cannot be
 * started) the caller forks, kills and reaps the child itself.
 *
 * SECURITY: the work reads bytes from strangers; the child is the
 * boundary.  The caller reads at most the buffer's ceiling back.
 */
#ifndef RECRUIT_LAUNCHER_H
#define RECRUIT_LAUNCHER_H

#include <stddef.h>
#include "limit.h"
#include "util.h"

/*
 * launcher_work: what the child does with data[0..n): writes its answer
 * to fd and returns the child's exit status.  It runs in a forked child
 * of a possibly larger process: it may use its own allocations and the
 * libraries it calls, nothing the parent holds (no descriptor is left but
 * 0-2 and fd).  Called in the same program image (fork, no exec), so a
 * function of the program.
 */
typedef int launcher_work(const unsigned char *data, size_t n,
    const struct limits *lim, int fd);

/*
 * launcher_write_all: for a work: the n bytes at p written whole to its
 * fd (write(2), EINTR retried).  0, or -1 when the pipe failed or was
 * closed (a closed pipe raises SIGPIPE, by default the child's end).
 */
int launcher_write_all(int fd, const void *p, size_t n);

/* launcher_complete: 1 when out holds a whole answer: the reader stops
 * there, without waiting for the child's exit. */
typedef int launcher_complete(const struct buf *out);

enum launcher_result {
	LAUNCHER_OK = 0,   /* the answer is in out (whole, or up to the
	                      child's end); *status_r as below */
	LAUNCHER_TIMEOUT,  /* the deadline passed: the child was killed */
	LAUNCHER_OVER,     /* it wrote past out's ceiling: killed */
	LAUNCHER_ERROR,    /* not run or not sandboxed: *error_r */
};

/* the exit status of a child whose sandbox could not be set up (a
 * setrlimit or the closing of descriptors failed): launcher_run reports
 * it as LAUNCHER_ERROR */
#define LAUNCHER_EXIT_SANDBOX 125

/*
 * launcher_run: runs work(data, n, lim, fd) in a sandboxed child: RLIMIT_CPU
 * lim->resume_seconds, RLIMIT_AS its size plus 512 MB (not under
 * sanitizers or valgrind), RLIMIT_CORE 0, default signal dispositions,
 * every descriptor but 0-2 and fd closed.  Appends what the child writes
 * to out (initialised by the caller; its ceiling bounds the answer) until
 * complete(out) says it is whole, the child closes the pipe, or the
 * deadline (3 x resume_seconds + 2 s of wall clock) passes.
 * err_out (initialised by the caller, or NULL): what the child writes to
 * its stderr (a library's "Out of memory"), up to err_out's ceiling (the
 * rest is read and dropped, err_out->over set), for the caller to log
 * with a prefix; NULL: the child's stderr is /dev/null.  Never the
 * caller's own stderr.
 * *status_r: the child's wait status, or -1 when not waited for (a whole
 * answer: its exit is the launcher's to reap) or unknown.
 * *error_r (static) for LAUNCHER_ERROR.  The child is always killed (by
 * the process that reaps it) and reaped; nothing is left behind.
 */
enum launcher_result launcher_run(launcher_work *work,
    const unsigned char *data, size_t n, const struct limits *lim,
    launcher_complete *complete, struct buf *out, struct buf *err_out,
    int *status_r, const char **error_r);

/*
 * launcher_prepare: start the launcher now, while the process is small
 * (recruitd calls it at start-up; otherwise the first launcher_run does).
 * A process forked from the one that started it starts its own.  Nothing
 * to undo: the launcher leaves (killing a child it still has) when its
 * socket, close-on-exec, is closed.  A failure is silent: launcher_run
 * then forks by itself.
 */
void launcher_prepare(void);

#endif

/*
 * deliver.h — sending newsletter issues through SMTP with libcurl
 * (DESIGN §3 "Delivery").
 *
 * The ledger: one deliveries row per (issue, subscriber), states
 * pending -> sent | deferred -> … | failed | skipped.  A row changes only
 * after the server's answer for that message, in its own committed
 * transaction.  The connections run in parallel (one thread each)
 * through connect, MAIL, RCPT and the body, but each waits before its
 * final "." while another message holds "the gate": from its own final
 * "." until its answer is committed.  So normally at most one message
 * can have been accepted by the server (250 after the final dot) without
 * its row saying sent: a crash or kill causes at most one duplicate, and
 * none is ever skipped.
 *
 * The gate serialises the commits, not the waiting for answers: a
 * message whose answer to its final dot has not come DELIVER_PATIENCE
 * seconds after it was sent stops holding the gate ("stalled"), and the
 * next message may end its DATA while it still waits.  The exact bound
 * is therefore: a kill causes at most 1 + (the number of messages stalled
 * at that instant) duplicates, never more than [smtp] connections (a
 * connection carries one message at a time); with a server that answers
 * within DELIVER_PATIENCE s, one.  Each wait on the server (connect, TLS and
 * login together, then each reply, the body being read) has the
 * deadline [smtp] timeout: past it that connection alone is cut, its
 * message stays due (no attempt counted) and is tried once more in the
 * same run, then left for the next run; the other connections go on.  A
 * message whose end of DATA was never answered may have been taken all
 * the same (RFC 1047): its retry can then be a second copy.  A timeout
 * while connecting or logging in, or more timeouts in a row than there
 * are connections, means the server is away: the run ends.
 *
 * The ledger never causes a second copy by itself: when the write after
 * an answer fails (the disk full, another process holding the write lock
 * beyond the busy timeout) it is tried again, after 50 ms growing to 1 s,
 * until it is committed; meanwhile the gate stays closed and no message
 * starts, outbox replies included (nothing more is sent while the store
 * cannot be written).  The pause is logged once ("store not writable:
 * …; sending paused") and so is its end.  Only a stop (SIGTERM) ends the
 * wait without the commit, 4 s after it: that row stays due, the one copy
 * more a kill could also cause, and the messages waiting at the gate are
 * dropped before their final dot.
 *
 * A stop (*stop set) otherwise ends the run within about a second: the
 * messages not past their final dot are dropped at once, those waiting
 * for their answer get 1 s more, then are dropped too; all stay due.
 *
 * Answers: 2xx sent; 4xx (also 421 and relays' rate-limit answers) to
 * RCPT or to the end of DATA: deferred with backoff retry_delay * 2^n
 * (at most 4 h) until retry_for after the first deferral, then failed;
 * 5xx there: failed and counted as a bounce of the subscriber (hard —
 * suspended at once — only when the address itself is dead: status
 * 5.1.x, or a 550/551/553 saying the user does not exist; otherwise soft,
 * the third in 30 days suspends).  Any other failure (no connection, TLS or
 * certificate refused, AUTH refused, MAIL FROM refused, a connection lost
 * before an answer) leaves the rows as they are and ends the run: the
 * server is away, not the subscriber.  421 also ends the run.
 */
#ifndef RECRUIT_DELIVER_H
#define RECRUIT_DELIVER_H

#include <signal.h>
#include <time.h>

#include "conf.h"
#include "store.h"

/* seconds the answer to a final dot may take before its message stops
 * holding the gate (see above); servers answer in milliseconds, a
 * content scanner in a second or two */
#define DELIVER_PATIENCE 2

struct deliver_stats {
	unsigned sent, deferred, failed, skipped;
};

enum deliver_result {
	DELIVER_DONE,     /* nothing more is due now */
	DELIVER_STOPPED,  /* *stop was set: the messages in hand finished */
	DELIVER_SERVER,   /* the server is away or refused us: *error_r */
	DELIVER_BUSY,     /* another process is sending (the lock) */
	DELIVER_ERROR     /* store or configuration error: *error_r */
};

/*
 * deliver_run: one pass over the due deliveries (pending, or deferred
 * whose time has come) of issues being sent, oldest first, through
 * [smtp] connections parallel connections at most rate messages a
 * second; then issues with nothing left are marked done.  *next_r gets
 * the time the next deferred delivery is due (0: none).  Without [smtp]
 * nothing is sent (DELIVER_DONE).  The run holds a lock file beside the
 * database so that recruitd and `recruitctl newsletter send-now` never
 * send at the same time.
 */
enum deliver_result deliver_run(const struct conf *c, struct store *st,
    volatile sig_atomic_t *stop, struct deliver_stats *stats, time_t *next_r,
    char **error_r);

#endif

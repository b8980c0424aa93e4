/*
 * source.h — where inbound mail comes from.  A source is a struct of
 * function pointers {open, next, ack, close}: the place a new back end
 * (Maildir today, IMAP next) plugs in.  The ingest loop takes messages
 * with next(), commits them, and only then acknowledges them with ack(),
 * which moves each to its destination folder.
 */
#ifndef RECRUIT_SOURCE_H
#define RECRUIT_SOURCE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

enum source_dest { DEST_PROCESSED = 0, DEST_REJECTED, DEST_REVIEW };

struct source_msg {
	char *uid;                /* Maildir unique name, or IMAP UID as text */
	unsigned long uidvalidity;
	char *data;               /* raw bytes (NUL-terminated copy) */
	size_t len;
	size_t full_size;         /* size at the source */
	int too_large;            /* over max_size: data is only the head */
	char *handle;             /* the source's own locator (e.g. a path) */
};

struct source;

struct source_ops {
	/* open: 0 or -1 and *error_r (the mailbox could not be reached). */
	int (*open)(struct source *src, const char **error_r);
	/* next: 1 and *msg filled (caller clears it with source_msg_clear),
	 * 0 when no new message is left, -1 on error. */
	int (*next)(struct source *src, struct source_msg *msg,
	    const char **error_r);
	/* ack: move n committed messages, msgs[i] to dests[i] (a back end
	 * may group them: one MOVE per destination).  Returns how many could
	 * not be moved (they stay where they were; the store recognises them
	 * next time), or -1 when the source itself failed. */
	int (*ack)(struct source *src, const struct source_msg *msgs,
	    const enum source_dest *dests, size_t n, const char **error_r);
	void (*close)(struct source *src);
	/* destroy: free the back end's state (after close). */
	void (*destroy)(struct source *src);
	/* wait: block up to seconds for new mail (IMAP IDLE), returning
	 * early when *stop is set.  1 new mail may be there, 0 timeout, -1
	 * connection lost.  NULL: the caller sleeps. */
	int (*wait)(struct source *src, int seconds,
	    volatile const sig_atomic_t *stop);
	/* buffered: 1 when next() can answer without waiting on the
	 * network (the ingest commits what it holds before such a wait).
	 * NULL: never waits (a local Maildir). */
	int (*buffered)(struct source *src);
};

struct source {
	const struct source_ops *ops;
	char *name;               /* stored with each message: "maildir:/abs/path" */
	size_t max_size;          /* limits.max_message_size */
	uint32_t uidvalidity;     /* the mailbox's UIDVALIDITY, set by open()
	                             (IMAP); 0: none (a Maildir) */
	void *priv;
	/* source_set_stop: the daemon's wake pipe (read end, watched, never
	 * read) and its stop flag; wake_fd counts only when stop is set */
	int wake_fd;
	volatile const sig_atomic_t *stop;
};

/* source_maildir_new: a Maildir at path (cur/new/tmp); processed,
 * rejected and review are Maildir++ subfolder names (".Processed"),
 * created on open when missing.  Dotfiles are never messages. */
struct source *source_maildir_new(const char *path, const char *processed,
    const char *rejected, const char *review, size_t max_size);
/*
 * source_imap_new: url is imap[s]://USER@HOST[:PORT]/MAILBOX; tls is
 * implicit|starttls|none or NULL (implicit for imaps, STARTTLS required
 * for imap); ca_file NULL = the system's trust store; the password comes
 * from password_file (mode 0600 or stricter) or RECRUITD_IMAP_PASSWORD.
 * timeout: seconds each step of the session may take ([inbox] timeout;
 * 0: 30).  Nothing is connected until open().  NULL and *error_r on a bad
 * URL.
 */
struct source *source_imap_new(const char *url, const char *tls,
    const char *ca_file, const char *password_file, const char *processed,
    const char *rejected, const char *review, size_t max_size,
    unsigned timeout, const char **error_r);
/*
 * source_set_stop: every wait of the source on a server (IMAP) also
 * watches wake_fd (the read end of the daemon's self-pipe, never read
 * here) and fails at once when it is readable and *stop is set: the
 * operation in hand fails, nothing is moved.  stop NULL: no stop.
 */
void source_set_stop(struct source *src, int wake_fd,
    volatile const sig_atomic_t *stop);
void source_free(struct source *src);
void source_msg_clear(struct source_msg *msg);

#endif

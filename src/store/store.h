/*
 * store.h — the SQLite store: messages (with their raw bytes), job orders,
 * candidates, résumé attachments (files named by their SHA-256 under the
 * files folder).  The only place where inbound and outbound meet.
 *
 * Writes happen inside store_begin()/store_commit(); a batch of messages
 * is committed at once, and a source may acknowledge (move) them only
 * after store_commit returned 0.
 */
#ifndef RECRUIT_STORE_H
#define RECRUIT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "plan.h"
#include "store_export.h"
#include "store_issue.h"
#include "store_outbox.h"
#include "store_subscriber.h"

struct store;

/* the newest schema version this program knows (PRAGMA user_version;
 * the list is in store.c's opening block) */
#define STORE_SCHEMA_VERSION 2

/* store_open: creates the database (0600) and files folder (0700) when
 * missing and brings its schema up to STORE_SCHEMA_VERSION, one
 * transaction per version (a database already there opens without the
 * write lock).  A database of a higher version is refused ("newer than
 * this program's").  -1 and *error_r (a static text, valid until the
 * next store_open) on failure. */
int store_open(const char *db_path, const char *files_dir,
    struct store **st_r, const char **error_r);
/* store_open_existing: the same, but a missing database is an error
 * ("no database here yet") instead of a new empty one. */
int store_open_existing(const char *db_path, const char *files_dir,
    struct store **st_r, const char **error_r);
void store_close(struct store *st);

int store_begin(struct store *st, const char **error_r);
/* store_busy: 1 when the last failed call failed because another
 * connection holds the lock (after the busy timeout), 0 otherwise. */
int store_busy(struct store *st);
/* store_commit: files written in this transaction are synced first
 * (store_sync_files). */
int store_commit(struct store *st, const char **error_r);
void store_rollback(struct store *st);
/* store_lock_longest: the longest time, in seconds, that st held the
 * write lock (from store_begin's BEGIN IMMEDIATE to its COMMIT or
 * ROLLBACK; schema upgrades in store_open included), 0 before any. */
double store_lock_longest(const struct store *st);
/*
 * One message's writes inside the batch's transaction: store_savepoint
 * before them, store_release after; store_rollback_to undoes only that
 * message's writes (its attachment files stay: they are named by their
 * content and harmless).  store_rollback_to returns -1 when the whole
 * transaction is gone (SQLite rolls it back itself after some errors:
 * disk full, I/O error, …): then nothing of the batch will be committed.
 */
int store_savepoint(struct store *st, const char **error_r);
int store_release(struct store *st, const char **error_r);
int store_rollback_to(struct store *st);

/*
 * store_put_files: the résumé files of c (files/ab/cd/<sha256>, 0600)
 * written before the transaction that records c, so that the write lock
 * is not held while they are written and synced; each is marked stored
 * and store_add_candidate does not write it again.  A file left behind
 * by a transaction that then fails is named by its content: harmless.
 * store_sync_files: one syncfs() of the files folder when files were
 * written since the last one (store_commit does it too).  0 or -1 with
 * *error_r.
 */
int store_put_files(struct store *st, struct candidate *c,
    const char **error_r);
int store_sync_files(struct store *st, const char **error_r);


/* store_seen: was exactly this (source, uidvalidity, uid, sha256) already
 * committed (a crash between commit and move)?  1 and its id/outcome
 * (outcome_r gets a static string), 0 no, -1 error. */
int store_seen(struct store *st, const char *source, unsigned long uidvalidity,
    const char *uid, const char *sha256, long *id_r, const char **outcome_r);
/*
 * store_uidvalidity: compare the UIDVALIDITY an IMAP mailbox (source, as
 * stored with its messages) has now with the one recorded for it, then
 * record current (in meta, key "uidvalidity SOURCE").  With nothing
 * recorded yet, the UIDVALIDITY of the last message stored from source is
 * the old value.  1 and *previous_r when it changed (UIDs seen before
 * name other messages now), 0 when it is the same or the mailbox is new
 * to the store, -1 and *error_r.  current must not be 0 (no UIDVALIDITY:
 * a Maildir; do not call).
 */
int store_uidvalidity(struct store *st, const char *source, uint32_t current,
    uint32_t *previous_r, const char **error_r);
/* store_find_duplicate: an earlier message with the same raw hash, or the
 * same Message-ID and body hash.  1 and its id, 0, -1. */
int store_find_duplicate(struct store *st, const char *sha256,
    const char *message_id, const char *body_sha256, long *id_r);
int store_add_message(struct store *st, const struct plan_msg *m,
    long *id_r, const char **error_r);
int store_add_job(struct store *st, long msg_id, const struct job_order *j,
    long *id_r, const char **error_r);
/* store_add_candidate: also writes each résumé's bytes to
 * files/ab/cd/<sha256> (0600) unless already there. */
int store_add_candidate(struct store *st, long msg_id,
    const struct candidate *c, long *id_r, const char **error_r);

/* reparse support.  store_get_raw: the raw bytes of message msg_id
 * (caller frees *raw_r); *truncated_r: only the head was kept;
 * *duplicate_r: its outcome is duplicate (its records live elsewhere). */
int store_get_raw(struct store *st, long msg_id, char **raw_r, size_t *len_r,
    int *truncated_r, int *duplicate_r, const char **error_r);
int store_delete_records(struct store *st, long msg_id, const char **error_r);
/* store_record_ids: the job and candidate record made from msg_id (0:
 * none); 0 or -1. */
int store_record_ids(struct store *st, long msg_id, long *job_r,
    long *cand_r);
/* store_renumber_record: the job (job = 1) or candidate record from_id
 * takes the number to_id, which must be free (a reparse gives a record
 * back the number its acknowledgement quoted, JO-n / CA-n); résumé rows
 * follow.  Inside a transaction; 0 or -1. */
int store_renumber_record(struct store *st, int job, long from_id,
    long to_id, const char **error_r);
int store_set_outcome(struct store *st, long msg_id, const char *kind,
    const char *outcome, const char *reason, const char **error_r);
/* store_message_ids: every messages.id in order (caller frees *ids_r). */
int store_message_ids(struct store *st, long **ids_r, size_t *n_r);
/* store_attachment_path: files/ab/cd/<sha256> (caller frees). */
char *store_attachment_path(struct store *st, const char *sha256);

/* ---- the plan of one inbound mail (store_plan.c) ---- */

/*
 * store_apply: write plan p in the caller's transaction (normally inside
 * the mail's savepoint): the message row (p->msg_id 0) or, for a reparse
 * of row p->msg_id, its new kind, outcome and reason with its records
 * replaced; the record under p->record_id; subscriber changes; bounce
 * rows; outbox messages.  0 with *msg_id_r and *record_id_r (0: no
 * record), or -1 with *error_r (valid until the next failing call):
 * the caller rolls the savepoint back.
 */
int store_apply(struct store *st, const struct plan *p, long *msg_id_r,
    long *record_id_r, const char **error_r);

/* Reads for the plan builders, made in the transaction that applies the
 * plan.  Each returns 1 found, 0 not, -1 with *error_r. */
/* store_next_record_id: the id a new job (job = 1) or candidate record
 * gets now (0 or -1). */
int store_next_record_id(struct store *st, int job, long *id_r,
    const char **error_r);
/* store_acked_record: record id (job or candidate) was acknowledged to
 * addr. */
int store_acked_record(struct store *st, int job, long id, const char *addr,
    const char **error_r);
/* store_record_of_mail: the first record made from the mail with this
 * Message-ID. */
int store_record_of_mail(struct store *st, int job, const char *message_id,
    long *id_r, const char **error_r);
/* store_delivery_by_token: the delivery and subscriber of a VERP token
 * (NULL: 0). */
int store_delivery_by_token(struct store *st, const char *token,
    long *delivery_r, long *sub_r, const char **error_r);
/* store_meta_get: 1 and a malloc'd *value_r, 0 when the key is not set,
 * -1 on error.  store_meta_set: 0 or -1 with *error_r. */
int store_meta_get(struct store *st, const char *key, char **value_r);
int store_meta_set(struct store *st, const char *key, const char *value,
    const char **error_r);

#endif

/*
 * ingest.h — the inbound driver: source -> mime -> fields -> classify ->
 * extract -> store, then acknowledge.  Messages are taken in batches
 * (bounded by count and bytes), committed in one transaction, and only
 * then moved at the source.
 */
#ifndef RECRUIT_INGEST_H
#define RECRUIT_INGEST_H

#include <signal.h>

#include "bounce.h"
#include "classify.h"
#include "conf.h"
#include "extract.h"
#include "source.h"
#include "store.h"

struct ingest;

struct ingest_stats {
	unsigned seen;              /* messages taken from the source */
	unsigned outcomes[5];       /* by enum ingest_outcome */
	unsigned kinds[7];          /* by enum mail_kind */
	unsigned ack_failed;        /* committed but not moved */
	unsigned store_failed;      /* not recorded (their writes failed and
	                               were rolled back): left in the mailbox */
};

enum ingest_outcome {
	OUT_RECORDED = 0, OUT_IGNORED, OUT_REJECTED, OUT_REVIEW, OUT_DUPLICATE,
};

/* The analysis of one raw message, without the store. */
struct analysis {
	struct mail *mail;          /* NULL when rejected by mime */
	struct field_set fields;
	enum mail_kind kind;
	enum ingest_outcome outcome;
	const char *reason;         /* static */
	struct job_order *job;
	struct candidate *cand;
	struct bounce_report *bounce; /* a bounce's or complaint's report */
	struct mail *ident;         /* a rejected mail: its identity headers
	                               alone, when they could be read */
	char sha256[65];
	char body_sha256[65];
};

/* ingest_new: industry list, addresses and limits from conf (which must
 * outlive the ingest).  NULL and *error_r on a bad industries file. */
struct ingest *ingest_new(const struct conf *conf, struct store *st,
    const char **error_r);
void ingest_free(struct ingest *in);
/* ingest_enable_replies: acknowledgements and subscription commands
 * (reply.h, ack.h, command.h) for new messages from now on (recruitd; never for a
 * reparse).  -1 and *error_r (malloc'd) when the reply templates cannot
 * be loaded: the ingest then works without replies. */
int ingest_enable_replies(struct ingest *in, char **error_r);

/* ingest_analyse: parse, classify and extract raw (too_large: only the
 * head is there).  Never fails; a->outcome says what happened.  A
 * sha256 already in *a (from ingest_hash) is kept, else computed: set
 * a->sha256[0] = '\0' (or zero *a) before the call. */
void ingest_analyse(struct ingest *in, const char *raw, size_t len,
    int too_large, struct analysis *a);
void analysis_clear(struct analysis *a);
/* ingest_hash: a->sha256 of raw unless already set. */
void ingest_hash(const char *raw, size_t len, struct analysis *a);

enum ingest_result {
	INGEST_OK = 0,          /* every message taken was handled */
	INGEST_SOURCE_FAIL,     /* the mailbox failed (connection lost …):
	                           what was taken is committed, the rest waits */
	INGEST_STORE_FAIL,      /* the store failed: nothing of the failed
	                           batch was acknowledged, or (stats'
	                           store_failed) some messages could not be
	                           recorded and stay in the mailbox while
	                           the others were committed and moved */
};

/* ingest_run: one pass over every new message of an opened source,
 * *error_r saying what failed.  *stop is polled between messages: the
 * batch in hand is then committed and moved before it returns. */
enum ingest_result ingest_run(struct ingest *in, struct source *src,
    struct ingest_stats *s, volatile const sig_atomic_t *stop,
    const char **error_r);

/* ingest_reparse: rebuild the records of stored message msg_id from its
 * raw bytes (after a parser fix); kind/outcome/reason are updated. */
int ingest_reparse(struct ingest *in, long msg_id, const char **error_r);

const char *ingest_outcome_name(enum ingest_outcome o);
enum source_dest ingest_dest(enum ingest_outcome o);

#endif

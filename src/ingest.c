/*
 * ingest.c — drives the inbound pipeline (DESIGN §2 "Never lose, never
 * double"): for each message of a source, hash it, recognise one already
 * committed (a crash between commit and move: just move it again) or a
 * duplicate (same bytes, or same Message-ID and body), otherwise parse,
 * classify and extract; commit a batch of messages with their raw bytes
 * and records in one transaction; only then move each message to
 * processed / rejected / review.
 *
 * Group commit: a batch is up to BATCH_MAX_MESSAGES messages, bytes or
 * BATCH_MAX_SECONDS, and ends early where the source would wait on the
 * network for more (the write lock is never held across that wait, nor
 * across a poll interval or IDLE, which come after ingest_run returns).
 * Each message is written inside its own SAVEPOINT: when its writes fail,
 * only they are rolled back and the message stays in the mailbox, to be
 * tried again next poll; the others are committed and moved.
 *
 * SECURITY: everything here comes from strangers; the stages it calls
 * carry the limits (struct limits from the config).  Batches are bounded
 * in count and bytes so memory stays flat whatever the mailbox holds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounce_phrase.h"
#include "compose.h"
#include "fields.h"
#include "ingest.h"
#include "log.h"
#include "respond.h"
#include "mime.h"
#include "util.h"

#define BATCH_MAX_MESSAGES 200
#define BATCH_MAX_BYTES (64u * 1024 * 1024)
#define BATCH_MAX_SECONDS 0.5      /* the write lock held at most ~this
                                      (the outbound worker waits for it) */
#define ACK_MAX_MESSAGES 5000      /* committed messages moved at once */
#define FAILED_IN_A_ROW_MAX 8      /* then the store itself is failing */

struct ingest {
	const struct conf *conf;
	struct store *st;
	struct industry_list *industries;
	struct bounce_phrases *phrases;   /* [extract] bounce_phrases */
	struct extract_config ecfg;
	struct classify_config ccfg;
	struct respond *resp;      /* replies, or NULL (disabled) */
	char *command_base;        /* see classify_config */
};

static const char *const outcome_names[] = {
	"recorded", "ignored", "rejected", "review", "duplicate",
};

const char *
ingest_outcome_name(enum ingest_outcome o)
{
	return outcome_names[o];
}

enum source_dest
ingest_dest(enum ingest_outcome o)
{
	switch (o) {
	case OUT_REJECTED:
		return DEST_REJECTED;
	case OUT_REVIEW:
		return DEST_REVIEW;
	default:
		return DEST_PROCESSED;
	}
}

struct ingest *
ingest_new(const struct conf *conf, struct store *st, const char **error_r)
{
	struct ingest *in = xcalloc(1, sizeof(*in));

	in->conf = conf;
	in->st = st;
	/* each message's SAVEPOINT journals the pages it changes again
	 * (~64 KB a message): in memory, not in a temporary file (it is
	 * emptied at each RELEASE) */
	if (st != NULL)     /* (NULL: analysis only, ingest_analyse) */
		sqlite3_exec(store_db(st), "PRAGMA temp_store=MEMORY", NULL,
		    NULL, NULL);
	if (conf->industries != NULL)
		in->industries = industry_load(conf->industries, error_r);
	else
		in->industries = industry_default();
	/* the bounce phrases: a file that cannot be read is a config error */
	if (in->industries == NULL || (in->phrases = bounce_phrase_load(
	    conf->bounce_phrases != NULL ? conf->bounce_phrases :
	    bounce_phrase_default_path(), error_r)) == NULL) {
		industry_free(in->industries);
		free(in);
		return NULL;
	}
	in->ecfg.industries = in->industries;
	in->ecfg.web_forms = conf->web_forms;
	in->ecfg.n_web_forms = conf->n_web_forms;
	in->ccfg.job_orders = conf->job_orders;
	in->ccfg.candidates = conf->candidates;
	in->ccfg.newsletter_requests = conf->newsletter_requests;
	if (conf->newsletter_requests != NULL)
		in->command_base = xstrdup(conf->newsletter_requests);
	else if (conf->from != NULL)
		/* replies hand out from's plus addresses then */
		in->command_base = compose_from_address(conf->from);
	in->ccfg.command_base = in->command_base;
	in->ccfg.bounces = conf->bounces;
	in->ccfg.web_forms = conf->web_forms;
	in->ccfg.n_web_forms = conf->n_web_forms;
	return in;
}

int
ingest_enable_replies(struct ingest *in, char **error_r)
{
	if (in->resp == NULL)
		in->resp = respond_new(in->conf, in->st, error_r);
	return in->resp != NULL ? 0 : -1;
}

void
ingest_free(struct ingest *in)
{
	if (in == NULL)
		return;
	industry_free(in->industries);
	bounce_phrase_free(in->phrases);
	respond_free(in->resp);
	free(in->command_base);
	free(in);
}

/* body_offset: where the header block ends (after the first empty line). */
static size_t
body_offset(const char *raw, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (raw[i] != '\n')
			continue;
		if (raw[i + 1] == '\n')
			return i + 2;
		if (raw[i + 1] == '\r' && i + 2 < len && raw[i + 2] == '\n')
			return i + 3;
	}
	return len;
}

void
ingest_hash(const char *raw, size_t len, struct analysis *a)
{
	if (a->sha256[0] == '\0')
		sha256_hex(raw, len, a->sha256);
}

void
ingest_analyse(struct ingest *in, const char *raw, size_t len, int too_large,
    struct analysis *a)
{
	char sha[65];

	/* keep a hash the caller computed already */
	memcpy(sha, a->sha256, sizeof(sha));
	const struct limits *lim = &in->conf->limits;
	const char *err;
	size_t off;

	memset(a, 0, sizeof(*a));
	memcpy(a->sha256, sha, sizeof(sha));
	ingest_hash(raw, len, a);
	off = body_offset(raw, len);
	sha256_hex(raw + off, len - off, a->body_sha256);
	a->kind = KIND_UNCLASSIFIED;
	if (too_large) {
		a->outcome = OUT_REJECTED;
		a->reason = "message larger than max_message_size";
		/* the head still names the sender and subject */
		if (mime_parse(raw, len, lim, &a->mail, &err) != MIME_OK)
			a->mail = NULL;
		return;
	}
	if (mime_parse(raw, len, lim, &a->mail, &err) != MIME_OK) {
		a->mail = NULL;
		a->outcome = OUT_REJECTED;
		a->reason = err;
		return;
	}
	fields_parse(a->mail, lim, &a->fields);
	a->kind = classify(a->mail, &a->fields, &in->ccfg, &a->reason);
	switch (a->kind) {
	case KIND_JOB_ORDER:
		extract_job_order(a->mail, &a->fields, &in->ecfg, &a->job);
		a->outcome = OUT_RECORDED;
		break;
	case KIND_CANDIDATE:
		extract_candidate(a->mail, &a->fields, &in->ecfg, lim,
		    &a->cand);
		a->outcome = OUT_RECORDED;
		break;
	case KIND_SUBSCRIPTION:
	case KIND_BOUNCE:
	case KIND_COMPLAINT:
		a->outcome = OUT_RECORDED;
		break;
	case KIND_AUTO_REPLY:
		a->outcome = OUT_IGNORED;
		break;
	case KIND_UNCLASSIFIED:
		a->outcome = OUT_REVIEW;
		break;
	}
}

void
analysis_clear(struct analysis *a)
{
	job_order_free(a->job);
	candidate_free(a->cand);
	fields_free(&a->fields);
	mail_free(a->mail);
	memset(a, 0, sizeof(*a));
}

/* store_records: the record rows of an analysed message; *rid_r the
 * record's id (0: none). */
static int
store_records(struct ingest *in, long msg_id, const struct analysis *a,
    long *rid_r, const char **error_r)
{
	*rid_r = 0;
	if (a->outcome != OUT_RECORDED)
		return 0;
	if (a->job != NULL)
		return store_add_job(in->st, msg_id, a->job, rid_r, error_r);
	if (a->cand != NULL)
		return store_add_candidate(in->st, msg_id, a->cand, rid_r,
		    error_r);
	return 0;
}

/* respond: the answers and actions a new message calls for, queued in
 * the same transaction as its record (never for a reparse) */
static int
respond(struct ingest *in, long msg_id, long rid, const struct analysis *a,
    const char **error_r)
{
	const char *what = NULL;

	if (a->mail == NULL || a->outcome != OUT_RECORDED)
		return 0;
	if (a->kind == KIND_BOUNCE || a->kind == KIND_COMPLAINT) {
		if (respond_bounce(in->conf, in->st, msg_id, a->mail,
		    in->phrases, &what, error_r) < 0)
			return -1;
		log_info("message %ld: %s", msg_id, what);
		return 0;
	}
	if (in->resp == NULL)
		return 0;
	switch (a->kind) {
	case KIND_JOB_ORDER:
	case KIND_CANDIDATE:
		if (rid == 0)
			return 0;
		if (respond_ack(in->resp, msg_id, rid, a->mail, a->job, a->cand,
		    &what, error_r) < 0)
			return -1;
		if (what != NULL)
			log_info("message %ld: no acknowledgement: %s", msg_id,
			    what);
		return 0;
	case KIND_SUBSCRIPTION:
		if (respond_subscription(in->resp, msg_id, a->mail, &what,
		    error_r) < 0)
			return -1;
		log_info("message %ld: %s", msg_id, what);
		return 0;
	default:
		return 0;
	}
}

/* ack_reply: a job order, registration or unclassified mail that
 * answers one of our acknowledgements (a correction, a question, a
 * thank-you) is no new record: it goes to review under the reference it
 * answers, the reason written into buf */
static int
ack_reply(struct ingest *in, struct analysis *a, char *buf, size_t size,
    const char **error_r)
{
	char ref[32];
	int r;

	if (a->mail == NULL || (a->outcome != OUT_RECORDED &&
	    a->outcome != OUT_REVIEW) || (a->kind != KIND_JOB_ORDER &&
	    a->kind != KIND_CANDIDATE && a->kind != KIND_UNCLASSIFIED))
		return 0;
	r = respond_ack_reply(in->st, a->mail, ref, sizeof(ref), error_r);
	if (r <= 0)
		return r;
	snprintf(buf, size, "a reply to the acknowledgement of %s", ref);
	a->outcome = OUT_REVIEW;
	a->reason = buf;
	job_order_free(a->job);
	a->job = NULL;
	candidate_free(a->cand);
	a->cand = NULL;
	return 0;
}

struct pending {
	struct source_msg msg;
	enum ingest_outcome outcome;
	enum mail_kind kind;
	long id;
	int seen_before;        /* committed earlier: only move it */
};

/* record: analyse and insert one message inside the open transaction;
 * on failure the caller rolls its savepoint back. */
static int
record(struct ingest *in, struct source *src, struct pending *p,
    const char **error_r)
{
	struct analysis a;
	struct store_msg sm;
	const char *prev_outcome;
	char reply[80];
	long dup, rid = 0;
	int r;

	/* first: was this very message committed before a crash? */
	a.sha256[0] = '\0';
	ingest_hash(p->msg.data, p->msg.len, &a);
	r = store_seen(in->st, src->name, p->msg.uidvalidity, p->msg.uid,
	    a.sha256, &p->id, &prev_outcome);
	if (r < 0) {
		*error_r = "store lookup failed";
		return -1;
	}
	if (r == 1) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(outcome_names); i++)
			if (strcmp(prev_outcome, outcome_names[i]) == 0)
				p->outcome = (enum ingest_outcome)i;
		p->seen_before = 1;
		log_info("uid %s: committed before (message %ld), moving it "
		    "again", p->msg.uid, p->id);
		return 0;
	}
	ingest_analyse(in, p->msg.data, p->msg.len, p->msg.too_large, &a);
	dup = 0;
	/* (the batch's own messages are visible: uncommitted, same
	 * connection; a mail twice in one batch is a duplicate too) */
	r = store_find_duplicate(in->st, a.sha256,
	    a.mail ? a.mail->message_id : NULL, a.body_sha256, &dup);
	if (r < 0) {
		*error_r = "store lookup failed";
		analysis_clear(&a);
		return -1;
	}
	if (r == 1) {
		a.outcome = OUT_DUPLICATE;
		a.reason = "same message as an earlier one";
	}
	if (ack_reply(in, &a, reply, sizeof(reply), error_r) < 0) {
		analysis_clear(&a);
		return -1;
	}

	memset(&sm, 0, sizeof(sm));
	if (a.mail != NULL) {
		sm.message_id = a.mail->message_id;
		sm.from_addr = a.mail->from_addr;
		sm.from_name = a.mail->from_name;
		sm.subject = a.mail->subject;
		sm.date = (long)a.mail->date;
	}
	sm.sha256 = a.sha256;
	sm.body_sha256 = a.body_sha256;
	sm.source = src->name;
	sm.uidvalidity = p->msg.uidvalidity;
	sm.uid = p->msg.uid;
	sm.kind = classify_kind_name(a.kind);
	sm.outcome = outcome_names[a.outcome];
	sm.reason = a.reason;
	sm.raw = p->msg.data;
	sm.raw_len = p->msg.len;
	sm.raw_truncated = p->msg.too_large;
	sm.duplicate_of = a.outcome == OUT_DUPLICATE ? dup : 0;
	if (store_add_message(in->st, &sm, &p->id, error_r) < 0 ||
	    store_records(in, p->id, &a, &rid, error_r) < 0 ||
	    respond(in, p->id, rid, &a, error_r) < 0) {
		analysis_clear(&a);
		return -1;
	}
	p->outcome = a.outcome;
	p->kind = a.kind;
	log_info("message %ld uid %s <%s>: %s %s (%s)", p->id, p->msg.uid,
	    a.mail && a.mail->message_id ? a.mail->message_id : "",
	    classify_kind_name(a.kind), outcome_names[a.outcome],
	    a.reason ? a.reason : "");
	analysis_clear(&a);
	return 0;
}

/*
 * commit_one: one message in its own savepoint of the open transaction.
 * 0 written; -1 this message's writes failed and were rolled back (the
 * rest of the batch stands); -2 the transaction itself is gone.
 */
static int
commit_one(struct ingest *in, struct source *src, struct pending *p,
    struct ingest_stats *s, const char **error_r)
{
	static char why[256];
	const char *err = NULL;

	if (store_savepoint(in->st, &err) == 0) {
		if (record(in, src, p, &err) == 0 &&
		    store_release(in->st, &err) == 0) {
			if (!p->seen_before) {
				s->outcomes[p->outcome]++;
				s->kinds[p->kind]++;
			}
			return 0;
		}
	}
	/* SQLite's text would not outlive the rollback */
	snprintf(why, sizeof(why), "%s", err != NULL ? err : "store error");
	*error_r = why;
	if (store_rollback_to(in->st) < 0)
		return -2;
	return -1;
}

static double
now_mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
clear_batch(struct pending *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		source_msg_clear(&b[i].msg);
}

/* The committed messages waiting to be moved.  Moves are grouped in
 * larger sets than commits: an IMAP server's MOVE costs about the same
 * for 200 messages as for 2,000 (Dovecot rewrites its index per command),
 * and a message committed but not yet moved is safe (recognised by
 * store_seen if we die first). */
struct acks {
	struct source_msg *msgs;   /* uid, uidvalidity, handle; no data */
	enum source_dest *dests;
	size_t n;
};

static void
flush_acks(struct source *src, struct acks *a, struct ingest_stats *s)
{
	const char *aerr = "";
	size_t i;
	int r;

	if (a->n == 0)
		return;
	r = src->ops->ack(src, a->msgs, a->dests, a->n, &aerr);
	if (r != 0) {
		s->ack_failed += r > 0 ? (unsigned)r : (unsigned)a->n;
		log_warn("%s: %s of %zu committed messages not moved: %s",
		    src->name, r > 0 ? "some" : "all", a->n, aerr);
	}
	for (i = 0; i < a->n; i++)
		source_msg_clear(&a->msgs[i]);
	a->n = 0;
}

enum ingest_result
ingest_run(struct ingest *in, struct source *src, struct ingest_stats *s,
    volatile const sig_atomic_t *stop, const char **error_r)
{
	struct pending *b = xcalloc(BATCH_MAX_MESSAGES, sizeof(*b));
	struct acks acks;
	enum ingest_result ret = INGEST_OK;
	static char why[256];
	const char *src_err = NULL, *fail_err = NULL, *first_fail = NULL;
	size_t n, bytes, i;
	unsigned failed_in_a_row = 0;
	double t0 = 0;
	int r, more = 1, open;

	acks.msgs = xcalloc(ACK_MAX_MESSAGES, sizeof(*acks.msgs));
	acks.dests = xcalloc(ACK_MAX_MESSAGES, sizeof(*acks.dests));
	acks.n = 0;
	while (more && !(stop && *stop)) {
		n = 0;
		bytes = 0;
		open = 0;
		while (n < BATCH_MAX_MESSAGES && bytes < BATCH_MAX_BYTES &&
		    !(stop && *stop)) {
			/* commit what is in hand before the source waits on
			 * the network, and when the batch is old enough */
			if (open && (now_mono() - t0 >= BATCH_MAX_SECONDS ||
			    (src->ops->buffered != NULL &&
			    !src->ops->buffered(src))))
				break;
			memset(&b[n], 0, sizeof(b[n]));
			r = src->ops->next(src, &b[n].msg, &src_err);
			if (r < 0) {
				/* commit what was taken; the rest stays */
				ret = INGEST_SOURCE_FAIL;
				more = 0;
				break;
			}
			if (r == 0) {
				more = 0;
				break;
			}
			s->seen++;
			if (!open) {
				/* the transaction (and the write lock) only
				 * once there is something to write */
				if (store_begin(in->st, error_r) < 0) {
					source_msg_clear(&b[n].msg);
					ret = INGEST_STORE_FAIL;
					goto out;
				}
				open = 1;
				t0 = now_mono();
			}
			r = commit_one(in, src, &b[n], s, &fail_err);
			if (r == 0) {
				bytes += b[n].msg.len;
				n++;
				failed_in_a_row = 0;
				continue;
			}
			if (r == -2) {
				/* nothing of this batch is kept: it all stays
				 * in the mailbox */
				log_error("store: transaction lost: %s; %zu "
				    "messages stay in the mailbox", fail_err,
				    n + 1);
				snprintf(why, sizeof(why), "%s", fail_err);
				*error_r = why;
				clear_batch(b, n + 1);
				ret = INGEST_STORE_FAIL;
				goto out;
			}
			/* this message only: it stays in the mailbox */
			if (s->store_failed++ == 0) {
				/* SQLite's text lasts until its next call */
				snprintf(why, sizeof(why), "%s", fail_err);
				first_fail = why;
			}
			log_error("uid %s: not recorded (%s); it stays in the "
			    "mailbox", b[n].msg.uid ? b[n].msg.uid : "?",
			    fail_err);
			source_msg_clear(&b[n].msg);
			if (++failed_in_a_row >= FAILED_IN_A_ROW_MAX) {
				/* not one message: the store; commit what is
				 * in hand and stop this pass */
				more = 0;
				break;
			}
		}
		if (!open)
			break;
		if (store_commit(in->st, error_r) < 0) {
			log_error("store: commit failed: %s; %zu messages stay "
			    "in the mailbox", *error_r, n);
			clear_batch(b, n);
			ret = INGEST_STORE_FAIL;
			goto out;
		}
		/* committed: from now on they may be moved */
		if (acks.n + n > ACK_MAX_MESSAGES)
			flush_acks(src, &acks, s);
		for (i = 0; i < n; i++) {
			free(b[i].msg.data);
			b[i].msg.data = NULL;
			acks.msgs[acks.n] = b[i].msg;
			acks.dests[acks.n++] = ingest_dest(b[i].outcome);
			memset(&b[i].msg, 0, sizeof(b[i].msg));
		}
	}
out:
	/* whatever was committed is moved, also after a failure */
	flush_acks(src, &acks, s);
	free(acks.msgs);
	free(acks.dests);
	free(b);
	if (ret == INGEST_SOURCE_FAIL)
		*error_r = src_err;
	else if (ret == INGEST_OK && first_fail != NULL) {
		/* the others are recorded and moved; these wait */
		*error_r = first_fail;
		ret = INGEST_STORE_FAIL;
	}
	return ret;
}

int
ingest_reparse(struct ingest *in, long msg_id, const char **error_r)
{
	struct analysis a;
	char *raw, reply[80];
	size_t len;
	long rid, old_job = 0, old_cand = 0;
	int ret = -1, truncated, duplicate;

	if (store_get_raw(in->st, msg_id, &raw, &len, &truncated, &duplicate,
	    error_r) < 0)
		return -1;
	/* an over-size mail was kept as its head only: it stays rejected */
	a.sha256[0] = '\0';
	ingest_analyse(in, raw, len, truncated, &a);
	/* a duplicate stays a duplicate: its records live elsewhere */
	if (duplicate) {
		a.outcome = OUT_DUPLICATE;
		a.reason = "same message as an earlier one";
	}
	if (ack_reply(in, &a, reply, sizeof(reply), error_r) < 0)
		goto out;
	if (store_begin(in->st, error_r) < 0)
		goto out;
	/* the record keeps its number (JO-n, CA-n quoted to its sender) */
	if (store_record_ids(in->st, msg_id, &old_job, &old_cand) < 0) {
		*error_r = "store lookup failed";
		store_rollback(in->st);
		goto out;
	}
	if (store_delete_records(in->st, msg_id, error_r) < 0 ||
	    store_set_outcome(in->st, msg_id, classify_kind_name(a.kind),
	    outcome_names[a.outcome], a.reason, error_r) < 0 ||
	    store_records(in, msg_id, &a, &rid, error_r) < 0 ||
	    (rid > 0 && a.job != NULL && old_job > 0 &&
	    store_renumber_record(in->st, 1, rid, old_job, error_r) < 0) ||
	    (rid > 0 && a.cand != NULL && old_cand > 0 &&
	    store_renumber_record(in->st, 0, rid, old_cand, error_r) < 0)) {
		store_rollback(in->st);
		goto out;
	}
	if (store_commit(in->st, error_r) < 0)
		goto out;
	ret = 0;
out:
	analysis_clear(&a);
	free(raw);
	return ret;
}

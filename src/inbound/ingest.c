/*
 * ingest.c — drives the inbound pipeline (DESIGN §2 "Never lose, never
 * double"): for each message of a source, hash it, recognise one already
 * committed (a crash between commit and move: just move it again),
 * otherwise analyse it: parse, classify, extract (résumé conversions
 * included) and parse bounce reports, all without the store.  Then, for
 * a batch of analysed messages, one short transaction: per message a
 * SAVEPOINT in which its plan is built from read-only lookups
 * (duplicates, replies to our acknowledgements, the RFC 3834 daily
 * limit, subscribers) and written by store_apply.  Only after COMMIT is
 * each message moved to processed / rejected / review.
 *
 * The write lock is never held across analysis, nor across a network
 * wait of the source, a poll interval or IDLE: a batch is analysed
 * first (up to BATCH_MAX_MESSAGES messages, BATCH_MAX_BYTES or
 * BATCH_MAX_SECONDS of work, ending early where the source would wait on
 * the network), then applied.  When one message's writes fail only they
 * are rolled back and the message stays in the mailbox, to be tried
 * again next poll; the others are committed and moved.
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

#include "ack.h"
#include "bounce_phrase.h"
#include "signature.h"
#include "prose.h"
#include "command.h"
#include "compose.h"
#include "feedback.h"
#include "fields.h"
#include "ingest.h"
#include "log.h"
#include "mime.h"
#include "quote.h"
#include "reply.h"
#include "resume.h"
#include "util.h"

#define BATCH_MAX_MESSAGES 200
#define BATCH_MAX_BYTES (64u * 1024 * 1024)
#define BATCH_MAX_SECONDS 0.5      /* analysis time gathered into one
                                      commit (no lock is held meanwhile) */
#define APPLY_MAX_SECONDS 0.015    /* writes per commit: the write lock
                                      is held about this long at most */
#define ACK_MAX_MESSAGES 5000      /* committed messages moved at once */
#define FAILED_IN_A_ROW_MAX 8      /* then the store itself is failing */

struct ingest {
	const struct conf *conf;
	struct store *st;
	struct industry_list *industries;
	struct bounce_phrases *phrases;   /* [extract] bounce_phrases */
	struct salary_words *salary_words;  /* [extract] salary_words */
	struct quote_headers *quotes;     /* [extract] quote_headers */
	struct signature_words *sig_words; /* [extract] signature_words */
	struct prose_phrases *prose;      /* [extract] prose_phrases */
	struct extract_config ecfg;
	struct classify_config ccfg;
	struct reply *resp;        /* replies, or NULL (disabled) */
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
	static char why[512];

	in->conf = conf;
	in->st = st;
	if (conf->industries != NULL) {
		in->industries = industry_load(conf->industries, error_r);
		if (in->industries == NULL) {
			/* the file named, like the phrase file's errors */
			snprintf(why, sizeof(why), "industries %s: %s",
			    conf->industries, *error_r);
			*error_r = why;
		}
	} else
		in->industries = industry_default();
	/* the data files (bounce phrases, salary words, quote headers,
	 * signature words, prose phrases): one that cannot be read is a
	 * config error */
	if (in->industries == NULL ||
	    (in->phrases = bounce_phrase_load(conf->bounce_phrases != NULL ?
	    conf->bounce_phrases : bounce_phrase_default_path(),
	    error_r)) == NULL ||
	    (in->salary_words = salary_words_load(conf->salary_words != NULL ?
	    conf->salary_words : salary_words_default_path(),
	    error_r)) == NULL ||
	    (in->quotes = quote_headers_load(conf->quote_headers != NULL ?
	    conf->quote_headers : quote_headers_default_path(),
	    error_r)) == NULL ||
	    (in->sig_words = signature_words_load(conf->signature_words !=
	    NULL ? conf->signature_words : signature_words_default_path(),
	    error_r)) == NULL ||
	    (in->prose = prose_load(conf->prose_phrases != NULL ?
	    conf->prose_phrases : prose_default_path(), error_r)) == NULL) {
		ingest_free(in);   /* (reply_free, free: NULL-safe) */
		return NULL;
	}
	in->ecfg.salary_words = in->salary_words;
	in->ecfg.signature_words = in->sig_words;
	in->ecfg.industries = in->industries;
	in->ecfg.prose = in->prose;
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
		in->resp = reply_new(in->conf, error_r);
	return in->resp != NULL ? 0 : -1;
}

void
ingest_free(struct ingest *in)
{
	if (in == NULL)
		return;
	industry_free(in->industries);
	bounce_phrase_free(in->phrases);
	salary_words_free(in->salary_words);
	quote_headers_free(in->quotes);
	signature_words_free(in->sig_words);
	prose_free(in->prose);
	reply_free(in->resp);
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

/* head_salvage: for a mail rejected before its header could be read
 * (a limit, a broken structure), a small mail made of its identity
 * headers alone (Message-ID, From, Subject, Date; each at most
 * max_header_len bytes, the first of each name) so that the consultant
 * can tell which mail it was.  NULL when not even those can be read. */
static struct mail *
head_salvage(const char *raw, size_t len, const struct limits *lim)
{
	static const char *const keep[] = { "message-id", "from", "subject",
	    "date" };
	unsigned char seen[ARRAY_SIZE(keep)] = { 0 };
	size_t end = body_offset(raw, len), i = 0, cap = lim->max_header_len;
	struct limits l = *lim;
	struct mail *m = NULL;
	const char *err;
	struct buf b;
	int taking = 0;

	if (cap == 0 || cap > 8192)
		cap = 8192;
	buf_init(&b, 4 * (cap + 3) + 2);
	while (i < end) {
		const char *line = raw + i, *nl = memchr(line, '\n', end - i);
		size_t n = nl != NULL ? (size_t)(nl - line) : end - i, k;

		i += n + (nl != NULL);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			break;
		if (line[0] == ' ' || line[0] == '\t') {
			if (taking > 0 && (size_t)taking + n <= cap) {
				buf_append(&b, line, n);
				buf_putc(&b, '\n');
				taking += (int)n;
			}
			continue;
		}
		taking = 0;
		for (k = 0; k < ARRAY_SIZE(keep); k++) {
			size_t kl = strlen(keep[k]);

			if (seen[k] || n <= kl || line[kl] != ':' ||
			    strncasecmp(line, keep[k], kl) != 0)
				continue;
			seen[k] = 1;
			if (n > cap)
				n = cap;
			buf_append(&b, line, n);
			buf_putc(&b, '\n');
			taking = (int)n;
		}
	}
	buf_puts(&b, "\n");
	l.max_header_len = cap;
	if (b.len > 1 && mime_parse(b.data, b.len, &l, &m, &err) != MIME_OK)
		m = NULL;
	buf_free(&b);
	return m;
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
		if (a->mail == NULL)
			a->ident = head_salvage(raw, len, lim);
		return;
	}
	if (mime_parse(raw, len, lim, &a->mail, &err) != MIME_OK) {
		a->mail = NULL;
		a->outcome = OUT_REJECTED;
		a->reason = err;
		a->ident = head_salvage(raw, len, lim);
		return;
	}
	fields_parse_quoted(a->mail, lim, in->quotes, &a->fields);
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
	case KIND_BOUNCE:
	case KIND_COMPLAINT:
		/* the report is read here, not under the write lock */
		if (bounce_parse(a->mail, in->conf->bounces, in->phrases,
		    &a->bounce, &err) < 0) {
			a->bounce = NULL;
			log_warn("bounce report not read: %s", err);
		}
		a->outcome = OUT_RECORDED;
		break;
	case KIND_SUBSCRIPTION:
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
	bounce_report_free(a->bounce);
	fields_free(&a->fields);
	mail_free(a->mail);
	mail_free(a->ident);
	memset(a, 0, sizeof(*a));
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
	r = ack_reply_find(in->st, a->mail, ref, sizeof(ref), error_r);
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

/* plan_record: the record of an analysed message and the number it
 * gets (old_job / old_cand: the numbers a reparsed message's records had) */
static int
plan_record(struct ingest *in, const struct analysis *a, long old_job,
    long old_cand, struct plan *p, const char **error_r)
{
	if (a->outcome != OUT_RECORDED || (a->job == NULL && a->cand == NULL))
		return 0;
	p->job = a->job;
	p->cand = a->cand;
	if (a->job != NULL && old_job > 0)
		p->record_id = old_job;
	else if (a->cand != NULL && old_cand > 0)
		p->record_id = old_cand;
	else if (store_next_record_id(in->st, a->job != NULL, &p->record_id,
	    error_r) < 0)
		return -1;
	return 0;
}

/* plan_answers: the answers and actions a new message calls for (never
 * for a reparse): bounce and complaint changes, the acknowledgement,
 * subscription commands.  A subscription mail without a command goes
 * to review. */
static int
plan_answers(struct ingest *in, struct analysis *a, struct plan *p,
    const char **error_r)
{
	const char *what = NULL;
	int r;

	if (a->mail == NULL || a->outcome != OUT_RECORDED)
		return 0;
	if (a->kind == KIND_BOUNCE || a->kind == KIND_COMPLAINT) {
		if (a->bounce == NULL) {
			p->what = "bounce report not read: nothing done";
			return 0;
		}
		if (feedback_plan(in->st, a->bounce, p, &what, error_r) < 0)
			return -1;
		p->what = what;
		return 0;
	}
	if (in->resp == NULL)
		return 0;
	switch (a->kind) {
	case KIND_JOB_ORDER:
	case KIND_CANDIDATE:
		if (p->record_id == 0)
			return 0;
		r = ack_plan(in->resp, in->st, a->mail, p, &what, error_r);
		if (r < 0)
			return -1;
		if (what != NULL) {
			static char why[160];

			snprintf(why, sizeof(why), "no acknowledgement: %s",
			    what);
			p->what = why;
		}
		return 0;
	case KIND_SUBSCRIPTION:
		r = command_plan(in->resp, in->st, a->mail, p, &what, error_r);
		if (r < 0)
			return -1;
		p->what = what;
		if (r == 0) {
			a->outcome = OUT_REVIEW;
			a->reason = "a subscription mail without a command";
		}
		return 0;
	default:
		return 0;
	}
}

/* plan_msg_of: the message row of an analysed message */
static void
plan_msg_of(const struct analysis *a, struct plan_msg *sm)
{
	const struct mail *id = a->mail != NULL ? a->mail : a->ident;

	memset(sm, 0, sizeof(*sm));
	if (id != NULL) {
		sm->message_id = id->message_id;
		sm->from_addr = id->from_addr;
		sm->from_name = id->from_name;
		sm->subject = id->subject;
		sm->date = (long)id->date;
	}
	sm->sha256 = a->sha256;
	sm->body_sha256 = a->body_sha256;
	sm->kind = classify_kind_name(a->kind);
	sm->outcome = outcome_names[a->outcome];
	sm->reason = a->reason;
}

struct pending {
	struct source_msg msg;
	struct analysis a;          /* made before the transaction */
	enum ingest_outcome outcome;
	enum mail_kind kind;
	long id;
	int seen_before;            /* committed earlier: only move it */
	int seen_unknown;           /* that lookup failed: asked again */
	int written;                /* its savepoint was released */
};

/* seen: was this very message committed before (a crash between
 * commit and move)?  1 (p->seen_before, its outcome for the move), 0,
 * -1 when the lookup failed */
static int
seen(struct ingest *in, struct source *src, struct pending *p)
{
	const char *prev_outcome;
	size_t i;
	int r;

	r = store_seen(in->st, src->name, p->msg.uidvalidity, p->msg.uid,
	    p->a.sha256, &p->id, &prev_outcome);
	if (r != 1)
		return r;
	for (i = 0; i < ARRAY_SIZE(outcome_names); i++)
		if (strcmp(prev_outcome, outcome_names[i]) == 0)
			p->outcome = (enum ingest_outcome)i;
	p->seen_before = 1;
	log_info("uid %s: committed before (message %ld), moving it again",
	    p->msg.uid, p->id);
	return 1;
}

/* prepare: the work done before the write lock is taken: was this very
 * message committed before (a read), else its analysis */
static void
prepare(struct ingest *in, struct source *src, struct pending *p)
{
	p->a.sha256[0] = '\0';
	ingest_hash(p->msg.data, p->msg.len, &p->a);
	p->seen_unknown = 0;
	switch (seen(in, src, p)) {
	case 1:
		return;
	case -1:
		/* asked again under the lock, in record */
		p->seen_unknown = 1;
		break;
	}
	{
		/* named in what a PDF child says on stderr */
		char *what = xasprintf("%s uid %s", src->name,
		    p->msg.uid != NULL ? p->msg.uid : "?");

		resume_set_context(what);
		free(what);
	}
	ingest_analyse(in, p->msg.data, p->msg.len, p->msg.too_large, &p->a);
	resume_set_context(NULL);
}

/* record: plan and write one analysed message inside the open
 * transaction; on failure the caller rolls its savepoint back. */
static int
record(struct ingest *in, struct source *src, struct pending *p,
    const char **error_r)
{
	struct analysis *a = &p->a;
	struct plan plan;
	char reply[80];
	long dup = 0, rid = 0;
	int r;

	if (p->seen_before)
		return 0;
	if (p->seen_unknown) {
		r = seen(in, src, p);
		if (r < 0) {
			*error_r = "store lookup failed";
			return -1;
		}
		if (r == 1)
			return 0;
		p->seen_unknown = 0;
	}
	/* (the batch's own messages are visible: uncommitted, same
	 * connection; a mail twice in one batch is a duplicate too) */
	r = store_find_duplicate(in->st, a->sha256,
	    a->mail ? a->mail->message_id : NULL, a->body_sha256, &dup);
	if (r < 0) {
		*error_r = "store lookup failed";
		return -1;
	}
	if (r == 1) {
		a->outcome = OUT_DUPLICATE;
		a->reason = "same message as an earlier one";
	}
	if (ack_reply(in, a, reply, sizeof(reply), error_r) < 0)
		return -1;
	plan_init(&plan);
	if (plan_record(in, a, 0, 0, &plan, error_r) < 0 ||
	    plan_answers(in, a, &plan, error_r) < 0)
		goto fail;
	if (a->outcome != OUT_RECORDED) {
		/* plan_answers may send the message to review */
		plan.job = NULL;
		plan.cand = NULL;
	}
	plan_msg_of(a, &plan.msg);
	plan.msg.source = src->name;
	plan.msg.uidvalidity = p->msg.uidvalidity;
	plan.msg.uid = p->msg.uid;
	plan.msg.raw = p->msg.data;
	plan.msg.raw_len = p->msg.len;
	plan.msg.raw_truncated = p->msg.too_large;
	plan.msg.duplicate_of = a->outcome == OUT_DUPLICATE ? dup : 0;
	if (store_apply(in->st, &plan, &p->id, &rid, error_r) < 0)
		goto fail;
	p->outcome = a->outcome;
	p->kind = a->kind;
	log_info("message %ld uid %s <%s>: %s %s (%s)", p->id, p->msg.uid,
	    a->mail && a->mail->message_id ? a->mail->message_id : "",
	    classify_kind_name(a->kind), outcome_names[a->outcome],
	    a->reason ? a->reason : "");
	if (plan.what != NULL)
		log_info("message %ld: %s", p->id, plan.what);
	if (plan.n_out > 0)
		log_info("message %ld: %zu answer%s queued", p->id, plan.n_out,
		    plan.n_out == 1 ? "" : "s");
	plan_free(&plan);
	return 0;
fail:
	plan_free(&plan);
	return -1;
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
			p->written = 1;
			return 0;
		}
	}
	snprintf(why, sizeof(why), "%s", err != NULL ? err : "store error");
	*error_r = why;
	if (store_rollback_to(in->st) < 0)
		return -2;
	return -1;
}

static void
clear_batch(struct pending *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		source_msg_clear(&b[i].msg);
		analysis_clear(&b[i].a);
	}
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

/* take: the next batch from the source, each message analysed as it
 * comes (no transaction open).  Returns the count; *more_r 0 when the
 * source has nothing more or failed (*ret_r, *src_err_r). */
static size_t
take(struct ingest *in, struct source *src, struct pending *b,
    struct ingest_stats *s, volatile const sig_atomic_t *stop, int *more_r,
    enum ingest_result *ret_r, const char **src_err_r)
{
	size_t n = 0, bytes = 0;
	double t0 = time_mono();
	int r;

	while (n < BATCH_MAX_MESSAGES && bytes < BATCH_MAX_BYTES &&
	    !(stop && *stop)) {
		/* commit what is in hand before the source waits on the
		 * network, and when the batch has taken long enough */
		if (n > 0 && (time_mono() - t0 >= BATCH_MAX_SECONDS ||
		    (src->ops->buffered != NULL && !src->ops->buffered(src))))
			break;
		memset(&b[n], 0, sizeof(b[n]));
		r = src->ops->next(src, &b[n].msg, src_err_r);
		if (r < 0) {
			/* commit what was taken; the rest stays */
			*ret_r = INGEST_SOURCE_FAIL;
			*more_r = 0;
			break;
		}
		if (r == 0) {
			*more_r = 0;
			break;
		}
		s->seen++;
		prepare(in, src, &b[n]);
		bytes += b[n].msg.len;
		n++;
	}
	return n;
}

/* begin_wait: the write transaction; while another process holds the
 * lock (a backup, an sqlite3 session) wait for it (logged once) until
 * it is free or *stop is set: the analysed batch is kept in hand */
static int
begin_wait(struct ingest *in, volatile const sig_atomic_t *stop,
    const char **error_r)
{
	int waited = 0;

	for (;;) {
		if (store_begin(in->st, error_r) == 0) {
			if (waited)
				log_info("store: writable again; recording");
			return 0;
		}
		if (!store_busy(in->st) || (stop && *stop))
			return -1;
		if (!waited++)
			log_warn("store: %s; waiting for the lock", *error_r);
		/* (SQLite waited its busy timeout already; this only keeps
		 * an immediate "locked" from spinning) */
		nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	}
}

/*
 * check_uidvalidity: a mailbox whose UIDVALIDITY is not the one recorded
 * (by this process or an earlier one) was rebuilt: its UIDs name other
 * messages now.  Said once, when it is noticed; the store then remembers
 * the new value.  Nothing is lost either way: a message seen before is
 * recognised by its content (store_find_duplicate).
 */
static void
check_uidvalidity(struct ingest *in, const struct source *src)
{
	const char *err = NULL;
	uint32_t old = 0;
	int r;

	if (src->uidvalidity == 0)
		return;         /* a Maildir: no UIDVALIDITY */
	r = store_uidvalidity(in->st, src->name, src->uidvalidity, &old, &err);
	if (r < 0)
		log_warn("%s: UIDVALIDITY not compared with the last run's: %s",
		    src->name, err);
	else if (r > 0)
		log_warn("%s: UIDVALIDITY changed from %lu to %lu since the "
		    "last run; messages seen before are recognised by "
		    "content", src->name, (unsigned long)old,
		    (unsigned long)src->uidvalidity);
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
	size_t n, i;
	unsigned failed_in_a_row = 0;
	int r, more = 1;

	acks.msgs = xcalloc(ACK_MAX_MESSAGES, sizeof(*acks.msgs));
	acks.dests = xcalloc(ACK_MAX_MESSAGES, sizeof(*acks.dests));
	acks.n = 0;
	check_uidvalidity(in, src);
	while (more && !(stop && *stop)) {
		n = take(in, src, b, s, stop, &more, &ret, &src_err);
		if (n == 0)
			break;
		/* the résumé files first, synced once, without the lock (a
		 * failure here is met again, and recorded, in the apply) */
		for (i = 0; i < n; i++) {
			const char *ferr;

			if (!b[i].seen_before && b[i].a.cand != NULL &&
			    store_put_files(in->st, b[i].a.cand, &ferr) < 0)
				log_debug("uid %s: résumé files: %s",
				    b[i].msg.uid ? b[i].msg.uid : "?", ferr);
		}
		if (store_sync_files(in->st, &fail_err) < 0)
			log_debug("store: %s", fail_err);
		/* the write lock: only now, and only for the writes; a
		 * batch whose writes take long is committed in parts so
		 * that the lock is never held for long (the sender waits
		 * on it after each server answer) */
		for (i = 0; i < n;) {
			size_t first = i;
			double t1;

			if (begin_wait(in, stop, error_r) < 0) {
				clear_batch(b, n);
				ret = INGEST_STORE_FAIL;
				goto out;
			}
			t1 = time_mono();
			for (; i < n; i++) {
				if (i > first && time_mono() - t1 >=
				    APPLY_MAX_SECONDS)
					break;
				r = commit_one(in, src, &b[i], s, &fail_err);
				if (r == 0) {
					failed_in_a_row = 0;
					continue;
				}
				if (r == -2) {
					/* nothing of this part is kept: it
					 * stays in the mailbox (parts
					 * committed before are moved on the
					 * next pass, as seen before) */
					log_error("store: transaction lost: "
					    "%s; %zu messages stay in the "
					    "mailbox", fail_err, n - first);
					snprintf(why, sizeof(why), "%s",
					    fail_err);
					*error_r = why;
					clear_batch(b, n);
					ret = INGEST_STORE_FAIL;
					goto out;
				}
				/* this message only: it stays in the mailbox */
				if (s->store_failed++ == 0) {
					snprintf(why, sizeof(why), "%s",
					    fail_err);
					first_fail = why;
				}
				log_error("uid %s: not recorded (%s); it stays "
				    "in the mailbox", b[i].msg.uid ?
				    b[i].msg.uid : "?", fail_err);
				if (++failed_in_a_row >= FAILED_IN_A_ROW_MAX) {
					/* not one message: the store; commit
					 * what is in hand and stop this pass
					 * (the rest stays in the mailbox) */
					more = 0;
					i = n;
					break;
				}
			}
			if (store_commit(in->st, error_r) < 0) {
				log_error("store: commit failed: %s; %zu "
				    "messages stay in the mailbox", *error_r,
				    n - first);
				clear_batch(b, n);
				ret = INGEST_STORE_FAIL;
				goto out;
			}
		}
		/* committed: from now on they may be moved */
		if (acks.n + n > ACK_MAX_MESSAGES)
			flush_acks(src, &acks, s);
		for (i = 0; i < n; i++) {
			analysis_clear(&b[i].a);
			if (!b[i].written) {
				source_msg_clear(&b[i].msg);
				continue;
			}
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
	struct plan plan;
	char *raw, reply[80];
	size_t len;
	long rid, old_job = 0, old_cand = 0, id;
	int ret = -1, truncated, duplicate;

	if (store_get_raw(in->st, msg_id, &raw, &len, &truncated, &duplicate,
	    error_r) < 0)
		return -1;
	/* the analysis first, without the lock; an over-size mail was kept
	 * as its head only: it stays rejected */
	a.sha256[0] = '\0';
	{
		char what[48];

		snprintf(what, sizeof(what), "message %ld", msg_id);
		resume_set_context(what);
	}
	ingest_analyse(in, raw, len, truncated, &a);
	resume_set_context(NULL);
	plan_init(&plan);
	/* a duplicate stays a duplicate: its records live elsewhere */
	if (duplicate) {
		a.outcome = OUT_DUPLICATE;
		a.reason = "same message as an earlier one";
	}
	if (store_begin(in->st, error_r) < 0)
		goto out;
	if (ack_reply(in, &a, reply, sizeof(reply), error_r) < 0)
		goto fail;
	/* the record keeps its number (JO-n, CA-n quoted to its sender) */
	if (store_record_ids(in->st, msg_id, &old_job, &old_cand) < 0) {
		*error_r = "store lookup failed";
		goto fail;
	}
	if (plan_record(in, &a, old_job, old_cand, &plan, error_r) < 0)
		goto fail;
	plan_msg_of(&a, &plan.msg);
	plan.msg_id = msg_id;
	if (store_apply(in->st, &plan, &id, &rid, error_r) < 0)
		goto fail;
	if (store_commit(in->st, error_r) < 0)
		goto out;
	ret = 0;
	goto out;
fail:
	store_rollback(in->st);
out:
	plan_free(&plan);
	analysis_clear(&a);
	free(raw);
	return ret;
}

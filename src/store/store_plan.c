/*
 * store_plan.c — store_apply: the one writer of an inbound mail's plan
 * (plan.h), and the reads the plan builders make before it (inside the
 * same transaction, so that what they read still holds when it is
 * written).
 *
 * A plan is applied in the caller's transaction, normally inside the
 * mail's own SAVEPOINT: the message row (or, for a reparse, its new
 * kind and outcome and its records replaced), the record under the id
 * the plan chose, subscriber changes, bounce rows and outbox messages.
 * Nothing here analyses: the expensive work (MIME, résumé conversion)
 * is done before the write lock is taken.
 *
 * SECURITY: every value is bound, never spliced into SQL.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "store.h"
#include "store_int.h"
#include "util.h"

int
store_next_record_id(struct store *st, int job, long *id_r,
    const char **error_r)
{
	/* INTEGER PRIMARY KEY without AUTOINCREMENT: SQLite gives max + 1,
	 * which holds while the caller keeps the write lock */
	*id_r = 1;
	return store_sql_one_long(st, store_sql_prepare(st, job ?
	    "SELECT coalesce(max(id), 0) + 1 FROM jobs" :
	    "SELECT coalesce(max(id), 0) + 1 FROM candidates", error_r), id_r,
	    error_r) < 0 ? -1 : 0;
}

int
store_acked_record(struct store *st, int job, long id, const char *addr,
    const char **error_r)
{
	sqlite3_stmt *s = store_sql_with_long(st, job ? "SELECT j.id FROM jobs "
	    "j JOIN outbox o ON o.message = j.message WHERE j.id = ?1 AND "
	    "o.kind = 'ack' AND o.to_addr = ?2" : "SELECT c.id FROM "
	    "candidates c JOIN outbox o ON o.message = c.message WHERE c.id = "
	    "?1 AND o.kind = 'ack' AND o.to_addr = ?2", id, error_r);

	if (s != NULL)
		store_sql_text(s, 2, addr);
	return store_sql_one_long(st, s, NULL, error_r);
}

int
store_record_of_mail(struct store *st, int job, const char *message_id,
    long *id_r, const char **error_r)
{
	return store_sql_one_long(st, store_sql_with_text(st, job ?
	    "SELECT j.id FROM messages ms JOIN jobs j ON j.message = ms.id "
	    "WHERE ms.message_id = ?1 ORDER BY j.id LIMIT 1" :
	    "SELECT c.id FROM messages ms JOIN candidates c ON c.message = "
	    "ms.id WHERE ms.message_id = ?1 ORDER BY c.id LIMIT 1", message_id,
	    error_r), id_r, error_r);
}

int
store_delivery_by_token(struct store *st, const char *token,
    long *delivery_r, long *sub_r, const char **error_r)
{
	sqlite3_stmt *s;
	int r;

	*delivery_r = *sub_r = 0;
	if (token == NULL)
		return 0;
	s = store_sql_with_text(st, "SELECT id, subscriber FROM deliveries "
	    "WHERE token = ?1", token, error_r);
	if ((r = store_sql_step(st, s, error_r)) > 0) {
		*delivery_r = (long)sqlite3_column_int64(s, 0);
		*sub_r = (long)sqlite3_column_int64(s, 1);
	}
	store_sql_release(st, s);
	return r;
}

static int
apply_sub(struct store *st, const struct plan_sub *ps, const char **error_r)
{
	enum subscriber_change ch;

	switch (ps->op) {
	case PLAN_SUB_REQUEST:
		return store_subscriber_request(st, ps->addr, ps->name,
		    ps->token, &ch, error_r);
	case PLAN_SUB_CONFIRM:
		return store_subscriber_confirm(st, ps->id, error_r) < 0 ? -1 : 0;
	case PLAN_SUB_UNSUBSCRIBE:
		return store_subscriber_unsubscribe(st, ps->id, error_r) < 0 ?
		    -1 : 0;
	case PLAN_SUB_COMPLAINED:
		return store_subscriber_complained(st, ps->id, error_r);
	}
	return -1;
}

int
store_apply(struct store *st, const struct plan *p, long *msg_id_r,
    long *record_id_r, const char **error_r)
{
	long msg_id = p->msg_id, rid = 0;
	size_t i;

	*record_id_r = 0;
	if (msg_id == 0) {
		if (store_add_message(st, &p->msg, &msg_id, error_r) < 0)
			return -1;
	} else if (store_delete_records(st, msg_id, error_r) < 0 ||
	    store_set_outcome(st, msg_id, p->msg.kind, p->msg.outcome,
	    p->msg.reason, error_r) < 0)
		return -1;
	*msg_id_r = msg_id;
	if (p->job != NULL &&
	    store_add_job(st, msg_id, p->job, &rid, error_r) < 0)
		return -1;
	if (p->cand != NULL &&
	    store_add_candidate(st, msg_id, p->cand, &rid, error_r) < 0)
		return -1;
	/* the record takes the number the plan gave it (quoted in its
	 * acknowledgement; a reparse keeps the old one) */
	if (rid > 0 && p->record_id > 0 && rid != p->record_id) {
		if (store_renumber_record(st, p->job != NULL, rid,
		    p->record_id, error_r) < 0)
			return -1;
		rid = p->record_id;
	}
	*record_id_r = rid;
	for (i = 0; i < p->n_subs; i++)
		if (apply_sub(st, &p->subs[i], error_r) < 0)
			return -1;
	for (i = 0; i < p->n_bounces; i++) {
		const struct plan_bounce *b = &p->bounces[i];

		if (store_subscriber_bounce(st, b->sub, msg_id, b->delivery,
		    b->recipient, b->status, b->action, b->hard,
		    b->diagnostic, error_r) < 0)
			return -1;
	}
	for (i = 0; i < p->n_out; i++)
		if (store_outbox_add(st, p->out[i].kind, msg_id, p->out[i].to,
		    "", p->out[i].raw, p->out[i].len, error_r) < 0)
			return -1;
	return 0;
}

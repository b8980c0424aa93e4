/*
 * plan.c — the plan of one inbound mail (plan.h): plain data, built by
 * the analysis and the plan builders, written by store_apply.
 *
 * SECURITY: holds copies of strangers' strings; nothing is interpreted.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "util.h"

void
plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n_subs; i++) {
		free(p->subs[i].addr);
		free(p->subs[i].name);
		free(p->subs[i].token);
	}
	for (i = 0; i < p->n_bounces; i++) {
		free(p->bounces[i].recipient);
		free(p->bounces[i].status);
		free(p->bounces[i].action);
		free(p->bounces[i].diagnostic);
	}
	for (i = 0; i < p->n_out; i++) {
		free(p->out[i].kind);
		free(p->out[i].to);
		free(p->out[i].raw);
	}
	free(p->subs);
	free(p->bounces);
	free(p->out);
	memset(p, 0, sizeof(*p));
}

void
plan_sub(struct plan *p, enum plan_sub_op op, long id, const char *addr,
    const char *name, const char *token)
{
	struct plan_sub *s;

	p->subs = xreallocarray(p->subs, p->n_subs + 1, sizeof(*p->subs));
	s = &p->subs[p->n_subs++];
	s->op = op;
	s->id = id;
	s->addr = dup_or_null(addr);
	s->name = dup_or_null(name);
	s->token = dup_or_null(token);
}

void
plan_bounce(struct plan *p, long sub, long delivery, const char *recipient,
    const char *status, const char *action, int hard, const char *diagnostic)
{
	struct plan_bounce *b;

	p->bounces = xreallocarray(p->bounces, p->n_bounces + 1,
	    sizeof(*p->bounces));
	b = &p->bounces[p->n_bounces++];
	b->sub = sub;
	b->delivery = delivery;
	b->recipient = dup_or_null(recipient);
	b->status = dup_or_null(status);
	b->action = dup_or_null(action);
	b->diagnostic = dup_or_null(diagnostic);
	b->hard = hard;
}

void
plan_out(struct plan *p, const char *kind, const char *to, const char *raw,
    size_t len)
{
	struct plan_out *o;

	p->out = xreallocarray(p->out, p->n_out + 1, sizeof(*p->out));
	o = &p->out[p->n_out++];
	o->kind = xstrdup(kind);
	o->to = xstrdup(to);
	o->raw = xmalloc(len + 1);
	memcpy(o->raw, raw, len);
	o->raw[len] = '\0';
	o->len = len;
}

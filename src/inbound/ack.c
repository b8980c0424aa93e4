/*
 * ack.c — the acknowledgement of a recorded job order or candidate
 * registration, as part of the mail's plan (ack.h), and the recognition
 * of a mail that answers one of our acknowledgements.
 *
 * Ownership: everything is borrowed for the duration of a call; what
 * goes into the plan is copied.
 *
 * SECURITY: the subject and fields are a stranger's; they reach the
 * answer only through reply_compose (see reply.c).  References and
 * In-Reply-To are read for at most ACK_REPLY_MAX_IDS message ids.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ack.h"
#include "log.h"
#include "util.h"

static void
field(struct tctx *list, const char *label, const char *value)
{
	struct tctx *it;

	if (value == NULL || *value == '\0')
		return;
	it = tctx_list_add(list);
	tctx_set(it, "label", label);
	tctx_set(it, "value", value);
}

static void
missing(struct tctx *list, const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		tctx_set(tctx_list_add(list), "label", label);
}

/* "EUR 180,000 - 210,000 per year" */
static char *
salary_text(const struct salary *s)
{
	char a[32], b[32];
	struct buf out;
	size_t i;
	double v[2];

	if (!s->found)
		return NULL;
	v[0] = s->min;
	v[1] = s->max;
	for (i = 0; i < 2; i++) {
		char digits[32], *d = i == 0 ? a : b;
		size_t n, k, o = 0;

		snprintf(digits, sizeof(digits), "%.0f", v[i]);
		n = strlen(digits);
		for (k = 0; k < n; k++) {
			if (k > 0 && (n - k) % 3 == 0)
				d[o++] = ',';
			d[o++] = digits[k];
		}
		d[o] = '\0';
	}
	buf_init(&out, 0);
	if (s->min == 0)            /* salary.h: "up to" */
		buf_puts(&out, "up to ");
	else if (s->max == 0)       /* "from" */
		buf_puts(&out, "from ");
	if (s->currency[0] != '\0')
		buf_appendf(&out, "%s ", s->currency);
	buf_puts(&out, s->min == 0 ? b : a);
	if (s->max != s->min && s->min != 0 && s->max != 0)
		buf_appendf(&out, " - %s", b);
	if (s->period[0] != '\0')
		buf_appendf(&out, " per %s", s->period);
	return buf_steal(&out);
}

static char *
join(char **v, size_t n)
{
	struct buf b;
	size_t i;

	if (n == 0)
		return NULL;
	buf_init(&b, 0);
	for (i = 0; i < n; i++)
		buf_appendf(&b, "%s%s", i ? "; " : "", v[i]);
	return buf_steal(&b);
}

static void
job_values(struct tctx *v, const struct job_order *j)
{
	struct tctx *f = tctx_list(v, "fields"), *miss = tctx_list(v, "missing");
	char *sal = salary_text(&j->salary), *loc = NULL;

	if (j->location != NULL && j->country != NULL)
		loc = xasprintf("%s (%s)", j->location, j->country);
	field(f, "Position", j->position_title);
	field(f, "Company", j->company);
	field(f, "Contact", j->contact_name);
	field(f, "Contact's title", j->contact_title);
	field(f, "Email", j->contact_email);
	field(f, "Phone", j->contact_phone);
	field(f, "Location", loc != NULL ? loc : j->location != NULL ?
	    j->location : j->country);
	field(f, "Industry", j->industry);
	if (j->employment_type != NULL) {
		char *e = xstrdup(j->employment_type), *u;

		for (u = e; *u != '\0'; u++)
			if (*u == '_')
				*u = ' ';   /* "full time" */
		field(f, "Employment", e);
		free(e);
	}
	field(f, "Salary", sal);
	field(f, "Start", j->start_date);
	if (j->confidential == 1)
		field(f, "Confidential", "yes");
	missing(miss, "the position's title", j->position_title);
	missing(miss, "the company", j->company);
	missing(miss, "a contact email address", j->contact_email);
	missing(miss, "the location", j->location != NULL ? j->location :
	    j->country);
	tctx_set_bool(v, "needs_review", j->needs_review ||
	    tctx_list_len(miss) > 0);
	tctx_set(v, "name", j->contact_name != NULL ? j->contact_name : "");
	free(sal);
	free(loc);
}

static void
cand_values(struct tctx *v, const struct candidate *c)
{
	struct tctx *f = tctx_list(v, "fields"), *miss = tctx_list(v, "missing");
	struct tctx *res = tctx_list(v, "resumes");
	char *sal = salary_text(&c->salary_expectation);
	char *ind = join(c->industries, c->n_industries);
	char *loc = join(c->locations, c->n_locations);
	char years[16];
	size_t i;

	field(f, "Name", c->name);
	field(f, "Email", c->email);
	field(f, "Phone", c->phone);
	field(f, "Current title", c->current_title);
	field(f, "Current employer", c->current_employer);
	field(f, "Position sought", c->desired_position);
	field(f, "Industries", ind);
	field(f, "Locations", loc);
	if (c->willing_to_relocate >= 0)
		field(f, "Willing to relocate",
		    c->willing_to_relocate ? "yes" : "no");
	field(f, "Salary expectation", sal);
	if (c->years_experience >= 0) {
		snprintf(years, sizeof(years), "%d", c->years_experience);
		field(f, "Years of experience", years);
	}
	field(f, "Profile", c->profile_url);
	for (i = 0; i < c->n_resumes; i++)
		tctx_set(tctx_list_add(res), "filename",
		    c->resumes[i].filename != NULL ? c->resumes[i].filename :
		    "(no name)");
	missing(miss, "your name", c->name);
	missing(miss, "the position you are looking for",
	    c->desired_position != NULL ? c->desired_position :
	    c->current_title);
	tctx_set_bool(v, "needs_review", c->needs_review ||
	    tctx_list_len(miss) > 0);
	tctx_set(v, "name", c->name != NULL ? c->name : "");
	free(sal);
	free(ind);
	free(loc);
}


int
ack_plan(struct reply *r, struct store *st, const struct mail *m,
    struct plan *p, const char **why_r, const char **error_r)
{
	const struct job_order *job = p->job;
	const struct candidate *cand = p->cand;
	struct tctx *v;
	struct buf out;
	char *to, ref[32];
	int lately, rc;

	*why_r = NULL;
	if (job == NULL && cand == NULL) {
		*why_r = "no record";
		return 0;
	}
	if ((*why_r = reply_bulk(m, reply_from_web_form(r, m))) != NULL)
		return 0;
	to = reply_address(r, m, job != NULL ? job->contact_email :
	    cand != NULL ? cand->email : NULL, why_r);
	if (to == NULL)
		return 0;
	/* RFC 3834: at most one a day to an address */
	lately = store_outbox_recent(st, "ack", to,
	    (long)time(NULL) - 86400 + 1, error_r);
	if (lately != 0) {
		free(to);
		if (lately < 0)
			return -1;
		*why_r = "acknowledged that address in the last 24 hours";
		return 0;
	}
	snprintf(ref, sizeof(ref), "%s-%ld", job != NULL ? "JO" : "CA",
	    p->record_id);
	v = tctx_new();
	tctx_set(v, "reference", ref);
	{
		/* "Re: Re: …" helps nobody */
		const char *subj = m->subject != NULL ? m->subject : "";

		while (*subj == ' ')
			subj++;
		while (str_prefix_ci(subj, "re:") || str_prefix_ci(subj, "aw:") ||
		    str_prefix_ci(subj, "sv:")) {
			subj += 3;
			while (*subj == ' ')
				subj++;
		}
		tctx_set(v, "subject", subj);
	}
	tctx_set(v, "firm", r->firm);
	if (job != NULL)
		job_values(v, job);
	else
		cand_values(v, cand);
	buf_init(&out, REPLY_MESSAGE_MAX * 2);
	rc = reply_compose(r, job != NULL ? &r->job : &r->cand, v, to, NULL, m,
	    NULL, &out, error_r);
	if (rc == 0) {
		plan_out(p, "ack", to, out.data, out.len);
		log_info("acknowledgement %s planned for %s", ref, to);
	}
	tctx_free(v);
	buf_free(&out);
	free(to);
	if (rc == -2) {
		*why_r = "the answer could not be made (see the log)";
		return 0;
	}
	return rc < 0 ? -1 : 1;
}


/* ---- replies to our acknowledgements ---- */

#define ACK_REPLY_MAX_IDS 50   /* References entries looked at */

/* subject_ref: the first "JO-n" / "CA-n" (n of 1-9 digits, not inside a
 * word) in the subject: 1 with *job_r and *id_r, or 0 */
static int
subject_ref(const char *s, int *job_r, long *id_r)
{
	const char *p;

	if (s == NULL)
		return 0;
	for (p = s; *p != '\0'; p++) {
		size_t k = 0;
		long id = 0;

		if (!((p[0] == 'J' && p[1] == 'O') || (p[0] == 'C' &&
		    p[1] == 'A')) || p[2] != '-')
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
			continue;
		while (k < 9 && isdigit((unsigned char)p[3 + k]))
			id = id * 10 + (p[3 + k++] - '0');
		if (k == 0 || isalnum((unsigned char)p[3 + k]) || id <= 0)
			continue;
		*job_r = p[0] == 'J';
		*id_r = id;
		return 1;
	}
	return 0;
}

/* one_long: the first column of the first row of sql bound to ?1 (text)
 * and ?2 (integer); 1 with *v_r, 0 for no row, -1 */

int
ack_reply_find(struct store *st, const struct mail *m, char *ref,
    size_t refsz, const char **error_r)
{
	static const char *const heads[] = { "In-Reply-To", "References" };
	long id = 0;
	int job, r, h, k, ids = 0;

	if (subject_ref(m->subject, &job, &id) && m->from_addr != NULL) {
		r = store_acked_record(st, job, id, m->from_addr, error_r);
		if (r != 0)
			goto found;
	}
	for (h = 0; h < (int)ARRAY_SIZE(heads); h++) {
		const char *v = mail_header_get(m, heads[h]), *lt, *gt;

		while (v != NULL && (lt = strchr(v, '<')) != NULL &&
		    (gt = strchr(lt, '>')) != NULL &&
		    ids++ < ACK_REPLY_MAX_IDS) {
			char *mid = xstrndup(lt + 1, (size_t)(gt - lt - 1));

			for (k = 1; k >= 0; k--) {
				r = store_record_of_mail(st, k, mid, &id,
				    error_r);
				if (r != 0) {
					job = k;
					break;
				}
			}
			free(mid);
			if (r != 0)
				goto found;
			v = gt + 1;
		}
	}
	return 0;
found:
	if (r < 0)
		return -1;
	snprintf(ref, refsz, "%s-%ld", job ? "JO" : "CA", id);
	return 1;
}

/*
 * newsletter.h — newsletter issues (DESIGN §3 "Issue", "Templates",
 * "Message"): articles not yet sent become the next numbered issue, with
 * one delivery row per active subscriber; each subscriber's message is
 * rendered from the issue's snapshot; the archive keeps every issue as a
 * standalone page.
 *
 * An issue is frozen when it is built: its articles' rendered values (as
 * JSON) and the text of newsletter.html and newsletter.txt are stored
 * with it, so a send resumed after a crash, a SIGHUP with new templates
 * or an edited article file never changes what the rest of the
 * subscribers receive.  An article (by file name) goes into one issue
 * only.
 */
#ifndef RECRUIT_NEWSLETTER_H
#define RECRUIT_NEWSLETTER_H

#include <stdio.h>
#include <time.h>

#include "conf.h"
#include "store.h"
#include "util.h"

/* meta key: the schedule slot handled last (seconds since the epoch) */
#define NEWSLETTER_SLOT_KEY "newsletter_last_slot"

/*
 * newsletter_build: the articles of [newsletter] articles dated up to
 * today (in the configured zone) and in no issue yet, newest first, form
 * issue number max+1: the issue row, its articles, a delivery row per
 * active subscriber (each with its own VERP token) and, when slot is not
 * 0, the meta slot key, in one transaction; then the archive page.
 * Returns 1 and *number_r, 0 when there is no new article (the slot is
 * still recorded), -1 with *error_r (malloc'd; template and article
 * errors name the file and line).
 */
int newsletter_build(const struct conf *c, struct store *st, time_t slot,
    long *number_r, char **error_r);

/*
 * newsletter_preview: renders the issue newsletter_build would build now,
 * without writing to the store: DIR/issue-N.eml (the message a sample
 * subscriber would get, addressed to the From address) and
 * DIR/issue-N.html (the archive page).  1 and *number_r, 0 no new
 * articles, -1 with *error_r.
 */
int newsletter_preview(const struct conf *c, struct store *st,
    const char *dir, long *number_r, char **error_r);

/*
 * newsletter_tick: the schedule: when a slot is due (DESIGN §3, catch_up)
 * build the issue; a slot missed by more than catch_up is recorded as
 * handled with a log line and nothing is built.  Returns 1 when an issue
 * was built, 0 when nothing was due or there were no articles, -1 with
 * *error_r.  *next_r: the next slot after now (for the daemon's wait).
 */
int newsletter_tick(const struct conf *c, struct store *st, time_t now,
    time_t *next_r, char **error_r);

/* NEWSLETTER_MESSAGE_MAX: the ceiling of one rendered message (the
 * buffer a caller gives newsletter_message, or carries an outbox row in,
 * needs no more).  Fixed, not a [limits] key: see limit.h. */
#define NEWSLETTER_MESSAGE_MAX (16u * 1024 * 1024)

/* One issue prepared for sending: templates parsed, values loaded. */
struct nl_issue;

struct nl_issue *newsletter_issue_load(const struct conf *c, struct store *st,
    long issue_id, char **error_r);
void newsletter_issue_free(struct nl_issue *is);
long newsletter_issue_number(const struct nl_issue *is);

/*
 * newsletter_message: the whole message for one subscriber into out
 * (reset first): headers of DESIGN §3 with the VERP token in the
 * Message-ID ("issue-N.TOKEN@domain": the same for a resend after a
 * crash, so receivers that suppress duplicates by Message-ID drop it),
 * the subscriber's unsubscribe link in both parts and in
 * List-Unsubscribe.  0 or -1 with *error_r.
 */
int newsletter_message(const struct nl_issue *is, const char *email,
    const char *name, const char *sub_token, const char *delivery_token,
    struct buf *out, char **error_r);

/* newsletter_verp: bounces+TOKEN@domain of the config's bounces address
 * (malloc'd). */
char *newsletter_verp(const struct conf *c, const char *delivery_token);

/* newsletter_status: issue `number` (0: the latest) with its delivery
 * counts, and the next scheduled slot.  0, 1 no such issue, -1 error. */
int newsletter_status(const struct conf *c, struct store *st, long number,
    FILE *out, char **error_r);

/* newsletter_finish_issues: marks issues whose deliveries are all
 * settled (sent, failed, skipped) as done (store_issue_finish).  -1 on a
 * store error. */
int newsletter_finish_issues(struct store *st);

#endif

/*
 * outbox.h — the replies in the outbox as recruitctl shows them.
 */
#ifndef RECRUIT_OUTBOX_H
#define RECRUIT_OUTBOX_H

#include <stdio.h>

#include "store.h"

/*
 * outbox_list: one line per reply in the outbox, oldest first: id,
 * state, kind, attempts, queued (UTC), recipient, the last server answer
 * (control characters shown as '?').  all = 0 leaves out the sent ones.
 * 0 or -1 with *error_r (malloc'd).
 */
int outbox_list(struct store *st, FILE *out, int all, char **error_r);

/* outbox_show: the reply's details, then the message as it is (or was)
 * sent.  0, 1 when there is no such reply, -1 with *error_r. */
int outbox_show(struct store *st, long id, FILE *out, char **error_r);

#endif

/*
 * export.h — records out of the store in the stable export format
 * (DESIGN §4): JSON Lines or CSV with a header row, keys in the documented
 * order; plus the human listings of recruitctl (list, show).
 */
#ifndef RECRUIT_EXPORT_H
#define RECRUIT_EXPORT_H

#include <stdio.h>

#include <jansson.h>

#include "store.h"

enum export_what { EXPORT_JOBS, EXPORT_CANDIDATES, EXPORT_MESSAGES,
	EXPORT_SUBSCRIBERS, EXPORT_BOUNCES };
enum export_format { FORMAT_JSON, FORMAT_CSV };

/* export_what_parse / export_format_parse: -1 for an unknown name. */
int export_what_parse(const char *s, enum export_what *w);
int export_format_parse(const char *s, enum export_format *f);

/* export_records: every record, one per line.  0 or -1 with *error_r. */
int export_records(struct store *st, enum export_what w,
    enum export_format f, FILE *out, const char **error_r);
/* export_row: one record by id as a JSON object in export form (caller
 * decrefs), NULL when there is none.  id is the record's own id. */
json_t *export_row(struct store *st, enum export_what w, long id);
/* export_row_for_message: the job or candidate record of message msg_id. */
json_t *export_row_for_message(struct store *st, enum export_what w,
    long msg_id);
/* export_list: a short human table; export_show: one record, indented
 * JSON.  1 when show finds no such id. */
int export_list(struct store *st, enum export_what w, FILE *out,
    const char **error_r);
int export_show(struct store *st, enum export_what w, long id, FILE *out,
    const char **error_r);

#endif

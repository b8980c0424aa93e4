/*
 * csv.h — a reader of RFC 4180 CSV (the subscriber import, DESIGN §4:
 * header row "email,name[,status]").  Accepts what spreadsheets write:
 * a UTF-8 BOM, CRLF or LF line ends (a lone CR inside a quoted field is
 * kept), quoted fields with "" for a quote and line breaks inside,
 * a missing line end on the last record, blank lines (skipped).  Also
 * ';' as the separator when the first line has no ',' outside quotes but
 * has a ';' (European spreadsheets).
 *
 * SECURITY: the file comes from an operator but often from a stranger's
 * export: every field and record is bounded (max_field bytes, max_fields
 * fields), a quote inside an unquoted field or text after a closing quote
 * is an error with the line number, never a crash.
 */
#ifndef RECRUIT_CSV_H
#define RECRUIT_CSV_H

#include <stddef.h>

struct csv;

/* csv_open: reads data[0, len) (not copied: it must outlive the reader;
 * need not be NUL-terminated).  max_fields per record, max_field bytes
 * per field (e.g. 64 and 4096). */
struct csv *csv_open(const char *data, size_t len, size_t max_fields,
    size_t max_field);
void csv_close(struct csv *r);

/*
 * csv_next: the next record.  Returns 1 with *fields_r (an array of *n_r
 * NUL-terminated strings owned by the reader, valid until the next call)
 * and *line_r (the line the record starts on, from 1); 0 at the end; -1
 * with *error_r (static text, e.g. "unterminated quoted field",
 * "field longer than 4096 bytes", "more than 64 fields", "quote inside
 * an unquoted field", "text after a closing quote") and *line_r.  After
 * an error the reader resynchronises at the next line end outside quotes
 * so the caller may report and go on.  Fields are the raw bytes (NUL
 * bytes in the input are an error: "NUL byte"); UTF-8 checking is the
 * caller's.
 *
 * Details: *error_r is static text or text in the reader (the limits'
 * messages carry the numbers), valid until the next call.  The line of
 * an error is where it was seen; for an unterminated quoted field, the
 * line where the field opened.  A CRLF inside a quoted field comes out
 * as LF (a lone CR or LF as it is).  Outside quotes a CR is a line end
 * only before an LF or at the end of the data.  A max of 0 means the
 * default (64 fields, 4096 bytes).  Records are separated by line ends
 * only: a line of blanks is a record with one field.
 */
int csv_next(struct csv *r, char ***fields_r, size_t *n_r, unsigned *line_r,
    const char **error_r);

#endif

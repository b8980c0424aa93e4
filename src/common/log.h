/*
 * log.h — the one logging path: levels, a module prefix, printf checking,
 * stderr or syslog, and a swappable sink so tests can assert on errors.
 * Never pass a message body or a secret to these functions.
 */
#ifndef RECRUIT_LOG_H
#define RECRUIT_LOG_H

#include "util.h"

enum log_level { LOGL_ERROR = 0, LOGL_WARN, LOGL_INFO, LOGL_DEBUG };

typedef void log_sink_fn(enum log_level lvl, const char *line, void *ctx);

void log_init(const char *ident, int use_syslog, enum log_level level);
void log_set_level(enum log_level level);
int log_parse_level(const char *s, enum log_level *r);
/* log_set_sink: NULL restores the default sink. */
void log_set_sink(log_sink_fn *fn, void *ctx);

void log_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_info(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_debug(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* fatalx: log and exit(EX_SOFTWARE); only for broken invariants / OOM. */
void fatalx(const char *fmt, ...) PRINTF_LIKE(1, 2) __attribute__((noreturn));

#endif

/*
 * log.c — one line per event to stderr or syslog, filtered by level;
 * tests can swap the sink.  Lines are cut at 2 KiB and stripped of
 * control characters so that no logged value can forge a log line.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <sysexits.h>
#include <time.h>

#include "log.h"

static const char *log_ident = "recruitd";
static int log_syslog;
static enum log_level log_level = LOGL_INFO;
static log_sink_fn *log_sink;
static void *log_sink_ctx;

void
log_init(const char *ident, int use_syslog, enum log_level level)
{
	log_ident = ident;
	log_level = level;
	if (log_syslog && !use_syslog)
		closelog();
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

int
log_parse_level(const char *s, enum log_level *r)
{
	static const char *names[] = { "error", "warning", "info", "debug" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (str_eq_ci(s, names[i]) ||
		    (i == LOGL_WARN && str_eq_ci(s, "warn"))) {
			*r = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_set_sink(log_sink_fn *fn, void *ctx)
{
	log_sink = fn;
	log_sink_ctx = ctx;
}

static void log_emit(enum log_level lvl, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
log_emit(enum log_level lvl, const char *fmt, va_list ap)
{
	static const char *tag[] = { "error", "warning", "info", "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char line[2048];
	char *p;

	if (lvl > log_level && log_sink == NULL)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);  /* truncation is acceptable */
	for (p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (log_sink) {
		log_sink(lvl, line, log_sink_ctx);
		return;
	}
	if (log_syslog)
		syslog(prio[lvl], "%s", line);
	else
		fprintf(stderr, "%s: %s: %s\n", log_ident, tag[lvl], line);
}

#define LOG_FN(name, lvl)                       \
	void name(const char *fmt, ...)         \
	{                                       \
		va_list ap;                     \
		va_start(ap, fmt);              \
		log_emit(lvl, fmt, ap);         \
		va_end(ap);                     \
	}

LOG_FN(log_error, LOGL_ERROR)
LOG_FN(log_warn, LOGL_WARN)
LOG_FN(log_info, LOGL_INFO)
LOG_FN(log_debug, LOGL_DEBUG)

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOGL_ERROR, fmt, ap);
	va_end(ap);
	exit(EX_SOFTWARE);
}

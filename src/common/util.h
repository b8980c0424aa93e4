/*
 * util.h — allocation, bounded buffers, string and file helpers shared by
 * every module.  Allocation failure is fatal (fatalx); nothing else here is.
 */
#ifndef RECRUIT_UTIL_H
#define RECRUIT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: p resized to nmemb * size, overflow-checked. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* xstrndup: copies at most n bytes of s (which need not be NUL-terminated). */
char *xstrndup(const char *s, size_t n);
/* xmemdup0: copy of n bytes plus a terminating NUL. */
char *xmemdup0(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* xvasprintf: the va_list form; *len_r (when not NULL) gets the length. */
char *xvasprintf(size_t *len_r, const char *fmt, va_list ap)
    PRINTF_LIKE(2, 0);

/*
 * A growable byte buffer with a ceiling.  data is always NUL-terminated
 * (when non-NULL) so text can be used as a C string.  max == 0 means no
 * ceiling.  Appends past the ceiling fail with -1 and leave the buffer as
 * it was; `over` is then set so callers can report truncation once.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	int over;
};

void buf_init(struct buf *b, size_t max);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_appendf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* buf_steal: the caller owns the returned string ("" when empty); b is reset. */
char *buf_steal(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* ASCII-only case helpers; none of them assume more than n bytes. */
void str_lower(char *s);
char *str_trim(char *s);                    /* in place, returns s moved */
int str_prefix_ci(const char *s, const char *prefix);
int str_suffix_ci(const char *s, const char *suffix);
const char *mem_find_ci(const char *hay, size_t hlen, const char *needle);
/* mem_one_of: the length of the first string of set (NULL-terminated,
 * none of them empty) that the n bytes at s start with, or 0: a space or
 * a dash of several spellings at a parser's position. */
size_t mem_one_of(const char *s, size_t n, const char *const *set);
int str_eq_ci(const char *a, const char *b);  /* NULL-safe */
/* hex_digit: 0-15 for [0-9a-fA-F], else -1. */
int hex_digit(unsigned char c);
/* buf_pct_decode: n bytes of s with %XX decoded (%00 too: the caller
 * decides about NUL) appended to b; a '%' not followed by two hex digits
 * stays as it is.  -1 past the buffer's ceiling. */
int buf_pct_decode(struct buf *b, const char *s, size_t n);

/*
 * UTF-8: utf8_valid checks n bytes; utf8_clean returns a fresh copy with
 * invalid sequences replaced by U+FFFD, NUL and C0/C1 controls removed
 * (keep_newlines keeps \n and \t).
 */
int utf8_valid(const char *s, size_t n);
char *utf8_clean(const char *s, size_t n, int keep_newlines);
/* utf8_prefix: n (the length of s) cut to at most max bytes, moved back so
 * that the cut falls between two characters, never inside one. */
size_t utf8_prefix(const char *s, size_t n, size_t max);

/* sha256_hex: lowercase hex digest into out (65 bytes with NUL). */
void sha256_hex(const void *data, size_t n, char out[65]);

/*
 * data_file_path: the path of the data file name installed with the
 * program (bounce-phrases, salary-words...), written into buf (size
 * bytes) and returned: RECRUIT_DATADIR's folder when set (the tests run
 * from the source tree), else PKGDATADIR; the installed file when the
 * folder's path does not fit.
 */
const char *data_file_path(char *buf, size_t size, const char *name);

/*
 * file_write_atomic: temp file (O_EXCL) beside path, write, fsync, rename,
 * fsync the directory.  Returns 0 or -1 with *error_r (static or errno text).
 */
int file_write_atomic(const char *path, const void *data, size_t n,
    mode_t mode, const char **error_r);
/* file_read: whole file, at most max bytes (-1 and "too large" past it). */
int file_read(const char *path, size_t max, char **data_r, size_t *len_r,
    const char **error_r);
/* mkdir_p: like mkdir -p; existing directories are fine. */
int mkdir_p(const char *path, mode_t mode);
/* path_join: "a/b"; b absolute is returned as is. */
char *path_join(const char *a, const char *b);
/* parse_size: "25M", "512k", "100" -> bytes; -1 on junk or overflow. */
int parse_size(const char *s, size_t *out);
/* parse_duration: "6h", "3d", "90s", "15m", "60" (seconds). */
int parse_duration(const char *s, long *seconds_r);
/*
 * fd_close_others: close every descriptor from 3 up but keep (-1: none),
 * for a child before its work or an exec: close_range(2) where the
 * kernel has it, else a loop up to RLIMIT_NOFILE.  0, or -1 when the
 * descriptors could not even be counted.
 */
int fd_close_others(int keep);
/* time_rfc3339: UTC "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes). */
void time_rfc3339(long t, char out[21]);
/* time_mono: seconds on CLOCK_MONOTONIC, for timeouts and intervals (never
 * for dates: its origin is arbitrary). */
double time_mono(void);

#endif

/*
 * util.c — allocation, bounded buffers, string, UTF-8, hashing and
 * crash-safe file helpers.
 *
 * SECURITY: the string and UTF-8 helpers see bytes from strangers; each
 * takes an explicit length and never reads past it.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "log.h"
#include "util.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		fatalx("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		fatalx("out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		fatalx("out of memory (%zu bytes)", n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		fatalx("allocation overflow");
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xmemdup0(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);

	return xmemdup0(s, nul ? (size_t)(nul - s) : n);
}

char *
xmemdup0(const void *p, size_t n)
{
	char *d;

	if (n == SIZE_MAX)
		fatalx("allocation overflow");
	d = xmalloc(n + 1);
	if (n)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

char *
xvasprintf(size_t *len_r, const char *fmt, va_list ap)
{
	char *s;
	int r;

	r = vasprintf(&s, fmt, ap);
	if (r < 0)
		fatalx("out of memory");
	if (len_r != NULL)
		*len_r = (size_t)r;
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(NULL, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- struct buf ---- */

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

static int
buf_grow(struct buf *b, size_t add)
{
	size_t need, cap;

	if (add > SIZE_MAX - b->len - 1) {
		b->over = 1;
		return -1;
	}
	need = b->len + add;
	if (b->max && need > b->max) {
		b->over = 1;
		return -1;
	}
	if (need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need + 1)
		cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int
buf_appendf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	size_t n;
	int r;

	va_start(ap, fmt);
	s = xvasprintf(&n, fmt, ap);
	va_end(ap);
	r = buf_append(b, s, n);
	free(s);
	return r;
}

char *
buf_steal(struct buf *b)
{
	char *s = b->data ? b->data : xstrdup("");
	size_t max = b->max;

	buf_init(b, max);
	return s;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->over = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

/* ---- strings ---- */

void
str_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

char *
str_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int
str_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

int
str_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* commonness: how common a (lowercase) byte is in mail text, roughly;
 * the search below jumps between the places of the needle's rarest byte.
 * Unlisted bytes (most punctuation: '-', ':', '@', '<', …) are rare. */
static const unsigned char commonness[128] = {
	[' '] = 120, ['\n'] = 120, ['\t'] = 120, ['\r'] = 120,
	['e'] = 99, ['t'] = 98, ['a'] = 97, ['o'] = 96, ['i'] = 95,
	['n'] = 94, ['s'] = 93, ['r'] = 92, ['h'] = 91, ['l'] = 90,
	['d'] = 89, ['c'] = 88, ['u'] = 87, ['m'] = 86, ['f'] = 85,
	['p'] = 84, ['g'] = 83, ['w'] = 82, ['y'] = 81, ['b'] = 80,
	['v'] = 79, ['k'] = 78, ['x'] = 77, ['j'] = 76, ['q'] = 75,
	['z'] = 74,
	['0'] = 60, ['1'] = 60, ['2'] = 60, ['3'] = 60, ['4'] = 60,
	['5'] = 60, ['6'] = 60, ['7'] = 60, ['8'] = 60, ['9'] = 60,
	['.'] = 60, [','] = 60,
};

static int
common_byte(unsigned char c)
{
	return c < 128 ? commonness[c] : 60;
}

size_t
mem_one_of(const char *s, size_t n, const char *const *set)
{
	size_t l;

	/* the first byte first: most places are none of them */
	for (; n > 0 && *set != NULL; set++)
		if (**set == *s && (l = strlen(*set)) <= n &&
		    memcmp(s, *set, l) == 0)
			return l;
	return 0;
}

const char *
mem_find_ci(const char *hay, size_t hlen, const char *needle)
{
	size_t m = strlen(needle), j, k = 0;
	const char *p, *end, *a, *b, *c;
	int lo, up, best = -1;

	if (m == 0)
		return hay;
	if (hlen < m)
		return NULL;
	/* jump between the places of the needle's rarest byte (either
	 * case) with memchr rather than comparing at every offset, and
	 * compare in line (ASCII case folding, as strncasecmp in the C
	 * locale): a library call per candidate cost more than the search */
	for (j = 0; j < m; j++) {
		int r = common_byte((unsigned char)ascii_lower((unsigned char)
		    needle[j]));

		if (best < 0 || r < best) {
			best = r;
			k = j;
		}
	}
	lo = ascii_lower((unsigned char)needle[k]);
	up = lo >= 'a' && lo <= 'z' ? lo - 32 : lo;
	p = hay + k;
	end = hay + hlen - m + k + 1;   /* needle[k] of a match is before */
	while (p < end) {
		a = memchr(p, lo, (size_t)(end - p));
		b = lo == up ? NULL : memchr(p, up, (size_t)((a ? a : end) - p));
		c = b != NULL ? b : a;
		if (c == NULL)
			return NULL;
		p = c + 1;
		c -= k;                 /* where the match would start */
		for (j = 0; j < m; j++)
			if (ascii_lower((unsigned char)c[j]) !=
			    ascii_lower((unsigned char)needle[j]))
				break;
		if (j == m)
			return c;
	}
	return NULL;
}

int
str_eq_ci(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

int
hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
buf_pct_decode(struct buf *b, const char *s, size_t n)
{
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (h = hex_digit((unsigned char)s[i + 1])) >= 0 &&
		    (l = hex_digit((unsigned char)s[i + 2])) >= 0) {
			if (buf_putc(b, (char)(h * 16 + l)) < 0)
				return -1;
			i += 2;
		} else if (buf_putc(b, s[i]) < 0)
			return -1;
	}
	return 0;
}

/* ---- UTF-8 ---- */

/* utf8_seq: length of the valid sequence at s (at most n bytes), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < n) {
		if (p[i] < 0x80) {      /* ASCII: the common case */
			i++;
			continue;
		}
		if ((l = utf8_seq(p + i, n - i)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

char *
utf8_clean(const char *s, size_t n, int keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b;
	size_t i = 0, l, run;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	while (i < n) {
		/* printable ASCII is by far the common case: copy runs of it
		 * (with the line ends and tabs that are kept as they are) */
		for (run = i; run < n && ((p[run] >= 0x20 && p[run] < 0x7f) ||
		    (keep_newlines && (p[run] == '\n' || p[run] == '\t')));
		    run++)
			;
		if (run > i) {
			buf_append(&b, p + i, run - i);
			i = run;
			continue;
		}
		l = utf8_seq(p + i, n - i);
		if (l == 0) {
			buf_append(&b, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (l == 1) {
			unsigned c = p[i];

			/* a control character (printable ASCII was copied above) */
			if (keep_newlines && (c == '\n' || c == '\t'))
				buf_putc(&b, (char)c);
			else if (c == '\t')
				buf_putc(&b, ' ');
		} else if (l == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) {
			/* C1 control: dropped */
		} else
			buf_append(&b, p + i, l);
		i += l;
	}
	return buf_steal(&b);
}

size_t
utf8_prefix(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* ---- hashing ---- */

void
sha256_hex(const void *data, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	size_t i;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, n, md) < 0)
		fatalx("sha256 failed");
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

/* ---- files ---- */

static int
fsync_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, r = 0;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		r = -1;
	else {
		r = fsync(fd);
		close(fd);   /* read-only: nothing of ours to lose */
	}
	free(dir);
	return r;
}

int
file_write_atomic(const char *path, const void *data, size_t n, mode_t mode,
    const char **error_r)
{
	static unsigned counter;
	const char *p = data;
	char *tmp;
	int fd;

	tmp = xasprintf("%s.tmp.%ld.%u", path, (long)getpid(), counter++);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		*error_r = strerror(errno);
		free(tmp);
		return -1;
	}
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		n -= (size_t)w;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	/* the rename is durable only once the folder is synced; the new
	 * file is in place either way, so the caller learns it failed
	 * without anything to undo */
	if (fsync_dir_of(path) < 0) {
		*error_r = strerror(errno);
		return -1;
	}
	return 0;
fail:
	*error_r = strerror(errno);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int
file_read(const char *path, size_t max, char **data_r, size_t *len_r,
    const char **error_r)
{
	struct buf b;
	char chunk[65536];
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*error_r = strerror(errno);
		return -1;
	}
	buf_init(&b, max);
	buf_append(&b, "", 0);
	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			*error_r = strerror(errno);
			goto fail;
		}
		if (r == 0)
			break;
		if (buf_append(&b, chunk, (size_t)r) < 0) {
			*error_r = "file too large";
			goto fail;
		}
	}
	close(fd);
	*len_r = b.len;
	*data_r = buf_steal(&b);
	return 0;
fail:
	close(fd);
	buf_free(&b);
	return -1;
}

int
mkdir_p(const char *path, mode_t mode)
{
	char *p, *s;
	int r = 0;

	/* the common case: only the last component is missing, or none */
	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	p = xstrdup(path);

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, mode) < 0 && errno != EEXIST) {
				r = -1;
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return r;
}

char *
path_join(const char *a, const char *b)
{
	size_t n;

	if (b[0] == '/' || a == NULL || a[0] == '\0')
		return xstrdup(b);
	n = strlen(a);
	if (a[n - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

/* a number's unit: the character after the digits and what it multiplies */
struct unit {
	char suffix;
	unsigned long long mul;
};

/* parse_scaled: blanks, digits, at most one unit of units[] (ended by a
 * 0 suffix), one optional character of tail (NULL: none), blanks; the
 * number times its unit into *v_r.  -1 on junk or past max. */
static int
parse_scaled(const char *s, const struct unit *units, const char *tail,
    unsigned long long max, unsigned long long *v_r)
{
	unsigned long long v = 0, mul = 1;
	const char *p = s;
	size_t i;

	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (max - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(*p - '0');
	}
	for (i = 0; units[i].suffix != '\0'; i++)
		if (*p == units[i].suffix) {
			mul = units[i].mul;
			p++;
			break;
		}
	if (*p != '\0' && tail != NULL && strchr(tail, *p) != NULL)
		p++;
	while (*p == ' ')
		p++;
	if (*p != '\0' || (v && mul > max / v))
		return -1;
	*v_r = v * mul;
	return 0;
}

int
parse_size(const char *s, size_t *out)
{
	static const struct unit units[] = {
		{ 'k', 1024ULL }, { 'K', 1024ULL },
		{ 'm', 1024ULL * 1024 }, { 'M', 1024ULL * 1024 },
		{ 'g', 1024ULL * 1024 * 1024 }, { 'G', 1024ULL * 1024 * 1024 },
		{ '\0', 0 }
	};
	unsigned long long v;

	if (parse_scaled(s, units, "bB", SIZE_MAX, &v) < 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

int
parse_duration(const char *s, long *seconds_r)
{
	static const struct unit units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ 'w', 7 * 86400 }, { '\0', 0 }
	};
	unsigned long long v;

	if (parse_scaled(s, units, NULL, LONG_MAX, &v) < 0)
		return -1;
	*seconds_r = (long)v;
	return 0;
}

void
time_rfc3339(long t, char out[21])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(out, "1970-01-01T00:00:00Z");
}

double
time_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
fd_close_others(int keep)
{
	struct rlimit rl;
	long fd, max = 65536;

#ifdef SYS_close_range
	if ((keep <= 3 || syscall(SYS_close_range, 3, keep - 1, 0) == 0) &&
	    syscall(SYS_close_range, keep < 3 ? 3 : keep + 1, ~0U, 0) == 0)
		return 0;
#endif
	/* no close_range (kernel before 5.9): every possible number */
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)max)
		max = (long)rl.rlim_cur;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			(void)close((int)fd);
	return 0;
}

const char *
data_file_path(char *buf, size_t size, const char *name)
{
	const char *dir = getenv("RECRUIT_DATADIR");
	int w;

	if (dir == NULL || dir[0] == '\0')
		dir = PKGDATADIR;
	w = snprintf(buf, size, "%s/%s", dir, name);
	if (w < 0 || (size_t)w >= size)
		(void)snprintf(buf, size, "%s/%s", PKGDATADIR, name);
	return buf;
}

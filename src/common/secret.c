/*
 * secret.c — passwords from the environment moved out of it at start
 * (secret.h), and libcurl's memory wiped before it is freed.
 *
 * Where a secret lives: in a memfd per variable (shmem pages of the
 * kernel, not mapped into this process: a core image and
 * /proc/PID/environ do not show them), until secret_env_get copies it
 * into a block the caller wipes and frees once the password has been
 * handed to the protocol library.  The environment's bytes are wiped in
 * place: unsetenv alone only drops the pointer, and /proc/PID/environ
 * reads the block the kernel set up at exec.  A worker exec'd by the
 * daemon gets the memfd itself (secret_env_handoff), never an
 * environment string.  A memfd that cannot be made (a kernel or seccomp
 * policy without memfd_create) leaves the value in a heap copy: out of
 * the environment still, but in a core image.
 *
 * Ownership: the table below owns its memfds (open for the life of the
 * process) and its heap fallbacks; secret_env_get's copies are the
 * caller's.
 *
 * SECURITY: never logs a value.  The descriptors named in
 * RECRUITD_SECRET_FDS are taken only for the known names and only when
 * they are memfds (the variable is ours, but an inherited environment
 * could hold anything).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "secret.h"
#include "util.h"

/* a password longer than this is no password (password_file's ceiling) */
#define SECRET_MAX 4096

static struct secret {
	const char *name;
	int fd;           /* the memfd, or -1 */
	char *heap;       /* the fallback copy when fd is -1, or NULL */
} secrets[] = {
	{ "RECRUITD_IMAP_PASSWORD", -1, NULL },
	{ "RECRUITD_SMTP_PASSWORD", -1, NULL },
};

static struct secret *
find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(secrets); i++)
		if (strlen(secrets[i].name) == len &&
		    memcmp(secrets[i].name, name, len) == 0)
			return &secrets[i];
	return NULL;
}

static void
forget(struct secret *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->heap != NULL) {
		explicit_bzero(s->heap, strlen(s->heap));
		free(s->heap);
		s->heap = NULL;
	}
}

/* is_memfd: fd is open and one of our memfds ("/memfd:recruitd-secret") */
static int
is_memfd(int fd)
{
	char link[64], target[128];
	ssize_t n;

	if (fcntl(fd, F_GETFD) < 0)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return 0;
	target[n] = '\0';
	return strncmp(target, "/memfd:recruitd-secret", 22) == 0;
}

/* adopt: the memfds a parent handed down, "NAME:FD,NAME:FD" */
static void
adopt(void)
{
	const char *v = getenv(SECRET_FDS_ENV), *p, *colon, *end;

	for (p = v; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		struct secret *s;
		char *e;
		long fd;

		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon == NULL)
			continue;
		s = find(p, (size_t)(colon - p));
		errno = 0;
		fd = strtol(colon + 1, &e, 10);
		if (s == NULL || errno != 0 || e != end || fd < 3 ||
		    fd > INT_MAX || !is_memfd((int)fd))
			continue;
		if (s->fd != (int)fd)
			forget(s);
		s->fd = (int)fd;
		/* ours now: not for a child this process execs */
		(void)fcntl(s->fd, F_SETFD, FD_CLOEXEC);
	}
	if (v != NULL) {
		/* nothing stale in /proc/PID/environ either */
		explicit_bzero((char *)v, strlen(v));
		unsetenv(SECRET_FDS_ENV);
	}
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
secret_env_stash(const char **error_r)
{
	size_t i;
	int r = 0;

	adopt();
	for (i = 0; i < ARRAY_SIZE(secrets); i++) {
		struct secret *s = &secrets[i];
		char *v = getenv(s->name);
		size_t n;
		int fd;

		if (v == NULL)
			continue;
		forget(s);      /* the environment's is the newer */
		n = strnlen(v, SECRET_MAX + 1);
		if (n > SECRET_MAX)
			n = SECRET_MAX;
		fd = memfd_create("recruitd-secret", MFD_CLOEXEC);
		if (fd >= 0 && write_all(fd, v, n) == 0)
			s->fd = fd;
		else {
			if (fd >= 0)
				close(fd);
			s->heap = xstrndup(v, n);
			*error_r = "cannot make a memfd for a password from "
			    "the environment: it stays in this process's "
			    "memory";
			r = -1;
		}
		/* the bytes /proc/PID/environ shows, then the pointer */
		explicit_bzero(v, strlen(v));
		unsetenv(s->name);
	}
	return r;
}

char *
secret_env_get(const char *name)
{
	struct secret *s = find(name, strlen(name));
	struct stat st;
	size_t got = 0, n;
	char *out;

	if (s == NULL)
		return NULL;
	if (s->heap != NULL)
		return xstrdup(s->heap);
	if (s->fd < 0 || fstat(s->fd, &st) < 0 || st.st_size < 0)
		return NULL;
	n = (size_t)st.st_size;
	if (n > SECRET_MAX)
		n = SECRET_MAX;
	out = xmalloc(n + 1);
	while (got < n) {
		ssize_t r = pread(s->fd, out + got, n - got, (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	out[got] = '\0';
	return out;
}

int
secret_env_handoff(const char *name, char **env_r)
{
	struct secret *s = find(name, strlen(name));

	*env_r = NULL;
	if (s == NULL || s->fd < 0)
		return -1;
	*env_r = xasprintf("%s=%s:%d", SECRET_FDS_ENV, s->name, s->fd);
	return s->fd;
}

/* ---- libcurl's allocator: every block wiped before it goes ---- */

static void
wipe_free(void *p)
{
	if (p != NULL) {
		explicit_bzero(p, malloc_usable_size(p));
		free(p);
	}
}

static void *
wipe_realloc(void *p, size_t n)
{
	size_t have;
	void *q;

	if (p == NULL)
		return malloc(n);
	if (n == 0) {
		wipe_free(p);
		return NULL;
	}
	have = malloc_usable_size(p);
	if (n <= have)
		return p;       /* fits: nothing moves, nothing is left behind */
	/* a realloc that moves the block would free the old one unwiped */
	q = malloc(n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, have);
	wipe_free(p);
	return q;
}

static char *
wipe_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

int
secret_curl_global_init(void)
{
	return curl_global_init_mem(CURL_GLOBAL_DEFAULT, malloc, wipe_free,
	    wipe_realloc, wipe_strdup, calloc) == CURLE_OK ? 0 : -1;
}

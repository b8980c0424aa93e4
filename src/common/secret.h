/*
 * secret.h — passwords given in the environment (RECRUITD_IMAP_PASSWORD,
 * RECRUITD_SMTP_PASSWORD), kept out of /proc/PID/environ and out of a
 * core image: at start each is moved into a memfd (kernel memory, never
 * mapped, so neither environ nor a core dump shows it) and read back
 * only for the moment it is used; and libcurl's allocations wiped before
 * they are freed.
 */
#ifndef RECRUIT_SECRET_H
#define RECRUIT_SECRET_H

/* the environment variable naming secrets handed to an exec'd child:
 * "NAME:FD[,NAME:FD]" (FD a memfd open across the exec) */
#define SECRET_FDS_ENV "RECRUITD_SECRET_FDS"

/*
 * secret_env_stash: call first thing in main, before any other thread,
 * fork or getenv of the secrets.  Takes over the memfds a parent handed
 * down (SECRET_FDS_ENV, then unset; only the known names are accepted),
 * then moves each of RECRUITD_IMAP_PASSWORD and RECRUITD_SMTP_PASSWORD
 * that is set into a memfd (MFD_CLOEXEC), wipes the value's bytes in
 * place (the original environment block is what /proc/PID/environ shows)
 * and unsets it.  0, or -1 and a static *error_r when a memfd could not
 * be made: the value is then kept in a heap copy (still out of the
 * environment) so that the program works; the caller logs the warning.
 */
int secret_env_stash(const char **error_r);

/*
 * secret_env_get: a malloc'd, NUL-terminated copy of the secret that was
 * in the environment variable name (one of the two above), or NULL when
 * none was given.  The caller wipes it (explicit_bzero) and frees it as
 * soon as it has been used.
 */
char *secret_env_get(const char *name);

/*
 * secret_env_handoff: for a child that will exec this program and needs
 * the secret name: the memfd holding it (-1 when there is none or it is
 * not in a memfd) and, in *env_r, a malloc'd "RECRUITD_SECRET_FDS=NAME:FD"
 * for the child's environment (NULL when the fd is -1).  Between fork
 * and exec the child keeps that descriptor open and clears its
 * FD_CLOEXEC (fcntl(fd, F_SETFD, 0) is async-signal-safe); the new image
 * takes it over in secret_env_stash.
 */
int secret_env_handoff(const char *name, char **env_r);

/*
 * secret_curl_global_init: curl_global_init(CURL_GLOBAL_DEFAULT) with
 * allocator functions that wipe every block (malloc_usable_size bytes)
 * before it is freed or moved by a realloc: curl's copies of the
 * password (CURLOPT_PASSWORD, the AUTH command) do not outlive their use
 * in freed memory.  Call once per process instead of curl_global_init.
 * 0, or -1 when curl could not be initialised.
 */
int secret_curl_global_init(void);

#endif

/* test_secret.c — passwords from the environment: moved into a memfd,
 * wiped in place and unset; read back whole; handed down as a memfd
 * named in RECRUITD_SECRET_FDS (a descriptor that is not one of ours is
 * refused); libcurl initialised with the wiping allocator.  One process,
 * one sequence: the module's table is per process. */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "secret.h"
#include "util.h"

static char smtp_env[] = "RECRUITD_SMTP_PASSWORD=unit-smtp-pw-0123456789";
static char fds_env[96];

static int
all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != '\0')
			return 0;
	return 1;
}

static void
test_stash_get_handoff(void **state)
{
	const char *err = NULL;
	char *v, *env, want[96];
	const char *value = strchr(smtp_env, '=') + 1;
	size_t vlen = strlen(value);
	int fd, dupfd, devnull;

	(void)state;
	unsetenv("RECRUITD_IMAP_PASSWORD");
	assert_int_equal(putenv(smtp_env), 0);
	assert_int_equal(secret_env_stash(&err), 0);
	/* out of the environment, and its bytes wiped where they were */
	assert_null(getenv("RECRUITD_SMTP_PASSWORD"));
	assert_true(all_zero(value, vlen));
	v = secret_env_get("RECRUITD_SMTP_PASSWORD");
	assert_non_null(v);
	assert_string_equal(v, "unit-smtp-pw-0123456789");
	free(v);
	assert_null(secret_env_get("RECRUITD_IMAP_PASSWORD"));
	assert_null(secret_env_get("HOME"));    /* only the known names */

	/* the hand-down: its memfd, close-on-exec until the child clears it */
	fd = secret_env_handoff("RECRUITD_SMTP_PASSWORD", &env);
	assert_true(fd >= 3);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	snprintf(want, sizeof(want), "RECRUITD_SECRET_FDS="
	    "RECRUITD_SMTP_PASSWORD:%d", fd);
	assert_string_equal(env, want);
	free(env);
	assert_int_equal(secret_env_handoff("RECRUITD_IMAP_PASSWORD", &env),
	    -1);
	assert_null(env);

	/* what a worker does with it (here: another number for the same
	 * memfd); a descriptor that is not a memfd of ours is refused */
	dupfd = dup(fd);
	devnull = open("/dev/null", O_RDONLY);
	assert_true(dupfd >= 3 && devnull >= 3);
	snprintf(fds_env, sizeof(fds_env), "RECRUITD_SECRET_FDS="
	    "RECRUITD_SMTP_PASSWORD:%d,RECRUITD_IMAP_PASSWORD:%d,junk",
	    dupfd, devnull);
	assert_int_equal(putenv(fds_env), 0);
	assert_int_equal(secret_env_stash(&err), 0);
	assert_null(getenv("RECRUITD_SECRET_FDS"));
	assert_true(all_zero(strchr(fds_env, '=') + 1,
	    strlen("RECRUITD_SMTP_PASSWORD:")));
	v = secret_env_get("RECRUITD_SMTP_PASSWORD");
	assert_non_null(v);
	assert_string_equal(v, "unit-smtp-pw-0123456789");
	free(v);
	assert_null(secret_env_get("RECRUITD_IMAP_PASSWORD"));
	assert_int_equal(secret_env_handoff("RECRUITD_SMTP_PASSWORD", &env),
	    dupfd);
	free(env);
	assert_true(fcntl(fd, F_GETFD) < 0);    /* the old one closed */
	close(devnull);
}

static void
test_curl_wiping_allocator(void **state)
{
	CURL *e;

	(void)state;
	assert_int_equal(secret_curl_global_init(), 0);
	/* curl's copies go through the wrappers: strdup, realloc, free */
	e = curl_easy_init();
	assert_non_null(e);
	assert_int_equal(curl_easy_setopt(e, CURLOPT_PASSWORD, "pw-for-curl"),
	    CURLE_OK);
	assert_int_equal(curl_easy_setopt(e, CURLOPT_URL,
	    "smtp://127.0.0.1:1/example.org"), CURLE_OK);
	curl_easy_cleanup(e);
	curl_global_cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stash_get_handoff),
		cmocka_unit_test(test_curl_wiping_allocator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

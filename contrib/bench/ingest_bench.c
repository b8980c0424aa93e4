/*
 * ingest_bench.c — the two measuring halves of contrib/bench/ingest:
 *   ingest_bench parse MAILDIR   the reference: read every file of new/
 *                                and cur/ and MIME-parse it with libetpan
 *                                (mailmime_parse), nothing else
 *   ingest_bench decode MAILDIR  the same plus the transfer decoding of
 *                                every leaf part (mailmime_part_parse):
 *                                a parse that yields usable bodies
 *   ingest_bench run CMD ARGS…   run a command, report its wall time and
 *                                peak RSS (wait4's ru_maxrss)
 *   ingest_bench imapfetch PORT  the IMAP reference client: log in to
 *                                127.0.0.1:PORT as test/secret, one
 *                                pipelined UID FETCH 1:* BODY.PEEK[],
 *                                streamed message by message, bytes
 *                                discarded
 * Each prints one line "seconds=S mails=N maxrss_kb=K".
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "util.h"

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* decode_parts: transfer-decode every single part under mime */
static void
decode_parts(struct mailmime *mime)
{
	clistiter *it;

	switch (mime->mm_type) {
	case MAILMIME_SINGLE: {
		struct mailmime_data *d = mime->mm_data.mm_single;
		int enc = MAILMIME_MECHANISM_8BIT;
		size_t idx = 0, len;
		char *out;

		if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
			return;
		if (mime->mm_mime_fields != NULL)
			for (it = clist_begin(mime->mm_mime_fields->fld_list);
			    it != NULL; it = clist_next(it)) {
				struct mailmime_field *f = clist_content(it);

				if (f->fld_type == MAILMIME_FIELD_TRANSFER_ENCODING)
					enc = f->fld_data.fld_encoding->enc_type;
			}
		if (mailmime_part_parse(d->dt_data.dt_text.dt_data,
		    d->dt_data.dt_text.dt_length, &idx, enc, &out, &len) ==
		    MAILIMF_NO_ERROR)
			mailmime_decoded_part_free(out);
		return;
	}
	case MAILMIME_MULTIPLE:
		for (it = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
		    it != NULL; it = clist_next(it))
			decode_parts(clist_content(it));
		return;
	case MAILMIME_MESSAGE:
		if (mime->mm_data.mm_message.mm_msg_mime != NULL)
			decode_parts(mime->mm_data.mm_message.mm_msg_mime);
		return;
	}
}

static int decode;

static size_t
parse_dir(const char *dir)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		struct mailmime *mime = NULL;
		size_t idx = 0, len;
		char *path, *data;
		const char *err;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (file_read(path, 64u << 20, &data, &len, &err) == 0) {
			if (mailmime_parse(data, len, &idx, &mime) ==
			    MAILIMF_NO_ERROR) {
				if (decode)
					decode_parts(mime);
				mailmime_free(mime);
			}
			free(data);
			n++;
		}
		free(path);
	}
	closedir(d);
	return n;
}

static size_t fetched;

static void
on_msg_att(struct mailimap_msg_att *att, void *ctx)
{
	(void)att;
	(void)ctx;
	fetched++;
}

static void
on_progress(size_t current, size_t maximum, void *ctx)
{
	(void)current;
	(void)maximum;
	(void)ctx;
}

static int
imap_fetch(const char *port)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	clist *res = NULL;
	mailimap *imap = mailimap_new(0, NULL);
	int r;

	r = mailimap_socket_connect(imap, "127.0.0.1",
	    (uint16_t)strtoul(port, NULL, 10));
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED ||
	    mailimap_login(imap, "test", "secret") != MAILIMAP_NO_ERROR ||
	    mailimap_select(imap, "INBOX") != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "imapfetch: cannot log in\n");
		return -1;
	}
	/* streaming: each message goes to the handler and is freed */
	mailimap_set_progress_callback(imap, on_progress, on_progress, NULL);
	mailimap_set_msg_att_handler(imap, on_msg_att, NULL);
	set = mailimap_set_new_interval(1, 0);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
	r = mailimap_uid_fetch(imap, set, ft, &res);
	if (res != NULL)
		mailimap_fetch_list_free(res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	mailimap_logout(imap);
	mailimap_free(imap);
	return r == MAILIMAP_NO_ERROR ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	double t0;
	size_t n;
	pid_t pid;
	int status;

	if (argc >= 3 && (strcmp(argv[1], "parse") == 0 ||
	    strcmp(argv[1], "decode") == 0)) {
		decode = strcmp(argv[1], "decode") == 0;
		char *a = xasprintf("%s/new", argv[2]);
		char *b = xasprintf("%s/cur", argv[2]);

		t0 = now();
		n = parse_dir(a) + parse_dir(b);
		getrusage(RUSAGE_SELF, &ru);
		printf("seconds=%.3f mails=%zu maxrss_kb=%ld\n", now() - t0, n,
		    ru.ru_maxrss);
		free(a);
		free(b);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "run") == 0) {
		t0 = now();
		pid = fork();
		if (pid == 0) {
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
			return 1;
		printf("seconds=%.3f mails=0 maxrss_kb=%ld status=%d\n",
		    now() - t0, ru.ru_maxrss,
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128);
		return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
	}
	if (argc == 3 && strcmp(argv[1], "imapfetch") == 0) {
		t0 = now();
		if (imap_fetch(argv[2]) < 0)
			return 1;
		getrusage(RUSAGE_SELF, &ru);
		printf("seconds=%.3f mails=%zu maxrss_kb=%ld\n", now() - t0,
		    fetched, ru.ru_maxrss);
		return 0;
	}
	fprintf(stderr, "usage: ingest_bench parse|decode MAILDIR | run CMD ARGS... | "
	    "imapfetch PORT\n");
	return 2;
}

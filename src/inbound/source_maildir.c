/*
 * source_maildir.c — the Maildir back end of struct source: every file
 * in new/ and cur/ of the Maildir is an unprocessed message (processed
 * ones leave for a Maildir++ subfolder), read in name order (names begin
 * with the delivery time).  ack() is one rename(2) into the subfolder's
 * cur/, atomic on one file system; the flags part of the name is kept.
 *
 * Anything in new/ or cur/ that is not a readable regular file (a
 * symbolic link, FIFO, socket, device, directory, or a file open(2)
 * refuses) is logged once per poll with its name and what it is, and left
 * in place: the user sees why it is not taken, and it is never lost.
 *
 * SECURITY: file names come from whoever delivers into the Maildir, so
 * only plain names without '/' or a leading dot are considered, files are
 * opened O_NOFOLLOW|O_NONBLOCK (a symlink is never followed, a FIFO never
 * blocks the poll) and checked with fstat(2) after the open, and reads
 * are bounded by max_size.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "source.h"
#include "util.h"

/* the head kept of an over-size message: enough for its headers */
#define MAILDIR_HEAD_MAX (64 * 1024)

struct maildir {
	char *path;
	char *folders[3];        /* by enum source_dest: ".Processed" … */
	char **names;            /* "new/NAME" or "cur/NAME" */
	size_t n_names, next;
};

static int
make_maildir(const char *path)
{
	static const char *const subs[] = { "cur", "new", "tmp" };
	size_t i;
	int r = 0;

	for (i = 0; i < ARRAY_SIZE(subs) && r == 0; i++) {
		char *p = path_join(path, subs[i]);

		r = mkdir_p(p, 0700);
		free(p);
	}
	return r;
}

static int
cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	/* order by the file name, not its folder: delivery order */
	return strcmp(x + 4, y + 4);
}

/* what a non-regular directory entry is, in words for the log */
static const char *
kind_of_mode(mode_t mode)
{
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISDIR(mode))
		return "a directory";
	return "not a regular file";
}

static const char *
kind_of_dtype(unsigned char t)
{
	switch (t) {
	case DT_LNK:
		return "a symbolic link";
	case DT_FIFO:
		return "a FIFO";
	case DT_SOCK:
		return "a socket";
	case DT_CHR:
		return "a character device";
	case DT_BLK:
		return "a block device";
	case DT_DIR:
		return "a directory";
	default:
		return "not a regular file";
	}
}

static void
log_skip(const char *rel, const char *what)
{
	log_warn("maildir: skipping %s: %s; left in place", rel, what);
}

static int
scan(struct maildir *md, const char *sub, const char **error_r)
{
	char *dir = path_join(md->path, sub);
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	free(dir);
	if (d == NULL) {
		*error_r = "cannot open the Maildir (cur/ or new/ missing)";
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		unsigned char type = de->d_type;

		if (de->d_name[0] == '.' || strchr(de->d_name, '/') != NULL)
			continue;
		if (type == DT_UNKNOWN) {
			/* some file systems do not fill d_type: ask, without
			 * following a link */
			struct stat st;

			if (fstatat(dirfd(d), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) < 0)
				continue;       /* gone since readdir */
			if (!S_ISREG(st.st_mode)) {
				char *rel = xasprintf("%s/%s", sub, de->d_name);

				log_skip(rel, kind_of_mode(st.st_mode));
				free(rel);
				continue;
			}
			type = DT_REG;
		}
		if (type != DT_REG) {
			char *rel = xasprintf("%s/%s", sub, de->d_name);

			log_skip(rel, kind_of_dtype(type));
			free(rel);
			continue;
		}
		md->names = xreallocarray(md->names, md->n_names + 1,
		    sizeof(char *));
		md->names[md->n_names++] = xasprintf("%s/%s", sub, de->d_name);
	}
	closedir(d);
	return 0;
}

static void
clear_names(struct maildir *md)
{
	size_t i;

	for (i = 0; i < md->n_names; i++)
		free(md->names[i]);
	free(md->names);
	md->names = NULL;
	md->n_names = md->next = 0;
}

static int
md_open(struct source *src, const char **error_r)
{
	struct maildir *md = src->priv;
	struct stat st;
	size_t i;

	if (stat(md->path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		*error_r = "the Maildir does not exist";
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(md->folders); i++) {
		char *p = path_join(md->path, md->folders[i]);
		char *marker = path_join(p, "maildirfolder");
		int fd;

		if (make_maildir(p) < 0) {
			*error_r = "cannot create a Maildir++ subfolder";
			free(marker);
			free(p);
			return -1;
		}
		/* empty: no byte written that a failed close could lose */
		fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		free(marker);
		free(p);
	}
	clear_names(md);
	if (scan(md, "new", error_r) < 0 || scan(md, "cur", error_r) < 0)
		return -1;
	/* (an empty Maildir has no array: qsort's pointer must not be NULL) */
	if (md->n_names > 1)
		qsort(md->names, md->n_names, sizeof(char *), cmp_names);
	return 0;
}

/*
 * read_message: 0 and *msg filled; 1 when the file is gone (taken by
 * another reader: nothing to say); -1 and *error_r, a sentence for the
 * skip line, when it is there but cannot be taken.
 */
static int
read_message(const char *path, size_t max, struct source_msg *msg,
    const char **error_r)
{
	static char reason[128];
	struct stat st;
	size_t want, got = 0;
	int fd, rr;

	/* O_NONBLOCK: a FIFO put here since the scan must not hold the poll */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		if (errno == ELOOP) {
			*error_r = "a symbolic link";
			return -1;
		}
		rr = snprintf(reason, sizeof(reason), "cannot be opened (%s)",
		    strerror(errno));
		*error_r = rr > 0 && (size_t)rr < sizeof(reason) ? reason :
		    "cannot be opened";
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		*error_r = "cannot be examined (fstat failed)";
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*error_r = kind_of_mode(st.st_mode);
		close(fd);
		return -1;
	}
	msg->full_size = (size_t)st.st_size;
	want = msg->full_size;
	if (want > max) {
		msg->too_large = 1;
		want = MAILDIR_HEAD_MAX < max ? MAILDIR_HEAD_MAX : max;
	}
	msg->data = xmalloc(want + 1);
	while (got < want) {
		ssize_t r = read(fd, msg->data + got, want - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rr = snprintf(reason, sizeof(reason),
			    "cannot be read (%s)", strerror(errno));
			*error_r = rr > 0 && (size_t)rr < sizeof(reason) ?
			    reason : "cannot be read";
			close(fd);
			return -1;
		}
		if (r == 0)
			break;    /* shrank while we read: take what is there */
		got += (size_t)r;
	}
	close(fd);
	msg->data[got] = '\0';
	msg->len = got;
	return 0;
}

static int
md_next(struct source *src, struct source_msg *msg, const char **error_r)
{
	(void)error_r;          /* a file we cannot take is skipped, not an
	                         * error of the source */
	struct maildir *md = src->priv;

	while (md->next < md->n_names) {
		const char *rel = md->names[md->next++];
		char *path = path_join(md->path, rel);
		const char *base = rel + 4, *colon = strchr(base, ':');
		const char *why = NULL;
		int r;

		memset(msg, 0, sizeof(*msg));
		r = read_message(path, src->max_size, msg, &why);
		if (r != 0) {
			/* 1: taken by someone else; -1: there but not ours to
			 * take (said once per poll: the scan lists it once) */
			if (r < 0)
				log_skip(rel, why);
			free(path);
			source_msg_clear(msg);
			continue;
		}
		msg->uid = colon ? xstrndup(base, (size_t)(colon - base)) :
		    xstrdup(base);
		msg->handle = path;
		return 1;
	}
	return 0;
}

static int
md_ack(struct source *src, const struct source_msg *msgs,
    const enum source_dest *dests, size_t n, const char **error_r)
{
	struct maildir *md = src->priv;
	size_t i;
	int failed = 0;

	for (i = 0; i < n; i++) {
		const char *base = strrchr(msgs[i].handle, '/') + 1;
		char *to;

		/* new/ names gain the ":2," info part when they reach a cur/ */
		to = xasprintf("%s/%s/cur/%s%s", md->path,
		    md->folders[dests[i]], base,
		    strchr(base, ':') == NULL ? ":2," : "");
		if (rename(msgs[i].handle, to) < 0) {
			*error_r = strerror(errno);
			log_warn("maildir: uid %s not moved: %s", msgs[i].uid,
			    *error_r);
			failed++;
		}
		free(to);
	}
	return failed;
}

static void
md_close(struct source *src)
{
	clear_names(src->priv);
}

static void md_destroy(struct source *src);

static const struct source_ops maildir_ops = {
	.open = md_open,
	.next = md_next,
	.ack = md_ack,
	.close = md_close,
	.destroy = md_destroy,
	.wait = NULL,        /* the daemon sleeps poll_interval */
};

static char *
folder_name(const char *name)
{
	/* Maildir++: subfolders are ".Name"; a name already dotted is kept */
	return name[0] == '.' ? xstrdup(name) : xasprintf(".%s", name);
}

struct source *
source_maildir_new(const char *path, const char *processed,
    const char *rejected, const char *review, size_t max_size)
{
	struct source *src = xcalloc(1, sizeof(*src));
	struct maildir *md = xcalloc(1, sizeof(*md));
	char *abs = realpath(path, NULL);

	md->path = abs ? abs : xstrdup(path);
	md->folders[DEST_PROCESSED] = folder_name(processed);
	md->folders[DEST_REJECTED] = folder_name(rejected);
	md->folders[DEST_REVIEW] = folder_name(review);
	src->ops = &maildir_ops;
	src->name = xasprintf("maildir:%s", md->path);
	src->max_size = max_size;
	src->priv = md;
	return src;
}

static void
md_destroy(struct source *src)
{
	struct maildir *md = src->priv;
	size_t i;

	clear_names(md);
	for (i = 0; i < ARRAY_SIZE(md->folders); i++)
		free(md->folders[i]);
	free(md->path);
	free(md);
}

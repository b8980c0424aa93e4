/*
 * source_imap.c — the IMAP back end of struct source (DESIGN §2 Sources).
 *
 * The transport is recruitd's own (imap_net.c: the socket, GnuTLS, and a
 * libetpan stream driver over them); libetpan only formats commands and
 * parses answers.  Every step (connect, TLS handshake, greeting, LOGIN,
 * CAPABILITY, CREATE, SELECT, UID SEARCH, UID FETCH, UID MOVE/COPY/STORE/
 * EXPUNGE, IDLE/DONE, LOGOUT) has one deadline of [inbox] timeout seconds
 * and a byte budget (what was asked for plus a margin); a stop (SIGTERM:
 * the daemon's wake pipe with its stop flag, source_set_stop) ends any
 * wait at once, nothing is moved and the connection is dropped.
 *
 * open(): connect (imaps: implicit TLS; imap: STARTTLS required unless the
 * config says tls = none, which conf.c allows only for loopback), verify
 * the server's certificate chain and host name BEFORE any credential is
 * sent, LOGIN, make sure the destination folders exist, SELECT the
 * mailbox (its UIDVALIDITY goes with every message), and list what is to
 * be taken: UID SEARCH UNKEYWORD of our fallback flag by windows of
 * SEARCH_WINDOW message numbers, each window's sizes by UID FETCH
 * RFC822.SIZE, at most POLL_MAX_UIDS a poll (the rest next poll).
 * next(): messages come in chunks bounded in count and bytes, each chunk
 * one pipelined UID FETCH BODY.PEEK[] (no \Seen side effect) whose budget
 * is the sum of the RFC822.SIZE values plus margins; a message over
 * max_size is fetched as its first HEAD_MAX header bytes only.
 * ack(): one UID MOVE per destination folder; without MOVE, UID COPY +
 * STORE \Deleted + UID EXPUNGE (UIDPLUS: only our UIDs); without UIDPLUS,
 * UID COPY + a keyword that later searches skip.
 * wait(): IDLE (re-issued well before the server's 30-minute limit) or a
 * sleep of poll_interval, both waiting in poll(2) on the socket and the
 * wake pipe.
 * The connection is kept between polls and dropped on any error (LOGOUT,
 * within LOGOUT_SECONDS, only when the session is healthy); the daemon
 * reconnects with capped exponential backoff.  Errors are sentences
 * naming the server (HOST:PORT) and the step.
 *
 * SECURITY: the server is not trusted with more than the mail it holds:
 * certificates are verified (ca_file or the system store), STARTTLS is
 * never skipped when the server does not offer it and bytes sent before
 * the TLS handshake are refused (plaintext injection, CVE-2020-15953),
 * the password is read from a file others cannot read (or
 * RECRUITD_IMAP_PASSWORD), wiped after LOGIN (libetpan's write buffer is
 * wiped by the driver) and never logged.  Whatever the server sends is
 * bounded by each step's budget: message sizes bound every fetch, a
 * literal announced over the budget is refused before it is allocated.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "imap_net.h"
#include "log.h"
#include "secret.h"
#include "source.h"
#include "util.h"

#define CHUNK_MAX_MESSAGES 100
#define CHUNK_MAX_BYTES (8u * 1024 * 1024)
#define HEAD_MAX (64 * 1024)
#define SUSPECT_MAX 256   /* remembered messages of wrong sizes, each kind */
#define IDLE_MAX_SECONDS (25 * 60)  /* RFC 2177: servers may drop at 30 min */
#define DONE_KEYWORD "$RecruitdDone"
/* the byte budgets of a step (limit.h lists them) */
#define IMAP_CMD_BUDGET (1024u * 1024)  /* any answer but SEARCH/FETCH */
#define IMAP_MSG_MARGIN 4096u           /* per message of a FETCH */
#define IMAP_FETCH_MARGIN (64u * 1024)  /* per FETCH or SEARCH */
#define SIZE_LINE_MAX 128u  /* "* N FETCH (UID N RFC822.SIZE N)" */
#define UID_TEXT_MAX 11u    /* " 4294967295" */
#define SEARCH_WINDOW 10000u   /* message numbers per UID SEARCH */
#define POLL_MAX_UIDS 10000u   /* messages listed per poll */
#define LOGOUT_SECONDS 2u

enum imap_tls { TLS_IMPLICIT, TLS_STARTTLS, TLS_NONE };

struct imap_item {
	uint32_t uid;
	uint32_t size;
};

struct imap_src {
	/* from the config */
	char *host;
	uint16_t port;
	char *user;
	char *mailbox;
	enum imap_tls tls;
	char *ca_file;
	char *password_file;
	char *folders[3];
	unsigned timeout;
	struct source *src;          /* its wake pipe and stop flag */

	/* the session */
	struct imap_net *net;
	mailimap *imap;
	uint32_t uidvalidity;
	int has_move, has_uidplus, has_idle;
	int folders_ok;

	/* what this poll takes */
	struct imap_item *items;
	size_t n_items, next_item;
	struct source_msg *chunk;      /* fetched, not yet handed out */
	size_t n_chunk, next_chunk;

	/* messages whose announced RFC822.SIZE proved wrong (their chunk
	 * sent more than asked for): fetched one at a time with the budget
	 * of max_size; those that break even that, header only (too
	 * large).  Kept across polls, SUSPECT_MAX of each at most. */
	uint32_t alone[SUSPECT_MAX], big[SUSPECT_MAX];
	size_t n_alone, n_big;

	char error[800];
};

/* ---- password ---- */

static char *
read_password(struct imap_src *is, const char **error_r)
{
	char *env = is->password_file != NULL ? NULL :
	    secret_env_get("RECRUITD_IMAP_PASSWORD");
	struct stat st;
	char *data;
	size_t n;

	if (is->password_file == NULL) {
		if (env != NULL)
			return env;
		*error_r = "no password: set password_file or "
		    "RECRUITD_IMAP_PASSWORD";
		return NULL;
	}
	if (stat(is->password_file, &st) < 0) {
		*error_r = "cannot read password_file";
		return NULL;
	}
	if (st.st_mode & 077) {
		*error_r = "password_file is readable by others (chmod 600)";
		return NULL;
	}
	if (file_read(is->password_file, 4096, &data, &n, error_r) < 0)
		return NULL;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		data[--n] = '\0';
	return data;
}

static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* ---- session ---- */

static int
stopping(const struct imap_src *is)
{
	return is->src->stop != NULL && *is->src->stop;
}

/* disconnect: drop the session; LOGOUT (briefly) only when polite, that
 * is when the session is healthy and we are not stopping */
static void
disconnect(struct imap_src *is, int polite)
{
	if (is->imap != NULL) {
		if (polite && !stopping(is) && is->imap->imap_stream != NULL &&
		    imap_net_failure(is->net) == IMAP_NET_OK) {
			imap_net_begin_within(is->net, "LOGOUT",
			    IMAP_CMD_BUDGET, LOGOUT_SECONDS);
			mailimap_logout(is->imap);
		}
		/* mailimap_free would LOGOUT, unbounded, on an open stream */
		if (is->imap->imap_stream != NULL) {
			mailstream_close(is->imap->imap_stream);
			is->imap->imap_stream = NULL;
		}
		mailimap_free(is->imap);
		is->imap = NULL;
	}
	imap_net_free(is->net);
	is->net = NULL;
	is->folders_ok = 0;
}

/* step: a new step on the transport: its name, deadline and budget */
static void
step(struct imap_src *is, const char *name, size_t budget)
{
	imap_net_begin(is->net, name, budget);
}

/* clean: s (n bytes) as printable ASCII for a log line, into buf */
static const char *
clean(char *buf, size_t size, const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 4 < size; i++)
		buf[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (i < n) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

/*
 * last_line: the last line of the answer libetpan just read (the tagged
 * one: this command's, not an older one), without its tag; *bad_r set
 * when it is our tag's BAD.  "" when there is none.
 */
static const char *
last_line(struct imap_src *is, char *buf, size_t size, int *bad_r)
{
	MMAPString *b = is->imap ? is->imap->imap_stream_buffer : NULL;
	const char *s, *e, *sp;
	char tag[16];
	size_t tl;

	*bad_r = 0;
	buf[0] = '\0';
	if (b == NULL || b->len == 0)
		return buf;
	e = b->str + b->len;
	while (e > b->str && (e[-1] == '\n' || e[-1] == '\r'))
		e--;
	s = e;
	while (s > b->str && s[-1] != '\n')
		s--;
	tl = (size_t)snprintf(tag, sizeof(tag), "%d", is->imap->imap_tag);
	if ((size_t)(e - s) > tl && memcmp(s, tag, tl) == 0 && s[tl] == ' ') {
		s += tl + 1;
		if (e - s >= 3 && strncasecmp(s, "BAD", 3) == 0)
			*bad_r = 1;
		/* the text after NO/BAD/OK */
		sp = memchr(s, ' ', (size_t)(e - s));
		s = sp ? sp + 1 : e;
	} else if (e - s >= 2 && memcmp(s, "* ", 2) == 0)
		s += 2;
	return clean(buf, size, s, (size_t)(e - s));
}

/* imap_fail: the sentence for a libetpan result r (not NO_ERROR) in the
 * current step, in is->error */
static const char *
imap_fail(struct imap_src *is, int r)
{
	const char *srv = imap_net_server(is->net);
	const char *st = imap_net_step(is->net);
	char text[400];
	int bad;

	/* copied: the transport goes with the session (disconnect) */
	if (imap_net_failure(is->net) != IMAP_NET_OK) {
		snprintf(is->error, sizeof(is->error), "%s",
		    imap_net_error(is->net));
		return is->error;
	}
	last_line(is, text, sizeof(text), &bad);
	switch (r) {
	case MAILIMAP_ERROR_STREAM:
		snprintf(is->error, sizeof(is->error), "mailbox server %s: "
		    "connection failed during %s", srv, st);
		break;
	case MAILIMAP_ERROR_PARSE:
	case MAILIMAP_ERROR_PROTOCOL:
		if (bad)
			snprintf(is->error, sizeof(is->error), "mailbox server "
			    "%s rejected the %s: %s", srv, st, text);
		else
			snprintf(is->error, sizeof(is->error), "mailbox server "
			    "%s: unexpected answer to %s (protocol error)", srv,
			    st);
		break;
	case MAILIMAP_ERROR_MEMORY:
		fatalx("out of memory");
	case MAILIMAP_ERROR_FATAL:
		snprintf(is->error, sizeof(is->error), "mailbox server %s "
		    "ended the session during %s: %s", srv, st, text);
		break;
	default:
		snprintf(is->error, sizeof(is->error), "mailbox server %s "
		    "refused the %s: %s", srv, st, text[0] ? text :
		    "(no reason given)");
		break;
	}
	return is->error;
}

/* capability: CAPABILITY (the answer lands in the session) */
static int
capability(struct imap_src *is, const char **error_r)
{
	struct mailimap_capability_data *cap = NULL;
	int r;

	step(is, "CAPABILITY", IMAP_CMD_BUDGET);
	r = mailimap_capability(is->imap, &cap);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_fail(is, r);
		return -1;
	}
	mailimap_capability_data_free(cap);
	return 0;
}

static int
connect_login(struct imap_src *is, const char **error_r)
{
	char *pass;
	int r;

	is->net = imap_net_new(is->host, is->port, is->timeout,
	    is->src->stop != NULL ? is->src->wake_fd : -1, is->src->stop);
	step(is, "connect", 0);
	if (imap_net_connect(is->net) < 0)
		goto net_fail;
	if (is->tls == TLS_IMPLICIT) {
		step(is, "TLS handshake", 0);
		if (imap_net_tls(is->net, is->ca_file) < 0)
			goto net_fail;
	}
	is->imap = mailimap_new(0, NULL);
	step(is, "greeting", IMAP_CMD_BUDGET);
	r = mailimap_connect(is->imap, imap_net_stream(is->net));
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*error_r = imap_fail(is, r);
		goto fail;
	}
	if (is->tls == TLS_STARTTLS) {
		if (capability(is, error_r) < 0)
			goto fail;
		if (!mailimap_has_extension(is->imap, "STARTTLS")) {
			/* never fall back to plain text: a stripped STARTTLS
			 * is exactly what an attacker in the middle does */
			snprintf(is->error, sizeof(is->error), "mailbox server "
			    "%s does not offer STARTTLS; refusing to log in "
			    "without TLS", imap_net_server(is->net));
			*error_r = is->error;
			goto fail;
		}
		step(is, "STARTTLS", IMAP_CMD_BUDGET);
		r = mailimap_starttls(is->imap);
		if (r != MAILIMAP_NO_ERROR) {
			*error_r = imap_fail(is, r);
			goto fail;
		}
		/* bytes after the STARTTLS answer came before TLS: an
		 * attacker's, to be read as if protected (CVE-2020-15953) */
		if (is->imap->imap_stream->read_buffer_len > 0) {
			snprintf(is->error, sizeof(is->error), "mailbox server "
			    "%s sent data before the TLS handshake (plain-text "
			    "injection?); disconnecting",
			    imap_net_server(is->net));
			*error_r = is->error;
			goto fail;
		}
		step(is, "TLS handshake", 0);
		if (imap_net_tls(is->net, is->ca_file) < 0)
			goto net_fail;
	}
	if ((pass = read_password(is, error_r)) == NULL)
		goto fail;
	step(is, "LOGIN", IMAP_CMD_BUDGET);
	r = mailimap_login(is->imap, is->user, pass);
	wipe_free(pass);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_fail(is, r);
		goto fail;
	}
	if (capability(is, error_r) < 0)
		goto fail;
	is->has_move = mailimap_has_extension(is->imap, "MOVE");
	is->has_uidplus = mailimap_has_extension(is->imap, "UIDPLUS");
	is->has_idle = mailimap_has_idle(is->imap);
	return 0;
net_fail:
	*error_r = imap_fail(is, MAILIMAP_ERROR_STREAM);
fail:
	disconnect(is, 0);
	return -1;
}

/* folder_listed: LIST "" folder shows it (a CREATE refused without
 * [ALREADYEXISTS] may still be about an existing folder) */
static int
folder_listed(struct imap_src *is, const char *folder, const char **error_r)
{
	clist *res = NULL;
	int r, n;

	step(is, "LIST", IMAP_CMD_BUDGET);
	r = mailimap_list(is->imap, "", folder, &res);
	if (r == MAILIMAP_ERROR_LIST)
		return 0;
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_fail(is, r);
		return -1;
	}
	n = clist_count(res) > 0;
	mailimap_list_result_free(res);
	return n;
}

static int
ensure_folders(struct imap_src *is, const char **error_r)
{
	size_t i;

	if (is->folders_ok)
		return 0;
	for (i = 0; i < ARRAY_SIZE(is->folders); i++) {
		char text[400];
		int r, bad, listed;

		step(is, "CREATE", IMAP_CMD_BUDGET);
		r = mailimap_create(is->imap, is->folders[i]);
		if (r == MAILIMAP_NO_ERROR)
			continue;
		if (r != MAILIMAP_ERROR_CREATE) {
			*error_r = imap_fail(is, r);
			return -1;
		}
		/* NO: the folder exists ([ALREADYEXISTS], RFC 5530), or
		 * the server says why not */
		last_line(is, text, sizeof(text), &bad);
		if (strstr(text, "[ALREADYEXISTS]") != NULL)
			continue;
		listed = folder_listed(is, is->folders[i], error_r);
		if (listed > 0)
			continue;
		if (listed < 0)
			return -1;
		snprintf(is->error, sizeof(is->error), "mailbox server %s "
		    "refused the CREATE of folder %s: %s",
		    imap_net_server(is->net), is->folders[i], text);
		*error_r = is->error;
		return -1;
	}
	is->folders_ok = 1;
	return 0;
}

static struct mailimap_set *
set_of(const uint32_t *uids, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j + 1 < n && uids[j + 1] == uids[j] + 1)
			j++;
		mailimap_set_add_interval(set, uids[i], uids[j]);
		i = j + 1;
	}
	return set;
}

static int
cmp_item(const void *a, const void *b)
{
	uint32_t x = ((const struct imap_item *)a)->uid;
	uint32_t y = ((const struct imap_item *)b)->uid;

	return x < y ? -1 : x > y;
}

static int
cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* sizes_of: the sizes of n UIDs (UID FETCH RFC822.SIZE), appended to
 * is->items */
static int
sizes_of(struct imap_src *is, const uint32_t *uids, size_t n,
    const char **error_r)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	clist *fres = NULL;
	clistiter *it;
	int r;

	set = set_of(uids, n);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_rfc822_size());
	step(is, "UID FETCH", n * SIZE_LINE_MAX + IMAP_FETCH_MARGIN);
	r = mailimap_uid_fetch(is->imap, set, ft, &fres);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_fail(is, r);
		return -1;
	}
	for (it = clist_begin(fres); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);
		struct imap_item item = { 0, 0 };
		clistiter *a;

		for (a = clist_begin(ma->att_list); a != NULL;
		    a = clist_next(a)) {
			struct mailimap_msg_att_item *mi = clist_content(a);
			struct mailimap_msg_att_static *st;

			if (mi->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
				continue;
			st = mi->att_data.att_static;
			if (st->att_type == MAILIMAP_MSG_ATT_UID)
				item.uid = st->att_data.att_uid;
			else if (st->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
				item.size = st->att_data.att_rfc822_size;
		}
		/* only what was asked for, once (a server may add
		 * unsolicited FETCH answers) */
		if (item.uid != 0 && bsearch(&item.uid, uids, n, sizeof(*uids),
		    cmp_uid) != NULL && is->n_items < POLL_MAX_UIDS)
			is->items[is->n_items++] = item;
	}
	mailimap_fetch_list_free(fres);
	return 0;
}

/*
 * list_new: the UIDs to take (not carrying our fallback keyword) and
 * their sizes, in UID order: UID SEARCH by windows of SEARCH_WINDOW
 * message numbers (each answer bounded), at most POLL_MAX_UIDS a poll.
 */
static int
list_new(struct imap_src *is, const char **error_r)
{
	/* the session's count follows EXISTS and EXPUNGE answers, so a
	 * window never names a message number that is gone */
	const uint32_t *exists = &is->imap->imap_selection_info->sel_exists;
	uint64_t lo;
	uint32_t *uids = NULL, max_seen = 0;
	int ret = -1;

	free(is->items);
	is->n_items = is->next_item = 0;
	is->items = xcalloc(POLL_MAX_UIDS + 1, sizeof(*is->items));
	uids = xcalloc(SEARCH_WINDOW + 1, sizeof(*uids));
	for (lo = 1; lo <= *exists && is->n_items < POLL_MAX_UIDS;
	    lo += SEARCH_WINDOW) {
		uint64_t hi = lo + SEARCH_WINDOW - 1 > *exists ? *exists :
		    lo + SEARCH_WINDOW - 1;
		struct mailimap_search_key *key;
		clist *res = NULL;
		clistiter *it;
		size_t n = 0, j, k;
		int r;

		key = mailimap_search_key_new_multiple_empty();
		mailimap_search_key_multiple_add(key,
		    mailimap_search_key_new_set(mailimap_set_new_interval(
		    (uint32_t)lo, (uint32_t)hi)));
		mailimap_search_key_multiple_add(key,
		    mailimap_search_key_new_unkeyword(xstrdup(DONE_KEYWORD)));
		step(is, "UID SEARCH", (size_t)(hi - lo + 1) * UID_TEXT_MAX +
		    IMAP_FETCH_MARGIN);
		r = mailimap_uid_search(is->imap, NULL, key, &res);
		mailimap_search_key_free(key);
		if (r != MAILIMAP_NO_ERROR) {
			*error_r = imap_fail(is, r);
			goto out;
		}
		if (clist_count(res) > (int)(hi - lo + 1)) {
			mailimap_search_result_free(res);
			snprintf(is->error, sizeof(is->error), "mailbox server "
			    "%s: answered UID SEARCH with more UIDs than the "
			    "%u messages asked about (the server is broken; "
			    "disconnecting)", imap_net_server(is->net),
			    (unsigned)(hi - lo + 1));
			*error_r = is->error;
			goto out;
		}
		for (it = clist_begin(res); it != NULL; it = clist_next(it))
			uids[n++] = *(uint32_t *)clist_content(it);
		mailimap_search_result_free(res);
		if (n == 0)
			continue;
		qsort(uids, n, sizeof(*uids), cmp_uid);
		/* no duplicates, none listed by an earlier window (message
		 * numbers shift down when others are expunged) */
		for (j = k = 0; j < n; j++)
			if ((k == 0 || uids[j] != uids[k - 1]) &&
			    uids[j] > max_seen)
				uids[k++] = uids[j];
		if (k == 0)
			continue;
		if (k > POLL_MAX_UIDS - is->n_items)
			k = POLL_MAX_UIDS - is->n_items;
		max_seen = uids[k - 1];
		if (sizes_of(is, uids, k, error_r) < 0)
			goto out;
	}
	qsort(is->items, is->n_items, sizeof(*is->items), cmp_item);
	ret = 0;
out:
	free(uids);
	return ret;
}

static void
clear_chunk(struct imap_src *is)
{
	size_t i;

	for (i = is->next_chunk; i < is->n_chunk; i++)
		source_msg_clear(&is->chunk[i]);
	free(is->chunk);
	is->chunk = NULL;
	is->n_chunk = is->next_chunk = 0;
}

static int
uid_in(const uint32_t *v, size_t n, uint32_t uid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == uid)
			return 1;
	return 0;
}

/* suspect_sizes: a fetch of whole messages failed; when the server sent
 * more than their announced sizes allowed, the next polls fetch them one
 * at a time (lone: this was such a fetch, so the message is over
 * max_size whatever its announced size: header only).  The poll retries
 * instead of failing on the same chunk for ever. */
static void
suspect_sizes(struct imap_src *is, const uint32_t *uids, size_t n, int lone)
{
	enum imap_net_fail f = imap_net_failure(is->net);
	uint32_t *v = lone ? is->big : is->alone;
	size_t *nv = lone ? &is->n_big : &is->n_alone, i;

	if (f != IMAP_NET_BUDGET && f != IMAP_NET_LITERAL)
		return;
	for (i = 0; i < n; i++) {
		if (uid_in(v, *nv, uids[i]))
			continue;
		if (*nv == SUSPECT_MAX) {   /* the oldest out */
			memmove(v, v + 1, (SUSPECT_MAX - 1) * sizeof(*v));
			(*nv)--;
		}
		v[(*nv)++] = uids[i];
	}
	if (lone)
		log_warn("%s: UID %u sent more than its announced size and "
		    "more than max_message_size: taken as too large",
		    is->src->name, uids[0]);
	else
		log_warn("%s: UIDs %u..%u sent more than their announced "
		    "sizes; from the next poll they are fetched one at a time",
		    is->src->name, uids[0], uids[n - 1]);
}

/* fetch_chunk: the next messages, one pipelined UID FETCH for the whole
 * chunk (BODY.PEEK[], or BODY.PEEK[HEADER] for those over max_size) */
static int
fetch_chunk(struct source *src, struct imap_src *is, const char **error_r)
{
	uint32_t full[CHUNK_MAX_MESSAGES], head[CHUNK_MAX_MESSAGES];
	size_t nf = 0, nh = 0, bytes = 0, pass;
	int lone = 0;

	clear_chunk(is);
	while (is->next_item < is->n_items && nf + nh < CHUNK_MAX_MESSAGES) {
		const struct imap_item *it = &is->items[is->next_item];

		if (it->size > src->max_size ||
		    uid_in(is->big, is->n_big, it->uid))
			head[nh++] = it->uid;
		else if (uid_in(is->alone, is->n_alone, it->uid)) {
			/* its size was wrong: alone, within max_size */
			if (nf > 0)
				break;
			bytes = src->max_size;
			full[nf++] = it->uid;
			lone = 1;
			is->next_item++;
			break;
		} else {
			if (nf + nh > 0 && bytes + it->size > CHUNK_MAX_BYTES)
				break;
			bytes += it->size;
			full[nf++] = it->uid;
		}
		is->next_item++;
	}
	is->chunk = xcalloc(nf + nh + 1, sizeof(*is->chunk));
	for (pass = 0; pass < 2; pass++) {
		uint32_t *uids = pass == 0 ? full : head;
		size_t n = pass == 0 ? nf : nh;
		struct mailimap_fetch_type *ft;
		struct mailimap_set *set;
		clist *fres = NULL;
		clistiter *it;
		int r;

		if (n == 0)
			continue;
		set = set_of(uids, n);
		ft = mailimap_fetch_type_new_fetch_att_list_empty();
		mailimap_fetch_type_new_fetch_att_list_add(ft,
		    mailimap_fetch_att_new_uid());
		/* a mail over max_size: its first HEAD_MAX header bytes
		 * (BODY.PEEK[HEADER]<0.HEAD_MAX>), whatever the header's
		 * length */
		if (pass == 0)
			mailimap_fetch_type_new_fetch_att_list_add(ft,
			    mailimap_fetch_att_new_body_peek_section(
			    mailimap_section_new(NULL)));
		else
			mailimap_fetch_type_new_fetch_att_list_add(ft,
			    mailimap_fetch_att_new_body_peek_section_partial(
			    mailimap_section_new_header(), 0, HEAD_MAX));
		/* what was asked for: the sizes the server gave, plus
		 * margins; a server that sends more is broken */
		step(is, "UID FETCH", (pass == 0 ? bytes : n * HEAD_MAX) +
		    n * IMAP_MSG_MARGIN + IMAP_FETCH_MARGIN);
		r = mailimap_uid_fetch(is->imap, set, ft, &fres);
		mailimap_fetch_type_free(ft);
		mailimap_set_free(set);
		if (r != MAILIMAP_NO_ERROR) {
			*error_r = imap_fail(is, r);
			if (pass == 0)
				suspect_sizes(is, full, nf, lone);
			return -1;
		}
		for (it = clist_begin(fres); it != NULL; it = clist_next(it)) {
			struct mailimap_msg_att *ma = clist_content(it);
			struct source_msg *m = &is->chunk[is->n_chunk];
			uint32_t uid = 0;
			const char *body = NULL;
			size_t blen = 0;
			clistiter *a;

			for (a = clist_begin(ma->att_list); a != NULL;
			    a = clist_next(a)) {
				struct mailimap_msg_att_item *mi =
				    clist_content(a);
				struct mailimap_msg_att_static *st;

				if (mi->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
					continue;
				st = mi->att_data.att_static;
				if (st->att_type == MAILIMAP_MSG_ATT_UID)
					uid = st->att_data.att_uid;
				else if (st->att_type ==
				    MAILIMAP_MSG_ATT_BODY_SECTION &&
				    st->att_data.att_body_section->sec_body_part) {
					body = st->att_data.att_body_section->
					    sec_body_part;
					blen = st->att_data.att_body_section->
					    sec_length;
				}
			}
			if (uid == 0 || body == NULL)
				continue;   /* expunged meanwhile: next poll */
			if (pass == 1 && blen > HEAD_MAX)
				blen = HEAD_MAX;
			m->uid = xasprintf("%u", uid);
			m->uidvalidity = is->uidvalidity;
			m->data = xmemdup0(body, blen);
			m->len = blen;
			m->full_size = blen;
			m->too_large = pass == 1;
			is->n_chunk++;
		}
		mailimap_fetch_list_free(fres);
	}
	return 0;
}

static int
imap_open(struct source *src, const char **error_r)
{
	struct imap_src *is = src->priv;
	int r;

	clear_chunk(is);
	if (is->imap == NULL && connect_login(is, error_r) < 0)
		return -1;
	if (ensure_folders(is, error_r) < 0)
		goto fail;
	step(is, "SELECT", IMAP_CMD_BUDGET);
	r = mailimap_select(is->imap, is->mailbox);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_fail(is, r);
		goto fail;
	}
	if (is->imap->imap_selection_info == NULL) {
		snprintf(is->error, sizeof(is->error), "mailbox server %s: "
		    "unexpected answer to SELECT (no mailbox state)",
		    imap_net_server(is->net));
		*error_r = is->error;
		goto fail;
	}
	/* (a change since the last poll, or the last run, is logged by
	 * the ingest, which compares with the store) */
	is->uidvalidity = is->imap->imap_selection_info->sel_uidvalidity;
	src->uidvalidity = is->uidvalidity;
	if (list_new(is, error_r) < 0)
		goto fail;
	return 0;
fail:
	disconnect(is, 0);
	return -1;
}

static int
imap_next(struct source *src, struct source_msg *msg, const char **error_r)
{
	struct imap_src *is = src->priv;

	if (is->imap == NULL)
		return 0;
	if (is->next_chunk == is->n_chunk) {
		if (is->next_item == is->n_items)
			return 0;
		if (fetch_chunk(src, is, error_r) < 0) {
			disconnect(is, 0);
			return -1;
		}
		if (is->n_chunk == 0)
			return imap_next(src, msg, error_r);
	}
	*msg = is->chunk[is->next_chunk];
	memset(&is->chunk[is->next_chunk], 0, sizeof(*msg));
	is->next_chunk++;
	return 1;
}

static int
imap_buffered(struct source *src)
{
	struct imap_src *is = src->priv;

	/* the next chunk is one UID FETCH away */
	return is->next_chunk < is->n_chunk;
}

static int
store_flags(struct imap_src *is, struct mailimap_set *set,
    struct mailimap_flag *flag)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	struct mailimap_store_att_flags *sa;
	int r;

	mailimap_flag_list_add(fl, flag);
	sa = mailimap_store_att_flags_new_add_flags_silent(fl);
	step(is, "UID STORE", IMAP_CMD_BUDGET);
	r = mailimap_uid_store(is->imap, set, sa);
	mailimap_store_att_flags_free(sa);
	return r;
}

/* move_set: MOVE, else COPY + \Deleted + UID EXPUNGE, else COPY + our
 * keyword (the messages stay, and later searches skip them) */
static int
move_set(struct imap_src *is, const uint32_t *uids, size_t n,
    const char *folder, const char **error_r)
{
	struct mailimap_set *set = set_of(uids, n);
	int r;

	if (is->has_move) {
		step(is, "UID MOVE", IMAP_CMD_BUDGET);
		r = mailimap_uid_move(is->imap, set, folder);
		mailimap_set_free(set);
		if (r != MAILIMAP_NO_ERROR) {
			*error_r = imap_fail(is, r);
			return -1;
		}
		return 0;
	}
	step(is, "UID COPY", IMAP_CMD_BUDGET);
	r = mailimap_uid_copy(is->imap, set, folder);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_fail(is, r);
		mailimap_set_free(set);
		return -1;
	}
	if (is->has_uidplus) {
		r = store_flags(is, set, mailimap_flag_new_deleted());
		if (r == MAILIMAP_NO_ERROR) {
			step(is, "UID EXPUNGE", IMAP_CMD_BUDGET);
			r = mailimap_uid_expunge(is->imap, set);
		}
	} else
		r = store_flags(is, set,
		    mailimap_flag_new_flag_keyword(xstrdup(DONE_KEYWORD)));
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_fail(is, r);
		return -1;
	}
	return 0;
}

static int
imap_ack(struct source *src, const struct source_msg *msgs,
    const enum source_dest *dests, size_t n, const char **error_r)
{
	struct imap_src *is = src->priv;
	uint32_t *uids;
	size_t d, i, k;
	int failed = 0;

	if (is->imap == NULL) {
		*error_r = "not connected to the mailbox server";
		return -1;
	}
	uids = xcalloc(n + 1, sizeof(*uids));
	for (d = 0; d < ARRAY_SIZE(is->folders); d++) {
		for (i = k = 0; i < n; i++)
			if (dests[i] == d && msgs[i].uidvalidity == is->uidvalidity)
				uids[k++] = (uint32_t)strtoul(msgs[i].uid, NULL,
				    10);
		if (k == 0)
			continue;
		qsort(uids, k, sizeof(*uids), cmp_uid);
		if (move_set(is, uids, k, is->folders[d], error_r) < 0) {
			failed += (int)k;
			log_warn("%s: %zu messages not moved to %s: %s",
			    src->name, k, is->folders[d], *error_r);
		} else
			log_info("%s: moved %zu messages (UID %u..%u) to %s",
			    src->name, k, uids[0], uids[k - 1], is->folders[d]);
	}
	free(uids);
	if (failed)
		disconnect(is, 0);
	return failed;
}

/* sleep_woken: up to seconds, cut short by the wake pipe when *stop is
 * set (or by the signal itself) */
static void
sleep_woken(struct source *src, int seconds, volatile const sig_atomic_t *stop)
{
	double end = time_mono() + seconds;
	int stale = 0;

	while (!*stop) {
		struct pollfd p = { src->stop ? src->wake_fd : -1, POLLIN, 0 };
		double left = end - time_mono();
		int ms;

		if (left <= 0)
			return;
		ms = left > 3600 ? 3600 * 1000 : (int)(left * 1000) + 1;
		if (p.fd < 0 || stale) {
			/* no pipe to watch, or a stale byte in it */
			p.fd = -1;
			if (ms > 200)
				ms = 200;
		}
		if (poll(&p, 1, ms) > 0 && (p.revents & POLLIN) && !*stop)
			stale = 1;
	}
}

static int
imap_wait(struct source *src, int seconds, volatile const sig_atomic_t *stop)
{
	struct imap_src *is = src->priv;
	const char *err;
	int r, got;

	if (is->imap == NULL || !is->has_idle) {
		sleep_woken(src, seconds, stop);
		return 0;
	}
	if (seconds > IDLE_MAX_SECONDS)
		seconds = IDLE_MAX_SECONDS;
	step(is, "IDLE", IMAP_CMD_BUDGET);
	r = mailimap_idle(is->imap);
	if (r != MAILIMAP_NO_ERROR)
		goto fail;
	/* an answer already read, by libetpan or GnuTLS, would never wake
	 * poll(2) */
	got = is->imap->imap_stream->read_buffer_len > 0 ||
	    imap_net_pending(is->net);
	if (!got) {
		got = imap_net_wait_readable(is->net, seconds, stop);
		if (got < 0) {
			r = MAILIMAP_ERROR_STREAM;
			goto fail;
		}
	}
	step(is, "DONE", IMAP_CMD_BUDGET);
	r = mailimap_idle_done(is->imap);
	if (r != MAILIMAP_NO_ERROR)
		goto fail;
	return got;
fail:
	err = imap_fail(is, r);
	if (imap_net_failure(is->net) == IMAP_NET_STOPPED) {
		disconnect(is, 0);
		return 0;
	}
	log_warn("%s: %s", src->name, err);
	disconnect(is, 0);
	return -1;
}

static void
imap_close(struct source *src)
{
	clear_chunk(src->priv);
}

static void
imap_destroy(struct source *src)
{
	struct imap_src *is = src->priv;
	size_t i;

	disconnect(is, 1);
	clear_chunk(is);
	free(is->items);
	for (i = 0; i < ARRAY_SIZE(is->folders); i++)
		free(is->folders[i]);
	free(is->host);
	free(is->user);
	free(is->mailbox);
	free(is->ca_file);
	free(is->password_file);
	free(is);
}

static const struct source_ops imap_ops = {
	.open = imap_open,
	.next = imap_next,
	.ack = imap_ack,
	.close = imap_close,
	.destroy = imap_destroy,
	.wait = imap_wait,
	.buffered = imap_buffered,
};

/* pct_decode: %XX in a URL user or mailbox; NULL when it hides a NUL */
static char *
pct_decode(const char *s, size_t n)
{
	struct buf b;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	buf_pct_decode(&b, s, n);
	if (strlen(b.data) != b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

struct source *
source_imap_new(const char *url, const char *tls, const char *ca_file,
    const char *password_file, const char *processed, const char *rejected,
    const char *review, size_t max_size, unsigned timeout,
    const char **error_r)
{
	struct imap_src *is;
	struct source *src;
	const char *p, *at, *host, *slash, *colon;
	int implicit = strncmp(url, "imaps://", 8) == 0;

	if (!implicit && strncmp(url, "imap://", 7) != 0) {
		*error_r = "not an imap:// or imaps:// URL";
		return NULL;
	}
	p = url + (implicit ? 8 : 7);
	slash = strchr(p, '/');
	at = memchr(p, '@', slash ? (size_t)(slash - p) : strlen(p));
	if (at == NULL) {
		*error_r = "the URL names no user (imaps://USER@HOST/MAILBOX)";
		return NULL;
	}
	is = xcalloc(1, sizeof(*is));
	is->user = pct_decode(p, (size_t)(at - p));
	if (is->user == NULL || is->user[0] == '\0') {
		*error_r = "bad user in the URL";
		free(is->user);
		free(is);
		return NULL;
	}
	host = at + 1;
	colon = memchr(host, ':', slash ? (size_t)(slash - host) : strlen(host));
	is->host = xstrndup(host, colon ? (size_t)(colon - host) :
	    slash ? (size_t)(slash - host) : strlen(host));
	is->port = implicit ? 993 : 143;
	if (colon != NULL) {
		long port = strtol(colon + 1, NULL, 10);

		if (port <= 0 || port > 65535) {
			*error_r = "bad port in the URL";
			free(is->user);
			free(is->host);
			free(is);
			return NULL;
		}
		is->port = (uint16_t)port;
	}
	is->mailbox = slash && slash[1] ? pct_decode(slash + 1,
	    strlen(slash + 1)) : xstrdup("INBOX");
	if (is->mailbox == NULL) {
		*error_r = "bad mailbox in the URL";
		free(is->user);
		free(is->host);
		free(is);
		return NULL;
	}
	if (tls != NULL && strcmp(tls, "none") == 0)
		is->tls = TLS_NONE;
	else if (tls != NULL && strcmp(tls, "implicit") == 0)
		is->tls = TLS_IMPLICIT;
	else if (tls != NULL && strcmp(tls, "starttls") == 0)
		is->tls = TLS_STARTTLS;
	else
		is->tls = implicit ? TLS_IMPLICIT : TLS_STARTTLS;
	is->ca_file = ca_file ? xstrdup(ca_file) : NULL;
	is->password_file = password_file ? xstrdup(password_file) : NULL;
	is->folders[DEST_PROCESSED] = xstrdup(processed);
	is->folders[DEST_REJECTED] = xstrdup(rejected);
	is->folders[DEST_REVIEW] = xstrdup(review);

	src = xcalloc(1, sizeof(*src));
	src->ops = &imap_ops;
	/* the URL without any password-like part: user@host:port/mailbox */
	src->name = xasprintf("%s://%s@%s:%u/%s", implicit ? "imaps" : "imap",
	    is->user, is->host, is->port, is->mailbox);
	src->max_size = max_size;
	src->priv = is;
	is->src = src;
	is->timeout = timeout > 0 ? timeout : 30;
	return src;
}

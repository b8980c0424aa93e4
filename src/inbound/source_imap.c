/*
 * source_imap.c — the IMAP back end of struct source (DESIGN §2 Sources).
 *
 * open(): connect (imaps: implicit TLS; imap: STARTTLS required unless the
 * config says tls = none, which conf.c allows only for loopback), verify
 * the server's certificate chain and host name with GnuTLS (libetpan does
 * not) BEFORE any credential is sent, LOGIN, make sure the destination
 * folders exist, SELECT the mailbox (its UIDVALIDITY goes with every
 * message), and list what is to be taken: UID SEARCH UNKEYWORD of our
 * fallback flag, then the sizes (UID FETCH RFC822.SIZE).
 * next(): messages come in chunks bounded in count and bytes, each chunk
 * one pipelined UID FETCH BODY.PEEK[] (no \Seen side effect); a message
 * over max_size is fetched as its header only.
 * ack(): one UID MOVE per destination folder; without MOVE, UID COPY +
 * STORE \Deleted + UID EXPUNGE (UIDPLUS: only our UIDs); without UIDPLUS,
 * UID COPY + a keyword that later searches skip.
 * wait(): IDLE (re-issued well before the server's 30-minute limit) or a
 * sleep of poll_interval, both cut short by a signal.
 * The connection is kept between polls and dropped on any error; the
 * daemon reconnects with capped exponential backoff.
 *
 * SECURITY: the server is not trusted with more than the mail it holds:
 * certificates are verified (ca_file or the system store), STARTTLS is
 * never skipped when the server does not offer it, the password is read
 * from a file others cannot read (or RECRUITD_IMAP_PASSWORD), wiped after
 * LOGIN and never logged.  Message sizes bound every fetch.
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

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>

#include "log.h"
#include "secret.h"
#include "source.h"
#include "util.h"

#define CHUNK_MAX_MESSAGES 100
#define CHUNK_MAX_BYTES (8u * 1024 * 1024)
#define HEAD_MAX (64 * 1024)
#define IDLE_MAX_SECONDS (25 * 60)  /* RFC 2177: servers may drop at 30 min */
#define DONE_KEYWORD "$RecruitdDone"

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

	/* the session */
	mailimap *imap;
	uint32_t uidvalidity;
	int has_move, has_uidplus, has_idle;
	int folders_ok;

	/* what this poll takes */
	struct imap_item *items;
	size_t n_items, next_item;
	struct source_msg *chunk;      /* fetched, not yet handed out */
	size_t n_chunk, next_chunk;
};

/* ---- certificate verification ---- */

static int
verify_chain(struct imap_src *is, const char **error_r)
{
	static char reason[512];
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t *crts = NULL;
	gnutls_typed_vdata_st vdata;
	gnutls_datum_t out = { NULL, 0 };
	carray *chain;
	unsigned status = 0, i, n = 0;
	int ret = -1, r;

	chain = mailstream_get_certificate_chain(is->imap->imap_stream);
	if (chain == NULL || carray_count(chain) == 0) {
		*error_r = "TLS: the server sent no certificate";
		goto out;
	}
	n = carray_count(chain);
	crts = xcalloc(n, sizeof(*crts));
	for (i = 0; i < n; i++) {
		MMAPString *der = carray_get(chain, i);
		gnutls_datum_t d = { (unsigned char *)der->str,
		    (unsigned)der->len };

		if (gnutls_x509_crt_init(&crts[i]) < 0 ||
		    gnutls_x509_crt_import(crts[i], &d, GNUTLS_X509_FMT_DER) < 0) {
			*error_r = "TLS: cannot read the server's certificate";
			n = i + 1;
			goto out;
		}
	}
	if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
		*error_r = "TLS: cannot set up verification";
		goto out;
	}
	if (is->ca_file != NULL)
		r = gnutls_x509_trust_list_add_trust_file(tl, is->ca_file, NULL,
		    GNUTLS_X509_FMT_PEM, 0, 0);
	else
		r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
	if (r <= 0) {
		snprintf(reason, sizeof(reason), "TLS: no trusted CA loaded "
		    "from %s", is->ca_file ? is->ca_file : "the system store");
		*error_r = reason;
		goto out;
	}
	memset(&vdata, 0, sizeof(vdata));
	vdata.type = GNUTLS_DT_DNS_HOSTNAME;
	vdata.data = (unsigned char *)is->host;
	vdata.size = (unsigned)strlen(is->host);
	if (gnutls_x509_trust_list_verify_crt2(tl, crts, n, &vdata, 1, 0,
	    &status, NULL) < 0 || status != 0) {
		if (gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &out, 0) == 0) {
			snprintf(reason, sizeof(reason), "TLS: certificate of %s "
			    "not trusted: %s", is->host, out.data);
			gnutls_free(out.data);
		} else
			snprintf(reason, sizeof(reason), "TLS: certificate of %s "
			    "not trusted", is->host);
		*error_r = reason;
		goto out;
	}
	ret = 0;
out:
	for (i = 0; crts != NULL && i < n; i++)
		if (crts[i] != NULL)
			gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
	if (chain != NULL)
		mailstream_certificate_chain_free(chain);
	return ret;
}

static void
set_sni(struct mailstream_ssl_context *ctx, void *data)
{
	mailstream_ssl_set_server_name(ctx, data);
}

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

static void
disconnect(struct imap_src *is)
{
	if (is->imap != NULL) {
		mailimap_logout(is->imap);
		mailimap_free(is->imap);
		is->imap = NULL;
	}
	is->folders_ok = 0;
}

static const char *
imap_error(struct imap_src *is, int r, const char *what)
{
	static char buf[300];
	const char *srv = is->imap && is->imap->imap_response ?
	    is->imap->imap_response : "";

	snprintf(buf, sizeof(buf), "%s failed (%d)%s%s", what, r,
	    srv[0] ? ": " : "", srv);
	return buf;
}

static int
connect_login(struct imap_src *is, const char **error_r)
{
	char *pass;
	int r;

	is->imap = mailimap_new(0, NULL);
	mailimap_set_timeout(is->imap, 60);
	if (is->tls == TLS_IMPLICIT)
		r = mailimap_ssl_connect_with_callback(is->imap, is->host,
		    is->port, set_sni, is->host);
	else
		r = mailimap_socket_connect(is->imap, is->host, is->port);
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*error_r = imap_error(is, r, "connect");
		goto fail;
	}
	if (is->tls == TLS_STARTTLS) {
		struct mailimap_capability_data *cap = NULL;

		if (mailimap_capability(is->imap, &cap) == MAILIMAP_NO_ERROR)
			mailimap_capability_data_free(cap);
		if (!mailimap_has_extension(is->imap, "STARTTLS")) {
			/* never fall back to plain text: a stripped STARTTLS
			 * is exactly what an attacker in the middle does */
			*error_r = "the server does not offer STARTTLS; refusing "
			    "to log in without TLS";
			goto fail;
		}
		r = mailimap_socket_starttls_with_callback(is->imap, set_sni,
		    is->host);
		if (r != MAILIMAP_NO_ERROR) {
			*error_r = imap_error(is, r, "STARTTLS");
			goto fail;
		}
	}
	if (is->tls != TLS_NONE && verify_chain(is, error_r) < 0)
		goto fail;
	if ((pass = read_password(is, error_r)) == NULL)
		goto fail;
	r = mailimap_login(is->imap, is->user, pass);
	wipe_free(pass);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_error(is, r, "LOGIN");
		goto fail;
	}
	{
		struct mailimap_capability_data *cap = NULL;

		if (mailimap_capability(is->imap, &cap) == MAILIMAP_NO_ERROR)
			mailimap_capability_data_free(cap);
	}
	is->has_move = mailimap_has_extension(is->imap, "MOVE");
	is->has_uidplus = mailimap_has_extension(is->imap, "UIDPLUS");
	is->has_idle = mailimap_has_idle(is->imap);
	return 0;
fail:
	mailimap_free(is->imap);
	is->imap = NULL;
	return -1;
}

static int
ensure_folders(struct imap_src *is, const char **error_r)
{
	size_t i;

	if (is->folders_ok)
		return 0;
	for (i = 0; i < ARRAY_SIZE(is->folders); i++) {
		/* CREATE of an existing folder fails harmlessly
		 * ([ALREADYEXISTS]); a real problem shows at MOVE time */
		int r = mailimap_create(is->imap, is->folders[i]);

		if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_ERROR_CREATE) {
			*error_r = imap_error(is, r, "CREATE");
			return -1;
		}
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

/* list_new: the UIDs to take (not carrying our fallback keyword) and
 * their sizes, in UID order */
static int
list_new(struct imap_src *is, const char **error_r)
{
	struct mailimap_search_key *key;
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	clist *res = NULL, *fres = NULL;
	clistiter *it;
	uint32_t *uids;
	size_t n = 0;
	int r;

	free(is->items);
	is->items = NULL;
	is->n_items = is->next_item = 0;
	key = mailimap_search_key_new_unkeyword(xstrdup(DONE_KEYWORD));
	r = mailimap_uid_search(is->imap, NULL, key, &res);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_error(is, r, "UID SEARCH");
		return -1;
	}
	uids = xcalloc(clist_count(res) + 1, sizeof(*uids));
	for (it = clist_begin(res); it != NULL; it = clist_next(it))
		uids[n++] = *(uint32_t *)clist_content(it);
	mailimap_search_result_free(res);
	if (n == 0) {
		free(uids);
		return 0;
	}
	qsort(uids, n, sizeof(*uids), cmp_uid);
	set = set_of(uids, n);
	free(uids);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_rfc822_size());
	r = mailimap_uid_fetch(is->imap, set, ft, &fres);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_error(is, r, "UID FETCH RFC822.SIZE");
		return -1;
	}
	is->items = xcalloc(clist_count(fres) + 1, sizeof(*is->items));
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
		if (item.uid != 0)
			is->items[is->n_items++] = item;
	}
	mailimap_fetch_list_free(fres);
	qsort(is->items, is->n_items, sizeof(*is->items), cmp_item);
	return 0;
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

/* fetch_chunk: the next messages, one pipelined UID FETCH for the whole
 * chunk (BODY.PEEK[], or BODY.PEEK[HEADER] for those over max_size) */
static int
fetch_chunk(struct source *src, struct imap_src *is, const char **error_r)
{
	uint32_t full[CHUNK_MAX_MESSAGES], head[CHUNK_MAX_MESSAGES];
	size_t nf = 0, nh = 0, bytes = 0, pass;

	clear_chunk(is);
	while (is->next_item < is->n_items && nf + nh < CHUNK_MAX_MESSAGES) {
		const struct imap_item *it = &is->items[is->next_item];

		if (it->size > src->max_size)
			head[nh++] = it->uid;
		else {
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
		struct mailimap_section *sec;
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
		sec = pass == 0 ? mailimap_section_new(NULL) :
		    mailimap_section_new_header();
		mailimap_fetch_type_new_fetch_att_list_add(ft,
		    mailimap_fetch_att_new_body_peek_section(sec));
		r = mailimap_uid_fetch(is->imap, set, ft, &fres);
		mailimap_fetch_type_free(ft);
		mailimap_set_free(set);
		if (r != MAILIMAP_NO_ERROR) {
			*error_r = imap_error(is, r, "UID FETCH BODY.PEEK[]");
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
	r = mailimap_select(is->imap, is->mailbox);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_error(is, r, "SELECT");
		goto fail;
	}
	if (is->imap->imap_selection_info == NULL) {
		*error_r = "SELECT gave no mailbox state";
		goto fail;
	}
	if (is->uidvalidity != 0 &&
	    is->uidvalidity != is->imap->imap_selection_info->sel_uidvalidity)
		log_warn("%s: UIDVALIDITY changed from %u to %u; messages seen "
		    "before are recognised by content", src->name,
		    is->uidvalidity,
		    is->imap->imap_selection_info->sel_uidvalidity);
	is->uidvalidity = is->imap->imap_selection_info->sel_uidvalidity;
	src->uidvalidity = is->uidvalidity;
	if (list_new(is, error_r) < 0)
		goto fail;
	return 0;
fail:
	disconnect(is);
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
			disconnect(is);
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
		r = mailimap_uid_move(is->imap, set, folder);
		mailimap_set_free(set);
		if (r != MAILIMAP_NO_ERROR) {
			*error_r = imap_error(is, r, "UID MOVE");
			return -1;
		}
		return 0;
	}
	r = mailimap_uid_copy(is->imap, set, folder);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_error(is, r, "UID COPY");
		mailimap_set_free(set);
		return -1;
	}
	if (is->has_uidplus) {
		r = store_flags(is, set, mailimap_flag_new_deleted());
		if (r == MAILIMAP_NO_ERROR)
			r = mailimap_uid_expunge(is->imap, set);
	} else
		r = store_flags(is, set,
		    mailimap_flag_new_flag_keyword(xstrdup(DONE_KEYWORD)));
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		*error_r = imap_error(is, r, "UID STORE/EXPUNGE");
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
		*error_r = "not connected";
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
		disconnect(is);
	return failed;
}

static int
imap_wait(struct source *src, int seconds, volatile const sig_atomic_t *stop)
{
	struct imap_src *is = src->priv;
	time_t end = time(NULL) + seconds;
	int fd, r, got = 0;

	if (is->imap == NULL || !is->has_idle) {
		while (!*stop && time(NULL) < end)
			sleep(1);
		return 0;
	}
	if (seconds > IDLE_MAX_SECONDS)
		end = time(NULL) + IDLE_MAX_SECONDS;
	if (mailimap_idle(is->imap) != MAILIMAP_NO_ERROR) {
		disconnect(is);
		return -1;
	}
	/* a response already buffered would never wake poll(2) */
	if (is->imap->imap_stream->read_buffer_len > 0)
		got = 1;
	fd = mailimap_idle_get_fd(is->imap);
	while (!got && !*stop && time(NULL) < end) {
		struct pollfd p = { fd, POLLIN, 0 };

		r = poll(&p, 1, 1000);
		if (r > 0)
			got = 1;
		else if (r < 0 && errno != EINTR)
			break;
	}
	if (mailimap_idle_done(is->imap) != MAILIMAP_NO_ERROR) {
		disconnect(is);
		return -1;
	}
	return got;
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

	disconnect(is);
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
    const char *review, size_t max_size, const char **error_r)
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
	return src;
}

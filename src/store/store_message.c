/*
 * store_message.c — the inbound side's rows: messages with their raw
 * bytes, job orders, candidates and their résumé files (named by their
 * SHA-256 under the files folder), and what reparse needs.
 *
 * SECURITY: every statement binds its values; file names are SHA-256 hex
 * only, never a sender-supplied name; files are created 0600.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "log.h"
#include "store.h"
#include "store_int.h"
#include "util.h"

int
store_seen(struct store *st, const char *source, unsigned long uidvalidity,
    const char *uid, const char *sha256, long *id_r, const char **outcome_r)
{
	static const char *const outcomes[] = { "recorded", "ignored",
	    "rejected", "review", "duplicate" };
	const char *err;
	sqlite3_stmt *s;
	size_t i;
	int r;

	s = store_sql_prepare(st, "SELECT id, outcome FROM messages WHERE source = ?1 "
	    "AND uidvalidity = ?2 AND uid = ?3 AND sha256 = ?4 "
	    "ORDER BY id LIMIT 1", &err);
	store_sql_text(s, 1, source);
	store_sql_long(s, 2, (long)uidvalidity);
	store_sql_text(s, 3, uid);
	store_sql_text(s, 4, sha256);
	r = store_sql_step(st, s, &err);
	if (r > 0) {
		const char *o = (const char *)sqlite3_column_text(s, 1);

		*id_r = (long)sqlite3_column_int64(s, 0);
		*outcome_r = "recorded";
		for (i = 0; o != NULL && i < ARRAY_SIZE(outcomes); i++)
			if (strcmp(o, outcomes[i]) == 0)
				*outcome_r = outcomes[i];
	}
	store_sql_release(st, s);
	return r;
}

/* the meta key of a source's last UIDVALIDITY: "uidvalidity SOURCE" */
static char *
uidvalidity_key(const char *source)
{
	return xasprintf("uidvalidity %s", source);
}

int
store_uidvalidity(struct store *st, const char *source, uint32_t current,
    uint32_t *previous_r, const char **error_r)
{
	char *key = uidvalidity_key(source), *text = NULL, *end;
	char now[16];
	unsigned long v;
	long last = 0;
	int r, changed = 0, record = 1;

	r = store_sql_one_text(st, store_sql_with_text(st, "SELECT value "
	    "FROM meta WHERE key = ?1", key, error_r), &text, error_r);
	if (r < 0) {
		free(key);
		return -1;
	}
	if (r > 0 && text == NULL)
		r = 0;          /* (a NULL value: as if never recorded) */
	if (r > 0) {
		errno = 0;
		v = strtoul(text, &end, 10);
		if (errno == 0 && end != text && *end == '\0' &&
		    v <= UINT32_MAX && v != 0) {
			record = v != current;
			if (record) {
				*previous_r = (uint32_t)v;
				changed = 1;
			}
		}
	} else {
		/* never recorded (a store from before this key): the
		 * UIDVALIDITY of the last message taken from that mailbox */
		r = store_sql_one_long(st, store_sql_with_text(st,
		    "SELECT uidvalidity FROM messages WHERE source = ?1 "
		    "AND uidvalidity != 0 ORDER BY id DESC LIMIT 1", source,
		    error_r), &last, error_r);
		if (r < 0) {
			free(key);
			return -1;
		}
		if (r > 0 && last > 0 && last <= (long)UINT32_MAX &&
		    (uint32_t)last != current) {
			*previous_r = (uint32_t)last;
			changed = 1;
		}
	}
	free(text);
	if (record) {
		snprintf(now, sizeof(now), "%lu", (unsigned long)current);
		if (store_meta_set(st, key, now, error_r) < 0) {
			free(key);
			return -1;
		}
	}
	free(key);
	return changed;
}

int
store_find_duplicate(struct store *st, const char *sha256,
    const char *message_id, const char *body_sha256, long *id_r)
{
	const char *err;
	sqlite3_stmt *s;

	s = store_sql_with_text(st, "SELECT id FROM messages WHERE sha256 = ?1 "
	    "OR (?2 IS NOT NULL AND ?3 IS NOT NULL AND message_id = ?2 "
	    "AND body_sha256 = ?3) ORDER BY id LIMIT 1", sha256, &err);
	store_sql_text(s, 2, message_id);
	store_sql_text(s, 3, body_sha256);
	return store_sql_one_long(st, s, id_r, &err);
}

int
store_add_message(struct store *st, const struct plan_msg *m, long *id_r,
    const char **error_r)
{
	/* ?1 to ?11, in the order of their columns */
	const char *const texts[] = { m->message_id, m->sha256,
	    m->body_sha256, m->from_addr, m->from_name, m->subject, m->source,
	    m->uid, m->kind, m->outcome, m->reason };
	sqlite3_stmt *s;

	s = store_sql_prepare(st, "INSERT INTO messages (message_id, sha256, "
	    "body_sha256, from_addr, from_name, subject, source, uid, kind, "
	    "outcome, reason, date, uidvalidity, received_at, duplicate_of, "
	    "raw, raw_truncated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", error_r);
	if (s == NULL)
		return -1;
	store_sql_texts(s, 1, texts, ARRAY_SIZE(texts));
	if (m->date)
		store_sql_long(s, 12, m->date);
	store_sql_long(s, 13, (long)m->uidvalidity);
	store_sql_long(s, 14, (long)time(NULL));
	if (m->duplicate_of)
		store_sql_long(s, 15, m->duplicate_of);
	sqlite3_bind_blob64(s, 16, m->raw ? m->raw : "",
	    (sqlite3_uint64)m->raw_len, SQLITE_STATIC);
	store_sql_long(s, 17, m->raw_truncated ? 1 : 0);
	return store_sql_insert(st, s, id_r, error_r);
}

int
store_add_job(struct store *st, long msg_id, const struct job_order *j,
    long *id_r, const char **error_r)
{
	/* ?2 to ?14, in the order of their columns */
	const char *const texts[] = { j->company, j->contact_name,
	    j->contact_title, j->contact_email, j->contact_phone,
	    j->position_title, j->industry, j->location, j->country,
	    j->employment_type, j->start_date, j->description, j->found };
	sqlite3_stmt *s;

	s = store_sql_with_long(st, "INSERT INTO jobs (message, company, "
	    "contact_name, contact_title, contact_email, contact_phone, "
	    "position_title, industry, location, country, employment_type, "
	    "start_date, description, found, salary_min, salary_max, "
	    "salary_currency, salary_period, confidential, needs_review) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18, ?19, ?20)", msg_id, error_r);
	store_sql_texts(s, 2, texts, ARRAY_SIZE(texts));
	store_sql_salary(s, 15, &j->salary);
	store_sql_tri(s, 19, j->confidential);
	store_sql_long(s, 20, j->needs_review ? 1 : 0);
	return store_sql_insert(st, s, id_r, error_r);
}

static char *
json_list(char **v, size_t n)
{
	json_t *a;
	char *s;
	size_t i;

	if (n == 0)
		return NULL;
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (s == NULL)
		fatalx("out of memory");
	return s;
}

char *
store_attachment_path(struct store *st, const char *sha256)
{
	return xasprintf("%s/%.2s/%.2s/%s", st->files, sha256, sha256 + 2,
	    sha256);
}

/* write_attachment: files/ab/cd/<sha256>, once.  The name is the hash,
 * so the sender's name can never reach the file system. */
static int
write_attachment(struct store *st, const struct resume *r,
    const char **error_r)
{
	char *path = store_attachment_path(st, r->sha256), *dir, *tmp;
	const unsigned char *p = r->data;
	size_t n = r->size;
	struct stat sb;
	int fd, ret = -1;

	/* already there (the same résumé sent again): kept when its bytes
	 * are the ones named, else (a file cut by a crash, changed on disk)
	 * written again */
	if (stat(path, &sb) == 0 && (size_t)sb.st_size == r->size) {
		char *old = NULL, hex[65];
		size_t len = 0;
		const char *rerr;

		if (file_read(path, r->size + 1, &old, &len, &rerr) == 0) {
			sha256_hex(old, len, hex);
			free(old);
			if (strcmp(hex, r->sha256) == 0) {
				free(path);
				return 0;
			}
			log_warn("store: %s does not hold the bytes it is named "
			    "by; written again", path);
		}
	}
	dir = xstrndup(path, strrchr(path, '/') - path);
	if (mkdir_p(dir, 0700) < 0) {
		*error_r = "cannot create attachment folder";
		goto out;
	}
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0) {
		*error_r = "cannot create attachment file";
		free(tmp);
		goto out;
	}
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			*error_r = "cannot write attachment file";
			close(fd);
			unlink(tmp);
			free(tmp);
			goto out;
		}
		p += w;
		n -= (size_t)w;
	}
	if (close(fd) < 0) {
		*error_r = "cannot write attachment file";
		unlink(tmp);
		free(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		*error_r = "cannot rename attachment file";
		unlink(tmp);
		free(tmp);
		goto out;
	}
	free(tmp);
	st->files_dirty = 1;
	ret = 0;
out:
	free(dir);
	free(path);
	return ret;
}

int
store_put_files(struct store *st, struct candidate *c, const char **error_r)
{
	size_t i;

	for (i = 0; i < c->n_resumes; i++) {
		if (c->resumes[i].stored)
			continue;
		if (write_attachment(st, &c->resumes[i], error_r) < 0)
			return -1;
		c->resumes[i].stored = 1;
	}
	return 0;
}

int
store_add_candidate(struct store *st, long msg_id, const struct candidate *c,
    long *id_r, const char **error_r)
{
	char *ind = json_list(c->industries, c->n_industries);
	char *loc = json_list(c->locations, c->n_locations);
	/* ?2 to ?12, in the order of their columns */
	const char *const texts[] = { c->name, c->email, c->phone,
	    c->current_title, c->current_employer, c->desired_position, ind,
	    loc, c->profile_url, c->cover_letter, c->found };
	sqlite3_stmt *s;
	size_t i;
	long id;

	s = store_sql_with_long(st, "INSERT INTO candidates (message, name, "
	    "email, phone, current_title, current_employer, desired_position, "
	    "industries, locations, profile_url, cover_letter, found, "
	    "willing_to_relocate, salary_min, salary_max, salary_currency, "
	    "salary_period, years_experience, needs_review) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	    "?17, ?18, ?19)", msg_id, error_r);
	store_sql_texts(s, 2, texts, ARRAY_SIZE(texts));
	store_sql_tri(s, 13, c->willing_to_relocate);
	store_sql_salary(s, 14, &c->salary_expectation);
	store_sql_tri(s, 18, c->years_experience);
	store_sql_long(s, 19, c->needs_review ? 1 : 0);
	free(ind);
	free(loc);
	if (store_sql_insert(st, s, &id, error_r) < 0)
		return -1;

	for (i = 0; i < c->n_resumes; i++) {
		const struct resume *r = &c->resumes[i];

		if (!r->stored && write_attachment(st, r, error_r) < 0)
			return -1;
		s = store_sql_with_text(st, "INSERT INTO attachments (sha256, "
		    "size, content_type, text, text_error) VALUES (?1, ?2, ?3, ?4, "
		    "?5) ON CONFLICT(sha256) DO UPDATE SET text = "
		    "coalesce(excluded.text, text), text_error = "
		    "excluded.text_error", r->sha256, error_r);
		store_sql_long(s, 2, (long)r->size);
		store_sql_text(s, 3, r->content_type);
		store_sql_text(s, 4, r->text);
		store_sql_text(s, 5, r->text_error);
		if (store_sql_done(st, s, error_r) < 0)
			return -1;
		s = store_sql_with_long(st, "INSERT INTO resumes (candidate, "
		    "position, sha256, filename, content_type) VALUES (?1, ?2, ?3, ?4, "
		    "?5)", id, error_r);
		store_sql_long(s, 2, (long)i);
		store_sql_text(s, 3, r->sha256);
		store_sql_text(s, 4, r->filename);
		store_sql_text(s, 5, r->content_type);
		if (store_sql_done(st, s, error_r) < 0)
			return -1;
	}
	*id_r = id;
	return 0;
}

int
store_get_raw(struct store *st, long msg_id, char **raw_r, size_t *len_r,
    int *truncated_r, int *duplicate_r, const char **error_r)
{
	sqlite3_stmt *s;
	int r;

	s = store_sql_with_long(st, "SELECT raw, raw_truncated, "
	    "outcome = 'duplicate' FROM messages WHERE id = ?1", msg_id, error_r);
	if ((r = store_sql_step(st, s, error_r)) <= 0) {
		if (r == 0)
			*error_r = "no such message";
		store_sql_release(st, s);
		return -1;
	}
	*len_r = (size_t)sqlite3_column_bytes(s, 0);
	*raw_r = xmemdup0(sqlite3_column_blob(s, 0), *len_r);
	*truncated_r = sqlite3_column_int(s, 1);
	*duplicate_r = sqlite3_column_int(s, 2);
	store_sql_release(st, s);
	return 0;
}

int
store_delete_records(struct store *st, long msg_id, const char **error_r)
{
	static const char *const sql[] = {
		("DELETE FROM resumes WHERE candidate IN (SELECT id FROM "
		"candidates WHERE message = ?1)"),
		"DELETE FROM candidates WHERE message = ?1",
		"DELETE FROM jobs WHERE message = ?1",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sql); i++)
		if (store_sql_done(st, store_sql_with_long(st, sql[i], msg_id,
		    error_r), error_r) < 0)
			return -1;
	return 0;
}

int
store_record_ids(struct store *st, long msg_id, long *job_r, long *cand_r)
{
	static const char *const sql[2] = {
		"SELECT id FROM jobs WHERE message = ?1 ORDER BY id LIMIT 1",
		"SELECT id FROM candidates WHERE message = ?1 ORDER BY id LIMIT 1",
	};
	long *out[2] = { job_r, cand_r };
	const char *err;
	int i;

	for (i = 0; i < 2; i++) {
		*out[i] = 0;
		if (store_sql_one_long(st, store_sql_with_long(st, sql[i], msg_id,
		    &err), out[i], &err) < 0)
			return -1;
	}
	return 0;
}

int
store_renumber_record(struct store *st, int job, long from_id, long to_id,
    const char **error_r)
{
	static const char *const sql[] = {
		"UPDATE jobs SET id = ?2 WHERE id = ?1",
		"UPDATE candidates SET id = ?2 WHERE id = ?1",
		"UPDATE resumes SET candidate = ?2 WHERE candidate = ?1",
	};
	sqlite3_stmt *s;
	size_t i;

	if (from_id == to_id)
		return 0;
	/* the résumé rows follow their candidate: checked at commit */
	if (store_sql_exec(st, "PRAGMA defer_foreign_keys = ON", error_r) < 0)
		return -1;
	for (i = job ? 0 : 1; i < (job ? 1 : ARRAY_SIZE(sql)); i++) {
		s = store_sql_with_long(st, sql[i], from_id, error_r);
		store_sql_long(s, 2, to_id);
		if (store_sql_done(st, s, error_r) < 0)
			return -1;
	}
	return 0;
}

int
store_set_outcome(struct store *st, long msg_id, const char *kind,
    const char *outcome, const char *reason, const char **error_r)
{
	sqlite3_stmt *s;

	s = store_sql_with_long(st, "UPDATE messages SET kind = ?2, "
	    "outcome = ?3, reason = ?4 WHERE id = ?1", msg_id, error_r);
	store_sql_text(s, 2, kind);
	store_sql_text(s, 3, outcome);
	store_sql_text(s, 4, reason);
	return store_sql_done(st, s, error_r);
}

int
store_message_ids(struct store *st, long **ids_r, size_t *n_r)
{
	const char *err;
	sqlite3_stmt *s;
	long *ids = NULL;
	size_t n = 0;

	s = store_sql_prepare(st, "SELECT id FROM messages ORDER BY id", &err);
	if (s == NULL)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = (long)sqlite3_column_int64(s, 0);
	}
	store_sql_release(st, s);
	*ids_r = ids;
	*n_r = n;
	return 0;
}


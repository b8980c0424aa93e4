/*
 * store.c — the connection, the schema and its versions, transactions
 * (and how long they hold the write lock), meta, and the statement cache,
 * binders and one-row helpers the store's other files share
 * (store_int.h).  The rows
 * themselves are written by store_message.c and the other store_*.c.
 * WAL journal with synchronous=FULL: a committed batch survives a crash,
 * and only committed messages are ever acknowledged at the source.
 * Attachment files are written (temp + rename, no fsync each) during the
 * transaction and synced with one syncfs() before COMMIT.
 *
 * Schema versions (PRAGMA user_version; STORE_SCHEMA_VERSION is the
 * newest this program knows):
 *   0  an empty file, or a database of a release before versions were
 *      kept (up to dda7a06): its tables are version 1's, with a meta
 *      ('schema', '1') row that nothing read
 *   1  the tables of `schema` below, as the releases up to dda7a06 made
 *      them
 *   2  UNIQUE (source, uidvalidity, uid) on messages (index messages_uid,
 *      which replaces the plain index messages_src).  A source name is
 *      held by the newest row that came under it: older rows with the
 *      same (source, uidvalidity, uid) (a Maildir unique name delivered
 *      again with other bytes, an IMAP server that reused a UID) keep
 *      everything but their uid, which gets "/<their id>" appended (no
 *      Maildir name holds a '/', no IMAP UID does either); the same
 *      happens at each later insert under a name already held (trigger
 *      messages_uid_reused), so no message row is ever refused or lost
 *      for its name.  Rows with a NULL uid stay as they are (NULLs are
 *      distinct in a UNIQUE index).  meta ('schema', ...) is dropped:
 *      user_version is the version.
 * store_open brings a database up to STORE_SCHEMA_VERSION, each step in
 * its own transaction that also sets user_version (a new database: all
 * steps in one); a database at its version takes no write lock to open;
 * one with a higher version is refused (a newer program made it).
 *
 * The write lock: store_begin (BEGIN IMMEDIATE) to COMMIT or ROLLBACK is
 * timed with CLOCK_MONOTONIC and the longest hold kept
 * (store_lock_longest; logged at store_close).  A COMMIT's hold ends at
 * the WAL hook, before the checkpoint that SQLite may run in the same
 * call without the lock (see wal_hook).
 *
 * Ownership: store_open's struct store is freed by store_close (its
 * cached statements with it).  Error texts are copied into the store or
 * into a static buffer before anything else runs on the connection.
 *
 * SECURITY: every SQL statement uses bound parameters; file names are
 * SHA-256 hex only, never a sender-supplied name; the database and files
 * are created 0600, folders 0700.  A database file is trusted (ours, 0600):
 * its version decides which migrations run.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

/* version 1: the schema of the releases before versions were kept;
 * never edited (a change is a new migration below) */
static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta ("
	"  key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS messages ("
	"  id INTEGER PRIMARY KEY,"
	"  message_id TEXT,"
	"  sha256 TEXT NOT NULL,"
	"  body_sha256 TEXT,"
	"  from_addr TEXT, from_name TEXT, subject TEXT, date INTEGER,"
	"  source TEXT NOT NULL, uidvalidity INTEGER NOT NULL DEFAULT 0,"
	"  uid TEXT,"
	"  kind TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT,"
	"  received_at INTEGER NOT NULL,"
	"  duplicate_of INTEGER REFERENCES messages(id),"
	"  raw_truncated INTEGER NOT NULL DEFAULT 0,"
	"  raw BLOB NOT NULL);"
	"CREATE INDEX IF NOT EXISTS messages_sha ON messages(sha256);"
	"CREATE INDEX IF NOT EXISTS messages_mid ON messages(message_id);"
	"CREATE INDEX IF NOT EXISTS messages_src"
	"  ON messages(source, uidvalidity, uid);"
	"CREATE TABLE IF NOT EXISTS jobs ("
	"  id INTEGER PRIMARY KEY,"
	"  message INTEGER NOT NULL REFERENCES messages(id),"
	"  company TEXT, contact_name TEXT, contact_title TEXT,"
	"  contact_email TEXT, contact_phone TEXT, position_title TEXT,"
	"  industry TEXT, location TEXT, country TEXT, employment_type TEXT,"
	"  salary_min REAL, salary_max REAL, salary_currency TEXT,"
	"  salary_period TEXT, start_date TEXT, confidential INTEGER,"
	"  description TEXT, found TEXT, needs_review INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS jobs_message ON jobs(message);"
	"CREATE TABLE IF NOT EXISTS candidates ("
	"  id INTEGER PRIMARY KEY,"
	"  message INTEGER NOT NULL REFERENCES messages(id),"
	"  name TEXT, email TEXT, phone TEXT, current_title TEXT,"
	"  current_employer TEXT, desired_position TEXT,"
	"  industries TEXT, locations TEXT, willing_to_relocate INTEGER,"
	"  salary_min REAL, salary_max REAL, salary_currency TEXT,"
	"  salary_period TEXT, years_experience INTEGER, profile_url TEXT,"
	"  cover_letter TEXT, found TEXT, needs_review INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS candidates_message ON candidates(message);"
	"CREATE TABLE IF NOT EXISTS attachments ("
	"  sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL,"
	"  content_type TEXT, text TEXT, text_error TEXT);"
	"CREATE TABLE IF NOT EXISTS resumes ("
	"  candidate INTEGER NOT NULL REFERENCES candidates(id),"
	"  position INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
	"  filename TEXT, content_type TEXT,"
	"  PRIMARY KEY (candidate, position));"
	/* the newsletter side (DESIGN §3) */
	"CREATE TABLE IF NOT EXISTS subscribers ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name TEXT,"
	"  status TEXT NOT NULL,"
	"  token TEXT NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL,"
	"  confirmed_at INTEGER,"
	"  updated_at INTEGER NOT NULL,"
	"  bounce_count INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS issues ("
	"  id INTEGER PRIMARY KEY,"
	"  number INTEGER NOT NULL UNIQUE,"
	"  subject TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  slot INTEGER,"
	"  state TEXT NOT NULL,"
	"  done_at INTEGER,"
	"  context TEXT NOT NULL,"
	"  html_template TEXT NOT NULL,"
	"  text_template TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS issue_articles ("
	"  issue INTEGER NOT NULL REFERENCES issues(id),"
	"  position INTEGER NOT NULL,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL, date TEXT NOT NULL,"
	"  PRIMARY KEY (issue, position));"
	"CREATE TABLE IF NOT EXISTS deliveries ("
	"  id INTEGER PRIMARY KEY,"
	"  issue INTEGER NOT NULL REFERENCES issues(id),"
	"  subscriber INTEGER NOT NULL REFERENCES subscribers(id),"
	"  token TEXT NOT NULL UNIQUE,"
	"  state TEXT NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL DEFAULT 0,"
	"  first_deferred_at INTEGER,"
	"  last_code INTEGER, last_reply TEXT,"
	"  done_at INTEGER,"
	"  UNIQUE (issue, subscriber));"
	"CREATE INDEX IF NOT EXISTS deliveries_due"
	"  ON deliveries(state, next_attempt);"
	/* replies and other single mails waiting for SMTP (DESIGN §2) */
	"CREATE TABLE IF NOT EXISTS outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  message INTEGER REFERENCES messages(id),"
	"  to_addr TEXT NOT NULL COLLATE NOCASE,"
	"  env_from TEXT NOT NULL,"
	"  raw BLOB NOT NULL,"
	"  state TEXT NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL DEFAULT 0,"
	"  first_deferred_at INTEGER,"
	"  last_code INTEGER, last_reply TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  done_at INTEGER);"
	"CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_attempt);"
	"CREATE INDEX IF NOT EXISTS outbox_to ON outbox(to_addr, kind, created_at);"
	/* one row per failed recipient: from bounce mails (message set) and
	 * from SMTP answers while sending (message NULL, delivery set) */
	"CREATE TABLE IF NOT EXISTS bounces ("
	"  id INTEGER PRIMARY KEY,"
	"  message INTEGER REFERENCES messages(id),"
	"  delivery INTEGER REFERENCES deliveries(id),"
	"  at INTEGER NOT NULL,"
	"  recipient TEXT, status TEXT, action TEXT,"
	"  hard INTEGER,"
	"  diagnostic TEXT,"
	"  subscriber INTEGER REFERENCES subscribers(id));"
	"CREATE INDEX IF NOT EXISTS bounces_sub ON bounces(subscriber, at);"
	"INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1');";

int
store_sql_exec(struct store *st, const char *sql, const char **error_r)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_sql_fail(st, error_r);
	return 0;
}

int
store_sql_fail(struct store *st, const char **error_r)
{
	/* copied: SQLite's own text lasts only until its next call on the
	 * connection (a finalize, a rollback) */
	snprintf(st->err, sizeof(st->err), "%s", sqlite3_errmsg(st->db));
	if (error_r != NULL)
		*error_r = st->err;
	return -1;
}

/* version 2: see the opening block.  The UPDATE runs while the plain
 * index on the three columns still exists (each row's look-up of a later
 * one is an index search). */
static const char migrate_2[] =
	"DELETE FROM meta WHERE key = 'schema';"
	/* the last INSERT/UPDATE/DELETE: sqlite3_changes counts its rows */
	"UPDATE messages SET uid = uid || '/' || id"
	"  WHERE uid IS NOT NULL AND EXISTS (SELECT 1 FROM messages AS later"
	"    WHERE later.source = messages.source"
	"    AND later.uidvalidity = messages.uidvalidity"
	"    AND later.uid = messages.uid AND later.id > messages.id);"
	"DROP INDEX IF EXISTS messages_src;"
	"CREATE UNIQUE INDEX messages_uid"
	"  ON messages(source, uidvalidity, uid);"
	"CREATE TRIGGER messages_uid_reused BEFORE INSERT ON messages"
	"  WHEN NEW.uid IS NOT NULL BEGIN"
	"    UPDATE messages SET uid = uid || '/' || id"
	"      WHERE source = NEW.source AND uidvalidity = NEW.uidvalidity"
	"      AND uid = NEW.uid;"
	"  END;";

/* migrations[v - 1] takes a database from version v - 1 to v */
static const char *const migrations[] = { schema, migrate_2 };

/* the write lock was taken (BEGIN IMMEDIATE succeeded) / let go */
static void
lock_taken(struct store *st)
{
	st->lock_since = time_mono();
}

static void
lock_released(struct store *st)
{
	double held = (st->lock_until > 0 ? st->lock_until : time_mono()) -
	    st->lock_since;

	st->lock_until = 0;
	if (held > st->lock_longest)
		st->lock_longest = held;
}

/*
 * wal_hook: SQLite calls it after a commit, the write lock already let
 * go, and before the checkpoint its default hook would run: the hold ends
 * here, not when COMMIT returns (a checkpoint copies pages into the
 * database and syncs it without the write lock: others may write
 * meanwhile).  The checkpoint is then SQLite's own default (PASSIVE, once
 * the WAL holds 1,000 pages), which a hook of our own replaces.
 */
#define STORE_WAL_CHECKPOINT_PAGES 1000

static int
wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store *st = arg;

	st->lock_until = time_mono();
	if (pages >= STORE_WAL_CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
	return SQLITE_OK;
}

/* PRAGMA user_version into *v_r; 0 or -1 through store_sql_fail */
static int
schema_version(struct store *st, int *v_r, const char **error_r)
{
	long v = 0;

	if (store_sql_one_long(st, store_sql_prepare(st, "PRAGMA user_version",
	    error_r), &v, error_r) < 0)
		return -1;
	*v_r = (int)v;
	return 0;
}

/* is there a messages table yet (an empty file has none)?  1, 0, -1 */
static int
schema_empty(struct store *st, const char **error_r)
{
	int r = store_sql_one_long(st, store_sql_prepare(st, "SELECT 1 FROM "
	    "sqlite_master WHERE type = 'table' AND name = 'messages'",
	    error_r), NULL, error_r);

	return r < 0 ? -1 : !r;
}

static int
refuse_newer(int v, const char **error_r)
{
	static char why[160];

	snprintf(why, sizeof(why), "the database has schema version %d, "
	    "newer than this program's %d (a newer release made it): run "
	    "that release, or restore a backup", v, STORE_SCHEMA_VERSION);
	*error_r = why;
	return -1;
}

/*
 * migrate: one transaction per step from the database's version up to
 * STORE_SCHEMA_VERSION, each setting user_version with its changes; the
 * version is read again under the write lock (recruitd's two processes
 * open the store at the same time: the second finds the work done).  An
 * empty file takes every step in one transaction (one sync, nothing to
 * keep apart).
 */
static int
migrate(struct store *st, const char **error_r)
{
	char set[48];
	int v, to, empty;

	if (schema_version(st, &v, error_r) < 0)
		return -1;
	if (v > STORE_SCHEMA_VERSION)
		return refuse_newer(v, error_r);
	while (v < STORE_SCHEMA_VERSION) {
		if (store_begin(st, error_r) < 0)
			return -1;
		if (schema_version(st, &v, error_r) < 0 ||
		    (empty = schema_empty(st, error_r)) < 0)
			goto fail;
		if (v > STORE_SCHEMA_VERSION) {
			store_rollback(st);
			return refuse_newer(v, error_r);
		}
		if (v == STORE_SCHEMA_VERSION) {
			/* another process did it while we waited */
			store_rollback(st);
			break;
		}
		to = empty ? STORE_SCHEMA_VERSION : v + 1;
		for (; v < to; v++) {
			if (store_sql_exec(st, migrations[v], error_r) < 0)
				goto fail;
			if (v + 1 == 2 && sqlite3_changes(st->db) > 0)
				log_warn("store: schema version 2: %d message "
				    "rows shared (source, UIDVALIDITY, UID) "
				    "with a later row; their uid now ends in "
				    "/<row id>", sqlite3_changes(st->db));
		}
		snprintf(set, sizeof(set), "PRAGMA user_version = %d", v);
		if (store_sql_exec(st, set, error_r) < 0 ||
		    store_commit(st, error_r) < 0)
			goto fail;
		if (!empty)
			log_info("store: upgraded to schema version %d", v);
	}
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int
store_open(const char *db_path, const char *files_dir, struct store **st_r,
    const char **error_r)
{
	/* the reason outlives the connection it came from */
	static char why[256];
	struct store *st;
	const char *err = NULL;
	mode_t old;
	int rc;

	if (mkdir_p(files_dir, 0700) < 0) {
		*error_r = "cannot create the files folder";
		return -1;
	}
	st = xcalloc(1, sizeof(*st));
	st->files = xstrdup(files_dir);
	old = umask(077);   /* the database, its WAL and SHM: 0600 */
	rc = sqlite3_open_v2(db_path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL,
		    NULL, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		err = st->db ? sqlite3_errmsg(st->db) :
		    "cannot open the database";
		goto fail;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	sqlite3_wal_hook(st->db, wal_hook, st);
	/* temp_store: each message's SAVEPOINT journals the pages it changes
	 * again (~64 KB a message), in memory (emptied at each RELEASE) */
	if (store_sql_exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
	    "PRAGMA temp_store=MEMORY", &err) < 0 || migrate(st, &err) < 0)
		goto fail;
	*st_r = st;
	return 0;
fail:
	/* copied before store_close ends the connection its text lives in */
	if (err != why) {
		snprintf(why, sizeof(why), "%s", err);
		err = why;
	}
	log_error("store: %s: %s", db_path, err);
	*error_r = err;
	store_close(st);
	return -1;
}

int
store_open_existing(const char *db_path, const char *files_dir,
    struct store **st_r, const char **error_r)
{
	if (access(db_path, F_OK) < 0) {
		*error_r = "no database here yet (recruitd creates it on its "
		    "first poll)";
		return -1;
	}
	return store_open(db_path, files_dir, st_r, error_r);
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	if (st->lock_longest > 0)
		log_info("store: longest write-lock hold %.1f ms",
		    st->lock_longest * 1e3);
	for (i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st->files);
	free(st);
}

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

int
store_begin(struct store *st, const char **error_r)
{
	if (store_sql_exec(st, "BEGIN IMMEDIATE", error_r) < 0)
		return -1;
	lock_taken(st);
	st->lock_until = 0;
	st->in_tx = 1;
	/* files_dirty stays set after a failed commit: a file written then
	 * (and found in place later) is synced with the next commit */
	return 0;
}

int
store_sync_files(struct store *st, const char **error_r)
{
	int fd;

	if (!st->files_dirty)
		return 0;
	fd = open(st->files, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || syncfs(fd) < 0) {
		*error_r = "cannot sync the files folder";
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);   /* read-only: nothing of ours to lose */
	st->files_dirty = 0;
	return 0;
}

int
store_commit(struct store *st, const char **error_r)
{
	if (store_sync_files(st, error_r) < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_sql_exec(st, "COMMIT", error_r) < 0) {
		static char why[256];

		/* the text would not outlive the ROLLBACK */
		snprintf(why, sizeof(why), "%s", *error_r);
		*error_r = why;
		store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	lock_released(st);
	return 0;
}

void
store_rollback(struct store *st)
{
	if (st->in_tx) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		lock_released(st);
	}
	st->in_tx = 0;
}

double
store_lock_longest(const struct store *st)
{
	return st->lock_longest;
}

int
store_savepoint(struct store *st, const char **error_r)
{
	return store_sql_exec(st, "SAVEPOINT msg", error_r);
}

int
store_release(struct store *st, const char **error_r)
{
	return store_sql_exec(st, "RELEASE msg", error_r);
}

int
store_rollback_to(struct store *st)
{
	/* after some errors (disk full, I/O) SQLite has rolled the whole
	 * transaction back already: nothing is left to keep */
	if (!st->in_tx || sqlite3_get_autocommit(st->db)) {
		if (st->in_tx)
			lock_released(st);   /* at the latest now */
		st->in_tx = 0;
		return -1;
	}
	if (sqlite3_exec(st->db, "ROLLBACK TO msg; RELEASE msg", NULL, NULL,
	    NULL) != SQLITE_OK) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* ---- binding helpers ---- */

void
store_sql_long(sqlite3_stmt *s, int i, long v)
{
	if (s != NULL)
		sqlite3_bind_int64(s, i, v);
}

void
store_sql_text(sqlite3_stmt *s, int i, const char *v)
{
	if (s == NULL)
		return;
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

void
store_sql_texts(sqlite3_stmt *s, int i, const char *const *v, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		store_sql_text(s, i + (int)k, v[k]);
}

void
store_sql_tri(sqlite3_stmt *s, int i, int v)
{
	if (s == NULL)
		return;
	if (v < 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int(s, i, v);
}

void
store_sql_salary(sqlite3_stmt *s, int i, const struct salary *sal)
{
	if (s == NULL)
		return;
	if (!sal->found) {
		sqlite3_bind_null(s, i);
		sqlite3_bind_null(s, i + 1);
		sqlite3_bind_null(s, i + 2);
		sqlite3_bind_null(s, i + 3);
		return;
	}
	/* salary.h: 0 is an end the text does not give ("up to 200k") */
	if (sal->min > 0)
		sqlite3_bind_double(s, i, sal->min);
	else
		sqlite3_bind_null(s, i);
	if (sal->max > 0)
		sqlite3_bind_double(s, i + 1, sal->max);
	else
		sqlite3_bind_null(s, i + 1);
	store_sql_text(s, i + 2, sal->currency[0] ? sal->currency : NULL);
	store_sql_text(s, i + 3, sal->period[0] ? sal->period : NULL);
}

sqlite3_stmt *
store_sql_prepare(struct store *st, const char *sql, const char **error_r)
{
	sqlite3_stmt *s = NULL;
	size_t i;

	for (i = 0; i < st->n_cache; i++)
		if (st->cache[i].sql == sql)
			return st->cache[i].stmt;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
	    NULL) != SQLITE_OK) {
		store_sql_fail(st, error_r);
		sqlite3_finalize(s);
		return NULL;
	}
	if (st->n_cache < STORE_STMT_CACHE) {
		st->cache[st->n_cache].sql = sql;
		st->cache[st->n_cache++].stmt = s;
	}
	return s;
}

void
store_sql_release(struct store *st, sqlite3_stmt *s)
{
	size_t i;

	for (i = 0; i < st->n_cache; i++)
		if (st->cache[i].stmt == s) {
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return;
		}
	sqlite3_finalize(s);
}

sqlite3_stmt *
store_sql_with_long(struct store *st, const char *sql, long v,
    const char **error_r)
{
	sqlite3_stmt *s = store_sql_prepare(st, sql, error_r);

	store_sql_long(s, 1, v);
	return s;
}

sqlite3_stmt *
store_sql_with_text(struct store *st, const char *sql, const char *v,
    const char **error_r)
{
	sqlite3_stmt *s = store_sql_prepare(st, sql, error_r);

	store_sql_text(s, 1, v);
	return s;
}

int
store_sql_done(struct store *st, sqlite3_stmt *s, const char **error_r)
{
	int r = store_sql_step(st, s, error_r);

	/* a row from an INSERT/UPDATE/DELETE is a mistake in its SQL */
	if (r > 0)
		r = store_sql_fail(st, error_r);
	store_sql_release(st, s);
	return r;
}

int
store_sql_insert(struct store *st, sqlite3_stmt *s, long *id_r,
    const char **error_r)
{
	if (store_sql_done(st, s, error_r) < 0)
		return -1;
	*id_r = (long)sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_sql_step(struct store *st, sqlite3_stmt *s, const char **error_r)
{
	int rc;

	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_sql_fail(st, error_r);
}

char *
store_sql_coldup(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v != NULL ? xstrdup(v) : NULL;
}

int
store_sql_one_long(struct store *st, sqlite3_stmt *s, long *v_r,
    const char **error_r)
{
	int r = store_sql_step(st, s, error_r);

	if (r > 0 && v_r != NULL && sqlite3_column_type(s, 0) != SQLITE_NULL)
		*v_r = (long)sqlite3_column_int64(s, 0);
	store_sql_release(st, s);
	return r;
}

int
store_sql_one_text(struct store *st, sqlite3_stmt *s, char **text_r,
    const char **error_r)
{
	int r = store_sql_step(st, s, error_r);

	*text_r = r > 0 ? store_sql_coldup(s, 0) : NULL;
	store_sql_release(st, s);
	return r;
}

int
store_sql_walked(struct store *st, sqlite3_stmt *s, int rc, int stop, int n,
    const char **error_r)
{
	if (stop == 0 && rc != SQLITE_DONE)
		n = store_sql_fail(st, error_r);
	store_sql_release(st, s);
	return stop != 0 ? stop : n;
}

int
store_meta_get(struct store *st, const char *key, char **value_r)
{
	int r = store_sql_one_text(st, store_sql_with_text(st, "SELECT value "
	    "FROM meta WHERE key = ?1", key, NULL), value_r, NULL);

	return r > 0 ? *value_r != NULL : r;
}

int
store_meta_set(struct store *st, const char *key, const char *value,
    const char **error_r)
{
	sqlite3_stmt *s;

	s = store_sql_with_text(st, "INSERT INTO meta(key, value) "
	    "VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2", key, error_r);
	store_sql_text(s, 2, value);
	return store_sql_done(st, s, error_r);
}

int
store_busy(struct store *st)
{
	int rc = sqlite3_extended_errcode(st->db) & 0xff;

	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/*
 * conf.h — recruitd.conf (INI, DESIGN §4 "Configuration"), parsed with
 * inih through a table of (section, key, type, bounds, destination) into
 * a fresh struct conf, validated, then handed over whole: a caller swaps
 * it in only when conf_load succeeded, so a bad reload keeps the old one.
 */
#ifndef RECRUIT_CONF_H
#define RECRUIT_CONF_H

#include "limit.h"
#include "log.h"

enum source_kind { SOURCE_MAILDIR, SOURCE_IMAP, SOURCE_IMAPS };

struct conf {
	char *path;               /* the file, as given */
	char *dir;                /* its folder: relative paths resolve here */

	/* [store] */
	char *database;
	char *files;

	/* [inbox] */
	char *source;             /* as written */
	enum source_kind source_kind;
	char *maildir;            /* SOURCE_MAILDIR: absolute path */
	char *tls;                /* implicit|starttls|none or NULL */
	char *ca_file;
	char *password_file;
	long poll_interval;
	long inbox_timeout;       /* seconds per step of the IMAP session */
	char *processed;
	char *rejected;
	char *review;

	/* [addresses] (lowercase addr-specs) */
	char *job_orders;
	char *candidates;
	char *newsletter_requests;
	char *from;               /* as written: "Name" <addr> */
	char *bounces;
	char **web_forms;
	size_t n_web_forms;

	/* [smtp] */
	char *smtp_url;
	char *smtp_tls;
	char *smtp_username;
	char *smtp_password_file;
	long smtp_connections;
	double smtp_rate;
	char *smtp_ca_file;
	long smtp_retry_for;
	long smtp_retry_delay;    /* first wait after a 4xx; doubles, <= 4 h */
	long smtp_timeout;        /* seconds for each wait on the server */

	/* [newsletter] */
	char *articles;
	char *templates;
	char *archive;
	char *schedule;
	char *timezone;
	long catch_up;
	char *list_id;
	char *unsubscribe_url;    /* https://…{token}…, or NULL */
	char *list_name;          /* default: from's display name */
	char *postal_address;
	char *archive_url;        /* https://…{number}…, or NULL */

	/* [extract] */
	char *industries;         /* file with the industry list, or NULL */
	char *bounce_phrases;     /* file of bounce reason phrases, or NULL:
	                             bounce_phrase_default_path() */
	char *salary_words;       /* file of the words around salaries, or
	                             NULL: salary_words_default_path() */
	char *quote_headers;      /* file of reply/forward header patterns,
	                             or NULL: quote_headers_default_path() */
	char *signature_words;    /* file of signature words, or NULL:
	                             signature_words_default_path() */
	char *prose_phrases;      /* file of prose phrases, or NULL:
	                             prose_default_path() */

	/* [limits] */
	struct limits limits;

	/* [log] */
	int log_syslog;
	enum log_level log_level;

	int has_smtp;             /* an [smtp] section was present */
	int has_newsletter;
};

/*
 * conf_load: 0 and a new *conf_r, or -1 and *error_r (malloc'd, caller
 * frees) naming the file and line: "recruitd.conf:12: unknown key 'foo'
 * in [inbox]".  Refuses a file that others can write.
 */
int conf_load(const char *path, struct conf **conf_r, char **error_r);
/* conf_load_string: the same from memory (tests, fuzzing); dir is the
 * folder relative paths resolve against. */
int conf_load_string(const char *text, const char *name, const char *dir,
    struct conf **conf_r, char **error_r);
void conf_free(struct conf *c);
/* conf_default_path: the path used without -c. */
const char *conf_default_path(void);

#endif

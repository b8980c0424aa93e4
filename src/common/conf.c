/*
 * conf.c — recruitd.conf through inih and a table of keys.  Each key has a
 * type (string, path, number, size, duration, list, …), bounds, and a
 * destination in struct conf; unknown sections and keys are errors (a
 * typo must not silently fall back to a default).  Relative paths resolve
 * against the config file's folder.
 *
 * SECURITY: the config is trusted, but a file others can write is refused
 * and no value is ever logged verbatim when it could be a secret (the
 * config holds none: passwords live in password_file).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ini.h>

#include "compose.h"
#include "conf.h"
#include "schedule.h"
#include "util.h"

enum ctype { T_STR, T_PATH, T_ADDR, T_ADDRLIST, T_LONG, T_DOUBLE, T_SIZE,
	T_DURATION, T_LEVEL, T_LOG, T_UINT, T_ENUM };

struct keydef {
	const char *section;
	const char *key;
	enum ctype type;
	size_t off;
	double min, max;          /* numeric bounds */
	const char *choices;      /* T_ENUM: "a|b|c" */
};

#define O(f) offsetof(struct conf, f)
#define L(f) (offsetof(struct conf, limits) + offsetof(struct limits, f))

static const struct keydef keys[] = {
	{ "store", "database", T_PATH, O(database), 0, 0, NULL },
	{ "store", "files", T_PATH, O(files), 0, 0, NULL },
	{ "inbox", "source", T_STR, O(source), 0, 0, NULL },
	{ "inbox", "tls", T_ENUM, O(tls), 0, 0, "implicit|starttls|none" },
	{ "inbox", "ca_file", T_PATH, O(ca_file), 0, 0, NULL },
	{ "inbox", "password_file", T_PATH, O(password_file), 0, 0, NULL },
	{ "inbox", "poll_interval", T_DURATION, O(poll_interval), 1, 86400, NULL },
	{ "inbox", "timeout", T_DURATION, O(inbox_timeout), 1, 3600, NULL },
	{ "inbox", "processed", T_STR, O(processed), 0, 0, NULL },
	{ "inbox", "rejected", T_STR, O(rejected), 0, 0, NULL },
	{ "inbox", "review", T_STR, O(review), 0, 0, NULL },
	{ "addresses", "job_orders", T_ADDR, O(job_orders), 0, 0, NULL },
	{ "addresses", "candidates", T_ADDR, O(candidates), 0, 0, NULL },
	{ "addresses", "newsletter_requests", T_ADDR, O(newsletter_requests), 0, 0, NULL },
	{ "addresses", "from", T_STR, O(from), 0, 0, NULL },
	{ "addresses", "bounces", T_ADDR, O(bounces), 0, 0, NULL },
	{ "addresses", "web_forms", T_ADDRLIST, O(web_forms), 0, 0, NULL },
	{ "smtp", "url", T_STR, O(smtp_url), 0, 0, NULL },
	{ "smtp", "tls", T_ENUM, O(smtp_tls), 0, 0, "starttls|implicit|none" },
	{ "smtp", "username", T_STR, O(smtp_username), 0, 0, NULL },
	{ "smtp", "password_file", T_PATH, O(smtp_password_file), 0, 0, NULL },
	{ "smtp", "connections", T_LONG, O(smtp_connections), 1, 64, NULL },
	{ "smtp", "rate", T_DOUBLE, O(smtp_rate), 0, 100000, NULL },
	{ "smtp", "ca_file", T_PATH, O(smtp_ca_file), 0, 0, NULL },
	{ "smtp", "retry_for", T_DURATION, O(smtp_retry_for), 60, 30 * 86400.0, NULL },
	{ "smtp", "retry_delay", T_DURATION, O(smtp_retry_delay), 1, 86400, NULL },
	{ "smtp", "timeout", T_DURATION, O(smtp_timeout), 1, 3600, NULL },
	{ "newsletter", "articles", T_PATH, O(articles), 0, 0, NULL },
	{ "newsletter", "templates", T_PATH, O(templates), 0, 0, NULL },
	{ "newsletter", "archive", T_PATH, O(archive), 0, 0, NULL },
	{ "newsletter", "schedule", T_STR, O(schedule), 0, 0, NULL },
	{ "newsletter", "timezone", T_STR, O(timezone), 0, 0, NULL },
	{ "newsletter", "catch_up", T_DURATION, O(catch_up), 0, 30 * 86400.0, NULL },
	{ "newsletter", "list_id", T_STR, O(list_id), 0, 0, NULL },
	{ "newsletter", "unsubscribe_url", T_STR, O(unsubscribe_url), 0, 0, NULL },
	{ "newsletter", "list_name", T_STR, O(list_name), 0, 0, NULL },
	{ "newsletter", "postal_address", T_STR, O(postal_address), 0, 0, NULL },
	{ "newsletter", "archive_url", T_STR, O(archive_url), 0, 0, NULL },
	{ "extract", "industries", T_PATH, O(industries), 0, 0, NULL },
	{ "extract", "bounce_phrases", T_PATH, O(bounce_phrases), 0, 0, NULL },
	{ "extract", "salary_words", T_PATH, O(salary_words), 0, 0, NULL },
	{ "extract", "quote_headers", T_PATH, O(quote_headers), 0, 0, NULL },
	{ "extract", "signature_words", T_PATH, O(signature_words), 0, 0,
	    NULL },
	{ "extract", "prose_phrases", T_PATH, O(prose_phrases), 0, 0, NULL },
	{ "limits", "max_message_size", T_SIZE, L(max_message_size), 1024, 1024.0 * 1024 * 1024, NULL },
	{ "limits", "max_mime_depth", T_UINT, L(max_mime_depth), 1, 100, NULL },
	{ "limits", "max_parts", T_UINT, L(max_parts), 1, 10000, NULL },
	{ "limits", "max_header_len", T_SIZE, L(max_header_len), 998, 16.0 * 1024 * 1024, NULL },
	{ "limits", "max_text", T_SIZE, L(max_text), 1024, 256.0 * 1024 * 1024, NULL },
	{ "limits", "max_resume_text", T_SIZE, L(max_resume_text), 1024, 256.0 * 1024 * 1024, NULL },
	{ "limits", "max_zip_entry", T_SIZE, L(max_zip_entry), 1024, 1024.0 * 1024 * 1024, NULL },
	{ "limits", "resume_seconds", T_UINT, L(resume_seconds), 1, 600, NULL },
	{ "limits", "max_resumes", T_UINT, L(max_resumes), 1, 1000, NULL },
	{ "log", "log", T_LOG, 0, 0, 0, NULL },
	{ "log", "log_level", T_LEVEL, 0, 0, 0, NULL },
};

struct parse_ctx {
	struct conf *c;
	char *error;       /* first error, without the line prefix */
	int seen_inbox;
	int seen_store;
};

static char *
unquote(const char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && ((v[0] == '"' && v[n - 1] == '"') ||
	    (v[0] == '\'' && v[n - 1] == '\'')) &&
	    memchr(v + 1, v[0], n - 2) == NULL)
		return xstrndup(v + 1, n - 2);
	return xstrdup(v);
}

/* a bare addr-spec (compose_addr_ok: the check outgoing mail makes) */
static int
addr_ok(const char *a)
{
	return compose_addr_ok(a, strlen(a));
}

static int
set_key(struct parse_ctx *x, const struct keydef *k, const char *value)
{
	struct conf *c = x->c;
	char *p = (char *)c + k->off;
	char *v = unquote(value), *end;
	double d;
	size_t sz;
	long l;

	switch (k->type) {
	case T_STR:
		free(*(char **)p);
		*(char **)p = v;
		return 0;
	case T_PATH:
		free(*(char **)p);
		*(char **)p = path_join(c->dir, v);
		free(v);
		return 0;
	case T_ADDR:
		str_lower(v);
		if (!addr_ok(v)) {
			x->error = xasprintf("[%s] %s: '%s' is not an address",
			    k->section, k->key, v);
			free(v);
			return -1;
		}
		free(*(char **)p);
		*(char **)p = v;
		return 0;
	case T_ADDRLIST: {
		char *save = NULL, *tok;

		str_lower(v);
		for (tok = strtok_r(v, ", \t", &save); tok != NULL;
		    tok = strtok_r(NULL, ", \t", &save)) {
			if (!addr_ok(tok)) {
				x->error = xasprintf("[%s] %s: '%s' is not an "
				    "address", k->section, k->key, tok);
				free(v);
				return -1;
			}
			c->web_forms = xreallocarray(c->web_forms,
			    c->n_web_forms + 1, sizeof(char *));
			c->web_forms[c->n_web_forms++] = xstrdup(tok);
		}
		free(v);
		return 0;
	}
	case T_LONG:
	case T_UINT:
		errno = 0;
		l = strtol(v, &end, 10);
		if (errno || end == v || *end != '\0' || l < k->min ||
		    l > k->max)
			goto range;
		if (k->type == T_LONG)
			*(long *)p = l;
		else
			*(unsigned *)p = (unsigned)l;
		free(v);
		return 0;
	case T_DOUBLE:
		errno = 0;
		d = strtod(v, &end);
		if (errno || end == v || *end != '\0' || d < k->min ||
		    d > k->max)
			goto range;
		*(double *)p = d;
		free(v);
		return 0;
	case T_SIZE:
		if (parse_size(v, &sz) < 0 || (double)sz < k->min ||
		    (double)sz > k->max)
			goto range;
		*(size_t *)p = sz;
		free(v);
		return 0;
	case T_DURATION:
		if (parse_duration(v, &l) < 0 || l < k->min || l > k->max)
			goto range;
		*(long *)p = l;
		free(v);
		return 0;
	case T_LEVEL:
		if (log_parse_level(v, &c->log_level) < 0) {
			x->error = xasprintf("[log] log_level: '%s' is not one "
			    "of error, warning, info, debug", v);
			free(v);
			return -1;
		}
		free(v);
		return 0;
	case T_LOG:
		if (strcmp(v, "stderr") == 0)
			c->log_syslog = 0;
		else if (strcmp(v, "syslog") == 0)
			c->log_syslog = 1;
		else {
			x->error = xasprintf("[log] log: '%s' is not stderr or "
			    "syslog", v);
			free(v);
			return -1;
		}
		free(v);
		return 0;
	case T_ENUM: {
		const char *ch = k->choices, *bar;
		size_t n = strlen(v);

		for (;;) {
			bar = strchr(ch, '|');
			if ((bar ? (size_t)(bar - ch) : strlen(ch)) == n &&
			    strncmp(ch, v, n) == 0) {
				free(*(char **)p);
				*(char **)p = v;
				return 0;
			}
			if (bar == NULL)
				break;
			ch = bar + 1;
		}
		x->error = xasprintf("[%s] %s: '%s' is not one of %s",
		    k->section, k->key, v, k->choices);
		free(v);
		return -1;
	}
	}
range:
	if (k->type == T_SIZE || k->type == T_DURATION)
		x->error = xasprintf("[%s] %s: '%s' is not a valid %s in "
		    "range", k->section, k->key, v,
		    k->type == T_SIZE ? "size" : "duration");
	else
		x->error = xasprintf("[%s] %s: '%s' is not a number from %g "
		    "to %g", k->section, k->key, v, k->min, k->max);
	free(v);
	return -1;
}

static int
handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct parse_ctx *x = user;
	size_t i;
	int known_section = 0;

	if (x->error != NULL)
		return 0;
	if (name == NULL)       /* a bare section line (INI_CALL_HANDLER_ON_NEW_SECTION) */
		return 1;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (strcmp(keys[i].section, section) != 0)
			continue;
		known_section = 1;
		if (strcmp(keys[i].key, name) != 0)
			continue;
		if (strcmp(section, "smtp") == 0)
			x->c->has_smtp = 1;
		if (strcmp(section, "newsletter") == 0)
			x->c->has_newsletter = 1;
		if (strcmp(section, "inbox") == 0)
			x->seen_inbox = 1;
		if (strcmp(section, "store") == 0)
			x->seen_store = 1;
		return set_key(x, &keys[i], value) == 0;
	}
	if (!known_section)
		x->error = xasprintf("unknown section [%s]", section);
	else
		x->error = xasprintf("unknown key '%s' in [%s]", name, section);
	return 0;
}

static struct conf *
conf_new(const char *name, const char *dir)
{
	struct conf *c = xcalloc(1, sizeof(*c));

	c->path = xstrdup(name);
	c->dir = xstrdup(dir);
	c->poll_interval = 60;
	c->inbox_timeout = 30;
	c->processed = xstrdup("Processed");
	c->rejected = xstrdup("Rejected");
	c->review = xstrdup("Review");
	c->smtp_connections = 4;
	c->smtp_retry_for = 3 * 86400;
	c->smtp_retry_delay = 300;
	c->smtp_timeout = 30;
	c->catch_up = 6 * 3600;
	c->schedule = xstrdup("mon 09:00");
	c->timezone = xstrdup("UTC");
	c->log_level = LOGL_INFO;
	limit_defaults(&c->limits);
	return c;
}

static int
host_is_loopback(const char *host)
{
	return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "::1") == 0 ||
	    strcmp(host, "[::1]") == 0 || strcmp(host, "localhost") == 0 ||
	    strncmp(host, "127.", 4) == 0;
}

/* https_with_token: an https:// URL without blanks, quotes or controls
 * holding the placeholder (NULL: any placeholder or none). */
static int
https_url_ok(const char *u, const char *placeholder)
{
	const unsigned char *p;

	if (strncmp(u, "https://", 8) != 0 || u[8] == '\0')
		return 0;
	for (p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\')
			return 0;
	return placeholder == NULL || strstr(u, placeholder) != NULL;
}

/* validate_outbound: [smtp] and [newsletter] */
static char *
validate_outbound(struct conf *c)
{
	if (c->from == NULL)
		return xstrdup("[addresses] from is required to send mail "
		    "(replies and newsletters)");
	if (c->has_smtp) {
		int smtps;

		if (c->smtp_url == NULL)
			return xstrdup("[smtp] url is required");
		if (strncmp(c->smtp_url, "smtp://", 7) == 0)
			smtps = 0;
		else if (strncmp(c->smtp_url, "smtps://", 8) == 0)
			smtps = 1;
		else
			return xasprintf("[smtp] url: '%s' is not smtp:// or "
			    "smtps://", c->smtp_url);
		if (strpbrk(c->smtp_url, " \t\r\n\"") != NULL)
			return xstrdup("[smtp] url: blanks or quotes in URL");
		if (c->smtp_tls == NULL)
			c->smtp_tls = xstrdup(smtps ? "implicit" : "starttls");
		else if (smtps != (strcmp(c->smtp_tls, "implicit") == 0))
			return xasprintf("[smtp] tls = %s does not go with %s "
			    "(implicit TLS is smtps://, starttls and none are "
			    "smtp://)", c->smtp_tls, smtps ? "smtps://" :
			    "smtp://");
		if (c->smtp_password_file != NULL) {
			struct stat st;

			if (stat(c->smtp_password_file, &st) == 0 &&
			    (st.st_mode & 077))
				return xasprintf("[smtp] password_file %s is "
				    "readable by others (chmod 600)",
				    c->smtp_password_file);
			if (c->smtp_username == NULL)
				return xstrdup("[smtp] password_file without "
				    "username");
		}
	}
	{
		/* the plus addresses must stay within 64 bytes of local part:
		 * bounces+TOKEN (24 hex), REQUESTS+unsubscribe-TOKEN (32) */
		const char *req = c->newsletter_requests;
		const char *at;

		if (c->bounces != NULL && (at = strchr(c->bounces, '@')) != NULL &&
		    at - c->bounces > 64 - 25)
			return xasprintf("[addresses] bounces: the local part "
			    "of %s is longer than %d bytes (bounces+TOKEN "
			    "must fit in 64)", c->bounces, 64 - 25);
		if (req != NULL && (at = strchr(req, '@')) != NULL &&
		    at - req > 64 - 45)
			return xasprintf("[addresses] newsletter_requests: the "
			    "local part of %s is longer than %d bytes "
			    "(ADDR+unsubscribe-TOKEN must fit in 64)", req,
			    64 - 45);
	}
	if (c->has_newsletter) {
		struct schedule *s;
		char *err;

		if (c->archive == NULL)
			c->archive = path_join(c->dir, "archive");
		if (c->list_id == NULL)
			return xstrdup("[newsletter] list_id is required "
			    "(e.g. brief.example.com)");
		{
			/* a host-like name: it goes into List-Id: <…> */
			const char *p = c->list_id;
			size_t n = strlen(p);

			if (n == 0 || n > 200 || p[0] == '.' || p[n - 1] == '.' ||
			    strstr(p, "..") != NULL || strspn(p,
			    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789.-_") != n)
				return xasprintf("[newsletter] list_id: '%s' is "
				    "not a host-like name (e.g. "
				    "brief.example.com)", c->list_id);
		}
		if (!schedule_tz_valid(c->timezone))
			return xasprintf("[newsletter] timezone: unknown time "
			    "zone '%s'", c->timezone);
		if (schedule_parse(c->schedule, c->timezone, &s, &err) < 0) {
			char *e = xasprintf("[newsletter] schedule: %s", err);

			free(err);
			return e;
		}
		schedule_free(s);
		if (c->unsubscribe_url != NULL &&
		    !https_url_ok(c->unsubscribe_url, "{token}"))
			return xstrdup("[newsletter] unsubscribe_url must be "
			    "an https:// URL with {token} in it");
		if (c->archive_url != NULL &&
		    !https_url_ok(c->archive_url, NULL))
			return xstrdup("[newsletter] archive_url must be an "
			    "https:// URL ({number} is the issue number)");
	}
	return NULL;
}

/* validate: what single keys cannot check.  Returns NULL or an error. */
static char *
validate(struct conf *c, const struct parse_ctx *x)
{
	if (!x->seen_store || c->database == NULL)
		return xstrdup("[store] database is required");
	if (c->files == NULL)
		c->files = path_join(c->dir, "files");
	if (!x->seen_inbox || c->source == NULL)
		return xstrdup("[inbox] source is required");
	if (strncmp(c->source, "maildir:", 8) == 0) {
		if (c->source[8] == '\0')
			return xstrdup("[inbox] source: maildir: needs a path");
		c->source_kind = SOURCE_MAILDIR;
		c->maildir = path_join(c->dir, c->source + 8);
	} else if (strncmp(c->source, "imap://", 7) == 0 ||
	    strncmp(c->source, "imaps://", 8) == 0) {
		const char *h = strchr(c->source, '@');
		const char *start = h ? h + 1 : strstr(c->source, "//") + 2;
		size_t hl = strcspn(start, ":/");
		char *host = xstrndup(start, hl);
		int loop = host_is_loopback(host);

		free(host);
		c->source_kind = c->source[4] == 's' ? SOURCE_IMAPS : SOURCE_IMAP;
		if (hl == 0)
			return xstrdup("[inbox] source: no host in URL");
		if (c->tls != NULL && strcmp(c->tls, "none") == 0 && !loop)
			return xstrdup("[inbox] tls = none is only allowed for "
			    "a loopback host");
	} else
		return xasprintf("[inbox] source: '%s' is not maildir:PATH, "
		    "imap:// or imaps://", c->source);
	if (c->from != NULL) {
		/* from = "Name" <addr> or a bare addr */
		char *addr = compose_from_address(c->from);

		str_lower(addr);
		if (!addr_ok(addr)) {
			char *e = xasprintf("[addresses] from: '%s' names no "
			    "address", c->from);

			free(addr);
			return e;
		}
		/* the VERP base defaults to bounces@ the sender's domain */
		if (c->bounces == NULL)
			c->bounces = xasprintf("bounces%s", strchr(addr, '@'));
		free(addr);
	}
	if (c->password_file != NULL) {
		struct stat st;

		/* refused now (EX_CONFIG), not at every LOGIN attempt */
		if (stat(c->password_file, &st) == 0 && (st.st_mode & 077))
			return xasprintf("[inbox] password_file %s is readable "
			    "by others (chmod 600)", c->password_file);
	}
	/* replies use the templates too, with or without [newsletter] */
	if (c->templates == NULL)
		c->templates = xstrdup(PKGDATADIR "/templates");
	/* [newsletter] without articles only names the templates (for
	 * replies): no issue is ever built */
	if (c->has_newsletter && c->articles == NULL)
		c->has_newsletter = 0;
	if (c->has_smtp || c->has_newsletter) {
		char *e = validate_outbound(c);

		if (e != NULL)
			return e;
	}
	if (c->smtp_tls != NULL && strcmp(c->smtp_tls, "none") == 0 &&
	    c->smtp_url != NULL) {
		const char *start = strstr(c->smtp_url, "//");
		char *host;
		int loop;

		start = start ? start + 2 : c->smtp_url;
		host = xstrndup(start, strcspn(start, ":/"));
		loop = host_is_loopback(host);
		free(host);
		if (!loop)
			return xstrdup("[smtp] tls = none is only allowed for a "
			    "loopback host");
	}
	return NULL;
}

int
conf_load_string(const char *text, const char *name, const char *dir,
    struct conf **conf_r, char **error_r)
{
	struct parse_ctx x;
	char *err;
	int line;

	memset(&x, 0, sizeof(x));
	x.c = conf_new(name, dir);
	line = ini_parse_string(text, handler, &x);
	if (line != 0 || x.error != NULL) {
		if (line > 0)
			*error_r = xasprintf("%s:%d: %s", name, line,
			    x.error ? x.error : "syntax error");
		else
			*error_r = xasprintf("%s: %s", name,
			    x.error ? x.error : "cannot parse");
		free(x.error);
		conf_free(x.c);
		return -1;
	}
	if ((err = validate(x.c, &x)) != NULL) {
		*error_r = xasprintf("%s: %s", name, err);
		free(err);
		conf_free(x.c);
		return -1;
	}
	*conf_r = x.c;
	return 0;
}

int
conf_load(const char *path, struct conf **conf_r, char **error_r)
{
	const char *err;
	struct stat st;
	char *text, *dir, *slash, *abs = NULL;
	size_t len;
	int r;

	if (stat(path, &st) < 0) {
		*error_r = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (st.st_mode & S_IWOTH) {
		*error_r = xasprintf("%s: refusing a config file that others "
		    "can write", path);
		return -1;
	}
	if (file_read(path, 1024 * 1024, &text, &len, &err) < 0) {
		*error_r = xasprintf("%s: %s", path, err);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		*error_r = xasprintf("%s: contains a NUL byte", path);
		free(text);
		return -1;
	}
	abs = realpath(path, NULL);
	dir = xstrdup(abs ? abs : path);
	slash = strrchr(dir, '/');
	if (slash == NULL) {
		free(dir);
		dir = xstrdup(".");
	} else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	r = conf_load_string(text, path, dir, conf_r, error_r);
	free(abs);
	free(dir);
	free(text);
	return r;
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].type == T_STR || keys[i].type == T_PATH ||
		    keys[i].type == T_ADDR || keys[i].type == T_ENUM)
			free(*(char **)((char *)c + keys[i].off));
	for (i = 0; i < c->n_web_forms; i++)
		free(c->web_forms[i]);
	free(c->web_forms);
	free(c->maildir);
	free(c->path);
	free(c->dir);
	free(c);
}

const char *
conf_default_path(void)
{
	return SYSCONFDIR "/recruitd.conf";
}

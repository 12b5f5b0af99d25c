/* The options of `ward serve`: one table for the flags and the keys of
 * the configuration file, and the one function applying a value of either
 * (serve_options.h). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli/ca_files.h"
#include "cli/cli.h"
#include "cli/serve_check.h"
#include "config/options.h"
#include "config/site.h"
#include "server/config.h"
#include "server/early.h"
#include "server/handler.h"
#include "server/listen.h"
#include "server/log.h"
#include "server/master.h"
#include "server/replay.h"
#include "server/replay_serve.h"
#include "server/sessions.h"
#include "handlers/store.h"
#include "server/worker.h"
#include "tls/session_cache.h"
#include "cli/serve_options.h"

/* The flags, and the keys of the configuration file (config/options.h):
 * one table. Repeatable flags are lists in the file. */
const ward_opt ward_cli_serve_opts[] = {
	{"listen", WARD_OPT_REQUIRED, OPT_LISTEN, 1, 0},
	{"redirect-http", WARD_OPT_REQUIRED, OPT_REDIRECT, 0, 0},
	{"workers", WARD_OPT_REQUIRED, OPT_WORKERS, 0, 0},
	{"user", WARD_OPT_REQUIRED, OPT_USER, 0, 0},
	{"root", WARD_OPT_REQUIRED, OPT_ROOT, 0, 0},
	{"store", WARD_OPT_REQUIRED, OPT_STORE, 1, 0},
	{"autoindex", WARD_OPT_NONE, OPT_AUTOINDEX, 0, 0},
	{"enable-trace", WARD_OPT_NONE, OPT_TRACE, 0, 0},
	{"cert", WARD_OPT_REQUIRED, OPT_CERT, 1, 0},
	{"key", WARD_OPT_REQUIRED, OPT_KEY, 1, 0},
	{"ca-dir", WARD_OPT_REQUIRED, OPT_CA_DIR, 0, 0},
	{"groups", WARD_OPT_REQUIRED, OPT_GROUPS, 0, 0},
	{"ciphersuites", WARD_OPT_REQUIRED, OPT_SUITES, 0, 0},
	{"tls-min", WARD_OPT_REQUIRED, OPT_TLS_MIN, 0, 0},
	{"tls-policy", WARD_OPT_REQUIRED, OPT_TLS_POLICY, 0, 0},
	{"hsts", WARD_OPT_OPTIONAL, OPT_HSTS, 0, 0},
	{"access-log", WARD_OPT_REQUIRED, OPT_ACCESS_LOG, 0, 0},
	{"error-log", WARD_OPT_REQUIRED, OPT_ERROR_LOG, 0, 0},
	{"log-level", WARD_OPT_REQUIRED, OPT_LOG_LEVEL, 0, 0},
	{"handshake-timeout", WARD_OPT_REQUIRED, OPT_T_HANDSHAKE, 0, 0},
	{"header-timeout", WARD_OPT_REQUIRED, OPT_T_HEADER, 0, 0},
	{"body-timeout", WARD_OPT_REQUIRED, OPT_T_BODY, 0, 0},
	{"keepalive-timeout", WARD_OPT_REQUIRED, OPT_T_KEEPALIVE, 0, 0},
	{"send-timeout", WARD_OPT_REQUIRED, OPT_T_SEND, 0, 0},
	{"drain-timeout", WARD_OPT_REQUIRED, OPT_T_DRAIN, 0, 0},
	{"tunnel-timeout", WARD_OPT_REQUIRED, OPT_T_TUNNEL, 0, 0},
	{"connect-timeout", WARD_OPT_REQUIRED, OPT_T_CONNECT, 0, 0},
	{"max-connections", WARD_OPT_REQUIRED, OPT_MAX_CONN, 0, 0},
	{"max-request-line", WARD_OPT_REQUIRED, OPT_MAX_LINE, 0, 0},
	{"max-header-size", WARD_OPT_REQUIRED, OPT_MAX_HEAD, 0, 0},
	{"max-headers", WARD_OPT_REQUIRED, OPT_MAX_HEADERS, 0, 0},
	{"max-body", WARD_OPT_REQUIRED, OPT_MAX_BODY, 0, 0},
	{"max-upload", WARD_OPT_REQUIRED, OPT_MAX_UPLOAD, 0, 0},
	{"help", WARD_OPT_NONE, OPT_HELP, 0, 1},
	{"store-auth", WARD_OPT_REQUIRED, OPT_STORE_AUTH, 1, 0},
	{"store-public", WARD_OPT_NONE, OPT_STORE_PUBLIC, 0, 0},
	{"store-quota", WARD_OPT_REQUIRED, OPT_STORE_QUOTA, 1, 0},
	{"max-uploads", WARD_OPT_REQUIRED, OPT_MAX_UPLOADS, 0, 0},
	{"session-timeout", WARD_OPT_REQUIRED, OPT_SESSION_TIMEOUT, 0, 0},
	{"session-cache", WARD_OPT_REQUIRED, OPT_SESSION_CACHE, 0, 0},
	{"ticket-rotate", WARD_OPT_REQUIRED, OPT_TICKET_ROTATE, 0, 0},
	{"ticket-key-file", WARD_OPT_REQUIRED, OPT_TICKET_KEY_FILE, 0, 0},
	{"tickets", WARD_OPT_REQUIRED, OPT_TICKETS, 0, 0},
	{"early-data", WARD_OPT_REQUIRED, OPT_EARLY_DATA, 0, 0},
	{"replay-entries", WARD_OPT_REQUIRED, OPT_REPLAY_ENTRIES, 0, 0},
	{"replay-store", WARD_OPT_REQUIRED, OPT_REPLAY_STORE, 0, 0},
	{"client-ca", WARD_OPT_REQUIRED, OPT_CLIENT_CA, 0, 0},
	{"client-auth", WARD_OPT_REQUIRED, OPT_CLIENT_AUTH, 0, 0},
	{"config", WARD_OPT_REQUIRED, OPT_CONFIG, 0, 1},
	{NULL, 0, 0, 0, 0},
};

static int bad(const char *fmt, const char *a, const char *b)
{
	char msg[2 * PATH_MAX];
	snprintf(msg, sizeof msg, fmt, a, b);
	return ward_cli_serve_bad("%s", msg);
}

/* "30", "1.5", "500ms" -> milliseconds */
static int parse_duration(const char *flag, const char *s, int *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	/* written so that NaN ("nan") fails too */
	if (end == s || errno || !(v >= 0))
		return bad("--%s: '%s' is not a duration (seconds, or with "
			   "an ms suffix)", flag, s);
	if (!strcmp(end, "ms"))
		v /= 1000;
	else if (*end && strcmp(end, "s"))
		return bad("--%s: '%s' is not a duration (seconds, or with "
			   "an ms suffix)", flag, s);
	if (v > 86400)
		return bad("--%s: '%s' is out of range 0..86400 s", flag, s);
	*ms = (int)(v * 1000);
	return 0;
}

/* Session lifetimes: "3600", "90m", "12h", "7d" -> milliseconds, at
 * most 7 days (RFC 8446 4.6.1's bound for tickets) */
static int parse_period(const char *flag, const char *s, int *ms)
{
	static const struct {
		const char *suffix;
		double secs;
	} units[] = {{"", 1}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}};
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	size_t u = 0;
	while (u < sizeof units / sizeof *units && strcmp(end, units[u].suffix))
		u++;
	if (end == s || errno || !(v >= 0) || u == sizeof units / sizeof *units)
		return bad("--%s: '%s' is not a duration (seconds, or with an "
			   "s, m, h or d suffix)",
			   flag, s);
	v *= units[u].secs;
	if (v < 1 || v > 7 * 86400)
		return bad("--%s: '%s' is out of range 1s..7d", flag, s);
	*ms = (int)(v * 1000);
	return 0;
}

/* "100", "8K", "10M", "1G" */
static int parse_size(const char *flag, const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return bad("--%s: '%s' is not a size", flag, s);
	uint64_t mult = 1;
	if (*end == 'K' || *end == 'k')
		mult = 1024;
	else if (*end == 'M' || *end == 'm')
		mult = 1024 * 1024;
	else if (*end == 'G' || *end == 'g')
		mult = 1024 * 1024 * 1024;
	if (mult > 1)
		end++;
	if (*end)
		return bad("--%s: '%s' is not a size", flag, s);
	if ((uint64_t)v > UINT64_MAX / mult)
		return bad("--%s: '%s' is too large", flag, s);
	*out = (uint64_t)v * mult;
	return 0;
}

static int parse_count(const char *flag, const char *s, int min, int max,
		       int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end)
		return ward_cli_serve_bad("--%s: '%s' is not a number", flag,
					  s);
	if (errno || v < min || v > max)
		return ward_cli_serve_bad("--%s: %s is out of range %d..%d",
					  flag, s, min, max);
	*out = (int)v;
	return 0;
}

int ward_cli_serve_open_dir(const char *flag, const char *path, int *fd)
{
	*fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0) {
		/* one line, like every other refusal */
		return ward_cli_serve_bad("--%s: cannot open directory '%s': %s",
					  flag, path, strerror(errno));
	}
	return 0;
}

static int add_store(ward_server_config *cfg, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		return ward_cli_serve_bad("--store: '%s' has no '=DIR': want "
					  "PREFIX=DIR, e.g. --store %s=./data",
					  arg, arg);
	if (eq == arg || arg[0] != '/')
		return ward_cli_serve_bad("--store: in '%s', the URL prefix "
					  "must start with '/', e.g. /files/",
					  arg);
	if (!eq[1])
		return ward_cli_serve_bad("--store: in '%s', the directory "
					  "after '=' is missing",
					  arg);
	if (cfg->n_stores == WARD_MAX_STORES)
		return bad("--store: more than %s stores%s", "16", "");
	ward_store_map *m = &cfg->stores[cfg->n_stores];
	size_t plen = (size_t)(eq - arg);
	int slash = arg[plen - 1] != '/';
	m->prefix = malloc(plen + 2);
	if (!m->prefix)
		return -1;
	memcpy(m->prefix, arg, plen);
	if (slash)
		m->prefix[plen++] = '/';
	m->prefix[plen] = 0;
	m->dir = strdup(eq + 1);
	m->dirfd = -1;
	cfg->n_stores++;
	return m->dir ? ward_cli_serve_open_dir("store", m->dir, &m->dirfd) : -1;
}

/* --store-auth and --store-quota (serve_options.h) */
static int store_arg(const ward_server_config *cfg, const char *flag,
		     const char *arg, size_t *store, const char **value)
{
	const char *eq = strchr(arg, '=');
	*store = cfg->n_stores; /* every store */
	*value = arg;
	if (arg[0] != '/' || !eq)
		return 0;
	size_t plen = (size_t)(eq - arg);
	for (size_t i = 0; i < cfg->n_stores; i++) {
		const char *p = cfg->stores[i].prefix;
		/* the prefix as --store gave it, with or without its '/' */
		if (!strncmp(p, arg, plen) &&
		    (p[plen] == '\0' || (p[plen] == '/' && !p[plen + 1])))
			*store = i;
	}
	if (*store == cfg->n_stores) {
		return ward_cli_serve_bad("--%s: no --store has the prefix '%.*s'",
					  flag, (int)plen, arg);
	}
	*value = eq + 1;
	return 0;
}

static int set_store_auth(ward_store_map *m, const char *file)
{
	char why[512];
	int cert = !strncmp(file, "cert:", 5);
	if (cert ? ward_store_auth_cert_names(m->auth)
		 : ward_store_auth_users(m->auth))
		return bad("--store-auth: the store at %s has two%s", m->prefix,
			   cert ? " cert: lists" : " password files");
	if ((cert ? ward_store_auth_add_certs(&m->auth, file + 5, why,
					      sizeof why)
		  : ward_store_auth_add_file(&m->auth, file, why,
					     sizeof why)) < 0)
		return bad("--store-auth: %s%s", why, "");
	return 0;
}

static int set_store_quota(ward_store_map *m, const char *size)
{
	if (m->quota)
		return bad("--store-quota: the store at %s has two%s", m->prefix, "");
	if (parse_size("store-quota", size, &m->quota) < 0)
		return -1;
	if (m->quota == 0)
		return bad("--store-quota: '%s' must be at least 1%s", size, "");
	m->usage = ward_store_usage_new(m->dirfd);
	if (!m->usage)
		return bad("--store-quota: cannot share a counter: %s%s",
			   strerror(errno), "");
	return 0;
}

/* The per-store values first, then those for every store; then a store
 * nobody may write to without credentials must have some. */
int ward_cli_serve_stores(ward_server_config *cfg, const ward_cli_store_args *a)
{
	size_t s;
	const char *v;
	if ((a->n_auth || a->n_quota) && cfg->n_stores == 0)
		return bad("--%s needs a --store%s",
			   a->n_auth ? "store-auth" : "store-quota", "");
	size_t every_auth = 0, every_quota = 0, every_cert = 0;
	for (size_t i = 0; i < a->n_auth + a->n_quota; i++) {
		const char *arg = i < a->n_auth ? a->auth[i]
						: a->quota[i - a->n_auth];
		if (arg[0] != '/' || !strchr(arg, '='))
			*(i >= a->n_auth		 ? &every_quota
			  : !strncmp(arg, "cert:", 5) ? &every_cert
						      : &every_auth) += 1;
	}
	if (every_auth > 1 || every_quota > 1 || every_cert > 1)
		return bad("--%s: given twice without a PREFIX=%s",
			   every_auth > 1 ? "store-auth" : "store-quota", "");
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < a->n_auth + a->n_quota; i++) {
			int is_auth = i < a->n_auth;
			const char *arg = is_auth ? a->auth[i]
						  : a->quota[i - a->n_auth];
			const char *flag = is_auth ? "store-auth" : "store-quota";
			if (store_arg(cfg, flag, arg, &s, &v) < 0)
				return -1;
			if ((s < cfg->n_stores) != (pass == 0))
				continue;
			for (size_t j = 0; j < cfg->n_stores; j++) {
				ward_store_map *m = &cfg->stores[j];
				int cert = is_auth && !strncmp(v, "cert:", 5);
				if (s < cfg->n_stores
					? j != s
					: (!is_auth ? m->quota != 0
					   : cert   ? ward_store_auth_cert_names(
						      m->auth) != 0
						    : ward_store_auth_users(
						      m->auth) != 0))
					continue;
				if ((is_auth ? set_store_auth(m, v)
					     : set_store_quota(m, v)) < 0)
					return -1;
			}
		}
	}
	for (size_t i = 0; i < cfg->n_stores; i++)
		if (!cfg->stores[i].auth && !cfg->store_public)
			return bad("--store %s: writes need --store-auth FILE "
				   "(or --store-public to let anyone write)",
				   cfg->stores[i].prefix, "");
	return 0;
}

int ward_cli_serve_flag(ward_server_config *cfg, int opt, const char *arg,
			const char **ca_dir, size_t *n_keys)
{
	const char *name = NULL;
	for (const ward_opt *o = ward_cli_serve_opts; o->name; o++)
		if (o->id == opt)
			name = o->name;
	switch (opt) {
	case OPT_LISTEN:
		if (cfg->n_listen == WARD_MAX_LISTEN)
			return bad("--listen: more than %s addresses%s", "16", "");
		if (ward_cli_check_listen_host(name, arg) < 0)
			return -1;
		cfg->listen[cfg->n_listen++] = strdup(arg);
		return 0;
	case OPT_REDIRECT:
		if (ward_cli_check_listen_host(name, arg) < 0)
			return -1;
		free(cfg->redirect_http);
		cfg->redirect_http = strdup(arg);
		return 0;
	case OPT_WORKERS:
		return parse_count(name, arg, 1, WARD_LISTEN_MAX_SLOTS,
				   &cfg->workers);
	case OPT_USER: return ward_cli_resolve_user(cfg, arg);
	case OPT_ROOT:
		/* a second would silently replace the first */
		if (cfg->root)
			return ward_cli_serve_bad("--root: given twice ('%s', "
						  "then '%s'); one directory "
						  "is served",
						  cfg->root, arg);
		cfg->root = strdup(arg);
		return ward_cli_serve_open_dir(name, arg, &cfg->root_fd);
	case OPT_STORE: return add_store(cfg, arg);
	case OPT_AUTOINDEX: cfg->autoindex = 1; return 0;
	case OPT_TRACE: cfg->enable_trace = 1; return 0;
	case OPT_CERT:
		if (cfg->n_certs == WARD_MAX_CERTS)
			return bad("--cert: more than %s certificates%s", "16", "");
		cfg->cert[cfg->n_certs++] = strdup(arg);
		return 0;
	case OPT_KEY:
		if (*n_keys >= cfg->n_certs)
			return bad("--key: '%s' comes before its --cert%s", arg,
				   "");
		cfg->key[(*n_keys)++] = strdup(arg);
		return 0;
	case OPT_CA_DIR: *ca_dir = arg; return 0;
	case OPT_GROUPS: free(cfg->groups); cfg->groups = strdup(arg); return 0;
	case OPT_SUITES: free(cfg->suites); cfg->suites = strdup(arg); return 0;
	case OPT_TLS_MIN:
		if (strcmp(arg, "1.2") && strcmp(arg, "1.3"))
			return bad("--tls-min: '%s' is not 1.2 or 1.3%s", arg, "");
		cfg->tls13_only = !strcmp(arg, "1.3");
		return 0;
	case OPT_TLS_POLICY:
		if (strcmp(arg, "default") && strcmp(arg, "legacy"))
			return bad("--tls-policy: '%s' is not default or "
				   "legacy%s",
				   arg, "");
		cfg->tls_legacy = !strcmp(arg, "legacy");
		return 0;
	case OPT_HSTS: {
		int secs = 31536000;
		if (arg && parse_count(name, arg, 0, 1000000000, &secs) < 0)
			return -1;
		cfg->hsts_max_age = secs;
		return 0;
	}
	case OPT_ACCESS_LOG:
		free(cfg->access_log);
		cfg->access_log = strcmp(arg, "off") ? strdup(arg) : NULL;
		return 0;
	case OPT_ERROR_LOG: free(cfg->error_log); cfg->error_log = strdup(arg); return 0;
	case OPT_LOG_LEVEL: {
		static const char *levels[] = {"error", "warn", "info", "debug"};
		for (int i = 0; i < 4; i++)
			if (!strcmp(arg, levels[i])) {
				cfg->log_level = i;
				return 0;
			}
		return bad("--log-level: '%s' is not error, warn, info or debug%s",
			   arg, "");
	}
	case OPT_T_HANDSHAKE: return parse_duration(name, arg, &cfg->handshake_timeout);
	case OPT_T_HEADER: return parse_duration(name, arg, &cfg->header_timeout);
	case OPT_T_BODY: return parse_duration(name, arg, &cfg->body_timeout);
	case OPT_T_KEEPALIVE: return parse_duration(name, arg, &cfg->keepalive_timeout);
	case OPT_T_SEND: return parse_duration(name, arg, &cfg->send_timeout);
	case OPT_T_DRAIN: return parse_duration(name, arg, &cfg->drain_timeout);
	case OPT_T_TUNNEL: return parse_duration(name, arg, &cfg->tunnel_timeout);
	case OPT_T_CONNECT: return parse_duration(name, arg, &cfg->connect_timeout);
	case OPT_MAX_CONN: return parse_count(name, arg, 1, 1000000, &cfg->max_connections);
	case OPT_MAX_HEADERS: {
		int n;
		if (parse_count(name, arg, 1, WARD_HTTP_MAX_HEADERS, &n) < 0)
			return -1;
		cfg->http.max_headers = (size_t)n;
		return 0;
	}
	case OPT_MAX_LINE:
	case OPT_MAX_HEAD: {
		uint64_t v;
		if (parse_size(name, arg, &v) < 0)
			return -1;
		if (v < 64 || v > 1024 * 1024)
			return bad("--%s: %s is out of range 64..1M", name, arg);
		if (opt == OPT_MAX_LINE)
			cfg->http.max_request_line = (size_t)v;
		else
			cfg->http.max_header_bytes = (size_t)v;
		return 0;
	}
	case OPT_MAX_BODY: return parse_size(name, arg, &cfg->http.max_body);
	case OPT_MAX_UPLOAD: return parse_size(name, arg, &cfg->max_upload);
	case OPT_STORE_PUBLIC: cfg->store_public = 1; return 0;
	case OPT_MAX_UPLOADS: return parse_count(name, arg, 1, 1000000, &cfg->max_uploads);
	case OPT_SESSION_TIMEOUT:
		return parse_period(name, arg, &cfg->session_timeout);
	case OPT_TICKET_ROTATE:
		return parse_period(name, arg, &cfg->ticket_rotate);
	case OPT_SESSION_CACHE:
		return parse_count(name, arg, 0, WARD_SESSION_CACHE_MAX_ENTRIES,
				   &cfg->session_cache);
	case OPT_TICKET_KEY_FILE:
		free(cfg->ticket_key_file);
		cfg->ticket_key_file = strdup(arg);
		return 0;
	case OPT_TICKETS:
		return parse_count(name, arg, 0, WARD_TLS_MAX_TICKETS,
				   &cfg->tickets13);
	case OPT_EARLY_DATA:
		if (parse_size(name, arg, &cfg->early_data) < 0)
			return -1;
		/* it waits in the connection's input until the handshake
		 * is done: less than what stops reading (64 KiB) */
		if (cfg->early_data > WARD_SERVE_MAX_EARLY_DATA)
			return bad("--early-data: at most 32k%s%s", "", "");
		return 0;
	case OPT_REPLAY_ENTRIES:
		return parse_count(name, arg, 1, WARD_REPLAY_MAX_ENTRIES,
				   &cfg->replay_entries);
	case OPT_REPLAY_STORE:
		free(cfg->replay_store);
		cfg->replay_store = strdup(arg);
		return 0;
	case OPT_CLIENT_CA:
	case OPT_CLIENT_AUTH:
		return ward_cli_serve_client_auth_flag(cfg, name, arg);
	}
	return -1;
}

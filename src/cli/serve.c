/* `ward serve`: flags, certificates, stores, then the master process. */
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
#include "server/store.h"
#include "server/worker.h"
#include "tls/session_cache.h"

static const char usage_text[] =
	"usage: ward serve [options]\n"
	"\n"
	"Serve HTTPS (TLS 1.3, and TLS 1.2 for clients without it; HTTP/1.1):\n"
	"static files from --root and an upload store for PUT/DELETE.\n"
	"\n"
	"listening:\n"
	"  --listen ADDR:PORT      address to listen on, repeatable\n"
	"                          (default 127.0.0.1:8443; ':8443' is every address)\n"
	"  --redirect-http ADDR:PORT  plain-HTTP listener answering 308 to https\n"
	"  --workers N             worker processes (default: one per core)\n"
	"  --user NAME             run the workers as NAME (the master binds\n"
	"                          and reads the keys first; needs root)\n"
	"  --config FILE           options and sites from a YAML file; every\n"
	"                          flag is a key of the same name there, and\n"
	"                          the flags given here override it\n"
	"                          (docs/config.md; ward check-config FILE)\n"
	"\n"
	"content:\n"
	"  --root DIR              serve static files from DIR (once)\n"
	"  --store PREFIX=DIR      PUT/DELETE/GET under URL PREFIX, files in DIR,\n"
	"                          repeatable (e.g. --store /files/=./data)\n"
	"  --store-auth [PREFIX=]FILE  who may PUT/DELETE: 'user:hash' lines as\n"
	"                          'htpasswd -B' writes (bcrypt; also $y$, $6$),\n"
	"                          HTTP Basic over TLS; for the store at PREFIX,\n"
	"                          else for every store without its own;\n"
	"                          or cert:CN=alice,CN=bob: a verified client\n"
	"                          certificate with one of these CNs (both\n"
	"                          may be given)\n"
	"  --store-public          let anyone write to stores without --store-auth\n"
	"  --store-quota [PREFIX=]SIZE  bytes a store may hold; over it: 507\n"
	"  --max-uploads N         uploads at once per worker; more: 503\n"
	"                          (default: no bound)\n"
	"  --autoindex             list directories without an index.html\n"
	"  --enable-trace          answer TRACE (echoes the request, minus\n"
	"                          Authorization and Cookie)\n"
	"\n"
	"TLS:\n"
	"  --cert FILE --key FILE  certificate chain and key (PEM), repeatable;\n"
	"                          chosen by SNI, the first is the default.\n"
	"                          Without --cert, a localhost certificate is\n"
	"                          issued by the local CA (see 'ward ca').\n"
	"  --ca-dir DIR            the local CA's directory for that case\n"
	"  --groups LIST           key exchange preference, e.g. x25519:secp256r1;\n"
	"                          of x25519 secp256r1 x448 secp384r1 secp521r1\n"
	"                          ffdhe2048 ffdhe3072 ffdhe4096 (all, in this\n"
	"                          order, by default)\n"
	"  --ciphersuites LIST     e.g. TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384\n"
	"  --tls-min 1.2|1.3       oldest TLS version taken (default 1.2); with\n"
	"                          1.3 a TLS 1.2 client gets protocol_version\n"
	"  --tls-policy POLICY     default, or legacy: TLS 1.2 also with static\n"
	"                          RSA key exchange, CBC suites, SHA-1\n"
	"                          signatures, heartbeat and no extended\n"
	"                          master secret, for old clients (docs/tls.md)\n"
	"  --hsts[=SECONDS]        send Strict-Transport-Security (default 1 year)\n"
	"  --session-timeout T     how long a TLS session resumes (default 1h)\n"
	"  --session-cache N       TLS 1.2 session IDs kept for all workers\n"
	"                          (default 20000; 0: none)\n"
	"  --ticket-rotate T       a new session ticket key every T (default 12h;\n"
	"                          at least half of --session-timeout)\n"
	"  --ticket-key-file FILE  ticket keys from FILE (mode 0600, re-read on\n"
	"                          HUP), to share with other servers\n"
	"  --tickets N             TLS 1.3 session tickets after each handshake\n"
	"                          (default 2, at most 8; 0: no TLS 1.3\n"
	"                          resumption)\n"
	"  --early-data SIZE       accept TLS 1.3 0-RTT early data, at most SIZE\n"
	"                          bytes (up to 32k; default off); a request in\n"
	"                          it other than GET/HEAD without a body gets\n"
	"                          425 Too Early (docs/serve.md)\n"
	"  --replay-entries N      0-RTT tickets this instance remembers, for\n"
	"                          all workers (default 65536, 40 bytes each)\n"
	"  --replay-store URL      and in Redis, across instances:\n"
	"                          redis://HOST[:PORT][/DB]; while unreachable,\n"
	"                          early data is refused (docs/serve.md)\n"
	"  --client-ca FILE        ask clients for a certificate from a CA in\n"
	"                          FILE (PEM); the subject is logged and\n"
	"                          given to handlers\n"
	"  --client-auth require|optional  without one: the handshake fails\n"
	"                          (require, the default with --client-ca)\n"
	"                          or goes on unauthenticated (optional)\n"
	"\n"
	"logs:\n"
	"  --access-log FILE|-|off  combined format plus TLS version, cipher\n"
	"                          and client certificate subject (default off)\n"
	"  --error-log FILE|-      (default -, standard error)\n"
	"  --log-level LEVEL       error, warn, info (default) or debug\n"
	"\n"
	"timeouts (seconds, or with an ms suffix):\n"
	"  --handshake-timeout T   (default 10)    --header-timeout T  (default 20)\n"
	"  --body-timeout T        (default 60)    --keepalive-timeout T (default 75)\n"
	"  --send-timeout T        (default 60)    --drain-timeout T   (default 30)\n"
	"\n"
	"limits (sizes take K, M, G suffixes):\n"
	"  --max-connections N     per worker (default 10000; lowered to fit the\n"
	"                          descriptor limit, see the log)\n"
	"  --max-request-line N    longer: 414 (default 8K)\n"
	"  --max-header-size N     request head; larger: 431 (default 32K)\n"
	"  --max-headers N         header fields; more: 431 (default 100)\n"
	"  --max-body N            request body; larger: 413 (default 1G)\n"
	"  --max-upload N          PUT body; larger: 413 (default: --max-body)\n"
	"\n"
	"signals: TERM/INT drain and exit 0 (within --drain-timeout), HUP re-reads\n"
	"the certificates and directories and drains the old workers, USR1 reopens\n"
	"the logs. Draining drops no request: see docs/serve.md.\n"
	"\n"
	"examples:\n"
	"  ward serve --root ./site\n"
	"  ward serve --listen :443 --listen [::]:443 --root /srv/www \\\n"
	"      --cert site.pem --key site-key.pem --redirect-http :80 --hsts\n"
	"  htpasswd -B -c ./writers alice\n"
	"  ward serve --root ./site --store /files/=./data --store-auth ./writers \\\n"
	"      --store-quota 10G --max-upload 100M\n"
	"  ward serve --root ./site --client-ca clients-ca.pem \\\n"
	"      --store /files/=./data --store-auth cert:CN=alice\n";

enum {
	OPT_LISTEN = 256, OPT_REDIRECT, OPT_WORKERS, OPT_ROOT, OPT_STORE,
	OPT_AUTOINDEX, OPT_TRACE, OPT_CERT, OPT_KEY, OPT_CA_DIR, OPT_GROUPS,
	OPT_SUITES, OPT_HSTS, OPT_ACCESS_LOG, OPT_ERROR_LOG, OPT_LOG_LEVEL,
	OPT_T_HANDSHAKE, OPT_T_HEADER, OPT_T_BODY, OPT_T_KEEPALIVE, OPT_T_SEND,
	OPT_T_DRAIN, OPT_MAX_CONN, OPT_MAX_LINE, OPT_MAX_HEAD, OPT_MAX_HEADERS,
	OPT_MAX_BODY, OPT_MAX_UPLOAD, OPT_HELP,
	OPT_STORE_AUTH, OPT_STORE_PUBLIC, OPT_STORE_QUOTA, OPT_MAX_UPLOADS,
	OPT_USER, OPT_TLS_MIN, OPT_SESSION_TIMEOUT, OPT_SESSION_CACHE,
	OPT_TICKET_ROTATE, OPT_TICKET_KEY_FILE, OPT_TICKETS, OPT_EARLY_DATA, OPT_TLS_POLICY,
	OPT_REPLAY_ENTRIES, OPT_REPLAY_STORE,
	OPT_CLIENT_CA, OPT_CLIENT_AUTH,
	OPT_CONFIG, /* the last: l->given is sized by it */
};

/* The flags, and the keys of the configuration file (config/options.h):
 * one table. Repeatable flags are lists in the file. */
static const ward_opt serve_opts[] = {
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

static int open_dir(const char *flag, const char *path, int *fd)
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
	return m->dir ? open_dir("store", m->dir, &m->dirfd) : -1;
}

/* --store-auth and --store-quota: "PREFIX=VALUE" is for the store at
 * PREFIX (a value starting with '/' and holding '=' is read so; write
 * "./" before such a file name), VALUE alone for every store without one
 * of its own. */
typedef struct store_args {
	const char *auth[WARD_MAX_STORES + 1], *quota[WARD_MAX_STORES + 1];
	size_t n_auth, n_quota;
} store_args;

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
static int apply_store_args(ward_server_config *cfg, const store_args *a)
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

/* What one reading of the flags and the file gathers before the
 * configuration is whole; the file's values point into doc. */
typedef struct serve_load {
	ward_server_config *cfg;
	const char *ca_dir;
	size_t n_keys;
	int upload_set;
	store_args sa;
	int check;                      /* ward check-config: no serving */
	const char *file;               /* --config, or NULL */
	ward_conf_doc doc;
	ward_conf_errs *errs;
	unsigned char given[OPT_CONFIG + 1]; /* on the command line */
} serve_load;

/* where each certificate came from in the file: its errors say so */
static struct {
	unsigned line, col;
	char key[64];
} cert_at[WARD_MAX_CERTS];

static void at_cert(serve_load *l, size_t i)
{
	if (l->file && cert_at[i].line)
		ward_cli_serve_at(l->errs, l->file, cert_at[i].line,
				  cert_at[i].col, cert_at[i].key);
}

/* No --cert: a localhost certificate from the local CA, made once. */
static int local_certificate(ward_server_config *cfg, const char *ca_dir)
{
	struct ward_cli_ca_paths paths;
	char out_dir[PATH_MAX + 16], cert[PATH_MAX + 48], key[PATH_MAX + 48];
	if (ward_cli_ca_find_paths(ca_dir, &paths) < 0)
		return -1;
	snprintf(out_dir, sizeof out_dir, "%s/serve", paths.dir);
	snprintf(cert, sizeof cert, "%s/localhost.pem", out_dir);
	snprintf(key, sizeof key, "%s/localhost-key.pem", out_dir);
	if (access(cert, R_OK) || access(key, R_OK)) {
		char *init[] = {"ca", "init", "--dir", paths.dir, NULL};
		char *issue[] = {"ca",        "issue",   "localhost", "127.0.0.1",
				 "::1",       "--dir",   paths.dir,   "--out-dir",
				 out_dir,     NULL};
		/* what ward ca says goes to the error log's stream: standard
		 * output is the access log's when it is "-" */
		fflush(stdout);
		int saved = dup(STDOUT_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		int failed = ward_cli_ca_make_dir(out_dir) < 0 ||
			     ward_cli_ca(4, init) != 0 ||
			     ward_cli_ca(9, issue) != 0;
		fflush(stdout);
		if (saved >= 0) {
			dup2(saved, STDOUT_FILENO);
			close(saved);
		}
		if (failed)
			return bad("local CA: cannot make a localhost "
				   "certificate in %s%s",
				   out_dir, "");
	}
	cfg->cert[0] = strdup(cert);
	cfg->key[0] = strdup(key);
	cfg->n_certs = 1;
	return 0;
}

/* SSLKEYLOGFILE: the secrets of every connection, for Wireshark; created
 * 0600, never through a symlink, and said in the log, since whoever reads
 * the file reads the traffic. */
static int keylog(ward_server_config *cfg)
{
	const char *path = getenv("SSLKEYLOGFILE");
	if (!path || !*path)
		return 0;
	if (ward_tls_config_keylog_open(cfg->tls, path) != WARD_OK)
		return ward_cli_serve_bad(
		    "SSLKEYLOGFILE %s: cannot open it: %s", path,
		    errno == ELOOP ? "it is a symbolic link, which is not "
				     "followed for this file"
				   : strerror(errno));
	ward_log(WARD_LOG_WARN,
		 "SSLKEYLOGFILE: writing the TLS secrets of every connection "
		 "to %s",
		 path);
	return 0;
}

static int build_tls(serve_load *l)
{
	ward_server_config *cfg = l->cfg;
	char why[512];
	cfg->tls = ward_tls_config_new(WARD_TLS_SERVER);
	if (!cfg->tls)
		return bad("TLS: cannot initialise the engine%s%s", "", "");
	for (size_t i = 0; i < cfg->n_certs; i++) {
		at_cert(l, i);
		int failed = ward_tls_config_add_cert_files(
				 cfg->tls, cfg->cert[i], cfg->key[i], why,
				 sizeof why) != WARD_OK;
		if (failed)
			(void)bad("%s%s", why, "");
		ward_cli_serve_at_end();
		if (failed)
			return -1;
		ward_cli_warn_key_mode(cfg->key[i]);
		ward_cli_warn_cert_dates(cfg->cert[i], time(NULL));
	}
	const char *alpn[] = {"http/1.1"};
	if (ward_tls_config_set_alpn(cfg->tls, alpn, 1) != WARD_OK)
		return -1;
	if (cfg->groups &&
	    ward_tls_config_set_groups_str(cfg->tls, cfg->groups) != WARD_OK)
		return bad("--groups: '%s' names an unknown group%s",
			   cfg->groups, "");
	if (cfg->suites &&
	    ward_tls_config_set_suites_str(cfg->tls, cfg->suites) != WARD_OK)
		return bad("--ciphersuites: '%s' names an unknown suite%s",
			   cfg->suites, "");
	if (cfg->tls13_only && ward_tls_config_set_tls12(cfg->tls, 0) != WARD_OK)
		return -1;
	if (ward_sessions_setup(cfg, why, sizeof why) != WARD_OK)
		return bad("%s%s", why, "");
	if (ward_tls_config_set_tickets(cfg->tls, (unsigned)cfg->tickets13) !=
	    WARD_OK)
		return -1;
	if (ward_tls_config_set_early_data(cfg->tls,
					   (uint32_t)cfg->early_data) != WARD_OK)
		return -1;
	/* RFC 8446 8: early data only with a replay check, the register
	 * shared by the workers (and Redis, across instances) */
	if (ward_replay_serve_setup(cfg, why, sizeof why) != WARD_OK)
		return bad("%s%s", why, "");
	if (cfg->early_data)
		ward_tls_config_set_replay_check(cfg->tls, ward_replay_tls_check,
						 cfg->replay);
	if (ward_cli_serve_client_auth(cfg) < 0)
		return -1;
	if (cfg->tls_legacy) {
		if (ward_tls_config_set_policy(cfg->tls,
					       WARD_TLS_POLICY_LEGACY) != WARD_OK)
			return -1;
		ward_log(WARD_LOG_WARN,
			 "--tls-policy legacy: TLS 1.2 clients may get static "
			 "RSA key exchange (no forward secrecy), CBC suites, "
			 "SHA-1 signatures, heartbeat and no extended master "
			 "secret");
	}
	return keylog(cfg);
}

static int parse_flag(ward_server_config *cfg, int opt, const char *arg,
		      const char **ca_dir, size_t *n_keys)
{
	const char *name = NULL;
	for (const ward_opt *o = serve_opts; o->name; o++)
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
		return open_dir(name, arg, &cfg->root_fd);
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

static int apply_opt(serve_load *l, int opt, const char *arg)
{
	if (opt == OPT_MAX_UPLOAD)
		l->upload_set = 1;
	if (opt == OPT_STORE_AUTH || opt == OPT_STORE_QUOTA) {
		int auth = opt == OPT_STORE_AUTH;
		size_t *n = auth ? &l->sa.n_auth : &l->sa.n_quota;
		if (*n == WARD_MAX_STORES + 1)
			return bad("--%s: given more than %s times",
				   auth ? "store-auth" : "store-quota", "17");
		(auth ? l->sa.auth : l->sa.quota)[(*n)++] = arg;
		return 0;
	}
	return parse_flag(l->cfg, opt, arg, &l->ca_dir, &l->n_keys);
}

/* a key of the file, unless its flag was given: flags override the file
 * (--cert or --key replaces both lists) */
static int conf_skip(void *ctx, const ward_opt *o)
{
	serve_load *l = ctx;
	if (o->id == OPT_CERT || o->id == OPT_KEY)
		return l->given[OPT_CERT] || l->given[OPT_KEY];
	return l->given[o->id];
}

static int conf_apply(void *ctx, const ward_opt *o, const char *value,
		      const ward_conf_node *at)
{
	serve_load *l = ctx;
	size_t n = l->cfg->n_certs;
	ward_cli_serve_at(l->errs, l->file, at->line, at->col, o->name);
	int r = apply_opt(l, o->id, value);
	ward_cli_serve_at_end();
	if (r == 0 && o->id == OPT_CERT && l->cfg->n_certs > n) {
		cert_at[n].line = at->line;
		cert_at[n].col = at->col;
		snprintf(cert_at[n].key, sizeof cert_at[n].key, "cert");
	}
	return r;
}

/* The sites' directories, password files and certificates, each error
 * at its place in the file. */
static void open_sites(serve_load *l)
{
	ward_site_table *t = l->cfg->sites;
	char key[96], why[512];
	/* the default site's certificate first: the engine's default for
	 * names no certificate has */
	for (size_t k = 0; k < t->n; k++) {
		size_t i = k == 0 ? t->default_site
			   : k <= t->default_site ? k - 1
						 : k;
		ward_site *s = &t->sites[i];
		for (size_t j = 0; j < s->n_routes; j++) {
			ward_route *r = &s->routes[j];
			snprintf(key, sizeof key, "sites[%zu].routes[%zu].%s.root",
				 i, r->index, r->store ? "store" : "static");
			ward_cli_serve_at(l->errs, l->file, r->root_line,
					  r->root_col, key);
			(void)open_dir("root", r->map.dir, &r->map.dirfd);
			if (r->auth_file) {
				snprintf(key, sizeof key,
					 "sites[%zu].routes[%zu].store.auth", i,
					 r->index);
				ward_cli_serve_at(l->errs, l->file, r->auth_line,
						  r->auth_col, key);
				r->map.auth = ward_store_auth_load(
				    r->auth_file, why, sizeof why);
				if (!r->map.auth)
					(void)bad("%s%s", why, "");
			}
			ward_cli_serve_at_end();
		}
		if (!s->cert)
			continue;
		size_t n = l->cfg->n_certs;
		if (n == WARD_MAX_CERTS) {
			ward_conf_err_at(l->errs, l->file, s->cert_line,
					 s->cert_col, NULL,
					 "more than 16 certificates");
			continue;
		}
		l->cfg->cert[n] = strdup(s->cert);
		l->cfg->key[n] = strdup(s->key);
		l->cfg->n_certs++;
		l->n_keys++;
		cert_at[n].line = s->cert_line;
		cert_at[n].col = s->cert_col;
		snprintf(cert_at[n].key, sizeof cert_at[n].key,
			 "sites[%zu].tls.cert", i);
	}
}

/* ward check-config: the certificates and keys load (into an engine
 * configuration thrown away) */
static void check_certs(serve_load *l)
{
	char why[512];
	ward_tls_config *tls = ward_tls_config_new(WARD_TLS_SERVER);
	if (!tls)
		return;
	for (size_t i = 0; i < l->cfg->n_certs && i < l->n_keys; i++) {
		at_cert(l, i);
		if (ward_tls_config_add_cert_files(tls, l->cfg->cert[i],
						   l->cfg->key[i], why,
						   sizeof why) != WARD_OK)
			(void)bad("%s%s", why, "");
		ward_cli_serve_at_end();
	}
	ward_tls_config_free(tls);
}

/* The file's keys (those the command line does not give), then its
 * sites. Its errors are all gathered in l->errs. */
static void read_file(serve_load *l)
{
	static const char *const sections[] = {"sites", NULL};
	if (ward_conf_load_file(l->file, &l->doc, l->errs) != WARD_OK)
		return;
	ward_conf_apply_options(&l->doc, serve_opts, sections, conf_skip,
				conf_apply, l, l->errs);
	if (ward_conf_sites(&l->doc, &l->cfg->sites, l->errs) || !l->cfg->sites)
		return;
	const ward_conf_node *sites = ward_conf_get(l->doc.root, "sites");
	if (l->cfg->root || l->cfg->n_stores)
		ward_conf_err(l->errs, l->file, sites, "sites",
			      "with sites, static files and stores are routes "
			      "of each site, not root or store");
	open_sites(l);
}

static const struct option *getopt_table(void)
{
	static struct option t[sizeof serve_opts / sizeof serve_opts[0]];
	for (size_t i = 0; serve_opts[i].name; i++) {
		t[i].name = serve_opts[i].name;
		t[i].has_arg = serve_opts[i].arg == WARD_OPT_NONE ? no_argument
			       : serve_opts[i].arg == WARD_OPT_REQUIRED
				   ? required_argument
				   : optional_argument;
		t[i].val = serve_opts[i].id;
	}
	return t;
}

/* The command line once to learn which flags it gives (and --config),
 * then the file, then the flags. 0 ok, 1 help shown, -1 bad. */
static int read_args(serve_load *l, int argc, char **argv)
{
	const struct option *options = getopt_table();
	int opt;
	for (int pass = 0; pass < 2; pass++) {
		optind = 1;
		opterr = 0;
		while ((opt = getopt_long(argc, argv, ":h", options, NULL)) !=
		       -1) {
			if (opt == 'h' || opt == OPT_HELP) {
				fputs(usage_text, stdout);
				return 1;
			}
			if (opt == '?')
				return bad("%s: unknown option (see ward serve "
					   "--help)%s",
					   argv[optind - 1], "");
			if (opt == ':')
				return bad("%s: needs a value%s",
					   argv[optind - 1], "");
			if (pass == 0 && opt == OPT_CONFIG && l->file)
				return bad("--config: given twice%s%s", "", "");
			if (pass == 0 && opt == OPT_CONFIG)
				l->file = optarg;
			if (pass == 0 || opt == OPT_CONFIG) {
				l->given[opt] = 1;
				continue;
			}
			if (apply_opt(l, opt, optarg) < 0)
				return -1;
		}
		if (optind < argc)
			return bad("'%s': unexpected argument (see ward serve "
				   "--help)%s",
				   argv[optind], "");
		if (pass == 0 && l->file) {
			read_file(l);
			if (l->errs->n && !l->check)
				return -1;
		}
	}
	return 0;
}

/* After the flags and the file: what the values say together. */
static int finish_config(serve_load *l)
{
	ward_server_config *cfg = l->cfg;
	if (l->n_keys != cfg->n_certs)
		return bad("--cert: '%s' has no matching --key%s",
			   cfg->cert[l->n_keys], "");
	for (size_t i = 0; i < cfg->n_stores; i++)
		if (cfg->root && !strcmp(cfg->stores[i].prefix, "/"))
			return ward_cli_serve_bad(
			    "--store: the prefix '/' would hide all of --root "
			    "%s; use one such as /files/",
			    cfg->root);
	if (!l->upload_set)
		cfg->max_upload = cfg->http.max_body;
	if (apply_store_args(cfg, &l->sa) < 0)
		return -1;
	if (l->check)
		return 0;
	if (cfg->n_listen == 0)
		cfg->listen[cfg->n_listen++] = strdup("127.0.0.1:8443");
	if (!cfg->error_log)
		cfg->error_log = strdup("-");
	/* at start, the warnings about the files below go to the error log
	 * already (a reload writes to the running one) */
	static int log_opened;
	char why[512];
	if (!log_opened && ward_log_open(cfg->error_log, cfg->log_level, why,
					 sizeof why) != WARD_OK)
		return ward_cli_serve_bad("--error-log: %s", why);
	log_opened = 1;
	if (cfg->n_certs == 0 && local_certificate(cfg, l->ca_dir) < 0)
		return -1;
	return build_tls(l);
}

/* Parse argv (and the file it names) into a complete configuration.
 * 0 ok, 1 help shown, -1 bad; the file's errors are in errs. */
static int load_config(int argc, char **argv, ward_server_config *cfg,
		       int check, ward_conf_errs *errs)
{
	serve_load *l = calloc(1, sizeof *l);
	if (!l)
		return -1;
	l->cfg = cfg;
	l->check = check;
	l->errs = errs;
	memset(cert_at, 0, sizeof cert_at);
	ward_server_config_defaults(cfg);
	int r = read_args(l, argc, argv);
	if (r == 0 && check)
		check_certs(l);
	if (r == 0 && errs->n)
		r = -1;
	if (r == 0)
		r = finish_config(l);
	ward_conf_doc_free(&l->doc);
	free(l);
	return r;
}

static int serve_argc;
static char **serve_argv;

/* The file's errors, one a line: on stderr, or in the error log while
 * serving (a reload). */
static void report(const ward_conf_errs *errs, int to_log)
{
	const char *p = (const char *)errs->text.data;
	const char *end = p ? p + errs->text.len : NULL;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		int n = (int)((nl ? nl : end) - p);
		if (to_log && !ward_log_is_stderr())
			ward_log(WARD_LOG_ERROR, "config: %.*s", n, p);
		fprintf(stderr, "%.*s\n", n, p);
		p = nl ? nl + 1 : end;
	}
	if (errs->n > WARD_CONF_MAX_ERRORS)
		fprintf(stderr, "and %zu more errors\n",
			errs->n - WARD_CONF_MAX_ERRORS);
}

/* SIGHUP: the same flags read again, and the file they name, so that
 * certificates and directories are reloaded from disk. A file that does
 * not load leaves the running configuration, and the log says why. */
static ward_err reload(ward_server_config **cfg, void *arg)
{
	(void)arg;
	ward_conf_errs errs;
	ward_server_config *fresh = malloc(sizeof *fresh);
	if (!fresh)
		return WARD_ERR_NOMEM;
	ward_conf_errs_init(&errs);
	ward_cli_serve_reloading(1);
	int r = load_config(serve_argc, serve_argv, fresh, 0, &errs);
	ward_cli_serve_reloading(0);
	report(&errs, 1);
	ward_conf_errs_free(&errs);
	if (r != 0) {
		ward_server_config_free(fresh);
		free(fresh);
		return WARD_ERR_CONFIG;
	}
	*cfg = fresh;
	return WARD_OK;
}

/* ward check-config FILE: the file read as `ward serve --config FILE`
 * would, its directories, password files, certificates and keys opened;
 * nothing served. */
int ward_cli_check_config(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs("usage: ward check-config FILE\n\n"
		      "Check a configuration file of 'ward serve --config' "
		      "(docs/config.md)\nwithout serving: every error as "
		      "FILE:LINE:COLUMN: key 'KEY': what is wrong.\n"
		      "Exit 0 when it is good, 1 when not, 2 on bad usage.\n",
		      stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fputs("usage: ward check-config FILE\n", stderr);
		return 2;
	}
	char *args[] = {"serve", "--config", argv[1], NULL};
	ward_server_config cfg;
	ward_conf_errs errs;
	ward_conf_errs_init(&errs);
	int r = load_config(3, args, &cfg, 1, &errs);
	report(&errs, 0);
	if (r == 0)
		printf("%s: good\n", argv[1]);
	else if (errs.n)
		fprintf(stderr, "%s: %zu error%s\n", argv[1], errs.n,
			errs.n == 1 ? "" : "s");
	ward_conf_errs_free(&errs);
	ward_server_config_free(&cfg);
	return r == 0 ? 0 : 1;
}

static void tick(void *arg)
{
	(void)arg;
	ward_sessions_tick();
}

static void release_config(ward_server_config *cfg, void *arg)
{
	(void)arg;
	ward_server_config_free(cfg);
	free(cfg);
}

int ward_cli_serve(int argc, char **argv)
{
	ward_server_config *cfg = malloc(sizeof *cfg);
	if (!cfg)
		return 1;
	serve_argc = argc;
	serve_argv = argv;
	ward_conf_errs errs;
	ward_conf_errs_init(&errs);
	int r = load_config(argc, argv, cfg, 0, &errs);
	report(&errs, 0);
	ward_conf_errs_free(&errs);
	if (r != 0) {
		ward_server_config_free(cfg);
		free(cfg);
		return r > 0 ? 0 : 2;
	}
	/* Uploads cut short by a crash left named temporaries behind. Only
	 * here, before any worker runs: a reload reads the flags again while
	 * the running workers may be writing such temporaries. */
	for (size_t i = 0; cfg->sites && i < cfg->sites->n; i++)
		for (size_t j = 0; j < cfg->sites->sites[i].n_routes; j++)
			if (cfg->sites->sites[i].routes[j].store)
				ward_store_sweep(
				    cfg->sites->sites[i].routes[j].map.dirfd);
	for (size_t i = 0; i < cfg->n_stores; i++) {
		ward_store_sweep(cfg->stores[i].dirfd);
		if (!cfg->stores[i].auth)
			fprintf(stderr,
				"ward serve: warning: the store at %s is "
				"public (--store-public): anyone who reaches "
				"it can write and delete files\n",
				cfg->stores[i].prefix);
	}
	ward_master_hooks hooks = {
	    .worker_main = ward_worker_main,
	    .worker_drain = ward_worker_drain,
	    .reload = reload,
	    .config_release = release_config,
	    .tick = tick,
	    .arg = NULL,
	};
	int rc = ward_master_run(cfg, &hooks);
	ward_sessions_free();
	ward_replay_serve_free();
	return rc;
}

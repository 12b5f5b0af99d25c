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
#include "cli/serve_options.h"
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

/* What one reading of the flags and the file gathers before the
 * configuration is whole; the file's values point into doc. */
typedef struct serve_load {
	ward_server_config *cfg;
	const char *ca_dir;
	size_t n_keys;
	int upload_set;
	ward_cli_store_args sa;
	int check;                      /* ward check-config: no serving */
	const char *file;               /* --config, or NULL */
	ward_conf_doc doc;
	ward_conf_errs *errs;
	unsigned char given[OPT_CONFIG + 1]; /* on the command line */
	struct {
		unsigned line, col;
	} at[OPT_CONFIG + 1]; /* each key's last value in the file */
} serve_load;

/* refusals about option id are the file's, at its key, if it has it */
static void at_opt(serve_load *l, int id)
{
	const ward_opt *o = ward_cli_serve_opts;
	while (o->name && o->id != id)
		o++;
	if (l->file && l->at[id].line && o->name)
		ward_cli_serve_at(l->errs, l->file, l->at[id].line,
				  l->at[id].col, o->name);
}

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
			return ward_cli_serve_bad("local CA: cannot make a localhost "
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
		return ward_cli_serve_bad("TLS: cannot initialise the engine%s%s", "", "");
	for (size_t i = 0; i < cfg->n_certs; i++) {
		at_cert(l, i);
		int failed = ward_tls_config_add_cert_files(
				 cfg->tls, cfg->cert[i], cfg->key[i], why,
				 sizeof why) != WARD_OK;
		if (failed)
			(void)ward_cli_serve_bad("%s%s", why, "");
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
		return ward_cli_serve_bad("--groups: '%s' names an unknown group%s",
			   cfg->groups, "");
	if (cfg->suites &&
	    ward_tls_config_set_suites_str(cfg->tls, cfg->suites) != WARD_OK)
		return ward_cli_serve_bad("--ciphersuites: '%s' names an unknown suite%s",
			   cfg->suites, "");
	if (cfg->tls13_only && ward_tls_config_set_tls12(cfg->tls, 0) != WARD_OK)
		return -1;
	if (ward_sessions_setup(cfg, why, sizeof why) != WARD_OK)
		return ward_cli_serve_bad("%s%s", why, "");
	if (ward_tls_config_set_tickets(cfg->tls, (unsigned)cfg->tickets13) !=
	    WARD_OK)
		return -1;
	if (ward_tls_config_set_early_data(cfg->tls,
					   (uint32_t)cfg->early_data) != WARD_OK)
		return -1;
	/* RFC 8446 8: early data only with a replay check, the register
	 * shared by the workers (and Redis, across instances) */
	if (ward_replay_serve_setup(cfg, why, sizeof why) != WARD_OK)
		return ward_cli_serve_bad("%s%s", why, "");
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

static int apply_opt(serve_load *l, int opt, const char *arg)
{
	if (opt == OPT_MAX_UPLOAD)
		l->upload_set = 1;
	if (opt == OPT_STORE_AUTH || opt == OPT_STORE_QUOTA) {
		int auth = opt == OPT_STORE_AUTH;
		size_t *n = auth ? &l->sa.n_auth : &l->sa.n_quota;
		if (*n == WARD_MAX_STORES + 1)
			return ward_cli_serve_bad("--%s: given more than %s times",
				   auth ? "store-auth" : "store-quota", "17");
		(auth ? l->sa.auth : l->sa.quota)[(*n)++] = arg;
		return 0;
	}
	return ward_cli_serve_flag(l->cfg, opt, arg, &l->ca_dir, &l->n_keys);
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
	l->at[o->id].line = at->line;
	l->at[o->id].col = at->col;
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
			(void)ward_cli_serve_open_dir("root", r->map.dir, &r->map.dirfd);
			if (r->auth_file || r->auth_certs) {
				snprintf(key, sizeof key,
					 "sites[%zu].routes[%zu].store.auth", i,
					 r->index);
				ward_cli_serve_at(l->errs, l->file, r->auth_line,
						  r->auth_col, key);
				if ((r->auth_file &&
				     ward_store_auth_add_file(&r->map.auth,
							      r->auth_file, why,
							      sizeof why) < 0) ||
				    (r->auth_certs &&
				     ward_store_auth_add_certs(
					 &r->map.auth, r->auth_certs + 5, why,
					 sizeof why) < 0))
					(void)ward_cli_serve_bad("%s%s", why, "");
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
			(void)ward_cli_serve_bad("%s%s", why, "");
		ward_cli_serve_at_end();
	}
	at_opt(l, l->cfg->client_ca ? OPT_CLIENT_CA : OPT_CLIENT_AUTH);
	l->cfg->tls = tls;
	(void)ward_cli_serve_client_auth(l->cfg);
	l->cfg->tls = NULL;
	ward_cli_serve_at_end();
	ward_tls_config_free(tls);
}

/* The file's keys (those the command line does not give), then its
 * sites. Its errors are all gathered in l->errs. */
static void read_file(serve_load *l)
{
	static const char *const sections[] = {"sites", "unknown-host", NULL};
	if (ward_conf_load_file(l->file, &l->doc, l->errs) != WARD_OK)
		return;
	ward_conf_apply_options(&l->doc, ward_cli_serve_opts, sections, conf_skip,
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
	/* one option per id, and the terminator */
	static struct option t[OPT_CONFIG - OPT_LISTEN + 2];
	for (size_t i = 0; ward_cli_serve_opts[i].name && i + 1 < sizeof t / sizeof t[0];
	     i++) {
		t[i].name = ward_cli_serve_opts[i].name;
		t[i].has_arg = ward_cli_serve_opts[i].arg == WARD_OPT_NONE ? no_argument
			       : ward_cli_serve_opts[i].arg == WARD_OPT_REQUIRED
				   ? required_argument
				   : optional_argument;
		t[i].val = ward_cli_serve_opts[i].id;
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
				fputs(ward_cli_serve_usage, stdout);
				return 1;
			}
			if (opt == '?')
				return ward_cli_serve_bad("%s: unknown option (see ward serve "
					   "--help)%s",
					   argv[optind - 1], "");
			if (opt == ':')
				return ward_cli_serve_bad("%s: needs a value%s",
					   argv[optind - 1], "");
			if (pass == 0 && opt == OPT_CONFIG && l->file)
				return ward_cli_serve_bad("--config: given twice%s%s", "", "");
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
			return ward_cli_serve_bad("'%s': unexpected argument (see ward serve "
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
static int finish_values(serve_load *l)
{
	ward_server_config *cfg = l->cfg;
	at_opt(l, l->at[OPT_KEY].line ? OPT_KEY : OPT_CERT);
	if (l->n_keys != cfg->n_certs)
		return ward_cli_serve_bad("--cert: '%s' has no matching --key%s",
					  cfg->cert[l->n_keys], "");
	at_opt(l, OPT_STORE);
	for (size_t i = 0; i < cfg->n_stores; i++)
		if (cfg->root && !strcmp(cfg->stores[i].prefix, "/"))
			return ward_cli_serve_bad(
			    "--store: the prefix '/' would hide all of --root "
			    "%s; use one such as /files/",
			    cfg->root);
	if (!l->upload_set)
		cfg->max_upload = cfg->http.max_body;
	at_opt(l, l->at[OPT_STORE_AUTH].line ? OPT_STORE_AUTH : OPT_STORE);
	return ward_cli_serve_stores(cfg, &l->sa);
}

/* ... then the logs and the TLS engine. */
static int finish_config(serve_load *l)
{
	ward_server_config *cfg = l->cfg;
	int r = finish_values(l);
	ward_cli_serve_at_end();
	if (r < 0 || l->check)
		return r;
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
	if (r == 0 && check) {
		/* every error: the files, then how the values fit */
		check_certs(l);
		r = finish_values(l);
		ward_cli_serve_at_end();
	}
	if (r == 0 && errs->n)
		r = -1;
	if (r == 0 && !check)
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

/* The options of `ward serve` (serve_options.c): their ids, the one table
 * that getopt and the configuration file's keys are both made from
 * (config/options.h), and the function that applies one value of either,
 * with every check, so that a flag and its key are refused alike. */
#ifndef WARD_CLI_SERVE_OPTIONS_H
#define WARD_CLI_SERVE_OPTIONS_H

#include <stddef.h>

#include "config/options.h"
#include "server/config.h"

enum {
	OPT_LISTEN = 256,
	OPT_REDIRECT,
	OPT_WORKERS,
	OPT_ROOT,
	OPT_STORE,
	OPT_AUTOINDEX,
	OPT_TRACE,
	OPT_CERT,
	OPT_KEY,
	OPT_CA_DIR,
	OPT_GROUPS,
	OPT_SUITES,
	OPT_HSTS,
	OPT_ACCESS_LOG,
	OPT_ERROR_LOG,
	OPT_LOG_LEVEL,
	OPT_T_HANDSHAKE,
	OPT_T_HEADER,
	OPT_T_BODY,
	OPT_T_KEEPALIVE,
	OPT_T_SEND,
	OPT_T_DRAIN,
	OPT_T_TUNNEL,
	OPT_T_CONNECT,
	OPT_MAX_CONN,
	OPT_MAX_LINE,
	OPT_MAX_HEAD,
	OPT_MAX_HEADERS,
	OPT_MAX_BODY,
	OPT_MAX_UPLOAD,
	OPT_HELP,
	OPT_STORE_AUTH,
	OPT_STORE_PUBLIC,
	OPT_STORE_QUOTA,
	OPT_MAX_UPLOADS,
	OPT_USER,
	OPT_TLS_MIN,
	OPT_SESSION_TIMEOUT,
	OPT_SESSION_CACHE,
	OPT_TICKET_ROTATE,
	OPT_TICKET_KEY_FILE,
	OPT_TICKETS,
	OPT_EARLY_DATA,
	OPT_TLS_POLICY,
	OPT_REPLAY_ENTRIES,
	OPT_REPLAY_STORE,
	OPT_CLIENT_CA,
	OPT_CLIENT_AUTH,
	OPT_CONFIG, /* the last: l->given is sized by it */
};

/* ends with a NULL name */
extern const ward_opt ward_cli_serve_opts[];
extern const char ward_cli_serve_usage[];

/* Apply one value of option opt (arg NULL for one without): the flag, or
 * its key in the file. --ca-dir is kept in *ca_dir (arg is borrowed);
 * *n_keys counts the --key values. 0 ok, -1 refused (said through
 * ward_cli_serve_bad). --store-auth and --store-quota are gathered instead
 * and applied together by ward_cli_serve_stores. */
int ward_cli_serve_flag(ward_server_config *cfg, int opt, const char *arg,
			const char **ca_dir, size_t *n_keys);

/* --store-auth and --store-quota: "PREFIX=VALUE" is for the store at
 * PREFIX (a value starting with '/' and holding '=' is read so; write
 * "./" before such a file name), VALUE alone for every store without one
 * of its own. The values are borrowed. */
typedef struct ward_cli_store_args {
	const char *auth[WARD_MAX_STORES + 1], *quota[WARD_MAX_STORES + 1];
	size_t n_auth, n_quota;
} ward_cli_store_args;
int ward_cli_serve_stores(ward_server_config *cfg,
			  const ward_cli_store_args *a);

/* O_PATH|O_DIRECTORY of path; refused as "--FLAG: cannot open ...". */
int ward_cli_serve_open_dir(const char *flag, const char *path, int *fd);

#endif

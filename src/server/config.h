/* `ward serve` configuration: parsed from the command line by the master,
 * shared read-only by the workers it forks. */
#ifndef WARD_SERVER_CONFIG_H
#define WARD_SERVER_CONFIG_H

#include <stdint.h>
#include <sys/types.h>

#include "http/http.h"
#include "tls/tls.h"

#define WARD_MAX_LISTEN 16
#define WARD_MAX_CERTS 16
#define WARD_MAX_STORES 16

struct ward_store_auth;
struct ward_store_usage;

typedef struct ward_store_map {
	char *prefix; /* URL path prefix, starts and ends with '/' */
	char *dir;    /* directory on disk */
	int dirfd;    /* O_PATH|O_DIRECTORY of dir, opened by the master */
	/* who may write (--store-auth), loaded by the master; NULL: anyone
	 * (--store-public) */
	struct ward_store_auth *auth;
	/* --store-quota: bytes the store may hold, 0 for no bound, and the
	 * bytes it holds, shared by the workers (store_usage.c) */
	uint64_t quota;
	struct ward_store_usage *usage;
} ward_store_map;

typedef struct ward_server_config {
	char *listen[WARD_MAX_LISTEN]; /* "ADDR:PORT", "[::1]:PORT", ":PORT" */
	size_t n_listen;
	char *redirect_http; /* plain-HTTP listener answering 308, or NULL */
	char *root;          /* static files, or NULL */
	int root_fd;         /* O_PATH|O_DIRECTORY of root, or -1 */
	char *cert[WARD_MAX_CERTS];
	char *key[WARD_MAX_CERTS];
	size_t n_certs;
	ward_store_map stores[WARD_MAX_STORES];
	size_t n_stores;
	int workers;          /* default: number of cores */
	char *user;	      /* --user: the workers' user, or NULL */
	uid_t user_uid;	      /* its uid and primary group */
	gid_t user_gid;
	long hsts_max_age;    /* Strict-Transport-Security, 0 = off */
	int autoindex;
	int enable_trace;
	char *access_log;     /* path, "-" for stdout, NULL/"off" for none */
	char *error_log;      /* path, "-" (default) for stderr */
	int log_level;        /* 0 error, 1 warn, 2 info, 3 debug */
	char *groups;         /* TLS group preference, or NULL for default */
	char *suites;
	int tls13_only;       /* --tls-min 1.3: no TLS 1.2 */
	int tls_legacy;       /* --tls-policy legacy */
	/* timeouts in milliseconds */
	int handshake_timeout;
	int header_timeout;
	int body_timeout;
	int keepalive_timeout;
	int send_timeout;
	int drain_timeout;
	int tunnel_timeout;  /* a tunnel with no bytes either way ends */
	int connect_timeout; /* CONNECT: reaching the target, 502 after */
	/* limits */
	int max_connections; /* per worker */
	ward_http_limits http;
	uint64_t max_upload;
	/* the store: open to writes without credentials (--store-public);
	 * uploads at once per worker (--max-uploads, 0: no bound) */
	int store_public;
	int max_uploads;
	/* TLS sessions (server/sessions.h): lifetime and ticket key
	 * rotation in ms, session cache entries (0: no session IDs), the
	 * shared ticket key file or NULL */
	int session_timeout;
	int ticket_rotate;
	int session_cache;
	char *ticket_key_file;
	int tickets13; /* TLS 1.3 tickets after each handshake (0: none) */
	/* built from the above by the master */
	ward_tls_config *tls;
	/* 0-RTT anti-replay (server/replay.h): entries of the local
	 * register, the Redis store's URL or NULL, and the register, made
	 * once by the master (replay_serve.h; not owned here) */
	int replay_entries;
	char *replay_store;
	struct ward_replay *replay;
	/* client certificates: --client-ca FILE (NULL: none asked for)
	 * and --client-auth (0 unset: require with --client-ca) */
	char *client_ca;
	int client_auth;
	/* --early-data: max_early_data_size of TLS 1.3 tickets, 0: no 0-RTT */
	uint64_t early_data;
	/* the configuration file's sites (config/site.h), or NULL: one
	 * site made of root and stores above */
	struct ward_site_table *sites;
} ward_server_config;

/* Defaults for everything; the caller then applies flags. */
void ward_server_config_defaults(ward_server_config *cfg);
void ward_server_config_free(ward_server_config *cfg);

#endif

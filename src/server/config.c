/* Defaults of `ward serve`, what nginx users would expect. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/site.h"
#include "server/config.h"
#include "server/replay.h"
#include "handlers/store.h"

void ward_server_config_defaults(ward_server_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->root_fd = -1;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	cfg->workers = cores > 0 ? (int)cores : 1;
	cfg->log_level = 2;
	cfg->handshake_timeout = 10000;
	cfg->header_timeout = 20000;
	cfg->body_timeout = 60000;
	cfg->keepalive_timeout = 75000;
	cfg->send_timeout = 60000;
	cfg->drain_timeout = 30000;
	cfg->tunnel_timeout = 300000;
	cfg->connect_timeout = 10000;
	cfg->max_connections = 10000;
	ward_http_limits_default(&cfg->http);
	cfg->max_upload = cfg->http.max_body;
	cfg->session_timeout = 3600 * 1000;
	cfg->ticket_rotate = 12 * 3600 * 1000;
	cfg->session_cache = 20000;
	cfg->tickets13 = 2;
	cfg->replay_entries = WARD_REPLAY_DEFAULT_ENTRIES;
}

void ward_server_config_free(ward_server_config *cfg)
{
	for (size_t i = 0; i < cfg->n_listen; i++)
		free(cfg->listen[i]);
	free(cfg->redirect_http);
	free(cfg->user);
	free(cfg->root);
	if (cfg->root_fd >= 0)
		close(cfg->root_fd);
	for (size_t i = 0; i < cfg->n_certs; i++) {
		free(cfg->cert[i]);
		free(cfg->key[i]);
	}
	for (size_t i = 0; i < cfg->n_stores; i++) {
		free(cfg->stores[i].prefix);
		free(cfg->stores[i].dir);
		if (cfg->stores[i].dirfd >= 0)
			close(cfg->stores[i].dirfd);
		ward_store_auth_free(cfg->stores[i].auth);
		ward_store_usage_free(cfg->stores[i].usage);
	}
	free(cfg->access_log);
	free(cfg->error_log);
	free(cfg->groups);
	free(cfg->suites);
	free(cfg->ticket_key_file);
	free(cfg->client_ca);
	ward_tls_config_free(cfg->tls);
	free(cfg->replay_store);
	ward_site_table_free(cfg->sites);
	memset(cfg, 0, sizeof *cfg);
	cfg->root_fd = -1;
}

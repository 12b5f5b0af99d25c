/* ward serve --client-ca FILE --client-auth require|optional: client
 * certificates (mutual TLS), verified by the engine against FILE. */
#include <stdlib.h>
#include <string.h>

#include "cli/serve_check.h"
#include "config/site.h"
#include "handlers/store.h"

int ward_cli_serve_client_auth_flag(ward_server_config *cfg, const char *flag,
				    const char *arg)
{
	if (!strcmp(flag, "client-ca")) {
		free(cfg->client_ca);
		cfg->client_ca = strdup(arg);
		return cfg->client_ca ? 0 : -1;
	}
	if (!strcmp(arg, "require"))
		cfg->client_auth = WARD_TLS_CLIENT_AUTH_REQUIRE;
	else if (!strcmp(arg, "optional"))
		cfg->client_auth = WARD_TLS_CLIENT_AUTH_OPTIONAL;
	else
		return ward_cli_serve_bad(
		    "--client-auth: '%s' is neither require nor optional", arg);
	return 0;
}

int ward_cli_serve_client_auth(ward_server_config *cfg)
{
	char why[512] = "";
	ward_trust *cas;
	if (!cfg->client_ca) {
		if (cfg->client_auth)
			return ward_cli_serve_bad(
			    "--client-auth: needs --client-ca FILE");
		/* no client is asked for a certificate: nobody could use
		 * the list */
		for (size_t i = 0; i < cfg->n_stores; i++)
			if (ward_store_auth_cert_names(cfg->stores[i].auth))
				return ward_cli_serve_bad(
				    "--store-auth cert:... for %s: needs "
				    "--client-ca FILE",
				    cfg->stores[i].prefix);
		for (size_t i = 0; cfg->sites && i < cfg->sites->n; i++)
			for (size_t j = 0; j < cfg->sites->sites[i].n_routes;
			     j++)
				if (cfg->sites->sites[i].routes[j].auth_certs)
					return ward_cli_serve_bad(
					    "sites[%zu]: a store's auth: cert:... "
					    "needs client-ca: FILE",
					    i);
		return 0;
	}
	if (ward_trust_load(cfg->client_ca, &cas, why, sizeof why) != WARD_OK)
		return ward_cli_serve_bad("--client-ca: %s", why);
	/* a file the request could name no CA from is a mistake */
	ward_buf names = WARD_BUF_INIT;
	ward_err err = ward_trust_subjects(cas, &names);
	size_t n = names.len;
	ward_buf_free(&names);
	if (err != WARD_OK || n == 0) {
		ward_trust_free(cas);
		return ward_cli_serve_bad("--client-ca: '%s' holds no CA "
					  "certificate",
					  cfg->client_ca);
	}
	int mode =
	    cfg->client_auth ? cfg->client_auth : WARD_TLS_CLIENT_AUTH_REQUIRE;
	if (ward_tls_config_set_client_auth(
		cfg->tls, cas, (ward_tls_client_auth)mode) != WARD_OK)
		return ward_cli_serve_bad("--client-ca: '%s': cannot use it",
					  cfg->client_ca);
	return 0;
}

/* Sites: name-based virtual hosts from the `sites:` list of the
 * configuration file. A site has host names (exact, or "*.a.test" for one
 * more label), its certificate, and routes chosen by the longest path
 * prefix, each a static root or a store.
 *
 * Which site answers (docs/config.md): the site whose names hold the TLS
 * server name (SNI) serves the certificate and must also own the Host of
 * every request on that connection, else 421. A connection without SNI
 * goes by Host. A name no site has (SNI or Host) is the default site's:
 * the one with `default: true`, else the first; or, with the top-level
 * `unknown-host: 404`, a Host no site has gets 404. */
#ifndef WARD_CONFIG_SITE_H
#define WARD_CONFIG_SITE_H

#include "config/conf.h"
#include "config/connect.h"
#include "server/config.h"

#define WARD_MAX_SITES 64
#define WARD_SITE_MAX_NAMES 32
#define WARD_SITE_MAX_ROUTES 32

typedef struct ward_route {
	/* prefix (starts and ends with '/'), dir, dirfd; for a store also
	 * auth; dirfd is -1 and auth NULL until the master opens them */
	ward_store_map map;
	int store;	    /* a store (PUT/DELETE) rather than static files */
	int public_;	    /* store: anyone may write (public: true) */
	char *auth_file;    /* store: the password file, or NULL */
	char *auth_certs;   /* store: "cert:CN=a,CN=b", or NULL */
	size_t index;	    /* in the file's list */
	unsigned line, col; /* the route */
	unsigned root_line, root_col; /* its root: errors opening it */
	unsigned auth_line, auth_col;
	/* early-data: true: its handler takes any request that arrived in
	 * TLS 1.3 early data, not only GET/HEAD without a body (the
	 * operator says replaying them is harmless) */
	int early_data;
} ward_route;

typedef struct ward_site {
	char *names[WARD_SITE_MAX_NAMES]; /* lower case */
	size_t n_names;
	char *cert, *key; /* or NULL: the certificates given globally */
	unsigned cert_line, cert_col, key_line, key_col;
	ward_route routes[WARD_SITE_MAX_ROUTES]; /* longest prefix first */
	size_t n_routes;
	/* CONNECT tunnels (config/connect.h); NULL: refused (405) */
	struct ward_connect_policy *connect;
} ward_site;

typedef struct ward_site_table {
	ward_site sites[WARD_MAX_SITES];
	size_t n;
	size_t default_site;
	/* unknown-host: 404 — a Host no site has gets 404 rather than the
	 * default site */
	int unknown_404;
} ward_site_table;

/* Read doc's `sites:` (and `unknown-host:`) into *out (NULL when there is
 * no `sites:`). Files are not touched. Returns the number of errors, added
 * to errs. */
size_t ward_conf_sites(const ward_conf_doc *doc, ward_site_table **out,
		       ward_conf_errs *errs);
void ward_site_table_free(ward_site_table *t);

/* Whether a site name covers host (case-insensitive; a trailing dot and,
 * for a Host header, a ":port" are not part of the name). */
int ward_site_name_matches(const char *name, const char *host, size_t len);
/* The site owning host, or NULL; host as the Host header gives it. */
const ward_site *ward_site_find(const ward_site_table *t, const char *host,
				size_t len);
/* The route for the normalised path url, and the rest of it beneath the
 * route's root; "/files" belongs to the route at "/files/". NULL: none. */
const ward_route *ward_site_route(const ward_site *s, const char *url,
				  const char **rel);

#endif

/* The sites of the configuration file (site.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config/site.h"
#include "handlers/store.h"

typedef struct reader {
	const ward_conf_doc *doc;
	ward_conf_errs *errs;
	size_t bad;
} reader;

static void err(reader *r, const ward_conf_node *at, const char *key,
		const char *msg)
{
	ward_conf_err(r->errs, r->doc->file, at, key, "%s", msg);
	r->bad++;
}

/* Keys a mapping may have; unknown ones are errors, and those of later
 * features say so. */
static void known_keys(reader *r, const ward_conf_node *map, const char *path,
		       const char *const *keys)
{
	static const char *const later[] = {"proxy", "redirect", "headers",
					    NULL};
	for (size_t i = 0; i < map->n_kid; i += 2) {
		const ward_conf_node *k = map->kid[i];
		size_t j = 0;
		while (keys[j] && strcmp(keys[j], k->str))
			j++;
		if (keys[j])
			continue;
		char key[256];
		snprintf(key, sizeof key, "%s.%s", path, k->str);
		j = 0;
		while (later[j] && strcmp(later[j], k->str))
			j++;
		err(r, k, key,
		    later[j] ? "not supported yet (see docs/config.md)"
			     : "unknown key (docs/config.md lists them)");
	}
}

static int want(reader *r, const ward_conf_node *n, const char *key,
		ward_conf_kind kind)
{
	if (n->kind == kind &&
	    !(kind == WARD_CONF_SCALAR && n->plain && n->len == 0))
		return 1;
	char msg[96];
	snprintf(msg, sizeof msg, "wants %s, not %s",
		 kind == WARD_CONF_SCALAR ? "a value"
		 : kind == WARD_CONF_SEQ  ? "a list"
					  : "a mapping",
		 n->kind == WARD_CONF_SCALAR ? "nothing"
					     : ward_conf_kind_name(n));
	err(r, n, key, msg);
	return 0;
}

static char *dup_str(const ward_conf_node *n)
{
	char *s = strdup(n->str);
	if (!s)
		abort(); /* start-up only; nothing to serve without memory */
	return s;
}

/* RFC 1123 names, lower case, with at most a leading "*." */
static int check_name(reader *r, const ward_conf_node *n, const char *key)
{
	const char *s = n->str;
	if (!strncmp(s, "*.", 2))
		s += 2;
	size_t label = 0;
	int ok = *s != 0 && n->len <= 253;
	for (; *s && ok; s++) {
		if (*s == '.') {
			ok = label > 0;
			label = 0;
		} else {
			ok = (isalnum((unsigned char)*s) || *s == '-') &&
			     ++label <= 63;
		}
	}
	if (ok && label > 0)
		return 1;
	err(r, n, key,
	    "not a host name (letters, digits, '-' and dots; a wildcard is "
	    "a first label '*')");
	return 0;
}

static void lower_names(ward_site *s)
{
	for (size_t i = 0; i < s->n_names; i++)
		for (char *c = s->names[i]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
}

static void read_names(reader *r, ward_site *s, const ward_conf_node *v,
		       const char *path)
{
	char key[256];
	snprintf(key, sizeof key, "%s.names", path);
	if (v->kind == WARD_CONF_SCALAR) {
		if (!want(r, v, key, WARD_CONF_SCALAR) ||
		    !check_name(r, v, key))
			return;
		s->names[s->n_names++] = dup_str(v);
		lower_names(s);
		return;
	}
	if (!want(r, v, key, WARD_CONF_SEQ))
		return;
	if (v->n_kid == 0)
		err(r, v, key, "an empty list: a site needs a name");
	for (size_t i = 0; i < v->n_kid; i++) {
		snprintf(key, sizeof key, "%s.names[%zu]", path, i);
		if (s->n_names == WARD_SITE_MAX_NAMES) {
			err(r, v->kid[i], key, "more than 32 names in a site");
			return;
		}
		if (want(r, v->kid[i], key, WARD_CONF_SCALAR) &&
		    check_name(r, v->kid[i], key))
			s->names[s->n_names++] = dup_str(v->kid[i]);
	}
	lower_names(s);
}

static void read_tls(reader *r, ward_site *s, const ward_conf_node *v,
		     const char *path)
{
	static const char *const keys[] = {"cert", "key", NULL};
	char key[256];
	snprintf(key, sizeof key, "%s.tls", path);
	if (!want(r, v, key, WARD_CONF_MAP))
		return;
	known_keys(r, v, key, keys);
	const ward_conf_node *c = ward_conf_get(v, "cert");
	const ward_conf_node *k = ward_conf_get(v, "key");
	if (!c || !k) {
		err(r, v, key, c ? "has a cert but no key" : "has no cert");
		return;
	}
	snprintf(key, sizeof key, "%s.tls.cert", path);
	if (!want(r, c, key, WARD_CONF_SCALAR))
		return;
	snprintf(key, sizeof key, "%s.tls.key", path);
	if (!want(r, k, key, WARD_CONF_SCALAR))
		return;
	s->cert = dup_str(c);
	s->key = dup_str(k);
	s->cert_line = c->line;
	s->cert_col = c->col;
	s->key_line = k->line;
	s->key_col = k->col;
}

/* A store's auth: a password file, "cert:CN=a,CN=b" (client
 * certificates, as --store-auth takes them), or a list of one of each. */
static void read_auth(reader *r, ward_route *rt, const ward_conf_node *auth,
		      const char *k)
{
	const ward_conf_node *const *items = &auth;
	size_t n = 1;
	if (auth->kind == WARD_CONF_SEQ) {
		items = (const ward_conf_node *const *)auth->kid;
		n = auth->n_kid;
		if (n == 0 || n > 2) {
			err(r, auth, k, "wants a password file, a cert: list, "
					"or one of each");
			return;
		}
	}
	rt->auth_line = auth->line;
	rt->auth_col = auth->col;
	for (size_t i = 0; i < n; i++) {
		const ward_conf_node *one = items[i];
		if (!want(r, one, k, WARD_CONF_SCALAR))
			return;
		int cert = !strncmp(one->str, "cert:", 5);
		char **slot = cert ? &rt->auth_certs : &rt->auth_file;
		if (*slot) {
			err(r, one, k, cert ? "two cert: lists"
					    : "two password files");
			return;
		}
		*slot = dup_str(one);
	}
}

/* a handler's mapping: {root} for static, {root, auth | public} for store */
static void read_handler(reader *r, ward_route *rt, const ward_conf_node *v,
			 const char *key)
{
	static const char *const static_keys[] = {"root", NULL};
	static const char *const store_keys[] = {"root", "auth", "public",
						 NULL};
	if (!want(r, v, key, WARD_CONF_MAP))
		return;
	known_keys(r, v, key, rt->store ? store_keys : static_keys);
	char k[400];
	const ward_conf_node *root = ward_conf_get(v, "root");
	if (!root) {
		err(r, v, key, "has no root (the directory)");
		return;
	}
	snprintf(k, sizeof k, "%s.root", key);
	if (!want(r, root, k, WARD_CONF_SCALAR))
		return;
	rt->map.dir = dup_str(root);
	rt->root_line = root->line;
	rt->root_col = root->col;
	if (!rt->store)
		return;
	const ward_conf_node *auth = ward_conf_get(v, "auth");
	const ward_conf_node *pub = ward_conf_get(v, "public");
	if (pub) {
		snprintf(k, sizeof k, "%s.public", key);
		int b = ward_conf_bool(pub);
		if (b < 0)
			err(r, pub, k, "wants true or false");
		rt->public_ = b == 1;
	}
	if (auth) {
		snprintf(k, sizeof k, "%s.auth", key);
		if (rt->public_)
			err(r, auth, k, "an auth file and public: true");
		else
			read_auth(r, rt, auth, k);
	} else if (!rt->public_) {
		err(r, v, key,
		    "writes need auth: FILE (or public: true to let anyone "
		    "write)");
	}
}

static void read_route(reader *r, ward_site *s, const ward_conf_node *v,
		       const char *key, size_t idx)
{
	static const char *const keys[] = {"path", "static", "store",
					   "early-data", NULL};
	if (!want(r, v, key, WARD_CONF_MAP))
		return;
	known_keys(r, v, key, keys);
	char k[300];
	const ward_conf_node *path = ward_conf_get(v, "path");
	const ward_conf_node *st = ward_conf_get(v, "static");
	const ward_conf_node *store = ward_conf_get(v, "store");
	if (!path) {
		err(r, v, key, "has no path");
		return;
	}
	snprintf(k, sizeof k, "%s.path", key);
	if (!want(r, path, k, WARD_CONF_SCALAR))
		return;
	if (path->str[0] != '/') {
		err(r, path, k, "must start with '/'");
		return;
	}
	if (!st && !store && ward_conf_get(v, "proxy"))
		return; /* said above: not yet */
	if (!st == !store) {
		err(r, v, key,
		    st ? "has both static and store: one handler per route"
		       : "has no handler (static or store)");
		return;
	}
	ward_route *rt = &s->routes[s->n_routes];
	memset(rt, 0, sizeof *rt);
	rt->map.dirfd = -1;
	rt->index = idx;
	rt->line = v->line;
	rt->col = v->col;
	rt->store = store != NULL;
	size_t plen = path->len;
	int slash = path->str[plen - 1] != '/';
	rt->map.prefix = malloc(plen + 2);
	if (!rt->map.prefix)
		abort();
	memcpy(rt->map.prefix, path->str, plen);
	if (slash)
		rt->map.prefix[plen++] = '/';
	rt->map.prefix[plen] = 0;
	for (size_t i = 0; i < s->n_routes; i++)
		if (!strcmp(s->routes[i].map.prefix, rt->map.prefix)) {
			err(r, path, k, "another route of this site has it");
			free(rt->map.prefix);
			return;
		}
	s->n_routes++;
	const ward_conf_node *early = ward_conf_get(v, "early-data");
	if (early) {
		snprintf(k, sizeof k, "%s.early-data", key);
		int b = ward_conf_bool(early);
		if (b < 0)
			err(r, early, k, "wants true or false");
		rt->early_data = b == 1;
	}
	snprintf(k, sizeof k, "%s.%s", key, store ? "store" : "static");
	read_handler(r, rt, store ? store : st, k);
}

static int by_prefix_len(const void *a, const void *b)
{
	size_t la = strlen(((const ward_route *)a)->map.prefix);
	size_t lb = strlen(((const ward_route *)b)->map.prefix);
	return la < lb ? 1 : la > lb ? -1 : 0;
}

static void read_site(reader *r, ward_site_table *t, const ward_conf_node *v,
		      size_t idx, int *has_default)
{
	static const char *const keys[] = {"names", "tls", "routes", "default",
					   "connect", NULL};
	char path[64], key[128];
	snprintf(path, sizeof path, "sites[%zu]", idx);
	if (!want(r, v, path, WARD_CONF_MAP))
		return;
	known_keys(r, v, path, keys);
	ward_site *s = &t->sites[t->n++];
	const ward_conf_node *names = ward_conf_get(v, "names");
	const ward_conf_node *tls = ward_conf_get(v, "tls");
	const ward_conf_node *routes = ward_conf_get(v, "routes");
	const ward_conf_node *def = ward_conf_get(v, "default");
	if (names)
		read_names(r, s, names, path);
	else
		err(r, v, path, "has no names");
	if (tls)
		read_tls(r, s, tls, path);
	const ward_conf_node *connect = ward_conf_get(v, "connect");
	if (connect) {
		snprintf(key, sizeof key, "%s.connect", path);
		r->bad += ward_conf_connect(r->doc, connect, key, &s->connect,
					    r->errs);
	}
	if (def) {
		snprintf(key, sizeof key, "%s.default", path);
		int b = ward_conf_bool(def);
		if (b < 0)
			err(r, def, key, "wants true or false");
		else if (b && *has_default)
			err(r, def, key, "a second site marked default");
		else if (b) {
			*has_default = 1;
			t->default_site = t->n - 1;
		}
	}
	if (!routes)
		return; /* a site may only hold a name and a certificate */
	snprintf(key, sizeof key, "%s.routes", path);
	if (!want(r, routes, key, WARD_CONF_SEQ))
		return;
	for (size_t i = 0; i < routes->n_kid; i++) {
		snprintf(key, sizeof key, "%s.routes[%zu]", path, i);
		if (s->n_routes == WARD_SITE_MAX_ROUTES) {
			err(r, routes->kid[i], key,
			    "more than 32 routes in a site");
			break;
		}
		read_route(r, s, routes->kid[i], key, i);
	}
	qsort(s->routes, s->n_routes, sizeof s->routes[0], by_prefix_len);
}

/* a name in two sites would make the choice depend on their order */
static void distinct_names(reader *r, const ward_site_table *t,
			   const ward_conf_node *list)
{
	for (size_t i = 0; i < t->n; i++)
		for (size_t a = 0; a < t->sites[i].n_names; a++)
			for (size_t j = 0; j <= i; j++)
				for (size_t b = 0;
				     b < (j == i ? a : t->sites[j].n_names);
				     b++) {
					if (strcmp(t->sites[i].names[a],
						   t->sites[j].names[b]))
						continue;
					char key[64],
					    msg[WARD_CONF_MAX_SCALAR + 64];
					snprintf(key, sizeof key,
						 "sites[%zu].names", i);
					snprintf(msg, sizeof msg,
						 "'%s' is also a name of "
						 "sites[%zu]",
						 t->sites[i].names[a], j);
					err(r,
					    ward_conf_get(list->kid[i],
							  "names"),
					    key, msg);
				}
}

size_t ward_conf_sites(const ward_conf_doc *doc, ward_site_table **out,
		       ward_conf_errs *errs)
{
	reader r = {.doc = doc, .errs = errs};
	*out = NULL;
	const ward_conf_node *list = ward_conf_get(doc->root, "sites");
	if (!list) {
		const ward_conf_node *u =
		    ward_conf_get(doc->root, "unknown-host");
		if (u)
			err(&r, u, "unknown-host",
			    "is for sites: there are none");
		return r.bad;
	}
	if (!want(&r, list, "sites", WARD_CONF_SEQ))
		return r.bad;
	if (list->n_kid > WARD_MAX_SITES) {
		err(&r, list->kid[WARD_MAX_SITES], "sites",
		    "more than 64 sites");
		return r.bad;
	}
	ward_site_table *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	const ward_conf_node *unknown =
	    ward_conf_get(doc->root, "unknown-host");
	if (unknown &&
	    (unknown->kind != WARD_CONF_SCALAR ||
	     (strcmp(unknown->str, "default") && strcmp(unknown->str, "404"))))
		err(&r, unknown, "unknown-host", "wants default or 404");
	t->unknown_404 =
	    unknown && !strcmp(unknown->str ? unknown->str : "", "404");
	int has_default = 0;
	size_t bad_before = r.bad;
	for (size_t i = 0; i < list->n_kid; i++)
		read_site(&r, t, list->kid[i], i, &has_default);
	if (r.bad == bad_before)
		distinct_names(&r, t, list);
	if (t->n == 0 && r.bad == 0)
		err(&r, list, "sites", "an empty list: leave it out instead");
	if (r.bad) {
		ward_site_table_free(t);
		return r.bad;
	}
	*out = t;
	return 0;
}

void ward_site_table_free(ward_site_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		ward_site *s = &t->sites[i];
		for (size_t j = 0; j < s->n_names; j++)
			free(s->names[j]);
		free(s->cert);
		free(s->key);
		free(s->connect);
		for (size_t j = 0; j < s->n_routes; j++) {
			ward_route *rt = &s->routes[j];
			free(rt->auth_file);
			free(rt->auth_certs);
			free(rt->map.prefix);
			free(rt->map.dir);
			if (rt->map.dirfd >= 0)
				close(rt->map.dirfd);
			ward_store_auth_free(rt->map.auth);
			ward_store_usage_free(rt->map.usage);
		}
	}
	free(t);
}

int ward_site_name_matches(const char *name, const char *host, size_t len)
{
	/* "[v6]:port" and "a.test:port" lose the port; v6 literals match
	 * no name */
	if (len && host[0] == '[')
		return 0;
	const char *colon = memchr(host, ':', len);
	if (colon)
		len = (size_t)(colon - host);
	if (len && host[len - 1] == '.')
		len--;
	if (!strncmp(name, "*.", 2)) {
		size_t nlen = strlen(name + 1); /* ".a.test" */
		const char *dot = memchr(host, '.', len);
		return dot && dot > host &&
		       (size_t)(host + len - dot) == nlen &&
		       !strncasecmp(dot, name + 1, nlen);
	}
	return strlen(name) == len && !strncasecmp(name, host, len);
}

const ward_site *ward_site_find(const ward_site_table *t, const char *host,
				size_t len)
{
	/* an exact name before a wildcard, whatever the order of the sites */
	for (int wild = 0; wild < 2; wild++)
		for (size_t i = 0; i < t->n; i++)
			for (size_t j = 0; j < t->sites[i].n_names; j++) {
				const char *n = t->sites[i].names[j];
				if ((n[0] == '*') == wild &&
				    ward_site_name_matches(n, host, len))
					return &t->sites[i];
			}
	return NULL;
}

const ward_route *ward_site_route(const ward_site *s, const char *url,
				  const char **rel)
{
	size_t ulen = strlen(url);
	/* longest prefix first (sorted when read) */
	for (size_t i = 0; i < s->n_routes; i++) {
		const char *p = s->routes[i].map.prefix;
		size_t plen = strlen(p);
		if (!strncmp(url, p, plen)) {
			*rel = url + plen;
			return &s->routes[i];
		}
		if (ulen == plen - 1 && !strncmp(url, p, ulen)) {
			*rel = url + ulen;
			return &s->routes[i];
		}
	}
	return NULL;
}

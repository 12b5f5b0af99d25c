/* ward_handle_request: method and path dispatch (RFC 9110 9). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config/site.h"
#include "handlers/path.h"
#include "server/early.h"
#include "handlers/route.h"

#define INFO_PATH "/.well-known/ward/connection"

typedef enum {
	TARGET_SERVER, /* OPTIONS *, CONNECT */
	TARGET_INFO,
	TARGET_STORE,
	TARGET_STATIC,
} target_kind;

/* 10.2.1: Allow lists the methods the target resource supports. */
static ward_err add_allow(const ward_server_config *cfg, target_kind kind,
			  ward_response *resp)
{
	int put_delete = kind == TARGET_STORE ||
			 (kind == TARGET_SERVER && cfg->n_stores > 0);
	return ward_response_header(resp, "Allow", "GET, HEAD, OPTIONS%s%s",
				    put_delete ? ", PUT, DELETE" : "",
				    cfg->enable_trace ? ", TRACE" : "");
}

static ward_err not_allowed(const ward_server_config *cfg, target_kind kind,
			    ward_response *resp)
{
	WARD_TRY(add_allow(cfg, kind, resp));
	return ward_response_simple(resp, 405, NULL);
}

static ward_err options(const ward_server_config *cfg, target_kind kind,
			ward_response *resp)
{
	WARD_TRY(add_allow(cfg, kind, resp));
	return ward_response_simple(resp, 204, NULL);
}

static int is_credential(ward_slice name)
{
	static const char *const hidden[] = {"Authorization", "Cookie",
					     "Proxy-Authorization"};
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		if (name.len == strlen(hidden[i]) &&
		    !strncasecmp((const char *)name.p, hidden[i], name.len))
			return 1;
	return 0;
}

/* 9.3.8: TRACE reflects the request head as message/http. Credentials are
 * left out (the SHOULD NOT of 9.3.8): echoing them is what made cross-site
 * tracing steal cookies. */
static ward_err trace(const ward_http_request *req, ward_response *resp)
{
	ward_buf b = WARD_BUF_INIT;
	ward_err ret;
	char version[16];
	snprintf(version, sizeof version, " HTTP/1.%d\r\n", req->version_minor);
	WARD_TRY_OUT(
	    ward_put_bytes(&b, req->method_name.p, req->method_name.len));
	WARD_TRY_OUT(ward_put_u8(&b, ' '));
	WARD_TRY_OUT(ward_put_bytes(&b, req->target.p, req->target.len));
	WARD_TRY_OUT(ward_put_str(&b, version));
	for (size_t i = 0; i < req->n_headers; i++) {
		const ward_http_header *h = &req->headers[i];
		if (is_credential(h->name))
			continue;
		WARD_TRY_OUT(ward_put_bytes(&b, h->name.p, h->name.len));
		WARD_TRY_OUT(ward_put_str(&b, ": "));
		WARD_TRY_OUT(ward_put_bytes(&b, h->value.p, h->value.len));
		WARD_TRY_OUT(ward_put_str(&b, "\r\n"));
	}
	WARD_TRY_OUT(ward_put_str(&b, "\r\n"));
	resp->status = 200;
	WARD_TRY_OUT(
	    ward_response_header_cstr(resp, "Content-Type", "message/http"));
	WARD_TRY_OUT(ward_response_body_mem(resp, b.data, b.len));
out:
	ward_buf_free(&b);
	return ret;
}

/* The store whose prefix holds url, the longest if several do; "/files"
 * belongs to the store at "/files/" (it redirects there). */
static const ward_store_map *find_store(const ward_server_config *cfg,
					const char *url, const char **rel)
{
	const ward_store_map *best = NULL;
	size_t best_len = 0, ulen = strlen(url);
	for (size_t i = 0; i < cfg->n_stores; i++) {
		const ward_store_map *s = &cfg->stores[i];
		size_t plen = strlen(s->prefix);
		if (plen == 0 || plen <= best_len)
			continue;
		if (!strncmp(url, s->prefix, plen)) {
			best = s;
			best_len = plen;
			*rel = url + plen;
		} else if (ulen == plen - 1 && !strncmp(url, s->prefix, ulen)) {
			best = s;
			best_len = plen;
			*rel = url + ulen;
		}
	}
	return best;
}

/* With sites (config/site.h): the site the Host names, which must be the
 * one the TLS server name chose (RFC 9110 7.4, 15.5.20: 421 otherwise);
 * names no site has are the default site's, or 404 (unknown-host: 404).
 * Returns 0 with *out, or the status to answer. */
static int choose_site(const ward_request_ctx *ctx,
		       const ward_http_request *req, const ward_site **out)
{
	const ward_site_table *t = ctx->cfg->sites;
	const ward_site *def = &t->sites[t->default_site];
	const char *sni = ctx->tls ? ctx->tls->server_name : NULL;
	const ward_site *by_host =
	    ward_site_find(t, (const char *)req->host.p, req->host.len);
	if (!by_host && t->unknown_404)
		return 404;
	if (!by_host)
		by_host = def;
	if (sni && *sni) {
		const ward_site *by_sni = ward_site_find(t, sni, strlen(sni));
		if ((by_sni ? by_sni : def) != by_host)
			return 421;
	}
	*out = by_host;
	return 0;
}

/* The site a CONNECT is for, if it takes them: the TLS server name's, else
 * the default site. */
static const ward_site *connect_site(const ward_request_ctx *ctx)
{
	const ward_site_table *t = ctx->cfg->sites;
	const char *sni = ctx->tls ? ctx->tls->server_name : NULL;
	if (!t || !ctx->connect)
		return NULL;
	const ward_site *s = sni && *sni ? ward_site_find(t, sni, strlen(sni))
					 : NULL;
	if (!s)
		s = &t->sites[t->default_site];
	return s->connect ? s : NULL;
}

static ward_err route(const ward_request_ctx *ctx, const ward_http_request *req,
		      ward_response *resp, ward_body_sink *sink,
		      target_kind *kind_out)
{
	const ward_server_config *cfg = ctx->cfg;
	ward_http_method m = req->method;
	/* 9.1: a method we do not know is 501; one we know but do not
	 * apply to the target is 405 with Allow */
	if (m == WARD_HTTP_OTHER)
		return ward_response_simple(resp, 501, NULL);
	if (m == WARD_HTTP_CONNECT) {
		/* by the TLS server name alone: a proxy's client names the
		 * proxy there, and the target in Host */
		const ward_site *site = connect_site(ctx);
		if (!site)
			return not_allowed(cfg, TARGET_SERVER, resp);
		return ward_connect_handle(ctx, req, site, resp);
	}
	if (req->asterisk) {
		/* 9.3.7: OPTIONS * asks about the server as a whole */
		if (m == WARD_HTTP_OPTIONS)
			return options(cfg, TARGET_SERVER, resp);
		return ward_response_simple(resp, 400, NULL);
	}

	char url[WARD_PATH_MAX + 1];
	size_t ulen;
	ward_err err = ward_path_normalize(req->path, url, sizeof url, &ulen);
	if (err != WARD_OK)
		return ward_response_simple(resp, ward_http_status_for(err),
					    NULL);
	const char *rel = url + 1;
	const ward_store_map *store = NULL;
	target_kind kind = TARGET_STATIC;
	int root_fd = cfg->root_fd;
	const ward_site *site = NULL;
	int early_ok = 0;
	int misdirected = cfg->sites ? choose_site(ctx, req, &site) : 0;
	if (misdirected)
		return ward_response_simple(resp, misdirected, NULL);
	if (!strcmp(url, INFO_PATH)) {
		kind = TARGET_INFO;
	} else if (site) {
		const ward_route *rt = ward_site_route(site, url, &rel);
		early_ok = rt && rt->early_data;
		root_fd = rt && !rt->store ? rt->map.dirfd : -1;
		if (rt && rt->store) {
			store = &rt->map;
			kind = TARGET_STORE;
		}
	} else if ((store = find_store(cfg, url, &rel)) != NULL) {
		kind = TARGET_STORE;
	}
	*kind_out = kind;
	/* RFC 8470 5.2: a request a replay could harm waits for the
	 * handshake, unless its route takes early data */
	if (ctx->early && !early_ok && ward_early_request_too_early(req))
		return ward_response_simple(resp, 425, NULL);

	if (m == WARD_HTTP_TRACE) {
		if (!cfg->enable_trace)
			return not_allowed(cfg, kind, resp);
		return trace(req, resp);
	}
	if (m == WARD_HTTP_OPTIONS)
		return options(cfg, kind, resp);
	int get = m == WARD_HTTP_GET || m == WARD_HTTP_HEAD;

	switch (kind) {
	case TARGET_INFO:
		if (!get)
			return not_allowed(cfg, kind, resp);
		return ward_info_connection(ctx, resp);
	case TARGET_STORE:
		if (!get && m != WARD_HTTP_PUT && m != WARD_HTTP_DELETE)
			return not_allowed(cfg, kind, resp);
		if (!get)
			return ward_store_handle(ctx, req, store, url, rel,
						 resp, sink);
		/* upload temporaries are never served nor addressable */
		if (ward_store_reserved(rel))
			return ward_response_simple(resp, 404, NULL);
		return ward_static_serve(ctx, req, store->dirfd, url, rel, 1,
					 resp);
	default:
		if (!get)
			return not_allowed(cfg, kind, resp);
		if (root_fd < 0)
			return ward_response_simple(resp, 404, NULL);
		return ward_static_serve(ctx, req, root_fd, url, rel, 0, resp);
	}
}

/* What users uploaded is never run on the site's origin: no sniffing a
 * type into an active one, and a sandbox (a unique origin, no scripts)
 * for whatever a browser renders anyway. Every answer about a store path
 * carries both. */
static ward_err store_headers(ward_response *resp)
{
	static const char nosniff[] = "X-Content-Type-Options:";
	size_t n = sizeof nosniff - 1;
	int has = 0;
	for (size_t i = 0; i + n <= resp->head.len && !has; i++)
		has =
		    (i == 0 || resp->head.data[i - 1] == '\n') &&
		    !strncasecmp((const char *)resp->head.data + i, nosniff, n);
	if (!has)
		WARD_TRY(ward_response_header_cstr(
		    resp, "X-Content-Type-Options", "nosniff"));
	return ward_response_header_cstr(resp, "Content-Security-Policy",
					 "sandbox");
}

ward_err ward_handle_request(const ward_request_ctx *ctx,
			     const ward_http_request *req, ward_response *resp,
			     ward_body_sink *sink)
{
	memset(sink, 0, sizeof *sink);
	target_kind kind = TARGET_SERVER;
	ward_err err = route(ctx, req, resp, sink, &kind);
	if (err == WARD_OK && kind == TARGET_STORE)
		err = store_headers(resp);
	/* 9.3.2: HEAD is GET without the content; the length is kept */
	if (err == WARD_OK && req->method == WARD_HTTP_HEAD)
		resp->no_body = 1;
	return err;
}

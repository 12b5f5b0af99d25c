/* CONNECT requests (RFC 9110 9.3.6): the policy part. The connection
 * dials what this allows (server/conn_connect.c). */
#include <string.h>

#include "config/site.h"
#include "handlers/route.h"
#include "server/log.h"

ward_err ward_connect_handle(const ward_request_ctx *ctx,
			     const ward_http_request *req,
			     const ward_site *site, ward_response *resp)
{
	const char *why = NULL;
	/* 9.3.6: a CONNECT request has no content; one that says it has
	 * one leaves the framing of what follows unclear */
	if (ward_http_request_has_body(req)) {
		resp->close = 1;
		return ward_response_simple(resp, 400,
					    "A CONNECT request has no content.");
	}
	if (ward_connect_parse((const char *)req->target.p, req->target.len,
			       0, ctx->connect, &why) != 0) {
		ward_log(WARD_LOG_INFO, "%s: CONNECT %.*s: %s", ctx->peer_addr,
			 (int)(req->target.len < 300 ? req->target.len : 300),
			 (const char *)req->target.p, why);
		memset(ctx->connect, 0, sizeof *ctx->connect);
		return ward_response_simple(resp, 400, why);
	}
	/* the name the client gave, before any resolving */
	if (!ward_connect_allowed(site->connect, ctx->connect)) {
		ward_log(WARD_LOG_INFO, "%s: CONNECT %.*s: not allowed",
			 ctx->peer_addr, (int)req->target.len,
			 (const char *)req->target.p);
		memset(ctx->connect, 0, sizeof *ctx->connect);
		return ward_response_simple(
		    resp, 403, "This proxy does not tunnel to that target.");
	}
	resp->status = 200;
	return WARD_OK;
}

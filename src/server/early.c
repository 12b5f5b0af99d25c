/* Requests that arrived in TLS 1.3 early data (server/early.h). */
#include "server/early.h"

int ward_early_request_in_early_data(const ward_tls_info *tls, uint64_t at)
{
	/* the early bytes are the first of the stream (tls.h) */
	return tls && tls->early_data == WARD_TLS_EARLY_ACCEPTED &&
	       at < tls->early_data_bytes;
}

int ward_early_request_too_early(const ward_http_request *req)
{
	/* RFC 8470 4, RFC 9110 9.2.1: safe methods replay harmlessly; a body
	 * (even with GET) is something to act on */
	int safe =
	    req->method == WARD_HTTP_GET || req->method == WARD_HTTP_HEAD;
	return !safe || ward_http_request_has_body(req);
}

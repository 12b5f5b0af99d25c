/* libFuzzer: the request head parser, walking pipelined requests the way a
 * connection does (head, then Content-Length bytes of body, then the next
 * head). The first byte picks default or tight limits, so the 414 and 431
 * paths are reached by small inputs. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int inside(ward_slice s, const uint8_t *p, size_t n)
{
	return s.len == 0 || (s.p >= p && s.p + s.len <= p + n);
}

static void check(const ward_http_request *req, const uint8_t *p, size_t n)
{
	if (req->head_len == 0 || req->head_len > n)
		abort();
	if (!inside(req->method_name, p, n) || !inside(req->target, p, n) ||
	    !inside(req->query, p, n) || !inside(req->host, p, n))
		abort();
	if (!inside(req->path, p, n) &&
	    !(req->path.len == 1 && req->path.p[0] == '/'))
		abort();
	if (req->n_headers > WARD_HTTP_MAX_HEADERS)
		abort();
	for (size_t i = 0; i < req->n_headers; i++)
		if (req->headers[i].name.len == 0 ||
		    !inside(req->headers[i].name, p, n) ||
		    !inside(req->headers[i].value, p, n))
			abort();
	if (req->chunked && req->has_length)
		abort();
	ward_slice v;
	(void)ward_http_header_get(req, "content-length", &v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ward_http_request req;
	ward_http_limits lim;
	ward_http_limits_default(&lim);
	if (size > 0 && (data[0] & 1)) {
		lim.max_request_line = 24 + (data[0] >> 4);
		lim.max_header_bytes = 64 + (size_t)(data[0] >> 1) * 4;
		lim.max_headers = (size_t)(data[0] >> 5) + 1;
		lim.max_body = 16;
	}
	/* a private copy, so reads past the end are caught */
	uint8_t *p = malloc(size ? size : 1);
	if (!p)
		return 0;
	memcpy(p, data, size);
	size_t off = 0;
	while (off < size) {
		ward_err err =
		    ward_http_parse_request(p + off, size - off, &lim, &req);
		if (err != WARD_OK) {
			int status = ward_http_status_for(err);
			if (err != WARD_ERR_WANT_INPUT &&
			    ward_http_reason(status)[0] == 0)
				abort();
			break;
		}
		check(&req, p + off, size - off);
		off += req.head_len;
		uint64_t body = req.has_length ? req.content_length : 0;
		if (body > size - off)
			break;
		off += (size_t)body;
	}
	free(p);
	return 0;
}

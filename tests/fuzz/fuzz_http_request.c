/* libFuzzer: the request head parser, walking pipelined requests the way a
 * connection does (head, then the body by Content-Length or chunked coding,
 * then the next head). The first byte is not part of the requests: it
 * picks default or tight limits, so the 414 and 431 paths are reached by
 * small inputs. */
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

/* The chunked body at p[0..n): bytes it takes, or 0 when it does not end
 * well inside them. */
static size_t chunked_body(uint8_t *p, size_t n, const ward_http_limits *lim)
{
	ward_http_chunked d;
	size_t used = 0, body_len = 0;
	int done = 0;
	ward_http_chunked_init(&d, lim->max_body, lim->max_header_bytes);
	ward_err err =
	    ward_http_chunked_decode(&d, p, n, &used, &body_len, &done);
	ward_http_chunked_free(&d);
	if (err == WARD_OK && (used > n || body_len > used))
		abort();
	return err == WARD_OK && done ? used : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ward_http_request req;
	ward_http_limits lim;
	if (size == 0)
		return 0;
	ward_http_limits_default(&lim);
	if (data[0] & 1) {
		lim.max_request_line = 24 + (data[0] >> 4);
		lim.max_header_bytes = 64 + (size_t)(data[0] >> 1) * 4;
		lim.max_headers = (size_t)(data[0] >> 5) + 1;
		lim.max_body = 16;
	}
	data++;
	size--;
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
		size_t head = req.head_len;
		int chunked = req.chunked;
		uint64_t length = req.has_length ? req.content_length : 0;
		/* a head cut short by one byte is incomplete, not another
		 * request */
		if (ward_http_parse_request(p + off, head - 1, &lim, &req) !=
		    WARD_ERR_WANT_INPUT)
			abort();
		off += head;
		if (chunked) {
			size_t used = chunked_body(p + off, size - off, &lim);
			if (used == 0)
				break;
			off += used;
		} else {
			if (length > size - off)
				break;
			off += (size_t)length;
		}
	}
	free(p);
	return 0;
}

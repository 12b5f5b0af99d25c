/* libFuzzer: the response head parser, walking responses the way a client
 * on a kept-alive connection does (interim heads skipped, then the body by
 * its framing, then the next response). The first byte is not part of the
 * responses: its low bit picks default or tight limits (so the 431 paths
 * are near), the next two the request method (GET, HEAD, CONNECT). Each
 * head is also parsed resumed, cut in two, and must give the same result. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int inside(ward_slice s, const uint8_t *p, size_t n)
{
	return s.len == 0 || (s.p >= p && s.p + s.len <= p + n);
}

static void check(const ward_http_response *r, const uint8_t *p, size_t n)
{
	if (r->head_len == 0 || r->head_len > n || !inside(r->reason, p, n))
		abort();
	if (r->status < 100 || r->status > 599 || r->status == 101 ||
	    r->version_minor < 0 || r->version_minor > 1)
		abort();
	if (r->n_headers > WARD_HTTP_MAX_HEADERS)
		abort();
	for (size_t i = 0; i < r->n_headers; i++)
		if (r->headers[i].name.len == 0 ||
		    !inside(r->headers[i].name, p, n) ||
		    !inside(r->headers[i].value, p, n))
			abort();
	if (r->interim && r->body != WARD_HTTP_BODY_NONE)
		abort();
	if ((r->body == WARD_HTTP_BODY_CLOSE || r->te_and_length) &&
	    r->keep_alive)
		abort();
}

/* The same head, resumed after `cut` bytes: the same verdict. */
static void check_resumed(const uint8_t *p, size_t n, size_t cut,
			  const ward_http_limits *lim, ward_http_method m,
			  ward_err want, const ward_http_response *whole)
{
	static ward_http_response r;
	ward_http_head_scan st;
	ward_http_head_scan_init(&st);
	if (cut > n)
		cut = n;
	ward_err err = ward_http_parse_response_resume(p, cut, lim, m, &r, &st);
	if (err == WARD_ERR_WANT_INPUT)
		err = ward_http_parse_response_resume(p, n, lim, m, &r, &st);
	if (err != want)
		abort();
	if (err == WARD_OK &&
	    (r.head_len != whole->head_len || r.body != whole->body ||
	     r.status != whole->status || r.keep_alive != whole->keep_alive ||
	     r.n_headers != whole->n_headers))
		abort();
}

static size_t chunked_body(uint8_t *p, size_t n, const ward_http_limits *lim)
{
	ward_http_chunked d;
	size_t used = 0, body_len = 0;
	int done = 0;
	ward_http_chunked_init(&d, UINT64_MAX, lim->max_header_bytes);
	ward_err err =
	    ward_http_chunked_decode(&d, p, n, &used, &body_len, &done);
	ward_http_chunked_free(&d);
	if (err == WARD_OK && (used > n || body_len > used))
		abort();
	return err == WARD_OK && done ? used : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ward_http_response resp;
	static const ward_http_method methods[4] = {
	    WARD_HTTP_GET, WARD_HTTP_HEAD, WARD_HTTP_CONNECT, WARD_HTTP_PUT};
	ward_http_limits lim;
	if (size == 0)
		return 0;
	ward_http_limits_default(&lim);
	if (data[0] & 1) {
		lim.max_request_line = 16 + (data[0] >> 4);
		lim.max_header_bytes = 48 + (size_t)(data[0] >> 1) * 4;
		lim.max_headers = (size_t)(data[0] >> 5) + 1;
	}
	ward_http_method m = methods[(data[0] >> 1) & 3];
	size_t cut = data[0];
	data++;
	size--;
	/* a private copy, so reads past the end are caught */
	uint8_t *p = malloc(size ? size : 1);
	if (!p)
		return 0;
	memcpy(p, data, size);
	size_t off = 0;
	while (off < size) {
		ward_err err = ward_http_parse_response(p + off, size - off,
							&lim, m, &resp);
		check_resumed(p + off, size - off, cut, &lim, m, err, &resp);
		if (err != WARD_OK)
			break;
		check(&resp, p + off, size - off);
		size_t head = resp.head_len;
		/* a head cut short by one byte is incomplete */
		if (ward_http_parse_response(p + off, head - 1, &lim, m,
					     &resp) != WARD_ERR_WANT_INPUT)
			abort();
		if (ward_http_parse_response(p + off, head, &lim, m, &resp) !=
		    WARD_OK)
			abort();
		off += head;
		if (resp.interim || resp.body == WARD_HTTP_BODY_NONE)
			continue;
		if (resp.body == WARD_HTTP_BODY_CLOSE)
			break;
		if (resp.body == WARD_HTTP_BODY_CHUNKED) {
			size_t used = chunked_body(p + off, size - off, &lim);
			if (used == 0)
				break;
			off += used;
		} else {
			if (resp.content_length > size - off)
				break;
			off += (size_t)resp.content_length;
		}
	}
	free(p);
	return 0;
}

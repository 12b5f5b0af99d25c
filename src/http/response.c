/* HTTP/1.1 response heads, for the client (RFC 9112 4-6).
 *
 * Sans-I/O and resumable like the request parser (same ward_http_head_scan,
 * same line and field rules from head.c): each byte is checked once however
 * the head is cut. Framing follows RFC 9112 6.3 in its order. Nothing is
 * allocated; the response points into buf.
 */
#include <string.h>

#include "http/head.h"

#define BAD WARD_ERR_HTTP_BAD_REQUEST

enum { SCAN_STATUS_LINE, SCAN_FIELDS };

int ward_http_response_header(const ward_http_response *resp, const char *name,
			      ward_slice *value)
{
	size_t it = 0;
	return ward_http_fields_next(resp->headers, resp->n_headers, name, &it,
				     value);
}

/* status-line = HTTP-version SP status-code SP [ reason-phrase ]
 * (RFC 9112 4). The SP before an empty reason is often left out; that
 * changes nothing about framing, so it is accepted. */
static ward_err parse_status_line(const uint8_t *p, size_t n,
				  ward_http_response *resp)
{
	WARD_ENSURE(n >= 12 && p[8] == ' ', BAD);
	WARD_TRY(ward_http_parse_version(p, 8, &resp->version_minor));
	WARD_ENSURE(ward_http_is_digit(p[9]) && ward_http_is_digit(p[10]) &&
			ward_http_is_digit(p[11]),
		    BAD);
	resp->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	/* RFC 9110 15: values outside 100..599 are invalid */
	WARD_ENSURE(resp->status >= 100 && resp->status <= 599, BAD);
	WARD_ENSURE(n == 12 || p[12] == ' ', BAD);
	resp->reason = n > 13 ? ward_slice_make(p + 13, n - 13)
			      : ward_slice_make(p + n, 0);
	return WARD_OK;
}

static ward_err walk(const uint8_t *buf, size_t len,
		     const ward_http_limits *limits, ward_http_response *resp,
		     ward_http_head_scan *st)
{
	ward_http_line_scan s = {buf, len, 0, limits->max_request_line,
				 limits->max_header_bytes};
	if (st->phase == SCAN_STATUS_LINE) {
		size_t eol;
		/* what is not HTTP (an HTML page, a TLS record) fails at its
		 * first bytes, not when a line ends */
		for (size_t i = 0; i < len && i < 5; i++)
			WARD_ENSURE(buf[i] == (uint8_t) "HTTP/"[i], BAD);
		WARD_TRY(ward_http_find_eol(&s, st->line, &st->pos,
					    WARD_HTTP_LINE_STATUS, &eol,
					    &st->examined));
		WARD_TRY(parse_status_line(buf, eol, resp));
		st->phase = SCAN_FIELDS;
		st->line = st->pos = eol + 2;
	}
	WARD_TRY(ward_http_scan_fields(&s, limits->max_headers, st,
				       resp->headers, &resp->head_len));
	resp->n_headers = st->n_fields;
	return WARD_OK;
}

/* Framing and persistence, RFC 9112 6.3 in its order. Every framing field
 * is checked first, whatever the status: a malformed one is malformed. */
static ward_err semantics(ward_http_response *resp, ward_http_method method)
{
	ward_http_framing_facts f;
	memset(&f, 0, sizeof f);
	for (size_t i = 0; i < resp->n_headers; i++) {
		const ward_http_header *h = &resp->headers[i];
		if (ward_http_slice_ieq(h->name, "content-length"))
			/* RFC 9110 8.6: identical repeated values may be
			 * folded into one; different ones are an error (RFC
			 * 9112 6.3 item 5: close, discard the response) */
			WARD_TRY(ward_http_content_length(h->value, 1, &f));
		else if (ward_http_slice_ieq(h->name, "transfer-encoding"))
			WARD_TRY(ward_http_transfer_encoding(h->value, &f));
		else if (ward_http_slice_ieq(h->name, "connection"))
			WARD_TRY(ward_http_connection(h->value, &f));
	}
	int st = resp->status;
	/* RFC 9110 15.2.2: no switch to a protocol we did not ask for */
	WARD_ENSURE(st != 101, BAD);
	resp->interim = st < 200;
	/* RFC 9112 9.3: 1.1 persists unless "close"; 1.0 only with
	 * "keep-alive" */
	resp->keep_alive = resp->version_minor == 1
			       ? !f.conn_close
			       : f.conn_keep_alive && !f.conn_close;

	/* 6.3 items 1-2: no body, whatever the fields say */
	if (method == WARD_HTTP_HEAD || st < 200 || st == 204 || st == 304 ||
	    (method == WARD_HTTP_CONNECT && st < 300)) {
		resp->body = WARD_HTTP_BODY_NONE;
		return WARD_OK;
	}
	if (f.te_seen) {
		/* 6.3 item 3: Transfer-Encoding overrides Content-Length;
		 * the pair may be an attack, so the connection ends after
		 * this response (6.1) */
		if (f.has_length) {
			resp->te_and_length = 1;
			resp->keep_alive = 0;
		}
		if (f.te_last_chunked && resp->version_minor == 1) {
			resp->body = WARD_HTTP_BODY_CHUNKED;
			return WARD_OK;
		}
		/* 6.3 item 4: not chunked last, read until close; 6.1: in
		 * HTTP/1.0 the framing is faulty, which is the same */
		resp->body = WARD_HTTP_BODY_CLOSE;
		resp->keep_alive = 0;
		return WARD_OK;
	}
	if (f.has_length) {
		/* 6.3 item 6 */
		resp->body = WARD_HTTP_BODY_LENGTH;
		resp->content_length = f.length;
		return WARD_OK;
	}
	/* 6.3 item 8: until the server closes */
	resp->body = WARD_HTTP_BODY_CLOSE;
	resp->keep_alive = 0;
	return WARD_OK;
}

ward_err ward_http_parse_response_resume(const uint8_t *buf, size_t len,
					 const ward_http_limits *limits,
					 ward_http_method method,
					 ward_http_response *resp,
					 ward_http_head_scan *st)
{
	ward_http_limits def;
	if (!limits) {
		ward_http_limits_default(&def);
		limits = &def;
	}
	memset(resp, 0, sizeof *resp);
	int from_start = st->phase == SCAN_STATUS_LINE && st->pos == 0;
	ward_err err = walk(buf, len, limits, resp, st);
	if (err == WARD_OK && !from_start) {
		/* the head is whole: one more walk from the start fills resp
		 * with the lines earlier calls checked */
		ward_http_head_scan again;
		ward_http_head_scan_init(&again);
		memset(resp, 0, sizeof *resp);
		err = walk(buf, len, limits, resp, &again);
		st->examined += again.examined;
	}
	if (err != WARD_OK)
		return err;
	return semantics(resp, method);
}

ward_err ward_http_parse_response(const uint8_t *buf, size_t len,
				  const ward_http_limits *limits,
				  ward_http_method method,
				  ward_http_response *resp)
{
	ward_http_head_scan st;
	ward_http_head_scan_init(&st);
	return ward_http_parse_response_resume(buf, len, limits, method, resp,
					       &st);
}

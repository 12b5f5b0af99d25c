/* ward's HTTP/1.1 codec (RFC 9110, RFC 9112): sans-I/O, strict.
 *
 * The request head parser resumes where its last call stopped when the
 * caller keeps a ward_http_head_scan (a few offsets, no pointers): a head
 * that arrives a byte at a time costs O(n), not O(n^2). Parsed requests
 * point into the caller's buffer and are valid only while it is unchanged.
 *
 * Every rejection is an error whose HTTP status comes from one table
 * (ward_http_status_for): 400, 413, 414, 431, 501, 505. After any rejection
 * the framing is uncertain and the connection must close.
 */
#ifndef WARD_HTTP_H
#define WARD_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/bytes.h"

typedef enum ward_http_method {
	WARD_HTTP_OTHER = 0, /* syntactically valid token we do not know: 501 */
	WARD_HTTP_GET,
	WARD_HTTP_HEAD,
	WARD_HTTP_POST,
	WARD_HTTP_PUT,
	WARD_HTTP_DELETE,
	WARD_HTTP_OPTIONS,
	WARD_HTTP_TRACE,
	WARD_HTTP_CONNECT,
	WARD_HTTP_PATCH,
} ward_http_method;

typedef struct ward_http_header {
	ward_slice name; /* as sent; compare case-insensitively */
	ward_slice value; /* leading/trailing whitespace removed */
} ward_http_header;

#define WARD_HTTP_MAX_HEADERS 100

typedef struct ward_http_limits {
	size_t max_request_line;  /* 414 beyond; default 8192 */
	size_t max_header_bytes;  /* whole head incl. request line; 431 */
	size_t max_headers;       /* count; 431; <= WARD_HTTP_MAX_HEADERS */
	uint64_t max_body;        /* 413 */
} ward_http_limits;

void ward_http_limits_default(ward_http_limits *l);

typedef struct ward_http_request {
	ward_http_method method;
	ward_slice method_name;
	ward_slice target;       /* request-target as sent */
	ward_slice path;         /* origin-form path (before '?'), still encoded;
				  * a static "/" for "http://host" targets */
	ward_slice query;        /* after '?', without it; empty when none */
	int asterisk;            /* OPTIONS * */
	int version_minor;       /* HTTP/1.x */
	ward_http_header headers[WARD_HTTP_MAX_HEADERS];
	size_t n_headers;
	size_t head_len;         /* bytes of the head, CRLFCRLF included */
	/* framing and connection semantics, decided by the parser */
	int chunked;             /* Transfer-Encoding: chunked (final coding) */
	int has_length;
	uint64_t content_length;
	int keep_alive;          /* 1.1 default on; Connection: close/keep-alive */
	int expect_continue;     /* Expect: 100-continue */
	int te_trailers;         /* TE: trailers */
	ward_slice host;
} ward_http_request;

/* Parse a request head from buf[0..len); limits NULL means the defaults.
 *   WARD_OK                  *req filled, req->head_len bytes used
 *   WARD_ERR_WANT_INPUT      incomplete (and still within the limits)
 *   WARD_ERR_HTTP_*          the request is refused with that status
 * Each call scans buf from its start. */
ward_err ward_http_parse_request(const uint8_t *buf, size_t len,
				 const ward_http_limits *limits,
				 ward_http_request *req);

/* Whether the request has a body to read (chunked, or a Content-Length
 * above zero). */
int ward_http_request_has_body(const ward_http_request *req);

/* Where a head's scan stopped: offsets into the caller's buffer. */
typedef struct ward_http_head_scan {
	size_t line;	   /* start of the first line not yet whole */
	size_t pos;	   /* bytes of it already checked end here */
	size_t line0;	   /* start of the request line: limits count from it */
	uint16_t n_lines;  /* empty lines skipped before the request line */
	uint16_t n_fields; /* whole field lines so far */
	uint8_t phase;
	uint64_t examined; /* bytes looked at in all calls, for tests */
} ward_http_head_scan;

void ward_http_head_scan_init(ward_http_head_scan *st);
/* ward_http_parse_request that resumes where the last call with st
 * stopped: call again with the same bytes at buf plus more, with the same
 * limits (buf itself may move). Each byte is checked once, and once the
 * head is whole it is walked once more to fill req. Results are those of
 * ward_http_parse_request on the same bytes. After any result other than
 * WARD_ERR_WANT_INPUT, init st again before the next head. */
ward_err ward_http_parse_request_resume(const uint8_t *buf, size_t len,
					const ward_http_limits *limits,
					ward_http_request *req,
					ward_http_head_scan *st);

/* tchar (RFC 9110 5.6.2): the characters of methods and field names. */
int ward_http_is_tchar(int c);

/* Iterate over the values of the fields with this name (case-insensitive)
 * among fields[0..n_fields): start with *iter = 0. Returns 1 and the next
 * value, or 0 at the end. */
int ward_http_fields_next(const ward_http_header *fields, size_t n_fields,
			  const char *name, size_t *iter, ward_slice *value);
/* The value of the first header with this name (case-insensitive). */
int ward_http_header_get(const ward_http_request *req, const char *name,
			 ward_slice *value);
/* Iterate over the values of every header line with this name: start with
 * *iter = 0. Returns 1 and the next value, or 0 at the end. */
int ward_http_header_next(const ward_http_request *req, const char *name,
			  size_t *iter, ward_slice *value);

/* ---- chunked transfer coding (RFC 9112 7.1), decoder ---- */

typedef struct ward_http_chunked {
	int state;
	uint64_t chunk_left;
	uint64_t total;
	uint64_t max_body;
	size_t line_len;      /* bytes in the current size/trailer line */
	size_t trailer_bytes; /* limit on the trailer section */
	size_t max_trailer;
	ward_buf trailers;    /* raw trailer field lines, "name: value\r\n" */
} ward_http_chunked;

void ward_http_chunked_init(ward_http_chunked *d, uint64_t max_body,
			    size_t max_trailer);
void ward_http_chunked_free(ward_http_chunked *d);
/* Decode in[0..len): body bytes are moved to the front of `in` (in place,
 * *body_len of them), *used says how many input bytes were taken, *done is
 * set after the last chunk and the trailers. Bad syntax: 400; body over
 * max_body: 413; trailers over max_trailer: 431. After a failure every
 * call fails with WARD_ERR_STATE. */
ward_err ward_http_chunked_decode(ward_http_chunked *d, uint8_t *in,
				  size_t len, size_t *used, size_t *body_len,
				  int *done);

/* ---- response heads (client side) ---- */

/* How a response's body is delimited (RFC 9112 6.3). */
typedef enum ward_http_body {
	WARD_HTTP_BODY_NONE = 0, /* HEAD, 1xx, 204, 304, 2xx to CONNECT */
	WARD_HTTP_BODY_LENGTH,	 /* content_length bytes */
	WARD_HTTP_BODY_CHUNKED,	 /* chunked is the final coding */
	WARD_HTTP_BODY_CLOSE,	 /* until the server closes */
} ward_http_body;

typedef struct ward_http_response {
	int version_minor; /* HTTP/1.x */
	int status;	   /* 100..599 */
	ward_slice reason; /* may be empty */
	ward_http_header headers[WARD_HTTP_MAX_HEADERS];
	size_t n_headers;
	size_t head_len; /* bytes of the head, CRLFCRLF included */
	int interim;	 /* 1xx other than 101: a final response follows */
	ward_http_body body;
	uint64_t content_length; /* for WARD_HTTP_BODY_LENGTH */
	int te_and_length;	 /* both Transfer-Encoding and Content-Length */
	/* whether the connection may carry another request: 1.1 unless
	 * "close", 1.0 with "keep-alive"; never after a close-delimited
	 * body or both framing fields */
	int keep_alive;
} ward_http_response;

/* Parse a response head from buf[0..len), the answer to a request with
 * this method (HEAD and CONNECT change the framing); limits NULL means the
 * defaults (max_request_line bounds the status line; max_body is the
 * caller's). Resumes like ward_http_parse_request_resume with st.
 *   WARD_OK                   *resp filled, resp->head_len bytes used;
 *                             with resp->interim, skip them and parse the
 *                             next head
 *   WARD_ERR_WANT_INPUT       incomplete (and still within the limits)
 *   WARD_ERR_HTTP_BAD_REQUEST malformed: status line, fields, framing
 *                             (conflicting or invalid Content-Length), 101
 *   WARD_ERR_HTTP_HEADERS_TOO_LARGE  beyond the limits
 *   WARD_ERR_HTTP_VERSION_NOT_SUPPORTED  not HTTP/1.0 or HTTP/1.1
 * The errors name what was wrong; they are not statuses to answer. After
 * any of them the connection cannot be used again. */
ward_err ward_http_parse_response_resume(const uint8_t *buf, size_t len,
					 const ward_http_limits *limits,
					 ward_http_method method,
					 ward_http_response *resp,
					 ward_http_head_scan *st);
ward_err ward_http_parse_response(const uint8_t *buf, size_t len,
				  const ward_http_limits *limits,
				  ward_http_method method,
				  ward_http_response *resp);
/* The value of the first field of the response with this name. */
int ward_http_response_header(const ward_http_response *resp, const char *name,
			      ward_slice *value);

/* Whether the request asks to switch to protocol (RFC 9110 7.8: its
 * Upgrade lists protocol, with or without "/version", and Connection
 * lists "upgrade"; never in HTTP/1.0). protocol is lower case: "tls",
 * "websocket". */
int ward_http_upgrade_to(const ward_http_request *req, const char *protocol);

/* ---- responses ---- */

/* Reason phrase for a status ("Not Found"); "" when unknown. */
const char *ward_http_reason(int status);
/* The status an error answers (400 for a non-HTTP error). */
int ward_http_status_for(ward_err err);
/* IMF-fixdate (RFC 9110 5.6.7), 29 chars + NUL. */
void ward_http_date(time_t t, char out[30]);
/* Parse an HTTP-date (IMF-fixdate; also RFC 850 and asctime forms). */
int ward_http_parse_date(ward_slice s, time_t *out);
/* Content-Type by file extension ("text/html; charset=utf-8"),
 * "application/octet-stream" when unknown. */
const char *ward_http_mime_type(const char *path);
/* Whether a browser may run what a Content-Type labels, as a document or a
 * script on the page's origin: HTML, XHTML, XML, SVG, JavaScript, PDF.
 * Parameters (";charset=...") and case are ignored. */
int ward_http_mime_active(const char *type);

#endif

/* Pieces shared by the request and response head parsers (internal to
 * src/http): line scanning with the limits, field lines, lists, and the
 * framing fields (Content-Length, Transfer-Encoding, Connection). */
#ifndef WARD_HTTP_HEAD_H
#define WARD_HTTP_HEAD_H

#include "http/http.h"

int ward_http_lower(int c);
int ward_http_is_digit(int c);
int ward_http_is_ows(int c);
/* Case-insensitive comparison with a lower-case literal. */
int ward_http_slice_ieq(ward_slice s, const char *lit);
ward_slice ward_http_trim_ows(const uint8_t *p, size_t n);

/* HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 2.3):
 * malformed is 400, other than 1.0 and 1.1 is 505. */
ward_err ward_http_parse_version(const uint8_t *v, size_t n, int *minor);

/* The kinds of line, for the bytes each may hold and the limit it fails. */
typedef enum ward_http_line_kind {
	WARD_HTTP_LINE_REQUEST, /* visible ASCII and SP; 414 when too long */
	WARD_HTTP_LINE_STATUS,	/* as a field (the reason phrase); 431 */
	WARD_HTTP_LINE_FIELD,
} ward_http_line_kind;

typedef struct ward_http_line_scan {
	const uint8_t *buf;
	size_t len;
	size_t line0; /* start of the first line: limits count from here */
	size_t max_line;
	size_t max_head;
} ward_http_line_scan;

/* Find the CR of the CRLF ending the line that starts at off, checking
 * bytes from *pos on; see head.c. */
ward_err ward_http_find_eol(const ward_http_line_scan *s, size_t off,
			    size_t *pos, ward_http_line_kind kind, size_t *eol,
			    uint64_t *examined);

/* The field lines from st->line up to the empty line: each checked when
 * whole, at most max_headers of them, stored from headers[st->n_fields].
 * On WARD_OK *head_len is the head's length, CRLFCRLF included. */
ward_err ward_http_scan_fields(const ward_http_line_scan *s, size_t max_headers,
			       ward_http_head_scan *st,
			       ward_http_header *headers, size_t *head_len);

/* Elements of a comma-separated list (RFC 9110 5.6.1), OWS-trimmed; commas
 * inside quoted strings do not split. */
typedef struct ward_http_list_iter {
	ward_slice s;
	size_t off;
} ward_http_list_iter;

int ward_http_list_next(ward_http_list_iter *it, ward_slice *el);
/* Split "token rest" where rest holds parameters. */
ward_slice ward_http_leading_token(ward_slice el, ward_slice *rest);

/* What the framing fields of a head say. */
typedef struct ward_http_framing_facts {
	int has_length;
	uint64_t length;
	int te_seen;
	int te_chunked;	     /* "chunked" seen */
	int te_last_chunked; /* ... as the final coding */
	int te_other;	     /* a coding we do not implement */
	int conn_close;
	int conn_keep_alive;
} ward_http_framing_facts;

/* Content-Length (RFC 9110 8.6). A second value is refused, unless
 * same_ok and it equals the first. */
ward_err ward_http_content_length(ward_slice v, int same_ok,
				  ward_http_framing_facts *f);
/* Transfer-Encoding (RFC 9112 6.1); the list continues across fields. */
ward_err ward_http_transfer_encoding(ward_slice v, ward_http_framing_facts *f);
/* Connection (RFC 9110 7.6.1): close and keep-alive. */
ward_err ward_http_connection(ward_slice v, ward_http_framing_facts *f);

#endif

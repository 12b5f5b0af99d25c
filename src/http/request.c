/* HTTP/1.1 request heads (RFC 9112 2-3, 5-6).
 *
 * Sans-I/O and resumable: a caller that keeps a ward_http_head_scan between
 * calls has each byte checked once, however the head is cut into reads;
 * without one, each call scans buf from the start. Limits are checked while
 * scanning, so an endless request line or head is refused before it ends.
 * Nothing is allocated; the request points into buf.
 */
#include <string.h>

#include "http/head.h"

#define BAD WARD_ERR_HTTP_BAD_REQUEST

/* RFC 9112 2.2 asks servers to ignore at least one empty line before the
 * request line (clients once sent CRLF after a POST body); a few are
 * tolerated, more are noise. */
#define MAX_LEADING_EMPTY_LINES 8

void ward_http_limits_default(ward_http_limits *l)
{
	l->max_request_line = 8192;
	l->max_header_bytes = 32768;
	l->max_headers = WARD_HTTP_MAX_HEADERS;
	l->max_body = (uint64_t)1 << 30;
}

/* tchar (RFC 9110 5.6.2), one bit per ASCII character:
 * ALPHA DIGIT ! # $ % & ' * + - . ^ _ ` | ~ */
static const uint32_t tchar_bits[4] = {0x00000000, 0x03ff6cfa, 0xc7fffffe,
				       0x57ffffff};

int ward_http_is_tchar(int c)
{
	return c >= 0 && c < 128 && (tchar_bits[c >> 5] >> (c & 31)) & 1;
}

int ward_http_fields_next(const ward_http_header *fields, size_t n_fields,
			  const char *name, size_t *iter, ward_slice *value)
{
	while (*iter < n_fields) {
		const ward_http_header *h = &fields[(*iter)++];
		size_t j = 0, n = strlen(name);
		while (j < n && j < h->name.len &&
		       ward_http_lower(h->name.p[j]) ==
			   ward_http_lower((uint8_t)name[j]))
			j++;
		if (j == n && h->name.len == n) {
			*value = h->value;
			return 1;
		}
	}
	return 0;
}

int ward_http_header_next(const ward_http_request *req, const char *name,
			  size_t *iter, ward_slice *value)
{
	return ward_http_fields_next(req->headers, req->n_headers, name, iter,
				     value);
}

int ward_http_header_get(const ward_http_request *req, const char *name,
			 ward_slice *value)
{
	size_t it = 0;
	return ward_http_header_next(req, name, &it, value);
}

/* ---- request line ---- */

static const struct {
	const char *name;
	ward_http_method method;
} methods[] = {
    {"GET", WARD_HTTP_GET},	  {"HEAD", WARD_HTTP_HEAD},
    {"POST", WARD_HTTP_POST},	  {"PUT", WARD_HTTP_PUT},
    {"DELETE", WARD_HTTP_DELETE}, {"OPTIONS", WARD_HTTP_OPTIONS},
    {"TRACE", WARD_HTTP_TRACE},	  {"CONNECT", WARD_HTTP_CONNECT},
    {"PATCH", WARD_HTTP_PATCH},
};

/* Methods are case-sensitive (RFC 9110 9.1): "get" is another method. */
static ward_http_method method_of(ward_slice m)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (ward_slice_eq(m, ward_slice_make(methods[i].name,
						     strlen(methods[i].name))))
			return methods[i].method;
	return WARD_HTTP_OTHER;
}

/* RFC 3986 3.2.2: unreserved / sub-delims / pct-encoded */
static int is_reg_name(int c)
{
	if (ward_http_is_tchar(c) && c != '#' && c != '^' && c != '`' &&
	    c != '|' && c != '%')
		return 1;
	return c == '(' || c == ')' || c == ',' || c == ';' || c == '=';
}

/* uri-host [ ":" port ] (RFC 9110 7.2, RFC 3986 3.2). No userinfo, no
 * path, no spaces. The port is at most 65535. */
static int authority_valid(ward_slice a, int need_host, int need_port)
{
	const uint8_t *p = a.p;
	size_t n = a.len, i = 0;
	if (n > 0 && p[0] == '[') {
		/* IP-literal: hex, ':', '.', and IPvFuture's characters */
		for (i = 1; i < n && p[i] != ']'; i++)
			if (!is_reg_name(p[i]) && p[i] != ':')
				return 0;
		if (i == n || i == 1)
			return 0;
		i++;
	} else {
		while (i < n && p[i] != ':') {
			if (p[i] == '%') {
				if (i + 2 >= n || ward_hex_value(p[i + 1]) < 0 ||
				    ward_hex_value(p[i + 2]) < 0)
					return 0;
				i += 3;
				continue;
			}
			if (!is_reg_name(p[i]))
				return 0;
			i++;
		}
	}
	if (need_host && i == 0)
		return 0;
	if (i == n)
		return !need_port;
	if (p[i++] != ':')
		return 0;
	size_t digits = n - i;
	unsigned long port = 0;
	if (digits > 5 || (need_port && digits == 0))
		return 0;
	for (; i < n; i++) {
		if (!ward_http_is_digit(p[i]))
			return 0;
		port = port * 10 + (unsigned long)(p[i] - '0');
	}
	return port <= 65535;
}

static void split_query(const uint8_t *p, size_t n, ward_http_request *req)
{
	const uint8_t *q = memchr(p, '?', n);
	if (!q) {
		req->path = ward_slice_make(p, n);
		req->query = ward_slice_make(p + n, 0);
		return;
	}
	req->path = ward_slice_make(p, (size_t)(q - p));
	req->query = ward_slice_make(q + 1, n - (size_t)(q - p) - 1);
}

/* absolute-form "http(s)://authority[/path][?query]" (RFC 9112 3.2.2): the
 * path and query are taken from it; its authority replaces Host. */
static ward_err parse_absolute(ward_http_request *req, ward_slice *authority)
{
	const uint8_t *p = req->target.p;
	size_t n = req->target.len, i;
	if (n > 7 && ward_http_slice_ieq(ward_slice_make(p, 7), "http://"))
		i = 7;
	else if (n > 8 &&
		 ward_http_slice_ieq(ward_slice_make(p, 8), "https://"))
		i = 8;
	else
		return BAD;
	size_t a0 = i;
	while (i < n && p[i] != '/' && p[i] != '?')
		i++;
	*authority = ward_slice_make(p + a0, i - a0);
	/* an empty host is invalid in http(s) URIs (RFC 9110 4.2.1); so is
	 * userinfo (4.2.4), rejected by the authority syntax */
	WARD_ENSURE(authority_valid(*authority, 1, 0), BAD);
	split_query(p + i, n - i, req);
	/* no path: it is "/" (RFC 9110 4.2.3) */
	if (req->path.len == 0)
		req->path = ward_slice_make("/", 1);
	return WARD_OK;
}

static ward_err parse_target(ward_http_request *req, ward_slice *authority)
{
	ward_slice t = req->target;
	/* a fragment is never sent (RFC 9112 3.2); refuse it rather than
	 * let it reach path mapping */
	WARD_ENSURE(memchr(t.p, '#', t.len) == NULL, BAD);
	if (req->method == WARD_HTTP_CONNECT) {
		/* RFC 9112 3.2.3: CONNECT takes authority-form only,
		 * host and port */
		WARD_ENSURE(authority_valid(t, 1, 1), BAD);
		req->path = ward_slice_make(t.p + t.len, 0);
		req->query = req->path;
		return WARD_OK;
	}
	if (t.len == 1 && t.p[0] == '*') {
		/* RFC 9112 3.2.4: asterisk-form only for OPTIONS */
		WARD_ENSURE(req->method == WARD_HTTP_OPTIONS, BAD);
		req->asterisk = 1;
		req->path = t;
		req->query = ward_slice_make(t.p + 1, 0);
		return WARD_OK;
	}
	if (t.p[0] == '/') {
		split_query(t.p, t.len, req);
		return WARD_OK;
	}
	return parse_absolute(req, authority);
}

static ward_err parse_request_line(const uint8_t *p, size_t n,
				   ward_http_request *req)
{
	size_t i = 0;
	/* RFC 9112 3: method SP request-target SP HTTP-version, single SPs */
	while (i < n && ward_http_is_tchar(p[i]))
		i++;
	WARD_ENSURE(i > 0 && i < n && p[i] == ' ', BAD);
	req->method_name = ward_slice_make(p, i);
	req->method = method_of(req->method_name);
	size_t t0 = ++i;
	while (i < n && p[i] != ' ')
		i++;
	WARD_ENSURE(i > t0 && i < n, BAD);
	req->target = ward_slice_make(p + t0, i - t0);
	i++;
	return ward_http_parse_version(p + i, n - i, &req->version_minor);
}

/* ---- header fields ---- */

/* What the fields say about framing, the connection and the host. */
typedef struct facts {
	ward_http_framing_facts framing;
	int n_host;
	int expect_other;
	ward_slice host;
} facts;

static void expect(ward_slice v, ward_http_request *req, facts *f)
{
	ward_http_list_iter it = {v, 0};
	ward_slice el;
	while (ward_http_list_next(&it, &el)) {
		if (el.len == 0)
			continue;
		if (ward_http_slice_ieq(el, "100-continue"))
			req->expect_continue = 1;
		else
			f->expect_other = 1;
	}
}

static void te(ward_slice v, ward_http_request *req)
{
	ward_http_list_iter it = {v, 0};
	ward_slice el, rest;
	while (ward_http_list_next(&it, &el))
		if (ward_http_slice_ieq(ward_http_leading_token(el, &rest),
					"trailers") &&
		    rest.len == 0)
			req->te_trailers = 1;
}

static ward_err field_semantics(const ward_http_header *h,
				ward_http_request *req, facts *f)
{
	if (ward_http_slice_ieq(h->name, "host")) {
		f->n_host++;
		f->host = h->value;
	} else if (ward_http_slice_ieq(h->name, "content-length")) {
		/* RFC 9110 8.6 lets a recipient reject a repeated length or
		 * fold identical ones into one; a server takes the stricter
		 * choice and refuses any second value */
		WARD_TRY(ward_http_content_length(h->value, 0, &f->framing));
	} else if (ward_http_slice_ieq(h->name, "transfer-encoding")) {
		WARD_TRY(ward_http_transfer_encoding(h->value, &f->framing));
	} else if (ward_http_slice_ieq(h->name, "connection")) {
		WARD_TRY(ward_http_connection(h->value, &f->framing));
	} else if (ward_http_slice_ieq(h->name, "expect")) {
		expect(h->value, req, f);
	} else if (ward_http_slice_ieq(h->name, "te")) {
		te(h->value, req);
	}
	return WARD_OK;
}

/* Decide framing and connection semantics. The order matters: malformed
 * framing (400) first, then what we do not implement (501), what is too big
 * (413), and last the expectation (417). */
static ward_err semantics(ward_http_request *req, const ward_slice *authority,
			  const ward_http_limits *lim)
{
	facts f;
	memset(&f, 0, sizeof f);
	for (size_t i = 0; i < req->n_headers; i++)
		WARD_TRY(field_semantics(&req->headers[i], req, &f));

	/* RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one in 1.0 */
	WARD_ENSURE(f.n_host <= 1, BAD);
	WARD_ENSURE(f.n_host == 1 || req->version_minor == 0, BAD);
	WARD_ENSURE(f.n_host == 0 || authority_valid(f.host, 0, 0), BAD);
	/* RFC 9112 3.2.2: the absolute-form's authority overrides Host */
	req->host = authority->p ? *authority : f.host;

	req->has_length = f.framing.has_length;
	req->content_length = f.framing.length;
	if (f.framing.te_seen) {
		/* RFC 9112 6.1: Transfer-Encoding in 1.0 means faulty
		 * framing; with Content-Length it is a smuggling attempt we
		 * refuse rather than resolve (the RFC's MAY) */
		WARD_ENSURE(req->version_minor == 1, BAD);
		WARD_ENSURE(!req->has_length, BAD);
		/* RFC 9112 6.3: a request whose final coding is not chunked
		 * has no determinable length */
		WARD_ENSURE(f.framing.te_last_chunked, BAD);
		WARD_ENSURE(!f.framing.te_other, WARD_ERR_HTTP_NOT_IMPLEMENTED);
		req->chunked = 1;
	}
	WARD_ENSURE(!req->has_length || req->content_length <= lim->max_body,
		    WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);

	/* RFC 9110 10.1.1: unknown expectations get 417; a 1.0 server
	 * ignores 100-continue */
	WARD_ENSURE(!f.expect_other, WARD_ERR_HTTP_EXPECTATION_FAILED);
	if (req->version_minor == 0)
		req->expect_continue = 0;

	/* RFC 9112 9.3: 1.1 persists unless "close"; 1.0 only with
	 * "keep-alive" */
	if (req->version_minor == 1)
		req->keep_alive = !f.framing.conn_close;
	else
		req->keep_alive =
		    f.framing.conn_keep_alive && !f.framing.conn_close;
	return WARD_OK;
}

enum { SCAN_EMPTY_LINES, SCAN_REQUEST_LINE, SCAN_FIELDS };

/* Walk the lines of the head from where st stopped: the request line and
 * each field line are checked when they are whole. Lines passed in an
 * earlier call are not seen again, so their parts are not in req. */
static ward_err walk(const uint8_t *buf, size_t len,
		     const ward_http_limits *limits, ward_http_request *req,
		     ward_slice *authority, ward_http_head_scan *st)
{
	/* RFC 9112 2.2 asks servers to ignore at least one empty line before
	 * the request line */
	while (st->phase == SCAN_EMPTY_LINES) {
		size_t off = st->line;
		if (st->n_lines == MAX_LEADING_EMPTY_LINES ||
		    (off < len && buf[off] != '\r')) {
			st->phase = SCAN_REQUEST_LINE;
			st->line0 = st->pos = off;
			break;
		}
		if (off + 1 >= len)
			return WARD_ERR_WANT_INPUT;
		st->examined += 2;
		WARD_ENSURE(buf[off + 1] == '\n', BAD);
		st->line = off + 2;
		st->n_lines++;
	}

	ward_http_line_scan s = {buf, len, st->line0, limits->max_request_line,
				 limits->max_header_bytes};
	if (st->phase == SCAN_REQUEST_LINE) {
		size_t eol;
		WARD_TRY(ward_http_find_eol(&s, st->line, &st->pos,
					    WARD_HTTP_LINE_REQUEST, &eol,
					    &st->examined));
		WARD_TRY(
		    parse_request_line(buf + st->line, eol - st->line, req));
		WARD_TRY(parse_target(req, authority));
		st->phase = SCAN_FIELDS;
		st->line = st->pos = eol + 2;
	}
	WARD_TRY(ward_http_scan_fields(&s, limits->max_headers, st,
				       req->headers, &req->head_len));
	req->n_headers = st->n_fields;
	return WARD_OK;
}

void ward_http_head_scan_init(ward_http_head_scan *st)
{
	memset(st, 0, sizeof *st);
}

ward_err ward_http_parse_request_resume(const uint8_t *buf, size_t len,
					const ward_http_limits *limits,
					ward_http_request *req,
					ward_http_head_scan *st)
{
	ward_http_limits def;
	if (!limits) {
		ward_http_limits_default(&def);
		limits = &def;
	}
	memset(req, 0, sizeof *req);
	int from_start = st->phase == SCAN_EMPTY_LINES && st->line == 0;
	ward_slice authority = {NULL, 0};
	ward_err err = walk(buf, len, limits, req, &authority, st);
	if (err == WARD_OK && !from_start) {
		/* the head is whole: one more walk from the start fills req
		 * with the lines earlier calls checked */
		ward_http_head_scan again;
		ward_http_head_scan_init(&again);
		memset(req, 0, sizeof *req);
		authority = (ward_slice){NULL, 0};
		err = walk(buf, len, limits, req, &authority, &again);
		st->examined += again.examined;
	}
	if (err != WARD_OK)
		return err;
	return semantics(req, &authority, limits);
}

ward_err ward_http_parse_request(const uint8_t *buf, size_t len,
				 const ward_http_limits *limits,
				 ward_http_request *req)
{
	ward_http_head_scan st;
	ward_http_head_scan_init(&st);
	return ward_http_parse_request_resume(buf, len, limits, req, &st);
}

int ward_http_request_has_body(const ward_http_request *req)
{
	return req->chunked || (req->has_length && req->content_length > 0);
}

/* Pieces shared by the request and response head parsers: line scanning
 * with the limits checked as bytes arrive, field lines, lists, and the
 * fields that decide framing. */
#include <string.h>

#include "http/head.h"

#define BAD WARD_ERR_HTTP_BAD_REQUEST

int ward_http_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int ward_http_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

int ward_http_is_ows(int c)
{
	return c == ' ' || c == '\t';
}

int ward_http_slice_ieq(ward_slice s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.len != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ward_http_lower(s.p[i]) != lit[i])
			return 0;
	return 1;
}

ward_slice ward_http_trim_ows(const uint8_t *p, size_t n)
{
	while (n > 0 && ward_http_is_ows(p[0])) {
		p++;
		n--;
	}
	while (n > 0 && ward_http_is_ows(p[n - 1]))
		n--;
	return ward_slice_make(p, n);
}

ward_err ward_http_parse_version(const uint8_t *v, size_t n, int *minor)
{
	WARD_ENSURE(n == 8 && memcmp(v, "HTTP/", 5) == 0 &&
			ward_http_is_digit(v[5]) && v[6] == '.' &&
			ward_http_is_digit(v[7]),
		    BAD);
	WARD_ENSURE(v[5] == '1' && (v[7] == '0' || v[7] == '1'),
		    WARD_ERR_HTTP_VERSION_NOT_SUPPORTED);
	*minor = v[7] - '0';
	return WARD_OK;
}

/* Bytes are checked as they are scanned so that garbage fails at once, and
 * the limits are checked before waiting, so an endless line fails while
 * incomplete. Bytes before *pos were checked by an earlier call. On
 * WARD_ERR_WANT_INPUT, *pos is where the next call resumes; *examined
 * counts the bytes looked at. */
ward_err ward_http_find_eol(const ward_http_line_scan *s, size_t off,
			    size_t *pos, ward_http_line_kind kind, size_t *eol,
			    uint64_t *examined)
{
	size_t i = *pos > off ? *pos : off;
	for (;; i++) {
		if (i - s->line0 >= s->max_head)
			return WARD_ERR_HTTP_HEADERS_TOO_LARGE;
		if (i >= s->len) {
			*pos = i;
			return WARD_ERR_WANT_INPUT;
		}
		uint8_t c = s->buf[i];
		(*examined)++;
		if (c == '\r') {
			if (i + 1 - s->line0 >= s->max_head)
				return WARD_ERR_HTTP_HEADERS_TOO_LARGE;
			if (i + 1 >= s->len) {
				*pos = i; /* the CR again, with its LF */
				return WARD_ERR_WANT_INPUT;
			}
			/* RFC 9112 2.2: a CR not followed by LF is invalid */
			WARD_ENSURE(s->buf[i + 1] == '\n', BAD);
			*eol = i;
			return WARD_OK;
		}
		if (kind != WARD_HTTP_LINE_FIELD && i - off >= s->max_line)
			return kind == WARD_HTTP_LINE_REQUEST
				   ? WARD_ERR_HTTP_URI_TOO_LONG
				   : WARD_ERR_HTTP_HEADERS_TOO_LARGE;
		/* RFC 9112 2.2 allows a bare LF as a line end; accepting it
		 * next to proxies that do not is a smuggling vector */
		WARD_ENSURE(c != '\n', BAD);
		if (kind == WARD_HTTP_LINE_REQUEST) {
			/* method, target and version are visible ASCII and SP
			 * (RFC 9112 3, RFC 3986 2) */
			WARD_ENSURE(c >= 0x20 && c < 0x7f, BAD);
		} else {
			/* field-value and reason-phrase: VCHAR, obs-text, SP,
			 * HTAB; no CTL, DEL or NUL (RFC 9110 5.5, RFC 9112
			 * 4) */
			WARD_ENSURE(c == '\t' || (c >= 0x20 && c != 0x7f), BAD);
		}
	}
}

/* field-line = field-name ":" OWS field-value OWS (RFC 9112 5) */
static ward_err parse_field(const uint8_t *p, size_t n, ward_http_header *h)
{
	size_t i = 0;
	/* RFC 9112 5.2: obs-fold is refused; 2.2: so is whitespace before the
	 * first field */
	WARD_ENSURE(!ward_http_is_ows(p[0]), BAD);
	while (i < n && ward_http_is_tchar(p[i]))
		i++;
	/* RFC 9112 5.1: no whitespace between the name and the colon */
	WARD_ENSURE(i > 0 && i < n && p[i] == ':', BAD);
	h->name = ward_slice_make(p, i);
	h->value = ward_http_trim_ows(p + i + 1, n - i - 1);
	return WARD_OK;
}

ward_err ward_http_scan_fields(const ward_http_line_scan *s, size_t max_headers,
			       ward_http_head_scan *st,
			       ward_http_header *headers, size_t *head_len)
{
	size_t eol;
	if (max_headers > WARD_HTTP_MAX_HEADERS)
		max_headers = WARD_HTTP_MAX_HEADERS;
	for (;;) {
		size_t off = st->line;
		/* a field beyond the count limit fails before it is whole */
		if (off < s->len && s->buf[off] != '\r' &&
		    s->buf[off] != '\n' && st->n_fields == max_headers)
			return WARD_ERR_HTTP_HEADERS_TOO_LARGE;
		WARD_TRY(ward_http_find_eol(s, off, &st->pos,
					    WARD_HTTP_LINE_FIELD, &eol,
					    &st->examined));
		if (eol == off)
			break;
		WARD_TRY(parse_field(s->buf + off, eol - off,
				     &headers[st->n_fields]));
		st->n_fields++;
		st->line = st->pos = eol + 2;
	}
	*head_len = eol + 2;
	return WARD_OK;
}

int ward_http_list_next(ward_http_list_iter *it, ward_slice *el)
{
	size_t n = it->s.len, i = it->off, start = i;
	int quoted = 0;
	if (i > n)
		return 0;
	for (; i < n; i++) {
		uint8_t c = it->s.p[i];
		if (quoted) {
			if (c == '\\')
				i++;
			else if (c == '"')
				quoted = 0;
		} else if (c == '"') {
			quoted = 1;
		} else if (c == ',') {
			break;
		}
	}
	if (i > n)
		i = n;
	it->off = i + 1;
	*el = ward_http_trim_ows(it->s.p + start, i - start);
	return 1;
}

ward_slice ward_http_leading_token(ward_slice el, ward_slice *rest)
{
	size_t i = 0;
	while (i < el.len && ward_http_is_tchar(el.p[i]))
		i++;
	*rest = ward_slice_make(el.p + i, el.len - i);
	return ward_slice_make(el.p, i);
}

/* *( OWS ";" OWS token BWS "=" BWS ( token / quoted-string ) )
 * (RFC 9112 7, transfer-parameter) */
static int params_valid(ward_slice r)
{
	size_t i = 0, n = r.len;
	const uint8_t *p = r.p;
	for (;;) {
		while (i < n && ward_http_is_ows(p[i]))
			i++;
		if (i == n)
			return 1;
		if (p[i++] != ';')
			return 0;
		while (i < n && ward_http_is_ows(p[i]))
			i++;
		size_t t = i;
		while (i < n && ward_http_is_tchar(p[i]))
			i++;
		if (i == t)
			return 0;
		while (i < n && ward_http_is_ows(p[i]))
			i++;
		if (i == n || p[i++] != '=')
			return 0;
		while (i < n && ward_http_is_ows(p[i]))
			i++;
		if (i < n && p[i] == '"') {
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			if (i >= n)
				return 0;
			i++;
			continue;
		}
		t = i;
		while (i < n && ward_http_is_tchar(p[i]))
			i++;
		if (i == t)
			return 0;
	}
}

/* Content-Length = 1*DIGIT (RFC 9110 8.6). Empty elements and overflow
 * are refused: a length is what request smuggling attacks. */
ward_err ward_http_content_length(ward_slice v, int same_ok,
				  ward_http_framing_facts *f)
{
	ward_http_list_iter it = {v, 0};
	ward_slice el;
	while (ward_http_list_next(&it, &el)) {
		uint64_t x = 0;
		WARD_ENSURE(el.len > 0, BAD);
		for (size_t i = 0; i < el.len; i++) {
			unsigned d = (unsigned)(el.p[i] - '0');
			WARD_ENSURE(ward_http_is_digit(el.p[i]), BAD);
			WARD_ENSURE(x <= (UINT64_MAX - d) / 10, BAD);
			x = x * 10 + d;
		}
		WARD_ENSURE(!f->has_length || (same_ok && f->length == x), BAD);
		f->has_length = 1;
		f->length = x;
	}
	return WARD_OK;
}

ward_err ward_http_transfer_encoding(ward_slice v, ward_http_framing_facts *f)
{
	ward_http_list_iter it = {v, 0};
	ward_slice el, rest;
	f->te_seen = 1;
	while (ward_http_list_next(&it, &el)) {
		/* empty elements are framing noise: refused */
		WARD_ENSURE(el.len > 0, BAD);
		ward_slice name = ward_http_leading_token(el, &rest);
		WARD_ENSURE(name.len > 0 && params_valid(rest), BAD);
		if (ward_http_slice_ieq(name, "chunked")) {
			/* RFC 9112 7.1: chunked is applied once, without
			 * parameters */
			WARD_ENSURE(!f->te_chunked && rest.len == 0, BAD);
			f->te_chunked = 1;
			f->te_last_chunked = 1;
		} else {
			f->te_other = 1;
			f->te_last_chunked = 0;
		}
	}
	return WARD_OK;
}

ward_err ward_http_connection(ward_slice v, ward_http_framing_facts *f)
{
	ward_http_list_iter it = {v, 0};
	ward_slice el, rest;
	while (ward_http_list_next(&it, &el)) {
		if (el.len == 0)
			continue; /* RFC 9110 5.6.1.2: ignored */
		ward_slice tok = ward_http_leading_token(el, &rest);
		/* connection-option = token (RFC 9110 7.6.1) */
		WARD_ENSURE(rest.len == 0, BAD);
		if (ward_http_slice_ieq(tok, "close"))
			f->conn_close = 1;
		else if (ward_http_slice_ieq(tok, "keep-alive"))
			f->conn_keep_alive = 1;
	}
	return WARD_OK;
}

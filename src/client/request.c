/* The request head of ward get's client: the user's fields, the ones
 * ward adds unless the user gave them, cookies, and how the body goes
 * (Content-Length, chunked with trailers, Expect: 100-continue). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client/client_int.h"

/* ---- the request ---- */

/* The length of the name of a "Name: value" or "Name;" line. */
static size_t header_name_len(const char *h)
{
	return strcspn(h, ":;");
}

/* The user's line for this name, if any. */
static const char *user_header(const ward_client_request *r, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < r->n_headers; i++)
		if (header_name_len(r->headers[i]) == n &&
		    !strncasecmp(r->headers[i], name, n))
			return r->headers[i];
	return NULL;
}

static ward_err put_field(ward_buf *b, const char *name, const char *value)
{
	WARD_TRY(ward_put_str(b, name));
	WARD_TRY(ward_put_str(b, ": "));
	WARD_TRY(ward_put_str(b, value));
	return ward_put_str(b, "\r\n");
}

/* RFC 9110 10.1.1: a large body waits for the server's 100 (Continue)
 * or final answer first, as curl does above 1 MiB; the user's "Expect:"
 * line (curl's way to turn it off) or an HTTP/1.0 request never waits,
 * the user's "Expect: 100-continue" always does. */
#define EXPECT_BODY_BYTES ((size_t)1 << 20)

int ward_client_expects_continue(const ward_client_request *r)
{
	const char *h = user_header(r, "Expect");
	if (!r->has_body || r->http10)
		return 0;
	if (h) {
		const char *v = h + header_name_len(h) + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		return h[header_name_len(h)] == ':' &&
		       !strcasecmp(v, "100-continue");
	}
	return r->body_len > EXPECT_BODY_BYTES;
}

/* Chunked when asked for, or when the user's line says so. */
int ward_client_sends_chunked(const ward_client_request *r)
{
	const char *h = user_header(r, "Transfer-Encoding");
	return r->has_body && !r->http10 &&
	       (r->chunked || r->n_trailers || (h && strcasestr(h, "chunked")));
}

/* "Trailer: a, b": the names of the trailer fields (RFC 9110 6.6.2). */
static ward_err trailer_names(ward_buf *b, const ward_client_request *r)
{
	ward_buf_clear(b);
	for (size_t i = 0; i < r->n_trailers; i++) {
		if (i)
			WARD_TRY(ward_put_str(b, ", "));
		WARD_TRY(ward_put_bytes(b, r->trailers[i],
					header_name_len(r->trailers[i])));
	}
	return ward_put_u8(b, 0);
}

static ward_err build_request(ward_buf *b, const ward_client_request *r,
			      const char *user_agent, ward_buf *scratch,
			      const char *cookie)
{
	char host[WARD_URL_HOST_MAX + 16], len[32];
	int chunked = ward_client_sends_chunked(r);
	if (r->n_trailers)
		WARD_TRY(trailer_names(scratch, r));
	ward_url_authority(r->url, host, sizeof host);
	snprintf(len, sizeof len, "%zu", r->body_len);
	const char *defaults[][2] = {
	    {"Host", host},
	    {"User-Agent", user_agent},
	    {"Accept", "*/*"},
	    {"Content-Length", r->has_body && !chunked ? len : NULL},
	    {"Transfer-Encoding", chunked ? "chunked" : NULL},
	    {"Trailer", r->n_trailers ? (const char *)scratch->data : NULL},
	    {"Expect", ward_client_expects_continue(r) ? "100-continue" : NULL},
	    {"Cookie", cookie},
	};
	ward_buf_clear(b);
	WARD_TRY(ward_put_str(b, r->method_name));
	WARD_TRY(ward_put_str(b, " "));
	WARD_TRY(ward_put_str(b, r->url->target));
	WARD_TRY(
	    ward_put_str(b, r->http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n"));
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		if (defaults[i][1] && !user_header(r, defaults[i][0]))
			WARD_TRY(put_field(b, defaults[i][0], defaults[i][1]));
	for (size_t i = 0; i < r->n_headers; i++) {
		const char *h = r->headers[i];
		size_t n = header_name_len(h);
		const char *v = h + n + (h[n] != 0);
		while (*v == ' ' || *v == '\t')
			v++;
		if (h[n] == ':' && *v == 0)
			continue; /* "Name:" removes the header */
		WARD_TRY(ward_put_bytes(b, h, n));
		WARD_TRY(ward_put_str(b, ": "));
		WARD_TRY(ward_put_str(b, h[n] == ':' ? v : ""));
		WARD_TRY(ward_put_str(b, "\r\n"));
	}
	return ward_put_str(b, "\r\n");
}

ward_err ward_client_build(ward_client *c, const ward_client_request *r)
{
	const char *cookie;
	WARD_TRY(ward_client_cookie_field(c, r->url, &cookie));
	return build_request(&c->req, r,
			     c->o.user_agent ? c->o.user_agent : "ward",
			     &c->out, cookie);
}

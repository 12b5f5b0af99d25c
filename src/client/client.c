/* The client: one kept-alive connection at a time, a request written, its
 * response read with the sans-I/O parser and handed to a sink. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/client_int.h"

/* Trailer fields kept from a chunked body. */
#define MAX_TRAILER_BYTES 32768

void ward_client_trace(const ward_client *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	if (!c->o.trace)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->o.trace(c->o.trace_ctx, line);
}
#define trace ward_client_trace

static void warn(const ward_client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(const ward_client *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	if (!c->o.warn)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->o.warn(c->o.trace_ctx, line);
}

/* Versions, suites, groups and ALPN as the options ask. */
static int configure_tls(ward_tls_config *cfg, const ward_client_opts *o,
			 char *why, size_t whylen)
{
	static const char *const http11[] = {"http/1.1"};
	const char *what = NULL;
	/* turning one version off needs the other on: 1.3 first */
	if (o->tls12 != o->tls13 &&
	    (ward_tls_config_set_tls13(cfg, 1) != WARD_OK ||
	     ward_tls_config_set_tls12(cfg, o->tls12) != WARD_OK ||
	     ward_tls_config_set_tls13(cfg, o->tls13) != WARD_OK))
		what = "the TLS versions";
	else if (o->suites13 && *o->suites13 &&
		 ward_tls_config_set_suites_str(cfg, o->suites13) != WARD_OK)
		what = "the TLS 1.3 cipher suites";
	else if (o->suites12 && *o->suites12 &&
		 ward_tls_config_set_suites12_str(cfg, o->suites12) != WARD_OK)
		what = "the TLS 1.2 cipher suites";
	else if (o->groups &&
		 ward_tls_config_set_groups_str(cfg, o->groups) != WARD_OK)
		what = "the groups";
	else if (ward_tls_config_set_alpn(cfg, o->n_alpn ? o->alpn : http11,
					  o->n_alpn ? o->n_alpn : 1) != WARD_OK)
		what = "the ALPN names";
	else if (ward_tls_config_set_early_data(cfg, o->early_data != 0) !=
		 WARD_OK)
		what = "early data";
	if (what)
		snprintf(why, whylen, "cannot set %s", what);
	return what ? -1 : 0;
}

static void warn_cb(void *ctx, const char *line)
{
	const ward_client *c = ctx;
	warn(c, "%s", line);
}

ward_client *ward_client_new(const ward_client_opts *o, char *why,
			     size_t whylen)
{
	ward_client *c = calloc(1, sizeof *c);
	ward_trust *trust = NULL;
	if (!c) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	c->o = *o;
	c->t.fd = -1;
	ward_buf_init(&c->rx);
	ward_buf_init(&c->req);
	ward_buf_init(&c->out);
	ward_buf_init(&c->cookie);
	ward_csess_init(&c->sessions);
	c->tls_cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	if (!c->tls_cfg) {
		snprintf(why, whylen, "cannot set up TLS");
		goto fail;
	}
	if (configure_tls(c->tls_cfg, o, why, whylen))
		goto fail;
	if (o->cert_file && ward_tls_config_set_client_cert_files(
				c->tls_cfg, o->cert_file,
				o->key_file ? o->key_file : o->cert_file, why,
				whylen) != WARD_OK)
		goto fail;
	if (o->session_file)
		ward_csess_load(&c->sessions, o->session_file, warn_cb, c);
	if (!o->insecure) {
		const char *path = o->cacert ? o->cacert : o->capath;
		if (ward_trust_load(path, &trust, why, whylen) != WARD_OK)
			goto fail;
		ward_tls_config_set_trust(c->tls_cfg, trust);
	}
	ward_tls_config_set_verify(c->tls_cfg, !o->insecure);
	ward_tls_config_keylog_from_env(c->tls_cfg);
	return c;
fail:
	ward_client_free(c);
	return NULL;
}

static void keep_session(ward_client *c);

static void disconnect(ward_client *c)
{
	if (c->open)
		ward_transport_close(&c->t);
	c->open = 0;
	c->reusable = 0;
	ward_buf_clear(&c->rx);
}

void ward_client_free(ward_client *c)
{
	if (!c)
		return;
	/* a kept-alive connection may have received a later ticket */
	if (c->open && c->reusable)
		keep_session(c);
	disconnect(c);
	ward_csess_free(&c->sessions);
	ward_tls_config_free(c->tls_cfg);
	ward_buf_free(&c->rx);
	ward_buf_free(&c->req);
	ward_buf_free(&c->out);
	ward_buf_free(&c->cookie);
	free(c);
}

size_t ward_client_connections(const ward_client *c)
{
	return c->connections;
}

const ward_client_info *ward_client_last(const ward_client *c)
{
	return &c->last;
}

/* ---- sessions ---- */

/* The connection's newest session becomes the origin's, written to the
 * session file when it changed. A TLS 1.3 ticket arrives after the
 * handshake, so this runs once a response has been read. */
static void keep_session(ward_client *c)
{
	char origin[sizeof c->sessions.e[0].origin], why[512];
	ward_buf blob;
	if (!c->open || !c->t.tls)
		return;
	ward_buf_init_secret(&blob);
	ward_csess_origin(&c->origin, origin, sizeof origin);
	if (ward_tls_get_session(c->t.tls, &blob) == WARD_OK &&
	    ward_csess_put(&c->sessions, origin, blob.data, blob.len) !=
		WARD_OK)
		trace(c, "cannot keep the TLS session of %s", origin);
	ward_buf_free(&blob);
	if (c->o.session_file && c->sessions.dirty &&
	    ward_csess_save(&c->sessions, c->o.session_file, why, sizeof why) !=
		0)
		warn(c, "cannot save the TLS session: %s", why);
}

/* ---- the response ---- */

typedef ward_exchange exchange;

static ward_client_status read_more(exchange *x)
{
	size_t before = x->c->rx.len;
	ward_client_status st = ward_transport_read(
	    &x->c->t, &x->c->rx, x->deadline, x->why, x->whylen);
	x->received += x->c->rx.len - before;
	if (x->received && !x->c->last.t_first_byte) {
		x->c->last.t_first_byte = ward_client_now_us();
		x->c->last.round_trips = x->c->t.round_trips - x->turns_before;
	}
	return st;
}

static ward_client_status sink_failed(exchange *x)
{
	snprintf(x->why, x->whylen, "failed writing the response body");
	return WARD_CLIENT_WRITE;
}

static ward_client_status bad_response(exchange *x, ward_err e)
{
	const char *what = e == WARD_ERR_HTTP_HEADERS_TOO_LARGE
			       ? "a response head beyond the limits"
			   : e == WARD_ERR_HTTP_VERSION_NOT_SUPPORTED
			       ? "a response in an HTTP version other than "
				 "1.0 and 1.1"
			       : "an invalid HTTP/1.1 response head";
	snprintf(x->why, x->whylen, "%s sent %s", x->r->url->host, what);
	return WARD_CLIENT_PROTOCOL;
}

/* Heads until the final one, which is left in *resp (pointing into rx;
 * its head_len bytes not yet consumed). */
static ward_client_status read_head(exchange *x, ward_http_response *resp)
{
	ward_client *c = x->c;
	ward_http_head_scan scan;
	ward_http_head_scan_init(&scan);
	for (;;) {
		ward_err e = ward_http_parse_response_resume(
		    c->rx.data, c->rx.len, NULL, x->r->method, resp, &scan);
		if (e == WARD_ERR_WANT_INPUT) {
			size_t had = c->rx.len;
			ward_client_status st = read_more(x);
			if (st != WARD_CLIENT_OK)
				return st;
			/* the last bytes may come with the close */
			if (c->rx.len > had)
				continue;
			if (c->rx.len == 0) {
				snprintf(x->why, x->whylen,
					 "%s closed the connection without "
					 "a response",
					 x->r->url->host);
				return WARD_CLIENT_EMPTY;
			}
			snprintf(x->why, x->whylen,
				 "%s closed the connection inside the "
				 "response head",
				 x->r->url->host);
			return WARD_CLIENT_PROTOCOL;
		}
		if (e != WARD_OK)
			return bad_response(x, e);
		ward_client_keep_cookies(c, x->r->url, resp);
		if (x->sink->head &&
		    x->sink->head(x->sink->ctx, resp,
				  ward_slice_make(c->rx.data, resp->head_len)))
			return sink_failed(x);
		if (!resp->interim)
			return WARD_CLIENT_OK;
		trace(c, "interim response %d skipped", resp->status);
		ward_buf_consume(&c->rx, resp->head_len);
		ward_http_head_scan_init(&scan);
	}
}

static ward_client_status deliver(exchange *x, const uint8_t *p, size_t n)
{
	if (n && x->sink->body && x->sink->body(x->sink->ctx, p, n))
		return sink_failed(x);
	return WARD_CLIENT_OK;
}

static ward_client_status broke(exchange *x, const char *inside)
{
	snprintf(x->why, x->whylen, "%s closed the connection inside %s",
		 x->r->url->host, inside);
	return WARD_CLIENT_RECV;
}

static ward_client_status read_length(exchange *x, uint64_t left)
{
	ward_client *c = x->c;
	while (left > 0) {
		if (c->rx.len == 0) {
			ward_client_status st = read_more(x);
			if (st != WARD_CLIENT_OK)
				return st;
			if (c->rx.len == 0)
				return broke(x, "the body (before its "
						"Content-Length)");
			continue;
		}
		size_t k = c->rx.len < left ? c->rx.len : (size_t)left;
		ward_client_status st = deliver(x, c->rx.data, k);
		if (st != WARD_CLIENT_OK)
			return st;
		ward_buf_consume(&c->rx, k);
		left -= k;
	}
	return WARD_CLIENT_OK;
}

static ward_client_status read_chunked(exchange *x)
{
	ward_client *c = x->c;
	ward_http_chunked d;
	ward_client_status st = WARD_CLIENT_OK;
	int done = 0;
	ward_http_chunked_init(&d, UINT64_MAX, MAX_TRAILER_BYTES);
	while (!done && st == WARD_CLIENT_OK) {
		size_t used = 0, body = 0;
		if (c->rx.len > 0) {
			ward_err e = ward_http_chunked_decode(
			    &d, c->rx.data, c->rx.len, &used, &body, &done);
			if (e != WARD_OK) {
				snprintf(x->why, x->whylen,
					 "%s sent a malformed chunked body%s",
					 x->r->url->host,
					 e == WARD_ERR_HTTP_HEADERS_TOO_LARGE
					     ? " (trailers too large)"
					     : "");
				st = WARD_CLIENT_PROTOCOL;
				break;
			}
			st = deliver(x, c->rx.data, body);
			ward_buf_consume(&c->rx, used);
		}
		if (done || st != WARD_CLIENT_OK)
			break;
		if (c->rx.len == 0 || used == 0) {
			size_t had = c->rx.len;
			st = read_more(x);
			if (st == WARD_CLIENT_OK && c->rx.len == had)
				st = broke(x, "a chunked body");
		}
	}
	if (st == WARD_CLIENT_OK && x->sink->trailers && d.trailers.len &&
	    x->sink->trailers(x->sink->ctx, ward_buf_slice(&d.trailers)))
		st = sink_failed(x);
	ward_http_chunked_free(&d);
	return st;
}

static ward_client_status read_until_close(exchange *x)
{
	ward_client *c = x->c;
	for (;;) {
		ward_client_status st = deliver(x, c->rx.data, c->rx.len);
		ward_buf_clear(&c->rx);
		if (st != WARD_CLIENT_OK || c->t.eof)
			return st;
		if ((st = read_more(x)) != WARD_CLIENT_OK)
			return st;
	}
}

/* After a head with "Expect: 100-continue": whether to send the body.
 * A 100 (shown like any interim head) or WARD_CLIENT_EXPECT_WAIT_MS of silence:
 * yes; a final status first: no, and it is left in rx for read_head. */
static ward_client_status await_continue(exchange *x, int *send_body)
{
	ward_client *c = x->c;
	long long until = ward_client_now_ms() + WARD_CLIENT_EXPECT_WAIT_MS;
	if (x->deadline && x->deadline < until)
		until = x->deadline;
	*send_body = 1;
	for (;;) {
		ward_http_response resp;
		ward_http_head_scan scan;
		ward_http_head_scan_init(&scan);
		ward_err e = ward_http_parse_response_resume(
		    c->rx.data, c->rx.len, NULL, x->r->method, &resp, &scan);
		if (e == WARD_OK && !resp.interim) {
			*send_body = 0;
			trace(c,
			      "the server answered %d before the body: not "
			      "sent",
			      resp.status);
			return WARD_CLIENT_OK;
		}
		if (e == WARD_OK) {
			if (x->sink->head &&
			    x->sink->head(
				x->sink->ctx, &resp,
				ward_slice_make(c->rx.data, resp.head_len)))
				return sink_failed(x);
			ward_buf_consume(&c->rx, resp.head_len);
			if (resp.status == 100)
				return WARD_CLIENT_OK;
			continue;
		}
		if (e != WARD_ERR_WANT_INPUT)
			return bad_response(x, e);
		long long saved = x->deadline;
		x->deadline = until;
		size_t had = c->rx.len;
		ward_client_status st = read_more(x);
		x->deadline = saved;
		if (st == WARD_CLIENT_TIMEOUT &&
		    (!saved || ward_client_now_ms() < saved)) {
			trace(c,
			      "no 100 (Continue) within %d ms: sending the "
			      "body",
			      WARD_CLIENT_EXPECT_WAIT_MS);
			return WARD_CLIENT_OK;
		}
		if (st != WARD_CLIENT_OK)
			return st;
		if (c->rx.len == had) /* closed: read_head says how */
			return WARD_CLIENT_OK;
	}
}

/* The body in chunks of at most CHUNK bytes, the last chunk, the
 * trailers (RFC 9112 7.1). */
#define CHUNK 16384

/* One chunk of n bytes at p (n = 0: the last chunk and the trailers). */
static ward_client_status send_chunk(exchange *x, const uint8_t *p, size_t n)
{
	ward_client *c = x->c;
	const ward_client_request *r = x->r;
	char size[24];
	snprintf(size, sizeof size, "%zx\r\n", n);
	ward_buf_clear(&c->out);
	if (ward_put_str(&c->out, size) != WARD_OK ||
	    ward_put_bytes(&c->out, p, n) != WARD_OK ||
	    (n && ward_put_str(&c->out, "\r\n") != WARD_OK))
		goto nomem;
	if (n == 0) {
		for (size_t i = 0; i < r->n_trailers; i++)
			if (ward_put_str(&c->out, r->trailers[i]) != WARD_OK ||
			    ward_put_str(&c->out, "\r\n") != WARD_OK)
				goto nomem;
		if (ward_put_str(&c->out, "\r\n") != WARD_OK)
			goto nomem;
	}
	return ward_transport_write(&c->t, c->out.data, c->out.len, x->deadline,
				    x->why, x->whylen);
nomem:
	snprintf(x->why, x->whylen, "out of memory");
	return WARD_CLIENT_LOCAL;
}

/* A body read as it comes: each piece is a chunk sent at once, so the
 * server has it before the source ends; memory stays at one piece. */
static ward_client_status stream_chunked(exchange *x)
{
	const ward_client_request *r = x->r;
	uint8_t piece[CHUNK];
	for (;;) {
		long n =
		    r->body_read(r->body_ctx, piece, sizeof piece, x->deadline);
		if (n == -2) {
			snprintf(x->why, x->whylen,
				 "the time ran out reading the request body");
			return WARD_CLIENT_TIMEOUT;
		}
		if (n < 0) {
			snprintf(x->why, x->whylen,
				 "cannot read the request body");
			return WARD_CLIENT_BODY;
		}
		ward_client_status st = send_chunk(x, piece, (size_t)n);
		if (st != WARD_CLIENT_OK || n == 0)
			return st;
	}
}

/* The body in chunks of at most CHUNK bytes, the last chunk, the
 * trailers (RFC 9112 7.1). */
static ward_client_status send_chunked(exchange *x)
{
	const ward_client_request *r = x->r;
	ward_client_status st = WARD_CLIENT_OK;
	if (r->body_read)
		return stream_chunked(x);
	for (size_t at = 0; st == WARD_CLIENT_OK && at <= r->body_len;) {
		size_t n = r->body_len - at < CHUNK ? r->body_len - at : CHUNK;
		st = send_chunk(x, r->body + at, n);
		if (n == 0)
			break;
		at += n;
	}
	return st;
}

ward_err ward_client_put_body(ward_buf *b, const ward_client_request *r)
{
	char size[24];
	if (!r->has_body)
		return WARD_OK;
	if (!ward_client_sends_chunked(r))
		return ward_put_bytes(b, r->body, r->body_len);
	if (r->body_len) {
		snprintf(size, sizeof size, "%zx\r\n", r->body_len);
		WARD_TRY(ward_put_str(b, size));
		WARD_TRY(ward_put_bytes(b, r->body, r->body_len));
		WARD_TRY(ward_put_str(b, "\r\n"));
	}
	WARD_TRY(ward_put_str(b, "0\r\n"));
	for (size_t i = 0; i < r->n_trailers; i++) {
		WARD_TRY(ward_put_str(b, r->trailers[i]));
		WARD_TRY(ward_put_str(b, "\r\n"));
	}
	return ward_put_str(b, "\r\n");
}

ward_client_status ward_client_send_body(exchange *x)
{
	const ward_client_request *r = x->r;
	if (ward_client_sends_chunked(r))
		return send_chunked(x);
	return ward_transport_write(&x->c->t, r->body, r->body_len, x->deadline,
				    x->why, x->whylen);
}

ward_client_status ward_client_read_response(exchange *x, int body_withheld)
{
	ward_client *c = x->c;
	ward_http_response resp;
	ward_client_status st = read_head(x, &resp);
	if (st != WARD_CLIENT_OK)
		return st;
	ward_buf_consume(&c->rx, resp.head_len);
	c->reusable = 0;
	switch (resp.body) {
	case WARD_HTTP_BODY_NONE:
		break;
	case WARD_HTTP_BODY_LENGTH:
		st = read_length(x, resp.content_length);
		break;
	case WARD_HTTP_BODY_CHUNKED:
		st = read_chunked(x);
		break;
	case WARD_HTTP_BODY_CLOSE:
		st = read_until_close(x);
		break;
	}
	/* bytes beyond the response were not asked for: the framing is in
	 * doubt (unless they answer the next pipelined request) */
	/* a body announced and not sent leaves the framing to the server:
	 * the connection is not reused */
	c->reusable = st == WARD_CLIENT_OK && resp.keep_alive && !c->t.eof &&
		      (c->rx.len == 0 || x->pipelined) && !body_withheld;
	if (resp.te_and_length)
		trace(c, "both Transfer-Encoding and Content-Length: the "
			 "connection will not be reused");
	return st;
}

static ward_client_status exchange_once(exchange *x)
{
	ward_client *c = x->c;
	const ward_client_request *r = x->r;
	int send_body = r->has_body, body_withheld = 0;
	if (c->o.request_head)
		c->o.request_head(c->o.trace_ctx, c->req.data, c->req.len);
	ward_client_status st = WARD_CLIENT_OK;
	if (!x->head_sent)
		st = ward_transport_write(&c->t, c->req.data, c->req.len,
					  x->deadline, x->why, x->whylen);
	if (st == WARD_CLIENT_OK && send_body &&
	    ward_client_expects_continue(r)) {
		st = await_continue(x, &send_body);
		body_withheld = !send_body;
	}
	if (st == WARD_CLIENT_OK && send_body)
		st = ward_client_send_body(x);
	if (st != WARD_CLIENT_OK)
		return st;
	return ward_client_read_response(x, body_withheld);
}

/* RFC 8470 4: only what a replay of changes nothing goes in early data
 * (a server answers anything else 425) */
static int early_ok(const ward_client *c, const ward_client_request *r)
{
	return c->o.early_data && r->url->https && !r->has_body &&
	       !r->chunked &&
	       (r->method == WARD_HTTP_GET || r->method == WARD_HTTP_HEAD);
}

/* RFC 9110 9.2.2 */
int ward_client_idempotent(const char *method)
{
	static const char *const m[] = {"GET",	  "HEAD",    "PUT",
					"DELETE", "OPTIONS", "TRACE"};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (!strcmp(method, m[i]))
			return 1;
	return 0;
}

ward_client_status ward_client_connect(ward_client *c, const ward_url *u,
				       ward_slice early, long long deadline,
				       int *reused, char *why, size_t whylen)
{
	*reused = c->open && c->reusable &&
		  ward_url_same_origin(&c->origin, u) &&
		  ward_transport_idle_ok(&c->t);
	if (*reused) {
		trace(c, "Re-using the connection to %s (%s)", u->host,
		      c->t.peer);
	} else {
		char origin[sizeof c->sessions.e[0].origin];
		int bad = 0;
		disconnect(c);
		ward_csess_origin(u, origin, sizeof origin);
		const ward_buf *saved =
		    u->https ? ward_csess_find(&c->sessions, origin) : NULL;
		ward_client_status st = ward_transport_open_early(
		    &c->t, &c->o, c->tls_cfg, u, saved, &bad, early, deadline,
		    why, whylen);
		if (bad) {
			warn(c,
			     "the saved TLS session for %s is malformed: a "
			     "full handshake",
			     origin);
			ward_csess_drop(&c->sessions, origin);
		}
		if (st != WARD_CLIENT_OK)
			return st;
		c->open = 1;
		c->connections++;
		c->origin = *u;
		c->last.t_connect = c->t.t_connect;
		if (c->t.tls)
			c->last.t_appconnect = ward_client_now_us();
	}
	if (c->t.tls) {
		const ward_tls_info *i = ward_tls_get_info(c->t.tls);
		c->last.tls_version = i->version;
		c->last.tls_suite = i->suite;
		c->last.tls_group = i->group;
		c->last.tls_resumed = i->resumed;
	}
	return WARD_CLIENT_OK;
}

void ward_client_done(ward_client *c, ward_client_status st)
{
	if (st == WARD_CLIENT_OK)
		keep_session(c);
	if (!c->reusable)
		disconnect(c);
}

ward_client_status ward_client_fetch(ward_client *c,
				     const ward_client_request *req,
				     const ward_client_sink *sink, char *why,
				     size_t whylen)
{
	static const ward_client_sink none;
	exchange x = {.c = c,
		      .r = req,
		      .sink = sink ? sink : &none,
		      .why = why,
		      .whylen = whylen};
	memset(&c->last, 0, sizeof c->last);
	c->last.t_start = ward_client_now_us();
	if (req->deadline_ms)
		x.deadline = req->deadline_ms;
	else if (c->o.max_time_ms)
		x.deadline = ward_client_now_ms() + c->o.max_time_ms;
	if (ward_client_build(c, req) != WARD_OK) {
		snprintf(why, whylen, "out of memory");
		return WARD_CLIENT_LOCAL;
	}
	for (int attempt = 0;; attempt++) {
		int reused;
		ward_client_status st = ward_client_connect(
		    c, req->url,
		    early_ok(c, req) ? ward_buf_slice(&c->req)
				     : ward_slice_make(NULL, 0),
		    x.deadline, &reused, why, whylen);
		if (st != WARD_CLIENT_OK)
			return st;
		x.received = 0;
		x.turns_before = reused ? c->t.round_trips : 0;
		/* accepted early data carried the request; rejected, it is
		 * sent now (RFC 8446 4.2.10) */
		c->last.early_data = reused ? 0 : ward_transport_early(&c->t);
		x.head_sent = c->last.early_data == WARD_TLS_EARLY_ACCEPTED;
		st = exchange_once(&x);
		c->last.t_end = ward_client_now_us();
		/* a kept-alive connection the server closed before answering
		 * is replaced once, for idempotent methods only (RFC 9112
		 * 9.3.1); a body read as it came cannot be sent again */
		if (reused && attempt == 0 && x.received == 0 &&
		    ward_client_idempotent(req->method_name) &&
		    !req->body_read &&
		    (st == WARD_CLIENT_EMPTY || st == WARD_CLIENT_SEND ||
		     st == WARD_CLIENT_RECV)) {
			trace(c, "the kept-alive connection was closed: "
				 "reconnecting");
			c->reusable = 0;
			continue;
		}
		ward_client_done(c, st);
		return st;
	}
}

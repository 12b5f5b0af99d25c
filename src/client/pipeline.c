/* --pipeline (client.h): every request written back to back on one
 * connection, then the answers read in order (RFC 9112 9.3.2). */
#include <stdio.h>
#include <string.h>

#include "client/client_int.h"

static char *why_of(char *whys, size_t whylen, size_t i)
{
	return whys + i * whylen;
}

/* Whether a failure means the server closed before answering: the
 * request may be sent again. */
static int unanswered(ward_client_status st, size_t received)
{
	return received == 0 &&
	       (st == WARD_CLIENT_EMPTY || st == WARD_CLIENT_SEND ||
		st == WARD_CLIENT_RECV);
}

void ward_client_pipeline(ward_client *c, const ward_client_request *reqs,
			  size_t n, const ward_client_sink *sinks,
			  ward_client_status *st, char *whys, size_t whylen)
{
	static const ward_client_sink none;
	ward_buf all = WARD_BUF_INIT;
	long long deadline = reqs[0].deadline_ms;
	size_t answered = 0;
	int reused = 0;
	ward_client_status s = WARD_CLIENT_OK;
	if (!deadline && c->o.max_time_ms)
		deadline = ward_client_now_ms() + c->o.max_time_ms;
	memset(&c->last, 0, sizeof c->last);
	c->last.t_start = ward_client_now_us();
	for (size_t i = 0; i < n; i++) {
		st[i] = WARD_CLIENT_OK;
		why_of(whys, whylen, i)[0] = 0;
	}
	/* every head (and body) first, then one write */
	for (size_t i = 0; i < n && s == WARD_CLIENT_OK; i++) {
		const ward_client_request *r = &reqs[i];
		if (ward_client_build(c, r) != WARD_OK ||
		    ward_put_bytes(&all, c->req.data, c->req.len) != WARD_OK ||
		    ward_client_put_body(&all, r) != WARD_OK) {
			snprintf(why_of(whys, whylen, 0), whylen,
				 "out of memory");
			s = WARD_CLIENT_LOCAL;
		}
	}
	if (s == WARD_CLIENT_OK)
		s = ward_client_connect(c, reqs[0].url, ward_slice_make(NULL, 0),
					deadline, &reused,
					why_of(whys, whylen, 0), whylen);
	if (s == WARD_CLIENT_OK) {
		ward_client_trace(c, "%zu requests pipelined to %s", n,
				  reqs[0].url->host);
		/* -v: each head again, now that the connection is up */
		for (size_t i = 0; i < n && c->o.request_head; i++)
			if (ward_client_build(c, &reqs[i]) == WARD_OK)
				c->o.request_head(c->o.trace_ctx, c->req.data,
						  c->req.len);
		s = ward_transport_write(&c->t, all.data, all.len, deadline,
					 why_of(whys, whylen, 0), whylen);
	}
	ward_buf_free(&all);
	if (s != WARD_CLIENT_OK && !(reused && s == WARD_CLIENT_SEND)) {
		for (size_t i = 0; i < n; i++) {
			st[i] = s;
			if (i)
				snprintf(why_of(whys, whylen, i), whylen, "%s",
					 why_of(whys, whylen, 0));
		}
		ward_client_done(c, s);
		return;
	}
	for (size_t i = 0; s == WARD_CLIENT_OK && i < n; i++) {
		ward_exchange x = {
		    .c = c,
		    .r = &reqs[i],
		    .sink = sinks ? &sinks[i] : &none,
		    .deadline = deadline,
		    .turns_before = reused ? c->t.round_trips : 0,
		    .why = why_of(whys, whylen, i),
		    .whylen = whylen,
		    .pipelined = i + 1 < n,
		};
		s = ward_client_read_response(&x, 0);
		c->last.t_end = ward_client_now_us();
		if (s != WARD_CLIENT_OK && unanswered(s, x.received)) {
			why_of(whys, whylen, i)[0] = 0;
			c->reusable = 0;
			break;
		}
		st[i] = s;
		answered = i + 1;
		if (!c->reusable)
			break;
	}
	ward_client_done(c, answered ? st[answered - 1] : s);
	/* the server closed the connection (Connection: close, or after a
	 * failure) before it answered them all: they are idempotent, so the
	 * rest go again, one at a time */
	if (answered < n)
		ward_client_trace(c,
				  "%zu of %zu pipelined requests answered: "
				  "the rest one at a time",
				  answered, n);
	for (size_t i = answered; i < n; i++)
		st[i] = ward_client_fetch(c, &reqs[i], sinks ? &sinks[i] : NULL,
					  why_of(whys, whylen, i), whylen);
}

/* The client's state and the steps of an exchange (internal to
 * src/client): client.c does one request at a time, pipeline.c several
 * back to back with the same steps. */
#ifndef WARD_CLIENT_INT_H
#define WARD_CLIENT_INT_H

#include "client/client.h"
#include "client/session.h"
#include "client/transport.h"

struct ward_client {
	ward_client_opts o;
	ward_tls_config *tls_cfg;
	ward_transport t;
	int open;     /* t is connected */
	int reusable; /* the last response allowed another request */
	ward_url origin;
	ward_buf rx;  /* plaintext received and not yet used */
	ward_buf req; /* the request head */
	ward_buf out; /* the Trailer field's value, then chunks being sent */
	size_t connections;
	ward_csessions sessions;
	ward_client_info last;
	ward_buf cookie; /* the Cookie field of the request being built */
};

/* One request and its response on the open connection. */
typedef struct ward_exchange {
	ward_client *c;
	const ward_client_request *r;
	const ward_client_sink *sink;
	long long deadline;
	size_t received;       /* bytes of the response so far */
	unsigned turns_before; /* the connection's round trips before this */
	char *why;
	size_t whylen;
	int pipelined; /* more responses may follow in rx */
	int head_sent; /* the request went in accepted early data */
} ward_exchange;

void ward_client_trace(const ward_client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The Cookie field for u (NULL: none), in c->cookie. */
ward_err ward_client_cookie_field(ward_client *c, const ward_url *u,
				  const char **field);
/* A response's Set-Cookie fields into the jar. */
void ward_client_keep_cookies(ward_client *c, const ward_url *u,
			      const ward_http_response *resp);
/* How long a body waits for 100 Continue before it goes anyway. */
#define WARD_CLIENT_EXPECT_WAIT_MS 1000
/* Whether r waits for 100 Continue before its body (a large one), and
 * whether its body goes chunked (unknown length, or trailers). */
int ward_client_expects_continue(const ward_client_request *r);
int ward_client_sends_chunked(const ward_client_request *r);
/* The request head of r into c->req, with the jar's cookies
 * (client/request.c). */
ward_err ward_client_build(ward_client *c, const ward_client_request *r);
/* The connection for u: the open one when it can carry another request
 * (*reused set), else a new one, which sends `early` (a request head, or
 * nothing) in TLS 1.3 early data when its saved session allows it. */
ward_client_status ward_client_connect(ward_client *c, const ward_url *u,
				       ward_slice early, long long deadline,
				       int *reused, char *why, size_t whylen);
/* After a response: its TLS session kept when it went well, the
 * connection closed unless it can carry another request. */
void ward_client_done(ward_client *c, ward_client_status st);
/* r's body as it goes after its head (chunked: one chunk, the last
 * chunk and the trailers), appended to b; nothing without a body. */
ward_err ward_client_put_body(ward_buf *b, const ward_client_request *r);
/* The body of x->r after its head: chunked or as it is. */
ward_client_status ward_client_send_body(ward_exchange *x);
/* x->r's response, to x->sink; then whether the connection can carry
 * another request (c->reusable). body_withheld: the head announced a
 * body that was not sent. */
ward_client_status ward_client_read_response(ward_exchange *x,
					     int body_withheld);

#endif

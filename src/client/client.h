/* The HTTPS client of `ward get` (and later of the proxy's upstream): URL
 * parsing, name resolution, connecting with a deadline, TLS through the
 * engine's client role, and HTTP/1.1 exchanges over a kept-alive
 * connection, read with the sans-I/O response parser.
 *
 * Blocking from the caller's view: one socket at a time, poll() with the
 * nearest deadline. Every step can be reported through opts.trace, one
 * line each, so a trace of the handshake can be added beside them.
 */
#ifndef WARD_CLIENT_CLIENT_H
#define WARD_CLIENT_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "http/cookie.h"
#include "http/http.h"

/* What failed, one class per exit code of `ward get` (docs/get.md). */
typedef enum ward_client_status {
	WARD_CLIENT_OK = 0,
	WARD_CLIENT_URL,      /* malformed or unsupported URL */
	WARD_CLIENT_RESOLVE,  /* the name does not resolve */
	WARD_CLIENT_CONNECT,  /* no address accepted the connection */
	WARD_CLIENT_TLS,      /* the handshake failed (alert, protocol) */
	WARD_CLIENT_VERIFY,   /* the server's certificate was refused */
	WARD_CLIENT_PIN,      /* its public key is not one of the pins */
	WARD_CLIENT_TIMEOUT,  /* --connect-timeout or --max-time */
	WARD_CLIENT_PROTOCOL, /* the response is not valid HTTP/1.x */
	WARD_CLIENT_EMPTY,    /* the server closed without a response */
	WARD_CLIENT_RECV,     /* the connection broke during the response */
	WARD_CLIENT_SEND,     /* the connection broke during the request */
	WARD_CLIENT_WRITE,    /* the sink refused the bytes */
	WARD_CLIENT_LOCAL,    /* memory, trust store, configuration */
	WARD_CLIENT_BODY,     /* the request body could not be read */
} ward_client_status;

/* ---- URLs ---- */

#define WARD_URL_HOST_MAX 256
#define WARD_URL_TARGET_MAX 8192

typedef struct ward_url {
	int https;
	char host[WARD_URL_HOST_MAX]; /* lower case; an IPv6 literal without
				       * its brackets */
	int ipv6;
	uint16_t port; /* the scheme's default when none was given */
	char target[WARD_URL_TARGET_MAX]; /* path and query, "/" at least */
	char userinfo[256]; /* "user:password" as written, or "" */
} ward_url;

/* Parse an absolute http or https URL; without "scheme://", http is
 * assumed (as curl does). What curl refuses is refused, with a reason:
 * other schemes, no host, spaces and control characters, a bad port. The
 * fragment is dropped (never sent). */
ward_client_status ward_url_parse(const char *s, ward_url *u, char *why,
				  size_t whylen);
/* Resolve a reference (a Location) against base (RFC 3986 5.2). */
ward_client_status ward_url_join(const ward_url *base, const char *ref,
				 ward_url *out, char *why, size_t whylen);
/* host[:port] for the Host field: the port only when not the default,
 * an IPv6 literal in brackets. */
void ward_url_authority(const ward_url *u, char *out, size_t len);
/* The same origin: scheme, host and port. */
int ward_url_same_origin(const ward_url *a, const ward_url *b);

/* ---- the client ---- */

/* --resolve host:port:addr */
typedef struct ward_client_resolve {
	char host[WARD_URL_HOST_MAX];
	uint16_t port;
	char addr[64];
} ward_client_resolve;

struct ward_tls_trace_event;

typedef struct ward_client_opts {
	const char *cacert;	 /* PEM bundle; NULL: the system store */
	const char *capath;	 /* directory of PEM files */
	int insecure;		 /* no chain or name checks */
	/* --pinnedpubkey: the SHA-256 of the SubjectPublicKeyInfo the
	 * server's certificate must have, one of n_pins; checked with
	 * insecure too */
	const uint8_t (*pins)[32];
	size_t n_pins;
	long connect_timeout_ms; /* per address; 0: none */
	long max_time_ms;	 /* per fetch, from its start; 0: none */
	const ward_client_resolve *resolve;
	size_t n_resolve;
	const char *user_agent; /* the default User-Agent */
	/* TLS: the versions offered (0: both), the suites ("" or NULL: the
	 * engine's defaults; IANA names, ':'-separated), groups, ALPN
	 * names (none given: http/1.1) */
	int tls12, tls13;     /* both 0: both offered */
	const char *suites13; /* ward_tls_config_set_suites_str */
	const char *suites12; /* ward_tls_config_set_suites12_str */
	const char *groups;   /* ward_tls_config_set_groups_str */
	const char *const *alpn;
	size_t n_alpn;
	/* --session FILE: sessions read from it, the newest written back */
	const char *session_file;
	void (*trace)(void *ctx, const char *line);
	void *trace_ctx;
	/* warnings that do not stop a fetch (a bad session file) */
	void (*warn)(void *ctx, const char *line);
	/* ward get -v, --trace-json, --ladder: the TLS engine's events on
	 * every connection (tls/tls.h, ward_tls_set_trace), and each
	 * request head as it is sent; both get trace_ctx */
	void (*tls_trace)(void *ctx, const struct ward_tls_trace_event *ev);
	void (*request_head)(void *ctx, const uint8_t *p, size_t n);
	/* -b/-c: cookies received are kept here and sent with the requests
	 * they match (NULL: neither); cookie_literal ("a=1; b=2", or NULL)
	 * is sent with every request after them */
	ward_cookie_jar *cookies;
	const char *cookie_literal;
	/* --cert / --key: the certificate chain (PEM) sent to a server
	 * that asks for one, and its key (NULL: in the cert file) */
	const char *cert_file;
	const char *key_file;
	/* --early-data: a GET or HEAD without a body on a new connection
	 * goes in TLS 1.3 0-RTT early data when the saved session allows
	 * it; sent again after the handshake if the server declines it */
	int early_data;
} ward_client_opts;

typedef struct ward_client_request {
	const ward_url *url;
	ward_http_method method; /* for framing; the name is sent */
	const char *method_name;
	int http10;
	/* "Name: value" lines: each replaces the default of that name,
	 * "Name:" removes it, "Name;" sends it empty (as curl -H does) */
	const char *const *headers;
	size_t n_headers;
	const uint8_t *body; /* sent with Content-Length when has_body */
	size_t body_len;
	int has_body;
	/* the body sent chunked instead (the user's "Transfer-Encoding:
	 * chunked" line does the same), ending with these trailer fields
	 * ("Name: value"), named in a Trailer field */
	int chunked;
	const char *const *trailers;
	size_t n_trailers;
	/* when the fetch must be over (ward_client_now_ms), e.g. one
	 * deadline for a chain of redirects; 0: opts.max_time_ms from the
	 * start of this fetch */
	long long deadline_ms;
	/* a body of unknown length read as it comes (stdin from a pipe),
	 * instead of body: each piece read is sent as one chunk at once.
	 * body_read returns the bytes read into p (at most cap), 0 at the
	 * end, -1 when the source fails, -2 when deadline (ward_client_now_ms,
	 * 0: none) passes first. Needs chunked and HTTP/1.1; such a request
	 * is never sent again. */
	long (*body_read)(void *ctx, uint8_t *p, size_t cap, long long deadline);
	void *body_ctx;
} ward_client_request;

/* Monotonic milliseconds, the clock of the deadlines; and microseconds,
 * the clock of ward_client_info. */
long long ward_client_now_ms(void);
long long ward_client_now_us(void);

/* Where a response goes. head() sees each head, interim ones too, with
 * its raw bytes; body() the decoded body; trailers() the raw trailer
 * fields of a chunked body. A nonzero return stops the fetch
 * (WARD_CLIENT_WRITE). Any callback may be NULL. */
typedef struct ward_client_sink {
	int (*head)(void *ctx, const ward_http_response *resp, ward_slice raw);
	int (*body)(void *ctx, const uint8_t *p, size_t n);
	int (*trailers)(void *ctx, ward_slice raw);
	void *ctx;
} ward_client_sink;

typedef struct ward_client ward_client;

/* NULL with a reason in why when the trust store cannot be loaded. */
ward_client *ward_client_new(const ward_client_opts *o, char *why,
			     size_t whylen);
void ward_client_free(ward_client *c);
/* One request and its response. The connection is reused when the last
 * response allowed it and the origin is the same; a reused connection
 * the server had closed before answering is replaced once. */
ward_client_status ward_client_fetch(ward_client *c,
				     const ward_client_request *req,
				     const ward_client_sink *sink, char *why,
				     size_t whylen);
/* --pipeline: n requests to one origin written back to back on one
 * connection, then their responses read in order, response i to sinks[i]
 * with its result in st[i] and, when it failed, its reason in
 * whys + i * whylen. The requests must be idempotent and have no
 * body_read; a deadline of reqs[0] (or opts.max_time_ms) covers them all.
 * When the server closes the connection before answering them all, the
 * rest are sent again one at a time, as ward_client_fetch does. */
void ward_client_pipeline(ward_client *c, const ward_client_request *reqs,
			  size_t n, const ward_client_sink *sinks,
			  ward_client_status *st, char *whys, size_t whylen);
/* The methods that may be pipelined and sent again (RFC 9110 9.2.2). */
int ward_client_idempotent(const char *method);
/* Connections opened (each with its handshake for https) so far. */
size_t ward_client_connections(const ward_client *c);

/* What the last fetch used: its connection's TLS parameters (zero for
 * plain http) and when each step ended (ward_client_now_us; 0 when the
 * step did not happen, e.g. no connect on a reused connection). */
typedef struct ward_client_info {
	uint16_t tls_version, tls_suite, tls_group;
	int tls_resumed;
	long long t_start;	/* the fetch began */
	long long t_connect;	/* TCP connected */
	long long t_appconnect; /* TLS handshake done */
	long long t_first_byte; /* the first response byte */
	long long t_end;	/* the response read */
	/* round trips before the first response byte: the TCP handshake
	 * (on a new connection), then each time the server's bytes arrived
	 * while the client waited for an answer to what it had sent (TLS
	 * flights, the request) */
	unsigned round_trips;
	/* 0-RTT: what became of the request sent in early data
	 * (ward_tls_early_state; NONE when none was sent) */
	int early_data;
} ward_client_info;
const ward_client_info *ward_client_last(const ward_client *c);

#endif

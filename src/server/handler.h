/* What a request handler produces: a response whose body is a list of
 * segments — bytes held in memory, or ranges of an open file sent without
 * reading the whole file into memory — and, for requests with a body (PUT),
 * a sink that receives the body as it arrives.
 *
 * The connection adds the status line, Date, Server, Content-Length (or
 * chunked coding), Connection and Strict-Transport-Security; the handler
 * adds everything else to `head`.
 */
#ifndef WARD_SERVER_HANDLER_H
#define WARD_SERVER_HANDLER_H

#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "http/http.h"
#include "server/config.h"
#include "tls/tls.h"

#define WARD_RESPONSE_MAX_SEGMENTS 64

typedef struct ward_segment {
	int fd;       /* -1: bytes in response->mem at `off` */
	uint64_t off; /* file offset, or offset into mem */
	uint64_t len;
} ward_segment;

typedef struct ward_response {
	int status;
	ward_buf head;            /* "Name: value\r\n" lines */
	ward_buf mem;             /* in-memory body bytes segments point into */
	ward_segment seg[WARD_RESPONSE_MAX_SEGMENTS];
	size_t n_seg;
	int fd;                   /* file to close when the response is done */
	int no_body;              /* HEAD, 204, 304: headers only (length kept) */
	int close;                /* close the connection after this response */
	ward_buf trailers;        /* sent when chunked and the client allows */
	int chunked;              /* length unknown in advance: chunked coding */
} ward_response;

void ward_response_init(ward_response *r);
void ward_response_free(ward_response *r);
/* Add a header line. */
ward_err ward_response_header(ward_response *r, const char *name,
			      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same with a value taken as is (no formatting). */
ward_err ward_response_header_str(ward_response *r, const char *name,
				  const char *value, size_t len);
/* ... and with a NUL-terminated value. */
static inline ward_err ward_response_header_cstr(ward_response *r,
						 const char *name,
						 const char *value)
{
	return ward_response_header_str(r, name, value, strlen(value));
}
/* Append bytes to the body as a memory segment. */
ward_err ward_response_body_mem(ward_response *r, const void *p, size_t len);
/* Append a file range to the body. */
ward_err ward_response_body_file(ward_response *r, int fd, uint64_t off,
				 uint64_t len);
uint64_t ward_response_body_len(const ward_response *r);
/* A complete small response: status, Content-Type text/plain (or html),
 * and a short body explaining it. */
ward_err ward_response_simple(ward_response *r, int status,
			      const char *message);

/* Receives a request body (PUT). write may be called many times; then
 * exactly one of finish (the whole body arrived; fill resp) or abort (the
 * client went away or broke the framing: leave nothing behind). */
typedef struct ward_body_sink {
	ward_err (*write)(void *ctx, const uint8_t *p, size_t len);
	ward_err (*finish)(void *ctx, ward_response *resp);
	void (*abort)(void *ctx);
	void *ctx;
} ward_body_sink;

/* What a handler knows about the connection. */
typedef struct ward_request_ctx {
	const ward_server_config *cfg;
	const ward_tls_info *tls; /* NULL on the plain-HTTP listener */
	const char *peer_addr;
	int https;
	int early; /* the request began in TLS 1.3 early data */
	/* CONNECT: where an allowed one goes (handlers/connect.c); the
	 * connection dials it when port is set. NULL: no tunnels here */
	struct ward_connect_target *connect;
} ward_request_ctx;

/* Route a request: fill `resp` (a final response), or set `sink` for a
 * request whose body the handler wants (PUT to the store); in that case
 * `resp` may carry the status to send instead of reading the body (e.g. 412,
 * 413) and sink->write is NULL. */
ward_err ward_handle_request(const ward_request_ctx *ctx,
			     const ward_http_request *req, ward_response *resp,
			     ward_body_sink *sink);

/* Remove upload temporaries (".ward-upload-*") that a crash left in a store
 * directory and its subdirectories. For startup, before workers serve it. */
void ward_store_sweep(int dirfd);

#endif

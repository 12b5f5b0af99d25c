/* One client connection: TCP <-> TLS engine <-> HTTP codec <-> handler.
 *
 * Each connection is a small state machine driven by socket readiness:
 * read what is there, decrypt every whole record, answer every complete
 * request in order (pipelining), and gather the output into one write.
 * Buffers exist only while bytes are in flight; an idle keep-alive
 * connection holds just this struct and the TLS engine's keys. */
#ifndef WARD_SERVER_CONN_H
#define WARD_SERVER_CONN_H

#include "http/http.h"
#include "server/handler.h"
#include "server/loop.h"
#include "tls/tls.h"

typedef enum ward_conn_state {
	WARD_CONN_HANDSHAKE,
	WARD_CONN_HEAD,    /* waiting for (the rest of) a request head */
	WARD_CONN_BODY,    /* reading a request body into a sink or away */
	WARD_CONN_RESPOND, /* producing a response */
	WARD_CONN_CLOSING, /* flushing what is left, then closing */
	WARD_CONN_LINGER,  /* write side shut; dropping what still arrives */
	WARD_CONN_DIAL,    /* CONNECT: reaching its target (conn_connect.c) */
	WARD_CONN_TUNNEL,  /* relaying bytes with another socket */
} ward_conn_state;

struct ward_worker;
struct ward_tunnel;

typedef struct ward_conn {
	ward_io io;
	ward_timer timer;
	ward_defer free_later;
	struct ward_worker *w;
	struct ward_conn *prev, *next;
	ward_tls_conn *tls; /* NULL on the plain-HTTP redirect listener */
	uint8_t tls_input;  /* bytes went to the TLS engine */
	uint8_t plain_on_tls; /* plain HTTP came to the TLS port */
	ward_conn_state state;
	ward_buf rbuf;  /* bytes read, not yet decrypted */
	ward_buf plain; /* decrypted bytes: request heads and bodies */
	ward_buf stage; /* response bytes not yet encrypted */
	ward_buf wbuf;  /* bytes to write to the socket */
	int peer_eof;
	int closed;
	uint64_t timer_phase_started;
	uint64_t progress_at; /* last HTTP bytes in or out: timeouts count
			       * from here */
	size_t wbuf_http;     /* wbuf's first bytes that are HTTP output */
	ward_http_head_scan head_scan; /* how far the head in plain is read */
	char peer[64];
	/* the request being handled; its parsed head lives in the worker only
	 * while the handler runs, so an idle connection stays small */
	uint8_t version_minor;
	uint8_t te_trailers;
	ward_buf head_copy; /* what the access log needs from the head */
	ward_response *resp; /* borrowed from the worker while responding */
	ward_body_sink sink; /* in WARD_CONN_BODY without write: drop the body */
	uint64_t body_left; /* Content-Length body still to come */
	int body_chunked;
	ward_http_chunked chunked;
	int keep_alive;
	/* the response being produced */
	int resp_started;
	int close_after; /* its head said "Connection: close" */
	size_t seg;      /* current segment */
	uint64_t seg_off; /* progress inside it */
	uint64_t requests;
	uint32_t lingered; /* bytes dropped in WARD_CONN_LINGER */
	uint64_t tls_in;   /* decrypted bytes received: where plain starts
			      in the stream, for early data (server/early.h) */
	struct ward_tunnel *tunnel; /* in WARD_CONN_DIAL and _TUNNEL */
} ward_conn;

/* Output beyond this waits until the socket takes what is queued, and
 * no more is read meanwhile: whatever a peer sends that makes output
 * (requests, KeyUpdates) stays in its own socket buffer. */
#define WARD_CONN_WBUF_HIGH (256 * 1024)

/* conn_output.c: borrow a pool buffer into b when it has none; stage
 * response bytes (encrypted into wbuf once a record's worth is staged);
 * encrypt what is staged into wbuf; stage the head of c->resp; produce
 * its body until it ends (*complete) or wbuf is full. */
void ward_conn_borrow(ward_conn *c, ward_buf *b);
WARD_MUST_CHECK ward_err ward_conn_stage(ward_conn *c, const void *p,
					 size_t len);
WARD_MUST_CHECK ward_err ward_conn_flush_stage(ward_conn *c);
WARD_MUST_CHECK ward_err ward_conn_stage_head(ward_conn *c);
WARD_MUST_CHECK ward_err ward_conn_produce_body(ward_conn *c, int *complete);

/* conn_log.c: keep what the access log needs from the head being handled
 * (request line, Referer, User-Agent) in c->head_copy; write the line of
 * the request in c->resp, answered with status. */
void ward_conn_keep_head(ward_conn *c, const ward_http_request *req,
			 const uint8_t *head);
void ward_conn_log_access(const ward_conn *c, int status);
/* The same for a head that could not be parsed: the first line of the
 * bytes received, as they are. */
void ward_conn_keep_line(ward_conn *c, const uint8_t *p, size_t len);

/* conn_plain.c: when the first bytes on the TLS port are plain HTTP (a
 * method token, where a TLS record would start with its type), turn c into
 * a plain connection holding them as its input and return 1; then answer
 * its request (req NULL: one that could not be parsed) with a 400 naming
 * the https:// URL: the Host if it is usable, else the address connected
 * to. */
int ward_conn_plain_http_start(ward_conn *c);
ward_err ward_conn_answer_plain_http(const ward_conn *c,
				     const ward_http_request *req,
				     ward_response *resp);
/* The status the connection answers by itself (errors) into c->resp:
 * the plain-HTTP 400 above on such a connection. */
ward_err ward_conn_simple_response(const ward_conn *c, int status);

/* conn_tunnel.c: the byte relay that follows a response head ending HTTP
 * on this connection (200 to CONNECT, a 101 relayed from an upstream).
 *
 * Usage: consume the request head from c->plain, then call
 * ward_conn_tunnel_start with fd, a connected non-blocking stream socket
 * that the tunnel then owns (closed with it, also on failure):
 *   to_client: bytes sent to the client first, encrypted like all output
 *     (e.g. the relayed "HTTP/1.1 101 ..." head and what the upstream sent
 *     after it); CONNECT's own 200 head is staged by conn_connect.c;
 *   to_fd: bytes sent to fd first; then c->plain's (what the client sent
 *     after its request head), then the client's bytes as they come.
 * The response c->resp (if any) is given back; c->head_copy stays for the
 * access log line written when the tunnel ends: status, and the bytes of
 * each direction. The relay reads a side only while the other's queue is
 * below a bound (backpressure both ways); the end of one direction (FIN
 * or close_notify) is passed on as shutdown(SHUT_WR) / close_notify, and
 * the connection ends once both directions are done, at the idle timeout
 * (tunnel-timeout, no bytes either way), or at the end of a drain.
 * Returns WARD_OK or an error, after which c is closed. */
WARD_MUST_CHECK ward_err ward_conn_tunnel_start(ward_conn *c, int fd,
						const void *to_client,
						size_t to_client_len,
						const void *to_fd,
						size_t to_fd_len, int status);

/* conn_connect.c: reach an allowed CONNECT's target (the head consumed,
 * c->resp lent): 200 and the relay, or 502 naming the target in the error
 * log, the connection closed after it. */
struct ward_connect_target;
void ward_conn_connect(ward_conn *c, const struct ward_connect_target *t);

/* conn.c's hooks into conn_tunnel.c and conn_connect.c (c->tunnel set):
 * the readiness of the client side was handled (read into plain, wbuf
 * written), go on; the connection's timer fired; the worker drains; the
 * connection closes (the target's socket goes, the log line is written). */
void ward_conn_tunnel_step(ward_conn *c);
void ward_conn_tunnel_timer(ward_conn *c);
void ward_conn_tunnel_drain(ward_conn *c);
void ward_conn_tunnel_end(ward_conn *c);
/* conn.c, for the above: write wbuf to the socket (closes c on error);
 * begin sending c->resp, as a handler's response is sent. */
void ward_conn_write(ward_conn *c);
void ward_conn_respond(ward_conn *c);

/* conn_log.c: the line of a tunnel that ended: bytes to the client as the
 * body's, then those to the target. */
void ward_conn_log_tunnel(const ward_conn *c, int status, uint64_t down,
			  uint64_t up, uint64_t ms);

#endif

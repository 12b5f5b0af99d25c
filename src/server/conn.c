/* The connection state machine: see conn.h. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "config/connect.h"
#include "server/early.h"
#include "server/conn.h"
#include "server/log.h"
#include "server/worker_int.h"

/* Read no more while this much decrypted input is waiting (pipelining
 * backpressure). */
#define PLAIN_HIGH (64 * 1024)
#define READ_CHUNK (16 * 1024 + 512)
/* A staged close reads and drops at most this much, for at most this
 * long, before the descriptor goes. */
#define LINGER_BYTES (256 * 1024)
#define LINGER_MS 5000

static void conn_progress(ward_conn *c);

/* ---- lifetime ---- */

static void free_conn(ward_loop *loop, ward_defer *d)
{
	(void)loop;
	ward_conn *c = (ward_conn *)((char *)d - offsetof(ward_conn, free_later));
	free(c);
}

/* A sink still set has neither finished nor aborted: whatever ends the
 * request now (a TLS alert or decrypt error, a timeout, the peer's close,
 * a drain) aborts it, so its descriptors and temporary go at once. */
static void release_request(ward_conn *c)
{
	if (c->sink.abort)
		c->sink.abort(c->sink.ctx);
	memset(&c->sink, 0, sizeof c->sink);
	if (c->resp) {
		ward_worker_response_put(c->w, c->resp);
		c->resp = NULL;
	}
	ward_http_chunked_free(&c->chunked);
	ward_buf_free(&c->head_copy);
}

/* The connection's buffers back to the worker's pool: all of them (their
 * bytes dropped), or only the empty ones. */
static void give_buffers(ward_conn *c, int all)
{
	ward_buf *bufs[] = {&c->rbuf, &c->plain, &c->stage, &c->wbuf};
	for (size_t i = 0; i < 4; i++) {
		if (all)
			ward_buf_clear(bufs[i]);
		if (!bufs[i]->len)
			ward_worker_buf_give(c->w, bufs[i]);
	}
}

/* The request in hand ends with the connection: a request cut short is
 * logged too, with what was being sent or 499 (nginx's "client closed
 * request") before that. */
static void end_request(ward_conn *c)
{
	if (c->resp && c->head_copy.len)
		ward_conn_log_access(c, c->resp_started ? c->resp->status : 499);
	release_request(c);
}

void ward_conn_close(ward_conn *c)
{
	if (c->closed)
		return;
	c->closed = 1;
	if (c->tunnel)
		ward_conn_tunnel_end(c);
	end_request(c);
	ward_loop_del(c->w->loop, &c->io);
	ward_timer_cancel(c->w->loop, &c->timer);
	close(c->io.fd);
	ward_tls_conn_free(c->tls);
	give_buffers(c, 1);
	ward_worker_conn_gone(c->w, c);
	ward_loop_defer(c->w->loop, &c->free_later);
}

static void write_out(ward_conn *c);

/* RFC 8446 6.1: each side sends close_notify before closing its write
 * side. Queued whenever the server ends a TLS connection by choice (after
 * "Connection: close", an idle timeout, a drain, the client's own
 * close_notify); not in the handshake, and the engine sends nothing after
 * a fatal alert. Without it a client cannot tell the end from a cut. */
static void queue_close_notify(ward_conn *c)
{
	if (c->tls && c->state != WARD_CONN_HANDSHAKE &&
	    ward_tls_close(c->tls, &c->wbuf) != WARD_OK)
		ward_log(WARD_LOG_DEBUG, "%s: no close_notify", c->peer);
}

/* Close now, with close_notify when the socket takes it at once; not in
 * the middle of a response, whose end must not look like a clean one. */
static void close_politely(ward_conn *c)
{
	if (!c->wbuf.len && c->state != WARD_CONN_RESPOND) {
		queue_close_notify(c);
		write_out(c);
	}
	ward_conn_close(c);
}

static void on_io(ward_loop *loop, ward_io *io, uint32_t events);

/* RFC 9112 9.6: closing while the client's bytes sit unread (the rest of
 * a refused body, a pipelined request) makes the kernel send a reset,
 * which can destroy the response just written before the client reads
 * it. So the server shuts its write side after the last byte and drops
 * whatever still comes until the client closes, within bounds. */
static void linger(ward_conn *c)
{
	if (c->peer_eof || shutdown(c->io.fd, SHUT_WR) != 0 ||
	    ward_loop_mod(c->w->loop, &c->io, WARD_IO_READ | WARD_IO_HUP) !=
		WARD_OK) {
		ward_conn_close(c);
		return;
	}
	c->state = WARD_CONN_LINGER;
	end_request(c); /* an upload cut by an alert leaves nothing open */
	ward_tls_conn_free(c->tls); /* its keys are done with: wiped now */
	c->tls = NULL;
	give_buffers(c, 1);
	ward_timer_arm(c->w->loop, &c->timer, LINGER_MS);
}

static void drop_input(ward_conn *c)
{
	uint8_t sink[4096];
	/* a bounded turn; epoll is level-triggered, so more wakes us again */
	for (int i = 0; i < 16; i++) {
		ssize_t n = recv(c->io.fd, sink, sizeof sink, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0 || (c->lingered += (uint32_t)n) > LINGER_BYTES) {
			ward_conn_close(c); /* the client's end, or enough */
			return;
		}
	}
}

/* Bytes the socket holds that no read has taken yet. */
static int bytes_waiting(const ward_conn *c)
{
	uint8_t b;
	return recv(c->io.fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

static void on_timer(ward_loop *loop, ward_timer *t)
{
	ward_conn *c = (ward_conn *)((char *)t - offsetof(ward_conn, timer));
	if (c->tunnel) {
		ward_conn_tunnel_timer(c);
		return;
	}
	if (c->state == WARD_CONN_LINGER) {
		ward_conn_close(c);
		return;
	}
	/* RFC 9112 9.6: closing an idle connection is fine only while
	 * nothing has arrived on it; a request that came in just as the idle
	 * timeout ended (not read yet) is answered, not cut off */
	if (c->state == WARD_CONN_HEAD && !c->plain.len && !c->rbuf.len &&
	    !c->wbuf.len && !c->peer_eof && bytes_waiting(c)) {
		on_io(loop, &c->io, WARD_IO_READ);
		return;
	}
	ward_log(WARD_LOG_DEBUG, "%s: timeout in state %d", c->peer, c->state);
	/* a send timeout: the client reads nothing, close_notify included */
	close_politely(c);
}

/* The header timeout is a deadline for the whole head, counted from its
 * first byte (a TLS record's, too): renewing it on every read would let a
 * client that sends one byte a second hold the connection forever. */
static uint64_t head_time_left(ward_conn *c)
{
	uint64_t now = ward_loop_now(c->w->loop);
	uint64_t limit = (uint64_t)c->w->cfg->header_timeout;
	/* 0 means "not started": the monotonic clock is never 0 here */
	if (!c->timer_phase_started)
		c->timer_phase_started = now;
	uint64_t spent = now - c->timer_phase_started;
	return spent >= limit ? 0 : limit - spent;
}

/* What is left of limit since the connection last made progress: HTTP
 * bytes in (decrypted application data), or HTTP bytes out taken by the
 * socket. Records that carry nothing (empty records, KeyUpdates, warning
 * alerts) and the engine's own replies are not progress, so they cannot
 * hold a connection open. */
static uint64_t progress_time_left(const ward_conn *c, uint64_t limit)
{
	uint64_t spent = ward_loop_now(c->w->loop) - c->progress_at;
	return spent >= limit ? 0 : limit - spent;
}

static void progress(ward_conn *c)
{
	c->progress_at = ward_loop_now(c->w->loop);
}

/* How long a connection waiting for a request may stay silent: its idle
 * timeout from its last progress, but in a draining worker no later than
 * the drain's end, so that it still gets close_notify. */
static uint64_t idle_ms(const ward_conn *c)
{
	uint64_t ms =
	    progress_time_left(c, (uint64_t)c->w->cfg->keepalive_timeout);
	uint64_t now = ward_loop_now(c->w->loop), end = c->w->drain_end;
	if (!ward_worker_draining(c->w))
		return ms;
	if (end <= now)
		return 0;
	return end - now < ms ? end - now : ms;
}

/* One timer per connection, armed for what the connection waits on. */
static void arm_timer(ward_conn *c)
{
	const ward_server_config *cfg = c->w->cfg;
	int in_head = c->state == WARD_CONN_HEAD && !c->wbuf.len &&
		      (c->plain.len || c->rbuf.len);
	uint64_t ms;
	if (!in_head)
		c->timer_phase_started = 0;
	if (c->wbuf.len)
		ms = progress_time_left(c, (uint64_t)cfg->send_timeout);
	else if (c->state == WARD_CONN_HANDSHAKE)
		return; /* armed once at accept */
	else if (c->state == WARD_CONN_BODY)
		ms = progress_time_left(c, (uint64_t)cfg->body_timeout);
	else if (in_head && c->plain.len)
		ms = head_time_left(c);
	else if (c->state == WARD_CONN_HEAD) {
		/* idle, or only part of a record: the idle timeout still
		 * runs, and a head begun has its deadline too */
		ms = idle_ms(c);
		if (in_head && head_time_left(c) < ms)
			ms = head_time_left(c);
	} else
		ms = progress_time_left(c, (uint64_t)cfg->send_timeout);
	ward_timer_arm(c->w->loop, &c->timer, ms);
}

/* ---- output ---- */

static void write_out(ward_conn *c)
{
	while (c->wbuf.len) {
		ssize_t n = send(c->io.fd, c->wbuf.data, c->wbuf.len,
				 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			ward_conn_close(c);
			return;
		}
		ward_buf_consume(&c->wbuf, (size_t)n);
		/* HTTP bytes leaving are progress; the engine's own records
		 * after them (KeyUpdate replies, close_notify) are not */
		if (c->wbuf_http)
			progress(c);
		c->wbuf_http -=
		    (size_t)n < c->wbuf_http ? (size_t)n : c->wbuf_http;
	}
}

/* A response or body in progress keeps its buffers; between requests
 * an empty buffer goes back, so an idle connection holds none. */
static void release_idle_buffers(ward_conn *c)
{
	if (c->state == WARD_CONN_RESPOND || c->state == WARD_CONN_BODY)
		return;
	give_buffers(c, 0);
}

void ward_conn_write(ward_conn *c)
{
	write_out(c);
}

/* ---- responses ---- */

static void finish_response(ward_conn *c)
{
	ward_conn_log_access(c, c->resp->status);
	/* what the head promised: a response that began before a drain said
	 * nothing of a close, so its client may send the next request at
	 * once; that one is answered with "Connection: close" */
	int close_after = c->close_after;
	c->requests++;
	release_request(c);
	c->resp_started = 0; /* the next request, cut short, logs 499 */
	c->state = close_after ? WARD_CONN_CLOSING : WARD_CONN_HEAD;
}

/* Begin sending c->resp-> */
static void respond(ward_conn *c)
{
	c->state = WARD_CONN_RESPOND;
	c->resp_started = 0;
	c->close_after = 0;
	c->seg = 0;
	c->seg_off = 0;
}

/* A response the connection makes itself (errors, redirect), then close
 * when the framing of the rest is uncertain. */
static void respond_status(ward_conn *c, int status, int close_after)
{
	ward_buf head = c->head_copy; /* logged with what answers it */
	ward_buf_init(&c->head_copy);
	release_request(c);
	c->head_copy = head;
	c->resp = ward_worker_response_get(c->w);
	if (!c->resp || ward_conn_simple_response(c, status) != WARD_OK) {
		ward_conn_close(c);
		return;
	}
	if (close_after) {
		c->resp->close = 1;
		c->keep_alive = 0;
	}
	respond(c);
}

void ward_conn_respond(ward_conn *c)
{
	respond(c);
	conn_progress(c);
}

/* ---- requests ---- */

static void start_body(ward_conn *c, const ward_http_request *req)
{
	const ward_server_config *cfg = c->w->cfg;
	c->body_chunked = req->chunked;
	c->body_left = req->has_length ? req->content_length : 0;
	if (c->body_chunked)
		ward_http_chunked_init(&c->chunked, cfg->http.max_body,
				       cfg->http.max_header_bytes);
}

static void handle_head(ward_conn *c, const ward_http_request *req)
{
	ward_connect_target connect = {.port = 0};
	ward_request_ctx ctx = {
		.connect = &connect,
		.cfg = c->w->cfg,
		.tls = c->tls ? ward_tls_get_info(c->tls) : NULL,
		.peer_addr = c->peer,
		.https = c->tls != NULL,
	};
	ward_conn_keep_head(c, req, c->plain.data);
	c->keep_alive = req->keep_alive;
	c->version_minor = (uint8_t)req->version_minor;
	c->te_trailers = (uint8_t)req->te_trailers;
	c->resp = ward_worker_response_get(c->w);
	if (!c->resp) {
		ward_conn_close(c);
		return;
	}
	memset(&c->sink, 0, sizeof c->sink);
	ward_err err;
	/* RFC 8470: the router answers 425 to what came in early data and
	 * is not safe to replay (server/early.h) */
	ctx.early = c->tls && ward_early_request_in_early_data(
				  ctx.tls, c->tls_in - c->plain.len);
	if (c->tls)
		err = ward_handle_request(&ctx, req, c->resp, &c->sink);
	else if (c->plain_on_tls)
		err = ward_conn_answer_plain_http(c, req, c->resp);
	else
		err = ward_worker_redirect(c->w, req, c->resp);
	if (err != WARD_OK) {
		ward_buf_consume(&c->plain, req->head_len);
		respond_status(c, err >= WARD_ERR_LOCAL_FIRST ? 500 : 400, 1);
		return;
	}
	if (connect.port) {
		/* an allowed CONNECT: what follows its head is the tunnel's */
		ward_buf_consume(&c->plain, req->head_len);
		ward_conn_connect(c, &connect);
		return;
	}
	int body = ward_http_request_has_body(req);
	if (c->sink.write) {
		/* RFC 9110 10.1.1: 100 only when the body will be read */
		if (req->expect_continue && req->version_minor == 1 &&
		    ward_conn_stage(c, "HTTP/1.1 100 Continue\r\n\r\n", 25) != WARD_OK) {
			ward_conn_close(c);
			return;
		}
		start_body(c, req);
		ward_buf_consume(&c->plain, req->head_len);
		c->state = WARD_CONN_BODY;
		return;
	}
	if (body && (req->expect_continue || c->resp->close)) {
		/* the body was never asked for, or is refused (413): answer
		 * without reading it, and close */
		c->resp->close = 1;
		c->keep_alive = 0;
	} else if (body) {
		/* read the body and drop it: no sink to write it to */
		start_body(c, req);
		ward_buf_consume(&c->plain, req->head_len);
		c->state = WARD_CONN_BODY;
		return;
	}
	ward_buf_consume(&c->plain, req->head_len);
	respond(c);
}

/* Move request body bytes from plain into the sink, or away when there is
 * none. */
static void read_body(ward_conn *c)
{
	ward_err err = WARD_OK;
	int done = 0;
	if (c->body_chunked) {
		size_t used, body_len;
		err = ward_http_chunked_decode(&c->chunked, c->plain.data,
					       c->plain.len, &used, &body_len,
					       &done);
		if (err == WARD_OK && body_len && c->sink.write)
			err = c->sink.write(c->sink.ctx, c->plain.data,
					    body_len);
		if (err == WARD_OK)
			ward_buf_consume(&c->plain, used);
	} else {
		size_t n = c->plain.len < c->body_left ? c->plain.len
						       : (size_t)c->body_left;
		if (n && c->sink.write)
			err = c->sink.write(c->sink.ctx, c->plain.data, n);
		ward_buf_consume(&c->plain, n);
		c->body_left -= n;
		done = c->body_left == 0;
	}
	if (err != WARD_OK) {
		int status = ward_http_status_for(err);
		respond_status(c, status, 1);
		return;
	}
	if (!done) {
		if (c->peer_eof)
			ward_conn_close(c); /* sink aborted by close */
		return;
	}
	if (c->sink.finish) {
		ward_body_sink sink = c->sink;
		memset(&c->sink, 0, sizeof c->sink);
		if (sink.finish(sink.ctx, c->resp) != WARD_OK) {
			respond_status(c, 500, 1);
			return;
		}
	}
	respond(c);
}

static void read_head(ward_conn *c)
{
	ward_http_request *req = &c->w->req;
	/* resumes where the last read's scan stopped: a head sent in 1-byte
	 * records costs O(n) */
	ward_err err = ward_http_parse_request_resume(
	    c->plain.data, c->plain.len, &c->w->cfg->http, req, &c->head_scan);
	if (err == WARD_ERR_WANT_INPUT)
		return;
	ward_http_head_scan_init(&c->head_scan);
	if (err != WARD_OK) {
		/* the framing is uncertain from here: answer and close */
		c->version_minor = 1;
		c->te_trailers = 0;
		ward_conn_keep_line(c, c->plain.data, c->plain.len);
		ward_buf_clear(&c->plain);
		respond_status(c, ward_http_status_for(err), 1);
		return;
	}
	/* this head made it in time; the next one gets its own deadline */
	c->timer_phase_started = 0;
	handle_head(c, req);
}

/* ---- input ---- */

static void handle_tls_input(ward_conn *c)
{
	size_t used = 0;
	if (ward_conn_plain_http_start(c))
		return;
	ward_conn_borrow(c, &c->wbuf);
	ward_conn_borrow(c, &c->plain);
	ward_err err = ward_tls_recv(c->tls, c->rbuf.data, c->rbuf.len, &used,
				     &c->wbuf, &c->plain);
	ward_buf_consume(&c->rbuf, used);
	c->tls_in += ward_tls_last_recv(c->tls)->app_bytes;
	/* application data in (or a handshake message): records that carry
	 * nothing, KeyUpdates and ignored alerts are not progress */
	if (ward_tls_progress(c->tls))
		progress(c);
	uint32_t ev = ward_tls_take_events(c->tls);
	if (err != WARD_OK) {
		const ward_tls_info *ti = ward_tls_get_info(c->tls);
		ward_log(WARD_LOG_INFO, "%s: TLS: %s", c->peer,
			 ti->error ? ti->error : ward_err_name(err));
		c->state = WARD_CONN_CLOSING;
		return;
	}
	if (ev & WARD_TLS_EV_HANDSHAKE_DONE) {
		/* Nothing answers the client's Finished, so its ACK would be
		 * delayed, and a client with Nagle on holds its request until
		 * then (~40 ms): acknowledge at once. */
		int one = 1;
		(void)setsockopt(c->io.fd, IPPROTO_TCP, TCP_QUICKACK, &one,
				 sizeof one);
		c->state = WARD_CONN_HEAD;
		ward_timer_cancel(c->w->loop, &c->timer);
		progress(c); /* the keep-alive timeout counts from here */
	}
	if (ev & WARD_TLS_EV_CLOSE_NOTIFY)
		c->peer_eof = 1;
}

static void read_socket(ward_conn *c)
{
	ward_buf *into = c->tls ? &c->rbuf : &c->plain;
	for (int i = 0; i < 4; i++) {
		if (c->plain.len >= PLAIN_HIGH || c->wbuf.len >= WARD_CONN_WBUF_HIGH)
			return;
		ward_conn_borrow(c, into);
		if (ward_buf_reserve(into, READ_CHUNK) != WARD_OK) {
			ward_conn_close(c);
			return;
		}
		size_t space = into->cap - into->len;
		ssize_t n = recv(c->io.fd, into->data + into->len, space, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno != EAGAIN)
				c->peer_eof = 1;
			break;
		}
		if (n == 0) {
			c->peer_eof = 1;
			break;
		}
		into->len += (size_t)n;
		if (c->tls) {
			handle_tls_input(c);
			if (c->state == WARD_CONN_CLOSING || !c->tls)
				break;
		} else {
			progress(c); /* every byte is HTTP */
		}
		if ((size_t)n < space)
			break; /* drained the socket */
	}
}

/* ---- the driver ---- */

/* Steps of the state machine per call, so that one connection with a long
 * pipeline cannot starve the others; it resumes on the next loop turn. */
#define PROGRESS_STEPS 1000

static void conn_progress(ward_conn *c)
{
	int steps;
	if (c->tunnel) {
		ward_conn_tunnel_step(c);
		return;
	}
	for (steps = 0; steps < PROGRESS_STEPS && !c->closed; steps++) {
		ward_conn_state before = c->state;
		size_t plain_before = c->plain.len;
		switch (c->state) {
		case WARD_CONN_HANDSHAKE:
		case WARD_CONN_CLOSING:
		case WARD_CONN_LINGER:
		case WARD_CONN_DIAL:
		case WARD_CONN_TUNNEL:
			break;
		case WARD_CONN_HEAD:
			if (c->plain.len)
				read_head(c);
			break;
		case WARD_CONN_BODY:
			read_body(c);
			break;
		case WARD_CONN_RESPOND: {
			int complete = 0;
			ward_err err = WARD_OK;
			if (!c->resp_started) {
				c->resp_started = 1;
				err = ward_conn_stage_head(c);
			}
			if (err == WARD_OK)
				err = ward_conn_produce_body(c, &complete);
			if (err == WARD_OK)
				err = ward_conn_flush_stage(c);
			if (err != WARD_OK) {
				ward_conn_close(c);
				return;
			}
			if (complete)
				finish_response(c);
			break;
		}
		}
		if (c->closed)
			return;
		if (c->state == before && c->plain.len == plain_before)
			break;
		if (c->wbuf.len >= WARD_CONN_WBUF_HIGH)
			break;
	}
	if (c->closed)
		return;
	if (c->tunnel) { /* a CONNECT began dialing */
		ward_conn_tunnel_step(c);
		return;
	}
	/* stopped with work left (pipelined requests already read): nothing
	 * on the socket may ever wake this connection again, so it asks to
	 * be woken when writable, which is at once */
	int more = steps == PROGRESS_STEPS;
	if (ward_conn_flush_stage(c) != WARD_OK) {
		ward_conn_close(c);
		return;
	}
	if (c->state == WARD_CONN_CLOSING)
		queue_close_notify(c); /* after the last response */
	write_out(c);
	if (c->closed)
		return;
	if (c->state == WARD_CONN_CLOSING && !c->wbuf.len) {
		linger(c);
		return;
	}
	if (c->peer_eof && !c->wbuf.len && c->state != WARD_CONN_RESPOND &&
	    !more) {
		/* nothing more will come; a partial request dies with it */
		close_politely(c);
		return;
	}
	/* level-triggered: a half-close already seen, or one that read_socket
	 * will not read up to while the queues are full, would wake us
	 * forever */
	int full = c->plain.len >= PLAIN_HIGH || c->wbuf.len >= WARD_CONN_WBUF_HIGH;
	uint32_t interest = c->peer_eof || full ? 0 : WARD_IO_HUP;
	if (c->wbuf.len || more)
		interest |= WARD_IO_WRITE;
	else if (c->state == WARD_CONN_RESPOND)
		interest |= WARD_IO_WRITE; /* more to produce when writable */
	if (!c->peer_eof && !full && c->state != WARD_CONN_CLOSING)
		interest |= WARD_IO_READ;
	if (ward_loop_mod(c->w->loop, &c->io, interest) != WARD_OK) {
		ward_conn_close(c);
		return;
	}
	release_idle_buffers(c);
	arm_timer(c);
}

static void on_io(ward_loop *loop, ward_io *io, uint32_t events)
{
	(void)loop;
	ward_conn *c = (ward_conn *)((char *)io - offsetof(ward_conn, io));
	if (events & WARD_IO_ERR) {
		ward_conn_close(c);
		return;
	}
	if (c->state == WARD_CONN_LINGER) {
		drop_input(c);
		return;
	}
	if (events & WARD_IO_WRITE)
		write_out(c);
	if (!c->closed && (events & (WARD_IO_READ | WARD_IO_HUP)))
		read_socket(c);
	if (!c->closed)
		conn_progress(c);
}

ward_conn *ward_conn_new(struct ward_worker *w, int fd, const char *peer,
			 const ward_tls_config *tls)
{
	ward_conn *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->w = w;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	ward_io_init(&c->io, fd, on_io);
	ward_timer_init(&c->timer, on_timer);
	ward_defer_init(&c->free_later, free_conn);
	if (tls) {
		c->tls = ward_tls_conn_new(tls);
		if (!c->tls) {
			free(c);
			return NULL;
		}
		c->state = WARD_CONN_HANDSHAKE;
	} else {
		c->state = WARD_CONN_HEAD;
	}
	if (ward_loop_add(w->loop, &c->io, WARD_IO_READ | WARD_IO_HUP) !=
	    WARD_OK) {
		ward_tls_conn_free(c->tls);
		free(c);
		return NULL;
	}
	progress(c);
	ward_timer_arm(w->loop, &c->timer,
		       (uint64_t)(tls ? w->cfg->handshake_timeout
				      : w->cfg->header_timeout));
	return c;
}

/* Drain. No connection is closed here: an idle keep-alive connection may
 * have a request on its way right now, and a fresh one is about to send
 * the request it was opened for. Each gets its next request answered with
 * "Connection: close" and ends after it; one that sends nothing ends at
 * its idle timeout (idle_ms: by the drain's end at the latest), with
 * close_notify. */
void ward_conn_drain(ward_conn *c)
{
	uint64_t ms = idle_ms(c);
	if (c->tunnel) {
		ward_conn_tunnel_drain(c);
		return;
	}
	if (c->state == WARD_CONN_HEAD && !c->plain.len && !c->rbuf.len &&
	    !c->wbuf.len && ward_timer_armed(&c->timer) &&
	    c->timer.deadline_ms > ward_loop_now(c->w->loop) + ms)
		ward_timer_arm(c->w->loop, &c->timer, ms);
}

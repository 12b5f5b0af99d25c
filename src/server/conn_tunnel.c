/* The byte relay between a client connection and another socket (see
 * ward_conn_tunnel_start in conn.h).
 *
 * Client to target: the client's bytes are read (and decrypted) into
 * c->plain by conn.c, as request bytes are, and sent from there to the
 * target; conn.c reads no more while plain holds TUNNEL_HIGH. Target to
 * client: read into c->stage a record's worth at a time and encrypted
 * into c->wbuf; no read while wbuf holds TUNNEL_HIGH. So a tunnel holds
 * at most about two bounds and a record of each buffer, whatever the
 * speeds of the two peers. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/log.h"
#include "server/tunnel_int.h"
#include "server/worker_int.h"

/* The queue of each direction; the client's side stops at conn.c's
 * PLAIN_HIGH, which is the same. Kept below WARD_CONN_WBUF_HIGH, at which
 * conn.c would stop reading the client too (the directions stay apart). */
#define TUNNEL_HIGH (64 * 1024)
#define FD_READS 4 /* reads of the target per turn: others get theirs */

static void progress(ward_conn *c)
{
	c->progress_at = ward_loop_now(c->w->loop);
}

/* The target broke the tunnel: the client sees the connection cut, with
 * no close_notify, so it cannot take the end for a clean one. */
static void fail(ward_tunnel *t, const char *what, int err)
{
	ward_log(WARD_LOG_INFO, "%s: tunnel to %s: %s: %s", t->c->peer,
		 t->target[0] ? t->target : "the upstream", what,
		 strerror(err));
	ward_conn_close(t->c);
}

/* Client bytes (c->plain) to the target; the client's end passed on as
 * the target's SHUT_WR once all is sent. */
static void to_target(ward_tunnel *t)
{
	ward_conn *c = t->c;
	while (c->plain.len) {
		ssize_t n = send(t->io.fd, c->plain.data, c->plain.len,
				 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			fail(t, "send", errno);
			return;
		}
		ward_buf_consume(&c->plain, (size_t)n);
		t->up += (uint64_t)n;
		progress(c);
	}
	if (c->peer_eof && !t->fd_shut) {
		t->fd_shut = 1;
		if (shutdown(t->io.fd, SHUT_WR) != 0 && errno != ENOTCONN)
			fail(t, "shutdown", errno);
	}
}

/* Target bytes to the client, a record's payload per read. */
static void from_target(ward_tunnel *t)
{
	ward_conn *c = t->c;
	for (int i = 0; i < FD_READS; i++) {
		if (t->fd_eof || c->wbuf.len >= TUNNEL_HIGH)
			return;
		ward_conn_borrow(c, &c->stage);
		size_t room = WARD_TLS_RECORD_PAYLOAD;
		if (ward_buf_reserve(&c->stage, room) != WARD_OK) {
			ward_conn_close(c);
			return;
		}
		ssize_t n =
		    recv(t->io.fd, c->stage.data + c->stage.len, room, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			fail(t, "recv", errno);
			return;
		}
		if (n == 0) {
			t->fd_eof = 1;
			return;
		}
		c->stage.len += (size_t)n;
		t->down += (uint64_t)n;
		progress(c);
		if (ward_conn_flush_stage(c) != WARD_OK) {
			ward_conn_close(c);
			return;
		}
		if ((size_t)n < room)
			return; /* drained */
	}
}

/* The idle timeout from the last byte either way; in a draining worker
 * the drain's end at the latest. */
static void arm(ward_tunnel *t)
{
	ward_conn *c = t->c;
	uint64_t now = ward_loop_now(c->w->loop);
	uint64_t limit = (uint64_t)c->w->cfg->tunnel_timeout;
	uint64_t spent = now - c->progress_at;
	uint64_t ms = spent >= limit ? 0 : limit - spent;
	if (ward_worker_draining(c->w)) {
		uint64_t end = c->w->drain_end;
		uint64_t left = end > now ? end - now : 0;
		ms = left < ms ? left : ms;
	}
	ward_timer_arm(c->w->loop, &c->timer, ms);
}

static void set_interest(ward_tunnel *t)
{
	ward_conn *c = t->c;
	uint32_t ci = 0, fi = 0;
	if (!c->peer_eof && c->plain.len < TUNNEL_HIGH)
		ci |= WARD_IO_READ | WARD_IO_HUP;
	if (c->wbuf.len)
		ci |= WARD_IO_WRITE;
	if (!t->fd_eof && c->wbuf.len < TUNNEL_HIGH)
		fi |= WARD_IO_READ;
	if (c->plain.len && !t->fd_shut)
		fi |= WARD_IO_WRITE;
	if (ward_loop_mod(c->w->loop, &c->io, ci) != WARD_OK) {
		ward_conn_close(c);
		return;
	}
	/* both ways done on the target: its hang-up would be reported
	 * forever, level-triggered */
	if (t->fd_eof && t->fd_shut)
		ward_loop_del(c->w->loop, &t->io);
	else if (ward_loop_mod(c->w->loop, &t->io, fi) != WARD_OK) {
		ward_conn_close(c);
		return;
	}
	arm(t);
}

static void relay(ward_tunnel *t)
{
	ward_conn *c = t->c;
	/* a TLS error on the client's side (conn.c set CLOSING): its
	 * alert goes out, and the tunnel with it */
	if (c->state == WARD_CONN_CLOSING) {
		ward_conn_write(c);
		ward_conn_close(c);
		return;
	}
	if (!t->fd_shut)
		to_target(t);
	if (c->closed)
		return;
	from_target(t);
	if (c->closed)
		return;
	/* RFC 8446 6.1: the target's end is the client's close_notify,
	 * after what the target sent */
	if (t->fd_eof && !t->client_shut) {
		t->client_shut = 1;
		if (c->tls && ward_tls_close(c->tls, &c->wbuf) != WARD_OK)
			ward_log(WARD_LOG_DEBUG, "%s: no close_notify",
				 c->peer);
	}
	ward_conn_write(c);
	if (c->closed)
		return;
	if (t->client_shut == 1 && !c->wbuf.len) {
		t->client_shut = 2;
		(void)shutdown(c->io.fd, SHUT_WR);
	}
	if (t->fd_shut && t->client_shut == 2) {
		ward_conn_close(c);
		return;
	}
	set_interest(t);
}

static void on_target_io(ward_loop *loop, ward_io *io, uint32_t events)
{
	(void)loop;
	ward_tunnel *t = (ward_tunnel *)io;
	if (events & WARD_IO_ERR) {
		int err = 0;
		socklen_t len = sizeof err;
		(void)getsockopt(io->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		fail(t, "socket error", err ? err : EIO);
		return;
	}
	relay(t);
}

ward_err ward_conn_tunnel_start(ward_conn *c, int fd, const void *to_client,
				size_t to_client_len, const void *to_fd,
				size_t to_fd_len, int status)
{
	ward_tunnel *t = c->tunnel;
	ward_err err = WARD_OK;
	if (!t) {
		t = calloc(1, sizeof *t);
		if (!t) {
			close(fd);
			ward_conn_close(c);
			return WARD_ERR_NOMEM;
		}
		t->c = c;
		c->tunnel = t;
	}
	ward_io_init(&t->io, fd, on_target_io);
	t->status = status;
	t->started = ward_loop_now(c->w->loop);
	c->state = WARD_CONN_TUNNEL;
	if (c->resp) {
		ward_worker_response_put(c->w, c->resp);
		c->resp = NULL;
	}
	int one = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (to_fd_len) {
		/* before what the client sent after its head */
		ward_buf b = WARD_BUF_INIT;
		err = ward_put_bytes(&b, to_fd, to_fd_len);
		if (err == WARD_OK)
			err = ward_put_bytes(&b, c->plain.data, c->plain.len);
		ward_buf_clear(&c->plain);
		ward_worker_buf_give(c->w, &c->plain);
		c->plain = b;
	}
	if (err == WARD_OK && to_client_len) {
		err = ward_conn_stage(c, to_client, to_client_len);
		t->down += to_client_len;
	}
	if (err == WARD_OK)
		err = ward_conn_flush_stage(c);
	if (err == WARD_OK)
		err = ward_loop_add(c->w->loop, &t->io, 0);
	if (err != WARD_OK) {
		ward_conn_close(c); /* closes fd too */
		return err;
	}
	progress(c);
	relay(t);
	return WARD_OK;
}

void ward_conn_tunnel_step(ward_conn *c)
{
	if (c->state == WARD_CONN_DIAL)
		ward_conn_dial_step(c);
	else
		relay(c->tunnel);
}

/* Ends by choice (idle, drain): close_notify after what is queued, when
 * the client takes it now. */
void ward_conn_tunnel_timer(ward_conn *c)
{
	ward_tunnel *t = c->tunnel;
	if (c->state == WARD_CONN_DIAL) {
		ward_conn_dial_timeout(c);
		return;
	}
	uint64_t now = ward_loop_now(c->w->loop);
	int drained = ward_worker_draining(c->w) && now >= c->w->drain_end;
	if (!drained &&
	    now - c->progress_at < (uint64_t)c->w->cfg->tunnel_timeout) {
		arm(t);
		return;
	}
	ward_log(WARD_LOG_INFO, "%s: tunnel%s%s ends: %s", c->peer,
		 t->target[0] ? " to " : "", t->target,
		 drained ? "the worker drains" : "idle timeout");
	if (!t->client_shut && c->tls &&
	    ward_tls_close(c->tls, &c->wbuf) == WARD_OK)
		ward_conn_write(c);
	ward_conn_close(c);
}

void ward_conn_tunnel_drain(ward_conn *c)
{
	if (c->state == WARD_CONN_TUNNEL)
		arm(c->tunnel);
}

void ward_conn_tunnel_end(ward_conn *c)
{
	ward_tunnel *t = c->tunnel;
	c->tunnel = NULL;
	if (c->state == WARD_CONN_DIAL) {
		ward_conn_dial_end(c, t);
	} else {
		ward_conn_log_tunnel(c, t->status, t->down, t->up,
				     ward_loop_now(c->w->loop) - t->started);
		ward_loop_del(c->w->loop, &t->io);
		close(t->io.fd);
	}
	free(t);
}

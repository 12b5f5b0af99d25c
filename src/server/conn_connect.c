/* CONNECT (RFC 9110 9.3.6): reaching the target the router allowed, then
 * 200 and the relay (conn_tunnel.c), or 502. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config/connect.h"
#include "server/dial.h"
#include "server/log.h"
#include "server/tunnel_int.h"
#include "server/worker_int.h"

/* The target cannot be reached: 502, and the connection ends after it,
 * for the client may have sent tunnel bytes behind its CONNECT while it
 * waited. */
static void dial_failed(ward_conn *c, const char *why)
{
	ward_tunnel *t = c->tunnel;
	ward_log(WARD_LOG_WARN, "%s: CONNECT %s: %s", c->peer, t->target, why);
	char msg[400];
	snprintf(msg, sizeof msg, "Cannot reach %s: %s.", t->target, why);
	c->tunnel = NULL;
	free(t);
	ward_buf_clear(&c->resp->head);
	if (ward_response_simple(c->resp, 502, msg) != WARD_OK) {
		ward_conn_close(c);
		return;
	}
	c->resp->close = 1;
	c->keep_alive = 0;
	ward_buf_clear(&c->plain);
	ward_conn_respond(c);
}

/* 9.3.6: a 2xx to CONNECT has no Content-Length nor Transfer-Encoding;
 * the tunnel begins right after its blank line. */
static ward_err stage_200(ward_conn *c)
{
	char head[128], date[30];
	ward_http_date(time(NULL), date);
	int n = snprintf(head, sizeof head,
			 "HTTP/1.1 200 OK\r\nDate: %s\r\nServer: ward\r\n\r\n",
			 date);
	return ward_conn_stage(c, head, (size_t)n);
}

static void dialed(void *arg, int fd, const char *why)
{
	ward_conn *c = arg;
	c->tunnel->dial = NULL;
	if (fd < 0) {
		dial_failed(c, why);
		return;
	}
	ward_log(WARD_LOG_DEBUG, "%s: CONNECT %s: connected", c->peer,
		 c->tunnel->target);
	ward_timer_cancel(c->w->loop, &c->timer);
	if (stage_200(c) != WARD_OK) {
		ward_conn_close(c);
		close(fd);
		return;
	}
	if (ward_conn_tunnel_start(c, fd, NULL, 0, NULL, 0, 200) != WARD_OK)
		ward_log(WARD_LOG_ERROR, "%s: CONNECT: no tunnel", c->peer);
}

void ward_conn_connect(ward_conn *c, const ward_connect_target *tg)
{
	ward_tunnel *t = calloc(1, sizeof *t);
	if (!t) {
		ward_conn_close(c);
		return;
	}
	t->c = c;
	ward_io_init(&t->io, -1, NULL);
	snprintf(t->target, sizeof t->target,
		 tg->family == AF_INET6 ? "[%s]:%u" : "%s:%u", tg->host,
		 tg->port);
	c->tunnel = t;
	c->state = WARD_CONN_DIAL;
	t->dial = ward_dial_start(c->w->loop, tg->host, tg->port, dialed, c);
	if (!t->dial) {
		dial_failed(c, "out of memory or descriptors");
		return;
	}
	ward_timer_arm(c->w->loop, &c->timer,
		       (uint64_t)c->w->cfg->connect_timeout);
}

/* The client's side while dialing: nothing is read from it, but its
 * hang-up is heard (a client gone has no tunnel to wait for). */
void ward_conn_dial_step(ward_conn *c)
{
	if (c->state == WARD_CONN_CLOSING || c->peer_eof) {
		ward_conn_write(c); /* a TLS alert, if any */
		if (!c->closed)
			ward_conn_close(c);
		return;
	}
	if (ward_loop_mod(c->w->loop, &c->io, WARD_IO_HUP) != WARD_OK)
		ward_conn_close(c);
}

void ward_conn_dial_timeout(ward_conn *c)
{
	char why[64];
	ward_dial_cancel(c->tunnel->dial);
	c->tunnel->dial = NULL;
	snprintf(why, sizeof why, "no connection within %d ms",
		 c->w->cfg->connect_timeout);
	dial_failed(c, why);
}

void ward_conn_dial_end(ward_conn *c, ward_tunnel *t)
{
	(void)c;
	if (t->dial)
		ward_dial_cancel(t->dial);
}

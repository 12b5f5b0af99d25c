/* A worker process: accepts on its listeners, owns the connections, and
 * drains them on request. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/limits.h"
#include "server/listen.h"
#include "server/log.h"
#include "server/worker_int.h"

static ward_worker worker;

int ward_worker_draining(const ward_worker *w)
{
	return w->draining;
}

ward_response *ward_worker_response_get(ward_worker *w)
{
	if (!w->n_spare) {
		ward_response *r = malloc(sizeof *r);
		if (r)
			ward_response_init(r);
		return r;
	}
	ward_response *r = w->spare[--w->n_spare];
	ward_buf head = r->head, mem = r->mem, trailers = r->trailers;
	ward_response_init(r);
	r->head = head;
	r->mem = mem;
	r->trailers = trailers;
	return r;
}

/* Keep the response, and its buffers' storage, for the next request. */
void ward_worker_response_put(ward_worker *w, ward_response *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	if (w->n_spare == sizeof w->spare / sizeof *w->spare ||
	    r->head.cap + r->mem.cap + r->trailers.cap > 64 * 1024) {
		ward_response_free(r);
		free(r);
		return;
	}
	ward_buf_clear(&r->head);
	ward_buf_clear(&r->mem);
	ward_buf_clear(&r->trailers);
	w->spare[w->n_spare++] = r;
}

void ward_worker_buf_take(ward_worker *w, ward_buf *b)
{
	void *p = w->n_pool ? w->pool[--w->n_pool] : malloc(WARD_WORKER_BUF);
	if (!p)
		return;
	ward_buf_init(b);
	b->data = p;
	b->cap = WARD_WORKER_BUF;
}

void ward_worker_buf_give(ward_worker *w, ward_buf *b)
{
	if (!b->data)
		return;
	if (b->cap == WARD_WORKER_BUF &&
	    w->n_pool < sizeof w->pool / sizeof *w->pool) {
		w->pool[w->n_pool++] = b->data;
		ward_buf_init(b);
		return;
	}
	ward_buf_free(b);
}

/* Memory after a spike: once the connections have dropped to half their
 * peak (and by TRIM_MIN_DROP at least), a second later the pools keep a
 * few buffers and responses and the freed heap goes back to the system;
 * at most once a second. */
#define POOL_LOW 16
#define SPARE_LOW 8
#define TRIM_MIN_DROP 64
#define TRIM_DELAY_MS 1000

static void on_trim(ward_loop *loop, ward_timer *t)
{
	(void)loop;
	ward_worker *w =
	    (ward_worker *)((char *)t - offsetof(ward_worker, trim));
	while (w->n_pool > POOL_LOW)
		free(w->pool[--w->n_pool]);
	while (w->n_spare > SPARE_LOW) {
		ward_response *r = w->spare[--w->n_spare];
		ward_response_free(r);
		free(r);
	}
#ifdef __GLIBC__
	malloc_trim(0);
#endif
	w->peak_conns = w->n_conns;
}

static void check_drained(ward_worker *w)
{
	if (w->draining && w->n_conns == 0)
		ward_loop_stop(w->loop);
}

void ward_worker_conn_gone(ward_worker *w, ward_conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		w->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	w->n_conns--;
	if (w->n_conns <= w->peak_conns / 2 &&
	    w->peak_conns - w->n_conns >= TRIM_MIN_DROP &&
	    !ward_timer_armed(&w->trim))
		ward_timer_arm(w->loop, &w->trim, TRIM_DELAY_MS);
	check_drained(w);
}

static void peer_name(const struct sockaddr_storage *ss, char *out, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr,
			  host, sizeof host);
	else if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)ss)->sin6_addr, host,
			  sizeof host);
	snprintf(out, len, "%s", host);
}

/* How long the listeners rest when the process is out of descriptors:
 * accept would fail at once again, a busy loop writing a log line each. */
#define ACCEPT_PAUSE_MS 100

static void listeners_set(ward_worker *w, int on)
{
	for (size_t i = 0; i < w->n_listeners; i++) {
		if (!on)
			ward_loop_del(w->loop, &w->listeners[i].io);
		else if (ward_loop_add(w->loop, &w->listeners[i].io,
				       WARD_IO_READ) != WARD_OK)
			ward_log(WARD_LOG_ERROR, "cannot resume accepting: %s",
				 strerror(errno));
	}
}

static void on_accept_pause_over(ward_loop *loop, ward_timer *t)
{
	(void)loop;
	ward_worker *w =
	    (ward_worker *)((char *)t - offsetof(ward_worker, accept_pause));
	if (!w->draining)
		listeners_set(w, 1);
}

/* accept failed for want of descriptors: refuse the connection waiting
 * (with the reserve descriptor: its client gets a close, not a hang), and
 * rest the listeners for a moment; closing connections frees some. */
static void out_of_fds(ward_worker *w, int lfd)
{
	ward_log(WARD_LOG_ERROR, "accept: %s: refusing connections for %d ms",
		 strerror(errno), ACCEPT_PAUSE_MS);
	if (w->reserve_fd >= 0) {
		close(w->reserve_fd);
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			close(fd);
		w->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	listeners_set(w, 0);
	ward_timer_arm(w->loop, &w->accept_pause, ACCEPT_PAUSE_MS);
}

/* Accept up to max connections from l's queue. */
static void accept_some(ward_listener *l, int max)
{
	ward_worker *w = l->w;
	for (int i = 0; i < max; i++) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof peer;
		int fd = ward_listen_accept(l->io.fd, &peer, &plen);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				out_of_fds(w, l->io.fd);
			else if (errno != EAGAIN)
				ward_log(WARD_LOG_WARN, "accept: %s",
					 strerror(errno));
			return;
		}
		if (w->n_conns >= w->max_conns) {
			close(fd);
			continue;
		}
		char name[64];
		peer_name(&peer, name, sizeof name);
		ward_conn *c = ward_conn_new(w, fd, name,
					     l->https ? w->cfg->tls : NULL);
		if (!c) {
			close(fd);
			continue;
		}
		c->next = w->conns;
		if (w->conns)
			w->conns->prev = c;
		w->conns = c;
		if (++w->n_conns > w->peak_conns)
			w->peak_conns = w->n_conns;
	}
}

static void on_accept(ward_loop *loop, ward_io *io, uint32_t events)
{
	(void)loop;
	(void)events;
	/* a bounded batch, so one busy listener cannot starve the others */
	if (!((ward_listener *)io)->w->draining)
		accept_some((ward_listener *)io, 64);
}

static int port_of(const char *spec)
{
	const char *colon = strrchr(spec, ':');
	return colon ? atoi(colon + 1) : 443;
}

int ward_worker_main(const ward_server_config *cfg, ward_loop *loop,
		     const int *listen_fds, size_t n_listen, int redirect_fd,
		     void *arg)
{
	(void)arg;
	ward_worker *w = &worker;
	memset(w, 0, sizeof *w);
	w->cfg = cfg;
	w->loop = loop;
	w->max_conns = ward_fit_connections(cfg->max_connections);
	/* one descriptor kept to refuse connections with when out of them */
	w->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ward_timer_init(&w->accept_pause, on_accept_pause_over);
	ward_timer_init(&w->trim, on_trim);
	w->https_port = cfg->n_listen ? port_of(cfg->listen[0]) : 443;
	w->listeners = calloc(n_listen + 1, sizeof *w->listeners);
	if (!w->listeners)
		return 1;
	for (size_t i = 0; i <= n_listen; i++) {
		int fd = i < n_listen ? listen_fds[i] : redirect_fd;
		if (fd < 0)
			continue;
		ward_listener *l = &w->listeners[w->n_listeners++];
		l->w = w;
		l->https = i < n_listen;
		ward_io_init(&l->io, fd, on_accept);
		if (ward_loop_add(loop, &l->io, WARD_IO_READ) != WARD_OK)
			return 1;
	}
	return 0;
}

void ward_worker_drain(ward_loop *loop, void *arg)
{
	(void)arg;
	ward_worker *w = &worker;
	int ms = w->cfg->drain_timeout > 0 ? w->cfg->drain_timeout : 0;
	/* the end that master_child.c set for this drain */
	w->drain_end = ward_loop_now(loop) + (uint64_t)ms;
	/* Stop accepting. After a reload the slot's sockets live on in the
	 * master and the new worker, which take what arrives from now on.
	 * What is queued already is served here: where no one else holds
	 * the socket (a stop, a slot a reload dropped) the close would
	 * reset it. */
	for (size_t i = 0; i < w->n_listeners; i++) {
		accept_some(&w->listeners[i], WARD_LISTEN_BACKLOG + 1);
		ward_loop_del(w->loop, &w->listeners[i].io);
		close(w->listeners[i].io.fd);
	}
	ward_timer_cancel(w->loop, &w->accept_pause);
	w->draining = 1;
	ward_log(WARD_LOG_INFO, "draining %zu connection%s (at most %d ms)",
		 w->n_conns, w->n_conns == 1 ? "" : "s", ms);
	w->n_listeners = 0;
	for (ward_conn *c = w->conns, *next; c; c = next) {
		next = c->next;
		ward_conn_drain(c);
	}
	check_drained(w);
}

ward_err ward_worker_redirect(const ward_worker *w,
			      const ward_http_request *req,
			      ward_response *resp)
{
	char host[256];
	size_t n = req->host.len < sizeof host - 1 ? req->host.len
						   : sizeof host - 1;
	memcpy(host, req->host.p, n);
	host[n] = 0;
	/* drop the plain listener's port; add the https one unless 443 */
	char *colon = strrchr(host, ':');
	if (colon && !strchr(colon, ']'))
		*colon = 0;
	if (!host[0])
		return ward_response_simple(resp, 400, "a Host is needed");
	char port[16] = "";
	if (w->https_port != 443)
		snprintf(port, sizeof port, ":%d", w->https_port);
	/* the path and query, not the target: an absolute-form target
	 * ("http://host/x") would be appended whole, and "*" or a CONNECT
	 * authority is no path at all */
	ward_slice path = req->path;
	if (!path.len || path.p[0] != '/')
		path = ward_slice_make("/", 1);
	resp->status = 308;
	WARD_TRY(ward_response_header(
	    resp, "Location", "https://%s%s%.*s%s%.*s", host, port,
	    (int)path.len, (const char *)path.p, req->query.len ? "?" : "",
	    (int)req->query.len, (const char *)req->query.p));
	WARD_TRY(ward_response_header(resp, "Content-Type", "text/plain"));
	/* RFC 2817 3.2: no TLS in place of this connection (never 101):
	 * the redirect says where TLS is, and the body why */
	if (!ward_http_upgrade_to(req, "tls"))
		return WARD_OK;
	static const char msg[] = "This server does not upgrade a plain "
				  "connection to TLS (RFC 2817).\n"
				  "Use the https:// URL in Location.\n";
	resp->no_body = req->method == WARD_HTTP_HEAD;
	return ward_response_body_mem(resp, msg, sizeof msg - 1);
}

/* The client's connection: resolve, connect with deadlines, the TLS
 * handshake through the engine, and reads and writes with poll(). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client/transport.h"
#include "crypto/crypto.h"

long long ward_client_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long ward_client_now_ms(void)
{
	return ward_client_now_us() / 1000;
}

static void trace(const ward_client_opts *o, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	if (!o->trace)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	o->trace(o->trace_ctx, line);
}

/* poll() for one descriptor until the earlier of two deadlines (0: none):
 * 1 ready, 0 timed out, -1 failed (errno). */
static int wait_fd(int fd, short events, long long deadline, long long limit)
{
	if (limit && (!deadline || limit < deadline))
		deadline = limit;
	for (;;) {
		int ms = -1;
		if (deadline) {
			long long left = deadline - ward_client_now_ms();
			ms = left <= 0 ? 0 : left > 60000 ? 60000 : (int)left;
		}
		struct pollfd p = {.fd = fd, .events = events};
		int r = poll(&p, 1, ms);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0 && deadline && ward_client_now_ms() >= deadline)
			return 0;
	}
}

/* ---- resolving and connecting ---- */

static ward_client_status resolve(const ward_client_opts *o, const ward_url *u,
				  struct addrinfo **ai, char *why,
				  size_t whylen)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_ADDRCONFIG};
	char port[8], addr[64];
	const char *name = u->host;
	snprintf(port, sizeof port, "%u", u->port);
	for (size_t i = 0; i < o->n_resolve; i++) {
		const ward_client_resolve *r = &o->resolve[i];
		if (r->port != u->port || strcasecmp(r->host, u->host))
			continue;
		/* "[::1]" as curl writes it, or "::1" */
		size_t n = strlen(r->addr);
		int br = n > 1 && r->addr[0] == '[' && r->addr[n - 1] == ']';
		snprintf(addr, sizeof addr, "%.*s", (int)(n - 2 * (size_t)br),
			 r->addr + br);
		name = addr;
		hints.ai_flags = AI_NUMERICHOST;
		trace(o, "%s:%u resolved to %s by --resolve", u->host, u->port,
		      addr);
		break;
	}
	int e = getaddrinfo(name, port, &hints, ai);
	if (e == EAI_SYSTEM)
		snprintf(why, whylen, "could not resolve host '%s': %s", name,
			 strerror(errno));
	else if (e != 0)
		snprintf(why, whylen, "could not resolve host '%s': %s", name,
			 gai_strerror(e));
	return e == 0 ? WARD_CLIENT_OK : WARD_CLIENT_RESOLVE;
}

static void describe_addr(const struct addrinfo *a, uint16_t port, char *out,
			  size_t len)
{
	char ip[NI_MAXHOST] = "?";
	(void)getnameinfo(a->ai_addr, a->ai_addrlen, ip, sizeof ip, NULL, 0,
			  NI_NUMERICHOST);
	snprintf(out, len, "%s port %u", ip, port);
}

/* Connect to one address: 1 connected, 0 timed out, -1 refused (errno). */
static int connect_one(int fd, const struct addrinfo *a, long long deadline,
		       long long limit)
{
	if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
		return 1;
	if (errno != EINPROGRESS)
		return -1;
	int r = wait_fd(fd, POLLOUT, deadline, limit);
	if (r <= 0)
		return r;
	int soerr = 0;
	socklen_t sl = sizeof soerr;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
		return -1;
	errno = soerr;
	return soerr == 0 ? 1 : -1;
}

static ward_client_status dial(ward_transport *t, const ward_client_opts *o,
			       const ward_url *u, long long deadline, char *why,
			       size_t whylen)
{
	struct addrinfo *ai;
	ward_client_status st = resolve(o, u, &ai, why, whylen);
	int timed_out = 0;
	if (st != WARD_CLIENT_OK)
		return st;
	st = WARD_CLIENT_CONNECT;
	for (const struct addrinfo *a = ai; a; a = a->ai_next) {
		char where[sizeof t->peer];
		describe_addr(a, u->port, where, sizeof where);
		trace(o, "Trying %s", where);
		long long limit =
		    o->connect_timeout_ms
			? ward_client_now_ms() + o->connect_timeout_ms
			: 0;
		int fd = socket(a->ai_family,
				a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				a->ai_protocol);
		int r = fd < 0 ? -1 : connect_one(fd, a, deadline, limit);
		if (r == 1) {
			int one = 1;
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
					 sizeof one);
			t->fd = fd;
			t->t_connect = ward_client_now_us();
			t->round_trips = 1; /* SYN, SYN-ACK */
			snprintf(t->peer, sizeof t->peer, "%s", where);
			trace(o, "Connected to %s (%s)", u->host, where);
			st = WARD_CLIENT_OK;
			break;
		}
		if (r == 0) {
			timed_out = 1;
			snprintf(why, whylen,
				 "connection to %s (%s) timed out after %ld ms",
				 u->host, where,
				 o->connect_timeout_ms &&
					 (!deadline || limit < deadline)
				     ? o->connect_timeout_ms
				     : o->max_time_ms);
		} else {
			snprintf(why, whylen,
				 "failed to connect to %s (%s): %s", u->host,
				 where, strerror(errno));
		}
		if (fd >= 0)
			close(fd);
		if (deadline && ward_client_now_ms() >= deadline)
			break;
	}
	freeaddrinfo(ai);
	/* the last address's failure is reported, as curl does */
	if (st != WARD_CLIENT_OK && timed_out && strstr(why, "timed out"))
		st = WARD_CLIENT_TIMEOUT;
	return st;
}

/* ---- bytes ---- */

static ward_client_status flush(ward_transport *t, const uint8_t *p, size_t n,
				long long deadline, char *why, size_t whylen)
{
	if (n > 0)
		t->awaiting = 1;
	while (n > 0) {
		ssize_t k = send(t->fd, p, n, MSG_NOSIGNAL);
		if (k > 0) {
			p += k;
			n -= (size_t)k;
			continue;
		}
		if (k < 0 && errno != EAGAIN && errno != EINTR) {
			snprintf(why, whylen, "send to %s failed: %s", t->peer,
				 strerror(errno));
			return WARD_CLIENT_SEND;
		}
		int r = wait_fd(t->fd, POLLOUT, deadline, 0);
		if (r == 0) {
			snprintf(why, whylen, "send to %s timed out", t->peer);
			return WARD_CLIENT_TIMEOUT;
		}
	}
	return WARD_CLIENT_OK;
}

static ward_client_status flush_out(ward_transport *t, long long deadline,
				    char *why, size_t whylen)
{
	ward_client_status st =
	    flush(t, t->out.data, t->out.len, deadline, why, whylen);
	ward_buf_clear(&t->out);
	return st;
}

/* Wait for bytes and take what the socket has: 1 some, 0 EOF. */
static ward_client_status recv_some(ward_transport *t, ward_buf *into,
				    long long deadline, int *got, char *why,
				    size_t whylen)
{
	int r = wait_fd(t->fd, POLLIN, deadline, 0);
	if (r == 0) {
		snprintf(why, whylen, "no data from %s: timed out", t->peer);
		return WARD_CLIENT_TIMEOUT;
	}
	if (ward_buf_reserve(into, 16384 + 512) != WARD_OK) {
		snprintf(why, whylen, "out of memory");
		return WARD_CLIENT_LOCAL;
	}
	ssize_t n =
	    recv(t->fd, into->data + into->len, into->cap - into->len, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		*got = 1;
		return WARD_CLIENT_OK;
	}
	if (n < 0) {
		snprintf(why, whylen, "receive from %s failed: %s", t->peer,
			 strerror(errno));
		return WARD_CLIENT_RECV;
	}
	into->len += (size_t)n;
	*got = n > 0;
	if (n > 0 && t->awaiting) {
		t->round_trips++;
		t->awaiting = 0;
	}
	return WARD_CLIENT_OK;
}

/* ---- TLS ---- */

static int is_verification_error(ward_err e)
{
	switch (e) {
	case WARD_ERR_UNKNOWN_CA:
	case WARD_ERR_CERTIFICATE_EXPIRED:
	case WARD_ERR_CERTIFICATE_UNKNOWN:
	case WARD_ERR_CERTIFICATE_REVOKED:
	case WARD_ERR_BAD_CERTIFICATE:
	case WARD_ERR_UNSUPPORTED_CERTIFICATE:
		return 1;
	default:
		return 0;
	}
}

/* Why the engine failed, in words: the alert the server sent, or the
 * check of ours that failed and the alert we sent for it. */
static ward_client_status tls_failure(const ward_transport *t,
				      const ward_url *u, ward_err err,
				      char *why, size_t whylen)
{
	const ward_tls_info *i = ward_tls_get_info(t->tls);
	const char *sent = ward_tls_alert_name(i->alert_sent);
	const char *what = i->error ? i->error : ward_err_name(err);
	if (err == WARD_ERR_PEER_ALERT) {
		const char *got = ward_tls_alert_name(i->alert_received);
		if (got)
			snprintf(why, whylen,
				 "TLS handshake with %s failed: server sent "
				 "alert %s",
				 u->host, got);
		else
			snprintf(why, whylen,
				 "TLS handshake with %s failed: server sent "
				 "alert %u",
				 u->host, i->alert_received);
		return WARD_CLIENT_TLS;
	}
	if (is_verification_error(err)) {
		snprintf(why, whylen,
			 "certificate verification failed for %s: %s (alert "
			 "%s sent)",
			 u->host, what, sent ? sent : "none");
		return WARD_CLIENT_VERIFY;
	}
	snprintf(why, whylen,
		 "TLS handshake with %s failed: %s (alert %s sent)", u->host,
		 what, sent ? sent : "none");
	return WARD_CLIENT_TLS;
}

/* Feed what arrived to the engine, send its answer. */
static ward_client_status tls_feed(ward_transport *t, ward_buf *app,
				   long long deadline, ward_err *err, char *why,
				   size_t whylen)
{
	size_t used = 0;
	*err =
	    ward_tls_recv(t->tls, t->in.data, t->in.len, &used, &t->out, app);
	ward_buf_consume(&t->in, used);
	/* an alert the engine queued goes out before we give up */
	ward_client_status st = flush_out(t, deadline, why, whylen);
	if (ward_tls_take_events(t->tls) & WARD_TLS_EV_CLOSE_NOTIFY)
		t->eof = 1;
	return *err != WARD_OK ? WARD_CLIENT_TLS : st;
}

/* curl's --pinnedpubkey: the leaf's key must be one of the pins, whatever
 * the chain checks said (with -k too). */
static ward_client_status check_pins(ward_transport *t,
				     const ward_client_opts *o,
				     const ward_url *u, char *why,
				     size_t whylen)
{
	const ward_tls_info *i = ward_tls_get_info(t->tls);
	uint8_t got[32];
	if (i->peer_chain_len == 0 ||
	    ward_cert_spki_sha256(i->peer_chain[0], got) != WARD_OK) {
		snprintf(why, whylen,
			 "cannot read the public key of %s's certificate",
			 u->host);
		return WARD_CLIENT_PIN;
	}
	for (size_t k = 0; k < o->n_pins; k++)
		if (memcmp(got, o->pins[k], sizeof got) == 0)
			return WARD_CLIENT_OK;
	ward_buf b64;
	ward_buf_init(&b64);
	int ok = ward_base64_encode(&b64, got, sizeof got) == WARD_OK &&
		 ward_put_u8(&b64, 0) == WARD_OK;
	snprintf(why, whylen,
		 "the public key of %s (sha256//%s) is not one of "
		 "--pinnedpubkey",
		 u->host, ok ? (const char *)b64.data : "?");
	ward_buf_free(&b64);
	return WARD_CLIENT_PIN;
}

static ward_client_status handshake(ward_transport *t,
				    const ward_client_opts *o,
				    const ward_tls_config *cfg,
				    const ward_url *u, const ward_buf *session,
				    int *session_bad, long long deadline,
				    ward_buf *early, char *why, size_t whylen)
{
	ward_err err;
	t->tls = ward_tls_conn_new(cfg);
	if (!t->tls || ward_tls_set_hostname(t->tls, u->host) != WARD_OK) {
		snprintf(why, whylen, "cannot set up TLS for '%s'", u->host);
		return WARD_CLIENT_LOCAL;
	}
	if (o->tls_trace)
		ward_tls_set_trace(t->tls, o->tls_trace, o->trace_ctx);
	if (session && session->len) {
		err = ward_tls_set_session(t->tls, session->data, session->len);
		if (err == WARD_ERR_ARG)
			*session_bad = 1;
		else if (err != WARD_OK)
			return tls_failure(t, u, err, why, whylen);
		else
			trace(o, "offering a saved TLS session");
	}
	if ((err = ward_tls_start(t->tls, &t->out)) != WARD_OK)
		return tls_failure(t, u, err, why, whylen);
	const ward_tls_info *ti = ward_tls_get_info(t->tls);
	if (t->zero_rtt.len && ti->early_data == WARD_TLS_EARLY_OFFERED &&
	    t->zero_rtt.len <= ti->early_data_max &&
	    ward_tls_send_early(t->tls, t->zero_rtt.p, t->zero_rtt.len,
				&t->out) == WARD_OK) {
		t->zero_rtt_sent = 1;
		trace(o, "sending the request in TLS 1.3 early data");
	}
	ward_client_status st = flush_out(t, deadline, why, whylen);
	while (st == WARD_CLIENT_OK && !ward_tls_handshake_done(t->tls)) {
		int got = 0;
		st = recv_some(t, &t->in, deadline, &got, why, whylen);
		if (st == WARD_CLIENT_TIMEOUT)
			snprintf(why, whylen,
				 "TLS handshake with %s (%s) timed out",
				 u->host, t->peer);
		if (st != WARD_CLIENT_OK)
			return st;
		if (!got) {
			snprintf(why, whylen,
				 "TLS handshake with %s failed: the server "
				 "closed the connection",
				 u->host);
			return WARD_CLIENT_TLS;
		}
		st = tls_feed(t, early, deadline, &err, why, whylen);
		if (err != WARD_OK)
			return tls_failure(t, u, err, why, whylen);
	}
	if (st == WARD_CLIENT_OK && o->n_pins)
		st = check_pins(t, o, u, why, whylen);
	if (st == WARD_CLIENT_OK) {
		const ward_tls_info *i = ward_tls_get_info(t->tls);
		trace(o, "TLS handshake done: %s, %s, %s, ALPN %s%s",
		      ward_tls_version_name(i->version),
		      ward_tls_suite_name(i->suite), ward_group_name(i->group),
		      *i->alpn ? i->alpn : "none",
		      i->resumed ? ", resumed" : "");
		if (t->zero_rtt_sent)
			trace(o, "early data %s",
			      i->early_data == WARD_TLS_EARLY_ACCEPTED
				  ? "accepted"
				  : "rejected: the request goes again");
	}
	return st;
}

/* ---- the transport ---- */

ward_client_status
ward_transport_open(ward_transport *t, const ward_client_opts *o,
		    const ward_tls_config *tls_cfg, const ward_url *u,
		    const ward_buf *session, int *session_bad,
		    long long deadline, char *why, size_t whylen)
{
	return ward_transport_open_early(t, o, tls_cfg, u, session,
					 session_bad, ward_slice_make(NULL, 0),
					 deadline, why, whylen);
}

int ward_transport_early(const ward_transport *t)
{
	if (!t->zero_rtt_sent || !t->tls)
		return WARD_TLS_EARLY_NONE;
	return ward_tls_get_info(t->tls)->early_data;
}

ward_client_status ward_transport_open_early(
    ward_transport *t, const ward_client_opts *o,
    const ward_tls_config *tls_cfg, const ward_url *u,
    const ward_buf *session, int *session_bad, ward_slice early,
    long long deadline, char *why, size_t whylen)
{
	memset(t, 0, sizeof *t);
	t->zero_rtt = early;
	t->fd = -1;
	ward_buf_init(&t->in);
	ward_buf_init(&t->out);
	ward_buf_init(&t->early);
	ward_client_status st = dial(t, o, u, deadline, why, whylen);
	if (st == WARD_CLIENT_OK && u->https)
		st = handshake(t, o, tls_cfg, u, session, session_bad, deadline,
			       &t->early, why, whylen);
	if (st != WARD_CLIENT_OK)
		ward_transport_close(t);
	return st;
}

void ward_transport_close(ward_transport *t)
{
	if (t->tls && t->fd >= 0 && ward_tls_handshake_done(t->tls) &&
	    !t->eof && ward_tls_close(t->tls, &t->out) == WARD_OK)
		/* best effort, without waiting */
		(void)send(t->fd, t->out.data, t->out.len,
			   MSG_NOSIGNAL | MSG_DONTWAIT);
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	ward_tls_conn_free(t->tls);
	t->tls = NULL;
	ward_buf_free(&t->in);
	ward_buf_free(&t->out);
	ward_buf_free(&t->early);
}

ward_client_status ward_transport_write(ward_transport *t, const void *p,
					size_t n, long long deadline, char *why,
					size_t whylen)
{
	const uint8_t *b = p;
	if (!t->tls)
		return flush(t, b, n, deadline, why, whylen);
	while (n > 0) {
		/* a record's worth at a time: the queue stays bounded */
		size_t k =
		    n < WARD_TLS_RECORD_PAYLOAD ? n : WARD_TLS_RECORD_PAYLOAD;
		if (ward_tls_send(t->tls, b, k, &t->out) != WARD_OK) {
			snprintf(why, whylen, "TLS send to %s failed", t->peer);
			return WARD_CLIENT_SEND;
		}
		ward_client_status st = flush_out(t, deadline, why, whylen);
		if (st != WARD_CLIENT_OK)
			return st;
		b += k;
		n -= k;
	}
	return WARD_CLIENT_OK;
}

int ward_transport_idle_ok(ward_transport *t)
{
	char why[256];
	ward_buf app = WARD_BUF_INIT;
	ward_err err = WARD_OK;
	int ok = 1;
	/* at most a few reads, none waiting (a limit in the past polls
	 * once): a peer cannot keep us here */
	for (int i = 0; ok && i < 4 && wait_fd(t->fd, POLLIN, 0, 1) == 1; i++) {
		int got = 0;
		ward_buf *into = t->tls ? &t->in : &app;
		ok = recv_some(t, into, 0, &got, why, sizeof why) ==
			 WARD_CLIENT_OK &&
		     got;
		if (ok && t->tls)
			ok = tls_feed(t, &app, 0, &err, why, sizeof why) ==
				 WARD_CLIENT_OK &&
			     err == WARD_OK;
		ok = ok && !t->eof && app.len == 0;
	}
	ward_buf_free(&app);
	return ok && t->early.len == 0;
}

ward_client_status ward_transport_read(ward_transport *t, ward_buf *app,
				       long long deadline, char *why,
				       size_t whylen)
{
	if (t->early.len > 0) {
		/* data that came with the end of the handshake */
		ward_err e = ward_put_bytes(app, t->early.data, t->early.len);
		ward_buf_clear(&t->early);
		if (e != WARD_OK) {
			snprintf(why, whylen, "out of memory");
			return WARD_CLIENT_LOCAL;
		}
		return WARD_CLIENT_OK;
	}
	size_t before = app->len;
	while (!t->eof && app->len == before) {
		int got = 0;
		ward_err err;
		ward_buf *into = t->tls ? &t->in : app;
		ward_client_status st =
		    recv_some(t, into, deadline, &got, why, whylen);
		if (st != WARD_CLIENT_OK)
			return st;
		if (!got) {
			t->eof = 1;
			break;
		}
		if (!t->tls)
			continue;
		st = tls_feed(t, app, deadline, &err, why, whylen);
		if (err != WARD_OK) {
			const ward_tls_info *i = ward_tls_get_info(t->tls);
			snprintf(why, whylen, "TLS error from %s: %s", t->peer,
				 i->error ? i->error : ward_err_name(err));
			return WARD_CLIENT_RECV;
		}
		if (st != WARD_CLIENT_OK)
			return st;
	}
	return WARD_CLIENT_OK;
}

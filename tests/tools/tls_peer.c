/* ward-tls-peer: ward's TLS engine over loopback sockets, for the interop
 * tests (tests/interop/) against openssl and gnutls.
 *
 *   ward-tls-peer server --port P --cert F --key F [--cert F --key F ...]
 *       [--groups x25519:secp256r1] [--suites TLS_AES_128_GCM_SHA256:...]
 *       [--alpn h2,http/1.1] [--once] [--reply-close] [--keylog]
 *       [--no-tls12 | --tls-min 1.3] [--key-limit N] [--legacy]
 *       [--early-data SIZE]
 *   ward-tls-peer client --connect HOST:PORT [--servername NAME]
 *       [--cafile F | --insecure] [--groups ...] [--suites ...] [--alpn ...]
 *       [--tls-min 1.2|1.3] [--tls-max 1.2|1.3 | --tls12]
 *       [--suites12 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:...]
 *       [--sess-in FILE] [--sess-out FILE]
 *       [--send TEXT] [--key-update] [--send-after TEXT] [--until TEXT]
 *       [--key-updates N]
 *       [--empty-every MS | --flood-key-updates N [--rcvbuf BYTES]]
 *       [--early TEXT]
 *
 * The server prints "listening PORT" (--port 0 picks one), then "handshake
 * ok <negotiated>" per connection, and answers each chunk of data with the
 * negotiated line and the chunk (--reply-close: then close_notify). Failure:
 * "handshake failed: <error> alert_sent=<alert> <why>" on stderr.
 * --key-limit N: records per AES-GCM write key (tls.h); in TLS 1.2 a
 * reply refused at the limit prints "send refused: <why>" on stderr and
 * sends what was sealed, close_notify last.
 * The client prints the negotiated line, sends TEXT (\r \n \\ escapes), with
 * --key-update a KeyUpdate(update_requested) and more data (--key-updates N:
 * N KeyUpdate(update_not_requested) in a row before that data), and prints
 * what it gets until close, EOF, --until TEXT or 3 s. Failure: "error: <why>
 * (alert <name> sent|received)" on stderr, exit code 1. --sess-in offers
 * the session saved in FILE (ward_tls_set_session); --sess-out saves the
 * connection's session to FILE at the end ("no session to save" on stderr
 * when there is none). The negotiated line ends with resumed=0|1.
 *
 * Records that carry nothing, for the server's resource tests (instead of
 * --send): --empty-every MS sends an empty application_data record every
 * MS ms until the server closes (at most 30 s) and prints "closed after
 * <ms> ms, <n> empty records" (with --key-update, KeyUpdates instead,
 * their answers read and dropped); --flood-key-updates N sends N KeyUpdate
 * (update_requested) as fast as the socket takes them, reading nothing
 * (with --rcvbuf, a small receive buffer), and prints "sent <k> of N key
 * updates" once all are sent or the socket took nothing for 2 s; it then
 * holds the connection for 3 s.
 *
 * The server seals TLS 1.3 tickets with keys of its own, made at start.
 *
 * 0-RTT: the server's --early-data SIZE accepts early data (tickets say
 * SIZE), each ticket once: a register of the tickets seen (SHA-256 of
 * each, in memory, for the tests only: ward serve's is another). It
 * answers once the handshake is done, early bytes and later ones alike.
 * The client's --early TEXT sends TEXT as early data when the --sess-in
 * session allows it, and again after the handshake if the server did not
 * accept it. The negotiated line ends with early=none|accepted|rejected
 * and, when some were, early_bytes=N (received, or sent).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tls/conn.h" /* the write protection, to seal empty records */
#include "tls/ticket.h"
#include "tls/tls.h"

#define MAX_CERTS 8
#define HANDSHAKE_MS 10000
#define SERVER_IDLE_MS 10000
#define CLIENT_READ_MS 3000

struct opts {
	int server;
	const char *port;
	const char *certs[MAX_CERTS], *keys[MAX_CERTS];
	int n_certs, n_keys;
	const char *groups, *suites, *suites12, *alpn, *key_limit;
	int once, reply_close, keylog, no_tls12, tls12_only, legacy;
	const char *tls_min, *tls_max, *sess_in, *sess_out;
	const char *connect, *servername, *cafile;
	int insecure, key_update;
	const char *send, *send_after, *until, *key_updates;
	const char *empty_every, *flood_key_updates, *rcvbuf;
	const char *early_data, *early;
};

/* The server's strike register (--early-data): the tickets seen. */
#define MAX_SEEN 1024
static uint8_t seen[MAX_SEEN][32];
static size_t n_seen;

static ward_tls_replay_verdict replay_check(void *ctx, const uint8_t key[32],
					    uint32_t ttl)
{
	(void)ctx;
	(void)ttl;
	for (size_t i = 0; i < n_seen; i++)
		if (!memcmp(seen[i], key, 32))
			return WARD_TLS_REPLAY_SEEN;
	if (n_seen == MAX_SEEN)
		return WARD_TLS_REPLAY_UNAVAILABLE;
	memcpy(seen[n_seen++], key, 32);
	return WARD_TLS_REPLAY_FRESH;
}

enum { P_OK, P_TIMEOUT, P_EOF, P_FAIL };

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int left_ms(long long deadline)
{
	long long left = deadline - now_ms();
	return left < 0 ? 0 : (int)left;
}

/* Send what the engine queued; -1 when the peer is gone. */
static int flush_out(int fd, ward_buf *out)
{
	size_t off = 0;
	ssize_t n = 1;
	while (off < out->len && n > 0)
		if ((n = send(fd, out->data + off, out->len - off,
			      MSG_NOSIGNAL)) > 0)
			off += (size_t)n;
	int r = off == out->len ? 0 : -1;
	ward_buf_clear(out);
	return r;
}

/* Wait up to wait_ms for bytes, feed them to the engine, send its answer. */
static int pump(int fd, ward_tls_conn *c, ward_buf *in, ward_buf *out,
		ward_buf *app, int wait_ms, ward_err *err)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	*err = WARD_OK;
	int r = poll(&pfd, 1, wait_ms);
	if (r == 0)
		return P_TIMEOUT;
	ssize_t n = -1;
	if (r > 0 && ward_buf_reserve(in, 32768) == WARD_OK)
		n = recv(fd, in->data + in->len, in->cap - in->len, 0);
	if (n <= 0)
		return P_EOF;
	in->len += (size_t)n;
	size_t used = 0;
	*err = ward_tls_recv(c, in->data, in->len, &used, out, app);
	ward_buf_consume(in, used);
	int sent = flush_out(fd, out);
	if (*err != WARD_OK)
		return P_FAIL;
	return sent < 0 ? P_EOF : P_OK;
}

static const char *alert_name(uint8_t alert)
{
	const char *name = ward_tls_alert_name(alert);
	return alert == 255 ? "none" : name ? name : "unknown";
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void describe(const ward_tls_conn *c, char *line, size_t len)
{
	const ward_tls_info *i = ward_tls_get_info(c);
	char early[64] = "";
	if (i->early_data_bytes)
		snprintf(early, sizeof early, " early_bytes=%zu",
			 i->early_data_bytes);
	snprintf(line, len,
		 "version=%s suite=%s group=%s sig=%s alpn=%s sni=%s hrr=%d "
		 "resumed=%d early=%s%s\n",
		 or_dash(ward_tls_version_name(i->version)),
		 or_dash(ward_tls_suite_name(i->suite)),
		 or_dash(ward_group_name(i->group)),
		 or_dash(ward_sigscheme_name(i->sigscheme)), or_dash(i->alpn),
		 or_dash(i->server_name), i->hrr, i->resumed,
		 ward_tls_early_name(i->early_data), early);
}

/* Unread input would make close(2) send a RST that can overtake our data. */
static void linger_close(int fd, int ms)
{
	uint8_t junk[4096];
	long long deadline = now_ms() + ms;
	shutdown(fd, SHUT_WR);
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	while (poll(&pfd, 1, left_ms(deadline)) > 0)
		if (recv(fd, junk, sizeof junk, 0) <= 0)
			break;
	close(fd);
}

/* One connection; returns whether its handshake completed. */
static int serve_conn(int fd, const ward_tls_config *cfg, const struct opts *o)
{
	ward_buf in = WARD_BUF_INIT, out = WARD_BUF_INIT, app = WARD_BUF_INIT;
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	char line[512];
	int done = 0, replied = 0;
	long long deadline = now_ms() + HANDSHAKE_MS;
	if (!c)
		abort();
	for (;;) {
		ward_err err;
		int r = pump(fd, c, &in, &out, &app, left_ms(deadline), &err);
		/* the handshake may complete in the read that then fails */
		uint32_t ev = ward_tls_take_events(c);
		if (!done && (ev & WARD_TLS_EV_HANDSHAKE_DONE)) {
			done = 1;
			describe(c, line, sizeof line);
			printf("handshake ok %s", line);
			fflush(stdout);
		}
		if (r == P_FAIL || r == P_TIMEOUT) {
			const ward_tls_info *i = ward_tls_get_info(c);
			fprintf(stderr, "%s failed: %s alert_sent=%s %s\n",
				done ? "connection" : "handshake",
				r == P_FAIL ? ward_err_name(err) : "timeout",
				alert_name(i->alert_sent),
				i->error ? i->error
					 : "no data from the client");
			break;
		}
		if (done)
			deadline = now_ms() + SERVER_IDLE_MS;
		/* early data waits for the handshake (no 0.5-RTT reply) */
		if (app.len > 0 && !replied && done) {
			describe(c, line, sizeof line);
			if (ward_tls_send(c, line, strlen(line), &out) !=
				WARD_OK ||
			    ward_tls_send(c, app.data, app.len, &out) !=
				WARD_OK) {
				const char *why = ward_tls_get_info(c)->error;
				fprintf(stderr, "send refused: %s\n",
					why ? why : "?");
				flush_out(fd, &out);
				break;
			}
			if (o->reply_close) {
				replied = 1;
				if (ward_tls_close(c, &out) != WARD_OK)
					break;
			}
			flush_out(fd, &out);
		}
		if (done)
			ward_buf_clear(&app);
		if (r == P_EOF || (ev & WARD_TLS_EV_CLOSE_NOTIFY)) {
			if (!done)
				fprintf(stderr,
					"handshake failed: peer_closed "
					"alert_sent=none the client closed the "
					"connection during the handshake\n");
			else if (ward_tls_close(c, &out) == WARD_OK)
				flush_out(fd, &out);
			break;
		}
	}
	linger_close(fd, 1000);
	ward_tls_conn_free(c);
	ward_buf_free(&in);
	ward_buf_free(&out);
	ward_buf_free(&app);
	return done;
}

static int run_server(const struct opts *o, const ward_tls_config *cfg)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t salen = sizeof sa;
	int one = 1;
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)atoi(o->port));
	if (ls < 0 ||
	    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(ls, 16) < 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &salen) < 0) {
		fprintf(stderr, "ward-tls-peer: listen on 127.0.0.1:%s: %s\n",
			o->port, strerror(errno));
		return 2;
	}
	printf("listening %u\n", ntohs(sa.sin_port));
	fflush(stdout);
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		if (fd < 0) {
			perror("ward-tls-peer: accept");
			return 2;
		}
		int ok = serve_conn(fd, cfg, o);
		if (o->once)
			return ok ? 0 : 1;
	}
}

static int client_fail(const ward_tls_conn *c, const char *why)
{
	const ward_tls_info *i = c ? ward_tls_get_info(c) : NULL;
	if (i && i->error)
		why = i->error;
	int sent = i && i->alert_sent != 255;
	if (sent || (i && i->alert_received != 255))
		fprintf(stderr, "error: %s (alert %s %s)\n", why,
			alert_name(sent ? i->alert_sent : i->alert_received),
			sent ? "sent" : "received");
	else
		fprintf(stderr, "error: %s (no alert)\n", why);
	return 1;
}

static int dial(const char *hostport, char *host, size_t hostlen, int rcvbuf)
{
	const char *colon = strrchr(hostport, ':');
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai, *a;
	int fd = -1;
	if (!colon || (size_t)(colon - hostport) >= hostlen)
		return -1;
	snprintf(host, hostlen, "%.*s", (int)(colon - hostport), hostport);
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		return -1;
	for (a = ai; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd >= 0 && rcvbuf)
			(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
					 sizeof rcvbuf);
		if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	return fd;
}

/* TEXT with \\r, \\n and \\\\ turned into the bytes they name, in place. */
static void unescape(char *s)
{
	char *d = s;
	for (; *s; s++, d++) {
		int esc = *s == '\\' && s[1] && strchr("rn\\", s[1]);
		*d = !esc ? *s : *++s == 'r' ? '\r' : *s == 'n' ? '\n' : '\\';
	}
	*d = 0;
}

/* --empty-every: an empty application_data record every ms ms (with
 * key_update: a KeyUpdate(update_requested) instead, whose answer is
 * read and dropped). */
static int send_empty_records(int fd, ward_tls_conn *c, int ms, int key_update)
{
	ward_buf out = WARD_BUF_INIT;
	long long t0 = now_ms(), end = t0 + 30000;
	long n = 0;
	uint8_t junk[4096];
	int rc = 1;
	while (now_ms() < end) {
		static const uint8_t none[1];
		ward_err err =
		    key_update
			? ward_tls_key_update(c, 1, &out)
			: ward_tls_record_seal(&c->wr, &out,
					       WARD_TLS_CT_APPLICATION_DATA,
					       none, 0, 0);
		if (err != WARD_OK || flush_out(fd, &out) < 0) {
			printf("closed after %lld ms, %ld empty records\n",
			       now_ms() - t0, n);
			rc = 0;
			break;
		}
		n++;
		/* whatever arrives (a close_notify) is dropped; EOF ends */
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		long long next = now_ms() + ms;
		while (poll(&pfd, 1, left_ms(next)) > 0) {
			ssize_t got = recv(fd, junk, sizeof junk, 0);
			if (got <= 0) {
				printf("closed after %lld ms, %ld empty "
				       "records\n",
				       now_ms() - t0, n);
				ward_buf_free(&out);
				return 0;
			}
		}
	}
	if (rc)
		printf("still open after %lld ms, %ld empty records\n",
		       now_ms() - t0, n);
	ward_buf_free(&out);
	return rc;
}

/* --flood-key-updates: n KeyUpdate(update_requested), nothing read. */
static int send_key_updates(int fd, ward_tls_conn *c, long n)
{
	ward_buf out = WARD_BUF_INIT;
	long sent = 0;
	size_t off = 0;
	long long stalled = now_ms() + 2000;
	while (now_ms() < stalled) {
		while (out.len - off < 4096 && sent < n) {
			if (ward_tls_key_update(c, 1, &out) != WARD_OK)
				break;
			sent++;
		}
		if (off == out.len)
			break;
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};
		if (poll(&pfd, 1, left_ms(stalled)) <= 0)
			continue;
		ssize_t k = send(fd, out.data + off, out.len - off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (k < 0 && errno != EAGAIN && errno != EINTR)
			break;
		if (k > 0) {
			off += (size_t)k;
			stalled = now_ms() + 2000;
		}
		if (off == out.len) {
			ward_buf_clear(&out);
			off = 0;
		}
	}
	/* records built but not taken by the socket were not sent */
	long unsent = (long)((out.len - off) / 27);
	printf("sent %ld of %ld key updates\n", sent - unsent, n);
	fflush(stdout);
	ward_buf_free(&out);
	sleep(3);
	return 0;
}

/* --sess-out: the session blob, as ward_tls_get_session gives it (it
 * holds a secret: mode 0600). */
static void save_session(const ward_tls_conn *c, const char *path)
{
	ward_buf blob;
	FILE *f = NULL;
	int fd;
	ward_buf_init_secret(&blob);
	if (ward_tls_get_session(c, &blob) != WARD_OK)
		fprintf(stderr, "no session to save\n");
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
		 !(f = fdopen(fd, "wb")) ||
		 fwrite(blob.data, 1, blob.len, f) != blob.len)
		fprintf(stderr, "cannot write %s\n", path);
	if (f && fclose(f) != 0)
		fprintf(stderr, "cannot write %s\n", path);
	ward_buf_free(&blob);
}

/* --sess-in: offer the session in the file. */
static ward_err load_session(ward_tls_conn *c, const char *path)
{
	uint8_t blob[70000];
	FILE *f = fopen(path, "rb");
	if (!f)
		return WARD_ERR_IO;
	size_t n = fread(blob, 1, sizeof blob, f);
	fclose(f);
	ward_err err = ward_tls_set_session(c, blob, n);
	ward_wipe(blob, sizeof blob);
	return err;
}

static int client_session(int fd, ward_tls_conn *c, const struct opts *o)
{
	ward_buf in = WARD_BUF_INIT, out = WARD_BUF_INIT, app = WARD_BUF_INIT;
	ward_buf got = WARD_BUF_INIT;
	char line[512];
	int rc = 0, r = P_OK;
	ward_err err = WARD_OK;
	long long deadline = now_ms() + HANDSHAKE_MS;
	if (ward_tls_start(c, &out) != WARD_OK ||
	    (o->early && ward_tls_get_info(c)->early_data &&
	     ward_tls_send_early(c, o->early, strlen(o->early), &out)) ||
	    flush_out(fd, &out) < 0) {
		rc = client_fail(c, "cannot send the ClientHello");
		goto done;
	}
	while (!ward_tls_handshake_done(c) && r == P_OK)
		r = pump(fd, c, &in, &out, &app, left_ms(deadline), &err);
	if (r != P_OK) {
		rc = client_fail(c, r == P_TIMEOUT ? "handshake timed out"
				    : r == P_EOF   ? "the server closed the "
						     "connection during the "
						     "handshake"
						   : ward_err_name(err));
		goto done;
	}
	describe(c, line, sizeof line);
	fputs(line, stdout);
	fflush(stdout);
	if (o->empty_every) {
		rc = send_empty_records(fd, c, atoi(o->empty_every),
					o->key_update);
		goto done;
	}
	if (o->flood_key_updates) {
		rc = send_key_updates(fd, c, atol(o->flood_key_updates));
		goto done;
	}
	long n_updates = o->key_updates ? atol(o->key_updates) : 0;
	const char *after = o->key_update || n_updates ? o->send_after : "";
	/* early data not accepted is sent again (RFC 8446 4.2.10) */
	int sent = 1;
	if (o->early &&
	    ward_tls_get_info(c)->early_data != WARD_TLS_EARLY_ACCEPTED)
		sent = ward_tls_send(c, o->early, strlen(o->early), &out) ==
		       WARD_OK;
	const char *text = o->early ? "" : o->send; /* --early replaces it */
	sent = sent && ward_tls_send(c, text, strlen(text), &out) == WARD_OK;
	for (long i = 0; sent && i < n_updates; i++)
		sent = ward_tls_key_update(c, 0, &out) == WARD_OK;
	if (!sent ||
	    (o->key_update && ward_tls_key_update(c, 1, &out) != WARD_OK) ||
	    (*after && ward_tls_send(c, after, strlen(after), &out)) ||
	    flush_out(fd, &out) < 0) {
		rc = client_fail(c, "cannot send application data");
		goto done;
	}
	deadline = now_ms() + CLIENT_READ_MS;
	for (;;) {
		if (app.len > 0) {
			fwrite(app.data, 1, app.len, stdout);
			fflush(stdout);
			if (ward_put_bytes(&got, app.data, app.len) != WARD_OK)
				break;
			ward_buf_clear(&app);
		}
		if (o->until && got.len > 0 &&
		    memmem(got.data, got.len, o->until, strlen(o->until)))
			break;
		if (r != P_OK)
			break;
		r = pump(fd, c, &in, &out, &app, left_ms(deadline), &err);
		uint32_t ev = ward_tls_take_events(c);
		if (ev & WARD_TLS_EV_KEY_UPDATE)
			fprintf(stderr, "peer updated its keys\n");
		if (ev & WARD_TLS_EV_CLOSE_NOTIFY && r == P_OK)
			r = P_EOF;
	}
	if (r == P_FAIL) {
		rc = client_fail(c, ward_err_name(err));
		goto done;
	}
	if (ward_tls_close(c, &out) == WARD_OK)
		flush_out(fd, &out);
	if (o->sess_out)
		save_session(c, o->sess_out);
done: /* a server that does not close after close_notify costs 300 ms */
	linger_close(fd, rc ? 1000 : 300);
	ward_buf_free(&in);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_buf_free(&got);
	return rc;
}

static int run_client(const struct opts *o, const ward_tls_config *cfg)
{
	char host[256];
	int fd = dial(o->connect, host, sizeof host,
		      o->rcvbuf ? atoi(o->rcvbuf) : 0);
	if (fd < 0) {
		fprintf(stderr, "error: cannot connect to %s: %s (no alert)\n",
			o->connect, strerror(errno));
		return 1;
	}
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	if (!c || ward_tls_set_hostname(c, o->servername ? o->servername
							 : host) != WARD_OK) {
		close(fd);
		ward_tls_conn_free(c);
		return client_fail(NULL, "cannot make the connection");
	}
	if (o->sess_in && load_session(c, o->sess_in) != WARD_OK) {
		close(fd);
		ward_tls_conn_free(c);
		return client_fail(NULL, "cannot use the --sess-in session");
	}
	int rc = client_session(fd, c, o);
	ward_tls_conn_free(c);
	return rc;
}

static int configure(const struct opts *o, ward_tls_config *cfg)
{
	char why[512] = "";
	if (o->groups && ward_tls_config_set_groups_str(cfg, o->groups))
		snprintf(why, sizeof why, "bad --groups '%s'", o->groups);
	else if (o->suites && ward_tls_config_set_suites_str(cfg, o->suites))
		snprintf(why, sizeof why, "bad --suites '%s'", o->suites);
	else if (o->suites12 &&
		 ward_tls_config_set_suites12_str(cfg, o->suites12))
		snprintf(why, sizeof why, "bad --suites12 '%s'", o->suites12);
	else if ((o->no_tls12 || (o->tls_min && !strcmp(o->tls_min, "1.3"))) &&
		 ward_tls_config_set_tls12(cfg, 0))
		snprintf(why, sizeof why, "cannot turn TLS 1.2 off");
	else if (o->key_limit &&
		 ward_tls_config_set_key_limit(
		     cfg, strtoull(o->key_limit, NULL, 10)) != WARD_OK)
		snprintf(why, sizeof why, "bad --key-limit '%s'", o->key_limit);
	else if ((o->tls12_only ||
		  (o->tls_max && !strcmp(o->tls_max, "1.2"))) &&
		 ward_tls_config_set_tls13(cfg, 0))
		snprintf(why, sizeof why, "cannot turn TLS 1.3 off");
	else if ((o->tls_min && strcmp(o->tls_min, "1.2") &&
		  strcmp(o->tls_min, "1.3")) ||
		 (o->tls_max && strcmp(o->tls_max, "1.2") &&
		  strcmp(o->tls_max, "1.3")))
		snprintf(why, sizeof why, "--tls-min/--tls-max: 1.2 or 1.3");
	else if (o->legacy &&
		 ward_tls_config_set_policy(cfg, WARD_TLS_POLICY_LEGACY))
		snprintf(why, sizeof why, "cannot set the legacy policy");
	if (!*why && o->alpn) {
		char *copy = strdup(o->alpn), *save = NULL;
		const char *names[16];
		size_t n = 0;
		for (char *t = strtok_r(copy, ",", &save); t && n < 16;
		     t = strtok_r(NULL, ",", &save))
			names[n++] = t;
		if (!copy || ward_tls_config_set_alpn(cfg, names, n) != WARD_OK)
			snprintf(why, sizeof why, "bad --alpn '%s'", o->alpn);
		free(copy);
	}
	for (int i = 0; !*why && i < o->n_certs; i++)
		if (ward_tls_config_add_cert_files(cfg, o->certs[i], o->keys[i],
						   why,
						   sizeof why) != WARD_OK &&
		    !*why)
			snprintf(why, sizeof why, "cannot load %s",
				 o->certs[i]);
	if (!*why && o->server && o->n_certs == 0)
		snprintf(why, sizeof why, "the server needs --cert and --key");
	if (!*why && !o->server && !o->connect)
		snprintf(why, sizeof why, "the client needs --connect");
	ward_trust *trust;
	if (!*why && !o->server && o->insecure)
		ward_tls_config_set_verify(cfg, 0);
	else if (!*why && !o->server &&
		 ward_trust_load(o->cafile, &trust, why, sizeof why) == WARD_OK)
		ward_tls_config_set_trust(cfg, trust);
	else if (!*why && !o->server)
		snprintf(why, sizeof why, "cannot load --cafile");
	/* the server's own ticket keys, for a day */
	static ward_ticket_keys keys;
	time_t t = time(NULL);
	ward_ticket_keys_init(&keys);
	if (!*why && o->server &&
	    ward_ticket_keys_rotate(&keys, WARD_AEAD_AES_256_GCM, t,
				    t + 86400) != WARD_OK)
		snprintf(why, sizeof why, "cannot make ticket keys");
	else if (o->server)
		ward_tls_config_set_ticket_keys(cfg, &keys);
	if (o->keylog)
		ward_tls_config_keylog_from_env(cfg);
	/* the client tries 0-RTT with --early; the server takes --early-data */
	if (!*why && (o->early || o->early_data) &&
	    ward_tls_config_set_early_data(
		cfg, o->early_data ? (uint32_t)atol(o->early_data) : 1))
		snprintf(why, sizeof why, "bad --early-data");
	if (o->server && o->early_data)
		ward_tls_config_set_replay_check(cfg, replay_check, NULL);
	if (*why)
		fprintf(stderr, "ward-tls-peer: %s\n", why);
	return *why ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct opts o = {.port = "0",
			 .send = "GET / HTTP/1.0\r\n\r\n",
			 .send_after = "after key update\n"};
	/* each option sets a string or a flag (--cert and --key append) */
	const struct {
		const char *name;
		const char **str;
		int *flag;
	} table[] = {
	    /* clang-format off */
		{"port", &o.port, 0}, {"groups", &o.groups, 0},
		{"suites", &o.suites, 0}, {"alpn", &o.alpn, 0},
		{"suites12", &o.suites12, 0},
		{"connect", &o.connect, 0}, {"servername", &o.servername, 0},
		{"cafile", &o.cafile, 0}, {"send", &o.send, 0},
		{"send-after", &o.send_after, 0}, {"until", &o.until, 0},
		{"key-updates", &o.key_updates, 0},
		{"once", 0, &o.once}, {"reply-close", 0, &o.reply_close},
		{"keylog", 0, &o.keylog}, {"insecure", 0, &o.insecure},
		{"no-tls12", 0, &o.no_tls12}, {"tls12", 0, &o.tls12_only},
		{"tls-min", &o.tls_min, 0}, {"tls-max", &o.tls_max, 0},
		{"sess-in", &o.sess_in, 0}, {"sess-out", &o.sess_out, 0},
		{"no-tls12", 0, &o.no_tls12}, {"legacy", 0, &o.legacy},
		{"key-update", 0, &o.key_update}, {"cert", 0, 0},
		{"key", 0, 0}, {"empty-every", &o.empty_every, 0},
		{"flood-key-updates", &o.flood_key_updates, 0},
		{"rcvbuf", &o.rcvbuf, 0}, {"key-limit", &o.key_limit, 0},
		{"early-data", &o.early_data, 0}, {"early", &o.early, 0},
	    /* clang-format on */
	};
	enum { N = sizeof table / sizeof *table };
	struct option longopts[N + 1];
	int opt;
	for (int i = 0; i < N; i++)
		longopts[i] =
		    (struct option){table[i].name, !table[i].flag, 0, i};
	memset(&longopts[N], 0, sizeof longopts[N]);
	if (argc < 2 ||
	    (strcmp(argv[1], "server") && strcmp(argv[1], "client"))) {
		fprintf(stderr, "usage: ward-tls-peer server|client [options] "
				"(see tests/tools/tls_peer.c)\n");
		return 2;
	}
	o.server = !strcmp(argv[1], "server");
	optind = 2;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt < 0 || opt >= N)
			return 2;
		if (table[opt].str == &o.send ||
		    table[opt].str == &o.send_after ||
		    table[opt].str == &o.early)
			unescape(optarg);
		if (table[opt].str)
			*table[opt].str = optarg;
		else if (table[opt].flag)
			*table[opt].flag = 1;
		else if (!strcmp(table[opt].name, "cert") &&
			 o.n_certs < MAX_CERTS)
			o.certs[o.n_certs++] = optarg;
		else if (!strcmp(table[opt].name, "key") &&
			 o.n_keys < MAX_CERTS)
			o.keys[o.n_keys++] = optarg;
	}
	if (optind != argc || o.n_certs != o.n_keys) {
		fprintf(stderr,
			"ward-tls-peer: give each --cert its --key, and "
			"no other arguments\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	ward_tls_config *cfg =
	    ward_tls_config_new(o.server ? WARD_TLS_SERVER : WARD_TLS_CLIENT);
	if (!cfg || configure(&o, cfg) < 0) {
		ward_tls_config_free(cfg);
		return 2;
	}
	int rc = o.server ? run_server(&o, cfg) : run_client(&o, cfg);
	ward_tls_config_free(cfg);
	return rc;
}

/* The replay store's Redis client (redis.h).
 *
 * Blocking by design, inside a worker's event loop: the exchange is one
 * round trip to a Redis on loopback or the LAN, made only for handshakes
 * that would take early data, and bounded by a deadline; a Redis that is
 * down costs nothing for the backoff period after one failure. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"
#include "server/redis.h"
#include "server/resp.h"

#define HOST_MAX 256
#define REPLY_MAX 1024
/* the addresses of HOST tried in turn (localhost: ::1, then 127.0.0.1) */
#define ADDRS_MAX 4
#define STR_(x) #x
#define STR(x) STR_(x)

struct ward_redis {
	struct sockaddr_storage addr[ADDRS_MAX];
	socklen_t addr_len[ADDRS_MAX];
	size_t n_addrs;
	int db;
	int fd;		  /* -1: not connected */
	pid_t pid;	  /* the process that connected fd */
	int selected;	  /* SELECT db done on fd */
	int64_t retry_at; /* monotonic ms: no attempt before */
	int down;	  /* the last exchange failed (logged once) */
	char url[128];	  /* for the log */
};

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_num(const char *s, size_t len, long max, long *out)
{
	long v = 0;
	if (len == 0 || len > 5)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

ward_redis *ward_redis_new(const char *url, char *why, size_t whylen)
{
	static const char scheme[] = "redis://";
	char host[HOST_MAX], port[8];
	long portn = WARD_REDIS_DEFAULT_PORT, db = 0;
	const char *p = url, *h, *he;
	if (strncmp(p, scheme, sizeof scheme - 1))
		goto bad;
	p += sizeof scheme - 1;
	if (strchr(p, '@')) {
		snprintf(why, whylen,
			 "'%s': credentials in the URL are not supported", url);
		return NULL;
	}
	if (*p == '[') {
		h = p + 1;
		he = strchr(h, ']');
		if (!he)
			goto bad;
		p = he + 1;
	} else {
		h = p;
		he = h + strcspn(h, ":/");
		p = he;
	}
	if (he == h || (size_t)(he - h) >= sizeof host)
		goto bad;
	memcpy(host, h, (size_t)(he - h));
	host[he - h] = 0;
	if (*p == ':') {
		size_t n = strcspn(p + 1, "/");
		if (parse_num(p + 1, n, 65535, &portn) || portn == 0)
			goto bad;
		p += 1 + n;
	}
	if (*p == '/') {
		p++;
		if (*p && parse_num(p, strlen(p), 15, &db))
			goto bad;
		p += strlen(p);
	}
	if (*p)
		goto bad;
	snprintf(port, sizeof port, "%ld", portn);
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	int gai = getaddrinfo(host, port, &hints, &res);
	if (gai != 0 || !res) {
		snprintf(why, whylen, "'%s': cannot resolve %s: %s", url, host,
			 gai_strerror(gai));
		return NULL;
	}
	ward_redis *r = calloc(1, sizeof *r);
	if (!r) {
		freeaddrinfo(res);
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	for (struct addrinfo *a = res; a && r->n_addrs < ADDRS_MAX;
	     a = a->ai_next) {
		if (a->ai_addrlen > sizeof r->addr[0])
			continue;
		memcpy(&r->addr[r->n_addrs], a->ai_addr, a->ai_addrlen);
		r->addr_len[r->n_addrs++] = a->ai_addrlen;
	}
	freeaddrinfo(res);
	r->db = (int)db;
	r->fd = -1;
	snprintf(r->url, sizeof r->url, "%s", url);
	return r;
bad:
	snprintf(why, whylen,
		 "'%s' is not a Redis URL: redis://HOST[:PORT][/DB], DB 0..15",
		 url);
	return NULL;
}

static void drop(ward_redis *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	r->selected = 0;
}

void ward_redis_free(ward_redis *r)
{
	if (!r)
		return;
	/* an inherited descriptor is only our copy: closing it is safe */
	drop(r);
	free(r);
}

/* 0 when fd is ready for events before the deadline */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - mono_ms();
		if (left <= 0)
			return -1;
		struct pollfd pfd = {.fd = fd, .events = events};
		int n = poll(&pfd, 1, (int)left);
		if (n > 0)
			return pfd.revents & (events | POLLERR | POLLHUP) ? 0
									  : -1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

static int connect_one(ward_redis *r, size_t i, int64_t deadline)
{
	int fd = socket(r->addr[i].ss_family,
			SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	r->fd = fd;
	r->pid = getpid();
	int one = 1;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&r->addr[i], r->addr_len[i]) == 0)
		return 0;
	if (errno != EINPROGRESS || wait_fd(fd, POLLOUT, deadline))
		return -1;
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
		return -1;
	return 0;
}

/* each address in turn, all within the one deadline */
static int open_conn(ward_redis *r, int64_t deadline)
{
	for (size_t i = 0; i < r->n_addrs; i++) {
		if (connect_one(r, i, deadline) == 0)
			return 0;
		drop(r);
	}
	return -1;
}

/* An idle connection has nothing to read: EOF (Redis restarted, or
 * closed an idle client) or stray bytes mean it is not usable. */
static int idle_ok(int fd)
{
	uint8_t c;
	ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static int send_all(int fd, const char *p, size_t len, int64_t deadline)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_fd(fd, POLLOUT, deadline))
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

/* The next reply into *v; its bytes stay in buf[*start, ...). */
static int read_reply(int fd, uint8_t *buf, size_t *have, size_t *start,
		      ward_resp_value *v, int64_t deadline)
{
	for (;;) {
		size_t used;
		ward_err e =
		    ward_resp_parse(buf + *start, *have - *start, v, &used);
		if (e == WARD_OK) {
			*start += used;
			return 0;
		}
		if (e != WARD_ERR_WANT_INPUT || *have == REPLY_MAX)
			return -1;
		ssize_t n = recv(fd, buf + *have, REPLY_MAX - *have, 0);
		if (n > 0)
			*have += (size_t)n;
		else if (n == 0)
			return -1;
		else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_fd(fd, POLLIN, deadline))
				return -1;
		} else if (errno != EINTR)
			return -1;
	}
}

static int is_ok(const ward_resp_value *v)
{
	return v->type == WARD_RESP_SIMPLE && v->str.len == 2 &&
	       !memcmp(v->str.p, "OK", 2);
}

ward_tls_replay_verdict
ward_redis_set_nx(ward_redis *r, const uint8_t key[WARD_REPLAY_KEY_LEN],
		  uint32_t ttl)
{
	static const char hex[] = "0123456789abcdef";
	int64_t now = mono_ms();
	if (now < r->retry_at)
		return WARD_TLS_REPLAY_UNAVAILABLE;
	int64_t deadline = now + WARD_REPLAY_REDIS_TIMEOUT_MS;
	if (r->fd >= 0 && r->pid != getpid()) {
		/* inherited through fork: the parent's, not ours to use */
		close(r->fd);
		r->fd = -1;
		r->selected = 0;
	}
	if (r->fd >= 0 && !idle_ok(r->fd))
		drop(r);
	const char *what = "cannot connect";
	if (r->fd < 0 && open_conn(r, deadline))
		goto fail;
	char name[12 + 2 * WARD_REPLAY_KEY_LEN + 1] = "ward:replay:";
	for (size_t i = 0; i < WARD_REPLAY_KEY_LEN; i++) {
		name[12 + 2 * i] = hex[key[i] >> 4];
		name[12 + 2 * i + 1] = hex[key[i] & 15];
	}
	name[sizeof name - 1] = 0;
	char ttls[12], cmd[256];
	int tl = snprintf(ttls, sizeof ttls, "%u", ttl);
	int len = 0, select = r->db && !r->selected;
	if (select) {
		char dbs[4];
		int dl = snprintf(dbs, sizeof dbs, "%d", r->db);
		len = snprintf(cmd, sizeof cmd,
			       "*2\r\n$6\r\nSELECT\r\n$%d\r\n%s\r\n", dl, dbs);
	}
	len += snprintf(cmd + len, sizeof cmd - (size_t)len,
			"*6\r\n$3\r\nSET\r\n$%zu\r\n%s\r\n$1\r\n1\r\n"
			"$2\r\nNX\r\n$2\r\nEX\r\n$%d\r\n%s\r\n",
			sizeof name - 1, name, tl, ttls);
	what = "cannot send";
	if (send_all(r->fd, cmd, (size_t)len, deadline))
		goto fail;
	uint8_t buf[REPLY_MAX];
	size_t have = 0, start = 0;
	ward_resp_value v;
	what = "no answer within " STR(WARD_REPLAY_REDIS_TIMEOUT_MS) " ms";
	if (select) {
		if (read_reply(r->fd, buf, &have, &start, &v, deadline))
			goto fail_read;
		what = "SELECT failed";
		if (!is_ok(&v))
			goto fail;
		r->selected = 1;
	}
	if (read_reply(r->fd, buf, &have, &start, &v, deadline))
		goto fail_read;
	what = "an unexpected reply";
	if (start != have || !(is_ok(&v) || v.type == WARD_RESP_NULL))
		goto fail;
	if (r->down)
		ward_log(WARD_LOG_INFO, "--replay-store %s: answering again",
			 r->url);
	r->down = 0;
	return is_ok(&v) ? WARD_TLS_REPLAY_FRESH : WARD_TLS_REPLAY_SEEN;
fail_read:
	if (mono_ms() < deadline)
		what = "the connection closed, or a malformed reply";
fail:
	/* once per outage and process, so a dead Redis does not flood */
	if (!r->down)
		ward_log(WARD_LOG_WARN,
			 "--replay-store %s: %s; early data is refused until "
			 "it answers (tried again every %d ms)",
			 r->url, what, WARD_REPLAY_REDIS_BACKOFF_MS);
	r->down = 1;
	drop(r);
	r->retry_at = mono_ms() + WARD_REPLAY_REDIS_BACKOFF_MS;
	return WARD_TLS_REPLAY_UNAVAILABLE;
}

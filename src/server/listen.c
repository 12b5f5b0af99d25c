/* Listening sockets: address parsing, SO_REUSEPORT groups, accept. */
#include "server/listen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ward_err fail(char *err, size_t errlen, const char *spec,
		     const char *why, ward_err code)
{
	if (err && errlen)
		snprintf(err, errlen, "cannot listen on %s: %s", spec, why);
	return code;
}

static int parse_port(const char *s, unsigned *port)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 5)
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > 65535)
		return 0;
	*port = (unsigned)v;
	return 1;
}

static void wildcard(ward_listen_addr *a, int family, unsigned port)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a->sa;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_any;
		s6->sin6_port = htons((uint16_t)port);
		a->salen = sizeof(*s6);
		a->v6only = 0; /* dual-stack: IPv4 arrives as ::ffff:a.b.c.d */
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&a->sa;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		s4->sin_port = htons((uint16_t)port);
		a->salen = sizeof(*s4);
	}
}

ward_err ward_listen_resolve(const char *spec, ward_listen_addr *out,
			     size_t max, size_t *n, char *err, size_t errlen)
{
	char host[256];
	const char *colon, *hs = spec;
	size_t hlen;
	unsigned port;
	int bracketed = 0;
	struct addrinfo hints, *res = NULL;
	int rc;

	*n = 0;
	WARD_ENSURE(max > 0, WARD_ERR_ARG);
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');

		if (!close || close[1] != ':')
			return fail(err, errlen, spec, "want [IPV6]:PORT",
				    WARD_ERR_CONFIG);
		hs = spec + 1;
		hlen = (size_t)(close - hs);
		colon = close + 1;
		bracketed = 1;
	} else {
		colon = strrchr(spec, ':');
		if (!colon)
			return fail(err, errlen, spec,
				    "want ADDR:PORT, [IPV6]:PORT or :PORT",
				    WARD_ERR_CONFIG);
		hlen = (size_t)(colon - spec);
		if (memchr(spec, ':', hlen))
			return fail(err, errlen, spec,
				    "write IPv6 addresses in brackets",
				    WARD_ERR_CONFIG);
	}
	if (!parse_port(colon + 1, &port))
		return fail(err, errlen, spec, "bad port", WARD_ERR_CONFIG);
	if (hlen >= sizeof(host))
		return fail(err, errlen, spec, "address too long",
			    WARD_ERR_CONFIG);
	memcpy(host, hs, hlen);
	host[hlen] = 0;

	if (!bracketed && (hlen == 0 || strcmp(host, "*") == 0)) {
		wildcard(&out[(*n)++], AF_INET6, port);
		if (max > 1)
			wildcard(&out[(*n)++], AF_INET, port);
		return WARD_OK;
	}

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_family = bracketed ? AF_INET6 : AF_INET;
	rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc == EAI_NONAME && !bracketed) {
		/* not numeric: a name */
		hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
		hints.ai_family = AF_UNSPEC;
		rc = getaddrinfo(host, colon + 1, &hints, &res);
	}
	if (rc != 0) {
		char why[320];

		snprintf(why, sizeof(why), "cannot resolve %s: %s", host,
			 gai_strerror(rc));
		return fail(err, errlen, spec, why, WARD_ERR_CONFIG);
	}
	for (struct addrinfo *ai = res; ai && *n < max; ai = ai->ai_next) {
		ward_listen_addr *a = &out[*n];

		if (ai->ai_addrlen > sizeof(a->sa))
			continue;
		memset(a, 0, sizeof(*a));
		memcpy(&a->sa, ai->ai_addr, ai->ai_addrlen);
		a->salen = ai->ai_addrlen;
		a->v6only = ai->ai_family == AF_INET6;
		(*n)++;
	}
	freeaddrinfo(res);
	if (*n == 0)
		return fail(err, errlen, spec, "no usable address",
			    WARD_ERR_CONFIG);
	return WARD_OK;
}

void ward_listen_addr_str(const ward_listen_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->sa.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 =
		    (const struct sockaddr_in6 *)&a->sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 =
		    (const struct sockaddr_in *)&a->sa;

		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(s4->sin_port));
	}
}

/* A bound socket; listening unless probe. Returns fd or -1 with errno. */
static int bind_socket(const ward_listen_addr *a, int reuseport, int probe)
{
	int one = 1, fd, e;

	fd = socket(a->sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
		goto bad;
	if (reuseport &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0)
		goto bad;
	if (a->sa.ss_family == AF_INET6) {
		int v6only = a->v6only;

		if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
			       sizeof(v6only)) != 0)
			goto bad;
	}
	if (bind(fd, (const struct sockaddr *)&a->sa, a->salen) != 0)
		goto bad;
	if (!probe && listen(fd, WARD_LISTEN_BACKLOG) != 0)
		goto bad;
	return fd;
bad:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

ward_err ward_listen_open_addr(const ward_listen_addr *a, int *fd, char *err,
			       size_t errlen)
{
	char name[INET6_ADDRSTRLEN + 16];

	*fd = bind_socket(a, 1, 0);
	if (*fd >= 0)
		return WARD_OK;
	ward_listen_addr_str(a, name, sizeof(name));
	return fail(err, errlen, name, strerror(errno), WARD_ERR_IO);
}

ward_err ward_listen_open(const char *spec, int *fd, ward_listen_addr *bound,
			  char *err, size_t errlen)
{
	ward_listen_addr cand[8];
	size_t n;
	int e = 0;

	*fd = -1;
	WARD_TRY(ward_listen_resolve(spec, cand, 8, &n, err, errlen));
	for (size_t i = 0; i < n; i++) {
		ward_listen_addr a = cand[i];
		int probe;

		/* Every socket of a group sets SO_REUSEPORT, so the group
		 * cannot tell another server of the same user from a worker:
		 * a plain bind first fails if anyone listens there, and
		 * learns the port when spec asked for port 0. */
		probe = bind_socket(&a, 0, 1);
		if (probe < 0) {
			e = errno;
			/* Only a missing address family or address moves on to
			 * the next candidate; "in use" or "permission" would
			 * be the same or, worse, silently serve fewer. */
			if (e == EAFNOSUPPORT || e == EADDRNOTAVAIL ||
			    e == EPROTONOSUPPORT)
				continue;
			break;
		}
		a.salen = sizeof(a.sa);
		if (getsockname(probe, (struct sockaddr *)&a.sa, &a.salen) !=
		    0) {
			e = errno;
			close(probe);
			continue;
		}
		close(probe);
		*fd = bind_socket(&a, 1, 0);
		if (*fd < 0) {
			e = errno;
			continue;
		}
		*bound = a;
		return WARD_OK;
	}
	return fail(err, errlen, spec, strerror(e), WARD_ERR_IO);
}

int ward_listen_accept(int lfd, struct sockaddr_storage *peer,
		       socklen_t *peer_len)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int one = 1, fd;

	fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	/* Responses are gathered into one write; Nagle would only delay the
	 * last segment of each. Not fatal if it fails (e.g. AF_UNIX). */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (peer) {
		memcpy(peer, &ss, len < sizeof(ss) ? len : sizeof(ss));
		if (peer_len)
			*peer_len = len;
	}
	return fd;
}

/* ---- the master's sockets ---- */

static ward_listen_group *find_group(const ward_listen_set *set,
				     const char *spec)
{
	for (size_t i = 0; spec && i < set->n; i++)
		if (strcmp(set->g[i].spec, spec) == 0)
			return &set->g[i];
	return NULL;
}

ward_err ward_listen_set_open(ward_listen_set *set, const char *spec,
			      size_t n_slots, char *err, size_t errlen)
{
	ward_listen_group *g = find_group(set, spec);

	WARD_ENSURE(n_slots > 0 && n_slots <= WARD_LISTEN_MAX_SLOTS,
		    WARD_ERR_ARG);
	if (!g) {
		ward_listen_group *v =
		    realloc(set->g, (set->n + 1) * sizeof(*v));
		ward_listen_addr addr;
		int fd;

		WARD_ENSURE(v, WARD_ERR_NOMEM);
		set->g = v;
		WARD_TRY(ward_listen_open(spec, &fd, &addr, err, errlen));
		g = &v[set->n];
		memset(g, 0, sizeof(*g));
		g->addr = addr;
		g->fds = calloc(WARD_LISTEN_MAX_SLOTS, sizeof(int));
		g->spec = strdup(spec);
		if (!g->fds || !g->spec) {
			close(fd);
			free(g->fds);
			free(g->spec);
			return WARD_ERR_NOMEM;
		}
		g->fds[g->n_fds++] = fd;
		set->n++;
	}
	while (g->n_fds < n_slots) {
		int fd;

		WARD_TRY(ward_listen_open_addr(&g->addr, &fd, err, errlen));
		g->fds[g->n_fds++] = fd;
	}
	return WARD_OK;
}

int ward_listen_set_fd(const ward_listen_set *set, const char *spec,
		       size_t slot)
{
	const ward_listen_group *g = find_group(set, spec);

	return g && slot < g->n_fds ? g->fds[slot] : -1;
}

void ward_listen_set_unmark(ward_listen_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		set->g[i].keep = 0;
}

void ward_listen_set_keep(ward_listen_set *set, const char *spec,
			  size_t n_slots)
{
	ward_listen_group *g = find_group(set, spec);

	if (g && g->keep < n_slots)
		g->keep = n_slots;
}

void ward_listen_set_prune(ward_listen_set *set)
{
	size_t out = 0;

	for (size_t i = 0; i < set->n; i++) {
		ward_listen_group *g = &set->g[i];

		while (g->n_fds > g->keep)
			close(g->fds[--g->n_fds]);
		if (g->n_fds == 0) {
			free(g->fds);
			free(g->spec);
			continue;
		}
		set->g[out++] = *g;
	}
	set->n = out;
}

void ward_listen_set_close_except(const ward_listen_set *set, const int *keep,
				  size_t n_keep)
{
	for (size_t i = 0; i < set->n; i++)
		for (size_t j = 0; j < set->g[i].n_fds; j++) {
			int fd = set->g[i].fds[j], kept = 0;

			for (size_t k = 0; k < n_keep; k++)
				kept |= fd == keep[k];
			if (!kept)
				close(fd);
		}
}

void ward_listen_set_free(ward_listen_set *set)
{
	ward_listen_set_unmark(set);
	ward_listen_set_prune(set);
	free(set->g);
	set->g = NULL;
	set->n = 0;
}

/* Listening sockets of `ward serve`.
 *
 * Address forms (one address per spec):
 *   "127.0.0.1:8443"   IPv4
 *   "[::1]:8443"       IPv6, IPV6_V6ONLY so a v4 listener may share the port
 *   ":8443", "*:8443"  every address: [::] dual-stack (0.0.0.0 when the host
 *                      has no IPv6)
 *   "localhost:8443"   a name: getaddrinfo, the first address that binds
 * Sockets are TCP, non-blocking, close-on-exec, SO_REUSEADDR and
 * SO_REUSEPORT, backlog 511. Errors are one line naming the address:
 *   "cannot listen on 127.0.0.1:80: Permission denied"
 */
#ifndef WARD_SERVER_LISTEN_H
#define WARD_SERVER_LISTEN_H

#include <stddef.h>
#include <sys/socket.h>

#include "base/err.h"

#define WARD_LISTEN_BACKLOG 511
#define WARD_LISTEN_ERRLEN 256

typedef struct ward_listen_addr {
	struct sockaddr_storage sa;
	socklen_t salen;
	int v6only; /* IPV6_V6ONLY for an AF_INET6 address */
} ward_listen_addr;

/* Split and resolve spec into at most max candidate addresses. Numeric
 * hosts are parsed without a lookup. On failure err holds the message. */
WARD_MUST_CHECK ward_err ward_listen_resolve(const char *spec,
					     ward_listen_addr *out, size_t max,
					     size_t *n, char *err,
					     size_t errlen);

/* Open a listening socket for spec (the first candidate that binds) into
 * *fd, and the address it is bound to into *bound (with the real port when
 * spec asked for port 0), so that more sockets of the same SO_REUSEPORT
 * group can be opened with ward_listen_open_addr. */
WARD_MUST_CHECK ward_err ward_listen_open(const char *spec, int *fd,
					  ward_listen_addr *bound, char *err,
					  size_t errlen);
WARD_MUST_CHECK ward_err ward_listen_open_addr(const ward_listen_addr *a,
					       int *fd, char *err,
					       size_t errlen);

/* "127.0.0.1:8443", "[::1]:8443". */
void ward_listen_addr_str(const ward_listen_addr *a, char *buf, size_t len);

/* accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC and TCP_NODELAY set. Returns the
 * new fd, or -1 with errno (EAGAIN: nothing to accept). peer may be NULL. */
int ward_listen_accept(int lfd, struct sockaddr_storage *peer,
		       socklen_t *peer_len);

/* ---- the master's sockets ----
 * For each address spec, one SO_REUSEPORT socket per worker slot: the
 * worker in slot i accepts on socket i. The master keeps them open so that
 * a worker's successor in the slot inherits its accept queue. */

typedef struct ward_listen_group {
	char *spec;
	ward_listen_addr addr; /* bound address (real port for port 0) */
	int *fds;	       /* one per slot */
	size_t n_fds;
	size_t keep; /* slots still needed, set by ward_listen_set_keep */
} ward_listen_group;

typedef struct ward_listen_set {
	ward_listen_group *g;
	size_t n;
} ward_listen_set;

#define WARD_LISTEN_MAX_SLOTS 1024

/* Sockets for spec in slots 0..n_slots-1, opening what is missing. The
 * first socket of a new spec is checked with a plain bind, so an address
 * another server listens on fails here (ward_listen_open). */
WARD_MUST_CHECK ward_err ward_listen_set_open(ward_listen_set *set,
					      const char *spec, size_t n_slots,
					      char *err, size_t errlen);
/* The socket of spec in slot, or -1 (also for spec NULL). */
int ward_listen_set_fd(const ward_listen_set *set, const char *spec,
		       size_t slot);
/* Pruning: mark the specs and slot counts still used (after clearing the
 * marks with ward_listen_set_unmark), then prune closes every other socket. */
void ward_listen_set_unmark(ward_listen_set *set);
void ward_listen_set_keep(ward_listen_set *set, const char *spec,
			  size_t n_slots);
void ward_listen_set_prune(ward_listen_set *set);
/* In a worker: close every socket of the set except those in keep[]
 * (-1 entries ignored); the set's memory stays as it is. */
void ward_listen_set_close_except(const ward_listen_set *set, const int *keep,
				  size_t n_keep);
/* Close everything and free. */
void ward_listen_set_free(ward_listen_set *set);

#endif

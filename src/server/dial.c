/* Non-blocking connects, names resolved off the loop (dial.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/dial.h"

struct ward_dial {
	ward_loop *loop;
	ward_io sock;	   /* the socket being connected */
	ward_io ev;	   /* the eventfd, while resolving */
	ward_defer later;  /* the first try of a literal address */
	struct gaicb gcb;
	struct addrinfo hints;
	struct addrinfo literal;
	struct sockaddr_storage literal_sa;
	struct addrinfo *next; /* the address to try */
	int resolving;
	int orphan; /* cancelled while glibc still resolves */
	char host[256], port[8];
	char why[128];
	ward_dial_done done;
	void *arg;
};

/* On one of glibc's threads: only the eventfd is touched. */
static void resolved(union sigval v)
{
	uint64_t one = 1;
	(void)!write(v.sival_int, &one, sizeof one);
}

static void release(ward_dial *d)
{
	ward_defer_cancel(d->loop, &d->later);
	ward_loop_del(d->loop, &d->ev);
	if (d->ev.fd >= 0)
		close(d->ev.fd);
	ward_loop_del(d->loop, &d->sock);
	if (d->sock.fd >= 0)
		close(d->sock.fd);
	if (d->gcb.ar_result)
		freeaddrinfo(d->gcb.ar_result);
	free(d);
}

static void finish(ward_dial *d, int fd)
{
	ward_dial_done done = d->done;
	void *arg = d->arg;
	char why[sizeof d->why];
	memcpy(why, d->why, sizeof why);
	if (fd >= 0) {
		ward_loop_del(d->loop, &d->sock);
		d->sock.fd = -1; /* the caller's now */
	}
	release(d);
	done(arg, fd, fd >= 0 ? NULL : why);
}

static void on_sock(ward_loop *loop, ward_io *io, uint32_t events);

/* Connect to d->next or the addresses after it; report the first that
 * connects, or the last failure. */
static void try_next(ward_dial *d)
{
	for (; d->next; d->next = d->next->ai_next) {
		const struct addrinfo *a = d->next;
		int fd = socket(a->ai_family,
				SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			snprintf(d->why, sizeof d->why, "socket: %s",
				 strerror(errno));
			continue;
		}
		int r;
		do
			r = connect(fd, a->ai_addr, a->ai_addrlen);
		while (r != 0 && errno == EINTR);
		if (r == 0) {
			d->sock.fd = fd;
			finish(d, fd);
			return;
		}
		if (errno == EINPROGRESS) {
			ward_io_init(&d->sock, fd, on_sock);
			if (ward_loop_add(d->loop, &d->sock, WARD_IO_WRITE) ==
			    WARD_OK)
				return;
		}
		snprintf(d->why, sizeof d->why, "%s", strerror(errno));
		close(fd);
		d->sock.fd = -1;
	}
	finish(d, -1);
}

static void on_sock(ward_loop *loop, ward_io *io, uint32_t events)
{
	(void)loop;
	(void)events;
	ward_dial *d = (ward_dial *)((char *)io - offsetof(ward_dial, sock));
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(io->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (!err) {
		finish(d, io->fd);
		return;
	}
	snprintf(d->why, sizeof d->why, "%s", strerror(err));
	ward_loop_del(d->loop, &d->sock);
	close(d->sock.fd);
	d->sock.fd = -1;
	d->next = d->next->ai_next;
	try_next(d);
}

static void on_resolved(ward_loop *loop, ward_io *io, uint32_t events)
{
	(void)loop;
	(void)events;
	ward_dial *d = (ward_dial *)((char *)io - offsetof(ward_dial, ev));
	uint64_t n;
	if (read(io->fd, &n, sizeof n) != sizeof n && errno == EAGAIN)
		return;
	int r = gai_error(&d->gcb);
	if (r == EAI_INPROGRESS)
		return;
	d->resolving = 0;
	ward_loop_del(d->loop, &d->ev);
	close(d->ev.fd);
	d->ev.fd = -1;
	if (d->orphan) {
		release(d);
		return;
	}
	if (r != 0) {
		snprintf(d->why, sizeof d->why, "%s",
			 r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
		finish(d, -1);
		return;
	}
	d->next = d->gcb.ar_result;
	snprintf(d->why, sizeof d->why, "no address");
	try_next(d);
}

static void on_later(ward_loop *loop, ward_defer *df)
{
	(void)loop;
	try_next((ward_dial *)((char *)df - offsetof(ward_dial, later)));
}

/* IPv4 or IPv6 (no brackets): the one address, without resolving. */
static int literal(ward_dial *d, uint16_t port)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)&d->literal_sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&d->literal_sa;
	struct addrinfo *a = &d->literal;
	if (inet_pton(AF_INET, d->host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		a->ai_addrlen = sizeof *v4;
	} else if (inet_pton(AF_INET6, d->host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		a->ai_addrlen = sizeof *v6;
	} else {
		return 0;
	}
	a->ai_family = d->literal_sa.ss_family;
	a->ai_socktype = SOCK_STREAM;
	a->ai_addr = (struct sockaddr *)&d->literal_sa;
	d->next = a;
	return 1;
}

ward_dial *ward_dial_start(ward_loop *loop, const char *host, uint16_t port,
			   ward_dial_done done, void *arg)
{
	ward_dial *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->loop = loop;
	d->done = done;
	d->arg = arg;
	ward_io_init(&d->sock, -1, on_sock);
	ward_io_init(&d->ev, -1, on_resolved);
	ward_defer_init(&d->later, on_later);
	snprintf(d->host, sizeof d->host, "%s", host);
	snprintf(d->port, sizeof d->port, "%u", port);
	snprintf(d->why, sizeof d->why, "no address");
	if (literal(d, port)) {
		ward_loop_defer(loop, &d->later);
		return d;
	}
	d->ev.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (d->ev.fd < 0 || ward_loop_add(loop, &d->ev, WARD_IO_READ)) {
		release(d);
		return NULL;
	}
	d->hints.ai_family = AF_UNSPEC;
	d->hints.ai_socktype = SOCK_STREAM;
	d->hints.ai_flags = AI_NUMERICSERV;
	d->gcb.ar_name = d->host;
	d->gcb.ar_service = d->port;
	d->gcb.ar_request = &d->hints;
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_notify_function = resolved;
	sev.sigev_value.sival_int = d->ev.fd;
	struct gaicb *list[1] = {&d->gcb};
	if (getaddrinfo_a(GAI_NOWAIT, list, 1, &sev) != 0) {
		release(d);
		return NULL;
	}
	d->resolving = 1;
	return d;
}

void ward_dial_cancel(ward_dial *d)
{
	/* not running yet: glibc drops it and never notifies; else its
	 * thread will write to the eventfd, which must stay open till then */
	if (d->resolving && gai_cancel(&d->gcb) != EAI_CANCELED) {
		d->orphan = 1;
		return;
	}
	release(d);
}

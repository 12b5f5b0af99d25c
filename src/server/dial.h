/* Reaching host:port from the event loop without blocking it.
 *
 * A literal address (IPv4, or IPv6 without brackets) is connected at
 * once: a non-blocking connect whose completion is the socket becoming
 * writable (SO_ERROR tells how it went). A name is resolved first with
 * glibc's getaddrinfo_a, which runs getaddrinfo on its own threads; its
 * completion (SIGEV_THREAD) writes to an eventfd that the loop watches,
 * so the loop thread alone touches the dial. The addresses are tried in
 * the order getaddrinfo gives them until one connects.
 *
 * The dial has no deadline of its own: its owner cancels it. */
#ifndef WARD_SERVER_DIAL_H
#define WARD_SERVER_DIAL_H

#include <stdint.h>

#include "server/loop.h"

typedef struct ward_dial ward_dial;

/* done is called once, from the loop and never from inside
 * ward_dial_start, after the dial is freed: fd >= 0 is the connected
 * non-blocking socket (the caller's), else fd is -1 and why says what
 * failed ("connection refused", "no such host"). */
typedef void (*ward_dial_done)(void *arg, int fd, const char *why);

/* NULL when out of memory or descriptors (nothing is called then). */
ward_dial *ward_dial_start(ward_loop *loop, const char *host, uint16_t port,
			   ward_dial_done done, void *arg);
/* Before done: done is never called. A resolution that cannot be
 * stopped finishes on its own and frees itself then. */
void ward_dial_cancel(ward_dial *d);

#endif

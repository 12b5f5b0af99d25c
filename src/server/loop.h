/* The event loop of one process: epoll, timers, deferred callbacks and
 * signals, all on one thread.
 *
 * I/O is LEVEL-TRIGGERED by default: a callback that leaves bytes unread is
 * called again on the next iteration, so a connection may read once per
 * wake-up and never miss an event. WARD_IO_EDGE asks for edge-triggered
 * delivery instead; then the owner must read/write until EAGAIN.
 *
 * The owner embeds the structs (ward_io, ward_timer, ward_defer) in its own
 * objects; the loop never allocates per registration and never frees them.
 *
 * Deletion rule: once ward_loop_del(io) returns, the loop never touches that
 * ward_io again, not even for events already fetched in the current batch.
 * A callback may therefore delete (and free) its own or any other ward_io,
 * cancel any timer, and free the memory at once. The same holds for timers
 * (ward_timer_cancel) and deferred callbacks (ward_defer_cancel).
 *
 * One iteration of ward_loop_run:
 *   1. run the before-wait hooks (e.g. flush the access log), then wait in
 *      epoll_wait until I/O, the next timer, or at once if defers are queued
 *   2. update the cached clock (ward_loop_now)
 *   3. dispatch I/O events (signals arrive here as I/O of the signalfd)
 *   4. fire the expired timers, earliest first (ties: in arming order);
 *      a timer armed during this step fires in a later iteration
 *   5. run the deferred callbacks queued so far, in queue order; those
 *      queued while they run go to the next iteration
 *   6. return if ward_loop_stop was called
 */
#ifndef WARD_SERVER_LOOP_H
#define WARD_SERVER_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct ward_loop ward_loop;

/* Interest (ward_loop_add/mod) and reported events (the callback). */
#define WARD_IO_READ 0x01u  /* readable, or a listener has a connection */
#define WARD_IO_WRITE 0x02u /* writable */
/* Interest: report the peer's half-close (EPOLLRDHUP) as WARD_IO_HUP.
 * Reported: peer half-closed (if asked) or the socket hung up (always). */
#define WARD_IO_HUP 0x04u
#define WARD_IO_ERR 0x08u  /* reported only: error pending on the fd */
#define WARD_IO_EDGE 0x10u /* interest only: edge-triggered */

typedef struct ward_io {
	int fd;
	void (*cb)(ward_loop *loop, struct ward_io *io, uint32_t events);
	uint32_t interest; /* owned by the loop: what was registered */
	int registered;	   /* owned by the loop */
} ward_io;

/* Set fd and cb, clear the loop-owned fields. */
void ward_io_init(ward_io *io, int fd,
		  void (*cb)(ward_loop *, ward_io *, uint32_t));

typedef struct ward_timer {
	void (*cb)(ward_loop *loop, struct ward_timer *t);
	uint64_t deadline_ms; /* owned by the loop: when it fires */
	uint64_t seq;	      /* owned by the loop: arming order, for ties */
	size_t heap_idx;      /* owned by the loop: 0 = not armed */
} ward_timer;

/* A zeroed ward_timer with cb set is valid too. */
void ward_timer_init(ward_timer *t, void (*cb)(ward_loop *, ward_timer *));

typedef struct ward_defer {
	void (*cb)(ward_loop *loop, struct ward_defer *d);
	struct ward_defer *next; /* owned by the loop */
	int queued;		 /* owned by the loop */
} ward_defer;

void ward_defer_init(ward_defer *d, void (*cb)(ward_loop *, ward_defer *));

/* NULL when out of memory or file descriptors. */
ward_loop *ward_loop_new(void);
/* Closes the loop's own descriptors (epoll, signalfd); registered fds and
 * embedded structs are the owners'. Blocked signals stay blocked. Also used
 * in a forked child to drop the parent's loop. */
void ward_loop_free(ward_loop *loop);

/* Register io->fd with the given interest (READ|WRITE|HUP|EDGE; 0 is
 * allowed: only hang-ups and errors are reported). */
WARD_MUST_CHECK ward_err ward_loop_add(ward_loop *loop, ward_io *io,
				       uint32_t interest);
/* Change the interest; no system call when it is unchanged. */
WARD_MUST_CHECK ward_err ward_loop_mod(ward_loop *loop, ward_io *io,
				       uint32_t interest);
/* Unregister (no-op if not registered). Call before closing the fd. */
void ward_loop_del(ward_loop *loop, ward_io *io);

/* Arm to fire ms milliseconds after ward_loop_now; re-arms an armed timer.
 * O(log n). */
void ward_timer_arm(ward_loop *loop, ward_timer *t, uint64_t ms);
/* No-op when not armed. */
void ward_timer_cancel(ward_loop *loop, ward_timer *t);
static inline int ward_timer_armed(const ward_timer *t)
{
	return t->heap_idx != 0;
}

/* Queue d to run after the current events (step 5); no-op if queued. Handy
 * for freeing a connection once no callback of this batch can see it. */
void ward_loop_defer(ward_loop *loop, ward_defer *d);
void ward_defer_cancel(ward_loop *loop, ward_defer *d);

/* Monotonic milliseconds, cached: updated once per iteration (and by
 * ward_loop_update_now). */
uint64_t ward_loop_now(const ward_loop *loop);
uint64_t ward_loop_update_now(ward_loop *loop);

/* Deliver signo through the loop: blocks it in the calling process (do this
 * before creating threads or forking children that should not see it) and
 * reads it from a signalfd. Signals of one kind that arrive together are
 * reported once (as with SIGCHLD: reap in a loop). cb NULL removes the
 * handler and unblocks the signal. */
WARD_MUST_CHECK ward_err ward_loop_signal(ward_loop *loop, int signo,
					  void (*cb)(ward_loop *, int signo,
						     void *arg),
					  void *arg);

/* Run fn before every wait (at most 4 hooks; WARD_ERR_OVERFLOW beyond). */
WARD_MUST_CHECK ward_err ward_loop_before_wait(ward_loop *loop,
					       void (*fn)(ward_loop *, void *),
					       void *arg);

/* Run until ward_loop_stop; WARD_OK, or WARD_ERR_IO if epoll fails. */
WARD_MUST_CHECK ward_err ward_loop_run(ward_loop *loop);
/* Make ward_loop_run return at the end of the current iteration (or at
 * the end of the first iteration of the next run). */
void ward_loop_stop(ward_loop *loop);

/* Registered ward_io and armed timers, for tests and drain checks. */
size_t ward_loop_n_io(const ward_loop *loop);
size_t ward_loop_n_timers(const ward_loop *loop);

#endif

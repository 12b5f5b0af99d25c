/* The event loop: epoll (level-triggered unless WARD_IO_EDGE), a binary
 * min-heap of timers, a FIFO of deferred callbacks, and one signalfd. */
#include "server/loop.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 256
#define MAX_HOOKS 4
#define MAX_SIGNAL 65

typedef struct sig_handler {
	void (*cb)(ward_loop *, int, void *);
	void *arg;
} sig_handler;

typedef struct wait_hook {
	void (*fn)(ward_loop *, void *);
	void *arg;
} wait_hook;

struct ward_loop {
	int epfd;
	uint64_t now;
	int stop;

	/* the batch being dispatched: ward_loop_del clears its entries */
	struct epoll_event events[MAX_EVENTS];
	int n_events;
	int cur_event;

	size_t n_io;

	ward_timer **heap; /* heap[0] unused: 1-based indices */
	size_t heap_len;   /* number of armed timers */
	size_t heap_cap;
	uint64_t timer_seq;

	ward_defer *defer_head;
	ward_defer *defer_tail;
	ward_defer *defer_running; /* detached by run_defers */

	int sigfd;
	ward_io sig_io;
	sigset_t sigmask;
	sig_handler sig[MAX_SIGNAL];

	wait_hook hooks[MAX_HOOKS];
	size_t n_hooks;
};

static uint64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void ward_io_init(ward_io *io, int fd,
		  void (*cb)(ward_loop *, ward_io *, uint32_t))
{
	memset(io, 0, sizeof(*io));
	io->fd = fd;
	io->cb = cb;
}

void ward_timer_init(ward_timer *t, void (*cb)(ward_loop *, ward_timer *))
{
	memset(t, 0, sizeof(*t));
	t->cb = cb;
}

void ward_defer_init(ward_defer *d, void (*cb)(ward_loop *, ward_defer *))
{
	memset(d, 0, sizeof(*d));
	d->cb = cb;
}

ward_loop *ward_loop_new(void)
{
	ward_loop *loop = calloc(1, sizeof(*loop));

	if (!loop)
		return NULL;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		free(loop);
		return NULL;
	}
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	loop->now = monotonic_ms();
	return loop;
}

void ward_loop_free(ward_loop *loop)
{
	if (!loop)
		return;
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	close(loop->epfd);
	free(loop->heap);
	free(loop);
}

/* ---- I/O ---- */

static uint32_t to_epoll(uint32_t interest)
{
	uint32_t ev = 0;

	if (interest & WARD_IO_READ)
		ev |= EPOLLIN;
	if (interest & WARD_IO_WRITE)
		ev |= EPOLLOUT;
	if (interest & WARD_IO_HUP)
		ev |= EPOLLRDHUP;
	if (interest & WARD_IO_EDGE)
		ev |= EPOLLET;
	return ev;
}

static uint32_t from_epoll(uint32_t ev)
{
	uint32_t out = 0;

	if (ev & EPOLLIN)
		out |= WARD_IO_READ;
	if (ev & EPOLLOUT)
		out |= WARD_IO_WRITE;
	if (ev & (EPOLLRDHUP | EPOLLHUP))
		out |= WARD_IO_HUP;
	if (ev & EPOLLERR)
		out |= WARD_IO_ERR;
	return out;
}

static ward_err ctl(ward_loop *loop, int op, ward_io *io, uint32_t interest)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = to_epoll(interest);
	ev.data.ptr = io;
	if (epoll_ctl(loop->epfd, op, io->fd, &ev) != 0)
		return errno == ENOMEM || errno == ENOSPC ? WARD_ERR_NOMEM
							  : WARD_ERR_IO;
	return WARD_OK;
}

ward_err ward_loop_add(ward_loop *loop, ward_io *io, uint32_t interest)
{
	WARD_ENSURE(!io->registered && io->fd >= 0 && io->cb, WARD_ERR_ARG);
	WARD_TRY(ctl(loop, EPOLL_CTL_ADD, io, interest));
	io->interest = interest;
	io->registered = 1;
	loop->n_io++;
	return WARD_OK;
}

ward_err ward_loop_mod(ward_loop *loop, ward_io *io, uint32_t interest)
{
	WARD_ENSURE(io->registered, WARD_ERR_STATE);
	if (interest == io->interest)
		return WARD_OK;
	WARD_TRY(ctl(loop, EPOLL_CTL_MOD, io, interest));
	io->interest = interest;
	return WARD_OK;
}

void ward_loop_del(ward_loop *loop, ward_io *io)
{
	if (!io->registered)
		return;
	/* The fd may already be closed by a careless owner; the kernel has
	 * then dropped it from the set, so an error here is harmless. */
	(void)epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	io->registered = 0;
	io->interest = 0;
	loop->n_io--;
	/* Events of this batch not yet dispatched must not reach io: its
	 * owner may free it as soon as we return. */
	for (int i = loop->cur_event + 1; i < loop->n_events; i++)
		if (loop->events[i].data.ptr == io)
			loop->events[i].data.ptr = NULL;
}

size_t ward_loop_n_io(const ward_loop *loop)
{
	/* the signalfd is the loop's own */
	return loop->n_io - (loop->sig_io.registered ? 1 : 0);
}

/* ---- timers: min-heap on (deadline, seq) ---- */

static int timer_before(const ward_timer *a, const ward_timer *b)
{
	if (a->deadline_ms != b->deadline_ms)
		return a->deadline_ms < b->deadline_ms;
	return a->seq < b->seq;
}

static void heap_set(ward_loop *loop, size_t i, ward_timer *t)
{
	loop->heap[i] = t;
	t->heap_idx = i;
}

static void heap_up(ward_loop *loop, size_t i)
{
	ward_timer *t = loop->heap[i];

	while (i > 1 && timer_before(t, loop->heap[i / 2])) {
		heap_set(loop, i, loop->heap[i / 2]);
		i /= 2;
	}
	heap_set(loop, i, t);
}

static void heap_down(ward_loop *loop, size_t i)
{
	ward_timer *t = loop->heap[i];
	size_t n = loop->heap_len;

	for (;;) {
		size_t c = 2 * i;

		if (c > n)
			break;
		if (c + 1 <= n &&
		    timer_before(loop->heap[c + 1], loop->heap[c]))
			c++;
		if (!timer_before(loop->heap[c], t))
			break;
		heap_set(loop, i, loop->heap[c]);
		i = c;
	}
	heap_set(loop, i, t);
}

static void heap_remove(ward_loop *loop, ward_timer *t)
{
	size_t i = t->heap_idx;
	ward_timer *last = loop->heap[loop->heap_len--];

	t->heap_idx = 0;
	if (last == t)
		return;
	heap_set(loop, i, last);
	if (i > 1 && timer_before(last, loop->heap[i / 2]))
		heap_up(loop, i);
	else
		heap_down(loop, i);
}

void ward_timer_arm(ward_loop *loop, ward_timer *t, uint64_t ms)
{
	if (t->heap_idx)
		heap_remove(loop, t);
	if (loop->heap_len + 1 >= loop->heap_cap) {
		size_t cap = loop->heap_cap ? loop->heap_cap * 2 : 64;
		ward_timer **h = realloc(loop->heap, cap * sizeof(*h));

		/* Running out of memory for a pointer would leave a
		 * connection without its timeout; there is no safe way on. */
		if (!h)
			abort();
		loop->heap = h;
		loop->heap_cap = cap;
	}
	t->deadline_ms = loop->now + ms;
	t->seq = loop->timer_seq++;
	loop->heap_len++;
	heap_set(loop, loop->heap_len, t);
	heap_up(loop, loop->heap_len);
}

void ward_timer_cancel(ward_loop *loop, ward_timer *t)
{
	if (t->heap_idx)
		heap_remove(loop, t);
}

size_t ward_loop_n_timers(const ward_loop *loop)
{
	return loop->heap_len;
}

static void fire_timers(ward_loop *loop)
{
	/* Timers armed from a callback here get seq >= limit and wait for the
	 * next iteration, so a timer re-armed with 0 ms cannot spin. Ordering
	 * by (deadline, seq) puts them behind every expired older timer. */
	uint64_t limit = loop->timer_seq;

	while (loop->heap_len) {
		ward_timer *t = loop->heap[1];

		if (t->deadline_ms > loop->now || t->seq >= limit)
			break;
		heap_remove(loop, t);
		t->cb(loop, t);
	}
}

/* ---- deferred callbacks ---- */

void ward_loop_defer(ward_loop *loop, ward_defer *d)
{
	if (d->queued)
		return;
	d->queued = 1;
	d->next = NULL;
	if (loop->defer_tail)
		loop->defer_tail->next = d;
	else
		loop->defer_head = d;
	loop->defer_tail = d;
}

static int unlink_defer(ward_defer **head, ward_defer **tail, ward_defer *d)
{
	ward_defer *prev = NULL;

	for (ward_defer **pp = head; *pp; pp = &(*pp)->next) {
		if (*pp != d) {
			prev = *pp;
			continue;
		}
		*pp = d->next;
		if (tail && *tail == d)
			*tail = prev;
		return 1;
	}
	return 0;
}

void ward_defer_cancel(ward_loop *loop, ward_defer *d)
{
	if (!d->queued)
		return;
	if (!unlink_defer(&loop->defer_head, &loop->defer_tail, d))
		unlink_defer(&loop->defer_running, NULL, d);
	d->queued = 0;
	d->next = NULL;
}

static void run_defers(ward_loop *loop)
{
	/* Only those queued before we start; those queued by the callbacks
	 * wait for the next iteration, so a defer that re-queues itself
	 * cannot starve I/O. */
	loop->defer_running = loop->defer_head;
	loop->defer_head = loop->defer_tail = NULL;
	while (loop->defer_running) {
		ward_defer *d = loop->defer_running;

		loop->defer_running = d->next;
		d->queued = 0;
		d->next = NULL;
		d->cb(loop, d);
	}
}

/* ---- signals ---- */

static void on_signalfd(ward_loop *loop, ward_io *io, uint32_t events)
{
	struct signalfd_siginfo si[16];
	int seen[MAX_SIGNAL] = {0};
	ssize_t n;

	(void)events;
	/* Collapse repeats of a signal within one read. */
	while ((n = read(io->fd, si, sizeof(si))) > 0) {
		size_t count = (size_t)n / sizeof(si[0]);

		for (size_t i = 0; i < count; i++)
			if (si[i].ssi_signo < MAX_SIGNAL)
				seen[si[i].ssi_signo] = 1;
	}
	for (int s = 1; s < MAX_SIGNAL; s++)
		if (seen[s] && loop->sig[s].cb)
			loop->sig[s].cb(loop, s, loop->sig[s].arg);
}

ward_err ward_loop_signal(ward_loop *loop, int signo,
			  void (*cb)(ward_loop *, int, void *), void *arg)
{
	sigset_t one;
	int fd;

	WARD_ENSURE(signo > 0 && signo < MAX_SIGNAL, WARD_ERR_ARG);
	sigemptyset(&one);
	sigaddset(&one, signo);
	if (!cb) {
		loop->sig[signo].cb = NULL;
		sigdelset(&loop->sigmask, signo);
		if (loop->sigfd >= 0)
			(void)signalfd(loop->sigfd, &loop->sigmask, 0);
		sigprocmask(SIG_UNBLOCK, &one, NULL);
		return WARD_OK;
	}
	/* Blocked first: a signal arriving before the signalfd exists stays
	 * pending and is read from it. */
	WARD_ENSURE(sigprocmask(SIG_BLOCK, &one, NULL) == 0, WARD_ERR_IO);
	sigaddset(&loop->sigmask, signo);
	fd = signalfd(loop->sigfd, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	WARD_ENSURE(fd >= 0, WARD_ERR_IO);
	if (loop->sigfd < 0) {
		loop->sigfd = fd;
		ward_io_init(&loop->sig_io, fd, on_signalfd);
		WARD_TRY(ward_loop_add(loop, &loop->sig_io, WARD_IO_READ));
	}
	loop->sig[signo].cb = cb;
	loop->sig[signo].arg = arg;
	return WARD_OK;
}

/* ---- running ---- */

ward_err ward_loop_before_wait(ward_loop *loop, void (*fn)(ward_loop *, void *),
			       void *arg)
{
	WARD_ENSURE(loop->n_hooks < MAX_HOOKS, WARD_ERR_OVERFLOW);
	loop->hooks[loop->n_hooks].fn = fn;
	loop->hooks[loop->n_hooks].arg = arg;
	loop->n_hooks++;
	return WARD_OK;
}

uint64_t ward_loop_now(const ward_loop *loop)
{
	return loop->now;
}

uint64_t ward_loop_update_now(ward_loop *loop)
{
	loop->now = monotonic_ms();
	return loop->now;
}

void ward_loop_stop(ward_loop *loop)
{
	loop->stop = 1;
}

static int wait_timeout(const ward_loop *loop)
{
	uint64_t d;

	if (loop->defer_head || loop->stop)
		return 0;
	if (!loop->heap_len)
		return -1;
	d = loop->heap[1]->deadline_ms;
	if (d <= loop->now)
		return 0;
	d -= loop->now;
	return d > 24u * 3600 * 1000 ? 24 * 3600 * 1000 : (int)d;
}

static void dispatch(ward_loop *loop)
{
	for (loop->cur_event = 0; loop->cur_event < loop->n_events;
	     loop->cur_event++) {
		struct epoll_event *ev = &loop->events[loop->cur_event];
		ward_io *io = ev->data.ptr;

		if (!io)
			continue; /* deleted by an earlier callback */
		io->cb(loop, io, from_epoll(ev->events));
	}
	loop->n_events = 0;
	loop->cur_event = 0;
}

ward_err ward_loop_run(ward_loop *loop)
{
	for (;;) {
		int n;

		for (size_t i = 0; i < loop->n_hooks; i++)
			loop->hooks[i].fn(loop, loop->hooks[i].arg);
		n = epoll_wait(loop->epfd, loop->events, MAX_EVENTS,
			       wait_timeout(loop));
		if (n < 0 && errno != EINTR)
			return WARD_ERR_IO;
		loop->now = monotonic_ms();
		loop->n_events = n > 0 ? n : 0;
		dispatch(loop);
		fire_timers(loop);
		run_defers(loop);
		if (loop->stop) {
			loop->stop = 0;
			return WARD_OK;
		}
	}
}

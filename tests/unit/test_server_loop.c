/* server/loop: timers, I/O readiness, deletion during dispatch, deferred
 * callbacks, signals. */
#include "test.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/loop.h"

/* ---- timers ---- */

typedef struct rec_timer {
	ward_timer t;
	int id;
	int *log;
	size_t *n_log;
	int stop;
} rec_timer;

static void rec_fire(ward_loop *loop, ward_timer *t)
{
	rec_timer *r = (rec_timer *)t;

	r->log[(*r->n_log)++] = r->id;
	if (r->stop)
		ward_loop_stop(loop);
}

static void rec_init(rec_timer *r, int id, int *log, size_t *n)
{
	memset(r, 0, sizeof(*r));
	ward_timer_init(&r->t, rec_fire);
	r->id = id;
	r->log = log;
	r->n_log = n;
}

static void timers_fire_in_order(void **state)
{
	ward_loop *loop = ward_loop_new();
	rec_timer r[5];
	int log[8];
	size_t n = 0;

	(void)state;
	assert_non_null(loop);
	for (int i = 0; i < 5; i++)
		rec_init(&r[i], i, log, &n);
	/* deadlines count from the clock as it is when they are armed */
	uint64_t t0 = ward_loop_update_now(loop);
	ward_timer_arm(loop, &r[0].t, 30);
	ward_timer_arm(loop, &r[1].t, 10);
	ward_timer_arm(loop, &r[2].t, 20);
	ward_timer_arm(loop, &r[3].t, 10); /* same deadline: after r[1] */
	ward_timer_arm(loop, &r[4].t, 40);
	r[4].stop = 1;
	assert_int_equal(ward_loop_n_timers(loop), 5);
	assert_ok(ward_loop_run(loop));
	assert_true(ward_loop_now(loop) - t0 >= 40);
	assert_int_equal(n, 5);
	assert_int_equal(log[0], 1);
	assert_int_equal(log[1], 3);
	assert_int_equal(log[2], 2);
	assert_int_equal(log[3], 0);
	assert_int_equal(log[4], 4);
	assert_int_equal(ward_loop_n_timers(loop), 0);
	ward_loop_free(loop);
}

static void timer_cancel_and_rearm(void **state)
{
	ward_loop *loop = ward_loop_new();
	rec_timer a, b, c;
	int log[8];
	size_t n = 0;

	(void)state;
	rec_init(&a, 1, log, &n);
	rec_init(&b, 2, log, &n);
	rec_init(&c, 3, log, &n);
	ward_timer_cancel(loop, &a.t); /* not armed: no-op */
	ward_timer_arm(loop, &a.t, 5);
	ward_timer_arm(loop, &b.t, 10);
	ward_timer_arm(loop, &c.t, 60000);
	assert_true(ward_timer_armed(&a.t));
	ward_timer_cancel(loop, &a.t);
	assert_false(ward_timer_armed(&a.t));
	ward_timer_cancel(loop, &a.t);
	/* re-arming an armed timer moves it: c now fires first */
	ward_timer_arm(loop, &c.t, 1);
	b.stop = 1;
	assert_ok(ward_loop_run(loop));
	assert_int_equal(n, 2);
	assert_int_equal(log[0], 3);
	assert_int_equal(log[1], 2);
	ward_loop_free(loop);
}

/* 10000 timers at random deadlines, a third of them cancelled: the rest
 * fire, each once, in deadline order. */
typedef struct many_timer {
	ward_timer t;
	uint64_t deadline;
	int fired;
} many_timer;

static uint64_t last_deadline;
static size_t n_fired, n_expected;
static int order_ok;

static void many_fire(ward_loop *loop, ward_timer *t)
{
	many_timer *m = (many_timer *)t;

	if (m->deadline < last_deadline || m->fired)
		order_ok = 0;
	last_deadline = m->deadline;
	m->fired++;
	if (++n_fired == n_expected)
		ward_loop_stop(loop);
}

static void ten_thousand_timers(void **state)
{
	enum { N = 10000 };
	ward_loop *loop = ward_loop_new();
	many_timer *m = calloc(N, sizeof(*m));
	unsigned seed = 12345;

	(void)state;
	assert_non_null(m);
	n_fired = 0;
	n_expected = 0;
	last_deadline = 0;
	order_ok = 1;
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		ward_timer_init(&m[i].t, many_fire);
		ward_timer_arm(loop, &m[i].t, (seed >> 16) % 50);
		m[i].deadline = m[i].t.deadline_ms;
	}
	assert_int_equal(ward_loop_n_timers(loop), N);
	for (int i = 0; i < N; i += 3)
		ward_timer_cancel(loop, &m[i].t);
	for (int i = 0; i < N; i++)
		n_expected += ward_timer_armed(&m[i].t) ? 1 : 0;
	assert_int_equal(n_expected, N - (N + 2) / 3);
	assert_ok(ward_loop_run(loop));
	assert_true(order_ok);
	assert_int_equal(n_fired, n_expected);
	for (int i = 0; i < N; i++)
		assert_int_equal(m[i].fired, i % 3 == 0 ? 0 : 1);
	free(m);
	ward_loop_free(loop);
}

/* A timer re-armed with 0 ms from its callback fires once per iteration,
 * not in a tight loop inside one. */
static int iterations, rearm_count;

static void count_iteration(ward_loop *loop, void *arg)
{
	(void)loop;
	(void)arg;
	iterations++;
}

static void rearm_fire(ward_loop *loop, ward_timer *t)
{
	if (++rearm_count == 5) {
		ward_loop_stop(loop);
		return;
	}
	ward_timer_arm(loop, t, 0);
}

static void zero_rearm_waits_an_iteration(void **state)
{
	ward_loop *loop = ward_loop_new();
	ward_timer t;

	(void)state;
	iterations = rearm_count = 0;
	assert_ok(ward_loop_before_wait(loop, count_iteration, NULL));
	ward_timer_init(&t, rearm_fire);
	ward_timer_arm(loop, &t, 0);
	assert_ok(ward_loop_run(loop));
	assert_int_equal(rearm_count, 5);
	assert_true(iterations >= 5);
	ward_loop_free(loop);
}

/* ---- I/O ---- */

typedef struct pipe_io {
	ward_io io;
	int peer;
	int calls;
	uint32_t last;
	int consume;
	int stop_after;
	struct pipe_io *victim; /* deleted and freed by our callback */
} pipe_io;

static void pipe_cb(ward_loop *loop, ward_io *io, uint32_t events)
{
	pipe_io *p = (pipe_io *)io;
	char buf[16];

	p->calls++;
	p->last = events;
	if (p->consume && (events & WARD_IO_READ))
		(void)read(io->fd, buf, sizeof(buf));
	if (p->victim) {
		ward_loop_del(loop, &p->victim->io);
		close(p->victim->io.fd);
		close(p->victim->peer);
		free(p->victim);
		p->victim = NULL;
	}
	if (p->calls >= p->stop_after)
		ward_loop_stop(loop);
}

static pipe_io *pipe_new(void)
{
	int sv[2];
	pipe_io *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	assert_int_equal(
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	ward_io_init(&p->io, sv[0], pipe_cb);
	p->peer = sv[1];
	p->stop_after = 1;
	return p;
}

static void pipe_free(ward_loop *loop, pipe_io *p)
{
	ward_loop_del(loop, &p->io);
	close(p->io.fd);
	close(p->peer);
	free(p);
}

static void io_readiness(void **state)
{
	ward_loop *loop = ward_loop_new();
	pipe_io *p = pipe_new();

	(void)state;
	assert_ok(ward_loop_add(loop, &p->io, WARD_IO_READ));
	assert_err(ward_loop_add(loop, &p->io, WARD_IO_READ), WARD_ERR_ARG);
	assert_int_equal(ward_loop_n_io(loop), 1);
	assert_int_equal(write(p->peer, "x", 1), 1);
	assert_ok(ward_loop_run(loop));
	assert_int_equal(p->calls, 1);
	assert_int_equal(p->last, WARD_IO_READ);

	/* level-triggered: the unread byte wakes us again */
	assert_ok(ward_loop_run(loop));
	assert_int_equal(p->calls, 2);

	/* write interest: a socket with room is writable at once */
	p->consume = 1;
	assert_ok(ward_loop_mod(loop, &p->io, WARD_IO_WRITE));
	p->stop_after = 3;
	assert_ok(ward_loop_run(loop));
	assert_int_equal(p->last, WARD_IO_WRITE);

	/* the peer goes away: a hang-up */
	assert_ok(ward_loop_mod(loop, &p->io, WARD_IO_READ | WARD_IO_HUP));
	close(p->peer);
	p->peer = socket(AF_UNIX, SOCK_STREAM, 0); /* for pipe_free */
	p->stop_after = 4;
	assert_ok(ward_loop_run(loop));
	assert_true(p->last & WARD_IO_HUP);

	pipe_free(loop, p);
	assert_int_equal(ward_loop_n_io(loop), 0);
	ward_loop_free(loop);
}

/* Two ready fds; whichever callback runs first deletes and frees the
 * other, whose pending event must then never be dispatched (ASan would see
 * the use after free). */
static void delete_during_dispatch(void **state)
{
	ward_loop *loop = ward_loop_new();
	pipe_io *a = pipe_new(), *b = pipe_new();
	rec_timer r;
	int log[1];
	size_t n = 0;

	(void)state;
	a->victim = b;
	b->victim = a;
	a->stop_after = b->stop_after = 1;
	assert_ok(ward_loop_add(loop, &a->io, WARD_IO_READ));
	assert_ok(ward_loop_add(loop, &b->io, WARD_IO_READ));
	assert_int_equal(write(a->peer, "x", 1), 1);
	assert_int_equal(write(b->peer, "x", 1), 1);
	/* both readable before the loop waits: one batch; the timer only
	 * bounds the test */
	rec_init(&r, 0, log, &n);
	r.stop = 1;
	ward_timer_arm(loop, &r.t, 2000);
	assert_ok(ward_loop_run(loop));
	assert_int_equal(ward_loop_n_io(loop), 1);
	assert_int_equal(n, 0);
	/* the survivor is the one that ran */
	pipe_io *alive = a->calls ? a : b;
	assert_int_equal(alive->calls, 1);
	ward_timer_cancel(loop, &r.t);
	pipe_free(loop, alive);
	ward_loop_free(loop);
}

/* ---- deferred callbacks ---- */

typedef struct defer_rec {
	ward_defer d;
	int runs;
	int requeue;
	int io_calls_seen;
} defer_rec;

static pipe_io *defer_pipe;

static void defer_cb(ward_loop *loop, ward_defer *d)
{
	defer_rec *r = (defer_rec *)d;

	r->runs++;
	r->io_calls_seen = defer_pipe ? defer_pipe->calls : 0;
	if (r->requeue && r->runs < r->requeue)
		ward_loop_defer(loop, d); /* next iteration, not now */
	else
		ward_loop_stop(loop);
}

static void defer_runs_after_events(void **state)
{
	ward_loop *loop = ward_loop_new();
	defer_rec r, never;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&never, 0, sizeof(never));
	ward_defer_init(&r.d, defer_cb);
	ward_defer_init(&never.d, defer_cb);
	defer_pipe = pipe_new();
	defer_pipe->stop_after = 1000;
	defer_pipe->consume = 1;
	assert_ok(ward_loop_add(loop, &defer_pipe->io, WARD_IO_READ));
	assert_int_equal(write(defer_pipe->peer, "x", 1), 1);

	ward_loop_defer(loop, &r.d);
	ward_loop_defer(loop, &r.d); /* already queued: once */
	ward_loop_defer(loop, &never.d);
	ward_defer_cancel(loop, &never.d);
	assert_ok(ward_loop_run(loop));
	assert_int_equal(r.runs, 1);
	assert_int_equal(never.runs, 0);
	/* the I/O of the same iteration ran first */
	assert_int_equal(r.io_calls_seen, 1);

	/* re-queued from its own callback: once per iteration */
	r.runs = 0;
	r.requeue = 3;
	iterations = 0;
	assert_ok(ward_loop_before_wait(loop, count_iteration, NULL));
	ward_loop_defer(loop, &r.d);
	assert_ok(ward_loop_run(loop));
	assert_int_equal(r.runs, 3);
	assert_int_equal(iterations, 3);

	pipe_free(loop, defer_pipe);
	defer_pipe = NULL;
	ward_loop_free(loop);
}

/* ---- signals ---- */

static int sig_seen;

static void on_sig(ward_loop *loop, int signo, void *arg)
{
	sig_seen = signo;
	*(int *)arg += 1;
	ward_loop_stop(loop);
}

static void signal_through_signalfd(void **state)
{
	ward_loop *loop = ward_loop_new();
	int count = 0;
	sigset_t cur;

	(void)state;
	assert_ok(ward_loop_signal(loop, SIGUSR2, on_sig, &count));
	assert_err(ward_loop_signal(loop, 0, on_sig, &count), WARD_ERR_ARG);
	/* blocked, so raise() does not kill us: it waits in the signalfd */
	assert_int_equal(raise(SIGUSR2), 0);
	assert_int_equal(raise(SIGUSR2), 0);
	assert_ok(ward_loop_run(loop));
	assert_int_equal(sig_seen, SIGUSR2);
	assert_int_equal(count, 1);		   /* coalesced */
	assert_int_equal(ward_loop_n_io(loop), 0); /* the signalfd is ours */

	assert_ok(ward_loop_signal(loop, SIGUSR2, NULL, NULL));
	sigprocmask(SIG_BLOCK, NULL, &cur);
	assert_false(sigismember(&cur, SIGUSR2));
	ward_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(timers_fire_in_order),
	    cmocka_unit_test(timer_cancel_and_rearm),
	    cmocka_unit_test(ten_thousand_timers),
	    cmocka_unit_test(zero_rearm_waits_an_iteration),
	    cmocka_unit_test(io_readiness),
	    cmocka_unit_test(delete_during_dispatch),
	    cmocka_unit_test(defer_runs_after_events),
	    cmocka_unit_test(signal_through_signalfd),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* server/replay: the 0-RTT strike register in shared memory, and the
 * Redis store's URLs and failures without a Redis (tests/interop/
 * test_replay_redis.sh runs a real one). */
#include "test.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "server/replay.h"

#define FRESH WARD_TLS_REPLAY_FRESH
#define SEEN WARD_TLS_REPLAY_SEEN
#define UNAVAILABLE WARD_TLS_REPLAY_UNAVAILABLE

/* A key whose first 8 bytes (what picks its home slot) are home, the
 * rest spread from i. */
static void make_key(uint8_t key[32], uint64_t home, uint32_t i)
{
	for (int b = 0; b < 8; b++)
		key[b] = (uint8_t)(home >> (56 - 8 * b));
	for (int b = 8; b < 32; b++)
		key[b] =
		    (uint8_t)((i * 2654435761u) >> (b % 4 * 8)) ^ (uint8_t)b;
	key[31] = (uint8_t)i;
	key[30] = (uint8_t)(i >> 8);
	key[29] = (uint8_t)(i >> 16);
}

static ward_replay *make(size_t entries)
{
	char why[256] = "";
	ward_replay *r = ward_replay_new(entries, NULL, why, sizeof why);
	assert_non_null(r);
	return r;
}

static void fresh_then_seen(void **st)
{
	(void)st;
	ward_replay *r = make(1024);
	uint8_t a[32], b[32];
	make_key(a, 7, 1);
	make_key(b, 7, 2);
	assert_int_equal(ward_replay_check(r, a, 60, 1000), FRESH);
	assert_int_equal(ward_replay_check(r, a, 60, 1000), SEEN);
	assert_int_equal(ward_replay_check(r, a, 60, 1059), SEEN);
	/* same home slot, another key */
	assert_int_equal(ward_replay_check(r, b, 60, 1000), FRESH);
	assert_int_equal(ward_replay_check(r, b, 60, 1001), SEEN);
	assert_int_equal(ward_replay_count(r, 1000), 2);
	/* the callback the engine takes, on the wall clock */
	ward_tls_replay_check_fn fn = ward_replay_tls_check;
	uint8_t c[32];
	make_key(c, 99, 3);
	assert_int_equal(fn(r, c, 60), FRESH);
	assert_int_equal(fn(r, c, 60), SEEN);
	ward_replay_free(r);
}

static void expiry_frees_a_slot(void **st)
{
	(void)st;
	/* 8 entries: every key probes the whole table */
	ward_replay *r = make(8);
	uint8_t k[32];
	for (uint32_t i = 0; i < 8; i++) {
		make_key(k, i * 977, i);
		assert_int_equal(ward_replay_check(r, k, 10, 1000), FRESH);
	}
	uint8_t late[32];
	make_key(late, 3, 100);
	assert_int_equal(ward_replay_check(r, late, 10, 1009), UNAVAILABLE);
	assert_int_equal(ward_replay_count(r, 1009), 8);
	/* at now == expiry an entry is free again */
	assert_int_equal(ward_replay_check(r, late, 10, 1010), FRESH);
	assert_int_equal(ward_replay_check(r, late, 10, 1015), SEEN);
	assert_int_equal(ward_replay_count(r, 1010), 1);
	/* ttl 0 counts as 1 second, never as already expired */
	uint8_t z[32];
	make_key(z, 5, 200);
	assert_int_equal(ward_replay_check(r, z, 0, 2000), FRESH);
	assert_int_equal(ward_replay_check(r, z, 0, 2000), SEEN);
	assert_int_equal(ward_replay_check(r, z, 0, 2001), FRESH);
	ward_replay_free(r);
}

static void full_is_unavailable(void **st)
{
	(void)st;
	/* a big table, but all keys on one home slot: the probe bound is
	 * what fills */
	ward_replay *r = make(4096);
	uint8_t k[32];
	for (uint32_t i = 0; i < WARD_REPLAY_PROBES; i++) {
		make_key(k, 100, i);
		assert_int_equal(ward_replay_check(r, k, 60, 1000), FRESH);
	}
	for (uint32_t i = WARD_REPLAY_PROBES; i < WARD_REPLAY_PROBES + 5; i++) {
		make_key(k, 100, i);
		assert_int_equal(ward_replay_check(r, k, 60, 1000),
				 UNAVAILABLE);
		/* and still not recorded: never FRESH later while full */
		assert_int_equal(ward_replay_check(r, k, 60, 1001),
				 UNAVAILABLE);
	}
	/* the recorded ones are still SEEN */
	make_key(k, 100, 0);
	assert_int_equal(ward_replay_check(r, k, 60, 1000), SEEN);
	make_key(k, 100, WARD_REPLAY_PROBES - 1);
	assert_int_equal(ward_replay_check(r, k, 60, 1000), SEEN);
	/* other homes are not affected */
	make_key(k, 2000, 1);
	assert_int_equal(ward_replay_check(r, k, 60, 1000), FRESH);
	/* the window wraps around the end of the table */
	for (uint32_t i = 0; i < WARD_REPLAY_PROBES; i++) {
		make_key(k, 4095, 1000 + i);
		assert_int_equal(ward_replay_check(r, k, 60, 1000), FRESH);
	}
	ward_replay_free(r);
}

/* Several processes check the same keys at once, in the same order:
 * each key is FRESH for exactly one of them. */
static void processes_race(void **st)
{
	(void)st;
	enum { KEYS = 100000, PROCS = 4 };
	ward_replay *r = make(4 * KEYS);
	uint8_t *res = mmap(NULL, PROCS * KEYS, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(res != MAP_FAILED);
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t kids[PROCS];
	for (int c = 0; c < PROCS; c++) {
		kids[c] = fork();
		assert_true(kids[c] >= 0);
		if (kids[c] == 0) {
			char x;
			close(go[1]);
			/* all start when the parent closes the pipe */
			if (read(go[0], &x, 1) != 0)
				_exit(3);
			uint8_t k[32];
			for (uint32_t i = 0; i < KEYS; i++) {
				make_key(k, (uint64_t)i * 40503u, i);
				res[c * KEYS + i] =
				    (uint8_t)ward_replay_check(r, k, 60, 1000);
			}
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int c = 0; c < PROCS; c++) {
		int status;
		assert_int_equal(waitpid(kids[c], &status, 0), kids[c]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (uint32_t i = 0; i < KEYS; i++) {
		int fresh = 0, seen = 0;
		for (int c = 0; c < PROCS; c++) {
			fresh += res[c * KEYS + i] == FRESH;
			seen += res[c * KEYS + i] == SEEN;
		}
		if (fresh != 1 || seen != PROCS - 1)
			fail_msg("key %u: %d FRESH, %d SEEN", i, fresh, seen);
	}
	assert_int_equal(ward_replay_count(r, 1000), KEYS);
	munmap(res, PROCS * KEYS);
	ward_replay_free(r);
}

/* A worker killed while it holds the lock does not stop the others, and
 * what was recorded stays recorded. */
static void dead_lock_holder(void **st)
{
	(void)st;
	ward_replay *r = make(64);
	uint8_t k[32];
	make_key(k, 1, 1);
	assert_int_equal(ward_replay_check(r, k, 60, 1000), FRESH);
	/* the lock is the register's first member (replay.c) */
	pthread_mutex_t *lock = *(pthread_mutex_t **)r;
	pid_t kid = fork();
	assert_true(kid >= 0);
	if (kid == 0) {
		pthread_mutex_lock(lock);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(kid, &status, 0), kid);
	assert_int_equal(ward_replay_check(r, k, 60, 1000), SEEN);
	make_key(k, 1, 2);
	assert_int_equal(ward_replay_check(r, k, 60, 1000), FRESH);
	ward_replay_free(r);
}

static void bad_arguments(void **st)
{
	(void)st;
	char why[256] = "";
	assert_null(ward_replay_new(0, NULL, why, sizeof why));
	assert_non_null(strstr(why, "entries"));
	assert_null(ward_replay_new(WARD_REPLAY_MAX_ENTRIES + 1, NULL, why,
				    sizeof why));
	static const char *urls[] = {
	    "http://127.0.0.1:6379",
	    "redis://",
	    "redis://:6379",
	    "redis://127.0.0.1:0",
	    "redis://127.0.0.1:65536",
	    "redis://127.0.0.1:63x9",
	    "redis://127.0.0.1/16",
	    "redis://127.0.0.1/db",
	    "redis://[::1",
	    "redis://[::1]x",
	    "redis://user:pw@127.0.0.1",
	    "REDIS://127.0.0.1",
	};
	for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
		why[0] = 0;
		assert_null(ward_replay_new(16, urls[i], why, sizeof why));
		if (!strstr(why, urls[i]))
			fail_msg("%s: %s", urls[i], why);
	}
	static const char *good[] = {
	    "redis://127.0.0.1",       "redis://127.0.0.1:6380",
	    "redis://127.0.0.1:6380/", "redis://127.0.0.1:6380/15",
	    "redis://[::1]:6379/2",    "redis://localhost/1",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		ward_replay *r = ward_replay_new(16, good[i], why, sizeof why);
		if (!r)
			fail_msg("%s: %s", good[i], why);
		ward_replay_free(r);
	}
}

static int64_t ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A port with nobody on it: the store is UNAVAILABLE at once, and a
 * FRESH local record does not make it FRESH. */
static void redis_refused(void **st)
{
	(void)st;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s);
	char url[64], why[256];
	snprintf(url, sizeof url, "redis://127.0.0.1:%u", ntohs(a.sin_port));
	ward_replay *r = ward_replay_new(64, url, why, sizeof why);
	assert_non_null(r);
	uint8_t k[32];
	for (uint32_t i = 0; i < 3; i++) {
		make_key(k, 9, i);
		int64_t t0 = ms_now();
		assert_int_equal(ward_replay_check(r, k, 60, 1000),
				 UNAVAILABLE);
		assert_true(ms_now() - t0 < 100);
		/* the local register recorded it: a replay is SEEN */
		assert_int_equal(ward_replay_check(r, k, 60, 1000), SEEN);
	}
	ward_replay_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fresh_then_seen),
	    cmocka_unit_test(expiry_frees_a_slot),
	    cmocka_unit_test(full_is_unavailable),
	    cmocka_unit_test(processes_race),
	    cmocka_unit_test(dead_lock_holder),
	    cmocka_unit_test(bad_arguments),
	    cmocka_unit_test(redis_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

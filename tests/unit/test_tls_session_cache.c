/* tls/session_cache: the bounded, LRU, shared session-ID cache.
 *
 * Store and look up, replacement, the bound with least-recently-used
 * eviction (a lookup counts as a use), expiry, removal, bad arguments,
 * and two processes storing into one MAP_SHARED cache at once.
 */
#include "test.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tls/session_cache.h"

static ward_session_cache *make(size_t entries, void **region, size_t *bytes)
{
	*bytes = ward_session_cache_bytes(entries);
	assert_true(*bytes > 0);
	*region = mmap(NULL, *bytes, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(*region != MAP_FAILED);
	ward_session_cache *sc;
	assert_ok(ward_session_cache_init(*region, *bytes, entries, &sc));
	return sc;
}

static void id_of(uint32_t n, uint8_t *id)
{
	memset(id, 0, 32);
	memcpy(id, &n, sizeof n);
	id[31] = 0xa5;
}

static void put(ward_session_cache *sc, uint32_t n, int64_t now,
		int64_t expires)
{
	uint8_t id[32], state[64];
	id_of(n, id);
	memset(state, (int)(n & 0xff), sizeof state);
	assert_ok(ward_session_cache_store(sc, id, sizeof id, now, expires,
					   state, 1 + n % 64));
}

/* 1 when n is there with its state */
static int has(ward_session_cache *sc, uint32_t n, int64_t now)
{
	uint8_t id[32], out[WARD_SESSION_STATE_MAX];
	size_t len = 0;
	id_of(n, id);
	if (ward_session_cache_lookup(sc, id, sizeof id, now, out, sizeof out,
				      &len) != WARD_OK)
		return 0;
	assert_int_equal(len, 1 + n % 64);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(out[i], n & 0xff);
	return 1;
}

static void store_lookup_replace_remove(void **st)
{
	(void)st;
	void *region;
	size_t bytes;
	ward_session_cache *sc = make(8, &region, &bytes);
	assert_int_equal(has(sc, 1, 0), 0);
	put(sc, 1, 0, 100);
	put(sc, 2, 0, 100);
	assert_int_equal(ward_session_cache_count(sc), 2);
	assert_int_equal(has(sc, 1, 50), 1);
	assert_int_equal(has(sc, 2, 50), 1);
	/* the same ID again replaces, not adds */
	uint8_t id[32], out[600], big[WARD_SESSION_STATE_MAX + 1] = {0};
	size_t len;
	id_of(1, id);
	assert_ok(ward_session_cache_store(sc, id, 32, 0, 100,
					   (const uint8_t *)"new", 3));
	assert_int_equal(ward_session_cache_count(sc), 2);
	assert_ok(
	    ward_session_cache_lookup(sc, id, 32, 1, out, sizeof out, &len));
	assert_int_equal(len, 3);
	assert_memory_equal(out, "new", 3);
	/* a shorter ID with the same first bytes is another ID */
	assert_err(
	    ward_session_cache_lookup(sc, id, 31, 1, out, sizeof out, &len),
	    WARD_ERR_NOT_FOUND);
	/* a state that does not fit the caller's buffer is not copied */
	assert_err(ward_session_cache_lookup(sc, id, 32, 1, out, 2, &len),
		   WARD_ERR_NOT_FOUND);
	ward_session_cache_remove(sc, id, 32);
	assert_int_equal(has(sc, 1, 1), 0);
	assert_int_equal(ward_session_cache_count(sc), 1);

	assert_err(ward_session_cache_store(sc, id, 0, 0, 100, out, 1),
		   WARD_ERR_ARG);
	assert_err(ward_session_cache_store(sc, id, 33, 0, 100, out, 1),
		   WARD_ERR_ARG);
	assert_err(
	    ward_session_cache_store(sc, id, 32, 0, 100, big, sizeof big),
	    WARD_ERR_ARG);
	assert_err(
	    ward_session_cache_lookup(sc, id, 0, 1, out, sizeof out, &len),
	    WARD_ERR_NOT_FOUND);
	ward_session_cache_wipe(sc);
	assert_int_equal(ward_session_cache_count(sc), 0);
	assert_int_equal(has(sc, 2, 1), 0);
	munmap(region, bytes);
}

/* Full: the least recently used goes, a lookup making an entry recent. */
static void bound_and_lru_order(void **st)
{
	(void)st;
	void *region;
	size_t bytes;
	ward_session_cache *sc = make(4, &region, &bytes);
	for (uint32_t n = 1; n <= 4; n++)
		put(sc, n, 0, 100);
	assert_int_equal(has(sc, 1, 1), 1); /* 1 is now the most recent */
	put(sc, 5, 0, 100);		    /* evicts 2 */
	assert_int_equal(ward_session_cache_count(sc), 4);
	assert_int_equal(has(sc, 2, 1), 0);
	put(sc, 6, 0, 100); /* evicts 3 */
	assert_int_equal(has(sc, 3, 1), 0);
	assert_int_equal(has(sc, 1, 1), 1);
	assert_int_equal(has(sc, 4, 1), 1);
	assert_int_equal(has(sc, 5, 1), 1);
	assert_int_equal(has(sc, 6, 1), 1);
	/* many more than fit: the count stays at the bound */
	for (uint32_t n = 100; n < 1100; n++)
		put(sc, n, 0, 100);
	assert_int_equal(ward_session_cache_count(sc), 4);
	for (uint32_t n = 1096; n < 1100; n++)
		assert_int_equal(has(sc, n, 1), 1);
	assert_int_equal(has(sc, 1095, 1), 0);
	munmap(region, bytes);

	assert_int_equal(ward_session_cache_bytes(0), 0);
	assert_int_equal(
	    ward_session_cache_bytes(WARD_SESSION_CACHE_MAX_ENTRIES + 1), 0);
	uint8_t small[64];
	ward_session_cache *none;
	assert_err(ward_session_cache_init(small, sizeof small, 4, &none),
		   WARD_ERR_ARG);
}

static void entries_expire(void **st)
{
	(void)st;
	void *region;
	size_t bytes;
	ward_session_cache *sc = make(4, &region, &bytes);
	put(sc, 1, 1000, 1010);
	put(sc, 2, 1000, 2000);
	assert_int_equal(has(sc, 1, 1009), 1);
	assert_int_equal(has(sc, 1, 1010), 0);
	/* the expired entry was removed by the lookup */
	assert_int_equal(ward_session_cache_count(sc), 1);
	assert_int_equal(has(sc, 1, 1000), 0);
	assert_int_equal(has(sc, 2, 1999), 1);
	/* already expired: not stored */
	put(sc, 3, 1000, 1000);
	assert_int_equal(ward_session_cache_count(sc), 1);
	munmap(region, bytes);
}

/* Two processes store 300 sessions each into one shared cache with room
 * for all, at once: every one is found afterwards, in either. */
static void two_processes_share_it(void **st)
{
	(void)st;
	void *region;
	size_t bytes;
	ward_session_cache *sc = make(1000, &region, &bytes);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (uint32_t n = 0; n < 300; n++) {
			uint8_t id[32], state[8] = {0};
			id_of(10000 + n, id);
			state[0] = (uint8_t)n;
			if (ward_session_cache_store(sc, id, 32, 0, 100, state,
						     sizeof state) != WARD_OK)
				_exit(1);
		}
		_exit(0);
	}
	for (uint32_t n = 0; n < 300; n++)
		put(sc, 20000 + n, 0, 100);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(ward_session_cache_count(sc), 600);
	for (uint32_t n = 0; n < 300; n++) {
		uint8_t id[32], out[16];
		size_t len;
		id_of(10000 + n, id);
		assert_ok(ward_session_cache_lookup(sc, id, 32, 1, out,
						    sizeof out, &len));
		assert_int_equal(len, 8);
		assert_int_equal(out[0], (uint8_t)n);
		assert_int_equal(has(sc, 20000 + n, 1), 1);
	}
	munmap(region, bytes);
}

/* A process that dies holding the lock (the lock is the first member of
 * the cache, session_cache.c): the next locker empties the cache and goes
 * on, instead of waiting forever. */
static void a_dead_holder_costs_the_sessions_only(void **st)
{
	(void)st;
	void *region;
	size_t bytes;
	ward_session_cache *sc = make(8, &region, &bytes);
	put(sc, 1, 0, 100);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pthread_mutex_lock((pthread_mutex_t *)region);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(has(sc, 1, 1), 0);
	assert_int_equal(ward_session_cache_count(sc), 0);
	put(sc, 2, 0, 100);
	assert_int_equal(has(sc, 2, 1), 1);
	munmap(region, bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(store_lookup_replace_remove),
	    cmocka_unit_test(bound_and_lru_order),
	    cmocka_unit_test(entries_expire),
	    cmocka_unit_test(two_processes_share_it),
	    cmocka_unit_test(a_dead_holder_costs_the_sessions_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

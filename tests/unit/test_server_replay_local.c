/* The in-process strike register for 0-RTT (server/replay_local.h). */
#include <stdlib.h>

#include "test.h"

#include "server/replay_local.h"

static time_t now_value;
static time_t clock_now(void *ctx)
{
	(void)ctx;
	return now_value;
}

static ward_replay_local *make(void)
{
	ward_replay_local *r = malloc(sizeof *r);
	assert_non_null(r);
	ward_replay_local_init(r);
	r->now = clock_now;
	now_value = 1780000000;
	return r;
}

static void once_per_ticket(void **state)
{
	(void)state;
	ward_replay_local *r = make();
	uint8_t a[32], b[32];
	memset(a, 0xaa, sizeof a);
	memset(b, 0xbb, sizeof b);
	assert_int_equal(ward_replay_local_check(r, a, 60),
			 WARD_TLS_REPLAY_FRESH);
	assert_int_equal(ward_replay_local_check(r, a, 60),
			 WARD_TLS_REPLAY_SEEN);
	assert_int_equal(ward_replay_local_check(r, b, 60),
			 WARD_TLS_REPLAY_FRESH);
	/* kept for the ticket's lifetime (and a second), then forgotten */
	now_value += 60;
	assert_int_equal(ward_replay_local_check(r, a, 60),
			 WARD_TLS_REPLAY_SEEN);
	now_value += 1;
	assert_int_equal(ward_replay_local_check(r, a, 60),
			 WARD_TLS_REPLAY_FRESH);
	free(r);
}

static void full_neighbourhood_cannot_tell(void **state)
{
	(void)state;
	ward_replay_local *r = make();
	uint8_t k[32];
	memset(k, 0, sizeof k);
	/* keys with one index fill its probe sequence */
	for (int i = 0; i < WARD_REPLAY_LOCAL_PROBE; i++) {
		k[31] = (uint8_t)i;
		assert_int_equal(ward_replay_local_check(r, k, 600),
				 WARD_TLS_REPLAY_FRESH);
	}
	k[31] = 0xff;
	assert_int_equal(ward_replay_local_check(r, k, 600),
			 WARD_TLS_REPLAY_UNAVAILABLE);
	/* what it has it still knows */
	k[31] = 3;
	assert_int_equal(ward_replay_local_check(r, k, 600),
			 WARD_TLS_REPLAY_SEEN);
	/* expired slots are taken again */
	now_value += 602;
	k[31] = 0xff;
	assert_int_equal(ward_replay_local_check(r, k, 600),
			 WARD_TLS_REPLAY_FRESH);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(once_per_ticket),
	    cmocka_unit_test(full_neighbourhood_cannot_tell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

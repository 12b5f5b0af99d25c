/* A strike register for 0-RTT early data (RFC 8446 8.1) inside one
 * process: the tickets early data was accepted on, until their lifetime
 * ends, in a fixed table (no allocation after init). It answers the
 * engine's replay check (tls/tls.h): FRESH once per ticket, SEEN after,
 * UNAVAILABLE when the table has no room for it (then early data is
 * declined, never accepted unchecked).
 *
 * One process only: `ward serve` uses it with a single worker; with
 * several, a flight replayed to another worker would not be caught, so
 * early data needs a register they share. What it holds dies with the
 * worker: a worker restarted (a crash, a reload) accepts early data once
 * more on tickets its predecessor saw, within their lifetime. */
#ifndef WARD_SERVER_REPLAY_LOCAL_H
#define WARD_SERVER_REPLAY_LOCAL_H

#include <stdint.h>
#include <time.h>

#include "tls/tls.h"

#define WARD_REPLAY_LOCAL_SLOTS 4096
/* slots looked at for one key: a full neighbourhood is UNAVAILABLE */
#define WARD_REPLAY_LOCAL_PROBE 8

typedef struct ward_replay_local {
	struct {
		uint8_t key[32];
		int64_t expires; /* 0: empty */
	} slot[WARD_REPLAY_LOCAL_SLOTS];
	time_t (*now)(void *ctx); /* NULL: time(NULL) */
	void *now_ctx;
} ward_replay_local;

void ward_replay_local_init(ward_replay_local *r);
/* A ward_tls_replay_check_fn; ctx is the register. */
ward_tls_replay_verdict
ward_replay_local_check(void *ctx, const uint8_t key[32], uint32_t ttl_seconds);

#endif

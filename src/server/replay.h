/* Anti-replay for 0-RTT early data (RFC 8446 8): a strike register of the
 * tickets that carried early data, so each ticket does so once.
 *
 * The key is SHA-256 of the ticket's PSK identity (the engine computes it
 * once the binder has verified); the tickets are single-use for early data
 * (RFC 8446 8.1). Two places can hold the record:
 *
 * - the local register: a fixed table of entries (key + expiry, 40 bytes
 *   each) in shared memory made by the master before the workers fork, so
 *   a ticket used on one worker is SEEN on every other. Open addressing
 *   with at most WARD_REPLAY_PROBES slots probed per key; an expired entry
 *   is free. When no slot in a key's probe window is free, the register
 *   cannot record the key and says UNAVAILABLE, never FRESH.
 * - Redis (--replay-store redis://HOST[:PORT][/DB]), shared by several
 *   instances: SET ward:replay:<hex key> 1 NX EX <ttl> records atomically
 *   across them. Each worker keeps one connection, made lazily in the
 *   worker (never inherited through fork). Its I/O blocks the worker's
 *   event loop, bounded to WARD_REPLAY_REDIS_TIMEOUT_MS: acceptable for
 *   one round trip to a server on loopback or the LAN, made only for
 *   handshakes that offer early data; after a failure Redis is not asked
 *   again for WARD_REPLAY_REDIS_BACKOFF_MS, so a dead Redis costs nothing
 *   per handshake (redis.h).
 *
 * The order: the local register first; SEEN there is SEEN (no round
 * trip). Without Redis its answer is the verdict. With Redis, Redis is the
 * authority: its answer is the verdict whatever the local said (FRESH, or
 * UNAVAILABLE when full); a FRESH from the local alone is never enough.
 * Every failure errs to UNAVAILABLE: early data is rejected and the
 * handshake goes on in 1-RTT.
 */
#ifndef WARD_SERVER_REPLAY_H
#define WARD_SERVER_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/err.h"
#include "tls/tls.h"


#define WARD_REPLAY_KEY_LEN 32
#define WARD_REPLAY_PROBES 32
#define WARD_REPLAY_DEFAULT_ENTRIES 65536
#define WARD_REPLAY_MAX_ENTRIES (1u << 24)
/* a ticket lives at most 7 days (RFC 8446 4.6.1) */
#define WARD_REPLAY_MAX_TTL (7u * 86400u)

typedef struct ward_replay ward_replay;

/* Bytes of shared memory a register of `entries` entries takes. */
size_t ward_replay_bytes(size_t entries);

/* A register of `entries` (1 .. WARD_REPLAY_MAX_ENTRIES) entries in new
 * shared memory, and with redis_url (NULL: none) the Redis store too
 * (its host is resolved now; no connection is made). NULL with a reason
 * in *why, naming the URL when it is at fault. Call before forking the
 * processes that share it. */
ward_replay *ward_replay_new(size_t entries, const char *redis_url, char *why,
			     size_t whylen);
void ward_replay_free(ward_replay *r);

/* Check key and record it until now + ttl (ttl clamped to
 * 1 .. WARD_REPLAY_MAX_TTL): check and insert are one step under the
 * register's lock, and one SET NX in Redis. */
ward_tls_replay_verdict
ward_replay_check(ward_replay *r, const uint8_t key[WARD_REPLAY_KEY_LEN],
		  uint32_t ttl, time_t now);

/* The engine's callback (a ward_tls_replay_check_fn): ctx is the
 * ward_replay, now is the wall clock. For
 * ward_tls_config_set_replay_check(cfg, ward_replay_tls_check, r). */
ward_tls_replay_verdict
ward_replay_tls_check(void *ctx, const uint8_t key[WARD_REPLAY_KEY_LEN],
		      uint32_t ttl);

/* Live entries in the local register (for tests and logs). */
size_t ward_replay_count(ward_replay *r, time_t now);

#endif

/* The replay store's Redis client: one command, SET NX EX, on one
 * connection per process.
 *
 * The connection is made lazily by the process that asks (a worker), and
 * remade by a process that did not make it (after fork), so no two
 * processes share one. Each exchange blocks its caller: connecting,
 * sending and the reply together take at most
 * WARD_REPLAY_REDIS_TIMEOUT_MS (poll), and any failure (refused, reset,
 * timeout, a reply other than +OK or a null bulk) is UNAVAILABLE, closes
 * the connection (so a late reply cannot answer a later command), and
 * makes the next WARD_REPLAY_REDIS_BACKOFF_MS of calls UNAVAILABLE at
 * once, without touching the network.
 */
#ifndef WARD_SERVER_REDIS_H
#define WARD_SERVER_REDIS_H

#include <stddef.h>
#include <stdint.h>

#include "server/replay.h"

#define WARD_REPLAY_REDIS_TIMEOUT_MS 100
#define WARD_REPLAY_REDIS_BACKOFF_MS 1000
#define WARD_REDIS_DEFAULT_PORT 6379

typedef struct ward_redis ward_redis;

/* redis://HOST[:PORT][/DB]: HOST a name, an IPv4 address or [IPv6];
 * PORT 1..65535 (default 6379); DB 0..15 (default 0). The host is
 * resolved now, once. NULL with the reason in *why (which quotes the
 * URL). */
ward_redis *ward_redis_new(const char *url, char *why, size_t whylen);
void ward_redis_free(ward_redis *r);

/* SET ward:replay:<64 hex digits of key> 1 NX EX ttl: +OK is FRESH, a
 * null bulk ($-1) SEEN, anything else UNAVAILABLE. */
ward_tls_replay_verdict
ward_redis_set_nx(ward_redis *r, const uint8_t key[WARD_REPLAY_KEY_LEN],
		  uint32_t ttl);

#endif

/* A strike register for 0-RTT inside one process (server/replay_local.h). */
#include <string.h>

#include "server/replay_local.h"

void ward_replay_local_init(ward_replay_local *r)
{
	memset(r, 0, sizeof *r);
}

ward_tls_replay_verdict
ward_replay_local_check(void *ctx, const uint8_t key[32], uint32_t ttl_seconds)
{
	ward_replay_local *r = ctx;
	int64_t now = (int64_t)(r->now ? r->now(r->now_ctx) : time(NULL));
	/* the key is a SHA-256 value: its first bytes are a fine index */
	uint64_t h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | key[i];
	size_t free_at = WARD_REPLAY_LOCAL_SLOTS;
	for (size_t i = 0; i < WARD_REPLAY_LOCAL_PROBE; i++) {
		size_t at = (size_t)((h + i) % WARD_REPLAY_LOCAL_SLOTS);
		int live = r->slot[at].expires > now;
		if (live && !memcmp(r->slot[at].key, key, 32))
			return WARD_TLS_REPLAY_SEEN;
		if (!live && free_at == WARD_REPLAY_LOCAL_SLOTS)
			free_at = at;
	}
	if (free_at == WARD_REPLAY_LOCAL_SLOTS)
		return WARD_TLS_REPLAY_UNAVAILABLE;
	memcpy(r->slot[free_at].key, key, 32);
	/* a second more: the ticket's age is counted in whole seconds */
	r->slot[free_at].expires = now + (int64_t)ttl_seconds + 1;
	return WARD_TLS_REPLAY_FRESH;
}

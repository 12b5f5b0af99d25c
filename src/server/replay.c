/* The 0-RTT strike register (replay.h): a table of fixed entries in
 * shared memory, then Redis when configured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/redis.h"
#include "server/replay.h"
#include "server/shm.h"

typedef struct slot {
	uint8_t key[WARD_REPLAY_KEY_LEN];
	/* live while now < expires; 0: never used */
	int64_t expires;
} slot;

typedef struct reg {
	pthread_mutex_t lock;
	uint64_t n;
	/* then slot slots[n] */
} reg;

struct ward_replay {
	reg *reg;
	size_t bytes;
	ward_redis *redis; /* NULL: the local register alone */
};

static slot *slots(reg *g)
{
	return (slot *)(g + 1);
}

size_t ward_replay_bytes(size_t entries)
{
	if (entries == 0 || entries > WARD_REPLAY_MAX_ENTRIES)
		return 0;
	return sizeof(reg) + entries * sizeof(slot);
}

ward_replay *ward_replay_new(size_t entries, const char *redis_url, char *why,
			     size_t whylen)
{
	size_t bytes = ward_replay_bytes(entries);
	if (!bytes) {
		snprintf(why, whylen, "the register takes 1 to %u entries",
			 WARD_REPLAY_MAX_ENTRIES);
		return NULL;
	}
	ward_replay *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	/* fresh anonymous memory is zero: every slot is unused */
	r->reg = ward_shm_map(bytes);
	r->bytes = bytes;
	if (!r->reg || ward_shm_lock_init(&r->reg->lock) != WARD_OK) {
		snprintf(why, whylen, "cannot map %zu bytes of shared memory",
			 bytes);
		ward_replay_free(r);
		return NULL;
	}
	r->reg->n = entries;
	if (redis_url && !(r->redis = ward_redis_new(redis_url, why, whylen))) {
		ward_replay_free(r);
		return NULL;
	}
	return r;
}

void ward_replay_free(ward_replay *r)
{
	if (!r)
		return;
	ward_redis_free(r->redis);
	ward_shm_unmap(r->reg, r->bytes);
	free(r);
}

/* The key is a SHA-256 output: its first bytes are as good as a hash. */
static uint64_t home_of(const reg *g, const uint8_t *key)
{
	uint64_t h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | key[i];
	return h % g->n;
}

/* Check and insert in one step under the lock. A slot is written only
 * when it is free (unused or expired), key first and expiry last: a
 * process dying in between leaves a free slot, so a dead holder of the
 * lock leaves the table sound and no record is lost. */
static ward_tls_replay_verdict local_check(reg *g, const uint8_t *key,
					   int64_t expires, int64_t now)
{
	if (ward_shm_lock(&g->lock) < 0)
		return WARD_TLS_REPLAY_UNAVAILABLE;
	uint64_t probes = g->n < WARD_REPLAY_PROBES ? g->n : WARD_REPLAY_PROBES;
	uint64_t at = home_of(g, key);
	slot *s = slots(g), *free_slot = NULL;
	ward_tls_replay_verdict v = WARD_TLS_REPLAY_UNAVAILABLE;
	for (uint64_t i = 0; i < probes;
	     i++, at = at + 1 == g->n ? 0 : at + 1) {
		if (s[at].expires == 0) {
			/* an insert of this key would have stopped here or
			 * before: nothing past it matters */
			if (!free_slot)
				free_slot = &s[at];
			break;
		}
		if (s[at].expires <= now) {
			if (!free_slot)
				free_slot = &s[at];
			continue;
		}
		/* a key is no secret: a public ticket's hash */
		if (!memcmp(s[at].key, key, WARD_REPLAY_KEY_LEN)) {
			v = WARD_TLS_REPLAY_SEEN;
			goto out;
		}
	}
	if (free_slot) {
		memcpy(free_slot->key, key, WARD_REPLAY_KEY_LEN);
		__atomic_store_n(&free_slot->expires, expires,
				 __ATOMIC_RELEASE);
		v = WARD_TLS_REPLAY_FRESH;
	}
out:
	ward_shm_unlock(&g->lock);
	return v;
}

ward_tls_replay_verdict
ward_replay_check(ward_replay *r, const uint8_t key[WARD_REPLAY_KEY_LEN],
		  uint32_t ttl, time_t now)
{
	if (!r)
		return WARD_TLS_REPLAY_UNAVAILABLE;
	if (ttl < 1)
		ttl = 1;
	if (ttl > WARD_REPLAY_MAX_TTL)
		ttl = WARD_REPLAY_MAX_TTL;
	ward_tls_replay_verdict local =
	    local_check(r->reg, key, (int64_t)now + ttl, (int64_t)now);
	if (local == WARD_TLS_REPLAY_SEEN || !r->redis)
		return local;
	/* Redis records for every instance: its word is final */
	return ward_redis_set_nx(r->redis, key, ttl);
}

ward_tls_replay_verdict
ward_replay_tls_check(void *ctx, const uint8_t key[WARD_REPLAY_KEY_LEN],
		      uint32_t ttl)
{
	return ward_replay_check(ctx, key, ttl, time(NULL));
}

size_t ward_replay_count(ward_replay *r, time_t now)
{
	size_t n = 0;
	if (ward_shm_lock(&r->reg->lock) < 0)
		return 0;
	for (uint64_t i = 0; i < r->reg->n; i++)
		n += slots(r->reg)[i].expires > (int64_t)now;
	ward_shm_unlock(&r->reg->lock);
	return n;
}

/* The session cache (session_cache.h): a hash table over a fixed array of
 * entries, each on one doubly linked list (most recently used first) or
 * on the free list, all linked by index so that the layout means the same
 * in every process that maps it. */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "tls/conn.h"
#include "tls/session_cache.h"

#define NONE UINT32_MAX
#define MAGIC 0x77617264u /* "ward" */

typedef struct entry {
	uint32_t prev, next; /* recency list, or next free */
	uint32_t hnext;	     /* hash chain */
	uint8_t used;
	uint8_t id_len;
	uint16_t len;
	uint8_t id[WARD_SESSION_ID_MAX];
	int64_t expires;
	uint8_t state[WARD_SESSION_STATE_MAX];
} entry;

struct ward_session_cache {
	pthread_mutex_t lock;
	uint32_t magic;
	uint32_t n_entries, n_buckets; /* n_buckets: a power of two */
	uint32_t head, tail;	       /* most and least recently used */
	uint32_t free_head;
	uint32_t count;
	/* then uint32_t buckets[n_buckets], then entry entries[n_entries] */
};

static uint32_t buckets_for(size_t entries)
{
	uint32_t n = 1;
	while (n < entries)
		n <<= 1;
	return n;
}

static size_t header_bytes(uint32_t n_buckets)
{
	size_t b = sizeof(ward_session_cache) + n_buckets * sizeof(uint32_t);
	/* entries hold int64_t: keep them aligned */
	return (b + 7) & ~(size_t)7;
}

size_t ward_session_cache_bytes(size_t entries)
{
	if (entries == 0 || entries > WARD_SESSION_CACHE_MAX_ENTRIES)
		return 0;
	return header_bytes(buckets_for(entries)) + entries * sizeof(entry);
}

static uint32_t *buckets(ward_session_cache *sc)
{
	return (uint32_t *)(sc + 1);
}

static entry *entries(ward_session_cache *sc)
{
	return (entry *)((uint8_t *)sc + header_bytes(sc->n_buckets));
}

/* The IDs stored are the server's random bytes: their first bytes spread
 * well enough, and a client's lookup only walks entries made so. */
static uint32_t bucket_of(ward_session_cache *sc, const uint8_t *id, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ id[i]) * 16777619u;
	return h & (sc->n_buckets - 1);
}

static void reset(ward_session_cache *sc)
{
	entry *e = entries(sc);
	ward_wipe(e, sc->n_entries * sizeof *e);
	for (uint32_t i = 0; i < sc->n_buckets; i++)
		buckets(sc)[i] = NONE;
	for (uint32_t i = 0; i < sc->n_entries; i++)
		e[i].next = i + 1 < sc->n_entries ? i + 1 : NONE;
	sc->free_head = 0;
	sc->head = sc->tail = NONE;
	sc->count = 0;
}

ward_err ward_session_cache_init(void *region, size_t bytes, size_t n,
				 ward_session_cache **out)
{
	size_t need = ward_session_cache_bytes(n);
	WARD_ENSURE(need && bytes >= need && region, WARD_ERR_ARG);
	ward_session_cache *sc = region;
	memset(sc, 0, sizeof *sc);
	pthread_mutexattr_t a;
	WARD_ENSURE(pthread_mutexattr_init(&a) == 0, WARD_ERR_INTERNAL);
	int ok =
	    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0 &&
	    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) == 0 &&
	    pthread_mutex_init(&sc->lock, &a) == 0;
	pthread_mutexattr_destroy(&a);
	WARD_ENSURE(ok, WARD_ERR_INTERNAL);
	sc->n_entries = (uint32_t)n;
	sc->n_buckets = buckets_for(n);
	reset(sc);
	sc->magic = MAGIC;
	*out = sc;
	return WARD_OK;
}

static int lock(ward_session_cache *sc)
{
	int r = pthread_mutex_lock(&sc->lock);
	if (r == EOWNERDEAD) {
		/* its holder died mid-change: start over empty */
		reset(sc);
		r = pthread_mutex_consistent(&sc->lock);
	}
	if (r == 0 && sc->magic != MAGIC) {
		pthread_mutex_unlock(&sc->lock);
		return 0;
	}
	return r == 0;
}

static void unlock(ward_session_cache *sc)
{
	pthread_mutex_unlock(&sc->lock);
}

static void list_unlink(ward_session_cache *sc, uint32_t i)
{
	entry *e = entries(sc);
	if (e[i].prev != NONE)
		e[e[i].prev].next = e[i].next;
	else
		sc->head = e[i].next;
	if (e[i].next != NONE)
		e[e[i].next].prev = e[i].prev;
	else
		sc->tail = e[i].prev;
}

static void list_push_front(ward_session_cache *sc, uint32_t i)
{
	entry *e = entries(sc);
	e[i].prev = NONE;
	e[i].next = sc->head;
	if (sc->head != NONE)
		e[sc->head].prev = i;
	sc->head = i;
	if (sc->tail == NONE)
		sc->tail = i;
}

/* The entry for id, and the hash link that points at it. */
static uint32_t find(ward_session_cache *sc, const uint8_t *id, size_t len,
		     uint32_t **link)
{
	entry *e = entries(sc);
	uint32_t *l = &buckets(sc)[bucket_of(sc, id, len)];
	while (*l != NONE) {
		entry *x = &e[*l];
		if (x->id_len == len && !memcmp(x->id, id, len)) {
			*link = l;
			return *l;
		}
		l = &x->hnext;
	}
	*link = l;
	return NONE;
}

static void drop(ward_session_cache *sc, uint32_t i, uint32_t *link)
{
	entry *e = entries(sc);
	*link = e[i].hnext;
	list_unlink(sc, i);
	ward_wipe(&e[i], sizeof e[i]);
	e[i].next = sc->free_head;
	sc->free_head = i;
	sc->count--;
}

static void drop_id(ward_session_cache *sc, const uint8_t *id, size_t len)
{
	uint32_t *link;
	uint32_t i = find(sc, id, len, &link);
	if (i != NONE)
		drop(sc, i, link);
}

ward_err ward_session_cache_store(ward_session_cache *sc, const uint8_t *id,
				  size_t id_len, int64_t now, int64_t expires,
				  const uint8_t *state, size_t len)
{
	WARD_ENSURE(id_len >= 1 && id_len <= WARD_SESSION_ID_MAX &&
			len <= WARD_SESSION_STATE_MAX,
		    WARD_ERR_ARG);
	if (expires <= now)
		return WARD_OK;
	WARD_ENSURE(lock(sc), WARD_ERR_INTERNAL);
	entry *e = entries(sc);
	drop_id(sc, id, id_len);
	if (sc->free_head == NONE) {
		/* full: the least recently used goes */
		entry *lru = &e[sc->tail];
		drop_id(sc, lru->id, lru->id_len);
	}
	uint32_t i = sc->free_head;
	sc->free_head = e[i].next;
	e[i].used = 1;
	e[i].id_len = (uint8_t)id_len;
	memcpy(e[i].id, id, id_len);
	e[i].len = (uint16_t)len;
	memcpy(e[i].state, state, len);
	e[i].expires = expires;
	uint32_t *b = &buckets(sc)[bucket_of(sc, id, id_len)];
	e[i].hnext = *b;
	*b = i;
	list_push_front(sc, i);
	sc->count++;
	unlock(sc);
	return WARD_OK;
}

ward_err ward_session_cache_lookup(ward_session_cache *sc, const uint8_t *id,
				   size_t id_len, int64_t now, uint8_t *out,
				   size_t cap, size_t *len)
{
	if (id_len < 1 || id_len > WARD_SESSION_ID_MAX || !lock(sc))
		return WARD_ERR_NOT_FOUND;
	ward_err ret = WARD_ERR_NOT_FOUND;
	uint32_t *link;
	uint32_t i = find(sc, id, id_len, &link);
	if (i != NONE) {
		entry *e = &entries(sc)[i];
		if (now >= e->expires) {
			drop(sc, i, link);
		} else if (e->len <= cap) {
			memcpy(out, e->state, e->len);
			*len = e->len;
			list_unlink(sc, i);
			list_push_front(sc, i);
			ret = WARD_OK;
		}
	}
	unlock(sc);
	return ret;
}

void ward_session_cache_remove(ward_session_cache *sc, const uint8_t *id,
			       size_t id_len)
{
	if (id_len < 1 || id_len > WARD_SESSION_ID_MAX || !lock(sc))
		return;
	drop_id(sc, id, id_len);
	unlock(sc);
}

size_t ward_session_cache_count(ward_session_cache *sc)
{
	if (!lock(sc))
		return 0;
	size_t n = sc->count;
	unlock(sc);
	return n;
}

void ward_session_cache_wipe(ward_session_cache *sc)
{
	if (!lock(sc))
		return;
	reset(sc);
	unlock(sc);
}

void ward_tls_config_set_session_cache(ward_tls_config *cfg,
				       ward_session_cache *sc)
{
	cfg->session_cache = sc;
}

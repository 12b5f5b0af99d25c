/* The TLS 1.2 server's session cache: session ID -> sealed session state
 * (RFC 5246 7.4.1.2), for resumption by ID.
 *
 * The cache lays itself out in memory the caller provides (the server
 * maps it MAP_SHARED before forking its workers, so that a session made
 * on one worker resumes on any other); the engine touches no file or
 * socket. It is bounded: a fixed number of fixed-size entries; when full,
 * storing evicts the least recently used. An entry lives until its
 * expiry; a lookup of an expired entry removes it and misses.
 *
 * One process-shared robust mutex guards the table. A process that dies
 * holding it leaves the table possibly half-changed: the next locker
 * empties the table (the sessions are lost, which only costs full
 * handshakes) and carries on. Every entry holds a master secret: evicted
 * and removed entries are wiped, and so is the whole region by
 * ward_session_cache_wipe.
 */
#ifndef WARD_TLS_SESSION_CACHE_H
#define WARD_TLS_SESSION_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "tls/tls.h"

#define WARD_SESSION_ID_MAX 32
/* The largest state an entry holds; larger ones are not cached. */
#define WARD_SESSION_STATE_MAX 600
#define WARD_SESSION_CACHE_MAX_ENTRIES (1u << 24)

typedef struct ward_session_cache ward_session_cache;

/* Bytes of memory a cache of `entries` entries needs (0 when entries is 0
 * or above WARD_SESSION_CACHE_MAX_ENTRIES). */
size_t ward_session_cache_bytes(size_t entries);
/* Lay out an empty cache in `region` of `bytes` (at least
 * ward_session_cache_bytes(entries), suitably aligned: mmap's is). */
WARD_MUST_CHECK ward_err ward_session_cache_init(void *region, size_t bytes,
						 size_t entries,
						 ward_session_cache **out);
/* Store (or replace) the state for id (1..32 bytes) until `expires`;
 * it becomes the most recently used. WARD_ERR_ARG for a bad id or a state
 * longer than WARD_SESSION_STATE_MAX. */
WARD_MUST_CHECK ward_err ward_session_cache_store(
    ward_session_cache *sc, const uint8_t *id, size_t id_len, int64_t now,
    int64_t expires, const uint8_t *state, size_t len);
/* Copy the state for id into out (cap bytes), *len its length, and make
 * it the most recently used. WARD_ERR_NOT_FOUND when absent or expired
 * (now >= expires), or when the cache cannot be locked. */
WARD_MUST_CHECK ward_err ward_session_cache_lookup(ward_session_cache *sc,
						   const uint8_t *id,
						   size_t id_len, int64_t now,
						   uint8_t *out, size_t cap,
						   size_t *len);
void ward_session_cache_remove(ward_session_cache *sc, const uint8_t *id,
			       size_t id_len);
/* Entries held (expired ones not yet removed included). */
size_t ward_session_cache_count(ward_session_cache *sc);
/* Wipe every entry; the cache is then empty and still usable. */
void ward_session_cache_wipe(ward_session_cache *sc);

/* Server: resume TLS 1.2 sessions by ID from this cache, and give new
 * sessions an ID stored in it (NULL, the default: no session IDs). The
 * configuration keeps the pointer. */
void ward_tls_config_set_session_cache(ward_tls_config *cfg,
				       ward_session_cache *sc);

#endif

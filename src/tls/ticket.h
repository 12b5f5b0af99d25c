/* Session tickets: the server's ticket keys, and sealing state into
 * tickets (TLS 1.2 RFC 5077 and TLS 1.3 NewSessionTicket alike).
 *
 * A ticket is
 *     key_name[16] || IV[12] || AEAD(key, IV, aad = key_name, state) || tag[16]
 * so it keeps no state on the server. Opening one either gives the state
 * back or says the ticket is unusable (unknown or expired key name, bad
 * tag, wrong size): that is never a peer error and never an alert; the
 * caller falls back to a full handshake.
 *
 * The key set has WARD_TICKET_KEY_SLOTS slots. One is current: it seals.
 * Every live slot opens tickets until its `expires`. Rotation writes a
 * fresh key into the slot after the current one (the oldest) and makes it
 * current, so the previous keys keep opening their tickets: with a
 * rotation every R seconds and tickets living L seconds, a key is needed
 * for R + L seconds and is overwritten after 3R, so L <= 2R.
 *
 * The set may live in memory shared between processes (MAP_SHARED), with
 * one writer (the master) rewriting it while readers (workers) use it. The
 * writer brackets every change with a sequence counter (odd while it
 * writes); a reader copies what it needs and retries if the counter moved,
 * a bounded number of times, after which the keys count as absent (no
 * ticket is sealed, none opens: full handshakes, never a torn key). A
 * writer that died mid-write leaves the counter odd, with the same effect.
 *
 * Key material never leaves this module except through the key file
 * writer of the server; copies are wiped.
 */
#ifndef WARD_TLS_TICKET_H
#define WARD_TLS_TICKET_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"
#include "base/err.h"
#include "crypto/crypto.h"
#include "tls/tls.h"

#define WARD_TICKET_KEY_SLOTS 3
#define WARD_TICKET_NAME_LEN 16
#define WARD_TICKET_KEY_LEN 32
#define WARD_TICKET_OVERHEAD                                                   \
	(WARD_TICKET_NAME_LEN + WARD_AEAD_NONCE_LEN + WARD_AEAD_TAG_LEN)
/* The largest state sealed or opened; longer tickets are unusable. */
#define WARD_TICKET_MAX_STATE 8192
#define WARD_TICKET_MAX_LEN (WARD_TICKET_MAX_STATE + WARD_TICKET_OVERHEAD)

typedef struct ward_ticket_key {
	uint8_t name[WARD_TICKET_NAME_LEN];
	uint8_t key[WARD_TICKET_KEY_LEN];
	uint8_t aead; /* WARD_AEAD_AES_256_GCM or WARD_AEAD_CHACHA20_POLY1305 */
	uint8_t live; /* 0: an empty slot */
	int64_t created; /* seconds since the epoch */
	int64_t expires; /* opens nothing from this time on */
} ward_ticket_key;

/* Plain data only: it can be placed in shared memory as it is. */
typedef struct ward_ticket_keys {
	_Atomic uint32_t seq; /* even: stable; odd: being written */
	uint32_t current;     /* the slot that seals */
	ward_ticket_key slots[WARD_TICKET_KEY_SLOTS];
} ward_ticket_keys;

/* ---- the writer (one at a time) ---- */

/* An empty set: seals nothing, opens nothing. */
void ward_ticket_keys_init(ward_ticket_keys *k);
/* A fresh key (name and key from the CSPRNG) for `alg` in the slot after
 * the current one, made current; it seals from `now` and opens until
 * `expires`. The other slots are untouched. WARD_ERR_ARG for another
 * alg or expires <= now. */
WARD_MUST_CHECK ward_err ward_ticket_keys_rotate(ward_ticket_keys *k,
						 ward_aead_alg alg, int64_t now,
						 int64_t expires);
/* Replace every slot with keys[0..n) (1 <= n <= WARD_TICKET_KEY_SLOTS;
 * the rest empty), keys[current] sealing: for keys read from a file
 * shared by several servers. WARD_ERR_ARG for a bad alg, a dead current
 * key, or two keys with one name. */
WARD_MUST_CHECK ward_err ward_ticket_keys_install(ward_ticket_keys *k,
						  const ward_ticket_key *keys,
						  size_t n, size_t current);
/* Wipe every slot; the set is then empty. */
void ward_ticket_keys_wipe(ward_ticket_keys *k);

/* ---- the readers ---- */

/* Seal `state` with the current key: appends the ticket
 * (WARD_TICKET_OVERHEAD + len bytes) to out. iv: 12 fresh random bytes.
 * WARD_ERR_NOT_FOUND when no key is current and live at `now` (send no
 * ticket); WARD_ERR_ARG when len > WARD_TICKET_MAX_STATE. */
WARD_MUST_CHECK ward_err ward_ticket_seal(const ward_ticket_keys *k,
					  int64_t now, const uint8_t *iv,
					  const uint8_t *state, size_t len,
					  ward_buf *out);
/* Open a ticket: WARD_OK with the state appended to `out` (make it a
 * secret buffer), and *by_current (if given) set when the sealing key is
 * the current one (else the caller may issue a fresh ticket). Any other
 * result means unusable: WARD_ERR_NOT_FOUND (wrong size, unknown or
 * expired key name, bad tag), or a local error; out is then unchanged. */
WARD_MUST_CHECK ward_err ward_ticket_open(const ward_ticket_keys *k,
					  int64_t now, const uint8_t *ticket,
					  size_t len, ward_buf *out,
					  int *by_current);

/* ---- the engine ---- */

/* Server: the keys its tickets are sealed with (NULL: no tickets, the
 * default). The configuration keeps the pointer, not a copy: the set may
 * be rewritten in place (see above) for as long as the configuration
 * lives. */
void ward_tls_config_set_ticket_keys(ward_tls_config *cfg,
				     const ward_ticket_keys *keys);
/* Server: how long a session resumes, in seconds (1 .. 7 days; default
 * WARD_TLS_SESSION_LIFETIME): the lifetime sealed into tickets and their
 * hint, and how long the session cache keeps an entry. WARD_ERR_ARG
 * outside the range. */
#define WARD_TLS_SESSION_LIFETIME 3600
WARD_MUST_CHECK ward_err
ward_tls_config_set_session_lifetime(ward_tls_config *cfg, uint32_t seconds);
uint32_t ward_tls_session_lifetime(const ward_tls_config *cfg);
/* Whether the configuration has keys to seal tickets with now. */
int ward_tls_tickets_enabled(ward_tls_conn *c);
/* ward_ticket_seal / ward_ticket_open with the configuration's keys, the
 * engine's clock and randomness. */
WARD_MUST_CHECK ward_err ward_tls_ticket_seal(ward_tls_conn *c,
					      const uint8_t *state, size_t len,
					      ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls_ticket_open(ward_tls_conn *c,
					      ward_slice ticket, ward_buf *out,
					      int *by_current);

#endif

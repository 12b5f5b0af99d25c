/* The TLS 1.3 key schedule (RFC 8446 7.1-7.3, 4.4.4, 4.6.3). */
#ifndef WARD_TLS_KEYSCHED_H
#define WARD_TLS_KEYSCHED_H

#include "crypto/crypto.h"

typedef struct ward_tls13_schedule {
	ward_hash_alg hash;
	size_t hash_len;
	/* the current stage: Early Secret, then Handshake Secret, then
	 * Master Secret */
	uint8_t secret[WARD_HASH_MAX];
} ward_tls13_schedule;

/* HKDF-Expand-Label(secret, "tls13 " + label, context, outlen). */
WARD_MUST_CHECK ward_err ward_tls13_expand_label(ward_hash_alg hash,
						 const uint8_t *secret,
						 const char *label,
						 const uint8_t *context,
						 size_t context_len,
						 uint8_t *out, size_t outlen);
/* Derive-Secret(secret, label, Messages) given Transcript-Hash(Messages);
 * transcript_hash NULL means the hash of the empty string. */
WARD_MUST_CHECK ward_err ward_tls13_derive_secret(ward_hash_alg hash,
						  const uint8_t *secret,
						  const char *label,
						  const uint8_t *transcript_hash,
						  uint8_t *out);

/* Early Secret = HKDF-Extract(0, PSK or HashLen zeros when psk is NULL). */
WARD_MUST_CHECK ward_err ward_tls13_schedule_init(ward_tls13_schedule *s,
						  ward_hash_alg hash,
						  const uint8_t *psk,
						  size_t psk_len);
/* Handshake Secret = HKDF-Extract(Derive-Secret(ES, "derived", ""), ECDHE). */
WARD_MUST_CHECK ward_err ward_tls13_schedule_handshake(ward_tls13_schedule *s,
						       const uint8_t *ecdhe,
						       size_t ecdhe_len);
/* Master Secret = HKDF-Extract(Derive-Secret(HS, "derived", ""), 0). */
WARD_MUST_CHECK ward_err ward_tls13_schedule_master(ward_tls13_schedule *s);
void ward_tls13_schedule_wipe(ward_tls13_schedule *s);

/* [sender]_write_key and [sender]_write_iv from a traffic secret. */
WARD_MUST_CHECK ward_err ward_tls13_traffic_keys(ward_hash_alg hash,
						 ward_aead_alg aead,
						 const uint8_t *traffic_secret,
						 uint8_t *key, uint8_t *iv);
/* verify_data = HMAC(finished_key, transcript_hash), finished_key =
 * HKDF-Expand-Label(base_key, "finished", "", Hash.length). */
WARD_MUST_CHECK ward_err ward_tls13_finished(ward_hash_alg hash,
					     const uint8_t *base_key,
					     const uint8_t *transcript_hash,
					     uint8_t *verify_data);
/* The PSK of a ticket (RFC 8446 4.6.1): HKDF-Expand-Label(
 * resumption_master_secret, "resumption", ticket_nonce, Hash.length). */
WARD_MUST_CHECK ward_err ward_tls13_ticket_psk(ward_hash_alg hash,
					       const uint8_t *resumption_master,
					       const uint8_t *nonce,
					       size_t nonce_len, uint8_t *psk);
/* binder_key = Derive-Secret(Early Secret, "res binder", "") of a schedule
 * still at its first stage (7.1); the binder is then
 * ward_tls13_finished(hash, binder_key, Transcript-Hash(truncated
 * ClientHello)) (4.2.11.2). */
WARD_MUST_CHECK ward_err ward_tls13_binder_key(const ward_tls13_schedule *s,
					       uint8_t *binder_key);
/* application_traffic_secret_N+1 (KeyUpdate), in place. */
WARD_MUST_CHECK ward_err ward_tls13_update_secret(ward_hash_alg hash,
						  uint8_t *traffic_secret);

#endif

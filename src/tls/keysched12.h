/* The TLS 1.2 key schedule (RFC 5246 6.3, 7.4.9, 8.1; RFC 7627 4). */
#ifndef WARD_TLS_KEYSCHED12_H
#define WARD_TLS_KEYSCHED12_H

#include "crypto/crypto.h"

#define WARD_TLS12_MASTER_LEN 48
#define WARD_TLS12_RANDOM_LEN 32
#define WARD_TLS12_VERIFY_LEN 12
/* The longest MAC key of any suite ward knows (HMAC-SHA384). */
#define WARD_TLS12_MAC_KEY_MAX 48

/* master_secret = PRF(pre_master_secret, "extended master secret",
 * session_hash)[0..47] (RFC 7627 4), session_hash being the hash of the
 * handshake up to and including ClientKeyExchange (hash_len bytes of the
 * suite's PRF hash). */
WARD_MUST_CHECK ward_err ward_tls12_master_secret_ems(
    ward_hash_alg prf, const uint8_t *pms, size_t pms_len,
    const uint8_t *session_hash, uint8_t *master);
/* master_secret = PRF(pre_master_secret, "master secret", ClientHello.random
 * + ServerHello.random)[0..47] (RFC 5246 8.1): only for peers without
 * extended_master_secret, which the default policy refuses. */
WARD_MUST_CHECK ward_err ward_tls12_master_secret(ward_hash_alg prf,
						  const uint8_t *pms,
						  size_t pms_len,
						  const uint8_t *client_random,
						  const uint8_t *server_random,
						  uint8_t *master);

/* One side's share of the key block. */
typedef struct ward_tls12_dir_keys {
	uint8_t mac_key[WARD_TLS12_MAC_KEY_MAX];
	uint8_t key[WARD_AEAD_KEY_MAX];
	uint8_t iv[WARD_AEAD_NONCE_LEN]; /* the implicit (fixed) part */
} ward_tls12_dir_keys;

typedef struct ward_tls12_keys {
	size_t mac_len, key_len, iv_len;
	ward_tls12_dir_keys client, server;
} ward_tls12_keys;

/* key_block = PRF(master_secret, "key expansion", server_random +
 * client_random), cut into client and server MAC keys, then keys, then
 * IVs (RFC 5246 6.3). AEAD suites have mac_len 0 and iv_len the suite's
 * fixed_iv_length (ward_tls12_aead_fixed_iv_len); CBC suites have mac_len
 * the MAC's length (ward_hash_len of its hash) and iv_len 0, their IVs
 * being explicit in each record. */
WARD_MUST_CHECK ward_err ward_tls12_key_block(
    ward_hash_alg prf, const uint8_t *master, const uint8_t *client_random,
    const uint8_t *server_random, size_t mac_len, size_t key_len, size_t iv_len,
    ward_tls12_keys *keys);
void ward_tls12_keys_wipe(ward_tls12_keys *keys);

/* verify_data = PRF(master_secret, "client finished" or "server finished",
 * Hash(handshake_messages))[0..11] (RFC 5246 7.4.9); handshake_hash holds
 * hash_len bytes of the suite's PRF hash. */
WARD_MUST_CHECK ward_err ward_tls12_finished(ward_hash_alg prf,
					     const uint8_t *master,
					     int from_client,
					     const uint8_t *handshake_hash,
					     uint8_t *verify_data);

#endif

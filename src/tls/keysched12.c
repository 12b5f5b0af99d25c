/* The TLS 1.2 key schedule (RFC 5246 6.3, 7.4.9, 8.1; RFC 7627 4), all on
 * the PRF of the crypto layer. */
#include "tls/keysched12.h"

#include <string.h>

#include "base/bytes.h"

ward_err ward_tls12_master_secret_ems(ward_hash_alg prf, const uint8_t *pms,
				      size_t pms_len,
				      const uint8_t *session_hash,
				      uint8_t *master)
{
	size_t hlen = ward_hash_len(prf);
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	return ward_prf_tls12(prf, pms, pms_len, "extended master secret",
			      session_hash, hlen, NULL, 0, master,
			      WARD_TLS12_MASTER_LEN);
}

/* The length of the result depends on Z, and with it the PRF's timing
 * (the Raccoon attack); that tells nothing of use because every DHE key
 * of ward's is fresh for one handshake. */
size_t ward_tls12_dh_premaster(uint8_t *z, size_t len)
{
	size_t zeros = 0;
	while (zeros < len && z[zeros] == 0)
		zeros++;
	memmove(z, z + zeros, len - zeros);
	ward_wipe(z + len - zeros, zeros);
	return len - zeros;
}

ward_err ward_tls12_master_secret(ward_hash_alg prf, const uint8_t *pms,
				  size_t pms_len, const uint8_t *client_random,
				  const uint8_t *server_random, uint8_t *master)
{
	return ward_prf_tls12(prf, pms, pms_len, "master secret", client_random,
			      WARD_TLS12_RANDOM_LEN, server_random,
			      WARD_TLS12_RANDOM_LEN, master,
			      WARD_TLS12_MASTER_LEN);
}

ward_err ward_tls12_key_block(ward_hash_alg prf, const uint8_t *master,
			      const uint8_t *client_random,
			      const uint8_t *server_random, size_t mac_len,
			      size_t key_len, size_t iv_len,
			      ward_tls12_keys *keys)
{
	uint8_t block[2 * (WARD_TLS12_MAC_KEY_MAX + WARD_AEAD_KEY_MAX +
			   WARD_AEAD_NONCE_LEN)];
	ward_err ret;
	memset(keys, 0, sizeof *keys);
	WARD_ENSURE(mac_len <= WARD_TLS12_MAC_KEY_MAX &&
			key_len <= WARD_AEAD_KEY_MAX &&
			iv_len <= WARD_AEAD_NONCE_LEN,
		    WARD_ERR_ARG);
	size_t len = 2 * (mac_len + key_len + iv_len);
	/* 6.3: note the order, server random first. */
	WARD_TRY_OUT(ward_prf_tls12(prf, master, WARD_TLS12_MASTER_LEN,
				    "key expansion", server_random,
				    WARD_TLS12_RANDOM_LEN, client_random,
				    WARD_TLS12_RANDOM_LEN, block, len));
	const uint8_t *at = block;
	memcpy(keys->client.mac_key, at, mac_len);
	at += mac_len;
	memcpy(keys->server.mac_key, at, mac_len);
	at += mac_len;
	memcpy(keys->client.key, at, key_len);
	at += key_len;
	memcpy(keys->server.key, at, key_len);
	at += key_len;
	memcpy(keys->client.iv, at, iv_len);
	at += iv_len;
	memcpy(keys->server.iv, at, iv_len);
	keys->mac_len = mac_len;
	keys->key_len = key_len;
	keys->iv_len = iv_len;
out:
	ward_wipe(block, sizeof block);
	return ret;
}

void ward_tls12_keys_wipe(ward_tls12_keys *keys)
{
	ward_wipe(keys, sizeof *keys);
}

ward_err ward_tls12_finished(ward_hash_alg prf, const uint8_t *master,
			     int from_client, const uint8_t *handshake_hash,
			     uint8_t *verify_data)
{
	size_t hlen = ward_hash_len(prf);
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	return ward_prf_tls12(
	    prf, master, WARD_TLS12_MASTER_LEN,
	    from_client ? "client finished" : "server finished", handshake_hash,
	    hlen, NULL, 0, verify_data, WARD_TLS12_VERIFY_LEN);
}

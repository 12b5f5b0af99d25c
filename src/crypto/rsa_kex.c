/* The server's half of TLS 1.2 static RSA key exchange (RFC 5246 7.4.7.1):
 * the pre-master secret from the client's RSAES-PKCS1-v1_5 ciphertext,
 * without telling anyone whether the padding was right (Bleichenbacher).
 *
 * Raw RSA (RSA_NO_PADDING), then our own check, rather than libcrypto's
 * RSA_PKCS1_WITH_TLS_PADDING mode: that mode draws its substitute secret
 * from libcrypto's generator inside the call, where ward's engine takes
 * all randomness from its configured source (tests inject it), and it is
 * a 3.0 provider detail whose behaviour later releases changed for the
 * plain PKCS#1 mode (implicit rejection in 3.2). The check itself is
 * simple in constant time because TLS fixes the message length: every
 * byte it looks at is at a position known before decryption.
 */
#include <string.h>

#include <openssl/rsa.h>

#include "crypto/internal.h"

/* All ones when x is zero, else zero, without a branch on x. */
static uint8_t ct_zero_mask(uint8_t x)
{
	return (uint8_t)(((uint32_t)x - 1) >> 8);
}

size_t ward_rsa_size(const ward_pkey *k)
{
	EVP_PKEY *p = ward_pkey_evp(k);
	if (p == NULL || !EVP_PKEY_is_a(p, "RSA"))
		return 0;
	int n = EVP_PKEY_get_size(p);
	return n > 0 ? (size_t)n : 0;
}

/* em = c^d mod n, k bytes, left-padded with zeros. Fails (a public fact:
 * it depends on c and n only) for c >= n. */
static ward_err rsa_raw(EVP_PKEY *p, const uint8_t *in, size_t k, uint8_t *em)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, p, NULL);
	size_t n = k;
	WARD_ENSURE(ctx != NULL, WARD_ERR_NOMEM);
	int ok = EVP_PKEY_decrypt_init(ctx) > 0 &&
		 EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) > 0 &&
		 EVP_PKEY_decrypt(ctx, em, &n, in, k) > 0 && n == k;
	EVP_PKEY_CTX_free(ctx);
	return ok ? WARD_OK : ward_crypto_fail(WARD_ERR_DECRYPT_ERROR);
}

ward_err ward_rsa_decrypt_premaster(ward_pkey *key, const uint8_t *ct,
				    size_t ct_len, uint16_t client_version,
				    const uint8_t *random, uint8_t *pms)
{
	uint8_t em[WARD_RSA_MAX_BYTES];
	size_t k = ward_rsa_size(key);
	WARD_TRY(ward_crypto_init());
	WARD_ENSURE(k >= WARD_PREMASTER_LEN + 11 && k <= sizeof em,
		    WARD_ERR_ARG);
	/* RFC 8017 7.2.2 step 1: the ciphertext is k bytes; its length is
	 * the sender's choice and says nothing about the key */
	WARD_ENSURE(ct_len == k, WARD_ERR_DECODE);
	if (rsa_raw(ward_pkey_evp(key), ct, k, em) != WARD_OK)
		memset(em, 0, k); /* c >= n: as bad as bad padding */

	/* EM = 0x00 || 0x02 || PS (k - 51 non-zero bytes) || 0x00 || M,
	 * M = client_version (2 bytes) || 46 random bytes */
	size_t zero_at = k - WARD_PREMASTER_LEN - 1;
	uint8_t good = ct_zero_mask(em[0]) & ct_zero_mask(em[1] ^ 2) &
		       ct_zero_mask(em[zero_at]);
	for (size_t i = 2; i < zero_at; i++)
		good &= (uint8_t)~ct_zero_mask(em[i]);
	/* RFC 5246 7.4.7.1 would keep M with the version bytes replaced; a
	 * random secret ends the same way (the client's Finished fails) and
	 * keeps one rule: anything wrong, the random one */
	good &= ct_zero_mask(em[zero_at + 1] ^ (uint8_t)(client_version >> 8));
	good &= ct_zero_mask(em[zero_at + 2] ^ (uint8_t)client_version);
	const uint8_t *m = em + zero_at + 1;
	for (size_t i = 0; i < WARD_PREMASTER_LEN; i++)
		pms[i] = (uint8_t)((m[i] & good) | (random[i] & ~good));
	ward_wipe(em, sizeof em);
	return WARD_OK;
}

/* The client's half: RSAES-PKCS1-v1_5 (RFC 8017 7.2.1) of the pre-master
 * to the server's public key, padding drawn from libcrypto's generator. */
ward_err ward_rsa_encrypt_pkcs1(ward_pkey *key, const uint8_t *msg, size_t len,
				uint8_t *ct, size_t *ct_len)
{
	size_t k = ward_rsa_size(key);
	WARD_TRY(ward_crypto_init());
	WARD_ENSURE(k >= len + 11 && k <= WARD_RSA_MAX_BYTES && *ct_len >= k,
		    WARD_ERR_ARG);
	EVP_PKEY_CTX *ctx =
	    EVP_PKEY_CTX_new_from_pkey(NULL, ward_pkey_evp(key), NULL);
	WARD_ENSURE(ctx != NULL, WARD_ERR_NOMEM);
	size_t n = *ct_len;
	int ok = EVP_PKEY_encrypt_init(ctx) > 0 &&
		 EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
		 EVP_PKEY_encrypt(ctx, ct, &n, msg, len) > 0 && n == k;
	EVP_PKEY_CTX_free(ctx);
	WARD_ENSURE(ok, ward_crypto_fail(WARD_ERR_INTERNAL));
	*ct_len = n;
	return WARD_OK;
}

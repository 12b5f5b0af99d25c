/* AEAD for the record layer: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.
 *
 * ward_aead_init allocates and keys the cipher context once per epoch and
 * direction. Each record then only sets the nonce (re-init with no cipher
 * and no key), feeds the AAD and the data, and finishes with the tag: no
 * allocation, no key schedule, no fetch per record.
 */
#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/internal.h"

size_t ward_aead_key_len(ward_aead_alg alg)
{
	switch (alg) {
	case WARD_AEAD_AES_128_GCM:
		return 16;
	case WARD_AEAD_AES_256_GCM:
	case WARD_AEAD_CHACHA20_POLY1305:
		return 32;
	}
	return 0;
}

ward_err ward_aead_init(ward_aead *a, ward_aead_alg alg, const uint8_t *key,
			int encrypt)
{
	a->ctx = NULL;
	a->alg = alg;
	a->encrypt = encrypt != 0;
	WARD_TRY(ward_crypto_init());
	const EVP_CIPHER *cipher = ward_crypto_cipher(alg);
	WARD_ENSURE(cipher != NULL, WARD_ERR_ARG);

	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	WARD_ENSURE(ctx != NULL, WARD_ERR_NOMEM);
	/* TLS nonces are 12 bytes (RFC 8446 5.3, RFC 5288 3). */
	size_t ivlen = WARD_AEAD_NONCE_LEN;
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen),
	    OSSL_PARAM_construct_end(),
	};
	int ok = encrypt ? EVP_EncryptInit_ex2(ctx, cipher, key, NULL, params)
			 : EVP_DecryptInit_ex2(ctx, cipher, key, NULL, params);
	if (!ok) {
		EVP_CIPHER_CTX_free(ctx);
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	}
	a->ctx = ctx;
	return WARD_OK;
}

ward_err ward_aead_seal(ward_aead *a, const uint8_t *nonce, const uint8_t *aad,
			size_t aadlen, const uint8_t *in, size_t len,
			uint8_t *out)
{
	ward_err ret = WARD_OK;
	EVP_CIPHER_CTX *ctx = a->ctx;
	int n;
	WARD_ENSURE(ctx != NULL && a->encrypt, WARD_ERR_STATE);
	WARD_ENSURE(len <= INT_MAX && aadlen <= INT_MAX, WARD_ERR_ARG);
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG,
					      out + len, WARD_AEAD_TAG_LEN),
	    OSSL_PARAM_construct_end(),
	};

	WARD_ENSURE_OUT(EVP_EncryptInit_ex2(ctx, NULL, NULL, nonce, NULL),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(aadlen == 0 ||
			    EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aadlen),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(len == 0 ||
			    EVP_EncryptUpdate(ctx, out, &n, in, (int)len),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(EVP_EncryptFinal_ex(ctx, out + len, &n),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(EVP_CIPHER_CTX_get_params(ctx, params),
			WARD_ERR_CRYPTO);
out:
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

ward_err ward_aead_open(ward_aead *a, const uint8_t *nonce, const uint8_t *aad,
			size_t aadlen, const uint8_t *in, size_t len,
			uint8_t *out)
{
	ward_err ret = WARD_OK;
	EVP_CIPHER_CTX *ctx = a->ctx;
	int n;
	WARD_ENSURE(ctx != NULL && !a->encrypt, WARD_ERR_STATE);
	/* Too short to hold a tag: the record cannot authenticate. */
	WARD_ENSURE(len >= WARD_AEAD_TAG_LEN, WARD_ERR_BAD_RECORD_MAC);
	WARD_ENSURE(len <= INT_MAX && aadlen <= INT_MAX, WARD_ERR_ARG);
	size_t clen = len - WARD_AEAD_TAG_LEN;

	/* Take the tag before decrypting: with out == in the plaintext is
	 * shorter and leaves it intact, but the copy keeps that local. */
	uint8_t tag[WARD_AEAD_TAG_LEN];
	memcpy(tag, in + clen, sizeof tag);
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
					      sizeof tag),
	    OSSL_PARAM_construct_end(),
	};

	WARD_ENSURE_OUT(EVP_DecryptInit_ex2(ctx, NULL, NULL, nonce, NULL),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(EVP_CIPHER_CTX_set_params(ctx, params),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(aadlen == 0 ||
			    EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aadlen),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(clen == 0 ||
			    EVP_DecryptUpdate(ctx, out, &n, in, (int)clen),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(EVP_DecryptFinal_ex(ctx, out + clen, &n) > 0,
			WARD_ERR_BAD_RECORD_MAC);
out:
	if (ret == WARD_OK)
		return ret;
	/* Unauthenticated plaintext must not reach anyone. */
	OPENSSL_cleanse(out, clen);
	return ward_crypto_fail(ret);
}

void ward_aead_free(ward_aead *a)
{
	/* EVP_CIPHER_CTX_free wipes the key schedule. */
	EVP_CIPHER_CTX_free(a->ctx);
	a->ctx = NULL;
}

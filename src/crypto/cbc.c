/* AES-CBC for the TLS 1.2 CBC suites (RFC 5246 6.2.3.2).
 *
 * libcrypto's padding is off: TLS writes and checks its own, and the
 * record layer checks it in constant time. The context is keyed once per
 * epoch and direction; each record re-initialises it with its explicit IV
 * only (no cipher, no key), which costs no allocation and no key schedule.
 */
#include <limits.h>

#include "crypto/internal.h"

size_t ward_cbc_key_len(ward_cbc_alg alg)
{
	switch (alg) {
	case WARD_CBC_AES_128:
		return 16;
	case WARD_CBC_AES_256:
		return 32;
	}
	return 0;
}

ward_err ward_cbc_init(ward_cbc *c, ward_cbc_alg alg, const uint8_t *key,
		       int encrypt)
{
	c->ctx = NULL;
	c->alg = alg;
	c->encrypt = encrypt != 0;
	WARD_TRY(ward_crypto_init());
	const EVP_CIPHER *cipher = ward_crypto_cbc_cipher(alg);
	WARD_ENSURE(cipher != NULL, WARD_ERR_ARG);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	WARD_ENSURE(ctx != NULL, WARD_ERR_NOMEM);
	static const uint8_t zero_iv[WARD_CBC_BLOCK_LEN];
	if (!EVP_CipherInit_ex2(ctx, cipher, key, zero_iv, c->encrypt, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(ctx, 0)) {
		EVP_CIPHER_CTX_free(ctx);
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	}
	c->ctx = ctx;
	return WARD_OK;
}

ward_err ward_cbc_crypt(ward_cbc *c, const uint8_t *iv, const uint8_t *in,
			size_t len, uint8_t *out)
{
	int n = 0;
	WARD_ENSURE(c->ctx != NULL, WARD_ERR_STATE);
	WARD_ENSURE(len % WARD_CBC_BLOCK_LEN == 0 && len <= INT_MAX,
		    WARD_ERR_ARG);
	if (len == 0)
		return WARD_OK;
	/* -1 keeps the direction the context was keyed for. */
	if (!EVP_CipherInit_ex2(c->ctx, NULL, NULL, iv, -1, NULL) ||
	    !EVP_CipherUpdate(c->ctx, out, &n, in, (int)len) ||
	    (size_t)n != len)
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	return WARD_OK;
}

void ward_cbc_free(ward_cbc *c)
{
	/* EVP_CIPHER_CTX_free wipes the key schedule. */
	EVP_CIPHER_CTX_free(c->ctx);
	c->ctx = NULL;
}

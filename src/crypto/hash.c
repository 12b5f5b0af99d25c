/* Hashes (running and one-shot), HMAC and HKDF (RFC 5869).
 *
 * HMAC dups a per-hash template made at init, so no call fetches a digest by
 * name. HKDF is written out on top of it: extract is one HMAC, expand keys
 * one HMAC context with the PRK and re-initialises it per block.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/internal.h"

size_t ward_hash_len(ward_hash_alg alg)
{
	switch (alg) {
	case WARD_HASH_SHA256:
		return 32;
	case WARD_HASH_SHA384:
		return 48;
	case WARD_HASH_SHA512:
		return 64;
	case WARD_HASH_SHA1:
		return 20;
	}
	return 0;
}

static ward_err get_md(ward_hash_alg alg, const EVP_MD **md)
{
	WARD_TRY(ward_crypto_init());
	*md = ward_crypto_md(alg);
	WARD_ENSURE(*md != NULL, WARD_ERR_ARG);
	return WARD_OK;
}

ward_err ward_hash_init(ward_hash *h, ward_hash_alg alg)
{
	const EVP_MD *md;
	h->ctx = NULL;
	h->alg = alg;
	WARD_TRY(get_md(alg, &md));
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	WARD_ENSURE(ctx != NULL, WARD_ERR_NOMEM);
	if (!EVP_DigestInit_ex2(ctx, md, NULL)) {
		EVP_MD_CTX_free(ctx);
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	}
	h->ctx = ctx;
	return WARD_OK;
}

ward_err ward_hash_update(ward_hash *h, const void *p, size_t len)
{
	WARD_ENSURE(h->ctx != NULL, WARD_ERR_STATE);
	if (len == 0)
		return WARD_OK;
	if (!EVP_DigestUpdate(h->ctx, p, len))
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	return WARD_OK;
}

ward_err ward_hash_peek(const ward_hash *h, uint8_t *out)
{
	ward_err ret = WARD_OK;
	WARD_ENSURE(h->ctx != NULL, WARD_ERR_STATE);
	/* Finalise a copy so the transcript keeps running. */
	EVP_MD_CTX *copy = EVP_MD_CTX_new();
	WARD_ENSURE(copy != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(EVP_MD_CTX_copy_ex(copy, h->ctx), WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(EVP_DigestFinal_ex(copy, out, NULL), WARD_ERR_CRYPTO);
out:
	EVP_MD_CTX_free(copy);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

ward_err ward_hash_copy(ward_hash *dst, const ward_hash *src)
{
	WARD_ENSURE(src->ctx != NULL, WARD_ERR_STATE);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	WARD_ENSURE(ctx != NULL, WARD_ERR_NOMEM);
	if (!EVP_MD_CTX_copy_ex(ctx, src->ctx)) {
		EVP_MD_CTX_free(ctx);
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	}
	dst->ctx = ctx;
	dst->alg = src->alg;
	return WARD_OK;
}

void ward_hash_free(ward_hash *h)
{
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

ward_err ward_hash_oneshot(ward_hash_alg alg, const void *p, size_t len,
			   uint8_t *out)
{
	const EVP_MD *md;
	WARD_TRY(get_md(alg, &md));
	if (!EVP_Digest(p, len, out, NULL, md, NULL))
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	return WARD_OK;
}

/* ---- HMAC ---- */

/* A fresh HMAC context keyed with key. */
static ward_err mac_start(ward_hash_alg alg, const uint8_t *key,
			  size_t keylen, EVP_MAC_CTX **out)
{
	static const uint8_t none; /* an empty key is still a key */
	WARD_TRY(ward_crypto_init());
	const EVP_MAC_CTX *tmpl = ward_crypto_hmac_template(alg);
	WARD_ENSURE(tmpl != NULL, WARD_ERR_ARG);
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(tmpl);
	WARD_ENSURE(ctx != NULL, WARD_ERR_NOMEM);
	if (!EVP_MAC_init(ctx, keylen > 0 ? key : &none, keylen, NULL)) {
		EVP_MAC_CTX_free(ctx);
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	}
	*out = ctx;
	return WARD_OK;
}

static int mac_update(EVP_MAC_CTX *ctx, const uint8_t *p, size_t len)
{
	return len == 0 || EVP_MAC_update(ctx, p, len);
}

ward_err ward_hmac(ward_hash_alg alg, const uint8_t *key, size_t keylen,
		   const uint8_t *data, size_t len, uint8_t *out)
{
	ward_err ret = WARD_OK;
	EVP_MAC_CTX *ctx;
	size_t outlen;
	WARD_TRY(mac_start(alg, key, keylen, &ctx));
	WARD_ENSURE_OUT(mac_update(ctx, data, len), WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(EVP_MAC_final(ctx, out, &outlen, WARD_HASH_MAX),
			WARD_ERR_CRYPTO);
out:
	EVP_MAC_CTX_free(ctx);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

/* ---- HKDF (RFC 5869) ---- */

ward_err ward_hkdf_extract(ward_hash_alg alg, const uint8_t *salt,
			   size_t saltlen, const uint8_t *ikm, size_t ikmlen,
			   uint8_t *prk)
{
	/* 2.2: "if not provided, [salt] is set to a string of HashLen
	 * zeros". */
	static const uint8_t zeros[WARD_HASH_MAX];
	size_t hl = ward_hash_len(alg);
	WARD_ENSURE(hl != 0, WARD_ERR_ARG);
	if (saltlen == 0) {
		salt = zeros;
		saltlen = hl;
	}
	return ward_hmac(alg, salt, saltlen, ikm, ikmlen, prk);
}

ward_err ward_hkdf_expand(ward_hash_alg alg, const uint8_t *prk,
			  size_t prklen, const uint8_t *info, size_t infolen,
			  uint8_t *out, size_t outlen)
{
	ward_err ret = WARD_OK;
	uint8_t t[WARD_HASH_MAX];
	size_t tlen = 0, done = 0;
	EVP_MAC_CTX *ctx;
	size_t hl = ward_hash_len(alg);
	/* 2.3: L <= 255*HashLen, since the block counter is one octet. */
	WARD_ENSURE(hl != 0 && outlen <= 255 * hl, WARD_ERR_ARG);
	WARD_TRY(mac_start(alg, prk, prklen, &ctx));
	/* T(i) = HMAC-Hash(PRK, T(i-1) | info | i) */
	for (uint8_t i = 1; done < outlen; i++) {
		/* A NULL key re-initialises with the PRK already set. */
		WARD_ENSURE_OUT(i == 1 || EVP_MAC_init(ctx, NULL, 0, NULL),
				WARD_ERR_CRYPTO);
		WARD_ENSURE_OUT(mac_update(ctx, t, tlen) &&
					mac_update(ctx, info, infolen) &&
					mac_update(ctx, &i, 1),
				WARD_ERR_CRYPTO);
		WARD_ENSURE_OUT(EVP_MAC_final(ctx, t, &tlen, sizeof t),
				WARD_ERR_CRYPTO);
		size_t n = outlen - done < tlen ? outlen - done : tlen;
		memcpy(out + done, t, n);
		done += n;
	}
out:
	OPENSSL_cleanse(t, sizeof t);
	EVP_MAC_CTX_free(ctx);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

/* Hashes (running and one-shot), HMAC (RFC 2104), HKDF (RFC 5869) and the
 * TLS 1.2 PRF (RFC 5246 5).
 *
 * HMAC is written out on one EVP_MD_CTX with the fetched digest. A keyed
 * EVP_MAC context costs about twice as much per call (it dups three digest
 * contexts and copies the key), and the TLS 1.3 key schedule makes a dozen
 * or two HMACs per handshake. HKDF is built on it: extract is one HMAC;
 * expand keys once and restarts per block. The TLS 1.2 PRF does the same
 * with two HMACs per block.
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

/* ---- HMAC (RFC 2104) ---- */

#define BLOCK_MAX 128 /* SHA-384 and SHA-512 */

struct hmac {
	EVP_MD_CTX *ctx;
	const EVP_MD *md;
	size_t block, hl;
	uint8_t k0[BLOCK_MAX]; /* the key, padded with zeros to a block */
};

/* H((K0 ^ ipad) || ...: start a MAC under the key already set. */
static ward_err hmac_start(struct hmac *h)
{
	uint8_t pad[BLOCK_MAX];
	for (size_t i = 0; i < h->block; i++)
		pad[i] = h->k0[i] ^ 0x36;
	int ok = EVP_DigestInit_ex2(h->ctx, h->md, NULL) &&
		 EVP_DigestUpdate(h->ctx, pad, h->block);
	OPENSSL_cleanse(pad, sizeof pad);
	return ok ? WARD_OK : ward_crypto_fail(WARD_ERR_CRYPTO);
}

static void hmac_free(struct hmac *h)
{
	/* The digest contexts wipe their state when freed. */
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
	OPENSSL_cleanse(h->k0, sizeof h->k0);
}

static ward_err hmac_init(struct hmac *h, ward_hash_alg alg, const uint8_t *key,
			  size_t keylen)
{
	memset(h, 0, sizeof *h);
	WARD_TRY(get_md(alg, &h->md));
	h->block = (size_t)EVP_MD_get_block_size(h->md);
	h->hl = ward_hash_len(alg);
	WARD_ENSURE(h->block <= BLOCK_MAX && h->hl <= h->block,
		    WARD_ERR_INTERNAL);
	h->ctx = EVP_MD_CTX_new();
	WARD_ENSURE(h->ctx != NULL, WARD_ERR_NOMEM);
	/* 2: a key longer than a block is hashed first. */
	if (keylen > h->block) {
		if (!EVP_Digest(key, keylen, h->k0, NULL, h->md, NULL)) {
			hmac_free(h);
			return ward_crypto_fail(WARD_ERR_CRYPTO);
		}
	} else if (keylen > 0) {
		memcpy(h->k0, key, keylen);
	}
	ward_err ret = hmac_start(h);
	if (ret != WARD_OK)
		hmac_free(h);
	return ret;
}

static int hmac_update(struct hmac *h, const void *p, size_t len)
{
	return len == 0 || EVP_DigestUpdate(h->ctx, p, len);
}

/* ...) then H((K0 ^ opad) || inner); out gets HashLen bytes. */
static ward_err hmac_final(struct hmac *h, uint8_t *out)
{
	uint8_t inner[WARD_HASH_MAX], pad[BLOCK_MAX];
	for (size_t i = 0; i < h->block; i++)
		pad[i] = h->k0[i] ^ 0x5c;
	int ok = EVP_DigestFinal_ex(h->ctx, inner, NULL) &&
		 EVP_DigestInit_ex2(h->ctx, h->md, NULL) &&
		 EVP_DigestUpdate(h->ctx, pad, h->block) &&
		 EVP_DigestUpdate(h->ctx, inner, h->hl) &&
		 EVP_DigestFinal_ex(h->ctx, out, NULL);
	OPENSSL_cleanse(inner, sizeof inner);
	OPENSSL_cleanse(pad, sizeof pad);
	return ok ? WARD_OK : ward_crypto_fail(WARD_ERR_CRYPTO);
}

ward_err ward_hmac(ward_hash_alg alg, const uint8_t *key, size_t keylen,
		   const uint8_t *data, size_t len, uint8_t *out)
{
	ward_err ret = WARD_OK;
	struct hmac h;
	WARD_TRY(hmac_init(&h, alg, key, keylen));
	WARD_ENSURE_OUT(hmac_update(&h, data, len), WARD_ERR_CRYPTO);
	WARD_TRY_OUT(hmac_final(&h, out));
out:
	hmac_free(&h);
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

ward_err ward_hkdf_expand(ward_hash_alg alg, const uint8_t *prk, size_t prklen,
			  const uint8_t *info, size_t infolen, uint8_t *out,
			  size_t outlen)
{
	ward_err ret = WARD_OK;
	uint8_t t[WARD_HASH_MAX];
	size_t tlen = 0, done = 0;
	struct hmac h;
	size_t hl = ward_hash_len(alg);
	/* 2.3: L <= 255*HashLen, since the block counter is one octet. */
	WARD_ENSURE(hl != 0 && outlen <= 255 * hl, WARD_ERR_ARG);
	WARD_TRY(hmac_init(&h, alg, prk, prklen));
	/* T(i) = HMAC-Hash(PRK, T(i-1) | info | i) */
	for (uint8_t i = 1; done < outlen; i++) {
		if (i > 1)
			WARD_TRY_OUT(hmac_start(&h));
		WARD_ENSURE_OUT(hmac_update(&h, t, tlen) &&
				    hmac_update(&h, info, infolen) &&
				    hmac_update(&h, &i, 1),
				WARD_ERR_CRYPTO);
		WARD_TRY_OUT(hmac_final(&h, t));
		tlen = hl;
		size_t n = outlen - done < tlen ? outlen - done : tlen;
		memcpy(out + done, t, n);
		done += n;
	}
out:
	OPENSSL_cleanse(t, sizeof t);
	hmac_free(&h);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

/* ---- the TLS 1.2 PRF (RFC 5246 5) ---- */

/* The seed of P_hash is label || seed1 || seed2, fed in parts. */
static int prf_seed(struct hmac *h, const char *label, size_t label_len,
		    const uint8_t *seed1, size_t seed1len, const uint8_t *seed2,
		    size_t seed2len)
{
	return hmac_update(h, label, label_len) &&
	       hmac_update(h, seed1, seed1len) &&
	       hmac_update(h, seed2, seed2len);
}

ward_err ward_prf_tls12(ward_hash_alg alg, const uint8_t *secret,
			size_t secretlen, const char *label,
			const uint8_t *seed1, size_t seed1len,
			const uint8_t *seed2, size_t seed2len, uint8_t *out,
			size_t outlen)
{
	ward_err ret = WARD_OK;
	uint8_t a[WARD_HASH_MAX], block[WARD_HASH_MAX];
	size_t done = 0;
	size_t label_len = strlen(label);
	struct hmac h;
	/* TLS 1.2 suites name SHA-256 (the default) or SHA-384 (RFC 5288,
	 * RFC 5289) as their PRF hash. */
	WARD_ENSURE(alg == WARD_HASH_SHA256 || alg == WARD_HASH_SHA384,
		    WARD_ERR_ARG);
	WARD_ENSURE(seed1len == 0 || seed1 != NULL, WARD_ERR_ARG);
	WARD_ENSURE(seed2len == 0 || seed2 != NULL, WARD_ERR_ARG);
	size_t hl = ward_hash_len(alg);
	WARD_TRY(hmac_init(&h, alg, secret, secretlen));
	/* A(1) = HMAC_hash(secret, A(0)), A(0) = seed */
	WARD_ENSURE_OUT(
	    prf_seed(&h, label, label_len, seed1, seed1len, seed2, seed2len),
	    WARD_ERR_CRYPTO);
	WARD_TRY_OUT(hmac_final(&h, a));
	while (done < outlen) {
		/* HMAC_hash(secret, A(i) + seed) */
		WARD_TRY_OUT(hmac_start(&h));
		WARD_ENSURE_OUT(hmac_update(&h, a, hl) &&
				    prf_seed(&h, label, label_len, seed1,
					     seed1len, seed2, seed2len),
				WARD_ERR_CRYPTO);
		WARD_TRY_OUT(hmac_final(&h, block));
		size_t n = outlen - done < hl ? outlen - done : hl;
		memcpy(out + done, block, n);
		done += n;
		if (done == outlen)
			break;
		/* A(i+1) = HMAC_hash(secret, A(i)) */
		WARD_TRY_OUT(hmac_start(&h));
		WARD_ENSURE_OUT(hmac_update(&h, a, hl), WARD_ERR_CRYPTO);
		WARD_TRY_OUT(hmac_final(&h, a));
	}
out:
	OPENSSL_cleanse(a, sizeof a);
	OPENSSL_cleanse(block, sizeof block);
	hmac_free(&h);
	if (ret != WARD_OK)
		OPENSSL_cleanse(out, outlen);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

/* The record MAC of the TLS 1.2 CBC suites: HMAC-SHA1 and HMAC-SHA256
 * (RFC 2104, RFC 5246 6.2.3.1), keyed once per epoch.
 *
 * Written on libcrypto's SHA1_* and SHA256_* functions, deprecated in
 * OpenSSL 3 but the same code under the EVP digests. Two things need them:
 * - no allocation per record: an OpenSSL 3.0 EVP_MD_CTX allocates on every
 *   re-initialisation and copy, while these states are plain values, so
 *   the states after K0^ipad and K0^opad are computed once per epoch and
 *   copied for each record;
 * - control of the compression function: the MAC-then-encrypt opener
 *   must hash a plaintext whose length depends on the padding without that
 *   length showing in the time taken (Lucky13). ward_rmac_compute_padded
 *   runs SHA1_Transform/SHA256_Transform over as many blocks as the
 *   longest plaintext needs, builds each block of the tail with masks (the
 *   data, then 0x80, zeros and the length, wherever the real end falls),
 *   and keeps the state after the block that really ends the message, by
 *   mask. Every byte up to the longest length is read, every block
 *   compressed, whatever the real length.
 *
 * SHA-1 and SHA-256 compress 64-byte blocks and pad a message with at
 * least 9 bytes (0x80 and the 64-bit length in bits): an M-byte message
 * costs (M + 9 + 63) / 64 calls, its last block holding the length.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "crypto/crypto.h"

#define BLOCK 64
#define LENGTH_PAD 9

typedef union hstate {
	SHA_CTX sha1;
	SHA256_CTX sha256;
} hstate;

struct rmac_state {
	hstate inner; /* after K0 ^ ipad */
	hstate outer; /* after K0 ^ opad */
	hstate work;
};

static int h_init(ward_hash_alg alg, hstate *h)
{
	return alg == WARD_HASH_SHA1 ? SHA1_Init(&h->sha1)
				     : SHA256_Init(&h->sha256);
}

static int h_update(ward_hash_alg alg, hstate *h, const void *p, size_t n)
{
	if (n == 0)
		return 1;
	return alg == WARD_HASH_SHA1 ? SHA1_Update(&h->sha1, p, n)
				     : SHA256_Update(&h->sha256, p, n);
}

static int h_final(ward_hash_alg alg, hstate *h, uint8_t *out)
{
	return alg == WARD_HASH_SHA1 ? SHA1_Final(out, &h->sha1)
				     : SHA256_Final(out, &h->sha256);
}

/* One compression-function call, counted. */
static void compress(ward_rmac *m, hstate *h, const uint8_t *block)
{
	if (m->alg == WARD_HASH_SHA1)
		SHA1_Transform(&h->sha1, block);
	else
		SHA256_Transform(&h->sha256, block);
	m->blocks++;
}

/* The chaining value: 5 words for SHA-1, 8 for SHA-256. */
static size_t state_words(ward_hash_alg alg)
{
	return alg == WARD_HASH_SHA1 ? 5 : 8;
}

static uint32_t state_word(ward_hash_alg alg, const hstate *h, size_t i)
{
	if (alg == WARD_HASH_SHA256)
		return h->sha256.h[i];
	const SHA_LONG w[5] = {h->sha1.h0, h->sha1.h1, h->sha1.h2, h->sha1.h3,
			       h->sha1.h4};
	return w[i];
}

/* Compression calls of the inner hash for n bytes after the ipad block,
 * the final padding included. */
static size_t inner_blocks(size_t n)
{
	return (BLOCK + n + LENGTH_PAD + BLOCK - 1) / BLOCK - 1;
}

size_t ward_rmac_len(const ward_rmac *m)
{
	return ward_hash_len(m->alg);
}

ward_err ward_rmac_init(ward_rmac *m, ward_hash_alg alg, const uint8_t *key,
			size_t keylen)
{
	uint8_t pad[BLOCK];
	m->st = NULL;
	m->alg = alg;
	m->blocks = 0;
	WARD_ENSURE(alg == WARD_HASH_SHA1 || alg == WARD_HASH_SHA256,
		    WARD_ERR_ARG);
	/* TLS MAC keys are as long as the MAC (RFC 5246 6.3), never longer
	 * than a block. */
	WARD_ENSURE(keylen <= BLOCK, WARD_ERR_ARG);
	struct rmac_state *st = OPENSSL_zalloc(sizeof *st);
	WARD_ENSURE(st != NULL, WARD_ERR_NOMEM);
	/* K0 is the key padded with zeros to a block (RFC 2104 2). */
	memset(pad, 0x36, sizeof pad);
	for (size_t i = 0; i < keylen; i++)
		pad[i] ^= key[i];
	int ok =
	    h_init(alg, &st->inner) && h_update(alg, &st->inner, pad, BLOCK);
	memset(pad, 0x5c, sizeof pad);
	for (size_t i = 0; i < keylen; i++)
		pad[i] ^= key[i];
	ok = ok && h_init(alg, &st->outer) &&
	     h_update(alg, &st->outer, pad, BLOCK);
	OPENSSL_cleanse(pad, sizeof pad);
	if (!ok) {
		OPENSSL_clear_free(st, sizeof *st);
		return WARD_ERR_CRYPTO;
	}
	m->st = st;
	return WARD_OK;
}

/* H((K0 ^ opad) || inner) into out; one compression call as both hashes
 * are 20 or 32 bytes. */
static int outer_hash(ward_rmac *m, const uint8_t *inner, uint8_t *out)
{
	struct rmac_state *st = m->st;
	st->work = st->outer;
	int ok = h_update(m->alg, &st->work, inner, ward_rmac_len(m)) &&
		 h_final(m->alg, &st->work, out);
	m->blocks += inner_blocks(ward_rmac_len(m));
	return ok;
}

ward_err ward_rmac_compute(ward_rmac *m, const uint8_t *a, size_t alen,
			   const uint8_t *b, size_t blen, uint8_t *out)
{
	struct rmac_state *st = m->st;
	uint8_t inner[WARD_RMAC_MAX];
	WARD_ENSURE(st != NULL, WARD_ERR_STATE);
	st->work = st->inner;
	int ok = h_update(m->alg, &st->work, a, alen) &&
		 h_update(m->alg, &st->work, b, blen) &&
		 h_final(m->alg, &st->work, inner) && outer_hash(m, inner, out);
	m->blocks += inner_blocks(alen + blen);
	OPENSSL_cleanse(inner, sizeof inner);
	OPENSSL_cleanse(&st->work, sizeof st->work);
	return ok ? WARD_OK : WARD_ERR_CRYPTO;
}

/* Byte p of a || b (p < alen + blen): p is public. */
static uint8_t joined(const uint8_t *a, size_t alen, const uint8_t *b, size_t p)
{
	return p < alen ? a[p] : b[p - alen];
}

ward_err ward_rmac_compute_padded(ward_rmac *m, const uint8_t *a, size_t alen,
				  const uint8_t *b, size_t blen,
				  size_t max_blen, uint8_t *out)
{
	struct rmac_state *st = m->st;
	uint8_t block[BLOCK], inner[WARD_RMAC_MAX];
	uint32_t kept[8] = {0};
	WARD_ENSURE(st != NULL, WARD_ERR_STATE);
	WARD_ENSURE(blen <= max_blen && max_blen - blen <= WARD_RMAC_SPREAD,
		    WARD_ERR_ARG);
	size_t max_len = alen + max_blen, len = alen + blen; /* len: secret */
	/* The block that holds the length, counted after the key block, and
	 * the length in bits, the key block included. */
	size_t last = (len + LENGTH_PAD - 1) / BLOCK;
	uint64_t bits = (uint64_t)(BLOCK + len) * 8;
	size_t blocks = (max_len + LENGTH_PAD - 1) / BLOCK + 1;
	/* Blocks before the shortest message's end are all data, for every
	 * possible len: hashed as they are. */
	size_t min_len = max_blen > WARD_RMAC_SPREAD
			     ? alen + max_blen - WARD_RMAC_SPREAD
			     : alen;
	size_t plain = min_len / BLOCK;
	st->work = st->inner;
	for (size_t i = 0; i < plain; i++) {
		const uint8_t *at = block;
		if (i * BLOCK >= alen)
			at = b + (i * BLOCK - alen);
		else
			for (size_t j = 0; j < BLOCK; j++)
				block[j] = joined(a, alen, b, i * BLOCK + j);
		compress(m, &st->work, at);
	}
	size_t words = state_words(m->alg);
	for (size_t i = plain; i < blocks; i++) {
		size_t is_last = ward_ct_mask_eq(i, last);
		for (size_t j = 0; j < BLOCK; j++) {
			size_t p = i * BLOCK + j;
			size_t v = p < max_len ? joined(a, alen, b, p) : 0;
			v &= ward_ct_mask_lt(p, len);
			v |= 0x80 & ward_ct_mask_eq(p, len);
			if (j >= BLOCK - 8)
				v |= (size_t)(bits >> (8 * (BLOCK - 1 - j))) &
				     0xff & is_last;
			block[j] = (uint8_t)v;
		}
		compress(m, &st->work, block);
		for (size_t w = 0; w < words; w++)
			kept[w] |= state_word(m->alg, &st->work, w) &
				   (uint32_t)is_last;
	}
	for (size_t w = 0; w < words; w++)
		for (size_t k = 0; k < 4; k++)
			inner[4 * w + k] = (uint8_t)(kept[w] >> (24 - 8 * k));
	int ok = outer_hash(m, inner, out);
	OPENSSL_cleanse(block, sizeof block);
	OPENSSL_cleanse(inner, sizeof inner);
	OPENSSL_cleanse(kept, sizeof kept);
	OPENSSL_cleanse(&st->work, sizeof st->work);
	return ok ? WARD_OK : WARD_ERR_CRYPTO;
}

void ward_rmac_free(ward_rmac *m)
{
	OPENSSL_clear_free(m->st,
			   m->st != NULL ? sizeof(struct rmac_state) : 0);
	m->st = NULL;
}

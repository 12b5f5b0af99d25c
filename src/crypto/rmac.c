/* The record MAC of the TLS 1.2 CBC suites: HMAC-SHA1 and HMAC-SHA256
 * (RFC 2104, RFC 5246 6.2.3.1), keyed once per epoch.
 *
 * Written on libcrypto's SHA1_* and SHA256_* functions, deprecated in
 * OpenSSL 3 but the same code under the EVP digests. Two things need them:
 * - no allocation per record: an OpenSSL 3.0 EVP_MD_CTX allocates on every
 *   re-initialisation and copy, while these states are plain values, so
 *   the states after K0^ipad and K0^opad are computed once per epoch and
 *   copied for each record;
 * - a count of compression-function calls that we control: the
 *   MAC-then-encrypt opener must do the same number whatever the padding
 *   length (Lucky13), and SHA1_Transform/SHA256_Transform run exactly one.
 *
 * SHA-1 and SHA-256 compress 64-byte blocks, and pad a message with at
 * least 9 bytes (0x80 and the 64-bit length): an M-byte message costs
 * (M + 9 + 63) / 64 calls, the ones made while padding included.
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
	hstate filler; /* only ever compresses: the padding-independent work */
	uint8_t filler_block[BLOCK];
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

static void h_compress(ward_hash_alg alg, hstate *h, const uint8_t *block)
{
	if (alg == WARD_HASH_SHA1)
		SHA1_Transform(&h->sha1, block);
	else
		SHA256_Transform(&h->sha256, block);
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
	     h_update(alg, &st->outer, pad, BLOCK) && h_init(alg, &st->filler);
	OPENSSL_cleanse(pad, sizeof pad);
	if (!ok) {
		OPENSSL_clear_free(st, sizeof *st);
		return WARD_ERR_CRYPTO;
	}
	m->st = st;
	return WARD_OK;
}

/* The inner hash of a || b, then the outer one; counts the calls. */
static ward_err mac(ward_rmac *m, const uint8_t *a, size_t alen,
		    const uint8_t *b, size_t blen, uint8_t *out)
{
	struct rmac_state *st = m->st;
	uint8_t inner[WARD_RMAC_MAX];
	size_t hl = ward_rmac_len(m);
	WARD_ENSURE(st != NULL, WARD_ERR_STATE);
	st->work = st->inner;
	int ok = h_update(m->alg, &st->work, a, alen) &&
		 h_update(m->alg, &st->work, b, blen) &&
		 h_final(m->alg, &st->work, inner);
	st->work = st->outer;
	ok = ok && h_update(m->alg, &st->work, inner, hl) &&
	     h_final(m->alg, &st->work, out);
	OPENSSL_cleanse(inner, sizeof inner);
	OPENSSL_cleanse(&st->work, sizeof st->work);
	m->blocks += inner_blocks(alen + blen) + inner_blocks(hl);
	return ok ? WARD_OK : WARD_ERR_CRYPTO;
}

ward_err ward_rmac_compute(ward_rmac *m, const uint8_t *a, size_t alen,
			   const uint8_t *b, size_t blen, uint8_t *out)
{
	return mac(m, a, alen, b, blen, out);
}

ward_err ward_rmac_compute_padded(ward_rmac *m, const uint8_t *a, size_t alen,
				  const uint8_t *b, size_t blen,
				  size_t max_blen, uint8_t *out)
{
	WARD_ENSURE(blen <= max_blen, WARD_ERR_ARG);
	WARD_TRY(mac(m, a, alen, b, blen, out));
	/* Make up the calls the hash skipped for being shorter than
	 * max_blen: then the total depends on max_blen (public: the record's
	 * length) only. */
	struct rmac_state *st = m->st;
	size_t extra =
	    inner_blocks(alen + max_blen) - inner_blocks(alen + blen);
	for (size_t i = 0; i < extra; i++) {
		h_compress(m->alg, &st->filler, st->filler_block);
		m->blocks++;
	}
	return WARD_OK;
}

void ward_rmac_free(ward_rmac *m)
{
	OPENSSL_clear_free(m->st,
			   m->st != NULL ? sizeof(struct rmac_state) : 0);
	m->st = NULL;
}

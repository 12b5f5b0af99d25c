/* Ephemeral key exchange: X25519, X448, P-256, P-384, P-521 (ECDHE) and
 * the RFC 7919 finite-field groups ffdhe2048/3072/4096, with TLS wire
 * encodings (RFC 8446 4.2.8.1 and 4.2.8.2) and validation of the peer's
 * share.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include "crypto/internal.h"

enum kind { KIND_XDH, KIND_EC, KIND_DH }; /* XDH: X25519 and X448 */

struct group {
	uint16_t id;
	const char *name; /* RFC 8446 / RFC 7919 */
	const char *ossl; /* libcrypto's group name */
	int nid;	  /* EC curves only */
	size_t publen;	  /* the share on the wire */
	size_t secretlen; /* the shared secret */
	enum kind kind;
};

static const struct group groups[] = {
    {WARD_GROUP_SECP256R1, "secp256r1", "P-256", NID_X9_62_prime256v1, 65, 32,
     KIND_EC},
    {WARD_GROUP_SECP384R1, "secp384r1", "P-384", NID_secp384r1, 97, 48,
     KIND_EC},
    {WARD_GROUP_SECP521R1, "secp521r1", "P-521", NID_secp521r1, 133, 66,
     KIND_EC},
    {WARD_GROUP_X25519, "x25519", "X25519", NID_undef, 32, 32, KIND_XDH},
    {WARD_GROUP_X448, "x448", "X448", NID_undef, 56, 56, KIND_XDH},
    {WARD_GROUP_FFDHE2048, "ffdhe2048", "ffdhe2048", NID_undef, 256, 256,
     KIND_DH},
    {WARD_GROUP_FFDHE3072, "ffdhe3072", "ffdhe3072", NID_undef, 384, 384,
     KIND_DH},
    {WARD_GROUP_FFDHE4096, "ffdhe4096", "ffdhe4096", NID_undef, 512, 512,
     KIND_DH},
};

static const struct group *find_group(uint16_t id)
{
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (groups[i].id == id)
			return &groups[i];
	return NULL;
}

int ward_group_supported(uint16_t group)
{
	return find_group(group) != NULL;
}

const char *ward_group_name(uint16_t group)
{
	const struct group *g = find_group(group);
	return g != NULL ? g->name : NULL;
}

size_t ward_kex_pub_len(uint16_t group)
{
	const struct group *g = find_group(group);
	return g != NULL ? g->publen : 0;
}

static const char *keytype(const struct group *g)
{
	switch (g->kind) {
	case KIND_XDH:
		return g->ossl; /* "X25519" or "X448": the key type itself */
	case KIND_EC:
		return "EC";
	case KIND_DH:
		return "DH";
	}
	return NULL;
}

/* Our share in its TLS encoding. */
static ward_err encode_pub(const struct group *g, EVP_PKEY *pkey, uint8_t *pub,
			   size_t *publen)
{
	size_t len = WARD_KEX_PUB_MAX;
	BIGNUM *y = NULL;
	switch (g->kind) {
	case KIND_XDH:
		if (!EVP_PKEY_get_raw_public_key(pkey, pub, &len))
			return WARD_ERR_CRYPTO;
		break;
	case KIND_EC:
		/* 0x04 || X || Y, the only form TLS 1.3 allows (4.2.8.2) */
		if (!EVP_PKEY_get_octet_string_param(
			pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub,
			WARD_KEX_PUB_MAX, &len) ||
		    pub[0] != 0x04)
			return WARD_ERR_CRYPTO;
		break;
	case KIND_DH:
		/* Y left-padded with zeros to the size of p (4.2.8.1) */
		if (!EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, &y))
			return WARD_ERR_CRYPTO;
		len = BN_bn2binpad(y, pub, (int)g->publen) < 0 ? 0 : g->publen;
		BN_free(y);
		break;
	}
	WARD_ENSURE(len == g->publen, WARD_ERR_CRYPTO);
	*publen = len;
	return WARD_OK;
}

/* The end of making our key (ret says whether that worked): encode its
 * share and hand it to k, or free it. */
static ward_err adopt(ward_kex *k, const struct group *g, ward_err ret,
		      EVP_PKEY *pkey, uint8_t *pub, size_t *publen)
{
	if (ret == WARD_OK)
		ret = encode_pub(g, pkey, pub, publen);
	if (ret != WARD_OK) {
		EVP_PKEY_free(pkey);
		return ward_crypto_fail(ret);
	}
	k->pkey = pkey;
	k->group = g->id;
	return WARD_OK;
}

enum ctx_op { OP_KEYGEN, OP_FROMDATA };

/* One key generation and one import context per group, made on first use
 * and kept: a context from a name costs a provider lookup, which would
 * otherwise be paid on every handshake, for our share and for the peer's.
 * (One thread per process.) */
static ward_err group_ctx(const struct group *g, enum ctx_op op,
			  EVP_PKEY_CTX **out)
{
	static EVP_PKEY_CTX *cache[2][sizeof groups / sizeof *groups];
	EVP_PKEY_CTX **slot = &cache[op][g - groups];
	if (*slot) {
		*out = *slot;
		return WARD_OK;
	}
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, keytype(g), NULL);
	WARD_ENSURE(ctx != NULL, WARD_ERR_CRYPTO);
	OSSL_PARAM params[] = {
	    OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
					     (char *)g->ossl, 0),
	    OSSL_PARAM_construct_end(),
	};
	int ok = op == OP_FROMDATA ? EVP_PKEY_fromdata_init(ctx) > 0
				   : EVP_PKEY_keygen_init(ctx) > 0 &&
					 (g->kind == KIND_XDH ||
					  EVP_PKEY_CTX_set_params(ctx, params));
	if (!ok) {
		EVP_PKEY_CTX_free(ctx);
		return WARD_ERR_CRYPTO;
	}
	*out = *slot = ctx;
	return WARD_OK;
}

ward_err ward_kex_keygen(ward_kex *k, uint16_t group, uint8_t *pub,
			 size_t *publen)
{
	ward_err ret = WARD_OK;
	EVP_PKEY *pkey = NULL;
	const struct group *g = find_group(group);
	WARD_ENSURE(g != NULL, WARD_ERR_ARG);
	WARD_TRY(ward_crypto_init());

	EVP_PKEY_CTX *ctx;
	WARD_TRY(group_ctx(g, OP_KEYGEN, &ctx));
	WARD_ENSURE_OUT(EVP_PKEY_generate(ctx, &pkey) > 0, WARD_ERR_CRYPTO);
out:
	return adopt(k, g, ret, pkey, pub, publen);
}

/* A key from OSSL_PARAMs: the group name (X25519/X448 have none), whatever
 * the caller pushed. */
static ward_err key_fromdata(const struct group *g, OSSL_PARAM_BLD *bld,
			     int selection, EVP_PKEY **out)
{
	ward_err ret = WARD_OK;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx;
	WARD_TRY(group_ctx(g, OP_FROMDATA, &ctx));
	WARD_ENSURE(g->kind == KIND_XDH ||
			OSSL_PARAM_BLD_push_utf8_string(
			    bld, OSSL_PKEY_PARAM_GROUP_NAME, g->ossl, 0),
		    WARD_ERR_CRYPTO);
	params = OSSL_PARAM_BLD_to_param(bld);
	WARD_ENSURE(params != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(EVP_PKEY_fromdata(ctx, out, selection, params) > 0,
			WARD_ERR_CRYPTO);
out:
	OSSL_PARAM_free(params); /* BLD_to_param copies in secure memory */
	return ret;
}

/* ---- keys from given private values (reproducing published vectors) ---- */

/* The public point d*G; OpenSSL 3.0's EC import wants it with the scalar. */
static ward_err ec_from_private(const struct group *g, const uint8_t *priv,
				size_t privlen, EVP_PKEY **out)
{
	ward_err ret = WARD_OK;
	uint8_t pub[WARD_KEX_PUB_MAX];
	EC_POINT *pt = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	BIGNUM *d = BN_secure_new();
	EC_GROUP *group = EC_GROUP_new_by_curve_name(g->nid);
	WARD_ENSURE_OUT(d != NULL && group != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(privlen == g->secretlen, WARD_ERR_ARG);
	WARD_ENSURE_OUT(BN_bin2bn(priv, (int)privlen, d) != NULL,
			WARD_ERR_NOMEM);
	/* 1 <= d < n */
	WARD_ENSURE_OUT(!BN_is_zero(d) &&
			    BN_cmp(d, EC_GROUP_get0_order(group)) < 0,
			WARD_ERR_ARG);
	pt = EC_POINT_new(group);
	WARD_ENSURE_OUT(pt != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(EC_POINT_mul(group, pt, d, NULL, NULL, NULL),
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(EC_POINT_point2oct(group, pt,
					   POINT_CONVERSION_UNCOMPRESSED, pub,
					   sizeof pub, NULL) == g->publen,
			WARD_ERR_CRYPTO);
	bld = OSSL_PARAM_BLD_new();
	WARD_ENSURE_OUT(bld != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
		OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
						 pub, g->publen),
	    WARD_ERR_CRYPTO);
	WARD_TRY_OUT(key_fromdata(g, bld, EVP_PKEY_KEYPAIR, out));
out:
	OSSL_PARAM_BLD_free(bld);
	EC_POINT_free(pt);
	EC_GROUP_free(group);
	BN_clear_free(d);
	return ret;
}

/* Y = g^x mod p with the group's p and g. */
static ward_err dh_from_private(const struct group *g, const uint8_t *priv,
				size_t privlen, EVP_PKEY **out)
{
	ward_err ret = WARD_OK;
	EVP_PKEY *params = NULL;
	BIGNUM *p = NULL, *gen = NULL, *y = BN_new(), *pm1 = BN_new();
	BIGNUM *x = BN_secure_new();
	BN_CTX *bnctx = BN_CTX_secure_new();
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	WARD_ENSURE_OUT(y && pm1 && x && bnctx && bld, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(privlen > 0 && privlen <= g->publen, WARD_ERR_ARG);
	WARD_TRY_OUT(key_fromdata(g, bld, EVP_PKEY_KEY_PARAMETERS, &params));
	WARD_ENSURE_OUT(
	    EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, &p) &&
		EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_G, &gen),
	    WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(BN_bin2bn(priv, (int)privlen, x) &&
			    BN_sub(pm1, p, BN_value_one()),
			WARD_ERR_NOMEM);
	/* 1 < x < p-1 */
	WARD_ENSURE_OUT(BN_cmp(x, BN_value_one()) > 0 && BN_cmp(x, pm1) < 0,
			WARD_ERR_ARG);
	BN_set_flags(x, BN_FLG_CONSTTIME);
	WARD_ENSURE_OUT(BN_mod_exp(y, gen, x, p, bnctx), WARD_ERR_CRYPTO);
	OSSL_PARAM_BLD_free(bld);
	bld = OSSL_PARAM_BLD_new();
	WARD_ENSURE_OUT(bld != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, x) &&
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y),
	    WARD_ERR_CRYPTO);
	WARD_TRY_OUT(key_fromdata(g, bld, EVP_PKEY_KEYPAIR, out));
out:
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_free(params);
	BN_CTX_free(bnctx);
	BN_clear_free(x);
	BN_free(p);
	BN_free(gen);
	BN_free(y);
	BN_free(pm1);
	return ret;
}

ward_err ward_kex_from_private(ward_kex *k, uint16_t group, const uint8_t *priv,
			       size_t privlen, uint8_t *pub, size_t *publen)
{
	ward_err ret = WARD_OK;
	EVP_PKEY *pkey = NULL;
	const struct group *g = find_group(group);
	WARD_ENSURE(g != NULL, WARD_ERR_ARG);
	WARD_TRY(ward_crypto_init());
	switch (g->kind) {
	case KIND_XDH:
		WARD_ENSURE(privlen == g->secretlen, WARD_ERR_ARG);
		pkey = EVP_PKEY_new_raw_private_key_ex(NULL, g->ossl, NULL,
						       priv, privlen);
		WARD_ENSURE_OUT(pkey != NULL, WARD_ERR_CRYPTO);
		break;
	case KIND_EC:
		WARD_TRY_OUT(ec_from_private(g, priv, privlen, &pkey));
		break;
	case KIND_DH:
		WARD_TRY_OUT(dh_from_private(g, priv, privlen, &pkey));
		break;
	}
out:
	return adopt(k, g, ret, pkey, pub, publen);
}

/* p and g of an FFDHE group, filled on first use. */
struct ffdhe_params {
	uint8_t p[WARD_KEX_PUB_MAX], g[8];
	size_t p_len, g_len;
};

static ward_err load_ffdhe_params(const struct group *grp,
				  struct ffdhe_params *e)
{
	ward_err ret = WARD_OK;
	EVP_PKEY *params = NULL;
	BIGNUM *bp = NULL, *bg = NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	WARD_ENSURE_OUT(bld != NULL, WARD_ERR_NOMEM);
	WARD_TRY_OUT(key_fromdata(grp, bld, EVP_PKEY_KEY_PARAMETERS, &params));
	WARD_ENSURE_OUT(
	    EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, &bp) &&
		EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_G, &bg),
	    WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT((size_t)BN_num_bytes(bp) == grp->publen &&
			    (size_t)BN_num_bytes(bg) <= sizeof e->g,
			WARD_ERR_CRYPTO);
	e->g_len = (size_t)BN_bn2bin(bg, e->g);
	e->p_len = (size_t)BN_bn2bin(bp, e->p);
out:
	BN_free(bp);
	BN_free(bg);
	EVP_PKEY_free(params);
	OSSL_PARAM_BLD_free(bld);
	return ret;
}

ward_err ward_kex_ffdhe_params(uint16_t group, ward_slice *p, ward_slice *g)
{
	static struct ffdhe_params cache[sizeof groups / sizeof *groups];
	const struct group *grp = find_group(group);
	WARD_ENSURE(grp != NULL && grp->kind == KIND_DH, WARD_ERR_ARG);
	struct ffdhe_params *e = &cache[grp - groups];
	if (!e->p_len) {
		WARD_TRY(ward_crypto_init());
		WARD_TRY(load_ffdhe_params(grp, e));
	}
	*p = ward_slice_make(e->p, e->p_len);
	*g = ward_slice_make(e->g, e->g_len);
	return WARD_OK;
}

/* ---- the peer's share ---- */

/* RFC 7919 5.1: the peer's Y must satisfy 1 < Y < p-1. */
static ward_err dh_check_range(EVP_PKEY *ours, const BIGNUM *y)
{
	ward_err ret = WARD_OK;
	BIGNUM *p = NULL, *pm1 = BN_new();
	WARD_ENSURE_OUT(pm1 != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(
	    EVP_PKEY_get_bn_param(ours, OSSL_PKEY_PARAM_FFC_P, &p) &&
		BN_sub(pm1, p, BN_value_one()),
	    WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(BN_cmp(y, BN_value_one()) > 0 && BN_cmp(y, pm1) < 0,
			WARD_ERR_ILLEGAL_PARAMETER);
out:
	BN_free(p);
	BN_free(pm1);
	return ret;
}

/* The peer's share as a key, refusing anything malformed or off the curve
 * with ILLEGAL_PARAMETER (RFC 8446 4.2.8: "MUST ... verify"). */
static ward_err peer_key(const struct group *g, EVP_PKEY *ours,
			 const uint8_t *peer, size_t len, EVP_PKEY **out)
{
	ward_err ret = WARD_OK;
	OSSL_PARAM_BLD *bld = NULL;
	EVP_PKEY_CTX *check = NULL;
	BIGNUM *y = NULL;
	*out = NULL;
	WARD_ENSURE(len == g->publen, WARD_ERR_ILLEGAL_PARAMETER);
	/* 4.2.8.2: only the uncompressed form */
	WARD_ENSURE(g->kind != KIND_EC || peer[0] == 0x04,
		    WARD_ERR_ILLEGAL_PARAMETER);
	bld = OSSL_PARAM_BLD_new();
	WARD_ENSURE_OUT(bld != NULL, WARD_ERR_NOMEM);
	if (g->kind != KIND_DH) {
		WARD_ENSURE_OUT(OSSL_PARAM_BLD_push_octet_string(
				    bld, OSSL_PKEY_PARAM_PUB_KEY, peer, len),
				WARD_ERR_NOMEM);
	} else {
		y = BN_bin2bn(peer, (int)len, NULL);
		WARD_ENSURE_OUT(y != NULL, WARD_ERR_NOMEM);
		WARD_TRY_OUT(dh_check_range(ours, y));
		WARD_ENSURE_OUT(
		    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y),
		    WARD_ERR_NOMEM);
	}
	/* EC import refuses a point that is not on the curve; any string of
	 * the right length is an X25519/X448 share (small orders are caught
	 * on derive). */
	WARD_ENSURE_OUT(
	    key_fromdata(g, bld, EVP_PKEY_PUBLIC_KEY, out) == WARD_OK,
	    g->kind == KIND_XDH ? WARD_ERR_CRYPTO : WARD_ERR_ILLEGAL_PARAMETER);
	if (g->kind == KIND_EC) {
		/* On the curve, not infinity, coordinates in range; the
		 * curves have cofactor 1, so that suffices. */
		check = EVP_PKEY_CTX_new_from_pkey(NULL, *out, NULL);
		WARD_ENSURE_OUT(check != NULL, WARD_ERR_NOMEM);
		WARD_ENSURE_OUT(EVP_PKEY_public_check_quick(check) > 0,
				WARD_ERR_ILLEGAL_PARAMETER);
	}
out:
	if (ret != WARD_OK) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
	EVP_PKEY_CTX_free(check);
	BN_free(y);
	OSSL_PARAM_BLD_free(bld);
	return ret;
}

static int all_zero(const uint8_t *p, size_t len)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < len; i++)
		acc |= p[i];
	return acc == 0;
}

ward_err ward_kex_derive(const ward_kex *k, const uint8_t *peer, size_t peerlen,
			 uint8_t *secret, size_t *secretlen)
{
	ward_err ret = WARD_OK;
	EVP_PKEY *theirs = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	const struct group *g = find_group(k->group);
	WARD_ENSURE(g != NULL && k->pkey != NULL, WARD_ERR_STATE);
	size_t len = g->secretlen;
	WARD_TRY(ward_crypto_init());

	WARD_TRY_OUT(peer_key(g, k->pkey, peer, peerlen, &theirs));
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	WARD_ENSURE_OUT(ctx != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(EVP_PKEY_derive_init(ctx) > 0, WARD_ERR_CRYPTO);
	/* Validated above; the library's own check would redo it in full. */
	WARD_ENSURE_OUT(EVP_PKEY_derive_set_peer_ex(ctx, theirs, 0) > 0,
			WARD_ERR_CRYPTO);
	/* X25519/X448: libcrypto refuses an all-zero result, which a
	 * small-order point gives (RFC 7748 6, RFC 8446 7.4.2). */
	WARD_ENSURE_OUT(EVP_PKEY_derive(ctx, secret, &len) > 0,
			g->kind == KIND_XDH ? WARD_ERR_ILLEGAL_PARAMETER
					    : WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(len <= g->secretlen, WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(g->kind != KIND_XDH || !all_zero(secret, len),
			WARD_ERR_ILLEGAL_PARAMETER);
	if (len < g->secretlen) {
		/* RFC 8446 7.4.1: the DH secret keeps its leading zeros,
		 * padded to the size of p. */
		size_t pad = g->secretlen - len;
		memmove(secret + pad, secret, len);
		memset(secret, 0, pad);
		len = g->secretlen;
	}
	*secretlen = len;
out:
	if (ret != WARD_OK)
		OPENSSL_cleanse(secret, g->secretlen);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(theirs);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

void ward_kex_free(ward_kex *k)
{
	/* EVP_PKEY_free clears the private key. */
	EVP_PKEY_free(k->pkey);
	k->pkey = NULL;
}

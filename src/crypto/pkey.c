/* Keys and signatures: loading, generating and exporting private keys,
 * TLS SignatureScheme handling (RFC 8446 4.2.3), sign and verify.
 */
#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "crypto/internal.h"

enum sig_kind {
	SIG_ECDSA,
	SIG_PSS_RSAE, /* PSS with an rsaEncryption key */
	SIG_PSS_PSS,  /* PSS with an RSASSA-PSS key */
	SIG_PKCS1,
	SIG_ED25519,
};

struct scheme {
	uint16_t id;
	const char *name;
	enum sig_kind kind;
	ward_hash_alg hash;  /* unused for Ed25519 */
	ward_key_type curve; /* ECDSA: the curve TLS 1.3 binds; NONE: any */
};

static const struct scheme schemes[] = {
    {WARD_SIG_RSA_PKCS1_SHA1, "rsa_pkcs1_sha1", SIG_PKCS1, WARD_HASH_SHA1,
     WARD_KEY_NONE},
    {WARD_SIG_ECDSA_SHA1, "ecdsa_sha1", SIG_ECDSA, WARD_HASH_SHA1,
     WARD_KEY_NONE},
    {WARD_SIG_RSA_PKCS1_SHA256, "rsa_pkcs1_sha256", SIG_PKCS1, WARD_HASH_SHA256,
     WARD_KEY_NONE},
    {WARD_SIG_ECDSA_SECP256R1_SHA256, "ecdsa_secp256r1_sha256", SIG_ECDSA,
     WARD_HASH_SHA256, WARD_KEY_EC_P256},
    {WARD_SIG_RSA_PKCS1_SHA384, "rsa_pkcs1_sha384", SIG_PKCS1, WARD_HASH_SHA384,
     WARD_KEY_NONE},
    {WARD_SIG_ECDSA_SECP384R1_SHA384, "ecdsa_secp384r1_sha384", SIG_ECDSA,
     WARD_HASH_SHA384, WARD_KEY_EC_P384},
    {WARD_SIG_RSA_PKCS1_SHA512, "rsa_pkcs1_sha512", SIG_PKCS1, WARD_HASH_SHA512,
     WARD_KEY_NONE},
    {WARD_SIG_ECDSA_SECP521R1_SHA512, "ecdsa_secp521r1_sha512", SIG_ECDSA,
     WARD_HASH_SHA512, WARD_KEY_EC_P521},
    {WARD_SIG_RSA_PSS_RSAE_SHA256, "rsa_pss_rsae_sha256", SIG_PSS_RSAE,
     WARD_HASH_SHA256, WARD_KEY_NONE},
    {WARD_SIG_RSA_PSS_RSAE_SHA384, "rsa_pss_rsae_sha384", SIG_PSS_RSAE,
     WARD_HASH_SHA384, WARD_KEY_NONE},
    {WARD_SIG_RSA_PSS_RSAE_SHA512, "rsa_pss_rsae_sha512", SIG_PSS_RSAE,
     WARD_HASH_SHA512, WARD_KEY_NONE},
    {WARD_SIG_ED25519, "ed25519", SIG_ED25519, WARD_HASH_SHA512, WARD_KEY_NONE},
    {WARD_SIG_RSA_PSS_PSS_SHA256, "rsa_pss_pss_sha256", SIG_PSS_PSS,
     WARD_HASH_SHA256, WARD_KEY_NONE},
    {WARD_SIG_RSA_PSS_PSS_SHA384, "rsa_pss_pss_sha384", SIG_PSS_PSS,
     WARD_HASH_SHA384, WARD_KEY_NONE},
    {WARD_SIG_RSA_PSS_PSS_SHA512, "rsa_pss_pss_sha512", SIG_PSS_PSS,
     WARD_HASH_SHA512, WARD_KEY_NONE},
};

static const struct scheme *find_scheme(uint16_t id)
{
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (schemes[i].id == id)
			return &schemes[i];
	return NULL;
}

const char *ward_sigscheme_name(uint16_t scheme)
{
	const struct scheme *s = find_scheme(scheme);
	return s != NULL ? s->name : NULL;
}

/* ---- key properties ---- */

static ward_key_type ec_curve(EVP_PKEY *p)
{
	char name[64];
	if (!EVP_PKEY_get_utf8_string_param(p, OSSL_PKEY_PARAM_GROUP_NAME, name,
					    sizeof name, NULL))
		return WARD_KEY_OTHER; /* explicit parameters: not ours */
	int nid = OBJ_sn2nid(name);
	if (nid == NID_undef)
		nid = EC_curve_nist2nid(name);
	switch (nid) {
	case NID_X9_62_prime256v1:
		return WARD_KEY_EC_P256;
	case NID_secp384r1:
		return WARD_KEY_EC_P384;
	case NID_secp521r1:
		return WARD_KEY_EC_P521;
	}
	return WARD_KEY_OTHER;
}

ward_key_type ward_pkey_type(const ward_pkey *k)
{
	EVP_PKEY *p = ward_pkey_evp(k);
	if (p == NULL)
		return WARD_KEY_NONE;
	if (EVP_PKEY_is_a(p, "RSA") || EVP_PKEY_is_a(p, "RSA-PSS"))
		return WARD_KEY_RSA;
	if (EVP_PKEY_is_a(p, "EC"))
		return ec_curve(p);
	if (EVP_PKEY_is_a(p, "ED25519"))
		return WARD_KEY_ED25519;
	return WARD_KEY_OTHER;
}

size_t ward_pkey_bits(const ward_pkey *k)
{
	int bits = k != NULL ? EVP_PKEY_get_bits(ward_pkey_evp(k)) : 0;
	return bits > 0 ? (size_t)bits : 0;
}

size_t ward_pkey_sig_max(const ward_pkey *k)
{
	int size = k != NULL ? EVP_PKEY_get_size(ward_pkey_evp(k)) : 0;
	return size > 0 ? (size_t)size : 0;
}

/* An RSASSA-PSS key may be restricted to one digest (RFC 4055 3.1). */
static int pss_key_allows(EVP_PKEY *p, ward_hash_alg hash)
{
	char name[64];
	if (!EVP_PKEY_get_utf8_string_param(p, OSSL_PKEY_PARAM_RSA_DIGEST, name,
					    sizeof name, NULL))
		return 1; /* unrestricted */
	const EVP_MD *md = ward_crypto_md(hash);
	return md != NULL && EVP_MD_is_a(md, name);
}

/* What a key is checked for: verifying (in TLS 1.3 and certificates, or
 * a TLS 1.2 peer's), or signing in TLS 1.3 or in TLS 1.2. */
enum use { USE_VERIFY, USE_VERIFY12, USE_SIGN13, USE_SIGN12 };

/* Whether the key can be used with the scheme at all. */
static int usable(EVP_PKEY *p, const struct scheme *s, enum use use)
{
	if (p == NULL || s == NULL || ward_crypto_init() != WARD_OK)
		return 0;
	/* TLS 1.3 signs with neither SHA-1 nor PKCS#1 v1.5 (4.2.3); both
	 * remain for checking certificates and TLS 1.2 peers, and TLS 1.2
	 * may sign with them (whether SHA-1 is the caller's policy). */
	if (use == USE_SIGN13 &&
	    (s->kind == SIG_PKCS1 || s->hash == WARD_HASH_SHA1))
		return 0;
	/* PSS needs emLen >= hLen + sLen + 2 with sLen = hLen (RFC 8017
	 * 9.1.1), which rules out small keys with large hashes. */
	size_t pss_min = 2 * ward_hash_len(s->hash) + 2;
	switch (s->kind) {
	case SIG_ECDSA:
		/* in TLS 1.2 an ECDSA scheme names the hash whatever the
		 * curve (a peer may sign SHA-256 with P-384); ward signs
		 * with its key's own curve */
		return EVP_PKEY_is_a(p, "EC") &&
		       (s->curve == WARD_KEY_NONE || use == USE_VERIFY12 ||
			ec_curve(p) == s->curve);
	case SIG_PSS_RSAE:
		return EVP_PKEY_is_a(p, "RSA") &&
		       ward_pkey_sig_max(ward_pkey_wrap(p)) >= pss_min;
	case SIG_PSS_PSS:
		return EVP_PKEY_is_a(p, "RSA-PSS") &&
		       ward_pkey_sig_max(ward_pkey_wrap(p)) >= pss_min &&
		       pss_key_allows(p, s->hash);
	case SIG_PKCS1:
		return EVP_PKEY_is_a(p, "RSA");
	case SIG_ED25519:
		return EVP_PKEY_is_a(p, "ED25519");
	}
	return 0;
}

int ward_pkey_can_sign(const ward_pkey *k, uint16_t scheme)
{
	return usable(ward_pkey_evp(k), find_scheme(scheme), USE_SIGN13);
}

int ward_pkey_can_sign_tls12(const ward_pkey *k, uint16_t scheme)
{
	return usable(ward_pkey_evp(k), find_scheme(scheme), USE_SIGN12);
}

int ward_pkey_can_verify(const ward_pkey *k, uint16_t scheme)
{
	return usable(ward_pkey_evp(k), find_scheme(scheme), USE_VERIFY);
}

int ward_pkey_can_verify_tls12(const ward_pkey *k, uint16_t scheme)
{
	return usable(ward_pkey_evp(k), find_scheme(scheme), USE_VERIFY12);
}

/* ---- sign and verify ---- */

/* Set up mctx for the scheme: the digest, and for RSA the padding. */
static ward_err begin(EVP_MD_CTX *mctx, const struct scheme *s, EVP_PKEY *p,
		      int signing)
{
	EVP_PKEY_CTX *pctx = NULL;
	/* Ed25519 hashes inside the signature (RFC 8032): no digest. */
	const EVP_MD *md =
	    s->kind == SIG_ED25519 ? NULL : ward_crypto_md(s->hash);
	int ok = signing ? EVP_DigestSignInit(mctx, &pctx, md, NULL, p)
			 : EVP_DigestVerifyInit(mctx, &pctx, md, NULL, p);
	WARD_ENSURE(ok > 0, WARD_ERR_CRYPTO);
	switch (s->kind) {
	case SIG_PSS_RSAE:
	case SIG_PSS_PSS:
		/* RFC 8446 4.2.3: MGF1 with the same hash, and a salt as
		 * long as the digest. A verifier holds the peer to that. */
		WARD_ENSURE(EVP_PKEY_CTX_set_rsa_padding(
				pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
				EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) > 0 &&
				EVP_PKEY_CTX_set_rsa_pss_saltlen(
				    pctx, RSA_PSS_SALTLEN_DIGEST) > 0,
			    WARD_ERR_CRYPTO);
		break;
	case SIG_PKCS1:
		WARD_ENSURE(
		    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0,
		    WARD_ERR_CRYPTO);
		break;
	case SIG_ECDSA:
	case SIG_ED25519:
		break;
	}
	return WARD_OK;
}

/* A digest context ready to sign or verify under the scheme, or
 * ILLEGAL_PARAMETER when the key cannot be used with it. */
static ward_err start(ward_pkey *k, uint16_t scheme, enum use use,
		      EVP_MD_CTX **out)
{
	const struct scheme *s = find_scheme(scheme);
	EVP_PKEY *p = ward_pkey_evp(k);
	int signing = use == USE_SIGN13 || use == USE_SIGN12;
	WARD_TRY(ward_crypto_init());
	WARD_ENSURE(usable(p, s, use), WARD_ERR_ILLEGAL_PARAMETER);
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	WARD_ENSURE(mctx != NULL, WARD_ERR_NOMEM);
	ward_err ret = begin(mctx, s, p, signing);
	if (ret != WARD_OK) {
		EVP_MD_CTX_free(mctx);
		return ward_crypto_fail(ret);
	}
	*out = mctx;
	return WARD_OK;
}

static ward_err sign(ward_pkey *k, uint16_t scheme, enum use use,
		     const uint8_t *msg, size_t len, uint8_t *sig,
		     size_t *siglen)
{
	EVP_MD_CTX *mctx;
	WARD_TRY(start(k, scheme, use, &mctx));
	size_t n = ward_pkey_sig_max(k);
	int ok = EVP_DigestSign(mctx, sig, &n, msg, len) > 0;
	EVP_MD_CTX_free(mctx);
	WARD_ENSURE(ok, ward_crypto_fail(WARD_ERR_CRYPTO));
	*siglen = n;
	return WARD_OK;
}

ward_err ward_sign(ward_pkey *k, uint16_t scheme, const uint8_t *msg,
		   size_t len, uint8_t *sig, size_t *siglen)
{
	return sign(k, scheme, USE_SIGN13, msg, len, sig, siglen);
}

ward_err ward_sign_tls12(ward_pkey *k, uint16_t scheme, const uint8_t *msg,
			 size_t len, uint8_t *sig, size_t *siglen)
{
	return sign(k, scheme, USE_SIGN12, msg, len, sig, siglen);
}

static ward_err verify(ward_pkey *k, uint16_t scheme, enum use use,
		       const uint8_t *msg, size_t len, const uint8_t *sig,
		       size_t siglen)
{
	EVP_MD_CTX *mctx;
	WARD_TRY(start(k, scheme, use, &mctx));
	/* 0 is a wrong signature, < 0 one that does not even parse: both
	 * are the peer's failure (decrypt_error, RFC 8446 4.4.3). */
	int ok = EVP_DigestVerify(mctx, sig, siglen, msg, len) == 1;
	EVP_MD_CTX_free(mctx);
	WARD_ENSURE(ok, ward_crypto_fail(WARD_ERR_DECRYPT_ERROR));
	return WARD_OK;
}

ward_err ward_verify(ward_pkey *k, uint16_t scheme, const uint8_t *msg,
		     size_t len, const uint8_t *sig, size_t siglen)
{
	return verify(k, scheme, USE_VERIFY, msg, len, sig, siglen);
}

ward_err ward_verify_tls12(ward_pkey *k, uint16_t scheme, const uint8_t *msg,
			   size_t len, const uint8_t *sig, size_t siglen)
{
	return verify(k, scheme, USE_VERIFY12, msg, len, sig, siglen);
}

/* ---- loading, generating, exporting ---- */

enum pem_problem { PEM_OK, PEM_NO_KEY, PEM_ENCRYPTED, PEM_ONLY_CERT };

/* Asked for a passphrase: the key is encrypted, which we refuse. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	*(int *)u = 1;
	return -1;
}

static int contains(const void *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s)) != NULL;
}

static enum pem_problem parse_key(const void *pem, size_t len, EVP_PKEY **out)
{
	int asked = 0;
	*out = NULL;
	if (len > INT_MAX)
		return PEM_NO_KEY;
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	if (bio != NULL) {
		*out = PEM_read_bio_PrivateKey_ex(bio, NULL, no_passphrase,
						  &asked, NULL, NULL);
		BIO_free(bio);
	}
	ERR_clear_error(); /* a failed parse queues errors; the result says it
			    */
	if (*out != NULL)
		return PEM_OK;
	/* PKCS#8 "ENCRYPTED PRIVATE KEY", or traditional "Proc-Type:
	 * 4,ENCRYPTED" */
	if (asked || contains(pem, len, "ENCRYPTED"))
		return PEM_ENCRYPTED;
	if (!contains(pem, len, "PRIVATE KEY-----") &&
	    contains(pem, len, "-----BEGIN CERTIFICATE-----"))
		return PEM_ONLY_CERT;
	return PEM_NO_KEY;
}

ward_err ward_pkey_load_pem(const void *pem, size_t len, ward_pkey **out)
{
	EVP_PKEY *p;
	WARD_TRY(ward_crypto_init());
	WARD_ENSURE(parse_key(pem, len, &p) == PEM_OK, WARD_ERR_CONFIG);
	*out = ward_pkey_wrap(p);
	return WARD_OK;
}

ward_err ward_pkey_load_pem_file(const char *path, ward_pkey **out, char *why,
				 size_t whylen)
{
	ward_err ret = WARD_OK;
	ward_buf file;
	EVP_PKEY *p = NULL;
	ward_buf_init_secret(&file);
	WARD_TRY_OUT(ward_crypto_init());
	WARD_TRY_OUT(
	    ward_crypto_read_file(path, "private key", &file, why, whylen));
	switch (parse_key(file.data, file.len, &p)) {
	case PEM_OK:
		*out = ward_pkey_wrap(p);
		break;
	case PEM_ENCRYPTED:
		ward_crypto_why(why, whylen,
				"private key '%s' is encrypted, which is not "
				"supported; decrypt it with: openssl pkey -in "
				"'%s' -out key.pem",
				path, path);
		ret = WARD_ERR_CONFIG;
		break;
	case PEM_ONLY_CERT:
		ward_crypto_why(why, whylen,
				"'%s' holds a certificate, not a private key",
				path);
		ret = WARD_ERR_CONFIG;
		break;
	case PEM_NO_KEY:
		ward_crypto_why(why, whylen,
				"'%s' is not a PEM private key (expected a "
				"'-----BEGIN PRIVATE KEY-----' block)",
				path);
		ret = WARD_ERR_CONFIG;
		break;
	}
out:
	ward_buf_free(&file);
	return ret;
}

ward_err ward_pkey_generate(ward_key_type type, ward_pkey **out)
{
	EVP_PKEY *p = NULL;
	WARD_TRY(ward_crypto_init());
	switch (type) {
	case WARD_KEY_RSA:
		p = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	case WARD_KEY_EC_P256:
		p = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case WARD_KEY_EC_P384:
		p = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
		break;
	case WARD_KEY_EC_P521:
		p = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");
		break;
	case WARD_KEY_ED25519:
		p = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		break;
	case WARD_KEY_NONE:
	case WARD_KEY_OTHER:
		return WARD_ERR_ARG;
	}
	WARD_ENSURE(p != NULL, ward_crypto_fail(WARD_ERR_CRYPTO));
	*out = ward_pkey_wrap(p);
	return WARD_OK;
}

ward_err ward_pkey_to_pem(const ward_pkey *k, ward_buf *out)
{
	ward_err ret = WARD_OK;
	char *data;
	WARD_ENSURE(k != NULL, WARD_ERR_ARG);
	/* Secure-heap memory, wiped when freed. */
	BIO *bio = BIO_new(BIO_s_secmem());
	WARD_ENSURE(bio != NULL, WARD_ERR_NOMEM);
	/* PEM_write_bio_PrivateKey writes PKCS#8 PrivateKeyInfo. */
	WARD_ENSURE_OUT(PEM_write_bio_PrivateKey(bio, ward_pkey_evp(k), NULL,
						 NULL, 0, NULL, NULL),
			WARD_ERR_CRYPTO);
	long n = BIO_get_mem_data(bio, &data);
	WARD_ENSURE_OUT(n > 0, WARD_ERR_CRYPTO);
	WARD_TRY_OUT(ward_put_bytes(out, data, (size_t)n));
out:
	BIO_free(bio);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

ward_pkey *ward_pkey_ref(ward_pkey *k)
{
	if (k != NULL && !EVP_PKEY_up_ref(ward_pkey_evp(k)))
		return NULL;
	return k;
}

void ward_pkey_free(ward_pkey *k)
{
	EVP_PKEY_free(ward_pkey_evp(k));
}

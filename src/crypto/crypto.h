/* The crypto layer: the only code that includes the <openssl/...> headers.
 *
 * Everything above it sees plain C types: enums that carry the TLS code
 * points, opaque handles, byte slices. Algorithms are fetched from libcrypto
 * once (ward_crypto_init, called lazily by every entry point that needs it and
 * safe to call again); per-connection contexts are keyed once per epoch.
 */
#ifndef WARD_CRYPTO_H
#define WARD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/bytes.h"
#include "base/err.h"

/* Fetch every algorithm once. Idempotent; not thread-safe on first call
 * (ward is single-threaded per process). */
WARD_MUST_CHECK ward_err ward_crypto_init(void);

/* ---- randomness ---- */

WARD_MUST_CHECK ward_err ward_random(void *out, size_t len);

/* ---- hashes, HMAC, HKDF, the TLS 1.2 PRF ---- */

typedef enum ward_hash_alg {
	WARD_HASH_SHA256 = 0,
	WARD_HASH_SHA384 = 1,
	WARD_HASH_SHA512 = 2,
	WARD_HASH_SHA1 = 3, /* only for verifying legacy signatures */
} ward_hash_alg;

#define WARD_HASH_MAX 64

size_t ward_hash_len(ward_hash_alg alg);

/* A running hash (e.g. a transcript). */
typedef struct ward_hash {
	void *ctx; /* EVP_MD_CTX */
	ward_hash_alg alg;
} ward_hash;

WARD_MUST_CHECK ward_err ward_hash_init(ward_hash *h, ward_hash_alg alg);
WARD_MUST_CHECK ward_err ward_hash_update(ward_hash *h, const void *p,
					  size_t len);
/* The digest of everything so far; the hash keeps running. */
WARD_MUST_CHECK ward_err ward_hash_peek(const ward_hash *h, uint8_t *out);
WARD_MUST_CHECK ward_err ward_hash_copy(ward_hash *dst, const ward_hash *src);
void ward_hash_free(ward_hash *h);

WARD_MUST_CHECK ward_err ward_hash_oneshot(ward_hash_alg alg, const void *p,
					   size_t len, uint8_t *out);
WARD_MUST_CHECK ward_err ward_hmac(ward_hash_alg alg, const uint8_t *key,
				   size_t keylen, const uint8_t *data,
				   size_t len, uint8_t *out);
/* RFC 5869. An empty salt means HashLen zero bytes. prk gets HashLen bytes. */
WARD_MUST_CHECK ward_err ward_hkdf_extract(ward_hash_alg alg,
					   const uint8_t *salt, size_t saltlen,
					   const uint8_t *ikm, size_t ikmlen,
					   uint8_t *prk);
WARD_MUST_CHECK ward_err ward_hkdf_expand(ward_hash_alg alg,
					  const uint8_t *prk, size_t prklen,
					  const uint8_t *info, size_t infolen,
					  uint8_t *out, size_t outlen);
/* The TLS 1.2 PRF (RFC 5246 5): P_hash(secret, label || seed1 || seed2),
 * outlen bytes. The hash is SHA-256 or SHA-384 (the suite's PRF hash); the
 * seed comes in two parts because TLS always joins two values (the randoms)
 * or passes one (a handshake hash; seed2 NULL). */
WARD_MUST_CHECK ward_err ward_prf_tls12(ward_hash_alg alg,
					const uint8_t *secret, size_t secretlen,
					const char *label, const uint8_t *seed1,
					size_t seed1len, const uint8_t *seed2,
					size_t seed2len, uint8_t *out,
					size_t outlen);

/* ---- AEAD ---- */

typedef enum ward_aead_alg {
	WARD_AEAD_AES_128_GCM = 0,
	WARD_AEAD_AES_256_GCM = 1,
	WARD_AEAD_CHACHA20_POLY1305 = 2,
} ward_aead_alg;

#define WARD_AEAD_KEY_MAX 32
#define WARD_AEAD_NONCE_LEN 12
#define WARD_AEAD_TAG_LEN 16

size_t ward_aead_key_len(ward_aead_alg alg);

/* One direction of one epoch: keyed once, then used per record with only
 * the nonce changing (no allocation per record). */
typedef struct ward_aead {
	void *ctx; /* EVP_CIPHER_CTX */
	ward_aead_alg alg;
	uint8_t encrypt;
} ward_aead;

WARD_MUST_CHECK ward_err ward_aead_init(ward_aead *a, ward_aead_alg alg,
					const uint8_t *key, int encrypt);
/* out receives len bytes of ciphertext followed by the 16-byte tag;
 * out may equal in. */
WARD_MUST_CHECK ward_err ward_aead_seal(ward_aead *a, const uint8_t *nonce,
					const uint8_t *aad, size_t aadlen,
					const uint8_t *in, size_t len,
					uint8_t *out);
/* in holds len bytes: ciphertext then tag (len >= 16); out receives len - 16
 * bytes of plaintext and may equal in. A bad tag is WARD_ERR_BAD_RECORD_MAC. */
WARD_MUST_CHECK ward_err ward_aead_open(ward_aead *a, const uint8_t *nonce,
					const uint8_t *aad, size_t aadlen,
					const uint8_t *in, size_t len,
					uint8_t *out);
void ward_aead_free(ward_aead *a);

/* ---- TLS 1.2 CBC suites: AES-CBC and the record MAC ---- */

typedef enum ward_cbc_alg {
	WARD_CBC_AES_128 = 0,
	WARD_CBC_AES_256 = 1,
} ward_cbc_alg;

#define WARD_CBC_BLOCK_LEN 16 /* the AES block, and the explicit IV */

size_t ward_cbc_key_len(ward_cbc_alg alg);

/* AES-CBC without padding (TLS pads itself), one direction of one epoch:
 * keyed once; each record only sets its IV. */
typedef struct ward_cbc {
	void *ctx; /* EVP_CIPHER_CTX */
	ward_cbc_alg alg;
	uint8_t encrypt;
} ward_cbc;

WARD_MUST_CHECK ward_err ward_cbc_init(ward_cbc *c, ward_cbc_alg alg,
				       const uint8_t *key, int encrypt);
/* Encrypt or decrypt len bytes (a multiple of the block) under iv; out may
 * equal in. */
WARD_MUST_CHECK ward_err ward_cbc_crypt(ward_cbc *c, const uint8_t *iv,
					const uint8_t *in, size_t len,
					uint8_t *out);
void ward_cbc_free(ward_cbc *c);

/* HMAC-SHA1 or HMAC-SHA256 keyed once per epoch (the hash states after
 * the padded key are kept), for records: no allocation per record. */
typedef struct ward_rmac {
	void *st; /* the keyed states, allocated by init */
	ward_hash_alg alg;
	/* compression-function calls made for records so far: lets tests
	 * check that the constant-time MAC does the same work whatever the
	 * padding */
	uint64_t blocks;
} ward_rmac;

#define WARD_RMAC_MAX 32

/* alg is WARD_HASH_SHA1 or WARD_HASH_SHA256 (else WARD_ERR_ARG); the key
 * is the MAC key of the key block (as long as the MAC). */
WARD_MUST_CHECK ward_err ward_rmac_init(ward_rmac *m, ward_hash_alg alg,
					const uint8_t *key, size_t keylen);
/* The MAC's length: 20 or 32. */
size_t ward_rmac_len(const ward_rmac *m);
/* HMAC(key, a || b) into out (ward_rmac_len bytes). */
WARD_MUST_CHECK ward_err ward_rmac_compute(ward_rmac *m, const uint8_t *a,
					   size_t alen, const uint8_t *b,
					   size_t blen, uint8_t *out);
/* The same for MAC-then-encrypt, where blen depends on the padding, which
 * must not show in the time taken (Lucky13): b holds max_blen readable
 * bytes and blen is secret, max_blen - WARD_RMAC_SPREAD <= blen <=
 * max_blen (else WARD_ERR_ARG). Every byte of b[0..max_blen) is read and
 * the compression function runs as often as for max_blen, with no branch
 * or address depending on blen. */
#define WARD_RMAC_SPREAD 255 /* TLS padding: 1 to 256 bytes */
WARD_MUST_CHECK ward_err ward_rmac_compute_padded(ward_rmac *m,
						  const uint8_t *a, size_t alen,
						  const uint8_t *b, size_t blen,
						  size_t max_blen,
						  uint8_t *out);
void ward_rmac_free(ward_rmac *m);

/* ---- key exchange ---- */

/* TLS NamedGroup code points (RFC 8446 4.2.7, RFC 7919). */
typedef enum ward_group {
	WARD_GROUP_SECP256R1 = 0x0017,
	WARD_GROUP_SECP384R1 = 0x0018,
	WARD_GROUP_SECP521R1 = 0x0019,
	WARD_GROUP_X25519 = 0x001d,
	WARD_GROUP_X448 = 0x001e,
	WARD_GROUP_FFDHE2048 = 0x0100,
	WARD_GROUP_FFDHE3072 = 0x0101,
	WARD_GROUP_FFDHE4096 = 0x0102,
} ward_group;

#define WARD_KEX_PUB_MAX 512 /* ffdhe4096 */
#define WARD_KEX_SECRET_MAX 512

int ward_group_supported(uint16_t group);
const char *ward_group_name(uint16_t group); /* "x25519", "secp256r1", ... */
size_t ward_kex_pub_len(uint16_t group);

typedef struct ward_kex {
	void *pkey; /* EVP_PKEY, our private key */
	uint16_t group;
} ward_kex;

/* New ephemeral key; pub receives the TLS encoding (X25519: 32 bytes;
 * NIST curves: uncompressed point 0x04||X||Y; FFDHE: Y padded to p's size). */
WARD_MUST_CHECK ward_err ward_kex_keygen(ward_kex *k, uint16_t group,
					 uint8_t *pub, size_t *publen);
/* The same from a given private key (tests reproducing RFC 8448). */
WARD_MUST_CHECK ward_err ward_kex_from_private(ward_kex *k, uint16_t group,
					       const uint8_t *priv,
					       size_t privlen, uint8_t *pub,
					       size_t *publen);
/* Shared secret with the peer's encoded public value. A malformed or invalid
 * peer value (wrong length, not on the curve, all-zero X25519 result) is
 * WARD_ERR_ILLEGAL_PARAMETER. */
WARD_MUST_CHECK ward_err ward_kex_derive(const ward_kex *k,
					 const uint8_t *peer, size_t peerlen,
					 uint8_t *secret, size_t *secretlen);
/* An FFDHE group's prime p and generator g (RFC 7919 A), big-endian
 * without leading zeros, for TLS 1.2's ServerDHParams. The slices point
 * at storage filled once and kept. WARD_ERR_ARG for other groups. */
WARD_MUST_CHECK ward_err ward_kex_ffdhe_params(uint16_t group, ward_slice *p,
					       ward_slice *g);
void ward_kex_free(ward_kex *k);

/* ---- keys and signatures ---- */

/* TLS SignatureScheme code points (RFC 8446 4.2.3). */
typedef enum ward_sigscheme {
	WARD_SIG_RSA_PKCS1_SHA1 = 0x0201,
	WARD_SIG_ECDSA_SHA1 = 0x0203,
	WARD_SIG_RSA_PKCS1_SHA256 = 0x0401,
	WARD_SIG_ECDSA_SECP256R1_SHA256 = 0x0403,
	WARD_SIG_RSA_PKCS1_SHA384 = 0x0501,
	WARD_SIG_ECDSA_SECP384R1_SHA384 = 0x0503,
	WARD_SIG_RSA_PKCS1_SHA512 = 0x0601,
	WARD_SIG_ECDSA_SECP521R1_SHA512 = 0x0603,
	WARD_SIG_RSA_PSS_RSAE_SHA256 = 0x0804,
	WARD_SIG_RSA_PSS_RSAE_SHA384 = 0x0805,
	WARD_SIG_RSA_PSS_RSAE_SHA512 = 0x0806,
	WARD_SIG_ED25519 = 0x0807,
	WARD_SIG_RSA_PSS_PSS_SHA256 = 0x0809,
	WARD_SIG_RSA_PSS_PSS_SHA384 = 0x080a,
	WARD_SIG_RSA_PSS_PSS_SHA512 = 0x080b,
} ward_sigscheme;

const char *ward_sigscheme_name(uint16_t scheme); /* "ecdsa_secp256r1_sha256" */

typedef enum ward_key_type {
	WARD_KEY_NONE = 0,
	WARD_KEY_RSA,
	WARD_KEY_EC_P256,
	WARD_KEY_EC_P384,
	WARD_KEY_EC_P521,
	WARD_KEY_ED25519,
	WARD_KEY_OTHER,
} ward_key_type;

/* A public or private key (EVP_PKEY). Reference counted. */
typedef struct ward_pkey ward_pkey;

/* PEM private key (PKCS#8, traditional RSA/EC). On failure *why (if given)
 * receives a one-line reason. */
WARD_MUST_CHECK ward_err ward_pkey_load_pem_file(const char *path,
						 ward_pkey **out, char *why,
						 size_t whylen);
WARD_MUST_CHECK ward_err ward_pkey_load_pem(const void *pem, size_t len,
					    ward_pkey **out);
WARD_MUST_CHECK ward_err ward_pkey_generate(ward_key_type type,
					    ward_pkey **out);
/* PKCS#8 PEM of the private key. */
WARD_MUST_CHECK ward_err ward_pkey_to_pem(const ward_pkey *k, ward_buf *out);
ward_pkey *ward_pkey_ref(ward_pkey *k);
void ward_pkey_free(ward_pkey *k);
ward_key_type ward_pkey_type(const ward_pkey *k);
size_t ward_pkey_bits(const ward_pkey *k);
/* Whether this key can make/check signatures of this scheme in TLS 1.3
 * (curve must match for ECDSA; RSA-PSS-RSAE and PKCS#1 for RSA keys). */
int ward_pkey_can_sign(const ward_pkey *k, uint16_t scheme);
int ward_pkey_can_verify(const ward_pkey *k, uint16_t scheme);
/* The same for signing in TLS 1.2 (ServerKeyExchange): PKCS#1 v1.5 and
 * SHA-1 schemes too; whether SHA-1 is enabled is the caller's policy. */
int ward_pkey_can_sign_tls12(const ward_pkey *k, uint16_t scheme);

/* Signature over msg (the whole message; hashing is inside). sig must hold
 * ward_pkey_sig_max(k) bytes. */
size_t ward_pkey_sig_max(const ward_pkey *k);
WARD_MUST_CHECK ward_err ward_sign(ward_pkey *k, uint16_t scheme,
				   const uint8_t *msg, size_t len,
				   uint8_t *sig, size_t *siglen);
/* The same with the schemes of ward_pkey_can_sign_tls12. */
WARD_MUST_CHECK ward_err ward_sign_tls12(ward_pkey *k, uint16_t scheme,
					 const uint8_t *msg, size_t len,
					 uint8_t *sig, size_t *siglen);
/* A signature that does not verify is WARD_ERR_DECRYPT_ERROR; a scheme the
 * key cannot use is WARD_ERR_ILLEGAL_PARAMETER. */
WARD_MUST_CHECK ward_err ward_verify(ward_pkey *k, uint16_t scheme,
				     const uint8_t *msg, size_t len,
				     const uint8_t *sig, size_t siglen);
/* The same for TLS 1.2 signatures, where the ECDSA schemes name only their
 * hash, on any curve (RFC 8446 4.2.3 on their TLS 1.2 meaning). */
int ward_pkey_can_verify_tls12(const ward_pkey *k, uint16_t scheme);
WARD_MUST_CHECK ward_err ward_verify_tls12(ward_pkey *k, uint16_t scheme,
					   const uint8_t *msg, size_t len,
					   const uint8_t *sig, size_t siglen);

/* ---- TLS 1.2 static RSA key exchange ---- */

#define WARD_PREMASTER_LEN 48
#define WARD_RSA_MAX_BYTES 1024 /* 8192-bit moduli */

/* The modulus size in bytes of an rsaEncryption key (one that can
 * decrypt); 0 for any other key, RSASSA-PSS ones included. */
size_t ward_rsa_size(const ward_pkey *k);
/* RFC 5246 7.4.7.1, Bleichenbacher-safe: decrypts the client's
 * EncryptedPreMasterSecret and writes 48 bytes to pms: the decrypted
 * pre-master when the PKCS#1 v1.5 padding is right, the message is 48
 * bytes and starts with client_version; else the caller's 48 random
 * bytes, chosen without a branch on the result. A ciphertext whose length
 * is not the modulus size is WARD_ERR_DECODE (its length is public); no
 * other outcome depends on the ciphertext. */
WARD_MUST_CHECK ward_err ward_rsa_decrypt_premaster(ward_pkey *key,
						    const uint8_t *ct,
						    size_t ct_len,
						    uint16_t client_version,
						    const uint8_t *random,
						    uint8_t *pms);

/* The client's side: msg (len bytes, e.g. the 48-byte pre-master)
 * encrypted with RSAES-PKCS1-v1_5 to an rsaEncryption key; ct holds
 * *ct_len bytes (at least the modulus size) and receives exactly the
 * modulus size. Another key type or too small a modulus: WARD_ERR_ARG. */
WARD_MUST_CHECK ward_err ward_rsa_encrypt_pkcs1(ward_pkey *key,
						const uint8_t *msg, size_t len,
						uint8_t *ct, size_t *ct_len);

/* ---- X.509 ---- */

/* A certificate chain as loaded from PEM: leaf first, DER of each kept for the
 * TLS Certificate message, and the names the leaf is valid for. */
typedef struct ward_chain ward_chain;

WARD_MUST_CHECK ward_err ward_chain_load_pem_file(const char *path,
						  ward_chain **out, char *why,
						  size_t whylen);
WARD_MUST_CHECK ward_err ward_chain_load_pem(const void *pem, size_t len,
					     ward_chain **out);
void ward_chain_free(ward_chain *c);
size_t ward_chain_count(const ward_chain *c);
ward_slice ward_chain_der(const ward_chain *c, size_t i);
/* The leaf's public key (a new reference). */
WARD_MUST_CHECK ward_err ward_chain_leaf_key(const ward_chain *c,
					     ward_pkey **out);
/* Whether the private key belongs to the leaf. */
int ward_chain_key_matches(const ward_chain *c, const ward_pkey *k);
/* Whether the leaf is valid for this DNS name (SAN dNSName, one left-most
 * "*." wildcard label; case-insensitive) or IP literal (SAN iPAddress). */
int ward_chain_matches_host(const ward_chain *c, const char *host);
/* The same without wildcards: a SAN naming host itself. */
int ward_chain_matches_host_exactly(const ward_chain *c, const char *host);

/* The public key in one DER certificate. Unparsable: WARD_ERR_BAD_CERTIFICATE;
 * a key type we cannot use: WARD_ERR_UNSUPPORTED_CERTIFICATE. */
WARD_MUST_CHECK ward_err ward_cert_pubkey(ward_slice der, ward_pkey **out);

/* Public key pins (curl's --pinnedpubkey): the SHA-256 of the
 * SubjectPublicKeyInfo of a DER certificate, or of the key in a PEM
 * ("PUBLIC KEY") or DER file; a file without one is WARD_ERR_ARG, one that
 * cannot be read WARD_ERR_IO, each with a reason naming the file. */
WARD_MUST_CHECK ward_err ward_cert_spki_sha256(ward_slice der,
					       uint8_t out[32]);
WARD_MUST_CHECK ward_err ward_pubkey_file_sha256(const char *path,
						 uint8_t out[32], char *why,
						 size_t whylen);

/* A set of trusted roots (X509_STORE). */
typedef struct ward_trust ward_trust;

/* The system store (/etc/ssl/certs) when path is NULL, else a PEM bundle
 * file or a directory of PEM files. */
WARD_MUST_CHECK ward_err ward_trust_load(const char *path, ward_trust **out,
					 char *why, size_t whylen);
void ward_trust_free(ward_trust *t);

/* Verify a chain (ders[0] is the leaf, the rest untrusted intermediates) for
 * TLS server (or, with client_auth, client) use at time `now`, and that the
 * leaf is valid for `host` (DNS name or IP literal; NULL skips the check).
 * Errors, each with a one-line reason in *why:
 *   WARD_ERR_UNKNOWN_CA            no path to a trusted root (incl. self-signed)
 *   WARD_ERR_CERTIFICATE_EXPIRED   a certificate expired or is not yet valid
 *   WARD_ERR_CERTIFICATE_UNKNOWN   the leaf does not match host, or is not for
 *                                  this purpose
 *   WARD_ERR_BAD_CERTIFICATE       unparsable certificate or bad signature
 *   WARD_ERR_UNSUPPORTED_CERTIFICATE  unusable key type
 * On success *leaf_key (if given) receives the leaf's public key, and
 * names (if given) the leaf's subject and SANs as ward_cert_identity
 * writes them, from the one parse of the leaf. */
typedef struct ward_cert_names {
	char *subject;
	size_t subject_len;
	char *sans;
	size_t sans_len;
} ward_cert_names;
WARD_MUST_CHECK ward_err ward_x509_verify(const ward_trust *t,
					  const ward_slice *ders, size_t n,
					  const char *host, int client_auth,
					  time_t now, ward_pkey **leaf_key,
					  const ward_cert_names *names,
					  char *why, size_t whylen);

/* Who a DER certificate names, as fixed strings cut to their size: the
 * subject one line, RFC 4514 style, most specific first ("CN=alice,
 * O=example" without the space; ',' '+' '"' '\\' '<' '>' ';' in values
 * escaped with '\\', bytes beyond ASCII as \\XX), and the subject
 * alternative names ("DNS:a.example, email:alice@example, IP:10.0.0.1,
 * URI:..."; "" when none). Unprintable bytes become '?'. */
WARD_MUST_CHECK ward_err ward_cert_identity(ward_slice der, char *subject,
					    size_t subject_len, char *sans,
					    size_t sans_len);
/* The subjects of the certificates a trust set holds, DER, each with a
 * two-byte length: the body of TLS's certificate_authorities list
 * (RFC 8446 4.2.4, RFC 5246 7.4.4), appended to out. Roots only looked
 * up on demand (a hashed directory) are not listed, nor what would make
 * the list longer than 65535 bytes. */
WARD_MUST_CHECK ward_err ward_trust_subjects(const ward_trust *t,
					     ward_buf *out);

/* One-line summary of a DER certificate for traces:
 * subject, issuer, validity, SANs, key type. */
WARD_MUST_CHECK ward_err ward_cert_describe(ward_slice der, ward_buf *out);


/* The same summary part by part, for structured traces: each part is
 * appended to out[part] (growable buffers, no NUL). SANS: DNS names and
 * addresses joined with ", "; dates as YYYY-MM-DD; KEY like "EC P-256".
 * A certificate that does not parse is WARD_ERR_BAD_CERTIFICATE. */
typedef enum ward_cert_part {
	WARD_CERT_SUBJECT,
	WARD_CERT_ISSUER,
	WARD_CERT_NOT_BEFORE,
	WARD_CERT_NOT_AFTER,
	WARD_CERT_SANS,
	WARD_CERT_KEY,
	WARD_CERT__PARTS
} ward_cert_part;
WARD_MUST_CHECK ward_err ward_cert_parts(ward_slice der,
					 ward_buf out[WARD_CERT__PARTS]);

#endif

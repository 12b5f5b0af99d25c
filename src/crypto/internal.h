/* Shared by the files of the crypto layer only. */
#ifndef WARD_CRYPTO_INTERNAL_H
#define WARD_CRYPTO_INTERNAL_H

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/crypto.h"

/* ---- init.c: algorithms fetched once by ward_crypto_init ---- */

/* NULL for an unknown algorithm or before ward_crypto_init succeeded. */
const EVP_MD *ward_crypto_md(ward_hash_alg alg);
const EVP_CIPHER *ward_crypto_cipher(ward_aead_alg alg);
const EVP_CIPHER *ward_crypto_cbc_cipher(ward_cbc_alg alg);

/* Drop whatever libcrypto queued for a failure we have handled, so it does
 * not surface later as someone else's error; returns err. */
ward_err ward_crypto_fail(ward_err err);

/* Format a one-line reason into why (ignored when why is NULL). */
void ward_crypto_why(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Read a whole (small) file: a missing file is WARD_ERR_NOT_FOUND, any other
 * failure WARD_ERR_IO, each with why naming the path; what says what the file
 * was meant to hold ("private key", "certificate chain"). */
WARD_MUST_CHECK ward_err ward_crypto_read_file(const char *path,
					       const char *what, ward_buf *out,
					       char *why, size_t whylen);

/* A ward_pkey is an EVP_PKEY: the handle is the pointer itself, and its
 * reference count is libcrypto's. */
static inline EVP_PKEY *ward_pkey_evp(const ward_pkey *k)
{
	return (EVP_PKEY *)k;
}

static inline ward_pkey *ward_pkey_wrap(EVP_PKEY *p)
{
	return (ward_pkey *)p;
}


/* ---- x509.c, shared with x509_identity.c ---- */

struct ward_trust {
	X509_STORE *store;
};

/* One DER certificate, with nothing after it (WARD_ERR_BAD_CERTIFICATE). */
WARD_MUST_CHECK ward_err ward_x509_parse_der(ward_slice der, X509 **out);

/* ---- x509_identity.c: the name and SAN writers of every summary ---- */

/* "CN=ward test root,O=..." (RFC 2253 order: most specific first),
 * unprintable bytes as '?'. */
WARD_MUST_CHECK ward_err ward_x509_put_name(ward_buf *b,
					    const X509_NAME *name);
/* The subjectAltName entries joined with ", ". BARE (traces): DNS names
 * and IP addresses only, "(no DNS or IP names)" when none. TYPED
 * (identities, `ward ca`): "DNS:localhost, email:a@example, URI:...,
 * IP:127.0.0.1", "" when none, spaces also as '?', a value cut at 255
 * bytes. Unprintable bytes become '?'. */
typedef enum ward_x509_sans { WARD_SANS_BARE, WARD_SANS_TYPED } ward_x509_sans;
WARD_MUST_CHECK ward_err ward_x509_put_sans(ward_buf *b, X509 *x,
					    ward_x509_sans style);
/* The TYPED line as a fixed string, cut to cap ("" on failure). */
WARD_MUST_CHECK ward_err ward_x509_sans_line(X509 *x, char *out, size_t cap);
/* ward_cert_identity's strings, of a parsed certificate. */
WARD_MUST_CHECK ward_err ward_x509_names(X509 *x, const ward_cert_names *n);

#endif

/* Shared by the files of the crypto layer only. */
#ifndef WARD_CRYPTO_INTERNAL_H
#define WARD_CRYPTO_INTERNAL_H

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/crypto.h"

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

#endif

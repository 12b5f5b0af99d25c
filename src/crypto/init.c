/* Algorithms fetched once, and the small helpers the crypto files share.
 *
 * Fetching (EVP_MD_fetch and friends) walks the provider store under a lock;
 * doing it per handshake or per record would cost more than the work itself.
 * ward fetches everything here once and hands out the same objects.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "crypto/internal.h"

#define HASH_COUNT 4
#define AEAD_COUNT 3
#define CBC_COUNT 2
#define FILE_MAX (4u << 20) /* keys and chains are a few KiB */

/* Indexed by ward_hash_alg, ward_aead_alg and ward_cbc_alg. */
static const char *const md_names[HASH_COUNT] = {"SHA2-256", "SHA2-384",
						 "SHA2-512", "SHA1"};
static const char *const cipher_names[AEAD_COUNT] = {
    "AES-128-GCM", "AES-256-GCM", "ChaCha20-Poly1305"};
static const char *const cbc_names[CBC_COUNT] = {"AES-128-CBC", "AES-256-CBC"};

static EVP_MD *mds[HASH_COUNT];
static EVP_CIPHER *ciphers[AEAD_COUNT];
static EVP_CIPHER *cbc_ciphers[CBC_COUNT];
static int ready;

static void release(void)
{
	for (size_t i = 0; i < HASH_COUNT; i++) {
		EVP_MD_free(mds[i]);
		mds[i] = NULL;
	}
	for (size_t i = 0; i < AEAD_COUNT; i++) {
		EVP_CIPHER_free(ciphers[i]);
		ciphers[i] = NULL;
	}
	for (size_t i = 0; i < CBC_COUNT; i++) {
		EVP_CIPHER_free(cbc_ciphers[i]);
		cbc_ciphers[i] = NULL;
	}
}

static ward_err fetch_all(void)
{
	for (size_t i = 0; i < HASH_COUNT; i++) {
		mds[i] = EVP_MD_fetch(NULL, md_names[i], NULL);
		if (mds[i] == NULL)
			return WARD_ERR_CRYPTO;
	}
	for (size_t i = 0; i < AEAD_COUNT; i++) {
		ciphers[i] = EVP_CIPHER_fetch(NULL, cipher_names[i], NULL);
		if (ciphers[i] == NULL)
			return WARD_ERR_CRYPTO;
	}
	for (size_t i = 0; i < CBC_COUNT; i++) {
		cbc_ciphers[i] = EVP_CIPHER_fetch(NULL, cbc_names[i], NULL);
		if (cbc_ciphers[i] == NULL)
			return WARD_ERR_CRYPTO;
	}
	return WARD_OK;
}

ward_err ward_crypto_init(void)
{
	if (ready)
		return WARD_OK;
	ward_err ret = fetch_all();
	if (ret != WARD_OK) {
		release();
		return ward_crypto_fail(ret);
	}
	ready = 1;
	return WARD_OK;
}

const EVP_MD *ward_crypto_md(ward_hash_alg alg)
{
	if (!ready || (unsigned)alg >= HASH_COUNT)
		return NULL;
	return mds[alg];
}

const EVP_CIPHER *ward_crypto_cipher(ward_aead_alg alg)
{
	if (!ready || (unsigned)alg >= AEAD_COUNT)
		return NULL;
	return ciphers[alg];
}

const EVP_CIPHER *ward_crypto_cbc_cipher(ward_cbc_alg alg)
{
	if (!ready || (unsigned)alg >= CBC_COUNT)
		return NULL;
	return cbc_ciphers[alg];
}

ward_err ward_crypto_fail(ward_err err)
{
	ERR_clear_error();
	return err;
}

void ward_crypto_why(char *why, size_t whylen, const char *fmt, ...)
{
	if (why == NULL || whylen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

ward_err ward_crypto_read_file(const char *path, const char *what,
			       ward_buf *out, char *why, size_t whylen)
{
	ward_err ret = WARD_OK;
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		int e = errno;
		ward_crypto_why(why, whylen, "cannot open %s '%s': %s", what,
				path, strerror(e));
		return e == ENOENT ? WARD_ERR_NOT_FOUND : WARD_ERR_IO;
	}
	for (;;) {
		uint8_t *at;
		WARD_TRY_OUT(ward_buf_reserve(out, 4096));
		size_t room = out->cap - out->len;
		size_t got = fread(out->data + out->len, 1, room, f);
		WARD_TRY_OUT(ward_buf_extend(out, got, &at));
		if (got < room)
			break;
		if (out->len > FILE_MAX) {
			ward_crypto_why(why, whylen,
					"%s '%s' is too large (over %u bytes)",
					what, path, FILE_MAX);
			ret = WARD_ERR_CONFIG;
			goto out;
		}
	}
	if (ferror(f)) {
		ward_crypto_why(why, whylen, "cannot read %s '%s': %s", what,
				path, strerror(errno));
		ret = WARD_ERR_IO;
	}
out:
	fclose(f);
	return ret;
}

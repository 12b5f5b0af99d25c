/* The CSPRNG: libcrypto's DRBG, seeded from the OS. */
#include <limits.h>

#include <openssl/rand.h>

#include "crypto/internal.h"

ward_err ward_random(void *out, size_t len)
{
	uint8_t *p = out;
	/* RAND_bytes takes an int; hand it at most INT_MAX at a time. */
	while (len > 0) {
		int n = len > INT_MAX ? INT_MAX : (int)len;
		if (RAND_bytes(p, n) != 1)
			return ward_crypto_fail(WARD_ERR_CRYPTO);
		p += n;
		len -= (size_t)n;
	}
	return WARD_OK;
}

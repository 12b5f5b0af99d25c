/* crypto/hash: the TLS 1.2 PRF (RFC 5246 5).
 *
 * The "test label" vectors are the ones circulated on the IETF TLS list for
 * P_SHA256 and P_SHA384; the others were produced once with
 *   openssl kdf -binary -keylen N -kdfopt digest:SHA256 -kdfopt hexsecret:..
 *     -kdfopt seed:LABEL -kdfopt hexseed:.. -kdfopt hexseed:.. TLS1-PRF
 * and are kept here as bytes.
 */
#include "test.h"

#include "crypto/crypto.h"

static void range(uint8_t *out, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		out[i - from] = (uint8_t)i;
}

static void check_prf(ward_hash_alg alg, const uint8_t *secret,
		      size_t secretlen, const char *label, const uint8_t *seed1,
		      size_t seed1len, const uint8_t *seed2, size_t seed2len,
		      const char *want_hex)
{
	uint8_t want[160], got[160];
	size_t len = test_unhex(want_hex, want, sizeof want);
	memset(got, 0xaa, sizeof got);
	assert_ok(ward_prf_tls12(alg, secret, secretlen, label, seed1, seed1len,
				 seed2, seed2len, got, len));
	assert_bytes_equal(got, want, len);
	/* Nothing written past outlen. */
	for (size_t i = len; i < sizeof got; i++)
		assert_int_equal(got[i], 0xaa);
}

static const char sha256_vector[] =
    "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
    "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
    "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
    "87347b66";

static void prf_sha256_test_label(void **state)
{
	(void)state;
	uint8_t secret[16], seed[16];
	test_unhex("9bbe436ba940f017b17652849a71db35", secret, sizeof secret);
	test_unhex("a0ba9f936cda311827a6f796ffd5198c", seed, sizeof seed);
	check_prf(WARD_HASH_SHA256, secret, sizeof secret, "test label", seed,
		  sizeof seed, NULL, 0, sha256_vector);
	/* The seed split anywhere gives the same bytes. */
	check_prf(WARD_HASH_SHA256, secret, sizeof secret, "test label", seed,
		  5, seed + 5, sizeof seed - 5, sha256_vector);
	check_prf(WARD_HASH_SHA256, secret, sizeof secret, "test label", NULL,
		  0, seed, sizeof seed, sha256_vector);
}

static void prf_sha384_test_label(void **state)
{
	(void)state;
	uint8_t secret[16], seed[16];
	test_unhex("b80b733d6ceefcdc71566ea48e5567df", secret, sizeof secret);
	test_unhex("cd665cf6a8447dd6ff8b27555edb7465", seed, sizeof seed);
	check_prf(WARD_HASH_SHA384, secret, sizeof secret, "test label", seed,
		  sizeof seed, NULL, 0,
		  "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c"
		  "83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc2"
		  "36f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abf"
		  "dad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236"
		  "a3e52655c9e9aee691c8f3a26854308d5eaa3be85e0990703d73e56f");
}

/* Secrets longer than the hash's block are hashed first (RFC 2104 2);
 * output lengths that end inside a block. */
static void prf_long_secret_short_tail(void **state)
{
	(void)state;
	uint8_t secret[160], a[32], b[32];
	range(secret, 0x00, 0x50);
	range(secret + 0x50, 0x00, 0x50);
	range(a, 0x20, 0x40);
	range(b, 0x40, 0x60);
	check_prf(WARD_HASH_SHA256, secret, sizeof secret, "master secret", a,
		  sizeof a, b, sizeof b,
		  "f3bb05d1dc2515a792c4b0d7479af269e6b15f95d0a0afd99c02cd316d0c"
		  "cfec3e0d137cb565c6a071a424d4c9f962fb69563831e45f6f155ab871ba"
		  "1477fc02435b62d184da");
	range(secret, 0x00, 0xa0);
	check_prf(WARD_HASH_SHA384, secret, sizeof secret, "key expansion", b,
		  sizeof b, a, sizeof a,
		  "be0ee17501d1d9ade8caaf13082402439208b9e59febca06a4fbcba8fcd3"
		  "f21ca9e8e064bc0ee7a85b17dce7303a508ee9886466e3");
	/* A one-byte zero secret, no seed beyond the label. */
	uint8_t zero = 0;
	check_prf(WARD_HASH_SHA256, &zero, 1, "client finished", NULL, 0, NULL,
		  0, "b74ad5832edbff761de23826");
}

static void prf_refuses_other_hashes(void **state)
{
	(void)state;
	uint8_t secret[16] = {1}, out[12];
	assert_err(ward_prf_tls12(WARD_HASH_SHA512, secret, sizeof secret, "x",
				  NULL, 0, NULL, 0, out, sizeof out),
		   WARD_ERR_ARG);
	assert_err(ward_prf_tls12(WARD_HASH_SHA1, secret, sizeof secret, "x",
				  NULL, 0, NULL, 0, out, sizeof out),
		   WARD_ERR_ARG);
	assert_err(ward_prf_tls12(WARD_HASH_SHA256, secret, sizeof secret, "x",
				  NULL, 3, NULL, 0, out, sizeof out),
		   WARD_ERR_ARG);
	/* Zero bytes asked: nothing to do, and no failure. */
	assert_ok(ward_prf_tls12(WARD_HASH_SHA256, secret, sizeof secret, "x",
				 NULL, 0, NULL, 0, out, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(prf_sha256_test_label),
	    cmocka_unit_test(prf_sha384_test_label),
	    cmocka_unit_test(prf_long_secret_short_tail),
	    cmocka_unit_test(prf_refuses_other_hashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

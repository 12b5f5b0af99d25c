/* crypto/hash: digests, HMAC (RFC 4231) and HKDF (RFC 5869). */
#include "test.h"

#include "crypto/crypto.h"

static void range(uint8_t *out, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		out[i - from] = (uint8_t)i;
}

static void check_hkdf(const uint8_t *ikm, size_t ikmlen, const uint8_t *salt,
		       size_t saltlen, const uint8_t *info, size_t infolen,
		       const char *prk_hex, const char *okm_hex)
{
	uint8_t prk[WARD_HASH_MAX], want_prk[32], okm[128], want_okm[128];
	test_unhex(prk_hex, want_prk, sizeof want_prk);
	size_t len = test_unhex(okm_hex, want_okm, sizeof want_okm);
	assert_ok(ward_hkdf_extract(WARD_HASH_SHA256, salt, saltlen, ikm,
				    ikmlen, prk));
	assert_bytes_equal(prk, want_prk, 32);
	assert_ok(ward_hkdf_expand(WARD_HASH_SHA256, prk, 32, info, infolen,
				   okm, len));
	assert_bytes_equal(okm, want_okm, len);
}

/* RFC 5869 A.1: basic test case with SHA-256. */
static void hkdf_rfc5869_case1(void **state)
{
	(void)state;
	uint8_t ikm[22], salt[13], info[10];
	memset(ikm, 0x0b, sizeof ikm);
	range(salt, 0x00, 0x0d);
	range(info, 0xf0, 0xfa);
	check_hkdf(ikm, sizeof ikm, salt, sizeof salt, info, sizeof info,
		   "077709362c2e32df0ddc3f0dc47bba63"
		   "90b6c73bb50f9c3122ec844ad7c2b3e5",
		   "3cb25f25faacd57a90434f64d0362f2a"
		   "2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
		   "34007208d5b887185865");
}

/* RFC 5869 A.2: longer inputs and outputs. */
static void hkdf_rfc5869_case2(void **state)
{
	(void)state;
	uint8_t ikm[80], salt[80], info[80];
	range(ikm, 0x00, 0x50);
	range(salt, 0x60, 0xb0);
	range(info, 0xb0, 0x100);
	check_hkdf(ikm, sizeof ikm, salt, sizeof salt, info, sizeof info,
		   "06a6b88c5853361a06104c9ceb35b45c"
		   "ef760014904671014a193f40c15fc244",
		   "b11e398dc80327a1c8e7f78c596a4934"
		   "4f012eda2d4efad8a050cc4c19afa97c"
		   "59045a99cac7827271cb41c65e590e09"
		   "da3275600c2f09b8367793a9aca3db71"
		   "cc30c58179ec3e87c14c01d5c1f3434f"
		   "1d87");
}

/* RFC 5869 A.3: zero-length salt and info. */
static void hkdf_rfc5869_case3(void **state)
{
	(void)state;
	uint8_t ikm[22];
	memset(ikm, 0x0b, sizeof ikm);
	check_hkdf(ikm, sizeof ikm, NULL, 0, NULL, 0,
		   "19ef24a32c717b167f33a91d6f648bdf"
		   "96596776afdb6377ac434c1c293ccb04",
		   "8da4e775a563c18f715f802a063c5a31"
		   "b8a11f5c5ee1879ec3454e5f3c738d2d"
		   "9d201395faa4b61a96c8");
}

static void hkdf_expand_refuses_too_long(void **state)
{
	(void)state;
	uint8_t prk[32] = {1};
	static uint8_t out[255 * 32 + 1];
	assert_ok(ward_hkdf_expand(WARD_HASH_SHA256, prk, sizeof prk, NULL, 0,
				   out, 255 * 32));
	assert_err(ward_hkdf_expand(WARD_HASH_SHA256, prk, sizeof prk, NULL, 0,
				    out, sizeof out),
		   WARD_ERR_ARG);
}

static void check_hmac(ward_hash_alg alg, const void *key, size_t keylen,
		       const char *data, const char *want_hex)
{
	uint8_t mac[WARD_HASH_MAX], want[WARD_HASH_MAX];
	size_t len = test_unhex(want_hex, want, sizeof want);
	assert_int_equal(len, ward_hash_len(alg));
	assert_ok(ward_hmac(alg, key, keylen, (const uint8_t *)data,
			    strlen(data), mac));
	assert_bytes_equal(mac, want, len);
}

/* RFC 4231 4.2 and 4.3. */
static void hmac_rfc4231(void **state)
{
	(void)state;
	uint8_t key[20];
	memset(key, 0x0b, sizeof key);
	check_hmac(WARD_HASH_SHA256, key, sizeof key, "Hi There",
		   "b0344c61d8db38535ca8afceaf0bf12b"
		   "881dc200c9833da726e9376c2e32cff7");
	check_hmac(WARD_HASH_SHA384, key, sizeof key, "Hi There",
		   "afd03944d84895626b0825f4ab46907f"
		   "15f9dadbe4101ec682aa034c7cebc59c"
		   "faea9ea9076ede7f4af152e8b2fa9cb6");
	check_hmac(WARD_HASH_SHA256, "Jefe", 4, "what do ya want for nothing?",
		   "5bdcc146bf60754e6a042426089575c7"
		   "5a003f089d2739839dec58b964ec3843");
	check_hmac(WARD_HASH_SHA384, "Jefe", 4, "what do ya want for nothing?",
		   "af45d2e376484031617f78d2b58a6b1b"
		   "9c7ef464f5a01b47e42ec3736322445e"
		   "8e2240ca5e69e2c78b3239ecfab21649");
}

/* RFC 4231 4.7: a key longer than the block is hashed first; and the
 * edges: an empty key, a key of exactly one block. */
static void hmac_key_lengths(void **state)
{
	(void)state;
	uint8_t key[131];
	memset(key, 0xaa, sizeof key);
	const char *data =
	    "Test Using Larger Than Block-Size Key - Hash Key First";
	check_hmac(WARD_HASH_SHA256, key, sizeof key, data,
		   "60e431591ee0b67f0d8a26aacbf5b77f"
		   "8e0bc6213728c5140546040f0ee37f54");
	check_hmac(WARD_HASH_SHA384, key, sizeof key, data,
		   "4ece084485813e9088d2c63a041bc5b4"
		   "4f9ef1012a2b588f3cd11f05033ac4c6"
		   "0c2ef6ab4030fe8296248df163f44952");
	check_hmac(WARD_HASH_SHA512, key, sizeof key, data,
		   "80b24263c7c1a3ebb71493c1dd7be8b4"
		   "9b46d1f41b4aeec1121b013783f8f352"
		   "6b56d037e05f2598bd0fd2215d6a1e52"
		   "95e64f73f63f0aec8b915a985d786598");
	check_hmac(WARD_HASH_SHA256, NULL, 0, "",
		   "b613679a0814d9ec772f95d778c35fc5"
		   "ff1697c493715653c6c712144292c5ad");
	check_hmac(WARD_HASH_SHA256, key, 64, "abc",
		   "2f8cff867f2668ca93d3c5b03ba9f816"
		   "746742eda349b3bc4bb35aa27816754c");
}

static void hash_lengths(void **state)
{
	(void)state;
	assert_int_equal(ward_hash_len(WARD_HASH_SHA256), 32);
	assert_int_equal(ward_hash_len(WARD_HASH_SHA384), 48);
	assert_int_equal(ward_hash_len(WARD_HASH_SHA512), 64);
	assert_int_equal(ward_hash_len(WARD_HASH_SHA1), 20);
	assert_int_equal(ward_hash_len((ward_hash_alg)9), 0);
	ward_hash h;
	assert_err(ward_hash_init(&h, (ward_hash_alg)9), WARD_ERR_ARG);
}

/* FIPS 180-2 "abc"; peek leaves the hash running, copy forks it. */
static void hash_peek_and_copy(void **state)
{
	(void)state;
	uint8_t want_abc[32], want_abcd[32], got[WARD_HASH_MAX];
	test_unhex("ba7816bf8f01cfea414140de5dae2223"
		   "b00361a396177a9cb410ff61f20015ad",
		   want_abc, sizeof want_abc);
	assert_ok(ward_hash_oneshot(WARD_HASH_SHA256, "abcd", 4, want_abcd));

	ward_hash h, c;
	assert_ok(ward_hash_init(&h, WARD_HASH_SHA256));
	assert_ok(ward_hash_update(&h, "ab", 2));
	assert_ok(ward_hash_update(&h, "c", 1));
	assert_ok(ward_hash_peek(&h, got));
	assert_bytes_equal(got, want_abc, 32);
	assert_ok(ward_hash_copy(&c, &h));
	assert_int_equal(c.alg, WARD_HASH_SHA256);
	assert_ok(ward_hash_update(&h, "d", 1));
	assert_ok(ward_hash_peek(&h, got));
	assert_bytes_equal(got, want_abcd, 32);
	assert_ok(ward_hash_peek(&c, got));
	assert_bytes_equal(got, want_abc, 32);
	ward_hash_free(&h);
	ward_hash_free(&c);
	ward_hash_free(&c); /* freeing twice is harmless */
	assert_err(ward_hash_update(&h, "x", 1), WARD_ERR_STATE);

	assert_ok(ward_hash_oneshot(WARD_HASH_SHA256, "abc", 3, got));
	assert_bytes_equal(got, want_abc, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hkdf_rfc5869_case1),
	    cmocka_unit_test(hkdf_rfc5869_case2),
	    cmocka_unit_test(hkdf_rfc5869_case3),
	    cmocka_unit_test(hkdf_expand_refuses_too_long),
	    cmocka_unit_test(hmac_rfc4231),
	    cmocka_unit_test(hmac_key_lengths),
	    cmocka_unit_test(hash_lengths),
	    cmocka_unit_test(hash_peek_and_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

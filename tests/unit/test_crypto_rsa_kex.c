/* crypto/rsa_kex: the static RSA pre-master secret (RFC 5246 7.4.7.1).
 * Encoded messages are built here and encrypted raw (libcrypto, the
 * public key's side only), so that each way a padding can be wrong is
 * tried: every one gives the caller's random bytes and the same result,
 * a sound one the client's secret. */
#include "test.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "crypto/crypto.h"

static ward_pkey *key;
static size_t k;

static int setup(void **state)
{
	(void)state;
	if (ward_pkey_generate(WARD_KEY_RSA, &key) != WARD_OK)
		return -1;
	k = ward_rsa_size(key);
	return k == 256 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ward_pkey_free(key);
	return 0;
}

/* c = em^e mod n */
static void encrypt_raw(const uint8_t *em, uint8_t *ct)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new((EVP_PKEY *)key, NULL);
	size_t n = k;
	assert_non_null(ctx);
	assert_true(EVP_PKEY_encrypt_init(ctx) > 0);
	assert_true(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) > 0);
	assert_true(EVP_PKEY_encrypt(ctx, ct, &n, em, k) > 0);
	assert_int_equal(n, k);
	EVP_PKEY_CTX_free(ctx);
}

/* 0x00 0x02 PS 0x00 M, M = 03 03 || 46 bytes; PS non-zero */
static void sound_em(uint8_t *em, uint8_t *m)
{
	size_t zero_at = k - WARD_PREMASTER_LEN - 1;
	em[0] = 0;
	em[1] = 2;
	for (size_t i = 2; i < zero_at; i++)
		em[i] = (uint8_t)(i % 255 + 1);
	em[zero_at] = 0;
	m[0] = 3;
	m[1] = 3;
	for (size_t i = 2; i < WARD_PREMASTER_LEN; i++)
		m[i] = (uint8_t)(0xa0 + i);
	memcpy(em + zero_at + 1, m, WARD_PREMASTER_LEN);
}

static const uint8_t random48[WARD_PREMASTER_LEN] = {
    0x52, 0x41, 0x4e, 0x44, 0x4f, 0x4d, 1,  2,	3,  4,	5,  6,	7,  8,	9,  10,
    11,	  12,	13,   14,   15,	  16,	17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27,	  28,	29,   30,   31,	  32,	33, 34, 35, 36, 37, 38, 39, 40, 41, 42};

static void decrypt(const uint8_t *ct, uint8_t *pms)
{
	assert_ok(
	    ward_rsa_decrypt_premaster(key, ct, k, 0x0303, random48, pms));
}

static void sound_premaster_is_taken(void **state)
{
	(void)state;
	uint8_t em[512], m[WARD_PREMASTER_LEN], ct[512], pms[48];
	sound_em(em, m);
	encrypt_raw(em, ct);
	decrypt(ct, pms);
	assert_bytes_equal(pms, m, sizeof pms);
}

/* Each spoiled message gives the random secret, with WARD_OK. */
static void spoiled_premasters_give_the_random_one(void **state)
{
	(void)state;
	size_t zero_at = k - WARD_PREMASTER_LEN - 1;
	struct {
		const char *what;
		size_t at;
		uint8_t value;
	} cases[] = {
	    {"first byte not zero", 0, 0x01},
	    {"block type 1", 1, 0x01},
	    {"block type 0", 1, 0x00},
	    {"no zero before the message (49 bytes or more)", zero_at, 0x01},
	    {"a zero inside the padding string (a longer message)", 2, 0x00},
	    {"a zero late in the padding string", zero_at - 1, 0x00},
	    {"client_version major", zero_at + 1, 0x02},
	    {"client_version minor", zero_at + 2, 0x02},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		uint8_t em[512], m[WARD_PREMASTER_LEN], ct[512], pms[48];
		sound_em(em, m);
		em[cases[i].at] = cases[i].value;
		encrypt_raw(em, ct);
		decrypt(ct, pms);
		if (memcmp(pms, random48, sizeof pms) != 0)
			fail_msg("%s: not the random pre-master",
				 cases[i].what);
	}
	/* a 47-byte message: the separator one byte later */
	uint8_t em[512], m[WARD_PREMASTER_LEN], ct[512], pms[48];
	sound_em(em, m);
	em[zero_at] = 0x01;
	em[zero_at + 1] = 0;
	encrypt_raw(em, ct);
	decrypt(ct, pms);
	assert_bytes_equal(pms, random48, sizeof pms);
	/* a ciphertext not below the modulus */
	memset(ct, 0xff, k);
	decrypt(ct, pms);
	assert_bytes_equal(pms, random48, sizeof pms);
}

/* The client's version is ClientHello.client_version, whatever it is. */
static void version_is_the_client_hellos(void **state)
{
	(void)state;
	uint8_t em[512], m[WARD_PREMASTER_LEN], ct[512], pms[48];
	sound_em(em, m);
	encrypt_raw(em, ct);
	assert_ok(
	    ward_rsa_decrypt_premaster(key, ct, k, 0x0302, random48, pms));
	assert_bytes_equal(pms, random48, sizeof pms);
	assert_ok(
	    ward_rsa_decrypt_premaster(key, ct, k, 0x0303, random48, pms));
	assert_bytes_equal(pms, m, sizeof pms);
}

/* Public facts only: the ciphertext's length, the key's type. */
static void size_and_key_are_checked(void **state)
{
	(void)state;
	uint8_t ct[512] = {0}, pms[48];
	assert_err(
	    ward_rsa_decrypt_premaster(key, ct, k - 1, 0x0303, random48, pms),
	    WARD_ERR_DECODE);
	assert_err(
	    ward_rsa_decrypt_premaster(key, ct, k + 1, 0x0303, random48, pms),
	    WARD_ERR_DECODE);
	assert_err(
	    ward_rsa_decrypt_premaster(key, ct, 0, 0x0303, random48, pms),
	    WARD_ERR_DECODE);
	ward_pkey *ec;
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &ec));
	assert_int_equal(ward_rsa_size(ec), 0);
	assert_err(
	    ward_rsa_decrypt_premaster(ec, ct, 64, 0x0303, random48, pms),
	    WARD_ERR_ARG);
	ward_pkey_free(ec);
}

/* The client's side: what ward_rsa_encrypt_pkcs1 makes, the server's
 * side takes (a fresh padding each time); other keys, too small a
 * buffer: WARD_ERR_ARG. */
static void client_encryption_round_trips(void **state)
{
	(void)state;
	uint8_t m[48], ct[512], ct2[512], pms[48];
	size_t ct_len = sizeof ct, ct2_len = sizeof ct2;
	for (size_t i = 0; i < sizeof m; i++)
		m[i] = (uint8_t)(0x90 + i);
	m[0] = 3, m[1] = 3;
	assert_ok(ward_rsa_encrypt_pkcs1(key, m, sizeof m, ct, &ct_len));
	assert_int_equal(ct_len, k);
	assert_ok(
	    ward_rsa_decrypt_premaster(key, ct, ct_len, 0x0303, random48, pms));
	assert_memory_equal(pms, m, 48);
	assert_ok(ward_rsa_encrypt_pkcs1(key, m, sizeof m, ct2, &ct2_len));
	assert_memory_not_equal(ct, ct2, k);
	ct_len = k - 1;
	assert_err(ward_rsa_encrypt_pkcs1(key, m, sizeof m, ct, &ct_len),
		   WARD_ERR_ARG);
	ward_pkey *ec;
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &ec));
	ct_len = sizeof ct;
	assert_err(ward_rsa_encrypt_pkcs1(ec, m, sizeof m, ct, &ct_len),
		   WARD_ERR_ARG);
	ward_pkey_free(ec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sound_premaster_is_taken),
	    cmocka_unit_test(spoiled_premasters_give_the_random_one),
	    cmocka_unit_test(version_is_the_client_hellos),
	    cmocka_unit_test(size_and_key_are_checked),
	    cmocka_unit_test(client_encryption_round_trips),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

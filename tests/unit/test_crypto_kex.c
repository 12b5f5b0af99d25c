/* crypto/kex: RFC 7748 and RFC 5903 known answers, round trips for every
 * group, and refusal of malformed or invalid peer shares. */
#include "test.h"

#include "crypto/crypto.h"

/* RFC 7919 A.1 */
static const char ffdhe2048_p[] =
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695"
    "a9e13641146433fbcc939dce249b3ef97d2fe363630c75d8f681b202aec4617a"
    "d3df1ed5d5fd65612433f51f5f066ed0856365553ded1af3b557135e7f57c935"
    "984f0c70e0e68b77e2a689daf3efe8721df158a136ade73530acca4f483a797a"
    "bc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4"
    "ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f61"
    "9172fe9ce98583ff8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005"
    "c58ef1837d1683b2c6f34a26c1b2effa886b423861285c97ffffffffffffffff";

static const uint16_t all_groups[] = {
    WARD_GROUP_X25519,	  WARD_GROUP_X448,	WARD_GROUP_SECP256R1,
    WARD_GROUP_SECP384R1, WARD_GROUP_SECP521R1, WARD_GROUP_FFDHE2048,
    WARD_GROUP_FFDHE3072, WARD_GROUP_FFDHE4096};

static void check_pair(uint16_t group, const char *a_priv, const char *a_pub,
		       const char *b_priv, const char *b_pub,
		       const char *shared)
{
	uint8_t priv[WARD_KEX_SECRET_MAX], pub[WARD_KEX_PUB_MAX],
	    want[WARD_KEX_PUB_MAX];
	uint8_t bpub[WARD_KEX_PUB_MAX], s1[WARD_KEX_SECRET_MAX];
	uint8_t s2[WARD_KEX_SECRET_MAX];
	size_t publen, bpublen, len1, len2;
	ward_kex a, b;

	size_t n = test_unhex(a_priv, priv, sizeof priv);
	assert_ok(ward_kex_from_private(&a, group, priv, n, pub, &publen));
	assert_int_equal(test_unhex(a_pub, want, sizeof want), publen);
	assert_bytes_equal(pub, want, publen);

	n = test_unhex(b_priv, priv, sizeof priv);
	assert_ok(ward_kex_from_private(&b, group, priv, n, bpub, &bpublen));
	assert_int_equal(test_unhex(b_pub, want, sizeof want), bpublen);
	assert_bytes_equal(bpub, want, bpublen);

	assert_ok(ward_kex_derive(&a, bpub, bpublen, s1, &len1));
	assert_ok(ward_kex_derive(&b, pub, publen, s2, &len2));
	assert_int_equal(test_unhex(shared, want, sizeof want), len1);
	assert_bytes_equal(s1, want, len1);
	assert_int_equal(len1, len2);
	assert_bytes_equal(s2, want, len2);
	ward_kex_free(&a);
	ward_kex_free(&b);
}

/* RFC 7748 6.1 */
static void x25519_rfc7748(void **state)
{
	(void)state;
	check_pair(WARD_GROUP_X25519,
		   "77076d0a7318a57d3c16c17251b26645"
		   "df4c2f87ebc0992ab177fba51db92c2a",
		   "8520f0098930a754748b7ddcb43ef75a"
		   "0dbf3a0d26381af4eba4a98eaa9b4e6a",
		   "5dab087e624a8a4b79e17f8b83800ee6"
		   "6f3bb1292618b6fd1c2f8b27ff88e0eb",
		   "de9edb7d7b7dc1b4d35b61c2ece43537"
		   "3f8343c85b78674dadfc7e146f882b4f",
		   "4a5d9d5ba4ce2de1728e3bf480350f25"
		   "e07e21c947d19e3376f09b3c1e161742");
}

/* RFC 5903 8.1 */
static void p256_rfc5903(void **state)
{
	(void)state;
	check_pair(
	    WARD_GROUP_SECP256R1,
	    "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
	    "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c37725811"
	    "805271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb"
	    "3",
	    "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
	    "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf"
	    "6356fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872a"
	    "b",
	    "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
}

/* RFC 7748 6.2 */
static void x448_rfc7748(void **state)
{
	(void)state;
	check_pair(WARD_GROUP_X448,
		   "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28d"
		   "d9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
		   "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c"
		   "22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
		   "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d"
		   "6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
		   "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b430"
		   "27d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
		   "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282b"
		   "b60c0b56fd2464c335543936521c24403085d59a449a5037514a879d");
}

static void roundtrip_every_group(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof all_groups / sizeof all_groups[0]; i++) {
		uint16_t g = all_groups[i];
		uint8_t pa[WARD_KEX_PUB_MAX], pb[WARD_KEX_PUB_MAX];
		uint8_t sa[WARD_KEX_SECRET_MAX], sb[WARD_KEX_SECRET_MAX];
		size_t la, lb, na, nb;
		ward_kex a, b;
		assert_true(ward_group_supported(g));
		assert_ok(ward_kex_keygen(&a, g, pa, &la));
		assert_ok(ward_kex_keygen(&b, g, pb, &lb));
		assert_int_equal(la, ward_kex_pub_len(g));
		assert_int_equal(lb, ward_kex_pub_len(g));
		assert_memory_not_equal(pa, pb, la);
		assert_ok(ward_kex_derive(&a, pb, lb, sa, &na));
		assert_ok(ward_kex_derive(&b, pa, la, sb, &nb));
		assert_int_equal(na, nb);
		assert_bytes_equal(sa, sb, na);
		/* XDH and ECDHE: the field size; FFDHE: the size of p */
		size_t want = g == WARD_GROUP_SECP384R1	  ? 48
			      : g == WARD_GROUP_SECP521R1 ? 66
			      : g == WARD_GROUP_X448	  ? 56
			      : g >= WARD_GROUP_FFDHE2048 ? la
							  : 32;
		assert_int_equal(na, want);
		ward_kex_free(&a);
		ward_kex_free(&b);
	}
}

/* A given FFDHE private value reproduces g^x mod p and agrees with a
 * generated peer. */
static void ffdhe_from_private(void **state)
{
	(void)state;
	uint8_t x[32], pub[WARD_KEX_PUB_MAX], pb[WARD_KEX_PUB_MAX];
	uint8_t sa[WARD_KEX_SECRET_MAX], sb[WARD_KEX_SECRET_MAX];
	size_t la, lb, na, nb;
	ward_kex a, b;
	memset(x, 0x5a, sizeof x);
	assert_ok(ward_kex_from_private(&a, WARD_GROUP_FFDHE2048, x, sizeof x,
					pub, &la));
	assert_int_equal(la, 256);
	assert_ok(ward_kex_keygen(&b, WARD_GROUP_FFDHE2048, pb, &lb));
	assert_ok(ward_kex_derive(&a, pb, lb, sa, &na));
	assert_ok(ward_kex_derive(&b, pub, la, sb, &nb));
	assert_int_equal(na, 256);
	assert_int_equal(nb, 256);
	assert_bytes_equal(sa, sb, na);
	ward_kex_free(&a);
	ward_kex_free(&b);
}

static void refuses_wrong_lengths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof all_groups / sizeof all_groups[0]; i++) {
		uint16_t g = all_groups[i];
		uint8_t pub[WARD_KEX_PUB_MAX + 1], s[WARD_KEX_SECRET_MAX];
		size_t len, slen;
		ward_kex k;
		assert_ok(ward_kex_keygen(&k, g, pub, &len));
		assert_err(ward_kex_derive(&k, pub, len - 1, s, &slen),
			   WARD_ERR_ILLEGAL_PARAMETER);
		pub[len] = 0;
		assert_err(ward_kex_derive(&k, pub, len + 1, s, &slen),
			   WARD_ERR_ILLEGAL_PARAMETER);
		assert_err(ward_kex_derive(&k, pub, 0, s, &slen),
			   WARD_ERR_ILLEGAL_PARAMETER);
		ward_kex_free(&k);
	}
}

static void refuses_points_off_the_curve(void **state)
{
	(void)state;
	uint16_t curves[] = {WARD_GROUP_SECP256R1, WARD_GROUP_SECP384R1,
			     WARD_GROUP_SECP521R1};
	for (size_t i = 0; i < 3; i++) {
		uint8_t pub[WARD_KEX_PUB_MAX], bad[WARD_KEX_PUB_MAX];
		uint8_t s[WARD_KEX_SECRET_MAX];
		size_t len, slen;
		ward_kex k;
		assert_ok(ward_kex_keygen(&k, curves[i], pub, &len));
		/* 0x04 followed by all 0x01: not on the curve */
		memset(bad, 0x01, len);
		bad[0] = 0x04;
		assert_err(ward_kex_derive(&k, bad, len, s, &slen),
			   WARD_ERR_ILLEGAL_PARAMETER);
		/* a valid point, one bit of Y flipped */
		memcpy(bad, pub, len);
		bad[len - 1] ^= 1;
		assert_err(ward_kex_derive(&k, bad, len, s, &slen),
			   WARD_ERR_ILLEGAL_PARAMETER);
		/* a valid point in another form than uncompressed */
		memcpy(bad, pub, len);
		bad[0] = 0x02;
		assert_err(ward_kex_derive(&k, bad, len, s, &slen),
			   WARD_ERR_ILLEGAL_PARAMETER);
		/* all zeros (the point at infinity's attempt) */
		memset(bad, 0, len);
		bad[0] = 0x04;
		assert_err(ward_kex_derive(&k, bad, len, s, &slen),
			   WARD_ERR_ILLEGAL_PARAMETER);
		/* our own point is fine */
		assert_ok(ward_kex_derive(&k, pub, len, s, &slen));
		ward_kex_free(&k);
	}
}

/* Small-order points give an all-zero secret (RFC 7748 6.1). */
static void x25519_refuses_small_order(void **state)
{
	(void)state;
	uint8_t pub[32], bad[32], s[WARD_KEX_SECRET_MAX];
	size_t len, slen;
	ward_kex k;
	assert_ok(ward_kex_keygen(&k, WARD_GROUP_X25519, pub, &len));
	memset(bad, 0, sizeof bad);
	assert_err(ward_kex_derive(&k, bad, 32, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	bad[0] = 1; /* u = 1, order 4 */
	assert_err(ward_kex_derive(&k, bad, 32, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	ward_kex_free(&k);
}

/* X448: u = 0 and u = 1 give an all-zero secret (RFC 7748 6.2). */
static void x448_refuses_small_order(void **state)
{
	(void)state;
	uint8_t pub[56], bad[56], s[WARD_KEX_SECRET_MAX];
	size_t len, slen;
	ward_kex k;
	assert_ok(ward_kex_keygen(&k, WARD_GROUP_X448, pub, &len));
	assert_int_equal(len, 56);
	memset(bad, 0, sizeof bad);
	assert_err(ward_kex_derive(&k, bad, 56, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	bad[0] = 1;
	assert_err(ward_kex_derive(&k, bad, 56, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	ward_kex_free(&k);
}

/* RFC 7919 5.1: 1 < Y < p-1. */
static void ffdhe_refuses_out_of_range(void **state)
{
	(void)state;
	uint8_t pub[256], bad[256], s[WARD_KEX_SECRET_MAX];
	size_t len, slen;
	ward_kex k;
	assert_ok(ward_kex_keygen(&k, WARD_GROUP_FFDHE2048, pub, &len));

	memset(bad, 0, sizeof bad); /* 0 */
	assert_err(ward_kex_derive(&k, bad, 256, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	bad[255] = 1; /* 1 */
	assert_err(ward_kex_derive(&k, bad, 256, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	bad[255] = 2; /* 2 is in range */
	assert_ok(ward_kex_derive(&k, bad, 256, s, &slen));

	assert_int_equal(test_unhex(ffdhe2048_p, bad, sizeof bad), 256);
	assert_err(ward_kex_derive(&k, bad, 256, s, &slen), /* p */
		   WARD_ERR_ILLEGAL_PARAMETER);
	bad[255] = 0xfe; /* p - 1 */
	assert_err(ward_kex_derive(&k, bad, 256, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	bad[255] = 0xfd; /* p - 2 is in range */
	assert_ok(ward_kex_derive(&k, bad, 256, s, &slen));
	memset(bad, 0xff, sizeof bad); /* above p */
	assert_err(ward_kex_derive(&k, bad, 256, s, &slen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	ward_kex_free(&k);
}

static void names_and_misuse(void **state)
{
	(void)state;
	assert_string_equal(ward_group_name(WARD_GROUP_X25519), "x25519");
	assert_string_equal(ward_group_name(WARD_GROUP_SECP256R1), "secp256r1");
	assert_string_equal(ward_group_name(WARD_GROUP_SECP384R1), "secp384r1");
	assert_string_equal(ward_group_name(WARD_GROUP_FFDHE2048), "ffdhe2048");
	assert_string_equal(ward_group_name(WARD_GROUP_FFDHE3072), "ffdhe3072");
	assert_string_equal(ward_group_name(WARD_GROUP_SECP521R1), "secp521r1");
	assert_string_equal(ward_group_name(WARD_GROUP_X448), "x448");
	assert_string_equal(ward_group_name(WARD_GROUP_FFDHE4096), "ffdhe4096");
	assert_null(ward_group_name(0x0103)); /* ffdhe6144: not offered */
	assert_false(ward_group_supported(0x0103));
	assert_int_equal(ward_kex_pub_len(WARD_GROUP_SECP521R1), 133);
	assert_int_equal(ward_kex_pub_len(WARD_GROUP_X448), 56);
	assert_int_equal(ward_kex_pub_len(WARD_GROUP_FFDHE4096), 512);
	assert_int_equal(ward_kex_pub_len(WARD_GROUP_SECP384R1), 97);
	assert_int_equal(ward_kex_pub_len(0x1234), 0);

	uint8_t pub[WARD_KEX_PUB_MAX], s[WARD_KEX_SECRET_MAX];
	size_t len;
	ward_kex k = {0};
	assert_err(ward_kex_keygen(&k, 0x1234, pub, &len), WARD_ERR_ARG);
	assert_err(
	    ward_kex_from_private(&k, WARD_GROUP_X25519, pub, 31, pub, &len),
	    WARD_ERR_ARG);
	/* a P-256 scalar of zero or not below the order */
	memset(pub, 0, 32);
	assert_err(
	    ward_kex_from_private(&k, WARD_GROUP_SECP256R1, pub, 32, pub, &len),
	    WARD_ERR_ARG);
	memset(pub, 0xff, 32);
	assert_err(
	    ward_kex_from_private(&k, WARD_GROUP_SECP256R1, pub, 32, pub, &len),
	    WARD_ERR_ARG);
	k.group = WARD_GROUP_X25519;
	assert_err(ward_kex_derive(&k, pub, 32, s, &len), WARD_ERR_STATE);
	ward_kex_free(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(x25519_rfc7748),
	    cmocka_unit_test(p256_rfc5903),
	    cmocka_unit_test(roundtrip_every_group),
	    cmocka_unit_test(ffdhe_from_private),
	    cmocka_unit_test(refuses_wrong_lengths),
	    cmocka_unit_test(refuses_points_off_the_curve),
	    cmocka_unit_test(x25519_refuses_small_order),
	    cmocka_unit_test(x448_refuses_small_order),
	    cmocka_unit_test(x448_rfc7748),
	    cmocka_unit_test(ffdhe_refuses_out_of_range),
	    cmocka_unit_test(names_and_misuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* crypto/pkey: key loading and generation, scheme/key matching, and
 * sign/verify for every TLS 1.3 scheme plus the legacy verify-only ones. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "crypto/crypto.h"

#define DATA WARD_TEST_DATA "/x509/"

static ward_pkey *load(const char *name)
{
	char why[256] = "";
	ward_pkey *k = NULL;
	ward_err err = ward_pkey_load_pem_file(name, &k, why, sizeof why);
	if (err != WARD_OK)
		fail_msg("%s: %s", ward_err_name(err), why);
	return k;
}

static size_t read_file(const char *path, uint8_t *out, size_t cap)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(out, 1, cap, f);
	fclose(f);
	return n;
}

static const char msg[] = "TLS 1.3, server CertificateVerify";

/* Sign and verify; a changed message or signature is decrypt_error. */
static void check_scheme(ward_pkey *k, uint16_t scheme)
{
	uint8_t sig[1024];
	size_t siglen = 0;
	assert_true(ward_pkey_sig_max(k) <= sizeof sig);
	assert_true(ward_pkey_can_sign(k, scheme));
	assert_true(ward_pkey_can_verify(k, scheme));
	assert_ok(ward_sign(k, scheme, (const uint8_t *)msg, sizeof msg, sig,
			    &siglen));
	assert_true(siglen > 0 && siglen <= ward_pkey_sig_max(k));
	assert_ok(ward_verify(k, scheme, (const uint8_t *)msg, sizeof msg, sig,
			      siglen));
	assert_err(ward_verify(k, scheme, (const uint8_t *)msg, sizeof msg - 1,
			       sig, siglen),
		   WARD_ERR_DECRYPT_ERROR);
	sig[siglen / 2] ^= 0x10;
	assert_err(ward_verify(k, scheme, (const uint8_t *)msg, sizeof msg, sig,
			       siglen),
		   WARD_ERR_DECRYPT_ERROR);
	sig[siglen / 2] ^= 0x10;
	assert_err(ward_verify(k, scheme, (const uint8_t *)msg, sizeof msg, sig,
			       siglen - 1),
		   WARD_ERR_DECRYPT_ERROR);
	assert_err(
	    ward_verify(k, scheme, (const uint8_t *)msg, sizeof msg, sig, 0),
	    WARD_ERR_DECRYPT_ERROR);
}

static void refuse_scheme(ward_pkey *k, uint16_t scheme)
{
	uint8_t sig[1024];
	size_t siglen;
	assert_false(ward_pkey_can_sign(k, scheme));
	assert_err(ward_sign(k, scheme, (const uint8_t *)msg, sizeof msg, sig,
			     &siglen),
		   WARD_ERR_ILLEGAL_PARAMETER);
}

static void ecdsa_matches_curves(void **state)
{
	(void)state;
	static const struct {
		ward_key_type type;
		uint16_t scheme;
		size_t bits;
	} cases[] = {
	    {WARD_KEY_EC_P256, WARD_SIG_ECDSA_SECP256R1_SHA256, 256},
	    {WARD_KEY_EC_P384, WARD_SIG_ECDSA_SECP384R1_SHA384, 384},
	    {WARD_KEY_EC_P521, WARD_SIG_ECDSA_SECP521R1_SHA512, 521},
	};
	for (size_t i = 0; i < 3; i++) {
		ward_pkey *k;
		assert_ok(ward_pkey_generate(cases[i].type, &k));
		assert_int_equal(ward_pkey_type(k), cases[i].type);
		assert_int_equal(ward_pkey_bits(k), cases[i].bits);
		check_scheme(k, cases[i].scheme);
		/* TLS 1.3 binds the curve to the scheme */
		for (size_t j = 0; j < 3; j++) {
			if (j == i)
				continue;
			refuse_scheme(k, cases[j].scheme);
			assert_false(ward_pkey_can_verify(k, cases[j].scheme));
			assert_err(ward_verify(k, cases[j].scheme,
					       (const uint8_t *)msg, 1,
					       (const uint8_t *)msg, 1),
				   WARD_ERR_ILLEGAL_PARAMETER);
		}
		refuse_scheme(k, WARD_SIG_RSA_PSS_RSAE_SHA256);
		refuse_scheme(k, WARD_SIG_ED25519);
		refuse_scheme(k, WARD_SIG_ECDSA_SHA1);
		assert_true(ward_pkey_can_verify(k, WARD_SIG_ECDSA_SHA1));
		ward_pkey_free(k);
	}
}

static void rsa_pss_rsae(void **state)
{
	(void)state;
	ward_pkey *k;
	assert_ok(ward_pkey_generate(WARD_KEY_RSA, &k));
	assert_int_equal(ward_pkey_type(k), WARD_KEY_RSA);
	assert_int_equal(ward_pkey_bits(k), 2048);
	assert_int_equal(ward_pkey_sig_max(k), 256);
	check_scheme(k, WARD_SIG_RSA_PSS_RSAE_SHA256);
	check_scheme(k, WARD_SIG_RSA_PSS_RSAE_SHA384);
	check_scheme(k, WARD_SIG_RSA_PSS_RSAE_SHA512);
	/* PKCS#1 v1.5 and SHA-1: verify only */
	refuse_scheme(k, WARD_SIG_RSA_PKCS1_SHA256);
	refuse_scheme(k, WARD_SIG_RSA_PKCS1_SHA1);
	assert_true(ward_pkey_can_verify(k, WARD_SIG_RSA_PKCS1_SHA256));
	assert_true(ward_pkey_can_verify(k, WARD_SIG_RSA_PKCS1_SHA1));
	/* an rsaEncryption key is not an RSASSA-PSS key */
	refuse_scheme(k, WARD_SIG_RSA_PSS_PSS_SHA256);
	refuse_scheme(k, WARD_SIG_ECDSA_SECP256R1_SHA256);

	/* a PSS signature is not a PKCS#1 one, nor one with another hash */
	uint8_t sig[256];
	size_t siglen;
	assert_ok(ward_sign(k, WARD_SIG_RSA_PSS_RSAE_SHA256,
			    (const uint8_t *)msg, sizeof msg, sig, &siglen));
	assert_err(ward_verify(k, WARD_SIG_RSA_PKCS1_SHA256,
			       (const uint8_t *)msg, sizeof msg, sig, siglen),
		   WARD_ERR_DECRYPT_ERROR);
	assert_err(ward_verify(k, WARD_SIG_RSA_PSS_RSAE_SHA384,
			       (const uint8_t *)msg, sizeof msg, sig, siglen),
		   WARD_ERR_DECRYPT_ERROR);
	ward_pkey_free(k);
}

static void rsa_pss_pss(void **state)
{
	(void)state;
	ward_pkey *k = load(DATA "rsapss.key");
	assert_int_equal(ward_pkey_type(k), WARD_KEY_RSA);
	check_scheme(k, WARD_SIG_RSA_PSS_PSS_SHA256);
	check_scheme(k, WARD_SIG_RSA_PSS_PSS_SHA384);
	check_scheme(k, WARD_SIG_RSA_PSS_PSS_SHA512);
	refuse_scheme(k, WARD_SIG_RSA_PSS_RSAE_SHA256);
	assert_false(ward_pkey_can_verify(k, WARD_SIG_RSA_PKCS1_SHA256));
	ward_pkey_free(k);

	/* a key restricted to SHA-256 (RFC 4055 3.1) */
	k = load(DATA "rsapss-sha256.key");
	check_scheme(k, WARD_SIG_RSA_PSS_PSS_SHA256);
	refuse_scheme(k, WARD_SIG_RSA_PSS_PSS_SHA384);
	ward_pkey_free(k);
}

static void ed25519(void **state)
{
	(void)state;
	ward_pkey *k;
	assert_ok(ward_pkey_generate(WARD_KEY_ED25519, &k));
	assert_int_equal(ward_pkey_type(k), WARD_KEY_ED25519);
	assert_int_equal(ward_pkey_sig_max(k), 64);
	check_scheme(k, WARD_SIG_ED25519);
	refuse_scheme(k, WARD_SIG_ECDSA_SECP256R1_SHA256);
	ward_pkey_free(k);

	k = load(DATA "ed25519.key");
	check_scheme(k, WARD_SIG_ED25519);
	ward_pkey_free(k);
}

/* Signatures made by the openssl CLI with the legacy schemes. */
static void legacy_signatures_verify(void **state)
{
	(void)state;
	uint8_t m[128], sig[512];
	size_t mlen = read_file(DATA "message.txt", m, sizeof m);

	ward_pkey *k = load(DATA "rsa.key");
	size_t siglen = read_file(DATA "rsa-pkcs1-sha256.sig", sig, sizeof sig);
	assert_ok(
	    ward_verify(k, WARD_SIG_RSA_PKCS1_SHA256, m, mlen, sig, siglen));
	assert_err(
	    ward_verify(k, WARD_SIG_RSA_PSS_RSAE_SHA256, m, mlen, sig, siglen),
	    WARD_ERR_DECRYPT_ERROR);
	m[0] ^= 1;
	assert_err(
	    ward_verify(k, WARD_SIG_RSA_PKCS1_SHA256, m, mlen, sig, siglen),
	    WARD_ERR_DECRYPT_ERROR);
	m[0] ^= 1;
	ward_pkey_free(k);

	k = load(DATA "leaf.key");
	siglen = read_file(DATA "leaf-ecdsa-sha1.sig", sig, sizeof sig);
	assert_ok(ward_verify(k, WARD_SIG_ECDSA_SHA1, m, mlen, sig, siglen));
	assert_err(ward_verify(k, WARD_SIG_ECDSA_SECP256R1_SHA256, m, mlen, sig,
			       siglen),
		   WARD_ERR_DECRYPT_ERROR);
	ward_pkey_free(k);
}

/* TLS 1.2's ServerKeyExchange may sign with PKCS#1 v1.5 and SHA-1 (the
 * caller decides whether SHA-1 is enabled); what TLS 1.3 refuses to sign
 * stays refused by ward_sign. */
static void tls12_signing(void **state)
{
	(void)state;
	static const struct {
		ward_key_type type;
		uint16_t scheme;
	} cases[] = {
	    {WARD_KEY_RSA, WARD_SIG_RSA_PKCS1_SHA256},
	    {WARD_KEY_RSA, WARD_SIG_RSA_PKCS1_SHA512},
	    {WARD_KEY_RSA, WARD_SIG_RSA_PKCS1_SHA1},
	    {WARD_KEY_RSA, WARD_SIG_RSA_PSS_RSAE_SHA256},
	    {WARD_KEY_EC_P256, WARD_SIG_ECDSA_SHA1},
	    {WARD_KEY_EC_P384, WARD_SIG_ECDSA_SHA1},
	    {WARD_KEY_EC_P256, WARD_SIG_ECDSA_SECP256R1_SHA256},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ward_pkey *k;
		uint8_t sig[512];
		size_t siglen = sizeof sig;
		uint16_t scheme = cases[i].scheme;
		assert_ok(ward_pkey_generate(cases[i].type, &k));
		assert_true(ward_pkey_can_sign_tls12(k, scheme));
		assert_ok(ward_sign_tls12(k, scheme, (const uint8_t *)msg,
					  sizeof msg, sig, &siglen));
		assert_ok(ward_verify(k, scheme, (const uint8_t *)msg,
				      sizeof msg, sig, siglen));
		/* TLS 1.3 signs with neither (RFC 8446 4.2.3) */
		if (scheme >> 8 != 0x08 && scheme != 0x0403)
			refuse_scheme(k, scheme);
		ward_pkey_free(k);
	}
	/* a key of the wrong kind or curve, as in TLS 1.3 */
	ward_pkey *k;
	uint8_t sig[512];
	size_t siglen = sizeof sig;
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &k));
	assert_false(ward_pkey_can_sign_tls12(k, WARD_SIG_RSA_PKCS1_SHA1));
	assert_false(
	    ward_pkey_can_sign_tls12(k, WARD_SIG_ECDSA_SECP384R1_SHA384));
	assert_err(ward_sign_tls12(k, WARD_SIG_RSA_PKCS1_SHA256,
				   (const uint8_t *)msg, sizeof msg, sig,
				   &siglen),
		   WARD_ERR_ILLEGAL_PARAMETER);
	ward_pkey_free(k);
}

static void pem_roundtrip(void **state)
{
	(void)state;
	ward_key_type types[] = {WARD_KEY_EC_P256, WARD_KEY_ED25519,
				 WARD_KEY_EC_P384};
	uint16_t schemes[] = {WARD_SIG_ECDSA_SECP256R1_SHA256, WARD_SIG_ED25519,
			      WARD_SIG_ECDSA_SECP384R1_SHA384};
	for (size_t i = 0; i < 3; i++) {
		ward_pkey *k, *again;
		ward_buf pem;
		ward_buf_init_secret(&pem);
		assert_ok(ward_put_str(&pem, "# "));
		assert_ok(ward_pkey_generate(types[i], &k));
		assert_ok(ward_pkey_to_pem(k, &pem));
		/* it appends */
		assert_memory_equal(pem.data, "# -----BEGIN PRIVATE KEY-----\n",
				    30);
		assert_ok(
		    ward_pkey_load_pem(pem.data + 2, pem.len - 2, &again));
		assert_int_equal(ward_pkey_type(again), types[i]);
		/* same key: what one signs, the other verifies */
		uint8_t sig[256];
		size_t siglen;
		assert_ok(ward_sign(again, schemes[i], (const uint8_t *)msg,
				    sizeof msg, sig, &siglen));
		assert_ok(ward_verify(k, schemes[i], (const uint8_t *)msg,
				      sizeof msg, sig, siglen));
		ward_pkey_free(again);
		ward_pkey_free(k);
		ward_buf_free(&pem);
	}
}

static void references(void **state)
{
	(void)state;
	ward_pkey *k;
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &k));
	assert_ptr_equal(ward_pkey_ref(k), k);
	ward_pkey_free(k);
	assert_int_equal(ward_pkey_type(k), WARD_KEY_EC_P256);
	ward_pkey_free(k);
	ward_pkey_free(NULL);
	assert_int_equal(ward_pkey_type(NULL), WARD_KEY_NONE);
	assert_err(ward_pkey_generate(WARD_KEY_OTHER, &k), WARD_ERR_ARG);
}

static void loads_traditional_encodings(void **state)
{
	(void)state;
	ward_pkey *k = load(DATA "leaf-trad.key");
	assert_int_equal(ward_pkey_type(k), WARD_KEY_EC_P256);
	ward_pkey_free(k);
	k = load(DATA "rsa-trad.key");
	assert_int_equal(ward_pkey_type(k), WARD_KEY_RSA);
	ward_pkey_free(k);
}

static void load_explains_failures(void **state)
{
	(void)state;
	char why[256];
	ward_pkey *k = NULL;

	assert_err(
	    ward_pkey_load_pem_file(DATA "missing.key", &k, why, sizeof why),
	    WARD_ERR_NOT_FOUND);
	assert_non_null(strstr(why, "missing.key"));
	assert_non_null(strstr(why, "No such file"));

	assert_err(
	    ward_pkey_load_pem_file(DATA "encrypted.key", &k, why, sizeof why),
	    WARD_ERR_CONFIG);
	assert_non_null(strstr(why, "encrypted.key"));
	assert_non_null(strstr(why, "encrypted"));

	assert_err(
	    ward_pkey_load_pem_file(DATA "leaf.pem", &k, why, sizeof why),
	    WARD_ERR_CONFIG);
	assert_non_null(strstr(why, "certificate, not a private key"));

	assert_err(
	    ward_pkey_load_pem_file(DATA "message.txt", &k, why, sizeof why),
	    WARD_ERR_CONFIG);
	assert_non_null(strstr(why, "not a PEM private key"));
	assert_null(strchr(why, '\n'));
	assert_null(k);

	assert_err(ward_pkey_load_pem("junk", 4, &k), WARD_ERR_CONFIG);
	/* no why buffer is fine */
	assert_err(ward_pkey_load_pem_file(DATA "missing.key", &k, NULL, 0),
		   WARD_ERR_NOT_FOUND);
}

static void scheme_names(void **state)
{
	(void)state;
	static const struct {
		uint16_t id;
		const char *name;
	} names[] = {
	    {WARD_SIG_RSA_PKCS1_SHA1, "rsa_pkcs1_sha1"},
	    {WARD_SIG_ECDSA_SHA1, "ecdsa_sha1"},
	    {WARD_SIG_RSA_PKCS1_SHA256, "rsa_pkcs1_sha256"},
	    {WARD_SIG_ECDSA_SECP256R1_SHA256, "ecdsa_secp256r1_sha256"},
	    {WARD_SIG_RSA_PKCS1_SHA384, "rsa_pkcs1_sha384"},
	    {WARD_SIG_ECDSA_SECP384R1_SHA384, "ecdsa_secp384r1_sha384"},
	    {WARD_SIG_RSA_PKCS1_SHA512, "rsa_pkcs1_sha512"},
	    {WARD_SIG_ECDSA_SECP521R1_SHA512, "ecdsa_secp521r1_sha512"},
	    {WARD_SIG_RSA_PSS_RSAE_SHA256, "rsa_pss_rsae_sha256"},
	    {WARD_SIG_RSA_PSS_RSAE_SHA384, "rsa_pss_rsae_sha384"},
	    {WARD_SIG_RSA_PSS_RSAE_SHA512, "rsa_pss_rsae_sha512"},
	    {WARD_SIG_ED25519, "ed25519"},
	    {WARD_SIG_RSA_PSS_PSS_SHA256, "rsa_pss_pss_sha256"},
	    {WARD_SIG_RSA_PSS_PSS_SHA384, "rsa_pss_pss_sha384"},
	    {WARD_SIG_RSA_PSS_PSS_SHA512, "rsa_pss_pss_sha512"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_string_equal(ward_sigscheme_name(names[i].id),
				    names[i].name);
	assert_null(ward_sigscheme_name(0x0808)); /* ed448 */
	assert_null(ward_sigscheme_name(0));
	ward_pkey *k;
	assert_ok(ward_pkey_generate(WARD_KEY_ED25519, &k));
	assert_false(ward_pkey_can_sign(k, 0x0808));
	assert_false(ward_pkey_can_verify(k, 0x0808));
	ward_pkey_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ecdsa_matches_curves),
	    cmocka_unit_test(rsa_pss_rsae),
	    cmocka_unit_test(rsa_pss_pss),
	    cmocka_unit_test(ed25519),
	    cmocka_unit_test(legacy_signatures_verify),
	    cmocka_unit_test(tls12_signing),
	    cmocka_unit_test(pem_roundtrip),
	    cmocka_unit_test(references),
	    cmocka_unit_test(loads_traditional_encodings),
	    cmocka_unit_test(load_explains_failures),
	    cmocka_unit_test(scheme_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

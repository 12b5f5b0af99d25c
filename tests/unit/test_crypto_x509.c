/* crypto/x509: chains, host matching, trust stores, path validation and
 * its reasons, public keys and descriptions. Fixtures: tests/data/x509
 * (see tests/data/gen-x509.sh), valid 2020-01-01 to 2120-01-01. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crypto/crypto.h"

#define DATA WARD_TEST_DATA "/x509/"
#define NOW ((time_t)1893456000) /* 2030-01-01 */

static ward_chain *chain(const char *path)
{
	char why[256] = "";
	ward_chain *c = NULL;
	ward_err err = ward_chain_load_pem_file(path, &c, why, sizeof why);
	if (err != WARD_OK)
		fail_msg("%s: %s", ward_err_name(err), why);
	return c;
}

static ward_trust *trust(const char *path)
{
	char why[256] = "";
	ward_trust *t = NULL;
	ward_err err = ward_trust_load(path, &t, why, sizeof why);
	if (err != WARD_OK)
		fail_msg("%s: %s", ward_err_name(err), why);
	return t;
}

/* Verify every certificate of a chain file as the peer's chain. */
static ward_err verify(const ward_trust *t, const char *file, const char *host,
		       int client_auth, time_t now, char *why, size_t whylen)
{
	ward_chain *c = chain(file);
	ward_slice ders[8];
	size_t n = ward_chain_count(c);
	for (size_t i = 0; i < n; i++)
		ders[i] = ward_chain_der(c, i);
	why[0] = '\0';
	ward_err err = ward_x509_verify(t, ders, n, host, client_auth, now,
					NULL, NULL, why, whylen);
	ward_chain_free(c);
	return err;
}

static void loads_chains(void **state)
{
	(void)state;
	ward_chain *c = chain(DATA "chain.pem"), *leaf = chain(DATA "leaf.pem");
	assert_int_equal(ward_chain_count(c), 2);
	assert_int_equal(ward_chain_count(leaf), 1);
	ward_slice a = ward_chain_der(c, 0), b = ward_chain_der(leaf, 0);
	assert_true(a.len > 100);
	assert_true(ward_slice_eq(a, b));
	assert_int_equal(a.p[0], 0x30); /* DER SEQUENCE */
	assert_false(ward_slice_eq(a, ward_chain_der(c, 1)));
	assert_null(ward_chain_der(c, 2).p);
	assert_int_equal(ward_chain_der(c, 2).len, 0);
	ward_chain_free(leaf);

	/* a key and certificates in one file: the key is skipped */
	ward_buf pem = WARD_BUF_INIT;
	const char *key =
	    "-----BEGIN PRIVATE KEY-----\n"
	    "MC4CAQAwBQYDK2VwBCIEIHvt+ePwtPmrDTi3jVcW5VBrwJ0Uq7YEhI4u6MzIgKFc\n"
	    "-----END PRIVATE KEY-----\n";
	assert_ok(ward_put_str(&pem, key));
	FILE *f = fopen(DATA "chain.pem", "rb");
	assert_non_null(f);
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	assert_ok(ward_put_bytes(&pem, buf, n));
	ward_chain *mixed;
	assert_ok(ward_chain_load_pem(pem.data, pem.len, &mixed));
	assert_int_equal(ward_chain_count(mixed), 2);
	assert_true(
	    ward_slice_eq(ward_chain_der(mixed, 1), ward_chain_der(c, 1)));
	ward_chain_free(mixed);
	ward_buf_free(&pem);
	ward_chain_free(c);
	ward_chain_free(NULL);
}

static void load_explains_failures(void **state)
{
	(void)state;
	char why[256];
	ward_chain *c = NULL;
	assert_err(
	    ward_chain_load_pem_file(DATA "nope.pem", &c, why, sizeof why),
	    WARD_ERR_NOT_FOUND);
	assert_non_null(strstr(why, "nope.pem"));
	assert_err(
	    ward_chain_load_pem_file(DATA "leaf.key", &c, why, sizeof why),
	    WARD_ERR_CONFIG);
	assert_non_null(strstr(why, "leaf.key"));
	assert_non_null(strstr(why, "no PEM certificate"));
	assert_null(c);

	static const char corrupt[] = "-----BEGIN CERTIFICATE-----\n"
				      "MIIBAAAA\n"
				      "-----END CERTIFICATE-----\n";
	assert_err(ward_chain_load_pem(corrupt, sizeof corrupt - 1, &c),
		   WARD_ERR_CONFIG);
	assert_err(ward_chain_load_pem("", 0, &c), WARD_ERR_CONFIG);
}

static void matches_hosts(void **state)
{
	(void)state;
	ward_chain *c = chain(DATA "chain.pem");
	assert_true(ward_chain_matches_host(c, "test.example"));
	assert_true(ward_chain_matches_host(c, "TEST.Example"));
	/* one left-most label for the wildcard, no more, no less */
	assert_true(ward_chain_matches_host(c, "a.wild.example"));
	assert_false(ward_chain_matches_host(c, "wild.example"));
	assert_false(ward_chain_matches_host(c, "a.b.wild.example"));
	assert_false(ward_chain_matches_host(c, "xtest.example"));
	assert_false(ward_chain_matches_host(c, "test.example.com"));
	assert_false(ward_chain_matches_host(c, "localhost"));
	/* IP literals only against iPAddress names */
	assert_true(ward_chain_matches_host(c, "127.0.0.1"));
	assert_false(ward_chain_matches_host(c, "127.0.0.2"));
	assert_false(ward_chain_matches_host(c, "::1"));
	assert_false(ward_chain_matches_host(c, "[::1]"));
	assert_false(ward_chain_matches_host(c, ""));
	assert_false(ward_chain_matches_host(c, NULL));
	ward_chain_free(c);
}

static void key_matches_and_leaf_key(void **state)
{
	(void)state;
	char why[256];
	ward_chain *c = chain(DATA "chain.pem");
	ward_pkey *leaf, *other, *pub;
	assert_ok(
	    ward_pkey_load_pem_file(DATA "leaf.key", &leaf, why, sizeof why));
	assert_ok(ward_pkey_load_pem_file(DATA "selfsigned.key", &other, why,
					  sizeof why));
	assert_true(ward_chain_key_matches(c, leaf));
	assert_false(ward_chain_key_matches(c, other));
	assert_ok(ward_chain_leaf_key(c, &pub));
	assert_int_equal(ward_pkey_type(pub), WARD_KEY_EC_P256);
	/* the leaf's key checks what the private key signs */
	uint8_t sig[128];
	size_t siglen;
	assert_ok(ward_sign(leaf, WARD_SIG_ECDSA_SECP256R1_SHA256,
			    (const uint8_t *)"m", 1, sig, &siglen));
	assert_ok(ward_verify(pub, WARD_SIG_ECDSA_SECP256R1_SHA256,
			      (const uint8_t *)"m", 1, sig, siglen));
	ward_pkey_free(pub);
	ward_pkey_free(leaf);
	ward_pkey_free(other);
	ward_chain_free(c);
}

static void verifies_good_chains(void **state)
{
	(void)state;
	char why[256];
	ward_trust *t = trust(DATA "root.pem");
	assert_ok(verify(t, DATA "chain.pem", "test.example", 0, NOW, why,
			 sizeof why));
	assert_ok(verify(t, DATA "chain.pem", "x.wild.example", 0, NOW, why,
			 sizeof why));
	assert_ok(
	    verify(t, DATA "chain.pem", "127.0.0.1", 0, NOW, why, sizeof why));
	assert_ok(verify(t, DATA "chain.pem", NULL, 0, NOW, why, sizeof why));
	assert_ok(verify(t, DATA "chain.pem", "test.example", 0, time(NULL),
			 why, sizeof why));
	assert_ok(verify(t, DATA "rsa-chain.pem", "test.example", 0, NOW, why,
			 sizeof why));
	assert_ok(verify(t, DATA "ed25519-chain.pem", "test.example", 0, NOW,
			 why, sizeof why));

	/* the leaf's key comes back */
	ward_chain *c = chain(DATA "rsa-chain.pem");
	ward_slice ders[2] = {ward_chain_der(c, 0), ward_chain_der(c, 1)};
	ward_pkey *key = NULL;
	assert_ok(ward_x509_verify(t, ders, 2, "test.example", 0, NOW, &key,
				   NULL, why, sizeof why));
	assert_int_equal(ward_pkey_type(key), WARD_KEY_RSA);
	assert_int_equal(ward_pkey_bits(key), 2048);
	ward_pkey_free(key);
	ward_chain_free(c);
	ward_trust_free(t);

	/* a directory of PEM files works as well */
	t = trust(DATA "roots");
	assert_ok(verify(t, DATA "chain.pem", "test.example", 0, NOW, why,
			 sizeof why));
	ward_trust_free(t);
}

static void unknown_ca(void **state)
{
	(void)state;
	char why[256];
	ward_trust *t = trust(DATA "other-root.pem");
	assert_err(verify(t, DATA "chain.pem", "test.example", 0, NOW, why,
			  sizeof why),
		   WARD_ERR_UNKNOWN_CA);
	assert_string_equal(why, "unknown CA: issuer 'CN=ward test root' of "
				 "'CN=ward test intermediate' is not trusted");
	ward_trust_free(t);

	t = trust(DATA "root.pem");
	/* self-signed */
	assert_err(verify(t, DATA "selfsigned.pem", "test.example", 0, NOW, why,
			  sizeof why),
		   WARD_ERR_UNKNOWN_CA);
	assert_string_equal(
	    why, "unknown CA: self-signed 'CN=test.example' is not trusted");
	/* the intermediate missing */
	assert_err(
	    verify(t, DATA "leaf.pem", "test.example", 0, NOW, why, sizeof why),
	    WARD_ERR_UNKNOWN_CA);
	assert_non_null(strstr(why, "'CN=ward test intermediate'"));
	ward_trust_free(t);

	/* the system store does not know the test root */
	t = trust(NULL);
	assert_err(verify(t, DATA "chain.pem", "test.example", 0, NOW, why,
			  sizeof why),
		   WARD_ERR_UNKNOWN_CA);
	ward_trust_free(t);
}

static void expired_and_not_yet_valid(void **state)
{
	(void)state;
	char why[256];
	ward_trust *t = trust(DATA "root.pem");
	assert_err(verify(t, DATA "expired-chain.pem", "test.example", 0, NOW,
			  why, sizeof why),
		   WARD_ERR_CERTIFICATE_EXPIRED);
	assert_string_equal(why, "certificate expired on 2021-01-01 "
				 "(CN=expired.test.example)");
	/* 2019-06-01: before every fixture */
	assert_err(verify(t, DATA "chain.pem", "test.example", 0,
			  (time_t)1559347200, why, sizeof why),
		   WARD_ERR_CERTIFICATE_EXPIRED);
	assert_non_null(strstr(why, "not valid before 2020-01-01"));
	/* 2121: after every fixture */
	assert_err(verify(t, DATA "chain.pem", "test.example", 0,
			  (time_t)4765132800, why, sizeof why),
		   WARD_ERR_CERTIFICATE_EXPIRED);
	ward_trust_free(t);
}

static void wrong_host_or_purpose(void **state)
{
	(void)state;
	char why[256];
	ward_trust *t = trust(DATA "root.pem");
	assert_err(
	    verify(t, DATA "chain.pem", "localhost", 0, NOW, why, sizeof why),
	    WARD_ERR_CERTIFICATE_UNKNOWN);
	assert_string_equal(why, "certificate for 'test.example, "
				 "*.wild.example, 127.0.0.1' does not match "
				 "host 'localhost'");
	assert_err(verify(t, DATA "chain.pem", "a.b.wild.example", 0, NOW, why,
			  sizeof why),
		   WARD_ERR_CERTIFICATE_UNKNOWN);
	assert_err(
	    verify(t, DATA "chain.pem", "10.0.0.1", 0, NOW, why, sizeof why),
	    WARD_ERR_CERTIFICATE_UNKNOWN);
	assert_non_null(strstr(why, "host '10.0.0.1'"));
	/* serverAuth only: not a client certificate */
	assert_err(verify(t, DATA "chain.pem", NULL, 1, NOW, why, sizeof why),
		   WARD_ERR_CERTIFICATE_UNKNOWN);
	assert_string_equal(why, "certificate 'CN=test.example' is not for "
				 "TLS client authentication");
	ward_trust_free(t);
}

static void bad_and_unsupported(void **state)
{
	(void)state;
	char why[256];
	ward_trust *t = trust(DATA "root.pem");
	ward_chain *c = chain(DATA "chain.pem");
	ward_slice leaf = ward_chain_der(c, 0), inter = ward_chain_der(c, 1);
	uint8_t buf[2048];
	assert_true(leaf.len < sizeof buf);

	/* a broken signature: the last byte of the ECDSA signature */
	memcpy(buf, leaf.p, leaf.len);
	buf[leaf.len - 1] ^= 0x01;
	ward_slice ders[2] = {ward_slice_make(buf, leaf.len), inter};
	assert_err(ward_x509_verify(t, ders, 2, "test.example", 0, NOW, NULL,
				    NULL, why, sizeof why),
		   WARD_ERR_BAD_CERTIFICATE);
	assert_non_null(strstr(why, "CN=test.example"));

	/* not DER, trailing bytes, truncated, nothing */
	ders[0] = ward_slice_make("\x30\x03\x02\x01\x01", 5);
	assert_err(
	    ward_x509_verify(t, ders, 2, NULL, 0, NOW, NULL, NULL, why,
			     sizeof why),
	    WARD_ERR_BAD_CERTIFICATE);
	assert_non_null(strstr(why, "certificate 1 of 2"));
	memcpy(buf, leaf.p, leaf.len);
	buf[leaf.len] = 0;
	ders[0] = ward_slice_make(buf, leaf.len + 1);
	assert_err(
	    ward_x509_verify(t, ders, 2, NULL, 0, NOW, NULL, NULL, why,
			     sizeof why),
	    WARD_ERR_BAD_CERTIFICATE);
	ders[0] = leaf;
	ders[1] = ward_slice_make(inter.p, inter.len - 1);
	assert_err(
	    ward_x509_verify(t, ders, 2, NULL, 0, NOW, NULL, NULL, why,
			     sizeof why),
	    WARD_ERR_BAD_CERTIFICATE);
	assert_non_null(strstr(why, "certificate 2 of 2"));
	assert_err(
	    ward_x509_verify(t, ders, 0, NULL, 0, NOW, NULL, NULL, why,
			     sizeof why),
	    WARD_ERR_BAD_CERTIFICATE);

	/* Ed448: parses, chains, but ward cannot use the key */
	assert_err(verify(t, DATA "ed448-chain.pem", "test.example", 0, NOW,
			  why, sizeof why),
		   WARD_ERR_UNSUPPORTED_CERTIFICATE);
	assert_non_null(strstr(why, "ED448"));
	ward_chain_free(c);
	ward_trust_free(t);
}

static void cert_pubkey_types(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		ward_key_type type;
	} cases[] = {
	    {DATA "chain.pem", WARD_KEY_EC_P256},
	    {DATA "rsa-chain.pem", WARD_KEY_RSA},
	    {DATA "ed25519-chain.pem", WARD_KEY_ED25519},
	};
	for (size_t i = 0; i < 3; i++) {
		ward_chain *c = chain(cases[i].file);
		ward_pkey *k;
		assert_ok(ward_cert_pubkey(ward_chain_der(c, 0), &k));
		assert_int_equal(ward_pkey_type(k), cases[i].type);
		ward_pkey_free(k);
		ward_chain_free(c);
	}
	ward_chain *c = chain(DATA "ed448-chain.pem");
	ward_pkey *k = NULL;
	assert_err(ward_cert_pubkey(ward_chain_der(c, 0), &k),
		   WARD_ERR_UNSUPPORTED_CERTIFICATE);
	ward_chain_free(c);
	assert_err(ward_cert_pubkey(ward_slice_make("\x30\x00", 2), &k),
		   WARD_ERR_BAD_CERTIFICATE);
	assert_err(ward_cert_pubkey(ward_slice_make(NULL, 0), &k),
		   WARD_ERR_BAD_CERTIFICATE);
	assert_null(k);
}

static void describes_certificates(void **state)
{
	(void)state;
	ward_chain *c = chain(DATA "chain.pem");
	ward_buf out = WARD_BUF_INIT;
	assert_ok(ward_cert_describe(ward_chain_der(c, 0), &out));
	assert_ok(ward_put_u8(&out, 0));
	assert_string_equal((char *)out.data,
			    "subject CN=test.example; issuer CN=ward test "
			    "intermediate; valid 2020-01-01 to 2120-01-01; "
			    "names test.example, *.wild.example, 127.0.0.1; "
			    "key EC P-256");
	ward_buf_clear(&out);
	assert_ok(ward_cert_describe(ward_chain_der(c, 1), &out));
	assert_ok(ward_put_u8(&out, 0));
	assert_non_null(strstr((char *)out.data, "names (no DNS or IP names)"));
	ward_chain_free(c);

	c = chain(DATA "rsa-chain.pem");
	ward_buf_clear(&out);
	assert_ok(ward_cert_describe(ward_chain_der(c, 0), &out));
	assert_ok(ward_put_u8(&out, 0));
	assert_non_null(strstr((char *)out.data, "; key RSA 2048"));
	assert_null(strchr((char *)out.data, '\n'));
	ward_chain_free(c);
	assert_err(ward_cert_describe(ward_slice_make("x", 1), &out),
		   WARD_ERR_BAD_CERTIFICATE);
	ward_buf_free(&out);
}

static void trust_load_failures(void **state)
{
	(void)state;
	char why[256], dir[] = "/tmp/ward-trust-XXXXXX";
	ward_trust *t = NULL;
	assert_err(ward_trust_load(DATA "absent.pem", &t, why, sizeof why),
		   WARD_ERR_NOT_FOUND);
	assert_non_null(strstr(why, "absent.pem"));
	assert_err(ward_trust_load(DATA "message.txt", &t, why, sizeof why),
		   WARD_ERR_CONFIG);
	assert_non_null(strstr(why, "message.txt"));
	assert_non_null(mkdtemp(dir));
	assert_err(ward_trust_load(dir, &t, why, sizeof why), WARD_ERR_CONFIG);
	assert_non_null(strstr(why, "holds no certificates"));
	assert_int_equal(rmdir(dir), 0);
	assert_null(t);
	ward_trust_free(NULL);
}

/* A client's identity (server side of mutual TLS): the subject, the
 * SANs, cut to the room given; the subjects of trusted roots as TLS's
 * certificate_authorities body. */
static void identity_and_subjects(void **state)
{
	(void)state;
	char subject[64], sans[64];
	ward_chain *c = chain(DATA "client-chain.pem");
	ward_slice der = ward_chain_der(c, 0);
	assert_ok(ward_cert_identity(der, subject, sizeof subject, sans,
				     sizeof sans));
	assert_string_equal(subject, "CN=client.example");
	assert_string_equal(sans, "DNS:client.example");
	assert_ok(ward_cert_identity(der, subject, 6, sans, 5));
	assert_string_equal(subject, "CN=cl");
	assert_string_equal(sans, "DNS:");
	/* a leaf with several names, one an IP address */
	ward_chain *leaf = chain(DATA "chain.pem");
	assert_ok(ward_cert_identity(ward_chain_der(leaf, 0), subject,
				     sizeof subject, sans, sizeof sans));
	assert_string_equal(subject, "CN=test.example");
	assert_string_equal(sans,
			    "DNS:test.example, DNS:*.wild.example, IP:127.0.0.1");
	assert_err(ward_cert_identity(ward_slice_make("x", 1), subject,
				      sizeof subject, sans, sizeof sans),
		   WARD_ERR_BAD_CERTIFICATE);
	assert_string_equal(subject, "");

	/* one root: u16 length, then the DER Name "CN=ward test client
	 * root" (SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String } } }) */
	ward_trust *t = trust(DATA "client-root.pem");
	/* the same names from the verification's one parse of the leaf */
	ward_slice ders[8];
	size_t n = ward_chain_count(c);
	char why[256];
	const ward_cert_names got = {subject, sizeof subject, sans,
				     sizeof sans};
	for (size_t i = 0; i < n && i < 8; i++)
		ders[i] = ward_chain_der(c, i);
	memset(subject, 'x', sizeof subject);
	assert_ok(ward_x509_verify(t, ders, n, NULL, 1, NOW, NULL, &got, why,
				   sizeof why));
	assert_string_equal(subject, "CN=client.example");
	assert_string_equal(sans, "DNS:client.example");
	ward_buf names = WARD_BUF_INIT;
	assert_ok(ward_trust_subjects(t, &names));
	static const char cn[] = "ward test client root";
	assert_int_equal(names.len, 2 + 2 + 2 + 2 + 5 + 2 + strlen(cn));
	assert_int_equal(ward_load_u16(names.data), names.len - 2);
	assert_int_equal(names.data[2], 0x30);
	assert_memory_equal(names.data + names.len - strlen(cn), cn,
			    strlen(cn));
	ward_buf_free(&names);
	ward_trust_free(t);
	ward_chain_free(c);
	ward_chain_free(leaf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(loads_chains),
	    cmocka_unit_test(load_explains_failures),
	    cmocka_unit_test(matches_hosts),
	    cmocka_unit_test(key_matches_and_leaf_key),
	    cmocka_unit_test(verifies_good_chains),
	    cmocka_unit_test(unknown_ca),
	    cmocka_unit_test(expired_and_not_yet_valid),
	    cmocka_unit_test(wrong_host_or_purpose),
	    cmocka_unit_test(bad_and_unsupported),
	    cmocka_unit_test(cert_pubkey_types),
	    cmocka_unit_test(describes_certificates),
	    cmocka_unit_test(trust_load_failures),
	    cmocka_unit_test(identity_and_subjects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

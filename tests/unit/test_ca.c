/* crypto/ca: the root, the leaves it issues, and what it refuses. The
 * certificates are checked with libcrypto's own parser and verifier, so a
 * mistake in ca.c cannot hide behind a matching mistake in a ward reader. */
#include "test.h"

#include <stdlib.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/ca.h"
#include "crypto/internal.h"

#define DAY 86400

static ward_pkey *gen(ward_key_type type)
{
	ward_pkey *k = NULL;
	assert_ok(ward_pkey_generate(type, &k));
	return k;
}

static X509 *parse(const ward_buf *pem)
{
	BIO *bio = BIO_new_mem_buf(pem->data, (int)pem->len);
	assert_non_null(bio);
	X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	assert_non_null(x);
	return x;
}

/* X509_V_OK or the verifier's error for leaf under root. */
static int verify(X509 *root, X509 *leaf, const char *host, const char *ip,
		  int purpose)
{
	X509_STORE *st = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	assert_true(st && ctx && X509_STORE_add_cert(st, root));
	assert_true(X509_STORE_CTX_init(ctx, st, leaf, NULL));
	assert_true(X509_STORE_CTX_set_purpose(ctx, purpose));
	X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);
	if (host != NULL)
		assert_true(X509_VERIFY_PARAM_set1_host(vp, host, 0));
	if (ip != NULL)
		assert_true(X509_VERIFY_PARAM_set1_ip_asc(vp, ip));
	int err = X509_verify_cert(ctx) == 1 ? X509_V_OK
					     : X509_STORE_CTX_get_error(ctx);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	ERR_clear_error();
	return err;
}

static int ext_critical(X509 *x, int nid)
{
	int at = X509_get_ext_by_NID(x, nid, -1);
	assert_true(at >= 0);
	return X509_EXTENSION_get_critical(X509_get_ext(x, at));
}

static time_t when(const ASN1_TIME *t)
{
	struct tm tm;
	assert_true(ASN1_TIME_to_tm(t, &tm));
	return timegm(&tm);
}

/* A P-256 root shared by the issuing tests. */
struct ca {
	ward_pkey *key;
	ward_buf pem;
	X509 *x;
};

static void ca_make(struct ca *ca)
{
	ca->key = gen(WARD_KEY_EC_P256);
	ward_buf_init(&ca->pem);
	assert_ok(ward_ca_make_root(ca->key, NULL, 3650, &ca->pem));
	ca->x = parse(&ca->pem);
}

static void ca_free(struct ca *ca)
{
	ward_pkey_free(ca->key);
	ward_buf_free(&ca->pem);
	X509_free(ca->x);
}

static struct ward_ca_issue_params params(const struct ca *ca, ward_pkey *key)
{
	struct ward_ca_issue_params p = {
	    .ca_cert_pem = ward_buf_slice(&ca->pem),
	    .ca_key = ca->key,
	    .subject_key = key,
	    .days = 825,
	};
	return p;
}

/* Issue a leaf: its PEM in *pem (which this initialises), parsed. */
static X509 *issue(const struct ward_ca_issue_params *p, ward_buf *pem)
{
	ward_buf_init(pem);
	assert_ok(ward_ca_issue(p, pem));
	return parse(pem);
}

static void root_is_a_ca(void **state)
{
	(void)state;
	struct ca ca;
	time_t before = time(NULL);
	ca_make(&ca);
	X509 *x = ca.x;

	assert_int_equal(X509_get_version(x), X509_VERSION_3);
	assert_int_equal(X509_check_ca(x), 1);
	assert_true(ext_critical(x, NID_basic_constraints));
	assert_int_equal(X509_get_pathlen(x), 0);
	assert_true(ext_critical(x, NID_key_usage));
	assert_int_equal(X509_get_key_usage(x), KU_KEY_CERT_SIGN | KU_CRL_SIGN);
	assert_int_equal(X509_check_issued(x, x), X509_V_OK);
	assert_int_equal(X509_verify(x, X509_get0_pubkey(x)), 1);

	/* SKI present, and the AKI names it */
	const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(x);
	const ASN1_OCTET_STRING *aki = X509_get0_authority_key_id(x);
	assert_non_null(ski);
	assert_non_null(aki);
	assert_int_equal(ASN1_OCTET_STRING_cmp(ski, aki), 0);

	/* 16 random bytes, positive */
	BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	assert_non_null(serial);
	assert_false(BN_is_negative(serial));
	assert_int_equal(BN_num_bytes(serial), 16);
	BN_free(serial);

	time_t nb = when(X509_get0_notBefore(x));
	assert_true(nb >= before - 1 && nb <= time(NULL) + 1);
	assert_true(when(X509_get0_notAfter(x)) == nb + 3650L * DAY);

	X509_NAME *subj = X509_get_subject_name(x);
	char cn[64];
	assert_true(
	    X509_NAME_get_text_by_NID(subj, NID_commonName, cn, sizeof cn) > 0);
	assert_string_equal(cn, WARD_CA_DEFAULT_NAME);
	ca_free(&ca);
}

static void two_roots_differ(void **state)
{
	(void)state;
	ward_pkey *k = gen(WARD_KEY_EC_P256);
	ward_buf a = WARD_BUF_INIT, b = WARD_BUF_INIT;
	assert_ok(ward_ca_make_root(k, "same", 10, &a));
	assert_ok(ward_ca_make_root(k, "same", 10, &b));
	X509 *xa = parse(&a), *xb = parse(&b);
	assert_int_not_equal(ASN1_INTEGER_cmp(X509_get0_serialNumber(xa),
					      X509_get0_serialNumber(xb)),
			     0);
	X509_free(xa);
	X509_free(xb);
	ward_buf_free(&a);
	ward_buf_free(&b);
	ward_pkey_free(k);
}

/* Issue for localhost, 127.0.0.1 and ::1 with a key of one type and check
 * everything a TLS peer will look at. */
static void check_leaf(ward_key_type type)
{
	int rsa = type == WARD_KEY_RSA;
	struct ca ca;
	ca_make(&ca);
	ward_pkey *key = gen(type);
	const char *dns[] = {"localhost", "*.example.test"};
	const char *ips[] = {"127.0.0.1", "::1"};
	struct ward_ca_issue_params p = params(&ca, key);
	p.dns_names = dns;
	p.n_dns = 2;
	p.ips = ips;
	p.n_ips = 2;
	ward_buf pem;
	time_t before = time(NULL);
	X509 *x = issue(&p, &pem);

	assert_int_equal(X509_check_private_key(x, ward_pkey_evp(key)), 1);
	assert_int_equal(X509_check_ca(x), 0);
	assert_true(ext_critical(x, NID_basic_constraints));
	assert_true(ext_critical(x, NID_key_usage));
	uint32_t ku = KU_DIGITAL_SIGNATURE | (rsa ? KU_KEY_ENCIPHERMENT : 0);
	assert_int_equal(X509_get_key_usage(x), ku);
	assert_int_equal(X509_get_extended_key_usage(x), XKU_SSL_SERVER);
	assert_int_equal(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(x),
					       X509_get0_subject_key_id(ca.x)),
			 0);
	assert_non_null(X509_get0_subject_key_id(x));
	assert_int_equal(
	    X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(ca.x)),
	    0);

	time_t nb = when(X509_get0_notBefore(x));
	assert_true(nb >= before - 1 && nb <= time(NULL) + 1);
	assert_true(when(X509_get0_notAfter(x)) == nb + 825L * DAY);

	assert_int_equal(X509_check_host(x, "localhost", 0, 0, NULL), 1);
	assert_int_equal(X509_check_host(x, "a.example.test", 0, 0, NULL), 1);
	assert_int_equal(X509_check_host(x, "example.test", 0, 0, NULL), 0);
	assert_int_equal(X509_check_ip_asc(x, "127.0.0.1", 0), 1);
	assert_int_equal(X509_check_ip_asc(x, "::1", 0), 1);
	assert_int_equal(X509_check_ip_asc(x, "127.0.0.2", 0), 0);

	int server = X509_PURPOSE_SSL_SERVER, client = X509_PURPOSE_SSL_CLIENT;
	assert_int_equal(verify(ca.x, x, "localhost", NULL, server), X509_V_OK);
	assert_int_equal(verify(ca.x, x, NULL, "::1", server), X509_V_OK);
	assert_int_equal(verify(ca.x, x, "other", NULL, server),
			 X509_V_ERR_HOSTNAME_MISMATCH);
	assert_int_equal(verify(ca.x, x, NULL, NULL, client),
			 X509_V_ERR_INVALID_PURPOSE);

	struct ward_ca_cert_info info;
	assert_ok(ward_ca_cert_info(ward_buf_slice(&pem), &info));
	assert_string_equal(info.subject, "CN=localhost");
	assert_string_equal(info.issuer, "CN=" WARD_CA_DEFAULT_NAME);
	assert_string_equal(info.sans, "DNS:localhost, DNS:*.example.test, "
				       "IP:127.0.0.1, IP:::1");
	assert_false(info.is_ca);
	assert_true(info.not_before == nb);
	uint8_t fp[32];
	unsigned int fplen;
	assert_true(X509_digest(x, EVP_sha256(), fp, &fplen));
	assert_memory_equal(info.sha256, fp, 32);
	assert_int_equal(info.key_type, type);

	X509_free(x);
	ward_buf_free(&pem);
	ward_pkey_free(key);
	ca_free(&ca);
}

static void leaf_p256(void **state)
{
	(void)state;
	check_leaf(WARD_KEY_EC_P256);
}

static void leaf_p384(void **state)
{
	(void)state;
	check_leaf(WARD_KEY_EC_P384);
}

static void leaf_rsa(void **state)
{
	(void)state;
	check_leaf(WARD_KEY_RSA);
}

static void leaf_ed25519(void **state)
{
	(void)state;
	check_leaf(WARD_KEY_ED25519);
}

/* A CA of each other key type signs, and what it signs verifies. */
static void other_ca_key_types(void **state)
{
	(void)state;
	static const ward_key_type types[] = {
	    WARD_KEY_EC_P384, WARD_KEY_EC_P521, WARD_KEY_RSA, WARD_KEY_ED25519};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		struct ca ca = {.key = gen(types[i])};
		ward_buf_init(&ca.pem);
		assert_ok(ward_ca_make_root(ca.key, "other", 30, &ca.pem));
		ca.x = parse(&ca.pem);
		ward_pkey *key = gen(WARD_KEY_EC_P256);
		const char *dns[] = {"localhost"};
		struct ward_ca_issue_params p = params(&ca, key);
		p.dns_names = dns;
		p.n_dns = 1;
		ward_buf pem;
		X509 *x = issue(&p, &pem);
		assert_int_equal(
		    verify(ca.x, x, "localhost", NULL, X509_PURPOSE_SSL_SERVER),
		    X509_V_OK);
		X509_free(x);
		ward_buf_free(&pem);
		ward_pkey_free(key);
		ca_free(&ca);
	}
}

static void client_leaf_has_both_usages(void **state)
{
	(void)state;
	struct ca ca;
	ca_make(&ca);
	ward_pkey *key = gen(WARD_KEY_EC_P256);
	const char *ips[] = {"10.0.0.1"};
	struct ward_ca_issue_params p = params(&ca, key);
	p.ips = ips;
	p.n_ips = 1;
	p.client = 1;
	ward_buf pem;
	X509 *x = issue(&p, &pem);
	assert_int_equal(X509_get_extended_key_usage(x),
			 XKU_SSL_SERVER | XKU_SSL_CLIENT);
	assert_int_equal(verify(ca.x, x, NULL, NULL, X509_PURPOSE_SSL_CLIENT),
			 X509_V_OK);
	assert_int_equal(
	    verify(ca.x, x, NULL, "10.0.0.1", X509_PURPOSE_SSL_SERVER),
	    X509_V_OK);
	/* an IP-only certificate takes its CN from the IP */
	char cn[64];
	assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(x),
					      NID_commonName, cn,
					      sizeof cn) > 0);
	assert_string_equal(cn, "10.0.0.1");
	X509_free(x);
	ward_buf_free(&pem);
	ward_pkey_free(key);
	ca_free(&ca);
}

static void backdated_leaf_has_expired(void **state)
{
	(void)state;
	struct ca ca;
	ca_make(&ca);
	ward_pkey *key = gen(WARD_KEY_EC_P256);
	const char *dns[] = {"old.test"};
	struct ward_ca_issue_params p = params(&ca, key);
	p.dns_names = dns;
	p.n_dns = 1;
	p.days = 5;
	p.backdate_days = 10;
	ward_buf pem;
	time_t now = time(NULL);
	X509 *x = issue(&p, &pem);
	time_t nb = when(X509_get0_notBefore(x));
	time_t na = when(X509_get0_notAfter(x));
	assert_true(nb <= now - 10 * DAY + 1 && nb >= now - 10 * DAY - 1);
	assert_true(na == nb + 5 * DAY);
	assert_true(X509_cmp_current_time(X509_get0_notAfter(x)) < 0);
	assert_int_equal(
	    verify(ca.x, x, "old.test", NULL, X509_PURPOSE_SSL_SERVER),
	    X509_V_ERR_CERT_HAS_EXPIRED);
	X509_free(x);
	ward_buf_free(&pem);
	ward_pkey_free(key);
	ca_free(&ca);
}

static void long_name_leaves_subject_empty(void **state)
{
	(void)state;
	struct ca ca;
	ca_make(&ca);
	ward_pkey *key = gen(WARD_KEY_EC_P256);
	/* 70 characters: too long for a CN, fine for a dNSName */
	const char *dns[] = {
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    ".example.com"};
	struct ward_ca_issue_params p = params(&ca, key);
	p.dns_names = dns;
	p.n_dns = 1;
	ward_buf pem;
	X509 *x = issue(&p, &pem);
	assert_int_equal(X509_NAME_entry_count(X509_get_subject_name(x)), 0);
	assert_true(ext_critical(x, NID_subject_alt_name));
	assert_int_equal(X509_check_host(x, dns[0], 0, 0, NULL), 1);
	X509_free(x);
	ward_buf_free(&pem);
	ward_pkey_free(key);
	ca_free(&ca);
}

static void dns_names_are_checked(void **state)
{
	(void)state;
	static const char *const good[] = {"localhost",	    "a",
					   "*.example.com", "*.localhost",
					   "x-y.z9",	    "ABC.example"};
	static const char *const bad[] = {
	    "",	      ".",	   "a..b",    ".a",
	    "a.",     "foo bar",   "foo_bar", "*",
	    "*.",     "a.*.b",	   "*a.com",  "a*.com",
	    "**.com", "127.0.0.1", "::1",     "exa\xc3\xa9mple.com",
	    "a/b",    "a:b",	   "-a.com",  "a-.com",
	    "a.-b",   "a.b-"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!ward_ca_valid_dns_name(good[i]))
			fail_msg("refused '%s'", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (ward_ca_valid_dns_name(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	/* labels of 63 characters are fine, 64 are not */
	char label[70];
	memset(label, 'a', 63);
	strcpy(label + 63, ".b");
	assert_true(ward_ca_valid_dns_name(label));
	memset(label, 'a', 64);
	strcpy(label + 64, ".b");
	assert_false(ward_ca_valid_dns_name(label));
	/* and 253 in all */
	char big[300];
	memset(big, 'a', sizeof big);
	for (size_t i = 60; i < sizeof big; i += 61)
		big[i] = '.';
	big[254] = '\0';
	assert_false(ward_ca_valid_dns_name(big));
	big[253] = '\0';
	assert_true(ward_ca_valid_dns_name(big));
	assert_false(ward_ca_valid_dns_name(NULL));

	/* and says why */
	char why[128];
	assert_null(
	    ward_ca_dns_name_problem("xn--bcher-kva.example", why, sizeof why));
	assert_string_equal(
	    ward_ca_dns_name_problem("-leading.test", why, sizeof why),
	    "the label '-leading' starts with '-'; a label may not start or "
	    "end with '-'");
	assert_string_equal(
	    ward_ca_dns_name_problem("ok.trailing-", why, sizeof why),
	    "the label 'trailing-' ends with '-'; a label may not start or "
	    "end with '-'");
	assert_string_equal(ward_ca_dns_name_problem(label, why, sizeof why),
			    "the label 'aaaaaaaaaaaaaaaaaaaa...' is 64 "
			    "characters long; a label has at most 63");
	assert_string_equal(
	    ward_ca_dns_name_problem("b\xc3\xbc"
				     "cher.example",
				     why, sizeof why),
	    "it is not ASCII: give an internationalized name in punycode "
	    "(xn--...)");
	assert_string_equal(ward_ca_dns_name_problem("a_b", why, sizeof why),
			    "it has the character '_'; a host name has "
			    "letters, digits, '-' and '.'");
	big[253] = 'a';
	assert_string_equal(ward_ca_dns_name_problem(big, why, sizeof why),
			    "it is longer than 253 characters");
	assert_string_equal(ward_ca_dns_name_problem("::1", why, sizeof why),
			    "it is an IP address, not a host name");

	assert_true(ward_ca_is_ip("192.168.1.1"));
	assert_true(ward_ca_is_ip("fe80::1"));
	assert_true(ward_ca_is_ip("::ffff:1.2.3.4"));
	assert_false(ward_ca_is_ip("127.1"));
	assert_false(ward_ca_is_ip("1.2.3.256"));
	assert_false(ward_ca_is_ip("fe80::1%eth0"));
	assert_false(ward_ca_is_ip("localhost"));
	assert_false(ward_ca_is_ip(""));
}

static void bad_requests_are_refused(void **state)
{
	(void)state;
	struct ca ca;
	ca_make(&ca);
	ward_pkey *key = gen(WARD_KEY_EC_P256);
	ward_buf pem = WARD_BUF_INIT;
	const char *ok_dns[] = {"localhost"};
	static const char *const bad_dns[] = {"", "foo bar", "foo_bar", "a..b",
					      "1.2.3.4"};
	static const char *const bad_ips[] = {"", "1.2.3", "::g", "localhost",
					      "1.2.3.4/8"};

	struct ward_ca_issue_params p = params(&ca, key);
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG); /* no name */
	for (size_t i = 0; i < sizeof bad_dns / sizeof bad_dns[0]; i++) {
		p = params(&ca, key);
		const char *both[] = {"localhost", bad_dns[i]};
		p.dns_names = both;
		p.n_dns = 2;
		assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);
	}
	for (size_t i = 0; i < sizeof bad_ips / sizeof bad_ips[0]; i++) {
		p = params(&ca, key);
		p.dns_names = ok_dns;
		p.n_dns = 1;
		p.ips = &bad_ips[i];
		p.n_ips = 1;
		assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);
	}

	p = params(&ca, key);
	p.dns_names = ok_dns;
	p.n_dns = 1;
	p.days = 0;
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);
	p.days = 1;
	p.backdate_days = -1;
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);
	p.backdate_days = 0;

	/* the CA key must match the CA certificate */
	ward_pkey *other = gen(WARD_KEY_EC_P256);
	p.ca_key = other;
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);
	p.ca_key = ca.key;

	/* unusable subject keys: small RSA, X25519 */
	EVP_PKEY *small = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	EVP_PKEY *x25519 = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	assert_non_null(small);
	assert_non_null(x25519);
	p.subject_key = ward_pkey_wrap(small);
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);
	p.subject_key = ward_pkey_wrap(x25519);
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);
	assert_err(ward_ca_make_root(ward_pkey_wrap(small), "x", 1, &pem),
		   WARD_ERR_ARG);
	p.subject_key = key;

	/* garbage as the CA certificate; a leaf as the CA */
	p.ca_cert_pem = ward_slice_make("not a certificate", 17);
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_BAD_CERTIFICATE);
	ward_buf leaf = WARD_BUF_INIT;
	p.ca_cert_pem = ward_buf_slice(&ca.pem);
	assert_ok(ward_ca_issue(&p, &leaf));
	p.ca_cert_pem = ward_buf_slice(&leaf);
	p.ca_key = key;
	assert_err(ward_ca_issue(&p, &pem), WARD_ERR_ARG);

	/* root arguments */
	assert_err(ward_ca_make_root(ca.key, "", 10, &pem), WARD_ERR_ARG);
	assert_err(ward_ca_make_root(ca.key, "x", 0, &pem), WARD_ERR_ARG);
	assert_err(ward_ca_make_root(ca.key, "x", WARD_CA_MAX_DAYS + 1, &pem),
		   WARD_ERR_ARG);
	char cn[70];
	memset(cn, 'c', sizeof cn - 1);
	cn[sizeof cn - 1] = '\0';
	assert_err(ward_ca_make_root(ca.key, cn, 10, &pem), WARD_ERR_ARG);

	/* nothing was written by any failed call */
	assert_int_equal(pem.len, 0);
	assert_err(ward_ca_cert_info(ward_slice_make("", 0),
				     &(struct ward_ca_cert_info){0}),
		   WARD_ERR_BAD_CERTIFICATE);

	EVP_PKEY_free(small);
	EVP_PKEY_free(x25519);
	ward_buf_free(&leaf);
	ward_pkey_free(other);
	ward_pkey_free(key);
	ca_free(&ca);
}

static void root_info(void **state)
{
	(void)state;
	ward_pkey *k = gen(WARD_KEY_EC_P256);
	ward_buf pem = WARD_BUF_INIT;
	assert_ok(ward_ca_make_root(k, "Zo\xc3\xab's CA", 100, &pem));
	struct ward_ca_cert_info info;
	assert_ok(ward_ca_cert_info(ward_buf_slice(&pem), &info));
	assert_string_equal(info.subject, "CN=Zo\xc3\xab's CA");
	assert_string_equal(info.issuer, info.subject);
	assert_string_equal(info.sans, "");
	assert_true(info.is_ca);
	assert_int_equal(info.key_type, WARD_KEY_EC_P256);
	assert_int_equal(info.key_bits, 256);
	assert_true(info.not_after - info.not_before == 100L * DAY);
	ward_buf_free(&pem);
	ward_pkey_free(k);
}

/* What init uses to find the leaves a replaced CA signed. */
static void signed_by(void **state)
{
	(void)state;
	struct ward_ca_test_chain a, b;
	assert_ok(ward_ca_make_test_chain(WARD_KEY_EC_P256, NULL, 0, &a));
	assert_ok(ward_ca_make_test_chain(WARD_KEY_EC_P256, NULL, 0, &b));
	ward_slice leaf = ward_buf_slice(&a.cert_pem);
	assert_true(ward_ca_signed_by(leaf, ward_buf_slice(&a.ca_pem)));
	assert_false(ward_ca_signed_by(leaf, ward_buf_slice(&b.ca_pem)));
	/* same subject name, other key: the signature decides */
	assert_false(ward_ca_signed_by(ward_buf_slice(&b.cert_pem),
				       ward_buf_slice(&a.ca_pem)));
	assert_true(ward_ca_signed_by(ward_buf_slice(&a.ca_pem),
				      ward_buf_slice(&a.ca_pem)));
	ward_slice junk = {(const uint8_t *)"junk", 4};
	assert_false(ward_ca_signed_by(junk, ward_buf_slice(&a.ca_pem)));
	assert_false(ward_ca_signed_by(leaf, junk));
	ward_ca_test_chain_free(&a);
	ward_ca_test_chain_free(&b);
}

/* The helper other tests use: each leaf key type, DNS and IP names. */
static void test_chains(void **state)
{
	(void)state;
	static const ward_key_type types[] = {
	    WARD_KEY_EC_P256, WARD_KEY_EC_P384, WARD_KEY_RSA, WARD_KEY_ED25519};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		struct ward_ca_test_chain c;
		const char *name = i % 2 ? "::1" : NULL;
		assert_ok(
		    ward_ca_make_test_chain(types[i], name, (int)(i == 3), &c));
		assert_true(c.key_pem.secret);
		X509 *root = parse(&c.ca_pem), *leaf = parse(&c.cert_pem);
		int purpose =
		    i == 3 ? X509_PURPOSE_SSL_CLIENT : X509_PURPOSE_SSL_SERVER;
		assert_int_equal(verify(root, leaf, name ? NULL : "localhost",
					name, purpose),
				 X509_V_OK);
		BIO *bio = BIO_new_mem_buf(c.key_pem.data, (int)c.key_pem.len);
		EVP_PKEY *k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
		assert_non_null(k);
		assert_int_equal(X509_check_private_key(leaf, k), 1);
		assert_int_equal(EVP_PKEY_eq(k, ward_pkey_evp(c.key)), 1);
		EVP_PKEY_free(k);
		BIO_free(bio);
		X509_free(root);
		X509_free(leaf);
		ward_ca_test_chain_free(&c);
	}
	struct ward_ca_test_chain c;
	assert_err(ward_ca_make_test_chain(WARD_KEY_OTHER, NULL, 0, &c),
		   WARD_ERR_ARG);
	assert_null(c.key);
	assert_int_equal(c.ca_pem.len, 0);
	assert_err(ward_ca_make_test_chain(WARD_KEY_EC_P256, "bad name", 0, &c),
		   WARD_ERR_ARG);
	assert_null(c.ca_key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(root_is_a_ca),
	    cmocka_unit_test(two_roots_differ),
	    cmocka_unit_test(leaf_p256),
	    cmocka_unit_test(leaf_p384),
	    cmocka_unit_test(leaf_rsa),
	    cmocka_unit_test(leaf_ed25519),
	    cmocka_unit_test(other_ca_key_types),
	    cmocka_unit_test(client_leaf_has_both_usages),
	    cmocka_unit_test(backdated_leaf_has_expired),
	    cmocka_unit_test(long_name_leaves_subject_empty),
	    cmocka_unit_test(dns_names_are_checked),
	    cmocka_unit_test(bad_requests_are_refused),
	    cmocka_unit_test(root_info),
	    cmocka_unit_test(signed_by),
	    cmocka_unit_test(test_chains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

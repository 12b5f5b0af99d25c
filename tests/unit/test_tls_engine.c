/* Engine against engine, in memory: every suite x group x certificate type,
 * HelloRetryRequest, ALPN, SNI, KeyUpdate, close_notify, and the alerts of
 * the failures a peer can cause. */
#include <stdio.h>

#include "test.h"
#include "tls/conn.h" /* the client's offered signature schemes */
#include "tls_pair.h"

#define DATA WARD_TEST_DATA "/x509/"

static const uint16_t all_suites[] = {WARD_TLS_AES_128_GCM_SHA256,
				      WARD_TLS_AES_256_GCM_SHA384,
				      WARD_TLS_CHACHA20_POLY1305_SHA256};
static const uint16_t all_groups[] = {
    WARD_GROUP_X25519,	  WARD_GROUP_SECP256R1, WARD_GROUP_SECP384R1,
    WARD_GROUP_SECP521R1, WARD_GROUP_X448,	WARD_GROUP_FFDHE2048,
    WARD_GROUP_FFDHE3072, WARD_GROUP_FFDHE4096};
#define N_GROUPS (sizeof all_groups / sizeof *all_groups)
static const struct {
	ward_key_type type;
	uint16_t scheme;
} cert_types[] = {
    {WARD_KEY_EC_P256, WARD_SIG_ECDSA_SECP256R1_SHA256},
    {WARD_KEY_EC_P384, WARD_SIG_ECDSA_SECP384R1_SHA384},
    {WARD_KEY_EC_P521, WARD_SIG_ECDSA_SECP521R1_SHA512},
    {WARD_KEY_RSA, WARD_SIG_RSA_PSS_RSAE_SHA256},
    {WARD_KEY_ED25519, WARD_SIG_ED25519},
};

static void assert_app_roundtrip(struct tls_pair *p)
{
	assert_ok(ward_tls_send(p->client, "ping", 4, &p->c_out));
	assert_ok(ward_tls_send(p->server, "pong!", 5, &p->s_out));
	tls_pair_pump(p);
	assert_int_equal(p->s_app.len, 4);
	assert_memory_equal(p->s_app.data, "ping", 4);
	assert_int_equal(p->c_app.len, 5);
	assert_memory_equal(p->c_app.data, "pong!", 5);
	ward_buf_clear(&p->s_app);
	ward_buf_clear(&p->c_app);
}

static void every_suite_group_and_certificate(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof cert_types / sizeof *cert_types; t++) {
		struct tls_pair p;
		tls_pair_configs(&p, cert_types[t].type);
		for (size_t s = 0; s < 3; s++) {
			for (size_t g = 0; g < N_GROUPS; g++) {
				assert_ok(ward_tls_config_set_suites(
					p.ccfg, &all_suites[s], 1));
				assert_ok(ward_tls_config_set_groups(
					p.ccfg, &all_groups[g], 1));
				tls_pair_connect(&p, "localhost");
				tls_pair_pump(&p);
				assert_ok(p.c_err);
				assert_ok(p.s_err);
				assert_true(ward_tls_handshake_done(p.client));
				assert_true(ward_tls_handshake_done(p.server));
				const ward_tls_info *ci = ward_tls_get_info(p.client);
				const ward_tls_info *si = ward_tls_get_info(p.server);
				assert_int_equal(ci->version, 0x0304);
				assert_int_equal(ci->suite, all_suites[s]);
				assert_int_equal(si->suite, all_suites[s]);
				assert_int_equal(ci->group, all_groups[g]);
				assert_int_equal(si->group, all_groups[g]);
				assert_int_equal(ci->sigscheme, cert_types[t].scheme);
				assert_int_equal(si->sigscheme, cert_types[t].scheme);
				assert_false(ci->hrr);
				assert_string_equal(si->server_name, "localhost");
				assert_app_roundtrip(&p);
				ward_tls_conn_free(p.client);
				ward_tls_conn_free(p.server);
				p.client = p.server = NULL;
			}
		}
		tls_pair_free(&p);
	}
}

/* Certificates from tests/data/x509 (leaf, intermediate, root; the names
 * include test.example): ECDSA P-384 and P-521, and an RSASSA-PSS key
 * with each rsa_pss_pss scheme, the client offering that one only. */
static void fixture_certificates_and_schemes(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint16_t scheme;
	} cases[] = {
	    {"p384", WARD_SIG_ECDSA_SECP384R1_SHA384},
	    {"p521", WARD_SIG_ECDSA_SECP521R1_SHA512},
	    {"rsapss", WARD_SIG_RSA_PSS_PSS_SHA256},
	    {"rsapss", WARD_SIG_RSA_PSS_PSS_SHA384},
	    {"rsapss", WARD_SIG_RSA_PSS_PSS_SHA512},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char chain[256], key[256];
		struct tls_pair p;
		ward_trust *trust;
		memset(&p, 0, sizeof p);
		snprintf(chain, sizeof chain, DATA "%s-chain.pem",
			 cases[i].name);
		snprintf(key, sizeof key, DATA "%s.key", cases[i].name);
		p.scfg = ward_tls_config_new(WARD_TLS_SERVER);
		p.ccfg = ward_tls_config_new(WARD_TLS_CLIENT);
		assert_non_null(p.scfg);
		assert_non_null(p.ccfg);
		assert_ok(ward_tls_config_add_cert_files(p.scfg, chain, key,
							 NULL, 0));
		assert_ok(ward_trust_load(DATA "root.pem", &trust, NULL, 0));
		ward_tls_config_set_trust(p.ccfg, trust);
		p.ccfg->sigschemes[0] = cases[i].scheme;
		p.ccfg->n_sigschemes = 1;
		tls_pair_connect(&p, "test.example");
		tls_pair_pump(&p);
		assert_ok(p.c_err);
		assert_ok(p.s_err);
		assert_int_equal(ward_tls_get_info(p.client)->sigscheme,
				 cases[i].scheme);
		assert_int_equal(ward_tls_get_info(p.server)->sigscheme,
				 cases[i].scheme);
		assert_app_roundtrip(&p);
		tls_pair_free(&p);
	}
}

static void hello_retry_by_server_preference(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	uint16_t server_groups[] = {WARD_GROUP_SECP384R1, WARD_GROUP_X25519};
	assert_ok(ward_tls_config_set_groups(p.scfg, server_groups, 2));
	/* the client sends an x25519 share and also lists P-384 */
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_ok(p.c_err);
	assert_ok(p.s_err);
	assert_true(ward_tls_get_info(p.client)->hrr);
	assert_true(ward_tls_get_info(p.server)->hrr);
	assert_int_equal(ward_tls_get_info(p.client)->group, WARD_GROUP_SECP384R1);
	assert_int_equal(ward_tls_get_info(p.server)->group, WARD_GROUP_SECP384R1);
	assert_app_roundtrip(&p);
	tls_pair_free(&p);
}

static void alpn_server_preference_and_mismatch(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	const char *server[] = {"h2", "http/1.1"};
	const char *client[] = {"http/1.1", "h2"};
	assert_ok(ward_tls_config_set_alpn(p.scfg, server, 2));
	assert_ok(ward_tls_config_set_alpn(p.ccfg, client, 2));
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_ok(p.c_err);
	assert_string_equal(ward_tls_get_info(p.client)->alpn, "h2");
	assert_string_equal(ward_tls_get_info(p.server)->alpn, "h2");
	ward_tls_conn_free(p.client);
	ward_tls_conn_free(p.server);

	const char *other[] = {"spdy/3"};
	assert_ok(ward_tls_config_set_alpn(p.ccfg, other, 1));
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_err(p.s_err, WARD_ERR_NO_APPLICATION_PROTOCOL);
	assert_err(p.c_err, WARD_ERR_PEER_ALERT);
	assert_int_equal(ward_tls_get_info(p.client)->alert_received,
			 WARD_ALERT_NO_APPLICATION_PROTOCOL);
	tls_pair_free(&p);
}

static void sni_selects_certificate(void **state)
{
	(void)state;
	struct tls_pair p;
	ward_buf other_ca;
	ward_trust *trust;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	tls_pair_add_cert(&p, WARD_KEY_ED25519, "other.example", &other_ca);
	FILE *f = fopen(p.ca_path, "ab");
	assert_non_null(f);
	fwrite(other_ca.data, 1, other_ca.len, f);
	fclose(f);
	ward_buf_free(&other_ca);
	assert_ok(ward_trust_load(p.ca_path, &trust, NULL, 0));
	ward_tls_config_set_trust(p.ccfg, trust);

	tls_pair_connect(&p, "other.example");
	tls_pair_pump(&p);
	assert_ok(p.c_err);
	assert_int_equal(ward_tls_get_info(p.client)->sigscheme, WARD_SIG_ED25519);
	assert_string_equal(ward_tls_get_info(p.server)->server_name,
			    "other.example");
	ward_tls_conn_free(p.client);
	ward_tls_conn_free(p.server);

	/* an unknown name gets the default (first) certificate, which the
	 * client then refuses for that name */
	tls_pair_connect(&p, "unknown.example");
	tls_pair_pump(&p);
	assert_err(p.c_err, WARD_ERR_CERTIFICATE_UNKNOWN);
	assert_int_equal(ward_tls_get_info(p.server)->alert_received,
			 WARD_ALERT_CERTIFICATE_UNKNOWN);
	tls_pair_free(&p);
}

/* The client trusts the CA of each added certificate too. */
static void trust_added(struct tls_pair *p, ward_buf *cas, size_t n)
{
	ward_trust *trust;
	FILE *f = fopen(p->ca_path, "ab");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++) {
		fwrite(cas[i].data, 1, cas[i].len, f);
		ward_buf_free(&cas[i]);
	}
	fclose(f);
	assert_ok(ward_trust_load(p->ca_path, &trust, NULL, 0));
	ward_tls_config_set_trust(p->ccfg, trust);
}

/* The certificate's key type shows in the scheme the server signed with. */
static uint16_t scheme_for(struct tls_pair *p, const char *host)
{
	tls_pair_connect(p, host);
	tls_pair_pump(p);
	assert_ok(p->c_err);
	assert_ok(p->s_err);
	uint16_t s = ward_tls_get_info(p->server)->sigscheme;
	ward_tls_conn_free(p->client);
	ward_tls_conn_free(p->server);
	p->client = p->server = NULL;
	return s;
}

static void sni_exact_name_before_wildcard(void **state)
{
	(void)state;
	for (int order = 0; order < 2; order++) {
		struct tls_pair p;
		ward_buf cas[2];
		const char *names[2] = {"*.example.com", "www.example.com"};
		ward_key_type types[2] = {WARD_KEY_ED25519, WARD_KEY_RSA};
		tls_pair_configs(&p, WARD_KEY_EC_P256);
		for (int i = 0; i < 2; i++)
			tls_pair_add_cert(&p, types[i ^ order],
					  names[i ^ order], &cas[i]);
		trust_added(&p, cas, 2);
		assert_int_equal(scheme_for(&p, "www.example.com"),
				 WARD_SIG_RSA_PSS_RSAE_SHA256);
		assert_int_equal(scheme_for(&p, "WWW.Example.COM"),
				 WARD_SIG_RSA_PSS_RSAE_SHA256);
		assert_int_equal(scheme_for(&p, "other.example.com"),
				 WARD_SIG_ED25519);
		assert_int_equal(scheme_for(&p, "localhost"),
				 WARD_SIG_ECDSA_SECP256R1_SHA256);
		tls_pair_free(&p);
	}
}

static void key_update_both_directions(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_ok(p.c_err);
	(void)ward_tls_take_events(p.server);
	/* the client updates and asks the server to update too */
	assert_ok(ward_tls_key_update(p.client, 1, &p.c_out));
	tls_pair_pump(&p);
	assert_ok(p.s_err);
	assert_ok(p.c_err);
	assert_true(ward_tls_take_events(p.server) & WARD_TLS_EV_KEY_UPDATE);
	assert_true(ward_tls_take_events(p.client) & WARD_TLS_EV_KEY_UPDATE);
	assert_app_roundtrip(&p);
	/* the server updates without asking */
	assert_ok(ward_tls_key_update(p.server, 0, &p.s_out));
	tls_pair_pump(&p);
	assert_true(ward_tls_take_events(p.client) & WARD_TLS_EV_KEY_UPDATE);
	assert_false(ward_tls_take_events(p.server) & WARD_TLS_EV_KEY_UPDATE);
	assert_app_roundtrip(&p);
	tls_pair_free(&p);
}

static void close_notify_is_an_event(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	(void)ward_tls_take_events(p.server);
	assert_ok(ward_tls_close(p.client, &p.c_out));
	assert_err(ward_tls_send(p.client, "x", 1, &p.c_out), WARD_ERR_STATE);
	tls_pair_pump(&p);
	assert_ok(p.s_err);
	assert_true(ward_tls_take_events(p.server) & WARD_TLS_EV_CLOSE_NOTIFY);
	tls_pair_free(&p);
}

static void no_common_suite_is_handshake_failure(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	assert_ok(ward_tls_config_set_suites(p.scfg, &all_suites[0], 1));
	assert_ok(ward_tls_config_set_suites(p.ccfg, &all_suites[2], 1));
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_err(p.s_err, WARD_ERR_HANDSHAKE_FAILURE);
	assert_int_equal(ward_tls_get_info(p.client)->alert_received,
			 WARD_ALERT_HANDSHAKE_FAILURE);
	tls_pair_free(&p);
}

static void no_common_group_is_handshake_failure(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	assert_ok(ward_tls_config_set_groups(p.scfg, &all_groups[0], 1));
	assert_ok(ward_tls_config_set_groups(p.ccfg, &all_groups[2], 1));
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_err(p.s_err, WARD_ERR_HANDSHAKE_FAILURE);
	assert_err(p.c_err, WARD_ERR_PEER_ALERT);
	assert_int_equal(ward_tls_get_info(p.client)->alert_received,
			 WARD_ALERT_HANDSHAKE_FAILURE);
	tls_pair_free(&p);
}

static void untrusted_ca_is_unknown_ca(void **state)
{
	(void)state;
	struct tls_pair p;
	ward_trust *trust;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	/* trust some other CA only */
	struct ward_ca_test_chain other;
	assert_ok(ward_ca_make_test_chain(WARD_KEY_EC_P256, "localhost", 0, &other));
	FILE *f = fopen(p.ca_path, "wb");
	fwrite(other.ca_pem.data, 1, other.ca_pem.len, f);
	fclose(f);
	ward_ca_test_chain_free(&other);
	assert_ok(ward_trust_load(p.ca_path, &trust, NULL, 0));
	ward_tls_config_set_trust(p.ccfg, trust);
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_err(p.c_err, WARD_ERR_UNKNOWN_CA);
	assert_int_equal(ward_tls_get_info(p.server)->alert_received,
			 WARD_ALERT_UNKNOWN_CA);
	assert_non_null(ward_tls_get_info(p.client)->error);
	tls_pair_free(&p);
}

static void tampered_record_is_bad_record_mac(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_ok(ward_tls_send(p.client, "hello", 5, &p.c_out));
	p.c_out.data[p.c_out.len - 1] ^= 1;
	tls_pair_pump(&p);
	assert_err(p.s_err, WARD_ERR_BAD_RECORD_MAC);
	assert_int_equal(ward_tls_get_info(p.client)->alert_received,
			 WARD_ALERT_BAD_RECORD_MAC);
	tls_pair_free(&p);
}

static void records_split_byte_by_byte(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_RSA);
	tls_pair_connect(&p, "localhost");
	/* deliver the client's flight and the server's, a byte at a time */
	for (int round = 0; round < 4; round++) {
		ward_tls_conn *to = round % 2 ? p.client : p.server;
		ward_buf *from = round % 2 ? &p.s_out : &p.c_out;
		ward_buf *to_out = round % 2 ? &p.c_out : &p.s_out;
		ward_buf *to_app = round % 2 ? &p.c_app : &p.s_app;
		ward_buf pending;
		ward_buf_init(&pending);
		ward_buf all = *from;
		ward_buf_init(from);
		for (size_t i = 0; i < all.len; i++) {
			size_t used;
			assert_ok(ward_put_u8(&pending, all.data[i]));
			assert_ok(ward_tls_recv(to, pending.data, pending.len,
						&used, to_out, to_app));
			ward_buf_consume(&pending, used);
		}
		assert_int_equal(pending.len, 0);
		ward_buf_free(&pending);
		ward_buf_free(&all);
	}
	assert_true(ward_tls_handshake_done(p.client));
	assert_true(ward_tls_handshake_done(p.server));
	/* the defaults were negotiated, the same on both sides */
	const ward_tls_info *ci = ward_tls_get_info(p.client);
	const ward_tls_info *si = ward_tls_get_info(p.server);
	assert_int_equal(ci->suite, WARD_TLS_AES_128_GCM_SHA256);
	assert_int_equal(si->suite, WARD_TLS_AES_128_GCM_SHA256);
	assert_int_equal(ci->group, WARD_GROUP_X25519);
	assert_int_equal(si->group, WARD_GROUP_X25519);
	assert_int_equal(ci->sigscheme, WARD_SIG_RSA_PSS_RSAE_SHA256);
	assert_app_roundtrip(&p);
	tls_pair_free(&p);
}

/* TLS 1.2 suites have their own list; a client offers TLS 1.2 and 1.3
 * by default and at least one of them; a server speaks TLS 1.3 always. */
static void version_settings(void **state)
{
	(void)state;
	ward_tls_config *s = ward_tls_config_new(WARD_TLS_SERVER);
	ward_tls_config *c = ward_tls_config_new(WARD_TLS_CLIENT);
	const uint16_t tls12_suite = WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
	const uint16_t mixed[] = {WARD_TLS_AES_128_GCM_SHA256, tls12_suite};
	assert_err(ward_tls_config_set_suites(s, &tls12_suite, 1),
		   WARD_ERR_ARG);
	assert_err(ward_tls_config_set_suites(s, mixed, 2), WARD_ERR_ARG);
	assert_ok(ward_tls_config_set_suites(s, mixed, 1));
	assert_ok(ward_tls_config_set_tls12(s, 0));
	assert_ok(ward_tls_config_set_tls12(s, 1));
	assert_err(ward_tls_config_set_tls13(s, 0), WARD_ERR_ARG);
	assert_ok(ward_tls_config_set_tls13(s, 1));
	assert_ok(ward_tls_config_set_tls12(c, 0));
	assert_err(ward_tls_config_set_tls13(c, 0), WARD_ERR_ARG);
	assert_ok(ward_tls_config_set_tls12(c, 1));
	assert_ok(ward_tls_config_set_tls13(c, 0));
	assert_err(ward_tls_config_set_tls12(c, 0), WARD_ERR_ARG);
	assert_ok(ward_tls_config_set_tls13(c, 1));
	ward_tls_config_free(s);
	ward_tls_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_settings),
		cmocka_unit_test(every_suite_group_and_certificate),
		cmocka_unit_test(fixture_certificates_and_schemes),
		cmocka_unit_test(hello_retry_by_server_preference),
		cmocka_unit_test(alpn_server_preference_and_mismatch),
		cmocka_unit_test(sni_selects_certificate),
		cmocka_unit_test(sni_exact_name_before_wildcard),
		cmocka_unit_test(key_update_both_directions),
		cmocka_unit_test(close_notify_is_an_event),
		cmocka_unit_test(no_common_suite_is_handshake_failure),
		cmocka_unit_test(no_common_group_is_handshake_failure),
		cmocka_unit_test(untrusted_ca_is_unknown_ca),
		cmocka_unit_test(tampered_record_is_bad_record_mac),
		cmocka_unit_test(records_split_byte_by_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

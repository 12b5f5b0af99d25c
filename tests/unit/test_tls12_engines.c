/* ward's TLS 1.2 client against ward's TLS 1.2 server, in memory: every
 * suite the server knows, each with its certificate type and over each of
 * its groups, under both server policies (the legacy suites under the
 * legacy one), CBC with encrypt-then-MAC and without; then the
 * abbreviated handshake by session ID and by ticket for every AEAD suite.
 * Each side's view is asserted: version, suite, group, the extended
 * master secret (in the server's ServerHello; both sides' key logs agree
 * on the master secret), data both ways, resumed or not. The keys (RSA,
 * ECDSA) are made once per certificate type. */
#include <stdio.h>

#include "test.h"
#include "tls/conn.h"
#include "tls/session_cache.h"
#include "tls/ticket.h"
#include "tls_pair.h"

struct suite_case {
	uint16_t suite;
	int legacy; /* only under the legacy policy */
};

static const struct suite_case ecdsa_suites[] = {
    {WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 0},
    {WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 0},
    {WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, 0},
    {WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, 1},
    {WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, 1},
    {WARD_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, 1},
};

static const struct suite_case rsa_suites[] = {
    {WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0},
    {WARD_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0},
    {WARD_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 0},
    {WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, 0},
    {WARD_TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, 0},
    {WARD_TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 0},
    {WARD_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, 1},
    {WARD_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, 1},
    {WARD_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, 1},
    {WARD_TLS_RSA_WITH_AES_128_GCM_SHA256, 1},
    {WARD_TLS_RSA_WITH_AES_256_GCM_SHA384, 1},
    {WARD_TLS_RSA_WITH_AES_128_CBC_SHA256, 1},
    {WARD_TLS_RSA_WITH_AES_128_CBC_SHA, 1},
    {WARD_TLS_RSA_WITH_AES_256_CBC_SHA, 1},
};

static const uint16_t ec_groups[] = {WARD_GROUP_X25519, WARD_GROUP_SECP256R1,
				     WARD_GROUP_SECP384R1};
static const uint16_t ff_groups[] = {WARD_GROUP_FFDHE2048,
				     WARD_GROUP_FFDHE3072};

static char c_line[256], s_line[256];
static void keep_line(void *ctx, const char *line)
{
	snprintf(ctx, 256, "%s", line);
}

/* What the server's first flight holds: the ServerHello's
 * extended_master_secret and encrypt_then_mac, and whether a Certificate
 * follows it (read from the plaintext handshake records at its start). */
struct flight {
	int ems, etm, cert;
};

static void read_flight(const ward_buf *b, struct flight *f)
{
	memset(f, 0, sizeof *f);
	ward_reader r = ward_reader_make(b->data, b->len);
	int first = 1;
	while (ward_reader_left(&r) >= 5) {
		uint8_t type;
		ward_slice rec;
		assert_ok(ward_read_u8(&r, &type));
		assert_ok(ward_read_skip(&r, 2));
		assert_ok(ward_read_vec_slice(&r, 2, 1, 0xffff, &rec));
		if (type != WARD_TLS_CT_HANDSHAKE)
			break;
		ward_reader m = ward_reader_make(rec.p, rec.len);
		while (ward_reader_left(&m) >= 4) {
			uint8_t mt;
			ward_slice body;
			assert_ok(ward_read_u8(&m, &mt));
			if (ward_read_vec_slice(&m, 3, 0, 0xffffff, &body) !=
			    WARD_OK)
				break; /* continues in the next record */
			if (first) {
				ward_tls_server_hello sh;
				assert_int_equal(mt, WARD_HS_SERVER_HELLO);
				assert_ok(ward_server_hello_parse(body, &sh));
				f->ems = ward_exts_has(
				    &sh.ext, WARD_EXT_EXTENDED_MASTER_SECRET);
				f->etm = ward_exts_has(
				    &sh.ext, WARD_EXT_ENCRYPT_THEN_MAC);
				first = 0;
			}
			f->cert |= mt == WARD_HS_CERTIFICATE;
		}
	}
	assert_false(first);
}

/* One handshake of p's configurations, with data both ways; the server's
 * first flight read into *f. */
static void handshake(struct tls_pair *p, struct flight *f)
{
	size_t used = 0;
	c_line[0] = s_line[0] = 0;
	tls_pair_connect(p, "localhost");
	assert_ok(ward_tls_recv(p->server, p->c_out.data, p->c_out.len, &used,
				&p->s_out, &p->s_app));
	ward_buf_consume(&p->c_out, used);
	read_flight(&p->s_out, f);
	tls_pair_pump(p);
	assert_ok(p->c_err);
	assert_ok(p->s_err);
	assert_true(ward_tls_handshake_done(p->client));
	assert_true(ward_tls_handshake_done(p->server));
	assert_int_equal(strncmp(c_line, "CLIENT_RANDOM ", 14), 0);
	assert_string_equal(c_line, s_line);
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

static void assert_info(const ward_tls_info *i, uint16_t suite, uint16_t group,
			int resumed)
{
	assert_int_equal(i->version, WARD_TLS_VERSION_12);
	assert_int_equal(i->suite, suite);
	assert_int_equal(i->group, group);
	assert_int_equal(i->resumed, resumed);
}

static void pair_for(struct tls_pair *p, ward_key_type type)
{
	tls_pair_configs(p, type);
	assert_ok(ward_tls_config_set_tls13(p->ccfg, 0));
	ward_tls_config_set_keylog(p->ccfg, keep_line, c_line);
	ward_tls_config_set_keylog(p->scfg, keep_line, s_line);
}

/* The client offers the one suite and the group (and an ECDSA
 * certificate's curve, RFC 8422 5.1.1); the server takes that group. */
static void configure(struct tls_pair *p, ward_key_type type, uint16_t suite,
		      uint16_t group, int etm)
{
	uint16_t offer[2] = {group, WARD_GROUP_SECP256R1};
	size_t n =
	    type == WARD_KEY_EC_P256 && group != WARD_GROUP_SECP256R1 ? 2 : 1;
	assert_ok(ward_tls_config_set_suites12(p->ccfg, &suite, 1));
	assert_ok(ward_tls_config_set_groups(p->ccfg, offer, n));
	assert_ok(ward_tls_config_set_groups(p->scfg, &group, 1));
	p->ccfg->test_no_etm = !etm;
}

static void full_handshakes_for(ward_key_type type,
				const struct suite_case *cases, size_t n_cases)
{
	struct tls_pair p;
	pair_for(&p, type);
	for (int policy = 0; policy < 2; policy++) {
		assert_ok(ward_tls_config_set_policy(
		    p.scfg,
		    policy ? WARD_TLS_POLICY_LEGACY : WARD_TLS_POLICY_DEFAULT));
		for (size_t i = 0; i < n_cases; i++) {
			if (cases[i].legacy && !policy)
				continue;
			const ward_tls_suite *s =
			    ward_tls_suite_find(cases[i].suite);
			const uint16_t *groups =
			    s->tls12_kx == WARD_TLS12_KX_DHE ? ff_groups
							     : ec_groups;
			size_t n_groups = s->tls12_kx == WARD_TLS12_KX_DHE ? 2
					  : s->tls12_kx == WARD_TLS12_KX_RSA
					      ? 1
					      : 3;
			for (size_t g = 0; g < n_groups; g++) {
				for (int etm = 1; etm >= !s->cbc; etm--) {
					struct flight f;
					configure(&p, type, s->id, groups[g],
						  etm);
					handshake(&p, &f);
					uint16_t group =
					    s->tls12_kx == WARD_TLS12_KX_RSA
						? 0
						: groups[g];
					assert_info(ward_tls_get_info(p.client),
						    s->id, group, 0);
					assert_info(ward_tls_get_info(p.server),
						    s->id, group, 0);
					assert_true(f.ems);
					assert_true(f.cert);
					assert_int_equal(f.etm, s->cbc && etm);
					tls_pair_drop(&p);
				}
			}
		}
	}
	tls_pair_free(&p);
}

static void full_ecdsa(void **state)
{
	(void)state;
	full_handshakes_for(WARD_KEY_EC_P256, ecdsa_suites,
			    sizeof ecdsa_suites / sizeof *ecdsa_suites);
}

static void full_rsa(void **state)
{
	(void)state;
	full_handshakes_for(WARD_KEY_RSA, rsa_suites,
			    sizeof rsa_suites / sizeof *rsa_suites);
}

static ward_ticket_keys keys;
static uint64_t region[(16 * 720 + 4096) / 8];

/* Each AEAD suite: a full handshake, then two abbreviated ones from its
 * session, by ticket (ticket keys) or by session ID (a cache, no keys). */
static void resume_for(ward_key_type type, const struct suite_case *cases,
		       size_t n_cases)
{
	struct tls_pair p;
	ward_session_cache *cache;
	ward_buf blob = WARD_BUF_INIT;
	pair_for(&p, type);
	assert_ok(ward_tls_config_set_policy(p.scfg, WARD_TLS_POLICY_LEGACY));
	ward_ticket_keys_init(&keys);
	assert_ok(ward_ticket_keys_rotate(&keys, WARD_AEAD_AES_256_GCM, 0,
					  INT64_MAX));
	assert_ok(ward_session_cache_init(region, sizeof region, 16, &cache));
	ward_tls_config_set_session_cache(p.scfg, cache);
	for (int by_ticket = 0; by_ticket < 2; by_ticket++) {
		ward_tls_config_set_ticket_keys(p.scfg,
						by_ticket ? &keys : NULL);
		for (size_t i = 0; i < n_cases; i++) {
			const ward_tls_suite *s =
			    ward_tls_suite_find(cases[i].suite);
			if (s->cbc)
				continue;
			uint16_t group = s->tls12_kx == WARD_TLS12_KX_DHE
					     ? WARD_GROUP_FFDHE2048
					     : WARD_GROUP_X25519;
			struct flight f;
			configure(&p, type, s->id, group, 1);
			handshake(&p, &f);
			ward_buf_clear(&blob);
			assert_ok(ward_tls_get_session(p.client, &blob));
			char master[256];
			snprintf(master, sizeof master, "%s", c_line);
			tls_pair_drop(&p);
			for (int again = 0; again < 2; again++) {
				p.client = ward_tls_conn_new(p.ccfg);
				p.server = ward_tls_conn_new(p.scfg);
				assert_ok(ward_tls_set_hostname(p.client,
								"localhost"));
				assert_ok(ward_tls_set_session(
				    p.client, blob.data, blob.len));
				assert_ok(ward_tls_start(p.client, &p.c_out));
				size_t used = 0;
				c_line[0] = s_line[0] = 0;
				assert_ok(ward_tls_recv(p.server, p.c_out.data,
							p.c_out.len, &used,
							&p.s_out, &p.s_app));
				ward_buf_consume(&p.c_out, used);
				read_flight(&p.s_out, &f);
				tls_pair_pump(&p);
				assert_ok(p.c_err);
				assert_ok(p.s_err);
				assert_true(f.ems);
				assert_false(f.cert);
				const ward_tls_info *ci =
				    ward_tls_get_info(p.client);
				assert_info(ci, s->id, 0, 1);
				assert_info(ward_tls_get_info(p.server), s->id,
					    0, 1);
				assert_int_equal(ci->peer_chain_len, 0);
				/* the session's master secret again */
				assert_string_equal(c_line + 14 + 65,
						    master + 14 + 65);
				assert_string_equal(c_line, s_line);
				assert_ok(ward_tls_send(p.client, "ping", 4,
							&p.c_out));
				tls_pair_pump(&p);
				assert_int_equal(p.s_app.len, 4);
				ward_buf_clear(&p.s_app);
				ward_buf_clear(&blob);
				assert_ok(
				    ward_tls_get_session(p.client, &blob));
				tls_pair_drop(&p);
			}
		}
	}
	ward_buf_free(&blob);
	ward_ticket_keys_wipe(&keys);
	ward_session_cache_wipe(cache);
	tls_pair_free(&p);
}

static void resume_ecdsa(void **state)
{
	(void)state;
	resume_for(WARD_KEY_EC_P256, ecdsa_suites,
		   sizeof ecdsa_suites / sizeof *ecdsa_suites);
}

static void resume_rsa(void **state)
{
	(void)state;
	resume_for(WARD_KEY_RSA, rsa_suites,
		   sizeof rsa_suites / sizeof *rsa_suites);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_ecdsa),
	    cmocka_unit_test(full_rsa),
	    cmocka_unit_test(resume_ecdsa),
	    cmocka_unit_test(resume_rsa),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

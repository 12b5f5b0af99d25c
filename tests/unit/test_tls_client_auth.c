/* Client certificates, engine against engine, TLS 1.3 and TLS 1.2: the
 * verified identity on the server, and the one alert of each failure. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "tls/conn.h" /* to break a client on purpose */
#include "tls/ticket.h"
#include "tls_pair.h"

struct client_id {
	ward_buf ca_pem;
	ward_chain *chain;
	ward_pkey *key;
};

/* A client certificate (clientAuth when `client`) from a fresh CA. */
static void make_client(struct client_id *id, ward_key_type type, int client)
{
	struct ward_ca_test_chain tc;
	assert_ok(ward_ca_make_test_chain(type, "alice.example", client, &tc));
	assert_ok(
	    ward_chain_load_pem(tc.cert_pem.data, tc.cert_pem.len, &id->chain));
	id->key = ward_pkey_ref(tc.key);
	ward_buf_init(&id->ca_pem);
	assert_ok(ward_put_bytes(&id->ca_pem, tc.ca_pem.data, tc.ca_pem.len));
	ward_ca_test_chain_free(&tc);
}

static ward_trust *trust_of(const ward_buf *pem)
{
	char path[64];
	ward_trust *t;
	snprintf(path, sizeof path, "/tmp/ward-test-cca-%d.pem", (int)getpid());
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(pem->data, 1, pem->len, f), pem->len);
	fclose(f);
	assert_ok(ward_trust_load(path, &t, NULL, 0));
	unlink(path);
	return t;
}

/* A pair whose server asks in `mode`, trusting the CA of `trusted`, and
 * whose client sends `id` (NULL: none); tls12: the client offers TLS 1.2
 * only. */
static void setup(struct tls_pair *p, ward_tls_client_auth mode,
		  const struct client_id *trusted, struct client_id *id,
		  int tls12)
{
	tls_pair_configs(p, WARD_KEY_EC_P256);
	assert_ok(ward_tls_config_set_client_auth(
	    p->scfg, trust_of(&trusted->ca_pem), mode));
	if (id)
		assert_ok(ward_tls_config_set_client_cert(
		    p->ccfg, id->chain, ward_pkey_ref(id->key)));
	if (tls12)
		assert_ok(ward_tls_config_set_tls13(p->ccfg, 0));
}

static void free_id(struct client_id *id, int chain_taken)
{
	if (!chain_taken)
		ward_chain_free(id->chain);
	ward_pkey_free(id->key);
	ward_buf_free(&id->ca_pem);
}

static void assert_alert(struct tls_pair *p, uint8_t alert)
{
	const ward_tls_info *si = ward_tls_get_info(p->server);
	const ward_tls_info *ci = ward_tls_get_info(p->client);
	assert_true(ward_err_is_peer(p->s_err));
	assert_string_equal(ward_tls_alert_name(si->alert_sent),
			    ward_tls_alert_name(alert));
	assert_int_equal(ci->alert_received, alert);
	assert_false(ward_tls_handshake_done(p->server));
}

static void check_version(struct tls_pair *p, int tls12)
{
	assert_int_equal(ward_tls_get_info(p->server)->version,
			 tls12 ? 0x0303 : 0x0304);
}

/* The usual case: a server that requires a certificate and trusts the
 * CA of its client's (a fresh `type` one; clientAuth when `client`). */
struct auth {
	struct tls_pair p;
	struct client_id id;
};

static void begin(struct auth *a, ward_key_type type, int client, int tls12)
{
	make_client(&a->id, type, client);
	setup(&a->p, WARD_TLS_CLIENT_AUTH_REQUIRE, &a->id, &a->id, tls12);
}

static void end(struct auth *a)
{
	tls_pair_free(&a->p);
	free_id(&a->id, 1);
}

/* The handshake run through: the server took the client's certificate. */
static void accepted(struct auth *a)
{
	tls_pair_connect(&a->p, "localhost");
	tls_pair_pump(&a->p);
	assert_ok(a->p.s_err);
	assert_true(ward_tls_handshake_done(a->p.server));
	assert_string_equal(ward_tls_get_info(a->p.server)->peer_subject,
			    "CN=alice.example");
}

static void verified(int tls12)
{
	struct auth a;
	begin(&a, WARD_KEY_EC_P256, 1, tls12);
	accepted(&a);
	assert_ok(a.p.c_err);
	check_version(&a.p, tls12);
	const ward_tls_info *si = ward_tls_get_info(a.p.server);
	assert_string_equal(si->peer_sans, "DNS:alice.example");
	assert_int_equal(si->peer_chain_len, 1);
	assert_int_equal(si->peer_chain[0].len,
			 ward_chain_der(a.id.chain, 0).len);
	/* data flows after the client's second flight */
	assert_ok(ward_tls_send(a.p.client, "hi", 2, &a.p.c_out));
	tls_pair_pump(&a.p);
	assert_int_equal(a.p.s_app.len, 2);
	end(&a);
}

static void require_verified13(void **s)
{
	(void)s;
	verified(0);
}
static void require_verified12(void **s)
{
	(void)s;
	verified(1);
}

/* The client's key signs in RSA-PSS (TLS 1.3) or any RSA scheme the
 * server lists (TLS 1.2). */
static void rsa_client(void **s)
{
	(void)s;
	for (int tls12 = 0; tls12 < 2; tls12++) {
		struct auth a;
		begin(&a, WARD_KEY_RSA, 1, tls12);
		accepted(&a);
		check_version(&a.p, tls12);
		end(&a);
	}
}

static void optional_without(void **s)
{
	(void)s;
	for (int tls12 = 0; tls12 < 2; tls12++) {
		struct tls_pair p;
		struct client_id ca;
		make_client(&ca, WARD_KEY_EC_P256, 1);
		setup(&p, WARD_TLS_CLIENT_AUTH_OPTIONAL, &ca, NULL, tls12);
		tls_pair_connect(&p, "localhost");
		tls_pair_pump(&p);
		assert_ok(p.c_err);
		assert_ok(p.s_err);
		assert_true(ward_tls_handshake_done(p.server));
		check_version(&p, tls12);
		assert_string_equal(ward_tls_get_info(p.server)->peer_subject,
				    "");
		assert_int_equal(ward_tls_get_info(p.server)->peer_chain_len,
				 0);
		tls_pair_free(&p);
		free_id(&ca, 0);
	}
}

static void optional_with(void **s)
{
	(void)s;
	struct tls_pair p;
	struct client_id id;
	make_client(&id, WARD_KEY_EC_P256, 1);
	setup(&p, WARD_TLS_CLIENT_AUTH_OPTIONAL, &id, &id, 0);
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_ok(p.s_err);
	assert_string_equal(ward_tls_get_info(p.server)->peer_subject,
			    "CN=alice.example");
	tls_pair_free(&p);
	free_id(&id, 1);
}

/* RFC 8446 4.4.2.4: certificate_required; RFC 5246 7.4.6:
 * handshake_failure */
static void require_missing(void **s)
{
	(void)s;
	for (int tls12 = 0; tls12 < 2; tls12++) {
		struct tls_pair p;
		struct client_id ca;
		make_client(&ca, WARD_KEY_EC_P256, 1);
		setup(&p, WARD_TLS_CLIENT_AUTH_REQUIRE, &ca, NULL, tls12);
		tls_pair_connect(&p, "localhost");
		tls_pair_pump(&p);
		assert_alert(&p, tls12 ? WARD_ALERT_HANDSHAKE_FAILURE
				       : WARD_ALERT_CERTIFICATE_REQUIRED);
		check_version(&p, tls12);
		tls_pair_free(&p);
		free_id(&ca, 0);
	}
}

/* Ways to spoil the usual case before the handshake. */
static void other_ca(struct auth *a)
{
	struct client_id other;
	make_client(&other, WARD_KEY_EC_P256, 1);
	assert_ok(ward_tls_config_set_client_auth(
	    a->p.scfg, trust_of(&other.ca_pem), WARD_TLS_CLIENT_AUTH_REQUIRE));
	free_id(&other, 0);
}

static time_t in_40_days(void *ctx)
{
	(void)ctx;
	return time(NULL) + 40 * 86400;
}

/* the test certificates live 30 days */
static void later(struct auth *a)
{
	ward_tls_config_set_time(a->p.scfg, in_40_days, NULL);
}

/* the client signs with a key that is not its certificate's */
static void other_key(struct auth *a)
{
	ward_pkey *other;
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &other));
	ward_pkey_free(a->p.ccfg->client_cert.key);
	a->p.ccfg->client_cert.key = other;
}

/* Each refused certificate, with the one alert, in both versions; no
 * identity is kept. */
static void refused(void **s)
{
	(void)s;
	static const struct {
		int client; /* 0: serverAuth only, not for clients */
		void (*spoil)(struct auth *a);
		uint8_t alert;
	} cases[] = {
	    {1, other_ca, WARD_ALERT_UNKNOWN_CA},
	    {1, later, WARD_ALERT_CERTIFICATE_EXPIRED},
	    {0, NULL, WARD_ALERT_BAD_CERTIFICATE},
	    {1, other_key, WARD_ALERT_DECRYPT_ERROR},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int tls12 = 0; tls12 < 2; tls12++) {
			struct auth a;
			begin(&a, WARD_KEY_EC_P256, cases[i].client, tls12);
			if (cases[i].spoil)
				cases[i].spoil(&a);
			tls_pair_connect(&a.p, "localhost");
			tls_pair_pump(&a.p);
			assert_alert(&a.p, cases[i].alert);
			assert_string_equal(
			    ward_tls_get_info(a.p.server)->peer_subject, "");
			end(&a);
		}
}

/* Bytes from the client to the server, one delivery. */
static void to_server(struct tls_pair *p)
{
	size_t used = 0;
	p->s_err = ward_tls_recv(p->server, p->c_out.data, p->c_out.len, &used,
				 &p->s_out, &p->s_app);
	ward_buf_consume(&p->c_out, used);
}

/* The server stops accepting the scheme it asked for between its
 * request and the client's CertificateVerify: one it did not offer. */
static void scheme_not_offered(void **s)
{
	(void)s;
	for (int tls12 = 0; tls12 < 2; tls12++) {
		struct auth a;
		begin(&a, WARD_KEY_EC_P256, 1, tls12);
		ward_tls_config *scfg = a.p.scfg;
		tls_pair_connect(&a.p, "localhost");
		to_server(&a.p); /* the server's flight, with its request */
		assert_ok(a.p.s_err);
		size_t n = 0;
		for (size_t i = 0; i < scfg->n_sigschemes; i++)
			if (scfg->sigschemes[i] !=
			    WARD_SIG_ECDSA_SECP256R1_SHA256)
				scfg->sigschemes[n++] = scfg->sigschemes[i];
		scfg->n_sigschemes = n;
		tls_pair_pump(&a.p);
		assert_alert(&a.p, WARD_ALERT_ILLEGAL_PARAMETER);
		end(&a);
	}
}

/* TLS 1.3: the client answers the request with Finished alone; TLS 1.2:
 * its ClientKeyExchange comes first. */
static void out_of_order13(void **s)
{
	(void)s;
	struct tls_pair p;
	struct client_id id;
	make_client(&id, WARD_KEY_EC_P256, 1);
	setup(&p, WARD_TLS_CLIENT_AUTH_REQUIRE, &id, &id, 0);
	/* small records: the client reads the request before Finished */
	p.scfg->max_record = 64;
	tls_pair_connect(&p, "localhost");
	to_server(&p);
	assert_ok(p.s_err);
	while (p.s_out.len > 0 && p.client->hs &&
	       !p.client->hs->cert_requested) {
		size_t len = 5 + ward_load_u16(p.s_out.data + 3), used = 0;
		assert_ok(ward_tls_recv(p.client, p.s_out.data, len, &used,
					&p.c_out, &p.c_app));
		ward_buf_consume(&p.s_out, used);
	}
	assert_non_null(p.client->hs);
	p.client->hs->cert_requested = 0;
	tls_pair_pump(&p);
	assert_alert(&p, WARD_ALERT_UNEXPECTED_MESSAGE);
	tls_pair_free(&p);
	free_id(&id, 1);
}

static void out_of_order12(void **s)
{
	(void)s;
	struct tls_pair p;
	struct client_id id;
	make_client(&id, WARD_KEY_EC_P256, 1);
	setup(&p, WARD_TLS_CLIENT_AUTH_REQUIRE, &id, &id, 1);
	tls_pair_connect(&p, "localhost");
	to_server(&p);
	size_t used = 0;
	assert_ok(ward_tls_recv(p.client, p.s_out.data, p.s_out.len, &used,
				&p.c_out, &p.c_app));
	ward_buf_consume(&p.s_out, used);
	/* the first record holds Certificate, ClientKeyExchange,
	 * CertificateVerify: cut the Certificate out */
	uint8_t *rec = p.c_out.data;
	assert_int_equal(rec[0], 22);
	assert_int_equal(rec[5], 11);
	size_t cert_len = 4 + ward_load_u24(rec + 6);
	size_t rec_len = ward_load_u16(rec + 3);
	memmove(rec + 5, rec + 5 + cert_len, p.c_out.len - 5 - cert_len);
	p.c_out.len -= cert_len;
	rec[3] = (uint8_t)((rec_len - cert_len) >> 8);
	rec[4] = (uint8_t)(rec_len - cert_len);
	tls_pair_pump(&p);
	assert_alert(&p, WARD_ALERT_UNEXPECTED_MESSAGE);
	tls_pair_free(&p);
	free_id(&id, 1);
}

/* A server that does not ask gets no certificate, and the client
 * carries on. */
static void not_asked(void **s)
{
	(void)s;
	struct tls_pair p;
	struct client_id id;
	make_client(&id, WARD_KEY_EC_P256, 1);
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	assert_ok(ward_tls_config_set_client_cert(p.ccfg, id.chain,
						  ward_pkey_ref(id.key)));
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_ok(p.s_err);
	assert_true(ward_tls_handshake_done(p.server));
	assert_string_equal(ward_tls_get_info(p.server)->peer_subject, "");
	tls_pair_free(&p);
	free_id(&id, 1);
}

/* A TLS 1.3 session resumed from a ticket asks for no certificate and
 * keeps the identity the ticket was made with; with REQUIRE, a ticket
 * made without one is not taken (a full handshake, which then fails). */
static void resumed_identity(void **s)
{
	(void)s;
	struct tls_pair p;
	struct client_id id;
	ward_ticket_keys keys;
	ward_buf session;
	make_client(&id, WARD_KEY_EC_P256, 1);
	setup(&p, WARD_TLS_CLIENT_AUTH_REQUIRE, &id, &id, 0);
	tls_pair_ticket_keys(&p, &keys);
	ward_buf_init_secret(&session);

	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_true(ward_tls_handshake_done(p.server));
	assert_ok(ward_tls_get_session(p.client, &session));
	tls_pair_drop(&p);

	tls_pair_connect_session(&p, "localhost", &session);
	tls_pair_pump(&p);
	assert_ok(p.s_err);
	const ward_tls_info *si = ward_tls_get_info(p.server);
	assert_true(si->resumed);
	assert_string_equal(si->peer_subject, "CN=alice.example");
	assert_string_equal(si->peer_sans, "DNS:alice.example");
	assert_int_equal(si->peer_chain_len, 0);
	tls_pair_drop(&p);

	/* a ticket of an optional server, made without a certificate, is
	 * not taken by a server that requires one */
	ward_tls_config_free(p.ccfg);
	p.ccfg = ward_tls_config_new(WARD_TLS_CLIENT);
	ward_tls_config_set_verify(p.ccfg, 0);
	p.scfg->client_auth = WARD_TLS_CLIENT_AUTH_OPTIONAL;
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_true(ward_tls_handshake_done(p.server));
	assert_string_equal(ward_tls_get_info(p.server)->peer_subject, "");
	ward_buf_clear(&session);
	assert_ok(ward_tls_get_session(p.client, &session));
	tls_pair_drop(&p);
	p.scfg->client_auth = WARD_TLS_CLIENT_AUTH_REQUIRE;
	tls_pair_connect_session(&p, "localhost", &session);
	tls_pair_pump(&p);
	assert_alert(&p, WARD_ALERT_CERTIFICATE_REQUIRED);
	assert_false(ward_tls_get_info(p.server)->resumed);

	tls_pair_free(&p);
	ward_ticket_keys_wipe(&keys);
	ward_buf_free(&session);
	free_id(&id, 1);
}

/* After a HelloRetryRequest the request comes in the second flight. */
static void after_hello_retry(void **s)
{
	(void)s;
	struct auth a;
	static const uint16_t groups[] = {WARD_GROUP_SECP256R1,
					  WARD_GROUP_X25519};
	begin(&a, WARD_KEY_EC_P256, 1, 0);
	assert_ok(ward_tls_config_set_groups(a.p.ccfg, groups, 2));
	accepted(&a);
	assert_true(ward_tls_get_info(a.p.server)->hrr);
	end(&a);
}

static void config_errors(void **s)
{
	(void)s;
	ward_tls_config *srv = ward_tls_config_new(WARD_TLS_SERVER);
	ward_tls_config *cli = ward_tls_config_new(WARD_TLS_CLIENT);
	struct client_id id, other;
	make_client(&id, WARD_KEY_EC_P256, 1);
	make_client(&other, WARD_KEY_EC_P256, 1);
	assert_err(ward_tls_config_set_client_auth(
		       srv, NULL, WARD_TLS_CLIENT_AUTH_REQUIRE),
		   WARD_ERR_ARG);
	assert_err(ward_tls_config_set_client_auth(cli, NULL,
						   WARD_TLS_CLIENT_AUTH_NONE),
		   WARD_ERR_ARG);
	assert_err(ward_tls_config_set_client_cert(srv, id.chain, id.key),
		   WARD_ERR_ARG);
	/* a key that is not the certificate's */
	assert_err(ward_tls_config_set_client_cert(cli, id.chain, other.key),
		   WARD_ERR_CONFIG);
	char why[256] = "";
	assert_err(ward_tls_config_set_client_cert_files(
		       cli, "/nonexistent/c.pem", "/nonexistent/k.pem", why,
		       sizeof why),
		   WARD_ERR_NOT_FOUND);
	assert_non_null(strstr(why, "/nonexistent/c.pem"));
	ward_tls_config_free(srv);
	ward_tls_config_free(cli);
	free_id(&id, 0);
	free_id(&other, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(require_verified13),
	    cmocka_unit_test(require_verified12),
	    cmocka_unit_test(rsa_client),
	    cmocka_unit_test(optional_without),
	    cmocka_unit_test(optional_with),
	    cmocka_unit_test(require_missing),
	    cmocka_unit_test(refused),
	    cmocka_unit_test(scheme_not_offered),
	    cmocka_unit_test(out_of_order13),
	    cmocka_unit_test(out_of_order12),
	    cmocka_unit_test(not_asked),
	    cmocka_unit_test(resumed_identity),
	    cmocka_unit_test(after_hello_retry),
	    cmocka_unit_test(config_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

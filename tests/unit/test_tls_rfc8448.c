/* RFC 8448 section 3 through both engines. The client, given the RFC's
 * ClientHello and X25519 key, must verify the RFC's server flight and
 * answer with the RFC's records byte for byte. The server, given the RFC's
 * random, X25519 key and RSA key, must answer the RFC's ClientHello with
 * the RFC's ServerHello and handshake secrets byte for byte; its flight
 * then differs where ward's choices do (see server_replays_simple_1rtt).
 * Section 5 (HelloRetryRequest) through the client. Section 4: the
 * client resumes with section 3's ticket, and its ClientHello, binder
 * included, is the RFC's. */
#include <stdio.h>
#include <stdlib.h>

#include "rfc8448.h"
#include "rfc8448_hrr.h"
#include "rfc8448_resume.h"
#include "test.h"
#include "tls/keysched.h"
#include "tls/record.h"
#include "tls/tls.h"

struct keylog {
	char lines[8][256];
	int n;
};

static void keep_line(void *ctx, const char *line)
{
	struct keylog *k = ctx;
	if (k->n < 8)
		snprintf(k->lines[k->n++], sizeof k->lines[0], "%s", line);
}

static void assert_buf_hex(const ward_buf *b, const char *hex)
{
	ward_buf want;
	test_unhex_buf(hex, &want);
	assert_int_equal(b->len, want.len);
	assert_memory_equal(b->data, want.data, want.len);
	ward_buf_free(&want);
}

static ward_tls_config *rfc_client_config(struct keylog *k)
{
	ward_buf ch, priv;
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_non_null(cfg);
	test_unhex_buf(rfc8448_client_hello_hex, &ch);
	test_unhex_buf(rfc8448_client_x25519_priv_hex, &priv);
	ward_tls_config_set_test_client_hello(cfg, ward_buf_slice(&ch));
	ward_tls_config_set_test_kex_private(cfg, WARD_GROUP_X25519,
					     ward_buf_slice(&priv));
	/* the RFC's certificate is self-signed: its signature over the
	 * handshake is still checked */
	ward_tls_config_set_verify(cfg, 0);
	ward_tls_config_set_keylog(cfg, keep_line, k);
	ward_buf_free(&ch);
	ward_buf_free(&priv);
	return cfg;
}

/* Feed one whole record given as hex; it must be consumed entirely. */
static ward_err feed(ward_tls_conn *c, const char *hex, ward_buf *out,
		     ward_buf *app)
{
	ward_buf in;
	size_t used = 0;
	test_unhex_buf(hex, &in);
	ward_err err = ward_tls_recv(c, in.data, in.len, &used, out, app);
	if (err == WARD_OK)
		assert_int_equal(used, in.len);
	ward_buf_free(&in);
	return err;
}

static void client_replays_simple_1rtt(void **state)
{
	(void)state;
	struct keylog k = {0};
	ward_tls_config *cfg = rfc_client_config(&k);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app;
	ward_buf_init(&out);
	ward_buf_init(&app);

	assert_ok(ward_tls_start(c, &out));
	assert_buf_hex(&out, rfc8448_client_hello_record_hex);
	ward_buf_clear(&out);

	assert_ok(feed(c, rfc8448_server_hello_record_hex, &out, &app));
	assert_int_equal(out.len, 0);
	assert_ok(feed(c, rfc8448_server_flight_record_hex, &out, &app));
	assert_true(ward_tls_handshake_done(c));
	assert_buf_hex(&out, rfc8448_client_finished_record_hex);
	ward_buf_clear(&out);

	const ward_tls_info *info = ward_tls_get_info(c);
	assert_int_equal(info->version, 0x0304);
	assert_int_equal(info->suite, WARD_TLS_AES_128_GCM_SHA256);
	assert_int_equal(info->group, WARD_GROUP_X25519);
	assert_int_equal(info->sigscheme, WARD_SIG_RSA_PSS_RSAE_SHA256);
	assert_int_equal(info->peer_chain_len, 1);

	/* the ticket is kept; application data both ways */
	assert_ok(feed(c, rfc8448_new_session_ticket_record_hex, &out, &app));
	assert_true(ward_tls_take_events(c) & WARD_TLS_EV_TICKET);
	assert_int_equal(info->tickets, 1);
	assert_ok(feed(c, rfc8448_server_app_data_record_hex, &out, &app));
	assert_buf_hex(&app, rfc8448_app_data_hex);

	ward_buf data;
	test_unhex_buf(rfc8448_app_data_hex, &data);
	assert_ok(ward_tls_send(c, data.data, data.len, &out));
	assert_buf_hex(&out, rfc8448_client_app_data_record_hex);
	ward_buf_free(&data);
	ward_buf_clear(&out);

	assert_ok(ward_tls_close(c, &out));
	assert_buf_hex(&out, rfc8448_client_alert_record_hex);
	assert_ok(feed(c, rfc8448_server_alert_record_hex, &out, &app));
	assert_true(ward_tls_take_events(c) & WARD_TLS_EV_CLOSE_NOTIFY);

	/* NSS key log lines carry the RFC's secrets */
	assert_int_equal(k.n, 5);
	char want[256];
	ward_buf cr, secret;
	test_unhex_buf(rfc8448_client_random_hex, &cr);
	test_unhex_buf(rfc8448_client_hs_traffic_hex, &secret);
	int n = snprintf(want, sizeof want, "CLIENT_HANDSHAKE_TRAFFIC_SECRET ");
	for (size_t i = 0; i < cr.len; i++)
		n += snprintf(want + n, sizeof want - (size_t)n, "%02x",
			      cr.data[i]);
	n += snprintf(want + n, sizeof want - (size_t)n, " ");
	for (size_t i = 0; i < secret.len; i++)
		n += snprintf(want + n, sizeof want - (size_t)n, "%02x",
			      secret.data[i]);
	assert_string_equal(k.lines[0], want);
	assert_memory_equal(k.lines[3], "SERVER_TRAFFIC_SECRET_0 ", 24);
	ward_buf_free(&cr);
	ward_buf_free(&secret);

	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

/* Section 3 through the client up to its ticket, then section 4's
 * ClientHello with its binder zeroed: the client keeps the ticket with the
 * PSK of the resumption secret and the ticket's nonce, and binds the hello
 * with it to the RFC's bytes (RFC 8446 4.2.11.2). */
static void client_binds_resumed_hello(void **state)
{
	(void)state;
	struct keylog k = {0};
	ward_tls_config *cfg = rfc_client_config(&k);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app, session;
	ward_buf_init(&out);
	ward_buf_init(&app);
	ward_buf_init_secret(&session);
	assert_ok(ward_tls_start(c, &out));
	assert_ok(feed(c, rfc8448_server_hello_record_hex, &out, &app));
	assert_ok(feed(c, rfc8448_server_flight_record_hex, &out, &app));
	assert_err(ward_tls_get_session(c, &session), WARD_ERR_STATE);
	assert_ok(feed(c, rfc8448_new_session_ticket_record_hex, &out, &app));
	assert_ok(ward_tls_get_session(c, &session));
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);

	/* the session holds the RFC's PSK */
	ward_buf psk;
	test_unhex_buf(rfc8448_resumption_psk_hex, &psk);
	assert_int_equal(session.data[3], psk.len);
	assert_memory_equal(session.data + 4, psk.data, psk.len);
	ward_buf_free(&psk);

	ward_buf rec, priv;
	cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_non_null(cfg);
	test_unhex_buf(rfc8448_resume_client_hello_record_hex, &rec);
	memset(rec.data + rec.len - 32, 0, 32);
	ward_tls_config_set_test_client_hello(
	    cfg, ward_slice_make(rec.data + 5, rec.len - 5));
	ward_buf_free(&rec);
	test_unhex_buf(rfc8448_resume_client_x25519_priv_hex, &priv);
	ward_tls_config_set_test_kex_private(cfg, WARD_GROUP_X25519,
					     ward_buf_slice(&priv));
	ward_buf_free(&priv);
	ward_tls_config_set_verify(cfg, 0);
	c = ward_tls_conn_new(cfg);
	assert_ok(ward_tls_set_session(c, session.data, session.len));
	ward_buf_clear(&out);
	assert_ok(ward_tls_start(c, &out));
	assert_buf_hex(&out, rfc8448_resume_client_hello_record_hex);

	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
	ward_buf_free(&session);
	ward_buf_free(&out);
	ward_buf_free(&app);
}

static void prot_from_hex(ward_tls_prot *p, const char *key_hex,
			  const char *iv_hex, int encrypt);

/* RFC 8446 4.6.1: a ticket with lifetime 0 is not to be used: section 3's
 * ticket so changed, sealed under the RFC's server application key, is
 * not kept. */
static void client_drops_ticket_of_lifetime_zero(void **state)
{
	(void)state;
	struct keylog k = {0};
	ward_tls_config *cfg = rfc_client_config(&k);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app, nst, rec, session;
	ward_tls_prot wr;
	ward_buf_init(&out);
	ward_buf_init(&app);
	ward_buf_init(&rec);
	ward_buf_init(&session);
	assert_ok(ward_tls_start(c, &out));
	assert_ok(feed(c, rfc8448_server_hello_record_hex, &out, &app));
	assert_ok(feed(c, rfc8448_server_flight_record_hex, &out, &app));
	test_unhex_buf(rfc8448_new_session_ticket_hex, &nst);
	memset(nst.data + 4, 0, 4); /* ticket_lifetime */
	prot_from_hex(&wr, rfc8448_server_ap_key_hex, rfc8448_server_ap_iv_hex,
		      1);
	assert_ok(ward_tls_record_seal(&wr, &rec, WARD_TLS_CT_HANDSHAKE,
				       nst.data, nst.len, 0));
	size_t used = 0;
	assert_ok(ward_tls_recv(c, rec.data, rec.len, &used, &out, &app));
	assert_int_equal(used, rec.len);
	assert_int_equal(ward_tls_get_info(c)->tickets, 0);
	assert_false(ward_tls_take_events(c) & WARD_TLS_EV_TICKET);
	assert_err(ward_tls_get_session(c, &session), WARD_ERR_STATE);
	ward_tls_prot_free(&wr);
	ward_buf_free(&nst);
	ward_buf_free(&rec);
	ward_buf_free(&session);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

/* A client with section 5's hellos and keys: the P-256 key is for the
 * share the HelloRetryRequest asks for (p256_priv_hex). */
static ward_tls_config *rfc_hrr_client_config(const char *p256_priv_hex)
{
	ward_buf rec, priv;
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_non_null(cfg);
	/* the messages are the records less their 5-byte headers */
	test_unhex_buf(rfc8448_hrr_client_hello_record_hex, &rec);
	ward_tls_config_set_test_client_hello(
	    cfg, ward_slice_make(rec.data + 5, rec.len - 5));
	ward_buf_free(&rec);
	test_unhex_buf(rfc8448_hrr_client_hello2_record_hex, &rec);
	ward_tls_config_set_test_retry_hello(
	    cfg, ward_slice_make(rec.data + 5, rec.len - 5));
	ward_buf_free(&rec);
	test_unhex_buf(rfc8448_hrr_client_x25519_priv_hex, &priv);
	ward_tls_config_set_test_kex_private(cfg, WARD_GROUP_X25519,
					     ward_buf_slice(&priv));
	ward_buf_free(&priv);
	test_unhex_buf(p256_priv_hex, &priv);
	ward_tls_config_set_test_kex_private(cfg, WARD_GROUP_SECP256R1,
					     ward_buf_slice(&priv));
	ward_buf_free(&priv);
	ward_tls_config_set_verify(cfg, 0); /* as in section 3 */
	return cfg;
}

/* Section 5: the HelloRetryRequest's cookie and group are taken, the
 * transcript restarts with message_hash (RFC 8446 4.4.1), P-256 gives the
 * handshake secrets, and every record the client sends is the RFC's. */
static void client_replays_hello_retry(void **state)
{
	(void)state;
	ward_tls_config *cfg =
	    rfc_hrr_client_config(rfc8448_hrr_client_secp256r1_priv_hex);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app;
	ward_buf_init(&out);
	ward_buf_init(&app);

	assert_ok(ward_tls_start(c, &out));
	assert_buf_hex(&out, rfc8448_hrr_client_hello_record_hex);
	ward_buf_clear(&out);
	assert_ok(
	    feed(c, rfc8448_hrr_hello_retry_request_record_hex, &out, &app));
	assert_buf_hex(&out, rfc8448_hrr_client_hello2_record_hex);
	ward_buf_clear(&out);

	assert_ok(feed(c, rfc8448_hrr_server_hello_record_hex, &out, &app));
	assert_int_equal(out.len, 0);
	assert_ok(feed(c, rfc8448_hrr_server_flight_record_hex, &out, &app));
	assert_true(ward_tls_handshake_done(c));
	assert_buf_hex(&out, rfc8448_hrr_client_finished_record_hex);
	ward_buf_clear(&out);

	const ward_tls_info *info = ward_tls_get_info(c);
	assert_true(info->hrr);
	assert_int_equal(info->suite, WARD_TLS_AES_128_GCM_SHA256);
	assert_int_equal(info->group, WARD_GROUP_SECP256R1);
	assert_int_equal(info->sigscheme, WARD_SIG_RSA_PSS_RSAE_SHA256);

	assert_ok(ward_tls_close(c, &out));
	assert_buf_hex(&out, rfc8448_hrr_client_alert_record_hex);
	assert_ok(feed(c, rfc8448_hrr_server_alert_record_hex, &out, &app));
	assert_true(ward_tls_take_events(c) & WARD_TLS_EV_CLOSE_NOTIFY);

	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

/* The seam holds the retry hello to the share the client computes: with
 * another P-256 key the RFC's second ClientHello is not what it would
 * send, and it is not sent. */
static void client_retry_hello_must_carry_its_share(void **state)
{
	(void)state;
	ward_tls_config *cfg =
	    rfc_hrr_client_config(rfc8448_client_x25519_priv_hex);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app;
	ward_buf_init(&out);
	ward_buf_init(&app);
	assert_ok(ward_tls_start(c, &out));
	ward_buf_clear(&out);
	assert_err(
	    feed(c, rfc8448_hrr_hello_retry_request_record_hex, &out, &app),
	    WARD_ERR_ARG);
	/* no second ClientHello: only a plaintext internal_error alert */
	assert_buf_hex(&out, "15030300020250");
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

/* One flipped bit anywhere in the server's encrypted flight. */
static void client_refuses_tampered_flight(void **state)
{
	(void)state;
	struct keylog k = {0};
	ward_tls_config *cfg = rfc_client_config(&k);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app, flight;
	ward_buf_init(&out);
	ward_buf_init(&app);
	assert_ok(ward_tls_start(c, &out));
	assert_ok(feed(c, rfc8448_server_hello_record_hex, &out, &app));
	ward_buf_clear(&out);
	test_unhex_buf(rfc8448_server_flight_record_hex, &flight);
	flight.data[100] ^= 0x40;
	size_t used;
	assert_err(ward_tls_recv(c, flight.data, flight.len, &used, &out, &app),
		   WARD_ERR_BAD_RECORD_MAC);
	assert_int_equal(ward_tls_get_info(c)->alert_sent,
			 WARD_ALERT_BAD_RECORD_MAC);
	/* the alert goes out under the handshake keys: one record */
	assert_true(out.len > 5);
	assert_int_equal(out.data[0], 0x17);
	ward_buf_free(&flight);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

/* A ServerHello that selects a suite the client never offered. */
static void client_refuses_unoffered_suite(void **state)
{
	(void)state;
	struct keylog k = {0};
	ward_tls_config *cfg = rfc_client_config(&k);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app, sh;
	ward_buf_init(&out);
	ward_buf_init(&app);
	assert_ok(ward_tls_start(c, &out));
	test_unhex_buf(rfc8448_server_hello_record_hex, &sh);
	/* record(5) + header(4) + version(2) + random(32) + sid len(1) */
	sh.data[5 + 4 + 2 + 32 + 1 + 1] = 0x99;
	size_t used;
	assert_err(ward_tls_recv(c, sh.data, sh.len, &used, &out, &app),
		   WARD_ERR_ILLEGAL_PARAMETER);
	ward_buf_free(&sh);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

/* ---- the server side ---- */

struct fixed_random {
	ward_buf bytes;
	int calls;
};

/* The server asks for randomness once: its ServerHello.random. */
static ward_err rfc_random(void *ctx, void *out, size_t len)
{
	struct fixed_random *r = ctx;
	assert_int_equal(len, r->bytes.len);
	r->calls++;
	memcpy(out, r->bytes.data, len);
	return WARD_OK;
}

static ward_tls_config *rfc_server_config(struct keylog *k,
					  struct fixed_random *r)
{
	ward_chain *chain;
	ward_pkey *key;
	ward_buf priv;
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_SERVER);
	assert_non_null(cfg);
	assert_ok(ward_chain_load_pem(rfc8448_server_cert_pem,
				      strlen(rfc8448_server_cert_pem), &chain));
	assert_ok(ward_pkey_load_pem(rfc8448_server_rsa_key_pem,
				     strlen(rfc8448_server_rsa_key_pem), &key));
	assert_ok(ward_tls_config_add_cert(cfg, chain, key));
	test_unhex_buf(rfc8448_server_random_hex, &r->bytes);
	r->calls = 0;
	ward_tls_config_set_random(cfg, rfc_random, r);
	test_unhex_buf(rfc8448_server_x25519_priv_hex, &priv);
	ward_tls_config_set_test_kex_private(cfg, WARD_GROUP_X25519,
					     ward_buf_slice(&priv));
	ward_buf_free(&priv);
	ward_tls_config_set_keylog(cfg, keep_line, k);
	return cfg;
}

static void prot_from_hex(ward_tls_prot *p, const char *key_hex,
			  const char *iv_hex, int encrypt)
{
	uint8_t key[16], iv[12];
	assert_int_equal(test_unhex(key_hex, key, sizeof key), 16);
	assert_int_equal(test_unhex(iv_hex, iv, sizeof iv), 12);
	assert_ok(ward_tls_prot_init_tls13(p, WARD_AEAD_AES_128_GCM, key, iv,
					   encrypt));
}

/* A traffic protection from the RFC's master secret and a transcript. */
static void prot_from_master(ward_tls_prot *p, const char *label,
			     const uint8_t *th, int encrypt)
{
	uint8_t master[32], secret[32], key[16], iv[12];
	test_unhex(rfc8448_master_secret_hex, master, sizeof master);
	assert_ok(ward_tls13_derive_secret(WARD_HASH_SHA256, master, label, th,
					   secret));
	assert_ok(ward_tls13_traffic_keys(
	    WARD_HASH_SHA256, WARD_AEAD_AES_128_GCM, secret, key, iv));
	assert_ok(ward_tls_prot_init_tls13(p, WARD_AEAD_AES_128_GCM, key, iv,
					   encrypt));
}

/* The first record of `out`, opened under p when protected, consumed. */
static void take_record(ward_buf *out, ward_tls_prot *p, uint8_t *type,
			ward_buf *plain)
{
	static const ward_tls_prot any = {.kind = WARD_TLS_PROT_TLS13_AEAD};
	ward_tls_record rec;
	assert_ok(ward_tls_record_parse(out->data, out->len, &any, &rec));
	if (rec.type == WARD_TLS_CT_APPLICATION_DATA)
		assert_ok(ward_tls_record_open(p, &rec));
	*type = rec.type;
	ward_buf_clear(plain);
	assert_ok(ward_put_bytes(plain, rec.body, rec.body_len));
	ward_buf_consume(out, rec.total_len);
}

static void hash_hex(ward_hash *h, const char *hex)
{
	ward_buf b;
	test_unhex_buf(hex, &b);
	assert_ok(ward_hash_update(h, b.data, b.len));
	ward_buf_free(&b);
}

/* The next handshake message of a flight: its bytes, header included. */
static ward_slice next_message(const ward_buf *flight, size_t *at)
{
	assert_true(*at + 4 <= flight->len);
	size_t len = 4 + ward_load_u24(flight->data + *at + 1);
	assert_true(*at + len <= flight->len);
	ward_slice m = ward_slice_make(flight->data + *at, len);
	*at += len;
	return m;
}

static void assert_keylog_line(const char *line, const char *label,
			       const char *secret_hex)
{
	char want[256];
	snprintf(want, sizeof want, "%s %s %s", label,
		 rfc8448_client_random_hex, secret_hex);
	assert_string_equal(line, want);
}

/* A key log line for a secret from the RFC's master secret. */
static void assert_keylog_from_master(const char *line, const char *label,
				      const char *secret_label,
				      const uint8_t *th)
{
	uint8_t master[32], secret[32];
	char hex[65];
	test_unhex(rfc8448_master_secret_hex, master, sizeof master);
	assert_ok(ward_tls13_derive_secret(WARD_HASH_SHA256, master,
					   secret_label, th, secret));
	for (size_t i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", secret[i]);
	assert_keylog_line(line, label, hex);
}

/* The RFC's ClientHello to the server; checks its answer and leaves in th
 * the transcript hash through the server's Finished. */
static void server_flight(ward_tls_conn *c, struct keylog *k, uint8_t *th)
{
	ward_buf out, app, flight, want;
	ward_tls_prot rd;
	ward_hash transcript;
	uint8_t type, hash[32], verify[32], key[32];
	ward_buf_init(&out);
	ward_buf_init(&app);
	ward_buf_init(&flight);
	assert_ok(ward_hash_init(&transcript, WARD_HASH_SHA256));

	assert_ok(feed(c, rfc8448_client_hello_record_hex, &out, &app));
	/* the ServerHello, byte for byte */
	test_unhex_buf(rfc8448_server_hello_record_hex, &want);
	assert_true(out.len > want.len);
	assert_memory_equal(out.data, want.data, want.len);
	ward_buf_consume(&out, want.len);
	ward_buf_free(&want);
	hash_hex(&transcript, rfc8448_client_hello_hex);
	hash_hex(&transcript, rfc8448_server_hello_hex);

	/* the RFC's handshake secrets: the key log has them (then the
	 * application secrets, which depend on the flight), and the flight
	 * opens under the RFC's server handshake key and IV */
	assert_int_equal(k->n, 5);
	assert_keylog_line(k->lines[0], "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
			   rfc8448_client_hs_traffic_hex);
	assert_keylog_line(k->lines[1], "SERVER_HANDSHAKE_TRAFFIC_SECRET",
			   rfc8448_server_hs_traffic_hex);
	prot_from_hex(&rd, rfc8448_server_hs_key_hex, rfc8448_server_hs_iv_hex,
		      0);
	take_record(&out, &rd, &type, &flight);
	assert_int_equal(type, WARD_TLS_CT_HANDSHAKE);
	assert_int_equal(out.len, 0); /* one record; no session id, no CCS */

	/* EncryptedExtensions: empty. The RFC's server sends
	 * supported_groups and record_size_limit, which ward does not, and
	 * acknowledges SNI "server", which ward does only for a certificate
	 * of that name (the RFC's is for "rsa") */
	size_t at = 0;
	ward_slice ee = next_message(&flight, &at);
	assert_int_equal(ee.len, 6);
	assert_memory_equal(ee.p, "\x08\x00\x00\x02\x00\x00", 6);
	assert_ok(ward_hash_update(&transcript, ee.p, ee.len));
	/* Certificate: the RFC's, byte for byte */
	ward_slice cert = next_message(&flight, &at);
	test_unhex_buf(rfc8448_certificate_hex, &want);
	assert_int_equal(cert.len, want.len);
	assert_memory_equal(cert.p, want.data, want.len);
	ward_buf_free(&want);
	assert_ok(ward_hash_update(&transcript, cert.p, cert.len));
	/* CertificateVerify: rsa_pss_rsae_sha256 by the RFC's key, over this
	 * transcript; PSS salts are random, so not the RFC's bytes */
	ward_slice cv = next_message(&flight, &at);
	assert_int_equal(cv.len, 4 + 2 + 2 + 128);
	assert_memory_equal(cv.p, "\x0f\x00\x00\x84\x08\x04\x00\x80", 8);
	static const char ctx[] = "TLS 1.3, server CertificateVerify";
	uint8_t content[64 + sizeof ctx + 32];
	memset(content, ' ', 64);
	memcpy(content + 64, ctx, sizeof ctx);
	assert_ok(ward_hash_peek(&transcript, content + 64 + sizeof ctx));
	ward_chain *chain;
	ward_pkey *pub;
	assert_ok(ward_chain_load_pem(rfc8448_server_cert_pem,
				      strlen(rfc8448_server_cert_pem), &chain));
	assert_ok(ward_chain_leaf_key(chain, &pub));
	assert_ok(ward_verify(pub, WARD_SIG_RSA_PSS_RSAE_SHA256, content,
			      sizeof content, cv.p + 8, 128));
	ward_pkey_free(pub);
	ward_chain_free(chain);
	assert_ok(ward_hash_update(&transcript, cv.p, cv.len));
	/* Finished: HMAC with the RFC's server finished_key */
	ward_slice fin = next_message(&flight, &at);
	assert_int_equal(at, flight.len);
	assert_int_equal(fin.len, 36);
	assert_memory_equal(fin.p, "\x14\x00\x00\x20", 4);
	assert_ok(ward_hash_peek(&transcript, hash));
	test_unhex(rfc8448_server_finished_key_hex, key, sizeof key);
	assert_ok(ward_hmac(WARD_HASH_SHA256, key, 32, hash, 32, verify));
	assert_memory_equal(fin.p + 4, verify, 32);
	assert_ok(ward_hash_update(&transcript, fin.p, fin.len));
	assert_ok(ward_hash_peek(&transcript, th));

	ward_hash_free(&transcript);
	ward_tls_prot_free(&rd);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_buf_free(&flight);
}

static void server_replays_simple_1rtt(void **state)
{
	(void)state;
	struct keylog k = {0};
	struct fixed_random r;
	ward_tls_config *cfg = rfc_server_config(&k, &r);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app, msg, rec, data;
	ward_tls_prot wr, rd;
	uint8_t th[32], key[32], verify[32], type;
	ward_buf_init(&out);
	ward_buf_init(&app);
	ward_buf_init(&msg);
	ward_buf_init(&rec);
	server_flight(c, &k, th);
	assert_int_equal(r.calls, 1);
	const ward_tls_info *info = ward_tls_get_info(c);
	assert_int_equal(info->suite, WARD_TLS_AES_128_GCM_SHA256);
	assert_int_equal(info->group, WARD_GROUP_X25519);
	assert_int_equal(info->sigscheme, WARD_SIG_RSA_PSS_RSAE_SHA256);
	assert_string_equal(info->server_name, "server");

	/* the client's Finished for this transcript, with the RFC's client
	 * finished_key, sealed with the RFC's client handshake key */
	test_unhex(rfc8448_client_finished_key_hex, key, sizeof key);
	assert_ok(ward_hmac(WARD_HASH_SHA256, key, 32, th, 32, verify));
	assert_ok(ward_put_bytes(&msg, "\x14\x00\x00\x20", 4));
	assert_ok(ward_put_bytes(&msg, verify, 32));
	prot_from_hex(&wr, rfc8448_client_hs_key_hex, rfc8448_client_hs_iv_hex,
		      1);
	assert_ok(ward_tls_record_seal(&wr, &rec, WARD_TLS_CT_HANDSHAKE,
				       msg.data, msg.len, 0));
	size_t used;
	assert_ok(ward_tls_recv(c, rec.data, rec.len, &used, &out, &app));
	assert_int_equal(used, rec.len);
	assert_true(ward_tls_handshake_done(c));
	/* the RFC's server sends a NewSessionTicket here; ward issues none */
	assert_int_equal(out.len, 0);
	assert_keylog_from_master(k.lines[2], "CLIENT_TRAFFIC_SECRET_0",
				  "c ap traffic", th);
	assert_keylog_from_master(k.lines[3], "SERVER_TRAFFIC_SECRET_0",
				  "s ap traffic", th);

	/* application data both ways under keys from the RFC's master secret
	 * and this transcript */
	ward_tls_prot_free(&wr);
	prot_from_master(&wr, "c ap traffic", th, 1);
	prot_from_master(&rd, "s ap traffic", th, 0);
	test_unhex_buf(rfc8448_app_data_hex, &data);
	ward_buf_clear(&rec);
	assert_ok(ward_tls_record_seal(&wr, &rec, WARD_TLS_CT_APPLICATION_DATA,
				       data.data, data.len, 0));
	assert_ok(ward_tls_recv(c, rec.data, rec.len, &used, &out, &app));
	assert_int_equal(app.len, data.len);
	assert_memory_equal(app.data, data.data, data.len);
	assert_ok(ward_tls_send(c, data.data, data.len, &out));
	take_record(&out, &rd, &type, &msg);
	assert_int_equal(type, WARD_TLS_CT_APPLICATION_DATA);
	assert_int_equal(msg.len, data.len);
	assert_memory_equal(msg.data, data.data, data.len);

	ward_buf_free(&data);
	ward_tls_prot_free(&wr);
	ward_tls_prot_free(&rd);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_buf_free(&msg);
	ward_buf_free(&rec);
	ward_buf_free(&r.bytes);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

/* The RFC's own client Finished record decrypts under the RFC's client
 * handshake key but is for the RFC's transcript, not this one: a
 * Finished that does not verify is decrypt_error (RFC 8446 4.4.4), sent
 * under the server's application key. */
static void server_refuses_the_rfc_client_finished(void **state)
{
	(void)state;
	struct keylog k = {0};
	struct fixed_random r;
	ward_tls_config *cfg = rfc_server_config(&k, &r);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf out, app, alert;
	ward_tls_prot rd;
	uint8_t th[32], type;
	ward_buf_init(&out);
	ward_buf_init(&app);
	ward_buf_init(&alert);
	server_flight(c, &k, th);
	assert_err(feed(c, rfc8448_client_finished_record_hex, &out, &app),
		   WARD_ERR_DECRYPT_ERROR);
	prot_from_master(&rd, "s ap traffic", th, 0);
	take_record(&out, &rd, &type, &alert);
	assert_int_equal(type, WARD_TLS_CT_ALERT);
	assert_int_equal(alert.len, 2);
	assert_memory_equal(alert.data, "\x02\x33", 2); /* fatal, 51 */
	assert_int_equal(out.len, 0);
	ward_tls_prot_free(&rd);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_buf_free(&alert);
	ward_buf_free(&r.bytes);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(client_replays_simple_1rtt),
	    cmocka_unit_test(client_binds_resumed_hello),
	    cmocka_unit_test(client_drops_ticket_of_lifetime_zero),
	    cmocka_unit_test(client_replays_hello_retry),
	    cmocka_unit_test(client_retry_hello_must_carry_its_share),
	    cmocka_unit_test(client_refuses_tampered_flight),
	    cmocka_unit_test(client_refuses_unoffered_suite),
	    cmocka_unit_test(server_replays_simple_1rtt),
	    cmocka_unit_test(server_refuses_the_rfc_client_finished),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

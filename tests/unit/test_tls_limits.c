/* What a peer cannot make the engine do: records that carry nothing past
 * their caps, KeyUpdate answers piling up, an AES-GCM key used past its
 * limit, ClientHello lists that cost more than one pass or are kept whole,
 * and a client that verifies a certificate for no name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_hello.h"
#include "handlers/route.h"
#include "test.h"
#include "tls/conn.h"
#include "tls_pair.h"

static void connected(struct tls_pair *p)
{
	tls_pair_configs(p, WARD_KEY_EC_P256);
	tls_pair_connect(p, "localhost");
	tls_pair_pump(p);
	assert_ok(p->c_err);
	assert_ok(p->s_err);
	assert_true(ward_tls_handshake_done(p->server));
	(void)ward_tls_take_events(p->server);
	(void)ward_tls_take_events(p->client);
}

/* What the client has queued, to the server in one call. */
static ward_err to_server(struct tls_pair *p)
{
	size_t used = 0;
	ward_err err = ward_tls_recv(p->server, p->c_out.data, p->c_out.len,
				     &used, &p->s_out, &p->s_app);
	ward_buf_consume(&p->c_out, used);
	return err;
}

static ward_err to_client(struct tls_pair *p)
{
	size_t used = 0;
	ward_err err = ward_tls_recv(p->client, p->s_out.data, p->s_out.len,
				     &used, &p->c_out, &p->c_app);
	ward_buf_consume(&p->s_out, used);
	return err;
}

/* A record of `type` under the client's current write keys. */
static void client_record(struct tls_pair *p, uint8_t type, const void *data,
			  size_t len)
{
	assert_ok(ward_tls_record_seal(&p->client->wr, &p->c_out, type, data,
				       len, 0));
}

static void empty_record(struct tls_pair *p)
{
	client_record(p, WARD_TLS_CT_APPLICATION_DATA, NULL, 0);
}

static void key_update(struct tls_pair *p)
{
	assert_ok(ward_tls_key_update(p->client, 0, &p->c_out));
}

static void user_canceled(struct tls_pair *p)
{
	static const uint8_t alert[2] = {1, WARD_ALERT_USER_CANCELED};
	client_record(p, WARD_TLS_CT_ALERT, alert, sizeof alert);
}

static void one_byte(struct tls_pair *p)
{
	assert_ok(ward_tls_send(p->client, "x", 1, &p->c_out));
	assert_ok(to_server(p));
	assert_true(ward_tls_progress(p->server));
	assert_int_equal(ward_tls_last_recv(p->server)->app_bytes, 1);
}

/* The server refused with unexpected_message, said why, and the client
 * got that alert. */
static void refused(struct tls_pair *p, ward_err err, const char *why)
{
	assert_err(err, WARD_ERR_UNEXPECTED_MESSAGE);
	const ward_tls_info *si = ward_tls_get_info(p->server);
	assert_int_equal(si->alert_sent, WARD_ALERT_UNEXPECTED_MESSAGE);
	assert_non_null(si->error);
	assert_non_null(strstr(si->error, why));
	assert_err(to_client(p), WARD_ERR_PEER_ALERT);
	assert_int_equal(ward_tls_get_info(p->client)->alert_received,
			 WARD_ALERT_UNEXPECTED_MESSAGE);
}

/* cap records of one kind pass, also after a byte of data has reset the
 * count; one more in a row is unexpected_message. */
static void capped(void (*send_one)(struct tls_pair *), unsigned cap,
		   const char *why)
{
	struct tls_pair p;
	connected(&p);
	for (int round = 0; round < 2; round++) {
		for (unsigned i = 0; i < cap; i++) {
			send_one(&p);
			assert_ok(to_server(&p));
			assert_false(ward_tls_progress(p.server));
			assert_int_equal(p.c_out.len, 0);
		}
		one_byte(&p);
	}
	for (unsigned i = 0; i < cap; i++)
		send_one(&p);
	assert_ok(to_server(&p));
	send_one(&p);
	refused(&p, to_server(&p), why);
	tls_pair_free(&p);
}

static void empty_records_are_capped(void **state)
{
	(void)state;
	capped(empty_record, WARD_TLS_MAX_EMPTY_RECORDS,
	       "more than 32 empty records in a row");
}

static void key_updates_are_capped(void **state)
{
	(void)state;
	capped(key_update, WARD_TLS_MAX_KEY_UPDATES,
	       "more than 32 KeyUpdates in a row");
}

static void warning_alerts_are_capped(void **state)
{
	(void)state;
	capped(user_canceled, WARD_TLS_MAX_WARNING_ALERTS,
	       "more than 4 warning alerts in a row");
}

/* RFC 8446 D.4: one dummy ChangeCipherSpec per side. ward's client sends
 * one before its Finished; another in front of it is refused. */
static void second_change_cipher_spec_is_refused(void **state)
{
	(void)state;
	static const uint8_t ccs[] = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	tls_pair_connect(&p, "localhost");
	assert_ok(to_server(&p));
	assert_ok(to_client(&p));
	assert_true(ward_tls_handshake_done(p.client));
	/* the client's flight starts with its one ChangeCipherSpec */
	assert_memory_equal(p.c_out.data, ccs, sizeof ccs);
	ward_buf flight;
	ward_buf_init(&flight);
	assert_ok(ward_put_bytes(&flight, ccs, sizeof ccs));
	assert_ok(ward_put_bytes(&flight, p.c_out.data, p.c_out.len));
	ward_buf_clear(&p.c_out);
	assert_ok(ward_put_bytes(&p.c_out, flight.data, flight.len));
	ward_buf_free(&flight);
	refused(&p, to_server(&p), "a second ChangeCipherSpec");
	tls_pair_free(&p);
}

/* Real progress: a whole handshake message, application bytes; not a
 * piece of a message, an empty record, a KeyUpdate, an ignored alert. */
static void progress_counts_what_carries_something(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	tls_pair_connect(&p, "localhost");
	/* the ClientHello in two records: the first holds 10 bytes of it */
	ward_buf msg, two;
	ward_buf_init(&msg);
	ward_buf_init(&two);
	assert_ok(ward_put_bytes(&msg, p.c_out.data + 5, p.c_out.len - 5));
	uint8_t head[5] = {22, 3, 1, 0, 10};
	assert_ok(ward_put_bytes(&two, head, 5));
	assert_ok(ward_put_bytes(&two, msg.data, 10));
	ward_buf_clear(&p.c_out);
	assert_ok(ward_put_bytes(&p.c_out, two.data, two.len));
	assert_ok(to_server(&p));
	assert_int_equal(p.c_out.len, 0);
	assert_false(ward_tls_progress(p.server));
	assert_int_equal(ward_tls_last_recv(p.server)->out_bytes, 0);
	ward_buf_clear(&two);
	uint8_t head2[5] = {22, 3, 3, (uint8_t)((msg.len - 10) >> 8),
			    (uint8_t)(msg.len - 10)};
	assert_ok(ward_put_bytes(&two, head2, 5));
	assert_ok(ward_put_bytes(&two, msg.data + 10, msg.len - 10));
	assert_ok(ward_put_bytes(&p.c_out, two.data, two.len));
	ward_buf_free(&msg);
	ward_buf_free(&two);
	assert_ok(to_server(&p));
	const ward_tls_recv_result *r = ward_tls_last_recv(p.server);
	assert_true(ward_tls_progress(p.server));
	assert_true(r->handshake_progress);
	assert_int_equal(r->app_bytes, 0);
	assert_true(r->out_bytes > 0);
	assert_int_equal(r->out_bytes, p.s_out.len);
	tls_pair_pump(&p);
	assert_true(ward_tls_handshake_done(p.server));
	one_byte(&p);
	empty_record(&p);
	assert_ok(to_server(&p));
	assert_false(ward_tls_progress(p.server));
	key_update(&p);
	assert_ok(to_server(&p));
	assert_false(ward_tls_progress(p.server));
	user_canceled(&p);
	assert_ok(to_server(&p));
	assert_false(ward_tls_progress(p.server));
	assert_false(ward_tls_last_recv(p.server)->handshake_progress);
	tls_pair_free(&p);
}

/* RFC 8446 4.6.3: requests received while we are silent get one answer. */
static void key_update_requests_get_one_answer(void **state)
{
	(void)state;
	struct tls_pair p;
	connected(&p);
	for (int i = 0; i < 3; i++)
		assert_ok(ward_tls_key_update(p.client, 1, &p.c_out));
	assert_ok(to_server(&p));
	const ward_tls_info *si = ward_tls_get_info(p.server);
	assert_int_equal(si->key_updates_received, 3);
	assert_int_equal(si->key_updates_sent, 1);
	/* one protected KeyUpdate: header, 5-byte message, type, tag */
	assert_int_equal(p.s_out.len, 5 + 5 + 1 + 16);
	assert_int_equal(ward_tls_last_recv(p.server)->out_bytes, p.s_out.len);
	assert_ok(to_client(&p));
	assert_true(ward_tls_take_events(p.client) & WARD_TLS_EV_KEY_UPDATE);
	assert_int_equal(ward_tls_get_info(p.client)->key_updates_received, 1);
	/* still silent: a fourth request is covered by the same answer */
	assert_ok(ward_tls_key_update(p.client, 1, &p.c_out));
	assert_ok(to_server(&p));
	assert_int_equal(si->key_updates_sent, 1);
	assert_int_equal(p.s_out.len, 0);
	/* once the server has sent under its new keys, it answers again */
	assert_ok(ward_tls_send(p.server, "a", 1, &p.s_out));
	assert_ok(ward_tls_key_update(p.client, 1, &p.c_out));
	assert_ok(to_server(&p));
	assert_int_equal(si->key_updates_sent, 2);
	tls_pair_pump(&p);
	assert_ok(p.c_err);
	assert_int_equal(p.c_app.len, 1);
	assert_ok(ward_tls_send(p.server, "bc", 2, &p.s_out));
	assert_ok(ward_tls_send(p.client, "de", 2, &p.c_out));
	tls_pair_pump(&p);
	assert_ok(p.c_err);
	assert_ok(p.s_err);
	assert_int_equal(p.c_app.len, 3);
	assert_memory_equal(p.c_app.data, "abc", 3);
	assert_int_equal(p.s_app.len, 2);
	tls_pair_free(&p);
}

/* With a limit of 10 records per key: 9 records of data, then the
 * KeyUpdate as the 10th, then data under the new key; nothing is lost. */
static void one_direction_rekeys(uint16_t suite, int from_server,
				 uint32_t want_updates)
{
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	assert_ok(ward_tls_config_set_suites(p.ccfg, &suite, 1));
	assert_ok(
	    ward_tls_config_set_key_limit(from_server ? p.scfg : p.ccfg, 10));
	tls_pair_connect(&p, "localhost");
	tls_pair_pump(&p);
	assert_ok(p.c_err);
	ward_tls_conn *tx = from_server ? p.server : p.client;
	ward_tls_conn *rx = from_server ? p.client : p.server;
	ward_buf *out = from_server ? &p.s_out : &p.c_out;
	ward_buf *got = from_server ? &p.c_app : &p.s_app;
	char sent[30];
	for (int i = 0; i < 30; i++) {
		sent[i] = (char)('A' + i);
		assert_ok(ward_tls_send(tx, &sent[i], 1, out));
		if (suite != WARD_TLS_CHACHA20_POLY1305_SHA256)
			assert_true(tx->wr.seq < 10);
		/* the KeyUpdate before the 10th, 19th, 28th record */
		assert_int_equal(ward_tls_get_info(tx)->key_updates_sent,
				 want_updates ? (uint32_t)i / 9 : 0);
		tls_pair_pump(&p);
		assert_ok(p.c_err);
		assert_ok(p.s_err);
	}
	assert_int_equal(ward_tls_get_info(tx)->key_updates_sent, want_updates);
	assert_int_equal(ward_tls_get_info(rx)->key_updates_received,
			 want_updates);
	assert_int_equal(got->len, 30);
	assert_memory_equal(got->data, sent, 30);
	/* the other direction kept its default limit */
	assert_int_equal(ward_tls_get_info(rx)->key_updates_sent, 0);
	tls_pair_free(&p);
}

static void aes_gcm_rekeys_before_its_limit(void **state)
{
	(void)state;
	one_direction_rekeys(WARD_TLS_AES_128_GCM_SHA256, 0, 3);
	one_direction_rekeys(WARD_TLS_AES_256_GCM_SHA384, 0, 3);
	one_direction_rekeys(WARD_TLS_AES_128_GCM_SHA256, 1, 3);
	/* ChaCha20-Poly1305 has no such limit */
	one_direction_rekeys(WARD_TLS_CHACHA20_POLY1305_SHA256, 0, 0);
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_err(ward_tls_config_set_key_limit(cfg, 1), WARD_ERR_ARG);
	assert_err(ward_tls_config_set_key_limit(
		       cfg, WARD_TLS_AES_GCM_RECORD_LIMIT + 1),
		   WARD_ERR_ARG);
	assert_ok(ward_tls_config_set_key_limit(cfg, 0));
	ward_tls_config_free(cfg);
}

/* A server engine fed a hand-built ClientHello. */
static ward_err serve_hello(struct tls_pair *p, const struct test_hello *h)
{
	ward_buf msg, records;
	size_t used = 0;
	test_hello_message(h, &msg);
	test_hello_records(&msg, &records);
	p->server = ward_tls_conn_new(p->scfg);
	assert_non_null(p->server);
	ward_err err = ward_tls_recv(p->server, records.data, records.len,
				     &used, &p->s_out, &p->s_app);
	if (err == WARD_OK)
		assert_int_equal(used, records.len);
	ward_buf_free(&msg);
	ward_buf_free(&records);
	return err;
}

static int server_hello_sent(const struct tls_pair *p, int hrr)
{
	/* a handshake record holding a ServerHello, HelloRetryRequest or not */
	return p->s_out.len > 5 + 38 && p->s_out.data[0] == 22 &&
	       p->s_out.data[5] == 2 &&
	       (memcmp(p->s_out.data + 11, ward_hrr_random, 32) == 0) == hrr;
}

/* The ClientHello: 16,000 groups and 6,400 shares; accepted in
 * one pass over each list, and only a summary of the lists is kept. */
static void long_client_hello_lists(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	struct test_hello h = {.extra_groups = 16000,
			       .extra_shares = 6400,
			       .extra_suites = 200,
			       .alpn_names = 300,
			       .sni = "localhost"};
	assert_ok(serve_hello(&p, &h));
	assert_true(server_hello_sent(&p, 0));
	const ward_tls_info *si = ward_tls_get_info(p.server);
	assert_int_equal(si->group, WARD_GROUP_X25519);
	assert_int_equal(si->offered_groups.len, 2 * WARD_TLS_OFFERED_MAX);
	assert_int_equal(si->more_groups, 16002 - WARD_TLS_OFFERED_MAX);
	assert_int_equal(ward_load_u16(si->offered_groups.p), 0x6000);
	assert_int_equal(si->more_suites, 203 - WARD_TLS_OFFERED_MAX);
	assert_int_equal(si->offered_sigschemes.len, 6);
	assert_int_equal(si->more_sigschemes, 0);
	/* ALPN: whole names while 128 bytes last: "p0".."p9" take 3 bytes
	 * each, "p10" on 4 each: 24 of those fit (30 + 96 = 126) */
	assert_int_equal(si->offered_alpn.len, 30 + 4 * 24);
	assert_int_equal(si->more_alpn, 301 - 10 - 24);
	assert_string_equal(si->alpn, "");

	/* the connection page: the kept entries and "and K more" */
	ward_request_ctx ctx;
	ward_response resp;
	memset(&ctx, 0, sizeof ctx);
	ctx.tls = si;
	ward_response_init(&resp);
	assert_ok(ward_info_connection(&ctx, &resp));
	assert_int_equal(resp.status, 200);
	assert_true(ward_response_body_len(&resp) < 4096);
	char *body = strndup((const char *)resp.mem.data, resp.mem.len);
	assert_non_null(body);
	assert_non_null(strstr(body, "\"0x601f\",\"and 15970 more\"],"));
	assert_non_null(strstr(body, "\"and 171 more\"],\"groups\""));
	assert_non_null(strstr(body, "\"p33\",\"and 267 more\"]},"
				     "\"client_certificate\":null}"));
	free(body);
	ward_response_free(&resp);
	tls_pair_free(&p);
}

/* RFC 8446 4.2.8: no two shares for one group, whichever group. */
static void duplicate_share_for_any_group(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	struct test_hello h = {
	    .extra_groups = 4, .extra_shares = 2, .dup_share = 1};
	assert_err(serve_hello(&p, &h), WARD_ERR_ILLEGAL_PARAMETER);
	assert_int_equal(ward_tls_get_info(p.server)->alert_sent,
			 WARD_ALERT_ILLEGAL_PARAMETER);
	assert_non_null(strstr(ward_tls_get_info(p.server)->error,
			       "second key share for group 0x6000"));
	tls_pair_free(&p);
}

/* RFC 8446 D.5: legacy_version 0x0300 or lower is protocol_version even
 * though supported_versions offers TLS 1.3; above it, the value is not
 * looked at (4.2.1) and the handshake goes on. The alert is read from the
 * wire: one plaintext fatal protocol_version. */
static void client_hello_legacy_version(void **state)
{
	(void)state;
	static const uint16_t refused[] = {0x0300, 0x02ff, 0x0200,
					   0x0100, 0x0002, 0x0000};
	static const uint16_t taken[] = {0x0301, 0x0302, 0x0303, 0x0304,
					 0x03ff, 0x0400, 0xffff};
	static const uint8_t alert[] = {21, 3, 3, 0, 2, 2, 70};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		struct tls_pair p;
		tls_pair_configs(&p, WARD_KEY_EC_P256);
		struct test_hello h = {.set_legacy_version = 1,
				       .legacy_version = refused[i]};
		print_message("legacy_version 0x%04x\n", refused[i]);
		assert_err(serve_hello(&p, &h), WARD_ERR_PROTOCOL_VERSION);
		assert_int_equal(p.s_out.len, sizeof alert);
		assert_memory_equal(p.s_out.data, alert, sizeof alert);
		tls_pair_free(&p);
	}
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		struct tls_pair p;
		tls_pair_configs(&p, WARD_KEY_EC_P256);
		struct test_hello h = {.set_legacy_version = 1,
				       .legacy_version = taken[i]};
		print_message("legacy_version 0x%04x\n", taken[i]);
		assert_ok(serve_hello(&p, &h));
		assert_true(server_hello_sent(&p, 0));
		tls_pair_free(&p);
	}
}

/* A share after the first WARD_TLS_MAX_KEY_SHARES is as if not sent. */
static void shares_beyond_the_cap_are_ignored(void **state)
{
	(void)state;
	for (size_t before = WARD_TLS_MAX_KEY_SHARES - 1;
	     before <= WARD_TLS_MAX_KEY_SHARES; before++) {
		struct tls_pair p;
		tls_pair_configs(&p, WARD_KEY_EC_P256);
		struct test_hello h = {.extra_groups = 20,
				       .extra_shares = before,
				       .share_last = 1};
		assert_ok(serve_hello(&p, &h));
		int hrr = before == WARD_TLS_MAX_KEY_SHARES;
		assert_true(server_hello_sent(&p, hrr));
		assert_int_equal(ward_tls_get_info(p.server)->hrr, hrr);
		tls_pair_free(&p);
	}
}

/* RFC 8446 4.2: a duplicate extension is illegal_parameter, also an
 * unknown one after many other unknown ones. */
static void duplicate_unknown_extension_after_many(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	struct test_hello h = {.extra_exts = 40};
	assert_ok(serve_hello(&p, &h));
	assert_true(server_hello_sent(&p, 0));
	ward_tls_conn_free(p.server);
	p.server = NULL;
	ward_buf_clear(&p.s_out);
	h.dup_ext = 1;
	assert_err(serve_hello(&p, &h), WARD_ERR_ILLEGAL_PARAMETER);
	assert_int_equal(ward_tls_get_info(p.server)->alert_sent,
			 WARD_ALERT_ILLEGAL_PARAMETER);
	tls_pair_free(&p);
}

/* Section 6 of the issue: verification on and no name is refused. */
static void verifying_client_needs_a_name(void **state)
{
	(void)state;
	struct tls_pair p;
	tls_pair_configs(&p, WARD_KEY_EC_P256);
	p.client = ward_tls_conn_new(p.ccfg);
	assert_err(ward_tls_set_hostname(p.client, ""), WARD_ERR_ARG);
	assert_err(ward_tls_start(p.client, &p.c_out), WARD_ERR_ARG);
	assert_int_equal(p.c_out.len, 0);
	assert_non_null(strstr(ward_tls_get_info(p.client)->error,
			       "no host name to check the server's "
			       "certificate against"));
	ward_tls_conn_free(p.client);

	/* said explicitly: the chain is checked, no name; the name given
	 * anyway is sent as SNI */
	for (int named = 0; named < 2; named++) {
		p.client = ward_tls_conn_new(p.ccfg);
		p.server = ward_tls_conn_new(p.scfg);
		assert_ok(ward_tls_set_verify_name_none(p.client));
		if (named)
			assert_ok(
			    ward_tls_set_hostname(p.client, "other.example"));
		assert_ok(ward_tls_start(p.client, &p.c_out));
		tls_pair_pump(&p);
		assert_ok(p.c_err);
		assert_ok(p.s_err);
		assert_true(ward_tls_handshake_done(p.client));
		assert_string_equal(ward_tls_get_info(p.server)->server_name,
				    named ? "other.example" : "");
		ward_tls_conn_free(p.client);
		ward_tls_conn_free(p.server);
	}
	/* a root that did not sign the chain still fails */
	struct ward_ca_test_chain other;
	ward_trust *trust;
	assert_ok(
	    ward_ca_make_test_chain(WARD_KEY_EC_P256, "localhost", 0, &other));
	FILE *f = fopen(p.ca_path, "wb");
	assert_non_null(f);
	fwrite(other.ca_pem.data, 1, other.ca_pem.len, f);
	fclose(f);
	ward_ca_test_chain_free(&other);
	assert_ok(ward_trust_load(p.ca_path, &trust, NULL, 0));
	ward_tls_config_set_trust(p.ccfg, trust);
	p.client = ward_tls_conn_new(p.ccfg);
	p.server = ward_tls_conn_new(p.scfg);
	assert_ok(ward_tls_set_verify_name_none(p.client));
	assert_ok(ward_tls_start(p.client, &p.c_out));
	tls_pair_pump(&p);
	assert_err(p.c_err, WARD_ERR_UNKNOWN_CA);
	ward_tls_conn_free(p.client);
	ward_tls_conn_free(p.server);
	p.c_err = p.s_err = WARD_OK;

	/* verification off: no name needed */
	ward_tls_config_set_verify(p.ccfg, 0);
	p.client = ward_tls_conn_new(p.ccfg);
	p.server = NULL;
	assert_ok(ward_tls_start(p.client, &p.c_out));
	tls_pair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(empty_records_are_capped),
	    cmocka_unit_test(key_updates_are_capped),
	    cmocka_unit_test(warning_alerts_are_capped),
	    cmocka_unit_test(second_change_cipher_spec_is_refused),
	    cmocka_unit_test(progress_counts_what_carries_something),
	    cmocka_unit_test(key_update_requests_get_one_answer),
	    cmocka_unit_test(aes_gcm_rekeys_before_its_limit),
	    cmocka_unit_test(long_client_hello_lists),
	    cmocka_unit_test(duplicate_share_for_any_group),
	    cmocka_unit_test(client_hello_legacy_version),
	    cmocka_unit_test(shares_beyond_the_cap_are_ignored),
	    cmocka_unit_test(duplicate_unknown_extension_after_many),
	    cmocka_unit_test(verifying_client_needs_a_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* RFC 8448 section 3 through the client engine: given the RFC's
 * ClientHello and X25519 key, the RFC's server flight must verify and the
 * client must answer with the RFC's records byte for byte. */
#include <stdio.h>
#include <stdlib.h>

#include "rfc8448.h"
#include "test.h"
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
		n += snprintf(want + n, sizeof want - (size_t)n, "%02x", cr.data[i]);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(client_replays_simple_1rtt),
		cmocka_unit_test(client_refuses_tampered_flight),
		cmocka_unit_test(client_refuses_unoffered_suite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

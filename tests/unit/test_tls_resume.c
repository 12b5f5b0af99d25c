/* TLS 1.3 resumption, engine against engine in memory: tickets after a
 * full handshake, the resumed handshake (no Certificate), and each reason
 * a ticket is not taken (a full handshake, never an alert) or the
 * handshake fails (a wrong binder: decrypt_error; pre_shared_key not last,
 * an identity that was not offered: illegal_parameter). */
#include <stdio.h>
#include <time.h>

#include "client_hello.h"
#include "test.h"
#include "tls/conn.h" /* tickets_due */
#include "tls/handshake.h"
#include "tls/keysched.h"
#include "tls/ticket.h"
#include "tls_pair.h"

/* the clocks start now: the test certificates are fresh */
static time_t T0, server_now, client_now;
static time_t server_clock(void *ctx)
{
	(void)ctx;
	return server_now;
}
static time_t client_clock(void *ctx)
{
	(void)ctx;
	return client_now;
}

struct rt {
	struct tls_pair p;
	ward_ticket_keys keys;
	ward_buf session;
};

static void setup(struct rt *t)
{
	server_now = client_now = T0 = time(NULL);
	tls_pair_configs(&t->p, WARD_KEY_EC_P256);
	ward_ticket_keys_init(&t->keys);
	assert_ok(ward_ticket_keys_rotate(&t->keys, WARD_AEAD_AES_256_GCM, T0,
					  T0 + 30 * 86400));
	ward_tls_config_set_ticket_keys(t->p.scfg, &t->keys);
	ward_tls_config_set_time(t->p.scfg, server_clock, NULL);
	ward_tls_config_set_time(t->p.ccfg, client_clock, NULL);
	ward_buf_init_secret(&t->session);
}

static void teardown(struct rt *t)
{
	tls_pair_free(&t->p);
	ward_ticket_keys_wipe(&t->keys);
	ward_buf_free(&t->session);
}

/* Connections to `host`, the client offering `session` (if any); the
 * ClientHello is left in c_out. */
static void start_to(struct rt *t, const char *host, const ward_buf *session,
		     int name_none)
{
	struct tls_pair *p = &t->p;
	p->client = ward_tls_conn_new(p->ccfg);
	p->server = ward_tls_conn_new(p->scfg);
	assert_non_null(p->client);
	assert_non_null(p->server);
	assert_ok(ward_tls_set_hostname(p->client, host));
	if (name_none)
		assert_ok(ward_tls_set_verify_name_none(p->client));
	if (session)
		assert_ok(ward_tls_set_session(p->client, session->data,
					       session->len));
	assert_ok(ward_tls_start(p->client, &p->c_out));
}

static void start(struct rt *t, const char *host, const ward_buf *session)
{
	start_to(t, host, session, 0);
}

/* Whether the ClientHello in c_out offers a PSK. */
static int offers_psk(const struct tls_pair *p)
{
	ward_tls_client_hello ch;
	assert_ok(ward_client_hello_parse(
	    ward_slice_make(p->c_out.data + 9, p->c_out.len - 9), &ch));
	return ward_exts_has(&ch.ext, WARD_EXT_PRE_SHARED_KEY);
}

/* A full handshake; its last ticket becomes t->session. */
static void first_handshake(struct rt *t)
{
	struct tls_pair *p = &t->p;
	start(t, "localhost", NULL);
	tls_pair_pump(p);
	tls_pair_assert_done(p);
	const ward_tls_info *ci = ward_tls_get_info(p->client);
	assert_false(ci->resumed);
	assert_false(ward_tls_get_info(p->server)->resumed);
	assert_int_equal(ci->tickets, 2);
	assert_true(ward_tls_take_events(p->client) & WARD_TLS_EV_TICKET);
	ward_buf_clear(&t->session);
	assert_ok(ward_tls_get_session(p->client, &t->session));
	assert_int_equal(t->session.data[0], 0x13);
	tls_pair_drop(p);
}

static void assert_resumed(struct tls_pair *p, uint16_t suite)
{
	tls_pair_assert_done(p);
	const ward_tls_info *ci = ward_tls_get_info(p->client);
	const ward_tls_info *si = ward_tls_get_info(p->server);
	assert_true(ci->resumed);
	assert_true(si->resumed);
	assert_int_equal(ci->suite, suite);
	assert_int_equal(si->suite, suite);
	/* no Certificate, no CertificateVerify */
	assert_int_equal(ci->peer_chain_len, 0);
	assert_int_equal(ci->sigscheme, 0);
	assert_int_equal(si->sigscheme, 0);
	assert_ok(ward_tls_send(p->client, "ping", 4, &p->c_out));
	tls_pair_pump(p);
	assert_int_equal(p->s_app.len, 4);
}

static void assert_full(struct tls_pair *p)
{
	tls_pair_assert_done(p);
	const ward_tls_info *ci = ward_tls_get_info(p->client);
	assert_false(ci->resumed);
	assert_false(ward_tls_get_info(p->server)->resumed);
	assert_int_equal(ci->peer_chain_len, 1);
	assert_int_equal(ci->alert_received, 255);
}

static void resumes_every_suite(void **state)
{
	(void)state;
	static const uint16_t suites[] = {WARD_TLS_AES_128_GCM_SHA256,
					  WARD_TLS_AES_256_GCM_SHA384,
					  WARD_TLS_CHACHA20_POLY1305_SHA256};
	for (size_t i = 0; i < 3; i++) {
		struct rt t;
		setup(&t);
		assert_ok(ward_tls_config_set_suites(t.p.ccfg, &suites[i], 1));
		first_handshake(&t);
		client_now += 5;
		server_now += 5;
		start(&t, "localhost", &t.session);
		assert_true(offers_psk(&t.p));
		tls_pair_pump(&t.p);
		assert_resumed(&t.p, suites[i]);
		const ward_tls_info *ci = ward_tls_get_info(t.p.client);
		assert_int_equal(ci->group, WARD_GROUP_X25519);
		/* a resumed connection gets tickets too */
		assert_int_equal(ci->tickets, 2);
		tls_pair_drop(&t.p);
		teardown(&t);
	}
}

/* The ticket of a SHA-256 suite resumes with another SHA-256 suite the
 * server prefers, not with a SHA-384 one. */
static void resumes_with_a_suite_of_the_tickets_hash(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	static const uint16_t chacha = WARD_TLS_CHACHA20_POLY1305_SHA256;
	assert_ok(ward_tls_config_set_suites(t.p.ccfg, &chacha, 1));
	first_handshake(&t);
	static const uint16_t both[] = {WARD_TLS_AES_256_GCM_SHA384,
					WARD_TLS_CHACHA20_POLY1305_SHA256,
					WARD_TLS_AES_128_GCM_SHA256};
	assert_ok(ward_tls_config_set_suites(t.p.ccfg, both, 3));
	assert_ok(ward_tls_config_set_suites(t.p.scfg, both, 3));
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_resumed(&t.p, WARD_TLS_CHACHA20_POLY1305_SHA256);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void resumes_after_hello_retry(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	static const uint16_t p256 = WARD_GROUP_SECP256R1;
	assert_ok(ward_tls_config_set_groups(t.p.scfg, &p256, 1));
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_resumed(&t.p, WARD_TLS_AES_128_GCM_SHA256);
	assert_true(ward_tls_get_info(t.p.client)->hrr);
	assert_int_equal(ward_tls_get_info(t.p.client)->group, p256);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* Expired on the server's clock (the client's still offers it): a full
 * handshake. */
static void expired_ticket_gets_full_handshake(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	assert_ok(ward_tls_config_set_session_lifetime(t.p.scfg, 10));
	first_handshake(&t);
	client_now += 8;
	server_now += 12;
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_full(&t.p);
	tls_pair_drop(&t.p);
	/* within its lifetime it resumes */
	server_now = client_now = T0 + 9;
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_resumed(&t.p, WARD_TLS_AES_128_GCM_SHA256);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* The age the client claims and the server's differ by more than the
 * window (RFC 8446 8.3). */
static void ticket_age_outside_window_gets_full_handshake(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	server_now += WARD_TLS_TICKET_AGE_WINDOW + 2;
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_full(&t.p);
	tls_pair_drop(&t.p);
	server_now = client_now + WARD_TLS_TICKET_AGE_WINDOW;
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_resumed(&t.p, WARD_TLS_AES_128_GCM_SHA256);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* In the blob: u8 0x13, u16 suite, psk<1>, ticket<2>, ... */
#define BLOB_PSK 4
static size_t blob_ticket_at(const ward_buf *s)
{
	return 3 + 1 + s->data[3] + 2;
}

static void tampered_ticket_gets_full_handshake(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	t.session.data[blob_ticket_at(&t.session) + 20] ^= 1;
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_full(&t.p);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* A ticket that opens but holds another kind of state (a TLS 1.2
 * session's, first byte 0x12, sealed with the same keys): a full
 * handshake. */
static void ticket_of_another_kind_gets_full_handshake(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	ward_buf *s = &t.session, blob, ticket;
	uint8_t st[64] = {0x12, 0x03, 0x03}, iv[12] = {0};
	ward_buf_init(&ticket);
	assert_ok(ward_ticket_seal(&t.keys, T0, iv, st, sizeof st, &ticket));
	/* the blob with that ticket in place of the server's */
	size_t at = blob_ticket_at(s) - 2;
	size_t old = (size_t)s->data[at] << 8 | s->data[at + 1];
	ward_buf_init_secret(&blob);
	assert_ok(ward_put_bytes(&blob, s->data, at));
	assert_ok(ward_put_vec(&blob, 2, ticket.data, ticket.len));
	assert_ok(ward_put_bytes(&blob, s->data + at + 2 + old,
				 s->len - at - 2 - old));
	start(&t, "localhost", &blob);
	assert_true(offers_psk(&t.p));
	tls_pair_pump(&t.p);
	assert_full(&t.p);
	tls_pair_drop(&t.p);
	ward_buf_free(&blob);
	ward_buf_free(&ticket);
	teardown(&t);
}

/* A ticket from keys the server no longer has: a full handshake. */
static void ticket_of_unknown_key_gets_full_handshake(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	ward_ticket_keys_init(&t.keys);
	assert_ok(ward_ticket_keys_rotate(&t.keys, WARD_AEAD_AES_256_GCM, T0,
					  T0 + 86400));
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_full(&t.p);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* A ticket for another name: a full handshake. The client would not
 * offer it, so the name in its blob is changed too. */
static void ticket_for_another_name_gets_full_handshake(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	ward_buf *s = &t.session;
	/* sni<1> is the second to last field: "localhost" */
	uint8_t *sni = memmem(s->data, s->len, "\x09localhost", 10);
	assert_non_null(sni);
	sni[9] = 'x';
	/* the certificate is for localhost: its chain is checked, no name */
	start_to(&t, "localhosx", &t.session, 1);
	assert_true(offers_psk(&t.p));
	tls_pair_pump(&t.p);
	assert_full(&t.p);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void wrong_binder_is_decrypt_error(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	/* the client's binder from a PSK that is not the ticket's */
	t.session.data[BLOB_PSK] ^= 1;
	start(&t, "localhost", &t.session);
	tls_pair_pump(&t.p);
	assert_err(t.p.s_err, WARD_ERR_DECRYPT_ERROR);
	assert_int_equal(ward_tls_get_info(t.p.server)->alert_sent,
			 WARD_ALERT_DECRYPT_ERROR);
	assert_int_equal(ward_tls_get_info(t.p.client)->alert_received,
			 WARD_ALERT_DECRYPT_ERROR);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* The offset of the extensions block's length in a ClientHello record. */
static size_t hello_exts_at(const uint8_t *rec)
{
	size_t at = 5 + 4 + 2 + 32;
	at += 1 + rec[at];
	at += 2 + ((size_t)rec[at] << 8 | rec[at + 1]);
	at += 1 + rec[at];
	return at;
}

static void grow16(uint8_t *p, size_t by)
{
	size_t v = ((size_t)p[0] << 8 | p[1]) + by;
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void pre_shared_key_not_last_is_illegal_parameter(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	start(&t, "localhost", &t.session);
	ward_buf *o = &t.p.c_out;
	/* an empty unknown extension after pre_shared_key */
	assert_ok(ward_put_bytes(o, "\xfa\xfa\x00\x00", 4));
	grow16(o->data + 3, 4);
	assert_int_equal(o->data[5], 1);
	grow16(o->data + 7, 4); /* the handshake length's low bytes */
	grow16(o->data + hello_exts_at(o->data), 4);
	tls_pair_pump(&t.p);
	assert_err(t.p.s_err, WARD_ERR_ILLEGAL_PARAMETER);
	assert_int_equal(ward_tls_get_info(t.p.client)->alert_received,
			 WARD_ALERT_ILLEGAL_PARAMETER);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* Rewrite the client's psk_key_exchange_modes to psk_ke only and bind
 * the ClientHello again with the session's PSK. */
static void offer_psk_ke_only(struct rt *t)
{
	ward_buf *o = &t->p.c_out;
	uint8_t *modes = memmem(o->data, o->len, "\x00\x2d\x00\x02\x01\x01", 6);
	assert_non_null(modes);
	modes[5] = 0;
	const uint8_t *psk = t->session.data + BLOB_PSK;
	size_t hlen = t->session.data[3];
	uint8_t key[WARD_HASH_MAX], th[WARD_HASH_MAX];
	ward_tls13_schedule s;
	assert_ok(ward_tls13_schedule_init(&s, WARD_HASH_SHA256, psk, hlen));
	assert_ok(ward_tls13_binder_key(&s, key));
	assert_ok(ward_hash_oneshot(WARD_HASH_SHA256, o->data + 5,
				    o->len - 5 - (3 + hlen), th));
	assert_ok(ward_tls13_finished(WARD_HASH_SHA256, key, th,
				      o->data + o->len - hlen));
	ward_tls13_schedule_wipe(&s);
}

/* The ClientHello in c_out to the server alone; its ServerHello. */
static void server_hello_for(struct rt *t, ward_tls_server_hello *sh)
{
	size_t used = 0;
	assert_ok(ward_tls_recv(t->p.server, t->p.c_out.data, t->p.c_out.len,
				&used, &t->p.s_out, &t->p.s_app));
	assert_int_equal(used, t->p.c_out.len);
	const uint8_t *rec = t->p.s_out.data;
	assert_int_equal(rec[0], 22);
	assert_int_equal(rec[5], WARD_HS_SERVER_HELLO);
	size_t len = (size_t)rec[6] << 16 | (size_t)rec[7] << 8 | rec[8];
	assert_ok(ward_server_hello_parse(ward_slice_make(rec + 9, len), sh));
}

/* The server alone: the client engine offers psk_dhe_ke only, so its
 * ClientHello is rewritten (and bound again). */
static void psk_ke_only_when_enabled(void **state)
{
	(void)state;
	struct rt t;
	ward_tls_server_hello sh;
	setup(&t);
	first_handshake(&t);
	/* refused by default: a full handshake, no alert */
	start(&t, "localhost", &t.session);
	offer_psk_ke_only(&t);
	server_hello_for(&t, &sh);
	assert_false(ward_exts_has(&sh.ext, WARD_EXT_PRE_SHARED_KEY));
	assert_true(ward_exts_has(&sh.ext, WARD_EXT_KEY_SHARE));
	assert_false(ward_tls_get_info(t.p.server)->resumed);
	assert_int_equal(ward_tls_get_info(t.p.server)->alert_sent, 255);
	tls_pair_drop(&t.p);

	/* enabled: resumed without (EC)DHE, no key_share */
	ward_tls_config_set_psk_ke(t.p.scfg, 1);
	start(&t, "localhost", &t.session);
	offer_psk_ke_only(&t);
	server_hello_for(&t, &sh);
	assert_true(ward_exts_has(&sh.ext, WARD_EXT_PRE_SHARED_KEY));
	assert_int_equal(sh.psk_identity, 0);
	assert_false(ward_exts_has(&sh.ext, WARD_EXT_KEY_SHARE));
	assert_true(ward_tls_get_info(t.p.server)->resumed);
	assert_int_equal(ward_tls_get_info(t.p.server)->group, 0);
	tls_pair_drop(&t.p);

	/* the client's own offer, psk_dhe_ke, with psk_ke enabled too */
	start(&t, "localhost", &t.session);
	server_hello_for(&t, &sh);
	assert_true(ward_exts_has(&sh.ext, WARD_EXT_PRE_SHARED_KEY));
	assert_true(ward_exts_has(&sh.ext, WARD_EXT_KEY_SHARE));
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* RFC 8446 4.2.11: a selected identity beyond those offered is
 * illegal_parameter. */
static void unoffered_identity_is_illegal_parameter(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	start(&t, "localhost", &t.session);
	/* the ClientHello to the server, its ServerHello back, changed */
	size_t used = 0;
	assert_ok(ward_tls_recv(t.p.server, t.p.c_out.data, t.p.c_out.len,
				&used, &t.p.s_out, &t.p.s_app));
	ward_buf_clear(&t.p.c_out);
	uint8_t *psk = memmem(t.p.s_out.data, t.p.s_out.len,
			      "\x00\x29\x00\x02\x00\x00", 6);
	assert_non_null(psk);
	psk[5] = 1;
	used = 0;
	assert_err(ward_tls_recv(t.p.client, t.p.s_out.data, t.p.s_out.len,
				 &used, &t.p.c_out, &t.p.c_app),
		   WARD_ERR_ILLEGAL_PARAMETER);
	assert_int_equal(ward_tls_get_info(t.p.client)->alert_sent,
			 WARD_ALERT_ILLEGAL_PARAMETER);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void no_tickets_without_keys_or_when_off(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	assert_ok(ward_tls_config_set_tickets(t.p.scfg, 0));
	start(&t, "localhost", NULL);
	tls_pair_pump(&t.p);
	tls_pair_assert_done(&t.p);
	assert_int_equal(ward_tls_get_info(t.p.client)->tickets, 0);
	ward_buf b;
	ward_buf_init(&b);
	assert_err(ward_tls_get_session(t.p.client, &b), WARD_ERR_STATE);
	tls_pair_drop(&t.p);

	assert_ok(ward_tls_config_set_tickets(t.p.scfg, 1));
	ward_tls_config_set_ticket_keys(t.p.scfg, NULL);
	start(&t, "localhost", NULL);
	tls_pair_pump(&t.p);
	tls_pair_assert_done(&t.p);
	assert_int_equal(ward_tls_get_info(t.p.client)->tickets, 0);
	tls_pair_drop(&t.p);

	assert_err(
	    ward_tls_config_set_tickets(t.p.scfg, WARD_TLS_MAX_TICKETS + 1),
	    WARD_ERR_ARG);
	assert_err(ward_tls_config_set_session_lifetime(t.p.scfg, 604801),
		   WARD_ERR_ARG);
	assert_err(ward_tls_config_set_session_lifetime(t.p.scfg, 0),
		   WARD_ERR_ARG);
	ward_buf_free(&b);
	teardown(&t);
}

/* RFC 8446 4.2.9: no psk_key_exchange_modes, no ticket (and nothing read
 * from the absent list: a fuzzer's find). */
static void hello_without_psk_modes_gets_no_ticket(void **state)
{
	(void)state;
	struct rt t;
	struct test_hello h = {.sni = "localhost"};
	ward_buf msg, recs;
	ward_tls_server_hello sh;
	setup(&t);
	t.p.server = ward_tls_conn_new(t.p.scfg);
	test_hello_message(&h, &msg);
	test_hello_records(&msg, &recs);
	ward_buf_clear(&t.p.c_out);
	assert_ok(ward_put_bytes(&t.p.c_out, recs.data, recs.len));
	server_hello_for(&t, &sh);
	assert_false(ward_exts_has(&sh.ext, WARD_EXT_PRE_SHARED_KEY));
	assert_int_equal(t.p.server->tickets_due, 0);
	ward_buf_free(&msg);
	ward_buf_free(&recs);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void session_blobs_are_checked(void **state)
{
	(void)state;
	struct rt t;
	setup(&t);
	first_handshake(&t);
	ward_tls_conn *c = ward_tls_conn_new(t.p.ccfg);
	ward_buf *s = &t.session;
	assert_err(ward_tls_set_session(c, s->data, s->len - 1), WARD_ERR_ARG);
	assert_err(ward_tls_set_session(c, s->data, 0), WARD_ERR_ARG);
	s->data[0] = 0x14;
	assert_err(ward_tls_set_session(c, s->data, s->len), WARD_ERR_ARG);
	s->data[0] = 0x13;
	assert_ok(ward_tls_set_session(c, s->data, s->len));
	ward_tls_conn_free(c);

	/* expired on the client's clock: not offered at all */
	client_now += 3600;
	server_now += 3600;
	start(&t, "localhost", &t.session);
	assert_false(offers_psk(&t.p));
	tls_pair_pump(&t.p);
	assert_full(&t.p);
	tls_pair_drop(&t.p);
	teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(resumes_every_suite),
	    cmocka_unit_test(resumes_with_a_suite_of_the_tickets_hash),
	    cmocka_unit_test(resumes_after_hello_retry),
	    cmocka_unit_test(expired_ticket_gets_full_handshake),
	    cmocka_unit_test(ticket_age_outside_window_gets_full_handshake),
	    cmocka_unit_test(tampered_ticket_gets_full_handshake),
	    cmocka_unit_test(ticket_of_unknown_key_gets_full_handshake),
	    cmocka_unit_test(ticket_of_another_kind_gets_full_handshake),
	    cmocka_unit_test(ticket_for_another_name_gets_full_handshake),
	    cmocka_unit_test(wrong_binder_is_decrypt_error),
	    cmocka_unit_test(pre_shared_key_not_last_is_illegal_parameter),
	    cmocka_unit_test(psk_ke_only_when_enabled),
	    cmocka_unit_test(unoffered_identity_is_illegal_parameter),
	    cmocka_unit_test(no_tickets_without_keys_or_when_off),
	    cmocka_unit_test(hello_without_psk_modes_gets_no_ticket),
	    cmocka_unit_test(session_blobs_are_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

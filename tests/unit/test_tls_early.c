/* TLS 1.3 0-RTT early data, engine against engine in memory: accepted
 * (the bytes arrive before the handshake is done and are counted as
 * early), each reason it is declined (the replay check says SEEN or
 * UNAVAILABLE, no replay check, a ticket without early data, another
 * ALPN protocol, a HelloRetryRequest) with the 1-RTT handshake going on
 * and the early records skipped, a replayed first flight refused its
 * early data, and the alerts: too much early data and EndOfEarlyData or
 * early data where they do not belong are unexpected_message. */
#include <stdio.h>
#include <time.h>

#include "rfc8448.h"
#include "rfc8448_resume.h"
#include "test.h"
#include "tls/conn.h" /* the client's handshake key, to forge records */
#include "tls/handshake.h"
#include "tls/keysched.h"
#include "tls/record.h"
#include "tls/ticket.h"
#include "tls_pair.h"

#define MAX_EARLY 1024
static const char REQUEST[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

/* A strike register for the test: the keys seen, and what to answer. */
struct reg {
	uint8_t keys[8][32];
	size_t n;
	unsigned calls;
	uint32_t last_ttl;
	int unavailable;
};

static ward_tls_replay_verdict check(void *ctx, const uint8_t key[32],
				     uint32_t ttl)
{
	struct reg *r = ctx;
	r->calls++;
	r->last_ttl = ttl;
	if (r->unavailable)
		return WARD_TLS_REPLAY_UNAVAILABLE;
	for (size_t i = 0; i < r->n; i++)
		if (!memcmp(r->keys[i], key, 32))
			return WARD_TLS_REPLAY_SEEN;
	assert_true(r->n < 8);
	memcpy(r->keys[r->n++], key, 32);
	return WARD_TLS_REPLAY_FRESH;
}

static char client_log[4096], server_log[4096];
static void keylog(void *ctx, const char *line)
{
	char *log = ctx;
	strncat(log, line, 4096 - strlen(log) - 2);
	strcat(log, "\n");
}

struct et {
	struct tls_pair p;
	ward_ticket_keys keys;
	ward_buf session;
	struct reg reg;
};

static void setup(struct et *t)
{
	memset(t, 0, sizeof *t);
	tls_pair_configs(&t->p, WARD_KEY_EC_P256);
	tls_pair_ticket_keys(&t->p, &t->keys);
	assert_ok(ward_tls_config_set_early_data(t->p.scfg, MAX_EARLY));
	assert_ok(ward_tls_config_set_early_data(t->p.ccfg, 1));
	ward_tls_config_set_replay_check(t->p.scfg, check, &t->reg);
	ward_buf_init_secret(&t->session);
	client_log[0] = server_log[0] = 0;
	ward_tls_config_set_keylog(t->p.ccfg, keylog, client_log);
	ward_tls_config_set_keylog(t->p.scfg, keylog, server_log);
}

static void teardown(struct et *t)
{
	tls_pair_free(&t->p);
	ward_ticket_keys_wipe(&t->keys);
	ward_buf_free(&t->session);
}

/* A full handshake; its last ticket becomes t->session. */
static void first_handshake(struct et *t)
{
	struct tls_pair *p = &t->p;
	tls_pair_connect(p, "localhost");
	assert_int_equal(ward_tls_get_info(p->client)->early_data,
			 WARD_TLS_EARLY_NONE);
	tls_pair_pump(p);
	tls_pair_assert_done(p);
	ward_buf_clear(&t->session);
	assert_ok(ward_tls_get_session(p->client, &t->session));
	tls_pair_drop(p);
}

/* The session's last field: the ticket's max_early_data_size. */
static uint32_t session_max_early(const ward_buf *s)
{
	const uint8_t *p = s->data + s->len - 4;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void set_session_max_early(ward_buf *s, uint32_t v)
{
	uint8_t *p = s->data + s->len - 4;
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* SHA-256 of the session's ticket: u8 0x13, u16 suite, psk<1>, ticket<2> */
static void ticket_key(const ward_buf *s, uint8_t *key)
{
	size_t at = 3 + 1 + s->data[3];
	size_t len = ward_load_u16(s->data + at);
	assert_ok(
	    ward_hash_oneshot(WARD_HASH_SHA256, s->data + at + 2, len, key));
}

/* A resuming client with the session; its ClientHello in c_out, then
 * `early` as early data when it may send it. Returns what
 * ward_tls_send_early said. */
static ward_err resume(struct et *t, const char *early)
{
	struct tls_pair *p = &t->p;
	tls_pair_connect_session(p, "localhost", &t->session);
	return ward_tls_send_early(p->client, early, strlen(early), &p->c_out);
}

/* Resumed, the early data declined and skipped, the request sent again
 * after the handshake arriving alone. */
static void assert_declined(struct et *t)
{
	struct tls_pair *p = &t->p;
	tls_pair_pump(p);
	tls_pair_assert_done(p);
	const ward_tls_info *ci = ward_tls_get_info(p->client);
	const ward_tls_info *si = ward_tls_get_info(p->server);
	assert_int_equal(ci->early_data, WARD_TLS_EARLY_REJECTED);
	assert_int_equal(si->early_data, WARD_TLS_EARLY_REJECTED);
	assert_int_equal(si->early_data_bytes, 0);
	assert_int_equal(p->s_app.len, 0);
	assert_ok(
	    ward_tls_send(p->client, REQUEST, strlen(REQUEST), &p->c_out));
	tls_pair_pump(p);
	assert_int_equal(p->s_app.len, strlen(REQUEST));
	assert_memory_equal(p->s_app.data, REQUEST, strlen(REQUEST));
}

static void accepted_early_data_arrives_flagged(void **state)
{
	(void)state;
	struct et t;
	struct tls_pair *p = &t.p;
	setup(&t);
	first_handshake(&t);
	/* the ticket carries early_data with the server's size */
	assert_int_equal(session_max_early(&t.session), MAX_EARLY);
	assert_ok(resume(&t, REQUEST));
	const ward_tls_info *ci = ward_tls_get_info(p->client);
	assert_int_equal(ci->early_data, WARD_TLS_EARLY_OFFERED);
	assert_int_equal(ci->early_data_max, MAX_EARLY);
	assert_int_equal(ci->early_data_bytes, strlen(REQUEST));

	/* the first flight alone: the request arrives before the
	 * handshake is done, counted as early */
	size_t used;
	assert_ok(ward_tls_recv(p->server, p->c_out.data, p->c_out.len, &used,
				&p->s_out, &p->s_app));
	ward_buf_consume(&p->c_out, used);
	assert_false(ward_tls_handshake_done(p->server));
	const ward_tls_info *si = ward_tls_get_info(p->server);
	assert_int_equal(si->early_data, WARD_TLS_EARLY_ACCEPTED);
	assert_int_equal(si->early_data_bytes, strlen(REQUEST));
	assert_true(ward_tls_take_events(p->server) & WARD_TLS_EV_EARLY_DATA);
	assert_int_equal(p->s_app.len, strlen(REQUEST));
	assert_memory_equal(p->s_app.data, REQUEST, strlen(REQUEST));
	/* the register saw the ticket's hash, with its lifetime left */
	uint8_t key[32];
	ticket_key(&t.session, key);
	assert_int_equal(t.reg.calls, 1);
	assert_memory_equal(t.reg.keys[0], key, 32);
	assert_true(t.reg.last_ttl > 3590 && t.reg.last_ttl <= 3600);

	tls_pair_pump(p);
	tls_pair_assert_done(p);
	assert_true(ci->resumed);
	assert_int_equal(ci->early_data, WARD_TLS_EARLY_ACCEPTED);
	/* bytes after the handshake are not early */
	assert_ok(ward_tls_send(p->client, "x", 1, &p->c_out));
	tls_pair_pump(p);
	assert_int_equal(p->s_app.len, strlen(REQUEST) + 1);
	assert_int_equal(si->early_data_bytes, strlen(REQUEST));
	/* both logged the same early traffic secret */
	const char *cl = strstr(client_log, "CLIENT_EARLY_TRAFFIC_SECRET ");
	const char *sl = strstr(server_log, "CLIENT_EARLY_TRAFFIC_SECRET ");
	assert_non_null(cl);
	assert_non_null(sl);
	assert_int_equal(strcspn(cl, "\n"), 28 + 64 + 1 + 64);
	assert_memory_equal(cl, sl, strcspn(cl, "\n"));
	tls_pair_drop(p);
	teardown(&t);
}

static void early_data_without_a_request_is_fine(void **state)
{
	(void)state;
	struct et t;
	setup(&t);
	first_handshake(&t);
	/* offered, nothing sent: EndOfEarlyData alone */
	assert_ok(resume(&t, ""));
	tls_pair_pump(&t.p);
	tls_pair_assert_done(&t.p);
	assert_int_equal(ward_tls_get_info(t.p.server)->early_data,
			 WARD_TLS_EARLY_ACCEPTED);
	assert_int_equal(t.p.s_app.len, 0);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void seen_ticket_is_declined(void **state)
{
	(void)state;
	struct et t;
	setup(&t);
	first_handshake(&t);
	assert_ok(resume(&t, REQUEST));
	tls_pair_pump(&t.p);
	tls_pair_assert_done(&t.p);
	tls_pair_drop(&t.p);
	/* the same ticket again: SEEN */
	assert_ok(resume(&t, REQUEST));
	assert_declined(&t);
	assert_int_equal(t.reg.calls, 2);
	assert_true(ward_tls_get_info(t.p.client)->resumed);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void unavailable_register_declines(void **state)
{
	(void)state;
	struct et t;
	setup(&t);
	first_handshake(&t);
	t.reg.unavailable = 1;
	assert_ok(resume(&t, REQUEST));
	assert_declined(&t);
	assert_int_equal(t.reg.calls, 1);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void no_replay_check_declines(void **state)
{
	(void)state;
	struct et t;
	setup(&t);
	first_handshake(&t);
	ward_tls_config_set_replay_check(t.p.scfg, NULL, NULL);
	assert_ok(resume(&t, REQUEST));
	assert_declined(&t);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void ticket_without_early_data_declines(void **state)
{
	(void)state;
	struct et t;
	setup(&t);
	assert_ok(ward_tls_config_set_early_data(t.p.scfg, 0));
	first_handshake(&t);
	assert_int_equal(session_max_early(&t.session), 0);
	/* the client does not offer on such a ticket */
	assert_err(resume(&t, REQUEST), WARD_ERR_STATE);
	assert_int_equal(ward_tls_get_info(t.p.client)->early_data,
			 WARD_TLS_EARLY_NONE);
	tls_pair_drop(&t.p);
	/* one that says it may: the server knows better */
	assert_ok(ward_tls_config_set_early_data(t.p.scfg, MAX_EARLY));
	set_session_max_early(&t.session, MAX_EARLY);
	assert_ok(resume(&t, REQUEST));
	assert_declined(&t);
	assert_int_equal(t.reg.calls, 0); /* asked only when all else holds */
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void another_alpn_declines(void **state)
{
	(void)state;
	struct et t;
	static const char *const both[] = {"h1x", "h2x"};
	static const char *const second[] = {"h2x"};
	setup(&t);
	assert_ok(ward_tls_config_set_alpn(t.p.ccfg, both, 2));
	assert_ok(ward_tls_config_set_alpn(t.p.scfg, both, 2));
	first_handshake(&t);
	/* the server now picks another protocol: no resumption, no 0-RTT */
	assert_ok(ward_tls_config_set_alpn(t.p.scfg, second, 1));
	assert_ok(resume(&t, REQUEST));
	assert_declined(&t);
	assert_false(ward_tls_get_info(t.p.client)->resumed);
	assert_string_equal(ward_tls_get_info(t.p.client)->alpn, "h2x");
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void hello_retry_declines(void **state)
{
	(void)state;
	struct et t;
	static const uint16_t p256 = 0x0017;
	setup(&t);
	first_handshake(&t);
	assert_ok(ward_tls_config_set_groups(t.p.scfg, &p256, 1));
	assert_ok(resume(&t, REQUEST));
	assert_declined(&t);
	assert_true(ward_tls_get_info(t.p.client)->hrr);
	assert_true(ward_tls_get_info(t.p.client)->resumed);
	assert_int_equal(t.reg.calls, 0);
	tls_pair_drop(&t.p);
	teardown(&t);
}

static void replayed_first_flight_is_declined(void **state)
{
	(void)state;
	struct et t;
	struct tls_pair *p = &t.p;
	ward_buf flight, out, app;
	setup(&t);
	first_handshake(&t);
	assert_ok(resume(&t, REQUEST));
	ward_buf_init(&flight);
	ward_buf_init(&out);
	ward_buf_init(&app);
	assert_ok(ward_put_bytes(&flight, p->c_out.data, p->c_out.len));
	tls_pair_pump(p);
	tls_pair_assert_done(p);
	assert_int_equal(ward_tls_get_info(p->server)->early_data,
			 WARD_TLS_EARLY_ACCEPTED);
	/* the captured bytes to another server with the same register */
	ward_tls_conn *again = ward_tls_conn_new(p->scfg);
	size_t used;
	assert_ok(
	    ward_tls_recv(again, flight.data, flight.len, &used, &out, &app));
	assert_int_equal(used, flight.len);
	assert_true(out.len > 0); /* its 1-RTT flight */
	assert_int_equal(app.len, 0);
	assert_int_equal(ward_tls_get_info(again)->early_data,
			 WARD_TLS_EARLY_REJECTED);
	assert_true(ward_tls_get_info(again)->resumed);
	assert_int_equal(t.reg.calls, 2);
	ward_tls_conn_free(again);
	ward_buf_free(&flight);
	ward_buf_free(&out);
	ward_buf_free(&app);
	tls_pair_drop(p);
	teardown(&t);
}

static void too_much_early_data_is_unexpected_message(void **state)
{
	(void)state;
	struct et t;
	char big[MAX_EARLY + 2];
	setup(&t);
	first_handshake(&t);
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	/* the client keeps to the ticket's size */
	assert_err(resume(&t, big), WARD_ERR_ARG);
	tls_pair_drop(&t.p);
	/* a client that does not */
	set_session_max_early(&t.session, 4 * MAX_EARLY);
	assert_ok(resume(&t, big));
	tls_pair_pump(&t.p);
	assert_err(t.p.s_err, WARD_ERR_UNEXPECTED_MESSAGE);
	assert_int_equal(ward_tls_get_info(t.p.server)->alert_sent,
			 WARD_ALERT_UNEXPECTED_MESSAGE);
	assert_int_equal(ward_tls_get_info(t.p.client)->alert_received,
			 WARD_ALERT_UNEXPECTED_MESSAGE);
	tls_pair_drop(&t.p);
	/* exactly the size is fine (a fresh ticket: that one was used) */
	first_handshake(&t);
	big[MAX_EARLY] = 0;
	assert_ok(resume(&t, big));
	tls_pair_pump(&t.p);
	tls_pair_assert_done(&t.p);
	assert_int_equal(t.p.s_app.len, MAX_EARLY);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* The server's flight to the client, its first record (ServerHello)
 * alone; the client's handshake key is then known, and copied. */
static void client_takes_server_hello(struct tls_pair *p, uint8_t *c_hs)
{
	size_t used, first = 5 + ward_load_u16(p->s_out.data + 3);
	assert_ok(ward_tls_recv(p->client, p->s_out.data, first, &used,
				&p->c_out, &p->c_app));
	assert_int_equal(used, first);
	ward_buf_consume(&p->s_out, used);
	memcpy(c_hs, p->client->hs->c_hs, WARD_HASH_MAX);
}

/* A record of `type` under the client's handshake key, first of its
 * epoch, put in c_out before the record at index `at`. */
static void forge_before(struct tls_pair *p, const uint8_t *c_hs, uint8_t type,
			 const uint8_t *payload, size_t len, size_t at)
{
	const ward_tls_suite *s = p->client->suite;
	uint8_t key[WARD_AEAD_KEY_MAX], iv[WARD_AEAD_NONCE_LEN];
	ward_tls_prot prot;
	ward_buf rec, rest;
	ward_buf_init(&rec);
	ward_buf_init(&rest);
	assert_ok(ward_tls13_traffic_keys(s->hash, s->aead, c_hs, key, iv));
	assert_ok(ward_tls_prot_init_tls13(&prot, s->aead, key, iv, 1));
	assert_ok(ward_tls_record_seal(&prot, &rec, type, payload, len, 0));
	ward_tls_prot_free(&prot);
	size_t off = 0;
	for (size_t i = 0; i < at; i++)
		off += 5 + ward_load_u16(p->c_out.data + off + 3);
	assert_true(off <= p->c_out.len);
	assert_ok(
	    ward_put_bytes(&rest, p->c_out.data + off, p->c_out.len - off));
	p->c_out.len = off;
	assert_ok(ward_put_bytes(&p->c_out, rec.data, rec.len));
	assert_ok(ward_put_bytes(&p->c_out, rest.data, rest.len));
	ward_buf_free(&rec);
	ward_buf_free(&rest);
}

/* Index of the last record in c_out (the client's Finished). */
static size_t last_record(const ward_buf *b)
{
	size_t off = 0, n = 0;
	while (off < b->len) {
		off += 5 + ward_load_u16(b->data + off + 3);
		n++;
	}
	return n - 1;
}

static void end_of_early_data_misplaced_is_unexpected_message(void **state)
{
	(void)state;
	struct et t;
	struct tls_pair *p = &t.p;
	uint8_t c_hs[WARD_HASH_MAX];
	static const uint8_t eoed[4] = {WARD_HS_END_OF_EARLY_DATA, 0, 0, 0};
	size_t used;
	setup(&t);
	first_handshake(&t);

	/* declined (the register cannot tell), yet EndOfEarlyData */
	t.reg.unavailable = 1;
	assert_ok(resume(&t, REQUEST));
	assert_ok(ward_tls_recv(p->server, p->c_out.data, p->c_out.len, &used,
				&p->s_out, &p->s_app));
	ward_buf_clear(&p->c_out);
	client_takes_server_hello(p, c_hs);
	assert_ok(ward_tls_recv(p->client, p->s_out.data, p->s_out.len, &used,
				&p->c_out, &p->c_app));
	ward_buf_clear(&p->s_out);
	forge_before(p, c_hs, WARD_TLS_CT_HANDSHAKE, eoed, sizeof eoed,
		     last_record(&p->c_out));
	assert_err(ward_tls_recv(p->server, p->c_out.data, p->c_out.len, &used,
				 &p->s_out, &p->s_app),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	assert_int_equal(ward_tls_get_info(p->server)->alert_sent,
			 WARD_ALERT_UNEXPECTED_MESSAGE);
	tls_pair_drop(p);

	/* accepted, then early data after EndOfEarlyData */
	t.reg.unavailable = 0;
	assert_ok(resume(&t, REQUEST));
	assert_ok(ward_tls_recv(p->server, p->c_out.data, p->c_out.len, &used,
				&p->s_out, &p->s_app));
	assert_int_equal(ward_tls_get_info(p->server)->early_data,
			 WARD_TLS_EARLY_ACCEPTED);
	ward_buf_clear(&p->c_out);
	client_takes_server_hello(p, c_hs);
	assert_ok(ward_tls_recv(p->client, p->s_out.data, p->s_out.len, &used,
				&p->c_out, &p->c_app));
	ward_buf_clear(&p->s_out);
	forge_before(p, c_hs, WARD_TLS_CT_APPLICATION_DATA,
		     (const uint8_t *)"late", 4, last_record(&p->c_out));
	assert_err(ward_tls_recv(p->server, p->c_out.data, p->c_out.len, &used,
				 &p->s_out, &p->s_app),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	assert_int_equal(ward_tls_get_info(p->server)->alert_sent,
			 WARD_ALERT_UNEXPECTED_MESSAGE);
	assert_int_equal(p->s_app.len, strlen(REQUEST));
	tls_pair_drop(p);
	teardown(&t);
}

static void early_data_off_on_the_client_is_not_offered(void **state)
{
	(void)state;
	struct et t;
	setup(&t);
	first_handshake(&t);
	assert_ok(ward_tls_config_set_early_data(t.p.ccfg, 0));
	assert_err(resume(&t, REQUEST), WARD_ERR_STATE);
	tls_pair_pump(&t.p);
	tls_pair_assert_done(&t.p);
	assert_true(ward_tls_get_info(t.p.client)->resumed);
	assert_int_equal(ward_tls_get_info(t.p.server)->early_data,
			 WARD_TLS_EARLY_NONE);
	assert_int_equal(t.reg.calls, 0);
	/* and not after the ServerHello either */
	assert_err(ward_tls_send_early(t.p.client, "x", 1, &t.p.c_out),
		   WARD_ERR_STATE);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* RFC 8446 4.2.10: a client whose early data the server accepts checks
 * the server resumed with the ticket's suite (and protocol): here the
 * ticket the client holds names another suite of the same hash. */
static void acceptance_with_another_suite_is_illegal_parameter(void **state)
{
	(void)state;
	struct et t;
	setup(&t);
	first_handshake(&t);
	assert_ok(resume(&t, REQUEST));
	assert_int_equal(ward_load_u16(t.p.client->offer.data + 1),
			 WARD_TLS_AES_128_GCM_SHA256);
	t.p.client->offer.data[2] = WARD_TLS_CHACHA20_POLY1305_SHA256 & 0xff;
	tls_pair_pump(&t.p);
	assert_int_equal(ward_tls_get_info(t.p.server)->early_data,
			 WARD_TLS_EARLY_ACCEPTED);
	assert_err(t.p.c_err, WARD_ERR_ILLEGAL_PARAMETER);
	assert_int_equal(ward_tls_get_info(t.p.client)->alert_sent,
			 WARD_ALERT_ILLEGAL_PARAMETER);
	tls_pair_drop(&t.p);
	teardown(&t);
}

/* RFC 8448 section 4: the client_early_traffic_secret from the ticket's
 * PSK and the resumed ClientHello, its key log line, and its keys. */
static void early_secret_matches_rfc8448(void **state)
{
	(void)state;
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_SERVER);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	uint8_t th[32], want[32], key[16], iv[12];
	ward_buf rec, v;
	client_log[0] = 0;
	ward_tls_config_set_keylog(cfg, keylog, client_log);
	test_unhex_buf(rfc8448_resume_client_hello_record_hex, &rec);
	c->hs->psk_len = test_unhex(rfc8448_resumption_psk_hex, c->hs->psk,
				    sizeof c->hs->psk);
	assert_int_equal(c->hs->psk_len, 32);
	/* the transcript hash of the ClientHello: the record less its
	 * header */
	assert_ok(
	    ward_hash_oneshot(WARD_HASH_SHA256, rec.data + 5, rec.len - 5, th));
	assert_ok(ward_tls13_early_secret(c, WARD_HASH_SHA256, th));
	test_unhex(rfc8448_resume_client_early_traffic_hex, want, 32);
	assert_memory_equal(c->hs->c_early, want, 32);
	assert_non_null(strstr(client_log, "CLIENT_EARLY_TRAFFIC_SECRET "));
	assert_non_null(
	    strstr(client_log, rfc8448_resume_client_early_traffic_hex));
	assert_ok(ward_tls13_traffic_keys(
	    WARD_HASH_SHA256, WARD_AEAD_AES_128_GCM, c->hs->c_early, key, iv));
	test_unhex_buf(rfc8448_resume_early_key_hex, &v);
	assert_memory_equal(key, v.data, 16);
	ward_buf_free(&v);
	test_unhex_buf(rfc8448_resume_early_iv_hex, &v);
	assert_memory_equal(iv, v.data, 12);
	ward_buf_free(&v);
	ward_buf_free(&rec);
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accepted_early_data_arrives_flagged),
	    cmocka_unit_test(early_data_without_a_request_is_fine),
	    cmocka_unit_test(seen_ticket_is_declined),
	    cmocka_unit_test(unavailable_register_declines),
	    cmocka_unit_test(no_replay_check_declines),
	    cmocka_unit_test(ticket_without_early_data_declines),
	    cmocka_unit_test(another_alpn_declines),
	    cmocka_unit_test(hello_retry_declines),
	    cmocka_unit_test(replayed_first_flight_is_declined),
	    cmocka_unit_test(too_much_early_data_is_unexpected_message),
	    cmocka_unit_test(end_of_early_data_misplaced_is_unexpected_message),
	    cmocka_unit_test(early_data_off_on_the_client_is_not_offered),
	    cmocka_unit_test(
		acceptance_with_another_suite_is_illegal_parameter),
	    cmocka_unit_test(early_secret_matches_rfc8448),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

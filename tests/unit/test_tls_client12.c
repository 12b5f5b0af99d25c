/* ward's TLS 1.2 client against a scripted TLS 1.2 server, in memory.
 *
 * The server here writes its messages by hand and keeps its own
 * transcript and keys (only ward's primitives are shared: PRF, AEAD
 * records, key exchange, signatures), so it can send what ward's own
 * server never would: a ServerKeyExchange signed with a scheme the client
 * did not offer or with a bad signature, a wrong Finished, the
 * abbreviated handshake of a session it says it knows, a HelloRequest.
 * Each failure asserts the one alert the client sends. The sessions API
 * (tls.h) is tested here too: the engine's own server does not resume
 * yet. TLS_ECDHE_*_WITH_AES_128_GCM_SHA256 with x25519 throughout. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crypto/ca.h"
#include "test.h"
#include "tls/conn.h"
#include "tls/keysched12.h"
#include "tls/record.h"
#include "tls_pair.h"

#define HLEN 32

struct srv {
	ward_tls_config *cfg;
	ward_tls_conn *conn; /* the client under test */
	ward_err err;	     /* its first error */
	ward_buf out, app;   /* what it sent and received */
	struct ward_ca_test_chain chain;
	char ca_path[64];
	uint16_t suite;
	ward_buf ch; /* its ClientHello message */
	uint8_t cr[32], sr[32];
	uint8_t sid[32]; /* the session ID it offered */
	size_t sid_len;
	ward_buf ticket; /* the session_ticket it offered */
	int ticket_ext;
	ward_hash th;
	ward_kex kex;
	uint8_t master[48];
	ward_tls12_keys keys;
	ward_tls_prot rd, wr;
	time_t now;
	uint8_t id0; /* the first byte of the session IDs we give */
};

static time_t srv_now(void *ctx)
{
	return ((struct srv *)ctx)->now;
}

static void srv_init(struct srv *s, ward_key_type type)
{
	ward_trust *trust;
	memset(s, 0, sizeof *s);
	ward_buf_init(&s->out);
	ward_buf_init(&s->app);
	ward_buf_init(&s->ch);
	ward_buf_init(&s->ticket);
	ward_tls_prot_init_plain(&s->rd);
	ward_tls_prot_init_plain(&s->wr);
	s->now = time(NULL);
	s->id0 = 0x1d;
	s->suite = type == WARD_KEY_RSA
		       ? WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
		       : WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
	assert_ok(ward_ca_make_test_chain(type, "localhost", 0, &s->chain));
	snprintf(s->ca_path, sizeof s->ca_path, "/tmp/ward-c12-ca-%d.pem",
		 (int)getpid());
	FILE *f = fopen(s->ca_path, "wb");
	assert_non_null(f);
	assert_int_equal(
	    fwrite(s->chain.ca_pem.data, 1, s->chain.ca_pem.len, f),
	    s->chain.ca_pem.len);
	fclose(f);
	s->cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_non_null(s->cfg);
	assert_ok(ward_trust_load(s->ca_path, &trust, NULL, 0));
	ward_tls_config_set_trust(s->cfg, trust);
	ward_tls_config_set_time(s->cfg, srv_now, s);
}

/* A new connection of the client (offering `blob` when given), its
 * ClientHello read. */
static void srv_start(struct srv *s, const ward_buf *blob)
{
	ward_tls_conn_free(s->conn);
	ward_buf_clear(&s->out);
	ward_buf_clear(&s->app);
	ward_buf_clear(&s->ch);
	ward_buf_clear(&s->ticket);
	ward_hash_free(&s->th);
	ward_tls_prot_free(&s->rd);
	ward_tls_prot_free(&s->wr);
	s->err = WARD_OK;
	s->conn = ward_tls_conn_new(s->cfg);
	assert_non_null(s->conn);
	assert_ok(ward_tls_set_hostname(s->conn, "localhost"));
	if (blob)
		assert_ok(ward_tls_set_session(s->conn, blob->data, blob->len));
	assert_ok(ward_tls_start(s->conn, &s->out));
	/* one plaintext record: the ClientHello */
	assert_true(s->out.len > 5);
	size_t n = ward_load_u16(s->out.data + 3);
	assert_int_equal(s->out.len, 5 + n);
	assert_ok(ward_put_bytes(&s->ch, s->out.data + 5, n));
	ward_buf_clear(&s->out);
	ward_reader r = ward_reader_make(s->ch.data + 4, s->ch.len - 4), exts;
	ward_slice sid, skip;
	assert_ok(ward_read_skip(&r, 2));
	assert_ok(ward_read_copy(&r, s->cr, 32));
	assert_ok(ward_read_vec_slice(&r, 1, 0, 32, &sid));
	memcpy(s->sid, sid.p, sid.len);
	s->sid_len = sid.len;
	assert_ok(ward_read_vec_slice(&r, 2, 2, 0xfffe, &skip));
	assert_ok(ward_read_vec_slice(&r, 1, 1, 255, &skip));
	assert_ok(ward_read_vec(&r, 2, 0, 0xffff, &exts));
	s->ticket_ext = 0;
	while (ward_reader_left(&exts) > 0) {
		uint16_t code;
		ward_slice body;
		assert_ok(ward_read_u16(&exts, &code));
		assert_ok(ward_read_vec_slice(&exts, 2, 0, 0xffff, &body));
		if (code == 35) {
			s->ticket_ext = 1;
			assert_ok(ward_put_bytes(&s->ticket, body.p, body.len));
		}
	}
	assert_ok(ward_hash_init(&s->th, WARD_HASH_SHA256));
	assert_ok(ward_hash_update(&s->th, s->ch.data, s->ch.len));
	for (int i = 0; i < 32; i++)
		s->sr[i] = (uint8_t)(0x40 + i);
}

static void srv_free(struct srv *s)
{
	ward_tls_conn_free(s->conn);
	ward_tls_config_free(s->cfg);
	ward_buf_free(&s->out);
	ward_buf_free(&s->app);
	ward_buf_free(&s->ch);
	ward_buf_free(&s->ticket);
	ward_hash_free(&s->th);
	ward_kex_free(&s->kex);
	ward_tls_prot_free(&s->rd);
	ward_tls_prot_free(&s->wr);
	ward_ca_test_chain_free(&s->chain);
	unlink(s->ca_path);
}

/* A handshake message into the flight and the transcript. */
static void put_msg(struct srv *s, ward_buf *flight, uint8_t type,
		    const ward_buf *body)
{
	size_t at = flight->len;
	assert_ok(ward_put_u8(flight, type));
	assert_ok(ward_put_u24(flight, (uint32_t)body->len));
	assert_ok(ward_put_bytes(flight, body->data, body->len));
	assert_ok(
	    ward_hash_update(&s->th, flight->data + at, flight->len - at));
}

static ward_err feed(struct srv *s, const ward_buf *wire)
{
	ward_buf in = WARD_BUF_INIT;
	size_t used = 0;
	assert_ok(ward_put_bytes(&in, wire->data, wire->len));
	ward_err err =
	    ward_tls_recv(s->conn, in.data, in.len, &used, &s->out, &s->app);
	if (err != WARD_OK && s->err == WARD_OK)
		s->err = err;
	ward_buf_free(&in);
	return err;
}

/* The flight in one handshake record under s->wr, and to the client. */
static ward_err send_flight(struct srv *s, const ward_buf *flight)
{
	ward_buf wire = WARD_BUF_INIT;
	assert_ok(ward_tls_record_seal(&s->wr, &wire, WARD_TLS_CT_HANDSHAKE,
				       flight->data, flight->len, 0));
	ward_err err = feed(s, &wire);
	ward_buf_free(&wire);
	return err;
}

enum { SH_TICKET = 1 << 0, SH_NO_EMS = 1 << 1, SH_ETM = 1 << 2 };

static void put_server_hello(struct srv *s, ward_buf *flight,
			     const uint8_t *sid, size_t sid_len, unsigned flags)
{
	ward_buf b = WARD_BUF_INIT;
	size_t exts;
	assert_ok(ward_put_u16(&b, 0x0303));
	assert_ok(ward_put_bytes(&b, s->sr, 32));
	assert_ok(ward_put_vec(&b, 1, sid, sid_len));
	assert_ok(ward_put_u16(&b, s->suite));
	assert_ok(ward_put_u8(&b, 0));
	assert_ok(ward_put_vec_begin(&b, 2, &exts));
	if (!(flags & SH_NO_EMS)) {
		assert_ok(ward_put_u16(&b, 23));
		assert_ok(ward_put_u16(&b, 0));
	}
	assert_ok(ward_put_u16(&b, 0xff01));
	assert_ok(ward_put_vec(&b, 2, "", 1));
	if (flags & SH_TICKET) {
		assert_ok(ward_put_u16(&b, 35));
		assert_ok(ward_put_u16(&b, 0));
	}
	if (flags & SH_ETM) {
		assert_ok(ward_put_u16(&b, 22));
		assert_ok(ward_put_u16(&b, 0));
	}
	assert_ok(ward_put_vec_end(&b, exts));
	put_msg(s, flight, 2, &b);
	ward_buf_free(&b);
}

static void put_certificate(struct srv *s, ward_buf *flight)
{
	ward_chain *chain;
	ward_buf b = WARD_BUF_INIT;
	size_t list;
	assert_ok(ward_chain_load_pem(s->chain.cert_pem.data,
				      s->chain.cert_pem.len, &chain));
	ward_slice der = ward_chain_der(chain, 0);
	assert_ok(ward_put_vec_begin(&b, 3, &list));
	assert_ok(ward_put_vec(&b, 3, der.p, der.len));
	assert_ok(ward_put_vec_end(&b, list));
	put_msg(s, flight, 11, &b);
	ward_chain_free(chain);
	ward_buf_free(&b);
}

static uint16_t right_scheme(const struct srv *s)
{
	return ward_pkey_type(s->chain.key) == WARD_KEY_RSA
		   ? WARD_SIG_RSA_PSS_RSAE_SHA256
		   : WARD_SIG_ECDSA_SECP256R1_SHA256;
}

/* ECDHE params for x25519 (or `group` announced), signed with sign_as and
 * announced as `announce`; spoil flips a bit of the signature. */
static void put_server_key_exchange(struct srv *s, ward_buf *flight,
				    uint16_t group, uint16_t announce,
				    uint16_t sign_as, int spoil)
{
	uint8_t pub[32], content[64 + 4 + 32], sig[1024];
	size_t pub_len = sizeof pub, sig_len = sizeof sig;
	ward_buf b = WARD_BUF_INIT;
	ward_kex_free(&s->kex);
	assert_ok(ward_kex_keygen(&s->kex, WARD_GROUP_X25519, pub, &pub_len));
	assert_ok(ward_put_u8(&b, 3)); /* named_curve */
	assert_ok(ward_put_u16(&b, group));
	assert_ok(ward_put_vec(&b, 1, pub, pub_len));
	memcpy(content, s->cr, 32);
	memcpy(content + 32, s->sr, 32);
	memcpy(content + 64, b.data, b.len);
	assert_ok(ward_sign(s->chain.key, sign_as, content, 64 + b.len, sig,
			    &sig_len));
	if (spoil)
		sig[sig_len / 2] ^= 0x01;
	assert_ok(ward_put_u16(&b, announce));
	assert_ok(ward_put_vec(&b, 2, sig, sig_len));
	put_msg(s, flight, 12, &b);
	ward_buf_free(&b);
}

/* DHE params: the group's p (its last byte xored with p_xor) and g, the
 * public value ys as given, signed with the right scheme. */
static void put_dh_key_exchange(struct srv *s, ward_buf *flight, uint16_t group,
				uint8_t p_xor, const uint8_t *ys, size_t ys_len)
{
	ward_slice p, g;
	ward_buf b = WARD_BUF_INIT, content = WARD_BUF_INIT;
	uint8_t sig[1024], pp[512];
	size_t sig_len = sizeof sig;
	assert_ok(ward_kex_ffdhe_params(group, &p, &g));
	memcpy(pp, p.p, p.len);
	pp[p.len - 1] ^= p_xor;
	assert_ok(ward_put_vec(&b, 2, pp, p.len));
	assert_ok(ward_put_vec(&b, 2, g.p, g.len));
	assert_ok(ward_put_vec(&b, 2, ys, ys_len));
	assert_ok(ward_put_bytes(&content, s->cr, 32));
	assert_ok(ward_put_bytes(&content, s->sr, 32));
	assert_ok(ward_put_bytes(&content, b.data, b.len));
	assert_ok(ward_sign(s->chain.key, right_scheme(s), content.data,
			    content.len, sig, &sig_len));
	assert_ok(ward_put_u16(&b, right_scheme(s)));
	assert_ok(ward_put_vec(&b, 2, sig, sig_len));
	put_msg(s, flight, 12, &b);
	ward_buf_free(&b);
	ward_buf_free(&content);
}

static void put_empty(struct srv *s, ward_buf *flight, uint8_t type)
{
	ward_buf b = WARD_BUF_INIT;
	put_msg(s, flight, type, &b);
}

/* The client's next record, opened under s->rd. */
static int next_record(struct srv *s, uint8_t *type, ward_buf *plain)
{
	static const ward_tls_prot any = {.kind = WARD_TLS_PROT_TLS12_AEAD};
	ward_tls_record rec;
	if (s->out.len == 0)
		return 0;
	assert_ok(ward_tls_record_parse(s->out.data, s->out.len, &any, &rec));
	if (rec.type != WARD_TLS_CT_CHANGE_CIPHER_SPEC)
		assert_ok(ward_tls_record_open(&s->rd, &rec));
	*type = rec.type;
	ward_buf_clear(plain);
	assert_ok(ward_put_bytes(plain, rec.body, rec.body_len));
	ward_buf_consume(&s->out, rec.total_len);
	return 1;
}

static void expect_alert(struct srv *s, uint8_t level, uint8_t desc)
{
	uint8_t type;
	ward_buf plain = WARD_BUF_INIT;
	assert_true(next_record(s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_ALERT);
	assert_int_equal(plain.len, 2);
	assert_int_equal(plain.data[0], level);
	assert_int_equal(plain.data[1], desc);
	assert_int_equal(s->out.len, 0);
	ward_buf_free(&plain);
}

static void derive_keys(struct srv *s)
{
	assert_ok(ward_tls12_key_block(WARD_HASH_SHA256, s->master, s->cr,
				       s->sr, 0, 16, 4, &s->keys));
}

static void expect_ccs(struct srv *s)
{
	uint8_t type;
	ward_buf plain = WARD_BUF_INIT;
	assert_true(next_record(s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_CHANGE_CIPHER_SPEC);
	assert_int_equal(plain.len, 1);
	ward_buf_free(&plain);
	ward_tls_prot_free(&s->rd);
	assert_ok(ward_tls_prot_init_tls12_aead(&s->rd, WARD_AEAD_AES_128_GCM,
						s->keys.client.key,
						s->keys.client.iv, 0));
}

/* The client's Finished, which must be the one expected here. */
static void expect_finished(struct srv *s)
{
	uint8_t type, th[HLEN], want[12];
	ward_buf plain = WARD_BUF_INIT;
	assert_ok(ward_hash_peek(&s->th, th));
	assert_ok(
	    ward_tls12_finished(WARD_HASH_SHA256, s->master, 1, th, want));
	assert_true(next_record(s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_HANDSHAKE);
	assert_int_equal(plain.len, 4 + 12);
	assert_int_equal(plain.data[0], 20);
	assert_memory_equal(plain.data + 4, want, 12);
	assert_ok(ward_hash_update(&s->th, plain.data, plain.len));
	ward_buf_free(&plain);
}

/* The client's ClientKeyExchange, ChangeCipherSpec and Finished. */
static void read_client_flight(struct srv *s)
{
	uint8_t type, pms[32], th[HLEN];
	size_t pms_len = sizeof pms;
	ward_buf plain = WARD_BUF_INIT;
	assert_ok(s->err);
	assert_true(next_record(s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_HANDSHAKE);
	assert_int_equal(plain.data[0], 16);
	assert_int_equal(plain.data[4], 32);
	assert_int_equal(plain.len, 4 + 1 + 32);
	assert_ok(ward_kex_derive(&s->kex, plain.data + 5, 32, pms, &pms_len));
	assert_ok(ward_hash_update(&s->th, plain.data, plain.len));
	assert_ok(ward_hash_peek(&s->th, th));
	assert_ok(ward_tls12_master_secret_ems(WARD_HASH_SHA256, pms, pms_len,
					       th, s->master));
	derive_keys(s);
	expect_ccs(s);
	expect_finished(s);
	assert_int_equal(s->out.len, 0);
	ward_buf_free(&plain);
}

/* Our (NewSessionTicket), ChangeCipherSpec and Finished (spoiled when
 * `wrong`). */
static ward_err send_finish(struct srv *s, const char *ticket, int wrong)
{
	ward_buf flight = WARD_BUF_INIT, wire = WARD_BUF_INIT;
	uint8_t th[HLEN], verify[12];
	if (ticket) {
		ward_buf b = WARD_BUF_INIT;
		assert_ok(ward_put_u32(&b, 3600));
		assert_ok(ward_put_vec(&b, 2, ticket, strlen(ticket)));
		put_msg(s, &flight, 4, &b);
		ward_buf_free(&b);
		assert_ok(ward_tls_record_seal(&s->wr, &wire,
					       WARD_TLS_CT_HANDSHAKE,
					       flight.data, flight.len, 0));
		ward_buf_clear(&flight);
	}
	assert_ok(ward_put_bytes(&wire, "\x14\x03\x03\x00\x01\x01", 6));
	ward_tls_prot_free(&s->wr);
	assert_ok(ward_tls_prot_init_tls12_aead(&s->wr, WARD_AEAD_AES_128_GCM,
						s->keys.server.key,
						s->keys.server.iv, 1));
	assert_ok(ward_hash_peek(&s->th, th));
	assert_ok(
	    ward_tls12_finished(WARD_HASH_SHA256, s->master, 0, th, verify));
	if (wrong)
		verify[11] ^= 0x01;
	ward_buf fin = WARD_BUF_INIT;
	assert_ok(ward_put_bytes(&fin, verify, 12));
	put_msg(s, &flight, 20, &fin);
	assert_ok(ward_tls_record_seal(&s->wr, &wire, WARD_TLS_CT_HANDSHAKE,
				       flight.data, flight.len, 0));
	ward_err err = feed(s, &wire);
	ward_buf_free(&fin);
	ward_buf_free(&flight);
	ward_buf_free(&wire);
	return err;
}

/* ServerHello (a session ID of our own), Certificate, ServerKeyExchange,
 * ServerHelloDone, all sound. */
static ward_err send_first_flight(struct srv *s, unsigned flags)
{
	ward_buf flight = WARD_BUF_INIT;
	uint8_t id[32] = {s->id0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	put_server_hello(s, &flight, id, sizeof id, flags);
	put_certificate(s, &flight);
	put_server_key_exchange(s, &flight, WARD_GROUP_X25519, right_scheme(s),
				right_scheme(s), 0);
	put_empty(s, &flight, 14);
	ward_err err = send_flight(s, &flight);
	ward_buf_free(&flight);
	return err;
}

static void full_handshake(struct srv *s, const char *ticket)
{
	assert_ok(send_first_flight(s, ticket ? SH_TICKET : 0));
	read_client_flight(s);
	assert_ok(send_finish(s, ticket, 0));
	assert_ok(s->err);
	assert_true(ward_tls_handshake_done(s->conn));
	assert_int_equal(s->out.len, 0);
}

static void app_roundtrip(struct srv *s)
{
	uint8_t type;
	ward_buf plain = WARD_BUF_INIT, wire = WARD_BUF_INIT;
	assert_ok(ward_tls_send(s->conn, "ping", 4, &s->out));
	assert_true(next_record(s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_APPLICATION_DATA);
	assert_int_equal(plain.len, 4);
	assert_memory_equal(plain.data, "ping", 4);
	assert_ok(ward_tls_record_seal(&s->wr, &wire,
				       WARD_TLS_CT_APPLICATION_DATA,
				       (const uint8_t *)"pong", 4, 0));
	assert_ok(feed(s, &wire));
	assert_int_equal(s->app.len, 4);
	assert_memory_equal(s->app.data, "pong", 4);
	ward_buf_clear(&s->app);
	ward_buf_free(&plain);
	ward_buf_free(&wire);
}

static void full_handshakes(void **state)
{
	(void)state;
	const ward_key_type types[] = {WARD_KEY_EC_P256, WARD_KEY_RSA};
	for (size_t i = 0; i < 2; i++) {
		struct srv s;
		srv_init(&s, types[i]);
		srv_start(&s, NULL);
		assert_true(s.ticket_ext);
		assert_int_equal(s.ticket.len, 0); /* asks for a ticket */
		full_handshake(&s, NULL);
		const ward_tls_info *info = ward_tls_get_info(s.conn);
		assert_int_equal(info->version, WARD_TLS_VERSION_12);
		assert_int_equal(info->suite, s.suite);
		assert_int_equal(info->group, WARD_GROUP_X25519);
		assert_int_equal(info->sigscheme, right_scheme(&s));
		assert_int_equal(info->peer_chain_len, 1);
		assert_false(info->resumed);
		app_roundtrip(&s);
		srv_free(&s);
	}
}

/* One flight spoiled in the ServerKeyExchange: the client's alert. */
static void spoiled_key_exchange(void **state)
{
	(void)state;
	static const struct {
		uint16_t group, announce, sign_as;
		int spoil;
		uint8_t alert;
	} cases[] = {
	    /* a scheme not offered (ECDSA with SHA-1; ward signs no SHA-1,
	     * and the client looks no further) */
	    {WARD_GROUP_X25519, WARD_SIG_ECDSA_SHA1,
	     WARD_SIG_ECDSA_SECP256R1_SHA256, 0, WARD_ALERT_ILLEGAL_PARAMETER},
	    /* an offered scheme the key cannot make */
	    {WARD_GROUP_X25519, WARD_SIG_RSA_PSS_RSAE_SHA256,
	     WARD_SIG_ECDSA_SECP256R1_SHA256, 0, WARD_ALERT_ILLEGAL_PARAMETER},
	    /* another offered scheme announced than signed with */
	    {WARD_GROUP_X25519, WARD_SIG_ECDSA_SECP384R1_SHA384,
	     WARD_SIG_ECDSA_SECP256R1_SHA256, 0, WARD_ALERT_DECRYPT_ERROR},
	    /* a bad signature */
	    {WARD_GROUP_X25519, WARD_SIG_ECDSA_SECP256R1_SHA256,
	     WARD_SIG_ECDSA_SECP256R1_SHA256, 1, WARD_ALERT_DECRYPT_ERROR},
	    /* a curve not offered (brainpoolP256r1), and FFDHE in ECDHE */
	    {0x001a, WARD_SIG_ECDSA_SECP256R1_SHA256,
	     WARD_SIG_ECDSA_SECP256R1_SHA256, 0, WARD_ALERT_ILLEGAL_PARAMETER},
	    {WARD_GROUP_FFDHE2048, WARD_SIG_ECDSA_SECP256R1_SHA256,
	     WARD_SIG_ECDSA_SECP256R1_SHA256, 0, WARD_ALERT_ILLEGAL_PARAMETER},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct srv s;
		ward_buf flight = WARD_BUF_INIT;
		static const uint8_t id[1] = {7};
		srv_init(&s, WARD_KEY_EC_P256);
		srv_start(&s, NULL);
		put_server_hello(&s, &flight, id, 1, 0);
		put_certificate(&s, &flight);
		put_server_key_exchange(&s, &flight, cases[i].group,
					cases[i].announce, cases[i].sign_as,
					cases[i].spoil);
		put_empty(&s, &flight, 14);
		assert_true(send_flight(&s, &flight) != WARD_OK);
		expect_alert(&s, 2, cases[i].alert);
		ward_buf_free(&flight);
		srv_free(&s);
	}
}

/* The chain is verified as in TLS 1.3: a certificate for another name
 * is refused with the alert the TLS 1.3 client sends. */
static void wrong_name(void **state)
{
	(void)state;
	struct srv s;
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	/* a new connection to another name (the transcript does not
	 * matter: the chain is refused first) */
	ward_tls_conn_free(s.conn);
	s.conn = ward_tls_conn_new(s.cfg);
	assert_ok(ward_tls_set_hostname(s.conn, "other.example"));
	ward_buf_clear(&s.out);
	assert_ok(ward_tls_start(s.conn, &s.out));
	memcpy(s.cr, s.out.data + 5 + 4 + 2, 32);
	ward_buf_clear(&s.out);
	assert_true(send_first_flight(&s, 0) != WARD_OK);
	expect_alert(&s, 2, WARD_ALERT_CERTIFICATE_UNKNOWN);
	srv_free(&s);
}

/* RFC 5246 7.4.9: a wrong server Finished is decrypt_error, sent under
 * the client's new keys. */
static void bad_server_finished(void **state)
{
	(void)state;
	struct srv s;
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	assert_ok(send_first_flight(&s, 0));
	read_client_flight(&s);
	assert_err(send_finish(&s, NULL, 1), WARD_ERR_DECRYPT_ERROR);
	expect_alert(&s, 2, WARD_ALERT_DECRYPT_ERROR);
	srv_free(&s);
}

/* Messages out of order, and the NewSessionTicket RFC 5077 3.3 says must
 * (or must not) come. */
static void out_of_order(void **state)
{
	(void)state;
	struct srv s;
	ward_buf flight = WARD_BUF_INIT;
	static const uint8_t id[1] = {7};
	/* ServerHelloDone without ServerKeyExchange */
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	put_server_hello(&s, &flight, id, 1, 0);
	put_certificate(&s, &flight);
	put_empty(&s, &flight, 14);
	assert_err(send_flight(&s, &flight), WARD_ERR_UNEXPECTED_MESSAGE);
	expect_alert(&s, 2, WARD_ALERT_UNEXPECTED_MESSAGE);
	/* session_ticket in the ServerHello, then no NewSessionTicket */
	srv_start(&s, NULL);
	assert_ok(send_first_flight(&s, SH_TICKET));
	read_client_flight(&s);
	assert_err(send_finish(&s, NULL, 0), WARD_ERR_UNEXPECTED_MESSAGE);
	expect_alert(&s, 2, WARD_ALERT_UNEXPECTED_MESSAGE);
	/* a NewSessionTicket the ServerHello did not announce */
	srv_start(&s, NULL);
	assert_ok(send_first_flight(&s, 0));
	read_client_flight(&s);
	assert_err(send_finish(&s, "unannounced", 0),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	expect_alert(&s, 2, WARD_ALERT_UNEXPECTED_MESSAGE);
	/* a HelloRequest during the handshake */
	srv_start(&s, NULL);
	ward_buf_clear(&flight);
	put_empty(&s, &flight, 0);
	assert_err(send_flight(&s, &flight), WARD_ERR_UNEXPECTED_MESSAGE);
	expect_alert(&s, 2, WARD_ALERT_UNEXPECTED_MESSAGE);
	ward_buf_free(&flight);
	srv_free(&s);
}

/* RFC 5746 4.2, RFC 5246 7.4.1.1: ward never renegotiates; a HelloRequest
 * after the handshake gets a no_renegotiation warning, and data flows on. */
static void hello_request_refused(void **state)
{
	(void)state;
	struct srv s;
	ward_buf flight = WARD_BUF_INIT, wire = WARD_BUF_INIT;
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	full_handshake(&s, NULL);
	put_empty(&s, &flight, 0);
	assert_ok(ward_tls_record_seal(&s.wr, &wire, WARD_TLS_CT_HANDSHAKE,
				       flight.data, flight.len, 0));
	assert_ok(feed(&s, &wire));
	expect_alert(&s, 1, WARD_ALERT_NO_RENEGOTIATION);
	app_roundtrip(&s);
	/* a HelloRequest with a body is decode_error */
	ward_buf_clear(&wire);
	assert_ok(ward_tls_record_seal(&s.wr, &wire, WARD_TLS_CT_HANDSHAKE,
				       (const uint8_t *)"\x00\x00\x00\x01\x00",
				       5, 0));
	assert_err(feed(&s, &wire), WARD_ERR_DECODE);
	expect_alert(&s, 2, WARD_ALERT_DECODE_ERROR);
	ward_buf_free(&flight);
	ward_buf_free(&wire);
	srv_free(&s);
}

/* RFC 5246 7.2.2: a warning alert in TLS 1.2 is ignored, up to
 * WARD_TLS_MAX_WARNING_ALERTS in a row; a fatal one ends the connection. */
static void warning_alerts(void **state)
{
	(void)state;
	struct srv s;
	ward_buf wire = WARD_BUF_INIT;
	static const uint8_t unrecognized_name[2] = {1, 112};
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	full_handshake(&s, NULL);
	for (int i = 0; i < WARD_TLS_MAX_WARNING_ALERTS; i++)
		assert_ok(ward_tls_record_seal(&s.wr, &wire, WARD_TLS_CT_ALERT,
					       unrecognized_name, 2, 0));
	assert_ok(feed(&s, &wire));
	assert_int_equal(s.out.len, 0);
	app_roundtrip(&s);
	ward_buf_clear(&wire);
	for (int i = 0; i <= WARD_TLS_MAX_WARNING_ALERTS; i++)
		assert_ok(ward_tls_record_seal(&s.wr, &wire, WARD_TLS_CT_ALERT,
					       unrecognized_name, 2, 0));
	assert_err(feed(&s, &wire), WARD_ERR_UNEXPECTED_MESSAGE);
	expect_alert(&s, 2, WARD_ALERT_UNEXPECTED_MESSAGE);
	/* fatal */
	srv_start(&s, NULL);
	full_handshake(&s, NULL);
	ward_buf_clear(&wire);
	assert_ok(ward_tls_record_seal(&s.wr, &wire, WARD_TLS_CT_ALERT,
				       (const uint8_t *)"\x02\x70", 2, 0));
	assert_err(feed(&s, &wire), WARD_ERR_PEER_ALERT);
	assert_int_equal(ward_tls_get_info(s.conn)->alert_received, 112);
	ward_buf_free(&wire);
	srv_free(&s);
}

/* The abbreviated handshake (RFC 5246 7.3): our ServerHello echoes the
 * session ID the client offered, then (NewSessionTicket),
 * ChangeCipherSpec and Finished; the client answers with its own. */
static void resume_flight(struct srv *s, const uint8_t *master,
			  const char *ticket)
{
	ward_buf flight = WARD_BUF_INIT, wire = WARD_BUF_INIT;
	assert_true(s->sid_len > 0);
	put_server_hello(s, &flight, s->sid, s->sid_len,
			 ticket ? SH_TICKET : 0);
	assert_ok(ward_tls_record_seal(&s->wr, &wire, WARD_TLS_CT_HANDSHAKE,
				       flight.data, flight.len, 0));
	assert_ok(feed(s, &wire));
	memcpy(s->master, master, 48);
	derive_keys(s);
	assert_ok(send_finish(s, ticket, 0));
	assert_ok(s->err);
	expect_ccs(s);
	expect_finished(s);
	assert_int_equal(s->out.len, 0);
	assert_true(ward_tls_handshake_done(s->conn));
	assert_true(ward_tls_get_info(s->conn)->resumed);
	ward_buf_free(&flight);
	ward_buf_free(&wire);
}

static void resume_by_session_id(void **state)
{
	(void)state;
	struct srv s;
	ward_buf blob = WARD_BUF_INIT, blob2 = WARD_BUF_INIT;
	uint8_t master[48];
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	assert_err(ward_tls_get_session(s.conn, &blob), WARD_ERR_STATE);
	full_handshake(&s, NULL);
	memcpy(master, s.master, 48);
	assert_ok(ward_tls_get_session(s.conn, &blob));
	assert_int_equal(blob.data[0], 0x12);
	/* the session ID the server gave, no ticket */
	srv_start(&s, &blob);
	assert_int_equal(s.sid_len, 32);
	assert_int_equal(s.sid[0], 0x1d);
	assert_true(s.ticket_ext);
	assert_int_equal(s.ticket.len, 0);
	resume_flight(&s, master, NULL);
	const ward_tls_info *info = ward_tls_get_info(s.conn);
	assert_int_equal(info->suite, s.suite);
	app_roundtrip(&s);
	/* the resumed connection's session is the same */
	assert_ok(ward_tls_get_session(s.conn, &blob2));
	assert_int_equal(blob2.len, blob.len);
	srv_start(&s, &blob2);
	resume_flight(&s, master, NULL);
	ward_buf_free(&blob);
	ward_buf_free(&blob2);
	srv_free(&s);
}

/* Whether the ClientHello's session ID is one the scripted server gave
 * (id0, 1, 2, ... 9, zeros), not one of the client's own. */
static int server_given_id(const struct srv *s)
{
	uint8_t id[32] = {s->id0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
	return s->sid_len == 32 && !memcmp(s->sid, id, 32);
}

static void resume_by_ticket(void **state)
{
	(void)state;
	struct srv s;
	ward_buf blob = WARD_BUF_INIT;
	uint8_t master[48];
	srv_init(&s, WARD_KEY_RSA);
	srv_start(&s, NULL);
	full_handshake(&s, "ticket-1");
	memcpy(master, s.master, 48);
	assert_ok(ward_tls_get_session(s.conn, &blob));
	/* the ticket, and a session ID of the client's own to see it used
	 * (RFC 5077 3.4) */
	srv_start(&s, &blob);
	assert_int_equal(s.ticket.len, 8);
	assert_memory_equal(s.ticket.data, "ticket-1", 8);
	assert_int_equal(s.sid_len, 32);
	assert_false(server_given_id(&s));
	/* a new ticket in the abbreviated handshake replaces the old */
	resume_flight(&s, master, "ticket-2");
	app_roundtrip(&s);
	assert_ok(ward_tls_get_session(s.conn, &blob));
	srv_start(&s, &blob);
	assert_int_equal(s.ticket.len, 8);
	assert_memory_equal(s.ticket.data, "ticket-2", 8);
	ward_buf_free(&blob);
	srv_free(&s);
}

/* A server that does not echo the session: a full handshake; one that
 * resumes with another suite: illegal_parameter. */
static void resume_refused(void **state)
{
	(void)state;
	struct srv s;
	ward_buf blob = WARD_BUF_INIT, flight = WARD_BUF_INIT;
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	full_handshake(&s, NULL);
	assert_ok(ward_tls_get_session(s.conn, &blob));
	srv_start(&s, &blob);
	s.id0 = 0x2e; /* another session ID */
	full_handshake(&s, NULL);
	assert_false(ward_tls_get_info(s.conn)->resumed);
	/* the session ID offered echoed, another suite */
	srv_start(&s, &blob);
	s.suite = WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
	put_server_hello(&s, &flight, s.sid, s.sid_len, 0);
	assert_err(send_flight(&s, &flight), WARD_ERR_ILLEGAL_PARAMETER);
	expect_alert(&s, 2, WARD_ALERT_ILLEGAL_PARAMETER);
	ward_buf_free(&flight);
	ward_buf_free(&blob);
	srv_free(&s);
}

/* RFC 7627 5.3: an abbreviated handshake without the extended master
 * secret is refused. */
static void resume_without_ems(void **state)
{
	(void)state;
	struct srv s;
	ward_buf blob = WARD_BUF_INIT, flight = WARD_BUF_INIT;
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	full_handshake(&s, NULL);
	assert_ok(ward_tls_get_session(s.conn, &blob));
	srv_start(&s, &blob);
	put_server_hello(&s, &flight, s.sid, s.sid_len, SH_NO_EMS);
	assert_err(send_flight(&s, &flight), WARD_ERR_HANDSHAKE_FAILURE);
	expect_alert(&s, 2, WARD_ALERT_HANDSHAKE_FAILURE);
	ward_buf_free(&flight);
	ward_buf_free(&blob);
	srv_free(&s);
}

/* Sessions that are well-formed but do not suit the connection are not
 * offered; malformed blobs are WARD_ERR_ARG; the calls' states. */
static void session_blobs(void **state)
{
	(void)state;
	struct srv s;
	ward_buf blob = WARD_BUF_INIT, bad = WARD_BUF_INIT;
	srv_init(&s, WARD_KEY_EC_P256);
	srv_start(&s, NULL);
	full_handshake(&s, "t");
	assert_ok(ward_tls_get_session(s.conn, &blob));
	/* after the handshake: too late to set one */
	assert_err(ward_tls_set_session(s.conn, blob.data, blob.len),
		   WARD_ERR_STATE);
	/* expired (the ticket's hint: an hour) */
	s.now += 3601;
	srv_start(&s, &blob);
	assert_int_equal(s.ticket.len, 0);
	assert_false(server_given_id(&s));
	s.now -= 3601;
	/* from the future */
	s.now -= 10;
	srv_start(&s, &blob);
	assert_int_equal(s.ticket.len, 0);
	s.now += 10;
	/* its suite no longer enabled */
	const uint16_t other = WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
	assert_ok(ward_tls_config_set_suites12(s.cfg, &other, 1));
	srv_start(&s, &blob);
	assert_int_equal(s.ticket.len, 0);
	assert_ok(ward_tls_config_set_suites12(s.cfg, &s.suite, 1));
	/* for another host */
	ward_tls_conn_free(s.conn);
	s.conn = ward_tls_conn_new(s.cfg);
	assert_ok(ward_tls_set_hostname(s.conn, "other.example"));
	assert_ok(ward_tls_set_session(s.conn, blob.data, blob.len));
	ward_buf_clear(&s.out);
	assert_ok(ward_tls_start(s.conn, &s.out));
	assert_null(memmem(s.out.data, s.out.len, "\x00\x23\x00\x01t", 5));
	/* still good as it was */
	srv_start(&s, &blob);
	assert_int_equal(s.ticket.len, 1);
	/* malformed: truncated, a byte more, an unknown kind, a long ID */
	ward_tls_conn_free(s.conn);
	s.conn = ward_tls_conn_new(s.cfg);
	assert_err(ward_tls_set_session(s.conn, blob.data, blob.len - 1),
		   WARD_ERR_ARG);
	assert_ok(ward_put_bytes(&bad, blob.data, blob.len));
	assert_ok(ward_put_u8(&bad, 0));
	assert_err(ward_tls_set_session(s.conn, bad.data, bad.len),
		   WARD_ERR_ARG);
	bad.data[0] = 0x11;
	assert_err(ward_tls_set_session(s.conn, bad.data, bad.len - 1),
		   WARD_ERR_ARG);
	bad.data[0] = 0x12;
	bad.data[1 + 2 + 1 + 48] = 33;
	assert_err(ward_tls_set_session(s.conn, bad.data, bad.len - 1),
		   WARD_ERR_ARG);
	assert_err(ward_tls_set_session(s.conn, bad.data, 0), WARD_ERR_ARG);
	/* a blob of a TLS 1.2 session without EMS: ignored */
	ward_buf_clear(&bad);
	assert_ok(ward_put_bytes(&bad, blob.data, blob.len));
	bad.data[3] = 0;
	assert_ok(ward_tls_set_session(s.conn, bad.data, bad.len));
	ward_buf_free(&bad);
	ward_buf_free(&blob);
	srv_free(&s);
}

/* The key log line each side wrote (TLS 1.2: one CLIENT_RANDOM). */
static void keep_line(void *ctx, const char *line)
{
	snprintf(ctx, 256, "%s", line);
}

/* ward's client with TLS 1.3 off against ward's server: every TLS 1.2
 * suite with its certificate types, every ECDHE group. */
static void against_ward_server(void **state)
{
	(void)state;
	static const struct {
		ward_key_type type;
		uint16_t scheme;
		uint16_t suites[3];
	} certs[] = {
	    {WARD_KEY_EC_P256,
	     WARD_SIG_ECDSA_SECP256R1_SHA256,
	     {WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	      WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	      WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}},
	    {WARD_KEY_EC_P384,
	     WARD_SIG_ECDSA_SECP384R1_SHA384,
	     {WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	      WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	      WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256}},
	    {WARD_KEY_RSA,
	     WARD_SIG_RSA_PSS_RSAE_SHA256,
	     {WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	      WARD_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	      WARD_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}},
	};
	static const uint16_t groups[] = {
	    WARD_GROUP_X25519, WARD_GROUP_SECP256R1, WARD_GROUP_SECP384R1};
	char c_line[256], s_line[256];
	for (size_t t = 0; t < sizeof certs / sizeof *certs; t++) {
		struct tls_pair p;
		tls_pair_configs(&p, certs[t].type);
		assert_ok(ward_tls_config_set_tls13(p.ccfg, 0));
		ward_tls_config_set_keylog(p.ccfg, keep_line, c_line);
		ward_tls_config_set_keylog(p.scfg, keep_line, s_line);
		for (size_t i = 0; i < 3; i++) {
			for (size_t g = 0; g < 3; g++) {
				/* the server's one group; the client offers
				 * the certificate's curve too (RFC 8422
				 * 5.1.1) */
				uint16_t offer[2] = {groups[g], 0};
				size_t n_offer = 1;
				uint16_t curve =
				    certs[t].type == WARD_KEY_EC_P256
					? WARD_GROUP_SECP256R1
				    : certs[t].type == WARD_KEY_EC_P384
					? WARD_GROUP_SECP384R1
					: 0;
				if (curve && curve != groups[g])
					offer[n_offer++] = curve;
				assert_ok(ward_tls_config_set_suites12(
				    p.ccfg, &certs[t].suites[i], 1));
				assert_ok(ward_tls_config_set_groups(
				    p.scfg, &groups[g], 1));
				assert_ok(ward_tls_config_set_groups(
				    p.ccfg, offer, n_offer));
				tls_pair_connect(&p, "localhost");
				tls_pair_pump(&p);
				assert_ok(p.c_err);
				assert_ok(p.s_err);
				assert_true(ward_tls_handshake_done(p.client));
				assert_true(ward_tls_handshake_done(p.server));
				const ward_tls_info *ci =
				    ward_tls_get_info(p.client);
				assert_int_equal(ci->version,
						 WARD_TLS_VERSION_12);
				assert_int_equal(ci->suite, certs[t].suites[i]);
				assert_int_equal(ci->group, groups[g]);
				assert_int_equal(ci->sigscheme,
						 certs[t].scheme);
				assert_false(ci->resumed);
				assert_int_equal(
				    ward_tls_get_info(p.server)->suite,
				    certs[t].suites[i]);
				/* both sides logged the same master secret */
				assert_string_equal(c_line, s_line);
				assert_int_equal(
				    strncmp(c_line, "CLIENT_RANDOM ", 14), 0);
				assert_ok(ward_tls_send(p.client, "ping", 4,
							&p.c_out));
				tls_pair_pump(&p);
				assert_int_equal(p.s_app.len, 4);
				ward_buf_clear(&p.s_app);
				ward_tls_conn_free(p.client);
				ward_tls_conn_free(p.server);
				p.client = p.server = NULL;
			}
		}
		tls_pair_free(&p);
	}
}

/* A client offering `suite` (and TLS 1.3 with the default groups) gets
 * ServerHello (with `flags`), Certificate, then `ske` if given, and
 * ServerHelloDone: the alert it sends. */
static void dh_case(uint16_t group, uint8_t p_xor, const uint8_t *ys,
		    size_t ys_len, uint8_t alert)
{
	struct srv s;
	ward_buf flight = WARD_BUF_INIT;
	static const uint8_t id[1] = {7};
	static const uint16_t groups[] = {WARD_GROUP_X25519,
					  WARD_GROUP_FFDHE2048};
	srv_init(&s, WARD_KEY_RSA);
	s.suite = WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256;
	assert_ok(ward_tls_config_set_suites12(s.cfg, &s.suite, 1));
	assert_ok(ward_tls_config_set_groups(s.cfg, groups, 2));
	srv_start(&s, NULL);
	put_server_hello(&s, &flight, id, 1, 0);
	put_certificate(&s, &flight);
	put_dh_key_exchange(&s, &flight, group, p_xor, ys, ys_len);
	put_empty(&s, &flight, 14);
	assert_true(send_flight(&s, &flight) != WARD_OK);
	expect_alert(&s, 2, alert);
	ward_buf_free(&flight);
	srv_free(&s);
}

/* DHE (RFC 7919): parameters that are not a group the client offered are
 * insufficient_security; Ys outside 1 < Ys < p-1, or wider than p, is
 * illegal_parameter (5.1). */
static void dh_params_refused(void **state)
{
	(void)state;
	ward_slice p, g;
	uint8_t ys[257];
	assert_ok(ward_kex_ffdhe_params(WARD_GROUP_FFDHE2048, &p, &g));
	memset(ys, 0x5a, sizeof ys);
	/* a group not offered (ffdhe3072), a prime of no group */
	dh_case(WARD_GROUP_FFDHE3072, 0, ys, 256,
		WARD_ALERT_INSUFFICIENT_SECURITY);
	dh_case(WARD_GROUP_FFDHE2048, 2, ys, 256,
		WARD_ALERT_INSUFFICIENT_SECURITY);
	/* Ys = 1, Ys = p - 1, Ys = p, wider than p */
	dh_case(WARD_GROUP_FFDHE2048, 0, (const uint8_t *)"\x01", 1,
		WARD_ALERT_ILLEGAL_PARAMETER);
	memcpy(ys, p.p, 256);
	ys[255] ^= 1; /* p is odd */
	dh_case(WARD_GROUP_FFDHE2048, 0, ys, 256, WARD_ALERT_ILLEGAL_PARAMETER);
	memcpy(ys, p.p, 256);
	dh_case(WARD_GROUP_FFDHE2048, 0, ys, 256, WARD_ALERT_ILLEGAL_PARAMETER);
	ys[0] = 0;
	memcpy(ys + 1, p.p, 256);
	dh_case(WARD_GROUP_FFDHE2048, 0, ys, 257, WARD_ALERT_ILLEGAL_PARAMETER);
	/* a sound one goes on to ServerHelloDone and the key exchange */
	struct srv s;
	ward_buf flight = WARD_BUF_INIT;
	static const uint8_t id[1] = {7};
	srv_init(&s, WARD_KEY_RSA);
	s.suite = WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256;
	assert_ok(ward_tls_config_set_suites12(s.cfg, &s.suite, 1));
	srv_start(&s, NULL);
	put_server_hello(&s, &flight, id, 1, 0);
	put_certificate(&s, &flight);
	memset(ys, 0x5a, 256);
	put_dh_key_exchange(&s, &flight, WARD_GROUP_FFDHE2048, 0, ys, 256);
	put_empty(&s, &flight, 14);
	assert_ok(send_flight(&s, &flight));
	assert_int_equal(ward_tls_get_info(s.conn)->group,
			 WARD_GROUP_FFDHE2048);
	ward_buf_free(&flight);
	srv_free(&s);
}

/* RFC 5246 8.1.2: the DHE pre-master secret is Z without its leading
 * zero bytes. The client's key is fixed; the server draws keys until Z
 * starts with a zero byte (1 in 256), and checks the client's Finished
 * against the master secret made from the stripped Z. */
static void dh_premaster_stripped(void **state)
{
	(void)state;
	static const uint8_t client_priv[32] = {0x7c, 1, 2, 3, 4, 5, 6, 7};
	uint8_t client_pub[256], ys[256], z[256], th[HLEN], type;
	size_t pub_len = sizeof client_pub, z_len = 0;
	struct srv s;
	ward_kex client = {0}, server = {0};
	ward_buf flight = WARD_BUF_INIT, plain = WARD_BUF_INIT;
	static const uint8_t id[1] = {7};
	assert_ok(ward_kex_from_private(&client, WARD_GROUP_FFDHE2048,
					client_priv, sizeof client_priv,
					client_pub, &pub_len));
	for (int i = 0; i < 4096; i++) {
		size_t ys_len = sizeof ys;
		z_len = sizeof z;
		ward_kex_free(&server);
		assert_ok(ward_kex_keygen(&server, WARD_GROUP_FFDHE2048, ys,
					  &ys_len));
		assert_ok(
		    ward_kex_derive(&server, client_pub, pub_len, z, &z_len));
		assert_int_equal(z_len, 256);
		if (z[0] == 0)
			break;
	}
	assert_int_equal(z[0], 0);
	srv_init(&s, WARD_KEY_RSA);
	s.suite = WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256;
	assert_ok(ward_tls_config_set_suites12(s.cfg, &s.suite, 1));
	ward_tls_config_set_test_kex_private(
	    s.cfg, WARD_GROUP_FFDHE2048,
	    ward_slice_make(client_priv, sizeof client_priv));
	srv_start(&s, NULL);
	put_server_hello(&s, &flight, id, 1, 0);
	put_certificate(&s, &flight);
	put_dh_key_exchange(&s, &flight, WARD_GROUP_FFDHE2048, 0, ys, 256);
	put_empty(&s, &flight, 14);
	assert_ok(send_flight(&s, &flight));
	/* ClientKeyExchange: dh_Yc, the fixed key's */
	assert_true(next_record(&s, &type, &plain));
	assert_int_equal(plain.len, 4 + 2 + 256);
	assert_int_equal(plain.data[0], 16);
	assert_memory_equal(plain.data + 6, client_pub, 256);
	assert_ok(ward_hash_update(&s.th, plain.data, plain.len));
	assert_ok(ward_hash_peek(&s.th, th));
	z_len = ward_tls12_dh_premaster(z, z_len);
	assert_true(z_len < 256);
	assert_ok(ward_tls12_master_secret_ems(WARD_HASH_SHA256, z, z_len, th,
					       s.master));
	derive_keys(&s);
	expect_ccs(&s);
	expect_finished(&s);
	assert_ok(send_finish(&s, NULL, 0));
	assert_true(ward_tls_handshake_done(s.conn));
	app_roundtrip(&s);
	ward_kex_free(&client);
	ward_kex_free(&server);
	ward_buf_free(&flight);
	ward_buf_free(&plain);
	srv_free(&s);
}

/* RFC 5246 7.4.3: static RSA has no ServerKeyExchange. */
static void rsa_key_exchange_refused(void **state)
{
	(void)state;
	struct srv s;
	ward_buf flight = WARD_BUF_INIT;
	static const uint8_t id[1] = {7};
	srv_init(&s, WARD_KEY_RSA);
	s.suite = WARD_TLS_RSA_WITH_AES_128_GCM_SHA256;
	assert_ok(ward_tls_config_set_suites12(s.cfg, &s.suite, 1));
	srv_start(&s, NULL);
	put_server_hello(&s, &flight, id, 1, 0);
	put_certificate(&s, &flight);
	put_server_key_exchange(&s, &flight, WARD_GROUP_X25519,
				right_scheme(&s), right_scheme(&s), 0);
	put_empty(&s, &flight, 14);
	assert_err(send_flight(&s, &flight), WARD_ERR_UNEXPECTED_MESSAGE);
	expect_alert(&s, 2, WARD_ALERT_UNEXPECTED_MESSAGE);
	ward_buf_free(&flight);
	srv_free(&s);
	/* a key to encrypt to must be an RSA one */
	srv_init(&s, WARD_KEY_EC_P256);
	s.suite = WARD_TLS_RSA_WITH_AES_128_GCM_SHA256;
	assert_ok(ward_tls_config_set_suites12(s.cfg, &s.suite, 1));
	srv_start(&s, NULL);
	ward_buf_init(&flight);
	put_server_hello(&s, &flight, id, 1, 0);
	put_certificate(&s, &flight);
	assert_err(send_flight(&s, &flight), WARD_ERR_UNSUPPORTED_CERTIFICATE);
	expect_alert(&s, 2, WARD_ALERT_UNSUPPORTED_CERTIFICATE);
	ward_buf_free(&flight);
	srv_free(&s);
}

/* What the ClientHello offers for TLS 1.2 follows the suites: the FFDHE
 * groups with a DHE suite (or TLS 1.3), encrypt_then_mac with a CBC one.
 * RFC 7366 3: encrypt_then_mac answered for an AEAD suite is
 * illegal_parameter; answered without our offer, unsupported_extension. */
static void encrypt_then_mac_offer(void **state)
{
	(void)state;
	static const struct {
		uint16_t suites[2];
		size_t n;
		int tls13, etm, ffdhe;
	} offers[] = {
	    {{WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}, 1, 0, 0, 0},
	    {{WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}, 1, 1, 0, 1},
	    {{WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256}, 1, 0, 0, 1},
	    {{WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	      WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA},
	     2,
	     0,
	     1,
	     0},
	};
	struct srv s;
	ward_buf flight = WARD_BUF_INIT;
	static const uint8_t id[1] = {7};
	srv_init(&s, WARD_KEY_EC_P256);
	for (size_t i = 0; i < sizeof offers / sizeof *offers; i++) {
		assert_ok(ward_tls_config_set_tls13(s.cfg, offers[i].tls13));
		assert_ok(ward_tls_config_set_suites12(s.cfg, offers[i].suites,
						       offers[i].n));
		srv_start(&s, NULL);
		/* the extension (22, empty), the group's code point */
		assert_int_equal(
		    memmem(s.ch.data, s.ch.len, "\x00\x16\x00\x00", 4) != NULL,
		    offers[i].etm);
		assert_int_equal(
		    memmem(s.ch.data, s.ch.len, "\x01\x00\x01\x01", 4) != NULL,
		    offers[i].ffdhe);
	}
	/* the last offer: CBC and AEAD, an AEAD suite chosen */
	put_server_hello(&s, &flight, id, 1, SH_ETM);
	assert_err(send_flight(&s, &flight), WARD_ERR_ILLEGAL_PARAMETER);
	expect_alert(&s, 2, WARD_ALERT_ILLEGAL_PARAMETER);
	/* an AEAD-only offer */
	assert_ok(ward_tls_config_set_suites12(s.cfg, &s.suite, 1));
	srv_start(&s, NULL);
	ward_buf_clear(&flight);
	put_server_hello(&s, &flight, id, 1, SH_ETM);
	assert_err(send_flight(&s, &flight), WARD_ERR_UNSUPPORTED_EXTENSION);
	expect_alert(&s, 2, WARD_ALERT_UNSUPPORTED_EXTENSION);
	ward_buf_free(&flight);
	srv_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_handshakes),
	    cmocka_unit_test(against_ward_server),
	    cmocka_unit_test(spoiled_key_exchange),
	    cmocka_unit_test(bad_server_finished),
	    cmocka_unit_test(wrong_name),
	    cmocka_unit_test(out_of_order),
	    cmocka_unit_test(hello_request_refused),
	    cmocka_unit_test(warning_alerts),
	    cmocka_unit_test(resume_by_session_id),
	    cmocka_unit_test(resume_by_ticket),
	    cmocka_unit_test(resume_refused),
	    cmocka_unit_test(resume_without_ems),
	    cmocka_unit_test(session_blobs),
	    cmocka_unit_test(dh_params_refused),
	    cmocka_unit_test(dh_premaster_stripped),
	    cmocka_unit_test(rsa_key_exchange_refused),
	    cmocka_unit_test(encrypt_then_mac_offer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

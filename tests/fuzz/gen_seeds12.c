/* The TLS 1.2 seeds of fuzz_tls_server: a client's whole flight
 * (ClientHello without supported_versions, ClientKeyExchange,
 * ChangeCipherSpec, Finished made by the harness, application data)
 * against the server of fixture.c, and the refusals of RFC 5246, 5746,
 * 7507 and 7627, each with its one alert. ward has no TLS 1.2 client
 * yet: the ClientHello is written here, field by field. */
#include <string.h>

#include "crypto/crypto.h"
#include "fixture.h"
#include "gen_seeds.h"
#include "tls/handshake.h"
#include "tls/record.h"
#include "tls/ticket.h"

struct hello12 {
	const uint16_t *suites;
	size_t n_suites;
	uint16_t group; /* the one the client offers first */
	int no_ems;	/* leave out extended_master_secret */
	int fallback;	/* TLS_FALLBACK_SCSV (RFC 7507) */
	int only_group; /* not P-256 too (for the P-384 certificate) */
	const uint8_t *session_id; /* 32 bytes, or none */
	const ward_buf *ticket;	   /* the SessionTicket extension's */
};

static void ext_begin(ward_buf *m, uint16_t type, size_t *mark)
{
	ok(ward_put_u16(m, type), "ext");
	ok(ward_put_vec_begin(m, 2, mark), "ext");
}

static void vec_end(ward_buf *m, size_t mark)
{
	ok(ward_put_vec_end(m, mark), "vec");
}

/* One handshake message as one plaintext record of version 0x0303 */
static void record(ward_buf *out, uint8_t type, const ward_buf *msg)
{
	size_t mark;
	ok(ward_put_u8(out, type), "record");
	ok(ward_put_u16(out, 0x0303), "record");
	ok(ward_put_vec_begin(out, 2, &mark), "record");
	ok(ward_put_bytes(out, msg->data, msg->len), "record");
	vec_end(out, mark);
}

/* A TLS 1.2 ClientHello record as browsers send one, less what ward
 * ignores: SNI test.example, the client's group and P-256 (the
 * certificate's curve, RFC 8422 5.1.1), uncompressed points, ECDSA,
 * RSA-PSS and Ed25519 signatures, ALPN http/1.1, EMS, an empty
 * renegotiation_info. */
static void client_hello12(const struct hello12 *h, ward_buf *rec)
{
	static const char host[] = "test.example";
	static const uint16_t sigs[] = {
	    WARD_SIG_ECDSA_SECP256R1_SHA256, WARD_SIG_ECDSA_SECP384R1_SHA384,
	    WARD_SIG_RSA_PSS_RSAE_SHA256, WARD_SIG_ED25519};
	ward_buf m;
	size_t body, vec, exts, ext, inner;
	ward_buf_init(&m);
	ok(ward_put_u8(&m, WARD_HS_CLIENT_HELLO), "ch");
	ok(ward_put_vec_begin(&m, 3, &body), "ch");
	ok(ward_put_u16(&m, 0x0303), "ch");
	ok(ward_put_fill(&m, 0x12, 32), "ch");
	ok(ward_put_vec(&m, 1, h->session_id, h->session_id ? 32 : 0), "ch");
	ok(ward_put_vec_begin(&m, 2, &vec), "ch");
	for (size_t i = 0; i < h->n_suites; i++)
		ok(ward_put_u16(&m, h->suites[i]), "ch");
	if (h->fallback)
		ok(ward_put_u16(&m, 0x5600), "ch");
	vec_end(&m, vec);
	ok(ward_put_vec(&m, 1, "", 1), "ch"); /* null compression */
	ok(ward_put_vec_begin(&m, 2, &exts), "ch");

	ext_begin(&m, 0, &ext); /* server_name */
	ok(ward_put_vec_begin(&m, 2, &inner), "sni");
	ok(ward_put_u8(&m, 0), "sni");
	ok(ward_put_vec(&m, 2, host, strlen(host)), "sni");
	vec_end(&m, inner);
	vec_end(&m, ext);
	ext_begin(&m, 10, &ext); /* supported_groups */
	ok(ward_put_vec_begin(&m, 2, &inner), "groups");
	ok(ward_put_u16(&m, h->group), "groups");
	if (h->group != WARD_GROUP_SECP256R1 && !h->only_group)
		ok(ward_put_u16(&m, WARD_GROUP_SECP256R1), "groups");
	vec_end(&m, inner);
	vec_end(&m, ext);
	ext_begin(&m, 11, &ext); /* ec_point_formats: uncompressed */
	ok(ward_put_vec(&m, 1, "", 1), "points");
	vec_end(&m, ext);
	ext_begin(&m, 13, &ext); /* signature_algorithms */
	ok(ward_put_vec_begin(&m, 2, &inner), "sigs");
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		ok(ward_put_u16(&m, sigs[i]), "sigs");
	vec_end(&m, inner);
	vec_end(&m, ext);
	ext_begin(&m, 16, &ext); /* ALPN */
	ok(ward_put_vec_begin(&m, 2, &inner), "alpn");
	ok(ward_put_vec(&m, 1, "http/1.1", 8), "alpn");
	vec_end(&m, inner);
	vec_end(&m, ext);
	if (!h->no_ems) {
		ext_begin(&m, 23, &ext);
		vec_end(&m, ext);
	}
	ext_begin(&m, 0xff01, &ext); /* renegotiation_info, empty */
	ok(ward_put_vec(&m, 1, NULL, 0), "reneg");
	vec_end(&m, ext);
	if (h->ticket) {
		ext_begin(&m, 35, &ext); /* SessionTicket (RFC 5077) */
		ok(ward_put_bytes(&m, h->ticket->data, h->ticket->len),
		   "ticket");
		vec_end(&m, ext);
	}

	vec_end(&m, exts);
	vec_end(&m, body);
	record(rec, WARD_TLS_CT_HANDSHAKE, &m);
	ward_buf_free(&m);
}

/* ClientKeyExchange (RFC 8422 5.7) with the client's fixed public value
 * for group, or pub_override when given */
static void client_key_exchange(ward_buf *s, uint16_t group,
				const uint8_t *pub_override, size_t n)
{
	uint8_t priv[48], pub[WARD_KEX_PUB_MAX];
	size_t pub_len = sizeof pub, mark;
	ward_kex k = {0};
	ward_buf m, rec;
	ward_buf_init(&m);
	ward_buf_init(&rec);
	memset(priv, 0x21, sizeof priv);
	ok(ward_kex_from_private(&k, group, priv,
				 group == WARD_GROUP_X25519	 ? 32
				 : group == WARD_GROUP_SECP256R1 ? 32
								 : 48,
				 pub, &pub_len),
	   "client key");
	ward_kex_free(&k);
	if (pub_override) {
		memcpy(pub, pub_override, n);
		pub_len = n;
	}
	ok(ward_put_u8(&m, WARD_HS_CLIENT_KEY_EXCHANGE), "cke");
	ok(ward_put_vec_begin(&m, 3, &mark), "cke");
	ok(ward_put_vec(&m, 1, pub, pub_len), "cke");
	vec_end(&m, mark);
	record(&rec, WARD_TLS_CT_HANDSHAKE, &m);
	op(s, FUZZ_OP_RAW, rec.data, rec.len);
	ward_buf_free(&m);
	ward_buf_free(&rec);
}

static const uint8_t ccs[] = {WARD_TLS_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1};

/* SEAL in TLS 1.2: the record's type, then its content */
static void seal12(ward_buf *s, uint8_t type, const void *content, size_t n)
{
	uint8_t p[256] = {type};
	if (n >= sizeof p)
		die("seal12: too long");
	memcpy(p + 1, content, n);
	op(s, FUZZ_OP_SEAL, p, 1 + n);
}

/* The flight up to the client's Finished, made by the harness: RAW
 * ClientHello, ClientKeyExchange and ChangeCipherSpec, NEXT, FINISH */
static void flight12(ward_buf *s, const struct hello12 *h)
{
	ward_buf ch;
	ward_buf_init(&ch);
	client_hello12(h, &ch);
	op(s, FUZZ_OP_RAW, ch.data, ch.len);
	client_key_exchange(s, h->group, NULL, 0);
	op(s, FUZZ_OP_RAW, ccs, sizeof ccs);
	next(s);
	op(s, FUZZ_OP_FINISH, NULL, 0);
	ward_buf_free(&ch);
}

static const uint16_t all_suites[] = {
    WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    WARD_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    WARD_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
};
static const uint16_t aes256[] = {WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384};
static const uint16_t chacha[] = {
    WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};
static const uint16_t rsa[] = {
    WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    WARD_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};

static void refused(const char *name, const ward_buf *s, ward_err err,
		    uint8_t alert)
{
	struct expect e = {.err = err, .alert = alert};
	server_seed(name, s, &e);
}

/* ---- resumption ---- */

/* The ClientHello of a returning client offering a session ID and maybe
 * a ticket, as a RAW op */
static void hello12(ward_buf *s, const uint8_t *sid, const ward_buf *ticket,
		    int no_ems)
{
	struct hello12 h = {.suites = all_suites,
			    .n_suites = 6,
			    .group = WARD_GROUP_X25519,
			    .no_ems = no_ems,
			    .session_id = sid,
			    .ticket = ticket};
	ward_buf ch;
	ward_buf_init(&ch);
	client_hello12(&h, &ch);
	op(s, FUZZ_OP_RAW, ch.data, ch.len);
	ward_buf_free(&ch);
}

/* A ticket of the fixture's key for a session of test.example, in the
 * state format of server12_resume.c. */
static void ticket12(ward_buf *t)
{
	static const uint8_t iv[12] = {7};
	const char *host = "test.example";
	ward_buf st;
	ward_buf_init(&st);
	ok(ward_put_u8(&st, 0x12), "state");
	ok(ward_put_u16(&st, WARD_TLS_VERSION_12), "state");
	ok(ward_put_u16(&st, 0xc02b), "state");
	ok(ward_put_u8(&st, 1), "state");
	ok(ward_put_fill(&st, 0x33, 48), "state");
	ok(ward_put_u64(&st, 1780000000), "state"); /* the fixture's clock */
	ok(ward_put_u32(&st, 3600), "state");
	ok(ward_put_vec(&st, 1, host, strlen(host)), "state");
	ok(ward_put_vec(&st, 1, NULL, 0), "state");
	ok(ward_ticket_seal(fuzz_ticket_keys(), 1780000000, iv, st.data, st.len,
			    t),
	   "seal");
	ward_buf_free(&st);
}

static void seeds_resume12(void)
{
	static const uint8_t sid[32] = {0x51, 0xd};
	ward_buf s, t;
	ward_buf_init(&s);
	ward_buf_init(&t);
	ticket12(&t);
	{
		/* the abbreviated handshake up to the client's Finished */
		struct expect e = {.alert = 255};
		hello12(&s, sid, &t, 0);
		server_seed("tls12-ticket-resumed", &s, &e);
	}
	{
		/* then a ChangeCipherSpec and a record that does not open */
		static const uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
		static const uint8_t fin[] = {
		    22, 3,  3,	0,  32, 0,  0,	0,  0,	0,  0,	0,  0,
		    0,	1,  2,	3,  4,	5,  6,	7,  8,	9,  10, 11, 12,
		    13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23};
		struct expect e = {.err = WARD_ERR_BAD_RECORD_MAC,
				   .alert = WARD_ALERT_BAD_RECORD_MAC};
		ward_buf_clear(&s);
		hello12(&s, sid, &t, 0);
		op(&s, FUZZ_OP_RAW, ccs, sizeof ccs);
		op(&s, FUZZ_OP_RAW, fin, sizeof fin);
		server_seed("tls12-ticket-resumed-bad-finished", &s, &e);
	}
	{
		/* RFC 7627 5.3: an extended-master-secret session offered
		 * without the extension aborts */
		ward_buf_clear(&s);
		hello12(&s, sid, &t, 1);
		refused("tls12-ticket-no-ems", &s, WARD_ERR_HANDSHAKE_FAILURE,
			WARD_ALERT_HANDSHAKE_FAILURE);
	}
	{
		/* a ticket that does not open: a full handshake */
		struct expect e = {.alert = 255};
		t.data[t.len - 1] ^= 1;
		ward_buf_clear(&s);
		hello12(&s, sid, &t, 0);
		server_seed("tls12-ticket-tampered", &s, &e);
	}
	{
		/* a session ID the cache does not hold: a full handshake */
		struct expect e = {.alert = 255};
		ward_buf_clear(&s);
		hello12(&s, sid, NULL, 0);
		server_seed("tls12-session-id-unknown", &s, &e);
	}
	ward_buf_free(&s);
	ward_buf_free(&t);
}

void seeds_server12(void)
{
	static const struct hello12 dflt = {
	    .suites = all_suites, .n_suites = 6, .group = WARD_GROUP_X25519};
	ward_buf s, ch;
	ward_buf_init(&s);
	ward_buf_init(&ch);
	client_hello12(&dflt, &ch);

	/* whole handshakes: each bulk cipher, both PRF hashes, each group,
	 * the ECDSA P-256, P-384 and RSA certificates */
	const struct {
		const char *name;
		struct hello12 h;
		uint16_t suite, group, sig;
	} full[] = {
	    {"tls12-get-close", dflt,
	     WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, WARD_GROUP_X25519,
	     WARD_SIG_ECDSA_SECP256R1_SHA256},
	    {"tls12-aes256-sha384",
	     {.suites = aes256, .n_suites = 1, .group = WARD_GROUP_X25519},
	     WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	     WARD_GROUP_X25519,
	     WARD_SIG_ECDSA_SECP256R1_SHA256},
	    {"tls12-chacha20-secp256r1",
	     {.suites = chacha, .n_suites = 1, .group = WARD_GROUP_SECP256R1},
	     WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	     WARD_GROUP_SECP256R1,
	     WARD_SIG_ECDSA_SECP256R1_SHA256},
	    {"tls12-p384-certificate",
	     {.suites = aes256,
	      .n_suites = 1,
	      .group = WARD_GROUP_SECP384R1,
	      .only_group = 1},
	     WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	     WARD_GROUP_SECP384R1,
	     WARD_SIG_ECDSA_SECP384R1_SHA384},
	    {"tls12-rsa",
	     {.suites = rsa, .n_suites = 2, .group = WARD_GROUP_X25519},
	     WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	     WARD_GROUP_X25519,
	     WARD_SIG_RSA_PSS_RSAE_SHA256},
	};
	for (size_t i = 0; i < sizeof full / sizeof *full; i++) {
		struct expect e = {.done = 1,
				   .close_notify = 1,
				   .alert = 255,
				   .suite = full[i].suite,
				   .group = full[i].group,
				   .sigscheme = full[i].sig};
		static const uint8_t close_notify[2] = {1, 0};
		ward_buf_clear(&s);
		flight12(&s, &full[i].h);
		seal12(&s, WARD_TLS_CT_APPLICATION_DATA, get_request,
		       strlen(get_request));
		e.app_bytes = strlen(get_request);
		server(&s, FUZZ_SERVER_SEND, "HTTP/1.1 204 No Content\r\n\r\n");
		seal12(&s, WARD_TLS_CT_ALERT, close_notify, 2);
		server_seed(full[i].name, &s, &e);
	}
	{
		/* ClientKeyExchange and ChangeCipherSpec in one call, the
		 * Finished over two records, a renegotiation attempt
		 * (RFC 5746 4.2: a no_renegotiation warning, and on) */
		struct expect e = {.done = 1,
				   .alert = WARD_ALERT_NO_RENEGOTIATION};
		ward_buf_clear(&s);
		op(&s, FUZZ_OP_RAW, ch.data, ch.len);
		hold = FUZZ_OP_HOLD;
		client_key_exchange(&s, WARD_GROUP_X25519, NULL, 0);
		hold = 0;
		op(&s, FUZZ_OP_RAW, ccs, sizeof ccs);
		next(&s);
		op(&s, FUZZ_OP_FINISH, "\5", 1);
		seal12(&s, WARD_TLS_CT_HANDSHAKE, ch.data + 5, ch.len - 5);
		seal12(&s, WARD_TLS_CT_APPLICATION_DATA, "after", 5);
		e.app_bytes = 5;
		server_seed("tls12-split-renegotiate", &s, &e);
	}

	/* RFC 5246 7.4.9: a wrong verify_data */
	ward_buf_clear(&s);
	op(&s, FUZZ_OP_RAW, ch.data, ch.len);
	client_key_exchange(&s, WARD_GROUP_X25519, NULL, 0);
	op(&s, FUZZ_OP_RAW, ccs, sizeof ccs);
	next(&s);
	static const uint8_t wrong[16] = {WARD_HS_FINISHED, 0, 0, 12};
	seal12(&s, WARD_TLS_CT_HANDSHAKE, wrong, sizeof wrong);
	refused("tls12-bad-finished", &s, WARD_ERR_DECRYPT_ERROR,
		WARD_ALERT_DECRYPT_ERROR);

	/* the Finished in plaintext, without ChangeCipherSpec */
	ward_buf_clear(&s);
	op(&s, FUZZ_OP_RAW, ch.data, ch.len);
	client_key_exchange(&s, WARD_GROUP_X25519, NULL, 0);
	{
		ward_buf m, rec;
		ward_buf_init(&m);
		ward_buf_init(&rec);
		ok(ward_put_bytes(&m, wrong, sizeof wrong), "finished");
		record(&rec, WARD_TLS_CT_HANDSHAKE, &m);
		op(&s, FUZZ_OP_RAW, rec.data, rec.len);
		ward_buf_free(&m);
		ward_buf_free(&rec);
	}
	refused("tls12-no-ccs", &s, WARD_ERR_UNEXPECTED_MESSAGE,
		WARD_ALERT_UNEXPECTED_MESSAGE);

	/* ChangeCipherSpec before ClientKeyExchange */
	ward_buf_clear(&s);
	op(&s, FUZZ_OP_RAW, ch.data, ch.len);
	op(&s, FUZZ_OP_RAW, ccs, sizeof ccs);
	refused("tls12-early-ccs", &s, WARD_ERR_UNEXPECTED_MESSAGE,
		WARD_ALERT_UNEXPECTED_MESSAGE);

	/* an X25519 value whose shared secret is all zeros */
	ward_buf_clear(&s);
	op(&s, FUZZ_OP_RAW, ch.data, ch.len);
	static const uint8_t zero[32];
	client_key_exchange(&s, WARD_GROUP_X25519, zero, sizeof zero);
	refused("tls12-zero-share", &s, WARD_ERR_ILLEGAL_PARAMETER,
		WARD_ALERT_ILLEGAL_PARAMETER);

	/* RFC 7627: without the extended master secret the fixture's
	 * legacy policy takes the RFC 5246 8.1 one (the default policy
	 * refuses: tests/interop/test_tls12_server.sh) */
	struct hello12 h = dflt;
	h.no_ems = 1;
	{
		struct expect e = {.done = 1,
				   .alert = 255,
				   .suite = all_suites[0],
				   .group = WARD_GROUP_X25519};
		ward_buf_clear(&s);
		flight12(&s, &h);
		seal12(&s, WARD_TLS_CT_APPLICATION_DATA, get_request,
		       strlen(get_request));
		e.app_bytes = strlen(get_request);
		server_seed("tls12-no-ems-legacy", &s, &e);
	}

	/* RFC 7507: TLS 1.3 is there, so a fallback is refused */
	h = dflt;
	h.fallback = 1;
	ward_buf_clear(&s);
	flight12(&s, &h);
	refused("tls12-fallback-scsv", &s, WARD_ERR_INAPPROPRIATE_FALLBACK,
		WARD_ALERT_INAPPROPRIATE_FALLBACK);

	ward_buf_free(&s);
	ward_buf_free(&ch);
	seeds_resume12();
}

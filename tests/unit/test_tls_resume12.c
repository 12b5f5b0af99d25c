/* tls/server12_resume: the TLS 1.2 server's abbreviated handshake, in
 * memory, with the engine's clock under the test's control.
 *
 * The client side is written here from the engine's own pieces (the key
 * block, Finished, record protection): a ClientHello offering a ticket
 * sealed with the test's keys, or a session ID put in the test's cache,
 * for a session whose master secret the test chose. The server's
 * ServerHello, ChangeCipherSpec and Finished are checked byte for byte
 * against that secret, then the client finishes. Around it: the exact
 * lifetime bounds, clock skew, another server name, a rotated key (the
 * ticket is renewed), a bad client Finished, and what a full handshake
 * gives a client (a ticket or an ID); under the legacy policy, a client
 * without the extended master secret is given neither and cannot resume
 * an extended-master-secret session (RFC 7627 5.3).
 */
#include "test.h"

#include <stdio.h>

#include "tls/handshake.h"
#include "tls/keysched12.h"
#include "tls/record.h"
#include "tls/session_cache.h"
#include "tls/ticket.h"

#define T0 1780000000
#define SUITE WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256

static time_t now_val;
static time_t clock_now(void *ctx)
{
	(void)ctx;
	return now_val;
}

static ward_ticket_keys keys;
static uint64_t region[(16 * 720 + 4096) / 8];
static ward_session_cache *cache;
static ward_tls_config *cfg;
static const uint8_t master[48] = {0x33, 1, 2, 3, 4, 5, 6, 7, 8, 9};
static const uint8_t client_random[32] = {0xc1, 0xc2};
static const uint8_t sid[32] = {0x51, 0xd5};
static int omit_ems; /* hello() leaves out extended_master_secret */

static int setup(void **st)
{
	(void)st;
	cfg = ward_tls_config_new(WARD_TLS_SERVER);
	assert_non_null(cfg);
	char why[256];
	assert_ok(ward_tls_config_add_cert_files(
	    cfg, WARD_TEST_DATA "/x509/chain.pem",
	    WARD_TEST_DATA "/x509/leaf.key", why, sizeof why));
	ward_tls_config_set_time(cfg, clock_now, NULL);
	ward_ticket_keys_init(&keys);
	assert_ok(ward_ticket_keys_rotate(&keys, WARD_AEAD_AES_256_GCM, 0,
					  INT64_MAX));
	ward_tls_config_set_ticket_keys(cfg, &keys);
	assert_ok(ward_session_cache_init(region, sizeof region, 16, &cache));
	ward_tls_config_set_session_cache(cfg, cache);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	ward_tls_config_free(cfg);
	ward_ticket_keys_wipe(&keys);
	ward_session_cache_wipe(cache);
	return 0;
}

/* A session in server12_resume.c's state format. */
static void state_for(ward_buf *b, int64_t created, const char *host, int ems,
		      uint32_t lifetime)
{
	ward_buf_clear(b);
	assert_ok(ward_put_u8(b, 0x12));
	assert_ok(ward_put_u16(b, WARD_TLS_VERSION_12));
	assert_ok(ward_put_u16(b, SUITE));
	assert_ok(ward_put_u8(b, (uint8_t)ems));
	assert_ok(ward_put_bytes(b, master, sizeof master));
	assert_ok(ward_put_u64(b, (uint64_t)created));
	assert_ok(ward_put_u32(b, lifetime));
	assert_ok(ward_put_vec(b, 1, host, strlen(host)));
	assert_ok(ward_put_vec(b, 1, NULL, 0));
}

static void state(ward_buf *b, int64_t created, const char *host, int ems)
{
	state_for(b, created, host, ems, 3600);
}

static void ticket_for(ward_buf *t, int64_t created, const char *host,
		       uint32_t lifetime)
{
	static const uint8_t iv[12] = {9};
	ward_buf st = WARD_BUF_INIT;
	state_for(&st, created, host, 1, lifetime);
	ward_buf_clear(t);
	assert_ok(ward_ticket_seal(&keys, T0, iv, st.data, st.len, t));
	ward_buf_free(&st);
}

static void ticket(ward_buf *t, int64_t created, const char *host)
{
	ticket_for(t, created, host, 3600);
}

static void put_ext(ward_buf *m, uint16_t code, const void *p, size_t n)
{
	assert_ok(ward_put_u16(m, code));
	assert_ok(ward_put_vec(m, 2, p, n));
}

/* The ClientHello message for test.example (or host), offering the
 * session ID and, when given, the ticket (an empty one: NULL data). */
static void hello(ward_buf *m, const char *host, const ward_buf *t,
		  int offer_ticket)
{
	static const uint8_t suites[] = {0xc0, 0x2b, 0xc0, 0x2f};
	static const uint8_t groups[] = {0, 4, 0x00, 0x1d, 0x00, 0x17};
	static const uint8_t sigalgs[] = {0, 4, 0x04, 0x03, 0x08, 0x04};
	static const uint8_t formats[] = {1, 0}, zero = 0;
	size_t msg, exts;
	uint8_t sni[64];
	size_t hl = strlen(host);
	sni[0] = (uint8_t)((hl + 3) >> 8);
	sni[1] = (uint8_t)(hl + 3);
	sni[2] = 0;
	sni[3] = (uint8_t)(hl >> 8);
	sni[4] = (uint8_t)hl;
	memcpy(sni + 5, host, hl);
	ward_buf_clear(m);
	assert_ok(ward_hs_begin(m, WARD_HS_CLIENT_HELLO, &msg));
	assert_ok(ward_put_u16(m, WARD_TLS_VERSION_12));
	assert_ok(ward_put_bytes(m, client_random, 32));
	assert_ok(ward_put_vec(m, 1, sid, sizeof sid));
	assert_ok(ward_put_vec(m, 2, suites, sizeof suites));
	assert_ok(ward_put_vec(m, 1, &zero, 1));
	assert_ok(ward_put_vec_begin(m, 2, &exts));
	put_ext(m, 0, sni, 5 + hl);
	put_ext(m, 10, groups, 6);
	put_ext(m, 11, formats, sizeof formats);
	put_ext(m, 13, sigalgs, sizeof sigalgs);
	if (!omit_ems)
		put_ext(m, 23, NULL, 0);
	put_ext(m, 0xff01, &zero, 1);
	if (offer_ticket)
		put_ext(m, 35, t ? t->data : NULL, t ? t->len : 0);
	assert_ok(ward_put_vec_end(m, exts));
	assert_ok(ward_hs_end(m, msg));
}

/* Give the server bytes; its answer in *out. */
static ward_err feed(ward_tls_conn *c, const uint8_t *p, size_t len,
		     ward_buf *out)
{
	ward_buf in = WARD_BUF_INIT, app = WARD_BUF_INIT;
	size_t consumed = 0;
	assert_ok(ward_put_bytes(&in, p, len));
	ward_err err = ward_tls_recv(c, in.data, in.len, &consumed, out, &app);
	ward_buf_free(&in);
	ward_buf_free(&app);
	return err;
}

static ward_err send_hello(ward_tls_conn *c, const ward_buf *ch, ward_buf *out)
{
	ward_buf rec = WARD_BUF_INIT;
	assert_ok(ward_put_u8(&rec, WARD_TLS_CT_HANDSHAKE));
	assert_ok(ward_put_u16(&rec, WARD_TLS_VERSION_10));
	assert_ok(ward_put_vec(&rec, 2, ch->data, ch->len));
	ward_err err = feed(c, rec.data, rec.len, out);
	ward_buf_free(&rec);
	return err;
}

/* What the server's first flight says. */
struct flight {
	const uint8_t *sh; /* the ServerHello message */
	size_t sh_len;
	const uint8_t *next; /* the message after it in the record, or NULL */
	size_t next_len;
	const uint8_t *after; /* the record after the first */
	size_t after_len;
	ward_slice session_id;
	uint16_t suite;
};

static void read_flight(ward_buf *out, struct flight *f)
{
	memset(f, 0, sizeof *f);
	assert_true(out->len > 5);
	assert_int_equal(out->data[0], WARD_TLS_CT_HANDSHAKE);
	size_t rec_len = ward_load_u16(out->data + 3);
	const uint8_t *body = out->data + 5;
	assert_int_equal(body[0], WARD_HS_SERVER_HELLO);
	f->sh = body;
	f->sh_len = 4 + ward_load_u24(body + 1);
	const uint8_t *sh = body + 4;
	f->session_id = ward_slice_make(sh + 35, sh[34]);
	f->suite = ward_load_u16(sh + 35 + sh[34]);
	if (f->sh_len < rec_len) {
		f->next = body + f->sh_len;
		f->next_len = 4 + ward_load_u24(f->next + 1);
	}
	if (5 + rec_len < out->len) {
		f->after = out->data + 5 + rec_len;
		f->after_len = out->len - 5 - rec_len;
	}
}

/* The abbreviated handshake from the server's ServerHello on: checks
 * its ChangeCipherSpec and Finished, then sends the client's (spoiled
 * if asked). Returns what the server made of the client's Finished. */
static ward_err finish_resumed(ward_tls_conn *c, const ward_buf *ch,
			       ward_buf *out, int spoil)
{
	struct flight f;
	read_flight(out, &f);
	ward_buf transcript = WARD_BUF_INIT;
	assert_ok(ward_put_bytes(&transcript, ch->data, ch->len));
	assert_ok(ward_put_bytes(&transcript, f.sh, f.sh_len));
	if (f.next) {
		/* a renewed ticket */
		assert_int_equal(f.next[0], WARD_HS_NEW_SESSION_TICKET);
		assert_ok(ward_put_bytes(&transcript, f.next, f.next_len));
	}
	/* ChangeCipherSpec, then Finished under the keys of `master` */
	assert_non_null(f.after);
	static const uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
	assert_memory_equal(f.after, ccs, sizeof ccs);
	ward_tls12_keys kb;
	assert_ok(ward_tls12_key_block(WARD_HASH_SHA256, master, client_random,
				       f.sh + 6, 0, 16, 4, &kb));
	ward_tls_prot srv, cli;
	assert_ok(ward_tls_prot_init_tls12_aead(
	    &srv, WARD_AEAD_AES_128_GCM, kb.server.key, kb.server.iv, 0));
	assert_ok(ward_tls_prot_init_tls12_aead(
	    &cli, WARD_AEAD_AES_128_GCM, kb.client.key, kb.client.iv, 1));
	uint8_t fin_rec[128];
	size_t fin_len = f.after_len - sizeof ccs;
	assert_true(fin_len <= sizeof fin_rec);
	memcpy(fin_rec, f.after + sizeof ccs, fin_len);
	ward_tls_record rec;
	assert_ok(ward_tls_record_parse(fin_rec, fin_len, &srv, &rec));
	assert_int_equal(rec.total_len, fin_len);
	assert_ok(ward_tls_record_open(&srv, &rec));
	uint8_t th[32], want[12];
	assert_ok(ward_hash_oneshot(WARD_HASH_SHA256, transcript.data,
				    transcript.len, th));
	assert_ok(ward_tls12_finished(WARD_HASH_SHA256, master, 0, th, want));
	assert_int_equal(rec.body_len, 16);
	assert_int_equal(rec.body[0], WARD_HS_FINISHED);
	assert_memory_equal(rec.body + 4, want, 12);
	assert_ok(ward_put_bytes(&transcript, rec.body, rec.body_len));

	uint8_t fin[16] = {WARD_HS_FINISHED, 0, 0, 12};
	assert_ok(ward_hash_oneshot(WARD_HASH_SHA256, transcript.data,
				    transcript.len, th));
	assert_ok(
	    ward_tls12_finished(WARD_HASH_SHA256, master, 1, th, fin + 4));
	fin[4] ^= (uint8_t)spoil;
	ward_buf flight2 = WARD_BUF_INIT, answer = WARD_BUF_INIT;
	assert_ok(ward_put_bytes(&flight2, ccs, sizeof ccs));
	assert_ok(ward_tls_record_seal(&cli, &flight2, WARD_TLS_CT_HANDSHAKE,
				       fin, sizeof fin, 0));
	ward_err err = feed(c, flight2.data, flight2.len, &answer);
	if (err != WARD_OK) {
		/* the alert, under the server's keys */
		assert_ok(
		    ward_tls_record_parse(answer.data, answer.len, &srv, &rec));
		assert_ok(ward_tls_record_open(&srv, &rec));
		assert_int_equal(rec.type, WARD_TLS_CT_ALERT);
		assert_int_equal(rec.body[1], ward_tls_alert_for(err));
	}
	ward_tls_prot_free(&srv);
	ward_tls_prot_free(&cli);
	ward_tls12_keys_wipe(&kb);
	ward_buf_free(&transcript);
	ward_buf_free(&flight2);
	ward_buf_free(&answer);
	return err;
}

/* 1: resumed (the whole abbreviated handshake done), 0: a full
 * handshake began (Certificate after ServerHello). */
static int try_ticket(const ward_buf *t, const char *host)
{
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
	hello(&ch, host, t, 1);
	assert_ok(send_hello(c, &ch, &out));
	struct flight f;
	read_flight(&out, &f);
	int resumed = !(f.next && f.next[0] == WARD_HS_CERTIFICATE);
	if (resumed) {
		/* RFC 5077 3.4: the client's session ID comes back */
		assert_true(ward_slice_eq(f.session_id,
					  ward_slice_make(sid, sizeof sid)));
		assert_int_equal(f.suite, SUITE);
		assert_ok(finish_resumed(c, &ch, &out, 0));
		assert_true(ward_tls_take_events(c) &
			    WARD_TLS_EV_HANDSHAKE_DONE);
		const ward_tls_info *i = ward_tls_get_info(c);
		assert_int_equal(i->resumed, 1);
		assert_int_equal(i->version, WARD_TLS_VERSION_12);
		assert_int_equal(i->suite, SUITE);
		assert_int_equal(i->group, 0);
	} else {
		assert_int_equal(ward_tls_get_info(c)->resumed, 0);
	}
	ward_tls_conn_free(c);
	ward_buf_free(&ch);
	ward_buf_free(&out);
	return resumed;
}

static void ticket_resumes(void **st)
{
	(void)st;
	ward_buf t = WARD_BUF_INIT;
	ticket(&t, T0, "test.example");
	now_val = T0;
	assert_int_equal(try_ticket(&t, "test.example"), 1);
	/* SNI is compared without case (RFC 6066 3: the same name) */
	assert_int_equal(try_ticket(&t, "TEST.example"), 1);
	assert_int_equal(try_ticket(&t, "other.example"), 0);
	ward_buf_free(&t);
}

/* Exactly the lifetime, and 60 s of skew for a ticket from the future. */
static void lifetime_bounds(void **st)
{
	(void)st;
	ward_buf t = WARD_BUF_INIT;
	ticket(&t, T0, "test.example");
	now_val = T0 + 3599;
	assert_int_equal(try_ticket(&t, "test.example"), 1);
	now_val = T0 + 3600;
	assert_int_equal(try_ticket(&t, "test.example"), 0);
	now_val = T0 - 60;
	assert_int_equal(try_ticket(&t, "test.example"), 1);
	now_val = T0 - 61;
	assert_int_equal(try_ticket(&t, "test.example"), 0);
	/* the server's own lifetime, when shorter, wins */
	now_val = T0 + 100;
	assert_ok(ward_tls_config_set_session_lifetime(cfg, 100));
	assert_int_equal(try_ticket(&t, "test.example"), 0);
	assert_ok(ward_tls_config_set_session_lifetime(cfg, 101));
	assert_int_equal(try_ticket(&t, "test.example"), 1);
	assert_ok(ward_tls_config_set_session_lifetime(
	    cfg, WARD_TLS_SESSION_LIFETIME));
	assert_err(ward_tls_config_set_session_lifetime(cfg, 0), WARD_ERR_ARG);
	/* and the ticket's own, when shorter */
	ticket_for(&t, T0, "test.example", 50);
	now_val = T0 + 49;
	assert_int_equal(try_ticket(&t, "test.example"), 1);
	now_val = T0 + 50;
	assert_int_equal(try_ticket(&t, "test.example"), 0);
	assert_err(ward_tls_config_set_session_lifetime(cfg, 604801),
		   WARD_ERR_ARG);
	ward_buf_free(&t);
}

/* A ticket of a key that is no longer current resumes and is replaced
 * (NewSessionTicket after ServerHello, in the transcript). */
static void rotated_key_renews(void **st)
{
	(void)st;
	ward_buf t = WARD_BUF_INIT;
	ticket(&t, T0, "test.example");
	assert_ok(ward_ticket_keys_rotate(&keys, WARD_AEAD_AES_256_GCM, 0,
					  INT64_MAX));
	now_val = T0 + 10;
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
	hello(&ch, "test.example", &t, 1);
	assert_ok(send_hello(c, &ch, &out));
	struct flight f;
	read_flight(&out, &f);
	assert_non_null(f.next);
	assert_int_equal(f.next[0], WARD_HS_NEW_SESSION_TICKET);
	/* lifetime hint, then a ticket that opens with today's keys */
	assert_int_equal(ward_load_u16(f.next + 4), 0);
	assert_int_equal(ward_load_u16(f.next + 6), 3600);
	size_t n = ward_load_u16(f.next + 8);
	ward_buf p;
	ward_buf_init_secret(&p);
	int cur = 0;
	assert_ok(ward_ticket_open(&keys, T0, f.next + 10, n, &p, &cur));
	assert_int_equal(cur, 1);
	assert_memory_equal(p.data + 6, master, sizeof master);
	assert_ok(finish_resumed(c, &ch, &out, 0));
	assert_int_equal(ward_tls_get_info(c)->resumed, 1);
	ward_tls_conn_free(c);
	ward_buf_free(&p);
	ward_buf_free(&ch);
	ward_buf_free(&out);
	ward_buf_free(&t);
}

/* A session ID from the cache; then a bad client Finished. */
static void session_id_resumes(void **st)
{
	(void)st;
	ward_buf s = WARD_BUF_INIT;
	state(&s, T0, "test.example", 1);
	now_val = T0;
	assert_ok(ward_session_cache_store(cache, sid, sizeof sid, T0,
					   T0 + 3600, s.data, s.len));
	for (int spoil = 0; spoil < 2; spoil++) {
		ward_tls_conn *c = ward_tls_conn_new(cfg);
		ward_buf ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
		hello(&ch, "test.example", NULL, 0);
		assert_ok(send_hello(c, &ch, &out));
		ward_err err = finish_resumed(c, &ch, &out, spoil);
		if (spoil) {
			assert_err(err, WARD_ERR_DECRYPT_ERROR);
			assert_int_equal(ward_tls_get_info(c)->alert_sent,
					 WARD_ALERT_DECRYPT_ERROR);
		} else {
			assert_ok(err);
		}
		ward_tls_conn_free(c);
		ward_buf_free(&ch);
		ward_buf_free(&out);
	}
	/* a state that is not an extended-master-secret one never resumes */
	state(&s, T0, "test.example", 0);
	assert_ok(ward_session_cache_store(cache, sid, sizeof sid, T0,
					   T0 + 3600, s.data, s.len));
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
	hello(&ch, "test.example", NULL, 0);
	assert_ok(send_hello(c, &ch, &out));
	struct flight f;
	read_flight(&out, &f);
	assert_int_equal(f.next[0], WARD_HS_CERTIFICATE);
	ward_tls_conn_free(c);
	ward_session_cache_remove(cache, sid, sizeof sid);
	ward_buf_free(&ch);
	ward_buf_free(&out);
	ward_buf_free(&s);
}

/* A full handshake: a client offering the extension is promised a
 * ticket and given no ID; another gets a fresh 32-byte ID. */
static void full_handshake_offers(void **st)
{
	(void)st;
	now_val = T0;
	for (int offer = 0; offer < 2; offer++) {
		ward_tls_conn *c = ward_tls_conn_new(cfg);
		ward_buf ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
		hello(&ch, "test.example", NULL, offer);
		assert_ok(send_hello(c, &ch, &out));
		struct flight f;
		read_flight(&out, &f);
		assert_int_equal(f.next[0], WARD_HS_CERTIFICATE);
		assert_int_equal(f.session_id.len, offer ? 0 : 32);
		if (!offer)
			assert_memory_not_equal(f.session_id.p, sid, 32);
		/* the empty session_ticket extension (RFC 5077 3.2) */
		static const uint8_t ext[] = {0, 35, 0, 0};
		int found = 0;
		for (size_t i = 0; i + 4 <= f.sh_len; i++)
			found |= !memcmp(f.sh + i, ext, 4);
		assert_int_equal(found, offer);
		ward_tls_conn_free(c);
		ward_buf_free(&ch);
		ward_buf_free(&out);
	}
}

/* Whether the ServerHello's extensions hold an empty `code`. */
static int sh_has_empty_ext(const struct flight *f, uint16_t code)
{
	const uint8_t *p = f->sh + 4 + 2 + 32 + 1 + f->session_id.len + 3 + 2;
	const uint8_t *end = f->sh + f->sh_len;
	for (; p + 4 <= end; p += 4 + ward_load_u16(p + 2))
		if (ward_load_u16(p) == code && ward_load_u16(p + 2) == 0)
			return 1;
	return 0;
}

/* Legacy policy, no extended_master_secret: a full handshake without the
 * extension in the ServerHello, and neither a ticket promised nor an ID
 * given, whether the client takes tickets or not. */
static void no_ems_session_not_kept(void **st)
{
	(void)st;
	now_val = T0;
	assert_ok(ward_tls_config_set_policy(cfg, WARD_TLS_POLICY_LEGACY));
	omit_ems = 1;
	for (int offer = 0; offer < 2; offer++) {
		ward_tls_conn *c = ward_tls_conn_new(cfg);
		ward_buf ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
		hello(&ch, "test.example", NULL, offer);
		assert_ok(send_hello(c, &ch, &out));
		struct flight f;
		read_flight(&out, &f);
		assert_int_equal(f.next[0], WARD_HS_CERTIFICATE);
		assert_int_equal(f.session_id.len, 0);
		assert_false(sh_has_empty_ext(&f, 35));
		assert_false(sh_has_empty_ext(&f, 23));
		ward_tls_conn_free(c);
		ward_buf_free(&ch);
		ward_buf_free(&out);
	}
	/* with the extension, the same client is given one */
	omit_ems = 0;
	{
		ward_tls_conn *c = ward_tls_conn_new(cfg);
		ward_buf ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
		hello(&ch, "test.example", NULL, 0);
		assert_ok(send_hello(c, &ch, &out));
		struct flight f;
		read_flight(&out, &f);
		assert_int_equal(f.session_id.len, 32);
		assert_true(sh_has_empty_ext(&f, 23));
		ward_tls_conn_free(c);
		ward_buf_free(&ch);
		ward_buf_free(&out);
	}
	assert_ok(ward_tls_config_set_policy(cfg, WARD_TLS_POLICY_DEFAULT));
}

/* RFC 7627 5.3 under the legacy policy too: a ticket of an
 * extended-master-secret session offered without the extension is
 * handshake_failure, not a full handshake. */
static void no_ems_resumption_refused(void **st)
{
	(void)st;
	now_val = T0;
	assert_ok(ward_tls_config_set_policy(cfg, WARD_TLS_POLICY_LEGACY));
	omit_ems = 1;
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf t = WARD_BUF_INIT, ch = WARD_BUF_INIT, out = WARD_BUF_INIT;
	ticket(&t, T0, "test.example");
	hello(&ch, "test.example", &t, 1);
	assert_int_equal(send_hello(c, &ch, &out), WARD_ERR_HANDSHAKE_FAILURE);
	static const uint8_t alert[] = {
	    WARD_TLS_CT_ALERT, 3, 3, 0, 2, 2, WARD_ALERT_HANDSHAKE_FAILURE};
	assert_int_equal(out.len, sizeof alert);
	assert_memory_equal(out.data, alert, sizeof alert);
	omit_ems = 0;
	ward_tls_conn_free(c);
	ward_buf_free(&t);
	ward_buf_free(&ch);
	ward_buf_free(&out);
	assert_ok(ward_tls_config_set_policy(cfg, WARD_TLS_POLICY_DEFAULT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ticket_resumes),
	    cmocka_unit_test(lifetime_bounds),
	    cmocka_unit_test(rotated_key_renews),
	    cmocka_unit_test(session_id_resumes),
	    cmocka_unit_test(full_handshake_offers),
	    cmocka_unit_test(no_ems_session_not_kept),
	    cmocka_unit_test(no_ems_resumption_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

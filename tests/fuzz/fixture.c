/* The deterministic TLS server the server harness drives, and the script
 * interpreter (see fixture.h). */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RAND_set_rand_method is deprecated in OpenSSL 3 but still routes every
 * draw of the default provider, which is what makes the server's key
 * shares and ECDSA nonces repeatable here. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/rand.h>

#include "tls/conn.h"
#include "tls/handshake.h"
#include "tls/keysched.h"
#include "tls/keysched12.h"
#include "tls/record.h"
#include "tls/session_cache.h"

const uint8_t fuzz_record_key[32] = {
    0x77, 0x61, 0x72, 0x64, 0x20, 0x66, 0x75, 0x7a, 0x7a, 0x20, 0x72,
    0x65, 0x63, 0x6f, 0x72, 0x64, 0x20, 0x6b, 0x65, 0x79, 0x20, 0x30,
    0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61};
const uint8_t fuzz_record_iv[12] = {0x77, 0x61, 0x72, 0x64, 0x20, 0x69,
				    0x76, 0x20, 0x30, 0x31, 0x32, 0x33};

ward_err fuzz_record_prot(ward_tls_prot *p, int mode, int encrypt)
{
	ward_tls_prot_init_plain(p);
	if (mode == 0)
		return WARD_OK;
	if (mode < FUZZ_RECORD_CBC_FIRST)
		return ward_tls_prot_init_tls13(p, (ward_aead_alg)(mode - 1),
						fuzz_record_key, fuzz_record_iv,
						encrypt);
	int cbc = mode - FUZZ_RECORD_CBC_FIRST;
	return ward_tls_prot_init_tls12_cbc(
	    p, cbc & 1 ? WARD_CBC_AES_256 : WARD_CBC_AES_128, fuzz_record_key,
	    cbc & 1 ? WARD_HASH_SHA256 : WARD_HASH_SHA1, fuzz_record_key,
	    cbc >> 1, encrypt);
}

/* ---- randomness ---- */

static uint64_t rand_state;

/* splitmix64: any fixed stream will do, this one has no weak seeds */
static uint64_t rand_next(void)
{
	uint64_t z = (rand_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int rand_bytes(unsigned char *buf, int num)
{
	for (int i = 0; i < num; i += 8) {
		uint64_t v = rand_next();
		for (int j = 0; j < 8 && i + j < num; j++)
			buf[i + j] = (unsigned char)(v >> (8 * j));
	}
	return 1;
}

static int rand_status(void)
{
	return 1;
}

static const RAND_METHOD fixed_rand = {
    .bytes = rand_bytes,
    .pseudorand = rand_bytes,
    .status = rand_status,
};

void fuzz_rand_reset(void)
{
	rand_state = 0x7761726466757a7au;
}

void fuzz_rand_install(void)
{
	static int installed;
	if (!installed && RAND_set_rand_method(&fixed_rand) != 1)
		abort();
	installed = 1;
	fuzz_rand_reset();
}

/* ---- the server ---- */

static fuzz_secrets secrets;

fuzz_secrets *fuzz_server_secrets(void)
{
	return &secrets;
}

static ward_err fixed_random(void *ctx, void *out, size_t len)
{
	(void)ctx;
	memset(out, 0x5a, len);
	return WARD_OK;
}

static time_t fixed_now(void *ctx)
{
	(void)ctx;
	return 1780000000; /* 2026-05-28, inside the fixtures' validity */
}

/* "LABEL <client random> <secret>", both in hex */
static void take_secret(const char *line, const char *label, uint8_t *out,
			int *have)
{
	size_t n = strlen(label);
	if (strncmp(line, label, n) || line[n] != ' ')
		return;
	const char *hex = strchr(line + n + 1, ' ');
	if (!hex)
		abort();
	memset(out, 0, 64);
	size_t i = 0;
	for (hex++; hex[0] && hex[1] && i < 64; hex += 2)
		out[i++] = (uint8_t)(ward_hex_value((uint8_t)hex[0]) << 4 |
				     ward_hex_value((uint8_t)hex[1]));
	*have = 1;
}

static void keylog(void *ctx, const char *line)
{
	fuzz_secrets *s = ctx;
	take_secret(line, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", s->hs,
		    &s->have_hs);
	take_secret(line, "CLIENT_TRAFFIC_SECRET_0", s->app, &s->have_app);
	take_secret(line, "CLIENT_RANDOM", s->master12, &s->have_master12);
	take_secret(line, "CLIENT_EARLY_TRAFFIC_SECRET", s->early,
		    &s->have_early);
}

/* 0-RTT: every ticket is fresh (each input is a connection of its own) */
static ward_tls_replay_verdict always_fresh(void *ctx, const uint8_t key[32],
					    uint32_t ttl)
{
	(void)ctx;
	(void)key;
	(void)ttl;
	return WARD_TLS_REPLAY_FRESH;
}

static void add_cert(ward_tls_config *cfg, const char *chain, const char *key)
{
	char chain_path[512], key_path[512], why[256];
	snprintf(chain_path, sizeof chain_path, "%s/x509/%s", WARD_TEST_DATA,
		 chain);
	snprintf(key_path, sizeof key_path, "%s/x509/%s", WARD_TEST_DATA, key);
	if (ward_tls_config_add_cert_files(cfg, chain_path, key_path, why,
					   sizeof why) != WARD_OK) {
		fprintf(stderr, "fuzz fixture: %s\n", why);
		abort();
	}
}

static ward_tls_config *make_config(int mtls)
{
	ward_tls_config *cfg;
	/* before the configuration draws its HelloRetryRequest cookie key */
	fuzz_rand_install();
	cfg = ward_tls_config_new(WARD_TLS_SERVER);
	if (!cfg)
		abort();
	add_cert(cfg, "chain.pem", "leaf.key");
	add_cert(cfg, "ed25519-chain.pem", "ed25519.key");
	/* for TLS 1.2: ECDHE_RSA, and ECDSA with P-384 */
	add_cert(cfg, "rsa-chain.pem", "rsa.key");
	add_cert(cfg, "p384-chain.pem", "p384.key");
	/* the legacy policy is a superset: its TLS 1.2 paths (static RSA,
	 * CBC, SHA-1, heartbeat) are fuzzed too */
	if (ward_tls_config_set_policy(cfg, WARD_TLS_POLICY_LEGACY) != WARD_OK)
		abort();
	const char *alpn[] = {"h2", "http/1.1"};
	if (ward_tls_config_set_alpn(cfg, alpn, 2) != WARD_OK)
		abort();
	ward_tls_config_set_random(cfg, fixed_random, NULL);
	ward_tls_config_set_time(cfg, fixed_now, NULL);
	ward_tls_config_set_keylog(cfg, keylog, &secrets);
	/* TLS 1.2 resumption: tickets under one fixed key, a small cache */
	ward_tls_config_set_ticket_keys(cfg, fuzz_ticket_keys());
	/* TLS 1.3 resumption with early data, accepted (gen_seeds.c) */
	if (ward_tls_config_set_early_data(cfg, 16384) != WARD_OK)
		abort();
	ward_tls_config_set_replay_check(cfg, always_fresh, NULL);
	static uint64_t region[(16 * 720 + 4096) / 8];
	ward_session_cache *sc;
	if (ward_session_cache_init(region, sizeof region, 16, &sc) != WARD_OK)
		abort();
	ward_tls_config_set_session_cache(cfg, sc);
	if (mtls) {
		char path[512], why[256];
		ward_trust *cas;
		snprintf(path, sizeof path, "%s/x509/client-root.pem",
			 WARD_TEST_DATA);
		if (ward_trust_load(path, &cas, why, sizeof why) != WARD_OK ||
		    ward_tls_config_set_client_auth(
			cfg, cas, WARD_TLS_CLIENT_AUTH_REQUIRE) != WARD_OK)
			abort();
	}
	return cfg;
}

ward_tls_config *fuzz_server_config(void)
{
	static ward_tls_config *cfg;
	if (!cfg)
		cfg = make_config(0);
	return cfg;
}

ward_tls_config *fuzz_server_config_mtls(void)
{
	static ward_tls_config *cfg;
	if (!cfg)
		cfg = make_config(1);
	return cfg;
}

const ward_ticket_keys *fuzz_ticket_keys(void)
{
	static ward_ticket_keys keys;
	static int made;
	if (!made) {
		ward_ticket_key k = {.aead = WARD_AEAD_AES_256_GCM,
				     .live = 1,
				     .expires = INT64_MAX};
		memcpy(k.name, "ward fuzz ticket", WARD_TICKET_NAME_LEN);
		memcpy(k.key, fuzz_record_key, WARD_TICKET_KEY_LEN);
		ward_ticket_keys_init(&keys);
		if (ward_ticket_keys_install(&keys, &k, 1, 0) != WARD_OK)
			abort();
		made = 1;
	}
	return &keys;
}

/* ---- records ---- */

ward_err fuzz_epoch_init(fuzz_epoch *e, uint16_t suite, const uint8_t *secret,
			 int encrypt)
{
	const ward_tls_suite *s = ward_tls_suite_find(suite);
	uint8_t key[WARD_AEAD_KEY_MAX];
	fuzz_epoch_free(e);
	WARD_ENSURE(s, WARD_ERR_ARG);
	WARD_TRY(ward_tls13_traffic_keys(s->hash, s->aead, secret, key, e->iv));
	ward_err err = ward_aead_init(&e->aead, s->aead, key, encrypt);
	ward_wipe(key, sizeof key);
	WARD_TRY(err);
	e->keyed = 1;
	return WARD_OK;
}

void fuzz_epoch_free(fuzz_epoch *e)
{
	if (e->keyed)
		ward_aead_free(&e->aead);
	memset(e, 0, sizeof *e);
}

/* RFC 8446 5.3: the IV xor the sequence number, left-padded */
static void nonce(const fuzz_epoch *e, uint8_t *out)
{
	memcpy(out, e->iv, sizeof e->iv);
	for (int i = 0; i < 8; i++)
		out[11 - i] ^= (uint8_t)(e->seq >> (8 * i));
}

ward_err fuzz_epoch_seal(fuzz_epoch *e, const uint8_t *inner, size_t len,
			 ward_buf *out)
{
	uint8_t n[12];
	WARD_ENSURE(e->keyed && len <= 0xffff - WARD_AEAD_TAG_LEN,
		    WARD_ERR_ARG);
	size_t body = len + WARD_AEAD_TAG_LEN;
	WARD_TRY(ward_buf_reserve(out, 5 + body));
	uint8_t *hdr = out->data + out->len;
	hdr[0] = 23; /* application_data, version 0x0303 (RFC 8446 5.2) */
	hdr[1] = 3;
	hdr[2] = 3;
	hdr[3] = (uint8_t)(body >> 8);
	hdr[4] = (uint8_t)body;
	if (len)
		memcpy(hdr + 5, inner, len);
	nonce(e, n);
	WARD_TRY(ward_aead_seal(&e->aead, n, hdr, 5, hdr + 5, len, hdr + 5));
	out->len += 5 + body;
	e->seq++;
	return WARD_OK;
}

ward_err fuzz_epoch_open(fuzz_epoch *e, const uint8_t *rec, size_t len,
			 ward_buf *out)
{
	uint8_t n[12];
	WARD_ENSURE(e->keyed && len >= 5 + WARD_AEAD_TAG_LEN && rec[0] == 23 &&
			(size_t)(rec[3] << 8 | rec[4]) == len - 5,
		    WARD_ERR_ARG);
	size_t plain = len - 5 - WARD_AEAD_TAG_LEN;
	WARD_TRY(ward_buf_reserve(out, plain + WARD_AEAD_TAG_LEN));
	nonce(e, n);
	WARD_TRY(ward_aead_open(&e->aead, n, rec, 5, rec + 5, len - 5,
				out->data + out->len));
	out->len += plain;
	e->seq++;
	return WARD_OK;
}

/* ---- scripts ---- */

struct run {
	ward_tls_conn *c;
	fuzz_epoch ep;
	int stage; /* 0 none, 1 handshake, 2 + N application traffic N */
	uint8_t secret[64];
	/* TLS 1.2: the client's write epoch, keyed from the logged master
	 * secret (RFC 5246 6.3); the engine's record layer seals for it */
	ward_tls_prot ep12;
	int tls12;
	int early_keyed; /* the first NEXT took the early secret */
};

/* TLS 1.2: once the server has taken a ClientKeyExchange (and logged the
 * master secret), the client's keys from the key block; no later epochs */
static void next_epoch12(struct run *r)
{
	ward_tls_conn *c = r->c;
	ward_tls12_keys keys;
	if (r->tls12 || !secrets.have_master12 || !c->hs || !c->suite)
		return;
	ward_aead_alg alg = c->suite->aead;
	if (ward_tls12_key_block(
		c->suite->hash, secrets.master12, c->hs->client_random,
		c->hs->server_random, 0, ward_aead_key_len(alg),
		ward_tls12_aead_fixed_iv_len(alg), &keys) == WARD_OK &&
	    ward_tls_prot_init_tls12_aead(&r->ep12, alg, keys.client.key,
					  keys.client.iv, 1) == WARD_OK)
		r->tls12 = 1;
	ward_tls12_keys_wipe(&keys);
}

static void next_epoch(struct run *r)
{
	if (ward_tls_get_info(r->c)->version == WARD_TLS_VERSION_12) {
		next_epoch12(r);
		return;
	}
	uint16_t suite = ward_tls_get_info(r->c)->suite;
	const ward_tls_suite *s = ward_tls_suite_find(suite);
	if (!s)
		return;
	/* accepted early data: its key comes before the handshake's */
	if (r->stage == 0 && secrets.have_early && !r->early_keyed) {
		memcpy(r->secret, secrets.early, sizeof r->secret);
		r->early_keyed = fuzz_epoch_init(&r->ep, suite, r->secret, 1) ==
				 WARD_OK;
		return;
	}
	if (r->stage == 0 && secrets.have_hs)
		memcpy(r->secret, secrets.hs, sizeof r->secret);
	else if (r->stage == 1 && secrets.have_app)
		memcpy(r->secret, secrets.app, sizeof r->secret);
	else if (r->stage < 2 ||
		 ward_tls13_update_secret(s->hash, r->secret) != WARD_OK)
		return;
	if (fuzz_epoch_init(&r->ep, suite, r->secret, 1) == WARD_OK)
		r->stage++;
}

static void server_act(struct run *r, const uint8_t *p, size_t n, ward_buf *out)
{
	ward_err err;
	switch (n ? p[0] % 4 : FUZZ_SERVER_SEND) {
	case FUZZ_SERVER_SEND:
		err = ward_tls_send(r->c, p + (n > 0), n - (n > 0), out);
		break;
	case FUZZ_SERVER_KEY_UPDATE_REQUESTED:
		err = ward_tls_key_update(r->c, 1, out);
		break;
	case FUZZ_SERVER_KEY_UPDATE:
		err = ward_tls_key_update(r->c, 0, out);
		break;
	default:
		err = ward_tls_close(r->c, out);
		break;
	}
	/* calls out of turn are refused; that is the engine's business */
	(void)err;
}

static ward_err seal_part(struct run *r, const uint8_t *p, size_t n,
			  ward_buf *in)
{
	uint8_t inner[4 + WARD_HASH_MAX + 1];
	memcpy(inner, p, n);
	inner[n] = WARD_TLS_CT_HANDSHAKE;
	return fuzz_epoch_seal(&r->ep, inner, n + 1, in);
}

/* TLS 1.2: payload[0] is the record's type, the rest its content */
static ward_err seal12(struct run *r, const uint8_t *p, size_t n, ward_buf *in)
{
	return ward_tls_record_seal(&r->ep12, in,
				    n ? p[0] : WARD_TLS_CT_HANDSHAKE,
				    p + (n > 0), n - (n > 0), 0);
}

/* RFC 5246 7.4.9: verify_data for the transcript the server holds */
static ward_err finish12(struct run *r, const uint8_t *p, size_t n,
			 ward_buf *in)
{
	ward_tls_conn *c = r->c;
	uint8_t msg[4 + WARD_TLS12_VERIFY_LEN] = {WARD_HS_FINISHED, 0, 0,
						  WARD_TLS12_VERIFY_LEN};
	uint8_t th[WARD_HASH_MAX];
	if (c->state != WARD_ST_S12_WAIT_FINISHED || !c->hs || !c->suite)
		return WARD_OK;
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_tls12_finished(c->suite->hash, secrets.master12, 1, th,
				     msg + 4));
	size_t split = n ? p[0] % sizeof msg : 0;
	if (split)
		WARD_TRY(ward_tls_record_seal(
		    &r->ep12, in, WARD_TLS_CT_HANDSHAKE, msg, split, 0));
	return ward_tls_record_seal(&r->ep12, in, WARD_TLS_CT_HANDSHAKE,
				    msg + split, sizeof msg - split, 0);
}

static ward_err finish(struct run *r, const uint8_t *p, size_t n, ward_buf *in)
{
	ward_tls_conn *c = r->c;
	uint8_t msg[4 + WARD_HASH_MAX];
	if (r->tls12)
		return finish12(r, p, n, in);
	if (!r->ep.keyed || c->state != WARD_ST_S_WAIT_FINISHED || !c->hs ||
	    !c->suite)
		return WARD_OK;
	size_t hlen = ward_hash_len(c->suite->hash), len = 4 + hlen;
	msg[0] = WARD_HS_FINISHED;
	msg[1] = 0;
	msg[2] = 0;
	msg[3] = (uint8_t)hlen;
	WARD_TRY(ward_tls_finished_data(c, 0, msg + 4));
	size_t split = n ? p[0] % len : 0;
	if (split)
		WARD_TRY(seal_part(r, msg, split, in));
	return seal_part(r, msg + split, len - split, in);
}

void fuzz_server_run(const uint8_t *data, size_t size, fuzz_outcome *o)
{
	fuzz_server_run_cfg(fuzz_server_config(), data, size, o);
}

void fuzz_server_run_cfg(ward_tls_config *cfg, const uint8_t *data,
			 size_t size, fuzz_outcome *o)
{
	struct run r = {0};
	ward_buf in, out, app;
	memset(o, 0, sizeof *o);
	o->alert_sent = 255;
	fuzz_rand_reset();
	memset(&secrets, 0, sizeof secrets);
	r.c = ward_tls_conn_new(cfg);
	if (!r.c)
		abort();
	ward_buf_init(&in);
	ward_buf_init(&out);
	ward_buf_init(&app);
	size_t off = 0;
	while (off < size && o->err == WARD_OK) {
		uint8_t code = data[off++];
		size_t n = 0;
		if (size - off >= 2)
			n = (size_t)data[off] << 8 | data[off + 1];
		off += size - off < 2 ? size - off : 2;
		if (n > size - off)
			n = size - off;
		const uint8_t *p = data + off;
		off += n;
		ward_err err = WARD_OK;
		switch ((code & 0x7f) % 5) {
		case FUZZ_OP_RAW:
			err = ward_put_bytes(&in, p, n);
			break;
		case FUZZ_OP_SEAL:
			if (r.tls12)
				err = seal12(&r, p, n, &in);
			else if (r.ep.keyed)
				err = fuzz_epoch_seal(&r.ep, p, n, &in);
			break;
		case FUZZ_OP_NEXT:
			next_epoch(&r);
			break;
		case FUZZ_OP_SERVER:
			server_act(&r, p, n, &out);
			break;
		default:
			err = finish(&r, p, n, &in);
			break;
		}
		if (err == WARD_ERR_NOMEM)
			abort();
		if (in.len > 0 && !(code & FUZZ_OP_HOLD)) {
			size_t used = 0;
			o->err = ward_tls_recv(r.c, in.data, in.len, &used,
					       &out, &app);
			if (used > in.len)
				abort();
			memmove(in.data, in.data + used, in.len - used);
			in.len -= used;
		}
		uint32_t ev = ward_tls_take_events(r.c);
		o->key_updates += !!(ev & WARD_TLS_EV_KEY_UPDATE);
		o->close_notify |= !!(ev & WARD_TLS_EV_CLOSE_NOTIFY);
		o->handshake_done |= ward_tls_handshake_done(r.c);
		/* what the server writes goes nowhere */
		ward_buf_clear(&out);
	}
	o->app_bytes = app.len;
	const ward_tls_info *info = ward_tls_get_info(r.c);
	o->alert_sent = info->alert_sent;
	o->version = info->version;
	o->suite = info->suite;
	o->group = info->group;
	o->sigscheme = info->sigscheme;
	fuzz_epoch_free(&r.ep);
	ward_tls_prot_free(&r.ep12);
	ward_wipe(r.secret, sizeof r.secret);
	ward_tls_conn_free(r.c);
	ward_buf_free(&in);
	ward_buf_free(&out);
	ward_buf_free(&app);
}

/* ---- the TLS 1.2 client ---- */

const uint8_t fuzz_client12_master[48] = {
    0x6d, 0x61, 0x73, 0x74, 0x65, 0x72, 0x20, 0x6f, 0x66, 0x20, 0x74, 0x68,
    0x65, 0x20, 0x66, 0x75, 0x7a, 0x7a, 0x20, 0x73, 0x65, 0x73, 0x73, 0x69,
    0x6f, 0x6e, 0x20, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38,
    0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b};
const uint8_t fuzz_client12_session_id[32] = {
    0x73, 0x65, 0x73, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x69, 0x64, 0x20,
    0x6f, 0x66, 0x20, 0x74, 0x68, 0x65, 0x20, 0x66, 0x75, 0x7a, 0x7a,
    0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x20, 0x31, 0x32};
const uint8_t fuzz_client12_x25519[32] = {
    0x78, 0x32, 0x35, 0x35, 0x31, 0x39, 0x20, 0x6b, 0x65, 0x79, 0x20,
    0x6f, 0x66, 0x20, 0x74, 0x68, 0x65, 0x20, 0x66, 0x75, 0x7a, 0x7a,
    0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x20, 0x31, 0x32};

static ward_tls_config *client12_config(void)
{
	static ward_tls_config *cfg;
	if (cfg)
		return cfg;
	cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	if (!cfg)
		abort();
	ward_tls_config_set_random(cfg, fixed_random, NULL);
	ward_tls_config_set_time(cfg, fixed_now, NULL);
	ward_tls_config_set_test_kex_private(
	    cfg, WARD_GROUP_X25519,
	    ward_slice_make(fuzz_client12_x25519, sizeof fuzz_client12_x25519));
	ward_tls_config_set_verify(cfg, 0);
	/* the six ECDHE suites, then DHE and static RSA with CBC, so that
	 * every key exchange and encrypt-then-MAC are reachable */
	static const uint16_t suites12[] = {
	    WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	    WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	    WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	    WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	    WARD_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	    WARD_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	    WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
	    WARD_TLS_RSA_WITH_AES_128_CBC_SHA,
	};
	if (ward_tls_config_set_suites12(cfg, suites12,
					 sizeof suites12 / sizeof *suites12))
		abort();
	return cfg;
}

/* The session blob (tls/session12.c), made by hand. */
static void client12_session(ward_buf *b)
{
	static const char host[] = "test.example";
	if (ward_put_u8(b, 0x12) ||
	    ward_put_u16(b, WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256) ||
	    ward_put_u8(b, 1) ||
	    ward_put_bytes(b, fuzz_client12_master, 48) ||
	    ward_put_vec(b, 1, fuzz_client12_session_id, 32) ||
	    ward_put_u16(b, 0) || ward_put_u64(b, 1780000000 - 60) ||
	    ward_put_u32(b, 86400) || ward_put_vec(b, 1, host, strlen(host)))
		abort();
}

ward_tls_conn *fuzz_client12_start(ward_buf *out)
{
	ward_tls_conn *c = ward_tls_conn_new(client12_config());
	ward_buf blob = WARD_BUF_INIT;
	client12_session(&blob);
	if (!c || ward_tls_set_hostname(c, "test.example") ||
	    ward_tls_set_session(c, blob.data, blob.len) ||
	    ward_tls_start(c, out))
		abort();
	ward_buf_free(&blob);
	return c;
}

/* Writes the seeds of the fuzz_tls_server and fuzz_record harnesses, and
 * the TLS 1.2 seeds of fuzz_tls_client:
 *
 *   fuzz-gen-seeds DIR          write DIR/fuzz_tls_server/,
 *                               DIR/fuzz_record/ and DIR/fuzz_tls_client/
 *                               tls12-* (the committed corpus is
 *                               tests/fuzz/corpus)
 *   fuzz-gen-seeds --check DIR  fail unless DIR holds exactly these seeds
 *
 * The server seeds start with a real ward client's ClientHellos against
 * the deterministic server of fixture.c (the client's Finished, opened
 * with the key the server logged, must be the one the server expects;
 * the seeds have the harness make it), then post-handshake steps written
 * here. The record seeds are sealed with the harness's fixed key. Each
 * seed is run through the harness's interpreter and must do what its name
 * says: complete the handshake and deliver its application data, or fail
 * with the one alert RFC 8446 names. The TLS 1.2 seeds are in
 * gen_seeds12.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "gen_seeds.h"
#include "rfc8448.h"
#include "tls/conn.h"
#include "tls/handshake.h"
#include "tls/keysched12.h"
#include "tls/record.h"

static int failures;

void die(const char *what)
{
	fprintf(stderr, "fuzz-gen-seeds: %s\n", what);
	exit(1);
}

void ok(ward_err err, const char *what)
{
	if (err != WARD_OK) {
		fprintf(stderr, "fuzz-gen-seeds: %s: error %d\n", what,
			(int)err);
		exit(1);
	}
}

size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	for (; hex[0] && hex[1] && n < cap; hex++) {
		if (ward_hex_value((uint8_t)hex[0]) < 0)
			continue;
		out[n++] = (uint8_t)(ward_hex_value((uint8_t)hex[0]) << 4 |
				     ward_hex_value((uint8_t)hex[1]));
		hex++;
	}
	return n;
}

/* ---- script building ---- */

uint8_t hold;

void op(ward_buf *s, uint8_t code, const void *p, size_t n)
{
	uint8_t hdr[3] = {(uint8_t)(code | hold), (uint8_t)(n >> 8),
			  (uint8_t)n};
	if (n > 0xffff)
		die("op too long");
	ok(ward_put_bytes(s, hdr, 3), "op");
	ok(ward_put_bytes(s, p, n), "op");
}

/* SEAL of content, its type, and pad zero bytes */
static void seal(ward_buf *s, uint8_t type, const void *content, size_t n,
		 size_t pad)
{
	ward_buf inner;
	ward_buf_init(&inner);
	ok(ward_put_bytes(&inner, content, n), "seal");
	ok(ward_put_u8(&inner, type), "seal");
	ok(ward_put_fill(&inner, 0, pad), "seal");
	op(s, FUZZ_OP_SEAL, inner.data, inner.len);
	ward_buf_free(&inner);
}

void next(ward_buf *s)
{
	op(s, FUZZ_OP_NEXT, NULL, 0);
}

void server(ward_buf *s, uint8_t what, const char *data)
{
	uint8_t p[64] = {what};
	size_t n = data ? strlen(data) : 0;
	if (n >= sizeof p)
		die("server data too long");
	if (n)
		memcpy(p + 1, data, n);
	op(s, FUZZ_OP_SERVER, p, 1 + n);
}

static void app(ward_buf *s, const char *text, size_t *total)
{
	seal(s, WARD_TLS_CT_APPLICATION_DATA, text, strlen(text), 0);
	*total += strlen(text);
}

static void key_update(ward_buf *s, uint8_t value)
{
	uint8_t msg[5] = {WARD_HS_KEY_UPDATE, 0, 0, 1, value};
	seal(s, WARD_TLS_CT_HANDSHAKE, msg, sizeof msg, 0);
}

static void alert(ward_buf *s, uint8_t level, uint8_t desc)
{
	uint8_t a[2] = {level, desc};
	seal(s, WARD_TLS_CT_ALERT, a, sizeof a, 0);
}

/* ---- the client's handshake ---- */

struct profile {
	const char *host;
	const char *suites; /* NULL: ward's defaults */
	const char *groups;
	int early_data; /* offer early data (which the server declines) */
	/* with session: sent as 0-RTT early data, which the server takes */
	const char *early_text;
	const ward_buf
	    *session; /* a session to resume (ward_tls_set_session) */
	int client_cert; /* send tests/data/x509/client-chain.pem */
	int tls12;	 /* offer TLS 1.2 only: the client's flight is RAW */
};

/* The server seeds go to this harness, run against this configuration
 * (fuzz_tls_server_mtls: the client-certificate one). */
static const char *server_harness = "fuzz_tls_server";
static ward_tls_config *(*server_config)(void) = fuzz_server_config;

struct handshake {
	ward_buf session; /* the last ticket the server sent, as a session */
	ward_buf ch;	 /* the first ClientHello record, as sent */
	ward_buf script; /* RAW/NEXT/SEAL ops up to the client's Finished */
	int finished;	 /* the client sent its Finished */
	/* accepted early data: its epoch, and EndOfEarlyData was sent */
	fuzz_epoch early;
	int early_done;
};

static ward_err client_random(void *ctx, void *out, size_t len)
{
	(void)ctx;
	memset(out, 0x11, len);
	return WARD_OK;
}

static time_t client_now(void *ctx)
{
	(void)ctx;
	return 1780000000;
}

static ward_tls_config *client_config(const struct profile *pf)
{
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	ward_trust *trust;
	char path[512], why[256];
	if (!cfg)
		die("client config");
	snprintf(path, sizeof path, "%s/x509/root.pem", WARD_TEST_DATA);
	if (ward_trust_load(path, &trust, why, sizeof why) != WARD_OK)
		die(why);
	ward_tls_config_set_trust(cfg, trust);
	ward_tls_config_set_random(cfg, client_random, NULL);
	ward_tls_config_set_time(cfg, client_now, NULL);
	const char *alpn[] = {"http/1.1"};
	ok(ward_tls_config_set_alpn(cfg, alpn, 1), "client alpn");
	if (pf->suites)
		ok(ward_tls_config_set_suites_str(cfg, pf->suites), "suites");
	if (pf->groups)
		ok(ward_tls_config_set_groups_str(cfg, pf->groups), "groups");
	if (pf->tls12)
		ok(ward_tls_config_set_tls13(cfg, 0), "tls12 only");
	if (pf->client_cert) {
		char key[512];
		snprintf(path, sizeof path, "%s/x509/client-chain.pem",
			 WARD_TEST_DATA);
		snprintf(key, sizeof key, "%s/x509/client.key", WARD_TEST_DATA);
		ok(ward_tls_config_set_client_cert_files(cfg, path, key, why,
							 sizeof why),
		   why);
	}
	if (pf->early_text)
		ok(ward_tls_config_set_early_data(cfg, 1), "early data");
	return cfg;
}

/* Turn what the client sent into ops: plaintext records as RAW, its
 * Finished (checked against what the server expects) as FINISH. */
static void record_flight(struct handshake *h, const ward_buf *flight,
			  fuzz_epoch *ep, ward_tls_conn *srv)
{
	size_t off = 0;
	while (off + 5 <= flight->len) {
		const uint8_t *rec = flight->data + off;
		size_t len = 5 + (size_t)(rec[3] << 8 | rec[4]);
		if (off + len > flight->len)
			die("partial record from the client");
		if (rec[0] != WARD_TLS_CT_APPLICATION_DATA) {
			if (!h->ch.len)
				ok(ward_put_bytes(&h->ch, rec, len), "ch");
			op(&h->script, FUZZ_OP_RAW, rec, len);
			off += len;
			continue;
		}
		const fuzz_secrets *s = fuzz_server_secrets();
		if (s->have_early && !h->early_done) {
			/* 0-RTT: the early records as they are, the first
			 * after a NEXT to the early key, up to
			 * EndOfEarlyData */
			ward_buf inner;
			ward_buf_init(&inner);
			if (!h->early.keyed) {
				ok(fuzz_epoch_init(&h->early,
						   ward_tls_get_info(srv)->suite,
						   s->early, 0),
				   "early epoch");
				next(&h->script);
			}
			ok(fuzz_epoch_open(&h->early, rec, len, &inner),
			   "open early");
			op(&h->script, FUZZ_OP_SEAL, inner.data, inner.len);
			h->early_done = inner.len == 5 &&
					inner.data[0] == WARD_HS_END_OF_EARLY_DATA &&
					inner.data[4] == WARD_TLS_CT_HANDSHAKE;
			ward_buf_free(&inner);
			off += len;
			continue;
		}
		uint8_t want[4 + WARD_HASH_MAX] = {WARD_HS_FINISHED, 0, 0};
		size_t hlen = ward_hash_len(srv->suite->hash);
		ward_buf inner;
		ward_buf_init(&inner);
		if (!s->have_hs)
			die("no handshake secret logged");
		ok(fuzz_epoch_init(ep, ward_tls_get_info(srv)->suite, s->hs, 0),
		   "epoch");
		ok(fuzz_epoch_open(ep, rec, len, &inner), "open");
		want[3] = (uint8_t)hlen;
		/* the client's Certificate and CertificateVerify come first
		 * when asked for: replayed as they are (the server's flight
		 * is the same every run); the Finished after them is checked
		 * when the seed runs (the server's transcript lacks them
		 * now) */
		size_t fin = inner.len > 5 + hlen ? inner.len - 5 - hlen : 0;
		next(&h->script);
		if (fin) {
			uint8_t type = WARD_TLS_CT_HANDSHAKE;
			ward_buf part;
			ward_buf_init(&part);
			ok(ward_put_bytes(&part, inner.data, fin), "part");
			ok(ward_put_bytes(&part, &type, 1), "part");
			op(&h->script, FUZZ_OP_SEAL, part.data, part.len);
			ward_buf_free(&part);
			if (inner.data[fin] != WARD_HS_FINISHED)
				die("no Finished after the client's "
				    "certificate");
		} else {
			ok(ward_tls_finished_data(srv, 0, want + 4),
			   "finished");
			/* after EndOfEarlyData the server's transcript
			 * lacks it yet: the seed's outcome checks that
			 * Finished */
			if (inner.len != 4 + hlen + 1 ||
			    (!h->early_done &&
			     memcmp(inner.data, want, 4 + hlen)) ||
			    inner.data[4 + hlen] != WARD_TLS_CT_HANDSHAKE)
				die("the client's Finished is not what the "
				    "server expects");
		}
		op(&h->script, FUZZ_OP_FINISH, NULL, 0);
		ward_buf_free(&inner);
		h->finished = 1;
		off += len;
	}
}

static size_t skip_vec(const ward_buf *m, size_t at, size_t len_bytes)
{
	size_t n = 0;
	for (size_t i = 0; i < len_bytes; i++)
		n = n << 8 | m->data[at + i];
	return at + len_bytes + n;
}

/* The ClientHello ward's client sends for pf, with an early_data
 * extension added and its x25519 share replaced by RFC 8448's (whose
 * private key the client is then given), for the client's test seam. */
static void early_data_hello(const struct profile *pf, ward_tls_config *cfg)
{
	static uint8_t priv[32], pub[32];
	static const uint8_t early_data[4] = {0, 42, 0, 0};
	struct profile plain = *pf;
	ward_buf rec, m;
	plain.early_data = 0;
	ward_tls_config *pcfg = client_config(&plain);
	ward_tls_conn *c = ward_tls_conn_new(pcfg);
	ward_buf_init(&rec);
	ward_buf_init(&m);
	if (!c)
		die("client");
	ok(ward_tls_set_hostname(c, pf->host), "hostname");
	ok(ward_tls_start(c, &rec), "client start");
	ok(ward_put_bytes(&m, rec.data + 5, rec.len - 5), "hello");
	/* version, random, session id, suites, compression, extensions */
	size_t at = skip_vec(&m, 4 + 2 + 32, 1);
	at = skip_vec(&m, at, 2);
	at = skip_vec(&m, at, 1);
	size_t exts_len_at = at, end = skip_vec(&m, at, 2);
	for (at += 2; at + 4 <= end; at = skip_vec(&m, at + 2, 2)) {
		uint16_t type = (uint16_t)(m.data[at] << 8 | m.data[at + 1]);
		/* key_share: u16 list length, then group x25519, u16 32 */
		if (type == 51 && m.data[at + 6] == 0 && m.data[at + 7] == 29) {
			unhex(rfc8448_client_x25519_pub_hex, pub, 32);
			memcpy(m.data + at + 10, pub, 32);
		}
	}
	ok(ward_put_bytes(&m, early_data, sizeof early_data), "hello");
	size_t exts = end - exts_len_at - 2 + 4, body = m.len - 4;
	m.data[exts_len_at] = (uint8_t)(exts >> 8);
	m.data[exts_len_at + 1] = (uint8_t)exts;
	m.data[1] = (uint8_t)(body >> 16);
	m.data[2] = (uint8_t)(body >> 8);
	m.data[3] = (uint8_t)body;
	unhex(rfc8448_client_x25519_priv_hex, priv, 32);
	ward_tls_config_set_test_client_hello(cfg, ward_buf_slice(&m));
	ward_tls_config_set_test_kex_private(cfg, WARD_GROUP_X25519,
					     ward_slice_make(priv, 32));
	ward_tls_conn_free(c);
	ward_tls_config_free(pcfg);
	ward_buf_free(&rec);
	ward_buf_free(&m);
}

static void handshake(const struct profile *pf, struct handshake *h)
{
	ward_tls_config *ccfg = client_config(pf);
	if (pf->early_data)
		early_data_hello(pf, ccfg);
	ward_tls_conn *client = ward_tls_conn_new(ccfg);
	ward_tls_conn *srv;
	ward_buf c_out, s_out, c_app, s_app;
	fuzz_epoch ep = {0};
	memset(h, 0, sizeof *h);
	ward_buf_init(&h->ch);
	ward_buf_init(&h->script);
	ward_buf_init(&c_out);
	ward_buf_init(&s_out);
	ward_buf_init(&c_app);
	ward_buf_init(&s_app);
	if (!client)
		die("client");
	ok(ward_tls_set_hostname(client, pf->host), "hostname");
	if (pf->session)
		ok(ward_tls_set_session(client, pf->session->data,
					pf->session->len),
		   "session");
	ok(ward_tls_start(client, &c_out), "client start");
	fuzz_rand_reset();
	memset(fuzz_server_secrets(), 0, sizeof(fuzz_secrets));
	srv = ward_tls_conn_new(server_config());
	for (int i = 0; i < 4 && !ward_tls_handshake_done(srv); i++) {
		size_t used;
		record_flight(h, &c_out, &ep, srv);
		/* the harness's server draws from a fresh stream; so must
		 * this one, whatever the client drew in between */
		if (!ward_tls_handshake_done(srv))
			fuzz_rand_reset();
		ok(ward_tls_recv(srv, c_out.data, c_out.len, &used, &s_out,
				 &s_app),
		   "server");
		ward_buf_clear(&c_out);
		if (pf->early_text && i == 0) {
			/* the early data once the server has the
			 * ClientHello (and has logged the early secret) */
			ok(ward_tls_send_early(client, pf->early_text,
					       strlen(pf->early_text), &c_out),
			   "early data");
			record_flight(h, &c_out, &ep, srv);
			ok(ward_tls_recv(srv, c_out.data, c_out.len, &used,
					 &s_out, &s_app),
			   "server: early data");
			ward_buf_clear(&c_out);
		}
		if (ward_tls_recv(client, s_out.data, s_out.len, &used, &c_out,
				  &c_app) != WARD_OK)
			die(ward_tls_get_info(client)->error);
		ward_buf_clear(&s_out);
		if (ward_tls_handshake_done(client)) {
			record_flight(h, &c_out, &ep, srv);
			break;
		}
	}
	/* TLS 1.2: the client's flight, its Finished included, went RAW */
	if (pf->tls12 && ward_tls_handshake_done(client))
		h->finished = 1;
	if (!ward_tls_handshake_done(client) || !h->finished)
		die("the client did not finish its handshake");
	/* the client's Finished to the server, its tickets back */
	size_t used;
	ok(ward_tls_recv(srv, c_out.data, c_out.len, &used, &s_out, &s_app),
	   "server");
	ok(ward_tls_recv(client, s_out.data, s_out.len, &used, &c_out, &c_app),
	   "client");
	ward_buf_init_secret(&h->session);
	/* (no TLS 1.2 session while client certificates are asked for) */
	if (ward_tls_get_session(client, &h->session) != WARD_OK && !pf->tls12)
		die("the server sent no ticket");
	if (pf->early_text && (!h->early_done ||
			       ward_tls_get_info(srv)->early_data !=
				   WARD_TLS_EARLY_ACCEPTED))
		die("the server did not take the early data");
	fuzz_epoch_free(&ep);
	fuzz_epoch_free(&h->early);
	ward_tls_conn_free(client);
	ward_tls_conn_free(srv);
	ward_tls_config_free(ccfg);
	ward_buf_free(&c_out);
	ward_buf_free(&s_out);
	ward_buf_free(&c_app);
	ward_buf_free(&s_app);
}

static void handshake_free(struct handshake *h)
{
	ward_buf_free(&h->session);
	ward_buf_free(&h->ch);
	ward_buf_free(&h->script);
}

/* ---- output ---- */

static const char *out_dir;
static int checking;

static void emit(const char *harness, const char *name, const ward_buf *b)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s/%s", out_dir, harness, name);
	if (checking) {
		FILE *f = fopen(path, "rb");
		uint8_t *have = malloc(b->len + 1);
		size_t n = f && have ? fread(have, 1, b->len + 1, f) : 0;
		if (!f || n != b->len || memcmp(have, b->data, n)) {
			fprintf(stderr,
				"fuzz-gen-seeds: %s is %s; regenerate the "
				"seeds with fuzz-gen-seeds "
				"tests/fuzz/corpus\n",
				path, f ? "stale" : "missing");
			failures++;
		}
		if (f)
			fclose(f);
		free(have);
		return;
	}
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/%s", out_dir, harness);
	if (mkdir(out_dir, 0755) && errno != EEXIST)
		die(out_dir);
	if (mkdir(dir, 0755) && errno != EEXIST)
		die(dir);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f))
		die(path);
}

void server_seed(const char *name, const ward_buf *script,
		 const struct expect *e)
{
	fuzz_outcome o;
	fuzz_server_run_cfg(server_config(), script->data, script->len, &o);
	if (o.handshake_done != e->done || o.app_bytes != e->app_bytes ||
	    o.key_updates != e->key_updates ||
	    o.close_notify != e->close_notify || o.err != e->err ||
	    o.alert_sent != e->alert) {
		fprintf(
		    stderr,
		    "fuzz-gen-seeds: seed %s: done %d app %zu key updates "
		    "%u close %d err %d alert %u; want %d %zu %u %d %d %u\n",
		    name, o.handshake_done, o.app_bytes, o.key_updates,
		    o.close_notify, (int)o.err, o.alert_sent, e->done,
		    e->app_bytes, e->key_updates, e->close_notify, (int)e->err,
		    e->alert);
		failures++;
	}
	if ((e->suite && o.suite != e->suite) ||
	    (e->group && o.group != e->group) ||
	    (e->sigscheme && o.sigscheme != e->sigscheme)) {
		fprintf(stderr,
			"fuzz-gen-seeds: seed %s: suite %04x group %04x "
			"sigscheme %04x; want %04x %04x %04x\n",
			name, o.suite, o.group, o.sigscheme, e->suite, e->group,
			e->sigscheme);
		failures++;
	}
	emit(server_harness, name, script);
}

/* ---- the server seeds ---- */

const char get_request[] = "GET / HTTP/1.1\r\nHost: test.example\r\n\r\n";

static void seeds_server(void)
{
	static const struct profile dflt = {.host = "test.example"};
	static const struct profile hrr = {.host = "test.example",
					   .groups = "secp256r1:x25519"};
	static const struct profile aes256 = {.host = "test.example",
					      .suites =
						  "TLS_AES_256_GCM_SHA384",
					      .groups = "secp384r1"};
	static const struct profile chacha = {
	    .host = "test.example", .suites = "TLS_CHACHA20_POLY1305_SHA256"};
	static const struct profile no_sni = {.host = "127.0.0.1"};
	struct handshake h;
	ward_buf s;
	ward_buf_init(&s);

	handshake(&dflt, &h);
	{
		struct expect e = {.done = 1, .close_notify = 1, .alert = 255};
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		app(&s, get_request, &e.app_bytes);
		alert(&s, 1, WARD_ALERT_CLOSE_NOTIFY);
		server_seed("get-close", &s, &e);
	}
	{
		struct expect e = {.done = 1, .key_updates = 2, .alert = 255};
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		app(&s, get_request, &e.app_bytes);
		key_update(&s, WARD_KEY_UPDATE_REQUESTED);
		next(&s);
		app(&s, "after the first update", &e.app_bytes);
		server(&s, FUZZ_SERVER_SEND, "HTTP/1.1 204 No Content\r\n\r\n");
		server(&s, FUZZ_SERVER_KEY_UPDATE_REQUESTED, NULL);
		key_update(&s, WARD_KEY_UPDATE_NOT_REQUESTED);
		next(&s);
		app(&s, "after the second", &e.app_bytes);
		server(&s, FUZZ_SERVER_CLOSE, NULL);
		server_seed("key-updates", &s, &e);
	}
	{
		/* after the ClientHello, every record in one call */
		struct expect e = {.done = 1,
				   .key_updates = 1,
				   .close_notify = 1,
				   .alert = 255};
		ward_buf_clear(&s);
		op(&s, FUZZ_OP_RAW, h.ch.data, h.ch.len);
		hold = FUZZ_OP_HOLD;
		next(&s);
		op(&s, FUZZ_OP_FINISH, NULL, 0);
		next(&s);
		app(&s, get_request, &e.app_bytes);
		key_update(&s, WARD_KEY_UPDATE_REQUESTED);
		next(&s);
		app(&s, "after the update", &e.app_bytes);
		hold = 0;
		alert(&s, 1, WARD_ALERT_CLOSE_NOTIFY);
		server_seed("one-call", &s, &e);
	}
	{
		/* the ClientHello split inside its header, the Finished over
		 * two records, padding, and an empty application record */
		struct expect e = {.done = 1, .alert = 255};
		ward_buf_clear(&s);
		op(&s, FUZZ_OP_RAW, h.ch.data, 3);
		op(&s, FUZZ_OP_RAW, h.ch.data + 3, h.ch.len - 3);
		next(&s);
		op(&s, FUZZ_OP_FINISH, "\7", 1);
		next(&s);
		seal(&s, WARD_TLS_CT_APPLICATION_DATA, NULL, 0, 0);
		seal(&s, WARD_TLS_CT_APPLICATION_DATA, get_request,
		     strlen(get_request), 31);
		e.app_bytes = strlen(get_request);
		alert(&s, 1, WARD_ALERT_USER_CANCELED);
		server_seed("fragmented-padded", &s, &e);
	}
	{
		/* RFC 8446 4.4.4: a wrong verify_data is decrypt_error */
		struct expect e = {.err = WARD_ERR_DECRYPT_ERROR,
				   .alert = WARD_ALERT_DECRYPT_ERROR};
		ward_buf_clear(&s);
		op(&s, FUZZ_OP_RAW, h.ch.data, h.ch.len);
		next(&s);
		static const uint8_t wrong[36] = {WARD_HS_FINISHED, 0, 0, 32};
		seal(&s, WARD_TLS_CT_HANDSHAKE, wrong, sizeof wrong, 0);
		server_seed("bad-finished", &s, &e);
	}
	{
		/* RFC 8446 4.6.3: a KeyUpdate value other than 0 and 1 */
		struct expect e = {.done = 1,
				   .err = WARD_ERR_ILLEGAL_PARAMETER,
				   .alert = WARD_ALERT_ILLEGAL_PARAMETER};
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		key_update(&s, 2);
		server_seed("key-update-bad-value", &s, &e);
	}
	{
		/* a ClientHello after the handshake (renegotiation) */
		struct expect e = {.done = 1,
				   .err = WARD_ERR_UNEXPECTED_MESSAGE,
				   .alert = WARD_ALERT_UNEXPECTED_MESSAGE};
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		seal(&s, WARD_TLS_CT_HANDSHAKE, h.ch.data + 5, h.ch.len - 5, 0);
		server_seed("client-hello-after-handshake", &s, &e);
	}
	{
		/* NewSessionTicket comes from servers only (RFC 8446 4.6.1) */
		static const uint8_t nst[] = {WARD_HS_NEW_SESSION_TICKET,
					      0,
					      0,
					      14,
					      0,
					      0,
					      0x0e,
					      0x10,
					      1,
					      2,
					      3,
					      4,
					      0,
					      0,
					      1,
					      0x77,
					      0,
					      0};
		struct expect e = {.done = 1,
				   .err = WARD_ERR_UNEXPECTED_MESSAGE,
				   .alert = WARD_ALERT_UNEXPECTED_MESSAGE};
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		seal(&s, WARD_TLS_CT_HANDSHAKE, nst, sizeof nst, 0);
		server_seed("ticket-from-client", &s, &e);
	}
	{
		/* RFC 8446 5: change_cipher_spec after the handshake */
		static const uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
		struct expect e = {.done = 1,
				   .err = WARD_ERR_UNEXPECTED_MESSAGE,
				   .alert = WARD_ALERT_UNEXPECTED_MESSAGE};
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		op(&s, FUZZ_OP_RAW, ccs, sizeof ccs);
		server_seed("ccs-after-handshake", &s, &e);
	}
	{
		struct expect e = {
		    .done = 1, .err = WARD_ERR_PEER_ALERT, .alert = 255};
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		app(&s, get_request, &e.app_bytes);
		alert(&s, 2, WARD_ALERT_HANDSHAKE_FAILURE);
		server_seed("fatal-alert", &s, &e);
	}
	{
		/* RFC 8446 2.2: resumed with the ticket of that handshake
		 * (the fixture's ticket key is fixed), no Certificate */
		struct profile resume = dflt;
		struct handshake h2;
		struct expect e = {.done = 1, .alert = 255};
		resume.session = &h.session;
		handshake(&resume, &h2);
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h2.script.data, h2.script.len), "s");
		next(&s);
		app(&s, get_request, &e.app_bytes);
		server_seed("resumed-psk", &s, &e);
		/* RFC 8446 2.3, 4.5: resumed with the request in early
		 * data, EndOfEarlyData, then more after the handshake */
		struct profile early = resume;
		struct handshake h3;
		struct expect ee = {.done = 1, .alert = 255};
		early.early_text = get_request;
		handshake(&early, &h3);
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h3.script.data, h3.script.len), "s");
		ee.app_bytes = strlen(get_request);
		next(&s);
		app(&s, get_request, &ee.app_bytes);
		server_seed("resumed-early-data", &s, &ee);
		handshake_free(&h3);
		/* 4.2.11.2: a binder that does not verify */
		struct expect bad = {.err = WARD_ERR_DECRYPT_ERROR,
				     .alert = WARD_ALERT_DECRYPT_ERROR};
		h2.ch.data[h2.ch.len - 1] ^= 1;
		ward_buf_clear(&s);
		op(&s, FUZZ_OP_RAW, h2.ch.data, h2.ch.len);
		server_seed("resumed-bad-binder", &s, &bad);
		handshake_free(&h2);
	}
	handshake_free(&h);
	{
		/* another client's hello: RFC 8448's, answered, no more */
		struct expect e = {.alert = 255};
		uint8_t rec[512];
		size_t n =
		    unhex(rfc8448_client_hello_record_hex, rec, sizeof rec);
		ward_buf_clear(&s);
		op(&s, FUZZ_OP_RAW, rec, n);
		server_seed("rfc8448-client-hello", &s, &e);
	}

	{
		/* RFC 8446 4.2.10: declined early data is skipped, here a
		 * record that does not open under the handshake keys */
		static const struct profile early = {.host = "test.example",
						     .early_data = 1};
		static const uint8_t junk[] = {
		    23,	 3,   3,   0,	24,  'e', 'a', 'r', 'l', 'y',
		    ' ', 'd', 'a', 't', 'a', 0,	  1,   2,   3,	 4,
		    5,	 6,   7,   8,	9,   10,  11,  12,  13};
		struct expect e = {.done = 1, .alert = 255};
		handshake(&early, &h);
		ward_buf_clear(&s);
		op(&s, FUZZ_OP_RAW, h.ch.data, h.ch.len);
		op(&s, FUZZ_OP_RAW, junk, sizeof junk);
		ok(ward_put_bytes(&s, h.script.data + 3 + h.ch.len,
				  h.script.len - 3 - h.ch.len),
		   "s");
		next(&s);
		app(&s, get_request, &e.app_bytes);
		server_seed("early-data-skipped", &s, &e);
		handshake_free(&h);
	}

	const struct {
		const char *name;
		const struct profile *pf;
	} others[] = {
	    {"hello-retry-secp256r1", &hrr},
	    {"aes256-secp384r1", &aes256},
	    {"chacha20", &chacha},
	    {"no-sni", &no_sni},
	};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		struct expect e = {.done = 1, .key_updates = 1, .alert = 255};
		handshake(others[i].pf, &h);
		ward_buf_clear(&s);
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		app(&s, get_request, &e.app_bytes);
		key_update(&s, WARD_KEY_UPDATE_NOT_REQUESTED);
		next(&s);
		app(&s, "x", &e.app_bytes);
		server_seed(others[i].name, &s, &e);
		handshake_free(&h);
	}
	ward_buf_free(&s);
}

/* ---- TLS 1.2 under the legacy policy (the fixture's) ---- */

/* A TLS 1.2 ClientHello record for one static RSA suite, with
 * encrypt_then_mac and heartbeat offered, then ClientKeyExchange with
 * ct_len bytes of a ciphertext that is no one's pre-master. */
/* ---- the client-certificate server seeds (fuzz_tls_server_mtls) ---- */

/* A copy of script with its SEAL op's payload (the client's Certificate
 * and CertificateVerify, then the inner type) replaced by p[0..n). */
static void replace_seal(const ward_buf *script, const uint8_t *p, size_t n,
			 ward_buf *out)
{
	ward_buf_clear(out);
	for (size_t at = 0; at + 3 <= script->len;) {
		uint8_t code = script->data[at];
		size_t len = (size_t)script->data[at + 1] << 8 |
			     script->data[at + 2];
		if ((code & 0x7f) % 5 == FUZZ_OP_SEAL)
			op(out, code, p, n);
		else
			op(out, code, script->data + at + 3, len);
		at += 3 + len;
	}
}

static void seeds_server_mtls(void)
{
	static const struct profile alice = {.host = "test.example",
					     .client_cert = 1};
	struct handshake h;
	ward_buf s, part;
	server_harness = "fuzz_tls_server_mtls";
	server_config = fuzz_server_config_mtls;
	ward_buf_init(&s);
	ward_buf_init(&part);
	handshake(&alice, &h);
	{
		struct expect e = {.done = 1, .close_notify = 1, .alert = 255};
		ok(ward_put_bytes(&s, h.script.data, h.script.len), "s");
		next(&s);
		app(&s, get_request, &e.app_bytes);
		alert(&s, 1, WARD_ALERT_CLOSE_NOTIFY);
		server_seed("client-cert-get", &s, &e);
	}
	/* the recorded Certificate and CertificateVerify, to change */
	size_t at = 0, seal_at = 0, seal_len = 0;
	while (at + 3 <= h.script.len) {
		size_t len = (size_t)h.script.data[at + 1] << 8 |
			     h.script.data[at + 2];
		if ((h.script.data[at] & 0x7f) % 5 == FUZZ_OP_SEAL) {
			seal_at = at + 3;
			seal_len = len;
		}
		at += 3 + len;
	}
	if (!seal_len)
		die("no client certificate in the handshake");
	const uint8_t *cert = h.script.data + seal_at;
	size_t cert_len = 4 + ((size_t)cert[1] << 16 | cert[2] << 8 | cert[3]);
	{
		/* an empty Certificate: certificate_required */
		static const uint8_t empty[] = {WARD_HS_CERTIFICATE, 0, 0, 4, 0,
						0, 0, 0, WARD_TLS_CT_HANDSHAKE};
		struct expect e = {.err = WARD_ERR_CERTIFICATE_REQUIRED,
				   .alert = WARD_ALERT_CERTIFICATE_REQUIRED};
		replace_seal(&h.script, empty, sizeof empty, &s);
		server_seed("client-cert-empty", &s, &e);
	}
	{
		/* a signature that does not verify: decrypt_error */
		struct expect e = {.err = WARD_ERR_DECRYPT_ERROR,
				   .alert = WARD_ALERT_DECRYPT_ERROR};
		ward_buf_clear(&part);
		ok(ward_put_bytes(&part, cert, seal_len), "part");
		part.data[seal_len - 2] ^= 0x01; /* the signature's last byte */
		replace_seal(&h.script, part.data, part.len, &s);
		server_seed("client-cert-bad-signature", &s, &e);
	}
	{
		/* the Certificate alone, then Finished: unexpected_message */
		struct expect e = {.err = WARD_ERR_UNEXPECTED_MESSAGE,
				   .alert = WARD_ALERT_UNEXPECTED_MESSAGE};
		ward_buf_clear(&part);
		ok(ward_put_bytes(&part, cert, cert_len), "part");
		ok(ward_put_bytes(&part, &(uint8_t){WARD_TLS_CT_HANDSHAKE}, 1),
		   "part");
		replace_seal(&h.script, part.data, part.len, &s);
		/* a Finished the server does not wait for, sealed by hand */
		static const uint8_t fin[] = {WARD_HS_FINISHED, 0, 0, 32,
					      [36] = WARD_TLS_CT_HANDSHAKE};
		op(&s, FUZZ_OP_SEAL, fin, sizeof fin);
		server_seed("client-cert-no-verify", &s, &e);
	}
	handshake_free(&h);
	/* TLS 1.2: Certificate, ClientKeyExchange, CertificateVerify,
	 * ChangeCipherSpec and Finished as the client sent them */
	static const struct profile alice12 = {
	    .host = "test.example", .client_cert = 1, .tls12 = 1};
	handshake(&alice12, &h);
	{
		struct expect e = {.done = 1, .alert = 255};
		server_seed("client-cert-tls12", &h.script, &e);
	}
	handshake_free(&h);
	ward_buf_free(&s);
	ward_buf_free(&part);
	server_harness = "fuzz_tls_server";
	server_config = fuzz_server_config;
}

static void static_rsa_hello(ward_buf *s, uint16_t suite, size_t ct_len)
{
	static const char hello_hex[] =
	    "16030300700100006c0303000102030405060708090a0b0c0d0e0f101112"
	    "131415161718191a1b1c1d1e1f0000020000" /* the suite: [46, 48) */
	    "0100004100000011000f00000c746573742e6578616d706c65000a000600"
	    "04001d0017000b00020100000d0006000408040401ff0100010000170000"
	    "00160000000f000101";
	uint8_t rec[WARD_TLS_RECORD_HEADER_LEN + 4 + 2 + 512];
	size_t n = unhex(hello_hex, rec, sizeof rec);
	ward_store_u16(rec + 46, suite);
	op(s, FUZZ_OP_RAW, rec, n);
	/* a 2-byte vector of ciphertext (RFC 5246 7.4.7.1) */
	rec[0] = WARD_TLS_CT_HANDSHAKE;
	ward_store_u16(rec + 1, 0x0303);
	ward_store_u16(rec + 3, (uint16_t)(4 + 2 + ct_len));
	rec[5] = WARD_HS_CLIENT_KEY_EXCHANGE;
	rec[6] = 0;
	ward_store_u16(rec + 7, (uint16_t)(2 + ct_len));
	ward_store_u16(rec + 9, (uint16_t)ct_len);
	memset(rec + 11, 0x5a, ct_len);
	op(s, FUZZ_OP_RAW, rec, 11 + ct_len);
}

static void seeds_server_legacy(void)
{
	ward_buf s;
	ward_buf_init(&s);
	{
		/* the pre-master does not decrypt: the random one is taken
		 * and the Finished (any bytes) does not open */
		struct expect e = {.err = WARD_ERR_BAD_RECORD_MAC,
				   .alert = WARD_ALERT_BAD_RECORD_MAC};
		static const uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
		uint8_t fin[5 + 64] = {22, 3, 3, 0, 64};
		static_rsa_hello(&s, WARD_TLS_RSA_WITH_AES_128_CBC_SHA256, 256);
		op(&s, FUZZ_OP_RAW, ccs, sizeof ccs);
		op(&s, FUZZ_OP_RAW, fin, sizeof fin);
		server_seed("tls12-static-rsa-cbc", &s, &e);
	}
	{
		struct expect e = {.err = WARD_ERR_DECODE,
				   .alert = WARD_ALERT_DECODE_ERROR};
		ward_buf_clear(&s);
		static_rsa_hello(&s, WARD_TLS_RSA_WITH_AES_128_GCM_SHA256, 255);
		server_seed("tls12-static-rsa-ciphertext-size", &s, &e);
	}
	ward_buf_free(&s);
}

/* ---- the record seeds ---- */

static void record_epoch(fuzz_epoch *e, ward_aead_alg alg)
{
	memset(e, 0, sizeof *e);
	ok(ward_aead_init(&e->aead, alg, fuzz_record_key, 1), "aead");
	memcpy(e->iv, fuzz_record_iv, sizeof e->iv);
	e->keyed = 1;
}

static void sealed(fuzz_epoch *e, ward_buf *out, uint8_t type,
		   const void *content, size_t n, size_t pad)
{
	ward_buf inner;
	ward_buf_init(&inner);
	ok(ward_put_bytes(&inner, content, n), "inner");
	if (type)
		ok(ward_put_u8(&inner, type), "inner");
	ok(ward_put_fill(&inner, 0, pad), "inner");
	ok(fuzz_epoch_seal(e, inner.data, inner.len, out), "seal");
	ward_buf_free(&inner);
}

/* Open the records of b under the harness's epoch `mode`, as the harness
 * does: each must give the error listed (and the type for those that
 * open). */
static void record_seed(const char *name, int mode, const ward_buf *b,
			const ward_err *want, const uint8_t *type, size_t n)
{
	ward_tls_prot p;
	uint8_t *copy = malloc(b->len);
	size_t off = 0, i = 0;
	if (!copy)
		die("memory");
	memcpy(copy, b->data, b->len);
	ok(fuzz_record_prot(&p, mode, 0), "prot");
	for (; off < b->len && i < n; i++) {
		ward_tls_record rec;
		ok(ward_tls_record_parse(copy + off, b->len - off, &p, &rec),
		   "parse");
		ward_err err = ward_tls_record_open(&p, &rec);
		if (err != want[i] || (err == WARD_OK && rec.type != type[i])) {
			fprintf(stderr,
				"fuzz-gen-seeds: seed %s: record %zu: error %d "
				"type %u; want %d %u\n",
				name, i, (int)err, rec.type, (int)want[i],
				type[i]);
			failures++;
		}
		off += rec.total_len;
	}
	if (off != b->len || i != n) {
		fprintf(stderr, "fuzz-gen-seeds: seed %s: %zu records\n", name,
			i);
		failures++;
	}
	ward_tls_prot_free(&p);
	free(copy);
	emit("fuzz_record", name, b);
}

static void seeds_record(void)
{
	static const char *names[] = {"aes128gcm", "aes256gcm", "chacha20"};
	static const uint8_t finished[36] = {WARD_HS_FINISHED, 0, 0, 32, 1, 2};
	static const uint8_t close_notify[2] = {1, 0};
	static const ward_err opened[4] = {WARD_OK, WARD_OK, WARD_OK, WARD_OK};
	static const uint8_t types[4] = {
	    WARD_TLS_CT_HANDSHAKE, WARD_TLS_CT_APPLICATION_DATA,
	    WARD_TLS_CT_APPLICATION_DATA, WARD_TLS_CT_ALERT};
	/* RFC 8446 5, 5.4: no content type, a protected
	 * change_cipher_spec, an unknown type */
	static const ward_err refused[3] = {WARD_ERR_UNEXPECTED_MESSAGE,
					    WARD_ERR_UNEXPECTED_MESSAGE,
					    WARD_ERR_UNEXPECTED_MESSAGE};
	static const uint8_t no_types[3];
	char name[64];
	ward_buf b;
	ward_buf_init(&b);
	for (int alg = 0; alg < 3; alg++) {
		fuzz_epoch e;
		record_epoch(&e, (ward_aead_alg)alg);
		ward_buf_clear(&b);
		sealed(&e, &b, WARD_TLS_CT_HANDSHAKE, finished, sizeof finished,
		       0);
		sealed(&e, &b, WARD_TLS_CT_APPLICATION_DATA, get_request,
		       strlen(get_request), 12);
		sealed(&e, &b, WARD_TLS_CT_APPLICATION_DATA, NULL, 0, 0);
		sealed(&e, &b, WARD_TLS_CT_ALERT, close_notify,
		       sizeof close_notify, 0);
		snprintf(name, sizeof name, "records-%s", names[alg]);
		record_seed(name, alg + 1, &b, opened, types, 4);
		fuzz_epoch_free(&e);

		record_epoch(&e, (ward_aead_alg)alg);
		ward_buf_clear(&b);
		sealed(&e, &b, 0, NULL, 0, 16);
		sealed(&e, &b, WARD_TLS_CT_CHANGE_CIPHER_SPEC, "\1", 1, 0);
		sealed(&e, &b, 0x42, "?", 1, 0);
		snprintf(name, sizeof name, "refused-%s", names[alg]);
		record_seed(name, alg + 1, &b, refused, no_types, 3);
		fuzz_epoch_free(&e);
	}
	ward_buf_free(&b);
}

/* Seal one TLS 1.2 CBC record with a fixed IV (seeds must not change
 * from run to run), then damage it: 0 leaves it whole, 1 flips a bit of
 * its last byte, 2 drops its last byte. */
static void cbc_sealed(ward_tls_prot *wr, ward_buf *out, uint8_t type,
		       const void *content, size_t n, int damage)
{
	uint8_t iv[WARD_CBC_BLOCK_LEN];
	size_t at = out->len;
	memset(iv, (int)(0x40 + wr->seq), sizeof iv);
	ok(ward_tls12_cbc_record_seal_iv(wr, out, type, content, n, iv),
	   "seal");
	if (damage == 1)
		out->data[out->len - 1] ^= 1;
	if (damage == 2) {
		out->len--;
		ward_store_u16(out->data + at + 3,
			       (uint16_t)(out->len - at - 5));
	}
}

static void seeds_record_cbc(void)
{
	static const char *names[] = {"aes128-sha1-mte", "aes256-sha256-mte",
				      "aes128-sha1-etm", "aes256-sha256-etm"};
	static const uint8_t finished[16] = {WARD_HS_FINISHED, 0, 0, 12, 1, 2};
	static const uint8_t close_notify[2] = {1, 0};
	static const ward_err opened[4] = {WARD_OK, WARD_OK, WARD_OK, WARD_OK};
	static const uint8_t types[4] = {
	    WARD_TLS_CT_HANDSHAKE, WARD_TLS_CT_APPLICATION_DATA,
	    WARD_TLS_CT_APPLICATION_DATA, WARD_TLS_CT_ALERT};
	/* RFC 5246 6.2.3.2, 7.2.2: a damaged last block (padding in
	 * MAC-then-encrypt, the MAC in encrypt-then-MAC), a length that is
	 * not whole blocks: bad_record_mac */
	static const ward_err refused[3] = {WARD_ERR_BAD_RECORD_MAC,
					    WARD_ERR_BAD_RECORD_MAC, WARD_OK};
	static const uint8_t refused_types[3] = {0, 0,
						 WARD_TLS_CT_APPLICATION_DATA};
	char name[64];
	ward_buf b;
	ward_buf_init(&b);
	for (int i = 0; i < 4; i++) {
		int mode = FUZZ_RECORD_CBC_FIRST + i;
		ward_tls_prot wr;
		ok(fuzz_record_prot(&wr, mode, 1), "prot");
		ward_buf_clear(&b);
		cbc_sealed(&wr, &b, WARD_TLS_CT_HANDSHAKE, finished,
			   sizeof finished, 0);
		cbc_sealed(&wr, &b, WARD_TLS_CT_APPLICATION_DATA, get_request,
			   strlen(get_request), 0);
		cbc_sealed(&wr, &b, WARD_TLS_CT_APPLICATION_DATA, NULL, 0, 0);
		cbc_sealed(&wr, &b, WARD_TLS_CT_ALERT, close_notify,
			   sizeof close_notify, 0);
		snprintf(name, sizeof name, "records-cbc-%s", names[i]);
		record_seed(name, mode, &b, opened, types, 4);
		ward_tls_prot_free(&wr);

		/* the reader stays at sequence number 0 until the third
		 * record, sealed as the first */
		ok(fuzz_record_prot(&wr, mode, 1), "prot");
		ward_buf_clear(&b);
		cbc_sealed(&wr, &b, WARD_TLS_CT_APPLICATION_DATA, get_request,
			   strlen(get_request), 1);
		wr.seq = 0;
		cbc_sealed(&wr, &b, WARD_TLS_CT_APPLICATION_DATA, get_request,
			   strlen(get_request), 2);
		wr.seq = 0;
		cbc_sealed(&wr, &b, WARD_TLS_CT_APPLICATION_DATA, "x", 1, 0);
		snprintf(name, sizeof name, "refused-cbc-%s", names[i]);
		record_seed(name, mode, &b, refused, refused_types, 3);
		ward_tls_prot_free(&wr);
	}
	ward_buf_free(&b);
}

/* ---- the TLS 1.2 client seeds: a server's flights, by the codec ---- */

static const uint8_t server12_random[32] = {
    0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0x20, 0x72, 0x61, 0x6e, 0x64,
    0x6f, 0x6d, 0x20, 0x66, 0x6f, 0x72, 0x20, 0x74, 0x6c, 0x73, 0x31,
    0x32, 0x20, 0x73, 0x65, 0x65, 0x64, 0x73, 0x21, 0x21, 0x21};

struct server12 {
	ward_tls_conn *client;
	ward_hash th;
	uint8_t client_random[32];
	uint8_t master[48];
	ward_tls12_keys keys;
	ward_tls_prot wr;
	ward_buf seed; /* everything the server sent */
};

static void server12_start(struct server12 *v)
{
	ward_buf ch;
	ward_buf_init(&ch);
	memset(v, 0, sizeof *v);
	ward_buf_init(&v->seed);
	ward_tls_prot_init_plain(&v->wr);
	v->client = fuzz_client12_start(&ch);
	if (ch.len < 5 + 4 + 2 + 32)
		die("the TLS 1.2 client's ClientHello");
	memcpy(v->client_random, ch.data + 5 + 4 + 2, 32);
	ok(ward_hash_init(&v->th, WARD_HASH_SHA256), "transcript");
	ok(ward_hash_update(&v->th, ch.data + 5, ch.len - 5), "transcript");
	ward_buf_free(&ch);
}

/* Handshake messages into the transcript and one record of the seed
 * (and to the client, which must take them). */
static void server12_send(struct server12 *v, uint8_t type, const ward_buf *b)
{
	ward_buf rec, out, app;
	ward_buf_init(&rec);
	ward_buf_init(&out);
	ward_buf_init(&app);
	if (type == WARD_TLS_CT_HANDSHAKE)
		ok(ward_hash_update(&v->th, b->data, b->len), "transcript");
	ok(ward_tls_record_seal(&v->wr, &rec, type, b->data, b->len, 0),
	   "seal");
	ok(ward_put_bytes(&v->seed, rec.data, rec.len), "seed");
	size_t used;
	ok(ward_tls_recv(v->client, rec.data, rec.len, &used, &out, &app),
	   "the TLS 1.2 client");
	ward_buf_free(&rec);
	ward_buf_free(&out);
	ward_buf_free(&app);
}

static void server12_keys(struct server12 *v)
{
	ok(ward_tls12_key_block(WARD_HASH_SHA256, v->master, v->client_random,
				server12_random, 0, 16, 4, &v->keys),
	   "key block");
}

/* Our ChangeCipherSpec and Finished. */
static void server12_finish(struct server12 *v)
{
	uint8_t th[32], verify[12];
	ward_buf b;
	ward_buf_init(&b);
	ok(ward_put_u8(&b, 1), "ccs");
	server12_send(v, WARD_TLS_CT_CHANGE_CIPHER_SPEC, &b);
	ward_tls_prot_free(&v->wr);
	ok(ward_tls_prot_init_tls12_aead(&v->wr, WARD_AEAD_AES_128_GCM,
					 v->keys.server.key, v->keys.server.iv,
					 1),
	   "server keys");
	ok(ward_hash_peek(&v->th, th), "transcript");
	ok(ward_tls12_finished(WARD_HASH_SHA256, v->master, 0, th, verify),
	   "finished");
	ward_buf_clear(&b);
	ok(ward_finished_write(&b, verify, sizeof verify), "finished");
	server12_send(v, WARD_TLS_CT_HANDSHAKE, &b);
	ward_buf_free(&b);
}

static void server12_client_finished(struct server12 *v)
{
	uint8_t th[32], verify[12];
	ward_buf b;
	ward_buf_init(&b);
	ok(ward_hash_peek(&v->th, th), "transcript");
	ok(ward_tls12_finished(WARD_HASH_SHA256, v->master, 1, th, verify),
	   "finished");
	ok(ward_finished_write(&b, verify, sizeof verify), "finished");
	ok(ward_hash_update(&v->th, b.data, b.len), "transcript");
	ward_buf_free(&b);
}

/* The seed must do what its name says to a fresh client, in one call. */
static void server12_check(struct server12 *v, const char *name,
			   const char *want_app, uint8_t want_alert)
{
	ward_buf out, app;
	ward_buf_init(&out);
	ward_buf_init(&app);
	ward_tls_conn *c = fuzz_client12_start(&out);
	uint8_t *copy = malloc(v->seed.len);
	if (!copy)
		die("memory");
	memcpy(copy, v->seed.data, v->seed.len);
	size_t used;
	ward_err err = ward_tls_recv(c, copy, v->seed.len, &used, &out, &app);
	const ward_tls_info *i = ward_tls_get_info(c);
	int waiting = want_app && !*want_app; /* "": mid-handshake */
	int good = waiting ? err == WARD_OK && !ward_tls_handshake_done(c) &&
				 app.len == 0 && i->alert_sent == want_alert
		   : want_app ? err == WARD_OK && ward_tls_handshake_done(c) &&
				  app.len == strlen(want_app) &&
				  !memcmp(app.data, want_app, app.len) &&
				  i->alert_sent == want_alert
			    : err != WARD_OK && i->alert_sent == want_alert;
	if (!good) {
		fprintf(stderr,
			"fuzz-gen-seeds: seed %s: error %d, alert %u, %zu "
			"bytes of data (%s)\n",
			name, (int)err, i->alert_sent, app.len,
			i->error ? i->error : "");
		failures++;
	}
	emit("fuzz_tls_client", name, &v->seed);
	free(copy);
	ward_tls_conn_free(c);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(v->client);
	ward_hash_free(&v->th);
	ward_tls_prot_free(&v->wr);
	ward_buf_free(&v->seed);
}

static void server12_hello(struct server12 *v, ward_slice session_id,
			   const uint8_t *random)
{
	ward_buf b;
	ward_buf_init(&b);
	ward_tls12_server_hello_params p = {
	    .random = random,
	    .session_id = session_id,
	    .suite = WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	    .renegotiation_info = 1,
	    .extended_master_secret = 1,
	    .ec_point_formats = 1,
	};
	ok(ward_server_hello12_write(&b, &p), "ServerHello");
	server12_send(v, WARD_TLS_CT_HANDSHAKE, &b);
	ward_buf_free(&b);
}

/* ServerHello (a new session ID), Certificate and ServerKeyExchange
 * (Ed25519: deterministic signatures), ServerHelloDone; the client's
 * flight in the transcript and the master secret derived. */
static void server12_full(struct server12 *v)
{
	static const uint8_t id[32] = {1, 2, 3};
	static const uint8_t server_x25519[32] = {0x53, 0x45, 0x52, 0x56, 0x45,
						  0x52, 0x20, 0x4b, 0x45, 0x59};
	char chain_path[512], key_path[512], why[256];
	ward_chain *chain;
	ward_pkey *key;
	ward_kex kex = {0};
	uint8_t pub[32], pms[32], th[32];
	size_t pub_len = sizeof pub, pms_len = sizeof pms;
	ward_buf b;
	ward_buf_init(&b);
	snprintf(chain_path, sizeof chain_path, "%s/x509/ed25519-chain.pem",
		 WARD_TEST_DATA);
	snprintf(key_path, sizeof key_path, "%s/x509/ed25519.key",
		 WARD_TEST_DATA);
	ok(ward_chain_load_pem_file(chain_path, &chain, why, sizeof why),
	   why);
	ok(ward_pkey_load_pem_file(key_path, &key, why, sizeof why), why);
	server12_hello(v, ward_slice_make(id, sizeof id), server12_random);
	ward_slice der[WARD_TLS_MAX_CHAIN];
	size_t n = ward_chain_count(chain);
	for (size_t i = 0; i < n; i++)
		der[i] = ward_chain_der(chain, i);
	ok(ward_certificate12_write(&b, der, n), "Certificate");
	server12_send(v, WARD_TLS_CT_HANDSHAKE, &b);
	ok(ward_kex_from_private(&kex, WARD_GROUP_X25519, server_x25519,
				 sizeof server_x25519, pub, &pub_len),
	   "server key");
	ward_buf_clear(&b);
	ok(ward_server_key_exchange_write(
	       &b, key, WARD_SIG_ED25519, v->client_random, server12_random,
	       WARD_GROUP_X25519, ward_slice_make(pub, pub_len)),
	   "ServerKeyExchange");
	server12_send(v, WARD_TLS_CT_HANDSHAKE, &b);
	ward_buf_clear(&b);
	size_t mark;
	ok(ward_hs_begin(&b, WARD_HS_SERVER_HELLO_DONE, &mark), "SHD");
	ok(ward_hs_end(&b, mark), "SHD");
	server12_send(v, WARD_TLS_CT_HANDSHAKE, &b);
	/* the client answers with ClientKeyExchange (its fixed key),
	 * ChangeCipherSpec and Finished */
	uint8_t client_pub[32];
	size_t client_pub_len = sizeof client_pub;
	ward_kex client_kex = {0};
	ok(ward_kex_from_private(&client_kex, WARD_GROUP_X25519,
				 fuzz_client12_x25519, 32, client_pub,
				 &client_pub_len),
	   "client key");
	ward_buf_clear(&b);
	ok(ward_client_key_exchange_write(
	       &b, ward_slice_make(client_pub, client_pub_len)),
	   "ClientKeyExchange");
	ok(ward_hash_update(&v->th, b.data, b.len), "transcript");
	ok(ward_kex_derive(&kex, client_pub, client_pub_len, pms, &pms_len),
	   "premaster");
	ok(ward_hash_peek(&v->th, th), "session hash");
	ok(ward_tls12_master_secret_ems(WARD_HASH_SHA256, pms, pms_len, th,
					v->master),
	   "master");
	server12_keys(v);
	server12_client_finished(v);
	ward_kex_free(&kex);
	ward_kex_free(&client_kex);
	ward_chain_free(chain);
	ward_pkey_free(key);
	ward_buf_free(&b);
}

static void server12_app(struct server12 *v, uint8_t type, const void *p,
			 size_t n)
{
	ward_buf b;
	ward_buf_init(&b);
	ok(ward_put_bytes(&b, p, n), "data");
	server12_send(v, type, &b);
	ward_buf_free(&b);
}

static void seeds_client12(void)
{
	struct server12 v;
	static const char hello[] = "hello over TLS 1.2";

	server12_start(&v);
	server12_full(&v);
	server12_finish(&v);
	server12_app(&v, WARD_TLS_CT_APPLICATION_DATA, hello, strlen(hello));
	server12_check(&v, "tls12-full", hello, 255);

	/* after the handshake a HelloRequest: a no_renegotiation warning */
	server12_start(&v);
	server12_full(&v);
	server12_finish(&v);
	server12_app(&v, WARD_TLS_CT_HANDSHAKE, "\0\0\0\0", 4);
	server12_app(&v, WARD_TLS_CT_APPLICATION_DATA, hello, strlen(hello));
	server12_check(&v, "tls12-hello-request", hello,
		       WARD_ALERT_NO_RENEGOTIATION);

	/* the session the client offers, resumed */
	server12_start(&v);
	server12_hello(&v, ward_slice_make(fuzz_client12_session_id, 32),
		       server12_random);
	memcpy(v.master, fuzz_client12_master, 48);
	server12_keys(&v);
	server12_finish(&v);
	server12_app(&v, WARD_TLS_CT_APPLICATION_DATA, hello, strlen(hello));
	server12_check(&v, "tls12-resumed", hello, 255);

	/* RFC 8446 4.1.3: the downgrade sentinel */
	uint8_t random[32];
	memcpy(random, server12_random, 24);
	memcpy(random + 24, ward_downgrade_tls12, 8);
	server12_start(&v);
	ward_buf b;
	ward_buf_init(&b);
	ward_tls12_server_hello_params p = {
	    .random = random,
	    .suite = WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	    .renegotiation_info = 1,
	    .extended_master_secret = 1,
	};
	ok(ward_server_hello12_write(&b, &p), "ServerHello");
	ok(ward_tls_record_seal(&v.wr, &v.seed, WARD_TLS_CT_HANDSHAKE, b.data,
				b.len, 0),
	   "seal");
	ward_buf_free(&b);
	server12_check(&v, "tls12-downgrade", NULL,
		       WARD_ALERT_ILLEGAL_PARAMETER);
}

/* The first flight of a DHE and of a static RSA (CBC, encrypt-then-MAC)
 * server, RSA-signed: the client answers with its own flight and waits
 * for ours (its key is random, so no Finished can be made for it). */
static void seeds_client12_kex(void)
{
	static const uint8_t id[32] = {4, 5, 6};
	char chain_path[512], key_path[512], why[256];
	ward_chain *chain;
	ward_pkey *key;
	snprintf(chain_path, sizeof chain_path, "%s/x509/rsa-chain.pem",
		 WARD_TEST_DATA);
	snprintf(key_path, sizeof key_path, "%s/x509/rsa.key", WARD_TEST_DATA);
	ok(ward_chain_load_pem_file(chain_path, &chain, why, sizeof why), why);
	ok(ward_pkey_load_pem_file(key_path, &key, why, sizeof why), why);
	for (int dhe = 1; dhe >= 0; dhe--) {
		struct server12 v;
		ward_buf b;
		ward_buf_init(&b);
		server12_start(&v);
		ward_tls12_server_hello_params p = {
		    .random = server12_random,
		    .session_id = ward_slice_make(id, sizeof id),
		    .suite = dhe ? WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
				 : WARD_TLS_RSA_WITH_AES_128_CBC_SHA,
		    .renegotiation_info = 1,
		    .extended_master_secret = 1,
		    .encrypt_then_mac = !dhe,
		};
		ok(ward_server_hello12_write(&b, &p), "ServerHello");
		server12_send(&v, WARD_TLS_CT_HANDSHAKE, &b);
		ward_slice der[WARD_TLS_MAX_CHAIN];
		size_t n = ward_chain_count(chain);
		for (size_t i = 0; i < n; i++)
			der[i] = ward_chain_der(chain, i);
		ward_buf_clear(&b);
		ok(ward_certificate12_write(&b, der, n), "Certificate");
		server12_send(&v, WARD_TLS_CT_HANDSHAKE, &b);
		if (dhe) {
			uint8_t pub[256];
			size_t pub_len = sizeof pub;
			ward_kex kex = {0};
			ok(ward_kex_keygen(&kex, WARD_GROUP_FFDHE2048, pub,
					   &pub_len),
			   "server key");
			ward_buf_clear(&b);
			ok(ward_server_key_exchange_dh_write(
			       &b, key, WARD_SIG_RSA_PSS_RSAE_SHA256,
			       v.client_random, server12_random,
			       WARD_GROUP_FFDHE2048,
			       ward_slice_make(pub, pub_len)),
			   "ServerKeyExchange");
			server12_send(&v, WARD_TLS_CT_HANDSHAKE, &b);
			ward_kex_free(&kex);
		}
		ward_buf_clear(&b);
		size_t mark;
		ok(ward_hs_begin(&b, WARD_HS_SERVER_HELLO_DONE, &mark), "SHD");
		ok(ward_hs_end(&b, mark), "SHD");
		server12_send(&v, WARD_TLS_CT_HANDSHAKE, &b);
		ward_buf_free(&b);
		server12_check(
		    &v, dhe ? "tls12-dhe-flight" : "tls12-rsa-flight", "", 255);
	}
	ward_chain_free(chain);
	ward_pkey_free(key);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--check")) {
		checking = 1;
		out_dir = argv[2];
	} else if (argc == 2 && argv[1][0] != '-') {
		out_dir = argv[1];
	} else {
		fprintf(stderr, "usage: fuzz-gen-seeds [--check] DIR\n");
		return 2;
	}
	/* every draw, the client's included, from the fixed stream */
	fuzz_rand_install();
	(void)fuzz_server_config();
	/* made now: making it resets the stream, as the harness's does */
	(void)fuzz_server_config_mtls();
	seeds_server();
	seeds_server12();
	seeds_server_legacy();
	seeds_record();
	seeds_record_cbc();
	seeds_client12();
	seeds_client12_kex();
	/* last: its client draws from the stream the others share */
	seeds_server_mtls();
	if (failures)
		fprintf(stderr, "fuzz-gen-seeds: %d seed(s) wrong\n", failures);
	return failures ? 1 : 0;
}

/* The trace hook and its decoder, engine against engine in memory: every
 * handshake message each side wrote and read, in order, with its
 * direction and keys; TLS 1.3 full, after a HelloRetryRequest, resumed;
 * TLS 1.2; KeyUpdate, alerts, close_notify, application data; the
 * decoder's fields on the real messages, and on every truncation of them
 * (marked malformed, never read past the end). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "client_hello.h"
#include "test.h"
#include "tls/handshake.h"
#include "tls/ticket.h"
#include "tls/trace.h"
#include "tls_pair.h"

#define MAX_EVENTS 64

struct ev {
	ward_tls_trace_event e; /* msg points into copy */
	ward_buf copy;
};

struct log {
	struct ev ev[MAX_EVENTS];
	size_t n;
};

/* WARD_TRACE_SEEDS=DIR: each message traced is also written to DIR as
 * a seed of fuzz_tls_trace (its input format: tests/fuzz/fuzz_tls_trace.c),
 * named after the test and its place in the client's log. */
static const char *seed_test = "";
static void write_seed(const char *side, size_t i,
		       const ward_tls_trace_event *e)
{
	const char *dir = getenv("WARD_TRACE_SEEDS");
	char path[512];
	if (!dir || e->kind == WARD_TLS_TRACE_APP_DATA)
		return;
	const char *name = e->kind == WARD_TLS_TRACE_HANDSHAKE
			       ? ward_tls_trace_hs_name(e->hs_type)
			   : e->kind == WARD_TLS_TRACE_ALERT ? "Alert"
							     : "CCS";
	snprintf(path, sizeof path, "%s/%s-%s-%02zu-%s", dir, seed_test, side,
		 i, name ? name : "unknown");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	uint8_t head[2] = {
	    (uint8_t)(e->sent | (e->version == WARD_TLS_VERSION_12   ? 2
				 : e->version == WARD_TLS_VERSION_13 ? 4
								     : 0)),
	    (uint8_t)(e->kind - 1)};
	fwrite(head, 1, 2, f);
	if (e->kind == WARD_TLS_TRACE_ALERT) {
		uint8_t a[2] = {e->alert_level, e->alert_desc};
		fwrite(a, 1, 2, f);
	} else {
		fwrite(e->msg.p, 1, e->msg.len, f);
	}
	assert_int_equal(fclose(f), 0);
}

static void record(void *ctx, const ward_tls_trace_event *e)
{
	struct log *l = ctx;
	assert_true(l->n < MAX_EVENTS);
	struct ev *v = &l->ev[l->n++];
	v->e = *e;
	ward_buf_init(&v->copy);
	assert_ok(ward_put_bytes(&v->copy, e->msg.p, e->msg.len));
	v->e.msg = ward_buf_slice(&v->copy);
	if (e->kind == WARD_TLS_TRACE_HANDSHAKE) {
		assert_int_equal(e->hs_type, e->msg.p[0]);
		assert_int_equal(e->length, e->msg.len);
	}
	/* the server's log holds the same messages */
	if (e->role == WARD_TLS_CLIENT)
		write_seed("c", l->n - 1, e);
}

static void log_free(struct log *l)
{
	for (size_t i = 0; i < l->n; i++)
		ward_buf_free(&l->ev[i].copy);
	l->n = 0;
}

struct traced {
	struct tls_pair p;
	struct log c, s;
	ward_ticket_keys keys;
};

static void setup(struct traced *t)
{
	memset(t, 0, sizeof *t);
	tls_pair_configs(&t->p, WARD_KEY_EC_P256);
	tls_pair_ticket_keys(&t->p, &t->keys);
}

/* Both connections traced from the first byte, the client offering
 * `session` if given; then the handshake. */
static void connect_traced(struct traced *t, const ward_buf *session)
{
	struct tls_pair *p = &t->p;
	p->client = ward_tls_conn_new(p->ccfg);
	p->server = ward_tls_conn_new(p->scfg);
	assert_non_null(p->client);
	assert_non_null(p->server);
	ward_tls_set_trace(p->client, record, &t->c);
	ward_tls_set_trace(p->server, record, &t->s);
	assert_ok(ward_tls_set_hostname(p->client, "localhost"));
	if (session)
		assert_ok(ward_tls_set_session(p->client, session->data,
					       session->len));
	assert_ok(ward_tls_start(p->client, &p->c_out));
	tls_pair_pump(p);
	assert_ok(p->c_err);
	assert_ok(p->s_err);
	assert_true(ward_tls_handshake_done(p->client));
	assert_true(ward_tls_handshake_done(p->server));
}

static void drop(struct traced *t)
{
	ward_tls_conn_free(t->p.client);
	ward_tls_conn_free(t->p.server);
	t->p.client = t->p.server = NULL;
	ward_buf_clear(&t->p.c_out);
	ward_buf_clear(&t->p.s_out);
	log_free(&t->c);
	log_free(&t->s);
}

static void teardown(struct traced *t)
{
	log_free(&t->c);
	log_free(&t->s);
	tls_pair_free(&t->p);
	ward_ticket_keys_wipe(&t->keys);
}

/* The handshake messages of a log, one direction, as "name/epoch" joined
 * with spaces (ChangeCipherSpec as "CCS"). */
static void flow(const struct log *l, int sent, char *out, size_t len)
{
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < l->n; i++) {
		const ward_tls_trace_event *e = &l->ev[i].e;
		if (e->sent != sent || (e->kind != WARD_TLS_TRACE_HANDSHAKE &&
					e->kind != WARD_TLS_TRACE_CCS))
			continue;
		const char *name = e->kind == WARD_TLS_TRACE_CCS
				       ? "CCS"
				       : ward_tls_trace_hs_name(e->hs_type);
		n += (size_t)snprintf(out + n, len - n, "%s%s/%c", n ? " " : "",
				      name ? name : "?",
				      ward_tls_trace_epoch_name(e->epoch)[0]);
	}
}

/* The first event of handshake `type` in one direction. */
static const ward_tls_trace_event *find(const struct log *l, int sent,
					uint8_t type)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ev[i].e.kind == WARD_TLS_TRACE_HANDSHAKE &&
		    l->ev[i].e.sent == sent && l->ev[i].e.hs_type == type)
			return &l->ev[i].e;
	return NULL;
}

/* What one side sent is what the other received, in the same order and
 * byte for byte. */
static void mirrored(const struct log *a, const struct log *b)
{
	size_t j = 0;
	for (size_t i = 0; i < a->n; i++) {
		const ward_tls_trace_event *e = &a->ev[i].e;
		if (!e->sent || e->kind != WARD_TLS_TRACE_HANDSHAKE)
			continue;
		while (j < b->n &&
		       (b->ev[j].e.sent ||
			b->ev[j].e.kind != WARD_TLS_TRACE_HANDSHAKE))
			j++;
		assert_true(j < b->n);
		assert_int_equal(b->ev[j].e.msg.len, e->msg.len);
		assert_memory_equal(b->ev[j].e.msg.p, e->msg.p, e->msg.len);
		assert_int_equal(b->ev[j].e.epoch, e->epoch);
		j++;
	}
}

static void decode(const ward_tls_trace_event *e, ward_tls_trace_decoded *d)
{
	assert_non_null(e);
	ward_tls_trace_decode(e, d);
	assert_false(d->malformed);
}

static void field_is(const ward_tls_trace_decoded *d, const char *key, int item,
		     const char *want)
{
	const char *got = ward_tls_trace_get(d, key, item);
	if (!got || strcmp(got, want))
		fail_msg("%s field %s: got '%s', want '%s'", d->name, key,
			 got ? got : "(none)", want);
}

static void field_has(const ward_tls_trace_decoded *d, const char *key,
		      int item, const char *part)
{
	const char *got = ward_tls_trace_get(d, key, item);
	if (!got || !strstr(got, part))
		fail_msg("%s field %s: got '%s', want it to hold '%s'", d->name,
			 key, got ? got : "(none)", part);
}

/* Every prefix of a message decodes without reading past it, and a
 * shorter message than the real one is malformed. */
static void truncations(const ward_tls_trace_event *e)
{
	ward_tls_trace_decoded d;
	for (size_t n = 0; n < e->msg.len; n++) {
		ward_tls_trace_event cut = *e;
		uint8_t *copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, e->msg.p, n);
		cut.msg = ward_slice_make(copy, n);
		cut.length = n;
		ward_tls_trace_decode(&cut, &d);
		/* the header still says the whole length */
		assert_true(d.malformed);
		free(copy);
	}
}

static void full_handshake_tls13(void **state)
{
	(void)state;
	seed_test = "tls13";
	struct traced t;
	char got[512];
	ward_tls_trace_decoded d;
	setup(&t);
	connect_traced(&t, NULL);

	flow(&t.c, 1, got, sizeof got);
	assert_string_equal(got, "ClientHello/p CCS/p Finished/h");
	flow(&t.c, 0, got, sizeof got);
	assert_string_equal(got, "ServerHello/p CCS/p EncryptedExtensions/h "
				 "Certificate/h CertificateVerify/h "
				 "Finished/h NewSessionTicket/a "
				 "NewSessionTicket/a");
	flow(&t.s, 0, got, sizeof got);
	assert_string_equal(got, "ClientHello/p CCS/p Finished/h");
	mirrored(&t.c, &t.s);
	mirrored(&t.s, &t.c);
	/* the version as known at each point */
	assert_int_equal(find(&t.c, 1, WARD_HS_CLIENT_HELLO)->version, 0);
	assert_int_equal(find(&t.c, 0, WARD_HS_SERVER_HELLO)->version, 0);
	assert_int_equal(find(&t.c, 0, WARD_HS_FINISHED)->version,
			 WARD_TLS_VERSION_13);
	assert_int_equal(find(&t.c, 1, WARD_HS_CLIENT_HELLO)->role,
			 WARD_TLS_CLIENT);

	decode(find(&t.c, 1, WARD_HS_CLIENT_HELLO), &d);
	assert_string_equal(d.name, "ClientHello");
	field_is(&d, "versions", -1, "TLS1.3,TLS1.2");
	field_is(&d, "share", -1, "x25519");
	field_is(&d, "sni", -1, "localhost");
	field_has(&d, "suites", -1, "TLS_AES_128_GCM_SHA256");
	field_has(&d, "groups", -1, "x25519");
	assert_null(ward_tls_trace_get(&d, "psk", -1));
	truncations(find(&t.c, 1, WARD_HS_CLIENT_HELLO));

	decode(find(&t.c, 0, WARD_HS_SERVER_HELLO), &d);
	assert_string_equal(d.name, "ServerHello");
	field_is(&d, "version", -1, "TLS1.3");
	field_is(&d, "suite", -1, "TLS_AES_128_GCM_SHA256");
	field_is(&d, "group", -1, "x25519");
	assert_null(ward_tls_trace_get(&d, "psk", -1));
	truncations(find(&t.c, 0, WARD_HS_SERVER_HELLO));

	decode(find(&t.c, 0, WARD_HS_ENCRYPTED_EXTENSIONS), &d);
	field_has(&d, "exts", -1, "server_name");

	decode(find(&t.c, 0, WARD_HS_CERTIFICATE), &d);
	field_is(&d, "certs", -1, "1");
	assert_int_equal(d.n_items, 1);
	field_is(&d, "subject", 0, "CN=localhost");
	field_is(&d, "key", 0, "EC P-256");
	field_has(&d, "san", 0, "localhost");
	assert_non_null(ward_tls_trace_get(&d, "issuer", 0));
	assert_non_null(ward_tls_trace_get(&d, "not_after", 0));
	truncations(find(&t.c, 0, WARD_HS_CERTIFICATE));

	decode(find(&t.c, 0, WARD_HS_CERTIFICATE_VERIFY), &d);
	field_is(&d, "scheme", -1, "ecdsa_secp256r1_sha256");
	truncations(find(&t.c, 0, WARD_HS_CERTIFICATE_VERIFY));

	decode(find(&t.c, 0, WARD_HS_FINISHED), &d);
	field_is(&d, "verify_len", -1, "32");

	decode(find(&t.c, 0, WARD_HS_NEW_SESSION_TICKET), &d);
	field_is(&d, "lifetime", -1, "3600");
	field_is(&d, "age_add", -1, "yes");
	truncations(find(&t.c, 0, WARD_HS_NEW_SESSION_TICKET));

	/* application data, KeyUpdate, close_notify */
	size_t c0 = t.c.n, s0 = t.s.n;
	assert_ok(ward_tls_send(t.p.client, "hello", 5, &t.p.c_out));
	assert_ok(ward_tls_key_update(t.p.client, 1, &t.p.c_out));
	tls_pair_pump(&t.p);
	assert_ok(ward_tls_close(t.p.client, &t.p.c_out));
	tls_pair_pump(&t.p);
	assert_int_equal(t.c.n, c0 + 4);
	assert_int_equal(t.c.ev[c0].e.kind, WARD_TLS_TRACE_APP_DATA);
	assert_int_equal(t.c.ev[c0].e.sent, 1);
	assert_int_equal(t.c.ev[c0].e.length, 5);
	assert_int_equal(t.c.ev[c0].e.epoch, WARD_TLS_EPOCH_APPLICATION);
	decode(&t.c.ev[c0 + 1].e, &d);
	assert_string_equal(d.name, "KeyUpdate");
	field_is(&d, "request", -1, "update_requested");
	assert_int_equal(t.c.ev[c0 + 1].e.sent, 1);
	/* the server's answer */
	decode(&t.c.ev[c0 + 2].e, &d);
	assert_string_equal(d.name, "KeyUpdate");
	field_is(&d, "request", -1, "update_not_requested");
	assert_int_equal(t.c.ev[c0 + 2].e.sent, 0);
	assert_int_equal(t.c.ev[c0 + 3].e.kind, WARD_TLS_TRACE_ALERT);
	assert_int_equal(t.c.ev[c0 + 3].e.alert_desc, WARD_ALERT_CLOSE_NOTIFY);
	assert_int_equal(t.c.ev[c0 + 3].e.alert_level, 1);
	/* the server saw the same, received */
	assert_int_equal(t.s.ev[s0].e.kind, WARD_TLS_TRACE_APP_DATA);
	assert_int_equal(t.s.ev[s0].e.sent, 0);
	assert_int_equal(t.s.ev[s0].e.length, 5);
	assert_int_equal(t.s.ev[s0 + 1].e.sent, 0);
	assert_int_equal(t.s.ev[s0 + 1].e.hs_type, WARD_HS_KEY_UPDATE);
	assert_int_equal(t.s.ev[s0 + 2].e.sent, 1);
	assert_int_equal(t.s.ev[t.s.n - 1].e.kind, WARD_TLS_TRACE_ALERT);
	assert_int_equal(t.s.ev[t.s.n - 1].e.sent, 0);
	decode(&t.s.ev[t.s.n - 1].e, &d);
	field_is(&d, "desc", -1, "close_notify");
	field_is(&d, "level", -1, "warning");
	teardown(&t);
}

static void hello_retry_and_resumption(void **state)
{
	(void)state;
	seed_test = "hrr-resume";
	struct traced t;
	char got[512];
	ward_tls_trace_decoded d;
	ward_buf session;
	setup(&t);
	ward_buf_init_secret(&session);
	static const uint16_t client_groups[] = {0x0018 /* secp384r1 */,
						 0x001d /* x25519 */};
	static const uint16_t server_groups[] = {0x001d};
	assert_ok(ward_tls_config_set_groups(t.p.ccfg, client_groups, 2));
	assert_ok(ward_tls_config_set_groups(t.p.scfg, server_groups, 1));
	connect_traced(&t, NULL);
	flow(&t.c, 0, got, sizeof got);
	assert_true(strncmp(got, "ServerHello/p CCS/p ServerHello/p", 33) == 0);
	decode(find(&t.c, 0, WARD_HS_SERVER_HELLO), &d);
	assert_string_equal(d.name, "HelloRetryRequest");
	field_is(&d, "group", -1, "x25519");
	field_is(&d, "cookie", -1, "yes");
	mirrored(&t.c, &t.s);
	assert_ok(ward_tls_get_session(t.p.client, &session));
	drop(&t);

	/* resumed: a PSK offered and accepted, no Certificate */
	seed_test = "resumed";
	assert_ok(ward_tls_config_set_groups(t.p.ccfg, server_groups, 1));
	connect_traced(&t, &session);
	flow(&t.c, 0, got, sizeof got);
	assert_string_equal(got, "ServerHello/p CCS/p EncryptedExtensions/h "
				 "Finished/h NewSessionTicket/a "
				 "NewSessionTicket/a");
	decode(find(&t.c, 1, WARD_HS_CLIENT_HELLO), &d);
	field_is(&d, "psk", -1, "offered");
	field_is(&d, "psk_identities", -1, "1");
	truncations(find(&t.c, 1, WARD_HS_CLIENT_HELLO));
	decode(find(&t.c, 0, WARD_HS_SERVER_HELLO), &d);
	field_is(&d, "psk", -1, "accepted");
	mirrored(&t.s, &t.c);
	ward_buf_free(&session);
	teardown(&t);
}

static void tls12_handshake(void **state)
{
	(void)state;
	seed_test = "tls12";
	struct traced t;
	char got[512];
	ward_tls_trace_decoded d;
	setup(&t);
	assert_ok(ward_tls_config_set_tls13(t.p.ccfg, 0));
	connect_traced(&t, NULL);
	flow(&t.c, 1, got, sizeof got);
	assert_string_equal(
	    got, "ClientHello/p ClientKeyExchange/p CCS/p Finished/a");
	flow(&t.c, 0, got, sizeof got);
	assert_string_equal(got, "ServerHello/p Certificate/p "
				 "ServerKeyExchange/p ServerHelloDone/p "
				 "NewSessionTicket/p CCS/p Finished/a");
	mirrored(&t.c, &t.s);
	mirrored(&t.s, &t.c);
	decode(find(&t.c, 1, WARD_HS_CLIENT_HELLO), &d);
	field_is(&d, "versions", -1, "TLS1.2");
	decode(find(&t.c, 0, WARD_HS_SERVER_HELLO), &d);
	field_is(&d, "version", -1, "TLS1.2");
	field_has(&d, "suite", -1, "TLS_ECDHE_ECDSA_WITH");
	field_has(&d, "exts", -1, "extended_master_secret");
	decode(find(&t.c, 0, WARD_HS_CERTIFICATE), &d);
	field_is(&d, "certs", -1, "1");
	field_is(&d, "subject", 0, "CN=localhost");
	truncations(find(&t.c, 0, WARD_HS_CERTIFICATE));
	decode(find(&t.c, 0, WARD_HS_SERVER_KEY_EXCHANGE), &d);
	field_is(&d, "group", -1, "x25519");
	field_is(&d, "scheme", -1, "ecdsa_secp256r1_sha256");
	truncations(find(&t.c, 0, WARD_HS_SERVER_KEY_EXCHANGE));
	decode(find(&t.c, 1, WARD_HS_CLIENT_KEY_EXCHANGE), &d);
	field_is(&d, "pub_len", -1, "33");
	decode(find(&t.c, 0, WARD_HS_NEW_SESSION_TICKET), &d);
	field_is(&d, "lifetime", -1, "3600");
	teardown(&t);
}

/* A certificate for another name: the client's fatal alert, sent and
 * received, after the Certificate that caused it. */
static void alert_traced(void **state)
{
	(void)state;
	seed_test = "alert";
	struct traced t;
	ward_tls_trace_decoded d;
	setup(&t);
	struct tls_pair *p = &t.p;
	p->client = ward_tls_conn_new(p->ccfg);
	p->server = ward_tls_conn_new(p->scfg);
	ward_tls_set_trace(p->client, record, &t.c);
	ward_tls_set_trace(p->server, record, &t.s);
	assert_ok(ward_tls_set_hostname(p->client, "example.org"));
	assert_ok(ward_tls_start(p->client, &p->c_out));
	tls_pair_pump(p);
	assert_int_not_equal(p->c_err, WARD_OK);
	const ward_tls_trace_event *last = &t.c.ev[t.c.n - 1].e;
	assert_int_equal(last->kind, WARD_TLS_TRACE_ALERT);
	assert_int_equal(last->sent, 1);
	assert_int_equal(last->alert_level, 2);
	assert_int_equal(last->epoch, WARD_TLS_EPOCH_HANDSHAKE);
	assert_int_equal(t.c.ev[t.c.n - 2].e.hs_type, WARD_HS_CERTIFICATE);
	decode(last, &d);
	assert_string_equal(d.name, "Alert");
	field_is(&d, "level", -1, "fatal");
	field_is(&d, "desc", -1,
		 ward_tls_alert_name(ward_tls_get_info(p->client)->alert_sent));
	last = &t.s.ev[t.s.n - 1].e;
	assert_int_equal(last->kind, WARD_TLS_TRACE_ALERT);
	assert_int_equal(last->sent, 0);
	assert_int_equal(last->alert_desc,
			 ward_tls_get_info(p->client)->alert_sent);
	teardown(&t);
}

/* A hook can be set and cleared; without one nothing is called. */
static void hook_cleared(void **state)
{
	(void)state;
	struct traced t;
	setup(&t);
	struct tls_pair *p = &t.p;
	p->client = ward_tls_conn_new(p->ccfg);
	p->server = ward_tls_conn_new(p->scfg);
	ward_tls_set_trace(p->client, record, &t.c);
	ward_tls_set_trace(p->client, NULL, NULL);
	assert_ok(ward_tls_set_hostname(p->client, "localhost"));
	assert_ok(ward_tls_start(p->client, &p->c_out));
	tls_pair_pump(p);
	assert_true(ward_tls_handshake_done(p->client));
	assert_int_equal(t.c.n, 0);
	teardown(&t);
}

/* Bytes that are no handshake message at all. */
static void decoder_garbage(void **state)
{
	(void)state;
	static const uint8_t junk[][8] = {
	    {1, 0, 0, 4, 3, 3, 0, 0},  {2, 0, 0, 4, 0xff, 0xff, 0, 0},
	    {11, 0, 0, 4, 0, 0, 0, 9}, {99, 0, 0, 4, 1, 2, 3, 4},
	    {24, 0, 0, 4, 7, 0, 0, 0}, {4, 0, 0, 4, 0, 0, 0, 1},
	};
	ward_tls_trace_decoded d;
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		ward_tls_trace_event e = {.kind = WARD_TLS_TRACE_HANDSHAKE,
					  .hs_type = junk[i][0],
					  .msg = ward_slice_make(junk[i], 8),
					  .length = 8};
		ward_tls_trace_decode(&e, &d);
		assert_non_null(d.name);
		if (junk[i][0] != 99)
			assert_true(d.malformed);
	}
	ward_tls_trace_event e = {.kind = WARD_TLS_TRACE_HANDSHAKE,
				  .hs_type = 99,
				  .msg = ward_slice_make(junk[3], 8)};
	ward_tls_trace_decode(&e, &d);
	assert_string_equal(d.name, "Handshake(99)");
	ward_tls_trace_event a = {
	    .kind = WARD_TLS_TRACE_ALERT, .alert_level = 2, .alert_desc = 200};
	ward_tls_trace_decode(&a, &d);
	field_is(&d, "desc", -1, "200");
}

/* A ClientHello as long as a hostile client makes it: lists cut with
 * "...", unknown code points by number, the text bounded. */
static void decoder_long_lists(void **state)
{
	(void)state;
	struct test_hello h = {.extra_suites = 5000,
			       .extra_groups = 3000,
			       .extra_sigalgs = 3000,
			       .extra_shares = 8,
			       .alpn_names = 400,
			       .sni = "example.org"};
	ward_buf msg = WARD_BUF_INIT;
	ward_tls_trace_decoded d;
	test_hello_message(&h, &msg);
	ward_tls_trace_event e = {.kind = WARD_TLS_TRACE_HANDSHAKE,
				  .hs_type = WARD_HS_CLIENT_HELLO,
				  .msg = ward_buf_slice(&msg),
				  .length = msg.len};
	ward_tls_trace_decode(&e, &d);
	assert_false(d.malformed);
	const char *suites = ward_tls_trace_get(&d, "suites", -1);
	assert_non_null(suites);
	assert_true(strlen(suites) < 2048);
	assert_string_equal(suites + strlen(suites) - 3, "...");
	assert_non_null(strstr(suites, ",0x"));
	field_has(&d, "share", -1, "x25519");
	field_is(&d, "sni", -1, "example.org");
	assert_true(d.used <= sizeof d.text);
	ward_buf_free(&msg);
}

/* A TLS 1.3 NewSessionTicket that allows 0-RTT (RFC 8446 4.6.1). */
static void decoder_ticket_early_data(void **state)
{
	(void)state;
	static const uint8_t nst[] = {
	    4, 0, 0,	25,			   /* header */
	    0, 0, 0x1c, 0x20,			   /* lifetime 7200 */
	    0, 0, 0,	0,			   /* age_add 0 */
	    1, 7,				   /* nonce */
	    0, 3, 1,	2,    3,		   /* ticket */
	    0, 8, 0,	42,   0, 4, 0, 0, 0x40, 0, /* early_data */
	};
	ward_tls_trace_decoded d;
	ward_tls_trace_event e = {.kind = WARD_TLS_TRACE_HANDSHAKE,
				  .hs_type = WARD_HS_NEW_SESSION_TICKET,
				  .version = WARD_TLS_VERSION_13,
				  .msg = ward_slice_make(nst, sizeof nst),
				  .length = sizeof nst};
	decode(&e, &d);
	field_is(&d, "lifetime", -1, "7200");
	field_is(&d, "age_add", -1, "zero");
	field_is(&d, "ticket_len", -1, "3");
	field_is(&d, "max_early_data", -1, "16384");
	truncations(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_handshake_tls13),
	    cmocka_unit_test(hello_retry_and_resumption),
	    cmocka_unit_test(tls12_handshake),
	    cmocka_unit_test(alert_traced),
	    cmocka_unit_test(hook_cleared),
	    cmocka_unit_test(decoder_garbage),
	    cmocka_unit_test(decoder_long_lists),
	    cmocka_unit_test(decoder_ticket_early_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* libFuzzer: the decoding of TLS 1.3 resumption state, both ends.
 *
 * The input is the plaintext a server seals into its tickets
 * (src/tls/server13_psk.c: version, suite, times, age_add, PSK, SNI,
 * ALPN, max_early_data_size, the client's identity). Each input goes
 *   1. as a ticket as it is to ward_ticket_open (never opens: no tag);
 *   2. as a client's saved session to ward_tls_set_session (the parser
 *      of --session files);
 *   3. sealed under the fixture's ticket key, inside a session a client
 *      offers: its ClientHello, binder made with the PSK the input
 *      holds, goes to the fixture's server, with and without client
 *      certificates asked for, followed by the client's Finished. So the
 *      server opens the ticket, parses the state, checks its age, name,
 *      protocol and identity, verifies the binder and resumes, or falls
 *      back to a full handshake.
 * A failure the peer caused must be answered with an alert. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tls/ticket.h"

#define NOW 1780000000 /* the fixture's clock */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static time_t fixed_now(void *ctx)
{
	(void)ctx;
	return NOW;
}

static ward_err fixed_random(void *ctx, void *out, size_t len)
{
	(void)ctx;
	memset(out, 0x33, len);
	return WARD_OK;
}

static ward_tls_config *client_config(void)
{
	static ward_tls_config *cfg;
	if (!cfg) {
		cfg = ward_tls_config_new(WARD_TLS_CLIENT);
		if (!cfg || ward_tls_config_set_tls12(cfg, 0) != WARD_OK)
			abort();
		ward_tls_config_set_verify(cfg, 0);
		ward_tls_config_set_time(cfg, fixed_now, NULL);
		ward_tls_config_set_random(cfg, fixed_random, NULL);
	}
	return cfg;
}

/* What the client needs to offer the state's PSK: its suite, age_add and
 * PSK, read where a well-formed state has them; else defaults, and the
 * binder will not verify. */
typedef struct offer {
	uint16_t suite;
	uint32_t age_add;
	uint8_t psk[48];
	size_t psk_len;
} offer;

static void read_offer(const uint8_t *p, size_t n, offer *o)
{
	ward_reader r = ward_reader_make(p, n);
	uint8_t version;
	uint16_t suite;
	uint32_t lifetime, age_add;
	uint64_t created;
	ward_slice psk;
	o->suite = WARD_TLS_AES_128_GCM_SHA256;
	o->age_add = 0;
	o->psk_len = 32;
	memset(o->psk, 0x11, sizeof o->psk);
	if (ward_read_u8(&r, &version) != WARD_OK ||
	    ward_read_u16(&r, &suite) != WARD_OK ||
	    ward_read_u64(&r, &created) != WARD_OK ||
	    ward_read_u32(&r, &lifetime) != WARD_OK ||
	    ward_read_u32(&r, &age_add) != WARD_OK ||
	    ward_read_vec_slice(&r, 1, 32, 48, &psk) != WARD_OK)
		return;
	/* the suite must fit the PSK's length for the client to offer it */
	o->age_add = age_add;
	o->psk_len = psk.len;
	memcpy(o->psk, psk.p, psk.len);
	if (psk.len == 48)
		o->suite = WARD_TLS_AES_256_GCM_SHA384;
	else if (psk.len == 32 && suite == WARD_TLS_CHACHA20_POLY1305_SHA256)
		o->suite = suite;
	else if (psk.len != 32)
		o->psk_len = 32;
}

/* The session blob of src/tls/session13.c around a ticket. */
static void session_blob(const offer *o, ward_slice ticket, ward_buf *b)
{
	static const char sni[] = "test.example";
	if (ward_put_u8(b, 0x13) != WARD_OK ||
	    ward_put_u16(b, o->suite) != WARD_OK ||
	    ward_put_vec(b, 1, o->psk, o->psk_len) != WARD_OK ||
	    ward_put_vec(b, 2, ticket.p, ticket.len) != WARD_OK ||
	    ward_put_u32(b, 3600) != WARD_OK ||
	    ward_put_u32(b, o->age_add) != WARD_OK ||
	    ward_put_u64(b, NOW) != WARD_OK ||
	    ward_put_vec(b, 1, sni, strlen(sni)) != WARD_OK ||
	    ward_put_vec(b, 1, NULL, 0) != WARD_OK)
		abort();
}

static void op(ward_buf *script, uint8_t code, const uint8_t *p, size_t n)
{
	if (ward_put_u8(script, code) != WARD_OK ||
	    ward_put_u16(script, (uint16_t)n) != WARD_OK ||
	    ward_put_bytes(script, p, n) != WARD_OK)
		abort();
}

static void check(const fuzz_outcome *o)
{
	/* RFC 8446 6.2: a failure the peer caused is answered with an alert */
	if (ward_err_is_peer(o->err) && o->err != WARD_ERR_PEER_ALERT &&
	    o->err != WARD_ERR_PEER_CLOSED && o->alert_sent == 255)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t iv[WARD_AEAD_NONCE_LEN] = {7};
	ward_buf out, ticket, blob, hello, script;
	ward_buf_init(&out);
	ward_buf_init(&ticket);
	ward_buf_init(&blob);
	ward_buf_init(&hello);
	ward_buf_init(&script);
	fuzz_server_config();
	fuzz_server_config_mtls();

	/* 1: unsealed bytes never open */
	if (ward_ticket_open(fuzz_ticket_keys(), NOW, data, size, &out,
			     NULL) == WARD_OK)
		abort();

	/* 2: a saved session, well formed or not */
	ward_tls_conn *c = ward_tls_conn_new(client_config());
	if (!c)
		abort();
	ward_err err = ward_tls_set_session(c, data, size);
	if (err != WARD_OK && err != WARD_ERR_ARG)
		abort();
	ward_tls_conn_free(c);

	/* 3: the state sealed, offered, resumed or not */
	if (size > WARD_TICKET_MAX_STATE)
		goto done;
	offer o;
	read_offer(data, size, &o);
	if (ward_ticket_seal(fuzz_ticket_keys(), NOW, iv, data, size,
			     &ticket) != WARD_OK)
		abort();
	session_blob(&o, ward_buf_slice(&ticket), &blob);
	c = ward_tls_conn_new(client_config());
	if (!c || ward_tls_set_hostname(c, "test.example") != WARD_OK ||
	    ward_tls_set_session(c, blob.data, blob.len) != WARD_OK)
		abort();
	fuzz_rand_reset();
	if (ward_tls_start(c, &hello) == WARD_OK && hello.len <= 0xffff) {
		static const uint8_t first = 0;
		fuzz_outcome res;
		op(&script, FUZZ_OP_RAW, hello.data, hello.len);
		op(&script, FUZZ_OP_NEXT, NULL, 0);
		op(&script, FUZZ_OP_FINISH, &first, 1);
		fuzz_server_run(script.data, script.len, &res);
		check(&res);
		fuzz_server_run_cfg(fuzz_server_config_mtls(), script.data,
				    script.len, &res);
		check(&res);
	}
	ward_tls_conn_free(c);
done:
	ward_buf_free(&out);
	ward_buf_free(&ticket);
	ward_buf_free(&blob);
	ward_buf_free(&hello);
	ward_buf_free(&script);
	return 0;
}

/* libFuzzer: the client, fed the input as the server's flight, twice:
 * a TLS 1.3 client replaying RFC 8448's ClientHello and key, so the
 * RFC's server records (the seeds) decrypt and reach every handshake
 * state; and the TLS 1.3 and 1.2 client of fixture.h, whose TLS 1.2
 * seeds (gen_seeds.c) reach the full and abbreviated TLS 1.2 handshakes
 * and what follows them. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rfc8448.h"
#include "tls/tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *hex && n < cap; hex++) {
		int v = ward_hex_value((uint8_t)*hex);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

static ward_tls_config *client_config(void)
{
	static ward_tls_config *cfg;
	static uint8_t ch[512], priv[32];
	if (cfg)
		return cfg;
	cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	if (!cfg)
		abort();
	size_t ch_len = unhex(rfc8448_client_hello_hex, ch, sizeof ch);
	size_t priv_len = unhex(rfc8448_client_x25519_priv_hex, priv, sizeof priv);
	ward_tls_config_set_test_client_hello(cfg, ward_slice_make(ch, ch_len));
	ward_tls_config_set_test_kex_private(cfg, WARD_GROUP_X25519,
					     ward_slice_make(priv, priv_len));
	ward_tls_config_set_verify(cfg, 0);
	return cfg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ward_tls_conn *c = ward_tls_conn_new(client_config());
	ward_buf out, app;
	size_t used;
	uint8_t *copy = malloc(size ? size : 1);
	if (!c || !copy)
		abort();
	memcpy(copy, data, size);
	ward_buf_init(&out);
	ward_buf_init(&app);
	if (ward_tls_start(c, &out) == WARD_OK) {
		ward_buf_clear(&out);
		(void)ward_tls_recv(c, copy, size, &used, &out, &app);
	}
	ward_tls_conn_free(c);

	memcpy(copy, data, size); /* recv decrypts in place */
	ward_buf_clear(&out);
	ward_buf_clear(&app);
	c = fuzz_client12_start(&out);
	ward_buf_clear(&out);
	(void)ward_tls_recv(c, copy, size, &used, &out, &app);
	ward_tls_conn_free(c);
	ward_buf_free(&out);
	ward_buf_free(&app);
	free(copy);
	return 0;
}

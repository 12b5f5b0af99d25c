/* libFuzzer: the TLS 1.3 server, fed the input as the client's bytes
 * (ClientHello and everything after it). */
#include <stdlib.h>
#include <string.h>

#include "crypto/ca.h"
#include "tls/tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ward_err fixed_random(void *ctx, void *out, size_t len)
{
	(void)ctx;
	memset(out, 0x5a, len);
	return WARD_OK;
}

static ward_tls_config *server_config(void)
{
	static ward_tls_config *cfg;
	if (cfg)
		return cfg;
	struct ward_ca_test_chain tc;
	ward_chain *chain;
	cfg = ward_tls_config_new(WARD_TLS_SERVER);
	if (!cfg || ward_ca_make_test_chain(WARD_KEY_EC_P256, "localhost", 0,
					    &tc) != WARD_OK)
		abort();
	if (ward_chain_load_pem(tc.cert_pem.data, tc.cert_pem.len, &chain) ||
	    ward_tls_config_add_cert(cfg, chain, ward_pkey_ref(tc.key)))
		abort();
	const char *alpn[] = {"h2", "http/1.1"};
	if (ward_tls_config_set_alpn(cfg, alpn, 2))
		abort();
	ward_tls_config_set_random(cfg, fixed_random, NULL);
	ward_ca_test_chain_free(&tc);
	return cfg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ward_tls_conn *c = ward_tls_conn_new(server_config());
	ward_buf out, app;
	uint8_t *copy = malloc(size ? size : 1);
	if (!c || !copy)
		abort();
	memcpy(copy, data, size);
	ward_buf_init(&out);
	ward_buf_init(&app);
	size_t used;
	(void)ward_tls_recv(c, copy, size, &used, &out, &app);
	ward_buf_free(&out);
	ward_buf_free(&app);
	ward_tls_conn_free(c);
	free(copy);
	return 0;
}

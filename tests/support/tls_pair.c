#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "tls_pair.h"

static void write_file(const char *path, const ward_buf *b)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	fclose(f);
}

void tls_pair_add_cert(struct tls_pair *p, ward_key_type type,
		       const char *name, ward_buf *ca_pem)
{
	struct ward_ca_test_chain tc;
	ward_chain *chain;
	assert_ok(ward_ca_make_test_chain(type, name, 0, &tc));
	assert_ok(ward_chain_load_pem(tc.cert_pem.data, tc.cert_pem.len, &chain));
	assert_ok(ward_tls_config_add_cert(p->scfg, chain,
					   ward_pkey_ref(tc.key)));
	if (ca_pem) {
		ward_buf_init(ca_pem);
		assert_ok(ward_put_bytes(ca_pem, tc.ca_pem.data, tc.ca_pem.len));
	}
	ward_ca_test_chain_free(&tc);
}

void tls_pair_configs(struct tls_pair *p, ward_key_type type)
{
	ward_buf ca;
	ward_trust *trust;
	memset(p, 0, sizeof *p);
	p->scfg = ward_tls_config_new(WARD_TLS_SERVER);
	p->ccfg = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_non_null(p->scfg);
	assert_non_null(p->ccfg);
	tls_pair_add_cert(p, type, "localhost", &ca);
	snprintf(p->ca_path, sizeof p->ca_path, "/tmp/ward-test-ca-%d.pem",
		 (int)getpid());
	write_file(p->ca_path, &ca);
	ward_buf_free(&ca);
	assert_ok(ward_trust_load(p->ca_path, &trust, NULL, 0));
	ward_tls_config_set_trust(p->ccfg, trust);
}

void tls_pair_ticket_keys(struct tls_pair *p, ward_ticket_keys *keys)
{
	time_t now = time(NULL);
	ward_ticket_keys_init(keys);
	assert_ok(ward_ticket_keys_rotate(keys, WARD_AEAD_AES_256_GCM, now,
					  now + 86400));
	ward_tls_config_set_ticket_keys(p->scfg, keys);
}

void tls_pair_connect(struct tls_pair *p, const char *host)
{
	tls_pair_connect_session(p, host, NULL);
}

void tls_pair_connect_session(struct tls_pair *p, const char *host,
			      const ward_buf *session)
{
	p->client = ward_tls_conn_new(p->ccfg);
	p->server = ward_tls_conn_new(p->scfg);
	assert_non_null(p->client);
	assert_non_null(p->server);
	if (host)
		assert_ok(ward_tls_set_hostname(p->client, host));
	if (session)
		assert_ok(ward_tls_set_session(p->client, session->data,
					       session->len));
	assert_ok(ward_tls_start(p->client, &p->c_out));
}

void tls_pair_drop(struct tls_pair *p)
{
	ward_tls_conn_free(p->client);
	ward_tls_conn_free(p->server);
	p->client = p->server = NULL;
	ward_buf_clear(&p->c_out);
	ward_buf_clear(&p->s_out);
	ward_buf_clear(&p->c_app);
	ward_buf_clear(&p->s_app);
	p->c_err = p->s_err = WARD_OK;
}

/* Feed everything in `from` to `to`; keeps a partial record for later. */
static int deliver(ward_tls_conn *to, ward_buf *from, ward_buf *to_out,
		   ward_buf *to_app, ward_err *err)
{
	if (from->len == 0 || *err != WARD_OK)
		return 0;
	size_t used = 0;
	*err = ward_tls_recv(to, from->data, from->len, &used, to_out, to_app);
	ward_buf_consume(from, used);
	return used > 0;
}

void tls_pair_pump(struct tls_pair *p)
{
	for (int i = 0; i < 100; i++) {
		int moved = deliver(p->server, &p->c_out, &p->s_out, &p->s_app,
				    &p->s_err);
		moved |= deliver(p->client, &p->s_out, &p->c_out, &p->c_app,
				 &p->c_err);
		if (!moved)
			return;
	}
	fail_msg("pump did not settle");
}

void tls_pair_assert_done(struct tls_pair *p)
{
	if (p->c_err || p->s_err)
		print_message("client: %s; server: %s\n",
			      ward_tls_get_info(p->client)->error,
			      ward_tls_get_info(p->server)->error);
	assert_ok(p->c_err);
	assert_ok(p->s_err);
	assert_true(ward_tls_handshake_done(p->client));
	assert_true(ward_tls_handshake_done(p->server));
}

void tls_pair_free(struct tls_pair *p)
{
	ward_tls_conn_free(p->client);
	ward_tls_conn_free(p->server);
	ward_tls_config_free(p->ccfg);
	ward_tls_config_free(p->scfg);
	ward_buf_free(&p->c_out);
	ward_buf_free(&p->s_out);
	ward_buf_free(&p->c_app);
	ward_buf_free(&p->s_app);
	if (p->ca_path[0])
		unlink(p->ca_path);
}

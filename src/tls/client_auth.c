/* Client certificates, client side, both versions (RFC 8446 4.3.2,
 * 4.4.2-3; RFC 5246 7.4.6, 7.4.8): the certificate a CertificateRequest
 * is answered with, and its CertificateVerify. */
#include <stdio.h>
#include <string.h>

#include "tls/conn.h"

ward_err ward_tls_config_set_client_cert(ward_tls_config *cfg,
					 ward_chain *chain, ward_pkey *key)
{
	WARD_ENSURE(cfg->role == WARD_TLS_CLIENT, WARD_ERR_ARG);
	ward_tls_cert t;
	WARD_TRY(ward_tls_cert_make(&t, chain, key));
	ward_tls_cert_free(&cfg->client_cert);
	cfg->client_cert = t;
	return WARD_OK;
}

ward_err ward_tls_config_set_client_cert_files(ward_tls_config *cfg,
					       const char *chain_path,
					       const char *key_path, char *why,
					       size_t whylen)
{
	return ward_tls_load_cert_files(cfg, chain_path, key_path, why, whylen,
					ward_tls_config_set_client_cert);
}

/* The first scheme of the server's list (its preference) that we enable
 * and our key makes; 0 when none. */
static uint16_t choose_scheme(const ward_tls_conn *c, ward_slice offered,
			      int tls13)
{
	const ward_tls_config *cfg = c->cfg;
	ward_pkey *key = cfg->client_cert.key;
	if (!cfg->client_cert.chain)
		return 0;
	ward_u16_set enabled;
	ward_u16_set_clear(&enabled);
	for (size_t i = 0; i < cfg->n_sigschemes; i++)
		ward_u16_set_add(&enabled, cfg->sigschemes[i]);
	for (size_t j = 0; j + 1 < offered.len; j += 2) {
		uint16_t s = ward_load_u16(offered.p + j);
		if (!ward_u16_set_has(&enabled, s))
			continue;
		/* ward_pkey_can_sign takes TLS 1.3's schemes only (4.4.3) */
		if (tls13 ? ward_pkey_can_sign(key, s)
			  : ward_pkey_can_sign_tls12(key, s))
			return s;
	}
	return 0;
}

/* ---- TLS 1.3 ---- */

ward_err ward_tls13_client_cert_request(ward_tls_conn *c,
					const ward_tls_certificate_request *cr)
{
	ward_tls_hs *hs = c->hs;
	/* 4.3.2: zero length but in post-handshake authentication */
	WARD_ENSURE(cr->context.len == 0,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the server's CertificateRequest has a "
				  "context in the handshake"));
	/* TLS 1.3: no TLS 1.2 CertificateVerify will be made */
	hs->keep_msgs12 = 0;
	ward_buf_free(&hs->msgs12);
	hs->client_scheme = choose_scheme(c, cr->signature_algorithms, 1);
	return WARD_OK;
}

ward_err ward_tls13_client_auth_write(ward_tls_conn *c, ward_buf *b)
{
	ward_tls_hs *hs = c->hs;
	const ward_tls_cert *cert = &c->cfg->client_cert;
	uint8_t th[WARD_HASH_MAX];
	size_t at = b->len;
	if (!hs->client_scheme) {
		/* no certificate to send: an empty list (4.4.2) */
		WARD_TRY(
		    ward_certificate_write(b, ward_slice_make("", 0), NULL, 0));
		return ward_tls_transcript_add(c, b->data + at, b->len - at);
	}
	WARD_TRY(ward_put_bytes(b, cert->msg.data, cert->msg.len));
	WARD_TRY(ward_tls_transcript_add(c, b->data + at, b->len - at));
	at = b->len;
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_certificate_verify_write(b, cert->key, hs->client_scheme,
					       0, th,
					       ward_hash_len(c->suite->hash)));
	return ward_tls_transcript_add(c, b->data + at, b->len - at);
}

/* ---- TLS 1.2 ---- */

ward_err
ward_tls12_client_cert_request(ward_tls_conn *c,
			       const ward_tls_certificate_request12 *cr)
{
	ward_tls_hs *hs = c->hs;
	/* the messages to sign were kept from the ClientHello on
	 * (ward_tls_conn_new) when a certificate is configured */
	hs->client_scheme =
	    hs->keep_msgs12 ? choose_scheme(c, cr->signature_algorithms, 0) : 0;
	return WARD_OK;
}

ward_err ward_tls12_client_cert_write(ward_tls_conn *c, ward_buf *b)
{
	const ward_tls_cert *cert = &c->cfg->client_cert;
	if (!c->hs->client_scheme)
		return ward_certificate12_write(b, NULL, 0);
	return ward_put_bytes(b, cert->msg12.data, cert->msg12.len);
}

ward_err ward_tls12_client_cv_write(ward_tls_conn *c, ward_buf *b)
{
	ward_tls_hs *hs = c->hs;
	size_t at = b->len, mark;
	if (!hs->client_scheme)
		return WARD_OK;
	WARD_TRY(ward_hs_begin(b, WARD_HS_CERTIFICATE_VERIFY, &mark));
	WARD_TRY(ward_put_signature_tls12(b, c->cfg->client_cert.key,
					  hs->client_scheme, hs->msgs12.data,
					  hs->msgs12.len));
	WARD_TRY(ward_hs_end(b, mark));
	hs->keep_msgs12 = 0;
	ward_buf_free(&hs->msgs12);
	return ward_tls_transcript_add(c, b->data + at, b->len - at);
}

/* Client certificates, server side, both versions (RFC 8446 4.3.2,
 * 4.4.2-3; RFC 5246 7.4.4, 7.4.6, 7.4.8): the CertificateRequest, the
 * client's chain checked against the configured CAs, its
 * CertificateVerify, and the identity the application sees. */
#include <string.h>

#include "tls/conn.h"

ward_err ward_tls_config_set_client_auth(ward_tls_config *cfg, ward_trust *cas,
					 ward_tls_client_auth mode)
{
	WARD_ENSURE(cfg->role == WARD_TLS_SERVER, WARD_ERR_ARG);
	WARD_ENSURE(mode == WARD_TLS_CLIENT_AUTH_NONE ||
			mode == WARD_TLS_CLIENT_AUTH_OPTIONAL ||
			mode == WARD_TLS_CLIENT_AUTH_REQUIRE,
		    WARD_ERR_ARG);
	WARD_ENSURE(mode == WARD_TLS_CLIENT_AUTH_NONE || cas, WARD_ERR_ARG);
	ward_buf names = WARD_BUF_INIT;
	if (cas) {
		ward_err err = ward_trust_subjects(cas, &names);
		if (err != WARD_OK) {
			ward_buf_free(&names);
			return err;
		}
	}
	ward_tls_client_auth_config_free(cfg);
	cfg->client_auth = mode;
	cfg->client_cas = cas;
	cfg->client_ca_names = names;
	return WARD_OK;
}

void ward_tls_client_auth_config_free(ward_tls_config *cfg)
{
	ward_trust_free(cfg->client_cas);
	cfg->client_cas = NULL;
	ward_buf_free(&cfg->client_ca_names);
	cfg->client_auth = WARD_TLS_CLIENT_AUTH_NONE;
	ward_tls_cert_free(&cfg->client_cert);
}

/* The schemes we ask for: the enabled ones (for TLS 1.3, those
 * 4.4.3 allows). */
static size_t request_schemes(const ward_tls_config *cfg, int tls13,
			      uint16_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < cfg->n_sigschemes; i++)
		if (!tls13 || ward_tls13_cv_scheme(cfg->sigschemes[i]))
			out[n++] = cfg->sigschemes[i];
	return n;
}

static int scheme_requested(const ward_tls_config *cfg, int tls13,
			    uint16_t scheme)
{
	uint16_t s[WARD_TLS_MAX_SIGSCHEMES];
	size_t n = request_schemes(cfg, tls13, s);
	for (size_t i = 0; i < n; i++)
		if (s[i] == scheme)
			return 1;
	return 0;
}

/* The chain against the client CAs, for client use, with no name. A
 * certificate not for client authentication is bad_certificate here
 * (RFC 5246 7.2: "corrupt, ... etc."), not certificate_unknown. */
static ward_err verify_chain(ward_tls_conn *c, const ward_tls_certificate *ct)
{
	char why[256] = "";
	const ward_cert_names names = {
	    c->hs->peer_subject, sizeof c->hs->peer_subject, c->hs->peer_sans,
	    sizeof c->hs->peer_sans};
	WARD_TRY(ward_tls_keep_peer_chain(c, ct->der, ct->count));
	ward_err err = ward_x509_verify(c->cfg->client_cas, ct->der, ct->count,
					NULL, 1, ward_tls_now(c),
					&c->hs->peer_key, &names, why,
					sizeof why);
	if (err == WARD_ERR_CERTIFICATE_UNKNOWN)
		err = WARD_ERR_BAD_CERTIFICATE;
	if (err != WARD_OK)
		return ward_tls_fail(c, err, "client certificate: %s", why);
	return WARD_OK;
}

/* After its CertificateVerify: whom the client proved to be. */
static ward_err take_identity(ward_tls_conn *c)
{
	memcpy(c->peer_subject, c->hs->peer_subject, sizeof c->peer_subject);
	memcpy(c->peer_sans, c->hs->peer_sans, sizeof c->peer_sans);
	/* an empty subject (SANs only) still names a verified client */
	if (!c->peer_subject[0])
		memcpy(c->peer_subject, "-", 2);
	return WARD_OK;
}

static ward_err no_certificate(ward_tls_conn *c, int tls13)
{
	if (c->cfg->client_auth != WARD_TLS_CLIENT_AUTH_REQUIRE)
		return WARD_OK;
	/* RFC 8446 4.4.2.4; RFC 5246 7.4.6 (TLS 1.2 has no
	 * certificate_required, and no_certificate is SSL 3.0's) */
	if (tls13)
		return ward_tls_fail(c, WARD_ERR_CERTIFICATE_REQUIRED,
				     "the client sent no certificate, and one "
				     "is required");
	return ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
			     "the client sent no certificate, and one is "
			     "required");
}

/* ---- TLS 1.3 ---- */

ward_err ward_tls13_server_cert_request(ward_tls_conn *c, ward_buf *b)
{
	const ward_tls_config *cfg = c->cfg;
	uint16_t s[WARD_TLS_MAX_SIGSCHEMES];
	if (cfg->client_auth == WARD_TLS_CLIENT_AUTH_NONE)
		return WARD_OK;
	/* a full handshake: nothing from a ticket tried before it stays */
	c->peer_subject[0] = c->peer_sans[0] = 0;
	size_t n = request_schemes(cfg, 1, s);
	WARD_TRY(ward_certificate_request_write(
	    b, s, n, ward_buf_slice(&cfg->client_ca_names)));
	c->hs->cert_requested = 1;
	return WARD_OK;
}

ward_err ward_tls13_server_client_cert(ward_tls_conn *c, ward_slice body,
				       ward_slice msg)
{
	ward_tls_certificate ct;
	WARD_TRY(ward_certificate_parse(body, &ct));
	/* 4.4.2: the context of our request, which was empty */
	WARD_ENSURE(ct.context.len == 0,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the client's Certificate has a request "
				  "context we did not send"));
	if (ct.count == 0) {
		WARD_TRY(no_certificate(c, 1));
		c->state = WARD_ST_S_WAIT_FINISHED;
	} else {
		WARD_TRY(verify_chain(c, &ct));
		c->state = WARD_ST_S_WAIT_CV;
	}
	return ward_tls_transcript_add(c, msg.p, msg.len);
}

static int requested13(const ward_tls_conn *c, uint16_t scheme)
{
	return scheme_requested(c->cfg, 1, scheme);
}

ward_err ward_tls13_server_client_cv(ward_tls_conn *c, ward_slice body,
				     ward_slice msg)
{
	uint16_t scheme;
	WARD_TRY(ward_tls13_check_peer_cv(c, body, requested13, &scheme));
	WARD_TRY(take_identity(c));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	c->state = WARD_ST_S_WAIT_FINISHED;
	return WARD_OK;
}

/* ---- TLS 1.3 tickets ---- */

ward_err ward_tls13_ticket_identity_write(ward_tls_conn *c, ward_buf *b)
{
	size_t mark;
	WARD_TRY(ward_put_vec_begin(b, 2, &mark));
	if (c->peer_subject[0]) {
		WARD_TRY(ward_put_str(b, c->peer_subject));
		WARD_TRY(ward_put_u8(b, 0));
		WARD_TRY(ward_put_str(b, c->peer_sans));
	}
	return ward_put_vec_end(b, mark);
}

int ward_tls13_ticket_identity_usable(const ward_tls_conn *c,
				      ward_slice identity)
{
	return c->cfg->client_auth != WARD_TLS_CLIENT_AUTH_REQUIRE ||
	       identity.len > 0;
}

static void copy_bounded(char *dst, size_t cap, const uint8_t *p, size_t len)
{
	size_t n = len < cap - 1 ? len : cap - 1;
	memcpy(dst, p, n);
	dst[n] = 0;
}

void ward_tls13_ticket_identity_take(ward_tls_conn *c, ward_slice identity)
{
	if (c->cfg->client_auth == WARD_TLS_CLIENT_AUTH_NONE ||
	    identity.len == 0)
		return;
	const uint8_t *nul = memchr(identity.p, 0, identity.len);
	size_t sub = nul ? (size_t)(nul - identity.p) : identity.len;
	copy_bounded(c->peer_subject, sizeof c->peer_subject, identity.p, sub);
	if (nul)
		copy_bounded(c->peer_sans, sizeof c->peer_sans, nul + 1,
			     identity.len - sub - 1);
}

/* ---- TLS 1.2 ---- */

ward_err ward_tls12_server_cert_request(ward_tls_conn *c,
					ward_slice client_hello, ward_buf *b)
{
	const ward_tls_config *cfg = c->cfg;
	ward_tls_hs *hs = c->hs;
	uint16_t s[WARD_TLS_MAX_SIGSCHEMES];
	if (cfg->client_auth == WARD_TLS_CLIENT_AUTH_NONE)
		return WARD_OK;
	size_t n = request_schemes(cfg, 0, s);
	WARD_TRY(ward_certificate_request12_write(
	    b, s, n, ward_buf_slice(&cfg->client_ca_names)));
	/* 7.4.8: CertificateVerify signs every message from ClientHello;
	 * the rest join through the transcript */
	ward_buf_clear(&hs->msgs12);
	WARD_TRY(ward_put_bytes(&hs->msgs12, client_hello.p, client_hello.len));
	hs->keep_msgs12 = 1;
	hs->cert_requested = 1;
	return WARD_OK;
}

ward_err ward_tls12_server_client_cert(ward_tls_conn *c, ward_slice body,
				       ward_slice msg)
{
	ward_tls_hs *hs = c->hs;
	ward_tls_certificate ct;
	WARD_TRY(ward_certificate12_parse(body, &ct));
	if (ct.count == 0) {
		WARD_TRY(no_certificate(c, 0));
		hs->keep_msgs12 = 0;
		ward_buf_free(&hs->msgs12);
	} else {
		WARD_TRY(verify_chain(c, &ct));
		hs->client_cv_due = 1;
	}
	c->state = WARD_ST_S12_WAIT_CKE;
	return ward_tls_transcript_add(c, msg.p, msg.len);
}

static int requested12(const ward_tls_conn *c, uint16_t scheme)
{
	return scheme_requested(c->cfg, 0, scheme);
}

ward_err ward_tls12_server_client_cv(ward_tls_conn *c, ward_slice body,
				     ward_slice msg)
{
	ward_tls_hs *hs = c->hs;
	ward_tls_certificate_verify cv;
	WARD_TRY(ward_certificate_verify_parse(body, &cv));
	WARD_TRY(ward_tls12_check_peer_sig(c, cv.scheme, requested12,
					   hs->msgs12.data, hs->msgs12.len,
					   cv.signature, "CertificateVerify"));
	hs->keep_msgs12 = 0;
	ward_buf_free(&hs->msgs12);
	hs->client_cv_due = 0;
	WARD_TRY(take_identity(c));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	c->state = WARD_ST_S12_WAIT_CCS;
	return WARD_OK;
}

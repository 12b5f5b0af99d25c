/* TLS 1.3 client state machine (RFC 8446 2, 4): ClientHello out,
 * ServerHello (or HelloRetryRequest) .. Finished in, Finished out. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "tls/conn.h"

static int is_ip_literal(const char *host)
{
	uint8_t addr[16];
	return inet_pton(AF_INET, host, addr) == 1 ||
	       inet_pton(AF_INET6, host, addr) == 1;
}

/* What the TLS 1.2 suites offered need beyond ECDHE with AEAD: the
 * FFDHE groups are listed for a DHE suite (RFC 7919 3) or TLS 1.3, and
 * encrypt_then_mac is asked for with a CBC suite (RFC 7366 2). */
static void tls12_offer(const ward_tls_config *cfg, int *dhe, int *cbc)
{
	*dhe = *cbc = 0;
	for (size_t i = 0; cfg->tls12 && i < cfg->n_suites12; i++) {
		const ward_tls_suite *s = ward_tls_suite_find(cfg->suites12[i]);
		*dhe |= s->tls12_kx == WARD_TLS12_KX_DHE;
		*cbc |= s->cbc;
	}
}

static ward_err write_client_hello(ward_tls_conn *c, ward_buf *b)
{
	const ward_tls_config *cfg = c->cfg;
	ward_tls_hs *hs = c->hs;
	uint8_t pub[WARD_KEX_PUB_MAX];
	size_t pub_len = 0, n_versions = 0, n_suites = 0;
	uint16_t versions[2], suites[2 * WARD_TLS_MAX_SUITES];
	if (cfg->tls13) {
		pub_len = sizeof pub;
		WARD_TRY(ward_tls_new_share(c, hs->share_group, pub, &pub_len));
		versions[n_versions++] = WARD_TLS_VERSION_13;
		memcpy(suites, cfg->suites, cfg->n_suites * sizeof *suites);
		n_suites = cfg->n_suites;
	}
	int dhe, cbc;
	uint16_t groups[WARD_TLS_MAX_GROUPS];
	size_t n_groups = 0;
	tls12_offer(cfg, &dhe, &cbc);
	for (size_t i = 0; i < cfg->n_groups; i++)
		if (cfg->groups[i] < WARD_GROUP_FFDHE2048 || dhe || cfg->tls13)
			groups[n_groups++] = cfg->groups[i];
	if (cfg->tls12) {
		versions[n_versions++] = WARD_TLS_VERSION_12;
		memcpy(suites + n_suites, cfg->suites12,
		       cfg->n_suites12 * sizeof *suites);
		n_suites += cfg->n_suites12;
	}
	ward_tls_client_hello_params p = {
	    .random = hs->client_random,
	    .versions = versions,
	    .n_versions = n_versions,
	    .session_id = ward_slice_make(hs->session_id, hs->session_id_len),
	    .suites = suites,
	    .n_suites = n_suites,
	    .groups = groups,
	    .n_groups = n_groups,
	    .sigschemes = c->cfg->sigschemes,
	    .n_sigschemes = c->cfg->n_sigschemes,
	    .server_name = c->info.server_name[0] ? c->info.server_name : NULL,
	    .alpn = ward_buf_slice(&c->cfg->alpn_wire),
	    .share_group = hs->share_group,
	    .share = ward_slice_make(pub, pub_len),
	    .cookie = ward_buf_slice(&hs->cookie),
	    .session_ticket = c->sess12_offered
				  ? ward_buf_slice(&c->sess12.ticket)
				  : ward_slice_make(NULL, 0),
	    .encrypt_then_mac = cbc && !cfg->test_no_etm,
	};
	size_t at = b->len;
	WARD_TRY(ward_tls13_client_psk_params(c, &p));
	ward_tls13_client_early_offer(c, &p);
	WARD_TRY(ward_client_hello_write(b, &p, &hs->offered_exts));
	return ward_tls13_client_psk_bind(c, b->data + at, b->len - at);
}

/* Learn what a ClientHello message (ours, or the test's) offers. */
static ward_err note_offered(ward_tls_conn *c, ward_slice msg,
			     ward_tls_client_hello *ch)
{
	WARD_ENSURE(msg.len > WARD_HS_HEADER_LEN, WARD_ERR_ARG);
	WARD_TRY(ward_client_hello_parse(
		ward_slice_make(msg.p + WARD_HS_HEADER_LEN,
				msg.len - WARD_HS_HEADER_LEN),
		ch));
	c->hs->offered_exts = ch->ext.seen;
	return ward_tls_keep_offered(c, ch);
}

static ward_err start_with_test_hello(ward_tls_conn *c, ward_buf *b)
{
	const ward_tls_config *cfg = c->cfg;
	ward_tls_hs *hs = c->hs;
	ward_tls_client_hello ch;
	uint8_t pub[WARD_KEX_PUB_MAX];
	size_t pub_len = sizeof pub;
	ward_slice msg = ward_buf_slice(&cfg->test_client_hello);
	WARD_TRY(note_offered(c, msg, &ch));
	memcpy(hs->client_random, ch.random, 32);
	memcpy(hs->session_id, ch.session_id.p, ch.session_id.len);
	hs->session_id_len = ch.session_id.len;
	hs->share_group = cfg->test_kex[0].group;
	WARD_TRY(ward_tls_new_share(c, hs->share_group, pub, &pub_len));
	/* a PSK offer in the test's hello gets our binder (RFC 8448 4) */
	size_t at = b->len;
	WARD_TRY(ward_put_bytes(b, msg.p, msg.len));
	if (!ward_exts_has(&ch.ext, WARD_EXT_PRE_SHARED_KEY))
		return WARD_OK;
	ward_tls_client_hello_params p = {0};
	WARD_TRY(ward_tls13_client_psk_params(c, &p));
	return ward_tls13_client_psk_bind(c, b->data + at, b->len - at);
}

/* The test's second ClientHello, which must carry our new share and the
 * server's cookie, as one we built would. */
static ward_err retry_with_test_hello(ward_tls_conn *c, ward_buf *b)
{
	ward_tls_hs *hs = c->hs;
	ward_tls_client_hello ch;
	ward_slice share, msg = ward_buf_slice(&c->cfg->test_retry_hello);
	uint8_t pub[WARD_KEX_PUB_MAX];
	size_t pub_len = sizeof pub;
	int found;
	WARD_TRY(ward_tls_new_share(c, hs->share_group, pub, &pub_len));
	WARD_ENSURE(msg.len > WARD_HS_HEADER_LEN, WARD_ERR_ARG);
	WARD_TRY(ward_client_hello_parse(
	    ward_slice_make(msg.p + WARD_HS_HEADER_LEN,
			    msg.len - WARD_HS_HEADER_LEN),
	    &ch));
	WARD_TRY(
	    ward_client_hello_find_share(&ch, hs->share_group, &share, &found));
	WARD_ENSURE(found && share.len == pub_len &&
			!memcmp(share.p, pub, pub_len) &&
			ch.cookie.len == hs->cookie.len &&
			(hs->cookie.len == 0 ||
			 !memcmp(ch.cookie.p, hs->cookie.data, hs->cookie.len)),
		    WARD_ERR_ARG);
	hs->offered_exts = ch.ext.seen;
	return ward_put_bytes(b, msg.p, msg.len);
}

ward_err ward_tls13_client_start(ward_tls_conn *c, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	/* the name sent as SNI; none for an IP literal (RFC 6066 3) */
	if (c->host && !is_ip_literal(c->host))
		c->info.server_name = c->host;
	ward_buf_clear(&hs->scratch);
	if (c->cfg->test_client_hello.len) {
		WARD_TRY(start_with_test_hello(c, &hs->scratch));
	} else {
		WARD_TRY(ward_tls_random(c, hs->client_random, 32));
		/* a session id makes middlebox-compatibility mode (D.4); a
		 * TLS 1.2 session offered by its ID sends that one, one
		 * offered by ticket a fresh one (RFC 5077 3.4); a TLS
		 * 1.2-only client offering nothing, none */
		ward_tls12_session_check(c);
		hs->session_id_len = 32;
		WARD_TRY(ward_tls_random(c, hs->session_id, 32));
		if (c->sess12_offered && c->sess12.ticket.len == 0) {
			memcpy(hs->session_id, c->sess12.id, c->sess12.id_len);
			hs->session_id_len = c->sess12.id_len;
		} else if (!c->cfg->tls13 && !c->sess12_offered) {
			hs->session_id_len = 0;
		}
		hs->share_group = c->cfg->groups[0];
		WARD_TRY(write_client_hello(c, &hs->scratch));
		ward_tls_client_hello ch;
		WARD_TRY(note_offered(c, ward_buf_slice(&hs->scratch), &ch));
	}
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data, hs->scratch.len));
	/* RFC 8446 5.1: 0x0301 on the initial ClientHello record */
	c->wr.plain_version = WARD_TLS_VERSION_10;
	ward_err err = ward_tls_send_handshake(c, hs->scratch.data,
					       hs->scratch.len, out);
	c->wr.plain_version = WARD_TLS_VERSION_12;
	WARD_TRY(err);
	c->state = WARD_ST_C_WAIT_SH;
	return ward_tls13_client_early_start(c, ward_buf_slice(&hs->scratch),
					     out);
}

/* RFC 8446 4.2: extensions in a server message must have been offered,
 * but for the cookie of a HelloRetryRequest. */
ward_err ward_tls_check_offered(ward_tls_conn *c, const ward_tls_exts *e,
				int hrr)
{
	uint64_t allowed = c->hs->offered_exts;
	if (hrr)
		allowed |= (uint64_t)1 << WARD_EXT_COOKIE;
	uint64_t extra = e->seen & ~allowed;
	if (extra == 0 && e->unknown_count == 0)
		return WARD_OK;
	for (int i = 0; i < WARD_EXT__COUNT; i++)
		if ((extra >> i) & 1)
			return ward_tls_fail(c, WARD_ERR_UNSUPPORTED_EXTENSION,
					     "server sent %s, which was not offered",
					     ward_ext_name(ward_ext_code(
						     (ward_ext_id)i)));
	return ward_tls_fail(c, WARD_ERR_UNSUPPORTED_EXTENSION,
			     "server sent extension %u, which was not offered",
			     e->unknown_first);
}

/* Checks common to ServerHello and HelloRetryRequest (RFC 8446 4.1.3). */
static ward_err check_hello(ward_tls_conn *c, const ward_tls_server_hello *sh)
{
	ward_tls_hs *hs = c->hs;
	/* RFC 8446 D.5: SSL 3.0 or older is protocol_version whatever
	 * supported_versions says; other values but 0x0303 are forbidden by
	 * 4.1.3 and illegal_parameter below */
	if (sh->legacy_version <= WARD_TLS_VERSION_SSL3)
		return ward_tls_fail(c, WARD_ERR_PROTOCOL_VERSION,
				     "the server's legacy_version is 0x%04x "
				     "(SSL 3.0 or older)",
				     sh->legacy_version);
	if (sh->selected_version == 0)
		return ward_tls_fail(c, WARD_ERR_PROTOCOL_VERSION,
				     "server selected %s; only TLS 1.3 was offered",
				     ward_tls_version_name(sh->legacy_version)
					     ? ward_tls_version_name(
						       sh->legacy_version)
					     : "an unknown version");
	if (sh->selected_version != WARD_TLS_VERSION_13)
		return ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				     "server selected version 0x%04x, not offered",
				     sh->selected_version);
	WARD_ENSURE(sh->legacy_version == WARD_TLS_VERSION_12,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the server's legacy_version is 0x%04x, "
				  "not 0x0303",
				  sh->legacy_version));
	WARD_ENSURE(sh->session_id.len == hs->session_id_len &&
			    !memcmp(sh->session_id.p, hs->session_id,
				    hs->session_id_len),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server did not echo the session id"));
	WARD_ENSURE(sh->compression == 0, WARD_ERR_ILLEGAL_PARAMETER);
	WARD_ENSURE(ward_u16_list_has(c->info.offered_suites, sh->cipher_suite) &&
			    ward_tls_suite_find(sh->cipher_suite),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server selected cipher suite 0x%04x, not "
				  "offered",
				  sh->cipher_suite));
	/* after HelloRetryRequest the suite may not change (4.1.4) */
	WARD_ENSURE(!c->suite || c->suite->id == sh->cipher_suite,
		    WARD_ERR_ILLEGAL_PARAMETER);
	return ward_tls_check_offered(c, &sh->ext, sh->is_hrr);
}

static ward_err handle_hello_retry(ward_tls_conn *c,
				   const ward_tls_server_hello *sh,
				   ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	WARD_ENSURE(c->state == WARD_ST_C_WAIT_SH, WARD_ERR_UNEXPECTED_MESSAGE);
	WARD_TRY(check_hello(c, sh));
	/* 4.1.4: a group we support and did not already send a share for */
	WARD_ENSURE(ward_exts_has(&sh->ext, WARD_EXT_KEY_SHARE) ||
			    sh->cookie.len,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "HelloRetryRequest would change nothing"));
	if (ward_exts_has(&sh->ext, WARD_EXT_KEY_SHARE)) {
		WARD_ENSURE(ward_u16_list_has(c->info.offered_groups,
					      sh->group) &&
				    sh->group != hs->share_group,
			    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
					  "HelloRetryRequest asks for group "
					  "0x%04x",
					  sh->group));
		hs->share_group = sh->group;
	}
	c->suite = ward_tls_suite_find(sh->cipher_suite);
	WARD_TRY(ward_tls_transcript_start(c));
	WARD_TRY(ward_tls_transcript_hrr(c));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	ward_buf_clear(&hs->cookie);
	WARD_TRY(ward_put_bytes(&hs->cookie, sh->cookie.p, sh->cookie.len));
	WARD_TRY(ward_tls13_client_early_hrr(c));
	if (hs->session_id_len)
		WARD_TRY(ward_tls_send_ccs(c, out));
	ward_buf_clear(&hs->scratch);
	if (c->cfg->test_retry_hello.len)
		WARD_TRY(retry_with_test_hello(c, &hs->scratch));
	else
		WARD_TRY(write_client_hello(c, &hs->scratch));
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data, hs->scratch.len));
	WARD_TRY(ward_tls_send_handshake(c, hs->scratch.data, hs->scratch.len,
					 out));
	c->info.hrr = 1;
	c->state = WARD_ST_C_WAIT_SH2;
	return WARD_OK;
}

/* RFC 8446 4.2.11: the server may take the one PSK offered, for a suite
 * of its hash; without pre_shared_key a full handshake follows. */
static ward_err check_psk(ward_tls_conn *c, const ward_tls_server_hello *sh)
{
	ward_tls_hs *hs = c->hs;
	if (!ward_exts_has(&sh->ext, WARD_EXT_PRE_SHARED_KEY)) {
		ward_wipe(hs->psk, sizeof hs->psk);
		hs->psk_len = 0;
		return WARD_OK;
	}
	/* check_offered made sure we offered one */
	WARD_ENSURE(sh->psk_identity == 0,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server selected PSK identity %u; one was "
				  "offered",
				  sh->psk_identity));
	WARD_ENSURE(hs->psk_len &&
			ward_tls_suite_find(sh->cipher_suite)->hash ==
			    hs->psk_suite->hash,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server resumed with a suite of another "
				  "hash than the ticket's"));
	c->info.resumed = 1;
	return WARD_OK;
}

static ward_err handle_server_hello(ward_tls_conn *c, ward_slice body,
				    ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	ward_tls_server_hello sh;
	uint8_t secret[WARD_KEX_SECRET_MAX];
	size_t secret_len = sizeof secret;
	WARD_TRY(ward_server_hello_parse(body, &sh));
	if (sh.is_hrr)
		return handle_hello_retry(c, &sh, msg, out);
	/* no supported_versions: TLS 1.2 or older (RFC 8446 4.1.3) */
	if (sh.selected_version == 0 && ward_tls12_client_offered(c))
		return ward_tls12_client_server_hello(c, &sh, msg, out);
	WARD_TRY(check_hello(c, &sh));
	if (!ward_exts_has(&sh.ext, WARD_EXT_KEY_SHARE))
		return ward_tls_fail(c, WARD_ERR_MISSING_EXTENSION,
				     "ServerHello lacks key_share");
	WARD_ENSURE(sh.group == hs->share_group,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server's key share is for a group without "
				  "our share"));
	WARD_TRY(check_psk(c, &sh));
	int first = c->suite == NULL;
	c->suite = ward_tls_suite_find(sh.cipher_suite);
	if (first)
		WARD_TRY(ward_tls_transcript_start(c));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	ward_err err = ward_kex_derive(&hs->kex, sh.share.p, sh.share.len,
				       secret, &secret_len);
	if (err != WARD_OK) {
		ward_wipe(secret, sizeof secret);
		return ward_tls_fail(c, err, "the server's %s key share is invalid",
				     ward_group_name(sh.group));
	}
	err = ward_tls_derive_handshake(c, secret, secret_len);
	ward_wipe(secret, sizeof secret);
	WARD_TRY(err);
	WARD_TRY(ward_tls_set_read_secret(c, hs->s_hs));
	/* from here on our alerts, like our Finished, are protected (with
	 * early data offered, once EncryptedExtensions answer it) */
	if (!ward_tls13_client_early_pending(c))
		WARD_TRY(ward_tls_set_write_secret(c, hs->c_hs));
	c->info.version = WARD_TLS_VERSION_13;
	c->info.suite = sh.cipher_suite;
	c->info.group = sh.group;
	c->state = WARD_ST_C_WAIT_EE;
	return WARD_OK;
}

static ward_err handle_encrypted_extensions(ward_tls_conn *c, ward_slice body,
					    ward_slice msg)
{
	ward_tls_encrypted_extensions ee;
	WARD_TRY(ward_encrypted_extensions_parse(body, &ee));
	WARD_TRY(ward_tls_check_offered(c, &ee.ext, 0));
	if (ee.alpn.len) {
		const char *chosen = NULL;
		for (size_t i = 0; i < c->cfg->n_alpn; i++)
			if (strlen(c->cfg->alpn[i]) == ee.alpn.len &&
			    !memcmp(c->cfg->alpn[i], ee.alpn.p, ee.alpn.len))
				chosen = c->cfg->alpn[i];
		WARD_ENSURE(chosen,
			    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
					  "server selected a protocol that "
					  "was not offered"));
		c->info.alpn = chosen;
	}
	WARD_TRY(ward_tls13_client_early_ee(c, &ee));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	/* resuming: the PSK authenticates the server (RFC 8446 2.2) */
	c->state =
	    c->info.resumed ? WARD_ST_C_WAIT_FINISHED : WARD_ST_C_WAIT_CERT_CR;
	return WARD_OK;
}

static ward_err handle_certificate_request(ward_tls_conn *c, ward_slice body,
					   ward_slice msg)
{
	ward_tls_certificate_request cr;
	WARD_TRY(ward_certificate_request_parse(body, &cr));
	WARD_TRY(ward_tls13_client_cert_request(c, &cr));
	WARD_TRY(ward_put_bytes(&c->hs->cr_context, cr.context.p,
				cr.context.len));
	c->hs->cert_requested = 1;
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	c->state = WARD_ST_C_WAIT_CERT;
	return WARD_OK;
}

ward_err ward_tls_keep_peer_chain(ward_tls_conn *c, const ward_slice *der,
				  size_t count)
{
	size_t total = 0;
	for (size_t i = 0; i < count; i++)
		total += der[i].len;
	ward_buf_clear(&c->peer_certs);
	WARD_TRY(ward_buf_reserve(&c->peer_certs, total));
	for (size_t i = 0; i < count; i++) {
		c->peer_chain[i] = ward_slice_make(
		    c->peer_certs.data + c->peer_certs.len, der[i].len);
		WARD_TRY(ward_put_bytes(&c->peer_certs, der[i].p, der[i].len));
	}
	c->info.peer_chain = c->peer_chain;
	c->info.peer_chain_len = count;
	return WARD_OK;
}

ward_err ward_tls_client_verify_chain(ward_tls_conn *c, const ward_slice *der,
				      size_t count)
{
	char why[256] = "";
	/* RFC 8446 4.4.2.4: an empty server Certificate is decode_error */
	WARD_ENSURE(count > 0, ward_tls_fail(c, WARD_ERR_DECODE,
					     "server sent no certificate"));
	WARD_TRY(ward_tls_keep_peer_chain(c, der, count));
	ward_err err;
	if (c->cfg->verify) {
		if (!c->cfg->trust)
			return ward_tls_fail(c, WARD_ERR_UNKNOWN_CA,
					     "no trusted roots configured");
		err = ward_x509_verify(c->cfg->trust, der, count,
				       c->verify_name_none ? NULL : c->host, 0,
				       ward_tls_now(c), &c->hs->peer_key, NULL,
				       why, sizeof why);
	} else {
		err = ward_cert_pubkey(der[0], &c->hs->peer_key);
		snprintf(why, sizeof why, "cannot use the server's certificate");
	}
	if (err != WARD_OK)
		return ward_tls_fail(c, err, "%s", why);
	return WARD_OK;
}

static ward_err handle_certificate(ward_tls_conn *c, ward_slice body,
				   ward_slice msg)
{
	ward_tls_certificate ct;
	WARD_TRY(ward_certificate_parse(body, &ct));
	/* 4.4.2: empty context for server authentication */
	WARD_ENSURE(ct.context.len == 0, WARD_ERR_ILLEGAL_PARAMETER);
	WARD_TRY(ward_tls_client_verify_chain(c, ct.der, ct.count));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	c->state = WARD_ST_C_WAIT_CV;
	return WARD_OK;
}

/* 4.4.3: schemes for CertificateVerify are the offered ones. */
static int cv_scheme_ok(const ward_tls_conn *c, uint16_t scheme)
{
	return ward_tls13_cv_scheme(scheme) &&
	       ward_u16_list_has(c->info.offered_sigschemes, scheme);
}

static ward_err handle_certificate_verify(ward_tls_conn *c, ward_slice body,
					  ward_slice msg)
{
	WARD_TRY(ward_tls13_check_peer_cv(c, body, cv_scheme_ok,
					  &c->info.sigscheme));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	c->state = WARD_ST_C_WAIT_FINISHED;
	return WARD_OK;
}

static ward_err send_client_finished(ward_tls_conn *c, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	uint8_t verify[WARD_HASH_MAX];
	size_t hlen = ward_hash_len(c->suite->hash);
	if (hs->session_id_len)
		WARD_TRY(ward_tls_send_ccs(c, out));
	ward_buf_clear(&hs->scratch);
	/* our Certificate (maybe empty) and CertificateVerify (4.4.2) */
	if (hs->cert_requested)
		WARD_TRY(ward_tls13_client_auth_write(c, &hs->scratch));
	size_t at = hs->scratch.len;
	WARD_TRY(ward_tls_finished_data(c, 0, verify));
	WARD_TRY(ward_finished_write(&hs->scratch, verify, hlen));
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data + at,
					 hs->scratch.len - at));
	return ward_tls_send_handshake(c, hs->scratch.data, hs->scratch.len,
				       out);
}

static ward_err handle_finished(ward_tls_conn *c, ward_slice body,
				ward_slice msg, ward_buf *out)
{
	WARD_TRY(ward_tls_check_peer_finished(c, body, msg));
	WARD_TRY(ward_tls_derive_application(c));
	WARD_TRY(ward_tls13_client_early_end(c, out));
	WARD_TRY(send_client_finished(c, out));
	WARD_TRY(ward_tls_set_write_secret(c, c->wr_secret));
	return ward_tls_handshake_complete(c);
}

ward_err ward_tls13_client_handle(ward_tls_conn *c, uint8_t type,
				  ward_slice body, ward_slice msg,
				  ward_buf *out)
{
	switch (c->state) {
	case WARD_ST_C_WAIT_SH:
	case WARD_ST_C_WAIT_SH2:
		WARD_ENSURE(type == WARD_HS_SERVER_HELLO,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_server_hello(c, body, msg, out);
	case WARD_ST_C_WAIT_EE:
		WARD_ENSURE(type == WARD_HS_ENCRYPTED_EXTENSIONS,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_encrypted_extensions(c, body, msg);
	case WARD_ST_C_WAIT_CERT_CR:
		if (type == WARD_HS_CERTIFICATE_REQUEST)
			return handle_certificate_request(c, body, msg);
		/* fall through */
	case WARD_ST_C_WAIT_CERT:
		WARD_ENSURE(type == WARD_HS_CERTIFICATE,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_certificate(c, body, msg);
	case WARD_ST_C_WAIT_CV:
		WARD_ENSURE(type == WARD_HS_CERTIFICATE_VERIFY,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_certificate_verify(c, body, msg);
	case WARD_ST_C_WAIT_FINISHED:
		WARD_ENSURE(type == WARD_HS_FINISHED,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_finished(c, body, msg, out);
	default:
		return WARD_ERR_UNEXPECTED_MESSAGE;
	}
}

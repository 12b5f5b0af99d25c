/* TLS 1.3 server state machine (RFC 8446 2, 4): ClientHello in,
 * ServerHello..Finished out, client Finished in. */
#include <stdlib.h>
#include <string.h>

#include "tls/conn.h"

/* Each list of the ClientHello is read once into a set: however long a
 * peer makes it, a choice costs one pass (issue: O(n x m) scans). */
static ward_err choose_suite(ward_tls_conn *c, const ward_tls_client_hello *ch)
{
	ward_u16_set offered;
	ward_u16_set_from_list(&offered, ch->cipher_suites);
	for (size_t i = 0; i < c->cfg->n_suites; i++)
		if (ward_u16_set_has(&offered, c->cfg->suites[i])) {
			c->suite = ward_tls_suite_find(c->cfg->suites[i]);
			return WARD_OK;
		}
	return ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
			     "no cipher suite in common with the client");
}

static ward_err choose_group(ward_tls_conn *c, const ward_tls_client_hello *ch)
{
	ward_u16_set offered;
	ward_u16_set_from_list(&offered, ch->supported_groups);
	for (size_t i = 0; i < c->cfg->n_groups; i++)
		if (ward_u16_set_has(&offered, c->cfg->groups[i])) {
			c->hs->share_group = c->cfg->groups[i];
			return WARD_OK;
		}
	return ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
			     "no key exchange group in common with the client");
}

/* Whether cert may serve the SNI name in this pass: 0 a certificate naming
 * it exactly, 1 one whose wildcard covers it, 2 any (the default). */
static int cert_fits(const ward_tls_conn *c, const ward_tls_cert *cert,
		     int pass)
{
	if (pass == 2)
		return 1;
	if (!c->host)
		return 0;
	return pass == 0 ? ward_chain_matches_host_exactly(cert->chain, c->host)
			 : ward_chain_matches_host(cert->chain, c->host);
}

/* A certificate for the name asked for if there is one, an exact name
 * before a wildcard whatever the order they were given in, else the
 * default; and the first signature scheme, in the client's order, its key
 * can make. The client's list is read once: what remains are the enabled
 * schemes it offers, each once, in its order (at most
 * WARD_TLS_MAX_SIGSCHEMES). */
static ward_err choose_cert(ward_tls_conn *c, const ward_tls_client_hello *ch)
{
	const ward_tls_config *cfg = c->cfg;
	ward_tls_hs *hs = c->hs;
	WARD_ENSURE(cfg->n_certs > 0,
		    ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				  "no certificate configured"));
	ward_u16_set enabled;
	uint16_t offered[WARD_TLS_MAX_SIGSCHEMES];
	size_t n = 0;
	ward_u16_set_clear(&enabled);
	for (size_t i = 0; i < cfg->n_sigschemes; i++)
		ward_u16_set_add(&enabled, cfg->sigschemes[i]);
	for (size_t j = 0; j + 1 < ch->signature_algorithms.len; j += 2) {
		uint16_t s = ward_load_u16(ch->signature_algorithms.p + j);
		if (!ward_u16_set_has(&enabled, s))
			continue;
		ward_u16_set_del(&enabled, s);
		offered[n++] = s;
	}
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < cfg->n_certs; i++) {
			const ward_tls_cert *cert = &cfg->certs[i];
			if (!cert_fits(c, cert, pass))
				continue;
			for (size_t j = 0; j < n; j++) {
				if (!ward_pkey_can_sign(cert->key, offered[j]))
					continue;
				hs->cert = cert;
				hs->sni_ack = pass < 2;
				c->info.sigscheme = offered[j];
				return WARD_OK;
			}
		}
	}
	return ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
			     "no signature scheme offered by the client fits "
			     "the certificate's key");
}

/* RFC 7301 3.2: the first of our protocols the client offers, found in
 * one pass over the client's list. */
ward_err ward_tls_server_choose_alpn(ward_tls_conn *c,
				     const ward_tls_client_hello *ch)
{
	const ward_tls_config *cfg = c->cfg;
	if (!ward_exts_has(&ch->ext, WARD_EXT_ALPN) || cfg->n_alpn == 0)
		return WARD_OK;
	size_t best = cfg->n_alpn;
	ward_reader r = ward_reader_make(ch->alpn.p, ch->alpn.len);
	while (ward_reader_left(&r) > 0 && best > 0) {
		ward_slice name;
		WARD_TRY(ward_read_vec_slice(&r, 1, 1, 255, &name));
		for (size_t i = 0; i < best; i++)
			if (name.len == strlen(cfg->alpn[i]) &&
			    !memcmp(name.p, cfg->alpn[i], name.len)) {
				best = i;
				break;
			}
	}
	if (best < cfg->n_alpn) {
		c->info.alpn = cfg->alpn[best];
		return WARD_OK;
	}
	return ward_tls_fail(c, WARD_ERR_NO_APPLICATION_PROTOCOL,
			     "no application protocol in common with the client");
}

/* RFC 8446 4.2.8: every share must be for a group the client lists, and
 * no two for one group: a group's bit is taken by its first share. Each
 * is not empty, and one for a group we know has that group's size
 * (4.2.8.1, 4.2.8.2), whether or not it is the one we use. */
static ward_err check_shares(ward_tls_conn *c, const ward_tls_client_hello *ch)
{
	ward_u16_set unshared;
	ward_u16_set_from_list(&unshared, ch->supported_groups);
	ward_reader r = ward_reader_make(ch->key_shares.p, ch->key_shares.len);
	while (ward_reader_left(&r) > 0) {
		uint16_t g;
		ward_slice k;
		WARD_TRY(ward_key_share_next(&r, &g, &k));
		WARD_ENSURE(
		    ward_u16_set_has(&unshared, g),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the client sent a second key share "
				  "for group 0x%04x, or one for a group "
				  "it does not list",
				  g));
		ward_u16_set_del(&unshared, g);
		size_t want = ward_kex_pub_len(g);
		WARD_ENSURE(k.len > 0 && (want == 0 || k.len == want),
			    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
					  "the client's key share for group "
					  "0x%04x has %zu bytes",
					  g, k.len));
	}
	return WARD_OK;
}

/* RFC 8446 4.2.1: supported_versions, when present, is the offer and
 * legacy_version is ignored; without it, legacy_version is the highest
 * version the client speaks (RFC 5246 E.1). TLS 1.3 is chosen whenever it
 * is offered; TLS 1.2 when it is the best offered and enabled. */
static int offers_only_tls12(const ward_tls_conn *c,
			     const ward_tls_client_hello *ch)
{
	if (!c->cfg->tls12 || c->cfg->n_suites12 == 0 ||
	    ch->legacy_version < WARD_TLS_VERSION_12)
		return 0;
	if (!ward_exts_has(&ch->ext, WARD_EXT_SUPPORTED_VERSIONS))
		return 1;
	return !ward_u16_list_has(ch->supported_versions,
				  WARD_TLS_VERSION_13) &&
	       ward_u16_list_has(ch->supported_versions, WARD_TLS_VERSION_12);
}

static ward_err check_client_hello(ward_tls_conn *c,
				   const ward_tls_client_hello *ch)
{
	/* RFC 8446 D.5: SSL 3.0 or older here is refused whatever
	 * supported_versions offers */
	if (ch->legacy_version <= WARD_TLS_VERSION_SSL3)
		return ward_tls_fail(c, WARD_ERR_PROTOCOL_VERSION,
				     "the client's legacy_version is 0x%04x "
				     "(SSL 3.0 or older)",
				     ch->legacy_version);
	if (!ward_exts_has(&ch->ext, WARD_EXT_SUPPORTED_VERSIONS) ||
	    !ward_u16_list_has(ch->supported_versions, WARD_TLS_VERSION_13))
		return ward_tls_fail(c, WARD_ERR_PROTOCOL_VERSION,
				     c->cfg->tls12
					 ? "the client offers neither TLS 1.3 "
					   "nor TLS 1.2"
					 : "the client does not offer TLS 1.3");
	/* RFC 8446 4.1.2: exactly the null compression method */
	WARD_ENSURE(ch->compression_methods.len == 1 &&
			    ch->compression_methods.p[0] == 0,
		    WARD_ERR_ILLEGAL_PARAMETER);
	/* RFC 8446 9.2: what a certificate-authenticated handshake needs */
	if (!ward_exts_has(&ch->ext, WARD_EXT_SIGNATURE_ALGORITHMS))
		return ward_tls_fail(c, WARD_ERR_MISSING_EXTENSION,
				     "ClientHello lacks signature_algorithms");
	if (!ward_exts_has(&ch->ext, WARD_EXT_SUPPORTED_GROUPS))
		return ward_tls_fail(c, WARD_ERR_MISSING_EXTENSION,
				     "ClientHello lacks supported_groups");
	if (!ward_exts_has(&ch->ext, WARD_EXT_KEY_SHARE))
		return ward_tls_fail(c, WARD_ERR_MISSING_EXTENSION,
				     "ClientHello lacks key_share");
	/* 4.2.9: a PSK offer needs psk_key_exchange_modes */
	if (ward_exts_has(&ch->ext, WARD_EXT_PRE_SHARED_KEY) &&
	    !ward_exts_has(&ch->ext, WARD_EXT_PSK_KEY_EXCHANGE_MODES))
		return ward_tls_fail(c, WARD_ERR_MISSING_EXTENSION,
				     "ClientHello offers a PSK without "
				     "psk_key_exchange_modes");
	return check_shares(c, ch);
}

/* RFC 8446 4.1.2: a second ClientHello may drop early_data, add a cookie,
 * rewrite pre_shared_key, change padding and replace the key shares;
 * nothing else. */
static int may_change(uint16_t code)
{
	return code == ward_ext_code(WARD_EXT_EARLY_DATA) ||
	       code == ward_ext_code(WARD_EXT_COOKIE) ||
	       code == ward_ext_code(WARD_EXT_PRE_SHARED_KEY) ||
	       code == ward_ext_code(WARD_EXT_PADDING);
}

/* A SHA-256 digest of a (parsed) ClientHello body with what may change
 * left out: the fields before the extensions as they are, then each
 * extension in order (key_share by its code only). Two hellos with the
 * same digest differ only as 4.1.2 allows; a digest, not a copy, keeps
 * the state a HelloRetryRequest leaves small. */
static ward_err hello_digest(ward_slice body, uint8_t *out)
{
	ward_reader r = ward_reader_make(body.p, body.len), exts;
	ward_slice skip;
	ward_hash h;
	ward_err ret = WARD_OK;
	WARD_TRY(ward_read_skip(&r, 2 + 32));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 32, &skip));
	WARD_TRY(ward_read_vec_slice(&r, 2, 0, 0xffff, &skip));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &skip));
	WARD_TRY(ward_hash_init(&h, WARD_HASH_SHA256));
	WARD_TRY_OUT(ward_hash_update(&h, body.p, r.off));
	WARD_TRY_OUT(ward_read_vec(&r, 2, 0, 0xffff, &exts));
	while (ward_reader_left(&exts) > 0) {
		uint16_t code;
		ward_slice ext;
		size_t start = exts.off;
		WARD_TRY_OUT(ward_read_u16(&exts, &code));
		WARD_TRY_OUT(ward_read_vec_slice(&exts, 2, 0, 0xffff, &ext));
		if (may_change(code))
			continue;
		size_t len = code == ward_ext_code(WARD_EXT_KEY_SHARE)
				 ? 2
				 : exts.off - start;
		WARD_TRY_OUT(ward_hash_update(&h, exts.p + start, len));
	}
	WARD_TRY_OUT(ward_hash_peek(&h, out));
out:
	ward_hash_free(&h);
	return ret;
}

static ward_err make_cookie(ward_tls_conn *c, uint8_t *out)
{
	uint8_t th[WARD_HASH_MAX];
	WARD_TRY(ward_tls_transcript_hash(c, th));
	return ward_hmac(WARD_HASH_SHA256, c->cfg->cookie_key,
			 sizeof c->cfg->cookie_key, th,
			 ward_hash_len(c->suite->hash), out);
}

static ward_err send_hello_retry(ward_tls_conn *c, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	uint8_t cookie[32];
	WARD_TRY(make_cookie(c, cookie));
	WARD_TRY(ward_put_bytes(&hs->cookie, cookie, sizeof cookie));
	WARD_TRY(ward_tls_transcript_hrr(c));
	ward_tls_server_hello_params p = {
		.random = ward_hrr_random,
		.session_id = ward_slice_make(hs->session_id, hs->session_id_len),
		.suite = c->suite->id,
		.group = hs->share_group,
		.cookie = ward_slice_make(cookie, sizeof cookie),
	};
	ward_buf_clear(&hs->scratch);
	WARD_TRY(ward_server_hello_write(&hs->scratch, &p));
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data, hs->scratch.len));
	WARD_TRY(ward_tls_send_handshake(c, hs->scratch.data, hs->scratch.len,
					 out));
	if (hs->session_id_len)
		WARD_TRY(ward_tls_send_ccs(c, out));
	c->info.hrr = 1;
	c->state = WARD_ST_S_WAIT_CH2;
	return WARD_OK;
}

/* ServerHello, then EncryptedExtensions, Certificate, CertificateVerify and
 * Finished in as few records as fit. */
static ward_err send_server_flight(ward_tls_conn *c, ward_slice client_share,
				   ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	uint8_t random[32], pub[WARD_KEX_PUB_MAX];
	uint8_t secret[WARD_KEX_SECRET_MAX], th[WARD_HASH_MAX];
	uint8_t verify[WARD_HASH_MAX];
	size_t pub_len = sizeof pub, secret_len = sizeof secret;
	size_t hlen = ward_hash_len(c->suite->hash);
	ward_err ret;

	WARD_TRY_OUT(ward_tls_random(c, random, sizeof random));
	if (hs->psk_ke) {
		/* psk_ke: no key_share, the PSK alone (RFC 8446 4.2.9) */
		pub_len = secret_len = 0;
		c->info.group = 0;
	} else {
		WARD_TRY_OUT(
		    ward_tls_new_share(c, hs->share_group, pub, &pub_len));
		ret = ward_kex_derive(&hs->kex, client_share.p,
				      client_share.len, secret, &secret_len);
		if (ret != WARD_OK) {
			ret = ward_tls_fail(
			    c, ret, "the client's %s key share is invalid",
			    ward_group_name(hs->share_group));
			goto out;
		}
	}
	ward_tls_server_hello_params p = {
	    .random = random,
	    .session_id = ward_slice_make(hs->session_id, hs->session_id_len),
	    .suite = c->suite->id,
	    .group = hs->share_group,
	    .share = ward_slice_make(pub, pub_len),
	    .psk = hs->psk_len > 0,
	    .psk_identity = hs->psk_identity,
	};
	c->info.resumed = hs->psk_len > 0;
	ward_buf_clear(&hs->scratch);
	WARD_TRY_OUT(ward_server_hello_write(&hs->scratch, &p));
	WARD_TRY_OUT(ward_tls_transcript_add(c, hs->scratch.data,
					     hs->scratch.len));
	WARD_TRY_OUT(ward_tls_send_handshake(c, hs->scratch.data,
					     hs->scratch.len, out));
	if (hs->session_id_len)
		WARD_TRY_OUT(ward_tls_send_ccs(c, out));
	WARD_TRY_OUT(ward_tls_derive_handshake(c, hs->psk_ke ? NULL : secret,
					       secret_len));
	WARD_TRY_OUT(ward_tls_set_write_secret(c, hs->s_hs));
	WARD_TRY_OUT(ward_tls_set_read_secret(c, hs->c_hs));

	ward_buf_clear(&hs->scratch);
	size_t at = 0;
	ward_slice alpn = ward_slice_make(c->info.alpn, strlen(c->info.alpn));
	WARD_TRY_OUT(ward_encrypted_extensions_write(
	    &hs->scratch, alpn, hs->sni_ack,
	    c->info.early_data == WARD_TLS_EARLY_ACCEPTED));
	/* resuming: the PSK authenticates, no Certificate (RFC 8446 2.2),
	 * and no CertificateRequest (4.3.2) */
	if (!hs->psk_len)
		WARD_TRY_OUT(ward_tls13_server_cert_request(c, &hs->scratch));
	if (!hs->psk_len)
		WARD_TRY_OUT(ward_put_bytes(&hs->scratch, hs->cert->msg.data,
					    hs->cert->msg.len));
	WARD_TRY_OUT(ward_tls_transcript_add(c, hs->scratch.data,
					     hs->scratch.len));
	at = hs->scratch.len;
	if (!hs->psk_len) {
		WARD_TRY_OUT(ward_tls_transcript_hash(c, th));
		WARD_TRY_OUT(ward_certificate_verify_write(
		    &hs->scratch, hs->cert->key, c->info.sigscheme, 1, th,
		    hlen));
		WARD_TRY_OUT(ward_tls_transcript_add(c, hs->scratch.data + at,
						     hs->scratch.len - at));
		at = hs->scratch.len;
	}
	WARD_TRY_OUT(ward_tls_finished_data(c, 1, verify));
	WARD_TRY_OUT(ward_finished_write(&hs->scratch, verify, hlen));
	WARD_TRY_OUT(ward_tls_transcript_add(c, hs->scratch.data + at,
					     hs->scratch.len - at));
	WARD_TRY_OUT(ward_tls_send_handshake(c, hs->scratch.data,
					     hs->scratch.len, out));
	/* RFC 8446 4.4.4: the client's Finished covers the same transcript
	 * as the application secrets */
	WARD_TRY_OUT(ward_tls_derive_application(c));
	WARD_TRY_OUT(ward_tls_set_write_secret(c, c->wr_secret));
	/* early data only comes with a PSK, so never with a
	 * CertificateRequest: EndOfEarlyData leads to Finished */
	c->state = hs->cert_requested ? WARD_ST_S_WAIT_CERT
				      : WARD_ST_S_WAIT_FINISHED;
	WARD_TRY_OUT(ward_tls13_server_early_keys(c));
out:
	ward_wipe(secret, sizeof secret);
	return ret;
}

static ward_err handle_client_hello(ward_tls_conn *c, ward_slice body,
				    ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	ward_tls_client_hello ch;
	WARD_TRY(ward_client_hello_parse(body, &ch));
	WARD_TRY(ward_tls_keep_offered(c, &ch));
	memcpy(hs->client_random, ch.random, 32);
	memcpy(hs->session_id, ch.session_id.p, ch.session_id.len);
	hs->session_id_len = ch.session_id.len;
	if (ch.server_name.len) {
		c->host = strndup((const char *)ch.server_name.p,
				  ch.server_name.len);
		WARD_ENSURE(c->host, WARD_ERR_NOMEM);
		c->info.server_name = c->host;
	}
	if (offers_only_tls12(c, &ch))
		return ward_tls12_server_hello(c, &ch, msg, out);
	WARD_TRY(check_client_hello(c, &ch));
	/* 0-RTT is declined unless accepted below; declined, its records
	 * are skipped (4.2.10) */
	hs->skip_early_data = ward_exts_has(&ch.ext, WARD_EXT_EARLY_DATA);
	c->info.version = WARD_TLS_VERSION_13;
	WARD_TRY(choose_suite(c, &ch));
	WARD_TRY(choose_group(c, &ch));
	WARD_TRY(ward_tls_server_choose_alpn(c, &ch));
	/* resumption may pick another suite, of the ticket's hash */
	WARD_TRY(ward_tls13_server_psk(c, &ch, msg));
	if (!hs->psk_len)
		WARD_TRY(choose_cert(c, &ch));
	c->info.suite = c->suite->id;
	c->info.group = hs->share_group;
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	WARD_TRY(ward_tls_transcript_start(c));

	ward_slice share = {0};
	int found = 0;
	WARD_TRY(ward_client_hello_find_share(&ch, hs->share_group, &share,
					      &found));
	if (!found && !hs->psk_ke) {
		WARD_TRY(hello_digest(body, hs->ch1_digest));
		if (hs->skip_early_data)
			c->info.early_data = WARD_TLS_EARLY_REJECTED;
		return send_hello_retry(c, out);
	}
	WARD_TRY(ward_tls13_server_early_decide(c, &ch));
	return send_server_flight(c, share, out);
}

/* RFC 8446 4.1.2: the second ClientHello repeats the first but for the
 * key share, the cookie, early data, the PSK offer and padding. */
static ward_err handle_client_hello2(ward_tls_conn *c, ward_slice body,
				     ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	ward_tls_client_hello ch;
	WARD_TRY(ward_client_hello_parse(body, &ch));
	WARD_TRY(check_client_hello(c, &ch));
	/* 4.1.2: early data is not offered again after HelloRetryRequest */
	WARD_ENSURE(!ward_exts_has(&ch.ext, WARD_EXT_EARLY_DATA),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "second ClientHello offers early data"));
	hs->skip_early_data = 0;
	if (!ward_exts_has(&ch.ext, WARD_EXT_COOKIE))
		return ward_tls_fail(c, WARD_ERR_MISSING_EXTENSION,
				     "second ClientHello lacks the cookie");
	WARD_ENSURE(ch.cookie.len == hs->cookie.len &&
			    ward_ct_eq(ch.cookie.p, hs->cookie.data,
				       hs->cookie.len),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "second ClientHello has a wrong cookie"));
	uint8_t digest[WARD_HASH_MAX];
	WARD_TRY(hello_digest(body, digest));
	WARD_ENSURE(!memcmp(digest, hs->ch1_digest, 32),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "second ClientHello differs from the first"));
	/* the PSK offer is looked at again: its binder covers the
	 * HelloRetryRequest (4.2.11.2) */
	WARD_TRY(ward_tls13_server_psk(c, &ch, msg));
	if (!hs->psk_len && !hs->cert)
		WARD_TRY(choose_cert(c, &ch));
	ward_slice share;
	int found;
	WARD_TRY(ward_client_hello_find_share(&ch, hs->share_group, &share,
					      &found));
	/* RFC 8446 4.1.4: the new share must be for the group asked for */
	WARD_ENSURE(found && ch.key_shares.len == 4 + share.len,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "second ClientHello lacks a %s key share",
				  ward_group_name(hs->share_group)));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	return send_server_flight(c, share, out);
}

/* RFC 8446 4.6.1: tickets follow the client's Finished, which they need
 * for the resumption secret. */
static ward_err handle_finished(ward_tls_conn *c, ward_slice body,
				ward_slice msg, ward_buf *out)
{
	WARD_TRY(ward_tls_check_peer_finished(c, body, msg));
	WARD_TRY(ward_tls_handshake_complete(c));
	return ward_tls13_send_tickets(c, out);
}

ward_err ward_tls13_server_handle(ward_tls_conn *c, uint8_t type,
				  ward_slice body, ward_slice msg,
				  ward_buf *out)
{
	switch (c->state) {
	case WARD_ST_S_WAIT_CH:
		WARD_ENSURE(type == WARD_HS_CLIENT_HELLO,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_client_hello(c, body, msg, out);
	case WARD_ST_S_WAIT_CH2:
		WARD_ENSURE(type == WARD_HS_CLIENT_HELLO,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_client_hello2(c, body, msg, out);
	case WARD_ST_S_WAIT_FINISHED:
		WARD_ENSURE(type == WARD_HS_FINISHED,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_finished(c, body, msg, out);
	case WARD_ST_S_WAIT_CERT: /* tls/server_client_auth.c */
		WARD_ENSURE(type == WARD_HS_CERTIFICATE,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return ward_tls13_server_client_cert(c, body, msg);
	case WARD_ST_S_WAIT_CV:
		WARD_ENSURE(type == WARD_HS_CERTIFICATE_VERIFY,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return ward_tls13_server_client_cv(c, body, msg);
	case WARD_ST_S_WAIT_EOED:
		WARD_ENSURE(type == WARD_HS_END_OF_EARLY_DATA,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return ward_tls13_server_eoed(c, body, msg);
	default:
		return WARD_ERR_UNEXPECTED_MESSAGE;
	}
}

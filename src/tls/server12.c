/* TLS 1.2 server state machine (RFC 5246 7.3), ECDHE and DHE (RFC 7919
 * groups) key exchange: ClientHello in; ServerHello, Certificate,
 * ServerKeyExchange, ServerHelloDone out; ClientKeyExchange,
 * ChangeCipherSpec, Finished in; ChangeCipherSpec, Finished out. The
 * legacy policy adds static RSA key exchange (no ServerKeyExchange; the
 * client encrypts the pre-master secret to the certificate's key), CBC
 * suites and heartbeat (RFC 6520). Every session uses the extended master
 * secret (RFC 7627). Sessions (tickets, IDs, the abbreviated handshake)
 * are in server12_resume.c. */
#include <string.h>

#include "tls/conn.h"

#define TLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00ff
#define TLS_FALLBACK_SCSV 0x5600

/* ECDHE is over elliptic curves only; FFDHE groups belong to DHE suites. */
static int ec_group(uint16_t g)
{
	return g == WARD_GROUP_X25519 || g == WARD_GROUP_X448 ||
	       g == WARD_GROUP_SECP256R1 || g == WARD_GROUP_SECP384R1 ||
	       g == WARD_GROUP_SECP521R1;
}

static int ffdhe_group(uint16_t g)
{
	return g == WARD_GROUP_FFDHE2048 || g == WARD_GROUP_FFDHE3072 ||
	       g == WARD_GROUP_FFDHE4096;
}

/* The first of the server's groups of one kind that the client lists;
 * 0 when none. */
static uint16_t common_group(const ward_tls_config *cfg,
			     const ward_u16_set *offered, int (*kind)(uint16_t))
{
	for (size_t i = 0; i < cfg->n_groups; i++)
		if (kind(cfg->groups[i]) &&
		    ward_u16_set_has(offered, cfg->groups[i]))
			return cfg->groups[i];
	return 0;
}

/* RFC 7919 4: a client that lists an FFDHE group (any of 256..511, known
 * or not) and offers a DHE suite, yet none of whose FFDHE groups the
 * server takes, and with which nothing else can be agreed, is told
 * insufficient_security. (A client that lists none gets no DHE suite:
 * ward sends no parameters of its own choosing.) */
static int ffdhe_insufficient(const ward_tls_config *cfg,
			      const ward_u16_set *suites,
			      const ward_u16_set *groups)
{
	/* 0x0100..0x01ff are the words 4 to 7 of the set */
	int listed =
	    (groups->w[4] | groups->w[5] | groups->w[6] | groups->w[7]) != 0;
	int dhe_offered = 0;
	for (size_t s = 0; s < cfg->n_suites12; s++)
		dhe_offered |=
		    ward_u16_set_has(suites, cfg->suites12[s]) &&
		    ward_tls_suite_find(cfg->suites12[s])->tls12_kx ==
			WARD_TLS12_KX_DHE;
	return listed && dhe_offered;
}

/* RFC 8422 5.1.1: an ECDSA certificate's curve, too, must be one the
 * client lists in supported_groups. */
static int key_fits(const ward_pkey *key, uint8_t auth,
		    const ward_u16_set *groups)
{
	switch (ward_pkey_type(key)) {
	case WARD_KEY_RSA:
		return auth == WARD_TLS12_AUTH_RSA;
	case WARD_KEY_EC_P256:
		return auth == WARD_TLS12_AUTH_ECDSA &&
		       ward_u16_set_has(groups, WARD_GROUP_SECP256R1);
	case WARD_KEY_EC_P384:
		return auth == WARD_TLS12_AUTH_ECDSA &&
		       ward_u16_set_has(groups, WARD_GROUP_SECP384R1);
	case WARD_KEY_EC_P521:
		return auth == WARD_TLS12_AUTH_ECDSA &&
		       ward_u16_set_has(groups, WARD_GROUP_SECP521R1);
	default:
		return 0;
	}
}

/* The first of the offered schemes (enabled ones, in the client's order)
 * that the key can make. */
static uint16_t pick_scheme(const ward_pkey *key, const uint16_t *offered,
			    size_t n)
{
	for (size_t j = 0; j < n; j++)
		if (ward_pkey_can_sign_tls12(key, offered[j]))
			return offered[j];
	return 0;
}

/* Whether the certificate's key can serve the suite: *scheme receives the
 * scheme it signs ServerKeyExchange with (0 for static RSA, which signs
 * nothing but decrypts with an rsaEncryption key). */
static int cert_serves(const ward_tls_cert *cert, const ward_tls_suite *suite,
		       const ward_u16_set *groups, const uint16_t *schemes,
		       size_t n_schemes, uint16_t *scheme)
{
	*scheme = 0;
	if (!key_fits(cert->key, suite->tls12_auth, groups))
		return 0;
	if (suite->tls12_kx == WARD_TLS12_KX_RSA) {
		size_t k = ward_rsa_size(cert->key);
		return k > 0 && k <= WARD_RSA_MAX_BYTES;
	}
	*scheme = pick_scheme(cert->key, schemes, n_schemes);
	return *scheme != 0;
}

/* RFC 5246 7.4.1.4.1: a client without signature_algorithms takes SHA-1
 * signatures; only the legacy policy gets that far without it. */
static const uint8_t sha1_schemes[] = {0x02, 0x01, 0x02, 0x03};

/* Suite, group, certificate and signature scheme together: the first of
 * the server's suites the client offers for which there is a group of the
 * suite's kind in common and a certificate (the one for the name asked
 * for, else the default) that can sign a scheme the client accepts. */
static ward_err choose(ward_tls_conn *c, const ward_tls_client_hello *ch)
{
	const ward_tls_config *cfg = c->cfg;
	ward_tls_hs *hs = c->hs;
	ward_u16_set offered, groups;
	uint16_t schemes[WARD_TLS_MAX_SIGSCHEMES];
	WARD_ENSURE(cfg->n_certs > 0,
		    ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				  "no certificate configured"));
	ward_u16_set_from_list(&offered, ch->cipher_suites);
	ward_u16_set_from_list(&groups, ch->supported_groups);
	ward_tls_client_hello sha1_hello;
	if (!ward_exts_has(&ch->ext, WARD_EXT_SIGNATURE_ALGORITHMS)) {
		sha1_hello = *ch;
		sha1_hello.signature_algorithms =
		    ward_slice_make(sha1_schemes, sizeof sha1_schemes);
		ch = &sha1_hello;
	}
	size_t n_schemes = ward_client_hello_schemes(
	    ch, cfg->sigschemes, cfg->n_sigschemes, schemes);
	uint16_t ec = common_group(cfg, &groups, ec_group);
	uint16_t ff = common_group(cfg, &groups, ffdhe_group);
	/* the certificates to try: those for the name first */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t s = 0; s < cfg->n_suites12; s++) {
			if (!ward_u16_set_has(&offered, cfg->suites12[s]))
				continue;
			const ward_tls_suite *suite =
			    ward_tls_suite_find(cfg->suites12[s]);
			uint16_t group =
			    suite->tls12_kx == WARD_TLS12_KX_DHE     ? ff
			    : suite->tls12_kx == WARD_TLS12_KX_ECDHE ? ec
								     : 0;
			if (suite->tls12_kx != WARD_TLS12_KX_RSA && !group)
				continue;
			for (size_t i = 0; i < cfg->n_certs; i++) {
				const ward_tls_cert *cert = &cfg->certs[i];
				if (pass == 0 &&
				    (!c->host || !ward_chain_matches_host(
						     cert->chain, c->host)))
					continue;
				uint16_t scheme;
				if (!cert_serves(cert, suite, &groups, schemes,
						 n_schemes, &scheme))
					continue;
				c->suite = suite;
				hs->share_group = group;
				hs->cert = cert;
				hs->sni_ack = pass == 0;
				c->info.sigscheme = scheme;
				return WARD_OK;
			}
		}
	}
	if (!ff && ffdhe_insufficient(cfg, &offered, &groups))
		return ward_tls_fail(c, WARD_ERR_INSUFFICIENT_SECURITY,
				     "none of the client's FFDHE groups is "
				     "one the server takes, and nothing else "
				     "is in common (RFC 7919 4)");
	return ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
			     "no TLS 1.2 cipher suite, group and signature "
			     "scheme in common with the client for the "
			     "certificates");
}

static ward_err check_client_hello(ward_tls_conn *c,
				   const ward_tls_client_hello *ch, int *reneg)
{
	const ward_tls_exts *e = &ch->ext;
	ward_u16_set suites;
	ward_u16_set_from_list(&suites, ch->cipher_suites);
	/* RFC 7507 3: TLS 1.3 is enabled, so a fallback to 1.2 is one */
	if (ward_u16_set_has(&suites, TLS_FALLBACK_SCSV))
		return ward_tls_fail(c, WARD_ERR_INAPPROPRIATE_FALLBACK,
				     "the client signals a fallback "
				     "(TLS_FALLBACK_SCSV) but TLS 1.3 is "
				     "available");
	/* compression is never done: null must be offered */
	int null_comp = 0;
	for (size_t i = 0; i < ch->compression_methods.len; i++)
		null_comp |= ch->compression_methods.p[i] == 0;
	WARD_ENSURE(
	    null_comp,
	    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
			  "the client does not offer null compression"));
	/* RFC 7627 5.3: the extended master secret is required, but by the
	 * legacy policy (whose non-EMS sessions are never resumable) */
	c->hs->ems = ward_exts_has(e, WARD_EXT_EXTENDED_MASTER_SECRET);
	WARD_ENSURE(c->hs->ems || c->cfg->policy == WARD_TLS_POLICY_LEGACY,
		    ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				  "the client does not offer "
				  "extended_master_secret (RFC 7627)"));
	WARD_ENSURE(e->body[WARD_EXT_EXTENDED_MASTER_SECRET].len == 0,
		    WARD_ERR_DECODE);
	/* RFC 5746 3.6: an initial handshake's renegotiation_info is empty,
	 * else handshake_failure; the SCSV counts as the empty one */
	*reneg = ward_u16_set_has(&suites, TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
	if (ward_exts_has(e, WARD_EXT_RENEGOTIATION_INFO)) {
		ward_slice b = e->body[WARD_EXT_RENEGOTIATION_INFO];
		WARD_ENSURE(b.len == 1 && b.p[0] == 0,
			    ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
					  "renegotiation_info is not empty "
					  "in an initial handshake"));
		*reneg = 1;
	}
	/* RFC 8422 5.1.2: uncompressed points must be among the formats */
	if (ward_exts_has(e, WARD_EXT_EC_POINT_FORMATS)) {
		ward_slice b = e->body[WARD_EXT_EC_POINT_FORMATS];
		ward_reader r = ward_reader_make(b.p, b.len);
		ward_slice formats;
		WARD_TRY(ward_read_vec_slice(&r, 1, 1, 255, &formats));
		WARD_TRY(ward_read_end(&r));
		WARD_ENSURE(memchr(formats.p, 0, formats.len) != NULL,
			    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
					  "the client does not accept "
					  "uncompressed points"));
	}
	/* without these, RFC 5246 7.4.1.4.1 and RFC 8422 4 fall back to
	 * SHA-1 and to curves of the server's choosing: refused, but by the
	 * legacy policy, which takes SHA-1 and, with no curve named, static
	 * RSA only (old clients offering no ECDHE send neither) */
	if (c->cfg->policy == WARD_TLS_POLICY_LEGACY)
		return WARD_OK;
	if (!ward_exts_has(e, WARD_EXT_SIGNATURE_ALGORITHMS))
		return ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				     "ClientHello lacks signature_algorithms");
	if (!ward_exts_has(e, WARD_EXT_SUPPORTED_GROUPS))
		return ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				     "ClientHello lacks supported_groups");
	return WARD_OK;
}

/* RFC 6520 2, legacy policy only: the client's HeartbeatMode is one byte,
 * peer_allowed_to_send or peer_not_allowed_to_send (anything else is
 * illegal_parameter). We answer peer_allowed_to_send: ward answers the
 * client's requests and never sends one, so the client's mode does not
 * matter. Without the policy the extension is not answered and heartbeat
 * records are unexpected_message. */
static ward_err accept_heartbeat(ward_tls_conn *c,
				 const ward_tls_client_hello *ch)
{
	if (c->cfg->policy != WARD_TLS_POLICY_LEGACY ||
	    !ward_exts_has(&ch->ext, WARD_EXT_HEARTBEAT))
		return WARD_OK;
	ward_slice b = ch->ext.body[WARD_EXT_HEARTBEAT];
	WARD_ENSURE(b.len == 1, WARD_ERR_DECODE);
	WARD_ENSURE(b.p[0] == WARD_HEARTBEAT_PEER_ALLOWED ||
			b.p[0] == WARD_HEARTBEAT_PEER_NOT_ALLOWED,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "unknown heartbeat mode %u", b.p[0]));
	c->heartbeat = 1;
	return WARD_OK;
}

/* RFC 7366 3: encrypt-then-MAC when the client offers it (an empty
 * body) and a CBC suite was chosen; AEAD suites ignore it. */
static ward_err accept_encrypt_then_mac(ward_tls_conn *c,
					const ward_tls_client_hello *ch)
{
	if (!ward_exts_has(&ch->ext, WARD_EXT_ENCRYPT_THEN_MAC))
		return WARD_OK;
	WARD_ENSURE(ch->ext.body[WARD_EXT_ENCRYPT_THEN_MAC].len == 0,
		    WARD_ERR_DECODE);
	c->hs->encrypt_then_mac = c->suite->cbc;
	return WARD_OK;
}

/* Our flight after ServerHello and Certificate: ServerKeyExchange with
 * our public value for (EC)DHE (signed), nothing for static RSA. */
static ward_err put_key_exchange(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	uint8_t pub[WARD_KEX_PUB_MAX];
	size_t pub_len = sizeof pub;
	if (c->suite->tls12_kx == WARD_TLS12_KX_RSA)
		return WARD_OK;
	WARD_TRY(ward_tls_new_share(c, hs->share_group, pub, &pub_len));
	if (c->suite->tls12_kx == WARD_TLS12_KX_DHE)
		return ward_server_key_exchange_dh_write(
		    &hs->scratch, hs->cert->key, c->info.sigscheme,
		    hs->client_random, hs->server_random, hs->share_group,
		    ward_slice_make(pub, pub_len));
	return ward_server_key_exchange_write(
	    &hs->scratch, hs->cert->key, c->info.sigscheme, hs->client_random,
	    hs->server_random, hs->share_group, ward_slice_make(pub, pub_len));
}

ward_err ward_tls12_server_hello(ward_tls_conn *c,
				 const ward_tls_client_hello *ch,
				 ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	int reneg;
	c->info.version = WARD_TLS_VERSION_12;
	WARD_TRY(check_client_hello(c, ch, &reneg));
	int resumed;
	WARD_TRY(ward_tls12_server_resume(c, ch, msg, reneg, out, &resumed));
	if (resumed)
		return WARD_OK;
	WARD_TRY(choose(c, ch));
	WARD_TRY(ward_tls_server_choose_alpn(c, ch));
	WARD_TRY(accept_heartbeat(c, ch));
	WARD_TRY(accept_encrypt_then_mac(c, ch));
	hs->client_version = ch->legacy_version;
	c->info.suite = c->suite->id;
	c->info.group = hs->share_group;
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	WARD_TRY(ward_tls_transcript_start(c));

	/* RFC 8446 4.1.3: the last 8 bytes tell a TLS 1.3 client that this
	 * server would have spoken TLS 1.3 */
	WARD_TRY(ward_tls_random(c, hs->server_random, 24));
	memcpy(hs->server_random + 24, ward_downgrade_tls12, 8);

	ward_tls12_server_hello_params p = {
	    .random = hs->server_random,
	    .suite = c->suite->id,
	    .renegotiation_info = reneg,
	    .extended_master_secret = hs->ems,
	    .ec_point_formats =
		ward_exts_has(&ch->ext, WARD_EXT_EC_POINT_FORMATS),
	    .sni_ack = hs->sni_ack,
	    .alpn = ward_slice_make(c->info.alpn, strlen(c->info.alpn)),
	    .heartbeat = c->heartbeat,
	    .encrypt_then_mac = hs->encrypt_then_mac,
	};
	WARD_TRY(ward_tls12_server_new_session(c, ch, &p));
	ward_buf_clear(&hs->scratch);
	WARD_TRY(ward_server_hello12_write(&hs->scratch, &p));
	WARD_TRY(ward_put_bytes(&hs->scratch, hs->cert->msg12.data,
				hs->cert->msg12.len));
	WARD_TRY(put_key_exchange(c));
	WARD_TRY(ward_tls12_server_cert_request(c, msg, &hs->scratch));
	size_t mark;
	WARD_TRY(ward_hs_begin(&hs->scratch, WARD_HS_SERVER_HELLO_DONE, &mark));
	WARD_TRY(ward_hs_end(&hs->scratch, mark));
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data, hs->scratch.len));
	WARD_TRY(
	    ward_tls_send_handshake(c, hs->scratch.data, hs->scratch.len, out));
	c->state = hs->cert_requested ? WARD_ST_S12_WAIT_CERT
				      : WARD_ST_S12_WAIT_CKE;
	return WARD_OK;
}

/* DHE: the pre-master secret from the client's dh_Yc. Its value, not its
 * encoding, must be in range (RFC 7919 5.1: 1 < Yc < p-1, else
 * illegal_parameter): leading zeros are taken, a value wider than p is
 * out of range. */
static ward_err derive_dh(ward_tls_conn *c, ward_slice body, uint8_t *pms,
			  size_t *pms_len)
{
	ward_tls_hs *hs = c->hs;
	ward_slice yc;
	uint8_t padded[WARD_KEX_PUB_MAX];
	size_t p_len = ward_kex_pub_len(hs->share_group);
	WARD_TRY(ward_client_key_exchange_vec16_parse(body, &yc));
	while (yc.len > 0 && yc.p[0] == 0) {
		yc.p++;
		yc.len--;
	}
	WARD_ENSURE(yc.len <= p_len,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the client's %s public value is wider "
				  "than p",
				  ward_group_name(hs->share_group)));
	memset(padded, 0, p_len - yc.len);
	memcpy(padded + p_len - yc.len, yc.p, yc.len);
	WARD_TRY(ward_kex_derive(&hs->kex, padded, p_len, pms, pms_len));
	*pms_len = ward_tls12_dh_premaster(pms, *pms_len);
	return WARD_OK;
}

static ward_err derive_ecdh(ward_tls_conn *c, ward_slice body, uint8_t *pms,
			    size_t *pms_len)
{
	ward_slice pub;
	WARD_TRY(ward_client_key_exchange_parse(body, &pub));
	return ward_kex_derive(&c->hs->kex, pub.p, pub.len, pms, pms_len);
}

/* With the pre-master secret: the extended master secret over the
 * transcript through ClientKeyExchange (RFC 7627 3), or, for a client
 * without it (legacy policy), the RFC 5246 8.1 one; the key block. */
static ward_err derive_keys(ward_tls_conn *c, const uint8_t *pms,
			    size_t pms_len, ward_slice msg)
{
	ward_tls_hs *hs = c->hs;
	ward_hash_alg prf = c->suite->hash;
	uint8_t session_hash[WARD_HASH_MAX];
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	WARD_TRY(ward_tls_transcript_hash(c, session_hash));
	if (hs->ems)
		WARD_TRY(ward_tls12_master_secret_ems(
		    prf, pms, pms_len, session_hash, hs->master));
	else
		WARD_TRY(ward_tls12_master_secret(
		    prf, pms, pms_len, hs->client_random, hs->server_random,
		    hs->master));
	WARD_TRY(ward_tls12_derive_keys(c));
	c->state = WARD_ST_S12_WAIT_CCS;
	return WARD_OK;
}

static ward_err handle_cke_dh(ward_tls_conn *c, ward_slice body, ward_slice msg)
{
	ward_tls_hs *hs = c->hs;
	uint8_t pms[WARD_KEX_SECRET_MAX];
	size_t pms_len = sizeof pms;
	ward_err ret = c->suite->tls12_kx == WARD_TLS12_KX_DHE
			   ? derive_dh(c, body, pms, &pms_len)
			   : derive_ecdh(c, body, pms, &pms_len);
	if (ret == WARD_ERR_ILLEGAL_PARAMETER && !c->error)
		ward_tls_fail(c, ret, "the client's %s public value is invalid",
			      ward_group_name(hs->share_group));
	if (ret == WARD_OK)
		ret = derive_keys(c, pms, pms_len, msg);
	ward_wipe(pms, sizeof pms);
	return ret;
}

/* RFC 5246 7.4.7.1 against Bleichenbacher's attack: whatever the client
 * encrypted, the handshake goes on the same way to its Finished, which
 * fails (bad_record_mac: it is protected by keys the client does not
 * have) unless the pre-master was sound. The random substitute is drawn
 * before decrypting, and chosen without a branch (crypto/rsa_kex.c). */
static ward_err handle_cke_rsa(ward_tls_conn *c, ward_slice body,
			       ward_slice msg)
{
	ward_tls_hs *hs = c->hs;
	uint8_t random[WARD_PREMASTER_LEN], pms[WARD_PREMASTER_LEN];
	ward_slice ct;
	ward_err ret;
	WARD_TRY(ward_client_key_exchange_vec16_parse(body, &ct));
	WARD_TRY(ward_tls_random(c, random, sizeof random));
	ret = ward_rsa_decrypt_premaster(hs->cert->key, ct.p, ct.len,
					 hs->client_version, random, pms);
	ward_wipe(random, sizeof random);
	if (ret == WARD_ERR_DECODE)
		return ward_tls_fail(c, ret,
				     "the client's encrypted pre-master secret "
				     "is %zu bytes, not the key's %zu",
				     ct.len, ward_rsa_size(hs->cert->key));
	if (ret == WARD_OK)
		ret = derive_keys(c, pms, sizeof pms, msg);
	ward_wipe(pms, sizeof pms);
	return ret;
}

static ward_err handle_client_key_exchange(ward_tls_conn *c, ward_slice body,
					   ward_slice msg)
{
	if (c->suite->tls12_kx == WARD_TLS12_KX_RSA)
		WARD_TRY(handle_cke_rsa(c, body, msg));
	else
		WARD_TRY(handle_cke_dh(c, body, msg));
	/* RFC 5246 7.4.8: a client that sent a certificate proves it now */
	if (c->hs->client_cv_due)
		c->state = WARD_ST_S12_WAIT_CV;
	return WARD_OK;
}

ward_err ward_tls12_server_ccs(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	WARD_ENSURE(c->state == WARD_ST_S12_WAIT_CCS ||
			c->state == WARD_ST_S12R_WAIT_CCS,
		    WARD_ERR_STATE);
	WARD_TRY(ward_tls12_init_prot(c, &c->rd, &hs->keys12.client, 0));
	c->state = c->state == WARD_ST_S12R_WAIT_CCS
		       ? WARD_ST_S12R_WAIT_FINISHED
		       : WARD_ST_S12_WAIT_FINISHED;
	return WARD_OK;
}

static ward_err handle_finished(ward_tls_conn *c, ward_slice body,
				ward_slice msg, ward_buf *out)
{
	WARD_TRY(ward_tls12_check_finished(c, 0, body, msg));
	WARD_TRY(ward_tls12_server_issue(c, out));
	WARD_TRY(ward_tls12_send_finished(c, out));
	c->state = WARD_ST_CONNECTED;
	c->events |= WARD_TLS_EV_HANDSHAKE_DONE;
	ward_tls_hs_free(c);
	return WARD_OK;
}

ward_err ward_tls12_server_handle(ward_tls_conn *c, uint8_t type,
				  ward_slice body, ward_slice msg,
				  ward_buf *out)
{
	switch (c->state) {
	case WARD_ST_S12_WAIT_CKE:
		WARD_ENSURE(type == WARD_HS_CLIENT_KEY_EXCHANGE,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_client_key_exchange(c, body, msg);
	case WARD_ST_S12_WAIT_FINISHED:
		WARD_ENSURE(type == WARD_HS_FINISHED,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_finished(c, body, msg, out);
	case WARD_ST_S12R_WAIT_FINISHED:
		WARD_ENSURE(type == WARD_HS_FINISHED,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return ward_tls12_server_resumed_finished(c, body, msg);
	case WARD_ST_S12_WAIT_CERT: /* tls/server_client_auth.c */
		WARD_ENSURE(type == WARD_HS_CERTIFICATE,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return ward_tls12_server_client_cert(c, body, msg);
	case WARD_ST_S12_WAIT_CV:
		WARD_ENSURE(type == WARD_HS_CERTIFICATE_VERIFY,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return ward_tls12_server_client_cv(c, body, msg);
	default:
		/* WAIT_CCS: a handshake message before ChangeCipherSpec */
		return WARD_ERR_UNEXPECTED_MESSAGE;
	}
}

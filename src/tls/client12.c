/* TLS 1.2 client state machine (RFC 5246 7.3), entered from client13.c
 * on a ServerHello without supported_versions. ECDHE, DHE (RFC 7919
 * groups) and static RSA key exchange, AEAD and CBC suites (the last two
 * kinds only when configured); the key exchange itself is in
 * client12_kex.c:
 *
 *   full:        Certificate, (ServerKeyExchange), (CertificateRequest),
 *                ServerHelloDone in; (Certificate), ClientKeyExchange,
 *                ChangeCipherSpec, Finished out; (NewSessionTicket),
 *                ChangeCipherSpec, Finished in
 *   abbreviated: (NewSessionTicket), ChangeCipherSpec, Finished in;
 *                ChangeCipherSpec, Finished out
 *
 * The server must echo extended_master_secret (RFC 7627) and
 * renegotiation_info (RFC 5746); ward never renegotiates. */
#include <string.h>

#include "tls/conn.h"

/* How long a session is offered again when the server says nothing (a
 * session ID, or a ticket without a lifetime hint): RFC 5246 F.1.4's upper
 * limit; a ticket's hint is capped as TLS 1.3 caps its tickets. */
#define SESSION_LIFETIME 86400
#define SESSION_LIFETIME_MAX WARD_TLS_MAX_TICKET_LIFETIME

/* "DOWNGRD" then 00: a TLS 1.3 server negotiating TLS 1.1 or below */
static const uint8_t downgrade_tls11[8] = {0x44, 0x4f, 0x57, 0x4e,
					   0x47, 0x52, 0x44, 0x00};

int ward_tls12_client_offered(const ward_tls_conn *c)
{
	/* without supported_versions, legacy_version 0x0303 offered it */
	return c->info.offered_versions.len == 0 ||
	       ward_u16_list_has(c->info.offered_versions, WARD_TLS_VERSION_12);
}

/* RFC 7301 3.1: one protocol, one we offered. */
static ward_err check_alpn(ward_tls_conn *c, ward_slice body)
{
	ward_reader r = ward_reader_make(body.p, body.len), list;
	ward_slice name;
	WARD_TRY(ward_read_vec(&r, 2, 2, 0xffff, &list));
	WARD_TRY(ward_read_end(&r));
	WARD_TRY(ward_read_vec_slice(&list, 1, 1, 255, &name));
	WARD_TRY(ward_read_end(&list));
	for (size_t i = 0; i < c->cfg->n_alpn; i++)
		if (strlen(c->cfg->alpn[i]) == name.len &&
		    !memcmp(c->cfg->alpn[i], name.p, name.len)) {
			c->info.alpn = c->cfg->alpn[i];
			return WARD_OK;
		}
	return ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
			     "server selected a protocol that was not offered");
}

static ward_err check_extensions(ward_tls_conn *c,
				 const ward_tls_server_hello *sh)
{
	const ward_tls_exts *e = &sh->ext;
	WARD_TRY(ward_tls_check_offered(c, e, 0));
	/* RFC 7627 5.3: ward requires the extended master secret, in full
	 * and abbreviated handshakes alike */
	WARD_ENSURE(ward_exts_has(e, WARD_EXT_EXTENDED_MASTER_SECRET),
		    ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				  "the server does not echo "
				  "extended_master_secret (RFC 7627)"));
	WARD_ENSURE(e->body[WARD_EXT_EXTENDED_MASTER_SECRET].len == 0,
		    WARD_ERR_DECODE);
	/* RFC 5746 3.4: renegotiated_connection must be empty, else
	 * handshake_failure; 4.1: a client that needs the extension aborts
	 * without it, with handshake_failure */
	WARD_ENSURE(ward_exts_has(e, WARD_EXT_RENEGOTIATION_INFO),
		    ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				  "the server does not send "
				  "renegotiation_info (RFC 5746)"));
	ward_slice reneg = e->body[WARD_EXT_RENEGOTIATION_INFO];
	WARD_ENSURE(reneg.len == 1 && reneg.p[0] == 0,
		    ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
				  "the server's renegotiation_info is not "
				  "empty in an initial handshake"));
	if (ward_exts_has(e, WARD_EXT_EC_POINT_FORMATS)) {
		/* RFC 8422 5.2: uncompressed must be among them */
		ward_slice b = e->body[WARD_EXT_EC_POINT_FORMATS], formats;
		ward_reader r = ward_reader_make(b.p, b.len);
		WARD_TRY(ward_read_vec_slice(&r, 1, 1, 255, &formats));
		WARD_TRY(ward_read_end(&r));
		WARD_ENSURE(memchr(formats.p, 0, formats.len) != NULL,
			    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
					  "the server does not accept "
					  "uncompressed points"));
	}
	if (ward_exts_has(e, WARD_EXT_ALPN))
		WARD_TRY(check_alpn(c, e->body[WARD_EXT_ALPN]));
	/* RFC 6066 3, RFC 5077 3.2: both empty in a ServerHello */
	WARD_ENSURE(e->body[WARD_EXT_SERVER_NAME].len == 0 &&
			e->body[WARD_EXT_SESSION_TICKET].len == 0,
		    WARD_ERR_DECODE);
	c->hs->ticket_expected = ward_exts_has(e, WARD_EXT_SESSION_TICKET);
	return WARD_OK;
}

/* RFC 5246 7.4.1.3: the server echoes the session ID we offered to
 * resume that session, with its cipher suite. */
static ward_err resume(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	WARD_ENSURE(c->sess12.suite == c->suite->id,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the server resumed the session with "
				  "another cipher suite"));
	memcpy(hs->master, c->sess12.master, sizeof hs->master);
	hs->resuming = 1;
	WARD_TRY(ward_tls12_derive_keys(c));
	c->state =
	    hs->ticket_expected ? WARD_ST_C12_WAIT_NST : WARD_ST_C12_WAIT_CCS;
	return WARD_OK;
}

ward_err ward_tls12_client_server_hello(ward_tls_conn *c,
					const ward_tls_server_hello *sh,
					ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	(void)out;
	/* RFC 8446 4.1.3: a TLS 1.3 server that negotiates an older version
	 * marks its random; a client that offered TLS 1.3 refuses it */
	if (ward_u16_list_has(c->info.offered_versions, WARD_TLS_VERSION_13) &&
	    (!memcmp(sh->random + 24, ward_downgrade_tls12, 8) ||
	     !memcmp(sh->random + 24, downgrade_tls11, 8)))
		return ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				     "the server's random carries the "
				     "downgrade sentinel (RFC 8446 4.1.3)");
	/* RFC 8446 4.1.4: after a HelloRetryRequest, TLS 1.3 it is */
	WARD_ENSURE(c->state == WARD_ST_C_WAIT_SH,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "a TLS 1.2 ServerHello after a "
				  "HelloRetryRequest"));
	if (sh->legacy_version != WARD_TLS_VERSION_12) {
		const char *name = ward_tls_version_name(sh->legacy_version);
		return ward_tls_fail(c, WARD_ERR_PROTOCOL_VERSION,
				     "server selected %s; ward speaks TLS 1.2 "
				     "and TLS 1.3",
				     name ? name : "an unknown version");
	}
	WARD_ENSURE(sh->compression == 0,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server selected compression method %u",
				  sh->compression));
	const ward_tls_suite *suite = ward_tls_suite_find(sh->cipher_suite);
	WARD_ENSURE(suite && suite->tls12_auth &&
			ward_u16_list_has(c->info.offered_suites, suite->id),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server selected cipher suite 0x%04x, not "
				  "offered for TLS 1.2",
				  sh->cipher_suite));
	WARD_TRY(check_extensions(c, sh));
	if (ward_exts_has(&sh->ext, WARD_EXT_ENCRYPT_THEN_MAC)) {
		WARD_ENSURE(sh->ext.body[WARD_EXT_ENCRYPT_THEN_MAC].len == 0,
			    WARD_ERR_DECODE);
		/* RFC 7366 3: never answered for an AEAD suite */
		WARD_ENSURE(suite->cbc,
			    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
					  "the server answers encrypt_then_mac "
					  "for %s, not a CBC suite",
					  suite->name));
		hs->encrypt_then_mac = 1;
	}
	c->suite = suite;
	c->info.version = WARD_TLS_VERSION_12;
	c->info.suite = suite->id;
	memcpy(hs->server_random, sh->random, 32);
	memcpy(hs->server_id, sh->session_id.p, sh->session_id.len);
	hs->server_id_len = sh->session_id.len;
	WARD_TRY(ward_tls_transcript_start(c));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	if (c->sess12_offered && sh->session_id.len > 0 &&
	    sh->session_id.len == hs->session_id_len &&
	    !memcmp(sh->session_id.p, hs->session_id, hs->session_id_len))
		return resume(c);
	/* a full handshake: the session offered is gone */
	c->sess12_offered = 0;
	ward_tls12_session_wipe(&c->sess12);
	ward_buf_init_secret(&c->sess12.ticket);
	c->state = WARD_ST_C12_WAIT_CERT;
	return WARD_OK;
}

/* RFC 8422 5.3, RFC 5246 7.4.2: the certificate's key is the suite's;
 * static RSA encrypts to it, so it is an rsaEncryption key of a size that
 * takes a pre-master secret. */
static int key_fits_suite(const ward_pkey *key, const ward_tls_suite *suite)
{
	ward_key_type t = ward_pkey_type(key);
	if (suite->tls12_kx == WARD_TLS12_KX_RSA) {
		size_t k = ward_rsa_size(key);
		return k >= WARD_PREMASTER_LEN + 11 && k <= WARD_RSA_MAX_BYTES;
	}
	if (suite->tls12_auth == WARD_TLS12_AUTH_RSA)
		return t == WARD_KEY_RSA;
	return t == WARD_KEY_EC_P256 || t == WARD_KEY_EC_P384 ||
	       t == WARD_KEY_EC_P521 || t == WARD_KEY_ED25519;
}

static ward_err handle_certificate(ward_tls_conn *c, ward_slice body,
				   ward_slice msg)
{
	ward_tls_certificate ct;
	WARD_TRY(ward_certificate12_parse(body, &ct));
	WARD_TRY(ward_tls_client_verify_chain(c, ct.der, ct.count));
	WARD_ENSURE(key_fits_suite(c->hs->peer_key, c->suite),
		    ward_tls_fail(c, WARD_ERR_UNSUPPORTED_CERTIFICATE,
				  "the server's certificate key does not fit "
				  "%s",
				  c->suite->name));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	/* RFC 5246 7.4.3: static RSA has no ServerKeyExchange; one that
	 * comes is unexpected_message in WAIT_SHD */
	c->state = c->suite->tls12_kx == WARD_TLS12_KX_RSA
		       ? WARD_ST_C12_WAIT_SHD
		       : WARD_ST_C12_WAIT_SKE;
	return WARD_OK;
}

static ward_err handle_certificate_request(ward_tls_conn *c, ward_slice body,
					   ward_slice msg)
{
	ward_tls_certificate_request12 cr;
	WARD_TRY(ward_certificate_request12_parse(body, &cr));
	WARD_TRY(ward_tls12_client_cert_request(c, &cr));
	c->hs->cert_requested = 1;
	return ward_tls_transcript_add(c, msg.p, msg.len);
}

/* Our ChangeCipherSpec, then our Finished under the new keys. */
static ward_err handle_server_hello_done(ward_tls_conn *c, ward_slice body,
					 ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	uint8_t session_hash[WARD_HASH_MAX];
	WARD_ENSURE(body.len == 0, WARD_ERR_DECODE);
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	ward_buf_clear(&hs->scratch);
	/* our certificate, or an empty list (RFC 5246 7.4.6) */
	if (hs->cert_requested)
		WARD_TRY(ward_tls12_client_cert_write(c, &hs->scratch));
	WARD_TRY(ward_tls12_client_key_exchange_out(c, &hs->scratch));
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data, hs->scratch.len));
	/* RFC 7627 3: the session hash runs through ClientKeyExchange */
	WARD_TRY(ward_tls_transcript_hash(c, session_hash));
	ward_err err = ward_tls12_master_secret_ems(
	    c->suite->hash, hs->pms, hs->pms_len, session_hash, hs->master);
	ward_wipe(hs->pms, sizeof hs->pms);
	WARD_TRY(err);
	/* after the session hash: CertificateVerify follows
	 * ClientKeyExchange (7.4.8) */
	WARD_TRY(ward_tls12_client_cv_write(c, &hs->scratch));
	WARD_TRY(ward_tls12_derive_keys(c));
	WARD_TRY(
	    ward_tls_send_handshake(c, hs->scratch.data, hs->scratch.len, out));
	WARD_TRY(ward_tls12_send_finished(c, out));
	c->state =
	    hs->ticket_expected ? WARD_ST_C12_WAIT_NST : WARD_ST_C12_WAIT_CCS;
	return WARD_OK;
}

/* RFC 5077 3.3: sent because the ServerHello had session_ticket; an
 * empty ticket means none after all. */
static ward_err handle_new_session_ticket(ward_tls_conn *c, ward_slice body,
					  ward_slice msg)
{
	ward_tls12_new_session_ticket t;
	ward_tls12_session *s = &c->sess12;
	WARD_TRY(ward_new_session_ticket12_parse(body, &t));
	ward_buf_clear(&s->ticket);
	WARD_TRY(ward_put_bytes(&s->ticket, t.ticket.p, t.ticket.len));
	s->lifetime = t.lifetime_hint == 0 ? SESSION_LIFETIME
		      : t.lifetime_hint > SESSION_LIFETIME_MAX
			  ? SESSION_LIFETIME_MAX
			  : t.lifetime_hint;
	s->created = (int64_t)ward_tls_now(c);
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	c->state = WARD_ST_C12_WAIT_CCS;
	return WARD_OK;
}

ward_err ward_tls12_client_ccs(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	WARD_ENSURE(c->state == WARD_ST_C12_WAIT_CCS, WARD_ERR_STATE);
	WARD_TRY(ward_tls12_init_prot(c, &c->rd, &hs->keys12.server, 0));
	c->state = WARD_ST_C12_WAIT_FINISHED;
	return WARD_OK;
}

/* The session this connection can be resumed from (tls.h). */
static void keep_session(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	ward_tls12_session *s = &c->sess12;
	int new_ticket = hs->ticket_expected;
	/* CBC sessions are not resumed (as ward's server makes none):
	 * spares keeping their encrypt-then-MAC state (RFC 7366 3.1) */
	if (c->suite->cbc) {
		c->sess12_valid = 0;
		return;
	}
	s->suite = c->suite->id;
	memcpy(s->master, hs->master, sizeof s->master);
	memcpy(s->id, hs->server_id, hs->server_id_len);
	s->id_len = hs->server_id_len;
	if (!hs->resuming && !new_ticket) {
		s->created = (int64_t)ward_tls_now(c);
		s->lifetime = SESSION_LIFETIME;
	}
	ward_buf_clear(&s->host);
	if (c->host &&
	    ward_put_bytes(&s->host, c->host, strlen(c->host)) != WARD_OK)
		return; /* no memory: the session is not kept */
	c->sess12_valid = 1;
}

static ward_err handle_finished(ward_tls_conn *c, ward_slice body,
				ward_slice msg, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	WARD_TRY(ward_tls12_check_finished(c, 1, body, msg));
	if (hs->resuming)
		WARD_TRY(ward_tls12_send_finished(c, out));
	keep_session(c);
	c->info.resumed = hs->resuming;
	c->state = WARD_ST_CONNECTED;
	c->events |= WARD_TLS_EV_HANDSHAKE_DONE;
	ward_tls_hs_free(c);
	return WARD_OK;
}

ward_err ward_tls12_client_handle(ward_tls_conn *c, uint8_t type,
				  ward_slice body, ward_slice msg,
				  ward_buf *out)
{
	switch (c->state) {
	case WARD_ST_C12_WAIT_CERT:
		WARD_ENSURE(type == WARD_HS_CERTIFICATE,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_certificate(c, body, msg);
	case WARD_ST_C12_WAIT_SKE:
		WARD_ENSURE(type == WARD_HS_SERVER_KEY_EXCHANGE,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return ward_tls12_client_key_exchange_in(c, body, msg);
	case WARD_ST_C12_WAIT_SHD:
		if (type == WARD_HS_CERTIFICATE_REQUEST &&
		    !c->hs->cert_requested)
			return handle_certificate_request(c, body, msg);
		WARD_ENSURE(type == WARD_HS_SERVER_HELLO_DONE,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_server_hello_done(c, body, msg, out);
	case WARD_ST_C12_WAIT_NST:
		WARD_ENSURE(type == WARD_HS_NEW_SESSION_TICKET,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_new_session_ticket(c, body, msg);
	case WARD_ST_C12_WAIT_FINISHED:
		WARD_ENSURE(type == WARD_HS_FINISHED,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_finished(c, body, msg, out);
	default:
		/* WAIT_CCS: a handshake message before ChangeCipherSpec */
		return WARD_ERR_UNEXPECTED_MESSAGE;
	}
}

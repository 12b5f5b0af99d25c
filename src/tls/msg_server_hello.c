/* ServerHello and HelloRetryRequest (RFC 8446 4.1.3, 4.1.4), and the
 * TLS 1.2 ServerHello (RFC 5246 7.4.1.3). */
#include <string.h>

#include "tls/handshake.h"

/* SHA-256("HelloRetryRequest"), RFC 8446 4.1.3 */
const uint8_t ward_hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
	0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
	0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

static ward_err decode_extensions(ward_tls_server_hello *sh)
{
	const ward_tls_exts *e = &sh->ext;
	if (ward_exts_has(e, WARD_EXT_SUPPORTED_VERSIONS)) {
		ward_slice b = e->body[WARD_EXT_SUPPORTED_VERSIONS];
		ward_reader r = ward_reader_make(b.p, b.len);
		WARD_TRY(ward_read_u16(&r, &sh->selected_version));
		WARD_TRY(ward_read_end(&r));
	}
	if (ward_exts_has(e, WARD_EXT_KEY_SHARE)) {
		ward_slice b = e->body[WARD_EXT_KEY_SHARE];
		ward_reader r = ward_reader_make(b.p, b.len);
		WARD_TRY(ward_read_u16(&r, &sh->group));
		/* an empty share is refused by the key exchange, as
		 * illegal_parameter (RFC 8446 4.2.8) */
		if (!sh->is_hrr)
			WARD_TRY(
			    ward_read_vec_slice(&r, 2, 0, 0xffff, &sh->share));
		WARD_TRY(ward_read_end(&r));
	}
	if (ward_exts_has(e, WARD_EXT_PRE_SHARED_KEY)) {
		ward_slice b = e->body[WARD_EXT_PRE_SHARED_KEY];
		ward_reader r = ward_reader_make(b.p, b.len);
		WARD_TRY(ward_read_u16(&r, &sh->psk_identity));
		WARD_TRY(ward_read_end(&r));
	}
	if (ward_exts_has(e, WARD_EXT_COOKIE)) {
		ward_slice b = e->body[WARD_EXT_COOKIE];
		ward_reader r = ward_reader_make(b.p, b.len);
		WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &sh->cookie));
		WARD_TRY(ward_read_end(&r));
	}
	return WARD_OK;
}

ward_err ward_server_hello_parse(ward_slice body, ward_tls_server_hello *sh)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(sh, 0, sizeof *sh);
	WARD_TRY(ward_read_u16(&r, &sh->legacy_version));
	WARD_TRY(ward_read_bytes(&r, 32, &sh->random));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 32, &sh->session_id));
	WARD_TRY(ward_read_u16(&r, &sh->cipher_suite));
	WARD_TRY(ward_read_u8(&r, &sh->compression));
	sh->is_hrr = memcmp(sh->random, ward_hrr_random, 32) == 0;
	if (ward_reader_left(&r) > 0) {
		ward_ext_msg msg = sh->is_hrr ? WARD_EXT_IN_HRR
					      : WARD_EXT_IN_SH | WARD_EXT_IN_SH12;
		WARD_TRY(ward_exts_parse(&r, msg, &sh->ext));
	}
	WARD_TRY(ward_read_end(&r));
	WARD_TRY(decode_extensions(sh));
	/* which extensions may appear depends on the version it selects */
	if (!sh->is_hrr)
		WARD_TRY(ward_exts_check_allowed(
			&sh->ext, sh->selected_version == WARD_TLS_VERSION_13
					  ? WARD_EXT_IN_SH
					  : WARD_EXT_IN_SH12));
	return WARD_OK;
}

/* What both versions' ServerHello start with, up to the extensions:
 * legacy_version 0x0303 (RFC 8446 4.1.3), random, the session id, the
 * suite and null compression. */
static ward_err put_hello_head(ward_buf *b, const uint8_t *random,
			       ward_slice session_id, uint16_t suite,
			       size_t *msg)
{
	WARD_TRY(ward_hs_begin(b, WARD_HS_SERVER_HELLO, msg));
	WARD_TRY(ward_put_u16(b, WARD_TLS_VERSION_12));
	WARD_TRY(ward_put_bytes(b, random, 32));
	WARD_TRY(ward_put_vec(b, 1, session_id.p, session_id.len));
	WARD_TRY(ward_put_u16(b, suite));
	return ward_put_u8(b, 0);
}

ward_err ward_server_hello_write(ward_buf *b,
				 const ward_tls_server_hello_params *p)
{
	int hrr = p->random == ward_hrr_random;
	size_t msg, exts, ext;
	WARD_TRY(put_hello_head(b, p->random, p->session_id, p->suite, &msg));
	WARD_TRY(ward_put_vec_begin(b, 2, &exts));

	/* any order will do; RFC 8448's lets its traces replay */
	if (hrr || p->share.len) {
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_KEY_SHARE)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_u16(b, p->group));
		if (!hrr)
			WARD_TRY(ward_put_vec(b, 2, p->share.p, p->share.len));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	if (p->psk && !hrr) {
		WARD_TRY(
		    ward_put_u16(b, ward_ext_code(WARD_EXT_PRE_SHARED_KEY)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_u16(b, p->psk_identity));
		WARD_TRY(ward_put_vec_end(b, ext));
	}

	if (hrr && p->cookie.len) {
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_COOKIE)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_vec(b, 2, p->cookie.p, p->cookie.len));
		WARD_TRY(ward_put_vec_end(b, ext));
	}

	WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_SUPPORTED_VERSIONS)));
	WARD_TRY(ward_put_vec_begin(b, 2, &ext));
	WARD_TRY(ward_put_u16(b, WARD_TLS_VERSION_13));
	WARD_TRY(ward_put_vec_end(b, ext));
	WARD_TRY(ward_put_vec_end(b, exts));
	return ward_hs_end(b, msg);
}

/* "DOWNGRD" then 01 (RFC 8446 4.1.3) */
const uint8_t ward_downgrade_tls12[8] = {0x44, 0x4f, 0x57, 0x4e,
					 0x47, 0x52, 0x44, 0x01};

static ward_err put_empty_ext(ward_buf *b, ward_ext_id id)
{
	WARD_TRY(ward_put_u16(b, ward_ext_code(id)));
	return ward_put_u16(b, 0);
}

ward_err ward_server_hello12_write(ward_buf *b,
				   const ward_tls12_server_hello_params *p)
{
	size_t msg, exts, ext;
	WARD_TRY(put_hello_head(b, p->random, p->session_id, p->suite, &msg));
	WARD_TRY(ward_put_vec_begin(b, 2, &exts));
	if (p->renegotiation_info) {
		/* RFC 5746 3.6: an empty renegotiated_connection */
		WARD_TRY(ward_put_u16(
		    b, ward_ext_code(WARD_EXT_RENEGOTIATION_INFO)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_u8(b, 0));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	if (p->extended_master_secret)
		WARD_TRY(put_empty_ext(b, WARD_EXT_EXTENDED_MASTER_SECRET));
	if (p->encrypt_then_mac)
		WARD_TRY(put_empty_ext(b, WARD_EXT_ENCRYPT_THEN_MAC));
	if (p->ec_point_formats) {
		WARD_TRY(
		    ward_put_u16(b, ward_ext_code(WARD_EXT_EC_POINT_FORMATS)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		static const uint8_t uncompressed = 0;
		WARD_TRY(ward_put_vec(b, 1, &uncompressed, 1));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	if (p->sni_ack)
		WARD_TRY(put_empty_ext(b, WARD_EXT_SERVER_NAME));
	if (p->session_ticket)
		WARD_TRY(put_empty_ext(b, WARD_EXT_SESSION_TICKET));
	if (p->heartbeat) {
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_HEARTBEAT)));
		WARD_TRY(ward_put_u16(b, 1));
		WARD_TRY(ward_put_u8(b, WARD_HEARTBEAT_PEER_ALLOWED));
	}
	if (p->alpn.len > 0) {
		size_t list;
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_ALPN)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_vec_begin(b, 2, &list));
		WARD_TRY(ward_put_vec(b, 1, p->alpn.p, p->alpn.len));
		WARD_TRY(ward_put_vec_end(b, list));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	WARD_TRY(ward_put_vec_end(b, exts));
	return ward_hs_end(b, msg);
}

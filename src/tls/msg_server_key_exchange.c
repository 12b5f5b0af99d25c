/* ServerKeyExchange for ECDHE suites (RFC 8422 5.4; RFC 5246 7.4.3): the
 * named group, the server's ephemeral public value, and a signature over
 * both randoms and those parameters. For DHE suites (RFC 5246 7.4.3, RFC
 * 7919 4) the parameters are the named group's p and g and the server's
 * public value, signed the same way. */
#include <string.h>

#include "tls/handshake.h"

/* ECCurveType named_curve; explicit curves are deprecated (RFC 8422 5.4). */
#define NAMED_CURVE 3

ward_err ward_server_key_exchange_parse(ward_slice body,
					ward_tls12_server_key_exchange *ske)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	uint8_t curve_type;
	memset(ske, 0, sizeof *ske);
	WARD_TRY(ward_read_u8(&r, &curve_type));
	WARD_ENSURE(curve_type == NAMED_CURVE, WARD_ERR_ILLEGAL_PARAMETER);
	WARD_TRY(ward_read_u16(&r, &ske->group));
	WARD_TRY(ward_read_vec_slice(&r, 1, 1, 0xff, &ske->public_key));
	ske->params = ward_slice_make(body.p, r.off);
	WARD_TRY(ward_read_u16(&r, &ske->scheme));
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &ske->signature));
	return ward_read_end(&r);
}

size_t ward_server_key_exchange_content(const uint8_t *client_random,
					const uint8_t *server_random,
					ward_slice params, uint8_t *out)
{
	memcpy(out, client_random, 32);
	memcpy(out + 32, server_random, 32);
	memcpy(out + 64, params.p, params.len);
	return 64 + params.len;
}

ward_err ward_server_key_exchange_write(ward_buf *b, ward_pkey *key,
					uint16_t scheme,
					const uint8_t *client_random,
					const uint8_t *server_random,
					uint16_t group, ward_slice pub)
{
	uint8_t content[WARD_SKE_CONTENT_MAX];
	size_t msg;
	WARD_ENSURE(pub.len >= 1 && pub.len <= 0xff, WARD_ERR_ARG);
	WARD_TRY(ward_hs_begin(b, WARD_HS_SERVER_KEY_EXCHANGE, &msg));
	size_t params_at = b->len;
	WARD_TRY(ward_put_u8(b, NAMED_CURVE));
	WARD_TRY(ward_put_u16(b, group));
	WARD_TRY(ward_put_vec(b, 1, pub.p, pub.len));
	size_t content_len = ward_server_key_exchange_content(
	    client_random, server_random,
	    ward_slice_make(b->data + params_at, b->len - params_at), content);
	WARD_TRY(
	    ward_put_signature_tls12(b, key, scheme, content, content_len));
	return ward_hs_end(b, msg);
}

ward_err ward_server_key_exchange_dh_parse(ward_slice body,
					   ward_tls12_server_dh_params *ske)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(ske, 0, sizeof *ske);
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &ske->p));
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &ske->g));
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &ske->ys));
	ske->params = ward_slice_make(body.p, r.off);
	WARD_TRY(ward_read_u16(&r, &ske->scheme));
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &ske->signature));
	return ward_read_end(&r);
}

ward_err ward_server_key_exchange_dh_write(ward_buf *b, ward_pkey *key,
					   uint16_t scheme,
					   const uint8_t *client_random,
					   const uint8_t *server_random,
					   uint16_t group, ward_slice ys)
{
	uint8_t content[WARD_SKE_DH_CONTENT_MAX];
	ward_slice p, g;
	size_t msg;
	WARD_TRY(ward_kex_ffdhe_params(group, &p, &g));
	WARD_ENSURE(ys.len >= 1 && ys.len <= p.len, WARD_ERR_ARG);
	WARD_TRY(ward_hs_begin(b, WARD_HS_SERVER_KEY_EXCHANGE, &msg));
	size_t params_at = b->len;
	WARD_TRY(ward_put_vec(b, 2, p.p, p.len));
	WARD_TRY(ward_put_vec(b, 2, g.p, g.len));
	WARD_TRY(ward_put_vec(b, 2, ys.p, ys.len));
	size_t content_len = ward_server_key_exchange_content(
	    client_random, server_random,
	    ward_slice_make(b->data + params_at, b->len - params_at), content);
	WARD_TRY(ward_put_signature_tls12(b, key, scheme, content, content_len));
	return ward_hs_end(b, msg);
}

/* ClientKeyExchange for ECDHE suites (RFC 8422 5.7): the client's
 * ephemeral public value, explicit (implicit encoding is not defined for
 * the named groups ward speaks); for DHE (RFC 5246 7.4.7.2) and static
 * RSA (7.4.7.1) suites, one opaque vector with a two-byte length: dh_Yc or
 * the encrypted pre-master secret. */
#include "tls/handshake.h"

ward_err ward_client_key_exchange_parse(ward_slice body, ward_slice *pub)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	WARD_TRY(ward_read_vec_slice(&r, 1, 1, 0xff, pub));
	return ward_read_end(&r);
}

ward_err ward_client_key_exchange_write(ward_buf *b, ward_slice pub)
{
	size_t msg;
	WARD_ENSURE(pub.len >= 1 && pub.len <= 0xff, WARD_ERR_ARG);
	WARD_TRY(ward_hs_begin(b, WARD_HS_CLIENT_KEY_EXCHANGE, &msg));
	WARD_TRY(ward_put_vec(b, 1, pub.p, pub.len));
	return ward_hs_end(b, msg);
}

ward_err ward_client_key_exchange_vec16_parse(ward_slice body, ward_slice *v)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, v));
	return ward_read_end(&r);
}

ward_err ward_client_key_exchange_vec16_write(ward_buf *b, ward_slice v)
{
	size_t msg;
	WARD_ENSURE(v.len >= 1 && v.len <= 0xffff, WARD_ERR_ARG);
	WARD_TRY(ward_hs_begin(b, WARD_HS_CLIENT_KEY_EXCHANGE, &msg));
	WARD_TRY(ward_put_vec(b, 2, v.p, v.len));
	return ward_hs_end(b, msg);
}

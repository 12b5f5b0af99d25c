/* ClientKeyExchange for ECDHE suites (RFC 8422 5.7): the client's
 * ephemeral public value, explicit (implicit encoding is not defined for
 * the named groups ward speaks); for static RSA (RFC 5246 7.4.7.1), the
 * encrypted pre-master secret. */
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

ward_err ward_client_key_exchange_rsa_parse(ward_slice body, ward_slice *ct)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	WARD_TRY(ward_read_vec_slice(&r, 2, 0, 0xffff, ct));
	return ward_read_end(&r);
}

ward_err ward_client_key_exchange_rsa_write(ward_buf *b, ward_slice ct)
{
	size_t msg;
	WARD_ENSURE(ct.len <= 0xffff, WARD_ERR_ARG);
	WARD_TRY(ward_hs_begin(b, WARD_HS_CLIENT_KEY_EXCHANGE, &msg));
	WARD_TRY(ward_put_vec(b, 2, ct.p, ct.len));
	return ward_hs_end(b, msg);
}

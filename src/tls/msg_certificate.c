/* Certificate (RFC 8446 4.4.2; TLS 1.2: RFC 5246 7.4.2). */
#include <string.h>

#include "tls/handshake.h"

ward_err ward_certificate_parse(ward_slice body, ward_tls_certificate *c)
{
	ward_reader r = ward_reader_make(body.p, body.len), list;
	memset(c, 0, sizeof *c);
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &c->context));
	WARD_TRY(ward_read_vec(&r, 3, 0, 0xffffff, &list));
	WARD_TRY(ward_read_end(&r));
	while (ward_reader_left(&list) > 0) {
		ward_slice der;
		ward_tls_exts e;
		WARD_TRY(ward_read_vec_slice(&list, 3, 1, 0xffffff, &der));
		/* CertificateEntry extensions: syntax and allowed set checked;
		 * ward uses none of them */
		WARD_TRY(ward_exts_parse(&list, WARD_EXT_IN_CT, &e));
		WARD_ENSURE(c->count < WARD_TLS_MAX_CHAIN,
			    WARD_ERR_BAD_CERTIFICATE);
		c->der[c->count++] = der;
	}
	return WARD_OK;
}

ward_err ward_certificate_write(ward_buf *b, ward_slice context,
				const ward_slice *der, size_t count)
{
	size_t msg, list;
	WARD_TRY(ward_hs_begin(b, WARD_HS_CERTIFICATE, &msg));
	WARD_TRY(ward_put_vec(b, 1, context.p, context.len));
	WARD_TRY(ward_put_vec_begin(b, 3, &list));
	for (size_t i = 0; i < count; i++) {
		WARD_TRY(ward_put_vec(b, 3, der[i].p, der[i].len));
		WARD_TRY(ward_put_u16(b, 0)); /* no extensions */
	}
	WARD_TRY(ward_put_vec_end(b, list));
	return ward_hs_end(b, msg);
}

ward_err ward_certificate12_write(ward_buf *b, const ward_slice *der,
				  size_t count)
{
	size_t msg, list;
	WARD_TRY(ward_hs_begin(b, WARD_HS_CERTIFICATE, &msg));
	WARD_TRY(ward_put_vec_begin(b, 3, &list));
	for (size_t i = 0; i < count; i++)
		WARD_TRY(ward_put_vec(b, 3, der[i].p, der[i].len));
	WARD_TRY(ward_put_vec_end(b, list));
	return ward_hs_end(b, msg);
}

ward_err ward_certificate12_parse(ward_slice body, ward_tls_certificate *c)
{
	ward_reader r = ward_reader_make(body.p, body.len), list;
	memset(c, 0, sizeof *c);
	WARD_TRY(ward_read_vec(&r, 3, 0, 0xffffff, &list));
	WARD_TRY(ward_read_end(&r));
	while (ward_reader_left(&list) > 0) {
		ward_slice der;
		WARD_TRY(ward_read_vec_slice(&list, 3, 1, 0xffffff, &der));
		WARD_ENSURE(c->count < WARD_TLS_MAX_CHAIN,
			    WARD_ERR_BAD_CERTIFICATE);
		c->der[c->count++] = der;
	}
	return WARD_OK;
}

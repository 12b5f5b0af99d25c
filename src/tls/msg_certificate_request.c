/* CertificateRequest (RFC 8446 4.3.2; TLS 1.2: RFC 5246 7.4.4). */
#include <string.h>

#include "tls/handshake.h"

/* ClientCertificateType (RFC 5246 7.4.4, RFC 8422 5.5) */
enum { CERT_TYPE_RSA_SIGN = 1, CERT_TYPE_ECDSA_SIGN = 64 };

ward_err ward_certificate_request_parse(ward_slice body,
					ward_tls_certificate_request *cr)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(cr, 0, sizeof *cr);
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &cr->context));
	WARD_TRY(ward_exts_parse(&r, WARD_EXT_IN_CR, &cr->ext));
	WARD_TRY(ward_read_end(&r));
	/* RFC 8446 4.3.2: signature_algorithms MUST be present */
	WARD_ENSURE(ward_exts_has(&cr->ext, WARD_EXT_SIGNATURE_ALGORITHMS),
		    WARD_ERR_MISSING_EXTENSION);
	ward_slice b = cr->ext.body[WARD_EXT_SIGNATURE_ALGORITHMS];
	ward_reader er = ward_reader_make(b.p, b.len);
	WARD_TRY(
	    ward_read_u16_list(&er, 2, 2, 0xfffe, &cr->signature_algorithms));
	return ward_read_end(&er);
}

static ward_err put_schemes(ward_buf *b, const uint16_t *schemes, size_t n)
{
	size_t list;
	WARD_TRY(ward_put_vec_begin(b, 2, &list));
	for (size_t i = 0; i < n; i++)
		WARD_TRY(ward_put_u16(b, schemes[i]));
	return ward_put_vec_end(b, list);
}

ward_err ward_certificate_request_write(ward_buf *b, const uint16_t *schemes,
					size_t n_schemes,
					ward_slice authorities)
{
	size_t msg, exts, ext;
	WARD_ENSURE(n_schemes > 0, WARD_ERR_ARG);
	WARD_TRY(ward_hs_begin(b, WARD_HS_CERTIFICATE_REQUEST, &msg));
	WARD_TRY(ward_put_u8(b, 0)); /* certificate_request_context */
	WARD_TRY(ward_put_vec_begin(b, 2, &exts));
	WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_SIGNATURE_ALGORITHMS)));
	WARD_TRY(ward_put_vec_begin(b, 2, &ext));
	WARD_TRY(put_schemes(b, schemes, n_schemes));
	WARD_TRY(ward_put_vec_end(b, ext));
	if (authorities.len) {
		WARD_TRY(ward_put_u16(
		    b, ward_ext_code(WARD_EXT_CERTIFICATE_AUTHORITIES)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_vec(b, 2, authorities.p, authorities.len));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	WARD_TRY(ward_put_vec_end(b, exts));
	return ward_hs_end(b, msg);
}

ward_err ward_certificate_request12_parse(ward_slice body,
					  ward_tls_certificate_request12 *cr)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(cr, 0, sizeof *cr);
	WARD_TRY(ward_read_vec_slice(&r, 1, 1, 255, &cr->types));
	WARD_TRY(
	    ward_read_u16_list(&r, 2, 2, 0xfffe, &cr->signature_algorithms));
	WARD_TRY(ward_read_vec_slice(&r, 2, 0, 0xffff, &cr->authorities));
	return ward_read_end(&r);
}

ward_err ward_certificate_request12_write(ward_buf *b, const uint16_t *schemes,
					  size_t n_schemes,
					  ward_slice authorities)
{
	static const uint8_t types[] = {CERT_TYPE_RSA_SIGN,
					CERT_TYPE_ECDSA_SIGN};
	size_t msg;
	WARD_ENSURE(n_schemes > 0, WARD_ERR_ARG);
	WARD_TRY(ward_hs_begin(b, WARD_HS_CERTIFICATE_REQUEST, &msg));
	WARD_TRY(ward_put_vec(b, 1, types, sizeof types));
	WARD_TRY(put_schemes(b, schemes, n_schemes));
	WARD_TRY(ward_put_vec(b, 2, authorities.p, authorities.len));
	return ward_hs_end(b, msg);
}

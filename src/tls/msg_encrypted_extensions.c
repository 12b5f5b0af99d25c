/* EncryptedExtensions (RFC 8446 4.3.1). */
#include <string.h>

#include "tls/handshake.h"

ward_err ward_encrypted_extensions_parse(ward_slice body,
					 ward_tls_encrypted_extensions *ee)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(ee, 0, sizeof *ee);
	WARD_TRY(ward_exts_parse(&r, WARD_EXT_IN_EE, &ee->ext));
	WARD_TRY(ward_read_end(&r));
	const ward_tls_exts *e = &ee->ext;
	if (ward_exts_has(e, WARD_EXT_ALPN)) {
		/* RFC 7301 3.1: exactly one protocol name */
		ward_slice b = e->body[WARD_EXT_ALPN];
		ward_reader er = ward_reader_make(b.p, b.len), list;
		WARD_TRY(ward_read_vec(&er, 2, 2, 0xffff, &list));
		WARD_TRY(ward_read_end(&er));
		WARD_TRY(ward_read_vec_slice(&list, 1, 1, 255, &ee->alpn));
		WARD_TRY(ward_read_end(&list));
	}
	if (ward_exts_has(e, WARD_EXT_SERVER_NAME))
		/* the server's acknowledgement is empty (RFC 6066 3) */
		WARD_ENSURE(e->body[WARD_EXT_SERVER_NAME].len == 0,
			    WARD_ERR_DECODE);
	/* RFC 8446 4.2.10: empty in EncryptedExtensions */
	if (ward_exts_has(e, WARD_EXT_EARLY_DATA))
		WARD_ENSURE(e->body[WARD_EXT_EARLY_DATA].len == 0,
			    WARD_ERR_DECODE);
	if (ward_exts_has(e, WARD_EXT_SUPPORTED_GROUPS)) {
		ward_slice b = e->body[WARD_EXT_SUPPORTED_GROUPS];
		ward_reader er = ward_reader_make(b.p, b.len);
		WARD_TRY(ward_read_u16_list(&er, 2, 2, 0xffff,
					    &ee->supported_groups));
		WARD_TRY(ward_read_end(&er));
	}
	return WARD_OK;
}

ward_err ward_encrypted_extensions_write(ward_buf *b, ward_slice alpn,
					 int sni_ack, int early_data)
{
	size_t msg, exts, ext, list;
	WARD_TRY(ward_hs_begin(b, WARD_HS_ENCRYPTED_EXTENSIONS, &msg));
	WARD_TRY(ward_put_vec_begin(b, 2, &exts));
	if (sni_ack) {
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_SERVER_NAME)));
		WARD_TRY(ward_put_u16(b, 0));
	}
	if (alpn.len) {
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_ALPN)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_vec_begin(b, 2, &list));
		WARD_TRY(ward_put_vec(b, 1, alpn.p, alpn.len));
		WARD_TRY(ward_put_vec_end(b, list));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	if (early_data) {
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_EARLY_DATA)));
		WARD_TRY(ward_put_u16(b, 0));
	}
	WARD_TRY(ward_put_vec_end(b, exts));
	return ward_hs_end(b, msg);
}

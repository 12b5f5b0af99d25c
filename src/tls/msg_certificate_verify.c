/* CertificateVerify (RFC 8446 4.4.3). */
#include <string.h>

#include "tls/handshake.h"

ward_err ward_certificate_verify_parse(ward_slice body,
				       ward_tls_certificate_verify *cv)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	WARD_TRY(ward_read_u16(&r, &cv->scheme));
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &cv->signature));
	return ward_read_end(&r);
}

size_t ward_certificate_verify_content(int server, const uint8_t *th,
				       size_t th_len, uint8_t *out)
{
	static const char server_ctx[] = "TLS 1.3, server CertificateVerify";
	static const char client_ctx[] = "TLS 1.3, client CertificateVerify";
	const char *ctx = server ? server_ctx : client_ctx;
	size_t ctx_len = sizeof server_ctx; /* includes the zero separator */
	memset(out, 0x20, 64);
	memcpy(out + 64, ctx, ctx_len);
	memcpy(out + 64 + ctx_len, th, th_len);
	return 64 + ctx_len + th_len;
}

ward_err ward_certificate_verify_write(ward_buf *b, ward_pkey *key,
				       uint16_t scheme, int server,
				       const uint8_t *th, size_t th_len)
{
	uint8_t content[WARD_CV_CONTENT_MAX];
	size_t content_len =
		ward_certificate_verify_content(server, th, th_len, content);
	size_t msg;
	WARD_TRY(ward_hs_begin(b, WARD_HS_CERTIFICATE_VERIFY, &msg));
	WARD_TRY(ward_put_signature(b, key, scheme, content, content_len));
	return ward_hs_end(b, msg);
}

typedef ward_err (*signer)(ward_pkey *k, uint16_t scheme, const uint8_t *msg,
			   size_t len, uint8_t *sig, size_t *siglen);

static ward_err put_signature(ward_buf *b, signer sign, ward_pkey *key,
			      uint16_t scheme, const uint8_t *content,
			      size_t content_len)
{
	size_t sig_mark;
	uint8_t *sig;
	size_t sig_len = ward_pkey_sig_max(key);
	WARD_TRY(ward_put_u16(b, scheme));
	WARD_TRY(ward_put_vec_begin(b, 2, &sig_mark));
	WARD_TRY(ward_buf_extend(b, sig_len, &sig));
	WARD_TRY(sign(key, scheme, content, content_len, sig, &sig_len));
	/* ECDSA signatures are often shorter than the maximum */
	b->len = (size_t)(sig - b->data) + sig_len;
	return ward_put_vec_end(b, sig_mark);
}

ward_err ward_put_signature(ward_buf *b, ward_pkey *key, uint16_t scheme,
			    const uint8_t *content, size_t content_len)
{
	return put_signature(b, ward_sign, key, scheme, content, content_len);
}

ward_err ward_put_signature_tls12(ward_buf *b, ward_pkey *key, uint16_t scheme,
				  const uint8_t *content, size_t content_len)
{
	return put_signature(b, ward_sign_tls12, key, scheme, content,
			     content_len);
}

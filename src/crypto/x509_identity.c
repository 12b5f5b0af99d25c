/* Who a certificate names, for applications (a verified client's
 * subject and SANs), and the subjects of trusted roots, for a TLS
 * CertificateRequest's certificate_authorities. */
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "crypto/internal.h"

/* Copy what b holds into a fixed string, cut at a whole byte. */
static void to_str(const ward_buf *b, char *out, size_t len)
{
	size_t n = b->len < len - 1 ? b->len : len - 1;
	if (n)
		memcpy(out, b->data, n);
	out[n] = 0;
}

ward_err ward_cert_identity(ward_slice der, char *subject, size_t subject_len,
			    char *sans, size_t sans_len)
{
	ward_err ret = WARD_OK;
	ward_buf b = WARD_BUF_INIT;
	X509 *x;
	WARD_ENSURE(subject_len > 0 && sans_len > 0, WARD_ERR_ARG);
	subject[0] = sans[0] = 0;
	WARD_TRY(ward_x509_parse_der(der, &x));
	WARD_TRY_OUT(ward_x509_put_name(&b, X509_get_subject_name(x)));
	to_str(&b, subject, subject_len);
	ward_x509_sans_line(x, sans, sans_len);
out:
	ERR_clear_error();
	ward_buf_free(&b);
	X509_free(x);
	return ret;
}

ward_err ward_trust_subjects(const ward_trust *t, ward_buf *out)
{
	WARD_ENSURE(t != NULL, WARD_ERR_ARG);
	STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(t->store);
	for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
		X509 *x = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
		if (x == NULL)
			continue;
		unsigned char *der = NULL;
		int len = i2d_X509_NAME(X509_get_subject_name(x), &der);
		if (len <= 0)
			return ward_crypto_fail(WARD_ERR_CRYPTO);
		/* the list is a hint: what does not fit the u16 vector
		 * of certificate_authorities is left out */
		ward_err err = WARD_OK;
		if (out->len + 2 + (size_t)len <= 0xffff)
			err = ward_put_vec(out, 2, der, (size_t)len);
		OPENSSL_free(der);
		WARD_TRY(err);
	}
	return WARD_OK;
}

/* Who a certificate names: the name and subjectAltName writers every
 * summary uses (traces, a verified client's identity, `ward ca`), and
 * the subjects of trusted roots, for a TLS CertificateRequest's
 * certificate_authorities. */
#include <arpa/inet.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "crypto/internal.h"

/* Append bytes from a certificate, replacing anything unprintable (and
 * spaces too, unless keep_space): names come from the peer and end up
 * in logs. */
static ward_err put_clean(ward_buf *b, const uint8_t *p, size_t len,
			  int keep_space)
{
	uint8_t lo = keep_space ? 0x20 : 0x21;
	for (size_t i = 0; i < len; i++)
		WARD_TRY(ward_put_u8(b, p[i] >= lo && p[i] < 0x7f ? p[i] : '?'));
	return WARD_OK;
}

ward_err ward_x509_put_name(ward_buf *b, const X509_NAME *name)
{
	ward_err ret = WARD_OK;
	char *data;
	BIO *bio = BIO_new(BIO_s_mem());
	WARD_ENSURE(bio != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) >= 0,
			WARD_ERR_CRYPTO);
	long n = BIO_get_mem_data(bio, &data);
	if (n <= 0)
		WARD_TRY_OUT(ward_put_str(b, "(empty name)"));
	else
		WARD_TRY_OUT(put_clean(b, (const uint8_t *)data, (size_t)n, 1));
out:
	BIO_free(bio);
	return ret;
}

/* What one entry starts with in a style; NULL: the style leaves it out. */
static const char *san_tag(int type, int len, ward_x509_sans style)
{
	int typed = style == WARD_SANS_TYPED;
	switch (type) {
	case GEN_DNS:
		return typed ? "DNS:" : "";
	case GEN_EMAIL:
		return typed ? "email:" : NULL;
	case GEN_URI:
		return typed ? "URI:" : NULL;
	case GEN_IPADD:
		return !typed ? "" : len == 4 || len == 16 ? "IP:" : NULL;
	}
	return NULL;
}

ward_err ward_x509_put_sans(ward_buf *b, X509 *x, ward_x509_sans style)
{
	ward_err ret = WARD_OK;
	GENERAL_NAMES *names =
	    X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	int count = names != NULL ? sk_GENERAL_NAME_num(names) : 0;
	int shown = 0;
	for (int i = 0; i < count; i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
		char ip[INET6_ADDRSTRLEN];
		int type;
		const ASN1_STRING *s = GENERAL_NAME_get0_value(gn, &type);
		const uint8_t *p = ASN1_STRING_get0_data(s);
		size_t len = (size_t)ASN1_STRING_length(s);
		const char *tag = san_tag(type, (int)len, style);
		if (tag == NULL)
			continue;
		if (shown++ > 0)
			WARD_TRY_OUT(ward_put_str(b, ", "));
		WARD_TRY_OUT(ward_put_str(b, tag));
		if (type != GEN_IPADD) {
			int typed = style == WARD_SANS_TYPED;
			if (typed && len > 255) /* a typed value is cut there */
				len = 255;
			WARD_TRY_OUT(put_clean(b, p, len, !typed));
		} else if ((len == 4 && inet_ntop(AF_INET, p, ip, sizeof ip)) ||
			   (len == 16 && inet_ntop(AF_INET6, p, ip, sizeof ip))) {
			WARD_TRY_OUT(ward_put_str(b, ip));
		} else {
			WARD_TRY_OUT(ward_put_str(b, "(bad address)"));
		}
	}
	if (shown == 0 && style == WARD_SANS_BARE)
		WARD_TRY_OUT(ward_put_str(b, "(no DNS or IP names)"));
out:
	GENERAL_NAMES_free(names);
	return ret;
}

/* Copy what b holds into a fixed string, cut at a whole byte. */
static void to_str(const ward_buf *b, char *out, size_t len)
{
	size_t n = b->len < len - 1 ? b->len : len - 1;
	if (n)
		memcpy(out, b->data, n);
	out[n] = 0;
}

ward_err ward_x509_sans_line(X509 *x, char *out, size_t cap)
{
	ward_buf b = WARD_BUF_INIT;
	out[0] = 0;
	ward_err err = ward_x509_put_sans(&b, x, WARD_SANS_TYPED);
	if (err == WARD_OK)
		to_str(&b, out, cap);
	ward_buf_free(&b);
	return err;
}

ward_err ward_x509_names(X509 *x, const ward_cert_names *n)
{
	ward_buf b = WARD_BUF_INIT;
	WARD_ENSURE(n->subject_len > 0 && n->sans_len > 0, WARD_ERR_ARG);
	n->subject[0] = n->sans[0] = 0;
	ward_err ret = ward_x509_put_name(&b, X509_get_subject_name(x));
	if (ret == WARD_OK) {
		to_str(&b, n->subject, n->subject_len);
		ret = ward_x509_sans_line(x, n->sans, n->sans_len);
	}
	ward_buf_free(&b);
	return ret;
}

ward_err ward_cert_identity(ward_slice der, char *subject, size_t subject_len,
			    char *sans, size_t sans_len)
{
	const ward_cert_names n = {subject, subject_len, sans, sans_len};
	X509 *x;
	WARD_ENSURE(subject_len > 0 && sans_len > 0, WARD_ERR_ARG);
	subject[0] = sans[0] = 0;
	WARD_TRY(ward_x509_parse_der(der, &x));
	ward_err ret = ward_x509_names(x, &n);
	ERR_clear_error();
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

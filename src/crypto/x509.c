/* X.509: certificate chains loaded from PEM (DER kept for the Certificate
 * message), host matching, trust stores, path validation with one-line
 * reasons, and one-line summaries for traces.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "crypto/internal.h"

/* Wildcards only as a whole left-most label, and names only from the
 * subjectAltName (RFC 6125 6.4.3; the CN fallback is long deprecated). */
#define HOST_FLAGS                                                             \
	(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS |                                \
	 X509_CHECK_FLAG_NEVER_CHECK_SUBJECT)

struct chain_cert {
	X509 *x509;
	uint8_t *der;
	size_t len;
};

struct ward_chain {
	size_t n, cap;
	struct chain_cert *certs;
};

/* ---- small helpers ---- */

ward_err ward_x509_parse_der(ward_slice der, X509 **out)
{
	const unsigned char *p = der.p;
	WARD_ENSURE(der.len > 0 && der.len <= LONG_MAX,
		    WARD_ERR_BAD_CERTIFICATE);
	X509 *x = d2i_X509(NULL, &p, (long)der.len);
	/* Trailing bytes would be data nobody verified. */
	if (x == NULL || p != der.p + der.len) {
		X509_free(x);
		return ward_crypto_fail(WARD_ERR_BAD_CERTIFICATE);
	}
	*out = x;
	return WARD_OK;
}

/* Keys ward can verify TLS signatures with. */
static int key_supported(EVP_PKEY *p)
{
	switch (ward_pkey_type(ward_pkey_wrap(p))) {
	case WARD_KEY_RSA:
	case WARD_KEY_EC_P256:
	case WARD_KEY_EC_P384:
	case WARD_KEY_EC_P521:
	case WARD_KEY_ED25519:
		return 1;
	case WARD_KEY_NONE:
	case WARD_KEY_OTHER:
		break;
	}
	return 0;
}

/* An IP literal (v4, or v6 with or without brackets), copied bare. */
static int ip_literal(const char *host, char *buf, size_t len)
{
	unsigned char addr[16];
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	if (n == 0 || n >= len)
		return 0;
	memcpy(buf, host, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, addr) == 1 ||
	       inet_pton(AF_INET6, buf, addr) == 1;
}

static int host_matches(X509 *x, const char *host, unsigned int flags)
{
	char ip[INET6_ADDRSTRLEN + 1];
	int ok;
	if (host == NULL || *host == '\0')
		return 0;
	if (ip_literal(host, ip, sizeof ip))
		ok = X509_check_ip_asc(x, ip, 0);
	else
		ok = X509_check_host(x, host, strlen(host), flags, NULL);
	ERR_clear_error();
	return ok == 1;
}

/* "2025-01-01" */
static ward_err put_date(ward_buf *b, const ASN1_TIME *t)
{
	struct tm tm;
	char s[32];
	if (t == NULL || !ASN1_TIME_to_tm(t, &tm) ||
	    strftime(s, sizeof s, "%Y-%m-%d", &tm) == 0)
		return ward_put_str(b, "(bad date)");
	return ward_put_str(b, s);
}

/* "EC P-256", "RSA 2048", "Ed25519" */
static ward_err put_key(ward_buf *b, EVP_PKEY *p)
{
	char s[64];
	switch (ward_pkey_type(ward_pkey_wrap(p))) {
	case WARD_KEY_RSA:
		snprintf(s, sizeof s, "%s %d",
			 EVP_PKEY_is_a(p, "RSA-PSS") ? "RSA-PSS" : "RSA",
			 EVP_PKEY_get_bits(p));
		return ward_put_str(b, s);
	case WARD_KEY_EC_P256:
		return ward_put_str(b, "EC P-256");
	case WARD_KEY_EC_P384:
		return ward_put_str(b, "EC P-384");
	case WARD_KEY_EC_P521:
		return ward_put_str(b, "EC P-521");
	case WARD_KEY_ED25519:
		return ward_put_str(b, "Ed25519");
	case WARD_KEY_NONE:
		return ward_put_str(b, "none");
	case WARD_KEY_OTHER:
		break;
	}
	const char *name = EVP_PKEY_get0_type_name(p);
	return ward_put_str(b, name != NULL ? name : "unknown");
}

/* ---- chains ---- */

static ward_err chain_push(ward_chain *c, X509 *x)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 4;
		struct chain_cert *certs =
		    realloc(c->certs, cap * sizeof *certs);
		WARD_ENSURE(certs != NULL, WARD_ERR_NOMEM);
		c->certs = certs;
		c->cap = cap;
	}
	/* Encoded once here, sent in every handshake. */
	unsigned char *der = NULL;
	int len = i2d_X509(x, &der);
	WARD_ENSURE(len > 0, ward_crypto_fail(WARD_ERR_CRYPTO));
	c->certs[c->n].x509 = x;
	c->certs[c->n].der = der;
	c->certs[c->n].len = (size_t)len;
	c->n++;
	return WARD_OK;
}

/* Every CERTIFICATE block, in file order; other blocks are skipped. *bad is
 * set when a block is corrupt rather than absent. */
static ward_err parse_chain(const void *pem, size_t len, ward_chain **out,
			    int *bad)
{
	ward_err ret = WARD_OK;
	BIO *bio = NULL;
	*bad = 0;
	*out = NULL;
	WARD_ENSURE(len <= INT_MAX, WARD_ERR_CONFIG);
	ward_chain *c = calloc(1, sizeof *c);
	WARD_ENSURE(c != NULL, WARD_ERR_NOMEM);
	bio = BIO_new_mem_buf(pem, (int)len);
	WARD_ENSURE_OUT(bio != NULL, WARD_ERR_NOMEM);
	for (;;) {
		X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		if (x == NULL) {
			unsigned long e = ERR_peek_last_error();
			/* Running out of blocks is the normal end. */
			if (ERR_GET_LIB(e) != ERR_LIB_PEM ||
			    ERR_GET_REASON(e) != PEM_R_NO_START_LINE)
				*bad = 1;
			ERR_clear_error();
			break;
		}
		ret = chain_push(c, x);
		if (ret != WARD_OK) {
			X509_free(x);
			goto out;
		}
	}
	WARD_ENSURE_OUT(!*bad && c->n > 0, WARD_ERR_CONFIG);
	*out = c;
	c = NULL;
out:
	BIO_free(bio);
	ward_chain_free(c);
	return ret;
}

ward_err ward_chain_load_pem(const void *pem, size_t len, ward_chain **out)
{
	int bad;
	WARD_TRY(ward_crypto_init());
	return parse_chain(pem, len, out, &bad);
}

ward_err ward_chain_load_pem_file(const char *path, ward_chain **out, char *why,
				  size_t whylen)
{
	ward_err ret = WARD_OK;
	ward_buf file = WARD_BUF_INIT;
	int bad = 0;
	WARD_TRY_OUT(ward_crypto_init());
	WARD_TRY_OUT(ward_crypto_read_file(path, "certificate chain", &file,
					   why, whylen));
	ret = parse_chain(file.data, file.len, out, &bad);
	if (ret == WARD_ERR_CONFIG && bad)
		ward_crypto_why(why, whylen,
				"'%s' holds a corrupt PEM certificate block",
				path);
	else if (ret == WARD_ERR_CONFIG)
		ward_crypto_why(why, whylen,
				"'%s' holds no PEM certificate (expected a "
				"'-----BEGIN CERTIFICATE-----' block)",
				path);
out:
	ward_buf_free(&file);
	return ret;
}

void ward_chain_free(ward_chain *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		X509_free(c->certs[i].x509);
		OPENSSL_free(c->certs[i].der);
	}
	free(c->certs);
	free(c);
}

size_t ward_chain_count(const ward_chain *c)
{
	return c != NULL ? c->n : 0;
}

ward_slice ward_chain_der(const ward_chain *c, size_t i)
{
	if (c == NULL || i >= c->n)
		return ward_slice_make(NULL, 0);
	return ward_slice_make(c->certs[i].der, c->certs[i].len);
}

ward_err ward_chain_leaf_key(const ward_chain *c, ward_pkey **out)
{
	WARD_ENSURE(c != NULL && c->n > 0, WARD_ERR_ARG);
	EVP_PKEY *p = X509_get_pubkey(c->certs[0].x509);
	WARD_ENSURE(p != NULL,
		    ward_crypto_fail(WARD_ERR_UNSUPPORTED_CERTIFICATE));
	*out = ward_pkey_wrap(p);
	return WARD_OK;
}

int ward_chain_key_matches(const ward_chain *c, const ward_pkey *k)
{
	if (c == NULL || c->n == 0 || k == NULL)
		return 0;
	EVP_PKEY *pub = X509_get0_pubkey(c->certs[0].x509);
	int eq = pub != NULL && EVP_PKEY_eq(pub, ward_pkey_evp(k)) == 1;
	ERR_clear_error();
	return eq;
}

int ward_chain_matches_host(const ward_chain *c, const char *host)
{
	if (c == NULL || c->n == 0)
		return 0;
	return host_matches(c->certs[0].x509, host, HOST_FLAGS);
}

int ward_chain_matches_host_exactly(const ward_chain *c, const char *host)
{
	if (c == NULL || c->n == 0)
		return 0;
	return host_matches(c->certs[0].x509, host,
			    HOST_FLAGS | X509_CHECK_FLAG_NO_WILDCARDS);
}

ward_err ward_cert_pubkey(ward_slice der, ward_pkey **out)
{
	X509 *x;
	WARD_TRY(ward_x509_parse_der(der, &x));
	EVP_PKEY *p = X509_get_pubkey(x);
	X509_free(x);
	if (p == NULL || !key_supported(p)) {
		EVP_PKEY_free(p);
		return ward_crypto_fail(WARD_ERR_UNSUPPORTED_CERTIFICATE);
	}
	*out = ward_pkey_wrap(p);
	return WARD_OK;
}

/* The SHA-256 of a DER SubjectPublicKeyInfo, re-encoded from the parsed
 * key so that what is hashed is exactly what a certificate would carry. */
static ward_err spki_sha256(EVP_PKEY *k, uint8_t out[32])
{
	unsigned char *der = NULL;
	int len = i2d_PUBKEY(k, &der);
	if (len <= 0)
		return ward_crypto_fail(WARD_ERR_INTERNAL);
	ward_err err =
	    ward_hash_oneshot(WARD_HASH_SHA256, der, (size_t)len, out);
	OPENSSL_free(der);
	return err;
}

ward_err ward_cert_spki_sha256(ward_slice der, uint8_t out[32])
{
	X509 *x;
	WARD_TRY(ward_x509_parse_der(der, &x));
	EVP_PKEY *k = X509_get0_pubkey(x);
	ward_err err = k ? spki_sha256(k, out)
			 : ward_crypto_fail(WARD_ERR_BAD_CERTIFICATE);
	X509_free(x);
	return err;
}

ward_err ward_pubkey_file_sha256(const char *path, uint8_t out[32], char *why,
				 size_t whylen)
{
	BIO *bio = BIO_new_file(path, "rb");
	if (!bio) {
		snprintf(why, whylen, "cannot read '%s': %s", path,
			 strerror(errno));
		ERR_clear_error();
		return WARD_ERR_IO;
	}
	EVP_PKEY *k = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	if (!k) {
		ERR_clear_error();
		(void)BIO_reset(bio);
		k = d2i_PUBKEY_bio(bio, NULL);
	}
	BIO_free(bio);
	if (!k) {
		ERR_clear_error();
		snprintf(why, whylen,
			 "'%s' holds no public key (PEM \"PUBLIC KEY\" or DER "
			 "SubjectPublicKeyInfo)",
			 path);
		return WARD_ERR_ARG;
	}
	ward_err err = spki_sha256(k, out);
	EVP_PKEY_free(k);
	if (err != WARD_OK)
		snprintf(why, whylen, "cannot hash the key in '%s'", path);
	return err;
}

/* ---- trust ---- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* "3513523f.0": a c_rehash link, found on demand by the hashed lookup. */
static int hashed_name(const char *s)
{
	size_t i = 0;
	while (i < 8 && s[i] != '\0' && strchr("0123456789abcdef", s[i]))
		i++;
	return i == 8 && s[8] == '.' && s[9] >= '0' && s[9] <= '9';
}

/* A directory: hashed links (as in /etc/ssl/certs) are looked up when
 * needed; plain .pem/.crt/.cer files are loaded now, since nothing would
 * find them by hash. */
static ward_err load_dir(X509_STORE *st, const char *path, char *why,
			 size_t whylen)
{
	size_t loaded = 0, hashed = 0;
	DIR *d = opendir(path);
	if (d == NULL) {
		ward_crypto_why(why, whylen,
				"cannot open trust directory '%s': %s", path,
				strerror(errno));
		return WARD_ERR_IO;
	}
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		char file[PATH_MAX];
		struct stat sb;
		if (hashed_name(e->d_name)) {
			hashed++;
			continue;
		}
		if (!has_suffix(e->d_name, ".pem") &&
		    !has_suffix(e->d_name, ".crt") &&
		    !has_suffix(e->d_name, ".cer"))
			continue;
		int n = snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		if (n < 0 || (size_t)n >= sizeof file || stat(file, &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (X509_STORE_load_file(st, file) == 1)
			loaded++;
	}
	closedir(d);
	ERR_clear_error();
	if (hashed > 0 && X509_STORE_load_path(st, path) != 1)
		return ward_crypto_fail(WARD_ERR_CRYPTO);
	if (loaded == 0 && hashed == 0) {
		ward_crypto_why(why, whylen,
				"trust directory '%s' holds no certificates "
				"(.pem/.crt files or c_rehash links)",
				path);
		return WARD_ERR_CONFIG;
	}
	return WARD_OK;
}

static ward_err load_store(X509_STORE *st, const char *path, char *why,
			   size_t whylen)
{
	struct stat sb;
	if (path == NULL) {
		/* /etc/ssl/certs, or SSL_CERT_FILE / SSL_CERT_DIR */
		if (X509_STORE_set_default_paths(st) != 1) {
			ward_crypto_why(why, whylen,
					"cannot load the system trust store");
			return ward_crypto_fail(WARD_ERR_CONFIG);
		}
		return WARD_OK;
	}
	if (stat(path, &sb) != 0) {
		int e = errno;
		ward_crypto_why(why, whylen, "cannot open trust store '%s': %s",
				path, strerror(e));
		return e == ENOENT ? WARD_ERR_NOT_FOUND : WARD_ERR_IO;
	}
	if (S_ISDIR(sb.st_mode))
		return load_dir(st, path, why, whylen);
	if (X509_STORE_load_file(st, path) != 1) {
		ward_crypto_why(why, whylen,
				"trust store '%s' holds no PEM certificates",
				path);
		return ward_crypto_fail(WARD_ERR_CONFIG);
	}
	return WARD_OK;
}

ward_err ward_trust_load(const char *path, ward_trust **out, char *why,
			 size_t whylen)
{
	ward_err ret = WARD_OK;
	WARD_TRY(ward_crypto_init());
	ward_trust *t = calloc(1, sizeof *t);
	WARD_ENSURE(t != NULL, WARD_ERR_NOMEM);
	t->store = X509_STORE_new();
	WARD_ENSURE_OUT(t->store != NULL, WARD_ERR_NOMEM);
	WARD_TRY_OUT(load_store(t->store, path, why, whylen));
	*out = t;
	t = NULL;
out:
	ward_trust_free(t);
	return ret;
}

void ward_trust_free(ward_trust *t)
{
	if (t == NULL)
		return;
	X509_STORE_free(t->store);
	free(t);
}

/* ---- verification ---- */

/* What a put_* helper wrote to b, as a C string in s (truncated). */
static const char *cstr(ward_buf *b, ward_err e, char *s, size_t len)
{
	snprintf(s, len, "%.*s", e == WARD_OK ? (int)b->len : 0,
		 b->data != NULL ? (const char *)b->data : "");
	ward_buf_free(b);
	return s;
}

/* Map a path-validation failure to its alert, with a one-line reason. */
static ward_err explain(X509_STORE_CTX *ctx, X509 *leaf, const char *host,
			int client_auth, char *why, size_t whylen)
{
	char subj[256], other[256];
	ward_buf b = WARD_BUF_INIT;
	int err = X509_STORE_CTX_get_error(ctx);
	X509 *cur = X509_STORE_CTX_get_current_cert(ctx);
	if (cur == NULL)
		cur = leaf;
	cstr(&b, ward_x509_put_name(&b, X509_get_subject_name(cur)), subj, sizeof subj);

	switch (err) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		cstr(&b, ward_x509_put_name(&b, X509_get_issuer_name(cur)), other,
		     sizeof other);
		ward_crypto_why(
		    why, whylen,
		    "unknown CA: issuer '%s' of '%s' is not trusted", other,
		    subj);
		return WARD_ERR_UNKNOWN_CA;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		ward_crypto_why(why, whylen,
				"unknown CA: self-signed '%s' is not trusted",
				subj);
		return WARD_ERR_UNKNOWN_CA;
	case X509_V_ERR_CERT_UNTRUSTED:
		ward_crypto_why(why, whylen,
				"unknown CA: '%s' is not trusted for this use",
				subj);
		return WARD_ERR_UNKNOWN_CA;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		cstr(&b, put_date(&b, X509_get0_notAfter(cur)), other,
		     sizeof other);
		ward_crypto_why(why, whylen, "certificate expired on %s (%s)",
				other, subj);
		return WARD_ERR_CERTIFICATE_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		cstr(&b, put_date(&b, X509_get0_notBefore(cur)), other,
		     sizeof other);
		ward_crypto_why(why, whylen,
				"certificate not valid before %s (%s)", other,
				subj);
		return WARD_ERR_CERTIFICATE_EXPIRED;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		cstr(&b, ward_x509_put_sans(&b, leaf, WARD_SANS_BARE), other,
		     sizeof other);
		ward_crypto_why(why, whylen,
				"certificate for '%s' does not match host '%s'",
				other, host != NULL ? host : "");
		return WARD_ERR_CERTIFICATE_UNKNOWN;
	case X509_V_ERR_INVALID_PURPOSE:
		ward_crypto_why(why, whylen,
				"certificate '%s' is not for TLS %s "
				"authentication",
				subj, client_auth ? "client" : "server");
		return WARD_ERR_CERTIFICATE_UNKNOWN;
	case X509_V_ERR_CERT_REVOKED:
		ward_crypto_why(why, whylen, "certificate '%s' is revoked",
				subj);
		return WARD_ERR_CERTIFICATE_REVOKED;
	}
	ward_crypto_why(why, whylen, "bad certificate '%s': %s", subj,
			X509_verify_cert_error_string(err));
	return WARD_ERR_BAD_CERTIFICATE;
}

/* Point the context at the time, purpose and name to check. */
static ward_err set_params(X509_STORE_CTX *ctx, const char *host,
			   int client_auth, time_t now)
{
	char ip[INET6_ADDRSTRLEN + 1];
	/* The peer's role: a client checks a server certificate. */
	if (!X509_STORE_CTX_set_default(ctx, client_auth ? "ssl_client"
							 : "ssl_server"))
		return WARD_ERR_CRYPTO;
	X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_time(param, now);
	/* Trust anchors need not be self-signed: like curl, accept a chain
	 * that ends in any certificate the user chose to trust. */
	X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
	if (host == NULL)
		return WARD_OK;
	if (ip_literal(host, ip, sizeof ip))
		return X509_VERIFY_PARAM_set1_ip_asc(param, ip) ? WARD_OK
								: WARD_ERR_ARG;
	X509_VERIFY_PARAM_set_hostflags(param, HOST_FLAGS);
	return X509_VERIFY_PARAM_set1_host(param, host, 0) ? WARD_OK
							   : WARD_ERR_ARG;
}

ward_err ward_x509_verify(const ward_trust *t, const ward_slice *ders, size_t n,
			  const char *host, int client_auth, time_t now,
			  ward_pkey **leaf_key, const ward_cert_names *names,
			  char *why, size_t whylen)
{
	ward_err ret = WARD_OK;
	X509 *leaf = NULL;
	STACK_OF(X509) *untrusted = NULL;
	X509_STORE_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	WARD_ENSURE(t != NULL, WARD_ERR_ARG);
	WARD_TRY(ward_crypto_init());
	if (n == 0 || ders == NULL) {
		ward_crypto_why(why, whylen, "no certificate to verify");
		return WARD_ERR_BAD_CERTIFICATE;
	}

	untrusted = sk_X509_new_null();
	WARD_ENSURE_OUT(untrusted != NULL, WARD_ERR_NOMEM);
	for (size_t i = 0; i < n; i++) {
		X509 *x;
		if (ward_x509_parse_der(ders[i], &x) != WARD_OK) {
			ward_crypto_why(why, whylen,
					"certificate %zu of %zu does not parse "
					"as DER X.509",
					i + 1, n);
			WARD_ENSURE_OUT(0, WARD_ERR_BAD_CERTIFICATE);
		}
		if (i == 0) {
			leaf = x;
		} else if (!sk_X509_push(untrusted, x)) {
			X509_free(x);
			WARD_ENSURE_OUT(0, WARD_ERR_NOMEM);
		}
	}

	key = X509_get_pubkey(leaf);
	if (key == NULL || !key_supported(key)) {
		char type[64] = "unknown";
		ward_buf b = WARD_BUF_INIT;
		if (key != NULL)
			cstr(&b, put_key(&b, key), type, sizeof type);
		ward_crypto_why(why, whylen,
				"certificate key type '%s' is not supported",
				type);
		WARD_ENSURE_OUT(0, WARD_ERR_UNSUPPORTED_CERTIFICATE);
	}

	ctx = X509_STORE_CTX_new();
	WARD_ENSURE_OUT(ctx != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(X509_STORE_CTX_init(ctx, t->store, leaf, untrusted),
			WARD_ERR_CRYPTO);
	WARD_TRY_OUT(set_params(ctx, host, client_auth, now));
	if (X509_verify_cert(ctx) != 1)
		WARD_TRY_OUT(
		    explain(ctx, leaf, host, client_auth, why, whylen));
	if (names != NULL)
		WARD_TRY_OUT(ward_x509_names(leaf, names));
	if (leaf_key != NULL) {
		*leaf_key = ward_pkey_wrap(key);
		key = NULL;
	}
out:
	X509_STORE_CTX_free(ctx);
	sk_X509_pop_free(untrusted, X509_free);
	X509_free(leaf);
	EVP_PKEY_free(key);
	return ret == WARD_OK ? ret : ward_crypto_fail(ret);
}

/* ---- description ---- */

ward_err ward_cert_parts(ward_slice der, ward_buf out[WARD_CERT__PARTS])
{
	ward_err ret = WARD_OK;
	X509 *x;
	WARD_TRY(ward_x509_parse_der(der, &x));
	EVP_PKEY *key = X509_get0_pubkey(x);
	WARD_TRY_OUT(
	    ward_x509_put_name(&out[WARD_CERT_SUBJECT], X509_get_subject_name(x)));
	WARD_TRY_OUT(ward_x509_put_name(&out[WARD_CERT_ISSUER], X509_get_issuer_name(x)));
	WARD_TRY_OUT(
	    put_date(&out[WARD_CERT_NOT_BEFORE], X509_get0_notBefore(x)));
	WARD_TRY_OUT(
	    put_date(&out[WARD_CERT_NOT_AFTER], X509_get0_notAfter(x)));
	WARD_TRY_OUT(ward_x509_put_sans(&out[WARD_CERT_SANS], x, WARD_SANS_BARE));
	if (key != NULL)
		WARD_TRY_OUT(put_key(&out[WARD_CERT_KEY], key));
	else
		WARD_TRY_OUT(ward_put_str(&out[WARD_CERT_KEY], "unreadable"));
out:
	ERR_clear_error();
	X509_free(x);
	return ret;
}

/* The parts of ward_cert_parts, each after its label. */
ward_err ward_cert_describe(ward_slice der, ward_buf *out)
{
	static const char *const label[WARD_CERT__PARTS] = {
	    [WARD_CERT_SUBJECT] = "subject ",
	    [WARD_CERT_ISSUER] = "; issuer ",
	    [WARD_CERT_NOT_BEFORE] = "; valid ",
	    [WARD_CERT_NOT_AFTER] = " to ",
	    [WARD_CERT_SANS] = "; names ",
	    [WARD_CERT_KEY] = "; key ",
	};
	ward_buf part[WARD_CERT__PARTS] = {0};
	ward_err ret = ward_cert_parts(der, part);
	for (int i = 0; i < WARD_CERT__PARTS; i++) {
		if (ret == WARD_OK)
			ret = ward_put_str(out, label[i]);
		if (ret == WARD_OK)
			ret = ward_put_bytes(out, part[i].data, part[i].len);
		ward_buf_free(&part[i]);
	}
	return ret;
}

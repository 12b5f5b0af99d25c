/* The local certificate authority (ca.h) on libcrypto's X.509.
 *
 * Extensions are built as structures rather than from config strings, so no
 * name a caller passes is ever parsed as OpenSSL configuration syntax.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/ca.h"
#include "crypto/internal.h"

#define KEY_ID_LEN 20

/* ---- names ---- */

static int parse_ip(const char *s, uint8_t out[16], size_t *len)
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*len = 4;
		return 1;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*len = 16;
		return 1;
	}
	return 0;
}

int ward_ca_is_ip(const char *s)
{
	uint8_t b[16];
	size_t len;
	return s != NULL && parse_ip(s, b, &len);
}

static int is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

/* Why one label (len bytes at l) is not a host name label, or NULL. */
static const char *label_problem(const char *l, size_t len, int first,
				 char *why, size_t cap)
{
	if (len == 0)
		return "it has an empty label (a leading, trailing or double "
		       "'.')";
	if (len > 63) {
		snprintf(why, cap,
			 "the label '%.20s...' is %zu characters "
			 "long; a label has at most 63",
			 l, len);
		return why;
	}
	if (len == 1 && l[0] == '*')
		return first && l[1] == '.' ? NULL
					    : "'*' may only be the whole "
					      "left-most label of a name with "
					      "more labels ('*.example.test')";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)l[i];
		if (c >= 0x80)
			return "it is not ASCII: give an internationalized "
			       "name in punycode (xn--...)";
		if (c == '*')
			return "'*' may only be the whole left-most label of a "
			       "name with more labels ('*.example.test')";
		if (!is_ldh((char)c)) {
			snprintf(why, cap,
				 c > 0x20 && c < 0x7f
				     ? "it has the character '%c'; a host "
				       "name has letters, digits, '-' and '.'"
				     : "it has the control or space byte "
				       "0x%02x; a host name has letters, "
				       "digits, '-' and '.'",
				 c);
			return why;
		}
	}
	/* RFC 952 and RFC 1123 2.1: letters or digits at both ends */
	if (l[0] == '-' || l[len - 1] == '-') {
		snprintf(why, cap,
			 "the label '%.*s' %s with '-'; a label may "
			 "not start or end with '-'",
			 (int)(len > 40 ? 40 : len), l,
			 l[0] == '-' ? "starts" : "ends");
		return why;
	}
	return NULL;
}

const char *ward_ca_dns_name_problem(const char *s, char *why, size_t cap)
{
	if (s == NULL || *s == '\0')
		return "it is empty";
	/* an IP literal in a dNSName matches nothing: it goes in iPAddress */
	if (ward_ca_is_ip(s))
		return "it is an IP address, not a host name";
	for (const char *c = s;; c++) {
		const char *dot = strchr(c, '.');
		size_t len = dot ? (size_t)(dot - c) : strlen(c);
		const char *p = label_problem(c, len, c == s, why, cap);
		if (p != NULL)
			return p;
		if (dot == NULL)
			break;
		c = dot;
	}
	if (strlen(s) > 253)
		return "it is longer than 253 characters";
	return NULL;
}

int ward_ca_valid_dns_name(const char *s)
{
	char why[128];
	return ward_ca_dns_name_problem(s, why, sizeof why) == NULL;
}

/* ---- keys ---- */

/* RSASSA-PSS keys, which ward_pkey_type counts as RSA, are neither issued
 * for nor signed with. */
static ward_key_type key_type_of(EVP_PKEY *k)
{
	if (EVP_PKEY_is_a(k, "RSA-PSS"))
		return WARD_KEY_OTHER;
	return ward_pkey_type(ward_pkey_wrap(k));
}

/* Whether we put this key in a certificate or sign with it. */
static int key_usable(EVP_PKEY *k)
{
	switch (key_type_of(k)) {
	case WARD_KEY_RSA:
		return EVP_PKEY_get_bits(k) >= 2048;
	case WARD_KEY_EC_P256:
	case WARD_KEY_EC_P384:
	case WARD_KEY_EC_P521:
	case WARD_KEY_ED25519:
		return 1;
	default:
		return 0;
	}
}

/* The digest a CA key signs with; NULL for Ed25519, which hashes itself. */
static const EVP_MD *sign_md(EVP_PKEY *k)
{
	switch (key_type_of(k)) {
	case WARD_KEY_EC_P384:
		return EVP_sha384();
	case WARD_KEY_EC_P521:
		return EVP_sha512();
	case WARD_KEY_ED25519:
		return NULL;
	default:
		return EVP_sha256();
	}
}

/* ---- PEM ---- */

static ward_err append_bio(BIO *bio, ward_buf *out)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);
	WARD_ENSURE(n > 0, WARD_ERR_CRYPTO);
	return ward_put_bytes(out, data, (size_t)n);
}

static ward_err append_cert_pem(X509 *x, ward_buf *out)
{
	BIO *bio = BIO_new(BIO_s_mem());
	ward_err ret = WARD_ERR_CRYPTO;
	if (bio != NULL && PEM_write_bio_X509(bio, x))
		ret = append_bio(bio, out);
	BIO_free(bio);
	return ret;
}

static ward_err read_cert_pem(ward_slice pem, X509 **out)
{
	WARD_ENSURE(pem.len > 0 && pem.len <= INT_MAX,
		    WARD_ERR_BAD_CERTIFICATE);
	BIO *bio = BIO_new_mem_buf(pem.p, (int)pem.len);
	WARD_ENSURE(bio != NULL, WARD_ERR_NOMEM);
	*out = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	WARD_ENSURE(*out != NULL, WARD_ERR_BAD_CERTIFICATE);
	return WARD_OK;
}

/* ---- certificate fields ---- */

static ward_err set_serial(X509 *x)
{
	uint8_t b[16];
	WARD_TRY(ward_random(b, sizeof b));
	/* positive (RFC 5280 4.1.2.2), and never shorter than 16 bytes */
	b[0] = (uint8_t)((b[0] & 0x7f) | 0x40);
	BIGNUM *bn = BN_bin2bn(b, sizeof b, NULL);
	int ok = bn != NULL &&
		 BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? WARD_OK : WARD_ERR_CRYPTO;
}

static ward_err range_ok(int days, int backdate_days)
{
	WARD_ENSURE(days >= 1 && days <= WARD_CA_MAX_DAYS, WARD_ERR_ARG);
	WARD_ENSURE(backdate_days >= 0 && backdate_days <= WARD_CA_MAX_DAYS,
		    WARD_ERR_ARG);
	return WARD_OK;
}

/* A v3 certificate with a serial, validity, subject CN (omitted when cn is
 * NULL) and public key; issuer, extensions and signature come later. */
static ward_err cert_begin(EVP_PKEY *pub, const char *cn, int days,
			   int backdate_days, X509 **out)
{
	ward_err ret = WARD_ERR_CRYPTO;
	time_t now = time(NULL);
	X509 *x = X509_new();
	WARD_ENSURE(x != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(X509_set_version(x, X509_VERSION_3), WARD_ERR_CRYPTO);
	WARD_TRY_OUT(set_serial(x));
	WARD_ENSURE_OUT(ASN1_TIME_adj(X509_getm_notBefore(x), now,
				      -backdate_days, 0) != NULL,
			WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(ASN1_TIME_adj(X509_getm_notAfter(x), now,
				      days - backdate_days, 0) != NULL,
			WARD_ERR_CRYPTO);
	if (cn != NULL)
		WARD_ENSURE_OUT(X509_NAME_add_entry_by_NID(
				    X509_get_subject_name(x), NID_commonName,
				    MBSTRING_UTF8, (const unsigned char *)cn,
				    -1, -1, 0),
				WARD_ERR_CRYPTO);
	WARD_ENSURE_OUT(X509_set_pubkey(x, pub), WARD_ERR_CRYPTO);
	*out = x;
	x = NULL;
	ret = WARD_OK;
out:
	X509_free(x);
	return ret;
}

static ward_err add_ext(X509 *x, int nid, void *value, int critical)
{
	WARD_ENSURE(
	    X509_add1_ext_i2d(x, nid, value, critical, X509V3_ADD_REPLACE) == 1,
	    WARD_ERR_CRYPTO);
	return WARD_OK;
}

static ward_err add_basic_constraints(X509 *x, int ca)
{
	ward_err ret = WARD_ERR_NOMEM;
	BASIC_CONSTRAINTS *bc = BASIC_CONSTRAINTS_new();
	WARD_ENSURE(bc != NULL, WARD_ERR_NOMEM);
	if (ca) {
		/* DER encodes BOOLEAN TRUE as 0xFF (X.690 11.1); libcrypto
		 * writes the int as is, and Chromium rejects a 0x01. pathlen
		 * 0: the root signs leaves only, never another CA. */
		bc->ca = 0xFF;
		bc->pathlen = ASN1_INTEGER_new();
		WARD_ENSURE_OUT(bc->pathlen != NULL &&
				    ASN1_INTEGER_set(bc->pathlen, 0),
				WARD_ERR_NOMEM);
	}
	ret = add_ext(x, NID_basic_constraints, bc, 1);
out:
	BASIC_CONSTRAINTS_free(bc);
	return ret;
}

/* Bit numbers of KeyUsage (RFC 5280 4.2.1.3). */
enum {
	BIT_DIGITAL_SIGNATURE = 0,
	BIT_KEY_ENCIPHERMENT = 2,
	BIT_KEY_CERT_SIGN = 5,
	BIT_CRL_SIGN = 6,
};

static ward_err add_key_usage(X509 *x, const int *bits, size_t n)
{
	ward_err ret = WARD_ERR_CRYPTO;
	ASN1_BIT_STRING *ku = ASN1_BIT_STRING_new();
	WARD_ENSURE(ku != NULL, WARD_ERR_NOMEM);
	for (size_t i = 0; i < n; i++)
		WARD_ENSURE_OUT(ASN1_BIT_STRING_set_bit(ku, bits[i], 1),
				WARD_ERR_NOMEM);
	ret = add_ext(x, NID_key_usage, ku, 1);
out:
	ASN1_BIT_STRING_free(ku);
	return ret;
}

static ward_err add_ext_key_usage(X509 *x, int client)
{
	ward_err ret = WARD_ERR_NOMEM;
	EXTENDED_KEY_USAGE *eku = sk_ASN1_OBJECT_new_null();
	WARD_ENSURE(eku != NULL, WARD_ERR_NOMEM);
	WARD_ENSURE_OUT(sk_ASN1_OBJECT_push(eku, OBJ_nid2obj(NID_server_auth)),
			WARD_ERR_NOMEM);
	if (client)
		WARD_ENSURE_OUT(
		    sk_ASN1_OBJECT_push(eku, OBJ_nid2obj(NID_client_auth)),
		    WARD_ERR_NOMEM);
	ret = add_ext(x, NID_ext_key_usage, eku, 0);
out:
	EXTENDED_KEY_USAGE_free(eku);
	return ret;
}

/* Key identifier of a certificate's public key: RFC 7093 section 2 method 1,
 * the leftmost 160 bits of the SHA-256 of the subjectPublicKey bits. */
static ward_err key_id(const X509 *x, ASN1_OCTET_STRING **out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len;
	WARD_ENSURE(X509_pubkey_digest(x, EVP_sha256(), md, &len) &&
			len >= KEY_ID_LEN,
		    WARD_ERR_CRYPTO);
	ASN1_OCTET_STRING *s = ASN1_OCTET_STRING_new();
	if (s == NULL || !ASN1_OCTET_STRING_set(s, md, KEY_ID_LEN)) {
		ASN1_OCTET_STRING_free(s);
		return WARD_ERR_NOMEM;
	}
	*out = s;
	return WARD_OK;
}

/* subjectKeyIdentifier of x, and authorityKeyIdentifier naming the issuer's
 * key (issuer == x for the self-signed root). */
static ward_err add_key_ids(X509 *x, X509 *issuer)
{
	ward_err ret;
	ASN1_OCTET_STRING *ski = NULL;
	AUTHORITY_KEYID *akid = NULL;
	WARD_TRY_OUT(key_id(x, &ski));
	WARD_TRY_OUT(add_ext(x, NID_subject_key_identifier, ski, 0));
	akid = AUTHORITY_KEYID_new();
	WARD_ENSURE_OUT(akid != NULL, WARD_ERR_NOMEM);
	/* the issuer's own SKI, so path building matches it byte for byte */
	const ASN1_OCTET_STRING *issuer_ski =
	    issuer == x ? ski : X509_get0_subject_key_id(issuer);
	if (issuer_ski != NULL) {
		akid->keyid = ASN1_OCTET_STRING_dup(issuer_ski);
		WARD_ENSURE_OUT(akid->keyid != NULL, WARD_ERR_NOMEM);
	} else {
		WARD_TRY_OUT(key_id(issuer, &akid->keyid));
	}
	ret = add_ext(x, NID_authority_key_identifier, akid, 0);
out:
	ASN1_OCTET_STRING_free(ski);
	AUTHORITY_KEYID_free(akid);
	return ret;
}

static ward_err push_name(GENERAL_NAMES *gens, int type, const void *data,
			  size_t len)
{
	ward_err ret = WARD_ERR_NOMEM;
	GENERAL_NAME *gen = GENERAL_NAME_new();
	ASN1_STRING *s =
	    type == GEN_DNS ? ASN1_IA5STRING_new() : ASN1_OCTET_STRING_new();
	WARD_ENSURE_OUT(gen != NULL && s != NULL &&
			    ASN1_STRING_set(s, data, (int)len),
			WARD_ERR_NOMEM);
	GENERAL_NAME_set0_value(gen, type, s);
	s = NULL;
	WARD_ENSURE_OUT(sk_GENERAL_NAME_push(gens, gen) > 0, WARD_ERR_NOMEM);
	gen = NULL;
	ret = WARD_OK;
out:
	GENERAL_NAME_free(gen);
	ASN1_STRING_free(s);
	return ret;
}

/* subjectAltName with every name; validates them. */
static ward_err make_sans(const struct ward_ca_issue_params *p,
			  GENERAL_NAMES **out)
{
	ward_err ret = WARD_OK;
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	WARD_ENSURE(gens != NULL, WARD_ERR_NOMEM);
	for (size_t i = 0; i < p->n_dns; i++) {
		const char *name = p->dns_names[i];
		WARD_ENSURE_OUT(ward_ca_valid_dns_name(name), WARD_ERR_ARG);
		WARD_TRY_OUT(push_name(gens, GEN_DNS, name, strlen(name)));
	}
	for (size_t i = 0; i < p->n_ips; i++) {
		uint8_t ip[16];
		size_t len;
		WARD_ENSURE_OUT(p->ips[i] != NULL &&
				    parse_ip(p->ips[i], ip, &len),
				WARD_ERR_ARG);
		WARD_TRY_OUT(push_name(gens, GEN_IPADD, ip, len));
	}
	*out = gens;
	gens = NULL;
out:
	GENERAL_NAMES_free(gens);
	return ret;
}

static ward_err sign_and_append(X509 *x, EVP_PKEY *key, ward_buf *out)
{
	WARD_ENSURE(X509_sign(x, key, sign_md(key)) > 0, WARD_ERR_CRYPTO);
	return append_cert_pem(x, out);
}

/* ---- the CA ---- */

static ward_err make_root(ward_pkey *key, const char *cn, int days,
			  int backdate_days, ward_buf *cert_pem)
{
	static const int usage[] = {BIT_KEY_CERT_SIGN, BIT_CRL_SIGN};
	ward_err ret;
	X509 *x = NULL;
	EVP_PKEY *k = ward_pkey_evp(key);
	if (cn == NULL)
		cn = WARD_CA_DEFAULT_NAME;
	WARD_ENSURE(k != NULL && key_usable(k) && cert_pem != NULL,
		    WARD_ERR_ARG);
	WARD_ENSURE(*cn != '\0' && strlen(cn) <= WARD_CA_CN_MAX, WARD_ERR_ARG);
	WARD_TRY(range_ok(days, backdate_days));
	WARD_TRY_OUT(cert_begin(k, cn, days, backdate_days, &x));
	WARD_ENSURE_OUT(X509_set_issuer_name(x, X509_get_subject_name(x)),
			WARD_ERR_CRYPTO);
	WARD_TRY_OUT(add_basic_constraints(x, 1));
	WARD_TRY_OUT(add_key_usage(x, usage, 2));
	WARD_TRY_OUT(add_key_ids(x, x));
	WARD_TRY_OUT(sign_and_append(x, k, cert_pem));
out:
	X509_free(x);
	if (ret != WARD_OK)
		ERR_clear_error();
	return ret;
}

ward_err ward_ca_make_root(ward_pkey *key, const char *common_name, int days,
			   ward_buf *cert_pem)
{
	return make_root(key, common_name, days, 0, cert_pem);
}

ward_err ward_ca_issue(const struct ward_ca_issue_params *p, ward_buf *cert_pem)
{
	ward_err ret;
	X509 *ca = NULL, *x = NULL;
	GENERAL_NAMES *sans = NULL;
	WARD_ENSURE(p != NULL && cert_pem != NULL, WARD_ERR_ARG);
	EVP_PKEY *ca_key = ward_pkey_evp(p->ca_key);
	EVP_PKEY *sub_key = ward_pkey_evp(p->subject_key);
	WARD_ENSURE(ca_key != NULL && key_usable(ca_key), WARD_ERR_ARG);
	WARD_ENSURE(sub_key != NULL && key_usable(sub_key), WARD_ERR_ARG);
	WARD_ENSURE(p->n_dns + p->n_ips > 0, WARD_ERR_ARG);
	WARD_ENSURE(p->n_dns == 0 || p->dns_names != NULL, WARD_ERR_ARG);
	WARD_ENSURE(p->n_ips == 0 || p->ips != NULL, WARD_ERR_ARG);
	WARD_TRY(range_ok(p->days, p->backdate_days));
	WARD_TRY(make_sans(p, &sans));

	WARD_TRY_OUT(read_cert_pem(p->ca_cert_pem, &ca));
	WARD_ENSURE_OUT(X509_check_ca(ca) != 0, WARD_ERR_ARG);
	WARD_ENSURE_OUT(X509_check_private_key(ca, ca_key) == 1, WARD_ERR_ARG);

	/* The CN is informational (clients match the SAN); a name too long
	 * for it leaves the subject empty, which RFC 5280 4.2.1.6 allows
	 * when the SAN is critical. */
	const char *cn = p->n_dns ? p->dns_names[0] : p->ips[0];
	if (strlen(cn) > WARD_CA_CN_MAX)
		cn = NULL;
	WARD_TRY_OUT(cert_begin(sub_key, cn, p->days, p->backdate_days, &x));
	WARD_ENSURE_OUT(X509_set_issuer_name(x, X509_get_subject_name(ca)),
			WARD_ERR_CRYPTO);
	WARD_TRY_OUT(add_basic_constraints(x, 0));
	/* keyEncipherment only for RSA: TLS 1.2 RSA key exchange encrypts to
	 * the key; EC and Ed25519 keys only sign */
	int usage[] = {BIT_DIGITAL_SIGNATURE, BIT_KEY_ENCIPHERMENT};
	int is_rsa = key_type_of(sub_key) == WARD_KEY_RSA;
	WARD_TRY_OUT(add_key_usage(x, usage, is_rsa ? 2 : 1));
	WARD_TRY_OUT(add_ext_key_usage(x, p->client));
	WARD_TRY_OUT(add_key_ids(x, ca));
	WARD_TRY_OUT(add_ext(x, NID_subject_alt_name, sans, cn == NULL));
	WARD_TRY_OUT(sign_and_append(x, ca_key, cert_pem));
out:
	GENERAL_NAMES_free(sans);
	X509_free(ca);
	X509_free(x);
	if (ret != WARD_OK)
		ERR_clear_error();
	return ret;
}

/* ---- describing a certificate ---- */

static void name_line(const X509_NAME *n, char *out, size_t cap)
{
	out[0] = '\0';
	BIO *bio = BIO_new(BIO_s_mem());
	/* RFC 2253 order and escaping, but UTF-8 printed as is */
	unsigned long flags =
	    XN_FLAG_RFC2253 & ~(unsigned long)ASN1_STRFLGS_ESC_MSB;
	if (bio != NULL && X509_NAME_print_ex(bio, n, 0, flags) >= 0) {
		int got = BIO_read(bio, out, (int)cap - 1);
		out[got > 0 ? got : 0] = '\0';
	}
	BIO_free(bio);
}

static time_t asn1_time(const ASN1_TIME *t)
{
	struct tm tm;
	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return 0;
	return timegm(&tm);
}

ward_err ward_ca_cert_info(ward_slice cert_pem, struct ward_ca_cert_info *out)
{
	ward_err ret = WARD_OK;
	X509 *x = NULL;
	unsigned int mdlen;
	memset(out, 0, sizeof *out);
	WARD_TRY(read_cert_pem(cert_pem, &x));
	name_line(X509_get_subject_name(x), out->subject, sizeof out->subject);
	name_line(X509_get_issuer_name(x), out->issuer, sizeof out->issuer);
	WARD_TRY_OUT(ward_x509_sans_line(x, out->sans, sizeof out->sans));
	out->not_before = asn1_time(X509_get0_notBefore(x));
	out->not_after = asn1_time(X509_get0_notAfter(x));
	WARD_ENSURE_OUT(X509_digest(x, EVP_sha256(), out->sha256, &mdlen) &&
			    mdlen == sizeof out->sha256,
			WARD_ERR_CRYPTO);
	out->is_ca = X509_check_ca(x) != 0;
	EVP_PKEY *k = X509_get0_pubkey(x);
	if (k != NULL) {
		out->key_type = key_type_of(k);
		out->key_bits = (size_t)EVP_PKEY_get_bits(k);
	}
out:
	X509_free(x);
	ERR_clear_error();
	return ret;
}

int ward_ca_signed_by(ward_slice cert_pem, ward_slice ca_pem)
{
	X509 *x = NULL, *ca = NULL;
	int ok = read_cert_pem(cert_pem, &x) == WARD_OK &&
		 read_cert_pem(ca_pem, &ca) == WARD_OK &&
		 X509_check_issued(ca, x) == X509_V_OK &&
		 X509_verify(x, X509_get0_pubkey(ca)) == 1;
	X509_free(x);
	X509_free(ca);
	ERR_clear_error();
	return ok;
}

/* ---- for tests ---- */

ward_err ward_ca_make_test_chain(ward_key_type leaf_type, const char *name,
				 int client, struct ward_ca_test_chain *out)
{
	ward_err ret;
	memset(out, 0, sizeof *out);
	ward_buf_init_secret(&out->key_pem);
	if (name == NULL)
		name = "localhost";
	int ip = ward_ca_is_ip(name);

	WARD_TRY_OUT(ward_pkey_generate(WARD_KEY_EC_P256, &out->ca_key));
	WARD_TRY_OUT(ward_pkey_generate(leaf_type, &out->key));
	/* the root covers the leaf's whole validity, backdating included */
	WARD_TRY_OUT(
	    make_root(out->ca_key, "ward test CA", 32, 1, &out->ca_pem));
	struct ward_ca_issue_params p = {
	    .ca_cert_pem = ward_buf_slice(&out->ca_pem),
	    .ca_key = out->ca_key,
	    .subject_key = out->key,
	    .dns_names = ip ? NULL : &name,
	    .n_dns = ip ? 0 : 1,
	    .ips = ip ? &name : NULL,
	    .n_ips = ip ? 1 : 0,
	    .client = client,
	    .days = 30,
	    .backdate_days = 1,
	};
	WARD_TRY_OUT(ward_ca_issue(&p, &out->cert_pem));
	WARD_TRY_OUT(ward_pkey_to_pem(out->key, &out->key_pem));
out:
	if (ret != WARD_OK) {
		ward_ca_test_chain_free(out);
		ERR_clear_error();
	}
	return ret;
}

void ward_ca_test_chain_free(struct ward_ca_test_chain *c)
{
	ward_buf_free(&c->ca_pem);
	ward_buf_free(&c->cert_pem);
	ward_buf_free(&c->key_pem);
	EVP_PKEY_free(ward_pkey_evp(c->ca_key));
	EVP_PKEY_free(ward_pkey_evp(c->key));
	c->ca_key = NULL;
	c->key = NULL;
}

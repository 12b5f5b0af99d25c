/* The local certificate authority: a self-signed root and the leaf
 * certificates it issues, for `ward ca` and for tests that need certificates
 * made in memory.
 *
 * Certificates go in and out as PEM. Keys are ward_pkey handles (crypto.h).
 * Key types accepted for both the CA and the subject: RSA (>= 2048 bits),
 * ECDSA P-256/P-384/P-521, Ed25519; anything else is WARD_ERR_ARG.
 * The CA signs with SHA-256 (RSA, P-256), SHA-384 (P-384), SHA-512 (P-521)
 * or pure Ed25519.
 *
 * Output buffers are appended to, so a caller can collect a chain in one
 * buffer; initialise them (WARD_BUF_INIT) and free them.
 */
#ifndef WARD_CRYPTO_CA_H
#define WARD_CRYPTO_CA_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/bytes.h"
#include "base/err.h"
#include "crypto/crypto.h"

#define WARD_CA_DEFAULT_NAME "ward local CA"
#define WARD_CA_MAX_DAYS 36500
#define WARD_CA_CN_MAX 64 /* ub-common-name, RFC 5280 appendix A.1 */

/* A self-signed root: X.509v3, random positive 16-byte serial, subject and
 * issuer CN=common_name (NULL: WARD_CA_DEFAULT_NAME; 1..WARD_CA_CN_MAX bytes),
 * valid from now for `days` days (1..WARD_CA_MAX_DAYS), basicConstraints
 * critical CA:TRUE pathlen:0 (DER: 30 06 01 01 ff 02 01 00), keyUsage critical
 * keyCertSign+cRLSign, subject and authority key identifiers. The PEM is
 * appended to *cert_pem. */
WARD_MUST_CHECK ward_err ward_ca_make_root(ward_pkey *key,
					   const char *common_name, int days,
					   ward_buf *cert_pem);

struct ward_ca_issue_params {
	ward_slice ca_cert_pem; /* the issuer; the first certificate is used */
	ward_pkey *ca_key;	/* its private key; must match the cert */
	ward_pkey *subject_key; /* the leaf's key (public part is used) */
	const char *const *dns_names; /* SAN dNSName; "*.x.y" wildcards ok */
	size_t n_dns;
	const char *const *ips; /* SAN iPAddress: IPv4 or IPv6 literals */
	size_t n_ips;
	int client;	   /* EKU clientAuth as well as serverAuth */
	int days;	   /* 1..WARD_CA_MAX_DAYS */
	int backdate_days; /* 0..WARD_CA_MAX_DAYS */
};

/* A leaf signed by the CA: subject CN = the first DNS name (else the first
 * IP), basicConstraints critical CA:FALSE, keyUsage critical
 * digitalSignature (+ keyEncipherment for RSA), extendedKeyUsage serverAuth
 * (+ clientAuth when p->client), SKI/AKI, subjectAltName with every name.
 * Validity: notBefore = now - backdate_days, notAfter = notBefore + days, so
 * backdate_days > days gives a certificate that has already expired.
 * WARD_ERR_ARG: no name at all, a DNS name that is empty, has characters
 * outside [A-Za-z0-9.*-], is not a valid host name or is an IP literal, an
 * IP that is not a literal, days out of range, a CA cert that is not a CA or
 * does not match ca_key, an unsupported key type.
 * WARD_ERR_BAD_CERTIFICATE: ca_cert_pem holds no parsable certificate. */
WARD_MUST_CHECK ward_err ward_ca_issue(const struct ward_ca_issue_params *p,
				       ward_buf *cert_pem);

/* Whether s is acceptable as a SAN dNSName: labels of [A-Za-z0-9-], each
 * 1..63 characters, not starting or ending with '-', at most 253 in all,
 * no leading/trailing/double dot; the
 * left-most label may be "*" when another label follows; not an IP
 * literal. */
int ward_ca_valid_dns_name(const char *s);
/* NULL when s is a valid dNSName (as above), else why not, as a phrase for
 * "'NAME' is not a host name: ...": which label is too long, which
 * character is not allowed, that non-ASCII names need punycode. The text
 * is a constant or written into why[cap]. */
const char *ward_ca_dns_name_problem(const char *s, char *why, size_t cap);
/* Whether s is an IPv4 or IPv6 literal (inet_pton syntax, no zone). */
int ward_ca_is_ip(const char *s);

/* What `ward ca show` and `ward ca issue` print about a certificate. */
struct ward_ca_cert_info {
	char subject[256]; /* RFC 2253, e.g. "CN=ward local CA" */
	char issuer[256];
	char sans[512]; /* "DNS:localhost, IP:127.0.0.1" (may be cut) */
	time_t not_before;
	time_t not_after;
	uint8_t sha256[32]; /* fingerprint: SHA-256 of the DER */
	int is_ca;
	ward_key_type key_type;
	size_t key_bits;
};

/* Describe the first certificate in a PEM buffer.
 * WARD_ERR_BAD_CERTIFICATE if there is none. */
WARD_MUST_CHECK ward_err ward_ca_cert_info(ward_slice cert_pem,
					   struct ward_ca_cert_info *out);

/* Whether the first certificate in cert_pem carries a valid signature by
 * the first one in ca_pem (and names it as issuer); 0 for anything that
 * does not parse. Validity dates are not looked at. */
int ward_ca_signed_by(ward_slice cert_pem, ward_slice ca_pem);

/* ---- for tests ---- */

/* A fresh root (EC P-256, CN "ward test CA") and one leaf it signed, with
 * the leaf's private key: everything a TLS test needs for a server (or, with
 * client, a client) certificate. All owned by the struct. */
struct ward_ca_test_chain {
	ward_buf ca_pem;   /* the root certificate */
	ward_buf cert_pem; /* the leaf certificate */
	ward_buf key_pem;  /* the leaf's private key, PKCS#8 PEM (secret) */
	ward_pkey *ca_key;
	ward_pkey *key; /* the leaf's private key */
};

/* The leaf has a key of leaf_type (WARD_KEY_RSA is 2048 bits) and is valid
 * for `name` (a DNS name or an IP literal; NULL means "localhost") from one
 * day ago for 30 days. On failure *out is left empty. */
WARD_MUST_CHECK ward_err
ward_ca_make_test_chain(ward_key_type leaf_type, const char *name, int client,
			struct ward_ca_test_chain *out);
void ward_ca_test_chain_free(struct ward_ca_test_chain *c);

#endif

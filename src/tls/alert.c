/* Error -> alert, in one table; alert and suite names. */
#include "tls/conn.h"

uint8_t ward_tls_alert_for(ward_err err)
{
	switch (err) {
	case WARD_ERR_DECODE: return WARD_ALERT_DECODE_ERROR;
	case WARD_ERR_ILLEGAL_PARAMETER: return WARD_ALERT_ILLEGAL_PARAMETER;
	case WARD_ERR_UNEXPECTED_MESSAGE: return WARD_ALERT_UNEXPECTED_MESSAGE;
	case WARD_ERR_HANDSHAKE_FAILURE: return WARD_ALERT_HANDSHAKE_FAILURE;
	case WARD_ERR_PROTOCOL_VERSION: return WARD_ALERT_PROTOCOL_VERSION;
	case WARD_ERR_BAD_RECORD_MAC: return WARD_ALERT_BAD_RECORD_MAC;
	case WARD_ERR_RECORD_OVERFLOW: return WARD_ALERT_RECORD_OVERFLOW;
	case WARD_ERR_MISSING_EXTENSION: return WARD_ALERT_MISSING_EXTENSION;
	case WARD_ERR_UNSUPPORTED_EXTENSION:
		return WARD_ALERT_UNSUPPORTED_EXTENSION;
	case WARD_ERR_DECRYPT_ERROR: return WARD_ALERT_DECRYPT_ERROR;
	case WARD_ERR_BAD_CERTIFICATE: return WARD_ALERT_BAD_CERTIFICATE;
	case WARD_ERR_UNSUPPORTED_CERTIFICATE:
		return WARD_ALERT_UNSUPPORTED_CERTIFICATE;
	case WARD_ERR_CERTIFICATE_EXPIRED: return WARD_ALERT_CERTIFICATE_EXPIRED;
	case WARD_ERR_CERTIFICATE_REVOKED: return WARD_ALERT_CERTIFICATE_REVOKED;
	case WARD_ERR_CERTIFICATE_UNKNOWN: return WARD_ALERT_CERTIFICATE_UNKNOWN;
	case WARD_ERR_UNKNOWN_CA: return WARD_ALERT_UNKNOWN_CA;
	case WARD_ERR_NO_APPLICATION_PROTOCOL:
		return WARD_ALERT_NO_APPLICATION_PROTOCOL;
	case WARD_ERR_INSUFFICIENT_SECURITY:
		return WARD_ALERT_INSUFFICIENT_SECURITY;
	case WARD_ERR_INAPPROPRIATE_FALLBACK:
		return WARD_ALERT_INAPPROPRIATE_FALLBACK;
	case WARD_ERR_NO_RENEGOTIATION: return WARD_ALERT_NO_RENEGOTIATION;
	case WARD_ERR_UNRECOGNIZED_NAME: return WARD_ALERT_UNRECOGNIZED_NAME;
	case WARD_ERR_CERTIFICATE_REQUIRED:
		return WARD_ALERT_CERTIFICATE_REQUIRED;
	case WARD_ERR_USER_CANCELED: return WARD_ALERT_USER_CANCELED;
	default: return WARD_ALERT_INTERNAL_ERROR;
	}
}

const char *ward_tls_alert_name(uint8_t alert)
{
	switch (alert) {
	case WARD_ALERT_CLOSE_NOTIFY: return "close_notify";
	case WARD_ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
	case WARD_ALERT_BAD_RECORD_MAC: return "bad_record_mac";
	case WARD_ALERT_RECORD_OVERFLOW: return "record_overflow";
	case WARD_ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
	case WARD_ALERT_BAD_CERTIFICATE: return "bad_certificate";
	case WARD_ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
	case WARD_ALERT_CERTIFICATE_REVOKED: return "certificate_revoked";
	case WARD_ALERT_CERTIFICATE_EXPIRED: return "certificate_expired";
	case WARD_ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
	case WARD_ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
	case WARD_ALERT_UNKNOWN_CA: return "unknown_ca";
	case WARD_ALERT_ACCESS_DENIED: return "access_denied";
	case WARD_ALERT_DECODE_ERROR: return "decode_error";
	case WARD_ALERT_DECRYPT_ERROR: return "decrypt_error";
	case WARD_ALERT_PROTOCOL_VERSION: return "protocol_version";
	case WARD_ALERT_INSUFFICIENT_SECURITY: return "insufficient_security";
	case WARD_ALERT_INTERNAL_ERROR: return "internal_error";
	case WARD_ALERT_INAPPROPRIATE_FALLBACK: return "inappropriate_fallback";
	case WARD_ALERT_USER_CANCELED: return "user_canceled";
	case WARD_ALERT_NO_RENEGOTIATION: return "no_renegotiation";
	case WARD_ALERT_MISSING_EXTENSION: return "missing_extension";
	case WARD_ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
	case WARD_ALERT_UNRECOGNIZED_NAME: return "unrecognized_name";
	case WARD_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE:
		return "bad_certificate_status_response";
	case WARD_ALERT_UNKNOWN_PSK_IDENTITY: return "unknown_psk_identity";
	case WARD_ALERT_CERTIFICATE_REQUIRED: return "certificate_required";
	case WARD_ALERT_NO_APPLICATION_PROTOCOL: return "no_application_protocol";
	default: return NULL;
	}
}

/* suite is the RFC name less "TLS_" */
#define TLS13(suite, cipher, prf, limited)                                     \
	{                                                                      \
		.id = WARD_TLS_##suite, .aead = WARD_AEAD_##cipher,            \
		.hash = WARD_HASH_##prf, .name = "TLS_" #suite,                \
		.key_limited = limited                                         \
	}
#define AEAD12(suite, kx, auth, cipher, prf)                                   \
	{                                                                      \
		.id = WARD_TLS_##suite, .aead = WARD_AEAD_##cipher,            \
		.hash = WARD_HASH_##prf, .name = "TLS_" #suite,                \
		.tls12_auth = WARD_TLS12_AUTH_##auth,                          \
		.tls12_kx = WARD_TLS12_KX_##kx,                                \
		.key_limited = WARD_AEAD_##cipher != WARD_AEAD_CHACHA20_POLY1305 \
	}
/* the PRF is TLS 1.2's SHA-256 (RFC 5246 5); the MAC is the suite's */
#define CBC12(suite, kx, auth, cipher, hmac)                                   \
	{                                                                      \
		.id = WARD_TLS_##suite, .hash = WARD_HASH_SHA256,              \
		.name = "TLS_" #suite, .tls12_auth = WARD_TLS12_AUTH_##auth,   \
		.tls12_kx = WARD_TLS12_KX_##kx, .cbc = 1,                      \
		.cbc_alg = WARD_CBC_##cipher, .mac = WARD_HASH_##hmac          \
	}

static const ward_tls_suite suites[] = {
	TLS13(AES_128_GCM_SHA256, AES_128_GCM, SHA256, 1),
	TLS13(AES_256_GCM_SHA384, AES_256_GCM, SHA384, 1),
	TLS13(CHACHA20_POLY1305_SHA256, CHACHA20_POLY1305, SHA256, 0),
	/* TLS 1.2: hash is the PRF's (RFC 5289 3.2); an AES-GCM key's record
	 * limit ends the connection, there being no KeyUpdate (tls.h) */
	AEAD12(ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ECDHE, ECDSA, AES_128_GCM,
	       SHA256),
	AEAD12(ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ECDHE, ECDSA, AES_256_GCM,
	       SHA384),
	AEAD12(ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ECDHE, ECDSA,
	       CHACHA20_POLY1305, SHA256),
	AEAD12(ECDHE_RSA_WITH_AES_128_GCM_SHA256, ECDHE, RSA, AES_128_GCM,
	       SHA256),
	AEAD12(ECDHE_RSA_WITH_AES_256_GCM_SHA384, ECDHE, RSA, AES_256_GCM,
	       SHA384),
	AEAD12(ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, ECDHE, RSA,
	       CHACHA20_POLY1305, SHA256),
	AEAD12(DHE_RSA_WITH_AES_128_GCM_SHA256, DHE, RSA, AES_128_GCM, SHA256),
	AEAD12(DHE_RSA_WITH_AES_256_GCM_SHA384, DHE, RSA, AES_256_GCM, SHA384),
	AEAD12(DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, DHE, RSA,
	       CHACHA20_POLY1305, SHA256),
	/* the legacy policy's: static RSA key exchange (RFC 5288), CBC */
	AEAD12(RSA_WITH_AES_128_GCM_SHA256, RSA, RSA, AES_128_GCM, SHA256),
	AEAD12(RSA_WITH_AES_256_GCM_SHA384, RSA, RSA, AES_256_GCM, SHA384),
	CBC12(RSA_WITH_AES_128_CBC_SHA, RSA, RSA, AES_128, SHA1),
	CBC12(RSA_WITH_AES_256_CBC_SHA, RSA, RSA, AES_256, SHA1),
	CBC12(RSA_WITH_AES_128_CBC_SHA256, RSA, RSA, AES_128, SHA256),
	CBC12(ECDHE_ECDSA_WITH_AES_128_CBC_SHA, ECDHE, ECDSA, AES_128, SHA1),
	CBC12(ECDHE_ECDSA_WITH_AES_256_CBC_SHA, ECDHE, ECDSA, AES_256, SHA1),
	CBC12(ECDHE_RSA_WITH_AES_128_CBC_SHA, ECDHE, RSA, AES_128, SHA1),
	CBC12(ECDHE_RSA_WITH_AES_256_CBC_SHA, ECDHE, RSA, AES_256, SHA1),
	CBC12(ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, ECDHE, ECDSA, AES_128,
	      SHA256),
	CBC12(ECDHE_RSA_WITH_AES_128_CBC_SHA256, ECDHE, RSA, AES_128, SHA256),
};

#undef TLS13
#undef AEAD12
#undef CBC12

const ward_tls_suite *ward_tls_suite_find(uint16_t id)
{
	for (size_t i = 0; i < sizeof suites / sizeof *suites; i++)
		if (suites[i].id == id)
			return &suites[i];
	return NULL;
}

const char *ward_tls_suite_name(uint16_t id)
{
	const ward_tls_suite *s = ward_tls_suite_find(id);
	return s ? s->name : NULL;
}

const char *ward_tls_version_name(uint16_t version)
{
	switch (version) {
	case WARD_TLS_VERSION_10: return "TLSv1.0";
	case WARD_TLS_VERSION_11: return "TLSv1.1";
	case WARD_TLS_VERSION_12: return "TLSv1.2";
	case WARD_TLS_VERSION_13: return "TLSv1.3";
	default: return NULL;
	}
}

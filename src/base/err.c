#include "base/err.h"

const char *ward_err_name(ward_err err)
{
	switch (err) {
	case WARD_OK: return "ok";
	case WARD_ERR_WANT_INPUT: return "want_input";
	case WARD_ERR_DECODE: return "decode_error";
	case WARD_ERR_ILLEGAL_PARAMETER: return "illegal_parameter";
	case WARD_ERR_UNEXPECTED_MESSAGE: return "unexpected_message";
	case WARD_ERR_HANDSHAKE_FAILURE: return "handshake_failure";
	case WARD_ERR_PROTOCOL_VERSION: return "protocol_version";
	case WARD_ERR_BAD_RECORD_MAC: return "bad_record_mac";
	case WARD_ERR_RECORD_OVERFLOW: return "record_overflow";
	case WARD_ERR_MISSING_EXTENSION: return "missing_extension";
	case WARD_ERR_UNSUPPORTED_EXTENSION: return "unsupported_extension";
	case WARD_ERR_DECRYPT_ERROR: return "decrypt_error";
	case WARD_ERR_BAD_CERTIFICATE: return "bad_certificate";
	case WARD_ERR_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
	case WARD_ERR_CERTIFICATE_EXPIRED: return "certificate_expired";
	case WARD_ERR_CERTIFICATE_REVOKED: return "certificate_revoked";
	case WARD_ERR_CERTIFICATE_UNKNOWN: return "certificate_unknown";
	case WARD_ERR_UNKNOWN_CA: return "unknown_ca";
	case WARD_ERR_NO_APPLICATION_PROTOCOL: return "no_application_protocol";
	case WARD_ERR_INSUFFICIENT_SECURITY: return "insufficient_security";
	case WARD_ERR_INAPPROPRIATE_FALLBACK: return "inappropriate_fallback";
	case WARD_ERR_NO_RENEGOTIATION: return "no_renegotiation";
	case WARD_ERR_UNRECOGNIZED_NAME: return "unrecognized_name";
	case WARD_ERR_CERTIFICATE_REQUIRED: return "certificate_required";
	case WARD_ERR_USER_CANCELED: return "user_canceled";
	case WARD_ERR_PEER_ALERT: return "peer_alert";
	case WARD_ERR_PEER_CLOSED: return "peer_closed";
	case WARD_ERR_HTTP_BAD_REQUEST: return "bad_request";
	case WARD_ERR_HTTP_PAYLOAD_TOO_LARGE: return "payload_too_large";
	case WARD_ERR_HTTP_URI_TOO_LONG: return "uri_too_long";
	case WARD_ERR_HTTP_EXPECTATION_FAILED: return "expectation_failed";
	case WARD_ERR_HTTP_HEADERS_TOO_LARGE: return "headers_too_large";
	case WARD_ERR_HTTP_NOT_IMPLEMENTED: return "not_implemented";
	case WARD_ERR_HTTP_VERSION_NOT_SUPPORTED: return "version_not_supported";
	case WARD_ERR_HTTP_INSUFFICIENT_STORAGE: return "insufficient_storage";
	case WARD_ERR_NOMEM: return "nomem";
	case WARD_ERR_OVERFLOW: return "overflow";
	case WARD_ERR_CRYPTO: return "crypto";
	case WARD_ERR_IO: return "io";
	case WARD_ERR_CONFIG: return "config";
	case WARD_ERR_NOT_FOUND: return "not_found";
	case WARD_ERR_INTERNAL: return "internal";
	case WARD_ERR_STATE: return "state";
	case WARD_ERR_ARG: return "arg";
	}
	return "unknown";
}

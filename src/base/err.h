/* ward error codes.
 *
 * One enum for the whole program, 0 = success, grouped in classes:
 *   need-input  the operation waits for more bytes; not a failure
 *   peer        the peer sent something wrong; each maps to one TLS alert
 *               (tls/alert.c) or one HTTP status (http/status.c)
 *   local       resources, configuration, internal invariants
 *   usage       the caller misused an API
 */
#ifndef WARD_BASE_ERR_H
#define WARD_BASE_ERR_H

typedef enum ward_err {
	WARD_OK = 0,

	/* need-input */
	WARD_ERR_WANT_INPUT = 1,

	/* peer: TLS, each named after the alert it sends (RFC 8446 6.2) */
	WARD_ERR_PEER_FIRST = 100,
	WARD_ERR_DECODE = WARD_ERR_PEER_FIRST,
	WARD_ERR_ILLEGAL_PARAMETER,
	WARD_ERR_UNEXPECTED_MESSAGE,
	WARD_ERR_HANDSHAKE_FAILURE,
	WARD_ERR_PROTOCOL_VERSION,
	WARD_ERR_BAD_RECORD_MAC,
	WARD_ERR_RECORD_OVERFLOW,
	WARD_ERR_MISSING_EXTENSION,
	WARD_ERR_UNSUPPORTED_EXTENSION,
	WARD_ERR_DECRYPT_ERROR,
	WARD_ERR_BAD_CERTIFICATE,
	WARD_ERR_UNSUPPORTED_CERTIFICATE,
	WARD_ERR_CERTIFICATE_EXPIRED,
	WARD_ERR_CERTIFICATE_REVOKED,
	WARD_ERR_CERTIFICATE_UNKNOWN,
	WARD_ERR_UNKNOWN_CA,
	WARD_ERR_NO_APPLICATION_PROTOCOL,
	WARD_ERR_INSUFFICIENT_SECURITY,
	WARD_ERR_INAPPROPRIATE_FALLBACK,
	WARD_ERR_NO_RENEGOTIATION,
	WARD_ERR_UNRECOGNIZED_NAME,
	WARD_ERR_CERTIFICATE_REQUIRED,
	WARD_ERR_USER_CANCELED,
	/* the peer ended the connection */
	WARD_ERR_PEER_ALERT,   /* fatal alert received; see the connection for which */
	WARD_ERR_PEER_CLOSED,  /* close_notify received, or EOF */
	WARD_ERR_PEER_LAST = WARD_ERR_PEER_CLOSED,

	/* peer: HTTP, named after the status they answer (RFC 9110 15) */
	WARD_ERR_HTTP_FIRST = 200,
	WARD_ERR_HTTP_BAD_REQUEST = WARD_ERR_HTTP_FIRST, /* 400 */
	WARD_ERR_HTTP_PAYLOAD_TOO_LARGE,                 /* 413 */
	WARD_ERR_HTTP_URI_TOO_LONG,                      /* 414 */
	WARD_ERR_HTTP_EXPECTATION_FAILED,                /* 417 */
	WARD_ERR_HTTP_HEADERS_TOO_LARGE,                 /* 431 */
	WARD_ERR_HTTP_NOT_IMPLEMENTED,                   /* 501 */
	WARD_ERR_HTTP_VERSION_NOT_SUPPORTED,             /* 505 */
	WARD_ERR_HTTP_INSUFFICIENT_STORAGE,              /* 507 */
	WARD_ERR_HTTP_LAST = WARD_ERR_HTTP_INSUFFICIENT_STORAGE,

	/* local */
	WARD_ERR_LOCAL_FIRST = 300,
	WARD_ERR_NOMEM = WARD_ERR_LOCAL_FIRST,
	WARD_ERR_OVERFLOW, /* a fixed-size buffer or a length field is too small */
	WARD_ERR_CRYPTO,   /* libcrypto failed where it should not */
	WARD_ERR_IO,
	WARD_ERR_CONFIG,
	WARD_ERR_NOT_FOUND,
	WARD_ERR_INTERNAL,

	/* usage */
	WARD_ERR_USAGE_FIRST = 400,
	WARD_ERR_STATE = WARD_ERR_USAGE_FIRST, /* call not valid in this state */
	WARD_ERR_ARG,
} ward_err;

/* Short stable name of an error ("decode_error", "nomem", ...). */
const char *ward_err_name(ward_err err);

static inline int ward_err_is_peer(ward_err e)
{
	return e >= WARD_ERR_PEER_FIRST && e <= WARD_ERR_PEER_LAST;
}

#define WARD_MUST_CHECK __attribute__((warn_unused_result))

/* Propagate a failure; the happy path reads straight down. */
#define WARD_TRY(expr)                                                         \
	do {                                                                   \
		ward_err ward_try_err_ = (expr);                               \
		if (ward_try_err_ != WARD_OK)                                  \
			return ward_try_err_;                                  \
	} while (0)

#define WARD_ENSURE(cond, err)                                                 \
	do {                                                                   \
		if (!(cond))                                                   \
			return (err);                                          \
	} while (0)

/* For functions with an `out:` cleanup label and a local `ward_err ret`. */
#define WARD_TRY_OUT(expr)                                                     \
	do {                                                                   \
		if ((ret = (expr)) != WARD_OK)                                 \
			goto out;                                              \
	} while (0)

#define WARD_ENSURE_OUT(cond, err)                                             \
	do {                                                                   \
		if (!(cond)) {                                                 \
			ret = (err);                                           \
			goto out;                                              \
		}                                                              \
	} while (0)

#endif

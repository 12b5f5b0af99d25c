/* Client sessions (tls.h): the blob's first byte says what it holds, and
 * each kind has its own codec (session12.c: 0x12, a TLS 1.2 session;
 * session13.c: 0x13, a TLS 1.3 ticket). */
#include "tls/conn.h"

ward_err ward_tls_get_session(const ward_tls_conn *c, ward_buf *out)
{
	WARD_ENSURE(c->role == WARD_TLS_CLIENT && c->state == WARD_ST_CONNECTED,
		    WARD_ERR_STATE);
	ward_buf_clear(out);
	if (c->info.version == WARD_TLS_VERSION_12)
		return ward_tls12_session_encode(c, out);
	return ward_tls13_session_get(c, out);
}

ward_err ward_tls_set_session(ward_tls_conn *c, const uint8_t *blob, size_t len)
{
	WARD_ENSURE(c->role == WARD_TLS_CLIENT && c->state == WARD_ST_START,
		    WARD_ERR_STATE);
	WARD_ENSURE(blob && len > 0, WARD_ERR_ARG);
	switch (blob[0]) {
	case WARD_TLS_SESSION_TLS12:
		return ward_tls12_session_decode(c, blob, len);
	case WARD_TLS_SESSION_TLS13:
		return ward_tls13_session_set(c, blob, len);
	default:
		return WARD_ERR_ARG;
	}
}

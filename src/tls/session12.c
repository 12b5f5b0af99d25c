/* The client's TLS 1.2 session blob (tls.h), first byte 0x12:
 *
 *   u8  0x12
 *   u16 cipher suite
 *   u8  flags (bit 0: extended master secret; others must be 0)
 *   48  master secret
 *   u8  session_id<0..32>
 *   u16 ticket<0..2^16-1>      (RFC 5077, empty when none)
 *   u64 created (seconds)
 *   u32 lifetime (seconds)
 *   u8  host name<0..255>
 *
 * A session without the extended master secret is never made or resumed
 * (RFC 7627 5.3): such a blob is well-formed but ignored. */
#include <string.h>

#include "tls/conn.h"

#define FLAG_EMS 0x01

void ward_tls12_session_wipe(ward_tls12_session *s)
{
	ward_buf_free(&s->ticket);
	ward_buf_free(&s->host);
	ward_wipe(s, sizeof *s);
}

ward_err ward_tls12_session_encode(const ward_tls_conn *c, ward_buf *out)
{
	const ward_tls12_session *s = &c->sess12;
	WARD_ENSURE(c->sess12_valid && (s->id_len > 0 || s->ticket.len > 0),
		    WARD_ERR_STATE);
	WARD_TRY(ward_put_u8(out, WARD_TLS_SESSION_TLS12));
	WARD_TRY(ward_put_u16(out, s->suite));
	WARD_TRY(ward_put_u8(out, FLAG_EMS));
	WARD_TRY(ward_put_bytes(out, s->master, sizeof s->master));
	WARD_TRY(ward_put_vec(out, 1, s->id, s->id_len));
	WARD_TRY(ward_put_vec(out, 2, s->ticket.data, s->ticket.len));
	WARD_TRY(ward_put_u64(out, (uint64_t)s->created));
	WARD_TRY(ward_put_u32(out, s->lifetime));
	return ward_put_vec(out, 1, s->host.data, s->host.len);
}

ward_err ward_tls12_session_decode(ward_tls_conn *c, const uint8_t *blob,
				   size_t len)
{
	ward_tls12_session *s = &c->sess12;
	ward_reader r = ward_reader_make(blob, len);
	uint8_t kind, flags;
	uint64_t created;
	ward_slice id, ticket, host;
	ward_err ret = WARD_OK;
	ward_tls12_session_wipe(s);
	c->sess12_offered = 0;
	ward_buf_init_secret(&s->ticket);
	WARD_TRY_OUT(ward_read_u8(&r, &kind));
	WARD_TRY_OUT(ward_read_u16(&r, &s->suite));
	WARD_TRY_OUT(ward_read_u8(&r, &flags));
	WARD_TRY_OUT(ward_read_copy(&r, s->master, sizeof s->master));
	WARD_TRY_OUT(ward_read_vec_slice(&r, 1, 0, 32, &id));
	WARD_TRY_OUT(ward_read_vec_slice(&r, 2, 0, 0xffff, &ticket));
	WARD_TRY_OUT(ward_read_u64(&r, &created));
	WARD_TRY_OUT(ward_read_u32(&r, &s->lifetime));
	WARD_TRY_OUT(ward_read_vec_slice(&r, 1, 0, 255, &host));
	WARD_TRY_OUT(ward_read_end(&r));
	WARD_ENSURE_OUT(kind == WARD_TLS_SESSION_TLS12 &&
			    (flags & ~FLAG_EMS) == 0 &&
			    (id.len > 0 || ticket.len > 0) &&
			    memchr(host.p, 0, host.len) == NULL &&
			    created <= WARD_TLS_MAX_SESSION_TIME,
			WARD_ERR_DECODE);
	memcpy(s->id, id.p, id.len);
	s->id_len = id.len;
	WARD_TRY_OUT(ward_put_bytes(&s->ticket, ticket.p, ticket.len));
	WARD_TRY_OUT(ward_put_bytes(&s->host, host.p, host.len));
	s->created = (int64_t)created;
	/* well-formed; whether it suits the connection is decided at start */
	c->sess12_offered = (flags & FLAG_EMS) != 0;
	return WARD_OK;
out:
	ward_tls12_session_wipe(s);
	ward_buf_init_secret(&s->ticket);
	return ret == WARD_ERR_NOMEM ? ret : WARD_ERR_ARG;
}

void ward_tls12_session_check(ward_tls_conn *c)
{
	const ward_tls12_session *s = &c->sess12;
	const ward_tls_config *cfg = c->cfg;
	if (!c->sess12_offered)
		return;
	int suite_ok = 0;
	for (size_t i = 0; i < cfg->n_suites12; i++)
		suite_ok |= cfg->suites12[i] == s->suite;
	int64_t now = (int64_t)ward_tls_now(c);
	int fresh =
	    now >= s->created && now - s->created < (int64_t)s->lifetime;
	size_t host_len = c->host ? strlen(c->host) : 0;
	int same_host =
	    s->host.len == host_len &&
	    (host_len == 0 || !memcmp(s->host.data, c->host, host_len));
	if (!cfg->tls12 || !suite_ok || !fresh || !same_host) {
		c->sess12_offered = 0;
		ward_tls12_session_wipe(&c->sess12);
		ward_buf_init_secret(&c->sess12.ticket);
	}
}

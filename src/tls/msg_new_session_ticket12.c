/* The TLS 1.2 NewSessionTicket (RFC 5077 3.3): a lifetime hint and an
 * opaque ticket the client offers back, sent by the server after the
 * client's Finished (full handshake) or after ServerHello (abbreviated),
 * before its ChangeCipherSpec. */
#include <string.h>

#include "tls/handshake.h"

ward_err ward_new_session_ticket12_write(ward_buf *b, uint32_t lifetime_hint,
					 ward_slice ticket)
{
	size_t msg;
	WARD_TRY(ward_hs_begin(b, WARD_HS_NEW_SESSION_TICKET, &msg));
	WARD_TRY(ward_put_u32(b, lifetime_hint));
	WARD_TRY(ward_put_vec(b, 2, ticket.p, ticket.len));
	return ward_hs_end(b, msg);
}

ward_err ward_new_session_ticket12_parse(ward_slice body,
					 ward_tls12_new_session_ticket *t)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(t, 0, sizeof *t);
	WARD_TRY(ward_read_u32(&r, &t->lifetime_hint));
	/* an empty ticket: the server will not issue one after all */
	WARD_TRY(ward_read_vec_slice(&r, 2, 0, 0xffff, &t->ticket));
	return ward_read_end(&r);
}

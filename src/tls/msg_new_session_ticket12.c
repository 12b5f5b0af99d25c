/* The TLS 1.2 NewSessionTicket (RFC 5077 3.3): sent by the server after
 * the client's Finished (full handshake) or after ServerHello
 * (abbreviated), before its ChangeCipherSpec. */
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

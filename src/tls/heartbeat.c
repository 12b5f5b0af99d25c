/* Heartbeat (RFC 6520), TLS 1.2 under the legacy policy only: requests
 * from the peer are answered; ward sends none of its own. */
#include "tls/conn.h"

enum { HEARTBEAT_REQUEST = 1, HEARTBEAT_RESPONSE = 2 };

/* RFC 6520 4: a message carries at least 16 bytes of padding. */
#define HEARTBEAT_PADDING 16

ward_err ward_tls12_heartbeat(ward_tls_conn *c, ward_tls_record *rec,
			      ward_buf *out)
{
	ward_reader r = ward_reader_make(rec->body, rec->body_len);
	uint8_t type;
	uint16_t payload_len;
	/* RFC 6520 3: one that arrives during the handshake is dropped */
	if (c->state != WARD_ST_CONNECTED || c->sent_close)
		return WARD_OK;
	/* too short for its header: nothing to answer, dropped like the
	 * next case */
	if (ward_read_u8(&r, &type) != WARD_OK ||
	    ward_read_u16(&r, &payload_len) != WARD_OK)
		return WARD_OK;
	/* RFC 6520 4: a payload_length too large for the record (Heartbleed
	 * asks for what follows it in memory) is discarded silently */
	if ((size_t)payload_len + HEARTBEAT_PADDING > ward_reader_left(&r))
		return WARD_OK;
	/* a response we did not ask for, or an unknown type (3): dropped */
	if (type != HEARTBEAT_REQUEST)
		return WARD_OK;
	/* the answer in place of the request: the same payload, then fresh
	 * padding (its own padding is ignored); never longer than it */
	uint8_t *msg = rec->body;
	size_t len = 3 + (size_t)payload_len + HEARTBEAT_PADDING;
	msg[0] = HEARTBEAT_RESPONSE;
	WARD_TRY(ward_tls_random(c, msg + 3 + payload_len, HEARTBEAT_PADDING));
	return ward_tls_record_seal(&c->wr, out, WARD_TLS_CT_HEARTBEAT, msg,
				    len, 0);
}

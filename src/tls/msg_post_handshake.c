/* Post-handshake messages: NewSessionTicket and KeyUpdate (RFC 8446 4.6). */
#include <string.h>

#include "tls/handshake.h"

ward_err ward_new_session_ticket_parse(ward_slice body,
				       ward_tls_new_session_ticket *t)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(t, 0, sizeof *t);
	WARD_TRY(ward_read_u32(&r, &t->lifetime));
	WARD_TRY(ward_read_u32(&r, &t->age_add));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &t->nonce));
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &t->ticket));
	WARD_TRY(ward_exts_parse(&r, WARD_EXT_IN_NST, &t->ext));
	WARD_TRY(ward_read_end(&r));
	/* RFC 8446 4.6.1: servers MUST NOT use any value greater than
	 * 604800 seconds */
	WARD_ENSURE(t->lifetime <= WARD_TLS_MAX_TICKET_LIFETIME,
		    WARD_ERR_ILLEGAL_PARAMETER);
	if (ward_exts_has(&t->ext, WARD_EXT_EARLY_DATA)) {
		ward_slice b = t->ext.body[WARD_EXT_EARLY_DATA];
		ward_reader er = ward_reader_make(b.p, b.len);
		WARD_TRY(ward_read_u32(&er, &t->max_early_data));
		WARD_TRY(ward_read_end(&er));
	}
	return WARD_OK;
}

ward_err ward_new_session_ticket_write(ward_buf *b, uint32_t lifetime,
				       uint32_t age_add, ward_slice nonce,
				       ward_slice ticket, uint32_t max_early_data)
{
	size_t exts, ext;
	size_t msg;
	WARD_TRY(ward_hs_begin(b, WARD_HS_NEW_SESSION_TICKET, &msg));
	WARD_TRY(ward_put_u32(b, lifetime));
	WARD_TRY(ward_put_u32(b, age_add));
	WARD_TRY(ward_put_vec(b, 1, nonce.p, nonce.len));
	WARD_TRY(ward_put_vec(b, 2, ticket.p, ticket.len));
	WARD_TRY(ward_put_vec_begin(b, 2, &exts));
	if (max_early_data) {
		WARD_TRY(ward_put_u16(b, ward_ext_code(WARD_EXT_EARLY_DATA)));
		WARD_TRY(ward_put_vec_begin(b, 2, &ext));
		WARD_TRY(ward_put_u32(b, max_early_data));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	WARD_TRY(ward_put_vec_end(b, exts));
	return ward_hs_end(b, msg);
}

ward_err ward_end_of_early_data_parse(ward_slice body)
{
	WARD_ENSURE(body.len == 0, WARD_ERR_DECODE);
	return WARD_OK;
}

ward_err ward_end_of_early_data_write(ward_buf *b)
{
	size_t msg;
	WARD_TRY(ward_hs_begin(b, WARD_HS_END_OF_EARLY_DATA, &msg));
	return ward_hs_end(b, msg);
}

ward_err ward_key_update_parse(ward_slice body, uint8_t *request_update)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	WARD_TRY(ward_read_u8(&r, request_update));
	WARD_TRY(ward_read_end(&r));
	WARD_ENSURE(*request_update <= WARD_KEY_UPDATE_REQUESTED,
		    WARD_ERR_ILLEGAL_PARAMETER);
	return WARD_OK;
}

ward_err ward_key_update_write(ward_buf *b, uint8_t request_update)
{
	size_t msg;
	WARD_TRY(ward_hs_begin(b, WARD_HS_KEY_UPDATE, &msg));
	WARD_TRY(ward_put_u8(b, request_update));
	return ward_hs_end(b, msg);
}

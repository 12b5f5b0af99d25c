/* Finished (RFC 8446 4.4.4): verify_data is computed by the key schedule
 * and compared in constant time by the state machines. */
#include "tls/handshake.h"

ward_err ward_finished_write(ward_buf *b, const uint8_t *verify_data,
			     size_t len)
{
	size_t msg;
	WARD_TRY(ward_hs_begin(b, WARD_HS_FINISHED, &msg));
	WARD_TRY(ward_put_bytes(b, verify_data, len));
	return ward_hs_end(b, msg);
}

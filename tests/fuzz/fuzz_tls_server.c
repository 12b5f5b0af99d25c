/* libFuzzer: the TLS 1.3 server, driven by a script of the client's side
 * (fixture.h): raw bytes, records sealed under the client's keys as the
 * server derived them, the client's Finished, key changes, and the
 * server's own sends. So the fuzzer works on the encrypted handshake, the
 * post-handshake messages, alerts and application data too, not only on
 * the ClientHello. */
#include <stdlib.h>

#include "fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_outcome o;
	fuzz_server_run(data, size, &o);
	/* RFC 8446 6.2: a failure the peer caused is answered with an alert */
	if (ward_err_is_peer(o.err) && o.err != WARD_ERR_PEER_ALERT &&
	    o.err != WARD_ERR_PEER_CLOSED && o.alert_sent == 255)
		abort();
	return 0;
}

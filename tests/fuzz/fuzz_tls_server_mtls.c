/* libFuzzer: the TLS 1.3 and 1.2 server asking for a client certificate
 * (fixture.h: fuzz_server_config_mtls), driven by the same script of the
 * client's side as fuzz_tls_server: the client's Certificate and
 * CertificateVerify, their order, and what follows. */
#include <stdlib.h>

#include "fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_outcome o;
	fuzz_server_run_cfg(fuzz_server_config_mtls(), data, size, &o);
	/* RFC 8446 6.2: a failure the peer caused is answered with an alert */
	if (ward_err_is_peer(o.err) && o.err != WARD_ERR_PEER_ALERT &&
	    o.err != WARD_ERR_PEER_CLOSED && o.alert_sent == 255)
		abort();
	return 0;
}

/* Requests that arrived in TLS 1.3 early data (RFC 8446 2.3, RFC 8470).
 *
 * Early data can be replayed by whoever captured the client's first
 * flight, so a request that arrived in it, wholly or partly, is processed
 * only when replaying it changes nothing: GET or HEAD without a body.
 * Anything else gets 425 Too Early (RFC 8470 5.2) from the router, unless
 * its route opts in (config: early-data: true); the connection goes on,
 * and the client sends the request again after the handshake. */
#ifndef WARD_SERVER_EARLY_H
#define WARD_SERVER_EARLY_H

#include <stdint.h>

#include "http/http.h"
#include "tls/tls.h"

/* The largest --early-data: early bytes wait in the connection's input
 * until the handshake is done, below what stops reading (64 KiB). */
#define WARD_SERVE_MAX_EARLY_DATA (32 * 1024)

/* Whether a request head that starts at byte `at` of the connection's
 * decrypted stream began in early data (tls: the connection's info). */
int ward_early_request_in_early_data(const ward_tls_info *tls, uint64_t at);
/* Whether such a request must wait: 425 instead of processing it. */
int ward_early_request_too_early(const ward_http_request *req);

#endif

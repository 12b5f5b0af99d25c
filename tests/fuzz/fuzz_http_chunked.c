/* libFuzzer: the chunked decoder, fed in pieces of 1..16 bytes (chosen by
 * the first input byte) the way a connection does: new bytes go behind
 * what is left, and the bytes used are dropped after each call. */
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t piece = (size_t)(data[0] & 15) + 1;
	uint64_t max_body = data[0] & 16 ? 64 : (uint64_t)1 << 20;
	size_t max_trailer = data[0] & 32 ? 16 : 4096;
	data++;
	size--;

	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	ward_http_chunked d;
	ward_http_chunked_init(&d, max_body, max_trailer);
	size_t have = 0, fed = 0;
	uint64_t body_total = 0;
	int done = 0;
	while (!done && fed < size) {
		size_t n = size - fed < piece ? size - fed : piece;
		memcpy(buf + have, data + fed, n);
		have += n;
		fed += n;
		size_t used, body_len;
		ward_err err = ward_http_chunked_decode(&d, buf, have, &used,
							&body_len, &done);
		if (err != WARD_OK)
			break;
		if (used > have || body_len > used)
			abort();
		body_total += body_len;
		if (body_total > max_body)
			abort();
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (d.trailers.len > max_trailer)
		abort();
	ward_http_chunked_free(&d);
	free(buf);
	return 0;
}

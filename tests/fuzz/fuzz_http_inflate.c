/* libFuzzer: the gzip/deflate content decoder of `ward get --compressed`,
 * fed in pieces of 1..64 bytes; the first input byte picks the coding
 * and the piece size. The output must stay within what zlib allows for
 * the input (1032:1) and stop at once when the sink says so. */
#include <stdlib.h>

#include "http/coding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct sink {
	size_t total, limit;
} sink;

static int take(void *ctx, const uint8_t *p, size_t n)
{
	sink *s = ctx;
	(void)p;
	if (n == 0)
		abort(); /* the decoder passes on only what it made */
	s->total += n;
	return s->limit && s->total >= s->limit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	ward_coding coding =
	    data[0] & 1 ? WARD_CODING_DEFLATE : WARD_CODING_GZIP;
	size_t piece = (size_t)((data[0] >> 1) & 63) + 1;
	sink s = {0, data[0] & 128 ? 4096 : 0};
	data++;
	size--;
	ward_inflate *z = ward_inflate_new(coding);
	if (!z)
		return 0;
	for (size_t fed = 0; fed < size;) {
		size_t n = size - fed < piece ? size - fed : piece;
		int stopped;
		if (ward_inflate_feed(z, data + fed, n, take, &s, &stopped) !=
			WARD_OK ||
		    stopped)
			break;
		fed += n;
	}
	if (s.limit && s.total > s.limit + 16384)
		abort(); /* one window past the stop at most */
	if (s.total > 1032 * (size + 64))
		abort();
	ward_inflate_free(z);
	return 0;
}

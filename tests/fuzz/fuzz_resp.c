/* libFuzzer: Redis replies (RESP2) as the replay store's client reads
 * them (server/resp.h), one after another as a pipeline answers. A reply
 * accepted lies within the bytes, its strings too; it parses the same on
 * its own; and every shorter prefix of it waits for more. */
#include <stdlib.h>
#include <string.h>

#include "server/resp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void within(const ward_resp_value *v, const uint8_t *p, size_t len)
{
	if (v->type == WARD_RESP_SIMPLE || v->type == WARD_RESP_ERROR ||
	    v->type == WARD_RESP_BULK) {
		if (v->str.len > WARD_RESP_MAX_STRING || v->str.p < p ||
		    v->str.p + v->str.len > p + len)
			abort();
	}
	if (v->type == WARD_RESP_ARRAY &&
	    (v->integer < 0 || v->integer > WARD_RESP_MAX_ELEMENTS))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16384)
		return 0;
	size_t off = 0;
	for (int n = 0; n < 64 && off < size; n++) {
		ward_resp_value v, again;
		size_t used, used2;
		ward_err e = ward_resp_parse(data + off, size - off, &v, &used);
		if (e == WARD_ERR_WANT_INPUT || e == WARD_ERR_DECODE)
			return 0;
		if (e != WARD_OK || used == 0 || used > size - off)
			abort();
		within(&v, data + off, used);
		if (ward_resp_parse(data + off, used, &again, &used2) !=
			WARD_OK ||
		    used2 != used || again.type != v.type ||
		    again.integer != v.integer || again.str.p != v.str.p ||
		    again.str.len != v.str.len)
			abort();
		size_t cuts[] = {used - 1, used / 2, 1};
		for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++)
			if (cuts[i] < used &&
			    ward_resp_parse(data + off, cuts[i], &again,
					    &used2) != WARD_ERR_WANT_INPUT)
				abort();
		off += used;
	}
	return 0;
}

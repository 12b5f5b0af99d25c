#include "test.h"

#include <ctype.h>
#include <stdlib.h>

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t test_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *hex; hex++) {
		if (isspace((unsigned char)*hex))
			continue;
		int v = nibble(*hex);
		if (v < 0)
			fail_msg("bad hex digit '%c'", *hex);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			fail_msg("hex longer than %zu bytes", cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		fail_msg("odd number of hex digits");
	return n;
}

void test_unhex_buf(const char *hex, ward_buf *out)
{
	size_t cap = strlen(hex) / 2 + 1;
	ward_buf_init(out);
	if (ward_buf_reserve(out, cap) != WARD_OK)
		fail_msg("out of memory");
	out->len = test_unhex(hex, out->data, cap);
}

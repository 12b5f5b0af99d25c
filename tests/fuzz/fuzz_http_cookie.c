/* libFuzzer: the two cookie parsers of http/cookie. The input's first
 * byte chooses: even, the rest is Set-Cookie values (one per line) stored
 * in a jar from https://www.example.com/a/b; odd, it is a Netscape cookie
 * file. Either way the jar's Cookie value has no control characters, and
 * the jar written as a cookie file reads back to the same file. */
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1767225600

static void check(const ward_cookie_jar *j)
{
	static const ward_cookie_origin os[] = {
	    {"www.example.com", "/a/b/c", 1},
	    {"example.com", "/", 0},
	    {"localhost", "/x", 0},
	};
	ward_buf h = WARD_BUF_INIT, f = WARD_BUF_INIT, g = WARD_BUF_INIT;
	ward_cookie_jar k;
	size_t bad = 0;
	for (size_t i = 0; i < sizeof os / sizeof os[0]; i++) {
		ward_buf_clear(&h);
		ward_cookie_jar_header(j, &os[i], NOW, &h);
		for (size_t n = 0; n < h.len; n++)
			if (h.data[n] < 0x20 || h.data[n] == 0x7f)
				abort();
	}
	if (j->n > WARD_COOKIE_MAX)
		abort();
	ward_cookie_jar_init(&k);
	if (ward_cookie_jar_write(j, NOW, &f) != WARD_OK ||
	    ward_cookie_jar_load(&k, f.data, f.len, NOW, &bad) != WARD_OK ||
	    bad != 0 || k.n != j->n ||
	    ward_cookie_jar_write(&k, NOW, &g) != WARD_OK || g.len != f.len ||
	    memcmp(g.data, f.data, f.len))
		abort();
	ward_cookie_jar_free(&k);
	ward_buf_free(&h);
	ward_buf_free(&f);
	ward_buf_free(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const ward_cookie_origin o = {"www.example.com", "/a/b", 1};
	ward_cookie_jar j;
	if (size == 0 || size > 1 << 16)
		return 0;
	ward_cookie_jar_init(&j);
	if (data[0] & 1) {
		size_t bad;
		if (ward_cookie_jar_load(&j, data + 1, size - 1, NOW, &bad) !=
		    WARD_OK)
			abort();
	} else {
		const uint8_t *p = data + 1, *end = data + size;
		while (p < end) {
			const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			(void)ward_cookie_jar_set(&j, ward_slice_make(p, n), &o,
						  NOW);
			p += n + 1;
		}
	}
	check(&j);
	ward_cookie_jar_free(&j);
	return 0;
}

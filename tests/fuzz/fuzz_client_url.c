/* libFuzzer: URLs and the Locations a server sends, as ward get resolves
 * them. The input is parsed as a URL, and joined as a reference to two
 * bases (one with a port, a path and a query); whatever is accepted is a
 * well-formed http(s) URL that parses again to itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const ward_url *u)
{
	static ward_url again;
	char why[256], s[WARD_URL_TARGET_MAX + WARD_URL_HOST_MAX + 32];
	char auth[WARD_URL_HOST_MAX + 16];
	if (!u->host[0] || u->target[0] != '/' || u->port == 0)
		abort();
	for (const char *p = u->target; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '#')
			abort();
	ward_url_authority(u, auth, sizeof auth);
	snprintf(s, sizeof s, "%s://%s%s", u->https ? "https" : "http", auth,
		 u->target);
	if (ward_url_parse(s, &again, why, sizeof why) != WARD_CLIENT_OK ||
	    !ward_url_same_origin(u, &again) || strcmp(u->target, again.target))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ward_url base1, base2, out;
	static int ready;
	char why[256];
	if (!ready) {
		if (ward_url_parse("https://a.test/b/c/d;p?q", &base1, why,
				   sizeof why) ||
		    ward_url_parse("http://[::1]:8080/x/", &base2, why,
				   sizeof why))
			abort();
		ready = 1;
	}
	/* a C string, as a header value becomes one (no NUL inside) */
	if (size > WARD_URL_TARGET_MAX * 2 || memchr(data, 0, size))
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	if (ward_url_parse(s, &out, why, sizeof why) == WARD_CLIENT_OK)
		check(&out);
	if (ward_url_join(&base1, s, &out, why, sizeof why) == WARD_CLIENT_OK)
		check(&out);
	if (ward_url_join(&base2, s, &out, why, sizeof why) == WARD_CLIENT_OK)
		check(&out);
	free(s);
	return 0;
}

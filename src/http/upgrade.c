/* Upgrade (RFC 9110 7.8): which protocols a request asks to switch to. */
#include <string.h>

#include "http/head.h"

/* Whether a field with this name lists el (case-insensitively, each
 * value a comma-separated list); with slash, "el/version" counts too. */
static int lists(const ward_http_request *req, const char *name,
		 const char *el, int slash)
{
	size_t iter = 0, n = strlen(el);
	ward_slice v, e;
	while (ward_http_header_next(req, name, &iter, &v)) {
		ward_http_list_iter it = {v, 0};
		while (ward_http_list_next(&it, &e)) {
			if (slash && e.len > n && e.p[n] == '/')
				e.len = n;
			if (ward_http_slice_ieq(e, el))
				return 1;
		}
	}
	return 0;
}

int ward_http_upgrade_to(const ward_http_request *req, const char *protocol)
{
	/* 7.8: Upgrade in a 1.0 request is ignored, and so is one that
	 * Connection does not name (a 1.0 proxy may have passed it on) */
	return req->version_minor == 1 && lists(req, "Connection", "upgrade", 0) &&
	       lists(req, "Upgrade", protocol, 1);
}

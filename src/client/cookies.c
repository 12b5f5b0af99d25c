/* The client's cookies (RFC 6265): the Cookie field of a request from the
 * jar, and the Set-Cookie fields of a response into it. */
#include <time.h>

#include "client/client_int.h"

/* RFC 6265 5.4: the jar's cookies for this URL, then the literal ones. */
ward_err ward_client_cookie_field(ward_client *c, const ward_url *u,
				  const char **field)
{
	ward_cookie_origin o = {u->host, u->target, u->https};
	ward_buf_clear(&c->cookie);
	*field = NULL;
	if (c->o.cookies)
		ward_cookie_jar_header(c->o.cookies, &o, (int64_t)time(NULL),
				       &c->cookie);
	if (c->o.cookie_literal && *c->o.cookie_literal) {
		if (c->cookie.len)
			WARD_TRY(ward_put_str(&c->cookie, "; "));
		WARD_TRY(ward_put_str(&c->cookie, c->o.cookie_literal));
	}
	if (c->cookie.len == 0)
		return WARD_OK;
	WARD_TRY(ward_put_u8(&c->cookie, 0));
	*field = (const char *)c->cookie.data;
	return WARD_OK;
}

/* The Set-Cookie fields of a response into the jar (RFC 6265 5.3). */
void ward_client_keep_cookies(ward_client *c, const ward_url *u,
			      const ward_http_response *resp)
{
	static const char *const why[] = {
	    [WARD_COOKIE_NO_NAME] = "no name",
	    [WARD_COOKIE_BAD_CHARS] = "control characters",
	    [WARD_COOKIE_TOO_LARGE] = "too large",
	    [WARD_COOKIE_BAD_DOMAIN] = "a Domain that is not the host's",
	    [WARD_COOKIE_NOT_SECURE] = "Secure, but not over https",
	    [WARD_COOKIE_BAD_PREFIX] = "a __Host- cookie with Domain or "
				       "a Path other than /",
	    [WARD_COOKIE_NOMEM] = "out of memory",
	};
	ward_cookie_origin o = {u->host, u->target, u->https};
	ward_slice v;
	size_t it = 0;
	if (!c->o.cookies)
		return;
	while (ward_http_fields_next(resp->headers, resp->n_headers,
				     "set-cookie", &it, &v)) {
		ward_cookie_result r = ward_cookie_jar_set(c->o.cookies, v, &o,
							   (int64_t)time(NULL));
		if (r != WARD_COOKIE_STORED && r != WARD_COOKIE_DELETED)
			ward_client_trace(c, "cookie from %s ignored: %s",
					  u->host, why[r]);
	}
}

/* HTTP cookies on the client side (RFC 6265, with the limits and name
 * prefixes of RFC 6265bis): the Set-Cookie parser, the jar and its rules
 * for which cookie goes with which request, and the Netscape cookie file
 * that curl reads and writes.
 *
 * Sans-I/O: the caller passes the time (seconds since the epoch) and the
 * bytes of a cookie file; the jar never touches a clock or a file. Both
 * parsers (Set-Cookie values and cookie files) read their input through
 * ward_reader and copy what they keep: nothing points into the input.
 */
#ifndef WARD_HTTP_COOKIE_H
#define WARD_HTTP_COOKIE_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

/* RFC 6265 6.1 minimums, which are also the limits kept. */
#define WARD_COOKIE_MAX_NV 4096	  /* name and value bytes together */
#define WARD_COOKIE_MAX_ATTR 1024 /* an attribute value (6265bis 5.6) */
#define WARD_COOKIE_MAX_DOMAIN 253
#define WARD_COOKIE_MAX_PER_DOMAIN 50
#define WARD_COOKIE_MAX 300
#define WARD_COOKIE_MAX_HEADER 8190 /* the Cookie field sent, as curl */
/* 6265bis 5.6.1/5.6.2: Expires and Max-Age are capped at 400 days */
#define WARD_COOKIE_MAX_AGE (400LL * 86400)

typedef struct ward_cookie {
	char nv[WARD_COOKIE_MAX_NV + 2]; /* "name\0value\0" */
	size_t name_len;
	char domain[WARD_COOKIE_MAX_DOMAIN + 1]; /* lower case, no dot first */
	char path[WARD_COOKIE_MAX_ATTR + 1];
	int64_t expires; /* seconds since the epoch; 0: a session cookie */
	int host_only;	 /* sent to domain itself only, not its subdomains */
	int secure;	 /* sent over https only */
	int http_only;
	uint64_t created; /* order of creation, kept when replaced */
} ward_cookie;

static inline const char *ward_cookie_name(const ward_cookie *c)
{
	return c->nv;
}
static inline const char *ward_cookie_value(const ward_cookie *c)
{
	return c->nv + c->name_len + 1;
}

/* Why a Set-Cookie value was ignored (RFC 6265 5.2, 5.3). */
typedef enum ward_cookie_result {
	WARD_COOKIE_STORED = 0, /* stored or replaced */
	WARD_COOKIE_DELETED,	/* expired on arrival: removes its twin */
	WARD_COOKIE_NO_NAME,	/* no '=' or an empty name */
	WARD_COOKIE_BAD_CHARS,	/* control characters, TAB included */
	WARD_COOKIE_TOO_LARGE,	/* name and value over WARD_COOKIE_MAX_NV */
	WARD_COOKIE_BAD_DOMAIN, /* Domain does not domain-match the host,
				 * or is a top-level name */
	WARD_COOKIE_NOT_SECURE, /* Secure, or __Secure-/__Host-, over http;
				 * or from http over a Secure one */
	WARD_COOKIE_BAD_PREFIX, /* __Host- with Domain or a path not "/" */
	WARD_COOKIE_NOMEM,
} ward_cookie_result;

/* Where the request went that a Set-Cookie answered, or that a Cookie
 * field is for: host as in the URL (lower case), path the request target
 * (its query is ignored). */
typedef struct ward_cookie_origin {
	const char *host;
	const char *target;
	int https;
} ward_cookie_origin;

/* Parse one Set-Cookie field value received at now from origin into
 * *out (RFC 6265 5.2 and 5.3 steps 1-10). */
ward_cookie_result ward_cookie_parse(ward_slice value,
				     const ward_cookie_origin *o, int64_t now,
				     ward_cookie *out);

/* RFC 6265 5.1.1: a cookie-date (Expires); 0 and *t set, or -1. */
int ward_cookie_parse_date(ward_slice s, int64_t *t);
/* RFC 6265 5.1.3 and 5.1.4. */
int ward_cookie_domain_match(const char *host, const char *domain);
int ward_cookie_path_match(const char *request_path, size_t len,
			   const char *cookie_path);
/* The default-path of a request target (5.1.4) into out. */
void ward_cookie_default_path(const char *target, char *out, size_t len);

typedef struct ward_cookie_jar {
	ward_cookie *c;
	size_t n, cap;
	uint64_t next; /* the next creation number */
} ward_cookie_jar;

void ward_cookie_jar_init(ward_cookie_jar *j);
void ward_cookie_jar_free(ward_cookie_jar *j);
/* Parse and store one Set-Cookie value (5.3 step 11): a cookie with the
 * same name, domain and path is replaced, an expired one deleted, but
 * from http never one that would replace or shadow a Secure cookie
 * (6265bis 5.7: same name, overlapping domain and path); over
 * WARD_COOKIE_MAX_PER_DOMAIN for its domain or WARD_COOKIE_MAX in all,
 * the expired go first, then the oldest. */
ward_cookie_result ward_cookie_jar_set(ward_cookie_jar *j, ward_slice value,
				       const ward_cookie_origin *o,
				       int64_t now);
/* Store a parsed cookie, as ward_cookie_jar_set does. */
ward_cookie_result ward_cookie_jar_put(ward_cookie_jar *j, const ward_cookie *c,
				       int64_t now);
/* Append the Cookie field value for a request to origin at now to out
 * ("a=1; b=2", RFC 6265 5.4: longer paths first, then older cookies),
 * at most WARD_COOKIE_MAX_HEADER bytes of it: a cookie that would go
 * beyond is left out. The number of cookies appended; no NUL is added. */
size_t ward_cookie_jar_header(const ward_cookie_jar *j,
			      const ward_cookie_origin *o, int64_t now,
			      ward_buf *out);

/* A Netscape cookie file (curl's -b FILE): lines of 7 TAB-separated
 * fields (domain, TRUE/FALSE include subdomains, path, TRUE/FALSE secure,
 * expiry or 0, name, value; 6 fields: an empty value), "#HttpOnly_"
 * before the domain for HttpOnly, other lines starting with '#' and empty
 * lines ignored. A malformed line is skipped and counted in *bad (may be
 * NULL); expired cookies are dropped. WARD_ERR_NOMEM only. */
ward_err ward_cookie_jar_load(ward_cookie_jar *j, const uint8_t *p, size_t n,
			      int64_t now, size_t *bad);
/* The jar as curl writes it (-c FILE): the header, then one line per
 * cookie not expired at now, session cookies with expiry 0. */
ward_err ward_cookie_jar_write(const ward_cookie_jar *j, int64_t now,
			       ward_buf *out);

#endif

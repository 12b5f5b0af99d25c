/* http and https URLs (RFC 3986, RFC 9110 4.2): parsing with curl's
 * refusals, and resolving a Location against the URL it answered. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "client/client.h"

static ward_client_status bad(char *why, size_t whylen, const char *fmt,
			      const char *arg)
{
	snprintf(why, whylen, fmt, arg);
	return WARD_CLIENT_URL;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* A DNS name or IPv4 address: letters, digits, '-', '.', '_' (names in
 * the wild have it) and '~'; percent-encoded hosts are not supported. */
static int is_host_char(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

static ward_client_status parse_port(const char *p, size_t n, ward_url *u,
				     char *why, size_t whylen)
{
	unsigned long port = 0;
	if (n == 0)
		return WARD_CLIENT_OK; /* "host:" is the default port */
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(p[i]) || i >= 5)
			return bad(why, whylen, "bad port number in URL '%s'",
				   p);
		port = port * 10 + (unsigned long)(p[i] - '0');
	}
	if (port == 0 || port > 65535)
		return bad(why, whylen, "port out of range in URL '%s'", p);
	u->port = (uint16_t)port;
	return WARD_CLIENT_OK;
}

static ward_client_status parse_host(const char *a, size_t n, ward_url *u,
				     char *why, size_t whylen)
{
	size_t i, h0 = 0, hn;
	if (n > 0 && a[0] == '[') {
		const char *close = memchr(a, ']', n);
		struct in6_addr six;
		if (!close)
			return bad(why, whylen,
				   "unclosed '[' in the URL's host '%s'", a);
		hn = (size_t)(close - a) - 1;
		h0 = 1;
		i = hn + 2;
		if (hn == 0 || hn >= 64)
			return bad(why, whylen, "bad IPv6 address in URL '%s'",
				   a);
		memcpy(u->host, a + 1, hn);
		u->host[hn] = 0;
		if (inet_pton(AF_INET6, u->host, &six) != 1)
			return bad(why, whylen,
				   "bad IPv6 address in URL (zone IDs are not "
				   "supported) '%s'",
				   a);
		u->ipv6 = 1;
		if (i < n && a[i] != ':')
			return bad(why, whylen,
				   "unexpected text after ']' in URL '%s'", a);
	} else {
		for (i = 0; i < n && a[i] != ':'; i++)
			if (!is_host_char(a[i]))
				return bad(why, whylen,
					   "bad character in the URL's host "
					   "'%s'",
					   a);
		hn = i;
		if (hn == 0)
			return bad(why, whylen, "no host in URL '%s'", a);
		if (hn > 253)
			return bad(why, whylen, "host name too long in '%s'",
				   a);
	}
	for (size_t k = 0; k < hn; k++)
		u->host[k] = (char)lower(a[h0 + k]);
	u->host[hn] = 0;
	if (i < n)
		return parse_port(a + i + 1, n - i - 1, u, why, whylen);
	return WARD_CLIENT_OK;
}

ward_client_status ward_url_parse(const char *s, ward_url *u, char *why,
				  size_t whylen)
{
	memset(u, 0, sizeof *u);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return bad(why, whylen,
				   "URL contains a space, a control character "
				   "or a byte outside ASCII: '%s'",
				   s);
	const char *rest = s, *sep = strstr(s, "://");
	u->https = 0;
	if (sep) {
		size_t n = (size_t)(sep - s);
		int ok = n > 0 && is_alpha(s[0]);
		for (size_t i = 0; ok && i < n; i++)
			ok = is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' ||
			     s[i] == '-' || s[i] == '.';
		if (ok && n == 5 && !strncasecmp(s, "https", 5))
			u->https = 1;
		else if (!ok || n != 4 || strncasecmp(s, "http", 4))
			return bad(why, whylen,
				   "unsupported scheme in '%s' (ward get "
				   "speaks http and https)",
				   s);
		rest = sep + 3;
	}
	u->port = u->https ? 443 : 80;
	size_t an = strcspn(rest, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < an; i++)
		if (rest[i] == '@')
			at = rest + i;
	if (at) {
		size_t un = (size_t)(at - rest);
		if (un >= sizeof u->userinfo)
			return bad(why, whylen, "user name too long in '%s'",
				   s);
		memcpy(u->userinfo, rest, un);
		u->userinfo[un] = 0;
		an -= un + 1;
		rest = at + 1;
	}
	ward_client_status st = parse_host(rest, an, u, why, whylen);
	if (st != WARD_CLIENT_OK)
		return st;
	const char *path = rest + an;
	size_t pn = strcspn(path, "#");
	int slash = pn == 0 || path[0] == '?';
	if (pn + (size_t)slash >= sizeof u->target)
		return bad(why, whylen, "URL too long: '%.64s...'", s);
	snprintf(u->target, sizeof u->target, "%s%.*s", slash ? "/" : "",
		 (int)pn, path);
	return WARD_CLIENT_OK;
}

void ward_url_authority(const ward_url *u, char *out, size_t len)
{
	int dflt = u->port == (u->https ? 443 : 80);
	const char *l = u->ipv6 ? "[" : "", *r = u->ipv6 ? "]" : "";
	if (dflt)
		snprintf(out, len, "%s%s%s", l, u->host, r);
	else
		snprintf(out, len, "%s%s%s:%u", l, u->host, r, u->port);
}

int ward_url_same_origin(const ward_url *a, const ward_url *b)
{
	return a->https == b->https && a->port == b->port &&
	       !strcmp(a->host, b->host);
}

/* RFC 3986 5.2.4, in place on a path (no query): the output never runs
 * ahead of the input. */
static void remove_dot_segments(char *path)
{
	char *in = path, *out = path;
	while (*in) {
		if (!strncmp(in, "../", 3)) {
			in += 3;
		} else if (!strncmp(in, "./", 2) || !strncmp(in, "/./", 3)) {
			in += 2;
		} else if (!strcmp(in, "/.")) {
			*++in = '/';
		} else if (!strncmp(in, "/../", 4) || !strcmp(in, "/..")) {
			if (in[3] == '/') {
				in += 3;
			} else {
				in += 2;
				*in = '/';
			}
			while (out > path && out[-1] != '/')
				out--;
			if (out > path)
				out--;
		} else if (!strcmp(in, ".") || !strcmp(in, "..")) {
			break;
		} else {
			do
				*out++ = *in++;
			while (*in && *in != '/');
		}
	}
	*out = 0;
}

ward_client_status ward_url_join(const ward_url *base, const char *ref,
				 ward_url *out, char *why, size_t whylen)
{
	static char buf[WARD_URL_TARGET_MAX + WARD_URL_HOST_MAX + 32];
	char origin[WARD_URL_HOST_MAX + 16], path[WARD_URL_TARGET_MAX];
	const char *scheme = base->https ? "https" : "http";
	size_t sn = strcspn(ref, ":/?#");
	if (ref[sn] == ':' && sn > 0 && is_alpha(ref[0]))
		return ward_url_parse(ref, out, why, whylen);
	if (!strncmp(ref, "//", 2)) {
		snprintf(buf, sizeof buf, "%s:%s", scheme, ref);
		return ward_url_parse(buf, out, why, whylen);
	}
	ward_url_authority(base, origin, sizeof origin);
	size_t bq = strcspn(base->target, "?");
	if (ref[0] == '/') {
		snprintf(path, sizeof path, "%s", ref);
	} else if (ref[0] == '?' || ref[0] == '#' || ref[0] == 0) {
		snprintf(path, sizeof path, "%.*s%s", (int)bq, base->target,
			 ref[0] == '#' || ref[0] == 0 ? base->target + bq
						      : ref);
	} else {
		/* merge: the base path up to its last '/', then ref */
		size_t dir = bq;
		while (dir > 0 && base->target[dir - 1] != '/')
			dir--;
		snprintf(path, sizeof path, "%.*s%s", (int)dir, base->target,
			 ref);
	}
	size_t pq = strcspn(path, "?#");
	char tail[WARD_URL_TARGET_MAX];
	snprintf(tail, sizeof tail, "%s", path + pq);
	path[pq] = 0;
	remove_dot_segments(path);
	int n = snprintf(buf, sizeof buf, "%s://%s%s%s", scheme, origin,
			 path[0] == '/' ? "" : "/", path);
	if (n < 0 || (size_t)n >= sizeof buf ||
	    strlen(tail) >= sizeof buf - (size_t)n)
		return bad(why, whylen, "redirect URL too long: '%.64s...'",
			   ref);
	memcpy(buf + n, tail, strlen(tail) + 1);
	return ward_url_parse(buf, out, why, whylen);
}

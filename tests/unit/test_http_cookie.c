/* http/cookie: Set-Cookie parsing (RFC 6265 5.2, 5.3), the sending rules
 * (5.4), the limits of the jar and the Netscape cookie file. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"

#include "http/cookie.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */

static const ward_cookie_origin https_www = {"www.example.com", "/a/b/c?q=1",
					     1};
static const ward_cookie_origin http_www = {"www.example.com", "/a/b/c", 0};

static ward_slice sl(const char *s)
{
	return ward_slice_make(s, strlen(s));
}

static ward_cookie c;

static ward_cookie_result parse(const char *v, const ward_cookie_origin *o)
{
	return ward_cookie_parse(sl(v), o, NOW, &c);
}

/* The Cookie value the jar sends to origin, as a C string. */
static const char *header(const ward_cookie_jar *j, const ward_cookie_origin *o)
{
	static ward_buf b;
	ward_buf_clear(&b);
	ward_cookie_jar_header(j, o, NOW, &b);
	assert_ok(ward_put_u8(&b, 0));
	return (const char *)b.data;
}

static void parses_name_value_and_attributes(void **state)
{
	(void)state;
	assert_int_equal(
	    parse(" sid = abc 1 ; Path=/p; Secure; HttpOnly", &https_www),
	    WARD_COOKIE_STORED);
	assert_string_equal(ward_cookie_name(&c), "sid");
	assert_string_equal(ward_cookie_value(&c), "abc 1");
	assert_string_equal(c.path, "/p");
	assert_string_equal(c.domain, "www.example.com");
	assert_int_equal(c.host_only, 1);
	assert_int_equal(c.secure, 1);
	assert_int_equal(c.http_only, 1);
	assert_int_equal(c.expires, 0); /* a session cookie */
	/* attribute names are case-insensitive, unknown ones ignored */
	assert_int_equal(parse("a=b; pAtH=/x; sEcUrE; Foo=bar; ;", &https_www),
			 WARD_COOKIE_STORED);
	assert_string_equal(c.path, "/x");
	assert_int_equal(c.secure, 1);
	/* an empty value is a value */
	assert_int_equal(parse("a=", &https_www), WARD_COOKIE_STORED);
	assert_string_equal(ward_cookie_value(&c), "");
	/* a quoted value is kept with its quotes (5.2) */
	assert_int_equal(parse("a=\"q\"", &https_www), WARD_COOKIE_STORED);
	assert_string_equal(ward_cookie_value(&c), "\"q\"");
}

static void refuses_bad_cookies(void **state)
{
	(void)state;
	assert_int_equal(parse("noequals", &https_www), WARD_COOKIE_NO_NAME);
	assert_int_equal(parse("=value", &https_www), WARD_COOKIE_NO_NAME);
	assert_int_equal(parse("  =value", &https_www), WARD_COOKIE_NO_NAME);
	assert_int_equal(parse("", &https_www), WARD_COOKIE_NO_NAME);
	assert_int_equal(parse("a=b\r\nX-Injected: 1", &https_www),
			 WARD_COOKIE_BAD_CHARS);
	assert_int_equal(parse("a=b\tc", &https_www), WARD_COOKIE_BAD_CHARS);
	assert_int_equal(parse("a=b; Path=/\x01", &https_www),
			 WARD_COOKIE_BAD_CHARS);
	static char big[WARD_COOKIE_MAX_NV + 8];
	memset(big, 'v', sizeof big - 1);
	big[0] = 'n';
	big[1] = '=';
	big[WARD_COOKIE_MAX_NV + 1] = 0; /* name 1 + value 4095 = 4096 */
	assert_int_equal(parse(big, &https_www), WARD_COOKIE_STORED);
	big[WARD_COOKIE_MAX_NV + 1] = 'v'; /* 4097 */
	big[WARD_COOKIE_MAX_NV + 2] = 0;
	assert_int_equal(parse(big, &https_www), WARD_COOKIE_TOO_LARGE);
}

static void expires_and_max_age(void **state)
{
	(void)state;
	assert_int_equal(
	    parse("a=1; Expires=Thu, 01 Jan 2026 01:00:00 GMT", &https_www),
	    WARD_COOKIE_STORED);
	assert_int_equal(c.expires, NOW + 3600);
	/* the Netscape form, with dashes */
	assert_int_equal(
	    parse("a=1; expires=Thursday, 01-Jan-26 00:00:10 GMT", &https_www),
	    WARD_COOKIE_STORED);
	assert_int_equal(c.expires, NOW + 10);
	assert_int_equal(parse("a=1; Max-Age=60", &https_www),
			 WARD_COOKIE_STORED);
	assert_int_equal(c.expires, NOW + 60);
	/* Max-Age wins over Expires, in either order (5.3 step 3) */
	assert_int_equal(
	    parse("a=1; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
		  &https_www),
	    WARD_COOKIE_STORED);
	assert_int_equal(c.expires, NOW + 60);
	assert_int_equal(
	    parse("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=60",
		  &https_www),
	    WARD_COOKIE_STORED);
	assert_int_equal(c.expires, NOW + 60);
	assert_int_equal(
	    parse("a=1; Max-Age=0; Expires=Fri, 01 Jan 2027 00:00:00 GMT",
		  &https_www),
	    WARD_COOKIE_DELETED);
	/* expired on arrival */
	assert_int_equal(
	    parse("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", &https_www),
	    WARD_COOKIE_DELETED);
	assert_int_equal(parse("a=1; Max-Age=-5", &https_www),
			 WARD_COOKIE_DELETED);
	/* a Max-Age that is not ["-"] DIGITs is ignored */
	assert_int_equal(parse("a=1; Max-Age=6o", &https_www),
			 WARD_COOKIE_STORED);
	assert_int_equal(c.expires, 0);
	assert_int_equal(parse("a=1; Max-Age=", &https_www),
			 WARD_COOKIE_STORED);
	assert_int_equal(c.expires, 0);
	/* an unparsable Expires is ignored */
	assert_int_equal(parse("a=1; Expires=tomorrow", &https_www),
			 WARD_COOKIE_STORED);
	assert_int_equal(c.expires, 0);
	/* capped at 400 days */
	assert_int_equal(
	    parse("a=1; Max-Age=999999999999999999999", &https_www),
	    WARD_COOKIE_STORED);
	assert_int_equal(c.expires, NOW + WARD_COOKIE_MAX_AGE);
}

static void cookie_dates(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(
	    ward_cookie_parse_date(sl("Wed, 21 Oct 2015 07:28:00 GMT"), &t), 0);
	assert_int_equal(t, 1445412480);
	assert_int_equal(
	    ward_cookie_parse_date(sl("Sunday, 06-Nov-94 08:49:37 GMT"), &t),
	    0);
	assert_int_equal(t, 784111777);
	assert_int_equal(
	    ward_cookie_parse_date(sl("Sun Nov  6 08:49:37 1994"), &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(ward_cookie_parse_date(sl("29 feb 2000 0:0:0"), &t),
			 0);
	assert_int_equal(t, 951782400);
	/* no such day, out of range, missing parts */
	assert_int_equal(ward_cookie_parse_date(sl("29 feb 2001 0:0:0"), &t),
			 -1);
	assert_int_equal(ward_cookie_parse_date(sl("1 jan 1600 0:0:0"), &t),
			 -1);
	assert_int_equal(ward_cookie_parse_date(sl("1 jan 2020 24:0:0"), &t),
			 -1);
	assert_int_equal(ward_cookie_parse_date(sl("1 jan 2020"), &t), -1);
	assert_int_equal(ward_cookie_parse_date(sl(""), &t), -1);
	assert_int_equal(ward_cookie_parse_date(sl("123 jan 2020 1:2:3"), &t),
			 -1);
}

static void domain_attribute(void **state)
{
	(void)state;
	assert_int_equal(parse("a=1; Domain=.Example.COM", &https_www),
			 WARD_COOKIE_STORED);
	assert_string_equal(c.domain, "example.com");
	assert_int_equal(c.host_only, 0);
	assert_int_equal(parse("a=1; Domain=www.example.com", &https_www),
			 WARD_COOKIE_STORED);
	assert_int_equal(c.host_only, 0);
	/* 5.3 step 6: not a domain of the host */
	assert_int_equal(parse("a=1; Domain=other.com", &https_www),
			 WARD_COOKIE_BAD_DOMAIN);
	assert_int_equal(parse("a=1; Domain=ww.example.com", &https_www),
			 WARD_COOKIE_BAD_DOMAIN);
	assert_int_equal(parse("a=1; Domain=sub.www.example.com", &https_www),
			 WARD_COOKIE_BAD_DOMAIN);
	assert_int_equal(parse("a=1; Domain=xample.com", &https_www),
			 WARD_COOKIE_BAD_DOMAIN);
	/* a second leading dot is not ignored */
	assert_int_equal(parse("a=1; Domain=..example.com", &https_www),
			 WARD_COOKIE_BAD_DOMAIN);
	/* a top-level name is no cookie domain */
	assert_int_equal(parse("a=1; Domain=com", &https_www),
			 WARD_COOKIE_BAD_DOMAIN);
	/* an empty Domain is ignored: host-only */
	assert_int_equal(parse("a=1; Domain=", &https_www), WARD_COOKIE_STORED);
	assert_int_equal(c.host_only, 1);
	/* localhost names itself: host-only */
	ward_cookie_origin lh = {"localhost", "/", 0};
	assert_int_equal(parse("a=1; Domain=localhost", &lh),
			 WARD_COOKIE_STORED);
	assert_int_equal(c.host_only, 1);
	/* an IP address only matches itself */
	ward_cookie_origin ip = {"10.0.0.1", "/", 0};
	assert_int_equal(parse("a=1; Domain=0.0.1", &ip),
			 WARD_COOKIE_BAD_DOMAIN);
	assert_int_equal(parse("a=1; Domain=10.0.0.1", &ip),
			 WARD_COOKIE_STORED);
	assert_int_equal(
	    ward_cookie_domain_match("www.example.com", "example.com"), 1);
	assert_int_equal(
	    ward_cookie_domain_match("example.com", "www.example.com"), 0);
	assert_int_equal(ward_cookie_domain_match("10.0.0.1", "0.0.1"), 0);
}

static void paths(void **state)
{
	(void)state;
	char p[64];
	ward_cookie_default_path("/a/b/c?x=/y", p, sizeof p);
	assert_string_equal(p, "/a/b");
	ward_cookie_default_path("/a", p, sizeof p);
	assert_string_equal(p, "/");
	ward_cookie_default_path("/", p, sizeof p);
	assert_string_equal(p, "/");
	ward_cookie_default_path("/a/", p, sizeof p);
	assert_string_equal(p, "/a");
	ward_cookie_default_path("", p, sizeof p);
	assert_string_equal(p, "/");
	assert_int_equal(parse("a=1", &https_www), WARD_COOKIE_STORED);
	assert_string_equal(c.path, "/a/b");
	/* an attribute value over 1024 bytes is ignored (6265bis 5.6) */
	static char longpath[1100];
	memcpy(longpath, "a=1; Path=/", 11);
	memset(longpath + 11, 'p', 1014);
	longpath[1025] = 0; /* a 1015-byte path: kept */
	assert_int_equal(parse(longpath, &https_www), WARD_COOKIE_STORED);
	assert_int_equal(strlen(c.path), 1015);
	memset(longpath + 11, 'p', 1030);
	longpath[1041] = 0; /* 1031 bytes: ignored */
	assert_int_equal(parse(longpath, &https_www), WARD_COOKIE_STORED);
	assert_string_equal(c.path, "/a/b");
	/* a Path not starting with '/' is the default-path */
	assert_int_equal(parse("a=1; Path=x", &https_www), WARD_COOKIE_STORED);
	assert_string_equal(c.path, "/a/b");
	assert_int_equal(ward_cookie_path_match("/a/b", 4, "/a/b"), 1);
	assert_int_equal(ward_cookie_path_match("/a/b/c", 6, "/a/b"), 1);
	assert_int_equal(ward_cookie_path_match("/a/bc", 5, "/a/b"), 0);
	assert_int_equal(ward_cookie_path_match("/a/bc", 5, "/a/"), 1);
	assert_int_equal(ward_cookie_path_match("/a", 2, "/a/b"), 0);
	assert_int_equal(ward_cookie_path_match("/", 1, "/"), 1);
}

static void secure_and_prefixes(void **state)
{
	(void)state;
	assert_int_equal(parse("a=1; Secure", &http_www),
			 WARD_COOKIE_NOT_SECURE);
	assert_int_equal(parse("__Secure-a=1; Secure", &https_www),
			 WARD_COOKIE_STORED);
	assert_int_equal(parse("__Secure-a=1", &https_www),
			 WARD_COOKIE_NOT_SECURE);
	assert_int_equal(parse("__Secure-a=1; Secure", &http_www),
			 WARD_COOKIE_NOT_SECURE);
	assert_int_equal(parse("__Host-a=1; Secure; Path=/", &https_www),
			 WARD_COOKIE_STORED);
	assert_int_equal(parse("__Host-a=1; Secure", &https_www),
			 WARD_COOKIE_BAD_PREFIX); /* default path /a/b */
	assert_int_equal(
	    parse("__Host-a=1; Secure; Path=/; Domain=example.com", &https_www),
	    WARD_COOKIE_BAD_PREFIX);
}

static ward_cookie_result set(ward_cookie_jar *j, const char *v,
			      const ward_cookie_origin *o)
{
	return ward_cookie_jar_set(j, sl(v), o, NOW);
}

static void sending_rules(void **state)
{
	(void)state;
	ward_cookie_jar j;
	ward_cookie_jar_init(&j);
	const ward_cookie_origin root = {"example.com", "/", 1};
	assert_int_equal(set(&j, "host=1; Path=/", &root), WARD_COOKIE_STORED);
	assert_int_equal(set(&j, "dom=2; Path=/; Domain=example.com", &root),
			 WARD_COOKIE_STORED);
	assert_int_equal(set(&j, "sec=3; Path=/; Secure", &root),
			 WARD_COOKIE_STORED);
	assert_int_equal(set(&j, "deep=4; Path=/a/b", &root),
			 WARD_COOKIE_STORED);
	assert_int_equal(set(&j, "mid=5; Path=/a", &root), WARD_COOKIE_STORED);
	/* longest path first, then in order of creation */
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"example.com", "/a/b/c", 1}),
	    "deep=4; mid=5; host=1; dom=2; sec=3");
	/* Secure only over https */
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"example.com", "/a/b", 0}),
	    "deep=4; mid=5; host=1; dom=2");
	/* host-only cookies stay on their host; domain cookies go to
	 * subdomains */
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"www.example.com", "/a", 1}),
	    "dom=2");
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"notexample.com", "/", 1}), "");
	/* path-match: "/ab" is not under "/a" */
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"example.com", "/ab", 0}),
	    "host=1; dom=2");
	/* a replacement keeps the place of the first; Max-Age=0 deletes */
	assert_int_equal(set(&j, "host=new; Path=/", &root),
			 WARD_COOKIE_STORED);
	assert_int_equal(
	    set(&j, "dom=x; Path=/; Domain=example.com; Max-Age=0", &root),
	    WARD_COOKIE_DELETED);
	assert_string_equal(header(&j, &root), "host=new; sec=3");
	/* the same name on another path is another cookie */
	assert_int_equal(set(&j, "host=other; Path=/a", &root),
			 WARD_COOKIE_STORED);
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"example.com", "/a", 1}),
	    "mid=5; host=other; host=new; sec=3");
	/* from http, a cookie may not replace or shadow a Secure one */
	const ward_cookie_origin http_root = {"example.com", "/a", 0};
	assert_int_equal(set(&j, "sec=evil; Path=/", &http_root),
			 WARD_COOKIE_NOT_SECURE);
	assert_int_equal(set(&j, "sec=evil; Path=/a", &http_root),
			 WARD_COOKIE_NOT_SECURE);
	assert_int_equal(
	    set(&j, "sec=evil; Path=/; Domain=example.com", &http_root),
	    WARD_COOKIE_NOT_SECURE);
	assert_int_equal(set(&j, "nosec=ok; Path=/a", &http_root),
			 WARD_COOKIE_STORED);
	assert_int_equal(set(&j, "nosec=; Path=/a; Max-Age=0", &http_root),
			 WARD_COOKIE_DELETED);
	assert_string_equal(header(&j, &root), "host=new; sec=3");
	/* expired cookies are not sent */
	assert_int_equal(set(&j, "short=1; Path=/; Max-Age=10", &root),
			 WARD_COOKIE_STORED);
	ward_buf b = WARD_BUF_INIT;
	assert_int_equal(ward_cookie_jar_header(&j, &root, NOW + 9, &b), 3);
	ward_buf_clear(&b);
	assert_int_equal(ward_cookie_jar_header(&j, &root, NOW + 10, &b), 2);
	ward_buf_free(&b);
	ward_cookie_jar_free(&j);
}

static void limits(void **state)
{
	(void)state;
	ward_cookie_jar j;
	char v[64];
	ward_cookie_jar_init(&j);
	const ward_cookie_origin a = {"a.test", "/", 0};
	for (int i = 0; i < WARD_COOKIE_MAX_PER_DOMAIN + 5; i++) {
		snprintf(v, sizeof v, "c%d=%d; Path=/", i, i);
		assert_int_equal(set(&j, v, &a), WARD_COOKIE_STORED);
	}
	/* the oldest five went */
	assert_int_equal(j.n, WARD_COOKIE_MAX_PER_DOMAIN);
	const char *h = header(&j, &a);
	assert_null(strstr(h, "c4="));
	assert_non_null(strstr(h, "c5=5"));
	assert_non_null(strstr(h, "c54=54"));
	/* over all domains: WARD_COOKIE_MAX */
	for (int d = 0; d < 10; d++) {
		char host[32];
		snprintf(host, sizeof host, "h%d.test", d);
		ward_cookie_origin o = {host, "/", 0};
		for (int i = 0; i < WARD_COOKIE_MAX_PER_DOMAIN; i++) {
			snprintf(v, sizeof v, "c%d=%d", i, i);
			assert_int_equal(set(&j, v, &o), WARD_COOKIE_STORED);
		}
	}
	assert_int_equal(j.n, WARD_COOKIE_MAX);
	/* the oldest domain's cookies were evicted first */
	assert_string_equal(header(&j, &a), "");
	ward_cookie_jar_free(&j);
	/* the Cookie field stays within WARD_COOKIE_MAX_HEADER: of three
	 * cookies of 4001 bytes, two fit (8004 bytes) */
	static char big[4100];
	ward_cookie_jar_init(&j);
	for (int i = 0; i < 3; i++) {
		snprintf(big, sizeof big, "b%d=", i);
		memset(big + 3, 'a' + i, 3998);
		big[4001] = 0;
		assert_int_equal(set(&j, big, &a), WARD_COOKIE_STORED);
	}
	assert_int_equal(set(&j, "small=1", &a), WARD_COOKIE_STORED);
	ward_buf b = WARD_BUF_INIT;
	assert_int_equal(ward_cookie_jar_header(&j, &a, NOW, &b), 3);
	assert_int_equal(b.len, 4001 + 2 + 4001 + 2 + 7);
	assert_null(memmem(b.data, b.len, "b2=", 3));
	assert_non_null(memmem(b.data, b.len, "small=1", 7));
	ward_buf_free(&b);
	ward_cookie_jar_free(&j);
}

static const char curl_jar[] =
    "# Netscape HTTP Cookie File\n"
    "# https://curl.se/docs/http-cookies.html\n"
    "# This file was generated by libcurl! Edit at your own risk.\n"
    "\n"
    "#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tho\tv1\n"
    ".example.com\tTRUE\t/p\tTRUE\t1800000000\tdom\tv2\n"
    "example.com\tFALSE\t/\tFALSE\t1700000000\told\tgone\n"
    "example.com\tFALSE\t/\tFALSE\t0\tempty\n"
    "bad line without tabs\n"
    "example.com\tMAYBE\t/\tFALSE\t0\tx\ty\n"
    "example.com\tFALSE\tnoslash\tFALSE\t0\tx\ty\n"
    "example.com\tFALSE\t/\tFALSE\t12x\tx\ty\n"
    "example.com\tFALSE\t/\tFALSE\t0\t\ty\n"
    "crlf.test\tFALSE\t/\tFALSE\t0\tc\td\r\n";

static void netscape_file(void **state)
{
	(void)state;
	ward_cookie_jar j, k;
	size_t bad = 0;
	ward_buf out = WARD_BUF_INIT, again = WARD_BUF_INIT;
	ward_cookie_jar_init(&j);
	assert_ok(ward_cookie_jar_load(&j, (const uint8_t *)curl_jar,
				       strlen(curl_jar), NOW, &bad));
	assert_int_equal(bad, 5);
	assert_int_equal(j.n, 4); /* "old" expired */
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"localhost", "/", 0}), "ho=v1");
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"www.example.com", "/p", 1}),
	    "dom=v2");
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"www.example.com", "/p", 0}), "");
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"example.com", "/", 0}), "empty=");
	assert_string_equal(
	    header(&j, &(ward_cookie_origin){"crlf.test", "/", 0}), "c=d");
	assert_ok(ward_cookie_jar_write(&j, NOW, &out));
	assert_ok(ward_put_u8(&out, 0));
	assert_string_equal(
	    (const char *)out.data,
	    "# Netscape HTTP Cookie File\n"
	    "# https://curl.se/docs/http-cookies.html\n"
	    "# This file was generated by ward get. Edit at your own risk.\n"
	    "\n"
	    "#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tho\tv1\n"
	    ".example.com\tTRUE\t/p\tTRUE\t1800000000\tdom\tv2\n"
	    "example.com\tFALSE\t/\tFALSE\t0\tempty\t\n"
	    "crlf.test\tFALSE\t/\tFALSE\t0\tc\td\n");
	/* what is written reads back the same */
	ward_cookie_jar_init(&k);
	assert_ok(ward_cookie_jar_load(&k, out.data, out.len - 1, NOW, &bad));
	assert_int_equal(bad, 0);
	assert_ok(ward_cookie_jar_write(&k, NOW, &again));
	assert_int_equal(again.len, out.len - 1);
	assert_memory_equal(again.data, out.data, again.len);
	/* a later time drops what expired by then */
	ward_buf_clear(&again);
	assert_ok(ward_cookie_jar_write(&k, 1800000000, &again));
	assert_null(memmem(again.data, again.len, "dom", 3));
	ward_cookie_jar_free(&j);
	ward_cookie_jar_free(&k);
	ward_buf_free(&out);
	ward_buf_free(&again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_name_value_and_attributes),
	    cmocka_unit_test(refuses_bad_cookies),
	    cmocka_unit_test(expires_and_max_age),
	    cmocka_unit_test(cookie_dates),
	    cmocka_unit_test(domain_attribute),
	    cmocka_unit_test(paths),
	    cmocka_unit_test(secure_and_prefixes),
	    cmocka_unit_test(sending_rules),
	    cmocka_unit_test(limits),
	    cmocka_unit_test(netscape_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

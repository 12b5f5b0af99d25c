/* client/url: http(s) URLs as `ward get` takes them, what curl refuses,
 * the Host authority, and Locations resolved against a base (RFC 3986
 * 5.2, with its 5.4 examples). */
#include <stdio.h>

#include "test.h"

#include "client/client.h"

static ward_url u;
static char why[512];

static ward_client_status parse(const char *s)
{
	why[0] = 0;
	return ward_url_parse(s, &u, why, sizeof why);
}

static void parses_the_parts(void **state)
{
	(void)state;
	char auth[300];
	assert_int_equal(parse("https://Example.ORG:8443/a/b?x=1#frag"),
			 WARD_CLIENT_OK);
	assert_true(u.https);
	assert_string_equal(u.host, "example.org");
	assert_int_equal(u.port, 8443);
	assert_string_equal(u.target, "/a/b?x=1");
	ward_url_authority(&u, auth, sizeof auth);
	assert_string_equal(auth, "example.org:8443");

	assert_int_equal(parse("https://localhost"), WARD_CLIENT_OK);
	assert_int_equal(u.port, 443);
	assert_string_equal(u.target, "/");
	ward_url_authority(&u, auth, sizeof auth);
	assert_string_equal(auth, "localhost");

	assert_int_equal(parse("http://h?q"), WARD_CLIENT_OK);
	assert_false(u.https);
	assert_int_equal(u.port, 80);
	assert_string_equal(u.target, "/?q");

	/* no scheme: http, as curl guesses */
	assert_int_equal(parse("localhost:8080/x"), WARD_CLIENT_OK);
	assert_false(u.https);
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.target, "/x");

	/* "host:" is the default port */
	assert_int_equal(parse("https://h:/"), WARD_CLIENT_OK);
	assert_int_equal(u.port, 443);

	/* IPv6 literals: brackets off, back on in the authority */
	assert_int_equal(parse("https://[::1]:8443/"), WARD_CLIENT_OK);
	assert_true(u.ipv6);
	assert_string_equal(u.host, "::1");
	ward_url_authority(&u, auth, sizeof auth);
	assert_string_equal(auth, "[::1]:8443");

	assert_int_equal(parse("http://me:pw@h/"), WARD_CLIENT_OK);
	assert_string_equal(u.userinfo, "me:pw");
	assert_string_equal(u.host, "h");
}

static void refuses_what_curl_refuses(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "ftp://h/",	       "gopher://h/",
	    "https://",	       "https:///x",
	    "https://h:0/",    "https://h:65536/",
	    "https://h:8x/",   "https://h:123456/",
	    "https://a b/",    "https://h/a b",
	    "https://h/\x01",  "https://h/\xc3\xa9",
	    "https://[::1/",   "https://[xyz]/",
	    "https://[::1]x/", "https://[fe80::1%25eth0]/",
	    "https://h^/",     "https://[]/",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(bad[i]) != WARD_CLIENT_URL)
			fail_msg("accepted '%s'", bad[i]);
		assert_true(why[0] != 0);
	}
	assert_int_equal(parse("ftp://h/"), WARD_CLIENT_URL);
	assert_non_null(strstr(why, "unsupported scheme"));
}

static void same_origin(void **state)
{
	(void)state;
	ward_url a, b;
	assert_int_equal(ward_url_parse("https://h/a", &a, why, sizeof why),
			 WARD_CLIENT_OK);
	assert_int_equal(
	    ward_url_parse("https://H:443/b?c", &b, why, sizeof why),
	    WARD_CLIENT_OK);
	assert_true(ward_url_same_origin(&a, &b));
	assert_int_equal(ward_url_parse("http://h/a", &b, why, sizeof why),
			 WARD_CLIENT_OK);
	assert_false(ward_url_same_origin(&a, &b));
	assert_int_equal(ward_url_parse("https://h:444/a", &b, why, sizeof why),
			 WARD_CLIENT_OK);
	assert_false(ward_url_same_origin(&a, &b));
}

/* RFC 3986 5.4.1 and 5.4.2, base "http://a/b/c/d;p?q" */
static void joins_references(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"g", "/b/c/g"},
	    {"./g", "/b/c/g"},
	    {"g/", "/b/c/g/"},
	    {"/g", "/g"},
	    {"?y", "/b/c/d;p?y"},
	    {"g?y", "/b/c/g?y"},
	    {"#s", "/b/c/d;p?q"},
	    {"g#s", "/b/c/g"},
	    {";x", "/b/c/;x"},
	    {"", "/b/c/d;p?q"},
	    {".", "/b/c/"},
	    {"./", "/b/c/"},
	    {"..", "/b/"},
	    {"../", "/b/"},
	    {"../g", "/b/g"},
	    {"../..", "/"},
	    {"../../", "/"},
	    {"../../g", "/g"},
	    {"../../../g", "/g"},
	    {"/./g", "/g"},
	    {"/../g", "/g"},
	    {"g.", "/b/c/g."},
	    {".g", "/b/c/.g"},
	    {"g..", "/b/c/g.."},
	    {"./../g", "/b/g"},
	    {"./g/.", "/b/c/g/"},
	    {"g/./h", "/b/c/g/h"},
	    {"g/../h", "/b/c/h"},
	    {"g;x=1/./y", "/b/c/g;x=1/y"},
	    {"g;x=1/../y", "/b/c/y"},
	    {"g?y/./x", "/b/c/g?y/./x"},
	};
	ward_url base, out;
	assert_int_equal(
	    ward_url_parse("http://a/b/c/d;p?q", &base, why, sizeof why),
	    WARD_CLIENT_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(
		    ward_url_join(&base, cases[i][0], &out, why, sizeof why),
		    WARD_CLIENT_OK);
		if (strcmp(out.target, cases[i][1]))
			fail_msg("'%s': got '%s', want '%s'", cases[i][0],
				 out.target, cases[i][1]);
		assert_string_equal(out.host, "a");
	}
	/* another host, scheme-relative, absolute */
	assert_int_equal(
	    ward_url_join(&base, "//g:81/x", &out, why, sizeof why),
	    WARD_CLIENT_OK);
	assert_string_equal(out.host, "g");
	assert_int_equal(out.port, 81);
	assert_false(out.https);
	assert_int_equal(
	    ward_url_join(&base, "https://z/", &out, why, sizeof why),
	    WARD_CLIENT_OK);
	assert_true(out.https);
	assert_string_equal(out.host, "z");
	assert_int_equal(
	    ward_url_join(&base, "ftp://z/", &out, why, sizeof why),
	    WARD_CLIENT_URL);
	/* a base with a port keeps it */
	assert_int_equal(
	    ward_url_parse("https://a:8443/x/y", &base, why, sizeof why),
	    WARD_CLIENT_OK);
	assert_int_equal(ward_url_join(&base, "z", &out, why, sizeof why),
			 WARD_CLIENT_OK);
	assert_int_equal(out.port, 8443);
	assert_true(out.https);
	assert_string_equal(out.target, "/x/z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_the_parts),
	    cmocka_unit_test(refuses_what_curl_refuses),
	    cmocka_unit_test(same_origin),
	    cmocka_unit_test(joins_references),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

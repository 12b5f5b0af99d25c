/* http/status, http/mime: reason phrases, the error → status table,
 * HTTP-dates and Content-Types. */
#include <stdio.h>

#include "test.h"

#include "http/http.h"

static ward_slice sl(const char *s)
{
	return ward_slice_make(s, strlen(s));
}

static void reasons(void **state)
{
	(void)state;
	assert_string_equal(ward_http_reason(200), "OK");
	assert_string_equal(ward_http_reason(100), "Continue");
	assert_string_equal(ward_http_reason(206), "Partial Content");
	assert_string_equal(ward_http_reason(304), "Not Modified");
	assert_string_equal(ward_http_reason(308), "Permanent Redirect");
	assert_string_equal(ward_http_reason(404), "Not Found");
	assert_string_equal(ward_http_reason(413), "Content Too Large");
	assert_string_equal(ward_http_reason(414), "URI Too Long");
	assert_string_equal(ward_http_reason(417), "Expectation Failed");
	assert_string_equal(ward_http_reason(421), "Misdirected Request");
	assert_string_equal(ward_http_reason(422), "Unprocessable Content");
	assert_string_equal(ward_http_reason(431),
			    "Request Header Fields Too Large");
	assert_string_equal(ward_http_reason(501), "Not Implemented");
	assert_string_equal(ward_http_reason(505),
			    "HTTP Version Not Supported");
	/* every status RFC 9110 defines has a phrase */
	static const int defined[] = {
	    100, 101, 200, 201, 202, 203, 204, 205, 206, 300, 301,
	    302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404,
	    405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
	    416, 417, 421, 422, 426, 500, 501, 502, 503, 504, 505};
	for (size_t i = 0; i < sizeof defined / sizeof defined[0]; i++)
		assert_true(ward_http_reason(defined[i])[0] != 0);
	assert_string_equal(ward_http_reason(306), "");
	assert_string_equal(ward_http_reason(999), "");
	assert_string_equal(ward_http_reason(0), "");
	assert_string_equal(ward_http_reason(-1), "");
}

static void errors_map_to_statuses(void **state)
{
	(void)state;
	assert_int_equal(ward_http_status_for(WARD_ERR_HTTP_BAD_REQUEST), 400);
	assert_int_equal(ward_http_status_for(WARD_ERR_HTTP_PAYLOAD_TOO_LARGE),
			 413);
	assert_int_equal(ward_http_status_for(WARD_ERR_HTTP_URI_TOO_LONG), 414);
	assert_int_equal(ward_http_status_for(WARD_ERR_HTTP_EXPECTATION_FAILED),
			 417);
	assert_int_equal(ward_http_status_for(WARD_ERR_HTTP_HEADERS_TOO_LARGE),
			 431);
	assert_int_equal(ward_http_status_for(WARD_ERR_HTTP_NOT_IMPLEMENTED),
			 501);
	assert_int_equal(
	    ward_http_status_for(WARD_ERR_HTTP_VERSION_NOT_SUPPORTED), 505);
	/* other peer errors are the peer's fault; local ones are ours */
	assert_int_equal(ward_http_status_for(WARD_ERR_DECODE), 400);
	assert_int_equal(ward_http_status_for(WARD_ERR_PEER_CLOSED), 400);
	assert_int_equal(ward_http_status_for(WARD_ERR_NOMEM), 500);
	assert_int_equal(ward_http_status_for(WARD_ERR_IO), 500);
	assert_int_equal(ward_http_status_for(WARD_ERR_INTERNAL), 500);
	assert_int_equal(ward_http_status_for(WARD_ERR_STATE), 500);
	assert_int_equal(ward_http_status_for(WARD_ERR_ARG), 500);
	/* each status has its phrase */
	for (int e = WARD_ERR_HTTP_FIRST; e <= WARD_ERR_HTTP_LAST; e++)
		assert_true(
		    ward_http_reason(ward_http_status_for((ward_err)e))[0]);
}

static void formats_imf_fixdate(void **state)
{
	(void)state;
	char out[30];
	ward_http_date(784111777, out);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	ward_http_date(0, out);
	assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
	ward_http_date(951782400, out); /* a leap day */
	assert_string_equal(out, "Tue, 29 Feb 2000 00:00:00 GMT");
	ward_http_date(253402300799, out);
	assert_string_equal(out, "Fri, 31 Dec 9999 23:59:59 GMT");
	/* beyond four-digit years the date is clamped, never garbled */
	ward_http_date((time_t)253402300799 * 4, out);
	assert_string_equal(out, "Fri, 31 Dec 9999 23:59:59 GMT");
}

static void parses_the_three_date_forms(void **state)
{
	(void)state;
	time_t t = 0;
	assert_true(
	    ward_http_parse_date(sl("Sun, 06 Nov 1994 08:49:37 GMT"), &t));
	assert_int_equal(t, 784111777);
	t = 0;
	assert_true(
	    ward_http_parse_date(sl("Sunday, 06-Nov-94 08:49:37 GMT"), &t));
	assert_int_equal(t, 784111777);
	t = 0;
	assert_true(ward_http_parse_date(sl("Sun Nov  6 08:49:37 1994"), &t));
	assert_int_equal(t, 784111777);
	assert_true(ward_http_parse_date(sl("Thu Jan 01 00:00:00 1970"), &t));
	assert_int_equal(t, 0);
	/* two-digit years pivot at 70 (no clock in the codec) */
	assert_true(
	    ward_http_parse_date(sl("Friday, 01-Jan-10 00:00:00 GMT"), &t));
	assert_int_equal(t, 1262304000);
	assert_true(
	    ward_http_parse_date(sl("Thursday, 01-Jan-70 00:00:00 GMT"), &t));
	assert_int_equal(t, 0);
	/* a leap day, and a leap second read as :59 */
	assert_true(
	    ward_http_parse_date(sl("Tue, 29 Feb 2000 00:00:00 GMT"), &t));
	assert_int_equal(t, 951782400);
	assert_true(
	    ward_http_parse_date(sl("Sat, 31 Dec 2016 23:59:60 GMT"), &t));
	assert_int_equal(t, 1483228799);
}

static void round_trips_dates(void **state)
{
	(void)state;
	char out[30];
	time_t t, back;
	for (t = 0; t < (time_t)4102444800; t += 7777777) {
		ward_http_date(t, out);
		assert_true(ward_http_parse_date(sl(out), &back));
		assert_int_equal(back, t);
	}
}

static void refuses_bad_dates(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "Sun, 06 Nov 1994 08:49:37 UTC",
	    "Sun, 06 Nov 1994 08:49:37 GMT ",
	    " Sun, 06 Nov 1994 08:49:37 GMT",
	    "Sun, 06 Nov 1994 08:49:37",
	    "sun, 06 Nov 1994 08:49:37 GMT",
	    "Sun, 6 Nov 1994 08:49:37 GMT",
	    "Sun, 06 nov 1994 08:49:37 GMT",
	    "Sun, 06 Nov 94 08:49:37 GMT",
	    "Sun, 06-Nov-1994 08:49:37 GMT",
	    "Sun, 32 Dec 1994 08:49:37 GMT",
	    "Sun, 00 Dec 1994 08:49:37 GMT",
	    "Sun, 29 Feb 1900 08:49:37 GMT",
	    "Sun, 31 Apr 1994 08:49:37 GMT",
	    "Sun, 06 Nov 1994 24:00:00 GMT",
	    "Sun, 06 Nov 1994 08:60:00 GMT",
	    "Sun, 06 Nov 1994 08:49:61 GMT",
	    "Sun, 06 Nov 1994 8:49:37 GMT",
	    "Sun, 06 Xyz 1994 08:49:37 GMT",
	    "Sunday, 06-Nov-1994 08:49:37 GMT",
	    "Sunday, 06 Nov 94 08:49:37 GMT",
	    "Sun Nov 6 08:49:37 1994",
	    "Sun Nov  6 08:49:37 94",
	    "Sun Nov  6 08:49:37 1994 GMT",
	    "Funday, 06-Nov-94 08:49:37 GMT",
	    "1994-11-06T08:49:37Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		time_t t = 12345;
		assert_false(ward_http_parse_date(sl(bad[i]), &t));
		assert_int_equal(t, 12345);
	}
	time_t t;
	assert_false(ward_http_parse_date(
	    ward_slice_make("Sun, 06 Nov 1994 08:49:37 GMT", 28), &t));
}

static void mime_types_by_extension(void **state)
{
	(void)state;
	assert_string_equal(ward_http_mime_type("/index.html"),
			    "text/html; charset=utf-8");
	assert_string_equal(ward_http_mime_type("a/b/INDEX.HTM"),
			    "text/html; charset=utf-8");
	assert_string_equal(ward_http_mime_type("style.css"),
			    "text/css; charset=utf-8");
	assert_string_equal(ward_http_mime_type("app.js"),
			    "text/javascript; charset=utf-8");
	assert_string_equal(ward_http_mime_type("m.mjs"),
			    "text/javascript; charset=utf-8");
	assert_string_equal(ward_http_mime_type("readme.txt"),
			    "text/plain; charset=utf-8");
	assert_string_equal(ward_http_mime_type("data.json"),
			    "application/json");
	assert_string_equal(ward_http_mime_type("pic.JPeG"), "image/jpeg");
	assert_string_equal(ward_http_mime_type("x.tar.gz"),
			    "application/gzip");
	assert_string_equal(ward_http_mime_type("f.woff2"), "font/woff2");
	assert_string_equal(ward_http_mime_type("f.woff"), "font/woff");
	static const char *const listed[] = {
	    "html", "htm",  "css",   "js",   "mjs", "json", "txt",  "xml",
	    "svg",  "png",  "jpg",   "jpeg", "gif", "webp", "avif", "ico",
	    "wasm", "pdf",  "zip",   "gz",   "tar", "mp4",  "webm", "mp3",
	    "ogg",  "woff", "woff2", "ttf",  "otf", "csv",  "md",   "map"};
	char name[32];
	for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++) {
		snprintf(name, sizeof name, "/f.%s", listed[i]);
		const char *type = ward_http_mime_type(name);
		assert_string_not_equal(type, "application/octet-stream");
		/* text types name their charset */
		if (strncmp(type, "text/", 5) == 0)
			assert_non_null(strstr(type, "; charset=utf-8"));
	}
	static const char *const unknown[] = {
	    "noext", "/dir.d/file", ".htaccess", "/a/.html", "file.",
	    "x.exe", "x.htmlx",	    "x.ht",	 ""};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		assert_string_equal(ward_http_mime_type(unknown[i]),
				    "application/octet-stream");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reasons),
	    cmocka_unit_test(errors_map_to_statuses),
	    cmocka_unit_test(formats_imf_fixdate),
	    cmocka_unit_test(parses_the_three_date_forms),
	    cmocka_unit_test(round_trips_dates),
	    cmocka_unit_test(refuses_bad_dates),
	    cmocka_unit_test(mime_types_by_extension),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* server/static: files and directories beneath the root, validators,
 * conditional requests and ranges. */
#include <time.h>

#include "server_test.h"

static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static int setup(void **state)
{
	fixture *f = fixture_new("static");
	scratch_dir(f->outside, "out");
	write_file(f->dir, "digits.txt", digits, 36);
	write_file(f->dir, "page.html", "<p>hi</p>\n", 10);
	write_file(f->dir, "empty", "", 0);
	write_file(f->dir, ".hidden", "dot", 3);
	make_dir(f->dir, "docs");
	write_file(f->dir, "docs/index.html", "<h1>docs</h1>\n", 14);
	make_dir(f->dir, "list");
	write_file(f->dir, "list/b.txt", "b", 1);
	write_file(f->dir, "list/a&<x>.txt", "a", 1);
	write_file(f->dir, "list/javascript:alert(1)", "j", 1);
	write_file(f->dir, "list/.secret", "s", 1);
	make_dir(f->dir, "list/zdir");
	make_dir(f->dir, "list/adir");
	write_file(f->outside, "secret", "secret", 6);
	char p[256], t[256];
	snprintf(p, sizeof p, "%s/link.txt", f->dir);
	assert_int_equal(symlink("digits.txt", p), 0);
	snprintf(p, sizeof p, "%s/passwd", f->dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	snprintf(p, sizeof p, "%s/out", f->dir);
	snprintf(t, sizeof t, "%s/secret", f->outside);
	assert_int_equal(symlink(t, p), 0);
	snprintf(p, sizeof p, "%s/fifo", f->dir);
	assert_int_equal(mkfifo(p, 0644), 0);
	/* a known mtime, for date conditionals */
	struct timespec ts[2] = {{1700000000, 0}, {1700000000, 123456789}};
	snprintf(p, sizeof p, "%s/digits.txt", f->dir);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);

	f->cfg.root = f->dir;
	f->cfg.root_fd = open_dir_path(f->dir);
	f->cfg.max_upload = 1 << 20;
	*state = f;
	return 0;
}

static void serves_a_file(void **state)
{
	fixture *f = *state;
	assert_int_equal(handle(f, "GET /digits.txt HTTP/1.1\n"), 200);
	expect_body(f, digits, 36);
	expect_header(f, "Content-Type", "text/plain; charset=utf-8");
	expect_header(f, "Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT");
	expect_header(f, "Accept-Ranges", "bytes");
	char etag[128];
	assert_true(resp_header(&f->resp, "ETag", etag, sizeof etag));
	struct stat st;
	char p[256];
	snprintf(p, sizeof p, "%s/digits.txt", f->dir);
	assert_int_equal(stat(p, &st), 0);
	char want[128];
	snprintf(want, sizeof want, "\"%llx-24-%llx\"",
		 (unsigned long long)st.st_ino, 1700000000123456789ull);
	assert_string_equal(etag, want);
	/* the file is sent from its descriptor, which the response owns */
	assert_true(f->resp.fd >= 0);
	assert_int_equal(f->resp.n_seg, 1);
	assert_int_equal(f->resp.seg[0].fd, f->resp.fd);
	assert_false(f->resp.no_body);

	assert_int_equal(handle(f, "GET /page.html HTTP/1.1\n"), 200);
	expect_header(f, "Content-Type", "text/html; charset=utf-8");
	assert_int_equal(handle(f, "GET /empty HTTP/1.1\n"), 200);
	assert_int_equal(ward_response_body_len(&f->resp), 0);
	assert_int_equal(handle(f, "GET /.hidden HTTP/1.1\n"), 200);
}

static void head_has_headers_only(void **state)
{
	fixture *f = *state;
	assert_int_equal(handle(f, "HEAD /digits.txt HTTP/1.1\n"), 200);
	assert_true(f->resp.no_body);
	assert_int_equal(ward_response_body_len(&f->resp), 36);
	assert_true(resp_has(&f->resp, "ETag"));
	assert_int_equal(handle(f, "HEAD /nope HTTP/1.1\n"), 404);
	assert_true(f->resp.no_body);
}

static void missing_and_refused(void **state)
{
	fixture *f = *state;
	assert_int_equal(handle(f, "GET /nope HTTP/1.1\n"), 404);
	expect_body(f, "404 Not Found\n", 14);
	expect_header(f, "Content-Type", "text/plain; charset=utf-8");
	assert_int_equal(handle(f, "GET /digits.txt/ HTTP/1.1\n"), 404);
	assert_int_equal(handle(f, "GET /fifo HTTP/1.1\n"), 403);
	/* symlinks: inside followed, outside refused as missing */
	assert_int_equal(handle(f, "GET /link.txt HTTP/1.1\n"), 200);
	expect_body(f, digits, 36);
	assert_int_equal(handle(f, "GET /passwd HTTP/1.1\n"), 404);
	assert_int_equal(handle(f, "GET /out HTTP/1.1\n"), 404);
	if (geteuid() != 0) {
		char p[256];
		snprintf(p, sizeof p, "%s/page.html", f->dir);
		chmod(p, 0);
		assert_int_equal(handle(f, "GET /page.html HTTP/1.1\n"), 403);
		chmod(p, 0644);
	}
}

static void traversal_is_refused(void **state)
{
	fixture *f = *state;
	static const char *const bad[] = {
	    "GET /../etc/passwd HTTP/1.1\n",
	    "GET /%2e%2e/etc/passwd HTTP/1.1\n",
	    "GET /a/%2F.. HTTP/1.1\n",
	    "GET /%00 HTTP/1.1\n",
	    "GET /docs/../../x HTTP/1.1\n",
	    "GET /a\\..\\b HTTP/1.1\n",
	    "GET /%zz HTTP/1.1\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(handle(f, bad[i]), 400);
	/* dot segments that stay inside are fine */
	assert_int_equal(handle(f, "GET /docs/../digits.txt HTTP/1.1\n"), 200);
	assert_int_equal(handle(f, "GET //docs//index.html HTTP/1.1\n"), 200);
}

static void directories(void **state)
{
	fixture *f = *state;
	assert_int_equal(handle(f, "GET /docs HTTP/1.1\n"), 301);
	expect_header(f, "Location", "/docs/");
	assert_int_equal(handle(f, "GET /docs?x=1&y HTTP/1.1\n"), 301);
	expect_header(f, "Location", "/docs/?x=1&y");
	/* the Location is re-encoded: no CRLF, no "//host" */
	assert_int_equal(handle(f, "GET //docs HTTP/1.1\n"), 301);
	expect_header(f, "Location", "/docs/");
	assert_int_equal(handle(f, "GET /docs/ HTTP/1.1\n"), 200);
	expect_body(f, "<h1>docs</h1>\n", 14);
	expect_header(f, "Content-Type", "text/html; charset=utf-8");
	assert_int_equal(handle(f, "GET /list/ HTTP/1.1\n"), 403);
	assert_int_equal(handle(f, "GET / HTTP/1.1\n"), 403);
}

static void autoindex(void **state)
{
	fixture *f = *state;
	f->cfg.autoindex = 1;
	assert_int_equal(handle(f, "GET /list/ HTTP/1.1\n"), 200);
	expect_header(f, "Content-Type", "text/html; charset=utf-8");
	char *body = resp_body(&f->resp, NULL);
	const char *want[] = {
	    "<title>Index of /list/</title>",
	    "<a href=\"../\">../</a>\n"
	    "<a href=\"./adir/\">adir/</a>\n"
	    "<a href=\"./zdir/\">zdir/</a>\n"
	    "<a href=\"./a%26%3Cx%3E.txt\">a&amp;&lt;x&gt;.txt</a>\n"
	    "<a href=\"./b.txt\">b.txt</a>\n"
	    "<a href=\"./javascript:alert(1)\">javascript:alert(1)</a>\n"
	    "</pre>",
	};
	for (size_t i = 0; i < 2; i++)
		if (!strstr(body, want[i]))
			fail_msg("listing lacks %s:\n%s", want[i], body);
	assert_null(strstr(body, "secret"));
	free(body);
	/* sent chunked; trailers only for a client that accepts them */
	assert_true(f->resp.chunked);
	assert_int_equal(f->resp.trailers.len, 0);
	assert_int_equal(handle(f, "GET /list/ HTTP/1.1\nTE: trailers\n"), 200);
	assert_true(f->resp.chunked);
	expect_header(f, "Trailer", "Server-Timing");
	assert_true(f->resp.trailers.len > 0);
	assert_memory_equal(f->resp.trailers.data, "Server-Timing: autoindex;dur=",
			    29);
	/* an index.html still wins */
	assert_int_equal(handle(f, "GET /docs/ HTTP/1.1\n"), 200);
	expect_body(f, "<h1>docs</h1>\n", 14);
	assert_int_equal(handle(f, "GET / HTTP/1.1\n"), 200);
	body = resp_body(&f->resp, NULL);
	assert_null(strstr(body, "../"));
	assert_non_null(strstr(body, "<a href=\"./docs/\">docs/</a>"));
	free(body);
}

static void no_root_is_404(void **state)
{
	fixture *f = *state;
	close(f->cfg.root_fd);
	f->cfg.root_fd = -1;
	assert_int_equal(handle(f, "GET /digits.txt HTTP/1.1\n"), 404);
	f->cfg.root_fd = open_dir_path(f->dir);
}

static void single_ranges(void **state)
{
	fixture *f = *state;
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=2-5\n"), 206);
	expect_header(f, "Content-Range", "bytes 2-5/36");
	expect_header(f, "Content-Type", "text/plain; charset=utf-8");
	expect_body(f, "2345", 4);
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=-3\n"), 206);
	expect_header(f, "Content-Range", "bytes 33-35/36");
	expect_body(f, "xyz", 3);
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=30-\n"), 206);
	expect_header(f, "Content-Range", "bytes 30-35/36");
	expect_body(f, "uvwxyz", 6);
	/* a last position past the end is clamped; a long suffix is all */
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=34-999\n"), 206);
	expect_body(f, "yz", 2);
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=-100\n"), 206);
	expect_header(f, "Content-Range", "bytes 0-35/36");
	/* the unit is case-insensitive; overlapping ranges coalesce */
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: BYTES=0-3, 2-5\n"),
	    206);
	expect_header(f, "Content-Range", "bytes 0-5/36");
	/* HEAD reports the same */
	assert_int_equal(
	    handle(f, "HEAD /digits.txt HTTP/1.1\nRange: bytes=2-5\n"), 206);
	assert_true(f->resp.no_body);
}

static void multiple_ranges(void **state)
{
	fixture *f = *state;
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=0-1,-2,10-12\n"),
	    206);
	char ct[256];
	assert_true(resp_header(&f->resp, "Content-Type", ct, sizeof ct));
	const char *bp = "multipart/byteranges; boundary=";
	assert_int_equal(strncmp(ct, bp, strlen(bp)), 0);
	const char *b = ct + strlen(bp);
	char want[2048];
	snprintf(want, sizeof want,
		 "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
		 "Content-Range: bytes 0-1/36\r\n\r\n01"
		 "\r\n--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
		 "Content-Range: bytes 10-12/36\r\n\r\nabc"
		 "\r\n--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
		 "Content-Range: bytes 34-35/36\r\n\r\nyz"
		 "\r\n--%s--\r\n",
		 b, b, b, b);
	expect_body(f, want, strlen(want));
	assert_false(resp_has(&f->resp, "Content-Range"));
	/* file bytes come from file segments, not copies */
	assert_int_equal(f->resp.n_seg, 7);
	assert_true(f->resp.seg[1].fd >= 0);
	/* unsatisfiable parts are dropped */
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=0-0,99-\n"), 206);
	expect_header(f, "Content-Range", "bytes 0-0/36");
	expect_body(f, "0", 1);
}

static void too_many_ranges_send_everything(void **state)
{
	fixture *f = *state;
	/* 17 disjoint ranges after coalescing: the whole file */
	static const char many[] =
	    "GET /digits.txt HTTP/1.1\nRange: bytes=0-0,2-2,4-4,6-6,8-8,"
	    "10-10,12-12,14-14,16-16,18-18,20-20,22-22,24-24,26-26,28-28,"
	    "30-30,32-32\n";
	assert_int_equal(handle(f, many), 200);
	expect_body(f, digits, 36);
	/* 16 are served */
	static const char sixteen[] =
	    "GET /digits.txt HTTP/1.1\nRange: bytes=0-0,2-2,4-4,6-6,8-8,"
	    "10-10,12-12,14-14,16-16,18-18,20-20,22-22,24-24,26-26,28-28,"
	    "30-30\n";
	assert_int_equal(handle(f, sixteen), 206);
	assert_int_equal(f->resp.n_seg, 33);
}

static void bad_and_unsatisfiable_ranges(void **state)
{
	fixture *f = *state;
	static const char *const ignored[] = {
	    "GET /digits.txt HTTP/1.1\nRange: bytes=5-2\n",
	    "GET /digits.txt HTTP/1.1\nRange: bytes=x-\n",
	    "GET /digits.txt HTTP/1.1\nRange: items=0-1\n",
	    "GET /digits.txt HTTP/1.1\nRange: bytes=-\n",
	    "GET /digits.txt HTTP/1.1\nRange: bytes=\n",
	    "GET /digits.txt HTTP/1.1\nRange: bytes=1-2;\n",
	    "GET /digits.txt HTTP/1.1\nRange: bytes=99999999999999999999-\n",
	    "GET /digits.txt HTTP/1.1\nRange: bytes=0-1\nRange: bytes=2-3\n",
	};
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
		assert_int_equal(handle(f, ignored[i]), 200);
		expect_body(f, digits, 36);
	}
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=36-\n"), 416);
	expect_header(f, "Content-Range", "bytes */36");
	assert_int_equal(
	    handle(f, "GET /digits.txt HTTP/1.1\nRange: bytes=-0\n"), 416);
	assert_int_equal(handle(f, "GET /empty HTTP/1.1\nRange: bytes=0-\n"),
			 416);
	expect_header(f, "Content-Range", "bytes */0");
}

/* ETag and Last-Modified of digits.txt, for conditional requests. */
static void validators(fixture *f)
{
	assert_int_equal(handle(f, "GET /digits.txt HTTP/1.1\n"), 200);
	assert_true(resp_header(&f->resp, "ETag", f->etag, sizeof f->etag));
	assert_true(resp_header(&f->resp, "Last-Modified", f->lastmod,
				sizeof f->lastmod));
}

static int handlef(fixture *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int handlef(fixture *f, const char *fmt, ...)
{
	static char text[8][1024];
	static int slot;
	char *t = text[slot++ % 8];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t, 1024, fmt, ap);
	va_end(ap);
	return handle(f, t);
}

static void conditionals(void **state)
{
	fixture *f = *state;
	validators(f);
	const char *g = "GET /digits.txt HTTP/1.1\n";
	assert_int_equal(handlef(f, "%sIf-None-Match: %s\n", g, f->etag), 304);
	assert_true(f->resp.no_body);
	assert_int_equal(ward_response_body_len(&f->resp), 0);
	expect_header(f, "ETag", f->etag);
	expect_header(f, "Last-Modified", f->lastmod);
	/* weak comparison for If-None-Match; lists; "*" */
	assert_int_equal(
	    handlef(f, "%sIf-None-Match: \"x\", W/%s\n", g, f->etag), 304);
	assert_int_equal(handlef(f,
				 "%sIf-None-Match: \"x\"\nIf-None-Match: %s\n",
				 g, f->etag),
			 304);
	assert_int_equal(handlef(f, "%sIf-None-Match: *\n", g), 304);
	assert_int_equal(handlef(f, "%sIf-None-Match: \"other\"\n", g), 200);
	/* If-None-Match wins over If-Modified-Since (13.2.2 step 4) */
	assert_int_equal(handlef(f,
				 "%sIf-None-Match: \"other\"\n"
				 "If-Modified-Since: %s\n",
				 g, f->lastmod),
			 200);
	assert_int_equal(handlef(f, "%sIf-Modified-Since: %s\n", g, f->lastmod),
			 304);
	assert_int_equal(handlef(f,
				 "%sIf-Modified-Since: Tue, 14 Nov 2023 "
				 "22:13:19 GMT\n",
				 g),
			 200);
	assert_int_equal(handlef(f, "%sIf-Modified-Since: yesterday\n", g),
			 200);
	/* If-Match: strong comparison */
	assert_int_equal(handlef(f, "%sIf-Match: %s\n", g, f->etag), 200);
	assert_int_equal(handlef(f, "%sIf-Match: W/%s\n", g, f->etag), 412);
	assert_int_equal(handlef(f, "%sIf-Match: \"nope\"\n", g), 412);
	assert_int_equal(handlef(f, "%sIf-Match: *\n", g), 200);
	assert_int_equal(handle(f, "GET /nope HTTP/1.1\nIf-Match: *\n"), 404);
	/* If-Match wins over If-Unmodified-Since (step 2) */
	assert_int_equal(handlef(f,
				 "%sIf-Match: %s\nIf-Unmodified-Since: Mon, "
				 "01 Jan 2001 00:00:00 GMT\n",
				 g, f->etag),
			 200);
	assert_int_equal(handlef(f,
				 "%sIf-Unmodified-Since: Mon, 01 Jan 2001 "
				 "00:00:00 GMT\n",
				 g),
			 412);
	assert_int_equal(
	    handlef(f, "%sIf-Unmodified-Since: %s\n", g, f->lastmod), 200);
	/* 412 before 304 */
	assert_int_equal(
	    handlef(f, "%sIf-Match: \"nope\"\nIf-None-Match: %s\n", g, f->etag),
	    412);
}

static void if_range(void **state)
{
	fixture *f = *state;
	validators(f);
	const char *g = "GET /digits.txt HTTP/1.1\nRange: bytes=0-1\n";
	assert_int_equal(handlef(f, "%sIf-Range: %s\n", g, f->etag), 206);
	assert_int_equal(handlef(f, "%sIf-Range: %s\n", g, f->lastmod), 206);
	/* a mismatch, a weak tag or another date: the whole file */
	assert_int_equal(handlef(f, "%sIf-Range: \"old\"\n", g), 200);
	expect_body(f, digits, 36);
	assert_int_equal(handlef(f, "%sIf-Range: W/%s\n", g, f->etag), 200);
	assert_int_equal(
	    handlef(f, "%sIf-Range: Tue, 14 Nov 2023 22:13:21 GMT\n", g), 200);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	    T(serves_a_file),
	    T(head_has_headers_only),
	    T(missing_and_refused),
	    T(traversal_is_refused),
	    T(directories),
	    T(autoindex),
	    T(no_root_is_404),
	    T(single_ranges),
	    T(multiple_ranges),
	    T(too_many_ranges_send_everything),
	    T(bad_and_unsatisfiable_ranges),
	    T(conditionals),
	    T(if_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

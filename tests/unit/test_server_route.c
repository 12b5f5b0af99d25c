/* server/route: methods and targets, OPTIONS, TRACE, the connection
 * endpoint; server/response: the response builders. */
#include "server_test.h"

static int setup(void **state)
{
	fixture *f = fixture_new("route");
	write_file(f->dir, "a.txt", "abc", 3);
	make_dir(f->dir, "files");
	f->cfg.root_fd = open_dir_path(f->dir);
	f->cfg.max_upload = 1024;
	*state = f;
	return 0;
}

static void add_store(fixture *f)
{
	char p[128];
	snprintf(p, sizeof p, "%s/files", f->dir);
	f->cfg.stores[0].prefix = "/files/";
	f->cfg.stores[0].dirfd = open_dir_path(p);
	f->cfg.n_stores = 1;
}

static void methods(void **state)
{
	fixture *f = *state;
	assert_int_equal(handle(f, "BREW /a.txt HTTP/1.1\n"), 501);
	assert_int_equal(handle(f, "CONNECT example.com:443 HTTP/1.1\n"), 405);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS");
	assert_int_equal(handle(f, "POST /a.txt HTTP/1.1\n"), 405);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS");
	expect_text(f, "405 Method Not Allowed\n");
	assert_int_equal(handle(f, "PATCH /a.txt HTTP/1.1\n"), 405);
	assert_int_equal(handle(f, "PUT /a.txt HTTP/1.1\n"), 405);
	assert_int_equal(handle(f, "DELETE /a.txt HTTP/1.1\n"), 405);
	assert_int_equal(handle(f, "GET /a.txt HTTP/1.1\n"), 200);
	assert_int_equal(handle(f, "GET /a.txt?x=1 HTTP/1.0\n"), 200);
	assert_int_equal(handle(f, "HEAD /a.txt HTTP/1.1\n"), 200);
	assert_true(f->resp.no_body);
	assert_int_equal(handle(f, "GET /a%2fb HTTP/1.1\n"), 400);
}

static void options(void **state)
{
	fixture *f = *state;
	assert_int_equal(handle(f, "OPTIONS * HTTP/1.1\n"), 204);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS");
	assert_true(f->resp.no_body);
	assert_int_equal(ward_response_body_len(&f->resp), 0);
	add_store(f);
	f->cfg.enable_trace = 1;
	assert_int_equal(handle(f, "OPTIONS * HTTP/1.1\n"), 204);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS, PUT, DELETE, TRACE");
	assert_int_equal(handle(f, "OPTIONS /a.txt HTTP/1.1\n"), 204);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS, TRACE");
	assert_int_equal(handle(f, "OPTIONS /files/x HTTP/1.1\n"), 204);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS, PUT, DELETE, TRACE");
	assert_int_equal(handle(f, "CONNECT h:1 HTTP/1.1\n"), 405);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS, PUT, DELETE, TRACE");
	assert_int_equal(
	    handle(f, "OPTIONS /.well-known/ward/connection HTTP/1.1\n"), 204);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS, TRACE");
}

static void trace(void **state)
{
	fixture *f = *state;
	assert_int_equal(handle(f, "TRACE /a.txt HTTP/1.1\n"), 405);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS");
	f->cfg.enable_trace = 1;
	assert_int_equal(handle(f, "TRACE /x?q=1 HTTP/1.1\n"
				   "Host: example.com\n"
				   "Authorization: Basic c2VjcmV0\n"
				   "X-Test: yes\n"
				   "cookie: id=secret\n"
				   "Proxy-Authorization: Basic c2VjcmV0\n"),
			 200);
	expect_header(f, "Content-Type", "message/http");
	expect_text(f, "TRACE /x?q=1 HTTP/1.1\r\n"
		       "Host: example.com\r\n"
		       "X-Test: yes\r\n"
		       "\r\n");
}

static void store_routing(void **state)
{
	fixture *f = *state;
	/* without a store, /files/ is a static directory */
	assert_int_equal(handle(f, "PUT /files/x HTTP/1.1\n"), 405);
	add_store(f);
	assert_int_equal(handle(f, "PUT /files/x HTTP/1.1\n"), 201);
	assert_int_equal(handle(f, "GET /files/x HTTP/1.1\n"), 200);
	assert_int_equal(handle(f, "DELETE /files/x HTTP/1.1\n"), 204);
	assert_int_equal(handle(f, "POST /files/x HTTP/1.1\n"), 405);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS, PUT, DELETE");
	/* a prefix matches whole segments only */
	assert_int_equal(handle(f, "PUT /filesx HTTP/1.1\n"), 405);
	assert_int_equal(handle(f, "GET /files HTTP/1.1\n"), 301);
}

static void connection_info_plain(void **state)
{
	fixture *f = *state;
	f->ctx.https = 0;
	assert_int_equal(
	    handle(f, "GET /.well-known/ward/connection HTTP/1.1\n"), 200);
	expect_header(f, "Content-Type", "application/json");
	expect_header(f, "Cache-Control", "no-store");
	expect_text(f, "{\"tls_version\":null,\"cipher_suite\":null,"
		       "\"group\":null,\"signature_scheme\":null,"
		       "\"alpn\":null,\"sni\":null,\"resumed\":null,"
		       "\"hrr\":null,\"offered\":null,"
		       "\"client_certificate\":null}\n");
	assert_int_equal(
	    handle(f, "POST /.well-known/ward/connection HTTP/1.1\n"), 405);
	expect_header(f, "Allow", "GET, HEAD, OPTIONS");
	/* the path is matched after normalisation */
	assert_int_equal(
	    handle(f, "HEAD /.well-known/./ward//connection HTTP/1.1\n"), 200);
	assert_true(f->resp.no_body);
}

static void connection_info_tls(void **state)
{
	fixture *f = *state;
	static const uint8_t versions[] = {0x0a, 0x0a, 0x03, 0x04, 0x03, 0x03};
	static const uint8_t suites[] = {0x13, 0x01, 0x13, 0x03, 0xc0, 0x2f};
	static const uint8_t groups[] = {0x00, 0x1d, 0x00, 0x17, 0x11, 0xec, 0x12, 0x34};
	static const uint8_t sigs[] = {0x04, 0x03, 0x08, 0x04};
	static const uint8_t alpn[] = {2,   'h', '2', 8,   'h', 't', 't', 'p',
				       '/', '1', '.', '1', 3,	'a', '"', 0x01};
	ward_tls_info ti;
	memset(&ti, 0, sizeof ti);
	ti.version = 0x0304;
	ti.suite = 0x1301;
	ti.group = 0x001d;
	ti.sigscheme = 0x0403;
	ti.hrr = 1;
	ti.alpn = "http/1.1";
	ti.server_name = "localhost";
	ti.offered_versions = ward_slice_make(versions, sizeof versions);
	ti.offered_suites = ward_slice_make(suites, sizeof suites);
	ti.offered_groups = ward_slice_make(groups, sizeof groups);
	ti.offered_sigschemes = ward_slice_make(sigs, sizeof sigs);
	ti.offered_alpn = ward_slice_make(alpn, sizeof alpn);
	f->ctx.tls = &ti;
	assert_int_equal(
	    handle(f, "GET /.well-known/ward/connection HTTP/1.1\n"), 200);
	char want[2048];
	snprintf(
	    want, sizeof want,
	    "{\"tls_version\":\"TLSv1.3\",\"cipher_suite\":\"%s\","
	    "\"group\":\"%s\",\"signature_scheme\":\"%s\","
	    "\"alpn\":\"http/1.1\",\"sni\":\"localhost\","
	    "\"resumed\":false,\"hrr\":true,"
	    "\"offered\":{\"versions\":[\"GREASE\",\"TLSv1.3\",\"TLSv1.2\"],"
	    "\"cipher_suites\":[\"%s\",\"%s\",\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"],"
	    "\"groups\":[\"%s\",\"%s\",\"X25519MLKEM768\",\"0x1234\"],"
	    "\"signature_schemes\":[\"%s\",\"%s\"],"
	    "\"alpn\":[\"h2\",\"http/1.1\",\"a\\\"\\u0001\"]},"
	    "\"client_certificate\":null}\n",
	    ward_tls_suite_name(0x1301), ward_group_name(0x1d),
	    ward_sigscheme_name(0x0403), ward_tls_suite_name(0x1301),
	    ward_tls_suite_name(0x1303), ward_group_name(0x1d),
	    ward_group_name(0x17), ward_sigscheme_name(0x0403),
	    ward_sigscheme_name(0x0804));
	expect_text(f, want);
	/* resumption: no group, no signature; no ALPN, no SNI */
	ti.group = 0;
	ti.sigscheme = 0;
	ti.resumed = 1;
	ti.alpn = "";
	ti.server_name = NULL;
	assert_int_equal(
	    handle(f, "GET /.well-known/ward/connection HTTP/1.1\n"), 200);
	char *body = resp_body(&f->resp, NULL);
	assert_non_null(strstr(body, "\"group\":null,\"signature_scheme\":null,"
				     "\"alpn\":null,\"sni\":null,"
				     "\"resumed\":true"));
	free(body);
	/* a verified client certificate, its subject escaped */
	ti.peer_subject = "CN=alice \"x\",O=ward";
	ti.peer_sans = "DNS:alice.example";
	assert_int_equal(
	    handle(f, "GET /.well-known/ward/connection HTTP/1.1\n"), 200);
	body = resp_body(&f->resp, NULL);
	assert_non_null(strstr(body, ",\"client_certificate\":{\"subject\":"
				     "\"CN=alice \\\"x\\\",O=ward\",\"sans\":"
				     "\"DNS:alice.example\"}}\n"));
	free(body);
}

static void response_builders(void **state)
{
	(void)state;
	ward_response r;
	ward_response_init(&r);
	assert_int_equal(r.fd, -1);
	assert_ok(ward_response_header(&r, "X-A", "%d-%s", 7, "x"));
	assert_err(ward_response_header(&r, "X-B", "a\r\nSet-Cookie: x"),
		   WARD_ERR_ARG);
	assert_err(ward_response_header(&r, "X-B", "a\nb"), WARD_ERR_ARG);
	assert_err(ward_response_header(&r, "Bad Name", "v"), WARD_ERR_ARG);
	assert_err(ward_response_header(&r, "", "v"), WARD_ERR_ARG);
	assert_int_equal(r.head.len, 10);
	assert_memory_equal(r.head.data, "X-A: 7-x\r\n", 10);
	/* adjacent memory bytes share a segment */
	assert_ok(ward_response_body_mem(&r, "ab", 2));
	assert_ok(ward_response_body_mem(&r, "cd", 2));
	assert_int_equal(r.n_seg, 1);
	assert_ok(ward_response_body_file(&r, 0, 5, 10));
	assert_ok(ward_response_body_mem(&r, "e", 1));
	assert_int_equal(r.n_seg, 3);
	assert_int_equal(ward_response_body_len(&r), 15);
	assert_err(ward_response_body_file(&r, -1, 0, 1), WARD_ERR_ARG);
	/* segments run out */
	ward_response_free(&r);
	ward_response_init(&r);
	for (int i = 0; i < WARD_RESPONSE_MAX_SEGMENTS; i++)
		assert_ok(ward_response_body_file(&r, 0, 0, 1));
	assert_err(ward_response_body_file(&r, 0, 0, 1), WARD_ERR_OVERFLOW);
	assert_err(ward_response_body_mem(&r, "x", 1), WARD_ERR_OVERFLOW);
	/* simple replaces the body, keeps the headers */
	assert_ok(ward_response_header(&r, "Allow", "GET"));
	assert_ok(ward_response_simple(&r, 404, "no such thing"));
	assert_int_equal(r.status, 404);
	size_t n;
	char *body = resp_body(&r, &n);
	assert_string_equal(body, "404 Not Found\nno such thing\n");
	free(body);
	assert_true(memmem(r.head.data, r.head.len, "Allow: GET\r\n", 12) !=
		    NULL);
	assert_ok(ward_response_simple(&r, 204, NULL));
	assert_int_equal(ward_response_body_len(&r), 0);
	assert_true(r.no_body);
	ward_response_free(&r);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	    T(methods),
	    T(options),
	    T(trace),
	    T(store_routing),
	    T(connection_info_plain),
	    T(connection_info_tls),
	    cmocka_unit_test(response_builders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

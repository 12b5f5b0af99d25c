/* server/store: PUT and DELETE beneath a store directory, atomically. */
#include <dirent.h>
#include <errno.h>

#include "server_test.h"

#include "server/route.h"

static int setup(void **state)
{
	fixture *f = fixture_new("store");
	make_dir(f->dir, "sub");
	write_file(f->dir, "old.txt", "old content", 11);
	f->cfg.stores[0].prefix = "/files/";
	f->cfg.stores[0].dir = f->dir;
	f->cfg.stores[0].dirfd = open_dir_path(f->dir);
	f->cfg.n_stores = 1;
	f->cfg.max_upload = 64;
	*state = f;
	return 0;
}

/* A whole request with its body; returns the status. */
static int request(fixture *f, const char *text, const char *body)
{
	start_request(f, text);
	if (!f->sink.write)
		return f->resp.status;
	assert_int_equal(f->resp.status, 0);
	size_t len = strlen(body);
	/* in small pieces, as a connection would */
	for (size_t i = 0; i < len; i += 5)
		assert_ok(f->sink.write(f->sink.ctx, (const uint8_t *)body + i,
					len - i < 5 ? len - i : 5));
	assert_ok(f->sink.finish(f->sink.ctx, &f->resp));
	return f->resp.status;
}

static char *file_content(fixture *f, const char *name)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", f->dir, name);
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return NULL;
	static char buf[256];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

/* Only the expected names are in dir: no temporaries left behind. */
static void expect_listing(fixture *f, const char *sub, const char *names)
{
	char p[256], got[1024] = "";
	snprintf(p, sizeof p, "%s/%s", f->dir, sub);
	DIR *d = opendir(p);
	assert_non_null(d);
	struct dirent *de;
	const char *sorted[64];
	size_t n = 0;
	char store[64][256];
	while ((de = readdir(d)) != NULL && n < 64) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(store[n], sizeof store[n], "%s", de->d_name);
		sorted[n] = store[n];
		n++;
	}
	closedir(d);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(sorted[j], sorted[i]) < 0) {
				const char *t = sorted[i];
				sorted[i] = sorted[j];
				sorted[j] = t;
			}
	for (size_t i = 0; i < n; i++) {
		strcat(got, sorted[i]);
		strcat(got, " ");
	}
	assert_string_equal(got, names);
}

static void put_creates_then_replaces(void **state)
{
	fixture *f = *state;
	assert_int_equal(request(f,
				 "PUT /files/new.txt HTTP/1.1\n"
				 "Content-Length: 24\n",
				 "hello, store! 0123456789"),
			 201);
	assert_string_equal(file_content(f, "new.txt"),
			    "hello, store! 0123456789");
	char v[256];
	assert_true(resp_header(&f->resp, "Location", v, sizeof v));
	assert_string_equal(v, "/files/new.txt");
	char etag[128];
	assert_true(resp_header(&f->resp, "ETag", etag, sizeof etag));
	expect_listing(f, "", "new.txt old.txt sub ");

	/* the ETag from PUT is the one GET gives */
	start_request(f, "GET /files/new.txt HTTP/1.1\n");
	assert_int_equal(f->resp.status, 200);
	assert_true(resp_header(&f->resp, "ETag", v, sizeof v));
	assert_string_equal(v, etag);
	size_t n;
	char *body = resp_body(&f->resp, &n);
	assert_string_equal(body, "hello, store! 0123456789");
	free(body);

	assert_int_equal(request(f,
				 "PUT /files/new.txt HTTP/1.1\n"
				 "Content-Length: 3\n",
				 "new"),
			 204);
	assert_true(f->resp.no_body);
	assert_false(resp_has(&f->resp, "Location"));
	assert_true(resp_has(&f->resp, "ETag"));
	assert_string_equal(file_content(f, "new.txt"), "new");
	/* in a subdirectory, with a name to encode */
	assert_int_equal(request(f,
				 "PUT /files/sub/a%20b.txt HTTP/1.1\n"
				 "Transfer-Encoding: chunked\n",
				 "chunked body"),
			 201);
	assert_true(resp_header(&f->resp, "Location", v, sizeof v));
	assert_string_equal(v, "/files/sub/a%20b.txt");
	assert_string_equal(file_content(f, "sub/a b.txt"), "chunked body");
	expect_listing(f, "", "new.txt old.txt sub ");
	expect_listing(f, "sub", "a b.txt ");
}

static void put_without_body(void **state)
{
	fixture *f = *state;
	/* nothing to read: the answer is final at once */
	start_request(f, "PUT /files/empty HTTP/1.1\nContent-Length: 0\n");
	assert_null(f->sink.write);
	assert_int_equal(f->resp.status, 201);
	assert_string_equal(file_content(f, "empty"), "");
	start_request(f, "PUT /files/old.txt HTTP/1.1\n");
	assert_null(f->sink.write);
	assert_int_equal(f->resp.status, 204);
	assert_string_equal(file_content(f, "old.txt"), "");
}

static void abort_leaves_old_content(void **state)
{
	fixture *f = *state;
	start_request(f, "PUT /files/old.txt HTTP/1.1\nContent-Length: 20\n");
	assert_non_null(f->sink.write);
	assert_ok(f->sink.write(f->sink.ctx, (const uint8_t *)"partial", 7));
	/* nothing is visible while the body arrives (a named temporary is,
	 * under a reserved name) */
	if (!ward_store_test_named_temp)
		expect_listing(f, "", "old.txt sub ");
	assert_string_equal(file_content(f, "old.txt"), "old content");
	f->sink.abort(f->sink.ctx);
	assert_string_equal(file_content(f, "old.txt"), "old content");
	expect_listing(f, "", "old.txt sub ");
	/* a new name is never created by an aborted upload */
	start_request(f, "PUT /files/never HTTP/1.1\nTransfer-Encoding: chunked\n");
	assert_ok(f->sink.write(f->sink.ctx, (const uint8_t *)"x", 1));
	f->sink.abort(f->sink.ctx);
	expect_listing(f, "", "old.txt sub ");
}

static void size_limits(void **state)
{
	fixture *f = *state;
	/* a declared length over the limit: 413 before any body */
	start_request(f, "PUT /files/big HTTP/1.1\nContent-Length: 65\n");
	assert_null(f->sink.write);
	assert_int_equal(f->resp.status, 413);
	assert_true(f->resp.close);
	/* exactly the limit is fine */
	char body[65];
	memset(body, 'x', 64);
	body[64] = '\0';
	assert_int_equal(
	    request(f, "PUT /files/big HTTP/1.1\nContent-Length: 64\n", body),
	    201);
	/* chunked: the sink refuses the byte that crosses the limit */
	start_request(f, "PUT /files/big HTTP/1.1\nTransfer-Encoding: chunked\n");
	assert_non_null(f->sink.write);
	assert_ok(f->sink.write(f->sink.ctx, (const uint8_t *)body, 60));
	assert_err(f->sink.write(f->sink.ctx, (const uint8_t *)body, 5),
		   WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
	f->sink.abort(f->sink.ctx);
	assert_int_equal(strlen(file_content(f, "big")), 64);
	expect_listing(f, "", "big old.txt sub ");
}

static void put_preconditions(void **state)
{
	fixture *f = *state;
	/* If-None-Match: * is "create, never replace" */
	assert_int_equal(request(f,
				 "PUT /files/old.txt HTTP/1.1\n"
				 "If-None-Match: *\nContent-Length: 1\n",
				 "x"),
			 412);
	assert_null(f->sink.write);
	assert_string_equal(file_content(f, "old.txt"), "old content");
	assert_int_equal(request(f,
				 "PUT /files/fresh HTTP/1.1\n"
				 "If-None-Match: *\nContent-Length: 1\n",
				 "x"),
			 201);
	/* the name appearing while the body arrives still loses */
	start_request(f, "PUT /files/race HTTP/1.1\nIf-None-Match: *\n"
		 "Content-Length: 3\n");
	assert_non_null(f->sink.write);
	assert_ok(f->sink.write(f->sink.ctx, (const uint8_t *)"new", 3));
	write_file(f->dir, "race", "first", 5);
	assert_ok(f->sink.finish(f->sink.ctx, &f->resp));
	assert_int_equal(f->resp.status, 412);
	assert_string_equal(file_content(f, "race"), "first");
	expect_listing(f, "", "fresh old.txt race sub ");

	/* If-Match: the current ETag, else 412; never for a missing file */
	start_request(f, "GET /files/old.txt HTTP/1.1\n");
	char etag[128], text[512];
	assert_true(resp_header(&f->resp, "ETag", etag, sizeof etag));
	snprintf(text, sizeof text,
		 "PUT /files/old.txt HTTP/1.1\nIf-Match: %s\n"
		 "Content-Length: 1\n",
		 etag);
	assert_int_equal(request(f, text, "y"), 204);
	assert_int_equal(request(f, text, "z"), 412); /* the ETag changed */
	assert_int_equal(request(f,
				 "PUT /files/missing HTTP/1.1\n"
				 "If-Match: *\nContent-Length: 1\n",
				 "x"),
			 412);
	assert_null(file_content(f, "missing"));
}

static void put_refusals(void **state)
{
	fixture *f = *state;
	/* no intermediate directories are created */
	assert_int_equal(request(f,
				 "PUT /files/no/such/dir.txt HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 409);
	assert_int_equal(request(f,
				 "PUT /files/old.txt/x HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 409);
	assert_int_equal(request(f,
				 "PUT /files/sub/ HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 400);
	assert_int_equal(request(f,
				 "PUT /files/sub HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 409);
	assert_int_equal(request(f,
				 "PUT /files/../../x HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 400);
	/* dot segments resolve first: this one leaves the store */
	assert_int_equal(request(f,
				 "PUT /files/../x HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 405);
	assert_int_equal(request(f,
				 "PUT /files/.ward-upload-1 HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 403);
	/* POST is not PUT */
	assert_int_equal(request(f, "POST /files/x HTTP/1.1\n", ""), 405);
	char allow[128];
	assert_true(resp_header(&f->resp, "Allow", allow, sizeof allow));
	assert_string_equal(allow, "GET, HEAD, OPTIONS, PUT, DELETE");
	/* a symlink to outside the store is not written through */
	char p[256];
	snprintf(p, sizeof p, "%s/escape", f->dir);
	assert_int_equal(symlink("/tmp", p), 0);
	assert_int_equal(request(f,
				 "PUT /files/escape/x HTTP/1.1\n"
				 "Content-Length: 1\n",
				 "x"),
			 404);
	expect_listing(f, "", "escape old.txt sub ");
}

static void delete (void **state)
{
	fixture *f = *state;
	assert_int_equal(request(f, "DELETE /files/old.txt HTTP/1.1\n", ""),
			 204);
	assert_true(f->resp.no_body);
	assert_null(file_content(f, "old.txt"));
	assert_int_equal(request(f, "DELETE /files/old.txt HTTP/1.1\n", ""),
			 404);
	assert_int_equal(request(f, "DELETE /files/no/x HTTP/1.1\n", ""), 404);
	assert_int_equal(request(f, "DELETE /files/sub HTTP/1.1\n", ""), 409);
	assert_int_equal(request(f, "DELETE /files/ HTTP/1.1\n", ""), 409);
	write_file(f->dir, "keep", "k", 1);
	assert_int_equal(
	    request(f, "DELETE /files/keep HTTP/1.1\nIf-Match: \"x\"\n", ""),
	    412);
	assert_string_equal(file_content(f, "keep"), "k");
	/* 13.2.1: no precondition turns a 404 into a 412 */
	assert_int_equal(
	    request(f, "DELETE /files/gone HTTP/1.1\nIf-Match: *\n", ""), 404);
	expect_listing(f, "", "keep sub ");
}

static void get_and_listing_in_store(void **state)
{
	fixture *f = *state;
	assert_int_equal(request(f, "GET /files/old.txt HTTP/1.1\n", ""), 200);
	assert_int_equal(request(f, "GET /files HTTP/1.1\n", ""), 301);
	char v[128];
	assert_true(resp_header(&f->resp, "Location", v, sizeof v));
	assert_string_equal(v, "/files/");
	assert_int_equal(request(f, "GET /files/ HTTP/1.1\n", ""), 403);
	f->cfg.autoindex = 1;
	assert_int_equal(request(f, "GET /files/ HTTP/1.1\n", ""), 200);
	/* temporaries are not served even if one was left behind */
	write_file(f->dir, ".ward-upload-x", "tmp", 3);
	assert_int_equal(request(f, "GET /files/.ward-upload-x HTTP/1.1\n", ""),
			 404);
	assert_int_equal(
	    request(f, "DELETE /files/.ward-upload-x HTTP/1.1\n", ""), 404);
	/* outside the store prefix: the (absent) static root */
	assert_int_equal(request(f, "GET /other HTTP/1.1\n", ""), 404);
	assert_int_equal(request(f, "PUT /other HTTP/1.1\n", ""), 405);
}

static void sweep_removes_leftovers(void **state)
{
	fixture *f = *state;
	write_file(f->dir, ".ward-upload-1-2-3", "tmp", 3);
	write_file(f->dir, "sub/.ward-upload-4", "tmp", 3);
	write_file(f->dir, "sub/keep", "k", 1);
	ward_store_sweep(f->cfg.stores[0].dirfd);
	expect_listing(f, "", "old.txt sub ");
	expect_listing(f, "sub", "keep ");
}

/* The same again with named temporaries instead of O_TMPFILE. */
static int setup_named(void **state)
{
	ward_store_test_named_temp = 1;
	return setup(state);
}

static int teardown_named(void **state)
{
	ward_store_test_named_temp = 0;
	return fixture_teardown(state);
}

int main(void)
{
#define T(name)                                                                \
	cmocka_unit_test_setup_teardown(name, setup, fixture_teardown),                \
	    cmocka_unit_test_setup_teardown(name, setup_named, teardown_named)
	const struct CMUnitTest tests[] = {
	    T(put_creates_then_replaces),
	    T(put_without_body),
	    T(abort_leaves_old_content),
	    T(size_limits),
	    T(put_preconditions),
	    T(put_refusals),
	    T(delete),
	    T(get_and_listing_in_store),
	    T(sweep_removes_leftovers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

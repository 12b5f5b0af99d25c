/* server/store: PUT and DELETE beneath a store directory, atomically;
 * who may write (the password file, HTTP Basic), what uploads are served
 * as, the quota, the bound on uploads at once, and conditional PUTs
 * checked again at commit. */
#include <crypt.h>
#include <dirent.h>
#include <errno.h>

#include "server_test.h"

#include "handlers/route.h"
#include "handlers/store.h"

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

/* ---- credentials ---- */

/* A crypt(3) hash of pw made by libcrypt with the given prefix ("$2b$",
 * "$y$", "$6$"), the cheapest cost, into out[CRYPT_OUTPUT_SIZE]. */
static void make_hash(const char *prefix, const char *pw, char *out)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	static struct crypt_data data;
	assert_non_null(crypt_gensalt_rn(prefix, 0, NULL, 0, salt, sizeof salt));
	assert_non_null(crypt_rn(pw, salt, &data, sizeof data));
	snprintf(out, CRYPT_OUTPUT_SIZE, "%s", data.output);
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* "Authorization: Basic ..." for user:pw, in one of 8 static buffers */
static const char *basic(const char *userpass)
{
	static char lines[8][512];
	static unsigned next;
	char *line = lines[next++ % 8];
	size_t n = strlen(userpass), o = 0;
	o += (size_t)sprintf(line, "Authorization: Basic ");
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)(uint8_t)userpass[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)(uint8_t)userpass[i + 1] << 8;
		if (i + 2 < n)
			v |= (uint8_t)userpass[i + 2];
		line[o++] = b64[v >> 18 & 63];
		line[o++] = b64[v >> 12 & 63];
		line[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		line[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	line[o++] = '\n';
	line[o] = '\0';
	return line;
}

static char auth_file[128];

/* The store of setup(), writable by alice (bcrypt), bob (yescrypt) and
 * carol (SHA-512 crypt) only. */
static int setup_auth(void **state)
{
	setup(state);
	fixture *f = *state;
	char a[CRYPT_OUTPUT_SIZE], b[CRYPT_OUTPUT_SIZE], c[CRYPT_OUTPUT_SIZE];
	char text[1024], why[256];
	make_hash("$2b$", "wonderland", a);
	make_hash("$y$", "builder", b);
	make_hash("$6$", "c:o:l:o:n", c);
	int n = snprintf(text, sizeof text,
			 "# writers\nalice:%s\n\nbob:%s\r\ncarol:%s\n", a, b, c);
	snprintf(auth_file, sizeof auth_file, "%s.auth", f->dir);
	write_file("/", auth_file, text, (size_t)n);
	f->cfg.stores[0].auth = ward_store_auth_load(auth_file, why, sizeof why);
	if (!f->cfg.stores[0].auth)
		fail_msg("%s", why);
	assert_int_equal(ward_store_auth_users(f->cfg.stores[0].auth), 3);
	ward_store_auth_forget();
	return 0;
}

static int teardown_auth(void **state)
{
	fixture *f = *state;
	ward_store_auth_free(f->cfg.stores[0].auth);
	unlink(auth_file);
	return fixture_teardown(state);
}

/* Load text as a password file: NULL and why, or the users. */
static const char *load_refusal(const char *text)
{
	static char why[512];
	char path[] = "/tmp/ward-auth-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ward_store_auth *a = ward_store_auth_load(path, why, sizeof why);
	unlink(path);
	if (a) {
		ward_store_auth_free(a);
		return NULL;
	}
	/* FILE:LINE: with the scratch name taken out */
	assert_int_equal(strncmp(why, path, strlen(path)), 0);
	return why + strlen(path);
}

static void auth_file_refusals(void **state)
{
	(void)state;
	char h[CRYPT_OUTPUT_SIZE], text[1024];
	make_hash("$2b$", "pw", h);
	snprintf(text, sizeof text, "ok:%s\nplain:secret\n", h);
	assert_string_equal(load_refusal(text),
			    ":2: not a crypt(3) hash (a plaintext password?); "
			    "use htpasswd -B");
	snprintf(text, sizeof text, "ok:%s\nmd5:$apr1$55erPtpH$WO77YQRPw2M"
		 "uG1OhGTQIL/\n", h);
	assert_string_equal(load_refusal(text),
			    ":2: an MD5 hash is not accepted; use htpasswd -B");
	snprintf(text, sizeof text, "# c\n\nok:%.40s\n", h);
	assert_string_equal(load_refusal(text), ":3: a malformed bcrypt hash");
	assert_string_equal(load_refusal("sha:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"),
			    ":1: an LDAP-style hash ({SHA} and the like) is not "
			    "accepted; use htpasswd -B");
	assert_string_equal(load_refusal("y:$y$j9T$salt$short\n"),
			    ":1: a malformed yescrypt hash");
	assert_string_equal(load_refusal("s:$6$salt$short\n"),
			    ":1: a malformed SHA-512 crypt hash");
	assert_string_equal(load_refusal("x:$5$salt$abc\n"),
			    ":1: a hash of an unknown kind (bcrypt, yescrypt and "
			    "SHA-512 crypt are accepted)");
	assert_string_equal(load_refusal("nocolon\n"), ":1: not user:hash");
	snprintf(text, sizeof text, ":%s\n", h);
	assert_string_equal(load_refusal(text), ":1: not user:hash");
	snprintf(text, sizeof text, "a b:%s\n", h);
	assert_string_equal(load_refusal(text),
			    ":1: a user name with a space or a control character");
	snprintf(text, sizeof text, "ok:%s\nok:%s\n", h, h);
	assert_string_equal(load_refusal(text), ":2: the user is named twice");
	assert_string_equal(load_refusal("# nobody\n\n"), ": no user:hash line");
	snprintf(text, sizeof text, "ok:%s\n", h);
	assert_null(load_refusal(text));
	char why[256];
	assert_null(ward_store_auth_load("/nonexistent/pw", why, sizeof why));
	assert_string_equal(why, "/nonexistent/pw: cannot read: No such file "
				 "or directory");
}

#define CHALLENGE "Basic realm=\"ward /files/\", charset=\"UTF-8\""

static void writes_need_credentials(void **state)
{
	fixture *f = *state;
	char text[512];
	/* none, a wrong password, an unknown user, a malformed header */
	const char *refused[] = {
	    "",
	    basic("alice:wrong"),
	    basic("mallory:wonderland"),
	    basic("alice"),
	    "Authorization: Basic !!!!\n",
	    "Authorization: Bearer abc\n",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		unsigned long hashes = ward_store_auth_hashes;
		snprintf(text, sizeof text,
			 "PUT /files/old.txt HTTP/1.1\n%sContent-Length: 3\n",
			 refused[i]);
		start_request(f, text);
		assert_null(f->sink.write);
		assert_int_equal(f->resp.status, 401);
		expect_header(f, "WWW-Authenticate", CHALLENGE);
		/* the body is not read: the connection ends instead */
		assert_true(f->resp.close);
		/* an unknown user costs a hash as a wrong password does */
		assert_int_equal(ward_store_auth_hashes - hashes, i == 1 || i == 2);
		assert_string_equal(file_content(f, "old.txt"), "old content");
		snprintf(text, sizeof text, "DELETE /files/old.txt HTTP/1.1\n%s",
			 refused[i]);
		assert_int_equal(handle(f, text), 401);
		expect_header(f, "WWW-Authenticate", CHALLENGE);
		assert_false(f->resp.close);
	}
	/* nothing about the target is told first */
	assert_int_equal(handle(f, "PUT /files/no/such HTTP/1.1\n"), 401);
	assert_int_equal(handle(f, "PUT /files/.ward-upload-1 HTTP/1.1\n"), 401);
	expect_listing(f, "", "old.txt sub ");

	/* each kind of hash lets its user in */
	const char *users[] = {"alice:wonderland", "bob:builder",
			       "carol:c:o:l:o:n"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(text, sizeof text,
			 "PUT /files/by-%zu HTTP/1.1\n%sContent-Length: 2\n", i,
			 basic(users[i]));
		assert_int_equal(request(f, text, "ok"), 201);
	}
	/* a second request with the same credentials is not hashed again */
	unsigned long hashes = ward_store_auth_hashes;
	snprintf(text, sizeof text, "DELETE /files/by-0 HTTP/1.1\n%s",
		 basic("alice:wonderland"));
	assert_int_equal(handle(f, text), 204);
	assert_int_equal(ward_store_auth_hashes, hashes);
	/* but a wrong password still is, and still fails */
	snprintf(text, sizeof text, "DELETE /files/by-1 HTTP/1.1\n%s",
		 basic("alice:wonderlan"));
	assert_int_equal(handle(f, text), 401);
	assert_int_equal(ward_store_auth_hashes, hashes + 1);
	expect_listing(f, "", "by-1 by-2 old.txt sub ");
	/* reading needs no credentials */
	assert_int_equal(handle(f, "GET /files/by-1 HTTP/1.1\n"), 200);
	/* credentials in the clear are never taken */
	f->ctx.https = 0;
	snprintf(text, sizeof text, "DELETE /files/by-1 HTTP/1.1\n%s",
		 basic("bob:builder"));
	assert_int_equal(handle(f, text), 403);
	expect_listing(f, "", "by-1 by-2 old.txt sub ");
}

/* --store-auth cert:...: a verified client subject with a listed CN
 * writes without a password; the password file beside it still works. */
static void writes_by_certificate(void **state)
{
	fixture *f = *state;
	char why[256], text[512];
	ward_store_auth **a = &f->cfg.stores[0].auth;
	assert_int_equal(ward_store_auth_add_certs(a, "CN=alice,CN=Smith\\, J",
						   why, sizeof why),
			 0);
	assert_int_equal(ward_store_auth_cert_names(*a), 2);
	assert_int_equal(ward_store_auth_add_certs(a, "CN=x", why, sizeof why),
			 -1);
	ward_tls_info ti;
	memset(&ti, 0, sizeof ti);
	ti.peer_subject = "";
	f->ctx.tls = &ti;
	const char *refused[] = {"", "CN=alice2", "O=CN=alice",
				 "CN=mallory,O=alice", "CN=Smith"};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		ti.peer_subject = refused[i];
		assert_int_equal(handle(f, "DELETE /files/old.txt HTTP/1.1\n"),
				 401);
	}
	const char *allowed[] = {"CN=alice", "CN=alice,O=ward",
				 "OU=x+CN=alice", "CN=Smith\\, J,O=ward"};
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) {
		ti.peer_subject = allowed[i];
		snprintf(text, sizeof text,
			 "PUT /files/c-%zu HTTP/1.1\nContent-Length: 2\n", i);
		assert_int_equal(request(f, text, "ok"), 201);
	}
	/* the password still lets its user in */
	ti.peer_subject = "";
	snprintf(text, sizeof text, "DELETE /files/c-0 HTTP/1.1\n%s",
		 basic("alice:wonderland"));
	assert_int_equal(handle(f, text), 204);
	/* never over plain HTTP */
	f->ctx.https = 0;
	ti.peer_subject = "CN=alice";
	assert_int_equal(handle(f, "DELETE /files/c-1 HTTP/1.1\n"), 403);
	f->ctx.tls = NULL;
}

static void cert_list_refusals(void **state)
{
	(void)state;
	char why[256];
	const char *bad[] = {"", "alice", "CN=", "CN=a,", "CN=a+OU=b",
			     "O=x", "CN=a,,CN=b"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ward_store_auth *a = NULL;
		assert_int_equal(ward_store_auth_add_certs(&a, bad[i], why,
							   sizeof why),
				 -1);
		assert_non_null(strstr(why, "is not CN=NAME"));
		ward_store_auth_free(a);
	}
}

/* ---- what uploads are served as ---- */

static void served_inert(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *name;
		int attachment;
	} files[] = {
	    {"page.html", 1}, {"page.HTM", 1}, {"pic.svg", 1},
	    {"data.xml", 1},  {"app.js", 1},   {"mod.mjs", 1},
	    {"doc.pdf", 1},   {"note.txt", 0}, {"pic.png", 0},
	    {"data.json", 0}, {"blob", 0},
	};
	char text[256];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		write_file(f->dir, files[i].name, "<script>1</script>", 18);
		snprintf(text, sizeof text, "GET /files/%s HTTP/1.1\n",
			 files[i].name);
		assert_int_equal(handle(f, text), 200);
		expect_header(f, "X-Content-Type-Options", "nosniff");
		expect_header(f, "Content-Security-Policy", "sandbox");
		if (files[i].attachment)
			expect_header(f, "Content-Disposition", "attachment");
		else if (resp_has(&f->resp, "Content-Disposition"))
			fail_msg("%s is an attachment", files[i].name);
		/* a range of it too */
		snprintf(text, sizeof text,
			 "GET /files/%s HTTP/1.1\nRange: bytes=0-1,4-5\n",
			 files[i].name);
		assert_int_equal(handle(f, text), 206);
		expect_header(f, "Content-Security-Policy", "sandbox");
		assert_int_equal(resp_has(&f->resp, "Content-Disposition"),
				 files[i].attachment);
	}
	/* an uploaded index.html is not the directory's page */
	write_file(f->dir, "sub/index.html", "<b>x</b>", 8);
	assert_int_equal(handle(f, "GET /files/sub/ HTTP/1.1\n"), 200);
	expect_header(f, "Content-Disposition", "attachment");
	/* error pages and answers to writes carry the headers too, once */
	assert_int_equal(handle(f, "GET /files/missing HTTP/1.1\n"), 404);
	expect_header(f, "Content-Security-Policy", "sandbox");
	char head[1024];
	assert_true(f->resp.head.len < sizeof head);
	snprintf(head, sizeof head, "%.*s", (int)f->resp.head.len,
		 (const char *)f->resp.head.data);
	const char *first = strstr(head, "X-Content-Type-Options");
	assert_non_null(first);
	assert_null(strstr(first + 1, "X-Content-Type-Options"));
	assert_int_equal(handle(f, "HEAD /files/page.html HTTP/1.1\n"), 200);
	expect_header(f, "Content-Disposition", "attachment");
	assert_int_equal(handle(f, "DELETE /files/blob HTTP/1.1\n"), 204);
	expect_header(f, "Content-Security-Policy", "sandbox");
	/* the site's own pages are not sandboxed */
	f->cfg.root_fd = open_dir_path(f->dir);
	assert_int_equal(handle(f, "GET /page.html HTTP/1.1\n"), 200);
	assert_false(resp_has(&f->resp, "Content-Security-Policy"));
	assert_false(resp_has(&f->resp, "Content-Disposition"));
}

/* ---- the quota and uploads at once ---- */

static void quota(void **state)
{
	fixture *f = *state;
	ward_store_map *s = &f->cfg.stores[0];
	write_file(f->dir, "sub/nine", "123456789", 9);
	s->usage = ward_store_usage_new(s->dirfd);
	assert_non_null(s->usage);
	s->quota = 40;
	/* the files there at start: old.txt and sub/nine */
	assert_int_equal(ward_store_usage_bytes(s->usage), 20);
	/* 20 + 21 > 40: refused from Content-Length, body not read */
	start_request(f, "PUT /files/big HTTP/1.1\nContent-Length: 21\n");
	assert_null(f->sink.write);
	assert_int_equal(f->resp.status, 507);
	assert_true(f->resp.close);
	assert_null(file_content(f, "big"));
	assert_int_equal(ward_store_usage_bytes(s->usage), 20);
	assert_int_equal(request(f, "PUT /files/big HTTP/1.1\nContent-Length: 20\n",
				 "01234567890123456789"),
			 201);
	assert_int_equal(ward_store_usage_bytes(s->usage), 40);
	/* full; replacing a file with as many bytes fits, one more not */
	assert_int_equal(request(f, "PUT /files/old.txt HTTP/1.1\n"
				    "Content-Length: 11\n",
				 "new content"),
			 204);
	assert_int_equal(ward_store_usage_bytes(s->usage), 40);
	assert_int_equal(handle(f, "PUT /files/old.txt HTTP/1.1\n"
				   "Content-Length: 12\n"),
			 507);
	assert_string_equal(file_content(f, "old.txt"), "new content");
	/* chunked: refused at the byte that crosses, the temporary gone */
	assert_int_equal(handle(f, "DELETE /files/big HTTP/1.1\n"), 204);
	assert_int_equal(ward_store_usage_bytes(s->usage), 20);
	start_request(f, "PUT /files/stream HTTP/1.1\nTransfer-Encoding: chunked\n");
	assert_non_null(f->sink.write);
	assert_ok(f->sink.write(f->sink.ctx, (const uint8_t *)"0123456789", 10));
	assert_ok(f->sink.write(f->sink.ctx, (const uint8_t *)"0123456789", 10));
	assert_int_equal(ward_store_usage_bytes(s->usage), 40);
	assert_err(f->sink.write(f->sink.ctx, (const uint8_t *)"x", 1),
		   WARD_ERR_HTTP_INSUFFICIENT_STORAGE);
	assert_int_equal(ward_http_status_for(WARD_ERR_HTTP_INSUFFICIENT_STORAGE),
			 507);
	f->sink.abort(f->sink.ctx);
	assert_int_equal(ward_store_usage_bytes(s->usage), 20);
	expect_listing(f, "", "old.txt sub ");
	/* within the quota, a chunked body is stored and counted */
	assert_int_equal(request(f, "PUT /files/stream HTTP/1.1\n"
				    "Transfer-Encoding: chunked\n",
				 "0123456789"),
			 201);
	assert_int_equal(ward_store_usage_bytes(s->usage), 30);
	ward_store_usage_free(s->usage);
	s->usage = NULL;
	s->quota = 0;
}

static void uploads_at_once(void **state)
{
	fixture *f = *state;
	f->cfg.max_uploads = 2;
	ward_body_sink first, second;
	start_request(f, "PUT /files/a HTTP/1.1\nContent-Length: 1\n");
	first = f->sink;
	start_request(f, "PUT /files/b HTTP/1.1\nContent-Length: 1\n");
	second = f->sink;
	assert_non_null(first.write);
	assert_non_null(second.write);
	start_request(f, "PUT /files/c HTTP/1.1\nContent-Length: 1\n");
	assert_null(f->sink.write);
	assert_int_equal(f->resp.status, 503);
	expect_header(f, "Retry-After", "2");
	assert_true(f->resp.close);
	/* a PUT without a body has nothing to wait for, but is an upload */
	assert_int_equal(handle(f, "PUT /files/c HTTP/1.1\n"), 503);
	first.abort(first.ctx);
	assert_int_equal(request(f, "PUT /files/c HTTP/1.1\nContent-Length: 1\n",
				 "c"),
			 201);
	assert_ok(second.write(second.ctx, (const uint8_t *)"b", 1));
	assert_ok(second.finish(second.ctx, &f->resp));
	assert_int_equal(f->resp.status, 201);
	expect_listing(f, "", "b c old.txt sub ");
	/* downloads and deletes are not uploads */
	assert_int_equal(handle(f, "GET /files/b HTTP/1.1\n"), 200);
	f->cfg.max_uploads = 0;
}

/* ---- conditional PUTs checked again at commit ---- */

static void concurrent_conditional_puts(void **state)
{
	fixture *f = *state;
	char etag[128], text[512];
	start_request(f, "GET /files/old.txt HTTP/1.1\n");
	assert_true(resp_header(&f->resp, "ETag", etag, sizeof etag));
	snprintf(text, sizeof text,
		 "PUT /files/old.txt HTTP/1.1\nIf-Match: %s\nContent-Length: 1\n",
		 etag);
	/* both pass their preconditions, then send their bodies */
	start_request(f, text);
	ward_body_sink a = f->sink;
	start_request(f, text);
	ward_body_sink b = f->sink;
	assert_non_null(a.write);
	assert_non_null(b.write);
	assert_ok(a.write(a.ctx, (const uint8_t *)"A", 1));
	assert_ok(b.write(b.ctx, (const uint8_t *)"B", 1));
	ward_response ra, rb;
	ward_response_init(&ra);
	ward_response_init(&rb);
	assert_ok(b.finish(b.ctx, &rb));
	assert_ok(a.finish(a.ctx, &ra));
	assert_int_equal(rb.status, 204);
	assert_int_equal(ra.status, 412);
	assert_string_equal(file_content(f, "old.txt"), "B");
	/* If-None-Match: * on a new name: one creates, the other loses */
	const char *create = "PUT /files/new HTTP/1.1\nIf-None-Match: *\n"
			     "Content-Length: 1\n";
	start_request(f, create);
	a = f->sink;
	start_request(f, create);
	b = f->sink;
	assert_ok(a.write(a.ctx, (const uint8_t *)"A", 1));
	assert_ok(b.write(b.ctx, (const uint8_t *)"B", 1));
	ward_response_free(&ra);
	ward_response_free(&rb);
	ward_response_init(&ra);
	ward_response_init(&rb);
	assert_ok(a.finish(a.ctx, &ra));
	assert_ok(b.finish(b.ctx, &rb));
	assert_int_equal(ra.status, 201);
	assert_int_equal(rb.status, 412);
	assert_string_equal(file_content(f, "new"), "A");
	/* If-Unmodified-Since too: the file changed under it */
	write_file(f->dir, "dated", "1", 1);
	start_request(f, "PUT /files/dated HTTP/1.1\n"
			 "If-Unmodified-Since: Fri, 31 Dec 9999 23:59:59 GMT\n"
			 "Content-Length: 1\n");
	a = f->sink;
	assert_non_null(a.write);
	assert_ok(a.write(a.ctx, (const uint8_t *)"A", 1));
	char p[256];
	snprintf(p, sizeof p, "%s/dated", f->dir);
	assert_int_equal(unlink(p), 0);
	write_file(f->dir, "dated", "22", 2);
	ward_response_free(&ra);
	ward_response_init(&ra);
	assert_ok(a.finish(a.ctx, &ra));
	assert_int_equal(ra.status, 412);
	assert_string_equal(file_content(f, "dated"), "22");
	ward_response_free(&ra);
	ward_response_free(&rb);
	expect_listing(f, "", "dated new old.txt sub ");
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
	    T(served_inert),
	    T(quota),
	    T(uploads_at_once),
	    T(concurrent_conditional_puts),
	    cmocka_unit_test_setup_teardown(auth_file_refusals, setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(writes_need_credentials, setup_auth,
					    teardown_auth),
	    cmocka_unit_test_setup_teardown(writes_by_certificate, setup_auth,
					    teardown_auth),
	    cmocka_unit_test_setup_teardown(cert_list_refusals, setup,
					    fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

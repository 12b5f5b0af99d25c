/* server/path: decoding, normalisation, opening beneath a root. */
#include <errno.h>

#include "server_test.h"

#include "handlers/path.h"

static ward_err norm(const char *in, char *out)
{
	size_t len;
	ward_err e = ward_path_normalize(ward_slice_make(in, strlen(in)), out,
					 WARD_PATH_MAX + 1, &len);
	if (e == WARD_OK)
		assert_int_equal(len, strlen(out));
	return e;
}

static void normalizes_dot_segments(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"/", "/"},
	    {"/a/b", "/a/b"},
	    {"/a/b/", "/a/b/"},
	    {"/a/./b", "/a/b"},
	    {"/a/b/..", "/a/"},
	    {"/a/b/../c", "/a/c"},
	    {"/a/.", "/a/"},
	    {"/a/..", "/"},
	    {"//a///b//", "/a/b/"},
	    {"/a/%2e%2E/b", "/b"},
	    {"/%7Euser/x%20y", "/~user/x y"},
	    {"/a/.../b", "/a/.../b"},
	    {"/.hidden", "/.hidden"},
	    {"/a/..b/c", "/a/..b/c"},
	    {"/%41%42", "/AB"},
	    {"/%25", "/%"},
	    {"/a/b/../../", "/"},
	};
	char out[WARD_PATH_MAX + 1];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_ok(norm(cases[i][0], out));
		assert_string_equal(out, cases[i][1]);
	}
}

static void refuses_bad_paths(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "a/b",
	    "/../etc/passwd",
	    "/%2e%2e/etc/passwd",
	    "/a/../../x",
	    "/a/%2F..",
	    "/a%2fb",
	    "/%00",
	    "/a%5cb",
	    "/a\\b",
	    "/%zz",
	    "/%4",
	    "/%",
	    "/a/b/../../..",
	    "/..",
	    "/%2E%2E",
	};
	char out[WARD_PATH_MAX + 1];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ward_err e = norm(bad[i], out);
		if (e != WARD_ERR_HTTP_BAD_REQUEST)
			fail_msg("accepted \"%s\" (%d)", bad[i], e);
	}
}

static void refuses_overlong(void **state)
{
	(void)state;
	char out[16];
	size_t len;
	static const char p[] = "/0123456789abcdefgh";
	assert_err(ward_path_normalize(ward_slice_make(p, strlen(p)), out,
				       sizeof out, &len),
		   WARD_ERR_HTTP_URI_TOO_LONG);
	static const char ok[] = "/0123456789abcd";
	assert_ok(ward_path_normalize(ward_slice_make(ok, strlen(ok)), out,
				      sizeof out, &len));
	assert_string_equal(out, ok);
}

static void encodes_for_urls(void **state)
{
	(void)state;
	ward_buf b = WARD_BUF_INIT;
	static const char in[] = "/a b/\"<x>&'?#%\r\n/ü~:@!";
	assert_ok(ward_path_encode(&b, in, strlen(in)));
	assert_ok(ward_put_u8(&b, 0));
	assert_string_equal((char *)b.data, "/a%20b/%22%3Cx%3E%26%27%3F%23%25"
					    "%0D%0A/%C3%BC~:@!");
	ward_buf_free(&b);
}

/* A root with a file, a subdirectory, a symlink inside and two outside. */
typedef struct tree {
	char dir[64];
	char outside[64];
	int root;
} tree;

static int setup(void **state)
{
	tree *t = calloc(1, sizeof *t);
	assert_non_null(t);
	scratch_dir(t->dir, "path");
	scratch_dir(t->outside, "out");
	write_file(t->outside, "secret", "secret", 6);
	make_dir(t->dir, "sub");
	write_file(t->dir, "sub/f.txt", "hello", 5);
	char p[256], target[256];
	snprintf(p, sizeof p, "%s/inside", t->dir);
	assert_int_equal(symlink("sub/f.txt", p), 0);
	snprintf(p, sizeof p, "%s/abs", t->dir);
	snprintf(target, sizeof target, "%s/secret", t->outside);
	assert_int_equal(symlink(target, p), 0);
	snprintf(p, sizeof p, "%s/sub/rel", t->dir);
	snprintf(target, sizeof target, "../../%s/secret", t->outside + 5);
	assert_int_equal(symlink(target, p), 0);
	snprintf(p, sizeof p, "%s/passwd", t->dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	t->root = open_dir_path(t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tree *t = *state;
	close(t->root);
	remove_tree(t->dir);
	remove_tree(t->outside);
	free(t);
	return 0;
}

static void read_all(int fd, const char *want)
{
	char buf[64];
	ssize_t n = read(fd, buf, sizeof buf);
	assert_int_equal(n, (ssize_t)strlen(want));
	assert_memory_equal(buf, want, (size_t)n);
}

static void opens_beneath_root(void **state)
{
	tree *t = *state;
	int fd = ward_path_open_beneath(t->root, "sub/f.txt", O_RDONLY, 0);
	assert_true(fd >= 0);
	read_all(fd, "hello");
	close(fd);
	/* a symlink that stays inside is followed */
	fd = ward_path_open_beneath(t->root, "inside", O_RDONLY, 0);
	assert_true(fd >= 0);
	read_all(fd, "hello");
	close(fd);
	/* the root itself */
	fd = ward_path_open_beneath(t->root, "", O_RDONLY | O_DIRECTORY, 0);
	assert_true(fd >= 0);
	close(fd);
}

static void refuses_escapes(void **state)
{
	tree *t = *state;
	static const char *const out[] = {"abs", "sub/rel", "passwd", "../x",
					  "sub/../../x"};
	for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
		errno = 0;
		int fd = ward_path_open_beneath(t->root, out[i], O_RDONLY, 0);
		if (fd >= 0)
			fail_msg("opened %s", out[i]);
		assert_true(errno == EXDEV || errno == ELOOP);
	}
	assert_int_equal(ward_path_open_beneath(t->root, "nope", O_RDONLY, 0),
			 -1);
	assert_int_equal(errno, ENOENT);
}

static void walk_refuses_every_symlink(void **state)
{
	tree *t = *state;
	int fd = ward_path_open_walk(t->root, "sub/f.txt", O_RDONLY, 0);
	assert_true(fd >= 0);
	read_all(fd, "hello");
	close(fd);
	fd = ward_path_open_walk(t->root, "sub/", O_RDONLY | O_DIRECTORY, 0);
	assert_true(fd >= 0);
	close(fd);
	fd = ward_path_open_walk(t->root, "", O_RDONLY | O_DIRECTORY, 0);
	assert_true(fd >= 0);
	close(fd);
	static const char *const refused[] = {"inside", "abs", "sub/rel",
					      "passwd", "../x"};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		fd = ward_path_open_walk(t->root, refused[i], O_RDONLY, 0);
		if (fd >= 0)
			fail_msg("walk opened %s", refused[i]);
		fd = ward_path_open_walk(t->root, refused[i], O_PATH, 0);
		if (fd >= 0)
			fail_msg("walk opened %s with O_PATH", refused[i]);
	}
	/* a symlinked directory on the way is refused as well */
	char p[256];
	snprintf(p, sizeof p, "%s/subl", t->dir);
	assert_int_equal(symlink("sub", p), 0);
	assert_int_equal(
	    ward_path_open_walk(t->root, "subl/f.txt", O_RDONLY, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(normalizes_dot_segments),
	    cmocka_unit_test(refuses_bad_paths),
	    cmocka_unit_test(refuses_overlong),
	    cmocka_unit_test(encodes_for_urls),
	    cmocka_unit_test_setup_teardown(opens_beneath_root, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(refuses_escapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(walk_refuses_every_symlink, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

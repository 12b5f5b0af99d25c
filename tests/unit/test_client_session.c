/* client/session: the --session file read back as written, mode 0600,
 * the newest session per origin, and malformed lines skipped with a
 * warning that names the file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#include "client/session.h"

static char dir[64], path[128], warned[1024];
static int warnings;

static void on_warn(void *ctx, const char *line)
{
	(void)ctx;
	warnings++;
	snprintf(warned, sizeof warned, "%s", line);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/ward-csess-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/sessions", dir);
	warnings = 0;
	warned[0] = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char tmp[160];
	unlink(path);
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	unlink(tmp);
	rmdir(dir);
	return 0;
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
}

static void saves_and_loads(void **state)
{
	(void)state;
	ward_csessions s, r;
	char why[256];
	static const uint8_t a[] = {0x13, 1, 2, 3}, b[] = {0x12, 9, 8};
	static const uint8_t a2[] = {0x13, 4, 5, 6, 7};
	ward_csess_init(&s);
	assert_int_equal(ward_csess_put(&s, "localhost:8443", a, sizeof a),
			 WARD_OK);
	assert_int_equal(ward_csess_put(&s, "[::1]:443", b, sizeof b), WARD_OK);
	/* the newest replaces the old one */
	assert_int_equal(ward_csess_put(&s, "localhost:8443", a2, sizeof a2),
			 WARD_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(ward_csess_save(&s, path, why, sizeof why), 0);
	assert_false(s.dirty);
	/* the same bytes again: nothing to write */
	assert_int_equal(ward_csess_put(&s, "[::1]:443", b, sizeof b), WARD_OK);
	assert_false(s.dirty);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	ward_csess_init(&r);
	ward_csess_load(&r, path, on_warn, NULL);
	assert_int_equal(warnings, 0);
	assert_int_equal(r.n, 2);
	const ward_buf *got = ward_csess_find(&r, "localhost:8443");
	assert_non_null(got);
	assert_int_equal(got->len, sizeof a2);
	assert_memory_equal(got->data, a2, sizeof a2);
	got = ward_csess_find(&r, "[::1]:443");
	assert_non_null(got);
	assert_memory_equal(got->data, b, sizeof b);
	assert_null(ward_csess_find(&r, "localhost:443"));
	ward_csess_free(&r);
	ward_csess_free(&s);
}

static void missing_file_is_empty(void **state)
{
	(void)state;
	ward_csessions s;
	ward_csess_init(&s);
	ward_csess_load(&s, path, on_warn, NULL);
	assert_int_equal(s.n, 0);
	assert_int_equal(warnings, 0);
}

static void skips_bad_lines(void **state)
{
	(void)state;
	ward_csessions s;
	write_file("ward-sessions 1\n"
		   "a:1 EwEC\n"
		   "b:2 not-base64!\n"
		   "no-space-here\n"
		   "\n"
		   "# a comment\n"
		   "noport EwEC\n"
		   "c:3 EwEC\n");
	ward_csess_init(&s);
	ward_csess_load(&s, path, on_warn, NULL);
	assert_int_equal(warnings, 3);
	assert_non_null(strstr(warned, "line 7"));
	assert_non_null(strstr(warned, path));
	assert_int_equal(s.n, 2);
	assert_non_null(ward_csess_find(&s, "a:1"));
	assert_non_null(ward_csess_find(&s, "c:3"));
	ward_csess_free(&s);

	write_file("something else\na:1 EwEC\n");
	warnings = 0;
	ward_csess_init(&s);
	ward_csess_load(&s, path, on_warn, NULL);
	assert_int_equal(warnings, 1);
	assert_non_null(strstr(warned, "line 1"));
	assert_int_equal(s.n, 0);
}

static void oldest_makes_room(void **state)
{
	(void)state;
	ward_csessions s;
	char origin[32];
	uint8_t blob[2] = {0x13, 0};
	ward_csess_init(&s);
	for (int i = 0; i <= WARD_SESSIONS_MAX; i++) {
		snprintf(origin, sizeof origin, "h%d:1", i);
		blob[1] = (uint8_t)i;
		assert_int_equal(ward_csess_put(&s, origin, blob, 2), WARD_OK);
	}
	assert_int_equal(s.n, WARD_SESSIONS_MAX);
	assert_null(ward_csess_find(&s, "h0:1"));
	assert_non_null(ward_csess_find(&s, "h1:1"));
	ward_csess_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(saves_and_loads, setup, teardown),
	    cmocka_unit_test_setup_teardown(missing_file_is_empty, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(skips_bad_lines, setup, teardown),
	    cmocka_unit_test_setup_teardown(oldest_makes_room, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

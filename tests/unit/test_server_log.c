/* server/log: repeated error log lines are counted, not written. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	char err[256];
	snprintf(path, sizeof path, "/tmp/ward-test-log-%ld", (long)getpid());
	unlink(path);
	assert_ok(ward_log_open(path, WARD_LOG_DEBUG, err, sizeof err));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ward_log_close();
	unlink(path);
	return 0;
}

/* The lines of the log containing needle. */
static int count(const char *needle)
{
	char line[4096];
	int n = 0;
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

/* Sleep into the next second of time(NULL). */
static void next_second(void)
{
	time_t t = time(NULL);
	for (int i = 0; i < 30 && time(NULL) == t; i++)
		usleep(50 * 1000);
	assert_true(time(NULL) != t);
}

static void repeats_are_counted(void **state)
{
	(void)state;
	next_second(); /* all 1000 within one second */
	for (int i = 0; i < 1000; i++)
		ward_log(WARD_LOG_ERROR, "accept: %s", "Too many open files");
	/* the first three of the second, then nothing until it is over */
	assert_int_equal(count("accept: Too many open files"), 3);
	ward_log_flush_repeats();
	assert_int_equal(count("more like this"), 0);
	next_second();
	ward_log_flush_repeats();
	assert_int_equal(count("accept: Too many open files (997 more like "
			       "this)"),
			 1);
	/* once counted, a new second writes it again */
	ward_log(WARD_LOG_ERROR, "accept: %s", "Too many open files");
	assert_int_equal(count("accept: Too many open files"), 5);
}

static void distinct_messages_are_written(void **state)
{
	(void)state;
	next_second();
	for (int i = 0; i < 50; i++)
		ward_log(WARD_LOG_INFO, "peer %d: TLS: decrypt_error", i);
	assert_int_equal(count("TLS: decrypt_error"), 50);
	/* the same text at another level is another message */
	ward_log(WARD_LOG_WARN, "same text");
	ward_log(WARD_LOG_ERROR, "same text");
	assert_int_equal(count("same text"), 2);
}

static void the_count_comes_with_the_next_line(void **state)
{
	(void)state;
	next_second();
	for (int i = 0; i < 5; i++)
		ward_log(WARD_LOG_WARN, "store: writing %s", "/x");
	next_second();
	/* no flush: the next line of any kind brings the count first */
	ward_log(WARD_LOG_WARN, "something else");
	assert_int_equal(count("store: writing /x (2 more like this)"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(repeats_are_counted, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(distinct_messages_are_written,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(the_count_comes_with_the_next_line,
					    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* server/resp: the RESP2 reply reader of the Redis replay store. */
#include "test.h"

#include "server/resp.h"

static ward_err parse(const char *s, ward_resp_value *v, size_t *used)
{
	return ward_resp_parse((const uint8_t *)s, strlen(s), v, used);
}

static void replies(void **st)
{
	(void)st;
	ward_resp_value v;
	size_t used;
	assert_ok(parse("+OK\r\n", &v, &used));
	assert_int_equal(v.type, WARD_RESP_SIMPLE);
	assert_int_equal(v.str.len, 2);
	assert_memory_equal(v.str.p, "OK", 2);
	assert_int_equal(used, 5);
	assert_ok(parse("$-1\r\n", &v, &used));
	assert_int_equal(v.type, WARD_RESP_NULL);
	assert_ok(parse("*-1\r\n", &v, &used));
	assert_int_equal(v.type, WARD_RESP_NULL);
	assert_ok(parse("-ERR unknown command\r\n+OK\r\n", &v, &used));
	assert_int_equal(v.type, WARD_RESP_ERROR);
	assert_int_equal(used, 22);
	assert_ok(parse(":-42\r\n", &v, &used));
	assert_int_equal(v.type, WARD_RESP_INTEGER);
	assert_int_equal(v.integer, -42);
	assert_ok(parse("$5\r\na\r\nbc\r\n", &v, &used));
	assert_int_equal(v.type, WARD_RESP_BULK);
	assert_memory_equal(v.str.p, "a\r\nbc", 5);
	assert_ok(parse("$0\r\n\r\n", &v, &used));
	assert_int_equal(v.str.len, 0);
	assert_ok(parse("*3\r\n:1\r\n*1\r\n$1\r\nx\r\n$-1\r\n", &v, &used));
	assert_int_equal(v.type, WARD_RESP_ARRAY);
	assert_int_equal(v.integer, 3);
	assert_int_equal(used, strlen("*3\r\n:1\r\n*1\r\n$1\r\nx\r\n$-1\r\n"));
}

static void partial(void **st)
{
	(void)st;
	static const char *whole[] = {"+OK\r\n", "$-1\r\n", "$3\r\nabc\r\n",
				      "*2\r\n:1\r\n+x\r\n"};
	ward_resp_value v;
	size_t used;
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
		for (size_t n = 0; n < strlen(whole[i]); n++)
			assert_err(ward_resp_parse((const uint8_t *)whole[i], n,
						   &v, &used),
				   WARD_ERR_WANT_INPUT);
}

static void malformed(void **st)
{
	(void)st;
	static const char *bad[] = {
	    "OK\r\n",
	    "+OK\n",
	    "+O\rK\r\n",
	    "+OK\r\r",
	    ":\r\n",
	    ":+1\r\n",
	    ": 1\r\n",
	    ":1x\r\n",
	    ":1234567890123456789\r\n",
	    "$-2\r\n",
	    "$x\r\n",
	    "$3\r\nabcd\r\n",
	    "$3\r\nabc\n\n",
	    "$4097\r\n",
	    "*-2\r\n",
	    "*65\r\n",
	    "_\r\n",
	    "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
	    "*40\r\n*40\r\n",
	};
	ward_resp_value v;
	size_t used;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (parse(bad[i], &v, &used) != WARD_ERR_DECODE)
			fail_msg("accepted or waits: %s", bad[i]);
	/* a line without end is cut off at the string bound */
	static uint8_t longline[WARD_RESP_MAX_STRING + 64];
	memset(longline, 'a', sizeof longline);
	longline[0] = '+';
	assert_err(ward_resp_parse(longline, sizeof longline, &v, &used),
		   WARD_ERR_DECODE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(replies),
	    cmocka_unit_test(partial),
	    cmocka_unit_test(malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Requests that arrived in TLS 1.3 early data (server/early.h): which
 * began in it, and which of those must wait (425 Too Early, RFC 8470). */
#include <stdlib.h>

#include "test.h"

#include "server/early.h"

static ward_http_request req;

static int too_early(const char *head)
{
	assert_ok(ward_http_parse_request((const uint8_t *)head, strlen(head),
					  NULL, &req));
	return ward_early_request_too_early(&req);
}

static void safe_requests_are_processed(void **state)
{
	(void)state;
	assert_false(too_early("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_false(too_early("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_false(too_early("GET / HTTP/1.1\r\nHost: a\r\n"
			       "Content-Length: 0\r\n\r\n"));
}

static void others_wait(void **state)
{
	(void)state;
	/* a body makes even a GET something to act on */
	assert_true(too_early("GET / HTTP/1.1\r\nHost: a\r\n"
			      "Content-Length: 3\r\n\r\n"));
	assert_true(too_early("GET / HTTP/1.1\r\nHost: a\r\n"
			      "Transfer-Encoding: chunked\r\n\r\n"));
	assert_true(too_early("POST / HTTP/1.1\r\nHost: a\r\n"
			      "Content-Length: 3\r\n\r\n"));
	assert_true(too_early("PUT /f HTTP/1.1\r\nHost: a\r\n"
			      "Content-Length: 0\r\n\r\n"));
	assert_true(too_early("DELETE /f HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_true(too_early("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"));
}

static void began_in_early_data(void **state)
{
	(void)state;
	ward_tls_info ti;
	memset(&ti, 0, sizeof ti);
	ti.early_data = WARD_TLS_EARLY_ACCEPTED;
	ti.early_data_bytes = 40;
	assert_true(ward_early_request_in_early_data(&ti, 0));
	assert_true(ward_early_request_in_early_data(&ti, 39)); /* partly */
	assert_false(ward_early_request_in_early_data(&ti, 40));
	assert_false(ward_early_request_in_early_data(&ti, 1000));
	ti.early_data = WARD_TLS_EARLY_REJECTED;
	assert_false(ward_early_request_in_early_data(&ti, 0));
	assert_false(ward_early_request_in_early_data(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(safe_requests_are_processed),
	    cmocka_unit_test(others_wait),
	    cmocka_unit_test(began_in_early_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Common includes and helpers for cmocka unit tests. */
#ifndef WARD_TEST_H
#define WARD_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/bytes.h"
#include "base/err.h"

/* Decode a hex string (whitespace ignored) into out; returns the length. */
size_t test_unhex(const char *hex, uint8_t *out, size_t cap);
/* The same into a freshly allocated buffer. */
void test_unhex_buf(const char *hex, ward_buf *out);

#define assert_ok(expr) assert_int_equal((expr), WARD_OK)
#define assert_err(expr, err) assert_int_equal((expr), (err))
#define assert_bytes_equal(a, b, n) assert_memory_equal((a), (b), (n))

#endif

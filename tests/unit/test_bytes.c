/* base/bytes: the bounds-checked reader and the back-patching writer. */
#include "test.h"

static void reader_reads_fixed_widths(void **state)
{
	(void)state;
	static const uint8_t in[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	ward_reader r = ward_reader_make(in, sizeof in);
	uint8_t a;
	uint16_t b;
	uint32_t c, d;
	assert_ok(ward_read_u8(&r, &a));
	assert_ok(ward_read_u16(&r, &b));
	assert_ok(ward_read_u24(&r, &c));
	assert_ok(ward_read_u32(&r, &d));
	assert_int_equal(a, 1);
	assert_int_equal(b, 0x0203);
	assert_int_equal(c, 0x040506);
	assert_int_equal(d, 0x0708090a);
	assert_ok(ward_read_end(&r));
	assert_err(ward_read_u8(&r, &a), WARD_ERR_DECODE);
}

static void reader_refuses_truncation(void **state)
{
	(void)state;
	static const uint8_t in[] = {0xff, 0xee, 0xdd};
	ward_reader r = ward_reader_make(in, sizeof in);
	uint32_t v;
	assert_err(ward_read_u32(&r, &v), WARD_ERR_DECODE);
	/* a failed read consumes nothing */
	assert_int_equal(r.off, 0);
	assert_ok(ward_read_u24(&r, &v));
	assert_int_equal(v, 0xffeedd);
}

static void vector_opens_bounded_subreader(void **state)
{
	(void)state;
	static const uint8_t in[] = {0x00, 0x03, 'a', 'b', 'c', 0x42};
	ward_reader r = ward_reader_make(in, sizeof in), sub;
	assert_ok(ward_read_vec(&r, 2, 1, 10, &sub));
	assert_int_equal(ward_reader_left(&sub), 3);
	assert_err(ward_read_end(&sub), WARD_ERR_DECODE);
	assert_ok(ward_read_skip(&sub, 3));
	assert_err(ward_read_skip(&sub, 1), WARD_ERR_DECODE);
	assert_ok(ward_read_end(&sub));
	uint8_t tail;
	assert_ok(ward_read_u8(&r, &tail));
	assert_int_equal(tail, 0x42);
}

static void vector_refuses_overlong_and_out_of_range(void **state)
{
	(void)state;
	static const uint8_t overlong[] = {0x05, 'a', 'b'};
	ward_reader r = ward_reader_make(overlong, sizeof overlong), sub;
	assert_err(ward_read_vec(&r, 1, 0, 255, &sub), WARD_ERR_DECODE);

	static const uint8_t empty[] = {0x00};
	r = ward_reader_make(empty, sizeof empty);
	assert_err(ward_read_vec(&r, 1, 1, 255, &sub), WARD_ERR_DECODE);

	static const uint8_t big[] = {0x03, 1, 2, 3};
	r = ward_reader_make(big, sizeof big);
	assert_err(ward_read_vec(&r, 1, 0, 2, &sub), WARD_ERR_DECODE);
}

static void writer_backpatches_lengths(void **state)
{
	(void)state;
	ward_buf b;
	ward_buf_init(&b);
	size_t outer, inner;
	assert_ok(ward_put_u8(&b, 0x16));
	assert_ok(ward_put_vec_begin(&b, 3, &outer));
	assert_ok(ward_put_vec_begin(&b, 1, &inner));
	assert_ok(ward_put_str(&b, "hi"));
	assert_ok(ward_put_vec_end(&b, inner));
	assert_ok(ward_put_u16(&b, 0xabcd));
	assert_ok(ward_put_vec_end(&b, outer));
	static const uint8_t want[] = {0x16, 0, 0, 5, 2, 'h', 'i', 0xab, 0xcd};
	assert_int_equal(b.len, sizeof want);
	assert_bytes_equal(b.data, want, sizeof want);
	ward_buf_free(&b);
}

static void writer_refuses_length_overflow(void **state)
{
	(void)state;
	ward_buf b;
	ward_buf_init(&b);
	size_t mark;
	assert_ok(ward_put_vec_begin(&b, 1, &mark));
	assert_ok(ward_put_fill(&b, 0, 256));
	assert_err(ward_put_vec_end(&b, mark), WARD_ERR_OVERFLOW);
	ward_buf_free(&b);
}

static void fixed_buffer_never_grows(void **state)
{
	(void)state;
	uint8_t storage[4];
	ward_buf b;
	ward_buf_init_fixed(&b, storage, sizeof storage);
	assert_ok(ward_put_u32(&b, 0x01020304));
	assert_err(ward_put_u8(&b, 5), WARD_ERR_OVERFLOW);
	assert_ptr_equal(b.data, storage);
	ward_buf_consume(&b, 1);
	assert_int_equal(b.len, 3);
	assert_int_equal(storage[0], 2);
	ward_buf_free(&b);
}

static void secret_buffer_wipes_on_truncate(void **state)
{
	(void)state;
	ward_buf b;
	ward_buf_init_secret(&b);
	assert_ok(ward_put_str(&b, "secret"));
	uint8_t *p = b.data;
	ward_buf_truncate(&b, 2);
	assert_int_equal(p[2], 0);
	assert_int_equal(p[5], 0);
	assert_int_equal(p[0], 's');
	ward_buf_free(&b);
}

static void ct_eq_compares(void **state)
{
	(void)state;
	assert_true(ward_ct_eq("abcd", "abcd", 4));
	assert_false(ward_ct_eq("abcd", "abce", 4));
	assert_true(ward_ct_eq("", "", 0));
}

/* RFC 4648 10 test vectors */
static void base64_encodes_rfc4648_vectors(void **state)
{
	(void)state;
	static const char *const v[][2] = {
	    {"", ""},
	    {"f", "Zg=="},
	    {"fo", "Zm8="},
	    {"foo", "Zm9v"},
	    {"foob", "Zm9vYg=="},
	    {"fooba", "Zm9vYmE="},
	    {"foobar", "Zm9vYmFy"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		ward_buf b = WARD_BUF_INIT;
		assert_ok(ward_base64_encode(&b, v[i][0], strlen(v[i][0])));
		assert_int_equal(b.len, strlen(v[i][1]));
		assert_memory_equal(b.data, v[i][1], b.len);
		ward_buf_free(&b);
	}
	ward_buf b = WARD_BUF_INIT;
	static const uint8_t hi[2] = {0xff, 0xfe};
	assert_ok(ward_base64_encode(&b, hi, 2));
	assert_memory_equal(b.data, "//4=", 4);
	ward_buf_free(&b);
}

/* the same vectors back, and what a strict decoder refuses */
static void base64_decodes_strictly(void **state)
{
	(void)state;
	static const char *const ok[][2] = {
	    {"", ""},	      {"Zg==", "f"},	 {"Zm8=", "fo"},
	    {"Zm9v", "foo"},  {"Zm9vYg==", "foob"}, {"Zm9vYmE=", "fooba"},
	    {"Zm9vYmFy", "foobar"},
	};
	uint8_t out[16];
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		long n = ward_base64_decode((const uint8_t *)ok[i][0],
					    strlen(ok[i][0]), out, sizeof out);
		assert_int_equal(n, (long)strlen(ok[i][1]));
		assert_memory_equal(out, ok[i][1], (size_t)n);
	}
	static const char *const bad[] = {
	    "Zg",	/* not padded */
	    "Zg=a",	/* data after padding */
	    "Zh==",	/* nonzero bits in the last group */
	    "Zm9v*A==", /* not in the alphabet */
	    "Z===",	/* too much padding */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ward_base64_decode((const uint8_t *)bad[i],
						    strlen(bad[i]), out,
						    sizeof out),
				 -1);
	/* over cap */
	assert_int_equal(
	    ward_base64_decode((const uint8_t *)"Zm9vYmFy", 8, out, 5), -1);
}

static void reader_splits_fields(void **state)
{
	(void)state;
	static const uint8_t text[] = "a=1;;b";
	ward_reader r = ward_reader_make(text, 6);
	ward_slice f = ward_read_until(&r, ';');
	assert_int_equal(f.len, 3);
	assert_memory_equal(f.p, "a=1", 3);
	assert_int_equal(ward_read_until(&r, ';').len, 0);
	f = ward_read_until(&r, ';');
	assert_int_equal(f.len, 1);
	assert_int_equal(f.p[0], 'b');
	assert_int_equal(ward_reader_left(&r), 0);
	assert_int_equal(ward_read_until(&r, ';').len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reader_reads_fixed_widths),
		cmocka_unit_test(reader_refuses_truncation),
		cmocka_unit_test(vector_opens_bounded_subreader),
		cmocka_unit_test(vector_refuses_overlong_and_out_of_range),
		cmocka_unit_test(writer_backpatches_lengths),
		cmocka_unit_test(writer_refuses_length_overflow),
		cmocka_unit_test(fixed_buffer_never_grows),
		cmocka_unit_test(secret_buffer_wipes_on_truncate),
		cmocka_unit_test(ct_eq_compares),
		cmocka_unit_test(base64_encodes_rfc4648_vectors),
		cmocka_unit_test(base64_decodes_strictly),
		cmocka_unit_test(reader_splits_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

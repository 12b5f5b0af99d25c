/* server/sessions: the ticket key file's format. */
#include "test.h"

#include <stdio.h>

#include "server/sessions.h"

static const char key1[] = "00112233445566778899aabbccddeeff"
			   "000102030405060708090a0b0c0d0e0f"
			   "101112131415161718191a1b1c1d1e1f";
static const char key2[] = "ffeeddccbbaa99887766554433221100"
			   "202122232425262728292a2b2c2d2e2f"
			   "303132333435363738393a3b3c3d3e3f";

static ward_err parse(const char *text, ward_ticket_key *keys, size_t *n,
		      char *why)
{
	return ward_sessions_parse_key_file(text, strlen(text), 77, keys, n,
					    why, 128);
}

static void keys_in_order(void **st)
{
	(void)st;
	char text[512], why[128] = "";
	ward_ticket_key keys[WARD_TICKET_KEY_SLOTS];
	size_t n;
	snprintf(text, sizeof text,
		 "# made with openssl rand -hex 48\n\n  %s \r\n%s", key1, key2);
	assert_ok(parse(text, keys, &n, why));
	assert_int_equal(n, 2);
	assert_int_equal(keys[0].name[0], 0x00);
	assert_int_equal(keys[0].name[15], 0xff);
	assert_int_equal(keys[0].key[0], 0x00);
	assert_int_equal(keys[0].key[31], 0x1f);
	assert_int_equal(keys[1].name[0], 0xff);
	assert_int_equal(keys[1].key[31], 0x3f);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(keys[i].live, 1);
		assert_int_equal(keys[i].aead, WARD_AEAD_AES_256_GCM);
		assert_int_equal(keys[i].created, 77);
		assert_true(keys[i].expires == INT64_MAX);
	}
	ward_ticket_keys set;
	ward_ticket_keys_init(&set);
	assert_ok(ward_ticket_keys_install(&set, keys, n, 0));
	ward_ticket_keys_wipe(&set);
}

static void bad_files(void **st)
{
	(void)st;
	char text[512], why[128];
	ward_ticket_key keys[WARD_TICKET_KEY_SLOTS];
	size_t n;
	struct {
		const char *text, *why;
	} cases[] = {
	    {"", "no key"},
	    {"# only a comment\n", "no key"},
	    {"0011", "line 1 is not a key"},
	    {NULL, "line 2 is not a key"}, /* one digit short */
	    {NULL, "line 1 is not a key"}, /* not hex */
	    {NULL, "more than 3 keys"},
	    {NULL, "same name"},
	};
	char shortk[sizeof key1], nothex[sizeof key1];
	memcpy(shortk, key1, sizeof key1);
	shortk[sizeof key1 - 2] = 0;
	memcpy(nothex, key1, sizeof key1);
	nothex[5] = 'g';
	char more[1024], same[512];
	snprintf(more, sizeof more, "%s\n%s\n%s\n%s\n", key1, key2, key1, key2);
	snprintf(same, sizeof same, "%s\n%s\n", key1, key1);
	snprintf(text, sizeof text, "%s\n%s\n", key1, shortk);
	cases[3].text = text;
	cases[4].text = nothex;
	cases[5].text = more;
	cases[6].text = same;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		why[0] = 0;
		assert_err(parse(cases[i].text, keys, &n, why),
			   WARD_ERR_CONFIG);
		assert_non_null(strstr(why, cases[i].why));
		/* the reason never quotes key bytes */
		assert_null(strstr(why, "0011"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keys_in_order),
	    cmocka_unit_test(bad_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

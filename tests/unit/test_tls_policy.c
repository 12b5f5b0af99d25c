/* tls/config: the legacy policy adds its TLS 1.2 suites and SHA-1 schemes
 * to a server's lists after the default ones, and takes them away again;
 * a client's lists stay as they are. */
#include "test.h"

#include "tls/conn.h"

static int has(const uint16_t *list, size_t n, uint16_t v)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

static void legacy_adds_and_default_takes_away(void **state)
{
	(void)state;
	ward_tls_config *s = ward_tls_config_new(WARD_TLS_SERVER);
	assert_non_null(s);
	uint16_t suites[WARD_TLS_MAX_SUITES12],
	    schemes[WARD_TLS_MAX_SIGSCHEMES];
	size_t n_suites = s->n_suites12, n_schemes = s->n_sigschemes;
	memcpy(suites, s->suites12, sizeof suites);
	memcpy(schemes, s->sigschemes, sizeof schemes);
	assert_int_equal(s->policy, WARD_TLS_POLICY_DEFAULT);
	assert_false(
	    has(suites, n_suites, WARD_TLS_RSA_WITH_AES_128_GCM_SHA256));
	assert_false(
	    has(suites, n_suites, WARD_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA));
	assert_false(has(schemes, n_schemes, WARD_SIG_RSA_PKCS1_SHA1));

	for (int twice = 0; twice < 2; twice++) {
		assert_ok(
		    ward_tls_config_set_policy(s, WARD_TLS_POLICY_LEGACY));
		assert_int_equal(s->policy, WARD_TLS_POLICY_LEGACY);
		/* the defaults first, as they were, then the legacy ones */
		assert_int_equal(s->n_suites12, n_suites + 11);
		assert_memory_equal(s->suites12, suites,
				    n_suites * sizeof *suites);
		assert_int_equal(s->suites12[n_suites],
				 WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256);
		assert_int_equal(s->suites12[s->n_suites12 - 1],
				 WARD_TLS_RSA_WITH_AES_256_CBC_SHA);
		assert_int_equal(s->n_sigschemes, n_schemes + 2);
		assert_memory_equal(s->sigschemes, schemes,
				    n_schemes * sizeof *schemes);
		assert_true(
		    has(s->sigschemes, s->n_sigschemes, WARD_SIG_ECDSA_SHA1));
		for (size_t i = 0; i < s->n_suites12; i++)
			assert_non_null(ward_tls_suite_find(s->suites12[i]));
	}
	assert_ok(ward_tls_config_set_policy(s, WARD_TLS_POLICY_DEFAULT));
	assert_int_equal(s->n_suites12, n_suites);
	assert_memory_equal(s->suites12, suites, n_suites * sizeof *suites);
	assert_int_equal(s->n_sigschemes, n_schemes);
	assert_memory_equal(s->sigschemes, schemes,
			    n_schemes * sizeof *schemes);
	assert_err(ward_tls_config_set_policy(s, (ward_tls_policy)2),
		   WARD_ERR_ARG);
	ward_tls_config_free(s);

	/* ward's client speaks TLS 1.3 only: nothing to add to its offer */
	ward_tls_config *c = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_non_null(c);
	n_schemes = c->n_sigschemes;
	assert_ok(ward_tls_config_set_policy(c, WARD_TLS_POLICY_LEGACY));
	assert_int_equal(c->policy, WARD_TLS_POLICY_LEGACY);
	assert_int_equal(c->n_sigschemes, n_schemes);
	ward_tls_config_free(c);
}

/* The suites' parameters: what the key block and the record layer take. */
static void legacy_suites_are_described(void **state)
{
	(void)state;
	const ward_tls_suite *s =
	    ward_tls_suite_find(WARD_TLS_RSA_WITH_AES_256_GCM_SHA384);
	assert_non_null(s);
	assert_int_equal(s->tls12_kx, WARD_TLS12_KX_RSA);
	assert_int_equal(s->hash, WARD_HASH_SHA384);
	assert_false(s->cbc);
	s = ward_tls_suite_find(WARD_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA);
	assert_non_null(s);
	assert_true(s->cbc);
	assert_int_equal(s->tls12_kx, WARD_TLS12_KX_ECDHE);
	assert_int_equal(s->tls12_auth, WARD_TLS12_AUTH_ECDSA);
	assert_int_equal(s->cbc_alg, WARD_CBC_AES_256);
	assert_int_equal(s->mac, WARD_HASH_SHA1);
	assert_int_equal(s->hash, WARD_HASH_SHA256);
	s = ward_tls_suite_find(WARD_TLS_RSA_WITH_AES_128_CBC_SHA256);
	assert_non_null(s);
	assert_int_equal(s->mac, WARD_HASH_SHA256);
	assert_int_equal(s->cbc_alg, WARD_CBC_AES_128);
	assert_string_equal(ward_tls_suite_name(0x003c),
			    "TLS_RSA_WITH_AES_128_CBC_SHA256");
	assert_string_equal(ward_tls_suite_name(0xc027),
			    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(legacy_adds_and_default_takes_away),
	    cmocka_unit_test(legacy_suites_are_described),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

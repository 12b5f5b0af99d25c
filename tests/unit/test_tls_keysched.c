/* tls/keysched: the TLS 1.3 key schedule against RFC 8448 section 3, and
 * the resumption PSK and binder against section 4. */
#include "test.h"

#include "rfc8448.h"
#include "rfc8448_resume.h"
#include "tls/keysched.h"

#define SHA256 WARD_HASH_SHA256
#define HLEN 32

static void assert_hex(const uint8_t *got, size_t len, const char *hex)
{
	uint8_t want[WARD_HASH_MAX];
	size_t n = test_unhex(hex, want, sizeof want);
	assert_int_equal(len, n);
	assert_bytes_equal(got, want, n);
}

/* Transcript-Hash of the handshake messages given as hex, in order; NULL
 * ends the list. */
static void transcript(uint8_t *out, const char *const *msgs)
{
	ward_hash h;
	assert_ok(ward_hash_init(&h, SHA256));
	for (; *msgs; msgs++) {
		ward_buf m;
		test_unhex_buf(*msgs, &m);
		assert_ok(ward_hash_update(&h, m.data, m.len));
		ward_buf_free(&m);
	}
	assert_ok(ward_hash_peek(&h, out));
	ward_hash_free(&h);
}

/* The transcript hashes of the trace, from its messages. */
struct hashes {
	uint8_t hello[HLEN];	   /* ClientHello, ServerHello */
	uint8_t cert_verify[HLEN]; /* ... CertificateVerify */
	uint8_t server_fin[HLEN];  /* ... server Finished */
	uint8_t client_fin[HLEN];  /* ... client Finished */
};

static void trace_hashes(struct hashes *th)
{
	const char *msgs[] = {
	    rfc8448_client_hello_hex,	      rfc8448_server_hello_hex,
	    rfc8448_encrypted_extensions_hex, rfc8448_certificate_hex,
	    rfc8448_certificate_verify_hex,   rfc8448_server_finished_hex,
	    rfc8448_client_finished_hex,      NULL};
	const char *upto[8];
	/* Each hash covers msgs[0..n). */
	static const size_t ends[4] = {2, 5, 6, 7};
	uint8_t *outs[4] = {th->hello, th->cert_verify, th->server_fin,
			    th->client_fin};
	for (size_t i = 0; i < 4; i++) {
		memcpy(upto, msgs, ends[i] * sizeof *msgs);
		upto[ends[i]] = NULL;
		transcript(outs[i], upto);
	}
}

static void transcript_hashes_match_rfc8448(void **state)
{
	(void)state;
	struct hashes th;
	trace_hashes(&th);
	assert_hex(th.hello, HLEN, rfc8448_hello_hash_hex);
	assert_hex(th.server_fin, HLEN, rfc8448_server_finished_hash_hex);
	assert_hex(th.client_fin, HLEN, rfc8448_client_finished_hash_hex);
}

static void secrets_match_rfc8448(void **state)
{
	(void)state;
	struct hashes th;
	ward_tls13_schedule s;
	uint8_t ecdhe[HLEN], out[HLEN], chts[HLEN], shts[HLEN];
	trace_hashes(&th);
	assert_int_equal(test_unhex(rfc8448_ecdhe_hex, ecdhe, sizeof ecdhe),
			 HLEN);

	assert_ok(ward_tls13_schedule_init(&s, SHA256, NULL, 0));
	assert_int_equal(s.hash_len, HLEN);
	assert_hex(s.secret, HLEN, rfc8448_early_secret_hex);
	assert_ok(
	    ward_tls13_derive_secret(SHA256, s.secret, "derived", NULL, out));
	assert_hex(out, HLEN, rfc8448_derived_for_handshake_hex);

	assert_ok(ward_tls13_schedule_handshake(&s, ecdhe, sizeof ecdhe));
	assert_hex(s.secret, HLEN, rfc8448_handshake_secret_hex);
	assert_ok(ward_tls13_derive_secret(SHA256, s.secret, "c hs traffic",
					   th.hello, chts));
	assert_hex(chts, HLEN, rfc8448_client_hs_traffic_hex);
	assert_ok(ward_tls13_derive_secret(SHA256, s.secret, "s hs traffic",
					   th.hello, shts));
	assert_hex(shts, HLEN, rfc8448_server_hs_traffic_hex);
	assert_ok(
	    ward_tls13_derive_secret(SHA256, s.secret, "derived", NULL, out));
	assert_hex(out, HLEN, rfc8448_derived_for_master_hex);

	assert_ok(ward_tls13_schedule_master(&s));
	assert_hex(s.secret, HLEN, rfc8448_master_secret_hex);
	assert_ok(ward_tls13_derive_secret(SHA256, s.secret, "c ap traffic",
					   th.server_fin, out));
	assert_hex(out, HLEN, rfc8448_client_ap_traffic_hex);
	assert_ok(ward_tls13_derive_secret(SHA256, s.secret, "s ap traffic",
					   th.server_fin, out));
	assert_hex(out, HLEN, rfc8448_server_ap_traffic_hex);
	assert_ok(ward_tls13_derive_secret(SHA256, s.secret, "exp master",
					   th.server_fin, out));
	assert_hex(out, HLEN, rfc8448_exporter_master_hex);
	assert_ok(ward_tls13_derive_secret(SHA256, s.secret, "res master",
					   th.client_fin, out));
	assert_hex(out, HLEN, rfc8448_resumption_master_hex);

	/* The PSK of the ticket (RFC 8446 4.6.1). */
	uint8_t nonce[2], psk[HLEN];
	assert_int_equal(
	    test_unhex(rfc8448_ticket_nonce_hex, nonce, sizeof nonce), 2);
	assert_ok(ward_tls13_ticket_psk(SHA256, out, nonce, sizeof nonce, psk));
	assert_hex(psk, HLEN, rfc8448_resumption_psk_hex);

	ward_tls13_schedule_wipe(&s);
	static const uint8_t zeros[WARD_HASH_MAX];
	assert_bytes_equal(s.secret, zeros, sizeof zeros);
}

static void traffic_keys_match_rfc8448(void **state)
{
	(void)state;
	static const struct {
		const char *secret, *key, *iv;
	} cases[] = {
	    {rfc8448_server_hs_traffic_hex, rfc8448_server_hs_key_hex,
	     rfc8448_server_hs_iv_hex},
	    {rfc8448_client_hs_traffic_hex, rfc8448_client_hs_key_hex,
	     rfc8448_client_hs_iv_hex},
	    {rfc8448_server_ap_traffic_hex, rfc8448_server_ap_key_hex,
	     rfc8448_server_ap_iv_hex},
	    {rfc8448_client_ap_traffic_hex, rfc8448_client_ap_key_hex,
	     rfc8448_client_ap_iv_hex},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint8_t secret[HLEN], key[WARD_AEAD_KEY_MAX],
		    iv[WARD_AEAD_NONCE_LEN];
		test_unhex(cases[i].secret, secret, sizeof secret);
		assert_ok(ward_tls13_traffic_keys(SHA256, WARD_AEAD_AES_128_GCM,
						  secret, key, iv));
		assert_hex(key, 16, cases[i].key);
		assert_hex(iv, sizeof iv, cases[i].iv);
	}
}

static void finished_matches_rfc8448(void **state)
{
	(void)state;
	struct hashes th;
	trace_hashes(&th);
	/* Each side's Finished: its handshake traffic secret over the
	 * transcript up to the message before it (RFC 8446 4.4.4) — the server's
	 * up to CertificateVerify, the client's up to the server Finished. */
	const struct {
		const char *secret, *verify_data, *message, *finished_key;
		const uint8_t *transcript;
	} sides[] = {
	    {rfc8448_server_hs_traffic_hex, rfc8448_server_verify_data_hex,
	     rfc8448_server_finished_hex, rfc8448_server_finished_key_hex,
	     th.cert_verify},
	    {rfc8448_client_hs_traffic_hex, rfc8448_client_verify_data_hex,
	     rfc8448_client_finished_hex, rfc8448_client_finished_key_hex,
	     th.server_fin},
	};
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		uint8_t secret[HLEN], vd[HLEN], msg[36], key[HLEN];
		test_unhex(sides[i].secret, secret, sizeof secret);
		assert_ok(ward_tls13_finished(SHA256, secret,
					      sides[i].transcript, vd));
		assert_hex(vd, HLEN, sides[i].verify_data);
		assert_int_equal(test_unhex(sides[i].message, msg, sizeof msg),
				 4 + HLEN);
		assert_bytes_equal(msg + 4, vd, HLEN);
		assert_ok(ward_tls13_expand_label(SHA256, secret, "finished",
						  NULL, 0, key, sizeof key));
		assert_hex(key, HLEN, sides[i].finished_key);
	}
}

static void update_secret_is_traffic_upd(void **state)
{
	(void)state;
	uint8_t orig[HLEN], s[HLEN], want[HLEN], first[HLEN];
	test_unhex(rfc8448_client_ap_traffic_hex, orig, sizeof orig);
	memcpy(s, orig, sizeof s);

	/* RFC 8446 7.2: application_traffic_secret_N+1 =
	 * HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "",
	 * Hash.length) */
	assert_ok(ward_tls13_expand_label(SHA256, orig, "traffic upd", NULL, 0,
					  want, sizeof want));
	assert_ok(ward_tls13_update_secret(SHA256, s));
	assert_bytes_equal(s, want, sizeof s);
	assert_memory_not_equal(s, orig, sizeof s);
	memcpy(first, s, sizeof first);

	assert_ok(ward_tls13_expand_label(SHA256, first, "traffic upd", NULL, 0,
					  want, sizeof want));
	assert_ok(ward_tls13_update_secret(SHA256, s));
	assert_bytes_equal(s, want, sizeof s);
	assert_memory_not_equal(s, first, sizeof s);
	assert_memory_not_equal(s, orig, sizeof s);
}

static void sha384_schedule_has_its_length(void **state)
{
	(void)state;
	ward_tls13_schedule s;
	uint8_t key[WARD_AEAD_KEY_MAX], iv[WARD_AEAD_NONCE_LEN];
	assert_ok(ward_tls13_schedule_init(&s, WARD_HASH_SHA384, NULL, 0));
	assert_int_equal(s.hash_len, 48);
	/* HKDF-Extract(48 zeros, 48 zeros) with SHA-384, i.e. HMAC-SHA384
	 * keyed with zeros over zeros (computed independently). */
	assert_hex(
	    s.secret, 48,
	    "7ee8206f5570023e6dc7519eb1073bc4e791ad37b5c382aa10ba18e2357e"
	    "716971f9362f2c2fe2a76bfd78dfec4ea9b5");
	assert_ok(ward_tls13_schedule_handshake(&s, NULL, 0));
	assert_ok(ward_tls13_schedule_master(&s));
	assert_ok(ward_tls13_traffic_keys(
	    WARD_HASH_SHA384, WARD_AEAD_AES_256_GCM, s.secret, key, iv));
	ward_tls13_schedule_wipe(&s);
}

static void bad_arguments_are_refused(void **state)
{
	(void)state;
	ward_tls13_schedule s;
	uint8_t secret[HLEN] = {0}, out[HLEN], ctx[256] = {0};
	char label[256];
	assert_err(ward_tls13_schedule_init(&s, WARD_HASH_SHA1, NULL, 0),
		   WARD_ERR_ARG);
	assert_err(ward_tls13_schedule_init(&s, WARD_HASH_SHA512, NULL, 0),
		   WARD_ERR_ARG);
	/* opaque label<7..255>: "tls13 " plus 1..249 bytes (RFC 8446 7.1) */
	assert_err(ward_tls13_expand_label(SHA256, secret, "", NULL, 0, out,
					   sizeof out),
		   WARD_ERR_ARG);
	memset(label, 'a', 249);
	label[249] = '\0';
	assert_ok(ward_tls13_expand_label(SHA256, secret, label, NULL, 0, out,
					  sizeof out));
	label[249] = 'a';
	label[250] = '\0';
	assert_err(ward_tls13_expand_label(SHA256, secret, label, NULL, 0, out,
					   sizeof out),
		   WARD_ERR_ARG);
	/* opaque context<0..255> */
	assert_ok(ward_tls13_expand_label(SHA256, secret, "x", ctx, 255, out,
					  sizeof out));
	assert_err(ward_tls13_expand_label(SHA256, secret, "x", ctx, 256, out,
					   sizeof out),
		   WARD_ERR_ARG);
}

/* RFC 8448 section 4: the early secret from the ticket's PSK, the binder
 * key, and the binder over the ClientHello up to its binders. */
static void binder_matches_rfc8448(void **state)
{
	(void)state;
	uint8_t psk[HLEN], key[HLEN], fkey[HLEN], th[HLEN], binder[HLEN];
	ward_tls13_schedule s;
	assert_int_equal(
	    test_unhex(rfc8448_resumption_psk_hex, psk, sizeof psk), HLEN);
	assert_ok(ward_tls13_schedule_init(&s, SHA256, psk, sizeof psk));
	assert_hex(s.secret, HLEN, rfc8448_resume_early_secret_hex);
	assert_ok(ward_tls13_binder_key(&s, key));
	assert_hex(key, HLEN, rfc8448_resume_binder_key_hex);
	assert_ok(ward_tls13_expand_label(SHA256, key, "finished", NULL, 0,
					  fkey, HLEN));
	assert_hex(fkey, HLEN, rfc8448_resume_binder_finished_key_hex);

	ward_buf prefix;
	test_unhex_buf(rfc8448_resume_client_hello_prefix_hex, &prefix);
	assert_int_equal(prefix.len, 477);
	assert_ok(ward_hash_oneshot(SHA256, prefix.data, prefix.len, th));
	assert_hex(th, HLEN, rfc8448_resume_binder_hash_hex);
	assert_ok(ward_tls13_finished(SHA256, key, th, binder));
	assert_hex(binder, HLEN, rfc8448_resume_binder_hex);
	ward_buf_free(&prefix);
	ward_tls13_schedule_wipe(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(transcript_hashes_match_rfc8448),
	    cmocka_unit_test(secrets_match_rfc8448),
	    cmocka_unit_test(traffic_keys_match_rfc8448),
	    cmocka_unit_test(finished_matches_rfc8448),
	    cmocka_unit_test(binder_matches_rfc8448),
	    cmocka_unit_test(update_secret_is_traffic_upd),
	    cmocka_unit_test(sha384_schedule_has_its_length),
	    cmocka_unit_test(bad_arguments_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tls/msg_*: the TLS 1.2 messages of the ECDHE and DHE handshakes:
 * ServerHello, ServerKeyExchange, ClientKeyExchange, each written, read
 * back and read malformed. */
#include "test.h"

#include "crypto/crypto.h"
#include "tls/handshake.h"

static ward_slice body_of(const ward_buf *b, uint8_t type)
{
	assert_true(b->len >= WARD_HS_HEADER_LEN);
	assert_int_equal(b->data[0], type);
	assert_int_equal(ward_load_u24(b->data + 1),
			 b->len - WARD_HS_HEADER_LEN);
	return ward_slice_make(b->data + WARD_HS_HEADER_LEN,
			       b->len - WARD_HS_HEADER_LEN);
}

static void server_key_exchange_signed_round_trip(void **state)
{
	(void)state;
	uint8_t cr[32], sr[32], pub[WARD_KEX_PUB_MAX];
	size_t publen;
	memset(cr, 0xc1, sizeof cr);
	memset(sr, 0x5e, sizeof sr);
	ward_kex kex;
	assert_ok(ward_kex_keygen(&kex, WARD_GROUP_X25519, pub, &publen));
	ward_pkey *key;
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &key));

	ward_buf b;
	ward_buf_init(&b);
	assert_ok(ward_server_key_exchange_write(
	    &b, key, WARD_SIG_ECDSA_SECP256R1_SHA256, cr, sr, WARD_GROUP_X25519,
	    ward_slice_make(pub, publen)));
	ward_slice body = body_of(&b, WARD_HS_SERVER_KEY_EXCHANGE);
	/* named_curve, x25519, a 32-byte point */
	assert_int_equal(body.p[0], 3);
	assert_int_equal(ward_load_u16(body.p + 1), WARD_GROUP_X25519);
	assert_int_equal(body.p[3], 32);

	ward_tls12_server_key_exchange ske;
	assert_ok(ward_server_key_exchange_parse(body, &ske));
	assert_int_equal(ske.group, WARD_GROUP_X25519);
	assert_int_equal(ske.public_key.len, publen);
	assert_memory_equal(ske.public_key.p, pub, publen);
	assert_int_equal(ske.scheme, WARD_SIG_ECDSA_SECP256R1_SHA256);
	assert_int_equal(ske.params.len, 4 + publen);
	assert_ptr_equal(ske.params.p, body.p);

	/* The signature covers both randoms and the parameters. */
	uint8_t content[WARD_SKE_CONTENT_MAX];
	size_t n =
	    ward_server_key_exchange_content(cr, sr, ske.params, content);
	assert_int_equal(n, 64 + 4 + publen);
	assert_ok(ward_verify(key, ske.scheme, content, n, ske.signature.p,
			      ske.signature.len));
	content[40] ^= 1; /* another server random */
	assert_err(ward_verify(key, ske.scheme, content, n, ske.signature.p,
			       ske.signature.len),
		   WARD_ERR_DECRYPT_ERROR);

	ward_buf_free(&b);
	ward_pkey_free(key);
	ward_kex_free(&kex);
}

static void server_key_exchange_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *hex;
		ward_err err;
	} cases[] = {
	    /* explicit_prime curve */
	    {"01 001d 01 aa 0403 0001 bb", WARD_ERR_ILLEGAL_PARAMETER},
	    /* empty point */
	    {"03 001d 00 0403 0001 bb", WARD_ERR_DECODE},
	    /* point longer than what is left */
	    {"03 001d 05 aabb", WARD_ERR_DECODE},
	    /* empty signature */
	    {"03 001d 01 aa 0403 0000", WARD_ERR_DECODE},
	    /* signature cut short */
	    {"03 001d 01 aa 0403 0002 bb", WARD_ERR_DECODE},
	    /* no signature at all */
	    {"03 001d 01 aa", WARD_ERR_DECODE},
	    /* a byte after the signature */
	    {"03 001d 01 aa 0403 0001 bb cc", WARD_ERR_DECODE},
	    {"", WARD_ERR_DECODE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint8_t buf[64];
		size_t len = test_unhex(cases[i].hex, buf, sizeof buf);
		ward_tls12_server_key_exchange ske;
		assert_err(ward_server_key_exchange_parse(
			       ward_slice_make(buf, len), &ske),
			   cases[i].err);
	}
	uint8_t ok[] = {3, 0, 0x1d, 1, 0xaa, 4, 3, 0, 1, 0xbb};
	ward_tls12_server_key_exchange ske;
	assert_ok(ward_server_key_exchange_parse(ward_slice_make(ok, sizeof ok),
						 &ske));
	assert_int_equal(ske.signature.len, 1);
}

static void client_key_exchange(void **state)
{
	(void)state;
	uint8_t pub[65];
	memset(pub, 0x04, sizeof pub);
	ward_buf b;
	ward_buf_init(&b);
	assert_ok(ward_client_key_exchange_write(
	    &b, ward_slice_make(pub, sizeof pub)));
	ward_slice got, body = body_of(&b, WARD_HS_CLIENT_KEY_EXCHANGE);
	assert_int_equal(body.len, 1 + sizeof pub);
	assert_ok(ward_client_key_exchange_parse(body, &got));
	assert_int_equal(got.len, sizeof pub);
	assert_memory_equal(got.p, pub, sizeof pub);
	ward_buf_free(&b);

	static const char *bad[] = {"", "00", "02 aa", "01 aa bb"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t buf[8];
		size_t len = test_unhex(bad[i], buf, sizeof buf);
		assert_err(ward_client_key_exchange_parse(
			       ward_slice_make(buf, len), &got),
			   WARD_ERR_DECODE);
	}
	ward_buf_init(&b);
	assert_err(ward_client_key_exchange_write(&b, ward_slice_make(pub, 0)),
		   WARD_ERR_ARG);
	ward_buf_free(&b);
}

/* RFC 7919 A: every FFDHE prime starts with 64 one bits and the bits of
 * e (0xadf85458a2bb4a9a...) and ends with 64 one bits; g is 2. */
static void ffdhe_params(void **state)
{
	(void)state;
	static const uint8_t head[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					 0xff, 0xff, 0xad, 0xf8, 0x54, 0x58,
					 0xa2, 0xbb, 0x4a, 0x9a};
	static const uint16_t groups[] = {
	    WARD_GROUP_FFDHE2048, WARD_GROUP_FFDHE3072, WARD_GROUP_FFDHE4096};
	for (size_t i = 0; i < 3; i++) {
		ward_slice p, g, p2, g2;
		assert_ok(ward_kex_ffdhe_params(groups[i], &p, &g));
		assert_int_equal(p.len, ward_kex_pub_len(groups[i]));
		assert_int_equal(p.len, 256 + 128 * i);
		assert_memory_equal(p.p, head, sizeof head);
		for (size_t j = p.len - 8; j < p.len; j++)
			assert_int_equal(p.p[j], 0xff);
		assert_int_equal(g.len, 1);
		assert_int_equal(g.p[0], 2);
		/* kept: the same storage the second time */
		assert_ok(ward_kex_ffdhe_params(groups[i], &p2, &g2));
		assert_ptr_equal(p2.p, p.p);
	}
	ward_slice p, g;
	assert_err(ward_kex_ffdhe_params(WARD_GROUP_X25519, &p, &g),
		   WARD_ERR_ARG);
	assert_err(ward_kex_ffdhe_params(0x0104, &p, &g), WARD_ERR_ARG);
}

static void server_key_exchange_dh_signed_round_trip(void **state)
{
	(void)state;
	uint8_t cr[32], sr[32], pub[WARD_KEX_PUB_MAX];
	size_t publen;
	memset(cr, 0xc1, sizeof cr);
	memset(sr, 0x5e, sizeof sr);
	ward_kex kex;
	assert_ok(ward_kex_keygen(&kex, WARD_GROUP_FFDHE3072, pub, &publen));
	assert_int_equal(publen, 384);
	ward_pkey *key;
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &key));

	ward_buf b;
	ward_buf_init(&b);
	assert_ok(ward_server_key_exchange_dh_write(
	    &b, key, WARD_SIG_ECDSA_SECP256R1_SHA256, cr, sr,
	    WARD_GROUP_FFDHE3072, ward_slice_make(pub, publen)));
	ward_slice body = body_of(&b, WARD_HS_SERVER_KEY_EXCHANGE);
	/* dh_p<2>, dh_g<2>, dh_Ys<2> */
	assert_int_equal(ward_load_u16(body.p), 384);
	assert_int_equal(ward_load_u16(body.p + 2 + 384), 1);
	assert_int_equal(body.p[2 + 384 + 2], 2);
	assert_int_equal(ward_load_u16(body.p + 2 + 384 + 3), 384);

	ward_tls12_server_dh_params ske;
	assert_ok(ward_server_key_exchange_dh_parse(body, &ske));
	ward_slice p, g;
	assert_ok(ward_kex_ffdhe_params(WARD_GROUP_FFDHE3072, &p, &g));
	assert_int_equal(ske.p.len, p.len);
	assert_memory_equal(ske.p.p, p.p, p.len);
	assert_int_equal(ske.g.len, 1);
	assert_int_equal(ske.g.p[0], 2);
	assert_int_equal(ske.ys.len, publen);
	assert_memory_equal(ske.ys.p, pub, publen);
	assert_int_equal(ske.scheme, WARD_SIG_ECDSA_SECP256R1_SHA256);
	assert_int_equal(ske.params.len, 6 + 384 + 1 + 384);
	assert_ptr_equal(ske.params.p, body.p);

	/* the signature covers both randoms and ServerDHParams */
	uint8_t content[WARD_SKE_DH_CONTENT_MAX];
	size_t n =
	    ward_server_key_exchange_content(cr, sr, ske.params, content);
	assert_int_equal(n, 64 + ske.params.len);
	assert_ok(ward_verify(key, ske.scheme, content, n, ske.signature.p,
			      ske.signature.len));
	content[64 + 100] ^= 1; /* another p */
	assert_err(ward_verify(key, ske.scheme, content, n, ske.signature.p,
			       ske.signature.len),
		   WARD_ERR_DECRYPT_ERROR);
	ward_buf_free(&b);

	/* only the RFC 7919 groups, and a Ys no wider than p */
	ward_buf_init(&b);
	assert_err(ward_server_key_exchange_dh_write(
		       &b, key, WARD_SIG_ECDSA_SECP256R1_SHA256, cr, sr,
		       WARD_GROUP_X25519, ward_slice_make(pub, 32)),
		   WARD_ERR_ARG);
	assert_err(ward_server_key_exchange_dh_write(
		       &b, key, WARD_SIG_ECDSA_SECP256R1_SHA256, cr, sr,
		       WARD_GROUP_FFDHE2048, ward_slice_make(pub, 257)),
		   WARD_ERR_ARG);
	ward_buf_free(&b);
	ward_pkey_free(key);
	ward_kex_free(&kex);
}

static void server_key_exchange_dh_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    /* empty p, g or Ys */
	    "0000 0001 02 0001 aa 0403 0001 bb",
	    "0001 ff 0000 0001 aa 0403 0001 bb",
	    "0001 ff 0001 02 0000 0403 0001 bb",
	    /* Ys longer than what is left */
	    "0001 ff 0001 02 0005 aa",
	    /* no signature, an empty one, one cut short, a byte after */
	    "0001 ff 0001 02 0001 aa",
	    "0001 ff 0001 02 0001 aa 0403 0000",
	    "0001 ff 0001 02 0001 aa 0403 0002 bb",
	    "0001 ff 0001 02 0001 aa 0403 0001 bb cc",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t buf[64];
		size_t len = test_unhex(bad[i], buf, sizeof buf);
		ward_tls12_server_dh_params ske;
		assert_err(ward_server_key_exchange_dh_parse(
			       ward_slice_make(buf, len), &ske),
			   WARD_ERR_DECODE);
	}
	uint8_t ok[64];
	size_t len =
	    test_unhex("0001 ff 0001 02 0002 aabb 0403 0001 bb", ok, sizeof ok);
	ward_tls12_server_dh_params ske;
	assert_ok(
	    ward_server_key_exchange_dh_parse(ward_slice_make(ok, len), &ske));
	assert_int_equal(ske.ys.len, 2);
	assert_int_equal(ske.params.len, 3 + 3 + 4);
	assert_int_equal(ske.signature.len, 1);
}

static void client_key_exchange_dh(void **state)
{
	(void)state;
	uint8_t yc[300];
	memset(yc, 0x5a, sizeof yc);
	ward_buf b;
	ward_buf_init(&b);
	assert_ok(
	    ward_client_key_exchange_vec16_write(&b, ward_slice_make(yc, 256)));
	ward_slice got, body = body_of(&b, WARD_HS_CLIENT_KEY_EXCHANGE);
	/* a two-byte length, unlike the ECDHE message */
	assert_int_equal(body.len, 2 + 256);
	assert_int_equal(ward_load_u16(body.p), 256);
	assert_ok(ward_client_key_exchange_vec16_parse(body, &got));
	assert_int_equal(got.len, 256);
	assert_memory_equal(got.p, yc, 256);
	ward_buf_free(&b);

	/* leading zeros are the key exchange's business, not the codec's */
	uint8_t short_yc[] = {0, 2, 0x00, 0x07};
	assert_ok(ward_client_key_exchange_vec16_parse(
	    ward_slice_make(short_yc, sizeof short_yc), &got));
	assert_int_equal(got.len, 2);
	assert_int_equal(got.p[0], 0);

	static const char *bad[] = {
	    "", "00", "0000", "0002 aa", "0001 aa bb", "01 aa", "0100 aabb"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t buf[8];
		size_t len = test_unhex(bad[i], buf, sizeof buf);
		assert_err(ward_client_key_exchange_vec16_parse(
			       ward_slice_make(buf, len), &got),
			   WARD_ERR_DECODE);
	}
	ward_buf_init(&b);
	assert_err(
	    ward_client_key_exchange_vec16_write(&b, ward_slice_make(yc, 0)),
	    WARD_ERR_ARG);
	ward_buf_free(&b);
}

/* RFC 6520 2, RFC 7366 3: the heartbeat mode and an empty
 * encrypt_then_mac, when asked. */
static void server_hello12_legacy_extensions(void **state)
{
	(void)state;
	uint8_t random[32] = {0};
	ward_tls12_server_hello_params p = {
	    .random = random,
	    .suite = 0xc013,
	    .heartbeat = 1,
	    .encrypt_then_mac = 1,
	};
	ward_buf b;
	ward_buf_init(&b);
	assert_ok(ward_server_hello12_write(&b, &p));
	ward_tls_server_hello sh;
	assert_ok(
	    ward_server_hello_parse(body_of(&b, WARD_HS_SERVER_HELLO), &sh));
	const ward_tls_exts *e = &sh.ext;
	assert_true(ward_exts_has(e, WARD_EXT_HEARTBEAT));
	assert_int_equal(e->body[WARD_EXT_HEARTBEAT].len, 1);
	assert_int_equal(e->body[WARD_EXT_HEARTBEAT].p[0],
			 WARD_HEARTBEAT_PEER_ALLOWED);
	assert_true(ward_exts_has(e, WARD_EXT_ENCRYPT_THEN_MAC));
	assert_int_equal(e->body[WARD_EXT_ENCRYPT_THEN_MAC].len, 0);
	ward_buf_free(&b);
}

static void server_hello12_read_back(void **state)
{
	(void)state;
	uint8_t random[32], sid[32];
	memset(random, 0x11, sizeof random);
	memcpy(random + 24, ward_downgrade_tls12, 8);
	memset(sid, 0x22, sizeof sid);
	ward_tls12_server_hello_params p = {
	    .random = random,
	    .session_id = ward_slice_make(sid, sizeof sid),
	    .suite = 0xc02b,
	    .renegotiation_info = 1,
	    .extended_master_secret = 1,
	    .ec_point_formats = 1,
	    .sni_ack = 1,
	    .alpn = ward_slice_make("http/1.1", 8),
	};
	ward_buf b;
	ward_buf_init(&b);
	assert_ok(ward_server_hello12_write(&b, &p));
	ward_tls_server_hello sh;
	assert_ok(
	    ward_server_hello_parse(body_of(&b, WARD_HS_SERVER_HELLO), &sh));
	assert_int_equal(sh.legacy_version, WARD_TLS_VERSION_12);
	assert_memory_equal(sh.random, random, 32);
	assert_memory_equal(sh.random + 24, "DOWNGRD\x01", 8);
	assert_int_equal(sh.session_id.len, 32);
	assert_int_equal(sh.cipher_suite, 0xc02b);
	assert_int_equal(sh.compression, 0);
	assert_false(sh.is_hrr);
	assert_int_equal(sh.selected_version, 0);
	const ward_tls_exts *e = &sh.ext;
	assert_true(ward_exts_has(e, WARD_EXT_RENEGOTIATION_INFO));
	assert_int_equal(e->body[WARD_EXT_RENEGOTIATION_INFO].len, 1);
	assert_int_equal(e->body[WARD_EXT_RENEGOTIATION_INFO].p[0], 0);
	assert_true(ward_exts_has(e, WARD_EXT_EXTENDED_MASTER_SECRET));
	assert_int_equal(e->body[WARD_EXT_EXTENDED_MASTER_SECRET].len, 0);
	assert_true(ward_exts_has(e, WARD_EXT_EC_POINT_FORMATS));
	assert_memory_equal(e->body[WARD_EXT_EC_POINT_FORMATS].p, "\x01\x00",
			    2);
	assert_true(ward_exts_has(e, WARD_EXT_SERVER_NAME));
	assert_int_equal(e->body[WARD_EXT_SERVER_NAME].len, 0);
	assert_true(ward_exts_has(e, WARD_EXT_ALPN));
	assert_memory_equal(e->body[WARD_EXT_ALPN].p, "\x00\x09\x08http/1.1",
			    11);
	assert_false(ward_exts_has(e, WARD_EXT_KEY_SHARE));
	assert_false(ward_exts_has(e, WARD_EXT_SUPPORTED_VERSIONS));
	ward_buf_free(&b);

	/* Nothing asked, nothing sent: an empty extension block. */
	ward_tls12_server_hello_params none = {.random = random,
					       .suite = 0xc02f};
	ward_buf_init(&b);
	assert_ok(ward_server_hello12_write(&b, &none));
	assert_int_equal(b.len, WARD_HS_HEADER_LEN + 2 + 32 + 1 + 2 + 1 + 2);
	assert_int_equal(ward_load_u16(b.data + b.len - 2), 0);
	ward_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(server_key_exchange_signed_round_trip),
	    cmocka_unit_test(server_key_exchange_malformed),
	    cmocka_unit_test(client_key_exchange),
	    cmocka_unit_test(ffdhe_params),
	    cmocka_unit_test(server_key_exchange_dh_signed_round_trip),
	    cmocka_unit_test(server_key_exchange_dh_malformed),
	    cmocka_unit_test(client_key_exchange_dh),
	    cmocka_unit_test(server_hello12_legacy_extensions),
	    cmocka_unit_test(server_hello12_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tls/keysched12: the TLS 1.2 key schedule.
 *
 * Two kinds of evidence. Known answers produced once with `openssl kdf
 * TLS1-PRF` pin the labels and the order of the seeds. Sessions recorded
 * between openssl s_client and s_server (tests/data/tls12/) pin the whole:
 * from the master secret in the key log, the key block must open both
 * encrypted Finished messages, and each must carry the verify_data computed
 * here over the handshake as it crossed the wire. The records are opened
 * with the AEAD directly, by RFC 5288 and RFC 7905, or with AES-CBC and
 * HMAC by RFC 5246 6.2.3.2 and RFC 7366, not by the record layer.
 */
#include "test.h"

#include "crypto/crypto.h"
#include "tls/keysched12.h"
#include "tls12_session.h"

static void range(uint8_t *out, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		out[i - from] = (uint8_t)i;
}

static void master_secret_ems_known_answer(void **state)
{
	(void)state;
	uint8_t pms[48], hash[48], master[48], want[48];
	range(pms, 1, 49);
	range(hash, 0x80, 0xb0);
	assert_ok(ward_tls12_master_secret_ems(WARD_HASH_SHA256, pms, 32, hash,
					       master));
	test_unhex("5f3e71b74a1eac40a3fea60fa0b6770206b3b8fa4afe2efd"
		   "86ac39f48160ca21611a53d4e0dd2d5ffaca2ae9bea7d4c3",
		   want, sizeof want);
	assert_bytes_equal(master, want, 48);
	/* SHA-384 suites hash the session with SHA-384: 48 bytes of it. */
	assert_ok(ward_tls12_master_secret_ems(WARD_HASH_SHA384, pms, 48, hash,
					       master));
	test_unhex("0ec23cb7b5c97f289f0d9f4f67f705ff0997fb507c7bac4b"
		   "e982fc9365e6ac9ca56c05efece12279f96b61a5134900db",
		   want, sizeof want);
	assert_bytes_equal(master, want, 48);
}

static void master_secret_without_ems_known_answer(void **state)
{
	(void)state;
	uint8_t pms[32], cr[32], sr[32], master[48], want[48];
	range(pms, 1, 33);
	range(cr, 0x20, 0x40);
	range(sr, 0x40, 0x60);
	assert_ok(ward_tls12_master_secret(WARD_HASH_SHA256, pms, 32, cr, sr,
					   master));
	test_unhex("310a7f4aeaa89e1ba6003a0be5bd845f04aa001de613921c"
		   "c248610bbced7ce7e613c22bf2fa0c92cdd030276cb4ccb0",
		   want, sizeof want);
	assert_bytes_equal(master, want, 48);
}

static void key_block_split(void **state)
{
	(void)state;
	uint8_t master[48], cr[32], sr[32], block[88];
	ward_tls12_keys k;
	range(master, 0x30, 0x60);
	range(cr, 0x20, 0x40);
	range(sr, 0x40, 0x60);
	/* PRF(master, "key expansion", server_random + client_random). */
	test_unhex("f8bb6c55ebe9f2f7540d7557b6715163d5b460e9321317d51463a98a"
		   "dee7d44410e16c4f52fc1723057e183dd3f4caf334f2b2d51bc6ecac"
		   "e9fce4d7907e1fbc9c81a576b9d5815b9832b7d5064daa5378f494ff"
		   "58be5a9c",
		   block, sizeof block);
	/* RFC 5246 6.3: MAC keys, then keys, then IVs; client first. */
	assert_ok(ward_tls12_key_block(WARD_HASH_SHA256, master, cr, sr, 20, 16,
				       8, &k));
	assert_int_equal(k.mac_len, 20);
	assert_int_equal(k.key_len, 16);
	assert_int_equal(k.iv_len, 8);
	assert_bytes_equal(k.client.mac_key, block, 20);
	assert_bytes_equal(k.server.mac_key, block + 20, 20);
	assert_bytes_equal(k.client.key, block + 40, 16);
	assert_bytes_equal(k.server.key, block + 56, 16);
	assert_bytes_equal(k.client.iv, block + 72, 8);
	assert_bytes_equal(k.server.iv, block + 80, 8);
	ward_tls12_keys_wipe(&k);
	assert_int_equal(k.key_len, 0);
	assert_int_equal(k.client.key[0], 0);

	/* Larger than any suite: refused, not truncated. */
	assert_err(ward_tls12_key_block(WARD_HASH_SHA256, master, cr, sr,
					WARD_TLS12_MAC_KEY_MAX + 1, 16, 4, &k),
		   WARD_ERR_ARG);
	assert_err(ward_tls12_key_block(WARD_HASH_SHA256, master, cr, sr, 0,
					WARD_AEAD_KEY_MAX + 1, 4, &k),
		   WARD_ERR_ARG);
	assert_err(ward_tls12_key_block(WARD_HASH_SHA256, master, cr, sr, 0, 16,
					WARD_AEAD_NONCE_LEN + 1, &k),
		   WARD_ERR_ARG);
}

static void finished_known_answer(void **state)
{
	(void)state;
	uint8_t master[48], hash[48], vd[12], want[12];
	range(master, 0x30, 0x60);
	range(hash, 0xc0, 0xf0);
	assert_ok(ward_tls12_finished(WARD_HASH_SHA384, master, 0, hash, vd));
	test_unhex("10aa5e270fe8813df0595916", want, sizeof want);
	assert_bytes_equal(vd, want, 12);
	/* The other label gives other bytes. */
	assert_ok(ward_tls12_finished(WARD_HASH_SHA384, master, 1, hash, vd));
	assert_memory_not_equal(vd, want, 12);
}

/* ---- recorded sessions ---- */

struct suite {
	const char *file, *name;
	ward_hash_alg prf;
	ward_aead_alg aead;
	size_t iv_len;
};

static const struct suite suites[] = {
    {"ecdhe-ecdsa-aes128-gcm", "ECDHE-ECDSA-AES128-GCM-SHA256",
     WARD_HASH_SHA256, WARD_AEAD_AES_128_GCM, 4},
    {"ecdhe-rsa-aes256-gcm", "ECDHE-RSA-AES256-GCM-SHA384", WARD_HASH_SHA384,
     WARD_AEAD_AES_256_GCM, 4},
    {"ecdhe-ecdsa-chacha20", "ECDHE-ECDSA-CHACHA20-POLY1305", WARD_HASH_SHA256,
     WARD_AEAD_CHACHA20_POLY1305, 12},
};

/* Open the first record of an epoch (sequence number 0) by hand. */
static size_t open_first(const struct suite *su, const ward_tls12_dir_keys *k,
			 const tls12_record *r, uint8_t *out)
{
	uint8_t nonce[12] = {0}, aad[13] = {0};
	const uint8_t *body = r->bytes + 5;
	size_t len = r->len - 5;
	ward_aead a;
	if (su->iv_len == 4) {
		/* RFC 5288 3: salt from the key block, then the explicit
		 * part carried in the record. */
		memcpy(nonce, k->iv, 4);
		memcpy(nonce + 4, body, 8);
		body += 8;
		len -= 8;
	} else {
		/* RFC 7905 2: the IV XOR the (zero) sequence number. */
		memcpy(nonce, k->iv, 12);
	}
	/* RFC 5246 6.2.3.3: seq_num, type, version, plaintext length. */
	aad[8] = r->bytes[0];
	aad[9] = r->bytes[1];
	aad[10] = r->bytes[2];
	ward_store_u16(aad + 11, (uint16_t)(len - 16));
	assert_ok(ward_aead_init(&a, su->aead, k->key, 0));
	assert_ok(ward_aead_open(&a, nonce, aad, sizeof aad, body, len, out));
	ward_aead_free(&a);
	return len - 16;
}

static void session_finished(void **state)
{
	(void)state;
	static tls12_session s;
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		const struct suite *su = &suites[i];
		tls12_session_load(su->file, &s);
		assert_string_equal(s.suite, su->name);

		ward_tls12_keys k;
		assert_ok(ward_tls12_key_block(
		    su->prf, s.master, s.client_random, s.server_random, 0,
		    ward_aead_key_len(su->aead), su->iv_len, &k));

		/* The handshake up to the client's ChangeCipherSpec. */
		size_t ccs_c = tls12_session_find(&s, 'c', 20, 0);
		size_t ccs_s = tls12_session_find(&s, 's', 20, 0);
		ward_hash h;
		assert_ok(ward_hash_init(&h, su->prf));
		for (size_t j = 0; j < ccs_c; j++)
			if (s.rec[j].bytes[0] == 22)
				assert_ok(ward_hash_update(
				    &h, s.rec[j].bytes + 5, s.rec[j].len - 5));

		uint8_t hash[WARD_HASH_MAX], vd[12], fin[64];
		assert_ok(ward_hash_peek(&h, hash));
		assert_ok(ward_tls12_finished(su->prf, s.master, 1, hash, vd));
		size_t n = open_first(su, &k.client, &s.rec[ccs_c + 1], fin);
		assert_int_equal(n, 16);
		assert_int_equal(fin[0], 20); /* HandshakeType finished */
		assert_int_equal(ward_load_u24(fin + 1), 12);
		assert_bytes_equal(fin + 4, vd, 12);

		/* The server's Finished covers the client's too. */
		assert_ok(ward_hash_update(&h, fin, n));
		assert_ok(ward_hash_peek(&h, hash));
		assert_ok(ward_tls12_finished(su->prf, s.master, 0, hash, vd));
		n = open_first(su, &k.server, &s.rec[ccs_s + 1], fin);
		assert_int_equal(n, 16);
		assert_int_equal(fin[0], 20);
		assert_bytes_equal(fin + 4, vd, 12);
		ward_hash_free(&h);
		ward_tls12_keys_wipe(&k);
	}
}

/* CBC suites: MAC keys first in the key block, no fixed IV (6.3). */
struct cbc_suite {
	const char *file;
	ward_cbc_alg cbc;
	ward_hash_alg mac;
	int etm;
};

static const struct cbc_suite cbc_suites[] = {
    {"ecdhe-rsa-aes128-sha-etm", WARD_CBC_AES_128, WARD_HASH_SHA1, 1},
    {"ecdhe-rsa-aes256-sha-mte", WARD_CBC_AES_256, WARD_HASH_SHA1, 0},
    {"ecdhe-ecdsa-aes128-sha256-mte", WARD_CBC_AES_128, WARD_HASH_SHA256, 0},
    {"ecdhe-rsa-aes128-sha256-etm", WARD_CBC_AES_128, WARD_HASH_SHA256, 1},
};

/* Open the first record of an epoch (sequence number 0) by hand: the
 * explicit IV, the CBC ciphertext, the MAC after it (encrypt-then-MAC) or
 * inside it before the padding (MAC-then-encrypt). */
static size_t open_first_cbc(const struct cbc_suite *su,
			     const ward_tls12_dir_keys *k,
			     const tls12_record *r, uint8_t *out)
{
	uint8_t mac_in[13 + 128] = {0}, tag[32];
	size_t hl = ward_hash_len(su->mac);
	const uint8_t *body = r->bytes + 5;
	size_t len = r->len - 5, n = su->etm ? len - 16 - hl : len - 16;
	assert_true(n <= 112);
	memcpy(mac_in + 8, r->bytes, 3); /* type, version */
	if (su->etm) {
		/* RFC 7366 3: over the IV and the ciphertext */
		ward_store_u16(mac_in + 11, (uint16_t)(16 + n));
		memcpy(mac_in + 13, body, 16 + n);
		assert_ok(ward_hmac(su->mac, k->mac_key, hl, mac_in,
				    13 + 16 + n, tag));
		assert_bytes_equal(tag, body + 16 + n, hl);
	}
	ward_cbc c;
	assert_ok(ward_cbc_init(&c, su->cbc, k->key, 0));
	assert_ok(ward_cbc_crypt(&c, body, body + 16, n, out));
	ward_cbc_free(&c);
	size_t pad = out[n - 1];
	for (size_t i = 0; i <= pad; i++)
		assert_int_equal(out[n - 1 - i], pad);
	n -= pad + 1;
	if (!su->etm) {
		n -= hl;
		ward_store_u16(mac_in + 11, (uint16_t)n);
		memcpy(mac_in + 13, out, n);
		assert_ok(
		    ward_hmac(su->mac, k->mac_key, hl, mac_in, 13 + n, tag));
		assert_bytes_equal(tag, out + n, hl);
	}
	return n;
}

static void cbc_session_finished(void **state)
{
	(void)state;
	static tls12_session s;
	for (size_t i = 0; i < sizeof cbc_suites / sizeof cbc_suites[0]; i++) {
		const struct cbc_suite *su = &cbc_suites[i];
		tls12_session_load(su->file, &s);
		ward_tls12_keys k;
		assert_ok(ward_tls12_key_block(
		    WARD_HASH_SHA256, s.master, s.client_random,
		    s.server_random, ward_hash_len(su->mac),
		    ward_cbc_key_len(su->cbc), 0, &k));
		assert_int_equal(k.mac_len, ward_hash_len(su->mac));

		size_t ccs_c = tls12_session_find(&s, 'c', 20, 0);
		size_t ccs_s = tls12_session_find(&s, 's', 20, 0);
		ward_hash h;
		assert_ok(ward_hash_init(&h, WARD_HASH_SHA256));
		for (size_t j = 0; j < ccs_c; j++)
			if (s.rec[j].bytes[0] == 22)
				assert_ok(ward_hash_update(
				    &h, s.rec[j].bytes + 5, s.rec[j].len - 5));
		uint8_t hash[WARD_HASH_MAX], vd[12], fin[128];
		assert_ok(ward_hash_peek(&h, hash));
		assert_ok(ward_tls12_finished(WARD_HASH_SHA256, s.master, 1,
					      hash, vd));
		size_t n =
		    open_first_cbc(su, &k.client, &s.rec[ccs_c + 1], fin);
		assert_int_equal(n, 16);
		assert_int_equal(fin[0], 20); /* HandshakeType finished */
		assert_bytes_equal(fin + 4, vd, 12);

		assert_ok(ward_hash_update(&h, fin, n));
		assert_ok(ward_hash_peek(&h, hash));
		assert_ok(ward_tls12_finished(WARD_HASH_SHA256, s.master, 0,
					      hash, vd));
		n = open_first_cbc(su, &k.server, &s.rec[ccs_s + 1], fin);
		assert_int_equal(n, 16);
		assert_int_equal(fin[0], 20);
		assert_bytes_equal(fin + 4, vd, 12);
		ward_hash_free(&h);
		ward_tls12_keys_wipe(&k);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(master_secret_ems_known_answer),
	    cmocka_unit_test(master_secret_without_ems_known_answer),
	    cmocka_unit_test(key_block_split),
	    cmocka_unit_test(finished_known_answer),
	    cmocka_unit_test(session_finished),
	    cmocka_unit_test(cbc_session_finished),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

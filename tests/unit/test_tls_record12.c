/* tls/record12: TLS 1.2 AEAD record protection.
 *
 * Known answers both ways: the records of three sessions between openssl
 * s_client and s_server (tests/data/tls12/) are opened, and records sealed
 * here are compared with bytes computed once with python3-cryptography's
 * AESGCM and ChaCha20Poly1305 from RFC 5288, RFC 7905 and RFC 5246 6.2.3.3.
 * Then every way a record can be wrong.
 */
#include "test.h"

#include <stdlib.h>

#include "tls/keysched12.h"
#include "tls/record.h"
#include "tls12_session.h"

#define HDR WARD_TLS_RECORD_HEADER_LEN
#define TAG WARD_AEAD_TAG_LEN
#define EXPLICIT WARD_TLS12_GCM_EXPLICIT_LEN

static void range(uint8_t *out, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		out[i - from] = (uint8_t)i;
}

/* An epoch keyed with the bytes from..from+keylen, IV ivfrom..; a reader
 * and a writer with the same keys when both are given. */
static void pair(ward_aead_alg alg, ward_tls_prot *wr, ward_tls_prot *rd)
{
	uint8_t key[32], iv[12];
	range(key, 0x00, 0x20);
	range(iv, 0xa0, 0xac);
	if (wr != NULL)
		assert_ok(ward_tls_prot_init_tls12_aead(wr, alg, key, iv, 1));
	if (rd != NULL)
		assert_ok(ward_tls_prot_init_tls12_aead(rd, alg, key, iv, 0));
}

static void parse_one(ward_buf *b, const ward_tls_prot *p, ward_tls_record *rec)
{
	assert_ok(ward_tls_record_parse(b->data, b->len, p, rec));
	assert_int_equal(rec->total_len, b->len);
}

static void fixed_iv_lengths(void **state)
{
	(void)state;
	assert_int_equal(ward_tls12_aead_fixed_iv_len(WARD_AEAD_AES_128_GCM),
			 4);
	assert_int_equal(ward_tls12_aead_fixed_iv_len(WARD_AEAD_AES_256_GCM),
			 4);
	assert_int_equal(
	    ward_tls12_aead_fixed_iv_len(WARD_AEAD_CHACHA20_POLY1305), 12);
	ward_tls_prot p;
	uint8_t key[32] = {0}, iv[12] = {0};
	assert_err(
	    ward_tls_prot_init_tls12_aead(&p, (ward_aead_alg)99, key, iv, 1),
	    WARD_ERR_ARG);
	assert_int_equal(p.kind, WARD_TLS_PROT_PLAINTEXT);
}

/* ---- records of openssl sessions ---- */

struct suite {
	const char *file;
	ward_hash_alg prf;
	ward_aead_alg aead;
};

static const struct suite suites[] = {
    {"ecdhe-ecdsa-aes128-gcm", WARD_HASH_SHA256, WARD_AEAD_AES_128_GCM},
    {"ecdhe-rsa-aes256-gcm", WARD_HASH_SHA384, WARD_AEAD_AES_256_GCM},
    {"ecdhe-ecdsa-chacha20", WARD_HASH_SHA256, WARD_AEAD_CHACHA20_POLY1305},
};

/* Open every record `from` sent after its ChangeCipherSpec: the Finished,
 * the application data, then (if it came) the close_notify. */
static void open_direction(const tls12_session *s, const struct suite *su,
			   const ward_tls12_dir_keys *k, char from,
			   const char *app)
{
	ward_tls_prot rd;
	assert_ok(
	    ward_tls_prot_init_tls12_aead(&rd, su->aead, k->key, k->iv, 0));
	tls12_session_open_after_ccs(s, &rd, from, app);
}

static void opens_openssl_records(void **state)
{
	(void)state;
	static tls12_session s;
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		const struct suite *su = &suites[i];
		tls12_session_load(su->file, &s);
		ward_tls12_keys k;
		assert_ok(ward_tls12_key_block(
		    su->prf, s.master, s.client_random, s.server_random, 0,
		    ward_aead_key_len(su->aead),
		    ward_tls12_aead_fixed_iv_len(su->aead), &k));
		open_direction(&s, su, &k.client, 'c', "ward tls12\n");
		open_direction(&s, su, &k.server, 's', "21slt draw\n");
		ward_tls12_keys_wipe(&k);
	}
}

/* ---- records sealed here, checked against python3-cryptography ---- */

struct sealed {
	ward_aead_alg alg;
	unsigned key_from, iv_from; /* key and IV are consecutive bytes */
	const char *iv_hex;	    /* or given */
	uint64_t seq;
	uint8_t type;
	const char *record;
};

static const char payload[] = "ward tls 1.2 record";

static const struct sealed sealed[] = {
    /* the explicit nonce is the sequence number */
    {WARD_AEAD_AES_128_GCM, 0x00, 0, "a0a1a2a3", 0x0102030405060708,
     WARD_TLS_CT_APPLICATION_DATA,
     "170303002b01020304050607086b5ce9ae1bbcf0b7a696d9323876536cd245e7"
     "97c3add6848dba7195b5249f519adb11"},
    {WARD_AEAD_AES_256_GCM, 0x20, 0, "0b0c0d0e", 0, WARD_TLS_CT_HANDSHAKE,
     "160303002b000000000000000062f79c2d03d00f2719b2a1b036f3b6c948e207"
     "e792eff821a12c492af16d3232db8018"},
    /* no explicit part; nonce = IV ^ seq */
    {WARD_AEAD_CHACHA20_POLY1305, 0x40, 0x70, NULL, 0x0102030405060708,
     WARD_TLS_CT_ALERT,
     "15030300231d7ecb21a8b5aeafd3ec017104ec7c6b5e716594d6312d1f09586d"
     "c2559f78144d37f9"},
};

static void seal_matches_independent_records(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof sealed / sizeof sealed[0]; i++) {
		const struct sealed *v = &sealed[i];
		uint8_t key[32], iv[12];
		range(key, v->key_from, v->key_from + 32);
		if (v->iv_hex != NULL)
			test_unhex(v->iv_hex, iv, sizeof iv);
		else
			range(iv, v->iv_from, v->iv_from + 12);
		ward_tls_prot wr, rd;
		assert_ok(
		    ward_tls_prot_init_tls12_aead(&wr, v->alg, key, iv, 1));
		assert_ok(
		    ward_tls_prot_init_tls12_aead(&rd, v->alg, key, iv, 0));
		wr.seq = rd.seq = v->seq;

		ward_buf out, want;
		ward_buf_init(&out);
		test_unhex_buf(v->record, &want);
		/* TLS 1.2 has no padding: the pad argument changes nothing */
		assert_ok(ward_tls_record_seal(&wr, &out, v->type,
					       (const uint8_t *)payload,
					       strlen(payload), 7));
		assert_int_equal(out.len, want.len);
		assert_bytes_equal(out.data, want.data, want.len);
		assert_int_equal(wr.seq, v->seq + 1);

		ward_tls_record rec;
		parse_one(&out, &rd, &rec);
		assert_ok(ward_tls_record_open(&rd, &rec));
		assert_int_equal(rec.type, v->type);
		assert_int_equal(rec.body_len, strlen(payload));
		assert_memory_equal(rec.body, payload, rec.body_len);
		assert_int_equal(rd.seq, v->seq + 1);
		ward_buf_free(&out);
		ward_buf_free(&want);
		ward_tls_prot_free(&wr);
		ward_tls_prot_free(&rd);
	}
}

/* ---- round trips and sequence numbers ---- */

static const ward_aead_alg algs[] = {
    WARD_AEAD_AES_128_GCM, WARD_AEAD_AES_256_GCM, WARD_AEAD_CHACHA20_POLY1305};

static void round_trip_in_order_only(void **state)
{
	(void)state;
	for (size_t a = 0; a < 3; a++) {
		ward_tls_prot wr, rd;
		pair(algs[a], &wr, &rd);
		ward_buf out;
		ward_buf_init(&out);
		size_t at[4] = {0};
		for (size_t i = 0; i < 3; i++) {
			at[i] = out.len;
			/* an empty record too */
			assert_ok(ward_tls_record_seal(
			    &wr, &out, WARD_TLS_CT_APPLICATION_DATA,
			    (const uint8_t *)payload, i * 5, 0));
		}
		at[3] = out.len;
		size_t ex = algs[a] == WARD_AEAD_CHACHA20_POLY1305 ? 0 : 8;
		assert_int_equal(at[1] - at[0], HDR + ex + TAG);
		if (ex) {
			/* GCM: the explicit nonces are 0, 1, 2 */
			for (size_t i = 0; i < 3; i++)
				assert_int_equal(
				    ward_load_u16(out.data + at[i] + HDR + 6),
				    i);
		}

		/* Record 1 first: its nonce and additional data say 1, the
		 * reader expects 0. */
		ward_buf one;
		ward_buf_init(&one);
		assert_ok(
		    ward_put_bytes(&one, out.data + at[1], at[2] - at[1]));
		ward_tls_record rec;
		parse_one(&one, &rd, &rec);
		assert_err(ward_tls_record_open(&rd, &rec),
			   WARD_ERR_BAD_RECORD_MAC);
		assert_int_equal(rd.seq, 0);
		ward_buf_free(&one);

		for (size_t i = 0; i < 3; i++) {
			assert_ok(ward_tls_record_parse(
			    out.data + at[i], at[i + 1] - at[i], &rd, &rec));
			assert_ok(ward_tls_record_open(&rd, &rec));
			assert_int_equal(rec.body_len, i * 5);
			assert_memory_equal(rec.body, payload, i * 5);
		}
		assert_int_equal(rd.seq, 3);
		ward_buf_free(&out);
		ward_tls_prot_free(&wr);
		ward_tls_prot_free(&rd);
	}
}

static void seal_one(ward_aead_alg alg, ward_buf *out)
{
	ward_tls_prot wr;
	pair(alg, &wr, NULL);
	ward_buf_init(out);
	assert_ok(ward_tls_record_seal(&wr, out, WARD_TLS_CT_APPLICATION_DATA,
				       (const uint8_t *)payload,
				       strlen(payload), 0));
	ward_tls_prot_free(&wr);
}

/* Every byte of a record is covered: header (through the additional
 * data), explicit nonce, ciphertext, tag. */
static void any_flipped_bit_is_bad_record_mac(void **state)
{
	(void)state;
	for (size_t a = 0; a < 3; a++) {
		ward_buf good;
		seal_one(algs[a], &good);
		for (size_t i = 0; i < good.len; i++) {
			/* the length is framing, the version's major byte
			 * is checked by parse */
			if (i == 1 || i == 3 || i == 4)
				continue;
			ward_buf b;
			ward_buf_init(&b);
			assert_ok(ward_put_bytes(&b, good.data, good.len));
			/* a type that stays a known type */
			b.data[i] ^= i == 0 ? 0x03 : 0x01;
			ward_tls_prot rd;
			pair(algs[a], NULL, &rd);
			ward_tls_record rec;
			parse_one(&b, &rd, &rec);
			assert_err(ward_tls_record_open(&rd, &rec),
				   WARD_ERR_BAD_RECORD_MAC);
			/* nothing unauthenticated is left to read */
			for (size_t j = 0; j < rec.body_len; j++)
				assert_int_equal(rec.body[j], 0);
			assert_int_equal(rd.seq, 0);
			ward_tls_prot_free(&rd);
			ward_buf_free(&b);
		}
		ward_buf_free(&good);
	}
}

static void wrong_keys_are_bad_record_mac(void **state)
{
	(void)state;
	ward_buf b;
	seal_one(WARD_AEAD_AES_128_GCM, &b);
	uint8_t key[32], iv[12];
	range(key, 0x00, 0x20);
	range(iv, 0xa0, 0xac);
	iv[3] ^= 1; /* another salt */
	ward_tls_prot rd;
	assert_ok(ward_tls_prot_init_tls12_aead(&rd, WARD_AEAD_AES_128_GCM, key,
						iv, 0));
	ward_tls_record rec;
	parse_one(&b, &rd, &rec);
	assert_err(ward_tls_record_open(&rd, &rec), WARD_ERR_BAD_RECORD_MAC);
	ward_tls_prot_free(&rd);
	ward_buf_free(&b);
}

static void short_records_are_bad_record_mac(void **state)
{
	(void)state;
	for (size_t a = 0; a < 3; a++) {
		size_t ex = algs[a] == WARD_AEAD_CHACHA20_POLY1305 ? 0 : 8;
		/* one byte short of explicit nonce + tag, down to empty */
		for (size_t n = 0; n < ex + TAG; n++) {
			uint8_t rec_bytes[HDR + 8 + TAG] = {
			    WARD_TLS_CT_APPLICATION_DATA, 3, 3, 0, (uint8_t)n};
			ward_tls_prot rd;
			pair(algs[a], NULL, &rd);
			ward_tls_record rec;
			assert_ok(ward_tls_record_parse(rec_bytes, HDR + n, &rd,
							&rec));
			assert_err(ward_tls_record_open(&rd, &rec),
				   WARD_ERR_BAD_RECORD_MAC);
			ward_tls_prot_free(&rd);
		}
	}
}

/* ---- limits ---- */

/* RFC 5246 6.2.3: TLSCiphertext.length at most 2^14 + 2048, refused from
 * the header alone, before the body arrives. */
static void ciphertext_limit_from_the_header(void **state)
{
	(void)state;
	ward_tls_prot rd;
	pair(WARD_AEAD_AES_128_GCM, NULL, &rd);
	uint8_t hdr[HDR] = {WARD_TLS_CT_APPLICATION_DATA, 3, 3};
	ward_tls_record rec;
	ward_store_u16(hdr + 3, WARD_TLS12_MAX_CIPHERTEXT);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &rd, &rec),
		   WARD_ERR_WANT_INPUT);
	ward_store_u16(hdr + 3, WARD_TLS12_MAX_CIPHERTEXT + 1);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &rd, &rec),
		   WARD_ERR_RECORD_OVERFLOW);
	ward_store_u16(hdr + 3, UINT16_MAX);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &rd, &rec),
		   WARD_ERR_RECORD_OVERFLOW);
	assert_int_equal(WARD_TLS12_MAX_CIPHERTEXT, 16384 + 2048);
	ward_tls_prot_free(&rd);
}

/* Seal a record carrying len plaintext bytes with the AEAD directly, as a
 * peer that ignores the limit would (sequence number 0). */
static void seal_raw(ward_aead_alg alg, size_t len, ward_buf *out)
{
	uint8_t key[32], iv[12], nonce[12], aad[13] = {0};
	range(key, 0x00, 0x20);
	range(iv, 0xa0, 0xac);
	size_t ex = alg == WARD_AEAD_CHACHA20_POLY1305 ? 0 : 8;
	memcpy(nonce, iv, 12);
	if (ex)
		memset(nonce + 4, 0, 8);
	aad[8] = WARD_TLS_CT_APPLICATION_DATA;
	ward_store_u16(aad + 9, 0x0303);
	ward_store_u16(aad + 11, (uint16_t)len);
	ward_buf_init(out);
	assert_ok(ward_buf_reserve(out, HDR + ex + len + TAG));
	uint8_t *p = out->data;
	p[0] = WARD_TLS_CT_APPLICATION_DATA;
	ward_store_u16(p + 1, 0x0303);
	ward_store_u16(p + 3, (uint16_t)(ex + len + TAG));
	memset(p + HDR, 0, ex);
	memset(p + HDR + ex, 'x', len);
	ward_aead a;
	assert_ok(ward_aead_init(&a, alg, key, 1));
	assert_ok(ward_aead_seal(&a, nonce, aad, sizeof aad, p + HDR + ex, len,
				 p + HDR + ex));
	ward_aead_free(&a);
	out->len = HDR + ex + len + TAG;
}

/* RFC 5246 6.2.1: 2^14 bytes of plaintext are legal, one more is
 * record_overflow, even when it authenticates. */
static void plaintext_limit_after_opening(void **state)
{
	(void)state;
	for (size_t a = 0; a < 3; a++) {
		for (size_t len = WARD_TLS_MAX_PLAINTEXT;
		     len <= WARD_TLS_MAX_PLAINTEXT + 1; len++) {
			ward_buf b;
			seal_raw(algs[a], len, &b);
			ward_tls_prot rd;
			pair(algs[a], NULL, &rd);
			ward_tls_record rec;
			parse_one(&b, &rd, &rec);
			ward_err err = ward_tls_record_open(&rd, &rec);
			if (len == WARD_TLS_MAX_PLAINTEXT) {
				assert_ok(err);
				assert_int_equal(rec.body_len, len);
				assert_int_equal(rec.body[len - 1], 'x');
			} else {
				assert_err(err, WARD_ERR_RECORD_OVERFLOW);
			}
			ward_tls_prot_free(&rd);
			ward_buf_free(&b);
		}
	}
}

static void seal_limits(void **state)
{
	(void)state;
	static uint8_t big[WARD_TLS_MAX_PLAINTEXT + 1];
	for (size_t a = 0; a < 3; a++) {
		ward_tls_prot wr, rd;
		pair(algs[a], &wr, &rd);
		ward_buf out;
		ward_buf_init(&out);
		assert_err(ward_tls_record_seal(&wr, &out,
						WARD_TLS_CT_APPLICATION_DATA,
						big, sizeof big, 0),
			   WARD_ERR_ARG);
		assert_err(ward_tls_record_seal(&wr, &out, 25, big, 1, 0),
			   WARD_ERR_ARG);
		assert_int_equal(out.len, 0);
		assert_int_equal(wr.seq, 0);
		/* the largest record fits the reader's limit */
		assert_ok(ward_tls_record_seal(&wr, &out,
					       WARD_TLS_CT_APPLICATION_DATA,
					       big, sizeof big - 1, 0));
		assert_true(out.len <= WARD_TLS12_RECORD_OVERHEAD +
					   WARD_TLS_MAX_PLAINTEXT);
		ward_tls_record rec;
		parse_one(&out, &rd, &rec);
		assert_ok(ward_tls_record_open(&rd, &rec));
		assert_int_equal(rec.body_len, WARD_TLS_MAX_PLAINTEXT);
		ward_buf_free(&out);
		ward_tls_prot_free(&wr);
		ward_tls_prot_free(&rd);
	}
}

/* RFC 5246 6.1: sequence numbers do not wrap; the last one is refused in
 * both directions rather than reused. */
static void sequence_number_never_wraps(void **state)
{
	(void)state;
	for (size_t a = 0; a < 3; a++) {
		ward_tls_prot wr, rd;
		pair(algs[a], &wr, &rd);
		wr.seq = rd.seq = UINT64_MAX - 1;
		ward_buf out;
		ward_buf_init(&out);
		assert_ok(ward_tls_record_seal(&wr, &out,
					       WARD_TLS_CT_APPLICATION_DATA,
					       (const uint8_t *)"a", 1, 0));
		size_t len = out.len;
		assert_err(ward_tls_record_seal(&wr, &out,
						WARD_TLS_CT_APPLICATION_DATA,
						(const uint8_t *)"b", 1, 0),
			   WARD_ERR_STATE);
		assert_int_equal(out.len, len);
		ward_buf again;
		ward_buf_init(&again);
		assert_ok(ward_put_bytes(&again, out.data, out.len));
		ward_tls_record rec;
		parse_one(&out, &rd, &rec);
		assert_ok(ward_tls_record_open(&rd, &rec));
		assert_int_equal(rd.seq, UINT64_MAX);
		parse_one(&again, &rd, &rec);
		assert_err(ward_tls_record_open(&rd, &rec), WARD_ERR_STATE);
		ward_buf_free(&again);
		ward_buf_free(&out);
		ward_tls_prot_free(&wr);
		ward_tls_prot_free(&rd);
	}
}

static void free_returns_to_plaintext(void **state)
{
	(void)state;
	ward_tls_prot p;
	pair(WARD_AEAD_CHACHA20_POLY1305, &p, NULL);
	assert_int_equal(p.kind, WARD_TLS_PROT_TLS12_AEAD);
	ward_tls_prot_free(&p);
	assert_int_equal(p.kind, WARD_TLS_PROT_PLAINTEXT);
	assert_null(p.aead.ctx);
	for (size_t i = 0; i < sizeof p.iv; i++)
		assert_int_equal(p.iv[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fixed_iv_lengths),
	    cmocka_unit_test(opens_openssl_records),
	    cmocka_unit_test(seal_matches_independent_records),
	    cmocka_unit_test(round_trip_in_order_only),
	    cmocka_unit_test(any_flipped_bit_is_bad_record_mac),
	    cmocka_unit_test(wrong_keys_are_bad_record_mac),
	    cmocka_unit_test(short_records_are_bad_record_mac),
	    cmocka_unit_test(ciphertext_limit_from_the_header),
	    cmocka_unit_test(plaintext_limit_after_opening),
	    cmocka_unit_test(seal_limits),
	    cmocka_unit_test(sequence_number_never_wraps),
	    cmocka_unit_test(free_returns_to_plaintext),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* crypto/aead: known answers (RFC 8439, the GCM specification), in-place
 * round trips, forgeries, and one context across many records. */
#include "test.h"

#include "crypto/crypto.h"

struct vector {
	ward_aead_alg alg;
	const char *key, *nonce, *aad, *pt, *ct, *tag;
};

static const char gcm_key128[] = "feffe9928665731c6d6a8f9467308308";
static const char gcm_key256[] = "feffe9928665731c6d6a8f9467308308"
				 "feffe9928665731c6d6a8f9467308308";
static const char gcm_iv[] = "cafebabefacedbaddecaf888";
static const char gcm_aad[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
static const char gcm_pt64[] = "d9313225f88406e5a55909c5aff5269a"
			       "86a7a9531534f7da2e4c303d8a318a72"
			       "1c3c0c95956809532fcf0e2449a6b525"
			       "b16aedf5aa0de657ba637b391aafd255";
static const char gcm_pt60[] = "d9313225f88406e5a55909c5aff5269a"
			       "86a7a9531534f7da2e4c303d8a318a72"
			       "1c3c0c95956809532fcf0e2449a6b525"
			       "b16aedf5aa0de657ba637b39";

static const struct vector vectors[] = {
    /* RFC 8439 2.8.2 */
    {WARD_AEAD_CHACHA20_POLY1305,
     "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
     "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
     /* "Ladies and Gentlemen of the class of '99: If I could offer you
      * only one tip for the future, sunscreen would be it." */
     "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
     "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
     "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
     "637265656e20776f756c642062652069742e",
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
     "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
     "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
     "3ff4def08e4b7a9de576d26586cec64b6116",
     "1ae10b594f09e26a7e902ecbd0600691"},
    /* McGrew & Viega, The GCM Mode of Operation, test cases 3, 4, 15,
     * 16 */
    {WARD_AEAD_AES_128_GCM, gcm_key128, gcm_iv, "", gcm_pt64,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {WARD_AEAD_AES_128_GCM, gcm_key128, gcm_iv, gcm_aad, gcm_pt60,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {WARD_AEAD_AES_256_GCM, gcm_key256, gcm_iv, "", gcm_pt64,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {WARD_AEAD_AES_256_GCM, gcm_key256, gcm_iv, gcm_aad, gcm_pt60,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

static void known_answers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const struct vector *v = &vectors[i];
		uint8_t key[32], nonce[12], aad[32], pt[128], want[160];
		uint8_t out[160];
		size_t keylen = test_unhex(v->key, key, sizeof key);
		assert_int_equal(keylen, ward_aead_key_len(v->alg));
		assert_int_equal(test_unhex(v->nonce, nonce, sizeof nonce), 12);
		size_t aadlen = test_unhex(v->aad, aad, sizeof aad);
		size_t len = test_unhex(v->pt, pt, sizeof pt);
		assert_int_equal(test_unhex(v->ct, want, sizeof want), len);
		test_unhex(v->tag, want + len, 16);

		ward_aead enc, dec;
		assert_ok(ward_aead_init(&enc, v->alg, key, 1));
		assert_ok(ward_aead_init(&dec, v->alg, key, 0));
		assert_ok(
		    ward_aead_seal(&enc, nonce, aad, aadlen, pt, len, out));
		assert_bytes_equal(out, want, len + 16);
		assert_ok(ward_aead_open(&dec, nonce, aad, aadlen, out,
					 len + 16, out));
		assert_bytes_equal(out, pt, len);
		ward_aead_free(&enc);
		ward_aead_free(&dec);
	}
}

static const ward_aead_alg algs[] = {
    WARD_AEAD_AES_128_GCM, WARD_AEAD_AES_256_GCM, WARD_AEAD_CHACHA20_POLY1305};

static void in_place_and_forgeries(void **state)
{
	(void)state;
	for (size_t a = 0; a < 3; a++) {
		uint8_t key[32], nonce[12] = {0}, aad[13] = {23, 3, 3};
		uint8_t msg[100], buf[116], keep[116];
		for (size_t i = 0; i < sizeof key; i++)
			key[i] = (uint8_t)(i * 7);
		for (size_t i = 0; i < sizeof msg; i++)
			msg[i] = (uint8_t)i;
		ward_aead enc, dec;
		assert_ok(ward_aead_init(&enc, algs[a], key, 1));
		assert_ok(ward_aead_init(&dec, algs[a], key, 0));

		memcpy(buf, msg, sizeof msg);
		assert_ok(ward_aead_seal(&enc, nonce, aad, sizeof aad, buf,
					 sizeof msg, buf));
		assert_memory_not_equal(buf, msg, sizeof msg);
		memcpy(keep, buf, sizeof buf);
		assert_ok(ward_aead_open(&dec, nonce, aad, sizeof aad, buf,
					 sizeof buf, buf));
		assert_bytes_equal(buf, msg, sizeof msg);

		/* a flipped bit anywhere (ciphertext, tag, AAD, nonce) */
		size_t spots[] = {0, 57, 99, 100, 115};
		for (size_t s = 0; s < 5; s++) {
			memcpy(buf, keep, sizeof buf);
			buf[spots[s]] ^= 0x01;
			assert_err(ward_aead_open(&dec, nonce, aad, sizeof aad,
						  buf, sizeof buf, buf),
				   WARD_ERR_BAD_RECORD_MAC);
		}
		memcpy(buf, keep, sizeof buf);
		aad[4] ^= 0x80;
		assert_err(ward_aead_open(&dec, nonce, aad, sizeof aad, buf,
					  sizeof buf, buf),
			   WARD_ERR_BAD_RECORD_MAC);
		aad[4] ^= 0x80;
		nonce[11] = 1;
		assert_err(ward_aead_open(&dec, nonce, aad, sizeof aad, buf,
					  sizeof buf, buf),
			   WARD_ERR_BAD_RECORD_MAC);
		nonce[11] = 0;
		/* shorter than a tag */
		assert_err(
		    ward_aead_open(&dec, nonce, aad, sizeof aad, buf, 15, buf),
		    WARD_ERR_BAD_RECORD_MAC);
		/* a failed open wiped the plaintext it had written over the
		 * record (the short one wrote nothing); the context still
		 * works */
		static const uint8_t zeros[sizeof msg];
		assert_bytes_equal(buf, zeros, sizeof msg);
		memcpy(buf, keep, sizeof buf);
		assert_ok(ward_aead_open(&dec, nonce, aad, sizeof aad, buf,
					 sizeof buf, buf));
		assert_bytes_equal(buf, msg, sizeof msg);
		/* wrong direction */
		assert_err(ward_aead_seal(&dec, nonce, NULL, 0, msg, 1, buf),
			   WARD_ERR_STATE);
		ward_aead_free(&enc);
		ward_aead_free(&dec);
	}
}

/* One keyed context per direction, the nonce changing per record
 * (RFC 8446 5.3: the sequence number XORed into the IV). */
static void many_records_one_context(void **state)
{
	(void)state;
	for (size_t a = 0; a < 3; a++) {
		uint8_t key[32] = {9},
			iv[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
		ward_aead enc, dec;
		assert_ok(ward_aead_init(&enc, algs[a], key, 1));
		assert_ok(ward_aead_init(&dec, algs[a], key, 0));
		uint8_t prev[64 + 16] = {0};
		for (uint64_t seq = 0; seq < 500; seq++) {
			uint8_t nonce[12], rec[64 + 16], msg[64];
			memcpy(nonce, iv, 12);
			for (int i = 0; i < 8; i++)
				nonce[4 + i] ^= (uint8_t)(seq >> (56 - 8 * i));
			size_t len = (size_t)(seq % 65);
			memset(msg, (int)(seq & 0xff), sizeof msg);
			assert_ok(ward_aead_seal(&enc, nonce, NULL, 0, msg, len,
						 rec));
			if (len == 64) {
				assert_memory_not_equal(rec, prev, len);
				memcpy(prev, rec, len);
			}
			assert_ok(ward_aead_open(&dec, nonce, NULL, 0, rec,
						 len + 16, rec));
			assert_bytes_equal(rec, msg, len);
		}
		ward_aead_free(&enc);
		ward_aead_free(&dec);
	}
}

static void bad_arguments(void **state)
{
	(void)state;
	uint8_t key[32] = {0};
	ward_aead a;
	assert_int_equal(ward_aead_key_len((ward_aead_alg)7), 0);
	assert_err(ward_aead_init(&a, (ward_aead_alg)7, key, 1), WARD_ERR_ARG);
	assert_null(a.ctx);
	ward_aead_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(known_answers),
	    cmocka_unit_test(in_place_and_forgeries),
	    cmocka_unit_test(many_records_one_context),
	    cmocka_unit_test(bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tls/record12_cbc: TLS 1.2 CBC record protection, encrypt-then-MAC
 * (RFC 7366) and MAC-then-encrypt (RFC 5246 6.2.3.2): known answers,
 * limits, sequence numbers.
 *
 * Records of sessions between openssl s_client and s_server
 * (tests/data/tls12/, with and without encrypt_then_mac) are opened with
 * the key block. Records computed by python3-cryptography
 * (tests/data/gen-tls12-cbc-vectors.py, pasted below) are opened, and the
 * ones with the least padding are what ward seals with the same IV.
 * test_tls_record12_cbc_padding.c has the bad records and the Lucky13
 * checks.
 */
#include "test.h"

#include "tls/keysched12.h"
#include "tls/record.h"
#include "tls/tls.h"
#include "tls12_cbc.h"
#include "tls12_session.h"

/* ---- records of openssl sessions ---- */

struct session {
	const char *file;
	uint16_t suite;
	ward_cbc_alg cbc;
	ward_hash_alg mac;
	int etm;
};

static const struct session sessions[] = {
    {"ecdhe-rsa-aes128-sha-etm", 0xc013, WARD_CBC_AES_128, WARD_HASH_SHA1, 1},
    {"ecdhe-rsa-aes256-sha-mte", 0xc014, WARD_CBC_AES_256, WARD_HASH_SHA1, 0},
    {"ecdhe-ecdsa-aes128-sha256-mte", 0xc023, WARD_CBC_AES_128,
     WARD_HASH_SHA256, 0},
    {"ecdhe-rsa-aes128-sha256-etm", 0xc027, WARD_CBC_AES_128, WARD_HASH_SHA256,
     1},
};

/* The suite and whether encrypt_then_mac (22) came back, from the
 * ServerHello in the server's first record. */
static void server_hello(const tls12_session *s, uint16_t *suite, int *etm)
{
	const tls12_record *r = &s->rec[tls12_session_find(s, 's', 22, 0)];
	ward_reader rd = ward_reader_make(r->bytes + HDR + 4, r->len - HDR - 4);
	const uint8_t *skip;
	uint8_t sid_len, comp;
	uint16_t ext_len;
	assert_int_equal(r->bytes[HDR], 2); /* ServerHello */
	assert_ok(ward_read_bytes(&rd, 2 + 32, &skip));
	assert_ok(ward_read_u8(&rd, &sid_len));
	assert_ok(ward_read_bytes(&rd, sid_len, &skip));
	assert_ok(ward_read_u16(&rd, suite));
	assert_ok(ward_read_u8(&rd, &comp));
	assert_ok(ward_read_u16(&rd, &ext_len));
	*etm = 0;
	while (ward_reader_left(&rd) > 0) {
		uint16_t type, len;
		assert_ok(ward_read_u16(&rd, &type));
		assert_ok(ward_read_u16(&rd, &len));
		assert_ok(ward_read_bytes(&rd, len, &skip));
		if (type == 22)
			*etm = 1;
	}
}

/* Open every record `from` sent after its ChangeCipherSpec: Finished,
 * application data, then (if it came) close_notify. */
static void open_direction(const tls12_session *s, const struct session *su,
			   const ward_tls12_dir_keys *k, char from,
			   const char *app)
{
	ward_tls_prot rd;
	assert_ok(ward_tls_prot_init_tls12_cbc(&rd, su->cbc, k->key, su->mac,
					       k->mac_key, su->etm, 0));
	tls12_session_open_after_ccs(s, &rd, from, app);
}

static void opens_openssl_records(void **state)
{
	(void)state;
	static tls12_session s;
	for (size_t i = 0; i < sizeof sessions / sizeof sessions[0]; i++) {
		const struct session *su = &sessions[i];
		tls12_session_load(su->file, &s);
		uint16_t suite;
		int etm;
		server_hello(&s, &suite, &etm);
		assert_int_equal(suite, su->suite);
		assert_int_equal(etm, su->etm);
		/* RFC 5246 6.3: MAC keys as long as the MAC, no fixed IV */
		ward_tls12_keys k;
		assert_ok(ward_tls12_key_block(
		    WARD_HASH_SHA256, s.master, s.client_random,
		    s.server_random, ward_hash_len(su->mac),
		    ward_cbc_key_len(su->cbc), 0, &k));
		open_direction(&s, su, &k.client, 'c', "ward tls12\n");
		open_direction(&s, su, &k.server, 's', "21slt draw\n");
		ward_tls12_keys_wipe(&k);
	}
}

/* ---- records of python3-cryptography ---- */

struct vector {
	ward_cbc_alg cbc;
	ward_hash_alg mac;
	int etm;
	uint64_t seq;
	uint8_t type;
	unsigned pad; /* padding_length */
	const char *record;
};

static const char payload[] = "ward tls 1.2 cbc record";

static const struct vector vectors[] = {
    /* least padding (4) */
    {WARD_CBC_AES_128, WARD_HASH_SHA1, 0, 0x0, 23, 4,
     "1703030040a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb60373154f73bc824fc96fbff1943dad9af6c65c74d11b71b49e906b39abc"
     "787dc6a43f"},
    /* long padding (244) */
    {WARD_CBC_AES_128, WARD_HASH_SHA1, 0, 0x0, 23, 244,
     "1703030130a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb60373154f73bc824fc96fbff1943dad9af6c65f51158a18ba3597fb43a2c"
     "f5e86b4d5177842bb05e2f5e4db119e33994dc8aec88ebc6d1fe042af82c2ab6"
     "5d87ccb8ee58ef2b644a4f5af997e7d13b2a02f324c0392c2e69f8acf346ee65"
     "bce7d67bd6a5d73d157ca7bde37f4a8be928f9995d9b9de83eaf5fde9d9db6e8"
     "16aa99f5e24fe5b89e16fb719c119398283a4f609a8e914ad0152bd94ffb86f8"
     "b08c169589d5230f2854bd86fbb43e24b3c782c0ba34d3c3d5f460f82eb55dac"
     "bb6409c57e392a74e8637da9252b032f614b816de88aebc1d201ba2c211bd847"
     "70251a9f23947844fd65ff3992f6c7e8894415f31ffc4ee848f1a9393a4dc8b7"
     "418f246ff3f99f255c1aad878e672bb32fb7876099"},
    /* least padding (8) */
    {WARD_CBC_AES_128, WARD_HASH_SHA1, 1, 0x1, 22, 8,
     "1603030044a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb60373163ba80c2a0d11368c3c5f535e67fbf79f86bac6d63e308d6fae75f"
     "d1c0c6255099c27e85"},
    /* long padding (248) */
    {WARD_CBC_AES_128, WARD_HASH_SHA1, 1, 0x1, 22, 248,
     "1603030134a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb6037310ab29d157c2eb1e79bb2b71e134795f56d2a33b03e0264779fcfc3"
     "23e7c16781db3ae74f7c5c19b05ba3de014b0e433a9a0cf82c0c822022217fc0"
     "d91eecee390d4e4f5a28e6bb95420534777e1d6e28e25f206d031f2efaa77ad2"
     "27f4c0c1ed20e3a17df58920baba2cba4604a49a5dd8c45498e2ab570edf74ce"
     "690bc23b74f529f31d4d7d1612057695093a89ba979dc23841b09013e641fd66"
     "febf273bd1d78cb3e19e54bb553c768bc3e896a111b124cc972c58508b4411ca"
     "7c10dcaa150f2ccbef4a08c49e8dd3002b217fe35fd4158d9a64e6869c66fce2"
     "001c43989cc8b5c97e3e23bc4bed5e6f917de277df9e2be52608b1544cb29b8a"
     "101d468f08e0d3acaaf76c3830260e16b366b8f1641d1c82d1"},
    /* least padding (4) */
    {WARD_CBC_AES_256, WARD_HASH_SHA1, 0, 0x102030405060708, 21, 4,
     "1503030040a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaa310ab9cceaff8f790931f0d3548b69270fb46035cc36e561f1f8b3"
     "5cb6b7d521"},
    /* long padding (244) */
    {WARD_CBC_AES_256, WARD_HASH_SHA1, 0, 0x102030405060708, 21, 244,
     "1503030130a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaa310ab9cceaff8f790931f0d3548b692754125753bc79da3f1f0623"
     "21375fc30292bdc1f92560250b073c1decf5e777fb1741484f3fc30d73fed61e"
     "ab3e1a563cc7de37798499032affbafa8f14835d650cf01f69ed39838baa985e"
     "d325f03fb5b29a636301e9b42794a4c7b2a13932a242c27de63801bf7a06530a"
     "a45cf43a41a729b471d51b9c5f75ccce8250bd5e8b5990aa32022f0c3e934a66"
     "a2fb20be3ce990f2675d898902a6b1eddb6fa2076b5c12c918323504edb29f33"
     "ed14c72b95d58fdbc045152f8ec04ffaeb24f83782b3c43144a09923d5713a34"
     "968c0a58fcbce8efcb17c88b951cfdc175783c86679955abea584ef554541ab3"
     "171a7cb2347aa61b038531c08bc724aace34f5ecf6"},
    /* least padding (8) */
    {WARD_CBC_AES_256, WARD_HASH_SHA1, 1, 0x7, 23, 8,
     "1703030044a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaa43743b90c6be3be3404de50328eeadeae25126ef1def7f178b77fa"
     "5958b1e2a861098843"},
    /* long padding (248) */
    {WARD_CBC_AES_256, WARD_HASH_SHA1, 1, 0x7, 23, 248,
     "1703030134a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaa48b27096b752e4b3dd86a9814d9405d2e4ee2fa7c91eaa4e715536"
     "90b838d3c5045f38244533ef68d9691e061f8e63ddd5902c2ca66a82bc280b4b"
     "7f8e7169a37515062823bd3621fd040ea5d932e770ccff6b1697aaec665dcb32"
     "d97a10c8babf8c635f95371bbac7343359d2fdbdd30d3cb5039ff41b2eb20125"
     "a6fb82a8bb613949e77dd7ad27faba2442e2bc26feb3c61fd747d58123061327"
     "e6238ba208ea990cacd2d401ef662aa5790a0ddcff56ea56305de3b41b5ec0f3"
     "9c687d6117a602d7f1a38adbe4fe374ad7ab1e3e702bba6532eda348b77689da"
     "b81cc23120fb4c84f0fc58bf3c345b3aab8f5ba958b4a67fec9729533ad29027"
     "d668659bb9c883e7fc2864656ada9bcceb87fb83bb468d7975"},
    /* least padding (8) */
    {WARD_CBC_AES_128, WARD_HASH_SHA256, 0, 0x3, 23, 8,
     "1703030050a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb603731d3cac142c8f82498bb0ca0d0968c99a53c84bbd7aaada32433697c"
     "76c75671c326e775bc711a7c280cce7744217c9e71"},
    /* long padding (248) */
    {WARD_CBC_AES_128, WARD_HASH_SHA256, 0, 0x3, 23, 248,
     "1703030140a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb603731d3cac142c8f82498bb0ca0d0968c99a53c84bbd7aaada32433697c"
     "76c75671c39dacdd4a1a54b567c4706938c1e56a996449efc2678c9203b58870"
     "67d9d93904b3aa241e33387d339ca2b3d379da090a768fe0f3edcdf8976b5553"
     "76d98b76ecbb191a573d59aac92022acce3f08c0ee0aef469a2c052d821b466a"
     "f44c248284d933c30de3d4aaf19388cb5c4055fd0dd8b8d48d044fac5c4cb2b4"
     "41d0b0d5f4a26623daf33adf0acc6d263764e207445b1b36944ba363ad6991a3"
     "7317f33e70687db2b2cfe68b7849416bf9dbd50b351727cdcf88ffab6e8202d5"
     "ba8e46204564bd5a970435662b2d3361db261deb2d08f6cc80f52ad201423e5c"
     "991ee0e53f19a19eece36cb4e7bf3a79f824a406a2def5bdc77b886288dcec40"
     "05c9e03e5b"},
    /* least padding (8) */
    {WARD_CBC_AES_128, WARD_HASH_SHA256, 1, 0x0, 22, 8,
     "1603030050a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb60373163ba80c2a0d11368c3c5f535e67fbf79ddf29075db2fe85b83852a"
     "1a4b674fdf2684f14c3a8768c6cc2d96e0b4ea214b"},
    /* long padding (248) */
    {WARD_CBC_AES_128, WARD_HASH_SHA256, 1, 0x0, 22, 248,
     "1603030140a0a1a2a3a4a5a6a7a8a9aaabacadaeaf14a108322a88d5f41a0744"
     "b5eb6037310ab29d157c2eb1e79bb2b71e134795f56d2a33b03e0264779fcfc3"
     "23e7c16781db3ae74f7c5c19b05ba3de014b0e433a9a0cf82c0c822022217fc0"
     "d91eecee390d4e4f5a28e6bb95420534777e1d6e28e25f206d031f2efaa77ad2"
     "27f4c0c1ed20e3a17df58920baba2cba4604a49a5dd8c45498e2ab570edf74ce"
     "690bc23b74f529f31d4d7d1612057695093a89ba979dc23841b09013e641fd66"
     "febf273bd1d78cb3e19e54bb553c768bc3e896a111b124cc972c58508b4411ca"
     "7c10dcaa150f2ccbef4a08c49e8dd3002b217fe35fd4158d9a64e6869c66fce2"
     "001c43989cc8b5c97e3e23bc4bed5e6f917de277df9e2be52608b1544cb29b8a"
     "101d468f0840b8b5b2dadbf76a077331b7855052720ab85e0326d324eadaaa42"
     "fa01128fa2"},
    /* least padding (8) */
    {WARD_CBC_AES_256, WARD_HASH_SHA256, 0, 0xfffffffffffffffe, 23, 8,
     "1703030050a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaac6a6f70d73a482a4bb008e143083193f8105f4be376383f300e73f"
     "3f091ce09e7f870d1935ad34aa3681c83d649beb82"},
    /* long padding (248) */
    {WARD_CBC_AES_256, WARD_HASH_SHA256, 0, 0xfffffffffffffffe, 23, 248,
     "1703030140a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaac6a6f70d73a482a4bb008e143083193f8105f4be376383f300e73f"
     "3f091ce09ed6be1af1adc8d25ad400a54452aa796b7a15f9749f9c5e4bedd157"
     "6b1f42fe4889a42629de123d048c9e7fa7470fa3a8e56e5685d5843b6650bb8d"
     "6ea2e3f2c3eb3ad22001da8399f5bf84eb98829eee529166d7270f70d2b5753f"
     "35db366106a57d41bb1adf300bc8411ab800aea4f9bf68acf56f2360663df52c"
     "54bb80a41177dacc695c9a3852dd71a3bddd7d8994ec623efb17ebbf8e53a000"
     "89126b05db25c76e8f8209f115569cbb46201b664437fc8384fc675b55a3754d"
     "e3c4cead99803a1558cfd8558a75263fe2862744f65ab257587db53926beb31e"
     "96041bad3638566e42e243ef0b3feb7fcd56f2cb500cbe92857cda6076fee178"
     "a48612073f"},
    /* least padding (8) */
    {WARD_CBC_AES_256, WARD_HASH_SHA256, 1, 0x2, 21, 8,
     "1503030050a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaa43743b90c6be3be3404de50328eeadea04fa06d04762654b215938"
     "fc9e2a59f13deee53bb2dfea913812caa5695b2f08"},
    /* long padding (248) */
    {WARD_CBC_AES_256, WARD_HASH_SHA256, 1, 0x2, 21, 248,
     "1503030140a0a1a2a3a4a5a6a7a8a9aaabacadaeaf8e618a2a28055059e8b3e4"
     "eb7ceefdaa48b27096b752e4b3dd86a9814d9405d2e4ee2fa7c91eaa4e715536"
     "90b838d3c5045f38244533ef68d9691e061f8e63ddd5902c2ca66a82bc280b4b"
     "7f8e7169a37515062823bd3621fd040ea5d932e770ccff6b1697aaec665dcb32"
     "d97a10c8babf8c635f95371bbac7343359d2fdbdd30d3cb5039ff41b2eb20125"
     "a6fb82a8bb613949e77dd7ad27faba2442e2bc26feb3c61fd747d58123061327"
     "e6238ba208ea990cacd2d401ef662aa5790a0ddcff56ea56305de3b41b5ec0f3"
     "9c687d6117a602d7f1a38adbe4fe374ad7ab1e3e702bba6532eda348b77689da"
     "b81cc23120fb4c84f0fc58bf3c345b3aab8f5ba958b4a67fec9729533ad29027"
     "d668659bb90c6bc638dd7409d2b908e03c588a643c0bb6dcbeb1278e3352f2a6"
     "a6566fbd25"},
};

#define NVECTORS (sizeof vectors / sizeof vectors[0])

static void opens_independent_records(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVECTORS; i++) {
		const struct vector *v = &vectors[i];
		ward_buf b;
		test_unhex_buf(v->record, &b);
		ward_tls_record rec;
		assert_ok(
		    cbc_open_at(v->cbc, v->mac, v->etm, v->seq, &b, &rec));
		assert_int_equal(rec.type, v->type);
		assert_int_equal(rec.body_len, strlen(payload));
		assert_memory_equal(rec.body, payload, rec.body_len);
		/* the plaintext sits right after the explicit IV */
		assert_ptr_equal(rec.body, b.data + HDR + IV);

		/* the same record under the other mode does not open */
		ward_buf_free(&b);
		test_unhex_buf(v->record, &b);
		assert_bad_record_mac(
		    cbc_open_at(v->cbc, v->mac, !v->etm, v->seq, &b, &rec));
		/* nor under another sequence number */
		ward_buf_free(&b);
		test_unhex_buf(v->record, &b);
		assert_bad_record_mac(
		    cbc_open_at(v->cbc, v->mac, v->etm, v->seq ^ 2, &b, &rec));
		ward_buf_free(&b);
	}
}

static void seal_matches_independent_records(void **state)
{
	(void)state;
	size_t checked = 0;
	for (size_t i = 0; i < NVECTORS; i++) {
		const struct vector *v = &vectors[i];
		/* ward pads no more than it must */
		if (v->pad >= 16)
			continue;
		uint8_t iv[IV];
		cbc_range(iv, 0xa0, sizeof iv);
		ward_tls_prot wr;
		cbc_epoch(v->cbc, v->mac, v->etm, 1, &wr);
		wr.seq = v->seq;
		ward_buf out, want;
		ward_buf_init(&out);
		test_unhex_buf(v->record, &want);
		assert_ok(ward_tls12_cbc_record_seal_iv(
		    &wr, &out, v->type, (const uint8_t *)payload,
		    strlen(payload), iv));
		assert_int_equal(out.len, want.len);
		assert_bytes_equal(out.data, want.data, want.len);
		assert_int_equal(wr.seq, v->seq + 1);
		assert_true(out.len - strlen(payload) <=
			    WARD_TLS12_CBC_RECORD_OVERHEAD);
		ward_buf_free(&out);
		ward_buf_free(&want);
		ward_tls_prot_free(&wr);
		checked++;
	}
	assert_int_equal(checked, NVECTORS / 2);
}

static void record_limits(void **state)
{
	(void)state;
	ward_tls_prot rd;
	cbc_epoch(WARD_CBC_AES_128, WARD_HASH_SHA1, 0, 0, &rd);
	uint8_t hdr[HDR] = {WARD_TLS_CT_APPLICATION_DATA, 3, 3};
	ward_tls_record rec;
	ward_store_u16(hdr + 3, WARD_TLS12_MAX_CIPHERTEXT);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &rd, &rec),
		   WARD_ERR_WANT_INPUT);
	ward_store_u16(hdr + 3, WARD_TLS12_MAX_CIPHERTEXT + 1);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &rd, &rec),
		   WARD_ERR_RECORD_OVERFLOW);
	assert_int_equal(ward_tls_alert_for(WARD_ERR_RECORD_OVERFLOW), 22);
	ward_tls_prot_free(&rd);

	memset(cbc_content, 'x', sizeof cbc_content);
	for (size_t m = 0; m < 2; m++) {
		for (int etm = 0; etm < 2; etm++) {
			size_t macced = etm ? 0 : ward_hash_len(cbc_macs[m]);
			for (size_t len = WARD_TLS_MAX_PLAINTEXT;
			     len <= WARD_TLS_MAX_PLAINTEXT + 1; len++) {
				uint8_t pad[16];
				uint8_t p = (uint8_t)(-(len + macced + 1) % 16);
				cbc_padding_of(p, pad);
				ward_buf b;
				cbc_build(WARD_CBC_AES_256, cbc_macs[m], etm,
					  cbc_content, len, pad, (size_t)p + 1,
					  0, &b);
				ward_err err =
				    cbc_open_at(WARD_CBC_AES_256, cbc_macs[m],
						etm, 0, &b, &rec);
				if (len == WARD_TLS_MAX_PLAINTEXT) {
					assert_ok(err);
					assert_int_equal(rec.body_len, len);
				} else {
					assert_err(err,
						   WARD_ERR_RECORD_OVERFLOW);
				}
				ward_buf_free(&b);
			}
		}
	}

	/* sealing: 2^14 at most, and that fits the reader's limit */
	static uint8_t big[WARD_TLS_MAX_PLAINTEXT + 1];
	for (int etm = 0; etm < 2; etm++) {
		ward_tls_prot wr;
		cbc_epoch(WARD_CBC_AES_256, WARD_HASH_SHA256, etm, 1, &wr);
		ward_buf out;
		ward_buf_init(&out);
		assert_err(ward_tls_record_seal(&wr, &out,
						WARD_TLS_CT_APPLICATION_DATA,
						big, sizeof big, 0),
			   WARD_ERR_ARG);
		assert_int_equal(wr.seq, 0);
		assert_ok(ward_tls_record_seal(&wr, &out,
					       WARD_TLS_CT_APPLICATION_DATA,
					       big, sizeof big - 1, 0));
		assert_true(out.len - HDR <= WARD_TLS12_MAX_CIPHERTEXT);
		assert_true(out.len <= WARD_TLS12_CBC_RECORD_OVERHEAD +
					   WARD_TLS_MAX_PLAINTEXT);
		assert_ok(cbc_open_at(WARD_CBC_AES_256, WARD_HASH_SHA256, etm,
				      0, &out, &rec));
		assert_int_equal(rec.body_len, WARD_TLS_MAX_PLAINTEXT);
		ward_buf_free(&out);
		ward_tls_prot_free(&wr);
	}
}

/* ---- round trips, sequence numbers, keys ---- */

static void round_trip_in_order_only(void **state)
{
	(void)state;
	for (size_t c = 0; c < 2; c++) {
		for (size_t m = 0; m < 2; m++) {
			for (int etm = 0; etm < 2; etm++) {
				ward_tls_prot wr, rd;
				cbc_epoch(cbc_ciphers[c], cbc_macs[m], etm, 1,
					  &wr);
				cbc_epoch(cbc_ciphers[c], cbc_macs[m], etm, 0,
					  &rd);
				ward_buf out;
				ward_buf_init(&out);
				size_t at[5] = {0};
				for (size_t i = 0; i < 4; i++) {
					at[i] = out.len;
					/* an empty record too */
					assert_ok(ward_tls_record_seal(
					    &wr, &out, WARD_TLS_CT_HANDSHAKE,
					    (const uint8_t *)payload, i * 7,
					    0));
				}
				at[4] = out.len;
				assert_int_equal(wr.seq, 4);
				/* fresh IVs: equal records differ */
				ward_buf again;
				ward_buf_init(&again);
				wr.seq = 0;
				assert_ok(ward_tls_record_seal(
				    &wr, &again, WARD_TLS_CT_HANDSHAKE,
				    (const uint8_t *)payload, 0, 0));
				assert_int_equal(again.len, at[1]);
				assert_memory_not_equal(again.data + HDR,
							out.data + HDR, IV);

				/* record 1 first: its MAC says 1 */
				ward_tls_record rec;
				assert_ok(ward_tls_record_parse(
				    out.data + at[1], at[2] - at[1], &rd,
				    &rec));
				ward_buf one;
				ward_buf_init(&one);
				assert_ok(ward_put_bytes(&one, out.data + at[1],
							 at[2] - at[1]));
				cbc_parse_one(&one, &rd, &rec);
				assert_bad_record_mac(
				    ward_tls_record_open(&rd, &rec));
				assert_int_equal(rd.seq, 0);
				ward_buf_free(&one);

				for (size_t i = 0; i < 4; i++) {
					assert_ok(ward_tls_record_parse(
					    out.data + at[i], at[i + 1] - at[i],
					    &rd, &rec));
					assert_ok(
					    ward_tls_record_open(&rd, &rec));
					assert_int_equal(rec.type,
							 WARD_TLS_CT_HANDSHAKE);
					assert_int_equal(rec.body_len, i * 7);
					assert_memory_equal(rec.body, payload,
							    i * 7);
					assert_int_equal(rd.seq, i + 1);
				}
				ward_buf_free(&again);
				ward_buf_free(&out);
				ward_tls_prot_free(&wr);
				ward_tls_prot_free(&rd);
			}
		}
	}
}

static void wrong_keys_are_bad_record_mac(void **state)
{
	(void)state;
	uint8_t key[32], mac_key[32];
	for (int etm = 0; etm < 2; etm++) {
		for (int which = 0; which < 2; which++) {
			ward_buf b;
			cbc_build_padded(WARD_CBC_AES_128, WARD_HASH_SHA1, etm,
					 4, 9, &b);
			cbc_range(key, 0x00, sizeof key);
			cbc_range(mac_key, 0x40, sizeof mac_key);
			(which ? key : mac_key)[5] ^= 1;
			ward_tls_prot rd;
			assert_ok(ward_tls_prot_init_tls12_cbc(
			    &rd, WARD_CBC_AES_128, key, WARD_HASH_SHA1, mac_key,
			    etm, 0));
			ward_tls_record rec;
			cbc_parse_one(&b, &rd, &rec);
			assert_bad_record_mac(ward_tls_record_open(&rd, &rec));
			ward_tls_prot_free(&rd);
			ward_buf_free(&b);
		}
	}
}

/* RFC 5246 6.1: sequence numbers do not wrap. */
static void sequence_number_never_wraps(void **state)
{
	(void)state;
	for (int etm = 0; etm < 2; etm++) {
		ward_tls_prot wr, rd;
		cbc_epoch(WARD_CBC_AES_128, WARD_HASH_SHA256, etm, 1, &wr);
		cbc_epoch(WARD_CBC_AES_128, WARD_HASH_SHA256, etm, 0, &rd);
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
		cbc_parse_one(&out, &rd, &rec);
		assert_ok(ward_tls_record_open(&rd, &rec));
		assert_int_equal(rd.seq, UINT64_MAX);
		cbc_parse_one(&again, &rd, &rec);
		assert_err(ward_tls_record_open(&rd, &rec), WARD_ERR_STATE);
		ward_buf_free(&again);
		ward_buf_free(&out);
		ward_tls_prot_free(&wr);
		ward_tls_prot_free(&rd);
	}
}

/* What sealing adds to a payload, at most ward_tls_prot_overhead; the
 * most with a SHA-256 MAC and a full block of padding. */
static void overhead(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		for (int etm = 0; etm < 2; etm++) {
			ward_tls_prot wr;
			cbc_epoch(WARD_CBC_AES_128, cbc_macs[m], etm, 1, &wr);
			size_t most = 0;
			for (size_t len = 0; len < 100; len++) {
				ward_buf out;
				ward_buf_init(&out);
				assert_ok(ward_tls_record_seal(
				    &wr, &out, WARD_TLS_CT_APPLICATION_DATA,
				    cbc_content, len, 0));
				size_t added = out.len - len;
				assert_true(added <=
					    ward_tls_prot_overhead(&wr));
				most = added > most ? added : most;
				ward_buf_free(&out);
			}
			if (cbc_macs[m] == WARD_HASH_SHA256)
				assert_int_equal(most,
						 ward_tls_prot_overhead(&wr));
			ward_tls_prot_free(&wr);
		}
	}
	assert_int_equal(WARD_TLS12_CBC_RECORD_OVERHEAD, 5 + 16 + 32 + 16);
	ward_tls_prot p;
	ward_tls_prot_init_plain(&p);
	assert_int_equal(ward_tls_prot_overhead(&p), HDR);
}

static void init_and_free(void **state)
{
	(void)state;
	ward_tls_prot p;
	uint8_t key[32] = {0};
	assert_err(ward_tls_prot_init_tls12_cbc(&p, WARD_CBC_AES_128, key,
						WARD_HASH_SHA384, key, 0, 1),
		   WARD_ERR_ARG);
	assert_int_equal(p.kind, WARD_TLS_PROT_PLAINTEXT);
	assert_err(ward_tls_prot_init_tls12_cbc(&p, (ward_cbc_alg)7, key,
						WARD_HASH_SHA1, key, 0, 1),
		   WARD_ERR_ARG);
	assert_int_equal(p.kind, WARD_TLS_PROT_PLAINTEXT);
	assert_null(p.cbc.ctx);
	assert_int_equal(ward_cbc_key_len(WARD_CBC_AES_128), 16);
	assert_int_equal(ward_cbc_key_len(WARD_CBC_AES_256), 32);

	cbc_epoch(WARD_CBC_AES_256, WARD_HASH_SHA1, 1, 1, &p);
	assert_int_equal(p.etm, 1);
	ward_tls_prot_free(&p);
	assert_int_equal(p.kind, WARD_TLS_PROT_PLAINTEXT);
	assert_null(p.cbc.ctx);
	assert_null(p.mac.st);
	assert_int_equal(p.etm, 0);
	/* not a CBC epoch */
	ward_buf out;
	ward_buf_init(&out);
	assert_err(ward_tls12_cbc_record_seal_iv(&p, &out, 23, key, 1, key),
		   WARD_ERR_STATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(opens_openssl_records),
	    cmocka_unit_test(opens_independent_records),
	    cmocka_unit_test(seal_matches_independent_records),
	    cmocka_unit_test(record_limits),
	    cmocka_unit_test(round_trip_in_order_only),
	    cmocka_unit_test(wrong_keys_are_bad_record_mac),
	    cmocka_unit_test(sequence_number_never_wraps),
	    cmocka_unit_test(overhead),
	    cmocka_unit_test(init_and_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

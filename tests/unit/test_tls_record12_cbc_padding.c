/* tls/record12_cbc: the records a TLS 1.2 CBC epoch must refuse, and
 * the Lucky13 countermeasures of MAC-then-encrypt.
 *
 * Records built from the RFC with the crypto layer's one-shot HMAC
 * (hash.c, not the record MAC) and AES-CBC (tls12_cbc.h): every padding
 * length opens; every kind of bad padding, every flipped bit, every bad
 * length is bad_record_mac; and a count of the hash's compression-function
 * calls shows that opening a MAC-then-encrypt record costs the same
 * whatever its padding, good or bad, and whether its MAC is right.
 */
#include "test.h"

#include "tls/record.h"
#include "tls12_cbc.h"

static const char payload[] = "ward tls 1.2 cbc record";

/* Every legal padding length opens, in both modes. */
static void every_padding_length_opens(void **state)
{
	(void)state;
	cbc_range(cbc_content, 0x21, sizeof cbc_content);
	for (size_t c = 0; c < 2; c++) {
		for (size_t m = 0; m < 2; m++) {
			for (int etm = 0; etm < 2; etm++) {
				for (unsigned p = 0; p < 256; p++) {
					ward_buf b;
					cbc_build_padded(cbc_ciphers[c],
							 cbc_macs[m], etm, 20,
							 (uint8_t)p, &b);
					ward_tls_record rec;
					assert_ok(cbc_open_at(cbc_ciphers[c],
							      cbc_macs[m], etm,
							      0, &b, &rec));
					assert_int_equal(
					    rec.body_len,
					    cbc_content_len_for(cbc_macs[m],
								etm, 20, p));
					assert_memory_equal(rec.body,
							    cbc_content,
							    rec.body_len);
					ward_buf_free(&b);
				}
			}
		}
	}
}

/* RFC 5246 6.2.3.2: every padding byte must hold padding_length. A wrong
 * byte anywhere in it, a length byte pointing past the data, or a bad
 * MAC: all assert_bad_record_mac, in both modes. */
static void bad_padding_is_bad_record_mac(void **state)
{
	(void)state;
	cbc_range(cbc_content, 0x21, sizeof cbc_content);
	for (size_t m = 0; m < 2; m++) {
		for (int etm = 0; etm < 2; etm++) {
			ward_hash_alg mac = cbc_macs[m];
			uint8_t pad[256];
			ward_buf b;
			ward_tls_record rec;
			for (unsigned p = 0; p < 256; p += 17) {
				size_t len =
				    cbc_content_len_for(mac, etm, 20, p);
				/* each byte of the padding but the length */
				for (unsigned i = 0; i < p; i++) {
					cbc_padding_of((uint8_t)p, pad);
					pad[i] ^= 0x40;
					cbc_build(WARD_CBC_AES_128, mac, etm,
						  cbc_content, len, pad, p + 1,
						  0, &b);
					assert_bad_record_mac(
					    cbc_open_at(WARD_CBC_AES_128, mac,
							etm, 0, &b, &rec));
					ward_buf_free(&b);
				}
				/* the length byte: one more than there is
				 * padding of that value */
				if (p < 255) {
					cbc_padding_of((uint8_t)p, pad);
					pad[p] = (uint8_t)(p + 1);
					cbc_build(WARD_CBC_AES_128, mac, etm,
						  cbc_content, len, pad, p + 1,
						  0, &b);
					assert_bad_record_mac(
					    cbc_open_at(WARD_CBC_AES_128, mac,
							etm, 0, &b, &rec));
					ward_buf_free(&b);
				}
			}
			/* padding longer than the record: 255 in a record
			 * of three blocks */
			size_t len = cbc_content_len_for(mac, etm, 3, 0);
			pad[0] = 255;
			cbc_build(WARD_CBC_AES_128, mac, etm, cbc_content, len,
				  pad, 1, 0, &b);
			assert_bad_record_mac(cbc_open_at(WARD_CBC_AES_128, mac,
							  etm, 0, &b, &rec));
			for (size_t j = 0; j < rec.body_len; j++)
				assert_int_equal(rec.body[j], 0);
			ward_buf_free(&b);
			/* a length byte alone, that the bytes before it do
			 * not repeat: the MAC is where it would be were the
			 * byte 0, and still the record is refused */
			for (unsigned v = 1; v < 256; v++) {
				pad[0] = (uint8_t)v;
				cbc_build(WARD_CBC_AES_128, mac, etm,
					  cbc_content,
					  cbc_content_len_for(mac, etm, 20, 0),
					  pad, 1, 0, &b);
				assert_bad_record_mac(cbc_open_at(
				    WARD_CBC_AES_128, mac, etm, 0, &b, &rec));
				ward_buf_free(&b);
			}
			/* every byte of a wrong MAC */
			for (size_t i = 1; i <= ward_hash_len(mac); i++) {
				cbc_padding_of(5, pad);
				cbc_build(WARD_CBC_AES_256, mac, etm,
					  cbc_content,
					  cbc_content_len_for(mac, etm, 4, 5),
					  pad, 6, i, &b);
				assert_bad_record_mac(cbc_open_at(
				    WARD_CBC_AES_256, mac, etm, 0, &b, &rec));
				ward_buf_free(&b);
			}
		}
	}
}

/* Plaintext bytes all equal to v, encrypted as they are: a record whose
 * padding_length claims more than the record holds. */
static void build_uniform(int etm, ward_hash_alg mac, size_t n, uint8_t v,
			  ward_buf *out)
{
	uint8_t pad[512];
	memset(pad, v, n);
	if (etm) {
		cbc_build(WARD_CBC_AES_128, mac, 1, cbc_content, 0, pad, n, 0,
			  out);
		return;
	}
	uint8_t key[32], iv[IV];
	cbc_range(key, 0x00, sizeof key);
	cbc_range(iv, 0x10, sizeof iv);
	ward_buf_init(out);
	assert_ok(ward_put_bytes(out, (uint8_t[]){23, 3, 3, 0, 0}, HDR));
	ward_store_u16(out->data + 3, (uint16_t)(IV + n));
	assert_ok(ward_put_bytes(out, iv, IV));
	assert_ok(ward_put_bytes(out, pad, n));
	ward_cbc c;
	assert_ok(ward_cbc_init(&c, WARD_CBC_AES_128, key, 1));
	assert_ok(ward_cbc_crypt(&c, iv, out->data + HDR + IV, n,
				 out->data + HDR + IV));
	ward_cbc_free(&c);
}

/* Padding that would reach into the MAC (MAC-then-encrypt) or past the
 * start (encrypt-then-MAC), every byte of it well-formed: refused, with
 * the same error. */
static void padding_longer_than_the_record(void **state)
{
	(void)state;
	static const size_t sizes[] = {32, 48, 64, 256, 272};
	for (size_t m = 0; m < 2; m++) {
		size_t hl = ward_hash_len(cbc_macs[m]);
		for (int etm = 0; etm < 2; etm++) {
			for (size_t s = 0; s < 5; s++) {
				size_t n = sizes[s];
				size_t room = etm ? n : n - hl;
				for (size_t v = room; v < 256 && v < n + 2;
				     v++) {
					ward_buf b;
					build_uniform(etm, cbc_macs[m], n,
						      (uint8_t)v, &b);
					ward_tls_record rec;
					assert_bad_record_mac(cbc_open_at(
					    WARD_CBC_AES_128, cbc_macs[m], etm,
					    0, &b, &rec));
					ward_buf_free(&b);
				}
			}
		}
	}
}

/* Every bit of a record is covered: header (through the MAC), IV,
 * ciphertext, padding, MAC. */
static void any_flipped_bit_is_bad_record_mac(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		for (int etm = 0; etm < 2; etm++) {
			ward_tls_prot wr;
			cbc_epoch(WARD_CBC_AES_128, cbc_macs[m], etm, 1, &wr);
			ward_buf good;
			ward_buf_init(&good);
			assert_ok(ward_tls_record_seal(
			    &wr, &good, WARD_TLS_CT_APPLICATION_DATA,
			    (const uint8_t *)payload, strlen(payload), 0));
			ward_tls_prot_free(&wr);
			for (size_t i = 0; i < good.len * 8; i++) {
				size_t at = i / 8;
				/* the length is framing, the version's major
				 * byte is checked by parse, the type must
				 * stay known */
				if (at == 1 || at == 3 || at == 4 ||
				    (at == 0 && i % 8 != 1))
					continue;
				ward_buf b;
				ward_buf_init(&b);
				assert_ok(
				    ward_put_bytes(&b, good.data, good.len));
				b.data[at] ^= (uint8_t)(1u << (i % 8));
				ward_tls_record rec;
				assert_bad_record_mac(
				    cbc_open_at(WARD_CBC_AES_128, cbc_macs[m],
						etm, 0, &b, &rec));
				/* nothing unauthenticated is left to read */
				for (size_t j = 0; j < rec.body_len; j++)
					assert_int_equal(rec.body[j], 0);
				ward_buf_free(&b);
			}
			ward_buf_free(&good);
		}
	}
}

/* Lengths that are not whole blocks, or too short for IV, MAC and the
 * padding length byte: assert_bad_record_mac (RFC 5246 6.2.3.2, 7.2.2), from
 * the length alone. */
static void bad_lengths_are_bad_record_mac(void **state)
{
	(void)state;
	static uint8_t bytes[HDR + 400];
	for (size_t m = 0; m < 2; m++) {
		size_t hl = ward_hash_len(cbc_macs[m]);
		for (int etm = 0; etm < 2; etm++) {
			/* the shortest record that can be valid */
			size_t least =
			    etm ? IV + 16 + hl : IV + (hl + 1 + 15) / 16 * 16;
			for (size_t n = 0; n < 400; n++) {
				size_t data = etm ? n - hl : n;
				int whole = n >= IV + (etm ? hl : 0) &&
					    (data - IV) % 16 == 0;
				if (whole && n >= least)
					continue;
				ward_buf b;
				ward_buf_init(&b);
				memset(bytes, 0x5a, sizeof bytes);
				bytes[0] = WARD_TLS_CT_APPLICATION_DATA;
				bytes[1] = 3;
				bytes[2] = 3;
				ward_store_u16(bytes + 3, (uint16_t)n);
				assert_ok(ward_put_bytes(&b, bytes, HDR + n));
				ward_tls_record rec;
				assert_bad_record_mac(
				    cbc_open_at(WARD_CBC_AES_128, cbc_macs[m],
						etm, 0, &b, &rec));
				ward_buf_free(&b);
			}
		}
		/* a real record cut short by a block, or by one byte */
		for (int etm = 0; etm < 2; etm++) {
			ward_buf b;
			cbc_build_padded(WARD_CBC_AES_128, cbc_macs[m], etm, 4,
					 3, &b);
			for (size_t cut = 1; cut <= 16; cut += 15) {
				ward_buf t;
				ward_buf_init(&t);
				assert_ok(
				    ward_put_bytes(&t, b.data, b.len - cut));
				ward_store_u16(t.data + 3,
					       (uint16_t)(t.len - HDR));
				ward_tls_record rec;
				assert_bad_record_mac(
				    cbc_open_at(WARD_CBC_AES_128, cbc_macs[m],
						etm, 0, &t, &rec));
				ward_buf_free(&t);
			}
			ward_buf_free(&b);
		}
	}
}

/* RFC 5246 6.2.3: TLSCiphertext.length at most 2^14 + 2048, refused from
 * the header; RFC 5246 6.2.1: an authentic plaintext of 2^14 bytes is
 * legal, one more is record_overflow. */
/* ---- the work of opening MAC-then-encrypt does not show the padding ---- */

/* Open records of `blocks` blocks with every padding length, good and
 * bad, and bad MACs: the hash's compression-function calls are the same
 * for all. */
static void mac_work_independent_of_padding(void **state)
{
	(void)state;
	cbc_range(cbc_content, 0x21, sizeof cbc_content);
	static const size_t sizes[] = {3, 4, 20, 1024};
	for (size_t m = 0; m < 2; m++) {
		ward_hash_alg mac = cbc_macs[m];
		size_t hl = ward_hash_len(mac);
		for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
			size_t blocks = sizes[s];
			uint64_t want = 0;
			size_t seen = 0;
			for (unsigned p = 0; p < 256; p++) {
				if (p + 1 + hl > blocks * 16)
					break;
				size_t len =
				    cbc_content_len_for(mac, 0, blocks, p);
				for (int kind = 0; kind < 3; kind++) {
					uint8_t pad[256];
					cbc_padding_of((uint8_t)p, pad);
					/* 1: a bad padding byte (or a
					 * length too long for the record);
					 * 2: a bad MAC */
					if (kind == 1)
						pad[p / 2] ^= p ? 1 : 0xff;
					ward_buf b;
					cbc_build(WARD_CBC_AES_128, mac, 0,
						  cbc_content, len, pad, p + 1,
						  kind == 2 ? 1 : 0, &b);
					ward_tls_prot rd;
					cbc_epoch(WARD_CBC_AES_128, mac, 0, 0,
						  &rd);
					ward_tls_record rec;
					cbc_parse_one(&b, &rd, &rec);
					ward_err err =
					    ward_tls_record_open(&rd, &rec);
					if (kind == 0)
						assert_ok(err);
					else
						assert_bad_record_mac(err);
					if (seen++ == 0)
						want = rd.mac.blocks;
					assert_int_equal(rd.mac.blocks, want);
					ward_tls_prot_free(&rd);
					ward_buf_free(&b);
				}
			}
			assert_true(seen >= 3);
			/* the hash alone would have differed */
			ward_rmac raw;
			uint8_t key[32] = {0}, out[32];
			assert_ok(ward_rmac_init(&raw, mac, key, hl));
			uint64_t before = raw.blocks;
			assert_ok(ward_rmac_compute(&raw, key, 13, cbc_content,
						    blocks * 16 - hl - 1, out));
			uint64_t longest = raw.blocks - before;
			before = raw.blocks;
			size_t shortest =
			    blocks * 16 > hl + 256 ? blocks * 16 - hl - 256 : 0;
			assert_ok(ward_rmac_compute(&raw, key, 13, cbc_content,
						    shortest, out));
			if (blocks > 4)
				assert_true(raw.blocks - before < longest);
			ward_rmac_free(&raw);
		}
	}
}

/* The record MAC is HMAC: against the one-shot HMAC of the crypto layer,
 * for lengths around each block boundary, and for every length the
 * padding allows below each longest one. */
static void record_mac_is_hmac(void **state)
{
	(void)state;
	static const size_t longest[] = {0,   1,  42,  43,  50,	 51,  106,
					 107, 64, 255, 256, 300, 1000};
	cbc_range(cbc_content, 0x21, sizeof cbc_content);
	for (size_t m = 0; m < 2; m++) {
		ward_rmac r;
		uint8_t key[32], got[32], want[32];
		static uint8_t joined[13 + 1000];
		size_t hl = ward_hash_len(cbc_macs[m]);
		cbc_range(key, 0x90, sizeof key);
		assert_ok(ward_rmac_init(&r, cbc_macs[m], key, hl));
		assert_int_equal(ward_rmac_len(&r), hl);
		memcpy(joined, "0123456789abc", 13);
		memcpy(joined + 13, cbc_content, 1000);
		for (size_t k = 0; k < sizeof longest / sizeof *longest; k++) {
			size_t max = longest[k];
			size_t least =
			    max > WARD_RMAC_SPREAD ? max - WARD_RMAC_SPREAD : 0;
			for (size_t n = least; n <= max; n++) {
				assert_ok(ward_hmac(cbc_macs[m], key, hl,
						    joined, 13 + n, want));
				assert_ok(ward_rmac_compute(
				    &r, joined, 13, cbc_content, n, got));
				assert_bytes_equal(got, want, hl);
				memset(got, 0, sizeof got);
				assert_ok(ward_rmac_compute_padded(
				    &r, joined, 13, cbc_content, n, max, got));
				assert_bytes_equal(got, want, hl);
			}
		}
		/* a header longer than a block */
		assert_ok(
		    ward_hmac(cbc_macs[m], key, hl, joined, 13 + 300, want));
		assert_ok(ward_rmac_compute_padded(
		    &r, joined, 100, joined + 100, 213, 300, got));
		assert_bytes_equal(got, want, hl);
		assert_err(ward_rmac_compute_padded(&r, joined, 13, cbc_content,
						    5, 4, got),
			   WARD_ERR_ARG);
		assert_err(ward_rmac_compute_padded(&r, joined, 13, cbc_content,
						    0, WARD_RMAC_SPREAD + 1,
						    got),
			   WARD_ERR_ARG);
		ward_rmac_free(&r);
		assert_null(r.st);
	}
	ward_rmac r;
	uint8_t key[65] = {0};
	assert_err(ward_rmac_init(&r, WARD_HASH_SHA384, key, 48), WARD_ERR_ARG);
	assert_err(ward_rmac_init(&r, WARD_HASH_SHA1, key, 65), WARD_ERR_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_padding_length_opens),
	    cmocka_unit_test(bad_padding_is_bad_record_mac),
	    cmocka_unit_test(padding_longer_than_the_record),
	    cmocka_unit_test(any_flipped_bit_is_bad_record_mac),
	    cmocka_unit_test(bad_lengths_are_bad_record_mac),
	    cmocka_unit_test(mac_work_independent_of_padding),
	    cmocka_unit_test(record_mac_is_hmac),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

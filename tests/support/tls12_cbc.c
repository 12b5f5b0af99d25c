/* TLS 1.2 CBC records for the record layer's tests: epochs keyed like
 * the vectors of tests/data/gen-tls12-cbc-vectors.py, and records built
 * from RFC 5246 6.2.3.2 / RFC 7366 3 with the crypto layer's one-shot HMAC
 * (hash.c) and AES-CBC, with any padding, good or bad. */
#include "tls12_cbc.h"

#include "test.h"

#include "tls/tls.h"

void cbc_range(uint8_t *out, unsigned from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(from + i);
}

/* The keys of the vectors: cipher key from 0x00, MAC key from 0x40. */
void cbc_epoch(ward_cbc_alg cbc, ward_hash_alg mac, int etm, int encrypt,
	       ward_tls_prot *p)
{
	uint8_t key[32], mac_key[32];
	cbc_range(key, 0x00, sizeof key);
	cbc_range(mac_key, 0x40, sizeof mac_key);
	assert_ok(ward_tls_prot_init_tls12_cbc(p, cbc, key, mac, mac_key, etm,
					       encrypt));
	assert_int_equal(p->kind, WARD_TLS_PROT_TLS12_CBC);
}

void cbc_parse_one(ward_buf *b, const ward_tls_prot *p, ward_tls_record *rec)
{
	assert_ok(ward_tls_record_parse(b->data, b->len, p, rec));
	assert_int_equal(rec->total_len, b->len);
}

/* Open b (one record) under a fresh reader at seq; the error. */
ward_err cbc_open_at(ward_cbc_alg cbc, ward_hash_alg mac, int etm, uint64_t seq,
		     ward_buf *b, ward_tls_record *rec)
{
	ward_tls_prot rd;
	cbc_epoch(cbc, mac, etm, 0, &rd);
	rd.seq = seq;
	cbc_parse_one(b, &rd, rec);
	ward_err err = ward_tls_record_open(&rd, rec);
	/* it advances for every record that authenticated */
	int authentic = err == WARD_OK || err == WARD_ERR_RECORD_OVERFLOW;
	assert_int_equal(rd.seq, authentic ? seq + 1 : seq);
	ward_tls_prot_free(&rd);
	return err;
}

void assert_bad_record_mac(ward_err err)
{
	assert_err(err, WARD_ERR_BAD_RECORD_MAC);
	/* RFC 5246 7.2.2: alert 20 */
	assert_int_equal(ward_tls_alert_for(err), 20);
}

const ward_cbc_alg cbc_ciphers[2] = {WARD_CBC_AES_128, WARD_CBC_AES_256};
const ward_hash_alg cbc_macs[2] = {WARD_HASH_SHA1, WARD_HASH_SHA256};

/* One record at sequence number 0 by RFC 5246 6.2.3.2 / RFC 7366 3, with
 * the crypto layer's one-shot HMAC: data, then `padding` as given (its
 * last byte is the padding_length byte; it must end on a block), its MAC
 * flipped in bit 0 of byte flip_mac - 1 when flip_mac > 0. */
void cbc_build(ward_cbc_alg cbc, ward_hash_alg mac, int etm,
	       const uint8_t *data, size_t len, const uint8_t *padding,
	       size_t pad_total, size_t flip_mac, ward_buf *out)
{
	uint8_t key[32], mac_key[32], iv[IV], hdr[13] = {0}, tag[32];
	size_t hl = ward_hash_len(mac);
	cbc_range(key, 0x00, sizeof key);
	cbc_range(mac_key, 0x40, sizeof mac_key);
	cbc_range(iv, 0x10, sizeof iv);
	hdr[8] = WARD_TLS_CT_APPLICATION_DATA;
	hdr[9] = 3;
	hdr[10] = 3;
	ward_buf m; /* what the MAC covers */
	ward_buf_init(&m);
	ward_buf_init(out);
	assert_ok(ward_put_bytes(out, (uint8_t[]){23, 3, 3, 0, 0}, HDR));
	assert_ok(ward_put_bytes(out, iv, IV));
	assert_ok(ward_put_bytes(out, data, len));
	if (!etm) {
		ward_store_u16(hdr + 11, (uint16_t)len);
		assert_ok(ward_put_bytes(&m, hdr, sizeof hdr));
		assert_ok(ward_put_bytes(&m, data, len));
		assert_ok(ward_hmac(mac, mac_key, hl, m.data, m.len, tag));
		if (flip_mac)
			tag[flip_mac - 1] ^= 1;
		assert_ok(ward_put_bytes(out, tag, hl));
	}
	assert_ok(ward_put_bytes(out, padding, pad_total));
	size_t n = out->len - HDR - IV;
	assert_int_equal(n % 16, 0);
	ward_cbc c;
	assert_ok(ward_cbc_init(&c, cbc, key, 1));
	assert_ok(ward_cbc_crypt(&c, iv, out->data + HDR + IV, n,
				 out->data + HDR + IV));
	ward_cbc_free(&c);
	if (etm) {
		ward_store_u16(hdr + 11, (uint16_t)(IV + n));
		assert_ok(ward_put_bytes(&m, hdr, sizeof hdr));
		assert_ok(ward_put_bytes(&m, out->data + HDR, IV + n));
		assert_ok(ward_hmac(mac, mac_key, hl, m.data, m.len, tag));
		if (flip_mac)
			tag[flip_mac - 1] ^= 1;
		assert_ok(ward_put_bytes(out, tag, hl));
	}
	ward_store_u16(out->data + 3, (uint16_t)(out->len - HDR));
	ward_buf_free(&m);
}

/* Valid padding of padding_length p. */
void cbc_padding_of(uint8_t p, uint8_t *pad)
{
	memset(pad, p, (size_t)p + 1);
}

/* The length of content that makes content + MAC + padding (p + 1) whole
 * blocks. */
size_t cbc_content_len_for(ward_hash_alg mac, int etm, size_t blocks, size_t p)
{
	size_t macced = etm ? 0 : ward_hash_len(mac);
	return blocks * 16 - macced - p - 1;
}

uint8_t cbc_content[CBC_CONTENT_MAX];

void cbc_build_padded(ward_cbc_alg cbc, ward_hash_alg mac, int etm,
		      size_t blocks, uint8_t p, ward_buf *out)
{
	uint8_t pad[256];
	cbc_padding_of(p, pad);
	cbc_build(cbc, mac, etm, cbc_content,
		  cbc_content_len_for(mac, etm, blocks, p), pad, (size_t)p + 1,
		  0, out);
}

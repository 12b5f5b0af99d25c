/* TLS 1.2 CBC records for the record layer's tests: epochs keyed like
 * the vectors of tests/data/gen-tls12-cbc-vectors.py, and records built
 * from RFC 5246 6.2.3.2 / RFC 7366 3 with the crypto layer's one-shot HMAC
 * (hash.c) and AES-CBC, with any padding, good or bad. */
#ifndef WARD_TEST_TLS12_CBC_H
#define WARD_TEST_TLS12_CBC_H

#include <stddef.h>
#include <stdint.h>

#include "tls/record.h"

#define HDR WARD_TLS_RECORD_HEADER_LEN
#define IV WARD_CBC_BLOCK_LEN
#define CBC_CONTENT_MAX 20000

extern const ward_cbc_alg cbc_ciphers[2];
extern const ward_hash_alg cbc_macs[2];
/* Content for records; each test fills it as it needs. */
extern uint8_t cbc_content[CBC_CONTENT_MAX];

/* out[i] = from + i */
void cbc_range(uint8_t *out, unsigned from, size_t n);
/* An epoch with the vectors' keys: cipher key from 0x00, MAC key from
 * 0x40. */
void cbc_epoch(ward_cbc_alg cbc, ward_hash_alg mac, int etm, int encrypt,
	       ward_tls_prot *p);
/* Frame b, which must hold exactly one record. */
void cbc_parse_one(ward_buf *b, const ward_tls_prot *p, ward_tls_record *rec);
/* Open b under a fresh reader at seq; checks that seq advanced only if
 * the record authenticated; the error. */
ward_err cbc_open_at(ward_cbc_alg cbc, ward_hash_alg mac, int etm, uint64_t seq,
		     ward_buf *b, ward_tls_record *rec);
/* err is bad_record_mac, alert 20 on the wire. */
void assert_bad_record_mac(ward_err err);
/* One application_data record at sequence number 0 holding data, then
 * padding[0..pad_total) as given (its last byte the padding_length byte;
 * MAC-then-encrypt: the MAC between them), which must end on a block; the
 * MAC flipped in bit 0 of byte flip_mac - 1 when flip_mac > 0. */
void cbc_build(ward_cbc_alg cbc, ward_hash_alg mac, int etm,
	       const uint8_t *data, size_t len, const uint8_t *padding,
	       size_t pad_total, size_t flip_mac, ward_buf *out);
/* Valid padding of padding_length p (p + 1 bytes). */
void cbc_padding_of(uint8_t p, uint8_t *pad);
/* The length of content that makes content, MAC (MAC-then-encrypt) and
 * p + 1 bytes of padding `blocks` blocks. */
size_t cbc_content_len_for(ward_hash_alg mac, int etm, size_t blocks, size_t p);
/* A record of `blocks` blocks of cbc_content with valid padding of
 * padding_length p. */
void cbc_build_padded(ward_cbc_alg cbc, ward_hash_alg mac, int etm,
		      size_t blocks, uint8_t p, ward_buf *out);

#endif

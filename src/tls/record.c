/* The TLS record layer: framing (RFC 8446 5.1) and TLS 1.3 record
 * protection (RFC 8446 5.2-5.4); TLS 1.2 protection is in record12.c
 * (AEAD) and record12_cbc.c (CBC). */
#include "tls/record.h"

#include <string.h>

/* The outer header of every protected TLS 1.3 record (RFC 8446 5.2). */
#define TLS13_OUTER_TYPE WARD_TLS_CT_APPLICATION_DATA
#define TLS13_OUTER_VERSION 0x0303

/* The types of TLS 1.3 (RFC 8446 B.1), and heartbeat, which only TLS 1.2
 * knows (RFC 6520 3): an outer type; the engine refuses it elsewhere. */
static int known_type(uint8_t type)
{
	return type >= WARD_TLS_CT_CHANGE_CIPHER_SPEC &&
	       type <= WARD_TLS_CT_HEARTBEAT;
}

static void put_header(uint8_t *at, uint8_t type, uint16_t version, size_t len)
{
	at[0] = type;
	ward_store_u16(at + 1, version);
	ward_store_u16(at + 3, (uint16_t)len);
}

/* The per-record nonce: the 64-bit sequence number, left-padded to the IV's
 * length, XORed with the IV (RFC 8446 5.3). */
static void make_nonce(const ward_tls_prot *p, uint8_t *nonce)
{
	uint8_t seq[8];
	ward_store_u64(seq, p->seq);
	memcpy(nonce, p->iv, WARD_AEAD_NONCE_LEN);
	for (size_t i = 0; i < sizeof seq; i++)
		nonce[WARD_AEAD_NONCE_LEN - sizeof seq + i] ^= seq[i];
}

void ward_tls_prot_init_plain(ward_tls_prot *p)
{
	memset(p, 0, sizeof *p);
	p->kind = WARD_TLS_PROT_PLAINTEXT;
	p->plain_version = 0x0303;
}

ward_err ward_tls_prot_init_tls13(ward_tls_prot *p, ward_aead_alg alg,
				  const uint8_t *key, const uint8_t *iv,
				  int encrypt)
{
	ward_tls_prot_init_plain(p);
	WARD_TRY(ward_aead_init(&p->aead, alg, key, encrypt));
	memcpy(p->iv, iv, WARD_AEAD_NONCE_LEN);
	p->kind = WARD_TLS_PROT_TLS13_AEAD;
	return WARD_OK;
}

void ward_tls_prot_free(ward_tls_prot *p)
{
	if (p->aead.ctx != NULL)
		ward_aead_free(&p->aead);
	if (p->cbc.ctx != NULL)
		ward_cbc_free(&p->cbc);
	if (p->mac.st != NULL)
		ward_rmac_free(&p->mac);
	ward_wipe(p, sizeof *p);
	ward_tls_prot_init_plain(p);
}

size_t ward_tls_prot_overhead(const ward_tls_prot *p)
{
	switch (p->kind) {
	case WARD_TLS_PROT_PLAINTEXT:
		return WARD_TLS_RECORD_HEADER_LEN;
	case WARD_TLS_PROT_TLS13_AEAD:
		return WARD_TLS13_RECORD_OVERHEAD;
	case WARD_TLS_PROT_TLS12_AEAD:
		return WARD_TLS12_RECORD_OVERHEAD;
	case WARD_TLS_PROT_TLS12_CBC:
		return WARD_TLS12_CBC_RECORD_OVERHEAD;
	}
	return WARD_TLS12_CBC_RECORD_OVERHEAD;
}

ward_err ward_tls_record_parse(uint8_t *in, size_t len, const ward_tls_prot *p,
			       ward_tls_record *rec)
{
	ward_reader r = ward_reader_make(in, len);
	uint8_t type;
	uint16_t version, frag_len;
	WARD_ENSURE(len >= WARD_TLS_RECORD_HEADER_LEN, WARD_ERR_WANT_INPUT);
	WARD_TRY(ward_read_u8(&r, &type));
	WARD_TRY(ward_read_u16(&r, &version));
	WARD_TRY(ward_read_u16(&r, &frag_len));
	/* RFC 8446 5: an unknown record type is unexpected_message. */
	WARD_ENSURE(known_type(type), WARD_ERR_UNEXPECTED_MESSAGE);
	WARD_ENSURE((version >> 8) == 3, WARD_ERR_DECODE);
	/* RFC 8446 5.1, 5.2, RFC 5246 6.2.1, 6.2.3: refuse an oversized record
	 * from its header, so that a peer cannot make us buffer more than one
	 * record's worth. */
	size_t max = p->kind == WARD_TLS_PROT_PLAINTEXT ? WARD_TLS_MAX_PLAINTEXT
		     : p->kind == WARD_TLS_PROT_TLS12_AEAD ||
			     p->kind == WARD_TLS_PROT_TLS12_CBC
			 ? WARD_TLS12_MAX_CIPHERTEXT
			 : WARD_TLS13_MAX_CIPHERTEXT;
	WARD_ENSURE(frag_len <= max, WARD_ERR_RECORD_OVERFLOW);
	WARD_ENSURE(ward_reader_left(&r) >= frag_len, WARD_ERR_WANT_INPUT);

	rec->type = type;
	rec->version = version;
	rec->body = in + r.off;
	rec->body_len = frag_len;
	rec->total_len = r.off + frag_len;
	return WARD_OK;
}

ward_err ward_tls_record_open(ward_tls_prot *p, ward_tls_record *rec)
{
	if (p->kind == WARD_TLS_PROT_PLAINTEXT)
		return WARD_OK;
	if (p->kind == WARD_TLS_PROT_TLS12_AEAD)
		return ward_tls12_record_open(p, rec);
	if (p->kind == WARD_TLS_PROT_TLS12_CBC)
		return ward_tls12_cbc_record_open(p, rec);

	/* The engine deals with change_cipher_spec before calling us; any
	 * other outer type is not a protected record (RFC 8446 5, 5.2). */
	WARD_ENSURE(rec->type == TLS13_OUTER_TYPE, WARD_ERR_UNEXPECTED_MESSAGE);
	/* Room for the tag and the inner content type at least. */
	WARD_ENSURE(rec->body_len >= WARD_AEAD_TAG_LEN + 1,
		    WARD_ERR_BAD_RECORD_MAC);
	/* RFC 8446 5.3: never let the sequence number wrap. */
	WARD_ENSURE(p->seq != UINT64_MAX, WARD_ERR_STATE);

	/* additional_data is the record header as received (RFC 8446 5.2). */
	uint8_t aad[WARD_TLS_RECORD_HEADER_LEN];
	uint8_t nonce[WARD_AEAD_NONCE_LEN];
	put_header(aad, rec->type, rec->version, rec->body_len);
	make_nonce(p, nonce);
	ward_err err = ward_aead_open(&p->aead, nonce, aad, sizeof aad,
				      rec->body, rec->body_len, rec->body);
	if (err != WARD_OK) {
		/* Release no unauthenticated plaintext. */
		ward_wipe(rec->body, rec->body_len);
		return err;
	}
	p->seq++;

	/* RFC 8446 5.4: the whole TLSInnerPlaintext, padding included, is at
	 * most 2^14 + 1 bytes. */
	size_t n = rec->body_len - WARD_AEAD_TAG_LEN;
	WARD_ENSURE(n <= WARD_TLS_MAX_PLAINTEXT + 1, WARD_ERR_RECORD_OVERFLOW);
	/* The content type is the last non-zero byte; no such byte is
	 * unexpected_message (RFC 8446 5.4). */
	while (n > 0 && rec->body[n - 1] == 0)
		n--;
	WARD_ENSURE(n > 0, WARD_ERR_UNEXPECTED_MESSAGE);
	uint8_t type = rec->body[n - 1];
	/* A protected change_cipher_spec, or an unknown type, is
	 * unexpected_message (RFC 8446 5). */
	WARD_ENSURE(known_type(type) && type != WARD_TLS_CT_CHANGE_CIPHER_SPEC &&
			type != WARD_TLS_CT_HEARTBEAT,
		    WARD_ERR_UNEXPECTED_MESSAGE);
	rec->type = type;
	rec->body_len = n - 1;
	return WARD_OK;
}

ward_err ward_tls_record_seal(ward_tls_prot *p, ward_buf *out, uint8_t type,
			      const uint8_t *payload, size_t len, size_t pad)
{
	WARD_ENSURE(known_type(type), WARD_ERR_ARG);
	WARD_ENSURE(len <= WARD_TLS_MAX_PLAINTEXT, WARD_ERR_ARG);

	if (p->kind == WARD_TLS_PROT_PLAINTEXT) {
		WARD_TRY(
		    ward_buf_reserve(out, WARD_TLS_RECORD_HEADER_LEN + len));
		uint8_t *at = out->data + out->len;
		put_header(at, type, p->plain_version, len);
		if (len > 0)
			memcpy(at + WARD_TLS_RECORD_HEADER_LEN, payload, len);
		out->len += WARD_TLS_RECORD_HEADER_LEN + len;
		return WARD_OK;
	}
	if (p->kind == WARD_TLS_PROT_TLS12_AEAD)
		return ward_tls12_record_seal(p, out, type, payload, len);
	if (p->kind == WARD_TLS_PROT_TLS12_CBC)
		return ward_tls12_cbc_record_seal(p, out, type, payload, len);

	/* RFC 8446 5.4: content, type and padding within 2^14 + 1 bytes. */
	WARD_ENSURE(pad <= WARD_TLS_MAX_PLAINTEXT - len, WARD_ERR_ARG);
	/* RFC 8446 5.3: a wrapped sequence number would reuse a nonce. */
	WARD_ENSURE(p->seq != UINT64_MAX, WARD_ERR_STATE);

	size_t inner_len = len + 1 + pad;
	size_t ct_len = inner_len + WARD_AEAD_TAG_LEN;
	WARD_TRY(ward_buf_reserve(out, WARD_TLS_RECORD_HEADER_LEN + ct_len));

	/* Header, then TLSInnerPlaintext, encrypted in place behind it. */
	uint8_t *hdr = out->data + out->len;
	uint8_t *body = hdr + WARD_TLS_RECORD_HEADER_LEN;
	uint8_t nonce[WARD_AEAD_NONCE_LEN];
	put_header(hdr, TLS13_OUTER_TYPE, TLS13_OUTER_VERSION, ct_len);
	if (len > 0)
		memcpy(body, payload, len);
	body[len] = type;
	memset(body + len + 1, 0, pad);
	make_nonce(p, nonce);
	ward_err err =
	    ward_aead_seal(&p->aead, nonce, hdr, WARD_TLS_RECORD_HEADER_LEN,
			   body, inner_len, body);
	if (err != WARD_OK) {
		/* Leave no plaintext behind in the spare capacity. */
		ward_wipe(body, inner_len);
		return err;
	}
	out->len += WARD_TLS_RECORD_HEADER_LEN + ct_len;
	p->seq++;
	return WARD_OK;
}

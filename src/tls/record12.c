/* TLS 1.2 AEAD record protection: AES-GCM (RFC 5288) and ChaCha20-Poly1305
 * (RFC 7905), with the additional data of RFC 5246 6.2.3.3.
 *
 * Keyed once per epoch like the TLS 1.3 object; each record only builds its
 * nonce and the 13 bytes of additional data on the stack. AES-GCM records
 * carry an explicit 8-byte nonce: ward sends the sequence number there
 * (RFC 5288 3 allows it and it can never repeat under one key) and reads
 * whatever the peer sent.
 */
#include "tls/record.h"

#include <string.h>

#define TLS12_VERSION 0x0303
#define AAD_LEN 13 /* seq_num(8) + type(1) + version(2) + length(2) */

static int explicit_nonce(const ward_tls_prot *p)
{
	return p->aead.alg != WARD_AEAD_CHACHA20_POLY1305;
}

size_t ward_tls12_aead_fixed_iv_len(ward_aead_alg alg)
{
	switch (alg) {
	case WARD_AEAD_AES_128_GCM:
	case WARD_AEAD_AES_256_GCM:
		return 4;
	case WARD_AEAD_CHACHA20_POLY1305:
		return WARD_AEAD_NONCE_LEN;
	}
	return 0;
}

ward_err ward_tls_prot_init_tls12_aead(ward_tls_prot *p, ward_aead_alg alg,
				       const uint8_t *key, const uint8_t *iv,
				       int encrypt)
{
	size_t iv_len = ward_tls12_aead_fixed_iv_len(alg);
	ward_tls_prot_init_plain(p);
	WARD_ENSURE(iv_len != 0, WARD_ERR_ARG);
	WARD_TRY(ward_aead_init(&p->aead, alg, key, encrypt));
	memcpy(p->iv, iv, iv_len);
	p->kind = WARD_TLS_PROT_TLS12_AEAD;
	return WARD_OK;
}

/* AES-GCM: salt || nonce_explicit (RFC 5288 3). ChaCha20-Poly1305: the IV
 * XOR the sequence number, left-padded with zeros (RFC 7905 2). */
static void make_nonce(const ward_tls_prot *p, const uint8_t *explicit_part,
		       uint8_t *nonce)
{
	if (explicit_nonce(p)) {
		memcpy(nonce, p->iv, 4);
		memcpy(nonce + 4, explicit_part, WARD_TLS12_GCM_EXPLICIT_LEN);
		return;
	}
	uint8_t seq[8];
	ward_store_u64(seq, p->seq);
	memcpy(nonce, p->iv, WARD_AEAD_NONCE_LEN);
	for (size_t i = 0; i < sizeof seq; i++)
		nonce[WARD_AEAD_NONCE_LEN - sizeof seq + i] ^= seq[i];
}

/* RFC 5246 6.2.3.3: seq_num + TLSCompressed.type + .version + .length, the
 * length being that of the plaintext. */
static void make_aad(const ward_tls_prot *p, uint8_t type, uint16_t version,
		     size_t len, uint8_t *aad)
{
	ward_store_u64(aad, p->seq);
	aad[8] = type;
	ward_store_u16(aad + 9, version);
	ward_store_u16(aad + 11, (uint16_t)len);
}

ward_err ward_tls12_record_open(ward_tls_prot *p, ward_tls_record *rec)
{
	size_t ex = explicit_nonce(p) ? WARD_TLS12_GCM_EXPLICIT_LEN : 0;
	/* Room for the explicit nonce and the tag at least. */
	WARD_ENSURE(rec->body_len >= ex + WARD_AEAD_TAG_LEN,
		    WARD_ERR_BAD_RECORD_MAC);
	/* RFC 5246 6.1: the sequence number must not wrap. */
	WARD_ENSURE(p->seq != UINT64_MAX, WARD_ERR_STATE);

	ward_reader r = ward_reader_make(rec->body, rec->body_len);
	const uint8_t *explicit_part;
	WARD_TRY(ward_read_bytes(&r, ex, &explicit_part));
	size_t n = ward_reader_left(&r) - WARD_AEAD_TAG_LEN;
	uint8_t aad[AAD_LEN], nonce[WARD_AEAD_NONCE_LEN];
	/* The version is the one received: if the peer's differs, the
	 * record does not authenticate. */
	make_aad(p, rec->type, rec->version, n, aad);
	make_nonce(p, explicit_part, nonce);
	/* In place behind the explicit nonce: libcrypto refuses partially
	 * overlapping buffers, so the plaintext is not moved forward. */
	uint8_t *ct = rec->body + r.off;
	ward_err err = ward_aead_open(&p->aead, nonce, aad, sizeof aad, ct,
				      rec->body_len - ex, ct);
	if (err != WARD_OK) {
		/* Release no unauthenticated plaintext. */
		ward_wipe(rec->body, rec->body_len);
		return err;
	}
	p->seq++;
	/* RFC 5246 6.2.1: a plaintext fragment is at most 2^14 bytes. */
	WARD_ENSURE(n <= WARD_TLS_MAX_PLAINTEXT, WARD_ERR_RECORD_OVERFLOW);
	rec->body = ct;
	rec->body_len = n;
	return WARD_OK;
}

ward_err ward_tls12_record_seal(ward_tls_prot *p, ward_buf *out, uint8_t type,
				const uint8_t *payload, size_t len)
{
	/* RFC 5246 6.1: a wrapped sequence number would reuse a nonce. */
	WARD_ENSURE(p->seq != UINT64_MAX, WARD_ERR_STATE);
	size_t ex = explicit_nonce(p) ? WARD_TLS12_GCM_EXPLICIT_LEN : 0;
	size_t ct_len = ex + len + WARD_AEAD_TAG_LEN;
	WARD_TRY(ward_buf_reserve(out, WARD_TLS_RECORD_HEADER_LEN + ct_len));

	uint8_t *hdr = out->data + out->len;
	uint8_t *body = hdr + WARD_TLS_RECORD_HEADER_LEN;
	uint8_t aad[AAD_LEN], nonce[WARD_AEAD_NONCE_LEN];
	hdr[0] = type;
	ward_store_u16(hdr + 1, TLS12_VERSION);
	ward_store_u16(hdr + 3, (uint16_t)ct_len);
	if (ex)
		ward_store_u64(body, p->seq);
	make_nonce(p, body, nonce);
	make_aad(p, type, TLS12_VERSION, len, aad);
	if (len > 0)
		memcpy(body + ex, payload, len);
	ward_err err = ward_aead_seal(&p->aead, nonce, aad, sizeof aad,
				      body + ex, len, body + ex);
	if (err != WARD_OK) {
		/* Leave no plaintext behind in the spare capacity. */
		ward_wipe(body + ex, len);
		return err;
	}
	out->len += WARD_TLS_RECORD_HEADER_LEN + ct_len;
	p->seq++;
	return WARD_OK;
}

/* TLS 1.2 CBC record protection (RFC 5246 6.2.3.2): AES-CBC with an
 * explicit random IV per record, HMAC-SHA1 or HMAC-SHA256 over seq_num ||
 * type || version || length || data (6.2.3.1), padding of 1 to 256 bytes
 * that each hold padding_length.
 *
 * Encrypt-then-MAC (RFC 7366), when negotiated: the MAC covers the IV and
 * the ciphertext, and is checked (ward_ct_eq) before anything is
 * decrypted, so a forged record reveals nothing.
 *
 * MAC-then-encrypt otherwise, opened so that nothing a peer can measure
 * depends on the padding (Lucky13, and the padding oracles before it):
 * - the padding is checked over the last 256 bytes (a bound that does not
 *   depend on it) with masks, every byte, no early exit;
 * - bad padding counts as none: the MAC is still computed and compared;
 * - the MAC reads every byte and runs every compression-function call of
 *   the longest plaintext the record could hold, the real end of the
 *   plaintext selected with masks (ward_rmac_compute_padded);
 * - the received MAC is picked out of the last 256 + MAC bytes with masks,
 *   not read at an offset that depends on the padding;
 * - bad padding and bad MAC are one error, BAD_RECORD_MAC (RFC 5246
 *   7.2.2), reached after the same work.
 * docs/tls.md says more.
 */
#include "tls/record.h"

#include <string.h>

#define TLS12_VERSION 0x0303
#define MAC_HDR_LEN 13 /* seq_num(8) + type(1) + version(2) + length(2) */
#define IV_LEN WARD_CBC_BLOCK_LEN
#define MAX_PADDING 256 /* padding_length (a byte) + 1 */

ward_err ward_tls_prot_init_tls12_cbc(ward_tls_prot *p, ward_cbc_alg cipher,
				      const uint8_t *key, ward_hash_alg mac,
				      const uint8_t *mac_key, int etm,
				      int encrypt)
{
	ward_err ret;
	ward_tls_prot_init_plain(p);
	WARD_ENSURE(mac == WARD_HASH_SHA1 || mac == WARD_HASH_SHA256,
		    WARD_ERR_ARG);
	WARD_TRY(ward_cbc_init(&p->cbc, cipher, key, encrypt));
	WARD_TRY_OUT(ward_rmac_init(&p->mac, mac, mac_key, ward_hash_len(mac)));
	p->etm = etm != 0;
	p->kind = WARD_TLS_PROT_TLS12_CBC;
out:
	if (ret != WARD_OK)
		ward_tls_prot_free(p);
	return ret;
}

/* RFC 5246 6.2.3.1: what the MAC covers before the data. */
static void make_mac_header(const ward_tls_prot *p, uint8_t type,
			    uint16_t version, size_t len, uint8_t *hdr)
{
	ward_store_u64(hdr, p->seq);
	hdr[8] = type;
	ward_store_u16(hdr + 9, version);
	ward_store_u16(hdr + 11, (uint16_t)len);
}

/* Check the padding that ends pt[0..n) (n >= 1) in constant time. Returns
 * all ones when the padding_length + 1 bytes at the end all hold
 * padding_length and fit in the last `room` bytes; then *pad_len is
 * padding_length + 1. Otherwise zero, and *pad_len is 1 (only the length
 * byte goes). */
static size_t check_padding(const uint8_t *pt, size_t n, size_t room,
			    size_t *pad_len)
{
	size_t pad = pt[n - 1];
	size_t good = ~ward_ct_mask_lt(room, pad + 1);
	size_t scan = n < MAX_PADDING ? n : MAX_PADDING;
	for (size_t i = 0; i < scan; i++) {
		size_t in_pad = ward_ct_mask_lt(i, pad + 1);
		good &= ~(in_pad &
			  ward_ct_mask_nonzero((size_t)(pt[n - 1 - i] ^ pad)));
	}
	*pad_len = (pad & good) + 1;
	return good;
}

/* Copy the mac_len bytes at pt[at..] to out, at being secret and in
 * [lo, n - mac_len]: every byte of pt[lo..n) is read the same way. The
 * bytes are first gathered into a buffer at (i - lo) % mac_len, then
 * rotated into place by a secret amount with masks. */
static void extract_mac(const uint8_t *pt, size_t lo, size_t n, size_t at,
			size_t mac_len, uint8_t *out)
{
	uint8_t rot[WARD_RMAC_MAX] = {0};
	size_t j = 0, r = 0;
	for (size_t i = lo; i < n; i++) {
		size_t in_mac =
		    ~ward_ct_mask_lt(i, at) & ward_ct_mask_lt(i, at + mac_len);
		rot[j] |= (uint8_t)(pt[i] & in_mac);
		r |= j & ward_ct_mask_eq(i, at);
		if (++j == mac_len)
			j = 0;
	}
	for (size_t k = 0; k < mac_len; k++) {
		size_t t = k + r;
		t -= mac_len & ~ward_ct_mask_lt(t, mac_len);
		uint8_t v = 0;
		for (size_t s = 0; s < mac_len; s++)
			v |= (uint8_t)(rot[s] & ward_ct_mask_eq(s, t));
		out[k] = v;
	}
	ward_wipe(rot, sizeof rot);
}

static ward_err open_mac_then_encrypt(ward_tls_prot *p, ward_tls_record *rec)
{
	size_t hl = ward_rmac_len(&p->mac);
	/* RFC 5246 6.2.3.2: whole blocks, room for the MAC and the padding
	 * length byte; else bad_record_mac (7.2.2). All public. */
	WARD_ENSURE(rec->body_len >= IV_LEN &&
			(rec->body_len - IV_LEN) % WARD_CBC_BLOCK_LEN == 0 &&
			rec->body_len - IV_LEN >= hl + 1,
		    WARD_ERR_BAD_RECORD_MAC);
	/* RFC 5246 6.1: the sequence number must not wrap. */
	WARD_ENSURE(p->seq != UINT64_MAX, WARD_ERR_STATE);
	uint8_t *pt = rec->body + IV_LEN;
	size_t n = rec->body_len - IV_LEN;
	WARD_TRY(ward_cbc_crypt(&p->cbc, rec->body, pt, n, pt));

	/* From here to the comparison, no branch and no address depends on
	 * the padding. */
	size_t pad_len;
	size_t good = check_padding(pt, n, n - hl, &pad_len);
	size_t max_len = n - hl - 1;
	size_t len = n - hl - pad_len;
	uint8_t hdr[MAC_HDR_LEN], want[WARD_RMAC_MAX], got[WARD_RMAC_MAX];
	make_mac_header(p, rec->type, rec->version, len, hdr);
	ward_err err = ward_rmac_compute_padded(&p->mac, hdr, sizeof hdr, pt,
						len, max_len, want);
	size_t lo = max_len > MAX_PADDING - 1 ? max_len - (MAX_PADDING - 1) : 0;
	extract_mac(pt, lo, n, len, hl, got);
	int ok = ward_ct_eq(want, got, hl) & (int)(good & 1);
	ward_wipe(want, sizeof want);
	ward_wipe(got, sizeof got);
	if (err == WARD_OK && !ok)
		err = WARD_ERR_BAD_RECORD_MAC;
	if (err != WARD_OK) {
		/* Release no unauthenticated plaintext. */
		ward_wipe(rec->body, rec->body_len);
		return err;
	}
	p->seq++;
	/* RFC 5246 6.2.1: a plaintext fragment is at most 2^14 bytes. */
	WARD_ENSURE(len <= WARD_TLS_MAX_PLAINTEXT, WARD_ERR_RECORD_OVERFLOW);
	rec->body = pt;
	rec->body_len = len;
	return WARD_OK;
}

static ward_err open_encrypt_then_mac(ward_tls_prot *p, ward_tls_record *rec)
{
	size_t hl = ward_rmac_len(&p->mac);
	/* RFC 7366 3: IV, at least one block, the MAC. */
	WARD_ENSURE(rec->body_len >= IV_LEN + WARD_CBC_BLOCK_LEN + hl &&
			(rec->body_len - IV_LEN - hl) % WARD_CBC_BLOCK_LEN == 0,
		    WARD_ERR_BAD_RECORD_MAC);
	WARD_ENSURE(p->seq != UINT64_MAX, WARD_ERR_STATE);
	/* RFC 7366 3: the MAC covers the header with the length of IV and
	 * ciphertext, then both; checked before decrypting. */
	size_t c_len = rec->body_len - hl;
	uint8_t hdr[MAC_HDR_LEN], want[WARD_RMAC_MAX];
	make_mac_header(p, rec->type, rec->version, c_len, hdr);
	ward_err err =
	    ward_rmac_compute(&p->mac, hdr, sizeof hdr, rec->body, c_len, want);
	if (err == WARD_OK && !ward_ct_eq(want, rec->body + c_len, hl))
		err = WARD_ERR_BAD_RECORD_MAC;
	ward_wipe(want, sizeof want);
	uint8_t *pt = rec->body + IV_LEN;
	size_t n = c_len - IV_LEN, pad_len = 0;
	if (err == WARD_OK)
		err = ward_cbc_crypt(&p->cbc, rec->body, pt, n, pt);
	/* Authentic but badly padded: the peer is broken; the same alert
	 * (RFC 5246 6.2.3.2). */
	if (err == WARD_OK && !(check_padding(pt, n, n, &pad_len) & 1))
		err = WARD_ERR_BAD_RECORD_MAC;
	if (err != WARD_OK) {
		ward_wipe(rec->body, rec->body_len);
		return err;
	}
	p->seq++;
	size_t len = n - pad_len;
	WARD_ENSURE(len <= WARD_TLS_MAX_PLAINTEXT, WARD_ERR_RECORD_OVERFLOW);
	rec->body = pt;
	rec->body_len = len;
	return WARD_OK;
}

ward_err ward_tls12_cbc_record_open(ward_tls_prot *p, ward_tls_record *rec)
{
	return p->etm ? open_encrypt_then_mac(p, rec)
		      : open_mac_then_encrypt(p, rec);
}

ward_err ward_tls12_cbc_record_seal_iv(ward_tls_prot *p, ward_buf *out,
				       uint8_t type, const uint8_t *payload,
				       size_t len, const uint8_t *iv)
{
	WARD_ENSURE(p->kind == WARD_TLS_PROT_TLS12_CBC, WARD_ERR_STATE);
	WARD_ENSURE(len <= WARD_TLS_MAX_PLAINTEXT, WARD_ERR_ARG);
	/* RFC 5246 6.1: the sequence number must not wrap. */
	WARD_ENSURE(p->seq != UINT64_MAX, WARD_ERR_STATE);
	size_t hl = ward_rmac_len(&p->mac);
	/* The least padding that fills the last block (6.2.3.2). */
	size_t macced = p->etm ? 0 : hl;
	size_t n = (len + macced + 1 + WARD_CBC_BLOCK_LEN - 1) /
		   WARD_CBC_BLOCK_LEN * WARD_CBC_BLOCK_LEN;
	size_t pad_len = n - len - macced; /* padding and its length byte */
	size_t body_len = IV_LEN + n + (p->etm ? hl : 0);
	WARD_TRY(ward_buf_reserve(out, WARD_TLS_RECORD_HEADER_LEN + body_len));

	uint8_t *rec = out->data + out->len;
	uint8_t *body = rec + WARD_TLS_RECORD_HEADER_LEN;
	uint8_t *pt = body + IV_LEN;
	uint8_t hdr[MAC_HDR_LEN];
	ward_err err = WARD_OK;
	rec[0] = type;
	ward_store_u16(rec + 1, TLS12_VERSION);
	ward_store_u16(rec + 3, (uint16_t)body_len);
	memcpy(body, iv, IV_LEN);
	if (len > 0)
		memcpy(pt, payload, len);
	if (!p->etm) {
		make_mac_header(p, type, TLS12_VERSION, len, hdr);
		err = ward_rmac_compute(&p->mac, hdr, sizeof hdr, pt, len,
					pt + len);
	}
	memset(pt + len + macced, (int)(pad_len - 1), pad_len);
	if (err == WARD_OK)
		err = ward_cbc_crypt(&p->cbc, iv, pt, n, pt);
	if (err == WARD_OK && p->etm) {
		make_mac_header(p, type, TLS12_VERSION, IV_LEN + n, hdr);
		err = ward_rmac_compute(&p->mac, hdr, sizeof hdr, body,
					IV_LEN + n, body + IV_LEN + n);
	}
	if (err != WARD_OK) {
		/* Leave no plaintext behind in the spare capacity. */
		ward_wipe(body, body_len);
		return err;
	}
	out->len += WARD_TLS_RECORD_HEADER_LEN + body_len;
	p->seq++;
	return WARD_OK;
}

ward_err ward_tls12_cbc_record_seal(ward_tls_prot *p, ward_buf *out,
				    uint8_t type, const uint8_t *payload,
				    size_t len)
{
	/* RFC 5246 6.2.3.2: the IV must be unpredictable; a fresh random
	 * one per record. */
	uint8_t iv[IV_LEN];
	WARD_TRY(ward_random(iv, sizeof iv));
	return ward_tls12_cbc_record_seal_iv(p, out, type, payload, len, iv);
}

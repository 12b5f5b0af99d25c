/* The TLS record layer: framing and per-epoch protection.
 *
 * One protection object per direction per epoch. Records are opened in place
 * in the caller's input buffer and sealed straight into the caller's output
 * buffer: nothing is allocated per record.
 */
#ifndef WARD_TLS_RECORD_H
#define WARD_TLS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"
#include "crypto/crypto.h"

enum {
	WARD_TLS_CT_CHANGE_CIPHER_SPEC = 20,
	WARD_TLS_CT_ALERT = 21,
	WARD_TLS_CT_HANDSHAKE = 22,
	WARD_TLS_CT_APPLICATION_DATA = 23,
	WARD_TLS_CT_HEARTBEAT = 24, /* RFC 6520, TLS 1.2 only */
};

#define WARD_TLS_RECORD_HEADER_LEN 5
#define WARD_TLS_MAX_PLAINTEXT 16384
/* RFC 8446 5.2: TLSCiphertext.length <= 2^14 + 256 */
#define WARD_TLS13_MAX_CIPHERTEXT (WARD_TLS_MAX_PLAINTEXT + 256)
/* RFC 5246 6.2.3: TLSCiphertext.length <= 2^14 + 2048 */
#define WARD_TLS12_MAX_CIPHERTEXT (WARD_TLS_MAX_PLAINTEXT + 2048)
/* Bytes a sealed TLS 1.3 record adds to its payload: header, type, tag. */
#define WARD_TLS13_RECORD_OVERHEAD                                             \
	(WARD_TLS_RECORD_HEADER_LEN + 1 + WARD_AEAD_TAG_LEN)

/* Bytes a sealed TLS 1.2 AEAD record adds to its payload at most: header,
 * AES-GCM's explicit nonce (RFC 5288 3), tag. */
#define WARD_TLS12_GCM_EXPLICIT_LEN 8
#define WARD_TLS12_RECORD_OVERHEAD                                             \
	(WARD_TLS_RECORD_HEADER_LEN + WARD_TLS12_GCM_EXPLICIT_LEN +            \
	 WARD_AEAD_TAG_LEN)

/* Bytes a sealed TLS 1.2 CBC record adds to its payload at most: header,
 * explicit IV, MAC, padding to the block (RFC 5246 6.2.3.2). */
#define WARD_TLS12_CBC_RECORD_OVERHEAD                                         \
	(WARD_TLS_RECORD_HEADER_LEN + WARD_CBC_BLOCK_LEN + WARD_RMAC_MAX +     \
	 WARD_CBC_BLOCK_LEN)

typedef enum ward_tls_prot_kind {
	WARD_TLS_PROT_PLAINTEXT = 0,
	WARD_TLS_PROT_TLS13_AEAD,
	WARD_TLS_PROT_TLS12_AEAD,
	WARD_TLS_PROT_TLS12_CBC,
} ward_tls_prot_kind;

typedef struct ward_tls_prot {
	ward_tls_prot_kind kind;
	/* legacy_record_version written on plaintext records: 0x0301 for an
	 * initial ClientHello, else 0x0303 (RFC 8446 5.1) */
	uint16_t plain_version;
	ward_aead aead;
	/* TLS 1.3 and TLS 1.2 ChaCha20-Poly1305: the whole IV; TLS 1.2
	 * AES-GCM: the 4-byte salt */
	uint8_t iv[WARD_AEAD_NONCE_LEN];
	/* TLS 1.2 CBC suites: the cipher, the MAC, and whether the peers
	 * agreed on encrypt-then-MAC (RFC 7366) */
	ward_cbc cbc;
	ward_rmac mac;
	uint8_t etm;
	uint64_t seq;
} ward_tls_prot;

/* A plaintext epoch (the state before any keys). */
void ward_tls_prot_init_plain(ward_tls_prot *p);
/* A TLS 1.3 epoch keyed with key/iv (RFC 8446 7.3); seq starts at 0. */
WARD_MUST_CHECK ward_err ward_tls_prot_init_tls13(ward_tls_prot *p,
						  ward_aead_alg alg,
						  const uint8_t *key,
						  const uint8_t *iv,
						  int encrypt);
/* The fixed_iv_length of a TLS 1.2 AEAD suite, the IV bytes it takes from
 * the key block: 4 for AES-GCM (RFC 5288 3), 12 for ChaCha20-Poly1305
 * (RFC 7905 2). */
size_t ward_tls12_aead_fixed_iv_len(ward_aead_alg alg);
/* A TLS 1.2 AEAD epoch keyed with key and the fixed IV (RFC 5246 6.3);
 * seq starts at 0. */
WARD_MUST_CHECK ward_err ward_tls_prot_init_tls12_aead(ward_tls_prot *p,
						       ward_aead_alg alg,
						       const uint8_t *key,
						       const uint8_t *iv,
						       int encrypt);
/* A TLS 1.2 CBC epoch (RFC 5246 6.2.3.2): AES-CBC keyed with key
 * (ward_cbc_key_len bytes) and HMAC with mac_key (ward_hash_len(mac)
 * bytes, mac being WARD_HASH_SHA1 or WARD_HASH_SHA256), both from the key
 * block (ward_tls12_key_block with iv_len 0: TLS 1.2 CBC records carry
 * their IV). etm: the encrypt_then_mac extension was negotiated (RFC
 * 7366), else MAC-then-encrypt. seq starts at 0. */
WARD_MUST_CHECK ward_err ward_tls_prot_init_tls12_cbc(
    ward_tls_prot *p, ward_cbc_alg cipher, const uint8_t *key,
    ward_hash_alg mac, const uint8_t *mac_key, int etm, int encrypt);
/* The most bytes sealing one record under p adds to its payload (header,
 * explicit nonce or IV, tag or MAC, CBC padding; TLS 1.3 padding aside):
 * for sizing output buffers. */
size_t ward_tls_prot_overhead(const ward_tls_prot *p);
/* Wipe keys and return to the plaintext state. */
void ward_tls_prot_free(ward_tls_prot *p);

typedef struct ward_tls_record {
	uint8_t type;     /* outer type; after open, the real content type */
	uint16_t version; /* legacy_record_version as received */
	uint8_t *body;    /* fragment; after open, the plaintext */
	size_t body_len;
	size_t total_len; /* header + fragment: bytes to consume */
} ward_tls_record;

/* Frame the first record in in[0..len).
 *   WARD_ERR_WANT_INPUT       fewer bytes than the whole record
 *   WARD_ERR_RECORD_OVERFLOW  length field above what `p` allows
 *                             (2^14 plaintext; 2^14+256 protected by
 *                             TLS 1.3, 2^14+2048 by TLS 1.2)
 *   WARD_ERR_UNEXPECTED_MESSAGE  unknown content type
 *   WARD_ERR_DECODE           legacy_record_version major byte is not 3
 * The length is checked as soon as the header is in, before waiting for the
 * body. */
WARD_MUST_CHECK ward_err ward_tls_record_parse(uint8_t *in, size_t len,
					       const ward_tls_prot *p,
					       ward_tls_record *rec);

/* Remove the protection of `p` in place and advance its sequence number.
 * TLS 1.3: outer type must be application_data (else UNEXPECTED_MESSAGE);
 * AEAD failure is BAD_RECORD_MAC; the zero padding is stripped and the inner
 * type recovered (all zeros: UNEXPECTED_MESSAGE); inner plaintext above 2^14
 * is RECORD_OVERFLOW. TLS 1.2: the type is the outer one; too short for the
 * explicit nonce and the tag, or failing the AEAD, is BAD_RECORD_MAC;
 * authenticated plaintext above 2^14 is RECORD_OVERFLOW. Plaintext epoch:
 * leaves the record as is. */
WARD_MUST_CHECK ward_err ward_tls_record_open(ward_tls_prot *p,
					      ward_tls_record *rec);

/* Append one record of `type` carrying payload[0..len) (len <= 2^14) to out,
 * with `pad` zero bytes of TLS 1.3 padding (ignored for plaintext and
 * TLS 1.2, which has none). */
WARD_MUST_CHECK ward_err ward_tls_record_seal(ward_tls_prot *p, ward_buf *out,
					      uint8_t type,
					      const uint8_t *payload,
					      size_t len, size_t pad);

/* The TLS 1.2 halves of ward_tls_record_open and _seal (record12.c), called
 * by them for a TLS 1.2 epoch after the checks common to all. */
WARD_MUST_CHECK ward_err ward_tls12_record_open(ward_tls_prot *p,
						ward_tls_record *rec);
WARD_MUST_CHECK ward_err ward_tls12_record_seal(ward_tls_prot *p, ward_buf *out,
						uint8_t type,
						const uint8_t *payload,
						size_t len);
/* The same for a TLS 1.2 CBC epoch (record12_cbc.c). Opening fails with
 * BAD_RECORD_MAC for every record that does not decrypt and authenticate
 * (a length that is not whole blocks or too short, bad padding, bad MAC:
 * RFC 5246 6.2.3.2, 7.2.2), and RECORD_OVERFLOW for an authenticated
 * plaintext above 2^14. Sealing draws a random explicit IV. */
WARD_MUST_CHECK ward_err ward_tls12_cbc_record_open(ward_tls_prot *p,
						    ward_tls_record *rec);
WARD_MUST_CHECK ward_err ward_tls12_cbc_record_seal(ward_tls_prot *p,
						    ward_buf *out, uint8_t type,
						    const uint8_t *payload,
						    size_t len);
/* Sealing with a given explicit IV (WARD_CBC_BLOCK_LEN bytes): for known
 * answers and reproducible fuzz seeds only; the engine seals with
 * ward_tls_record_seal. */
WARD_MUST_CHECK ward_err ward_tls12_cbc_record_seal_iv(
    ward_tls_prot *p, ward_buf *out, uint8_t type, const uint8_t *payload,
    size_t len, const uint8_t *iv);

#endif

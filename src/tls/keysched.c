/* The TLS 1.3 key schedule (RFC 8446 7.1-7.3, 4.4.4, 4.6.3). */
#include "tls/keysched.h"

#include <string.h>

#include "base/bytes.h"

/* "tls13 " + the longest label: opaque label<7..255> (RFC 8446 7.1). */
#define LABEL_PREFIX "tls13 "
#define LABEL_PREFIX_LEN 6
/* uint16 length, then label and context, each with a one-byte length. */
#define HKDF_LABEL_MAX (2 + 1 + 255 + 1 + 255)

/* TLS 1.3 suites use SHA-256 or SHA-384 only (RFC 8446 B.4). */
static size_t tls13_hash_len(ward_hash_alg hash)
{
	if (hash != WARD_HASH_SHA256 && hash != WARD_HASH_SHA384)
		return 0;
	return ward_hash_len(hash);
}

ward_err ward_tls13_expand_label(ward_hash_alg hash, const uint8_t *secret,
				 const char *label, const uint8_t *context,
				 size_t context_len, uint8_t *out,
				 size_t outlen)
{
	size_t hlen = tls13_hash_len(hash);
	size_t label_len = strlen(label);
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	WARD_ENSURE(outlen <= UINT16_MAX, WARD_ERR_ARG);
	WARD_ENSURE(label_len >= 1 && label_len <= 255 - LABEL_PREFIX_LEN,
		    WARD_ERR_ARG);
	WARD_ENSURE(context_len <= 255, WARD_ERR_ARG);

	/* HkdfLabel: not secret (a label and a transcript hash), so a plain
	 * stack array without wiping. */
	uint8_t info[HKDF_LABEL_MAX];
	ward_buf b;
	size_t mark;
	ward_buf_init_fixed(&b, info, sizeof info);
	WARD_TRY(ward_put_u16(&b, (uint16_t)outlen));
	WARD_TRY(ward_put_vec_begin(&b, 1, &mark));
	WARD_TRY(ward_put_str(&b, LABEL_PREFIX));
	WARD_TRY(ward_put_bytes(&b, label, label_len));
	WARD_TRY(ward_put_vec_end(&b, mark));
	WARD_TRY(ward_put_vec(&b, 1, context, context_len));
	return ward_hkdf_expand(hash, secret, hlen, b.data, b.len, out, outlen);
}

ward_err ward_tls13_derive_secret(ward_hash_alg hash, const uint8_t *secret,
				  const char *label,
				  const uint8_t *transcript_hash, uint8_t *out)
{
	size_t hlen = tls13_hash_len(hash);
	uint8_t empty[WARD_HASH_MAX];
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	if (transcript_hash == NULL) {
		WARD_TRY(ward_hash_oneshot(hash, "", 0, empty));
		transcript_hash = empty;
	}
	return ward_tls13_expand_label(hash, secret, label, transcript_hash,
				       hlen, out, hlen);
}

/* secret = HKDF-Extract(Derive-Secret(secret, "derived", ""), ikm): the step
 * between two stages of the schedule. A NULL ikm means HashLen zeros. */
static ward_err next_stage(ward_tls13_schedule *s, const uint8_t *ikm,
			   size_t ikm_len)
{
	static const uint8_t zeros[WARD_HASH_MAX];
	uint8_t salt[WARD_HASH_MAX];
	ward_err ret;
	if (ikm == NULL) {
		ikm = zeros;
		ikm_len = s->hash_len;
	}
	WARD_TRY_OUT(ward_tls13_derive_secret(s->hash, s->secret, "derived",
					      NULL, salt));
	WARD_TRY_OUT(ward_hkdf_extract(s->hash, salt, s->hash_len, ikm, ikm_len,
				       s->secret));
out:
	ward_wipe(salt, sizeof salt);
	return ret;
}

ward_err ward_tls13_schedule_init(ward_tls13_schedule *s, ward_hash_alg hash,
				  const uint8_t *psk, size_t psk_len)
{
	static const uint8_t zeros[WARD_HASH_MAX];
	size_t hlen = tls13_hash_len(hash);
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	memset(s, 0, sizeof *s);
	s->hash = hash;
	s->hash_len = hlen;
	if (psk == NULL) {
		psk = zeros;
		psk_len = hlen;
	}
	/* The salt "0" is HashLen zero bytes (RFC 8446 7.1). */
	return ward_hkdf_extract(hash, zeros, hlen, psk, psk_len, s->secret);
}

ward_err ward_tls13_schedule_handshake(ward_tls13_schedule *s,
				       const uint8_t *ecdhe, size_t ecdhe_len)
{
	/* NULL ecdhe: psk_ke mode, where the input is HashLen zeros. */
	return next_stage(s, ecdhe, ecdhe_len);
}

ward_err ward_tls13_schedule_master(ward_tls13_schedule *s)
{
	return next_stage(s, NULL, 0);
}

void ward_tls13_schedule_wipe(ward_tls13_schedule *s)
{
	ward_wipe(s->secret, sizeof s->secret);
}

ward_err ward_tls13_traffic_keys(ward_hash_alg hash, ward_aead_alg aead,
				 const uint8_t *traffic_secret, uint8_t *key,
				 uint8_t *iv)
{
	size_t keylen = ward_aead_key_len(aead);
	WARD_ENSURE(keylen != 0, WARD_ERR_ARG);
	WARD_TRY(ward_tls13_expand_label(hash, traffic_secret, "key", NULL, 0,
					 key, keylen));
	return ward_tls13_expand_label(hash, traffic_secret, "iv", NULL, 0, iv,
				       WARD_AEAD_NONCE_LEN);
}

ward_err ward_tls13_finished(ward_hash_alg hash, const uint8_t *base_key,
			     const uint8_t *transcript_hash,
			     uint8_t *verify_data)
{
	size_t hlen = tls13_hash_len(hash);
	uint8_t finished_key[WARD_HASH_MAX];
	ward_err ret;
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	WARD_TRY_OUT(ward_tls13_expand_label(hash, base_key, "finished", NULL,
					     0, finished_key, hlen));
	WARD_TRY_OUT(ward_hmac(hash, finished_key, hlen, transcript_hash, hlen,
			       verify_data));
out:
	ward_wipe(finished_key, sizeof finished_key);
	return ret;
}

ward_err ward_tls13_update_secret(ward_hash_alg hash, uint8_t *traffic_secret)
{
	size_t hlen = tls13_hash_len(hash);
	uint8_t next[WARD_HASH_MAX];
	ward_err ret;
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	/* RFC 8446 7.2; through a temporary so that HKDF never reads the
	 * secret it is overwriting. */
	WARD_TRY_OUT(ward_tls13_expand_label(
	    hash, traffic_secret, "traffic upd", NULL, 0, next, hlen));
	memcpy(traffic_secret, next, hlen);
out:
	ward_wipe(next, sizeof next);
	return ret;
}

ward_err ward_tls13_ticket_psk(ward_hash_alg hash,
			       const uint8_t *resumption_master,
			       const uint8_t *nonce, size_t nonce_len,
			       uint8_t *psk)
{
	size_t hlen = tls13_hash_len(hash);
	WARD_ENSURE(hlen != 0, WARD_ERR_ARG);
	return ward_tls13_expand_label(hash, resumption_master, "resumption",
				       nonce, nonce_len, psk, hlen);
}

ward_err ward_tls13_binder_key(const ward_tls13_schedule *s,
			       uint8_t *binder_key)
{
	/* "ext binder" is for external PSKs, which ward does not use */
	return ward_tls13_derive_secret(s->hash, s->secret, "res binder", NULL,
					binder_key);
}

/* TLS 1.3 0-RTT, client side (RFC 8446 2.3, 4.2.10, 4.5): the offer in
 * the first ClientHello, the early write key, ward_tls_send_early, the
 * server's answer in EncryptedExtensions, and EndOfEarlyData.
 *
 * The write key stays the early one from the ClientHello until the
 * EncryptedExtensions say whether the server accepted: accepted, until
 * EndOfEarlyData; declined, the handshake key takes over there. */
#include <string.h>

#include "tls/conn.h"

void ward_tls13_client_early_offer(ward_tls_conn *c,
				   ward_tls_client_hello_params *p)
{
	ward_tls_hs *hs = c->hs;
	uint16_t suite;
	ward_slice alpn;
	/* the first ClientHello only (4.1.2), with the ticket's PSK */
	if (c->state != WARD_ST_START || !c->cfg->early_data ||
	    hs->psk_len == 0)
		return;
	uint32_t max = ward_tls13_session_max_early(c, &suite, &alpn);
	if (max == 0 || !hs->psk_suite || hs->psk_suite->id != suite)
		return;
	/* 4.2.10: the server accepts only with the ticket's protocol (none
	 * was chosen: it may choose none again) */
	int offered = alpn.len == 0;
	for (size_t i = 0; i < c->cfg->n_alpn; i++)
		offered |= strlen(c->cfg->alpn[i]) == alpn.len &&
			   !memcmp(c->cfg->alpn[i], alpn.p, alpn.len);
	if (!offered)
		return;
	p->early_data = 1;
	hs->psk_max_early = max;
	hs->psk_ticket_suite = suite;
	c->info.early_data = WARD_TLS_EARLY_OFFERED;
	c->info.early_data_max = max;
}

ward_err ward_tls13_client_early_start(ward_tls_conn *c, ward_slice hello,
				       ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	uint8_t th[WARD_HASH_MAX], key[WARD_AEAD_KEY_MAX];
	uint8_t iv[WARD_AEAD_NONCE_LEN];
	ward_err ret;
	if (c->info.early_data != WARD_TLS_EARLY_OFFERED)
		return WARD_OK;
	/* D.4: offering early data, the middlebox ChangeCipherSpec goes
	 * right after the first ClientHello */
	if (hs->session_id_len)
		WARD_TRY(ward_tls_send_ccs(c, out));
	/* the suite is the ticket's until the server says otherwise */
	const ward_tls_suite *s = hs->psk_suite;
	WARD_TRY_OUT(ward_hash_oneshot(s->hash, hello.p, hello.len, th));
	WARD_TRY_OUT(ward_tls13_early_secret(c, s->hash, th));
	WARD_TRY_OUT(
	    ward_tls13_traffic_keys(s->hash, s->aead, hs->c_early, key, iv));
	ward_tls_prot_free(&c->wr);
	WARD_TRY_OUT(ward_tls_prot_init_tls13(&c->wr, s->aead, key, iv, 1));
	c->wr_epoch13 = WARD_TLS_EPOCH_EARLY;
out:
	ward_wipe(key, sizeof key);
	ward_wipe(iv, sizeof iv);
	return ret;
}

ward_err ward_tls_send_early(ward_tls_conn *c, const void *data, size_t len,
			     ward_buf *out)
{
	const uint8_t *p = data;
	WARD_ENSURE(c->role == WARD_TLS_CLIENT &&
			c->state == WARD_ST_C_WAIT_SH &&
			c->info.early_data == WARD_TLS_EARLY_OFFERED,
		    WARD_ERR_STATE);
	WARD_ENSURE(len <= c->info.early_data_max - c->info.early_data_bytes,
		    ward_tls_fail(c, WARD_ERR_ARG,
				  "more than the %u bytes of early data the "
				  "ticket allows",
				  c->info.early_data_max));
	while (len > 0) {
		size_t n = len < c->cfg->max_record ? len : c->cfg->max_record;
		WARD_TRY(ward_tls_seal_app_record(c, p, n, out));
		p += n;
		len -= n;
		c->info.early_data_bytes += n;
	}
	return WARD_OK;
}

/* 4.2.10: after a HelloRetryRequest the early data is rejected, and the
 * second ClientHello goes in the clear. */
ward_err ward_tls13_client_early_hrr(ward_tls_conn *c)
{
	if (c->info.early_data != WARD_TLS_EARLY_OFFERED)
		return WARD_OK;
	c->info.early_data = WARD_TLS_EARLY_REJECTED;
	ward_tls_prot_free(&c->wr);
	ward_tls_prot_init_plain(&c->wr);
	c->wr_epoch13 = WARD_TLS_EPOCH_PLAINTEXT;
	return WARD_OK;
}

int ward_tls13_client_early_pending(const ward_tls_conn *c)
{
	return c->info.early_data == WARD_TLS_EARLY_OFFERED;
}

ward_err ward_tls13_client_early_ee(ward_tls_conn *c,
				    const ward_tls_encrypted_extensions *ee)
{
	ward_tls_hs *hs = c->hs;
	if (c->info.early_data != WARD_TLS_EARLY_OFFERED)
		return WARD_OK;
	if (!ward_exts_has(&ee->ext, WARD_EXT_EARLY_DATA)) {
		c->info.early_data = WARD_TLS_EARLY_REJECTED;
		return ward_tls_set_write_secret(c, hs->c_hs);
	}
	/* 4.2.10: accepted, the server resumed the first identity (checked
	 * with the ServerHello) with the ticket's suite and protocol */
	uint16_t suite;
	ward_slice alpn;
	(void)ward_tls13_session_max_early(c, &suite, &alpn);
	WARD_ENSURE(c->info.resumed && c->suite->id == suite &&
			strlen(c->info.alpn) == alpn.len &&
			!memcmp(c->info.alpn, alpn.p, alpn.len),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the server accepted early data with "
				  "another suite or protocol than the "
				  "ticket's"));
	c->info.early_data = WARD_TLS_EARLY_ACCEPTED;
	return WARD_OK;
}

/* 4.5: accepted, EndOfEarlyData under the early key closes the early
 * data (after the middlebox ChangeCipherSpec, D.4), in the transcript
 * before our Finished. */
ward_err ward_tls13_client_early_end(ward_tls_conn *c, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	uint8_t storage[WARD_HS_HEADER_LEN];
	ward_buf msg;
	if (c->info.early_data != WARD_TLS_EARLY_ACCEPTED)
		return WARD_OK;
	if (hs->session_id_len)
		WARD_TRY(ward_tls_send_ccs(c, out));
	ward_buf_init_fixed(&msg, storage, sizeof storage);
	WARD_TRY(ward_end_of_early_data_write(&msg));
	WARD_TRY(ward_tls_transcript_add(c, msg.data, msg.len));
	WARD_TRY(ward_tls_send_handshake(c, msg.data, msg.len, out));
	ward_wipe(hs->c_early, sizeof hs->c_early);
	return ward_tls_set_write_secret(c, hs->c_hs);
}

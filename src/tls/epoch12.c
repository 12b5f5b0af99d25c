/* What both TLS 1.2 roles do with the master secret: the key block for the
 * suite (RFC 5246 6.3) and each direction's record protection. */
#include "tls/conn.h"

ward_err ward_tls12_derive_keys(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	const ward_tls_suite *s = c->suite;
	/* CBC records carry their IV (RFC 5246 6.3: no fixed IV in 1.2) */
	if (s->cbc)
		WARD_TRY(ward_tls12_key_block(
		    s->hash, hs->master, hs->client_random, hs->server_random,
		    ward_hash_len(s->mac), ward_cbc_key_len(s->cbc_alg), 0,
		    &hs->keys12));
	else
		WARD_TRY(ward_tls12_key_block(
		    s->hash, hs->master, hs->client_random, hs->server_random,
		    0, ward_aead_key_len(s->aead),
		    ward_tls12_aead_fixed_iv_len(s->aead), &hs->keys12));
	ward_tls_keylog_len(c, "CLIENT_RANDOM", hs->master,
			    WARD_TLS12_MASTER_LEN);
	return WARD_OK;
}

ward_err ward_tls12_init_prot(ward_tls_conn *c, ward_tls_prot *p,
			      const ward_tls12_dir_keys *k, int encrypt)
{
	const ward_tls_suite *s = c->suite;
	ward_tls_prot_free(p);
	if (s->cbc)
		return ward_tls_prot_init_tls12_cbc(
		    p, s->cbc_alg, k->key, s->mac, k->mac_key,
		    c->hs->encrypt_then_mac, encrypt);
	return ward_tls_prot_init_tls12_aead(p, s->aead, k->key, k->iv,
					     encrypt);
}

ward_err ward_tls12_check_peer_sig(ward_tls_conn *c, uint16_t scheme,
				   ward_tls_scheme_ok listed,
				   const uint8_t *content, size_t len,
				   ward_slice sig, const char *what)
{
	ward_pkey *key = c->hs->peer_key;
	const char *peer = c->role == WARD_TLS_CLIENT ? "server" : "client";
	WARD_ENSURE(listed(c, scheme) && ward_pkey_can_verify_tls12(key, scheme),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the %s signed with scheme 0x%04x, not %s or "
				  "unfit for its key",
				  peer, scheme,
				  c->role == WARD_TLS_CLIENT ? "offered"
							     : "requested"));
	ward_err err =
	    ward_verify_tls12(key, scheme, content, len, sig.p, sig.len);
	if (err != WARD_OK)
		return ward_tls_fail(c, err, "the %s's %s does not verify",
				     peer, what);
	return WARD_OK;
}

ward_err ward_tls12_check_finished(ward_tls_conn *c, int from_server,
				   ward_slice body, ward_slice msg)
{
	ward_tls_hs *hs = c->hs;
	uint8_t th[WARD_HASH_MAX], want[WARD_TLS12_VERIFY_LEN];
	WARD_ENSURE(body.len == WARD_TLS12_VERIFY_LEN, WARD_ERR_DECODE);
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_tls12_finished(c->suite->hash, hs->master, !from_server,
				     th, want));
	/* RFC 5246 7.4.9, compared in constant time */
	int ok = ward_ct_eq(want, body.p, sizeof want);
	ward_wipe(want, sizeof want);
	WARD_ENSURE(ok, ward_tls_fail(c, WARD_ERR_DECRYPT_ERROR,
				      "the %s's Finished does not verify",
				      from_server ? "server" : "client"));
	return ward_tls_transcript_add(c, msg.p, msg.len);
}

ward_err ward_tls12_send_finished(ward_tls_conn *c, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	int server = c->role == WARD_TLS_SERVER;
	uint8_t th[WARD_HASH_MAX], verify[WARD_TLS12_VERIFY_LEN];
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_tls12_finished(c->suite->hash, hs->master, !server, th,
				     verify));
	WARD_TRY(ward_tls_send_ccs(c, out));
	WARD_TRY(ward_tls12_init_prot(
	    c, &c->wr, server ? &hs->keys12.server : &hs->keys12.client, 1));
	ward_buf_clear(&hs->scratch);
	WARD_TRY(ward_finished_write(&hs->scratch, verify, sizeof verify));
	ward_wipe(verify, sizeof verify);
	/* the peer's Finished, when it comes second, covers ours */
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data, hs->scratch.len));
	return ward_tls_send_handshake(c, hs->scratch.data, hs->scratch.len,
				       out);
}

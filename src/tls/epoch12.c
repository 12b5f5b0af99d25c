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

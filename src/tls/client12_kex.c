/* The TLS 1.2 client's key exchange, by the suite's kind:
 *
 *   ECDHE (RFC 8422 5.4): the server's named curve, one we offered, and
 *     its public value, signed; our public value back.
 *   DHE (RFC 5246 7.4.3, RFC 7919): the server's p and g must be those of
 *     an RFC 7919 group we offered, its Ys in range, signed; our Yc back.
 *     The pre-master secret is Z without its leading zeros (RFC 5246
 *     8.1.2).
 *   static RSA (RFC 5246 7.4.7.1): no ServerKeyExchange; 48 bytes, the
 *     version offered then 46 random ones, encrypted to the certificate's
 *     key with PKCS#1 v1.5.
 *
 * The signature covers both randoms and the parameters as sent, with a
 * scheme we offered that fits the certificate's key. */
#include <string.h>

#include "tls/conn.h"

/* RFC 5246 7.4.1.4.1: a scheme we offered */
static int offered(const ward_tls_conn *c, uint16_t scheme)
{
	return ward_u16_list_has(c->info.offered_sigschemes, scheme);
}

/* The ServerKeyExchange's signature over content. */
static ward_err check_signature(ward_tls_conn *c, uint16_t scheme,
				const uint8_t *content, size_t len,
				ward_slice sig)
{
	WARD_TRY(ward_tls12_check_peer_sig(c, scheme, offered, content, len,
					   sig, "ServerKeyExchange signature"));
	c->info.sigscheme = scheme;
	return WARD_OK;
}

static ward_err ske_ecdhe(ward_tls_conn *c, ward_slice body)
{
	ward_tls_hs *hs = c->hs;
	ward_tls12_server_key_exchange ske;
	uint8_t content[WARD_SKE_CONTENT_MAX];
	WARD_TRY(ward_server_key_exchange_parse(body, &ske));
	/* an elliptic curve we offered (the FFDHE groups are for DHE) */
	WARD_ENSURE(ske.group < WARD_GROUP_FFDHE2048 &&
			ward_u16_list_has(c->info.offered_groups, ske.group),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "server chose group 0x%04x, not offered",
				  ske.group));
	size_t len = ward_server_key_exchange_content(
	    hs->client_random, hs->server_random, ske.params, content);
	WARD_TRY(check_signature(c, ske.scheme, content, len, ske.signature));
	hs->pub12_len = sizeof hs->pub12;
	WARD_TRY(ward_tls_new_share(c, ske.group, hs->pub12, &hs->pub12_len));
	hs->pms_len = sizeof hs->pms;
	ward_err err =
	    ward_kex_derive(&hs->kex, ske.public_key.p, ske.public_key.len,
			    hs->pms, &hs->pms_len);
	if (err != WARD_OK)
		return ward_tls_fail(c, err,
				     "the server's %s public value is invalid",
				     ward_group_name(ske.group));
	c->info.group = ske.group;
	return WARD_OK;
}

/* The FFDHE group we offered whose p and g these are; 0 for none. */
static uint16_t offered_ffdhe(const ward_tls_conn *c, ward_slice p,
			      ward_slice g)
{
	ward_reader r = ward_reader_make(c->info.offered_groups.p,
					 c->info.offered_groups.len);
	uint16_t group;
	while (ward_read_u16(&r, &group) == WARD_OK) {
		ward_slice gp, gg;
		if (group < WARD_GROUP_FFDHE2048 ||
		    ward_kex_ffdhe_params(group, &gp, &gg) != WARD_OK)
			continue;
		if (gp.len == p.len && gg.len == g.len &&
		    !memcmp(gp.p, p.p, p.len) && !memcmp(gg.p, g.p, g.len))
			return group;
	}
	return 0;
}

static ward_err ske_dhe(ward_tls_conn *c, ward_slice body)
{
	ward_tls_hs *hs = c->hs;
	ward_tls12_server_dh_params ske;
	uint8_t content[WARD_SKE_DH_CONTENT_MAX], ys[WARD_KEX_PUB_MAX];
	WARD_TRY(ward_server_key_exchange_dh_parse(body, &ske));
	/* RFC 7919 3: parameters that are not a group we offered may be
	 * refused; ward takes no others (no custom primes, nothing weaker) */
	uint16_t group = offered_ffdhe(c, ske.p, ske.g);
	WARD_ENSURE(group != 0,
		    ward_tls_fail(c, WARD_ERR_INSUFFICIENT_SECURITY,
				  "the server's DH parameters (%zu-bit p) are "
				  "not an RFC 7919 group we offered",
				  ske.p.len * 8));
	/* RFC 7919 5.1: 1 < Ys < p-1; an encoding wider than p is out of
	 * range too (and would not fit what the signature covers) */
	size_t p_len = ske.p.len;
	WARD_ENSURE(ske.ys.len <= p_len,
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the server's %s public value is wider "
				  "than p",
				  ward_group_name(group)));
	size_t len = ward_server_key_exchange_content(
	    hs->client_random, hs->server_random, ske.params, content);
	WARD_TRY(check_signature(c, ske.scheme, content, len, ske.signature));
	memset(ys, 0, p_len - ske.ys.len);
	memcpy(ys + p_len - ske.ys.len, ske.ys.p, ske.ys.len);
	hs->pub12_len = sizeof hs->pub12;
	WARD_TRY(ward_tls_new_share(c, group, hs->pub12, &hs->pub12_len));
	hs->pms_len = sizeof hs->pms;
	ward_err err =
	    ward_kex_derive(&hs->kex, ys, p_len, hs->pms, &hs->pms_len);
	if (err != WARD_OK)
		return ward_tls_fail(c, err,
				     "the server's %s public value is out of "
				     "range (RFC 7919 5.1)",
				     ward_group_name(group));
	hs->pms_len = ward_tls12_dh_premaster(hs->pms, hs->pms_len);
	c->info.group = group;
	return WARD_OK;
}

ward_err ward_tls12_client_key_exchange_in(ward_tls_conn *c, ward_slice body,
					   ward_slice msg)
{
	if (c->suite->tls12_kx == WARD_TLS12_KX_DHE)
		WARD_TRY(ske_dhe(c, body));
	else
		WARD_TRY(ske_ecdhe(c, body));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	c->state = WARD_ST_C12_WAIT_SHD;
	return WARD_OK;
}

/* RFC 5246 7.4.7.1: the version we offered (legacy_version, 0x0303),
 * then 46 random bytes. */
static ward_err cke_rsa(ward_tls_conn *c, ward_buf *b)
{
	ward_tls_hs *hs = c->hs;
	uint8_t ct[WARD_RSA_MAX_BYTES];
	size_t ct_len = sizeof ct;
	hs->pms[0] = WARD_TLS_VERSION_12 >> 8;
	hs->pms[1] = WARD_TLS_VERSION_12 & 0xff;
	WARD_TRY(ward_tls_random(c, hs->pms + 2, WARD_PREMASTER_LEN - 2));
	hs->pms_len = WARD_PREMASTER_LEN;
	WARD_TRY(ward_rsa_encrypt_pkcs1(hs->peer_key, hs->pms, hs->pms_len, ct,
					&ct_len));
	return ward_client_key_exchange_vec16_write(
	    b, ward_slice_make(ct, ct_len));
}

ward_err ward_tls12_client_key_exchange_out(ward_tls_conn *c, ward_buf *b)
{
	ward_tls_hs *hs = c->hs;
	ward_slice pub = ward_slice_make(hs->pub12, hs->pub12_len);
	switch (c->suite->tls12_kx) {
	case WARD_TLS12_KX_RSA:
		return cke_rsa(c, b);
	case WARD_TLS12_KX_DHE:
		return ward_client_key_exchange_vec16_write(b, pub);
	default:
		return ward_client_key_exchange_write(b, pub);
	}
}

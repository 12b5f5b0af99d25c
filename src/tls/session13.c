/* TLS 1.3 resumption, client side (RFC 8446 2.2, 4.2.11, 4.6.1): the
 * session kept from a NewSessionTicket, and its offer in a ClientHello.
 *
 * A session is a self-contained blob, its first byte 0x13:
 *   u8 0x13, u16 suite, psk<32..48>, ticket<1..2^16-1>, u32 lifetime,
 *   u32 age_add, u64 received (seconds), sni<0..255>, alpn<0..255>,
 *   and u32 max_early_data_size (absent in blobs of older versions: 0)
 * The connection keeps the last ticket received only: each replaces the
 * one before, so what a server sends costs bounded space. */
#include <string.h>
#include <strings.h>

#include "tls/conn.h"

typedef struct session13 {
	const ward_tls_suite *suite;
	ward_slice psk, ticket, sni, alpn;
	uint32_t lifetime, age_add;
	uint64_t received;
	uint32_t max_early;
} session13;

static ward_err session_parse(ward_slice blob, session13 *s)
{
	ward_reader r = ward_reader_make(blob.p, blob.len);
	uint8_t version;
	uint16_t suite;
	WARD_TRY(ward_read_u8(&r, &version));
	WARD_ENSURE(version == WARD_TLS_SESSION_TLS13, WARD_ERR_ARG);
	WARD_TRY(ward_read_u16(&r, &suite));
	WARD_TRY(ward_read_vec_slice(&r, 1, 32, WARD_HASH_MAX, &s->psk));
	WARD_TRY(ward_read_vec_slice(&r, 2, 1, 0xffff, &s->ticket));
	WARD_TRY(ward_read_u32(&r, &s->lifetime));
	WARD_TRY(ward_read_u32(&r, &s->age_add));
	WARD_TRY(ward_read_u64(&r, &s->received));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &s->sni));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &s->alpn));
	s->max_early = 0;
	if (ward_reader_left(&r) > 0)
		WARD_TRY(ward_read_u32(&r, &s->max_early));
	WARD_TRY(ward_read_end(&r));
	s->suite = ward_tls_suite_find(suite);
	WARD_ENSURE(s->suite && !s->suite->tls12_auth &&
			s->psk.len == ward_hash_len(s->suite->hash) &&
			s->lifetime <= WARD_TLS_MAX_TICKET_LIFETIME &&
			s->received <= WARD_TLS_MAX_SESSION_TIME,
		    WARD_ERR_ARG);
	return WARD_OK;
}

ward_err ward_tls13_keep_ticket(ward_tls_conn *c,
				const ward_tls_new_session_ticket *t)
{
	uint8_t psk[WARD_HASH_MAX];
	size_t hlen = ward_hash_len(c->suite->hash);
	const char *sni = c->info.server_name;
	ward_buf *b = &c->last_ticket;
	ward_err ret;
	/* 4.6.1: a lifetime of zero says the ticket is not to be used */
	if (t->lifetime == 0)
		return WARD_OK;
	b->secret = 1;
	ward_buf_clear(b);
	WARD_TRY_OUT(ward_tls13_ticket_psk(c->suite->hash, c->resumption_secret,
					   t->nonce.p, t->nonce.len, psk));
	WARD_TRY_OUT(ward_put_u8(b, WARD_TLS_SESSION_TLS13));
	WARD_TRY_OUT(ward_put_u16(b, c->suite->id));
	WARD_TRY_OUT(ward_put_vec(b, 1, psk, hlen));
	WARD_TRY_OUT(ward_put_vec(b, 2, t->ticket.p, t->ticket.len));
	WARD_TRY_OUT(ward_put_u32(b, t->lifetime));
	WARD_TRY_OUT(ward_put_u32(b, t->age_add));
	WARD_TRY_OUT(ward_put_u64(b, (uint64_t)ward_tls_now(c)));
	WARD_TRY_OUT(ward_put_vec(b, 1, sni, strlen(sni)));
	WARD_TRY_OUT(ward_put_vec(b, 1, c->info.alpn, strlen(c->info.alpn)));
	WARD_TRY_OUT(ward_put_u32(b, t->max_early_data));
	c->info.tickets++;
	c->events |= WARD_TLS_EV_TICKET;
out:
	ward_wipe(psk, sizeof psk);
	if (ret != WARD_OK)
		ward_buf_clear(b);
	return ret;
}

ward_err ward_tls13_session_get(const ward_tls_conn *c, ward_buf *out)
{
	WARD_ENSURE(c->last_ticket.len > 0, WARD_ERR_STATE);
	return ward_put_bytes(out, c->last_ticket.data, c->last_ticket.len);
}

ward_err ward_tls13_session_set(ward_tls_conn *c, const uint8_t *blob,
				size_t len)
{
	session13 s;
	WARD_ENSURE(c->role == WARD_TLS_CLIENT && c->state == WARD_ST_START,
		    WARD_ERR_STATE);
	/* malformed is the caller's mistake; unusable is decided at start */
	WARD_ENSURE(session_parse(ward_slice_make(blob, len), &s) == WARD_OK,
		    WARD_ERR_ARG);
	c->offer.secret = 1;
	ward_buf_clear(&c->offer);
	return ward_put_bytes(&c->offer, blob, len);
}

/* Whether the session may be offered now: TLS 1.3 offered, alive, of a
 * suite we enable (after a HelloRetryRequest: of the suite's hash), for
 * this name. */
static int offerable(ward_tls_conn *c, const session13 *s)
{
	int64_t age = (int64_t)ward_tls_now(c) - (int64_t)s->received;
	if (!c->cfg->tls13 || age < 0 || age >= (int64_t)s->lifetime)
		return 0;
	if (c->suite && c->suite->hash != s->suite->hash)
		return 0;
	int enabled = 0;
	for (size_t i = 0; i < c->cfg->n_suites; i++)
		enabled |= c->cfg->suites[i] == s->suite->id;
	const char *sni = c->info.server_name;
	return enabled && s->sni.len == strlen(sni) &&
	       (s->sni.len == 0 ||
		!strncasecmp((const char *)s->sni.p, sni, s->sni.len));
}

ward_err ward_tls13_client_psk_params(ward_tls_conn *c,
				      ward_tls_client_hello_params *p)
{
	ward_tls_hs *hs = c->hs;
	session13 s;
	hs->psk_len = 0;
	if (c->offer.len == 0 ||
	    session_parse(ward_buf_slice(&c->offer), &s) != WARD_OK ||
	    !offerable(c, &s))
		return WARD_OK;
	/* 4.2.11.1: the age in ms plus age_add, modulo 2^32 */
	uint64_t age_ms = ((uint64_t)ward_tls_now(c) - s.received) * 1000;
	p->psk_identity = s.ticket;
	p->psk_obfuscated_age = (uint32_t)(age_ms + s.age_add);
	p->psk_binder_len = s.psk.len;
	memcpy(hs->psk, s.psk.p, s.psk.len);
	hs->psk_len = s.psk.len;
	hs->psk_suite = s.suite;
	return WARD_OK;
}

ward_err ward_tls13_client_psk_bind(ward_tls_conn *c, uint8_t *msg, size_t len)
{
	ward_tls_hs *hs = c->hs;
	size_t blen = hs->psk_len;
	if (blen == 0)
		return WARD_OK;
	WARD_ENSURE(len > WARD_HS_HEADER_LEN + WARD_PSK_BINDERS_LEN(blen),
		    WARD_ERR_INTERNAL);
	return ward_tls13_binder(c, hs->psk_suite->hash, hs->psk, msg,
				 len - WARD_PSK_BINDERS_LEN(blen),
				 msg + len - blen);
}

uint32_t ward_tls13_session_max_early(ward_tls_conn *c, uint16_t *suite,
				      ward_slice *alpn)
{
	session13 s;
	*suite = 0;
	*alpn = ward_slice_make(NULL, 0);
	if (c->offer.len == 0 ||
	    session_parse(ward_buf_slice(&c->offer), &s) != WARD_OK)
		return 0;
	*suite = s.suite->id;
	*alpn = s.alpn;
	return s.max_early;
}

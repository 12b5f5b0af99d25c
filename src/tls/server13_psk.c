/* TLS 1.3 resumption, server side (RFC 8446 2.2, 4.2.9, 4.2.11, 4.6.1):
 * NewSessionTickets after the handshake, and the PSK offer of a later
 * ClientHello. A ticket is the resumption state sealed with the ticket
 * keys (tls/ticket.h); the server keeps nothing. */
#include <string.h>
#include <strings.h>

#include "tls/conn.h"
#include "tls/ticket.h"

/* The state inside a ticket, version 2:
 *   u8 0x14, u16 suite, u64 created, u32 lifetime, u32 age_add,
 *   psk<32..48>, sni<0..255>, alpn<0..255>, u32 max_early_data_size,
 *   client identity<0..2^16-1> (tls/server_client_auth.c) */
#define STATE_VERSION 0x14
#define STATE_MAX                                                              \
	(1 + 2 + 8 + 4 + 4 + 1 + WARD_HASH_MAX + 1 + 255 + 1 + 255 + 4 + 2 +   \
	 2 * WARD_TLS_PEER_NAME_MAX)
/* identities of one ClientHello looked at (real clients send one) */
#define MAX_PSK_TRIED 4

typedef struct ticket_state {
	const ward_tls_suite *suite;
	uint64_t created;
	uint32_t lifetime;
	uint32_t age_add;
	ward_slice psk, sni, alpn;
	ward_slice identity; /* the verified client's */
	uint32_t max_early;
} ticket_state;

static int mode_offered(const ward_tls_client_hello *ch, uint8_t mode)
{
	return ch->psk_modes.len > 0 &&
	       memchr(ch->psk_modes.p, mode, ch->psk_modes.len) != NULL;
}

/* psk_dhe_ke when offered (forward secrecy), psk_ke only when enabled;
 * -1: no mode we accept. */
static int choose_mode(const ward_tls_conn *c, const ward_tls_client_hello *ch)
{
	if (mode_offered(ch, WARD_PSK_DHE_KE))
		return WARD_PSK_DHE_KE;
	if (c->cfg->psk_ke && mode_offered(ch, WARD_PSK_KE))
		return WARD_PSK_KE;
	return -1;
}

static ward_err state_parse(ward_slice plain, ticket_state *t)
{
	ward_reader r = ward_reader_make(plain.p, plain.len);
	uint8_t version;
	uint16_t suite;
	WARD_TRY(ward_read_u8(&r, &version));
	WARD_ENSURE(version == STATE_VERSION, WARD_ERR_DECODE);
	WARD_TRY(ward_read_u16(&r, &suite));
	WARD_TRY(ward_read_u64(&r, &t->created));
	WARD_TRY(ward_read_u32(&r, &t->lifetime));
	WARD_TRY(ward_read_u32(&r, &t->age_add));
	WARD_TRY(ward_read_vec_slice(&r, 1, 32, WARD_HASH_MAX, &t->psk));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &t->sni));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &t->alpn));
	WARD_TRY(ward_read_u32(&r, &t->max_early));
	WARD_TRY(ward_read_vec_slice(&r, 2, 0, 2 * WARD_TLS_PEER_NAME_MAX,
				     &t->identity));
	WARD_TRY(ward_read_end(&r));
	t->suite = ward_tls_suite_find(suite);
	WARD_ENSURE(t->suite && !t->suite->tls12_auth &&
			t->psk.len == ward_hash_len(t->suite->hash) &&
			t->created <= WARD_TLS_MAX_SESSION_TIME,
		    WARD_ERR_DECODE);
	return WARD_OK;
}

/* The suite to resume with: of the ticket's hash (4.2.11), enabled here
 * and offered by the client, ours first; after a HelloRetryRequest only
 * the one already chosen. */
static const ward_tls_suite *resume_suite(const ward_tls_conn *c,
					  const ward_tls_client_hello *ch,
					  ward_hash_alg hash)
{
	if (c->state == WARD_ST_S_WAIT_CH2)
		return c->suite->hash == hash ? c->suite : NULL;
	if (c->suite && c->suite->hash == hash)
		return c->suite;
	ward_u16_set offered;
	ward_u16_set_from_list(&offered, ch->cipher_suites);
	for (size_t i = 0; i < c->cfg->n_suites; i++) {
		const ward_tls_suite *s =
		    ward_tls_suite_find(c->cfg->suites[i]);
		if (s && s->hash == hash && ward_u16_set_has(&offered, s->id))
			return s;
	}
	return NULL;
}

static int same_name(ward_slice a, const char *b)
{
	size_t n = b ? strlen(b) : 0;
	return a.len == n && (n == 0 || !strncasecmp((const char *)a.p, b, n));
}

/* Whether a ticket that opened may resume this connection; not a peer
 * error when it may not (RFC 8446 4.6.1: a full handshake follows). */
static int usable(ward_tls_conn *c, const ward_tls_client_hello *ch,
		  const ticket_state *t, uint32_t obfuscated_age,
		  const ward_tls_suite **suite)
{
	int64_t now = (int64_t)ward_tls_now(c);
	int64_t age = now - (int64_t)t->created;
	*suite = resume_suite(c, ch, t->suite->hash);
	if (!*suite)
		return 0;
	/* a second of clock granularity either way */
	if (age < -1 || age > (int64_t)t->lifetime ||
	    t->lifetime > WARD_TLS_MAX_TICKET_LIFETIME)
		return 0;
	/* 4.2.11.1, 8.3: the age the client saw, in ms, against ours */
	int64_t client_ms = (int64_t)(uint32_t)(obfuscated_age - t->age_add);
	int64_t diff = client_ms - age * 1000;
	int64_t window = (WARD_TLS_TICKET_AGE_WINDOW + 1) * 1000;
	if (diff < -window || diff > window)
		return 0;
	/* the name and protocol it was issued for (4.2.10, 4.6.1), and a
	 * client identity if one is required */
	return same_name(t->sni, c->host) && same_name(t->alpn, c->info.alpn) &&
	       ward_tls13_ticket_identity_usable(c, t->identity);
}

ward_err ward_tls13_server_psk(ward_tls_conn *c,
			       const ward_tls_client_hello *ch, ward_slice msg)
{
	ward_tls_hs *hs = c->hs;
	int mode = choose_mode(c, ch);
	hs->psk_len = 0;
	hs->psk_ke = 0;
	hs->psk_max_early = 0;
	/* 4.2.9: tickets only for a mode the client can use */
	c->tickets_due =
	    mode >= 0 && c->cfg->ticket_keys ? c->cfg->tickets13 : 0;
	if (mode < 0 || !c->cfg->ticket_keys ||
	    !ward_exts_has(&ch->ext, WARD_EXT_PRE_SHARED_KEY))
		return WARD_OK;

	ward_reader ids =
	    ward_reader_make(ch->psk_identities.p, ch->psk_identities.len);
	ward_buf plain;
	ticket_state t;
	const ward_tls_suite *suite = NULL;
	size_t index = 0;
	int found = 0;
	ward_err ret = WARD_OK;
	ward_buf_init_secret(&plain);
	ward_slice identity;
	for (; index < MAX_PSK_TRIED && ward_reader_left(&ids) > 0; index++) {
		uint32_t age;
		WARD_TRY_OUT(ward_psk_identity_next(&ids, &identity, &age));
		ward_buf_clear(&plain);
		if (ward_tls_ticket_open(c, identity, &plain, NULL) !=
			WARD_OK ||
		    state_parse(ward_buf_slice(&plain), &t) != WARD_OK)
			continue;
		if (usable(c, ch, &t, age, &suite)) {
			found = 1;
			break;
		}
	}
	if (!found)
		goto out;

	/* 4.2.11.2: the binder of that identity, over the ClientHello up
	 * to the binders list */
	ward_reader binders =
	    ward_reader_make(ch->psk_binders.p, ch->psk_binders.len);
	ward_slice binder;
	for (size_t i = 0; i <= index; i++)
		WARD_TRY_OUT(ward_psk_binder_next(&binders, &binder));
	uint8_t want[WARD_HASH_MAX];
	size_t hlen = ward_hash_len(suite->hash);
	WARD_TRY_OUT(ward_tls13_binder(c, suite->hash, t.psk.p, msg.p,
				       WARD_HS_HEADER_LEN + ch->binders_offset,
				       want));
	int ok = binder.len == hlen && ward_ct_eq(want, binder.p, hlen);
	ward_wipe(want, sizeof want);
	WARD_ENSURE_OUT(ok, ward_tls_fail(c, WARD_ERR_DECRYPT_ERROR,
					  "the client's PSK binder does not "
					  "verify"));
	c->suite = suite;
	memcpy(hs->psk, t.psk.p, t.psk.len);
	hs->psk_len = t.psk.len;
	hs->psk_ke = mode == WARD_PSK_KE;
	hs->psk_identity = (uint16_t)index;
	ward_tls13_ticket_identity_take(c, t.identity);
	/* what 0-RTT on this ticket needs (tls/server13_early.c) */
	int64_t left = (int64_t)t.created + t.lifetime - ward_tls_now(c);
	hs->psk_ttl = left < 1 ? 1 : (uint32_t)left;
	hs->psk_max_early = t.max_early;
	hs->psk_ticket_suite = t.suite->id;
	WARD_TRY_OUT(ward_hash_oneshot(WARD_HASH_SHA256, identity.p,
				       identity.len, hs->psk_key));
out:
	ward_buf_free(&plain);
	return ret;
}

static ward_err state_write(ward_tls_conn *c, ward_buf *b, const uint8_t *psk,
			    uint32_t age_add)
{
	size_t hlen = ward_hash_len(c->suite->hash);
	const char *sni = c->host ? c->host : "";
	WARD_TRY(ward_put_u8(b, STATE_VERSION));
	WARD_TRY(ward_put_u16(b, c->suite->id));
	WARD_TRY(ward_put_u64(b, (uint64_t)ward_tls_now(c)));
	WARD_TRY(ward_put_u32(b, ward_tls_session_lifetime(c->cfg)));
	WARD_TRY(ward_put_u32(b, age_add));
	WARD_TRY(ward_put_vec(b, 1, psk, hlen));
	WARD_TRY(ward_put_vec(b, 1, sni, strlen(sni)));
	WARD_TRY(ward_put_vec(b, 1, c->info.alpn, strlen(c->info.alpn)));
	WARD_TRY(ward_put_u32(b, c->cfg->early_data));
	return ward_tls13_ticket_identity_write(c, b);
}

/* One ticket: a fresh nonce, age_add and PSK, sealed state. Fixed
 * buffers: nothing is allocated per ticket. */
static ward_err send_ticket(ward_tls_conn *c, uint8_t nonce, ward_buf *out)
{
	uint8_t psk[WARD_HASH_MAX], state[STATE_MAX];
	uint8_t ticket[STATE_MAX + WARD_TICKET_OVERHEAD];
	uint8_t msg[STATE_MAX + WARD_TICKET_OVERHEAD + 32];
	uint32_t age_add;
	ward_buf sb, tb, mb;
	ward_err ret;
	ward_buf_init_fixed(&sb, state, sizeof state);
	ward_buf_init_fixed(&tb, ticket, sizeof ticket);
	ward_buf_init_fixed(&mb, msg, sizeof msg);
	WARD_TRY_OUT(ward_tls_random(c, &age_add, sizeof age_add));
	WARD_TRY_OUT(ward_tls13_ticket_psk(c->suite->hash, c->resumption_secret,
					   &nonce, 1, psk));
	WARD_TRY_OUT(state_write(c, &sb, psk, age_add));
	WARD_TRY_OUT(ward_tls_ticket_seal(c, sb.data, sb.len, &tb));
	WARD_TRY_OUT(ward_new_session_ticket_write(
	    &mb, ward_tls_session_lifetime(c->cfg), age_add,
	    ward_slice_make(&nonce, 1), ward_buf_slice(&tb),
	    c->cfg->early_data));
	WARD_TRY_OUT(ward_tls_send_handshake(c, mb.data, mb.len, out));
out:
	ward_wipe(psk, sizeof psk);
	ward_wipe(state, sizeof state);
	return ret;
}

ward_err ward_tls13_send_tickets(ward_tls_conn *c, ward_buf *out)
{
	unsigned n = c->tickets_due;
	c->tickets_due = 0;
	for (unsigned i = 0; i < n; i++) {
		ward_err err = send_ticket(c, (uint8_t)i, out);
		/* no current key (yet, or any more): no ticket, no error */
		if (err == WARD_ERR_NOT_FOUND)
			return WARD_OK;
		WARD_TRY(err);
	}
	return WARD_OK;
}

/* TLS 1.2 server sessions: resumption by session ticket (RFC 5077) and by
 * session ID (RFC 5246 7.4.1.2, from tls/session_cache.h), and the
 * abbreviated handshake (RFC 5246 7.3, figure 2):
 *
 *   ClientHello  ->
 *                <-  ServerHello, [NewSessionTicket], ChangeCipherSpec,
 *                    Finished
 *   ChangeCipherSpec, Finished  ->
 *
 * A full handshake makes its session resumable one way: a ticket when
 * the client takes them and ticket keys are set, else a session ID when
 * a cache is set. Only extended-master-secret sessions are made or
 * resumed (RFC 7627 5.3). A ticket or ID that names nothing usable
 * (unknown, tampered, expired, another suite or server name) is no error:
 * a full handshake follows.
 *
 * The session state, as sealed into tickets and kept in the cache:
 *   u8 0x12 | u16 version | u16 suite | u8 ems | master[48] |
 *   u64 created | u32 lifetime | server_name<0..255> | alpn<0..255>
 */
#include <string.h>
#include <strings.h>

#include "tls/conn.h"
#include "tls/session_cache.h"
#include "tls/ticket.h"

#define STATE_FORMAT 0x12
/* servers sharing ticket keys may disagree on the time this much */
#define CLOCK_SKEW 60

typedef struct session12 {
	uint16_t version, suite;
	uint8_t ems;
	uint8_t master[WARD_TLS12_MASTER_LEN];
	int64_t created;
	uint32_t lifetime;
	ward_slice server_name, alpn;
} session12;

static ward_err encode(ward_tls_conn *c, ward_buf *out)
{
	const char *host = c->host ? c->host : "";
	WARD_TRY(ward_put_u8(out, STATE_FORMAT));
	WARD_TRY(ward_put_u16(out, WARD_TLS_VERSION_12));
	WARD_TRY(ward_put_u16(out, c->suite->id));
	WARD_TRY(ward_put_u8(out, (uint8_t)c->hs->ems));
	WARD_TRY(ward_put_bytes(out, c->hs->master, WARD_TLS12_MASTER_LEN));
	WARD_TRY(ward_put_u64(out, (uint64_t)(int64_t)ward_tls_now(c)));
	WARD_TRY(ward_put_u32(out, ward_tls_session_lifetime(c->cfg)));
	WARD_TRY(ward_put_vec(out, 1, host, strlen(host)));
	return ward_put_vec(out, 1, c->info.alpn, strlen(c->info.alpn));
}

/* The state was sealed or stored by a server with our keys, yet it is
 * read as carefully as any input: a key file may be shared too widely. */
static ward_err decode(ward_slice b, session12 *s)
{
	ward_reader r = ward_reader_make(b.p, b.len);
	uint8_t format;
	uint64_t created;
	WARD_TRY(ward_read_u8(&r, &format));
	WARD_ENSURE(format == STATE_FORMAT, WARD_ERR_DECODE);
	WARD_TRY(ward_read_u16(&r, &s->version));
	WARD_TRY(ward_read_u16(&r, &s->suite));
	WARD_TRY(ward_read_u8(&r, &s->ems));
	WARD_TRY(ward_read_copy(&r, s->master, sizeof s->master));
	WARD_TRY(ward_read_u64(&r, &created));
	WARD_ENSURE(created <= WARD_TLS_MAX_SESSION_TIME, WARD_ERR_DECODE);
	s->created = (int64_t)created;
	WARD_TRY(ward_read_u32(&r, &s->lifetime));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &s->server_name));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 255, &s->alpn));
	return ward_read_end(&r);
}

static int suite_enabled(const ward_tls_config *cfg, uint16_t suite)
{
	for (size_t i = 0; i < cfg->n_suites12; i++)
		if (cfg->suites12[i] == suite)
			return 1;
	return 0;
}

/* Whether this session may resume on this ClientHello. */
static int usable(ward_tls_conn *c, const ward_tls_client_hello *ch,
		  const session12 *s)
{
	int64_t now = (int64_t)ward_tls_now(c);
	uint32_t life = ward_tls_session_lifetime(c->cfg);
	if (s->lifetime < life)
		life = s->lifetime;
	if (s->version != WARD_TLS_VERSION_12 || !s->ems)
		return 0;
	if (s->created > now + CLOCK_SKEW || now - s->created >= (int64_t)life)
		return 0;
	/* RFC 5246 7.4.1.2: the client must offer the session's suite */
	if (!suite_enabled(c->cfg, s->suite) ||
	    !ward_u16_list_has(ch->cipher_suites, s->suite) ||
	    !ward_tls_suite_find(s->suite))
		return 0;
	/* CBC sessions (legacy policy) are never made resumable, which
	 * spares the encrypt-then-MAC rules of RFC 7366 3.1 */
	if (ward_tls_suite_find(s->suite)->cbc)
		return 0;
	/* RFC 6066 3: not for another server name */
	size_t len = c->host ? strlen(c->host) : 0;
	return len == s->server_name.len &&
	       (len == 0 ||
		!strncasecmp(c->host, (const char *)s->server_name.p, len));
}

/* A NewSessionTicket sealing `state`; an empty ticket if it cannot be
 * sealed after all (RFC 5077 3.3). */
static ward_err put_ticket(ward_tls_conn *c, ward_slice state, ward_buf *b)
{
	ward_buf t = WARD_BUF_INIT;
	if (ward_tls_ticket_seal(c, state.p, state.len, &t) != WARD_OK)
		ward_buf_clear(&t);
	ward_err err = ward_new_session_ticket12_write(
	    b, ward_tls_session_lifetime(c->cfg), ward_buf_slice(&t));
	ward_buf_free(&t);
	return err;
}

/* The session a ticket or ID names, if usable, into *s (pointing into
 * state); *renew when its ticket should be replaced. */
static int find_session(ward_tls_conn *c, const ward_tls_client_hello *ch,
			ward_buf *state, session12 *s, int *renew)
{
	ward_slice ticket = ch->ext.body[WARD_EXT_SESSION_TICKET];
	if (ward_exts_has(&ch->ext, WARD_EXT_SESSION_TICKET) &&
	    ticket.len > 0) {
		int by_current = 0;
		if (ward_tls_ticket_open(c, ticket, state, &by_current) ==
			WARD_OK &&
		    decode(ward_buf_slice(state), s) == WARD_OK &&
		    usable(c, ch, s)) {
			/* a ticket of an older key gets a new one */
			*renew = !by_current && ward_tls_tickets_enabled(c);
			return 1;
		}
		ward_buf_clear(state);
	}
	ward_session_cache *sc = c->cfg->session_cache;
	size_t len = 0;
	if (!sc || ch->session_id.len == 0 ||
	    ward_buf_reserve(state, WARD_SESSION_STATE_MAX) != WARD_OK ||
	    ward_session_cache_lookup(sc, ch->session_id.p, ch->session_id.len,
				      (int64_t)ward_tls_now(c), state->data,
				      WARD_SESSION_STATE_MAX, &len) != WARD_OK)
		return 0;
	state->len = len;
	if (decode(ward_buf_slice(state), s) == WARD_OK && usable(c, ch, s))
		return 1;
	ward_buf_clear(state);
	return 0;
}

static ward_err abbreviated(ward_tls_conn *c, const ward_tls_client_hello *ch,
			    ward_slice msg, int reneg, const session12 *s,
			    ward_slice state, int renew, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	c->suite = ward_tls_suite_find(s->suite);
	c->info.suite = c->suite->id;
	c->info.resumed = 1;
	memcpy(hs->master, s->master, WARD_TLS12_MASTER_LEN);
	WARD_TRY(ward_tls_server_choose_alpn(c, ch));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	WARD_TRY(ward_tls_transcript_start(c));
	WARD_TRY(ward_tls_random(c, hs->server_random, 24));
	memcpy(hs->server_random + 24, ward_downgrade_tls12, 8);

	/* RFC 5077 3.4: the client's session ID is echoed for a ticket too,
	 * so that it knows the session resumed; RFC 6066 3: no server_name
	 * when resuming */
	ward_tls12_server_hello_params p = {
	    .random = hs->server_random,
	    .session_id = ch->session_id,
	    .suite = c->suite->id,
	    .renegotiation_info = reneg,
	    .extended_master_secret = 1,
	    .ec_point_formats =
		ward_exts_has(&ch->ext, WARD_EXT_EC_POINT_FORMATS),
	    .alpn = ward_slice_make(c->info.alpn, strlen(c->info.alpn)),
	    .session_ticket = renew,
	};
	ward_buf_clear(&hs->scratch);
	WARD_TRY(ward_server_hello12_write(&hs->scratch, &p));
	if (renew)
		WARD_TRY(put_ticket(c, state, &hs->scratch));
	WARD_TRY(ward_tls_transcript_add(c, hs->scratch.data, hs->scratch.len));
	WARD_TRY(
	    ward_tls_send_handshake(c, hs->scratch.data, hs->scratch.len, out));

	WARD_TRY(ward_tls12_derive_keys(c));

	/* the server finishes first (RFC 5246 7.3, figure 2) */
	WARD_TRY(ward_tls12_send_finished(c, out));
	c->state = WARD_ST_S12R_WAIT_CCS;
	return WARD_OK;
}

ward_err ward_tls12_server_resume(ward_tls_conn *c,
				  const ward_tls_client_hello *ch,
				  ward_slice msg, int reneg, ward_buf *out,
				  int *resumed)
{
	ward_buf state;
	session12 s;
	int renew = 0;
	ward_err ret = WARD_OK;
	*resumed = 0;
	ward_buf_init_secret(&state);
	/* sessions keep no client identity: none is resumed while client
	 * certificates are asked for (tls.h) */
	if (c->cfg->client_auth == WARD_TLS_CLIENT_AUTH_NONE &&
	    find_session(c, ch, &state, &s, &renew)) {
		/* RFC 7627 5.3: an extended-master-secret session offered
		 * without the extension aborts the abbreviated handshake */
		if (!ward_exts_has(&ch->ext, WARD_EXT_EXTENDED_MASTER_SECRET))
			ret = ward_tls_fail(c, WARD_ERR_HANDSHAKE_FAILURE,
					    "the client resumes an extended "
					    "master secret session without "
					    "the extension (RFC 7627 5.3)");
		else
			ret = abbreviated(c, ch, msg, reneg, &s,
					  ward_buf_slice(&state), renew, out);
		*resumed = ret == WARD_OK;
	}
	ward_wipe(&s, sizeof s);
	ward_buf_free(&state);
	return ret;
}

ward_err ward_tls12_server_new_session(ward_tls_conn *c,
				       const ward_tls_client_hello *ch,
				       ward_tls12_server_hello_params *p)
{
	ward_tls_hs *hs = c->hs;
	/* not resumable (see usable): CBC, and sessions
	 * without the extended master secret */
	if (c->suite->cbc || !hs->ems ||
	    c->cfg->client_auth != WARD_TLS_CLIENT_AUTH_NONE)
		return WARD_OK;
	/* a client that takes tickets gets one and no ID: the cache keeps
	 * its room for the others (RFC 5077 3.4 lets the ID be empty) */
	if (ward_exts_has(&ch->ext, WARD_EXT_SESSION_TICKET) &&
	    ward_tls_tickets_enabled(c)) {
		hs->send_ticket = 1;
		p->session_ticket = 1;
		return WARD_OK;
	}
	if (!c->cfg->session_cache)
		return WARD_OK;
	WARD_TRY(
	    ward_tls_random(c, hs->new_session_id, sizeof hs->new_session_id));
	hs->new_session_id_len = sizeof hs->new_session_id;
	p->session_id =
	    ward_slice_make(hs->new_session_id, hs->new_session_id_len);
	return WARD_OK;
}

ward_err ward_tls12_server_issue(ward_tls_conn *c, ward_buf *out)
{
	ward_tls_hs *hs = c->hs;
	ward_buf state;
	ward_err ret = WARD_OK;
	if (!hs->send_ticket && !hs->new_session_id_len)
		return WARD_OK;
	ward_buf_init_secret(&state);
	WARD_TRY_OUT(encode(c, &state));
	if (hs->send_ticket) {
		size_t at = hs->scratch.len;
		WARD_TRY_OUT(
		    put_ticket(c, ward_buf_slice(&state), &hs->scratch));
		WARD_TRY_OUT(ward_tls_transcript_add(c, hs->scratch.data + at,
						     hs->scratch.len - at));
		WARD_TRY_OUT(ward_tls_send_handshake(
		    c, hs->scratch.data + at, hs->scratch.len - at, out));
		ward_buf_truncate(&hs->scratch, at);
	} else {
		/* a full cache or a long state only costs the next client a
		 * full handshake */
		int64_t now = (int64_t)ward_tls_now(c);
		if (ward_session_cache_store(
			c->cfg->session_cache, hs->new_session_id,
			hs->new_session_id_len, now,
			now + ward_tls_session_lifetime(c->cfg), state.data,
			state.len) != WARD_OK)
			ret = WARD_OK;
	}
out:
	ward_buf_free(&state);
	return ret;
}

ward_err ward_tls12_server_resumed_finished(ward_tls_conn *c, ward_slice body,
					    ward_slice msg)
{
	WARD_TRY(ward_tls12_check_finished(c, 0, body, msg));
	c->state = WARD_ST_CONNECTED;
	c->events |= WARD_TLS_EV_HANDSHAKE_DONE;
	ward_tls_hs_free(c);
	return WARD_OK;
}

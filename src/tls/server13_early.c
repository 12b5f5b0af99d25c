/* TLS 1.3 0-RTT, server side (RFC 8446 2.3, 4.2.10, 4.5, 8): whether to
 * accept the client's early data, its read key, the early records, and
 * EndOfEarlyData. Declined early data is skipped by the record loop
 * (tls/conn.c) within ward_tls13_early_skip_limit. */
#include "tls/conn.h"

size_t ward_tls13_early_skip_limit(const ward_tls_conn *c)
{
	return c->cfg->early_data ? c->cfg->early_data
				  : WARD_TLS_MAX_EARLY_DATA_SKIP;
}

/* Every condition of 4.2.10 but the replay check, cheapest first: the
 * replay check is asked only when all hold, so that a register records
 * only tickets early data would really be accepted on. */
static int acceptable(const ward_tls_conn *c)
{
	const ward_tls_hs *hs = c->hs;
	return c->cfg->early_data > 0 && c->cfg->replay_check &&
	       hs->psk_len > 0 && hs->psk_identity == 0 &&
	       hs->psk_max_early > 0 && c->suite &&
	       c->suite->id == hs->psk_ticket_suite;
	/* SNI, ALPN and the age window: the ticket was not usable
	 * otherwise (tls/server13_psk.c), and no resumption, no 0-RTT */
}

ward_err ward_tls13_server_early_decide(ward_tls_conn *c,
					const ward_tls_client_hello *ch)
{
	ward_tls_hs *hs = c->hs;
	if (!ward_exts_has(&ch->ext, WARD_EXT_EARLY_DATA))
		return WARD_OK;
	c->info.early_data = WARD_TLS_EARLY_REJECTED;
	if (!acceptable(c))
		return WARD_OK;
	/* RFC 8446 8: at most once per ticket, as the register knows */
	if (c->cfg->replay_check(c->cfg->replay_ctx, hs->psk_key,
				 hs->psk_ttl) != WARD_TLS_REPLAY_FRESH)
		return WARD_OK;
	uint8_t th[WARD_HASH_MAX];
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_tls13_early_secret(c, c->suite->hash, th));
	c->info.early_data = WARD_TLS_EARLY_ACCEPTED;
	c->info.early_data_max = c->cfg->early_data;
	hs->skip_early_data = 0;
	return WARD_OK;
}

/* The server's flight is out: until EndOfEarlyData the client's records
 * are under the early key. */
ward_err ward_tls13_server_early_keys(ward_tls_conn *c)
{
	if (c->info.early_data != WARD_TLS_EARLY_ACCEPTED)
		return WARD_OK;
	WARD_TRY(ward_tls_set_read_secret(c, c->hs->c_early));
	c->state = WARD_ST_S_WAIT_EOED;
	return WARD_OK;
}

/* 4.5: EndOfEarlyData joins the transcript; the handshake key reads
 * what follows. Anywhere else it is unexpected_message (the state
 * machine). */
ward_err ward_tls13_server_eoed(ward_tls_conn *c, ward_slice body,
				ward_slice msg)
{
	WARD_TRY(ward_end_of_early_data_parse(body));
	WARD_TRY(ward_tls_transcript_add(c, msg.p, msg.len));
	WARD_TRY(ward_tls_set_read_secret(c, c->hs->c_hs));
	ward_wipe(c->hs->c_early, sizeof c->hs->c_early);
	c->state = WARD_ST_S_WAIT_FINISHED;
	return WARD_OK;
}

/* 4.2.10: more than max_early_data_size bytes is unexpected_message. */
ward_err ward_tls13_server_early_record(ward_tls_conn *c, const uint8_t *p,
					size_t len, ward_buf *app)
{
	ward_tls_hs *hs = c->hs;
	WARD_ENSURE(len <= c->cfg->early_data - hs->early_received,
		    ward_tls_fail(c, WARD_ERR_UNEXPECTED_MESSAGE,
				  "the client sent more than %u bytes of "
				  "early data",
				  c->cfg->early_data));
	hs->early_received += len;
	c->info.early_data_bytes += len;
	if (len)
		c->events |= WARD_TLS_EV_EARLY_DATA;
	return ward_put_bytes(app, p, len);
}

/* The connection: records in, records out. Dispatches each record by
 * content type, reassembles handshake messages, sends the one alert an
 * error maps to, and carries application data. */
#include <stdlib.h>
#include <string.h>

#include "tls/conn.h"

ward_tls_conn *ward_tls_conn_new(const ward_tls_config *cfg)
{
	ward_tls_conn *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->cfg = cfg;
	c->role = cfg->role;
	c->state = cfg->role == WARD_TLS_SERVER ? WARD_ST_S_WAIT_CH : WARD_ST_START;
	ward_tls_prot_init_plain(&c->rd);
	ward_tls_prot_init_plain(&c->wr);
	c->info.alert_sent = 255;
	c->info.alert_received = 255;
	c->info.alpn = "";
	c->info.server_name = "";
	c->hs = calloc(1, sizeof *c->hs);
	if (!c->hs) {
		free(c);
		return NULL;
	}
	ward_buf_init_secret(&c->hs->scratch);
	ward_buf_init_secret(&c->sess12.ticket);
	c->info.peer_subject = c->peer_subject;
	c->info.peer_sans = c->peer_sans;
	/* a TLS 1.2 CertificateVerify signs the messages from ClientHello */
	c->hs->keep_msgs12 = cfg->role == WARD_TLS_CLIENT &&
			     cfg->client_cert.chain && cfg->tls12;
	return c;
}

void ward_tls_conn_free(ward_tls_conn *c)
{
	if (!c)
		return;
	ward_tls_hs_free(c);
	ward_tls_prot_free(&c->rd);
	ward_tls_prot_free(&c->wr);
	ward_wipe(c->rd_secret, sizeof c->rd_secret);
	ward_wipe(c->wr_secret, sizeof c->wr_secret);
	ward_wipe(c->resumption_secret, sizeof c->resumption_secret);
	ward_buf_free(&c->hsmsg);
	ward_buf_free(&c->peer_certs);
	ward_buf_free(&c->last_ticket);
	ward_buf_free(&c->offer);
	ward_tls12_session_wipe(&c->sess12);
	free(c->host);
	free(c->error);
	free(c);
}

ward_err ward_tls_set_hostname(ward_tls_conn *c, const char *host)
{
	WARD_ENSURE(c->role == WARD_TLS_CLIENT && c->state == WARD_ST_START,
		    WARD_ERR_STATE);
	/* an empty name would match any certificate */
	WARD_ENSURE(host && *host, WARD_ERR_ARG);
	free(c->host);
	c->host = strdup(host);
	WARD_ENSURE(c->host, WARD_ERR_NOMEM);
	return WARD_OK;
}

ward_err ward_tls_set_verify_name_none(ward_tls_conn *c)
{
	WARD_ENSURE(c->role == WARD_TLS_CLIENT && c->state == WARD_ST_START,
		    WARD_ERR_STATE);
	c->verify_name_none = 1;
	return WARD_OK;
}

const ward_tls_recv_result *ward_tls_last_recv(const ward_tls_conn *c)
{
	return &c->last;
}

int ward_tls_progress(const ward_tls_conn *c)
{
	return c->last.progress;
}

/* A record that carried something: the caps count from here again. */
static void made_progress(ward_tls_conn *c)
{
	c->empty_records = c->key_updates = c->warning_alerts = 0;
	c->renegotiations = c->heartbeats = 0;
}

/* One more record that carried nothing of `what`; over `cap` in a row it
 * is unexpected_message (tls.h says why that alert). */
static ward_err count_idle(ward_tls_conn *c, unsigned *count, unsigned cap,
			   const char *what)
{
	if (++*count <= cap)
		return WARD_OK;
	return ward_tls_fail(c, WARD_ERR_UNEXPECTED_MESSAGE,
			     "the peer sent more than %u %s in a row", cap,
			     what);
}

uint32_t ward_tls_take_events(ward_tls_conn *c)
{
	uint32_t ev = c->events;
	c->events = 0;
	return ev;
}

int ward_tls_handshake_done(const ward_tls_conn *c)
{
	return c->state == WARD_ST_CONNECTED;
}

const ward_tls_info *ward_tls_get_info(const ward_tls_conn *c)
{
	return &c->info;
}

/* TLS 1.2 has no KeyUpdate: an AES-GCM write key seals at most key_limit
 * records, the last of them close_notify (tls.h). How many it may still
 * seal; UINT64_MAX when it is not limited. */
static uint64_t tls12_records_left(const ward_tls_conn *c)
{
	if (c->info.version != WARD_TLS_VERSION_12 || !c->suite ||
	    !c->suite->key_limited || c->wr.kind != WARD_TLS_PROT_TLS12_AEAD)
		return UINT64_MAX;
	return c->wr.seq < c->cfg->key_limit ? c->cfg->key_limit - c->wr.seq
					     : 0;
}

static ward_err send_alert(ward_tls_conn *c, uint8_t desc, ward_buf *out)
{
	uint8_t alert[2] = {2 /* fatal */, desc};
	if (desc == WARD_ALERT_CLOSE_NOTIFY || desc == WARD_ALERT_USER_CANCELED)
		alert[0] = 1; /* warning */
	/* the key's last record went out: nothing more can be said */
	if (tls12_records_left(c) == 0)
		return WARD_OK;
	if (c->trace)
		ward_tls_trace_record(c, WARD_TLS_TRACE_ALERT, 1, alert[0],
				      alert[1], sizeof alert);
	return ward_tls_record_seal(&c->wr, out, WARD_TLS_CT_ALERT, alert,
				    sizeof alert, 0);
}

/* The connection is dead: queue the alert the error maps to. */
static ward_err fail(ward_tls_conn *c, ward_err err, ward_buf *out)
{
	int was_closed = c->state == WARD_ST_CLOSED;
	c->state = WARD_ST_CLOSED;
	if (was_closed || err == WARD_ERR_PEER_ALERT || err == WARD_ERR_PEER_CLOSED)
		return err;
	uint8_t desc = ward_tls_alert_for(err);
	c->info.alert_sent = desc;
	if (!c->error)
		ward_tls_fail(c, err, "%s", ward_tls_alert_name(desc));
	/* best effort: the error is what the caller needs */
	(void)send_alert(c, desc, out);
	ward_tls_hs_free(c);
	return err;
}

static ward_err handle_alert(ward_tls_conn *c, const ward_tls_record *rec)
{
	/* RFC 8446 5.4: an empty alert record is unexpected_message; 6: an
	 * alert is exactly level and description, any other length is
	 * decode_error */
	WARD_ENSURE(rec->body_len > 0,
		    ward_tls_fail(c, WARD_ERR_UNEXPECTED_MESSAGE,
				  "the peer sent an empty alert record"));
	WARD_ENSURE(rec->body_len == 2,
		    ward_tls_fail(c, WARD_ERR_DECODE,
				  "the peer sent an alert record of %zu bytes",
				  rec->body_len));
	uint8_t desc = rec->body[1];
	if (c->trace)
		ward_tls_trace_record(c, WARD_TLS_TRACE_ALERT, 0, rec->body[0],
				      desc, rec->body_len);
	if (desc == WARD_ALERT_CLOSE_NOTIFY) {
		c->got_close = 1;
		c->events |= WARD_TLS_EV_CLOSE_NOTIFY;
		return WARD_OK;
	}
	/* RFC 8446 6: user_canceled is followed by close_notify; all other
	 * alerts are fatal whatever their level says. RFC 5246 7.2.2: in
	 * TLS 1.2 a warning lets the connection go on (unrecognized_name,
	 * RFC 6066 3, is one servers send). */
	int tls12_warning = c->info.version == WARD_TLS_VERSION_12 &&
			    rec->body[0] == 1;
	if (desc == WARD_ALERT_USER_CANCELED || tls12_warning)
		return count_idle(c, &c->warning_alerts,
				  WARD_TLS_MAX_WARNING_ALERTS,
				  "warning alerts");
	c->info.alert_received = desc;
	const char *name = ward_tls_alert_name(desc);
	if (name)
		ward_tls_fail(c, WARD_ERR_PEER_ALERT, "peer sent alert %s",
			      name);
	else
		ward_tls_fail(c, WARD_ERR_PEER_ALERT, "peer sent alert %u",
			      desc);
	return WARD_ERR_PEER_ALERT;
}

/* RFC 5746 4.4, RFC 5246 7.2.2: ward never renegotiates; a ClientHello
 * (to a server) or a HelloRequest (to a client, RFC 5246 7.4.1.1: empty)
 * after the handshake gets a no_renegotiation warning and the connection
 * goes on. Anything else is unexpected_message (KeyUpdate and the other
 * TLS 1.3 messages do not exist in TLS 1.2). */
static ward_err post_handshake12(ward_tls_conn *c, uint8_t type,
				 ward_slice body, ward_buf *out)
{
	uint8_t want = c->role == WARD_TLS_SERVER ? WARD_HS_CLIENT_HELLO
						  : WARD_HS_HELLO_REQUEST;
	WARD_ENSURE(type == want, WARD_ERR_UNEXPECTED_MESSAGE);
	WARD_ENSURE(type != WARD_HS_HELLO_REQUEST || body.len == 0,
		    WARD_ERR_DECODE);
	WARD_TRY(count_idle(c, &c->renegotiations, WARD_TLS_MAX_RENEGOTIATIONS,
			    "renegotiation attempts"));
	static const uint8_t alert[2] = {1 /* warning */,
					 WARD_ALERT_NO_RENEGOTIATION};
	/* the key's last record is close_notify's: the warning is left out */
	if (tls12_records_left(c) <= 1)
		return WARD_OK;
	c->info.alert_sent = WARD_ALERT_NO_RENEGOTIATION;
	if (c->trace)
		ward_tls_trace_record(c, WARD_TLS_TRACE_ALERT, 1, alert[0],
				      alert[1], sizeof alert);
	return ward_tls_record_seal(&c->wr, out, WARD_TLS_CT_ALERT, alert,
				    sizeof alert, 0);
}

static ward_err dispatch(ward_tls_conn *c, uint8_t type, ward_slice msg,
			 ward_buf *out)
{
	ward_slice body = ward_slice_make(msg.p + WARD_HS_HEADER_LEN,
					  msg.len - WARD_HS_HEADER_LEN);
	if (c->trace)
		ward_tls_trace_handshake(c, 0, msg.p, msg.len);
	if (c->state == WARD_ST_CONNECTED &&
	    c->info.version == WARD_TLS_VERSION_12)
		return post_handshake12(c, type, body, out);
	if (c->state == WARD_ST_CONNECTED)
		return ward_tls13_post_handshake(c, type, body, out);
	if (c->role == WARD_TLS_SERVER && c->info.version == WARD_TLS_VERSION_12)
		return ward_tls12_server_handle(c, type, body, msg, out);
	if (c->role == WARD_TLS_SERVER)
		return ward_tls13_server_handle(c, type, body, msg, out);
	if (c->info.version == WARD_TLS_VERSION_12)
		return ward_tls12_client_handle(c, type, body, msg, out);
	return ward_tls13_client_handle(c, type, body, msg, out);
}

/* Handle one complete message; afterwards, bytes left in a record whose
 * message changed the read keys spanned a key change (RFC 8446 5.1). */
static ward_err handle_message(ward_tls_conn *c, const uint8_t *msg,
			       size_t msg_len, size_t left_in_record,
			       ward_buf *out)
{
	c->rd_changed = 0;
	if (c->state != WARD_ST_CONNECTED) {
		c->last.handshake_progress = 1;
		made_progress(c);
	}
	WARD_TRY(dispatch(c, msg[0], ward_slice_make(msg, msg_len), out));
	WARD_ENSURE(!c->rd_changed || left_in_record == 0,
		    WARD_ERR_UNEXPECTED_MESSAGE);
	return WARD_OK;
}

/* Whole messages are handled in place in the record; a message split
 * across records is gathered in c->hsmsg. */
static ward_err handle_handshake(ward_tls_conn *c, const uint8_t *p,
				 size_t len, ward_buf *out)
{
	/* RFC 8446 5.1, 5.4: no zero-length handshake fragments */
	WARD_ENSURE(len > 0,
		    ward_tls_fail(c, WARD_ERR_UNEXPECTED_MESSAGE,
				  "the peer sent an empty handshake record"));
	while (len > 0 && c->state != WARD_ST_CLOSED) {
		if (c->hsmsg.len == 0 && len >= WARD_HS_HEADER_LEN) {
			size_t body_len = ward_load_u24(p + 1);
			WARD_ENSURE(body_len <= WARD_TLS_MAX_HANDSHAKE_MSG,
				    WARD_ERR_ILLEGAL_PARAMETER);
			size_t msg_len = WARD_HS_HEADER_LEN + body_len;
			if (msg_len <= len) {
				const uint8_t *msg = p;
				p += msg_len;
				len -= msg_len;
				WARD_TRY(handle_message(c, msg, msg_len, len,
							out));
				continue;
			}
		}
		if (c->hsmsg.len < WARD_HS_HEADER_LEN) {
			size_t take = WARD_HS_HEADER_LEN - c->hsmsg.len;
			take = take < len ? take : len;
			WARD_TRY(ward_put_bytes(&c->hsmsg, p, take));
			p += take;
			len -= take;
			if (c->hsmsg.len < WARD_HS_HEADER_LEN)
				break;
		}
		size_t body_len = ward_load_u24(c->hsmsg.data + 1);
		WARD_ENSURE(body_len <= WARD_TLS_MAX_HANDSHAKE_MSG,
			    WARD_ERR_ILLEGAL_PARAMETER);
		size_t want = WARD_HS_HEADER_LEN + body_len - c->hsmsg.len;
		size_t take = want < len ? want : len;
		WARD_TRY(ward_put_bytes(&c->hsmsg, p, take));
		p += take;
		len -= take;
		if (take < want)
			break;
		ward_err err = handle_message(c, c->hsmsg.data, c->hsmsg.len,
					      len, out);
		ward_buf_free(&c->hsmsg);
		WARD_TRY(err);
	}
	return WARD_OK;
}

/* RFC 8446 5: a plaintext change_cipher_spec of the single byte 1 is
 * ignored from the first ClientHello until the peer's Finished. */
static int ccs_allowed(const ward_tls_conn *c)
{
	switch (c->state) {
	case WARD_ST_S_WAIT_CH2:
	case WARD_ST_S_WAIT_FINISHED:
	case WARD_ST_S_WAIT_CERT:
	case WARD_ST_S_WAIT_CV:
	case WARD_ST_S_WAIT_EOED:
	case WARD_ST_C_WAIT_SH:
	case WARD_ST_C_WAIT_SH2:
	case WARD_ST_C_WAIT_EE:
	case WARD_ST_C_WAIT_CERT_CR:
	case WARD_ST_C_WAIT_CERT:
	case WARD_ST_C_WAIT_CV:
	case WARD_ST_C_WAIT_FINISHED:
		return 1;
	default:
		return 0;
	}
}

/* RFC 8446 4.2.10: a server that does not accept the client's early data
 * skips it: after a HelloRetryRequest every protected record, after a
 * ServerHello those that do not decrypt under the handshake keys, up to
 * max_early_data_size (counted as plaintext: a record's body less the
 * tag and content type); past it a record that does not decrypt is
 * bad_record_mac, as any. *opened tells the record was decrypted here. */
static ward_err skip_early_data(ward_tls_conn *c, ward_tls_record *rec,
				int *skipped, int *opened)
{
	ward_tls_hs *hs = c->hs;
	*skipped = *opened = 0;
	if (c->rd.kind != WARD_TLS_PROT_PLAINTEXT) {
		ward_tls_record copy = *rec;
		ward_err err = ward_tls_record_open(&c->rd, &copy);
		if (err != WARD_ERR_BAD_RECORD_MAC) {
			/* the first record under the handshake keys ends it */
			hs->skip_early_data = 0;
			*rec = copy;
			*opened = 1;
			return err;
		}
	}
	size_t overhead = WARD_AEAD_TAG_LEN + 1;
	hs->early_data_skipped +=
	    rec->body_len > overhead ? rec->body_len - overhead : 0;
	if (hs->early_data_skipped > ward_tls13_early_skip_limit(c))
		return ward_tls_fail(c, WARD_ERR_BAD_RECORD_MAC,
				     "a record does not decrypt, past %zu "
				     "bytes of early data skipped",
				     ward_tls13_early_skip_limit(c));
	*skipped = 1;
	return WARD_OK;
}

static ward_err handle_record(ward_tls_conn *c, ward_tls_record *rec,
			      ward_buf *out, ward_buf *app)
{
	/* RFC 8446 5.1: nothing may come between the records of one
	 * handshake message (a protected record may be one of them) */
	WARD_ENSURE(c->hsmsg.len == 0 || rec->type == WARD_TLS_CT_HANDSHAKE ||
			    rec->type == WARD_TLS_CT_APPLICATION_DATA,
		    WARD_ERR_UNEXPECTED_MESSAGE);
	if (rec->type == WARD_TLS_CT_CHANGE_CIPHER_SPEC &&
	    c->info.version == WARD_TLS_VERSION_12) {
		/* RFC 5246 7.1: the single byte 1, once, right before the
		 * peer's Finished (resuming, the server's comes after its
		 * own Finished; renegotiation being refused, never under
		 * keys) */
		int server = c->role == WARD_TLS_SERVER;
		WARD_ENSURE(server ? c->state == WARD_ST_S12_WAIT_CCS ||
					 c->state == WARD_ST_S12R_WAIT_CCS
				   : c->state == WARD_ST_C12_WAIT_CCS,
			    ward_tls_fail(c, WARD_ERR_UNEXPECTED_MESSAGE,
					  "ChangeCipherSpec out of place"));
		WARD_ENSURE(rec->body_len == 1 && rec->body[0] == 1,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		if (c->trace)
			ward_tls_trace_record(c, WARD_TLS_TRACE_CCS, 0, 0, 0,
					      1);
		return server ? ward_tls12_server_ccs(c)
			      : ward_tls12_client_ccs(c);
	}
	if (rec->type == WARD_TLS_CT_CHANGE_CIPHER_SPEC) {
		/* any other CCS is unexpected_message (RFC 8446 5) */
		WARD_ENSURE(ccs_allowed(c) && rec->body_len == 1 &&
				    rec->body[0] == 1,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		/* D.4: one dummy ChangeCipherSpec from each side */
		WARD_ENSURE(!c->hs->got_ccs,
			    ward_tls_fail(c, WARD_ERR_UNEXPECTED_MESSAGE,
					  "the peer sent a second "
					  "ChangeCipherSpec"));
		c->hs->got_ccs = 1;
		if (c->trace)
			ward_tls_trace_record(c, WARD_TLS_TRACE_CCS, 0, 0, 0,
					      1);
		return WARD_OK;
	}
	int opened = 0;
	if (c->hs && c->hs->skip_early_data &&
	    rec->type == WARD_TLS_CT_APPLICATION_DATA) {
		int skipped;
		WARD_TRY(skip_early_data(c, rec, &skipped, &opened));
		if (skipped)
			return WARD_OK;
	}
	/* A peer that failed before it had our keys alerts in plaintext. */
	int plain_alert = rec->type == WARD_TLS_CT_ALERT &&
			  c->state != WARD_ST_CONNECTED &&
			  c->rd.kind == WARD_TLS_PROT_TLS13_AEAD;
	if (!opened && !plain_alert)
		WARD_TRY(ward_tls_record_open(&c->rd, rec));
	/* RFC 8446 5.1: no other record type inside a handshake message */
	WARD_ENSURE(c->hsmsg.len == 0 || rec->type == WARD_TLS_CT_HANDSHAKE,
		    WARD_ERR_UNEXPECTED_MESSAGE);
	if (c->got_close)
		return WARD_OK; /* RFC 8446 6.1: data after close is ignored */
	switch (rec->type) {
	case WARD_TLS_CT_ALERT:
		return handle_alert(c, rec);
	case WARD_TLS_CT_HANDSHAKE:
		return handle_handshake(c, rec->body, rec->body_len, out);
	case WARD_TLS_CT_APPLICATION_DATA:
		/* 0-RTT accepted (tls/server13_early.c) */
		if (c->state == WARD_ST_S_WAIT_EOED && rec->body_len > 0) {
			made_progress(c);
			return ward_tls13_server_early_record(
			    c, rec->body, rec->body_len, app);
		}
		WARD_ENSURE((c->state == WARD_ST_CONNECTED ||
			     c->state == WARD_ST_S_WAIT_EOED) &&
				    c->rd.kind != WARD_TLS_PROT_PLAINTEXT,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		if (c->trace)
			ward_tls_trace_record(c, WARD_TLS_TRACE_APP_DATA, 0, 0,
					      0, rec->body_len);
		/* 5.1: zero-length application data is allowed, but is not
		 * progress */
		if (rec->body_len == 0)
			return count_idle(c, &c->empty_records,
					  WARD_TLS_MAX_EMPTY_RECORDS,
					  "empty records");
		made_progress(c);
		return ward_put_bytes(app, rec->body, rec->body_len);
	case WARD_TLS_CT_HEARTBEAT:
		/* RFC 6520 2: only when the extension was negotiated */
		WARD_ENSURE(c->heartbeat,
			    ward_tls_fail(c, WARD_ERR_UNEXPECTED_MESSAGE,
					  "heartbeat record without the "
					  "heartbeat extension"));
		WARD_TRY(count_idle(c, &c->heartbeats, WARD_TLS_MAX_HEARTBEATS,
				    "heartbeat messages"));
		return ward_tls12_heartbeat(c, rec, out);
	default:
		return WARD_ERR_UNEXPECTED_MESSAGE;
	}
}

/* Protected records may be 256 bytes longer; early data being skipped
 * after a HelloRetryRequest is protected while our read side is not. */
static const ward_tls_prot *record_limits(const ward_tls_conn *c)
{
	static const ward_tls_prot protected_limits = {
		.kind = WARD_TLS_PROT_TLS13_AEAD};
	if (c->hs && c->hs->skip_early_data)
		return &protected_limits;
	return &c->rd;
}

static ward_err recv_records(ward_tls_conn *c, uint8_t *in, size_t len,
			     size_t *consumed, ward_buf *out, ward_buf *app);

ward_err ward_tls_recv(ward_tls_conn *c, uint8_t *in, size_t len,
		       size_t *consumed, ward_buf *out, ward_buf *app)
{
	*consumed = 0;
	memset(&c->last, 0, sizeof c->last);
	WARD_ENSURE(c->state != WARD_ST_CLOSED, WARD_ERR_STATE);
	WARD_ENSURE(c->state != WARD_ST_START, WARD_ERR_STATE);
	size_t out0 = out->len, app0 = app->len;
	ward_err err = recv_records(c, in, len, consumed, out, app);
	c->last.out_bytes = out->len - out0;
	c->last.app_bytes = app->len - app0;
	c->last.progress = c->last.app_bytes > 0 || c->last.handshake_progress;
	return err;
}

static ward_err recv_records(ward_tls_conn *c, uint8_t *in, size_t len,
			     size_t *consumed, ward_buf *out, ward_buf *app)
{
	while (*consumed < len) {
		ward_tls_record rec;
		ward_err err = ward_tls_record_parse(in + *consumed,
						     len - *consumed,
						     record_limits(c), &rec);
		if (err == WARD_ERR_WANT_INPUT)
			break;
		/* the wider limit is for skipped early data only */
		if (err == WARD_OK && c->rd.kind == WARD_TLS_PROT_PLAINTEXT &&
		    rec.type != WARD_TLS_CT_APPLICATION_DATA &&
		    rec.body_len > WARD_TLS_MAX_PLAINTEXT)
			err = WARD_ERR_RECORD_OVERFLOW;
		if (err == WARD_OK)
			err = handle_record(c, &rec, out, app);
		if (err != WARD_OK)
			return fail(c, err, out);
		*consumed += rec.total_len;
	}
	return WARD_OK;
}

static ward_err update_write_keys(ward_tls_conn *c, uint8_t request,
				  ward_buf *out);

/* TLS 1.2: the write key can seal one more record, which is close_notify;
 * the data not sealed yet is refused. */
static ward_err key_spent(ward_tls_conn *c, ward_buf *out)
{
	WARD_TRY(ward_tls_close(c, out));
	return ward_tls_fail(c, WARD_ERR_STATE,
			     "the AES-GCM write key has sealed its %llu "
			     "records, close_notify the last (TLS 1.2 has no "
			     "KeyUpdate)",
			     (unsigned long long)c->cfg->key_limit);
}

ward_err ward_tls_send(ward_tls_conn *c, const void *data, size_t len,
		       ward_buf *out)
{
	const uint8_t *p = data;
	WARD_ENSURE(c->state == WARD_ST_CONNECTED && !c->sent_close,
		    WARD_ERR_STATE);
	size_t records = (len + c->cfg->max_record - 1) / c->cfg->max_record;
	size_t overhead = ward_tls_prot_overhead(&c->wr);
	WARD_TRY(ward_buf_reserve(out, len + records * overhead));
	if (len > 0)
		c->key_update_unsent = 0;
	while (len > 0) {
		size_t n = len < c->cfg->max_record ? len : c->cfg->max_record;
		/* RFC 8446 5.5: new keys before an AES-GCM key has protected
		 * its limit; the KeyUpdate is the last record under the old */
		if (c->info.version == WARD_TLS_VERSION_12 &&
		    tls12_records_left(c) <= 1)
			return key_spent(c, out);
		if (c->info.version == WARD_TLS_VERSION_13 &&
		    c->suite->key_limited && c->wr.seq + 1 >= c->cfg->key_limit)
			WARD_TRY(update_write_keys(
			    c, WARD_KEY_UPDATE_NOT_REQUESTED, out));
		WARD_TRY(ward_tls_seal_app_record(c, p, n, out));
		p += n;
		len -= n;
	}
	return WARD_OK;
}

ward_err ward_tls_seal_app_record(ward_tls_conn *c, const uint8_t *p,
				  size_t n, ward_buf *out)
{
	if (c->trace)
		ward_tls_trace_record(c, WARD_TLS_TRACE_APP_DATA, 1, 0, 0, n);
	return ward_tls_record_seal(&c->wr, out, WARD_TLS_CT_APPLICATION_DATA,
				    p, n, 0);
}

ward_err ward_tls_close(ward_tls_conn *c, ward_buf *out)
{
	if (c->sent_close || c->state == WARD_ST_CLOSED)
		return WARD_OK;
	c->sent_close = 1;
	return send_alert(c, WARD_ALERT_CLOSE_NOTIFY, out);
}

static ward_err update_write_keys(ward_tls_conn *c, uint8_t request,
				  ward_buf *out)
{
	ward_buf msg;
	uint8_t storage[8];
	ward_buf_init_fixed(&msg, storage, sizeof storage);
	WARD_TRY(ward_key_update_write(&msg, request));
	WARD_TRY(ward_tls_send_handshake(c, msg.data, msg.len, out));
	WARD_TRY(ward_tls13_update_secret(c->suite->hash, c->wr_secret));
	WARD_TRY(ward_tls_set_write_secret(c, c->wr_secret));
	c->info.key_updates_sent++;
	return WARD_OK;
}

ward_err ward_tls_key_update(ward_tls_conn *c, int request_peer, ward_buf *out)
{
	/* TLS 1.2 has no KeyUpdate: its write secret is not kept */
	WARD_ENSURE(c->state == WARD_ST_CONNECTED && !c->sent_close &&
			c->info.version == WARD_TLS_VERSION_13,
		    WARD_ERR_STATE);
	c->key_update_unsent = 0;
	return update_write_keys(c,
				 request_peer ? WARD_KEY_UPDATE_REQUESTED
					      : WARD_KEY_UPDATE_NOT_REQUESTED,
				 out);
}

static ward_err handle_ticket(ward_tls_conn *c, ward_slice body)
{
	ward_tls_new_session_ticket t;
	WARD_TRY(ward_new_session_ticket_parse(body, &t));
	/* kept for resumption, the last one only (tls/session13.c) */
	return ward_tls13_keep_ticket(c, &t);
}

ward_err ward_tls13_post_handshake(ward_tls_conn *c, uint8_t type,
				   ward_slice body, ward_buf *out)
{
	switch (type) {
	case WARD_HS_KEY_UPDATE: {
		uint8_t request;
		WARD_TRY(ward_key_update_parse(body, &request));
		WARD_TRY(count_idle(c, &c->key_updates,
				    WARD_TLS_MAX_KEY_UPDATES, "KeyUpdates"));
		WARD_TRY(
		    ward_tls13_update_secret(c->suite->hash, c->rd_secret));
		WARD_TRY(ward_tls_set_read_secret(c, c->rd_secret));
		c->info.key_updates_received++;
		c->events |= WARD_TLS_EV_KEY_UPDATE;
		/* RFC 8446 4.6.3: answer a request with our own update; one
		 * answer covers all requests received while we are silent */
		if (request == WARD_KEY_UPDATE_REQUESTED && !c->sent_close &&
		    !c->key_update_unsent) {
			WARD_TRY(update_write_keys(
			    c, WARD_KEY_UPDATE_NOT_REQUESTED, out));
			c->key_update_unsent = 1;
		}
		return WARD_OK;
	}
	case WARD_HS_NEW_SESSION_TICKET:
		WARD_ENSURE(c->role == WARD_TLS_CLIENT,
			    WARD_ERR_UNEXPECTED_MESSAGE);
		return handle_ticket(c, body);
	default:
		/* post-handshake auth was not offered */
		return WARD_ERR_UNEXPECTED_MESSAGE;
	}
}

ward_err ward_tls_start(ward_tls_conn *c, ward_buf *out)
{
	WARD_ENSURE(c->role == WARD_TLS_CLIENT && c->state == WARD_ST_START,
		    WARD_ERR_STATE);
	ward_err err = WARD_OK;
	/* a verified chain for no name in particular proves nothing about
	 * whom we talk to: the caller must say that is what it wants */
	if (c->cfg->verify && !c->host && !c->verify_name_none)
		err = ward_tls_fail(c, WARD_ERR_ARG,
				    "no host name to check the server's "
				    "certificate against (set one, or say that "
				    "no name is to be checked)");
	if (err == WARD_OK)
		err = ward_tls13_client_start(c, out);
	if (err != WARD_OK) {
		c->state = WARD_ST_CLOSED;
		ward_tls_hs_free(c);
	}
	return err;
}

/* TLS 1.3 handshake pieces both roles use: transcript, key derivation and
 * installation, the key log, and sending handshake flights. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tls/conn.h"

ward_err ward_tls_fail(ward_tls_conn *c, ward_err err, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	free(c->error);
	c->error = strdup(line);
	c->info.error = c->error;
	return err;
}

ward_err ward_tls_random(ward_tls_conn *c, void *out, size_t len)
{
	return c->cfg->random(c->cfg->random_ctx, out, len);
}

time_t ward_tls_now(ward_tls_conn *c)
{
	return c->cfg->now(c->cfg->now_ctx);
}

ward_err ward_tls_transcript_add(ward_tls_conn *c, const uint8_t *msg,
				 size_t len)
{
	ward_tls_hs *hs = c->hs;
	if (hs->keep_msgs12)
		WARD_TRY(ward_put_bytes(&hs->msgs12, msg, len));
	if (!hs->transcript_ready)
		return ward_put_bytes(&hs->transcript_pending, msg, len);
	return ward_hash_update(&hs->transcript, msg, len);
}

ward_err ward_tls_transcript_start(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	WARD_ENSURE(!hs->transcript_ready, WARD_ERR_INTERNAL);
	WARD_TRY(ward_hash_init(&hs->transcript, c->suite->hash));
	hs->transcript_ready = 1;
	WARD_TRY(ward_hash_update(&hs->transcript, hs->transcript_pending.data,
				  hs->transcript_pending.len));
	ward_buf_free(&hs->transcript_pending);
	return WARD_OK;
}

ward_err ward_tls_transcript_hrr(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	uint8_t th[WARD_HASH_MAX];
	size_t hlen = ward_hash_len(c->suite->hash);
	WARD_TRY(ward_hash_peek(&hs->transcript, th));
	ward_hash_free(&hs->transcript);
	WARD_TRY(ward_hash_init(&hs->transcript, c->suite->hash));
	/* RFC 8446 4.4.1: message_hash || 00 00 Hash.length || Hash(CH1) */
	uint8_t header[4] = {WARD_HS_MESSAGE_HASH, 0, 0, (uint8_t)hlen};
	WARD_TRY(ward_hash_update(&hs->transcript, header, sizeof header));
	return ward_hash_update(&hs->transcript, th, hlen);
}

ward_err ward_tls_transcript_hash(ward_tls_conn *c, uint8_t *out)
{
	return ward_hash_peek(&c->hs->transcript, out);
}

ward_err ward_tls_send_handshake(ward_tls_conn *c, const uint8_t *p,
				 size_t len, ward_buf *out)
{
	if (c->trace)
		ward_tls_trace_handshake(c, 1, p, len);
	while (len > 0) {
		size_t n = len < c->cfg->max_record ? len : c->cfg->max_record;
		WARD_TRY(ward_tls_record_seal(&c->wr, out,
					      WARD_TLS_CT_HANDSHAKE, p, n, 0));
		p += n;
		len -= n;
	}
	return WARD_OK;
}

ward_err ward_tls_new_share(ward_tls_conn *c, uint16_t group, uint8_t *pub,
			    size_t *pub_len)
{
	const ward_tls_config *cfg = c->cfg;
	ward_kex_free(&c->hs->kex);
	for (size_t i = 0; i < sizeof cfg->test_kex / sizeof *cfg->test_kex;
	     i++)
		if (cfg->test_kex[i].priv.len &&
		    cfg->test_kex[i].group == group)
			return ward_kex_from_private(
			    &c->hs->kex, group, cfg->test_kex[i].priv.data,
			    cfg->test_kex[i].priv.len, pub, pub_len);
	return ward_kex_keygen(&c->hs->kex, group, pub, pub_len);
}

ward_err ward_tls_send_ccs(ward_tls_conn *c, ward_buf *out)
{
	static const uint8_t ccs[] = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
	if (c->hs->sent_ccs)
		return WARD_OK;
	c->hs->sent_ccs = 1;
	if (c->trace)
		ward_tls_trace_record(c, WARD_TLS_TRACE_CCS, 1, 0, 0, 1);
	return ward_put_bytes(out, ccs, sizeof ccs);
}

static ward_err install(ward_tls_conn *c, ward_tls_prot *p,
			const uint8_t *secret, int encrypt)
{
	uint8_t key[WARD_AEAD_KEY_MAX], iv[WARD_AEAD_NONCE_LEN];
	ward_err err = ward_tls13_traffic_keys(c->suite->hash, c->suite->aead,
					       secret, key, iv);
	if (err == WARD_OK) {
		ward_tls_prot_free(p);
		err = ward_tls_prot_init_tls13(p, c->suite->aead, key, iv,
					       encrypt);
	}
	ward_wipe(key, sizeof key);
	ward_wipe(iv, sizeof iv);
	return err;
}

/* Which keys a secret makes (for the trace): the handshake secrets and
 * the application ones have their places; any other is early. */
static uint8_t epoch13(const ward_tls_conn *c, const uint8_t *secret)
{
	if (c->hs && (secret == c->hs->c_hs || secret == c->hs->s_hs))
		return WARD_TLS_EPOCH_HANDSHAKE;
	if (secret == c->rd_secret || secret == c->wr_secret)
		return WARD_TLS_EPOCH_APPLICATION;
	return WARD_TLS_EPOCH_EARLY;
}

ward_err ward_tls_set_read_secret(ward_tls_conn *c, const uint8_t *secret)
{
	c->rd_epoch13 = epoch13(c, secret);
	/* RFC 8446 5.1: handshake messages MUST NOT span a key change;
	 * the record loop checks nothing follows in this record */
	c->rd_changed = 1;
	return install(c, &c->rd, secret, 0);
}

ward_err ward_tls_set_write_secret(ward_tls_conn *c, const uint8_t *secret)
{
	c->wr_epoch13 = epoch13(c, secret);
	return install(c, &c->wr, secret, 1);
}

void ward_tls_keylog(ward_tls_conn *c, const char *label,
		     const uint8_t *secret)
{
	ward_tls_keylog_len(c, label, secret, ward_hash_len(c->suite->hash));
}

void ward_tls_keylog_len(ward_tls_conn *c, const char *label,
			 const uint8_t *secret, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	if (!c->cfg->keylog)
		return;
	char line[64 + 1 + 64 + 1 + 2 * WARD_HASH_MAX + 1];
	size_t n = (size_t)snprintf(line, sizeof line, "%s ", label);
	for (size_t i = 0; i < 32; i++) {
		line[n++] = hex[c->hs->client_random[i] >> 4];
		line[n++] = hex[c->hs->client_random[i] & 15];
	}
	line[n++] = ' ';
	for (size_t i = 0; i < len && i < WARD_HASH_MAX; i++) {
		line[n++] = hex[secret[i] >> 4];
		line[n++] = hex[secret[i] & 15];
	}
	line[n] = 0;
	c->cfg->keylog(c->cfg->keylog_ctx, line);
}

ward_err ward_tls_derive_handshake(ward_tls_conn *c, const uint8_t *ecdhe,
				   size_t ecdhe_len)
{
	ward_tls_hs *hs = c->hs;
	uint8_t th[WARD_HASH_MAX];
	/* RFC 8446 7.1: the Early Secret from the PSK when resuming */
	WARD_TRY(ward_tls13_schedule_init(&hs->ks, c->suite->hash,
					  hs->psk_len ? hs->psk : NULL,
					  hs->psk_len));
	WARD_TRY(ward_tls13_schedule_handshake(&hs->ks, ecdhe, ecdhe_len));
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_tls13_derive_secret(c->suite->hash, hs->ks.secret,
					  "c hs traffic", th, hs->c_hs));
	WARD_TRY(ward_tls13_derive_secret(c->suite->hash, hs->ks.secret,
					  "s hs traffic", th, hs->s_hs));
	ward_tls_keylog(c, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", hs->c_hs);
	ward_tls_keylog(c, "SERVER_HANDSHAKE_TRAFFIC_SECRET", hs->s_hs);
	return WARD_OK;
}

ward_err ward_tls_derive_application(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	ward_hash_alg h = c->suite->hash;
	uint8_t th[WARD_HASH_MAX], exporter[WARD_HASH_MAX];
	uint8_t *client = c->role == WARD_TLS_CLIENT ? c->wr_secret : c->rd_secret;
	uint8_t *server = c->role == WARD_TLS_CLIENT ? c->rd_secret : c->wr_secret;
	WARD_TRY(ward_tls13_schedule_master(&hs->ks));
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_tls13_derive_secret(h, hs->ks.secret, "c ap traffic", th,
					  client));
	WARD_TRY(ward_tls13_derive_secret(h, hs->ks.secret, "s ap traffic", th,
					  server));
	WARD_TRY(ward_tls13_derive_secret(h, hs->ks.secret, "exp master", th,
					  exporter));
	ward_tls_keylog(c, "CLIENT_TRAFFIC_SECRET_0", client);
	ward_tls_keylog(c, "SERVER_TRAFFIC_SECRET_0", server);
	ward_tls_keylog(c, "EXPORTER_SECRET", exporter);
	ward_wipe(exporter, sizeof exporter);
	return WARD_OK;
}

ward_err ward_tls_finished_data(ward_tls_conn *c, int server, uint8_t *out)
{
	uint8_t th[WARD_HASH_MAX];
	WARD_TRY(ward_tls_transcript_hash(c, th));
	return ward_tls13_finished(c->suite->hash,
				   server ? c->hs->s_hs : c->hs->c_hs, th, out);
}

ward_err ward_tls_check_peer_finished(ward_tls_conn *c, ward_slice body,
				      ward_slice msg)
{
	uint8_t want[WARD_HASH_MAX];
	size_t hlen = ward_hash_len(c->suite->hash);
	int server = c->role == WARD_TLS_CLIENT;
	WARD_ENSURE(body.len == hlen, WARD_ERR_DECODE);
	WARD_TRY(ward_tls_finished_data(c, server, want));
	int ok = ward_ct_eq(want, body.p, hlen);
	ward_wipe(want, sizeof want);
	WARD_ENSURE(ok, ward_tls_fail(c, WARD_ERR_DECRYPT_ERROR,
				      "the %s's Finished does not verify",
				      server ? "server" : "client"));
	return ward_tls_transcript_add(c, msg.p, msg.len);
}

int ward_tls13_cv_scheme(uint16_t s)
{
	return !((s >> 8) <= 0x06 && ((s & 0xff) == 0x01 || (s >> 8) == 0x02));
}

ward_err ward_tls13_check_peer_cv(ward_tls_conn *c, ward_slice body,
				  ward_tls_scheme_ok listed,
				  uint16_t *scheme)
{
	ward_tls_certificate_verify cv;
	uint8_t th[WARD_HASH_MAX], content[WARD_CV_CONTENT_MAX];
	int server = c->role == WARD_TLS_CLIENT;
	WARD_TRY(ward_certificate_verify_parse(body, &cv));
	WARD_ENSURE(listed(c, cv.scheme) &&
			    ward_pkey_can_verify(c->hs->peer_key, cv.scheme),
		    ward_tls_fail(c, WARD_ERR_ILLEGAL_PARAMETER,
				  "the %s signed with scheme 0x%04x, not %s or "
				  "unfit for its key",
				  server ? "server" : "client", cv.scheme,
				  server ? "offered" : "requested"));
	WARD_TRY(ward_tls_transcript_hash(c, th));
	size_t len = ward_certificate_verify_content(
	    server, th, ward_hash_len(c->suite->hash), content);
	ward_err err = ward_verify(c->hs->peer_key, cv.scheme, content, len,
				   cv.signature.p, cv.signature.len);
	if (err != WARD_OK)
		return ward_tls_fail(c, err,
				     "the %s's CertificateVerify does not verify",
				     server ? "server" : "client");
	*scheme = cv.scheme;
	return WARD_OK;
}

ward_err ward_tls13_binder(ward_tls_conn *c, ward_hash_alg hash,
			   const uint8_t *psk, const uint8_t *msg,
			   size_t prefix_len, uint8_t *binder)
{
	ward_tls_hs *hs = c->hs;
	ward_tls13_schedule ks;
	ward_hash t = {0};
	uint8_t th[WARD_HASH_MAX], key[WARD_HASH_MAX];
	ward_err ret;
	memset(&ks, 0, sizeof ks);
	if (hs->transcript_ready) {
		WARD_ENSURE(hs->transcript.alg == hash, WARD_ERR_INTERNAL);
		WARD_TRY(ward_hash_copy(&t, &hs->transcript));
	} else {
		WARD_TRY(ward_hash_init(&t, hash));
	}
	WARD_TRY_OUT(ward_hash_update(&t, msg, prefix_len));
	WARD_TRY_OUT(ward_hash_peek(&t, th));
	WARD_TRY_OUT(
	    ward_tls13_schedule_init(&ks, hash, psk, ward_hash_len(hash)));
	WARD_TRY_OUT(ward_tls13_binder_key(&ks, key));
	WARD_TRY_OUT(ward_tls13_finished(hash, key, th, binder));
out:
	ward_hash_free(&t);
	ward_tls13_schedule_wipe(&ks);
	ward_wipe(key, sizeof key);
	return ret;
}

/* The first entries of a u16 list into fixed space; counts the rest. */
static void keep_u16s(uint8_t *dst, ward_slice list, ward_slice *kept,
		      size_t *more)
{
	size_t n = list.len / 2;
	size_t keep = n < WARD_TLS_OFFERED_MAX ? n : WARD_TLS_OFFERED_MAX;
	if (keep)
		memcpy(dst, list.p, 2 * keep);
	*kept = ward_slice_make(dst, 2 * keep);
	*more = n - keep;
}

/* The client checks the server's choices against what it kept of its
 * own ClientHello: all of it, its lists being no longer than these. */
_Static_assert(WARD_TLS_MAX_SUITES <= WARD_TLS_OFFERED_MAX &&
		   WARD_TLS_MAX_GROUPS <= WARD_TLS_OFFERED_MAX &&
		   WARD_TLS_MAX_SIGSCHEMES <= WARD_TLS_OFFERED_MAX,
	       "a client's own offer is kept whole");

/* A bounded summary of the ClientHello's lists that outlives the
 * handshake: a ClientHello of 128 KiB keeps less than 1 KiB of it. */
ward_err ward_tls_keep_offered(ward_tls_conn *c,
			       const ward_tls_client_hello *ch)
{
	ward_tls_info *i = &c->info;
	keep_u16s(c->offered[0], ch->supported_versions, &i->offered_versions,
		  &i->more_versions);
	keep_u16s(c->offered[1], ch->cipher_suites, &i->offered_suites,
		  &i->more_suites);
	keep_u16s(c->offered[2], ch->supported_groups, &i->offered_groups,
		  &i->more_groups);
	keep_u16s(c->offered[3], ch->signature_algorithms,
		  &i->offered_sigschemes, &i->more_sigschemes);
	/* whole ALPN names while they fit (the parser checked the syntax) */
	ward_reader r = ward_reader_make(ch->alpn.p, ch->alpn.len);
	size_t kept = 0;
	i->more_alpn = 0;
	while (ward_reader_left(&r) > 0) {
		ward_slice name;
		WARD_TRY(ward_read_vec_slice(&r, 1, 1, 255, &name));
		if (i->more_alpn == 0 &&
		    kept + 1 + name.len <= sizeof c->offered_alpn) {
			c->offered_alpn[kept] = (uint8_t)name.len;
			memcpy(c->offered_alpn + kept + 1, name.p, name.len);
			kept += 1 + name.len;
		} else {
			i->more_alpn++;
		}
	}
	i->offered_alpn = ward_slice_make(c->offered_alpn, kept);
	return WARD_OK;
}

ward_err ward_tls_handshake_complete(ward_tls_conn *c)
{
	uint8_t th[WARD_HASH_MAX];
	WARD_TRY(ward_tls_transcript_hash(c, th));
	WARD_TRY(ward_tls13_derive_secret(c->suite->hash, c->hs->ks.secret,
					  "res master", th,
					  c->resumption_secret));
	WARD_TRY(ward_tls_set_read_secret(c, c->rd_secret));
	c->state = WARD_ST_CONNECTED;
	c->events |= WARD_TLS_EV_HANDSHAKE_DONE;
	ward_tls_hs_free(c);
	return WARD_OK;
}

void ward_tls_hs_free(ward_tls_conn *c)
{
	ward_tls_hs *hs = c->hs;
	if (!hs)
		return;
	ward_hash_free(&hs->transcript);
	ward_buf_free(&hs->transcript_pending);
	ward_tls13_schedule_wipe(&hs->ks);
	ward_kex_free(&hs->kex);
	ward_buf_free(&hs->scratch);
	ward_buf_free(&hs->cookie);
	ward_buf_free(&hs->cr_context);
	ward_buf_free(&hs->msgs12);
	ward_pkey_free(hs->peer_key);
	ward_wipe(hs, sizeof *hs);
	free(hs);
	c->hs = NULL;
}

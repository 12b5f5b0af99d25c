/* A scripted TLS 1.3 peer; see tls_script.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "tls_script.h"

#define HLEN 32

static const uint8_t fixed_random[32] = {
    0x5c, 0x51, 0x7a, 0x0e, 0x22, 0x63, 0x94, 0xb1, 0x07, 0x18, 0x29,
    0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x8f, 0x90, 0xa1, 0xb2, 0xc3, 0xd4,
    0xe5, 0xf6, 0x07, 0x18, 0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e};

void script_msg(ward_buf *b, uint8_t type, const void *body, size_t len)
{
	assert_ok(ward_put_u8(b, type));
	assert_ok(ward_put_u24(b, (uint32_t)len));
	assert_ok(ward_put_bytes(b, body, len));
}

static void init(struct script *s)
{
	memset(s, 0, sizeof *s);
	ward_buf_init(&s->out);
	ward_buf_init(&s->app);
	ward_buf_init(&s->client_hello);
	ward_tls_prot_init_plain(&s->rd);
	ward_tls_prot_init_plain(&s->wr);
	assert_ok(ward_hash_init(&s->transcript, WARD_HASH_SHA256));
}

void script_transcript_add(struct script *s, const ward_buf *msgs)
{
	assert_ok(ward_hash_update(&s->transcript, msgs->data, msgs->len));
}

void script_transcript_hash(struct script *s, uint8_t *out)
{
	assert_ok(ward_hash_peek(&s->transcript, out));
}

void script_derive_handshake(struct script *s, const uint8_t *ecdhe, size_t len)
{
	uint8_t th[HLEN];
	assert_ok(ward_tls13_schedule_init(&s->ks, WARD_HASH_SHA256, NULL, 0));
	assert_ok(ward_tls13_schedule_handshake(&s->ks, ecdhe, len));
	script_transcript_hash(s, th);
	assert_ok(ward_tls13_derive_secret(WARD_HASH_SHA256, s->ks.secret,
					   "c hs traffic", th, s->c_hs));
	assert_ok(ward_tls13_derive_secret(WARD_HASH_SHA256, s->ks.secret,
					   "s hs traffic", th, s->s_hs));
}

void script_derive_application(struct script *s)
{
	uint8_t th[HLEN];
	assert_ok(ward_tls13_schedule_master(&s->ks));
	script_transcript_hash(s, th);
	assert_ok(ward_tls13_derive_secret(WARD_HASH_SHA256, s->ks.secret,
					   "c ap traffic", th, s->c_ap));
	assert_ok(ward_tls13_derive_secret(WARD_HASH_SHA256, s->ks.secret,
					   "s ap traffic", th, s->s_ap));
}

void script_install(ward_tls_prot *p, const uint8_t *secret, int encrypt)
{
	uint8_t key[16], iv[12];
	assert_ok(ward_tls13_traffic_keys(
	    WARD_HASH_SHA256, WARD_AEAD_AES_128_GCM, secret, key, iv));
	ward_tls_prot_free(p);
	assert_ok(ward_tls_prot_init_tls13(p, WARD_AEAD_AES_128_GCM, key, iv,
					   encrypt));
}

void script_finished(struct script *s, const uint8_t *base_key,
		     uint8_t *verify_data)
{
	uint8_t th[HLEN];
	script_transcript_hash(s, th);
	assert_ok(
	    ward_tls13_finished(WARD_HASH_SHA256, base_key, th, verify_data));
}

ward_err script_feed(struct script *s, const ward_buf *bytes)
{
	ward_buf in;
	size_t used = 0;
	ward_buf_init(&in);
	assert_ok(ward_put_bytes(&in, bytes->data, bytes->len));
	ward_err err =
	    ward_tls_recv(s->conn, in.data, in.len, &used, &s->out, &s->app);
	if (err == WARD_OK)
		assert_int_equal(used, in.len);
	else if (s->err == WARD_OK)
		s->err = err;
	ward_buf_free(&in);
	return err;
}

void script_seal(struct script *s, ward_buf *to, uint8_t type,
		 const void *payload, size_t len)
{
	assert_ok(ward_tls_record_seal(&s->wr, to, type, payload, len, 0));
}

void script_seal_inner(struct script *s, ward_buf *to, const uint8_t *inner,
		       size_t len)
{
	uint8_t *hdr, nonce[WARD_AEAD_NONCE_LEN];
	size_t n = len + WARD_AEAD_TAG_LEN;
	assert_true(n <= 0xffff);
	assert_ok(ward_buf_reserve(to, WARD_TLS_RECORD_HEADER_LEN + n));
	hdr = to->data + to->len;
	hdr[0] = WARD_TLS_CT_APPLICATION_DATA;
	ward_store_u16(hdr + 1, 0x0303);
	ward_store_u16(hdr + 3, (uint16_t)n);
	/* RFC 8446 5.3: iv XOR the sequence number */
	memcpy(nonce, s->wr.iv, sizeof nonce);
	for (size_t i = 0; i < 8; i++)
		nonce[sizeof nonce - 1 - i] ^= (uint8_t)(s->wr.seq >> (8 * i));
	assert_ok(ward_aead_seal(&s->wr.aead, nonce, hdr,
				 WARD_TLS_RECORD_HEADER_LEN, inner, len,
				 hdr + WARD_TLS_RECORD_HEADER_LEN));
	s->wr.seq++;
	to->len += WARD_TLS_RECORD_HEADER_LEN + n;
}

int script_next_record(struct script *s, uint8_t *type, ward_buf *plain)
{
	ward_tls_record rec;
	static const ward_tls_prot any = {.kind = WARD_TLS_PROT_TLS13_AEAD};
	for (;;) {
		if (s->out.len == 0)
			return 0;
		assert_ok(
		    ward_tls_record_parse(s->out.data, s->out.len, &any, &rec));
		if (rec.type != WARD_TLS_CT_CHANGE_CIPHER_SPEC)
			break;
		ward_buf_consume(&s->out, rec.total_len);
	}
	if (rec.type == WARD_TLS_CT_APPLICATION_DATA)
		assert_ok(ward_tls_record_open(&s->rd, &rec));
	*type = rec.type;
	ward_buf_clear(plain);
	assert_ok(ward_put_bytes(plain, rec.body, rec.body_len));
	ward_buf_consume(&s->out, rec.total_len);
	return 1;
}

void script_expect_alert(struct script *s, uint8_t desc)
{
	uint8_t type;
	ward_buf plain;
	ward_buf_init(&plain);
	assert_true(script_next_record(s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_ALERT);
	assert_int_equal(plain.len, 2);
	assert_int_equal(plain.data[0], 2); /* fatal */
	assert_int_equal(plain.data[1], desc);
	assert_int_equal(s->out.len, 0);
	ward_buf_free(&plain);
}

/* ---- messages by hand ---- */

static void put_u16s(ward_buf *b, unsigned len_bytes, const uint16_t *v,
		     size_t n)
{
	size_t mark;
	assert_ok(ward_put_vec_begin(b, len_bytes, &mark));
	for (size_t i = 0; i < n; i++)
		assert_ok(ward_put_u16(b, v[i]));
	assert_ok(ward_put_vec_end(b, mark));
}

static void ext_begin(ward_buf *b, uint16_t code, size_t *mark)
{
	assert_ok(ward_put_u16(b, code));
	assert_ok(ward_put_vec_begin(b, 2, mark));
}

static void ext_end(ward_buf *b, size_t mark)
{
	assert_ok(ward_put_vec_end(b, mark));
}

/* The first extension `code` of an extension block read by r. */
static int find_ext(ward_reader *r, uint16_t code, ward_slice *body)
{
	ward_reader block;
	assert_ok(ward_read_vec(r, 2, 0, 0xffff, &block));
	while (ward_reader_left(&block) > 0) {
		uint16_t c;
		ward_slice b;
		assert_ok(ward_read_u16(&block, &c));
		assert_ok(ward_read_vec_slice(&block, 2, 0, 0xffff, &b));
		if (c == code) {
			*body = b;
			return 1;
		}
	}
	return 0;
}

/* ---- the script as a client ---- */

void script_server_setup(struct script *s, ward_key_type type)
{
	ward_chain *chain;
	init(s);
	assert_ok(ward_ca_make_test_chain(type, "localhost", 0, &s->chain));
	s->cfg = ward_tls_config_new(WARD_TLS_SERVER);
	assert_non_null(s->cfg);
	assert_ok(ward_chain_load_pem(s->chain.cert_pem.data,
				      s->chain.cert_pem.len, &chain));
	assert_ok(ward_tls_config_add_cert(s->cfg, chain,
					   ward_pkey_ref(s->chain.key)));
	s->conn = ward_tls_conn_new(s->cfg);
	assert_non_null(s->conn);
}

static void write_client_hello(struct script *s, ward_buf *b, unsigned flags)
{
	static const uint16_t suites[] = {WARD_TLS_AES_128_GCM_SHA256};
	static const uint16_t groups[] = {WARD_GROUP_X25519};
	static const uint16_t sigalgs[] = {WARD_SIG_ECDSA_SECP256R1_SHA256,
					   WARD_SIG_RSA_PSS_RSAE_SHA256,
					   WARD_SIG_ED25519};
	static const uint16_t versions[] = {0x0304};
	uint8_t pub[32];
	size_t pub_len = sizeof pub, msg, exts, ext, inner;
	assert_ok(ward_kex_keygen(&s->kex, WARD_GROUP_X25519, pub, &pub_len));
	assert_ok(ward_put_u8(b, 1));
	assert_ok(ward_put_vec_begin(b, 3, &msg));
	assert_ok(ward_put_u16(b, 0x0303));
	assert_ok(ward_put_bytes(b, fixed_random, 32));
	assert_ok(ward_put_vec(b, 1, "", 0));
	put_u16s(b, 2, suites, 1);
	assert_ok(ward_put_vec(b, 1, "\0", 1));
	assert_ok(ward_put_vec_begin(b, 2, &exts));
	ext_begin(b, 0x0000, &ext); /* server_name */
	assert_ok(ward_put_vec_begin(b, 2, &inner));
	assert_ok(ward_put_u8(b, 0));
	assert_ok(ward_put_vec(b, 2, "localhost", 9));
	assert_ok(ward_put_vec_end(b, inner));
	ext_end(b, ext);
	ext_begin(b, 0x000a, &ext);
	put_u16s(b, 2, groups, 1);
	ext_end(b, ext);
	ext_begin(b, 0x000d, &ext);
	put_u16s(b, 2, sigalgs, 3);
	ext_end(b, ext);
	ext_begin(b, 0x002b, &ext);
	put_u16s(b, 1, versions, 1);
	ext_end(b, ext);
	ext_begin(b, 0x002d, &ext); /* psk_key_exchange_modes: psk_dhe_ke */
	assert_ok(ward_put_vec(b, 1, "\x01", 1));
	ext_end(b, ext);
	ext_begin(b, 0x0033, &ext);
	assert_ok(ward_put_vec_begin(b, 2, &inner));
	assert_ok(ward_put_u16(b, WARD_GROUP_X25519));
	assert_ok(ward_put_vec(b, 2, pub, pub_len));
	assert_ok(ward_put_vec_end(b, inner));
	ext_end(b, ext);
	if (flags & SCRIPT_EARLY_DATA) {
		uint8_t binder[32] = {0};
		ext_begin(b, 0x002a, &ext); /* early_data */
		ext_end(b, ext);
		ext_begin(b, 0x0029, &ext); /* pre_shared_key, last */
		assert_ok(ward_put_vec_begin(b, 2, &inner));
		assert_ok(ward_put_vec(b, 2, "ticket", 6));
		assert_ok(ward_put_u32(b, 0));
		assert_ok(ward_put_vec_end(b, inner));
		assert_ok(ward_put_vec_begin(b, 2, &inner));
		assert_ok(ward_put_vec(b, 1, binder, sizeof binder));
		assert_ok(ward_put_vec_end(b, inner));
		ext_end(b, ext);
	}
	assert_ok(ward_put_vec_end(b, exts));
	assert_ok(ward_put_vec_end(b, msg));
}

/* The server's key share from its ServerHello message. */
static void server_share(const ward_buf *sh, ward_slice *share)
{
	ward_reader r = ward_reader_make(sh->data, sh->len);
	ward_slice body, sid;
	uint16_t group;
	assert_ok(ward_read_skip(&r, 4 + 2 + 32));
	assert_ok(ward_read_vec_slice(&r, 1, 0, 32, &sid));
	assert_ok(ward_read_skip(&r, 3));
	assert_true(find_ext(&r, 0x0033, &body));
	ward_reader kr = ward_reader_make(body.p, body.len);
	assert_ok(ward_read_u16(&kr, &group));
	assert_int_equal(group, WARD_GROUP_X25519);
	assert_ok(ward_read_vec_slice(&kr, 2, 32, 32, share));
}

void script_client_hello(struct script *s, unsigned flags,
			 const ward_buf *extra)
{
	ward_buf ch, wire, rec;
	uint8_t type, secret[32], want[HLEN];
	size_t secret_len = sizeof secret;
	ward_slice share;
	ward_buf_init(&ch);
	ward_buf_init(&wire);
	ward_buf_init(&rec);
	write_client_hello(s, &ch, flags);
	script_transcript_add(s, &ch);
	script_seal(s, &wire, WARD_TLS_CT_HANDSHAKE, ch.data, ch.len);
	if (extra)
		assert_ok(ward_put_bytes(&wire, extra->data, extra->len));
	(void)script_feed(s, &wire);

	/* ServerHello in plaintext, then the flight under the server's
	 * handshake keys */
	assert_true(script_next_record(s, &type, &rec));
	assert_int_equal(type, WARD_TLS_CT_HANDSHAKE);
	assert_int_equal(rec.data[0], 2);
	server_share(&rec, &share);
	assert_ok(
	    ward_kex_derive(&s->kex, share.p, share.len, secret, &secret_len));
	script_transcript_add(s, &rec);
	script_derive_handshake(s, secret, secret_len);
	script_install(&s->rd, s->s_hs, 0);
	script_install(&s->wr, s->c_hs, 1);
	ward_buf msgs;
	ward_buf_init(&msgs);
	/* messages up to the server's Finished, which must verify */
	for (;;) {
		assert_true(script_next_record(s, &type, &rec));
		assert_int_equal(type, WARD_TLS_CT_HANDSHAKE);
		assert_ok(ward_put_bytes(&msgs, rec.data, rec.len));
		size_t at = 0, fin = SIZE_MAX;
		while (at + 4 <= msgs.len) {
			if (msgs.data[at] == 20)
				fin = at;
			at += 4 + ward_load_u24(msgs.data + at + 1);
		}
		if (fin == SIZE_MAX || at != msgs.len)
			continue;
		ward_buf before;
		ward_buf_init(&before);
		assert_ok(ward_put_bytes(&before, msgs.data, fin));
		script_transcript_add(s, &before);
		script_finished(s, s->s_hs, want);
		assert_int_equal(msgs.len - fin, 4 + HLEN);
		assert_memory_equal(msgs.data + fin + 4, want, HLEN);
		ward_buf_clear(&before);
		assert_ok(ward_put_bytes(&before, msgs.data + fin, 4 + HLEN));
		script_transcript_add(s, &before);
		ward_buf_free(&before);
		break;
	}
	script_derive_application(s);
	/* the server writes under its application keys from here on */
	script_install(&s->rd, s->s_ap, 0);
	ward_buf_free(&msgs);
	ward_buf_free(&ch);
	ward_buf_free(&wire);
	ward_buf_free(&rec);
}

void script_client_finished(struct script *s, int wrong)
{
	uint8_t verify[HLEN];
	ward_buf msg, wire;
	ward_buf_init(&msg);
	ward_buf_init(&wire);
	script_finished(s, s->c_hs, verify);
	if (wrong)
		verify[HLEN - 1] ^= 0x01;
	script_msg(&msg, 20, verify, HLEN);
	script_seal(s, &wire, WARD_TLS_CT_HANDSHAKE, msg.data, msg.len);
	ward_err err = script_feed(s, &wire);
	if (!wrong) {
		assert_ok(err);
		assert_true(ward_tls_handshake_done(s->conn));
		script_transcript_add(s, &msg);
		script_install(&s->wr, s->c_ap, 1);
	}
	ward_buf_free(&msg);
	ward_buf_free(&wire);
}

/* ---- the script as a server ---- */

void script_client_setup(struct script *s, ward_key_type type)
{
	ward_trust *trust;
	init(s);
	assert_ok(ward_ca_make_test_chain(type, "localhost", 0, &s->chain));
	snprintf(s->ca_path, sizeof s->ca_path, "/tmp/ward-script-ca-%d.pem",
		 (int)getpid());
	FILE *f = fopen(s->ca_path, "wb");
	assert_non_null(f);
	assert_int_equal(
	    fwrite(s->chain.ca_pem.data, 1, s->chain.ca_pem.len, f),
	    s->chain.ca_pem.len);
	fclose(f);
	s->cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	assert_non_null(s->cfg);
	assert_ok(ward_trust_load(s->ca_path, &trust, NULL, 0));
	ward_tls_config_set_trust(s->cfg, trust);
	s->conn = ward_tls_conn_new(s->cfg);
	assert_non_null(s->conn);
	assert_ok(ward_tls_set_hostname(s->conn, "localhost"));
	ward_buf rec;
	ward_buf_init(&rec);
	assert_ok(ward_tls_start(s->conn, &s->out));
	uint8_t rtype;
	assert_true(script_next_record(s, &rtype, &rec));
	assert_int_equal(rtype, WARD_TLS_CT_HANDSHAKE);
	assert_ok(ward_put_bytes(&s->client_hello, rec.data, rec.len));
	ward_buf_free(&rec);
}

void script_server_hello(struct script *s, ward_buf *to)
{
	const ward_buf *ch = &s->client_hello;
	ward_reader r = ward_reader_make(ch->data, ch->len);
	ward_slice sid, skip, shares, share = {0};
	uint8_t pub[32], secret[32];
	size_t pub_len = sizeof pub, secret_len = sizeof secret;
	size_t msg, exts, ext;
	assert_ok(ward_read_skip(&r, 4 + 2 + 32));
	assert_ok(ward_read_vec_slice(&r, 1, 0, 32, &sid));
	assert_ok(ward_read_vec_slice(&r, 2, 2, 0xfffe, &skip));
	assert_ok(ward_read_vec_slice(&r, 1, 1, 255, &skip));
	assert_true(find_ext(&r, 0x0033, &shares));
	ward_reader kr = ward_reader_make(shares.p, shares.len), list;
	assert_ok(ward_read_vec(&kr, 2, 1, 0xffff, &list));
	while (ward_reader_left(&list) > 0) {
		uint16_t group;
		ward_slice key;
		assert_ok(ward_read_u16(&list, &group));
		assert_ok(ward_read_vec_slice(&list, 2, 1, 0xffff, &key));
		if (group == WARD_GROUP_X25519)
			share = key;
	}
	assert_int_equal(share.len, 32);
	assert_ok(ward_kex_keygen(&s->kex, WARD_GROUP_X25519, pub, &pub_len));
	assert_ok(
	    ward_kex_derive(&s->kex, share.p, share.len, secret, &secret_len));

	ward_buf sh;
	ward_buf_init(&sh);
	assert_ok(ward_put_u8(&sh, 2));
	assert_ok(ward_put_vec_begin(&sh, 3, &msg));
	assert_ok(ward_put_u16(&sh, 0x0303));
	assert_ok(ward_put_bytes(&sh, fixed_random, 32));
	assert_ok(ward_put_vec(&sh, 1, sid.p, sid.len));
	assert_ok(ward_put_u16(&sh, WARD_TLS_AES_128_GCM_SHA256));
	assert_ok(ward_put_u8(&sh, 0));
	assert_ok(ward_put_vec_begin(&sh, 2, &exts));
	ext_begin(&sh, 0x0033, &ext);
	assert_ok(ward_put_u16(&sh, WARD_GROUP_X25519));
	assert_ok(ward_put_vec(&sh, 2, pub, pub_len));
	ext_end(&sh, ext);
	ext_begin(&sh, 0x002b, &ext);
	assert_ok(ward_put_u16(&sh, 0x0304));
	ext_end(&sh, ext);
	assert_ok(ward_put_vec_end(&sh, exts));
	assert_ok(ward_put_vec_end(&sh, msg));

	script_transcript_add(s, ch);
	script_transcript_add(s, &sh);
	script_seal(s, to, WARD_TLS_CT_HANDSHAKE, sh.data, sh.len);
	script_derive_handshake(s, secret, secret_len);
	script_install(&s->wr, s->s_hs, 1);
	script_install(&s->rd, s->c_hs, 0);
	ward_buf_free(&sh);
}

static void put_and_hash(struct script *s, ward_buf *flight, const ward_buf *m)
{
	script_transcript_add(s, m);
	assert_ok(ward_put_bytes(flight, m->data, m->len));
}

void script_put_encrypted_extensions(struct script *s, ward_buf *flight)
{
	ward_buf m;
	ward_buf_init(&m);
	script_msg(&m, 8, "\0\0", 2);
	put_and_hash(s, flight, &m);
	ward_buf_free(&m);
}

void script_put_certificate(struct script *s, ward_buf *flight)
{
	ward_chain *chain;
	ward_buf body, m;
	size_t list;
	ward_buf_init(&body);
	ward_buf_init(&m);
	assert_ok(ward_chain_load_pem(s->chain.cert_pem.data,
				      s->chain.cert_pem.len, &chain));
	ward_slice der = ward_chain_der(chain, 0);
	assert_ok(ward_put_vec(&body, 1, "", 0));
	assert_ok(ward_put_vec_begin(&body, 3, &list));
	assert_ok(ward_put_vec(&body, 3, der.p, der.len));
	assert_ok(ward_put_u16(&body, 0));
	assert_ok(ward_put_vec_end(&body, list));
	script_msg(&m, 11, body.data, body.len);
	put_and_hash(s, flight, &m);
	ward_chain_free(chain);
	ward_buf_free(&body);
	ward_buf_free(&m);
}

size_t script_cv_content(struct script *s, uint8_t *content)
{
	/* RFC 8446 4.4.3: 64 spaces, the context string, 0, the hash */
	static const char ctx[] = "TLS 1.3, server CertificateVerify";
	memset(content, ' ', 64);
	memcpy(content + 64, ctx, sizeof ctx);
	script_transcript_hash(s, content + 64 + sizeof ctx);
	return 64 + sizeof ctx + HLEN;
}

void script_put_signature(struct script *s, ward_buf *flight, uint16_t scheme,
			  const uint8_t *sig, size_t len)
{
	ward_buf body, m;
	ward_buf_init(&body);
	ward_buf_init(&m);
	assert_ok(ward_put_u16(&body, scheme));
	assert_ok(ward_put_vec(&body, 2, sig, len));
	script_msg(&m, 15, body.data, body.len);
	put_and_hash(s, flight, &m);
	ward_buf_free(&body);
	ward_buf_free(&m);
}

void script_put_certificate_verify(struct script *s, ward_buf *flight,
				   uint16_t announce, uint16_t sign_as,
				   int wrong_content)
{
	uint8_t content[SCRIPT_CV_CONTENT_MAX], sig[1024];
	size_t sig_len = sizeof sig;
	size_t len = script_cv_content(s, content);
	if (wrong_content)
		content[len - 1] ^= 0x01;
	assert_true(ward_pkey_sig_max(s->chain.key) <= sizeof sig);
	assert_ok(
	    ward_sign(s->chain.key, sign_as, content, len, sig, &sig_len));
	script_put_signature(s, flight, announce, sig, sig_len);
}

void script_put_finished(struct script *s, ward_buf *flight, int wrong)
{
	uint8_t verify[HLEN];
	ward_buf m;
	ward_buf_init(&m);
	script_finished(s, s->s_hs, verify);
	if (wrong)
		verify[0] ^= 0x80;
	script_msg(&m, 20, verify, HLEN);
	put_and_hash(s, flight, &m);
	ward_buf_free(&m);
}

ward_err script_send_flight(struct script *s, ward_buf *wire,
			    const ward_buf *flight)
{
	script_seal(s, wire, WARD_TLS_CT_HANDSHAKE, flight->data, flight->len);
	return script_feed(s, wire);
}

static uint16_t scheme_for(const ward_pkey *key)
{
	switch (ward_pkey_type(key)) {
	case WARD_KEY_RSA:
		return WARD_SIG_RSA_PSS_RSAE_SHA256;
	case WARD_KEY_ED25519:
		return WARD_SIG_ED25519;
	default:
		return WARD_SIG_ECDSA_SECP256R1_SHA256;
	}
}

void script_connect_client(struct script *s)
{
	ward_buf flight, rec;
	uint8_t type, want[HLEN];
	ward_buf sh_wire;
	ward_buf_init(&flight);
	ward_buf_init(&rec);
	ward_buf_init(&sh_wire);
	script_server_hello(s, &sh_wire);
	script_put_encrypted_extensions(s, &flight);
	script_put_certificate(s, &flight);
	uint16_t scheme = scheme_for(s->chain.key);
	script_put_certificate_verify(s, &flight, scheme, scheme, 0);
	script_put_finished(s, &flight, 0);
	assert_ok(script_send_flight(s, &sh_wire, &flight));
	script_finished(s, s->c_hs, want);
	script_derive_application(s);
	/* the client's Finished under its handshake keys */
	assert_true(script_next_record(s, &type, &rec));
	assert_int_equal(type, WARD_TLS_CT_HANDSHAKE);
	assert_int_equal(rec.len, 4 + HLEN);
	assert_memory_equal(rec.data + 4, want, HLEN);
	assert_int_equal(s->out.len, 0);
	assert_true(ward_tls_handshake_done(s->conn));
	script_install(&s->rd, s->c_ap, 0);
	script_install(&s->wr, s->s_ap, 1);
	ward_buf_free(&sh_wire);
	ward_buf_free(&flight);
	ward_buf_free(&rec);
}

void script_free(struct script *s)
{
	ward_tls_conn_free(s->conn);
	ward_tls_config_free(s->cfg);
	ward_buf_free(&s->out);
	ward_buf_free(&s->app);
	ward_buf_free(&s->client_hello);
	ward_hash_free(&s->transcript);
	ward_tls13_schedule_wipe(&s->ks);
	ward_tls_prot_free(&s->rd);
	ward_tls_prot_free(&s->wr);
	ward_kex_free(&s->kex);
	ward_ca_test_chain_free(&s->chain);
	if (s->ca_path[0])
		unlink(s->ca_path);
}

/* tls/record: framing and TLS 1.3 protection, byte for byte against the
 * records of RFC 8448 section 3, then every way a record can be wrong. */
#include "test.h"

#include <stdlib.h>

#include "rfc8448.h"
#include "tls/record.h"

#define GCM128 WARD_AEAD_AES_128_GCM
#define HDR WARD_TLS_RECORD_HEADER_LEN
#define TAG WARD_AEAD_TAG_LEN

static void prot_from_hex(ward_tls_prot *p, const char *key_hex,
			  const char *iv_hex, int encrypt)
{
	uint8_t key[16], iv[WARD_AEAD_NONCE_LEN];
	assert_int_equal(test_unhex(key_hex, key, sizeof key), sizeof key);
	assert_int_equal(test_unhex(iv_hex, iv, sizeof iv), sizeof iv);
	assert_ok(ward_tls_prot_init_tls13(p, GCM128, key, iv, encrypt));
	assert_int_equal(p->seq, 0);
}

/* EncryptedExtensions .. Finished: the payload of the server's one
 * protected handshake record. */
static void server_flight(ward_buf *out)
{
	const char *msgs[] = {
	    rfc8448_encrypted_extensions_hex, rfc8448_certificate_hex,
	    rfc8448_certificate_verify_hex, rfc8448_server_finished_hex};
	ward_buf_init(out);
	for (size_t i = 0; i < 4; i++) {
		ward_buf m;
		test_unhex_buf(msgs[i], &m);
		assert_ok(ward_put_bytes(out, m.data, m.len));
		ward_buf_free(&m);
	}
	assert_int_equal(out->len, 657);
}

/* The protected records of the trace, each with its keys, sequence
 * number and plaintext. */
struct rfc_record {
	const char *key, *iv;
	uint64_t seq;
	uint8_t type;
	const char *payload; /* NULL: the server flight */
	const char *record;
};

static const struct rfc_record rfc_records[] = {
    {rfc8448_server_hs_key_hex, rfc8448_server_hs_iv_hex, 0,
     WARD_TLS_CT_HANDSHAKE, NULL, rfc8448_server_flight_record_hex},
    {rfc8448_client_hs_key_hex, rfc8448_client_hs_iv_hex, 0,
     WARD_TLS_CT_HANDSHAKE, rfc8448_client_finished_hex,
     rfc8448_client_finished_record_hex},
    {rfc8448_server_ap_key_hex, rfc8448_server_ap_iv_hex, 0,
     WARD_TLS_CT_HANDSHAKE, rfc8448_new_session_ticket_hex,
     rfc8448_new_session_ticket_record_hex},
    {rfc8448_client_ap_key_hex, rfc8448_client_ap_iv_hex, 0,
     WARD_TLS_CT_APPLICATION_DATA, rfc8448_app_data_hex,
     rfc8448_client_app_data_record_hex},
    {rfc8448_server_ap_key_hex, rfc8448_server_ap_iv_hex, 1,
     WARD_TLS_CT_APPLICATION_DATA, rfc8448_app_data_hex,
     rfc8448_server_app_data_record_hex},
    {rfc8448_client_ap_key_hex, rfc8448_client_ap_iv_hex, 1, WARD_TLS_CT_ALERT,
     rfc8448_alert_hex, rfc8448_client_alert_record_hex},
    {rfc8448_server_ap_key_hex, rfc8448_server_ap_iv_hex, 2, WARD_TLS_CT_ALERT,
     rfc8448_alert_hex, rfc8448_server_alert_record_hex},
};

static void load_payload(const struct rfc_record *r, ward_buf *out)
{
	if (r->payload)
		test_unhex_buf(r->payload, out);
	else
		server_flight(out);
}

static void seal_gives_rfc8448_records(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rfc_records / sizeof *rfc_records; i++) {
		const struct rfc_record *r = &rfc_records[i];
		ward_tls_prot p;
		ward_buf payload, want, out = WARD_BUF_INIT;
		load_payload(r, &payload);
		test_unhex_buf(r->record, &want);
		prot_from_hex(&p, r->key, r->iv, 1);
		p.seq = r->seq;

		assert_ok(ward_tls_record_seal(&p, &out, r->type, payload.data,
					       payload.len, 0));
		assert_int_equal(out.len, want.len);
		assert_int_equal(out.len, HDR + payload.len + 1 + TAG);
		assert_bytes_equal(out.data, want.data, want.len);
		assert_int_equal(p.seq, r->seq + 1);

		ward_tls_prot_free(&p);
		ward_buf_free(&out);
		ward_buf_free(&want);
		ward_buf_free(&payload);
	}
}

static void open_recovers_rfc8448_plaintexts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rfc_records / sizeof *rfc_records; i++) {
		const struct rfc_record *r = &rfc_records[i];
		ward_tls_prot p;
		ward_tls_record rec;
		ward_buf payload, in;
		load_payload(r, &payload);
		test_unhex_buf(r->record, &in);
		prot_from_hex(&p, r->key, r->iv, 0);
		p.seq = r->seq;

		assert_ok(ward_tls_record_parse(in.data, in.len, &p, &rec));
		assert_int_equal(rec.type, WARD_TLS_CT_APPLICATION_DATA);
		assert_int_equal(rec.version, 0x0303);
		assert_int_equal(rec.total_len, in.len);
		assert_ptr_equal(rec.body, in.data + HDR);
		assert_ok(ward_tls_record_open(&p, &rec));
		assert_int_equal(rec.type, r->type);
		assert_int_equal(rec.body_len, payload.len);
		assert_bytes_equal(rec.body, payload.data, payload.len);
		assert_int_equal(p.seq, r->seq + 1);

		ward_tls_prot_free(&p);
		ward_buf_free(&in);
		ward_buf_free(&payload);
	}
}

static void plaintext_records_match_rfc8448(void **state)
{
	(void)state;
	ward_tls_prot p;
	ward_tls_record rec;
	ward_buf ch, sh, ch_rec, sh_rec, out = WARD_BUF_INIT;
	test_unhex_buf(rfc8448_client_hello_hex, &ch);
	test_unhex_buf(rfc8448_server_hello_hex, &sh);
	test_unhex_buf(rfc8448_client_hello_record_hex, &ch_rec);
	test_unhex_buf(rfc8448_server_hello_record_hex, &sh_rec);

	/* An initial ClientHello goes out as 0x0301 (RFC 8446 5.1). */
	ward_tls_prot_init_plain(&p);
	p.plain_version = 0x0301;
	assert_ok(ward_tls_record_seal(&p, &out, WARD_TLS_CT_HANDSHAKE, ch.data,
				       ch.len, 100));
	assert_int_equal(out.len, ch_rec.len);
	assert_bytes_equal(out.data, ch_rec.data, ch_rec.len);
	ward_buf_clear(&out);
	p.plain_version = 0x0303;
	assert_ok(ward_tls_record_seal(&p, &out, WARD_TLS_CT_HANDSHAKE, sh.data,
				       sh.len, 0));
	assert_int_equal(out.len, sh_rec.len);
	assert_bytes_equal(out.data, sh_rec.data, sh_rec.len);
	assert_int_equal(p.seq, 0);

	/* Both records back to back: framed one at a time, left as is. */
	assert_ok(ward_put_bytes(&ch_rec, sh_rec.data, sh_rec.len));
	assert_ok(ward_tls_record_parse(ch_rec.data, ch_rec.len, &p, &rec));
	assert_int_equal(rec.type, WARD_TLS_CT_HANDSHAKE);
	assert_int_equal(rec.version, 0x0301);
	assert_int_equal(rec.total_len, HDR + ch.len);
	assert_ok(ward_tls_record_open(&p, &rec));
	assert_int_equal(rec.body_len, ch.len);
	assert_bytes_equal(rec.body, ch.data, ch.len);
	size_t off = rec.total_len;
	assert_ok(ward_tls_record_parse(ch_rec.data + off, ch_rec.len - off, &p,
					&rec));
	assert_int_equal(rec.version, 0x0303);
	assert_int_equal(rec.total_len, sh_rec.len);
	assert_int_equal(rec.body_len, sh.len);
	assert_bytes_equal(rec.body, sh.data, sh.len);

	ward_tls_prot_free(&p);
	ward_buf_free(&out);
	ward_buf_free(&ch);
	ward_buf_free(&sh);
	ward_buf_free(&ch_rec);
	ward_buf_free(&sh_rec);
}

/* ---- negative cases ---- */

/* A record protected with the client application keys, built without the
 * record layer: header, then AEAD over inner[0..len) with nonce iv ^ seq. */
static void seal_raw(uint64_t seq, const uint8_t *inner, size_t len,
		     ward_buf *out)
{
	uint8_t key[16], iv[WARD_AEAD_NONCE_LEN];
	ward_aead a;
	test_unhex(rfc8448_client_ap_key_hex, key, sizeof key);
	test_unhex(rfc8448_client_ap_iv_hex, iv, sizeof iv);
	for (size_t i = 0; i < 8; i++)
		iv[sizeof iv - 1 - i] ^= (uint8_t)(seq >> (8 * i));
	ward_buf_init(out);
	assert_ok(ward_buf_reserve(out, HDR + len + TAG));
	out->data[0] = WARD_TLS_CT_APPLICATION_DATA;
	ward_store_u16(out->data + 1, 0x0303);
	ward_store_u16(out->data + 3, (uint16_t)(len + TAG));
	assert_ok(ward_aead_init(&a, GCM128, key, 1));
	assert_ok(ward_aead_seal(&a, iv, out->data, HDR, inner, len,
				 out->data + HDR));
	ward_aead_free(&a);
	out->len = HDR + len + TAG;
}

static void client_ap_reader(ward_tls_prot *p)
{
	prot_from_hex(p, rfc8448_client_ap_key_hex, rfc8448_client_ap_iv_hex,
		      0);
}

static void client_ap_writer(ward_tls_prot *p)
{
	prot_from_hex(p, rfc8448_client_ap_key_hex, rfc8448_client_ap_iv_hex,
		      1);
}

/* Parse and open in[0..len) as the client application epoch's first
 * record; returns what failed (or WARD_OK). */
static ward_err open_one(uint8_t *in, size_t len, ward_tls_record *rec)
{
	ward_tls_prot p;
	client_ap_reader(&p);
	ward_err err = ward_tls_record_parse(in, len, &p, rec);
	if (err == WARD_OK)
		err = ward_tls_record_open(&p, rec);
	ward_tls_prot_free(&p);
	return err;
}

static void the_rfc_app_record(ward_buf *b)
{
	test_unhex_buf(rfc8448_client_app_data_record_hex, b);
}

static void tampering_is_bad_record_mac(void **state)
{
	(void)state;
	ward_tls_record rec;
	ward_buf b;
	the_rfc_app_record(&b);
	size_t positions[] = {HDR, HDR + 20, b.len - TAG - 1, b.len - 1};
	for (size_t i = 0; i < sizeof positions / sizeof *positions; i++) {
		b.data[positions[i]] ^= 0x01;
		assert_err(open_one(b.data, b.len, &rec),
			   WARD_ERR_BAD_RECORD_MAC);
		ward_buf_free(&b);
		the_rfc_app_record(&b);
	}
	/* The header is the additional data (RFC 8446 5.2). */
	b.data[2] = 0x01;
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_BAD_RECORD_MAC);
	ward_buf_free(&b);
}

static void short_ciphertext_is_bad_record_mac(void **state)
{
	(void)state;
	ward_tls_record rec;
	uint8_t in[HDR + TAG + 1] = {0x17, 0x03, 0x03, 0x00, TAG};
	/* A tag and no inner content type. */
	assert_err(open_one(in, HDR + TAG, &rec), WARD_ERR_BAD_RECORD_MAC);
	in[4] = 0;
	assert_err(open_one(in, HDR, &rec), WARD_ERR_BAD_RECORD_MAC);
	/* One byte more gets to the AEAD, which refuses the zero tag. */
	in[4] = TAG + 1;
	assert_err(open_one(in, sizeof in, &rec), WARD_ERR_BAD_RECORD_MAC);
}

static void oversized_header_is_refused_at_once(void **state)
{
	(void)state;
	ward_tls_prot plain, prot;
	ward_tls_record rec;
	uint8_t hdr[HDR] = {WARD_TLS_CT_APPLICATION_DATA, 0x03, 0x03};
	ward_tls_prot_init_plain(&plain);
	client_ap_reader(&prot);

	/* Protected: at most 2^14 + 256 (RFC 8446 5.2); five bytes tell. */
	ward_store_u16(hdr + 3, WARD_TLS13_MAX_CIPHERTEXT + 1);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &prot, &rec),
		   WARD_ERR_RECORD_OVERFLOW);
	ward_store_u16(hdr + 3, WARD_TLS13_MAX_CIPHERTEXT);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &prot, &rec),
		   WARD_ERR_WANT_INPUT);

	/* Plaintext: at most 2^14 (RFC 8446 5.1). */
	hdr[0] = WARD_TLS_CT_HANDSHAKE;
	ward_store_u16(hdr + 3, WARD_TLS_MAX_PLAINTEXT + 1);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &plain, &rec),
		   WARD_ERR_RECORD_OVERFLOW);
	ward_store_u16(hdr + 3, WARD_TLS_MAX_PLAINTEXT);
	assert_err(ward_tls_record_parse(hdr, sizeof hdr, &plain, &rec),
		   WARD_ERR_WANT_INPUT);

	ward_tls_prot_free(&prot);
	ward_tls_prot_free(&plain);
}

static void unknown_type_is_unexpected_message(void **state)
{
	(void)state;
	ward_tls_prot p;
	ward_tls_record rec;
	uint8_t in[HDR + 2] = {0x42, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00};
	ward_tls_prot_init_plain(&p);
	assert_err(ward_tls_record_parse(in, sizeof in, &p, &rec),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	in[0] = 19;
	assert_err(ward_tls_record_parse(in, sizeof in, &p, &rec),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	in[0] = 25;
	assert_err(ward_tls_record_parse(in, sizeof in, &p, &rec),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	/* heartbeat (RFC 6520) is framed; the engine refuses it unless
	 * TLS 1.2 negotiated it */
	in[0] = WARD_TLS_CT_HEARTBEAT;
	assert_ok(ward_tls_record_parse(in, sizeof in, &p, &rec));
	in[0] = WARD_TLS_CT_ALERT;
	assert_ok(ward_tls_record_parse(in, sizeof in, &p, &rec));
	/* legacy_record_version must at least look like TLS. */
	in[1] = 0x04;
	assert_err(ward_tls_record_parse(in, sizeof in, &p, &rec),
		   WARD_ERR_DECODE);
}

static void incomplete_record_wants_input(void **state)
{
	(void)state;
	ward_tls_prot p;
	ward_tls_record rec;
	ward_buf b;
	the_rfc_app_record(&b);
	client_ap_reader(&p);
	for (size_t n = 0; n < b.len; n++)
		assert_err(ward_tls_record_parse(b.data, n, &p, &rec),
			   WARD_ERR_WANT_INPUT);
	assert_ok(ward_tls_record_parse(b.data, b.len, &p, &rec));
	ward_tls_prot_free(&p);
	ward_buf_free(&b);
}

static void protected_epoch_refuses_other_outer_types(void **state)
{
	(void)state;
	ward_tls_record rec;
	ward_buf b;
	the_rfc_app_record(&b);
	b.data[0] = WARD_TLS_CT_HANDSHAKE;
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_UNEXPECTED_MESSAGE);
	b.data[0] = WARD_TLS_CT_ALERT;
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_UNEXPECTED_MESSAGE);
	ward_buf_free(&b);
}

static void inner_plaintext_is_checked(void **state)
{
	(void)state;
	ward_tls_record rec;
	ward_buf b;
	uint8_t *inner = calloc(WARD_TLS_MAX_PLAINTEXT + 2, 1);
	assert_non_null(inner);

	/* All zeros: no content type (RFC 8446 5.4). */
	seal_raw(0, inner, 40, &b);
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_UNEXPECTED_MESSAGE);
	ward_buf_free(&b);

	/* A protected change_cipher_spec, or an unknown inner type. */
	inner[0] = WARD_TLS_CT_CHANGE_CIPHER_SPEC;
	seal_raw(0, inner, 1, &b);
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_UNEXPECTED_MESSAGE);
	ward_buf_free(&b);
	inner[0] = 0x42;
	seal_raw(0, inner, 1, &b);
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_UNEXPECTED_MESSAGE);
	ward_buf_free(&b);
	/* heartbeat is TLS 1.2's only (RFC 6520; RFC 8446 B.1 has none) */
	inner[0] = WARD_TLS_CT_HEARTBEAT;
	seal_raw(0, inner, 1, &b);
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_UNEXPECTED_MESSAGE);
	ward_buf_free(&b);
	inner[0] = 0;

	/* 2^14 bytes of content and the type: the largest allowed. */
	inner[WARD_TLS_MAX_PLAINTEXT] = WARD_TLS_CT_APPLICATION_DATA;
	seal_raw(0, inner, WARD_TLS_MAX_PLAINTEXT + 1, &b);
	assert_ok(open_one(b.data, b.len, &rec));
	assert_int_equal(rec.body_len, WARD_TLS_MAX_PLAINTEXT);
	ward_buf_free(&b);

	/* 2^14 + 1 bytes of content (RFC 8446 5.4). */
	inner[WARD_TLS_MAX_PLAINTEXT] = 0x61;
	inner[WARD_TLS_MAX_PLAINTEXT + 1] = WARD_TLS_CT_APPLICATION_DATA;
	seal_raw(0, inner, WARD_TLS_MAX_PLAINTEXT + 2, &b);
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_RECORD_OVERFLOW);
	ward_buf_free(&b);

	/* Padding counts against the limit too. */
	inner[WARD_TLS_MAX_PLAINTEXT - 1] = 0x61;
	inner[WARD_TLS_MAX_PLAINTEXT] = WARD_TLS_CT_APPLICATION_DATA;
	inner[WARD_TLS_MAX_PLAINTEXT + 1] = 0;
	seal_raw(0, inner, WARD_TLS_MAX_PLAINTEXT + 2, &b);
	assert_err(open_one(b.data, b.len, &rec), WARD_ERR_RECORD_OVERFLOW);
	ward_buf_free(&b);
	free(inner);
}

static void padding_is_added_and_stripped(void **state)
{
	(void)state;
	ward_tls_prot w, r;
	ward_tls_record rec;
	ward_buf out = WARD_BUF_INIT, payload;
	test_unhex_buf(rfc8448_app_data_hex, &payload);
	client_ap_writer(&w);
	client_ap_reader(&r);

	assert_ok(ward_tls_record_seal(&w, &out, WARD_TLS_CT_APPLICATION_DATA,
				       payload.data, payload.len, 100));
	assert_int_equal(out.len, HDR + payload.len + 1 + 100 + TAG);
	assert_int_equal(ward_load_u16(out.data + 3),
			 payload.len + 1 + 100 + TAG);
	assert_ok(ward_tls_record_parse(out.data, out.len, &r, &rec));
	assert_ok(ward_tls_record_open(&r, &rec));
	assert_int_equal(rec.type, WARD_TLS_CT_APPLICATION_DATA);
	assert_int_equal(rec.body_len, payload.len);
	assert_bytes_equal(rec.body, payload.data, payload.len);

	/* An empty alert with padding only after its type. */
	ward_buf_clear(&out);
	assert_ok(
	    ward_tls_record_seal(&w, &out, WARD_TLS_CT_ALERT, NULL, 0, 7));
	assert_ok(ward_tls_record_parse(out.data, out.len, &r, &rec));
	assert_ok(ward_tls_record_open(&r, &rec));
	assert_int_equal(rec.type, WARD_TLS_CT_ALERT);
	assert_int_equal(rec.body_len, 0);

	/* Content, type and padding stay within 2^14 + 1 (RFC 8446 5.4). */
	ward_buf_clear(&out);
	assert_err(ward_tls_record_seal(
		       &w, &out, WARD_TLS_CT_APPLICATION_DATA, payload.data,
		       payload.len, WARD_TLS_MAX_PLAINTEXT - payload.len + 1),
		   WARD_ERR_ARG);
	assert_int_equal(out.len, 0);
	assert_int_equal(w.seq, 2);

	ward_tls_prot_free(&w);
	ward_tls_prot_free(&r);
	ward_buf_free(&out);
	ward_buf_free(&payload);
}

static void seal_refuses_bad_arguments(void **state)
{
	(void)state;
	ward_tls_prot w, plain;
	ward_buf out = WARD_BUF_INIT;
	uint8_t *big = calloc(WARD_TLS_MAX_PLAINTEXT + 1, 1);
	assert_non_null(big);
	client_ap_writer(&w);
	ward_tls_prot_init_plain(&plain);

	assert_err(ward_tls_record_seal(&w, &out, WARD_TLS_CT_APPLICATION_DATA,
					big, WARD_TLS_MAX_PLAINTEXT + 1, 0),
		   WARD_ERR_ARG);
	assert_err(ward_tls_record_seal(&plain, &out, WARD_TLS_CT_HANDSHAKE,
					big, WARD_TLS_MAX_PLAINTEXT + 1, 0),
		   WARD_ERR_ARG);
	assert_err(ward_tls_record_seal(&w, &out, 0x42, big, 1, 0),
		   WARD_ERR_ARG);
	assert_err(ward_tls_record_seal(&w, &out, 0, big, 1, 0), WARD_ERR_ARG);
	assert_int_equal(out.len, 0);
	assert_int_equal(w.seq, 0);

	/* The full 2^14 fits. */
	assert_ok(ward_tls_record_seal(&w, &out, WARD_TLS_CT_APPLICATION_DATA,
				       big, WARD_TLS_MAX_PLAINTEXT, 0));
	assert_int_equal(out.len, HDR + WARD_TLS_MAX_PLAINTEXT + 1 + TAG);

	ward_tls_prot_free(&w);
	ward_tls_prot_free(&plain);
	ward_buf_free(&out);
	free(big);
}

static void sequence_numbers_advance(void **state)
{
	(void)state;
	ward_tls_prot w, r;
	ward_tls_record rec;
	ward_buf out = WARD_BUF_INIT;
	static const uint8_t msg[] = "same bytes twice";
	client_ap_writer(&w);
	assert_ok(ward_tls_record_seal(&w, &out, WARD_TLS_CT_APPLICATION_DATA,
				       msg, sizeof msg, 0));
	size_t first_len = out.len;
	assert_ok(ward_tls_record_seal(&w, &out, WARD_TLS_CT_APPLICATION_DATA,
				       msg, sizeof msg, 0));
	assert_int_equal(out.len, 2 * first_len);
	assert_int_equal(w.seq, 2);
	/* Same header, different ciphertext: the nonce moved on. */
	assert_bytes_equal(out.data, out.data + first_len, HDR);
	assert_memory_not_equal(out.data + HDR, out.data + first_len + HDR,
				first_len - HDR);

	/* Out of order: the second record under sequence number 0. */
	ward_buf copy;
	ward_buf_init(&copy);
	assert_ok(ward_put_bytes(&copy, out.data, out.len));
	client_ap_reader(&r);
	assert_ok(
	    ward_tls_record_parse(copy.data + first_len, first_len, &r, &rec));
	assert_err(ward_tls_record_open(&r, &rec), WARD_ERR_BAD_RECORD_MAC);
	assert_int_equal(r.seq, 0);
	ward_tls_prot_free(&r);

	/* In order, both open. */
	client_ap_reader(&r);
	for (size_t i = 0; i < 2; i++) {
		assert_ok(ward_tls_record_parse(out.data + i * first_len,
						first_len, &r, &rec));
		assert_ok(ward_tls_record_open(&r, &rec));
		assert_int_equal(rec.body_len, sizeof msg);
		assert_bytes_equal(rec.body, msg, sizeof msg);
	}
	assert_int_equal(r.seq, 2);
	/* A replay of the first is refused. */
	assert_ok(ward_tls_record_parse(copy.data, first_len, &r, &rec));
	assert_err(ward_tls_record_open(&r, &rec), WARD_ERR_BAD_RECORD_MAC);

	ward_tls_prot_free(&w);
	ward_tls_prot_free(&r);
	ward_buf_free(&out);
	ward_buf_free(&copy);
}

static void sequence_number_never_wraps(void **state)
{
	(void)state;
	ward_tls_prot w, r;
	ward_tls_record rec;
	ward_buf out = WARD_BUF_INIT;
	static const uint8_t msg[] = "last";
	client_ap_writer(&w);
	client_ap_reader(&r);
	w.seq = r.seq = UINT64_MAX - 1;

	assert_ok(ward_tls_record_seal(&w, &out, WARD_TLS_CT_APPLICATION_DATA,
				       msg, sizeof msg, 0));
	size_t len = out.len;
	assert_err(ward_tls_record_seal(&w, &out, WARD_TLS_CT_APPLICATION_DATA,
					msg, sizeof msg, 0),
		   WARD_ERR_STATE);
	assert_int_equal(out.len, len);
	assert_int_equal(w.seq, UINT64_MAX);

	assert_ok(ward_tls_record_parse(out.data, out.len, &r, &rec));
	assert_ok(ward_tls_record_open(&r, &rec));
	assert_int_equal(r.seq, UINT64_MAX);
	/* Any further record would need the wrapped number. */
	ward_buf_free(&out);
	seal_raw(0, msg, sizeof msg, &out);
	assert_ok(ward_tls_record_parse(out.data, out.len, &r, &rec));
	assert_err(ward_tls_record_open(&r, &rec), WARD_ERR_STATE);

	ward_tls_prot_free(&w);
	ward_tls_prot_free(&r);
	ward_buf_free(&out);
}

static void free_returns_to_plaintext(void **state)
{
	(void)state;
	ward_tls_prot p;
	ward_tls_record rec;
	ward_buf b;
	static const uint8_t zeros[WARD_AEAD_NONCE_LEN];
	client_ap_reader(&p);
	ward_tls_prot_free(&p);
	assert_int_equal(p.kind, WARD_TLS_PROT_PLAINTEXT);
	assert_int_equal(p.seq, 0);
	assert_bytes_equal(p.iv, zeros, sizeof zeros);
	/* A plaintext epoch leaves even a protected-looking record alone. */
	the_rfc_app_record(&b);
	assert_ok(ward_tls_record_parse(b.data, b.len, &p, &rec));
	assert_ok(ward_tls_record_open(&p, &rec));
	assert_int_equal(rec.type, WARD_TLS_CT_APPLICATION_DATA);
	assert_int_equal(rec.body_len, b.len - HDR);
	ward_tls_prot_free(&p);
	ward_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(seal_gives_rfc8448_records),
	    cmocka_unit_test(open_recovers_rfc8448_plaintexts),
	    cmocka_unit_test(plaintext_records_match_rfc8448),
	    cmocka_unit_test(tampering_is_bad_record_mac),
	    cmocka_unit_test(short_ciphertext_is_bad_record_mac),
	    cmocka_unit_test(oversized_header_is_refused_at_once),
	    cmocka_unit_test(unknown_type_is_unexpected_message),
	    cmocka_unit_test(incomplete_record_wants_input),
	    cmocka_unit_test(protected_epoch_refuses_other_outer_types),
	    cmocka_unit_test(inner_plaintext_is_checked),
	    cmocka_unit_test(padding_is_added_and_stripped),
	    cmocka_unit_test(seal_refuses_bad_arguments),
	    cmocka_unit_test(sequence_numbers_advance),
	    cmocka_unit_test(sequence_number_never_wraps),
	    cmocka_unit_test(free_returns_to_plaintext),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

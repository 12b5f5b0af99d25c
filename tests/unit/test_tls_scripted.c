/* Ward's engine against a scripted peer (tests/support/tls_script.h) that
 * knows the keys and sends what a sound peer never does: a Finished or a
 * CertificateVerify that is well encrypted but wrong, a signature scheme
 * that does not fit the certificate, post-handshake messages out of place,
 * a handshake message over the size limit, too much 0-RTT data. Each is
 * answered by the one alert RFC 8446 names, read from the wire: the alert
 * record is decrypted with the keys the script derived itself. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test.h"
#include "tls_script.h"

/* AlertDescription values of RFC 8446 6, spelt out here rather than
 * taken from tls.h, so that a renumbered constant cannot pass. */
enum {
	UNEXPECTED_MESSAGE = 10,
	ILLEGAL_PARAMETER = 47,
	RECORD_OVERFLOW = 22,
	DECODE_ERROR = 50,
	DECRYPT_ERROR = 51,
};

/* One post-handshake message from the script, in its own record. */
static ward_err send_message(struct script *s, uint8_t type, const void *body,
			     size_t len)
{
	ward_buf msg, wire;
	ward_buf_init(&msg);
	ward_buf_init(&wire);
	script_msg(&msg, type, body, len);
	script_seal(s, &wire, WARD_TLS_CT_HANDSHAKE, msg.data, msg.len);
	ward_err err = script_feed(s, &wire);
	ward_buf_free(&msg);
	ward_buf_free(&wire);
	return err;
}

static void connected_server(struct script *s)
{
	script_server_setup(s, WARD_KEY_EC_P256);
	script_client_hello(s, 0, NULL);
	script_client_finished(s, 0);
}

/* ---- the server ---- */

/* RFC 8446 4.4.4: a Finished that does not verify is decrypt_error. */
static void server_refuses_wrong_client_finished(void **state)
{
	(void)state;
	struct script s;
	script_server_setup(&s, WARD_KEY_EC_P256);
	script_client_hello(&s, 0, NULL);
	script_client_finished(&s, 1);
	assert_err(s.err, WARD_ERR_DECRYPT_ERROR);
	assert_false(ward_tls_handshake_done(s.conn));
	script_expect_alert(&s, DECRYPT_ERROR);
	script_free(&s);
}

/* The control: the right Finished completes the handshake, and the server
 * sends nothing more (it issues no tickets). */
static void server_accepts_right_client_finished(void **state)
{
	(void)state;
	struct script s;
	connected_server(&s);
	assert_int_equal(s.out.len, 0);
	assert_ok(ward_tls_send(s.conn, "hi", 2, &s.out));
	uint8_t type;
	ward_buf plain;
	ward_buf_init(&plain);
	assert_true(script_next_record(&s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_APPLICATION_DATA);
	assert_int_equal(plain.len, 2);
	assert_memory_equal(plain.data, "hi", 2);
	ward_buf_free(&plain);
	script_free(&s);
}

/* RFC 8446 4.6.3: request_update other than 0 or 1 is illegal_parameter;
 * 1 is answered with the server's own KeyUpdate(0). */
static void key_update_request_values(void **state)
{
	(void)state;
	struct script s;
	uint8_t type;
	ward_buf plain;
	ward_buf_init(&plain);
	connected_server(&s);
	assert_ok(send_message(&s, 24, "\x01", 1));
	assert_true(ward_tls_take_events(s.conn) & WARD_TLS_EV_KEY_UPDATE);
	assert_true(script_next_record(&s, &type, &plain));
	assert_int_equal(type, WARD_TLS_CT_HANDSHAKE);
	assert_int_equal(plain.len, 5);
	assert_memory_equal(plain.data, "\x18\x00\x00\x01\x00", 5);
	/* both sides move on to the next secrets */
	assert_ok(ward_tls13_update_secret(WARD_HASH_SHA256, s.c_ap));
	assert_ok(ward_tls13_update_secret(WARD_HASH_SHA256, s.s_ap));
	script_install(&s.wr, s.c_ap, 1);
	script_install(&s.rd, s.s_ap, 0);

	assert_err(send_message(&s, 24, "\x02", 1), WARD_ERR_ILLEGAL_PARAMETER);
	script_expect_alert(&s, ILLEGAL_PARAMETER);
	ward_buf_free(&plain);
	script_free(&s);
}

/* RFC 8446 5.1: a KeyUpdate must end its record (the rest would span a
 * key change): unexpected_message. Apart, the two are fine. */
static void key_update_must_end_its_record(void **state)
{
	(void)state;
	struct script s;
	ward_buf msgs, wire;
	ward_buf_init(&msgs);
	ward_buf_init(&wire);
	connected_server(&s);
	assert_ok(send_message(&s, 24, "\x00", 1));
	assert_ok(ward_tls13_update_secret(WARD_HASH_SHA256, s.c_ap));
	script_install(&s.wr, s.c_ap, 1);
	assert_ok(send_message(&s, 24, "\x00", 1));
	assert_ok(ward_tls13_update_secret(WARD_HASH_SHA256, s.c_ap));
	script_install(&s.wr, s.c_ap, 1);
	assert_int_equal(s.out.len, 0);

	script_msg(&msgs, 24, "\x00", 1); /* two in one record */
	script_msg(&msgs, 24, "\x00", 1);
	script_seal(&s, &wire, WARD_TLS_CT_HANDSHAKE, msgs.data, msgs.len);
	assert_err(script_feed(&s, &wire), WARD_ERR_UNEXPECTED_MESSAGE);
	script_expect_alert(&s, UNEXPECTED_MESSAGE);
	ward_buf_free(&msgs);
	ward_buf_free(&wire);
	script_free(&s);
}

/* RFC 8446 4.6.1: only servers send NewSessionTicket. */
static void ticket_sent_to_server(void **state)
{
	(void)state;
	struct script s;
	/* lifetime, age_add, nonce<0..255>, ticket<1..2^16-1>, extensions */
	static const uint8_t nst[] = {0, 0, 0x0e, 0x10, 1,   2,	  3, 4,
				      1, 0, 0,	  2,	't', 'k', 0, 0};
	connected_server(&s);
	assert_err(send_message(&s, 4, nst, sizeof nst),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	script_expect_alert(&s, UNEXPECTED_MESSAGE);
	script_free(&s);
}

/* RFC 8446 4.1.2 and 4: a ClientHello after the handshake is
 * renegotiation, which TLS 1.3 does not have. */
static void client_hello_after_handshake(void **state)
{
	(void)state;
	struct script s;
	static const uint8_t body[] =
	    {
		0x03, 0x03, /* legacy_version, then a zero random */
		0,    0,    0,	  0,	0, 0, 0, 0, 0, 0, 0, 0,
		0,    0,    0,	  0,	0, 0, 0, 0, 0, 0, 0, 0,
		0,    0,    0,	  0,	0, 0, 0, 0, 0, 0, 0, /* session id */
		0,    2,    0x13, 0x01,			     /* cipher suites */
		1,    0,				     /* compression */
		0,    7,    0,	  0x2b, 0, 3, 2, 3, 4, /* supported_versions */
	    };
	connected_server(&s);
	assert_err(send_message(&s, 1, body, sizeof body),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	script_expect_alert(&s, UNEXPECTED_MESSAGE);
	script_free(&s);
}

/* Junk records of `len` bytes each: 0-RTT data under keys the server does
 * not have. */
static void early_records(ward_buf *b, size_t n, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		assert_ok(ward_put_u8(b, WARD_TLS_CT_APPLICATION_DATA));
		assert_ok(ward_put_u16(b, 0x0303));
		assert_ok(ward_put_u16(b, (uint16_t)len));
		assert_ok(ward_put_fill(b, (uint8_t)(0x5a + i), len));
	}
}

/* RFC 8446 4.2.10: a server that declines 0-RTT skips the records it
 * cannot decrypt, up to a bound (64 KiB of plaintext without early data
 * configured: a record's body less tag and content type); past it, a
 * record that does not decrypt is bad_record_mac. */
static void early_data_skipped_up_to_the_limit(void **state)
{
	(void)state;
	struct script s;
	ward_buf extra;
	ward_buf_init(&extra);
	early_records(&extra, 4, 16384 + 17); /* exactly the limit */
	script_server_setup(&s, WARD_KEY_EC_P256);
	script_client_hello(&s, SCRIPT_EARLY_DATA, &extra);
	assert_int_equal(s.out.len, 0);
	script_client_finished(&s, 0);
	script_free(&s);

	ward_buf_clear(&extra);
	early_records(&extra, 4, 16384 + 17);
	early_records(&extra, 1, 18); /* one byte more */
	script_server_setup(&s, WARD_KEY_EC_P256);
	script_client_hello(&s, SCRIPT_EARLY_DATA, &extra);
	assert_err(s.err, WARD_ERR_BAD_RECORD_MAC);
	script_expect_alert(&s, WARD_ALERT_BAD_RECORD_MAC);
	ward_buf_free(&extra);
	script_free(&s);
}

/* Protected records whose TLSInnerPlaintext (content, type, padding) no
 * sound peer sends, each with the alert RFC 8446 names for it. */
static const struct bad_inner {
	const char *what;
	uint8_t inner[5];
	size_t len;
	uint8_t alert;
} bad_inners[] = {
    /* 5.4: no Handshake or Alert record with empty content */
    {"empty alert", {21}, 1, UNEXPECTED_MESSAGE},
    {"empty handshake", {22}, 1, UNEXPECTED_MESSAGE},
    {"empty handshake, padded", {22, 0, 0, 0}, 4, UNEXPECTED_MESSAGE},
    /* 5.4: no non-zero byte, so no content type */
    {"all zeros", {0, 0, 0, 0}, 4, UNEXPECTED_MESSAGE},
    /* 5: an unknown content type; a protected change_cipher_spec */
    {"unknown type", {'x', 0x42}, 2, UNEXPECTED_MESSAGE},
    {"protected ccs", {1, 20}, 2, UNEXPECTED_MESSAGE},
    /* 6: an alert is two bytes; another length is a malformed message */
    {"one-byte alert", {2, 21}, 2, DECODE_ERROR},
    {"three-byte alert", {2, 40, 0, 21}, 4, DECODE_ERROR},
};
#define N_BAD_INNERS (sizeof bad_inners / sizeof *bad_inners)

static ward_err send_inner(struct script *s, const struct bad_inner *b)
{
	ward_buf wire;
	ward_buf_init(&wire);
	script_seal_inner(s, &wire, b->inner, b->len);
	ward_err err = script_feed(s, &wire);
	ward_buf_free(&wire);
	return err;
}

static ward_err err_for(uint8_t alert)
{
	return alert == DECODE_ERROR ? WARD_ERR_DECODE
				     : WARD_ERR_UNEXPECTED_MESSAGE;
}

/* Each bad inner plaintext from the client, under its handshake keys
 * (before its Finished) and under its application keys. */
static void server_refuses_bad_inner_plaintext(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_BAD_INNERS; i++) {
		const struct bad_inner *b = &bad_inners[i];
		for (int connected = 0; connected < 2; connected++) {
			struct script s;
			print_message("%s, %s\n", b->what,
				      connected ? "connected" : "handshake");
			script_server_setup(&s, WARD_KEY_EC_P256);
			script_client_hello(&s, 0, NULL);
			if (connected)
				script_client_finished(&s, 0);
			assert_err(send_inner(&s, b), err_for(b->alert));
			script_expect_alert(&s, b->alert);
			script_free(&s);
		}
	}
}

/* The control for the above: a padded record of each allowed type is
 * taken; zero-length application data is allowed (5.1, 5.4). */
static void server_takes_padded_records(void **state)
{
	(void)state;
	static const struct bad_inner ok[] = {
	    {"empty application data", {23, 0, 0}, 3, 0},
	    {"application data, padded", {'h', 'i', 23, 0, 0}, 5, 0},
	    {"close_notify, padded", {1, 0, 21, 0, 0}, 5, 0},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct script s;
		print_message("%s\n", ok[i].what);
		connected_server(&s);
		assert_ok(send_inner(&s, &ok[i]));
		assert_int_equal(s.out.len, 0);
		assert_int_equal(s.app.len, i == 1 ? 2 : 0);
		script_free(&s);
	}
}

/* RFC 8446 2, 5: application data needs the application keys; sent under
 * the handshake keys before the client's Finished it is
 * unexpected_message. */
static void server_refuses_data_before_finished(void **state)
{
	(void)state;
	struct script s;
	script_server_setup(&s, WARD_KEY_EC_P256);
	script_client_hello(&s, 0, NULL);
	ward_buf wire;
	ward_buf_init(&wire);
	script_seal(&s, &wire, WARD_TLS_CT_APPLICATION_DATA, "hi", 2);
	assert_err(script_feed(&s, &wire), WARD_ERR_UNEXPECTED_MESSAGE);
	assert_false(ward_tls_handshake_done(s.conn));
	assert_int_equal(s.app.len, 0);
	script_expect_alert(&s, UNEXPECTED_MESSAGE);
	ward_buf_free(&wire);
	script_free(&s);
}

/* ---- the client ---- */

/* Each bad inner plaintext from the server, right after its ServerHello
 * under its handshake keys. */
static void client_refuses_bad_inner_plaintext(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_BAD_INNERS; i++) {
		const struct bad_inner *b = &bad_inners[i];
		struct script s;
		ward_buf wire;
		ward_buf_init(&wire);
		print_message("%s\n", b->what);
		script_client_setup(&s, WARD_KEY_EC_P256);
		script_server_hello(&s, &wire);
		script_seal_inner(&s, &wire, b->inner, b->len);
		assert_err(script_feed(&s, &wire), err_for(b->alert));
		script_expect_alert(&s, b->alert);
		ward_buf_free(&wire);
		script_free(&s);
	}
}

/* SH, EE, Certificate and a CertificateVerify as given; then Finished. */
static ward_err server_flight(struct script *s, uint16_t announce,
			      uint16_t sign_as, int wrong_signature,
			      int wrong_finished)
{
	ward_buf wire, flight;
	ward_buf_init(&wire);
	ward_buf_init(&flight);
	script_server_hello(s, &wire);
	script_put_encrypted_extensions(s, &flight);
	script_put_certificate(s, &flight);
	script_put_certificate_verify(s, &flight, announce, sign_as,
				      wrong_signature);
	script_put_finished(s, &flight, wrong_finished);
	ward_err err = script_send_flight(s, &wire, &flight);
	ward_buf_free(&wire);
	ward_buf_free(&flight);
	return err;
}

static void client_refuses_wrong_server_finished(void **state)
{
	(void)state;
	struct script s;
	script_client_setup(&s, WARD_KEY_EC_P256);
	assert_err(server_flight(&s, WARD_SIG_ECDSA_SECP256R1_SHA256,
				 WARD_SIG_ECDSA_SECP256R1_SHA256, 0, 1),
		   WARD_ERR_DECRYPT_ERROR);
	assert_false(ward_tls_handshake_done(s.conn));
	script_expect_alert(&s, DECRYPT_ERROR);
	script_free(&s);
}

/* The controls: a sound flight for each kind of key is accepted. */
static void client_accepts_each_key_type(void **state)
{
	(void)state;
	static const ward_key_type types[] = {WARD_KEY_EC_P256, WARD_KEY_RSA,
					      WARD_KEY_ED25519};
	for (size_t i = 0; i < 3; i++) {
		struct script s;
		script_client_setup(&s, types[i]);
		script_connect_client(&s);
		assert_int_equal(ward_tls_get_info(s.conn)->alert_sent, 255);
		script_free(&s);
	}
}

/* RFC 8446 4.4.3: a CertificateVerify that does not verify is
 * decrypt_error. */
static void client_refuses_bad_signature(void **state)
{
	(void)state;
	static const struct {
		ward_key_type type;
		uint16_t scheme;
	} cases[] = {
	    {WARD_KEY_EC_P256, WARD_SIG_ECDSA_SECP256R1_SHA256},
	    {WARD_KEY_ED25519, WARD_SIG_ED25519},
	};
	for (size_t i = 0; i < 2; i++) {
		struct script s;
		script_client_setup(&s, cases[i].type);
		assert_err(
		    server_flight(&s, cases[i].scheme, cases[i].scheme, 1, 0),
		    WARD_ERR_DECRYPT_ERROR);
		script_expect_alert(&s, DECRYPT_ERROR);
		script_free(&s);
	}
}

/* A scheme that does not fit the certificate's key (RFC 8446 4.2.3: the
 * ECDSA schemes name the curve; rsa_pss_pss needs an RSASSA-PSS key,
 * rsa_pss_rsae an rsaEncryption one) makes the scheme field inconsistent
 * with the Certificate: illegal_parameter (RFC 8446 6.2), not
 * decrypt_error, because no signature is checked against a key it cannot
 * belong to. The signatures are real ones, made with the fitting scheme:
 * rsa_pss_pss_sha256 and rsa_pss_rsae_sha256 signatures are the same
 * bytes, so a client that took the one for the other would verify it. */
static void client_refuses_scheme_unfit_for_key(void **state)
{
	(void)state;
	static const struct {
		ward_key_type type;
		uint16_t announce, sign_as;
	} cases[] = {
	    {WARD_KEY_RSA, WARD_SIG_RSA_PSS_PSS_SHA256,
	     WARD_SIG_RSA_PSS_RSAE_SHA256},
	    {WARD_KEY_RSA, WARD_SIG_ECDSA_SECP256R1_SHA256,
	     WARD_SIG_RSA_PSS_RSAE_SHA256},
	    {WARD_KEY_ED25519, WARD_SIG_RSA_PSS_RSAE_SHA256, WARD_SIG_ED25519},
	    {WARD_KEY_EC_P256, WARD_SIG_ECDSA_SECP384R1_SHA384,
	     WARD_SIG_ECDSA_SECP256R1_SHA256},
	    {WARD_KEY_EC_P256, WARD_SIG_ED25519,
	     WARD_SIG_ECDSA_SECP256R1_SHA256},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct script s;
		script_client_setup(&s, cases[i].type);
		assert_err(server_flight(&s, cases[i].announce,
					 cases[i].sign_as, 0, 0),
			   WARD_ERR_ILLEGAL_PARAMETER);
		script_expect_alert(&s, ILLEGAL_PARAMETER);
		script_free(&s);
	}
}

/* A PKCS#1 v1.5 signature with SHA-256, which ward's crypto layer makes
 * for no one (TLS 1.3 signs with PSS): by the openssl command. */
static void pkcs1_sign(const ward_buf *key_pem, const uint8_t *msg, size_t len,
		       ward_buf *sig)
{
	char key[64], in[64], out[64], cmd[256];
	int pid = (int)getpid();
	snprintf(key, sizeof key, "/tmp/ward-script-key-%d.pem", pid);
	snprintf(in, sizeof in, "/tmp/ward-script-msg-%d", pid);
	snprintf(out, sizeof out, "/tmp/ward-script-sig-%d", pid);
	int fd = open(key, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, key_pem->data, key_pem->len),
			 (ssize_t)key_pem->len);
	close(fd);
	FILE *f = fopen(in, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(msg, 1, len, f), len);
	fclose(f);
	snprintf(cmd, sizeof cmd, "openssl dgst -sha256 -sign %s -out %s %s",
		 key, out, in);
	int rc = system(cmd);
	unlink(key);
	unlink(in);
	if (rc != 0)
		fail_msg("'%s' failed: the openssl command is needed", cmd);
	f = fopen(out, "rb");
	assert_non_null(f);
	uint8_t b[1024];
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);
	unlink(out);
	ward_buf_init(sig);
	assert_ok(ward_put_bytes(sig, b, n));
}

/* RFC 8446 4.4.3: "RSA signatures MUST use an RSASSA-PSS algorithm, regardless
 * of whether RSASSA-PKCS1-v1_5 algorithms appear in signature_algorithms"
 * (ward offers them there, for certificates). A CertificateVerify with
 * rsa_pkcs1_sha256 is refused with illegal_parameter though its signature
 * is good, and the same signature checks out where PKCS#1 belongs. */
static void client_refuses_pkcs1_certificate_verify(void **state)
{
	(void)state;
	struct script s;
	ward_buf wire, flight, sig;
	uint8_t content[SCRIPT_CV_CONTENT_MAX];
	ward_buf_init(&wire);
	ward_buf_init(&flight);
	script_client_setup(&s, WARD_KEY_RSA);
	script_server_hello(&s, &wire);
	script_put_encrypted_extensions(&s, &flight);
	script_put_certificate(&s, &flight);
	size_t len = script_cv_content(&s, content);
	pkcs1_sign(&s.chain.key_pem, content, len, &sig);
	assert_ok(ward_verify(s.chain.key, WARD_SIG_RSA_PKCS1_SHA256, content,
			      len, sig.data, sig.len));
	script_put_signature(&s, &flight, WARD_SIG_RSA_PKCS1_SHA256, sig.data,
			     sig.len);
	script_put_finished(&s, &flight, 0);
	assert_err(script_send_flight(&s, &wire, &flight),
		   WARD_ERR_ILLEGAL_PARAMETER);
	script_expect_alert(&s, ILLEGAL_PARAMETER);
	ward_buf_free(&sig);
	ward_buf_free(&wire);
	ward_buf_free(&flight);
	script_free(&s);
}

/* RFC 8446 4.6.2: a CertificateRequest after the handshake needs the
 * client's post_handshake_auth, which ward does not offer. */
static void certificate_request_after_handshake(void **state)
{
	(void)state;
	struct script s;
	/* context<0..255>, extensions: signature_algorithms */
	static const uint8_t cr[] = {1, 0x2a, 0, 8, 0,	  0x0d,
				     0, 4,    0, 2, 0x04, 0x03};
	script_client_setup(&s, WARD_KEY_EC_P256);
	script_connect_client(&s);
	assert_err(send_message(&s, 13, cr, sizeof cr),
		   WARD_ERR_UNEXPECTED_MESSAGE);
	script_expect_alert(&s, UNEXPECTED_MESSAGE);
	script_free(&s);
}

/* After EncryptedExtensions, a server Certificate whose header claims
 * `len` bytes (all zero): the header and `give` bytes of the body, in a
 * first record of `first` bytes, then records of 16 KiB. */
static ward_err big_certificate(struct script *s, size_t len, size_t give,
				size_t first)
{
	ward_buf wire, flight;
	ward_buf_init(&wire);
	ward_buf_init(&flight);
	script_server_hello(s, &wire);
	script_put_encrypted_extensions(s, &flight);
	assert_ok(ward_put_u8(&flight, 11));
	assert_ok(ward_put_u24(&flight, (uint32_t)len));
	assert_ok(ward_put_fill(&flight, 0, give));
	for (size_t at = 0, n = first; at < flight.len; at += n, n = 16384) {
		if (n > flight.len - at)
			n = flight.len - at;
		script_seal(s, &wire, WARD_TLS_CT_HANDSHAKE, flight.data + at,
			    n);
	}
	ward_err err = script_feed(s, &wire);
	ward_buf_free(&wire);
	ward_buf_free(&flight);
	return err;
}

/* One protected record to a connected server: `content` bytes of 'a', the
 * application_data type, `pad` zeros. */
static ward_err send_sized(struct script *s, size_t content, size_t pad)
{
	size_t len = content + 1 + pad;
	uint8_t *inner = calloc(len, 1);
	assert_non_null(inner);
	memset(inner, 'a', content);
	inner[content] = WARD_TLS_CT_APPLICATION_DATA;
	ward_buf wire;
	ward_buf_init(&wire);
	script_seal_inner(s, &wire, inner, len);
	ward_err err = script_feed(s, &wire);
	ward_buf_free(&wire);
	free(inner);
	return err;
}

/* RFC 8446 5.4: a TLSInnerPlaintext of 2^14 + 1 bytes (2^14 of content
 * and the type, or less content and padding) is legal; one byte more is
 * record_overflow, whether the excess is content or padding. */
static void protected_record_size_limit(void **state)
{
	(void)state;
	struct script s;
	connected_server(&s);
	assert_ok(send_sized(&s, 16384, 0));
	assert_ok(send_sized(&s, 16383, 1));
	assert_ok(send_sized(&s, 0, 16384));
	assert_int_equal(s.app.len, 16384 + 16383);
	assert_int_equal(s.out.len, 0);
	script_free(&s);

	size_t over[][2] = {{16385, 0}, {16384, 1}, {0, 16385}};
	for (size_t i = 0; i < 3; i++) {
		connected_server(&s);
		assert_err(send_sized(&s, over[i][0], over[i][1]),
			   WARD_ERR_RECORD_OVERFLOW);
		assert_int_equal(s.app.len, 0);
		script_expect_alert(&s, RECORD_OVERFLOW);
		script_free(&s);
	}
}

/* Handshake messages are bounded at 128 KiB: a header over the bound is
 * refused at once (illegal_parameter), before its body is awaited, also
 * when the header itself is split across records; one at the bound is
 * read whole, and here refused for its content (an empty
 * certificate_list followed by zeros: decode_error). */
static void handshake_message_size_limit(void **state)
{
	(void)state;
	struct script s;
	script_client_setup(&s, WARD_KEY_EC_P256);
	assert_err(big_certificate(&s, 128 * 1024 + 1, 0, 16384),
		   WARD_ERR_ILLEGAL_PARAMETER);
	script_expect_alert(&s, ILLEGAL_PARAMETER);
	script_free(&s);

	/* EncryptedExtensions (6 bytes) and half the header, then the rest */
	script_client_setup(&s, WARD_KEY_EC_P256);
	assert_err(big_certificate(&s, 128 * 1024 + 1, 0, 6 + 2),
		   WARD_ERR_ILLEGAL_PARAMETER);
	script_expect_alert(&s, ILLEGAL_PARAMETER);
	script_free(&s);

	script_client_setup(&s, WARD_KEY_EC_P256);
	assert_ok(big_certificate(&s, 128 * 1024, 0, 16384));
	assert_int_equal(s.out.len, 0); /* waiting for the body */
	script_free(&s);

	script_client_setup(&s, WARD_KEY_EC_P256);
	assert_err(big_certificate(&s, 128 * 1024, 128 * 1024, 6 + 2),
		   WARD_ERR_DECODE);
	script_expect_alert(&s, DECODE_ERROR);
	script_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(server_refuses_wrong_client_finished),
	    cmocka_unit_test(server_accepts_right_client_finished),
	    cmocka_unit_test(key_update_request_values),
	    cmocka_unit_test(key_update_must_end_its_record),
	    cmocka_unit_test(ticket_sent_to_server),
	    cmocka_unit_test(client_hello_after_handshake),
	    cmocka_unit_test(early_data_skipped_up_to_the_limit),
	    cmocka_unit_test(server_refuses_bad_inner_plaintext),
	    cmocka_unit_test(server_takes_padded_records),
	    cmocka_unit_test(server_refuses_data_before_finished),
	    cmocka_unit_test(client_refuses_bad_inner_plaintext),
	    cmocka_unit_test(client_refuses_wrong_server_finished),
	    cmocka_unit_test(client_accepts_each_key_type),
	    cmocka_unit_test(client_refuses_bad_signature),
	    cmocka_unit_test(client_refuses_scheme_unfit_for_key),
	    cmocka_unit_test(client_refuses_pkcs1_certificate_verify),
	    cmocka_unit_test(certificate_request_after_handshake),
	    cmocka_unit_test(handshake_message_size_limit),
	    cmocka_unit_test(protected_record_size_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* A scripted TLS 1.3 peer for ward's engine, in memory.
 *
 * The script keeps its own transcript and key schedule and writes its
 * messages by hand, so it can send what ward's own state machine never
 * would: a correctly encrypted Finished with the wrong value, a
 * CertificateVerify whose scheme does not fit the key, post-handshake
 * messages out of place, records of any size. Only ward's primitives are
 * shared with the engine under test (crypto, the RFC 8448-checked key
 * schedule and record protection); no message is built or parsed by
 * ward's handshake codec. TLS_AES_128_GCM_SHA256 and x25519 throughout.
 */
#ifndef WARD_TEST_TLS_SCRIPT_H
#define WARD_TEST_TLS_SCRIPT_H

#include "crypto/ca.h"
#include "tls/keysched.h"
#include "tls/record.h"
#include "tls/tls.h"

struct script {
	ward_tls_config *cfg;
	ward_tls_conn *conn; /* the engine under test */
	ward_err err;	     /* the engine's first error */
	ward_buf out;	     /* what the engine sent, not yet read */
	ward_buf app;	     /* application data the engine received */
	ward_hash transcript;
	ward_tls13_schedule ks;
	uint8_t c_hs[32], s_hs[32], c_ap[32], s_ap[32];
	ward_tls_prot rd, wr; /* the script's read and write protection */
	ward_kex kex;
	struct ward_ca_test_chain chain; /* the script's (server) certificate */
	ward_buf client_hello;		 /* the engine's, client side */
	char ca_path[64];
};

/* ---- building blocks ---- */

/* A handshake message: type, u24 length, body. */
void script_msg(ward_buf *b, uint8_t type, const void *body, size_t len);
void script_transcript_add(struct script *s, const ward_buf *msgs);
void script_transcript_hash(struct script *s, uint8_t *out);
/* Handshake secrets from the (EC)DHE secret and the transcript so far. */
void script_derive_handshake(struct script *s, const uint8_t *ecdhe,
			     size_t len);
/* Application secrets from the transcript so far (through server
 * Finished). */
void script_derive_application(struct script *s);
/* Key a protection object from a traffic secret. */
void script_install(ward_tls_prot *p, const uint8_t *secret, int encrypt);
/* verify_data for the side whose handshake secret is base_key. */
void script_finished(struct script *s, const uint8_t *base_key,
		     uint8_t *verify_data);

/* Give bytes to the engine; its output is appended to s->out. */
ward_err script_feed(struct script *s, const ward_buf *bytes);
/* One record of `type` under s->wr, appended to `to`. */
void script_seal(struct script *s, ward_buf *to, uint8_t type,
		 const void *payload, size_t len);
/* A protected record of TLSInnerPlaintext inner[0..len) (content, type,
 * padding, as given: any size) under s->wr, appended to `to`. */
void script_seal_inner(struct script *s, ward_buf *to, const uint8_t *inner,
		       size_t len);
/* The next record the engine sent, ChangeCipherSpec skipped, opened under
 * s->rd when it is protected; 0 when there is none. */
int script_next_record(struct script *s, uint8_t *type, ward_buf *plain);
/* The engine's next record is exactly this fatal alert, and its last. */
void script_expect_alert(struct script *s, uint8_t desc);

/* ---- the script as a client of ward's server ---- */

enum {
	SCRIPT_EARLY_DATA = 1 << 0, /* offer 0-RTT with a PSK the server
				     * cannot know */
};

/* A server engine with a certificate of `type` for localhost. */
void script_server_setup(struct script *s, ward_key_type type);
/* Our ClientHello (and `extra` records after it, e.g. 0-RTT data) to
 * the server; its flight is read and checked up to its Finished, and the
 * application secrets derived. s->rd reads the server's application
 * keys, s->wr writes our handshake keys. */
void script_client_hello(struct script *s, unsigned flags,
			 const ward_buf *extra);
/* Our Finished (its value spoiled when `wrong`); when right, s->wr moves
 * to our application keys and the server must be connected. */
void script_client_finished(struct script *s, int wrong);

/* ---- the script as a server for ward's client ---- */

/* A client engine trusting a fresh CA, and the script's certificate of
 * `type` for localhost from it; the client's ClientHello is in
 * s->client_hello. */
void script_client_setup(struct script *s, ward_key_type type);
/* Our ServerHello, appended to `to` in plaintext; handshake keys
 * installed (s->wr writes the server's). */
void script_server_hello(struct script *s, ward_buf *to);
/* Flight messages, appended to `flight` and to the transcript. */
void script_put_encrypted_extensions(struct script *s, ward_buf *flight);
void script_put_certificate(struct script *s, ward_buf *flight);
/* Signed for `sign_as`, announced as `announce`; with `wrong_content` the
 * signature covers another transcript hash. */
void script_put_certificate_verify(struct script *s, ward_buf *flight,
				   uint16_t announce, uint16_t sign_as,
				   int wrong_content);
/* What a server's CertificateVerify signs, with the transcript so far;
 * returns its length. */
#define SCRIPT_CV_CONTENT_MAX (64 + 34 + 32)
size_t script_cv_content(struct script *s, uint8_t *content);
/* A CertificateVerify carrying this scheme and signature. */
void script_put_signature(struct script *s, ward_buf *flight, uint16_t scheme,
			  const uint8_t *sig, size_t len);
void script_put_finished(struct script *s, ward_buf *flight, int wrong);
/* The flight sealed in one record after what `wire` holds (the
 * ServerHello), and all of it to the client. */
ward_err script_send_flight(struct script *s, ward_buf *wire,
			    const ward_buf *flight);
/* A whole sound handshake with the client, signed with the scheme that
 * fits the certificate; then s->rd reads the client's application keys
 * and s->wr writes ours. */
void script_connect_client(struct script *s);

void script_free(struct script *s);

#endif

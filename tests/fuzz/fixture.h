/* What the TLS server harness and the seed generator share.
 *
 * A server whose every output is a function of its input: fixed keys and
 * certificates (tests/data/x509), fixed time, fixed randomness — both the
 * engine's callback and libcrypto's own generator, which makes the
 * ephemeral key shares and signature nonces. So a client's ClientHello
 * recorded once stays valid (a HelloRetryRequest's cookie too), and the
 * script below reaches past the handshake.
 *
 * The harness input is a script of the client's side:
 *
 *   input := op*
 *   op    := code:u8 len:u16 (big-endian) payload[len]
 *            (a last op shorter than len takes what is left)
 *
 *   code & 0x80  the op's bytes wait for the next op's, so that several
 *                records reach the server in one call
 *   (code & 0x7f) % 5, the op:
 *   0 RAW     payload goes to the server as it is
 *   1 SEAL    payload is a TLSInnerPlaintext (content, type, zero
 *             padding), sealed as one record under the client's current
 *             write keys; nothing before the first NEXT
 *   2 NEXT    the client's write keys move on: none -> handshake traffic
 *             -> application traffic 0 -> 1 -> ... (RFC 8446 7.1, 7.2),
 *             from the secrets the server logged; a no-op while the server
 *             has not derived the next one
 *   3 SERVER  the server acts (payload[0] % 4): 0 sends the rest as
 *             application data, 1 KeyUpdate with update_requested,
 *             2 KeyUpdate, 3 close_notify
 *   4 FINISH  the client's Finished for the transcript the server holds
 *             (RFC 8446 4.4.4), sealed like SEAL, split into two records
 *             after payload[0] % its length bytes (0: one record); a
 *             no-op unless the server waits for it
 *
 * TLS 1.2 (the server chose it): NEXT keys the client's one epoch
 * from the master secret the server logged once it took the
 * ClientKeyExchange (a no-op before, and after); SEAL's payload[0] is
 * the record's content type and the rest its content (TLS 1.2 records
 * have no inner type); FINISH is RFC 5246 7.4.9's, for the server in
 * WAIT_FINISHED. The ClientKeyExchange and ChangeCipherSpec are RAW
 * plaintext records.
 *
 * So a mutated ClientHello still leads to a right Finished, and the
 * seeds do not depend on the server's flight. Bytes of an incomplete
 * record wait for the next op.
 */
#ifndef WARD_FUZZ_FIXTURE_H
#define WARD_FUZZ_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "tls/ticket.h"
#include "tls/tls.h"

enum {
	FUZZ_OP_RAW = 0,
	FUZZ_OP_SEAL = 1,
	FUZZ_OP_NEXT = 2,
	FUZZ_OP_SERVER = 3,
	FUZZ_OP_FINISH = 4,
	FUZZ_OP_HOLD = 0x80,
};

enum {
	FUZZ_SERVER_SEND = 0,
	FUZZ_SERVER_KEY_UPDATE_REQUESTED = 1,
	FUZZ_SERVER_KEY_UPDATE = 2,
	FUZZ_SERVER_CLOSE = 3,
};

/* The key and IV the record harness opens with, under each AEAD; its
 * seeds are sealed with them. */
extern const uint8_t fuzz_record_key[32];
extern const uint8_t fuzz_record_iv[12];

/* The epochs the record harness opens each input under: 0 plaintext,
 * 1-3 TLS 1.3 under each AEAD, 4-7 TLS 1.2 CBC (AES-128 with HMAC-SHA1,
 * AES-256 with HMAC-SHA256; MAC-then-encrypt, then encrypt-then-MAC),
 * keyed with fuzz_record_key (as the MAC key too) and fuzz_record_iv. */
#define FUZZ_RECORD_MODES 8
#define FUZZ_RECORD_CBC_FIRST 4
struct ward_tls_prot;
ward_err fuzz_record_prot(struct ward_tls_prot *p, int mode, int encrypt);

/* Make libcrypto's generator (RAND_bytes and what key generation and
 * signing draw) a fixed stream, restarted by fuzz_rand_reset. */
void fuzz_rand_install(void);
void fuzz_rand_reset(void);

/* The server configuration, built once: an EC P-256 certificate (the
 * default), an Ed25519, an RSA and an EC P-384 one, all for test.example,
 * *.wild.example and 127.0.0.1; ALPN h2 and http/1.1; TLS 1.2 session
 * tickets under fuzz_ticket_keys and a session cache of 16
 * entries; the legacy policy. */
ward_tls_config *fuzz_server_config(void);
/* The same, but asking for a client certificate (REQUIRE) from the CA
 * of tests/data/x509/client-root.pem (client-chain.pem, client.key):
 * the harness fuzz_tls_server_mtls. */
ward_tls_config *fuzz_server_config_mtls(void);
/* One key, named "ward fuzz ticket", its key fuzz_record_key. */
const ward_ticket_keys *fuzz_ticket_keys(void);

/* One direction of one TLS 1.3 epoch, sealed and opened independently of
 * the engine's record layer, so any inner plaintext can be sent. */
typedef struct fuzz_epoch {
	int keyed;
	ward_aead aead;
	uint8_t iv[12];
	uint64_t seq;
} fuzz_epoch;

ward_err fuzz_epoch_init(fuzz_epoch *e, uint16_t suite, const uint8_t *secret,
			 int encrypt);
void fuzz_epoch_free(fuzz_epoch *e);
/* Append one application_data record holding inner[0..len) sealed. */
ward_err fuzz_epoch_seal(fuzz_epoch *e, const uint8_t *inner, size_t len,
			 ward_buf *out);
/* Open the record at rec[0..len) into out (the TLSInnerPlaintext). */
ward_err fuzz_epoch_open(fuzz_epoch *e, const uint8_t *rec, size_t len,
			 ward_buf *out);

/* The traffic secrets the server logged for the client's direction. */
typedef struct fuzz_secrets {
	uint8_t hs[64], app[64];
	uint8_t master12[64]; /* TLS 1.2: CLIENT_RANDOM, 48 bytes */
	int have_hs, have_app, have_master12;
	uint8_t early[64]; /* CLIENT_EARLY_TRAFFIC_SECRET: 0-RTT accepted */
	int have_early;
} fuzz_secrets;
/* The secrets of the connection fuzz_server_config's engine last keyed. */
fuzz_secrets *fuzz_server_secrets(void);

/* What a script made the server do. */
typedef struct fuzz_outcome {
	ward_err err;	    /* first error of the server, else WARD_OK */
	uint8_t alert_sent; /* 255 when none */
	int handshake_done;
	size_t app_bytes;     /* application data the server received */
	unsigned key_updates; /* KeyUpdates the server took from the client */
	int close_notify;
	uint16_t version, suite, group, sigscheme; /* as negotiated */
} fuzz_outcome;

/* Run one script against a fresh server connection (of cfg). */
void fuzz_server_run(const uint8_t *data, size_t size, fuzz_outcome *o);
void fuzz_server_run_cfg(ward_tls_config *cfg, const uint8_t *data,
			 size_t size, fuzz_outcome *o);

/* ---- the TLS 1.2 side of the client harness (fuzz_tls_client) ----
 *
 * Besides its RFC 8448 client, the harness runs a client with ward's
 * default offer (TLS 1.3 and TLS 1.2) on every input: fixed randomness,
 * time and x25519 key, certificates not verified, for test.example, and
 * offering a fixed TLS 1.2 session by its ID (ECDHE_ECDSA AES-128-GCM,
 * this master secret), so that an input reaches both the full and the
 * abbreviated TLS 1.2 handshakes. */
extern const uint8_t fuzz_client12_master[48];
extern const uint8_t fuzz_client12_session_id[32];
/* The client's x25519 private key, for the ClientKeyExchange too. */
extern const uint8_t fuzz_client12_x25519[32];
/* A new connection of that client, started: its ClientHello in out. */
ward_tls_conn *fuzz_client12_start(ward_buf *out);

#endif

/* Internals of the TLS engine shared by its files: the configuration and
 * connection structures, the handshake scratch state, and the helpers the
 * per-role state machines use. Not part of the engine's interface. */
#ifndef WARD_TLS_CONN_H
#define WARD_TLS_CONN_H

#include <stdio.h>

#include "tls/handshake.h"
#include "tls/keysched.h"
#include "tls/keysched12.h"
#include "tls/record.h"
#include "tls/tls.h"

#define WARD_TLS_MAX_SUITES 8 /* TLS 1.3 */
#define WARD_TLS_MAX_SUITES12 32
#define WARD_TLS_MAX_GROUPS 8
#define WARD_TLS_MAX_SIGSCHEMES 16
#define WARD_TLS_MAX_ALPN 8
/* largest handshake message accepted (a certificate chain fits easily) */
#define WARD_TLS_MAX_HANDSHAKE_MSG (128 * 1024)
/* early data a server skips before it gives up (it never accepts 0-RTT) */
#define WARD_TLS_MAX_EARLY_DATA_SKIP (64 * 1024)
/* TLS 1.2 renegotiation attempts answered in a row before the peer is
 * told unexpected_message */
#define WARD_TLS_MAX_RENEGOTIATIONS 4
/* room for a client certificate's subject, and for its SANs */
#define WARD_TLS_PEER_NAME_MAX 256

typedef struct ward_tls_suite {
	uint16_t id;
	ward_aead_alg aead;
	ward_hash_alg hash;
	const char *name;
	int key_limited; /* AES-GCM: records per key are limited (5.5) */
	/* TLS 1.2 suites: the certificate key they need; 0 for TLS 1.3 */
	uint8_t tls12_auth;
	uint8_t tls12_kx; /* TLS 1.2 key exchange */
	/* TLS 1.2 CBC suites (legacy policy): AES-CBC and HMAC instead of
	 * the AEAD */
	uint8_t cbc;
	ward_cbc_alg cbc_alg;
	ward_hash_alg mac;
} ward_tls_suite;

enum { WARD_TLS12_AUTH_ECDSA = 1, WARD_TLS12_AUTH_RSA = 2 };
enum { WARD_TLS12_KX_ECDHE = 0, WARD_TLS12_KX_RSA = 1, WARD_TLS12_KX_DHE = 2 };

const ward_tls_suite *ward_tls_suite_find(uint16_t id);

typedef struct ward_tls_cert {
	ward_chain *chain;
	ward_pkey *key;
	ward_buf msg;	/* the Certificate message, encoded once at load */
	ward_buf msg12; /* the same in its TLS 1.2 form */
} ward_tls_cert;

/* config.c: a chain (1 to WARD_TLS_MAX_CHAIN certificates, else
 * WARD_ERR_ARG) and the leaf's key (else WARD_ERR_CONFIG) as a
 * ward_tls_cert, both Certificate messages encoded once; t owns the two
 * on success, the caller still on failure. */
WARD_MUST_CHECK ward_err ward_tls_cert_make(ward_tls_cert *t,
					    ward_chain *chain, ward_pkey *key);
/* Frees what t holds and zeroes it. */
void ward_tls_cert_free(ward_tls_cert *t);
/* Loads a PEM chain and key and gives them to add, which owns them on
 * success; add's WARD_ERR_CONFIG is told as "KEY: the key does not
 * belong to CHAIN". */
typedef ward_err (*ward_tls_cert_adder)(ward_tls_config *cfg,
					ward_chain *chain, ward_pkey *key);
WARD_MUST_CHECK ward_err ward_tls_load_cert_files(
    ward_tls_config *cfg, const char *chain_path, const char *key_path,
    char *why, size_t whylen, ward_tls_cert_adder add);

struct ward_tls_config {
	ward_tls_role role;
	uint16_t suites[WARD_TLS_MAX_SUITES];
	size_t n_suites;
	/* TLS 1.2: whether it is negotiated (server) or offered (client),
	 * and its suites in preference order */
	int tls12;
	int tls13; /* client: TLS 1.3 offered */
	uint16_t suites12[WARD_TLS_MAX_SUITES12];
	size_t n_suites12;
	ward_tls_policy policy; /* what suites12 and sigschemes hold beyond
				   the default, and heartbeat */
	uint16_t groups[WARD_TLS_MAX_GROUPS];
	size_t n_groups;
	uint16_t sigschemes[WARD_TLS_MAX_SIGSCHEMES];
	size_t n_sigschemes;
	char *alpn[WARD_TLS_MAX_ALPN];
	size_t n_alpn;
	ward_buf alpn_wire; /* the client's offered list in wire form */
	ward_tls_cert *certs;
	size_t n_certs;
	ward_trust *trust;
	int verify;
	size_t max_record;  /* largest plaintext per record we send */
	uint64_t key_limit; /* records per AES-GCM write key (tls.h) */
	ward_err (*random)(void *ctx, void *out, size_t len);
	void *random_ctx;
	time_t (*now)(void *ctx);
	void *now_ctx;
	void (*keylog)(void *ctx, const char *line);
	void *keylog_ctx;
	FILE *keylog_file;
	uint8_t cookie_key[32];
	/* server: the ticket keys (tls/ticket.h), not owned; NULL: none */
	const struct ward_ticket_keys *ticket_keys;
	/* server: TLS 1.2 session IDs (tls/session_cache.h), not owned */
	struct ward_session_cache *session_cache;
	uint32_t session_lifetime; /* seconds a session resumes for */
	/* TLS 1.3 resumption (server): tickets after each handshake, and
	 * whether psk_ke (no (EC)DHE) is accepted */
	unsigned tickets13;
	int psk_ke;
	/* client, tests: CBC suites offered without encrypt_then_mac, for
	 * MAC-then-encrypt against ward's server */
	int test_no_etm;
	ward_buf test_client_hello;
	ward_buf test_retry_hello; /* the second, after HelloRetryRequest */
	struct {
		uint16_t group;
		ward_buf priv;
	} test_kex[2]; /* the first is the client's first share */
	/* server: client certificates asked for (tls/server_client_auth.c),
	 * the CAs, and their subjects as certificate_authorities' body */
	ward_tls_client_auth client_auth;
	ward_trust *client_cas;
	ward_buf client_ca_names;
	/* client: the certificate sent on request (tls/client_auth.c);
	 * chain NULL: none */
	ward_tls_cert client_cert;
	/* 0-RTT (tls.h): the server's max_early_data_size, the client's
	 * switch; the server's replay check */
	uint32_t early_data;
	ward_tls_replay_check_fn replay_check;
	void *replay_ctx;
};

/* Handshake states, one enum for both roles (TLS 1.3). */
typedef enum ward_tls_state {
	WARD_ST_START = 0,
	/* server */
	WARD_ST_S_WAIT_CH,
	WARD_ST_S_WAIT_CH2, /* after HelloRetryRequest */
	WARD_ST_S_WAIT_FINISHED,
	/* server, TLS 1.2 */
	WARD_ST_S12_WAIT_CKE,
	WARD_ST_S12_WAIT_CCS,
	WARD_ST_S12_WAIT_FINISHED,
	/* server, TLS 1.2 abbreviated handshake (server12_resume.c) */
	WARD_ST_S12R_WAIT_CCS,
	WARD_ST_S12R_WAIT_FINISHED,
	/* client, TLS 1.2 (client12.c) */
	WARD_ST_C12_WAIT_CERT,
	WARD_ST_C12_WAIT_SKE,
	WARD_ST_C12_WAIT_SHD, /* or CertificateRequest */
	WARD_ST_C12_WAIT_NST, /* the server sent session_ticket */
	WARD_ST_C12_WAIT_CCS,
	WARD_ST_C12_WAIT_FINISHED,
	/* client */
	WARD_ST_C_WAIT_SH,
	WARD_ST_C_WAIT_SH2, /* after HelloRetryRequest */
	WARD_ST_C_WAIT_EE,
	WARD_ST_C_WAIT_CERT_CR,
	WARD_ST_C_WAIT_CERT,
	WARD_ST_C_WAIT_CV,
	WARD_ST_C_WAIT_FINISHED,
	/* both */
	WARD_ST_CONNECTED,
	WARD_ST_CLOSED, /* a fatal alert went either way */
	/* server, client certificates (tls/server_client_auth.c) */
	WARD_ST_S_WAIT_CERT,
	WARD_ST_S_WAIT_CV,
	WARD_ST_S12_WAIT_CERT,
	WARD_ST_S12_WAIT_CV,
	/* server, 0-RTT accepted: early data until EndOfEarlyData */
	WARD_ST_S_WAIT_EOED,
} ward_tls_state;

/* A TLS 1.2 session the client can resume (session12.c). */
typedef struct ward_tls12_session {
	uint16_t suite;
	uint8_t master[48];
	uint8_t id[32];
	size_t id_len;
	ward_buf ticket; /* RFC 5077, empty when none */
	int64_t created; /* seconds, the engine's clock */
	uint32_t lifetime;
	ward_buf host; /* the name it was made for (no NUL); empty for none */
} ward_tls12_session;

/* Lives from the first flight to the end of the handshake only. */
typedef struct ward_tls_hs {
	ward_hash transcript;
	int transcript_ready;
	ward_buf transcript_pending; /* client: ClientHello before the suite */
	ward_tls13_schedule ks;
	uint8_t c_hs[WARD_HASH_MAX];
	uint8_t s_hs[WARD_HASH_MAX];
	uint8_t client_random[32];
	uint8_t session_id[32];
	size_t session_id_len;
	ward_kex kex;
	uint16_t share_group;
	ward_buf scratch; /* messages being built */
	ward_buf cookie;
	/* server: the first ClientHello, less what a second may change */
	uint8_t ch1_digest[WARD_HASH_MAX];
	uint64_t offered_exts;
	int sent_ccs;
	int got_ccs; /* the peer's one ChangeCipherSpec (D.4) */
	const ward_tls_cert *cert;
	ward_pkey *peer_key;
	/* server: the client certificate's names, read when its chain
	 * verified, the connection's once its CertificateVerify did */
	char peer_subject[WARD_TLS_PEER_NAME_MAX];
	char peer_sans[WARD_TLS_PEER_NAME_MAX];
	int cert_requested;
	ward_buf cr_context;
	int sni_ack;
	int skip_early_data; /* server: the client offered 0-RTT (4.2.10) */
	/* TLS 1.3 resumption: the PSK in use (psk_len 0: none), with or
	 * without (EC)DHE; the client's ticket and when it was received */
	uint8_t psk[WARD_HASH_MAX];
	size_t psk_len;
	int psk_ke;
	uint16_t psk_identity; /* server: the index of the one accepted */
	const ward_tls_suite *psk_suite; /* client: the ticket's suite */
	size_t early_data_skipped;
	/* TLS 1.2 */
	uint8_t server_random[32];
	uint8_t master[48];
	int ems; /* master is the extended one (RFC 7627) */
	ward_tls12_keys keys12;
	/* TLS 1.2 sessions (server12_resume.c): a NewSessionTicket is due
	 * before our ChangeCipherSpec; the ID given to a new session */
	int send_ticket;
	uint8_t new_session_id[32];
	size_t new_session_id_len;
	/* client: the premaster secret and our public value, from the
	 * ServerKeyExchange to the ClientKeyExchange */
	uint8_t pms[WARD_KEX_SECRET_MAX];
	size_t pms_len;
	uint8_t pub12[WARD_KEX_PUB_MAX];
	size_t pub12_len;
	int resuming;	       /* the abbreviated handshake (RFC 5246 7.3) */
	int ticket_expected;   /* the ServerHello had session_ticket */
	uint8_t server_id[32]; /* the ServerHello's session_id */
	size_t server_id_len;
	uint16_t client_version; /* static RSA: checked in the pre-master */
	int encrypt_then_mac;	 /* RFC 7366, CBC suites */
	/* TLS 1.2 client certificates: the handshake messages so far, which
	 * CertificateVerify signs (RFC 5246 7.4.8), kept while keep_msgs12 */
	ward_buf msgs12;
	int keep_msgs12;
	/* client: the scheme our CertificateVerify uses (0: none fits, an
	 * empty Certificate goes); server: a CertificateVerify is due */
	uint16_t client_scheme;
	int client_cv_due;
	/* 0-RTT (server13_early.c, client13_early.c): the PSK's ticket as
	 * the replay check sees it, what it allows, its suite and lifetime
	 * left; the client_early_traffic_secret; bytes of early data
	 * received (server) */
	uint8_t psk_key[32];
	uint32_t psk_max_early;
	uint32_t psk_ttl;
	uint16_t psk_ticket_suite;
	uint8_t c_early[WARD_HASH_MAX];
	size_t early_received;
} ward_tls_hs;

struct ward_tls_conn {
	const ward_tls_config *cfg;
	ward_tls_role role;
	ward_tls_state state;
	int got_close;
	int sent_close;
	int rd_changed;	      /* read keys changed while handling a message */
	int verify_name_none; /* the client checks no name (tls.h) */
	/* our KeyUpdate answering the peer's request is queued and its new
	 * key has protected nothing yet: a second request needs no answer */
	int key_update_unsent;
	/* records that carried nothing since the last that did (tls.h) */
	unsigned empty_records, key_updates, warning_alerts;
	unsigned renegotiations; /* TLS 1.2 ClientHellos after the handshake */
	unsigned heartbeats;	 /* heartbeat records (legacy policy) */
	int heartbeat;		 /* TLS 1.2: the extension was answered */
	ward_tls_recv_result last;
	ward_tls_prot rd, wr;
	const ward_tls_suite *suite;
	uint8_t rd_secret[WARD_HASH_MAX]; /* application traffic secrets */
	uint8_t wr_secret[WARD_HASH_MAX];
	uint8_t resumption_secret[WARD_HASH_MAX];
	ward_tls_hs *hs;
	ward_buf hsmsg; /* a handshake message split across records */
	uint32_t events;
	ward_tls_info info;
	char *host;
	/* the ClientHello's lists, first entries only (tls.h) */
	uint8_t offered[4][2 * WARD_TLS_OFFERED_MAX];
	uint8_t offered_alpn[WARD_TLS_OFFERED_ALPN_BYTES];
	ward_buf peer_certs; /* DER of the peer's chain, back to back */
	ward_slice peer_chain[WARD_TLS_MAX_CHAIN];
	/* client: the session of the last NewSessionTicket kept (0x13
	 * blob, tls/session13.c), and the one to offer */
	ward_buf last_ticket;
	ward_buf offer;
	/* server: NewSessionTickets to send after the client's Finished */
	unsigned tickets_due;
	char *error;
	/* client, TLS 1.2: the session offered (set_session) and, once the
	 * handshake is done, the one this connection can be resumed from */
	ward_tls12_session sess12;
	int sess12_offered;
	int sess12_valid;
	/* ward_tls_set_trace; the epoch of each direction's TLS 1.3 keys */
	ward_tls_trace_fn trace;
	void *trace_ctx;
	uint8_t rd_epoch13, wr_epoch13;
	/* server: the client certificate's identity (tls.h) */
	char peer_subject[WARD_TLS_PEER_NAME_MAX];
	char peer_sans[WARD_TLS_PEER_NAME_MAX];
};

/* Set the one-line failure reason (printf-style) and return err. */
ward_err ward_tls_fail(ward_tls_conn *c, ward_err err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Add a handshake message to the transcript (buffered until the hash is
 * known, on the client). */
WARD_MUST_CHECK ward_err ward_tls_transcript_add(ward_tls_conn *c,
						 const uint8_t *msg,
						 size_t len);
/* Fix the hash; feeds what was buffered. */
WARD_MUST_CHECK ward_err ward_tls_transcript_start(ward_tls_conn *c);
/* Replace ClientHello1 with message_hash(ClientHello1) (RFC 8446 4.4.1). */
WARD_MUST_CHECK ward_err ward_tls_transcript_hrr(ward_tls_conn *c);
WARD_MUST_CHECK ward_err ward_tls_transcript_hash(ward_tls_conn *c,
						  uint8_t *out);

/* Seal plaintext handshake bytes into records of at most max_record. */
WARD_MUST_CHECK ward_err ward_tls_send_handshake(ward_tls_conn *c,
						 const uint8_t *p, size_t len,
						 ward_buf *out);
/* The dummy ChangeCipherSpec of middlebox compatibility (RFC 8446 D.4). */
WARD_MUST_CHECK ward_err ward_tls_send_ccs(ward_tls_conn *c, ward_buf *out);
/* A new key pair in hs->kex for `group` and our share of it: generated,
 * or from the test's private key for that group. */
WARD_MUST_CHECK ward_err ward_tls_new_share(ward_tls_conn *c, uint16_t group,
					    uint8_t *pub, size_t *pub_len);

/* Install a direction's keys from a traffic secret. */
WARD_MUST_CHECK ward_err ward_tls_set_read_secret(ward_tls_conn *c,
						  const uint8_t *secret);
WARD_MUST_CHECK ward_err ward_tls_set_write_secret(ward_tls_conn *c,
						   const uint8_t *secret);

/* Handshake secrets from the (EC)DHE secret, with the transcript through
 * ServerHello; also the key log lines. */
WARD_MUST_CHECK ward_err ward_tls_derive_handshake(ward_tls_conn *c,
						   const uint8_t *ecdhe,
						   size_t ecdhe_len);
/* Application secrets with the transcript through server Finished. */
WARD_MUST_CHECK ward_err ward_tls_derive_application(ward_tls_conn *c);
/* Finished verify_data for one side with the current transcript. */
WARD_MUST_CHECK ward_err ward_tls_finished_data(ward_tls_conn *c, int server,
						uint8_t *out);

/* Check the peer's Finished (RFC 8446 4.4.4) in constant time against the
 * current transcript, then add it: decode_error for a wrong length,
 * decrypt_error for a wrong value. */
WARD_MUST_CHECK ward_err ward_tls_check_peer_finished(ward_tls_conn *c,
						      ward_slice body,
						      ward_slice msg);

/* RFC 8446 4.4.3: no PKCS#1 v1.5 and no SHA-1 in a TLS 1.3
 * CertificateVerify. */
int ward_tls13_cv_scheme(uint16_t scheme);
/* Check the peer's TLS 1.3 CertificateVerify (4.4.3) over the current
 * transcript with c->hs->peer_key: illegal_parameter for a scheme not
 * `listed` (the client's offer, the server's request) or unfit for the
 * key, what ward_verify says for a bad signature. Its scheme to
 * *scheme; the caller adds the message to the transcript. */
typedef int (*ward_tls_scheme_ok)(const ward_tls_conn *c, uint16_t scheme);
WARD_MUST_CHECK ward_err ward_tls13_check_peer_cv(ward_tls_conn *c,
						  ward_slice body,
						  ward_tls_scheme_ok listed,
						  uint16_t *scheme);

void ward_tls_keylog(ward_tls_conn *c, const char *label,
		     const uint8_t *secret);
/* The same for a secret of len bytes (TLS 1.2 CLIENT_RANDOM lines). */
void ward_tls_keylog_len(ward_tls_conn *c, const char *label,
			 const uint8_t *secret, size_t len);
WARD_MUST_CHECK ward_err ward_tls_random(ward_tls_conn *c, void *out,
					 size_t len);
time_t ward_tls_now(ward_tls_conn *c);

/* Record what the ClientHello offered (both roles). */
WARD_MUST_CHECK ward_err ward_tls_keep_offered(ward_tls_conn *c,
					       const ward_tls_client_hello *ch);

/* With the transcript through the client's Finished: the resumption
 * secret, the peer's application keys for reading, and the handshake state
 * is dropped. */
WARD_MUST_CHECK ward_err ward_tls_handshake_complete(ward_tls_conn *c);
void ward_tls_hs_free(ward_tls_conn *c);

/* Client: refuse extensions in a server message that were not offered
 * (RFC 8446 4.2, RFC 5246 7.4.1.4: unsupported_extension). */
WARD_MUST_CHECK ward_err ward_tls_check_offered(ward_tls_conn *c,
						const ward_tls_exts *e,
						int hrr);
/* Client: keep the server's chain and verify it (roots, name, time) as
 * configured; the leaf's key goes to hs->peer_key. */
WARD_MUST_CHECK ward_err ward_tls_client_verify_chain(ward_tls_conn *c,
						      const ward_slice *der,
						      size_t count);

/* Per-role handshake message handlers and the client's first flight. */
WARD_MUST_CHECK ward_err ward_tls13_server_handle(ward_tls_conn *c,
						  uint8_t type, ward_slice body,
						  ward_slice msg,
						  ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls13_client_handle(ward_tls_conn *c,
						  uint8_t type, ward_slice body,
						  ward_slice msg,
						  ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls13_client_start(ward_tls_conn *c,
						 ward_buf *out);
/* TLS 1.2 server: a ClientHello that does not offer TLS 1.3 (called by
 * the TLS 1.3 server once it has parsed it), its handshake messages, and
 * the client's ChangeCipherSpec. */
WARD_MUST_CHECK ward_err
ward_tls12_server_hello(ward_tls_conn *c, const ward_tls_client_hello *ch,
			ward_slice msg, ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls12_server_handle(ward_tls_conn *c,
						  uint8_t type, ward_slice body,
						  ward_slice msg,
						  ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls12_server_ccs(ward_tls_conn *c);
/* TLS 1.2, both roles (epoch12.c): with hs->master and the randoms, the
 * key block for c->suite (and the key log line); one direction's record
 * protection from its keys. */
WARD_MUST_CHECK ward_err ward_tls12_derive_keys(ward_tls_conn *c);
WARD_MUST_CHECK ward_err ward_tls12_init_prot(ward_tls_conn *c,
					      ward_tls_prot *p,
					      const ward_tls12_dir_keys *k,
					      int encrypt);
/* TLS 1.2: the peer's signature over content (RFC 5246 7.4.3, 7.4.8)
 * with hs->peer_key: illegal_parameter for a scheme not `listed` (our
 * offer, our request) or unfit for the key, what ward_verify_tls12 says
 * for a bad signature ("the server's WHAT does not verify"). */
WARD_MUST_CHECK ward_err ward_tls12_check_peer_sig(
    ward_tls_conn *c, uint16_t scheme, ward_tls_scheme_ok listed,
    const uint8_t *content, size_t len, ward_slice sig, const char *what);
/* The peer's Finished (RFC 5246 7.4.9) against the transcript, in
 * constant time: decode_error for a wrong length, decrypt_error for a
 * wrong value; then it joins the transcript. */
WARD_MUST_CHECK ward_err ward_tls12_check_finished(ward_tls_conn *c,
						   int from_server,
						   ward_slice body,
						   ward_slice msg);
/* Our ChangeCipherSpec, our write keys, our Finished (in the transcript). */
WARD_MUST_CHECK ward_err ward_tls12_send_finished(ward_tls_conn *c,
						  ward_buf *out);
/* TLS 1.2 server sessions (server12_resume.c). After the ClientHello's
 * checks: resume the session a ticket or session ID names, if it may be,
 * with the abbreviated handshake (*resumed set); else nothing happens.
 * reneg: whether the ServerHello carries renegotiation_info. */
WARD_MUST_CHECK ward_err ward_tls12_server_resume(
    ward_tls_conn *c, const ward_tls_client_hello *ch, ward_slice msg,
    int reneg, ward_buf *out, int *resumed);
/* A full handshake: the session ID and SessionTicket extension of the
 * ServerHello (the session will be resumable by one of them). */
WARD_MUST_CHECK ward_err
ward_tls12_server_new_session(ward_tls_conn *c, const ward_tls_client_hello *ch,
			      ward_tls12_server_hello_params *p);
/* A full handshake, the client's Finished checked: the NewSessionTicket
 * (sent, in the transcript) or the cache entry of the new session. */
WARD_MUST_CHECK ward_err ward_tls12_server_issue(ward_tls_conn *c,
						 ward_buf *out);
/* The abbreviated handshake: the client's Finished. */
WARD_MUST_CHECK ward_err ward_tls12_server_resumed_finished(ward_tls_conn *c,
							    ward_slice body,
							    ward_slice msg);
/* TLS 1.2 client (client12.c): a ServerHello that selects TLS 1.2 (no
 * supported_versions), the messages after it, the server's
 * ChangeCipherSpec; HelloRequest after the handshake. */
int ward_tls12_client_offered(const ward_tls_conn *c);
WARD_MUST_CHECK ward_err ward_tls12_client_server_hello(
    ward_tls_conn *c, const ward_tls_server_hello *sh, ward_slice msg,
    ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls12_client_handle(ward_tls_conn *c,
						  uint8_t type, ward_slice body,
						  ward_slice msg,
						  ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls12_client_ccs(ward_tls_conn *c);
/* The client's key exchange (client12_kex.c): the ServerKeyExchange
 * ((EC)DHE), then our ClientKeyExchange into b with hs->pms set. */
WARD_MUST_CHECK ward_err ward_tls12_client_key_exchange_in(ward_tls_conn *c,
							   ward_slice body,
							   ward_slice msg);
WARD_MUST_CHECK ward_err ward_tls12_client_key_exchange_out(ward_tls_conn *c,
							    ward_buf *b);
/* Client sessions (session12.c): the 0x12 blob, and what the ClientHello
 * offers of a session set (checked against the connection at start). */
#define WARD_TLS_SESSION_TLS12 0x12
#define WARD_TLS_SESSION_TLS13 0x13 /* session13.c */
WARD_MUST_CHECK ward_err ward_tls12_session_encode(const ward_tls_conn *c,
						   ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls12_session_decode(ward_tls_conn *c,
						   const uint8_t *blob,
						   size_t len);
/* At start: drop an offered session that does not suit the connection. */
void ward_tls12_session_check(ward_tls_conn *c);
void ward_tls12_session_wipe(ward_tls12_session *s);

/* A heartbeat record (RFC 6520), opened in place, once the extension
 * was negotiated: a request is answered (its body is reused for the
 * answer), anything else dropped. */
WARD_MUST_CHECK ward_err ward_tls12_heartbeat(ward_tls_conn *c,
					      ward_tls_record *rec,
					      ward_buf *out);
/* Shared by both versions' servers. */
WARD_MUST_CHECK ward_err
ward_tls_server_choose_alpn(ward_tls_conn *c, const ward_tls_client_hello *ch);
/* TLS 1.3 resumption, server (tls/server13_psk.c): look at the
 * ClientHello's PSK offer (body: the message body; msg: the whole message,
 * for the binder): on success with hs->psk_len set, resume with it (the
 * suite may be changed to one of the ticket's hash); without, a full
 * handshake. A bad binder for a usable ticket is decrypt_error. */
WARD_MUST_CHECK ward_err ward_tls13_server_psk(ward_tls_conn *c,
					       const ward_tls_client_hello *ch,
					       ward_slice msg);
/* The NewSessionTickets due, after the client's Finished. */
WARD_MUST_CHECK ward_err ward_tls13_send_tickets(ward_tls_conn *c,
						 ward_buf *out);
/* The binder of a ClientHello (4.2.11.2) for a PSK of `hash`: over the
 * transcript so far (after a HelloRetryRequest; none before) and the
 * first prefix_len bytes of the message. */
WARD_MUST_CHECK ward_err ward_tls13_binder(ward_tls_conn *c, ward_hash_alg hash,
					   const uint8_t *psk,
					   const uint8_t *msg,
					   size_t prefix_len, uint8_t *binder);
/* Client (tls/session13.c): keep a NewSessionTicket as the session
 * ward_tls13_session_get returns; take the session to offer (malformed:
 * WARD_ERR_ARG); the PSK offer of a ClientHello about to be written (none
 * when the session is unusable: expired, a suite or name that does not
 * fit), and its binder, written into the last bytes of the message. */
WARD_MUST_CHECK ward_err
ward_tls13_keep_ticket(ward_tls_conn *c, const ward_tls_new_session_ticket *t);
WARD_MUST_CHECK ward_err ward_tls13_session_get(const ward_tls_conn *c,
						ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls13_session_set(ward_tls_conn *c,
						const uint8_t *blob,
						size_t len);
WARD_MUST_CHECK ward_err
ward_tls13_client_psk_params(ward_tls_conn *c, ward_tls_client_hello_params *p);
WARD_MUST_CHECK ward_err ward_tls13_client_psk_bind(ward_tls_conn *c,
						    uint8_t *msg, size_t len);
/* 0-RTT (tls.h), server (tls/server13_early.c): after the ClientHello
 * joined the transcript and no HelloRetryRequest is due, whether to
 * accept early data; at the end of the server's flight, the early read
 * key when accepted; EndOfEarlyData; an early application data record. */
WARD_MUST_CHECK ward_err ward_tls13_server_early_decide(
    ward_tls_conn *c, const ward_tls_client_hello *ch);
WARD_MUST_CHECK ward_err ward_tls13_server_early_keys(ward_tls_conn *c);
WARD_MUST_CHECK ward_err ward_tls13_server_eoed(ward_tls_conn *c,
						ward_slice body,
						ward_slice msg);
WARD_MUST_CHECK ward_err ward_tls13_server_early_record(ward_tls_conn *c,
							const uint8_t *p,
							size_t len,
							ward_buf *app);
/* How much declined early data a server skips (tls.h). */
size_t ward_tls13_early_skip_limit(const ward_tls_conn *c);
/* Both roles (tls/early13.c): the client_early_traffic_secret from the
 * PSK in hs->psk (of `hash`) and the ClientHello's transcript hash, into
 * hs->c_early, with its key log line. */
WARD_MUST_CHECK ward_err ward_tls13_early_secret(ward_tls_conn *c,
						 ward_hash_alg hash,
						 const uint8_t *th);
/* Client (tls/client13_early.c): whether the first ClientHello offers
 * early data (sets p->early_data); after it is sent, the early write
 * key; a HelloRetryRequest (early data is off); the ServerHello (whether
 * the write key moves to the handshake key now); the
 * EncryptedExtensions; before our Finished, EndOfEarlyData. */
void ward_tls13_client_early_offer(ward_tls_conn *c,
				   ward_tls_client_hello_params *p);
/* One application_data record of p[0..n) under the write keys, traced. */
WARD_MUST_CHECK ward_err ward_tls_seal_app_record(ward_tls_conn *c,
						  const uint8_t *p, size_t n,
						  ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls13_client_early_start(ward_tls_conn *c,
						       ward_slice hello,
						       ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls13_client_early_hrr(ward_tls_conn *c);
int ward_tls13_client_early_pending(const ward_tls_conn *c);
WARD_MUST_CHECK ward_err ward_tls13_client_early_ee(
    ward_tls_conn *c, const ward_tls_encrypted_extensions *ee);
WARD_MUST_CHECK ward_err ward_tls13_client_early_end(ward_tls_conn *c,
						     ward_buf *out);
/* Client (tls/session13.c): the max_early_data_size of the session set
 * to offer, its suite and ALPN; 0 when none or unusable. */
uint32_t ward_tls13_session_max_early(ward_tls_conn *c, uint16_t *suite,
				      ward_slice *alpn);

/* Post-handshake messages (both roles). */
WARD_MUST_CHECK ward_err ward_tls13_post_handshake(ward_tls_conn *c,
						   uint8_t type,
						   ward_slice body,
						   ward_buf *out);

/* The trace hook (tls/trace_emit.c); callers test c->trace first, so an
 * untraced connection pays one pointer test per site. */
void ward_tls_trace_handshake(ward_tls_conn *c, int sent, const uint8_t *p,
			      size_t len);
void ward_tls_trace_record(ward_tls_conn *c, ward_tls_trace_kind kind, int sent,
			   uint8_t level, uint8_t desc, size_t length);
/* Client certificates, server (tls/server_client_auth.c). After the
 * TLS 1.3 EncryptedExtensions of a full handshake: the
 * CertificateRequest into b, if the configuration asks for one
 * (hs->cert_requested set). The TLS 1.2 one before ServerHelloDone, with
 * the ClientHello message, from which the messages CertificateVerify
 * signs are kept. Then the client's Certificate and CertificateVerify,
 * each checked, in the transcript, with the next state set. */
WARD_MUST_CHECK ward_err ward_tls13_server_cert_request(ward_tls_conn *c,
							ward_buf *b);
WARD_MUST_CHECK ward_err ward_tls13_server_client_cert(ward_tls_conn *c,
						       ward_slice body,
						       ward_slice msg);
WARD_MUST_CHECK ward_err ward_tls13_server_client_cv(ward_tls_conn *c,
						     ward_slice body,
						     ward_slice msg);
WARD_MUST_CHECK ward_err ward_tls12_server_cert_request(ward_tls_conn *c,
							ward_slice client_hello,
							ward_buf *b);
WARD_MUST_CHECK ward_err ward_tls12_server_client_cert(ward_tls_conn *c,
						       ward_slice body,
						       ward_slice msg);
WARD_MUST_CHECK ward_err ward_tls12_server_client_cv(ward_tls_conn *c,
						     ward_slice body,
						     ward_slice msg);
/* TLS 1.3 tickets: the identity a ticket keeps (a u16 vector of subject,
 * NUL, SANs) written, and read back into the connection; with REQUIRE, a
 * ticket without one is not usable (returns 0). */
WARD_MUST_CHECK ward_err ward_tls13_ticket_identity_write(ward_tls_conn *c,
							  ward_buf *b);
int ward_tls13_ticket_identity_usable(const ward_tls_conn *c,
				      ward_slice identity);
void ward_tls13_ticket_identity_take(ward_tls_conn *c, ward_slice identity);
void ward_tls_client_auth_config_free(ward_tls_config *cfg);
/* Keep the peer's chain (DER) in the connection for ward_tls_info. */
WARD_MUST_CHECK ward_err ward_tls_keep_peer_chain(ward_tls_conn *c,
						  const ward_slice *der,
						  size_t count);
/* Client certificates, client (tls/client_auth.c): a CertificateRequest
 * (parsed) chooses our scheme; our Certificate (empty without a
 * certificate or a scheme) and CertificateVerify into b and the
 * transcript. TLS 1.2 in two steps: the Certificate before
 * ClientKeyExchange, the CertificateVerify after it. */
WARD_MUST_CHECK ward_err ward_tls13_client_cert_request(
    ward_tls_conn *c, const ward_tls_certificate_request *cr);
WARD_MUST_CHECK ward_err ward_tls13_client_auth_write(ward_tls_conn *c,
						      ward_buf *b);
WARD_MUST_CHECK ward_err ward_tls12_client_cert_request(
    ward_tls_conn *c, const ward_tls_certificate_request12 *cr);
WARD_MUST_CHECK ward_err ward_tls12_client_cert_write(ward_tls_conn *c,
						      ward_buf *b);
WARD_MUST_CHECK ward_err ward_tls12_client_cv_write(ward_tls_conn *c,
						    ward_buf *b);

#endif

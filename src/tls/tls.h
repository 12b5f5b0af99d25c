/* ward's TLS engine: sans-I/O, both roles.
 *
 * The engine never touches a socket, a clock or a file. The caller passes
 * bytes received from the peer to ward_tls_recv and gets back bytes to send
 * (appended to `out`), decrypted application data (appended to `app`) and
 * events. Time and randomness come from callbacks in the configuration, so
 * tests can replay RFC 8448.
 *
 * A configuration is built once, then shared read-only by many connections.
 * On a peer-class error (ward_err_is_peer) the engine has already appended
 * the one right alert to `out`: send it, then close.
 */
#ifndef WARD_TLS_TLS_H
#define WARD_TLS_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/bytes.h"
#include "crypto/crypto.h"

/* The most application data one record carries (RFC 8446 5.1). */
#define WARD_TLS_RECORD_PAYLOAD 16384

typedef struct ward_tls_config ward_tls_config;
typedef struct ward_tls_conn ward_tls_conn;

typedef enum ward_tls_role { WARD_TLS_CLIENT = 0, WARD_TLS_SERVER = 1 } ward_tls_role;

/* TLS 1.3 cipher suites (RFC 8446 B.4) */
enum {
	WARD_TLS_AES_128_GCM_SHA256 = 0x1301,
	WARD_TLS_AES_256_GCM_SHA384 = 0x1302,
	WARD_TLS_CHACHA20_POLY1305_SHA256 = 0x1303,
};

/* TLS 1.2 ECDHE AEAD cipher suites (RFC 5289, RFC 7905) */
enum {
	WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b,
	WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c,
	WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f,
	WARD_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030,
	WARD_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca8,
	WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca9,
};

/* TLS 1.2 DHE AEAD cipher suites (RFC 5288, RFC 7905), with the RFC 7919
 * groups only */
enum {
	WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 = 0x009e,
	WARD_TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 = 0x009f,
	WARD_TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xccaa,
};

/* TLS 1.2 static RSA key exchange suites (RFC 5246 A.5, RFC 5288);
 * legacy policy only */
enum {
	WARD_TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009c,
	WARD_TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009d,
};

/* TLS 1.2 CBC suites (RFC 5246 A.5, RFC 8422 6, RFC 5289); legacy policy
 * only */
enum {
	WARD_TLS_RSA_WITH_AES_128_CBC_SHA = 0x002f,
	WARD_TLS_RSA_WITH_AES_256_CBC_SHA = 0x0035,
	WARD_TLS_RSA_WITH_AES_128_CBC_SHA256 = 0x003c,
	WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA = 0xc009,
	WARD_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA = 0xc00a,
	WARD_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA = 0xc013,
	WARD_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA = 0xc014,
	WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 = 0xc023,
	WARD_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 = 0xc027,
};

/* AlertDescription (RFC 8446 6) */
enum {
	WARD_ALERT_CLOSE_NOTIFY = 0,
	WARD_ALERT_UNEXPECTED_MESSAGE = 10,
	WARD_ALERT_BAD_RECORD_MAC = 20,
	WARD_ALERT_RECORD_OVERFLOW = 22,
	WARD_ALERT_HANDSHAKE_FAILURE = 40,
	WARD_ALERT_BAD_CERTIFICATE = 42,
	WARD_ALERT_UNSUPPORTED_CERTIFICATE = 43,
	WARD_ALERT_CERTIFICATE_REVOKED = 44,
	WARD_ALERT_CERTIFICATE_EXPIRED = 45,
	WARD_ALERT_CERTIFICATE_UNKNOWN = 46,
	WARD_ALERT_ILLEGAL_PARAMETER = 47,
	WARD_ALERT_UNKNOWN_CA = 48,
	WARD_ALERT_ACCESS_DENIED = 49,
	WARD_ALERT_DECODE_ERROR = 50,
	WARD_ALERT_DECRYPT_ERROR = 51,
	WARD_ALERT_PROTOCOL_VERSION = 70,
	WARD_ALERT_INSUFFICIENT_SECURITY = 71,
	WARD_ALERT_INTERNAL_ERROR = 80,
	WARD_ALERT_INAPPROPRIATE_FALLBACK = 86,
	WARD_ALERT_USER_CANCELED = 90,
	WARD_ALERT_NO_RENEGOTIATION = 100,
	WARD_ALERT_MISSING_EXTENSION = 109,
	WARD_ALERT_UNSUPPORTED_EXTENSION = 110,
	WARD_ALERT_UNRECOGNIZED_NAME = 112,
	WARD_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113,
	WARD_ALERT_UNKNOWN_PSK_IDENTITY = 115,
	WARD_ALERT_CERTIFICATE_REQUIRED = 116,
	WARD_ALERT_NO_APPLICATION_PROTOCOL = 120,
};

/* The alert an error sends (one table, tls/alert.c). */
uint8_t ward_tls_alert_for(ward_err err);
/* "handshake_failure", ...; NULL when unknown. */
const char *ward_tls_alert_name(uint8_t alert);
const char *ward_tls_suite_name(uint16_t suite);
const char *ward_tls_version_name(uint16_t version);

/* ---- configuration ---- */

ward_tls_config *ward_tls_config_new(ward_tls_role role);
void ward_tls_config_free(ward_tls_config *cfg);

/* TLS 1.3 suites in preference order, most preferred first. Unknown
 * values and TLS 1.2 suites: WARD_ERR_ARG. */
WARD_MUST_CHECK ward_err ward_tls_config_set_suites(ward_tls_config *cfg,
						    const uint16_t *suites,
						    size_t n);
/* Server: whether a client that offers TLS 1.2 but not TLS 1.3 gets a
 * TLS 1.2 handshake (the default: ECDHE_ECDSA, ECDHE_RSA, then DHE_RSA
 * with the RFC 7919 groups, each with AES-GCM and ChaCha20-Poly1305,
 * extended master secret required) or protocol_version. TLS 1.3 is
 * chosen whenever it is offered.
 * Client: whether TLS 1.2 is offered besides TLS 1.3 (the default: the
 * ECDHE suites, extended master secret and renegotiation_info required of
 * the server). Turning off the last version left: WARD_ERR_ARG. */
WARD_MUST_CHECK ward_err ward_tls_config_set_tls12(ward_tls_config *cfg,
						   int enable);
/* TLS 1.2 suites in preference order (the defaults: the six ECDHE AEAD
 * suites, ECDSA first, then on a server the three DHE_RSA ones). A client
 * may offer any suite the server knows (DHE, static RSA, CBC).
 * TLS 1.3 suites and unknown values: WARD_ERR_ARG.
 * The _str form takes IANA names ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:
 * ..."). */
WARD_MUST_CHECK ward_err ward_tls_config_set_suites12(ward_tls_config *cfg,
						      const uint16_t *suites,
						      size_t n);
WARD_MUST_CHECK ward_err ward_tls_config_set_suites12_str(ward_tls_config *cfg,
							  const char *list);
/* Client: whether TLS 1.3 is offered (the default); off, the client
 * offers TLS 1.2 only. A server always speaks TLS 1.3 (WARD_ERR_ARG). */
WARD_MUST_CHECK ward_err ward_tls_config_set_tls13(ward_tls_config *cfg,
						   int enable);
/* What else TLS 1.2 may negotiate, for old clients (docs/tls.md). The
 * legacy policy, off by default, adds on a server: static RSA key
 * exchange (no forward secrecy; Bleichenbacher-safe), CBC suites
 * (encrypt-then-MAC, else Lucky13-safe MAC-then-encrypt), SHA-1
 * signatures in ServerKeyExchange (rsa_pkcs1_sha1, ecdsa_sha1) and
 * heartbeat (RFC 6520), and clients without the extended master secret
 * (RFC 5246 master secret; such sessions are never resumable). A
 * client keeps the policy but nothing depends on it yet. */
typedef enum {
	WARD_TLS_POLICY_DEFAULT = 0,
	WARD_TLS_POLICY_LEGACY = 1
} ward_tls_policy;
WARD_MUST_CHECK ward_err ward_tls_config_set_policy(ward_tls_config *cfg,
						    ward_tls_policy p);
/* Server: the order in which it picks a group the client supports; a client
 * that did not send a share for that group gets a HelloRetryRequest.
 * Client: the groups offered; a key share is sent for the first. */
WARD_MUST_CHECK ward_err ward_tls_config_set_groups(ward_tls_config *cfg,
						    const uint16_t *groups,
						    size_t n);
/* Parse "x25519:secp256r1" or "TLS_AES_128_GCM_SHA256:..." style lists. */
WARD_MUST_CHECK ward_err ward_tls_config_set_groups_str(ward_tls_config *cfg,
							const char *list);
WARD_MUST_CHECK ward_err ward_tls_config_set_suites_str(ward_tls_config *cfg,
							const char *list);
/* ALPN protocol names, most preferred first (server: the order it selects
 * in; client: the order offered). */
WARD_MUST_CHECK ward_err ward_tls_config_set_alpn(ward_tls_config *cfg,
						  const char *const *protos,
						  size_t n);
/* Server: add a certificate chain with its key (references taken). The
 * first added is the default when no SNI name matches. */
WARD_MUST_CHECK ward_err ward_tls_config_add_cert(ward_tls_config *cfg,
						  ward_chain *chain,
						  ward_pkey *key);
/* Load chain and key from PEM files; *why receives a one-line reason. */
WARD_MUST_CHECK ward_err ward_tls_config_add_cert_files(ward_tls_config *cfg,
							const char *chain_path,
							const char *key_path,
							char *why,
							size_t whylen);
/* Client: roots to verify servers with (reference taken); verify = 0 turns
 * chain and name checks off (CertificateVerify is still checked). */
void ward_tls_config_set_trust(ward_tls_config *cfg, ward_trust *trust);
void ward_tls_config_set_verify(ward_tls_config *cfg, int verify);

/* RFC 8446 5.5: an AES-GCM key protects at most 2^24 records here (the
 * RFC's margin is 2^24.5); the sender then switches to new keys with a
 * KeyUpdate(update_not_requested) before the next record. ChaCha20-Poly1305
 * has no practical limit and is not counted. Lower it for tests only;
 * 0 restores the default. At least 2 (the KeyUpdate itself is a record).
 *
 * TLS 1.2 has no KeyUpdate, so the limit ends the connection instead: its
 * AES-GCM write key seals at most this many records, Finished first and
 * close_notify last. A ward_tls_send that would seal the record before
 * close_notify's queues close_notify instead and returns WARD_ERR_STATE
 * (the info's `error` says why); what it sealed before stays in `out`,
 * which the caller sends before closing. The peer's records are not
 * counted: the limit guards what the sender sealed, and a forgery is the
 * first record that fails to open, which ends the connection. */
#define WARD_TLS_AES_GCM_RECORD_LIMIT ((uint64_t)1 << 24)
WARD_MUST_CHECK ward_err ward_tls_config_set_key_limit(ward_tls_config *cfg,
						       uint64_t records);

/* TLS 1.3 resumption (RFC 8446 2.2, 4.6.1), server. With ticket keys
 * (ward_tls_config_set_ticket_keys, tls/ticket.h), `n` NewSessionTickets
 * (default 2, at most WARD_TLS_MAX_TICKETS; 0: none) follow the client's
 * Finished, each valid for the session lifetime
 * (ward_tls_config_set_session_lifetime: 1 h by default, at most 7 days).
 * A ticket is accepted when it opens, has the hash of a suite both sides
 * enable, the same SNI name and ALPN protocol, is within its lifetime,
 * and the age the client claims is within WARD_TLS_TICKET_AGE_WINDOW
 * seconds of the server's (plus one second of clock granularity); else a
 * full handshake follows, never an alert. A wrong binder is
 * decrypt_error. psk_dhe_ke only by default; set_psk_ke also accepts
 * psk_ke (no (EC)DHE: no forward secrecy). */
#define WARD_TLS_MAX_TICKETS 8
#define WARD_TLS_TICKET_AGE_WINDOW 10
WARD_MUST_CHECK ward_err ward_tls_config_set_tickets(ward_tls_config *cfg,
						     unsigned n);
void ward_tls_config_set_psk_ke(ward_tls_config *cfg, int enable);

/* Anti-replay for 0-RTT (RFC 8446 8). Called by a server, once the PSK's binder has verified,
 * before it accepts early data, with key = SHA-256 of the PSK identity (the ticket) it would
 * accept early data on, and ttl_seconds = the ticket's remaining lifetime (at least 1).
 * FRESH: first use, recorded now; SEEN: used before; UNAVAILABLE: the register cannot tell
 * (full, unreachable). Only FRESH accepts early data; the handshake goes on in 1-RTT otherwise.
 * Without a callback a server accepts no early data: never unchecked. */
typedef enum ward_tls_replay_verdict {
        WARD_TLS_REPLAY_FRESH = 0,
        WARD_TLS_REPLAY_SEEN = 1,
        WARD_TLS_REPLAY_UNAVAILABLE = 2,
} ward_tls_replay_verdict;
typedef ward_tls_replay_verdict (*ward_tls_replay_check_fn)(void *ctx, const uint8_t key[32],
                                                            uint32_t ttl_seconds);
void ward_tls_config_set_replay_check(ward_tls_config *cfg, ward_tls_replay_check_fn fn,
                                      void *ctx);

/* TLS 1.3 0-RTT early data (RFC 8446 2.3, 4.2.10), off (0) by default.
 *
 * Server: max_size is the max_early_data_size its tickets carry (and
 * what it skips of early data it does not accept). It accepts early data
 * only on the first PSK identity, its binder verified, a ticket that
 * allows it, the same suite, ALPN and SNI as the ticket, within the
 * ticket age window, no HelloRetryRequest, and the replay check
 * (above) answering FRESH. Early bytes then reach `app` before the
 * handshake is done; ward_tls_info.early_data says ACCEPTED and
 * early_data_bytes how many of the first bytes of `app` came early
 * (WARD_TLS_EV_EARLY_DATA when some arrived). More than max_size early
 * bytes, EndOfEarlyData without accepted early data, or early data after
 * it: unexpected_message. Declined early data is skipped (trial
 * decryption under the handshake key) up to max_size bytes (64 KiB when
 * max_size is 0); a record past that which does not decrypt is
 * bad_record_mac.
 *
 * Client: nonzero lets ward_tls_start offer early data when the session
 * set (ward_tls_set_session) comes from a ticket that allows it. */
WARD_MUST_CHECK ward_err ward_tls_config_set_early_data(ward_tls_config *cfg,
							uint32_t max_size);
/* Client, after ward_tls_start and before the server's first flight is
 * received: write data as 0-RTT records to `out`, at most the ticket's
 * max_early_data_size in all (WARD_ERR_ARG beyond; the info's
 * early_data_max says how much). WARD_ERR_STATE when early data was not
 * offered (ward_tls_info.early_data is not WARD_TLS_EARLY_OFFERED) or the
 * server's hello has arrived. Once the handshake is done the info says
 * ACCEPTED or REJECTED; rejected early data was not processed and the
 * caller sends it again with ward_tls_send (RFC 8446 4.2.10). */
WARD_MUST_CHECK ward_err ward_tls_send_early(ward_tls_conn *c,
					     const void *data, size_t len,
					     ward_buf *out);
typedef enum ward_tls_early_state {
	WARD_TLS_EARLY_NONE = 0,     /* not offered */
	WARD_TLS_EARLY_OFFERED = 1,  /* offered, no answer yet */
	WARD_TLS_EARLY_ACCEPTED = 2,
	WARD_TLS_EARLY_REJECTED = 3, /* offered, not accepted */
} ward_tls_early_state;
const char *ward_tls_early_name(ward_tls_early_state s);

/* Callbacks; each defaults to the real source (CSPRNG, time(NULL)). */
void ward_tls_config_set_random(ward_tls_config *cfg,
				ward_err (*random)(void *ctx, void *out,
						   size_t len),
				void *ctx);
void ward_tls_config_set_time(ward_tls_config *cfg,
			      time_t (*now)(void *ctx), void *ctx);
/* Called with each NSS key log line (no newline) when set. */
void ward_tls_config_set_keylog(ward_tls_config *cfg,
				void (*keylog)(void *ctx, const char *line),
				void *ctx);
/* Append key log lines to the file at path, created with mode 0600 and
 * not opened through a symlink (O_NOFOLLOW). WARD_ERR_IO with errno set. */
WARD_MUST_CHECK ward_err ward_tls_config_keylog_open(ward_tls_config *cfg,
						     const char *path);
/* The same for the file named by $SSLKEYLOGFILE, if set. */
void ward_tls_config_keylog_from_env(ward_tls_config *cfg);

/* Test seams, to replay RFC 8448. The client sends this ClientHello
 * message (header included) instead of building one; after a
 * HelloRetryRequest, the retry hello, which must carry the client's new
 * share and the server's cookie (else WARD_ERR_ARG). The private key of
 * the key share for `group` (the client's, or the server's when it picks
 * that group) comes from set_kex_private instead of being generated; two
 * groups may be set, the first for the client's first share. */
void ward_tls_config_set_test_client_hello(ward_tls_config *cfg,
					   ward_slice msg);
void ward_tls_config_set_test_retry_hello(ward_tls_config *cfg, ward_slice msg);
void ward_tls_config_set_test_kex_private(ward_tls_config *cfg,
					  uint16_t group, ward_slice priv);

/* ---- connections ---- */

ward_tls_conn *ward_tls_conn_new(const ward_tls_config *cfg);
void ward_tls_conn_free(ward_tls_conn *c);

/* Client: the server's name for SNI and certificate checks (an IP literal
 * is checked against the certificate but not sent as SNI). */
WARD_MUST_CHECK ward_err ward_tls_set_hostname(ward_tls_conn *c,
					       const char *host);
/* Client: check the server's chain against the roots but its certificate
 * against no name. Without this or a host name, a client that verifies
 * refuses to start: any certificate from a trusted root would do. With a
 * host name too, the name is sent as SNI and not checked. */
WARD_MUST_CHECK ward_err ward_tls_set_verify_name_none(ward_tls_conn *c);
/* Client sessions, to resume a later connection to the same server.
 *
 * ward_tls_get_session, once the handshake is done, writes a blob that
 * holds the session (its secret included: keep it like a key) to `out`
 * (cleared first); WARD_ERR_STATE when there is nothing to resume (the
 * server gave no session ID or ticket, or the handshake is not done).
 * A TLS 1.2 session's blob may change until the connection ends: call it
 * after the handshake, or at the end.
 *
 * ward_tls_set_session, before ward_tls_start, offers a blob from an
 * earlier connection. The blob is self-contained and versioned by its
 * first byte (0x12: a TLS 1.2 session ID and/or RFC 5077 ticket; 0x13: a
 * TLS 1.3 ticket). A well-formed blob that cannot be used (expired, for
 * another host name, a suite or version no longer enabled) is ignored and
 * the handshake is a full one; a malformed one is WARD_ERR_ARG. Whether
 * the server resumed it is ward_tls_info.resumed. */
WARD_MUST_CHECK ward_err ward_tls_get_session(const ward_tls_conn *c,
					      ward_buf *out);
WARD_MUST_CHECK ward_err ward_tls_set_session(ward_tls_conn *c,
					      const uint8_t *blob, size_t len);

/* Client: write the ClientHello. WARD_ERR_ARG (with a reason in the info's
 * `error`) when verification is on and neither a host name nor
 * ward_tls_set_verify_name_none was given. */
WARD_MUST_CHECK ward_err ward_tls_start(ward_tls_conn *c, ward_buf *out);

/* Process bytes from the peer. Whole records are consumed (in place: `in` is
 * modified) and *consumed says how many bytes; keep the rest and call again
 * with more. Returns WARD_OK, or an error after which the connection is
 * dead (a peer error has queued its alert in `out`). */
WARD_MUST_CHECK ward_err ward_tls_recv(ward_tls_conn *c, uint8_t *in,
				       size_t len, size_t *consumed,
				       ward_buf *out, ward_buf *app);
/* Encrypt application data into records appended to `out`. */
WARD_MUST_CHECK ward_err ward_tls_send(ward_tls_conn *c, const void *data,
				       size_t len, ward_buf *out);
/* Queue close_notify. */
WARD_MUST_CHECK ward_err ward_tls_close(ward_tls_conn *c, ward_buf *out);
/* Send KeyUpdate and switch to the next write keys; with request_peer the
 * peer is asked to update too (RFC 8446 4.6.3). */
WARD_MUST_CHECK ward_err ward_tls_key_update(ward_tls_conn *c,
					     int request_peer, ward_buf *out);

enum {
	WARD_TLS_EV_HANDSHAKE_DONE = 1 << 0,
	WARD_TLS_EV_CLOSE_NOTIFY = 1 << 1, /* peer sent close_notify */
	WARD_TLS_EV_TICKET = 1 << 2,       /* a NewSessionTicket was kept */
	WARD_TLS_EV_KEY_UPDATE = 1 << 3,   /* peer updated its keys */
	WARD_TLS_EV_EARLY_DATA = 1 << 4,   /* server: early data arrived */
};
/* Records that carry nothing are capped, counted since the last record
 * that did (an application byte, or a handshake message before the
 * handshake is done); one more is unexpected_message (RFC 8446 6.2: a
 * message that is not appropriate), then the connection is dead:
 *   zero-length application_data records      32
 *   KeyUpdates                                32
 *   warning alerts (user_canceled; RFC 8446 6: the only warning
 *   TLS 1.3 knows besides close_notify; in TLS 1.2 any)  4
 *   heartbeat messages (TLS 1.2, legacy)       4
 * A second ChangeCipherSpec is unexpected_message too (RFC 8446 D.4:
 * each side sends one). */
#define WARD_TLS_MAX_EMPTY_RECORDS 32
#define WARD_TLS_MAX_KEY_UPDATES 32
#define WARD_TLS_MAX_WARNING_ALERTS 4
/* Heartbeat records (TLS 1.2, legacy policy), answered or dropped: each
 * answer is no longer than its request, and 4 in a row bound what a peer
 * makes us write without sending anything else to 64 KiB. */
#define WARD_TLS_MAX_HEARTBEATS 4

/* What the last ward_tls_recv did, so that the caller's deadlines count
 * real progress only: not records that carry nothing, not KeyUpdates, not
 * ignored alerts, not a handshake message still arriving piece by piece.
 *
 * The engine keeps no output queue of its own: everything it writes goes
 * to the caller's `out`, so `out->len` is the whole write queue, and a
 * caller stops calling ward_tls_recv while that is above its high-water
 * mark. Peer input alone can grow it by little: a KeyUpdate asking for an
 * update is answered at most once until we send again (RFC 8446 4.6.3),
 * and out_bytes says what the last call appended. */
typedef struct ward_tls_recv_result {
	size_t app_bytes;	/* application data appended to `app` */
	size_t out_bytes;	/* bytes appended to `out` */
	int handshake_progress; /* a whole handshake message was handled
				   before the handshake was done */
	int progress;		/* app_bytes > 0 || handshake_progress */
} ward_tls_recv_result;

const ward_tls_recv_result *ward_tls_last_recv(const ward_tls_conn *c);
/* Nonzero when the last ward_tls_recv made real progress (see above). */
int ward_tls_progress(const ward_tls_conn *c);

/* Events since the last call, then cleared. */
uint32_t ward_tls_take_events(ward_tls_conn *c);
int ward_tls_handshake_done(const ward_tls_conn *c);

/* The connection keeps the first WARD_TLS_OFFERED_MAX entries of each
 * list the ClientHello offered (and ALPN names up to
 * WARD_TLS_OFFERED_ALPN_BYTES of wire form), in fixed space inside it; the
 * rest are only counted. */
#define WARD_TLS_OFFERED_MAX 32
#define WARD_TLS_OFFERED_ALPN_BYTES 128

/* What was negotiated, and what the client offered. Slices point into the
 * connection and live as long as it. */
typedef struct ward_tls_info {
	uint16_t version;
	uint16_t suite;
	uint16_t group;
	uint16_t sigscheme; /* used by the server's CertificateVerify */
	int hrr;            /* a HelloRetryRequest was needed */
	int resumed;
	const char *alpn;        /* "" when none */
	const char *server_name; /* SNI sent (client) / received (server) */
	/* the ClientHello as offered: u16 lists in wire order, their first
	 * WARD_TLS_OFFERED_MAX entries, and how many more were offered */
	ward_slice offered_versions;
	ward_slice offered_suites;
	ward_slice offered_groups;
	ward_slice offered_sigschemes;
	ward_slice offered_alpn; /* wire-form list, whole names only */
	size_t more_versions, more_suites, more_groups, more_sigschemes;
	size_t more_alpn;
	/* failure details */
	uint8_t alert_sent;     /* 255 when none */
	uint8_t alert_received; /* 255 when none */
	const char *error;      /* one line on failure, else NULL */
	/* the peer's certificate chain (DER), client side */
	size_t peer_chain_len;
	const ward_slice *peer_chain;
	size_t tickets; /* NewSessionTickets kept (client) */
	/* KeyUpdates sent (our write key generation) and received */
	uint32_t key_updates_sent;
	uint32_t key_updates_received;
	/* server: the client's verified certificate (client
	 * authentication, below): its subject and SANs (ward_cert_identity;
	 * "" when the client sent none), and peer_chain above holds its
	 * chain. A resumed TLS 1.3 session keeps the subject and SANs of
	 * the handshake that made its ticket, with no chain. */
	const char *peer_subject;
	const char *peer_sans;
	/* 0-RTT: what became of it; the early bytes received (server: the
	 * first early_data_bytes bytes of `app`) or sent (client); the
	 * most the ticket lets the client send */
	ward_tls_early_state early_data;
	size_t early_data_bytes;
	uint32_t early_data_max;
} ward_tls_info;

const ward_tls_info *ward_tls_get_info(const ward_tls_conn *c);


/* ---- trace ---- */

/* A per-connection hook that sees the protocol as it happens, for traces
 * like `ward get -v` (the messages themselves: tls/trace.h decodes them).
 * Called synchronously from inside ward_tls_start, _recv, _send, _close
 * and _key_update; the engine has no clock, so the callback takes the
 * time itself. Without a hook, each site costs one pointer test. */
typedef enum ward_tls_trace_kind {
	WARD_TLS_TRACE_HANDSHAKE = 1, /* one whole handshake message */
	WARD_TLS_TRACE_CCS = 2,       /* ChangeCipherSpec */
	WARD_TLS_TRACE_ALERT = 3,     /* close_notify included */
	WARD_TLS_TRACE_APP_DATA = 4,  /* one application_data record */
} ward_tls_trace_kind;

/* The keys a record travelled under: RFC 8446's plaintext, {} handshake,
 * early and [] application traffic keys. TLS 1.2's records after
 * ChangeCipherSpec (its Finished included) are APPLICATION. */
typedef enum ward_tls_epoch {
	WARD_TLS_EPOCH_PLAINTEXT = 0,
	WARD_TLS_EPOCH_EARLY = 1,
	WARD_TLS_EPOCH_HANDSHAKE = 2,
	WARD_TLS_EPOCH_APPLICATION = 3,
} ward_tls_epoch;

typedef struct ward_tls_trace_event {
	ward_tls_trace_kind kind;
	int sent;	      /* 1: written by us; 0: received from the peer */
	uint16_t version;     /* negotiated so far; 0 before the ServerHello */
	ward_tls_role role;   /* ours */
	ward_tls_epoch epoch;
	uint8_t hs_type;      /* HANDSHAKE: HandshakeType */
	ward_slice msg;	      /* HANDSHAKE: the message, 4-byte header
				 included; valid during the call only */
	uint8_t alert_level;  /* ALERT: 1 warning, 2 fatal */
	uint8_t alert_desc;   /* ALERT: AlertDescription */
	size_t length;	      /* APP_DATA: plaintext bytes of the record;
				 HANDSHAKE: msg.len */
} ward_tls_trace_event;

typedef void (*ward_tls_trace_fn)(void *ctx, const ward_tls_trace_event *ev);

/* Set (fn NULL: clear) the hook, before ward_tls_start for a client to
 * see its ClientHello. A received handshake message is reported once it
 * is whole, before it is handled (a malformed one too); a sent one as it
 * is framed into records; alerts and ChangeCipherSpec as they are sealed
 * or opened. */
void ward_tls_set_trace(ward_tls_conn *c, ward_tls_trace_fn fn, void *ctx);
/* ---- client certificates (mutual TLS) ---- */

/* Server: ask clients for a certificate (RFC 8446 4.3.2, RFC 5246 7.4.4)
 * and verify it against `cas` (reference taken; NULL with NONE): a path
 * to one of them at the engine's time, with clientAuth in the extended
 * key usage if it has one. The subjects of `cas` are encoded once, here,
 * as the request's certificate_authorities. Failures, each one alert:
 *   no certificate, REQUIRE   TLS 1.3 certificate_required; TLS 1.2
 *                             handshake_failure (RFC 5246 7.4.6)
 *   no path to a CA           unknown_ca
 *   expired, not yet valid    certificate_expired
 *   other bad chain, no
 *   clientAuth usage          bad_certificate
 *   a scheme not offered      illegal_parameter
 *   a bad signature           decrypt_error
 * With OPTIONAL an empty Certificate is fine (info.peer_subject ""). A
 * TLS 1.3 session resumed from a ticket asks for no certificate; the
 * ticket keeps the identity it was made with (tls.h: peer_subject), and
 * with REQUIRE a ticket made without one is not resumed. TLS 1.2
 * sessions are not resumed while client certificates are asked for. */
typedef enum ward_tls_client_auth {
	WARD_TLS_CLIENT_AUTH_NONE = 0,
	WARD_TLS_CLIENT_AUTH_OPTIONAL = 1,
	WARD_TLS_CLIENT_AUTH_REQUIRE = 2,
} ward_tls_client_auth;
WARD_MUST_CHECK ward_err ward_tls_config_set_client_auth(
    ward_tls_config *cfg, ward_trust *cas, ward_tls_client_auth mode);
/* Client: the certificate sent when a server asks for one (references
 * taken), with a CertificateVerify in the first signature scheme of the
 * server's list the key can make; without one, or with no scheme in
 * common, an empty Certificate. The _files form loads PEM files; *why
 * names the file on failure. */
WARD_MUST_CHECK ward_err ward_tls_config_set_client_cert(ward_tls_config *cfg,
							 ward_chain *chain,
							 ward_pkey *key);
WARD_MUST_CHECK ward_err ward_tls_config_set_client_cert_files(
    ward_tls_config *cfg, const char *chain_path, const char *key_path,
    char *why, size_t whylen);

#endif

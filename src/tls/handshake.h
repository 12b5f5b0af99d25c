/* The TLS handshake message codec, shared by both roles (and, later, both
 * versions): one file per message, its reader and writer side by side.
 *
 * Parsed messages point into the message bytes they were parsed from and are
 * valid only while those bytes are unchanged.
 */
#ifndef WARD_TLS_HANDSHAKE_H
#define WARD_TLS_HANDSHAKE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/bytes.h"
#include "crypto/crypto.h"

/* HandshakeType (RFC 8446 4) */
enum {
	WARD_HS_HELLO_REQUEST = 0, /* TLS 1.2 */
	WARD_HS_CLIENT_HELLO = 1,
	WARD_HS_SERVER_HELLO = 2,
	WARD_HS_NEW_SESSION_TICKET = 4,
	WARD_HS_END_OF_EARLY_DATA = 5,
	WARD_HS_ENCRYPTED_EXTENSIONS = 8,
	WARD_HS_CERTIFICATE = 11,
	WARD_HS_SERVER_KEY_EXCHANGE = 12,
	WARD_HS_CERTIFICATE_REQUEST = 13,
	WARD_HS_SERVER_HELLO_DONE = 14,
	WARD_HS_CERTIFICATE_VERIFY = 15,
	WARD_HS_CLIENT_KEY_EXCHANGE = 16,
	WARD_HS_FINISHED = 20,
	WARD_HS_KEY_UPDATE = 24,
	WARD_HS_MESSAGE_HASH = 254,
};

#define WARD_HS_HEADER_LEN 4

/* ProtocolVersion */
enum {
	WARD_TLS_VERSION_SSL3 = 0x0300,
	WARD_TLS_VERSION_10 = 0x0301,
	WARD_TLS_VERSION_11 = 0x0302,
	WARD_TLS_VERSION_12 = 0x0303,
	WARD_TLS_VERSION_13 = 0x0304,
};

/* The extensions ward knows, as indexes into a seen-bitmap and a table of
 * which message may carry which (tls/extensions.c). */
typedef enum ward_ext_id {
	WARD_EXT_SERVER_NAME,
	WARD_EXT_MAX_FRAGMENT_LENGTH,
	WARD_EXT_STATUS_REQUEST,
	WARD_EXT_SUPPORTED_GROUPS,
	WARD_EXT_EC_POINT_FORMATS,
	WARD_EXT_SIGNATURE_ALGORITHMS,
	WARD_EXT_USE_SRTP,
	WARD_EXT_HEARTBEAT,
	WARD_EXT_ALPN,
	WARD_EXT_SCT,
	WARD_EXT_CLIENT_CERT_TYPE,
	WARD_EXT_SERVER_CERT_TYPE,
	WARD_EXT_PADDING,
	WARD_EXT_ENCRYPT_THEN_MAC,
	WARD_EXT_EXTENDED_MASTER_SECRET,
	WARD_EXT_COMPRESS_CERTIFICATE,
	WARD_EXT_RECORD_SIZE_LIMIT,
	WARD_EXT_SESSION_TICKET,
	WARD_EXT_PRE_SHARED_KEY,
	WARD_EXT_EARLY_DATA,
	WARD_EXT_SUPPORTED_VERSIONS,
	WARD_EXT_COOKIE,
	WARD_EXT_PSK_KEY_EXCHANGE_MODES,
	WARD_EXT_CERTIFICATE_AUTHORITIES,
	WARD_EXT_OID_FILTERS,
	WARD_EXT_POST_HANDSHAKE_AUTH,
	WARD_EXT_SIGNATURE_ALGORITHMS_CERT,
	WARD_EXT_KEY_SHARE,
	WARD_EXT_RENEGOTIATION_INFO,
	WARD_EXT__COUNT
} ward_ext_id;

/* Which message an extension block belongs to. */
typedef enum ward_ext_msg {
	WARD_EXT_IN_CH = 1 << 0,
	WARD_EXT_IN_SH = 1 << 1,   /* TLS 1.3 ServerHello */
	WARD_EXT_IN_HRR = 1 << 2,
	WARD_EXT_IN_EE = 1 << 3,
	WARD_EXT_IN_CT = 1 << 4,   /* CertificateEntry */
	WARD_EXT_IN_CR = 1 << 5,
	WARD_EXT_IN_NST = 1 << 6,
	WARD_EXT_IN_SH12 = 1 << 7, /* TLS 1.2 ServerHello */
} ward_ext_msg;

uint16_t ward_ext_code(ward_ext_id id);
const char *ward_ext_name(uint16_t code);

/* A parsed extension block: the body of each known extension, and which
 * were present. Unknown extensions are skipped (allowed in ClientHello;
 * the client refuses what it did not offer by comparing `seen`). */
typedef struct ward_tls_exts {
	uint64_t seen;
	/* code points of unknown extensions that were present (first few),
	 * for the client's "not offered" check */
	uint16_t unknown_count;
	uint16_t unknown_first;
	ward_slice body[WARD_EXT__COUNT];
} ward_tls_exts;

static inline int ward_exts_has(const ward_tls_exts *e, ward_ext_id id)
{
	return (e->seen >> id) & 1;
}

/* Parse an extension block (the 2-byte length prefix included).
 * A duplicate is illegal_parameter (RFC 8446 4.2); a known extension that
 * may not appear in `msg` is illegal_parameter; in ClientHello,
 * pre_shared_key must come last (illegal_parameter). */
WARD_MUST_CHECK ward_err ward_exts_parse(ward_reader *r, ward_ext_msg msg,
					 ward_tls_exts *out);

/* illegal_parameter if any extension present may not appear in `msg`. */
WARD_MUST_CHECK ward_err ward_exts_check_allowed(const ward_tls_exts *e,
						 ward_ext_msg msg);

/* Lists of u16 (cipher suites, groups, signature schemes, versions). */
int ward_u16_list_has(ward_slice list, uint16_t v);

/* A set of u16 code points: O(1) membership whatever a peer lists, so a
 * ClientHello with lists of 30,000 entries costs one pass over each
 * (8 KiB; callers keep it on the stack). */
typedef struct ward_u16_set {
	uint64_t w[65536 / 64];
} ward_u16_set;

static inline void ward_u16_set_clear(ward_u16_set *s)
{
	memset(s, 0, sizeof *s);
}
static inline int ward_u16_set_has(const ward_u16_set *s, uint16_t v)
{
	return (s->w[v >> 6] >> (v & 63)) & 1;
}
static inline void ward_u16_set_add(ward_u16_set *s, uint16_t v)
{
	s->w[v >> 6] |= (uint64_t)1 << (v & 63);
}
static inline void ward_u16_set_del(ward_u16_set *s, uint16_t v)
{
	s->w[v >> 6] &= ~((uint64_t)1 << (v & 63));
}
/* Clear the set, then add every entry of a u16 list. */
void ward_u16_set_from_list(ward_u16_set *s, ward_slice list);
/* Open a u16 list vector with an n-byte length prefix: length even and in
 * [min, max]; else decode_error. */
WARD_MUST_CHECK ward_err ward_read_u16_list(ward_reader *r, unsigned len_bytes,
					    size_t min, size_t max,
					    ward_slice *out);

/* ---- handshake message framing ---- */

/* Begin a message: writes type and a length placeholder; end back-patches. */
WARD_MUST_CHECK ward_err ward_hs_begin(ward_buf *b, uint8_t type,
				       size_t *mark);
WARD_MUST_CHECK ward_err ward_hs_end(ward_buf *b, size_t mark);

/* ---- ClientHello ---- */

typedef struct ward_tls_client_hello {
	uint16_t legacy_version;
	const uint8_t *random; /* 32 bytes */
	ward_slice session_id;
	ward_slice cipher_suites;       /* u16 list */
	ward_slice compression_methods; /* u8 list */
	ward_tls_exts ext;
	/* decoded from the extensions, each validated */
	ward_slice server_name;          /* host_name, empty when absent */
	ward_slice supported_versions;   /* u16 list */
	ward_slice supported_groups;     /* u16 list */
	ward_slice signature_algorithms; /* u16 list */
	ward_slice key_shares;           /* KeyShareEntry list */
	ward_slice alpn;                 /* ProtocolName list (wire form) */
	ward_slice cookie;
	ward_slice psk_modes;          /* u8 list */
	/* pre_shared_key (4.2.11): the identities and binders lists, each
	 * entry checked, as many of one as of the other */
	ward_slice psk_identities;
	ward_slice psk_binders;
	size_t binders_offset; /* into the body: where the binders list
				  starts (its length included) */
} ward_tls_client_hello;

/* Parse a ClientHello body (after the 4-byte handshake header).
 * Malformed: decode_error; bad server_name/ALPN/key_share syntax:
 * decode_error; compression_methods without null: illegal_parameter
 * (only when TLS 1.3 is offered — the caller checks). */
WARD_MUST_CHECK ward_err ward_client_hello_parse(ward_slice body,
						 ward_tls_client_hello *ch);
/* psk_key_exchange_modes (RFC 8446 4.2.9) */
enum { WARD_PSK_KE = 0, WARD_PSK_DHE_KE = 1 };
/* Read one PskIdentity (identity<1..2^16-1>, obfuscated_ticket_age) or one
 * binder (PskBinderEntry<32..255>) from the lists of a parsed ClientHello. */
WARD_MUST_CHECK ward_err ward_psk_identity_next(ward_reader *r,
						ward_slice *identity,
						uint32_t *obfuscated_age);
WARD_MUST_CHECK ward_err ward_psk_binder_next(ward_reader *r,
					      ward_slice *binder);
/* Read one KeyShareEntry (group, key_exchange<1..2^16-1>) from a
 * client_shares list, e.g. ward_tls_client_hello.key_shares; an empty
 * key_exchange is returned, for the caller to refuse. */
WARD_MUST_CHECK ward_err ward_key_share_next(ward_reader *r, uint16_t *group,
					     ward_slice *key);
/* Key shares looked at for a group: a share further on is ignored, as if
 * not sent (RFC 8446 4.2.8 lets a server pick among the shares; a
 * HelloRetryRequest then asks for that group). Real clients send 1 to 3. */
#define WARD_TLS_MAX_KEY_SHARES 16
/* The key_exchange of the share for `group` among the first
 * WARD_TLS_MAX_KEY_SHARES, if any. A second share for one group is
 * illegal_parameter (RFC 8446 4.2.8). */
WARD_MUST_CHECK ward_err
ward_client_hello_find_share(const ward_tls_client_hello *ch, uint16_t group,
			     ward_slice *key, int *found);

/* The schemes of enabled[] (n_enabled of them) that the client's
 * signature_algorithms offers, each once, in the client's order, into out
 * (room for n_enabled); returns how many. The client's list is read once,
 * whatever its length. */
size_t ward_client_hello_schemes(const ward_tls_client_hello *ch,
				 const uint16_t *enabled, size_t n_enabled,
				 uint16_t *out);

typedef struct ward_tls_client_hello_params {
	const uint8_t *random;
	const uint16_t *versions; /* supported_versions, preferred first */
	size_t n_versions;
	ward_slice session_id;
	const uint16_t *suites;
	size_t n_suites;
	const uint16_t *groups;
	size_t n_groups;
	const uint16_t *sigschemes;
	size_t n_sigschemes;
	const char *server_name; /* NULL: no SNI (e.g. an IP literal) */
	ward_slice alpn;         /* wire-form ProtocolName list, may be empty */
	uint16_t share_group;
	ward_slice share;        /* our key_share key_exchange */
	ward_slice cookie;       /* echoed after HelloRetryRequest */
	ward_slice session_ticket; /* TLS 1.2: RFC 5077 ticket, may be empty */
	int encrypt_then_mac;	   /* TLS 1.2: RFC 7366, for CBC suites */
	/* a ticket to resume with (empty: none): sent as the one identity
	 * of pre_shared_key, the last extension, with a binder of
	 * psk_binder_len zero bytes for the caller to fill in */
	ward_slice psk_identity;
	uint32_t psk_obfuscated_age;
	size_t psk_binder_len;
	int early_data; /* an empty early_data, before pre_shared_key */
} ward_tls_client_hello_params;

/* Write a whole ClientHello message (header included); sets *offered to the
 * bitmap of extensions sent. What goes in follows the versions: with
 * TLS 1.3, supported_versions, key_share, psk_key_exchange_modes (and the
 * cookie, and a PSK); with TLS 1.2, ec_point_formats,
 * extended_master_secret, session_ticket and an empty renegotiation_info.
 * With a PSK, the binder is the message's last psk_binder_len bytes, and
 * what it covers (4.2.11.2) all of it but the binders list:
 * WARD_PSK_BINDERS_LEN(psk_binder_len) bytes more. */
#define WARD_PSK_BINDERS_LEN(binder_len) (2 + 1 + (binder_len))
WARD_MUST_CHECK ward_err ward_client_hello_write(
	ward_buf *b, const ward_tls_client_hello_params *p, uint64_t *offered);

/* ---- ServerHello / HelloRetryRequest ---- */

extern const uint8_t ward_hrr_random[32];

typedef struct ward_tls_server_hello {
	uint16_t legacy_version;
	const uint8_t *random;
	ward_slice session_id;
	uint16_t cipher_suite;
	uint8_t compression;
	int is_hrr;
	ward_tls_exts ext;
	uint16_t selected_version; /* supported_versions; 0 when absent */
	uint16_t group;            /* key_share group (HRR: selected_group) */
	ward_slice share;          /* key_exchange (not in HRR) */
	ward_slice cookie;         /* HRR only */
	uint16_t psk_identity;	   /* pre_shared_key: the selected identity */
} ward_tls_server_hello;

WARD_MUST_CHECK ward_err ward_server_hello_parse(ward_slice body,
						 ward_tls_server_hello *sh);

typedef struct ward_tls_server_hello_params {
	const uint8_t *random; /* ward_hrr_random for a HelloRetryRequest */
	ward_slice session_id;
	uint16_t suite;
	uint16_t group;
	ward_slice share;  /* empty in HRR, and with psk_ke: no key_share */
	ward_slice cookie; /* HRR only, may be empty */
	int psk;	   /* pre_shared_key with psk_identity */
	uint16_t psk_identity;
} ward_tls_server_hello_params;

WARD_MUST_CHECK ward_err ward_server_hello_write(
	ward_buf *b, const ward_tls_server_hello_params *p);

/* The TLS 1.2 ServerHello (RFC 5246 7.4.1.3): the extensions ward sends in
 * it. renegotiation_info is sent empty (RFC 5746 3.6, an initial
 * handshake), extended_master_secret empty (RFC 7627 5.1). */
typedef struct ward_tls12_server_hello_params {
	const uint8_t *random;
	ward_slice session_id;
	uint16_t suite;
	int renegotiation_info;
	int extended_master_secret;
	int ec_point_formats; /* uncompressed only (RFC 8422 5.2) */
	int sni_ack;
	ward_slice alpn; /* the selected protocol, empty when none */
	int session_ticket; /* a NewSessionTicket follows (RFC 5077 3.2) */
	int heartbeat;        /* RFC 6520: answer peer_allowed_to_send */
	int encrypt_then_mac; /* RFC 7366 3: CBC suites only */
} ward_tls12_server_hello_params;

/* HeartbeatMode (RFC 6520 2) */
enum {
	WARD_HEARTBEAT_PEER_ALLOWED = 1,
	WARD_HEARTBEAT_PEER_NOT_ALLOWED = 2,
};

/* The TLS 1.2 NewSessionTicket (RFC 5077 3.3): lifetime hint, ticket. */
WARD_MUST_CHECK ward_err ward_new_session_ticket12_write(ward_buf *b,
							 uint32_t lifetime_hint,
							 ward_slice ticket);

WARD_MUST_CHECK ward_err ward_server_hello12_write(
	ward_buf *b, const ward_tls12_server_hello_params *p);

/* RFC 8446 4.1.3: a TLS 1.3 server that negotiates TLS 1.2 ends its
 * ServerHello.random with these 8 bytes. */
extern const uint8_t ward_downgrade_tls12[8];

/* ---- ServerKeyExchange, ClientKeyExchange (TLS 1.2 ECDHE, DHE) ---- */

typedef struct ward_tls12_server_key_exchange {
	ward_slice params; /* ServerECDHParams as sent */
	uint16_t group;
	ward_slice public_key;
	uint16_t scheme;
	ward_slice signature;
} ward_tls12_server_key_exchange;

/* A curve type other than named_curve is illegal_parameter; malformed is
 * decode_error. */
WARD_MUST_CHECK ward_err ward_server_key_exchange_parse(
	ward_slice body, ward_tls12_server_key_exchange *ske);
/* What the signature covers (RFC 5246 7.4.3): ClientHello.random,
 * ServerHello.random, the parameters. */
#define WARD_SKE_CONTENT_MAX (64 + 4 + 255)
size_t ward_server_key_exchange_content(const uint8_t *client_random,
					const uint8_t *server_random,
					ward_slice params, uint8_t *out);
/* Sign and write the whole message for an ECDHE public value. */
WARD_MUST_CHECK ward_err ward_server_key_exchange_write(
	ward_buf *b, ward_pkey *key, uint16_t scheme,
	const uint8_t *client_random, const uint8_t *server_random,
	uint16_t group, ward_slice pub);

/* ServerKeyExchange for DHE suites (RFC 5246 7.4.3): ServerDHParams
 * (dh_p, dh_g, dh_Ys, each opaque <1..2^16-1>) of an RFC 7919 group,
 * then the signature like the ECDHE one. */
typedef struct ward_tls12_server_dh_params {
	ward_slice params; /* ServerDHParams as sent */
	ward_slice p, g, ys;
	uint16_t scheme;
	ward_slice signature;
} ward_tls12_server_dh_params;

/* Malformed is decode_error. */
WARD_MUST_CHECK ward_err ward_server_key_exchange_dh_parse(
	ward_slice body, ward_tls12_server_dh_params *ske);
#define WARD_SKE_DH_CONTENT_MAX (64 + 6 + 8 + 2 * WARD_KEX_PUB_MAX)
/* Sign and write the whole message for the FFDHE group's p and g and our
 * public value ys. */
WARD_MUST_CHECK ward_err ward_server_key_exchange_dh_write(
	ward_buf *b, ward_pkey *key, uint16_t scheme,
	const uint8_t *client_random, const uint8_t *server_random,
	uint16_t group, ward_slice ys);

/* The client's public value: ECPoint <1..2^8-1>. */
WARD_MUST_CHECK ward_err ward_client_key_exchange_parse(ward_slice body,
							ward_slice *pub);
WARD_MUST_CHECK ward_err ward_client_key_exchange_write(ward_buf *b,
							ward_slice pub);
/* DHE's dh_Yc (RFC 5246 7.4.7.2) and static RSA's EncryptedPreMasterSecret
 * (7.4.7.1): opaque <1..2^16-1>, as sent (the value's range or size is the
 * key exchange's to check; RSA's empty one is decode_error here). */
WARD_MUST_CHECK ward_err ward_client_key_exchange_vec16_parse(ward_slice body,
							      ward_slice *v);
WARD_MUST_CHECK ward_err ward_client_key_exchange_vec16_write(ward_buf *b,
							      ward_slice v);

/* ---- EncryptedExtensions ---- */

typedef struct ward_tls_encrypted_extensions {
	ward_tls_exts ext;
	ward_slice alpn; /* the selected protocol, empty when none */
	ward_slice supported_groups;
} ward_tls_encrypted_extensions;

WARD_MUST_CHECK ward_err ward_encrypted_extensions_parse(
	ward_slice body, ward_tls_encrypted_extensions *ee);
/* alpn: selected protocol or empty; sni_ack: empty server_name extension;
 * early_data: the empty early_data extension (0-RTT accepted). */
WARD_MUST_CHECK ward_err ward_encrypted_extensions_write(ward_buf *b,
							 ward_slice alpn,
							 int sni_ack,
							 int early_data);

/* ---- NewSessionTicket (TLS 1.2, RFC 5077 3.3) ---- */

typedef struct ward_tls12_new_session_ticket {
	uint32_t lifetime_hint;
	ward_slice ticket;
} ward_tls12_new_session_ticket;

WARD_MUST_CHECK ward_err ward_new_session_ticket12_parse(
    ward_slice body, ward_tls12_new_session_ticket *t);

/* ---- Certificate (TLS 1.3) ---- */

#define WARD_TLS_MAX_CHAIN 10

typedef struct ward_tls_certificate {
	ward_slice context;
	size_t count;
	ward_slice der[WARD_TLS_MAX_CHAIN];
} ward_tls_certificate;

/* More than WARD_TLS_MAX_CHAIN certificates is bad_certificate. */
WARD_MUST_CHECK ward_err ward_certificate_parse(ward_slice body,
						ward_tls_certificate *c);
/* The whole message for a chain, with an empty request context and no
 * per-certificate extensions; the server encodes it once at load. */
WARD_MUST_CHECK ward_err ward_certificate_write(ward_buf *b, ward_slice context,
						const ward_slice *der,
						size_t count);

/* The TLS 1.2 Certificate message (RFC 5246 7.4.2): the DER certificates,
 * each with a 3-byte length, in a 3-byte length. The parser fills
 * `der` and `count` only (no context); more than WARD_TLS_MAX_CHAIN is
 * bad_certificate. */
WARD_MUST_CHECK ward_err ward_certificate12_parse(ward_slice body,
						  ward_tls_certificate *c);
WARD_MUST_CHECK ward_err ward_certificate12_write(ward_buf *b,
						  const ward_slice *der,
						  size_t count);

/* ---- CertificateRequest (TLS 1.3) ---- */

typedef struct ward_tls_certificate_request {
	ward_slice context;
	ward_tls_exts ext;
	ward_slice signature_algorithms;
} ward_tls_certificate_request;

WARD_MUST_CHECK ward_err ward_certificate_request_parse(
	ward_slice body, ward_tls_certificate_request *cr);
/* The whole message (tls/msg_certificate_request.c): an empty context
 * (4.3.2: so in a handshake), signature_algorithms, and
 * certificate_authorities when `authorities` (the DistinguishedName
 * list's body) is not empty. */
WARD_MUST_CHECK ward_err ward_certificate_request_write(
	ward_buf *b, const uint16_t *schemes, size_t n_schemes,
	ward_slice authorities);

/* The TLS 1.2 CertificateRequest (RFC 5246 7.4.4): certificate types,
 * signature schemes (u16 list, at least one), DistinguishedNames. */
typedef struct ward_tls_certificate_request12 {
	ward_slice types;
	ward_slice signature_algorithms;
	ward_slice authorities;
} ward_tls_certificate_request12;

WARD_MUST_CHECK ward_err ward_certificate_request12_parse(
	ward_slice body, ward_tls_certificate_request12 *cr);
/* Types rsa_sign and ecdsa_sign (RFC 8422 5.5). */
WARD_MUST_CHECK ward_err ward_certificate_request12_write(
	ward_buf *b, const uint16_t *schemes, size_t n_schemes,
	ward_slice authorities);

/* ---- CertificateVerify ---- */

typedef struct ward_tls_certificate_verify {
	uint16_t scheme;
	ward_slice signature;
} ward_tls_certificate_verify;

WARD_MUST_CHECK ward_err ward_certificate_verify_parse(
	ward_slice body, ward_tls_certificate_verify *cv);
/* The content covered by the signature (RFC 8446 4.4.3): 64 spaces, the
 * context string for the signer's role, a zero byte, the transcript hash.
 * out must hold 64 + 34 + 1 + WARD_HASH_MAX bytes. */
#define WARD_CV_CONTENT_MAX (64 + 34 + 1 + WARD_HASH_MAX)
size_t ward_certificate_verify_content(int server, const uint8_t *th,
				       size_t th_len, uint8_t *out);
/* Sign and write the whole message. */
WARD_MUST_CHECK ward_err ward_certificate_verify_write(
	ward_buf *b, ward_pkey *key, uint16_t scheme, int server,
	const uint8_t *th, size_t th_len);
/* A signature as CertificateVerify (RFC 8446 4.4.3) and ServerKeyExchange
 * (RFC 5246 7.4.3) carry it: the scheme, then the signature of content
 * as a 16-bit vector. */
WARD_MUST_CHECK ward_err ward_put_signature(ward_buf *b, ward_pkey *key,
					    uint16_t scheme,
					    const uint8_t *content,
					    size_t content_len);
/* The same for TLS 1.2's ServerKeyExchange, which may also sign with
 * PKCS#1 v1.5 and SHA-1 (ward_pkey_can_sign_tls12). */
WARD_MUST_CHECK ward_err ward_put_signature_tls12(ward_buf *b, ward_pkey *key,
						  uint16_t scheme,
						  const uint8_t *content,
						  size_t content_len);

/* ---- Finished ---- */

WARD_MUST_CHECK ward_err ward_finished_write(ward_buf *b,
					     const uint8_t *verify_data,
					     size_t len);

/* ---- NewSessionTicket (TLS 1.3) ---- */

#define WARD_TLS_MAX_TICKET_LIFETIME 604800 /* 7 days, RFC 8446 4.6.1 */
/* Times in tickets and saved sessions (seconds since the epoch) past this
 * are malformed: ages are computed in int64_t without overflow. */
#define WARD_TLS_MAX_SESSION_TIME ((uint64_t)1 << 40)

typedef struct ward_tls_new_session_ticket {
	uint32_t lifetime;
	uint32_t age_add;
	ward_slice nonce;
	ward_slice ticket;
	ward_tls_exts ext;
	uint32_t max_early_data; /* 0 when absent */
} ward_tls_new_session_ticket;

WARD_MUST_CHECK ward_err ward_new_session_ticket_parse(
	ward_slice body, ward_tls_new_session_ticket *t);
/* The whole message; with early_data (max_early_data_size) when
 * max_early_data is not 0. */
WARD_MUST_CHECK ward_err ward_new_session_ticket_write(
    ward_buf *b, uint32_t lifetime, uint32_t age_add, ward_slice nonce,
    ward_slice ticket, uint32_t max_early_data);
/* EndOfEarlyData (RFC 8446 4.5): an empty body (else decode_error). */
WARD_MUST_CHECK ward_err ward_end_of_early_data_parse(ward_slice body);
WARD_MUST_CHECK ward_err ward_end_of_early_data_write(ward_buf *b);

/* ---- KeyUpdate ---- */

enum { WARD_KEY_UPDATE_NOT_REQUESTED = 0, WARD_KEY_UPDATE_REQUESTED = 1 };

/* A value other than 0 or 1 is illegal_parameter (RFC 8446 4.6.3). */
WARD_MUST_CHECK ward_err ward_key_update_parse(ward_slice body,
					       uint8_t *request_update);
WARD_MUST_CHECK ward_err ward_key_update_write(ward_buf *b,
					       uint8_t request_update);

#endif

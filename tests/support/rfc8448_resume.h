/* RFC 8448 section 4, "Resumed 0-RTT Handshake": the client's second
 * connection, resuming with the ticket of section 3
 * (rfc8448_new_session_ticket_hex, PSK rfc8448_resumption_psk_hex), as hex
 * for test_unhex(). Each value is the RFC's, byte for byte. */
#ifndef WARD_TEST_RFC8448_RESUME_H
#define WARD_TEST_RFC8448_RESUME_H

/* {client} create an ephemeral x25519 key pair: private key (32 octets) */
extern const char rfc8448_resume_client_x25519_priv_hex[];

/* {client} extract secret "early": secret, from the ticket's PSK */
extern const char rfc8448_resume_early_secret_hex[];

/* {client} calculate PSK binder: ClientHello prefix (477 octets), the
 * ClientHello up to its binders list */
extern const char rfc8448_resume_client_hello_prefix_hex[];

/* {client} calculate PSK binder: binder hash (32 octets) */
extern const char rfc8448_resume_binder_hash_hex[];

/* {client} calculate PSK binder: PRK (32 octets), the binder key */
extern const char rfc8448_resume_binder_key_hex[];

/* {client} calculate PSK binder: expanded (32 octets), its finished key */
extern const char rfc8448_resume_binder_finished_key_hex[];

/* {client} calculate PSK binder: finished (32 octets), the binder */
extern const char rfc8448_resume_binder_hex[];

/* {client} send handshake record: complete record (517 octets), the
 * ClientHello with pre_shared_key (ticket of section 3, obfuscated age
 * 0xfad6aacb) and its binder */
extern const char rfc8448_resume_client_hello_record_hex[];

/* {client} derive secret "tls13 c e traffic": expanded (32 octets), the
 * client_early_traffic_secret over that ClientHello */
extern const char rfc8448_resume_client_early_traffic_hex[];
/* {client} derive write traffic keys for early application data: key
 * (16 octets) and iv (12 octets) */
extern const char rfc8448_resume_early_key_hex[];
extern const char rfc8448_resume_early_iv_hex[];

#endif

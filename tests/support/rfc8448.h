/* RFC 8448 section 3, "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256,
 * x25519, rsa_pss_rsae_sha256): the trace's inputs, handshake messages,
 * key schedule and protected records, as hex for test_unhex().
 *
 * Each value is the RFC's, byte for byte; the names follow the RFC's steps.
 * The whole set is consistent: the x25519 keys give the (EC)DHE secret, the
 * messages give the transcript hashes, these give every secret, key and
 * Finished value, and the keys seal the plaintexts into the records.
 */
#ifndef WARD_TEST_RFC8448_H
#define WARD_TEST_RFC8448_H

/* ---- Inputs ---- */

/* {client} ClientHello.random (32 octets) */
extern const char rfc8448_client_random_hex[];

/* {server} ServerHello.random (32 octets) */
extern const char rfc8448_server_random_hex[];

/* {client} create an ephemeral x25519 key pair: private key (32 octets) */
extern const char rfc8448_client_x25519_priv_hex[];

/* {client} create an ephemeral x25519 key pair: public key (32 octets) */
extern const char rfc8448_client_x25519_pub_hex[];

/* {server} create an ephemeral x25519 key pair: private key (32 octets) */
extern const char rfc8448_server_x25519_priv_hex[];

/* {server} create an ephemeral x25519 key pair: public key (32 octets) */
extern const char rfc8448_server_x25519_pub_hex[];

/* {server} the RSA certificate (the one in the Certificate message), PEM */
extern const char rfc8448_server_cert_pem[];

/* {server} the RSA private key of section 2, as PKCS#8 PEM */
extern const char rfc8448_server_rsa_key_pem[];

/* ---- Handshake messages (plaintext, with their 4-byte headers) ---- */

/* {client} construct a ClientHello handshake message (196 octets) */
extern const char rfc8448_client_hello_hex[];

/* {server} construct a ServerHello handshake message (90 octets) */
extern const char rfc8448_server_hello_hex[];

/* {server} construct an EncryptedExtensions handshake message (40 octets) */
extern const char rfc8448_encrypted_extensions_hex[];

/* {server} construct a Certificate handshake message (445 octets) */
extern const char rfc8448_certificate_hex[];

/* {server} construct a CertificateVerify handshake message
 * (rsa_pss_rsae_sha256) (136 octets) */
extern const char rfc8448_certificate_verify_hex[];

/* {server} construct a Finished handshake message (36 octets) */
extern const char rfc8448_server_finished_hex[];

/* {client} construct a Finished handshake message (36 octets) */
extern const char rfc8448_client_finished_hex[];

/* {server} construct a NewSessionTicket handshake message (205 octets) */
extern const char rfc8448_new_session_ticket_hex[];

/* ---- Key schedule (SHA-256) ---- */

/* {server} extract secret "early": secret (32 octets) */
extern const char rfc8448_early_secret_hex[];

/* {server} derive secret for handshake "tls13 derived": expanded (32 octets) */
extern const char rfc8448_derived_for_handshake_hex[];

/* {server} extract secret "handshake": IKM, the (EC)DHE shared secret (32
 * octets) */
extern const char rfc8448_ecdhe_hex[];

/* {server} extract secret "handshake": secret (32 octets) */
extern const char rfc8448_handshake_secret_hex[];

/* Transcript-Hash(ClientHello, ServerHello) (32 octets) */
extern const char rfc8448_hello_hash_hex[];

/* {server} derive secret "tls13 c hs traffic": expanded (32 octets) */
extern const char rfc8448_client_hs_traffic_hex[];

/* {server} derive secret "tls13 s hs traffic": expanded (32 octets) */
extern const char rfc8448_server_hs_traffic_hex[];

/* {server} derive secret for master "tls13 derived": expanded (32 octets) */
extern const char rfc8448_derived_for_master_hex[];

/* {server} extract secret "master": secret (32 octets) */
extern const char rfc8448_master_secret_hex[];

/* {server} derive write traffic keys for handshake data: key (16 octets) */
extern const char rfc8448_server_hs_key_hex[];

/* {server} derive write traffic keys for handshake data: iv (12 octets) */
extern const char rfc8448_server_hs_iv_hex[];

/* {server} derive read traffic keys for handshake data: key (16 octets) */
extern const char rfc8448_client_hs_key_hex[];

/* {server} derive read traffic keys for handshake data: iv (12 octets) */
extern const char rfc8448_client_hs_iv_hex[];

/* {server} calculate finished "tls13 finished": expanded (32 octets) */
extern const char rfc8448_server_finished_key_hex[];

/* {server} calculate finished "tls13 finished": finished (32 octets) */
extern const char rfc8448_server_verify_data_hex[];

/* Transcript-Hash(ClientHello .. server Finished) (32 octets) */
extern const char rfc8448_server_finished_hash_hex[];

/* {server} derive secret "tls13 c ap traffic": expanded (32 octets) */
extern const char rfc8448_client_ap_traffic_hex[];

/* {server} derive secret "tls13 s ap traffic": expanded (32 octets) */
extern const char rfc8448_server_ap_traffic_hex[];

/* {server} derive secret "tls13 exp master": expanded (32 octets) */
extern const char rfc8448_exporter_master_hex[];

/* {server} derive write traffic keys for application data: key (16 octets) */
extern const char rfc8448_server_ap_key_hex[];

/* {server} derive write traffic keys for application data: iv (12 octets) */
extern const char rfc8448_server_ap_iv_hex[];

/* {client} derive write traffic keys for application data: key (16 octets) */
extern const char rfc8448_client_ap_key_hex[];

/* {client} derive write traffic keys for application data: iv (12 octets) */
extern const char rfc8448_client_ap_iv_hex[];

/* {client} calculate finished "tls13 finished": expanded (32 octets) */
extern const char rfc8448_client_finished_key_hex[];

/* {client} calculate finished "tls13 finished": finished (32 octets) */
extern const char rfc8448_client_verify_data_hex[];

/* Transcript-Hash(ClientHello .. client Finished) (32 octets) */
extern const char rfc8448_client_finished_hash_hex[];

/* {client} derive secret "tls13 res master": expanded (32 octets) */
extern const char rfc8448_resumption_master_hex[];

/* {server} generate resumption secret "tls13 resumption": the
 * ticket_nonce (context) (2 octets) */
extern const char rfc8448_ticket_nonce_hex[];

/* {server} generate resumption secret "tls13 resumption": expanded (32 octets)
 */
extern const char rfc8448_resumption_psk_hex[];

/* ---- Records, as sent ("complete record") ---- */

/* {client} send handshake record: the ClientHello, plaintext (201 octets) */
extern const char rfc8448_client_hello_record_hex[];

/* {server} send handshake record: the ServerHello, plaintext (95 octets) */
extern const char rfc8448_server_hello_record_hex[];

/* {server} send handshake record: EncryptedExtensions, Certificate,
 * CertificateVerify and Finished in one record, server handshake key,
 * seq 0 (679 octets) */
extern const char rfc8448_server_flight_record_hex[];

/* {client} send handshake record: Finished, client handshake key, seq 0 (58
 * octets) */
extern const char rfc8448_client_finished_record_hex[];

/* {server} send handshake record: NewSessionTicket, server
 * application key, seq 0 (227 octets) */
extern const char rfc8448_new_session_ticket_record_hex[];

/* {client}/{server} send application_data record: payload (0x00..0x31) (50
 * octets) */
extern const char rfc8448_app_data_hex[];

/* {client} send application_data record: client application key,
 * seq 0 (72 octets) */
extern const char rfc8448_client_app_data_record_hex[];

/* {server} send application_data record: server application key,
 * seq 1 (72 octets) */
extern const char rfc8448_server_app_data_record_hex[];

/* {client}/{server} send alert record: payload (warning, close_notify) (2
 * octets) */
extern const char rfc8448_alert_hex[];

/* {client} send alert record: client application key, seq 1 (24 octets) */
extern const char rfc8448_client_alert_record_hex[];

/* {server} send alert record: server application key, seq 2 (24 octets) */
extern const char rfc8448_server_alert_record_hex[];

#endif

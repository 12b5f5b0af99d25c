/* RFC 8448 section 5, "HelloRetryRequest": the client's inputs and the
 * records of the trace, as hex for test_unhex(). The client offers x25519,
 * secp256r1 and secp384r1 with an x25519 share; the server asks for
 * secp256r1 with a cookie; TLS_AES_128_GCM_SHA256 and the RSA certificate
 * of section 3 (rfc8448_server_cert_pem). Each value is the RFC's, byte
 * for byte. */
#ifndef WARD_TEST_RFC8448_HRR_H
#define WARD_TEST_RFC8448_HRR_H

/* {client} create an ephemeral x25519 key pair: private key (32 octets) */
extern const char rfc8448_hrr_client_x25519_priv_hex[];

/* {client} create an ephemeral P-256 key pair: private key (32 octets) */
extern const char rfc8448_hrr_client_secp256r1_priv_hex[];

/* {client} send handshake record: the first ClientHello (x25519 share) */
extern const char rfc8448_hrr_client_hello_record_hex[];

/* {server} send handshake record: HelloRetryRequest (secp256r1, cookie) */
extern const char rfc8448_hrr_hello_retry_request_record_hex[];

/* {client} send handshake record: the second ClientHello (P-256 share,
 * cookie, padding) */
extern const char rfc8448_hrr_client_hello2_record_hex[];

/* {server} send handshake record: ServerHello (P-256) */
extern const char rfc8448_hrr_server_hello_record_hex[];

/* {server} send handshake record: EncryptedExtensions, Certificate,
 * CertificateVerify, Finished, protected */
extern const char rfc8448_hrr_server_flight_record_hex[];

/* {client} send handshake record: Finished, protected */
extern const char rfc8448_hrr_client_finished_record_hex[];

/* {client} send alert record: close_notify */
extern const char rfc8448_hrr_client_alert_record_hex[];

/* {server} send alert record: close_notify */
extern const char rfc8448_hrr_server_alert_record_hex[];

#endif

/* TLS 1.2 sessions recorded between openssl s_client and s_server
 * (tests/data/gen-tls12-sessions.sh): the randoms, the master secret from
 * the key log, and every record as it crossed the wire. */
#ifndef WARD_TEST_TLS12_SESSION_H
#define WARD_TEST_TLS12_SESSION_H

#include <stddef.h>
#include <stdint.h>

#define TLS12_SESSION_MAX_RECORDS 32
#define TLS12_SESSION_MAX_RECORD 4096

typedef struct tls12_record {
	char from; /* 'c' or 's' */
	uint8_t bytes[TLS12_SESSION_MAX_RECORD];
	size_t len;
} tls12_record;

typedef struct tls12_session {
	char suite[64];
	uint8_t client_random[32], server_random[32], master[48];
	tls12_record rec[TLS12_SESSION_MAX_RECORDS];
	size_t nrec;
} tls12_session;

/* Load <data>/tls12/<name>.txt; fails the test on any error. The result
 * is large: give it static storage. */
void tls12_session_load_from(const char *data, const char *name,
			     tls12_session *s);
#define tls12_session_load(name, s)                                            \
	tls12_session_load_from(WARD_TEST_DATA, (name), (s))
/* The index of the n-th record (from 0) of content type `type` sent by
 * `from`; fails the test if there is none. */
size_t tls12_session_find(const tls12_session *s, char from, uint8_t type,
			  size_t n);

struct ward_tls_prot;
/* Open, with rd (the reading side's keys; freed at the end), every record
 * `from` sent after its ChangeCipherSpec: the Finished, the application
 * data `app`, then (if it came) the close_notify; fails the test on any
 * other content. */
void tls12_session_open_after_ccs(const tls12_session *s,
				  struct ward_tls_prot *rd, char from,
				  const char *app);

#endif

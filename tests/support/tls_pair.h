/* A client and a server engine wired to each other in memory. */
#ifndef WARD_TEST_TLS_PAIR_H
#define WARD_TEST_TLS_PAIR_H

#include "crypto/ca.h"
#include "tls/ticket.h"
#include "tls/tls.h"

struct tls_pair {
	ward_tls_config *ccfg, *scfg;
	ward_tls_conn *client, *server;
	ward_buf c_out, s_out;  /* bytes in flight to the other side */
	ward_buf c_app, s_app;  /* application data each side received */
	ward_err c_err, s_err;  /* first error each side's engine returned */
	char ca_path[64];
};

/* Server config with one certificate of `type` for "localhost" (plus any
 * added later); client config trusting its CA. */
void tls_pair_configs(struct tls_pair *p, ward_key_type type);
/* Add a server certificate for `name` from a fresh CA; returns that CA's
 * root in PEM so a test can trust it. */
void tls_pair_add_cert(struct tls_pair *p, ward_key_type type,
		       const char *name, ward_buf *ca_pem);
/* Ticket keys for the server, one AES-256-GCM key valid from now for a
 * day (wipe them with ward_ticket_keys_wipe). */
void tls_pair_ticket_keys(struct tls_pair *p, ward_ticket_keys *keys);
/* Make both connections (the client to `host`) and start the client. */
void tls_pair_connect(struct tls_pair *p, const char *host);
/* The same, the client offering `session` (from ward_tls_get_session). */
void tls_pair_connect_session(struct tls_pair *p, const char *host,
			      const ward_buf *session);
/* Free both connections, empty the buffers and forget the errors: the
 * configs stay for the next connection. */
void tls_pair_drop(struct tls_pair *p);
/* Move bytes both ways until nothing moves or an engine fails. */
void tls_pair_pump(struct tls_pair *p);
/* Both handshakes done without an error (else both errors are printed). */
void tls_pair_assert_done(struct tls_pair *p);
void tls_pair_free(struct tls_pair *p);

#endif

/* The client's connection (internal to src/client): a socket, plain or
 * through the TLS engine, read and written with poll() deadlines. */
#ifndef WARD_CLIENT_TRANSPORT_H
#define WARD_CLIENT_TRANSPORT_H

#include "client/client.h"
#include "tls/tls.h"

typedef struct ward_transport {
	int fd;
	ward_tls_conn *tls;
	ward_buf in;	     /* TLS records received, not yet whole */
	ward_buf out;	     /* records to send */
	ward_buf early;	     /* application data that ended the handshake */
	int eof;	     /* the peer closed (TCP EOF or close_notify) */
	char peer[80];	     /* "127.0.0.1 port 8443", for messages */
	long long t_connect; /* ward_client_now_us when TCP connected */
	/* round trips: the TCP handshake, then each time bytes arrived
	 * while we were waiting for an answer to what we sent */
	unsigned round_trips;
	int awaiting; /* sent something, nothing received since */
	/* 0-RTT (ward_transport_open_early): the bytes to send as early
	 * data, and whether they went */
	ward_slice zero_rtt;
	int zero_rtt_sent;
} ward_transport;

/* Resolve (with the --resolve overrides), connect to each address in
 * turn within connect_ms each (0: no limit) and before deadline (0: none),
 * then for https run the handshake, offering `session` (a
 * ward_tls_get_session blob; NULL: none). On failure t is closed and why
 * says what failed, naming the host. A session the engine refuses as
 * malformed sets *session_bad and is not offered. */
ward_client_status
ward_transport_open(ward_transport *t, const ward_client_opts *o,
		    const ward_tls_config *tls_cfg, const ward_url *u,
		    const ward_buf *session, int *session_bad,
		    long long deadline, char *why, size_t whylen);
/* The same, sending `early` (a whole request) as TLS 1.3 early data
 * right after the ClientHello when the session allows it and it fits.
 * Afterwards ward_transport_early says what became of it. */
ward_client_status ward_transport_open_early(
    ward_transport *t, const ward_client_opts *o,
    const ward_tls_config *tls_cfg, const ward_url *u,
    const ward_buf *session, int *session_bad, ward_slice early,
    long long deadline, char *why, size_t whylen);
/* WARD_TLS_EARLY_NONE when no early data was sent, else ACCEPTED (the
 * server has the request) or REJECTED (send it again). */
int ward_transport_early(const ward_transport *t);
void ward_transport_close(ward_transport *t);
/* Whether an idle connection can carry another request: nothing but TLS
 * records that carry no data (a late NewSessionTicket) has arrived on it;
 * not EOF, close_notify, an alert or stray bytes. Does not wait. */
int ward_transport_idle_ok(ward_transport *t);
/* Write all of p[0..n). */
ward_client_status ward_transport_write(ward_transport *t, const void *p,
					size_t n, long long deadline, char *why,
					size_t whylen);
/* Read some bytes, appending to `app` (plaintext); at EOF t->eof is set
 * and nothing is appended. */
ward_client_status ward_transport_read(ward_transport *t, ward_buf *app,
				       long long deadline, char *why,
				       size_t whylen);

#endif

/* The trace decoder: a traced event (tls.h, ward_tls_set_trace) turned into
 * its name and key fields, for `ward get -v`, --trace-json and --ladder.
 *
 * Handshake messages are decoded with the engine's own codecs (the
 * msg_*.c parsers, extensions.c) and certificates with crypto/x509.c;
 * every byte is read through the bounds-checked reader, so a message from
 * a hostile peer decodes as far as it is well-formed and is then marked
 * malformed. The result is self-contained (it copies what it shows) and
 * stays valid after the event is gone.
 */
#ifndef WARD_TLS_TRACE_H
#define WARD_TLS_TRACE_H

#include <stddef.h>

#include "tls/tls.h"

#define WARD_TLS_TRACE_MAX_FIELDS 96
#define WARD_TLS_TRACE_TEXT 6144
/* the largest message decoded (the engine's own limit, tls/conn.h) */
#define WARD_TLS_TRACE_MAX_MSG (128 * 1024)

typedef struct ward_tls_trace_field {
	const char *key;   /* stable names, docs/get.md */
	const char *value; /* NUL-terminated, printable ASCII only */
	int item;	   /* -1: the message's own; k: its k-th certificate */
	int list;	   /* value is a ','-joined list */
	int number;	   /* value is a decimal number */
} ward_tls_trace_field;

typedef struct ward_tls_trace_decoded {
	/* "ClientHello", "HelloRetryRequest", "Certificate", "Alert",
	 * "ChangeCipherSpec", "ApplicationData", "Handshake(99)", ... */
	const char *name;
	int malformed;	/* the message did not decode to its end */
	int truncated;	/* fields left out for lack of room */
	size_t n_items; /* certificates (item fields) */
	size_t n_fields;
	ward_tls_trace_field f[WARD_TLS_TRACE_MAX_FIELDS];
	char text[WARD_TLS_TRACE_TEXT];
	size_t used;
	char name_buf[24]; /* an unknown type's name */
} ward_tls_trace_decoded;

/* Decode one event. Never fails: what cannot be read is left out, with
 * `malformed` set. */
void ward_tls_trace_decode(const ward_tls_trace_event *ev,
			   ward_tls_trace_decoded *out);

/* The name of a handshake type ("ClientHello"); NULL when unknown. */
const char *ward_tls_trace_hs_name(uint8_t type);
/* "plaintext", "early", "handshake", "application". */
const char *ward_tls_trace_epoch_name(ward_tls_epoch e);
/* The value of field `key` of item `item` (-1: the message), or NULL. */
const char *ward_tls_trace_get(const ward_tls_trace_decoded *d, const char *key,
			       int item);

#endif

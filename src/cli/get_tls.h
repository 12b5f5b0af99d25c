/* ward get's TLS option lists (docs/get.md): checked against the engine's
 * names before any connection, so that a bad one is a usage error. Each
 * returns 0, or -1 with a reason naming the bad part in why. */
#ifndef WARD_CLI_GET_TLS_H
#define WARD_CLI_GET_TLS_H

#include <stddef.h>
#include <stdint.h>

/* --tls-min / --tls-max "1.2" or "1.3": 12 or 13, -1 when neither. */
int ward_get_tls_version(const char *s);
/* --ciphers: IANA names joined with ':' or ',', each put on the TLS 1.3
 * list (s13) or the TLS 1.2 one (s12), ':'-joined, in the order given. */
int ward_get_split_ciphers(const char *arg, char *s13, size_t cap13, char *s12,
			   size_t cap12, char *why, size_t whylen);
/* --groups: every name known, and not too many. */
int ward_get_check_groups(const char *arg, char *why, size_t whylen);
/* --alpn: ','-separated names of 1 to 255 bytes, copied to names (cap
 * bytes) and split into alpn[0..*n), at most max of them. */
int ward_get_split_alpn(const char *arg, char *names, size_t cap,
			const char **alpn, size_t max, size_t *n, char *why,
			size_t whylen);
/* --pinnedpubkey: "sha256//BASE64" hashes joined with ';' (at most max),
 * or else the name of a file with the public key (PEM or DER), as curl
 * takes them; the hashes go to pins[0..*n). -2 when the file cannot be
 * read. */
int ward_get_parse_pins(const char *arg, uint8_t (*pins)[32], size_t max,
			size_t *n, char *why, size_t whylen);

/* --cert FILE [--key FILE]: the chain and the key (in the cert file
 * without --key) load and belong together; why names the file. */
int ward_get_check_client_cert(const char *cert, const char *key, char *why,
			       size_t whylen);

#endif

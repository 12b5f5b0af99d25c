/* TLS session state that `ward serve` shares between its processes: the
 * ticket keys and the TLS 1.2 session cache.
 *
 * Each lives in one anonymous MAP_SHARED mapping that the master makes
 * before it forks any worker and keeps across reloads, so a session made
 * on one worker resumes on every other, and on the workers of the next
 * generation after SIGHUP. Only the master writes the ticket keys
 * (tls/ticket.h explains how readers stay safe meanwhile); the workers
 * share the cache under its lock (tls/session_cache.h).
 *
 * Ticket keys are made by the master from the CSPRNG and rotated every
 * --ticket-rotate: the new key seals, the two before it still open the
 * tickets they sealed until those expire (--session-timeout may be at most
 * twice --ticket-rotate for that). With --ticket-key-file the keys come
 * from that file instead (docs/serve.md gives its format), re-read on
 * every SIGHUP; it is not rotated by time. Keys are never logged.
 */
#ifndef WARD_SERVER_SESSIONS_H
#define WARD_SERVER_SESSIONS_H

#include <stddef.h>

#include "base/err.h"
#include "server/config.h"
#include "tls/ticket.h"

/* In the master, for every configuration it loads (at start and on each
 * SIGHUP), before the configuration's workers fork: make or keep the
 * mappings, read the key file, attach it all to cfg->tls. On failure
 * *why says what, naming the file, and the running state is unchanged. */
WARD_MUST_CHECK ward_err ward_sessions_setup(ward_server_config *cfg, char *why,
					     size_t whylen);
/* In the master, about once a second: rotate the ticket keys when due. */
void ward_sessions_tick(void);
/* Wipe and unmap everything (the master, at exit). */
void ward_sessions_free(void);

/* Parse a ticket key file's text: one key a line (32 hex digits of name,
 * then 64 of AES-256-GCM key, nothing else but blanks), '#' comments and
 * empty lines ignored, 1 .. WARD_TICKET_KEY_SLOTS keys, the first
 * sealing. Fills keys[] (live, created = now, never expiring) and *n.
 * WARD_ERR_CONFIG with a reason in *why (no key bytes in it). */
WARD_MUST_CHECK ward_err ward_sessions_parse_key_file(const char *text,
						      size_t len, int64_t now,
						      ward_ticket_key *keys,
						      size_t *n, char *why,
						      size_t whylen);

#endif

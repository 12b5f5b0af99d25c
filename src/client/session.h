/* The client's TLS sessions per origin, kept in memory and, with
 * --session FILE, between runs (internal to src/client; the format is in
 * docs/get.md). The blobs are ward_tls_get_session's: they hold secrets,
 * so they are wiped when dropped and the file is written mode 0600. */
#ifndef WARD_CLIENT_SESSION_H
#define WARD_CLIENT_SESSION_H

#include "base/bytes.h"
#include "client/client.h"

#define WARD_SESSIONS_MAX 64
/* a blob larger than this is not a ward session */
#define WARD_SESSION_BLOB_MAX 8192

typedef struct ward_session_entry {
	char origin[WARD_URL_HOST_MAX + 8]; /* "host:port", "[::1]:443" */
	ward_buf blob;
} ward_session_entry;

typedef struct ward_csessions {
	ward_session_entry e[WARD_SESSIONS_MAX];
	size_t n;
	int dirty; /* changed since loaded or saved */
} ward_csessions;

void ward_csess_init(ward_csessions *s);
void ward_csess_free(ward_csessions *s);
/* "host:port" of an URL, the key of its entry. */
void ward_csess_origin(const ward_url *u, char *out, size_t len);
/* Read FILE: a missing file is an empty one; a malformed line is
 * skipped with a warning naming the file and line. */
void ward_csess_load(ward_csessions *s, const char *path,
		     void (*warn)(void *ctx, const char *line), void *ctx);
/* The blob for an origin, or NULL. */
const ward_buf *ward_csess_find(const ward_csessions *s, const char *origin);
/* Keep blob as the origin's newest session (the oldest entry makes room
 * when full); unchanged bytes leave the store clean. */
ward_err ward_csess_put(ward_csessions *s, const char *origin,
			const uint8_t *blob, size_t len);
void ward_csess_drop(ward_csessions *s, const char *origin);
/* Write FILE atomically (a temporary file beside it, mode 0600, then
 * rename); -1 with a reason in why. */
int ward_csess_save(ward_csessions *s, const char *path, char *why,
		    size_t whylen);

#endif

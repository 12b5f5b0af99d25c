/* What guards a store (--store): who may write to it (store_auth.c) and how
 * many bytes it may hold (store_usage.c). The master loads both before it
 * forks; the workers read them.
 *
 * Authentication is one question, ward_store_authorize, asked for every
 * PUT and DELETE. Today it has one answer source, HTTP Basic (RFC 7617)
 * checked against a password file of crypt(3) hashes; client certificates
 * will be a second one once mutual TLS exists, tried first, from the
 * connection's TLS state in ctx.
 */
#ifndef WARD_HANDLERS_STORE_H
#define WARD_HANDLERS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "server/handler.h"

/* ---- the password file (--store-auth FILE) ----
 * Lines "user:hash", as `htpasswd -B` writes them: bcrypt ($2y$, $2b$,
 * $2a$), and crypt(3)'s yescrypt ($y$) and SHA-512 ($6$). Blank lines and
 * lines starting with '#' are skipped. Anything else (a plaintext password,
 * MD5 "$apr1$", "{SHA}", a truncated hash, a line without ':', a user named
 * twice) is refused, the whole file with it. */
typedef struct ward_store_auth ward_store_auth;

/* Load path; NULL on failure with why = "FILE:LINE: reason" (or "FILE:
 * reason" for the file as a whole). */
ward_store_auth *ward_store_auth_load(const char *path, char *why,
				      size_t whylen);
void ward_store_auth_free(ward_store_auth *a);
size_t ward_store_auth_users(const ward_store_auth *a);
/* ---- client certificates (--store-auth cert:CN=alice,CN=bob) ----
 * A request on a connection whose client certificate the engine
 * verified (--client-ca) may write when the certificate's subject has
 * one of these RDNs, compared whole and exactly (',' inside a name
 * escaped as RFC 4514 writes it: "CN=Smith\\, J"). Added to *a (made when
 * NULL; a password file may be loaded beside them with
 * ward_store_auth_add_file). 0, or -1 with why ("cert:LIST: ..."). */
int ward_store_auth_add_certs(ward_store_auth **a, const char *list,
			      char *why, size_t whylen);
size_t ward_store_auth_cert_names(const ward_store_auth *a);
/* Load a password file into *a (made when NULL; one file per store). */
int ward_store_auth_add_file(ward_store_auth **a, const char *path,
			     char *why, size_t whylen);

typedef enum ward_store_verdict {
	WARD_STORE_ALLOW = 0,
	WARD_STORE_UNAUTHENTICATED, /* no credentials, or wrong ones: 401 */
	WARD_STORE_INSECURE,	    /* not over TLS: never asked for */
} ward_store_verdict;

#define WARD_STORE_USER_MAX 256

/* May this request write to the store? A store without auth is open to
 * all. A client certificate is tried first, then the password. Credentials count only over TLS (ctx->https). A wrong password and
 * an unknown user cost the same: the password is hashed either way (an
 * unknown user against the file's first hash) and the results compared in
 * constant time. Successful checks are remembered per process (a fixed
 * table of SHA-256 digests of user, password and hash), so requests on a
 * kept-alive connection do not each pay a bcrypt. user: who was
 * authenticated ("" when nobody was). */
ward_store_verdict ward_store_authorize(const ward_request_ctx *ctx,
					const ward_http_request *req,
					const ward_store_map *store,
					char user[WARD_STORE_USER_MAX]);

/* The 401 for a refusal (RFC 9110 11.6.1, RFC 7617 2.1):
 * WWW-Authenticate: Basic realm="ward PREFIX", charset="UTF-8". */
WARD_MUST_CHECK ward_err ward_store_challenge(const ward_store_map *store,
					      ward_response *resp);

/* Forget what ward_store_authorize remembered (tests). */
void ward_store_auth_forget(void);
/* How many password hashes this process computed (tests). */
extern unsigned long ward_store_auth_hashes;

/* ---- the bytes a store holds (--store-quota) ----
 * One counter per store in memory shared by the master and its workers
 * (an anonymous MAP_SHARED mapping made before the fork): the bytes of
 * the store's regular files, counted at start, plus what uploads in
 * progress have reserved. A reload counts afresh into a new counter. */
typedef struct ward_store_usage ward_store_usage;

/* Count the bytes beneath dirfd into a new shared counter. NULL when the
 * mapping cannot be made (errno set). */
ward_store_usage *ward_store_usage_new(int dirfd);
void ward_store_usage_free(ward_store_usage *u);
uint64_t ward_store_usage_bytes(const ward_store_usage *u);
/* Reserve n more bytes unless that takes the total over quota + freeing
 * (bytes the write will free: the file it replaces). 1 reserved, 0 not. */
int ward_store_usage_reserve(ward_store_usage *u, uint64_t n, uint64_t quota,
			     uint64_t freeing);
/* Give back n bytes (never below 0: files removed by hand). */
void ward_store_usage_release(ward_store_usage *u, uint64_t n);

#endif

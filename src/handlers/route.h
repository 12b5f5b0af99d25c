/* Internal to the request handlers (route.c, static.c, store.c, info.c):
 * what they share. Not used outside src/handlers/. */
#ifndef WARD_HANDLERS_ROUTE_H
#define WARD_HANDLERS_ROUTE_H

#include <sys/stat.h>

#include "server/handler.h"

/* A strong ETag for a file: "<inode>-<size>-<mtime ns>" in hex, quoted. */
#define WARD_ETAG_MAX 64
void ward_etag(const struct stat *st, char out[WARD_ETAG_MAX]);

/* RFC 9110 13.2.2: evaluate If-Match, If-Unmodified-Since, If-None-Match
 * and If-Modified-Since against the current file (st, or NULL when there
 * is none). Returns 0 to go on, 304 (GET/HEAD) or 412. */
int ward_preconditions(const ward_http_request *req, const struct stat *st,
		       int get_or_head);

/* The status for a failed open/stat beneath a root: 404 for what does not
 * exist or lies outside the root, 403 for permissions, else 500. */
int ward_status_for_errno(int err);

/* GET/HEAD of `url` (the normalised path, with its leading '/'), which is
 * `rel` beneath the directory rootfd: a file, a directory's index.html or
 * listing, or a redirect to the directory's URL with a '/'. uploaded: the
 * files come from a store, so an active type (ward_http_mime_active) is
 * sent as an attachment. */
WARD_MUST_CHECK ward_err ward_static_serve(const ward_request_ctx *ctx,
					   const ward_http_request *req,
					   int rootfd, const char *url,
					   const char *rel, int uploaded,
					   ward_response *resp);

/* PUT or DELETE of `rel` beneath the store's directory. */
WARD_MUST_CHECK ward_err ward_store_handle(const ward_request_ctx *ctx,
					   const ward_http_request *req,
					   const ward_store_map *store,
					   const char *url, const char *rel,
					   ward_response *resp,
					   ward_body_sink *sink);

/* Whether a store path names an upload temporary (".ward-upload-*" in any
 * segment): such names are never served, written or deleted. */
int ward_store_reserved(const char *rel);

/* Tests set this to use named temporaries, as on filesystems without
 * O_TMPFILE. */
extern int ward_store_test_named_temp;

/* GET/HEAD /.well-known/ward/connection. */
WARD_MUST_CHECK ward_err ward_info_connection(const ward_request_ctx *ctx,
					      ward_response *resp);

struct ward_site;
/* CONNECT (RFC 9110 9.3.6) on a site with `connect:`: 400 for a target
 * or a request that is no tunnel's, 403 for a target the site's allow
 * list lacks; else ctx->connect is filled for the connection to dial. */
WARD_MUST_CHECK ward_err ward_connect_handle(const ward_request_ctx *ctx,
					    const ward_http_request *req,
					    const struct ward_site *site,
					    ward_response *resp);

#endif

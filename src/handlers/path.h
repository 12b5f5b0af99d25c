/* Request paths to file names, and files opened beneath a root.
 *
 * A request path is percent-decoded exactly once, then normalised: dot
 * segments removed (RFC 3986 5.2.4) and empty segments collapsed ("//" is
 * "/", as nginx does). What is refused is refused with 400: escapes that
 * are not two hex digits, an encoded NUL, an encoded '/' or '\' (they would
 * change the segment structure after decoding), a raw '\', and any path
 * whose ".." would climb above the root.
 *
 * Opening goes through openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), so
 * a symlink is followed only while it stays beneath the root; on kernels
 * without openat2 (before 5.6) a walk one component at a time with
 * O_NOFOLLOW is used instead, which refuses every symlink.
 */
#ifndef WARD_HANDLERS_PATH_H
#define WARD_HANDLERS_PATH_H

#include <stddef.h>
#include <sys/types.h>

#include "base/bytes.h"

/* Longest decoded path handled (bytes, without the NUL). */
#define WARD_PATH_MAX 4095

/* Decode and normalise `raw` (which must start with '/') into out[cap],
 * NUL-terminated; the result starts with '/', has no "." or ".." segment
 * and no empty segment, and keeps a trailing '/'.
 *   WARD_ERR_HTTP_BAD_REQUEST   refused as described above
 *   WARD_ERR_HTTP_URI_TOO_LONG  longer than cap - 1 */
WARD_MUST_CHECK ward_err ward_path_normalize(ward_slice raw, char *out,
					     size_t cap, size_t *out_len);

/* Open `rel` (a normalised path without its leading '/'; "" is the root
 * itself) beneath the directory dirfd, with open(2) flags and mode.
 * Returns the descriptor, or -1 with errno set; a path that leaves the root
 * fails with EXDEV or ELOOP. O_CLOEXEC is always added. */
int ward_path_open_beneath(int dirfd, const char *rel, int flags, mode_t mode);
/* The openat2-free fallback, exposed for tests. */
int ward_path_open_walk(int dirfd, const char *rel, int flags, mode_t mode);

/* Percent-encode a decoded path for a URL (Location, links): everything but
 * unreserved characters, '/', and sub-delims other than those with meaning
 * in HTML or URLs is encoded. Appends to b. */
WARD_MUST_CHECK ward_err ward_path_encode(ward_buf *b, const char *path,
					  size_t len);

#endif

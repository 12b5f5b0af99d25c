/* Request paths: percent-decoding, normalisation, opening beneath a root
 * (server/path.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "handlers/path.h"

/* Decode once (RFC 3986 2.1). Escapes that would alter the path's structure
 * or end a C string are refused rather than decoded: %00, %2F, %5C. */
static ward_err decode(ward_slice raw, char *out, size_t cap, size_t *len)
{
	ward_reader r = ward_reader_make(raw.p, raw.len);
	size_t n = 0;
	while (ward_reader_left(&r) > 0) {
		uint8_t c;
		WARD_TRY(ward_read_u8(&r, &c));
		if (c == '%') {
			uint8_t hi, lo;
			if (ward_read_u8(&r, &hi) != WARD_OK ||
			    ward_read_u8(&r, &lo) != WARD_OK)
				return WARD_ERR_HTTP_BAD_REQUEST;
			int h = ward_hex_value(hi), l = ward_hex_value(lo);
			WARD_ENSURE(h >= 0 && l >= 0,
				    WARD_ERR_HTTP_BAD_REQUEST);
			c = (uint8_t)(h << 4 | l);
			WARD_ENSURE(c != '\0' && c != '/' && c != '\\',
				    WARD_ERR_HTTP_BAD_REQUEST);
		} else {
			WARD_ENSURE(c != '\\' && c != '\0',
				    WARD_ERR_HTTP_BAD_REQUEST);
		}
		WARD_ENSURE(n + 1 < cap, WARD_ERR_HTTP_URI_TOO_LONG);
		out[n++] = (char)c;
	}
	*len = n;
	return WARD_OK;
}

ward_err ward_path_normalize(ward_slice raw, char *out, size_t cap,
			     size_t *out_len)
{
	WARD_ENSURE(cap >= 2, WARD_ERR_ARG);
	WARD_ENSURE(raw.len > 0 && raw.p[0] == '/', WARD_ERR_HTTP_BAD_REQUEST);
	size_t n;
	WARD_TRY(decode(raw, out, cap, &n));

	/* RFC 3986 5.2.4, done in place: segments are copied down to `w`; ".."
	 * backs `w` up to the previous '/'. Climbing above the root is not
	 * clamped to "/" as 5.2.4 would, but refused: it is never a link a
	 * page produced, only a probe. */
	size_t w = 0, i = 0;
	int trailing = 0;
	while (i < n) {
		while (i < n && out[i] == '/')
			i++;
		size_t s = i;
		while (i < n && out[i] != '/')
			i++;
		size_t seg = i - s;
		/* a path ending in "/", "/." or "/.." names a directory */
		trailing = i == n &&
			   (seg == 0 || (seg == 1 && out[s] == '.') ||
			    (seg == 2 && out[s] == '.' && out[s + 1] == '.'));
		if (seg == 0 || (seg == 1 && out[s] == '.'))
			continue;
		if (seg == 2 && out[s] == '.' && out[s + 1] == '.') {
			WARD_ENSURE(w > 0, WARD_ERR_HTTP_BAD_REQUEST);
			while (out[--w] != '/')
				;
			continue;
		}
		out[w++] = '/';
		memmove(out + w, out + s, seg);
		w += seg;
	}
	if (w == 0 || trailing)
		out[w++] = '/';
	out[w] = '\0';
	*out_len = w;
	return WARD_OK;
}

static int have_openat2 = 1;

int ward_path_open_beneath(int dirfd, const char *rel, int flags, mode_t mode)
{
	if (!have_openat2)
		return ward_path_open_walk(dirfd, rel, flags, mode);
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)(flags | O_CLOEXEC);
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		how.mode = mode;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	long fd;
	/* EAGAIN: a concurrent rename or mount raced the lookup; retry */
	int tries = 0;
	do
		fd = syscall(SYS_openat2, dirfd, *rel ? rel : ".", &how,
			     sizeof how);
	while (fd < 0 && (errno == EINTR || errno == EAGAIN) && ++tries < 16);
	if (fd < 0 && errno == ENOSYS) {
		have_openat2 = 0;
		return ward_path_open_walk(dirfd, rel, flags, mode);
	}
	return (int)fd;
}

/* Kernels before 5.6: one component at a time, never following a symlink
 * (O_NOFOLLOW, and O_DIRECTORY for the directories on the way), so nothing
 * outside the root can be reached. Symlinks inside the root are refused too;
 * that is the price of not resolving them by hand. */
int ward_path_open_walk(int dirfd, const char *rel, int flags, mode_t mode)
{
	int cur = dirfd, fd = -1;
	const char *p = rel;
	char name[NAME_MAX + 1];
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len > NAME_MAX) {
			errno = ENAMETOOLONG;
			goto fail;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		if (!strcmp(name, "..")) {
			errno = EXDEV;
			goto fail;
		}
		if (len == 0 || !strcmp(name, "."))
			strcpy(name, ".");
		int last = !slash || slash[1] == '\0';
		if (last) {
			fd = openat(cur, name, flags | O_NOFOLLOW | O_CLOEXEC,
				    mode);
			if (fd < 0)
				goto fail;
			/* O_PATH|O_NOFOLLOW opens a symlink itself */
			struct stat st;
			if ((flags & O_PATH) &&
			    (fstat(fd, &st) < 0 || S_ISLNK(st.st_mode))) {
				close(fd);
				fd = -1;
				errno = ELOOP;
				goto fail;
			}
			break;
		}
		int next = openat(
		    cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			goto fail;
		if (cur != dirfd)
			close(cur);
		cur = next;
		p = slash + 1;
	}
	if (cur != dirfd)
		close(cur);
	return fd;
fail:
	if (cur != dirfd) {
		int e = errno;
		close(cur);
		errno = e;
	}
	return -1;
}

static int keep_in_url(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("-._~/!$()*+,;=:@", c));
}

ward_err ward_path_encode(ward_buf *b, const char *path, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		char c = path[i];
		if (keep_in_url(c)) {
			WARD_TRY(ward_put_u8(b, (uint8_t)c));
			continue;
		}
		uint8_t e[3] = {'%', (uint8_t)hex[(uint8_t)c >> 4],
				(uint8_t)hex[(uint8_t)c & 15]};
		WARD_TRY(ward_put_bytes(b, e, 3));
	}
	return WARD_OK;
}

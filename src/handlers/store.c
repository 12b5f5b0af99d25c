/* The file store: PUT (RFC 9110 9.3.4) and DELETE (9.3.5) beneath a store
 * directory. GET and HEAD of store paths are static files (static.c).
 *
 * A PUT never exposes a partial file under the target name. The body goes
 * to an unnamed O_TMPFILE in the target's directory (it vanishes by itself
 * if the process dies), which is fsync'ed, linked in (through
 * /proc/self/fd, as linking an O_TMPFILE by descriptor needs privilege),
 * and the directory fsync'ed. Where O_TMPFILE or /proc is missing, a named
 * ".ward-upload-*" temporary is used instead; ward_store_sweep removes those
 * left by a crash, and the handlers never serve or accept such names.
 *
 * PUT and DELETE act on the name: a symlink there is replaced or removed,
 * never the file it points to.
 *
 * Writes need credentials (store_auth.c) unless the store is public. The
 * commit of a PUT and a DELETE run under an flock of the target's
 * directory, shared by every worker: a conditional PUT (If-Match,
 * If-None-Match, If-Unmodified-Since) is checked again there, so that of
 * two concurrent ones made against the same version only the first wins
 * (RFC 9110 13.1: the precondition must hold when the method is applied).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"
#include "handlers/path.h"
#include "handlers/route.h"
#include "handlers/store.h"

#define TEMP_PREFIX ".ward-upload-"

typedef struct upload {
	int dirfd;	 /* the target's directory, O_RDONLY for fsync */
	int fd;		 /* the temporary file */
	int unnamed;	 /* fd is an O_TMPFILE */
	int create_only; /* If-None-Match: *: never replace (13.1.2) */
	int existed;	 /* the target existed when the request came */
	char tmp[64];	 /* name of the temporary, when it has one */
	char name[256];	 /* target name in dirfd */
	char *url;	 /* for Location */
	uint64_t total, max;
	int io_errno; /* first write failure, reported by finish */
	/* a conditional PUT: what the target was when the preconditions
	 * held, compared again at commit */
	int conditional;
	char seen_etag[WARD_ETAG_MAX]; /* "" when there was no file */
	/* --store-quota: bytes reserved in the store's counter, and the
	 * size of the file this replaces (freed by the commit) */
	const ward_store_map *store;
	uint64_t reserved, freeing;
} upload;

/* Uploads in progress in this process (--max-uploads). */
static int n_uploads;

int ward_store_reserved(const char *rel)
{
	for (const char *p = rel; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (!strncmp(p, TEMP_PREFIX, sizeof TEMP_PREFIX - 1))
			return 1;
	}
	return 0;
}

static void temp_name(char out[64])
{
	static unsigned counter;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(out, 64, TEMP_PREFIX "%x-%x-%lx", (unsigned)getpid(),
		 ++counter, (unsigned long)ts.tv_nsec);
}

int ward_store_test_named_temp;

static int proc_fd_usable(void)
{
	if (ward_store_test_named_temp)
		return 0;
	static int usable = -1;
	if (usable < 0)
		usable = access("/proc/self/fd", X_OK) == 0;
	return usable;
}

/* The temporary, in the target's directory so the final rename stays on
 * one filesystem. Returns 0 or an errno. */
static int create_temp(upload *u)
{
	if (proc_fd_usable()) {
		u->fd = openat(u->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC,
			       0644);
		if (u->fd >= 0) {
			u->unnamed = 1;
			return 0;
		}
		/* filesystems without O_TMPFILE: EOPNOTSUPP (EISDIR on old
		 * kernels); anything else is a real failure */
		if (errno != EOPNOTSUPP && errno != EISDIR)
			return errno;
	}
	for (int i = 0; i < 16; i++) {
		temp_name(u->tmp);
		u->fd = openat(
		    u->dirfd, u->tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (u->fd >= 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	u->tmp[0] = '\0';
	return errno;
}

static void upload_free(upload *u)
{
	if (u->reserved)
		ward_store_usage_release(u->store->usage, u->reserved);
	n_uploads--;
	if (u->fd >= 0)
		close(u->fd);
	if (u->tmp[0])
		unlinkat(u->dirfd, u->tmp, 0);
	if (u->dirfd >= 0)
		close(u->dirfd);
	free(u->url);
	free(u);
}

static ward_err sink_write(void *ctx, const uint8_t *p, size_t len)
{
	upload *u = ctx;
	/* a chunked body has no length to check in advance */
	WARD_ENSURE(len <= u->max - u->total, WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
	/* nor a size to reserve: the quota is taken as it arrives */
	if (u->store->quota && u->total + len > u->reserved) {
		uint64_t more = u->total + len - u->reserved;
		WARD_ENSURE(ward_store_usage_reserve(u->store->usage, more,
						     u->store->quota,
						     u->freeing),
			    WARD_ERR_HTTP_INSUFFICIENT_STORAGE);
		u->reserved += more;
	}
	u->total += len;
	/* after a write failure the rest of the body is read and dropped, so
	 * that finish can answer 500 on a connection still in sync */
	while (len > 0 && !u->io_errno) {
		ssize_t n = write(u->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			u->io_errno = n < 0 ? errno : EIO;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	return WARD_OK;
}

static void sink_abort(void *ctx)
{
	upload_free(ctx);
}

/* Put the fsync'ed temporary in place. *created: the name was new.
 * Returns 0, EEXIST (create_only and the name exists), or an errno. */
static int put_in_place(upload *u, int *created)
{
	*created = 0;
	if (u->unnamed) {
		char proc[64];
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", u->fd);
		if (linkat(AT_FDCWD, proc, u->dirfd, u->name,
			   AT_SYMLINK_FOLLOW) == 0) {
			*created = 1;
			return 0;
		}
		if (errno != EEXIST || u->create_only)
			return errno;
		/* replacing: link under a temporary name, rename over */
		for (int i = 0;; i++) {
			temp_name(u->tmp);
			if (linkat(AT_FDCWD, proc, u->dirfd, u->tmp,
				   AT_SYMLINK_FOLLOW) == 0)
				break;
			if (errno != EEXIST || i == 16) {
				u->tmp[0] = '\0';
				return errno;
			}
		}
	} else if (renameat2(u->dirfd, u->tmp, u->dirfd, u->name,
			     RENAME_NOREPLACE) == 0) {
		u->tmp[0] = '\0';
		*created = 1;
		return 0;
	} else if (errno == EINVAL) {
		/* no RENAME_NOREPLACE on this filesystem: link(2) never
		 * replaces; otherwise go by what the request saw */
		if (u->create_only) {
			if (linkat(u->dirfd, u->tmp, u->dirfd, u->name, 0) != 0)
				return errno;
			*created = 1;
			return 0; /* upload_free unlinks the temporary */
		}
		*created = !u->existed;
	} else if (errno != EEXIST) {
		return errno;
	} else if (u->create_only) {
		return EEXIST;
	}
	if (renameat(u->dirfd, u->tmp, u->dirfd, u->name) != 0)
		return errno;
	u->tmp[0] = '\0';
	return 0;
}

/* The lock every commit in a directory takes: an flock, so it holds across
 * the workers; held only for a stat and a rename. */
static int lock_dir(int dirfd, int op)
{
	int r;
	do
		r = flock(dirfd, op);
	while (r != 0 && errno == EINTR);
	return r == 0 ? 0 : errno;
}

/* Under the lock: the target as it is now. Returns 0, EEXIST when a
 * conditional PUT's target changed since its preconditions held, or an
 * errno; *old: the bytes of the regular file the commit replaces. */
static int recheck(upload *u, uint64_t *old)
{
	struct stat now;
	char etag[WARD_ETAG_MAX] = "";
	int exists = fstatat(u->dirfd, u->name, &now, AT_SYMLINK_NOFOLLOW) == 0;
	if (!exists && errno != ENOENT)
		return errno;
	if (exists && S_ISDIR(now.st_mode))
		return EISDIR;
	*old = exists && S_ISREG(now.st_mode) ? (uint64_t)now.st_size : 0;
	u->existed = exists;
	if (exists)
		ward_etag(&now, etag);
	if (u->conditional && strcmp(etag, u->seen_etag) != 0)
		return EEXIST;
	return 0;
}

static ward_err sink_finish(void *ctx, ward_response *resp)
{
	upload *u = ctx;
	ward_err ret = WARD_OK;
	struct stat st;
	int created = 0, e;
	uint64_t old = 0;
	char etag[WARD_ETAG_MAX];
	if (u->io_errno) {
		e = u->io_errno;
		goto failed;
	}
	if (fsync(u->fd) != 0 || fstat(u->fd, &st) != 0) {
		e = errno;
		goto failed;
	}
	if ((e = lock_dir(u->dirfd, LOCK_EX)) != 0)
		goto failed;
	e = recheck(u, &old);
	if (e == 0)
		e = put_in_place(u, &created);
	(void)lock_dir(u->dirfd, LOCK_UN);
	if (e == EISDIR) {
		WARD_TRY_OUT(ward_response_simple(resp, 409, NULL));
		goto out;
	}
	if (e == 0 && u->store->quota) {
		/* what is stored replaces what was reserved and what it
		 * replaced */
		ward_store_usage_release(u->store->usage, old);
		u->reserved = 0;
	}
	if (e == EEXIST) {
		WARD_TRY_OUT(ward_response_simple(resp, 412, NULL));
		goto out;
	}
	if (e)
		goto failed;
	/* the new name is durable only once the directory is */
	if (fsync(u->dirfd) != 0) {
		e = errno;
		goto failed;
	}
	/* 9.3.4: the validator of what was stored, unchanged */
	ward_etag(&st, etag);
	WARD_TRY_OUT(ward_response_header_cstr(resp, "ETag", etag));
	if (created) {
		WARD_TRY_OUT(
		    ward_response_header_cstr(resp, "Location", u->url));
		WARD_TRY_OUT(ward_response_simple(resp, 201, NULL));
	} else {
		WARD_TRY_OUT(ward_response_simple(resp, 204, NULL));
	}
	goto out;
failed:
	ward_log(WARD_LOG_ERROR, "store: writing %s: %s", u->url, strerror(e));
	WARD_TRY_OUT(ward_response_simple(resp, 500, NULL));
out:
	upload_free(u);
	return ret;
}

/* Split "a/b/c" into the directory "a/b/" (kept in dir) and "c". */
static void split(const char *rel, char *dir, size_t cap, const char **name)
{
	const char *slash = strrchr(rel, '/');
	size_t n = slash ? (size_t)(slash - rel) + 1 : 0;
	snprintf(dir, cap, "%.*s", (int)n, rel);
	*name = rel + n;
}

static int only_star(const ward_http_request *req, const char *hdr)
{
	size_t it = 0;
	ward_slice v;
	while (ward_http_header_next(req, hdr, &it, &v))
		if (v.len == 1 && v.p[0] == '*')
			return 1;
	return 0;
}

/* Open the target's directory and look at the target. Fills resp and
 * returns -1 when the request ends here. */
static int open_target(const ward_store_map *store, const char *rel,
		       int missing_dir_status, int *dirfd, const char **name,
		       struct stat *st, int *exists, ward_response *resp,
		       ward_err *err)
{
	char dir[WARD_PATH_MAX + 1];
	split(rel, dir, sizeof dir, name);
	*dirfd = ward_path_open_beneath(store->dirfd, dir,
					O_RDONLY | O_DIRECTORY, 0);
	if (*dirfd < 0) {
		int s = ward_status_for_errno(errno);
		if (errno == ENOENT || errno == ENOTDIR)
			s = missing_dir_status;
		*err = ward_response_simple(resp, s, NULL);
		return -1;
	}
	*exists = fstatat(*dirfd, *name, st, AT_SYMLINK_NOFOLLOW) == 0;
	if (!*exists && errno != ENOENT) {
		*err = ward_response_simple(resp, ward_status_for_errno(errno),
					    NULL);
		goto fail;
	}
	if (*exists && S_ISDIR(st->st_mode)) {
		/* a collection is not replaced or removed by a file request */
		*err = ward_response_simple(resp, 409, NULL);
		goto fail;
	}
	return 0;
fail:
	close(*dirfd);
	*dirfd = -1;
	return -1;
}

/* A PUT refused before its body is read: the body is not wanted, so the
 * connection closes after the answer rather than read it all. */
static ward_err refuse(const ward_http_request *req, ward_response *resp,
		       int status)
{
	if (ward_http_request_has_body(req))
		resp->close = 1;
	return ward_response_simple(resp, status, NULL);
}

static int conditional(const ward_http_request *req)
{
	ward_slice v;
	return ward_http_header_get(req, "If-Match", &v) ||
	       ward_http_header_get(req, "If-None-Match", &v) ||
	       ward_http_header_get(req, "If-Unmodified-Since", &v);
}

static ward_err store_put(const ward_request_ctx *ctx,
			  const ward_http_request *req,
			  const ward_store_map *store, const char *url,
			  const char *rel, ward_response *resp,
			  ward_body_sink *sink)
{
	uint64_t max = ctx->cfg->max_upload;
	if (req->has_length && req->content_length > max)
		return refuse(req, resp, 413);
	int limit = ctx->cfg->max_uploads;
	if (limit > 0 && n_uploads >= limit) {
		/* RFC 9110 15.6.4: the condition is temporary */
		WARD_TRY(ward_response_header_cstr(resp, "Retry-After", "2"));
		return refuse(req, resp, 503);
	}
	int dirfd, exists, pre;
	const char *name;
	struct stat st;
	ward_err err = WARD_OK;
	/* a missing parent: 409, as WebDAV answers (RFC 4918 9.7.1) */
	if (open_target(store, rel, 409, &dirfd, &name, &st, &exists, resp,
			&err) < 0)
		return err;
	pre = ward_preconditions(req, exists ? &st : NULL, 0);
	if (pre) {
		close(dirfd);
		return ward_response_simple(resp, pre, NULL);
	}
	uint64_t freeing =
	    exists && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	uint64_t length = req->has_length ? req->content_length : 0;
	/* RFC 4918 11.5: 507 when the store cannot hold it, decided from
	 * Content-Length before the body is read */
	if (store->quota && length &&
	    !ward_store_usage_reserve(store->usage, length, store->quota,
				      freeing)) {
		close(dirfd);
		return refuse(req, resp, 507);
	}

	upload *u = calloc(1, sizeof *u);
	if (!u) {
		if (store->quota && length)
			ward_store_usage_release(store->usage, length);
		close(dirfd);
		return WARD_ERR_NOMEM;
	}
	n_uploads++;
	u->store = store;
	u->reserved = store->quota ? length : 0;
	u->freeing = freeing;
	u->dirfd = dirfd;
	u->fd = -1;
	u->max = max;
	u->create_only = only_star(req, "If-None-Match");
	u->existed = exists;
	u->conditional = conditional(req);
	if (exists)
		ward_etag(&st, u->seen_etag);
	snprintf(u->name, sizeof u->name, "%s", name);
	ward_buf loc = WARD_BUF_INIT;
	if (ward_path_encode(&loc, url, strlen(url)) != WARD_OK ||
	    ward_put_u8(&loc, 0) != WARD_OK) {
		ward_buf_free(&loc);
		upload_free(u);
		return WARD_ERR_NOMEM;
	}
	u->url = (char *)loc.data;
	int e = create_temp(u);
	if (e) {
		ward_log(WARD_LOG_ERROR, "store: creating a file for %s: %s",
			 u->url, strerror(e));
		upload_free(u);
		return ward_response_simple(
		    resp, e == EACCES || e == EPERM ? 403 : 500, NULL);
	}
	if (!ward_http_request_has_body(req))
		return sink_finish(u, resp); /* no body to wait for */
	sink->write = sink_write;
	sink->finish = sink_finish;
	sink->abort = sink_abort;
	sink->ctx = u;
	return WARD_OK;
}

static ward_err store_delete(const ward_http_request *req,
			     const ward_store_map *store, const char *rel,
			     ward_response *resp)
{
	int dirfd, exists, pre, e;
	const char *name;
	struct stat st;
	ward_err err = WARD_OK;
	if (open_target(store, rel, 404, &dirfd, &name, &st, &exists, resp,
			&err) < 0)
		return err;
	/* the check and the unlink under the commit lock, so that an If-Match
	 * sees the version it removes */
	if ((e = lock_dir(dirfd, LOCK_EX)) != 0) {
		ward_log(WARD_LOG_ERROR, "store: locking for DELETE: %s",
			 strerror(e));
		close(dirfd);
		return ward_response_simple(resp, 500, NULL);
	}
	exists = fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	/* 13.2.1: preconditions only apply where the answer would be 2xx */
	pre = exists ? ward_preconditions(req, &st, 0) : 0;
	if (!exists)
		err = ward_response_simple(resp, 404, NULL);
	else if (S_ISDIR(st.st_mode))
		err = ward_response_simple(resp, 409, NULL);
	else if (pre)
		err = ward_response_simple(resp, pre, NULL);
	else if (unlinkat(dirfd, name, 0) != 0)
		err = ward_response_simple(resp, ward_status_for_errno(errno),
					   NULL);
	else
		err = ward_response_simple(resp, 204, NULL);
	(void)lock_dir(dirfd, LOCK_UN);
	if (resp->status == 204) {
		if (store->quota && S_ISREG(st.st_mode))
			ward_store_usage_release(store->usage,
						 (uint64_t)st.st_size);
		if (fsync(dirfd) != 0)
			err = ward_response_simple(resp, 500, NULL);
	}
	close(dirfd);
	return err;
}

ward_err ward_store_handle(const ward_request_ctx *ctx,
			   const ward_http_request *req,
			   const ward_store_map *store, const char *url,
			   const char *rel, ward_response *resp,
			   ward_body_sink *sink)
{
	char user[WARD_STORE_USER_MAX]; /* who, once a log wants it */
	/* before anything about the target is told */
	switch (ward_store_authorize(ctx, req, store, user)) {
	case WARD_STORE_ALLOW:
		break;
	case WARD_STORE_INSECURE:
		return refuse(req, resp, 403);
	case WARD_STORE_UNAUTHENTICATED:
		if (ward_http_request_has_body(req))
			resp->close = 1;
		return ward_store_challenge(store, resp);
	}
	/* upload temporaries are never written nor removed by a request */
	if (ward_store_reserved(rel))
		return ward_response_simple(
		    resp, req->method == WARD_HTTP_PUT ? 403 : 404, NULL);
	size_t len = strlen(rel);
	/* the store holds files: a name ending in '/' is a directory */
	if (len == 0 || rel[len - 1] == '/')
		return ward_response_simple(
		    resp, req->method == WARD_HTTP_PUT ? 400 : 409, NULL);
	if (req->method == WARD_HTTP_PUT)
		return store_put(ctx, req, store, url, rel, resp, sink);
	return store_delete(req, store, rel, resp);
}

/* Remove ".ward-upload-*" files left in dirfd and below by a crash; meant
 * for startup, before any worker serves the store. */
static void sweep(int dirfd, int depth)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISREG(st.st_mode) &&
		    !strncmp(de->d_name, TEMP_PREFIX, sizeof TEMP_PREFIX - 1)) {
			unlinkat(fd, de->d_name, 0);
		} else if (S_ISDIR(st.st_mode) && depth < 32) {
			int sub = openat(fd, de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					     O_CLOEXEC);
			if (sub >= 0) {
				sweep(sub, depth + 1);
				close(sub);
			}
		}
	}
	closedir(d);
}

void ward_store_sweep(int dirfd)
{
	sweep(dirfd, 0);
}

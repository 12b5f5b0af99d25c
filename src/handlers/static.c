/* Static files: GET and HEAD of files and directories beneath a root, with
 * validators, conditional requests (RFC 9110 13) and ranges (RFC 9110 14). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <unistd.h>

#include "handlers/path.h"
#include "handlers/route.h"

/* Ranges kept after coalescing; more and the whole file is sent, which
 * RFC 9110 14.2 permits. Each part takes two segments. */
#define MAX_PARTS 16
/* Range specs parsed at all: a longer list is ignored as abusive. */
#define MAX_SPECS 128
/* Entries listed by the autoindex. */
#define MAX_LISTING 10000

void ward_etag(const struct stat *st, char out[WARD_ETAG_MAX])
{
	unsigned long long ns =
	    (unsigned long long)st->st_mtim.tv_sec * 1000000000ull +
	    (unsigned long long)st->st_mtim.tv_nsec;
	/* by hand: this runs for every file served */
	unsigned long long parts[3] = {(unsigned long long)st->st_ino,
				       (unsigned long long)st->st_size, ns};
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	out[n++] = '"';
	for (int i = 0; i < 3; i++) {
		char digits[16];
		size_t d = 0;
		unsigned long long v = parts[i];
		do {
			digits[d++] = hex[v & 15];
			v >>= 4;
		} while (v);
		while (d)
			out[n++] = digits[--d];
		out[n++] = i < 2 ? '-' : '"';
	}
	out[n] = 0;
}

int ward_status_for_errno(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
	case ELOOP: /* a symlink loop, or one refused by the fallback walk */
	case EXDEV: /* a symlink leading out of the root */
	case ENAMETOOLONG:
		return 404;
	case EACCES:
	case EPERM:
		return 403;
	default:
		return 500;
	}
}

/* ---- conditional requests (RFC 9110 13.1) ---- */

static int at_byte(const ward_reader *r, uint8_t c)
{
	return ward_reader_left(r) > 0 && r->p[r->off] == c;
}

static void skip_ows_commas(ward_reader *r)
{
	while (at_byte(r, ' ') || at_byte(r, '\t') || at_byte(r, ','))
		r->off++;
}

/* One entity-tag (RFC 9110 8.8.3): [W/] DQUOTE *etagc DQUOTE. */
static int read_etag(ward_reader *r, int *weak, ward_slice *tag)
{
	size_t start = r->off;
	*weak = 0;
	if (at_byte(r, 'W') && ward_reader_left(r) >= 2 &&
	    r->p[r->off + 1] == '/') {
		*weak = 1;
		r->off += 2;
	}
	size_t q = r->off;
	if (!at_byte(r, '"'))
		goto bad;
	r->off++;
	for (;;) {
		uint8_t c;
		if (ward_read_u8(r, &c) != WARD_OK)
			goto bad;
		if (c == '"')
			break;
		if (c < 0x21 || c == 0x7f)
			goto bad;
	}
	*tag = ward_slice_make(r->p + q, r->off - q);
	return 1;
bad:
	r->off = start;
	return 0;
}

/* Does any If-Match / If-None-Match line list our tag? "*" matches any
 * current representation. Strong comparison for If-Match (13.1.1), weak for
 * If-None-Match (13.1.2); our own tags are always strong. A malformed list
 * matches nothing. */
static int etag_list_matches(const ward_http_request *req, const char *name,
			     const char *etag, int exists, int strong)
{
	size_t it = 0;
	ward_slice v;
	ward_slice ours = ward_slice_make(etag, strlen(etag));
	while (ward_http_header_next(req, name, &it, &v)) {
		ward_reader r = ward_reader_make(v.p, v.len);
		if (v.len == 1 && v.p[0] == '*') {
			if (exists)
				return 1;
			continue;
		}
		for (skip_ows_commas(&r); ward_reader_left(&r) > 0;
		     skip_ows_commas(&r)) {
			int weak;
			ward_slice tag;
			if (!read_etag(&r, &weak, &tag))
				break;
			if (exists && !(strong && weak) &&
			    ward_slice_eq(tag, ours))
				return 1;
		}
	}
	return 0;
}

/* The value of a header that must appear on exactly one line; 0 when it is
 * absent or repeated. */
static int single_header(const ward_http_request *req, const char *name,
			 ward_slice *v)
{
	size_t it = 0;
	ward_slice extra;
	return ward_http_header_next(req, name, &it, v) &&
	       !ward_http_header_next(req, name, &it, &extra);
}

/* A date-valued precondition: the single value of the header, parsed, or 0
 * when absent or invalid (then it is ignored, 13.1.3 and 13.1.4). */
static int header_date(const ward_http_request *req, const char *name,
		       time_t *t)
{
	ward_slice v;
	return single_header(req, name, &v) && ward_http_parse_date(v, t);
}

int ward_preconditions(const ward_http_request *req, const struct stat *st,
		       int get_or_head)
{
	char etag[WARD_ETAG_MAX] = "";
	ward_slice v;
	time_t t;
	if (st)
		ward_etag(st, etag);
	/* steps 1 and 2: If-Match, else If-Unmodified-Since */
	if (ward_http_header_get(req, "If-Match", &v)) {
		if (!etag_list_matches(req, "If-Match", etag, st != NULL, 1))
			return 412;
	} else if (st && header_date(req, "If-Unmodified-Since", &t)) {
		if (st->st_mtim.tv_sec > t)
			return 412;
	}
	/* steps 3 and 4: If-None-Match, else If-Modified-Since */
	if (ward_http_header_get(req, "If-None-Match", &v)) {
		if (etag_list_matches(req, "If-None-Match", etag, st != NULL,
				      0))
			return get_or_head ? 304 : 412;
	} else if (get_or_head && st &&
		   header_date(req, "If-Modified-Since", &t)) {
		if (st->st_mtim.tv_sec <= t)
			return 304;
	}
	return 0;
}

/* If-Range (13.1.5): a strong ETag equal to ours, or a date equal to
 * Last-Modified; anything else means "send it all". */
static int if_range_holds(const ward_http_request *req, const char *etag,
			  const struct stat *st)
{
	ward_slice v;
	if (!ward_http_header_get(req, "If-Range", &v))
		return 1;
	ward_reader r = ward_reader_make(v.p, v.len);
	int weak;
	ward_slice tag;
	if (read_etag(&r, &weak, &tag))
		return !weak && ward_reader_left(&r) == 0 &&
		       ward_slice_eq(tag, ward_slice_make(etag, strlen(etag)));
	time_t t;
	return ward_http_parse_date(v, &t) && t == st->st_mtim.tv_sec;
}

/* ---- ranges (RFC 9110 14.1) ---- */

typedef struct range {
	uint64_t first, last; /* inclusive */
} range;

typedef enum { RANGE_NONE, RANGE_UNSATISFIABLE, RANGE_PARTS } range_result;

static int read_u64(ward_reader *r, uint64_t *v, int *present)
{
	*v = 0;
	*present = 0;
	while (ward_reader_left(r) > 0 && r->p[r->off] >= '0' &&
	       r->p[r->off] <= '9') {
		uint64_t d = (uint64_t)(r->p[r->off++] - '0');
		if (*v > (UINT64_MAX - d) / 10)
			return 0;
		*v = *v * 10 + d;
		*present = 1;
	}
	return 1;
}

static int by_first(const void *a, const void *b)
{
	const range *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* Parse "bytes=..." against a file of `size` bytes into at most MAX_PARTS
 * sorted, coalesced ranges. Invalid syntax, an unknown unit, or too many
 * specs: RANGE_NONE (the field is ignored, 14.2). */
static range_result parse_ranges(ward_slice v, uint64_t size, range *out,
				 size_t *n_out)
{
	static const char unit[] = "bytes=";
	range specs[MAX_SPECS];
	size_t n = 0, n_specs = 0;
	if (v.len < sizeof unit - 1 ||
	    strncasecmp((const char *)v.p, unit, sizeof unit - 1))
		return RANGE_NONE;
	ward_reader r = ward_reader_make(v.p + 6, v.len - 6);
	for (skip_ows_commas(&r); ward_reader_left(&r) > 0;
	     skip_ows_commas(&r)) {
		uint64_t a, b;
		int has_a, has_b;
		uint8_t dash;
		if (!read_u64(&r, &a, &has_a) ||
		    ward_read_u8(&r, &dash) != WARD_OK || dash != '-' ||
		    !read_u64(&r, &b, &has_b) || (!has_a && !has_b) ||
		    (has_a && has_b && b < a))
			return RANGE_NONE;
		if (!at_byte(&r, ',') && !at_byte(&r, ' ') &&
		    !at_byte(&r, '\t') && ward_reader_left(&r) > 0)
			return RANGE_NONE;
		if (++n_specs > MAX_SPECS)
			return RANGE_NONE;
		/* 14.1.2: satisfiable if first < size, or a non-zero suffix */
		if (has_a) {
			if (a >= size)
				continue;
			specs[n].first = a;
			specs[n].last = has_b && b < size ? b : size - 1;
		} else {
			if (b == 0 || size == 0)
				continue;
			specs[n].first = b >= size ? 0 : size - b;
			specs[n].last = size - 1;
		}
		n++;
	}
	if (n_specs == 0)
		return RANGE_NONE;
	if (n == 0)
		return RANGE_UNSATISFIABLE;
	/* 14.2: overlapping and adjacent ranges may be coalesced */
	qsort(specs, n, sizeof specs[0], by_first);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && specs[i].first <= out[m - 1].last + 1) {
			if (specs[i].last > out[m - 1].last)
				out[m - 1].last = specs[i].last;
			continue;
		}
		if (m == MAX_PARTS)
			return RANGE_NONE;
		out[m++] = specs[i];
	}
	*n_out = m;
	return RANGE_PARTS;
}

static ward_err put_fmt(ward_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static ward_err put_fmt(ward_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	WARD_ENSURE(n >= 0 && (size_t)n < sizeof tmp, WARD_ERR_OVERFLOW);
	return ward_put_bytes(b, tmp, (size_t)n);
}

/* 206 multipart/byteranges (14.6): parts built as alternating memory
 * (boundary and part headers) and file segments. */
static ward_err multipart(ward_response *resp, int fd, const struct stat *st,
			  const char *type, const range *parts, size_t n)
{
	static unsigned counter;
	char boundary[48];
	ward_buf b = WARD_BUF_INIT;
	ward_err ret = WARD_OK;
	snprintf(boundary, sizeof boundary, "ward%08x%012llx%08x", ++counter,
		 (unsigned long long)st->st_ino, (unsigned)getpid());
	WARD_TRY(ward_response_header(resp, "Content-Type",
				      "multipart/byteranges; boundary=%s",
				      boundary));
	for (size_t i = 0; i < n; i++) {
		ward_buf_clear(&b);
		WARD_TRY_OUT(
		    put_fmt(&b,
			    "%s--%s\r\nContent-Type: %s\r\n"
			    "Content-Range: bytes %llu-%llu/%llu\r\n\r\n",
			    i ? "\r\n" : "", boundary, type,
			    (unsigned long long)parts[i].first,
			    (unsigned long long)parts[i].last,
			    (unsigned long long)st->st_size));
		WARD_TRY_OUT(ward_response_body_mem(resp, b.data, b.len));
		WARD_TRY_OUT(ward_response_body_file(resp, fd, parts[i].first,
						     parts[i].last -
							 parts[i].first + 1));
	}
	ward_buf_clear(&b);
	WARD_TRY_OUT(put_fmt(&b, "\r\n--%s--\r\n", boundary));
	WARD_TRY_OUT(ward_response_body_mem(resp, b.data, b.len));
out:
	ward_buf_free(&b);
	return ret;
}

/* A regular file, opened as fd (owned by resp from here on). */
static ward_err serve_file(const ward_http_request *req, int fd,
			   const struct stat *st, const char *name,
			   int uploaded, ward_response *resp)
{
	char etag[WARD_ETAG_MAX], date[30];
	uint64_t size = (uint64_t)st->st_size;
	resp->fd = fd;
	ward_etag(st, etag);
	ward_http_date(st->st_mtim.tv_sec, date);

	int pre = ward_preconditions(req, st, 1);
	if (pre == 412)
		return ward_response_simple(resp, 412, NULL);
	WARD_TRY(ward_response_header_cstr(resp, "ETag", etag));
	WARD_TRY(ward_response_header_cstr(resp, "Last-Modified", date));
	if (pre == 304) {
		/* 15.4.5: the validators, and no content */
		resp->status = 304;
		resp->no_body = 1;
		return WARD_OK;
	}
	const char *type = ward_http_mime_type(name);
	/* an uploaded page or script is downloaded, never rendered: a range
	 * of it too, whatever the multipart wrapping */
	if (uploaded && ward_http_mime_active(type))
		WARD_TRY(ward_response_header_cstr(resp, "Content-Disposition",
						   "attachment"));
	WARD_TRY(ward_response_header_str(resp, "Accept-Ranges", "bytes", 5));

	ward_slice rv;
	range parts[MAX_PARTS];
	size_t n = 0;
	range_result rr = RANGE_NONE;
	/* 14.2: Range is defined for GET; HEAD answers with the same header
	 * fields as GET would (9.3.2). Two Range lines: ignored. */
	if (single_header(req, "Range", &rv) && if_range_holds(req, etag, st))
		rr = parse_ranges(rv, size, parts, &n);
	if (rr == RANGE_UNSATISFIABLE) {
		WARD_TRY(ward_response_header(resp, "Content-Range",
					      "bytes */%llu",
					      (unsigned long long)size));
		return ward_response_simple(resp, 416, NULL);
	}
	if (rr == RANGE_PARTS && n > 1) {
		resp->status = 206;
		return multipart(resp, fd, st, type, parts, n);
	}
	WARD_TRY(ward_response_header_cstr(resp, "Content-Type", type));
	if (rr == RANGE_PARTS) {
		resp->status = 206;
		WARD_TRY(ward_response_header(
		    resp, "Content-Range", "bytes %llu-%llu/%llu",
		    (unsigned long long)parts[0].first,
		    (unsigned long long)parts[0].last,
		    (unsigned long long)size));
		uint64_t len = parts[0].last - parts[0].first + 1;
		return ward_response_body_file(resp, fd, parts[0].first, len);
	}
	resp->status = 200;
	return ward_response_body_file(resp, fd, 0, size);
}

/* ---- directories ---- */

typedef struct entry {
	char *name;
	int dir;
} entry;

static int by_kind_then_name(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	if (x->dir != y->dir)
		return y->dir - x->dir;
	return strcmp(x->name, y->name);
}

static ward_err put_html(ward_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			WARD_TRY(ward_put_str(b, "&amp;"));
			break;
		case '<':
			WARD_TRY(ward_put_str(b, "&lt;"));
			break;
		case '>':
			WARD_TRY(ward_put_str(b, "&gt;"));
			break;
		case '"':
			WARD_TRY(ward_put_str(b, "&quot;"));
			break;
		case '\'':
			WARD_TRY(ward_put_str(b, "&#39;"));
			break;
		default:
			WARD_TRY(ward_put_u8(b, (uint8_t)*s));
		}
	}
	return WARD_OK;
}

/* The autoindex: dotfiles hidden (as nginx does; this also hides upload
 * temporaries), directories first, names sorted bytewise. Links are
 * percent-encoded and start with "./" so no name reads as a URL scheme. */
static ward_err listing(int dirfd, const char *url, int te_trailers,
		       ward_response *resp)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ward_err ret = WARD_OK;
	ward_buf b = WARD_BUF_INIT;
	entry *ents = NULL;
	size_t n = 0, cap = 0;
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return ward_response_simple(resp, 500, NULL);
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < MAX_LISTING) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			entry *ne = realloc(ents, ncap * sizeof *ne);
			WARD_ENSURE_OUT(ne != NULL, WARD_ERR_NOMEM);
			ents = ne;
			cap = ncap;
		}
		int isdir = de->d_type == DT_DIR;
		struct stat st;
		if (de->d_type == DT_UNKNOWN &&
		    fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			isdir = S_ISDIR(st.st_mode);
		ents[n].name = strdup(de->d_name);
		WARD_ENSURE_OUT(ents[n].name != NULL, WARD_ERR_NOMEM);
		ents[n++].dir = isdir;
	}
	if (n)
		qsort(ents, n, sizeof *ents, by_kind_then_name);
	WARD_TRY_OUT(ward_put_str(&b,
				  "<!DOCTYPE html>\n<html><head>"
				  "<meta charset=\"utf-8\"><title>Index of "));
	WARD_TRY_OUT(put_html(&b, url));
	WARD_TRY_OUT(ward_put_str(&b, "</title></head>\n<body><h1>Index of "));
	WARD_TRY_OUT(put_html(&b, url));
	WARD_TRY_OUT(ward_put_str(&b, "</h1><hr><pre>\n"));
	if (strcmp(url, "/") != 0)
		WARD_TRY_OUT(ward_put_str(&b, "<a href=\"../\">../</a>\n"));
	for (size_t i = 0; i < n; i++) {
		const char *slash = ents[i].dir ? "/" : "";
		WARD_TRY_OUT(ward_put_str(&b, "<a href=\"./"));
		WARD_TRY_OUT(
		    ward_path_encode(&b, ents[i].name, strlen(ents[i].name)));
		WARD_TRY_OUT(ward_put_str(&b, slash));
		WARD_TRY_OUT(ward_put_str(&b, "\">"));
		WARD_TRY_OUT(put_html(&b, ents[i].name));
		WARD_TRY_OUT(ward_put_str(&b, slash));
		WARD_TRY_OUT(ward_put_str(&b, "</a>\n"));
	}
	WARD_TRY_OUT(ward_put_str(&b, "</pre><hr></body></html>\n"));
	resp->status = 200;
	WARD_TRY_OUT(ward_response_header_cstr(resp, "Content-Type",
					       "text/html; charset=utf-8"));
	WARD_TRY_OUT(ward_response_body_mem(resp, b.data, b.len));
	/* sent in chunks as nginx does; a client that accepts trailers
	 * learns how long the listing took (Server-Timing) */
	resp->chunked = 1;
	if (te_trailers) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		char line[64];
		int len = snprintf(line, sizeof line,
				   "Server-Timing: autoindex;dur=%.3f\r\n", ms);
		WARD_TRY_OUT(ward_response_header_cstr(resp, "Trailer",
						       "Server-Timing"));
		WARD_TRY_OUT(ward_put_bytes(&resp->trailers, line, (size_t)len));
	}
out:
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
	ward_buf_free(&b);
	closedir(d);
	return ret;
}

/* 301 to the directory's URL with its '/', query kept. The Location is
 * re-encoded from the normalised path, so it never starts with "//" (which
 * would name another host) and never carries a decoded CR or LF. */
static ward_err redirect_dir(const ward_http_request *req, const char *url,
			     ward_response *resp)
{
	ward_buf loc = WARD_BUF_INIT;
	ward_err ret;
	WARD_TRY_OUT(ward_path_encode(&loc, url, strlen(url)));
	WARD_TRY_OUT(ward_put_u8(&loc, '/'));
	int query_ok = req->query.len > 0;
	for (size_t i = 0; i < req->query.len; i++)
		if (req->query.p[i] < 0x21 || req->query.p[i] > 0x7e)
			query_ok = 0;
	if (query_ok) {
		WARD_TRY_OUT(ward_put_u8(&loc, '?'));
		WARD_TRY_OUT(
		    ward_put_bytes(&loc, req->query.p, req->query.len));
	}
	WARD_TRY_OUT(ward_response_header_str(resp, "Location",
					      (const char *)loc.data, loc.len));
	ret = ward_response_simple(resp, 301, NULL);
out:
	ward_buf_free(&loc);
	return ret;
}

/* Files are opened O_RDONLY|O_NONBLOCK, as nginx does: a FIFO then opens
 * without blocking the worker, and is refused by its type below. */
#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY)

ward_err ward_static_serve(const ward_request_ctx *ctx,
			   const ward_http_request *req, int rootfd,
			   const char *url, const char *rel, int uploaded,
			   ward_response *resp)
{
	struct stat st;
	int fd = ward_path_open_beneath(rootfd, rel, OPEN_FLAGS, 0);
	if (fd < 0)
		return ward_response_simple(resp, ward_status_for_errno(errno),
					    NULL);
	if (fstat(fd, &st) < 0) {
		close(fd);
		return ward_response_simple(resp, 500, NULL);
	}
	if (S_ISREG(st.st_mode))
		return serve_file(req, fd, &st, rel, uploaded, resp);
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		return ward_response_simple(resp, 403, NULL);
	}
	size_t ulen = strlen(url);
	if (url[ulen - 1] != '/') {
		close(fd);
		return redirect_dir(req, url, resp);
	}

	/* rel is at most WARD_PATH_MAX bytes (it lies within url) */
	static const char index_html[] = "index.html";
	char index[WARD_PATH_MAX + sizeof index_html];
	size_t rlen = strlen(rel);
	memcpy(index, rel, rlen);
	memcpy(index + rlen, index_html, sizeof index_html);
	int ifd = ward_path_open_beneath(rootfd, index, OPEN_FLAGS, 0);
	struct stat ist;
	if (ifd >= 0 && fstat(ifd, &ist) == 0 && S_ISREG(ist.st_mode)) {
		close(fd);
		return serve_file(req, ifd, &ist, index, uploaded, resp);
	}
	int ierr = ifd >= 0 ? 0 : errno;
	if (ifd >= 0)
		close(ifd);
	if (ierr == EACCES) {
		close(fd);
		return ward_response_simple(resp, 403, NULL);
	}
	if (!ctx->cfg->autoindex) {
		close(fd);
		return ward_response_simple(resp, 403, NULL);
	}
	return listing(fd, url, req->te_trailers, resp);
}

/* Helpers for the request-handler tests (test_server_*.c): requests built
 * by hand, scratch directory trees, and reading back responses. */
#ifndef WARD_TEST_SERVER_H
#define WARD_TEST_SERVER_H

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#include "server/handler.h"

/* A request from a head written as text lines ("\n"-separated, no CR):
 * "GET /a?b HTTP/1.1\nRange: bytes=0-1\n". Slices point into `text`, which
 * must outlive the request (string literals do). */
static inline void make_request(ward_http_request *r, const char *text)
{
	static const struct {
		const char *name;
		ward_http_method m;
	} methods[] = {
	    {"GET", WARD_HTTP_GET},	  {"HEAD", WARD_HTTP_HEAD},
	    {"POST", WARD_HTTP_POST},	  {"PUT", WARD_HTTP_PUT},
	    {"DELETE", WARD_HTTP_DELETE}, {"OPTIONS", WARD_HTTP_OPTIONS},
	    {"TRACE", WARD_HTTP_TRACE},	  {"CONNECT", WARD_HTTP_CONNECT},
	    {"PATCH", WARD_HTTP_PATCH},
	};
	memset(r, 0, sizeof *r);
	const char *sp1 = strchr(text, ' ');
	const char *sp2 = strchr(sp1 + 1, ' ');
	const char *eol = strchr(text, '\n');
	assert_non_null(sp1);
	assert_non_null(sp2);
	assert_non_null(eol);
	r->method_name = ward_slice_make(text, (size_t)(sp1 - text));
	r->method = WARD_HTTP_OTHER;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strlen(methods[i].name) == r->method_name.len &&
		    !memcmp(methods[i].name, text, r->method_name.len))
			r->method = methods[i].m;
	const char *t = sp1 + 1;
	r->target = ward_slice_make(t, (size_t)(sp2 - t));
	if (r->target.len == 1 && *t == '*') {
		r->asterisk = 1;
	} else {
		const char *q = memchr(t, '?', r->target.len);
		const char *end = q ? q : sp2;
		r->path = ward_slice_make(t, (size_t)(end - t));
		if (q)
			r->query =
			    ward_slice_make(q + 1, (size_t)(sp2 - q - 1));
	}
	r->version_minor = sp2[8] - '0';
	r->keep_alive = 1;
	for (const char *l = eol + 1; *l; l = eol + 1) {
		eol = strchr(l, '\n');
		assert_non_null(eol);
		const char *colon = memchr(l, ':', (size_t)(eol - l));
		assert_non_null(colon);
		const char *v = colon + 1;
		while (*v == ' ')
			v++;
		ward_http_header *h = &r->headers[r->n_headers++];
		h->name = ward_slice_make(l, (size_t)(colon - l));
		h->value = ward_slice_make(v, (size_t)(eol - v));
		if (!strncasecmp(l, "Content-Length:", 15)) {
			r->has_length = 1;
			r->content_length = strtoull(v, NULL, 10);
		}
		if (!strncasecmp(l, "Transfer-Encoding:", 18))
			r->chunked = 1;
		if (!strncasecmp(l, "Host:", 5))
			r->host = h->value;
	}
	r->head_len = strlen(text);
}

/* ---- scratch trees ---- */

static inline void write_file(const char *dir, const char *name,
			      const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static inline void make_dir(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(mkdir(path, 0755), 0);
}

static inline int rm_one(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0755);
	return remove(path);
}

static inline void remove_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline int open_dir_path(const char *dir)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	return fd;
}

/* ---- responses ---- */

/* The value of a header line the handler added, NUL-terminated; 0 when
 * absent. */
static inline int resp_header(const ward_response *r, const char *name,
			      char *out, size_t cap)
{
	size_t nlen = strlen(name);
	const char *p = (const char *)r->head.data, *end = p + r->head.len;
	while (p && p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		assert_non_null(eol);
		if ((size_t)(eol - p) > nlen + 1 &&
		    !strncasecmp(p, name, nlen) && p[nlen] == ':') {
			const char *v = p + nlen + 2;
			snprintf(out, cap, "%.*s", (int)(eol - v), v);
			return 1;
		}
		p = eol + 2;
	}
	return 0;
}

static inline int resp_has(const ward_response *r, const char *name)
{
	char tmp[4096];
	return resp_header(r, name, tmp, sizeof tmp);
}

/* The whole body read from its segments, NUL-terminated (malloc'ed). */
static inline char *resp_body(const ward_response *r, size_t *len)
{
	uint64_t total = ward_response_body_len(r);
	char *out = malloc((size_t)total + 1);
	size_t at = 0;
	assert_non_null(out);
	for (size_t i = 0; i < r->n_seg; i++) {
		const ward_segment *s = &r->seg[i];
		if (s->fd < 0) {
			assert_true(s->off + s->len <= r->mem.len);
			memcpy(out + at, r->mem.data + s->off, (size_t)s->len);
		} else {
			assert_int_equal(pread(s->fd, out + at, (size_t)s->len,
					       (off_t)s->off),
					 (ssize_t)s->len);
		}
		at += (size_t)s->len;
	}
	out[at] = '\0';
	if (len)
		*len = at;
	return out;
}

#endif

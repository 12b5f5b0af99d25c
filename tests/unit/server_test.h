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

/* Parse a request written with bare "\n" line ends (the real parser wants
 * CRLF; a Host is added when missing), e.g. "GET /a?b HTTP/1.1\nRange:
 * bytes=0-1\n". The text is copied into one of a few static buffers, so a
 * request stays valid while the next several are made. */
static inline void make_request(ward_http_request *r, const char *text)
{
	static char bufs[8][8192];
	static unsigned next;
	char *out = bufs[next++ % 8];
	size_t n = 0;
	int has_host = strstr(text, "\nHost:") != NULL;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			out[n++] = '\r';
			out[n++] = '\n';
			if (!has_host) {
				n += (size_t)sprintf(out + n, "Host: test\r\n");
				has_host = 1;
			}
		} else {
			out[n++] = *p;
		}
		assert_true(n < sizeof bufs[0] - 64);
	}
	out[n++] = '\r';
	out[n++] = '\n';
	ward_err err = ward_http_parse_request((const uint8_t *)out, n, NULL, r);
	if (err != WARD_OK)
		fail_msg("test request does not parse (%s):\n%s",
			 ward_err_name(err), text);
}

/* ---- scratch trees ---- */

/* A fresh directory "/tmp/ward-<tag>-XXXXXX" in dir[64]. */
static inline void scratch_dir(char dir[64], const char *tag)
{
	snprintf(dir, 64, "/tmp/ward-%s-XXXXXX", tag);
	assert_non_null(mkdtemp(dir));
}

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
	(void)ftw;
	/* chmod follows symlinks: a link to /tmp or /etc/passwd must not
	 * change what it points to */
	if (flag != FTW_SL && flag != FTW_SLN)
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

/* ---- a handler and its scratch tree ---- */

typedef struct fixture {
	char dir[64];     /* scratch tree; removed by fixture_teardown */
	char outside[64]; /* a second tree, when the test makes one */
	ward_server_config cfg;
	ward_request_ctx ctx;
	ward_http_request req;
	ward_response resp;
	ward_body_sink sink;
	char etag[128];   /* validators a test keeps between requests */
	char lastmod[64];
} fixture;

/* A fixture over a new scratch directory; no root and no store yet. */
static inline fixture *fixture_new(const char *tag)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	scratch_dir(f->dir, tag);
	f->cfg.root_fd = -1;
	f->ctx.cfg = &f->cfg;
	f->ctx.https = 1;
	ward_response_init(&f->resp);
	return f;
}

/* Frees what fixture_new and the test set up: the response, the root and
 * store descriptors, the scratch trees. */
static inline int fixture_teardown(void **state)
{
	fixture *f = *state;
	ward_response_free(&f->resp);
	if (f->cfg.root_fd >= 0)
		close(f->cfg.root_fd);
	for (size_t i = 0; i < f->cfg.n_stores; i++)
		close(f->cfg.stores[i].dirfd);
	remove_tree(f->dir);
	if (f->outside[0])
		remove_tree(f->outside);
	free(f);
	return 0;
}

/* Hand a request given as text to ward_handle_request on a fresh response;
 * a sink it sets is left for the test to drive. */
static inline void start_request(fixture *f, const char *text)
{
	ward_response_free(&f->resp);
	ward_response_init(&f->resp);
	make_request(&f->req, text);
	assert_ok(ward_handle_request(&f->ctx, &f->req, &f->resp, &f->sink));
}

/* A request that takes no body; returns the status. */
static inline int handle(fixture *f, const char *text)
{
	start_request(f, text);
	assert_null(f->sink.write);
	return f->resp.status;
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

static inline void expect_body(const fixture *f, const void *want, size_t len)
{
	size_t n;
	char *body = resp_body(&f->resp, &n);
	assert_int_equal(n, len);
	assert_memory_equal(body, want, len);
	free(body);
}

static inline void expect_text(const fixture *f, const char *want)
{
	size_t n;
	char *body = resp_body(&f->resp, &n);
	assert_int_equal(n, strlen(want));
	assert_string_equal(body, want);
	free(body);
}

static inline void expect_header(const fixture *f, const char *name,
				 const char *want)
{
	char v[1024];
	if (!resp_header(&f->resp, name, v, sizeof v))
		fail_msg("no %s header", name);
	assert_string_equal(v, want);
}

#endif

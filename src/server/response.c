/* Responses built by the handlers: header lines, and a body made of memory
 * and file segments (server/handler.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/handler.h"

void ward_response_init(ward_response *r)
{
	memset(r, 0, sizeof *r);
	ward_buf_init(&r->head);
	ward_buf_init(&r->mem);
	ward_buf_init(&r->trailers);
	r->fd = -1;
}

void ward_response_free(ward_response *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	ward_buf_free(&r->head);
	ward_buf_free(&r->mem);
	ward_buf_free(&r->trailers);
	r->n_seg = 0;
}

ward_err ward_response_header_str(ward_response *r, const char *name,
				  const char *value, size_t len)
{
	/* RFC 9110 5.1/5.5: a field name is a token and a value holds no CR,
	 * LF or NUL. Handlers sometimes put request-derived text in values
	 * (Location), so this is checked here, once, rather than trusted at
	 * each call. */
	size_t nlen = strlen(name);
	WARD_ENSURE(nlen > 0, WARD_ERR_ARG);
	for (size_t i = 0; i < nlen; i++)
		WARD_ENSURE(ward_http_is_tchar((uint8_t)name[i]), WARD_ERR_ARG);
	for (size_t i = 0; i < len; i++)
		WARD_ENSURE(value[i] != '\r' && value[i] != '\n' &&
				    value[i] != '\0',
			    WARD_ERR_ARG);
	WARD_TRY(ward_buf_reserve(&r->head, nlen + 2 + len + 2));
	WARD_TRY(ward_put_bytes(&r->head, name, nlen));
	WARD_TRY(ward_put_bytes(&r->head, ": ", 2));
	WARD_TRY(ward_put_bytes(&r->head, value, len));
	return ward_put_bytes(&r->head, "\r\n", 2);
}

ward_err ward_response_header(ward_response *r, const char *name,
			      const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int vlen = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	WARD_ENSURE(vlen >= 0, WARD_ERR_ARG);
	if ((size_t)vlen < sizeof small)
		return ward_response_header_str(r, name, small, (size_t)vlen);
	/* a long value: format again into a buffer of its size */
	char *big = malloc((size_t)vlen + 1);
	WARD_ENSURE(big != NULL, WARD_ERR_NOMEM);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)vlen + 1, fmt, ap);
	va_end(ap);
	ward_err err = ward_response_header_str(r, name, big, (size_t)vlen);
	free(big);
	return err;
}

ward_err ward_response_body_mem(ward_response *r, const void *p, size_t len)
{
	if (len == 0)
		return WARD_OK;
	size_t off = r->mem.len;
	ward_segment *last = r->n_seg ? &r->seg[r->n_seg - 1] : NULL;
	/* bytes that follow the previous memory segment extend it */
	int extend = last && last->fd < 0 && last->off + last->len == off;
	WARD_ENSURE(extend || r->n_seg < WARD_RESPONSE_MAX_SEGMENTS,
		    WARD_ERR_OVERFLOW);
	WARD_TRY(ward_put_bytes(&r->mem, p, len));
	if (extend) {
		last->len += len;
		return WARD_OK;
	}
	r->seg[r->n_seg++] = (ward_segment){.fd = -1, .off = off, .len = len};
	return WARD_OK;
}

ward_err ward_response_body_file(ward_response *r, int fd, uint64_t off,
				 uint64_t len)
{
	WARD_ENSURE(fd >= 0, WARD_ERR_ARG);
	if (len == 0)
		return WARD_OK;
	WARD_ENSURE(r->n_seg < WARD_RESPONSE_MAX_SEGMENTS, WARD_ERR_OVERFLOW);
	r->seg[r->n_seg++] = (ward_segment){.fd = fd, .off = off, .len = len};
	return WARD_OK;
}

uint64_t ward_response_body_len(const ward_response *r)
{
	uint64_t n = 0;
	for (size_t i = 0; i < r->n_seg; i++)
		n += r->seg[i].len;
	return n;
}

/* The body is replaced, the headers already added (Allow, Content-Range)
 * are kept. 1xx, 204 and 304 carry no content (RFC 9110 6.4.1). */
ward_err ward_response_simple(ward_response *r, int status, const char *message)
{
	r->status = status;
	r->n_seg = 0;
	ward_buf_clear(&r->mem);
	if (status < 200 || status == 204 || status == 304) {
		r->no_body = 1;
		return WARD_OK;
	}
	const char *reason = ward_http_reason(status);
	char body[512];
	int n;
	if (message && *message)
		n = snprintf(body, sizeof body, "%d %s\n%s\n", status, reason,
			     message);
	else
		n = snprintf(body, sizeof body, "%d %s\n", status, reason);
	WARD_ENSURE(n > 0, WARD_ERR_INTERNAL);
	size_t len = (size_t)n < sizeof body ? (size_t)n : sizeof body - 1;
	WARD_TRY(ward_response_header_cstr(r, "Content-Type",
					   "text/plain; charset=utf-8"));
	WARD_TRY(ward_response_header_cstr(r, "X-Content-Type-Options",
					   "nosniff"));
	return ward_response_body_mem(r, body, len);
}

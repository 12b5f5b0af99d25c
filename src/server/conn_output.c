/* A connection's output: buffers borrowed from the worker, the response
 * head and body staged and encrypted into wbuf (see conn.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/conn.h"
#include "server/log.h"
#include "server/worker_int.h"

/* Buffers come from the worker's pool when bytes arrive or leave and go
 * back when they are empty between requests. */
void ward_conn_borrow(ward_conn *c, ward_buf *b)
{
	if (!b->data)
		ward_worker_buf_take(c->w, b);
}

/* Encrypt what is staged into wbuf (or move it, without TLS). */
ward_err ward_conn_flush_stage(ward_conn *c)
{
	if (!c->stage.len)
		return WARD_OK;
	ward_conn_borrow(c, &c->wbuf);
	if (c->tls)
		WARD_TRY(ward_tls_send(c->tls, c->stage.data, c->stage.len,
				       &c->wbuf));
	else
		WARD_TRY(ward_put_bytes(&c->wbuf, c->stage.data, c->stage.len));
	c->wbuf_http = c->wbuf.len;
	ward_buf_clear(&c->stage);
	return WARD_OK;
}

ward_err ward_conn_stage(ward_conn *c, const void *p, size_t len)
{
	ward_conn_borrow(c, &c->stage);
	WARD_TRY(ward_put_bytes(&c->stage, p, len));
	if (c->stage.len >= WARD_TLS_RECORD_PAYLOAD)
		return ward_conn_flush_stage(c);
	return WARD_OK;
}

/* Whether the connection ends after the response in c->resp; decided
 * when its head is staged (c->close_after). */
static int closes_after(const ward_conn *c)
{
	return !c->keep_alive || c->resp->close || ward_worker_draining(c->w);
}

/* v in base 10 or 16 at out, no terminator; returns its length (<= 20). */
static size_t put_uint(char *out, uint64_t v, unsigned base)
{
	char digits[20];
	size_t d = 0, n = 0;
	do {
		digits[d++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (d)
		out[n++] = digits[--d];
	return n;
}

/* Stage prefix (at most 40 bytes), v in base 10 or 16, CRLF: a header
 * field with a number, or a chunk size. Every response has some. */
static ward_err stage_num(ward_conn *c, const char *prefix, uint64_t v,
			  unsigned base)
{
	char line[64];
	size_t n = strlen(prefix);
	memcpy(line, prefix, n);
	n += put_uint(line + n, v, base);
	line[n++] = '\r';
	line[n++] = '\n';
	return ward_conn_stage(c, line, n);
}

/* The Date header's value (29 bytes), formatted once a second. */
static const char *http_date_now(void)
{
	static time_t at = -1;
	static char date[30];
	time_t now = time(NULL);
	if (now != at) {
		at = now;
		ward_http_date(now, date);
	}
	return date;
}

/* "HTTP/1.1 200 OK", Date and Server. */
static ward_err stage_status_line(ward_conn *c, int status)
{
	char line[160];
	const char *reason = ward_http_reason(status);
	size_t rlen = strnlen(reason, 64), n = 9;
	memcpy(line, "HTTP/1.1 ", 9);
	n += put_uint(line + n, (unsigned)status, 10);
	line[n++] = ' ';
	memcpy(line + n, reason, rlen);
	n += rlen;
	memcpy(line + n, "\r\nDate: ", 8);
	memcpy(line + n + 8, http_date_now(), 29);
	memcpy(line + n + 37, "\r\nServer: ward\r\n", 16);
	return ward_conn_stage(c, line, n + 53);
}

ward_err ward_conn_stage_head(ward_conn *c)
{
	ward_response *r = c->resp;
	const ward_server_config *cfg = c->w->cfg;
	/* RFC 9112 7: no chunked coding to an HTTP/1.0 recipient; the
	 * segments' total is known anyway */
	if (r->chunked && c->version_minor == 0)
		r->chunked = 0;
	WARD_TRY(stage_status_line(c, r->status));
	WARD_TRY(ward_conn_stage(c, r->head.data, r->head.len));
	int bodyless = r->status == 204 || r->status == 304 ||
		       (r->status >= 100 && r->status < 200);
	if (r->chunked && !bodyless)
		WARD_TRY(
		    ward_conn_stage(c, "Transfer-Encoding: chunked\r\n", 28));
	else if (!bodyless)
		WARD_TRY(stage_num(
		    c, "Content-Length: ", ward_response_body_len(r), 10));
	if (c->tls && cfg->hsts_max_age > 0)
		WARD_TRY(stage_num(c, "Strict-Transport-Security: max-age=",
				   (uint64_t)cfg->hsts_max_age, 10));
	/* a draining worker closes after this response: say so (RFC 9112
	 * 9.6), or a client would send its next request into the close */
	c->close_after = closes_after(c);
	if (c->close_after)
		WARD_TRY(ward_conn_stage(c, "Connection: close\r\n", 19));
	else if (c->version_minor == 0)
		WARD_TRY(ward_conn_stage(c, "Connection: keep-alive\r\n", 24));
	return ward_conn_stage(c, "\r\n", 2);
}

/* Produce body bytes until the response ends or enough is queued.
 * Returns 1 when the response is complete. */
ward_err ward_conn_produce_body(ward_conn *c, int *complete)
{
	ward_response *r = c->resp;
	*complete = 0;
	if (r->no_body || r->status == 204 || r->status == 304) {
		*complete = 1;
		return WARD_OK;
	}
	while (c->seg < r->n_seg) {
		if (c->wbuf.len >= WARD_CONN_WBUF_HIGH)
			return WARD_OK;
		const ward_segment *s = &r->seg[c->seg];
		uint64_t left = s->len - c->seg_off;
		size_t room = WARD_TLS_RECORD_PAYLOAD - c->stage.len;
		size_t n = left < room ? (size_t)left : room;
		if (r->chunked && c->seg_off == 0) {
			WARD_TRY(stage_num(c, "", s->len, 16));
			room = WARD_TLS_RECORD_PAYLOAD - c->stage.len;
			n = left < room ? (size_t)left : room;
		}
		if (s->fd < 0) {
			WARD_TRY(ward_conn_stage(
			    c, r->mem.data + s->off + c->seg_off, n));
		} else {
			uint8_t *at;
			WARD_TRY(ward_buf_reserve(&c->stage, n));
			at = c->stage.data + c->stage.len;
			ssize_t got =
			    pread(s->fd, at, n, (off_t)(s->off + c->seg_off));
			if (got <= 0) {
				/* the file shrank under us: the length is
				 * already promised, so the connection ends */
				ward_log(WARD_LOG_ERROR,
					 "%s: read failed while "
					 "sending a file",
					 c->peer);
				return WARD_ERR_IO;
			}
			c->stage.len += (size_t)got;
			n = (size_t)got;
			if (c->stage.len >= WARD_TLS_RECORD_PAYLOAD)
				WARD_TRY(ward_conn_flush_stage(c));
		}
		c->seg_off += n;
		if (c->seg_off == s->len) {
			if (r->chunked)
				WARD_TRY(ward_conn_stage(c, "\r\n", 2));
			c->seg++;
			c->seg_off = 0;
		}
	}
	if (r->chunked) {
		WARD_TRY(ward_conn_stage(c, "0\r\n", 3));
		if (c->te_trailers && r->trailers.len)
			WARD_TRY(ward_conn_stage(c, r->trailers.data,
						 r->trailers.len));
		WARD_TRY(ward_conn_stage(c, "\r\n", 2));
	}
	*complete = 1;
	return WARD_OK;
}

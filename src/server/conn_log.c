/* The access log of the connections: what is kept of a request head, and
 * the line written for each response. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/conn.h"
#include "server/log.h"

/* Bytes of the request line kept for the log (the rest is cut), and of
 * Referer and User-Agent: a line stays bounded whatever the limits. */
#define LOG_LINE_MAX 2048
#define LOG_FIELD_MAX 512
#define LOG_SUBJECT_MAX 256

/* nginx's escape=default: '"', '\' and every byte below 0x20 or above
 * 0x7e as "\xHH", so a field cannot end its quotes, split the line, or
 * carry terminal escapes; the bytes stay recoverable. */
static ward_err put_escaped(ward_buf *b, const uint8_t *p, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		uint8_t v = p[i];
		if (v == '"' || v == '\\' || v < 0x20 || v > 0x7e) {
			char e[4] = {'\\', 'x', hex[v >> 4], hex[v & 15]};
			WARD_TRY(ward_put_bytes(b, e, 4));
		} else {
			WARD_TRY(ward_put_u8(b, v));
		}
	}
	return WARD_OK;
}

static ward_err put_field(ward_buf *b, const ward_http_request *req,
			  const char *name)
{
	ward_slice v;
	if (ward_http_header_get(req, name, &v))
		WARD_TRY(put_escaped(
		    b, v.p, v.len < LOG_FIELD_MAX ? v.len : LOG_FIELD_MAX));
	return ward_put_u8(b, 0);
}

/* The first line of what was received, bounded; the empty lines a
 * request may start with (RFC 9112 2.2) skipped, but never to nothing. */
static ward_err put_first_line(ward_buf *b, const uint8_t *p, size_t len)
{
	size_t start = 0, end;
	while (start < len && (p[start] == '\r' || p[start] == '\n'))
		start++;
	if (start == len)
		start = 0;
	for (end = start; end < len && p[end] != '\r' && p[end] != '\n'; end++)
		;
	if (end == start)
		end = len;
	if (end - start > LOG_LINE_MAX)
		end = start + LOG_LINE_MAX;
	WARD_TRY(put_escaped(b, p + start, end - start));
	return ward_put_u8(b, 0);
}

void ward_conn_keep_head(ward_conn *c, const ward_http_request *req,
			 const uint8_t *head)
{
	/* nothing to keep (and no allocation per request) without a log */
	if (!ward_access_log_enabled())
		return;
	ward_buf_clear(&c->head_copy);
	if (put_first_line(&c->head_copy, head, req->head_len) ||
	    put_field(&c->head_copy, req, "Referer") ||
	    put_field(&c->head_copy, req, "User-Agent"))
		ward_buf_clear(&c->head_copy);
}

void ward_conn_keep_line(ward_conn *c, const uint8_t *p, size_t len)
{
	if (!ward_access_log_enabled() || !len)
		return;
	ward_buf_clear(&c->head_copy);
	if (put_first_line(&c->head_copy, p, len) ||
	    ward_put_u8(&c->head_copy, 0) || ward_put_u8(&c->head_copy, 0))
		ward_buf_clear(&c->head_copy);
}

/* "01/May/2024:12:00:00 +0200", formatted once a second. */
static const char *log_time_now(void)
{
	static time_t at = -1;
	static char date[32];
	time_t now = time(NULL);
	if (now != at) {
		struct tm tm;
		at = now;
		localtime_r(&now, &tm);
		strftime(date, sizeof date, "%d/%b/%Y:%H:%M:%S %z", &tm);
	}
	return date;
}

/* The line of a request answered with status, body bytes sent; tail
 * (or "") ends it. */
static void log_line(const ward_conn *c, int status, uint64_t body,
		     const char *tail)
{
	/* the escaped fields at their longest, and the rest */
	char line[4 * (LOG_LINE_MAX + 2 * LOG_FIELD_MAX) + 512];
	const char *date = log_time_now();
	const char *reqline = "", *referer = "", *agent = "";
	if (c->head_copy.len) {
		reqline = (const char *)c->head_copy.data;
		referer = reqline + strlen(reqline) + 1;
		agent = referer + strlen(referer) + 1;
	}
	const ward_tls_info *ti = c->tls ? ward_tls_get_info(c->tls) : NULL;
	const char *ver = ti ? ward_tls_version_name(ti->version) : NULL;
	const char *suite = ti ? ward_tls_suite_name(ti->suite) : NULL;
	/* the verified client certificate's subject, quoted and escaped */
	char subject[4 * LOG_SUBJECT_MAX + 8] = "-";
	if (ti && ti->peer_subject && *ti->peer_subject) {
		ward_buf sb;
		ward_buf_init_fixed(&sb, (uint8_t *)subject, sizeof subject - 1);
		size_t n = strlen(ti->peer_subject);
		if (ward_put_u8(&sb, '"') ||
		    put_escaped(&sb, (const uint8_t *)ti->peer_subject,
				n < LOG_SUBJECT_MAX
				    ? n
				    : LOG_SUBJECT_MAX) ||
		    ward_put_u8(&sb, '"'))
			memcpy(subject, "-", 2);
		else
			subject[sb.len] = 0;
	}
	/* "-" for what is absent, as nginx writes it */
	int n = snprintf(line, sizeof line,
			 "%s - - [%s] \"%s\" %d %llu \"%s\" \"%s\" %s %s %s%s\n",
			 c->peer, date, *reqline ? reqline : "-", status,
			 (unsigned long long)body, *referer ? referer : "-",
			 *agent ? agent : "-", ver ? ver : "-",
			 suite ? suite : "-", subject, tail);
	if (n > 0)
		ward_access_log_write(line, (size_t)n < sizeof line
						? (size_t)n
						: sizeof line - 1);
}

void ward_conn_log_access(const ward_conn *c, int status)
{
	if (!ward_access_log_enabled())
		return;
	/* the body bytes sent, as %b counts them: none for HEAD, 204, 304 */
	uint64_t body = c->resp->no_body || status == 204 || status == 304
			    ? 0
			    : ward_response_body_len(c->resp);
	log_line(c, status, body, "");
}

void ward_conn_log_tunnel(const ward_conn *c, int status, uint64_t down,
			  uint64_t up, uint64_t ms)
{
	if (!ward_access_log_enabled())
		return;
	/* %b is what the client received; the rest after the usual fields */
	char tail[96];
	snprintf(tail, sizeof tail, " tunnel up=%llu down=%llu ms=%llu",
		 (unsigned long long)up, (unsigned long long)down,
		 (unsigned long long)ms);
	log_line(c, status, down, tail);
}

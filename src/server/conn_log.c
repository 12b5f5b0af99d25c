/* The access log of the connections: what is kept of a request head, and
 * the line written for each response. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/conn.h"
#include "server/log.h"

void ward_conn_keep_head(ward_conn *c, const ward_http_request *req,
			 const uint8_t *head)
{
	/* nothing to keep (and no allocation per request) without a log */
	if (!ward_access_log_enabled())
		return;
	ward_slice v;
	const uint8_t *eol = memchr(head, '\r', req->head_len);
	size_t line = eol ? (size_t)(eol - head) : 0;
	ward_buf_clear(&c->head_copy);
	if (ward_put_bytes(&c->head_copy, head, line) ||
	    ward_put_u8(&c->head_copy, 0))
		return;
	if (ward_http_header_get(req, "Referer", &v) &&
	    ward_put_bytes(&c->head_copy, v.p, v.len < 512 ? v.len : 512))
		return;
	if (ward_put_u8(&c->head_copy, 0))
		return;
	if (ward_http_header_get(req, "User-Agent", &v) &&
	    ward_put_bytes(&c->head_copy, v.p, v.len < 512 ? v.len : 512))
		return;
	if (ward_put_u8(&c->head_copy, 0))
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

void ward_conn_log_access(const ward_conn *c, int status)
{
	if (!ward_access_log_enabled())
		return;
	char line[2048];
	const char *date = log_time_now();
	const char *reqline = "", *referer = "-", *agent = "-";
	if (c->head_copy.len) {
		reqline = (const char *)c->head_copy.data;
		referer = reqline + strlen(reqline) + 1;
		agent = referer + strlen(referer) + 1;
	}
	const ward_tls_info *ti = c->tls ? ward_tls_get_info(c->tls) : NULL;
	const char *ver = ti ? ward_tls_version_name(ti->version) : NULL;
	const char *suite = ti ? ward_tls_suite_name(ti->suite) : NULL;
	/* the body bytes sent, as %b counts them: none for HEAD, 204, 304 */
	uint64_t body = c->resp->no_body || status == 204 || status == 304
			    ? 0
			    : ward_response_body_len(c->resp);
	int n = snprintf(line, sizeof line,
			 "%s - - [%s] \"%s\" %d %llu \"%s\" \"%s\" %s %s\n",
			 c->peer, date, reqline, status,
			 (unsigned long long)body,
			 *referer ? referer : "-", *agent ? agent : "-",
			 ver ? ver : "-", suite ? suite : "-");
	if (n > 0)
		ward_access_log_write(line, (size_t)n < sizeof line
						   ? (size_t)n
						   : sizeof line - 1);
}

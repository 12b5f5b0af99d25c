/* Plain HTTP sent to the TLS port: told so in plain HTTP, as nginx does,
 * instead of a TLS alert the client would show as a garbled reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "server/conn.h"
#include "server/listen.h"
#include "server/log.h"

static int looks_like_http(const uint8_t *p, size_t len)
{
	/* A TLS record begins with its content type (22 for a ClientHello,
	 * 0x80 for an SSLv2-style hello); a request with its method, a
	 * token of capitals, then a space. The token may still be cut. */
	size_t i = 0;
	while (i < len && i < 24 && p[i] >= 'A' && p[i] <= 'Z')
		i++;
	return i > 0 && (i == len || p[i] == ' ');
}

int ward_conn_plain_http_start(ward_conn *c)
{
	if (c->tls_input || c->state != WARD_CONN_HANDSHAKE)
		return 0;
	if (!looks_like_http(c->rbuf.data, c->rbuf.len)) {
		c->tls_input = 1;
		return 0;
	}
	/* what was read is the start of a request head */
	ward_buf read = c->rbuf;
	ward_tls_conn_free(c->tls);
	c->tls = NULL;
	c->plain_on_tls = 1;
	c->rbuf = c->plain;
	c->plain = read;
	c->state = WARD_CONN_HEAD;
	return 1;
}

/* A Host value fit to be put in a URL: a name or an address, a port. */
static int usable_host(ward_slice h)
{
	if (!h.len || h.len > 255 || h.p[0] == ':' || h.p[0] == '.' ||
	    h.p[0] == '-')
		return 0;
	for (size_t i = 0; i < h.len; i++) {
		uint8_t v = h.p[i];
		if (!((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') ||
		      (v >= '0' && v <= '9') || v == '.' || v == '-' ||
		      v == ':' || v == '[' || v == ']'))
			return 0;
	}
	return 1;
}

/* Whether a Host value names its port: a ':' after any "[v6]". */
static int has_port(ward_slice h)
{
	size_t i = h.len;
	while (i > 0 && h.p[i - 1] != ':' && h.p[i - 1] != ']')
		i--;
	return i > 0 && h.p[i - 1] == ':';
}

/* req NULL: a head that could not be parsed. */
ward_err ward_conn_answer_plain_http(const ward_conn *c,
				     const ward_http_request *req,
				     ward_response *resp)
{
	char local[80], where[300], msg[460];
	ward_listen_addr a;
	memset(&a, 0, sizeof a);
	a.salen = sizeof a.sa;
	if (getsockname(c->io.fd, (struct sockaddr *)&a.sa, &a.salen) != 0)
		return WARD_ERR_IO;
	ward_listen_addr_str(&a, local, sizeof local);
	const char *colon = strrchr(local, ':');
	int port = colon ? atoi(colon + 1) : 443;
	if (!req || !usable_host(req->host))
		snprintf(where, sizeof where, "%s", local);
	else if (has_port(req->host) || port == 443)
		snprintf(where, sizeof where, "%.*s", (int)req->host.len,
			 (const char *)req->host.p);
	else
		snprintf(where, sizeof where, "%.*s:%d", (int)req->host.len,
			 (const char *)req->host.p, port);
	ward_log(WARD_LOG_DEBUG, "%s: plain HTTP request on the HTTPS port",
		 c->peer);
	/* RFC 2817 3.2: nor is the connection upgraded in place */
	snprintf(msg, sizeof msg,
		 "The plain HTTP request was sent to HTTPS port.\n%s"
		 "Use https://%s/",
		 req && ward_http_upgrade_to(req, "tls")
		     ? "In-place TLS upgrade (RFC 2817) is not offered.\n"
		     : "",
		 where);
	ward_buf_clear(&resp->head); /* another status may have begun */
	WARD_TRY(ward_response_simple(resp, 400, msg));
	resp->no_body = req && req->method == WARD_HTTP_HEAD;
	resp->close = 1;
	return WARD_OK;
}

ward_err ward_conn_simple_response(const ward_conn *c, int status)
{
	/* plain HTTP on the TLS port: the first thing wrong with it */
	if (c->plain_on_tls)
		return ward_conn_answer_plain_http(c, NULL, c->resp);
	return ward_response_simple(c->resp, status, NULL);
}

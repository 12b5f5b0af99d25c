/* ward get -v, --trace-json and --ladder (docs/get.md). */
#include <string.h>

#include "cli/get_trace.h"
#include "tls/trace.h"

static double ms_since(const ward_get_trace *t)
{
	return (double)(ward_client_now_us() - t->t0) / 1000.0;
}

/* ---- JSON ---- */

/* A JSON string (RFC 8259 7): quotes, backslashes and every byte outside
 * printable ASCII escaped, so the line is valid whatever it holds. */
static void json_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
	json_str(f, s, strlen(s));
}

static void json_value(FILE *f, const ward_tls_trace_field *fl)
{
	if (fl->number) {
		fputs(fl->value, f);
		return;
	}
	if (!fl->list) {
		json_cstr(f, fl->value);
		return;
	}
	fputc('[', f);
	const char *p = fl->value;
	for (int first = 1; *p; first = 0) {
		size_t n = strcspn(p, ",");
		if (!first)
			fputc(',', f);
		json_str(f, p, n);
		p += n;
		if (*p == ',')
			p++;
	}
	fputc(']', f);
}

/* The fields of item `item` as JSON members, after `sep`. */
static int json_fields(FILE *f, const ward_tls_trace_decoded *d, int item,
		       int sep)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		if (d->f[i].item != item)
			continue;
		if (sep++)
			fputc(',', f);
		json_cstr(f, d->f[i].key);
		fputc(':', f);
		json_value(f, &d->f[i]);
	}
	return sep;
}

static void json_head(const ward_get_trace *t, const char *kind)
{
	fprintf(t->json, "{\"t_ms\":%.3f,\"conn\":%u,\"kind\":", ms_since(t),
		t->conn);
	json_cstr(t->json, kind);
}

static void json_event(const ward_get_trace *t, const ward_tls_trace_event *ev,
		       const ward_tls_trace_decoded *d, const char *chain)
{
	static const char *const kinds[] = {"", "handshake", "ccs", "alert",
					    "app_data"};
	FILE *f = t->json;
	const char *v = ev->version == 0x0304	? "TLS1.3"
			: ev->version == 0x0303 ? "TLS1.2"
						: "";
	json_head(t, kinds[ev->kind]);
	fprintf(f, ",\"rt\":%u,\"dir\":\"%s\",\"msg\":", t->rt,
		ev->sent ? "sent" : "received");
	json_cstr(f, d->name);
	fprintf(f, ",\"epoch\":\"%s\",\"negotiated\":",
		ward_tls_trace_epoch_name(ev->epoch));
	json_cstr(f, v);
	fprintf(f, ",\"length\":%zu", ev->length);
	if (d->malformed)
		fputs(",\"malformed\":true", f);
	fputs(",\"fields\":{", f);
	int sep = json_fields(f, d, -1, 0);
	if (chain) {
		fprintf(f, "%s\"chain\":", sep++ ? "," : "");
		json_cstr(f, chain);
	}
	if (d->n_items) {
		fprintf(f, "%s\"certificates\":[", sep ? "," : "");
		for (size_t k = 0; k < d->n_items; k++) {
			fputs(k ? ",{" : "{", f);
			json_fields(f, d, (int)k, 0);
			fputc('}', f);
		}
		fputc(']', f);
	}
	fputs("}}\n", f);
	fflush(f);
}

/* ---- text ---- */

static void text_fields(FILE *f, const ward_tls_trace_decoded *d, int item)
{
	for (size_t i = 0; i < d->n_fields; i++) {
		const ward_tls_trace_field *fl = &d->f[i];
		if (fl->item != item)
			continue;
		/* values with spaces (names, dates) are quoted */
		if (!*fl->value || strchr(fl->value, ' '))
			fprintf(f, " %s=\"%s\"", fl->key, fl->value);
		else
			fprintf(f, " %s=%s", fl->key, fl->value);
	}
}

/* "{Finished}" for handshake keys, "[...]" application keys, "(...)"
 * early keys: RFC 8446 2's notation. */
static void label(const ward_tls_trace_event *ev,
		  const ward_tls_trace_decoded *d, char *out, size_t len)
{
	static const char *const open = " ({[", *const close = " )}]";
	const char *name = d->name;
	char alert[48];
	if (ev->kind == WARD_TLS_TRACE_APP_DATA)
		name = "Application Data";
	if (ev->kind == WARD_TLS_TRACE_ALERT) {
		const char *desc = ward_tls_trace_get(d, "desc", -1);
		snprintf(alert, sizeof alert, "Alert %s", desc ? desc : "?");
		name = alert;
	}
	if (ev->epoch == WARD_TLS_EPOCH_PLAINTEXT || ev->epoch > 3)
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "%c%s%c", open[ev->epoch], name,
			 close[ev->epoch]);
}

static void verbose_event(const ward_get_trace *t,
			  const ward_tls_trace_event *ev,
			  const ward_tls_trace_decoded *d, const char *what,
			  const char *chain)
{
	/* two spaces end the label, which may hold one */
	fprintf(stderr, "* TLS +%.3fms %c %s%s", ms_since(t),
		ev->sent ? '>' : '<', what, d->n_fields || chain ? " " : "");
	text_fields(stderr, d, -1);
	if (chain)
		fprintf(stderr, " chain=%s", chain);
	if (d->malformed)
		fputs(" (malformed)", stderr);
	fputc('\n', stderr);
	for (size_t k = 0; k < d->n_items; k++) {
		fprintf(stderr, "*     cert[%zu]", k);
		text_fields(stderr, d, (int)k);
		fputc('\n', stderr);
	}
}

/* ---- the ladder ---- */

#define LADDER_LEFT 34

static void ladder_row(unsigned rt, double ms, int sent, const char *what)
{
	if (sent)
		fprintf(stderr, "%3u %10.3fms  %*s ->\n", rt, ms, LADDER_LEFT,
			what);
	else
		fprintf(stderr, "%3u %10.3fms  %*s <- %s\n", rt, ms,
			LADDER_LEFT, "", what);
}

/* Records of application data in a row, one direction, one round trip:
 * one row ("x N"), at the time of the first. */
static void ladder_flush(ward_get_trace *t)
{
	char what[96];
	if (!t->pend_count)
		return;
	if (t->pend_count == 1)
		snprintf(what, sizeof what, "%s", t->pend_label);
	else
		snprintf(what, sizeof what, "%s x%u", t->pend_label,
			 t->pend_count);
	ladder_row(t->pend_rt, t->pend_ms, t->pend_sent, what);
	t->pend_count = 0;
}

static void ladder_event(ward_get_trace *t, const ward_tls_trace_event *ev,
			 const char *what)
{
	int app = ev->kind == WARD_TLS_TRACE_APP_DATA;
	if (app && t->pend_count && t->pend_sent == ev->sent &&
	    t->pend_rt == t->rt && !strcmp(t->pend_label, what)) {
		t->pend_count++;
		return;
	}
	ladder_flush(t);
	/* the first data we send ends the handshake's round trips */
	if (app && ev->sent && !t->app_seen) {
		t->app_seen = 1;
		fprintf(stderr,
			"%3s %12s  --- application data in round trip %u: "
			"a %u-RTT handshake ---\n",
			"", "", t->rt, t->rt - 1);
	}
	if (!app) {
		ladder_row(t->rt, ms_since(t), ev->sent, what);
		return;
	}
	t->pend_count = 1;
	t->pend_sent = ev->sent;
	t->pend_rt = t->rt;
	t->pend_ms = ms_since(t);
	snprintf(t->pend_label, sizeof t->pend_label, "%s", what);
}

/* ---- the hooks ---- */

static void on_tls(void *ctx, const ward_tls_trace_event *ev)
{
	ward_get_trace *t = ctx;
	ward_tls_trace_decoded d;
	char what[64];
	const char *chain = NULL;
	ward_tls_trace_decode(ev, &d);
	/* a flight ends when we send again: the next round trip */
	if (ev->sent && t->last_dir != 1)
		t->rt++;
	t->last_dir = ev->sent;
	/* the chain was checked when the Certificate was handled: the
	 * next message from the server says it passed */
	if (!ev->sent && ev->kind == WARD_TLS_TRACE_HANDSHAKE) {
		if (t->cert_seen)
			chain = t->insecure ? "unchecked" : "verified";
		t->cert_seen = ev->hs_type == 11 /* Certificate */ &&
			       ev->role == WARD_TLS_CLIENT;
	}
	label(ev, &d, what, sizeof what);
	if (t->verbose && ev->kind != WARD_TLS_TRACE_APP_DATA)
		verbose_event(t, ev, &d, what, chain);
	if (t->json)
		json_event(t, ev, &d, chain);
	if (t->ladder)
		ladder_event(t, ev, what);
}

static void on_line(void *ctx, const char *line)
{
	ward_get_trace *t = ctx;
	int connected = !strncmp(line, "Connected to ", 13);
	int reused = !strncmp(line, "Re-using the connection", 23);
	if (connected) {
		t->conn++;
		t->rt = 0;
		t->last_dir = -1;
		t->cert_seen = t->app_seen = 0;
	}
	if (t->verbose)
		fprintf(stderr, "* %s\n", line);
	if (t->json && (connected || reused)) {
		json_head(t, connected ? "connect" : "reuse");
		fputs(",\"info\":", t->json);
		json_cstr(t->json, line);
		fputs("}\n", t->json);
		fflush(t->json);
	}
	if (t->ladder && (connected || reused))
		ladder_flush(t);
	if (t->ladder && connected)
		fprintf(stderr, "connection %u: %s\n%3s %12s  %*s    %s\n",
			t->conn, line, "RT", "time", LADDER_LEFT, "client",
			"server");
	if (t->ladder && reused)
		fprintf(stderr, "connection %u: %s\n", t->conn, line);
}

/* Each line of a head, with its direction's mark. */
static void show_head(const uint8_t *p, size_t n, char mark)
{
	while (n > 0) {
		size_t len = 0;
		while (len < n && p[len] != '\n')
			len++;
		size_t shown = len;
		if (shown && p[shown - 1] == '\r')
			shown--;
		if (shown == 0)
			break; /* the empty line that ends the head */
		fprintf(stderr, "%c ", mark);
		for (size_t i = 0; i < shown; i++)
			fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?', stderr);
		fputc('\n', stderr);
		p += len < n ? len + 1 : len;
		n -= len < n ? len + 1 : len;
	}
}

static void on_request_head(void *ctx, const uint8_t *p, size_t n)
{
	ward_get_trace *t = ctx;
	if (t->verbose)
		show_head(p, n, '>');
	if (t->json) {
		size_t line = 0;
		while (line < n && p[line] != '\r' && p[line] != '\n')
			line++;
		json_head(t, "http_request");
		fputs(",\"line\":", t->json);
		json_str(t->json, (const char *)p, line);
		fputs("}\n", t->json);
		fflush(t->json);
	}
}

static int on_head(void *ctx, const ward_http_response *resp, ward_slice raw)
{
	ward_get_trace_link *l = ctx;
	ward_get_trace *t = l->t;
	if (t->verbose)
		show_head(raw.p, raw.len, '<');
	if (t->json) {
		json_head(t, "http_response");
		fprintf(t->json, ",\"status\":%d}\n", resp->status);
		fflush(t->json);
	}
	return l->inner.head ? l->inner.head(l->inner.ctx, resp, raw) : 0;
}

static int on_body(void *ctx, const uint8_t *p, size_t n)
{
	ward_get_trace_link *l = ctx;
	return l->inner.body ? l->inner.body(l->inner.ctx, p, n) : 0;
}

static int on_trailers(void *ctx, ward_slice raw)
{
	ward_get_trace_link *l = ctx;
	if (l->t->verbose)
		show_head(raw.p, raw.len, '<');
	return l->inner.trailers ? l->inner.trailers(l->inner.ctx, raw) : 0;
}

void ward_get_trace_finish(ward_get_trace *t)
{
	if (t->ladder)
		ladder_flush(t);
}

int ward_get_trace_on(const ward_get_trace *t)
{
	return t->verbose || t->ladder || t->json;
}

void ward_get_trace_install(ward_get_trace *t, ward_client_opts *o)
{
	if (!ward_get_trace_on(t))
		return;
	t->t0 = ward_client_now_us();
	t->last_dir = -1;
	t->insecure = o->insecure;
	o->trace = on_line;
	o->tls_trace = on_tls;
	o->request_head = on_request_head;
	o->trace_ctx = t;
}

ward_client_sink ward_get_trace_sink(ward_get_trace *t,
				     ward_get_trace_link *link,
				     const ward_client_sink *inner)
{
	ward_client_sink s = {on_head, on_body, on_trailers, link};
	if (!t->verbose && !t->json)
		return *inner;
	link->t = t;
	link->inner = *inner;
	return s;
}

/* ward get: where one URL's response goes (get_output.h). */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "cli/get_output.h"

int ward_get_quiet;

void ward_get_complain(const char *fmt, ...)
{
	va_list ap;
	if (ward_get_quiet)
		return;
	va_start(ap, fmt);
	fputs("ward get: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static int is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

FILE *ward_get_output(ward_get_transfer *t)
{
	if (!t->out && !t->write_failed) {
		t->out = t->path ? fopen(t->path, "wb") : stdout;
		if (!t->out) {
			ward_get_complain("cannot write '%s': %s", t->path,
					  strerror(errno));
			t->write_failed = 1;
		}
	}
	return t->out;
}

static int put_out(ward_get_transfer *t, const void *p, size_t n)
{
	FILE *f = ward_get_output(t);
	if (!f || (n && fwrite(p, 1, n, f) != n)) {
		if (f)
			ward_get_complain("cannot write '%s': %s",
					  t->path ? t->path : "stdout",
					  strerror(errno));
		t->write_failed = 1;
		return -1;
	}
	return 0;
}

/* "12.3 MiB" */
static void human(char *out, size_t len, double bytes)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	size_t u = 0;
	while (bytes >= 1024 && u < sizeof units / sizeof units[0] - 1) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, len, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

/* One line, redrawn in place: percent, bytes, rate, time left. */
static void draw(ward_get_transfer *t, long long now)
{
	char got[32], total[32], rate[32], eta[32] = "";
	double secs = (double)(now - t->started_us) / 1e6;
	double bps = secs > 0 ? (double)t->got / secs : 0;
	human(got, sizeof got, (double)t->got);
	human(rate, sizeof rate, bps);
	if (t->total) {
		human(total, sizeof total, (double)t->total);
		if (bps > 0 && t->got < t->total) {
			long left = (long)((double)(t->total - t->got) / bps);
			snprintf(eta, sizeof eta, "  ETA %ld:%02ld", left / 60,
				 left % 60);
		}
		fprintf(stderr, "\r%5.1f%%  %s of %s  %s/s%s\033[K",
			100.0 * (double)t->got / (double)t->total, got, total,
			rate, eta);
	} else {
		fprintf(stderr, "\r%s  %s/s\033[K", got, rate);
	}
	fflush(stderr);
	t->drawn_us = now;
}

/* At most 4 redraws a second. */
static void progress(ward_get_transfer *t, size_t n)
{
	long long now = ward_client_now_us();
	t->got += n;
	if (!t->started_us)
		t->started_us = now;
	if (now - t->drawn_us >= 250000)
		draw(t, now);
}

void ward_get_progress_end(ward_get_transfer *t)
{
	if (!t->progress || !t->drawn_us)
		return;
	draw(t, ward_client_now_us());
	fputc('\n', stderr);
	t->drawn_us = 0;
}

static int on_head(void *ctx, const ward_http_response *r, ward_slice raw)
{
	ward_get_transfer *t = ctx;
	if (!r->interim) {
		t->total =
		    r->body == WARD_HTTP_BODY_LENGTH ? r->content_length : 0;
		t->got = 0;
		t->started_us = ward_client_now_us();
		ward_slice loc = {NULL, 0};
		t->status = r->status;
		t->failing = t->fail && r->status >= 400;
		t->redirecting = t->follow && is_redirect(r->status) &&
				 ward_http_response_header(r, "location", &loc);
		/* too long to keep: an empty Location, refused by the loop */
		if (t->redirecting && loc.len >= sizeof t->location)
			loc.len = 0;
		if (t->redirecting)
			snprintf(t->location, sizeof t->location, "%.*s",
				 (int)loc.len, (const char *)loc.p);
	}
	if (!r->interim && t->compressed) {
		ward_slice enc;
		ward_inflate_free(t->inflate);
		t->inflate = NULL;
		t->coded = 0;
		if (ward_http_response_header(r, "content-encoding", &enc)) {
			ward_coding k = ward_coding_parse(enc);
			if (k == WARD_CODING_GZIP || k == WARD_CODING_DEFLATE) {
				t->inflate = ward_inflate_new(k);
				if (!t->inflate)
					return -1;
			}
		}
	}
	if (t->include && !t->failing)
		return put_out(t, raw.p, raw.len);
	return 0;
}

static int put_decoded(void *ctx, const uint8_t *p, size_t n)
{
	return put_out(ctx, p, n);
}

static int on_body(void *ctx, const uint8_t *p, size_t n)
{
	ward_get_transfer *t = ctx;
	if (t->redirecting || t->failing)
		return 0;
	if (t->progress)
		progress(t, n);
	if (!t->inflate)
		return put_out(t, p, n);
	int stopped;
	t->coded = 1;
	if (ward_inflate_feed(t->inflate, p, n, put_decoded, t, &stopped) !=
	    WARD_OK) {
		t->decode_failed = 1;
		return -1;
	}
	return stopped ? -1 : 0;
}

static int on_trailers(void *ctx, ward_slice raw)
{
	ward_get_transfer *t = ctx;
	if (!t->include || t->redirecting || t->failing)
		return 0;
	return put_out(t, raw.p, raw.len) || put_out(t, "\r\n", 2);
}

/* -O: the last segment of the URL's path. */
const char *ward_get_remote_name(const ward_url *u, char *buf, size_t len)
{
	size_t n = strcspn(u->target, "?");
	size_t s = n;
	while (s > 0 && u->target[s - 1] != '/')
		s--;
	if (s == n || n - s >= len)
		return NULL;
	snprintf(buf, len, "%.*s", (int)(n - s), u->target + s);
	return buf;
}

ward_client_sink ward_get_sink(ward_get_transfer *t)
{
	ward_client_sink s = {on_head, on_body, on_trailers, t};
	return s;
}

int ward_get_slurp(const char *file, ward_buf *out, int drop_newlines,
		   size_t max, char *why, size_t whylen)
{
	int from_stdin = !strcmp(file, "-");
	FILE *f = from_stdin ? stdin : fopen(file, "rb");
	if (!f) {
		snprintf(why, whylen, "cannot read '%s': %s", file,
			 strerror(errno));
		return -2;
	}
	size_t start = out->len;
	int c, rc = 0;
	while (rc == 0 && (c = getc(f)) != EOF) {
		if (drop_newlines && (c == '\r' || c == '\n'))
			continue;
		if (max && out->len - start >= max) {
			snprintf(why, whylen, "'%s' is over %zu bytes", file,
				 max);
			rc = -1;
		} else if (ward_put_u8(out, (uint8_t)c) != WARD_OK) {
			snprintf(why, whylen, "out of memory");
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(why, whylen, "cannot read '%s': %s", file,
			 strerror(errno));
		rc = -2;
	}
	if (!from_stdin)
		fclose(f);
	return rc;
}

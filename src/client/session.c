/* TLS sessions per origin and the --session file (docs/get.md):
 *
 *   ward-sessions 1
 *   localhost:8443 <base64 of the engine's session blob>
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/session.h"

static const char magic[] = "ward-sessions 1";

void ward_csess_init(ward_csessions *s)
{
	memset(s, 0, sizeof *s);
}

static void entry_free(ward_session_entry *e)
{
	ward_buf_free(&e->blob);
	memset(e->origin, 0, sizeof e->origin);
}

void ward_csess_free(ward_csessions *s)
{
	for (size_t i = 0; i < s->n; i++)
		entry_free(&s->e[i]);
	s->n = 0;
}

void ward_csess_origin(const ward_url *u, char *out, size_t len)
{
	snprintf(out, len, u->ipv6 ? "[%s]:%u" : "%s:%u", u->host, u->port);
}

const ward_buf *ward_csess_find(const ward_csessions *s, const char *origin)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].origin, origin))
			return &s->e[i].blob;
	return NULL;
}

void ward_csess_drop(ward_csessions *s, const char *origin)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].origin, origin)) {
			entry_free(&s->e[i]);
			memmove(&s->e[i], &s->e[i + 1],
				(s->n - i - 1) * sizeof s->e[0]);
			s->n--;
			s->dirty = 1;
			return;
		}
}

ward_err ward_csess_put(ward_csessions *s, const char *origin,
			const uint8_t *blob, size_t len)
{
	const ward_buf *old = ward_csess_find(s, origin);
	if (strlen(origin) >= sizeof s->e[0].origin || len == 0 ||
	    len > WARD_SESSION_BLOB_MAX)
		return WARD_ERR_ARG;
	if (old && old->len == len && !memcmp(old->data, blob, len))
		return WARD_OK;
	ward_csess_drop(s, origin);
	if (s->n == WARD_SESSIONS_MAX) {
		/* the oldest goes: entries are kept oldest first */
		entry_free(&s->e[0]);
		memmove(&s->e[0], &s->e[1], (s->n - 1) * sizeof s->e[0]);
		s->n--;
	}
	ward_session_entry *e = &s->e[s->n];
	memset(e, 0, sizeof *e);
	ward_buf_init_secret(&e->blob);
	snprintf(e->origin, sizeof e->origin, "%s", origin);
	WARD_TRY(ward_put_bytes(&e->blob, blob, len));
	s->n++;
	s->dirty = 1;
	return WARD_OK;
}

static void warn_line(void (*warn)(void *, const char *), void *ctx,
		      const char *path, unsigned long line, const char *fmt,
		      ...) __attribute__((format(printf, 5, 6)));
static void warn_line(void (*warn)(void *, const char *), void *ctx,
		      const char *path, unsigned long line, const char *fmt,
		      ...)
{
	char msg[512];
	int k = line ? snprintf(msg, sizeof msg,
				"session file %s line %lu: ", path, line)
		     : snprintf(msg, sizeof msg, "session file %s: ", path);
	va_list ap;
	va_start(ap, fmt);
	if (k > 0 && (size_t)k < sizeof msg)
		vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
	va_end(ap);
	if (warn)
		warn(ctx, msg);
}

/* One "origin base64" line (without its line break); 0 or a reason. */
static const char *parse_entry(ward_csessions *s, char *line, uint8_t *blob)
{
	char *sp = strchr(line, ' ');
	if (!sp || sp == line)
		return "want 'HOST:PORT BASE64'";
	*sp = 0;
	if (!strchr(line, ':') || strlen(line) >= sizeof s->e[0].origin)
		return "not a HOST:PORT origin";
	size_t n = strlen(sp + 1);
	long len = ward_base64_decode((const uint8_t *)sp + 1, n, blob,
				      WARD_SESSION_BLOB_MAX);
	if (len <= 0)
		return "the session is not valid base64 (or too long)";
	ward_err e = ward_csess_put(s, line, blob, (size_t)len);
	ward_wipe(blob, (size_t)len);
	return e == WARD_OK ? NULL : "cannot keep the session";
}

void ward_csess_load(ward_csessions *s, const char *path,
		     void (*warn)(void *ctx, const char *line), void *ctx)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned long no = 0;
	uint8_t *blob;
	if (!f) {
		if (errno != ENOENT)
			warn_line(warn, ctx, path, 0, "cannot read: %s",
				  strerror(errno));
		return;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
		warn_line(warn, ctx, path, 0,
			  "readable by others (mode %03o): its sessions hold "
			  "secrets; it is rewritten 0600",
			  (unsigned)(st.st_mode & 0777));
	blob = malloc(WARD_SESSION_BLOB_MAX);
	ssize_t got;
	while (blob && (got = getline(&line, &cap, f)) >= 0) {
		no++;
		while (got > 0 &&
		       (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = 0;
		if (no == 1) {
			if (strcmp(line, magic) != 0) {
				warn_line(warn, ctx, path, no,
					  "not a ward session file (want "
					  "'%s'): ignored",
					  magic);
				break;
			}
			continue;
		}
		if (got == 0 || line[0] == '#')
			continue;
		const char *bad = parse_entry(s, line, blob);
		if (bad)
			warn_line(warn, ctx, path, no, "%s: ignored", bad);
		ward_wipe(line, (size_t)got);
	}
	if (line)
		ward_wipe(line, cap);
	free(line);
	free(blob);
	fclose(f);
	s->dirty = 0;
}

int ward_csess_save(ward_csessions *s, const char *path, char *why,
		    size_t whylen)
{
	char tmp[4096];
	ward_buf text;
	int fd, rc = -1;
	ward_buf_init_secret(&text);
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof tmp) {
		snprintf(why, whylen, "the name '%s' is too long", path);
		return -1;
	}
	ward_err e = ward_put_str(&text, magic);
	e = e == WARD_OK ? ward_put_u8(&text, '\n') : e;
	for (size_t i = 0; e == WARD_OK && i < s->n; i++) {
		e = ward_put_str(&text, s->e[i].origin);
		e = e == WARD_OK ? ward_put_u8(&text, ' ') : e;
		e = e == WARD_OK ? ward_base64_encode(&text, s->e[i].blob.data,
						      s->e[i].blob.len)
				 : e;
		e = e == WARD_OK ? ward_put_u8(&text, '\n') : e;
	}
	if (e != WARD_OK) {
		snprintf(why, whylen, "out of memory");
		goto done;
	}
	/* O_EXCL: never write through a file or link someone left there */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, whylen, "cannot create '%s': %s", tmp,
			 strerror(errno));
		goto done;
	}
	size_t off = 0;
	while (off < text.len) {
		ssize_t k = write(fd, text.data + off, text.len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	int failed = off != text.len || fsync(fd) != 0;
	failed |= close(fd) != 0;
	fd = -1;
	if (failed) {
		snprintf(why, whylen, "cannot write '%s': %s", tmp,
			 strerror(errno));
		unlink(tmp);
		goto done;
	}
	if (rename(tmp, path) != 0) {
		snprintf(why, whylen, "cannot rename '%s' to '%s': %s", tmp,
			 path, strerror(errno));
		unlink(tmp);
		goto done;
	}
	s->dirty = 0;
	rc = 0;
done:
	ward_buf_free(&text);
	return rc;
}

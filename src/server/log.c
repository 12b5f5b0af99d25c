/* Error log and buffered access log; per process, no locking (each process
 * is single-threaded). */
#include "server/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ACCESS_BUF 4096
#define LINE_MAX_LEN 2048

typedef struct log_file {
	int fd;	    /* -1: none */
	int owned;  /* we opened it (not stderr/stdout) */
	char *path; /* NULL for stderr/stdout */
} log_file;

static log_file error_log = {STDERR_FILENO, 0, NULL};
static int log_level = WARD_LOG_INFO;
static log_file access_log = {-1, 0, NULL};
static char access_buf[ACCESS_BUF];
static size_t access_len;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

static int open_append(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

/* Write all of p, retrying short writes and EINTR; drops on error. */
static void write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void replace(log_file *f, int fd, int owned, char *path)
{
	if (f->owned && f->fd >= 0)
		close(f->fd);
	free(f->path);
	f->fd = fd;
	f->owned = owned;
	f->path = path;
}

/* Point f at path ("-" = std_fd); on failure f is unchanged. */
static ward_err open_into(log_file *f, const char *path, int std_fd,
			  const char *what, char *err, size_t errlen)
{
	char *copy;
	int fd;

	if (!path || strcmp(path, "-") == 0) {
		replace(f, std_fd, 0, NULL);
		return WARD_OK;
	}
	copy = strdup(path);
	if (!copy)
		return WARD_ERR_NOMEM;
	fd = open_append(path);
	if (fd < 0) {
		if (err && errlen)
			snprintf(err, errlen, "cannot open %s %s: %s", what,
				 path, strerror(errno));
		free(copy);
		return WARD_ERR_IO;
	}
	replace(f, fd, 1, copy);
	return WARD_OK;
}

ward_err ward_log_open(const char *path, int level, char *err, size_t errlen)
{
	WARD_TRY(open_into(&error_log, path, STDERR_FILENO, "error log", err,
			   errlen));
	ward_log_set_level(level);
	return WARD_OK;
}

void ward_log_set_level(int level)
{
	if (level < WARD_LOG_ERROR)
		level = WARD_LOG_ERROR;
	if (level > WARD_LOG_DEBUG)
		level = WARD_LOG_DEBUG;
	log_level = level;
}

int ward_log_is_stderr(void)
{
	return error_log.fd == STDERR_FILENO;
}

int ward_log_enabled(int level)
{
	return level <= log_level;
}

/* Repeats: past the first few of a second, a message logged again within
 * that second is counted, not written, and "(N more like this)" follows
 * once the second is over; so a flood (accept failing, a peer sending
 * garbage) writes a handful of lines a second per distinct message. A few
 * recent messages are remembered. */
#define REPEAT_SLOTS 16
#define REPEAT_TEXT 160
#define REPEAT_BURST 3

typedef struct repeat {
	uint64_t hash;	  /* of level and message; 0: free */
	time_t second;	  /* when it was last written */
	unsigned written; /* lines of it written in that second */
	unsigned long more;
	int level;
	char text[REPEAT_TEXT]; /* the start of the message, for the count */
} repeat;

static repeat repeats[REPEAT_SLOTS];
static unsigned long repeats_pending; /* slots with more > 0 */

static uint64_t message_hash(int level, const char *msg, size_t n)
{
	uint64_t h = 14695981039346656037ull ^ (uint64_t)level;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)msg[i]) * 1099511628211ull;
	return h | 1;
}

/* "2024/05/01 12:00:00 [error] 1234: " + msg + suffix, one write. */
static void write_line(int level, time_t t, const char *msg, size_t mlen,
		       const char *suffix)
{
	char line[LINE_MAX_LEN];
	struct tm tm;
	size_t n;
	int k;

	localtime_r(&t, &tm);
	n = strftime(line, sizeof(line), "%Y/%m/%d %H:%M:%S", &tm);
	k = snprintf(line + n, sizeof(line) - n, " [%s] %ld: %.*s%s",
		     level_names[level], (long)getpid(), (int)mlen, msg,
		     suffix);
	if (k > 0)
		n += (size_t)k;
	/* Truncated lines keep their newline. */
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	/* One line stays one line: messages may quote peer input. */
	for (size_t i = 0; i < n; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	line[n++] = '\n';
	write_all(error_log.fd, line, n);
}

static void report_repeat(repeat *r, time_t now)
{
	char suffix[64];

	snprintf(suffix, sizeof(suffix), " (%lu more like this)", r->more);
	write_line(r->level, now, r->text, strnlen(r->text, REPEAT_TEXT),
		   suffix);
	r->more = 0;
	repeats_pending--;
}

void ward_log_flush_repeats(void)
{
	time_t now;

	if (!repeats_pending || error_log.fd < 0)
		return;
	now = time(NULL);
	for (size_t i = 0; i < REPEAT_SLOTS; i++)
		if (repeats[i].more && repeats[i].second != now)
			report_repeat(&repeats[i], now);
}

/* Whether msg is a repeat within its second (then it is counted). */
static int repeated(int level, time_t now, const char *msg, size_t n)
{
	uint64_t h = message_hash(level, msg, n);
	repeat *slot = NULL, *oldest = &repeats[0];

	for (size_t i = 0; i < REPEAT_SLOTS; i++) {
		if (repeats[i].hash == h) {
			slot = &repeats[i];
			break;
		}
		if (repeats[i].second < oldest->second)
			oldest = &repeats[i];
	}
	if (slot && slot->second == now) {
		if (slot->written < REPEAT_BURST) {
			slot->written++;
			return 0;
		}
		if (!slot->more++)
			repeats_pending++;
		return 1;
	}
	if (!slot) {
		slot = oldest;
		if (slot->more)
			report_repeat(slot, now);
		slot->hash = h;
		slot->level = level;
		snprintf(slot->text, sizeof(slot->text), "%.*s", (int)n, msg);
	} else if (slot->more) {
		report_repeat(slot, now);
	}
	slot->second = now;
	slot->written = 1;
	return 0;
}

void ward_log(int level, const char *fmt, ...)
{
	char msg[LINE_MAX_LEN];
	time_t t;
	int k;
	va_list ap;

	if (!ward_log_enabled(level) || error_log.fd < 0)
		return;
	if (level < WARD_LOG_ERROR)
		level = WARD_LOG_ERROR;
	va_start(ap, fmt);
	k = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	size_t n = (size_t)k < sizeof(msg) ? (size_t)k : sizeof(msg) - 1;
	t = time(NULL);
	ward_log_flush_repeats();
	if (repeated(level, t, msg, n))
		return;
	write_line(level, t, msg, n, "");
}

/* ---- access log ---- */

ward_err ward_access_log_open(const char *path, char *err, size_t errlen)
{
	ward_access_log_flush();
	if (!path || strcmp(path, "off") == 0) {
		replace(&access_log, -1, 0, NULL);
		return WARD_OK;
	}
	return open_into(&access_log, path, STDOUT_FILENO, "access log", err,
			 errlen);
}

int ward_access_log_enabled(void)
{
	return access_log.fd >= 0;
}

void ward_access_log_flush(void)
{
	if (access_len && access_log.fd >= 0)
		write_all(access_log.fd, access_buf, access_len);
	access_len = 0;
}

void ward_access_log_write(const char *line, size_t len)
{
	int nl = len == 0 || line[len - 1] != '\n';

	if (access_log.fd < 0)
		return;
	if (access_len + len + (size_t)nl > ACCESS_BUF)
		ward_access_log_flush();
	if (len + (size_t)nl > ACCESS_BUF) {
		/* longer than the buffer: straight through, newline apart */
		write_all(access_log.fd, line, len);
		if (nl)
			write_all(access_log.fd, "\n", 1);
		return;
	}
	memcpy(access_buf + access_len, line, len);
	access_len += len;
	if (nl)
		access_buf[access_len++] = '\n';
	if (access_len == ACCESS_BUF)
		ward_access_log_flush();
}

/* ---- both ---- */

static void reopen(log_file *f, const char *what)
{
	int fd;

	if (!f->owned || !f->path)
		return;
	fd = open_append(f->path);
	if (fd < 0) {
		ward_log(WARD_LOG_ERROR, "cannot reopen %s %s: %s", what,
			 f->path, strerror(errno));
		return;
	}
	close(f->fd);
	f->fd = fd;
}

void ward_log_reopen(void)
{
	ward_access_log_flush();
	reopen(&error_log, "error log");
	reopen(&access_log, "access log");
}

void ward_log_close(void)
{
	ward_access_log_flush();
	replace(&access_log, -1, 0, NULL);
	replace(&error_log, STDERR_FILENO, 0, NULL);
}

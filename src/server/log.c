/* Error log and buffered access log; per process, no locking (each process
 * is single-threaded). */
#include "server/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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

void ward_log(int level, const char *fmt, ...)
{
	char line[LINE_MAX_LEN];
	struct tm tm;
	time_t t;
	size_t n;
	int k;
	va_list ap;

	if (!ward_log_enabled(level) || error_log.fd < 0)
		return;
	if (level < WARD_LOG_ERROR)
		level = WARD_LOG_ERROR;
	t = time(NULL);
	localtime_r(&t, &tm);
	n = strftime(line, sizeof(line), "%Y/%m/%d %H:%M:%S", &tm);
	k = snprintf(line + n, sizeof(line) - n,
		     " [%s] %ld: ", level_names[level], (long)getpid());
	if (k > 0)
		n += (size_t)k;
	va_start(ap, fmt);
	k = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
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

/* ward get -b/-c (get_cookie.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/get_cookie.h"
#include "cli/get_output.h"

/* Cookie files beyond this are not cookie files. */
#define MAX_JAR_FILE (16u << 20)

void ward_get_cookies_init(ward_get_cookies *k)
{
	memset(k, 0, sizeof *k);
	ward_cookie_jar_init(&k->jar);
	ward_buf_init(&k->literal);
}

void ward_get_cookies_free(ward_get_cookies *k)
{
	ward_cookie_jar_free(&k->jar);
	ward_buf_free(&k->literal);
}

int ward_get_cookies_arg(ward_get_cookies *k, const char *arg, char *why,
			 size_t whylen)
{
	k->on = 1;
	if (!strchr(arg, '=')) {
		if (k->n_read == WARD_GET_COOKIE_FILES) {
			snprintf(why, whylen, "more than %d cookie files",
				 WARD_GET_COOKIE_FILES);
			return -1;
		}
		if (*arg)
			k->read[k->n_read++] = arg;
		return 0;
	}
	for (const char *p = arg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(why, whylen,
				 "'%s': control characters in the cookies",
				 arg);
			return -1;
		}
	/* the bytes go into the Cookie field: NUL-terminated there */
	if (k->literal.len)
		k->literal.len--; /* the NUL */
	if ((k->literal.len && ward_put_str(&k->literal, "; ") != WARD_OK) ||
	    ward_put_str(&k->literal, arg) != WARD_OK ||
	    ward_put_u8(&k->literal, 0) != WARD_OK) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

int ward_get_cookies_load(ward_get_cookies *k,
			  void (*warn)(void *ctx, const char *line), char *why,
			  size_t whylen)
{
	for (size_t i = 0; i < k->n_read; i++) {
		ward_buf b = WARD_BUF_INIT;
		size_t bad = 0;
		char line[600];
		if (access(k->read[i], F_OK) != 0 && errno == ENOENT)
			continue;
		int rc = ward_get_slurp(k->read[i], &b, 0, MAX_JAR_FILE, why,
					whylen);
		if (rc == 0 && ward_cookie_jar_load(&k->jar, b.data, b.len,
						    (int64_t)time(NULL),
						    &bad) != WARD_OK) {
			snprintf(why, whylen, "out of memory");
			rc = -1;
		}
		ward_buf_free(&b);
		if (rc)
			return -1;
		if (bad && warn) {
			snprintf(line, sizeof line,
				 "%zu malformed line(s) in the cookie file "
				 "'%s' skipped",
				 bad, k->read[i]);
			warn(NULL, line);
		}
	}
	return 0;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int ward_get_cookies_save(const ward_get_cookies *k, char *why, size_t whylen)
{
	ward_buf b = WARD_BUF_INIT;
	char tmp[4096];
	int rc = -1, fd = -1;
	if (!k->write)
		return 0;
	if (ward_cookie_jar_write(&k->jar, (int64_t)time(NULL), &b) !=
	    WARD_OK) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	struct stat st;
	if (!strcmp(k->write, "-") ||
	    (stat(k->write, &st) == 0 && !S_ISREG(st.st_mode))) {
		/* stdout, or a device such as /dev/null: written in place */
		int to = 1;
		fflush(stdout);
		if (strcmp(k->write, "-") &&
		    (to = fd = open(k->write, O_WRONLY | O_CLOEXEC)) < 0) {
			snprintf(why, whylen,
				 "cannot write the cookies to "
				 "'%s': %s",
				 k->write, strerror(errno));
			goto out;
		}
		rc = write_all(to, b.data, b.len);
		if (rc)
			snprintf(why, whylen,
				 "cannot write the cookies to "
				 "'%s': %s",
				 k->write, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", k->write,
			     (long)getpid()) >= sizeof tmp) {
		snprintf(why, whylen, "'%s': name too long", k->write);
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int ok = fd >= 0 && write_all(fd, b.data, b.len) == 0 && fsync(fd) == 0;
	int err = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = 0;
		err = errno;
	}
	if (ok && rename(tmp, k->write) != 0) {
		ok = 0;
		err = errno;
	}
	if (!ok) {
		snprintf(why, whylen, "cannot write the cookies to '%s': %s",
			 k->write, strerror(err));
		if (fd >= 0)
			unlink(tmp);
		fd = -1;
		goto out;
	}
	fd = -1;
	rc = 0;
out:
	ward_buf_free(&b);
	return rc;
}

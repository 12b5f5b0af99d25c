/* The files of `ward ca` (ca_files.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/ca_files.h"
#include "crypto/ca.h"

#define MAX_FILE (1 << 20) /* a certificate is a few KiB */

static int join(char *out, size_t cap, const char *a, const char *b)
{
	int n = snprintf(out, cap, "%s%s", a, b);
	if (n < 0 || (size_t)n >= cap) {
		fprintf(stderr, "ward ca: path too long: %s%s\n", a, b);
		return -1;
	}
	return 0;
}

int ward_cli_ca_find_paths(const char *dir, struct ward_cli_ca_paths *out)
{
	const char *env;
	const char *base = dir, *tail = "";
	if (base == NULL && (env = getenv("WARD_CA_DIR")) != NULL && *env)
		base = env;
	/* the XDG spec says to ignore a relative XDG_DATA_HOME */
	if (base == NULL && (env = getenv("XDG_DATA_HOME")) != NULL &&
	    *env == '/') {
		base = env;
		tail = "/ward/ca";
	}
	if (base == NULL && (env = getenv("HOME")) != NULL && *env) {
		base = env;
		tail = "/.local/share/ward/ca";
	}
	if (base == NULL || *base == '\0') {
		fprintf(stderr, "ward ca: no CA directory: give --dir or set "
				"WARD_CA_DIR or HOME\n");
		return -1;
	}
	/* absolute, so that what we print works from any directory */
	char cwd[PATH_MAX] = "";
	if (*base != '/' && getcwd(cwd, sizeof cwd) == NULL) {
		fprintf(stderr,
			"ward ca: cannot get the current directory: %s\n",
			strerror(errno));
		return -1;
	}
	while (*base != '/' && base[0] == '.' && base[1] == '/')
		base += 2;
	int n = snprintf(out->dir, sizeof out->dir, "%s%s%s%s", cwd,
			 *cwd ? "/" : "", base, tail);
	if (n < 0 || (size_t)n >= sizeof out->dir) {
		fprintf(stderr, "ward ca: path too long: %s\n", base);
		return -1;
	}
	/* "dir/", "dir/." and "dir" are the same CA; keep "/" itself */
	size_t len = strlen(out->dir);
	for (;;) {
		if (len > 1 && out->dir[len - 1] == '/')
			len--;
		else if (len > 2 && !strcmp(out->dir + len - 2, "/."))
			len -= 2;
		else
			break;
		out->dir[len] = '\0';
	}
	if (join(out->cert, sizeof out->cert, out->dir, "/ca.pem") ||
	    join(out->key, sizeof out->key, out->dir, "/ca-key.pem"))
		return -1;
	return 0;
}

int ward_cli_ca_make_dir(const char *dir)
{
	char buf[PATH_MAX];
	struct stat st;
	if (join(buf, sizeof buf, dir, ""))
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "ward ca: cannot create %s: %s\n", buf,
				strerror(errno));
			return -1;
		}
		*p = '/';
	}
	if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "ward ca: cannot create %s: %s\n", buf,
			strerror(errno));
		return -1;
	}
	if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ward ca: %s is not a directory\n", buf);
		return -1;
	}
	return 0;
}

int ward_cli_ca_read_file(const char *path, ward_buf *out)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "ward ca: cannot read %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	int rc = -1;
	for (;;) {
		uint8_t *at;
		if (out->len >= MAX_FILE) {
			fprintf(stderr, "ward ca: %s is too large\n", path);
			goto out;
		}
		if (ward_buf_reserve(out, 4096) != WARD_OK) {
			fprintf(stderr, "ward ca: out of memory\n");
			goto out;
		}
		at = out->data + out->len;
		size_t n = fread(at, 1, out->cap - out->len, f);
		out->len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "ward ca: cannot read %s\n", path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

static int write_all(int fd, ward_slice data)
{
	size_t off = 0;
	while (off < data.len) {
		ssize_t n = write(fd, data.p + off, data.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

static int stage(struct ward_cli_ca_file *f)
{
	int n = snprintf(f->tmp, sizeof f->tmp, "%s.tmp-%ld", f->path,
			 (long)getpid());
	if (n < 0 || (size_t)n >= sizeof f->tmp) {
		fprintf(stderr, "ward ca: path too long: %s\n", f->path);
		f->tmp[0] = '\0';
		return -1;
	}
	/* O_EXCL and O_NOFOLLOW: never write through a file or link someone
	 * else put there. The mode is the final one from creation on. */
	int fd =
	    open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		 f->mode);
	if (fd < 0) {
		fprintf(stderr, "ward ca: cannot write %s: %s\n", f->path,
			strerror(errno));
		f->tmp[0] = '\0';
		return -1;
	}
	int ok = write_all(fd, f->data) == 0 && fsync(fd) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (!ok) {
		fprintf(stderr, "ward ca: cannot write %s: %s\n", f->path,
			strerror(saved ? saved : errno));
		unlink(f->tmp);
		f->tmp[0] = '\0';
		return -1;
	}
	return 0;
}

/* Make the renames durable too. */
static void sync_dir(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s", path);
	int fd = open(dirname(buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int ward_cli_ca_write_files(struct ward_cli_ca_file *files, size_t n)
{
	size_t staged = 0;
	int rc = -1;
	for (; staged < n; staged++)
		if (stage(&files[staged]) != 0)
			goto out;
	for (size_t i = 0; i < n; i++) {
		if (rename(files[i].tmp, files[i].path) != 0) {
			fprintf(stderr, "ward ca: cannot write %s: %s\n",
				files[i].path, strerror(errno));
			goto out;
		}
		files[i].tmp[0] = '\0';
	}
	for (size_t i = 0; i < n; i++)
		sync_dir(files[i].path);
	rc = 0;
out:
	for (size_t i = 0; i < staged; i++)
		if (files[i].tmp[0] != '\0')
			unlink(files[i].tmp);
	return rc;
}

/* Remove one leaf and its key when ca did not sign it; -1 on failure. */
static int drop_if_stale(const char *leaves, const char *name, ward_slice ca)
{
	char cert[PATH_MAX], key[PATH_MAX];
	size_t len = strlen(name);
	if (len <= 4 || strcmp(name + len - 4, ".pem") != 0 ||
	    (len > 8 && !strcmp(name + len - 8, "-key.pem")))
		return 0;
	if (snprintf(cert, sizeof cert, "%s/%s", leaves, name) >=
		(int)sizeof cert ||
	    snprintf(key, sizeof key, "%s/%.*s-key.pem", leaves, (int)len - 4,
		     name) >= (int)sizeof key)
		return 0;
	ward_buf pem = WARD_BUF_INIT;
	int stale = ward_cli_ca_read_file(cert, &pem) == 0 &&
		    !ward_ca_signed_by(ward_buf_slice(&pem), ca);
	ward_buf_free(&pem);
	if (!stale)
		return 0;
	if ((unlink(key) != 0 && errno != ENOENT) || unlink(cert) != 0) {
		fprintf(stderr, "ward ca: cannot remove %s: %s\n", cert,
			strerror(errno));
		return -1;
	}
	printf("Removed %s and its key: the old CA signed it; 'ward serve' "
	       "issues a new one when it next starts.\n",
	       cert);
	return 0;
}

int ward_cli_ca_drop_stale_leaves(const char *dir, ward_slice ca_pem)
{
	char leaves[PATH_MAX];
	if (join(leaves, sizeof leaves, dir, "/serve"))
		return -1;
	DIR *d = opendir(leaves);
	if (d == NULL) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "ward ca: cannot read %s: %s\n", leaves,
			strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (drop_if_stale(leaves, e->d_name, ca_pem) != 0)
			rc = -1;
	closedir(d);
	return rc;
}

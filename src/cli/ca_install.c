/* ward ca install / uninstall: trust the root in the system store and in
 * the user's NSS database (Chromium's), the way `mkcert -install` does.
 *
 * The store paths come from the environment so that tests (and unusual
 * systems) can point them elsewhere:
 *   WARD_CA_SYSTEM_STORE  directory of the system's extra CAs
 *                         (default /usr/local/share/ca-certificates)
 *   WARD_CA_UPDATE_CMD    shell command run after that directory changed
 *                         (default update-ca-certificates; empty: none)
 *   HOME                  the NSS database is $HOME/.pki/nssdb
 * certutil (libnss3-tools) is looked up in PATH; without it the NSS
 * database is left alone, with a note.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/bytes.h"
#include "cli/ca_files.h"
#include "cli/ca_install.h"
#include "crypto/ca.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

#define SYSTEM_STORE "/usr/local/share/ca-certificates"
#define UPDATE_CMD "update-ca-certificates"

static const char usage_install[] =
    "usage: ward ca install [--dir DIR]\n"
    "\n"
    "Trust the CA's root on this machine: copy it into the system store\n"
    "(" SYSTEM_STORE "/ward-<fingerprint>.crt, then\n"
    "update-ca-certificates; needs root) and, when certutil is installed\n"
    "(Debian: libnss3-tools), into the NSS database ~/.pki/nssdb that\n"
    "Chromium reads. Running it again changes nothing.\n"
    "'ward ca uninstall' undoes it.\n"
    "\n"
    "environment:\n"
    "  WARD_CA_SYSTEM_STORE  the system store directory\n"
    "  WARD_CA_UPDATE_CMD    the command run after it changed (empty: none)\n"
    "\n"
    "example:\n"
    "  sudo ward ca install && ward ca install   # system, then your NSS db\n";

static const char usage_uninstall[] =
    "usage: ward ca uninstall [--dir DIR]\n"
    "\n"
    "Remove what 'ward ca install' added for this CA: the file in the\n"
    "system store (then update-ca-certificates) and the entry in\n"
    "~/.pki/nssdb. Running it again changes nothing.\n";

/* Where this CA goes in each store. */
struct stores {
	char nick[64];		    /* "ward-" + 16 hex digits of the SHA-256 */
	char sys_file[PATH_MAX];    /* STORE/NICK.crt */
	char nssdb[PATH_MAX];	    /* $HOME/.pki/nssdb */
	char nss_arg[PATH_MAX + 4]; /* "sql:" + nssdb */
	const char *update_cmd;	    /* NULL: none */
	int have_certutil;
};

static int in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	if (path == NULL)
		path = "/usr/bin:/bin";
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ":");
		if (n > 0 &&
		    snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, prog) <
			(int)sizeof buf &&
		    access(buf, X_OK) == 0)
			return 1;
		p += n;
		if (*p == ':')
			p++;
	}
	return 0;
}

/* What a command's output is worth to the user. */
enum { SHOW_ALL, SHOW_ERRORS, SHOW_NOTHING };

/* Run argv with its output shown as far as `show` says; the exit status,
 * or -1 when it could not run. */
static int run(char *const argv[], int show)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = show == SHOW_ALL ? -1 : open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			if (show == SHOW_NOTHING)
				dup2(fd, STDERR_FILENO);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int find_stores(ward_slice ca_pem, struct stores *s)
{
	struct ward_ca_cert_info info;
	if (ward_ca_cert_info(ca_pem, &info) != WARD_OK) {
		fprintf(stderr, "ward ca: ca.pem holds no certificate\n");
		return -1;
	}
	/* named after the root's fingerprint: two CAs never share a name,
	 * and a replaced CA is installed beside the old one, not over it */
	int n = snprintf(s->nick, sizeof s->nick, "ward-");
	for (size_t i = 0; i < 8; i++)
		n += snprintf(s->nick + n, sizeof s->nick - (size_t)n, "%02x",
			      info.sha256[i]);
	const char *store = getenv("WARD_CA_SYSTEM_STORE");
	if (store == NULL || *store == '\0')
		store = SYSTEM_STORE;
	const char *home = getenv("HOME");
	if (home == NULL || *home == '\0') {
		fprintf(stderr, "ward ca: HOME is not set: cannot find the "
				"NSS database\n");
		return -1;
	}
	if (snprintf(s->sys_file, sizeof s->sys_file, "%s/%s.crt", store,
		     s->nick) >= (int)sizeof s->sys_file ||
	    snprintf(s->nssdb, sizeof s->nssdb, "%s/.pki/nssdb", home) >=
		(int)sizeof s->nssdb) {
		fprintf(stderr, "ward ca: path too long\n");
		return -1;
	}
	snprintf(s->nss_arg, sizeof s->nss_arg, "sql:%s", s->nssdb);
	s->update_cmd = getenv("WARD_CA_UPDATE_CMD");
	if (s->update_cmd == NULL)
		s->update_cmd = UPDATE_CMD;
	else if (*s->update_cmd == '\0')
		s->update_cmd = NULL;
	s->have_certutil = in_path("certutil");
	return 0;
}

/* The update command, through the shell (it may carry arguments). */
static int run_update(const struct stores *s)
{
	if (s->update_cmd == NULL)
		return 0;
	char *argv[] = {"sh", "-c", (char *)s->update_cmd, NULL};
	int rc = run(argv, SHOW_ERRORS);
	if (rc != 0) {
		fprintf(stderr, "ward ca: '%s' failed (exit %d)\n",
			s->update_cmd, rc);
		return -1;
	}
	printf("  ran %s\n", s->update_cmd);
	return 0;
}

static int same_file(const char *path, ward_slice want)
{
	ward_buf have = WARD_BUF_INIT;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return 0;
	fclose(f);
	int same = ward_cli_ca_read_file(path, &have) == 0 &&
		   have.len == want.len &&
		   memcmp(have.data, want.p, want.len) == 0;
	ward_buf_free(&have);
	return same;
}

static int system_install(const struct stores *s, ward_slice pem)
{
	if (same_file(s->sys_file, pem)) {
		printf("System store: already installed as %s\n", s->sys_file);
		return 0;
	}
	struct ward_cli_ca_file f = {s->sys_file, pem, 0644, {0}};
	if (ward_cli_ca_write_files(&f, 1) != 0) {
		if (geteuid() != 0)
			fprintf(stderr, "ward ca: the system store needs root: "
					"run 'sudo ward ca install'\n");
		return -1;
	}
	printf("System store: added %s\n", s->sys_file);
	return run_update(s);
}

static int system_uninstall(const struct stores *s)
{
	if (unlink(s->sys_file) != 0) {
		if (errno == ENOENT) {
			printf("System store: not installed (no %s)\n",
			       s->sys_file);
			return 0;
		}
		fprintf(stderr, "ward ca: cannot remove %s: %s%s\n",
			s->sys_file, strerror(errno),
			geteuid() != 0 ? " (run 'sudo ward ca uninstall')"
				       : "");
		return -1;
	}
	printf("System store: removed %s\n", s->sys_file);
	return run_update(s);
}

static int nss_has(const struct stores *s)
{
	char *argv[] = {"certutil",	 "-L", "-d", (char *)s->nss_arg, "-n",
			(char *)s->nick, NULL};
	return run(argv, SHOW_NOTHING) == 0; /* "not found" is no error */
}

static int nss_install(const struct stores *s, const char *cert_path)
{
	if (!s->have_certutil) {
		printf("NSS database (Chromium): left alone, certutil is not "
		       "installed (Debian: apt-get install libnss3-tools)\n");
		return 0;
	}
	struct stat st;
	if (stat(s->nssdb, &st) != 0) {
		/* what Chromium makes on its first start: an empty,
		 * password-less database */
		char *argv[] = {
		    "certutil",		"-N", "-d", (char *)s->nss_arg,
		    "--empty-password", NULL};
		if (ward_cli_ca_make_dir(s->nssdb) != 0 ||
		    run(argv, SHOW_ERRORS) != 0) {
			fprintf(stderr,
				"ward ca: cannot create the NSS "
				"database %s\n",
				s->nssdb);
			return -1;
		}
		printf("NSS database: created %s\n", s->nssdb);
	}
	if (nss_has(s)) {
		printf("NSS database (Chromium): already installed as '%s' in "
		       "%s\n",
		       s->nick, s->nss_arg);
		return 0;
	}
	/* C,,: a CA trusted to issue TLS server certificates */
	char *argv[] = {"certutil", "-A",
			"-d",	    (char *)s->nss_arg,
			"-t",	    "C,,",
			"-n",	    (char *)s->nick,
			"-i",	    (char *)cert_path,
			NULL};
	if (run(argv, SHOW_ALL) != 0) {
		fprintf(stderr,
			"ward ca: certutil could not add the CA to %s\n",
			s->nss_arg);
		return -1;
	}
	printf("NSS database (Chromium): added '%s' to %s, trusted for TLS "
	       "servers (C,,)\n",
	       s->nick, s->nss_arg);
	return 0;
}

static int nss_uninstall(const struct stores *s)
{
	if (!s->have_certutil) {
		printf("NSS database (Chromium): left alone, certutil is not "
		       "installed\n");
		return 0;
	}
	if (access(s->nssdb, F_OK) != 0 || !nss_has(s)) {
		printf("NSS database (Chromium): not installed in %s\n",
		       s->nss_arg);
		return 0;
	}
	char *argv[] = {"certutil",	 "-D", "-d", (char *)s->nss_arg, "-n",
			(char *)s->nick, NULL};
	if (run(argv, SHOW_ALL) != 0) {
		fprintf(stderr,
			"ward ca: certutil could not remove '%s' from "
			"%s\n",
			s->nick, s->nss_arg);
		return -1;
	}
	printf("NSS database (Chromium): removed '%s' from %s\n", s->nick,
	       s->nss_arg);
	return 0;
}

int ward_cli_ca_install(int argc, char **argv, int install)
{
	static const struct option longopts[] = {
	    {"dir", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = install ? "install" : "uninstall";
	const char *dir = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'h':
			fputs(install ? usage_install : usage_uninstall,
			      stdout);
			return 0;
		case ':':
			fprintf(stderr,
				"ward ca %s: option '%s' needs a value\n", cmd,
				argv[optind - 1]);
			return EXIT_USAGE;
		default:
			fprintf(
			    stderr,
			    "ward ca %s: unknown option '%s' (see --help)\n",
			    cmd, argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ward ca %s: unexpected argument '%s'\n", cmd,
			argv[optind]);
		return EXIT_USAGE;
	}

	struct ward_cli_ca_paths paths;
	struct stores s;
	ward_buf pem = WARD_BUF_INIT;
	if (ward_cli_ca_find_paths(dir, &paths) != 0)
		return EXIT_USAGE;
	if (access(paths.cert, F_OK) != 0) {
		fprintf(stderr,
			"ward ca: no CA in %s: run 'ward ca init' first\n",
			paths.dir);
		return EXIT_USAGE;
	}
	if (ward_cli_ca_read_file(paths.cert, &pem) != 0 ||
	    find_stores(ward_buf_slice(&pem), &s) != 0) {
		ward_buf_free(&pem);
		return EXIT_FAIL;
	}
	printf("%s the CA %s (%s)\n", install ? "Installing" : "Uninstalling",
	       paths.cert, s.nick);
	/* each store on its own: a missing sudo for one still does the other */
	int failed = install ? system_install(&s, ward_buf_slice(&pem)) != 0
			     : system_uninstall(&s) != 0;
	failed |=
	    install ? nss_install(&s, paths.cert) != 0 : nss_uninstall(&s) != 0;
	ward_buf_free(&pem);
	if (install && !failed)
		printf("Undo with: ward ca uninstall%s%s\n",
		       dir ? " --dir " : "", dir ? paths.dir : "");
	return failed ? EXIT_FAIL : 0;
}

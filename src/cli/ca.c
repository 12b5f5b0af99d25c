/* ward ca: a local certificate authority with mkcert's habits.
 *
 *   ward ca init [--dir DIR] [--name CN] [--days N] [--force]
 *   ward ca issue NAME... [--ip ADDR]... [--client] [--key-type T] ...
 *   ward ca show [--dir DIR]
 *   ward ca install | uninstall [--dir DIR]
 *
 * Exit codes: 0 done, 1 the operation failed, 2 bad usage or no CA yet.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/bytes.h"
#include "cli/ca_files.h"
#include "cli/ca_install.h"
#include "cli/cli.h"
#include "crypto/ca.h"
#include "crypto/crypto.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

#define INIT_DAYS 3650
/* 825 days: the longest validity Apple platforms accept for a TLS leaf */
#define ISSUE_DAYS 825

enum {
	OPT_DIR = 256,
	OPT_NAME,
	OPT_DAYS,
	OPT_FORCE,
	OPT_IP,
	OPT_CLIENT,
	OPT_BACKDATE,
	OPT_KEY_TYPE,
	OPT_OUT_DIR,
	OPT_CERT_FILE,
	OPT_KEY_FILE,
};

struct opts {
	const char *dir;
	const char *name;
	const char *key_type;
	const char *out_dir;
	const char *cert_file;
	const char *key_file;
	const char **ips; /* room for argc entries */
	size_t n_ips;
	int days;
	int backdate;
	int client;
	int force;
	int help;
};

static const char usage_ca[] =
    "usage: ward ca <command> [options]\n"
    "\n"
    "A local certificate authority for development: create a root once,\n"
    "trust it, then issue certificates for localhost and friends.\n"
    "\n"
    "commands:\n"
    "  init       create the CA (an ECDSA P-256 root) if there is none\n"
    "  issue      issue a certificate and key for some names\n"
    "  show       print the CA and how to trust it\n"
    "  install    trust the CA: system store and Chromium's NSS database\n"
    "  uninstall  undo 'ward ca install'\n"
    "\n"
    "The CA lives in --dir, else $WARD_CA_DIR, else $XDG_DATA_HOME/ward/ca,\n"
    "else ~/.local/share/ward/ca.\n"
    "\n"
    "examples:\n"
    "  ward ca init\n"
    "  sudo ward ca install && ward ca install\n"
    "  ward ca issue localhost 127.0.0.1 ::1\n"
    "  ward ca show\n"
    "\n"
    "Run 'ward ca <command> --help' for a command's options.\n";

static const char usage_init[] =
    "usage: ward ca init [--dir DIR] [--name CN] [--days N] [--force]\n"
    "\n"
    "Create the CA: DIR/ca.pem (the root certificate, to trust) and\n"
    "DIR/ca-key.pem (its private key, mode 0600). If a CA exists already,\n"
    "say where and leave it alone.\n"
    "\n"
    "options:\n"
    "  --dir DIR    where the CA lives (default: see 'ward ca --help')\n"
    "  --name CN    the root's common name (default \"" WARD_CA_DEFAULT_NAME
    "\")\n"
    "  --days N     validity in days (default 3650)\n"
    "  --force      replace an existing CA; what it issued stops being "
    "trusted,\n"
    "               and the old CA's leaves in DIR/serve/ are removed\n"
    "\n"
    "examples:\n"
    "  ward ca init\n"
    "  ward ca init --dir ./ca --name \"team dev CA\" --days 365\n";

static const char usage_issue[] =
    "usage: ward ca issue NAME... [--ip ADDR]... [options]\n"
    "\n"
    "Issue a certificate for the DNS names and IP addresses given, signed\n"
    "by the CA. NAMEs that are IP literals become IP address entries.\n"
    "Writes NAME.pem (the certificate) and NAME-key.pem (its key, mode\n"
    "0600) after the first name, '*' spelled '_wildcard' and ':' '_'.\n"
    "\n"
    "options:\n"
    "  --ip ADDR          also valid for this IPv4/IPv6 address\n"
    "  --client           for client authentication too (mTLS)\n"
    "  --key-type T       ecdsa (P-256, default), ecdsa384, rsa (2048),\n"
    "                     ed25519\n"
    "  --days N           validity in days (default 825)\n"
    "  --backdate N       start N days ago; valid until N days ago plus\n"
    "                     --days, so --backdate 10 --days 5 is expired\n"
    "  --out-dir DIR      where to write the files (default .); made\n"
    "                     with mode 0700 when missing\n"
    "  --cert-file FILE   write the certificate here instead\n"
    "  --key-file FILE    write the key here instead\n"
    "  --dir DIR          where the CA lives\n"
    "\n"
    "examples:\n"
    "  ward ca issue localhost 127.0.0.1 ::1\n"
    "  ward ca issue '*.dev.test' dev.test --key-type rsa\n"
    "  ward ca issue alice --client --out-dir certs\n";

static const char usage_show[] =
    "usage: ward ca show [--dir DIR]\n"
    "\n"
    "Print where the CA lives, its root certificate (subject, validity,\n"
    "SHA-256 fingerprint) and how to make browsers and tools trust it.\n"
    "\n"
    "example:\n"
    "  ward ca show --dir ./ca\n";

/* ---- parsing ---- */

static int parse_days(const char *cmd, const char *flag, const char *s, int min,
		      int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min ||
	    v > WARD_CA_MAX_DAYS) {
		fprintf(stderr,
			"ward ca %s: %s wants a number of days from %d to %d, "
			"not '%s'\n",
			cmd, flag, min, WARD_CA_MAX_DAYS, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Options of one subcommand; what is left in argv[optind..] is positional.
 * Returns -1 after saying what was wrong. */
static int parse_opts(const char *cmd, int argc, char **argv,
		      const struct option *longopts, struct opts *o)
{
	int c;
	optind = 0; /* glibc: full reset, so parsing can run more than once */
	opterr = 0; /* we name the bad flag ourselves */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			o->help = 1;
			break;
		case OPT_DIR:
			o->dir = optarg;
			break;
		case OPT_NAME:
			o->name = optarg;
			break;
		case OPT_DAYS:
			if (parse_days(cmd, "--days", optarg, 1, &o->days))
				return -1;
			break;
		case OPT_BACKDATE:
			if (parse_days(cmd, "--backdate", optarg, 0,
				       &o->backdate))
				return -1;
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_IP:
			o->ips[o->n_ips++] = optarg;
			break;
		case OPT_CLIENT:
			o->client = 1;
			break;
		case OPT_KEY_TYPE:
			o->key_type = optarg;
			break;
		case OPT_OUT_DIR:
			o->out_dir = optarg;
			break;
		case OPT_CERT_FILE:
			o->cert_file = optarg;
			break;
		case OPT_KEY_FILE:
			o->key_file = optarg;
			break;
		case ':':
			fprintf(stderr,
				"ward ca %s: option '%s' needs a value\n", cmd,
				argv[optind - 1]);
			return -1;
		default:
			if (optopt != 0)
				fprintf(stderr,
					"ward ca %s: unknown option '-%c' (see "
					"--help)\n",
					cmd, optopt);
			else
				fprintf(stderr,
					"ward ca %s: unknown option '%s' (see "
					"--help)\n",
					cmd, argv[optind - 1]);
			return -1;
		}
	}
	return 0;
}

static int no_positional(const char *cmd, int argc, char **argv)
{
	if (optind >= argc)
		return 0;
	fprintf(stderr, "ward ca %s: unexpected argument '%s'\n", cmd,
		argv[optind]);
	return -1;
}

/* ---- printing ---- */

static const char *key_name(ward_key_type t, size_t bits, char *buf, size_t cap)
{
	switch (t) {
	case WARD_KEY_EC_P256:
		return "ECDSA P-256";
	case WARD_KEY_EC_P384:
		return "ECDSA P-384";
	case WARD_KEY_EC_P521:
		return "ECDSA P-521";
	case WARD_KEY_ED25519:
		return "Ed25519";
	case WARD_KEY_RSA:
		snprintf(buf, cap, "RSA %zu", bits);
		return buf;
	default:
		return "other";
	}
}

static const char *utc(time_t t, char *buf, size_t cap)
{
	struct tm tm;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, cap, "?");
	return buf;
}

/* The CA files, or exit code 2 with the one line that says to init. */
static int find_ca(const struct opts *o, struct ward_cli_ca_paths *paths)
{
	if (ward_cli_ca_find_paths(o->dir, paths) != 0)
		return EXIT_USAGE;
	if (access(paths->cert, F_OK) != 0) {
		fprintf(stderr,
			"ward ca: no CA in %s: run 'ward ca init' first\n",
			paths->dir);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- init ---- */

static int cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"dir", required_argument, NULL, OPT_DIR},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"days", required_argument, NULL, OPT_DAYS},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct opts o = {.name = WARD_CA_DEFAULT_NAME, .days = INIT_DAYS};
	struct ward_cli_ca_paths paths;
	ward_pkey *key = NULL;
	ward_buf key_pem, cert_pem = WARD_BUF_INIT;
	ward_buf_init_secret(&key_pem);
	int rc = EXIT_FAIL;

	if (parse_opts("init", argc, argv, longopts, &o) ||
	    no_positional("init", argc, argv))
		return EXIT_USAGE;
	if (o.help) {
		fputs(usage_init, stdout);
		return 0;
	}
	if (o.name[0] == '\0' || strlen(o.name) > WARD_CA_CN_MAX) {
		fprintf(stderr,
			"ward ca init: --name wants 1 to %d characters\n",
			WARD_CA_CN_MAX);
		return EXIT_USAGE;
	}
	if (ward_cli_ca_find_paths(o.dir, &paths) != 0)
		return EXIT_USAGE;
	int exists = access(paths.cert, F_OK) == 0;
	if (exists && !o.force) {
		printf("A CA already exists in %s; leaving it as it is.\n"
		       "  certificate: %s\n"
		       "Run 'ward ca show' to see it, or 'ward ca init "
		       "--force' to replace it.\n",
		       paths.dir, paths.cert);
		return 0;
	}
	if (ward_cli_ca_make_dir(paths.dir) != 0)
		return EXIT_FAIL;

	ward_err err = ward_pkey_generate(WARD_KEY_EC_P256, &key);
	if (err == WARD_OK)
		err = ward_pkey_to_pem(key, &key_pem);
	if (err == WARD_OK)
		err = ward_ca_make_root(key, o.name, o.days, &cert_pem);
	if (err != WARD_OK) {
		fprintf(stderr, "ward ca init: cannot make the root: %s\n",
			ward_err_name(err));
		goto out;
	}
	/* the key with 0600 from its first byte; both renamed into place
	 * only once both are written, so a failure leaves no mismatched pair */
	struct ward_cli_ca_file files[] = {
	    {paths.key, ward_buf_slice(&key_pem), 0600, {0}},
	    {paths.cert, ward_buf_slice(&cert_pem), 0644, {0}},
	};
	if (ward_cli_ca_write_files(files, 2) != 0)
		goto out;

	printf("%s the CA \"%s\" in %s\n"
	       "  certificate: %s  (give this to whatever should trust it)\n"
	       "  key:         %s  (keep it private)\n"
	       "Run 'ward ca show' for how to trust it, then "
	       "'ward ca issue localhost' for a certificate.\n",
	       exists ? "Replaced" : "Created", o.name, paths.dir, paths.cert,
	       paths.key);
	if (exists)
		printf("Certificates issued by the old CA no longer chain to "
		       "it.\n");
	if (ward_cli_ca_drop_stale_leaves(paths.dir,
					  ward_buf_slice(&cert_pem)) != 0)
		goto out;
	rc = 0;
out:
	ward_pkey_free(key);
	ward_buf_free(&key_pem);
	ward_buf_free(&cert_pem);
	return rc;
}

/* ---- issue ---- */

static int key_type_arg(const char *s, ward_key_type *out)
{
	static const struct {
		const char *name;
		ward_key_type type;
	} types[] = {
	    {"ecdsa", WARD_KEY_EC_P256},    {"ecdsa256", WARD_KEY_EC_P256},
	    {"ecdsa384", WARD_KEY_EC_P384}, {"rsa", WARD_KEY_RSA},
	    {"ed25519", WARD_KEY_ED25519},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(s, types[i].name)) {
			*out = types[i].type;
			return 0;
		}
	fprintf(stderr,
		"ward ca issue: --key-type wants ecdsa, ecdsa384, rsa or "
		"ed25519, not '%s'\n",
		s);
	return -1;
}

/* Whether name is no host name; if so, says why. */
static int bad_name(const char *name)
{
	char buf[160];
	const char *why = ward_ca_dns_name_problem(name, buf, sizeof buf);
	if (why == NULL)
		return 0;
	fprintf(stderr, "ward ca issue: '%s' is not a host name: %s\n", name,
		why);
	return 1;
}

/* A word like "-leading.test" is a name with a bad first label rather than
 * a cluster of short options: issue has no short option but -h. The words
 * after an option that takes a value are that value. */
static int option_like_name(int argc, char **argv,
			    const struct option *longopts)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			return 0;
		if (a[0] == '-' && a[1] == '-' && strchr(a, '=') == NULL) {
			for (const struct option *o = longopts; o->name; o++)
				if (o->has_arg == required_argument &&
				    !strncmp(o->name, a + 2, strlen(a + 2))) {
					i++;
					break;
				}
		} else if (a[0] == '-' && a[1] != '-' && strlen(a) > 2 &&
			   strcmp(a, "-h") != 0) {
			return bad_name(a);
		}
	}
	return 0;
}

/* Sort the names into DNS names and IPs, checking each. */
static int sort_names(struct opts *o, char **names, size_t n, const char **dns,
		      size_t *n_dns)
{
	for (size_t i = 0; i < o->n_ips; i++)
		if (!ward_ca_is_ip(o->ips[i])) {
			fprintf(stderr,
				"ward ca issue: --ip '%s' is not an IPv4 or "
				"IPv6 address\n",
				o->ips[i]);
			return -1;
		}
	*n_dns = 0;
	for (size_t i = 0; i < n; i++) {
		if (ward_ca_is_ip(names[i]))
			o->ips[o->n_ips++] = names[i];
		else if (bad_name(names[i]))
			return -1;
		else
			dns[(*n_dns)++] = names[i];
	}
	if (*n_dns + o->n_ips == 0) {
		fprintf(stderr,
			"ward ca issue: name at least one host or IP address "
			"(e.g. 'ward ca issue localhost')\n");
		return -1;
	}
	return 0;
}

/* The files are named after the first name, as mkcert does. */
static int out_path(const struct opts *o, const char *first, const char *suffix,
		    char *buf, size_t cap)
{
	char base[300];
	size_t n = 0;
	for (const char *c = first; *c && n + 10 < sizeof base; c++) {
		if (*c == '*') {
			memcpy(base + n, "_wildcard", 9);
			n += 9;
		} else {
			base[n++] = *c == ':' ? '_' : *c;
		}
	}
	base[n] = '\0';
	int len = snprintf(buf, cap, "%s/%s%s", o->out_dir ? o->out_dir : ".",
			   base, suffix);
	if (len < 0 || (size_t)len >= cap) {
		fprintf(stderr, "ward ca issue: output path too long\n");
		return -1;
	}
	return 0;
}

static void print_issued(const struct opts *o, ward_slice cert,
			 const char *cert_path, const char *key_path)
{
	struct ward_ca_cert_info info;
	char kbuf[32], tbuf[40];
	if (ward_ca_cert_info(cert, &info) != WARD_OK)
		return;
	printf("Issued by \"%s\", valid for:\n  %s\n", info.issuer, info.sans);
	printf("  certificate: %s\n  key:         %s  (%s)\n", cert_path,
	       key_path,
	       key_name(info.key_type, info.key_bits, kbuf, sizeof kbuf));
	printf("  usage:       TLS server%s\n",
	       o->client ? " and client authentication" : " authentication");
	printf("  expires:     %s%s\n", utc(info.not_after, tbuf, sizeof tbuf),
	       info.not_after < time(NULL) ? "  (already expired)" : "");
}

static int cmd_issue(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"ip", required_argument, NULL, OPT_IP},
	    {"client", no_argument, NULL, OPT_CLIENT},
	    {"days", required_argument, NULL, OPT_DAYS},
	    {"backdate", required_argument, NULL, OPT_BACKDATE},
	    {"key-type", required_argument, NULL, OPT_KEY_TYPE},
	    {"out-dir", required_argument, NULL, OPT_OUT_DIR},
	    {"cert-file", required_argument, NULL, OPT_CERT_FILE},
	    {"key-file", required_argument, NULL, OPT_KEY_FILE},
	    {"dir", required_argument, NULL, OPT_DIR},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct opts o = {.days = ISSUE_DAYS, .key_type = "ecdsa"};
	struct ward_cli_ca_paths paths;
	ward_key_type type;
	ward_pkey *ca_key = NULL, *key = NULL;
	ward_buf ca_pem = WARD_BUF_INIT, cert_pem = WARD_BUF_INIT, key_pem;
	ward_buf_init_secret(&key_pem);
	char cert_path[PATH_MAX], key_path[PATH_MAX], why[256];
	const char **dns = calloc((size_t)argc + 1, sizeof *dns);
	o.ips = calloc((size_t)argc * 2 + 1, sizeof *o.ips);
	int rc = EXIT_USAGE;
	size_t n_dns;

	if (dns == NULL || o.ips == NULL) {
		fprintf(stderr, "ward ca issue: out of memory\n");
		rc = EXIT_FAIL;
		goto out;
	}
	if (option_like_name(argc, argv, longopts) ||
	    parse_opts("issue", argc, argv, longopts, &o))
		goto out;
	if (o.help) {
		fputs(usage_issue, stdout);
		rc = 0;
		goto out;
	}
	char **names = argv + optind;
	size_t n_names = (size_t)(argc - optind);
	if (key_type_arg(o.key_type, &type) ||
	    sort_names(&o, names, n_names, dns, &n_dns))
		goto out;
	const char *first = n_names ? names[0] : o.ips[0];
	if (o.cert_file)
		snprintf(cert_path, sizeof cert_path, "%s", o.cert_file);
	else if (out_path(&o, first, ".pem", cert_path, sizeof cert_path))
		goto out;
	if (o.key_file)
		snprintf(key_path, sizeof key_path, "%s", o.key_file);
	else if (out_path(&o, first, "-key.pem", key_path, sizeof key_path))
		goto out;
	if (!strcmp(cert_path, key_path)) {
		fprintf(stderr,
			"ward ca issue: the certificate and key files are both "
			"%s\n",
			cert_path);
		goto out;
	}
	if ((rc = find_ca(&o, &paths)) != 0)
		goto out;

	rc = EXIT_FAIL;
	if (o.out_dir != NULL && ward_cli_ca_make_dir(o.out_dir) != 0)
		goto out;
	if (ward_cli_ca_read_file(paths.cert, &ca_pem) != 0)
		goto out;
	if (ward_pkey_load_pem_file(paths.key, &ca_key, why, sizeof why) !=
	    WARD_OK) {
		fprintf(stderr, "ward ca issue: cannot load the CA key: %s\n",
			why);
		goto out;
	}
	struct ward_ca_issue_params p = {
	    .ca_cert_pem = ward_buf_slice(&ca_pem),
	    .ca_key = ca_key,
	    .dns_names = dns,
	    .n_dns = n_dns,
	    .ips = o.ips,
	    .n_ips = o.n_ips,
	    .client = o.client,
	    .days = o.days,
	    .backdate_days = o.backdate,
	};
	ward_err err = ward_pkey_generate(type, &key);
	if (err == WARD_OK)
		err = ward_pkey_to_pem(key, &key_pem);
	p.subject_key = key;
	if (err == WARD_OK)
		err = ward_ca_issue(&p, &cert_pem);
	if (err != WARD_OK) {
		/* the names are checked already: an argument error here
		 * means the CA files themselves are wrong */
		if (err == WARD_ERR_ARG || err == WARD_ERR_BAD_CERTIFICATE)
			fprintf(
			    stderr,
			    "ward ca issue: unusable CA in %s: ca.pem is not "
			    "a CA certificate or ca-key.pem is not its key\n",
			    paths.dir);
		else
			fprintf(stderr, "ward ca issue: cannot issue: %s\n",
				ward_err_name(err));
		goto out;
	}
	struct ward_cli_ca_file files[] = {
	    {key_path, ward_buf_slice(&key_pem), 0600, {0}},
	    {cert_path, ward_buf_slice(&cert_pem), 0644, {0}},
	};
	if (ward_cli_ca_write_files(files, 2) != 0)
		goto out;
	print_issued(&o, ward_buf_slice(&cert_pem), cert_path, key_path);
	rc = 0;
out:
	ward_pkey_free(ca_key);
	ward_pkey_free(key);
	ward_buf_free(&ca_pem);
	ward_buf_free(&cert_pem);
	ward_buf_free(&key_pem);
	free(dns);
	free(o.ips);
	return rc;
}

/* ---- show ---- */

static int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"dir", required_argument, NULL, OPT_DIR},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct opts o = {0};
	struct ward_cli_ca_paths paths;
	struct ward_ca_cert_info info;
	ward_buf pem = WARD_BUF_INIT;
	char kbuf[32], t1[40], t2[40];
	int rc;

	if (parse_opts("show", argc, argv, longopts, &o) ||
	    no_positional("show", argc, argv))
		return EXIT_USAGE;
	if (o.help) {
		fputs(usage_show, stdout);
		return 0;
	}
	if ((rc = find_ca(&o, &paths)) != 0)
		return rc;
	if (ward_cli_ca_read_file(paths.cert, &pem) != 0)
		return EXIT_FAIL;
	ward_err err = ward_ca_cert_info(ward_buf_slice(&pem), &info);
	ward_buf_free(&pem);
	if (err != WARD_OK) {
		fprintf(stderr, "ward ca show: %s holds no certificate\n",
			paths.cert);
		return EXIT_FAIL;
	}
	printf("CA directory: %s\n", paths.dir);
	printf("certificate:  %s\n", paths.cert);
	printf("private key:  %s\n", paths.key);
	printf("subject:      %s\n", info.subject);
	printf("valid:        %s to %s%s\n",
	       utc(info.not_before, t1, sizeof t1),
	       utc(info.not_after, t2, sizeof t2),
	       info.not_after < time(NULL) ? "  (EXPIRED)" : "");
	printf("key:          %s\n",
	       key_name(info.key_type, info.key_bits, kbuf, sizeof kbuf));
	printf("SHA-256:      ");
	for (size_t i = 0; i < sizeof info.sha256; i++)
		printf("%02X%s", info.sha256[i],
		       i + 1 < sizeof info.sha256 ? ":" : "\n");
	printf(
	    "\n"
	    "To trust it:\n"
	    "  ward ca install: the system store (as root) and Chromium's NSS\n"
	    "    database ~/.pki/nssdb (as you); 'ward ca uninstall' undoes "
	    "it\n"
	    "  Debian/Ubuntu by hand (system store, curl, wget, Python):\n"
	    "    sudo cp %s /usr/local/share/ca-certificates/ward.crt\n"
	    "    sudo update-ca-certificates\n"
	    "  curl, just once:\n"
	    "    curl --cacert %s https://localhost:8443/\n"
	    "  Firefox: Settings > Privacy & Security > Certificates >\n"
	    "    View Certificates > Authorities > Import, choose %s\n"
	    "  Chrome/Chromium: Settings > Privacy and security > Security >\n"
	    "    Manage certificates > Authorities > Import, choose %s\n",
	    paths.cert, paths.cert, paths.cert, paths.cert);
	return 0;
}

int ward_cli_ca(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_ca, stderr);
		return EXIT_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") ||
	    !strcmp(sub, "help")) {
		fputs(usage_ca, stdout);
		return 0;
	}
	if (!strcmp(sub, "init"))
		return cmd_init(argc - 1, argv + 1);
	if (!strcmp(sub, "issue"))
		return cmd_issue(argc - 1, argv + 1);
	if (!strcmp(sub, "show"))
		return cmd_show(argc - 1, argv + 1);
	if (!strcmp(sub, "install") || !strcmp(sub, "uninstall"))
		return ward_cli_ca_install(argc - 1, argv + 1,
					   !strcmp(sub, "install"));
	if (sub[0] == '-')
		fprintf(stderr,
			"ward ca: expected a command (init, issue, show, "
			"install or uninstall) "
			"before '%s'\n",
			sub);
	else
		fprintf(stderr,
			"ward ca: unknown command '%s' (init, issue, show, "
			"install or uninstall)\n",
			sub);
	return EXIT_USAGE;
}

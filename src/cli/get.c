/* ward get: an HTTPS client with curl's habits (docs/get.md). Options and
 * the loop over URLs and redirects; src/client does the connections. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/get_output.h"
#include "cli/get_tls.h"
#include "cli/get_writeout.h"
#include "client/client.h"
#include "http/coding.h"

#define MAX_LIST 64

/* Exit codes: curl's numbers, so that scripts written for curl work. */
enum {
	EXIT_OTHER = 1,
	EXIT_USAGE = 2,
	EXIT_URL = 3,
	EXIT_RESOLVE = 6,
	EXIT_CONNECT = 7,
	EXIT_PROTOCOL = 8,
	EXIT_HTTP_ERROR = 22,
	EXIT_WRITE = 23,
	EXIT_READ = 26,
	EXIT_TIMEOUT = 28,
	EXIT_TLS = 35,
	EXIT_REDIRECTS = 47,
	EXIT_EMPTY = 52,
	EXIT_BAD_ENCODING = 61,
	EXIT_SEND = 55,
	EXIT_RECV = 56,
	EXIT_VERIFY = 60,
	EXIT_CA_STORE = 77,
	EXIT_PIN = 90,
};

enum {
	OPT_DATA_BINARY = 256,
	OPT_MAX_REDIRS,
	OPT_CONNECT_TIMEOUT,
	OPT_RESOLVE,
	OPT_CACERT,
	OPT_CAPATH,
	OPT_TLS_MIN,
	OPT_TLS_MAX,
	OPT_CIPHERS,
	OPT_GROUPS,
	OPT_ALPN,
	OPT_SESSION,
	OPT_EARLY_DATA,
	OPT_PINNEDPUBKEY,
	OPT_COMPRESSED,
	OPT_TRAILER,
	OPT_HELP,
};

static const struct option options[] = {
    {"request", required_argument, NULL, 'X'},
    {"header", required_argument, NULL, 'H'},
    {"data", required_argument, NULL, 'd'},
    {"data-binary", required_argument, NULL, OPT_DATA_BINARY},
    {"head", no_argument, NULL, 'I'},
    {"user", required_argument, NULL, 'u'},
    {"user-agent", required_argument, NULL, 'A'},
    {"http1.0", no_argument, NULL, '0'},
    {"output", required_argument, NULL, 'o'},
    {"remote-name", no_argument, NULL, 'O'},
    {"include", no_argument, NULL, 'i'},
    {"location", no_argument, NULL, 'L'},
    {"max-redirs", required_argument, NULL, OPT_MAX_REDIRS},
    {"fail", no_argument, NULL, 'f'},
    {"silent", no_argument, NULL, 's'},
    {"show-error", no_argument, NULL, 'S'},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"max-time", required_argument, NULL, 'm'},
    {"resolve", required_argument, NULL, OPT_RESOLVE},
    {"cacert", required_argument, NULL, OPT_CACERT},
    {"capath", required_argument, NULL, OPT_CAPATH},
    {"insecure", no_argument, NULL, 'k'},
    {"tls-min", required_argument, NULL, OPT_TLS_MIN},
    {"tls-max", required_argument, NULL, OPT_TLS_MAX},
    {"ciphers", required_argument, NULL, OPT_CIPHERS},
    {"groups", required_argument, NULL, OPT_GROUPS},
    {"alpn", required_argument, NULL, OPT_ALPN},
    {"session", required_argument, NULL, OPT_SESSION},
    {"early-data", no_argument, NULL, OPT_EARLY_DATA},
    {"pinnedpubkey", required_argument, NULL, OPT_PINNEDPUBKEY},
    {"compressed", no_argument, NULL, OPT_COMPRESSED},
    {"trailer", required_argument, NULL, OPT_TRAILER},
    {"write-out", required_argument, NULL, 'w'},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* The client's warnings (a bad session file), off with -s. */
static void warn_line(void *ctx, const char *line)
{
	(void)ctx;
	if (!ward_get_quiet)
		fprintf(stderr, "ward get: warning: %s\n", line);
}

static void unknown_variable(const char *name, size_t n)
{
	ward_get_complain("unknown --write-out variable: '%.*s'", (int)n, name);
}

static int exit_code(ward_client_status st)
{
	switch (st) {
	case WARD_CLIENT_OK:
		return 0;
	case WARD_CLIENT_URL:
		return EXIT_URL;
	case WARD_CLIENT_RESOLVE:
		return EXIT_RESOLVE;
	case WARD_CLIENT_CONNECT:
		return EXIT_CONNECT;
	case WARD_CLIENT_TLS:
		return EXIT_TLS;
	case WARD_CLIENT_VERIFY:
		return EXIT_VERIFY;
	case WARD_CLIENT_PIN:
		return EXIT_PIN;
	case WARD_CLIENT_TIMEOUT:
		return EXIT_TIMEOUT;
	case WARD_CLIENT_PROTOCOL:
		return EXIT_PROTOCOL;
	case WARD_CLIENT_EMPTY:
		return EXIT_EMPTY;
	case WARD_CLIENT_RECV:
		return EXIT_RECV;
	case WARD_CLIENT_SEND:
		return EXIT_SEND;
	case WARD_CLIENT_WRITE:
		return EXIT_WRITE;
	case WARD_CLIENT_LOCAL:
		break;
	}
	return EXIT_OTHER;
}

/* ---- options ---- */

typedef struct get_opts {
	const char *method;
	int head, include, fail, follow, http10, silent, show_error;
	int compressed;
	int data_unsized; /* -d @- from a pipe: sent chunked */
	const char *trailers[16];
	size_t n_trailers;
	long max_redirs;
	const char *headers[MAX_LIST + 3];
	size_t n_headers;
	ward_buf data;
	int has_data;
	const char *outputs[MAX_LIST]; /* NULL for -O */
	size_t n_outputs;
	const char *urls[MAX_LIST];
	size_t n_urls;
	const char *user;
	const char *write_out;
	ward_buf write_out_file; /* -w @FILE's text */
	uint8_t pins[16][32];
	int tls_min, tls_max; /* 12 or 13 */
	char suites13[1024], suites12[2048];
	char alpn_names[1024];
	const char *alpn[16];
	ward_client_opts copts;
	ward_client_resolve resolve[16];
} get_opts;

static int usage_error(const char *fmt, const char *arg)
{
	if (!ward_get_quiet) {
		fputs("ward get: ", stderr);
		fprintf(stderr, fmt, arg);
		fputs(" (see ward get --help)\n", stderr);
	}
	return EXIT_USAGE;
}

static int parse_seconds(const char *s, long *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < 0 || v > 86400 * 365)
		return -1;
	*ms = (long)(v * 1000);
	if (*ms == 0 && v > 0)
		*ms = 1;
	return 0;
}

/* "Name: value" or "Name;": a token name, no line breaks or controls. */
static int header_ok(const char *h)
{
	size_t n = strcspn(h, ":;");
	if (n == 0 || !h[n])
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!ward_http_is_tchar((unsigned char)h[i]))
			return 0;
	for (const char *p = h + n; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			return 0;
	return 1;
}

static int parse_resolve(get_opts *g, const char *arg, size_t *n)
{
	const char *c1 = strchr(arg, ':'),
		   *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	char *end;
	if (*n == sizeof g->resolve / sizeof g->resolve[0])
		return usage_error("--resolve: given more than %s times", "16");
	if (!c1 || !c2 || c1 == arg || !c2[1] ||
	    (size_t)(c1 - arg) >= WARD_URL_HOST_MAX ||
	    strlen(c2 + 1) >= sizeof g->resolve[0].addr)
		return usage_error("--resolve '%s': want HOST:PORT:ADDRESS",
				   arg);
	long port = strtol(c1 + 1, &end, 10);
	if (end != c2 || port < 1 || port > 65535)
		return usage_error("--resolve '%s': bad port", arg);
	ward_client_resolve *r = &g->resolve[(*n)++];
	snprintf(r->host, sizeof r->host, "%.*s", (int)(c1 - arg), arg);
	r->port = (uint16_t)port;
	snprintf(r->addr, sizeof r->addr, "%s", c2 + 1);
	return 0;
}

/* -d / --data-binary: DATA, @FILE or @- (stdin); -d drops CR and LF
 * from files as curl does. */
static int add_data(get_opts *g, const char *arg, int binary)
{
	if (g->has_data && ward_put_u8(&g->data, '&') != WARD_OK)
		return EXIT_OTHER;
	g->has_data = 1;
	if (arg[0] != '@')
		return ward_put_str(&g->data, arg) == WARD_OK ? 0 : EXIT_OTHER;
	struct stat st;
	char why[512];
	if (!strcmp(arg + 1, "-") &&
	    (fstat(0, &st) != 0 || !S_ISREG(st.st_mode)))
		g->data_unsized = 1;
	int rc = ward_get_slurp(arg + 1, &g->data, !binary, 0, why, sizeof why);
	if (rc == -2) {
		ward_get_complain("%s", why);
		return EXIT_READ;
	}
	return rc ? EXIT_OTHER : 0;
}

/* --pinnedpubkey; a file that cannot be read is exit 26 as for -d. */
static int parse_pins(get_opts *g, const char *arg)
{
	char why[512];
	g->copts.pins = (const uint8_t(*)[32])g->pins;
	int r = ward_get_parse_pins(arg, g->pins,
				    sizeof g->pins / sizeof g->pins[0],
				    &g->copts.n_pins, why, sizeof why);
	if (r == -2) {
		ward_get_complain("--pinnedpubkey: %s", why);
		return EXIT_READ;
	}
	return r ? usage_error("--pinnedpubkey: %s", why) : 0;
}

/* -w @FILE and -w @-: the format is the file's text. */
static int read_write_out(get_opts *g, const char *arg)
{
	char why[512];
	if (arg[0] != '@') {
		g->write_out = arg;
		return 0;
	}
	int r =
	    ward_get_read_format(arg + 1, &g->write_out_file, why, sizeof why);
	if (r == -2) {
		ward_get_complain("-w: %s", why);
		return EXIT_READ;
	}
	if (r)
		return usage_error("-w: %s", why);
	g->write_out = (const char *)g->write_out_file.data;
	return 0;
}

static int parse_ciphers(get_opts *g, const char *arg)
{
	char why[512];
	if (ward_get_split_ciphers(arg, g->suites13, sizeof g->suites13,
				   g->suites12, sizeof g->suites12, why,
				   sizeof why))
		return usage_error("--ciphers: %s", why);
	return 0;
}

static int parse_groups(get_opts *g, const char *arg)
{
	char why[512];
	if (ward_get_check_groups(arg, why, sizeof why))
		return usage_error("--groups: %s", why);
	g->copts.groups = arg;
	return 0;
}

static int parse_alpn(get_opts *g, const char *arg)
{
	char why[512];
	if (ward_get_split_alpn(arg, g->alpn_names, sizeof g->alpn_names,
				g->alpn, sizeof g->alpn / sizeof g->alpn[0],
				&g->copts.n_alpn, why, sizeof why))
		return usage_error("--alpn: %s", why);
	g->copts.alpn = g->alpn;
	return 0;
}

static int parse_args(get_opts *g, int argc, char **argv)
{
	size_t n_resolve = 0;
	int opt, rc;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":X:H:d:Iu:A:0o:OiLfsSm:kw:h",
				  options, NULL)) != -1) {
		switch (opt) {
		case 'X':
			for (const char *p = optarg; *p; p++)
				if (!ward_http_is_tchar((unsigned char)*p))
					return usage_error(
					    "-X '%s': not a method token",
					    optarg);
			if (!*optarg)
				return usage_error("-X: empty method%s", "");
			g->method = optarg;
			break;
		case 'H':
			if (g->n_headers == MAX_LIST)
				return usage_error("-H: more than %s", "64");
			if (!header_ok(optarg))
				return usage_error(
				    "-H '%s': want 'Name: value' (a token "
				    "name, no line breaks)",
				    optarg);
			g->headers[g->n_headers++] = optarg;
			break;
		case 'd':
		case OPT_DATA_BINARY:
			if ((rc = add_data(g, optarg, opt != 'd')) != 0)
				return rc;
			break;
		case 'I':
			g->head = 1;
			break;
		case 'u':
			if (!strchr(optarg, ':'))
				return usage_error(
				    "-u '%s': want USER:PASSWORD", optarg);
			g->user = optarg;
			break;
		case 'A':
			g->copts.user_agent = optarg;
			break;
		case '0':
			g->http10 = 1;
			break;
		case 'o':
		case 'O':
			if (g->n_outputs == MAX_LIST)
				return usage_error("-o/-O: more than %s", "64");
			g->outputs[g->n_outputs++] = opt == 'o' ? optarg : NULL;
			break;
		case 'i':
			g->include = 1;
			break;
		case 'L':
			g->follow = 1;
			break;
		case OPT_MAX_REDIRS: {
			char *end;
			g->max_redirs = strtol(optarg, &end, 10);
			if (*end || end == optarg || g->max_redirs < 0)
				return usage_error("--max-redirs '%s': want a "
						   "count",
						   optarg);
			break;
		}
		case 'f':
			g->fail = 1;
			break;
		case 's':
			g->silent = 1;
			break;
		case 'S':
			g->show_error = 1;
			break;
		case OPT_CONNECT_TIMEOUT:
			if (parse_seconds(optarg, &g->copts.connect_timeout_ms))
				return usage_error("--connect-timeout '%s': "
						   "want seconds",
						   optarg);
			break;
		case 'm':
			if (parse_seconds(optarg, &g->copts.max_time_ms))
				return usage_error("--max-time '%s': want "
						   "seconds",
						   optarg);
			break;
		case OPT_RESOLVE:
			if ((rc = parse_resolve(g, optarg, &n_resolve)) != 0)
				return rc;
			break;
		case OPT_CACERT:
			g->copts.cacert = optarg;
			break;
		case OPT_CAPATH:
			g->copts.capath = optarg;
			break;
		case 'k':
			g->copts.insecure = 1;
			break;
		case OPT_TLS_MIN:
		case OPT_TLS_MAX: {
			int v = ward_get_tls_version(optarg);
			if (v < 0)
				return usage_error(
				    opt == OPT_TLS_MIN
					? "--tls-min '%s': want 1.2 or 1.3"
					: "--tls-max '%s': want 1.2 or 1.3",
				    optarg);
			*(opt == OPT_TLS_MIN ? &g->tls_min : &g->tls_max) = v;
			break;
		}
		case OPT_CIPHERS:
			if ((rc = parse_ciphers(g, optarg)) != 0)
				return rc;
			break;
		case OPT_GROUPS:
			if ((rc = parse_groups(g, optarg)) != 0)
				return rc;
			break;
		case OPT_ALPN:
			if ((rc = parse_alpn(g, optarg)) != 0)
				return rc;
			break;
		case OPT_SESSION:
			if (!*optarg)
				return usage_error("--session: empty file "
						   "name%s",
						   "");
			g->copts.session_file = optarg;
			break;
		case OPT_EARLY_DATA:
			g->copts.early_data = 1;
			break;
		case 'w':
			if ((rc = read_write_out(g, optarg)) != 0)
				return rc;
			break;
		case OPT_TRAILER:
			if (g->n_trailers == 16)
				return usage_error("--trailer: more than %s",
						   "16");
			if (!header_ok(optarg) ||
			    optarg[strcspn(optarg, ":;")] != ':')
				return usage_error("--trailer '%s': want "
						   "'Name: value'",
						   optarg);
			g->trailers[g->n_trailers++] = optarg;
			break;
		case OPT_COMPRESSED:
			g->compressed = 1;
			break;
		case OPT_PINNEDPUBKEY:
			if ((rc = parse_pins(g, optarg)) != 0)
				return rc;
			break;
		case 'h':
		case OPT_HELP:
			fputs(ward_cli_get_usage, stdout);
			return -1;
		case ':':
			return usage_error("%s: needs a value",
					   argv[optind - 1]);
		default:
			return usage_error("%s: unknown option",
					   argv[optind - 1]);
		}
		ward_get_quiet = g->silent && !g->show_error;
	}
	for (int i = optind; i < argc; i++) {
		if (g->n_urls == MAX_LIST)
			return usage_error("more than %s URLs", "64");
		g->urls[g->n_urls++] = argv[i];
	}
	if (g->n_urls == 0)
		return usage_error("no URL given%s", "");
	if (g->n_outputs > g->n_urls)
		return usage_error("more -o/-O than URLs%s", "");
	if (g->n_trailers && (!g->has_data || g->http10))
		return usage_error("--trailer: needs a body (-d) sent chunked, "
				   "so HTTP/1.1%s",
				   "");
	if (g->head && g->has_data)
		return usage_error("-I and -d: a HEAD request has no body%s",
				   "");
	int lo = g->tls_min ? g->tls_min : 12,
	    hi = g->tls_max ? g->tls_max : 13;
	if (lo > hi)
		return usage_error("--tls-min is newer than --tls-max%s", "");
	g->copts.tls12 = lo <= 12;
	g->copts.tls13 = hi >= 13;
	g->copts.suites12 = g->suites12;
	g->copts.suites13 = g->suites13;
	if (g->suites13[0] == 0 && g->suites12[0] && !g->copts.tls12)
		return usage_error("--ciphers: only TLS 1.2 suites, but TLS "
				   "1.2 is not offered%s",
				   "");
	if (g->suites12[0] == 0 && g->suites13[0] && !g->copts.tls13)
		return usage_error("--ciphers: only TLS 1.3 suites, but TLS "
				   "1.3 is not offered%s",
				   "");
	g->copts.resolve = g->resolve;
	g->copts.n_resolve = n_resolve;
	return 0;
}

/* ---- one URL ---- */

static ward_http_method method_enum(const char *name)
{
	if (!strcmp(name, "HEAD"))
		return WARD_HTTP_HEAD;
	if (!strcmp(name, "CONNECT"))
		return WARD_HTTP_CONNECT;
	if (!strcmp(name, "POST"))
		return WARD_HTTP_POST;
	return WARD_HTTP_GET;
}

/* The headers of one request: the user's, then what -d and -u add
 * unless the user gave them. */
static size_t request_headers(const get_opts *g, const ward_url *u,
			      const char *auth_host, const char **h,
			      ward_buf *auth)
{
	size_t n = 0;
	int has_type = 0, has_auth = 0, has_encoding = 0;
	for (size_t i = 0; i < g->n_headers; i++) {
		h[n++] = g->headers[i];
		has_type |= !strncasecmp(g->headers[i], "content-type", 12) &&
			    strchr(":;", g->headers[i][12]);
		has_auth |= !strncasecmp(g->headers[i], "authorization", 13) &&
			    strchr(":;", g->headers[i][13]);
		has_encoding |=
		    !strncasecmp(g->headers[i], "accept-encoding", 15) &&
		    strchr(":;", g->headers[i][15]);
	}
	if (g->has_data && !has_type)
		h[n++] = "Content-Type: application/x-www-form-urlencoded";
	if (g->compressed && !has_encoding)
		h[n++] = "Accept-Encoding: gzip, deflate";
	const char *cred = g->user ? g->user : u->userinfo;
	/* credentials go to the host they were given for only */
	if (*cred && !has_auth && !strcmp(u->host, auth_host)) {
		ward_buf_clear(auth);
		if (ward_put_str(auth, "Authorization: Basic ") == WARD_OK &&
		    ward_base64_encode(auth, cred, strlen(cred)) == WARD_OK &&
		    ward_put_u8(auth, 0) == WARD_OK)
			h[n++] = (const char *)auth->data;
	}
	return n;
}

static int fetch_url(ward_client *c, const get_opts *g, size_t index,
		     int *status)
{
	static ward_url url, next;
	char why[1024] = "", name[256];
	const char *headers[MAX_LIST + 3];
	ward_buf auth = WARD_BUF_INIT;
	ward_get_transfer t = {
	    .include = g->include || g->head,
	    .fail = g->fail,
	    .follow = g->follow,
	    .compressed = g->compressed,
	};
	int rc = 0;
	ward_client_status st =
	    ward_url_parse(g->urls[index], &url, why, sizeof why);
	if (st != WARD_CLIENT_OK) {
		ward_get_complain("%s", why);
		return EXIT_URL;
	}
	char auth_host[WARD_URL_HOST_MAX];
	snprintf(auth_host, sizeof auth_host, "%s", url.host);
	if (index < g->n_outputs) {
		t.path = g->outputs[index];
		if (!t.path &&
		    !(t.path = ward_get_remote_name(&url, name, sizeof name))) {
			ward_get_complain("-O: no file name in the URL '%s'",
					  g->urls[index]);
			return EXIT_WRITE;
		}
	}
	/* like curl: a bar when stderr is a terminal and the body is not */
	t.progress = !g->silent && isatty(2) && (t.path || !isatty(1));
	const char *method = g->method	   ? g->method
			     : g->head	   ? "HEAD"
			     : g->has_data ? "POST"
					   : "GET";
	int send_body = g->has_data;
	/* --max-time covers the URL and the redirects it leads to */
	long long deadline = g->copts.max_time_ms
				 ? ward_client_now_ms() + g->copts.max_time_ms
				 : 0;
	ward_client_sink sink = ward_get_sink(&t);
	for (long redirs = 0;; redirs++) {
		ward_client_request req = {
		    .url = &url,
		    .method = method_enum(method),
		    .method_name = method,
		    .http10 = g->http10,
		    .headers = headers,
		    .body = g->data.data,
		    .body_len = g->data.len,
		    .has_body = send_body,
		    .chunked = g->data_unsized,
		    .trailers = g->trailers,
		    .n_trailers = g->n_trailers,
		    .deadline_ms = deadline,
		};
		req.n_headers =
		    request_headers(g, &url, auth_host, headers, &auth);
		t.redirecting = t.failing = 0;
		st = ward_client_fetch(c, &req, &sink, why, sizeof why);
		if (st == WARD_CLIENT_OK && t.inflate && t.coded &&
		    !ward_inflate_done(t.inflate))
			t.decode_failed = 1;
		if (t.decode_failed) {
			ward_get_complain(
			    "cannot decode the body from %s: a corrupt or "
			    "cut %s stream",
			    url.host, "Content-Encoding");
			rc = EXIT_BAD_ENCODING;
			break;
		}
		if (st != WARD_CLIENT_OK) {
			if (!t.write_failed)
				ward_get_complain("%s", why);
			rc = t.write_failed ? EXIT_WRITE : exit_code(st);
			break;
		}
		if (!t.redirecting)
			break;
		if (!t.location[0]) {
			ward_get_complain(
			    "bad redirect from %s: an empty or overlong "
			    "Location",
			    url.host);
			rc = EXIT_URL;
			break;
		}
		if (redirs == g->max_redirs) {
			ward_get_complain(
			    "maximum (%ld) redirects followed, the last "
			    "to %s",
			    g->max_redirs, t.location);
			rc = EXIT_REDIRECTS;
			break;
		}
		if ((st = ward_url_join(&url, t.location, &next, why,
					sizeof why)) != WARD_CLIENT_OK) {
			ward_get_complain("bad redirect from %s: %s", url.host,
					  why);
			rc = EXIT_URL;
			break;
		}
		/* RFC 9110 15.4: 301 and 302 (for POST, as browsers do) and
		 * 303 (but HEAD) become GET without a body; 307 and 308 keep
		 * the method and the body */
		int to_get = (t.status == 303 && strcmp(method, "HEAD")) ||
			     ((t.status == 301 || t.status == 302) &&
			      !strcmp(method, "POST"));
		if (to_get) {
			method = "GET";
			send_body = 0;
		}
		url = next;
	}
	ward_get_progress_end(&t);
	*status = t.status;
	if (rc == 0 && t.failing) {
		ward_get_complain("the requested URL returned error: %d",
				  t.status);
		rc = EXIT_HTTP_ERROR;
	}
	if (rc == 0 && !t.failing)
		ward_get_output(&t); /* an empty body still makes the file */
	if (t.out && (fflush(t.out) != 0 || ferror(t.out)) && !rc) {
		ward_get_complain("cannot write '%s': %s",
				  t.path ? t.path : "stdout", strerror(errno));
		rc = EXIT_WRITE;
	}
	if (t.out && t.out != stdout && fclose(t.out) != 0 && !rc)
		rc = EXIT_WRITE;
	if (rc == 0 && t.write_failed)
		rc = EXIT_WRITE;
	ward_buf_free(&auth);
	ward_inflate_free(t.inflate);
	return rc;
}

int ward_cli_get(int argc, char **argv)
{
	static get_opts g;
	char why[1024] = "", agent[64];
	memset(&g, 0, sizeof g);
	ward_get_quiet = 0;
	g.max_redirs = 50;
	ward_buf_init(&g.data);
	ward_buf_init(&g.write_out_file);
	snprintf(agent, sizeof agent, "ward/%s", WARD_VERSION);
	g.copts.user_agent = agent;
	int rc = parse_args(&g, argc, argv);
	if (rc != 0) {
		ward_buf_free(&g.data);
		ward_buf_free(&g.write_out_file);
		return rc < 0 ? 0 : rc;
	}
	if (g.copts.insecure)
		/* loud on purpose, even with -s */
		fputs("ward get: WARNING: --insecure: the server's certificate "
		      "and name are NOT verified; anyone on the path can read "
		      "and change this connection\n",
		      stderr);
	g.copts.warn = warn_line;
	ward_client *c = ward_client_new(&g.copts, why, sizeof why);
	if (!c) {
		ward_get_complain("cannot load the trusted CAs: %s", why);
		ward_buf_free(&g.data);
		ward_buf_free(&g.write_out_file);
		return EXIT_CA_STORE;
	}
	/* like curl: every URL is fetched, the last failure is the exit
	 * code */
	for (size_t i = 0; i < g.n_urls; i++) {
		ward_get_stats ts = {0, ward_client_now_us(),
				     ward_client_connections(c)};
		int r = fetch_url(c, &g, i, &ts.status);
		ts.connects = ward_client_connections(c) - ts.connects;
		if (g.write_out)
			ward_get_write_out(g.write_out, ward_client_last(c),
					   &ts, unknown_variable);
		if (r)
			rc = r;
	}
	ward_client_free(c);
	ward_buf_free(&g.data);
	ward_buf_free(&g.write_out_file);
	return rc;
}

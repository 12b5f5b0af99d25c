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
#include "cli/get_int.h"
#include "cli/get_output.h"
#include "cli/get_tls.h"
#include "cli/get_trace.h"
#include "cli/get_writeout.h"
#include "client/client.h"
#include "http/coding.h"

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
	OPT_KEY,
	OPT_COMPRESSED,
	OPT_TRAILER,
	OPT_HELP,
	OPT_TRACE_JSON,
	OPT_LADDER,
	OPT_PIPELINE,
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
    {"cert", required_argument, NULL, 'E'},
    {"key", required_argument, NULL, OPT_KEY},
    {"compressed", no_argument, NULL, OPT_COMPRESSED},
    {"trailer", required_argument, NULL, OPT_TRAILER},
    {"write-out", required_argument, NULL, 'w'},
    {"help", no_argument, NULL, OPT_HELP},
    {"verbose", no_argument, NULL, 'v'},
    {"trace-json", required_argument, NULL, OPT_TRACE_JSON},
    {"ladder", no_argument, NULL, OPT_LADDER},
    {"cookie", required_argument, NULL, 'b'},
    {"cookie-jar", required_argument, NULL, 'c'},
    {"pipeline", no_argument, NULL, OPT_PIPELINE},
    {NULL, 0, NULL, 0},
};

/* The client's warnings (a bad session file), off with -s. */
static void warn_line(void *ctx, const char *line)
{
	(void)ctx;
	if (!ward_get_quiet)
		fprintf(stderr, "ward get: warning: %s\n", line);
}

/* ---- options ---- */

/* -v, --trace-json, --ladder */
static ward_get_trace trace;

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
	g->n_data++;
	if (!strcmp(arg + 1, "-") &&
	    (fstat(0, &st) != 0 || !S_ISREG(st.st_mode))) {
		g->data_unsized = 1;
		/* read later: streamed, or slurped in its place */
		if (!g->stdin_pending) {
			g->stdin_pending = 1;
			g->stdin_at = g->data.len;
			g->stream_drop_newlines = !binary;
		}
		return 0;
	}
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

/* -d @- from a pipe: streamed when it is the one body of one HTTP/1.1
 * request (nothing to send twice), else read now into its place. */
static int stdin_body(get_opts *g)
{
	ward_buf in = WARD_BUF_INIT;
	char why[512];
	if (!g->stdin_pending)
		return 0;
	if (g->n_data == 1 && g->n_urls == 1 && !g->http10) {
		g->stream = 1;
		return 0;
	}
	int rc = ward_get_slurp("-", &in, g->stream_drop_newlines, 0, why,
				sizeof why);
	size_t tail = g->data.len - g->stdin_at;
	uint8_t *at;
	if (rc == 0 && ward_buf_extend(&g->data, in.len, &at) == WARD_OK) {
		memmove(g->data.data + g->stdin_at + in.len,
			g->data.data + g->stdin_at, tail);
		memcpy(g->data.data + g->stdin_at, in.data, in.len);
	} else if (rc == 0) {
		rc = -1;
	}
	ward_buf_free(&in);
	if (rc == -2)
		ward_get_complain("%s", why);
	return rc == -2 ? EXIT_READ : rc ? EXIT_OTHER : 0;
}

static int parse_args(get_opts *g, int argc, char **argv)
{
	size_t n_resolve = 0;
	int opt, rc;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":X:H:d:Iu:A:0o:OiLfsSm:kE:w:hb:c:v",
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
		case 'v':
			trace.verbose = 1;
			break;
		case OPT_TRACE_JSON:
			if (!*optarg)
				return usage_error("--trace-json: empty file "
						   "name%s",
						   "");
			g->trace_json = optarg;
			break;
		case OPT_LADDER:
			trace.ladder = 1;
			break;
		case 'b': {
			char why[512];
			if (ward_get_cookies_arg(&g->cookies, optarg, why,
						 sizeof why))
				return usage_error("-b: %s", why);
			break;
		}
		case 'c':
			if (!*optarg)
				return usage_error("-c: empty file name%s", "");
			g->cookies.on = 1;
			g->cookies.write = optarg;
			break;
		case OPT_PIPELINE:
			g->pipeline = 1;
			break;
		case 'E':
			g->copts.cert_file = optarg;
			break;
		case OPT_KEY:
			g->copts.key_file = optarg;
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
	return stdin_body(g);
}

int ward_cli_get(int argc, char **argv)
{
	static get_opts g;
	char why[1024] = "", agent[64];
	memset(&g, 0, sizeof g);
	memset(&trace, 0, sizeof trace);
	g.trace = &trace;
	ward_get_cookies_init(&g.cookies);
	ward_get_quiet = 0;
	g.max_redirs = 50;
	ward_buf_init(&g.data);
	ward_buf_init(&g.write_out_file);
	snprintf(agent, sizeof agent, "ward/%s", WARD_VERSION);
	g.copts.user_agent = agent;
	int rc = parse_args(&g, argc, argv);
	if (rc == 0 && ward_get_cookies_load(&g.cookies, warn_line, why,
					     sizeof why) != 0) {
		ward_get_complain("-b: %s", why);
		rc = EXIT_READ;
	}
	if (rc != 0) {
		ward_get_cookies_free(&g.cookies);
		ward_buf_free(&g.data);
		ward_buf_free(&g.write_out_file);
		return rc < 0 ? 0 : rc;
	}
	if (g.cookies.on) {
		g.copts.cookies = &g.cookies.jar;
		g.copts.cookie_literal = (const char *)g.cookies.literal.data;
	}
	if (g.copts.insecure)
		/* loud on purpose, even with -s */
		fputs("ward get: WARNING: --insecure: the server's certificate "
		      "and name are NOT verified; anyone on the path can read "
		      "and change this connection\n",
		      stderr);
	g.copts.warn = warn_line;
	if (g.copts.key_file && !g.copts.cert_file) {
		ward_get_cookies_free(&g.cookies);
		ward_buf_free(&g.data);
		ward_buf_free(&g.write_out_file);
		return usage_error("--key needs --cert%s", "");
	}
	if (g.copts.cert_file &&
	    ward_get_check_client_cert(g.copts.cert_file, g.copts.key_file,
				       why, sizeof why) < 0) {
		ward_get_complain("--cert: %s", why);
		ward_get_cookies_free(&g.cookies);
		ward_buf_free(&g.data);
		ward_buf_free(&g.write_out_file);
		return EXIT_LOCAL_CERT;
	}
	if (g.trace_json && !strcmp(g.trace_json, "-")) {
		trace.json = stdout;
	} else if (g.trace_json && !(trace.json = fopen(g.trace_json, "we"))) {
		ward_get_complain("--trace-json: cannot write '%s': %s",
				  g.trace_json, strerror(errno));
		ward_get_cookies_free(&g.cookies);
		ward_buf_free(&g.data);
		ward_buf_free(&g.write_out_file);
		return EXIT_WRITE;
	}
	ward_get_trace_install(&trace, &g.copts);
	ward_client *c = ward_client_new(&g.copts, why, sizeof why);
	if (!c) {
		ward_get_complain("cannot load the trusted CAs: %s", why);
		ward_get_cookies_free(&g.cookies);
		ward_buf_free(&g.data);
		ward_buf_free(&g.write_out_file);
		return EXIT_CA_STORE;
	}
	/* like curl: every URL is fetched, the last failure is the exit
	 * code */
	int pipelined =
	    g.pipeline && g.n_urls > 1 && ward_get_fetch_pipelined(c, &g, &rc);
	for (size_t i = 0; i < g.n_urls && !pipelined; i++)
		ward_get_fetch_one(c, &g, i, &rc);
	ward_client_free(c);
	ward_get_trace_finish(&trace);
	if (trace.json && trace.json != stdout && fclose(trace.json) != 0 &&
	    !rc)
		rc = EXIT_WRITE;
	/* -c: written at the end, whatever happened (as curl does) */
	if (ward_get_cookies_save(&g.cookies, why, sizeof why) != 0) {
		ward_get_complain("-c: %s", why);
		if (!rc)
			rc = EXIT_WRITE;
	}
	ward_get_cookies_free(&g.cookies);
	ward_buf_free(&g.data);
	ward_buf_free(&g.write_out_file);
	return rc;
}

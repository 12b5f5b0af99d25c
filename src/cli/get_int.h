/* ward get (internal to src/cli/get*.c): the options as parsed, the
 * exit codes, and the fetching of URLs (get_fetch.c). */
#ifndef WARD_CLI_GET_INT_H
#define WARD_CLI_GET_INT_H

#include "cli/get_cookie.h"
#include "cli/get_trace.h"
#include "client/client.h"

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
	EXIT_LOCAL_CERT = 58, /* curl: problem with the local certificate */
	EXIT_SEND = 55,
	EXIT_RECV = 56,
	EXIT_VERIFY = 60,
	EXIT_CA_STORE = 77,
	EXIT_PIN = 90,
	EXIT_REWIND = 65,
};

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
	ward_get_cookies cookies; /* -b, -c */
	int pipeline;
	/* -d @- from a pipe: where stdin's bytes go in data; streamed as
	 * they come when they are the whole body of one request */
	size_t n_data, stdin_at;
	int stdin_pending, stream, stream_drop_newlines;
	const char *trace_json; /* --trace-json FILE, "-" for stdout */
	ward_get_trace *trace;	/* -v, --trace-json, --ladder */
} get_opts;

/* The exit code of a client failure. */
int ward_get_exit_code(ward_client_status st);
/* Fetch URL index (and the redirects it leads to), then its -w; the
 * exit code is set when it failed. */
void ward_get_fetch_one(ward_client *c, const get_opts *g, size_t index,
			int *rc);
/* --pipeline: 1 when the URLs were fetched pipelined, 0 when they must
 * go one at a time (said on stderr). */
int ward_get_fetch_pipelined(ward_client *c, const get_opts *g, int *rc);

#endif

/* ward get: one URL and its redirects, or several pipelined (get_int.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/get_int.h"
#include "cli/get_output.h"
#include "cli/get_writeout.h"

static void unknown_variable(const char *name, size_t n)
{
	ward_get_complain("unknown --write-out variable: '%.*s'", (int)n, name);
}

int ward_get_exit_code(ward_client_status st)
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
	case WARD_CLIENT_BODY:
		return EXIT_READ;
	case WARD_CLIENT_LOCAL:
		break;
	}
	return EXIT_OTHER;
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

/* One URL and the redirects it leads to. */
typedef struct url_job {
	ward_url url, next;
	ward_get_transfer t;
	ward_client_sink sink;
	ward_get_trace_link trace_link;
	char auth_host[WARD_URL_HOST_MAX], name[256];
	const char *method;
	int send_body;
	long long deadline;
	const char *headers[MAX_LIST + 3];
	ward_buf auth;
	ward_client_request req;
	int rc;
	/* --pipeline: the first response already read */
	int prefetched;
	ward_client_status pre_st;
	char why[1024];
} url_job;

/* The job of URL index, before its first request; 0 or an exit code. */
static int job_begin(const get_opts *g, size_t index, url_job *j)
{
	ward_get_transfer t = {
	    .include = g->include || g->head,
	    .fail = g->fail,
	    .follow = g->follow,
	    .compressed = g->compressed,
	};
	j->t = t;
	ward_buf_init(&j->auth);
	if (ward_url_parse(g->urls[index], &j->url, j->why, sizeof j->why) !=
	    WARD_CLIENT_OK) {
		ward_get_complain("%s", j->why);
		return EXIT_URL;
	}
	snprintf(j->auth_host, sizeof j->auth_host, "%s", j->url.host);
	if (index < g->n_outputs) {
		j->t.path = g->outputs[index];
		if (!j->t.path && !(j->t.path = ward_get_remote_name(
					&j->url, j->name, sizeof j->name))) {
			ward_get_complain("-O: no file name in the URL '%s'",
					  g->urls[index]);
			return EXIT_WRITE;
		}
	}
	/* like curl: a bar when stderr is a terminal and the body is not */
	j->t.progress = !g->silent && isatty(2) && (j->t.path || !isatty(1));
	j->method = g->method	  ? g->method
		    : g->head	  ? "HEAD"
		    : g->has_data ? "POST"
				  : "GET";
	j->send_body = g->has_data;
	/* --max-time covers the URL and the redirects it leads to */
	j->deadline = g->copts.max_time_ms
			  ? ward_client_now_ms() + g->copts.max_time_ms
			  : 0;
	ward_client_sink base = ward_get_sink(&j->t);
	j->sink = ward_get_trace_sink(g->trace, &j->trace_link, &base);
	return 0;
}

/* The request to j->url now. */
static void job_request(const get_opts *g, url_job *j)
{
	static int drop_newlines;
	ward_client_request req = {
	    .url = &j->url,
	    .method = method_enum(j->method),
	    .method_name = j->method,
	    .http10 = g->http10,
	    .headers = j->headers,
	    .body = g->data.data,
	    .body_len = g->data.len,
	    .has_body = j->send_body,
	    .chunked = g->data_unsized,
	    .trailers = g->trailers,
	    .n_trailers = g->n_trailers,
	    .deadline_ms = j->deadline,
	};
	if (g->stream) {
		drop_newlines = g->stream_drop_newlines;
		req.body_read = ward_get_read_stdin;
		req.body_ctx = &drop_newlines;
	}
	j->req = req;
	j->req.n_headers =
	    request_headers(g, &j->url, j->auth_host, j->headers, &j->auth);
}

/* The job's requests until a final answer, then its output. */
static int job_run(ward_client *c, const get_opts *g, url_job *j, int *status)
{
	ward_get_transfer *t = &j->t;
	ward_client_status st;
	int rc = 0, streamed = 0;
	for (long redirs = 0;; redirs++) {
		if (redirs == 0 && j->prefetched) {
			st = j->pre_st;
		} else {
			job_request(g, j);
			t->redirecting = t->failing = 0;
			streamed |= j->req.body_read && j->send_body;
			st = ward_client_fetch(c, &j->req, &j->sink, j->why,
					       sizeof j->why);
		}
		if (st == WARD_CLIENT_OK && t->inflate && t->coded &&
		    !ward_inflate_done(t->inflate))
			t->decode_failed = 1;
		if (t->decode_failed) {
			ward_get_complain(
			    "cannot decode the body from %s: a corrupt or "
			    "cut %s stream",
			    j->url.host, "Content-Encoding");
			rc = EXIT_BAD_ENCODING;
			break;
		}
		if (st != WARD_CLIENT_OK) {
			if (!t->write_failed)
				ward_get_complain("%s", j->why);
			rc = t->write_failed ? EXIT_WRITE
					     : ward_get_exit_code(st);
			break;
		}
		if (!t->redirecting)
			break;
		if (!t->location[0]) {
			ward_get_complain(
			    "bad redirect from %s: an empty or overlong "
			    "Location",
			    j->url.host);
			rc = EXIT_URL;
			break;
		}
		if (redirs == g->max_redirs) {
			ward_get_complain(
			    "maximum (%ld) redirects followed, the last "
			    "to %s",
			    g->max_redirs, t->location);
			rc = EXIT_REDIRECTS;
			break;
		}
		if ((st = ward_url_join(&j->url, t->location, &j->next, j->why,
					sizeof j->why)) != WARD_CLIENT_OK) {
			ward_get_complain("bad redirect from %s: %s",
					  j->url.host, j->why);
			rc = EXIT_URL;
			break;
		}
		/* RFC 9110 15.4: 301 and 302 (for POST, as browsers do) and
		 * 303 (but HEAD) become GET without a body; 307 and 308 keep
		 * the method and the body */
		int to_get = (t->status == 303 && strcmp(j->method, "HEAD")) ||
			     ((t->status == 301 || t->status == 302) &&
			      !strcmp(j->method, "POST"));
		if (to_get) {
			j->method = "GET";
			j->send_body = 0;
		}
		/* a body read from a pipe as it came is gone */
		if (streamed && j->send_body) {
			ward_get_complain(
			    "cannot follow the %d redirect to %s: the body "
			    "read from stdin cannot be sent again",
			    t->status, t->location);
			rc = EXIT_REWIND;
			break;
		}
		j->url = j->next;
	}
	ward_get_progress_end(t);
	*status = t->status;
	if (rc == 0 && t->failing) {
		ward_get_complain("the requested URL returned error: %d",
				  t->status);
		rc = EXIT_HTTP_ERROR;
	}
	if (rc == 0 && !t->failing)
		ward_get_output(t); /* an empty body still makes the file */
	if (t->out && (fflush(t->out) != 0 || ferror(t->out)) && !rc) {
		ward_get_complain("cannot write '%s': %s",
				  t->path ? t->path : "stdout",
				  strerror(errno));
		rc = EXIT_WRITE;
	}
	if (t->out && t->out != stdout && fclose(t->out) != 0 && !rc)
		rc = EXIT_WRITE;
	if (rc == 0 && t->write_failed)
		rc = EXIT_WRITE;
	return rc;
}

static void job_end(url_job *j)
{
	ward_buf_free(&j->auth);
	ward_inflate_free(j->t.inflate);
}

static int fetch_url(ward_client *c, const get_opts *g, size_t index,
		     int *status)
{
	static url_job j;
	memset(&j, 0, sizeof j);
	int rc = job_begin(g, index, &j);
	if (rc == 0)
		rc = job_run(c, g, &j, status);
	job_end(&j);
	return rc;
}

/* After each URL: -w, and the exit code (the last failure). */
static void url_done(ward_client *c, const get_opts *g, ward_get_stats *ts,
		     int r, int *rc)
{
	ts->connects = ward_client_connections(c) - ts->connects;
	if (g->write_out)
		ward_get_write_out(g->write_out, ward_client_last(c), ts,
				   unknown_variable);
	if (r)
		*rc = r;
}

/* --pipeline: why the URLs cannot be pipelined, or NULL. */
static const char *no_pipeline(const get_opts *g, const url_job *jobs)
{
	if (!ward_client_idempotent(jobs[0].method))
		return "the method is not idempotent";
	if (g->stream)
		return "the body is streamed from stdin";
	for (size_t i = 1; i < g->n_urls; i++)
		if (!ward_url_same_origin(&jobs[0].url, &jobs[i].url))
			return "the URLs are not all of one origin";
	return NULL;
}

/* --pipeline: every URL's first request written at once, the answers
 * read in order, then each URL finished (its redirects one by one).
 * 1 when done, 0 when the URLs must go one at a time. */
int ward_get_fetch_pipelined(ward_client *c, const get_opts *g, int *rc)
{
	size_t n = g->n_urls;
	url_job *jobs = calloc(n, sizeof *jobs);
	ward_client_request *reqs = calloc(n, sizeof *reqs);
	ward_client_sink *sinks = calloc(n, sizeof *sinks);
	ward_client_status *st = calloc(n, sizeof *st);
	char *whys = calloc(n, sizeof jobs[0].why);
	const char *why = NULL;
	int done = 0;
	if (!jobs || !reqs || !sinks || !st || !whys)
		goto out;
	/* a bad URL or output: one at a time, where it is said once */
	int quiet = ward_get_quiet, bad = 0;
	ward_get_quiet = 1;
	for (size_t i = 0; i < n && !bad; i++)
		bad = job_begin(g, i, &jobs[i]) != 0;
	ward_get_quiet = quiet;
	if (bad)
		goto out;
	why = no_pipeline(g, jobs);
	if (why) {
		/* curl pipelines nothing it cannot: it says so and goes on */
		if (!ward_get_quiet)
			fprintf(stderr,
				"ward get: note: --pipeline: %s; the requests "
				"go one at a time\n",
				why);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		job_request(g, &jobs[i]);
		reqs[i] = jobs[i].req;
		sinks[i] = jobs[i].sink;
	}
	ward_get_stats ts = {0, ward_client_now_us(),
			     ward_client_connections(c)};
	ward_client_pipeline(c, reqs, n, sinks, st, whys, sizeof jobs[0].why);
	for (size_t i = 0; i < n; i++) {
		jobs[i].prefetched = 1;
		jobs[i].pre_st = st[i];
		memcpy(jobs[i].why, whys + i * sizeof jobs[0].why,
		       sizeof jobs[0].why);
		int r = job_run(c, g, &jobs[i], &ts.status);
		url_done(c, g, &ts, r, rc);
		ts.connects = ward_client_connections(c);
		ts.start = ward_client_now_us();
	}
	done = 1;
out:
	for (size_t i = 0; jobs && i < n; i++)
		job_end(&jobs[i]);
	free(jobs);
	free(reqs);
	free(sinks);
	free(st);
	free(whys);
	return done;
}

void ward_get_fetch_one(ward_client *c, const get_opts *g, size_t index,
			int *rc)
{
	ward_get_stats ts = {0, ward_client_now_us(),
			     ward_client_connections(c)};
	int r = fetch_url(c, g, index, &ts.status);
	url_done(c, g, &ts, r, rc);
}

/* ward get -v, --trace-json and --ladder (docs/get.md): the client's
 * steps, the request and response heads, and every TLS event with its
 * decoded fields and its time since the start. */
#ifndef WARD_CLI_GET_TRACE_H
#define WARD_CLI_GET_TRACE_H

#include <stdio.h>

#include "client/client.h"

typedef struct ward_get_trace {
	int verbose;		/* -v: lines on stderr */
	int ladder;		/* --ladder: the two-column drawing on stderr */
	FILE *json;		/* --trace-json: JSON lines; NULL: none */
	int insecure;		/* -k: the chain is not checked */
	long long t0;		/* ward_client_now_us at the start */
	unsigned conn;		/* connections so far */
	unsigned rt;		/* the round trip of the current connection */
	int last_dir;		/* 1 sent, 0 received, -1 nothing yet */
	int cert_seen;		/* a Certificate arrived, its result not said */
	int app_seen;		/* application data sent on this connection */
	/* --ladder: a row of application data records being counted */
	unsigned pend_count, pend_rt;
	int pend_sent;
	double pend_ms;
	char pend_label[64];
} ward_get_trace;

/* Hook t into the client's options (trace lines, TLS events, request
 * heads) when any of -v, --trace-json, --ladder is on. */
void ward_get_trace_install(ward_get_trace *t, ward_client_opts *o);
/* A sink that shows each response head (-v), then hands it to inner;
 * link holds both and lives as long as the sink (one per request, so
 * that pipelined answers reach their own sinks). */
typedef struct ward_get_trace_link {
	ward_get_trace *t;
	ward_client_sink inner;
} ward_get_trace_link;
ward_client_sink ward_get_trace_sink(ward_get_trace *t,
				     ward_get_trace_link *link,
				     const ward_client_sink *inner);
int ward_get_trace_on(const ward_get_trace *t);
/* The ladder's last row, at the end. */
void ward_get_trace_finish(ward_get_trace *t);

#endif

/* Shared by worker.c and conn.c only. */
#ifndef WARD_SERVER_WORKER_INT_H
#define WARD_SERVER_WORKER_INT_H

#include "server/conn.h"
#include "server/worker.h"

typedef struct ward_listener {
	ward_io io;
	struct ward_worker *w;
	int https;
} ward_listener;

typedef struct ward_worker {
	const ward_server_config *cfg;
	ward_loop *loop;
	ward_listener *listeners;
	size_t n_listeners;
	ward_conn *conns; /* every open connection, for draining */
	size_t n_conns;
	size_t max_conns; /* --max-connections, fitted to RLIMIT_NOFILE */
	int reserve_fd;	  /* closed to refuse a connection when out of fds */
	ward_timer accept_pause; /* listeners rest after EMFILE/ENFILE */
	size_t peak_conns;	 /* most connections since the last trim */
	ward_timer trim;	 /* memory goes back after a spike */
	int draining;
	uint64_t drain_end; /* loop time at which a drain stops the worker */
	int https_port; /* for redirects: the port of the first --listen */
	ward_http_request req; /* the head being handled (one at a time) */
	ward_response *spare[64]; /* responses to lend, buffers kept */
	size_t n_spare;
	void *pool[256]; /* I/O buffers of WARD_WORKER_BUF bytes to lend */
	size_t n_pool;
} ward_worker;

/* An I/O buffer holds one whole TLS record, or one read. */
#define WARD_WORKER_BUF (17 * 1024)

/* Give b (empty, without storage) a pooled buffer; on failure it stays
 * empty and grows by itself. */
void ward_worker_buf_take(ward_worker *w, ward_buf *b);
/* Take b's storage back (b must be empty); odd sizes are freed. */
void ward_worker_buf_give(ward_worker *w, ward_buf *b);

/* Lend a response, initialised; give it back when it is sent. */
ward_response *ward_worker_response_get(ward_worker *w);
void ward_worker_response_put(ward_worker *w, ward_response *r);

ward_conn *ward_conn_new(ward_worker *w, int fd, const char *peer,
			 const ward_tls_config *tls);
void ward_conn_close(ward_conn *c);
void ward_conn_drain(ward_conn *c);

void ward_worker_conn_gone(ward_worker *w, ward_conn *c);
int ward_worker_draining(const ward_worker *w);
/* The plain-HTTP listener's answer: 308 to the https URL. */
ward_err ward_worker_redirect(const ward_worker *w,
			      const ward_http_request *req,
			      ward_response *resp);

#endif

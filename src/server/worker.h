/* The worker side of `ward serve`: accepting connections and running each
 * through TLS and HTTP (conn.c), the plain-HTTP redirect, and draining.
 * These are the hooks master.c calls. */
#ifndef WARD_SERVER_WORKER_H
#define WARD_SERVER_WORKER_H

#include "server/config.h"
#include "server/loop.h"

int ward_worker_main(const ward_server_config *cfg, ward_loop *loop,
		     const int *listen_fds, size_t n_listen, int redirect_fd,
		     void *arg);
void ward_worker_drain(ward_loop *loop, void *arg);

#endif

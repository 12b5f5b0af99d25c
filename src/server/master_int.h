/* Shared by master.c and master_child.c only. */
#ifndef WARD_SERVER_MASTER_INT_H
#define WARD_SERVER_MASTER_INT_H

#include "server/master.h"

/* The rest of a freshly forked worker's life, once the master's own
 * descriptors are closed: signals, its loop, worker_main, a ready report
 * (its pid as an int32 on ready_fd), the loop, exit. */
_Noreturn void ward_master_child(const ward_master_hooks *hooks,
				 const ward_server_config *cfg,
				 const int *listen_fds, int redirect_fd,
				 int ready_fd);

#endif

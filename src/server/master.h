/* The master process of `ward serve` and the workers it forks.
 *
 * The master stays in the foreground, owns the configuration and the
 * listening sockets, and runs its own ward_loop for signals and children.
 * For every address it opens one SO_REUSEPORT socket per worker slot; the
 * worker in slot i accepts on socket i of each address. Because the master
 * keeps those sockets open, a worker that is replaced (crash, reload) hands
 * its accept queue to its successor: no queued connection is reset.
 *
 * Signals to the master:
 *   SIGTERM, SIGINT  graceful stop: the master closes its listening sockets
 *                    and sends SIGTERM to every worker, waits for them all,
 *                    and ward_master_run returns 0. A second one sends
 *                    SIGKILL to the workers still draining.
 *   SIGHUP           reload: hooks->reload makes a new configuration; a new
 *                    generation of workers starts on it, and once every one
 *                    of them reports ready (listening, handlers registered)
 *                    the old generation gets SIGTERM and drains. If reload
 *                    fails, or a new worker exits before it is ready, the
 *                    running generation and configuration stay.
 *   SIGUSR1          reopen the error and access logs by path (rotation), in
 *                    the master and then in every worker.
 * A worker that exits without being asked to is restarted in its slot, at
 * once up to 10 times in 10 s, then with a growing delay (1 s .. 30 s).
 *
 * In a worker:
 *   SIGTERM   drain: hooks->worker_drain, then the loop runs until the drain
 *             calls ward_loop_stop, or cfg->drain_timeout ms pass (<= 0:
 *             at once); then exit 0.
 *   SIGUSR1   ward_log_reopen, then hooks->reopen_logs.
 *   SIGINT, SIGHUP, SIGPIPE  ignored (a terminal's ^C reaches the master,
 *             which drains the workers).
 * A worker gets SIGTERM if the master dies (PR_SET_PDEATHSIG).
 *
 * cfg->user: each worker becomes that user (initgroups, setgid, setuid,
 * each checked) right after fork, before it runs anything else; one that
 * cannot exits with WARD_MASTER_EXIT_CONFIG, and a first generation that
 * fails so makes ward_master_run return it. The master keeps its rights:
 * a reload reads certificates and keys (often root's alone), may bind
 * new addresses (ports below 1024) and forks workers that must switch
 * user again; it never reads a peer's bytes.
 */
#ifndef WARD_SERVER_MASTER_H
#define WARD_SERVER_MASTER_H

#include <stddef.h>

#include "base/err.h"
#include "server/config.h"
#include "server/loop.h"

typedef struct ward_master_hooks {
	/* In each new worker, after its loop exists and before it runs: set up
	 * the connection code and register accept handlers on the loop, then
	 * return 0 (the worker then reports ready and runs the loop). Non-zero:
	 * the worker exits with that status. listen_fds[i] is the worker's
	 * non-blocking listening socket for cfg->listen[i] (n_listen ==
	 * cfg->n_listen); redirect_fd the one for cfg->redirect_http, or -1.
	 * The worker may close its copies when it stops accepting. Accept with
	 * ward_listen_accept (listen.h). */
	int (*worker_main)(const ward_server_config *cfg, ward_loop *loop,
			   const int *listen_fds, size_t n_listen,
			   int redirect_fd, void *arg);
	/* In the worker, on SIGTERM: stop accepting (serving what is
	 * queued), close no connection a request may be on (the next
	 * response says "Connection: close"; silent ones end at their idle
	 * timeout), and call ward_loop_stop when the last connection is gone
	 * (at once if there is none). NULL: the loop stops at once. */
	void (*worker_drain)(ward_loop *loop, void *arg);
	/* In the master, on SIGHUP: *cfg is the running configuration; on
	 * success set *cfg to a NEW one (certificates and options re-read)
	 * and return WARD_OK. On failure log why (ward_log) and leave *cfg.
	 * NULL: reload restarts the workers on the same configuration. */
	ward_err (*reload)(ward_server_config **cfg, void *arg);
	/* Frees a configuration once the master no longer needs it: one
	 * replaced by a reload, one whose reload was abandoned, and at the end
	 * the running one. The cfg given to ward_master_run is included: the
	 * master owns it from the call on. NULL: nothing is freed. */
	void (*config_release)(ward_server_config *cfg, void *arg);
	/* In a worker, on SIGUSR1, after ward_log_reopen. May be NULL. */
	void (*reopen_logs)(void *arg);
	/* In the master, about once a second (TLS ticket key rotation). May
	 * be NULL. */
	void (*tick)(void *arg);
	void *arg; /* passed to every hook */
} ward_master_hooks;

/* Exit codes that ward_master_run returns. */
#define WARD_MASTER_EXIT_OK 0	  /* stopped by SIGTERM/SIGINT */
#define WARD_MASTER_EXIT_FAIL 1	  /* the workers could not start */
#define WARD_MASTER_EXIT_CONFIG 2 /* an address cannot be listened on */

/* Open the logs named by cfg (error_log, log_level, access_log), bind
 * every address (one error line naming it on failure, before any fork),
 * fork cfg->workers workers (<= 0: one per online CPU), wait until all are
 * ready, and serve until SIGTERM/SIGINT. Returns an exit code above.
 * Writes nothing to stdout except an access log configured as "-". */
int ward_master_run(ward_server_config *cfg, const ward_master_hooks *hooks);

#endif

/* A worker process after fork: SIGTERM drains, SIGUSR1 reopens the logs,
 * and it reports ready to the master once worker_main has registered its
 * accept handlers. */
#include "server/master_int.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/log.h"

static struct {
	const ward_master_hooks *hooks;
	const ward_server_config *cfg;
	int draining;
	ward_timer drain_timer;
} wk;

static void on_drain_timeout(ward_loop *loop, ward_timer *t)
{
	(void)t;
	ward_log(WARD_LOG_WARN, "drain took longer than %d ms: stopping",
		 wk.cfg->drain_timeout);
	ward_loop_stop(loop);
}

static void on_worker_term(ward_loop *loop, int signo, void *arg)
{
	(void)signo;
	(void)arg;
	if (wk.draining)
		return;
	wk.draining = 1;
	ward_timer_init(&wk.drain_timer, on_drain_timeout);
	ward_timer_arm(
	    loop, &wk.drain_timer,
	    wk.cfg->drain_timeout > 0 ? (uint64_t)wk.cfg->drain_timeout : 0);
	if (wk.hooks->worker_drain)
		wk.hooks->worker_drain(loop, wk.hooks->arg);
	else
		ward_loop_stop(loop);
}

static void on_worker_usr1(ward_loop *loop, int signo, void *arg)
{
	(void)loop;
	(void)signo;
	(void)arg;
	ward_log_reopen();
	if (wk.hooks->reopen_logs)
		wk.hooks->reopen_logs(wk.hooks->arg);
}

static void flush_access_log(ward_loop *loop, void *arg)
{
	(void)loop;
	(void)arg;
	ward_access_log_flush();
	ward_log_flush_repeats();
}

static void reset_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	for (int s = 1; s < NSIG; s++) {
		if (s == SIGKILL || s == SIGSTOP)
			continue;
		sa.sa_handler = s == SIGPIPE || s == SIGINT || s == SIGHUP
				    ? SIG_IGN
				    : SIG_DFL;
		(void)sigaction(s, &sa, NULL); /* EINVAL for libc's own */
	}
}

_Noreturn void ward_master_child(const ward_master_hooks *hooks,
				 const ward_server_config *cfg,
				 const int *listen_fds, int redirect_fd,
				 int ready_fd)
{
	sigset_t rest;
	ward_loop *loop;
	int32_t me;
	int rc;

	reset_signals();
	wk.hooks = hooks;
	wk.cfg = cfg;
	loop = ward_loop_new();
	if (!loop ||
	    ward_loop_signal(loop, SIGTERM, on_worker_term, NULL) != WARD_OK ||
	    ward_loop_signal(loop, SIGUSR1, on_worker_usr1, NULL) != WARD_OK ||
	    ward_loop_before_wait(loop, flush_access_log, NULL) != WARD_OK) {
		ward_log(WARD_LOG_ERROR, "worker: cannot create its loop");
		exit(1);
	}
	/* The master's signals were blocked when we were forked; a SIGTERM
	 * sent since is pending and now read from our signalfd. */
	sigfillset(&rest);
	sigdelset(&rest, SIGTERM);
	sigdelset(&rest, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &rest, NULL);

	rc = hooks->worker_main(cfg, loop, listen_fds, cfg->n_listen,
				redirect_fd, hooks->arg);
	if (rc != 0) {
		ward_access_log_flush();
		exit(rc > 0 && rc < 256 ? rc : 1);
	}
	me = (int32_t)getpid();
	if (write(ready_fd, &me, sizeof(me)) != (ssize_t)sizeof(me))
		ward_log(WARD_LOG_WARN, "worker: cannot report ready: %s",
			 strerror(errno));
	close(ready_fd);
	rc = ward_loop_run(loop) == WARD_OK ? 0 : 1;
	if (rc)
		ward_log(WARD_LOG_ERROR, "worker: event loop failed: %s",
			 strerror(errno));
	ward_access_log_flush();
	ward_loop_free(loop);
	exit(rc);
}

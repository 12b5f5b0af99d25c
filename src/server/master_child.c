/* A worker process after fork: SIGTERM drains, SIGUSR1 reopens the logs,
 * and it reports ready to the master once worker_main has registered its
 * accept handlers. */
#include "server/master_int.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
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

_Noreturn static void cannot_switch(const ward_server_config *cfg,
				    const char *step)
{
	int e = errno;
	ward_log(WARD_LOG_ERROR, "worker: --user %s: %s: %s; not serving as %s",
		 cfg->user, step, strerror(e),
		 geteuid() == 0 ? "root" : "the master's user");
	if (!ward_log_is_stderr())
		fprintf(stderr, "ward serve: --user %s: %s: %s\n", cfg->user,
			step, strerror(e));
	exit(WARD_MASTER_EXIT_CONFIG);
}

/* --user: the master bound the sockets and read the keys; the worker,
 * which reads what peers send, becomes the user before it reads any.
 * Groups, then the gid, then the uid: once the uid is changed, the others
 * can no longer be. A worker that cannot is not run as root instead. */
static void switch_user(const ward_server_config *cfg)
{
	pid_t parent = getppid();

	if (!cfg->user || geteuid() == cfg->user_uid)
		return;
	if (initgroups(cfg->user, cfg->user_gid) != 0)
		cannot_switch(cfg, "initgroups");
	if (setgid(cfg->user_gid) != 0)
		cannot_switch(cfg, "setgid");
	if (setuid(cfg->user_uid) != 0)
		cannot_switch(cfg, "setuid");
	errno = EPERM;
	if (getuid() != cfg->user_uid || geteuid() != cfg->user_uid ||
	    getgid() != cfg->user_gid || getegid() != cfg->user_gid)
		cannot_switch(cfg, "checking the ids");
	if (cfg->user_uid != 0 && setuid(0) == 0)
		cannot_switch(cfg, "root could be taken back");
	/* a change of credentials clears the parent-death signal */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		exit(1);
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

	switch_user(cfg);
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

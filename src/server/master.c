/* The master process: listening sockets per worker slot, forking and
 * reaping workers, restarts with back-off, reload by generations, graceful
 * stop. Everything runs from the master's own ward_loop; signals arrive
 * through its signalfd, workers report "ready" through a pipe. */
#include "server/master_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server/limits.h"
#include "server/listen.h"
#include "server/log.h"

#define MAX_SLOTS WARD_LISTEN_MAX_SLOTS
#define RESTART_BURST 10	/* restarts allowed at once ... */
#define RESTART_WINDOW_MS 10000 /* ... within this window */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 30000
#define READY_TIMEOUT_MS 30000 /* a new generation must be ready by then */
#define KILL_GRACE_MS 5000     /* after drain_timeout, SIGKILL on stop */

typedef struct worker {
	pid_t pid;
	int slot;
	unsigned gen;
	int ready;
	int told; /* sent SIGTERM: its exit is expected */
} worker;

typedef struct master {
	ward_loop *loop;
	const ward_master_hooks *hooks;
	ward_server_config *cfg; /* of the running generation */
	size_t n_slots;
	unsigned gen;
	unsigned last_gen;
	pid_t pid;
	int starting; /* the first generation is not ready yet */
	int stopping;
	int exit_code;

	ward_listen_set socks;
	worker *workers;
	size_t n_workers, cap_workers;

	int ready_pipe[2];
	ward_io ready_io;
	ward_timer ready_timer;

	/* a reload in progress: the generation being started */
	ward_server_config *next_cfg;
	size_t next_slots;
	unsigned next_gen;
	int reload_pending;

	/* restarts */
	unsigned char pending[MAX_SLOTS];
	uint64_t restart_at[RESTART_BURST]; /* ring of the latest restarts */
	size_t restart_i, n_restarts;
	uint64_t last_crash;
	uint64_t backoff_ms;
	ward_timer restart_timer;

	ward_timer kill_timer;
	ward_timer tick_timer; /* hooks->tick */
} master;

static master *the_master; /* for timer callbacks, which have no arg */

/* ---- configuration and logs ---- */

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static size_t slots_of(const ward_server_config *cfg)
{
	long n = cfg->workers;

	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 1;
	return n > MAX_SLOTS ? MAX_SLOTS : (size_t)n;
}

static void release_cfg(master *m, ward_server_config *c)
{
	if (c && m->hooks->config_release)
		m->hooks->config_release(c, m->hooks->arg);
}

static int str_differs(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Switch the logs from cfg `from` (NULL: none yet) to `to`. */
static ward_err apply_logs(const ward_server_config *from,
			   const ward_server_config *to, char *err,
			   size_t errlen)
{
	if (!from || str_differs(from->error_log, to->error_log))
		WARD_TRY(
		    ward_log_open(to->error_log, to->log_level, err, errlen));
	ward_log_set_level(to->log_level);
	if (!from || str_differs(from->access_log, to->access_log))
		WARD_TRY(ward_access_log_open(to->access_log, err, errlen));
	return WARD_OK;
}

/* ---- listening sockets ---- */

static ward_err listed_twice(const char *spec, char *err, size_t errlen)
{
	snprintf(err, errlen, "cannot listen on %s: listed twice", spec);
	return WARD_ERR_CONFIG;
}

/* Every address of cfg with a socket for each of n_slots slots. */
static ward_err open_sockets(master *m, const ward_server_config *cfg,
			     size_t n_slots, char *err, size_t errlen)
{
	const char *r = cfg->redirect_http;

	WARD_ENSURE(cfg->n_listen > 0 && cfg->n_listen <= WARD_MAX_LISTEN,
		    WARD_ERR_CONFIG);
	for (size_t i = 0; i < cfg->n_listen; i++) {
		/* the same socket twice in one worker's epoll would fail */
		for (size_t j = 0; j < i; j++)
			if (strcmp(cfg->listen[i], cfg->listen[j]) == 0)
				return listed_twice(cfg->listen[i], err,
						    errlen);
		if (r && strcmp(cfg->listen[i], r) == 0)
			return listed_twice(r, err, errlen);
		WARD_TRY(ward_listen_set_open(&m->socks, cfg->listen[i],
					      n_slots, err, errlen));
	}
	if (r)
		WARD_TRY(
		    ward_listen_set_open(&m->socks, r, n_slots, err, errlen));
	return WARD_OK;
}

static void keep_sockets(master *m, const ward_server_config *cfg, size_t n)
{
	for (size_t i = 0; i < cfg->n_listen; i++)
		ward_listen_set_keep(&m->socks, cfg->listen[i], n);
	if (cfg->redirect_http)
		ward_listen_set_keep(&m->socks, cfg->redirect_http, n);
}

/* Close what neither the running nor the starting generation uses (all of
 * them when stopping). Workers still accepting on them have copies. */
static void prune_sockets(master *m)
{
	ward_listen_set_unmark(&m->socks);
	if (!m->stopping) {
		keep_sockets(m, m->cfg, m->n_slots);
		if (m->next_cfg)
			keep_sockets(m, m->next_cfg, m->next_slots);
	}
	ward_listen_set_prune(&m->socks);
}

/* ---- workers, from the master ---- */

static ward_err spawn(master *m, const ward_server_config *cfg, int slot,
		      unsigned gen)
{
	worker *w;
	pid_t pid;

	if (m->n_workers == m->cap_workers) {
		size_t cap = m->cap_workers ? 2 * m->cap_workers : 16;
		worker *v = realloc(m->workers, cap * sizeof(*v));

		WARD_ENSURE(v, WARD_ERR_NOMEM);
		m->workers = v;
		m->cap_workers = cap;
	}
	/* or the child would write them again */
	ward_access_log_flush();
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ward_log(WARD_LOG_ERROR, "cannot fork a worker: %s",
			 strerror(errno));
		return WARD_ERR_IO;
	}
	if (pid == 0) {
		int fds[WARD_MAX_LISTEN + 1];
		size_t n = cfg->n_listen;

		/* A worker must not outlive its master. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != m->pid)
			_exit(1);
		for (size_t i = 0; i < n; i++)
			fds[i] = ward_listen_set_fd(&m->socks, cfg->listen[i],
						    (size_t)slot);
		fds[n] = ward_listen_set_fd(&m->socks, cfg->redirect_http,
					    (size_t)slot);
		/* Drop what is the master's and the other slots'. */
		ward_listen_set_close_except(&m->socks, fds, n + 1);
		close(m->ready_pipe[0]);
		ward_loop_free(m->loop);
		ward_master_child(m->hooks, cfg, fds, fds[n], m->ready_pipe[1]);
	}
	w = &m->workers[m->n_workers++];
	memset(w, 0, sizeof(*w));
	w->pid = pid;
	w->slot = slot;
	w->gen = gen;
	ward_log(WARD_LOG_DEBUG, "worker %ld started (slot %d, generation %u)",
		 (long)pid, slot, gen);
	return WARD_OK;
}

static worker *find_worker(master *m, pid_t pid)
{
	for (size_t i = 0; i < m->n_workers; i++)
		if (m->workers[i].pid == pid)
			return &m->workers[i];
	return NULL;
}

static void tell(worker *w, int sig)
{
	if (sig == SIGTERM)
		w->told = 1;
	if (kill(w->pid, sig) != 0 && errno != ESRCH)
		ward_log(WARD_LOG_WARN, "cannot signal worker %ld: %s",
			 (long)w->pid, strerror(errno));
}

static int gen_ready(master *m, unsigned gen, size_t n_slots)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_workers; i++)
		if (m->workers[i].gen == gen && m->workers[i].ready)
			n++;
	return n == n_slots;
}

static void begin_stop(master *m);
static void start_reload(master *m);

/* ---- restarts ---- */

static void restart_now(master *m, int slot)
{
	m->restart_at[m->restart_i] = ward_loop_now(m->loop);
	m->restart_i = (m->restart_i + 1) % RESTART_BURST;
	if (m->n_restarts < RESTART_BURST)
		m->n_restarts++;
	if (spawn(m, m->cfg, slot, m->gen) != WARD_OK) {
		m->pending[slot] = 1;
		if (!ward_timer_armed(&m->restart_timer))
			ward_timer_arm(m->loop, &m->restart_timer,
				       BACKOFF_MIN_MS);
	}
}

static void on_restart_timer(ward_loop *loop, ward_timer *t)
{
	master *m = the_master;

	(void)loop;
	(void)t;
	for (size_t s = 0; s < m->n_slots; s++)
		if (m->pending[s]) {
			m->pending[s] = 0;
			restart_now(m, (int)s);
		}
}

static void schedule_restart(master *m, int slot)
{
	uint64_t now = ward_loop_now(m->loop);
	uint64_t oldest = m->restart_at[m->restart_i];

	if (now - m->last_crash > RESTART_WINDOW_MS)
		m->backoff_ms = BACKOFF_MIN_MS; /* calm for a while */
	m->last_crash = now;
	if (m->n_restarts < RESTART_BURST ||
	    now - oldest >= RESTART_WINDOW_MS) {
		restart_now(m, slot);
		return;
	}
	m->pending[slot] = 1;
	if (ward_timer_armed(&m->restart_timer))
		return;
	ward_log(WARD_LOG_WARN,
		 "workers keep exiting (%d restarts in %d s): next restart in "
		 "%llu ms",
		 RESTART_BURST, RESTART_WINDOW_MS / 1000,
		 (unsigned long long)m->backoff_ms);
	ward_timer_arm(m->loop, &m->restart_timer, m->backoff_ms);
	m->backoff_ms *= 2;
	if (m->backoff_ms > BACKOFF_MAX_MS)
		m->backoff_ms = BACKOFF_MAX_MS;
}

/* ---- reload ---- */

static void abort_reload(master *m, const char *why)
{
	ward_server_config *c = m->next_cfg;

	for (size_t i = 0; i < m->n_workers; i++)
		if (m->workers[i].gen == m->next_gen && !m->workers[i].told)
			tell(&m->workers[i], SIGTERM);
	m->next_cfg = NULL;
	ward_timer_cancel(m->loop, &m->ready_timer);
	(void)apply_logs(c, m->cfg, NULL, 0);
	if (c != m->cfg)
		release_cfg(m, c);
	prune_sockets(m);
	ward_log(WARD_LOG_ERROR,
		 "reload failed: %s; generation %u keeps serving", why, m->gen);
	if (m->reload_pending) {
		m->reload_pending = 0;
		start_reload(m);
	}
}

static void commit_reload(master *m)
{
	ward_server_config *old = m->cfg;

	for (size_t i = 0; i < m->n_workers; i++)
		if (m->workers[i].gen != m->next_gen && !m->workers[i].told)
			tell(&m->workers[i], SIGTERM);
	m->cfg = m->next_cfg;
	m->n_slots = m->next_slots;
	m->gen = m->next_gen;
	m->next_cfg = NULL;
	memset(m->pending, 0, sizeof(m->pending));
	ward_timer_cancel(m->loop, &m->restart_timer);
	ward_timer_cancel(m->loop, &m->ready_timer);
	if (old != m->cfg)
		release_cfg(m, old);
	prune_sockets(m);
	ward_log(WARD_LOG_INFO, "reloaded: generation %u, %zu worker%s", m->gen,
		 m->n_slots, plural(m->n_slots));
	if (m->reload_pending) {
		m->reload_pending = 0;
		start_reload(m);
	}
}

static void start_reload(master *m)
{
	ward_server_config *c = m->cfg;
	char err[WARD_LISTEN_ERRLEN] = "";
	ward_err e;

	if (m->stopping)
		return;
	if (m->starting || m->next_cfg) {
		/* one at a time; the latest request wins */
		m->reload_pending = 1;
		return;
	}
	if (m->hooks->reload) {
		e = m->hooks->reload(&c, m->hooks->arg);
		if (e != WARD_OK || !c) {
			ward_log(WARD_LOG_ERROR,
				 "reload failed (%s); keeping the running "
				 "configuration",
				 ward_err_name(e));
			return;
		}
	}
	m->next_cfg = c;
	m->next_slots = slots_of(c);
	m->next_gen = ++m->last_gen;
	e = open_sockets(m, c, m->next_slots, err, sizeof(err));
	if (e == WARD_OK)
		e = apply_logs(m->cfg, c, err, sizeof(err));
	if (e != WARD_OK) {
		abort_reload(m, err[0] ? err : ward_err_name(e));
		return;
	}
	ward_timer_arm(m->loop, &m->ready_timer, READY_TIMEOUT_MS);
	for (size_t s = 0; s < m->next_slots; s++)
		if (spawn(m, c, (int)s, m->next_gen) != WARD_OK) {
			abort_reload(m, "cannot start a worker");
			return;
		}
}

/* ---- events of the master's loop ---- */

/* The URL to open, for the person who started the server (in the error
 * log, which is standard error unless --error-log says otherwise). */
static void announce(const master *m, const ward_listen_group *g,
		     const char *addr)
{
	const char *r = m->cfg->redirect_http;
	int any = 0;
	char url[INET6_ADDRSTRLEN + 64];

	if (g->addr.sa.ss_family == AF_INET6)
		any = IN6_IS_ADDR_UNSPECIFIED(
		    &((const struct sockaddr_in6 *)&g->addr.sa)->sin6_addr);
	else
		any = ((const struct sockaddr_in *)&g->addr.sa)
			  ->sin_addr.s_addr == htonl(INADDR_ANY);
	snprintf(url, sizeof(url), "%s://%s/%s",
		 r && strcmp(g->spec, r) == 0 ? "http" : "https", addr,
		 any ? " (every address)" : "");
	if (r && strcmp(g->spec, r) == 0) {
		ward_log(WARD_LOG_INFO, "redirecting %s to https", url);
		return;
	}
	ward_log(WARD_LOG_INFO, "serving %s", url);
}

static void on_ready(ward_loop *loop, ward_io *io, uint32_t events)
{
	master *m = the_master;
	int32_t pids[64];
	ssize_t n;

	(void)loop;
	(void)events;
	while ((n = read(io->fd, pids, sizeof(pids))) > 0) {
		for (size_t i = 0; i < (size_t)n / sizeof(pids[0]); i++) {
			worker *w = find_worker(m, (pid_t)pids[i]);

			if (w)
				w->ready = 1;
		}
	}
	if (m->stopping)
		return;
	if (m->starting && gen_ready(m, m->gen, m->n_slots)) {
		m->starting = 0;
		ward_timer_cancel(m->loop, &m->ready_timer);
		for (size_t i = 0; i < m->socks.n; i++) {
			char a[INET6_ADDRSTRLEN + 16];

			ward_listen_addr_str(&m->socks.g[i].addr, a, sizeof(a));
			ward_log(WARD_LOG_INFO, "listening on %s", a);
			announce(m, &m->socks.g[i], a);
		}
		ward_log(WARD_LOG_INFO, "%zu worker%s ready", m->n_slots,
			 plural(m->n_slots));
		if (m->reload_pending) {
			m->reload_pending = 0;
			start_reload(m);
		}
	}
	if (m->next_cfg && gen_ready(m, m->next_gen, m->next_slots))
		commit_reload(m);
}

static void on_ready_timeout(ward_loop *loop, ward_timer *t)
{
	master *m = the_master;

	(void)loop;
	(void)t;
	if (m->starting) {
		ward_log(WARD_LOG_ERROR, "workers not ready after %d s",
			 READY_TIMEOUT_MS / 1000);
		m->exit_code = WARD_MASTER_EXIT_FAIL;
		begin_stop(m);
	} else if (m->next_cfg) {
		abort_reload(m, "the new workers did not become ready");
	}
}

static void describe(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d",
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "ended (status 0x%x)", (unsigned)status);
}

static void worker_exited(master *m, worker w, int status)
{
	int clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	char how[96];

	describe(status, how, sizeof(how));
	if (m->stopping || w.told) {
		ward_log(clean ? WARD_LOG_DEBUG : WARD_LOG_WARN,
			 "worker %ld (generation %u) %s", (long)w.pid, w.gen,
			 how);
	} else if (m->next_cfg && w.gen == m->next_gen) {
		char why[160];

		snprintf(why, sizeof(why), "new worker %ld %s", (long)w.pid,
			 how);
		abort_reload(m, why);
	} else if (m->starting) {
		ward_log(WARD_LOG_ERROR, "worker %ld %s while starting",
			 (long)w.pid, how);
		/* one that refused the configuration (--user) says so */
		m->exit_code = WIFEXITED(status) && WEXITSTATUS(status) ==
							WARD_MASTER_EXIT_CONFIG
				   ? WARD_MASTER_EXIT_CONFIG
				   : WARD_MASTER_EXIT_FAIL;
		begin_stop(m);
	} else if (w.gen == m->gen) {
		ward_log(clean ? WARD_LOG_WARN : WARD_LOG_ERROR,
			 "worker %ld (slot %d) %s; restarting", (long)w.pid,
			 w.slot, how);
		schedule_restart(m, w.slot);
	}
}

static void on_sigchld(ward_loop *loop, int signo, void *arg)
{
	master *m = arg;
	int status;
	pid_t pid;

	(void)signo;
	/* A ready report written just before dying counts as ready. */
	on_ready(loop, &m->ready_io, WARD_IO_READ);
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		worker *w = find_worker(m, pid);
		worker copy;

		if (!w)
			continue;
		copy = *w;
		*w = m->workers[--m->n_workers];
		worker_exited(m, copy, status);
	}
	if (m->stopping && m->n_workers == 0)
		ward_loop_stop(loop);
}

static void on_kill_timer(ward_loop *loop, ward_timer *t)
{
	master *m = the_master;

	(void)loop;
	(void)t;
	ward_log(WARD_LOG_WARN, "%zu worker%s still running: killing %s",
		 m->n_workers, plural(m->n_workers),
		 m->n_workers == 1 ? "it" : "them");
	for (size_t i = 0; i < m->n_workers; i++)
		tell(&m->workers[i], SIGKILL);
}

#define TICK_MS 1000

static void on_tick_timer(ward_loop *loop, ward_timer *t)
{
	master *m = the_master;

	m->hooks->tick(m->hooks->arg);
	if (!m->stopping)
		ward_timer_arm(loop, t, TICK_MS);
}

static void begin_stop(master *m)
{
	int drain = m->cfg->drain_timeout;

	if (m->stopping) {
		on_kill_timer(m->loop, &m->kill_timer);
		return;
	}
	m->stopping = 1;
	ward_timer_cancel(m->loop, &m->restart_timer);
	ward_timer_cancel(m->loop, &m->ready_timer);
	ward_timer_cancel(m->loop, &m->tick_timer);
	/* New connections are refused once the workers close theirs. */
	prune_sockets(m);
	for (size_t i = 0; i < m->n_workers; i++)
		tell(&m->workers[i], SIGTERM);
	if (m->next_cfg && m->next_cfg->drain_timeout > drain)
		drain = m->next_cfg->drain_timeout;
	ward_timer_arm(m->loop, &m->kill_timer,
		       (uint64_t)(drain > 0 ? drain : 0) + KILL_GRACE_MS);
	if (m->n_workers == 0)
		ward_loop_stop(m->loop);
}

static void on_stop_signal(ward_loop *loop, int signo, void *arg)
{
	master *m = arg;

	(void)loop;
	ward_log(WARD_LOG_INFO, "%s: %s",
		 signo == SIGINT ? "SIGINT" : "SIGTERM",
		 m->stopping ? "killing the workers" : "stopping gracefully");
	begin_stop(m);
}

static void on_sighup(ward_loop *loop, int signo, void *arg)
{
	(void)loop;
	(void)signo;
	ward_log(WARD_LOG_INFO, "SIGHUP: reloading");
	start_reload(arg);
}

static void on_sigusr1(ward_loop *loop, int signo, void *arg)
{
	master *m = arg;

	(void)loop;
	(void)signo;
	ward_log_reopen();
	for (size_t i = 0; i < m->n_workers; i++)
		tell(&m->workers[i], SIGUSR1);
}

/* ---- the whole ---- */

static const int master_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGCHLD};

static ward_err setup(master *m)
{
	void (*cbs[])(ward_loop *, int, void *) = {
	    on_stop_signal, on_stop_signal, on_sighup, on_sigusr1, on_sigchld};

	WARD_ENSURE(m->loop = ward_loop_new(), WARD_ERR_NOMEM);
	for (size_t i = 0; i < sizeof(cbs) / sizeof(cbs[0]); i++)
		WARD_TRY(
		    ward_loop_signal(m->loop, master_signals[i], cbs[i], m));
	WARD_ENSURE(pipe2(m->ready_pipe, O_CLOEXEC | O_NONBLOCK) == 0,
		    WARD_ERR_IO);
	ward_io_init(&m->ready_io, m->ready_pipe[0], on_ready);
	WARD_TRY(ward_loop_add(m->loop, &m->ready_io, WARD_IO_READ));
	ward_timer_init(&m->ready_timer, on_ready_timeout);
	ward_timer_init(&m->restart_timer, on_restart_timer);
	ward_timer_init(&m->kill_timer, on_kill_timer);
	ward_timer_init(&m->tick_timer, on_tick_timer);
	if (m->hooks->tick)
		ward_timer_arm(m->loop, &m->tick_timer, TICK_MS);
	return WARD_OK;
}

static void teardown(master *m)
{
	ward_listen_set_free(&m->socks);
	free(m->workers);
	if (m->next_cfg && m->next_cfg != m->cfg)
		release_cfg(m, m->next_cfg);
	release_cfg(m, m->cfg);
	if (m->loop)
		for (size_t i = 0; i < sizeof(master_signals) / sizeof(int);
		     i++)
			if (ward_loop_signal(m->loop, master_signals[i], NULL,
					     NULL) != WARD_OK)
				break;
	ward_loop_free(m->loop);
	if (m->ready_pipe[0] >= 0)
		close(m->ready_pipe[0]);
	if (m->ready_pipe[1] >= 0)
		close(m->ready_pipe[1]);
	ward_log_close();
	the_master = NULL;
}

int ward_master_run(ward_server_config *cfg, const ward_master_hooks *hooks)
{
	char err[WARD_LISTEN_ERRLEN] = "";
	master m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.hooks = hooks;
	m.cfg = cfg;
	m.pid = getpid();
	m.ready_pipe[0] = m.ready_pipe[1] = -1;
	m.exit_code = WARD_MASTER_EXIT_OK;
	m.backoff_ms = BACKOFF_MIN_MS;
	the_master = &m;
	signal(SIGPIPE, SIG_IGN);

	if (apply_logs(NULL, cfg, err, sizeof(err)) != WARD_OK) {
		fprintf(stderr, "ward serve: %s\n", err);
		teardown(&m);
		return WARD_MASTER_EXIT_CONFIG;
	}
	ward_raise_nofile();
	m.n_slots = slots_of(cfg);
	if (open_sockets(&m, cfg, m.n_slots, err, sizeof(err)) != WARD_OK) {
		/* one line for the person who typed the command, in the
		 * style of every other refusal at start */
		fprintf(stderr, "ward serve: %s\n",
			err[0] ? err : "nothing to listen on");
		if (!ward_log_is_stderr())
			ward_log(WARD_LOG_ERROR, "%s",
				 err[0] ? err : "nothing to listen on");
		teardown(&m);
		return WARD_MASTER_EXIT_CONFIG;
	}
	if (setup(&m) != WARD_OK) {
		ward_log(WARD_LOG_ERROR, "cannot set up the master: %s",
			 strerror(errno));
		teardown(&m);
		return WARD_MASTER_EXIT_FAIL;
	}
	m.gen = m.last_gen = 1;
	m.starting = 1;
	ward_timer_arm(m.loop, &m.ready_timer, READY_TIMEOUT_MS);
	for (size_t s = 0; s < m.n_slots; s++)
		if (spawn(&m, cfg, (int)s, m.gen) != WARD_OK) {
			m.exit_code = WARD_MASTER_EXIT_FAIL;
			begin_stop(&m);
			break;
		}
	if (ward_loop_run(m.loop) != WARD_OK) {
		ward_log(WARD_LOG_ERROR, "master loop failed: %s",
			 strerror(errno));
		m.exit_code = WARD_MASTER_EXIT_FAIL;
		for (size_t i = 0; i < m.n_workers; i++)
			tell(&m.workers[i], SIGKILL);
	}
	rc = m.exit_code;
	if (rc == WARD_MASTER_EXIT_OK)
		ward_log(WARD_LOG_INFO, "stopped");
	teardown(&m);
	return rc;
}

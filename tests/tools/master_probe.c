/* ward-master-probe: the master/worker machinery of `ward serve` (master.c,
 * loop.c, listen.c, log.c) with a trivial TCP service instead of HTTPS, for
 * tests/interop/test_server_process.sh.
 *
 *   ward-master-probe serve --listen 127.0.0.1:P [--workers N]
 *       [--error-log F] [--access-log F] [--drain-timeout MS]
 *       [--crash-file F] [--fail-reload-file F]
 *   ward-master-probe get --port P [--hold MS] [--count N]
 *   ward-master-probe hammer --port P --ms D
 *   ward-master-probe freeport
 *
 * serve: each worker answers a connection's line "hold MS\n" after MS ms
 * with "PID GENERATION\n" and closes; the generation counts reloads. While
 * --crash-file exists, new workers fail to start; while --fail-reload-file
 * exists, reload fails.
 * get: N connections one after the other, each reply printed.
 * hammer: connections back to back for D ms; prints "ok N fail M gens G..."
 * and exits 1 if any failed.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "server/listen.h"
#include "server/log.h"
#include "server/loop.h"
#include "server/master.h"

typedef struct probe_cfg {
	ward_server_config base; /* first: the master sees only this */
	int gen;
} probe_cfg;

static const char *crash_file, *fail_reload_file;

/* ---- the worker's service ---- */

typedef struct conn {
	ward_io io;
	ward_timer timer;
	ward_defer free_later;
	char buf[64];
	size_t len;
	struct conn *next, *prev;
} conn;

typedef struct listener {
	ward_io io;
} listener;

static struct {
	const probe_cfg *cfg;
	ward_loop *loop;
	listener ls[WARD_MAX_LISTEN];
	size_t n_ls;
	conn *conns;
	int draining;
} w;

static void maybe_done(void)
{
	if (w.draining && !w.conns)
		ward_loop_stop(w.loop);
}

static void conn_free(ward_loop *loop, ward_defer *d)
{
	(void)loop;
	free((conn *)((char *)d - offsetof(conn, free_later)));
	maybe_done();
}

static void conn_close(conn *c)
{
	ward_loop_del(w.loop, &c->io);
	ward_timer_cancel(w.loop, &c->timer);
	close(c->io.fd);
	if (c->prev)
		c->prev->next = c->next;
	else
		w.conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	ward_loop_defer(w.loop, &c->free_later);
}

static void on_answer(ward_loop *loop, ward_timer *t)
{
	conn *c = (conn *)((char *)t - offsetof(conn, timer));
	char line[64];
	int n;

	(void)loop;
	n = snprintf(line, sizeof(line), "%ld %d\n", (long)getpid(),
		     w.cfg->gen);
	if (write(c->io.fd, line, (size_t)n) != n)
		ward_log(WARD_LOG_WARN, "short reply");
	ward_access_log_write(line, (size_t)n);
	conn_close(c);
}

static void on_conn(ward_loop *loop, ward_io *io, uint32_t events)
{
	conn *c = (conn *)io;
	ssize_t n;
	char *nl;

	(void)events;
	n = read(io->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
	if (n <= 0) {
		if (n < 0 && errno == EAGAIN)
			return;
		conn_close(c);
		return;
	}
	c->len += (size_t)n;
	c->buf[c->len] = 0;
	if (!(nl = strchr(c->buf, '\n'))) {
		if (c->len == sizeof(c->buf) - 1)
			conn_close(c);
		return;
	}
	/* the request is in: wait for nothing more from this peer */
	if (ward_loop_mod(loop, io, 0) != WARD_OK) {
		conn_close(c);
		return;
	}
	ward_timer_arm(loop, &c->timer,
		       (uint64_t)strtoul(c->buf + 5, NULL, 10));
}

static void on_accept(ward_loop *loop, ward_io *io, uint32_t events)
{
	(void)events;
	for (int i = 0; i < 16; i++) {
		int fd = ward_listen_accept(io->fd, NULL, NULL);
		conn *c;

		if (fd < 0)
			return;
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			return;
		}
		ward_io_init(&c->io, fd, on_conn);
		ward_timer_init(&c->timer, on_answer);
		ward_defer_init(&c->free_later, conn_free);
		if (ward_loop_add(loop, &c->io, WARD_IO_READ) != WARD_OK) {
			close(fd);
			free(c);
			return;
		}
		c->next = w.conns;
		if (w.conns)
			w.conns->prev = c;
		w.conns = c;
	}
}

static int probe_worker_main(const ward_server_config *cfg, ward_loop *loop,
			     const int *fds, size_t n, int redirect_fd,
			     void *arg)
{
	(void)redirect_fd;
	(void)arg;
	if (crash_file && access(crash_file, F_OK) == 0)
		return 3;
	w.cfg = (const probe_cfg *)cfg;
	w.loop = loop;
	for (size_t i = 0; i < n; i++) {
		ward_io_init(&w.ls[i].io, fds[i], on_accept);
		if (ward_loop_add(loop, &w.ls[i].io, WARD_IO_READ) != WARD_OK)
			return 1;
		w.n_ls++;
	}
	ward_log(WARD_LOG_INFO, "probe worker up, generation %d", w.cfg->gen);
	return 0;
}

static void probe_drain(ward_loop *loop, void *arg)
{
	(void)loop;
	(void)arg;
	w.draining = 1;
	for (size_t i = 0; i < w.n_ls; i++) {
		ward_loop_del(w.loop, &w.ls[i].io);
		close(w.ls[i].io.fd);
	}
	w.n_ls = 0;
	maybe_done();
}

static ward_err probe_reload(ward_server_config **cfg, void *arg)
{
	probe_cfg *next;

	(void)arg;
	if (fail_reload_file && access(fail_reload_file, F_OK) == 0) {
		ward_log(WARD_LOG_ERROR, "probe: %s exists", fail_reload_file);
		return WARD_ERR_CONFIG;
	}
	next = malloc(sizeof(*next));
	if (!next)
		return WARD_ERR_NOMEM;
	/* strings are shared with the first configuration, which outlives
	 * every later one */
	*next = *(probe_cfg *)*cfg;
	next->gen++;
	*cfg = &next->base;
	return WARD_OK;
}

static void probe_release(ward_server_config *cfg, void *arg)
{
	/* the first one is serve()'s local */
	if (cfg != arg)
		free(cfg);
}

static int serve(int argc, char **argv)
{
	probe_cfg pc;
	ward_master_hooks hooks = {
	    .worker_main = probe_worker_main,
	    .worker_drain = probe_drain,
	    .reload = probe_reload,
	    .config_release = probe_release,
	    .arg = &pc.base,
	};

	memset(&pc, 0, sizeof(pc));
	pc.gen = 1;
	pc.base.workers = 2;
	pc.base.drain_timeout = 5000;
	pc.base.log_level = WARD_LOG_INFO;
	pc.base.root_fd = -1;
	for (int i = 2; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (strcmp(k, "--listen") == 0 &&
		    pc.base.n_listen < WARD_MAX_LISTEN)
			pc.base.listen[pc.base.n_listen++] = (char *)v;
		else if (strcmp(k, "--workers") == 0)
			pc.base.workers = atoi(v);
		else if (strcmp(k, "--error-log") == 0)
			pc.base.error_log = (char *)v;
		else if (strcmp(k, "--access-log") == 0)
			pc.base.access_log = (char *)v;
		else if (strcmp(k, "--drain-timeout") == 0)
			pc.base.drain_timeout = atoi(v);
		else if (strcmp(k, "--crash-file") == 0)
			crash_file = v;
		else if (strcmp(k, "--fail-reload-file") == 0)
			fail_reload_file = v;
		else {
			fprintf(stderr, "unknown option %s\n", k);
			return 2;
		}
	}
	return ward_master_run(&pc.base, &hooks);
}

/* ---- clients ---- */

/* One request; the reply line (without newline) into out. 0 or -1. */
static int get_one(int port, int hold, char *out, size_t outlen)
{
	struct sockaddr_in sa;
	struct timeval tv = {10, 0};
	char req[32];
	size_t len = 0;
	int fd, n;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto bad;
	n = snprintf(req, sizeof(req), "hold %d\n", hold);
	if (write(fd, req, (size_t)n) != n)
		goto bad;
	while (len + 1 < outlen) {
		ssize_t r = read(fd, out + len, outlen - 1 - len);

		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	while (len && (out[len - 1] == '\n'))
		len--;
	out[len] = 0;
	if (!len) {
		snprintf(out, outlen, "empty reply");
		return -1;
	}
	return 0;
bad:
	snprintf(out, outlen, "%s", strerror(errno));
	close(fd);
	return -1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int opt_int(int argc, char **argv, const char *name, int def)
{
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return atoi(argv[i + 1]);
	return def;
}

static int get(int argc, char **argv)
{
	int port = opt_int(argc, argv, "--port", 0);
	int hold = opt_int(argc, argv, "--hold", 0);
	int count = opt_int(argc, argv, "--count", 1);
	char line[128];

	for (int i = 0; i < count; i++) {
		if (get_one(port, hold, line, sizeof(line)) != 0) {
			fprintf(stderr, "connection %d failed: %s\n", i, line);
			return 1;
		}
		printf("%s\n", line);
	}
	return 0;
}

static int hammer(int argc, char **argv)
{
	int port = opt_int(argc, argv, "--port", 0);
	long long end = now_ms() + opt_int(argc, argv, "--ms", 1000);
	int ok = 0, failed = 0, gens[64] = {0};
	char line[128];

	while (now_ms() < end && ok + failed < 1000000) {
		long pid;
		int gen;

		if (get_one(port, 0, line, sizeof(line)) != 0 ||
		    sscanf(line, "%ld %d", &pid, &gen) != 2) {
			if (failed++ < 5)
				fprintf(stderr, "failed: %s\n", line);
			continue;
		}
		ok++;
		if (gen >= 0 && gen < 64)
			gens[gen] = 1;
	}
	printf("ok %d fail %d gens", ok, failed);
	for (int g = 0; g < 64; g++)
		if (gens[g])
			printf(" %d", g);
	printf("\n");
	return failed ? 1 : 0;
}

static int freeport(void)
{
	int fd;
	ward_listen_addr a;
	char err[WARD_LISTEN_ERRLEN], s[64];

	if (ward_listen_open("127.0.0.1:0", &fd, &a, err, sizeof(err)) !=
	    WARD_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	close(fd);
	ward_listen_addr_str(&a, s, sizeof(s));
	printf("%s\n", strrchr(s, ':') + 1);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "serve") == 0)
		return serve(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "get") == 0)
		return get(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "hammer") == 0)
		return hammer(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "freeport") == 0)
		return freeport();
	fprintf(stderr, "usage: ward-master-probe serve|get|hammer|freeport "
			"...\n");
	return 2;
}

/* ward-bench-early: the client of bench/run.sh's early phase. For SECONDS,
 * one connection after the other to HOST:PORT (IPv4), each resuming TLS
 * 1.3 with the ticket the one before it received and sending
 * "GET PATH" (Connection: close) as 0-RTT early data, then reading the
 * answer until the server closes. A ticket takes early data once, so a
 * connection that brought no new ticket is followed by a full handshake
 * that takes one; with WORKER_PID, that worker's CPU time during those
 * handshakes is measured and printed apart (excluded_ns), to be left out.
 *
 *   ward-bench-early HOST PORT CAFILE PATH SECONDS [WORKER_PID]
 *
 * Prints a summary line and a WRKRESULT line like bench/wrk_report.lua's:
 * requests are the 0-RTT connections tried, status (not ok) those that did
 * not answer 200 with their early data accepted. */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "tls/tls.h"

#define WAIT_MS 5000

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* CPU time of all threads of a process (schedstat, field 1), 0 without. */
static long long cpu_ns(const char *pid)
{
	char path[320];
	long long sum = 0, v;
	if (!pid)
		return 0;
	snprintf(path, sizeof path, "/proc/%s/task", pid);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof path,
				 "/proc/%s/task/%s/schedstat", pid, e->d_name);
			FILE *f = fopen(path, "r");
			if (f && fscanf(f, "%lld", &v) == 1)
				sum += v;
			if (f)
				fclose(f);
		}
	closedir(d);
	return sum;
}

static int flush_out(int fd, ward_buf *out)
{
	size_t off = 0;
	ssize_t n = 1;
	while (off < out->len && n > 0)
		if ((n = send(fd, out->data + off, out->len - off,
			      MSG_NOSIGNAL)) > 0)
			off += (size_t)n;
	int r = off == out->len ? 0 : -1;
	ward_buf_clear(out);
	return r;
}

struct result {
	int ok200, early, ticket;
	size_t bytes;
};

/* One connection: resume `sess` (when given) with the request as early
 * data, or a full handshake with it sent after. 0, or -1 when it failed. */
static int one(const struct sockaddr_in *sa, const ward_tls_config *cfg,
	       const ward_buf *sess, const char *req, ward_buf *next,
	       struct result *res)
{
	ward_buf in = WARD_BUF_INIT, out = WARD_BUF_INIT, app = WARD_BUF_INIT;
	char head[16] = "";
	size_t head_len = 0;
	int rc = -1, fd = socket(AF_INET, SOCK_STREAM, 0);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	memset(res, 0, sizeof *res);
	if (fd < 0 || !c || connect(fd, (const void *)sa, sizeof *sa) != 0 ||
	    ward_tls_set_hostname(c, "localhost") != WARD_OK ||
	    (sess && ward_tls_set_session(c, sess->data, sess->len)) ||
	    ward_tls_start(c, &out) != WARD_OK)
		goto done;
	int early = sess && ward_tls_get_info(c)->early_data;
	if ((early && ward_tls_send_early(c, req, strlen(req), &out)) ||
	    flush_out(fd, &out) < 0)
		goto done;
	int sent = early, closed = 0;
	long long deadline = now_ns() + WAIT_MS * 1000000LL;
	while (!closed && now_ns() < deadline) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, WAIT_MS) <= 0 ||
		    ward_buf_reserve(&in, 32768) != WARD_OK)
			break;
		ssize_t n = recv(fd, in.data + in.len, in.cap - in.len, 0);
		if (n <= 0)
			break; /* the server closed */
		in.len += (size_t)n;
		size_t used = 0;
		ward_err err =
		    ward_tls_recv(c, in.data, in.len, &used, &out, &app);
		ward_buf_consume(&in, used);
		uint32_t ev = ward_tls_take_events(c);
		res->ticket |= !!(ev & WARD_TLS_EV_TICKET);
		closed = !!(ev & WARD_TLS_EV_CLOSE_NOTIFY);
		if (err != WARD_OK)
			goto done;
		/* early data not accepted, or none: the request after */
		if (ward_tls_handshake_done(c) &&
		    (!sent || ward_tls_get_info(c)->early_data ==
				  WARD_TLS_EARLY_REJECTED) &&
		    sent < 2) {
			if (ward_tls_send(c, req, strlen(req), &out) != WARD_OK)
				goto done;
			sent = 2;
		}
		if (flush_out(fd, &out) < 0)
			break;
		size_t k = app.len < sizeof head - 1 - head_len
			       ? app.len
			       : sizeof head - 1 - head_len;
		memcpy(head + head_len, app.data, k);
		head_len += k;
		res->bytes += app.len;
		ward_buf_clear(&app);
	}
	if (!ward_tls_handshake_done(c))
		goto done;
	res->ok200 = strncmp(head, "HTTP/1.1 200", 12) == 0;
	res->early =
	    ward_tls_get_info(c)->early_data == WARD_TLS_EARLY_ACCEPTED;
	if (res->ticket && ward_tls_get_session(c, next) != WARD_OK)
		res->ticket = 0;
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	ward_tls_conn_free(c);
	ward_buf_free(&in);
	ward_buf_free(&out);
	ward_buf_free(&app);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: ward-bench-early HOST PORT CAFILE PATH "
				"SECONDS [WORKER_PID]\n");
		return 2;
	}
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)atoi(argv[2]))};
	char why[256] = "", req[512];
	ward_trust *trust;
	const char *pid = argc > 6 ? argv[6] : NULL;
	if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1 ||
	    ward_trust_load(argv[3], &trust, why, sizeof why) != WARD_OK) {
		fprintf(stderr, "ward-bench-early: bad host or CA file %s\n",
			why);
		return 2;
	}
	snprintf(
	    req, sizeof req,
	    "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
	    argv[4]);
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	/* TLS 1.3 only; 0-RTT offered when the ticket allows it */
	if (!cfg || ward_tls_config_set_tls12(cfg, 0) != WARD_OK ||
	    ward_tls_config_set_early_data(cfg, 1) != WARD_OK)
		return 2;
	ward_tls_config_set_trust(cfg, trust);

	ward_buf sess, next;
	ward_buf_init_secret(&sess);
	ward_buf_init_secret(&next);
	struct result r;
	long n = 0, acc = 0, rej = 0, fail = 0, primes = 0;
	long long excluded = 0, bytes = 0;
	int have = 0;
	long long t0 = now_ns(), end = t0 + atoll(argv[5]) * 1000000000LL;
	while (now_ns() < end && fail <= 20) {
		if (!have) {
			/* a full handshake for a ticket, outside the count */
			long long c0 = cpu_ns(pid);
			int bad = one(&sa, cfg, NULL, req, &next, &r) != 0 ||
				  !r.ticket;
			excluded += cpu_ns(pid) - c0;
			if (n > 0 || primes > 0)
				primes++;
			if (bad) {
				fprintf(stderr,
					"a full handshake gave no ticket\n");
				return 1;
			}
		} else {
			n++;
			if (one(&sa, cfg, &sess, req, &next, &r) != 0 ||
			    !r.ok200)
				fail++;
			else if (r.early)
				acc++, bytes += (long long)r.bytes;
			else
				rej++;
		}
		have = r.ticket;
		if (have) {
			ward_buf_clear(&sess);
			if (ward_put_bytes(&sess, next.data, next.len) !=
			    WARD_OK)
				return 1;
		}
	}
	long long t1 = now_ns();
	printf("early: %ld connections, %ld with early data accepted, %ld "
	       "rejected, %ld failed; %ld full handshakes for a new ticket "
	       "(not counted)\n",
	       n, acc, rej, fail, primes);
	if (fail)
		printf("Non-2xx or failed connections: %ld\n", fail);
	printf("WRKRESULT requests=%ld bytes=%lld duration_us=%lld connect=0 "
	       "read=%ld write=0 status=%ld timeout=0 early_rejected=%ld "
	       "early_primes=%ld excluded_ns=%lld\n",
	       n, bytes, (t1 - t0) / 1000, fail, rej + fail, rej, primes,
	       excluded);
	ward_buf_free(&sess);
	ward_buf_free(&next);
	ward_tls_config_free(cfg);
	return 0;
}

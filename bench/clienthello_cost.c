/* What one ClientHello costs the server engine: a normal one (ward's own
 * client) against crafted ones with lists as long as the wire allows.
 *
 *   ward-bench-clienthello [ITERATIONS]
 *
 * For each shape: the server's CPU time (median of ITERATIONS) to take
 * the ClientHello records and answer them, once with a full ServerHello
 * flight (key exchange and signature included) and once with a
 * HelloRetryRequest (no public-key operation: what parsing and choosing
 * cost), and each as a factor of the normal ClientHello's. Built with the
 * project, never run by make check (bench/README.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client_hello.h"
#include "crypto/ca.h"
#include "tls/tls.h"

static void die(const char *what)
{
	fprintf(stderr, "ward-bench-clienthello: %s\n", what);
	exit(1);
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median CPU microseconds for a fresh server connection to answer. */
static double cost(const ward_tls_config *cfg, const ward_buf *records,
		   int iterations)
{
	double *t = calloc((size_t)iterations, sizeof *t);
	ward_buf in, out, app;
	ward_buf_init(&in);
	ward_buf_init(&out);
	ward_buf_init(&app);
	if (!t)
		die("out of memory");
	for (int i = -iterations / 10; i < iterations; i++) {
		ward_buf_clear(&in);
		ward_buf_clear(&out);
		/* the engine decrypts in place: each round gets a copy */
		if (ward_put_bytes(&in, records->data, records->len) != WARD_OK)
			die("out of memory");
		ward_tls_conn *c = ward_tls_conn_new(cfg);
		size_t used = 0;
		double t0 = now_us();
		ward_err err =
		    ward_tls_recv(c, in.data, in.len, &used, &out, &app);
		double t1 = now_us();
		if (!c || err != WARD_OK || used != in.len || out.len < 6 ||
		    out.data[5] != 2)
			die("a ClientHello was not answered with a ServerHello");
		ward_tls_conn_free(c);
		if (i >= 0)
			t[i] = t1 - t0;
	}
	qsort(t, (size_t)iterations, sizeof *t, by_value);
	double median = t[iterations / 2];
	free(t);
	ward_buf_free(&in);
	ward_buf_free(&out);
	ward_buf_free(&app);
	return median;
}

static ward_tls_config *server_config(const struct ward_ca_test_chain *tc,
				      int hrr)
{
	static const char *alpn[] = {"http/1.1"};
	/* with P-256 preferred, every shape here (an X25519 share only)
	 * gets a HelloRetryRequest */
	static const uint16_t groups[] = {0x0017, 0x001d};
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_SERVER);
	ward_chain *chain;
	if (!cfg ||
	    ward_chain_load_pem(tc->cert_pem.data, tc->cert_pem.len, &chain) !=
		WARD_OK ||
	    ward_tls_config_add_cert(cfg, chain, ward_pkey_ref(tc->key)) !=
		WARD_OK ||
	    ward_tls_config_set_alpn(cfg, alpn, 1) != WARD_OK ||
	    (hrr && ward_tls_config_set_groups(cfg, groups, 2) != WARD_OK))
		die("cannot make the server's configuration");
	return cfg;
}

/* ward's own ClientHello, as a browser-like normal one. */
static void normal_hello(ward_buf *records)
{
	ward_tls_config *cfg = ward_tls_config_new(WARD_TLS_CLIENT);
	static const char *alpn[] = {"http/1.1"};
	if (!cfg || ward_tls_config_set_alpn(cfg, alpn, 1) != WARD_OK)
		die("cannot make the client's configuration");
	ward_tls_config_set_verify(cfg, 0);
	ward_tls_conn *c = ward_tls_conn_new(cfg);
	ward_buf_init(records);
	if (!c || ward_tls_set_hostname(c, "localhost") != WARD_OK ||
	    ward_tls_start(c, records) != WARD_OK)
		die("cannot make a ClientHello");
	ward_tls_conn_free(c);
	ward_tls_config_free(cfg);
}

int main(int argc, char **argv)
{
	int iterations = argc > 1 ? atoi(argv[1]) : 200;
	if (iterations < 10)
		die("ITERATIONS: at least 10");
	/* each list as long as the 2^16-byte vectors around it allow */
	static const struct {
		const char *name;
		struct test_hello h;
	} shapes[] = {
		{"16000 groups, 6400 key shares (the issue's)",
		 {.extra_groups = 16000, .extra_shares = 6400}},
		{"32000 suites, 16000 groups, 6400 key shares",
		 {.extra_suites = 32000,
		  .extra_groups = 16000,
		  .extra_shares = 6400}},
		{"32000 signature algorithms",
		 {.extra_sigalgs = 32000, .extra_suites = 32000}},
		{"16000 unknown extensions", {.extra_exts = 16000}},
		{"8000 ALPN names", {.alpn_names = 8000}},
	};
	struct ward_ca_test_chain tc;
	if (ward_ca_make_test_chain(WARD_KEY_EC_P256, "localhost", 0, &tc) !=
	    WARD_OK)
		die("cannot make a certificate");
	ward_tls_config *full = server_config(&tc, 0);
	ward_tls_config *hrr = server_config(&tc, 1);
	ward_buf records;
	normal_hello(&records);
	double base_full = cost(full, &records, iterations);
	double base_hrr = cost(hrr, &records, iterations);
	printf("server CPU per ClientHello, median of %d, P-256 certificate\n",
	       iterations);
	printf("%-46s %8s %10s %6s %10s %6s\n", "ClientHello", "bytes",
	       "full us", "x", "HRR us", "x");
	printf("%-46s %8zu %10.1f %6.2f %10.1f %6.2f\n",
	       "normal (ward's client)", records.len, base_full, 1.0, base_hrr,
	       1.0);
	ward_buf_free(&records);
	double worst = 1;
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		ward_buf msg;
		struct test_hello h = shapes[i].h;
		h.sni = "localhost";
		test_hello_message(&h, &msg);
		test_hello_records(&msg, &records);
		double f = cost(full, &records, iterations);
		double r = cost(hrr, &records, iterations);
		printf("%-46s %8zu %10.1f %6.2f %10.1f %6.2f\n", shapes[i].name,
		       records.len, f, f / base_full, r, r / base_hrr);
		if (f / base_full > worst)
			worst = f / base_full;
		ward_buf_free(&msg);
		ward_buf_free(&records);
	}
	printf("worst full handshake / normal: %.2fx\n", worst);
	ward_tls_config_free(full);
	ward_tls_config_free(hrr);
	ward_ca_test_chain_free(&tc);
	return 0;
}

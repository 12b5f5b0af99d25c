/* ward-replay-check: two anti-replay registers (server/replay.h), as two
 * ward instances would hold them, sharing one Redis store, driven line by
 * line for tests/interop/test_replay_redis.sh.
 *
 *   ward-replay-check URL|- [ENTRIES]  (- : no Redis store; ENTRIES in
 *                                      each register, default 1024)
 *
 * Commands on standard input, one answer line each on standard output:
 *   check I NAME TTL      instance I (0 or 1) checks SHA-256(NAME) with
 *                         TTL: "FRESH|SEEN|UNAVAILABLE MS ward:replay:HEX"
 *                         (MS: how long the check took)
 *   forkcheck I NAME TTL  the same from a child process forked now (a
 *                         worker forked after the parent connected)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "server/replay.h"

static const char *names[] = {"FRESH", "SEEN", "UNAVAILABLE"};

static long ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void check(ward_replay *r, const char *name, unsigned ttl)
{
	uint8_t key[32];
	if (ward_hash_oneshot(WARD_HASH_SHA256, name, strlen(name), key) !=
	    WARD_OK) {
		printf("ERROR hash\n");
		return;
	}
	long t0 = ms_now();
	ward_tls_replay_verdict v = ward_replay_check(r, key, ttl, time(NULL));
	printf("%s %ld ward:replay:", names[v], ms_now() - t0);
	for (int i = 0; i < 32; i++)
		printf("%02x", key[i]);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char why[512], line[512], cmd[16], name[256];
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: ward-replay-check URL|- [ENTRIES]\n");
		return 2;
	}
	size_t entries = argc == 3 ? strtoul(argv[2], NULL, 10) : 1024;
	const char *url = strcmp(argv[1], "-") ? argv[1] : NULL;
	ward_replay *r[2];
	for (int i = 0; i < 2; i++)
		if (!(r[i] = ward_replay_new(entries, url, why, sizeof why))) {
			fprintf(stderr, "ward-replay-check: %s\n", why);
			return 1;
		}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof line, stdin)) {
		int i;
		unsigned ttl;
		if (sscanf(line, "%15s %d %255s %u", cmd, &i, name, &ttl) !=
			4 ||
		    i < 0 || i > 1) {
			printf("ERROR usage\n");
			continue;
		}
		if (!strcmp(cmd, "check")) {
			check(r[i], name, ttl);
		} else if (!strcmp(cmd, "forkcheck")) {
			pid_t kid = fork();
			if (kid == 0) {
				check(r[i], name, ttl);
				_exit(0);
			}
			int status;
			if (kid < 0 || waitpid(kid, &status, 0) != kid)
				printf("ERROR fork\n");
		} else {
			printf("ERROR usage\n");
		}
	}
	ward_replay_free(r[0]);
	ward_replay_free(r[1]);
	return 0;
}

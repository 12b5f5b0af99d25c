/* Process limits of `ward serve`: see limits.h. */
#include "server/limits.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "server/log.h"

/* Descriptors a connection may hold: its socket and a file it sends or
 * receives (an upload holds two: the file and its directory). */
#define FDS_PER_CONN 2
/* ... and those of the process: listeners, logs, epoll, signals, store
 * directories, the reserve. */
#define FDS_SPARE 16

void ward_raise_nofile(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
		return;
	rlim_t was = rl.rlim_cur;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
		ward_log(WARD_LOG_WARN,
			 "cannot raise the descriptor limit "
			 "(%llu): %s",
			 (unsigned long long)was, strerror(errno));
		return;
	}
	ward_log(WARD_LOG_INFO, "descriptor limit raised from %llu to %llu",
		 (unsigned long long)was, (unsigned long long)rl.rlim_max);
}

size_t ward_fit_connections(int wanted)
{
	struct rlimit rl;
	size_t want = wanted > 0 ? (size_t)wanted : 1;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return want;
	size_t fit = rl.rlim_cur > FDS_SPARE + FDS_PER_CONN
			 ? (size_t)(rl.rlim_cur - FDS_SPARE) / FDS_PER_CONN
			 : 1;
	if (fit >= want)
		return want;
	ward_log(WARD_LOG_WARN,
		 "--max-connections %zu does not fit the descriptor limit "
		 "(%llu): %zu per worker",
		 want, (unsigned long long)rl.rlim_cur, fit);
	return fit;
}

/* ward get -d @- from a pipe: the body read as it comes (get_output.h). */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "cli/get_output.h"

long ward_get_read_stdin(void *ctx, uint8_t *p, size_t cap, long long deadline)
{
	const int *drop_newlines = ctx;
	for (;;) {
		struct pollfd pf = {.fd = 0, .events = POLLIN};
		int wait = -1;
		if (deadline) {
			long long left = deadline - ward_client_now_ms();
			if (left <= 0)
				return -2;
			wait = left > 60000 ? 60000 : (int)left;
		}
		int r = poll(&pf, 1, wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			continue; /* the deadline is checked above */
		ssize_t n = read(0, p, cap);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		if (!*drop_newlines)
			return (long)n;
		/* -d drops CR and LF, as it does from files */
		size_t k = 0;
		for (ssize_t i = 0; i < n; i++)
			if (p[i] != '\r' && p[i] != '\n')
				p[k++] = p[i];
		if (k)
			return (long)k;
	}
}

/* ward get -w FORMAT (docs/get.md), written to stdout after each URL. */
#ifndef WARD_CLI_GET_WRITEOUT_H
#define WARD_CLI_GET_WRITEOUT_H

#include <stddef.h>

#include "client/client.h"

/* What -w needs beyond the client's info for the last request. */
typedef struct ward_get_stats {
	int status;	 /* the last response's, 0 for none */
	long long start; /* ward_client_now_us at the URL's start */
	size_t connects; /* connections opened for the URL */
} ward_get_stats;

/* %{name}, %% and backslash escapes; an unknown variable is passed to
 * unknown() (to warn about) and written as it was. */
void ward_get_write_out(const char *fmt, const ward_client_info *i,
			const ward_get_stats *ts,
			void (*unknown)(const char *name, size_t n));
/* -w @FILE (or @- for stdin): FILE's text, NUL-terminated, into text;
 * -1 with a reason when over 64 KiB or holding a NUL, -2 when it cannot
 * be read. */
int ward_get_read_format(const char *file, ward_buf *text, char *why,
			 size_t whylen);

#endif

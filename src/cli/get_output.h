/* ward get: where one URL's response goes (-o/-O or stdout, -i, --fail,
 * -L, --compressed), and its error messages. */
#ifndef WARD_CLI_GET_OUTPUT_H
#define WARD_CLI_GET_OUTPUT_H

#include <stdio.h>

#include "client/client.h"
#include "http/coding.h"

typedef struct ward_get_transfer {
	/* from the options: heads written (-i, -I), --fail, -L,
	 * --compressed */
	int include, fail, follow, compressed;
	const char *path; /* output file, NULL for stdout */
	FILE *out;
	int write_failed;
	int status;
	int redirecting; /* this response's body is not the user's */
	/* --compressed: the decoder of this response's body, and whether
	 * it saw a byte / failed */
	ward_inflate *inflate;
	int coded, decode_failed;
	int failing; /* --fail and a status of 400 or more */
	char location[WARD_URL_TARGET_MAX + WARD_URL_HOST_MAX];
	/* the progress bar on stderr: body bytes received of total (0:
	 * unknown), when the bar was last drawn (0: never) */
	int progress;
	uint64_t total, got;
	long long started_us, drawn_us;
} ward_get_transfer;

/* The sink that writes a transfer's responses. */
ward_client_sink ward_get_sink(ward_get_transfer *t);
/* The output, opened on first use (NULL after a failure, said once). */
FILE *ward_get_output(ward_get_transfer *t);
/* -O: the last segment of the URL's path, or NULL when it has none. */
const char *ward_get_remote_name(const ward_url *u, char *buf, size_t len);

/* The progress bar's last state and its line end, if it was drawn. */
void ward_get_progress_end(ward_get_transfer *t);

/* -d @FILE, -w @FILE: FILE's bytes (stdin for "-") appended to out,
 * without CR and LF when drop_newlines, at most max bytes (0: any).
 * -1 with a reason when over max or out of memory, -2 when FILE cannot
 * be read. */
int ward_get_slurp(const char *file, ward_buf *out, int drop_newlines,
		   size_t max, char *why, size_t whylen);

/* A ward_client_request body_read for stdin; ctx points to an int, set
 * when CR and LF are dropped (-d). */
long ward_get_read_stdin(void *ctx, uint8_t *p, size_t cap,
			 long long deadline);

/* -s without -S: no error messages. */
extern int ward_get_quiet;
void ward_get_complain(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif

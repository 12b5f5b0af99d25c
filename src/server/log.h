/* The error log and the access log of `ward serve`.
 *
 * Error log lines: "2024/05/01 12:00:00 [error] 1234: message\n" (local
 * time, level, pid), one write(2) per line with O_APPEND, so the master and
 * the workers may share the file. Lines above the threshold are dropped.
 * Past its first three in a second, a message repeated within that second
 * is counted instead of written; "... (N more like this)" follows when the
 * second is over (at the next line, or at ward_log_flush_repeats, which the
 * worker's loop runs before every wait).
 *
 * Access log: the connection code builds each line; ward_access_log_write
 * buffers it (per process) and the buffer is written when it reaches 4 KiB
 * and by ward_access_log_flush, which the worker's loop runs before every
 * wait. Only whole lines are written, so processes do not interleave.
 *
 * ward_log_reopen reopens both by path (after a rotation moved them).
 */
#ifndef WARD_SERVER_LOG_H
#define WARD_SERVER_LOG_H

#include <stddef.h>

#include "base/err.h"

enum ward_log_level {
	WARD_LOG_ERROR = 0,
	WARD_LOG_WARN = 1,
	WARD_LOG_INFO = 2,
	WARD_LOG_DEBUG = 3,
};

/* path NULL or "-": stderr. On failure the previous log stays and err
 * holds one line naming the file. */
WARD_MUST_CHECK ward_err ward_log_open(const char *path, int level, char *err,
				       size_t errlen);
void ward_log_set_level(int level);
/* Whether the error log is stderr (else a failure at start is also printed
 * there, for the person who typed the command). */
int ward_log_is_stderr(void);
int ward_log_enabled(int level);
void ward_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Write the "(N more like this)" lines of seconds that are over. */
void ward_log_flush_repeats(void);

/* path NULL or "off": no access log; "-": stdout. */
WARD_MUST_CHECK ward_err ward_access_log_open(const char *path, char *err,
					      size_t errlen);
int ward_access_log_enabled(void);
/* One line; a '\n' is added when line does not end with one. */
void ward_access_log_write(const char *line, size_t len);
void ward_access_log_flush(void);

/* Reopen both files by path; a file that cannot be reopened keeps its old
 * descriptor and the failure is logged. */
void ward_log_reopen(void);
/* Flush and close both (back to stderr, no access log). */
void ward_log_close(void);

#endif

/* The anti-replay register of `ward serve` (server/replay.h), made once
 * by the master and kept across reloads, like the session cache. */
#ifndef WARD_SERVER_REPLAY_SERVE_H
#define WARD_SERVER_REPLAY_SERVE_H

#include <stddef.h>

#include "base/err.h"
#include "server/config.h"

/* In the master, for every configuration it loads, before its workers
 * fork: make the register (--replay-entries, --replay-store) the first
 * time, keep it on reloads (which read the same flags), and set
 * cfg->replay. On failure *why names the flag and its value. */
WARD_MUST_CHECK ward_err ward_replay_serve_setup(ward_server_config *cfg,
						 char *why, size_t whylen);
/* Unmap the register (the master, at exit). */
void ward_replay_serve_free(void);

#endif

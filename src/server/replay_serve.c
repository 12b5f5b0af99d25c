/* The register of `ward serve` (replay_serve.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/log.h"
#include "server/redis.h"
#include "server/replay.h"
#include "server/replay_serve.h"

static ward_replay *made;
static int made_entries;
static char *made_store;

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

ward_err ward_replay_serve_setup(ward_server_config *cfg, char *why,
				 size_t whylen)
{
	char reason[400];
	if (cfg->replay_store) {
		/* a bad URL is an error on every load, running or not */
		ward_redis *probe =
		    ward_redis_new(cfg->replay_store, reason, sizeof reason);
		if (!probe) {
			snprintf(why, whylen, "--replay-store: %s", reason);
			return WARD_ERR_CONFIG;
		}
		ward_redis_free(probe);
	}
	if (!made) {
		made =
		    ward_replay_new((size_t)cfg->replay_entries,
				    cfg->replay_store, reason, sizeof reason);
		if (!made) {
			snprintf(why, whylen, "--replay-entries %d: %s",
				 cfg->replay_entries, reason);
			return WARD_ERR_CONFIG;
		}
		made_entries = cfg->replay_entries;
		made_store =
		    cfg->replay_store ? strdup(cfg->replay_store) : NULL;
	} else if (cfg->replay_entries != made_entries ||
		   !same(cfg->replay_store, made_store)) {
		ward_log(WARD_LOG_WARN,
			 "--replay-entries/--replay-store: a change takes "
			 "effect when ward serve restarts; keeping %d "
			 "entries and %s",
			 made_entries, made_store ? made_store : "no store");
	}
	cfg->replay = made;
	return WARD_OK;
}

void ward_replay_serve_free(void)
{
	ward_replay_free(made);
	made = NULL;
	free(made_store);
	made_store = NULL;
}

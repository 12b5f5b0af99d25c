/* The register of `ward serve` (replay_serve.h). */
#include <stdio.h>

#include "server/redis.h"
#include "server/replay.h"
#include "server/replay_serve.h"

static ward_replay *made;

ward_err ward_replay_serve_setup(ward_server_config *cfg, char *why,
				 size_t whylen)
{
	char reason[400];
	/* a reload reads the same flags: the register made at start is
	 * theirs, with the host resolved then */
	if (made) {
		cfg->replay = made;
		return WARD_OK;
	}
	if (cfg->replay_store) {
		/* the URL alone first, so that its error names its flag */
		ward_redis *probe =
		    ward_redis_new(cfg->replay_store, reason, sizeof reason);
		if (!probe) {
			snprintf(why, whylen, "--replay-store: %s", reason);
			return WARD_ERR_CONFIG;
		}
		ward_redis_free(probe);
	}
	made = ward_replay_new((size_t)cfg->replay_entries, cfg->replay_store,
			       reason, sizeof reason);
	if (!made) {
		snprintf(why, whylen, "--replay-entries %d: %s",
			 cfg->replay_entries, reason);
		return WARD_ERR_CONFIG;
	}
	cfg->replay = made;
	return WARD_OK;
}

void ward_replay_serve_free(void)
{
	ward_replay_free(made);
	made = NULL;
}

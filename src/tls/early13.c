/* TLS 1.3 0-RTT (RFC 8446 2.3, 4.2.10), what both roles share: the
 * configuration and the client_early_traffic_secret. */
#include "tls/conn.h"

ward_err ward_tls_config_set_early_data(ward_tls_config *cfg, uint32_t max_size)
{
	cfg->early_data = max_size;
	return WARD_OK;
}

void ward_tls_config_set_replay_check(ward_tls_config *cfg,
				      ward_tls_replay_check_fn fn, void *ctx)
{
	cfg->replay_check = fn;
	cfg->replay_ctx = ctx;
}

const char *ward_tls_early_name(ward_tls_early_state s)
{
	switch (s) {
	case WARD_TLS_EARLY_OFFERED:
		return "offered";
	case WARD_TLS_EARLY_ACCEPTED:
		return "accepted";
	case WARD_TLS_EARLY_REJECTED:
		return "rejected";
	default:
		return "none";
	}
}

/* RFC 8446 7.1: client_early_traffic_secret = Derive-Secret(Early
 * Secret, "c e traffic", ClientHello), the Early Secret from the PSK. */
ward_err ward_tls13_early_secret(ward_tls_conn *c, ward_hash_alg hash,
				 const uint8_t *th)
{
	ward_tls_hs *hs = c->hs;
	ward_tls13_schedule ks;
	ward_err ret;
	WARD_TRY_OUT(ward_tls13_schedule_init(&ks, hash, hs->psk, hs->psk_len));
	WARD_TRY_OUT(ward_tls13_derive_secret(hash, ks.secret, "c e traffic",
					      th, hs->c_early));
	ward_tls_keylog_len(c, "CLIENT_EARLY_TRAFFIC_SECRET", hs->c_early,
			    ward_hash_len(hash));
out:
	ward_tls13_schedule_wipe(&ks);
	return ret;
}

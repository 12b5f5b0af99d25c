/* Ticket keys and ticket sealing (ticket.h). */
#include <string.h>

#include "tls/conn.h"
#include "tls/ticket.h"

/* A write takes microseconds; a reader that still sees it under way after
 * this many looks gives up (the keys count as absent this once). */
#define SNAPSHOT_TRIES 100000

static int alg_ok(uint8_t alg)
{
	return alg == WARD_AEAD_AES_256_GCM ||
	       alg == WARD_AEAD_CHACHA20_POLY1305;
}

static void write_begin(ward_ticket_keys *k)
{
	uint32_t s = atomic_load_explicit(&k->seq, memory_order_relaxed);
	atomic_store_explicit(&k->seq, (s | 1u) == s ? s + 2 : s + 1,
			      memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
}

static void write_end(ward_ticket_keys *k)
{
	uint32_t s = atomic_load_explicit(&k->seq, memory_order_relaxed);
	atomic_store_explicit(&k->seq, s + 1, memory_order_release);
}

void ward_ticket_keys_init(ward_ticket_keys *k)
{
	ward_wipe(k, sizeof *k);
	atomic_init(&k->seq, 0);
}

void ward_ticket_keys_wipe(ward_ticket_keys *k)
{
	write_begin(k);
	ward_wipe(k->slots, sizeof k->slots);
	k->current = 0;
	write_end(k);
}

ward_err ward_ticket_keys_rotate(ward_ticket_keys *k, ward_aead_alg alg,
				 int64_t now, int64_t expires)
{
	WARD_ENSURE(alg_ok((uint8_t)alg) && expires > now, WARD_ERR_ARG);
	ward_ticket_key fresh = {0};
	WARD_TRY(ward_random(fresh.name, sizeof fresh.name));
	ward_err ret = ward_random(fresh.key, sizeof fresh.key);
	if (ret != WARD_OK) {
		ward_wipe(&fresh, sizeof fresh);
		return ret;
	}
	fresh.aead = (uint8_t)alg;
	fresh.live = 1;
	fresh.created = now;
	fresh.expires = expires;
	/* the slot after the current one holds the oldest key; a set that was
	 * never keyed starts at slot 0 */
	uint32_t next = k->slots[k->current].live
			    ? (k->current + 1) % WARD_TICKET_KEY_SLOTS
			    : k->current;
	write_begin(k);
	k->slots[next] = fresh;
	k->current = next;
	write_end(k);
	ward_wipe(&fresh, sizeof fresh);
	return WARD_OK;
}

ward_err ward_ticket_keys_install(ward_ticket_keys *k,
				  const ward_ticket_key *keys, size_t n,
				  size_t current)
{
	WARD_ENSURE(n >= 1 && n <= WARD_TICKET_KEY_SLOTS && current < n,
		    WARD_ERR_ARG);
	WARD_ENSURE(keys[current].live, WARD_ERR_ARG);
	for (size_t i = 0; i < n; i++) {
		WARD_ENSURE(!keys[i].live || alg_ok(keys[i].aead),
			    WARD_ERR_ARG);
		for (size_t j = 0; j < i; j++)
			WARD_ENSURE(!keys[i].live || !keys[j].live ||
					memcmp(keys[i].name, keys[j].name,
					       WARD_TICKET_NAME_LEN),
				    WARD_ERR_ARG);
	}
	write_begin(k);
	ward_wipe(k->slots, sizeof k->slots);
	memcpy(k->slots, keys, n * sizeof *keys);
	k->current = (uint32_t)current;
	write_end(k);
	return WARD_OK;
}

/* Copy one slot out under the sequence counter: the current one
 * (name == NULL), or the live one with this name. *is_current says which
 * slot it was. 0 when there is none, or the writer kept writing. */
static int snapshot(const ward_ticket_keys *k, const uint8_t *name,
		    ward_ticket_key *out, int *is_current)
{
	for (long tries = 0; tries < SNAPSHOT_TRIES; tries++) {
		uint32_t s1 =
		    atomic_load_explicit(&k->seq, memory_order_acquire);
		if (s1 & 1u)
			continue;
		uint32_t cur = k->current;
		int found = 0;
		if (!name) {
			if (cur < WARD_TICKET_KEY_SLOTS) {
				memcpy(out, &k->slots[cur], sizeof *out);
				found = 1;
				*is_current = 1;
			}
		} else {
			for (uint32_t i = 0; i < WARD_TICKET_KEY_SLOTS; i++) {
				/* key names are not secret: a plain compare */
				if (k->slots[i].live &&
				    !memcmp(k->slots[i].name, name,
					    WARD_TICKET_NAME_LEN)) {
					memcpy(out, &k->slots[i], sizeof *out);
					found = 1;
					*is_current = i == cur;
					break;
				}
			}
		}
		atomic_thread_fence(memory_order_acquire);
		uint32_t s2 =
		    atomic_load_explicit(&k->seq, memory_order_relaxed);
		if (s1 == s2)
			return found && out->live && alg_ok(out->aead);
		ward_wipe(out, sizeof *out);
	}
	return 0;
}

ward_err ward_ticket_seal(const ward_ticket_keys *k, int64_t now,
			  const uint8_t *iv, const uint8_t *state, size_t len,
			  ward_buf *out)
{
	WARD_ENSURE(len <= WARD_TICKET_MAX_STATE, WARD_ERR_ARG);
	ward_ticket_key key;
	int cur;
	if (!k || !snapshot(k, NULL, &key, &cur) || now >= key.expires ||
	    now < key.created) {
		ward_wipe(&key, sizeof key);
		return WARD_ERR_NOT_FOUND;
	}
	size_t start = out->len;
	ward_aead aead = {0};
	uint8_t *at;
	ward_err ret;
	WARD_TRY_OUT(ward_buf_extend(out, WARD_TICKET_OVERHEAD + len, &at));
	memcpy(at, key.name, WARD_TICKET_NAME_LEN);
	memcpy(at + WARD_TICKET_NAME_LEN, iv, WARD_AEAD_NONCE_LEN);
	uint8_t *body = at + WARD_TICKET_NAME_LEN + WARD_AEAD_NONCE_LEN;
	if (len)
		memcpy(body, state, len);
	WARD_TRY_OUT(ward_aead_init(&aead, key.aead, key.key, 1));
	WARD_TRY_OUT(ward_aead_seal(&aead, iv, key.name, WARD_TICKET_NAME_LEN,
				    body, len, body));
out:
	ward_aead_free(&aead);
	ward_wipe(&key, sizeof key);
	if (ret != WARD_OK)
		ward_buf_truncate(out, start);
	return ret;
}

ward_err ward_ticket_open(const ward_ticket_keys *k, int64_t now,
			  const uint8_t *ticket, size_t len, ward_buf *out,
			  int *by_current)
{
	if (!k || len < WARD_TICKET_OVERHEAD || len > WARD_TICKET_MAX_LEN)
		return WARD_ERR_NOT_FOUND;
	ward_ticket_key key;
	int cur = 0;
	if (!snapshot(k, ticket, &key, &cur) || now >= key.expires) {
		ward_wipe(&key, sizeof key);
		return WARD_ERR_NOT_FOUND;
	}
	const uint8_t *iv = ticket + WARD_TICKET_NAME_LEN;
	const uint8_t *body = iv + WARD_AEAD_NONCE_LEN;
	size_t body_len = len - WARD_TICKET_NAME_LEN - WARD_AEAD_NONCE_LEN;
	size_t start = out->len;
	ward_aead aead = {0};
	uint8_t *at;
	ward_err ret;
	/* room for one more byte: an empty state still gets a real pointer */
	WARD_TRY_OUT(ward_buf_reserve(out, body_len - WARD_AEAD_TAG_LEN + 1));
	WARD_TRY_OUT(ward_buf_extend(out, body_len - WARD_AEAD_TAG_LEN, &at));
	WARD_TRY_OUT(ward_aead_init(&aead, key.aead, key.key, 0));
	ret = ward_aead_open(&aead, iv, ticket, WARD_TICKET_NAME_LEN, body,
			     body_len, at);
	if (ret == WARD_ERR_BAD_RECORD_MAC)
		ret = WARD_ERR_NOT_FOUND;
	if (ret == WARD_OK && by_current)
		*by_current = cur;
out:
	ward_aead_free(&aead);
	ward_wipe(&key, sizeof key);
	if (ret != WARD_OK)
		ward_buf_truncate(out, start);
	return ret;
}

void ward_tls_config_set_ticket_keys(ward_tls_config *cfg,
				     const ward_ticket_keys *keys)
{
	cfg->ticket_keys = keys;
}

ward_err ward_tls_config_set_session_lifetime(ward_tls_config *cfg,
					      uint32_t seconds)
{
	WARD_ENSURE(seconds >= 1 && seconds <= WARD_TLS_MAX_TICKET_LIFETIME,
		    WARD_ERR_ARG);
	cfg->session_lifetime = seconds;
	return WARD_OK;
}

uint32_t ward_tls_session_lifetime(const ward_tls_config *cfg)
{
	return cfg->session_lifetime ? cfg->session_lifetime
				     : WARD_TLS_SESSION_LIFETIME;
}

int ward_tls_tickets_enabled(ward_tls_conn *c)
{
	ward_ticket_key key;
	int cur;
	int64_t now = (int64_t)ward_tls_now(c);
	int ok = c->cfg->ticket_keys &&
		 snapshot(c->cfg->ticket_keys, NULL, &key, &cur) &&
		 now >= key.created && now < key.expires;
	ward_wipe(&key, sizeof key);
	return ok;
}

ward_err ward_tls_ticket_seal(ward_tls_conn *c, const uint8_t *state,
			      size_t len, ward_buf *out)
{
	uint8_t iv[WARD_AEAD_NONCE_LEN];
	WARD_TRY(ward_tls_random(c, iv, sizeof iv));
	return ward_ticket_seal(c->cfg->ticket_keys, (int64_t)ward_tls_now(c),
				iv, state, len, out);
}

ward_err ward_tls_ticket_open(ward_tls_conn *c, ward_slice ticket,
			      ward_buf *out, int *by_current)
{
	return ward_ticket_open(c->cfg->ticket_keys, (int64_t)ward_tls_now(c),
				ticket.p, ticket.len, out, by_current);
}

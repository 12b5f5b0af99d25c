/* TLS session state shared by the master and its workers (sessions.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"
#include "server/sessions.h"
#include "server/shm.h"
#include "tls/handshake.h"
#include "tls/session_cache.h"

#define KEY_FILE_MAX 4096

static ward_ticket_keys *keys;
static int keys_from_file;
static int64_t rotate_s, lifetime_s;
static ward_session_cache *cache;
static size_t cache_entries, cache_bytes;
static int cache_made;

static void drop_cache(void)
{
	if (!cache)
		return;
	ward_session_cache_wipe(cache);
	ward_shm_unmap(cache, cache_bytes);
	cache = NULL;
	cache_entries = cache_bytes = 0;
}

static ward_err rotate(int64_t now)
{
	return ward_ticket_keys_rotate(keys, WARD_AEAD_AES_256_GCM, now,
				       now + rotate_s + lifetime_s);
}

ward_err ward_sessions_parse_key_file(const char *text, size_t len, int64_t now,
				      ward_ticket_key *out, size_t *n,
				      char *why, size_t whylen)
{
	size_t line = 0;
	*n = 0;
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		line++;
		size_t a = i, b = end;
		i = end + 1;
		while (a < b && (text[a] == ' ' || text[a] == '\t'))
			a++;
		while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' ||
				 text[b - 1] == '\r'))
			b--;
		if (a == b || text[a] == '#')
			continue;
		uint8_t raw[WARD_TICKET_NAME_LEN + WARD_TICKET_KEY_LEN];
		int ok = b - a == 2 * sizeof raw;
		for (size_t j = 0; ok && j < sizeof raw; j++) {
			int hi = ward_hex_value((uint8_t)text[a + 2 * j]);
			int lo = ward_hex_value((uint8_t)text[a + 2 * j + 1]);
			ok = hi >= 0 && lo >= 0;
			raw[j] = (uint8_t)(hi << 4 | lo);
		}
		if (!ok || *n == WARD_TICKET_KEY_SLOTS) {
			ward_wipe(raw, sizeof raw);
			ward_wipe(out, WARD_TICKET_KEY_SLOTS * sizeof *out);
			if (!ok)
				snprintf(why, whylen,
					 "line %zu is not a key (96 hex "
					 "digits: a 16-byte name, then a "
					 "32-byte key)",
					 line);
			else
				snprintf(why, whylen,
					 "more than %d keys (line %zu)",
					 WARD_TICKET_KEY_SLOTS, line);
			return WARD_ERR_CONFIG;
		}
		ward_ticket_key *k = &out[(*n)++];
		memset(k, 0, sizeof *k);
		memcpy(k->name, raw, WARD_TICKET_NAME_LEN);
		memcpy(k->key, raw + WARD_TICKET_NAME_LEN, WARD_TICKET_KEY_LEN);
		ward_wipe(raw, sizeof raw);
		k->aead = WARD_AEAD_AES_256_GCM;
		k->live = 1;
		k->created = now;
		k->expires = INT64_MAX;
	}
	if (*n == 0) {
		snprintf(why, whylen, "it holds no key");
		return WARD_ERR_CONFIG;
	}
	for (size_t i = 0; i < *n; i++)
		for (size_t j = 0; j < i; j++)
			if (!memcmp(out[i].name, out[j].name,
				    WARD_TICKET_NAME_LEN)) {
				ward_wipe(out, *n * sizeof *out);
				snprintf(why, whylen,
					 "two keys have the same name");
				return WARD_ERR_CONFIG;
			}
	return WARD_OK;
}

/* The whole file, refused unless only its owner may read it. */
static ward_err load_key_file(const char *path, ward_ticket_key *out, size_t *n,
			      char *why, size_t whylen)
{
	char reason[160];
	char text[KEY_FILE_MAX + 1];
	struct stat st;
	ssize_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "--ticket-key-file %s: %s", path,
			 strerror(errno));
		return WARD_ERR_CONFIG;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(why, whylen, "--ticket-key-file %s: not a file", path);
		return WARD_ERR_CONFIG;
	}
	if (st.st_mode & 077) {
		close(fd);
		snprintf(why, whylen,
			 "--ticket-key-file %s: mode %04o lets others read "
			 "the ticket keys; it must be 0600 (chmod 600 %s)",
			 path, (unsigned)(st.st_mode & 07777), path);
		return WARD_ERR_CONFIG;
	}
	size_t len = 0;
	while (len < sizeof text &&
	       (got = read(fd, text + len, sizeof text - len)) > 0)
		len += (size_t)got;
	close(fd);
	ward_err ret = WARD_ERR_CONFIG;
	if (got < 0)
		snprintf(why, whylen, "--ticket-key-file %s: %s", path,
			 strerror(errno));
	else if (len > KEY_FILE_MAX)
		snprintf(why, whylen,
			 "--ticket-key-file %s: longer than %d bytes", path,
			 KEY_FILE_MAX);
	else if (ward_sessions_parse_key_file(text, len, (int64_t)time(NULL),
					      out, n, reason,
					      sizeof reason) != WARD_OK)
		snprintf(why, whylen, "--ticket-key-file %s: %s", path, reason);
	else
		ret = WARD_OK;
	ward_wipe(text, sizeof text);
	return ret;
}

ward_err ward_sessions_setup(ward_server_config *cfg, char *why, size_t whylen)
{
	ward_ticket_key file_keys[WARD_TICKET_KEY_SLOTS];
	size_t n = 0;
	int64_t lifetime = cfg->session_timeout / 1000;
	int64_t rot = cfg->ticket_rotate / 1000;
	if (lifetime < 1 || lifetime > WARD_TLS_MAX_TICKET_LIFETIME) {
		snprintf(why, whylen,
			 "--session-timeout: from 1 second to 7 days");
		return WARD_ERR_CONFIG;
	}
	if (!cfg->ticket_key_file && (rot < 1 || lifetime > 2 * rot)) {
		snprintf(why, whylen,
			 "--ticket-rotate: at least 1 second and half of "
			 "--session-timeout (three keys cover a ticket's "
			 "life)");
		return WARD_ERR_CONFIG;
	}
	if (cfg->ticket_key_file &&
	    load_key_file(cfg->ticket_key_file, file_keys, &n, why, whylen) !=
		WARD_OK)
		return WARD_ERR_CONFIG;
	/* the size is the first configuration's: workers of a running
	 * generation (and those restarted in it) keep using the mapping */
	size_t entries = (size_t)cfg->session_cache;
	if (!cache_made) {
		size_t bytes = ward_session_cache_bytes(entries);
		void *region = entries ? ward_shm_map(bytes) : NULL;
		if (entries &&
		    (!region || ward_session_cache_init(region, bytes, entries,
							&cache) != WARD_OK)) {
			if (region)
				ward_shm_unmap(region, bytes);
			snprintf(why, whylen,
				 "--session-cache: cannot map %zu bytes",
				 bytes);
			ward_wipe(file_keys, sizeof file_keys);
			return WARD_ERR_CONFIG;
		}
		cache_made = 1;
		cache_entries = entries;
		cache_bytes = bytes;
	} else if (entries != cache_entries) {
		ward_log(WARD_LOG_WARN,
			 "--session-cache: a new size takes effect when ward "
			 "serve restarts; keeping %zu entries",
			 cache_entries);
	}
	if (!keys) {
		keys = ward_shm_map(sizeof *keys);
		if (!keys) {
			snprintf(why, whylen, "ticket keys: cannot map memory");
			ward_wipe(file_keys, sizeof file_keys);
			return WARD_ERR_CONFIG;
		}
		ward_ticket_keys_init(keys);
	}
	lifetime_s = lifetime;
	rotate_s = rot;
	ward_err err = WARD_OK;
	int64_t now = (int64_t)time(NULL);
	if (n) {
		err = ward_ticket_keys_install(keys, file_keys, n, 0);
		keys_from_file = 1;
	} else if (keys_from_file ||
		   !keys->slots[keys->current % WARD_TICKET_KEY_SLOTS].live) {
		/* the file's keys are not the master's to keep */
		ward_ticket_keys_wipe(keys);
		keys_from_file = 0;
		err = rotate(now);
	}
	ward_wipe(file_keys, sizeof file_keys);
	if (err != WARD_OK) {
		snprintf(why, whylen, "ticket keys: %s", ward_err_name(err));
		return err;
	}
	ward_tls_config_set_ticket_keys(cfg->tls, keys);
	ward_tls_config_set_session_cache(cfg->tls, cache);
	return ward_tls_config_set_session_lifetime(cfg->tls,
						    (uint32_t)lifetime);
}

void ward_sessions_tick(void)
{
	if (!keys || keys_from_file)
		return;
	int64_t now = (int64_t)time(NULL);
	const ward_ticket_key *cur =
	    &keys->slots[keys->current % WARD_TICKET_KEY_SLOTS];
	/* only the master writes: it may read its own writes plainly */
	if (cur->live && now < cur->created + rotate_s)
		return;
	if (rotate(now) != WARD_OK)
		ward_log(WARD_LOG_ERROR, "ticket keys: cannot rotate");
	else
		ward_log(WARD_LOG_DEBUG, "ticket keys rotated");
}

void ward_sessions_free(void)
{
	drop_cache();
	if (keys) {
		ward_ticket_keys_wipe(keys);
		ward_shm_unmap(keys, sizeof *keys);
		keys = NULL;
	}
}

/* Engine configuration: built once, shared read-only by connections. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls/conn.h"

static const uint16_t default_suites[] = {
	WARD_TLS_AES_128_GCM_SHA256,
	WARD_TLS_AES_256_GCM_SHA384,
	WARD_TLS_CHACHA20_POLY1305_SHA256,
};

static const uint16_t default_suites12[] = {
	WARD_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	WARD_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	WARD_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	WARD_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	WARD_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	WARD_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	/* RFC 7919 groups only, for clients that list one */
	WARD_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
	WARD_TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
	WARD_TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
};

/* The client's default offer: the ECDHE suites, the first six */
#define CLIENT_SUITES12 6

/* Added after the default suites by the legacy policy, for clients with
 * nothing better: forward secrecy with CBC first, key exchange without
 * it last. */
static const uint16_t legacy_suites12[] = {
	WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
	WARD_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
	WARD_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
	WARD_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
	WARD_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
	WARD_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
	WARD_TLS_RSA_WITH_AES_128_GCM_SHA256,
	WARD_TLS_RSA_WITH_AES_256_GCM_SHA384,
	WARD_TLS_RSA_WITH_AES_128_CBC_SHA256,
	WARD_TLS_RSA_WITH_AES_128_CBC_SHA,
	WARD_TLS_RSA_WITH_AES_256_CBC_SHA,
};

/* The server's preference and the client's offer (a share for the first):
 * the fast curves first; the finite-field groups for clients with nothing
 * else (RFC 7919). */
static const uint16_t default_groups[] = {
    WARD_GROUP_X25519,	  WARD_GROUP_SECP256R1, WARD_GROUP_X448,
    WARD_GROUP_SECP384R1, WARD_GROUP_SECP521R1, WARD_GROUP_FFDHE2048,
    WARD_GROUP_FFDHE3072, WARD_GROUP_FFDHE4096,
};
_Static_assert(sizeof default_groups / sizeof *default_groups <=
		   WARD_TLS_MAX_GROUPS,
	       "the default groups fit a config");

/* Offered by the client; the server signs with the first its key can use
 * in the client's order. PKCS#1 is for certificate signatures only. */
static const uint16_t default_sigschemes[] = {
	WARD_SIG_ECDSA_SECP256R1_SHA256, WARD_SIG_ECDSA_SECP384R1_SHA384,
	WARD_SIG_ECDSA_SECP521R1_SHA512, WARD_SIG_ED25519,
	WARD_SIG_RSA_PSS_RSAE_SHA256,    WARD_SIG_RSA_PSS_RSAE_SHA384,
	WARD_SIG_RSA_PSS_RSAE_SHA512,    WARD_SIG_RSA_PSS_PSS_SHA256,
	WARD_SIG_RSA_PSS_PSS_SHA384,     WARD_SIG_RSA_PSS_PSS_SHA512,
	WARD_SIG_RSA_PKCS1_SHA256,       WARD_SIG_RSA_PKCS1_SHA384,
	WARD_SIG_RSA_PKCS1_SHA512,
};

/* SHA-1 signatures (RFC 5246 7.4.1.4.1's defaults; RFC 9155 deprecates
 * them): accepted for TLS 1.2's ServerKeyExchange by the legacy policy
 * only. The TLS 1.3 server never signs with them (ward_pkey_can_sign). */
static const uint16_t legacy_sigschemes[] = {
	WARD_SIG_RSA_PKCS1_SHA1,
	WARD_SIG_ECDSA_SHA1,
};

_Static_assert(sizeof default_suites12 + sizeof legacy_suites12 <=
		   WARD_TLS_MAX_SUITES12 * sizeof(uint16_t),
	       "the legacy suites fit a config");
_Static_assert(sizeof default_sigschemes + sizeof legacy_sigschemes <=
		   WARD_TLS_MAX_SIGSCHEMES * sizeof(uint16_t),
	       "the legacy schemes fit a config");

static ward_err default_random(void *ctx, void *out, size_t len)
{
	(void)ctx;
	return ward_random(out, len);
}

static time_t default_now(void *ctx)
{
	(void)ctx;
	return time(NULL);
}

ward_tls_config *ward_tls_config_new(ward_tls_role role)
{
	if (ward_crypto_init() != WARD_OK)
		return NULL;
	ward_tls_config *cfg = calloc(1, sizeof *cfg);
	if (!cfg)
		return NULL;
	cfg->role = role;
	memcpy(cfg->suites, default_suites, sizeof default_suites);
	cfg->n_suites = sizeof default_suites / sizeof *default_suites;
	/* both roles speak TLS 1.2 too, as curl and openssl clients do */
	cfg->tls12 = 1;
	cfg->tls13 = 1;
	memcpy(cfg->suites12, default_suites12, sizeof default_suites12);
	cfg->n_suites12 = sizeof default_suites12 / sizeof *default_suites12;
	/* a client offers DHE only when asked to (ECDHE is what servers
	 * take, and FFDHE costs it several times more) */
	if (role == WARD_TLS_CLIENT)
		cfg->n_suites12 = CLIENT_SUITES12;
	memcpy(cfg->groups, default_groups, sizeof default_groups);
	cfg->n_groups = sizeof default_groups / sizeof *default_groups;
	memcpy(cfg->sigschemes, default_sigschemes, sizeof default_sigschemes);
	cfg->n_sigschemes = sizeof default_sigschemes / sizeof *default_sigschemes;
	cfg->verify = 1;
	cfg->max_record = WARD_TLS_MAX_PLAINTEXT;
	cfg->key_limit = WARD_TLS_AES_GCM_RECORD_LIMIT;
	cfg->tickets13 = 2;
	cfg->random = default_random;
	cfg->now = default_now;
	for (size_t i = 0; i < 2; i++)
		ward_buf_init_secret(&cfg->test_kex[i].priv);
	if (ward_random(cfg->cookie_key, sizeof cfg->cookie_key) != WARD_OK) {
		free(cfg);
		return NULL;
	}
	return cfg;
}

void ward_tls_config_free(ward_tls_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n_alpn; i++)
		free(cfg->alpn[i]);
	ward_buf_free(&cfg->alpn_wire);
	for (size_t i = 0; i < cfg->n_certs; i++)
		ward_tls_cert_free(&cfg->certs[i]);
	free(cfg->certs);
	ward_trust_free(cfg->trust);
	ward_tls_client_auth_config_free(cfg);
	if (cfg->keylog_file)
		fclose(cfg->keylog_file);
	ward_buf_free(&cfg->test_client_hello);
	ward_buf_free(&cfg->test_retry_hello);
	for (size_t i = 0; i < 2; i++)
		ward_buf_free(&cfg->test_kex[i].priv);
	ward_wipe(cfg->cookie_key, sizeof cfg->cookie_key);
	free(cfg);
}

ward_err ward_tls_config_set_suites(ward_tls_config *cfg,
				    const uint16_t *suites, size_t n)
{
	WARD_ENSURE(n >= 1 && n <= WARD_TLS_MAX_SUITES, WARD_ERR_ARG);
	for (size_t i = 0; i < n; i++) {
		const ward_tls_suite *s = ward_tls_suite_find(suites[i]);
		/* TLS 1.2 suites have their own list */
		WARD_ENSURE(s && !s->tls12_auth, WARD_ERR_ARG);
	}
	memcpy(cfg->suites, suites, n * sizeof *suites);
	cfg->n_suites = n;
	return WARD_OK;
}

ward_err ward_tls_config_set_groups(ward_tls_config *cfg,
				    const uint16_t *groups, size_t n)
{
	WARD_ENSURE(n >= 1 && n <= WARD_TLS_MAX_GROUPS, WARD_ERR_ARG);
	for (size_t i = 0; i < n; i++)
		WARD_ENSURE(ward_group_supported(groups[i]), WARD_ERR_ARG);
	memcpy(cfg->groups, groups, n * sizeof *groups);
	cfg->n_groups = n;
	return WARD_OK;
}

/* Split a ':' or ',' separated list and map each name with `lookup`. */
static ward_err parse_list(const char *list, uint16_t *out, size_t cap,
			   size_t *n, int (*lookup)(const char *, uint16_t *))
{
	char name[64];
	*n = 0;
	while (*list) {
		size_t len = strcspn(list, ":,");
		WARD_ENSURE(len > 0 && len < sizeof name, WARD_ERR_ARG);
		memcpy(name, list, len);
		name[len] = 0;
		WARD_ENSURE(*n < cap, WARD_ERR_ARG);
		WARD_ENSURE(lookup(name, &out[*n]), WARD_ERR_ARG);
		(*n)++;
		list += len;
		if (*list)
			list++;
	}
	return *n ? WARD_OK : WARD_ERR_ARG;
}

static int group_by_name(const char *name, uint16_t *out)
{
	static const char *const aliases[][2] = {
	    {"P-256", "secp256r1"}, {"prime256v1", "secp256r1"},
	    {"P-384", "secp384r1"}, {"P-521", "secp521r1"},
	    {"X25519", "x25519"},   {"X448", "x448"},
	};
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (!strcmp(name, aliases[i][0]))
			name = aliases[i][1];
	const uint16_t *known = default_groups; /* all of them */
	for (size_t i = 0; i < sizeof default_groups / sizeof *known; i++) {
		const char *n = ward_group_name(known[i]);
		if (n && !strcmp(n, name)) {
			*out = known[i];
			return 1;
		}
	}
	return 0;
}

static int suite_by_name(const char *name, uint16_t *out)
{
	for (uint16_t id = 0x1301; id <= 0x1303; id++)
		if (!strcmp(ward_tls_suite_name(id), name)) {
			*out = id;
			return 1;
		}
	return 0;
}

ward_err ward_tls_config_set_suites12(ward_tls_config *cfg,
				      const uint16_t *suites, size_t n)
{
	WARD_ENSURE(n >= 1 && n <= WARD_TLS_MAX_SUITES, WARD_ERR_ARG);
	for (size_t i = 0; i < n; i++) {
		const ward_tls_suite *s = ward_tls_suite_find(suites[i]);
		WARD_ENSURE(s && s->tls12_auth, WARD_ERR_ARG);
	}
	memcpy(cfg->suites12, suites, n * sizeof *suites);
	cfg->n_suites12 = n;
	return WARD_OK;
}

static int suite12_by_name(const char *name, uint16_t *out)
{
	size_t n = sizeof default_suites12 / sizeof *default_suites12;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ward_tls_suite_name(default_suites12[i]), name)) {
			*out = default_suites12[i];
			return 1;
		}
	/* the legacy ones too: a client may offer them */
	n = sizeof legacy_suites12 / sizeof *legacy_suites12;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ward_tls_suite_name(legacy_suites12[i]), name)) {
			*out = legacy_suites12[i];
			return 1;
		}
	return 0;
}

ward_err ward_tls_config_set_suites12_str(ward_tls_config *cfg,
					  const char *list)
{
	uint16_t v[WARD_TLS_MAX_SUITES];
	size_t n;
	WARD_TRY(parse_list(list, v, WARD_TLS_MAX_SUITES, &n, suite12_by_name));
	return ward_tls_config_set_suites12(cfg, v, n);
}

ward_err ward_tls_config_set_tls12(ward_tls_config *cfg, int enable)
{
	/* a client offers at least one version */
	WARD_ENSURE(enable || cfg->tls13, WARD_ERR_ARG);
	cfg->tls12 = enable != 0;
	return WARD_OK;
}

ward_err ward_tls_config_set_tls13(ward_tls_config *cfg, int enable)
{
	WARD_ENSURE(cfg->role == WARD_TLS_CLIENT || enable, WARD_ERR_ARG);
	WARD_ENSURE(enable || cfg->tls12, WARD_ERR_ARG);
	cfg->tls13 = enable != 0;
	return WARD_OK;
}

static int listed(const uint16_t *list, size_t n, uint16_t v)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

/* Drop the entries of `extra` from list, then append them when `add`:
 * whatever else the list holds keeps its order. */
static void set_extra(uint16_t *list, size_t *n, const uint16_t *extra,
		      size_t n_extra, int add)
{
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++)
		if (!listed(extra, n_extra, list[i]))
			list[kept++] = list[i];
	if (add)
		for (size_t i = 0; i < n_extra; i++)
			list[kept++] = extra[i];
	*n = kept;
}

ward_err ward_tls_config_set_policy(ward_tls_config *cfg, ward_tls_policy p)
{
	WARD_ENSURE(p == WARD_TLS_POLICY_DEFAULT || p == WARD_TLS_POLICY_LEGACY,
		    WARD_ERR_ARG);
	cfg->policy = p;
	/* a client's offer stays as it is */
	int add = cfg->role == WARD_TLS_SERVER && p == WARD_TLS_POLICY_LEGACY;
	set_extra(cfg->suites12, &cfg->n_suites12, legacy_suites12,
		  sizeof legacy_suites12 / sizeof *legacy_suites12, add);
	set_extra(cfg->sigschemes, &cfg->n_sigschemes, legacy_sigschemes,
		  sizeof legacy_sigschemes / sizeof *legacy_sigschemes, add);
	return WARD_OK;
}

ward_err ward_tls_config_set_groups_str(ward_tls_config *cfg, const char *list)
{
	uint16_t v[WARD_TLS_MAX_GROUPS];
	size_t n;
	WARD_TRY(parse_list(list, v, WARD_TLS_MAX_GROUPS, &n, group_by_name));
	return ward_tls_config_set_groups(cfg, v, n);
}

ward_err ward_tls_config_set_suites_str(ward_tls_config *cfg, const char *list)
{
	uint16_t v[WARD_TLS_MAX_SUITES];
	size_t n;
	WARD_TRY(parse_list(list, v, WARD_TLS_MAX_SUITES, &n, suite_by_name));
	return ward_tls_config_set_suites(cfg, v, n);
}

ward_err ward_tls_config_set_alpn(ward_tls_config *cfg,
				  const char *const *protos, size_t n)
{
	WARD_ENSURE(n <= WARD_TLS_MAX_ALPN, WARD_ERR_ARG);
	for (size_t i = 0; i < n; i++)
		WARD_ENSURE(strlen(protos[i]) >= 1 && strlen(protos[i]) <= 255,
			    WARD_ERR_ARG);
	for (size_t i = 0; i < cfg->n_alpn; i++)
		free(cfg->alpn[i]);
	cfg->n_alpn = 0;
	ward_buf_clear(&cfg->alpn_wire);
	for (size_t i = 0; i < n; i++) {
		cfg->alpn[i] = strdup(protos[i]);
		WARD_ENSURE(cfg->alpn[i], WARD_ERR_NOMEM);
		cfg->n_alpn++;
		WARD_TRY(ward_put_vec(&cfg->alpn_wire, 1, protos[i],
				      strlen(protos[i])));
	}
	return WARD_OK;
}

ward_err ward_tls_cert_make(ward_tls_cert *t, ward_chain *chain, ward_pkey *key)
{
	size_t n = ward_chain_count(chain);
	WARD_ENSURE(n >= 1 && n <= WARD_TLS_MAX_CHAIN, WARD_ERR_ARG);
	WARD_ENSURE(ward_chain_key_matches(chain, key), WARD_ERR_CONFIG);
	memset(t, 0, sizeof *t);
	ward_slice der[WARD_TLS_MAX_CHAIN];
	for (size_t i = 0; i < n; i++)
		der[i] = ward_chain_der(chain, i);
	/* a server's and a client's request context are empty (4.3.2) */
	ward_err err =
	    ward_certificate_write(&t->msg, ward_slice_make("", 0), der, n);
	if (err == WARD_OK)
		err = ward_certificate12_write(&t->msg12, der, n);
	if (err != WARD_OK) {
		ward_buf_free(&t->msg);
		ward_buf_free(&t->msg12);
		return err;
	}
	t->chain = chain;
	t->key = key;
	return WARD_OK;
}

void ward_tls_cert_free(ward_tls_cert *t)
{
	ward_chain_free(t->chain);
	ward_pkey_free(t->key);
	ward_buf_free(&t->msg);
	ward_buf_free(&t->msg12);
	memset(t, 0, sizeof *t);
}

ward_err ward_tls_config_add_cert(ward_tls_config *cfg, ward_chain *chain,
				  ward_pkey *key)
{
	ward_tls_cert t;
	WARD_TRY(ward_tls_cert_make(&t, chain, key));
	ward_tls_cert *certs =
		realloc(cfg->certs, (cfg->n_certs + 1) * sizeof *certs);
	if (certs == NULL) {
		/* the caller keeps chain and key */
		ward_buf_free(&t.msg);
		ward_buf_free(&t.msg12);
		return WARD_ERR_NOMEM;
	}
	cfg->certs = certs;
	certs[cfg->n_certs++] = t;
	return WARD_OK;
}

ward_err ward_tls_load_cert_files(ward_tls_config *cfg, const char *chain_path,
				  const char *key_path, char *why,
				  size_t whylen, ward_tls_cert_adder add)
{
	ward_chain *chain = NULL;
	ward_pkey *key = NULL;
	ward_err ret;
	WARD_TRY_OUT(ward_chain_load_pem_file(chain_path, &chain, why, whylen));
	WARD_TRY_OUT(ward_pkey_load_pem_file(key_path, &key, why, whylen));
	ret = add(cfg, chain, key);
	if (ret == WARD_ERR_CONFIG && why)
		snprintf(why, whylen, "%s: the key does not belong to %s",
			 key_path, chain_path);
	if (ret == WARD_OK)
		return WARD_OK;
out:
	ward_chain_free(chain);
	ward_pkey_free(key);
	return ret;
}

ward_err ward_tls_config_add_cert_files(ward_tls_config *cfg,
					const char *chain_path,
					const char *key_path, char *why,
					size_t whylen)
{
	return ward_tls_load_cert_files(cfg, chain_path, key_path, why, whylen,
					ward_tls_config_add_cert);
}

void ward_tls_config_set_trust(ward_tls_config *cfg, ward_trust *trust)
{
	ward_trust_free(cfg->trust);
	cfg->trust = trust;
}

void ward_tls_config_set_verify(ward_tls_config *cfg, int verify)
{
	cfg->verify = verify;
}

ward_err ward_tls_config_set_key_limit(ward_tls_config *cfg, uint64_t records)
{
	WARD_ENSURE(records == 0 || (records >= 2 &&
				     records <= WARD_TLS_AES_GCM_RECORD_LIMIT),
		    WARD_ERR_ARG);
	cfg->key_limit = records ? records : WARD_TLS_AES_GCM_RECORD_LIMIT;
	return WARD_OK;
}

ward_err ward_tls_config_set_tickets(ward_tls_config *cfg, unsigned n)
{
	WARD_ENSURE(cfg->role == WARD_TLS_SERVER && n <= WARD_TLS_MAX_TICKETS,
		    WARD_ERR_ARG);
	cfg->tickets13 = n;
	return WARD_OK;
}

void ward_tls_config_set_psk_ke(ward_tls_config *cfg, int enable)
{
	cfg->psk_ke = enable != 0;
}

void ward_tls_config_set_random(ward_tls_config *cfg,
				ward_err (*random)(void *ctx, void *out,
						   size_t len),
				void *ctx)
{
	cfg->random = random ? random : default_random;
	cfg->random_ctx = ctx;
}

void ward_tls_config_set_time(ward_tls_config *cfg, time_t (*now)(void *ctx),
			      void *ctx)
{
	cfg->now = now ? now : default_now;
	cfg->now_ctx = ctx;
}

void ward_tls_config_set_keylog(ward_tls_config *cfg,
				void (*keylog)(void *ctx, const char *line),
				void *ctx)
{
	cfg->keylog = keylog;
	cfg->keylog_ctx = ctx;
}

static void keylog_to_file(void *ctx, const char *line)
{
	FILE *f = ctx;
	fprintf(f, "%s\n", line);
	fflush(f);
}

ward_err ward_tls_config_keylog_open(ward_tls_config *cfg, const char *path)
{
	WARD_ENSURE(!cfg->keylog_file, WARD_ERR_STATE);
	/* the secrets of every connection: for the owner only, and never
	 * written through a symlink someone else planted */
	int fd = open(
	    path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	WARD_ENSURE(fd >= 0, WARD_ERR_IO);
	cfg->keylog_file = fdopen(fd, "a");
	if (!cfg->keylog_file) {
		int e = errno;
		close(fd);
		errno = e;
		return WARD_ERR_IO;
	}
	ward_tls_config_set_keylog(cfg, keylog_to_file, cfg->keylog_file);
	return WARD_OK;
}

void ward_tls_config_keylog_from_env(ward_tls_config *cfg)
{
	const char *path = getenv("SSLKEYLOGFILE");
	/* best effort, as the variable is by nature */
	if (path && *path && !cfg->keylog_file &&
	    ward_tls_config_keylog_open(cfg, path) != WARD_OK)
		return;
}

static void set_test_bytes(ward_buf *b, ward_slice bytes)
{
	ward_buf_clear(b);
	if (ward_put_bytes(b, bytes.p, bytes.len) != WARD_OK)
		ward_buf_free(b);
}

void ward_tls_config_set_test_client_hello(ward_tls_config *cfg,
					   ward_slice msg)
{
	set_test_bytes(&cfg->test_client_hello, msg);
}

void ward_tls_config_set_test_retry_hello(ward_tls_config *cfg, ward_slice msg)
{
	set_test_bytes(&cfg->test_retry_hello, msg);
}

void ward_tls_config_set_test_kex_private(ward_tls_config *cfg,
					  uint16_t group, ward_slice priv)
{
	/* the slot of that group, else the first free one, else the last */
	size_t i = 0;
	while (i + 1 < 2 && cfg->test_kex[i].priv.len &&
	       cfg->test_kex[i].group != group)
		i++;
	cfg->test_kex[i].group = group;
	set_test_bytes(&cfg->test_kex[i].priv, priv);
}

/* ward get's TLS option lists, checked with a scratch engine config: the
 * engine's own name tables decide, so there is one list of names. */
#include <stdio.h>
#include <string.h>

#include "cli/get_tls.h"
#include "crypto/crypto.h"
#include "tls/tls.h"

int ward_get_tls_version(const char *s)
{
	return !strcmp(s, "1.2") ? 12 : !strcmp(s, "1.3") ? 13 : -1;
}

static int append_name(char *list, size_t cap, const char *name, size_t n)
{
	size_t len = strlen(list);
	if (len + n + 2 > cap)
		return -1;
	if (len)
		list[len++] = ':';
	memcpy(list + len, name, n);
	list[len + n] = 0;
	return 0;
}

/* Each name tried as a TLS 1.3 suite, then as a TLS 1.2 one. */
int ward_get_split_ciphers(const char *arg, char *s13, size_t cap13, char *s12,
			   size_t cap12, char *why, size_t whylen)
{
	char name[128];
	ward_tls_config *probe = ward_tls_config_new(WARD_TLS_CLIENT);
	int rc = 0;
	if (!probe) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	s13[0] = s12[0] = 0;
	for (const char *p = arg; *p && !rc;) {
		size_t n = strcspn(p, ":,");
		if (n == 0 || n >= sizeof name) {
			snprintf(why, whylen, "'%s': an empty or overlong name",
				 arg);
			rc = -1;
			break;
		}
		memcpy(name, p, n);
		name[n] = 0;
		if (ward_tls_config_set_suites_str(probe, name) == WARD_OK)
			rc = append_name(s13, cap13, p, n);
		else if (ward_tls_config_set_suites12_str(probe, name) ==
			 WARD_OK)
			rc = append_name(s12, cap12, p, n);
		else {
			snprintf(why, whylen,
				 "unknown cipher suite '%s' (want IANA names, "
				 "e.g. TLS_AES_128_GCM_SHA256)",
				 name);
			rc = -1;
			break;
		}
		if (rc)
			snprintf(why, whylen, "'%s': too long", arg);
		p += n;
		if (*p)
			p++;
	}
	ward_tls_config_free(probe);
	return rc;
}

/* Name by name first, to say which one is bad. */
int ward_get_check_groups(const char *arg, char *why, size_t whylen)
{
	char name[128];
	ward_tls_config *probe = ward_tls_config_new(WARD_TLS_CLIENT);
	int rc = 0;
	if (!probe) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (const char *p = arg; !rc;) {
		size_t n = strcspn(p, ":,");
		snprintf(name, sizeof name, "%.*s", (int)n, p);
		if (n == 0 || n >= sizeof name ||
		    ward_tls_config_set_groups_str(probe, name) != WARD_OK) {
			snprintf(why, whylen,
				 "unknown group '%s' (e.g. x25519, secp256r1)",
				 name);
			rc = -1;
		}
		p += n;
		if (!*p)
			break;
		p++;
	}
	if (!rc && ward_tls_config_set_groups_str(probe, arg) != WARD_OK) {
		snprintf(why, whylen, "'%s': too many groups", arg);
		rc = -1;
	}
	ward_tls_config_free(probe);
	return rc;
}

int ward_get_split_alpn(const char *arg, char *names, size_t cap,
			const char **alpn, size_t max, size_t *n, char *why,
			size_t whylen)
{
	*n = 0;
	if (strlen(arg) >= cap) {
		snprintf(why, whylen, "'%s': too long", arg);
		return -1;
	}
	strcpy(names, arg);
	for (char *p = names;;) {
		size_t k = strcspn(p, ",");
		if (k == 0 || k > 255 || *n == max) {
			snprintf(why, whylen,
				 "'%s': want names of 1 to 255 bytes joined "
				 "with ',' (at most %zu)",
				 arg, max);
			return -1;
		}
		alpn[(*n)++] = p;
		if (!p[k])
			break;
		p[k] = 0;
		p += k + 1;
	}
	return 0;
}

int ward_get_parse_pins(const char *arg, uint8_t (*pins)[32], size_t max,
			size_t *n, char *why, size_t whylen)
{
	static const char prefix[] = "sha256//";
	const size_t plen = sizeof prefix - 1;
	*n = 0;
	if (strncmp(arg, prefix, plen) != 0) {
		ward_err err =
		    ward_pubkey_file_sha256(arg, pins[0], why, whylen);
		if (err == WARD_OK)
			*n = 1;
		return err == WARD_OK ? 0 : err == WARD_ERR_IO ? -2 : -1;
	}
	for (const char *p = arg; *p;) {
		size_t len = strcspn(p, ";");
		uint8_t hash[33];
		if (len <= plen || strncmp(p, prefix, plen) != 0 ||
		    ward_base64_decode((const uint8_t *)p + plen, len - plen,
				       hash, sizeof hash) != 32) {
			snprintf(why, whylen,
				 "'%s': want sha256//BASE64 of 32 bytes, "
				 "joined with ';', or a public key file",
				 arg);
			return -1;
		}
		if (*n == max) {
			snprintf(why, whylen, "more than %zu pins", max);
			return -1;
		}
		memcpy(pins[(*n)++], hash, 32);
		p += len;
		if (*p == ';')
			p++;
	}
	return 0;
}

int ward_get_check_client_cert(const char *cert, const char *key, char *why,
			       size_t whylen)
{
	ward_chain *chain = NULL;
	ward_pkey *k = NULL;
	int ok = ward_chain_load_pem_file(cert, &chain, why, whylen) ==
		     WARD_OK &&
		 ward_pkey_load_pem_file(key ? key : cert, &k, why, whylen) ==
		     WARD_OK;
	if (ok && !ward_chain_key_matches(chain, k)) {
		snprintf(why, whylen, "%s: the key does not belong to %s",
			 key ? key : cert, cert);
		ok = 0;
	}
	ward_chain_free(chain);
	ward_pkey_free(k);
	return ok ? 0 : -1;
}

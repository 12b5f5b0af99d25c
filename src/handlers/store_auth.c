/* Who may write to a store: the password file and HTTP Basic (RFC 7617),
 * checked with libcrypt (crypt_rn), and client certificates by their
 * CN; see server/store.h. */
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/crypto.h"
#include "server/log.h"
#include "handlers/store.h"

#define LINE_MAX_LEN 1024
/* user-pass (RFC 7617 2) decoded; longer is refused without hashing */
#define CRED_MAX 1024
#define CACHE_SLOTS 64

typedef struct entry {
	char *name;
	char *hash;
} entry;

struct ward_store_auth {
	entry *users;
	size_t n;
	char **cns; /* "CN=alice", as a verified subject spells it */
	size_t n_cns;
};

unsigned long ward_store_auth_hashes;

/* ---- loading ---- */

static int in_alphabet(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '/';
}

/* n characters of crypt's base-64 alphabet at s */
static int all_alphabet(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!in_alphabet(s[i]))
			return 0;
	return 1;
}

/* The shape of each accepted hash, checked without computing one (a
 * bcrypt of cost 12 takes a third of a second): NULL if it fits, else why
 * not. crypt_checksalt then says whether libcrypt takes the method. */
static const char *hash_problem(const char *h)
{
	size_t len = strlen(h);
	if (h[0] != '$') {
		if (h[0] == '{')
			return "an LDAP-style hash ({SHA} and the like) is not "
			       "accepted; use htpasswd -B";
		return "not a crypt(3) hash (a plaintext password?); use "
		       "htpasswd -B";
	}
	if (!strncmp(h, "$2y$", 4) || !strncmp(h, "$2b$", 4) ||
	    !strncmp(h, "$2a$", 4)) {
		/* $2y$CC$ + 22 salt + 31 hash characters */
		if (len != 60 || h[4] < '0' || h[4] > '3' || h[5] < '0' ||
		    h[5] > '9' || h[6] != '$' || !all_alphabet(h + 7, 53))
			return "a malformed bcrypt hash";
		int cost = (h[4] - '0') * 10 + (h[5] - '0');
		if (cost < 4 || cost > 31)
			return "a bcrypt cost outside 04..31";
	} else if (!strncmp(h, "$6$", 3) || !strncmp(h, "$y$", 3)) {
		/* $6$[rounds=N$]salt$86 characters; $y$params$salt$43 */
		const char *last = strrchr(h, '$');
		size_t want = h[1] == '6' ? 86 : 43;
		if (last - h < 4 || strlen(last + 1) != want ||
		    !all_alphabet(last + 1, want))
			return h[1] == '6' ? "a malformed SHA-512 crypt hash"
					   : "a malformed yescrypt hash";
	} else if (!strncmp(h, "$apr1$", 6) || !strncmp(h, "$1$", 3)) {
		return "an MD5 hash is not accepted; use htpasswd -B";
	} else {
		return "a hash of an unknown kind (bcrypt, yescrypt and "
		       "SHA-512 crypt are accepted)";
	}
	if (crypt_checksalt(h) != CRYPT_SALT_OK)
		return "a hash method this libcrypt refuses";
	return NULL;
}

void ward_store_auth_free(ward_store_auth *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->users[i].name);
		ward_wipe(a->users[i].hash, strlen(a->users[i].hash));
		free(a->users[i].hash);
	}
	free(a->users);
	for (size_t i = 0; i < a->n_cns; i++)
		free(a->cns[i]);
	free(a->cns);
	free(a);
}

size_t ward_store_auth_cert_names(const ward_store_auth *a)
{
	return a ? a->n_cns : 0;
}

/* The end of one RDN value in an RFC 4514 string: an unescaped ',' or
 * '+', or the end. */
static const char *rdn_end(const char *s)
{
	for (; *s && *s != ',' && *s != '+'; s++)
		if (*s == '\\' && s[1])
			s++;
	return s;
}

int ward_store_auth_add_certs(ward_store_auth **ap, const char *list,
			      char *why, size_t whylen)
{
	if (*ap && (*ap)->n_cns) {
		snprintf(why, whylen, "cert: given twice for one store");
		return -1;
	}
	if (!*ap && !(*ap = calloc(1, sizeof **ap))) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	ward_store_auth *a = *ap;
	for (const char *p = list;;) {
		/* a name is CN= and a value, ',' inside it escaped */
		const char *end = rdn_end(p);
		size_t len = (size_t)(end - p);
		int ok = len > 3 && !strncmp(p, "CN=", 3) && *end != '+';
		for (size_t i = 0; ok && i < len; i++)
			ok = (unsigned char)p[i] >= 0x20 && p[i] != 0x7f;
		if (!ok) {
			snprintf(why, whylen,
				 "cert:%s: '%.*s' is not CN=NAME (write "
				 "cert:CN=alice,CN=bob)",
				 list, (int)len, p);
			return -1;
		}
		char **v = realloc(a->cns, (a->n_cns + 1) * sizeof *v);
		if (!v || !(v[a->n_cns] = strndup(p, len))) {
			if (v)
				a->cns = v;
			snprintf(why, whylen, "out of memory");
			return -1;
		}
		a->cns = v;
		a->n_cns++;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

/* Whether a verified client subject has a CN of the list; the RDNs are
 * compared whole, so "CN=alice" is not "CN=alice2" nor "O=CN=alice". */
static int cert_ok(const ward_store_auth *a, const char *subject,
		   char user[WARD_STORE_USER_MAX])
{
	if (!subject)
		return 0;
	for (const char *p = subject; *p;) {
		const char *end = rdn_end(p);
		size_t len = (size_t)(end - p);
		for (size_t i = 0; i < a->n_cns; i++)
			if (strlen(a->cns[i]) == len &&
			    !memcmp(a->cns[i], p, len)) {
				snprintf(user, WARD_STORE_USER_MAX, "%s",
					 a->cns[i]);
				return 1;
			}
		p = *end ? end + 1 : end;
	}
	return 0;
}

size_t ward_store_auth_users(const ward_store_auth *a)
{
	return a ? a->n : 0;
}

/* One line (without its end); 0, or -1 with why filled. */
static int add_line(ward_store_auth *a, char *line, const char *path,
		    unsigned lineno, char *why, size_t whylen)
{
	const char *problem = NULL;
	char *colon = strchr(line, ':');
	if (!colon || colon == line) {
		problem = "not user:hash";
		goto bad;
	}
	*colon = '\0';
	const char *hash = colon + 1;
	for (const char *p = line; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == 0x7f) {
			problem = "a user name with a space or a control "
				  "character";
			goto bad;
		}
	if ((problem = hash_problem(hash)) != NULL)
		goto bad;
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->users[i].name, line)) {
			problem = "the user is named twice";
			goto bad;
		}
	entry *v = realloc(a->users, (a->n + 1) * sizeof *v);
	if (!v)
		goto nomem;
	a->users = v;
	v[a->n].name = strdup(line);
	v[a->n].hash = strdup(hash);
	if (!v[a->n].name || !v[a->n].hash) {
		free(v[a->n].name);
		free(v[a->n].hash);
		goto nomem;
	}
	a->n++;
	return 0;
nomem:
	snprintf(why, whylen, "%s: out of memory", path);
	return -1;
bad:
	snprintf(why, whylen, "%s:%u: %s", path, lineno, problem);
	return -1;
}

ward_store_auth *ward_store_auth_load(const char *path, char *why,
				      size_t whylen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(why, whylen, "%s: cannot read: %s", path,
			 strerror(errno));
		return NULL;
	}
	ward_store_auth *a = calloc(1, sizeof *a);
	char line[LINE_MAX_LEN + 2];
	unsigned lineno = 0;
	int failed = !a;
	if (!a)
		snprintf(why, whylen, "%s: out of memory", path);
	while (!failed && fgets(line, sizeof line, f)) {
		size_t n = strlen(line);
		lineno++;
		if (n == sizeof line - 1 && line[n - 1] != '\n') {
			snprintf(why, whylen, "%s:%u: longer than %d bytes",
				 path, lineno, LINE_MAX_LEN);
			failed = 1;
			break;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		failed = add_line(a, line, path, lineno, why, whylen) < 0;
	}
	if (!failed && ferror(f)) {
		snprintf(why, whylen, "%s: cannot read: %s", path,
			 strerror(errno));
		failed = 1;
	}
	if (!failed && a->n == 0) {
		snprintf(why, whylen, "%s: no user:hash line", path);
		failed = 1;
	}
	ward_wipe(line, sizeof line);
	fclose(f);
	if (failed) {
		ward_store_auth_free(a);
		return NULL;
	}
	return a;
}

int ward_store_auth_add_file(ward_store_auth **a, const char *path,
			     char *why, size_t whylen)
{
	if (*a && (*a)->n) {
		snprintf(why, whylen, "%s: a second password file for one "
			 "store", path);
		return -1;
	}
	ward_store_auth *f = ward_store_auth_load(path, why, whylen);
	if (!f)
		return -1;
	if (*a) {
		/* the names already given stay */
		f->cns = (*a)->cns;
		f->n_cns = (*a)->n_cns;
		(*a)->cns = NULL;
		(*a)->n_cns = 0;
		ward_store_auth_free(*a);
	}
	*a = f;
	return 0;
}

/* ---- checking ---- */

/* The user-pass of "Authorization: Basic TOKEN" (one such line); its
 * length, or -1 when there is none or it is malformed. */
static long basic_credentials(const ward_http_request *req, uint8_t *out,
			      size_t cap)
{
	static const char scheme[] = "Basic ";
	ward_slice v, extra;
	size_t it = 0;
	if (!ward_http_header_next(req, "Authorization", &it, &v) ||
	    ward_http_header_next(req, "Authorization", &it, &extra))
		return -1;
	if (v.len < sizeof scheme ||
	    strncasecmp((const char *)v.p, scheme, sizeof scheme - 1))
		return -1;
	size_t off = sizeof scheme - 1;
	while (off < v.len && v.p[off] == ' ')
		off++;
	return ward_base64_decode(v.p + off, v.len - off, out, cap);
}

/* Successful checks: SHA-256 of user ':' password '\n' hash, so a changed
 * hash (a reload) or password never matches an old entry. */
static struct {
	uint8_t key[32];
	uint64_t used; /* 0: empty */
} cache[CACHE_SLOTS];
static uint64_t cache_clock;

void ward_store_auth_forget(void)
{
	ward_wipe(cache, sizeof cache);
	cache_clock = 0;
}

/* Scans every slot, comparing in constant time: which slot matched says
 * nothing the caller did not already send. */
static int cache_find(const uint8_t key[32])
{
	int hit = -1;
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].used && ward_ct_eq(cache[i].key, key, 32))
			hit = i;
	return hit;
}

static void cache_add(const uint8_t key[32])
{
	int slot = 0;
	for (int i = 1; i < CACHE_SLOTS; i++)
		if (cache[i].used < cache[slot].used)
			slot = i; /* an empty one, else the least recent */
	memcpy(cache[slot].key, key, 32);
	cache[slot].used = ++cache_clock;
}

/* crypt_rn of password against hash, compared in constant time. */
static int hash_matches(const char *password, const char *hash)
{
	/* 32 KiB: one per process, not on the stack */
	static struct crypt_data data;
	ward_store_auth_hashes++;
	const char *out = crypt_rn(password, hash, &data, sizeof data);
	size_t len = strlen(hash);
	int ok = out && strlen(out) == len && ward_ct_eq(out, hash, len);
	if (!out)
		ward_log(WARD_LOG_ERROR,
			 "store: libcrypt cannot check a "
			 "hash of the password file: %s",
			 strerror(errno));
	/* the whole state: its scratch holds what was derived from the
	 * password, not only the output */
	ward_wipe(&data, sizeof data);
	return ok;
}

static int password_ok(const ward_store_auth *a, const uint8_t *cred,
		       size_t len, char user_out[WARD_STORE_USER_MAX])
{
	const uint8_t *colon = memchr(cred, ':', len);
	if (!colon)
		return 0;
	size_t ulen = (size_t)(colon - cred), plen = len - ulen - 1;
	const char *pw = (const char *)colon + 1;
	/* every entry is looked at, so the time does not tell where (or
	 * whether) the name is */
	const entry *found = NULL;
	for (size_t i = 0; i < a->n; i++) {
		const entry *u = &a->users[i];
		if (strlen(u->name) == ulen && ward_ct_eq(u->name, cred, ulen))
			found = u;
	}
	/* unknown users are hashed too, against a hash of the same file */
	const char *hash = found ? found->hash : a->users[0].hash;
	uint8_t key_in[CRED_MAX + 2 + LINE_MAX_LEN], key[32];
	size_t hlen = strlen(hash);
	memcpy(key_in, cred, len);
	key_in[len] = '\n';
	memcpy(key_in + len + 1, hash, hlen);
	int ok = 0, nul = memchr(pw, '\0', plen) != NULL;
	if (ward_hash_oneshot(WARD_HASH_SHA256, key_in, len + 1 + hlen, key) !=
	    WARD_OK)
		goto out;
	int slot = found && !nul ? cache_find(key) : -1;
	if (slot >= 0) {
		cache[slot].used = ++cache_clock;
		ok = 1;
		goto out;
	}
	char password[CRED_MAX + 1];
	memcpy(password, pw, plen);
	password[plen] = '\0';
	/* a NUL in the password cannot be hashed; it still costs a hash */
	ok = hash_matches(nul ? "" : password, hash) && found && !nul;
	ward_wipe(password, sizeof password);
	if (ok)
		cache_add(key);
out:
	if (ok)
		snprintf(user_out, WARD_STORE_USER_MAX, "%.*s", (int)ulen,
			 (const char *)cred);
	ward_wipe(key_in, sizeof key_in);
	ward_wipe(key, sizeof key);
	return ok;
}

ward_store_verdict ward_store_authorize(const ward_request_ctx *ctx,
					const ward_http_request *req,
					const ward_store_map *store,
					char user[WARD_STORE_USER_MAX])
{
	user[0] = '\0';
	if (!store->auth)
		return WARD_STORE_ALLOW; /* --store-public */
	/* a password sent in the clear is not taken, even if right; the
	 * plain-HTTP listener only redirects, so this is a second guard */
	if (!ctx->https)
		return WARD_STORE_INSECURE;
	/* a verified client certificate first (the engine checked it
	 * against --client-ca), then the password */
	if (ctx->tls && cert_ok(store->auth, ctx->tls->peer_subject, user))
		return WARD_STORE_ALLOW;
	if (store->auth->n == 0)
		return WARD_STORE_UNAUTHENTICATED;
	uint8_t cred[CRED_MAX];
	long len = basic_credentials(req, cred, sizeof cred);
	int ok = len >= 0 && password_ok(store->auth, cred, (size_t)len, user);
	ward_wipe(cred, sizeof cred);
	return ok ? WARD_STORE_ALLOW : WARD_STORE_UNAUTHENTICATED;
}

ward_err ward_store_challenge(const ward_store_map *store, ward_response *resp)
{
	/* the realm is a quoted-string (RFC 9110 5.6.4) */
	char realm[2 * 256 + 8];
	size_t n = 0;
	for (const char *p = store->prefix; *p && n < sizeof realm - 2; p++) {
		if (*p == '"' || *p == '\\')
			realm[n++] = '\\';
		realm[n++] = *p;
	}
	realm[n] = '\0';
	WARD_TRY(ward_response_header(resp, "WWW-Authenticate",
				      "Basic realm=\"ward %s\", "
				      "charset=\"UTF-8\"",
				      realm));
	return ward_response_simple(resp, 401, NULL);
}

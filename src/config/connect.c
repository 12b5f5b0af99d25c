/* The `connect:` mapping of a site (connect.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/connect.h"

/* RFC 1123 labels: letters, digits and '-', 1-63 each, dots between. */
static int is_name(const char *s, size_t len)
{
	size_t label = 0;
	if (!len || len > 253)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (!label)
				return 0;
			label = 0;
		} else if (isalnum((unsigned char)s[i]) || s[i] == '-') {
			if (++label > 63)
				return 0;
		} else {
			return 0;
		}
	}
	return label > 0;
}

int ward_connect_parse(const char *p, size_t len, int pattern,
		       ward_connect_target *out, const char **why)
{
	memset(out, 0, sizeof *out);
	const char *colon = NULL;
	if (memchr(p, 0, len)) {
		*why = "a NUL byte";
		return -1;
	}
	size_t hlen;
	const char *h = p;
	if (len && p[0] == '[') {
		const char *end = memchr(p, ']', len);
		if (!end || end + 1 == p + len || end[1] != ':') {
			*why = "an IPv6 address is [ADDR]:PORT";
			return -1;
		}
		h = p + 1;
		hlen = (size_t)(end - h);
		colon = end + 1;
	} else {
		for (size_t i = len; i > 0 && !colon; i--)
			if (p[i - 1] == ':')
				colon = p + i - 1;
		if (!colon) {
			*why = "wants HOST:PORT";
			return -1;
		}
		hlen = (size_t)(colon - p);
	}
	if (hlen >= sizeof out->host) {
		*why = "the host is too long";
		return -1;
	}
	memcpy(out->host, h, hlen);
	for (size_t i = 0; i < hlen; i++)
		out->host[i] = (char)tolower((unsigned char)out->host[i]);
	const char *port = colon + 1;
	size_t plen = (size_t)(p + len - port);
	if (pattern && plen == 1 && port[0] == '*') {
		out->port = 0;
	} else {
		unsigned long v = 0;
		for (size_t i = 0; i < plen; i++) {
			if (!isdigit((unsigned char)port[i]) || i >= 5) {
				v = 0;
				break;
			}
			v = v * 10 + (unsigned long)(port[i] - '0');
		}
		if (v == 0 || v > 65535) {
			*why = pattern ? "the port is 1-65535 or '*'"
				       : "the port is 1-65535";
			return -1;
		}
		out->port = (uint16_t)v;
	}
	if (h != p) {
		if (inet_pton(AF_INET6, out->host, out->addr) != 1) {
			*why = "not an IPv6 address in the brackets";
			return -1;
		}
		out->family = AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, out->host, out->addr) == 1) {
		out->family = AF_INET;
		return 0;
	}
	const char *name = out->host;
	if (pattern && !strncmp(name, "*.", 2))
		name += 2;
	if (!is_name(name, strlen(name))) {
		*why = pattern ? "not a host name, *.suffix or address"
			       : "not a host name or address";
		return -1;
	}
	/* a dotted number that is no IPv4 address ("1.2.3.256") would be
	 * read as one by some resolvers: no name ends in digits alone */
	const char *last = strrchr(name, '.');
	last = last ? last + 1 : name;
	if (strspn(last, "0123456789") == strlen(last)) {
		*why = "not a host name or IPv4 address";
		return -1;
	}
	return 0;
}

static int rule_matches(const ward_connect_target *r,
			const ward_connect_target *t)
{
	if (r->port && r->port != t->port)
		return 0;
	if (r->family || t->family)
		return r->family == t->family &&
		       !memcmp(r->addr, t->addr,
			       r->family == AF_INET ? 4 : 16);
	if (!strncmp(r->host, "*.", 2)) {
		size_t s = strlen(r->host + 1), n = strlen(t->host);
		/* ".suffix" ends the name, after at least one label */
		return n > s && !strcmp(t->host + n - s, r->host + 1);
	}
	return !strcmp(r->host, t->host);
}

int ward_connect_allowed(const ward_connect_policy *p,
			 const ward_connect_target *t)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (rule_matches(&p->allow[i], t))
			return 1;
	return 0;
}

size_t ward_conf_connect(const ward_conf_doc *doc, const ward_conf_node *v,
			 const char *key, ward_connect_policy **out,
			 ward_conf_errs *errs)
{
	const char *f = doc->file;
	size_t bad = 0;
	char k[300];
	*out = NULL;
	if (v->kind != WARD_CONF_MAP) {
		ward_conf_err(errs, f, v, key, "wants a mapping {allow: [...]}, "
					       "not %s", ward_conf_kind_name(v));
		return 1;
	}
	for (size_t i = 0; i < v->n_kid; i += 2)
		if (strcmp(v->kid[i]->str, "allow")) {
			snprintf(k, sizeof k, "%s.%s", key, v->kid[i]->str);
			ward_conf_err(errs, f, v->kid[i], k,
				      "unknown key (docs/config.md lists "
				      "them)");
			bad++;
		}
	const ward_conf_node *allow = ward_conf_get(v, "allow");
	snprintf(k, sizeof k, "%s.allow", key);
	if (!allow) {
		ward_conf_err(errs, f, v, key,
			      "has no allow list (leave connect out to refuse "
			      "every CONNECT)");
		return bad + 1;
	}
	if (allow->kind != WARD_CONF_SEQ || allow->n_kid == 0) {
		ward_conf_err(errs, f, allow, k, "wants a list of HOST:PORT, "
						 "not %s",
			      allow->kind == WARD_CONF_SEQ
				  ? "an empty one"
				  : ward_conf_kind_name(allow));
		return bad + 1;
	}
	if (allow->n_kid > WARD_CONNECT_MAX_RULES) {
		ward_conf_err(errs, f, allow->kid[WARD_CONNECT_MAX_RULES], k,
			      "more than %d patterns", WARD_CONNECT_MAX_RULES);
		return bad + 1;
	}
	ward_connect_policy *p = calloc(1, sizeof *p);
	if (!p)
		abort(); /* start-up only */
	for (size_t i = 0; i < allow->n_kid; i++) {
		const ward_conf_node *n = allow->kid[i];
		const char *why = "wants HOST:PORT";
		snprintf(k, sizeof k, "%s.allow[%zu]", key, i);
		if (n->kind != WARD_CONF_SCALAR ||
		    ward_connect_parse(n->str, n->len, 1, &p->allow[p->n],
				       &why) != 0) {
			ward_conf_err(errs, f, n, k, "%s", why);
			bad++;
			continue;
		}
		p->n++;
	}
	if (bad) {
		free(p);
		return bad;
	}
	*out = p;
	return 0;
}

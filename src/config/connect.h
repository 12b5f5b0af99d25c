/* A site's `connect:` mapping: the CONNECT targets it tunnels to.
 *
 *   connect: {allow: ["127.0.0.1:9000", "*.internal:443", "[::1]:*"]}
 *
 * A pattern is HOST:PORT. HOST is a host name (matched case-insensitively,
 * whole), "*.SUFFIX" (any name ending in ".SUFFIX" with one or more labels
 * before it; never SUFFIX itself, never an address), an IPv4 address, or
 * an IPv6 address in brackets (matched as an address: [::1] is
 * [0:0::1]). PORT is a number 1-65535 or "*" for any port. A target
 * matches on the name the client gave, before anything is resolved: to
 * bound the addresses a tunnel reaches, list addresses. */
#ifndef WARD_CONFIG_CONNECT_H
#define WARD_CONFIG_CONNECT_H

#include <stddef.h>
#include <stdint.h>

#include "config/conf.h"

#define WARD_CONNECT_MAX_RULES 64

/* A CONNECT target or a pattern, parsed. */
typedef struct ward_connect_target {
	char host[256]; /* lower case, without brackets */
	int family;	/* AF_INET/AF_INET6 for an address, else 0 */
	uint8_t addr[16];
	uint16_t port; /* 0 in a pattern: any port */
} ward_connect_target;

typedef struct ward_connect_policy {
	ward_connect_target allow[WARD_CONNECT_MAX_RULES];
	size_t n;
} ward_connect_policy;

/* Parse "host:port" (RFC 9112 3.2.3's authority-form, as a CONNECT sends
 * it; any_port: a pattern, which may say "*" and "*.suffix"). Host names
 * are letters, digits, '-' and dots (no percent-encoding). 0, or -1 with
 * *why set. */
int ward_connect_parse(const char *p, size_t len, int pattern,
		       ward_connect_target *out, const char **why);
/* Whether the policy allows the target. */
int ward_connect_allowed(const ward_connect_policy *p,
			 const ward_connect_target *t);

/* Read the value of the `connect` key at key (e.g. "sites[0].connect")
 * into a new *out. Returns the number of errors, added to errs. */
size_t ward_conf_connect(const ward_conf_doc *doc, const ward_conf_node *v,
			 const char *key, ward_connect_policy **out,
			 ward_conf_errs *errs);

#endif

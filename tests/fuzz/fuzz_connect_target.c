/* libFuzzer: CONNECT targets as a client sends them (the authority-form
 * the request parser let through) and allow-list patterns. Whatever is
 * accepted is lower case with a port (a target's never 0), written back
 * as HOST:PORT it parses to the same, and an accepted target matches a
 * pattern made of itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "config/connect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void format(const ward_connect_target *t, char *out, size_t len)
{
	char port[8] = "*";
	if (t->port)
		snprintf(port, sizeof port, "%u", t->port);
	snprintf(out, len, t->family == AF_INET6 ? "[%s]:%s" : "%s:%s",
		 t->host, port);
}

static void check(const ward_connect_target *t, int pattern)
{
	static ward_connect_target again;
	char s[300];
	const char *why;
	if (!t->host[0] || (!pattern && !t->port))
		abort();
	for (const char *p = t->host; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			abort();
	format(t, s, sizeof s);
	if (ward_connect_parse(s, strlen(s), pattern, &again, &why) != 0 ||
	    memcmp(&again, t, sizeof again))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ward_connect_target t, p;
	static ward_connect_policy self;
	const char *why;
	if (size > 400)
		return 0;
	if (ward_connect_parse((const char *)data, size, 0, &t, &why) == 0) {
		check(&t, 0);
		self.allow[0] = t;
		self.n = 1;
		if (!ward_connect_allowed(&self, &t))
			abort();
	}
	if (ward_connect_parse((const char *)data, size, 1, &p, &why) == 0) {
		check(&p, 1);
		self.allow[0] = p;
		self.n = 1;
		/* a pattern with a port and no '*' is a target of itself */
		if (p.port && strncmp(p.host, "*.", 2)) {
			char s[300];
			format(&p, s, sizeof s);
			if (ward_connect_parse(s, strlen(s), 0, &t, &why) != 0 ||
			    !ward_connect_allowed(&self, &t))
				abort();
		}
	}
	return 0;
}

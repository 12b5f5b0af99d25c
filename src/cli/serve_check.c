/* Checks of `ward serve` before it serves: see serve_check.h. */
#include "cli/serve_check.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/ca_files.h"
#include "crypto/ca.h"
#include "server/log.h"

#define EXPIRY_WARN_DAYS 30

static struct {
	ward_conf_errs *errs;
	const char *file, *key;
	unsigned line, col;
	int reloading;
} where;

void ward_cli_serve_at(ward_conf_errs *errs, const char *file,
		       unsigned line, unsigned col, const char *key)
{
	where.errs = errs;
	where.file = file;
	where.key = key;
	where.line = line;
	where.col = col;
}

void ward_cli_serve_at_end(void)
{
	where.errs = NULL;
}

void ward_cli_serve_reloading(int on)
{
	where.reloading = on;
}

int ward_cli_serve_bad(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (where.errs) {
		/* the key says what the flag's name would */
		const char *m = msg, *colon = strstr(msg, ": ");
		if (!strncmp(m, "--", 2) && colon &&
		    !memchr(m, ' ', (size_t)(colon - m)))
			m = colon + 2;
		ward_conf_err_at(where.errs, where.file, where.line, where.col,
				 where.key, m);
	} else {
		/* stderr, where an operator who sent the HUP looks; and the
		 * log, where the rest of the reload is told */
		fprintf(stderr, "ward serve: %s\n", msg);
		if (where.reloading && !ward_log_is_stderr())
			ward_log(WARD_LOG_ERROR, "%s", msg);
	}
	return -1;
}

/* RFC 1035 2.3.4 and RFC 5890: labels of letters, digits and '-', 1..63
 * bytes, the whole at most 253; anything else is not looked up at all. */
static int check_name(const char *flag, const char *host)
{
	size_t n = strlen(host);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)host[i] >= 0x80)
			return ward_cli_serve_bad(
			    "--%s: '%s' is not ASCII: an internationalized "
			    "name needs its punycode form (xn--...)",
			    flag, host);
	if (n > 253)
		return ward_cli_serve_bad("--%s: the host name is %zu "
					  "characters long, over 253",
					  flag, n);
	for (const char *l = host; *l;) {
		size_t len = strcspn(l, ".");
		if (len == 0)
			return ward_cli_serve_bad(
			    "--%s: '%s' has an empty label", flag, host);
		if (len > 63)
			return ward_cli_serve_bad(
			    "--%s: in '%s', the label '%.*s...' is %zu "
			    "characters long, over 63",
			    flag, host, 16, l, len);
		for (size_t i = 0; i < len; i++) {
			char ch = l[i];
			if (!((ch >= 'a' && ch <= 'z') ||
			      (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '-'))
				return ward_cli_serve_bad(
				    "--%s: '%s' holds '%c', which no host "
				    "name has",
				    flag, host, ch);
		}
		if (l[0] == '-' || l[len - 1] == '-')
			return ward_cli_serve_bad(
			    "--%s: in '%s', the label '%.*s' begins or ends "
			    "with '-'",
			    flag, host, (int)len, l);
		l += len;
		if (*l == '.' && l[1])
			l++;
		else if (*l == '.')
			break; /* a trailing dot: the root */
	}
	return 0;
}

int ward_cli_check_listen_host(const char *flag, const char *spec)
{
	char host[512];
	const char *colon = strrchr(spec, ':');
	/* "[v6]:port", ":port", "*:port" and malformed specs are the
	 * listener's to judge (it names what it wants) */
	if (spec[0] == '[' || !colon)
		return 0;
	size_t n = (size_t)(colon - spec);
	if (n == 0 || n >= sizeof host)
		return n ? ward_cli_serve_bad("--%s: the host name is %zu "
					      "characters long, over 253",
					      flag, n)
			 : 0;
	memcpy(host, spec, n);
	host[n] = 0;
	unsigned char addr[4];
	if (!strcmp(host, "*") || memchr(host, ':', n) ||
	    inet_pton(AF_INET, host, addr) == 1)
		return 0;
	return check_name(flag, host);
}

void ward_cli_warn_key_mode(const char *key_path)
{
	struct stat st;
	if (stat(key_path, &st) != 0 || !(st.st_mode & 077))
		return;
	ward_log(WARD_LOG_WARN,
		 "--key %s: readable by %s (mode %04o): chmod 600 it", key_path,
		 st.st_mode & 007 ? "others" : "its group",
		 (unsigned)(st.st_mode & 07777));
}

static const char *utc_day(time_t t, char *buf, size_t cap)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) ||
	    !strftime(buf, cap, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, cap, "?");
	return buf;
}

void ward_cli_warn_cert_dates(const char *cert_path, time_t now)
{
	ward_buf pem = WARD_BUF_INIT;
	struct ward_ca_cert_info info;
	char day[40];
	int ok = ward_cli_ca_read_file(cert_path, &pem) == 0 &&
		 ward_ca_cert_info(ward_buf_slice(&pem), &info) == WARD_OK;
	ward_buf_free(&pem);
	if (!ok)
		return;
	if (info.not_after < now)
		ward_log(WARD_LOG_WARN,
			 "--cert %s: expired on %s; clients will refuse it",
			 cert_path, utc_day(info.not_after, day, sizeof day));
	else if (info.not_before > now)
		ward_log(WARD_LOG_WARN,
			 "--cert %s: not valid before %s; clients will "
			 "refuse it until then",
			 cert_path, utc_day(info.not_before, day, sizeof day));
	else if (info.not_after - now < EXPIRY_WARN_DAYS * 86400) {
		long days = (long)((info.not_after - now) / 86400);
		ward_log(WARD_LOG_WARN,
			 "--cert %s: expires in %ld day%s, on %s", cert_path,
			 days, days == 1 ? "" : "s",
			 utc_day(info.not_after, day, sizeof day));
	}
}

int ward_cli_resolve_user(ward_server_config *cfg, const char *name)
{
	struct passwd *pw = getpwnam(name);
	if (!pw)
		return ward_cli_serve_bad("--user: no user '%s'", name);
	if (pw->pw_uid == 0)
		return ward_cli_serve_bad("--user: '%s' is root; the workers "
					  "must run as another user",
					  name);
	if (geteuid() != 0 && geteuid() != pw->pw_uid)
		return ward_cli_serve_bad(
		    "--user: running as uid %ld, which may not become '%s' "
		    "(uid %ld): start ward serve as root",
		    (long)geteuid(), name, (long)pw->pw_uid);
	free(cfg->user);
	cfg->user = strdup(name);
	if (!cfg->user)
		return -1;
	cfg->user_uid = pw->pw_uid;
	cfg->user_gid = pw->pw_gid;
	return 0;
}

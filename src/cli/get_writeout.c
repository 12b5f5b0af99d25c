/* ward get -w: curl's --write-out syntax and variables, and ward's TLS
 * ones (docs/get.md). */
#include <stdio.h>
#include <string.h>

#include "cli/get_output.h"
#include "cli/get_writeout.h"
#include "crypto/crypto.h"
#include "tls/tls.h"

static void put_seconds(long long t, long long start)
{
	long long us = t && t > start ? t - start : 0;
	printf("%lld.%06lld", us / 1000000, us % 1000000);
}

static void put_name(const char *name)
{
	fputs(name ? name : "", stdout);
}

/* One %{name}; 0 when the name is unknown. */
static int write_var(const char *name, size_t n, const ward_client_info *i,
		     const ward_get_stats *ts)
{
#define IS(s) (n == sizeof s - 1 && !memcmp(name, s, n))
	if (IS("http_code") || IS("response_code"))
		printf("%03d", ts->status);
	else if (IS("num_connects"))
		printf("%zu", ts->connects);
	else if (IS("time_connect"))
		put_seconds(i->t_connect, ts->start);
	else if (IS("time_appconnect"))
		put_seconds(i->t_appconnect, ts->start);
	else if (IS("time_starttransfer"))
		put_seconds(i->t_first_byte, ts->start);
	else if (IS("time_total"))
		put_seconds(i->t_end ? i->t_end : ward_client_now_us(),
			    ts->start);
	else if (IS("tls_version"))
		put_name(i->tls_version ? ward_tls_version_name(i->tls_version)
					: "");
	else if (IS("tls_cipher"))
		put_name(i->tls_suite ? ward_tls_suite_name(i->tls_suite) : "");
	else if (IS("tls_group"))
		put_name(i->tls_group ? ward_group_name(i->tls_group) : "");
	else if (IS("tls_resumed"))
		printf("%d", i->tls_resumed);
	else if (IS("round_trips"))
		printf("%u", i->round_trips);
	else if (IS("early_data"))
		put_name(ward_tls_early_name((ward_tls_early_state)i->early_data));
	else
		return 0;
#undef IS
	return 1;
}

/* curl's -w: %{name}, %% and backslash escapes; an unknown variable
 * is warned about and written as it was. */
void ward_get_write_out(const char *fmt, const ward_client_info *i,
			const ward_get_stats *ts,
			void (*unknown)(const char *name, size_t n))
{
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == '%') {
			putchar('%');
			p++;
		} else if (p[0] == '%' && p[1] == '{' && strchr(p, '}')) {
			const char *name = p + 2, *end = strchr(name, '}');
			if (!write_var(name, (size_t)(end - name), i, ts)) {
				unknown(name, (size_t)(end - name));
				fwrite(p, 1, (size_t)(end + 1 - p), stdout);
			}
			p = end;
		} else if (p[0] == '\\' && p[1] && strchr("nrt\\", p[1])) {
			p++;
			putchar(*p == 'n'   ? '\n'
				: *p == 'r' ? '\r'
				: *p == 't' ? '\t'
					    : '\\');
		} else {
			putchar(*p);
		}
	}
	fflush(stdout);
}

int ward_get_read_format(const char *file, ward_buf *text, char *why,
			 size_t whylen)
{
	ward_buf_clear(text);
	int rc = ward_get_slurp(file, text, 0, 65536, why, whylen);
	if (rc == 0 && memchr(text->data, 0, text->len)) {
		snprintf(why, whylen, "'%s' holds a NUL byte", file);
		rc = -1;
	}
	if (rc == 0 && ward_put_u8(text, 0) != WARD_OK) {
		snprintf(why, whylen, "out of memory");
		rc = -1;
	}
	return rc;
}

/* Set-Cookie parsing, cookie matching and the jar (cookie.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"
#include "http/head.h"

/* ---- pieces ---- */

static int is_ctl(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

/* Split "name=value" at the first '=', both trimmed of SP and TAB;
 * whether there was an '='. */
static int split_eq(ward_slice s, ward_slice *name, ward_slice *value)
{
	ward_reader r = ward_reader_make(s.p, s.len);
	ward_slice n = ward_read_until(&r, '=');
	int eq = n.len < s.len;
	*name = ward_http_trim_ows(n.p, n.len);
	*value = eq ? ward_http_trim_ows(s.p + n.len + 1, s.len - n.len - 1)
		    : ward_slice_make(s.p + s.len, 0);
	return eq;
}

static int is_ip_literal(const char *host)
{
	int dots = 0;
	if (strchr(host, ':'))
		return 1;
	for (const char *p = host; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return 0;
	}
	return dots == 3;
}

int ward_cookie_domain_match(const char *host, const char *domain)
{
	size_t h = strlen(host), d = strlen(domain);
	if (d == 0)
		return 0;
	if (h == d)
		return !strcmp(host, domain);
	/* 5.1.3: a suffix after a dot, and never for an IP address */
	return h > d && host[h - d - 1] == '.' &&
	       !strcmp(host + h - d, domain) && !is_ip_literal(host);
}

int ward_cookie_path_match(const char *rp, size_t len, const char *cp)
{
	size_t n = strlen(cp);
	if (n > len || memcmp(rp, cp, n) != 0)
		return 0;
	return n == len || cp[n - 1] == '/' || rp[n] == '/';
}

/* The path of a target: up to '?', "/" when it does not start with '/'. */
static size_t target_path_len(const char *target)
{
	return strcspn(target, "?#");
}

void ward_cookie_default_path(const char *target, char *out, size_t len)
{
	size_t n = target_path_len(target);
	size_t last = n;
	while (last > 0 && target[last - 1] != '/')
		last--;
	/* 5.1.4: "/" unless there is a '/' after the first */
	if (n == 0 || target[0] != '/' || last <= 1) {
		snprintf(out, len, "/");
		return;
	}
	snprintf(out, len, "%.*s", (int)(last - 1), target);
}

/* ---- cookie-date (RFC 6265 5.1.1) ---- */

static int is_delim(uint8_t c)
{
	return c == 0x09 || (c >= 0x20 && c <= 0x2f) ||
	       (c >= 0x3b && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
	       (c >= 0x7b && c <= 0x7e);
}

/* 1*max DIGIT at the start of t, then nothing or a non-digit: the digits
 * read, 0 when the token does not start so. */
static size_t digits(ward_slice t, size_t at, size_t min, size_t max, int *v)
{
	size_t i = at;
	*v = 0;
	while (i < t.len && i - at < max && ward_http_is_digit(t.p[i]))
		*v = *v * 10 + (t.p[i++] - '0');
	if (i - at < min || (i < t.len && ward_http_is_digit(t.p[i])))
		return 0;
	return i - at;
}

static int time_token(ward_slice t, int *h, int *m, int *s)
{
	size_t a = digits(t, 0, 1, 2, h), b, c;
	if (!a || a >= t.len || t.p[a] != ':')
		return 0;
	b = digits(t, a + 1, 1, 2, m);
	if (!b || a + 1 + b >= t.len || t.p[a + 1 + b] != ':')
		return 0;
	c = digits(t, a + b + 2, 1, 2, s);
	return c != 0;
}

static int month_token(ward_slice t, int *mon)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	if (t.len < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (ward_http_lower(t.p[0]) == names[3 * i] &&
		    ward_http_lower(t.p[1]) == names[3 * i + 1] &&
		    ward_http_lower(t.p[2]) == names[3 * i + 2]) {
			*mon = i + 1;
			return 1;
		}
	return 0;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int ward_cookie_parse_date(ward_slice s, int64_t *t)
{
	int have_time = 0, have_day = 0, have_mon = 0, have_year = 0;
	int h = 0, mi = 0, sec = 0, day = 0, mon = 0, year = 0;
	ward_reader r = ward_reader_make(s.p, s.len);
	while (ward_reader_left(&r) > 0) {
		size_t start = r.off;
		uint8_t c;
		/* a date-token: the bytes up to the next delimiter */
		while (ward_reader_left(&r) > 0 && !is_delim(r.p[r.off]))
			if (ward_read_u8(&r, &c) != WARD_OK)
				return -1;
		ward_slice tok = ward_slice_make(s.p + start, r.off - start);
		if (ward_reader_left(&r) > 0 && ward_read_u8(&r, &c) != WARD_OK)
			return -1;
		if (tok.len == 0)
			continue;
		int v;
		if (!have_time && time_token(tok, &h, &mi, &sec))
			have_time = 1;
		else if (!have_day && digits(tok, 0, 1, 2, &v)) {
			have_day = 1;
			day = v;
		} else if (!have_mon && month_token(tok, &mon))
			have_mon = 1;
		else if (!have_year && digits(tok, 0, 2, 4, &v)) {
			have_year = 1;
			year = v;
		}
	}
	if (have_year && year >= 70 && year <= 99)
		year += 1900;
	else if (have_year && year <= 69)
		year += 2000;
	if (!have_time || !have_day || !have_mon || !have_year || year < 1601 ||
	    day < 1 || day > days_in_month(year, mon) || h > 23 || mi > 59 ||
	    sec > 59)
		return -1;
	*t = days_from_civil(year, mon, day) * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

/* ---- Set-Cookie ---- */

static int has_ctl(ward_slice s)
{
	for (size_t i = 0; i < s.len; i++)
		if (is_ctl(s.p[i]))
			return 1;
	return 0;
}

static int starts_with(ward_slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len >= n && !memcmp(s.p, lit, n);
}

/* A Domain value as kept: lower case, LDH, dots and '_' only. */
static int clean_domain(ward_slice v, char *out)
{
	if (v.len && v.p[0] == '.') /* 5.2.3: a leading dot is ignored */
		v = ward_slice_make(v.p + 1, v.len - 1);
	if (v.len == 0 || v.len > WARD_COOKIE_MAX_DOMAIN || v.p[0] == '.')
		return -1;
	for (size_t i = 0; i < v.len; i++) {
		int c = ward_http_lower(v.p[i]);
		if (!((c >= 'a' && c <= 'z') || ward_http_is_digit(c) ||
		      c == '-' || c == '.' || c == '_' || c == ':'))
			return -1;
		out[i] = (char)c;
	}
	out[v.len] = 0;
	return 0;
}

static int64_t add_capped(int64_t now, int64_t delta)
{
	if (delta > WARD_COOKIE_MAX_AGE)
		delta = WARD_COOKIE_MAX_AGE;
	return now + delta;
}

ward_cookie_result ward_cookie_parse(ward_slice value,
				     const ward_cookie_origin *o, int64_t now,
				     ward_cookie *out)
{
	ward_reader r = ward_reader_make(value.p, value.len);
	ward_slice pair = ward_read_until(&r, ';'), name, val;
	int64_t expires = 0, max_age = 0;
	int have_expires = 0, have_max_age = 0, have_domain = 0;
	char domain[WARD_COOKIE_MAX_DOMAIN + 1];

	memset(out, 0, sizeof *out);
	/* 6265bis 5.6 step 1: control characters refuse the whole cookie */
	if (has_ctl(value))
		return WARD_COOKIE_BAD_CHARS;
	if (!split_eq(pair, &name, &val) || name.len == 0)
		return WARD_COOKIE_NO_NAME;
	if (name.len + val.len > WARD_COOKIE_MAX_NV)
		return WARD_COOKIE_TOO_LARGE;
	memcpy(out->nv, name.p, name.len);
	memcpy(out->nv + name.len + 1, val.p, val.len);
	out->name_len = name.len;

	while (ward_reader_left(&r) > 0) {
		ward_slice av = ward_read_until(&r, ';'), an, aval;
		split_eq(av, &an, &aval);
		if (aval.len > WARD_COOKIE_MAX_ATTR)
			continue; /* 6265bis 5.6: ignored */
		if (ward_http_slice_ieq(an, "expires")) {
			int64_t t;
			if (ward_cookie_parse_date(aval, &t) == 0) {
				have_expires = 1;
				expires = t;
			}
		} else if (ward_http_slice_ieq(an, "max-age")) {
			/* 5.2.2: ["-"] 1*DIGIT, else ignored */
			size_t i = aval.len && aval.p[0] == '-';
			int64_t d = 0;
			if (i == aval.len)
				continue;
			for (; i < aval.len && ward_http_is_digit(aval.p[i]);
			     i++)
				if (d < WARD_COOKIE_MAX_AGE)
					d = d * 10 + (aval.p[i] - '0');
			if (i != aval.len)
				continue;
			have_max_age = 1;
			max_age = aval.p[0] == '-' ? -1 : d;
		} else if (ward_http_slice_ieq(an, "domain")) {
			if (aval.len == 0)
				continue;
			if (clean_domain(aval, domain) != 0)
				return WARD_COOKIE_BAD_DOMAIN;
			have_domain = 1;
		} else if (ward_http_slice_ieq(an, "path")) {
			if (aval.len && aval.p[0] == '/' &&
			    aval.len < sizeof out->path) {
				memcpy(out->path, aval.p, aval.len);
				out->path[aval.len] = 0;
			} else {
				out->path[0] = 0;
			}
		} else if (ward_http_slice_ieq(an, "secure")) {
			out->secure = 1;
		} else if (ward_http_slice_ieq(an, "httponly")) {
			out->http_only = 1;
		}
	}

	/* 5.3 step 3: Max-Age wins over Expires; <= 0 is the earliest time */
	if (have_max_age)
		out->expires = max_age <= 0 ? 1 : add_capped(now, max_age);
	else if (have_expires)
		out->expires =
		    expires <= now ? 1 : add_capped(now, expires - now);

	/* 5.3 steps 5-6 */
	if (have_domain && !strchr(domain, '.') && strcmp(domain, o->host))
		return WARD_COOKIE_BAD_DOMAIN; /* a top-level name */
	if (have_domain && !strcmp(domain, o->host) && !strchr(domain, '.'))
		have_domain = 0; /* "localhost": host-only */
	if (have_domain) {
		if (!ward_cookie_domain_match(o->host, domain))
			return WARD_COOKIE_BAD_DOMAIN;
		snprintf(out->domain, sizeof out->domain, "%s", domain);
	} else {
		if (strlen(o->host) > WARD_COOKIE_MAX_DOMAIN)
			return WARD_COOKIE_BAD_DOMAIN;
		out->host_only = 1;
		snprintf(out->domain, sizeof out->domain, "%s", o->host);
	}
	if (!out->path[0])
		ward_cookie_default_path(o->target, out->path,
					 sizeof out->path);

	/* 6265bis 5.6 steps 16-19: Secure only from https, and the
	 * prefixes */
	ward_slice nm = ward_slice_make(out->nv, out->name_len);
	int pre_secure = starts_with(nm, "__Secure-"),
	    pre_host = starts_with(nm, "__Host-");
	if ((out->secure || pre_secure || pre_host) && !o->https)
		return WARD_COOKIE_NOT_SECURE;
	if ((pre_secure || pre_host) && !out->secure)
		return WARD_COOKIE_NOT_SECURE;
	if (pre_host && (!out->host_only || strcmp(out->path, "/")))
		return WARD_COOKIE_BAD_PREFIX;
	return out->expires == 1 || (out->expires && out->expires <= now)
		   ? WARD_COOKIE_DELETED
		   : WARD_COOKIE_STORED;
}

/* ---- the jar ---- */

void ward_cookie_jar_init(ward_cookie_jar *j)
{
	memset(j, 0, sizeof *j);
}

void ward_cookie_jar_free(ward_cookie_jar *j)
{
	free(j->c);
	memset(j, 0, sizeof *j);
}

static int expired(const ward_cookie *c, int64_t now)
{
	return c->expires != 0 && c->expires <= now;
}

static void drop(ward_cookie_jar *j, size_t i)
{
	j->c[i] = j->c[--j->n];
}

/* The index of the cookie to evict: an expired one, else the oldest;
 * only among those of domain when it is not NULL. */
static size_t victim(const ward_cookie_jar *j, const char *domain, int64_t now)
{
	size_t v = j->n;
	for (size_t i = 0; i < j->n; i++) {
		const ward_cookie *c = &j->c[i];
		if (domain && strcmp(c->domain, domain))
			continue;
		if (expired(c, now))
			return i;
		if (v == j->n || c->created < j->c[v].created)
			v = i;
	}
	return v;
}

ward_cookie_result ward_cookie_jar_put(ward_cookie_jar *j,
				       const ward_cookie *nc, int64_t now)
{
	size_t same_domain = 0;
	int dead = expired(nc, now);
	for (size_t i = 0; i < j->n; i++) {
		ward_cookie *c = &j->c[i];
		if (c->name_len == nc->name_len && !strcmp(c->nv, nc->nv) &&
		    !strcmp(c->domain, nc->domain) &&
		    !strcmp(c->path, nc->path)) {
			/* 5.3 step 11: replaced, keeping its creation */
			uint64_t created = c->created;
			if (dead) {
				drop(j, i);
				return WARD_COOKIE_DELETED;
			}
			*c = *nc;
			c->created = created;
			return WARD_COOKIE_STORED;
		}
		same_domain += !strcmp(c->domain, nc->domain);
	}
	if (dead)
		return WARD_COOKIE_DELETED;
	if (same_domain >= WARD_COOKIE_MAX_PER_DOMAIN)
		drop(j, victim(j, nc->domain, now));
	else if (j->n >= WARD_COOKIE_MAX)
		drop(j, victim(j, NULL, now));
	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 8;
		if (cap > WARD_COOKIE_MAX)
			cap = WARD_COOKIE_MAX;
		ward_cookie *p = realloc(j->c, cap * sizeof *p);
		if (!p)
			return WARD_COOKIE_NOMEM;
		j->c = p;
		j->cap = cap;
	}
	j->c[j->n] = *nc;
	j->c[j->n++].created = j->next++;
	return WARD_COOKIE_STORED;
}

/* 6265bis 5.7 step 16: from http, no cookie may replace or shadow a
 * Secure one of the same name whose domain and path it overlaps. */
static int shadows_secure(const ward_cookie_jar *j, const ward_cookie *nc,
			  int64_t now)
{
	for (size_t i = 0; i < j->n; i++) {
		const ward_cookie *c = &j->c[i];
		if (c->secure && !expired(c, now) &&
		    c->name_len == nc->name_len && !strcmp(c->nv, nc->nv) &&
		    (ward_cookie_domain_match(c->domain, nc->domain) ||
		     ward_cookie_domain_match(nc->domain, c->domain)) &&
		    ward_cookie_path_match(nc->path, strlen(nc->path), c->path))
			return 1;
	}
	return 0;
}

ward_cookie_result ward_cookie_jar_set(ward_cookie_jar *j, ward_slice value,
				       const ward_cookie_origin *o, int64_t now)
{
	static ward_cookie c; /* 5 KiB: not on the stack */
	ward_cookie_result r = ward_cookie_parse(value, o, now, &c);
	if (r != WARD_COOKIE_STORED && r != WARD_COOKIE_DELETED)
		return r;
	if (!o->https && shadows_secure(j, &c, now))
		return WARD_COOKIE_NOT_SECURE;
	return ward_cookie_jar_put(j, &c, now);
}

static int sends(const ward_cookie *c, const ward_cookie_origin *o, int64_t now)
{
	const char *t = o->target;
	size_t n = target_path_len(t);
	if (expired(c, now) || (c->secure && !o->https))
		return 0;
	if (c->host_only ? strcmp(o->host, c->domain)
			 : !ward_cookie_domain_match(o->host, c->domain))
		return 0;
	if (n == 0 || t[0] != '/')
		t = "/", n = 1;
	return ward_cookie_path_match(t, n, c->path);
}

/* 5.4 step 2: longer paths first, then the earlier created. */
static int before(const ward_cookie *a, const ward_cookie *b)
{
	size_t la = strlen(a->path), lb = strlen(b->path);
	return la != lb ? la > lb : a->created < b->created;
}

size_t ward_cookie_jar_header(const ward_cookie_jar *j,
			      const ward_cookie_origin *o, int64_t now,
			      ward_buf *out)
{
	size_t sent = 0, start = out->len;
	const ward_cookie *last = NULL;
	/* selection by repeated minimum: at most WARD_COOKIE_MAX cookies,
	 * and no memory to allocate */
	for (;;) {
		const ward_cookie *best = NULL;
		for (size_t i = 0; i < j->n; i++) {
			const ward_cookie *c = &j->c[i];
			if (!sends(c, o, now) || (last && !before(last, c)))
				continue;
			if (!best || before(c, best))
				best = c;
		}
		if (!best)
			break;
		last = best;
		/* a field servers take: the cookies that do not fit stay */
		size_t need = (sent ? 2 : 0) + strlen(ward_cookie_name(best)) +
			      1 + strlen(ward_cookie_value(best));
		if (out->len - start + need > WARD_COOKIE_MAX_HEADER)
			continue;
		if ((sent && ward_put_str(out, "; ") != WARD_OK) ||
		    ward_put_str(out, ward_cookie_name(best)) != WARD_OK ||
		    ward_put_u8(out, '=') != WARD_OK ||
		    ward_put_str(out, ward_cookie_value(best)) != WARD_OK)
			break;
		sent++;
	}
	return sent;
}

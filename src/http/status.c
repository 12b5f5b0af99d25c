/* Status codes and their reason phrases, the one table from errors to
 * statuses, and HTTP-dates (RFC 9110 5.6.7, 15). */
#include <string.h>

#include "http/http.h"

/* RFC 9110 15, plus the few later RFCs' codes a server meets. */
static const struct {
	int status;
	const char *reason;
} reasons[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {103, "Early Hints"}, /* RFC 8297 */
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {203, "Non-Authoritative Information"},
    {204, "No Content"},
    {205, "Reset Content"},
    {206, "Partial Content"},
    {300, "Multiple Choices"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {305, "Use Proxy"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {421, "Misdirected Request"},
    {422, "Unprocessable Content"},
    {425, "Too Early"}, /* RFC 8470 5.2 */
    {426, "Upgrade Required"},
    {428, "Precondition Required"}, /* RFC 6585 */
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
    {507, "Insufficient Storage"}, /* RFC 4918 11.5 */
    {511, "Network Authentication Required"},
};

const char *ward_http_reason(int status)
{
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return "";
}

int ward_http_status_for(ward_err err)
{
	switch (err) {
	case WARD_ERR_HTTP_BAD_REQUEST:
		return 400;
	case WARD_ERR_HTTP_PAYLOAD_TOO_LARGE:
		return 413;
	case WARD_ERR_HTTP_URI_TOO_LONG:
		return 414;
	case WARD_ERR_HTTP_EXPECTATION_FAILED:
		return 417;
	case WARD_ERR_HTTP_HEADERS_TOO_LARGE:
		return 431;
	case WARD_ERR_HTTP_NOT_IMPLEMENTED:
		return 501;
	case WARD_ERR_HTTP_VERSION_NOT_SUPPORTED:
		return 505;
	case WARD_ERR_HTTP_INSUFFICIENT_STORAGE:
		return 507;
	default:
		break;
	}
	/* our own failures are 500; anything the peer did wrong is 400 */
	return err >= WARD_ERR_LOCAL_FIRST ? 500 : 400;
}

/* ---- HTTP-date ---- */

static const char *const short_days[7] = {"Sun", "Mon", "Tue", "Wed",
					  "Thu", "Fri", "Sat"};
static const char *const long_days[7] = {"Sunday",    "Monday",	  "Tuesday",
					 "Wednesday", "Thursday", "Friday",
					 "Saturday"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void ward_http_date(time_t t, char out[30])
{
	struct tm tm;
	/* four-digit years only: 0000-01-01 .. 9999-12-31 */
	if (t < (time_t)-62167219200LL)
		t = (time_t)-62167219200LL;
	if (t > (time_t)253402300799LL)
		t = (time_t)253402300799LL;
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	int year = tm.tm_year + 1900;
	/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
	memcpy(out, short_days[tm.tm_wday % 7], 3);
	memcpy(out + 3, ", ", 2);
	put2(out + 5, tm.tm_mday);
	out[7] = ' ';
	memcpy(out + 8, months[tm.tm_mon % 12], 3);
	out[11] = ' ';
	put2(out + 12, year / 100);
	put2(out + 14, year % 100);
	out[16] = ' ';
	put2(out + 17, tm.tm_hour);
	out[19] = ':';
	put2(out + 20, tm.tm_min);
	out[22] = ':';
	put2(out + 23, tm.tm_sec);
	memcpy(out + 25, " GMT", 5);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (m 1..12). */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30,
				  31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : n[m - 1];
}

/* A cursor over the date text; every match is exact. */
typedef struct cur {
	const uint8_t *p;
	size_t n, i;
} cur;

static int lit(cur *c, const char *s)
{
	size_t k = strlen(s);
	if (c->n - c->i < k || memcmp(c->p + c->i, s, k) != 0)
		return 0;
	c->i += k;
	return 1;
}

/* Exactly `width` digits; a leading space stands for a zero (asctime). */
static int num(cur *c, size_t width, int space_ok, int *v)
{
	*v = 0;
	if (c->n - c->i < width)
		return 0;
	for (size_t k = 0; k < width; k++) {
		uint8_t ch = c->p[c->i + k];
		if (k == 0 && space_ok && ch == ' ' && width > 1)
			continue;
		if (ch < '0' || ch > '9')
			return 0;
		*v = *v * 10 + (ch - '0');
	}
	c->i += width;
	return 1;
}

static int month(cur *c, int *m)
{
	for (int k = 0; k < 12; k++)
		if (lit(c, months[k])) {
			*m = k + 1;
			return 1;
		}
	return 0;
}

static int clock_time(cur *c, int *h, int *mi, int *s)
{
	return num(c, 2, 0, h) && lit(c, ":") && num(c, 2, 0, mi) &&
	       lit(c, ":") && num(c, 2, 0, s);
}

static int day_name(cur *c, const char *const *names, size_t count)
{
	for (size_t k = 0; k < count; k++)
		if (lit(c, names[k]))
			return 1;
	return 0;
}

int ward_http_parse_date(ward_slice s, time_t *out)
{
	int y = 0, m = 0, d = 0, h = 0, mi = 0, sec = 0;
	cur c = {s.p, s.len, 0};

	if (day_name(&c, long_days, 7)) {
		/* rfc850-date: "Sunday, 06-Nov-94 08:49:37 GMT" */
		if (!(lit(&c, ", ") && num(&c, 2, 0, &d) && lit(&c, "-") &&
		      month(&c, &m) && lit(&c, "-") && num(&c, 2, 0, &y) &&
		      lit(&c, " ") && clock_time(&c, &h, &mi, &sec) &&
		      lit(&c, " GMT")))
			return 0;
		/* RFC 9110 5.6.7 resolves two-digit years against the
		 * current date; the codec has no clock, so a fixed pivot */
		y += y < 70 ? 2000 : 1900;
	} else if (day_name(&c, short_days, 7)) {
		if (lit(&c, ", ")) {
			/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
			if (!(num(&c, 2, 0, &d) && lit(&c, " ") &&
			      month(&c, &m) && lit(&c, " ") &&
			      num(&c, 4, 0, &y) && lit(&c, " ") &&
			      clock_time(&c, &h, &mi, &sec) && lit(&c, " GMT")))
				return 0;
		} else {
			/* asctime-date: "Sun Nov  6 08:49:37 1994" */
			if (!(lit(&c, " ") && month(&c, &m) && lit(&c, " ") &&
			      num(&c, 2, 1, &d) && lit(&c, " ") &&
			      clock_time(&c, &h, &mi, &sec) && lit(&c, " ") &&
			      num(&c, 4, 0, &y)))
				return 0;
		}
	} else {
		return 0;
	}
	/* second allows 60 for a leap second (RFC 9110 5.6.7) */
	if (c.i != c.n || d < 1 || d > days_in_month(y, m) || h > 23 ||
	    mi > 59 || sec > 60)
		return 0;
	if (sec == 60)
		sec = 59;
	long long t =
	    days_from_civil(y, m, d) * 86400LL + h * 3600 + mi * 60 + sec;
	*out = (time_t)t;
	return 1;
}

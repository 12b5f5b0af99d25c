/* Content-Type by file extension, for static files. */
#include <string.h>
#include <strings.h>

#include "http/http.h"

#define UTF8 "; charset=utf-8"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
    {"html", "text/html" UTF8},
    {"htm", "text/html" UTF8},
    {"css", "text/css" UTF8},
    /* RFC 9239: text/javascript is the one to use */
    {"js", "text/javascript" UTF8},
    {"mjs", "text/javascript" UTF8},
    /* JSON is UTF-8 by definition (RFC 8259); no charset parameter */
    {"json", "application/json"},
    {"map", "application/json"},
    {"txt", "text/plain" UTF8},
    {"csv", "text/csv" UTF8},
    {"md", "text/markdown" UTF8},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/vnd.microsoft.icon"},
    {"wasm", "application/wasm"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"tar", "application/x-tar"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
};

static int ext_ieq(const char *a, const char *lit)
{
	for (; *a && *lit; a++, lit++) {
		char c = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		if (c != *lit)
			return 0;
	}
	return *a == 0 && *lit == 0;
}

const char *ward_http_mime_type(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	/* "name." and dotfiles such as ".htaccess" have no extension */
	if (dot && dot != base && dot[1]) {
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (ext_ieq(dot + 1, types[i].ext))
				return types[i].type;
	}
	return "application/octet-stream";
}

/* The types whose documents can run script (HTML, and XML, whose
 * namespaces bring in XHTML and SVG), scripts themselves, and PDF, which
 * viewers run JavaScript in. */
static const char *const active[] = {
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "image/svg+xml",
    "text/javascript",
    "application/javascript",
    "application/x-javascript",
    "application/ecmascript",
    "text/ecmascript",
    "application/pdf",
};

int ward_http_mime_active(const char *type)
{
	size_t n = strcspn(type, "; \t");
	/* any other "+xml" type is XML too (RFC 7303 4.2) */
	if (n >= 4 && !strncasecmp(type + n - 4, "+xml", 4))
		return 1;
	for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
		if (strlen(active[i]) == n && !strncasecmp(type, active[i], n))
			return 1;
	return 0;
}

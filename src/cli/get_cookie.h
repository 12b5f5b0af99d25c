/* ward get -b/-c: the cookie jar, read from and written to Netscape
 * cookie files as curl does (docs/get.md). */
#ifndef WARD_CLI_GET_COOKIE_H
#define WARD_CLI_GET_COOKIE_H

#include "http/cookie.h"

#define WARD_GET_COOKIE_FILES 8

typedef struct ward_get_cookies {
	int on; /* -b or -c given: cookies are kept and sent */
	ward_cookie_jar jar;
	const char *read[WARD_GET_COOKIE_FILES]; /* -b FILE */
	size_t n_read;
	const char *write; /* -c FILE, "-" for stdout */
	ward_buf literal;  /* -b 'a=1; b=2', joined with "; " */
} ward_get_cookies;

void ward_get_cookies_init(ward_get_cookies *k);
void ward_get_cookies_free(ward_get_cookies *k);
/* -b ARG: with a '=' the cookies themselves, else a file to read. 0, or
 * -1 with a reason. */
int ward_get_cookies_arg(ward_get_cookies *k, const char *arg, char *why,
			 size_t whylen);
/* Read the -b files: a missing one is an empty jar (as in curl, so that
 * -b FILE -c FILE works from the first run); malformed lines are warned
 * about. 0, or -1 with a reason. */
int ward_get_cookies_load(ward_get_cookies *k,
			  void (*warn)(void *ctx, const char *line), char *why,
			  size_t whylen);
/* Write the -c file (a temporary file renamed over it, mode 0600: the
 * cookies are credentials). 0, or -1 with a reason. */
int ward_get_cookies_save(const ward_get_cookies *k, char *why, size_t whylen);

#endif

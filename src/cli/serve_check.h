/* What `ward serve` checks in its flags and files before it serves: host
 * names, the modes of key files, the dates of certificates, the user the
 * workers run as. Errors are one line, "ward serve: WHAT: WHY", on
 * standard error; warnings go to the error log (standard error at start). */
#ifndef WARD_CLI_SERVE_CHECK_H
#define WARD_CLI_SERVE_CHECK_H

#include <time.h>

#include "config/conf.h"
#include "server/config.h"

/* A refusal: "ward serve: " and the message on stderr; returns -1. */
int ward_cli_serve_bad(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Where refusals go. While a key of the configuration file is applied
 * (ward_cli_serve_at), they are that file's errors at the key's place,
 * with the key named once ("--workers: " is left out). Else stderr as
 * above, and while reloading the error log too. */
void ward_cli_serve_at(ward_conf_errs *errs, const char *file,
		       unsigned line, unsigned col, const char *key);
void ward_cli_serve_at_end(void);
void ward_cli_serve_reloading(int on);

/* The host of an --listen/--redirect-http ADDR:PORT, if it is a name: the
 * label that is too long, the character no host name has, or that an
 * internationalized name needs its punycode form. 0 ok, -1 refused. */
int ward_cli_check_listen_host(const char *flag, const char *spec);

/* Warn when the key file is readable by group or others, and when the
 * certificate (the first in the file) has expired, is not valid yet, or
 * expires within 30 days of now. */
void ward_cli_warn_key_mode(const char *key_path);
void ward_cli_warn_cert_dates(const char *cert_path, time_t now);

/* --user NAME: look it up into cfg (user, user_uid, user_gid). Refused: an
 * unknown name, root, or a change this process has not the right to make.
 * 0 ok, -1 refused. */
int ward_cli_resolve_user(ward_server_config *cfg, const char *name);

/* --client-ca FILE and --client-auth require|optional: the flag into
 * cfg, then (with the TLS configuration built) the CAs into cfg->tls.
 * Errors name the flag or the file. 0 ok, -1 refused
 * (serve_client_auth.c). */
int ward_cli_serve_client_auth_flag(ward_server_config *cfg, const char *flag,
				    const char *arg);
int ward_cli_serve_client_auth(ward_server_config *cfg);

#endif

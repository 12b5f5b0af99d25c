/* The files of `ward ca`: where the CA lives, reading its certificate, and
 * writing keys and certificates so that a key is never readable by others,
 * not even for a moment, and a failure leaves the previous files intact.
 * Every function prints its own one-line error and returns -1 on failure. */
#ifndef WARD_CLI_CA_FILES_H
#define WARD_CLI_CA_FILES_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/bytes.h"

struct ward_cli_ca_paths {
	char dir[PATH_MAX];
	char cert[PATH_MAX]; /* DIR/ca.pem */
	char key[PATH_MAX];  /* DIR/ca-key.pem */
};

/* The CA directory: dir if given, else $WARD_CA_DIR, else
 * $XDG_DATA_HOME/ward/ca, else $HOME/.local/share/ward/ca. */
int ward_cli_ca_find_paths(const char *dir, struct ward_cli_ca_paths *out);

/* mkdir -p, the last component with mode 0700 (it holds the CA key). */
int ward_cli_ca_make_dir(const char *dir);

/* A whole (small) file. */
int ward_cli_ca_read_file(const char *path, ward_buf *out);

struct ward_cli_ca_file {
	const char *path;
	ward_slice data;
	mode_t mode;
	char tmp[PATH_MAX]; /* set by ward_cli_ca_write_files */
};

/* Write each file to a temporary beside it (O_CREAT|O_EXCL with the final
 * mode, then fsync), and only when all are written rename them into place,
 * so a failed write never leaves a new key beside an old certificate. */
int ward_cli_ca_write_files(struct ward_cli_ca_file *files, size_t n);

/* After a new CA is written: remove each DIR/serve/NAME.pem (and its
 * NAME-key.pem) that the CA in ca_pem did not sign, so `ward serve` issues
 * a fresh one instead of serving a certificate from the old CA. Says what
 * it removed on standard output. */
int ward_cli_ca_drop_stale_leaves(const char *dir, ward_slice ca_pem);

#endif

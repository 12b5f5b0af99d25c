/* One table of options for the command line and the configuration file:
 * every flag of `ward serve` is a key of the same name at the top of the
 * file, and both are applied by the same function, so a value is checked
 * in one place. */
#ifndef WARD_CONFIG_OPTIONS_H
#define WARD_CONFIG_OPTIONS_H

#include "config/conf.h"

typedef enum ward_opt_arg {
	WARD_OPT_NONE,	   /* a flag alone; in the file, true or false */
	WARD_OPT_REQUIRED, /* --flag VALUE; in the file, key: VALUE */
	WARD_OPT_OPTIONAL, /* --flag[=VALUE]; key: VALUE, true or false */
} ward_opt_arg;

typedef struct ward_opt {
	const char *name;
	ward_opt_arg arg;
	int id;
	int repeatable; /* given many times; in the file, a list */
	int cli_only;	/* --help, --config: not a key */
} ward_opt;

/* Applies one value: value is NULL for a flag without one. Reports its
 * own errors; returns 0 or -1. */
typedef int (*ward_opt_apply_fn)(void *ctx, const ward_opt *o,
				 const char *value, const ward_conf_node *at);
/* Whether to leave the key out (given on the command line, which
 * overrides the file). */
typedef int (*ward_opt_skip_fn)(void *ctx, const ward_opt *o);

/* The top-level keys of doc that name options, in the table's order, each
 * value through apply (a list item by item). Keys neither in the table nor
 * in sections (NULL-terminated, e.g. "sites") are errors; so are values of
 * the wrong kind. Returns the number of errors (those of apply counted
 * as one each). */
size_t ward_conf_apply_options(const ward_conf_doc *doc, const ward_opt *table,
			       const char *const *sections,
			       ward_opt_skip_fn skip, ward_opt_apply_fn apply,
			       void *ctx, ward_conf_errs *errs);

#endif

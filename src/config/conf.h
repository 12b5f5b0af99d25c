/* The configuration file of `ward serve --config` and `ward check-config`:
 * YAML read with libyaml's event API into a small tree in which every node
 * keeps its line and column, so that each error names FILE:LINE:COLUMN and
 * the key ("sites[0].tls.cert") it is about.
 *
 * Bounded against hostile files: the file's size, the nesting depth, the
 * number of nodes and the length of a scalar. Aliases and tags are
 * refused (an alias can make a small file a huge tree); a key given twice
 * in one mapping is an error; so is a key that is not a scalar. */
#ifndef WARD_CONFIG_CONF_H
#define WARD_CONFIG_CONF_H

#include <stddef.h>

#include "base/bytes.h"

#define WARD_CONF_MAX_FILE (1024 * 1024)
#define WARD_CONF_MAX_DEPTH 32
#define WARD_CONF_MAX_NODES 20000
#define WARD_CONF_MAX_SCALAR 4096
#define WARD_CONF_MAX_ERRORS 100

typedef enum ward_conf_kind {
	WARD_CONF_SCALAR,
	WARD_CONF_SEQ,
	WARD_CONF_MAP,
} ward_conf_kind;

typedef struct ward_conf_node ward_conf_node;
struct ward_conf_node {
	ward_conf_kind kind;
	unsigned line, col; /* 1-based, where the node starts */
	char *str;	    /* scalar: NUL-terminated (no NUL inside) */
	size_t len;
	int plain; /* scalar: unquoted (true/false/null are words) */
	/* sequence: the items; mapping: key, value, key, value, ... */
	ward_conf_node **kid;
	size_t n_kid;
};

/* Errors, one line each: "FILE:LINE:COLUMN: message\n", in the order found;
 * at most WARD_CONF_MAX_ERRORS are kept (n counts them all). */
typedef struct ward_conf_errs {
	ward_buf text;
	size_t n;
} ward_conf_errs;

void ward_conf_errs_init(ward_conf_errs *e);
void ward_conf_errs_free(ward_conf_errs *e);
/* Add one: at NULL is the whole file (line 1, column 1); key NULL leaves
 * out the "key '...': " part. */
void ward_conf_err(ward_conf_errs *e, const char *file,
		   const ward_conf_node *at, const char *key, const char *fmt,
		   ...) __attribute__((format(printf, 5, 6)));
void ward_conf_err_at(ward_conf_errs *e, const char *file, unsigned line,
		      unsigned col, const char *key, const char *msg);

typedef struct ward_conf_doc {
	char *file;	      /* the name errors use */
	ward_conf_node *root; /* NULL for an empty file */
	size_t n_nodes;
} ward_conf_doc;

/* Parse YAML from memory (no file is touched). WARD_OK with doc filled,
 * else WARD_ERR_CONFIG with the reason in errs and doc empty. */
WARD_MUST_CHECK ward_err ward_conf_load_mem(const char *file, const void *p,
					    size_t len, ward_conf_doc *doc,
					    ward_conf_errs *errs);
/* Read the file (at most WARD_CONF_MAX_FILE bytes), then as above. */
WARD_MUST_CHECK ward_err ward_conf_load_file(const char *path,
					     ward_conf_doc *doc,
					     ward_conf_errs *errs);
void ward_conf_doc_free(ward_conf_doc *doc);

/* The value of key in a mapping, or NULL. */
const ward_conf_node *ward_conf_get(const ward_conf_node *map, const char *key);
/* Booleans as YAML 1.2 core writes them: plain true/false. 1, 0, or -1
 * for anything else. */
int ward_conf_bool(const ward_conf_node *n);
/* "scalar", "list", "mapping": for "wants a list, not a mapping". */
const char *ward_conf_kind_name(const ward_conf_node *n);

#endif

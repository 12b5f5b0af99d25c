/* libFuzzer: the configuration file (src/config/) from memory: the YAML
 * loader, the option keys through a table of every kind of option, and
 * the sites. No file is opened. Each error is one line naming the file
 * with a line and a column; a tree respects the bounds. */
#include <stdlib.h>
#include <string.h>

#include "config/conf.h"
#include "config/options.h"
#include "config/site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const ward_opt table[] = {
    {"listen", WARD_OPT_REQUIRED, 1, 1, 0},
    {"workers", WARD_OPT_REQUIRED, 2, 0, 0},
    {"autoindex", WARD_OPT_NONE, 3, 0, 0},
    {"hsts", WARD_OPT_OPTIONAL, 4, 0, 0},
    {"help", WARD_OPT_NONE, 5, 0, 1},
    {NULL, 0, 0, 0, 0},
};

static int apply(void *ctx, const ward_opt *o, const char *value,
		 const ward_conf_node *at)
{
	(void)ctx;
	if (!at || (o->arg == WARD_OPT_REQUIRED && !value))
		abort();
	return value && value[0] == 'x' ? -1 : 0;
}

static size_t check(const ward_conf_node *n, size_t depth)
{
	if (depth > WARD_CONF_MAX_DEPTH || n->line == 0 || n->col == 0)
		abort();
	if (n->kind == WARD_CONF_SCALAR &&
	    (n->len > WARD_CONF_MAX_SCALAR || strlen(n->str) != n->len))
		abort();
	if (n->kind == WARD_CONF_MAP && n->n_kid % 2)
		abort();
	size_t count = 1;
	for (size_t i = 0; i < n->n_kid; i++)
		count += check(n->kid[i], depth + 1);
	return count;
}

/* every error is "fuzz.yaml:LINE:COLUMN: ..." on one line */
static void check_errs(const ward_conf_errs *e)
{
	size_t lines = 0;
	if (!e->text.data) {
		if (e->n)
			abort();
		return;
	}
	const char *p = (const char *)e->text.data, *end = p + e->text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || strncmp(p, "fuzz.yaml:", 10))
			abort();
		char *q;
		if (strtoul(p + 10, &q, 10) == 0 || *q != ':' ||
		    strtoul(q + 1, &q, 10) == 0 || *q != ':')
			abort();
		p = nl + 1;
		lines++;
	}
	if (lines > WARD_CONF_MAX_ERRORS ||
	    (e->n <= WARD_CONF_MAX_ERRORS && lines != e->n))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ward_conf_doc doc;
	ward_conf_errs errs;
	ward_conf_errs_init(&errs);
	if (ward_conf_load_mem("fuzz.yaml", data, size, &doc, &errs) ==
	    WARD_OK) {
		if (errs.n || (doc.root && check(doc.root, 0) != doc.n_nodes) ||
		    doc.n_nodes > WARD_CONF_MAX_NODES)
			abort();
		const char *const sections[] = {"sites", "unknown-host", NULL};
		ward_conf_apply_options(&doc, table, sections, NULL, apply,
					NULL, &errs);
		ward_site_table *t;
		size_t bad = ward_conf_sites(&doc, &t, &errs);
		if (!bad && t) {
			static const char url[] = "/a/b";
			const ward_route *r;
			const char *rel;
			for (size_t i = 0; i < t->n; i++) {
				const ward_site *s = &t->sites[i];
				for (size_t j = 0; j < s->n_names; j++)
					if (ward_site_find(
						t, s->names[j],
						strlen(s->names[j])) == NULL &&
					    s->names[j][0] != '*')
						abort();
				r = ward_site_route(s, url, &rel);
				if (r && (rel < url || rel > url + 4))
					abort();
			}
			if (t->default_site >= t->n)
				abort();
		}
		if ((bad && t) ||
		    (!bad && !t && ward_conf_get(doc.root, "sites")))
			abort();
		ward_site_table_free(t);
		ward_conf_doc_free(&doc);
	} else if (errs.n != 1 || doc.root) {
		abort();
	}
	check_errs(&errs);
	ward_conf_errs_free(&errs);
	return 0;
}

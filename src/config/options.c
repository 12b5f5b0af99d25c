/* Applying the option keys of a configuration file (options.h). */
#include <stdio.h>
#include <string.h>

#include "config/options.h"

static const ward_opt *find(const ward_opt *table, const char *name)
{
	for (const ward_opt *o = table; o->name; o++)
		if (!o->cli_only && !strcmp(o->name, name))
			return o;
	return NULL;
}

static int is_section(const char *const *sections, const char *name)
{
	for (size_t i = 0; sections && sections[i]; i++)
		if (!strcmp(sections[i], name))
			return 1;
	return 0;
}

/* YAML's words for "nothing": the key is there without a value */
static int is_null(const ward_conf_node *n)
{
	return n->kind == WARD_CONF_SCALAR && n->plain &&
	       (n->len == 0 || !strcmp(n->str, "~") || !strcmp(n->str, "null"));
}

static size_t apply_one(const ward_conf_doc *doc, const ward_opt *o,
			const ward_conf_node *v, ward_opt_apply_fn apply,
			void *ctx, ward_conf_errs *errs)
{
	const char *f = doc->file;
	if (is_null(v)) {
		ward_conf_err(errs, f, v, o->name, "has no value");
		return 1;
	}
	if (o->arg != WARD_OPT_REQUIRED) {
		int b = ward_conf_bool(v);
		if (b == 0)
			return 0;
		if (b == 1)
			return apply(ctx, o, NULL, v) < 0;
		if (o->arg == WARD_OPT_NONE || v->kind != WARD_CONF_SCALAR) {
			ward_conf_err(errs, f, v, o->name,
				      "wants true or false%s, not %s%s%s",
				      o->arg == WARD_OPT_NONE ? ""
							      : " or a value",
				      v->kind == WARD_CONF_SCALAR ? "'" : "",
				      v->kind == WARD_CONF_SCALAR
					  ? v->str
					  : ward_conf_kind_name(v),
				      v->kind == WARD_CONF_SCALAR ? "'" : "");
			return 1;
		}
		return apply(ctx, o, v->str, v) < 0;
	}
	if (v->kind == WARD_CONF_SCALAR)
		return apply(ctx, o, v->str, v) < 0;
	if (v->kind == WARD_CONF_MAP || !o->repeatable) {
		ward_conf_err(errs, f, v, o->name, "wants %s, not %s",
			      o->repeatable ? "a value or a list of values"
					    : "a single value",
			      ward_conf_kind_name(v));
		return 1;
	}
	size_t bad = 0;
	for (size_t i = 0; i < v->n_kid; i++) {
		const ward_conf_node *item = v->kid[i];
		char key[128];
		snprintf(key, sizeof key, "%s[%zu]", o->name, i);
		if (item->kind != WARD_CONF_SCALAR || is_null(item)) {
			ward_conf_err(
			    errs, f, item, key, "wants a value, not %s",
			    is_null(item) ? "nothing"
					  : ward_conf_kind_name(item));
			bad++;
			continue;
		}
		bad += apply(ctx, o, item->str, item) < 0;
	}
	return bad;
}

size_t ward_conf_apply_options(const ward_conf_doc *doc, const ward_opt *table,
			       const char *const *sections,
			       ward_opt_skip_fn skip, ward_opt_apply_fn apply,
			       void *ctx, ward_conf_errs *errs)
{
	const ward_conf_node *root = doc->root;
	size_t bad = 0;
	if (!root || is_null(root))
		return 0;
	if (root->kind != WARD_CONF_MAP) {
		ward_conf_err(errs, doc->file, root, NULL,
			      "the configuration is a mapping of keys "
			      "(listen: ..., sites: ...), not %s",
			      ward_conf_kind_name(root));
		return 1;
	}
	for (size_t i = 0; i < root->n_kid; i += 2) {
		const ward_conf_node *k = root->kid[i];
		if (!find(table, k->str) && !is_section(sections, k->str)) {
			ward_conf_err(errs, doc->file, k, k->str,
				      "unknown key (docs/config.md lists "
				      "them)");
			bad++;
		}
	}
	for (const ward_opt *o = table; o->name; o++) {
		if (o->cli_only)
			continue;
		const ward_conf_node *v = ward_conf_get(root, o->name);
		if (!v || (skip && skip(ctx, o)))
			continue;
		bad += apply_one(doc, o, v, apply, ctx, errs);
	}
	return bad;
}

/* config/: the YAML loader (marks, bounds, refusals) and the option keys
 * (unknown keys, wrong kinds), each error with its exact FILE:LINE:COLUMN. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "config/conf.h"
#include "config/options.h"

static ward_conf_errs errs;

/* the error text of loading src (must fail), NUL-terminated */
static const char *load_err(const char *src)
{
	ward_conf_doc doc;
	ward_conf_errs_free(&errs);
	ward_conf_errs_init(&errs);
	assert_int_equal(
	    ward_conf_load_mem("t.yaml", src, strlen(src), &doc, &errs),
	    WARD_ERR_CONFIG);
	assert_null(doc.root);
	assert_int_equal(ward_put_u8(&errs.text, 0), WARD_OK);
	return (const char *)errs.text.data;
}

static void load_ok(const char *src, ward_conf_doc *doc)
{
	ward_conf_errs_free(&errs);
	ward_conf_errs_init(&errs);
	assert_int_equal(
	    ward_conf_load_mem("t.yaml", src, strlen(src), doc, &errs),
	    WARD_OK);
	assert_int_equal(errs.n, 0);
}

static void keeps_marks(void **state)
{
	(void)state;
	ward_conf_doc doc;
	load_ok("# ward\nworkers: 2\nlisten:\n  - \"127.0.0.1:1\"\n"
		"  - '[::1]:2'\nsites:\n  - names: [a.test, b]\n",
		&doc);
	const ward_conf_node *r = doc.root;
	assert_int_equal(r->kind, WARD_CONF_MAP);
	assert_int_equal(r->n_kid, 6);
	const ward_conf_node *w = ward_conf_get(r, "workers");
	assert_string_equal(w->str, "2");
	assert_true(w->plain);
	assert_int_equal(w->line, 2);
	assert_int_equal(w->col, 10);
	const ward_conf_node *l = ward_conf_get(r, "listen");
	assert_int_equal(l->kind, WARD_CONF_SEQ);
	assert_int_equal(l->n_kid, 2);
	assert_false(l->kid[0]->plain);
	assert_int_equal(l->kid[1]->line, 5);
	assert_int_equal(l->kid[1]->col, 5);
	assert_string_equal(l->kid[1]->str, "[::1]:2");
	const ward_conf_node *s = ward_conf_get(r, "sites");
	const ward_conf_node *n = ward_conf_get(s->kid[0], "names");
	assert_int_equal(n->kid[1]->line, 7);
	assert_int_equal(n->kid[1]->col, 21);
	assert_null(ward_conf_get(r, "nope"));
	assert_int_equal(doc.n_nodes, 14);
	ward_conf_doc_free(&doc);
	load_ok("", &doc);
	assert_null(doc.root);
	ward_conf_doc_free(&doc);
}

static void bools(void **state)
{
	(void)state;
	ward_conf_doc doc;
	load_ok("[true, false, \"true\", yes, 1]", &doc);
	const ward_conf_node *r = doc.root;
	assert_int_equal(ward_conf_bool(r->kid[0]), 1);
	assert_int_equal(ward_conf_bool(r->kid[1]), 0);
	assert_int_equal(ward_conf_bool(r->kid[2]), -1);
	assert_int_equal(ward_conf_bool(r->kid[3]), -1);
	assert_int_equal(ward_conf_bool(r->kid[4]), -1);
	ward_conf_doc_free(&doc);
}

static void syntax_errors(void **state)
{
	(void)state;
	assert_string_equal(
	    load_err("workers: 2\nlisten: [a, b\n"),
	    "t.yaml:3:1: key 'listen[2]': did not find expected ',' or ']' "
	    "while parsing a flow sequence\n");
	assert_string_equal(load_err("a: 1\n b: 2\n"),
			    "t.yaml:2:3: mapping values are not "
			    "allowed in this context\n");
	assert_string_equal(load_err("a: \"\\x00\"\n"),
			    "t.yaml:1:4: key 'a': a value holds a NUL byte\n");
	assert_string_equal(load_err("a: 1\n---\nb: 2\n"),
			    "t.yaml:2:1: a second document ('---'): the "
			    "configuration is one\n");
}

static void duplicate_keys(void **state)
{
	(void)state;
	/* one line per error, whatever the key holds */
	assert_string_equal(load_err("\"a\\nb\": 1\n\"a\\nb\": 2\n"),
			    "t.yaml:2:1: key 'a\\x0ab': given twice (first "
			    "at line 1)\n");
	assert_string_equal(load_err("workers: 2\nroot: x\nworkers: 3\n"),
			    "t.yaml:3:1: key 'workers': given twice (first "
			    "at line 1)\n");
	assert_string_equal(
	    load_err("sites:\n  - tls: {cert: a, key: b, cert: c}\n"),
	    "t.yaml:2:28: key 'sites[0].tls.cert': given twice (first at "
	    "line 2)\n");
}

static void refusals(void **state)
{
	(void)state;
	assert_string_equal(load_err("a: &x 1\nb: *x\n"),
			    "t.yaml:1:4: key 'a': anchors (&name) are not "
			    "supported\n");
	assert_string_equal(load_err("a: *x\n"),
			    "t.yaml:1:4: key 'a': aliases (*name) are not "
			    "supported\n");
	assert_string_equal(load_err("a: !!str 1\n"),
			    "t.yaml:1:4: key 'a': tags (!name) are not "
			    "supported\n");
	assert_string_equal(load_err("? [a]\n: 1\n"),
			    "t.yaml:1:3: a key must be a plain name, not a "
			    "list or a mapping\n");
}

static void bounds(void **state)
{
	(void)state;
	char *big = malloc(WARD_CONF_MAX_FILE + 2);
	assert_non_null(big);
	/* depth */
	memset(big, '[', 40);
	big[40] = 0;
	assert_string_equal(load_err(big),
			    "t.yaml:1:33: key '[0][0][0][0][0][0][0][0][0][0]"
			    "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
			    "[0][0][0][0][0][0]': nested deeper than 32 "
			    "levels\n");
	/* scalar length */
	memcpy(big, "a: ", 3);
	memset(big + 3, 'x', 5000);
	big[5003] = 0;
	assert_string_equal(load_err(big),
			    "t.yaml:1:4: key 'a': a value longer than 4096 "
			    "characters\n");
	/* nodes */
	size_t o = 0;
	big[o++] = '[';
	for (int i = 0; i < 20001; i++) {
		memcpy(big + o, "1,", 2);
		o += 2;
	}
	big[o++] = ']';
	big[o] = 0;
	assert_string_equal(load_err(big),
			    "t.yaml:1:40000: key '[19999]': more than 20000 "
			    "values in the file\n");
	/* size */
	memset(big, ' ', WARD_CONF_MAX_FILE + 1);
	big[WARD_CONF_MAX_FILE + 1] = 0;
	assert_string_equal(load_err(big),
			    "t.yaml:1:1: the file is larger than 1 MiB\n");
	free(big);
}

/* ---- the option keys ---- */

static const ward_opt table[] = {
    {"listen", WARD_OPT_REQUIRED, 1, 1, 0},
    {"workers", WARD_OPT_REQUIRED, 2, 0, 0},
    {"autoindex", WARD_OPT_NONE, 3, 0, 0},
    {"hsts", WARD_OPT_OPTIONAL, 4, 0, 0},
    {"help", WARD_OPT_NONE, 5, 0, 1},
    {NULL, 0, 0, 0, 0},
};

static char applied[512];

static int record(void *ctx, const ward_opt *o, const char *value,
		  const ward_conf_node *at)
{
	(void)ctx;
	size_t n = strlen(applied);
	snprintf(applied + n, sizeof applied - n, "%s=%s@%u:%u ", o->name,
		 value ? value : "(none)", at->line, at->col);
	return value && !strcmp(value, "bad") ? -1 : 0;
}

static int skip_workers(void *ctx, const ward_opt *o)
{
	(void)ctx;
	return o->id == 2;
}

static size_t apply(const char *src, ward_opt_skip_fn skip)
{
	ward_conf_doc doc;
	const char *const sections[] = {"sites", NULL};
	load_ok(src, &doc);
	applied[0] = 0;
	size_t n = ward_conf_apply_options(&doc, table, sections, skip, record,
					   NULL, &errs);
	ward_conf_doc_free(&doc);
	assert_int_equal(ward_put_u8(&errs.text, 0), WARD_OK);
	return n;
}

static void applies_options(void **state)
{
	(void)state;
	/* in the table's order, whatever the file's */
	assert_int_equal(apply("autoindex: true\nworkers: 2\nhsts: 60\n"
			       "listen: [a, b]\nsites: []\n",
			       NULL),
			 0);
	assert_string_equal(applied, "listen=a@4:10 listen=b@4:13 "
				     "workers=2@2:10 autoindex=(none)@1:12 "
				     "hsts=60@3:7 ");
	assert_int_equal(
	    apply("autoindex: false\nhsts: true\nlisten: x\n", NULL), 0);
	assert_string_equal(applied, "listen=x@3:9 hsts=(none)@2:7 ");
	/* what the command line gives is left out */
	assert_int_equal(apply("workers: 2\n", skip_workers), 0);
	assert_string_equal(applied, "");
	assert_int_equal(apply("# nothing\n", NULL), 0);
}

static void option_errors(void **state)
{
	(void)state;
	assert_int_equal(apply("workers: 2\nworker: 3\nhelp: true\n", NULL), 2);
	assert_string_equal(
	    (const char *)errs.text.data,
	    "t.yaml:2:1: key 'worker': unknown key (docs/config.md lists "
	    "them)\n"
	    "t.yaml:3:1: key 'help': unknown key (docs/config.md lists "
	    "them)\n");
	assert_int_equal(apply("workers: [1, 2]\nautoindex: yes\n"
			       "listen: {a: 1}\nhsts: [1]\n",
			       NULL),
			 4);
	assert_string_equal(
	    (const char *)errs.text.data,
	    "t.yaml:3:9: key 'listen': wants a value or a list of values, "
	    "not a mapping\n"
	    "t.yaml:1:10: key 'workers': wants a single value, not a list\n"
	    "t.yaml:2:12: key 'autoindex': wants true or false, not 'yes'\n"
	    "t.yaml:4:7: key 'hsts': wants true or false or a value, not a "
	    "list\n");
	assert_int_equal(apply("listen: [a, [b], ~, bad]\nworkers:\n", NULL),
			 4);
	assert_string_equal((const char *)errs.text.data,
			    "t.yaml:1:13: key 'listen[1]': wants a value, "
			    "not a list\n"
			    "t.yaml:1:18: key 'listen[2]': wants a value, "
			    "not nothing\n"
			    "t.yaml:2:9: key 'workers': has no value\n");
	assert_string_equal(applied, "listen=a@1:10 listen=bad@1:21 ");
	assert_int_equal(apply("[1]\n", NULL), 1);
	assert_string_equal((const char *)errs.text.data,
			    "t.yaml:1:1: the configuration is a mapping of "
			    "keys (listen: ..., sites: ...), not a list\n");
}

static void file_errors(void **state)
{
	(void)state;
	ward_conf_doc doc;
	ward_conf_errs_free(&errs);
	ward_conf_errs_init(&errs);
	assert_int_equal(
	    ward_conf_load_file("/nonexistent/w.yaml", &doc, &errs),
	    WARD_ERR_CONFIG);
	assert_int_equal(ward_put_u8(&errs.text, 0), WARD_OK);
	assert_string_equal((const char *)errs.text.data,
			    "/nonexistent/w.yaml:1:1: cannot read it: No such "
			    "file or directory\n");
	ward_conf_errs_free(&errs);
	ward_conf_errs_init(&errs);
	assert_int_equal(ward_conf_load_file("/", &doc, &errs),
			 WARD_ERR_CONFIG);
	assert_int_equal(ward_put_u8(&errs.text, 0), WARD_OK);
	assert_string_equal((const char *)errs.text.data,
			    "/:1:1: cannot read it: not a regular file\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keeps_marks),     cmocka_unit_test(bools),
	    cmocka_unit_test(syntax_errors),   cmocka_unit_test(duplicate_keys),
	    cmocka_unit_test(refusals),	       cmocka_unit_test(bounds),
	    cmocka_unit_test(applies_options), cmocka_unit_test(option_errors),
	    cmocka_unit_test(file_errors),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	ward_conf_errs_free(&errs);
	return r;
}

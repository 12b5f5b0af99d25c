/* config/site: the sites of the configuration file (errors with their
 * FILE:LINE:COLUMN and key), name matching, and the request routing by
 * SNI and Host (421), by the longest path prefix. */
#include "server_test.h"

#include "config/site.h"

static ward_conf_errs errs;

static size_t sites(const char *src, ward_site_table **t)
{
	ward_conf_doc doc;
	ward_conf_errs_free(&errs);
	ward_conf_errs_init(&errs);
	assert_ok(ward_conf_load_mem("s.yaml", src, strlen(src), &doc, &errs));
	size_t n = ward_conf_sites(&doc, t, &errs);
	ward_conf_doc_free(&doc);
	assert_ok(ward_put_u8(&errs.text, 0));
	return n;
}

static const char *site_err(const char *src)
{
	ward_site_table *t;
	assert_true(sites(src, &t) > 0);
	assert_null(t);
	return (const char *)errs.text.data;
}

static void reads_sites(void **state)
{
	(void)state;
	ward_site_table *t;
	assert_int_equal(sites("sites:\n"
			       "  - names: [A.test, \"*.a.test\"]\n"
			       "    tls: {cert: a.pem, key: a-key.pem}\n"
			       "    routes:\n"
			       "      - {path: /, static: {root: /srv/a}}\n"
			       "      - {path: /files, store: {root: d, auth: "
			       "u}}\n"
			       "  - names: b.test\n"
			       "    default: true\n",
			       &t),
			 0);
	assert_non_null(t);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->default_site, 1);
	const ward_site *a = &t->sites[0];
	assert_string_equal(a->names[0], "a.test");
	assert_string_equal(a->cert, "a.pem");
	assert_int_equal(a->cert_line, 3);
	assert_int_equal(a->cert_col, 17);
	assert_int_equal(a->n_routes, 2);
	/* longest prefix first */
	assert_string_equal(a->routes[0].map.prefix, "/files/");
	assert_true(a->routes[0].store);
	assert_string_equal(a->routes[0].auth_file, "u");
	assert_string_equal(a->routes[1].map.dir, "/srv/a");
	assert_int_equal(a->routes[1].root_line, 5);
	assert_int_equal(a->routes[1].root_col, 34);
	const char *rel;
	assert_ptr_equal(ward_site_route(a, "/files/x", &rel), &a->routes[0]);
	assert_string_equal(rel, "x");
	assert_ptr_equal(ward_site_route(a, "/files", &rel), &a->routes[0]);
	assert_string_equal(rel, "");
	assert_ptr_equal(ward_site_route(a, "/filesx", &rel), &a->routes[1]);
	assert_string_equal(rel, "filesx");
	assert_null(ward_site_route(&t->sites[1], "/", &rel));
	ward_site_table_free(t);
	assert_int_equal(sites("workers: 1\n", &t), 0);
	assert_null(t);
}

static void names_match(void **state)
{
	(void)state;
	static const struct {
		const char *name, *host;
		int match;
	} cases[] = {
	    {"a.test", "a.test", 1},	  {"a.test", "A.Test", 1},
	    {"a.test", "a.test:8443", 1}, {"a.test", "a.test.", 1},
	    {"a.test", "b.a.test", 0},	  {"a.test", "a.tes", 0},
	    {"*.a.test", "x.a.test", 1},  {"*.a.test", "X.A.TEST:1", 1},
	    {"*.a.test", "a.test", 0},	  {"*.a.test", "y.x.a.test", 0},
	    {"*.a.test", ".a.test", 0},	  {"*.a.test", "xa.test", 0},
	    {"a.test", "[::1]:8443", 0},  {"*.a.test", "x.a.testx", 0},
	    {"*.a.test", "x.a.tes", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (ward_site_name_matches(cases[i].name, cases[i].host,
					   strlen(cases[i].host)) !=
		    cases[i].match)
			fail_msg("%s vs %s", cases[i].name, cases[i].host);
	ward_site_table *t;
	assert_int_equal(sites("sites:\n  - names: [\"*.a.test\"]\n"
			       "  - names: [b.a.test]\n",
			       &t),
			 0);
	/* an exact name before a wildcard, whatever the order */
	assert_ptr_equal(ward_site_find(t, "b.a.test", 8), &t->sites[1]);
	assert_ptr_equal(ward_site_find(t, "c.a.test", 8), &t->sites[0]);
	assert_null(ward_site_find(t, "a.test", 6));
	ward_site_table_free(t);
}

static void site_errors(void **state)
{
	(void)state;
	assert_string_equal(
	    site_err("sites:\n  - names: [a.test]\n    routes:\n"
		     "      - {path: /, static: {root: /}, early-data: often}\n"),
	    "s.yaml:4:50: key 'sites[0].routes[0].early-data': wants true "
	    "or false\n");
	assert_string_equal(
	    site_err("sites:\n  - names: [a.test]\n    nmaes: [b]\n"),
	    "s.yaml:3:5: key 'sites[0].nmaes': unknown key (docs/config.md "
	    "lists them)\n");
	assert_string_equal(
	    site_err("sites:\n  - names: [a.test]\n"
		     "    connect: {allow: [\"x\"]}\n"
		     "    routes:\n      - path: /\n        proxy: {}\n"),
	    "s.yaml:3:23: key 'sites[0].connect.allow[0]': wants HOST:PORT\n"
	    "s.yaml:6:9: key 'sites[0].routes[0].proxy': not supported yet "
	    "(see docs/config.md)\n");
	assert_string_equal(
	    site_err("sites:\n  - names: [a.test]\n    tls: {cert: a.pem}\n"),
	    "s.yaml:3:10: key 'sites[0].tls': has a cert but no key\n");
	assert_string_equal(
	    site_err("sites:\n  - names: [\"a_b.test\", \"x.*.test\", 7]\n"),
	    "s.yaml:2:13: key 'sites[0].names[0]': not a host name "
	    "(letters, digits, '-' and dots; a wildcard is a first label "
	    "'*')\n"
	    "s.yaml:2:25: key 'sites[0].names[1]': not a host name "
	    "(letters, digits, '-' and dots; a wildcard is a first label "
	    "'*')\n");
	assert_string_equal(
	    site_err("sites:\n  - names: [a.test]\n    routes:\n"
		     "      - path: files\n        static: {root: x}\n"
		     "      - path: /\n"
		     "      - path: /s/\n        store: {root: d}\n"
		     "      - path: /t/\n        static: {root: d}\n"
		     "        store: {root: d}\n"
		     "      - path: /\n        static: {root: [x]}\n"),
	    "s.yaml:4:15: key 'sites[0].routes[0].path': must start with "
	    "'/'\n"
	    "s.yaml:6:9: key 'sites[0].routes[1]': has no handler (static "
	    "or store)\n"
	    "s.yaml:8:16: key 'sites[0].routes[2].store': writes need auth: "
	    "FILE (or public: true to let anyone write)\n"
	    "s.yaml:9:9: key 'sites[0].routes[3]': has both static and "
	    "store: one handler per route\n"
	    "s.yaml:13:24: key 'sites[0].routes[4].static.root': wants a "
	    "value, not a list\n");
	assert_string_equal(
	    site_err("sites:\n  - names: [a.test, b.test]\n    default: true\n"
		     "  - names: [B.test]\n    default: true\n"),
	    "s.yaml:5:14: key 'sites[1].default': a second site marked "
	    "default\n");
	assert_string_equal(
	    site_err("sites:\n  - names: [a.test, b.test]\n"
		     "  - names: [B.test]\n"),
	    "s.yaml:3:12: key 'sites[1].names': 'b.test' is also a name of "
	    "sites[0]\n");
	assert_string_equal(site_err("sites: {a: 1}\n"),
			    "s.yaml:1:8: key 'sites': wants a list, not a "
			    "mapping\n");
	assert_string_equal(site_err("sites:\n  - tls: {}\n"),
			    "s.yaml:2:5: key 'sites[0]': has no names\n"
			    "s.yaml:2:10: key 'sites[0].tls': has no cert\n");
}

/* ---- routing by SNI and Host ---- */

static int setup(void **state)
{
	fixture *f = fixture_new("site");
	make_dir(f->dir, "a");
	make_dir(f->dir, "b");
	write_file(f->dir, "a/index.html", "A", 1);
	write_file(f->dir, "b/index.html", "B", 1);
	write_file(f->dir, "b/api.txt", "api", 3);
	char src[512];
	snprintf(src, sizeof src,
		 "sites:\n"
		 "  - names: [a.test, \"*.a.test\"]\n"
		 "    routes: [{path: /, static: {root: %s/a}}]\n"
		 "  - names: [b.test]\n"
		 "    default: true\n"
		 "    routes: [{path: /x/, static: {root: %s/b}}]\n",
		 f->dir, f->dir);
	ward_site_table *t;
	assert_int_equal(sites(src, &t), 0);
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < t->sites[i].n_routes; j++)
			t->sites[i].routes[j].map.dirfd =
			    open_dir_path(t->sites[i].routes[j].map.dir);
	f->cfg.sites = t;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	ward_site_table_free(f->cfg.sites);
	return fixture_teardown(state);
}

static int get(fixture *f, const char *sni, const char *host, const char *path)
{
	static ward_tls_info ti;
	char req[256];
	memset(&ti, 0, sizeof ti);
	ti.server_name = sni;
	f->ctx.tls = &ti;
	snprintf(req, sizeof req, "GET %s HTTP/1.1\nHost: %s\n", path, host);
	return handle(f, req);
}

static void body_is(fixture *f, const char *want)
{
	size_t len;
	char *b = resp_body(&f->resp, &len);
	assert_string_equal(b, want);
	free(b);
}

static void routes_by_sni_and_host(void **state)
{
	fixture *f = *state;
	assert_int_equal(get(f, "a.test", "a.test", "/"), 200);
	body_is(f, "A");
	assert_int_equal(get(f, "www.a.test", "www.a.test:8443", "/"), 200);
	body_is(f, "A");
	assert_int_equal(get(f, "b.test", "b.test", "/x/api.txt"), 200);
	body_is(f, "api");
	/* b has no route at / */
	assert_int_equal(get(f, "b.test", "b.test", "/"), 404);
	/* a Host the SNI's site does not own */
	assert_int_equal(get(f, "a.test", "b.test", "/x/api.txt"), 421);
	assert_int_equal(get(f, "b.test", "a.test", "/"), 421);
	/* an unknown Host is the default site's (b): not a's */
	assert_int_equal(get(f, "a.test", "c.test", "/"), 421);
	assert_int_equal(get(f, "b.test", "c.test", "/x/api.txt"), 200);
	/* without SNI, by Host; an unknown SNI is the default site's */
	assert_int_equal(get(f, NULL, "a.test", "/"), 200);
	body_is(f, "A");
	assert_int_equal(get(f, NULL, "127.0.0.1:8443", "/x/api.txt"), 200);
	assert_int_equal(get(f, "c.test", "d.test", "/x/api.txt"), 200);
	assert_int_equal(get(f, "c.test", "a.test", "/"), 421);
	/* unknown-host: 404 */
	f->cfg.sites->unknown_404 = 1;
	assert_int_equal(get(f, "b.test", "c.test", "/x/api.txt"), 404);
	assert_int_equal(get(f, NULL, "127.0.0.1", "/x/api.txt"), 404);
	assert_int_equal(get(f, "b.test", "b.test", "/x/api.txt"), 200);
	assert_int_equal(get(f, "a.test", "b.test", "/x/api.txt"), 421);
}

static void unknown_host(void **state)
{
	(void)state;
	ward_site_table *t;
	assert_int_equal(sites("unknown-host: 404\nsites: [{names: a}]\n", &t),
			 0);
	assert_true(t->unknown_404);
	ward_site_table_free(t);
	assert_int_equal(
	    sites("unknown-host: default\nsites: [{names: a}]\n", &t), 0);
	assert_false(t->unknown_404);
	ward_site_table_free(t);
	assert_string_equal(
	    site_err("unknown-host: 403\nsites: [{names: a}]\n"),
	    "s.yaml:1:15: key 'unknown-host': wants default or 404\n");
	assert_string_equal(site_err("unknown-host: 404\n"),
			    "s.yaml:1:15: key 'unknown-host': is for sites: "
			    "there are none\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reads_sites),
	    cmocka_unit_test(names_match),
	    cmocka_unit_test(site_errors),
	    cmocka_unit_test(unknown_host),
	    cmocka_unit_test_setup_teardown(routes_by_sni_and_host, setup,
					    teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	ward_conf_errs_free(&errs);
	return r;
}

/* config/connect: the `connect:` mapping of a site (its errors with
 * FILE:LINE:COLUMN and key), CONNECT targets and patterns parsed strictly,
 * and the allow list's matching. */
#include "server_test.h"

#include <arpa/inet.h>

#include "config/connect.h"
#include "config/site.h"

static ward_conf_errs errs;

static size_t load(const char *src, ward_site_table **t)
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

static const char *conf_err(const char *connect)
{
	char src[512];
	ward_site_table *t;
	snprintf(src, sizeof src, "sites:\n  - names: [a.test]\n    connect: %s\n",
		 connect);
	assert_true(load(src, &t) > 0);
	assert_null(t);
	return (const char *)errs.text.data;
}

static int target(const char *s, ward_connect_target *t)
{
	const char *why = NULL;
	int r = ward_connect_parse(s, strlen(s), 0, t, &why);
	assert_true(r == 0 || why != NULL);
	return r;
}

static void reads_allow_list(void **state)
{
	(void)state;
	ward_site_table *t;
	assert_int_equal(
	    load("sites:\n  - names: [a.test]\n    connect:\n      allow: "
		 "[\"127.0.0.1:9000\", \"*.Internal:443\", \"[::1]:*\", "
		 "\"db.test:5432\"]\n  - names: [b.test]\n",
		 &t),
	    0);
	const ward_connect_policy *p = t->sites[0].connect;
	assert_non_null(p);
	assert_null(t->sites[1].connect); /* off when absent */
	assert_int_equal(p->n, 4);
	assert_int_equal(p->allow[0].family, AF_INET);
	assert_int_equal(p->allow[0].port, 9000);
	assert_string_equal(p->allow[1].host, "*.internal");
	assert_int_equal(p->allow[2].family, AF_INET6);
	assert_int_equal(p->allow[2].port, 0);
	ward_site_table_free(t);
}

static void connect_errors(void **state)
{
	(void)state;
	assert_string_equal(conf_err("[\"a:1\"]"),
			    "s.yaml:3:14: key 'sites[0].connect': wants a "
			    "mapping {allow: [...]}, not a list\n");
	assert_string_equal(conf_err("{alow: [\"a:1\"]}"),
			    "s.yaml:3:15: key 'sites[0].connect.alow': unknown "
			    "key (docs/config.md lists them)\n"
			    "s.yaml:3:14: key 'sites[0].connect': has no allow "
			    "list (leave connect out to refuse every "
			    "CONNECT)\n");
	assert_string_equal(conf_err("{allow: []}"),
			    "s.yaml:3:22: key 'sites[0].connect.allow': wants "
			    "a list of HOST:PORT, not an empty one\n");
	assert_string_equal(
	    conf_err("{allow: [\"a.test\", \"a.test:0\", \"*:443\", "
		     "\"[::1:443\", \"[x]:1\", \"a_b:1\", \"1.2.3.256:1\", "
		     "\"a.test:*\"]}"),
	    "s.yaml:3:23: key 'sites[0].connect.allow[0]': wants HOST:PORT\n"
	    "s.yaml:3:33: key 'sites[0].connect.allow[1]': the port is "
	    "1-65535 or '*'\n"
	    "s.yaml:3:45: key 'sites[0].connect.allow[2]': not a host name, "
	    "*.suffix or address\n"
	    "s.yaml:3:54: key 'sites[0].connect.allow[3]': an IPv6 address "
	    "is [ADDR]:PORT\n"
	    "s.yaml:3:66: key 'sites[0].connect.allow[4]': not an IPv6 "
	    "address in the brackets\n"
	    "s.yaml:3:75: key 'sites[0].connect.allow[5]': not a host name, "
	    "*.suffix or address\n"
	    "s.yaml:3:84: key 'sites[0].connect.allow[6]': not a host name "
	    "or IPv4 address\n");
}

static void targets_are_strict(void **state)
{
	(void)state;
	ward_connect_target t;
	assert_int_equal(target("Example.TEST:443", &t), 0);
	assert_string_equal(t.host, "example.test");
	assert_int_equal(t.port, 443);
	assert_int_equal(target("[::1]:8443", &t), 0);
	assert_int_equal(t.family, AF_INET6);
	assert_string_equal(t.host, "::1");
	assert_int_equal(target("10.0.0.1:1", &t), 0);
	assert_int_equal(t.family, AF_INET);
	/* no port, port 0, a pattern's '*', names that are no names */
	assert_int_equal(target("a.test", &t), -1);
	assert_int_equal(target("a.test:", &t), -1);
	assert_int_equal(target("a.test:0", &t), -1);
	assert_int_equal(target("a.test:65536", &t), -1);
	assert_int_equal(target("a.test:*", &t), -1);
	assert_int_equal(target("*.a.test:1", &t), -1);
	assert_int_equal(target("a%2e.test:1", &t), -1);
	assert_int_equal(target("a..test:1", &t), -1);
	assert_int_equal(target("[::1]", &t), -1);
	assert_int_equal(target("[zz]:1", &t), -1);
	assert_int_equal(target(":443", &t), -1);
	assert_int_equal(target("1.2.3:443", &t), -1);
}

static int allowed(const ward_connect_policy *p, const char *s)
{
	ward_connect_target t;
	assert_int_equal(target(s, &t), 0);
	return ward_connect_allowed(p, &t);
}

static void matching(void **state)
{
	(void)state;
	ward_site_table *t;
	assert_int_equal(
	    load("sites:\n  - names: [a.test]\n    connect: {allow: "
		 "[\"127.0.0.1:9000\", \"*.internal:443\", \"[::1]:*\", "
		 "\"db.test:5432\"]}\n",
		 &t),
	    0);
	const ward_connect_policy *p = t->sites[0].connect;
	assert_true(allowed(p, "127.0.0.1:9000"));
	assert_false(allowed(p, "127.0.0.1:9001"));
	assert_false(allowed(p, "127.0.0.2:9000"));
	/* one label or more before the suffix, never the suffix itself */
	assert_true(allowed(p, "a.internal:443"));
	assert_true(allowed(p, "A.B.Internal:443"));
	assert_false(allowed(p, "internal:443"));
	assert_false(allowed(p, "xinternal:443"));
	assert_false(allowed(p, "a.internal:444"));
	/* addresses as addresses, any port */
	assert_true(allowed(p, "[0:0::1]:1"));
	assert_true(allowed(p, "[::1]:65535"));
	assert_false(allowed(p, "[::2]:1"));
	assert_true(allowed(p, "DB.test:5432"));
	assert_false(allowed(p, "db.test.evil:5432"));
	assert_false(allowed(p, "localhost:9000"));
	ward_site_table_free(t);
	assert_false(allowed(NULL, "a.internal:443"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reads_allow_list),
	    cmocka_unit_test(connect_errors),
	    cmocka_unit_test(targets_are_strict),
	    cmocka_unit_test(matching),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	ward_conf_errs_free(&errs);
	return r;
}

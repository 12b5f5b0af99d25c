#include "tls12_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "tls/record.h"

static void unhex_exact(const char *hex, uint8_t *out, size_t len)
{
	if (test_unhex(hex, out, len) != len)
		fail_msg("expected %zu bytes of hex", len);
}

void tls12_session_load_from(const char *data, const char *name,
			     tls12_session *s)
{
	char path[512], line[2 * TLS12_SESSION_MAX_RECORD + 64];
	snprintf(path, sizeof path, "%s/tls12/%s.txt", data, name);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	memset(s, 0, sizeof *s);
	int have = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		char *sp = strchr(line, ' ');
		if (sp == NULL)
			fail_msg("%s: line without a value", path);
		*sp = '\0';
		char *val = sp + 1;
		val[strcspn(val, "\n")] = '\0';
		if (strcmp(line, "suite") == 0) {
			snprintf(s->suite, sizeof s->suite, "%s", val);
		} else if (strcmp(line, "client_random") == 0) {
			unhex_exact(val, s->client_random, 32);
			have |= 1;
		} else if (strcmp(line, "server_random") == 0) {
			unhex_exact(val, s->server_random, 32);
			have |= 2;
		} else if (strcmp(line, "master_secret") == 0) {
			unhex_exact(val, s->master, 48);
			have |= 4;
		} else if ((line[0] == 'c' || line[0] == 's') &&
			   line[1] == '\0') {
			if (s->nrec == TLS12_SESSION_MAX_RECORDS)
				fail_msg("%s: too many records", path);
			tls12_record *r = &s->rec[s->nrec++];
			r->from = line[0];
			r->len = test_unhex(val, r->bytes, sizeof r->bytes);
		} else {
			fail_msg("%s: unknown key %s", path, line);
		}
	}
	fclose(f);
	if (have != 7 || s->nrec == 0)
		fail_msg("%s: incomplete session", path);
}

size_t tls12_session_find(const tls12_session *s, char from, uint8_t type,
			  size_t n)
{
	size_t want = n;
	for (size_t i = 0; i < s->nrec; i++) {
		const tls12_record *r = &s->rec[i];
		if (r->from == from && r->len > 0 && r->bytes[0] == type &&
		    n-- == 0)
			return i;
	}
	fail_msg("no record %zu of type %u from %c", want, type, from);
	return 0;
}

void tls12_session_open_after_ccs(const tls12_session *s, ward_tls_prot *rd,
				  char from, const char *app)
{
	size_t i =
	    tls12_session_find(s, from, WARD_TLS_CT_CHANGE_CIPHER_SPEC, 0);
	size_t opened = 0;
	int saw_app = 0;
	for (i++; i < s->nrec; i++) {
		if (s->rec[i].from != from)
			continue;
		uint8_t copy[TLS12_SESSION_MAX_RECORD];
		memcpy(copy, s->rec[i].bytes, s->rec[i].len);
		ward_tls_record rec;
		assert_ok(ward_tls_record_parse(copy, s->rec[i].len, rd, &rec));
		assert_ok(ward_tls_record_open(rd, &rec));
		assert_int_equal(rd->seq, opened + 1);
		if (opened == 0) {
			assert_int_equal(rec.type, WARD_TLS_CT_HANDSHAKE);
			assert_int_equal(rec.body_len, 16);
			assert_int_equal(rec.body[0], 20); /* Finished */
		} else if (rec.type == WARD_TLS_CT_APPLICATION_DATA) {
			assert_int_equal(rec.body_len, strlen(app));
			assert_memory_equal(rec.body, app, rec.body_len);
			saw_app = 1;
		} else {
			/* close_notify, warning */
			assert_int_equal(rec.type, WARD_TLS_CT_ALERT);
			assert_int_equal(rec.body_len, 2);
			assert_int_equal(rec.body[0], 1);
			assert_int_equal(rec.body[1], 0);
		}
		opened++;
	}
	assert_true(saw_app);
	ward_tls_prot_free(rd);
}

/* The trace decoder (tls/trace.h): each message through the engine's own
 * parser, its key fields copied out as text. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tls/handshake.h"
#include "tls/trace.h"

/* ---- the fields ---- */

/* One value being built, in fixed space; entries that do not fit are
 * dropped and the value ends with "...". */
typedef struct value {
	char s[2048];
	size_t len;
	int n;	  /* list entries */
	int full; /* something was dropped */
} value;

static void v_init(value *v)
{
	v->len = 0;
	v->n = 0;
	v->full = 0;
	v->s[0] = 0;
}

/* Append bytes, printable ASCII only (peer bytes end up on terminals);
 * in a list, ',' is the separator and is replaced too. */
static void v_bytes(value *v, const uint8_t *p, size_t n, int in_list)
{
	if (v->full)
		return;
	if (v->len + n + 4 >= sizeof v->s) {
		memcpy(v->s + v->len, "...", 4);
		v->len += 3;
		v->full = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = p[i];
		int ok = ch >= 0x20 && ch < 0x7f && !(in_list && ch == ',');
		v->s[v->len++] = ok ? (char)ch : '?';
	}
	v->s[v->len] = 0;
}

static void v_item(value *v, const char *s)
{
	if (v->n++ > 0)
		v_bytes(v, (const uint8_t *)",", 1, 0);
	v_bytes(v, (const uint8_t *)s, strlen(s), 1);
}

static void v_item_bytes(value *v, ward_slice b)
{
	if (v->n++ > 0)
		v_bytes(v, (const uint8_t *)",", 1, 0);
	v_bytes(v, b.p, b.len, 1);
}

/* Copy a value into the decoded text as field `key`. */
static void add_field(ward_tls_trace_decoded *d, const char *key, int item,
		      int list, int number, const char *s, size_t len)
{
	if (d->n_fields == WARD_TLS_TRACE_MAX_FIELDS ||
	    d->used + len + 1 > sizeof d->text) {
		d->truncated = 1;
		return;
	}
	char *dst = d->text + d->used;
	memcpy(dst, s, len);
	dst[len] = 0;
	d->used += len + 1;
	ward_tls_trace_field *f = &d->f[d->n_fields++];
	f->key = key;
	f->value = dst;
	f->item = item;
	f->list = list;
	f->number = number;
}

static void add_value(ward_tls_trace_decoded *d, const char *key, int item,
		      int list, const value *v)
{
	add_field(d, key, item, list, 0, v->s, v->len);
}

static void add_str(ward_tls_trace_decoded *d, const char *key, const char *s)
{
	value v;
	v_init(&v);
	v_bytes(&v, (const uint8_t *)s, strlen(s), 0);
	add_value(d, key, -1, 0, &v);
}

static void add_num(ward_tls_trace_decoded *d, const char *key,
		    unsigned long long n)
{
	char s[32];
	int len = snprintf(s, sizeof s, "%llu", n);
	add_field(d, key, -1, 0, 1, s, (size_t)len);
}

/* ---- names ---- */

/* A registry's name n for v; without one "grease" (RFC 8701: 0x?A?A
 * with both bytes equal) or the number. */
static const char *or_number(const char *n, uint16_t v, char *buf,
			     size_t len)
{
	if (n)
		return n;
	if ((v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff))
		return "grease";
	snprintf(buf, len, "0x%04x", v);
	return buf;
}

static const char *version_name(uint16_t v, char *buf, size_t len)
{
	static const struct {
		uint16_t v;
		const char *name;
	} versions[] = {
	    {WARD_TLS_VERSION_13, "TLS1.3"}, {WARD_TLS_VERSION_12, "TLS1.2"},
	    {WARD_TLS_VERSION_11, "TLS1.1"}, {WARD_TLS_VERSION_10, "TLS1.0"},
	    {WARD_TLS_VERSION_SSL3, "SSL3.0"},
	};
	const char *n = NULL;
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
		if (versions[i].v == v)
			n = versions[i].name;
	return or_number(n, v, buf, len);
}

static const char *suite_name(uint16_t v, char *buf, size_t len)
{
	const char *n = ward_tls_suite_name(v);
	if (n == NULL && v == 0x00ff)
		n = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
	if (n == NULL && v == 0x5600)
		n = "TLS_FALLBACK_SCSV";
	return or_number(n, v, buf, len);
}

static const char *group_name(uint16_t v, char *buf, size_t len)
{
	return or_number(ward_group_name(v), v, buf, len);
}

static const char *scheme_name(uint16_t v, char *buf, size_t len)
{
	return or_number(ward_sigscheme_name(v), v, buf, len);
}

typedef const char *(*namer)(uint16_t v, char *buf, size_t len);

/* A u16 list (already length-checked by the parser) as names. */
static void add_u16_list(ward_tls_trace_decoded *d, const char *key,
			 ward_slice list, namer name)
{
	value v;
	char buf[16];
	v_init(&v);
	for (size_t i = 0; i + 1 < list.len; i += 2)
		v_item(&v, name(ward_load_u16(list.p + i), buf, sizeof buf));
	add_value(d, key, -1, 1, &v);
}

/* The names of the extensions present, in our table's order. */
static void add_exts(ward_tls_trace_decoded *d, const ward_tls_exts *e)
{
	value v;
	v_init(&v);
	for (int i = 0; i < WARD_EXT__COUNT; i++)
		if (ward_exts_has(e, (ward_ext_id)i)) {
			const char *n =
			    ward_ext_name(ward_ext_code((ward_ext_id)i));
			v_item(&v, n ? n : "?");
		}
	add_value(d, "exts", -1, 1, &v);
}

const char *ward_tls_trace_hs_name(uint8_t type)
{
	switch (type) {
	case WARD_HS_HELLO_REQUEST:
		return "HelloRequest";
	case WARD_HS_CLIENT_HELLO:
		return "ClientHello";
	case WARD_HS_SERVER_HELLO:
		return "ServerHello";
	case WARD_HS_NEW_SESSION_TICKET:
		return "NewSessionTicket";
	case WARD_HS_END_OF_EARLY_DATA:
		return "EndOfEarlyData";
	case WARD_HS_ENCRYPTED_EXTENSIONS:
		return "EncryptedExtensions";
	case WARD_HS_CERTIFICATE:
		return "Certificate";
	case WARD_HS_SERVER_KEY_EXCHANGE:
		return "ServerKeyExchange";
	case WARD_HS_CERTIFICATE_REQUEST:
		return "CertificateRequest";
	case WARD_HS_SERVER_HELLO_DONE:
		return "ServerHelloDone";
	case WARD_HS_CERTIFICATE_VERIFY:
		return "CertificateVerify";
	case WARD_HS_CLIENT_KEY_EXCHANGE:
		return "ClientKeyExchange";
	case WARD_HS_FINISHED:
		return "Finished";
	case WARD_HS_KEY_UPDATE:
		return "KeyUpdate";
	default:
		return NULL;
	}
}

const char *ward_tls_trace_epoch_name(ward_tls_epoch e)
{
	switch (e) {
	case WARD_TLS_EPOCH_PLAINTEXT:
		return "plaintext";
	case WARD_TLS_EPOCH_EARLY:
		return "early";
	case WARD_TLS_EPOCH_HANDSHAKE:
		return "handshake";
	case WARD_TLS_EPOCH_APPLICATION:
		return "application";
	}
	return "unknown";
}

const char *ward_tls_trace_get(const ward_tls_trace_decoded *d, const char *key,
			       int item)
{
	for (size_t i = 0; i < d->n_fields; i++)
		if (d->f[i].item == item && !strcmp(d->f[i].key, key))
			return d->f[i].value;
	return NULL;
}

/* ---- messages ---- */

static ward_err client_hello(ward_tls_trace_decoded *d, ward_slice body)
{
	ward_tls_client_hello ch;
	WARD_TRY(ward_client_hello_parse(body, &ch));
	value v;
	char buf[16];
	if (ch.supported_versions.len)
		add_u16_list(d, "versions", ch.supported_versions,
			     version_name);
	else
		add_str(d, "versions",
			version_name(ch.legacy_version, buf, sizeof buf));
	add_u16_list(d, "suites", ch.cipher_suites, suite_name);
	add_u16_list(d, "groups", ch.supported_groups, group_name);
	/* the groups of the key shares, as far as they read */
	v_init(&v);
	ward_reader r = ward_reader_make(ch.key_shares.p, ch.key_shares.len);
	while (ward_reader_left(&r) > 0) {
		uint16_t g;
		ward_slice key;
		WARD_TRY(ward_key_share_next(&r, &g, &key));
		v_item(&v, group_name(g, buf, sizeof buf));
	}
	add_value(d, "share", -1, 1, &v);
	add_u16_list(d, "sigalgs", ch.signature_algorithms, scheme_name);
	v_init(&v);
	r = ward_reader_make(ch.alpn.p, ch.alpn.len);
	while (ward_reader_left(&r) > 0) {
		ward_slice name;
		WARD_TRY(ward_read_vec_slice(&r, 1, 1, 255, &name));
		v_item_bytes(&v, name);
	}
	add_value(d, "alpn", -1, 1, &v);
	if (ch.server_name.len) {
		v_init(&v);
		v_bytes(&v, ch.server_name.p, ch.server_name.len, 0);
		add_value(d, "sni", -1, 0, &v);
	}
	add_num(d, "session_id", ch.session_id.len);
	if (ward_exts_has(&ch.ext, WARD_EXT_PRE_SHARED_KEY)) {
		size_t n = 0;
		r = ward_reader_make(ch.psk_identities.p,
				     ch.psk_identities.len);
		while (ward_reader_left(&r) > 0) {
			ward_slice id;
			uint32_t age;
			WARD_TRY(ward_psk_identity_next(&r, &id, &age));
			n++;
		}
		add_str(d, "psk", "offered");
		add_num(d, "psk_identities", n);
	}
	if (ward_exts_has(&ch.ext, WARD_EXT_EARLY_DATA))
		add_str(d, "early_data", "offered");
	if (ward_exts_has(&ch.ext, WARD_EXT_COOKIE))
		add_str(d, "cookie", "yes");
	if (ward_exts_has(&ch.ext, WARD_EXT_SESSION_TICKET))
		add_num(d, "session_ticket",
			ch.ext.body[WARD_EXT_SESSION_TICKET].len);
	return WARD_OK;
}

static ward_err server_hello(ward_tls_trace_decoded *d, ward_slice body)
{
	ward_tls_server_hello sh;
	char buf[16];
	WARD_TRY(ward_server_hello_parse(body, &sh));
	uint16_t version =
	    sh.selected_version ? sh.selected_version : sh.legacy_version;
	if (sh.is_hrr)
		d->name = "HelloRetryRequest";
	add_str(d, "version", version_name(version, buf, sizeof buf));
	add_str(d, "suite", suite_name(sh.cipher_suite, buf, sizeof buf));
	if (ward_exts_has(&sh.ext, WARD_EXT_KEY_SHARE))
		add_str(d, "group", group_name(sh.group, buf, sizeof buf));
	if (sh.is_hrr) {
		if (sh.cookie.len)
			add_str(d, "cookie", "yes");
		return WARD_OK;
	}
	if (ward_exts_has(&sh.ext, WARD_EXT_PRE_SHARED_KEY))
		add_str(d, "psk", "accepted");
	add_num(d, "session_id", sh.session_id.len);
	add_exts(d, &sh.ext);
	return WARD_OK;
}

static ward_err encrypted_extensions(ward_tls_trace_decoded *d, ward_slice body)
{
	ward_tls_encrypted_extensions ee;
	WARD_TRY(ward_encrypted_extensions_parse(body, &ee));
	if (ee.alpn.len) {
		value v;
		v_init(&v);
		v_bytes(&v, ee.alpn.p, ee.alpn.len, 0);
		add_value(d, "alpn", -1, 0, &v);
	}
	if (ward_exts_has(&ee.ext, WARD_EXT_EARLY_DATA))
		add_str(d, "early_data", "accepted");
	if (ward_exts_has(&ee.ext, WARD_EXT_SERVER_NAME))
		add_str(d, "sni", "acknowledged");
	add_exts(d, &ee.ext);
	return WARD_OK;
}

static const char *const cert_keys[WARD_CERT__PARTS] = {
    [WARD_CERT_SUBJECT] = "subject",
    [WARD_CERT_ISSUER] = "issuer",
    [WARD_CERT_NOT_BEFORE] = "not_before",
    [WARD_CERT_NOT_AFTER] = "not_after",
    [WARD_CERT_SANS] = "san",
    [WARD_CERT_KEY] = "key",
};

static void one_cert(ward_tls_trace_decoded *d, ward_slice der, int item)
{
	ward_buf parts[WARD_CERT__PARTS];
	for (int i = 0; i < WARD_CERT__PARTS; i++)
		ward_buf_init(&parts[i]);
	if (ward_cert_parts(der, parts) != WARD_OK) {
		static const char bad[] = "unreadable";
		add_field(d, "error", item, 0, 0, bad, sizeof bad - 1);
	} else {
		for (int i = 0; i < WARD_CERT__PARTS; i++) {
			value v;
			v_init(&v);
			v_bytes(&v, parts[i].data, parts[i].len, 0);
			add_value(d, cert_keys[i], item, 0, &v);
		}
	}
	char len[32];
	int n = snprintf(len, sizeof len, "%zu", der.len);
	add_field(d, "der_len", item, 0, 1, len, (size_t)n);
	for (int i = 0; i < WARD_CERT__PARTS; i++)
		ward_buf_free(&parts[i]);
}

static ward_err certificate(ward_tls_trace_decoded *d, ward_slice body,
			    uint16_t version)
{
	ward_tls_certificate ct;
	/* before a version is known (a server tracing the client's
	 * Certificate is past that), the TLS 1.3 form first */
	ward_err err = version == WARD_TLS_VERSION_12
			   ? ward_certificate12_parse(body, &ct)
			   : ward_certificate_parse(body, &ct);
	if (err != WARD_OK && version == 0)
		err = ward_certificate12_parse(body, &ct);
	WARD_TRY(err);
	add_num(d, "certs", ct.count);
	if (version != WARD_TLS_VERSION_12 && ct.context.len)
		add_num(d, "context", ct.context.len);
	for (size_t i = 0; i < ct.count; i++)
		one_cert(d, ct.der[i], (int)i);
	d->n_items = ct.count;
	return WARD_OK;
}

static ward_err certificate_request(ward_tls_trace_decoded *d, ward_slice body,
				    uint16_t version)
{
	if (version == WARD_TLS_VERSION_12) {
		ward_tls_certificate_request12 cr12;
		WARD_TRY(ward_certificate_request12_parse(body, &cr12));
		add_u16_list(d, "sigalgs", cr12.signature_algorithms,
			     scheme_name);
		return WARD_OK;
	}
	ward_tls_certificate_request cr;
	WARD_TRY(ward_certificate_request_parse(body, &cr));
	add_num(d, "context", cr.context.len);
	add_u16_list(d, "sigalgs", cr.signature_algorithms, scheme_name);
	return WARD_OK;
}

static ward_err certificate_verify(ward_tls_trace_decoded *d, ward_slice body)
{
	ward_tls_certificate_verify cv;
	char buf[16];
	WARD_TRY(ward_certificate_verify_parse(body, &cv));
	add_str(d, "scheme", scheme_name(cv.scheme, buf, sizeof buf));
	add_num(d, "sig_len", cv.signature.len);
	return WARD_OK;
}

static ward_err new_session_ticket(ward_tls_trace_decoded *d, ward_slice body,
				   uint16_t version)
{
	if (version == WARD_TLS_VERSION_12) {
		ward_tls12_new_session_ticket t;
		WARD_TRY(ward_new_session_ticket12_parse(body, &t));
		add_num(d, "lifetime", t.lifetime_hint);
		add_num(d, "ticket_len", t.ticket.len);
		return WARD_OK;
	}
	ward_tls_new_session_ticket t;
	WARD_TRY(ward_new_session_ticket_parse(body, &t));
	add_num(d, "lifetime", t.lifetime);
	add_str(d, "age_add", t.age_add ? "yes" : "zero");
	add_num(d, "ticket_len", t.ticket.len);
	if (ward_exts_has(&t.ext, WARD_EXT_EARLY_DATA))
		add_num(d, "max_early_data", t.max_early_data);
	return WARD_OK;
}

static ward_err server_key_exchange(ward_tls_trace_decoded *d, ward_slice body)
{
	char buf[16];
	ward_tls12_server_key_exchange ske;
	if (ward_server_key_exchange_parse(body, &ske) == WARD_OK) {
		add_str(d, "group", group_name(ske.group, buf, sizeof buf));
		add_str(d, "scheme", scheme_name(ske.scheme, buf, sizeof buf));
		return WARD_OK;
	}
	ward_tls12_server_dh_params dh;
	WARD_TRY(ward_server_key_exchange_dh_parse(body, &dh));
	add_num(d, "dh_bits", 8 * (unsigned long long)dh.p.len);
	add_str(d, "scheme", scheme_name(dh.scheme, buf, sizeof buf));
	return WARD_OK;
}

static ward_err handshake(ward_tls_trace_decoded *d,
			  const ward_tls_trace_event *ev)
{
	d->name = ward_tls_trace_hs_name(ev->hs_type);
	if (!d->name) {
		snprintf(d->name_buf, sizeof d->name_buf, "Handshake(%u)",
			 ev->hs_type);
		d->name = d->name_buf;
	}
	/* the header's length must be the message's */
	ward_reader r = ward_reader_make(ev->msg.p, ev->msg.len);
	uint8_t type;
	ward_slice body;
	WARD_TRY(ward_read_u8(&r, &type));
	WARD_TRY(ward_read_vec_slice(&r, 3, 0, WARD_TLS_TRACE_MAX_MSG, &body));
	WARD_TRY(ward_read_end(&r));
	add_num(d, "len", ev->msg.len);
	switch (ev->hs_type) {
	case WARD_HS_CLIENT_HELLO:
		return client_hello(d, body);
	case WARD_HS_SERVER_HELLO:
		return server_hello(d, body);
	case WARD_HS_ENCRYPTED_EXTENSIONS:
		return encrypted_extensions(d, body);
	case WARD_HS_CERTIFICATE:
		return certificate(d, body, ev->version);
	case WARD_HS_CERTIFICATE_REQUEST:
		return certificate_request(d, body, ev->version);
	case WARD_HS_CERTIFICATE_VERIFY:
		return certificate_verify(d, body);
	case WARD_HS_FINISHED:
		add_num(d, "verify_len", body.len);
		return WARD_OK;
	case WARD_HS_NEW_SESSION_TICKET:
		return new_session_ticket(d, body, ev->version);
	case WARD_HS_KEY_UPDATE: {
		uint8_t req;
		WARD_TRY(ward_key_update_parse(body, &req));
		add_str(d, "request",
			req ? "update_requested" : "update_not_requested");
		return WARD_OK;
	}
	case WARD_HS_SERVER_KEY_EXCHANGE:
		return server_key_exchange(d, body);
	case WARD_HS_CLIENT_KEY_EXCHANGE:
		add_num(d, "pub_len", body.len);
		return WARD_OK;
	case WARD_HS_SERVER_HELLO_DONE:
	case WARD_HS_END_OF_EARLY_DATA:
	case WARD_HS_HELLO_REQUEST:
		WARD_ENSURE(body.len == 0, WARD_ERR_DECODE);
		return WARD_OK;
	default:
		return WARD_OK;
	}
}

void ward_tls_trace_decode(const ward_tls_trace_event *ev,
			   ward_tls_trace_decoded *d)
{
	char buf[16];
	d->name = "?";
	d->malformed = d->truncated = 0;
	d->n_items = d->n_fields = d->used = 0;
	switch (ev->kind) {
	case WARD_TLS_TRACE_HANDSHAKE:
		d->malformed = handshake(d, ev) != WARD_OK;
		break;
	case WARD_TLS_TRACE_CCS:
		d->name = "ChangeCipherSpec";
		break;
	case WARD_TLS_TRACE_ALERT: {
		const char *n = ward_tls_alert_name(ev->alert_desc);
		d->name = "Alert";
		add_str(d, "level",
			ev->alert_level == 1   ? "warning"
			: ev->alert_level == 2 ? "fatal"
					       : "unknown");
		if (!n) {
			snprintf(buf, sizeof buf, "%u", ev->alert_desc);
			n = buf;
		}
		add_str(d, "desc", n);
		break;
	}
	case WARD_TLS_TRACE_APP_DATA:
		d->name = "ApplicationData";
		add_num(d, "len", ev->length);
		break;
	}
}

/* GET /.well-known/ward/connection: what this connection negotiated and
 * what the client offered, as JSON, for people and scripts testing TLS.
 * The engine keeps the first entries of each offered list only, so the
 * page stays small whatever the ClientHello held. */
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "handlers/route.h"
#include "tls/tls.h"

/* A JSON string (RFC 8259 7). SNI and ALPN come from the peer: quotes,
 * backslashes, control characters and bytes outside ASCII are escaped, so
 * the document stays valid whatever was sent. */
static ward_err json_str(ward_buf *b, const char *s, size_t len)
{
	WARD_TRY(ward_put_u8(b, '"'));
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)s[i];
		if (c == '"' || c == '\\') {
			uint8_t e[2] = {'\\', c};
			WARD_TRY(ward_put_bytes(b, e, 2));
		} else if (c < 0x20 || c >= 0x7f) {
			char e[8];
			snprintf(e, sizeof e, "\\u%04x", c);
			WARD_TRY(ward_put_bytes(b, e, 6));
		} else {
			WARD_TRY(ward_put_u8(b, c));
		}
	}
	return ward_put_u8(b, '"');
}

/* RFC 8701: GREASE values are 0x?a?a with both bytes equal. */
static int is_grease(uint16_t v)
{
	return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

/* A code point by name, "GREASE", or "0x1234" when unknown. */
static ward_err json_code(ward_buf *b, const char *(*name)(uint16_t),
			  uint16_t v)
{
	const char *n = is_grease(v) ? "GREASE" : name(v);
	char hex[8];
	if (!n) {
		snprintf(hex, sizeof hex, "0x%04x", v);
		n = hex;
	}
	return json_str(b, n, strlen(n));
}

static ward_err json_code_or_null(ward_buf *b, const char *(*name)(uint16_t),
				  uint16_t v)
{
	if (v == 0)
		return ward_put_str(b, "null");
	return json_code(b, name, v);
}

static ward_err json_opt_str(ward_buf *b, const char *s)
{
	if (!s || !*s)
		return ward_put_str(b, "null");
	return json_str(b, s, strlen(s));
}

/* The end of a list the engine kept the first entries of: "and K more"
 * as its last element when the client offered more. */
static ward_err json_list_end(ward_buf *b, int empty, size_t more)
{
	char line[48];
	if (more) {
		snprintf(line, sizeof line, "%s\"and %zu more\"", empty ? "" : ",",
			 more);
		WARD_TRY(ward_put_str(b, line));
	}
	return ward_put_u8(b, ']');
}

/* A list of u16 code points in wire order. */
static ward_err json_u16_list(ward_buf *b, ward_slice list, size_t more,
			      const char *(*name)(uint16_t))
{
	ward_reader r = ward_reader_make(list.p, list.len);
	uint16_t v;
	int first = 1;
	WARD_TRY(ward_put_u8(b, '['));
	for (; ward_read_u16(&r, &v) == WARD_OK; first = 0) {
		if (!first)
			WARD_TRY(ward_put_u8(b, ','));
		WARD_TRY(json_code(b, name, v));
	}
	return json_list_end(b, first, more);
}

/* ALPN names, each with a one-byte length (RFC 7301 3.1). */
static ward_err json_alpn_list(ward_buf *b, ward_slice list, size_t more)
{
	ward_reader r = ward_reader_make(list.p, list.len);
	ward_slice name;
	int first = 1;
	WARD_TRY(ward_put_u8(b, '['));
	for (; ward_read_vec_slice(&r, 1, 0, 255, &name) == WARD_OK; first = 0) {
		if (!first)
			WARD_TRY(ward_put_u8(b, ','));
		WARD_TRY(json_str(b, (const char *)name.p, name.len));
	}
	return json_list_end(b, first, more);
}

static const char *version_name(uint16_t v)
{
	return ward_tls_version_name(v);
}

struct code_name {
	uint16_t code;
	const char *name;
};

static const char *lookup(const struct code_name *t, size_t n, uint16_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == v)
			return t[i].name;
	return NULL;
}

/* What browsers offer beyond what ward speaks, named for the page. */
static const struct code_name other_suites[] = {
	{0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
	{0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
	{0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
	{0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
	{0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
	{0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
	{0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
	{0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
	{0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
	{0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
	{0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
	{0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
	{0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
	{0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
	{0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
	{0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"},
	{0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
	{0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
};

static const struct code_name other_groups[] = {
	{0x0019, "secp521r1"},	  {0x001e, "x448"},
	{0x0102, "ffdhe4096"},	  {0x0103, "ffdhe6144"},
	{0x0104, "ffdhe8192"},	  {0x11ec, "X25519MLKEM768"},
	{0x6399, "X25519Kyber768Draft00"},
};

static const struct code_name other_sigschemes[] = {
	{0x0808, "ed448"},
	{0x0904, "mldsa44"},
	{0x0905, "mldsa65"},
	{0x0906, "mldsa87"},
	{0x081a, "ecdsa_brainpoolP256r1tls13_sha256"},
	{0x081b, "ecdsa_brainpoolP384r1tls13_sha384"},
	{0x081c, "ecdsa_brainpoolP512r1tls13_sha512"},
	{0x0202, "dsa_sha1"},
	{0x0301, "rsa_pkcs1_sha224"},
	{0x0302, "dsa_sha224"},
	{0x0303, "ecdsa_sha224"},
	{0x0402, "dsa_sha256"},
	{0x0502, "dsa_sha384"},
	{0x0602, "dsa_sha512"},
};

#define LOOKUP(table, v) lookup(table, sizeof table / sizeof *table, v)

static const char *suite_name(uint16_t v)
{
	const char *n = ward_tls_suite_name(v);
	return n ? n : LOOKUP(other_suites, v);
}

static const char *group_name(uint16_t v)
{
	const char *n = ward_group_name(v);
	return n ? n : LOOKUP(other_groups, v);
}

static const char *sigscheme_name(uint16_t v)
{
	const char *n = ward_sigscheme_name(v);
	return n ? n : LOOKUP(other_sigschemes, v);
}

static ward_err describe(ward_buf *b, const ward_tls_info *t)
{
	if (!t)
		return ward_put_str(
		    b, "{\"tls_version\":null,\"cipher_suite\":null,"
		       "\"group\":null,\"signature_scheme\":null,"
		       "\"alpn\":null,\"sni\":null,\"resumed\":null,"
		       "\"hrr\":null,\"offered\":null,"
		       "\"client_certificate\":null}\n");
	WARD_TRY(ward_put_str(b, "{\"tls_version\":"));
	WARD_TRY(json_code_or_null(b, version_name, t->version));
	WARD_TRY(ward_put_str(b, ",\"cipher_suite\":"));
	WARD_TRY(json_code_or_null(b, suite_name, t->suite));
	/* a PSK-only resumption has no group, a resumption no signature */
	WARD_TRY(ward_put_str(b, ",\"group\":"));
	WARD_TRY(json_code_or_null(b, group_name, t->group));
	WARD_TRY(ward_put_str(b, ",\"signature_scheme\":"));
	WARD_TRY(json_code_or_null(b, sigscheme_name, t->sigscheme));
	WARD_TRY(ward_put_str(b, ",\"alpn\":"));
	WARD_TRY(json_opt_str(b, t->alpn));
	WARD_TRY(ward_put_str(b, ",\"sni\":"));
	WARD_TRY(json_opt_str(b, t->server_name));
	WARD_TRY(ward_put_str(b, t->resumed ? ",\"resumed\":true"
					    : ",\"resumed\":false"));
	WARD_TRY(ward_put_str(b, t->hrr ? ",\"hrr\":true" : ",\"hrr\":false"));
	WARD_TRY(ward_put_str(b, ",\"offered\":{\"versions\":"));
	WARD_TRY(json_u16_list(b, t->offered_versions, t->more_versions,
			       version_name));
	WARD_TRY(ward_put_str(b, ",\"cipher_suites\":"));
	WARD_TRY(json_u16_list(b, t->offered_suites, t->more_suites,
			       suite_name));
	WARD_TRY(ward_put_str(b, ",\"groups\":"));
	WARD_TRY(json_u16_list(b, t->offered_groups, t->more_groups,
			       group_name));
	WARD_TRY(ward_put_str(b, ",\"signature_schemes\":"));
	WARD_TRY(json_u16_list(b, t->offered_sigschemes, t->more_sigschemes,
			       sigscheme_name));
	WARD_TRY(ward_put_str(b, ",\"alpn\":"));
	WARD_TRY(json_alpn_list(b, t->offered_alpn, t->more_alpn));
	/* the verified client certificate (mutual TLS), or null */
	WARD_TRY(ward_put_str(b, "},\"client_certificate\":"));
	if (!t->peer_subject || !*t->peer_subject)
		return ward_put_str(b, "null}\n");
	WARD_TRY(ward_put_str(b, "{\"subject\":"));
	WARD_TRY(json_opt_str(b, t->peer_subject));
	WARD_TRY(ward_put_str(b, ",\"sans\":"));
	WARD_TRY(json_opt_str(b, t->peer_sans));
	return ward_put_str(b, "}}\n");
}

ward_err ward_info_connection(const ward_request_ctx *ctx, ward_response *resp)
{
	ward_buf b = WARD_BUF_INIT;
	ward_err ret;
	WARD_TRY_OUT(describe(&b, ctx->tls));
	resp->status = 200;
	WARD_TRY_OUT(
	    ward_response_header_cstr(resp, "Content-Type", "application/json"));
	/* the answer is about this connection only */
	WARD_TRY_OUT(ward_response_header_cstr(resp, "Cache-Control", "no-store"));
	WARD_TRY_OUT(ward_response_body_mem(resp, b.data, b.len));
out:
	ward_buf_free(&b);
	return ret;
}

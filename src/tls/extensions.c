/* The extension table: code point, name, and the messages that may carry
 * each extension (RFC 8446 4.2; RFC 5246/7627/7366/5746 for TLS 1.2). */
#include <string.h>

#include "tls/handshake.h"

#define CH WARD_EXT_IN_CH
#define SH WARD_EXT_IN_SH
#define HRR WARD_EXT_IN_HRR
#define EE WARD_EXT_IN_EE
#define CT WARD_EXT_IN_CT
#define CR WARD_EXT_IN_CR
#define NST WARD_EXT_IN_NST
#define SH12 WARD_EXT_IN_SH12

static const struct ext_info {
	uint16_t code;
	uint8_t allowed;
	const char *name;
} ext_table[WARD_EXT__COUNT] = {
	[WARD_EXT_SERVER_NAME] = {0, CH | EE | SH12, "server_name"},
	[WARD_EXT_MAX_FRAGMENT_LENGTH] = {1, CH | EE | SH12, "max_fragment_length"},
	[WARD_EXT_STATUS_REQUEST] = {5, CH | CR | CT | SH12, "status_request"},
	[WARD_EXT_SUPPORTED_GROUPS] = {10, CH | EE, "supported_groups"},
	[WARD_EXT_EC_POINT_FORMATS] = {11, CH | SH12, "ec_point_formats"},
	[WARD_EXT_SIGNATURE_ALGORITHMS] = {13, CH | CR, "signature_algorithms"},
	[WARD_EXT_USE_SRTP] = {14, CH | EE, "use_srtp"},
	[WARD_EXT_HEARTBEAT] = {15, CH | EE | SH12, "heartbeat"},
	[WARD_EXT_ALPN] = {16, CH | EE | SH12, "application_layer_protocol_negotiation"},
	[WARD_EXT_SCT] = {18, CH | CR | CT | SH12, "signed_certificate_timestamp"},
	[WARD_EXT_CLIENT_CERT_TYPE] = {19, CH | EE, "client_certificate_type"},
	[WARD_EXT_SERVER_CERT_TYPE] = {20, CH | EE, "server_certificate_type"},
	[WARD_EXT_PADDING] = {21, CH, "padding"},
	[WARD_EXT_ENCRYPT_THEN_MAC] = {22, CH | SH12, "encrypt_then_mac"},
	[WARD_EXT_EXTENDED_MASTER_SECRET] = {23, CH | SH12, "extended_master_secret"},
	[WARD_EXT_COMPRESS_CERTIFICATE] = {27, CH | CR, "compress_certificate"},
	[WARD_EXT_RECORD_SIZE_LIMIT] = {28, CH | EE | SH12, "record_size_limit"},
	[WARD_EXT_SESSION_TICKET] = {35, CH | SH12, "session_ticket"},
	[WARD_EXT_PRE_SHARED_KEY] = {41, CH | SH, "pre_shared_key"},
	[WARD_EXT_EARLY_DATA] = {42, CH | EE | NST, "early_data"},
	[WARD_EXT_SUPPORTED_VERSIONS] = {43, CH | SH | HRR, "supported_versions"},
	[WARD_EXT_COOKIE] = {44, CH | HRR, "cookie"},
	[WARD_EXT_PSK_KEY_EXCHANGE_MODES] = {45, CH, "psk_key_exchange_modes"},
	[WARD_EXT_CERTIFICATE_AUTHORITIES] = {47, CH | CR, "certificate_authorities"},
	[WARD_EXT_OID_FILTERS] = {48, CR, "oid_filters"},
	[WARD_EXT_POST_HANDSHAKE_AUTH] = {49, CH, "post_handshake_auth"},
	[WARD_EXT_SIGNATURE_ALGORITHMS_CERT] = {50, CH | CR, "signature_algorithms_cert"},
	[WARD_EXT_KEY_SHARE] = {51, CH | SH | HRR, "key_share"},
	[WARD_EXT_RENEGOTIATION_INFO] = {0xff01, CH | SH12, "renegotiation_info"},
};

uint16_t ward_ext_code(ward_ext_id id)
{
	return ext_table[id].code;
}

/* The table's entries by code point, plus one (0: unknown), so that a
 * lookup is O(1); all known code points are below 64 but one. */
static const uint8_t by_code[64] = {
    [0] = WARD_EXT_SERVER_NAME + 1,
    [1] = WARD_EXT_MAX_FRAGMENT_LENGTH + 1,
    [5] = WARD_EXT_STATUS_REQUEST + 1,
    [10] = WARD_EXT_SUPPORTED_GROUPS + 1,
    [11] = WARD_EXT_EC_POINT_FORMATS + 1,
    [13] = WARD_EXT_SIGNATURE_ALGORITHMS + 1,
    [14] = WARD_EXT_USE_SRTP + 1,
    [15] = WARD_EXT_HEARTBEAT + 1,
    [16] = WARD_EXT_ALPN + 1,
    [18] = WARD_EXT_SCT + 1,
    [19] = WARD_EXT_CLIENT_CERT_TYPE + 1,
    [20] = WARD_EXT_SERVER_CERT_TYPE + 1,
    [21] = WARD_EXT_PADDING + 1,
    [22] = WARD_EXT_ENCRYPT_THEN_MAC + 1,
    [23] = WARD_EXT_EXTENDED_MASTER_SECRET + 1,
    [27] = WARD_EXT_COMPRESS_CERTIFICATE + 1,
    [28] = WARD_EXT_RECORD_SIZE_LIMIT + 1,
    [35] = WARD_EXT_SESSION_TICKET + 1,
    [41] = WARD_EXT_PRE_SHARED_KEY + 1,
    [42] = WARD_EXT_EARLY_DATA + 1,
    [43] = WARD_EXT_SUPPORTED_VERSIONS + 1,
    [44] = WARD_EXT_COOKIE + 1,
    [45] = WARD_EXT_PSK_KEY_EXCHANGE_MODES + 1,
    [47] = WARD_EXT_CERTIFICATE_AUTHORITIES + 1,
    [48] = WARD_EXT_OID_FILTERS + 1,
    [49] = WARD_EXT_POST_HANDSHAKE_AUTH + 1,
    [50] = WARD_EXT_SIGNATURE_ALGORITHMS_CERT + 1,
    [51] = WARD_EXT_KEY_SHARE + 1,
};

static int ext_lookup(uint16_t code)
{
	if (code < 64)
		return (int)by_code[code] - 1;
	return code == 0xff01 ? WARD_EXT_RENEGOTIATION_INFO : -1;
}

const char *ward_ext_name(uint16_t code)
{
	int i = ext_lookup(code);
	return i < 0 ? NULL : ext_table[i].name;
}

ward_err ward_exts_parse(ward_reader *r, ward_ext_msg msg, ward_tls_exts *out)
{
	ward_reader block;
	memset(out, 0, sizeof *out);
	WARD_TRY(ward_read_vec(r, 2, 0, 0xffff, &block));
	/* RFC 8446 4.2: no two extensions of one type (unknown ones too) */
	ward_u16_set unknown_seen;
	ward_u16_set_clear(&unknown_seen);
	while (ward_reader_left(&block) > 0) {
		uint16_t code;
		ward_slice body;
		WARD_TRY(ward_read_u16(&block, &code));
		WARD_TRY(ward_read_vec_slice(&block, 2, 0, 0xffff, &body));
		/* RFC 8446 4.2.11: pre_shared_key MUST be the last extension
		 * of a ClientHello */
		WARD_ENSURE(!(msg & WARD_EXT_IN_CH) ||
				!ward_exts_has(out, WARD_EXT_PRE_SHARED_KEY),
			    WARD_ERR_ILLEGAL_PARAMETER);
		int id = ext_lookup(code);
		if (id < 0) {
			WARD_ENSURE(!ward_u16_set_has(&unknown_seen, code),
				    WARD_ERR_ILLEGAL_PARAMETER);
			ward_u16_set_add(&unknown_seen, code);
			if (out->unknown_count++ == 0)
				out->unknown_first = code;
			continue;
		}
		WARD_ENSURE(!ward_exts_has(out, (ward_ext_id)id),
			    WARD_ERR_ILLEGAL_PARAMETER);
		/* RFC 8446 4.2: a recognised extension in a message that may
		 * not carry it is illegal_parameter */
		WARD_ENSURE(ext_table[id].allowed & msg,
			    WARD_ERR_ILLEGAL_PARAMETER);
		out->seen |= (uint64_t)1 << id;
		out->body[id] = body;
	}
	return WARD_OK;
}

int ward_u16_list_has(ward_slice list, uint16_t v)
{
	for (size_t i = 0; i + 1 < list.len; i += 2)
		if (ward_load_u16(list.p + i) == v)
			return 1;
	return 0;
}

void ward_u16_set_from_list(ward_u16_set *s, ward_slice list)
{
	ward_u16_set_clear(s);
	/* bits for one word gather in a register: a list of neighbouring
	 * code points is not a chain of stores to the same word */
	size_t word = 0;
	uint64_t bits = 0;
	for (size_t i = 0; i + 1 < list.len; i += 2) {
		uint16_t v = ward_load_u16(list.p + i);
		if ((size_t)(v >> 6) != word) {
			s->w[word] |= bits;
			word = v >> 6;
			bits = 0;
		}
		bits |= (uint64_t)1 << (v & 63);
	}
	s->w[word] |= bits;
}

ward_err ward_read_u16_list(ward_reader *r, unsigned len_bytes, size_t min,
			    size_t max, ward_slice *out)
{
	WARD_TRY(ward_read_vec_slice(r, len_bytes, min, max, out));
	WARD_ENSURE(out->len % 2 == 0, WARD_ERR_DECODE);
	return WARD_OK;
}

ward_err ward_hs_begin(ward_buf *b, uint8_t type, size_t *mark)
{
	WARD_TRY(ward_put_u8(b, type));
	return ward_put_vec_begin(b, 3, mark);
}

ward_err ward_hs_end(ward_buf *b, size_t mark)
{
	return ward_put_vec_end(b, mark);
}

ward_err ward_exts_check_allowed(const ward_tls_exts *e, ward_ext_msg msg)
{
	for (int i = 0; i < WARD_EXT__COUNT; i++)
		if (ward_exts_has(e, (ward_ext_id)i))
			WARD_ENSURE(ext_table[i].allowed & msg,
				    WARD_ERR_ILLEGAL_PARAMETER);
	return WARD_OK;
}

/* ClientHello (RFC 8446 4.1.2) and the extensions it carries. */
#include <string.h>

#include "tls/handshake.h"

/* RFC 6066 3: a list with at most one host_name. The name itself must be an
 * ASCII DNS name without a trailing dot; IP literals are not allowed. */
static ward_err parse_server_name(ward_slice body, ward_slice *host)
{
	ward_reader r = ward_reader_make(body.p, body.len), list;
	WARD_TRY(ward_read_vec(&r, 2, 1, 0xffff, &list));
	WARD_TRY(ward_read_end(&r));
	while (ward_reader_left(&list) > 0) {
		uint8_t type;
		ward_slice name;
		WARD_TRY(ward_read_u8(&list, &type));
		WARD_TRY(ward_read_vec_slice(&list, 2, 1, 0xffff, &name));
		if (type != 0)
			continue;
		WARD_ENSURE(host->len == 0, WARD_ERR_ILLEGAL_PARAMETER);
		WARD_ENSURE(name.len <= 253, WARD_ERR_ILLEGAL_PARAMETER);
		for (size_t i = 0; i < name.len; i++) {
			uint8_t c = name.p[i];
			int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '-' || c == '.' ||
				 c == '_';
			WARD_ENSURE(ok, WARD_ERR_ILLEGAL_PARAMETER);
		}
		WARD_ENSURE(name.p[name.len - 1] != '.',
			    WARD_ERR_ILLEGAL_PARAMETER);
		*host = name;
	}
	return WARD_OK;
}

/* RFC 7301 3.1: a non-empty list of non-empty names. */
static ward_err parse_alpn_list(ward_slice body, ward_slice *list)
{
	ward_reader r = ward_reader_make(body.p, body.len), l;
	WARD_TRY(ward_read_vec(&r, 2, 2, 0xffff, &l));
	WARD_TRY(ward_read_end(&r));
	*list = ward_slice_make(l.p, l.len);
	while (ward_reader_left(&l) > 0) {
		ward_slice name;
		WARD_TRY(ward_read_vec_slice(&l, 1, 1, 255, &name));
	}
	return WARD_OK;
}

ward_err ward_key_share_next(ward_reader *r, uint16_t *group, ward_slice *key)
{
	WARD_TRY(ward_read_u16(r, group));
	/* empty: the server's to refuse (illegal_parameter, RFC 8446 4.2.8) */
	return ward_read_vec_slice(r, 2, 0, 0xffff, key);
}

static ward_err parse_key_shares(ward_slice body, ward_slice *shares)
{
	ward_reader r = ward_reader_make(body.p, body.len), l;
	WARD_TRY(ward_read_vec(&r, 2, 0, 0xffff, &l));
	WARD_TRY(ward_read_end(&r));
	*shares = ward_slice_make(l.p, l.len);
	while (ward_reader_left(&l) > 0) {
		uint16_t group;
		ward_slice key;
		WARD_TRY(ward_key_share_next(&l, &group, &key));
	}
	return WARD_OK;
}

ward_err ward_psk_identity_next(ward_reader *r, ward_slice *identity,
				uint32_t *obfuscated_age)
{
	WARD_TRY(ward_read_vec_slice(r, 2, 1, 0xffff, identity));
	return ward_read_u32(r, obfuscated_age);
}

ward_err ward_psk_binder_next(ward_reader *r, ward_slice *binder)
{
	return ward_read_vec_slice(r, 1, 32, 255, binder);
}

/* RFC 8446 4.2.11: identities then binders, one binder per identity;
 * remember where the binders start for the binder check (4.2.11.2). */
static ward_err parse_pre_shared_key(ward_slice body, const uint8_t *hello,
				     ward_tls_client_hello *ch)
{
	ward_reader r = ward_reader_make(body.p, body.len), ids, binders;
	size_t n_ids = 0, n_binders = 0;
	WARD_TRY(ward_read_vec(&r, 2, 7, 0xffff, &ids));
	ch->binders_offset = (size_t)(body.p + r.off - hello);
	WARD_TRY(ward_read_vec(&r, 2, 33, 0xffff, &binders));
	WARD_TRY(ward_read_end(&r));
	ch->psk_identities = ward_slice_make(ids.p, ids.len);
	ch->psk_binders = ward_slice_make(binders.p, binders.len);
	while (ward_reader_left(&ids) > 0) {
		ward_slice id;
		uint32_t age;
		WARD_TRY(ward_psk_identity_next(&ids, &id, &age));
		n_ids++;
	}
	while (ward_reader_left(&binders) > 0) {
		ward_slice binder;
		WARD_TRY(ward_psk_binder_next(&binders, &binder));
		n_binders++;
	}
	WARD_ENSURE(n_ids == n_binders, WARD_ERR_ILLEGAL_PARAMETER);
	return WARD_OK;
}

static ward_err read_whole_vec(ward_slice body, unsigned len_bytes,
			       size_t min, size_t max, ward_slice *out)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	WARD_TRY(ward_read_vec_slice(&r, len_bytes, min, max, out));
	return ward_read_end(&r);
}

static ward_err read_whole_u16_list(ward_slice body, unsigned len_bytes,
				    size_t min, size_t max, ward_slice *out)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	WARD_TRY(ward_read_u16_list(&r, len_bytes, min, max, out));
	return ward_read_end(&r);
}

ward_err ward_client_hello_parse(ward_slice body, ward_tls_client_hello *ch)
{
	ward_reader r = ward_reader_make(body.p, body.len);
	memset(ch, 0, sizeof *ch);
	WARD_TRY(ward_read_u16(&r, &ch->legacy_version));
	WARD_TRY(ward_read_bytes(&r, 32, &ch->random));
	WARD_TRY(ward_read_vec_slice(&r, 1, 0, 32, &ch->session_id));
	WARD_TRY(ward_read_u16_list(&r, 2, 2, 0xfffe, &ch->cipher_suites));
	WARD_TRY(ward_read_vec_slice(&r, 1, 1, 255, &ch->compression_methods));
	/* extensions may be absent altogether in a TLS 1.2 ClientHello */
	if (ward_reader_left(&r) > 0)
		WARD_TRY(ward_exts_parse(&r, WARD_EXT_IN_CH, &ch->ext));
	WARD_TRY(ward_read_end(&r));

	const ward_tls_exts *e = &ch->ext;
	if (ward_exts_has(e, WARD_EXT_SERVER_NAME))
		WARD_TRY(parse_server_name(e->body[WARD_EXT_SERVER_NAME],
					   &ch->server_name));
	if (ward_exts_has(e, WARD_EXT_SUPPORTED_VERSIONS))
		WARD_TRY(read_whole_u16_list(
			e->body[WARD_EXT_SUPPORTED_VERSIONS], 1, 2, 254,
			&ch->supported_versions));
	if (ward_exts_has(e, WARD_EXT_SUPPORTED_GROUPS))
		WARD_TRY(read_whole_u16_list(e->body[WARD_EXT_SUPPORTED_GROUPS],
					     2, 2, 0xffff,
					     &ch->supported_groups));
	if (ward_exts_has(e, WARD_EXT_SIGNATURE_ALGORITHMS))
		WARD_TRY(read_whole_u16_list(
			e->body[WARD_EXT_SIGNATURE_ALGORITHMS], 2, 2, 0xfffe,
			&ch->signature_algorithms));
	if (ward_exts_has(e, WARD_EXT_KEY_SHARE))
		WARD_TRY(parse_key_shares(e->body[WARD_EXT_KEY_SHARE],
					  &ch->key_shares));
	if (ward_exts_has(e, WARD_EXT_ALPN))
		WARD_TRY(parse_alpn_list(e->body[WARD_EXT_ALPN], &ch->alpn));
	if (ward_exts_has(e, WARD_EXT_COOKIE))
		WARD_TRY(read_whole_vec(e->body[WARD_EXT_COOKIE], 2, 1, 0xffff,
					&ch->cookie));
	if (ward_exts_has(e, WARD_EXT_PSK_KEY_EXCHANGE_MODES))
		WARD_TRY(read_whole_vec(
			e->body[WARD_EXT_PSK_KEY_EXCHANGE_MODES], 1, 1, 255,
			&ch->psk_modes));
	/* RFC 8446 4.2.10: empty in a ClientHello */
	if (ward_exts_has(e, WARD_EXT_EARLY_DATA))
		WARD_ENSURE(e->body[WARD_EXT_EARLY_DATA].len == 0,
			    WARD_ERR_DECODE);
	if (ward_exts_has(e, WARD_EXT_PRE_SHARED_KEY))
		WARD_TRY(parse_pre_shared_key(e->body[WARD_EXT_PRE_SHARED_KEY],
					      body.p, ch));
	return WARD_OK;
}

size_t ward_client_hello_schemes(const ward_tls_client_hello *ch,
				 const uint16_t *enabled, size_t n_enabled,
				 uint16_t *out)
{
	ward_u16_set want;
	size_t n = 0;
	ward_u16_set_clear(&want);
	for (size_t i = 0; i < n_enabled; i++)
		ward_u16_set_add(&want, enabled[i]);
	for (size_t j = 0; j + 1 < ch->signature_algorithms.len && n < n_enabled;
	     j += 2) {
		uint16_t s = ward_load_u16(ch->signature_algorithms.p + j);
		if (!ward_u16_set_has(&want, s))
			continue;
		ward_u16_set_del(&want, s);
		out[n++] = s;
	}
	return n;
}

ward_err ward_client_hello_find_share(const ward_tls_client_hello *ch,
				      uint16_t group, ward_slice *key,
				      int *found)
{
	ward_reader r = ward_reader_make(ch->key_shares.p, ch->key_shares.len);
	*found = 0;
	/* the first WARD_TLS_MAX_KEY_SHARES only: the server checked the
	 * syntax and the groups of all of them (one pass, O(1) each) */
	for (size_t n = 0;
	     n < WARD_TLS_MAX_KEY_SHARES && ward_reader_left(&r) > 0; n++) {
		uint16_t g;
		ward_slice k;
		WARD_TRY(ward_key_share_next(&r, &g, &k));
		if (g != group)
			continue;
		/* RFC 8446 4.2.8: no two shares for one group */
		WARD_ENSURE(!*found, WARD_ERR_ILLEGAL_PARAMETER);
		*found = 1;
		*key = k;
	}
	return WARD_OK;
}

static ward_err put_ext_begin(ward_buf *b, ward_ext_id id, size_t *mark,
			      uint64_t *offered)
{
	*offered |= (uint64_t)1 << id;
	WARD_TRY(ward_put_u16(b, ward_ext_code(id)));
	return ward_put_vec_begin(b, 2, mark);
}

static ward_err put_u16_list(ward_buf *b, unsigned len_bytes,
			     const uint16_t *v, size_t n)
{
	size_t mark;
	WARD_TRY(ward_put_vec_begin(b, len_bytes, &mark));
	for (size_t i = 0; i < n; i++)
		WARD_TRY(ward_put_u16(b, v[i]));
	return ward_put_vec_end(b, mark);
}

ward_err ward_client_hello_write(ward_buf *b,
				 const ward_tls_client_hello_params *p,
				 uint64_t *offered)
{
	size_t msg, exts, ext, inner;
	int tls13 = 0, tls12 = 0;
	for (size_t i = 0; i < p->n_versions; i++) {
		tls13 |= p->versions[i] == WARD_TLS_VERSION_13;
		tls12 |= p->versions[i] == WARD_TLS_VERSION_12;
	}
	*offered = 0;
	WARD_TRY(ward_hs_begin(b, WARD_HS_CLIENT_HELLO, &msg));
	WARD_TRY(ward_put_u16(b, WARD_TLS_VERSION_12));
	WARD_TRY(ward_put_bytes(b, p->random, 32));
	WARD_TRY(ward_put_vec(b, 1, p->session_id.p, p->session_id.len));
	WARD_TRY(put_u16_list(b, 2, p->suites, p->n_suites));
	WARD_TRY(ward_put_vec(b, 1, "", 1)); /* null compression only */
	WARD_TRY(ward_put_vec_begin(b, 2, &exts));

	if (p->server_name) {
		WARD_TRY(put_ext_begin(b, WARD_EXT_SERVER_NAME, &ext, offered));
		WARD_TRY(ward_put_vec_begin(b, 2, &inner));
		WARD_TRY(ward_put_u8(b, 0)); /* host_name */
		WARD_TRY(ward_put_vec(b, 2, p->server_name,
				      strlen(p->server_name)));
		WARD_TRY(ward_put_vec_end(b, inner));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	if (tls12) {
		/* RFC 8422 5.1.2: uncompressed points only */
		WARD_TRY(
		    put_ext_begin(b, WARD_EXT_EC_POINT_FORMATS, &ext, offered));
		WARD_TRY(ward_put_vec(b, 1, "", 1));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	WARD_TRY(put_ext_begin(b, WARD_EXT_SUPPORTED_GROUPS, &ext, offered));
	WARD_TRY(put_u16_list(b, 2, p->groups, p->n_groups));
	WARD_TRY(ward_put_vec_end(b, ext));

	WARD_TRY(put_ext_begin(b, WARD_EXT_SIGNATURE_ALGORITHMS, &ext, offered));
	WARD_TRY(put_u16_list(b, 2, p->sigschemes, p->n_sigschemes));
	WARD_TRY(ward_put_vec_end(b, ext));

	if (p->alpn.len) {
		WARD_TRY(put_ext_begin(b, WARD_EXT_ALPN, &ext, offered));
		WARD_TRY(ward_put_vec(b, 2, p->alpn.p, p->alpn.len));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	if (tls12) {
		if (p->encrypt_then_mac) {
			WARD_TRY(put_ext_begin(b, WARD_EXT_ENCRYPT_THEN_MAC,
					       &ext, offered));
			WARD_TRY(ward_put_vec_end(b, ext));
		}
		/* RFC 7627 5.1, RFC 5077 3.2 (empty: asks for a ticket),
		 * RFC 5746 3.4 (empty renegotiated_connection) */
		WARD_TRY(put_ext_begin(b, WARD_EXT_EXTENDED_MASTER_SECRET, &ext,
				       offered));
		WARD_TRY(ward_put_vec_end(b, ext));
		WARD_TRY(
		    put_ext_begin(b, WARD_EXT_SESSION_TICKET, &ext, offered));
		WARD_TRY(ward_put_bytes(b, p->session_ticket.p,
					p->session_ticket.len));
		WARD_TRY(ward_put_vec_end(b, ext));
		WARD_TRY(put_ext_begin(b, WARD_EXT_RENEGOTIATION_INFO, &ext,
				       offered));
		WARD_TRY(ward_put_u8(b, 0));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	/* without TLS 1.3, legacy_version alone says TLS 1.2 */
	if (!tls13)
		goto end;
	WARD_TRY(put_ext_begin(b, WARD_EXT_SUPPORTED_VERSIONS, &ext, offered));
	WARD_TRY(put_u16_list(b, 1, p->versions, p->n_versions));
	WARD_TRY(ward_put_vec_end(b, ext));

	if (p->cookie.len) {
		WARD_TRY(put_ext_begin(b, WARD_EXT_COOKIE, &ext, offered));
		WARD_TRY(ward_put_vec(b, 2, p->cookie.p, p->cookie.len));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	/* psk_dhe_ke: lets the server send tickets (RFC 8446 4.2.9) */
	WARD_TRY(put_ext_begin(b, WARD_EXT_PSK_KEY_EXCHANGE_MODES, &ext,
			       offered));
	WARD_TRY(ward_put_vec(b, 1, "\x01", 1));
	WARD_TRY(ward_put_vec_end(b, ext));

	WARD_TRY(put_ext_begin(b, WARD_EXT_KEY_SHARE, &ext, offered));
	WARD_TRY(ward_put_vec_begin(b, 2, &inner));
	if (p->share.len) {
		WARD_TRY(ward_put_u16(b, p->share_group));
		WARD_TRY(ward_put_vec(b, 2, p->share.p, p->share.len));
	}
	WARD_TRY(ward_put_vec_end(b, inner));
	WARD_TRY(ward_put_vec_end(b, ext));

	if (p->early_data) {
		WARD_TRY(put_ext_begin(b, WARD_EXT_EARLY_DATA, &ext, offered));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
	if (p->psk_identity.len) {
		/* RFC 8446 4.2.11: the last extension */
		WARD_ENSURE(p->psk_binder_len >= 32 && p->psk_binder_len <= 255,
			    WARD_ERR_ARG);
		WARD_TRY(
		    put_ext_begin(b, WARD_EXT_PRE_SHARED_KEY, &ext, offered));
		WARD_TRY(ward_put_vec_begin(b, 2, &inner));
		WARD_TRY(
		    ward_put_vec(b, 2, p->psk_identity.p, p->psk_identity.len));
		WARD_TRY(ward_put_u32(b, p->psk_obfuscated_age));
		WARD_TRY(ward_put_vec_end(b, inner));
		WARD_TRY(ward_put_u16(b, (uint16_t)(1 + p->psk_binder_len)));
		WARD_TRY(ward_put_u8(b, (uint8_t)p->psk_binder_len));
		WARD_TRY(ward_put_fill(b, 0, p->psk_binder_len));
		WARD_TRY(ward_put_vec_end(b, ext));
	}
end:
	WARD_TRY(ward_put_vec_end(b, exts));
	return ward_hs_end(b, msg);
}

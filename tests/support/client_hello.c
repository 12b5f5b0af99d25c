#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_hello.h"
#include "crypto/crypto.h"
#include "tls/handshake.h"

/* The builder's own failures are bugs of the test: stop at once. */
#define OK(x)                                                                  \
	do {                                                                   \
		if ((x) != WARD_OK) {                                          \
			fprintf(stderr, "client_hello.c:%d: %s failed\n",      \
				__LINE__, #x);                                 \
			abort();                                               \
		}                                                              \
	} while (0)

/* Unknown code points, none of them GREASE: 0x6000 + i. */
static uint16_t unknown(size_t i)
{
	return (uint16_t)(0x6000 + i);
}

static void ext_begin(ward_buf *b, uint16_t code, size_t *mark)
{
	OK(ward_put_u16(b, code));
	OK(ward_put_vec_begin(b, 2, mark));
}

void test_hello_message(const struct test_hello *h, ward_buf *b)
{
	uint8_t random[32] = {1}, sid[32] = {2}, pub[WARD_KEX_PUB_MAX];
	size_t pub_len = sizeof pub, msg, exts, ext, list;
	ward_kex kex = {0};
	OK(ward_kex_keygen(&kex, WARD_GROUP_X25519, pub, &pub_len));
	ward_kex_free(&kex);
	ward_buf_init(b);
	OK(ward_hs_begin(b, 1, &msg)); /* ClientHello */
	OK(ward_put_u16(b, h->set_legacy_version ? h->legacy_version : 0x0303));
	OK(ward_put_bytes(b, random, sizeof random));
	OK(ward_put_vec(b, 1, sid, sizeof sid));
	OK(ward_put_vec_begin(b, 2, &list));
	for (size_t i = 0; i < h->extra_suites; i++)
		OK(ward_put_u16(b, unknown(i)));
	OK(ward_put_u16(b, 0x1301));
	OK(ward_put_u16(b, 0x1302));
	OK(ward_put_u16(b, 0x1303));
	OK(ward_put_vec_end(b, list));
	OK(ward_put_vec(b, 1, "", 1));
	OK(ward_put_vec_begin(b, 2, &exts));
	if (h->sni) {
		ext_begin(b, 0x0000, &ext);
		OK(ward_put_vec_begin(b, 2, &list));
		OK(ward_put_u8(b, 0));
		OK(ward_put_vec(b, 2, h->sni, strlen(h->sni)));
		OK(ward_put_vec_end(b, list));
		OK(ward_put_vec_end(b, ext));
	}
	for (size_t i = 0; i < h->extra_exts + (h->dup_ext ? 1 : 0); i++) {
		ext_begin(b, unknown(i < h->extra_exts ? i : i - 1), &ext);
		OK(ward_put_vec_end(b, ext));
	}
	ext_begin(b, 0x000a, &ext); /* supported_groups */
	OK(ward_put_vec_begin(b, 2, &list));
	for (size_t i = 0; i < h->extra_groups; i++)
		OK(ward_put_u16(b, unknown(i)));
	OK(ward_put_u16(b, WARD_GROUP_X25519));
	OK(ward_put_u16(b, WARD_GROUP_SECP256R1));
	OK(ward_put_vec_end(b, list));
	OK(ward_put_vec_end(b, ext));
	ext_begin(b, 0x000d, &ext); /* signature_algorithms */
	OK(ward_put_vec_begin(b, 2, &list));
	for (size_t i = 0; i < h->extra_sigalgs; i++)
		OK(ward_put_u16(b, unknown(i)));
	OK(ward_put_u16(b, WARD_SIG_ECDSA_SECP256R1_SHA256));
	OK(ward_put_u16(b, WARD_SIG_RSA_PSS_RSAE_SHA256));
	OK(ward_put_u16(b, WARD_SIG_ED25519));
	OK(ward_put_vec_end(b, list));
	OK(ward_put_vec_end(b, ext));
	if (h->alpn_names) {
		ext_begin(b, 0x0010, &ext);
		OK(ward_put_vec_begin(b, 2, &list));
		for (size_t i = 0; i < h->alpn_names; i++) {
			char name[16];
			int n = snprintf(name, sizeof name, "p%zu", i);
			OK(ward_put_vec(b, 1, name, (size_t)n));
		}
		OK(ward_put_vec(b, 1, "http/1.1", 8));
		OK(ward_put_vec_end(b, list));
		OK(ward_put_vec_end(b, ext));
	}
	ext_begin(b, 0x002b, &ext); /* supported_versions */
	OK(ward_put_vec(b, 1, "\x03\x04", 2));
	OK(ward_put_vec_end(b, ext));
	ext_begin(b, 0x0033, &ext); /* key_share */
	OK(ward_put_vec_begin(b, 2, &list));
	for (int pass = 0; pass < 2; pass++) {
		if (pass == (h->share_last ? 1 : 0)) {
			OK(ward_put_u16(b, WARD_GROUP_X25519));
			OK(ward_put_vec(b, 2, pub, pub_len));
			continue;
		}
		for (size_t i = 0; i < h->extra_shares; i++) {
			OK(ward_put_u16(b, unknown(i)));
			OK(ward_put_vec(b, 2, "\x01", 1));
		}
		if (h->dup_share) {
			OK(ward_put_u16(b, unknown(0)));
			OK(ward_put_vec(b, 2, "\x02", 1));
		}
	}
	OK(ward_put_vec_end(b, list));
	OK(ward_put_vec_end(b, ext));
	OK(ward_put_vec_end(b, exts));
	OK(ward_hs_end(b, msg));
}

void test_hello_records(const ward_buf *msg, ward_buf *records)
{
	ward_buf_init(records);
	for (size_t at = 0; at < msg->len;) {
		size_t n = msg->len - at < 16384 ? msg->len - at : 16384;
		OK(ward_put_u8(records, 22));
		OK(ward_put_u16(records, at == 0 ? 0x0301 : 0x0303));
		OK(ward_put_vec(records, 2, msg->data + at, n));
		at += n;
	}
}

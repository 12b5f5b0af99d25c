/* Hand-built TLS 1.3 ClientHellos with lists as long as a test wants, for
 * the tests and the benchmark of what a crafted ClientHello costs. */
#ifndef WARD_TEST_CLIENT_HELLO_H
#define WARD_TEST_CLIENT_HELLO_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

struct test_hello {
	/* entries added to each list, code points ward does not know (the
	 * real ones are there too: the default suites, x25519, P-256,
	 * ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, ed25519) */
	size_t extra_suites, extra_groups, extra_sigalgs;
	/* one-byte key shares for listed unknown groups, before (or with
	 * share_last, after) the real x25519 share */
	size_t extra_shares;
	int share_last;
	int dup_share;	   /* a second share for the first unknown group */
	size_t extra_exts; /* empty unknown extensions */
	int dup_ext;	   /* the last of those twice */
	size_t alpn_names; /* ALPN names "p0", "p1", ... then "http/1.1" */
	const char *sni;   /* NULL: none */
	int set_legacy_version; /* else legacy_version is 0x0303 */
	uint16_t legacy_version;
};

/* The whole ClientHello message (handshake header included) into `msg`,
 * with a fresh x25519 share. */
void test_hello_message(const struct test_hello *h, ward_buf *msg);
/* The message in handshake records of at most 2^14 bytes each. */
void test_hello_records(const ward_buf *msg, ward_buf *records);

#endif

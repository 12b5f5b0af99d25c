/* crypto/ca: the DER bytes of what ward issues. libcrypto parses BER
 * leniently (a BOOLEAN TRUE of 0x01, a FALSE spelled out), Chromium does
 * not, so this test reads the certificates with its own strict walker
 * (X.690 section 10: definite minimal lengths, BOOLEAN 0x00/0xFF, minimal
 * INTEGERs, no DEFAULT value encoded) and compares each extension with the
 * bytes it must have. */
#include "test.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/ca.h"
#include "crypto/internal.h"

/* ---- a strict DER reader ---- */

struct tlv {
	uint8_t tag;
	const uint8_t *v; /* contents */
	size_t len;
	const uint8_t *all; /* the whole element, tag to last byte */
	size_t all_len;
};

/* Why the bytes are not DER, for the failure message: the innermost
 * check that failed. */
static const char *why_not;
#define DER(cond)                                                              \
	do {                                                                   \
		if (!(cond)) {                                                 \
			if (why_not == NULL)                                   \
				why_not = #cond;                               \
			return 0;                                              \
		}                                                              \
	} while (0)

/* One element at *p (before end), in DER; advances *p past it. */
static int read_tlv(const uint8_t **p, const uint8_t *end, struct tlv *t)
{
	const uint8_t *q = *p;
	DER(end - q >= 2);
	t->all = q;
	t->tag = *q++;
	DER((t->tag & 0x1f) != 0x1f); /* no multi-byte tags in X.509 */
	size_t len = *q++;
	if (len & 0x80) {
		size_t n = len & 0x7f;
		/* X.690 10.1: the long form only from 128 on, in the fewest
		 * bytes; 0x80 (indefinite) is BER only */
		DER(n >= 1 && n <= 3 && (size_t)(end - q) >= n);
		DER(q[0] != 0);
		len = 0;
		for (size_t i = 0; i < n; i++)
			len = len << 8 | *q++;
		DER(len >= 128);
	}
	DER((size_t)(end - q) >= len);
	t->v = q;
	t->len = len;
	*p = q + len;
	t->all_len = (size_t)(*p - t->all);
	return 1;
}

/* Every element below t, recursively: constructed ones filled exactly by
 * their children, and the primitive types that have one DER form in it. */
static int der_ok(struct tlv t)
{
	if (t.tag & 0x20) {
		const uint8_t *p = t.v, *end = t.v + t.len;
		struct tlv c;
		while (p < end)
			DER(read_tlv(&p, end, &c) && der_ok(c));
		return 1;
	}
	switch (t.tag) {
	case 0x01: /* BOOLEAN: X.690 11.1 */
		DER(t.len == 1 && (t.v[0] == 0x00 || t.v[0] == 0xff));
		break;
	case 0x02: /* INTEGER: X.690 8.3.2, the fewest octets */
		DER(t.len >= 1);
		DER(t.len == 1 || !(t.v[0] == 0x00 && !(t.v[1] & 0x80)));
		DER(t.len == 1 || !(t.v[0] == 0xff && (t.v[1] & 0x80)));
		break;
	case 0x03: /* BIT STRING: X.690 11.2, unused bits zero */
		DER(t.len >= 1 && t.v[0] < 8 && (t.len > 1 || t.v[0] == 0));
		DER(t.len == 1 || (t.v[t.len - 1] & ((1u << t.v[0]) - 1)) == 0);
		break;
	case 0x05: /* NULL */
		DER(t.len == 0);
		break;
	}
	return 1;
}

/* Whether buf is one DER element, nothing after it. */
static int is_der(const uint8_t *buf, size_t len)
{
	const uint8_t *p = buf;
	struct tlv t;
	why_not = NULL;
	return read_tlv(&p, buf + len, &t) && der_ok(t) && p == buf + len;
}

static struct tlv next(const uint8_t **p, const uint8_t *end)
{
	struct tlv t;
	why_not = NULL;
	if (!read_tlv(p, end, &t))
		fail_msg("not DER: %s", why_not);
	return t;
}

/* The element, with this tag, that must fill [p, end) exactly; checked
 * down to its last byte. */
static struct tlv only(const uint8_t *p, const uint8_t *end, uint8_t tag)
{
	const uint8_t *start = p;
	struct tlv t = next(&p, end);
	assert_int_equal(t.tag, tag);
	assert_ptr_equal(p, end);
	if (!is_der(start, (size_t)(end - start)))
		fail_msg("not DER: %s", why_not);
	return t;
}

/* ---- a certificate's parts ---- */

#define MAX_EXTS 12

struct ext {
	struct tlv oid;
	int critical;	  /* 1: the critical BOOLEAN is there (and TRUE) */
	struct tlv value; /* the extnValue's contents: the extension's DER */
};

struct cert {
	uint8_t *der;
	size_t der_len;
	struct tlv spki_bits; /* subjectPublicKey, unused-bits byte dropped */
	struct ext ext[MAX_EXTS];
	size_t n_ext;
};

static void cert_parse(const ward_buf *pem, struct cert *c)
{
	memset(c, 0, sizeof *c);
	BIO *bio = BIO_new_mem_buf(pem->data, (int)pem->len);
	X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	assert_non_null(x);
	BIO_free(bio);
	int n = i2d_X509(x, &c->der);
	assert_true(n > 0);
	c->der_len = (size_t)n;
	X509_free(x);

	const uint8_t *end = c->der + c->der_len;
	struct tlv cert = only(c->der, end, 0x30);
	const uint8_t *p = cert.v, *cend = cert.v + cert.len;
	struct tlv tbs = next(&p, cend);
	assert_int_equal(tbs.tag, 0x30);
	assert_int_equal(next(&p, cend).tag, 0x30); /* signatureAlgorithm */
	assert_int_equal(next(&p, cend).tag, 0x03); /* signatureValue */
	assert_ptr_equal(p, cend);

	p = tbs.v;
	const uint8_t *tend = tbs.v + tbs.len;
	struct tlv version = next(&p, tend);
	assert_int_equal(version.tag, 0xa0);
	assert_memory_equal(version.v, "\x02\x01\x02", 3); /* v3 */
	assert_int_equal(next(&p, tend).tag, 0x02);	   /* serialNumber */
	assert_int_equal(next(&p, tend).tag, 0x30);	   /* signature */
	assert_int_equal(next(&p, tend).tag, 0x30);	   /* issuer */
	assert_int_equal(next(&p, tend).tag, 0x30);	   /* validity */
	assert_int_equal(next(&p, tend).tag, 0x30);	   /* subject */
	struct tlv spki = next(&p, tend);
	assert_int_equal(spki.tag, 0x30);
	struct tlv exts = next(&p, tend);
	assert_int_equal(exts.tag, 0xa3);
	assert_ptr_equal(p, tend); /* no issuer/subjectUniqueID */

	const uint8_t *s = spki.v;
	assert_int_equal(next(&s, spki.v + spki.len).tag, 0x30);
	c->spki_bits = next(&s, spki.v + spki.len);
	assert_int_equal(c->spki_bits.tag, 0x03);
	assert_int_equal(c->spki_bits.v[0], 0);
	c->spki_bits.v++;
	c->spki_bits.len--;

	struct tlv list = only(exts.v, exts.v + exts.len, 0x30);
	p = list.v;
	while (p < list.v + list.len) {
		assert_true(c->n_ext < MAX_EXTS);
		struct ext *e = &c->ext[c->n_ext++];
		struct tlv ext = next(&p, list.v + list.len);
		assert_int_equal(ext.tag, 0x30);
		const uint8_t *q = ext.v, *eend = ext.v + ext.len;
		e->oid = next(&q, eend);
		assert_int_equal(e->oid.tag, 0x06);
		struct tlv t = next(&q, eend);
		if (t.tag == 0x01) {
			/* critical DEFAULT FALSE: present only when TRUE
			 * (X.690 11.5) */
			assert_int_equal(t.len, 1);
			assert_int_equal(t.v[0], 0xff);
			e->critical = 1;
			t = next(&q, eend);
		}
		assert_int_equal(t.tag, 0x04);
		assert_ptr_equal(q, eend);
		e->value = only(t.v, t.v + t.len, t.v[0]);
	}
}

static void cert_free(struct cert *c)
{
	OPENSSL_free(c->der);
}

/* id-ce-X (2.5.29.X) */
static const struct ext *find(const struct cert *c, uint8_t id_ce)
{
	const struct ext *found = NULL;
	for (size_t i = 0; i < c->n_ext; i++) {
		const struct tlv *o = &c->ext[i].oid;
		if (o->len == 3 && o->v[0] == 0x55 && o->v[1] == 0x1d &&
		    o->v[2] == id_ce) {
			assert_null(found); /* RFC 5280 4.2: at most once */
			found = &c->ext[i];
		}
	}
	assert_non_null(found);
	return found;
}

#define BASIC_CONSTRAINTS 19
#define KEY_USAGE 15
#define EXT_KEY_USAGE 37
#define SUBJECT_ALT_NAME 17
#define SUBJECT_KEY_ID 14
#define AUTHORITY_KEY_ID 35

static void expect(const struct cert *c, uint8_t id, int critical,
		   const char *der, size_t len)
{
	const struct ext *e = find(c, id);
	if (e->critical != critical)
		fail_msg("extension 2.5.29.%u: critical %d, want %d", id,
			 e->critical, critical);
	if (e->value.all_len != len || memcmp(e->value.all, der, len) != 0) {
		char got[256] = "";
		for (size_t i = 0; i < e->value.all_len && i < 80; i++)
			snprintf(got + strlen(got), sizeof got - strlen(got),
				 "%02x ", e->value.all[i]);
		fail_msg("extension 2.5.29.%u: got %s", id, got);
	}
}
#define EXPECT(c, id, crit, lit) expect(c, id, crit, lit, sizeof lit - 1)

/* RFC 7093 2 method 1, computed here from the DER: 04 14 + 20 bytes */
static void key_id(const struct cert *c, uint8_t out[20])
{
	uint8_t md[32];
	unsigned int n;
	assert_true(EVP_Digest(c->spki_bits.v, c->spki_bits.len, md, &n,
			       EVP_sha256(), NULL));
	memcpy(out, md, 20);
}

static void expect_key_ids(const struct cert *c, const struct cert *issuer)
{
	uint8_t ski[22] = {0x04, 0x14}, aki[24] = {0x30, 0x16, 0x80, 0x14};
	key_id(c, ski + 2);
	key_id(issuer, aki + 4);
	expect(c, SUBJECT_KEY_ID, 0, (const char *)ski, sizeof ski);
	expect(c, AUTHORITY_KEY_ID, 0, (const char *)aki, sizeof aki);
}

/* ---- what ward issues ---- */

struct chain {
	ward_pkey *ca_key, *key;
	ward_buf ca_pem, pem;
	struct cert ca, leaf;
};

static void chain_make(struct chain *ch, ward_key_type type, int client,
		       const char *const *dns, size_t n_dns)
{
	static const char *const ips[] = {"127.0.0.1", "::1"};
	memset(ch, 0, sizeof *ch);
	assert_ok(ward_pkey_generate(WARD_KEY_EC_P256, &ch->ca_key));
	assert_ok(ward_pkey_generate(type, &ch->key));
	ward_buf_init(&ch->ca_pem);
	ward_buf_init(&ch->pem);
	assert_ok(ward_ca_make_root(ch->ca_key, NULL, 3650, &ch->ca_pem));
	struct ward_ca_issue_params p = {
	    .ca_cert_pem = ward_buf_slice(&ch->ca_pem),
	    .ca_key = ch->ca_key,
	    .subject_key = ch->key,
	    .dns_names = dns,
	    .n_dns = n_dns,
	    .ips = ips,
	    .n_ips = 2,
	    .client = client,
	    .days = 825,
	};
	assert_ok(ward_ca_issue(&p, &ch->pem));
	cert_parse(&ch->ca_pem, &ch->ca);
	cert_parse(&ch->pem, &ch->leaf);
}

static void chain_free(struct chain *ch)
{
	cert_free(&ch->ca);
	cert_free(&ch->leaf);
	ward_buf_free(&ch->ca_pem);
	ward_buf_free(&ch->pem);
	ward_pkey_free(ch->ca_key);
	ward_pkey_free(ch->key);
}

static const char *const localhost[] = {"localhost"};

/* SAN: dNSName [2] "localhost", iPAddress [7] 127.0.0.1 and ::1 */
#define SAN_LOCALHOST                                                          \
	"\x30\x23\x82\x09localhost\x87\x04\x7f\x00\x00\x01"                    \
	"\x87\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" \
	"\x01"

static void root_extensions(void **state)
{
	(void)state;
	struct chain ch;
	chain_make(&ch, WARD_KEY_EC_P256, 0, localhost, 1);
	assert_int_equal(ch.ca.n_ext, 4);
	/* SEQUENCE { cA TRUE, pathLenConstraint 0 } */
	EXPECT(&ch.ca, BASIC_CONSTRAINTS, 1,
	       "\x30\x06\x01\x01\xff\x02\x01\x00");
	/* keyCertSign (5) and cRLSign (6): one unused bit */
	EXPECT(&ch.ca, KEY_USAGE, 1, "\x03\x02\x01\x06");
	expect_key_ids(&ch.ca, &ch.ca);
	chain_free(&ch);
}

static void leaf_extensions(void **state)
{
	(void)state;
	struct chain ch;
	chain_make(&ch, WARD_KEY_EC_P256, 0, localhost, 1);
	assert_int_equal(ch.leaf.n_ext, 6);
	/* cA FALSE is the DEFAULT: an empty SEQUENCE (X.690 11.5) */
	EXPECT(&ch.leaf, BASIC_CONSTRAINTS, 1, "\x30\x00");
	/* digitalSignature (0): seven unused bits */
	EXPECT(&ch.leaf, KEY_USAGE, 1, "\x03\x02\x07\x80");
	/* id-kp-serverAuth 1.3.6.1.5.5.7.3.1 */
	EXPECT(&ch.leaf, EXT_KEY_USAGE, 0,
	       "\x30\x0a\x06\x08\x2b\x06\x01\x05\x05\x07\x03\x01");
	EXPECT(&ch.leaf, SUBJECT_ALT_NAME, 0, SAN_LOCALHOST);
	expect_key_ids(&ch.leaf, &ch.ca);
	chain_free(&ch);
}

static void rsa_client_leaf_extensions(void **state)
{
	(void)state;
	struct chain ch;
	chain_make(&ch, WARD_KEY_RSA, 1, localhost, 1);
	/* digitalSignature (0) and keyEncipherment (2): five unused bits */
	EXPECT(&ch.leaf, KEY_USAGE, 1, "\x03\x02\x05\xa0");
	/* serverAuth, then id-kp-clientAuth 1.3.6.1.5.5.7.3.2 */
	EXPECT(&ch.leaf, EXT_KEY_USAGE, 0,
	       "\x30\x14\x06\x08\x2b\x06\x01\x05\x05\x07\x03\x01"
	       "\x06\x08\x2b\x06\x01\x05\x05\x07\x03\x02");
	chain_free(&ch);
}

/* A first name too long for the CN leaves the subject empty, and then the
 * SAN must be critical (RFC 5280 4.2.1.6); its length takes the long
 * form. */
static void empty_subject_has_critical_san(void **state)
{
	(void)state;
	char name[80];
	memset(name, 'a', 70);
	memcpy(name + 60, ".example", 9);
	const char *dns[] = {name};
	struct chain ch;
	chain_make(&ch, WARD_KEY_EC_P256, 0, dns, 1);
	const struct ext *san = find(&ch.leaf, SUBJECT_ALT_NAME);
	assert_int_equal(san->critical, 1);
	/* 2 + 68 + 6 + 18 = 94 bytes */
	assert_memory_equal(san->value.all, "\x30\x5e\x82\x44", 4);
	assert_memory_equal(san->value.all + 4, name, 68);

	char big[200];
	memset(big, 'b', 189);
	memcpy(big + 63, ".", 1);
	memcpy(big + 127, ".", 1);
	memcpy(big + 189, ".test", 6);
	const char *dns2[] = {big};
	struct chain ch2;
	chain_make(&ch2, WARD_KEY_EC_P256, 0, dns2, 1);
	san = find(&ch2.leaf, SUBJECT_ALT_NAME);
	/* 3 + 194 + 6 + 18 = 221 bytes: 30 81 dd */
	assert_memory_equal(san->value.all, "\x30\x81\xdd\x82\x81\xc2", 6);
	chain_free(&ch);
	chain_free(&ch2);
}

/* The walker refuses what DER forbids, so the tests above can fail. */
static void walker_is_strict(void **state)
{
	(void)state;
#define OK(lit) assert_true(is_der((const uint8_t *)lit, sizeof lit - 1))
#define NOT(lit) assert_false(is_der((const uint8_t *)lit, sizeof lit - 1))
	OK("\x30\x06\x01\x01\xff\x02\x01\x00");
	NOT("\x30\x06\x01\x01\x01\x02\x01\x00"); /* TRUE as 0x01 */
	NOT("\x30\x81\x03\x01\x01\xff");	 /* long form under 128 */
	NOT("\x30\x80\x01\x01\xff\x00\x00");	 /* indefinite */
	NOT("\x30\x04\x01\x01\xff");		 /* runs past the end */
	NOT("\x30\x03\x01\x01\xff\x00");	 /* trailing byte */
	NOT("\x30\x04\x01\x01\xff\x05");	 /* child cut short */
	NOT("\x02\x02\x00\x01");		 /* INTEGER not minimal */
	NOT("\x02\x02\xff\x80");
	OK("\x02\x02\x00\x80");
	NOT("\x03\x02\x01\x07"); /* unused bit set */
	OK("\x03\x02\x01\x06");
	NOT("\x03\x01\x01");
	NOT("\x05\x01\x00");
#undef OK
#undef NOT
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(walker_is_strict),
	    cmocka_unit_test(root_extensions),
	    cmocka_unit_test(leaf_extensions),
	    cmocka_unit_test(rsa_client_leaf_extensions),
	    cmocka_unit_test(empty_subject_has_critical_san),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

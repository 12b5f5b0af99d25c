/* libFuzzer: the record layer — framing, then opening under a plaintext
 * epoch, a TLS 1.3 epoch of each AEAD, and TLS 1.2 CBC epochs (both MACs,
 * MAC-then-encrypt and encrypt-then-MAC), keyed with the fixed keys the
 * seeds were sealed with (fuzz-gen-seeds), so that seeds get past the tag
 * or MAC check to the padding and content type. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tls/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	for (int mode = 0; mode < FUZZ_RECORD_MODES; mode++) {
		ward_tls_prot p;
		if (fuzz_record_prot(&p, mode, 0) != WARD_OK)
			continue;
		int cbc = mode >= FUZZ_RECORD_CBC_FIRST;
		memcpy(copy, data, size);
		size_t off = 0;
		while (off < size) {
			ward_tls_record rec;
			if (ward_tls_record_parse(copy + off, size - off, &p,
						  &rec) != WARD_OK)
				break;
			if (rec.total_len > size - off ||
			    rec.body + rec.body_len > copy + size)
				abort();
			uint8_t *frag = rec.body;
			size_t frag_len = rec.body_len;
			ward_err err = ward_tls_record_open(&p, &rec);
			/* TLS 1.3 hides the type; TLS 1.2 keeps the outer */
			if (err == WARD_OK && mode > 0 && !cbc &&
			    (rec.body_len > WARD_TLS_MAX_PLAINTEXT ||
			     rec.type < WARD_TLS_CT_ALERT ||
			     rec.type > WARD_TLS_CT_APPLICATION_DATA))
				abort();
			/* CBC: the plaintext lies inside the fragment, and
			 * every failure is one of two alerts, never another
			 * error that would tell padding from MAC */
			if (cbc && err == WARD_OK &&
			    (rec.body_len > WARD_TLS_MAX_PLAINTEXT ||
			     rec.body < frag ||
			     rec.body + rec.body_len > frag + frag_len))
				abort();
			if (cbc && err != WARD_OK &&
			    err != WARD_ERR_BAD_RECORD_MAC &&
			    err != WARD_ERR_RECORD_OVERFLOW)
				abort();
			off += rec.total_len;
		}
		ward_tls_prot_free(&p);
	}
	free(copy);
	return 0;
}

/* libFuzzer: the record layer — framing, then opening under a plaintext
 * epoch and a TLS 1.3 epoch of each AEAD, keyed with the fixed key and IV
 * the seeds were sealed with (fuzz-gen-seeds), so that seeds get past the
 * tag check to the padding and content type. */
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
	for (int mode = 0; mode < 4; mode++) {
		ward_tls_prot p;
		ward_tls_prot_init_plain(&p);
		if (mode > 0 &&
		    ward_tls_prot_init_tls13(&p, (ward_aead_alg)(mode - 1),
					     fuzz_record_key, fuzz_record_iv,
					     0) != WARD_OK)
			continue;
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
			if (ward_tls_record_open(&p, &rec) == WARD_OK &&
			    mode > 0 &&
			    (rec.body_len > WARD_TLS_MAX_PLAINTEXT ||
			     rec.type < WARD_TLS_CT_ALERT ||
			     rec.type > WARD_TLS_CT_APPLICATION_DATA))
				abort();
			off += rec.total_len;
		}
		ward_tls_prot_free(&p);
	}
	free(copy);
	return 0;
}

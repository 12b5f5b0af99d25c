/* libFuzzer: the record layer — framing, then opening under a plaintext
 * and a TLS 1.3 epoch. */
#include <stdlib.h>
#include <string.h>

#include "tls/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[32] = {1, 2, 3};
	static const uint8_t iv[12] = {4, 5, 6};
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	for (int mode = 0; mode < 4; mode++) {
		ward_tls_prot p;
		ward_tls_prot_init_plain(&p);
		if (mode > 0 && ward_tls_prot_init_tls13(&p, (ward_aead_alg)(mode - 1),
							key, iv, 0) != WARD_OK)
			continue;
		memcpy(copy, data, size);
		size_t off = 0;
		while (off < size) {
			ward_tls_record rec;
			if (ward_tls_record_parse(copy + off, size - off, &p,
						  &rec) != WARD_OK)
				break;
			(void)ward_tls_record_open(&p, &rec);
			off += rec.total_len;
		}
		ward_tls_prot_free(&p);
	}
	free(copy);
	return 0;
}

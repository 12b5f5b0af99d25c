/* libFuzzer: the trace decoder (tls/trace.c) on handshake messages as a
 * peer could send them. Input: a flags byte (bit 0: sent by us; bits 1-2:
 * the version known, 0 none, 1 TLS 1.2, 2 TLS 1.3), an event kind byte
 * (tls.h), then the message, header included (for alerts: level and
 * description). The seeds are the messages of real engine-vs-engine
 * handshakes (tests/unit/test_tls_trace.c writes them). Whatever the
 * bytes, the decoder stays inside them, and what it returns is bounded,
 * NUL-terminated printable text. */
#include <stdlib.h>
#include <string.h>

#include "tls/handshake.h"
#include "tls/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t versions[4] = {0, WARD_TLS_VERSION_12,
					     WARD_TLS_VERSION_13, 0};
	static ward_tls_trace_decoded d;
	if (size < 2)
		return 0;
	ward_tls_trace_event ev = {
	    .kind = (ward_tls_trace_kind)(data[1] % 4 + 1),
	    .sent = data[0] & 1,
	    .version = versions[(data[0] >> 1) & 3],
	    .role = WARD_TLS_CLIENT,
	    .msg = ward_slice_make(data + 2, size - 2),
	    .length = size - 2,
	};
	if (ev.kind == WARD_TLS_TRACE_HANDSHAKE && size > 2)
		ev.hs_type = data[2];
	if (ev.kind == WARD_TLS_TRACE_ALERT && size >= 4) {
		ev.alert_level = data[2];
		ev.alert_desc = data[3];
	}
	ward_tls_trace_decode(&ev, &d);
	if (!d.name || d.n_fields > WARD_TLS_TRACE_MAX_FIELDS ||
	    d.used > sizeof d.text || d.n_items > WARD_TLS_MAX_CHAIN)
		abort();
	for (size_t i = 0; i < d.n_fields; i++) {
		const char *v = d.f[i].value;
		if (!d.f[i].key || v < d.text || v >= d.text + d.used ||
		    d.f[i].item >= (int)d.n_items || d.f[i].item < -1)
			abort();
		size_t n = strlen(v);
		if (v + n >= d.text + sizeof d.text)
			abort();
		for (size_t k = 0; k < n; k++)
			if (v[k] < 0x20 || v[k] >= 0x7f)
				abort();
		if (ward_tls_trace_get(&d, d.f[i].key, d.f[i].item) == NULL)
			abort();
	}
	return 0;
}

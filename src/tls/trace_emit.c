/* The trace hook's side of the engine: events built from what the record
 * and handshake layers write and read (tls.h, ward_tls_set_trace). */
#include <string.h>

#include "tls/conn.h"

void ward_tls_set_trace(ward_tls_conn *c, ward_tls_trace_fn fn, void *ctx)
{
	c->trace = fn;
	c->trace_ctx = ctx;
}

/* The keys one direction is under now. */
static ward_tls_epoch epoch_of(const ward_tls_conn *c, int sent)
{
	const ward_tls_prot *p = sent ? &c->wr : &c->rd;
	switch (p->kind) {
	case WARD_TLS_PROT_PLAINTEXT:
		return WARD_TLS_EPOCH_PLAINTEXT;
	case WARD_TLS_PROT_TLS13_AEAD:
		return (ward_tls_epoch)(sent ? c->wr_epoch13 : c->rd_epoch13);
	default:
		return WARD_TLS_EPOCH_APPLICATION;
	}
}

static void event_init(const ward_tls_conn *c, ward_tls_trace_event *ev,
		       ward_tls_trace_kind kind, int sent)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->sent = sent;
	ev->version = c->info.version;
	ev->role = c->role;
	ev->epoch = epoch_of(c, sent);
}

/* p holds whole messages back to back (a flight we frame, or one message
 * received); each is one event. */
void ward_tls_trace_handshake(ward_tls_conn *c, int sent, const uint8_t *p,
			      size_t len)
{
	ward_reader r = ward_reader_make(p, len);
	while (ward_reader_left(&r) >= WARD_HS_HEADER_LEN) {
		const uint8_t *start = r.p + r.off;
		uint8_t type;
		uint32_t body_len;
		if (ward_read_u8(&r, &type) != WARD_OK ||
		    ward_read_u24(&r, &body_len) != WARD_OK ||
		    ward_read_skip(&r, body_len) != WARD_OK)
			return;
		ward_tls_trace_event ev;
		event_init(c, &ev, WARD_TLS_TRACE_HANDSHAKE, sent);
		ev.hs_type = type;
		ev.msg = ward_slice_make(start, WARD_HS_HEADER_LEN + body_len);
		ev.length = ev.msg.len;
		c->trace(c->trace_ctx, &ev);
	}
}

void ward_tls_trace_record(ward_tls_conn *c, ward_tls_trace_kind kind, int sent,
			   uint8_t level, uint8_t desc, size_t length)
{
	ward_tls_trace_event ev;
	event_init(c, &ev, kind, sent);
	/* ChangeCipherSpec is never protected (RFC 8446 5, RFC 5246 7.1) */
	if (kind == WARD_TLS_TRACE_CCS)
		ev.epoch = WARD_TLS_EPOCH_PLAINTEXT;
	ev.alert_level = level;
	ev.alert_desc = desc;
	ev.length = length;
	c->trace(c->trace_ctx, &ev);
}

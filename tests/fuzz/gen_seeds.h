/* What the seed generator's parts share (gen_seeds.c, gen_seeds12.c). */
#ifndef WARD_FUZZ_GEN_SEEDS_H
#define WARD_FUZZ_GEN_SEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

/* Exit with a message, or unless err is WARD_OK. */
void die(const char *what);
void ok(ward_err err, const char *what);
size_t unhex(const char *hex, uint8_t *out, size_t cap);

/* FUZZ_OP_HOLD while ops are to reach the server together */
extern uint8_t hold;
/* Append one op (fixture.h) to a script. */
void op(ward_buf *s, uint8_t code, const void *p, size_t n);
void next(ward_buf *s);
/* SERVER: the server acts (what: FUZZ_SERVER_*), with data to send */
void server(ward_buf *s, uint8_t what, const char *data);

/* What a seed must make the server do. */
struct expect {
	int done;
	size_t app_bytes;
	unsigned key_updates;
	int close_notify;
	ward_err err;
	uint8_t alert; /* 255: none */
	/* when not 0: what was negotiated */
	uint16_t suite, group, sigscheme;
};
/* Run the script through the harness's interpreter, check it against e,
 * and write (or compare) it as the server seed NAME. */
void server_seed(const char *name, const ward_buf *script,
		 const struct expect *e);

extern const char get_request[];

/* The TLS 1.2 server seeds (gen_seeds12.c). */
void seeds_server12(void);

#endif

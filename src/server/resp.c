/* The RESP2 reply reader (resp.h). */
#include <string.h>

#include "server/resp.h"

/* A line up to CRLF (not included); partial until the CRLF arrives. A
 * bare CR or LF inside is malformed. */
static ward_err read_line(ward_reader *r, ward_slice *line)
{
	size_t start = r->off;
	for (;;) {
		uint8_t c;
		if (r->off - start > WARD_RESP_MAX_STRING + 24)
			return WARD_ERR_DECODE;
		if (ward_read_u8(r, &c) != WARD_OK)
			return WARD_ERR_WANT_INPUT;
		if (c == '\n')
			return WARD_ERR_DECODE;
		if (c != '\r')
			continue;
		if (ward_read_u8(r, &c) != WARD_OK)
			return WARD_ERR_WANT_INPUT;
		if (c != '\n')
			return WARD_ERR_DECODE;
		*line = ward_slice_make(r->p + start, r->off - start - 2);
		return WARD_OK;
	}
}

/* Strict decimal: an optional '-', 1 to 18 digits, no leading '+' or
 * blanks. */
static ward_err parse_int(ward_slice s, int64_t *out)
{
	size_t i = 0;
	int neg = s.len > 0 && s.p[0] == '-';
	i = (size_t)neg;
	if (s.len == i || s.len - i > 18)
		return WARD_ERR_DECODE;
	int64_t v = 0;
	for (; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return WARD_ERR_DECODE;
		v = v * 10 + (s.p[i] - '0');
	}
	*out = neg ? -v : v;
	return WARD_OK;
}

static ward_err parse_value(ward_reader *r, ward_resp_value *v, int depth,
			    size_t *budget)
{
	uint8_t type;
	ward_slice line;
	if (ward_read_u8(r, &type) != WARD_OK)
		return WARD_ERR_WANT_INPUT;
	WARD_TRY(read_line(r, &line));
	memset(v, 0, sizeof *v);
	switch (type) {
	case '+':
	case '-':
		if (line.len > WARD_RESP_MAX_STRING)
			return WARD_ERR_DECODE;
		v->type = type == '+' ? WARD_RESP_SIMPLE : WARD_RESP_ERROR;
		v->str = line;
		return WARD_OK;
	case ':':
		v->type = WARD_RESP_INTEGER;
		return parse_int(line, &v->integer);
	case '$': {
		int64_t n;
		WARD_TRY(parse_int(line, &n));
		if (n == -1) {
			v->type = WARD_RESP_NULL;
			return WARD_OK;
		}
		if (n < 0 || n > WARD_RESP_MAX_STRING)
			return WARD_ERR_DECODE;
		const uint8_t *body, *crlf;
		if (ward_read_bytes(r, (size_t)n, &body) != WARD_OK ||
		    ward_read_bytes(r, 2, &crlf) != WARD_OK)
			return WARD_ERR_WANT_INPUT;
		if (crlf[0] != '\r' || crlf[1] != '\n')
			return WARD_ERR_DECODE;
		v->type = WARD_RESP_BULK;
		v->str = ward_slice_make(body, (size_t)n);
		return WARD_OK;
	}
	case '*': {
		int64_t n;
		WARD_TRY(parse_int(line, &n));
		if (n == -1) {
			v->type = WARD_RESP_NULL;
			return WARD_OK;
		}
		if (n < 0 || (uint64_t)n > *budget ||
		    depth == WARD_RESP_MAX_DEPTH)
			return WARD_ERR_DECODE;
		*budget -= (size_t)n;
		v->type = WARD_RESP_ARRAY;
		v->integer = n;
		for (int64_t i = 0; i < n; i++) {
			ward_resp_value e;
			WARD_TRY(parse_value(r, &e, depth + 1, budget));
		}
		return WARD_OK;
	}
	default:
		return WARD_ERR_DECODE;
	}
}

ward_err ward_resp_parse(const uint8_t *in, size_t len, ward_resp_value *v,
			 size_t *used)
{
	ward_reader r = ward_reader_make(in, len);
	size_t budget = WARD_RESP_MAX_ELEMENTS;
	WARD_TRY(parse_value(&r, v, 0, &budget));
	*used = r.off;
	return WARD_OK;
}

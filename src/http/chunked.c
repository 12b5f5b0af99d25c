/* The chunked transfer coding, decoder side (RFC 9112 7.1).
 *
 * A byte-at-a-time state machine for the framing (sizes, extensions, CRLFs,
 * trailers) and a bulk move for chunk data, so input may be split anywhere.
 * Body bytes are compacted to the front of the caller's buffer: nothing is
 * allocated per chunk; only trailer fields are kept, in d->trailers.
 */
#include <string.h>

#include "http/http.h"

#define BAD WARD_ERR_HTTP_BAD_REQUEST

/* A size line is "1*HEXDIG [ext] CRLF"; extensions carry nothing we use, so
 * a long line is only a way to make us spin. */
#define MAX_SIZE_LINE 4096
/* 16 hex digits fill a uint64_t; more would overflow (RFC 9112 7.1 asks
 * recipients to guard against that). */
#define MAX_SIZE_DIGITS 16

enum {
	ST_SIZE_FIRST,	   /* the first HEXDIG of chunk-size */
	ST_SIZE,	   /* more HEXDIG, BWS, ';' or CR */
	ST_BWS_SEMI,	   /* BWS that must lead to ';' */
	ST_EXT_NAME_FIRST, /* BWS, then the first tchar of a name */
	ST_EXT_NAME,	   /* tchar, BWS, '=', ';' or CR */
	ST_EXT_NAME_BWS,   /* BWS after a name: '=' or ';' must follow */
	ST_EXT_VAL_FIRST,  /* BWS, then a token or a quoted-string */
	ST_EXT_VAL_TOKEN,
	ST_EXT_VAL_QUOTED,
	ST_EXT_VAL_ESCAPE, /* after a backslash in a quoted-string */
	ST_EXT_VAL_END,	   /* after the closing quote: BWS, ';' or CR */
	ST_SIZE_LF,
	ST_DATA,
	ST_DATA_CR,
	ST_DATA_LF,
	ST_TRAILER_FIRST, /* a trailer field's first byte, or the final CR */
	ST_TRAILER_NAME,
	ST_TRAILER_VALUE,
	ST_TRAILER_LF,
	ST_END_LF,
	ST_DONE,
	ST_FAILED,
};

void ward_http_chunked_init(ward_http_chunked *d, uint64_t max_body,
			    size_t max_trailer)
{
	memset(d, 0, sizeof *d);
	d->state = ST_SIZE_FIRST;
	d->max_body = max_body;
	d->max_trailer = max_trailer;
	ward_buf_init(&d->trailers);
}

void ward_http_chunked_free(ward_http_chunked *d)
{
	ward_buf_free(&d->trailers);
}

static int is_ws(uint8_t c)
{
	return c == ' ' || c == '\t';
}

/* qdtext and quoted-pair's characters (RFC 9110 5.6.4) */
static int is_qdtext(uint8_t c)
{
	return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) ||
	       (c >= 0x5d && c <= 0x7e) || c >= 0x80;
}

/* The size is complete: the body limit is decided before any data. */
static ward_err size_done(ward_http_chunked *d)
{
	WARD_ENSURE(d->chunk_left <= d->max_body - d->total,
		    WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
	d->total += d->chunk_left;
	return WARD_OK;
}

/* Where a size line may end or continue after a complete element. */
static ward_err after_element(ward_http_chunked *d, uint8_t c)
{
	if (c == '\r')
		d->state = ST_SIZE_LF;
	else if (c == ';')
		d->state = ST_EXT_NAME_FIRST;
	else if (is_ws(c))
		d->state = ST_BWS_SEMI;
	else
		return BAD;
	return WARD_OK;
}

/* chunk-size [ chunk-ext ] CRLF, where chunk-ext = *( BWS ";" BWS
 * chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) (RFC 9112 7.1.1). The
 * extensions are checked and ignored. */
static ward_err size_line(ward_http_chunked *d, uint8_t c)
{
	/* RFC 9112 2.2: the line ends with CRLF; a bare LF is refused */
	WARD_ENSURE(c != '\n', BAD);
	WARD_ENSURE(++d->line_len <= MAX_SIZE_LINE, BAD);
	int h = ward_hex_value(c);
	switch (d->state) {
	case ST_SIZE_FIRST:
		WARD_ENSURE(h >= 0, BAD);
		d->chunk_left = (uint64_t)h;
		d->state = ST_SIZE;
		return WARD_OK;
	case ST_SIZE:
		if (h >= 0) {
			WARD_ENSURE(d->line_len <= MAX_SIZE_DIGITS, BAD);
			d->chunk_left = d->chunk_left << 4 | (uint64_t)h;
			return WARD_OK;
		}
		WARD_TRY(size_done(d));
		return after_element(d, c);
	case ST_BWS_SEMI:
		if (is_ws(c))
			return WARD_OK;
		WARD_ENSURE(c == ';', BAD);
		d->state = ST_EXT_NAME_FIRST;
		return WARD_OK;
	case ST_EXT_NAME_FIRST:
		if (is_ws(c))
			return WARD_OK;
		WARD_ENSURE(ward_http_is_tchar(c), BAD);
		d->state = ST_EXT_NAME;
		return WARD_OK;
	case ST_EXT_NAME:
		if (ward_http_is_tchar(c))
			return WARD_OK;
		if (c == '=') {
			d->state = ST_EXT_VAL_FIRST;
			return WARD_OK;
		}
		if (is_ws(c)) {
			d->state = ST_EXT_NAME_BWS;
			return WARD_OK;
		}
		return after_element(d, c);
	case ST_EXT_NAME_BWS:
		if (is_ws(c))
			return WARD_OK;
		if (c == '=')
			d->state = ST_EXT_VAL_FIRST;
		else if (c == ';')
			d->state = ST_EXT_NAME_FIRST;
		else
			return BAD;
		return WARD_OK;
	case ST_EXT_VAL_FIRST:
		if (is_ws(c))
			return WARD_OK;
		if (c == '"')
			d->state = ST_EXT_VAL_QUOTED;
		else if (ward_http_is_tchar(c))
			d->state = ST_EXT_VAL_TOKEN;
		else
			return BAD;
		return WARD_OK;
	case ST_EXT_VAL_TOKEN:
		if (ward_http_is_tchar(c))
			return WARD_OK;
		return after_element(d, c);
	case ST_EXT_VAL_QUOTED:
		if (c == '"')
			d->state = ST_EXT_VAL_END;
		else if (c == '\\')
			d->state = ST_EXT_VAL_ESCAPE;
		else
			WARD_ENSURE(is_qdtext(c), BAD);
		return WARD_OK;
	case ST_EXT_VAL_ESCAPE:
		/* quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ) */
		WARD_ENSURE(is_qdtext(c) || c == '"' || c == '\\', BAD);
		d->state = ST_EXT_VAL_QUOTED;
		return WARD_OK;
	case ST_EXT_VAL_END:
		return after_element(d, c);
	}
	return WARD_ERR_INTERNAL;
}

/* trailer-section = *( field-line CRLF ) (RFC 9112 7.1.2), kept raw. */
static ward_err trailer(ward_http_chunked *d, uint8_t c)
{
	if (d->state == ST_TRAILER_FIRST && c == '\r') {
		d->state = ST_END_LF;
		return WARD_OK;
	}
	WARD_ENSURE(++d->trailer_bytes <= d->max_trailer,
		    WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	switch (d->state) {
	case ST_TRAILER_FIRST:
		/* RFC 9112 5.2: obs-fold is refused, here as in the head */
		WARD_ENSURE(ward_http_is_tchar(c), BAD);
		d->state = ST_TRAILER_NAME;
		break;
	case ST_TRAILER_NAME:
		/* RFC 9112 5.1: no whitespace before the colon */
		if (c == ':')
			d->state = ST_TRAILER_VALUE;
		else
			WARD_ENSURE(ward_http_is_tchar(c), BAD);
		break;
	case ST_TRAILER_VALUE:
		if (c == '\r')
			d->state = ST_TRAILER_LF;
		else
			/* no CTL but HTAB, no DEL (RFC 9110 5.5) */
			WARD_ENSURE(c == '\t' || (c >= 0x20 && c != 0x7f), BAD);
		break;
	case ST_TRAILER_LF:
		WARD_ENSURE(c == '\n', BAD);
		d->state = ST_TRAILER_FIRST;
		break;
	default:
		return WARD_ERR_INTERNAL;
	}
	return ward_put_u8(&d->trailers, c);
}

/* One byte of framing (anything but chunk data). */
static ward_err step(ward_http_chunked *d, uint8_t c)
{
	switch (d->state) {
	case ST_SIZE_LF:
		WARD_ENSURE(c == '\n', BAD);
		d->line_len = 0;
		/* last-chunk = 1*"0" [ chunk-ext ] CRLF */
		d->state = d->chunk_left ? ST_DATA : ST_TRAILER_FIRST;
		return WARD_OK;
	case ST_DATA_CR:
		/* chunk-data is followed by CRLF exactly */
		WARD_ENSURE(c == '\r', BAD);
		d->state = ST_DATA_LF;
		return WARD_OK;
	case ST_DATA_LF:
		WARD_ENSURE(c == '\n', BAD);
		d->state = ST_SIZE_FIRST;
		return WARD_OK;
	case ST_TRAILER_FIRST:
	case ST_TRAILER_NAME:
	case ST_TRAILER_VALUE:
	case ST_TRAILER_LF:
		return trailer(d, c);
	case ST_END_LF:
		WARD_ENSURE(c == '\n', BAD);
		d->state = ST_DONE;
		return WARD_OK;
	default:
		return size_line(d, c);
	}
}

ward_err ward_http_chunked_decode(ward_http_chunked *d, uint8_t *in, size_t len,
				  size_t *used, size_t *body_len, int *done)
{
	size_t i = 0, out = 0;
	ward_err err = WARD_OK;

	*used = 0;
	*body_len = 0;
	*done = 0;
	WARD_ENSURE(d->state != ST_FAILED, WARD_ERR_STATE);
	while (i < len && d->state != ST_DONE) {
		if (d->state == ST_DATA) {
			size_t n = len - i;
			if (d->chunk_left < n)
				n = (size_t)d->chunk_left;
			memmove(in + out, in + i, n);
			out += n;
			i += n;
			d->chunk_left -= n;
			if (d->chunk_left == 0)
				d->state = ST_DATA_CR;
			continue;
		}
		err = step(d, in[i]);
		if (err != WARD_OK) {
			d->state = ST_FAILED;
			return err;
		}
		i++;
	}
	*used = i;
	*body_len = out;
	*done = d->state == ST_DONE;
	return WARD_OK;
}

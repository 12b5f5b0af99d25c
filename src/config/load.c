/* The configuration tree from libyaml's events (conf.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "config/conf.h"

#define MAX_KEYS 1024 /* per mapping: keeps the duplicate check cheap */

void ward_conf_errs_init(ward_conf_errs *e)
{
	ward_buf_init(&e->text);
	e->n = 0;
}

void ward_conf_errs_free(ward_conf_errs *e)
{
	ward_buf_free(&e->text);
	e->n = 0;
}

/* One line per error, whatever the file holds: control bytes in a quoted
 * key or value are written as \xNN. */
static ward_err put_clean(ward_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != 0x7f) {
			WARD_TRY(ward_put_u8(b, c));
			continue;
		}
		char esc[5];
		snprintf(esc, sizeof esc, "\\x%02x", c);
		WARD_TRY(ward_put_str(b, esc));
	}
	return WARD_OK;
}

void ward_conf_err_at(ward_conf_errs *e, const char *file, unsigned line,
		      unsigned col, const char *key, const char *msg)
{
	char head[64];
	if (e->n++ >= WARD_CONF_MAX_ERRORS)
		return;
	snprintf(head, sizeof head, ":%u:%u: ", line, col);
	/* out of memory only loses the message; the count stays */
	if (put_clean(&e->text, file) != WARD_OK ||
	    ward_put_str(&e->text, head) != WARD_OK)
		return;
	if (key && (ward_put_str(&e->text, "key '") != WARD_OK ||
		    put_clean(&e->text, key) != WARD_OK ||
		    ward_put_str(&e->text, "': ") != WARD_OK))
		return;
	if (put_clean(&e->text, msg) == WARD_OK &&
	    ward_put_u8(&e->text, '\n') != WARD_OK)
		return;
}

void ward_conf_err(ward_conf_errs *e, const char *file,
		   const ward_conf_node *at, const char *key, const char *fmt,
		   ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ward_conf_err_at(e, file, at ? at->line : 1, at ? at->col : 1, key,
			 msg);
}

static void node_free(ward_conf_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_kid; i++)
		node_free(n->kid[i]);
	free(n->kid);
	free(n->str);
	free(n);
}

void ward_conf_doc_free(ward_conf_doc *doc)
{
	node_free(doc->root);
	free(doc->file);
	memset(doc, 0, sizeof *doc);
}

typedef struct frame {
	ward_conf_node *node;
	size_t cap;
} frame;

typedef struct builder {
	const char *file;
	ward_conf_errs *errs;
	ward_conf_doc *doc;
	frame stack[WARD_CONF_MAX_DEPTH];
	size_t depth;
} builder;

/* "sites[1].tls" for where the builder is now, and key appended when the
 * top is a mapping expecting a value */
static void path_of(const builder *b, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = 0;
	for (size_t i = 0; i < b->depth && o + 1 < cap; i++) {
		const ward_conf_node *n = b->stack[i].node;
		/* below the top, the node being built is the last child */
		int top = i + 1 == b->depth, w = 0;
		if (n->kind == WARD_CONF_SEQ)
			w = snprintf(out + o, cap - o, "[%zu]",
				     top ? n->n_kid : n->n_kid - 1);
		else if (top ? n->n_kid % 2 == 1 : n->n_kid >= 2)
			w = snprintf(out + o, cap - o, "%s%s", o ? "." : "",
				     n->kid[n->n_kid - (top ? 1 : 2)]->str);
		if (w < 0 || (size_t)w >= cap - o)
			break;
		o += (size_t)w;
	}
}

static ward_err fail(builder *b, const yaml_mark_t *m, const char *msg)
{
	char key[256];
	path_of(b, key, sizeof key);
	ward_conf_err_at(b->errs, b->file, (unsigned)m->line + 1,
			 (unsigned)m->column + 1, key[0] ? key : NULL, msg);
	return WARD_ERR_CONFIG;
}

static ward_err add(builder *b, const yaml_event_t *ev, ward_conf_node *n)
{
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	if (++b->doc->n_nodes > WARD_CONF_MAX_NODES) {
		node_free(n);
		return fail(b, &ev->start_mark,
			    "more than 20000 values in the file");
	}
	if (b->depth == 0) {
		b->doc->root = n;
		return WARD_OK;
	}
	frame *f = &b->stack[b->depth - 1];
	ward_conf_node *p = f->node;
	if (p->kind == WARD_CONF_MAP && p->n_kid % 2 == 0) {
		if (n->kind != WARD_CONF_SCALAR) {
			node_free(n);
			return fail(b, &ev->start_mark,
				    "a key must be a plain name, not a list "
				    "or a mapping");
		}
		if (p->n_kid / 2 >= MAX_KEYS) {
			node_free(n);
			return fail(b, &ev->start_mark,
				    "more than 1024 keys in one mapping");
		}
		for (size_t i = 0; i < p->n_kid; i += 2)
			if (!strcmp(p->kid[i]->str, n->str)) {
				char key[256 + WARD_CONF_MAX_SCALAR], msg[64];
				path_of(b, key, 256);
				snprintf(key + strlen(key),
					 sizeof key - strlen(key), "%s%s",
					 key[0] ? "." : "", n->str);
				snprintf(msg, sizeof msg,
					 "given twice (first at line %u)",
					 p->kid[i]->line);
				ward_conf_err(b->errs, b->file, n, key, "%s",
					      msg);
				node_free(n);
				return WARD_ERR_CONFIG;
			}
	}
	if (p->n_kid == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 8;
		ward_conf_node **k = realloc(p->kid, cap * sizeof *k);
		if (!k) {
			node_free(n);
			return WARD_ERR_NOMEM;
		}
		p->kid = k;
		f->cap = cap;
	}
	p->kid[p->n_kid++] = n;
	return WARD_OK;
}

static ward_err on_scalar(builder *b, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	if (len > WARD_CONF_MAX_SCALAR)
		return fail(b, &ev->start_mark,
			    "a value longer than 4096 characters");
	if (memchr(v, 0, len))
		return fail(b, &ev->start_mark, "a value holds a NUL byte");
	ward_conf_node *n = calloc(1, sizeof *n);
	if (!n || !(n->str = malloc(len + 1))) {
		free(n);
		return WARD_ERR_NOMEM;
	}
	memcpy(n->str, v, len);
	n->str[len] = 0;
	n->len = len;
	n->kind = WARD_CONF_SCALAR;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return add(b, ev, n);
}

static ward_err on_open(builder *b, const yaml_event_t *ev, ward_conf_kind kind)
{
	if (b->depth == WARD_CONF_MAX_DEPTH)
		return fail(b, &ev->start_mark, "nested deeper than 32 levels");
	ward_conf_node *n = calloc(1, sizeof *n);
	if (!n)
		return WARD_ERR_NOMEM;
	n->kind = kind;
	WARD_TRY(add(b, ev, n));
	b->stack[b->depth].node = n;
	b->stack[b->depth].cap = 0;
	b->depth++;
	return WARD_OK;
}

/* Anchors, aliases and explicit tags are refused: none is needed to write
 * a configuration, and aliases let a small file expand exponentially. */
static const char *refused(const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return "aliases (*name) are not supported";
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		return NULL;
	}
	if (anchor)
		return "anchors (&name) are not supported";
	if (tag)
		return "tags (!name) are not supported";
	return NULL;
}

static ward_err on_event(builder *b, const yaml_event_t *ev, int *docs)
{
	const char *why = refused(ev);
	if (why)
		return fail(b, &ev->start_mark, why);
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1)
			return fail(b, &ev->start_mark,
				    "a second document ('---'): the "
				    "configuration is one");
		return WARD_OK;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_open(b, ev, WARD_CONF_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_open(b, ev, WARD_CONF_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return WARD_OK;
	default:
		return WARD_OK;
	}
}

ward_err ward_conf_load_mem(const char *file, const void *p, size_t len,
			    ward_conf_doc *doc, ward_conf_errs *errs)
{
	yaml_parser_t parser;
	builder b = {.file = file, .errs = errs, .doc = doc};
	ward_err ret = WARD_OK;
	int docs = 0, done = 0;
	memset(doc, 0, sizeof *doc);
	if (len > WARD_CONF_MAX_FILE) {
		ward_conf_err(errs, file, NULL, NULL,
			      "the file is larger than 1 MiB");
		return WARD_ERR_CONFIG;
	}
	doc->file = strdup(file);
	if (!doc->file || !yaml_parser_initialize(&parser)) {
		free(doc->file);
		doc->file = NULL;
		return WARD_ERR_NOMEM;
	}
	yaml_parser_set_input_string(&parser, p, len);
	while (!done && ret == WARD_OK) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			char msg[512];
			snprintf(msg, sizeof msg, "%s%s%s",
				 parser.problem ? parser.problem
						: "not valid YAML",
				 parser.context ? " " : "",
				 parser.context ? parser.context : "");
			ret = fail(&b, &parser.problem_mark, msg);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		ret = on_event(&b, &ev, &docs);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (ret != WARD_OK)
		ward_conf_doc_free(doc);
	return ret;
}

ward_err ward_conf_load_file(const char *path, ward_conf_doc *doc,
			     ward_conf_errs *errs)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	memset(doc, 0, sizeof *doc);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = fd < 0 ? errno : EINVAL;
		if (fd >= 0 && !S_ISREG(st.st_mode))
			e = EISDIR;
		if (fd >= 0)
			close(fd);
		ward_conf_err(errs, path, NULL, NULL, "cannot read it: %s",
			      e == EISDIR ? "not a regular file" : strerror(e));
		return WARD_ERR_CONFIG;
	}
	if (st.st_size > WARD_CONF_MAX_FILE) {
		close(fd);
		ward_conf_err(errs, path, NULL, NULL,
			      "the file is larger than 1 MiB");
		return WARD_ERR_CONFIG;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *data = malloc(cap);
	if (!data) {
		close(fd);
		return WARD_ERR_NOMEM;
	}
	/* a file growing while read is cut at its size when opened */
	while (len < cap - 1) {
		ssize_t r = read(fd, data + len, cap - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	ward_err ret = ward_conf_load_mem(path, data, len, doc, errs);
	free(data);
	return ret;
}

const ward_conf_node *ward_conf_get(const ward_conf_node *map, const char *key)
{
	if (!map || map->kind != WARD_CONF_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n_kid; i += 2)
		if (!strcmp(map->kid[i]->str, key))
			return map->kid[i + 1];
	return NULL;
}

int ward_conf_bool(const ward_conf_node *n)
{
	if (!n || n->kind != WARD_CONF_SCALAR || !n->plain)
		return -1;
	if (!strcmp(n->str, "true"))
		return 1;
	if (!strcmp(n->str, "false"))
		return 0;
	return -1;
}

const char *ward_conf_kind_name(const ward_conf_node *n)
{
	switch (n->kind) {
	case WARD_CONF_SEQ:
		return "a list";
	case WARD_CONF_MAP:
		return "a mapping";
	default:
		return "a single value";
	}
}

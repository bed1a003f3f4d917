/*
 * request.c - one HTTP request's memory, its input checks and its replies,
 * with no socket in sight (the fuzz target runs all of it).
 *
 * Everything a client sends is checked here or by the resource on top of
 * these helpers before it reaches the library: parameters known, given
 * once, UTF-8 without NUL; bodies within the limit, JSON objects whose
 * keys are all known and whose values have the documented types. Errors
 * are 4xx replies {"error":{"code","message","field"}} saying what to
 * send instead; they never quote more than the client sent, and never a
 * path or a trace of the server's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "server/server.h"
#include "banned.h"

/* ----------------------------------------------------------- reqmem */

struct reqmem_chunk {
	reqmem_chunk *next;
	max_align_t data[];
};

#define CHUNK_SIZE (64u << 10)

void reqmem_init(reqmem *m, size_t cap)
{
	m->chunks = NULL;
	m->cur = m->inline_buf;
	m->left = sizeof(m->inline_buf);
	m->used = 0;
	m->cap = cap;
}

void *reqmem_alloc(reqmem *m, size_t n)
{
	size_t a = _Alignof(max_align_t);
	size_t need = (n + a - 1) & ~(a - 1);
	if (need < n || m->used + need > m->cap)
		return NULL;
	/* the inline buffer is aligned as its struct, which holds pointers;
	 * align the cursor itself to be safe */
	size_t pad = (a - ((uintptr_t)m->cur & (a - 1))) & (a - 1);
	if (pad + need > m->left) {
		size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
		reqmem_chunk *c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->next = m->chunks;
		m->chunks = c;
		m->cur = (char *)c->data;
		m->left = size;
		pad = 0;
	}
	void *p = m->cur + pad;
	m->cur += pad + need;
	m->left -= pad + need;
	m->used += need;
	return p;
}

char *reqmem_strndup(reqmem *m, const char *s, size_t n)
{
	char *p = reqmem_alloc(m, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void reqmem_release(reqmem *m)
{
	while (m->chunks) {
		reqmem_chunk *next = m->chunks->next;
		free(m->chunks);
		m->chunks = next;
	}
	reqmem_init(m, m->cap);
}

/* ------------------------------------------------------------ request */

void request_init(http_request *rq, size_t mem_cap)
{
	memset(rq, 0, offsetof(http_request, mem));
	reqmem_init(&rq->mem, mem_cap);
	rq->route = -1;
	rq->started = request_now();
}

void request_release(http_request *rq, http_reply *rp)
{
	if (rp) {
		licit_free(rp->owned);
		rp->owned = NULL;
	}
	reqmem_release(&rq->mem);
}

http_method request_method(const char *m)
{
	if (!strcmp(m, "GET"))
		return HTTP_GET;
	if (!strcmp(m, "HEAD"))
		return HTTP_HEAD;
	if (!strcmp(m, "POST"))
		return HTTP_POST;
	return HTTP_OTHER;
}

double request_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------- replies */

static const char out_of_memory[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"the server is out of "
    "memory; retry later\",\"field\":null}}";

static void reply_oom(http_reply *rp)
{
	licit_free(rp->owned);
	memset(rp, 0, sizeof(*rp));
	rp->status = 500;
	rp->content_type = "application/json";
	rp->body = out_of_memory;
	rp->len = sizeof(out_of_memory) - 1;
}

void reply_json(http_request *rq, http_reply *rp, int status, json_t *o)
{
	if (!o) {
		reply_oom(rp);
		return;
	}
	size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(6);
	size_t n = json_dumpb(o, NULL, 0, flags);
	char *buf = n ? reqmem_alloc(&rq->mem, n) : NULL;
	if (!buf || json_dumpb(o, buf, n, flags) != n) {
		json_decref(o);
		reply_oom(rp);
		return;
	}
	json_decref(o);
	rp->status = status;
	rp->content_type = "application/json";
	rp->body = buf;
	rp->len = n;
}

void reply_owned_json(http_reply *rp, int status, char *json)
{
	if (!json) {
		reply_oom(rp);
		return;
	}
	licit_free(rp->owned);
	rp->owned = json;
	rp->status = status;
	rp->content_type = "application/json";
	rp->body = json;
	rp->len = strlen(json);
}

void reply_text(http_request *rq, http_reply *rp, int status,
		const char *content_type, const char *text, size_t len)
{
	char *buf = reqmem_strndup(&rq->mem, text, len);
	if (!buf) {
		reply_oom(rp);
		return;
	}
	rp->status = status;
	rp->content_type = content_type;
	rp->body = buf;
	rp->len = len;
}

void reply_error(http_request *rq, http_reply *rp, int status, const char *code,
		 const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* the message may quote client input cut at a byte boundary */
	size_t n = strlen(msg);
	while (n && !utf8_valid(msg, n))
		msg[--n] = '\0';
	if (rq->plain_errors)
		reply_json(rq, rp, status, json_pack("{s:s}", "error", msg));
	else
		reply_json(rq, rp, status,
			   json_pack("{s:{s:s,s:s,s:s?}}", "error", "code",
				     code, "message", msg, "field", field));
}

/* --------------------------------------------------------------- UTF-8 */

int utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			k = 1, min = 0x80, c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2, min = 0x800, c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3, min = 0x10000, c &= 0x07;
		} else {
			return 0;
		}
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (s[i + j] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

const char *path_basename(const char *path)
{
	if (!path)
		return "";
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* --------------------------------------------------- query parameters */

static int in_list(const char *const *list, const char *key)
{
	for (size_t i = 0; list && list[i]; i++)
		if (!strcmp(list[i], key))
			return 1;
	return 0;
}

int request_check_params(http_request *rq, http_reply *rp,
			 const char *const *allowed,
			 const char *const *repeatable)
{
	if (rq->too_many_params) {
		reply_error(rq, rp, 400, "too_many_parameters", NULL,
			    "at most %d query parameters", SERVER_MAX_PARAMS);
		return -1;
	}
	for (size_t i = 0; i < rq->n_params; i++) {
		const http_param *p = &rq->params[i];
		if (!utf8_valid(p->key, strlen(p->key))) {
			reply_error(rq, rp, 400, "invalid_utf8", NULL,
				    "a parameter name is not UTF-8");
			return -1;
		}
		if (!in_list(allowed, p->key)) {
			reply_error(rq, rp, 400, "unknown_parameter", p->key,
				    "unknown parameter '%.64s'", p->key);
			return -1;
		}
		if (!in_list(repeatable, p->key))
			for (size_t j = 0; j < i; j++)
				if (!strcmp(rq->params[j].key, p->key)) {
					reply_error(rq, rp, 400,
						    "duplicate_parameter",
						    p->key,
						    "parameter '%s' is given "
						    "twice",
						    p->key);
					return -1;
				}
		if (strlen(p->value) != p->len) {
			reply_error(rq, rp, 400, "invalid_value", p->key,
				    "parameter '%s' holds a NUL byte", p->key);
			return -1;
		}
		if (!utf8_valid(p->value, p->len)) {
			reply_error(rq, rp, 400, "invalid_utf8", p->key,
				    "parameter '%s' is not UTF-8", p->key);
			return -1;
		}
		if (p->len > SERVER_MAX_NAME) {
			reply_error(rq, rp, 400, "value_too_long", p->key,
				    "parameter '%s' is longer than %d bytes",
				    p->key, SERVER_MAX_NAME);
			return -1;
		}
	}
	return 0;
}

const char *request_param(const http_request *rq, const char *key)
{
	for (size_t i = 0; i < rq->n_params; i++)
		if (!strcmp(rq->params[i].key, key))
			return rq->params[i].value;
	return NULL;
}

int request_parse_int(http_request *rq, http_reply *rp, const char *field,
		      const char *text, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (!*text || *end || errno || v < min || v > max ||
	    !(*text >= '0' && *text <= '9')) {
		reply_error(rq, rp, 400, "invalid_value", field,
			    "'%s' takes an integer from %ld to %ld", field, min,
			    max);
		return -1;
	}
	*out = v;
	return 0;
}

int request_parse_real(http_request *rq, http_reply *rp, const char *field,
		       const char *text, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	/* digits and a point only: no "inf", "nan", hex or spaces */
	int plain = *text && strspn(text, "0123456789.") == strlen(text);
	if (!plain || *end || errno || !(v >= min && v <= max)) {
		reply_error(rq, rp, 400, "invalid_value", field,
			    "'%s' takes a number from %g to %g", field, min,
			    max);
		return -1;
	}
	*out = v;
	return 0;
}

int request_check_schema(http_request *rq, http_reply *rp, const char *field,
			 const char *text, licit_schema *out)
{
	*out = LICIT_SCHEMA_UNKNOWN;
	if (!text)
		return 0;
	*out = licit_schema_parse(text);
	if (*out != LICIT_SCHEMA_UNKNOWN)
		return 0;
	reply_error(rq, rp, 400, "invalid_value", field,
		    "'%s' is person, organization, vessel or aircraft", field);
	return -1;
}

int request_check_gender(http_request *rq, http_reply *rp, const char *field,
			 const char *text)
{
	static const char *const ok[] = {"male", "female", "m", "f"};
	if (!text)
		return 0;
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		if (!strcasecmp(text, ok[i]))
			return 0;
	reply_error(rq, rp, 400, "invalid_value", field,
		    "'%s' is male or female", field);
	return -1;
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int request_check_date(http_request *rq, http_reply *rp, const char *field,
		       const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	int ok = (n == 4 || n == 7 || n == 10) && digits(s, 4);
	if (ok && n >= 7) {
		int m = (s[5] - '0') * 10 + (s[6] - '0');
		ok = s[4] == '-' && digits(s + 5, 2) && m >= 1 && m <= 12;
	}
	if (ok && n == 10) {
		int d = (s[8] - '0') * 10 + (s[9] - '0');
		ok = s[7] == '-' && digits(s + 8, 2) && d >= 1 && d <= 31;
	}
	if (ok)
		return 0;
	reply_error(rq, rp, 400, "invalid_value", field,
		    "'%s' is a date: YYYY, YYYY-MM or YYYY-MM-DD", field);
	return -1;
}

/* ---------------------------------------------------------- JSON body */

/* "application/json", optionally with parameters ("; charset=utf-8"). */
static int is_json_type(const char *ct)
{
	static const char json[] = "application/json";
	size_t n = sizeof(json) - 1;
	if (strncasecmp(ct, json, n))
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (!*ct)
		return 1;
	if (*ct != ';')
		return 0;
	/* a charset other than UTF-8 is refused */
	const char *cs = strstr(ct, "charset=");
	if (!cs)
		return 1;
	cs += 8;
	if (*cs == '"')
		cs++;
	return !strncasecmp(cs, "utf-8", 5) &&
	       (cs[5] == '\0' || cs[5] == '"' || cs[5] == ';' || cs[5] == ' ');
}

json_t *request_json_object(http_request *rq, http_reply *rp)
{
	if (rq->body_too_large) {
		reply_error(rq, rp, 413, "body_too_large", NULL,
			    "the request body is larger than the limit of %zu "
			    "bytes",
			    rq->body_limit);
		return NULL;
	}
	if (rq->content_type && !is_json_type(rq->content_type)) {
		reply_error(rq, rp, 415, "unsupported_media_type", NULL,
			    "send the body as application/json");
		return NULL;
	}
	if (!rq->body || !rq->body_len) {
		reply_error(rq, rp, 400, "malformed_json", NULL,
			    "the request needs a JSON object as its body");
		return NULL;
	}
	json_error_t je;
	json_t *o =
	    json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		enum json_error_code c = json_error_code(&je);
		if (c == json_error_invalid_utf8)
			reply_error(rq, rp, 400, "invalid_utf8", NULL,
				    "the body is not UTF-8 (byte %d)",
				    je.position);
		else if (c == json_error_duplicate_key)
			reply_error(rq, rp, 400, "malformed_json", NULL,
				    "a key is given twice, near byte %d",
				    je.position);
		else
			reply_error(rq, rp, 400, "malformed_json", NULL,
				    "the body is not valid JSON: %s at byte "
				    "%d",
				    je.text, je.position);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		reply_error(rq, rp, 400, "wrong_type", NULL,
			    "the body must be a JSON object");
		return NULL;
	}
	return o;
}

static const char *type_name(field_type t)
{
	switch (t) {
	case FIELD_STRING:
	case FIELD_NAME:
		return "a string";
	case FIELD_NUMBER:
		return "a number";
	case FIELD_INTEGER:
		return "an integer";
	case FIELD_STRINGS:
		return "an array of strings";
	case FIELD_ARRAY:
		return "an array";
	}
	return "?";
}

static int type_ok(const json_t *v, field_type t)
{
	switch (t) {
	case FIELD_STRING:
	case FIELD_NAME:
		return json_is_string(v);
	case FIELD_NUMBER:
		return json_is_number(v);
	case FIELD_INTEGER:
		return json_is_integer(v);
	case FIELD_STRINGS:
	case FIELD_ARRAY:
		return json_is_array(v);
	}
	return 0;
}

/* "where" + "name" in the request's memory ("parties[2].name"). */
static const char *field_path(http_request *rq, const char *where,
			      const char *name)
{
	size_t a = strlen(where), b = strlen(name);
	char *p = reqmem_alloc(&rq->mem, a + b + 1);
	if (!p)
		return name;
	memcpy(p, where, a);
	memcpy(p + a, name, b + 1);
	return p;
}

/* A string's length against its cap; the array of strings item by item. */
static int value_ok(http_request *rq, http_reply *rp, const json_t *v,
		    const field_spec *f, const char *where)
{
	if (f->type == FIELD_STRING || f->type == FIELD_NAME) {
		size_t cap =
		    f->type == FIELD_NAME ? SERVER_MAX_NAME : SERVER_MAX_FIELD;
		if (json_string_length(v) > cap) {
			reply_error(rq, rp, 400, "value_too_long",
				    field_path(rq, where, f->name),
				    "'%s%s' is longer than %zu bytes", where,
				    f->name, cap);
			return -1;
		}
		if (strlen(json_string_value(v)) != json_string_length(v)) {
			reply_error(rq, rp, 400, "invalid_value",
				    field_path(rq, where, f->name),
				    "'%s%s' holds a NUL character", where,
				    f->name);
			return -1;
		}
		return 0;
	}
	if (f->type != FIELD_STRINGS)
		return 0;
	size_t i;
	const json_t *x;
	json_array_foreach(v, i, x)
	{
		field_spec one = {f->name, FIELD_STRING, 0};
		if (!json_is_string(x)) {
			reply_error(rq, rp, 400, "wrong_type",
				    field_path(rq, where, f->name),
				    "'%s%s[%zu]' must be a string", where,
				    f->name, i);
			return -1;
		}
		if (value_ok(rq, rp, x, &one, where) < 0)
			return -1;
	}
	return 0;
}

int request_check_fields(http_request *rq, http_reply *rp, const json_t *o,
			 const field_spec *spec, size_t n, const char *where)
{
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)o, key, v)
	{
		const field_spec *f = NULL;
		for (size_t i = 0; i < n && !f; i++)
			if (!strcmp(spec[i].name, key))
				f = &spec[i];
		if (!f) {
			/* the key is UTF-8 (jansson checked) but may be long */
			reply_error(rq, rp, 400, "unknown_field",
				    field_path(rq, where, key),
				    "unknown field '%s%.64s'", where, key);
			return -1;
		}
		if (json_is_null(v))
			continue;
		if (!type_ok(v, f->type)) {
			reply_error(rq, rp, 400, "wrong_type",
				    field_path(rq, where, f->name),
				    "'%s%s' must be %s", where, f->name,
				    type_name(f->type));
			return -1;
		}
		if (value_ok(rq, rp, v, f, where) < 0)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_object_get(o, spec[i].name);
		if (spec[i].required && (!x || json_is_null(x))) {
			reply_error(rq, rp, 400, "missing_field",
				    field_path(rq, where, spec[i].name),
				    "'%s%s' is required", where, spec[i].name);
			return -1;
		}
	}
	return 0;
}

const char *json_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

json_t *request_body(http_request *rq, http_reply *rp, const field_spec *spec,
		     size_t n)
{
	static const char *const none[] = {NULL};
	if (request_check_params(rq, rp, none, NULL) < 0)
		return NULL;
	json_t *o = request_json_object(rq, rp);
	if (o && spec && request_check_fields(rq, rp, o, spec, n, "") < 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

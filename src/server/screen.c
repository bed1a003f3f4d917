/*
 * screen.c - GET /v1/screen and POST /v1/screen: screen one party, or a
 * batch of parties, against the current snapshot.
 *
 * One party answers exactly what `licit screen --json` prints (the
 * library makes that JSON); a batch answers {"results":[...]} with one
 * such object per party, in order. A batch is bounded three ways: its
 * number of parties (--max-batch), parties x limit (so one request cannot
 * ask for millions of explained hits) and the time budget (--timeout):
 * past it the batch stops with 503 rather than hold its thread.
 */
#include <stdio.h>
#include <string.h>

#include "server/server.h"
#include "banned.h"

/* Most hits one batch may ask for (parties x limit). */
#define MAX_BATCH_HITS 100000

typedef struct screen_args {
	licit_query q;
	const char *sources[SERVER_MAX_SOURCES];
	double threshold;
	size_t limit;
} screen_args;

static void args_init(screen_args *a)
{
	memset(a, 0, sizeof(*a));
	a->threshold = licit_default_threshold();
	a->limit = 10;
}

/* The checks a party's fields share, from the query or a JSON body. */
static int args_check(http_request *rq, http_reply *rp, screen_args *a,
		      const char *schema, const char *where)
{
	char field[64];
	if (!*a->q.name || strspn(a->q.name, " \t\r\n") == strlen(a->q.name)) {
		snprintf(field, sizeof(field), "%sname", where);
		reply_error(rq, rp, 400, "invalid_value", field,
			    "'%s' must not be empty", field);
		return -1;
	}
	snprintf(field, sizeof(field), "%sschema", where);
	if (request_check_schema(rq, rp, field, schema, &a->q.schema) < 0)
		return -1;
	snprintf(field, sizeof(field), "%sgender", where);
	if (request_check_gender(rq, rp, field, a->q.gender) < 0)
		return -1;
	snprintf(field, sizeof(field), "%sbirth_date", where);
	return request_check_date(rq, rp, field, a->q.birth_date);
}

/* Screen one party; the library's JSON into *json (licit_free). */
static int run_one(licit *h, http_request *rq, http_reply *rp,
		   const screen_args *a, char **json)
{
	licit_screen_hit *hits =
	    reqmem_alloc(&rq->mem, a->limit * sizeof(*hits));
	size_t n;
	licit_status st = hits ? licit_screen(h, &a->q, a->threshold, a->limit,
					      hits, &n, json)
			       : LICIT_ENOMEM;
	if (st == LICIT_OK)
		return 0;
	if (st == LICIT_ENOSNAPSHOT)
		need_snapshot(h, rq, rp);
	else
		reply_internal(rq, rp, h, st);
	return -1;
}

/*
 * The audit entry of a screening is written after the screening when the
 * daemon defers it (daemon.c): the reply is then finished once it is, by
 * adding the "audit" object licit_screen would have put in the JSON.
 */

/* Write JSON object text o[0..len) to dst, with ,"audit":<audit> before
 * its closing brace when audit is not NULL (dst holds len + 9 + the
 * audit's length); the bytes written. */
static size_t put_screening(char *dst, const char *o, size_t len,
			    const char *audit)
{
	memcpy(dst, o, len);
	if (!audit || !len || o[len - 1] != '}')
		return len;
	size_t an = strlen(audit);
	memcpy(dst + len - 1, ",\"audit\":", 9);
	memcpy(dst + len + 8, audit, an);
	dst[len + 8 + an] = '}';
	return len + 9 + an;
}

static void finish_single(http_request *rq, http_reply *rp, licit *h,
			  size_t from, size_t to)
{
	const char *audit = to == from + 1 ? licit_audit_flushed_json(h, from)
					   : NULL;
	char *b = audit ? reqmem_alloc(&rq->mem, rp->len + strlen(audit) + 9)
			: NULL;
	if (b) {
		rp->len = put_screening(b, rp->body, rp->len, audit);
		rp->body = b;
	}
}

/* A screening's JSON as the reply, finished later if its entry waits. */
static void reply_screening(http_reply *rp, char *json)
{
	reply_owned_json(rp, 200, json);
	rp->finish = finish_single;
}

void screen_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {
	    "name",   "schema",	   "country", "birth_date", "id",
	    "gender", "threshold", "limit",   "source",	    NULL};
	static const char *const repeatable[] = {"source", NULL};
	if (request_check_params(rq, rp, allowed, repeatable) < 0)
		return;
	screen_args a;
	args_init(&a);
	a.q.name = request_param(rq, "name");
	if (!a.q.name) {
		reply_error(rq, rp, 400, "missing_field", "name",
			    "'name' is required: /v1/screen?name=...");
		return;
	}
	a.q.country = request_param(rq, "country");
	a.q.birth_date = request_param(rq, "birth_date");
	a.q.id = request_param(rq, "id");
	a.q.gender = request_param(rq, "gender");
	const char *v;
	long limit;
	if ((v = request_param(rq, "limit"))) {
		if (request_parse_int(rq, rp, "limit", v, 1, SERVER_MAX_LIMIT,
				      &limit) < 0)
			return;
		a.limit = (size_t)limit;
	}
	if ((v = request_param(rq, "threshold")) &&
	    request_parse_real(rq, rp, "threshold", v, 0, 1, &a.threshold) < 0)
		return;
	for (size_t i = 0; i < rq->n_params; i++)
		if (!strcmp(rq->params[i].key, "source")) {
			if (a.q.n_sources == SERVER_MAX_SOURCES) {
				reply_error(rq, rp, 400, "invalid_value",
					    "source", "at most %d sources",
					    SERVER_MAX_SOURCES);
				return;
			}
			a.sources[a.q.n_sources++] = rq->params[i].value;
		}
	a.q.sources = a.q.n_sources ? a.sources : NULL;
	if (args_check(rq, rp, &a, request_param(rq, "schema"), "") < 0)
		return;
	licit *h = worker_handle(s);
	if (need_snapshot(h, rq, rp) < 0)
		return;
	char *json = NULL;
	if (run_one(h, rq, rp, &a, &json) == 0)
		reply_screening(rp, json);
}

static const field_spec party_fields[] = {
    {"name", FIELD_NAME, 1},	   {"schema", FIELD_STRING, 0},
    {"country", FIELD_STRING, 0},  {"birth_date", FIELD_STRING, 0},
    {"id", FIELD_STRING, 0},	   {"gender", FIELD_STRING, 0},
    {"sources", FIELD_STRINGS, 0},
};

/* Fields a single-party body has besides the party's. */
static const field_spec single_fields[] = {
    {"name", FIELD_NAME, 1},	    {"schema", FIELD_STRING, 0},
    {"country", FIELD_STRING, 0},   {"birth_date", FIELD_STRING, 0},
    {"id", FIELD_STRING, 0},	    {"gender", FIELD_STRING, 0},
    {"sources", FIELD_STRINGS, 0},  {"limit", FIELD_INTEGER, 0},
    {"threshold", FIELD_NUMBER, 0},
};

static const field_spec batch_fields[] = {
    {"parties", FIELD_ARRAY, 1},
    {"limit", FIELD_INTEGER, 0},
    {"threshold", FIELD_NUMBER, 0},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* limit and threshold of a body, checked, into a. */
static int options_from_json(http_request *rq, http_reply *rp, const json_t *o,
			     screen_args *a)
{
	const json_t *v;
	if ((v = json_object_get(o, "limit")) && !json_is_null(v)) {
		json_int_t n = json_integer_value(v);
		if (n < 1 || n > SERVER_MAX_LIMIT) {
			reply_error(rq, rp, 400, "invalid_value", "limit",
				    "'limit' takes an integer from 1 to %d",
				    SERVER_MAX_LIMIT);
			return -1;
		}
		a->limit = (size_t)n;
	}
	if ((v = json_object_get(o, "threshold")) && !json_is_null(v)) {
		double t = json_number_value(v);
		if (!(t >= 0 && t <= 1)) {
			reply_error(rq, rp, 400, "invalid_value", "threshold",
				    "'threshold' takes a number from 0 to 1");
			return -1;
		}
		a->threshold = t;
	}
	return 0;
}

/* A party object (already checked against its fields) into a. */
static int party_from_json(http_request *rq, http_reply *rp, const json_t *p,
			   screen_args *a, const char *where)
{
	a->q.name = json_str(p, "name");
	a->q.country = json_str(p, "country");
	a->q.birth_date = json_str(p, "birth_date");
	a->q.id = json_str(p, "id");
	a->q.gender = json_str(p, "gender");
	const json_t *src = json_object_get(p, "sources");
	a->q.n_sources = 0;
	a->q.sources = NULL;
	if (json_is_array(src)) {
		if (json_array_size(src) > SERVER_MAX_SOURCES) {
			char field[64];
			snprintf(field, sizeof(field), "%ssources", where);
			reply_error(rq, rp, 400, "invalid_value", field,
				    "at most %d sources", SERVER_MAX_SOURCES);
			return -1;
		}
		for (size_t i = 0; i < json_array_size(src); i++)
			a->sources[i] =
			    json_string_value(json_array_get(src, i));
		a->q.n_sources = json_array_size(src);
		a->q.sources = a->q.n_sources ? a->sources : NULL;
	}
	return args_check(rq, rp, a, json_str(p, "schema"), where);
}

static void screen_single(server *s, http_request *rq, http_reply *rp,
			  const json_t *o)
{
	if (request_check_fields(rq, rp, o, single_fields, N(single_fields),
				 "") < 0)
		return;
	screen_args a;
	args_init(&a);
	if (options_from_json(rq, rp, o, &a) < 0 ||
	    party_from_json(rq, rp, o, &a, "") < 0)
		return;
	licit *h = worker_handle(s);
	if (need_snapshot(h, rq, rp) < 0)
		return;
	char *json = NULL;
	if (run_one(h, rq, rp, &a, &json) == 0)
		reply_screening(rp, json);
}

/* The checks of every party before any is screened: a bad party fails
 * the whole batch without work done. */
static int batch_check(server *s, http_request *rq, http_reply *rp,
		       const json_t *parties, screen_args *a)
{
	size_t n = json_array_size(parties);
	if (!n) {
		reply_error(rq, rp, 400, "invalid_value", "parties",
			    "'parties' must hold at least one party");
		return -1;
	}
	if (n > s->cfg.max_batch) {
		reply_error(rq, rp, 413, "batch_too_large", "parties",
			    "a batch holds at most %zu parties; split it",
			    s->cfg.max_batch);
		return -1;
	}
	if (n * a->limit > MAX_BATCH_HITS) {
		reply_error(rq, rp, 413, "batch_too_large", "limit",
			    "parties x limit must stay under %d; lower the "
			    "limit or split the batch",
			    MAX_BATCH_HITS);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char where[32];
		const json_t *p = json_array_get(parties, i);
		snprintf(where, sizeof(where), "parties[%zu].", i);
		if (!json_is_object(p)) {
			snprintf(where, sizeof(where), "parties[%zu]", i);
			reply_error(rq, rp, 400, "wrong_type", where,
				    "'%s' must be an object", where);
			return -1;
		}
		if (request_check_fields(rq, rp, p, party_fields,
					 N(party_fields), where) < 0 ||
		    party_from_json(rq, rp, p, a, where) < 0)
			return -1;
	}
	return 0;
}

/* A batch's results, kept for the reply (and its finishing). */
typedef struct batch_pieces {
	char **piece; /* each party's JSON, in rq's memory */
	size_t *len;
	size_t n;
} batch_pieces;

/* {"results":[...]} of b as the reply; with h, each result with the
 * audit object of entry from + i. -1 when out of memory. */
static int compose_batch(http_request *rq, http_reply *rp,
			 const batch_pieces *b, licit *h, size_t from)
{
	size_t total = 16;
	const char **audit =
	    h ? reqmem_alloc(&rq->mem, b->n * sizeof(*audit)) : NULL;
	if (h && !audit)
		return -1;
	for (size_t i = 0; i < b->n; i++) {
		total += b->len[i] + 1;
		if (audit) {
			audit[i] = licit_audit_flushed_json(h, from + i);
			total += audit[i] ? strlen(audit[i]) + 9 : 0;
		}
	}
	char *buf = reqmem_alloc(&rq->mem, total);
	if (!buf)
		return -1;
	size_t k = 12;
	memcpy(buf, "{\"results\":[", 12);
	for (size_t i = 0; i < b->n; i++) {
		if (i)
			buf[k++] = ',';
		k += put_screening(buf + k, b->piece[i], b->len[i],
				   audit ? audit[i] : NULL);
	}
	memcpy(buf + k, "]}", 2);
	k += 2;
	rp->status = 200;
	rp->content_type = "application/json";
	rp->body = buf;
	rp->len = k;
	return 0;
}

static void finish_batch(http_request *rq, http_reply *rp, licit *h,
			 size_t from, size_t to)
{
	const batch_pieces *b = rp->finish_ctx;
	if (to - from == b->n)
		(void)compose_batch(rq, rp, b, h, from);
}

static void screen_batch(server *s, http_request *rq, http_reply *rp,
			 const json_t *o)
{
	if (request_check_fields(rq, rp, o, batch_fields, N(batch_fields), "") <
	    0)
		return;
	screen_args a;
	args_init(&a);
	const json_t *parties = json_object_get(o, "parties");
	if (options_from_json(rq, rp, o, &a) < 0 ||
	    batch_check(s, rq, rp, parties, &a) < 0)
		return;
	licit *h = worker_handle(s);
	if (need_snapshot(h, rq, rp) < 0)
		return;
	size_t n = json_array_size(parties);
	char **out = reqmem_alloc(&rq->mem, n * sizeof(*out));
	if (!out) {
		reply_internal(rq, rp, h, LICIT_ENOMEM);
		return;
	}
	size_t done = 0;
	int failed = 0;
	for (; done < n && !failed; done++) {
		if (request_now() - rq->started > s->cfg.timeout) {
			reply_error(rq, rp, 503, "timeout", "parties",
				    "the batch took longer than %u s after "
				    "%zu parties; split it",
				    s->cfg.timeout, done);
			failed = 1;
			break;
		}
		(void)party_from_json(rq, rp, json_array_get(parties, done), &a,
				      "");
		out[done] = NULL;
		failed = run_one(h, rq, rp, &a, &out[done]) < 0;
	}
	batch_pieces *b = failed ? NULL : reqmem_alloc(&rq->mem, sizeof(*b));
	if (b) {
		b->n = done;
		b->piece = reqmem_alloc(&rq->mem, done * sizeof(*b->piece));
		b->len = reqmem_alloc(&rq->mem, done * sizeof(*b->len));
		for (size_t i = 0; b->piece && b->len && i < done; i++) {
			b->len[i] = strlen(out[i]);
			b->piece[i] = reqmem_strndup(&rq->mem, out[i], b->len[i]);
			if (!b->piece[i])
				b->piece = NULL;
		}
		if (!b->piece || !b->len || compose_batch(rq, rp, b, NULL, 0) < 0)
			b = NULL;
	}
	if (b) {
		rp->finish = finish_batch;
		rp->finish_ctx = b;
	} else if (!failed) {
		reply_internal(rq, rp, h, LICIT_ENOMEM);
	}
	for (size_t i = 0; i < done; i++)
		licit_free(out[i]);
}

void screen_post(server *s, http_request *rq, http_reply *rp)
{
	json_t *o = request_body(rq, rp, NULL, 0);
	if (!o)
		return;
	if (json_object_get(o, "parties"))
		screen_batch(s, rq, rp, o);
	else
		screen_single(s, rq, rp, o);
	json_decref(o);
}

/*
 * audit.c - appending to, walking and verifying the hash-chained audit log.
 *
 * Appends are batched: one transaction writes every waiting entry with
 * multi-row INSERTs, so a batch screening pays one commit (one fsync) per
 * few hundred entries, not one per query. The columns beside the entry
 * text (time, actor, kind, snapshot, policy version, decision) are copies
 * of its fields for queries; verification checks that they still agree,
 * so changing any column of a row is seen.
 */
#include "store/audit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/alerts.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "banned.h"

/* The canonical form: see docs/audit-log.md. */
#define CANONICAL_FLAGS                                                        \
	(JSON_SORT_KEYS | JSON_COMPACT | JSON_REAL_PRECISION(15))

char *audit_canonical(const json_t *entry)
{
	char *s = json_dumps(entry, CANONICAL_FLAGS);
	if (!s)
		return NULL;
	char *r = licit__strdup(s);
	free(s);
	return r;
}

/* ------------------------------------------- screenings, written directly */

/* A JSON string exactly as jansson writes it without JSON_ENSURE_ASCII or
 * JSON_ESCAPE_SLASH: '"' and '\\' escaped, control characters as \b \f
 * \n \r \t or \u00XX, the rest as is; an ill-formed UTF-8 byte becomes
 * U+FFFD, as the query's JSON has it. */
static void put_str(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	buf_addch(b, '"');
	while (n) {
		size_t plain = 0;
		while (plain < n && p[plain] >= 0x20 && p[plain] < 0x80 &&
		       p[plain] != '"' && p[plain] != '\\')
			plain++;
		buf_add(b, p, plain);
		p += plain;
		n -= plain;
		if (!n)
			break;
		unsigned char c = *p;
		if (c < 0x80) {
			const char *esc = c == '"'    ? "\\\""
					  : c == '\\' ? "\\\\"
					  : c == '\b'  ? "\\b"
					  : c == '\f'  ? "\\f"
					  : c == '\n'  ? "\\n"
					  : c == '\r'  ? "\\r"
					  : c == '\t'  ? "\\t"
							: NULL;
			if (esc) {
				buf_addstr(b, esc);
			} else {
				char u[7] = {'\\', 'u', '0', '0', hex[c >> 4],
					     hex[c & 15], 0};
				buf_addstr(b, u);
			}
			p++;
			n--;
			continue;
		}
		uint32_t cp;
		int len = utf8_decode(p, n, &cp);
		if (cp == 0xFFFD && len == 1)
			buf_addstr(b, "\xEF\xBF\xBD");
		else
			buf_add(b, p, (size_t)len);
		p += len;
		n -= (size_t)len;
	}
	buf_addch(b, '"');
}

static void put_opt_str(buf *b, const char *s)
{
	if (s)
		put_str(b, s);
	else
		buf_addstr(b, "null");
}

/* A real as jansson writes it with JSON_REAL_PRECISION(15): %.15g with
 * ".0" added when that reads as an integer. Anything unusual (an
 * exponent, a locale's decimal comma) is left to jansson itself. */
static void put_real(buf *b, double v)
{
	char t[64];
	snprintf(t, sizeof(t), "%.15g", v);
	if (strpbrk(t, "eEnN,")) {
		json_t *r = json_real(v);
		char *j = r ? json_dumps(r, JSON_ENCODE_ANY | CANONICAL_FLAGS)
			    : NULL;
		buf_addstr(b, j ? j : "null");
		free(j);
		json_decref(r);
		return;
	}
	buf_addstr(b, t);
	if (!strchr(t, '.'))
		buf_addstr(b, ".0");
}

/* `"key":` after a comma unless first. */
static void put_key(buf *b, const char *key, int *first)
{
	if (!*first)
		buf_addch(b, ',');
	*first = 0;
	put_str(b, key);
	buf_addch(b, ':');
}

static void put_hit(buf *b, const audit_hit *h)
{
	int first = 1;
	buf_addch(b, '{');
	put_key(b, "alert", &first);
	if (h->alert)
		buf_addf(b, "%lld", (long long)h->alert);
	else
		buf_addstr(b, "null");
	put_key(b, "entity_hash", &first);
	put_str(b, h->entity_hash);
	put_key(b, "entity_id", &first);
	put_str(b, h->entity_id);
	put_key(b, "name", &first);
	put_str(b, h->name);
	put_key(b, "score", &first);
	put_real(b, h->score);
	put_key(b, "status", &first);
	put_opt_str(b, h->status);
	buf_addch(b, '}');
}

/* The query's fields in key order; the ones not given are left out. */
static void put_input(buf *b, const audit_screening *s)
{
	int first = 1;
	const char *const keys[] = {"birth_date", "country", "gender", "id",
				    "name",	  "party_id", "schema"};
	const char *const vals[] = {s->birth_date, s->country, s->gender,
				    s->id,	   s->name,    s->party_id,
				    s->schema};
	buf_addch(b, '{');
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (vals[i]) {
			put_key(b, keys[i], &first);
			put_str(b, vals[i]);
		}
	if (s->n_sources) {
		put_key(b, "sources", &first);
		buf_addch(b, '[');
		for (size_t i = 0; i < s->n_sources; i++) {
			if (i)
				buf_addch(b, ',');
			put_str(b, s->sources[i]);
		}
		buf_addch(b, ']');
	}
	buf_addch(b, '}');
}

char *audit_screening_text(const audit_screening *s)
{
	buf b;
	buf_init(&b, 64u << 20);
	int first = 1;
	buf_addch(&b, '{');
	put_key(&b, "actor", &first);
	put_str(&b, s->actor);
	put_key(&b, "decision", &first);
	put_opt_str(&b, s->decision);
	put_key(&b, "hits", &first);
	buf_addch(&b, '[');
	for (size_t i = 0; i < s->n_hits; i++) {
		if (i)
			buf_addch(&b, ',');
		put_hit(&b, &s->hits[i]);
	}
	buf_addch(&b, ']');
	put_key(&b, "input", &first);
	put_input(&b, s);
	put_key(&b, "kind", &first);
	put_str(&b, "screen");
	put_key(&b, "limit", &first);
	buf_addf(&b, "%lld", (long long)s->limit);
	if (s->party_key) {
		put_key(&b, "party", &first);
		buf_addstr(&b, "{\"id\":");
		put_opt_str(&b, s->party_id);
		buf_addstr(&b, ",\"key\":");
		put_str(&b, s->party_key);
		buf_addch(&b, '}');
	}
	put_key(&b, "policy_version", &first);
	buf_addstr(&b, "null");
	if (s->ref) {
		put_key(&b, "ref", &first);
		put_str(&b, s->ref);
	}
	put_key(&b, "seq", &first);
	buf_addf(&b, "%lld", (long long)s->seq);
	put_key(&b, "snapshot", &first);
	put_str(&b, s->snapshot);
	put_key(&b, "threshold", &first);
	put_real(&b, s->threshold);
	put_key(&b, "time", &first);
	put_str(&b, s->time);
	buf_addch(&b, '}');
	if (!buf_ok(&b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

void audit_screening_free(audit_screening *s)
{
	if (!s)
		return;
	arena_release(&s->mem);
	licit__free(s);
}

/* --------------------------------------------------------------- chain */

int audit_hash(const char *prev_hex, const char *text, size_t len,
	       char out[65])
{
	sha256_ctx c;
	uint8_t d[32];
	if (sha256_init(&c) < 0)
		return -1;
	sha256_update(&c, prev_hex, 64);
	sha256_update(&c, text, len);
	sha256_final(&c, d);
	sha256_hex(d, out);
	return 0;
}

/* The columns kept beside the entry text, in table order. */
static const char *const COLUMNS[] = {"time",	  "actor",	    "kind",
				      "snapshot", "policy_version", "decision"};
#define N_COLUMNS 6
#define ROW_PARAMS (4 + N_COLUMNS) /* seq, columns, entry, prev, hash */
#define ROWS_PER_INSERT 64

typedef struct tail {
	int64_t seq;
	char hash[65];
} tail;

static int tail_row(void *ctx, int n, const char *const *v)
{
	tail *t = ctx;
	if (n >= 2 && v[0] && v[1]) {
		t->seq = strtoll(v[0], NULL, 10);
		snprintf(t->hash, sizeof(t->hash), "%s", v[1]);
	}
	return 1;
}

/* One chained row ready to insert. */
typedef struct row {
	int64_t seq;
	const char *cols[N_COLUMNS]; /* borrowed from the entry */
	char *text;
	char prev[65], hash[65];
} row;

static const char *field(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* "INSERT INTO audit (...) VALUES ($1,...),(...)" for n rows into sql. */
static void insert_sql(buf *sql, size_t n)
{
	buf_addstr(sql, "INSERT INTO audit (seq, time, actor, kind, snapshot, "
			"policy_version, decision, entry, prev_hash, hash) "
			"VALUES ");
	for (size_t i = 0; i < n; i++) {
		buf_addstr(sql, i ? ",(" : "(");
		for (int k = 0; k < ROW_PARAMS; k++)
			buf_addf(sql, "%s$%zu", k ? "," : "",
				 i * ROW_PARAMS + (size_t)k + 1);
		buf_addch(sql, ')');
	}
}

/*
 * The inserts, made once per process (the same for every store and
 * thread; reachable until exit): one for each power of two of rows up to
 * ROWS_PER_INSERT. A batch of any size is written as a few of them, so
 * the statements a store keeps prepared are always these few, whatever
 * the batch sizes: preparing a statement for each new size would cost
 * more than the insert, and push the other statements out of the cache.
 */
#define N_INSERTS 7 /* 1, 2, 4, ... 64 rows */
_Static_assert(ROWS_PER_INSERT == 1 << (N_INSERTS - 1), "N_INSERTS");
static buf inserts[N_INSERTS];
static pthread_once_t inserts_once = PTHREAD_ONCE_INIT;

static void make_inserts(void)
{
	for (int i = 0; i < N_INSERTS; i++) {
		buf_init(&inserts[i], 1 << 20);
		insert_sql(&inserts[i], (size_t)1 << i);
	}
}

/* The most rows (a power of two, at most ROWS_PER_INSERT) of n. */
static size_t insert_size(size_t n)
{
	size_t k = ROWS_PER_INSERT;
	while (k > n)
		k >>= 1;
	return k;
}

/* Insert rows[0..n), n a power of two up to ROWS_PER_INSERT. */
static licit_status insert_rows(store *s, row *rows, size_t n, errinfo *e)
{
	pthread_once(&inserts_once, make_inserts);
	int which = 0;
	while (((size_t)1 << which) < n)
		which++;
	const buf *text = &inserts[which];
	store_val *p = licit__calloc(n * ROW_PARAMS, sizeof(*p));
	if (!p)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		store_val *v = p + i * ROW_PARAMS;
		v[0] = sv_int(rows[i].seq);
		for (int k = 0; k < N_COLUMNS; k++)
			v[1 + k] = sv_text(rows[i].cols[k]);
		v[1 + N_COLUMNS] = sv_text(rows[i].text);
		v[2 + N_COLUMNS] = sv_text(rows[i].prev);
		v[3 + N_COLUMNS] = sv_text(rows[i].hash);
	}
	licit_status st = buf_ok(text) && text->len
				  ? store_exec(s, buf_str(text), p,
					       (int)(n * ROW_PARAMS), e)
				  : err_set(e, LICIT_ENOMEM, "out of memory");
	licit__free(p);
	return st;
}

/* A screening: its seq, what the alert logic decides, its text. */
static licit_status chain_screening(store *s, audit_screening *scr,
				    int64_t seq, alert_ids *ids, row *r,
				    errinfo *e)
{
	scr->seq = seq;
	licit_status st = alerts_resolve(s, scr, ids, e);
	if (st != LICIT_OK)
		return st;
	const char *cols[N_COLUMNS] = {scr->time,	 scr->actor, "screen",
				       scr->snapshot, NULL,	      scr->decision};
	memcpy(r->cols, cols, sizeof(cols));
	r->text = audit_screening_text(scr);
	return LICIT_OK;
}

/* Any other entry, as JSON: its seq and its canonical text. */
static licit_status chain_json(json_t *entry, int64_t seq, row *r,
			       errinfo *e)
{
	if (json_object_set_new(entry, "seq", json_integer(seq)) < 0)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	if (!field(entry, "time") || !field(entry, "actor") ||
	    !field(entry, "kind"))
		return err_set(e, LICIT_EMISUSE,
			       "audit entry without time, actor or kind");
	for (int k = 0; k < N_COLUMNS; k++)
		r->cols[k] = field(entry, COLUMNS[k]);
	r->text = audit_canonical(entry);
	return LICIT_OK;
}

/* Give an entry its seq, let the alert logic decide, and chain it. */
static licit_status chain_one(store *s, audit_item *it, int64_t seq,
			      const char *prev, alert_ids *ids, row *r,
			      errinfo *e)
{
	licit_status st = it->screening
				  ? chain_screening(s, it->screening, seq, ids,
						    r, e)
				  : chain_json(it->json, seq, r, e);
	if (st != LICIT_OK)
		return st;
	r->seq = seq;
	if (!r->text)
		return err_set(e, LICIT_ENOMEM,
			       "audit entry %lld cannot be encoded",
			       (long long)seq);
	snprintf(r->prev, sizeof(r->prev), "%s", prev);
	if (audit_hash(prev, r->text, strlen(r->text), r->hash) < 0)
		return err_set(e, LICIT_ENOMEM, "sha256 failed");
	return LICIT_OK;
}

licit_status audit_append(store *s, audit_item *entries, size_t n,
			  errinfo *e)
{
	if (!n)
		return LICIT_OK;
	tail t = {0, AUDIT_GENESIS};
	licit_status st = store_query(
		s, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
		NULL, 0, tail_row, &t, e);
	if (st != LICIT_OK)
		return st;
	row *rows = licit__calloc(n, sizeof(*rows));
	if (!rows)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	alert_ids ids = {0};
	size_t made = 0, done = 0;
	/* `made` counts the rows to free: a row that failed is counted too
	 * (the increment runs before the condition stops the loop) */
	for (; st == LICIT_OK && made < n; made++) {
		const char *prev = made ? rows[made - 1].hash : t.hash;
		st = chain_one(s, &entries[made], t.seq + (int64_t)made + 1,
			       prev, &ids, &rows[made], e);
	}
	while (st == LICIT_OK && done < n) {
		size_t k = insert_size(n - done);
		st = insert_rows(s, rows + done, k, e);
		done += k;
	}
	for (size_t i = 0; i < made; i++)
		licit__free(rows[i].text);
	licit__free(rows);
	return st;
}

/* ------------------------------------------------------------- walking */

#define PAGE 1000

static const char select_page[] =
	"SELECT seq, time, actor, kind, snapshot, policy_version, decision, "
	"entry, prev_hash, hash FROM audit WHERE seq > $1 AND (CAST($2 AS TEXT) "
	"IS NULL OR time >= $2) AND (CAST($3 AS TEXT) IS NULL OR time <= $3) "
	"ORDER BY seq LIMIT 1000";

typedef struct walk {
	int (*fn)(void *ctx, const licit_audit_entry *en);
	void *ctx;
	int64_t last;
	size_t rows;
	int stopped;
} walk;

static int walk_row(void *ctx, int n, const char *const *v)
{
	walk *w = ctx;
	if (n < 10)
		return 1;
	licit_audit_entry en = {strtoll(v[0], NULL, 10),
				v[1],
				v[2],
				v[3],
				v[4],
				v[5],
				v[6],
				v[7],
				v[8],
				v[9]};
	w->last = en.seq;
	w->rows++;
	if (w->fn(w->ctx, &en)) {
		w->stopped = 1;
		return 1;
	}
	return 0;
}

licit_status audit_each(store *s, const char *from, const char *to,
			int (*fn)(void *ctx, const licit_audit_entry *en),
			void *ctx, errinfo *e)
{
	walk w = {fn, ctx, 0, 0, 0};
	for (;;) {
		store_val p[] = {sv_int(w.last), sv_text(from), sv_text(to)};
		w.rows = 0;
		licit_status st =
			store_query(s, select_page, p, 3, walk_row, &w, e);
		if (st != LICIT_OK)
			return st;
		if (w.stopped || w.rows < PAGE)
			return LICIT_OK;
	}
}

static const char select_recent[] =
	"SELECT seq, time, actor, kind, snapshot, policy_version, decision, "
	"entry, prev_hash, hash FROM audit WHERE ($1 <= 0 OR seq < $1) "
	"ORDER BY seq DESC LIMIT $2";

licit_status audit_recent(store *s, int64_t before, int64_t limit,
			  int (*fn)(void *ctx, const licit_audit_entry *en),
			  void *ctx, errinfo *e)
{
	walk w = {fn, ctx, 0, 0, 0};
	store_val p[] = {sv_int(before), sv_int(limit)};
	return store_query(s, select_recent, p, 2, walk_row, &w, e);
}

/* ----------------------------------------------------------- verifying */

typedef struct verify {
	licit_audit_report *r;
	int64_t expect;
	char prev[65];
	int broken;
} verify;

static int broken(verify *v, int64_t seq, const char *fmt, const char *what)
{
	v->r->first_bad = seq;
	snprintf(v->r->problem, sizeof(v->r->problem), fmt, what);
	v->broken = 1;
	return 1;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int verify_entry(void *ctx, const licit_audit_entry *en)
{
	verify *v = ctx;
	if (en->seq != v->expect) {
		char what[32];
		snprintf(what, sizeof(what), "%lld", (long long)en->seq);
		return broken(v, v->expect,
			      "missing: the next entry stored is %s (entries "
			      "were removed or renumbered)",
			      what);
	}
	if (!same(en->prev_hash, v->prev))
		return broken(v, en->seq,
			      "prev_hash is not the hash of the entry before%s",
			      "");
	json_error_t jerr;
	json_t *o = json_loads(en->entry, 0, &jerr);
	if (!json_is_object(o)) {
		json_decref(o);
		return broken(v, en->seq, "entry is not a JSON object%s", "");
	}
	char *canon = audit_canonical(o);
	int canonical = canon && !strcmp(canon, en->entry);
	licit__free(canon);
	json_t *seq = json_object_get(o, "seq");
	int seq_ok = json_is_integer(seq) && json_integer_value(seq) == en->seq;
	const char *cols[N_COLUMNS] = {en->time,     en->actor,
				       en->kind,     en->snapshot,
				       en->policy_version, en->decision};
	const char *bad_col = NULL;
	for (int k = 0; k < N_COLUMNS && !bad_col; k++)
		if (!same(cols[k], field(o, COLUMNS[k])))
			bad_col = COLUMNS[k];
	json_decref(o);
	if (!canonical)
		return broken(v, en->seq,
			      "entry text is not in canonical form%s", "");
	if (!seq_ok)
		return broken(v, en->seq, "entry's seq field differs from its "
					  "row%s", "");
	if (bad_col)
		return broken(v, en->seq,
			      "column '%s' differs from the entry's field",
			      bad_col);
	char h[65];
	if (audit_hash(en->prev_hash, en->entry, strlen(en->entry), h) < 0)
		return broken(v, en->seq, "sha256 failed%s", "");
	if (!same(h, en->hash))
		return broken(v, en->seq,
			      "hash does not match the entry (its content was "
			      "changed)%s",
			      "");
	snprintf(v->prev, sizeof(v->prev), "%s", en->hash);
	v->r->entries++;
	v->expect++;
	return 0;
}

licit_status audit_verify(store *s, licit_audit_report *r, errinfo *e)
{
	memset(r, 0, sizeof(*r));
	verify v = {r, 1, AUDIT_GENESIS, 0};
	licit_status st = audit_each(s, NULL, NULL, verify_entry, &v, e);
	snprintf(r->head, sizeof(r->head), "%s", v.prev);
	if (st != LICIT_OK)
		return st;
	if (v.broken)
		return err_set(e, LICIT_ETAMPERED,
			       "audit entry %lld fails verification: %s",
			       (long long)r->first_bad, r->problem);
	return LICIT_OK;
}

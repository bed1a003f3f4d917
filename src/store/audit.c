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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/alerts.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/sha256.h"
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
	const json_t *entry;
	char *text;
	char prev[65], hash[65];
} row;

static const char *field(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static licit_status insert_rows(store *s, row *rows, size_t n, errinfo *e)
{
	buf sql;
	buf_init(&sql, 1 << 20);
	buf_addstr(&sql, "INSERT INTO audit (seq, time, actor, kind, snapshot, "
			 "policy_version, decision, entry, prev_hash, hash) "
			 "VALUES ");
	store_val *p = licit__calloc(n * ROW_PARAMS, sizeof(*p));
	if (!p) {
		buf_release(&sql);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		store_val *v = p + i * ROW_PARAMS;
		buf_addstr(&sql, i ? ",(" : "(");
		for (int k = 0; k < ROW_PARAMS; k++)
			buf_addf(&sql, "%s$%zu", k ? "," : "",
				 i * ROW_PARAMS + (size_t)k + 1);
		buf_addch(&sql, ')');
		v[0] = sv_int(rows[i].seq);
		for (int k = 0; k < N_COLUMNS; k++)
			v[1 + k] = sv_text(field(rows[i].entry, COLUMNS[k]));
		v[1 + N_COLUMNS] = sv_text(rows[i].text);
		v[2 + N_COLUMNS] = sv_text(rows[i].prev);
		v[3 + N_COLUMNS] = sv_text(rows[i].hash);
	}
	licit_status st = buf_ok(&sql)
				  ? store_exec(s, buf_str(&sql), p,
					       (int)(n * ROW_PARAMS), e)
				  : err_set(e, LICIT_ENOMEM, "out of memory");
	licit__free(p);
	buf_release(&sql);
	return st;
}

/* Give entry its seq, let the alert logic decide, and chain it. */
static licit_status chain_one(store *s, json_t *entry, int64_t seq,
			      const char *prev, alert_ids *ids, row *r,
			      errinfo *e)
{
	if (json_object_set_new(entry, "seq", json_integer(seq)) < 0)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	const char *kind = field(entry, "kind");
	if (kind && !strcmp(kind, "screen")) {
		licit_status st = alerts_resolve(s, entry, ids, e);
		if (st != LICIT_OK)
			return st;
	}
	if (!field(entry, "time") || !field(entry, "actor") || !kind)
		return err_set(e, LICIT_EMISUSE,
			       "audit entry without time, actor or kind");
	r->seq = seq;
	r->entry = entry;
	r->text = audit_canonical(entry);
	if (!r->text)
		return err_set(e, LICIT_ENOMEM,
			       "audit entry %lld cannot be encoded",
			       (long long)seq);
	snprintf(r->prev, sizeof(r->prev), "%s", prev);
	if (audit_hash(prev, r->text, strlen(r->text), r->hash) < 0)
		return err_set(e, LICIT_ENOMEM, "sha256 failed");
	return LICIT_OK;
}

licit_status audit_append(store *s, json_t *const *entries, size_t n,
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
	for (; st == LICIT_OK && made < n; made++) {
		const char *prev = made ? rows[made - 1].hash : t.hash;
		st = chain_one(s, entries[made], t.seq + (int64_t)made + 1, prev,
			       &ids, &rows[made], e);
		if (st != LICIT_OK)
			made++; /* free its text too */
	}
	while (st == LICIT_OK && done < n) {
		size_t k = n - done < ROWS_PER_INSERT ? n - done
						      : ROWS_PER_INSERT;
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

/*
 * alerts.c - opening alerts from screening hits, suppressing and
 * re-opening them by the listed record's content hash, and recording the
 * analyst's decisions. The state table is in alerts.h.
 *
 * Alert ids are assigned here, under the chain lock the caller holds
 * (MAX(id) + 1), so both backends use the same plain BIGINT key.
 */
#include "store/alerts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "util/alloc.h"
#include "banned.h"

typedef struct latest {
	int found;
	int64_t id;
	char status[32];
	char hash[80];
} latest;

static int latest_row(void *ctx, int n, const char *const *v)
{
	latest *l = ctx;
	if (n < 3 || !v[0])
		return 1;
	l->found = 1;
	l->id = strtoll(v[0], NULL, 10);
	snprintf(l->status, sizeof(l->status), "%s", v[1] ? v[1] : "");
	snprintf(l->hash, sizeof(l->hash), "%s", v[2] ? v[2] : "");
	return 1;
}

static licit_status next_id(store *s, alert_ids *ids, int64_t *out,
			    errinfo *e)
{
	if (!ids->next) {
		int64_t max = 0;
		licit_status st = store_query_int(
			s, "SELECT COALESCE(MAX(id), 0) FROM alerts", NULL, 0,
			&max, NULL, e);
		if (st != LICIT_OK)
			return st;
		ids->next = max + 1;
	}
	*out = ids->next++;
	return LICIT_OK;
}

static licit_status open_alert(store *s, const audit_screening *scr,
			       const audit_hit *hit, int64_t reopens,
			       alert_ids *ids, int64_t *id, errinfo *e)
{
	licit_status st = next_id(s, ids, id, e);
	if (st != LICIT_OK)
		return st;
	store_val p[] = {
		sv_int(*id),
		sv_text(scr->party_key),
		sv_text(scr->party_id),
		sv_text(scr->name),
		sv_text(hit->entity_id),
		sv_text(hit->name),
		sv_text(hit->entity_hash),
		sv_real(hit->score),
		sv_text(scr->snapshot),
		sv_int(scr->seq),
		sv_text(scr->time),
		reopens ? sv_int(reopens) : sv_text(NULL),
	};
	return store_exec(s,
			  "INSERT INTO alerts (id, party_key, party_id, "
			  "party_name, entity_id, entity_name, entity_hash, "
			  "score, snapshot, opened_seq, opened_at, reopens, "
			  "status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
			  "$10, $11, $12, 'open')",
			  p, 12, e);
}

/* What a hit does, given the pair's latest alert (see alerts.h). */
static licit_status resolve_hit(store *s, const audit_screening *scr,
				audit_hit *hit, alert_ids *ids, int *review,
				int *match, errinfo *e)
{
	if (!scr->party_key)
		return err_set(e, LICIT_EMISUSE, "screening without a party");
	latest l = {0};
	store_val p[] = {sv_text(scr->party_key), sv_text(hit->entity_id)};
	licit_status st = store_query(
		s,
		"SELECT id, status, entity_hash FROM alerts WHERE party_key = "
		"$1 AND entity_id = $2 ORDER BY id DESC LIMIT 1",
		p, 2, latest_row, &l, e);
	if (st != LICIT_OK)
		return st;
	int64_t id = l.id;
	int pending = l.found && (!strcmp(l.status, "open") ||
				  !strcmp(l.status, "needs-info"));
	if (pending) {
		hit->status = !strcmp(l.status, "open") ? "open" : "needs-info";
		*review = 1;
	} else if (l.found && !strcmp(l.hash, hit->entity_hash)) {
		int tm = !strcmp(l.status, "true-match");
		hit->status = tm ? "true-match" : "suppressed";
		*match |= tm;
	} else {
		st = open_alert(s, scr, hit, l.found ? l.id : 0, ids, &id, e);
		if (st != LICIT_OK)
			return st;
		hit->status = l.found ? "reopened" : "opened";
		*review = 1;
	}
	hit->alert = id;
	return LICIT_OK;
}

licit_status alerts_resolve(store *s, audit_screening *scr, alert_ids *ids,
			    errinfo *e)
{
	int review = 0, match = 0;
	for (size_t i = 0; i < scr->n_hits; i++) {
		licit_status st = resolve_hit(s, scr, &scr->hits[i], ids,
					      &review, &match, e);
		if (st != LICIT_OK)
			return st;
	}
	scr->decision = match ? "match" : review ? "review" : "clear";
	return LICIT_OK;
}

/* ------------------------------------------------------------ reading */

#define ALERT_COLUMNS                                                          \
	"id, status, party_key, party_id, party_name, entity_id, "             \
	"entity_name, entity_hash, score, snapshot, opened_seq, opened_at, "   \
	"reopens, decided_by, decided_at, reason"

static void alert_from_row(licit_alert *a, const char *const *v)
{
	*a = (licit_alert){
		strtoll(v[0], NULL, 10),
		v[1],
		v[2],
		v[3],
		v[4],
		v[5],
		v[6],
		v[7],
		v[8] ? strtod(v[8], NULL) : 0,
		v[9],
		v[10] ? strtoll(v[10], NULL, 10) : 0,
		v[11],
		v[12] ? strtoll(v[12], NULL, 10) : 0,
		v[13],
		v[14],
		v[15],
	};
}

typedef struct alert_walk {
	int (*fn)(void *ctx, const licit_alert *a);
	void *ctx;
	int64_t last;
	size_t rows;
	int stopped;
} alert_walk;

static int alert_row(void *ctx, int n, const char *const *v)
{
	alert_walk *w = ctx;
	if (n < 16)
		return 1;
	licit_alert a;
	alert_from_row(&a, v);
	w->last = a.id;
	w->rows++;
	if (w->fn(w->ctx, &a)) {
		w->stopped = 1;
		return 1;
	}
	return 0;
}

#define PAGE 500

licit_status alerts_each(store *s, const char *status,
			 int (*fn)(void *ctx, const licit_alert *a), void *ctx,
			 errinfo *e)
{
	alert_walk w = {fn, ctx, INT64_MAX, 0, 0};
	for (;;) {
		store_val p[] = {sv_int(w.last), sv_text(status)};
		w.rows = 0;
		licit_status st = store_query(
			s,
			"SELECT " ALERT_COLUMNS " FROM alerts WHERE id < $1 "
			"AND (CAST($2 AS TEXT) IS NULL OR status = $2) "
			"ORDER BY id DESC "
			"LIMIT 500",
			p, 2, alert_row, &w, e);
		if (st != LICIT_OK)
			return st;
		if (w.stopped || w.rows < PAGE)
			return LICIT_OK;
	}
}

/* One (status, count) row into *ctx: [0] open, [1] needs-info. */
static int count_row(void *ctx, int n, const char *const *v)
{
	int64_t *out = ctx;
	if (n == 2)
		out[strcmp(v[0], "open") ? 1 : 0] = strtoll(v[1], NULL, 10);
	return 0;
}

licit_status alerts_count(store *s, int64_t *open, int64_t *needs_info,
			  errinfo *e)
{
	int64_t c[2] = {0, 0};
	licit_status st = store_query(
		s,
		"SELECT status, count(*) FROM alerts WHERE status IN "
		"('open', 'needs-info') GROUP BY status",
		NULL, 0, count_row, c, e);
	*open = c[0];
	*needs_info = c[1];
	return st;
}

static json_t *opt(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *alert_to_json(const licit_alert *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "status", json_string(a->status));
	json_object_set_new(o, "party_key", opt(a->party_key));
	json_object_set_new(o, "party_id", opt(a->party_id));
	json_object_set_new(o, "party_name", opt(a->party_name));
	json_object_set_new(o, "entity_id", opt(a->entity_id));
	json_object_set_new(o, "entity_name", opt(a->entity_name));
	json_object_set_new(o, "entity_hash", opt(a->entity_hash));
	json_object_set_new(o, "score", json_real(a->score));
	json_object_set_new(o, "snapshot", opt(a->snapshot));
	json_object_set_new(o, "opened_seq", json_integer(a->opened_seq));
	json_object_set_new(o, "opened_at", opt(a->opened_at));
	json_object_set_new(o, "reopens",
			    a->reopens ? json_integer(a->reopens) : json_null());
	json_object_set_new(o, "decided_by", opt(a->decided_by));
	json_object_set_new(o, "decided_at", opt(a->decided_at));
	json_object_set_new(o, "reason", opt(a->reason));
	return o;
}

static int one_alert(void *ctx, int n, const char *const *v)
{
	json_t **out = ctx;
	if (n < 16)
		return 1;
	licit_alert a;
	alert_from_row(&a, v);
	*out = alert_to_json(&a);
	return 1;
}

static int decision_row(void *ctx, int n, const char *const *v)
{
	json_t *arr = ctx;
	if (n < 5)
		return 1;
	json_array_append_new(
		arr, json_pack("{s:I,s:s,s:s,s:s,s:s}", "seq",
			       (json_int_t)strtoll(v[0], NULL, 10), "time",
			       v[1], "actor", v[2], "disposition", v[3],
			       "reason", v[4]));
	return 0;
}

licit_status alerts_json(store *s, int64_t id, char **json, errinfo *e)
{
	json_t *o = NULL;
	store_val p[] = {sv_int(id)};
	licit_status st = store_query(
		s, "SELECT " ALERT_COLUMNS " FROM alerts WHERE id = $1", p, 1,
		one_alert, &o, e);
	if (st != LICIT_OK)
		return st;
	if (!o)
		return err_set(e, LICIT_ENOTFOUND, "no alert %lld",
			       (long long)id);
	json_t *arr = json_array();
	st = store_query(s,
			 "SELECT seq, time, actor, disposition, reason FROM "
			 "alert_decisions WHERE alert_id = $1 ORDER BY seq",
			 p, 1, decision_row, arr, e);
	json_object_set_new(o, "decisions", arr);
	if (st == LICIT_OK) {
		char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
		*json = text ? licit__strdup(text) : NULL;
		free(text);
		if (!*json)
			st = err_set(e, LICIT_ENOMEM, "out of memory");
	}
	json_decref(o);
	return st;
}

typedef struct json_list {
	json_t *arr;
	size_t limit;
} json_list;

static int list_alert(void *ctx, const licit_alert *a)
{
	json_list *l = ctx;
	json_array_append_new(l->arr, alert_to_json(a));
	return l->limit && json_array_size(l->arr) >= l->limit;
}

licit_status alerts_list_json(store *s, const char *status, size_t limit,
			      char **json, size_t *n, errinfo *e)
{
	json_list l = {json_array(), limit};
	licit_status st = alerts_each(s, status, list_alert, &l, e);
	*n = json_array_size(l.arr);
	if (st == LICIT_OK) {
		char *text =
			json_dumps(l.arr, JSON_COMPACT | JSON_REAL_PRECISION(6));
		*json = text ? licit__strdup(text) : NULL;
		free(text);
		if (!*json)
			st = err_set(e, LICIT_ENOMEM, "out of memory");
	}
	json_decref(l.arr);
	return st;
}

/* ------------------------------------------------------------ deciding */

static licit_status decide_locked(store *s, int64_t id, const char *disp,
				  const char *reason, const char *actor,
				  errinfo *e)
{
	json_t *alert = NULL;
	store_val p[] = {sv_int(id)};
	licit_status st = store_query(
		s, "SELECT " ALERT_COLUMNS " FROM alerts WHERE id = $1", p, 1,
		one_alert, &alert, e);
	if (st != LICIT_OK)
		return st;
	if (!alert)
		return err_set(e, LICIT_ENOTFOUND, "no alert %lld",
			       (long long)id);
	char now[32];
	store_now(now);
	json_t *entry = json_pack(
		"{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:O,s:O,s:O,s:O,s:n}", "kind",
		"alert-decision", "time", now, "actor", actor, "alert",
		(json_int_t)id, "disposition", disp, "decision", disp, "reason",
		reason, "previous_status", json_object_get(alert, "status"),
		"party_key", json_object_get(alert, "party_key"), "entity_id",
		json_object_get(alert, "entity_id"), "entity_hash",
		json_object_get(alert, "entity_hash"), "policy_version");
	json_decref(alert);
	if (!entry)
		return err_set(e, LICIT_EINVAL,
			       "reason or actor is not valid UTF-8");
	audit_item it = {NULL, entry};
	st = audit_append(s, &it, 1, e);
	int64_t seq = json_integer_value(json_object_get(entry, "seq"));
	json_decref(entry);
	if (st != LICIT_OK)
		return st;
	store_val u[] = {sv_text(disp), sv_int(seq), sv_text(actor),
			 sv_text(now), sv_text(reason), sv_int(id)};
	st = store_exec(s,
			"UPDATE alerts SET status = $1, decided_seq = $2, "
			"decided_by = $3, decided_at = $4, reason = $5 WHERE "
			"id = $6",
			u, 6, e);
	if (st != LICIT_OK)
		return st;
	store_val d[] = {sv_int(id),	sv_int(seq),  sv_text(now),
			 sv_text(actor), sv_text(disp), sv_text(reason)};
	return store_exec(s,
			  "INSERT INTO alert_decisions (alert_id, seq, time, "
			  "actor, disposition, reason) VALUES ($1, $2, $3, $4, "
			  "$5, $6)",
			  d, 6, e);
}

licit_status alerts_decide(store *s, int64_t id, licit_disposition d,
			   const char *reason, const char *actor,
			   errinfo *e)
{
	const char *disp = licit_disposition_name(d);
	if (!*disp)
		return err_set(e, LICIT_EINVAL,
			       "a disposition is one of true-match, "
			       "false-positive, needs-info");
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return err_set(e, LICIT_EINVAL,
			       "a decision needs a reason (--reason TEXT)");
	licit_status st = store_begin(s, 1, e);
	if (st != LICIT_OK)
		return st;
	st = decide_locked(s, id, disp, reason, actor, e);
	if (st != LICIT_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, e);
}

const char *licit_disposition_name(licit_disposition d)
{
	switch (d) {
	case LICIT_TRUE_MATCH:
		return "true-match";
	case LICIT_FALSE_POSITIVE:
		return "false-positive";
	case LICIT_NEEDS_INFO:
		return "needs-info";
	default:
		return "";
	}
}

licit_disposition licit_disposition_parse(const char *text)
{
	static const licit_disposition all[] = {
		LICIT_TRUE_MATCH, LICIT_FALSE_POSITIVE, LICIT_NEEDS_INFO};
	for (size_t i = 0; text && i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(text, licit_disposition_name(all[i])))
			return all[i];
	return LICIT_DISPOSITION_NONE;
}

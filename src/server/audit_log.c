/*
 * audit_log.c - the audit log over HTTP:
 *   GET /v1/audit?limit=&before=       the newest entries, newest first
 *   GET /v1/audit?from=&to=&limit=     entries in a time range, in order
 *   GET /v1/audit/verify               the whole chain recomputed
 *
 * Entries are listed with their columns and hashes; `entry=1` adds each
 * entry's canonical JSON (what the hash covers), so a reviewer can check
 * one by hand. Verify is `licit audit verify`: 200 either way, with
 * "valid" false and the first entry that fails when the log was altered.
 */
#include <string.h>

#include "server/server.h"
#include "banned.h"

#define DEFAULT_ENTRIES 50
#define MAX_ENTRIES	1000

typedef struct entry_list {
	json_t *arr;
	size_t limit;
	int with_entry;
} entry_list;

static int add_entry(void *ctx, const licit_audit_entry *e)
{
	entry_list *l = ctx;
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(e->seq));
	json_object_set_new(o, "time", json_str_or_null(e->time));
	json_object_set_new(o, "actor", json_str_or_null(e->actor));
	json_object_set_new(o, "kind", json_str_or_null(e->kind));
	json_object_set_new(o, "snapshot", json_str_or_null(e->snapshot));
	json_object_set_new(o, "policy_version",
			    json_str_or_null(e->policy_version));
	json_object_set_new(o, "decision", json_str_or_null(e->decision));
	json_object_set_new(o, "prev_hash", json_str_or_null(e->prev_hash));
	json_object_set_new(o, "hash", json_str_or_null(e->hash));
	if (l->with_entry) {
		json_t *entry = e->entry ? json_loads(e->entry, 0, NULL) : NULL;
		json_object_set_new(o, "entry", entry ? entry : json_null());
	}
	json_array_append_new(l->arr, o);
	return json_array_size(l->arr) >= l->limit;
}

void audit_log_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {"limit", "before", "from", "to",
					      "entry", NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	long limit = DEFAULT_ENTRIES, before = 0;
	const char *v;
	if ((v = request_param(rq, "limit")) &&
	    request_parse_int(rq, rp, "limit", v, 1, MAX_ENTRIES, &limit) < 0)
		return;
	if ((v = request_param(rq, "before")) &&
	    request_parse_int(rq, rp, "before", v, 1, (long)(~0ul >> 1),
			      &before) < 0)
		return;
	const char *from = request_param(rq, "from"),
		   *to = request_param(rq, "to"), *entry = request_param(rq,
									 "entry");
	if (entry && strcmp(entry, "0") && strcmp(entry, "1")) {
		reply_error(rq, rp, 400, "invalid_value", "entry",
			    "'entry' is 0 or 1");
		return;
	}
	if ((from || to) && before) {
		reply_error(rq, rp, 400, "invalid_value", "before",
			    "give 'before' (newest first) or 'from'/'to' (a "
			    "time range, in order), not both");
		return;
	}
	licit *h = worker_handle(s);
	if (!h) {
		need_snapshot(h, rq, rp);
		return;
	}
	entry_list l = {json_array(), (size_t)limit, entry && *entry == '1'};
	licit_status st =
	    from || to ? licit_audit_each(h, from, to, add_entry, &l)
		       : licit_audit_recent(h, before, (size_t)limit, add_entry,
					    &l);
	if (st == LICIT_EINVAL) {
		json_decref(l.arr);
		reply_error(rq, rp, 400, "invalid_value",
			    from ? "from" : "to",
			    "a time is YYYY-MM-DD or "
			    "YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC)");
		return;
	}
	if (st != LICIT_OK) {
		json_decref(l.arr);
		reply_internal(rq, rp, h, st);
		return;
	}
	reply_json(rq, rp, 200,
		   json_pack("{s:s,s:I,s:o}", "order",
			     from || to ? "oldest-first" : "newest-first",
			     "count", (json_int_t)json_array_size(l.arr),
			     "entries", l.arr));
}

void audit_verify_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	licit *h = worker_handle(s);
	if (!h) {
		need_snapshot(h, rq, rp);
		return;
	}
	licit_audit_report r;
	licit_status st = licit_audit_verify(h, &r);
	if (st != LICIT_OK && st != LICIT_ETAMPERED) {
		reply_internal(rq, rp, h, st);
		return;
	}
	reply_json(rq, rp, 200,
		   json_pack("{s:b,s:I,s:I,s:s,s:s}", "valid", st == LICIT_OK,
			     "entries", (json_int_t)r.entries, "first_bad",
			     (json_int_t)r.first_bad, "problem", r.problem,
			     "head", r.head));
}

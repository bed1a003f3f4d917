/*
 * impact.c - POST /v1/impact: what a change of lists or policies does to
 * the books, as `licit impact` (the same report, the same audit entry).
 *
 * The body names the two sides: {"from_snapshot","to_snapshot",
 * "from_as_of","to_as_of","threshold"}, each optional (a snapshot id or
 * unique prefix, default the current one; a date YYYY-MM-DD, default
 * today). The run screens every stored party on the request's worker
 * thread only, so one impact run never takes the cores the screening
 * routes need; it holds that thread until it is done.
 */
#include <string.h>

#include "server/server.h"
#include "banned.h"

static const field_spec impact_fields[] = {
    {"from_snapshot", FIELD_STRING, 0}, {"to_snapshot", FIELD_STRING, 0},
    {"from_as_of", FIELD_STRING, 0},	{"to_as_of", FIELD_STRING, 0},
    {"threshold", FIELD_NUMBER, 0},
};

void impact_post(server *s, http_request *rq, http_reply *rp)
{
	json_t *o = request_body(rq, rp, impact_fields,
				 sizeof(impact_fields) / sizeof(impact_fields[0]));
	if (!o)
		return;
	licit_impact_query q;
	memset(&q, 0, sizeof(q));
	q.from_snapshot = json_str(o, "from_snapshot");
	q.to_snapshot = json_str(o, "to_snapshot");
	q.from_as_of = json_str(o, "from_as_of");
	q.to_as_of = json_str(o, "to_as_of");
	q.threads = 1;
	const json_t *t = json_object_get(o, "threshold");
	if (t && !json_is_null(t)) {
		q.threshold = json_number_value(t);
		if (!(q.threshold > 0 && q.threshold <= 1)) {
			reply_error(rq, rp, 400, "invalid_value", "threshold",
				    "'threshold' takes a number above 0 and "
				    "at most 1");
			json_decref(o);
			return;
		}
	}
	if ((q.from_as_of &&
	     request_check_date(rq, rp, "from_as_of", q.from_as_of) < 0) ||
	    (q.to_as_of &&
	     request_check_date(rq, rp, "to_as_of", q.to_as_of) < 0)) {
		json_decref(o);
		return;
	}
	licit *h = worker_handle(s);
	licit_impact *r = NULL;
	licit_status st = LICIT_OK;
	if (need_snapshot(h, rq, rp) == 0)
		st = licit_impact_run(h, &q, &r);
	else
		st = LICIT_ENOSNAPSHOT; /* answered */
	if (st == LICIT_OK) {
		const char *json = licit_impact_json(r);
		if (json)
			reply_text(rq, rp, 200, "application/json", json,
				   strlen(json));
		else
			reply_internal(rq, rp, h, LICIT_ENOMEM);
	} else if (st == LICIT_ENOTFOUND) {
		/* the library's message names the data directory */
		reply_error(rq, rp, 404, "not_found", NULL,
			    "no snapshot has that id; GET /v1/lists names the "
			    "current one");
	} else if (st == LICIT_EINVAL && strstr(licit_last_error(h), "date")) {
		reply_error(rq, rp, 400, "invalid_value", NULL, "%s",
			    licit_last_error(h));
	} else if (st == LICIT_EINVAL) {
		reply_error(rq, rp, 400, "invalid_value", NULL,
			    "a snapshot id matches more than one snapshot: "
			    "give more of it");
	} else if (st != LICIT_ENOSNAPSHOT) {
		reply_internal(rq, rp, h, st);
	}
	licit_impact_free(r);
	json_decref(o);
}

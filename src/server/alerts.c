/*
 * alerts.c - the review queue over HTTP:
 *   GET  /v1/alerts?status=&limit=        alerts, newest first
 *   GET  /v1/alerts/{id}                  one alert with its decisions
 *   POST /v1/alerts/{id}/decision         an analyst's disposition
 *
 * The same as `licit alerts list|show|decide`: a decision is an audit
 * entry by the key's label, and a false positive suppresses the party's
 * later hits on the same listed record until that record changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "banned.h"

#define DEFAULT_ALERTS 100
#define MAX_ALERTS     1000

typedef struct alert_list {
	json_t *arr;
	size_t limit;
} alert_list;

static int add_alert(void *ctx, const licit_alert *a)
{
	alert_list *l = ctx;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "status", json_str_or_null(a->status));
	json_object_set_new(o, "party_key", json_str_or_null(a->party_key));
	json_object_set_new(o, "party_id", json_str_or_null(a->party_id));
	json_object_set_new(o, "party_name", json_str_or_null(a->party_name));
	json_object_set_new(o, "entity_id", json_str_or_null(a->entity_id));
	json_object_set_new(o, "entity_name", json_str_or_null(a->entity_name));
	json_object_set_new(o, "score", json_real(a->score));
	json_object_set_new(o, "snapshot", json_str_or_null(a->snapshot));
	json_object_set_new(o, "opened_seq", json_integer(a->opened_seq));
	json_object_set_new(o, "opened_at", json_str_or_null(a->opened_at));
	json_object_set_new(o, "reopens",
			    a->reopens ? json_integer(a->reopens)
				       : json_null());
	json_object_set_new(o, "decided_by", json_str_or_null(a->decided_by));
	json_object_set_new(o, "decided_at", json_str_or_null(a->decided_at));
	json_object_set_new(o, "reason", json_str_or_null(a->reason));
	json_array_append_new(l->arr, o);
	return json_array_size(l->arr) >= l->limit;
}

void alerts_list_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {"status", "limit", NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	const char *status = request_param(rq, "status");
	if (!status)
		status = "open";
	if (strcmp(status, "all") && strcmp(status, "open") &&
	    licit_disposition_parse(status) == LICIT_DISPOSITION_NONE) {
		reply_error(rq, rp, 400, "invalid_value", "status",
			    "'status' is open, true-match, false-positive, "
			    "needs-info or all");
		return;
	}
	long limit = DEFAULT_ALERTS;
	const char *v = request_param(rq, "limit");
	if (v && request_parse_int(rq, rp, "limit", v, 1, MAX_ALERTS,
				   &limit) < 0)
		return;
	licit *h = worker_handle(s);
	if (!h) {
		need_snapshot(h, rq, rp);
		return;
	}
	alert_list l = {json_array(), (size_t)limit};
	licit_status st = licit_alerts_each(
	    h, strcmp(status, "all") ? status : NULL, add_alert, &l);
	if (st != LICIT_OK) {
		json_decref(l.arr);
		reply_internal(rq, rp, h, st);
		return;
	}
	reply_json(rq, rp, 200,
		   json_pack("{s:s,s:I,s:o}", "status", status, "count",
			     (json_int_t)json_array_size(l.arr), "alerts",
			     l.arr));
}

/* The alert id of "/v1/alerts/<id>[suffix]": -1 after answering 404
 * when the path is not that. */
static int64_t alert_id(http_request *rq, http_reply *rp, const char *suffix)
{
	const char *p = rq->path + strlen("/v1/alerts/");
	size_t digits = strspn(p, "0123456789");
	int ok = digits > 0 && digits <= 18 && *p != '0' &&
		 !strcmp(p + digits, suffix);
	if (!ok) {
		reply_error(rq, rp, 404, "not_found", NULL,
			    "no such resource: an alert is "
			    "/v1/alerts/<number>%s",
			    suffix);
		return -1;
	}
	return strtoll(p, NULL, 10);
}

/* Alert `id` as the reply (404 when there is none). */
static void reply_alert(licit *h, http_request *rq, http_reply *rp,
			int64_t id)
{
	char *json = NULL;
	licit_status st = licit_alert_json(h, id, &json);
	if (st == LICIT_ENOTFOUND) {
		reply_error(rq, rp, 404, "not_found", "id",
			    "there is no alert %lld", (long long)id);
		return;
	}
	if (st != LICIT_OK) {
		reply_internal(rq, rp, h, st);
		return;
	}
	reply_owned_json(rp, 200, json);
}

void alert_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	int64_t id = alert_id(rq, rp, "");
	if (id < 0)
		return;
	licit *h = worker_handle(s);
	if (!h) {
		need_snapshot(h, rq, rp);
		return;
	}
	reply_alert(h, rq, rp, id);
}

static const field_spec decision_fields[] = {
    {"disposition", FIELD_STRING, 1},
    {"reason", FIELD_NAME, 1},
};

void alert_decision_post(server *s, http_request *rq, http_reply *rp)
{
	int64_t id = alert_id(rq, rp, "/decision");
	if (id < 0)
		return;
	json_t *o = request_body(rq, rp, decision_fields,
				 sizeof(decision_fields) /
				     sizeof(decision_fields[0]));
	if (!o)
		return;
	licit_disposition d =
	    licit_disposition_parse(json_str(o, "disposition"));
	const char *reason = json_str(o, "reason");
	if (d == LICIT_DISPOSITION_NONE) {
		reply_error(rq, rp, 400, "invalid_value", "disposition",
			    "'disposition' is true-match, false-positive or "
			    "needs-info");
	} else if (strspn(reason, " \t\r\n") == strlen(reason)) {
		reply_error(rq, rp, 400, "invalid_value", "reason",
			    "'reason' must say why: it goes into the audit "
			    "log");
	} else {
		licit *h = worker_handle(s);
		licit_status st =
		    h ? licit_alert_decide(h, id, d, reason) : LICIT_EIO;
		if (!h)
			need_snapshot(h, rq, rp);
		else if (st == LICIT_ENOTFOUND)
			reply_error(rq, rp, 404, "not_found", "id",
				    "there is no alert %lld", (long long)id);
		else if (st == LICIT_EINVAL)
			reply_error(rq, rp, 400, "invalid_value", NULL, "%s",
				    licit_last_error(h));
		else if (st != LICIT_OK)
			reply_internal(rq, rp, h, st);
		else
			reply_alert(h, rq, rp, id);
	}
	json_decref(o);
}

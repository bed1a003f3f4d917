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
	char *json = NULL;
	size_t n = 0;
	licit_status st = licit_alerts_json(
	    h, strcmp(status, "all") ? status : NULL, (size_t)limit, &json, &n);
	if (st != LICIT_OK) {
		reply_internal(rq, rp, h, st);
		return;
	}
	/* `status` is one of the fixed words checked above: no escaping */
	size_t cap = strlen(json) + 96;
	char *body = reqmem_alloc(&rq->mem, cap);
	if (body) {
		int k = snprintf(body, cap,
				 "{\"status\":\"%s\",\"count\":%zu,\"alerts\":%s}",
				 status, n, json);
		rp->status = 200;
		rp->content_type = "application/json";
		rp->body = body;
		rp->len = (size_t)k;
	} else {
		reply_internal(rq, rp, h, LICIT_ENOMEM);
	}
	licit_free(json);
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

/*
 * health.c - GET /v1/health: is the server up, and with which snapshot.
 *
 * The one route that needs no key, for load balancers and probes. It
 * answers 200 while the server can serve screenings and 503 when it has
 * no snapshot, and says nothing a caller without a key should not know.
 */
#include <time.h>

#include "server/server.h"
#include "banned.h"

void health_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	licit *h = worker_handle(s);
	const char *id = h ? licit_snapshot_id(h) : NULL;
	int64_t created = h ? licit_snapshot_created(h) : 0;
	json_t *o =
	    json_pack("{s:s,s:s,s:s?}", "status", id ? "ok" : "no_snapshot",
		      "version", licit_version(), "snapshot", id);
	if (o && id)
		json_object_set_new(
		    o, "snapshot_age_seconds",
		    json_integer((json_int_t)time(NULL) - created));
	reply_json(rq, rp, id ? 200 : 503, o);
}

/*
 * entities.c - GET /v1/entities/{id}: the full record of one listed
 * entity, as `licit entity ID` prints it.
 *
 * The record's origin names the file it was read from; only the file's
 * last path component is kept, so no server path reaches the client.
 */
#include <string.h>

#include "server/server.h"
#include "banned.h"

void entities_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	const char *id = rq->path + strlen("/v1/entities/");
	size_t n = strlen(id);
	if (n > SERVER_MAX_FIELD || !utf8_valid(id, n)) {
		reply_error(rq, rp, 400, "invalid_value", "id",
			    "an entity id is UTF-8, at most %d bytes, such "
			    "as us-ofac-sdn:2676",
			    SERVER_MAX_FIELD);
		return;
	}
	licit *h = worker_handle(s);
	if (need_snapshot(h, rq, rp) < 0)
		return;
	char *json = NULL;
	licit_status st = licit_entity_json(h, id, &json);
	if (st == LICIT_ENOTFOUND) {
		reply_error(rq, rp, 404, "not_found", "id",
			    "no entity '%s' in snapshot %.12s", id,
			    licit_snapshot_id(h));
		return;
	}
	if (st != LICIT_OK) {
		reply_internal(rq, rp, h, st);
		return;
	}
	json_t *o = json_loads(json, 0, NULL);
	licit_free(json);
	json_t *origin = json_object_get(o, "origin");
	const char *file = json_str(origin, "file");
	if (file)
		json_object_set_new(origin, "file",
				    json_string(path_basename(file)));
	reply_json(rq, rp, 200, o);
}

/*
 * lists.c - GET /v1/lists (the snapshot and its sources) and
 * POST /v1/lists/reload (switch to the newest snapshot).
 *
 * GET answers what `licit lists show --json` prints, except that file
 * paths are cut to their last component: a client learns which file was
 * read, not where the server keeps it.
 *
 * Reload opens the data directory afresh (reading CURRENT, which `licit
 * lists import` replaces atomically), makes that handle this thread's and
 * bumps the generation so every other thread reopens before its next
 * request (worker.c). A request in flight finishes on the snapshot it
 * started with. When the data directory has no usable snapshot, the
 * server keeps the one it has and answers 409.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "banned.h"

static json_t *source_json(const licit_source_info *x)
{
	json_t *skips = json_array();
	for (uint64_t k = 0; k < x->skipped; k++)
		json_array_append_new(
		    skips, json_pack("{s:s,s:I,s:s}", "file",
				     path_basename(x->skips[k].file), "line",
				     (json_int_t)x->skips[k].line, "reason",
				     x->skips[k].reason));
	return json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:o}", "id", x->id, "format",
	    x->format, "file", path_basename(x->path), "sha256", x->sha256,
	    "published", x->published, "records", (json_int_t)x->records,
	    "entities", (json_int_t)x->entities, "names", (json_int_t)x->names,
	    "skipped", (json_int_t)x->skipped, "skips", skips);
}

/* "YYYY-MM-DDTHH:MM:SSZ" of t into out[21]. */
static void iso_time(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void lists_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	licit *h = worker_handle(s);
	if (need_snapshot(h, rq, rp) < 0)
		return;
	const licit_source_info *src;
	size_t n;
	licit_status st = licit_sources(h, &src, &n);
	if (st != LICIT_OK) {
		reply_internal(rq, rp, h, st);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, source_json(&src[i]));
	char created[21];
	iso_time(licit_snapshot_created(h), created);
	reply_json(
	    rq, rp, 200,
	    json_pack("{s:s,s:s,s:I,s:o}", "snapshot", licit_snapshot_id(h),
		      "created", created, "generation",
		      (json_int_t)atomic_load(&s->generation), "sources", arr));
}

void lists_reload(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	licit *old = worker_handle(s);
	char previous[65] = "";
	if (old && licit_snapshot_id(old))
		snprintf(previous, sizeof(previous), "%s",
			 licit_snapshot_id(old));
	licit *h;
	char err[512] = "";
	licit_status st = licit_open(s->data_dir, &h, err, sizeof(err));
	if (st != LICIT_OK) {
		fprintf(stderr, "licit serve: reload: %s\n", err);
		reply_error(rq, rp, 500, "internal", NULL,
			    "the data directory cannot be opened; the "
			    "server keeps its snapshot");
		return;
	}
	if (!licit_snapshot_id(h)) {
		licit_close(h);
		reply_error(rq, rp, 409, "no_snapshot", NULL,
			    "the data directory has no usable snapshot; the "
			    "server keeps %s",
			    previous[0] ? previous : "serving without one");
		return;
	}
	uint64_t gen = atomic_fetch_add(&s->generation, 1) + 1;
	atomic_fetch_add(&s->reloads, 1);
	worker_adopt(s, h, gen);
	const char *id = licit_snapshot_id(h);
	reply_json(rq, rp, 200,
		   json_pack("{s:s,s:s?,s:b,s:I}", "snapshot", id, "previous",
			     previous[0] ? previous : NULL, "changed",
			     strcmp(previous, id) != 0, "generation",
			     (json_int_t)gen));
}

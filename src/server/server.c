/*
 * server.c - the server's state and its route table: which resource file
 * answers which method and path, with which role, and the metrics kept
 * for each route.
 *
 * server_handle() is the one entry from the outside (daemon.c, the fuzz
 * target): it finds the route (404 for an unknown path, 405 with Allow
 * for a known path and another method), checks the key in one place
 * (auth_check) and calls the resource. It never opens a socket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "banned.h"

typedef void (*route_fn)(server *s, http_request *rq, http_reply *rp);

typedef struct route {
	http_method method;
	const char *path; /* exact; with `prefix`, what the path starts with */
	int prefix;
	auth_role role;
	route_fn run;
	const char *name; /* the metrics label */
	int defers;	  /* may leave audit entries waiting (daemon.c) */
} route;

/* GET routes answer HEAD as well. The first route whose method and path
 * match answers: a prefix route comes after the exact ones it covers. */
static const route routes[] = {
    {HTTP_GET, "/v1/health", 0, AUTH_NONE, health_get, "/v1/health", 0},
    {HTTP_GET, "/v1/lists", 0, AUTH_SCREENER, lists_get, "/v1/lists", 0},
    {HTTP_POST, "/v1/lists/reload", 0, AUTH_ADMIN, lists_reload,
     "/v1/lists/reload", 0},
    {HTTP_GET, "/v1/entities/", 1, AUTH_SCREENER, entities_get,
     "/v1/entities/{id}", 0},
    {HTTP_GET, "/v1/screen", 0, AUTH_SCREENER, screen_get, "/v1/screen", 1},
    {HTTP_POST, "/v1/screen", 0, AUTH_SCREENER, screen_post, "/v1/screen",
     1},
    {HTTP_POST, "/v1/check", 0, AUTH_SCREENER, check_post, "/v1/check", 1},
    {HTTP_GET, "/v1/alerts", 0, AUTH_SCREENER, alerts_list_get, "/v1/alerts", 0},
    {HTTP_GET, "/v1/alerts/", 1, AUTH_SCREENER, alert_get,
     "/v1/alerts/{id}", 0},
    {HTTP_POST, "/v1/alerts/", 1, AUTH_REVIEWER, alert_decision_post,
     "/v1/alerts/{id}/decision", 0},
    {HTTP_GET, "/v1/audit", 0, AUTH_REVIEWER, audit_log_get, "/v1/audit", 0},
    {HTTP_GET, "/v1/audit/verify", 0, AUTH_REVIEWER, audit_verify_get,
     "/v1/audit/verify", 0},
    {HTTP_POST, "/v1/impact", 0, AUTH_REVIEWER, impact_post, "/v1/impact",
     0},
    {HTTP_GET, "/metrics", 0, AUTH_SCREENER, metrics_get, "/metrics", 0},
    {HTTP_GET, "/v2/search", 0, AUTH_SCREENER, watchman_search, "/v2/search",
     1},
    /* the web UI (web.c): it asks for the key, then calls the routes
     * above with it */
    {HTTP_GET, "/", 0, AUTH_NONE, web_index, "/", 0},
    {HTTP_GET, "/ui/", 1, AUTH_NONE, web_file, "/ui/{file}", 0},
};

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))
_Static_assert(N_ROUTES <= METRICS_MAX_ROUTES, "raise METRICS_MAX_ROUTES");

size_t server_route_count(void)
{
	return N_ROUTES;
}

const char *server_route_name(size_t i)
{
	return i < N_ROUTES ? routes[i].name : "other";
}

const char *server_route_method(size_t i)
{
	if (i >= N_ROUTES)
		return "other";
	return routes[i].method == HTTP_POST ? "POST" : "GET";
}

licit_status server_init(server *s, const server_config *cfg, char *errbuf,
			 size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->started = (int64_t)time(NULL);
	atomic_init(&s->generation, 1);
	atomic_init(&s->reloads, 0);
	licit *h;
	licit_status st = licit_open(cfg->data_dir, &h, errbuf, errlen);
	if (st != LICIT_OK)
		return st;
	s->data_dir = strdup(licit_data_dir(h));
	licit_close(h);
	if (!s->data_dir) {
		snprintf(errbuf, errlen, "out of memory");
		return LICIT_ENOMEM;
	}
	s->cfg.data_dir = s->data_dir;
	char web[4096];
	if (cfg->web_dir)
		s->web_dir = strdup(cfg->web_dir);
	else if (web_default_dir(web, sizeof(web)) == 0)
		s->web_dir = strdup(web);
	if (!s->web_dir) {
		free(s->data_dir);
		memset(s, 0, sizeof(*s));
		snprintf(errbuf, errlen, "out of memory");
		return LICIT_ENOMEM;
	}
	s->cfg.web_dir = s->web_dir;
	st = licit_policies_builtin(&s->policies, errbuf, errlen);
	if (st == LICIT_OK)
		st = auth_open(s->data_dir, cfg->no_auth, &s->auth, errbuf,
			       errlen);
	if (st == LICIT_OK && worker_setup(s) < 0) {
		snprintf(errbuf, errlen, "cannot make the worker key");
		st = LICIT_ENOMEM;
	}
	if (st != LICIT_OK) {
		auth_free(s->auth);
		licit_policies_free(s->policies);
		free(s->data_dir);
		free(s->web_dir);
		memset(s, 0, sizeof(*s));
	}
	return st;
}

void server_release(server *s)
{
	worker_teardown(s);
	auth_free(s->auth);
	licit_policies_free(s->policies);
	free(s->data_dir);
	free(s->web_dir);
	memset(s, 0, sizeof(*s));
}

static int path_matches(const route *r, const char *path)
{
	if (!r->prefix)
		return !strcmp(path, r->path);
	size_t n = strlen(r->path);
	return !strncmp(path, r->path, n) && path[n];
}

/* The Allow header for a path no route of this method serves. */
static const char *allowed_methods(const char *path)
{
	int get = 0, post = 0;
	for (size_t i = 0; i < N_ROUTES; i++)
		if (path_matches(&routes[i], path)) {
			get |= routes[i].method == HTTP_GET;
			post |= routes[i].method == HTTP_POST;
		}
	if (get && post)
		return "GET, HEAD, POST";
	if (get)
		return "GET, HEAD";
	return post ? "POST" : NULL;
}

/* The route of rq's method and path, or -1. */
static int find_route(const http_request *rq)
{
	http_method m = rq->method == HTTP_HEAD ? HTTP_GET : rq->method;
	for (size_t i = 0; i < N_ROUTES; i++)
		if (routes[i].method == m &&
		    path_matches(&routes[i], rq->path))
			return (int)i;
	return -1;
}

int server_route_defers(const http_request *rq)
{
	int r = find_route(rq);
	return r >= 0 && routes[r].defers;
}

void server_handle(server *s, http_request *rq, http_reply *rp)
{
	memset(rp, 0, sizeof(*rp));
	rq->route = find_route(rq);
	if (rq->route < 0) {
		const char *allow = allowed_methods(rq->path);
		if (allow) {
			reply_error(rq, rp, 405, "method_not_allowed", NULL,
				    "this resource answers %s", allow);
			rp->allow = allow;
		} else {
			reply_error(rq, rp, 404, "not_found", NULL,
				    "no such resource; the API is described "
				    "in docs/openapi.yaml");
		}
		return;
	}
	const route *r = &routes[rq->route];
	if (auth_check(s->auth, rq, rp, r->role) < 0)
		return;
	worker_set_actor(s, rq->actor);
	r->run(s, rq, rp);
}

/* Upper bounds of the latency buckets, in seconds. */
static const double bucket_le[METRICS_BUCKETS] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
    0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   5.0};

void server_record(server *s, const http_request *rq, int status,
		   double seconds)
{
	route_metrics *m =
	    &s->routes[rq->route >= 0 ? rq->route : METRICS_MAX_ROUTES];
	int k = status >= 100 && status < 600 ? status / 100 : 0;
	atomic_fetch_add_explicit(&m->by_status[k], 1, memory_order_relaxed);
	size_t b = 0;
	while (b < METRICS_BUCKETS && seconds > bucket_le[b])
		b++;
	atomic_fetch_add_explicit(&m->buckets[b], 1, memory_order_relaxed);
	uint64_t us = seconds > 0 ? (uint64_t)(seconds * 1e6 + 0.5) : 0;
	atomic_fetch_add_explicit(&m->sum_us, us, memory_order_relaxed);
}

double server_bucket_le(size_t i)
{
	return i < METRICS_BUCKETS ? bucket_le[i] : 0;
}

int need_snapshot(licit *h, http_request *rq, http_reply *rp)
{
	if (!h) {
		reply_error(rq, rp, 503, "unavailable", NULL,
			    "the server cannot open its data directory; "
			    "retry later");
		return -1;
	}
	if (licit_snapshot_id(h))
		return 0;
	reply_error(rq, rp, 503, "no_snapshot", NULL,
		    "no lists are loaded: import them with 'licit lists "
		    "import' and POST /v1/lists/reload");
	return -1;
}

void reply_internal(http_request *rq, http_reply *rp, licit *h, licit_status st)
{
	fprintf(stderr, "licit serve: %s %s: %s\n", rq->path,
		licit_strerror(st), h ? licit_last_error(h) : "");
	reply_error(rq, rp, 500, "internal", NULL,
		    "the server could not answer (%s); retry later",
		    licit_strerror(st));
}

/*
 * server.h - what the files of licit's HTTP server share.
 *
 * The server is a client of the public API (licit.h) and of nothing else
 * in the library. It is split so that everything but the socket can run
 * without one: daemon.c turns a libmicrohttpd connection into an
 * http_request, server_handle() (server.c) routes it to one resource file
 * (health.c, lists.c, entities.c, screen.c, check.c, metrics.c,
 * watchman.c, web.c) and gets an http_reply back, and daemon.c sends
 * it. The fuzz target drives server_handle() directly.
 *
 * Memory: everything a request needs lives in its reqmem arena (or is a
 * jansson value released before the handler returns) and is freed in one
 * call, request_release(), when the reply has been sent.
 *
 * Threads: libmicrohttpd runs each connection on one thread of its pool;
 * each thread screens with its own licit handle (worker.c), opened on its
 * first request and reopened when a reload has moved the generation on.
 * The server struct is shared: its fields are set before the daemon
 * starts and read-only afterwards, except the atomics.
 */
#ifndef LICIT_SERVER_H
#define LICIT_SERVER_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "licit.h"
#include "server/serve.h"

/* ------------------------------------------------------------ limits */

#define SERVER_MAX_PARAMS  32	/* query parameters */
#define SERVER_MAX_NAME	   1024 /* bytes of a name to screen */
#define SERVER_MAX_FIELD   256	/* bytes of any other field */
#define SERVER_MAX_LIMIT   1000 /* hits per screening */
#define SERVER_MAX_SOURCES 32	/* source filters per query */
#define SERVER_MAX_REGIMES 16	/* regimes per check */

/* -------------------------------------------------------- request memory */

/*
 * A bump allocator for one request: allocations are never freed one by
 * one; reqmem_release frees them all. The first chunk is inline, so small
 * requests make no allocation. A request may use at most `cap` bytes.
 */
typedef struct reqmem_chunk reqmem_chunk;
typedef struct reqmem {
	reqmem_chunk *chunks; /* heap chunks, newest first */
	char *cur;	      /* free space in the current chunk */
	size_t left;
	size_t used, cap;
	char inline_buf[8192];
} reqmem;

void reqmem_init(reqmem *m, size_t cap);
/* n bytes aligned for any type; NULL when out of memory or over the cap.
 * Valid until reqmem_release. */
void *reqmem_alloc(reqmem *m, size_t n);
/* A NUL-terminated copy of s[0..n); NULL as reqmem_alloc. */
char *reqmem_strndup(reqmem *m, const char *s, size_t n);
/* Free every allocation at once; m may be reinitialized afterwards. */
void reqmem_release(reqmem *m);

/* ------------------------------------------------------ request, reply */

typedef enum http_method {
	HTTP_GET = 1,
	HTTP_HEAD = 2,
	HTTP_POST = 4,
	HTTP_OTHER = 8,
} http_method;

/* One query parameter, URL-decoded. `value` is NUL-terminated at
 * value[len]; a NUL inside (len > strlen) is refused by the checks. */
typedef struct http_param {
	const char *key;
	const char *value; /* "" for "?key" without '=' */
	size_t len;
} http_param;

typedef struct http_request {
	http_method method;
	const char *path; /* decoded, without the query string */
	http_param params[SERVER_MAX_PARAMS];
	size_t n_params;
	int too_many_params;
	const char *authorization; /* the header, or NULL */
	const char *content_type;  /* the header, or NULL */
	const char *actor;	   /* the key's label once checked, or NULL */
	const char *body;	   /* NULL when none */
	size_t body_len;
	int body_too_large; /* the body went over the limit (and is dropped) */
	size_t body_limit;  /* that limit, for the message */
	double started;	    /* monotonic seconds, for the time budget */
	int route;	    /* index in the route table, -1 when none matched */
	int plain_errors;   /* errors as {"error":"message"} (watchman's) */
	reqmem mem;	    /* last: request_init clears what comes before */
} http_request;

/* A response header beyond the ones every reply carries. */
typedef struct http_header {
	const char *name, *value; /* static */
} http_header;

typedef struct http_reply {
	int status;
	const char *content_type; /* static */
	const char *body;	  /* in the request's memory or `owned` */
	size_t len;
	char *owned;	   /* a buffer the library allocated (licit_free) */
	const char *allow; /* the Allow header of a 405, static */
	const char *www_authenticate; /* of a 401, static */
	const char *cache_control;    /* static; NULL: "no-store" */
	const http_header *headers; /* static, ended by a NULL name; or NULL */
	/*
	 * Set by a resource whose reply reports audit entries that wait
	 * (the daemon defers them, see daemon.c): called once they are
	 * written, with the handle and the range [from, to) of the entries
	 * this request queued, to add what the record says (alert ids) to
	 * the reply. NULL: the reply is sent as it is, after the write.
	 */
	void (*finish)(struct http_request *rq, struct http_reply *rp,
		       licit *h, size_t from, size_t to);
	void *finish_ctx; /* for `finish`, in the request's memory */
} http_reply;

/* Set up rq for a request whose memory may grow to `mem_cap` bytes. */
void request_init(http_request *rq, size_t mem_cap);
/* Free the request's memory and the reply's owned buffer. */
void request_release(http_request *rq, http_reply *rp);

/* The method named by `m` ("GET", ...). */
http_method request_method(const char *m);

/* Seconds on the monotonic clock. */
double request_now(void);

/*
 * Replies. Each fills rp, with its body in rq's memory; when that memory
 * runs out, rp becomes a fixed 500 reply, so a reply is always set.
 *
 * reply_error: {"error":{"code","message","field"}} with `field` null when
 * NULL ({"error":"message"} when rq->plain_errors). `message` is shown to
 * the client: it must name no internal path.
 */
void reply_error(http_request *rq, http_reply *rp, int status, const char *code,
		 const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* `o` (stolen) as compact JSON with `status`. */
void reply_json(http_request *rq, http_reply *rp, int status, json_t *o);
/* A JSON text the library made (stolen: freed with licit_free). */
void reply_owned_json(http_reply *rp, int status, char *json);
/* A text body in rq's memory. */
void reply_text(http_request *rq, http_reply *rp, int status,
		const char *content_type, const char *text, size_t len);

/* ------------------------------------------------------ input checking */

/*
 * Query parameters. request_check_params answers 400 (and returns -1) for
 * a parameter not in `allowed` (NULL-terminated), one given twice unless
 * it is in `repeatable` (NULL-terminated, may be NULL), a value with a NUL
 * byte, a value that is not UTF-8, a value longer than SERVER_MAX_NAME,
 * or more than SERVER_MAX_PARAMS parameters.
 */
int request_check_params(http_request *rq, http_reply *rp,
			 const char *const *allowed,
			 const char *const *repeatable);
/* The value of parameter `key`, or NULL; the first one if repeated. */
const char *request_param(const http_request *rq, const char *key);

/*
 * Numbers given as text (a query parameter named `field`): the whole of
 * `text` must be a decimal integer in [min, max] (request_parse_int) or a
 * finite number in [min, max] (request_parse_real). -1 after answering
 * 400 naming the field.
 */
int request_parse_int(http_request *rq, http_reply *rp, const char *field,
		      const char *text, long min, long max, long *out);
int request_parse_real(http_request *rq, http_reply *rp, const char *field,
		       const char *text, double min, double max, double *out);

/*
 * The screening options every screening route shares, checked: `schema`
 * (person, organization, vessel, aircraft or a FollowTheMoney name),
 * `gender` (male, female, m, f), `birth_date` (YYYY, YYYY-MM or
 * YYYY-MM-DD). Each may be NULL. -1 after answering 400 naming the field
 * as `*_field` says.
 */
int request_check_schema(http_request *rq, http_reply *rp, const char *field,
			 const char *text, licit_schema *out);
int request_check_gender(http_request *rq, http_reply *rp, const char *field,
			 const char *text);
int request_check_date(http_request *rq, http_reply *rp, const char *field,
		       const char *text);

/*
 * The body as one JSON object: 413 when it went over the limit, 415 for a
 * Content-Type other than application/json, 400 for an empty body,
 * invalid UTF-8, malformed JSON, a duplicate key or a value that is not
 * an object. NULL after filling rp; else a new reference (json_decref).
 */
json_t *request_json_object(http_request *rq, http_reply *rp);

/* What a field of a JSON object may hold. */
typedef enum field_type {
	FIELD_STRING,  /* a string, at most SERVER_MAX_FIELD bytes */
	FIELD_NAME,    /* a string, at most SERVER_MAX_NAME bytes */
	FIELD_NUMBER,  /* a number */
	FIELD_INTEGER, /* an integer */
	FIELD_STRINGS, /* an array of FIELD_STRING */
	FIELD_ARRAY,   /* an array of anything (checked by the caller) */
} field_type;

typedef struct field_spec {
	const char *name;
	field_type type;
	int required;
} field_spec;

/*
 * Check object `o` against `spec` (n entries): every key known, every
 * value of its type (null counts as absent), every required field there.
 * `where` prefixes the field named in errors ("parties[3]."; "" at the
 * top). Returns 0, or -1 after answering 400 naming the field.
 */
int request_check_fields(http_request *rq, http_reply *rp, const json_t *o,
			 const field_spec *spec, size_t n, const char *where);

/*
 * The body of a POST route that takes no query parameter: answers 400 for
 * any parameter, then as request_json_object, then checks the object
 * against spec[0..n) (none when spec is NULL) as request_check_fields.
 * NULL after filling rp; else a new reference (json_decref).
 */
json_t *request_body(http_request *rq, http_reply *rp, const field_spec *spec,
		     size_t n);

/* A JSON string of s, or null when s is NULL. */
json_t *json_str_or_null(const char *s);

/* The string o[key], or NULL when absent or null (after
 * request_check_fields, never of another type). */
const char *json_str(const json_t *o, const char *key);

/* 1 when s[0..n) is UTF-8 (no overlong forms, no surrogates). */
int utf8_valid(const char *s, size_t n);

/* The last component of a path ("sdn.csv" of "/a/b/sdn.csv"). */
const char *path_basename(const char *path);

/* -------------------------------------------------------------- auth */

/* Roles, each allowed what the one before it is. */
typedef enum auth_role {
	AUTH_NONE = 0, /* no key needed (/v1/health) */
	AUTH_SCREENER = 1,
	AUTH_REVIEWER = 2,
	AUTH_ADMIN = 3,
} auth_role;

typedef struct auth auth;

/*
 * The key checker of a server over `data_dir` (see auth.c). With
 * `disabled`, every request is let through (--no-auth). On failure,
 * errbuf says why and *out is NULL.
 */
licit_status auth_open(const char *data_dir, int disabled, auth **out,
		       char *errbuf, size_t errlen);
void auth_free(auth *a);
/* 1 when the server checks keys. */
int auth_enabled(const auth *a);

/*
 * The one place a request's key is checked: 0 when rq may call a route
 * that needs `need`; else -1 after answering 401 (no key, or a key that
 * is not known) or 403 (a key whose role is below `need`).
 */
int auth_check(auth *a, http_request *rq, http_reply *rp, auth_role need);

/* ----------------------------------------------------------- metrics */

#define METRICS_MAX_ROUTES 24
#define METRICS_BUCKETS	   14

/* Counters of one route, updated with relaxed atomics from any thread. */
typedef struct route_metrics {
	atomic_uint_fast64_t by_status[6]; /* 1xx..5xx by hundreds, [0] other */
	atomic_uint_fast64_t buckets[METRICS_BUCKETS + 1]; /* last: +Inf */
	atomic_uint_fast64_t sum_us;
} route_metrics;

/* ------------------------------------------------------------ server */

typedef struct server {
	server_config cfg;
	char *data_dir;		  /* resolved: cfg.data_dir or the default */
	char *web_dir;		  /* resolved: cfg.web_dir or web_default_dir */
	licit_policies *policies; /* the built-in policies, shared */
	auth *auth;
	pthread_key_t worker_key;
	atomic_uint_fast64_t generation; /* bumped by each reload */
	atomic_uint_fast64_t reloads;
	int64_t started; /* seconds since the epoch */
	/* worker handles defer their audit entries: whoever calls
	 * server_handle flushes them before replying (daemon.c does) */
	int defer_audit;
	route_metrics routes[METRICS_MAX_ROUTES + 1]; /* last: no route */
} server;

/*
 * Make a server over cfg (copied; its strings must outlive the server):
 * resolve the data directory, load the policies and the keys. No socket is
 * opened. On failure errbuf says why.
 */
licit_status server_init(server *s, const server_config *cfg, char *errbuf,
			 size_t errlen);
/* Release what server_init made, and the calling thread's worker. Every
 * other thread that served must have exited. */
void server_release(server *s);

/*
 * Answer one request: route it, check its key, run the resource. Always
 * sets rp. Thread-safe: call from any thread, one request at a time per
 * thread.
 */
void server_handle(server *s, http_request *rq, http_reply *rp);

/* 1 when the route rq asks for may leave audit entries waiting (the
 * screening routes); the others run with none waiting. */
int server_route_defers(const http_request *rq);

/* Record a finished request in the metrics (route rq->route, or none). */
void server_record(server *s, const http_request *rq, int status,
		   double seconds);

/* The upper bound in seconds of latency bucket i (< METRICS_BUCKETS). */
double server_bucket_le(size_t i);

/* The route table, for the metrics. */
size_t server_route_count(void);
const char *server_route_name(size_t i);
const char *server_route_method(size_t i);

/*
 * Listen on cfg.listen and serve until SIGINT or SIGTERM (daemon.c).
 * Prints "licit serve: listening on http://ADDR:PORT ..." on stderr once
 * listening. Returns 0 after a clean stop, -1 after printing why it could
 * not start.
 */
int server_run(server *s);

/* ---------------------------------------------------------- workers */

/*
 * The calling thread's licit handle over the newest snapshot the server
 * has been told of: opened on the thread's first request, reopened when a
 * reload moved the generation on (a request in flight on the thread has
 * finished by then: the thread runs one at a time). NULL when the data
 * directory cannot be opened; the handle stays the thread's, closed when
 * the thread exits or by server_release for the calling thread.
 */
licit *worker_handle(server *s);
/* The calling thread's handle as it is (NULL: none yet), not reopened. */
licit *worker_current(server *s);
/* The actor of the calling thread's next entries (NULL: the default). */
void worker_set_actor(server *s, const char *actor);

/* The most entries a worker's handle keeps waiting (licit_audit_defer);
 * the daemon flushes long before, at SERVER_AUDIT_FLUSH. */
#define SERVER_AUDIT_QUEUE 65536
#define SERVER_AUDIT_FLUSH 256

/* Make `h` (an open handle, taken over) the calling thread's handle at
 * generation `gen`, closing the one it had. */
void worker_adopt(server *s, licit *h, uint64_t gen);
/* Make the thread-specific key whose destructor closes a thread's handle
 * when the thread exits: 0, or -1 (server_init calls it). */
int worker_setup(server *s);
/* Close the calling thread's handle and delete the key (server_release);
 * every other thread that served must have exited. */
void worker_teardown(server *s);

/* ------------------------------------------------------- resources */

/*
 * One function per route (server.c's table), each in the file of its
 * resource. Each checks its own parameters and body, answers through
 * rp (always set on return), and keeps every allocation in rq's memory
 * or releases it before returning. They run on worker threads, any
 * number at once, each with its own worker_handle().
 */

void health_get(server *s, http_request *rq, http_reply *rp);
void lists_get(server *s, http_request *rq, http_reply *rp);
void lists_reload(server *s, http_request *rq, http_reply *rp);
void entities_get(server *s, http_request *rq, http_reply *rp);
void screen_get(server *s, http_request *rq, http_reply *rp);
void screen_post(server *s, http_request *rq, http_reply *rp);
void check_post(server *s, http_request *rq, http_reply *rp);
void metrics_get(server *s, http_request *rq, http_reply *rp);
void watchman_search(server *s, http_request *rq, http_reply *rp);
void alerts_list_get(server *s, http_request *rq, http_reply *rp);
void alert_get(server *s, http_request *rq, http_reply *rp);
void alert_decision_post(server *s, http_request *rq, http_reply *rp);
void audit_log_get(server *s, http_request *rq, http_reply *rp);
void audit_verify_get(server *s, http_request *rq, http_reply *rp);
void impact_post(server *s, http_request *rq, http_reply *rp);
void web_index(server *s, http_request *rq, http_reply *rp);
void web_file(server *s, http_request *rq, http_reply *rp);

/*
 * The folder of the web UI when --web-dir is not given, into out[n]: the
 * installed one (share/licit/web beside the bin/ folder of the running
 * executable) when it holds index.html, else the source tree's web/ the
 * executable was built from. 0, or -1 when it does not fit.
 */
int web_default_dir(char *out, size_t n);

/* 0 when h has a snapshot; else -1 after answering 503 (no_snapshot, or
 * unavailable when h is NULL) with what to do. */
int need_snapshot(licit *h, http_request *rq, http_reply *rp);

/* A 500 for a library failure: the message is logged on stderr, the
 * client gets a generic one. */
void reply_internal(http_request *rq, http_reply *rp, licit *h,
		    licit_status st);

#endif

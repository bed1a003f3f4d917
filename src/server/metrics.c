/*
 * metrics.c - GET /metrics: the server's counters in the Prometheus text
 * format (version 0.0.4).
 *
 * Requests by route, method and status class, a latency histogram per
 * route (seconds from the first byte of the request to the last byte of
 * the reply), the age of the snapshot this thread serves, the alerts
 * waiting for a reviewer (open, needs-info: two counts in the store), the
 * reload count and the uptime. Counters are read with relaxed atomics, so one
 * scrape may see a request in the count and not yet in the histogram;
 * Prometheus tolerates that.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "banned.h"

/* A growable text in the request's memory: chunks of 16 KiB. */
typedef struct text {
	http_request *rq;
	char *buf;
	size_t len, cap;
	int failed;
} text;

__attribute__((format(printf, 2, 3))) static void add(text *t, const char *fmt,
						      ...)
{
	if (t->failed)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = 1;
			return;
		}
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = t->cap * 2 + (size_t)n + 1;
		char *b = reqmem_alloc(&t->rq->mem, cap);
		if (!b) {
			t->failed = 1;
			return;
		}
		memcpy(b, t->buf, t->len);
		t->buf = b;
		t->cap = cap;
	}
}

static uint64_t get(atomic_uint_fast64_t *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static void requests(text *t, server *s, size_t nr)
{
	static const char *const codes[] = {"other", "1xx", "2xx",
					    "3xx",   "4xx", "5xx"};
	add(t, "# HELP licit_http_requests_total HTTP requests answered, by "
	       "route, method and status class.\n"
	       "# TYPE licit_http_requests_total counter\n");
	for (size_t r = 0; r <= nr; r++) {
		route_metrics *m = &s->routes[r < nr ? r : METRICS_MAX_ROUTES];
		for (size_t c = 0; c < 6; c++) {
			uint64_t v = get(&m->by_status[c]);
			if (v || (r < nr && c == 2))
				add(t,
				    "licit_http_requests_total{route=\"%s\","
				    "method=\"%s\",code=\"%s\"} %llu\n",
				    server_route_name(r),
				    server_route_method(r), codes[c],
				    (unsigned long long)v);
		}
	}
}

static void latencies(text *t, server *s, size_t nr)
{
	add(t, "# HELP licit_http_request_duration_seconds Time from a "
	       "request's first byte to its reply's last, by route.\n"
	       "# TYPE licit_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r <= nr; r++) {
		route_metrics *m = &s->routes[r < nr ? r : METRICS_MAX_ROUTES];
		const char *name = server_route_name(r);
		const char *method = server_route_method(r);
		uint64_t cum = 0;
		for (size_t b = 0; b < METRICS_BUCKETS; b++) {
			cum += get(&m->buckets[b]);
			add(t,
			    "licit_http_request_duration_seconds_bucket{route="
			    "\"%s\",method=\"%s\",le=\"%g\"} %llu\n",
			    name, method, server_bucket_le(b),
			    (unsigned long long)cum);
		}
		cum += get(&m->buckets[METRICS_BUCKETS]);
		add(t,
		    "licit_http_request_duration_seconds_bucket{route=\"%s\","
		    "method=\"%s\",le=\"+Inf\"} %llu\n"
		    "licit_http_request_duration_seconds_sum{route=\"%s\","
		    "method=\"%s\"} %.6f\n"
		    "licit_http_request_duration_seconds_count{route=\"%s\","
		    "method=\"%s\"} %llu\n",
		    name, method, (unsigned long long)cum, name, method,
		    (double)get(&m->sum_us) / 1e6, name, method,
		    (unsigned long long)cum);
	}
}

void metrics_get(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {NULL};
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	text t = {rq, NULL, 0, 0, 0};
	t.cap = 16384;
	t.buf = reqmem_alloc(&rq->mem, t.cap);
	t.failed = !t.buf;
	size_t nr = server_route_count();
	requests(&t, s, nr);
	latencies(&t, s, nr);
	licit *h = worker_handle(s);
	int64_t now = (int64_t)time(NULL);
	if (h && licit_snapshot_id(h)) {
		add(&t,
		    "# HELP licit_snapshot_age_seconds Age of the snapshot "
		    "served (since it was built).\n"
		    "# TYPE licit_snapshot_age_seconds gauge\n"
		    "licit_snapshot_age_seconds %lld\n"
		    "# HELP licit_snapshot_info The snapshot served.\n"
		    "# TYPE licit_snapshot_info gauge\n"
		    "licit_snapshot_info{snapshot=\"%s\"} 1\n",
		    (long long)(now - licit_snapshot_created(h)),
		    licit_snapshot_id(h));
	}
	int64_t open = 0, needs_info = 0;
	if (h && licit_alerts_waiting(h, &open, &needs_info) == LICIT_OK)
		add(&t,
		    "# HELP licit_alerts Alerts waiting for a reviewer, by "
		    "status.\n"
		    "# TYPE licit_alerts gauge\n"
		    "licit_alerts{status=\"open\"} %lld\n"
		    "licit_alerts{status=\"needs-info\"} %lld\n",
		    (long long)open, (long long)needs_info);
	add(&t,
	    "# HELP licit_snapshot_reloads_total Reloads done with POST "
	    "/v1/lists/reload.\n"
	    "# TYPE licit_snapshot_reloads_total counter\n"
	    "licit_snapshot_reloads_total %llu\n"
	    "# HELP licit_uptime_seconds Seconds since the server started.\n"
	    "# TYPE licit_uptime_seconds gauge\n"
	    "licit_uptime_seconds %lld\n"
	    "# HELP licit_build_info The licit version.\n"
	    "# TYPE licit_build_info gauge\n"
	    "licit_build_info{version=\"%s\"} 1\n",
	    (unsigned long long)get(&s->reloads), (long long)(now - s->started),
	    licit_version());
	if (t.failed) {
		reply_internal(rq, rp, h, LICIT_ENOMEM);
		return;
	}
	rp->status = 200;
	rp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	rp->body = t.buf;
	rp->len = t.len;
}

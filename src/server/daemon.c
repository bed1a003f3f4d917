/*
 * daemon.c - the socket side of the server, on GNU libmicrohttpd, and the
 * pool of worker threads that answer requests.
 *
 * libmicrohttpd's internal epoll thread(s) (--io-threads) read requests
 * and write replies; they never screen. A complete request is suspended
 * and queued (one FIFO for the whole server); the first free worker
 * thread (--threads, each with its own licit handle, worker.c) runs
 * server_handle() and resumes the connection, whose reply the epoll
 * thread then sends. One queue keeps latency fair: which I/O thread
 * accepted a connection does not decide how long its requests wait, and
 * a long batch holds one worker, not every connection of its I/O thread.
 *
 * This file only moves bytes: it turns a connection's request line,
 * headers, query parameters and body into an http_request, hands it to a
 * worker, and sends the http_reply back. The limits it enforces
 * are the ones libmicrohttpd can see: the memory of a connection (request
 * line and headers must fit, else libmicrohttpd answers 431 or 414), the
 * idle timeout, the number of connections, and the body size (413 before
 * the body is read when Content-Length says it is too large; a chunked
 * body is counted as it comes and dropped past the limit).
 *
 * A request's memory is freed in one go when libmicrohttpd reports it
 * complete (on_completed), which is also where its latency is recorded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "server/server.h"
#include "banned.h"

/* What a request may allocate (its reply included): generous, since a
 * batch's explained hits are bounded by the batch checks first. */
#define REQUEST_MEMORY	(256u << 20)
#define MAX_CONNECTIONS 1024
#define PEM_MAX (1u << 20) /* bytes of a certificate or key file */

typedef struct conn conn;
struct conn {
	server *s;
	struct MHD_Connection *mc;
	conn *next; /* in the job queue */
	char *body;
	size_t body_len, body_cap;
	int handled;  /* a worker filled rp */
	int answered; /* the reply is queued */
	size_t audit_from, audit_to; /* the audit entries it left waiting */
	http_reply rp;
	http_request rq; /* last: its memory's inline buffer is large */
};

/* The requests waiting for a worker, first in first out. */
typedef struct job_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	conn *head, *tail;
	int closed; /* stopping: no job is taken any more */
	server *s;
	pthread_t *threads;
	unsigned n_threads;
} job_queue;

static job_queue jobs = {PTHREAD_MUTEX_INITIALIZER,
			 PTHREAD_COND_INITIALIZER,
			 NULL,
			 NULL,
			 0,
			 NULL,
			 NULL,
			 0};

/* Queue c; 0 when the queue is closed (the server is stopping). */
static int jobs_push(conn *c)
{
	pthread_mutex_lock(&jobs.mu);
	int open = !jobs.closed;
	if (open) {
		c->next = NULL;
		if (jobs.tail)
			jobs.tail->next = c;
		else
			jobs.head = c;
		jobs.tail = c;
		pthread_cond_signal(&jobs.cv);
	}
	pthread_mutex_unlock(&jobs.mu);
	return open;
}

/* Take the first job, under jobs.mu; NULL when none waits. */
static conn *jobs_take(void)
{
	conn *c = jobs.head;
	if (c) {
		jobs.head = c->next;
		if (!jobs.head)
			jobs.tail = NULL;
	}
	return c;
}

/* The next job, or NULL once the queue is closed and empty. */
static conn *jobs_pop(void)
{
	pthread_mutex_lock(&jobs.mu);
	while (!jobs.head && !jobs.closed)
		pthread_cond_wait(&jobs.cv, &jobs.mu);
	conn *c = jobs_take();
	pthread_mutex_unlock(&jobs.mu);
	return c;
}

/* The next job if one waits, else NULL at once. */
static conn *jobs_trypop(void)
{
	pthread_mutex_lock(&jobs.mu);
	conn *c = jobs_take();
	pthread_mutex_unlock(&jobs.mu);
	return c;
}

/* The next job, waiting for one until monotonic time `until` (seconds);
 * NULL when none came by then or the queue is closed and empty. */
static conn *jobs_pop_until(double until)
{
	struct timespec ts;
	ts.tv_sec = (time_t)until;
	ts.tv_nsec = (long)((until - (double)ts.tv_sec) * 1e9);
	pthread_mutex_lock(&jobs.mu);
	int timed_out = 0;
	while (!jobs.head && !jobs.closed && !timed_out)
		timed_out = pthread_cond_timedwait(&jobs.cv, &jobs.mu, &ts) ==
			    ETIMEDOUT;
	conn *c = jobs_take();
	pthread_mutex_unlock(&jobs.mu);
	return c;
}

static void reply_now(conn *c)
{
	c->handled = 1;
	/* the resume takes libmicrohttpd's lock: the epoll thread sees rp
	 * complete */
	MHD_resume_connection(c->mc);
}

/*
 * Write the audit entries the held requests queued, in one transaction,
 * and send their replies: each finished with what the record said
 * (rp->finish), or, when the write failed, a 503 instead, since a
 * screening is not reported before it is recorded.
 */
static void release_held(server *s, conn **held, size_t n)
{
	licit *h = worker_current(s);
	licit_status st = h ? licit_audit_flush(h) : LICIT_EMISUSE;
	size_t written = st == LICIT_OK ? licit_audit_flushed(h) : 0;
	if (st != LICIT_OK)
		fprintf(stderr, "licit serve: %zu replies withheld: %s\n", n,
			h ? licit_last_error(h) : "no handle");
	for (size_t i = 0; i < n; i++) {
		conn *c = held[i];
		if (c->audit_to > written) {
			licit_free(c->rp.owned);
			c->rp.owned = NULL;
			reply_error(&c->rq, &c->rp, 503, "not_recorded", NULL,
				    "the screening could not be recorded in "
				    "the audit log, so it is not reported; "
				    "retry");
		} else if (c->rp.finish) {
			c->rp.finish(&c->rq, &c->rp, h, c->audit_from,
				     c->audit_to);
		}
		reply_now(c);
	}
}

/*
 * A worker: take a job, answer it, send the reply. A screening's audit
 * entry must be committed before its reply goes out, and one commit per
 * request would bound the server by the store's commit rate (each is a
 * sync to disk), so screenings (the routes that defer,
 * server_route_defers) leave their entries waiting on the thread's
 * handle and their replies are held, and one transaction writes them
 * all (group commit). A worker commits when WORKER_HELD replies or
 * SERVER_AUDIT_FLUSH entries are held, or when no job waits -- but at
 * most once per FLUSH_INTERVAL: under load it keeps taking jobs for the
 * rest of the interval, so commits stay few and large; a lone request
 * on an idle server is committed and answered at once. Any other route
 * first releases what is held, so it runs with nothing waiting (a
 * decision follows the screenings before it in the chain).
 */
#define WORKER_HELD	  32
#define FLUSH_INTERVAL 0.001 /* seconds */

static void *worker_main(void *arg)
{
	server *s = arg;
	conn *held[WORKER_HELD];
	size_t n_held = 0;
	double last_flush = 0;
	for (;;) {
		conn *c = n_held ? jobs_trypop() : jobs_pop();
		if (!c && n_held)
			c = jobs_pop_until(last_flush + FLUSH_INTERVAL);
		if (!c) {
			if (!n_held)
				break;
			release_held(s, held, n_held);
			last_flush = request_now();
			n_held = 0;
			continue;
		}
		int defers = s->defer_audit && server_route_defers(&c->rq);
		if (n_held && !defers) {
			release_held(s, held, n_held);
			last_flush = request_now();
			n_held = 0;
		}
		licit *before = worker_current(s);
		size_t p0 = before ? licit_audit_pending(before) : 0;
		server_handle(s, &c->rq, &c->rp);
		licit *h = worker_current(s);
		size_t p1 = h ? licit_audit_pending(h) : 0;
		if (h != before)
			p0 = 0;
		if (!defers || p1 <= p0) {
			reply_now(c);
		} else {
			c->audit_from = p0;
			c->audit_to = p1;
			held[n_held++] = c;
		}
		if (n_held && (n_held == WORKER_HELD ||
			       p1 >= SERVER_AUDIT_FLUSH)) {
			release_held(s, held, n_held);
			last_flush = request_now();
			n_held = 0;
		}
	}
	return NULL;
}

static int workers_start(server *s)
{
	/* the timed wait of jobs_pop_until is on the monotonic clock */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&jobs.cv);
	pthread_cond_init(&jobs.cv, &ca);
	pthread_condattr_destroy(&ca);
	jobs.s = s;
	jobs.closed = 0;
	jobs.threads = calloc(s->cfg.threads, sizeof(*jobs.threads));
	if (!jobs.threads)
		return -1;
	for (unsigned i = 0; i < s->cfg.threads; i++) {
		if (pthread_create(&jobs.threads[i], NULL, worker_main, s)) {
			fprintf(stderr, "licit serve: cannot start worker %u\n",
				i);
			jobs.n_threads = i;
			return -1;
		}
		jobs.n_threads = i + 1;
	}
	return 0;
}

/* Close the queue, let the workers finish every queued job, join them. */
static void workers_stop(void)
{
	pthread_mutex_lock(&jobs.mu);
	jobs.closed = 1;
	pthread_cond_broadcast(&jobs.cv);
	pthread_mutex_unlock(&jobs.mu);
	for (unsigned i = 0; i < jobs.n_threads; i++)
		pthread_join(jobs.threads[i], NULL);
	free(jobs.threads);
	jobs.threads = NULL;
	jobs.n_threads = 0;
}

static conn *conn_new(server *s, struct MHD_Connection *mc, const char *url,
		      const char *method)
{
	conn *c = malloc(sizeof(*c));
	if (!c)
		return NULL;
	memset(c, 0, offsetof(conn, rq));
	c->s = s;
	c->mc = mc;
	request_init(&c->rq, REQUEST_MEMORY);
	c->rq.method = request_method(method);
	c->rq.path = reqmem_strndup(&c->rq.mem, url, strlen(url));
	c->rq.body_limit = s->cfg.max_body;
	if (!c->rq.path) {
		request_release(&c->rq, NULL);
		free(c);
		return NULL;
	}
	return c;
}

static void conn_free(conn *c)
{
	free(c->body);
	request_release(&c->rq, &c->rp);
	free(c);
}

static enum MHD_Result send_reply(struct MHD_Connection *mc, conn *c)
{
	http_reply *rp = &c->rp;
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    rp->len, (void *)rp->body, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				rp->content_type ? rp->content_type
						 : "application/json");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
				rp->cache_control ? rp->cache_control
						  : "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	for (const http_header *h = rp->headers; h && h->name; h++)
		MHD_add_response_header(r, h->name, h->value);
	if (rp->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rp->allow);
	if (rp->www_authenticate)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					rp->www_authenticate);
	enum MHD_Result ret = MHD_queue_response(mc, (unsigned)rp->status, r);
	MHD_destroy_response(r);
	c->answered = ret == MHD_YES;
	return ret;
}

static enum MHD_Result take_param(void *cls, enum MHD_ValueKind kind,
				  const char *key, size_t key_size,
				  const char *value, size_t value_size)
{
	(void)kind;
	(void)key_size;
	http_request *rq = cls;
	if (rq->n_params == SERVER_MAX_PARAMS) {
		rq->too_many_params = 1;
		return MHD_NO;
	}
	http_param *p = &rq->params[rq->n_params++];
	p->key = key;
	p->value = value ? value : "";
	p->len = value ? value_size : 0;
	return MHD_YES;
}

/* Keep up to the limit of the body; past it, count only. */
static void take_body(conn *c, const char *data, size_t n)
{
	if (c->rq.body_too_large)
		return;
	if (n > c->s->cfg.max_body - c->body_len) {
		c->rq.body_too_large = 1;
		free(c->body);
		c->body = NULL;
		c->body_len = c->body_cap = 0;
		return;
	}
	if (c->body_len + n > c->body_cap) {
		size_t cap = c->body_cap ? c->body_cap * 2 : 4096;
		while (cap < c->body_len + n)
			cap *= 2;
		if (cap > c->s->cfg.max_body)
			cap = c->s->cfg.max_body;
		char *b = realloc(c->body, cap);
		if (!b) {
			c->rq.body_too_large = 1;
			return;
		}
		c->body = b;
		c->body_cap = cap;
	}
	memcpy(c->body + c->body_len, data, n);
	c->body_len += n;
}

static void answer_too_large(conn *c)
{
	reply_error(&c->rq, &c->rp, 413, "body_too_large", NULL,
		    "the request body is larger than the limit of %zu bytes",
		    c->s->cfg.max_body);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *mc,
				 const char *url, const char *method,
				 const char *version, const char *upload,
				 size_t *upload_size, void **ptr)
{
	(void)version;
	server *s = cls;
	conn *c = *ptr;
	if (!c) {
		c = conn_new(s, mc, url, method);
		if (!c)
			return MHD_NO;
		*ptr = c;
		const char *cl = MHD_lookup_connection_value(
		    mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > s->cfg.max_body) {
			/* answered before the body is read: libmicrohttpd
			 * closes the connection after the reply */
			answer_too_large(c);
			return send_reply(mc, c);
		}
		return MHD_YES;
	}
	if (c->answered)
		return MHD_YES;
	if (c->handled)
		return send_reply(mc, c);
	if (*upload_size) {
		take_body(c, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (c->rq.body_too_large) {
		answer_too_large(c);
		return send_reply(mc, c);
	}
	http_request *rq = &c->rq;
	MHD_get_connection_values_n(mc, MHD_GET_ARGUMENT_KIND, take_param, rq);
	rq->authorization = MHD_lookup_connection_value(
	    mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	rq->content_type = MHD_lookup_connection_value(
	    mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	rq->body = c->body;
	rq->body_len = c->body_len;
	/* suspended before it is queued: a worker may resume it at once */
	MHD_suspend_connection(mc);
	if (jobs_push(c))
		return MHD_YES;
	reply_error(rq, &c->rp, 503, "unavailable", NULL,
		    "the server is stopping; retry on another one");
	c->handled = 1;
	MHD_resume_connection(mc);
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **ptr,
			 enum MHD_RequestTerminationCode toe)
{
	(void)mc;
	(void)toe;
	server *s = cls;
	conn *c = *ptr;
	if (!c)
		return;
	server_record(s, &c->rq, c->answered ? c->rp.status : 0,
		      request_now() - c->rq.started);
	conn_free(c);
	*ptr = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	/* a client's oversized or malformed request is answered (431, 414,
	 * 400) and counted in /metrics; a line for each would let any
	 * client flood the log */
	if (!strncmp(msg, "Error processing request", 24) ||
	    strstr(msg, "too big") || strstr(msg, "closed connection"))
		return;
	fprintf(stderr, "licit serve: http: %s\n", msg);
}

/* "ADDR:PORT" or "[ADDR6]:PORT" into a socket address. */
static int parse_listen(const char *text, struct sockaddr_storage *ss, int *v6)
{
	char host[64];
	const char *colon = strrchr(text, ':');
	if (!colon || colon == text)
		return -1;
	const char *h = text;
	size_t hn = (size_t)(colon - text);
	if (*h == '[') {
		if (hn < 2 || h[hn - 1] != ']')
			return -1;
		h++;
		hn -= 2;
	}
	if (hn >= sizeof(host))
		return -1;
	memcpy(host, h, hn);
	host[hn] = '\0';
	char *end;
	errno = 0;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port > 65535)
		return -1;
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*v6 = 0;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*v6 = 1;
		return 0;
	}
	return -1;
}

/* A PEM file's text (malloc'd), or NULL after saying why on stderr. */
static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	if (f) {
		buf = malloc(PEM_MAX + 1);
		n = buf ? fread(buf, 1, PEM_MAX + 1, f) : 0;
		if (ferror(f))
			n = 0;
		fclose(f);
	}
	if (buf && n <= PEM_MAX)
		buf[n] = 0;
	if (!f || !buf || !n || n > PEM_MAX || !strstr(buf, "-----BEGIN ")) {
		fprintf(stderr, "licit serve: '%s': %s\n", path,
			!f ? strerror(errno) : "not a PEM file (at most 1 MiB)");
		free(buf);
		return NULL;
	}
	return buf;
}

int server_run(server *s)
{
	struct sockaddr_storage ss;
	int v6 = 0;
	if (parse_listen(s->cfg.listen, &ss, &v6) < 0) {
		fprintf(stderr,
			"licit serve: --listen '%s' is not ADDR:PORT (such as "
			"127.0.0.1:8080 or [::1]:8080)\n",
			s->cfg.listen);
		return -1;
	}
	/* every thread started below inherits this mask: only sigwait
	 * below sees the stop signals */
	s->defer_audit = 1; /* the workers flush (worker_main) */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	char *cert = NULL, *key = NULL;
	if (s->cfg.tls_cert &&
	    (!(cert = read_pem(s->cfg.tls_cert)) ||
	     !(key = read_pem(s->cfg.tls_key)))) {
		free(cert);
		pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
		return -1;
	}
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
			 MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME |
			 (v6 ? MHD_USE_IPv6 : 0) | (cert ? MHD_USE_TLS : 0);
	struct MHD_OptionItem opts[] = {
	    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_log, NULL},
	    {MHD_OPTION_SOCK_ADDR, 0, &ss},
	    /* one I/O thread is no pool (libmicrohttpd warns at 1) */
	    {s->cfg.io_threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE
				   : MHD_OPTION_CONNECTION_TIMEOUT,
	     s->cfg.io_threads > 1 ? (intptr_t)s->cfg.io_threads
				   : (intptr_t)s->cfg.timeout,
	     NULL},
	    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)s->cfg.conn_memory,
	     NULL},
	    {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)s->cfg.timeout, NULL},
	    {MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS, NULL},
	    {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
	    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, s},
	    /* TLS 1.2 and later only */
	    {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
	    {MHD_OPTION_HTTPS_PRIORITIES, 0,
	     (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
	    {MHD_OPTION_END, 0, NULL},
	};
	if (workers_start(s) < 0) {
		workers_stop();
		free(cert);
		free(key);
		pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
		return -1;
	}
	struct MHD_Daemon *d =
	    MHD_start_daemon(flags, 0, NULL, NULL, on_access, s,
			     MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (!d) {
		workers_stop();
		fprintf(stderr, "licit serve: cannot listen on %s: %s\n",
			s->cfg.listen,
			cert ? "the port is in use, or the TLS certificate "
			       "and key do not load or do not match"
			     : strerror(errno));
		free(cert);
		free(key);
		pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
		return -1;
	}
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : 0;
	const char *colon = strrchr(s->cfg.listen, ':');
	fprintf(stderr,
		"licit serve: listening on %s://%.*s:%u (%u workers, %u I/O "
		"threads%s)\n",
		cert ? "https" : "http", (int)(colon - s->cfg.listen),
		s->cfg.listen, port,
		s->cfg.threads, s->cfg.io_threads,
		auth_enabled(s->auth) ? "" : ", no API keys");
	fflush(stderr);
	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "licit serve: %s, stopping\n",
		sig == SIGINT ? "interrupted" : "terminated");
	/* every queued request is answered; later ones get 503 */
	workers_stop();
	MHD_stop_daemon(d);
	free(cert);
	if (key) {
		OPENSSL_cleanse(key, strlen(key));
		free(key);
	}
	pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
	return 0;
}

int server_serve(const server_config *cfg)
{
	static server s; /* large (its metrics); one per process */
	char err[1024] = "";
	licit_status st = server_init(&s, cfg, err, sizeof(err));
	if (st != LICIT_OK) {
		fprintf(stderr, "licit: %s\n",
			err[0] ? err : licit_strerror(st));
		return st == LICIT_EIO || st == LICIT_ENOMEM ? 3 : 2;
	}
	char index[4096];
	int k = snprintf(index, sizeof(index), "%s/index.html", s.web_dir);
	if (k < 0 || (size_t)k >= sizeof(index) || access(index, R_OK) != 0)
		fprintf(stderr,
			"licit serve: no web UI: '%s' has no index.html "
			"(give the web folder with --web-dir)\n",
			s.web_dir);
	licit *h = worker_handle(&s);
	if (!h || !licit_snapshot_id(h))
		fprintf(stderr, "licit serve: no snapshot yet: screening "
				"answers 503 until 'licit lists import' and "
				"POST /v1/lists/reload\n");
	int rc = server_run(&s) == 0 ? 0 : 3;
	server_release(&s);
	return rc;
}

/*
 * worker.c - one licit handle per server thread, over the newest snapshot.
 *
 * A licit handle is used by one thread at a time, so each thread of the
 * pool keeps its own (in thread-specific data, closed by the key's
 * destructor when libmicrohttpd joins the thread). The snapshot file is
 * mapped read-only by every handle and shared through the page cache.
 *
 * Reload without dropping a request: POST /v1/lists/reload bumps the
 * server's generation. A thread compares its handle's generation with
 * the server's before each request and, when behind, opens a new handle
 * (reading CURRENT) and closes the old one. A thread runs one request at
 * a time, so the request that used the old handle has finished; a thread
 * busy with a long request keeps its snapshot until that request is done.
 * If the new handle cannot be opened the old one stays in use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "banned.h"

typedef struct worker {
	licit *h;
	uint64_t gen;
	char actor[128]; /* who the current request is for ("" default) */
	int actor_set;	 /* h records `actor` */
	int deferring;	 /* h defers its audit entries */
} worker;

static void worker_free(void *p)
{
	worker *w = p;
	if (!w)
		return;
	licit_close(w->h);
	free(w);
}

int worker_setup(server *s)
{
	return pthread_key_create(&s->worker_key, worker_free) ? -1 : 0;
}

void worker_teardown(server *s)
{
	worker_free(pthread_getspecific(s->worker_key));
	pthread_setspecific(s->worker_key, NULL);
	pthread_key_delete(s->worker_key);
}

static worker *this_worker(server *s)
{
	worker *w = pthread_getspecific(s->worker_key);
	if (w)
		return w;
	w = calloc(1, sizeof(*w));
	if (w && pthread_setspecific(s->worker_key, w)) {
		free(w);
		w = NULL;
	}
	return w;
}

void worker_adopt(server *s, licit *h, uint64_t gen)
{
	worker *w = this_worker(s);
	if (!w) {
		licit_close(h);
		return;
	}
	if (s->cfg.store && licit_set_store(h, s->cfg.store) != LICIT_OK)
		fprintf(stderr, "licit serve: %s\n", licit_last_error(h));
	licit_close(w->h);
	w->h = h;
	w->gen = gen;
	w->actor_set = w->deferring = 0;
}

void worker_set_actor(server *s, const char *actor)
{
	worker *w = this_worker(s);
	if (!w)
		return;
	const char *a = actor ? actor : "";
	if (strcmp(w->actor, a)) {
		snprintf(w->actor, sizeof(w->actor), "%s", a);
		w->actor_set = 0;
	}
}

licit *worker_current(server *s)
{
	worker *w = pthread_getspecific(s->worker_key);
	return w ? w->h : NULL;
}

/* Set up a handle just opened: deferred audit entries when the daemon
 * flushes them, the request's actor. */
static licit *prepared(server *s, worker *w)
{
	if (w->h && s->defer_audit && !w->deferring) {
		if (licit_audit_defer(w->h, SERVER_AUDIT_QUEUE) == LICIT_OK)
			w->deferring = 1;
		else
			fprintf(stderr, "licit serve: %s\n",
				licit_last_error(w->h));
	}
	if (w->h && !w->actor_set) {
		if (licit_set_actor(w->h, *w->actor ? w->actor : NULL) ==
		    LICIT_OK)
			w->actor_set = 1;
	}
	return w->h;
}

licit *worker_handle(server *s)
{
	worker *w = this_worker(s);
	if (!w)
		return NULL;
	uint64_t gen =
	    atomic_load_explicit(&s->generation, memory_order_acquire);
	/* a handle with entries waiting keeps serving until the daemon has
	 * flushed them; the reopen happens at the thread's next request */
	if (w->h && (w->gen == gen || licit_audit_pending(w->h)))
		return prepared(s, w);
	licit *h = NULL;
	char err[512] = "";
	if (licit_open(s->data_dir, &h, err, sizeof(err)) != LICIT_OK ||
	    (s->cfg.store && licit_set_store(h, s->cfg.store) != LICIT_OK)) {
		if (h && !*err)
			snprintf(err, sizeof(err), "%s", licit_last_error(h));
		licit_close(h);
		h = NULL;
		fprintf(stderr,
			"licit serve: cannot reopen the data "
			"directory: %s\n",
			err);
		w->gen = gen; /* keep the old handle; retry at the next
				 reload */
		return prepared(s, w);
	}
	if (w->h && licit_snapshot_id(w->h) && !licit_snapshot_id(h)) {
		/* CURRENT went bad after the reload checked it: keep the
		 * snapshot this thread has */
		licit_close(h);
		w->gen = gen;
		return prepared(s, w);
	}
	licit_close(w->h);
	w->h = h;
	w->gen = gen;
	w->actor_set = w->deferring = 0;
	return prepared(s, w);
}

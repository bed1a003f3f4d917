/*
 * serve.h - how `licit serve` (src/cli/cmd_serve.c) starts the HTTP
 * server: its configuration and one call. The rest of the server is
 * internal to src/server/ (server.h).
 */
#ifndef LICIT_SERVE_H
#define LICIT_SERVE_H

#include <stddef.h>

/* Defaults of `licit serve`, documented in the README and openapi.yaml. */
#define SERVER_DEFAULT_MAX_BODY	 (1u << 20) /* bytes of a request body */
#define SERVER_DEFAULT_MAX_BATCH 1000	    /* parties in one POST */
#define SERVER_DEFAULT_TIMEOUT                                                 \
	15				       /* seconds: idle connection,    \
						  and the budget of a batch */
#define SERVER_DEFAULT_CONN_MEMORY (32u << 10) /* request line + headers */

/* What `licit serve` was asked for; strings must outlive the server. */
typedef struct server_config {
	const char *data_dir; /* NULL: the default data directory */
	const char *listen;   /* "ADDR:PORT" (port 0: any free port) */
	unsigned threads;     /* worker threads, each with a licit handle */
	unsigned io_threads;  /* libmicrohttpd's epoll threads */
	size_t max_body;      /* bytes */
	size_t max_batch;     /* parties */
	unsigned timeout;     /* seconds */
	size_t conn_memory;   /* bytes per connection for its headers */
	int no_auth;
	const char *store;   /* the record's URL (--store), NULL: default */
	const char *tls_cert, *tls_key; /* PEM files: HTTPS; NULL: HTTP */
	const char *web_dir; /* the web UI's files; NULL: web_default_dir */
} server_config;

/*
 * Serve cfg until SIGINT or SIGTERM. Returns 0 after a clean stop, 2 when
 * the configuration is refused (a bad --listen, no API keys), 3 when the
 * server cannot start (data directory, port in use); the reason is
 * printed on stderr.
 */
int server_serve(const server_config *cfg);

/*
 * API keys in <data_dir>/api-keys (`licit keys`, src/server/auth.c).
 * Each returns an exit code (0, 1 nothing found, 2 bad input, 3 system
 * error) with the reason in errbuf.
 *
 * keys_create: a new random key of `role` (screener, reviewer, admin)
 * labelled `label` (NULL: made from the role and the digest) into
 * key[keylen] (keylen >= 64); only its SHA-256 is stored.
 * keys_each: fn with each key's role, label, creation time and the
 * first 12 hex digits of its digest; fn returning non-zero stops.
 * keys_revoke: remove the key labelled `label` (1 when there is none).
 */
int keys_create(const char *data_dir, const char *role, const char *label,
		char *key, size_t keylen, char *errbuf, size_t errlen);
int keys_each(const char *data_dir,
	      int (*fn)(void *ctx, const char *role, const char *label,
			const char *created, const char *digest),
	      void *ctx, char *errbuf, size_t errlen);
int keys_revoke(const char *data_dir, const char *label, char *errbuf,
		size_t errlen);

#endif

/*
 * fuzz_server_request.c - libFuzzer target for the HTTP server's request
 * handling without a socket: routing, the key check, query-parameter and
 * JSON body validation, and each resource's answer, over a small list
 * imported at start. Any bytes: no crash, leak or out-of-bounds access,
 * and every reply is a status from 200 to 599 with a body.
 *
 * Input layout: byte 0 picks the route (a method and path below), byte 1
 * the headers (bits 0-1: no key, the admin key, the screener key, a wrong
 * key; bits 2-3: no Content-Type, application/json, text/plain,
 * application/json with a charset). The rest up to the first '\n' is the
 * query string (URL-encoded, split as libmicrohttpd does) or, for the
 * entity route, the id, for the web UI's /ui/ route the file name (over
 * the source tree's web/), or for the last route the path; what follows
 * the '\n' is the body.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/server.h"

static server srv;
static char dir[] = "/tmp/licit-fuzz-server-XXXXXX";

static const char list_csv[] =
    "#licit-internal-list v1 source=fuzz published=2025-01-15\n"
    "id,name,schema,aliases,country,birth_date,identifiers,program\n"
    "F-1,NSO Group Technologies Ltd,organization,NSO Group;Q Cyber,IL,,"
    "registration:514395409,Entity List\n"
    "F-2,Ivan Example-Petrov,person,Иван Петров;Ivan Petrov,RU,1971-05,"
    "passport:7100123456,Diversion risk\n"
    "F-3,Северный Ветер ООО,organization,Severny Veter LLC,RU,,,\n"
    "F-4,محمد عبد الله,person,Mohammed Abdullah,IQ,1980,,\n";

/* sha256("fuzz-admin") and sha256("fuzz-screener") */
static const char keys[] =
    "# fuzz keys\n"
    "sha256:1c64ed42d0e14a2b1a137b7634c45cc09a6b67d48ea1767a8a30cdad14225918 "
    "admin\n"
    "sha256:4b7b16a1ce400ec65838b76e35bdb7e1644abdf4ea2a69cf6496cf198949564d "
    "screener\n";

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	server_release(&srv);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		abort();
	char data[512], csv[512], kf[512], err[1024];
	snprintf(data, sizeof(data), "%s/data", dir);
	snprintf(csv, sizeof(csv), "%s/fuzz-list.csv", dir);
	if (write_file(csv, list_csv) < 0)
		abort();
	licit *h;
	if (licit_open(data, &h, err, sizeof(err)) != LICIT_OK)
		abort();
	const char *paths[] = {csv};
	if (licit_import(h, paths, 1) != LICIT_OK) {
		fprintf(stderr, "fuzz: import: %s\n", licit_last_error(h));
		abort();
	}
	licit_close(h);
	snprintf(kf, sizeof(kf), "%s/api-keys", data);
	if (write_file(kf, keys) < 0)
		abort();
	server_config cfg = {
	    .data_dir = data,
	    .listen = "127.0.0.1:0",
	    .threads = 1,
	    .io_threads = 1,
	    .max_body = 65536,
	    .max_batch = 20,
	    .timeout = 5,
	    .conn_memory = SERVER_DEFAULT_CONN_MEMORY,
	    .web_dir = NULL, /* the built-in default: the source tree's */
	};
	if (server_init(&srv, &cfg, err, sizeof(err)) != LICIT_OK) {
		fprintf(stderr, "fuzz: server: %s\n", err);
		abort();
	}
	atexit(cleanup);
	return 0;
}

static const struct {
	http_method method;
	const char *path;
	int prefix; /* the input's first line completes the path */
} routes[] = {
    {HTTP_GET, "/v1/health", 0},
    {HTTP_GET, "/v1/lists", 0},
    {HTTP_POST, "/v1/lists/reload", 0},
    {HTTP_GET, "/v1/entities/", 1},
    {HTTP_GET, "/v1/screen", 0},
    {HTTP_POST, "/v1/screen", 0},
    {HTTP_POST, "/v1/check", 0},
    {HTTP_GET, "/metrics", 0},
    {HTTP_GET, "/v2/search", 0},
    {HTTP_HEAD, "/v1/screen", 0},
    {HTTP_GET, "/v1/alerts", 0},
    {HTTP_GET, "/v1/alerts/", 1},
    {HTTP_POST, "/v1/alerts/", 1},
    {HTTP_GET, "/v1/audit", 0},
    {HTTP_GET, "/v1/audit/verify", 0},
    {HTTP_POST, "/v1/impact", 0},
    {HTTP_GET, "/", 0},
    {HTTP_GET, "/ui/", 1},
    {HTTP_OTHER, NULL, 0},
};

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* URL-decode s[0..n) into the request's memory; *len gets the decoded
 * length (a %00 stays inside, as libmicrohttpd leaves it). */
static char *decode(http_request *rq, const char *s, size_t n, size_t *len)
{
	char *out = reqmem_alloc(&rq->mem, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int a, b;
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%' && i + 2 < n &&
			   (a = hex(s[i + 1])) >= 0 &&
			   (b = hex(s[i + 2])) >= 0) {
			out[k++] = (char)(a << 4 | b);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	*len = k;
	return out;
}

static void split_query(http_request *rq, const char *q, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && q[end] != '&')
			end++;
		if (end > i) {
			if (rq->n_params == SERVER_MAX_PARAMS) {
				rq->too_many_params = 1;
				return;
			}
			size_t eq = i;
			while (eq < end && q[eq] != '=')
				eq++;
			size_t klen, vlen = 0;
			http_param *p = &rq->params[rq->n_params];
			p->key = decode(rq, q + i, eq - i, &klen);
			p->value = eq < end ? decode(rq, q + eq + 1,
						     end - eq - 1, &vlen)
					    : "";
			p->len = vlen;
			if (!p->key || !p->value)
				return;
			rq->n_params++;
		}
		i = end + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	unsigned r = data[0] % N_ROUTES, flags = data[1];
	const char *rest = (const char *)data + 2;
	size_t n = size - 2;
	const char *nl = memchr(rest, '\n', n);
	size_t head = nl ? (size_t)(nl - rest) : n;

	http_request rq;
	http_reply rp;
	request_init(&rq, 8u << 20);
	rq.body_limit = srv.cfg.max_body;
	rq.method = routes[r].method;
	if (routes[r].path && routes[r].prefix) {
		size_t len;
		char *id = decode(&rq, rest, head, &len);
		size_t pn = strlen(routes[r].path);
		char *path = id ? reqmem_alloc(&rq.mem, pn + len + 1) : NULL;
		if (path) {
			memcpy(path, routes[r].path, pn);
			memcpy(path + pn, id, len + 1);
		}
		rq.path = path ? path : "/";
	} else if (routes[r].path) {
		rq.path = routes[r].path;
		split_query(&rq, rest, head);
	} else {
		size_t len;
		char *path = decode(&rq, rest, head, &len);
		rq.path = path ? path : "/";
		rq.method = (flags & 16) ? HTTP_POST : HTTP_GET;
	}
	static const char *const auth[] = {NULL, "Bearer fuzz-admin",
					   "Bearer fuzz-screener", "Bearer x"};
	static const char *const types[] = {NULL, "application/json",
					    "text/plain",
					    "application/json; charset=utf-8"};
	rq.authorization = auth[flags & 3];
	rq.content_type = types[(flags >> 2) & 3];
	if (nl) {
		rq.body = nl + 1;
		rq.body_len = n - head - 1;
		rq.body_too_large = rq.body_len > srv.cfg.max_body;
	}
	server_handle(&srv, &rq, &rp);
	if (rp.status < 200 || rp.status > 599 || !rp.body || !rp.content_type)
		abort();
	if (rp.len && memchr(rp.body, '\0', rp.len))
		abort();
	request_release(&rq, &rp);
	return 0;
}

/*
 * cmd_serve.c - `licit serve`: the HTTP JSON API over the current
 * snapshot of the data directory (src/server/, docs/openapi.yaml).
 *
 * Parses the options into a server_config and hands over to the server;
 * everything else is there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "server/serve.h"
#include "banned.h"

static const char usage[] =
    "usage: licit serve [--listen ADDR:PORT] [--threads N] [--io-threads N]\n"
    "                   [--max-body BYTES] [--max-batch N] [--timeout S]\n"
    "                   [--header-memory BYTES] [--no-auth]\n"
    "                   [--web-dir DIR] [--tls-cert FILE --tls-key FILE]\n"
    "Serve the HTTP JSON API (docs/openapi.yaml) over the current\n"
    "snapshot until SIGINT or SIGTERM.\n"
    "  --listen ADDR:PORT    where to listen (default 127.0.0.1:8080;\n"
    "                        port 0 picks a free port; [::1]:8080 for "
    "IPv6)\n"
    "  --threads N           worker threads, each screening with its own\n"
    "                        handle (default: the number of cores)\n"
    "  --io-threads N        epoll threads reading requests and writing\n"
    "                        replies (default 1)\n"
    "  --max-body BYTES      largest request body (default 1048576)\n"
    "  --max-batch N         most parties in one POST /v1/screen "
    "(default 1000)\n"
    "  --timeout S           idle connection timeout and time budget "
    "of a\n"
    "                        batch, in seconds (default 15)\n"
    "  --header-memory BYTES memory for a request's line and headers\n"
    "                        (default 32768)\n"
    "  --no-auth             serve without API keys (only behind a "
    "proxy\n"
    "                        that authenticates)\n"
    "  --web-dir DIR         the analyst web UI's files, served at /\n"
    "                        (default: share/licit/web beside the\n"
    "                        installed bin/, else the source tree's web/)\n"
    "  --tls-cert FILE       serve HTTPS (TLS 1.2+, GnuTLS) with this PEM\n"
    "                        certificate chain; needs --tls-key\n"
    "  --tls-key FILE        the certificate's PEM private key\n"
    "API keys: `licit keys create`, kept hashed in <data-dir>/api-keys.\n"
    "Once listening, prints 'licit serve: listening on "
    "http://ADDR:PORT'\n"
    "on stderr.\n";

static int number(const char *opt, const char *v, unsigned long min,
		  unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long n = v ? strtoul(v, &end, 10) : 0;
	if (!v || !*v || *end || errno || n < min || n > max || *v == '-') {
		fprintf(stderr,
			"licit serve: %s takes a number from %lu to "
			"%lu\n",
			opt, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

static int parse_opts(int argc, char **argv, server_config *c)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long n;
		if (!strcmp(a, "--no-auth")) {
			c->no_auth = 1;
			continue;
		}
		if (!strcmp(a, "--listen") && v) {
			c->listen = v;
		} else if (!strcmp(a, "--web-dir") && v) {
			c->web_dir = v;
		} else if (!strcmp(a, "--tls-cert") && v) {
			c->tls_cert = v;
		} else if (!strcmp(a, "--tls-key") && v) {
			c->tls_key = v;
		} else if (!strcmp(a, "--threads")) {
			if (number(a, v, 1, 256, &n) < 0)
				return -1;
			c->threads = (unsigned)n;
		} else if (!strcmp(a, "--io-threads")) {
			if (number(a, v, 1, 64, &n) < 0)
				return -1;
			c->io_threads = (unsigned)n;
		} else if (!strcmp(a, "--max-body")) {
			if (number(a, v, 1024, 1ul << 30, &n) < 0)
				return -1;
			c->max_body = n;
		} else if (!strcmp(a, "--max-batch")) {
			if (number(a, v, 1, 10000, &n) < 0)
				return -1;
			c->max_batch = n;
		} else if (!strcmp(a, "--timeout")) {
			if (number(a, v, 1, 3600, &n) < 0)
				return -1;
			c->timeout = (unsigned)n;
		} else if (!strcmp(a, "--header-memory")) {
			if (number(a, v, 8192, 1ul << 24, &n) < 0)
				return -1;
			c->conn_memory = n;
		} else {
			fprintf(stderr, "licit serve: unknown option '%s'\n",
				a);
			return -1;
		}
		i++;
	}
	return 0;
}

int cmd_serve(int argc, char **argv, const cli_opts *o)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	server_config cfg = {
	    .data_dir = o->data_dir,
	    .store = o->store,
	    .listen = "127.0.0.1:8080",
	    .threads = cores > 0 ? (unsigned)cores : 2,
	    .io_threads = 1,
	    .max_body = SERVER_DEFAULT_MAX_BODY,
	    .max_batch = SERVER_DEFAULT_MAX_BATCH,
	    .timeout = SERVER_DEFAULT_TIMEOUT,
	    .conn_memory = SERVER_DEFAULT_CONN_MEMORY,
	};
	if (parse_opts(argc, argv, &cfg) < 0) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	if (!cfg.tls_cert != !cfg.tls_key) {
		fprintf(stderr, "licit serve: --tls-cert and --tls-key go "
				"together\n");
		return EXIT_INPUT;
	}
	return server_serve(&cfg);
}

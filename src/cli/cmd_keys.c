/*
 * cmd_keys.c - `licit keys create|list|revoke`: the API keys of
 * `licit serve`, kept hashed in <data-dir>/api-keys (src/server/auth.c).
 *
 * `create` prints the new key alone on the last line of stdout, so a
 * script takes it with `tail -n 1`; it is shown this once and never
 * stored. A running server picks up a created or revoked key within a
 * second.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "server/serve.h"
#include "banned.h"

static const char usage[] =
    "usage: licit keys create --role screener|reviewer|admin [--label NAME]\n"
    "       licit keys list [--json]\n"
    "       licit keys revoke LABEL\n"
    "API keys of `licit serve`, kept hashed in <data-dir>/api-keys.\n"
    "  create   make a key; its label names it in the audit log\n"
    "           (\"key:NAME\"; default ROLE-<digest>). The key is printed\n"
    "           alone on the last line of stdout, this once only.\n"
    "  list     the keys: role, label, when made, start of the digest\n"
    "  revoke   remove the key with that label\n"
    "Roles: a screener screens and checks; a reviewer also decides\n"
    "alerts, reads the audit log and runs impact; an admin also reloads\n"
    "the lists. Exit codes: 0 done, 1 no such key, 2 bad input,\n"
    "3 system error.\n";

/* The data directory's path, resolved as every command does. */
static int data_dir(const cli_opts *o, char *out, size_t n)
{
	licit *h = cli_open(o);
	if (!h)
		return -1;
	snprintf(out, n, "%s", licit_data_dir(h));
	licit_close(h);
	return 0;
}

static int keys_create_cmd(int argc, char **argv, const char *dir)
{
	const char *role = NULL, *label = NULL;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (i + 1 < argc && !strcmp(a, "--role"))
			role = argv[++i];
		else if (i + 1 < argc && !strcmp(a, "--label"))
			label = argv[++i];
		else {
			fprintf(stderr, "licit keys: unexpected '%s'\n", a);
			fputs(usage, stderr);
			return EXIT_INPUT;
		}
	}
	if (!role) {
		fprintf(stderr, "licit keys create: --role is required\n");
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	char key[128], err[512] = "";
	int rc = keys_create(dir, role, label, key, sizeof(key), err,
			     sizeof(err));
	if (rc) {
		fprintf(stderr, "licit keys create: %s\n", err);
		return rc;
	}
	printf("new %s key%s%s added to %s/api-keys; it is shown once,\n"
	       "here, and only its SHA-256 is kept:\n",
	       role, label ? " labelled " : "", label ? label : "", dir);
	printf("%s\n", key);
	return fflush(stdout) ? EXIT_SYSTEM : EXIT_OK;
}

typedef struct list_ctx {
	int json;
	size_t n;
} list_ctx;

static void json_str_out(const char *s)
{
	putchar('"');
	for (; *s; s++) /* labels and times hold no quote or backslash */
		putchar(*s);
	putchar('"');
}

static int print_key(void *ctx, const char *role, const char *label,
		     const char *created, const char *digest)
{
	list_ctx *c = ctx;
	if (c->json) {
		fputs(c->n ? ",{\"role\":" : "{\"role\":", stdout);
		json_str_out(role);
		fputs(",\"label\":", stdout);
		json_str_out(label);
		fputs(",\"created\":", stdout);
		json_str_out(created);
		fputs(",\"digest\":", stdout);
		json_str_out(digest);
		putchar('}');
	} else {
		printf("%-9s %-32s %-20s sha256:%s...\n", role,
		       *label ? label : "-", *created ? created : "-", digest);
	}
	c->n++;
	return 0;
}

static int keys_list_cmd(int argc, char **argv, const char *dir)
{
	list_ctx c = {0, 0};
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			c.json = 1;
		} else {
			fprintf(stderr, "licit keys: unexpected '%s'\n",
				argv[i]);
			return EXIT_INPUT;
		}
	}
	char err[512] = "";
	if (c.json)
		fputs("{\"keys\":[", stdout);
	int rc = keys_each(dir, print_key, &c, err, sizeof(err));
	if (c.json)
		puts("]}");
	if (rc) {
		fprintf(stderr, "licit keys list: %s\n", err);
		return rc;
	}
	if (!c.json && !c.n)
		fprintf(stderr, "licit keys: no key yet: licit keys create "
				"--role admin\n");
	return fflush(stdout) ? EXIT_SYSTEM : EXIT_OK;
}

int cmd_keys(int argc, char **argv, const cli_opts *o)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "create") && strcmp(sub, "list") &&
	    strcmp(sub, "revoke")) {
		fprintf(stderr, "licit keys: unknown subcommand '%s'\n", sub);
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	if (!strcmp(sub, "revoke") && argc != 3) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	char dir[4096];
	if (data_dir(o, dir, sizeof(dir)) < 0)
		return EXIT_SYSTEM;
	if (!strcmp(sub, "create"))
		return keys_create_cmd(argc, argv, dir);
	if (!strcmp(sub, "list"))
		return keys_list_cmd(argc, argv, dir);
	char err[512] = "";
	int rc = keys_revoke(dir, argv[2], err, sizeof(err));
	if (rc)
		fprintf(stderr, "licit keys revoke: %s\n", err);
	else
		printf("revoked the key labelled %s\n", argv[2]);
	return rc;
}

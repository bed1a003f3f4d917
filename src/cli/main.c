/*
 * main.c - the licit command: global options and the command table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv, const cli_opts *o);
	const char *summary;
} commands[] = {
	{"lists", cmd_lists, "import, show, diff and update restricted-party lists"},
	{"lookup", cmd_lookup, "find listed parties by exact normalized name"},
	{"entity", cmd_entity, "show the full record of one listed entity"},
	{"screen", cmd_screen, "screen a party (or a file of parties) against the lists"},
	{"compare", cmd_compare, "score two names and explain the score"},
	{"check", cmd_check, "may this item go to this destination and end user?"},
	{"policy", cmd_policy, "show an export-control policy, or diff two versions"},
	{"audit", cmd_audit, "verify and export the audit log"},
	{"alerts", cmd_alerts, "list, show and decide alerts"},
	{"parties", cmd_parties, "import and list the customer book"},
	{"licences", cmd_licences, "import and list the licence register"},
	{"impact", cmd_impact, "what a list or policy change does to the books"},
	{"serve", cmd_serve, "serve the HTTP JSON API"},
	{"keys", cmd_keys, "create, list and revoke the API keys of serve"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: licit [--data-dir DIR] [--store URL] [--actor NAME] "
		   "COMMAND [ARGS]\n\n"
		   "licit is an export-control compliance engine.\n\n"
		   "commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\noptions:\n"
		   "  --data-dir DIR  where snapshots live (default: "
		   "$LICIT_DATA_DIR,\n"
		   "                  else $XDG_DATA_HOME/licit, else "
		   "~/.local/share/licit)\n"
		   "  --store URL     the record (audit log, alerts, books): "
		   "postgres://...\n"
		   "                  or sqlite:PATH (default: $LICIT_STORE, "
		   "else\n"
		   "                  sqlite:DATA_DIR/licit.db)\n"
		   "  --actor NAME    who is acting, for the audit log "
		   "(default:\n"
		   "                  $LICIT_ACTOR, else the login name)\n"
		   "  --version       print the version\n"
		   "  -h, --help      this help; 'licit COMMAND --help' for a "
		   "command\n\n"
		   "exit status: 0 success, 1 nothing found, 2 bad input, "
		   "3 system error;\n"
		   "check: 0 allowed, 1 licence required or review, "
		   "4 prohibited;\n"
		   "audit verify: 4 the audit log fails verification\n");
}

int cli_exit_code(licit_status st)
{
	switch (st) {
	case LICIT_OK:
		return EXIT_OK;
	case LICIT_EPARSE:
	case LICIT_EFORMAT:
	case LICIT_EINVAL:
	case LICIT_EMISUSE:
	case LICIT_ELIMIT:
	case LICIT_ENOTFOUND:
	case LICIT_ENOSNAPSHOT:
		return EXIT_INPUT;
	case LICIT_ETAMPERED:
		return EXIT_TAMPERED;
	default:
		return EXIT_SYSTEM;
	}
}

int cli_fail(licit_status st, const char *msg)
{
	fprintf(stderr, "licit: %s\n", msg && *msg ? msg : licit_strerror(st));
	return cli_exit_code(st);
}

licit_status cli_open_quiet(const cli_opts *o, licit **out, char *err,
			    size_t errlen)
{
	licit *h;
	licit_status st = licit_open(o->data_dir, &h, err, errlen);
	if (st != LICIT_OK)
		return st;
	if ((o->store && (st = licit_set_store(h, o->store)) != LICIT_OK) ||
	    (o->actor && (st = licit_set_actor(h, o->actor)) != LICIT_OK)) {
		snprintf(err, errlen, "%s", licit_last_error(h));
		licit_close(h);
		return st;
	}
	*out = h;
	return LICIT_OK;
}

licit *cli_open(const cli_opts *o)
{
	licit *h;
	char err[1024] = "";
	licit_status st = cli_open_quiet(o, &h, err, sizeof(err));
	if (st != LICIT_OK) {
		cli_fail(st, err);
		return NULL;
	}
	return h;
}

/* "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. */
static const char *global_opt(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (!strcmp(argv[*i], name) && *i + 1 < argc)
		return argv[++*i];
	if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	return NULL;
}

int main(int argc, char **argv)
{
	cli_opts o = {NULL, NULL, NULL};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		if ((v = global_opt(argc, argv, &i, "--data-dir"))) {
			o.data_dir = v;
		} else if ((v = global_opt(argc, argv, &i, "--store"))) {
			o.store = v;
		} else if ((v = global_opt(argc, argv, &i, "--actor"))) {
			o.actor = v;
		} else if (!strcmp(argv[i], "--version")) {
			printf("licit %s\n", licit_version());
			return EXIT_OK;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "licit: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_INPUT;
		}
	}
	if (i == argc) {
		usage(stderr);
		return EXIT_INPUT;
	}
	for (size_t c = 0; c < N_COMMANDS; c++)
		if (!strcmp(argv[i], commands[c].name)) {
			int rc = commands[c].run(argc - i, argv + i, &o);
			licit_global_cleanup();
			return rc;
		}
	fprintf(stderr, "licit: unknown command '%s'; see 'licit --help'\n",
		argv[i]);
	return EXIT_INPUT;
}

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
	{"serve", cmd_serve, "serve the HTTP JSON API"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: licit [--data-dir DIR] COMMAND [ARGS]\n\n"
		   "licit is an export-control compliance engine.\n\n"
		   "commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\noptions:\n"
		   "  --data-dir DIR  where snapshots live (default: "
		   "$LICIT_DATA_DIR,\n"
		   "                  else $XDG_DATA_HOME/licit, else "
		   "~/.local/share/licit)\n"
		   "  --version       print the version\n"
		   "  -h, --help      this help; 'licit COMMAND --help' for a "
		   "command\n\n"
		   "exit status: 0 success, 1 nothing found, 2 bad input, "
		   "3 system error;\n"
		   "check: 0 allowed, 1 licence required or review, "
		   "4 prohibited\n");
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
	default:
		return EXIT_SYSTEM;
	}
}

int cli_fail(licit_status st, const char *msg)
{
	fprintf(stderr, "licit: %s\n", msg && *msg ? msg : licit_strerror(st));
	return cli_exit_code(st);
}

licit *cli_open(const cli_opts *o)
{
	licit *h;
	char err[1024] = "";
	licit_status st = licit_open(o->data_dir, &h, err, sizeof(err));
	if (st != LICIT_OK) {
		cli_fail(st, err);
		return NULL;
	}
	return h;
}

int main(int argc, char **argv)
{
	cli_opts o = {NULL};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--data-dir") && i + 1 < argc) {
			o.data_dir = argv[++i];
		} else if (!strncmp(argv[i], "--data-dir=", 11)) {
			o.data_dir = argv[i] + 11;
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

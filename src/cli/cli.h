/*
 * cli.h - what the command files of the licit tool share.
 *
 * One file per command (cmd_<name>.c -> cmd_<name>()), dispatched from the
 * table in main.c. Commands use only the public API in licit.h.
 *
 * Exit codes (documented in the README):
 *   0  success
 *   1  ran fine, found nothing (a lookup with no hit)
 *   2  bad input: usage error, unreadable or malformed list file
 *   3  system error: I/O, out of memory, corrupt snapshot, network, store
 *   4  `check`: the transaction is prohibited (0 allowed, 1 licence
 *      required or review); `audit verify`: the log fails verification
 */
#ifndef LICIT_CLI_H
#define LICIT_CLI_H

#include <stdio.h>

#include "licit.h"

enum {
	EXIT_OK = 0,
	EXIT_NOTHING = 1,
	EXIT_INPUT = 2,
	EXIT_SYSTEM = 3,
	EXIT_PROHIBITED = 4, /* check */
	EXIT_TAMPERED = 4    /* audit verify */
};

typedef struct cli_opts {
	const char *data_dir; /* --data-dir, or NULL for the default */
	const char *store;    /* --store URL, or NULL for the default */
	const char *actor;    /* --actor NAME, or NULL for the default */
} cli_opts;

/* The exit code for a status. */
int cli_exit_code(licit_status st);

/* Open the data directory with the global options (store, actor) or
 * print why not; NULL on failure. */
licit *cli_open(const cli_opts *o);

/* The same without printing: the message goes to err. */
licit_status cli_open_quiet(const cli_opts *o, licit **out, char *err,
			    size_t errlen);

/* Print "licit: <msg>" to stderr; returns the exit code for st. */
int cli_fail(licit_status st, const char *msg);

/*
 * Read a CSV file (RFC 4180; "-" for stdin), calling row() with each
 * row's fields and its first line number; a row() returning < 0 stops.
 * Returns 0, or -1 after printing why on stderr.
 */
int cli_csv_read(const char *path,
		 int (*row)(void *ctx, char **fields, int n, unsigned long line),
		 void *ctx);

/* The same over an open stream; `path` names it in messages. */
int cli_csv_read_file(FILE *f, const char *path,
		      int (*row)(void *ctx, char **fields, int n,
				 unsigned long line),
		      void *ctx);

/* Write one CSV field to f, quoted when it needs to be. */
void cli_csv_put(FILE *f, const char *s);

/* `screen --input`: see cmd_screen.c. */
int cli_screen_batch(const cli_opts *o, const char *input, const char *output,
		     const char *format, double threshold, size_t limit,
		     const char *const *sources, size_t n_sources);

int cmd_lists(int argc, char **argv, const cli_opts *o);
int cmd_lookup(int argc, char **argv, const cli_opts *o);
int cmd_entity(int argc, char **argv, const cli_opts *o);
int cmd_screen(int argc, char **argv, const cli_opts *o);
int cmd_compare(int argc, char **argv, const cli_opts *o);
int cmd_check(int argc, char **argv, const cli_opts *o);
int cmd_policy(int argc, char **argv, const cli_opts *o);
/* `parties import` / `licences import`: see book_import.c. */
int cli_book_import(const cli_opts *o, const char *what, const char *path,
		    int as_json,
		    licit_status (*import)(licit *h, const char *path,
					   licit_book_report **out));

/* `licit parties|licences import FILE | list [--json]`: the argument
 * parsing both book commands share; `what` names the command. */
int cli_book_command(int argc, char **argv, const cli_opts *o,
		     const char *what, const char *usage,
		     licit_status (*import)(licit *h, const char *path,
					    licit_book_report **out),
		     int (*list)(const cli_opts *o, int as_json));

int cmd_audit(int argc, char **argv, const cli_opts *o);
int cmd_parties(int argc, char **argv, const cli_opts *o);
int cmd_licences(int argc, char **argv, const cli_opts *o);
int cmd_alerts(int argc, char **argv, const cli_opts *o);
int cmd_impact(int argc, char **argv, const cli_opts *o);
int cmd_serve(int argc, char **argv, const cli_opts *o);
int cmd_keys(int argc, char **argv, const cli_opts *o);

#endif

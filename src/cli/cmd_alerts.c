/*
 * cmd_alerts.c - `licit alerts list|show|decide`: the analyst's review of
 * the alerts screenings opened. A decision is an audit entry by the actor
 * (--actor or the login name); a false positive keeps the same party from
 * alerting on the same listed entity until that entity's record changes.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit alerts list [--status open|true-match|false-positive|needs-info]\n"
	"                         [--limit N] [--json]\n"
	"       licit alerts show ID [--json]\n"
	"       licit alerts decide ID true-match|false-positive|needs-info\n"
	"                           --reason TEXT [--json]\n"
	"list: alerts newest first (JSON: one array of alert objects).\n"
	"show: one alert and every decision on it.\n"
	"decide: record a disposition and its reason (required). A false\n"
	"  positive suppresses the same party's later hits on the same listed\n"
	"  entity until its record changes in a new snapshot, when a new alert\n"
	"  re-opens it; a true match marks those hits as a known match.\n"
	"exit status: 0 success, 1 no alert (list, show), 2 bad input,\n"
	"3 system error\n";

static int usage_error(const char *msg)
{
	fprintf(stderr, "licit alerts: %s\n%s", msg, usage);
	return EXIT_INPUT;
}

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

typedef struct lister {
	long limit, n;
} lister;

static int list_one(void *ctx, const licit_alert *a)
{
	lister *l = ctx;
	printf("%6lld  %-14s %.3f  %-28s %s", (long long)a->id, a->status,
	       a->score, a->entity_id, a->party_name ? a->party_name : "");
	if (a->reopens)
		printf("  (re-opens %lld)", (long long)a->reopens);
	printf("\n");
	return ++l->n >= l->limit;
}

static int cmd_list(int argc, char **argv, const cli_opts *o)
{
	const char *status = NULL;
	int as_json = 0;
	lister l = {1000, 0};
	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--json")) {
			as_json = 1;
		} else if (!strcmp(argv[i], "--status") && v) {
			status = argv[++i];
		} else if (!strcmp(argv[i], "--limit") && v) {
			char *end;
			l.limit = strtol(argv[++i], &end, 10);
			if (*end || l.limit < 1)
				return usage_error("--limit takes a positive "
						   "number");
		} else {
			return usage_error("list: unknown argument");
		}
	}
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	licit_status st;
	if (as_json) {
		char *json = NULL;
		size_t n = 0;
		st = licit_alerts_json(h, status, (size_t)l.limit, &json, &n);
		if (st == LICIT_OK)
			printf("%s\n", json);
		licit_free(json);
		l.n = (long)n;
	} else {
		st = licit_alerts_each(h, status, list_one, &l);
	}
	int rc = l.n ? EXIT_OK : EXIT_NOTHING;
	if (st != LICIT_OK)
		rc = cli_fail(st, licit_last_error(h));
	else if (!as_json && !l.n)
		printf("no alert%s%s\n", status ? " with status " : "",
		       status ? status : "");
	licit_close(h);
	return rc;
}

static void print_alert(const char *text)
{
	json_t *a = json_loads(text, 0, NULL);
	static const char *const keys[] = {
		"status",      "party_name", "party_key",  "entity_id",
		"entity_name", "entity_hash", "snapshot",  "opened_at",
		"opened_seq",  "reopens",    "decided_by", "decided_at",
		"reason"};
	printf("alert %lld\n",
	       (long long)json_integer_value(json_object_get(a, "id")));
	printf("  %-12s %.4f\n", "score",
	       json_number_value(json_object_get(a, "score")));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(a, keys[i]);
		if (json_is_string(v))
			printf("  %-12s %s\n", keys[i], json_string_value(v));
		else if (json_is_integer(v))
			printf("  %-12s %lld\n", keys[i],
			       (long long)json_integer_value(v));
	}
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(a, "decisions"), i, d)
	printf("  decision     %s  %s by %s: %s (audit entry %lld)\n",
	       json_string_value(json_object_get(d, "time")),
	       json_string_value(json_object_get(d, "disposition")),
	       json_string_value(json_object_get(d, "actor")),
	       json_string_value(json_object_get(d, "reason")),
	       (long long)json_integer_value(json_object_get(d, "seq")));
	json_decref(a);
}

static int cmd_show(int argc, char **argv, const cli_opts *o)
{
	int as_json = 0;
	const char *ids = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			as_json = 1;
		else if (!ids && argv[i][0] != '-')
			ids = argv[i];
		else
			return usage_error("show takes one ID and --json");
	}
	int64_t id;
	if (!ids || parse_id(ids, &id) < 0)
		return usage_error("show needs an alert ID (a number)");
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	char *json = NULL;
	licit_status st = licit_alert_json(h, id, &json);
	int rc = EXIT_OK;
	if (st == LICIT_ENOTFOUND) {
		fprintf(stderr, "licit: %s\n", licit_last_error(h));
		rc = EXIT_NOTHING;
	} else if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else if (as_json) {
		printf("%s\n", json);
	} else {
		print_alert(json);
	}
	licit_free(json);
	licit_close(h);
	return rc;
}

static int cmd_decide(int argc, char **argv, const cli_opts *o)
{
	int as_json = 0;
	const char *ids = NULL, *disp = NULL, *reason = NULL;
	for (int i = 2; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(argv[i], "--json"))
			as_json = 1;
		else if (!strcmp(argv[i], "--reason") && v)
			reason = argv[++i];
		else if (!strcmp(argv[i], "--disposition") && v)
			disp = argv[++i];
		else if (argv[i][0] == '-')
			return usage_error("decide: unknown option");
		else if (!ids)
			ids = argv[i];
		else if (!disp)
			disp = argv[i];
		else
			return usage_error("decide takes ID DISPOSITION "
					   "--reason TEXT");
	}
	int64_t id;
	if (!ids || parse_id(ids, &id) < 0)
		return usage_error("decide needs an alert ID (a number)");
	licit_disposition d = licit_disposition_parse(disp);
	if (d == LICIT_DISPOSITION_NONE)
		return usage_error("the disposition is true-match, "
				   "false-positive or needs-info");
	if (!reason || !*reason)
		return usage_error("decide needs --reason TEXT");
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	licit_status st = licit_alert_decide(h, id, d, reason);
	int rc = EXIT_OK;
	char *json = NULL;
	if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else if (as_json && licit_alert_json(h, id, &json) == LICIT_OK) {
		printf("%s\n", json);
	} else if (!as_json) {
		printf("alert %lld: %s by %s\n", (long long)id,
		       licit_disposition_name(d), licit_actor(h));
	}
	licit_free(json);
	licit_close(h);
	return rc;
}

int cmd_alerts(int argc, char **argv, const cli_opts *o)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_INPUT : EXIT_OK;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc, argv, o);
	if (!strcmp(argv[1], "show"))
		return cmd_show(argc, argv, o);
	if (!strcmp(argv[1], "decide"))
		return cmd_decide(argc, argv, o);
	return usage_error("unknown subcommand");
}

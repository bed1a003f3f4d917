/*
 * check.c - POST /v1/check: may this item go to this destination, end user
 * and end use, under each regime, on that date.
 *
 * The body names the transaction as `licit check` does its options
 * (item, destination, region, end_user, end_user_type, end_use, regimes,
 * as_of); the answer is exactly what `licit check --json` prints. The
 * policies are the built-in ones, loaded once per server and shared by
 * every thread (a policy set is immutable). A value the rules refuse (an
 * unknown control code, a retired country code, ...) is a 400 with the
 * rules' own message, which says what to give, and the field it is about.
 */
#include <stdio.h>
#include <string.h>

#include "server/server.h"
#include "banned.h"

static const field_spec check_fields[] = {
    {"item", FIELD_STRING, 1},		{"destination", FIELD_STRING, 1},
    {"region", FIELD_STRING, 0},	{"end_user", FIELD_NAME, 0},
    {"end_user_type", FIELD_STRING, 0}, {"end_use", FIELD_STRING, 0},
    {"regimes", FIELD_STRINGS, 0},	{"as_of", FIELD_STRING, 0},
};

/* Which field a refusal of the rules is about, from its wording; the
 * CLI's option names in the message become the body's field names. */
static const struct {
	const char *says, *field, *option;
} refusals[] = {
    {"control code", "item", "--item"},
    {"region", "region", "--region"},
    {"destination", "destination", "--destination"},
    {"country code", "destination", NULL},
    {"end-user type", "end_user_type", "--end-user-type"},
    {"end use", "end_use", "--end-use"},
    {"regime", "regimes", "--regime"},
    {"not a date", "as_of", "--as-of"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void refuse(http_request *rq, http_reply *rp, const char *msg)
{
	const char *field = NULL;
	for (size_t i = 0; i < N(refusals) && !field; i++)
		if (strstr(msg, refusals[i].says))
			field = refusals[i].field;
	/* "(--item)" reads "(item)" over HTTP */
	char out[512];
	size_t k = 0;
	while (*msg && k + 1 < sizeof(out)) {
		int done = 0;
		for (size_t i = 0; i < N(refusals) && !done; i++) {
			const char *o = refusals[i].option;
			size_t n = o ? strlen(o) : 0;
			if (n && !strncmp(msg, o, n) &&
			    !(msg[n] >= 'a' && msg[n] <= 'z') &&
			    msg[n] != '-') {
				size_t f = strlen(refusals[i].field);
				if (k + f + 1 >= sizeof(out))
					break;
				memcpy(out + k, refusals[i].field, f);
				k += f;
				msg += n;
				done = 1;
			}
		}
		if (!done)
			out[k++] = *msg++;
	}
	out[k] = '\0';
	reply_error(rq, rp, 400, "invalid_value", field, "%s", out);
}

void check_post(server *s, http_request *rq, http_reply *rp)
{
	json_t *o = request_body(rq, rp, check_fields, N(check_fields));
	if (!o)
		return;
	const json_t *regimes = json_object_get(o, "regimes");
	const char *names[SERVER_MAX_REGIMES];
	licit_check_query q = {
	    .item = json_str(o, "item"),
	    .destination = json_str(o, "destination"),
	    .region = json_str(o, "region"),
	    .end_user = json_str(o, "end_user"),
	    .end_user_type = json_str(o, "end_user_type"),
	    .end_use = json_str(o, "end_use"),
	    .as_of = json_str(o, "as_of"),
	};
	if (json_array_size(regimes) > SERVER_MAX_REGIMES) {
		reply_error(rq, rp, 400, "invalid_value", "regimes",
			    "at most %d regimes", SERVER_MAX_REGIMES);
		json_decref(o);
		return;
	}
	for (size_t i = 0; i < json_array_size(regimes); i++)
		names[i] = json_string_value(json_array_get(regimes, i));
	q.n_regimes = json_array_size(regimes);
	q.regimes = q.n_regimes ? names : NULL;
	licit *h = worker_handle(s);
	licit_check *c = NULL;
	licit_status st =
	    h ? licit_check_run(h, s->policies, &q, &c) : LICIT_EIO;
	if (st == LICIT_OK) {
		const char *json = licit_check_json(c);
		if (json)
			reply_text(rq, rp, 200, "application/json", json,
				   strlen(json));
		else
			reply_internal(rq, rp, h, LICIT_ENOMEM);
	} else if (st == LICIT_EINVAL) {
		refuse(rq, rp, licit_last_error(h));
	} else if (st == LICIT_ENOSNAPSHOT || !h) {
		need_snapshot(h, rq, rp);
	} else {
		reply_internal(rq, rp, h, st);
	}
	licit_check_free(c);
	json_decref(o);
}

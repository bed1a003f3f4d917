/*
 * watchman.c - GET /v2/search: licit's screening behind the query
 * parameters and the response shape of Moov Watchman's v2 search, so a
 * watchman client can switch by changing its base URL.
 *
 * Parameters: name (required), type (person, business, organization,
 * aircraft, vessel), limit (1..100, default 10), minMatch (0..1, default
 * licit's threshold), birthDate, gender; requestID is accepted and
 * ignored. The answer is {"query":<entity>,"entities":[<entity> with
 * "match">]}, each entity in watchman's layout (name, entityType,
 * sourceList, sourceID, person / business / vessel / aircraft, contact,
 * addresses, sanctionsInfo, ...) filled from licit's record of it, with
 * licit's own record under sourceData. Errors are watchman's
 * {"error":"message"}. The shape was written from watchman's published
 * OpenAPI description (docs/api.yaml of moov-io/watchman); no code of
 * watchman's is used.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "server/server.h"
#include "banned.h"

#define WATCHMAN_MAX_LIMIT 100

/* licit source ids and watchman's sourceList values. */
static const char *source_list(const char *source)
{
	static const struct {
		const char *licit, *watchman;
	} map[] = {
	    {"us-ofac-sdn", "us_ofac"},	    {"us-ofac-sdn-xml", "us_ofac"},
	    {"us-ofac-cons", "us_non_sdn"}, {"us-ofac-cons-xml", "us_non_sdn"},
	    {"us-csl", "us_csl"},	    {"eu-fsf", "eu_csl"},
	    {"uk-ofsi", "uk_csl"},	    {"un-sc", "un_csl"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (!strcmp(map[i].licit, source))
			return map[i].watchman;
	return NULL;
}

static const char *entity_type(const char *schema)
{
	if (!strcmp(schema, "person"))
		return "person";
	if (!strcmp(schema, "organization"))
		return "business";
	if (!strcmp(schema, "vessel") || !strcmp(schema, "aircraft"))
		return schema;
	return "unknown";
}

/* "YYYY[-MM[-DD]]" as RFC 3339 at midnight UTC; NULL when not a date. */
static json_t *rfc3339(const char *d)
{
	if (!d || strlen(d) < 4)
		return json_null();
	char out[32];
	size_t n = strlen(d);
	snprintf(out, sizeof(out), "%.4s-%.2s-%.2sT00:00:00Z", d,
		 n >= 7 ? d + 5 : "01", n >= 10 ? d + 8 : "01");
	return json_string(out);
}

static json_t *strings_or_null(json_t *a)
{
	if (json_array_size(a))
		return a;
	json_decref(a);
	return json_null();
}

static json_t *alt_names(const json_t *rec, const char *primary)
{
	json_t *a = json_array();
	size_t i;
	const json_t *n;
	json_array_foreach(json_object_get(rec, "names"), i, n)
	{
		const char *s = json_str(n, "name");
		if (s && strcmp(s, primary))
			json_array_append_new(a, json_string(s));
	}
	return strings_or_null(a);
}

static json_t *government_ids(const json_t *rec)
{
	json_t *a = json_array();
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(rec, "identifiers"), i, x)
	{
		json_array_append_new(
		    a, json_pack(
			   "{s:s,s:s,s:s}", "type",
			   json_str(x, "type") ? json_str(x, "type") : "",
			   "country",
			   json_str(x, "country") ? json_str(x, "country") : "",
			   "identifier",
			   json_str(x, "value") ? json_str(x, "value") : ""));
	}
	return strings_or_null(a);
}

static const char *dated(const json_t *rec, const char *role)
{
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(rec, "dates"), i, x)
	{
		const char *r = json_str(x, "role");
		if (r && !strcmp(r, role))
			return json_str(x, "date");
	}
	return NULL;
}

static const char *country_of(const json_t *rec, const char *role)
{
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(rec, "countries"), i, x)
	{
		const char *r = json_str(x, "role");
		if (r && !strcmp(r, role) && json_str(x, "code"))
			return json_str(x, "code");
	}
	return "";
}

static json_t *addresses(const json_t *rec)
{
	json_t *a = json_array();
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(rec, "addresses"), i, x)
	{
		const char *f = json_str(x, "full"), *c = json_str(x, "city"),
			   *r = json_str(x, "region"),
			   *p = json_str(x, "postal"),
			   *k = json_str(x, "country");
		json_array_append_new(
		    a, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:f,s:f}", "line1",
				 f ? f : "", "line2", "", "city", c ? c : "",
				 "postalCode", p ? p : "", "state", r ? r : "",
				 "country", k ? k : "", "latitude", 0.0,
				 "longitude", 0.0));
	}
	return strings_or_null(a);
}

/* The type-specific part of an entity. */
static void type_part(json_t *e, const char *type, const char *name,
		      const json_t *rec)
{
	const char *keys[] = {"person", "business", "organization", "aircraft",
			      "vessel"};
	for (size_t i = 0; i < 5; i++)
		json_object_set_new(e, keys[i], json_null());
	if (!strcmp(type, "person")) {
		const char *g = rec ? json_str(rec, "gender") : NULL;
		json_object_set_new(
		    e, "person",
		    json_pack(
			"{s:s,s:o,s:s,s:o,s:o,s:n,s:o}", "name", name,
			"altNames", rec ? alt_names(rec, name) : json_null(),
			"gender", g ? g : "unknown", "birthDate",
			rfc3339(rec ? dated(rec, "birth") : NULL), "deathDate",
			rfc3339(rec ? dated(rec, "death") : NULL), "titles",
			"governmentIDs",
			rec ? government_ids(rec) : json_null()));
	} else if (!strcmp(type, "business")) {
		json_object_set_new(
		    e, "business",
		    json_pack("{s:s,s:o,s:o,s:n,s:o}", "name", name, "altNames",
			      rec ? alt_names(rec, name) : json_null(),
			      "created",
			      rfc3339(rec ? dated(rec, "incorporation") : NULL),
			      "dissolved", "governmentIDs",
			      rec ? government_ids(rec) : json_null()));
	} else if (!strcmp(type, "vessel")) {
		json_object_set_new(
		    e, "vessel",
		    json_pack("{s:s,s:o,s:s,s:s,s:s,s:n,s:s,s:i,s:s,s:s,"
			      "s:i,s:s}",
			      "name", name, "altNames",
			      rec ? alt_names(rec, name) : json_null(),
			      "imoNumber", "", "type", "", "flag",
			      rec ? country_of(rec, "flag") : "", "built",
			      "model", "", "tonnage", 0, "mmsi", "", "callSign",
			      "", "grossRegisteredTonnage", 0, "owner", ""));
	} else if (!strcmp(type, "aircraft")) {
		json_object_set_new(
		    e, "aircraft",
		    json_pack("{s:s,s:o,s:s,s:s,s:n,s:s,s:s,s:s}", "name", name,
			      "altNames",
			      rec ? alt_names(rec, name) : json_null(), "type",
			      "", "flag", rec ? country_of(rec, "flag") : "",
			      "built", "icaoCode", "", "model", "",
			      "serialNumber", ""));
	}
}

/* The parts every entity has, empty. */
static void common_part(json_t *e)
{
	json_object_set_new(e, "contact",
			    json_pack("{s:n,s:n,s:n,s:n}", "emailAddresses",
				      "phoneNumbers", "faxNumbers",
				      "websites"));
	json_object_set_new(e, "addresses", json_null());
	json_object_set_new(e, "cryptoAddresses", json_null());
	json_object_set_new(e, "affiliations", json_null());
	json_object_set_new(e, "sanctionsInfo", json_null());
	json_object_set_new(e, "historicalInfo", json_null());
	json_object_set_new(e, "sourceData", json_null());
}

/* One hit as a watchman SearchedEntity; rec (stolen) is licit's record. */
static json_t *hit_entity(const licit_screen_hit *hit, json_t *rec)
{
	const char *type = entity_type(licit_schema_name(hit->schema));
	const char *colon = strchr(hit->entity_id, ':');
	const char *list = source_list(hit->source);
	json_t *e =
	    json_pack("{s:s,s:s,s:s,s:s}", "name", hit->name, "entityType",
		      type, "sourceList", list ? list : hit->source, "sourceID",
		      colon ? colon + 1 : hit->entity_id);
	if (!e) {
		json_decref(rec);
		return NULL;
	}
	type_part(e, type, hit->name, rec);
	common_part(e);
	if (rec) {
		json_t *programs =
		    json_deep_copy(json_object_get(rec, "programs"));
		const char *remarks = json_str(rec, "remarks");
		json_object_set_new(e, "addresses", addresses(rec));
		json_object_set_new(
		    e, "sanctionsInfo",
		    json_pack(
			"{s:o,s:b,s:s}", "programs",
			strings_or_null(programs ? programs : json_array()),
			"secondary", 0, "description", remarks ? remarks : ""));
		json_object_del(rec, "origin");
		json_object_set_new(e, "sourceData", rec);
	}
	json_object_set_new(
	    e, "match",
	    json_real((double)(long)(hit->score * 10000 + 0.5) / 10000.0));
	return e;
}

static json_t *query_entity(const char *name, const char *type,
			    const char *birth, const char *gender)
{
	json_t *e = json_pack("{s:s,s:s,s:s,s:s}", "name", name, "entityType",
			      type ? type : "", "sourceList", "api-request",
			      "sourceID", "");
	if (!e)
		return NULL;
	type_part(e, type ? type : "", name, NULL);
	json_t *p = json_object_get(e, "person");
	if (json_is_object(p)) {
		json_object_set_new(p, "birthDate", rfc3339(birth));
		json_object_set_new(p, "gender",
				    json_string(gender ? gender : "unknown"));
	}
	common_part(e);
	return e;
}

static licit_schema type_schema(const char *type)
{
	if (!type)
		return LICIT_SCHEMA_UNKNOWN;
	if (!strcmp(type, "person"))
		return LICIT_SCHEMA_PERSON;
	if (!strcmp(type, "business") || !strcmp(type, "organization"))
		return LICIT_SCHEMA_ORGANIZATION;
	if (!strcmp(type, "vessel"))
		return LICIT_SCHEMA_VESSEL;
	if (!strcmp(type, "aircraft"))
		return LICIT_SCHEMA_AIRCRAFT;
	return (licit_schema)-1;
}

void watchman_search(server *s, http_request *rq, http_reply *rp)
{
	static const char *const allowed[] = {
	    "name",	 "type",   "limit",	"minMatch",
	    "birthDate", "gender", "requestID", NULL};
	rq->plain_errors = 1;
	if (request_check_params(rq, rp, allowed, NULL) < 0)
		return;
	licit_query q;
	memset(&q, 0, sizeof(q));
	q.name = request_param(rq, "name");
	if (!q.name || !*q.name) {
		reply_error(rq, rp, 400, "missing_field", "name",
			    "missing name: /v2/search?name=...");
		return;
	}
	const char *type = request_param(rq, "type");
	q.schema = type_schema(type);
	if ((int)q.schema < 0) {
		reply_error(rq, rp, 400, "invalid_value", "type",
			    "type is person, business, organization, "
			    "aircraft or vessel");
		return;
	}
	q.birth_date = request_param(rq, "birthDate");
	q.gender = request_param(rq, "gender");
	long limit = 10;
	double min_match = licit_default_threshold();
	const char *v;
	if ((v = request_param(rq, "limit")) &&
	    request_parse_int(rq, rp, "limit", v, 1, WATCHMAN_MAX_LIMIT,
			      &limit) < 0)
		return;
	if ((v = request_param(rq, "minMatch")) &&
	    request_parse_real(rq, rp, "minMatch", v, 0, 1, &min_match) < 0)
		return;
	if (request_check_date(rq, rp, "birthDate", q.birth_date) < 0 ||
	    request_check_gender(rq, rp, "gender", q.gender) < 0)
		return;
	licit *h = worker_handle(s);
	if (need_snapshot(h, rq, rp) < 0)
		return;
	licit_screen_hit hits[WATCHMAN_MAX_LIMIT];
	size_t n = 0;
	licit_status st =
	    licit_screen(h, &q, min_match, (size_t)limit, hits, &n, NULL);
	if (st != LICIT_OK) {
		reply_internal(rq, rp, h, st);
		return;
	}
	json_t *ents = json_array();
	for (size_t i = 0; i < n; i++) {
		char *rec = NULL;
		json_t *r = NULL;
		if (licit_entity_json(h, hits[i].entity_id, &rec) == LICIT_OK)
			r = json_loads(rec, 0, NULL);
		licit_free(rec);
		json_array_append_new(ents, hit_entity(&hits[i], r));
	}
	reply_json(rq, rp, 200,
		   json_pack("{s:o,s:o}", "query",
			     query_entity(q.name, type, q.birth_date, q.gender),
			     "entities", ents));
}

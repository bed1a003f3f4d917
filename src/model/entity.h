/*
 * entity.h - the listed party as licit sees it, whatever list it came from.
 *
 * Parsers build entities into an entity_set; every string and array lives in
 * the set's arena and dies with entity_set_release. The ent_add_* helpers
 * copy their string arguments, trim surrounding white space, and ignore
 * NULL or empty values, so parsers can pass fields straight through.
 * Allocation failure is sticky (set->mem.failed): check entity_set_ok()
 * once at the end of a parse.
 */
#ifndef LICIT_ENTITY_H
#define LICIT_ENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "licit.h"
#include "util/arena.h"
#include "model/date.h"

typedef enum name_kind {
	NAME_PRIMARY = 0, /* the name the entry is listed under */
	NAME_STRONG = 1,  /* a good-quality alias: a.k.a., f.k.a., n.k.a. */
	NAME_WEAK = 2,    /* a low-quality alias (OFAC "weak", UN "Low") */
} name_kind;

typedef struct ent_name {
	const char *full;     /* as listed */
	const char *original; /* the original-script form the list gives
				 next to a transliteration, or NULL */
	const char *lang;     /* language or script tag from the list, or NULL */
	uint8_t kind;         /* name_kind */
	uint8_t former;       /* 1 for f.k.a. / former names */
} ent_name;

/* Identifier types are lowercase slugs: "passport", "national-id",
 * "tax-id", "registration", "imo", "mmsi", "call-sign", "swift-bic",
 * "aircraft-serial", "other", ... */
typedef struct ent_ident {
	const char *type;
	const char *value;   /* as listed */
	const char *note;    /* issuer, dates, remarks; or NULL */
	char country[3];     /* ISO 3166-1 alpha-2 or "" */
} ent_ident;

typedef struct ent_addr {
	const char *full; /* street lines and city joined by ", " */
	const char *city;
	const char *region;
	const char *postal;
	char country[3];
} ent_addr;

typedef enum country_role {
	COUNTRY_NATIONALITY = 1,
	COUNTRY_CITIZENSHIP = 2,
	COUNTRY_JURISDICTION = 3, /* organizations: where registered */
	COUNTRY_RESIDENCE = 4,
	COUNTRY_BIRTH = 5,
	COUNTRY_FLAG = 6,         /* vessels, aircraft */
	COUNTRY_OTHER = 7,        /* "country" without a stated role */
} country_role;

typedef struct ent_country {
	char code[3];    /* ISO alpha-2, or "" when `raw` could not be mapped */
	uint8_t role;    /* country_role */
	const char *raw; /* the text as listed */
} ent_country;

typedef enum date_role {
	DATE_BIRTH = 1,
	DATE_DEATH = 2,
	DATE_INCORPORATION = 3,
} date_role;

typedef struct ent_date {
	uint8_t role; /* date_role */
	pdate date;
	pdate until;  /* for ranges ("1960 to 1962"); year 0 otherwise */
} ent_date;

typedef struct ent_attr {
	const char *key; /* lowercase slug: "title", "position",
			    "federal_register_notice", "license_requirement",
			    "license_policy", "birth_place", "vessel_type" ... */
	const char *value;
} ent_attr;

enum { GENDER_UNKNOWN = 0, GENDER_MALE = 1, GENDER_FEMALE = 2 };

typedef struct entity {
	const char *id;        /* "<source id>:<publisher's id>", unique */
	const char *source_id; /* e.g. "us-ofac-sdn" */
	uint8_t schema;        /* licit_schema */
	uint8_t gender;
	pdate listed;          /* listing / start date, year 0 if unknown */
	const char *remarks;
	const char *origin_file; /* where the record was read */
	uint64_t origin_line;    /* 1-based line (or record number) */

	ent_name *names;
	ent_ident *idents;
	ent_addr *addrs;
	ent_country *countries;
	ent_date *dates;
	const char **programs; /* sanction programmes / regimes */
	const char **lists;    /* list names ("Entity List (EL) - ...") */
	ent_attr *attrs;
	uint32_t n_names, n_idents, n_addrs, n_countries, n_dates, n_programs,
		n_lists, n_attrs;
	size_t cap_names, cap_idents, cap_addrs, cap_countries, cap_dates,
		cap_programs, cap_lists, cap_attrs;
} entity;

typedef struct entity_set {
	arena mem;
	entity **items; /* licit__malloc'd array of arena entities */
	size_t n, cap;
	int failed;
} entity_set;

void entity_set_init(entity_set *s);
void entity_set_release(entity_set *s);
/* 1 if no allocation failed. */
int entity_set_ok(const entity_set *s);

/* A new zeroed entity appended to the set, or NULL when out of memory. */
entity *entity_set_add(entity_set *s);

/* Remove the last entity added (a record that turned out unusable). */
void entity_set_drop_last(entity_set *s);

/* A trimmed copy of s in the set's arena; NULL for NULL or blank input. */
const char *ent_str(entity_set *s, const char *str);
const char *ent_strn(entity_set *s, const char *str, size_t n);

/* The entity's id: "<source_id>:<local>" (copied). */
void ent_set_id(entity_set *s, entity *e, const char *source_id,
		const char *local);

/* Each returns 1 if something was added, 0 if the value was empty or a
 * duplicate of one already present, -1 when out of memory. */
int ent_add_name(entity_set *s, entity *e, name_kind kind, const char *full,
		 const char *original, const char *lang);
int ent_add_ident(entity_set *s, entity *e, const char *type,
		  const char *value, const char *country, const char *note);
int ent_add_addr(entity_set *s, entity *e, const char *full, const char *city,
		 const char *region, const char *postal, const char *country);
/* `country` may be an ISO code or a name; it is mapped with country_code()
 * and kept raw as listed. */
int ent_add_country(entity_set *s, entity *e, country_role role,
		    const char *country);
int ent_add_date(entity_set *s, entity *e, date_role role, pdate d,
		 pdate until);
int ent_add_program(entity_set *s, entity *e, const char *program);
int ent_add_list(entity_set *s, entity *e, const char *list);
int ent_add_attr(entity_set *s, entity *e, const char *key,
		 const char *value);

/* Lowercase names of the enums above, for facts and JSON: "primary",
 * "nationality", "birth", "male" ... ("" for unknown values); static. */
const char *name_kind_name(unsigned kind);
const char *country_role_name(unsigned role);
const char *date_role_name(unsigned role);
const char *gender_name(unsigned gender);

/* The entity's primary name, or its first name, or "". */
const char *ent_primary_name(const entity *e);

/* "person" -> LICIT_SCHEMA_PERSON etc., case-insensitive; also
 * "individual", "entity"/"company"/"legalentity" (organization), "ship"
 * (vessel). Unknown: LICIT_SCHEMA_UNKNOWN. */
licit_schema schema_from_text(const char *s);

/* The schema of a FollowTheMoney schema name, matched exactly: "Person";
 * "Organization", "Company", "LegalEntity", "PublicBody" (organization);
 * "Vessel"; "Aircraft". Any other: LICIT_SCHEMA_UNKNOWN. For the
 * OpenSanctions exports (ftm-json, os-simple-csv). */
licit_schema schema_from_ftm(const char *name);

#endif

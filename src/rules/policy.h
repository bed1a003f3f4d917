/*
 * policy.h - the policy model of the rules engine: regimes with their
 * country groups, items, rules and dates, and the vocabulary they share.
 *
 * A policy_set holds the common vocabulary (data/policies/common.yaml and
 * the ISO 3166-1 table) and one policy per regime, all parsed from YAML
 * (docs/policy-format.md) into one arena. Loading checks everything a rule
 * can refer to (groups, items, countries, regions, end-user types, end uses,
 * party lists, sources), rejects group cycles and contradicting rules, and
 * reports the file and line of the first problem. Once loaded, a set is
 * never changed: any number of threads may evaluate against it.
 *
 * Evaluation (rules_check in eval.c) is three-valued: a condition is true,
 * false or unknown (a fact the query does not give, a country list known
 * only in part). Unknown never becomes "allowed": it becomes `review` with
 * the reason, unless the rule says what it assumes.
 */
#ifndef LICIT_RULES_POLICY_H
#define LICIT_RULES_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/error.h"

/* A calendar date as YYYYMMDD; 0 sorts before every date, RDATE_OPEN
 * after. */
typedef int32_t rdate;
#define RDATE_OPEN 99991231

/* Parse exactly "YYYY-MM-DD" (a real calendar day, years 1900..2999) from
 * s[0..n). Returns 0, or -1 if it is not such a date. */
int rdate_parse(const char *s, size_t n, rdate *out);
/* "YYYY-MM-DD" into out[11]; "" for 0 or RDATE_OPEN. */
void rdate_format(rdate d, char out[11]);
/* Today's date (UTC). */
rdate rdate_today(void);
/* 1 if from <= d < until. */
static inline int rdate_in(rdate d, rdate from, rdate until)
{
	return d >= from && d < until;
}

/* A set of two-letter country codes, one bit per code. */
#define CSET_BITS  (26 * 26)
#define CSET_WORDS ((CSET_BITS + 63) / 64)
typedef struct cset {
	uint64_t w[CSET_WORDS];
} cset;

/* The bit of a two-letter uppercase code, or -1. */
static inline int cc_index(const char *cc)
{
	if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' ||
	    cc[2])
		return -1;
	return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}
static inline int cset_has(const cset *s, int i)
{
	return i >= 0 && (s->w[i / 64] >> (i % 64) & 1);
}
static inline void cset_add(cset *s, int i)
{
	s->w[i / 64] |= (uint64_t)1 << (i % 64);
}
/* The code of bit i into out[3]. */
static inline void cc_code(int i, char out[3])
{
	out[0] = (char)('A' + i / 26);
	out[1] = (char)('A' + i % 26);
	out[2] = '\0';
}

/* Three-valued truth: ordered so that AND is min and OR is max. */
enum { TV_F = 0, TV_U = 1, TV_T = 2 };

/*
 * Effects, ordered from least to most restrictive (the decision is the
 * maximum). EFF_UNAVAILABLE is a rule kind, never a result: it withdraws a
 * named licence exception.
 */
enum {
	EFF_NLR = 0,	    /* no-licence-required */
	EFF_EXCEPTION = 1,  /* licence-exception (offers a named exception) */
	EFF_REVIEW = 2,	    /* review */
	EFF_LICENCE = 3,    /* licence-required */
	EFF_PROHIBITED = 4, /* prohibited */
	EFF_UNAVAILABLE = 5 /* exception-unavailable */
};
/* "no-licence-required" ... "exception-unavailable"; static. */
const char *effect_name(int effect);
/* The effect named `s`, or -1. */
int effect_parse(const char *s);

/* Where a fact comes from. `source` names an entry of the file's sources
 * (or NULL); `verification` is one of verified_primary,
 * verified_secondary, third_party_data, unverified (NULL: not stated). */
typedef struct prov {
	const char *source, *verification, *note;
} prov;

typedef struct source_def {
	const char *id, *title, *url, *note;
} source_def;

/* A term of a vocabulary tree (end-user types, end uses). */
typedef struct vterm {
	const char *name, *title;
	int parent; /* index, or -1 */
} vterm;

typedef struct region {
	const char *code, *name, *note;
	int country; /* cc_index */
	int part_of; /* index of the region it lies within, or -1 */
	prov p;
} region;

typedef struct party_match {
	const char *source; /* may end in '*' */
	const char *list;   /* NULL: any */
} party_match;

typedef struct party_kind {
	const char *name, *title;
	party_match *m;
	size_t n_m;
} party_kind;

#define MAX_PARTY_KINDS 32

/* One dated statement about a group's members. */
typedef struct member_entry {
	rdate from, until;
	cset countries;	  /* members while in force */
	cset unknown;	  /* may or may not be members (with `reason`) */
	uint16_t *groups; /* every member of these groups is a member */
	size_t n_groups;
	const char *reason;
	prov p;
} member_entry;

/* While in force, a country not listed is of unknown membership. */
typedef struct incomplete {
	rdate from, until;
	const char *reason;
	prov p;
} incomplete;

typedef struct rgroup {
	const char *name, *title, *citation;
	prov p;
	member_entry *m;
	size_t n_m;
	incomplete *inc;
	size_t n_inc;
	int line;
} rgroup;

typedef struct ritem {
	const char *code, *title;
	prov p;
} ritem;

enum { T_ITEMS, T_DEST, T_REGIONS, T_EUT, T_EUSE, T_PARTY };

/* One test of a condition: the query's fact is among `vals`. */
typedef struct rtest {
	uint8_t kind, negate;
	const char **vals; /* as written */
	size_t n;
	cset countries; /* T_DEST: the plain country codes */
	uint16_t *idx;	/* T_DEST: groups; T_REGIONS/T_EUT/T_EUSE: terms */
	size_t n_idx;
	uint32_t mask; /* T_PARTY: party kinds */
} rtest;

/* All tests must hold and no `unless` block may; `uncertain` turns true
 * into unknown (a fact only partly verified). An `unless` block may say
 * `unknown: assume-not` so that a fact the query leaves out does not
 * lift the rule (the restrictive reading), with what is assumed. */
typedef struct rcond {
	rtest *t;
	size_t n;
	struct rcond *unless;
	size_t n_unless;
	const char *uncertain;
	const char *assumes; /* an `unless` block with `unknown: assume-not`:
				unknown counts as false, and this is said */
	rdate from, until;
} rcond;

typedef struct rrule {
	const char *id, *title, *citation, *licence, *review_policy, *note;
	const char *assumes;   /* with assume_not: the assumption stated */
	const char *exception; /* EFF_EXCEPTION / EFF_UNAVAILABLE: its name */
	const char **allowed;  /* exceptions a licence rule lets apply */
	size_t n_allowed;
	const char **obligations;
	size_t n_obligations;
	prov p;
	rdate from, until;
	uint8_t effect;
	uint8_t no_exceptions; /* `exceptions: none` */
	uint8_t assume_not;    /* `unknown: assume-not` */
	uint8_t policy_from_entry;
	uint8_t has_party; /* a T_PARTY test: evaluated per party hit */
	rcond when;
	const char *canon; /* the conditions written canonically */
	int line;
} rrule;

typedef struct policy {
	const char *id, *title, *jurisdiction, *authority, *file;
	char sha256[65];
	rdate from, until; /* what the policy covers */
	prov covers;
	source_def *sources;
	size_t n_sources;
	rgroup *groups;
	size_t n_groups;
	ritem *items;
	size_t n_items;
	rrule *rules;
	size_t n_rules;
	rdate *bounds; /* sorted dates where something changes */
	size_t n_bounds;
} policy;

/* The vocabulary every policy shares (common.yaml + iso3166.tsv). */
typedef struct vocab {
	cset assigned, retired, user_assigned;
	const char *name[CSET_BITS];  /* country names */
	const char *cnote[CSET_BITS]; /* retired: "replaced by ..."; user-
					 assigned: the note */
	prov cprov[CSET_BITS];
	region *regions;
	size_t n_regions;
	vterm *eut, *euse;
	size_t n_eut, n_euse;
	party_kind *kinds;
	size_t n_kinds;
	policy party; /* the rules on party hits that apply to every check */
	int loaded;
} vocab;

#define MAX_POLICIES 16

typedef struct policy_set {
	arena mem;
	vocab v;
	policy p[MAX_POLICIES];
	size_t n;
} policy_set;

/* An empty set; load the vocabulary first, then the policies. */
void policy_set_init(policy_set *ps);
void policy_set_release(policy_set *ps);

/*
 * Parse the common vocabulary from `text` (len bytes, YAML, named `name`
 * in messages) and the ISO 3166-1 table `iso` (TSV). Must come before any
 * policy. Errors: LICIT_EPARSE with "<name>:<line>: <what>".
 */
licit_status policy_set_vocab(policy_set *ps, const char *text, size_t len,
			      const char *name, const char *iso, size_t iso_len,
			      errinfo *e);

/*
 * Parse one regime's policy and add it. A second policy with the same id
 * is an error. On error the set is unchanged apart from arena memory.
 */
licit_status policy_set_add(policy_set *ps, const char *text, size_t len,
			    const char *name, errinfo *e);

/* 1 if `text` declares `kind: common` at its top level (a cheap look). */
int policy_text_is_common(const char *text, size_t len);

/* The policy with this id, or NULL. */
const policy *policy_set_find(const policy_set *ps, const char *id);

/* The version of p in force on d: the latest change date <= d (the
 * coverage start at least); 0 when p does not cover d. */
rdate policy_version(const policy *p, rdate d);

/* Index of a term, region or party kind by name, or -1. */
int vocab_eut(const vocab *v, const char *name);
int vocab_euse(const vocab *v, const char *name);
int vocab_region(const vocab *v, const char *code);
int vocab_kind(const vocab *v, const char *name);

/* 1 if term a is b or lies below it in the tree `t`. */
int vterm_within(const vterm *t, int a, int b);

/* The group named `name` in p, or -1. */
int policy_group(const policy *p, const char *name);

/*
 * Control codes. An ECCN is a digit, a letter A-E, three digits, then any
 * number of ".x" paragraphs (4D004, 5A001.j, 5A001.j.1). Codes a policy
 * lists that are not ECCNs (EAR99, CS-UNLISTED) have no hierarchy.
 * item_normalize writes the canonical spelling (4d004 -> 4D004, 5A001.J ->
 * 5A001.j) into out (at most cap bytes) and returns 0, or -1 if `code` is
 * neither an ECCN nor made of letters, digits, '-' and '.'.
 */
int item_normalize(const char *code, char *out, size_t cap);
int item_is_eccn(const char *code);
/* 1 if a is b or lies below it (5A001.j.1 within 5A001.j within 5A001). */
int item_within(const char *a, const char *b);

#endif

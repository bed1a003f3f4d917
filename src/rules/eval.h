/*
 * eval.h - evaluating a transaction against policies on a date.
 *
 * The caller validates the query (rules_query_prepare), screens the end
 * user and passes the hits as parties; rules_check then evaluates every
 * named policy and the common party rules and writes the decision, per
 * regime the effect with every rule that applied, was unknown or (for
 * licence exceptions) was not met, and per party hit its effect.
 *
 * All results live in the arena the caller passes and point into the
 * policy set, which must outlive them. rules_check reads the set only, so
 * threads may share one set, each with its own arena.
 */
#ifndef LICIT_RULES_EVAL_H
#define LICIT_RULES_EVAL_H

#include "rules/policy.h"

/* A screening hit on the end user, as the rules see it. */
typedef struct party_in {
	const char *entity_id, *source, *name, *matched_name;
	double score;
	const char **lists; /* list names (CSL rows keep theirs) */
	size_t n_lists;
	rdate listed; /* listing date; 0 when the list gives none */
	const char *license_requirement, *license_policy, *frn;
} party_in;

/* A validated query. */
typedef struct check_in {
	char item[48]; /* normalized control code */
	char dest[3];  /* ISO 3166-1 alpha-2 (or a user-assigned code) */
	int dest_idx;
	const char *region; /* as given, or NULL */
	int region_idx;	    /* its index in the vocabulary, or -1 */
	int eut, euse;	    /* term indexes, or -1 when not given */
	rdate as_of;
	const party_in *parties;
	size_t n_parties;
} check_in;

/*
 * Validate and normalize a query: the control code, destination, region,
 * end-user type, end use and date (NULL as_of: `today`). A code that is
 * not a control code, a destination that is not a country (retired codes
 * name their successors), a region outside the destination, an unknown
 * type or use, are LICIT_EINVAL with a message saying what to give.
 */
licit_status rules_query_prepare(const policy_set *ps, const char *item,
				 const char *dest, const char *region,
				 const char *eut, const char *euse,
				 const char *as_of, rdate today, check_in *in,
				 errinfo *e);

typedef struct fact {
	const char *text, *source, *verification;
} fact;

enum { OUT_APPLIES = 1, OUT_UNKNOWN = 2, OUT_NOT_MET = 3, OUT_ASSUMED = 4 };
const char *out_status_name(int status);

typedef struct rule_out {
	const rrule *r;
	const policy *p;
	int status;
	const char **reasons; /* why unknown */
	size_t n_reasons;
	fact *facts; /* group memberships it relied on */
	size_t n_facts;
	const char **assumed; /* what `unless` blocks assumed of unknowns */
	size_t n_assumed;
	int party; /* the party hit it fired on, or -1 */
} rule_out;

typedef struct exception_out {
	const char *name;
	int available; /* TV_T, TV_U or TV_F */
	int allowed;   /* the licence rules let it apply */
} exception_out;

typedef struct regime_out {
	const policy *p;
	rdate version; /* 0: the policy does not cover the date */
	int effect;
	const char *exception, *licence, *review_policy;
	rule_out *rules;
	size_t n_rules;
	const char **reasons, **assumptions, **obligations, **unverified;
	size_t n_reasons, n_assumptions, n_obligations, n_unverified;
	exception_out *exc;
	size_t n_exc;
} regime_out;

typedef struct party_out {
	int counts; /* listed on or before the date (or undated) */
	int effect;
	uint32_t kinds;	 /* party-list kinds it belongs to */
	rule_out *rules; /* common and regime rules that fired on it */
	size_t n_rules;
	const char *reason; /* when no rule covers it */
} party_out;

typedef struct check_out {
	int decision;
	regime_out *regimes;
	size_t n_regimes;
	party_out *parties; /* one per input party */
	const char **notes;
	size_t n_notes;
} check_out;

/*
 * Evaluate `in` against the policies regimes[0..n) and the common party
 * rules. Returns LICIT_OK or LICIT_ENOMEM.
 */
licit_status rules_check(const policy_set *ps, const check_in *in,
			 const policy *const *regimes, size_t n, arena *a,
			 check_out *out);

#endif

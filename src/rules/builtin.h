/*
 * builtin.h - making a policy_set from the policies compiled into the
 * library, or from policy files.
 */
#ifndef LICIT_RULES_BUILTIN_H
#define LICIT_RULES_BUILTIN_H

#include "rules/policy.h"

/* Initialise ps with the built-in vocabulary and the policies us-ear-cyber,
 * eu-2021-821 and il-deca-cyber. On error ps is released. */
licit_status policy_set_builtin(policy_set *ps, errinfo *e);

/* Initialise ps with the built-in vocabulary only (policies are added
 * with policy_set_add). On error ps is released. */
licit_status policy_set_common(policy_set *ps, errinfo *e);

/* Initialise ps from the policy files paths[0..n): the one with `kind:
 * common` (if any) gives the vocabulary, else the built-in one does. */
licit_status policy_set_files(policy_set *ps, const char *const *paths,
			      size_t n, errinfo *e);

#endif

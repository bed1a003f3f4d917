/*
 * fuzz_policy.c - libFuzzer target for the policy loader (YAML via
 * libfyaml, then every check of load.c) and, when a policy loads, for the
 * evaluator over it: any bytes, no crash, leak or out-of-bounds read.
 *
 * The first byte chooses the role of the rest: even, a regime's policy
 * added to the built-in vocabulary; odd, a common vocabulary file.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rules/builtin.h"
#include "rules/eval.h"

extern const unsigned char licit_policy_iso3166_tsv[];
extern const size_t licit_policy_iso3166_tsv_len;

/* A few checks over every item of the policy just loaded. */
static void evaluate(const policy_set *ps, const policy *p)
{
	static const char *const dests[] = {"FR", "CN", "MX", "UA", "XK"};
	static const char *const euts[] = {NULL, "government", "commercial"};
	for (size_t i = 0; i < p->n_items && i < 8; i++)
		for (size_t d = 0; d < sizeof(dests) / sizeof(*dests); d++)
			for (size_t u = 0; u < 3; u++) {
				check_in in;
				errinfo e;
				if (rules_query_prepare(
					ps, p->items[i].code, dests[d], NULL,
					euts[u], NULL, "2021-11-15", 20260101,
					&in, &e) != LICIT_OK)
					continue;
				arena a;
				arena_init(&a);
				check_out out;
				const policy *const regimes[1] = {p};
				(void)rules_check(ps, &in, regimes, 1, &a,
						  &out);
				arena_release(&a);
			}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	policy_set ps;
	errinfo e;
	err_clear(&e);
	if (data[0] & 1) {
		policy_set_init(&ps);
		(void)policy_set_vocab(&ps, text, len, "fuzz-input",
				       (const char *)licit_policy_iso3166_tsv,
				       licit_policy_iso3166_tsv_len, &e);
		policy_set_release(&ps);
		return 0;
	}
	if (policy_set_common(&ps, &e) != LICIT_OK)
		return 0;
	if (policy_set_add(&ps, text, len, "fuzz-input", &e) == LICIT_OK)
		evaluate(&ps, &ps.p[0]);
	policy_set_release(&ps);
	return 0;
}

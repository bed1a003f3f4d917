/*
 * builtin.c - the policies compiled into the library (the data/policies/ YAML
 * files and iso3166.tsv, embedded at build time by tools/embed), and loading a
 * set from policy files on disk instead.
 *
 * A set from files takes the common vocabulary from the one file that says
 * `kind: common`, else from the built-in common.yaml, so a user can check
 * against a policy of their own without copying the vocabulary.
 */
#include "rules/builtin.h"

#include <stdio.h>
#include <string.h>

#include "util/fileio.h"
#include "banned.h"

extern const unsigned char licit_policy_common_yaml[];
extern const size_t licit_policy_common_yaml_len;
extern const unsigned char licit_policy_iso3166_tsv[];
extern const size_t licit_policy_iso3166_tsv_len;
extern const unsigned char licit_policy_us_ear_cyber_yaml[];
extern const size_t licit_policy_us_ear_cyber_yaml_len;
extern const unsigned char licit_policy_eu_2021_821_yaml[];
extern const size_t licit_policy_eu_2021_821_yaml_len;
extern const unsigned char licit_policy_il_deca_cyber_yaml[];
extern const size_t licit_policy_il_deca_cyber_yaml_len;

static licit_status load_common(policy_set *ps, const char *text, size_t len,
				const char *name, errinfo *e)
{
	return policy_set_vocab(ps, text, len, name,
				(const char *)licit_policy_iso3166_tsv,
				licit_policy_iso3166_tsv_len, e);
}

licit_status policy_set_common(policy_set *ps, errinfo *e)
{
	policy_set_init(ps);
	licit_status st = load_common(
	    ps, (const char *)licit_policy_common_yaml,
	    licit_policy_common_yaml_len, "data/policies/common.yaml", e);
	if (st != LICIT_OK)
		policy_set_release(ps);
	return st;
}

licit_status policy_set_builtin(policy_set *ps, errinfo *e)
{
	const struct {
		const unsigned char *data;
		size_t len;
		const char *name;
	} files[] = {
	    {licit_policy_us_ear_cyber_yaml, licit_policy_us_ear_cyber_yaml_len,
	     "data/policies/us-ear-cyber.yaml"},
	    {licit_policy_eu_2021_821_yaml, licit_policy_eu_2021_821_yaml_len,
	     "data/policies/eu-2021-821.yaml"},
	    {licit_policy_il_deca_cyber_yaml,
	     licit_policy_il_deca_cyber_yaml_len,
	     "data/policies/il-deca-cyber.yaml"},
	};
	licit_status st = policy_set_common(ps, e);
	if (st != LICIT_OK)
		return st;
	for (size_t i = 0; st == LICIT_OK && i < sizeof(files) / sizeof(*files);
	     i++)
		st = policy_set_add(ps, (const char *)files[i].data,
				    files[i].len, files[i].name, e);
	if (st != LICIT_OK)
		policy_set_release(ps);
	return st;
}

licit_status policy_set_files(policy_set *ps, const char *const *paths,
			      size_t n, errinfo *e)
{
	policy_set_init(ps);
	file_map *maps = arena_calloc(&ps->mem, (n ? n : 1) * sizeof(*maps));
	if (!maps)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	licit_status st = LICIT_OK;
	size_t opened = 0;
	int common = -1;
	for (; opened < n && st == LICIT_OK; opened++) {
		st = file_map_open(&maps[opened], paths[opened], e);
		if (st != LICIT_OK)
			break;
		if (policy_text_is_common((const char *)maps[opened].data,
					  maps[opened].len)) {
			if (common >= 0)
				st = err_set(e, LICIT_EINVAL,
					     "'%s' and '%s' are both common "
					     "files: give one",
					     paths[common], paths[opened]);
			common = (int)opened;
		}
	}
	if (st == LICIT_OK)
		st = common >= 0
			 ? load_common(ps, (const char *)maps[common].data,
				       maps[common].len, paths[common], e)
			 : load_common(ps,
				       (const char *)licit_policy_common_yaml,
				       licit_policy_common_yaml_len,
				       "data/policies/common.yaml", e);
	for (size_t i = 0; st == LICIT_OK && i < n; i++)
		if ((int)i != common)
			st = policy_set_add(ps, (const char *)maps[i].data,
					    maps[i].len, paths[i], e);
	for (size_t i = 0; i < opened; i++)
		file_map_release(&maps[i]);
	if (st == LICIT_OK && !ps->n)
		st =
		    err_set(e, LICIT_EINVAL, "no policy among the files given");
	if (st != LICIT_OK)
		policy_set_release(ps);
	return st;
}

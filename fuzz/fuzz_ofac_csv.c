/*
 * fuzz_ofac_csv.c - libFuzzer target for the OFAC legacy CSV parser
 * (sdn.csv / cons_prim.csv and the remarks items inside them). Companion
 * files are never found here; their rows go through the same reader.
 */
#include "fuzz_common.h"
FUZZ_PARSER(fmt_ofac_csv)

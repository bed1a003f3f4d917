/*
 * fuzz_csl_csv.c - libFuzzer target for the trade.gov Consolidated
 * Screening List CSV parser (csl-csv): any bytes, no crash, leak or
 * out-of-bounds read.
 */
#include "fuzz_common.h"
FUZZ_PARSER(fmt_csl_csv)

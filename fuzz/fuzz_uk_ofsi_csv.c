/*
 * fuzz_uk_ofsi_csv.c - libFuzzer target for the UK OFSI ConList.csv
 * parser (uk-ofsi-csv): any bytes, no crash, leak or out-of-bounds read.
 */
#include "fuzz_common.h"
FUZZ_PARSER(fmt_uk_ofsi_csv)

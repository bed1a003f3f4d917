/*
 * fuzz_internal_csv.c - libFuzzer target for the internal_csv parser (internal block list CSV): any bytes
 * must parse or fail cleanly, without crash, leak or out-of-bounds read.
 */
#include "fuzz_common.h"
FUZZ_PARSER(fmt_internal_csv)

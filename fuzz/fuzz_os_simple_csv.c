/*
 * fuzz_os_simple_csv.c - libFuzzer target for the os_simple_csv parser (OpenSanctions targets.simple.csv): any bytes
 * must parse or fail cleanly, without crash, leak or out-of-bounds read.
 */
#include "fuzz_common.h"
FUZZ_PARSER(fmt_os_simple_csv)

/*
 * fuzz_dpl_txt.c - libFuzzer target for the BIS Denied Persons List
 * dpl.txt parser (dpl-txt): any bytes, no crash, leak or out-of-bounds
 * read.
 */
#include "fuzz_common.h"
FUZZ_PARSER(fmt_dpl_txt)

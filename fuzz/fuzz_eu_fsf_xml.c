/*
 * fuzz_eu_fsf_xml.c - libFuzzer target for the EU financial sanctions file
 * parser: any bytes must give entities or an error, never a crash, a leak
 * or an out-of-bounds read.
 */
#include "fuzz_common.h"

FUZZ_PARSER(fmt_eu_fsf_xml)

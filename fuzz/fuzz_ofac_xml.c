/*
 * fuzz_ofac_xml.c - libFuzzer target for the OFAC enhanced XML parser, fed
 * bare XML or a ZIP holding it: any bytes must give entities or an error,
 * never a crash, a leak or an out-of-bounds read.
 */
#include "fuzz_common.h"

FUZZ_PARSER(fmt_ofac_xml)

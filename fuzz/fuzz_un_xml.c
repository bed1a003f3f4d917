/*
 * fuzz_un_xml.c - libFuzzer target for the UN Security Council consolidated
 * list parser: any bytes must give entities or an error, never a crash, a
 * leak or an out-of-bounds read.
 */
#include "fuzz_common.h"

FUZZ_PARSER(fmt_un_xml)

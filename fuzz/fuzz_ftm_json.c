/*
 * fuzz_ftm_json.c - libFuzzer target for the ftm_json parser (OpenSanctions FollowTheMoney JSON lines): any bytes
 * must parse or fail cleanly, without crash, leak or out-of-bounds read.
 */
#include "fuzz_common.h"
FUZZ_PARSER(fmt_ftm_json)

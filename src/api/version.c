#include "licit.h"
const char *licit_version(void) { return "0.1.0"; }

#include <stdio.h>
#include "licit.h"
int main(void) { printf("%s\n", licit_version()); return 0; }

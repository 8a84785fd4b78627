#include "pset_sandbox.h"
int pset_placeholder(void) { return 0; }

// Declarations only (see include/FuzzDriver.h); the driver itself is in libFuzzer.
#include "FuzzDriver.h"

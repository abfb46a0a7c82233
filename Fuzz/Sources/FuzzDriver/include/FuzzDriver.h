#ifndef DESKBOT_FUZZ_DRIVER_H
#define DESKBOT_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`): parses the libFuzzer flags in argv and runs
/// `callback` on every input. Called from the targets' own `main`, because SwiftPM renames an executable's entry
/// point, so libFuzzer's `main` cannot be used.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif

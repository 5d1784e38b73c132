// libFuzzer's driver (compiler-rt FuzzerInterface.h), present when linking with -sanitize=fuzzer.
// SwiftPM gives every executable its own `main`, so the targets call the driver themselves.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

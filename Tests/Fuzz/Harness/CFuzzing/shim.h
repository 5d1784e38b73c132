// C declarations the fuzz targets need and Swift's Glibc module does not give them.
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt FuzzerInterface.h), present when linking with -sanitize=fuzzer.
// SwiftPM gives every executable its own `main`, so the targets call the driver themselves.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

// glibc's substring search (a GNU extension, hidden without _GNU_SOURCE): the naive matcher the
// rules target compares the Aho–Corasick automaton with.
void *memmem(const void *haystack, size_t haystackLength, const void *needle, size_t needleLength);

// glibc's substring search (a GNU extension, hidden from Swift's Glibc module without
// _GNU_SOURCE): the naive matcher the rules properties compare the Aho–Corasick automaton with.
// Its own module, not CFuzzing's, so that the in-suite fuzzer (FuzzTests) needs no libFuzzer.
#include <stddef.h>

void *memmem(const void *haystack, size_t haystackLength, const void *needle, size_t needleLength);

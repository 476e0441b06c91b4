// FUZZ_CHECK(condition): a property a fuzz target asserts. A failure prints
// the condition and aborts, which libFuzzer reports as a crash and saves the
// input that caused it. (assert() would vanish under NDEBUG.)
#pragma once
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                              \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)

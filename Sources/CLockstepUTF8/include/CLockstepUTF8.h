#ifndef CLOCKSTEP_UTF8_H
#define CLOCKSTEP_UTF8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the `count` bytes at `bytes` are well-formed UTF-8 (Unicode Table 3-7: no overlong
/// forms, no surrogates, nothing above U+10FFFF, no sequence cut off at the end), 0 otherwise.
/// `bytes` may be NULL when `count` is 0. Uses AVX2 when the CPU has it, portable C otherwise.
int lockstep_utf8_valid(const uint8_t *bytes, size_t count);

/// The same as `lockstep_utf8_valid`, always with the portable C loop (for tests).
int lockstep_utf8_valid_portable(const uint8_t *bytes, size_t count);

/// 1 when `lockstep_utf8_valid` uses AVX2 on this CPU, 0 otherwise.
int lockstep_utf8_accelerated(void);

#ifdef __cplusplus
}
#endif

#endif

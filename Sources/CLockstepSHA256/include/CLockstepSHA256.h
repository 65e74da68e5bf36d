#ifndef CLOCKSTEP_SHA256_H
#define CLOCKSTEP_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Runs the SHA-256 (FIPS 180-4) compression function over `block_count` consecutive 64-byte
/// blocks at `data`, updating the eight state words `state` in place. Uses the x86 SHA extensions
/// when the CPU has them (checked once with cpuid), the portable rounds otherwise.
void lockstep_sha256_blocks(uint32_t state[8], const void *data, size_t block_count);

/// The same as `lockstep_sha256_blocks`, always with the portable rounds (for tests).
void lockstep_sha256_blocks_portable(uint32_t state[8], const void *data, size_t block_count);

/// 1 when `lockstep_sha256_blocks` uses the x86 SHA extensions on this CPU, 0 otherwise.
int lockstep_sha256_accelerated(void);

#ifdef __cplusplus
}
#endif

#endif

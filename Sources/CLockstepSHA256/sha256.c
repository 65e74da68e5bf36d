// SHA-256 compression (FIPS 180-4): the x86 SHA extensions when the CPU has them, plain C rounds
// otherwise. Padding, lengths and digests are the Swift side's job; this file only runs blocks.

#include "CLockstepSHA256.h"

#if defined(__x86_64__) || defined(__i386__)
#define LOCKSTEP_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

// The round constants: the first 32 bits of the fractional parts of the cube roots of the first
// 64 primes. Aligned so the accelerated path can load four at a time.
static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// MARK: - Portable rounds

static inline uint32_t rotate_right(uint32_t value, unsigned count) {
  return (value >> count) | (value << (32 - count));
}

static inline uint32_t load_big_endian(const uint8_t *bytes) {
  return ((uint32_t)bytes[0] << 24) | ((uint32_t)bytes[1] << 16) | ((uint32_t)bytes[2] << 8)
    | (uint32_t)bytes[3];
}

void lockstep_sha256_blocks_portable(uint32_t state[8], const void *data, size_t block_count) {
  const uint8_t *block = data;
  uint32_t words[64];
  for (; block_count > 0; block_count--, block += 64) {
    for (int index = 0; index < 16; index++) {
      words[index] = load_big_endian(block + 4 * index);
    }
    for (int index = 16; index < 64; index++) {
      uint32_t early = words[index - 15];
      uint32_t late = words[index - 2];
      uint32_t sigma0 = rotate_right(early, 7) ^ rotate_right(early, 18) ^ (early >> 3);
      uint32_t sigma1 = rotate_right(late, 17) ^ rotate_right(late, 19) ^ (late >> 10);
      words[index] = words[index - 16] + sigma0 + words[index - 7] + sigma1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int index = 0; index < 64; index++) {
      uint32_t sum1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
      uint32_t choice = (e & f) ^ (~e & g);
      uint32_t temp1 = h + sum1 + choice + round_constants[index] + words[index];
      uint32_t sum0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
      uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
      h = g;
      g = f;
      f = e;
      e = d + temp1;
      d = c;
      c = b;
      b = a;
      a = temp1 + sum0 + majority;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

#ifdef LOCKSTEP_SHA256_X86

// MARK: - x86 SHA extensions

#define LOCKSTEP_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

// SHA256RNDS2 works on the state split in two: A, B, E, F in one register and C, D, G, H in the
// other (each listed from the highest lane down). Two rounds later the old A, B, E, F are the new
// C, D, G, H, so each pair of rounds computes one register and hands the other over.
LOCKSTEP_SHA_TARGET
static inline void four_rounds(__m128i *abef, __m128i *cdgh, __m128i words, int first) {
  __m128i scheduled = _mm_add_epi32(words, _mm_load_si128((const __m128i *)&round_constants[first]));
  __m128i next = _mm_sha256rnds2_epu32(*cdgh, *abef, scheduled);
  *cdgh = *abef;
  *abef = next;
  // The instruction reads the two low lanes; move the upper two down for the next pair.
  next = _mm_sha256rnds2_epu32(*cdgh, *abef, _mm_shuffle_epi32(scheduled, 0x0e));
  *cdgh = *abef;
  *abef = next;
}

// The next four message words W[t..t+3] from the sixteen before them, held four to a register
// (oldest first): W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16].
LOCKSTEP_SHA_TARGET
static inline __m128i next_words(__m128i w16, __m128i w12, __m128i w8, __m128i w4) {
  __m128i partial = _mm_sha256msg1_epu32(w16, w12);   // W[t-16] + σ0(W[t-15]), four lanes
  partial = _mm_add_epi32(partial, _mm_alignr_epi8(w4, w8, 4));   // + W[t-7]
  return _mm_sha256msg2_epu32(partial, w4);   // + σ1(W[t-2]), the last two from the first two
}

LOCKSTEP_SHA_TARGET
static void blocks_accelerated(uint32_t state[8], const void *data, size_t block_count) {
  // Byte order within each 32-bit lane reversed: message words are big-endian.
  const __m128i big_endian = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
  __m128i abef = _mm_set_epi32((int)state[0], (int)state[1], (int)state[4], (int)state[5]);
  __m128i cdgh = _mm_set_epi32((int)state[2], (int)state[3], (int)state[6], (int)state[7]);
  const __m128i *block = data;
  for (; block_count > 0; block_count--, block += 4) {
    __m128i saved_abef = abef;
    __m128i saved_cdgh = cdgh;
    __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128(block), big_endian);
    __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128(block + 1), big_endian);
    __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128(block + 2), big_endian);
    __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128(block + 3), big_endian);
    four_rounds(&abef, &cdgh, w0, 0);
    four_rounds(&abef, &cdgh, w1, 4);
    four_rounds(&abef, &cdgh, w2, 8);
    four_rounds(&abef, &cdgh, w3, 12);
    for (int round = 16; round < 64; round += 16) {
      w0 = next_words(w0, w1, w2, w3);
      four_rounds(&abef, &cdgh, w0, round);
      w1 = next_words(w1, w2, w3, w0);
      four_rounds(&abef, &cdgh, w1, round + 4);
      w2 = next_words(w2, w3, w0, w1);
      four_rounds(&abef, &cdgh, w2, round + 8);
      w3 = next_words(w3, w0, w1, w2);
      four_rounds(&abef, &cdgh, w3, round + 12);
    }
    abef = _mm_add_epi32(abef, saved_abef);
    cdgh = _mm_add_epi32(cdgh, saved_cdgh);
  }
  uint32_t lanes[4];
  _mm_storeu_si128((__m128i *)lanes, abef);
  state[0] = lanes[3];
  state[1] = lanes[2];
  state[4] = lanes[1];
  state[5] = lanes[0];
  _mm_storeu_si128((__m128i *)lanes, cdgh);
  state[2] = lanes[3];
  state[3] = lanes[2];
  state[6] = lanes[1];
  state[7] = lanes[0];
}

// cpuid leaf 1 ECX: SSSE3 is bit 9, SSE4.1 bit 19; leaf 7 (subleaf 0) EBX: SHA is bit 29.
static int cpu_has_sha_extensions(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  if (!(ecx & (1u << 9)) || !(ecx & (1u << 19))) return 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  return (ebx & (1u << 29)) != 0;
}

// -1 until the first call asks cpuid; racing first calls store the same answer.
static int accelerated = -1;

int lockstep_sha256_accelerated(void) {
  int answer = __atomic_load_n(&accelerated, __ATOMIC_RELAXED);
  if (answer < 0) {
    answer = cpu_has_sha_extensions();
    __atomic_store_n(&accelerated, answer, __ATOMIC_RELAXED);
  }
  return answer;
}

void lockstep_sha256_blocks(uint32_t state[8], const void *data, size_t block_count) {
  if (lockstep_sha256_accelerated()) {
    blocks_accelerated(state, data, block_count);
  } else {
    lockstep_sha256_blocks_portable(state, data, block_count);
  }
}

#else

int lockstep_sha256_accelerated(void) { return 0; }

void lockstep_sha256_blocks(uint32_t state[8], const void *data, size_t block_count) {
  lockstep_sha256_blocks_portable(state, data, block_count);
}

#endif

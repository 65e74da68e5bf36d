// UTF-8 validation: the Keiser–Lemire "lookup" algorithm with AVX2 when the CPU has it, a plain C
// loop otherwise. Only a yes or a no: when the answer is no, the Swift side walks the bytes again to
// find the offset of the first bad one.
//
// The vector path looks at each byte together with the three before it. Most errors show in a pair
// (the byte and its predecessor): three 16-entry tables, indexed by the high and low nibble of the
// first byte and the high nibble of the second, each give a set of error bits, and the pair is wrong
// when a bit is set in all three. What a pair cannot show is whether a continuation after a
// continuation is allowed; that depends on a three- or four-byte lead two or three bytes back, found
// with a saturating subtraction. A sequence still open at the end of the buffer is an error.

#include "CLockstepUTF8.h"

#include <string.h>

#if defined(__x86_64__)
#define LOCKSTEP_UTF8_X86 1
#include <immintrin.h>
#endif

// MARK: - Portable loop

int lockstep_utf8_valid_portable(const uint8_t *bytes, size_t count) {
  size_t index = 0;
  while (index < count) {
    // ASCII, eight bytes at a time.
    if (count - index >= 8) {
      uint64_t word;
      memcpy(&word, bytes + index, sizeof word);
      if ((word & 0x8080808080808080ull) == 0) {
        index += 8;
        continue;
      }
    }
    uint8_t lead = bytes[index];
    if (lead < 0x80) {
      index++;
      continue;
    }
    // Unicode Table 3-7: the first continuation byte's range depends on the lead byte (no overlong
    // forms, no surrogates, nothing above U+10FFFF); later ones are any continuation byte.
    size_t length;
    uint8_t low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3;
      low = 0xA0;
    } else if (lead == 0xED) {
      length = 3;
      high = 0x9F;
    } else if (lead >= 0xE1 && lead <= 0xEF) {
      length = 3;
    } else if (lead == 0xF0) {
      length = 4;
      low = 0x90;
    } else if (lead == 0xF4) {
      length = 4;
      high = 0x8F;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else {
      return 0;
    }
    if (count - index < length) return 0;
    uint8_t second = bytes[index + 1];
    if (second < low || second > high) return 0;
    for (size_t later = 2; later < length; later++) {
      if ((bytes[index + later] & 0xC0) != 0x80) return 0;
    }
    index += length;
  }
  return 1;
}

#ifdef LOCKSTEP_UTF8_X86

// MARK: - AVX2 lookup

#define LOCKSTEP_UTF8_TARGET __attribute__((target("avx2")))

// The error bits a pair of bytes (first, second) can carry. Bit 6 means two things that the first
// byte's high nibble (always 1111) cannot tell apart and the tables never need to.
enum {
  TOO_SHORT = 1 << 0,          // 11______ 0_______, 11______ 11______: a lead without continuation
  TOO_LONG = 1 << 1,           // 0_______ 10______: a continuation after ASCII
  OVERLONG_3 = 1 << 2,         // 11100000 100_____
  TOO_LARGE = 1 << 3,          // 11110100 1001____, 11110100 101_____, 11110101+ 1001____ ...
  SURROGATE = 1 << 4,          // 11101101 101_____
  OVERLONG_2 = 1 << 5,         // 1100000_ 10______
  TOO_LARGE_1000 = 1 << 6,     // 11110101+ 1000____
  OVERLONG_4 = 1 << 6,         // 11110000 1000____
  TWO_CONTINUATIONS = 1 << 7,  // 10______ 10______: right only as a third or fourth byte
  // The bits that hold whatever the first byte's low nibble is.
  ANY_LOW = TOO_SHORT | TOO_LONG | TWO_CONTINUATIONS,
};

// Indexed by the first byte's high nibble.
static const uint8_t first_high_errors[16] = {
  // 0_______: ASCII
  TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
  // 10______: a continuation
  TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS,
  // 1100____, 1101____: two-byte leads (C0 and C1 are overlong)
  TOO_SHORT | OVERLONG_2, TOO_SHORT,
  // 1110____: three-byte leads
  TOO_SHORT | OVERLONG_3 | SURROGATE,
  // 1111____: four-byte leads and the bytes that are never UTF-8
  TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
};

// Indexed by the first byte's low nibble.
static const uint8_t first_low_errors[16] = {
  // ____0000: C0, E0, F0
  ANY_LOW | OVERLONG_2 | OVERLONG_3 | OVERLONG_4,
  // ____0001: C1
  ANY_LOW | OVERLONG_2,
  // ____0010, ____0011
  ANY_LOW, ANY_LOW,
  // ____0100: F4
  ANY_LOW | TOO_LARGE,
  // ____0101 to ____1100: F5 to FC
  ANY_LOW | TOO_LARGE | TOO_LARGE_1000, ANY_LOW | TOO_LARGE | TOO_LARGE_1000,
  ANY_LOW | TOO_LARGE | TOO_LARGE_1000, ANY_LOW | TOO_LARGE | TOO_LARGE_1000,
  ANY_LOW | TOO_LARGE | TOO_LARGE_1000, ANY_LOW | TOO_LARGE | TOO_LARGE_1000,
  ANY_LOW | TOO_LARGE | TOO_LARGE_1000, ANY_LOW | TOO_LARGE | TOO_LARGE_1000,
  // ____1101: ED (and FD)
  ANY_LOW | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
  // ____1110, ____1111: FE, FF
  ANY_LOW | TOO_LARGE | TOO_LARGE_1000, ANY_LOW | TOO_LARGE | TOO_LARGE_1000,
};

// Indexed by the second byte's high nibble.
static const uint8_t second_high_errors[16] = {
  // 0_______: ASCII
  TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
  // 1000____
  TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
  // 1001____
  TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE,
  // 101_____
  TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
  TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
  // 11______: a lead
  TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
};

// The three tables, each in both 128-bit lanes (VPSHUFB looks up within a lane).
typedef struct {
  __m256i first_high;
  __m256i first_low;
  __m256i second_high;
} lookup_tables;

LOCKSTEP_UTF8_TARGET
static inline __m256i broadcast_table(const uint8_t table[16]) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)table));
}

// The error bits of 32 bytes `input`, the 32 before them being `previous`: zero when all is well.
LOCKSTEP_UTF8_TARGET
static inline __m256i chunk_errors(__m256i input, __m256i previous, const lookup_tables *tables) {
  // The input moved one, two, three bytes later, with the end of `previous` shifted in.
  // VPALIGNR works per lane: the lower lane takes its bytes from `previous`'s upper lane.
  __m256i joined = _mm256_permute2x128_si256(previous, input, 0x21);
  __m256i back1 = _mm256_alignr_epi8(input, joined, 15);
  __m256i back2 = _mm256_alignr_epi8(input, joined, 14);
  __m256i back3 = _mm256_alignr_epi8(input, joined, 13);

  const __m256i nibble = _mm256_set1_epi8(0x0F);
  __m256i first_high = _mm256_shuffle_epi8(
    tables->first_high, _mm256_and_si256(_mm256_srli_epi16(back1, 4), nibble));
  __m256i first_low = _mm256_shuffle_epi8(tables->first_low, _mm256_and_si256(back1, nibble));
  __m256i second_high = _mm256_shuffle_epi8(
    tables->second_high, _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble));
  __m256i pair_errors = _mm256_and_si256(_mm256_and_si256(first_high, first_low), second_high);

  // A continuation must follow a continuation exactly where a 111_____ lead is two bytes back or
  // a 1111____ lead three bytes back: the saturating subtraction leaves the high bit set only there.
  __m256i third_byte = _mm256_subs_epu8(back2, _mm256_set1_epi8(0xE0 - 0x80));
  __m256i fourth_byte = _mm256_subs_epu8(back3, _mm256_set1_epi8(0xF0 - 0x80));
  __m256i must_continue =
    _mm256_and_si256(_mm256_or_si256(third_byte, fourth_byte), _mm256_set1_epi8((char)0x80));
  // TWO_CONTINUATIONS (bit 7) where it is required is not an error; missing where required is.
  return _mm256_xor_si256(must_continue, pair_errors);
}

// The state carried from one 64-byte block to the next.
typedef struct {
  __m256i previous;  // the last 32 bytes seen
  __m256i pending;   // nonzero when they end in an unfinished sequence
  __m256i errors;    // nonzero once anything was wrong
} validation_state;

LOCKSTEP_UTF8_TARGET
static inline void check_block(
  const uint8_t *block, validation_state *state, const lookup_tables *tables, __m256i open_limits) {
  __m256i low = _mm256_loadu_si256((const __m256i *)block);
  __m256i high = _mm256_loadu_si256((const __m256i *)(block + 32));
  if (_mm256_movemask_epi8(_mm256_or_si256(low, high)) == 0) {
    // All ASCII: right unless the block before left a sequence open.
    state->errors = _mm256_or_si256(state->errors, state->pending);
  } else {
    __m256i errors = _mm256_or_si256(
      chunk_errors(low, state->previous, tables), chunk_errors(high, low, tables));
    state->errors = _mm256_or_si256(state->errors, errors);
    // An open sequence at the end: a lead in the last byte, a three- or four-byte lead in the one
    // before, a four-byte lead in the one before that.
    state->pending = _mm256_subs_epu8(high, open_limits);
  }
  state->previous = high;
}

LOCKSTEP_UTF8_TARGET
static int valid_avx2(const uint8_t *bytes, size_t count) {
  const lookup_tables tables = {
    broadcast_table(first_high_errors), broadcast_table(first_low_errors),
    broadcast_table(second_high_errors)};
  // The largest byte that leaves nothing open, for each of the last 32 positions of a block.
  const __m256i open_limits = _mm256_setr_epi8(
    (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF,
    (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF,
    (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF,
    (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)0xFF, (char)(0xF0 - 1), (char)(0xE0 - 1),
    (char)(0xC0 - 1));
  validation_state state = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};

  size_t index = 0;
  for (; count - index >= 64; index += 64) {
    check_block(bytes + index, &state, &tables, open_limits);
    if (!_mm256_testz_si256(state.errors, state.errors)) return 0;
  }
  if (index < count) {
    // The tail in a zero-padded block: NUL is ASCII, so a sequence cut off by the end shows as
    // a lead without its continuation.
    uint8_t tail[64] = {0};
    memcpy(tail, bytes + index, count - index);
    check_block(tail, &state, &tables, open_limits);
  }
  __m256i errors = _mm256_or_si256(state.errors, state.pending);
  return _mm256_testz_si256(errors, errors);
}

// MARK: - Dispatch

int lockstep_utf8_accelerated(void) { return __builtin_cpu_supports("avx2") ? 1 : 0; }

int lockstep_utf8_valid(const uint8_t *bytes, size_t count) {
  if (lockstep_utf8_accelerated()) return valid_avx2(bytes, count);
  return lockstep_utf8_valid_portable(bytes, count);
}

#else

int lockstep_utf8_accelerated(void) { return 0; }

int lockstep_utf8_valid(const uint8_t *bytes, size_t count) {
  return lockstep_utf8_valid_portable(bytes, count);
}

#endif

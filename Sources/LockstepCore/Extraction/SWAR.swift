/// Byte tests on eight bytes at a time in a `UInt64` (SIMD within a register), for the byte
/// scans of `MainRegionScanner` and `AttributeThinning`.
enum SWAR {
  /// `byte` in every lane.
  @inline(__always)
  static func broadcast(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

  /// High bit set in each lane of `word` that is zero. Lanes above a zero lane may be set too
  /// (the borrow), so only the lowest set lane is exact, and that is the one used.
  @inline(__always)
  static func zeroBytes(_ word: UInt64) -> UInt64 {
    (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
  }

  /// High bit set in exactly the lanes of `word` that equal `byte` (no borrow between lanes, so
  /// every set lane is exact: for counting or visiting each match).
  @inline(__always)
  static func matchingBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let difference = word ^ broadcast(byte)
    return ~(((difference & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | difference)
      & 0x8080_8080_8080_8080
  }
}

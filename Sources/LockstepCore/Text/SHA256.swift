import CLockstepSHA256

/// SHA-256 (FIPS 180-4), for content hashes and fingerprints. Foundation on Linux has no CryptoKit,
/// and one hash does not justify a dependency. The compression function is the C target's (the x86
/// SHA extensions where the CPU has them); padding and the digest are done here, on the stack.
public struct SHA256: Sendable {
  /// The eight state words, inline.
  typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

  /// The initial state: the first 32 bits of the fractional parts of the square roots of the first
  /// eight primes.
  static var initialWords: Words {
    (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
  }

  /// Sixty-four bytes, inline.
  private typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

  private var words: Words = Self.initialWords
  // The partial block; its first `length % 64` bytes are in use.
  private var block: Block = (0, 0, 0, 0, 0, 0, 0, 0)
  private var length: UInt64 = 0
  private let portable: Bool

  /// A fresh hash.
  public init() { portable = false }

  /// A fresh hash that always uses the portable C rounds, so tests cover them on any CPU.
  init(portable: Bool) { self.portable = portable }

  /// Whether the compression runs on the x86 SHA extensions on this CPU (the portable rounds if not).
  static var accelerated: Bool { lockstep_sha256_accelerated() != 0 }

  /// Feeds `bytes` into the hash.
  public mutating func update(_ bytes: some Sequence<UInt8>) {
    let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      update(raw: UnsafeRawBufferPointer(buffer))
    }
    if handled == nil {
      let copy = Array(bytes)
      copy.withUnsafeBytes { update(raw: $0) }
    }
  }

  /// Feeds raw bytes: whole 64-byte blocks are compressed straight from the buffer.
  public mutating func update(raw: UnsafeRawBufferPointer) {
    guard var source = raw.baseAddress, !raw.isEmpty else { return }
    var remaining = raw.count
    let buffered = Int(length & 63)
    length &+= UInt64(remaining)
    if buffered > 0 {
      let take = min(64 - buffered, remaining)
      withUnsafeMutableBytes(of: &block) {
        ($0.baseAddress! + buffered).copyMemory(from: source, byteCount: take)
      }
      source += take
      remaining -= take
      guard buffered + take == 64 else { return }
      withUnsafeBytes(of: &block) { Self.compress(&words, $0.baseAddress!, blocks: 1, portable: portable) }
    }
    let whole = remaining / 64
    if whole > 0 {
      Self.compress(&words, source, blocks: whole, portable: portable)
      source += whole * 64
      remaining -= whole * 64
    }
    if remaining > 0 {
      withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: source, byteCount: remaining) }
    }
  }

  /// Feeds the UTF-8 bytes of `string` into the hash.
  public mutating func update(_ string: String) { update(string.utf8) }

  /// The 32-byte digest; the hash is spent afterwards.
  public mutating func finalize() -> [UInt8] {
    let final = finalWords()
    return [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
      withUnsafeBytes(of: final) { state in
        for index in 0..<8 {
          let word = state.load(fromByteOffset: index * 4, as: UInt32.self)
          UnsafeMutableRawPointer(digest.baseAddress! + index * 4).storeBytes(
            of: word.bigEndian, as: UInt32.self)
        }
      }
      count = 32
    }
  }

  /// The lower-case hex digest of `bytes`.
  public static func hex(_ bytes: some Sequence<UInt8>) -> String {
    if let digest = bytes.withContiguousStorageIfAvailable({ hex(raw: UnsafeRawBufferPointer($0)) }) {
      return digest
    }
    return Array(bytes).withUnsafeBytes { hex(raw: $0) }
  }

  /// The lower-case hex digest of the UTF-8 bytes of `string`.
  public static func hex(_ string: String) -> String {
    var string = string
    return string.withUTF8 { hex(raw: UnsafeRawBufferPointer($0)) }
  }

  /// The first `digits` lower-case hex digits of the digest of `raw` (64 for all of it), hashed in
  /// one shot: no buffer, no digest array.
  static func hex(raw: UnsafeRawBufferPointer, digits: Int = 64, portable: Bool = false) -> String {
    precondition((0...64).contains(digits), "a SHA-256 digest has 64 hex digits")
    var words = initialWords
    let whole = raw.count / 64
    if whole > 0 { compress(&words, raw.baseAddress!, blocks: whole, portable: portable) }
    pad(
      &words, tail: UnsafeRawBufferPointer(rebasing: raw[(whole * 64)...]), length: raw.count,
      portable: portable)
    return hexDigits(of: words, count: digits)
  }

  /// The state after the padding; the hash is spent afterwards.
  private mutating func finalWords() -> Words {
    let buffered = Int(length & 63)
    withUnsafeBytes(of: &block) { block in
      Self.pad(
        &words, tail: UnsafeRawBufferPointer(rebasing: block[..<buffered]), length: Int(length),
        portable: portable)
    }
    return words
  }

  /// Compresses the last `tail` bytes (under 64) of a `length`-byte message with the padding: 0x80,
  /// zeros, and the bit length, big-endian, in the last eight bytes of one or two blocks.
  private static func pad(_ words: inout Words, tail: UnsafeRawBufferPointer, length: Int, portable: Bool) {
    withUnsafeTemporaryAllocation(byteCount: 128, alignment: 16) { padded in
      let blocks = tail.count < 56 ? 1 : 2
      let used = UnsafeMutableRawBufferPointer(rebasing: padded[..<(blocks * 64)])
      used.initializeMemory(as: UInt8.self, repeating: 0)
      used.copyMemory(from: tail)
      used[tail.count] = 0x80
      used.storeBytes(of: (UInt64(length) &* 8).bigEndian, toByteOffset: blocks * 64 - 8, as: UInt64.self)
      compress(&words, used.baseAddress!, blocks: blocks, portable: portable)
    }
  }

  /// Runs the compression function over `blocks` 64-byte blocks at `data`.
  @inline(__always)
  private static func compress(_ words: inout Words, _ data: UnsafeRawPointer, blocks: Int, portable: Bool) {
    withUnsafeMutablePointer(to: &words) { tuple in
      tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { state in
        if portable {
          lockstep_sha256_blocks_portable(state, data, blocks)
        } else {
          lockstep_sha256_blocks(state, data, blocks)
        }
      }
    }
  }

  /// The first `count` lower-case hex digits of the big-endian bytes of `words`.
  private static func hexDigits(of words: Words, count: Int) -> String {
    String(unsafeUninitializedCapacity: count) { out in
      withUnsafeBytes(of: words) { state in
        for index in 0..<count {
          let word = state.load(fromByteOffset: (index / 8) * 4, as: UInt32.self)
          out[index] = hexDigit(UInt8(truncatingIfNeeded: word &>> UInt32(28 - 4 * (index % 8))) & 0x0f)
        }
      }
      return count
    }
  }
}

/// Lower-case hex of `bytes`.
func hexString(_ bytes: [UInt8]) -> String {
  String(unsafeUninitializedCapacity: bytes.count * 2) { out in
    for (index, byte) in bytes.enumerated() {
      out[2 * index] = hexDigit(byte >> 4)
      out[2 * index + 1] = hexDigit(byte & 0x0f)
    }
    return bytes.count * 2
  }
}

/// The ASCII lower-case hex digit of `nibble` (0...15).
@inline(__always)
private func hexDigit(_ nibble: UInt8) -> UInt8 {
  nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &- 10 &+ nibble
}
